//! A test suite given as a file (HumanEval+'s or MBPP+'s inputs, another tool's fuzzed set), in
//! the shape mutation analysis reads, so that it is scored on the same mutants as the original
//! tests and benchsmith's own fuzzed suite. Its expected outputs come from the reference of
//! the problem whose mutants are scored.

use crate::evaluate::truth::{self, CaseTruth, Truth};
use crate::exec::{ExecError, Pool};
use crate::fuzz::{FuzzCase, ProblemFuzz, Source};
use crate::model::{CaseOrigin, Problem, TestCase};
use std::collections::HashMap;

/// For each problem, its suite from `cases` (by task id): base inputs as observed cases, the
/// others as given ones, each with the reference's output. A problem with no entry in `cases`
/// gets an empty suite (it is not scored).
pub fn given_suites(
    pool: &Pool,
    problems: &[Problem],
    cases: &HashMap<String, Vec<TestCase>>,
    mem_mb: u64,
) -> Result<Vec<ProblemFuzz>, ExecError> {
    let with: Vec<Problem> = problems
        .iter()
        .filter_map(|p| {
            let given = cases.get(&p.task_id)?;
            let mut q = p.clone();
            q.tests.cases = given
                .iter()
                .map(|c| TestCase {
                    expected: None,
                    ..c.clone()
                })
                .collect();
            Some(q)
        })
        .collect();
    let refs: Vec<&Problem> = with.iter().collect();
    let truths = truth::ground_truth(pool, &refs, mem_mb, None, false)?;
    let by_id: HashMap<&str, &Problem> = with.iter().map(|p| (p.task_id.as_str(), p)).collect();
    Ok(problems
        .iter()
        .map(
            |p| match (by_id.get(p.task_id.as_str()), truths.get(&p.task_id)) {
                (Some(q), Some(t)) => suite_of(q, t),
                _ => ProblemFuzz {
                    task_id: p.task_id.clone(),
                    ..Default::default()
                },
            },
        )
        .collect())
}

fn suite_of(p: &Problem, truths: &[CaseTruth]) -> ProblemFuzz {
    let mut f = ProblemFuzz {
        task_id: p.task_id.clone(),
        atol: p.tests.atol.unwrap_or(0.0),
        ..Default::default()
    };
    for (c, t) in p.tests.cases.iter().zip(truths) {
        // Outputs known only by digest, or on which the reference fails, are not used.
        let Truth::Value(expected) = &t.truth else {
            continue;
        };
        let base = c.origin == CaseOrigin::Base;
        let case = FuzzCase {
            args: c.args.clone(),
            expected: expected.clone(),
            source: if base {
                Source::Observed
            } else {
                Source::Given
            },
            time: t.time,
            lines: vec![],
            extreme: false,
        };
        if base {
            f.base.push(case);
        } else {
            f.fuzzed.push(case);
        }
    }
    f.base_inputs = f.base.len();
    f.new_inputs = f.fuzzed.len();
    f
}

/// For each problem, a suite fuzzed for it (`budget` new inputs, deterministic under `seed`).
pub fn fuzzed_suites(
    pool: &Pool,
    problems: &[Problem],
    budget: usize,
    seed: u64,
) -> Result<Vec<ProblemFuzz>, crate::fuzz::FuzzError> {
    let opts = crate::fuzz::FuzzOptions {
        budget: budget.max(1),
        seed,
        ..Default::default()
    };
    let prepared = crate::fuzz::prepare(pool, problems, &opts, |_, _| {})?;
    crate::fuzz::fuzz(pool, problems, &prepared, &opts, |_, _| {})
}
