//! T3 PREDICATE (bool base): FILTER, COUNT, ANY, ALL, INDICES over a list of first arguments.

use super::spec::*;
use super::Cx;
use crate::model::Type;

fn common(cx: &Cx, bi: usize, id: &'static str) -> Option<(Spec, String, String)> {
    let b = &cx.bases[bi];
    if b.returns != Type::Bool {
        return None;
    }
    let (yes, no) = b.split_by_result();
    if yes.is_empty() || no.is_empty() {
        return None;
    }
    let mut rng = cx.rng(bi, id);
    let xs = list_name(b);
    let x = fresh(b, &["item", "elem", "value"]);
    let mut s = Spec::new(id, bi).var("xs", &xs);
    s.params = lifted_params(b, &xs);
    let mut inputs = lift(&mut rng, b, 20, 6, true);
    inputs.extend(uniform_lists(&mut rng, b));
    s.inputs = distinct_inputs(inputs);
    let call = format!("{}({x}{})", b.name, rest_call(b, 1));
    Some((s, x, call))
}

pub fn filter(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some((mut s, x, call)) = common(cx, bi, "filter") else {
        return vec![];
    };
    let xs = s.params[0].0.clone();
    s.returns = s.params[0].1.clone();
    s.body = format!("    return [{x} for {x} in {xs} if {call}]\n");
    s.nontrivial = both_outcomes;
    vec![s]
}

pub fn count(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some((mut s, x, call)) = common(cx, bi, "count") else {
        return vec![];
    };
    let xs = s.params[0].0.clone();
    s.returns = Type::Int;
    s.body = format!("    return sum(1 for {x} in {xs} if {call})\n");
    vec![s]
}

pub fn any(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some((mut s, x, call)) = common(cx, bi, "any") else {
        return vec![];
    };
    let xs = s.params[0].0.clone();
    s.returns = Type::Bool;
    s.body = format!("    return any({call} for {x} in {xs})\n");
    s.nontrivial = both_answers;
    vec![s]
}

pub fn all(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some((mut s, x, call)) = common(cx, bi, "all") else {
        return vec![];
    };
    let xs = s.params[0].0.clone();
    s.returns = Type::Bool;
    s.body = format!("    return all({call} for {x} in {xs})\n");
    s.nontrivial = both_answers;
    vec![s]
}

pub fn indices(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some((mut s, x, call)) = common(cx, bi, "indices") else {
        return vec![];
    };
    let xs = s.params[0].0.clone();
    let i = if s.params.iter().any(|(p, _)| p == "i") {
        "idx"
    } else {
        "i"
    };
    s.returns = Type::List(Box::new(Type::Int));
    s.body = format!("    return [{i} for {i}, {x} in enumerate({xs}) if {call}]\n");
    s.nontrivial = both_outcomes;
    vec![s]
}
