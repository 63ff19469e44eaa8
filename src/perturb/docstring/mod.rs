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
use crate::perturb::lexicon::{lexicon, Pos};
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
pub fn tense(
    cx: &Ctx<'_>,
    rule: impl Fn(&str, Option<&str>) -> Option<String>,
    imperative: impl Fn(&[String]) -> Option<String>,
) -> PResult {
    let words = prose_words(cx);
    let mut edits = vec![];
    let mut prev: Option<(String, usize)> = None;
    for w in &words {
        let lower = w.text.to_ascii_lowercase();
        // The previous word counts only when it is adjacent (same sentence run).
        let p = prev
            .as_ref()
            .filter(|(_, end)| cx.program[*end..w.start].chars().all(|c| c == ' '))
            .map(|(s, _)| s.as_str());
        if let Some(new) = rule(&lower, p) {
            edits.push(Edit::replace(w.start, w.end, match_case(&w.text, &new)));
        }
        prev = Some((lower, w.end));
    }
    if edits.is_empty() {
        // No finite verb: docstrings written as commands ("Return the sum ..."). Their
        // sentence-initial imperative is the verb that carries the tense.
        // Also the command after an introductory clause: "Given a list, return ...".
        const INTRO: &[&str] = &[
            "given", "for", "from", "if", "when", "using", "after", "with",
        ];
        let mut first_of_sentence = String::new();
        for (i, w) in words.iter().enumerate() {
            let before = cx.program[..w.start].trim_end_matches([' ', '\t']);
            let starts_sentence =
                i == 0 || before.ends_with(['.', '!', '?', ':', '\n']) || before.is_empty();
            if starts_sentence {
                first_of_sentence = w.text.to_ascii_lowercase();
            }
            let capital = w.text.chars().next().is_some_and(char::is_uppercase);
            let after_intro =
                before.ends_with(',') && INTRO.contains(&first_of_sentence.as_str()) && !capital;
            if (!starts_sentence || !capital) && !after_intro {
                continue;
            }
            let lower = w.text.to_ascii_lowercase();
            if let Some((lemma, 0)) = lexicon().forms(&lower) {
                if lemma.pos == Pos::Verb {
                    if let Some(new) = imperative(&lemma.forms) {
                        edits.push(Edit::replace(w.start, w.end, match_case(&w.text, &new)));
                    }
                }
            }
        }
    }
    if edits.is_empty() {
        return na("no present-tense or imperative verb found");
    }
    Ok(Plan::edits(edits))
}

/// Modal or infinitive markers after which a verb is not finite.
pub fn not_finite_after(prev: Option<&str>) -> bool {
    matches!(
        prev,
        Some(
            "to" | "will"
                | "would"
                | "can"
                | "could"
                | "should"
                | "must"
                | "may"
                | "might"
                | "shall"
                | "does"
                | "do"
                | "did"
                | "not"
        )
    )
}
