//! T4 AGGREGATE (numeric base): SUM (empty gives 0), PRODUCT (empty gives 1), MEAN (non-empty).

use super::spec::*;
use super::Cx;
use crate::model::{Type, Value};

fn numeric(t: &Type) -> bool {
    matches!(t, Type::Int | Type::Float)
}

fn common(
    cx: &Cx,
    bi: usize,
    id: &'static str,
    empty: bool,
    max_len: usize,
) -> Option<(Spec, String)> {
    let b = &cx.bases[bi];
    if !numeric(&b.returns) {
        return None;
    }
    let mut rng = cx.rng(bi, id);
    let xs = list_name(b);
    let x = fresh(b, &["item", "elem", "value"]);
    let mut s = Spec::new(id, bi).var("xs", &xs);
    s.params = lifted_params(b, &xs);
    s.inputs = lift(&mut rng, b, 20, max_len, empty);
    Some((s, x))
}

pub fn sum(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some((mut s, x)) = common(cx, bi, "sum", true, 6) else {
        return vec![];
    };
    let b = &cx.bases[bi];
    s.returns = b.returns.clone();
    s.body = format!(
        "    return sum({f}({x}{rest}) for {x} in {xs})\n",
        f = b.name,
        rest = rest_call(b, 1),
        xs = s.params[0].0
    );
    vec![s]
}

pub fn product(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some((mut s, x)) = common(cx, bi, "product", true, 4) else {
        return vec![];
    };
    let b = &cx.bases[bi];
    s.returns = b.returns.clone();
    let acc = fresh(b, &["result", "acc"]);
    s.body = format!(
        "    {acc} = 1\n    for {x} in {xs}:\n        {acc} *= {f}({x}{rest})\n    return {acc}\n",
        f = b.name,
        rest = rest_call(b, 1),
        xs = s.params[0].0
    );
    vec![s]
}

pub fn mean(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some((mut s, x)) = common(cx, bi, "mean", false, 6) else {
        return vec![];
    };
    let b = &cx.bases[bi];
    s.returns = Type::Float;
    s.inputs
        .retain(|a| !matches!(&a[0], Value::List(v) if v.is_empty()));
    s.body = format!(
        "    return sum({f}({x}{rest}) for {x} in {xs}) / len({xs})\n",
        f = b.name,
        rest = rest_call(b, 1),
        xs = s.params[0].0
    );
    vec![s]
}
