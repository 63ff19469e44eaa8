//! SynonymSubstitution: with probability `prob`, a content word (not a stopword) becomes one
//! of its synonyms (`transforms/lexicon/synonyms.tsv`), inflected like the word.
use crate::perturb::common::match_case;
use crate::perturb::lexicon::lexicon;
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct SynonymSubstitution;

pub fn synonym(word: &str, rng: &mut Rng) -> Option<String> {
    let lx = lexicon();
    let lower = word.to_ascii_lowercase();
    if lx.is_stopword(&lower) {
        return None;
    }
    let syns = lx.synonyms_of(&lower);
    rng.pick(&syns).map(|s| match_case(word, s))
}

impl Transform for SynonymSubstitution {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, p: &Params, spec: &Spec) -> PResult {
        let prob = p.get(spec, "prob");
        super::map_words(cx, |w| {
            if lexicon().synonyms_of(&w.to_ascii_lowercase()).is_empty() || lexicon().is_stopword(w)
            {
                return None;
            }
            if rng.chance(prob) {
                synonym(w, rng)
            } else {
                None
            }
        })
    }
}
