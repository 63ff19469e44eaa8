//! The command line: clap definitions, one module per command, printers. Only this layer prints.

pub mod compose;
pub mod dedup;
pub mod diff;
pub mod evaluate;
pub mod export;
pub mod fetch;
pub mod fuzz;
pub mod inspect;
pub mod leak;
pub mod mutate;
pub mod output;
pub mod perturb;
pub mod robustness;
pub mod run;
pub mod shrink;
pub mod translate;
pub mod validate;

use benchsmith::exec::{Isolation, Pool, SandboxConfig};
use benchsmith::ingest::{Dataset, Format};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "benchsmith",
    version,
    about = "Build better code-generation benchmarks out of existing ones."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Output format: human (tables), json (one summary object), jsonl (one record per line).
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Parallel workers (default: the number of cores).
    #[arg(long, short = 'j', global = true, value_parser = positive_usize)]
    pub jobs: Option<usize>,
    /// Less output (errors and the final summary only).
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More output (every task's verdict).
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
    /// Python interpreter for the sandbox (default: $BENCHSMITH_PYTHON or python3).
    #[arg(long, global = true)]
    pub python: Option<PathBuf>,
    /// Sandbox isolation: auto (namespaces when available), required, off.
    #[arg(long, global = true, value_enum, default_value_t = IsolationArg::Auto)]
    pub isolation: IsolationArg,
    /// Force the input format instead of detecting it.
    #[arg(long, global = true, value_enum)]
    pub input_format: Option<Format>,
    /// Refuse a dataset file at its first unusable record (default: skip it with a diagnostic
    /// naming file, line, field and reason, go on with the rest, and exit 1).
    #[arg(long, global = true)]
    pub strict: bool,
    /// Only this task (repeatable): every dataset argument is cut to these task ids, and an id
    /// it does not have is an input error.
    #[arg(long = "task", global = true, value_name = "ID")]
    pub tasks: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IsolationArg {
    Auto,
    Required,
    Off,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Download a built-in dataset into the cache (sha256-checked).
    Fetch(fetch::FetchArgs),
    /// Show the analysis and the observed calls of problems.
    Inspect(inspect::InspectArgs),
    /// Run every reference solution against its tests in the sandbox.
    Validate(validate::ValidateArgs),
    /// Run model samples, write per-sample results, report pass@k.
    Evaluate(evaluate::EvaluateArgs),
    /// Generate validated ReCode-style perturbations (one HumanEval-format JSONL per transform and seed).
    Perturb(perturb::PerturbArgs),
    /// Show prompt differences between two benchmark files.
    Diff(diff::DiffArgs),
    /// Robust Pass/Drop/Relative@k from per-sample results of nominal and variant sets.
    Robustness(robustness::RobustnessArgs),
    /// Compose self-invoking (Pro) problems by type-directed templates, validated by execution.
    Compose(compose::ComposeArgs),
    /// Convert a composed file: humaneval, codeeval-pro or native records.
    Export(export::ExportArgs),
    /// Generate new test inputs (typed, contract-aware, oracle-labelled); optionally reduce.
    Fuzz(fuzz::FuzzArgs),
    /// Mutants of the reference solutions: kill status, or a buggy-code benchmark.
    Mutate(mutate::MutateArgs),
    /// Shrink the inputs on which samples fail to minimal counterexamples.
    Shrink(shrink::ShrinkArgs),
    /// Find benchmark problems, variants and translations in training corpora.
    Leak(leak::LeakArgs),
    /// Near-duplicate problems within and across benchmarks.
    Dedup(dedup::DedupArgs),
    /// The whole pipeline from one recipe (validate, perturb, compose, fuzz, export).
    Run(run::RunArgs),
    /// Translate problems and tests into other languages, validated in the sandbox.
    Translate(translate::TranslateArgs),
}

impl Global {
    pub fn workers(&self) -> usize {
        self.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
        })
    }

    pub fn sandbox(&self) -> SandboxConfig {
        let mut c = SandboxConfig::default();
        if let Some(p) = &self.python {
            c.python = p.clone();
        }
        c.isolation = match self.isolation {
            IsolationArg::Auto => Isolation::Auto,
            IsolationArg::Required => Isolation::Required,
            IsolationArg::Off => Isolation::Off,
        };
        c
    }

    /// A worker pool for the programs of `ds` (its workers preload the libraries they import).
    pub fn pool(&self, ds: &Dataset) -> anyhow::Result<Pool> {
        let mut config = self.sandbox();
        config.preload = benchsmith::exec::preload_for(ds.problems.iter().flat_map(|p| {
            [
                p.prompt.as_str(),
                p.canonical_solution.as_str(),
                p.tests.code.as_str(),
                p.tests.setup.as_str(),
            ]
        }));
        Ok(Pool::new(&config, self.workers())?)
    }

    /// A dataset argument, cut to `--task`.
    pub fn open(&self, dataset: &str) -> anyhow::Result<Dataset> {
        let mut ds = self.open_whole(dataset)?;
        if !self.tasks.is_empty() {
            if let Some(t) = self
                .tasks
                .iter()
                .find(|t| !ds.problems.iter().any(|p| &p.task_id == *t))
            {
                return Err(InputError(format!("{}: no task {t:?}", ds.source)).into());
            }
            ds.problems.retain(|p| self.tasks.contains(&p.task_id));
        }
        Ok(ds)
    }

    /// A file read whole whatever `--task` says (published contracts, a suite to score).
    pub fn open_whole(&self, dataset: &str) -> anyhow::Result<Dataset> {
        let python = self.sandbox().python;
        let opts = benchsmith::ingest::LoadOptions {
            format: self.input_format,
            strict: self.strict,
        };
        let ds = benchsmith::datasets::open(dataset, opts, &python)?;
        if !self.quiet {
            for s in &ds.skipped {
                eprintln!("warning: skipped {}", s.describe(&ds.source));
            }
        }
        Ok(ds)
    }
}

/// Read samples for `ds`, warning (unless quiet) about every skipped line, samples that look
/// like chat replies, and tasks without samples.
pub fn read_samples_for(
    g: &Global,
    path: &std::path::Path,
    ds: &Dataset,
    sanitizing: bool,
) -> anyhow::Result<Vec<benchsmith::evaluate::samples::Sample>> {
    let known: std::collections::HashSet<String> =
        ds.problems.iter().map(|p| p.task_id.clone()).collect();
    let set = benchsmith::evaluate::samples::read_samples(path, &known, g.strict)
        .map_err(|e| InputError(e.to_string()))?;
    if !g.quiet {
        for e in &set.skipped {
            eprintln!("warning: skipped sample: {e}");
        }
        let chat = set.chat_like();
        if chat > 0 && !sanitizing {
            eprintln!(
                "warning: {chat} of {} samples contain a markdown fence (a chat reply, not a program); --sanitize extracts the program",
                set.samples.len()
            );
        }
        let sampled: std::collections::HashSet<&str> =
            set.samples.iter().map(|s| s.task_id.as_str()).collect();
        let missing = known.len() - sampled.len();
        if missing > 0 {
            eprintln!(
                "warning: {missing} of {} tasks have no samples: pass@k covers the {} sampled tasks",
                known.len(),
                sampled.len()
            );
        }
    }
    Ok(set.samples)
}

/// A count that must be at least 1 (`--jobs`, `--k`).
pub fn positive_usize(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// A size that must be at least 1 (`--mem-mb`).
pub fn positive_u64(s: &str) -> Result<u64, String> {
    positive_usize(s).map(|n| n as u64)
}

/// A duration in seconds that must be finite and above 0 (`--timeout`).
pub fn positive_f64(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        Ok(_) => Err("must be a number of seconds above 0".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Errors that are the user's input (exit 2) rather than findings (exit 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match &cli.command {
        Command::Fetch(a) => fetch::run(&cli.global, a),
        Command::Inspect(a) => inspect::run(&cli.global, a),
        Command::Validate(a) => validate::run(&cli.global, a),
        Command::Evaluate(a) => evaluate::run(&cli.global, a),
        Command::Perturb(a) => perturb::run(&cli.global, a),
        Command::Diff(a) => diff::run(&cli.global, a),
        Command::Robustness(a) => robustness::run(&cli.global, a),
        Command::Compose(a) => compose::run(&cli.global, a),
        Command::Export(a) => export::run(&cli.global, a),
        Command::Fuzz(a) => fuzz::run(&cli.global, a),
        Command::Mutate(a) => mutate::run(&cli.global, a),
        Command::Shrink(a) => shrink::run(&cli.global, a),
        Command::Leak(a) => leak::run(&cli.global, a),
        Command::Dedup(a) => dedup::run(&cli.global, a),
        Command::Run(a) => run::run(&cli.global, a),
        Command::Translate(a) => translate::run(&cli.global, a),
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every command and every argument says what it is for (`--help` is the reference).
    #[test]
    fn every_argument_has_help() {
        let cli = Cli::command();
        let mut missing = vec![];
        // Commands and their own subcommands (`leak index`, ...).
        let mut all = vec![&cli];
        let mut k = 0;
        while k < all.len() {
            all.extend(all[k].get_subcommands());
            k += 1;
        }
        for cmd in all {
            if cmd.get_name() != "benchsmith" && cmd.get_about().is_none() {
                missing.push(format!("{} (command)", cmd.get_name()));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{} {id}", cmd.get_name()));
                }
            }
        }
        assert!(missing.is_empty(), "arguments without help: {missing:?}");
    }
}
