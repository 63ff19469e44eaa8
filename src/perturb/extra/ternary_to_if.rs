//! TernaryToIf: the first visible `x = a if c else b` or `return a if c else b` on one line
//! becomes an if/else statement.
use crate::perturb::common::{deeper, indent_of, line_start, visible_statements};
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::parse::{children, named_children, text};
use crate::python::Edit;

pub struct TernaryToIf;

impl Transform for TernaryToIf {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let src = &cx.program;
        for s in visible_statements(cx) {
            if text(s, src).contains('\n')
                || !src[line_start(src, s.start_byte())..s.start_byte()]
                    .trim()
                    .is_empty()
            {
                continue;
            }
            let (prefix, cond) = match s.kind() {
                "return_statement" => match named_children(s).as_slice() {
                    [c] if c.kind() == "conditional_expression" => ("return ".to_string(), *c),
                    _ => continue,
                },
                "expression_statement" => match named_children(s).as_slice() {
                    [a] if a.kind() == "assignment" && a.child_by_field_name("type").is_none() => {
                        let (Some(l), Some(r)) = (
                            a.child_by_field_name("left"),
                            a.child_by_field_name("right"),
                        ) else {
                            continue;
                        };
                        if r.kind() != "conditional_expression" {
                            continue;
                        }
                        (format!("{} = ", text(l, src)), r)
                    }
                    _ => continue,
                },
                _ => continue,
            };
            let k = children(cond);
            if k.len() != 5 {
                continue;
            }
            let (a, c, b) = (text(k[0], src), text(k[2], src), text(k[4], src));
            let ind = indent_of(src, s.start_byte());
            let inner = deeper(ind);
            let new = format!("if {c}:\n{inner}{prefix}{a}\n{ind}else:\n{inner}{prefix}{b}");
            return Ok(Plan::edits(vec![Edit::replace(
                s.start_byte(),
                s.end_byte(),
                new,
            )]));
        }
        na("no one-line conditional expression statement in the visible part")
    }
}
