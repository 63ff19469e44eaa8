//! T9 FOLD: a binary base whose arguments and result share a type, reduced left to right over
//! a non-empty list, seeded with the first element.

use super::base::distinct;
use super::spec::*;
use super::Cx;
use crate::model::{Type, Value};

pub fn fold(cx: &Cx, bi: usize) -> Vec<Spec> {
    let b = &cx.bases[bi];
    if b.arity() != 2 || !same_type(&b.types[0], &b.types[1]) || !same_type(&b.types[0], &b.returns)
    {
        return vec![];
    }
    let mut rng = cx.rng(bi, "fold");
    let xs = list_name(b);
    let acc = fresh(b, &["acc", "result"]);
    let x = fresh(b, &["item", "elem", "value"]);
    let t = b.types[0].unify(&b.types[1]).unify(&b.returns);
    let mut s = Spec::new("fold", bi).var("xs", &xs);
    s.params = vec![(xs.clone(), Type::List(Box::new(t.clone())))];
    s.returns = t;
    s.body = format!(
        "    {acc} = {xs}[0]\n    for {x} in {xs}[1:]:\n        {acc} = {f}({acc}, {x})\n    return {acc}\n",
        f = b.name
    );
    let items = distinct(b.column(0).into_iter().chain(b.column(1)));
    s.inputs = lists(&mut rng, &items, 22, 5, false)
        .into_iter()
        .map(one)
        .collect();
    let _ = Value::None;
    vec![s]
}
