//! `benchsmith dedup DATASET...`: near-duplicate problems within and across benchmarks.

use super::{output, Global, OutputFormat};
use benchsmith::leak::{dedup, entry};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct DedupArgs {
    /// Benchmark or variant files (or built-in dataset names).
    #[arg(required = true)]
    pub datasets: Vec<String>,
    /// Similarity (of code and statement shingles) from which two problems are duplicates.
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// jaccard: near-duplicates of similar size; containment: one problem inside another
    /// (a variant or a Pro problem around its source).
    #[arg(long, value_enum, default_value_t = MeasureArg::Jaccard)]
    pub measure: MeasureArg,
    /// Write the clusters (members, pairs, diffs) here as JSON Lines.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MeasureArg {
    Jaccard,
    Containment,
}

pub fn run(g: &Global, a: &DedupArgs) -> anyhow::Result<i32> {
    if !(a.threshold > 0.0 && a.threshold <= 1.0) {
        return Err(super::InputError("--threshold must be above 0 and at most 1".into()).into());
    }
    if let Some(o) = &a.out {
        output::writable(o)?;
    }
    let mut entries = vec![];
    for d in &a.datasets {
        entries.extend(entry::entries(&g.open(d)?));
    }
    let measure = match a.measure {
        MeasureArg::Jaccard => dedup::Measure::Jaccard,
        MeasureArg::Containment => dedup::Measure::Containment,
    };
    let (summary, clusters) = dedup::dedup(&entries, a.threshold, measure);
    if let Some(o) = &a.out {
        benchsmith::leak::write_jsonl_atomic(o, &clusters)?;
    }
    match g.format {
        OutputFormat::Human => {
            println!(
                "{} problems: {} clusters of near-duplicates ({} across benchmarks), {} verified pairs of {} candidates ({:?} >= {})",
                summary.problems,
                summary.clusters,
                summary.cross_benchmark_clusters,
                summary.verified_pairs,
                summary.candidate_pairs,
                summary.measure,
                summary.threshold
            );
            for (pair, n) in &summary.pairs_by_benchmarks {
                println!("  {pair}: {n} pairs");
            }
            let shown = if g.verbose { usize::MAX } else { 20 };
            if clusters.len() > shown {
                println!(
                    "first {shown} clusters (all with -v; diffs with --out or --format jsonl):"
                );
            }
            for c in clusters.iter().take(shown) {
                let names: Vec<String> = c
                    .members
                    .iter()
                    .map(|m| format!("{}:{}", m.benchmark, m.task_id))
                    .collect();
                let best = c.pairs.iter().map(|p| p.jaccard).fold(0.0, f64::max);
                println!("  {} (max {best})", names.join(", "));
            }
        }
        OutputFormat::Json => output::json(&summary)?,
        OutputFormat::Jsonl => output::jsonl(&clusters)?,
    }
    Ok(0)
}
