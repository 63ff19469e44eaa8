//! T17 ROUND-TRIP for encode/decode pairs: the prompt gives a one-argument helper (the encoder)
//! and the base inverts it; the composed function encodes each message, then decodes it.

use super::spec::*;
use super::Cx;
use crate::model::Type;

pub fn round_trip(cx: &Cx, bi: usize) -> Vec<Spec> {
    let b = &cx.bases[bi];
    if b.arity() != 1 || b.types[0] != Type::Str || b.returns != Type::Str {
        return vec![];
    }
    let mut out = vec![];
    for h in b.given.iter().filter(|h| **h != b.name) {
        let mut rng = cx.rng(bi, "round_trip");
        let xs = fresh(b, &["messages", "texts"]);
        let mut s = Spec::new("round_trip", bi).var("h", h).var("xs", &xs);
        s = s.param("encoder", h.clone());
        s.params = vec![(xs.clone(), Type::List(Box::new(Type::Str)))];
        s.returns = Type::List(Box::new(Type::Str));
        s.body = format!("    return [{f}({h}(m)) for m in {xs}]\n", f = b.name);
        s.inputs = lists(&mut rng, &b.column(0), 20, 4, true)
            .into_iter()
            .map(one)
            .collect();
        s.nontrivial = distinct_elements;
        out.push(s);
    }
    out
}
