//! The ground truth of structured cases: the expected output of every input, from the case
//! itself or from one run of the reference solution, cached on disk by content (as EvalPlus
//! caches its ground truth), so that evaluating another samples file skips the reference run.

use crate::exec::{CaseInput, CaseStatus, ExecError, Job, JobResult, Pool, Status};
use crate::model::{Problem, Value};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

/// The expected output of one structured case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    Value(Value),
    /// Too large to send: the digest of its encoding.
    Digest(String),
    /// The reference raised or timed out on this input: it is not a test.
    Invalid(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseTruth {
    pub truth: Truth,
    /// The reference's CPU seconds on this input (0 when the case carried its output).
    pub time: f64,
}

/// Whether a problem is judged on structured cases.
pub fn has_cases(p: &Problem) -> bool {
    p.language.is_python() && !p.tests.cases.is_empty()
}

fn inputs(p: &Problem) -> Vec<CaseInput> {
    p.tests
        .cases
        .iter()
        .map(|c| CaseInput {
            args: c.args.clone(),
            kwargs: c.kwargs.clone(),
        })
        .collect()
}

/// Expected outputs of every case of `problems` (those judged on cases): taken from the case
/// when it carries one, else from one run of the reference solution; `cache` is a folder
/// where reference runs are kept by content, one file per problem (`None`: no cache), so any
/// subset of a dataset reuses them; `refresh` runs every reference again and rewrites the cache.
pub fn ground_truth(
    pool: &Pool,
    problems: &[&Problem],
    mem_mb: u64,
    cache: Option<&Path>,
    refresh: bool,
) -> Result<HashMap<String, Vec<CaseTruth>>, ExecError> {
    let mut out: HashMap<String, Vec<CaseTruth>> = HashMap::new();
    let mut need: Vec<(&Problem, Option<std::path::PathBuf>)> = vec![];
    for p in problems.iter().copied().filter(|p| has_cases(p)) {
        if p.tests.cases.iter().all(|c| c.expected.is_some()) {
            out.insert(p.task_id.clone(), given(p));
            continue;
        }
        let file = cache.map(|dir| dir.join(format!("{}.json", key(p, mem_mb))));
        let cached: Option<Vec<CaseTruth>> = file
            .as_ref()
            .filter(|_| !refresh)
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .filter(|c: &Vec<CaseTruth>| c.len() == p.tests.cases.len());
        match cached {
            Some(c) => {
                out.insert(p.task_id.clone(), c);
            }
            None => need.push((p, file)),
        }
    }
    let runs: Vec<&Problem> = need.iter().map(|(p, _)| *p).collect();
    for ((p, file), (truths, clean)) in need.iter().zip(run_reference(pool, &runs, mem_mb)?) {
        // A run cut short (a timeout on a loaded machine, a sandbox failure) is not kept:
        // the next run computes those cases again.
        if let Some(f) = file.as_ref().filter(|_| clean) {
            store(f, &truths);
        }
        out.insert(p.task_id.clone(), truths);
    }
    Ok(out)
}

/// The truths of a problem whose every case carries its expected output.
fn given(p: &Problem) -> Vec<CaseTruth> {
    p.tests
        .cases
        .iter()
        .map(|c| CaseTruth {
            truth: match &c.expected {
                Some(v) => Truth::Value(v.clone()),
                None => Truth::Invalid("no expected output".into()),
            },
            time: 0.0,
        })
        .collect()
}

/// The cache key of a problem: what its reference run depends on (the worker's source
/// included, since it defines how outputs are encoded and digested).
fn key(p: &Problem, mem_mb: u64) -> String {
    let mut h = Sha256::new();
    h.update(crate::model::VERSION.as_bytes());
    h.update(crate::exec::WORKER_SOURCE.as_bytes());
    h.update(mem_mb.to_le_bytes());
    let inputs = serde_json::to_string(&inputs(p)).unwrap_or_default();
    for part in [&p.task_id, &p.reference_program(), &p.tests.setup, &inputs] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Write the cache file atomically; a cache that cannot be written is only a slower next run.
fn store(file: &Path, truths: &[CaseTruth]) {
    let Some(dir) = file.parent() else { return };
    let tmp = file.with_extension(format!("json.{}.tmp", std::process::id()));
    let ok = std::fs::create_dir_all(dir).is_ok()
        && serde_json::to_vec(truths)
            .ok()
            .is_some_and(|b| std::fs::write(&tmp, b).is_ok());
    if ok {
        let _ = std::fs::rename(&tmp, file);
    }
}

fn run_reference(
    pool: &Pool,
    need: &[&Problem],
    mem_mb: u64,
) -> Result<Vec<(Vec<CaseTruth>, bool)>, ExecError> {
    let jobs: Vec<Job> = need
        .iter()
        .map(|p| {
            let mut job = Job::new(p.reference_program());
            job.setup = p.tests.setup.clone();
            job.entry = Some(p.entry_point.clone());
            job.cases = Some(inputs(p));
            job.case_timeout = Some(60.0);
            job.timeout = 600.0;
            job.mem_mb = mem_mb;
            job.digest_large = true;
            // The reference is trusted data: its results are not checked for plain data here.
            job
        })
        .collect();
    let results = pool.run(&jobs, |_, _| {})?;
    Ok(need
        .iter()
        .zip(&results)
        .map(|(p, r)| {
            let clean = r.status == Status::Passed
                && r.outputs.as_ref().is_some_and(|o| {
                    o.len() == p.tests.cases.len()
                        && o.iter()
                            .all(|c| matches!(c.status, CaseStatus::Ok | CaseStatus::Raised))
                });
            (truths_from_run(p, r), clean)
        })
        .collect())
}

fn truths_from_run(p: &Problem, r: &JobResult) -> Vec<CaseTruth> {
    let outputs = r.outputs.as_deref().unwrap_or(&[]);
    p.tests
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if let Some(v) = &c.expected {
                return CaseTruth {
                    truth: Truth::Value(v.clone()),
                    time: outputs.get(i).map_or(0.0, |o| o.time),
                };
            }
            let Some(o) = outputs.get(i) else {
                return CaseTruth {
                    truth: Truth::Invalid(format!("reference: {}", r.detail)),
                    time: 0.0,
                };
            };
            let truth = match (&o.value, &o.digest) {
                (Some(v), _) if o.status == CaseStatus::Ok => Truth::Value(v.clone()),
                (None, Some(d)) if o.status == CaseStatus::Ok => Truth::Digest(d.clone()),
                _ => Truth::Invalid(format!(
                    "reference {}: {}",
                    o.status,
                    o.error.clone().unwrap_or_default()
                )),
            };
            CaseTruth {
                truth,
                time: o.time,
            }
        })
        .collect()
}
