//! Relations a contract keeps beyond the bounds of single values: the row shapes of lists of
//! lists and the length relations between integer and container parameters, with when they
//! hold and how a value is brought back to them.

use super::values::{inner_list_len, len_of, natural_cmp, small_int};
use crate::model::Value;
use serde::{Deserialize, Serialize};

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
    pub(super) fn name(self) -> &'static str {
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

    pub(super) fn holds(self, rows: &[Value]) -> bool {
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
    pub(super) fn repair(self, rows: &mut [Value], sorted_rows: bool) {
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
    pub(super) fn operands(&self, args: &[Value]) -> Option<(i64, i64)> {
        let n = small_int(args.get(self.int)?)?;
        let len = len_of(args.get(self.container)?)?;
        Some((n, len as i64))
    }
}

impl LenRel {
    pub(super) fn holds(self, n: i64, len: i64) -> bool {
        match self {
            LenRel::Eq => n == len,
            LenRel::LastIndex => n == len - 1,
            LenRel::Below => n < len,
            LenRel::AtMost => n <= len,
        }
    }

    /// The closest value to `n` that holds (`None` when none does: `n < 0` for an empty
    /// container).
    pub(super) fn fix(self, n: i64, len: i64) -> Option<i64> {
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

    pub(super) fn describe(self) -> &'static str {
        match self {
            LenRel::Eq | LenRel::LastIndex => "==",
            LenRel::Below => "<",
            LenRel::AtMost => "<=",
        }
    }
}
