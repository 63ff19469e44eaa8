//! T6 CONCAT (string results, joined in order) and FLATTEN (list results, chained in order).

use super::spec::*;
use super::Cx;
use crate::model::Type;

pub fn concat(cx: &Cx, bi: usize) -> Vec<Spec> {
    let b = &cx.bases[bi];
    if b.returns != Type::Str {
        return vec![];
    }
    let mut rng = cx.rng(bi, "concat");
    let xs = list_name(b);
    let x = fresh(b, &["item", "elem", "value"]);
    let mut s = Spec::new("concat", bi).var("xs", &xs);
    s.params = lifted_params(b, &xs);
    s.returns = Type::Str;
    s.body = format!(
        "    return \"\".join({f}({x}{rest}) for {x} in {xs})\n",
        f = b.name,
        rest = rest_call(b, 1)
    );
    s.inputs = lift(&mut rng, b, 20, 5, true);
    vec![s]
}

pub fn flatten(cx: &Cx, bi: usize) -> Vec<Spec> {
    let b = &cx.bases[bi];
    let Type::List(_) = &b.returns else {
        return vec![];
    };
    let mut rng = cx.rng(bi, "flatten");
    let xs = list_name(b);
    let x = fresh(b, &["item", "elem", "value"]);
    let y = fresh(b, &["part", "piece", "y"]);
    let mut s = Spec::new("flatten", bi).var("xs", &xs);
    s.params = lifted_params(b, &xs);
    s.returns = b.returns.clone();
    s.body = format!(
        "    return [{y} for {x} in {xs} for {y} in {f}({x}{rest})]\n",
        f = b.name,
        rest = rest_call(b, 1)
    );
    s.inputs = lift(&mut rng, b, 20, 5, true);
    vec![s]
}
