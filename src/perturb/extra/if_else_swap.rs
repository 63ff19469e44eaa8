//! IfElseSwap: the first fully visible `if c: A else: B` (one else, no elif, blocks on their
//! own lines) becomes `if not c: B else: A`.
use crate::perturb::common::{entry_node, line_start, nodes_of, visible};
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::parse::{named_children, text};
use crate::python::Edit;

pub struct IfElseSwap;

impl Transform for IfElseSwap {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let src = &cx.program;
        let f = entry_node(cx)
            .ok_or_else(|| crate::perturb::PerturbError::NotApplicable("no entry".into()))?;
        for s in nodes_of(f, &["if_statement"]) {
            if !visible(cx, s) {
                continue;
            }
            let (Some(cond), Some(cons)) = (
                s.child_by_field_name("condition"),
                s.child_by_field_name("consequence"),
            ) else {
                continue;
            };
            let alts: Vec<_> = named_children(s)
                .into_iter()
                .filter(|n| matches!(n.kind(), "else_clause" | "elif_clause"))
                .collect();
            if alts.len() != 1 || alts[0].kind() != "else_clause" {
                continue;
            }
            let Some(alt) = alts[0].child_by_field_name("body") else {
                continue;
            };
            let own_line = |b: tree_sitter::Node<'_>| {
                src[line_start(src, b.start_byte())..b.start_byte()]
                    .trim()
                    .is_empty()
            };
            if !own_line(cons) || !own_line(alt) {
                continue;
            }
            let neg = super::negate(cond, src);
            return Ok(Plan::edits(vec![
                Edit::replace(cond.start_byte(), cond.end_byte(), neg),
                Edit::replace(cons.start_byte(), cons.end_byte(), text(alt, src)),
                Edit::replace(alt.start_byte(), alt.end_byte(), text(cons, src)),
            ]));
        }
        na("no visible if/else")
    }
}
