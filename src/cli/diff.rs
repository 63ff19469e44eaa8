//! `benchsmith diff A B [--task ID]...`: prompt differences between two benchmark files
//! (coloured on a terminal, unified diff otherwise).

use super::{Global, OutputFormat};
use clap::Args;
use similar::{ChangeTag, TextDiff};
use std::collections::HashMap;
use std::io::IsTerminal;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first benchmark file (the nominal one).
    pub a: String,
    /// The second benchmark file (a variant of the first).
    pub b: String,
    /// Also diff the canonical solutions.
    #[arg(long)]
    pub solutions: bool,
}

pub fn run(g: &Global, a: &DiffArgs) -> anyhow::Result<i32> {
    let da = g.open(&a.a)?;
    let db = g.open(&a.b)?;
    let bmap: HashMap<&str, &benchsmith::model::Problem> = db
        .problems
        .iter()
        .map(|p| (p.task_id.as_str(), p))
        .collect();
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
        && g.format == OutputFormat::Human;
    let mut differing = 0;
    let mut records = vec![];
    for pa in &da.problems {
        let Some(pb) = bmap.get(pa.task_id.as_str()) else {
            continue;
        };
        let mut fields = vec![("prompt", &pa.prompt, &pb.prompt)];
        if a.solutions {
            fields.push((
                "canonical_solution",
                &pa.canonical_solution,
                &pb.canonical_solution,
            ));
        }
        for (field, x, y) in fields {
            if x == y {
                continue;
            }
            differing += 1;
            let diff = TextDiff::from_lines(x.as_str(), y.as_str());
            let unified = diff
                .unified_diff()
                .header(
                    &format!("{}:{}:{field}", a.a, pa.task_id),
                    &format!("{}:{}:{field}", a.b, pa.task_id),
                )
                .to_string();
            if g.format != OutputFormat::Human {
                records.push(
                    serde_json::json!({"task_id": pa.task_id, "field": field, "diff": unified}),
                );
            } else if color {
                println!("\x1b[1m{} ({field})\x1b[0m", pa.task_id);
                for op in diff.ops() {
                    for ch in diff.iter_changes(op) {
                        let (sign, c) = match ch.tag() {
                            ChangeTag::Delete => ("-", "\x1b[31m"),
                            ChangeTag::Insert => ("+", "\x1b[32m"),
                            ChangeTag::Equal => (" ", ""),
                        };
                        print!("{c}{sign}{}", ch.value());
                        if ch.missing_newline() {
                            println!();
                        }
                        print!("\x1b[0m");
                    }
                }
            } else {
                print!("{unified}");
            }
        }
    }
    match g.format {
        OutputFormat::Json => {
            super::output::json(&serde_json::json!({"differing": differing, "diffs": records}))?
        }
        OutputFormat::Jsonl => super::output::jsonl(&records)?,
        OutputFormat::Human => {}
    }
    Ok(if differing > 0 { 1 } else { 0 })
}
