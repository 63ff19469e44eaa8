//! N-gram window hashes of the three streams benchsmith matches on:
//! - [`Method::Exact`]: code tokens as written (comments, layout and quote style aside);
//! - [`Method::Idnorm`]: code tokens with every name replaced by its distance back to the
//!   previous occurrence of the same name inside the window (or "new"), so any consistent
//!   renaming gives the same hashes, wherever the window starts (names after `.` are kept);
//! - [`Method::Prose`]: lower-cased words (docstrings, problem statements).
//!
//! A window's hash is a polynomial in its token codes, `sum c[k] * B^(n-1-k)` (mod 2^64),
//! avalanched; it is rolled from one window to the next in constant time. In the
//! identifier-normalised stream a name's code depends on the window (a reference while its
//! previous occurrence is inside, "new" once that has left), so the roll also corrects the
//! one token whose previous occurrence just left: at most one per step.

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

/// The polynomial's base (odd, so that it is invertible mod 2^64).
const B: u64 = 0x9E37_79B9_7F4A_7C15;
const NEW_NAME: u64 = 0x4E45_575F_4E41_4D45;
const REF_NAME: u64 = 0x5245_465F_4E41_4D45;

/// Reusable buffers (one per scanning thread).
#[derive(Default)]
pub struct Scratch {
    last: PrehashedMap<u32>,
    /// For each token: distance back to the previous occurrence of the same name (0: none).
    back: Vec<u32>,
    /// For each token: the next occurrence of the same name (0: none).
    next: Vec<u32>,
    pow: Vec<u64>,
}

fn powers(n: usize, pow: &mut Vec<u64>) {
    if pow.len() != n {
        pow.clear();
        let mut p = 1u64;
        for _ in 0..n {
            pow.push(p);
            p = p.wrapping_mul(B);
        }
    }
}

/// Roll a polynomial hash over fixed codes.
fn roll(
    codes: impl Iterator<Item = u64> + Clone,
    len: usize,
    n: usize,
    seed: u64,
    out: &mut Vec<u64>,
) {
    out.clear();
    if len < n || n == 0 {
        return;
    }
    let top = (0..n - 1).fold(1u64, |p, _| p.wrapping_mul(B));
    let mut h = 0u64;
    let mut tail = codes.clone();
    let mut head = codes;
    for _ in 0..n {
        h = h.wrapping_mul(B).wrapping_add(tail.next().unwrap_or(0));
    }
    out.push(hash::finish(h ^ seed));
    for c in tail {
        let old = head.next().unwrap_or(0);
        h = h
            .wrapping_sub(old.wrapping_mul(top))
            .wrapping_mul(B)
            .wrapping_add(c);
        out.push(hash::finish(h ^ seed));
    }
}

/// Hashes of the `n`-token windows of the exact stream; `out[i]` covers `tokens[i..i + n]`.
pub fn exact(tokens: &[Token], n: usize, out: &mut Vec<u64>) {
    roll(
        tokens.iter().map(|t| t.hash),
        tokens.len(),
        n,
        Method::Exact.seed(),
        out,
    );
}

/// Hashes of the `n`-word windows of prose.
pub fn prose(words: &[Word], n: usize, out: &mut Vec<u64>) {
    roll(
        words.iter().map(|w| w.hash),
        words.len(),
        n,
        Method::Prose.seed(),
        out,
    );
}

#[inline(always)]
fn ref_code(d: u32) -> u64 {
    hash::mix(REF_NAME, u64::from(d))
}

/// Hashes of the `n`-token windows of the identifier-normalised stream.
#[allow(clippy::needless_range_loop)] // positions index three arrays at once
pub fn idnorm(tokens: &[Token], n: usize, sc: &mut Scratch, out: &mut Vec<u64>) {
    out.clear();
    let len = tokens.len();
    if len < n || n == 0 {
        return;
    }
    sc.last.clear();
    sc.back.clear();
    sc.back.resize(len, 0);
    sc.next.clear();
    sc.next.resize(len, 0);
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == Kind::Name {
            if let Some(p) = sc.last.insert(t.hash, i as u32) {
                sc.back[i] = i as u32 - p;
                sc.next[p as usize] = i as u32;
            }
        }
    }
    powers(n, &mut sc.pow);
    let pow = &sc.pow;
    let seed = Method::Idnorm.seed();
    // The code of token j when it enters a window as its last token.
    let entering = |j: usize| -> u64 {
        let t = &tokens[j];
        if t.kind != Kind::Name {
            t.hash
        } else if sc.back[j] != 0 && (sc.back[j] as usize) < n {
            ref_code(sc.back[j])
        } else {
            NEW_NAME
        }
    };
    let mut h = 0u64;
    for j in 0..n {
        // In the first window a reference must point inside it.
        let c = if tokens[j].kind == Kind::Name && sc.back[j] != 0 && (sc.back[j] as usize) <= j {
            ref_code(sc.back[j])
        } else if tokens[j].kind == Kind::Name {
            NEW_NAME
        } else {
            tokens[j].hash
        };
        h = h.wrapping_mul(B).wrapping_add(c);
    }
    out.push(hash::finish(h ^ seed));
    for s in 0..len - n {
        // Token s leaves: as the first token of its window a name is always "new".
        let old = if tokens[s].kind == Kind::Name {
            NEW_NAME
        } else {
            tokens[s].hash
        };
        h = h
            .wrapping_sub(old.wrapping_mul(pow[n - 1]))
            .wrapping_mul(B)
            .wrapping_add(entering(s + n));
        // The next occurrence of token s's name lost its reference.
        let j = sc.next[s] as usize;
        if j != 0 && j < s + n {
            let k = j - (s + 1); // its offset in the new window
            let d = (j - s) as u32;
            h = h.wrapping_add(
                NEW_NAME
                    .wrapping_sub(ref_code(d))
                    .wrapping_mul(pow[n - 1 - k]),
            );
        }
        out.push(hash::finish(h ^ seed));
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::{Comments, Lexer};
    use super::*;
    use proptest::prelude::*;

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
            "def g(vals):\n    acc = 0\n    for it in vals:\n        acc += it\n    return acc\n";
        assert_eq!(grams(a, Method::Idnorm), grams(b, Method::Idnorm));
        assert_ne!(grams(a, Method::Exact), grams(b, Method::Exact));
        // An inconsistent renaming (two names merged into one) is not the same program.
        let c =
            "def g(vals):\n    acc = 0\n    for acc in vals:\n        acc += acc\n    return acc\n";
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

    /// The definition, window by window.
    fn naive_idnorm(tokens: &[Token], n: usize) -> Vec<u64> {
        (0..tokens.len().saturating_sub(n - 1).min(tokens.len()))
            .filter(|s| s + n <= tokens.len())
            .map(|s| {
                let mut h = 0u64;
                for k in 0..n {
                    let t = &tokens[s + k];
                    let c = if t.kind != Kind::Name {
                        t.hash
                    } else {
                        match (0..k).rev().find(|&q| {
                            tokens[s + q].kind == Kind::Name && tokens[s + q].hash == t.hash
                        }) {
                            Some(q) => ref_code((k - q) as u32),
                            None => NEW_NAME,
                        }
                    };
                    h = h.wrapping_mul(B).wrapping_add(c);
                }
                hash::finish(h ^ Method::Idnorm.seed())
            })
            .collect()
    }

    proptest! {
        /// Rolling gives what the definition gives, on token streams with many repeated names.
        #[test]
        fn rolling_idnorm_is_the_definition(kinds in proptest::collection::vec(0u8..8, 0..60), n in 1usize..9) {
            let tokens: Vec<Token> = kinds
                .iter()
                .enumerate()
                .map(|(i, &k)| Token {
                    start: i as u32,
                    end: i as u32 + 1,
                    kind: if k < 5 { Kind::Name } else { Kind::Punct },
                    hash: u64::from(k) * 0x1234_5678_9ABC_DEF1 + 7,
                })
                .collect();
            let mut out = vec![];
            idnorm(&tokens, n, &mut Scratch::default(), &mut out);
            prop_assert_eq!(out, naive_idnorm(&tokens, n));
        }
    }
}
