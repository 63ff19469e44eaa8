//! Values as contracts read them: numbers as floats, sequences and lengths, the natural
//! order, uniqueness and balanced brackets.

use crate::model::Value;
use std::cmp::Ordering;

/// Length of a row that is itself a list (tuples have their arity in the type already).
pub(super) fn inner_list_len(v: &Value) -> Option<usize> {
    match v {
        Value::List(r) => Some(r.len()),
        _ => None,
    }
}

pub(super) fn small_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => i64::try_from(i).ok(),
        _ => None,
    }
}

/// The integers of a list of integers (`None` for anything else).
pub(super) fn int_list(v: &Value) -> Option<Vec<i64>> {
    match v {
        Value::List(xs) => xs.iter().map(small_int).collect(),
        _ => None,
    }
}

pub(super) fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(i.to_string().parse::<f64>().unwrap_or(f64::NAN)),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

pub(super) fn seq(v: &Value) -> Option<&[Value]> {
    match v {
        Value::List(x) | Value::Tuple(x) | Value::Set(x) | Value::FrozenSet(x) => Some(x),
        _ => None,
    }
}

pub(super) fn len_of(v: &Value) -> Option<usize> {
    match v {
        Value::Str(s) => Some(s.chars().count()),
        Value::Dict(kv) => Some(kv.len()),
        other => seq(other).map(<[Value]>::len),
    }
}

/// Order used for `sorted`: numbers numerically, strings lexicographically.
pub fn natural_cmp(a: &Value, b: &Value) -> Ordering {
    match (as_f64(a), as_f64(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => match (a, b) {
            (Value::Str(x), Value::Str(y)) => x.cmp(y),
            _ => a.total_cmp(b),
        },
    }
}

pub(super) fn is_sorted(xs: &[Value]) -> bool {
    xs.windows(2)
        .all(|w| natural_cmp(&w[0], &w[1]) != Ordering::Greater)
}

pub(super) fn all_unique(xs: &[Value]) -> bool {
    xs.iter()
        .enumerate()
        .all(|(i, x)| xs[..i].iter().all(|y| !x.py_eq(y)))
}

/// `s` cut to balanced brackets: characters other than brackets and spaces, closers without
/// an opener and openers never closed are removed (never longer than `s`).
pub fn balance(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut keep = vec![false; chars.len()];
    let mut open: Vec<usize> = vec![];
    for (i, &ch) in chars.iter().enumerate() {
        match ch {
            '(' | '[' | '{' | '<' => open.push(i),
            ')' | ']' | '}' | '>' => {
                let want = match ch {
                    ')' => '(',
                    ']' => '[',
                    '}' => '{',
                    _ => '<',
                };
                if open.last().is_some_and(|&j| chars[j] == want) {
                    let j = open.pop().unwrap_or(i);
                    keep[i] = true;
                    keep[j] = true;
                }
            }
            ' ' => keep[i] = true,
            _ => {}
        }
    }
    chars
        .iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(*c))
        .collect()
}
