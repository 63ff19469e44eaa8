//! T2 ZIP-MAP: parallel lists, one per parameter of a multi-argument base; the base is called
//! on each position.

use super::base::Call;
use super::spec::*;
use super::Cx;
use crate::model::{Type, Value};

pub fn zip_map(cx: &Cx, bi: usize) -> Vec<Spec> {
    let b = &cx.bases[bi];
    if b.arity() < 2 {
        return vec![];
    }
    let mut rng = cx.rng(bi, "zip_map");
    let lists: Vec<String> = b.params.iter().map(|p| plural(p)).collect();
    if lists.iter().any(|l| b.params.contains(l) || is_keyword(l)) {
        return vec![];
    }
    let mut s = Spec::new("zip_map", bi).var(
        "lists",
        lists
            .iter()
            .map(|l| format!("`{l}`"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    s.params = lists
        .iter()
        .cloned()
        .zip(b.types.iter().map(|t| Type::List(Box::new(t.clone()))))
        .collect();
    s.returns = Type::List(Box::new(b.returns.clone()));
    s.body = format!(
        "    return [{f}({args}) for {args} in zip({lists})]\n",
        f = b.name,
        args = b.params.join(", "),
        lists = lists.join(", ")
    );
    let transpose = |calls: &[&Call]| -> Vec<Value> {
        (0..b.arity())
            .map(|i| Value::List(calls.iter().map(|c| c.args[i].clone()).collect()))
            .collect()
    };
    let mut inputs = vec![transpose(&[])];
    for c in b.calls.iter().take(2) {
        inputs.push(transpose(&[c]));
    }
    for _ in 0..40 {
        let n = 2 + rng.below(4);
        let picked: Vec<&Call> = (0..n)
            .map(|_| rng.pick(&b.calls).expect("a non-empty pool"))
            .collect();
        inputs.push(transpose(&picked));
        if inputs.len() >= 22 {
            break;
        }
    }
    s.inputs = distinct_inputs(inputs);
    s.nontrivial = distinct_elements;
    vec![s]
}
