//! MBPP, original (`text, code, task_id, test_setup_code, test_list, challenge_test_list`) and
//! sanitized (`prompt, code, test_imports, test_list`). Each becomes a HumanEval-style problem:
//! the entry function's signature with a docstring made of the text plus the first test as an
//! example. The test order is solution, setup, tests (setup may use solution names, tasks 367, 927).

use super::split::{docstring_safe, doctest_from_assert, entry_point, split};
use super::{Ctx, Format, IngestError, Loaded, Reason};
use crate::model::{Language, Problem, TestStyle, TestSuite};

pub fn load_original(ctx: &Ctx) -> Result<Loaded, IngestError> {
    let text = ctx.str("text")?;
    let setup = ctx.opt_str("test_setup_code")?.replace("\r\n", "\n");
    build(
        ctx,
        Format::Mbpp,
        text,
        setup,
        &["text", "code", "task_id", "test_setup_code", "test_list"],
    )
}

pub fn load_sanitized(ctx: &Ctx) -> Result<Loaded, IngestError> {
    let text = ctx.str("prompt")?;
    let setup = ctx.str_list("test_imports")?.join("\n");
    build(
        ctx,
        Format::MbppSanitized,
        text,
        setup,
        &["prompt", "code", "task_id", "test_imports", "test_list"],
    )
}

fn build(
    ctx: &Ctx,
    format: Format,
    text: &str,
    setup: String,
    consumed: &[&str],
) -> Result<Loaded, IngestError> {
    let task_id = ctx.task_id("task_id")?;
    let code = ctx.str("code")?.replace("\r\n", "\n");
    let tests = ctx.str_list("test_list")?;
    if tests.is_empty() {
        return Err(ctx.field_err("test_list", Reason::NoTests, "no tests"));
    }
    let Some(entry) = entry_point(&code, &tests[0]) else {
        return Err(ctx.field_err("code", Reason::NoFunction, "defines no top-level function"));
    };
    let mut doc: Vec<String> = text
        .trim()
        .lines()
        .map(|l| docstring_safe(l.trim_end()))
        .collect();
    doc.extend(
        doctest_from_assert(&tests[0])
            .into_iter()
            .map(|l| docstring_safe(&l)),
    );
    let Some(parts) = split(&code, &entry, &doc) else {
        return Err(ctx.field_err(
            "code",
            Reason::NoFunction,
            format!("cannot find the header of `{entry}`"),
        ));
    };
    let mut test_code = tests.join("\n");
    test_code.push('\n');
    let p = Problem {
        task_id: task_id.clone(),
        language: Language::Python,
        prompt: parts.prompt,
        entry_point: entry,
        canonical_solution: parts.solution,
        tests: TestSuite {
            code: test_code,
            style: TestStyle::Asserts,
            setup,
            ..Default::default()
        },
        signature_types: None,
        extra: ctx.extra(consumed),
        provenance: ctx.provenance(format, &task_id),
    };
    Ok(Loaded::Problem(Box::new(p)))
}
