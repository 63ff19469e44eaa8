//! T11 X-OF-XS: a base over a list whose result fits in such a list (median, max, gcd ...)
//! applied to each sub-list, then to the list of those results.

use super::spec::*;
use super::Cx;
use crate::model::Type;

pub fn x_of_xs(cx: &Cx, bi: usize) -> Vec<Spec> {
    let b = &cx.bases[bi];
    if b.arity() != 1 {
        return vec![];
    }
    let Type::List(elem) = &b.types[0] else {
        return vec![];
    };
    if !same_type(elem, &b.returns) && !elem.admits_type(&b.returns) {
        return vec![];
    }
    if matches!(**elem, Type::Any) {
        return vec![];
    }
    let mut rng = cx.rng(bi, "x_of_xs");
    let xss = fresh(b, &["lists", "groups"]);
    let xs = fresh(b, &["sub", "part"]);
    let mut s = Spec::new("x_of_xs", bi).var("xss", &xss);
    s.params = vec![(xss.clone(), Type::List(Box::new(b.types[0].clone())))];
    s.returns = b.returns.clone();
    s.body = format!(
        "    return {f}([{f}({xs}) for {xs} in {xss}])\n",
        f = b.name
    );
    s.inputs = lists(&mut rng, &b.column(0), 20, 4, false)
        .into_iter()
        .map(one)
        .collect();
    vec![s]
}
