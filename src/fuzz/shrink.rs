//! Shrinking (proptest-style greedy simplification): starting from a failing input, try
//! simpler argument lists (empty and halved containers, removed chunks and elements, numbers
//! towards zero, shorter strings), keep the first one on which the sample still fails and the
//! reference is still valid, repeat until nothing simpler fails. Candidates of one step run
//! as one batch.

use super::contract::Contract;
use crate::exec::CaseStatus;
use crate::exec::{ExecError, Job, JobResult, Pool};
use crate::model::{Compare, TestCase, Type, Value};
use num_bigint::BigInt;
use num_bigint::Sign;
use serde::Serialize;

/// A size measure that strictly decreases along a shrink: (nodes, magnitude).
pub fn weight(args: &[Value]) -> (usize, f64) {
    fn mag(v: &Value) -> f64 {
        match v {
            Value::Int(i) => i
                .to_string()
                .trim_start_matches('-')
                .parse::<f64>()
                .unwrap_or(f64::MAX)
                .ln_1p(),
            Value::Float(f) => f.abs().ln_1p() + if f.fract() != 0.0 { 0.5 } else { 0.0 },
            Value::Bool(b) => *b as u8 as f64,
            Value::Str(s) => s.chars().filter(|c| *c != 'a').count() as f64 * 0.01,
            Value::List(x) | Value::Tuple(x) | Value::Set(x) | Value::FrozenSet(x) => {
                x.iter().map(mag).sum()
            }
            Value::Dict(kv) => kv.iter().map(|(k, v)| mag(k) + mag(v)).sum(),
            _ => 0.0,
        }
    }
    (
        args.iter().map(Value::size).sum(),
        args.iter().map(mag).sum(),
    )
}

fn rebuild(orig: &Value, xs: Vec<Value>) -> Value {
    match orig {
        Value::Tuple(_) => Value::Tuple(xs),
        Value::Set(_) => Value::Set(xs),
        Value::FrozenSet(_) => Value::FrozenSet(xs),
        _ => Value::List(xs),
    }
}

/// One-step simplifications of a value, most aggressive first.
pub fn simpler(v: &Value) -> Vec<Value> {
    let mut out = vec![];
    match v {
        Value::Bool(true) => out.push(Value::Bool(false)),
        Value::Int(i) if i.sign() != Sign::NoSign => {
            out.push(Value::int(0));
            if i.sign() == Sign::Minus {
                out.push(Value::Int(-i.clone()));
            }
            out.push(Value::Int(i / BigInt::from(2)));
            out.push(Value::Int(if i.sign() == Sign::Minus {
                i + 1
            } else {
                i - 1
            }));
        }
        Value::Float(f) if *f != 0.0 => {
            out.push(Value::Float(0.0));
            if f.fract() != 0.0 && f.is_finite() {
                out.push(Value::Float(f.trunc()));
            }
            if f.abs() > 1.0 {
                out.push(Value::Float((f / 2.0).trunc()));
            }
            if *f < 0.0 {
                out.push(Value::Float(-f));
            }
        }
        Value::Str(s) if !s.is_empty() => {
            let cs: Vec<char> = s.chars().collect();
            out.push(Value::str(""));
            for piece in chunks(cs.len()) {
                let mut t = cs.clone();
                t.drain(piece.0..piece.1);
                out.push(Value::Str(t.into_iter().collect()));
            }
            for (i, c) in cs.iter().enumerate().filter(|(_, c)| **c != 'a').take(8) {
                let mut t = cs.clone();
                t[i] = if c.is_ascii_digit() { '0' } else { 'a' };
                if t != cs {
                    out.push(Value::Str(t.into_iter().collect()));
                }
            }
        }
        Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs)
            if !xs.is_empty() =>
        {
            let fixed_tuple = matches!(v, Value::Tuple(_));
            if !fixed_tuple {
                out.push(rebuild(v, vec![]));
                for piece in chunks(xs.len()) {
                    let mut t = xs.clone();
                    t.drain(piece.0..piece.1);
                    out.push(rebuild(v, t));
                }
            }
            for (i, x) in xs.iter().enumerate().take(16) {
                for s in simpler(x).into_iter().take(2) {
                    let mut t = xs.clone();
                    t[i] = s;
                    out.push(rebuild(v, t));
                }
            }
        }
        Value::Dict(kv) if !kv.is_empty() => {
            out.push(Value::Dict(vec![]));
            for i in 0..kv.len().min(16) {
                let mut t = kv.clone();
                t.remove(i);
                out.push(Value::Dict(t));
            }
            for (i, (_, x)) in kv.iter().enumerate().take(8) {
                for s in simpler(x).into_iter().take(1) {
                    let mut t = kv.clone();
                    t[i].1 = s;
                    out.push(Value::Dict(t));
                }
            }
        }
        _ => {}
    }
    out
}

/// Ranges to delete: halves, quarters, ..., single elements (bounded).
fn chunks(n: usize) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut size = n / 2;
    while size >= 1 {
        let mut start = 0;
        while start + size <= n && out.len() < 48 {
            out.push((start, start + size));
            start += size;
        }
        if size == 1 {
            break;
        }
        size /= 2;
    }
    out
}

/// Simpler argument lists that keep the types and contract, strictly lighter than `args`.
pub fn simpler_args(args: &[Value], types: &[Type], contract: &Contract) -> Vec<Vec<Value>> {
    let w = weight(args);
    let mut out: Vec<Vec<Value>> = vec![];
    for (i, a) in args.iter().enumerate() {
        for s in simpler(a) {
            let mut t = args.to_vec();
            t[i] = s;
            let ok_type = types.get(i).is_none_or(|ty| ty.admits(&t[i]));
            let lighter = weight(&t).partial_cmp(&w) == Some(std::cmp::Ordering::Less);
            if ok_type && lighter && contract.violation(&t).is_none() && !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out.truncate(256);
    out
}

/// One input to shrink: a program that fails on `args`.
#[derive(Debug, Clone)]
pub struct Task {
    pub reference: String,
    pub candidate: String,
    pub setup: String,
    pub entry: String,
    pub args: Vec<Value>,
    pub types: Vec<Type>,
    pub contract: Contract,
    pub compare: Compare,
    pub case_timeout: f64,
}

/// A minimal counterexample.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Counterexample {
    pub args: Vec<Value>,
    pub expected: Value,
    /// What the candidate did: a value, an exception, or a timeout.
    pub actual: String,
    pub steps: usize,
    pub size_before: usize,
    pub size_after: usize,
}

impl Counterexample {
    /// `entry(a, b) == expected, got actual`.
    pub fn render(&self, entry: &str) -> String {
        let args: Vec<String> = self.args.iter().map(Value::to_python).collect();
        format!(
            "{entry}({}) should be {}, got {}",
            args.join(", "),
            self.expected.to_python(),
            self.actual
        )
    }
}

fn job(program: &str, t: &Task, inputs: &[Vec<Value>]) -> Job {
    Job::cases(program, &t.setup, &t.entry, inputs, t.case_timeout)
}

/// The first input (in order) on which the reference is valid and the candidate fails.
fn first_failure(
    t: &Task,
    inputs: &[Vec<Value>],
    r: &JobResult,
    c: &JobResult,
) -> Option<(usize, Value, String)> {
    let ro = r.outputs.as_deref()?;
    let co = c.outputs.as_deref().unwrap_or(&[]);
    for i in 0..inputs.len() {
        let Some(ref_out) = ro.get(i) else { break };
        let Some(expected) = ref_out
            .value
            .clone()
            .filter(|_| ref_out.status == CaseStatus::Ok)
        else {
            continue;
        };
        let case = TestCase {
            args: vec![],
            kwargs: vec![],
            expected: Some(expected.clone()),
            compare: t.compare,
            origin: Default::default(),
            line: None,
        };
        let actual = match co.get(i) {
            None => "no result (the program failed)".to_string(),
            Some(o) if o.status == CaseStatus::Ok => match &o.value {
                Some(v) if case.accepts(v) => continue,
                Some(v) => v.to_python(),
                None => "nothing".into(),
            },
            Some(o) if o.status == CaseStatus::Skipped => continue,
            Some(o) if o.status == CaseStatus::Timeout => "a timeout".into(),
            Some(o) => format!("an exception: {}", o.error.clone().unwrap_or_default()),
        };
        return Some((i, expected, actual));
    }
    None
}

/// Shrink every task; returns `None` for a task whose start input does not fail.
pub fn shrink_all(
    pool: &Pool,
    tasks: &[Task],
    max_steps: usize,
) -> Result<Vec<Option<Counterexample>>, ExecError> {
    let mut current: Vec<Option<Counterexample>> = vec![None; tasks.len()];
    // Step 0: confirm the failure.
    let mut jobs = vec![];
    for t in tasks {
        let inputs = vec![t.args.clone()];
        jobs.push(job(&t.reference, t, &inputs));
        jobs.push(job(&t.candidate, t, &inputs));
    }
    let rs = pool.run(&jobs, |_, _| {})?;
    let mut active = vec![];
    for (k, t) in tasks.iter().enumerate() {
        if let Some((_, expected, actual)) =
            first_failure(t, std::slice::from_ref(&t.args), &rs[2 * k], &rs[2 * k + 1])
        {
            let size: usize = t.args.iter().map(Value::size).sum();
            current[k] = Some(Counterexample {
                args: t.args.clone(),
                expected,
                actual,
                steps: 0,
                size_before: size,
                size_after: size,
            });
            active.push(k);
        }
    }
    for _ in 0..max_steps {
        if active.is_empty() {
            break;
        }
        let mut jobs = vec![];
        let mut cands = vec![];
        let mut stepping = vec![];
        for &k in &active {
            let t = &tasks[k];
            let cur = current[k].as_ref().expect("active");
            let c = simpler_args(&cur.args, &t.types, &t.contract);
            if c.is_empty() {
                continue;
            }
            jobs.push(job(&t.reference, t, &c));
            jobs.push(job(&t.candidate, t, &c));
            cands.push(c);
            stepping.push(k);
        }
        if jobs.is_empty() {
            break;
        }
        let rs = pool.run(&jobs, |_, _| {})?;
        let mut still = vec![];
        for (j, &k) in stepping.iter().enumerate() {
            let t = &tasks[k];
            if let Some((i, expected, actual)) =
                first_failure(t, &cands[j], &rs[2 * j], &rs[2 * j + 1])
            {
                let cur = current[k].as_mut().expect("active");
                cur.args = cands[j][i].clone();
                cur.expected = expected;
                cur.actual = actual;
                cur.steps += 1;
                cur.size_after = cur.args.iter().map(Value::size).sum();
                still.push(k);
            }
        }
        active = still;
    }
    Ok(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplifications_are_lighter_and_typed() {
        let args = vec![
            Value::List(vec![Value::int(-7), Value::int(300), Value::int(2)]),
            Value::str("Hello"),
            Value::Float(-2.75),
        ];
        let types = vec![Type::List(Box::new(Type::Int)), Type::Str, Type::Float];
        let c = Contract {
            params: vec![
                ("a".into(), Default::default()),
                ("b".into(), Default::default()),
                ("c".into(), Default::default()),
            ],
            ..Default::default()
        };
        let w = weight(&args);
        let s = simpler_args(&args, &types, &c);
        assert!(s.len() > 10);
        for a in &s {
            assert!(weight(a) < w);
            assert!(types.iter().zip(a).all(|(t, v)| t.admits(v)));
        }
        assert!(s.contains(&vec![
            Value::List(vec![]),
            Value::str("Hello"),
            Value::Float(-2.75)
        ]));
    }

    #[test]
    fn repeated_simplification_terminates() {
        let mut args = vec![
            Value::List((0..40).map(Value::int).collect()),
            Value::str("zzzzzzzz"),
        ];
        let types = vec![Type::List(Box::new(Type::Int)), Type::Str];
        let c = Contract {
            params: vec![
                ("a".into(), Default::default()),
                ("b".into(), Default::default()),
            ],
            ..Default::default()
        };
        let mut steps = 0;
        // Always take the last (least aggressive) simplification: still must terminate.
        while let Some(next) = simpler_args(&args, &types, &c).pop() {
            args = next;
            steps += 1;
            assert!(steps < 10_000);
        }
        assert_eq!(args, vec![Value::List(vec![]), Value::str("")]);
    }
}
