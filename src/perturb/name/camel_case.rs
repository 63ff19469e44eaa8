//! FuncRenameCamelCase: snake_case -> camelCase and camelCase -> snake_case. Single-word
//! lowercase names have no other case style and stay unchanged.
use crate::perturb::common::{join_words, name_words};
use crate::perturb::{na, Ctx, PResult, Params, Rng, Spec, Transform};

pub struct CamelCase;

pub fn convert(name: &str) -> Option<String> {
    let lead = name.len() - name.trim_start_matches('_').len();
    let core = &name[lead..];
    let (words, camel) = name_words(core);
    let words: Vec<String> = words.into_iter().filter(|w| !w.is_empty()).collect();
    if words.len() < 2 {
        return None;
    }
    Some(format!("{}{}", &name[..lead], join_words(&words, !camel)))
}

impl Transform for CamelCase {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        match convert(cx.entry) {
            Some(n) => super::rename_to(cx, n),
            None => na("single-word name"),
        }
    }
}
