//! Docstring transforms: prose only (never `>>>` examples, quotes or indentation); words that
//! are identifiers of the program are masked (see `common::prose_words`).
pub mod back_translation;
pub mod butter_fingers;
pub mod change_char_case;
pub mod inflectional_variation;
pub mod swap_characters;
pub mod synonym_insertion;
pub mod synonym_substitution;
pub mod tense_future;
pub mod tense_past;
pub mod whitespace;

use super::common::{match_case, prose_words};
use super::{na, Ctx, PResult, Plan};
use crate::python::Edit;

/// Replace each eligible word by `f(word)` when it returns something different.
pub fn map_words(cx: &Ctx<'_>, mut f: impl FnMut(&str) -> Option<String>) -> PResult {
    let words = prose_words(cx);
    if words.is_empty() {
        return na("no eligible prose words");
    }
    let mut edits = vec![];
    for w in words {
        if let Some(new) = f(&w.text) {
            if new != w.text {
                edits.push(Edit::replace(w.start, w.end, new));
            }
        }
    }
    if edits.is_empty() {
        return na("no word selected");
    }
    Ok(Plan::edits(edits))
}

/// Tense rewriting shared by TensePast and TenseFuture: `rule(lower, prev_lower)` gives the
/// replacement of a word (lowercase) given the previous word.
pub fn tense(cx: &Ctx<'_>, rule: impl Fn(&str, Option<&str>) -> Option<String>) -> PResult {
    let words = prose_words(cx);
    let mut edits = vec![];
    let mut prev: Option<(String, usize)> = None;
    for w in &words {
        let lower = w.text.to_ascii_lowercase();
        // The previous word counts only when it is adjacent (same sentence run).
        let p = prev.as_ref().filter(|(_, end)| cx.program[*end..w.start].chars().all(|c| c == ' ')).map(|(s, _)| s.as_str());
        if let Some(new) = rule(&lower, p) {
            edits.push(Edit::replace(w.start, w.end, match_case(&w.text, &new)));
        }
        prev = Some((lower, w.end));
    }
    if edits.is_empty() {
        return na("no present-tense verb found");
    }
    Ok(Plan::edits(edits))
}

/// Modal or infinitive markers after which a verb is not finite.
pub fn not_finite_after(prev: Option<&str>) -> bool {
    matches!(prev, Some("to" | "will" | "would" | "can" | "could" | "should" | "must" | "may" | "might" | "shall" | "does" | "do" | "did" | "not"))
}
