//! FuncRenameInflectionalVariation: each word of the name becomes a random inflection of its
//! lemma (possibly the same), e.g. has_close_elements -> had_close_element.
use crate::perturb::common::{join_words, name_words};
use crate::perturb::lexicon::lexicon;
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct InflectionalVariation;

impl Transform for InflectionalVariation {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let (words, camel) = name_words(cx.entry);
        let new: Vec<String> = words
            .iter()
            .map(|w| match lexicon().forms(w) {
                Some((lemma, _)) => rng.pick(&lemma.forms).cloned().unwrap_or_else(|| w.clone()),
                None => w.clone(),
            })
            .collect();
        super::rename_to(cx, join_words(&new, camel))
    }
}
