//! FuncRenameButterFinger: keyboard-neighbour typos in the name's letters.
use crate::perturb::docstring::butter_fingers::typo;
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct ButterFinger;

impl Transform for ButterFinger {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, p: &Params, spec: &Spec) -> PResult {
        let new = typo(cx.entry, rng, p.get(spec, "prob"));
        super::rename_to(cx, new)
    }
}
