//! ImportReorder: a run of adjacent top-level imports in the prompt with disjoint bound names
//! (no wildcard, no `__future__`) is reversed.
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::Edit;

pub struct ImportReorder;

impl Transform for ImportReorder {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let src = &cx.program;
        let imps: Vec<_> = cx
            .analysis
            .imports
            .iter()
            .filter(|i| i.top_level && i.span.end <= cx.cut)
            .collect();
        let mut runs: Vec<Vec<usize>> = vec![];
        for (i, imp) in imps.iter().enumerate() {
            let joinable = i > 0
                && src[imps[i - 1].span.end..imp.span.start].trim().is_empty()
                && src[imps[i - 1].span.end..imp.span.start]
                    .matches('\n')
                    .count()
                    == 1;
            if joinable {
                runs.last_mut().expect("run").push(i);
            } else {
                runs.push(vec![i]);
            }
        }
        for run in runs.into_iter().filter(|r| r.len() >= 2) {
            let mut names = std::collections::HashSet::new();
            let ok = run.iter().all(|i| {
                let imp = imps[*i];
                imp.module.as_deref() != Some("__future__")
                    && imp
                        .names
                        .iter()
                        .all(|n| n != "*" && names.insert(n.clone()))
            });
            let texts: Vec<&str> = run
                .iter()
                .map(|i| &src[imps[*i].span.start..imps[*i].span.end])
                .collect();
            if !ok || texts.iter().all(|t| *t == texts[0]) {
                continue;
            }
            let edits = run
                .iter()
                .zip(texts.iter().rev())
                .map(|(i, t)| Edit::replace(imps[*i].span.start, imps[*i].span.end, *t))
                .collect();
            return Ok(Plan::edits(edits));
        }
        na("no run of two or more independent imports")
    }
}
