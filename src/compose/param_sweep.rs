//! T13 PARAM-SWEEP: keep the first argument, vary the second over a list; one result per value.

use super::spec::*;
use super::Cx;
use crate::model::Type;

pub fn param_sweep(cx: &Cx, bi: usize) -> Vec<Spec> {
    let b = &cx.bases[bi];
    if b.arity() < 2 {
        return vec![];
    }
    let mut rng = cx.rng(bi, "param_sweep");
    let p = b.params[1].clone();
    let ps = fresh(b, &[plural(&p).as_str(), "values"]);
    let mut s = Spec::new("param_sweep", bi)
        .var("x", &b.params[0])
        .var("p", &p)
        .var("ps", &ps);
    s.params = vec![
        (b.params[0].clone(), b.types[0].clone()),
        (ps.clone(), Type::List(Box::new(b.types[1].clone()))),
    ];
    s.params.extend(
        b.params[2..]
            .iter()
            .cloned()
            .zip(b.types[2..].iter().cloned()),
    );
    s.returns = Type::List(Box::new(b.returns.clone()));
    let mut args = b.params.clone();
    args[1] = p.clone();
    s.body = format!(
        "    return [{f}({args}) for {p} in {ps}]\n",
        f = b.name,
        args = args.join(", ")
    );
    let values = b.column(1);
    let mut inputs = vec![];
    let mut calls = b.calls.clone();
    rng.shuffle(&mut calls);
    for (j, c) in calls.iter().take(8).enumerate() {
        for xs in lists(&mut rng, &values, 3, 4, j == 0) {
            let mut a = vec![c.args[0].clone(), xs];
            a.extend(c.args[2..].iter().cloned());
            inputs.push(a);
        }
    }
    s.inputs = distinct_inputs(inputs);
    s.nontrivial = distinct_elements;
    vec![s]
}
