//! OperandSwap: the first visible comparison with exactly one of `< > <= >= == !=` gets its
//! operands swapped and the operator mirrored. Operands must be free of side effects (names,
//! literals, attribute/subscript access, arithmetic, calls of pure builtins), so evaluation
//! order cannot matter.
use crate::perturb::common::{entry_node, nodes_of, visible, PURE_CALLS};
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::parse::{children, text};
use crate::python::Edit;
use tree_sitter::Node;

pub struct OperandSwap;

fn pure(n: Node<'_>, src: &str) -> bool {
    for c in nodes_of(n, &["call", "yield", "await", "named_expression", "lambda"]) {
        if c.kind() != "call" {
            return false;
        }
        let Some(func) = c.child_by_field_name("function") else {
            return false;
        };
        if !(func.kind() == "identifier" && PURE_CALLS.contains(&text(func, src))) {
            return false;
        }
    }
    true
}

pub fn mirror(op: &str) -> Option<&'static str> {
    Some(match op {
        "<" => ">",
        ">" => "<",
        "<=" => ">=",
        ">=" => "<=",
        "==" => "==",
        "!=" => "!=",
        _ => return None,
    })
}

impl Transform for OperandSwap {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let src = &cx.program;
        let f = entry_node(cx)
            .ok_or_else(|| crate::perturb::PerturbError::NotApplicable("no entry".into()))?;
        for c in nodes_of(f, &["comparison_operator"]) {
            if !visible(cx, c) {
                continue;
            }
            let kids = children(c);
            if kids.len() != 3 {
                continue;
            }
            let (a, op, b) = (kids[0], kids[1], kids[2]);
            let Some(m) = mirror(text(op, src)) else {
                continue;
            };
            if !pure(a, src) || !pure(b, src) {
                continue;
            }
            return Ok(Plan::edits(vec![
                Edit::replace(a.start_byte(), a.end_byte(), text(b, src)),
                Edit::replace(op.start_byte(), op.end_byte(), m),
                Edit::replace(b.start_byte(), b.end_byte(), text(a, src)),
            ]));
        }
        na("no swappable comparison in the visible part")
    }
}
