//! DocExampleReorder: the docstring's examples are shuffled (a permutation different from
//! the original order); prose and example text are untouched.
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::Edit;

pub struct DocExampleReorder;

impl Transform for DocExampleReorder {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let Some(doc) = &cx.analysis.docstring else {
            return na("no docstring");
        };
        let spans: Vec<(usize, usize)> = doc
            .examples
            .iter()
            .map(|e| (e.span.start, e.span.end))
            .collect();
        let texts: Vec<&str> = spans.iter().map(|(s, e)| &cx.program[*s..*e]).collect();
        if texts.len() < 2 || texts.iter().all(|t| *t == texts[0]) {
            return na("fewer than two distinct examples");
        }
        let mut order: Vec<usize> = (0..texts.len()).collect();
        while order.iter().enumerate().all(|(i, j)| texts[i] == texts[*j]) {
            rng.shuffle(&mut order);
        }
        let edits: Vec<Edit> = spans
            .iter()
            .zip(&order)
            .map(|((s, e), j)| Edit::replace(*s, *e, texts[*j]))
            .collect();
        // The examples must still be read as the same examples (a separator may belong to one).
        let out = crate::python::apply(&cx.program, &edits)
            .map_err(|e| crate::perturb::PerturbError::NotApplicable(e.to_string()))?;
        let cut = cx.cut + out.len() - cx.program.len();
        let same = crate::python::analysis::analyse(&out[..cut], &out[cut..], cx.entry)
            .ok()
            .and_then(|a| a.docstring)
            .is_some_and(|d| d.examples.len() == doc.examples.len());
        if !same {
            return na("reordering would change how the examples are read");
        }
        Ok(Plan::edits(edits))
    }
}
