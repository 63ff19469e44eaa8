//! T16 CHAIN: `g(f(x))` across two base problems whose types line up: f's result is the
//! argument g takes. g is given in the prompt; f is the problem to solve.

use super::spec::*;
use super::Cx;

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
                && !matches!(f.returns, crate::model::Type::Any)
                && !g.defined.iter().any(|n| f.defined.contains(n))
                && f.calls.iter().filter(|c| g.domain.check(std::slice::from_ref(&c.result)).is_ok()).count() >= 4
        })
        .collect();
    let mut rng = cx.rng(bi, "chain");
    rng.shuffle(&mut partners);
    partners.sort_by_key(|&gi| cx.bases[gi].task_id.split('/').next() != f.task_id.split('/').next());
    partners
        .into_iter()
        .take(PARTNERS)
        .map(|gi| {
            let g = &cx.bases[gi];
            let mut s = Spec::new("chain", bi).var("h", &g.name);
            s.bases = vec![bi, gi];
            s = s.param("second_base", g.task_id.clone());
            s.params = f.params.iter().cloned().zip(f.types.iter().cloned()).collect();
            s.returns = g.returns.clone();
            s.body = format!("    return {g}({f}({args}))\n", g = g.name, f = f.name, args = f.params.join(", "));
            s.inputs = f
                .calls
                .iter()
                .filter(|c| g.domain.check(std::slice::from_ref(&c.result)).is_ok())
                .take(40)
                .map(|c| c.args.clone())
                .collect();
            s.nontrivial = distinct_outputs;
            s
        })
        .collect()
}
