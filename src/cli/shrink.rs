//! `benchsmith shrink DATASET --samples FILE`: run samples on the structured cases of a
//! (fuzzed) dataset and shrink each failing sample's smallest failing input to a minimal,
//! readable counterexample (`evaluate` does the same for the samples that fail).

use super::{output, Global, InputError, OutputFormat};
use benchsmith::fuzz::counterexample::{self, CounterexampleOptions, Failure};
use clap::Args;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ShrinkArgs {
    /// A dataset with structured inputs (e.g. the output of `benchsmith fuzz`).
    pub dataset: String,
    /// Samples (JSON Lines with `task_id` and `completion` or `solution`).
    #[arg(long)]
    pub samples: PathBuf,
    /// Shrinking steps per failure.
    #[arg(long, default_value_t = 100)]
    pub max_steps: usize,
    /// Per-input time limit, seconds.
    #[arg(long, default_value_t = 1.0, value_parser = super::positive_f64)]
    pub case_timeout: f64,
}

/// One line per counterexample.
pub fn print_failures(failures: &[Failure]) {
    for f in failures {
        println!(
            "{} #{}: {} failing inputs; smallest after {} shrink steps (size {} -> {}):\n    {}",
            f.task_id,
            f.sample_index,
            f.failing_inputs,
            f.shrunk.steps,
            f.shrunk.size_before,
            f.shrunk.size_after,
            f.counterexample
        );
    }
}

pub fn run(g: &Global, a: &ShrinkArgs) -> anyhow::Result<i32> {
    let mut ds = g.open(&a.dataset)?;
    ds.problems
        .retain(|p| p.language.is_python() && !p.tests.cases.is_empty());
    if ds.problems.is_empty() {
        return Err(InputError(format!("{}: no problem has structured inputs", ds.source)).into());
    }
    let samples = super::read_samples_for(g, &a.samples, &ds, false)?;
    let pool = g.pool(&ds)?;
    let problems: HashMap<String, _> = ds
        .problems
        .into_iter()
        .map(|p| (p.task_id.clone(), p))
        .collect();
    let opts = CounterexampleOptions {
        max_steps: a.max_steps,
        case_timeout: a.case_timeout,
    };
    let all: Vec<_> = samples.iter().collect();
    let failures = counterexample::counterexamples(&pool, &problems, &all, &opts)?;
    match g.format {
        OutputFormat::Json => output::json(
            &serde_json::json!({"samples": samples.len(), "failing": failures.len(), "failures": failures}),
        )?,
        OutputFormat::Jsonl => output::jsonl(&failures)?,
        OutputFormat::Human => {
            print_failures(&failures);
            println!(
                "{} samples, {} failing on some input",
                samples.len(),
                failures.len()
            );
        }
    }
    Ok(if failures.is_empty() { 0 } else { 1 })
}
