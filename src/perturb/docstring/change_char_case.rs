//! ChangeCharCase: flip the case of each prose letter with probability `prob`.
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct ChangeCharCase;

pub fn flip(word: &str, rng: &mut Rng, prob: f64) -> String {
    word.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() && rng.chance(prob) {
                if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            } else {
                c
            }
        })
        .collect()
}

impl Transform for ChangeCharCase {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, p: &Params, spec: &Spec) -> PResult {
        let prob = p.get(spec, "prob");
        super::map_words(cx, |w| Some(flip(w, rng, prob)))
    }
}
