//! EnglishInflectionalVariation: with probability `prob`, a noun, verb or adjective of the
//! prose becomes another inflection of its lemma (`transforms/lexicon/inflections.tsv`).
use crate::perturb::common::match_case;
use crate::perturb::lexicon::lexicon;
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct EnglishInflectionalVariation;

/// Another form of the word's lemma, or `None`.
pub fn reinflect(word: &str, rng: &mut Rng) -> Option<String> {
    let lx = lexicon();
    let lower = word.to_ascii_lowercase();
    if lx.is_stopword(&lower) {
        return None;
    }
    let (lemma, _) = lx.forms(&lower)?;
    let others: Vec<&String> = lemma.forms.iter().filter(|f| **f != lower).collect();
    let pick = (*rng.pick(&others)?).clone();
    Some(match_case(word, &pick))
}

impl Transform for EnglishInflectionalVariation {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, p: &Params, spec: &Spec) -> PResult {
        let prob = p.get(spec, "prob");
        super::map_words(cx, |w| {
            if rng.chance(prob) {
                reinflect(w, rng)
            } else {
                None
            }
        })
    }
}
