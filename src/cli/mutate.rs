//! `benchsmith mutate DATASET --out FILE [--buggy]`

use super::{output, Global, InputError, OutputFormat};
use benchsmith::model::Problem;
use benchsmith::mutate::{self, MutateOptions};
use clap::Args;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct MutateArgs {
    /// A benchmark file (format detected) or a built-in name.
    pub dataset: String,
    /// Output file: one mutant per line (or buggy-code records with --buggy).
    #[arg(long)]
    pub out: PathBuf,
    /// Export a buggy-code benchmark: the prompt continues with the solution up to a planted
    /// bug (only mutants that some test detects).
    #[arg(long)]
    pub buggy: bool,
    /// Mutants per problem (0 = all).
    #[arg(long, default_value_t = 40)]
    pub max: usize,
    /// Seed for choosing mutants and fuzzing.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Fuzzed inputs per problem scored beside the original tests.
    #[arg(long, default_value_t = 100)]
    pub budget: usize,
    /// Score this suite instead of a fuzzed one: a dataset file with structured inputs for the
    /// same task ids (HumanEval+ / MBPP+ `base_input` and `plus_input`, a `benchsmith fuzz`
    /// output); expected outputs come from DATASET's reference solutions.
    #[arg(long)]
    pub suite: Option<String>,
    /// Only the first N problems.
    #[arg(long)]
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, Default)]
struct OpCount {
    mutants: usize,
    killed_original: usize,
    killed_fuzzed: usize,
    survived: usize,
}

pub fn run(g: &Global, a: &MutateArgs) -> anyhow::Result<i32> {
    let mut ds = g.open(&a.dataset)?;
    ds.problems.retain(|p| p.language.is_python());
    if let Some(n) = a.limit {
        ds.problems.truncate(n);
    }
    output::writable(&a.out)?;
    let pool = g.pool(&ds)?;
    let results = match &a.suite {
        Some(file) => {
            let given = g.open_whole(file)?;
            // By every id the suite's tasks go by (MBPP+'s `Mbpp/N` scores MBPP's `N`).
            let cases = given
                .problems
                .iter()
                .filter(|p| !p.tests.cases.is_empty())
                .flat_map(|p| {
                    benchsmith::ingest::evalplus::task_aliases(&p.task_id)
                        .map(|id| (id.to_string(), p.tests.cases.clone()))
                })
                .collect();
            mutate::suite::given_suites(
                &pool,
                &ds.problems,
                &cases,
                benchsmith::exec::DEFAULT_MEM_MB,
            )?
        }
        None => mutate::suite::fuzzed_suites(&pool, &ds.problems, a.budget, a.seed)?,
    };
    let mopts = MutateOptions {
        max_per_problem: a.max,
        seed: a.seed,
        ..Default::default()
    };
    let pb = output::progress(g, ds.problems.len(), "mutants");
    let analyses = mutate::analyse_suites(&pool, &ds.problems, &results, &mopts, |_, _| pb.inc(1))?;
    pb.finish_and_clear();
    let (by_op, scores, written) = write_mutants(a, &ds.problems, &analyses)?;
    // Killed over all mutants, pooled: survivors are not assumed equivalent.
    let total: usize = scores.iter().map(|s| s.mutants).sum();
    let avg = |f: &dyn Fn(&mutate::SuiteScores) -> usize| {
        if total == 0 {
            0.0
        } else {
            scores.iter().map(f).sum::<usize>() as f64 / total as f64
        }
    };
    let summary = json!({
        "problems": scores.len(),
        "mutants": by_op.values().map(|c| c.mutants).sum::<usize>(),
        "survived": by_op.values().map(|c| c.survived).sum::<usize>(),
        "records": written,
        "suite": a.suite.as_deref().unwrap_or("fuzzed"),
        "mutation_score": {"original": avg(&|s| s.killed_original), "fuzzed": avg(&|s| s.killed_fuzzed),
            "equivalence": "unknown: survivors count against every suite"},
        "operators": by_op,
    });
    match g.format {
        OutputFormat::Json | OutputFormat::Jsonl => output::json(&summary)?,
        OutputFormat::Human => print_human(a, &by_op, &summary, written),
    }
    Ok(0)
}

/// The human summary: per operator, then the scores.
fn print_human(
    a: &MutateArgs,
    by_op: &BTreeMap<&str, OpCount>,
    summary: &serde_json::Value,
    written: usize,
) {
    println!(
        "{:<20} {:>8} {:>10} {:>10} {:>9}",
        "operator", "mutants", "orig-kill", "fuzz-kill", "survived"
    );
    for (op, c) in by_op {
        println!(
            "{op:<20} {:>8} {:>10} {:>10} {:>9}",
            c.mutants, c.killed_original, c.killed_fuzzed, c.survived
        );
    }
    println!(
        "{} records -> {}; mutants killed (of all; equivalence unknown): original tests {:.1}%, fuzzed {:.1}%",
        written,
        a.out.display(),
        100.0
            * summary["mutation_score"]["original"]
                .as_f64()
                .unwrap_or(0.0),
        100.0 * summary["mutation_score"]["fuzzed"].as_f64().unwrap_or(0.0)
    );
}

/// Per mutant a record (with `--buggy`: the killed ones as buggy solutions); the counts per
/// operator, the suite scores per problem and the records written.
fn write_mutants<'a>(
    a: &MutateArgs,
    problems: &[Problem],
    analyses: &'a [Option<mutate::SuiteAnalysis>],
) -> anyhow::Result<(BTreeMap<&'a str, OpCount>, Vec<mutate::SuiteScores>, usize)> {
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&a.out)
            .map_err(|e| InputError(format!("{}: {e}", a.out.display())))?,
    );
    let mut by_op: BTreeMap<&str, OpCount> = BTreeMap::new();
    let mut written = 0;
    let mut scores = vec![];
    for (p, an) in problems.iter().zip(analyses) {
        let Some(an) = an else { continue };
        scores.push(an.scores(None));
        for (i, m) in an.mutants.iter().enumerate() {
            let ko = an.killed_original[i];
            let kf = !an.kills[i].is_empty();
            let c = by_op.entry(m.operator).or_default();
            c.mutants += 1;
            c.killed_original += ko as usize;
            c.killed_fuzzed += kf as usize;
            c.survived += (!ko && !kf) as usize;
            if a.buggy {
                if ko || kf {
                    writeln!(file, "{}", mutate::buggy_record(p, m))?;
                    written += 1;
                }
            } else {
                let rec = json!({
                    "task_id": p.task_id, "mutant_id": m.id, "operator": m.operator, "line": m.line,
                    "description": m.description, "solution": m.solution,
                    "status": if ko || kf { "killed" } else { "survived" },
                    "killed_by_original": ko, "killing_inputs": an.kills[i].len(),
                });
                writeln!(file, "{rec}")?;
                written += 1;
            }
        }
    }
    file.flush()?;
    Ok((by_op, scores, written))
}
