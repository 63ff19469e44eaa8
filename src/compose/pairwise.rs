//! T14 PAIRWISE: a binary base on every pair (i < j) of a list, in lexicographic order of
//! (i, j); for a bool base, the number of pairs for which it holds.

use super::base::distinct;
use super::spec::*;
use super::Cx;
use crate::model::Type;

fn common(cx: &Cx, bi: usize, id: &'static str) -> Option<Spec> {
    let b = &cx.bases[bi];
    if b.arity() != 2 || !same_type(&b.types[0], &b.types[1]) {
        return None;
    }
    let mut rng = cx.rng(bi, id);
    let xs = list_name(b);
    let mut s = Spec::new(id, bi).var("xs", &xs);
    s.params = vec![(
        xs.clone(),
        Type::List(Box::new(b.types[0].unify(&b.types[1]))),
    )];
    let items = distinct(b.column(0).into_iter().chain(b.column(1)));
    s.inputs = lists(&mut rng, &items, 20, 5, true)
        .into_iter()
        .map(one)
        .collect();
    Some(s)
}

pub fn pairwise(cx: &Cx, bi: usize) -> Vec<Spec> {
    let Some(mut s) = common(cx, bi, "pairwise") else {
        return vec![];
    };
    let b = &cx.bases[bi];
    let xs = s.params[0].0.clone();
    s.returns = Type::List(Box::new(b.returns.clone()));
    s.body = format!(
        "    return [{f}({xs}[i], {xs}[j]) for i in range(len({xs})) for j in range(i + 1, len({xs}))]\n",
        f = b.name
    );
    s.nontrivial = distinct_elements;
    vec![s]
}

pub fn count_pairs(cx: &Cx, bi: usize) -> Vec<Spec> {
    if cx.bases[bi].returns != Type::Bool {
        return vec![];
    }
    let Some(mut s) = common(cx, bi, "count_pairs") else {
        return vec![];
    };
    let b = &cx.bases[bi];
    let xs = s.params[0].0.clone();
    s.returns = Type::Int;
    s.body = format!(
        "    return sum(1 for i in range(len({xs})) for j in range(i + 1, len({xs})) if {f}({xs}[i], {xs}[j]))\n",
        f = b.name
    );
    vec![s]
}
