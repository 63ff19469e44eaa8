//! `benchsmith compose DATASET --out FILE`: self-invoking problems composed by type-directed
//! templates, proven by execution. FILE gets CodeEval-Pro records (one JSON object per line);
//! `FILE` with `.humaneval.jsonl` and `.native.jsonl` in place of its extension get the other
//! renderings. `--depth 2` adds problems composed over the composed ones.

use super::{output, Global, InputError, OutputFormat};
use benchsmith::compose::{self, ComposeOptions, GateOptions};
use clap::Args;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Args)]
pub struct ComposeArgs {
    /// A benchmark file (format detected) or a built-in name: sample, humaneval, mbpp.
    pub dataset: String,
    /// Output file: CodeEval-Pro records, one JSON object per line.
    #[arg(long)]
    pub out: PathBuf,
    /// Templates to use (comma-separated ids; default: all). See `--list-templates`.
    #[arg(long, value_delimiter = ',')]
    pub templates: Vec<String>,
    /// Composed problems kept per base problem (0: every one that passes the gates).
    #[arg(long, default_value_t = 0)]
    pub per_problem: usize,
    /// Stacking depth: 2 also composes over every problem composed at depth 1 (a template over
    /// a template; ids `<task>/<t1>/<t2>`, written after the depth-1 records).
    #[arg(long, default_value_t = 1,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=2))]
    pub depth: usize,
    /// Depth-2 problems kept per depth-1 problem (0: every one that passes the gates; the cap
    /// also bounds how many candidates are run).
    #[arg(long, default_value_t = compose::stack::PER_PROBLEM)]
    pub stacked_per_problem: usize,
    /// Seed for input sampling and template parameters.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Time limit per test input of a composed problem, seconds.
    #[arg(long, default_value_t = 1.0, value_parser = super::positive_f64)]
    pub case_timeout: f64,
    /// Work units one composed problem may spend over all its test inputs (the time gate: a
    /// problem whose tests take more is rejected). A unit is a line or call that a base
    /// function executes, counted on the first call with each argument tuple, so the decision
    /// is the same in every run, unlike a clock.
    #[arg(long, default_value_t = GateOptions::default().work_budget)]
    pub work_budget: u64,
    /// Work units after which a composed problem gets no more test inputs once it has
    /// `--min-tests` (+2): slow problems get fewer tests rather than costing the whole budget.
    #[arg(long, default_value_t = GateOptions::default().soft_work)]
    pub soft_work: u64,
    /// Safety net over the work budget: CPU seconds one composed problem may take over all its
    /// test inputs (builtins that do much work in one call are not counted as units).
    #[arg(long, default_value_t = GateOptions::default().budget)]
    pub budget: f64,
    /// Fewest tests a composed problem may have.
    #[arg(long, default_value_t = 10)]
    pub min_tests: usize,
    /// Most tests a composed problem gets.
    #[arg(long, default_value_t = 50)]
    pub max_tests: usize,
    /// Write the rejected candidates with the gate that dropped them to this JSONL file.
    #[arg(long)]
    pub rejected_out: Option<PathBuf>,
}

#[derive(Serialize)]
struct Summary<'a> {
    bases: usize,
    problems: usize,
    rejected: usize,
    templates: &'a std::collections::BTreeMap<String, usize>,
    inputs: usize,
    bases_covered: usize,
    bases_with_3_templates: usize,
    surplus: usize,
    rejections_by_gate: &'a std::collections::BTreeMap<String, usize>,
    skipped: usize,
    seconds: f64,
    outputs: Vec<String>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    stacked: &'a [compose::LevelReport],
}

/// `out.jsonl` → `out.humaneval.jsonl`, `out.native.jsonl`.
pub fn sibling(out: &Path, kind: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "composed".into());
    out.with_file_name(format!("{stem}.{kind}.jsonl"))
}

fn write_jsonl<T: Serialize>(
    path: &Path,
    items: impl IntoIterator<Item = T>,
) -> anyhow::Result<()> {
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(path).map_err(|e| InputError(format!("{}: {e}", path.display())))?,
    );
    for it in items {
        serde_json::to_writer(&mut w, &it)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

pub fn run(g: &Global, a: &ComposeArgs) -> anyhow::Result<i32> {
    for t in &a.templates {
        if compose::registry::get(t).is_none() {
            let ids: Vec<&str> = compose::registry::TEMPLATES.iter().map(|t| t.id).collect();
            return Err(
                InputError(format!("unknown template {t:?}; known: {}", ids.join(", "))).into(),
            );
        }
    }
    let outs = [
        a.out.clone(),
        sibling(&a.out, "humaneval"),
        sibling(&a.out, "native"),
    ];
    for out in outs.iter().chain(&a.rejected_out) {
        output::writable(out)?;
    }
    let ds = g.open(&a.dataset)?;
    let pool = g.pool(&ds)?;
    let t0 = Instant::now();
    let opts = options(a);
    let quiet = g.quiet || g.format != OutputFormat::Human;
    let report = compose::compose(&pool, &ds.problems, &opts, |stage| {
        if !quiet {
            eprintln!("compose: {stage} ({:.1} s)", t0.elapsed().as_secs_f64());
        }
    })?;
    let secs = t0.elapsed().as_secs_f64();
    if let Some(parent) = a.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let he = sibling(&a.out, "humaneval");
    let native = sibling(&a.out, "native");
    write_jsonl(&a.out, report.problems.iter().map(|p| &p.codeeval_pro))?;
    write_jsonl(&he, report.problems.iter().map(|p| &p.humaneval))?;
    write_jsonl(&native, report.problems.iter().map(|p| &p.native))?;
    if let Some(r) = &a.rejected_out {
        write_jsonl(
            r,
            report
                .rejections
                .iter()
                .chain(report.stacked.iter().flat_map(|l| &l.rejections)),
        )?;
    }
    let outputs = vec![
        a.out.display().to_string(),
        he.display().to_string(),
        native.display().to_string(),
    ];
    match g.format {
        OutputFormat::Json => output::json(&Summary {
            bases: report.bases,
            problems: report.problems.len(),
            rejected: report.rejected,
            templates: &report.templates,
            inputs: report.inputs,
            bases_covered: report.bases_covered,
            bases_with_3_templates: report.bases_with_3_templates,
            surplus: report.surplus,
            rejections_by_gate: &report.rejections_by_gate,
            skipped: report.skipped.len(),
            seconds: secs,
            outputs,
            stacked: &report.stacked,
        })?,
        OutputFormat::Jsonl => output::jsonl(report.problems.iter().map(|p| &p.native))?,
        OutputFormat::Human => print_human(g, a, &ds.source, &report, secs, &outputs),
    }
    Ok(if report.problems.is_empty() { 1 } else { 0 })
}

/// The library's options from the arguments.
fn options(a: &ComposeArgs) -> ComposeOptions {
    ComposeOptions {
        templates: a.templates.clone(),
        per_problem: a.per_problem,
        seed: a.seed,
        gates: GateOptions {
            case_timeout: a.case_timeout,
            min_tests: a.min_tests,
            max_tests: a.max_tests.max(a.min_tests),
            seed: a.seed,
            mem_mb: benchsmith::exec::DEFAULT_MEM_MB,
            budget: a.budget,
            work_budget: a.work_budget,
            soft_work: a.soft_work.min(a.work_budget),
        },
        reference: ComposeOptions::default().reference,
        depth: a.depth,
        stacked_per_problem: a.stacked_per_problem,
    }
}

/// The human summary: per template, per gate, per stacking depth.
fn print_human(
    g: &Global,
    a: &ComposeArgs,
    source: &str,
    report: &compose::ComposeReport,
    secs: f64,
    outputs: &[String],
) {
    if g.verbose {
        for s in &report.skipped {
            println!("skipped  {:<24} {}", s.task_id, s.reason);
        }
        for s in report.stacked.iter().flat_map(|l| &l.skipped) {
            println!("skipped  {:<24} {}", s.task_id, s.reason);
        }
        for r in report
            .rejections
            .iter()
            .chain(report.stacked.iter().flat_map(|l| &l.rejections))
        {
            println!(
                "rejected {:<24} {:<12} {:<14} {}",
                r.base, r.template, r.gate, r.detail
            );
        }
    }
    println!("template       problems");
    for (t, n) in &report.templates {
        println!("{t:<14} {n:>8}");
    }
    let gates: Vec<String> = report
        .rejections_by_gate
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let stacked: usize = report.stacked.iter().map(|l| l.problems).sum();
    if g.verbose {
        for l in &report.stacked {
            println!("depth {} templates      problems", l.depth);
            for (t, n) in &l.templates {
                println!("{t:<24} {n:>8}");
            }
        }
    }
    println!(
        "{}: {} problems from {}/{} bases ({} with >= 3 templates), {} rejected ({}), {} bases skipped, {:.1} s",
        source,
        report.problems.len() - stacked,
        report.bases_covered,
        report.inputs,
        report.bases_with_3_templates,
        report.rejected,
        gates.join(", "),
        report.skipped.len(),
        secs
    );
    for l in &report.stacked {
        let gates: Vec<String> = l
            .rejections_by_gate
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let cap = match a.stacked_per_problem {
            0 => String::new(),
            n => format!(" (at most {n} each)"),
        };
        println!(
            "depth {}: {} problems over {}/{} depth-{} problems{cap}, {} of {} candidates gated in {} rounds, {} rejected ({})",
            l.depth,
            l.problems,
            l.bases_covered,
            l.bases + l.skipped.len(),
            l.depth - 1,
            l.gated,
            l.candidates,
            l.rounds,
            l.rejected,
            gates.join(", ")
        );
    }
    println!("wrote {}", outputs.join(", "));
}
