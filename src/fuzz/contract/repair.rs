//! Repairing generated arguments: the local fixes that make them fit a contract.

use super::values::{balance, int_list, len_of, natural_cmp};
use super::{Contract, ValueContract};
use crate::model::Value;
use num_bigint::BigInt;

impl Contract {
    /// Fix the shapes a generator does not know about (balanced brackets, even lengths) in
    /// generated arguments, before they are checked.
    pub fn repair_shapes(&self, args: &mut [Value]) {
        for ((_, c), v) in self.params.iter().zip(args.iter_mut()) {
            match v {
                Value::Str(s) if c.balanced => *s = balance(s),
                Value::List(xs) | Value::Tuple(xs)
                    if c.even_len && !c.unique && c.items.is_empty() && xs.len() % 2 == 1 =>
                {
                    if c.min_len.is_some_and(|m| xs.len() <= m) {
                        let last = xs[xs.len() - 1].clone();
                        xs.push(last);
                    } else {
                        xs.pop();
                    }
                }
                _ => {}
            }
        }
    }

    /// Make generated arguments fit the contract where that is a local fix (clamp, sort,
    /// deduplicate, truncate, replace characters, equalise lengths).
    pub fn repair(&self, args: &mut [Value]) {
        for ((_, c), v) in self.params.iter().zip(args.iter_mut()) {
            c.repair(v);
        }
        for &(i, j) in &self.same_len {
            let (Some(a), Some(b)) = (args.get(i).and_then(len_of), args.get(j).and_then(len_of))
            else {
                continue;
            };
            let n = a.min(b);
            truncate(&mut args[i], n);
            truncate(&mut args[j], n);
        }
        for &(p, w) in &self.substring {
            if let (Some(Value::Str(part)), Some(Value::Str(whole))) = (args.get(p), args.get(w)) {
                let charset = self.params[p].1.charset.as_deref();
                if let Some(fixed) = occurring_part(part, whole, charset) {
                    args[p] = Value::Str(fixed);
                }
            }
        }
        for r in &self.len_rel {
            let Some((n, len)) = r.operands(args) else {
                continue;
            };
            if let Some(v) = r.rel.fix(n, len) {
                args[r.int] = Value::int(v);
            }
        }
        // Elements wrapped into the container's indices (an empty container has none), sorted
        // again when the list is kept sorted.
        for &(i, j) in &self.indices {
            let (Some(len), Some(xs)) = (
                args.get(j).and_then(len_of).map(|l| l as i64),
                args.get(i).and_then(int_list),
            ) else {
                continue;
            };
            let mut fixed: Vec<Value> = if len == 0 {
                vec![]
            } else {
                xs.iter().map(|x| Value::int(x.rem_euclid(len))).collect()
            };
            if self.params.get(i).is_some_and(|(_, c)| c.sorted) {
                fixed.sort_by(natural_cmp);
            }
            args[i] = Value::List(fixed);
        }
    }
}

/// `part` itself when it occurs in `whole`, else a piece of `whole` of at most `part`'s length
/// (at least one character) made only of `charset` characters, at a position derived from
/// `part` so that different candidates give different pieces; `None` when there is no such
/// piece.
fn occurring_part(part: &str, whole: &str, charset: Option<&str>) -> Option<String> {
    if !part.is_empty() && whole.contains(part) {
        return None;
    }
    let w: Vec<char> = whole.chars().collect();
    let ok = |c: &char| charset.is_none_or(|set| set.contains(*c));
    let seed: usize = part.chars().map(|c| c as usize).sum();
    // Lengths from `part`'s down by halves, 64 positions each: bounded work on long texts.
    let mut len = part.chars().count().clamp(1, w.len().max(1));
    while len >= 1 && len <= w.len() {
        let starts = w.len() - len + 1;
        for k in 0..starts.min(64) {
            let start = (seed + k * 7919) % starts;
            let piece = &w[start..start + len];
            if piece.iter().all(ok) {
                return Some(piece.iter().collect());
            }
        }
        if len == 1 {
            break;
        }
        len /= 2;
    }
    None
}

fn truncate(v: &mut Value, n: usize) {
    match v {
        Value::Str(s) => *s = s.chars().take(n).collect(),
        Value::List(x) | Value::Tuple(x) | Value::Set(x) | Value::FrozenSet(x) => x.truncate(n),
        Value::Dict(kv) => kv.truncate(n),
        _ => {}
    }
}

impl ValueContract {
    pub fn repair(&self, v: &mut Value) {
        match v {
            Value::Int(i) => self.repair_int(i),
            Value::Float(f) => self.repair_float(f),
            Value::Str(s) => self.repair_str(s),
            Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs) => {
                self.repair_seq(xs)
            }
            Value::Dict(kv) => self.repair_dict(kv),
            _ => {}
        }
    }

    /// Clamp into the bounds.
    fn repair_int(&self, i: &mut BigInt) {
        if let Some(lo) = self.min {
            let lo = BigInt::from(lo.ceil() as i64);
            if *i < lo {
                *i = lo;
            }
        }
        if let Some(hi) = self.max {
            let hi = BigInt::from(hi.floor() as i64);
            if *i > hi {
                *i = hi;
            }
        }
    }

    /// Clamp into the bounds (NaN to the lower one).
    fn repair_float(&self, f: &mut f64) {
        if let Some(lo) = self.min {
            if *f < lo || f.is_nan() {
                *f = lo;
            }
        }
        if let Some(hi) = self.max {
            if *f > hi {
                *f = hi;
            }
        }
    }

    /// Words outside the vocabulary replaced by words in it; else characters outside the
    /// charset replaced, the length cut or padded, brackets balanced.
    fn repair_str(&self, s: &mut String) {
        if let Some(vocab) = self.vocab.as_ref().filter(|v| !v.is_empty()) {
            let words: Vec<String> = s
                .split_whitespace()
                .map(|w| {
                    if vocab.iter().any(|x| x == w) {
                        w.to_string()
                    } else {
                        vocab[w.bytes().map(usize::from).sum::<usize>() % vocab.len()].clone()
                    }
                })
                .collect();
            *s = words.join(" ");
            return;
        }
        if let Some(cs) = &self.charset {
            let allowed: Vec<char> = cs.chars().collect();
            if !allowed.is_empty() {
                *s = s
                    .chars()
                    .map(|ch| {
                        if allowed.contains(&ch) {
                            ch
                        } else {
                            allowed[(ch as usize) % allowed.len()]
                        }
                    })
                    .collect();
            }
        }
        if let Some(m) = self.max_len {
            *s = s.chars().take(m).collect();
        }
        if let Some(m) = self.min_len {
            let fill = self
                .charset
                .as_ref()
                .and_then(|c| c.chars().next())
                .unwrap_or('a');
            while s.chars().count() < m {
                s.push(fill);
            }
        }
        if self.balanced {
            *s = balance(s);
        }
    }

    /// Elements (or tuple items) repaired, then the sequence cut, deduplicated, sorted, its
    /// rows reshaped and its length made even.
    fn repair_seq(&self, xs: &mut Vec<Value>) {
        let is_tuple_items = !self.items.is_empty() && xs.len() == self.items.len();
        if is_tuple_items {
            for (c, x) in self.items.iter().zip(xs.iter_mut()) {
                c.repair(x);
            }
        } else if let Some(e) = &self.elem {
            for x in xs.iter_mut() {
                e.repair(x);
            }
        }
        if let Some(m) = self.max_len {
            xs.truncate(m);
        }
        if self.unique {
            let mut out: Vec<Value> = vec![];
            for x in xs.drain(..) {
                if !out.iter().any(|y| y.py_eq(&x)) {
                    out.push(x);
                }
            }
            *xs = out;
        }
        if self.sorted {
            xs.sort_by(natural_cmp);
        }
        if let Some(shape) = self.rows {
            shape.repair(xs, self.elem.as_ref().is_some_and(|e| e.sorted));
        }
        if self.even_len && !self.unique && xs.len() % 2 == 1 {
            if self.min_len.is_some_and(|m| xs.len() <= m) {
                let last = xs[xs.len() - 1].clone();
                xs.push(last);
            } else {
                xs.pop();
            }
        }
    }

    /// Keys and values repaired, duplicate keys dropped (the first kept), the entries cut.
    fn repair_dict(&self, kv: &mut Vec<(Value, Value)>) {
        for (k, x) in kv.iter_mut() {
            if let Some(c) = &self.key {
                c.repair(k);
            }
            if let Some(c) = &self.value {
                c.repair(x);
            }
        }
        let mut out: Vec<(Value, Value)> = vec![];
        for (k, x) in kv.drain(..) {
            if !out.iter().any(|(k2, _)| k2.py_eq(&k)) {
                out.push((k, x));
            }
        }
        if let Some(m) = self.max_len {
            out.truncate(m);
        }
        *kv = out;
    }
}
