//! `benchsmith translate DATASET --to js --out DIR`: problems and tests in other languages,
//! validated in the sandbox; MultiPL-E JSONL per language.

use super::{output, Global, InputError, OutputFormat};
use benchsmith::translate::{self, spec};
use clap::{Args, ValueEnum};
use std::collections::BTreeMap;
use std::path::PathBuf;
use translate::emit::Format;

#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// A benchmark file or a built-in name (Python problems are translated).
    pub dataset: String,
    /// Target languages, comma-separated (MultiPL-E ids or full names: js, javascript).
    #[arg(long, value_delimiter = ',', required = true)]
    pub to: Vec<String>,
    /// Output folder: `<dataset>-<lang>.jsonl` (MultiPL-E records), the other formats of
    /// `--emit` beside it, and `report.json`.
    #[arg(long)]
    pub out: PathBuf,
    /// Record formats to write, comma-separated: `multipl-e` (`<dataset>-<lang>.jsonl`),
    /// `humaneval-x` (`.humaneval-x.jsonl`), `native` (`.native.jsonl`, with provenance).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "multipl-e")]
    pub emit: Vec<EmitFormat>,
    /// Hand-written solutions in a target language (a HumanEval-X file) to run against the
    /// translated tests (repeatable; each goes with the --to language of its problems).
    #[arg(long, value_name = "FILE")]
    pub cross_check: Vec<String>,
    /// Keep (flagged in the report) the tests whose expected output a faithful translation of
    /// the reference would not compute because it depends on Python's rounding of ties to even
    /// or on integers beyond the language's range; by default they are left out.
    #[arg(long)]
    pub keep_python_only: bool,
    /// Leave out the tests whose expected output depends on Python's floored `//` and `%` of
    /// negative numbers; by default they are kept and flagged (reason `python_division`).
    #[arg(long)]
    pub drop_python_division: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EmitFormat {
    MultiplE,
    HumanevalX,
    Native,
}

impl From<EmitFormat> for Format {
    fn from(f: EmitFormat) -> Format {
        match f {
            EmitFormat::MultiplE => Format::MultiplE,
            EmitFormat::HumanevalX => Format::HumanevalX,
            EmitFormat::Native => Format::Native,
        }
    }
}

pub fn run(g: &Global, a: &TranslateArgs) -> anyhow::Result<i32> {
    let mut specs =
        a.to.iter()
            .map(|l| {
                spec::find(l).ok_or_else(|| {
                    let known: Vec<String> = spec::all().into_iter().map(|s| s.id).collect();
                    InputError(format!(
                        "--to: unknown language {l:?} (known: {})",
                        known.join(", ")
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
    output::writable_dir(&a.out)?;
    let ds = g.open(&a.dataset)?;
    let pool = g.pool(&ds)?;
    let stem = std::path::Path::new(&ds.source)
        .file_name()
        .map_or(ds.source.clone(), |n| n.to_string_lossy().to_string());
    let stem = stem.split('.').next().unwrap_or(&stem).to_lowercase();
    let mut observed = translate::Observed::probe(&pool, &ds.problems, &specs)?;
    if a.keep_python_only {
        observed.drop.clear();
    }
    if a.drop_python_division {
        observed.drop.insert(translate::Reason::PythonDivision);
    }
    let mut languages = BTreeMap::new();
    let mut skipped = BTreeMap::new();
    let mut cross = BTreeMap::new();
    let mut dropped = BTreeMap::new();
    let mut flagged = BTreeMap::new();
    for s in &mut specs {
        s.cache = translate::cache::prepare(s)?.map(|d| d.to_string_lossy().to_string());
        let s = &*s;
        let o = translate::translate(&pool, &ds.problems, &observed, s, &ds.source)?;
        let mut paths = vec![];
        for f in &a.emit {
            let f = Format::from(*f);
            let path = a.out.join(f.file_name(&stem, s));
            let records: Vec<serde_json::Value> =
                o.problems.iter().map(|t| f.record(t, s)).collect();
            benchsmith::leak::write_jsonl_atomic(&path, &records)?;
            paths.push(path.display().to_string());
        }
        if g.format == OutputFormat::Human && !g.quiet {
            println!(
                "{}: {} translated, {} validated, {} skipped -> {}",
                s.id,
                o.summary.translated,
                o.summary.validated,
                o.summary.skipped,
                paths.join(", ")
            );
            for (r, n) in &o.summary.reasons {
                println!("  {n} {}", serde_json::to_value(r)?.as_str().unwrap_or(""));
            }
            let dropped: usize = o.summary.cases_dropped.values().sum();
            println!(
                "  {} test cases; {dropped} recorded cases left out:",
                o.summary.cases
            );
            for (r, n) in &o.summary.cases_dropped {
                println!(
                    "    {n} {}",
                    serde_json::to_value(r)?.as_str().unwrap_or("")
                );
            }
            for (r, n) in &o.summary.cases_flagged {
                println!(
                    "  {n} tests kept that a faithful translation of the reference fails: {}",
                    serde_json::to_value(r)?.as_str().unwrap_or("")
                );
            }
            if g.verbose {
                for k in &o.skipped {
                    let r = serde_json::to_value(k.reason)?;
                    let detail = k.detail.lines().next().unwrap_or("");
                    println!("  {}: {} {detail}", k.task_id, r.as_str().unwrap_or(""));
                }
            }
        }
        for file in &a.cross_check {
            let hx = g.open_whole(file)?;
            let same: Vec<_> = hx
                .problems
                .into_iter()
                .filter(|p| benchsmith::leak::entry::language_id(p.language.as_str()) == s.id)
                .collect();
            if same.is_empty() {
                continue;
            }
            let checks = translate::cross_check(&pool, &o, &same, s)?;
            let passed = checks
                .iter()
                .filter(|c| c.status == benchsmith::exec::Status::Passed)
                .count();
            if g.format == OutputFormat::Human && !g.quiet {
                println!(
                    "  {file}: {passed}/{} hand-written solutions pass the translated tests",
                    checks.len()
                );
                for c in checks
                    .iter()
                    .filter(|c| c.status != benchsmith::exec::Status::Passed)
                {
                    println!(
                        "    {} ({}): {:?} {}",
                        c.name, c.solution, c.status, c.detail
                    );
                }
            }
            cross.insert(
                format!("{}:{file}", s.id),
                serde_json::json!({"passed": passed, "checked": checks.len(), "results": checks}),
            );
        }
        skipped.insert(s.id.clone(), o.skipped);
        dropped.insert(s.id.clone(), o.cases_dropped);
        flagged.insert(s.id.clone(), o.cases_flagged);
        languages.insert(s.id.clone(), o.summary);
    }
    let report = serde_json::json!({"languages": languages, "skipped": skipped, "cases_dropped": dropped, "cases_flagged": flagged, "cross_check": cross});
    benchsmith::leak::write_atomic(
        &a.out.join("report.json"),
        &serde_json::to_vec_pretty(&report)?,
    )?;
    if g.format != OutputFormat::Human {
        let summary: BTreeMap<&String, serde_json::Value> = cross
            .iter()
            .map(|(k, v)| {
                (
                    k,
                    serde_json::json!({"passed": v["passed"], "checked": v["checked"]}),
                )
            })
            .collect();
        output::json(&serde_json::json!({"languages": languages, "cross_check": summary}))?;
    }
    Ok(0)
}
