//! TenseFuture: finite present-tense verbs become future (`is` -> `will be`, `returns` ->
//! `will return`, `has` -> `will have`); verbs after `to`/modals are kept.
use crate::perturb::lexicon::{lexicon, Pos};
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct TenseFuture;

pub fn future(w: &str, prev: Option<&str>) -> Option<String> {
    if super::not_finite_after(prev) {
        return None;
    }
    let fixed = match w {
        "is" | "are" | "am" => Some("will be"),
        "has" => Some("will have"),
        "have" if matches!(prev, Some("we" | "you" | "they" | "i")) => Some("will have"),
        "can" => Some("will be able to"),
        _ => None,
    };
    if let Some(f) = fixed {
        return Some(f.to_string());
    }
    let (lemma, slot) = lexicon().forms(w)?;
    (lemma.pos == Pos::Verb && slot == 1 && lemma.forms[1] != lemma.forms[0])
        .then(|| format!("will {}", lemma.forms[0]))
}

impl Transform for TenseFuture {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        super::tense(cx, future, |forms: &[String]| {
            forms.first().map(|b| format!("will {b}"))
        })
    }
}
