//! Recorded outputs that depend on Python's own arithmetic. The reference solution runs again
//! with a language's integer division, modulo and rounding, and its integer range
//! (`arithmetic.py`: the program's `//`, `%`, `round` and, with a range, `+ - * ** <<` are
//! rewritten into calls that compute what that language computes); an input on which it
//! returns another output (or raises, as on an overflow) is one a faithful translation of the
//! reference fails. One run per way a language differs (division and modulo, rounding,
//! integer range: reasons [`Reason::PythonDivision`], [`Reason::PythonRounding`],
//! [`Reason::IntOverflow`]); languages that differ alike share it.

use super::spec::{Arithmetic, Spec};
use super::Reason;
use crate::exec::{CaseStatus, ExecError, Expect, Job, Pool};
use crate::model::{Problem, Value};
use std::collections::{BTreeMap, BTreeSet};

const HARNESS: &str = include_str!("arithmetic.py");

/// CPU seconds per recorded input of the rewritten reference (it is a few times slower).
const CASE_TIMEOUT: f64 = 2.0;

/// A target's arithmetic as far as the rewritten reference is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub arithmetic: Arithmetic,
    pub max_int: Option<u64>,
}

impl Key {
    /// The runs that tell `spec`'s arithmetic from Python's, one per way it differs (its
    /// division, its rounding, its integer range), each with the reason of the inputs it finds.
    pub fn parts(spec: &Spec) -> Vec<(Reason, Key)> {
        let python = Arithmetic::default();
        let a = spec.arithmetic;
        let mut parts = vec![];
        if (a.int_div, a.modulo) != (python.int_div, python.modulo) {
            let arithmetic = Arithmetic {
                round: python.round,
                ..a
            };
            parts.push((
                Reason::PythonDivision,
                Key {
                    arithmetic,
                    max_int: None,
                },
            ));
        }
        if a.round != python.round {
            let arithmetic = Arithmetic {
                round: a.round,
                ..python
            };
            parts.push((
                Reason::PythonRounding,
                Key {
                    arithmetic,
                    max_int: None,
                },
            ));
        }
        if let Some(max) = spec.max_int {
            parts.push((
                Reason::IntOverflow,
                Key {
                    arithmetic: python,
                    max_int: Some(max),
                },
            ));
        }
        parts
    }

    fn config(&self) -> String {
        let a = serde_json::to_value(self.arithmetic).unwrap_or_default();
        let max = self.max_int.map_or("None".to_string(), |m| m.to_string());
        format!(
            "{{\"int_div\": {}, \"modulo\": {}, \"round\": {}, \"max_int\": {max}}}",
            a["int_div"], a["modulo"], a["round"]
        )
    }
}

/// A problem and its recorded cases (positional arguments, output).
pub type Cases<'a> = (&'a Problem, Vec<(Vec<Value>, Value)>);

/// The inputs (by [`input_key`]) of one problem whose recorded output depends on Python's
/// arithmetic.
pub type Inputs = BTreeSet<String>;

/// The identity of an argument list.
pub fn input_key(args: &[Value]) -> String {
    serde_json::to_string(args).unwrap_or_default()
}

/// The program that defines the reference with `key`'s arithmetic.
pub fn program(key: &Key, source: &str) -> String {
    let src = serde_json::to_string(source).unwrap_or_default();
    format!("{HARNESS}\n_bs_run({}, {src})\n", key.config())
}

/// Run the references of `problems` on their recorded cases with `key`'s arithmetic; returns,
/// per task id, the inputs whose output changed or that raised.
pub fn find(
    pool: &Pool,
    key: &Key,
    problems: &[Cases],
) -> Result<BTreeMap<String, Inputs>, ExecError> {
    let jobs: Vec<Job> = problems
        .iter()
        .map(|(p, cases)| {
            let inputs: Vec<Vec<Value>> = cases.iter().map(|(a, _)| a.clone()).collect();
            let mut job = Job::cases(
                &program(key, &p.reference_program()),
                &p.tests.setup,
                &p.entry_point,
                &inputs,
                CASE_TIMEOUT,
            );
            job.expect = cases
                .iter()
                .enumerate()
                .map(|(index, (_, want))| Expect {
                    index,
                    value: want.clone(),
                })
                .collect();
            job
        })
        .collect();
    let results = pool.run_batched(&jobs, 8, |_, _| {})?;
    let mut out = BTreeMap::new();
    for ((p, cases), r) in problems.iter().zip(results) {
        let outputs = r.outputs.unwrap_or_default();
        let changed: Inputs = cases
            .iter()
            .zip(&outputs)
            .filter(|(_, o)| match o.status {
                CaseStatus::Ok => o.differs,
                CaseStatus::Raised => true,
                // Not known (the rewritten reference ran out of time): kept.
                CaseStatus::Timeout | CaseStatus::Skipped | CaseStatus::Broken => false,
            })
            .map(|((args, _), _)| input_key(args))
            .collect();
        if !changed.is_empty() {
            out.insert(p.task_id.clone(), changed);
        }
    }
    Ok(out)
}
