//! `validate`: run every problem's reference solution against its tests (the original test
//! code and the structured cases, compared here in Rust) and report a verdict per task.

use crate::exec::{ExecError, JobResult, Pool, Status};
use crate::ingest::Dataset;
use crate::model::Problem;
use crate::probe::{self, Observation, RefOptions};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct TaskVerdict {
    pub task_id: String,
    /// passed | failed | error | timeout | skipped
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
    pub time: f64,
    /// Structured cases checked (outputs compared in Rust).
    pub cases: usize,
    pub observed_calls: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValidateReport {
    pub total: usize,
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub tasks: Vec<TaskVerdict>,
}

/// The verdict for one problem from its probe observation.
pub fn verdict(problem: &Problem, obs: &Observation) -> TaskVerdict {
    let mut status = obs.status.as_str().to_string();
    let mut detail = obs.detail.clone();
    let mut checked = 0;
    if obs.status == Status::Passed {
        for (i, (case, out)) in problem
            .tests
            .cases
            .iter()
            .zip(&obs.case_outputs)
            .enumerate()
        {
            let Some(expected) = &case.expected else {
                continue;
            };
            checked += 1;
            let ok = out.status == "ok" && out.value.as_ref().is_some_and(|v| case.accepts(v));
            if !ok {
                status = "failed".into();
                let got = match (&out.value, &out.error) {
                    (Some(v), _) => v.to_python(),
                    (None, Some(e)) => format!("raised {e}"),
                    _ => out.status.clone(),
                };
                let line = case
                    .line
                    .map(|l| format!(" (test line {l})"))
                    .unwrap_or_default();
                detail = format!(
                    "structured case {i}{line}: expected {}, got {got}",
                    expected.to_python()
                );
                break;
            }
        }
        if problem.tests.cases.len() > obs.case_outputs.len() && checked > 0 {
            status = "error".into();
            detail = "fewer case outputs than cases".into();
        }
    }
    TaskVerdict {
        task_id: problem.task_id.clone(),
        status,
        detail,
        time: obs.time,
        cases: checked,
        observed_calls: obs.calls.len(),
    }
}

/// Validate a dataset; returns the report and the observations (for types and cases).
pub fn validate<F>(
    pool: &Pool,
    ds: &Dataset,
    opts: &RefOptions,
    progress: F,
) -> Result<(ValidateReport, Vec<Observation>), ExecError>
where
    F: Fn(usize, &JobResult) + Sync,
{
    let mut runnable: Vec<Problem> = ds
        .problems
        .iter()
        .filter(|p| p.language == "python")
        .cloned()
        .collect();
    for p in &mut runnable {
        crate::inspect::structure_tests(p);
    }
    let observations = probe::probe(pool, &runnable, opts, progress)?;
    let mut tasks: Vec<TaskVerdict> = runnable
        .iter()
        .zip(&observations)
        .map(|(p, o)| verdict(p, o))
        .collect();
    for p in ds.problems.iter().filter(|p| p.language != "python") {
        tasks.push(TaskVerdict {
            task_id: p.task_id.clone(),
            status: "skipped".into(),
            detail: format!("no runner for {} yet", p.language),
            time: 0.0,
            cases: 0,
            observed_calls: 0,
        });
    }
    for f in &ds.faults {
        tasks.push(TaskVerdict {
            task_id: f.task_id.clone(),
            status: "failed".into(),
            detail: format!("{}:{}: {}", ds.source, f.line, f.message),
            time: 0.0,
            cases: 0,
            observed_calls: 0,
        });
    }
    let passed = tasks.iter().filter(|t| t.status == "passed").count();
    let skipped = tasks.iter().filter(|t| t.status == "skipped").count();
    let total = tasks.len() - skipped;
    Ok((
        ValidateReport {
            total,
            passed,
            failed: total - passed,
            skipped,
            tasks,
        },
        observations,
    ))
}
