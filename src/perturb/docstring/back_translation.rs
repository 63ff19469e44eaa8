//! BackTranslation (en -> de -> en with a translation model). benchsmith has no model
//! backend yet: the transform fails with a clear error instead of faking a paraphrase.
use crate::perturb::{Ctx, PResult, Params, PerturbError, Rng, Spec, Transform};

pub struct BackTranslation;

impl Transform for BackTranslation {
    fn plan(&self, _cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, spec: &Spec) -> PResult {
        Err(PerturbError::NeedsModel(spec.id.to_string()))
    }
}
