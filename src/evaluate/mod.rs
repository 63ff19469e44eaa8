//! `evaluate`: run model samples in the sandbox, write per-sample results incrementally
//! (resumable), and compute pass@k with the unbiased estimator.

pub mod foreign;
pub mod judge;
pub mod passk;
pub mod results;
pub mod robust;
pub mod samples;
pub mod truth;

use crate::exec::{ExecError, Job, JobResult, Pool, Status};
use crate::model::Problem;
use crate::probe::{self, RefOptions};
use samples::{Sample, SampleCode};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One line of the results file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SampleResult {
    pub task_id: String,
    pub sample_index: usize,
    /// Passed every test of the problem (base and plus inputs alike).
    pub passed: bool,
    pub status: Status,
    #[serde(default)]
    pub detail: String,
    /// On a problem with structured cases: the base verdict (base inputs, or the original
    /// test code when there are none) and the plus verdict (plus inputs), as EvalPlus gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plus: Option<bool>,
    /// Seconds the sample's job took in the sandbox.
    #[serde(default)]
    pub time: f64,
}

#[derive(Debug, Clone)]
pub struct EvalOptions {
    pub ks: Vec<usize>,
    /// Time limit = max(floor, factor x the reference solution's test time + 1 s).
    pub timeout_floor: f64,
    pub timeout_factor: f64,
    pub mem_mb: u64,
    /// Measure the reference solutions first to calibrate per-task limits.
    pub calibrate: bool,
    /// Folder where ground truths of structured cases are kept (`None`: computed every run).
    pub truth_cache: Option<std::path::PathBuf>,
    /// Run the references again even when the cache has their ground truth (and rewrite it).
    pub recompute_truth: bool,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            ks: vec![1, 10, 100],
            timeout_floor: 3.0,
            timeout_factor: 10.0,
            mem_mb: crate::exec::DEFAULT_MEM_MB,
            calibrate: true,
            truth_cache: None,
            recompute_truth: false,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub samples: usize,
    pub passed: usize,
    pub tasks: usize,
    /// Samples taken from an existing results file instead of being run.
    pub resumed: usize,
    pub pass_at_k: BTreeMap<String, f64>,
    /// pass@k on the base tests alone, when some problems have plus inputs (EvalPlus's
    /// `base`; `pass_at_k` is then its `plus`, base and plus together).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pass_at_k_base: Option<BTreeMap<String, f64>>,
    /// Tasks whose reference solution failed calibration (their limit is the floor).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uncalibrated: Vec<String>,
}

/// Per-task time limits from the reference solutions' own test times on this machine.
pub fn calibrate(
    pool: &Pool,
    problems: &[&Problem],
    opts: &EvalOptions,
) -> Result<(HashMap<String, f64>, Vec<String>), ExecError> {
    let owned: Vec<Problem> = problems.iter().map(|p| (*p).clone()).collect();
    let ref_opts = RefOptions {
        timeout: 60.0,
        mem_mb: opts.mem_mb,
        ..RefOptions::default()
    };
    let jobs: Vec<Job> = owned
        .iter()
        .map(|p| probe::test_job(p, p.reference_program(), ref_opts.timeout, ref_opts.mem_mb))
        .collect();
    let results = pool.run(&jobs, |_, _| {})?;
    let mut limits = HashMap::new();
    let mut failed = vec![];
    for (p, r) in owned.iter().zip(results) {
        let limit = if r.status == Status::Passed {
            (opts.timeout_factor * r.test_time.unwrap_or(r.time) + 1.0).max(opts.timeout_floor)
        } else {
            failed.push(p.task_id.clone());
            opts.timeout_floor
        };
        limits.insert(p.task_id.clone(), limit);
    }
    Ok((limits, failed))
}

/// The program a sample is run as.
pub fn sample_program(problem: &Problem, sample: &Sample) -> String {
    match &sample.code {
        SampleCode::Completion(c) => problem.program_with(c),
        SampleCode::Solution(s) => s.clone(),
    }
}

pub fn result_of(sample: &Sample, r: &JobResult) -> SampleResult {
    SampleResult {
        task_id: sample.task_id.clone(),
        sample_index: sample.index,
        passed: r.status == Status::Passed,
        status: r.status,
        detail: r.detail.clone(),
        base: None,
        plus: None,
        time: r.time,
    }
}

/// The result of a sample judged on structured cases.
fn judged_result(sample: &Sample, v: judge::Verdict, r: &JobResult) -> SampleResult {
    let passed = v.base && v.plus.unwrap_or(true);
    let status = if passed {
        Status::Passed
    } else if r.status == Status::Passed || r.status == Status::Failed {
        Status::Failed
    } else {
        r.status
    };
    SampleResult {
        task_id: sample.task_id.clone(),
        sample_index: sample.index,
        passed,
        status,
        detail: v.detail,
        base: Some(v.base),
        plus: v.plus,
        time: r.time,
    }
}

/// Evaluate `samples`; `done` holds results already on disk (resume), `sink` receives each new
/// result as soon as it is known (the caller writes it out).
pub fn evaluate<F, S>(
    pool: &Pool,
    problems: &HashMap<String, Problem>,
    samples: &[Sample],
    done: &HashMap<(String, usize), SampleResult>,
    opts: &EvalOptions,
    sink: S,
    progress: F,
) -> Result<(EvalReport, Vec<SampleResult>), ExecError>
where
    F: Fn(usize, &JobResult) + Sync,
    S: Fn(&SampleResult) + Sync,
{
    let todo: Vec<&Sample> = samples
        .iter()
        .filter(|s| !done.contains_key(&(s.task_id.clone(), s.index)))
        .collect();
    let mut task_ids: Vec<&String> = todo.iter().map(|s| &s.task_id).collect();
    task_ids.sort();
    task_ids.dedup();
    // Problems in other languages run through their language's spec (no calibration, no
    // structured cases): one spec per language, its compile cache prepared once.
    let mut specs: HashMap<crate::model::Language, crate::translate::spec::Spec> = HashMap::new();
    for t in &task_ids {
        let p = &problems[*t];
        if !p.language.is_python() && !specs.contains_key(&p.language) {
            let mut spec = foreign::spec_of(p)
                .ok_or_else(|| ExecError::Language(p.task_id.clone(), p.language.to_string()))?;
            spec.cache = crate::translate::cache::prepare(&spec)
                .map_err(|e| ExecError::Sandbox(e.to_string()))?
                .map(|d| d.to_string_lossy().to_string());
            specs.insert(p.language.clone(), spec);
        }
    }
    let involved: Vec<&Problem> = task_ids
        .iter()
        .map(|t| &problems[*t])
        .filter(|p| p.language.is_python())
        .collect();
    // Only problems whose samples run the original test code need its time limit.
    let timed: Vec<&Problem> = involved
        .iter()
        .copied()
        .filter(|p| judge::runs_test_code(p))
        .collect();
    let (limits, uncalibrated) = if opts.calibrate && !timed.is_empty() {
        calibrate(pool, &timed, opts)?
    } else {
        (HashMap::new(), vec![])
    };
    let truths = truth::ground_truth(
        pool,
        &involved,
        opts.mem_mb,
        opts.truth_cache.as_deref(),
        opts.recompute_truth,
    )?;
    let jobs: Vec<Job> = todo
        .iter()
        .map(|s| {
            let p = &problems[&s.task_id];
            let limit = limits
                .get(&s.task_id)
                .copied()
                .unwrap_or(opts.timeout_floor);
            if let Some(spec) = specs.get(&p.language) {
                let program = format!("{}\n{}", sample_program(p, s), p.tests.code);
                return foreign::job(spec, program, limit, opts.mem_mb);
            }
            match truths.get(&s.task_id) {
                Some(t) => judge::sample_job(p, sample_program(p, s), t, limit, opts.mem_mb),
                None => probe::test_job(p, sample_program(p, s), limit, opts.mem_mb),
            }
        })
        .collect();
    let judged = |i: usize, r: &JobResult| -> SampleResult {
        let s = todo[i];
        let p = &problems[&s.task_id];
        if let Some(spec) = specs.get(&p.language) {
            return foreign::result(spec, p, s, r);
        }
        match truths.get(&s.task_id) {
            Some(t) => judged_result(s, judge::verdict(&problems[&s.task_id], t, r), r),
            None => result_of(s, r),
        }
    };
    let results = pool.run(&jobs, |i, r| {
        sink(&judged(i, r));
        progress(i, r);
    })?;
    let mut all: Vec<SampleResult> = done.values().cloned().collect();
    all.extend(results.iter().enumerate().map(|(i, r)| judged(i, r)));
    all.sort_by(|a, b| {
        a.task_id
            .cmp(&b.task_id)
            .then(a.sample_index.cmp(&b.sample_index))
    });
    let report = report(&all, samples.len() - todo.len(), &opts.ks, uncalibrated);
    Ok((report, all))
}

/// pass@k and counts from per-sample results.
pub fn report(
    all: &[SampleResult],
    resumed: usize,
    ks: &[usize],
    uncalibrated: Vec<String>,
) -> EvalReport {
    let mut per_task: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in all {
        let e = per_task.entry(&r.task_id).or_insert((0, 0));
        e.0 += 1;
        e.1 += r.passed as usize;
    }
    let counts: Vec<(usize, usize)> = per_task.values().copied().collect();
    let pass_at_k = at_ks(&counts, ks);
    let pass_at_k_base = all.iter().any(|r| r.plus.is_some()).then(|| {
        let mut per_task: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for r in all {
            let e = per_task.entry(&r.task_id).or_insert((0, 0));
            e.0 += 1;
            e.1 += r.base.unwrap_or(r.passed) as usize;
        }
        at_ks(&per_task.into_values().collect::<Vec<_>>(), ks)
    });
    EvalReport {
        samples: all.len(),
        passed: all.iter().filter(|r| r.passed).count(),
        tasks: per_task.len(),
        resumed,
        pass_at_k,
        pass_at_k_base,
        uncalibrated,
    }
}

fn at_ks(counts: &[(usize, usize)], ks: &[usize]) -> BTreeMap<String, f64> {
    ks.iter()
        .filter_map(|&k| Some((format!("pass@{k}"), passk::mean_pass_at_k(counts, k)?)))
        .collect()
}
