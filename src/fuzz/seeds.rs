//! Seed mutation: new inputs from the observed ones, one argument at a time (the arity never
//! changes). Operators: insert, delete, swap, duplicate and perturb elements (recursively),
//! token-level edits of strings, and splicing two seeds.

use super::contract::Contract;
use super::rng::Rng;
use crate::model::{Type, Value};
use num_bigint::BigInt;
use std::collections::HashMap;

/// Sub-values seen in the seeds, by type, used as ingredients of mutations.
#[derive(Debug, Default, Clone)]
pub struct Ingredients {
    by_type: HashMap<String, Vec<Value>>,
    tokens: Vec<String>,
    chars: Vec<char>,
}

impl Ingredients {
    pub fn collect(seeds: &[Vec<Value>]) -> Ingredients {
        let mut ing = Ingredients::default();
        for s in seeds {
            for v in s {
                ing.add(v);
            }
        }
        ing.chars.sort();
        ing.chars.dedup();
        ing.tokens.sort();
        ing.tokens.dedup();
        ing
    }

    fn add(&mut self, v: &Value) {
        let key = Type::of(v).to_string();
        let e = self.by_type.entry(key).or_default();
        if e.len() < 200
            && !e
                .iter()
                .any(|x| x.py_eq(v) && x.type_name() == v.type_name())
        {
            e.push(v.clone());
        }
        match v {
            Value::Str(s) => {
                self.chars.extend(s.chars().take(64));
                self.tokens
                    .extend(s.split_whitespace().take(32).map(str::to_string));
            }
            Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs) => {
                xs.iter().for_each(|x| self.add(x))
            }
            Value::Dict(kv) => kv.iter().for_each(|(k, x)| {
                self.add(k);
                self.add(x);
            }),
            _ => {}
        }
    }

    fn of_type(&self, ty: &Type) -> &[Value] {
        self.by_type
            .get(&ty.to_string())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// One new argument list from the seeds (splice, then 1-3 mutation steps, then repair).
pub fn mutate_args(
    seeds: &[Vec<Value>],
    types: &[Type],
    contract: &Contract,
    ing: &Ingredients,
    rng: &mut Rng,
) -> Option<Vec<Value>> {
    let a = rng.pick(seeds)?;
    let mut args = a.clone();
    if args.len() != types.len() {
        return None;
    }
    if seeds.len() > 1 && rng.chance(0.25) {
        let b = rng.pick(seeds)?;
        for i in 0..args.len() {
            match (&args[i], &b[i]) {
                (Value::List(x), Value::List(y)) if rng.chance(0.5) => {
                    let cut_a = rng.below(x.len() + 1);
                    let cut_b = rng.below(y.len() + 1);
                    let mut z = x[..cut_a].to_vec();
                    z.extend_from_slice(&y[cut_b..]);
                    args[i] = Value::List(z);
                }
                (Value::Str(x), Value::Str(y)) if rng.chance(0.5) => {
                    if let Some(z) = splice_format(x, y, rng) {
                        args[i] = Value::Str(z);
                        continue;
                    }
                    let xs: Vec<char> = x.chars().collect();
                    let ys: Vec<char> = y.chars().collect();
                    let (ca, cb) = (rng.below(xs.len() + 1), rng.below(ys.len() + 1));
                    args[i] = Value::Str(xs[..ca].iter().chain(&ys[cb..]).collect());
                }
                _ if rng.chance(0.5) => args[i] = b[i].clone(),
                _ => {}
            }
        }
    }
    let steps = 1 + rng.below(3);
    for _ in 0..steps {
        let i = rng.below(args.len().max(1));
        if i < args.len() {
            let c = contract.params.get(i).map(|p| &p.1);
            let min_len = c.and_then(|c| c.min_len).unwrap_or(0);
            args[i] = mutate_value(&args[i], &types[i], min_len, ing, rng, 0);
        }
    }
    contract.repair(&mut args);
    Some(args)
}

fn elem_type(ty: &Type) -> Type {
    match ty {
        Type::List(t) | Type::TupleOf(t) | Type::Set(t) | Type::FrozenSet(t) => (**t).clone(),
        Type::Optional(t) => elem_type(t),
        _ => Type::Any,
    }
}

/// Mutate one value of type `ty`.
pub fn mutate_value(
    v: &Value,
    ty: &Type,
    min_len: usize,
    ing: &Ingredients,
    rng: &mut Rng,
    depth: u32,
) -> Value {
    // Values nested deeper than any benchmark input are left as they are.
    if depth > 32 {
        return v.clone();
    }
    match v {
        Value::Bool(b) => Value::Bool(!b),
        Value::Int(i) => mutate_int(i, ing, rng),
        Value::Float(f) => mutate_float(*f, ing, rng),
        Value::Str(s) => Value::Str(mutate_str(s, ing, rng)),
        Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs) => {
            if let (Value::Tuple(_), Type::Tuple(ts)) = (v, ty) {
                if ts.len() == xs.len() && !xs.is_empty() {
                    let i = rng.below(xs.len());
                    let mut out = xs.clone();
                    out[i] = mutate_value(&xs[i], &ts[i], 0, ing, rng, depth + 1);
                    return Value::Tuple(out);
                }
            }
            let out = mutate_elements(xs, &elem_type(ty), min_len, ing, rng, depth);
            match v {
                Value::List(_) => Value::List(out),
                Value::Tuple(_) => Value::Tuple(out),
                Value::Set(_) => Value::Set(dedup(out)),
                _ => Value::FrozenSet(dedup(out)),
            }
        }
        Value::Dict(kv) => mutate_dict(kv, ty, min_len, ing, rng, depth),
        other => other.clone(),
    }
}

/// An integer from the ingredients, or a small arithmetic step from `i`.
fn mutate_int(i: &BigInt, ing: &Ingredients, rng: &mut Rng) -> Value {
    if rng.chance(0.2) {
        if let Some(x) = rng.pick(ing.of_type(&Type::Int)) {
            return x.clone();
        }
    }
    let one = BigInt::from(1);
    Value::Int(match rng.below(9) {
        0 => i + &one,
        1 => i - &one,
        2 => i + BigInt::from(rng.range(2, 10)),
        3 => i - BigInt::from(rng.range(2, 10)),
        4 => -i.clone(),
        5 => i * BigInt::from(2),
        6 => i / BigInt::from(2),
        7 => BigInt::from(0),
        _ => i * BigInt::from(10) + BigInt::from(rng.range(0, 9)),
    })
}

/// A float from the ingredients, or a perturbation of `f`.
fn mutate_float(f: f64, ing: &Ingredients, rng: &mut Rng) -> Value {
    if rng.chance(0.2) {
        if let Some(Value::Float(x)) = rng.pick(ing.of_type(&Type::Float)) {
            return Value::Float(*x);
        }
    }
    Value::Float(match rng.below(7) {
        0 => f + (rng.unit() * 2.0 - 1.0),
        1 => f * (1.0 + (rng.unit() - 0.5)),
        2 => -f,
        3 => 0.0,
        4 => f.round(),
        5 => f + 1.0,
        _ => (f * 100.0).round() / 100.0 + 0.5,
    })
}

/// The elements of a sequence after one edit: insert, delete, swap, duplicate, perturb,
/// reverse or append (never shorter than `min_len` by a deletion).
fn mutate_elements(
    xs: &[Value],
    et: &Type,
    min_len: usize,
    ing: &Ingredients,
    rng: &mut Rng,
    depth: u32,
) -> Vec<Value> {
    let mut out = xs.to_vec();
    let fresh = |rng: &mut Rng, out: &Vec<Value>| -> Option<Value> {
        if rng.chance(0.5) {
            if let Some(x) = rng.pick(ing.of_type(et)) {
                return Some(x.clone());
            }
        }
        rng.pick(out)
            .map(|x| mutate_value(x, et, 0, ing, rng, depth + 1))
    };
    match rng.below(7) {
        0 => {
            if let Some(x) = fresh(rng, &out) {
                let at = rng.below(out.len() + 1);
                out.insert(at, x);
            }
        }
        1 if out.len() > min_len => {
            let at = rng.below(out.len());
            out.remove(at);
        }
        2 if out.len() >= 2 => {
            let (a, b) = (rng.below(out.len()), rng.below(out.len()));
            out.swap(a, b);
        }
        3 if !out.is_empty() => {
            let at = rng.below(out.len());
            let x = out[at].clone();
            out.insert(rng.below(out.len() + 1), x);
        }
        4 if !out.is_empty() => {
            let at = rng.below(out.len());
            out[at] = mutate_value(&out[at], et, 0, ing, rng, depth + 1);
        }
        5 if !out.is_empty() => out.reverse(),
        _ => {
            if let Some(x) = fresh(rng, &out) {
                out.push(x);
            }
        }
    }
    out
}

/// A dictionary after one edit: remove an entry, perturb a value, or add an entry under a
/// mutated key.
fn mutate_dict(
    kv: &[(Value, Value)],
    ty: &Type,
    min_len: usize,
    ing: &Ingredients,
    rng: &mut Rng,
    depth: u32,
) -> Value {
    let (kt, vt) = match ty {
        Type::Dict(k, v) => ((**k).clone(), (**v).clone()),
        _ => (Type::Any, Type::Any),
    };
    let mut out = kv.to_vec();
    match rng.below(3) {
        0 if out.len() > min_len => {
            let at = rng.below(out.len());
            out.remove(at);
        }
        1 if !out.is_empty() => {
            let at = rng.below(out.len());
            out[at].1 = mutate_value(&out[at].1, &vt, 0, ing, rng, depth + 1);
        }
        _ => {
            if let Some((k, x)) = rng.pick(&out).cloned().or_else(|| {
                Some((
                    rng.pick(ing.of_type(&kt))?.clone(),
                    rng.pick(ing.of_type(&vt))?.clone(),
                ))
            }) {
                let k2 = mutate_value(&k, &kt, 0, ing, rng, depth + 1);
                if !out.iter().any(|(k3, _)| k3.py_eq(&k2)) {
                    out.push((k2, x));
                }
            }
        }
    }
    Value::Dict(out)
}

fn dedup(xs: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = vec![];
    for x in xs {
        if !out.iter().any(|y| y.py_eq(&x)) {
            out.push(x);
        }
    }
    out
}

/// Runs of one character class: digits, letters, or anything else.
fn runs(s: &str) -> Vec<String> {
    let class = |c: char| {
        if c.is_ascii_digit() {
            0
        } else if c.is_alphabetic() {
            1
        } else {
            2
        }
    };
    let mut out: Vec<String> = vec![];
    let mut last = None;
    for c in s.chars() {
        let k = class(c);
        match out.last_mut() {
            Some(r) if last == Some(k) => r.push(c),
            _ => out.push(c.to_string()),
        }
        last = Some(k);
    }
    out
}

/// A run that is a number or a word (not a separator).
fn is_item(r: &str) -> bool {
    r.chars().all(|c| c.is_ascii_digit() || c.is_alphabetic())
}

/// Whether run `at` follows a separator that follows another item.
fn between(rs: &[String], at: usize) -> bool {
    at >= 2 && !is_item(&rs[at - 1]) && is_item(&rs[at - 2])
}

/// The positions of the items when `rs` (the runs of a string) is at least two numbers or words
/// between separators that are not only whitespace.
fn formatted(rs: &[String]) -> Option<Vec<usize>> {
    let items: Vec<usize> = (0..rs.len()).filter(|&i| is_item(&rs[i])).collect();
    let separated = (1..rs.len()).any(|i| !is_item(&rs[i]) && !rs[i].trim().is_empty());
    (items.len() >= 2 && separated).then_some(items)
}

/// Two formatted strings spliced at unit boundaries: `x` up to one of its items, then `y` from a
/// separator that follows one of its items (`"(1, 2, 3)"` and `"(7, 8)"` give `"(1, 2, 8)"`).
fn splice_format(x: &str, y: &str, rng: &mut Rng) -> Option<String> {
    let (rx, ry) = (runs(x), runs(y));
    let cuts_x = formatted(&rx)?;
    formatted(&ry)?;
    let from_y: Vec<usize> = (2..ry.len())
        .filter(|&j| between(&ry, j))
        .map(|j| j - 1)
        .collect();
    let i = *rng.pick(&cuts_x)?;
    let j = *rng.pick(&from_y)?;
    Some(rx[..=i].concat() + &ry[j..].concat())
}

/// A format-keeping edit of a string made of numbers or words between separators (`"(7, 8,
/// 9)"`, `"1.2, 1.3"`, `"a-b-c"`): a number or word replaced by another of its class, or one
/// separator-and-item unit duplicated or removed. `None` when `s` has no such structure.
fn mutate_format(s: &str, rng: &mut Rng) -> Option<String> {
    let mut rs = runs(s);
    let items = formatted(&rs)?;
    let at = items[rng.below(items.len())];
    let op = rng.below(3);
    if op == 1 && between(&rs, at) {
        // A unit is an item and the separator between it and the item before it.
        let unit = [rs[at - 1].clone(), rs[at].clone()];
        rs.splice(at + 1..at + 1, unit);
    } else if op == 2 && items.len() > 2 && between(&rs, at) {
        rs.drain(at - 1..=at);
    } else {
        let digits = rs[at].chars().all(|c| c.is_ascii_digit());
        let n = 1 + rng.below(3);
        let alphabet: Vec<char> = if digits {
            ('0'..='9').collect()
        } else if rs[at].chars().all(char::is_uppercase) {
            ('A'..='Z').collect()
        } else {
            ('a'..='z').collect()
        };
        rs[at] = (0..n)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
    }
    Some(rs.concat())
}

fn mutate_str(s: &str, ing: &Ingredients, rng: &mut Rng) -> String {
    // Mostly format-keeping when the string has a format: free edits of such strings are
    // mostly inputs the reference cannot parse (MBPP/894 `float_to_tuple("1.2, 1.3")`).
    if rng.chance(0.9) {
        if let Some(m) = mutate_format(s, rng) {
            return m;
        }
    }
    let mut cs: Vec<char> = s.chars().collect();
    let has_tokens = s.contains(' ') && !ing.tokens.is_empty();
    if has_tokens && rng.chance(0.5) {
        let mut toks: Vec<String> = s.split(' ').map(str::to_string).collect();
        match rng.below(4) {
            0 if toks.len() > 1 => {
                let at = rng.below(toks.len());
                toks.remove(at);
            }
            1 => {
                let at = rng.below(toks.len());
                let t = toks[at].clone();
                toks.insert(at, t);
            }
            2 if toks.len() > 1 => {
                let (a, b) = (rng.below(toks.len()), rng.below(toks.len()));
                toks.swap(a, b);
            }
            _ => {
                if let Some(t) = rng.pick(&ing.tokens) {
                    let at = rng.below(toks.len() + 1);
                    toks.insert(at, t.clone());
                }
            }
        }
        return toks.join(" ");
    }
    let pick_char = |rng: &mut Rng| -> char { rng.pick(&ing.chars).copied().unwrap_or('a') };
    match rng.below(6) {
        0 => {
            let at = rng.below(cs.len() + 1);
            let ch = pick_char(rng);
            cs.insert(at, ch);
        }
        1 if !cs.is_empty() => {
            let at = rng.below(cs.len());
            cs.remove(at);
        }
        2 if !cs.is_empty() => {
            let at = rng.below(cs.len());
            cs[at] = pick_char(rng);
        }
        3 if cs.len() >= 2 => {
            let a = rng.below(cs.len() - 1);
            cs.swap(a, a + 1);
        }
        4 if !cs.is_empty() => {
            let a = rng.below(cs.len());
            let b = (a + 1 + rng.below(4)).min(cs.len());
            let piece: Vec<char> = cs[a..b].to_vec();
            let at = rng.below(cs.len() + 1);
            cs.splice(at..at, piece);
        }
        _ => {
            if let Some(Value::Str(o)) = rng.pick(ing.of_type(&Type::Str)) {
                let os: Vec<char> = o.chars().collect();
                let cut = rng.below(cs.len() + 1);
                let from = rng.below(os.len() + 1);
                cs.truncate(cut);
                cs.extend_from_slice(&os[from..]);
            } else if let Some(c) = cs.first_mut() {
                *c = if c.is_uppercase() {
                    c.to_lowercase().next().unwrap_or(*c)
                } else {
                    c.to_uppercase().next().unwrap_or(*c)
                };
            }
        }
    }
    cs.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzz::contract;

    #[test]
    fn keeps_arity_and_types() {
        let seeds = vec![
            vec![
                Value::List(vec![Value::int(1), Value::int(2)]),
                Value::str("a b"),
                Value::Bool(true),
            ],
            vec![
                Value::List(vec![Value::int(5)]),
                Value::str("cc dd ee"),
                Value::Bool(false),
            ],
        ];
        let types = vec![Type::List(Box::new(Type::Int)), Type::Str, Type::Bool];
        let c = contract::infer(&["a".into(), "b".into(), "c".into()], &seeds);
        let ing = Ingredients::collect(&seeds);
        let mut rng = Rng::stream(3, "t", "m");
        let mut distinct = std::collections::HashSet::new();
        for _ in 0..300 {
            let args = mutate_args(&seeds, &types, &c, &ing, &mut rng).expect("seeds");
            assert_eq!(args.len(), 3);
            for (t, v) in types.iter().zip(&args) {
                assert!(t.admits(v), "{t} !~ {v:?}");
            }
            distinct.insert(format!("{args:?}"));
        }
        assert!(distinct.len() > 100, "only {} distinct", distinct.len());
    }

    #[test]
    fn format_edits_keep_the_format() {
        let mut rng = Rng::stream(1, "t", "format");
        let mut seen = std::collections::HashSet::new();
        for _ in 0..300 {
            let m = mutate_format("(7, 8, 9)", &mut rng).expect("a formatted string");
            // Still a parenthesised, comma-separated tuple of integers.
            let inner = m
                .strip_prefix('(')
                .and_then(|x| x.strip_suffix(')'))
                .expect(&m);
            assert!(
                inner
                    .split(", ")
                    .all(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())),
                "{m}"
            );
            seen.insert(m);
        }
        assert!(seen.len() > 50, "varied: {}", seen.len());
        assert!(
            seen.iter().any(|m| m.matches(", ").count() == 3),
            "an item added"
        );
        assert!(
            seen.iter().any(|m| m.matches(", ").count() == 1),
            "an item removed"
        );
        // Plain words and sentences are left to the other edits.
        assert_eq!(mutate_format("hello world", &mut rng), None);
        assert_eq!(mutate_format("x", &mut rng), None);
        assert_eq!(runs("a1, b22"), vec!["a", "1", ", ", "b", "22"]);
        // Splices keep it too, and take from both strings.
        let mut spliced = std::collections::HashSet::new();
        for _ in 0..100 {
            let z = splice_format("(1, 2, 3)", "(7, 8)", &mut rng).expect("both formatted");
            let inner = z
                .strip_prefix('(')
                .and_then(|x| x.strip_suffix(')'))
                .expect(&z);
            assert!(inner.split(", ").all(|t| t.parse::<u32>().is_ok()), "{z}");
            spliced.insert(z);
        }
        assert!(
            spliced.contains("(1, 2, 8)") && spliced.contains("(1, 2, 3, 8)"),
            "{spliced:?}"
        );
        assert_eq!(splice_format("(1, 2)", "hello", &mut rng), None);
    }
}
