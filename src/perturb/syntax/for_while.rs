//! ForWhileTransformer: the first visible `for T in E:` becomes
//! `_it = iter(E)` / `_end = object()` / `while (_v := next(_it, _end)) is not _end:` with
//! `T = _v` as the first body line. The iterable is evaluated once, `continue` fetches the
//! next item, `break` skips the `else:` clause, and `else:` runs on exhaustion: exactly the
//! semantics of `for` (ReCode's index rewrite hangs on `continue`).
use crate::perturb::common::{entry_node, fresh_indexed, indent_of, line_start, nodes_of, visible};
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::parse::text;
use crate::python::Edit;

pub struct ForWhileTransformer;

impl Transform for ForWhileTransformer {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let src = &cx.program;
        let f = entry_node(cx)
            .ok_or_else(|| crate::perturb::PerturbError::NotApplicable("no entry".into()))?;
        let loops = nodes_of(f, &["for_statement"]);
        for l in loops {
            let Some(body) = l.child_by_field_name("body") else {
                continue;
            };
            // The header must be visible.
            if l.start_byte() < cx.body_code_start || body.start_byte() > cx.cut {
                continue;
            }
            if text(l, src).starts_with("async") {
                continue;
            }
            let (Some(left), Some(right)) = (
                l.child_by_field_name("left"),
                l.child_by_field_name("right"),
            ) else {
                continue;
            };
            let first = body.start_byte();
            let ls = line_start(src, first);
            if !src[ls..first].trim().is_empty() {
                continue; // body on the header line
            }
            let colon = {
                let mut c = l.walk();
                let found = l
                    .children(&mut c)
                    .find(|n| n.kind() == ":")
                    .map(|n| n.end_byte());
                found
            };
            let Some(colon) = colon else { continue };
            let ind = indent_of(src, l.start_byte()).to_string();
            let bind = src[ls..first].to_string();
            let it = fresh_indexed(cx, "_it_");
            let end = fresh_indexed(cx, "_end_");
            let v = fresh_indexed(cx, "_v_");
            let iterable = text(right, src);
            let iterable = if right.kind() == "expression_list" {
                format!("({iterable})")
            } else {
                iterable.to_string()
            };
            let header = format!("{it} = iter({iterable})\n{ind}{end} = object()\n{ind}while ({v} := next({it}, {end})) is not {end}:");
            let target = text(left, src);
            let edits = vec![
                Edit::replace(l.start_byte(), colon, header),
                Edit::insert(ls, format!("{bind}{target} = {v}\n")),
            ];
            let _ = visible(cx, l);
            return Ok(Plan::edits(edits));
        }
        na("no for loop in the visible part")
    }
}
