//! Input contracts: what a valid input of a problem looks like beyond its types.
//!
//! Contracts are inferred from the inputs the original tests pass (value ranges, non-empty,
//! sorted, unique elements, character classes, equal lengths) and can be overridden per task
//! by a YAML file `transforms/contracts/<task id with / as _>.yaml`:
//!
//! ```yaml
//! params:
//!   n: {min: 1, max: 40}
//!   s: {charset: "()", min_len: 1}
//! require:                      # Python expressions over the parameter names
//!   - "len(grid) == len(grid[0])"
//! replace: false                # true: ignore the inferred contract
//! ```

use crate::model::{Type, Value};
use num_bigint::BigInt;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn is_false(b: &bool) -> bool {
    !*b
}

/// Constraints on one value (recursively on its parts).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueContract {
    /// Numbers: inclusive bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Strings and containers: length bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_len: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<usize>,
    /// Sequences are sorted ascending.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sorted: bool,
    /// Elements are pairwise distinct.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// Strings use only these characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// Strings are whitespace-separated words from this vocabulary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocab: Option<Vec<String>>,
    /// Name of the inferred character class (report only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elem: Option<Box<ValueContract>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<Box<ValueContract>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Box<ValueContract>>,
    /// Fixed-length tuples: per position.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ValueContract>,
    /// Generator hints, not constraints: largest magnitude and length observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub len_hint: Option<usize>,
    /// Lists of lists: the shape their rows keep (a grid, a triangle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Rows>,
    /// Strings: brackets balanced, nothing but brackets and spaces (a docstring's "balanced
    /// groups of parentheses").
    #[serde(default, skip_serializing_if = "is_false")]
    pub balanced: bool,
    /// Sequences have an even length (a docstring's "even number of coefficients").
    #[serde(default, skip_serializing_if = "is_false")]
    pub even_len: bool,
}

/// Shapes of a list of lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rows {
    /// Every row has the same length (a matrix, a grid).
    Rect,
    /// As many rows as columns (a square matrix).
    Square,
    /// Row `i` has `i + 1` elements (a number triangle).
    Triangle,
}

impl Rows {
    fn name(self) -> &'static str {
        match self {
            Rows::Rect => "rectangle",
            Rows::Square => "square",
            Rows::Triangle => "triangle",
        }
    }

    /// The length row `i` of `n` rows must have, given the first row's length.
    fn len(self, i: usize, first: usize, n: usize) -> usize {
        match self {
            Rows::Rect => first,
            Rows::Square => n,
            Rows::Triangle => i + 1,
        }
    }

    fn holds(self, rows: &[Value]) -> bool {
        let lens: Vec<usize> = rows.iter().filter_map(inner_list_len).collect();
        lens.len() == rows.len()
            && lens
                .iter()
                .enumerate()
                .all(|(i, &n)| n == self.len(i, lens[0], rows.len()))
    }

    /// Cut or extend each row to its length. A row grows by elements of the grid it does not
    /// hold yet (rows often hold distinct values), else by cycling its own elements; rows with
    /// nothing to draw from stay as they are. Rows kept sorted are sorted again.
    fn repair(self, rows: &mut [Value], sorted_rows: bool) {
        let Some(first) = rows.first().and_then(inner_list_len) else {
            return;
        };
        let grid: Vec<Value> = rows
            .iter()
            .filter_map(|r| match r {
                Value::List(r) => Some(r.iter().cloned()),
                _ => None,
            })
            .flatten()
            .collect();
        let mut next = 0;
        let n = rows.len();
        for (i, row) in rows.iter_mut().enumerate() {
            let want = self.len(i, first, n);
            let Value::List(r) = row else {
                continue;
            };
            r.truncate(want);
            let own = r.clone();
            let mut k = 0;
            while r.len() < want {
                let fresh = (0..grid.len())
                    .map(|j| &grid[(next + j) % grid.len()])
                    .position(|x| !r.iter().any(|y| y.py_eq(x)));
                if let Some(j) = fresh {
                    let at = (next + j) % grid.len();
                    r.push(grid[at].clone());
                    next = at + 1;
                } else if !own.is_empty() {
                    r.push(own[k % own.len()].clone());
                    k += 1;
                } else {
                    break;
                }
            }
            if sorted_rows {
                r.sort_by(natural_cmp);
            }
        }
    }
}

/// Length of a row that is itself a list (tuples have their arity in the type already).
fn inner_list_len(v: &Value) -> Option<usize> {
    match v {
        Value::List(r) => Some(r.len()),
        _ => None,
    }
}

/// Where a contract came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ContractOrigin {
    #[default]
    Inferred,
    File,
    InferredAndFile,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    pub params: Vec<(String, ValueContract)>,
    /// Python expressions over the parameter names that must hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub require: Vec<String>,
    /// Pairs of parameter positions whose lengths are equal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_len: Vec<(usize, usize)>,
    /// Pairs `(part, whole)` of string parameters where `part` occurs in `whole` (a pattern
    /// searched for in a text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub substring: Vec<(usize, usize)>,
    /// Integer parameters tied to the length of a container parameter (MBPP's
    /// `kth_element(arr, n, k)` with `n == len(arr)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub len_rel: Vec<LenRelation>,
    /// Pairs `(list, container)`: every element of the integer list `list` is an index into
    /// `container` (MBPP's `access_elements(nums, list_index)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indices: Vec<(usize, usize)>,
    /// Preconditions the docstring states, checked like `require`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stated: Vec<crate::fuzz::stated::Stated>,
    /// Preconditions the docstring seems to state but an original test input breaks: not used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stated_dropped: Vec<crate::fuzz::stated::Stated>,
    /// A precondition block as its authors publish it (EvalPlus's `contract`: `assert`
    /// statements over the parameters), checked before each call of the reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    pub origin: ContractOrigin,
}

/// How an integer parameter relates to a container parameter's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LenRel {
    /// `n == len(c)`
    Eq,
    /// `n == len(c) - 1` (a last index)
    LastIndex,
    /// `n < len(c)` (an index)
    Below,
    /// `n <= len(c)` (a count)
    AtMost,
}

/// Parameter `int` (position) relates to the length of parameter `container` by `rel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LenRelation {
    pub int: usize,
    pub container: usize,
    pub rel: LenRel,
}

impl LenRelation {
    /// The integer and the container length in `args` (`None` when either is missing).
    fn operands(&self, args: &[Value]) -> Option<(i64, i64)> {
        let n = small_int(args.get(self.int)?)?;
        let len = len_of(args.get(self.container)?)?;
        Some((n, len as i64))
    }
}

impl LenRel {
    fn holds(self, n: i64, len: i64) -> bool {
        match self {
            LenRel::Eq => n == len,
            LenRel::LastIndex => n == len - 1,
            LenRel::Below => n < len,
            LenRel::AtMost => n <= len,
        }
    }

    /// The closest value to `n` that holds (`None` when none does: `n < 0` for an empty
    /// container).
    fn fix(self, n: i64, len: i64) -> Option<i64> {
        let v = match self {
            LenRel::Eq => len,
            LenRel::LastIndex => len - 1,
            LenRel::Below if n >= len => {
                if len == 0 {
                    return None;
                }
                n.rem_euclid(len)
            }
            LenRel::AtMost if n > len => n.rem_euclid(len + 1),
            _ => n,
        };
        Some(v)
    }

    fn describe(self) -> &'static str {
        match self {
            LenRel::Eq | LenRel::LastIndex => "==",
            LenRel::Below => "<",
            LenRel::AtMost => "<=",
        }
    }
}

fn small_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => i64::try_from(i).ok(),
        _ => None,
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

/// The integers of a list of integers (`None` for anything else).
fn int_list(v: &Value) -> Option<Vec<i64>> {
    match v {
        Value::List(xs) => xs.iter().map(small_int).collect(),
        _ => None,
    }
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

/// A contract file (`transforms/contracts/*.yaml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractFile {
    #[serde(default)]
    pub task_id: Option<String>,
    #[serde(default)]
    pub params: BTreeMap<String, ValueContract>,
    #[serde(default)]
    pub require: Vec<String>,
    #[serde(default)]
    pub replace: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
}

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

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(i.to_string().parse::<f64>().unwrap_or(f64::NAN)),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn seq(v: &Value) -> Option<&[Value]> {
    match v {
        Value::List(x) | Value::Tuple(x) | Value::Set(x) | Value::FrozenSet(x) => Some(x),
        _ => None,
    }
}

fn len_of(v: &Value) -> Option<usize> {
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

fn is_sorted(xs: &[Value]) -> bool {
    xs.windows(2)
        .all(|w| natural_cmp(&w[0], &w[1]) != Ordering::Greater)
}

fn all_unique(xs: &[Value]) -> bool {
    xs.iter()
        .enumerate()
        .all(|(i, x)| xs[..i].iter().all(|y| !x.py_eq(y)))
}

/// Infer the contract of one parameter from the values it was observed with.
pub fn infer_value(values: &[&Value]) -> ValueContract {
    let mut c = ValueContract::default();
    if values.is_empty() {
        return c;
    }
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
    if strs.iter().filter(|s| s.contains(' ')).count() >= 2 {
        let toks: Vec<&str> = strs.iter().flat_map(|s| s.split_whitespace()).collect();
        let mut distinct: Vec<&str> = toks.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() >= 2 && distinct.len() <= 16 && toks.len() >= distinct.len() + 4 {
            c.vocab = Some(distinct.into_iter().map(str::to_string).collect());
        }
    }
    let lens: Vec<usize> = values.iter().filter_map(|v| len_of(v)).collect();
    if !lens.is_empty() && lens.len() == values.len() {
        let lo = *lens.iter().min().expect("non-empty");
        if lo >= 1 {
            c.min_len = Some(1);
        }
        let hi = *lens.iter().max().expect("non-empty");
        // Strings that were always one character (`ord(ch)`): a character parameter.
        if hi == 1 && lo == 1 && strs.len() == values.len() && strs.len() >= 2 {
            c.max_len = Some(1);
        }
        c.len_hint = Some(hi);
    }
    let seqs: Vec<&[Value]> = values.iter().filter_map(|v| seq(v)).collect();
    if !seqs.is_empty() {
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
        // Rows of a grid or a triangle: seen on at least two values with two rows or more,
        // one of them with rows longer than one (or a triangle of three rows).
        let grids: Vec<&&[Value]> = long
            .iter()
            .filter(|s| s.iter().all(|r| inner_list_len(r).is_some()))
            .copied()
            .collect();
        if lists && grids.len() >= 2 && grids.len() == long.len() {
            c.rows = [Rows::Triangle, Rows::Square, Rows::Rect]
                .into_iter()
                .find(|shape| {
                    grids.iter().all(|g| shape.holds(g))
                        && match shape {
                            Rows::Triangle => grids.iter().any(|g| g.len() >= 3),
                            // Squares of two sizes at least: one size is only a rectangle.
                            Rows::Square => grids.iter().any(|g| g.len() != grids[0].len()),
                            Rows::Rect => grids.iter().any(|g| inner_list_len(&g[0]) >= Some(2)),
                        }
                });
        }
        let elems: Vec<&Value> = seqs.iter().flat_map(|s| s.iter()).collect();
        if !elems.is_empty() {
            c.elem = Some(Box::new(infer_value(&elems)));
        }
        // Fixed-length tuples: per position.
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
            c.items = (0..n)
                .map(|i| infer_value(&tuples.iter().map(|t| &t[i]).collect::<Vec<_>>()))
                .collect();
        }
    }
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
    c
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

/// The contract file of a task under `dir`, if there is one.
pub fn file_for(dir: &Path, task_id: &str) -> PathBuf {
    dir.join(format!("{}.yaml", task_id.replace(['/', '\\', ':'], "_")))
}

pub fn load_file(path: &Path) -> Result<ContractFile, ContractError> {
    let text = std::fs::read_to_string(path).map_err(|e| ContractError::File {
        path: path.into(),
        message: e.to_string(),
    })?;
    serde_saphyr::from_str(&text).map_err(|e| ContractError::File {
        path: path.into(),
        message: e.to_string(),
    })
}

fn overlay(base: &mut ValueContract, over: &ValueContract) {
    macro_rules! take {
        ($($f:ident),*) => { $( if over.$f.is_some() { base.$f = over.$f.clone(); } )* };
    }
    take!(min, max, min_len, max_len, charset, vocab, elem, key, value, rows);
    if over.charset.is_some() {
        base.class = Some("contract file".into());
    }
    base.sorted |= over.sorted;
    base.unique |= over.unique;
    base.balanced |= over.balanced;
    base.even_len |= over.even_len;
    if !over.items.is_empty() {
        base.items = over.items.clone();
    }
}

impl Contract {
    /// Apply a contract file on top of this (inferred) contract.
    pub fn merge_file(&mut self, f: &ContractFile) -> Result<(), String> {
        for name in f.params.keys() {
            if !self.params.iter().any(|(n, _)| n == name) {
                return Err(format!("unknown parameter {name:?}"));
            }
        }
        if f.replace {
            for (_, c) in self.params.iter_mut() {
                let hints = (c.scale, c.len_hint);
                *c = ValueContract {
                    scale: hints.0,
                    len_hint: hints.1,
                    ..Default::default()
                };
            }
            self.same_len.clear();
            self.len_rel.clear();
            self.indices.clear();
            self.substring.clear();
            // The file is the whole contract: no docstring reading either.
            self.stated.clear();
            self.origin = ContractOrigin::File;
        } else {
            self.origin = ContractOrigin::InferredAndFile;
        }
        for (name, c) in self.params.iter_mut() {
            if let Some(o) = f.params.get(name) {
                overlay(c, o);
            }
        }
        self.require.extend(f.require.iter().cloned());
        Ok(())
    }

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

    pub fn repair(&self, v: &mut Value) {
        match v {
            Value::Int(i) => {
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
            Value::Float(f) => {
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
            Value::Str(s) => {
                if let Some(vocab) = self.vocab.as_ref().filter(|v| !v.is_empty()) {
                    let words: Vec<String> = s
                        .split_whitespace()
                        .map(|w| {
                            if vocab.iter().any(|x| x == w) {
                                w.to_string()
                            } else {
                                vocab[w.bytes().map(usize::from).sum::<usize>() % vocab.len()]
                                    .clone()
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
            Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs) => {
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
            Value::Dict(kv) => {
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
            _ => {}
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn l(xs: &[i64]) -> Value {
        Value::List(xs.iter().map(|&x| Value::int(x)).collect())
    }

    #[test]
    fn infers_ranges_sortedness_and_classes() {
        let calls = vec![
            vec![l(&[1, 2, 5]), Value::str("(())")],
            vec![l(&[0, 3, 9, 12]), Value::str("()")],
            vec![l(&[2, 4, 4, 8]), Value::str("((")],
        ];
        let c = infer(&["xs".into(), "s".into()], &calls);
        let xs = &c.params[0].1;
        assert!(xs.sorted);
        assert!(!xs.unique, "a duplicate 4 was observed");
        assert_eq!(xs.min_len, Some(1));
        assert_eq!(xs.elem.as_ref().unwrap().min, Some(0.0));
        assert_eq!(c.params[1].1.charset.as_deref(), Some("()"));
        assert!(c
            .violation(&[l(&[3, 2, 1]), Value::str("()")])
            .unwrap()
            .contains("sorted"));
        assert!(c
            .violation(&[l(&[1, 2, 3]), Value::str("(a)")])
            .unwrap()
            .contains("character"));
        assert!(c
            .violation(&[l(&[-1, 2, 3]), Value::str("()")])
            .unwrap()
            .contains("min"));
        assert!(c
            .violation(&[l(&[1, 2, 3]), Value::str("")])
            .unwrap()
            .contains("min_len"));
        assert_eq!(c.violation(&[l(&[1]), Value::str(")")]), None);
        let mut bad = vec![l(&[5, -2, 1]), Value::str("x(")];
        c.repair(&mut bad);
        assert_eq!(c.violation(&bad), None, "{bad:?}");
    }

    #[test]
    fn infers_word_vocabularies() {
        let calls: Vec<Vec<Value>> = ["o o| .|", "o o o", ".| .| o|", ""]
            .iter()
            .map(|s| vec![Value::str(s)])
            .collect();
        let c = infer(&["music".into()], &calls);
        assert_eq!(
            c.params[0].1.vocab.as_deref(),
            Some(&[".|".to_string(), "o".into(), "o|".into()][..])
        );
        assert!(c
            .violation(&[Value::str("o x")])
            .unwrap()
            .contains("vocabulary"));
        let mut bad = vec![Value::str("o| zz  .|")];
        c.repair(&mut bad);
        assert_eq!(c.violation(&bad), None, "{bad:?}");
    }

    #[test]
    fn infers_equal_lengths_and_merges_files() {
        let calls = vec![
            vec![l(&[1, 2]), l(&[3, 4])],
            vec![l(&[1, 2, 3]), l(&[3, 4, 5])],
        ];
        let mut c = infer(&["a".into(), "b".into()], &calls);
        assert_eq!(c.same_len, vec![(0, 1)]);
        let mut args = vec![l(&[1, 2, 3]), l(&[1])];
        c.repair(&mut args);
        assert_eq!(c.violation(&args), None);
        let f: ContractFile =
            serde_saphyr::from_str("params:\n  a: {max_len: 2}\nrequire: ['sum(a) > 0']\n")
                .unwrap();
        c.merge_file(&f).unwrap();
        assert_eq!(c.origin, ContractOrigin::InferredAndFile);
        assert!(c
            .violation(&[l(&[1, 2, 3]), l(&[1, 2, 3])])
            .unwrap()
            .contains("max_len"));
        assert_eq!(c.require, vec!["sum(a) > 0".to_string()]);
        let bad: ContractFile = serde_saphyr::from_str("params:\n  zz: {min: 1}\n").unwrap();
        assert!(c.merge_file(&bad).is_err());
    }

    #[test]
    fn infers_grid_and_triangle_rows_and_repairs_them() {
        let rows = |rs: &[&[i64]]| Value::List(rs.iter().map(|r| l(r)).collect());
        let grids = [
            rows(&[&[1, 2, 3], &[4, 5, 6]]),
            rows(&[&[1, 2], &[3, 4], &[5, 6]]),
        ];
        let c = infer_value(&grids.iter().collect::<Vec<_>>());
        assert_eq!(c.rows, Some(Rows::Rect));
        let tris = [rows(&[&[2], &[9, 3], &[1, 6, 7]]), rows(&[&[1], &[2, 3]])];
        let t = infer_value(&tris.iter().collect::<Vec<_>>());
        assert_eq!(t.rows, Some(Rows::Triangle));
        assert!(describe(&t, &Type::Any).contains("rows form a triangle"));
        // Ragged rows are neither.
        let squares = [
            rows(&[&[1, 2], &[3, 4]]),
            rows(&[&[9, 8, 7], &[6, 5, 4], &[3, 2, 1]]),
        ];
        let sq = infer_value(&squares.iter().collect::<Vec<_>>());
        assert_eq!(sq.rows, Some(Rows::Square));
        let mut m = rows(&[&[1, 2, 3], &[4, 5, 6]]);
        sq.repair(&mut m);
        assert_eq!(m, rows(&[&[1, 2], &[4, 5]]));
        let ragged = [rows(&[&[1, 2], &[3]]), rows(&[&[1], &[2, 3, 4]])];
        assert_eq!(infer_value(&ragged.iter().collect::<Vec<_>>()).rows, None);
        // Squares of one size are only rectangles; rows that are tuples keep their arity by
        // type and get no shape (MBPP/611: three 3-tuples are not a square matrix).
        let threes = [
            rows(&[&[1, 2, 3], &[4, 5, 6], &[7, 8, 9]]),
            rows(&[&[3, 2, 1], &[6, 5, 4], &[9, 8, 7]]),
        ];
        assert_eq!(
            infer_value(&threes.iter().collect::<Vec<_>>()).rows,
            Some(Rows::Rect)
        );
        let tuple = |t: [i64; 3]| Value::Tuple(t.map(Value::int).to_vec());
        let triples = Value::List(vec![tuple([1, 2, 3]), tuple([4, 5, 6]), tuple([7, 8, 9])]);
        let mut other = triples.clone();
        if let Value::List(ts) = &mut other {
            ts.pop();
        }
        assert_eq!(infer_value(&[&triples, &other]).rows, None);
        // Repairs: rows cut, or extended by elements of the grid they lack (else by cycling
        // their own); rows kept sorted are sorted again.
        let mut g = rows(&[&[1, 2, 3], &[4], &[], &[5, 6, 7, 8]]);
        assert!(c.violation(&g).is_some());
        c.repair(&mut g);
        assert_eq!(g, rows(&[&[1, 2, 3], &[1, 2, 4], &[3, 4, 5], &[5, 6, 7]]));
        assert_eq!(c.violation(&g), None);
        let mut tri = rows(&[&[5, 1], &[2], &[7, 8, 9, 10]]);
        t.repair(&mut tri);
        assert_eq!(tri, rows(&[&[5], &[2, 5], &[7, 8, 9]]));
        assert_eq!(t.violation(&tri), None);
        let mut same = rows(&[&[3, 3], &[3]]);
        t.repair(&mut same);
        assert_eq!(same, rows(&[&[3], &[3, 3]]));
    }

    #[test]
    fn infers_length_relations_and_repairs_them() {
        let i = Value::int;
        // kth_element(arr, n, k): n == len(arr), k < len(arr).
        let calls = vec![
            vec![l(&[12, 3, 5, 7, 19]), i(5), i(2)],
            vec![l(&[17, 24, 8, 23]), i(4), i(3)],
            vec![l(&[16, 21, 25, 36, 4]), i(5), i(4)],
        ];
        let names: Vec<String> = ["arr", "n", "k"].iter().map(|s| s.to_string()).collect();
        let c = infer(&names, &calls);
        let rel = |int, rel| LenRelation {
            int,
            container: 0,
            rel,
        };
        assert_eq!(c.len_rel, vec![rel(1, LenRel::Eq), rel(2, LenRel::Below)]);
        assert_eq!(
            c.describe_param(1, &Type::Int),
            format!("{}, n == len(arr)", describe(&c.params[1].1, &Type::Int))
        );
        assert!(c.describe_param(2, &Type::Int).ends_with("k < len(arr)"));
        let mut args = vec![l(&[1, 2, 3, 4, 5, 6, 7]), i(2), i(9)];
        assert_eq!(c.violation(&args).unwrap(), "not n == len(arr)");
        c.repair(&mut args);
        assert_eq!(args[1], i(7));
        assert_eq!(args[2], i(2), "9 mod 7");
        // A last index, and no relation where one call breaks it.
        let calls = vec![vec![l(&[1, 2, 3]), i(2)], vec![l(&[1, 2]), i(1)]];
        let c = infer(&["a".into(), "hi".into()], &calls);
        assert_eq!(
            c.len_rel,
            vec![LenRelation {
                int: 1,
                container: 0,
                rel: LenRel::LastIndex
            }]
        );
        assert_eq!(c.describe_len_rel(&c.len_rel[0]), "hi == len(a) - 1");
        let calls = vec![vec![l(&[1, 2, 3]), i(2)], vec![l(&[1, 2]), i(7)]];
        assert!(infer(&["a".into(), "x".into()], &calls).len_rel.is_empty());
        // A single call is no evidence.
        assert!(infer(&["a".into(), "x".into()], &calls[..1])
            .len_rel
            .is_empty());
    }

    #[test]
    fn infers_lists_of_indices_and_repairs_them() {
        // access_elements(nums, list_index): every index < len(nums).
        let calls = vec![
            vec![l(&[2, 3, 8, 4, 7, 9]), l(&[0, 3, 5])],
            vec![l(&[1, 2, 3, 4, 5]), l(&[1, 2])],
        ];
        let names: Vec<String> = ["nums".into(), "list_index".into()].to_vec();
        let c = infer(&names, &calls);
        assert_eq!(c.indices, vec![(1, 0)]);
        assert!(c
            .describe_param(1, &Type::Any)
            .ends_with("elements index nums"));
        let mut args = vec![l(&[5, 6]), l(&[0, 3, 7])];
        assert!(c.violation(&args).unwrap().contains("not an index"));
        c.repair(&mut args);
        assert_eq!(args[1], l(&[0, 1, 1]), "wrapped and sorted again");
        assert_eq!(c.violation(&args), None);
        let mut empty = vec![l(&[]), l(&[4])];
        c.repair(&mut empty);
        assert_eq!(empty[1], l(&[]));
        // Small numbers beside a long list are no evidence.
        let small = vec![
            vec![l(&[9, 9, 9, 9, 9, 9, 9, 9]), l(&[1, 2])],
            vec![l(&[9, 9, 9, 9, 9, 9, 9, 9]), l(&[0, 1, 2])],
        ];
        assert!(infer(&names, &small).indices.is_empty());
    }

    #[test]
    fn infers_patterns_that_occur_in_texts_and_single_characters() {
        let st = Value::str;
        let calls = vec![
            vec![st("python"), st("python programming language")],
            vec![st("language"), st("python programming language")],
        ];
        let c = infer(&["pattern".into(), "text".into()], &calls);
        assert_eq!(c.substring, vec![(0, 1)]);
        assert!(c.describe_param(0, &Type::Str).ends_with("occurs in text"));
        let mut args = vec![st("zzz"), st("abcdef")];
        assert!(c.violation(&args).unwrap().contains("does not occur"));
        c.repair(&mut args);
        assert_eq!(c.violation(&args), None, "{args:?}");
        assert!(matches!(&args[0], Value::Str(p) if p.len() == 3 && "abcdef".contains(p.as_str())));
        let calls = vec![vec![st("A")], vec![st("R")], vec![st("S")]];
        let c = infer(&["k".into()], &calls);
        assert_eq!(c.params[0].1.max_len, Some(1));
        assert!(c.violation(&[st("AB")]).is_some());
    }
}
