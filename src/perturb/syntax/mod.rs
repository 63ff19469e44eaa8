//! Code-syntax transforms on the partial-code prompt. Sites are chosen in the visible part;
//! renames are applied to the whole entry function so prompt + completion stay equivalent.
pub mod dead_code;
pub mod dead_code_last;
pub mod for_while;
pub mod operand_swap;
pub mod var_renamer_lexicon;
pub mod var_renamer_naive;
pub mod var_renamer_rn;

use super::common::{deeper, fresh_indexed, indent_of, line_start, nodes_of, visible_statements};
use super::{Ctx, Rng};
use crate::python::parse::text;

/// Insertion points for a statement: (byte offset at a line start, indentation). The visible
/// statement starts, plus the completion point.
pub fn insertion_points(cx: &Ctx<'_>) -> Vec<(usize, String)> {
    let src = &cx.program;
    let mut out = vec![];
    for s in visible_statements(cx) {
        let ls = line_start(src, s.start_byte());
        if src[ls..s.start_byte()].trim().is_empty() && ls >= cx.body_code_start {
            out.push((ls, src[ls..s.start_byte()].to_string()));
        }
    }
    if let Some(p) = completion_point(cx) {
        out.push(p);
    }
    out.dedup();
    out
}

/// The completion point (the cut), when a statement may start there.
pub fn completion_point(cx: &Ctx<'_>) -> Option<(usize, String)> {
    let src = &cx.program;
    let f = super::common::entry_node(cx)?;
    if cx.cut >= f.end_byte() || cx.cut < cx.body_code_start {
        return None;
    }
    let rest = src[cx.cut..].trim_start();
    if ["else", "elif", "except", "finally"]
        .iter()
        .any(|k| rest.starts_with(k))
    {
        return None;
    }
    // The indentation of the first non-blank hidden line (blank lines carry none).
    let first_code = cx.cut + (src[cx.cut..].len() - rest.len());
    let ind = indent_of(src, first_code).to_string();
    if ind.is_empty() {
        return None;
    }
    Some((cx.cut, ind))
}

/// Visible one-line statements safe to copy into dead code.
pub fn copyable(cx: &Ctx<'_>) -> Vec<String> {
    let src = &cx.program;
    visible_statements(cx)
        .into_iter()
        .filter(|s| {
            matches!(
                s.kind(),
                "expression_statement" | "return_statement" | "pass_statement"
            )
        })
        .filter(|s| !text(*s, src).contains('\n'))
        .filter(|s| nodes_of(*s, &["yield", "await", "lambda", "named_expression"]).is_empty())
        // A copied assignment would make its target local to the scope it lands in (a nested
        // function: UnboundLocalError, MBPP/843); copy only statements that bind no name.
        .filter(|s| nodes_of(*s, &["assignment", "augmented_assignment"]).is_empty())
        .map(|s| text(s, src).to_string())
        .collect()
}

/// A never-executed block around `stmt`, indented at `ind`.
pub fn dead_block(cx: &Ctx<'_>, rng: &mut Rng, stmt: &str, ind: &str) -> String {
    let v = fresh_indexed(cx, "_i_");
    let inner = deeper(ind);
    match rng.below(5) {
        0 => format!("{ind}for {v} in range(0):\n{inner}{stmt}\n"),
        1 => format!("{ind}while False:\n{inner}{stmt}\n"),
        2 => format!("{ind}if False:\n{inner}{stmt}\n"),
        3 => format!("{ind}{v} = 0\n{ind}while {v} < {v}:\n{inner}{stmt}\n"),
        _ => format!("{ind}{v} = 0\n{ind}if {v} > {v}:\n{inner}{stmt}\n"),
    }
}
