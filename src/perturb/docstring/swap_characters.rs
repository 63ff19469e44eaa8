//! SwapCharacters: swap adjacent letters inside prose words with probability `prob` per pair.
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct SwapCharacters;

pub fn swap(word: &str, rng: &mut Rng, prob: f64) -> String {
    let mut cs: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i + 1 < cs.len() {
        if rng.chance(prob) {
            cs.swap(i, i + 1);
            i += 2;
        } else {
            i += 1;
        }
    }
    cs.into_iter().collect()
}

impl Transform for SwapCharacters {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, p: &Params, spec: &Spec) -> PResult {
        let prob = p.get(spec, "prob");
        super::map_words(cx, |w| Some(swap(w, rng, prob)))
    }
}
