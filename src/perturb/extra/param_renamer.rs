//! ParamRenamer: every parameter of the entry point that the tests never pass by keyword gets
//! a fresh natural name (from `transforms/lexicon/var_names.tsv`), renamed everywhere in the
//! function (prompt and solution). Context-sensitive: the completion changes with it.
use crate::perturb::common::{entry_node, fresh_name, local_variables, rename_in};
use crate::perturb::lexicon::lexicon;
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};

pub struct ParamRenamer;

impl Transform for ParamRenamer {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let f = entry_node(cx)
            .ok_or_else(|| crate::perturb::PerturbError::NotApplicable("no entry".into()))?;
        let locals: Vec<String> = local_variables(cx).into_iter().map(|(n, _)| n).collect();
        let mut pool: Vec<String> = lexicon().var_names.values().flatten().cloned().collect();
        pool.sort();
        pool.dedup();
        rng.shuffle(&mut pool);
        let mut used = std::collections::HashSet::new();
        let mut edits = vec![];
        for p in &cx.analysis.signature.params {
            if !locals.contains(&p.name) || p.name.starts_with('*') {
                continue;
            }
            let Some(new) = pool
                .iter()
                .find(|n| fresh_name(cx, n) && !used.contains(*n))
                .cloned()
            else {
                break;
            };
            used.insert(new.clone());
            edits.extend(rename_in(
                &cx.tree,
                &cx.program,
                &p.name,
                &new,
                (f.start_byte(), f.end_byte()),
            ));
        }
        if edits.is_empty() {
            return na("no renameable parameter");
        }
        Ok(Plan::edits(edits))
    }
}
