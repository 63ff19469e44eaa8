//! doc2comments: the entry docstring becomes `#` comment lines at the same indentation
//! (lines holding only a delimiter are dropped; the examples stay, as comments).
use crate::perturb::common::{indent_of, line_end, line_start};
use crate::perturb::{na, Ctx, PResult, Params, Plan, Rng, Spec, Transform};
use crate::python::docstring::cleandoc;
use crate::python::Edit;

pub struct Doc2Comments;

impl Transform for Doc2Comments {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let Some(doc) = &cx.analysis.docstring else {
            return na("no docstring");
        };
        let src = &cx.program;
        let start = line_start(src, doc.span.start);
        if !src[start..doc.span.start].trim().is_empty() {
            return na("docstring shares its line with code");
        }
        let end = line_end(src, doc.span.end);
        if !src[doc.span.end..end].trim().is_empty() || end > cx.cut {
            return na("docstring is followed by code on its line");
        }
        let ind = indent_of(src, doc.span.start);
        let content = &src[doc.content_span.start..doc.content_span.end];
        let lines: Vec<&str> = content.split('\n').collect();
        let text = cleandoc(&lines);
        let mut out = String::new();
        for l in text.lines() {
            if l.trim().is_empty() {
                out.push_str(&format!("{ind}#\n"));
            } else {
                out.push_str(&format!("{ind}# {}\n", l.trim_end()));
            }
        }
        if out.is_empty() {
            return na("empty docstring");
        }
        let end_incl = (end + 1).min(src.len());
        if end == src.len() {
            out.pop();
        }
        Ok(Plan::edits(vec![Edit::replace(start, end_incl, out)]))
    }
}
