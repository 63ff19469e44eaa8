//! `benchsmith translate DATASET --to js --out DIR`: problems and tests in other languages,
//! validated in the sandbox; MultiPL-E JSONL per language.

use super::{output, Global, InputError, OutputFormat};
use benchsmith::exec::Status;
use benchsmith::translate::emit::Format;
use benchsmith::translate::run::{self, LanguageDone, Options, Solutions};
use benchsmith::translate::spec;
use clap::{Args, ValueEnum};
use std::collections::BTreeMap;
use std::path::PathBuf;

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
    let solutions = a
        .cross_check
        .iter()
        .map(|file| {
            Ok(Solutions {
                file: file.clone(),
                problems: g.open_whole(file)?.problems,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let opts = Options {
        out: a.out.clone(),
        stem,
        emit: a.emit.iter().map(|f| Format::from(*f)).collect(),
        keep_python_only: a.keep_python_only,
        drop_python_division: a.drop_python_division,
    };
    let human = g.format == OutputFormat::Human && !g.quiet;
    let report = run::run(
        &pool,
        &ds.problems,
        &ds.source,
        &mut specs,
        &solutions,
        &opts,
        |d| {
            if human {
                print_language(d, g.verbose);
            }
        },
    )?;
    if g.format != OutputFormat::Human {
        let summary: BTreeMap<&String, serde_json::Value> = report
            .cross_check
            .iter()
            .map(|(k, v)| {
                (
                    k,
                    serde_json::json!({"passed": v.passed, "checked": v.checked}),
                )
            })
            .collect();
        output::json(&serde_json::json!({"languages": report.languages, "cross_check": summary}))?;
    }
    Ok(0)
}

fn name<T: serde::Serialize>(r: &T) -> String {
    serde_json::to_value(r)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// One language's lines of the human summary.
fn print_language(d: &LanguageDone, verbose: bool) {
    let (s, o) = (&d.spec, &d.outcome);
    let files: Vec<String> = d.files.iter().map(|p| p.display().to_string()).collect();
    println!(
        "{}: {} translated, {} validated, {} skipped -> {}",
        s.id,
        o.summary.translated,
        o.summary.validated,
        o.summary.skipped,
        files.join(", ")
    );
    for (r, n) in &o.summary.reasons {
        println!("  {n} {}", name(r));
    }
    let dropped: usize = o.summary.cases_dropped.values().sum();
    println!(
        "  {} test cases; {dropped} recorded cases left out:",
        o.summary.cases
    );
    for (r, n) in &o.summary.cases_dropped {
        println!("    {n} {}", name(r));
    }
    for (r, n) in &o.summary.cases_flagged {
        println!(
            "  {n} tests kept that a faithful translation of the reference fails: {}",
            name(r)
        );
    }
    if verbose {
        for k in &o.skipped {
            let detail = k.detail.lines().next().unwrap_or("");
            println!("  {}: {} {detail}", k.task_id, name(&k.reason));
        }
    }
    for (file, checks) in d.cross {
        let passed = checks.iter().filter(|c| c.status == Status::Passed).count();
        println!(
            "  {file}: {passed}/{} hand-written solutions pass the translated tests",
            checks.len()
        );
        for c in checks.iter().filter(|c| c.status != Status::Passed) {
            println!(
                "    {} ({}): {:?} {}",
                c.name, c.solution, c.status, c.detail
            );
        }
    }
}
