//! `benchsmith evaluate DATASET --samples FILE [--k 1,10,100] [--results FILE]`

use super::{output, Global, InputError, OutputFormat};
use benchsmith::evaluate::results::{
    dataset_hash, file_hash, ResultsError, ResultsFile, ResultsHeader, VerdictOptions,
    RESULTS_FORMAT,
};
use benchsmith::evaluate::samples::Sample;
use benchsmith::evaluate::{self, EvalOptions, SampleResult};
use benchsmith::fuzz::counterexample::{self, has_fuzzed_inputs, CounterexampleOptions};
use benchsmith::model::Problem;
use clap::Args;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// A benchmark file (format detected) or a built-in name.
    pub dataset: String,
    /// JSON Lines with `task_id` and `completion` (appended to the prompt) or `solution` (a whole program).
    #[arg(long)]
    pub samples: PathBuf,
    /// Values of k for pass@k.
    #[arg(long, value_delimiter = ',', default_values_t = vec![1usize, 10, 100], value_parser = super::positive_usize)]
    pub k: Vec<usize>,
    /// Per-sample results (JSON Lines), written as they finish; an existing file is resumed.
    /// Default: <samples>_results.jsonl.
    #[arg(long)]
    pub results: Option<PathBuf>,
    /// Start over instead of resuming an existing results file.
    #[arg(long)]
    pub fresh: bool,
    /// Lowest per-sample time limit, seconds (limits are calibrated from the reference solution).
    #[arg(long, default_value_t = 3.0, value_parser = super::positive_f64)]
    pub timeout: f64,
    /// Memory limit per program, MiB.
    #[arg(long, default_value_t = benchsmith::exec::DEFAULT_MEM_MB, value_parser = super::positive_u64)]
    pub mem_mb: u64,
    /// Run identical programs again instead of reusing their verdict.
    #[arg(long)]
    pub no_cache: bool,
    /// Compute the ground truth of structured inputs again instead of reading it from the
    /// cache (`<cache>/truth/`, one file per problem, kept by content as EvalPlus keeps its
    /// own), and rewrite the cache.
    #[arg(long)]
    pub recompute_truth: bool,
    /// Extract the program from raw model replies first, as `evalplus.sanitize` does (the
    /// fenced block or longest parsing span that defines the entry point, cut to the imports
    /// and definitions it needs).
    #[arg(long)]
    pub sanitize: bool,
    /// Failing samples of problems with fuzzed inputs (EvalPlus `plus_input`, `benchsmith
    /// fuzz` output) get a shrunk counterexample: at most this many (one per task first);
    /// 0 turns shrinking off.
    #[arg(long, default_value_t = 100)]
    pub shrink_limit: usize,
}

/// The failing samples to shrink: on problems with fuzzed inputs, one per task first, then
/// the others, `limit` at most.
fn to_shrink<'s>(
    samples: &'s [Sample],
    results: &[SampleResult],
    problems: &HashMap<String, Problem>,
    limit: usize,
) -> Vec<&'s Sample> {
    let failed: HashSet<(&str, usize)> = results
        .iter()
        .filter(|r| !r.passed)
        .map(|r| (r.task_id.as_str(), r.sample_index))
        .collect();
    let candidates: Vec<&Sample> = samples
        .iter()
        .filter(|s| failed.contains(&(s.task_id.as_str(), s.index)))
        .filter(|s| problems.get(&s.task_id).is_some_and(has_fuzzed_inputs))
        .collect();
    let mut seen = HashSet::new();
    let (first, rest): (Vec<&Sample>, Vec<&Sample>) = candidates
        .into_iter()
        .partition(|s| seen.insert(s.task_id.as_str()));
    first.into_iter().chain(rest).take(limit).collect()
}

fn default_results(samples: &Path) -> PathBuf {
    let name = samples
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let stem = name
        .trim_end_matches(".gz")
        .trim_end_matches(".jsonl")
        .trim_end_matches(".json");
    samples.with_file_name(format!("{stem}_results.jsonl"))
}

/// `x_results.jsonl` → `x_results.<12 hex digits of the run's hashes>.jsonl`.
fn run_specific(default: &Path, header: &ResultsHeader) -> PathBuf {
    use sha2::Digest;
    let key = sha2::Sha256::digest(serde_json::to_string(header).unwrap_or_default());
    let tag: String = key.iter().take(6).map(|b| format!("{b:02x}")).collect();
    let stem = default
        .file_name()
        .map(|n| n.to_string_lossy().trim_end_matches(".jsonl").to_string())
        .unwrap_or_default();
    default.with_file_name(format!("{stem}.{tag}.jsonl"))
}

pub fn run(g: &Global, a: &EvaluateArgs) -> anyhow::Result<i32> {
    let ds = g.open(&a.dataset)?;
    let mut samples = super::read_samples_for(g, &a.samples, &ds, a.sanitize)?;
    let pool = g.pool(&ds)?;
    let order: Vec<String> = ds.problems.iter().map(|p| p.task_id.clone()).collect();
    let problems: HashMap<String, _> = ds
        .problems
        .into_iter()
        .map(|p| (p.task_id.clone(), p))
        .collect();
    if a.sanitize {
        let mut changed = 0;
        for s in samples.iter_mut() {
            let p = &problems[&s.task_id];
            changed += usize::from(evaluate::samples::sanitize(s, p));
        }
        output::note(
            g,
            &format!("sanitize: {changed} of {} samples rewritten", samples.len()),
        );
    }
    let (results, results_path) = open_results(a, &order, &problems)?;
    let mut done = results.done.clone();
    // Keep only results that belong to this samples file.
    let wanted: HashSet<(String, usize)> = samples
        .iter()
        .map(|s| (s.task_id.clone(), s.index))
        .collect();
    done.retain(|k, _| wanted.contains(k));
    let file = Mutex::new(results);
    let mut pool = pool;
    if a.no_cache {
        pool = pool.without_cache();
    }
    let opts = EvalOptions {
        ks: a.k.clone(),
        timeout_floor: a.timeout,
        mem_mb: a.mem_mb,
        // Ground truths of structured inputs are kept by content, as EvalPlus keeps its own.
        truth_cache: Some(benchsmith::datasets::cache_dir().join("truth")),
        recompute_truth: a.recompute_truth,
        ..Default::default()
    };
    let pb = output::progress(g, samples.len() - done.len(), "evaluate");
    let (report, all) = evaluate::evaluate(
        &pool,
        &problems,
        &samples,
        &done,
        &opts,
        |r| {
            let mut f = file.lock().expect("results lock");
            // A failed write must not lose the run: it is reported at the end by the flush below.
            let _ = f.append(r);
        },
        |_, _| pb.inc(1),
    )?;
    pb.finish_and_clear();
    file.lock().expect("results lock").flush()?;
    let shrink = to_shrink(&samples, &all, &problems, a.shrink_limit);
    let failures = if shrink.is_empty() {
        vec![]
    } else {
        let pb = output::progress(g, 1, "shrink");
        let f = counterexample::counterexamples(
            &pool,
            &problems,
            &shrink,
            &CounterexampleOptions::default(),
        )?;
        pb.finish_and_clear();
        f
    };
    match g.format {
        OutputFormat::Json => {
            let mut v = serde_json::to_value(&report)?;
            v["counterexamples"] = serde_json::to_value(&failures)?;
            output::json(&v)?
        }
        OutputFormat::Jsonl => output::jsonl(&all)?,
        OutputFormat::Human => print_human(g, &report, &all, &failures, &results_path),
    }
    Ok(if report.passed < report.samples { 1 } else { 0 })
}

/// The results file of this run (resumed when it holds this run's results), and its path.
fn open_results(
    a: &EvaluateArgs,
    order: &[String],
    problems: &HashMap<String, Problem>,
) -> anyhow::Result<(ResultsFile, PathBuf)> {
    let results_path = a
        .results
        .clone()
        .unwrap_or_else(|| default_results(&a.samples));
    output::writable(&results_path)?;
    let header = ResultsHeader {
        benchsmith_results: RESULTS_FORMAT,
        dataset: a.dataset.clone(),
        dataset_sha256: dataset_hash(order.iter().map(|t| &problems[t])),
        samples: a.samples.display().to_string(),
        samples_sha256: file_hash(&a.samples)?,
        options: VerdictOptions {
            timeout_floor: a.timeout,
            timeout_factor: EvalOptions::default().timeout_factor,
            mem_mb: a.mem_mb,
            // Problems with structured cases are judged on their base and plus inputs.
            tests: if problems.values().any(evaluate::truth::has_cases) {
                "base+plus".into()
            } else {
                "original".into()
            },
            sanitize: a.sanitize,
            benchsmith_version: benchsmith::model::VERSION.into(),
        },
    };
    let mut results_path = results_path;
    let opened = match ResultsFile::open(&results_path, &header, a.fresh) {
        // The default file holds another run's results (another dataset, say): this run gets
        // a default of its own, named by its hashes, and both stay correct.
        Err(ResultsError::OtherRun { .. }) if a.results.is_none() => {
            results_path = run_specific(&results_path, &header);
            ResultsFile::open(&results_path, &header, a.fresh)
        }
        other => other,
    };
    let results = opened.map_err(|e| match e {
        e @ (ResultsError::OtherRun { .. } | ResultsError::BadLine { .. }) => {
            anyhow::Error::from(InputError(e.to_string()))
        }
        e => e.into(),
    })?;
    Ok((results, results_path))
}

/// The human summary: failing samples (verbose), pass@k, counterexamples, warnings.
fn print_human(
    g: &Global,
    report: &evaluate::EvalReport,
    all: &[evaluate::SampleResult],
    failures: &[counterexample::Failure],
    results_path: &Path,
) {
    if g.verbose {
        for r in all.iter().filter(|r| !r.passed) {
            println!(
                "{:<8} {:<20} #{:<3} {}",
                r.status.as_str(),
                r.task_id,
                r.sample_index,
                r.detail
            );
        }
    }
    println!(
        "{} samples over {} tasks: {} passed{}",
        report.samples,
        report.tasks,
        report.passed,
        if report.resumed > 0 {
            format!(
                " ({} resumed from {})",
                report.resumed,
                results_path.display()
            )
        } else {
            String::new()
        }
    );
    match &report.pass_at_k_base {
        Some(base) => {
            println!("{:>9}  {:>6}  {:>9}", "", "base", "base+plus");
            for (k, v) in &report.pass_at_k {
                println!(
                    "{k:>9}: {:>6.4}  {v:>9.4}",
                    base.get(k).copied().unwrap_or(0.0)
                );
            }
        }
        None => {
            for (k, v) in &report.pass_at_k {
                println!("{k:>9}: {v:.4}");
            }
        }
    }
    if !failures.is_empty() {
        println!("counterexamples (failing fuzzed inputs, shrunk):");
        super::shrink::print_failures(failures);
    }
    if !report.uncalibrated.is_empty() {
        eprintln!(
            "warning: reference solutions failed for {:?}; their time limit is the floor",
            report.uncalibrated
        );
    }
    output::note(g, &format!("results: {}", results_path.display()));
}
