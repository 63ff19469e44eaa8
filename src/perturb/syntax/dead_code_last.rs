//! DeadCodeInserterLast: dead code right at the completion point, wrapping the last visible
//! copyable statement (or `pass`). Deterministic.
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::Edit;

pub struct DeadCodeInserterLast;

impl Transform for DeadCodeInserterLast {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, spec: &Spec) -> PResult {
        let Some((at, ind)) = super::completion_point(cx) else {
            return na("no completion point inside the body");
        };
        let stmt = super::copyable(cx)
            .last()
            .cloned()
            .unwrap_or_else(|| "pass".to_string());
        let mut rng = Rng::for_item(spec.id, 0, cx.task_id);
        Ok(Plan::edits(vec![Edit::insert(
            at,
            super::dead_block(cx, &mut rng, &stmt, &ind),
        )]))
    }
}
