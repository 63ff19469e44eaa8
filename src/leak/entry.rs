//! What the index holds per problem: its identity (task, source problem, benchmark, language)
//! and the texts of its fields. Every loadable file contributes entries the same way: original
//! benchmarks, perturbed, composed and fuzzed sets, HumanEval-X and translated sets (a
//! translation is tied to the problem it was made from, so a JavaScript copy of a HumanEval
//! solution is reported as HumanEval).

use crate::ingest::{Dataset, Format};
use crate::model::Problem;
use serde::{Deserialize, Serialize};

/// The part of a problem a match is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The problem statement (docstring, text), matched as prose.
    Prompt,
    /// The reference program (prompt code + canonical solution), matched as code.
    Solution,
    /// The test code, matched as code.
    Tests,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Prompt => "prompt",
            Field::Solution => "solution",
            Field::Tests => "tests",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Task id in its file.
    pub task_id: String,
    /// The original problem it stands for (`HumanEval/12` for `JavaScript/12`).
    pub source: String,
    /// The benchmark findings are reported under (`HumanEval`, `MBPP`...).
    pub benchmark: String,
    /// Language id as MultiPL-E names them (`py`, `js`, `java`...).
    pub language: String,
    /// The file it was read from.
    pub file: String,
    pub fields: Vec<(Field, String)>,
}

/// A language name as benchsmith's model spells it → MultiPL-E's id.
pub fn language_id(lang: &str) -> String {
    match lang.to_ascii_lowercase().as_str() {
        "python" | "python3" | "py" => "py",
        "javascript" | "js" | "node" => "js",
        "typescript" | "ts" => "ts",
        "c++" | "cpp" => "cpp",
        "c#" | "csharp" | "cs" => "cs",
        "rust" | "rs" => "rs",
        "ruby" | "rb" => "rb",
        "perl" | "pl" => "pl",
        "golang" | "go" => "go",
        other => return other.to_string(),
    }
    .to_string()
}

/// The entries of a loaded dataset.
pub fn entries(ds: &Dataset) -> Vec<Entry> {
    ds.problems.iter().map(|p| entry(ds, p)).collect()
}

fn entry(ds: &Dataset, p: &Problem) -> Entry {
    let source = source_problem(ds.format, p);
    let benchmark = match source.split_once('/') {
        Some((b, _)) if b.eq_ignore_ascii_case("mbpp") => "MBPP".to_string(),
        Some((b, _)) => b.to_string(),
        None => match ds.format {
            Format::Mbpp | Format::MbppSanitized => "MBPP".to_string(),
            _ => stem(&ds.source),
        },
    };
    let mut fields = vec![(Field::Prompt, p.prompt.clone())];
    if !p.canonical_solution.trim().is_empty() {
        fields.push((Field::Solution, p.reference_program()));
    }
    if !p.tests.code.trim().is_empty() {
        fields.push((Field::Tests, p.tests.code.clone()));
    }
    Entry {
        task_id: p.task_id.clone(),
        source,
        benchmark,
        language: language_id(p.language.as_str()),
        file: ds.source.clone(),
        fields,
    }
}

/// The original problem a record stands for.
fn source_problem(format: Format, p: &Problem) -> String {
    let src = if p.provenance.source_task_id.is_empty() {
        &p.task_id
    } else {
        &p.provenance.source_task_id
    };
    match (format, src.split_once('/')) {
        // HumanEval-X numbers its tasks as HumanEval does: `CPP/12` is `HumanEval/12`.
        (Format::HumanevalX, Some((_, n))) => format!("HumanEval/{n}"),
        (Format::Mbpp | Format::MbppSanitized, None) => format!("MBPP/{src}"),
        (Format::Evalplus, Some((b, n))) if b.eq_ignore_ascii_case("mbpp") => format!("MBPP/{n}"),
        // MultiPL-E names a translation after its source: `HumanEval_12_longest`, `mbpp_3_is_not_prime`.
        (Format::MultiplE, None) => match src.split('_').collect::<Vec<_>>()[..] {
            ["HumanEval", n, ..] if n.parse::<u32>().is_ok() => format!("HumanEval/{n}"),
            ["mbpp", n, ..] if n.parse::<u32>().is_ok() => format!("MBPP/{n}"),
            _ => src.clone(),
        },
        _ => src.clone(),
    }
}

fn stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split('.').next().unwrap_or(name).to_string()
}
