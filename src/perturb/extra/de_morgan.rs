//! DeMorgan: the first visible `if`/`elif`/`while` condition that is `a and b` (or `a or b`)
//! becomes `not (not a or not b)` (or `not (not a and not b)`): equal truth value, and the
//! condition is only used for its truth value.
use crate::perturb::common::{entry_node, nodes_of, visible};
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::parse::{children, text};
use crate::python::Edit;

pub struct DeMorgan;

impl Transform for DeMorgan {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let src = &cx.program;
        let f = entry_node(cx)
            .ok_or_else(|| crate::perturb::PerturbError::NotApplicable("no entry".into()))?;
        for s in nodes_of(f, &["if_statement", "elif_clause", "while_statement"]) {
            let Some(c) = s.child_by_field_name("condition") else {
                continue;
            };
            if c.kind() != "boolean_operator"
                || !visible(cx, c)
                || c.start_byte() < cx.body_code_start
            {
                continue;
            }
            let k = children(c);
            if k.len() != 3 {
                continue;
            }
            let dual = match text(k[1], src) {
                "and" => "or",
                "or" => "and",
                _ => continue,
            };
            let new = format!(
                "not ({} {dual} {})",
                super::negate(k[0], src),
                super::negate(k[2], src)
            );
            return Ok(Plan::edits(vec![Edit::replace(
                c.start_byte(),
                c.end_byte(),
                new,
            )]));
        }
        na("no and/or condition in the visible part")
    }
}
