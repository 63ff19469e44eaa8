//! T15 OUTPUT PROJECTION / ADAPTER: one call with a fixed post- or pre-step: the length of a
//! structured result (LEN-OF), or the base on the concatenation of several lists (FLATTEN-CALL).

use super::spec::*;
use super::Cx;
use crate::model::{Type, Value};

pub fn len_of(cx: &Cx, bi: usize) -> Vec<Spec> {
    let b = &cx.bases[bi];
    if !matches!(
        b.returns,
        Type::Str
            | Type::List(_)
            | Type::Dict(..)
            | Type::Set(_)
            | Type::Tuple(_)
            | Type::TupleOf(_)
    ) {
        return vec![];
    }
    // Batch form: the length of the result for every element of a list of first arguments.
    let mut rng = cx.rng(bi, "len_of");
    let xs = list_name(b);
    let x = fresh(b, &["item", "elem", "value"]);
    let mut s = Spec::new("len_of", bi).var("xs", &xs);
    s.params = lifted_params(b, &xs);
    s.returns = Type::List(Box::new(Type::Int));
    s.body = format!(
        "    return [len({f}({x}{rest})) for {x} in {xs}]\n",
        f = b.name,
        rest = rest_call(b, 1)
    );
    s.inputs = lift(&mut rng, b, 22, 5, true);
    s.nontrivial = distinct_elements;
    vec![s]
}

pub fn flatten_call(cx: &Cx, bi: usize) -> Vec<Spec> {
    let b = &cx.bases[bi];
    if b.arity() != 1 {
        return vec![];
    }
    let Type::List(_) = &b.types[0] else {
        return vec![];
    };
    let mut rng = cx.rng(bi, "flatten_call");
    let xss = fresh(b, &["chunks", "parts"]);
    let mut s = Spec::new("flatten_call", bi).var("xss", &xss);
    s.params = vec![(xss.clone(), Type::List(Box::new(b.types[0].clone())))];
    s.returns = b.returns.clone();
    s.body = format!(
        "    return {f}([x for chunk in {xss} for x in chunk])\n",
        f = b.name
    );
    // Split observed lists into chunks: flattening gives back exactly an observed input.
    let mut inputs = vec![];
    for c in b.calls.iter().take(30) {
        let Value::List(xs) = &c.args[0] else {
            continue;
        };
        let mut chunks = vec![];
        let mut i = 0;
        while i < xs.len() {
            let n = 1 + rng.below(3);
            chunks.push(Value::List(xs[i..(i + n).min(xs.len())].to_vec()));
            i += n;
        }
        if xs.is_empty() {
            chunks.push(Value::List(vec![]));
        }
        inputs.push(vec![Value::List(chunks)]);
    }
    s.inputs = inputs;
    vec![s]
}
