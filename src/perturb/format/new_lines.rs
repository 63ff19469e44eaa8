//! new_lines: after the docstring, each newline of the visible code gets an extra newline
//! with probability `prob` (never inside a string, never after a backslash continuation).
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::Edit;

pub struct NewLines;

impl Transform for NewLines {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, p: &Params, spec: &Spec) -> PResult {
        let prob = p.get(spec, "prob");
        let src = &cx.program;
        let strings = super::string_ranges(cx);
        let mut edits = vec![];
        let from = cx.body_code_start.saturating_sub(1);
        for (i, c) in src[from..cx.cut].char_indices() {
            let at = from + i;
            if c != '\n' || super::inside(&strings, at) || src[..at].ends_with('\\') {
                continue;
            }
            if rng.chance(prob) {
                edits.push(Edit::insert(at + 1, "\n"));
            }
        }
        if edits.is_empty() {
            return na("no newline drawn");
        }
        Ok(Plan::edits(edits))
    }
}
