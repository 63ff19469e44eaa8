//! A whole `translate` run: the references probed once (and once more per arithmetic), then
//! per language its compile cache, the translation and validation, its records written in
//! every requested format as soon as the language is done, and the hand-written cross-checks;
//! `report.json` at the end.

use super::emit::Format;
use super::spec::Spec;
use super::{cache, cross_check, translate, CrossCheck, LangSummary, Observed, Outcome, Reason};
use crate::exec::{ExecError, Pool, Status};
use crate::leak::{write_atomic, write_jsonl_atomic, LeakError};
use crate::model::Problem;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Exec(#[from] ExecError),
    #[error(transparent)]
    Write(#[from] LeakError),
    #[error("{0}: compile cache: {1}")]
    Cache(String, String),
}

/// What to write and how to treat tests that depend on Python's arithmetic.
#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    /// File names start with it (`humaneval` gives `humaneval-js.jsonl`).
    pub stem: String,
    pub emit: Vec<Format>,
    /// Keep (flagged) the tests that depend on Python's rounding or integer range.
    pub keep_python_only: bool,
    /// Leave out the tests that depend on Python's floored division and modulo.
    pub drop_python_division: bool,
}

/// Hand-written solutions to cross-check, as named by the user (a HumanEval-X file), with
/// their problems (any language: each language takes its own).
pub struct Solutions {
    pub file: String,
    pub problems: Vec<Problem>,
}

/// One language done: what it gave and where it went.
pub struct LanguageDone<'a> {
    pub spec: &'a Spec,
    pub outcome: &'a Outcome,
    pub files: &'a [PathBuf],
    /// Per solutions file that has this language: the checks.
    pub cross: &'a [(String, Vec<CrossCheck>)],
}

/// The report of the run (`report.json`).
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub languages: BTreeMap<String, LangSummary>,
    pub skipped: BTreeMap<String, Vec<super::Skip>>,
    pub cases_dropped: BTreeMap<String, BTreeMap<String, BTreeMap<Reason, usize>>>,
    pub cases_flagged: BTreeMap<String, BTreeMap<String, BTreeMap<Reason, usize>>>,
    /// `<lang>:<file>`: how many hand-written solutions pass, of how many, and each result.
    pub cross_check: BTreeMap<String, CrossSummary>,
}

#[derive(Debug, Serialize)]
pub struct CrossSummary {
    pub passed: usize,
    pub checked: usize,
    pub results: Vec<CrossCheck>,
}

/// Translate `problems` (from the file `source`) into every language of `specs`; `done` is
/// called once per language as soon as its files are written.
pub fn run(
    pool: &Pool,
    problems: &[Problem],
    source: &str,
    specs: &mut [Spec],
    solutions: &[Solutions],
    opts: &Options,
    mut done: impl FnMut(&LanguageDone),
) -> Result<Report, RunError> {
    let mut observed = Observed::probe(pool, problems, specs)?;
    if opts.keep_python_only {
        observed.drop.clear();
    }
    if opts.drop_python_division {
        observed.drop.insert(Reason::PythonDivision);
    }
    let mut report = Report::default();
    for s in specs.iter_mut() {
        s.cache = cache::prepare(s)
            .map_err(|e| RunError::Cache(s.id.clone(), e.to_string()))?
            .map(|d| d.to_string_lossy().to_string());
        let s = &*s;
        let o = translate(pool, problems, &observed, s, source)?;
        let files = write(&o, s, opts)?;
        let mut cross = vec![];
        for sol in solutions {
            let same: Vec<Problem> = sol
                .problems
                .iter()
                .filter(|p| crate::leak::entry::language_id(p.language.as_str()) == s.id)
                .cloned()
                .collect();
            if !same.is_empty() {
                cross.push((sol.file.clone(), cross_check(pool, &o, &same, s)?));
            }
        }
        done(&LanguageDone {
            spec: s,
            outcome: &o,
            files: &files,
            cross: &cross,
        });
        for (file, results) in cross {
            let passed = results
                .iter()
                .filter(|c| c.status == Status::Passed)
                .count();
            let summary = CrossSummary {
                passed,
                checked: results.len(),
                results,
            };
            report
                .cross_check
                .insert(format!("{}:{file}", s.id), summary);
        }
        report.skipped.insert(s.id.clone(), o.skipped);
        report.cases_dropped.insert(s.id.clone(), o.cases_dropped);
        report.cases_flagged.insert(s.id.clone(), o.cases_flagged);
        report.languages.insert(s.id.clone(), o.summary);
    }
    let json = serde_json::to_vec_pretty(&report).unwrap_or_default();
    write_atomic(&opts.out.join("report.json"), &json)?;
    Ok(report)
}

/// The records of one language in every format of `opts`; the files written.
fn write(o: &Outcome, spec: &Spec, opts: &Options) -> Result<Vec<PathBuf>, LeakError> {
    let mut files = vec![];
    for f in &opts.emit {
        let path: PathBuf = Path::new(&opts.out).join(f.file_name(&opts.stem, spec));
        let records: Vec<serde_json::Value> =
            o.problems.iter().map(|t| f.record(t, spec)).collect();
        write_jsonl_atomic(&path, &records)?;
        files.push(path);
    }
    Ok(files)
}
