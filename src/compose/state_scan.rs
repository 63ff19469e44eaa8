//! T10 STATE-THREADING scan: a binary base one of whose parameters has the result's type is
//! run over a list, the result becoming the next state; returns every intermediate state.

use super::base::distinct;
use super::spec::*;
use super::Cx;
use crate::model::{Type, Value};

pub fn state_scan(cx: &Cx, bi: usize) -> Vec<Spec> {
    let b = &cx.bases[bi];
    if b.arity() != 2 {
        return vec![];
    }
    // The state parameter: the first one whose type is the result type.
    let Some(si) = (0..2).find(|&i| same_type(&b.types[i], &b.returns)) else {
        return vec![];
    };
    let oi = 1 - si;
    let mut rng = cx.rng(bi, "state_scan");
    let state = b.params[si].clone();
    let other = b.params[oi].clone();
    let xs = fresh(b, &[plural(&other).as_str(), "items"]);
    let trace = fresh(b, &["trace", "states"]);
    let mut s = Spec::new("state_scan", bi)
        .var("state", &state)
        .var("xs", &xs)
        .var("x", &other);
    s = s.param("state_position", si as u64);
    s.params = vec![
        (state.clone(), b.types[si].clone()),
        (xs.clone(), Type::List(Box::new(b.types[oi].clone()))),
    ];
    s.returns = Type::List(Box::new(b.returns.clone()));
    let args = if si == 0 {
        format!("{state}, {other}")
    } else {
        format!("{other}, {state}")
    };
    s.body = format!(
        "    {trace} = []\n    for {other} in {xs}:\n        {state} = {f}({args})\n        {trace}.append({state})\n    return {trace}\n",
        f = b.name
    );
    let states = b.column(si);
    let items = distinct(b.column(oi).into_iter());
    let mut inputs = vec![];
    for (j, st) in states.iter().take(10).enumerate() {
        for xs in lists(&mut rng, &items, 3, 4, j == 0) {
            inputs.push(vec![st.clone(), xs]);
        }
    }
    s.inputs = distinct_inputs(inputs);
    s.nontrivial = distinct_outputs;
    let _ = Value::None;
    vec![s]
}
