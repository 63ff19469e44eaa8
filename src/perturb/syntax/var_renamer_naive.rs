//! VarRenamerNaive: the most frequent local variable (with a visible use) becomes `VAR_0`.
use crate::perturb::common::{fresh_indexed, rename_local, rename_target};
use crate::perturb::{na, Ctx, PResult, Params, Rng, Spec, Transform};

pub struct VarRenamerNaive;

impl Transform for VarRenamerNaive {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let Some(old) = rename_target(cx) else {
            return na("no local variable used in the visible part");
        };
        rename_local(cx, &old, &fresh_indexed(cx, "VAR_"))
    }
}
