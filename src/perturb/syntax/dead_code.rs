//! DeadCodeInserter: a never-executed block (`if False:`, `while False:`, `for _i in
//! range(0):`, `_i = 0; while _i < _i:` ...) wrapping a copy of a VISIBLE statement (or
//! `pass` when none), inserted at a random visible statement boundary inside the entry body.
//! Unlike ReCode it never copies lines of the hidden completion and never lands at module level.
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::Edit;

pub struct DeadCodeInserter;

impl Transform for DeadCodeInserter {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let points = super::insertion_points(cx);
        let Some((at, ind)) = rng.pick(&points).cloned() else {
            return na("no insertion point in the visible body");
        };
        let stmts = super::copyable(cx);
        let stmt = rng
            .pick(&stmts)
            .cloned()
            .unwrap_or_else(|| "pass".to_string());
        Ok(Plan::edits(vec![Edit::insert(
            at,
            super::dead_block(cx, rng, &stmt, &ind),
        )]))
    }
}
