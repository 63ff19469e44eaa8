//! MultiPL-E prompt files (`name, language, prompt, tests, stop_tokens`, ...). Python (`py`)
//! records are runnable: MultiPL-E tests are a script defining `check(candidate)` followed by a
//! `def test_check(): check(<name>)` call; other languages are kept for the translators.

use super::{Ctx, Format, IngestError, Loaded, Reason};
use crate::model::{Language, Problem, TestStyle, TestSuite};

pub fn load(ctx: &Ctx) -> Result<Loaded, IngestError> {
    let task_id = ctx.task_id("name")?;
    let language = match ctx.str("language")? {
        "py" | "python" => Language::Python,
        other => Language::from(other),
    };
    let prompt = ctx.str("prompt")?.to_string();
    let entry_point = if language.is_python() {
        prompt
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("def "))
            .filter_map(|r| r.split('(').next())
            .map(|n| n.trim().to_string())
            .next_back()
            .ok_or_else(|| ctx.field_err("prompt", Reason::NoFunction, "defines no function"))?
    } else {
        // HumanEval_0_has_close_elements -> has_close_elements
        task_id
            .splitn(3, '_')
            .nth(2)
            .unwrap_or(&task_id)
            .to_string()
    };
    let p = Problem {
        task_id: task_id.clone(),
        language,
        prompt,
        entry_point,
        // Only `humaneval-py-official.jsonl` carries a reference (the body after the prompt);
        // without one a problem is reported as `no_reference`, never as failed.
        canonical_solution: ctx.opt_str("canonical_solution")?.to_string(),
        tests: TestSuite {
            code: ctx.str("tests")?.to_string(),
            style: TestStyle::Script,
            ..Default::default()
        },
        signature_types: None,
        extra: ctx.extra(&["name", "prompt", "tests", "canonical_solution"]),
        provenance: ctx.provenance(Format::MultiplE, &task_id),
    };
    Ok(Loaded::Problem(Box::new(p)))
}
