//! What a template produces: a typed composed function over one or two bases, its body (which
//! calls the base by name), candidate test inputs and its non-triviality condition. Plus the
//! input-sampling helpers templates share.

use super::base::{distinct, Base};
use super::rng::Rng;
use crate::model::{Type, Value};
use serde_json::{Map, Value as Json};

/// Non-triviality: given the kept inputs and their outputs, `Err` says why the problem is trivial.
pub type NonTrivial = fn(&[Vec<Value>], &[Value]) -> Result<(), Trivial>;

/// Why a composed problem is trivial over its tests: the non-triviality condition of its
/// template that failed (the `nontrivial` gate's rejection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Trivial {
    /// [`distinct_outputs`].
    #[error("every test has the same output")]
    SameOutput,
    /// [`distinct_elements`].
    #[error("the base gives one value on every element")]
    SameElement,
    /// [`both_outcomes`].
    #[error("no test sees the predicate both true and false")]
    OneOutcome,
    /// [`both_answers`].
    #[error("the answer is the same on every test")]
    SameAnswer,
    /// [`changes_input`].
    #[error("the iteration never changes its input")]
    InputUnchanged,
    /// [`reorders`].
    #[error("sorting by the base never changes the order")]
    OrderUnchanged,
    /// [`two_groups`].
    #[error("no test produces two groups")]
    OneGroup,
}

#[derive(Debug, Clone)]
pub struct Spec {
    /// Template id (a key of the registry and of the template texts).
    pub template: &'static str,
    /// Indices into the base list; the first is the primary base (whose prompt opens the record).
    pub bases: Vec<usize>,
    /// The composed function's name (filled from the template text's name pattern).
    pub name: String,
    pub params: Vec<(String, Type)>,
    pub returns: Type,
    /// The body, indented by four spaces; it calls the base(s) by name.
    pub body: String,
    /// Candidate test inputs (argument lists of the composed function).
    pub inputs: Vec<Vec<Value>>,
    /// Template parameters, recorded in the native output.
    pub params_json: Map<String, Json>,
    /// Placeholders of the statement text (`f`, `g` and the parameter names are added for you).
    pub vars: Vec<(String, String)>,
    pub nontrivial: NonTrivial,
}

impl Spec {
    pub fn new(template: &'static str, base: usize) -> Spec {
        Spec {
            template,
            bases: vec![base],
            name: String::new(),
            params: vec![],
            returns: Type::Any,
            body: String::new(),
            inputs: vec![],
            params_json: Map::new(),
            vars: vec![],
            nontrivial: distinct_outputs,
        }
    }

    pub fn var(mut self, k: &str, v: impl Into<String>) -> Spec {
        self.vars.push((k.to_string(), v.into()));
        self
    }

    pub fn param(mut self, k: &str, v: impl Into<Json>) -> Spec {
        self.params_json.insert(k.to_string(), v.into());
        self
    }
}

/// A name for a list of `p` (`numbers` → `numbers_list`, `x` → `xs`).
pub fn plural(p: &str) -> String {
    let short = format!("{p}s");
    if p.len() <= 2 && !is_keyword(&short) {
        short
    } else {
        format!("{p}_list")
    }
}

pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// `a, b, c` of the base's parameters from index `from`.
pub fn rest_names(b: &Base, from: usize) -> Vec<String> {
    b.params[from..].to_vec()
}

/// Comma-prefixed rest arguments for a call (`, a, b`) or empty.
pub fn rest_call(b: &Base, from: usize) -> String {
    rest_names(b, from)
        .iter()
        .map(|n| format!(", {n}"))
        .collect()
}

/// Lists over `items`: the empty list, singletons, and random lists up to `max_len`, deduplicated.
pub fn lists(
    rng: &mut Rng,
    items: &[Value],
    target: usize,
    max_len: usize,
    empty: bool,
) -> Vec<Value> {
    let mut out = vec![];
    if items.is_empty() {
        return out;
    }
    if empty {
        out.push(Value::List(vec![]));
    }
    for x in items.iter().take(3) {
        out.push(Value::List(vec![x.clone()]));
    }
    let mut out = distinct(out.into_iter());
    let mut seen: std::collections::HashSet<String> = out.iter().map(super::base::key).collect();
    let mut tries = 0;
    while out.len() < target && tries < target * 6 {
        tries += 1;
        let n = 2 + rng.below(max_len.saturating_sub(1).max(1));
        let v = Value::List(
            (0..n)
                .map(|_| rng.pick(items).expect("a non-empty pool").clone())
                .collect(),
        );
        if seen.insert(super::base::key(&v)) {
            out.push(v);
        }
    }
    out
}

/// A list with a tie: two copies of one item around another (for ARGMAX/SORT-BY tie-breaks).
pub fn tie_list(rng: &mut Rng, items: &[Value]) -> Option<Value> {
    if items.len() < 2 {
        return None;
    }
    let a = rng.pick(items).expect("a non-empty pool").clone();
    let b = rng.pick(items).expect("a non-empty pool").clone();
    Some(Value::List(vec![a.clone(), b, a]))
}

/// Random argument tuples: for each observed call, the fixed rest, varying first argument.
pub fn one(v: Value) -> Vec<Value> {
    vec![v]
}

pub fn distinct_inputs(xs: Vec<Vec<Value>>) -> Vec<Vec<Value>> {
    let mut seen = std::collections::HashSet::new();
    xs.into_iter()
        .filter(|a| seen.insert(input_key(a)))
        .collect()
}

/// Identity of an argument tuple (as [`super::base::key`] of the list of its arguments).
pub fn input_key(a: &[Value]) -> String {
    let mut s = String::from("[");
    for (i, v) in a.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&super::base::key(v));
    }
    s.push(']');
    s
}

// ---------------------------------------------------------------- non-triviality conditions

/// At least two distinct outputs over the tests.
pub fn distinct_outputs(_: &[Vec<Value>], outs: &[Value]) -> Result<(), Trivial> {
    if distinct(outs.iter().cloned()).len() >= 2 {
        Ok(())
    } else {
        Err(Trivial::SameOutput)
    }
}

/// MAP: the elements of the outputs take at least two distinct values.
pub fn distinct_elements(_: &[Vec<Value>], outs: &[Value]) -> Result<(), Trivial> {
    let elems = outs.iter().flat_map(|o| match o {
        Value::List(xs) => xs.clone(),
        other => vec![other.clone()],
    });
    if distinct(elems).len() >= 2 {
        Ok(())
    } else {
        Err(Trivial::SameElement)
    }
}

/// FILTER/INDICES: some test keeps part of its list (both outcomes seen inside one input).
pub fn both_outcomes(ins: &[Vec<Value>], outs: &[Value]) -> Result<(), Trivial> {
    let mixed = ins.iter().zip(outs).any(|(i, o)| match (i.first(), o) {
        (Some(Value::List(xs)), Value::List(ys)) => !ys.is_empty() && ys.len() < xs.len(),
        _ => false,
    });
    if mixed {
        Ok(())
    } else {
        Err(Trivial::OneOutcome)
    }
}

/// ANY/ALL: both True and False answers.
pub fn both_answers(_: &[Vec<Value>], outs: &[Value]) -> Result<(), Trivial> {
    let t = outs.iter().any(|o| matches!(o, Value::Bool(true)));
    let f = outs.iter().any(|o| matches!(o, Value::Bool(false)));
    if t && f {
        Ok(())
    } else {
        Err(Trivial::SameAnswer)
    }
}

/// ITERATE/FIXPOINT: some test's output differs from its first input.
pub fn changes_input(ins: &[Vec<Value>], outs: &[Value]) -> Result<(), Trivial> {
    if ins
        .iter()
        .zip(outs)
        .any(|(i, o)| i.first().is_some_and(|x| !x.py_eq(o)))
        && distinct_outputs(ins, outs).is_ok()
    {
        Ok(())
    } else {
        Err(Trivial::InputUnchanged)
    }
}

/// SORT-BY: some test's order differs from the input's.
pub fn reorders(ins: &[Vec<Value>], outs: &[Value]) -> Result<(), Trivial> {
    if ins
        .iter()
        .zip(outs)
        .any(|(i, o)| i.first().is_some_and(|x| !x.py_eq(o)))
    {
        Ok(())
    } else {
        Err(Trivial::OrderUnchanged)
    }
}

/// GROUP-BY/HISTOGRAM: some output has at least two groups.
pub fn two_groups(_: &[Vec<Value>], outs: &[Value]) -> Result<(), Trivial> {
    if outs
        .iter()
        .any(|o| matches!(o, Value::Dict(kv) if kv.len() >= 2))
    {
        Ok(())
    } else {
        Err(Trivial::OneGroup)
    }
}

// ---------------------------------------------------------------- lifting helpers

/// A local name not used by the base's parameters.
pub fn fresh(b: &Base, candidates: &[&str]) -> String {
    for c in candidates {
        if !b.params.iter().any(|p| p == c) && *c != b.name && !is_keyword(c) {
            return c.to_string();
        }
    }
    format!("{}_", candidates[0])
}

/// The name of the lifted list parameter (`numbers` → `numbers_list`).
pub fn list_name(b: &Base) -> String {
    let p = plural(&b.params[0]);
    let alt = format!("{}_items", b.params[0]);
    fresh(b, &[p.as_str(), alt.as_str(), "items"])
}

/// Parameters of a template that lifts the first argument to a list and keeps the rest.
pub fn lifted_params(b: &Base, xs: &str) -> Vec<(String, Type)> {
    let mut ps = vec![(xs.to_string(), Type::List(Box::new(b.types[0].clone())))];
    ps.extend(
        b.params[1..]
            .iter()
            .cloned()
            .zip(b.types[1..].iter().cloned()),
    );
    ps
}

/// Observed calls grouped by their arguments after the first (the "rest"), in order.
pub fn groups(b: &Base) -> Vec<(Vec<Value>, Vec<usize>)> {
    let mut gs: Vec<(String, Vec<Value>, Vec<usize>)> = vec![];
    for (i, c) in b.calls.iter().enumerate() {
        let rest = c.args[1..].to_vec();
        let k = super::base::key(&Value::List(rest.clone()));
        match gs.iter_mut().find(|(kk, _, _)| *kk == k) {
            Some(g) => g.2.push(i),
            None => gs.push((k, rest, vec![i])),
        }
    }
    gs.into_iter().map(|(_, r, c)| (r, c)).collect()
}

/// Inputs for templates that lift the first argument to a list: the empty list (when
/// `empty`), singletons, then random lists of 2..=`max_len` first arguments, each with the rest
/// of an observed call. Items of a list come from calls with the same rest where possible.
pub fn lift(
    rng: &mut Rng,
    b: &Base,
    target: usize,
    max_len: usize,
    empty: bool,
) -> Vec<Vec<Value>> {
    let gs = groups(b);
    let all = b.column(0);
    let with_rest = |xs: Vec<Value>, rest: &[Value]| {
        let mut a = vec![Value::List(xs)];
        a.extend(rest.iter().cloned());
        a
    };
    let mut out = vec![];
    if empty {
        out.push(with_rest(vec![], &gs[0].0));
    }
    for c in b.calls.iter().take(3) {
        out.push(with_rest(vec![c.args[0].clone()], &c.args[1..]));
    }
    let mut out = distinct_inputs(out);
    let mut seen: std::collections::HashSet<String> = out.iter().map(|a| input_key(a)).collect();
    let mut tries = 0;
    while out.len() < target && tries < target * 8 {
        tries += 1;
        let (rest, members) = rng.pick(&gs).expect("a non-empty pool").clone();
        let own: Vec<Value> = distinct(members.iter().map(|&i| b.calls[i].args[0].clone()));
        let items = if own.len() >= 2 && rng.below(3) > 0 {
            &own
        } else {
            &all
        };
        let n = 2 + rng.below(max_len.saturating_sub(1).max(1));
        let xs = (0..n)
            .map(|_| rng.pick(items).expect("a non-empty pool").clone())
            .collect();
        let a = with_rest(xs, &rest);
        if seen.insert(input_key(&a)) {
            out.push(a);
        }
    }
    out
}

/// Lists that are all-true / all-false under a bool base (per rest group).
pub fn uniform_lists(rng: &mut Rng, b: &Base) -> Vec<Vec<Value>> {
    let mut out = vec![];
    for (rest, members) in groups(b).into_iter().take(4) {
        for want in [true, false] {
            let items: Vec<Value> = distinct(
                members
                    .iter()
                    .filter(|&&i| crate::model::truthy(&b.calls[i].result) == want)
                    .map(|&i| b.calls[i].args[0].clone()),
            );
            if items.is_empty() {
                continue;
            }
            let n = 2 + rng.below(3);
            let mut a = vec![Value::List(
                (0..n)
                    .map(|_| rng.pick(&items).expect("a non-empty pool").clone())
                    .collect(),
            )];
            a.extend(rest.iter().cloned());
            out.push(a);
        }
    }
    out
}

/// Are two types interchangeable (each admits the other)?
pub fn same_type(a: &Type, b: &Type) -> bool {
    !matches!(a, Type::Any) && !matches!(b, Type::Any) && a.admits_type(b) && b.admits_type(a)
}
