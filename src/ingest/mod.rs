//! Loading benchmark files into [`Problem`]s: one module per source format, format
//! detection from the first record's fields, transparent gzip, precise errors.

pub mod codeeval_pro;
pub mod evalplus;
mod evalplus_inputs;
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

/// Why a record could not be used (a stable code, reported with every skipped record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    NotUtf8,
    MalformedJson,
    NotAnObject,
    UnknownFormat,
    MissingField,
    WrongType,
    BadValue,
    NoFunction,
    NoTests,
    DuplicateId,
    UnknownLanguage,
    /// A sample names a task the dataset does not have.
    UnknownTask,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::NotUtf8 => "not_utf8",
            Reason::MalformedJson => "malformed_json",
            Reason::NotAnObject => "not_an_object",
            Reason::UnknownFormat => "unknown_format",
            Reason::MissingField => "missing_field",
            Reason::WrongType => "wrong_type",
            Reason::BadValue => "bad_value",
            Reason::NoFunction => "no_function",
            Reason::NoTests => "no_tests",
            Reason::DuplicateId => "duplicate_id",
            Reason::UnknownLanguage => "unknown_language",
            Reason::UnknownTask => "unknown_task",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A loading error that names the file, line and field.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("{path}:{line}: {message} [{reason}]")]
    Line {
        path: String,
        line: usize,
        reason: Reason,
        message: String,
    },
    #[error("{path}:{line}: field `{field}`: {message} [{reason}]")]
    Field {
        path: String,
        line: usize,
        field: String,
        reason: Reason,
        message: String,
    },
}

/// A record that was read but could not be used: the rest of the file goes on without it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Skipped {
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub reason: Reason,
    pub message: String,
}

impl Skipped {
    /// The record-level error as a skip (`None` for a whole-file error).
    fn from_error(e: IngestError, task_id: Option<String>) -> Result<Skipped, IngestError> {
        match e {
            IngestError::Line {
                line,
                reason,
                message,
                ..
            } => Ok(Skipped {
                line,
                task_id,
                field: None,
                reason,
                message,
            }),
            IngestError::Field {
                line,
                field,
                reason,
                message,
                ..
            } => Ok(Skipped {
                line,
                task_id,
                field: Some(field),
                reason,
                message,
            }),
            e @ IngestError::File { .. } => Err(e),
        }
    }

    /// `file:line: field `f`: message [reason]`, as the error would have read.
    pub fn describe(&self, path: &str) -> String {
        match &self.field {
            Some(f) => format!(
                "{path}:{}: field `{f}`: {} [{}]",
                self.line, self.message, self.reason
            ),
            None => format!("{path}:{}: {} [{}]", self.line, self.message, self.reason),
        }
    }
}

/// A loaded benchmark.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub source: String,
    pub format: Format,
    pub problems: Vec<Problem>,
    /// Records that could not be used, in file order.
    pub skipped: Vec<Skipped>,
}

/// What a format module produces from one record.
pub enum Loaded {
    Problem(Box<Problem>),
}

/// How to load a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// The format; detected from the first record's fields when `None`.
    pub format: Option<Format>,
    /// Refuse the whole file at the first unusable record instead of skipping it.
    pub strict: bool,
}

/// Context handed to the per-format converters.
pub struct Ctx<'a> {
    pub path: &'a str,
    pub line: usize,
    pub obj: &'a Map<String, Json>,
}

impl Ctx<'_> {
    pub fn field_err(
        &self,
        field: &str,
        reason: Reason,
        message: impl Into<String>,
    ) -> IngestError {
        IngestError::Field {
            path: self.path.to_string(),
            line: self.line,
            field: field.to_string(),
            reason,
            message: message.into(),
        }
    }

    fn wrong_type(&self, field: &str, expected: &str, found: &Json) -> IngestError {
        self.field_err(
            field,
            Reason::WrongType,
            format!("expected {expected}, found {}", kind(found)),
        )
    }

    fn missing(&self, field: &str) -> IngestError {
        self.field_err(field, Reason::MissingField, "missing")
    }

    /// A required string field.
    pub fn str(&self, field: &str) -> Result<&str, IngestError> {
        match self.obj.get(field) {
            Some(Json::String(s)) => Ok(s),
            Some(other) => Err(self.wrong_type(field, "a string", other)),
            None => Err(self.missing(field)),
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
            Some(other) => Err(self.wrong_type(field, "a string or integer", other)),
            None => Err(self.missing(field)),
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
                    other => Err(self.wrong_type(&format!("{field}[{i}]"), "a string", other)),
                })
                .collect(),
            Some(other) => Err(self.wrong_type(field, "a list of strings", other)),
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

/// Load a file, detecting its format unless `format` is given; unusable records are skipped.
pub fn load_path(path: &Path, format: Option<Format>) -> Result<Dataset, IngestError> {
    load_path_with(
        path,
        LoadOptions {
            format,
            strict: false,
        },
    )
}

/// Load a file with explicit options.
pub fn load_path_with(path: &Path, opts: LoadOptions) -> Result<Dataset, IngestError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| IngestError::File {
        path: shown.clone(),
        message: format!("cannot read: {e}"),
    })?;
    load_bytes_with(&bytes, &shown, opts)
}

/// Load from bytes (gzip or plain; JSON Lines or a JSON array); unusable records are skipped.
pub fn load_bytes(
    bytes: &[u8],
    shown: &str,
    format: Option<Format>,
) -> Result<Dataset, IngestError> {
    load_bytes_with(
        bytes,
        shown,
        LoadOptions {
            format,
            strict: false,
        },
    )
}

/// Load from bytes with explicit options.
pub fn load_bytes_with(
    bytes: &[u8],
    shown: &str,
    opts: LoadOptions,
) -> Result<Dataset, IngestError> {
    let reader::Records { ok: records, bad } = reader::records(bytes, shown)?;
    let mut skipped = vec![];
    for e in bad {
        if opts.strict {
            return Err(e);
        }
        skipped.push(Skipped::from_error(e, None)?);
    }
    let format = match opts.format {
        Some(f) => f,
        None => detect(&records, shown)?,
    };
    let mut problems = Vec::with_capacity(records.len());
    let mut seen = std::collections::HashSet::new();
    for Record { line, obj } in &records {
        let ctx = Ctx {
            path: shown,
            line: *line,
            obj,
        };
        let loaded = convert(format, &ctx).and_then(|Loaded::Problem(p)| {
            if seen.insert(p.task_id.clone()) {
                Ok(p)
            } else {
                Err(ctx.field_err(
                    "task_id",
                    Reason::DuplicateId,
                    format!("duplicate task id {:?}", p.task_id),
                ))
            }
        });
        match loaded {
            Ok(p) => problems.push(*p),
            Err(e) if opts.strict => return Err(e),
            Err(e) => {
                let task_id = ["task_id", "id", "name"]
                    .iter()
                    .find_map(|k| ctx.task_id(k).ok());
                skipped.push(Skipped::from_error(e, task_id)?);
            }
        }
    }
    skipped.sort_by_key(|s| s.line);
    Ok(Dataset {
        source: shown.to_string(),
        format,
        problems,
        skipped,
    })
}

/// The format of a file, from the fields of its first readable record.
fn detect(records: &[Record], shown: &str) -> Result<Format, IngestError> {
    let first = records.first().ok_or_else(|| IngestError::File {
        path: shown.to_string(),
        message: "no readable records".into(),
    })?;
    Format::detect(&first.obj).ok_or_else(|| IngestError::Line {
        path: shown.to_string(),
        line: first.line,
        reason: Reason::UnknownFormat,
        message: format!(
            "unknown format: fields {:?} match none of humaneval, mbpp, mbpp-sanitized, evalplus, humaneval-x, codeeval-pro, multipl-e, native (use --input-format)",
            first.obj.keys().collect::<Vec<_>>()
        ),
    })
}

fn convert(format: Format, ctx: &Ctx) -> Result<Loaded, IngestError> {
    match format {
        Format::Humaneval => humaneval::load(ctx),
        Format::Mbpp => mbpp::load_original(ctx),
        Format::MbppSanitized => mbpp::load_sanitized(ctx),
        Format::Evalplus => evalplus::load(ctx),
        Format::HumanevalX => humaneval_x::load(ctx),
        Format::CodeevalPro => codeeval_pro::load(ctx),
        Format::MultiplE => multipl_e::load(ctx),
        Format::Native => native::load(ctx),
    }
}

/// The built-in sample benchmark (embedded in the binary).
pub const SAMPLE: &str = include_str!("../../datasets/sample/sample.jsonl");

pub fn load_sample() -> Dataset {
    load_bytes(SAMPLE.as_bytes(), "sample", Some(Format::Humaneval))
        .expect("the embedded sample loads")
}
