//! HumanEval-X (CodeGeeX): `task_id` is `<Lang>/<n>`; no `entry_point` field, so the entry
//! is the function the declaration defines. Python records become runnable problems; the
//! other languages are kept addressable (language, declaration, tests) for the translators and
//! `evaluate`. `translate --emit humaneval-x` writes the same shape in all its languages, with
//! an `entry_point` field (HumanEval-X has none).

use super::{Ctx, Format, IngestError, Loaded, Reason};
use crate::model::{Problem, TestStyle, TestSuite};

pub fn load(ctx: &Ctx) -> Result<Loaded, IngestError> {
    let task_id = ctx.task_id("task_id")?;
    let lang = task_id.split('/').next().unwrap_or("").to_ascii_lowercase();
    let language = match lang.as_str() {
        "python" => "python",
        "cpp" => "cpp",
        "go" => "go",
        "java" => "java",
        "js" | "javascript" => "javascript",
        "rust" => "rust",
        // The other languages `benchsmith translate` writes HumanEval-X-style (`Ruby/0`).
        other => match crate::translate::spec::all()
            .into_iter()
            .find(|s| s.humaneval_x.eq_ignore_ascii_case(other))
        {
            Some(s) => return load_as(ctx, task_id, &s.id),
            None => {
                return Err(ctx.field_err(
                    "task_id",
                    Reason::UnknownLanguage,
                    format!("unknown HumanEval-X language prefix {other:?}"),
                ))
            }
        },
    };
    load_as(ctx, task_id, language)
}

fn load_as(ctx: &Ctx, task_id: String, language: &str) -> Result<Loaded, IngestError> {
    let declaration = ctx.str("declaration")?;
    let entry_point = match ctx.opt_str("entry_point")? {
        "" => match entry_from_declaration(declaration, language) {
            Some(e) => e,
            None => {
                return Err(ctx.field_err(
                    "declaration",
                    Reason::NoFunction,
                    "no function declaration found",
                ))
            }
        },
        e => e.to_string(),
    };
    let test = ctx.str("test")?.to_string();
    let p = Problem {
        task_id: task_id.clone(),
        language: language.into(),
        prompt: ctx.str("prompt")?.to_string(),
        entry_point: entry_point.clone(),
        canonical_solution: ctx.opt_str("canonical_solution")?.to_string(),
        tests: TestSuite {
            code: test,
            style: TestStyle::Check,
            ..Default::default()
        },
        signature_types: None,
        extra: ctx.extra(&["task_id", "prompt", "canonical_solution", "test"]),
        provenance: ctx.provenance(Format::HumanevalX, &task_id),
    };
    Ok(Loaded::Problem(Box::new(p)))
}

/// The name of the last function declared (`def f(` in Python, `f(` before `{` elsewhere).
fn entry_from_declaration(decl: &str, language: &str) -> Option<String> {
    if language == "python" {
        return decl
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("def "))
            .filter_map(|rest| rest.split('(').next())
            .map(|n| n.trim().to_string())
            .next_back();
    }
    // Other languages: the last line that opens a function body (`... name(...) {`).
    const CONTROL: &[&str] = &["if", "for", "while", "switch", "else", "catch", "return"];
    decl.lines()
        .map(str::trim)
        .filter(|l| l.ends_with('{') && l.contains('('))
        .filter(|l| !CONTROL.iter().any(|k| l.starts_with(k)))
        .filter_map(|l| {
            let head = l[..l.find('(')?].trim_end();
            // `const name = (a, b) => {` (JavaScript arrow functions)
            let head = head.strip_suffix('=').map(str::trim_end).unwrap_or(head);
            // `fn name<'a, T>(` (generic parameters)
            let head = match (head.ends_with('>'), head.find('<')) {
                (true, Some(i)) => head[..i].trim_end(),
                _ => head,
            };
            let name: String = head
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let name: String = name.chars().rev().collect();
            (!name.is_empty()).then_some(name)
        })
        .next_back()
}
