//! `validate`: run every problem's reference solution against its tests (the original test
//! code and the structured cases, compared here in Rust) and report a verdict per task.

use crate::exec::CaseStatus;
use crate::exec::{ExecError, JobResult, Pool, Status};
use crate::ingest::{Dataset, Reason};
use crate::model::Problem;
use crate::probe::{self, Observation, RefOptions};
use serde::Serialize;
use std::collections::BTreeMap;

/// What happened to one problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Passed,
    Failed,
    Error,
    Timeout,
    /// The file gives no reference solution: nothing to run (never counted as failed).
    NoReference,
    /// A language benchsmith cannot run yet.
    NoRunner,
    /// The record could not be used (see its reason).
    Skipped,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Passed => "passed",
            TaskStatus::Failed => "failed",
            TaskStatus::Error => "error",
            TaskStatus::Timeout => "timeout",
            TaskStatus::NoReference => "no_reference",
            TaskStatus::NoRunner => "no_runner",
            TaskStatus::Skipped => "skipped",
        }
    }

    /// A run that did not pass.
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            TaskStatus::Failed | TaskStatus::Error | TaskStatus::Timeout
        )
    }

    fn from_exec(s: Status) -> TaskStatus {
        match s {
            Status::Passed => TaskStatus::Passed,
            Status::Failed => TaskStatus::Failed,
            Status::Timeout => TaskStatus::Timeout,
            _ => TaskStatus::Error,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskVerdict {
    pub task_id: String,
    pub status: TaskStatus,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// The reason code of a skipped record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    pub time: f64,
    /// Structured cases checked (outputs compared in Rust).
    pub cases: usize,
    pub observed_calls: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValidateReport {
    /// Problems whose reference solution ran.
    pub total: usize,
    pub passed: usize,
    pub failed: usize,
    /// Everything not run: `no_reference + no_runner + unusable`.
    pub skipped: usize,
    pub no_reference: usize,
    pub no_runner: usize,
    /// Records that could not be used, with file, line, field and reason.
    pub unusable: usize,
    /// Unusable records per reason code.
    pub reasons: BTreeMap<Reason, usize>,
    pub tasks: Vec<TaskVerdict>,
}

/// The verdict for one problem from its probe observation.
pub fn verdict(problem: &Problem, obs: &Observation) -> TaskVerdict {
    let mut status = TaskStatus::from_exec(obs.status);
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
            let ok =
                out.status == CaseStatus::Ok && out.value.as_ref().is_some_and(|v| case.accepts(v));
            if !ok {
                status = TaskStatus::Failed;
                let got = match (&out.value, &out.error) {
                    (Some(v), _) => v.to_python(),
                    (None, Some(e)) => format!("raised {e}"),
                    _ => out.status.to_string(),
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
            status = TaskStatus::Error;
            detail = "fewer case outputs than cases".into();
        }
    }
    TaskVerdict {
        task_id: problem.task_id.clone(),
        status,
        detail,
        reason: None,
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
    let runs = |p: &&Problem| p.language.is_python() && !p.canonical_solution.trim().is_empty();
    let mut runnable: Vec<Problem> = ds.problems.iter().filter(runs).cloned().collect();
    for p in &mut runnable {
        crate::inspect::structure_tests(p);
    }
    let observations = probe::probe(pool, &runnable, opts, progress)?;
    let mut tasks: Vec<TaskVerdict> = runnable
        .iter()
        .zip(&observations)
        .map(|(p, o)| verdict(p, o))
        .collect();
    let not_run = |task_id: &str, status, detail: String, reason| TaskVerdict {
        task_id: task_id.to_string(),
        status,
        detail,
        reason,
        time: 0.0,
        cases: 0,
        observed_calls: 0,
    };
    for p in ds.problems.iter().filter(|p| !runs(p)) {
        tasks.push(if !p.language.is_python() {
            not_run(
                &p.task_id,
                TaskStatus::NoRunner,
                format!("no runner for {} yet", p.language),
                None,
            )
        } else {
            not_run(
                &p.task_id,
                TaskStatus::NoReference,
                "the file gives no reference solution".into(),
                None,
            )
        });
    }
    let mut reasons = BTreeMap::new();
    for f in &ds.skipped {
        *reasons.entry(f.reason).or_insert(0) += 1;
        let id = f
            .task_id
            .clone()
            .unwrap_or_else(|| format!("line {}", f.line));
        tasks.push(not_run(
            &id,
            TaskStatus::Skipped,
            f.describe(&ds.source),
            Some(f.reason),
        ));
    }
    let count = |s: TaskStatus| tasks.iter().filter(|t| t.status == s).count();
    let passed = count(TaskStatus::Passed);
    let (no_reference, no_runner) = (count(TaskStatus::NoReference), count(TaskStatus::NoRunner));
    let unusable = ds.skipped.len();
    let skipped = no_reference + no_runner + unusable;
    let total = tasks.len() - skipped;
    Ok((
        ValidateReport {
            total,
            passed,
            failed: total - passed,
            skipped,
            no_reference,
            no_runner,
            unusable,
            reasons,
            tasks,
        },
        observations,
    ))
}
