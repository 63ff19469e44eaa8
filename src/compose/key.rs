//! T5 KEY (orderable base result): ARGMAX / ARGMIN (first index on ties), SORT-BY (stable),
//! MAX-OF, with the base as the key. Inputs are non-empty and include ties.

use super::spec::*;
use super::Cx;
use crate::model::{Type, Value};

fn common(cx: &Cx, bi: usize, id: &'static str) -> Option<(Spec, String, String)> {
    let b = &cx.bases[bi];
    if !matches!(b.returns, Type::Int | Type::Float | Type::Str) {
        return None;
    }
    let mut rng = cx.rng(bi, id);
    let xs = list_name(b);
    let x = fresh(b, &["item", "elem", "value"]);
    let mut s = Spec::new(id, bi).var("xs", &xs);
    s.params = lifted_params(b, &xs);
    let mut inputs = lift(&mut rng, b, 20, 6, false);
    for (rest, members) in groups(b).into_iter().take(3) {
        let items: Vec<Value> = members
            .iter()
            .map(|&i| b.calls[i].args[0].clone())
            .collect();
        if let Some(t) = tie_list(&mut rng, &items) {
            let mut a = vec![t];
            a.extend(rest);
            inputs.push(a);
        }
    }
    s.inputs = distinct_inputs(inputs);
    let call = format!("{}({x}{})", b.name, rest_call(b, 1));
    Some((s, x, call))
}

fn arg(cx: &Cx, bi: usize, id: &'static str, fun: &str) -> Vec<Spec> {
    let Some((mut s, x, call)) = common(cx, bi, id) else {
        return vec![];
    };
    let xs = s.params[0].0.clone();
    let i = if s.params.iter().any(|(p, _)| p == "i") {
        "idx"
    } else {
        "i"
    };
    s.returns = Type::Int;
    let call = call.replace(&format!("({x}"), &format!("({xs}[{i}]"));
    s.body = format!("    return {fun}(range(len({xs})), key=lambda {i}: {call})\n");
    vec![s]
}

pub fn argmax(cx: &Cx, bi: usize) -> Vec<Spec> {
    arg(cx, bi, "argmax", "max")
}

pub fn argmin(cx: &Cx, bi: usize) -> Vec<Spec> {
    arg(cx, bi, "argmin", "min")
}

pub fn sort_by(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some((mut s, x, call)) = common(cx, bi, "sort_by") else {
        return vec![];
    };
    let xs = s.params[0].0.clone();
    s.returns = s.params[0].1.clone();
    s.body = format!("    return sorted({xs}, key=lambda {x}: {call})\n");
    s.nontrivial = reorders;
    vec![s]
}

pub fn max_of(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some((mut s, x, call)) = common(cx, bi, "max_of") else {
        return vec![];
    };
    let xs = s.params[0].0.clone();
    s.returns = cx.bases[bi].returns.clone();
    s.body = format!("    return max({call} for {x} in {xs})\n");
    vec![s]
}
