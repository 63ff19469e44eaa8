//! The record formats a translation is written in, all from one [`Translated`]: MultiPL-E's
//! (what its evaluation containers run), HumanEval-X's (`task_id` `<Lang>/<n>`, `prompt`,
//! `declaration`, `canonical_solution`, `test`, `example_test`) and benchsmith's native
//! records with provenance. benchsmith reads all three back (`evaluate` runs them).

use super::spec::Spec;
use super::Translated;
use crate::model::{Problem, Provenance, TestStyle, TestSuite, TransformStep, VERSION};
use serde::Serialize;

/// A record format of `translate`'s output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    MultiplE,
    HumanevalX,
    Native,
}

impl Format {
    /// The file the records of one language go to: `<stem>-<lang>.jsonl` for MultiPL-E (as
    /// MultiPL-E names its files), `.humaneval-x.jsonl` and `.native.jsonl` beside it.
    pub fn file_name(self, stem: &str, spec: &Spec) -> String {
        let kind = match self {
            Format::MultiplE => "",
            Format::HumanevalX => ".humaneval-x",
            Format::Native => ".native",
        };
        format!("{stem}-{}{kind}.jsonl", spec.id)
    }

    /// The record of `t` in this format (records are plain data: serialising cannot fail).
    pub fn record(self, t: &Translated, spec: &Spec) -> serde_json::Value {
        match self {
            Format::MultiplE => serde_json::to_value(&t.record),
            Format::HumanevalX => serde_json::to_value(humaneval_x(t, spec)),
            Format::Native => serde_json::to_value(native(t, spec)),
        }
        .unwrap_or_default()
    }
}

/// A HumanEval-X record.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HumanevalX {
    pub task_id: String,
    pub prompt: String,
    pub declaration: String,
    /// Empty: a translation has tests, not a hand-written solution.
    pub canonical_solution: String,
    pub test: String,
    pub example_test: String,
    /// Not in HumanEval-X (its readers take the name from the declaration): the function's
    /// name, so that no reader has to parse it out.
    pub entry_point: String,
}

/// `t` as HumanEval-X writes its problems: `<Lang>/<n>` with the source's number
/// (HumanEval/12 in Go is `Go/12`; MBPP's 11 is `Go/11`).
pub fn humaneval_x(t: &Translated, spec: &Spec) -> HumanevalX {
    let n = t.task_id.rsplit('/').next().unwrap_or(&t.task_id);
    HumanevalX {
        task_id: format!("{}/{n}", spec.humaneval_x),
        prompt: t.program.prompt.clone(),
        declaration: t.program.declaration.clone(),
        canonical_solution: String::new(),
        test: t.program.tests.clone(),
        example_test: t.program.example_tests.clone(),
        entry_point: t.program.entry.clone(),
    }
}

/// `t` as a native problem: MultiPL-E's name as task id, the language's id, the tests as
/// code, and where it came from (the source task, the `translate` step and its language).
pub fn native(t: &Translated, spec: &Spec) -> Problem {
    let params = [("language".to_string(), serde_json::json!(spec.id))]
        .into_iter()
        .collect();
    Problem {
        task_id: t.record.name.clone(),
        language: spec.id.as_str().into(),
        prompt: t.program.prompt.clone(),
        entry_point: t.program.entry.clone(),
        canonical_solution: String::new(),
        tests: TestSuite {
            code: t.program.tests.clone(),
            style: TestStyle::Check,
            ..TestSuite::default()
        },
        signature_types: None,
        extra: Default::default(),
        provenance: Provenance {
            format: "translate".into(),
            source: t.record.original.clone(),
            line: None,
            source_task_id: t.task_id.clone(),
            transforms: vec![TransformStep {
                id: "translate".into(),
                seed: None,
                params,
            }],
            benchsmith_version: VERSION.to_string(),
        },
    }
}
