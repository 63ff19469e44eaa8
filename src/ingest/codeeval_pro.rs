//! CodeEval-Pro (HumanEval Pro / MBPP Pro): `id, raw_problem, raw_solution, new_problem,
//! new_solution, test_code`. The reference program is
//! `raw_problem + raw_solution + new_problem + new_solution + "\n" + test_code`; a sample
//! completes `raw_problem`. The entry point is the function `new_problem` introduces.

use super::{Ctx, Format, IngestError, Loaded};
use crate::model::{Problem, TestStyle, TestSuite};

pub fn load(ctx: &Ctx) -> Result<Loaded, IngestError> {
    let task_id = ctx.task_id("id")?;
    let raw_problem = ctx.str("raw_problem")?;
    let raw_solution = ctx.str("raw_solution")?;
    let new_problem = ctx.str("new_problem")?;
    let new_solution = ctx.str("new_solution")?;
    let entry_point = new_problem
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("def "))
        .filter_map(|r| r.split('(').next())
        .map(|n| n.trim().to_string())
        .next_back()
        .ok_or_else(|| ctx.field_err("new_problem", "defines no function"))?;
    let p = Problem {
        task_id: task_id.clone(),
        language: "python".into(),
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
