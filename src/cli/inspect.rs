//! `benchsmith inspect DATASET [--task ID]...`

use super::{output, Global, OutputFormat};
use benchsmith::probe::{self, RefOptions};
use clap::Args;

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A benchmark file (format detected) or a built-in name.
    pub dataset: String,
    /// Do not run the reference solutions (no observed calls or inferred types).
    #[arg(long)]
    pub no_probe: bool,
}

pub fn run(g: &Global, a: &InspectArgs) -> anyhow::Result<i32> {
    let ds = g.open(&a.dataset)?;
    let python: Vec<_> = ds
        .problems
        .iter()
        .filter(|p| p.language.is_python())
        .cloned()
        .collect();
    let observations = if a.no_probe || python.is_empty() {
        vec![]
    } else {
        let pool = g.pool(&ds)?;
        let pb = output::progress(g, python.len(), "probe");
        let obs = probe::probe(&pool, &python, &RefOptions::default(), |_, _| pb.inc(1))?;
        pb.finish_and_clear();
        obs
    };
    let reports = benchsmith::inspect::inspect(&ds.problems, &observations);
    match g.format {
        OutputFormat::Json => output::json(&reports)?,
        OutputFormat::Jsonl => output::jsonl(&reports)?,
        OutputFormat::Human => {
            for r in &reports {
                println!("{}", benchsmith::inspect::render_human(r));
            }
        }
    }
    Ok(0)
}
