//! FuncRenameChangeChar: flip the case of name letters.
use crate::perturb::docstring::change_char_case::flip;
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct ChangeChar;

impl Transform for ChangeChar {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, p: &Params, spec: &Spec) -> PResult {
        let new = flip(cx.entry, rng, p.get(spec, "prob"));
        super::rename_to(cx, new)
    }
}
