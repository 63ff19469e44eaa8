//! The probe: run each reference solution under its own tests with the entry point wrapped
//! by a recorder, so every problem gets structured input/output cases (even when its tests
//! loop or draw random numbers), and infer parameter and return types from what was seen.

use crate::exec::{Call, CaseInput, ExecError, Job, JobResult, Pool, Status};
use crate::model::{Problem, SignatureTypes, Type, Value};
use serde::Serialize;

/// Options for running reference solutions.
#[derive(Debug, Clone)]
pub struct RefOptions {
    /// Wall-clock limit per problem, seconds.
    pub timeout: f64,
    pub mem_mb: u64,
    /// Work units per recorded call and for all of them (see [`Job::record_work`]); 0: the
    /// calls are not counted.
    pub call_work: u64,
    pub total_work: u64,
}

impl Default for RefOptions {
    fn default() -> Self {
        RefOptions {
            timeout: 20.0,
            mem_mb: crate::exec::DEFAULT_MEM_MB,
            call_work: 0,
            total_work: 0,
        }
    }
}

/// One observed call of the entry point.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Observed {
    pub args: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kwargs: Vec<(String, Value)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raised: Option<String>,
    /// CPU seconds the call took (inner calls included).
    #[serde(skip)]
    pub time: f64,
    /// Work units the call spent, when the probe counted them (see [`RefOptions::call_work`]).
    #[serde(skip)]
    pub work: Option<u64>,
}

impl Observed {
    /// The call's arguments as one positional list: keyword arguments go to their parameter's
    /// position when they extend the positional ones in order (`f(1, b=2)` with parameters
    /// `a, b` is `[1, 2]`); `None` when a keyword is unknown or leaves a gap. Every generator
    /// reads recorded calls through this one rule.
    pub fn positional<S: AsRef<str>>(&self, names: &[S]) -> Option<Vec<Value>> {
        let mut args = self.args.clone();
        for (k, v) in &self.kwargs {
            match names.iter().position(|n| n.as_ref() == k) {
                Some(i) if i == args.len() => args.push(v.clone()),
                _ => return None,
            }
        }
        Some(args)
    }
}

/// The arity most argument lists use, the smaller of equally common ones; `None` for none.
pub fn majority_arity(lens: impl IntoIterator<Item = usize>) -> Option<usize> {
    let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
    for n in lens {
        *counts.entry(n).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(n, c)| (c, std::cmp::Reverse(n)))
        .map(|(n, _)| n)
}

/// What running a reference solution showed.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    pub task_id: String,
    pub status: Status,
    pub detail: String,
    /// Seconds spent in the tests (used to calibrate time limits).
    pub time: f64,
    pub calls: Vec<Observed>,
    /// Outputs for the problem's structured cases, in order (when it has any).
    #[serde(skip)]
    pub case_outputs: Vec<crate::exec::CaseOutput>,
}

/// The job that runs a program (reference or candidate) against a problem's tests.
pub fn test_job(problem: &Problem, program: String, timeout: f64, mem_mb: u64) -> Job {
    let mut job = Job::new(program);
    job.setup = problem.tests.setup.clone();
    job.test = problem.tests.code.clone();
    job.style = problem.tests.style;
    job.entry = Some(problem.entry_point.clone());
    job.timeout = timeout;
    job.mem_mb = mem_mb;
    job
}

/// The probe job of a problem: reference program, tests, recorder on, structured cases.
pub fn reference_job(problem: &Problem, opts: &RefOptions) -> Job {
    let mut job = test_job(
        problem,
        problem.reference_program(),
        opts.timeout,
        opts.mem_mb,
    );
    job.record = true;
    job.record_work = opts.call_work;
    job.record_work_total = opts.total_work;
    if !problem.tests.cases.is_empty() {
        job.cases = Some(
            problem
                .tests
                .cases
                .iter()
                .map(|c| CaseInput {
                    args: c.args.clone(),
                    kwargs: c.kwargs.clone(),
                })
                .collect(),
        );
        job.case_timeout = Some(opts.timeout);
    }
    job
}

/// Reference runs per sandboxed child.
const PROBE_BATCH: usize = 8;

/// Run the reference solutions of `problems` (Python only) and collect observations.
pub fn probe<F>(
    pool: &Pool,
    problems: &[Problem],
    opts: &RefOptions,
    progress: F,
) -> Result<Vec<Observation>, ExecError>
where
    F: Fn(usize, &JobResult) + Sync,
{
    let jobs: Vec<Job> = problems.iter().map(|p| reference_job(p, opts)).collect();
    // Reference solutions are trusted: several run in one sandboxed child (fresh namespace and
    // modules each), which saves a fork and a round trip per problem.
    let results = pool.run_batched(&jobs, PROBE_BATCH, progress)?;
    Ok(problems
        .iter()
        .zip(results)
        .map(|(p, r)| observation(p, r))
        .collect())
}

pub fn observation(problem: &Problem, r: JobResult) -> Observation {
    let calls = r
        .calls
        .unwrap_or_default()
        .into_iter()
        .filter_map(observed)
        .collect();
    Observation {
        task_id: problem.task_id.clone(),
        status: r.status,
        detail: r.detail,
        time: r.test_time.unwrap_or(r.time),
        calls,
        case_outputs: r.outputs.unwrap_or_default(),
    }
}

fn observed(c: Call) -> Option<Observed> {
    let args = match c.args {
        Value::List(a) => a,
        _ => return None,
    };
    let kwargs = match c.kwargs {
        Some(Value::Dict(kv)) => kv
            .into_iter()
            .filter_map(|(k, v)| match k {
                Value::Str(s) => Some((s, v)),
                _ => None,
            })
            .collect(),
        _ => vec![],
    };
    Some(Observed {
        args,
        kwargs,
        result: c.result,
        raised: c.raised,
        time: c.time,
        work: c.work,
    })
}

/// Types seen per parameter position and for the result, unified over all calls.
pub fn infer_types(calls: &[Observed], param_names: &[String]) -> Option<SignatureTypes> {
    let ok: Vec<&Observed> = calls.iter().filter(|c| c.raised.is_none()).collect();
    if ok.is_empty() {
        return None;
    }
    let mut params: Vec<(String, Type)> =
        param_names.iter().map(|n| (n.clone(), Type::Any)).collect();
    let mut seen = vec![false; params.len()];
    for c in &ok {
        for (i, a) in c.args.iter().enumerate() {
            if i >= params.len() {
                params.push((format!("arg{i}"), Type::Any));
                seen.push(false);
            }
            params[i].1 = if seen[i] {
                params[i].1.unify(&Type::of(a))
            } else {
                Type::of(a)
            };
            seen[i] = true;
        }
        for (k, v) in &c.kwargs {
            if let Some(i) = params.iter().position(|(n, _)| n == k) {
                params[i].1 = if seen[i] {
                    params[i].1.unify(&Type::of(v))
                } else {
                    Type::of(v)
                };
                seen[i] = true;
            }
        }
    }
    let returns = ok
        .iter()
        .filter_map(|c| c.result.as_ref().map(Type::of))
        .reduce(|a, b| a.unify(&b))
        .unwrap_or(Type::Any);
    Some(SignatureTypes { params, returns })
}

/// Combine declared annotations with observed types: the annotation, refined by what was seen
/// (`list` + observed `list[int]` gives `list[int]`; an absent annotation gives the observed type).
pub fn merge_types(declared: Option<&Type>, observed: Option<&Type>) -> Type {
    match (declared, observed) {
        (Some(d), Some(o)) if d.admits_type(o) => d.refine(o),
        (Some(d), Some(_)) => d.clone(),
        (Some(d), None) => d.clone(),
        (None, Some(o)) => o.clone(),
        (None, None) => Type::Any,
    }
}
