//! Counterexamples for failing samples: run each sample on a problem's structured inputs (the
//! fuzzed suite), take the smallest input it fails, and shrink it ([`super::shrink`]) to a
//! minimal, readable counterexample. Used by `evaluate` (failing samples) and `shrink`.

use super::contract;
use super::shrink::{self, Counterexample};
use crate::evaluate::sample_program;
use crate::evaluate::samples::Sample;
use crate::exec::CaseStatus;
use crate::exec::{ExecError, Job, Pool};
use crate::model::{CaseOrigin, Compare, Problem, TestCase, Type, Value};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct CounterexampleOptions {
    /// Shrinking steps per failure.
    pub max_steps: usize,
    /// Per-input time limit, seconds.
    pub case_timeout: f64,
}

impl Default for CounterexampleOptions {
    fn default() -> Self {
        CounterexampleOptions {
            max_steps: 100,
            case_timeout: 1.0,
        }
    }
}

/// A sample that fails some structured input, with its shrunk counterexample.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub task_id: String,
    pub sample_index: usize,
    /// Structured inputs of the problem the sample fails.
    pub failing_inputs: usize,
    /// `entry(args) == expected, got actual`.
    pub counterexample: String,
    #[serde(flatten)]
    pub shrunk: Counterexample,
}

/// Whether a problem has inputs generated beyond the original tests (EvalPlus `plus_input`,
/// benchsmith fuzz cases): the ones worth shrinking.
pub fn has_fuzzed_inputs(p: &Problem) -> bool {
    p.tests
        .cases
        .iter()
        .any(|c| matches!(c.origin, CaseOrigin::Plus | CaseOrigin::Fuzz))
}

fn inputs_job(program: String, p: &Problem, cases: &[Vec<Value>], case_timeout: f64) -> Job {
    Job::cases(
        &program,
        &p.tests.setup,
        &p.entry_point,
        cases,
        case_timeout,
    )
}

/// The shrinking task of a sample, or `None` when it passes every input whose expected output
/// the reference gives. Returns the task and the number of failing inputs.
fn task_for(
    p: &Problem,
    s: &Sample,
    inputs: &[Vec<Value>],
    reference: &[crate::exec::CaseOutput],
    sample: &[crate::exec::CaseOutput],
    opts: &CounterexampleOptions,
) -> Option<(shrink::Task, usize)> {
    let atol = p.tests.atol.unwrap_or(0.0);
    let mut failing = vec![];
    for (i, args) in inputs.iter().enumerate() {
        let Some(exp) = reference
            .get(i)
            .filter(|o| o.status == CaseStatus::Ok)
            .and_then(|o| o.value.clone())
        else {
            continue;
        };
        let case = TestCase {
            args: vec![],
            kwargs: vec![],
            compare: Compare::evalplus(&exp, atol),
            expected: Some(exp),
            origin: CaseOrigin::Fuzz,
            line: None,
        };
        // Inputs skipped after the sample's timeouts tell nothing.
        let ok = sample.get(i).is_some_and(|o| {
            o.status == CaseStatus::Skipped
                || (o.status == CaseStatus::Ok && o.value.as_ref().is_some_and(|v| case.accepts(v)))
        });
        if !ok {
            failing.push(args.clone());
        }
    }
    let n = failing.len();
    let start = failing.into_iter().min_by(|x, y| {
        shrink::weight(x)
            .partial_cmp(&shrink::weight(y))
            .unwrap_or(std::cmp::Ordering::Equal)
    })?;
    let types: Vec<Type> = (0..start.len())
        .map(|j| {
            inputs
                .iter()
                .filter_map(|a| a.get(j))
                .map(Type::of)
                .reduce(|x, y| x.unify(&y))
                .unwrap_or(Type::Any)
        })
        .collect();
    let names: Vec<String> = (0..start.len()).map(|j| format!("arg{j}")).collect();
    // The contract shrinking respects comes from the original inputs when there are any.
    let observed: Vec<Vec<Value>> = p
        .tests
        .cases
        .iter()
        .filter(|c| {
            matches!(
                c.origin,
                CaseOrigin::Base | CaseOrigin::Probe | CaseOrigin::Test
            )
        })
        .map(|c| c.args.clone())
        .collect();
    let mut con = contract::infer(
        &names,
        if observed.is_empty() {
            inputs
        } else {
            &observed
        },
    );
    for (_, c) in con.params.iter_mut() {
        c.sorted = false; // keep shrinking free of fragile inferred orderings
        c.unique = false;
    }
    let exp = reference
        .iter()
        .find_map(|o| o.value.clone())
        .unwrap_or(Value::None);
    let task = shrink::Task {
        reference: p.reference_program(),
        candidate: sample_program(p, s),
        setup: p.tests.setup.clone(),
        entry: p.entry_point.clone(),
        args: start,
        types,
        contract: con,
        compare: Compare::evalplus(&exp, atol),
        case_timeout: opts.case_timeout,
    };
    Some((task, n))
}

/// Counterexamples of `samples` on the structured inputs of their problems (problems without
/// structured inputs are skipped), in sample order. A sample that passes every input, or whose
/// failure does not reproduce when rerun on its own, gets none.
pub fn counterexamples(
    pool: &Pool,
    problems: &HashMap<String, Problem>,
    samples: &[&Sample],
    opts: &CounterexampleOptions,
) -> Result<Vec<Failure>, ExecError> {
    let mut ids: Vec<&str> = samples
        .iter()
        .map(|s| s.task_id.as_str())
        .filter(|t| problems.get(*t).is_some_and(|p| !p.tests.cases.is_empty()))
        .collect();
    ids.sort();
    ids.dedup();
    let idx: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let inputs: Vec<Vec<Vec<Value>>> = ids
        .iter()
        .map(|t| {
            problems[*t]
                .tests
                .cases
                .iter()
                .map(|c| c.args.clone())
                .collect()
        })
        .collect();
    // Expected outputs from the reference (EvalPlus files carry inputs only).
    let ref_jobs: Vec<Job> = ids
        .iter()
        .zip(&inputs)
        .map(|(t, cs)| {
            let p = &problems[*t];
            inputs_job(p.reference_program(), p, cs, opts.case_timeout)
        })
        .collect();
    let refs = pool.run(&ref_jobs, |_, _| {})?;
    let runnable: Vec<&Sample> = samples
        .iter()
        .copied()
        .filter(|s| idx.contains_key(s.task_id.as_str()))
        .collect();
    let sample_jobs: Vec<Job> = runnable
        .iter()
        .map(|s| {
            let p = &problems[&s.task_id];
            let pi = idx[s.task_id.as_str()];
            inputs_job(sample_program(p, s), p, &inputs[pi], opts.case_timeout)
        })
        .collect();
    let outs = pool.run(&sample_jobs, |_, _| {})?;
    let mut tasks = vec![];
    let mut meta = vec![];
    for (s, r) in runnable.iter().zip(&outs) {
        let pi = idx[s.task_id.as_str()];
        let Some(ro) = refs[pi].outputs.as_deref() else {
            continue;
        };
        let so = r.outputs.as_deref().unwrap_or(&[]);
        if let Some((task, n)) = task_for(&problems[&s.task_id], s, &inputs[pi], ro, so, opts) {
            tasks.push(task);
            meta.push((s, n));
        }
    }
    let shrunk = shrink::shrink_all(pool, &tasks, opts.max_steps)?;
    Ok(meta
        .into_iter()
        .zip(shrunk)
        .filter_map(|((s, n), c)| {
            let c = c?;
            Some(Failure {
                task_id: s.task_id.clone(),
                sample_index: s.index,
                failing_inputs: n,
                counterexample: c.render(&problems[&s.task_id].entry_point),
                shrunk: c,
            })
        })
        .collect())
}
