//! Loading benchmark files into [`Problem`]s: one module per source format, format
//! detection from the first record's fields, transparent gzip, precise errors.

pub mod codeeval_pro;
pub mod evalplus;
pub mod humaneval;
pub mod humaneval_x;
pub mod mbpp;
pub mod multipl_e;
pub mod native;
pub mod reader;
mod split;

use crate::model::{Problem, Provenance, VERSION};
use reader::Record;
use serde_json::{Map, Value as Json};
use std::fmt;
use std::path::Path;

/// A source format benchsmith can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Humaneval,
    Mbpp,
    MbppSanitized,
    Evalplus,
    HumanevalX,
    CodeevalPro,
    MultiplE,
    Native,
}

impl Format {
    pub fn name(&self) -> &'static str {
        match self {
            Format::Humaneval => "humaneval",
            Format::Mbpp => "mbpp",
            Format::MbppSanitized => "mbpp-sanitized",
            Format::Evalplus => "evalplus",
            Format::HumanevalX => "humaneval-x",
            Format::CodeevalPro => "codeeval-pro",
            Format::MultiplE => "multipl-e",
            Format::Native => "native",
        }
    }

    /// Guess the format from the fields of one record.
    pub fn detect(obj: &Map<String, Json>) -> Option<Format> {
        let has = |k: &str| obj.contains_key(k);
        Some(if has("provenance") && has("tests") {
            Format::Native
        } else if has("raw_problem") && has("new_problem") {
            Format::CodeevalPro
        } else if has("base_input") || has("plus_input") {
            Format::Evalplus
        } else if has("text") && has("code") && has("test_list") {
            Format::Mbpp
        } else if has("prompt") && has("code") && has("test_list") {
            Format::MbppSanitized
        } else if has("declaration") && has("canonical_solution") {
            Format::HumanevalX
        } else if has("stop_tokens") && has("tests") && has("language") {
            Format::MultiplE
        } else if has("prompt") && has("entry_point") && has("test") {
            Format::Humaneval
        } else {
            return None;
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A loading error that names the file, line and field.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("{path}:{line}: {message}")]
    Line {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{path}:{line}: field `{field}`: {message}")]
    Field {
        path: String,
        line: usize,
        field: String,
        message: String,
    },
}

/// A problem that could be read but not made usable (reported as failed, the rest goes on).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Fault {
    pub task_id: String,
    pub line: usize,
    pub message: String,
}

/// A loaded benchmark.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub source: String,
    pub format: Format,
    pub problems: Vec<Problem>,
    pub faults: Vec<Fault>,
}

/// What a format module produces from one record.
pub enum Loaded {
    Problem(Box<Problem>),
    Fault(Fault),
}

/// Context handed to the per-format converters.
pub struct Ctx<'a> {
    pub path: &'a str,
    pub line: usize,
    pub obj: &'a Map<String, Json>,
}

impl Ctx<'_> {
    pub fn field_err(&self, field: &str, message: impl Into<String>) -> IngestError {
        IngestError::Field {
            path: self.path.to_string(),
            line: self.line,
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// A required string field.
    pub fn str(&self, field: &str) -> Result<&str, IngestError> {
        match self.obj.get(field) {
            Some(Json::String(s)) => Ok(s),
            Some(other) => {
                Err(self.field_err(field, format!("expected a string, found {}", kind(other))))
            }
            None => Err(self.field_err(field, "missing")),
        }
    }

    /// An optional string field (missing or null gives "").
    pub fn opt_str(&self, field: &str) -> Result<&str, IngestError> {
        match self.obj.get(field) {
            None | Some(Json::Null) => Ok(""),
            Some(_) => self.str(field),
        }
    }

    /// A task id that may be a string or an integer (MBPP).
    pub fn task_id(&self, field: &str) -> Result<String, IngestError> {
        match self.obj.get(field) {
            Some(Json::String(s)) => Ok(s.clone()),
            Some(Json::Number(n)) if n.is_u64() || n.is_i64() => Ok(n.to_string()),
            Some(other) => Err(self.field_err(
                field,
                format!("expected a string or integer, found {}", kind(other)),
            )),
            None => Err(self.field_err(field, "missing")),
        }
    }

    /// A list of strings.
    pub fn str_list(&self, field: &str) -> Result<Vec<String>, IngestError> {
        match self.obj.get(field) {
            None | Some(Json::Null) => Ok(vec![]),
            Some(Json::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Json::String(s) => Ok(s.clone()),
                    other => Err(self.field_err(
                        &format!("{field}[{i}]"),
                        format!("expected a string, found {}", kind(other)),
                    )),
                })
                .collect(),
            Some(other) => Err(self.field_err(
                field,
                format!("expected a list of strings, found {}", kind(other)),
            )),
        }
    }

    pub fn provenance(&self, format: Format, task_id: &str) -> Provenance {
        Provenance {
            format: format.name().to_string(),
            source: self.path.to_string(),
            line: Some(self.line),
            source_task_id: task_id.to_string(),
            transforms: vec![],
            benchsmith_version: VERSION.to_string(),
        }
    }

    pub fn fault(&self, task_id: &str, message: impl Into<String>) -> Loaded {
        Loaded::Fault(Fault {
            task_id: task_id.to_string(),
            line: self.line,
            message: message.into(),
        })
    }

    /// Fields not consumed by the converter, kept verbatim in `Problem::extra`.
    pub fn extra(&self, consumed: &[&str]) -> Map<String, Json> {
        self.obj
            .iter()
            .filter(|(k, _)| !consumed.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

pub fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// Load a file, detecting its format unless `format` is given.
pub fn load_path(path: &Path, format: Option<Format>) -> Result<Dataset, IngestError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| IngestError::File {
        path: shown.clone(),
        message: format!("cannot read: {e}"),
    })?;
    load_bytes(&bytes, &shown, format)
}

/// Load from bytes (gzip or plain; JSON Lines or a JSON array).
pub fn load_bytes(
    bytes: &[u8],
    shown: &str,
    format: Option<Format>,
) -> Result<Dataset, IngestError> {
    let records = reader::records(bytes, shown)?;
    let format = match format {
        Some(f) => f,
        None => {
            let first = records.first().ok_or_else(|| IngestError::File {
                path: shown.to_string(),
                message: "no records".into(),
            })?;
            Format::detect(&first.obj).ok_or_else(|| IngestError::Line {
                path: shown.to_string(),
                line: first.line,
                message: format!(
                    "unknown format: fields {:?} match none of humaneval, mbpp, mbpp-sanitized, evalplus, humaneval-x, codeeval-pro, multipl-e, native (use --input-format)",
                    first.obj.keys().collect::<Vec<_>>()
                ),
            })?
        }
    };
    let mut problems = Vec::with_capacity(records.len());
    let mut faults = vec![];
    let mut seen = std::collections::HashSet::new();
    for Record { line, obj } in &records {
        let ctx = Ctx {
            path: shown,
            line: *line,
            obj,
        };
        let loaded = match format {
            Format::Humaneval => humaneval::load(&ctx)?,
            Format::Mbpp => mbpp::load_original(&ctx)?,
            Format::MbppSanitized => mbpp::load_sanitized(&ctx)?,
            Format::Evalplus => evalplus::load(&ctx)?,
            Format::HumanevalX => humaneval_x::load(&ctx)?,
            Format::CodeevalPro => codeeval_pro::load(&ctx)?,
            Format::MultiplE => multipl_e::load(&ctx)?,
            Format::Native => native::load(&ctx)?,
        };
        match loaded {
            Loaded::Problem(p) => {
                if !seen.insert(p.task_id.clone()) {
                    return Err(
                        ctx.field_err("task_id", format!("duplicate task id {:?}", p.task_id))
                    );
                }
                problems.push(*p)
            }
            Loaded::Fault(f) => faults.push(f),
        }
    }
    Ok(Dataset {
        source: shown.to_string(),
        format,
        problems,
        faults,
    })
}

/// The built-in sample benchmark (embedded in the binary).
pub const SAMPLE: &str = include_str!("../../datasets/sample/sample.jsonl");

pub fn load_sample() -> Dataset {
    load_bytes(SAMPLE.as_bytes(), "sample", Some(Format::Humaneval))
        .expect("the embedded sample loads")
}
