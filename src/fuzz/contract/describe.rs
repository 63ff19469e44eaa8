//! Contracts in words, for reports.

use super::relations::{LenRel, LenRelation};
use super::{Contract, ValueContract};
use crate::model::Type;

/// Does `ty` say anything a contract could refine? (Used to report unconstrained params.)
pub fn describe(c: &ValueContract, ty: &Type) -> String {
    let mut parts = vec![ty.to_string()];
    if let Some(m) = c.min {
        parts.push(format!(">= {m}"));
    }
    if let Some(m) = c.max {
        parts.push(format!("<= {m}"));
    }
    if let Some(m) = c.min_len {
        parts.push(format!("len >= {m}"));
    }
    if let Some(m) = c.max_len {
        parts.push(format!("len <= {m}"));
    }
    if c.sorted {
        parts.push("sorted".into());
    }
    if c.unique {
        parts.push("unique".into());
    }
    if let Some(v) = &c.vocab {
        parts.push(format!("words: {}", v.join("|")));
    }
    if let Some(cl) = &c.class {
        parts.push(format!("chars: {cl}"));
    }
    if let Some(shape) = c.rows {
        parts.push(format!("rows form a {}", shape.name()));
    }
    if let Some(e) = &c.elem {
        let inner = describe(e, &Type::Any);
        if inner != "Any" {
            parts.push(format!("elements [{}]", inner.trim_start_matches("Any, ")));
        }
    }
    parts.join(", ")
}

impl Contract {
    /// The contract of parameter `i` in words, with its length relation.
    pub fn describe_param(&self, i: usize, ty: &Type) -> String {
        let mut d = self
            .params
            .get(i)
            .map(|(_, c)| describe(c, ty))
            .unwrap_or_default();
        for r in self.len_rel.iter().filter(|r| r.int == i) {
            d.push_str(", ");
            d.push_str(&self.describe_len_rel(r));
        }
        for &(_, w) in self.substring.iter().filter(|(p, _)| *p == i) {
            d.push_str(&format!(", occurs in {}", self.params[w].0));
        }
        for &(_, c) in self.indices.iter().filter(|(l, _)| *l == i) {
            d.push_str(&format!(", elements index {}", self.params[c].0));
        }
        d
    }

    /// `n < len(arr)`, with the parameter names.
    pub fn describe_len_rel(&self, r: &LenRelation) -> String {
        let name = |k: usize| self.params.get(k).map_or("?", |(n, _)| n.as_str());
        match r.rel {
            LenRel::LastIndex => format!("{} == len({}) - 1", name(r.int), name(r.container)),
            rel => format!(
                "{} {} len({})",
                name(r.int),
                rel.describe(),
                name(r.container)
            ),
        }
    }
}
