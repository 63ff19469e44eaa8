//! TensePast: finite present-tense verbs become past tense (`is` -> `was`, `returns` ->
//! `returned`, `have` -> `had`); imperatives and verbs after `to`/modals are kept.
use crate::perturb::lexicon::{lexicon, Pos};
use crate::perturb::{Ctx, PResult, Params, Rng, Spec, Transform};

pub struct TensePast;

pub fn past(w: &str, prev: Option<&str>) -> Option<String> {
    if super::not_finite_after(prev) {
        return None;
    }
    let fixed = match w {
        "is" | "am" => Some("was"),
        "are" => Some("were"),
        "has" => Some("had"),
        "have" if !matches!(prev, Some("we" | "you" | "they" | "i")) => None,
        "have" => Some("had"),
        "does" | "do" if prev.is_some() => Some("did"),
        "can" => Some("could"),
        "will" => Some("would"),
        _ => None,
    };
    if let Some(f) = fixed {
        return Some(f.to_string());
    }
    // Third person singular present of a known verb.
    let (lemma, slot) = lexicon().forms(w)?;
    (lemma.pos == Pos::Verb && slot == 1 && lemma.forms[1] != lemma.forms[0])
        .then(|| lemma.forms[2].clone())
}

impl Transform for TensePast {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        super::tense(cx, past, |forms: &[String]| forms.get(2).cloned())
    }
}
