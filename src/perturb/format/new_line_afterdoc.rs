//! new_line_afterdoc: a blank line right after the docstring.
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::Edit;

pub struct NewLineAfterDoc;

impl Transform for NewLineAfterDoc {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        if cx.analysis.docstring.is_none() || cx.body_code_start > cx.program.len() {
            return na("no docstring");
        }
        Ok(Plan::edits(vec![Edit::insert(cx.body_code_start, "\n")]))
    }
}
