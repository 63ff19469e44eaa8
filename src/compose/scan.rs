//! T12 PREFIX / SUFFIX / WINDOW scans over a string or list first argument: the base on every
//! non-empty prefix (shortest first), every suffix (longest first), every window of length k.

use super::spec::*;
use super::Cx;
use crate::model::{Type, Value};

fn seq_len(v: &Value) -> Option<usize> {
    match v {
        Value::Str(s) => Some(s.chars().count()),
        Value::List(xs) => Some(xs.len()),
        _ => None,
    }
}

fn common(cx: &Cx, bi: usize, id: &'static str) -> Option<Spec> {
    let b = &cx.bases[bi];
    if !matches!(b.types[0], Type::Str | Type::List(_)) {
        return None;
    }
    let x = b.params[0].clone();
    let mut s = Spec::new(id, bi).var("x", &x);
    s.params = b
        .params
        .iter()
        .cloned()
        .zip(b.types.iter().cloned())
        .collect();
    s.returns = Type::List(Box::new(b.returns.clone()));
    s.inputs = b
        .calls
        .iter()
        .filter(|c| seq_len(&c.args[0]).is_some_and(|n| (1..=30).contains(&n)))
        .take(24)
        .map(|c| c.args.clone())
        .collect();
    s.nontrivial = distinct_elements;
    Some(s)
}

pub fn prefix(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some(mut s) = common(cx, bi, "prefix") else {
        return vec![];
    };
    let b = &cx.bases[bi];
    let i = fresh(b, &["i", "end"]);
    let x = &b.params[0];
    s.body = format!(
        "    return [{f}({x}[:{i}]{rest}) for {i} in range(1, len({x}) + 1)]\n",
        f = b.name,
        rest = rest_call(b, 1)
    );
    vec![s]
}

pub fn suffix(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some(mut s) = common(cx, bi, "suffix") else {
        return vec![];
    };
    let b = &cx.bases[bi];
    let i = fresh(b, &["i", "start"]);
    let x = &b.params[0];
    s.body = format!(
        "    return [{f}({x}[{i}:]{rest}) for {i} in range(len({x}))]\n",
        f = b.name,
        rest = rest_call(b, 1)
    );
    vec![s]
}

pub fn window(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some(mut s) = common(cx, bi, "window") else {
        return vec![];
    };
    let b = &cx.bases[bi];
    let i = fresh(b, &["i", "start"]);
    let k = fresh(b, &["k", "width"]);
    let x = b.params[0].clone();
    s = s.var("k", &k);
    s.params.push((k.clone(), Type::Int));
    s.body = format!(
        "    return [{f}({x}[{i}:{i} + {k}]{rest}) for {i} in range(len({x}) - {k} + 1)]\n",
        f = b.name,
        rest = rest_call(b, 1)
    );
    let base_inputs = std::mem::take(&mut s.inputs);
    for (j, a) in base_inputs.into_iter().enumerate() {
        let mut a = a;
        a.push(Value::int(2 + (j % 2) as i64));
        s.inputs.push(a);
    }
    vec![s]
}
