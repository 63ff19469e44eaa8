//! Whitespace: delete the single space between two eligible prose words with probability
//! `delete_prob`; insert a space after a letter inside a word with probability `insert_prob`.
//! Newlines, indentation, examples and identifier mentions are never touched.
use crate::perturb::common::prose_words;
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::Edit;

pub struct Whitespace;

impl Transform for Whitespace {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, p: &Params, spec: &Spec) -> PResult {
        let (pd, pi) = (p.get(spec, "delete_prob"), p.get(spec, "insert_prob"));
        let words = prose_words(cx);
        let src = &cx.program;
        let mut edits = vec![];
        for (i, w) in words.iter().enumerate() {
            // Insertions inside the word (never at its end).
            let mut pos = w.start;
            for c in w.text.chars() {
                pos += c.len_utf8();
                if pos < w.end && rng.chance(pi) {
                    edits.push(Edit::insert(pos, " "));
                }
            }
            // Deletion of the one space before the next eligible token.
            if let Some(n) = words.get(i + 1) {
                if n.token.0 == w.token.1 + 1 && &src[w.token.1..n.token.0] == " " && rng.chance(pd)
                {
                    edits.push(Edit::delete(w.token.1, n.token.0));
                }
            }
        }
        if edits.is_empty() {
            return na("no whitespace change drawn");
        }
        Ok(Plan::edits(edits))
    }
}
