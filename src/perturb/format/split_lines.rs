//! split_lines: the longest visible code line (most non-blank characters, at least three
//! tokens, no comment) is split between the two tokens nearest its middle with a backslash
//! continuation. Strings are atomic tokens: never broken (ReCode's mask corrupted them).
use crate::perturb::common::{entry_node, indent_of, line_end, line_start, walk};
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::Edit;
use tree_sitter::Node;

pub struct SplitLines;

fn leaves<'t>(n: Node<'t>, out: &mut Vec<Node<'t>>) {
    if n.child_count() == 0 || matches!(n.kind(), "string" | "concatenated_string") {
        out.push(n);
        return;
    }
    let mut c = n.walk();
    for k in n.children(&mut c) {
        leaves(k, out);
    }
}

impl Transform for SplitLines {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let src = &cx.program;
        let f = entry_node(cx)
            .ok_or_else(|| crate::perturb::PerturbError::NotApplicable("no entry".into()))?;
        let mut all = vec![];
        leaves(f, &mut all);
        let mut has_comment = std::collections::HashSet::new();
        walk(f, &mut |n| {
            if n.kind() == "comment" {
                has_comment.insert(line_start(src, n.start_byte()));
            }
        });
        // Group leaves by the line they start on; only single-line leaves in the region.
        let mut best: Option<(usize, usize, Vec<Node<'_>>)> = None; // (score, line start, leaves)
        let mut by_line: std::collections::BTreeMap<usize, Vec<Node<'_>>> = Default::default();
        for l in all {
            let ls = line_start(src, l.start_byte());
            by_line.entry(ls).or_default().push(l);
        }
        for (ls, ls_leaves) in by_line {
            let le = line_end(src, ls);
            let clean = ls_leaves
                .iter()
                .all(|l| l.end_byte() <= le && !src[l.start_byte()..l.end_byte()].contains('\n'))
                && !has_comment.contains(&ls)
                && (ls >= cx.body_code_start && le < cx.cut);
            let mut uniq = ls_leaves.clone();
            uniq.dedup_by_key(|l| l.id());
            if !clean || uniq.len() < 3 || src[ls..le].trim_end().ends_with('\\') {
                continue;
            }
            let score = src[ls..le].chars().filter(|c| !c.is_whitespace()).count();
            if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                best = Some((score, ls, uniq));
            }
        }
        let Some((_, ls, lv)) = best else {
            return na("no visible line with three tokens");
        };
        let le = line_end(src, ls);
        let mid = ls + (le - ls) / 2;
        let mut cut_at = None;
        let mut dist = usize::MAX;
        for w in lv.windows(2) {
            let at = w[0].end_byte();
            if w[1].start_byte() < at {
                continue;
            }
            let d = at.abs_diff(mid);
            if d < dist {
                dist = d;
                cut_at = Some(at);
            }
        }
        let Some(at) = cut_at else {
            return na("no token boundary");
        };
        let ind = crate::perturb::common::deeper(indent_of(src, ls));
        Ok(Plan::edits(vec![Edit::insert(at, format!(" \\\n{ind}"))]))
    }
}
