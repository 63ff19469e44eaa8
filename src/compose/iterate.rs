//! T8 ITERATE k times / to a FIXPOINT (capped at 100 applications), for a base whose first
//! parameter has the type of its result.

use super::spec::*;
use super::Cx;
use crate::model::Value;

fn applies(cx: &Cx, bi: usize) -> bool {
    let b = &cx.bases[bi];
    same_type(&b.types[0], &b.returns)
}

pub fn iterate(cx: &Cx, bi: usize) -> Vec<Spec> {
    if !applies(cx, bi) {
        return vec![];
    }
    let b = &cx.bases[bi];
    let mut rng = cx.rng(bi, "iterate");
    let k = fresh(b, &["k", "times", "n_times"]);
    let x = &b.params[0];
    let mut s = Spec::new("iterate", bi).var("x", x).var("k", &k);
    s.params = b
        .params
        .iter()
        .cloned()
        .zip(b.types.iter().cloned())
        .collect();
    s.params.push((k.clone(), crate::model::Type::Int));
    s.returns = b.returns.clone();
    s.body = format!(
        "    for _ in range({k}):\n        {x} = {f}({args})\n    return {x}\n",
        f = b.name,
        args = b.params.join(", ")
    );
    let mut calls = b.calls.clone();
    rng.shuffle(&mut calls);
    let mut inputs = vec![];
    for (j, c) in calls.iter().take(12).enumerate() {
        for times in [1, 2, 3] {
            let mut a = c.args.clone();
            a.push(Value::int(times));
            inputs.push(a);
        }
        if j < 2 {
            let mut a = c.args.clone();
            a.push(Value::int(0));
            inputs.push(a);
        }
    }
    s.inputs = inputs;
    s.nontrivial = changes_input;
    vec![s]
}

pub fn fixpoint(cx: &Cx, bi: usize) -> Vec<Spec> {
    if !applies(cx, bi) {
        return vec![];
    }
    let b = &cx.bases[bi];
    let x = &b.params[0];
    let nxt = fresh(b, &["nxt", "following"]);
    let mut s = Spec::new("fixpoint", bi).var("x", x);
    s.params = b
        .params
        .iter()
        .cloned()
        .zip(b.types.iter().cloned())
        .collect();
    s.returns = b.returns.clone();
    s.body = format!(
        "    for _ in range(100):\n        {nxt} = {f}({args})\n        if {nxt} == {x}:\n            break\n        {x} = {nxt}\n    return {x}\n",
        f = b.name,
        args = b.params.join(", ")
    );
    s.inputs = b.calls.iter().take(30).map(|c| c.args.clone()).collect();
    s.nontrivial = changes_input;
    vec![s]
}
