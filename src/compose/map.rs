//! T1 MAP: apply the base to every element of a list (other arguments fixed); order kept.

use super::spec::*;
use super::Cx;
use crate::model::Type;

pub fn map(cx: &Cx, bi: usize) -> Vec<Spec> {
    let b = &cx.bases[bi];
    let mut rng = cx.rng(bi, "map");
    let xs = list_name(b);
    let x = fresh(b, &["item", "elem", "value"]);
    let mut s = Spec::new("map", bi).var("xs", &xs);
    s.params = lifted_params(b, &xs);
    s.returns = Type::List(Box::new(b.returns.clone()));
    s.body = format!(
        "    return [{f}({x}{rest}) for {x} in {xs}]\n",
        f = b.name,
        rest = rest_call(b, 1)
    );
    s.inputs = lift(&mut rng, b, 22, 5, true);
    s.nontrivial = distinct_elements;
    vec![s]
}
