//! N-gram window hashes of the three streams benchsmith matches on:
//! - [`Method::Exact`]: code tokens as written (comments, layout and quote style aside);
//! - [`Method::Idnorm`]: code tokens with every name replaced by its distance back to the
//!   previous occurrence of the same name inside the window (or "new"), so any consistent
//!   renaming gives the same hashes, wherever the window starts (names after `.` are kept);
//! - [`Method::Prose`]: lower-cased words (docstrings, problem statements).

use super::hash::{self, PrehashedMap};
use super::lex::{Kind, Token, Word};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Exact,
    Idnorm,
    Prose,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Exact, Method::Idnorm, Method::Prose];
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Idnorm => "idnorm",
            Method::Prose => "prose",
        }
    }
    fn seed(self) -> u64 {
        match self {
            Method::Exact => 0x45_5841_4354,
            Method::Idnorm => 0x4944_4E4F_524D,
            Method::Prose => 0x50_524F_5345,
        }
    }
}

const NEW_NAME: u64 = 0x4E45_575F_4E41_4D45;
const REF_NAME: u64 = 0x5245_465F_4E41_4D45;

/// Reusable buffers (one per scanning thread).
#[derive(Default)]
pub struct Scratch {
    last: PrehashedMap<u32>,
    back: Vec<u32>,
}

/// Hashes of the `n`-token windows of the exact stream; `out[i]` covers `tokens[i..i + n]`.
pub fn exact(tokens: &[Token], n: usize, out: &mut Vec<u64>) {
    out.clear();
    if tokens.len() < n || n == 0 {
        return;
    }
    let seed = Method::Exact.seed();
    for w in tokens.windows(n) {
        let mut h = seed;
        for t in w {
            h = hash::mix(h, t.hash);
        }
        out.push(hash::finish(h));
    }
}

/// Hashes of the `n`-token windows of the identifier-normalised stream.
pub fn idnorm(tokens: &[Token], n: usize, scratch: &mut Scratch, out: &mut Vec<u64>) {
    out.clear();
    if tokens.len() < n || n == 0 {
        return;
    }
    // back[i]: distance to the previous occurrence of the same name (u32::MAX: none; 0: not a name).
    scratch.last.clear();
    scratch.back.clear();
    for (i, t) in tokens.iter().enumerate() {
        let d = if t.kind == Kind::Name {
            match scratch.last.insert(t.hash, i as u32) {
                Some(p) => i as u32 - p,
                None => u32::MAX,
            }
        } else {
            0
        };
        scratch.back.push(d);
    }
    let seed = Method::Idnorm.seed();
    for s in 0..=tokens.len() - n {
        let mut h = seed;
        for k in 0..n {
            let t = &tokens[s + k];
            let code = if t.kind == Kind::Name {
                let d = scratch.back[s + k];
                if (d as usize) <= k {
                    hash::mix(REF_NAME, u64::from(d))
                } else {
                    NEW_NAME
                }
            } else {
                t.hash
            };
            h = hash::mix(h, code);
        }
        out.push(hash::finish(h));
    }
}

/// Hashes of the `n`-word windows of prose.
pub fn prose(words: &[Word], n: usize, out: &mut Vec<u64>) {
    out.clear();
    if words.len() < n || n == 0 {
        return;
    }
    let seed = Method::Prose.seed();
    for w in words.windows(n) {
        let mut h = seed;
        for x in w {
            h = hash::mix(h, x.hash);
        }
        out.push(hash::finish(h));
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::{Comments, Lexer};
    use super::*;

    fn grams(src: &str, m: Method) -> Vec<u64> {
        let lx = Lexer::new();
        let mut t = vec![];
        lx.code(src.as_bytes(), Comments::Hash, &mut t);
        let mut out = vec![];
        match m {
            Method::Exact => exact(&t, 6, &mut out),
            Method::Idnorm => idnorm(&t, 6, &mut Scratch::default(), &mut out),
            Method::Prose => unreachable!(),
        }
        out
    }

    #[test]
    fn renaming_changes_exact_but_not_idnorm() {
        let a =
            "def f(xs):\n    total = 0\n    for x in xs:\n        total += x\n    return total\n";
        let b =
            "def g(items):\n    acc = 0\n    for it in items:\n        acc += it\n    return acc\n";
        assert_eq!(grams(a, Method::Idnorm), grams(b, Method::Idnorm));
        assert_ne!(grams(a, Method::Exact), grams(b, Method::Exact));
        // An inconsistent renaming (two names merged into one) is not the same program.
        let c = "def g(items):\n    acc = 0\n    for acc in items:\n        acc += acc\n    return acc\n";
        assert_ne!(grams(a, Method::Idnorm), grams(c, Method::Idnorm));
    }

    #[test]
    fn windows_do_not_depend_on_what_precedes_them() {
        let body = "for x in xs:\n    total += x\nreturn total\n";
        let a = grams(&format!("total = 0\n{body}"), Method::Idnorm);
        let b = grams(
            &format!("y = foo(bar, total)\nzz = 1\n{body}"),
            Method::Idnorm,
        );
        let tail = |v: &Vec<u64>, k| v[v.len() - k..].to_vec();
        assert_eq!(tail(&a, 5), tail(&b, 5));
    }
}
