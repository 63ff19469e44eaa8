//! `benchsmith fuzz DATASET --out FILE [--budget N] [--reduce] [--seed S]`

use super::{output, Global, InputError, OutputFormat};
use benchsmith::fuzz::{self, export, FuzzOptions, ProblemFuzz};
use benchsmith::model::Problem;
use benchsmith::mutate::{self, MutantCounts, MutateOptions};
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// EvalPlus records (`base_input`, `plus_input`, `atol`), read by the `evalplus` package.
    Evalplus,
    /// HumanEval records whose `test` embeds the cases.
    Humaneval,
    /// benchsmith's native records (structured cases).
    Native,
}

#[derive(Debug, Args)]
pub struct FuzzArgs {
    /// A benchmark file (format detected) or a built-in name.
    pub dataset: String,
    /// Output file (one record per line).
    #[arg(long)]
    pub out: PathBuf,
    /// New valid inputs per problem.
    #[arg(long, default_value_t = 250)]
    pub budget: usize,
    /// Select a small suite (greedy set cover over killed mutants and covered lines).
    #[arg(long)]
    pub reduce: bool,
    /// Measure mutation scores (original, fuzzed) even without --reduce.
    #[arg(long)]
    pub score: bool,
    /// Seed of every generator (streams derived from SHA-256(seed, task id, stream)).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Record format of --out.
    #[arg(long, value_enum, default_value_t = Emit::Evalplus)]
    pub emit: Emit,
    /// HumanEval+ / MBPP+ file whose published `contract`s (the authors' preconditions) keep
    /// the inputs of the same task ids inside their documented domain. An EvalPlus DATASET
    /// uses its own contracts without this.
    #[arg(long)]
    pub contracts_from: Option<String>,
    /// Directory of per-task contract files (default: transforms/contracts when it exists).
    #[arg(long)]
    pub contracts: Option<PathBuf>,
    /// Only the first N problems.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Generation rounds per problem.
    #[arg(long, default_value_t = 4)]
    pub rounds: usize,
    /// Leave out the extreme tier (integers a thousand times the observed scale, floats near
    /// 1e300, containers of thousands of elements, astral or combining characters), as
    /// EvalPlus's NoExtreme does.
    #[arg(long)]
    pub no_extreme: bool,
    /// Wall-clock limit of one problem's oracle job per round, seconds.
    #[arg(long, default_value_t = 30.0)]
    pub time_budget: f64,
    /// Least per-input time limit of the reference, CPU seconds (the limit is the larger of
    /// this and 5x its slowest observed call). Inputs slower than the limit are left out, so
    /// the suite is reproducible from the seed when no input's time comes near it: raise it
    /// on a loaded machine.
    #[arg(long, default_value_t = FuzzOptions::default().case_timeout_floor, value_parser = super::positive_f64)]
    pub case_timeout: f64,
    /// CPU seconds the new inputs of one problem should cost the reference in total: inputs
    /// slower than SUITE_TIME / BUDGET steer generation towards smaller values.
    #[arg(long, default_value_t = FuzzOptions::default().suite_time, value_parser = super::positive_f64)]
    pub suite_time: f64,
    /// Mutants per problem for scoring and reduction.
    #[arg(long, default_value_t = 40)]
    pub mutants: usize,
    /// Write per-problem reports (JSON lines) here.
    #[arg(long)]
    pub report: Option<PathBuf>,
}

#[derive(Debug, Serialize)]
pub struct MutationScores {
    /// Mutants killed over all mutants (pooled over problems).
    pub original: Option<f64>,
    pub fuzzed: Option<f64>,
    pub reduced: Option<f64>,
    /// How surviving mutants are counted.
    pub equivalence: &'static str,
}

/// Killed over all mutants of the scored problems (`None` when no problem has a count).
fn pooled(
    scored: &[&mutate::SuiteScores],
    killed: impl Fn(&mutate::SuiteScores) -> Option<usize>,
) -> Option<f64> {
    let counted: Vec<(usize, usize)> = scored
        .iter()
        .filter_map(|s| Some((killed(s)?, s.mutants)))
        .collect();
    let total: usize = counted.iter().map(|c| c.1).sum();
    (total > 0).then(|| counted.iter().map(|c| c.0).sum::<usize>() as f64 / total as f64)
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub problems: usize,
    pub inputs: usize,
    pub valid_rate: f64,
    pub mutation_score: MutationScores,
    pub mean_inputs: f64,
    pub base_inputs: usize,
    pub candidates: usize,
    pub below_200: Vec<Below>,
    pub skipped: Vec<Below>,
    /// Problems whose suite depends on the machine's speed (`ProblemFuzz::speed_dependent`):
    /// the same seed gives the same records for every other problem.
    pub speed_dependent: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduced_tests_per_problem: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mutants: Option<MutantCounts>,
    pub dropped_from_output: usize,
    pub contracts: ContractSummary,
    pub seconds: f64,
}

/// Which contracts were in force, and what the published ones caught.
#[derive(Debug, Serialize)]
pub struct ContractSummary {
    /// Problems with preconditions read from their docstring.
    pub stated: usize,
    /// Problems with a published contract (EvalPlus's).
    pub published: usize,
    /// Candidates that met benchsmith's own contract but broke the published one.
    pub published_rejected: usize,
    /// Of the inputs benchsmith's own contract would have kept, the share the published
    /// contracts reject (on problems that have one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_rejected_share: Option<f64>,
    /// Original test inputs the contract in force rejects.
    pub observed_rejected: usize,
    /// New inputs in the extreme tier, and extreme inputs left out by `--no-extreme`.
    pub extreme_inputs: usize,
    pub extreme_left_out: usize,
}

#[derive(Debug, Serialize)]
pub struct Below {
    pub task_id: String,
    pub inputs: usize,
    pub reason: String,
}

#[derive(Debug, Serialize)]
struct ProblemReport<'a> {
    #[serde(flatten)]
    fuzz: &'a ProblemFuzz,
    #[serde(skip_serializing_if = "Option::is_none")]
    mutation: Option<&'a mutate::SuiteScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reduced: Option<usize>,
}

pub fn run(g: &Global, a: &FuzzArgs) -> anyhow::Result<i32> {
    let mut ds = g.open(&a.dataset)?;
    ds.problems.retain(|p| p.language.is_python());
    if let Some(n) = a.limit {
        ds.problems.truncate(n);
    }
    if a.budget == 0 {
        return Err(InputError("--budget must be at least 1".into()).into());
    }
    output::writable(&a.out)?;
    if let Some(r) = &a.report {
        output::writable(r)?;
    }
    let contracts = a
        .contracts
        .clone()
        .or_else(|| Some(PathBuf::from("transforms/contracts")).filter(|p| p.is_dir()));
    let mut published_contracts = std::collections::HashMap::new();
    if let Some(file) = &a.contracts_from {
        for p in g.open_whole(file)?.problems {
            let Some(c) = p.extra.get("contract").and_then(|c| c.as_str()) else {
                continue;
            };
            for id in benchsmith::ingest::evalplus::task_aliases(&p.task_id) {
                published_contracts.insert(id.to_string(), c.to_string());
            }
        }
    }
    let opts = FuzzOptions {
        budget: a.budget,
        seed: a.seed,
        max_rounds: a.rounds,
        contracts_dir: contracts,
        published_contracts,
        time_budget: a.time_budget,
        case_timeout_floor: a.case_timeout,
        suite_time: a.suite_time,
        no_extreme: a.no_extreme,
        ..Default::default()
    };
    let pool = g.pool(&ds)?;
    let t0 = Instant::now();
    let n = ds.problems.len();
    let pb = output::progress(g, n, "probe");
    let prepared = fuzz::prepare(&pool, &ds.problems, &opts, |_, _| pb.inc(1))?;
    pb.finish_and_clear();
    let pb = output::progress(g, 2 * n, "fuzz");
    let results = fuzz::fuzz(&pool, &ds.problems, &prepared, &opts, |_, d| {
        pb.set_position(d as u64)
    })?;
    pb.finish_and_clear();
    let fuzz_secs = t0.elapsed().as_secs_f64();
    if !g.quiet && g.format == OutputFormat::Human {
        output::note(g, &format!("fuzzed {n} problems in {fuzz_secs:.1} s"));
    }

    // Mutation analysis: scores and reduction.
    let mut scored = None;
    if a.reduce || a.score {
        let mopts = MutateOptions {
            max_per_problem: a.mutants,
            seed: a.seed,
            ..Default::default()
        };
        let pb = output::progress(g, n, "mutants");
        let s = mutate::score_fuzzed(&pool, &ds.problems, &results, &mopts, a.reduce, |_, _| {
            pb.inc(1)
        })?;
        pb.finish_and_clear();
        scored = Some(s);
    }
    let scores = scored.as_ref().map_or(vec![None; n], |s| s.scores.clone());
    let selections = scored
        .as_ref()
        .map_or(vec![None; n], |s| s.selections.clone());
    let counts = scored.map(|s| s.counts);

    // Output records.
    let dropped = write_records(a, &ds.problems, &results, &selections)?;
    if let Some(path) = &a.report {
        write_report(path, &results, &scores, &selections)?;
    }

    let summary = summarize(
        &ds.problems,
        &results,
        &scores,
        &selections,
        counts,
        dropped,
        t0.elapsed().as_secs_f64(),
    );
    match g.format {
        OutputFormat::Json => output::json(&summary)?,
        OutputFormat::Jsonl => output::jsonl(&results)?,
        OutputFormat::Human => print_human(g, &results, &scores, &selections, &summary, &a.out),
    }
    // A problem with nothing to write (its reference fails, no value of its types) is a failure.
    let unwritten = results
        .iter()
        .any(|r| r.base.is_empty() && r.fuzzed.is_empty());
    Ok(i32::from(unwritten))
}

fn summarize(
    problems: &[Problem],
    results: &[ProblemFuzz],
    scores: &[Option<mutate::SuiteScores>],
    selections: &[Option<Vec<usize>>],
    counts: Option<MutantCounts>,
    dropped: usize,
    seconds: f64,
) -> Summary {
    let t = fuzz::totals(results, 200);
    let scored: Vec<&mutate::SuiteScores> = scores.iter().flatten().collect();
    let below_200 = results
        .iter()
        .filter(|r| {
            r.note.is_some()
                && r.new_inputs < 200
                && !r.types.is_empty()
                && problems.iter().any(|p| p.task_id == r.task_id)
        })
        .filter(|r| {
            !(r.base.is_empty() && r.fuzzed.is_empty() && r.stats.candidates == 0 && r.rounds == 0)
        })
        .map(|r| Below {
            task_id: r.task_id.clone(),
            inputs: r.new_inputs,
            reason: r.note.clone().unwrap_or_default(),
        })
        .collect();
    let skipped = results
        .iter()
        .filter(|r| r.rounds == 0)
        .map(|r| Below {
            task_id: r.task_id.clone(),
            inputs: 0,
            reason: r.note.clone().unwrap_or_default(),
        })
        .collect();
    let sel: Vec<usize> = selections.iter().flatten().map(Vec::len).collect();
    Summary {
        problems: results.len(),
        inputs: t.inputs,
        valid_rate: t.valid_rate,
        mutation_score: MutationScores {
            original: pooled(&scored, |s| Some(s.killed_original)),
            fuzzed: pooled(&scored, |s| Some(s.killed_fuzzed)),
            reduced: pooled(&scored, |s| s.killed_reduced),
            equivalence: "unknown: survivors count against every suite",
        },
        mean_inputs: t.mean_inputs,
        base_inputs: t.base_inputs,
        candidates: t.candidates,
        below_200,
        skipped,
        speed_dependent: results
            .iter()
            .filter(|r| r.speed_dependent())
            .map(|r| r.task_id.clone())
            .collect(),
        reduced_tests_per_problem: if sel.is_empty() {
            None
        } else {
            Some(sel.iter().sum::<usize>() as f64 / sel.len() as f64)
        },
        mutants: counts,
        dropped_from_output: dropped,
        contracts: contract_summary(results),
        seconds,
    }
}

fn contract_summary(results: &[ProblemFuzz]) -> ContractSummary {
    let with_published: Vec<&ProblemFuzz> = results
        .iter()
        .filter(|r| r.contract.published.is_some())
        .collect();
    let rejected: usize = with_published.iter().map(|r| r.stats.published).sum();
    let kept: usize = with_published.iter().map(|r| r.stats.valid).sum();
    ContractSummary {
        stated: results
            .iter()
            .filter(|r| !r.contract.stated.is_empty())
            .count(),
        published: with_published.len(),
        published_rejected: rejected,
        published_rejected_share: (rejected + kept > 0)
            .then(|| rejected as f64 / (rejected + kept) as f64),
        observed_rejected: results.iter().map(|r| r.stats.observed_rejected).sum(),
        extreme_inputs: results.iter().map(|r| r.extreme_inputs).sum(),
        extreme_left_out: results.iter().map(|r| r.stats.extreme_left_out).sum(),
    }
}

fn print_human(
    g: &Global,
    results: &[ProblemFuzz],
    scores: &[Option<mutate::SuiteScores>],
    sel: &[Option<Vec<usize>>],
    s: &Summary,
    out: &std::path::Path,
) {
    for (i, r) in results.iter().enumerate() {
        if g.verbose || r.note.is_some() && r.new_inputs < 200 {
            let m = scores[i]
                .as_ref()
                .map(|m| format!(" score {:.2}/{:.2}", m.original, m.fuzzed))
                .unwrap_or_default();
            let red = sel[i]
                .as_ref()
                .map(|x| format!(" reduced {}", x.len()))
                .unwrap_or_default();
            println!(
                "{:<16} {:>4} inputs, valid {:>5.1}%{m}{red}{}",
                r.task_id,
                r.new_inputs,
                100.0 * r.valid_rate,
                r.note
                    .as_ref()
                    .map(|n| format!("  ({n})"))
                    .unwrap_or_default()
            );
        }
    }
    let ms = &s.mutation_score;
    let f = |x: Option<f64>| {
        x.map(|v| format!("{:.1}%", 100.0 * v))
            .unwrap_or_else(|| "-".into())
    };
    println!(
        "{} problems, {} new inputs ({:.1} per problem), valid rate {:.1}%, mutation score original {} fuzzed {} reduced {}{} -> {} ({:.1} s)",
        s.problems,
        s.inputs,
        s.mean_inputs,
        100.0 * s.valid_rate,
        f(ms.original),
        f(ms.fuzzed),
        f(ms.reduced),
        s.reduced_tests_per_problem.map(|x| format!(" ({x:.1} tests per problem)")).unwrap_or_default(),
        out.display(),
        s.seconds
    );
    let c = &s.contracts;
    println!(
        "contracts: {} problems with docstring preconditions, {} with published ones{}; {} extreme-tier inputs{}{}",
        c.stated,
        c.published,
        c.published_rejected_share
            .map(|x| format!(
                " (they rejected {} inputs benchsmith's own contract kept: {:.2}%)",
                c.published_rejected,
                100.0 * x
            ))
            .unwrap_or_default(),
        c.extreme_inputs,
        if c.extreme_left_out > 0 {
            format!(", {} left out", c.extreme_left_out)
        } else {
            String::new()
        },
        if c.observed_rejected > 0 {
            format!(
                "; {} original test inputs break the contract in force",
                c.observed_rejected
            )
        } else {
            String::new()
        }
    );
}

/// The fuzzed problems in the `--emit` format (one record per problem with inputs); how many
/// inputs EvalPlus's format could not carry.
fn write_records(
    a: &FuzzArgs,
    problems: &[Problem],
    results: &[ProblemFuzz],
    selections: &[Option<Vec<usize>>],
) -> anyhow::Result<usize> {
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&a.out)
            .map_err(|e| InputError(format!("{}: {e}", a.out.display())))?,
    );
    let mut dropped = 0;
    for ((p, r), sel) in problems.iter().zip(results).zip(selections) {
        if r.base.is_empty() && r.fuzzed.is_empty() {
            continue;
        }
        let sel = sel.as_deref();
        match a.emit {
            Emit::Evalplus => {
                let (line, d) = export::evalplus_line(p, r, sel);
                dropped += d;
                writeln!(file, "{line}")?;
            }
            Emit::Humaneval => writeln!(file, "{}", export::humaneval_record(p, r, sel))?,
            Emit::Native => writeln!(
                file,
                "{}",
                serde_json::to_string(&export::native_record(p, r, sel, a.seed, a.budget))?
            )?,
        }
    }
    file.flush()?;
    Ok(dropped)
}

/// `--report`: one line per problem, its fuzzing and mutation figures.
fn write_report(
    path: &Path,
    results: &[ProblemFuzz],
    scores: &[Option<mutate::SuiteScores>],
    selections: &[Option<Vec<usize>>],
) -> anyhow::Result<()> {
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(path).map_err(|e| InputError(format!("{}: {e}", path.display())))?,
    );
    for ((r, s), sel) in results.iter().zip(scores).zip(selections) {
        let rep = ProblemReport {
            fuzz: r,
            mutation: s.as_ref(),
            reduced: sel.as_ref().map(Vec::len),
        };
        writeln!(f, "{}", serde_json::to_string(&rep)?)?;
    }
    f.flush()?;
    Ok(())
}
