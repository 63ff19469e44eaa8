//! A byte-driven, structure-aware generator built on `arbitrary`: a byte string decodes to an
//! argument list of the right types, so byte-level mutations (flip, insert, delete, splice)
//! become structural ones. Byte strings whose inputs reach new lines of the reference
//! solution are kept as a corpus and mutated in later rounds (coverage-guided exploration).

use super::contract::{Contract, ValueContract};
use super::rng::Rng;
use crate::model::{Type, Value};
use arbitrary::{Result, Unstructured};
use num_bigint::BigInt;

const ALPHABET: &str =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.!?-_()\t\né中😀";

/// Decode an argument list from bytes (`None` when a type cannot be generated).
pub fn decode(types: &[Type], contract: &Contract, data: &[u8]) -> Option<Vec<Value>> {
    let mut u = Unstructured::new(data);
    let mut args = Vec::with_capacity(types.len());
    for (i, t) in types.iter().enumerate() {
        let c = contract
            .params
            .get(i)
            .map(|p| p.1.clone())
            .unwrap_or_default();
        args.push(value(&mut u, t, &c, 0).ok()?);
    }
    contract.repair(&mut args);
    Some(args)
}

fn int_in(u: &mut Unstructured, lo: i64, hi: i64) -> Result<i64> {
    u.int_in_range(lo..=hi)
}

fn value(u: &mut Unstructured, ty: &Type, c: &ValueContract, depth: u32) -> Result<Value> {
    let scale = c.scale.unwrap_or(10.0).clamp(3.0, 1e6) as i64;
    Ok(match ty {
        Type::None => Value::None,
        Type::Bool => Value::Bool(<bool as arbitrary::Arbitrary>::arbitrary(u)?),
        Type::Int => int_value(u, c, scale)?,
        Type::Float => float_value(u, scale)?,
        Type::Complex => Value::Complex(int_in(u, -50, 50)? as f64, int_in(u, -50, 50)? as f64),
        Type::Str => str_value(u, c, depth)?,
        Type::Bytes => {
            let n = length(u, c, depth)?;
            Value::Bytes(u.bytes(n.min(u.len()))?.to_vec())
        }
        Type::List(t) | Type::TupleOf(t) | Type::Set(t) | Type::FrozenSet(t) => {
            let n = length(u, c, depth)?;
            let ec = sub(c.elem.as_deref());
            let mut xs = Vec::with_capacity(n);
            for _ in 0..n {
                xs.push(value(u, t, &ec, depth + 1)?);
            }
            match ty {
                Type::List(_) => Value::List(xs),
                Type::TupleOf(_) => Value::Tuple(xs),
                Type::Set(_) => Value::Set(dedup(xs)),
                _ => Value::FrozenSet(dedup(xs)),
            }
        }
        Type::Tuple(ts) => {
            let mut xs = vec![];
            for (i, t) in ts.iter().enumerate() {
                xs.push(value(
                    u,
                    t,
                    &c.items.get(i).cloned().unwrap_or_default(),
                    depth + 1,
                )?);
            }
            Value::Tuple(xs)
        }
        Type::Dict(k, v) => dict_value(u, k, v, c, depth)?,
        Type::Optional(t) => {
            if u.ratio(1, 8)? {
                Value::None
            } else {
                value(u, t, c, depth)?
            }
        }
        Type::Union(ts) if !ts.is_empty() => {
            let i = u.choose_index(ts.len())?;
            value(u, &ts[i], c, depth)?
        }
        Type::Any | Type::Union(_) => match u.choose_index(3)? {
            0 => value(u, &Type::Int, c, depth)?,
            1 => value(u, &Type::Str, c, depth)?,
            _ => value(u, &Type::Float, c, depth)?,
        },
        Type::Callable | Type::Named(_) => return Err(arbitrary::Error::IncorrectFormat),
    })
}

/// The contract of a part (none: no constraints).
fn sub(c: Option<&ValueContract>) -> ValueContract {
    c.cloned().unwrap_or_default()
}

/// A length within the contract's bounds; without an upper bound, up to about twice the
/// observed length hint, less the deeper the value is nested.
fn length(u: &mut Unstructured, c: &ValueContract, depth: u32) -> Result<usize> {
    let hint = c.len_hint.unwrap_or(6).max(4);
    let cap = (hint * 2) / (depth as usize + 1) + 1;
    let lo = c.min_len.unwrap_or(0);
    let hi = c.max_len.unwrap_or(cap.max(lo)).max(lo);
    u.int_in_range(lo..=hi)
}

/// An integer within the contract's bounds (else about twice the observed scale), small, or
/// an arbitrary `i32` clamped.
fn int_value(u: &mut Unstructured, c: &ValueContract, scale: i64) -> Result<Value> {
    let lo = c.min.map(|m| m as i64).unwrap_or(-(2 * scale + 5));
    let hi = c.max.map(|m| m as i64).unwrap_or(2 * scale + 5).max(lo);
    Ok(match u.choose_index(4)? {
        0 | 1 => Value::int(int_in(u, lo, hi)?),
        2 => Value::int(int_in(u, lo.max(-10), hi.min(10).max(lo.max(-10)))?),
        _ => {
            let x = <i32 as arbitrary::Arbitrary>::arbitrary(u)? as i64;
            Value::Int(BigInt::from(x.clamp(lo.min(x), hi)))
        }
    })
}

/// A float with two decimals or none within about twice the observed scale, or an
/// arbitrary finite one.
fn float_value(u: &mut Unstructured, scale: i64) -> Result<Value> {
    let x = match u.choose_index(3)? {
        0 => int_in(u, -(2 * scale + 5) * 100, (2 * scale + 5) * 100)? as f64 / 100.0,
        1 => int_in(u, -(2 * scale + 5), 2 * scale + 5)? as f64,
        _ => {
            let f = <f64 as arbitrary::Arbitrary>::arbitrary(u)?;
            if f.is_finite() {
                f
            } else {
                0.0
            }
        }
    };
    Ok(Value::Float(x))
}

/// Words of the contract's vocabulary when it has one, else characters of its charset (or a
/// mixed alphabet).
fn str_value(u: &mut Unstructured, c: &ValueContract, depth: u32) -> Result<Value> {
    if let Some(vocab) = c.vocab.as_deref().filter(|v| !v.is_empty()) {
        let n = u.int_in_range(0..=c.len_hint.unwrap_or(20) / 3 + 2)?;
        let mut ws = vec![];
        for _ in 0..n {
            ws.push(vocab[u.choose_index(vocab.len())?].clone());
        }
        return Ok(Value::Str(ws.join(" ")));
    }
    let alphabet: Vec<char> = c.charset.as_deref().unwrap_or(ALPHABET).chars().collect();
    let n = length(u, c, depth)?;
    let mut s = String::new();
    for _ in 0..n {
        s.push(alphabet[u.choose_index(alphabet.len())?]);
    }
    Ok(Value::Str(s))
}

/// A dictionary of a length within the contract's bounds, entries with duplicate keys
/// dropped.
fn dict_value(
    u: &mut Unstructured,
    k: &Type,
    v: &Type,
    c: &ValueContract,
    depth: u32,
) -> Result<Value> {
    let n = length(u, c, depth)?;
    let (kc, vc) = (sub(c.key.as_deref()), sub(c.value.as_deref()));
    let mut out: Vec<(Value, Value)> = vec![];
    for _ in 0..n {
        let key = value(u, k, &kc, depth + 1)?;
        let val = value(u, v, &vc, depth + 1)?;
        if !out.iter().any(|(k2, _)| k2.py_eq(&key)) {
            out.push((key, val));
        }
    }
    Ok(Value::Dict(out))
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

/// A byte-level mutation of a corpus entry (optionally splicing another one).
pub fn mutate(data: &[u8], other: Option<&[u8]>, rng: &mut Rng) -> Vec<u8> {
    let mut d = data.to_vec();
    if d.is_empty() {
        return rng.bytes(64);
    }
    for _ in 0..1 + rng.below(4) {
        match rng.below(6) {
            0 => {
                let i = rng.below(d.len());
                d[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(d.len());
                d[i] = rng.next_u64() as u8;
            }
            2 => {
                let i = rng.below(d.len() + 1);
                let b = rng.next_u64() as u8;
                d.insert(i, b);
            }
            3 if d.len() > 1 => {
                let i = rng.below(d.len());
                d.remove(i);
            }
            4 => {
                if let Some(o) = other.filter(|o| !o.is_empty()) {
                    let cut = rng.below(d.len());
                    let from = rng.below(o.len());
                    d.truncate(cut);
                    d.extend_from_slice(&o[from..]);
                }
            }
            _ => {
                let i = rng.below(d.len());
                d[i] = d[i].wrapping_add(1 + rng.below(3) as u8);
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_typed_values_deterministically() {
        let types = vec![
            Type::List(Box::new(Type::Tuple(vec![Type::Str, Type::Int]))),
            Type::Optional(Box::new(Type::Float)),
        ];
        let c = Contract {
            params: vec![
                ("a".into(), Default::default()),
                ("b".into(), Default::default()),
            ],
            ..Default::default()
        };
        let mut rng = Rng::stream(9, "t", "b");
        for _ in 0..200 {
            let data = rng.bytes(128);
            let a = decode(&types, &c, &data).expect("generable");
            let b = decode(&types, &c, &data).expect("generable");
            assert_eq!(a, b);
            for (t, v) in types.iter().zip(&a) {
                assert!(t.admits(v), "{t} !~ {v:?}");
            }
            let m = mutate(&data, Some(&data), &mut rng);
            assert!(decode(&types, &c, &m).is_some());
        }
    }
}
