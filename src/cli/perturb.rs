//! `benchsmith perturb DATASET (--recipe NAME|FILE | --transform ID...) [--seeds N] --out DIR`

use super::{output, Global, InputError, OutputFormat};
use benchsmith::perturb::{self, Recipe, REGISTRY};
use clap::Args;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct PerturbArgs {
    /// A benchmark file or a built-in name (humaneval, mbpp, sample).
    #[arg(required_unless_present = "list")]
    pub dataset: Option<String>,
    /// A built-in recipe (recode, all) or a YAML file.
    #[arg(long, conflicts_with = "transform")]
    pub recipe: Option<String>,
    /// Transform ids (repeatable); see --list.
    #[arg(long, num_args = 1..)]
    pub transform: Vec<String>,
    /// Seeds for randomised transforms (overrides the recipe).
    #[arg(long)]
    pub seeds: Option<u64>,
    /// Output directory.
    #[arg(long, required_unless_present = "list")]
    pub out: Option<PathBuf>,
    /// List the transform registry and exit.
    #[arg(long)]
    pub list: bool,
    /// Wall-clock limit per variant's reference run, seconds.
    #[arg(long, default_value_t = 20.0, value_parser = super::positive_f64)]
    pub timeout: f64,
    /// Memory limit per program, MiB.
    #[arg(long, default_value_t = benchsmith::exec::DEFAULT_MEM_MB, value_parser = super::positive_u64)]
    pub mem_mb: u64,
}

pub fn run(g: &Global, a: &PerturbArgs) -> anyhow::Result<i32> {
    if a.list {
        match g.format {
            OutputFormat::Human => {
                for s in REGISTRY {
                    println!(
                        "{:<32} {:<9} {:<7} {:<10} {}",
                        s.id,
                        s.category.as_str(),
                        s.base.as_str(),
                        if s.randomised { "random" } else { "determ." },
                        s.summary
                    );
                }
            }
            _ => output::json(&REGISTRY)?,
        }
        return Ok(0);
    }
    let recipe = match (&a.recipe, a.transform.is_empty()) {
        (Some(r), _) => Recipe::load(r).map_err(|e| InputError(e.to_string()))?,
        (None, false) => Recipe::of_ids(&a.transform, a.seeds.unwrap_or(5)),
        (None, true) => {
            return Err(InputError("give --recipe NAME|FILE or --transform ID...".into()).into())
        }
    };
    let tasks = recipe
        .tasks(a.seeds)
        .map_err(|e| InputError(e.to_string()))?;
    if let Some(t) = tasks.iter().find(|t| t.spec.id == "BackTranslation") {
        return Err(InputError(
            perturb::PerturbError::NeedsModel(t.spec.id.to_string()).to_string(),
        )
        .into());
    }
    let out = a.out.clone().expect("required by clap");
    output::writable_dir(&out)?;
    let ds = g.open(a.dataset.as_deref().unwrap_or_default())?;
    let pool = g.pool(&ds)?;
    let total: usize = tasks.iter().map(|t| t.seeds.len()).sum::<usize>() * ds.problems.len();
    let pb = output::progress(g, total, "perturb");
    let t0 = Instant::now();
    let opts = perturb::Options {
        timeout: a.timeout,
        mem_mb: a.mem_mb,
        threads: g.workers(),
    };
    let generated = perturb::generate(&pool, &ds.problems, &tasks, &opts, |_, _| pb.inc(1))?;
    pb.finish_and_clear();
    perturb::engine::write(&out, &generated)?;
    let secs = t0.elapsed().as_secs_f64();
    let r = &generated.report;
    match g.format {
        OutputFormat::Json => output::json(r)?,
        OutputFormat::Jsonl => output::jsonl(
            r.transforms
                .iter()
                .map(|(id, t)| serde_json::json!({"transform": id, "report": t})),
        )?,
        OutputFormat::Human => {
            println!(
                "{:<32} {:>9} {:>8} {:>9} {:>7}",
                "transform", "generated", "changed", "unchanged", "invalid"
            );
            for (id, t) in &r.transforms {
                println!(
                    "{:<32} {:>9} {:>8} {:>9} {:>7}",
                    id, t.generated, t.changed, t.unchanged, t.invalid
                );
                if g.verbose {
                    for (why, (n, ids)) in &t.invalid_reasons {
                        println!("    invalid x{n}: {why} ({})", ids.join(", "));
                    }
                }
            }
            println!(
                "{}: {} tasks ({} excluded), {} variants checked in {} executions, {:.1} s; written to {}",
                ds.source,
                r.tasks,
                r.excluded.len(),
                r.variants_checked,
                r.executions,
                secs,
                out.display()
            );
            if !r.excluded.is_empty() && !g.quiet {
                for (t, why) in &r.excluded {
                    eprintln!("excluded {t}: {why}");
                }
            }
        }
    }
    Ok(if r.transforms.values().any(|t| t.invalid > 0) {
        1
    } else {
        0
    })
}
