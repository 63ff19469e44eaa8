//! ButterFingers: each prose letter becomes a QWERTY neighbour with probability `prob`
//! (case kept). The neighbour table is `transforms/lexicon/keyboard_qwerty.tsv`.
use crate::perturb::lexicon::lexicon;
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct ButterFingers;

pub fn typo(word: &str, rng: &mut Rng, prob: f64) -> String {
    let kb = &lexicon().keyboard;
    word.chars()
        .map(|c| {
            let lower = c.to_ascii_lowercase();
            match kb.get(&lower) {
                Some(n) if rng.chance(prob) => {
                    let r = *rng.pick(n).unwrap_or(&lower);
                    if c.is_ascii_uppercase() {
                        r.to_ascii_uppercase()
                    } else {
                        r
                    }
                }
                _ => c,
            }
        })
        .collect()
}

impl Transform for ButterFingers {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, p: &Params, spec: &Spec) -> PResult {
        let prob = p.get(spec, "prob");
        super::map_words(cx, |w| Some(typo(w, rng, prob)))
    }
}
