//! FuncRenameSwapChar: swap adjacent characters of the name (never moving a digit first).
use crate::perturb::docstring::swap_characters::swap;
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct SwapChar;

impl Transform for SwapChar {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, p: &Params, spec: &Spec) -> PResult {
        let new = swap(cx.entry, rng, p.get(spec, "prob"));
        super::rename_to(cx, new)
    }
}
