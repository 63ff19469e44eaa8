//! tab_indent: every leading run of the indentation unit becomes a tab (or each tab becomes
//! the unit when the code is tab-indented), on every line of prompt AND completion, so the
//! program stays consistent (ReCode converted the prompt only: 164/164 references broke).
//! Lines inside string literals are left alone (their whitespace is data).
use crate::perturb::common::{entry_node, indent_of};
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::Edit;

pub struct TabIndent;

impl Transform for TabIndent {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let src = &cx.program;
        let f = entry_node(cx)
            .ok_or_else(|| crate::perturb::PerturbError::NotApplicable("no entry".into()))?;
        let def_ind = indent_of(src, f.start_byte()).to_string();
        let body = f
            .child_by_field_name("body")
            .ok_or_else(|| crate::perturb::PerturbError::NotApplicable("no body".into()))?;
        let body_ind = indent_of(src, body.start_byte());
        let Some(unit) = body_ind
            .strip_prefix(def_ind.as_str())
            .filter(|u| !u.is_empty())
        else {
            return na("no indentation unit");
        };
        let (from, to) = if unit == "\t" {
            ("\t".to_string(), "    ".to_string())
        } else {
            (unit.to_string(), "\t".to_string())
        };
        if from.contains('\t') && from != "\t" {
            return na("mixed indentation unit");
        }
        let strings = super::string_ranges(cx);
        let mut edits = vec![];
        let mut pos = 0;
        for line in src.split_inclusive('\n') {
            let start = pos;
            pos += line.len();
            if super::inside(&strings, start) || line.trim().is_empty() {
                continue;
            }
            let lead = &line[..line.len() - line.trim_start().len()];
            let mut k = 0;
            let mut rest = lead;
            while let Some(r) = rest.strip_prefix(from.as_str()) {
                k += 1;
                rest = r;
            }
            if k == 0 && rest.is_empty() {
                continue;
            }
            if !rest.is_empty() && logical_start(cx, start + lead.len()) {
                return na("indentation is not a whole number of units");
            }
            if k == 0 {
                continue;
            }
            let new = format!("{}{rest}", to.repeat(k));
            edits.push(Edit::replace(start, start + lead.len(), new));
        }
        if edits.is_empty() {
            return na("nothing indented");
        }
        Ok(Plan::edits(edits))
    }
}

/// Does a logical line (statement, clause, definition) start at `pos`?
fn logical_start(cx: &Ctx<'_>, pos: usize) -> bool {
    let Some(mut n) = cx.tree.root_node().descendant_for_byte_range(pos, pos) else {
        return false;
    };
    loop {
        if n.start_byte() != pos {
            return false;
        }
        let k = n.kind();
        if k.ends_with("statement")
            || k.ends_with("clause")
            || k.ends_with("definition")
            || k == "decorator"
            || k == "block"
        {
            return true;
        }
        match n.parent() {
            Some(p) => n = p,
            None => return false,
        }
    }
}
