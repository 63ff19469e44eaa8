//! SynonymInsertion: with probability `prob`, a synonym is inserted after a content word.
use crate::perturb::lexicon::lexicon;
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct SynonymInsertion;

impl Transform for SynonymInsertion {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, p: &Params, spec: &Spec) -> PResult {
        let prob = p.get(spec, "prob");
        super::map_words(cx, |w| {
            let lower = w.to_ascii_lowercase();
            if lexicon().is_stopword(&lower) {
                return None;
            }
            let syns = lexicon().synonyms_of(&lower);
            if syns.is_empty() || !rng.chance(prob) {
                return None;
            }
            rng.pick(&syns).map(|s| format!("{w} {s}"))
        })
    }
}
