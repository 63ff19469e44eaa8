//! new_line_aftercode: one more newline at the end of the prompt.
use crate::perturb::{Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::Edit;

pub struct NewLineAfterCode;

impl Transform for NewLineAfterCode {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        Ok(Plan::edits(vec![Edit::insert(cx.cut, "\n")]))
    }
}
