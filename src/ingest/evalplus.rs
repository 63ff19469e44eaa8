//! EvalPlus HumanEval+ / MBPP+ (`task_id, prompt, entry_point, canonical_solution, base_input,
//! plus_input, atol, contract`, MBPP+ also `assertion`). Inputs become structured cases whose
//! expected outputs come from the canonical solution (the oracle) when they are needed.

use super::{Ctx, Format, IngestError, Loaded, Reason};
use crate::model::plain;
use crate::model::{CaseOrigin, Compare, Language, Problem, TestCase, TestStyle, TestSuite, Value};
use serde_json::Value as Json;

/// The ids an EvalPlus task id also goes by in its source benchmark: MBPP+'s `Mbpp/N` is the
/// original MBPP's `N` (HumanEval+ keeps HumanEval's ids).
pub fn task_aliases(task_id: &str) -> impl Iterator<Item = &str> {
    std::iter::once(task_id).chain(task_id.strip_prefix("Mbpp/"))
}

pub fn load(ctx: &Ctx) -> Result<Loaded, IngestError> {
    let task_id = ctx.task_id("task_id")?;
    let atol = match ctx.obj.get("atol") {
        None | Some(Json::Null) => 0.0,
        Some(Json::Number(n)) => n.as_f64().unwrap_or(0.0),
        Some(other) => {
            return Err(ctx.field_err(
                "atol",
                Reason::WrongType,
                format!("expected a number, found {}", super::kind(other)),
            ))
        }
    };
    let compare = if atol > 0.0 {
        Compare::Close { atol, rtol: 0.0 }
    } else {
        Compare::Exact
    };
    let mut cases = vec![];
    for (field, origin) in [
        ("base_input", CaseOrigin::Base),
        ("plus_input", CaseOrigin::Plus),
    ] {
        let Some(v) = ctx.obj.get(field) else {
            continue;
        };
        // MBPP+ v0.1.0 and v0.2.0 write Mbpp/793's missing plus inputs as `{}`: none.
        if v.as_object().is_some_and(|o| o.is_empty()) {
            continue;
        }
        let Json::Array(inputs) = v else {
            return Err(ctx.field_err(
                field,
                Reason::WrongType,
                format!(
                    "expected a list of argument lists, found {}",
                    super::kind(v)
                ),
            ));
        };
        for (i, input) in inputs.iter().enumerate() {
            // EvalPlus inputs are plain JSON (an object is a dict), never the tagged encoding.
            let at = format!("{field}[{i}]");
            let mut args = match plain::decode(input) {
                Ok(Value::List(args)) => args,
                Ok(_) => {
                    return Err(ctx.field_err(
                        &at,
                        Reason::WrongType,
                        "expected a list of arguments",
                    ))
                }
                Err(e) => return Err(ctx.field_err(&at, Reason::BadValue, e.to_string())),
            };
            super::evalplus_inputs::convert(&task_id, &mut args)
                .map_err(|e| ctx.field_err(&at, Reason::BadValue, e.to_string()))?;
            cases.push(TestCase {
                args,
                kwargs: vec![],
                expected: None,
                compare,
                origin,
                line: None,
            });
        }
    }
    let test = ctx.opt_str("test")?.to_string();
    let style = if test.contains("def check(") {
        TestStyle::Check
    } else {
        TestStyle::Asserts
    };
    let canonical = match ctx.obj.get("canonical_solution") {
        Some(_) => ctx.str("canonical_solution")?,
        None => ctx.str("code")?,
    };
    let p = Problem {
        task_id: task_id.clone(),
        language: Language::Python,
        prompt: ctx.str("prompt")?.to_string(),
        entry_point: ctx.str("entry_point")?.to_string(),
        canonical_solution: canonical.to_string(),
        tests: TestSuite {
            code: test,
            style,
            setup: String::new(),
            cases,
            atol: Some(atol),
        },
        signature_types: None,
        extra: ctx.extra(&[
            "task_id",
            "prompt",
            "entry_point",
            "canonical_solution",
            "base_input",
            "plus_input",
            "atol",
            "test",
        ]),
        provenance: ctx.provenance(Format::Evalplus, &task_id),
    };
    Ok(Loaded::Problem(Box::new(p)))
}
