//! `benchsmith evaluate DATASET --samples FILE [--k 1,10,100] [--results FILE]`

use super::{output, Global, InputError, OutputFormat};
use benchsmith::evaluate::samples::{read_samples, Sample};
use benchsmith::evaluate::{self, EvalOptions, SampleResult};
use benchsmith::fuzz::counterexample::{self, has_fuzzed_inputs, CounterexampleOptions};
use benchsmith::model::Problem;
use clap::Args;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    pub dataset: String,
    /// JSON Lines with `task_id` and `completion` (appended to the prompt) or `solution` (a whole program).
    #[arg(long)]
    pub samples: PathBuf,
    /// Values of k for pass@k.
    #[arg(long, value_delimiter = ',', default_values_t = vec![1usize, 10, 100])]
    pub k: Vec<usize>,
    /// Per-sample results (JSON Lines), written as they finish; an existing file is resumed.
    /// Default: <samples>_results.jsonl.
    #[arg(long)]
    pub results: Option<PathBuf>,
    /// Start over instead of resuming an existing results file.
    #[arg(long)]
    pub fresh: bool,
    /// Lowest per-sample time limit, seconds (limits are calibrated from the reference solution).
    #[arg(long, default_value_t = 3.0)]
    pub timeout: f64,
    /// Memory limit per program, MiB.
    #[arg(long, default_value_t = 2048)]
    pub mem_mb: u64,
    /// Run identical programs again instead of reusing their verdict.
    #[arg(long)]
    pub no_cache: bool,
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

/// Results already on disk; a torn last line (an interrupted run) is ignored.
fn read_done(path: &Path) -> anyhow::Result<HashMap<(String, usize), SampleResult>> {
    let mut done = HashMap::new();
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(done);
    };
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<SampleResult>(line) {
            Ok(r) => {
                done.insert((r.task_id.clone(), r.sample_index), r);
            }
            // The last line may be torn by an interrupted run: that sample runs again.
            Err(_) if i + 1 == lines.len() && !text.ends_with('\n') => {}
            Err(e) => {
                return Err(InputError(format!(
                    "{}:{}: not a results line ({e}); use --fresh to start over",
                    path.display(),
                    i + 1
                ))
                .into())
            }
        }
    }
    Ok(done)
}

pub fn run(g: &Global, a: &EvaluateArgs) -> anyhow::Result<i32> {
    let ds = g.open(&a.dataset)?;
    let known: HashSet<String> = ds.problems.iter().map(|p| p.task_id.clone()).collect();
    let samples = read_samples(&a.samples, &known)?;
    let problems: HashMap<String, _> = ds
        .problems
        .into_iter()
        .map(|p| (p.task_id.clone(), p))
        .collect();
    let results_path = a
        .results
        .clone()
        .unwrap_or_else(|| default_results(&a.samples));
    if a.fresh {
        let _ = std::fs::remove_file(&results_path);
    }
    let mut done = read_done(&results_path)?;
    // Keep only results that belong to this samples file.
    let wanted: HashSet<(String, usize)> = samples
        .iter()
        .map(|s| (s.task_id.clone(), s.index))
        .collect();
    done.retain(|k, _| wanted.contains(k));
    // Torn last line: rewrite the file with the good lines so appends stay well-formed.
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&results_path)?);
        let mut kept: Vec<&SampleResult> = done.values().collect();
        kept.sort_by(|x, y| {
            x.task_id
                .cmp(&y.task_id)
                .then(x.sample_index.cmp(&y.sample_index))
        });
        for r in kept {
            serde_json::to_writer(&mut f, r)?;
            f.write_all(b"\n")?;
        }
        f.flush()?;
    }
    let file = Mutex::new(
        std::fs::OpenOptions::new()
            .append(true)
            .open(&results_path)?,
    );
    let mut pool = g.pool()?;
    if a.no_cache {
        pool = pool.without_cache();
    }
    let opts = EvalOptions {
        ks: a.k.clone(),
        timeout_floor: a.timeout,
        mem_mb: a.mem_mb,
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
            let mut line = serde_json::to_vec(r).expect("results serialise");
            line.push(b'\n');
            let mut f = file.lock().expect("results lock");
            // A failed write must not lose the run: it is reported at the end by the flush below.
            let _ = f.write_all(&line);
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
        OutputFormat::Human => {
            if g.verbose {
                for r in all.iter().filter(|r| !r.passed) {
                    println!(
                        "{:<8} {:<20} #{:<3} {}",
                        r.status, r.task_id, r.sample_index, r.detail
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
            for (k, v) in &report.pass_at_k {
                println!("{k:>9}: {v:.4}");
            }
            if !failures.is_empty() {
                println!("counterexamples (failing fuzzed inputs, shrunk):");
                super::shrink::print_failures(&failures);
            }
            if !report.uncalibrated.is_empty() {
                eprintln!(
                    "warning: reference solutions failed for {:?}; their time limit is the floor",
                    report.uncalibrated
                );
            }
            output::note(g, &format!("results: {}", results_path.display()));
        }
    }
    Ok(if report.passed < report.samples { 1 } else { 0 })
}
