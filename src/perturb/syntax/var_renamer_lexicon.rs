//! VarRenamerLexicon (in place of ReCode's CodeBERT-based VarRenamerCB): the most frequent
//! local variable gets a natural name from `transforms/lexicon/var_names.tsv`, chosen by the
//! role the variable plays (loop index, collection, number, string, flag, anything).
use crate::perturb::common::{entry_node, fresh_name, nodes_of, rename_local, rename_target};
use crate::perturb::lexicon::lexicon;
use crate::perturb::{na, Ctx, PResult, Params, Rng, Spec, Transform};
use crate::python::parse::text;

pub struct VarRenamerLexicon;

fn role(cx: &Ctx<'_>, name: &str) -> &'static str {
    let src = &cx.program;
    if let Some(p) = cx.analysis.signature.params.iter().find(|p| p.name == name) {
        let ann = p.annotation.as_deref().unwrap_or("");
        if ann.starts_with("List")
            || ann.starts_with("list")
            || ann.starts_with("Tuple")
            || ann.starts_with("tuple")
        {
            return "seq";
        }
        if ann == "str" {
            return "str";
        }
        if ann == "int" || ann == "float" {
            return "num";
        }
        if ann == "bool" {
            return "bool";
        }
    }
    if let Some(f) = entry_node(cx) {
        for l in nodes_of(f, &["for_statement"]) {
            let (Some(left), Some(right)) = (
                l.child_by_field_name("left"),
                l.child_by_field_name("right"),
            ) else {
                continue;
            };
            if text(left, src) == name && text(right, src).starts_with("range(") {
                return "idx";
            }
        }
        for a in nodes_of(f, &["assignment"]) {
            let (Some(left), Some(right)) = (
                a.child_by_field_name("left"),
                a.child_by_field_name("right"),
            ) else {
                continue;
            };
            if text(left, src) == name {
                return match right.kind() {
                    "list" | "list_comprehension" | "tuple" | "set" | "dictionary" => "seq",
                    "integer" | "float" => "num",
                    "string" => "str",
                    "true" | "false" => "bool",
                    _ => continue,
                };
            }
        }
    }
    "any"
}

impl Transform for VarRenamerLexicon {
    fn plan(&self, cx: &Ctx<'_>, _rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let Some(old) = rename_target(cx) else {
            return na("no local variable used in the visible part");
        };
        let lx = lexicon();
        let r = role(cx, &old);
        let names = lx
            .var_names
            .get(r)
            .into_iter()
            .chain(lx.var_names.get("any"))
            .flatten();
        for n in names {
            if n != &old && fresh_name(cx, n) {
                return rename_local(cx, &old, n);
            }
        }
        na("no fresh lexicon name")
    }
}
