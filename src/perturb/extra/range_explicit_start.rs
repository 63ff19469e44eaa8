//! RangeExplicitStart: every visible one-argument `range(n)` becomes `range(0, n)`
//! (skipped when `range` is rebound in the program).
use crate::perturb::common::{entry_node, nodes_of, visible};
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::parse::{named_children, text};
use crate::python::Edit;

pub struct RangeExplicitStart;

impl Transform for RangeExplicitStart {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let src = &cx.program;
        if src.contains("range =") || src.contains("def range") || src.contains("import range") {
            return na("`range` is rebound");
        }
        let f = entry_node(cx)
            .ok_or_else(|| crate::perturb::PerturbError::NotApplicable("no entry".into()))?;
        let mut edits = vec![];
        for c in nodes_of(f, &["call"]) {
            if !visible(cx, c) {
                continue;
            }
            let (Some(func), Some(args)) = (
                c.child_by_field_name("function"),
                c.child_by_field_name("arguments"),
            ) else {
                continue;
            };
            if text(func, src) != "range" || args.kind() != "argument_list" {
                continue;
            }
            let a = named_children(args);
            if a.len() != 1
                || matches!(
                    a[0].kind(),
                    "keyword_argument" | "list_splat" | "dictionary_splat"
                )
            {
                continue;
            }
            edits.push(Edit::insert(a[0].start_byte(), "0, "));
        }
        if edits.is_empty() {
            return na("no one-argument range() in the visible part");
        }
        Ok(Plan::edits(edits))
    }
}
