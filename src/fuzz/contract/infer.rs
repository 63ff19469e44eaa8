//! Contracts inferred from the argument lists the original tests pass.

use super::relations::{LenRel, LenRelation, Rows};
use super::values::{
    all_unique, as_f64, inner_list_len, int_list, is_sorted, len_of, natural_cmp, seq, small_int,
};
use super::{Contract, ContractOrigin, ValueContract};
use crate::model::Value;
use std::cmp::Ordering;

/// Character classes tried from the narrowest; the first that holds every observed character.
const CLASSES: &[(&str, &str)] = &[
    ("binary", "01"),
    ("digits", "0123456789"),
    ("parentheses", "()"),
    ("angle brackets", "<>"),
    ("parentheses and spaces", "() "),
    ("lowercase", "abcdefghijklmnopqrstuvwxyz"),
    ("uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    ("lowercase and spaces", "abcdefghijklmnopqrstuvwxyz "),
    (
        "letters",
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    ),
    (
        "letters and spaces",
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ",
    ),
    (
        "alphanumeric",
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    ),
];

/// Infer the contract of one parameter from the values it was observed with.
pub fn infer_value(values: &[&Value]) -> ValueContract {
    let mut c = ValueContract::default();
    if values.is_empty() {
        return c;
    }
    infer_numbers(&mut c, values);
    let strs: Vec<&str> = values
        .iter()
        .filter_map(|v| {
            if let Value::Str(s) = v {
                Some(s.as_str())
            } else {
                None
            }
        })
        .collect();
    infer_charset(&mut c, &strs);
    infer_vocab(&mut c, &strs);
    infer_lengths(&mut c, values, strs.len());
    infer_sequences(&mut c, values);
    infer_dicts(&mut c, values);
    c
}

/// Numbers: a lower bound of 1 (integers) or 0 when no smaller one was seen; the largest
/// magnitude as a scale hint.
fn infer_numbers(c: &mut ValueContract, values: &[&Value]) {
    let nums: Vec<f64> = values.iter().filter_map(|v| as_f64(v)).collect();
    if !nums.is_empty() {
        let lo = nums.iter().cloned().fold(f64::INFINITY, f64::min);
        if lo >= 1.0 && values.iter().all(|v| matches!(v, Value::Int(_))) {
            c.min = Some(1.0);
        } else if lo >= 0.0 {
            c.min = Some(0.0);
        }
        c.scale = Some(nums.iter().map(|x| x.abs()).fold(0.0, f64::max));
    }
}

/// Strings: the narrowest character class holding every observed character, else the
/// observed characters themselves when they are few.
fn infer_charset(c: &mut ValueContract, strs: &[&str]) {
    if !strs.is_empty() {
        let mut chars: Vec<char> = strs.iter().flat_map(|s| s.chars()).collect();
        chars.sort();
        chars.dedup();
        if !chars.is_empty() {
            if let Some((name, set)) = CLASSES
                .iter()
                .find(|(_, set)| chars.iter().all(|ch| set.contains(*ch)))
            {
                c.charset = Some(set.to_string());
                c.class = Some(name.to_string());
            } else if chars.len() <= 8 && strs.len() >= 2 {
                c.charset = Some(chars.iter().collect());
                c.class = Some("observed characters".into());
            }
        }
    }
}

/// Strings of words: a small vocabulary that repeats.
fn infer_vocab(c: &mut ValueContract, strs: &[&str]) {
    if strs.iter().filter(|s| s.contains(' ')).count() >= 2 {
        let toks: Vec<&str> = strs.iter().flat_map(|s| s.split_whitespace()).collect();
        let mut distinct: Vec<&str> = toks.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() >= 2 && distinct.len() <= 16 && toks.len() >= distinct.len() + 4 {
            c.vocab = Some(distinct.into_iter().map(str::to_string).collect());
        }
    }
}

/// Strings and containers: non-empty, single characters, and the longest length as a hint.
/// `strs` is how many of `values` are strings.
fn infer_lengths(c: &mut ValueContract, values: &[&Value], strs: usize) {
    let lens: Vec<usize> = values.iter().filter_map(|v| len_of(v)).collect();
    if !lens.is_empty() && lens.len() == values.len() {
        let lo = *lens.iter().min().expect("non-empty");
        if lo >= 1 {
            c.min_len = Some(1);
        }
        let hi = *lens.iter().max().expect("non-empty");
        // Strings that were always one character (`ord(ch)`): a character parameter.
        if hi == 1 && lo == 1 && strs == values.len() && strs >= 2 {
            c.max_len = Some(1);
        }
        c.len_hint = Some(hi);
    }
}

/// Sequences: sorted, unique elements, row shapes, and the contracts of their elements (per
/// position for fixed-length tuples).
fn infer_sequences(c: &mut ValueContract, values: &[&Value]) {
    let seqs: Vec<&[Value]> = values.iter().filter_map(|v| seq(v)).collect();
    if seqs.is_empty() {
        return;
    }
    let long: Vec<&&[Value]> = seqs.iter().filter(|s| s.len() >= 2).collect();
    let orderable = seqs
        .iter()
        .flat_map(|s| s.iter())
        .all(|x| as_f64(x).is_some() || matches!(x, Value::Str(_)));
    let lists = values
        .iter()
        .all(|v| matches!(v, Value::List(_) | Value::Tuple(_)));
    if lists && orderable && long.len() >= 3 && long.iter().all(|s| is_sorted(s)) {
        let distinct = long.iter().any(|s| {
            s.windows(2)
                .any(|w| natural_cmp(&w[0], &w[1]) == Ordering::Less)
        });
        c.sorted = distinct;
    }
    let longer: Vec<&&[Value]> = seqs.iter().filter(|s| s.len() >= 3).collect();
    if lists && longer.len() >= 3 && longer.iter().all(|s| all_unique(s)) {
        c.unique = true;
    }
    if lists {
        c.rows = infer_rows(&long);
    }
    let elems: Vec<&Value> = seqs.iter().flat_map(|s| s.iter()).collect();
    if !elems.is_empty() {
        c.elem = Some(Box::new(infer_value(&elems)));
    }
    c.items = infer_items(values);
}

/// The shape the rows of `long` (the sequences with two rows or more) keep.
fn infer_rows(long: &[&&[Value]]) -> Option<Rows> {
    // Rows of a grid or a triangle: seen on at least two values with two rows or more, one of
    // them with rows longer than one (or a triangle of three rows).
    let grids: Vec<&&[Value]> = long
        .iter()
        .filter(|s| s.iter().all(|r| inner_list_len(r).is_some()))
        .copied()
        .collect();
    if grids.len() < 2 || grids.len() != long.len() {
        return None;
    }
    [Rows::Triangle, Rows::Square, Rows::Rect]
        .into_iter()
        .find(|shape| {
            grids.iter().all(|g| shape.holds(g))
                && match shape {
                    Rows::Triangle => grids.iter().any(|g| g.len() >= 3),
                    // Squares of two sizes at least: one size is only a rectangle.
                    Rows::Square => grids.iter().any(|g| g.len() != grids[0].len()),
                    Rows::Rect => grids.iter().any(|g| inner_list_len(&g[0]) >= Some(2)),
                }
        })
}

/// Fixed-length tuples: per position (none unless every value is a tuple of one length).
fn infer_items(values: &[&Value]) -> Vec<ValueContract> {
    let tuples: Vec<&[Value]> = values
        .iter()
        .filter_map(|v| {
            if let Value::Tuple(t) = v {
                Some(t.as_slice())
            } else {
                None
            }
        })
        .collect();
    if tuples.len() == values.len() && tuples.windows(2).all(|w| w[0].len() == w[1].len()) {
        let n = tuples[0].len();
        return (0..n)
            .map(|i| infer_value(&tuples.iter().map(|t| &t[i]).collect::<Vec<_>>()))
            .collect();
    }
    vec![]
}

/// Dictionaries: the contracts of their keys and of their values.
fn infer_dicts(c: &mut ValueContract, values: &[&Value]) {
    let dicts: Vec<&Vec<(Value, Value)>> = values
        .iter()
        .filter_map(|v| {
            if let Value::Dict(kv) = v {
                Some(kv)
            } else {
                None
            }
        })
        .collect();
    if !dicts.is_empty() {
        let keys: Vec<&Value> = dicts
            .iter()
            .flat_map(|d| d.iter().map(|(k, _)| k))
            .collect();
        let vals: Vec<&Value> = dicts
            .iter()
            .flat_map(|d| d.iter().map(|(_, v)| v))
            .collect();
        if !keys.is_empty() {
            c.key = Some(Box::new(infer_value(&keys)));
            c.value = Some(Box::new(infer_value(&vals)));
        }
    }
}

/// Infer a problem's contract from the argument lists of its observed calls.
pub fn infer(names: &[String], calls: &[Vec<Value>]) -> Contract {
    let n = names.len();
    let mut params = vec![];
    for (i, name) in names.iter().enumerate() {
        let vals: Vec<&Value> = calls.iter().filter_map(|a| a.get(i)).collect();
        params.push((name.clone(), infer_value(&vals)));
    }
    let mut same_len = vec![];
    for i in 0..n {
        for j in i + 1..n {
            let pairs: Vec<(usize, usize)> = calls
                .iter()
                .filter_map(|a| Some((len_of(a.get(i)?)?, len_of(a.get(j)?)?)))
                .collect();
            let mut distinct: Vec<usize> = pairs.iter().map(|p| p.0).collect();
            distinct.sort();
            distinct.dedup();
            if pairs.len() >= 2
                && pairs.len() == calls.len()
                && distinct.len() >= 2
                && pairs.iter().all(|(a, b)| a == b)
            {
                same_len.push((i, j));
            }
        }
    }
    // A string parameter that occurred in another one in every call (the first such other).
    let occurs_in = |i: usize, j: usize| {
        calls.len() >= 2
            && calls.iter().all(|a| match (a.get(i), a.get(j)) {
                (Some(Value::Str(p)), Some(Value::Str(w))) => {
                    !p.is_empty() && w.contains(p.as_str())
                }
                _ => false,
            })
    };
    let substring: Vec<(usize, usize)> = (0..n)
        .filter_map(|i| (0..n).find(|&j| j != i && occurs_in(i, j)).map(|j| (i, j)))
        .collect();
    // Each integer parameter gets at most one relation: the strongest, to the first container.
    let mut len_rel = vec![];
    for i in 0..n {
        let best = (0..n)
            .filter(|&j| j != i)
            .filter_map(|j| Some((infer_len_rel(calls, i, j)?, j)))
            .min_by_key(|(r, j)| (*r as u8, *j));
        if let Some((rel, container)) = best {
            len_rel.push(LenRelation {
                int: i,
                container,
                rel,
            });
        }
    }
    let indices: Vec<(usize, usize)> = (0..n)
        .filter_map(|i| {
            (0..n)
                .find(|&j| j != i && infer_indices(calls, i, j))
                .map(|j| (i, j))
        })
        .collect();
    Contract {
        params,
        require: vec![],
        same_len,
        substring,
        len_rel,
        indices,
        stated: vec![],
        stated_dropped: vec![],
        published: None,
        origin: ContractOrigin::Inferred,
    }
}

/// The strongest length relation of integer parameter `i` to container parameter `j` that
/// every call satisfies (two calls at least).
fn infer_len_rel(calls: &[Vec<Value>], i: usize, j: usize) -> Option<LenRel> {
    let pairs: Vec<(i64, i64)> = calls
        .iter()
        .filter_map(|a| Some((small_int(a.get(i)?)?, len_of(a.get(j)?)? as i64)))
        .collect();
    if pairs.len() < 2 || pairs.len() != calls.len() {
        return None;
    }
    [LenRel::Eq, LenRel::LastIndex, LenRel::Below, LenRel::AtMost]
        .into_iter()
        .find(|r| pairs.iter().all(|&(n, len)| r.holds(n, len)))
}

/// Whether every element of integer-list parameter `i` indexes container parameter `j` in
/// every call (two calls and three elements at least, and one element in the upper half of
/// its container's indices, so that lists of small numbers beside a long list do not count).
fn infer_indices(calls: &[Vec<Value>], i: usize, j: usize) -> bool {
    let mut elements = 0;
    let mut high = false;
    let all = calls.iter().all(|a| {
        let (Some(xs), Some(len)) = (
            a.get(i).and_then(int_list),
            a.get(j).and_then(len_of).map(|l| l as i64),
        ) else {
            return false;
        };
        elements += xs.len();
        high |= xs.iter().any(|&x| 2 * x >= len && x > 0);
        xs.iter().all(|&x| (0..len).contains(&x))
    });
    all && calls.len() >= 2 && elements >= 3 && high
}
