//! CodeEval-Pro (HumanEval Pro / MBPP Pro): `id, raw_problem, raw_solution, new_problem,
//! new_solution, test_code`. The reference program is
//! `raw_problem + raw_solution + new_problem + new_solution + "\n" + test_code`; a sample
//! completes `raw_problem`. The entry point is the function `new_problem` introduces.

use super::{Ctx, Format, IngestError, Loaded, Reason};
use crate::model::{Language, Problem, TestStyle, TestSuite};

pub fn load(ctx: &Ctx) -> Result<Loaded, IngestError> {
    let task_id = ctx.task_id("id")?;
    let raw_problem = ctx.str("raw_problem")?;
    let raw_solution = ctx.str("raw_solution")?;
    let new_problem = ctx.str("new_problem")?;
    let new_solution = ctx.str("new_solution")?;
    // The new problem's function is the last one `new_problem` defines; a few records state
    // the new problem as a comment only, and then its `def` is the last top-level one of
    // `new_solution` (HumanEval Pro 46, 63, 112; BigCodeBench-Lite Pro 958).
    let entry_point = last_def(new_problem, false)
        .or_else(|| last_def(new_solution, true))
        .ok_or_else(|| {
            ctx.field_err(
                "new_problem",
                Reason::NoFunction,
                "defines no function, and neither does `new_solution` at the top level",
            )
        })?;
    let p = Problem {
        task_id: task_id.clone(),
        language: Language::Python,
        prompt: raw_problem.to_string(),
        entry_point,
        canonical_solution: format!("{raw_solution}{new_problem}{new_solution}"),
        tests: TestSuite {
            code: format!("\n{}", ctx.str("test_code")?),
            style: TestStyle::Script,
            ..Default::default()
        },
        signature_types: None,
        extra: ctx.extra(&["id", "test_code"]),
        provenance: ctx.provenance(Format::CodeevalPro, &task_id),
    };
    Ok(Loaded::Problem(Box::new(p)))
}

/// The name of the last function `code` defines (only unindented ones when `top_level`).
fn last_def(code: &str, top_level: bool) -> Option<String> {
    code.lines()
        .filter_map(|l| match top_level {
            true => l.strip_prefix("def "),
            false => l.trim_start().strip_prefix("def "),
        })
        .filter_map(|r| r.split('(').next())
        .map(|n| n.trim().to_string())
        .rfind(|n| !n.is_empty())
}
