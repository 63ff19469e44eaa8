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
    /// Jaccard similarity (of code and statement shingles) from which two problems are duplicates.
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// Write the clusters (members, pairs, diffs) here as JSON Lines.
    #[arg(long)]
    pub out: Option<PathBuf>,
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
    let (summary, clusters) = dedup::dedup(&entries, a.threshold);
    if let Some(o) = &a.out {
        let mut buf = Vec::new();
        for c in &clusters {
            serde_json::to_writer(&mut buf, c)?;
            buf.push(b'\n');
        }
        benchsmith::leak::write_atomic(o, &buf)?;
    }
    match g.format {
        OutputFormat::Human => {
            println!(
                "{} problems: {} clusters of near-duplicates ({} across benchmarks), {} verified pairs of {} candidates (Jaccard >= {})",
                summary.problems,
                summary.clusters,
                summary.cross_benchmark_clusters,
                summary.verified_pairs,
                summary.candidate_pairs,
                summary.threshold
            );
            for c in clusters
                .iter()
                .take(if g.verbose { usize::MAX } else { 20 })
            {
                let names: Vec<String> = c.members.iter().map(|m| m.task_id.clone()).collect();
                let best = c.pairs.iter().map(|p| p.jaccard).fold(0.0, f64::max);
                println!("  {} (max Jaccard {best})", names.join(", "));
            }
        }
        OutputFormat::Json => output::json(&summary)?,
        OutputFormat::Jsonl => output::jsonl(&clusters)?,
    }
    Ok(0)
}
