//! T7 GROUP-BY / HISTOGRAM (hashable base result): a dict from each distinct result to the
//! elements giving it (or their count), keys in order of first appearance.

use super::spec::*;
use super::Cx;
use crate::model::Type;

fn hashable(t: &Type) -> bool {
    match t {
        Type::Int | Type::Str | Type::Bool => true,
        Type::Tuple(ts) => !ts.is_empty() && ts.iter().all(hashable),
        _ => false,
    }
}

fn common(cx: &Cx, bi: usize, id: &'static str) -> Option<(Spec, String, String)> {
    let b = &cx.bases[bi];
    if !hashable(&b.returns) {
        return None;
    }
    let mut rng = cx.rng(bi, id);
    let xs = list_name(b);
    let x = fresh(b, &["item", "elem", "value"]);
    let mut s = Spec::new(id, bi).var("xs", &xs);
    s.params = lifted_params(b, &xs);
    s.inputs = lift(&mut rng, b, 20, 6, true);
    s.nontrivial = two_groups;
    let call = format!("{}({x}{})", b.name, rest_call(b, 1));
    Some((s, x, call))
}

pub fn group_by(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some((mut s, x, call)) = common(cx, bi, "group_by") else {
        return vec![];
    };
    let b = &cx.bases[bi];
    let xs = s.params[0].0.clone();
    let groups = fresh(b, &["groups", "out"]);
    s.returns = Type::Dict(Box::new(b.returns.clone()), Box::new(s.params[0].1.clone()));
    s.body = format!(
        "    {groups} = {{}}\n    for {x} in {xs}:\n        {groups}.setdefault({call}, []).append({x})\n    return {groups}\n"
    );
    vec![s]
}

pub fn histogram(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some((mut s, x, call)) = common(cx, bi, "histogram") else {
        return vec![];
    };
    let b = &cx.bases[bi];
    let xs = s.params[0].0.clone();
    let counts = fresh(b, &["counts", "out"]);
    let k = fresh(b, &["key", "k"]);
    s.returns = Type::Dict(Box::new(b.returns.clone()), Box::new(Type::Int));
    s.body = format!(
        "    {counts} = {{}}\n    for {x} in {xs}:\n        {k} = {call}\n        {counts}[{k}] = {counts}.get({k}, 0) + 1\n    return {counts}\n"
    );
    vec![s]
}
