//! TypeHintRemoval: the entry signature loses its annotations (`x: int = 1` -> `x=1`,
//! `-> List[int]` removed).
use crate::perturb::common::entry_node;
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::parse::{named_children, text};
use crate::python::Edit;

pub struct TypeHintRemoval;

impl Transform for TypeHintRemoval {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let src = &cx.program;
        let f = entry_node(cx)
            .ok_or_else(|| crate::perturb::PerturbError::NotApplicable("no entry".into()))?;
        let Some(params) = f.child_by_field_name("parameters") else {
            return na("no parameters");
        };
        let mut edits = vec![];
        for p in named_children(params) {
            match p.kind() {
                "typed_parameter" => {
                    let name = named_children(p)
                        .into_iter()
                        .next()
                        .map(|n| text(n, src).to_string())
                        .unwrap_or_default();
                    edits.push(Edit::replace(p.start_byte(), p.end_byte(), name));
                }
                "typed_default_parameter" => {
                    let (Some(n), Some(v)) = (
                        p.child_by_field_name("name"),
                        p.child_by_field_name("value"),
                    ) else {
                        continue;
                    };
                    edits.push(Edit::replace(
                        p.start_byte(),
                        p.end_byte(),
                        format!("{}={}", text(n, src), text(v, src)),
                    ));
                }
                _ => {}
            }
        }
        if let Some(rt) = f.child_by_field_name("return_type") {
            edits.push(Edit::delete(params.end_byte(), rt.end_byte()));
        }
        if edits.is_empty() {
            return na("no type hints");
        }
        Ok(Plan::edits(edits))
    }
}
