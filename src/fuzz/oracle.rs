//! The execution oracle: the reference solution runs every candidate twice (the second time
//! in reverse order, which also exposes state carried between calls); an input is valid when
//! both runs return the same plain value within the calibrated per-input limit and the
//! contract's Python `require` clauses hold. Its output becomes the expected output.

use crate::exec::{CaseInput, CaseOutput, CaseStatus, Job, JobResult, Status};
use crate::model::{Problem, Value};

/// Marker raised by the contract wrapper when benchsmith's own contract rejects an input.
pub const CONTRACT_MARKER: &str = "__benchsmith_contract_violation__";
/// Marker raised when an input meets benchsmith's contract but breaks the published one.
pub const PUBLISHED_MARKER: &str = "__benchsmith_published_contract_violation__";
/// Helper functions the docstring preconditions call (`datasets/fuzz/preconditions.yaml`).
pub(crate) const HELPERS: &str = include_str!("preconditions.py");
/// Entry point of the wrapped reference when the contract has `require` clauses.
pub const CONTRACT_ENTRY: &str = "__benchsmith_checked_entry";

/// What the oracle concluded about one candidate.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Valid {
        expected: Value,
        time: f64,
        lines: Vec<u32>,
    },
    Raised(String),
    /// benchsmith's own contract (inferred, stated in the docstring, or from a file) rejects it.
    Contract,
    /// It meets benchsmith's own contract but breaks the published one (EvalPlus's asserts).
    Published,
    Timeout,
    NonDeterministic,
    Opaque,
    /// The job itself failed (program did not load, infrastructure).
    Broken(String),
}

/// The reference program, wrapped so that the contract's `require` clauses and its published
/// precondition block (EvalPlus `assert`s) are checked before each call.
pub fn oracle_program(
    problem: &Problem,
    names: &[String],
    contract: &crate::fuzz::contract::Contract,
) -> (String, String) {
    let mut program = problem.reference_program();
    let require: Vec<&String> = contract
        .require
        .iter()
        .chain(contract.stated.iter().map(|s| &s.require))
        .collect();
    if require.is_empty() && contract.published.is_none() {
        return (program, problem.entry_point.clone());
    }
    let params = names.join(", ");
    // A requirement that raises does not hold (it is not the reference raising).
    let clauses: Vec<String> = require
        .iter()
        .map(|r| format!("_bs_holds(lambda: ({r}))"))
        .collect();
    let test = if clauses.is_empty() {
        "True".to_string()
    } else {
        clauses.join(" and ")
    };
    let mut published = String::new();
    if let Some(block) = &contract.published {
        // A block of statements: asserts that fail mark the input invalid.
        published.push_str("    try:\n");
        published.push_str(&reindent(block, 8));
        published.push_str("        pass\n    except AssertionError:\n        return False\n");
    }
    program.push_str(&format!(
        "\n\n{HELPERS}\n\ndef __benchsmith_contract({params}):\n    return bool({test})\n\n\ndef __benchsmith_published({params}):\n{published}    return True\n\n\ndef {CONTRACT_ENTRY}(*args, **kwargs):\n    if not __benchsmith_contract(*args, **kwargs):\n        raise ValueError({CONTRACT_MARKER:?})\n    if not __benchsmith_published(*args, **kwargs):\n        raise ValueError({PUBLISHED_MARKER:?})\n    return {}(*args, **kwargs)\n",
        problem.entry_point
    ));
    (program, CONTRACT_ENTRY.to_string())
}

/// `block` with its common indentation replaced by `indent` spaces (blank lines dropped).
fn reindent(block: &str, indent: usize) -> String {
    let lines: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
    let common = lines
        .iter()
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let pad = " ".repeat(indent);
    lines
        .iter()
        .map(|l| format!("{pad}{}\n", &l[common..]))
        .collect()
}

/// The job that runs the reference on `inputs` (in the given order).
#[allow(clippy::too_many_arguments)]
pub fn job(
    problem: &Problem,
    program: &str,
    entry: &str,
    inputs: &[&Vec<Value>],
    case_timeout: f64,
    timeout: f64,
    mem_mb: u64,
    coverage: bool,
) -> Job {
    let mut job = Job::new(program.to_string());
    job.setup = problem.tests.setup.clone();
    job.entry = Some(entry.to_string());
    job.cases = Some(
        inputs
            .iter()
            .map(|a| CaseInput {
                args: (*a).clone(),
                kwargs: vec![],
            })
            .collect(),
    );
    job.case_timeout = Some(case_timeout);
    job.timeout = timeout;
    job.mem_mb = mem_mb;
    job.coverage = coverage;
    job
}

fn same(a: &Value, b: &Value) -> bool {
    a.type_name() == b.type_name() && (a.py_eq(b) || a.close_to(b, 0.0, 0.0))
}

fn contains_opaque(v: &Value) -> bool {
    match v {
        Value::Opaque { .. } => true,
        Value::List(x) | Value::Tuple(x) | Value::Set(x) | Value::FrozenSet(x) => {
            x.iter().any(contains_opaque)
        }
        Value::Dict(kv) => kv
            .iter()
            .any(|(k, v)| contains_opaque(k) || contains_opaque(v)),
        _ => false,
    }
}

/// First run: `Ok(output)` for inputs the reference answered, else the rejection.
pub fn first_pass(n: usize, r: &JobResult) -> Vec<Result<CaseOutput, Verdict>> {
    let broken = !matches!(r.status, Status::Passed | Status::Timeout) || r.outputs.is_none();
    if broken {
        return vec![Err(Verdict::Broken(r.detail.clone())); n];
    }
    let outs = r.outputs.as_deref().unwrap_or(&[]);
    (0..n)
        .map(|i| {
            let Some(o) = outs.get(i) else {
                return Err(Verdict::Broken("missing output".into()));
            };
            match o.status {
                CaseStatus::Ok => match &o.value {
                    Some(v) if contains_opaque(v) => Err(Verdict::Opaque),
                    Some(_) => Ok(o.clone()),
                    None => Err(Verdict::Broken("no value".into())),
                },
                CaseStatus::Raised => {
                    let err = o.error.clone().unwrap_or_default();
                    Err(if err.contains(PUBLISHED_MARKER) {
                        Verdict::Published
                    } else if err.contains(CONTRACT_MARKER) {
                        Verdict::Contract
                    } else {
                        Verdict::Raised(err)
                    })
                }
                _ => Err(Verdict::Timeout),
            }
        })
        .collect()
}

/// Second run of an input the first run answered: valid when both agree.
pub fn confirm(first: &CaseOutput, second: Option<&CaseOutput>) -> Verdict {
    let Some(b) = second else {
        return Verdict::Broken("missing output of the second run".into());
    };
    match b.status {
        CaseStatus::Ok => {}
        CaseStatus::Raised => return Verdict::NonDeterministic,
        _ => return Verdict::Timeout,
    }
    match (&first.value, &b.value) {
        (Some(x), Some(y)) if same(x, y) => Verdict::Valid {
            expected: x.clone(),
            time: first.time,
            lines: first.lines.clone().unwrap_or_default(),
        },
        _ => Verdict::NonDeterministic,
    }
}

fn unfinished(o: &CaseOutput) -> bool {
    o.status == CaseStatus::Broken || (o.status == CaseStatus::Timeout && o.time == 0.0)
}

/// An output with no value (a broken or timed-out run), so every case keeps its slot.
fn no_value(status: CaseStatus, time: f64) -> CaseOutput {
    CaseOutput {
        status,
        value: None,
        error: None,
        time,
        lines: None,
        same: false,
        differs: false,
        digest: None,
    }
}

/// Run case jobs so that one input the alarm cannot interrupt (a long C-level loop), or a job
/// deadline reached before every input ran, costs little: unfinished inputs are retried in
/// chunks of 8, then one by one; an input whose own job is killed reports a timeout.
pub fn run_robust<F>(
    pool: &crate::exec::Pool,
    jobs: &[Job],
    progress: F,
) -> Result<Vec<JobResult>, crate::exec::ExecError>
where
    F: Fn(usize, &JobResult) + Sync,
{
    let mut results = pool.run(jobs, progress)?;
    let killed = |r: &JobResult| {
        !matches!(r.status, Status::Passed | Status::Timeout) || r.outputs.is_none()
    };
    // Normalise: every job gets one output slot per input.
    for (job, r) in jobs.iter().zip(results.iter_mut()) {
        let n = job.cases.as_deref().map(<[_]>::len).unwrap_or(0);
        let dead = killed(r);
        let outs = r.outputs.get_or_insert_with(Vec::new);
        if dead {
            outs.clear();
        }
        outs.resize(n, no_value(CaseStatus::Broken, 0.0));
    }
    for chunk in [8usize, 1] {
        let mut subs = vec![];
        let mut owner = vec![];
        for (k, (job, r)) in jobs.iter().zip(&results).enumerate() {
            let cases = job.cases.as_deref().unwrap_or(&[]);
            let outs = r.outputs.as_deref().unwrap_or(&[]);
            for (ci, part) in cases.chunks(chunk).enumerate() {
                let start = ci * chunk;
                if !outs[start..start + part.len()].iter().any(unfinished) {
                    continue;
                }
                let mut j = job.clone();
                j.cases = Some(part.to_vec());
                let ct = job.case_timeout.unwrap_or(1.0);
                j.timeout = part.len() as f64 * ct * 1.5 + if part.len() == 1 { 0.3 } else { 1.0 };
                subs.push(j);
                owner.push((k, start, part.len()));
            }
        }
        if subs.is_empty() {
            break;
        }
        let rs = pool.run(&subs, |_, _| {})?;
        for ((k, start, len), r) in owner.into_iter().zip(rs) {
            let ct = jobs[k].case_timeout.unwrap_or(0.0);
            let merged = results[k].outputs.as_mut().expect("normalised");
            if !killed(&r) {
                for (i, o) in r
                    .outputs
                    .unwrap_or_default()
                    .into_iter()
                    .enumerate()
                    .take(len)
                {
                    if !unfinished(&o) {
                        merged[start + i] = o;
                    }
                }
            }
            if len == 1 && unfinished(&merged[start]) {
                merged[start] = no_value(CaseStatus::Timeout, ct.max(1e-9));
            }
        }
    }
    for (job, r) in jobs.iter().zip(results.iter_mut()) {
        let ct = job.case_timeout.unwrap_or(0.0).max(1e-9);
        if let Some(outs) = r.outputs.as_mut() {
            for o in outs.iter_mut() {
                if unfinished(o) {
                    *o = no_value(CaseStatus::Timeout, ct);
                }
            }
        }
        if killed(r) {
            r.status = Status::Passed;
        }
    }
    Ok(results)
}
