//! OpenAI HumanEval (`task_id, prompt, entry_point, canonical_solution, test`).

use super::{Ctx, Format, IngestError, Loaded, Reason};
use crate::model::{Language, Problem, TestStyle, TestSuite};

pub fn load(ctx: &Ctx) -> Result<Loaded, IngestError> {
    let task_id = ctx.task_id("task_id")?;
    let entry_point = ctx.str("entry_point")?.trim().to_string();
    if entry_point.is_empty() {
        return Err(ctx.field_err("entry_point", Reason::BadValue, "empty"));
    }
    let p = Problem {
        task_id: task_id.clone(),
        language: Language::Python,
        prompt: ctx.str("prompt")?.to_string(),
        entry_point,
        canonical_solution: ctx.opt_str("canonical_solution")?.to_string(),
        tests: TestSuite {
            code: ctx.str("test")?.to_string(),
            style: TestStyle::Check,
            ..Default::default()
        },
        signature_types: None,
        extra: ctx.extra(&[
            "task_id",
            "prompt",
            "entry_point",
            "canonical_solution",
            "test",
        ]),
        provenance: ctx.provenance(Format::Humaneval, &task_id),
    };
    Ok(Loaded::Problem(Box::new(p)))
}
