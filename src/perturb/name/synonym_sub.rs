//! FuncRenameSynonymSub: each word of the name is replaced by a synonym with probability `prob`.
use crate::perturb::common::{join_words, name_words};
use crate::perturb::docstring::synonym_substitution::synonym;
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct SynonymSub;

impl Transform for SynonymSub {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, p: &Params, spec: &Spec) -> PResult {
        let prob = p.get(spec, "prob");
        let (words, camel) = name_words(cx.entry);
        let new: Vec<String> = words
            .iter()
            .map(|w| {
                if !w.is_empty() && rng.chance(prob) {
                    synonym(w, rng)
                        .map(|s| s.to_ascii_lowercase().replace([' ', '-'], "_"))
                        .unwrap_or_else(|| w.clone())
                } else {
                    w.clone()
                }
            })
            .collect();
        let joined = if camel {
            let parts: Vec<String> = new
                .iter()
                .flat_map(|w| w.split('_').map(str::to_string).collect::<Vec<_>>())
                .collect();
            join_words(&parts, true)
        } else {
            join_words(&new, false)
        };
        super::rename_to(cx, joined)
    }
}
