//! T16 CHAIN: `g(f(x))` across two base problems whose types line up: f's result is the
//! argument g takes. g is given in the prompt; f is the problem to solve. Batch form: the
//! chain is applied to every element of a list of f's first arguments (other arguments fixed).

use super::spec::*;
use super::Cx;
use crate::model::Type;

/// Partners tried per base.
const PARTNERS: usize = 2;

pub fn chain(cx: &Cx, bi: usize) -> Vec<Spec> {
    let f = &cx.bases[bi];
    let mut partners: Vec<usize> = (0..cx.bases.len())
        .filter(|&gi| gi != bi)
        .filter(|&gi| {
            let g = &cx.bases[gi];
            g.arity() == 1
                && g.types[0].admits_type(&f.returns)
                && !matches!(f.returns, Type::Any)
                && (f.returns != Type::Bool || g.types[0] == Type::Bool)
                && !g.defined.iter().any(|n| f.defined.contains(n))
                && f.calls
                    .iter()
                    .filter(|c| g.domain.check(std::slice::from_ref(&c.result)).is_ok())
                    .count()
                    >= 3
        })
        .collect();
    let mut rng = cx.rng(bi, "chain");
    rng.shuffle(&mut partners);
    partners
        .into_iter()
        .take(PARTNERS)
        .map(|gi| {
            let g = &cx.bases[gi];
            let xs = list_name(f);
            let x = fresh(f, &["item", "elem", "value"]);
            let mut s = Spec::new("chain", bi).var("h", &g.name).var("xs", &xs);
            s.bases = vec![bi, gi];
            s = s.param("second_base", g.task_id.clone());
            s.params = lifted_params(f, &xs);
            s.returns = Type::List(Box::new(g.returns.clone()));
            s.body = format!(
                "    return [{g}({f}({x}{rest})) for {x} in {xs}]\n",
                g = g.name,
                f = f.name,
                rest = rest_call(f, 1)
            );
            s.inputs = lift(&mut rng, f, 22, 4, true);
            s.nontrivial = distinct_elements;
            s
        })
        .collect()
}
