//! Checking arguments against a contract: the first violation, in words.

use super::values::{all_unique, as_f64, balance, int_list, is_sorted, len_of, seq};
use super::{Contract, ValueContract};
use crate::model::Value;

impl Contract {
    /// Why `args` violates the contract (`None` when it holds). `require` is checked in Python.
    pub fn violation(&self, args: &[Value]) -> Option<String> {
        for ((name, c), v) in self.params.iter().zip(args) {
            if let Some(why) = c.violation(v) {
                return Some(format!("{name}: {why}"));
            }
        }
        for &(i, j) in &self.same_len {
            if let (Some(a), Some(b)) = (args.get(i).and_then(len_of), args.get(j).and_then(len_of))
            {
                if a != b {
                    return Some(format!(
                        "{} and {} differ in length",
                        self.params[i].0, self.params[j].0
                    ));
                }
            }
        }
        for &(p, w) in &self.substring {
            if let (Some(Value::Str(part)), Some(Value::Str(whole))) = (args.get(p), args.get(w)) {
                if part.is_empty() || !whole.contains(part.as_str()) {
                    return Some(format!(
                        "{} does not occur in {}",
                        self.params[p].0, self.params[w].0
                    ));
                }
            }
        }
        for r in &self.len_rel {
            let Some((n, len)) = r.operands(args) else {
                continue;
            };
            if !r.rel.holds(n, len) {
                return Some(format!("not {}", self.describe_len_rel(r)));
            }
        }
        for &(i, j) in &self.indices {
            if let (Some(xs), Some(len)) =
                (args.get(i).and_then(int_list), args.get(j).and_then(len_of))
            {
                if xs.iter().any(|&x| !(0..len as i64).contains(&x)) {
                    return Some(format!(
                        "an element of {} is not an index into {}",
                        self.params[i].0, self.params[j].0
                    ));
                }
            }
        }
        None
    }
}

impl ValueContract {
    pub fn violation(&self, v: &Value) -> Option<String> {
        if let Some(x) = as_f64(v) {
            if let Some(lo) = self.min {
                if x < lo {
                    return Some(format!("{x} < min {lo}"));
                }
            }
            if let Some(hi) = self.max {
                if x > hi {
                    return Some(format!("{x} > max {hi}"));
                }
            }
        }
        if let Some(n) = len_of(v) {
            if self.min_len.is_some_and(|m| n < m) {
                return Some(format!(
                    "length {n} < min_len {}",
                    self.min_len.unwrap_or(0)
                ));
            }
            if self.max_len.is_some_and(|m| n > m) {
                return Some(format!(
                    "length {n} > max_len {}",
                    self.max_len.unwrap_or(0)
                ));
            }
        }
        if let (Value::Str(s), true) = (v, self.balanced) {
            if balance(s) != *s {
                return Some("brackets not balanced".into());
            }
        }
        if self.even_len && seq(v).is_some_and(|xs| xs.len() % 2 == 1) {
            return Some("odd length".into());
        }
        if let (Value::Str(s), Some(vocab)) = (v, &self.vocab) {
            if let Some(w) = s.split_whitespace().find(|w| !vocab.iter().any(|x| x == w)) {
                return Some(format!("word {w:?} outside the vocabulary"));
            }
        }
        if let (Value::Str(s), Some(cs)) = (v, &self.charset) {
            if let Some(ch) = s.chars().find(|ch| !cs.contains(*ch)) {
                return Some(format!("character {ch:?} outside the allowed set"));
            }
        }
        if let Some(xs) = seq(v) {
            if self.sorted && matches!(v, Value::List(_) | Value::Tuple(_)) && !is_sorted(xs) {
                return Some("not sorted".into());
            }
            if self.unique && !all_unique(xs) {
                return Some("elements not unique".into());
            }
            if let Some(shape) = self.rows.filter(|shape| !shape.holds(xs)) {
                return Some(format!("rows do not form a {}", shape.name()));
            }
            if let Value::Tuple(t) = v {
                if !self.items.is_empty() {
                    for (c, x) in self.items.iter().zip(t) {
                        if let Some(w) = c.violation(x) {
                            return Some(format!("item: {w}"));
                        }
                    }
                    return None;
                }
            }
            if let Some(e) = &self.elem {
                for x in xs {
                    if let Some(w) = e.violation(x) {
                        return Some(format!("element: {w}"));
                    }
                }
            }
        }
        if let Value::Dict(kv) = v {
            for (k, x) in kv {
                if let Some(w) = self.key.as_ref().and_then(|c| c.violation(k)) {
                    return Some(format!("key: {w}"));
                }
                if let Some(w) = self.value.as_ref().and_then(|c| c.violation(x)) {
                    return Some(format!("value: {w}"));
                }
            }
        }
        None
    }
}
