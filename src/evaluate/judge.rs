//! Judging a sample on a problem's structured cases as EvalPlus does, whatever format carried
//! them (EvalPlus `base_input`/`plus_input`, native records, fuzzed suites): expected outputs
//! come from the case or, when it has none, from running the reference once (the ground
//! truth); a sample gets a base verdict (the base inputs, or the original test code when there
//! are none) and a plus verdict (the plus inputs), each input under its own time limit
//! calibrated from the reference, outputs compared exactly, or with EvalPlus's tolerance
//! (`atol`, at least 1e-6 for floats, `rtol` 1e-7) when the expected output holds floats.

use super::truth::{CaseTruth, Truth};
use crate::exec::CaseStatus;
use crate::exec::Status;
use crate::exec::{CaseInput, CaseOutput, Expect, ExpectDigest, Job, JobResult};
use crate::model::{CaseOrigin, Compare, Problem, TestCase, Value};
use std::collections::HashMap;

/// Lowest time limit of one input, CPU seconds (EvalPlus 0.3.1: 1 s of wall-clock time).
pub const CASE_FLOOR: f64 = 1.0;
/// Time limit of one input = max(floor, this x the reference's time on it) (EvalPlus: 4).
pub const CASE_FACTOR: f64 = 4.0;

/// How case `c` of `p` compares a result with `expected` (EvalPlus's rule, or the case's own
/// comparison when it carries its output).
fn compare(p: &Problem, c: &TestCase, expected: &Value) -> Compare {
    if c.expected.is_some() {
        c.compare
    } else {
        Compare::evalplus(expected, p.tests.atol.unwrap_or(0.0))
    }
}

/// Whether a sample of `p` runs the original test code: EvalPlus judges base inputs instead,
/// when a problem has them.
pub fn runs_test_code(p: &Problem) -> bool {
    !p.tests.cases.iter().any(|c| c.origin == CaseOrigin::Base)
}

/// The job that judges `program` on `p`: its structured cases (valid ones) and, when the
/// problem has no base inputs, its original test code. Fail-fast, as EvalPlus: the first
/// input that fails or times out ends the job.
pub fn sample_job(
    p: &Problem,
    program: String,
    truths: &[CaseTruth],
    test_limit: f64,
    mem_mb: u64,
) -> Job {
    let mut job = Job::new(program);
    job.setup = p.tests.setup.clone();
    job.style = p.tests.style;
    job.entry = Some(p.entry_point.clone());
    job.mem_mb = mem_mb;
    if runs_test_code(p) {
        job.test = p.tests.code.clone();
    }
    let mut inputs = vec![];
    let mut slowest: f64 = 0.0;
    let mut total = 0.0;
    for (c, t) in p.tests.cases.iter().zip(truths) {
        let index = inputs.len();
        match &t.truth {
            Truth::Invalid(_) => continue,
            Truth::Digest(d) => job.expect_digest.push(ExpectDigest {
                index,
                digest: d.clone(),
            }),
            Truth::Value(v) => {
                // Oracle tasks and opaque outputs are judged in Rust, on the value.
                let in_worker = oracle_for(&p.task_id).is_none() && !has_opaque(v);
                if in_worker && compare(p, c, v) == Compare::Exact {
                    job.expect.push(Expect {
                        index,
                        value: v.clone(),
                    });
                }
            }
        }
        inputs.push(CaseInput {
            args: c.args.clone(),
            kwargs: c.kwargs.clone(),
        });
        slowest = slowest.max(t.time);
        total += t.time;
    }
    let case_limit = (CASE_FACTOR * slowest).max(CASE_FLOOR);
    job.case_timeout = Some(case_limit);
    job.timeout =
        if job.test.is_empty() { 0.0 } else { test_limit } + CASE_FACTOR * total + case_limit + 1.0;
    job.stop_after_kills = 1;
    job.stop_after_timeouts = 1;
    job.cases = Some(inputs);
    job
}

/// A sample's verdicts on a problem judged on cases.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub base: bool,
    /// `None` when the problem has no plus inputs.
    pub plus: Option<bool>,
    /// Why it failed (the first failing input or the test code's error).
    pub detail: String,
}

/// Read the verdicts of a [`sample_job`] result.
pub fn verdict(p: &Problem, truths: &[CaseTruth], r: &JobResult) -> Verdict {
    let outputs = r.outputs.as_deref().unwrap_or(&[]);
    let test_ok = r.status == Status::Passed;
    let mut detail = if test_ok {
        String::new()
    } else {
        r.detail.clone()
    };
    let (mut base, mut plus, mut any_plus) = (test_ok, true, false);
    let mut k = 0;
    for (i, (c, t)) in p.tests.cases.iter().zip(truths).enumerate() {
        if matches!(t.truth, Truth::Invalid(_)) {
            continue;
        }
        let o = outputs.get(k);
        k += 1;
        let ok = o.is_some_and(|o| case_ok(p, c, &t.truth, o));
        let is_plus = is_plus(c);
        any_plus |= is_plus;
        if !ok {
            if detail.is_empty() {
                detail = describe_failure(i, c, &t.truth, o);
            }
            if is_plus {
                plus = false;
            } else {
                base = false;
            }
        }
    }
    Verdict {
        base,
        plus: any_plus.then_some(plus),
        detail,
    }
}

/// Plus inputs (EvalPlus `plus_input`, fuzzed) judge the plus verdict; the others the base one.
fn is_plus(c: &TestCase) -> bool {
    matches!(c.origin, CaseOrigin::Plus | CaseOrigin::Fuzz)
}

fn case_ok(p: &Problem, c: &TestCase, truth: &Truth, o: &CaseOutput) -> bool {
    if o.status != CaseStatus::Ok {
        return false;
    }
    if o.same {
        return true;
    }
    if o.differs {
        return false;
    }
    match (truth, &o.value) {
        (Truth::Value(expected), Some(actual)) if oracle_for(&p.task_id).is_some() => {
            let oracle = oracle_for(&p.task_id).expect("checked");
            oracle.accepts(&c.args, expected, actual, p.tests.atol.unwrap_or(0.0))
        }
        (Truth::Value(expected), Some(actual)) if has_opaque(expected) => {
            // An object the model cannot represent (a regex match): the same kind of object.
            actual.type_name() == expected.type_name()
        }
        (Truth::Value(expected), Some(actual)) => {
            let judged = TestCase {
                expected: Some(expected.clone()),
                compare: compare(p, c, expected),
                ..c.clone()
            };
            judged.accepts(actual)
        }
        _ => false,
    }
}

fn describe_failure(i: usize, c: &TestCase, truth: &Truth, o: Option<&CaseOutput>) -> String {
    let kind = if is_plus(c) { "plus" } else { "base" };
    let args: Vec<String> = c.args.iter().map(short).collect();
    let want = match truth {
        Truth::Value(v) => short(v),
        _ => "<large value>".into(),
    };
    let got = match o {
        None => "not run".to_string(),
        Some(o) if o.status == CaseStatus::Ok => match &o.value {
            Some(v) => short(v),
            None => "a different value".into(),
        },
        Some(o) => format!("{} {}", o.status, o.error.clone().unwrap_or_default()),
    };
    format!(
        "{kind} input {i}: f({}) expected {want}, got {got}",
        args.join(", ")
    )
}

fn short(v: &Value) -> String {
    let s = v.to_python();
    if s.chars().count() > 80 {
        let cut: String = s.chars().take(77).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// An EvalPlus special oracle (`datasets/evalplus/oracles.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Oracle {
    PolyRoot,
    SetEqual,
    NotNone,
    ExactOrZero,
    Always,
}

/// The special oracle of a task, if it has one.
pub fn oracle_for(task_id: &str) -> Option<Oracle> {
    static TABLE: std::sync::OnceLock<HashMap<String, Oracle>> = std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            serde_saphyr::from_str(include_str!("../../datasets/evalplus/oracles.yaml"))
                .expect("datasets/evalplus/oracles.yaml parses")
        })
        .get(task_id)
        .copied()
}

impl Oracle {
    /// Whether `actual` passes input `args` whose ground-truth output is `expected`.
    pub fn accepts(self, args: &[Value], expected: &Value, actual: &Value, atol: f64) -> bool {
        match self {
            Oracle::Always => true,
            Oracle::ExactOrZero => actual.py_eq(expected) || actual.py_eq(&Value::int(0)),
            Oracle::SetEqual => match (as_set(actual), as_set(expected)) {
                (Some(a), Some(e)) => a.py_eq(&e),
                _ => false,
            },
            Oracle::NotNone => {
                let want = match expected {
                    Value::Bool(b) => *b,
                    other => *other != Value::None,
                };
                match actual {
                    Value::Bool(b) => *b == want,
                    other => (*other != Value::None) == want,
                }
            }
            Oracle::PolyRoot => {
                // The reference's own root passes as it is; any other root within `atol`.
                if actual.py_eq(expected) {
                    return true;
                }
                let (Some(Value::List(xs)), Some(x)) = (args.first(), number(actual)) else {
                    return false;
                };
                let mut sum = 0.0;
                for (i, c) in xs.iter().enumerate() {
                    let Some(c) = number(c) else { return false };
                    // As EvalPlus's `_poly`: coeff * math.pow(x, i), summed in order.
                    sum += c * x.powf(i as f64);
                }
                sum.abs() <= atol
            }
        }
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => i.to_string().parse().ok(),
        Value::Float(f) => Some(*f),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// `set(v)` of a list, tuple or set (duplicates dropped), as Python's `set()` would take it.
fn as_set(v: &Value) -> Option<Value> {
    let (Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs)) = v else {
        return None;
    };
    let mut uniq: Vec<Value> = vec![];
    for x in xs {
        if !uniq.iter().any(|u| u.py_eq(x)) {
            uniq.push(x.clone());
        }
    }
    Some(Value::Set(uniq))
}

/// A value the worker cannot compare (an opaque object such as a regex match): it comes back
/// and is judged here.
fn has_opaque(v: &Value) -> bool {
    match v {
        Value::Opaque { .. } => true,
        Value::List(x) | Value::Tuple(x) | Value::Set(x) | Value::FrozenSet(x) => {
            x.iter().any(has_opaque)
        }
        Value::Dict(kv) => kv.iter().any(|(k, v)| has_opaque(k) || has_opaque(v)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_oracles() {
        assert_eq!(oracle_for("HumanEval/32"), Some(Oracle::PolyRoot));
        assert_eq!(oracle_for("HumanEval/33"), None);
        let xs = Value::List(vec![
            Value::int(-6),
            Value::int(11),
            Value::int(-6),
            Value::int(1),
        ]);
        // Roots 1, 2, 3: any of them passes, whatever the reference returned.
        let poly = Oracle::PolyRoot;
        assert!(poly.accepts(
            std::slice::from_ref(&xs),
            &Value::Float(1.0),
            &Value::Float(3.0),
            1e-4
        ));
        assert!(!poly.accepts(&[xs], &Value::Float(1.0), &Value::Float(1.5), 1e-4));
        let l = |v: &[i64]| Value::List(v.iter().map(|&i| Value::int(i)).collect());
        assert!(Oracle::SetEqual.accepts(&[], &l(&[1, 2]), &l(&[2, 1, 1]), 0.0));
        assert!(!Oracle::SetEqual.accepts(&[], &l(&[1, 2]), &l(&[2]), 0.0));
        let m = Value::Opaque {
            type_name: "Match".into(),
            repr: "<re.Match>".into(),
        };
        assert!(Oracle::NotNone.accepts(&[], &m, &Value::Bool(true), 0.0));
        assert!(Oracle::NotNone.accepts(&[], &Value::None, &Value::None, 0.0));
        assert!(!Oracle::NotNone.accepts(&[], &m, &Value::None, 0.0));
        assert!(Oracle::ExactOrZero.accepts(&[], &Value::int(5), &Value::int(0), 0.0));
    }
}
