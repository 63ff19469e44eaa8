//! The edit engine: byte-range replacements against the original source, applied in one pass.

use super::parse;

/// Replace `src[start..end]` with `text`. Ranges always refer to the ORIGINAL source.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Edit {
    /// A replacement of `start..end`.
    pub fn replace(start: usize, end: usize, text: impl Into<String>) -> Edit {
        Edit {
            start,
            end,
            text: text.into(),
        }
    }
    /// An insertion at `at`.
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit {
            start: at,
            end: at,
            text: text.into(),
        }
    }
    /// A deletion of `start..end`.
    pub fn delete(start: usize, end: usize) -> Edit {
        Edit {
            start,
            end,
            text: String::new(),
        }
    }
}

/// Why a set of edits could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error(
        "edit {start}..{end} is out of bounds (source has {len} bytes) or not on a char boundary"
    )]
    OutOfBounds {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("edit {start}..{end} has start after end")]
    Inverted { start: usize, end: usize },
    #[error("edits {first:?} and {second:?} overlap")]
    Overlap {
        first: (usize, usize),
        second: (usize, usize),
    },
    #[error("the edited source has a syntax error at line {line}, column {column}: {snippet}")]
    Syntax {
        line: usize,
        column: usize,
        snippet: String,
    },
}

/// Apply edits in one pass. Edits are sorted by position (stable: insertions at the same
/// point keep their given order); overlapping edits are an error, not skipped. Two edits
/// touching at a boundary (`a..b` and `b..c`, or an insertion at `b`) do not overlap.
pub fn apply(src: &str, edits: &[Edit]) -> Result<String, EditError> {
    let len = src.len();
    for e in edits {
        if e.start > e.end {
            return Err(EditError::Inverted {
                start: e.start,
                end: e.end,
            });
        }
        if e.end > len || !src.is_char_boundary(e.start) || !src.is_char_boundary(e.end) {
            return Err(EditError::OutOfBounds {
                start: e.start,
                end: e.end,
                len,
            });
        }
    }
    let mut order: Vec<&Edit> = edits.iter().collect();
    // Sort by start, then zero-width insertions before replacements starting at the same point.
    order.sort_by_key(|e| (e.start, e.end > e.start));
    for pair in order.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let overlap = b.start < a.end || (a.start == b.start && a.end > a.start && b.end > b.start);
        if overlap {
            return Err(EditError::Overlap {
                first: (a.start, a.end),
                second: (b.start, b.end),
            });
        }
    }
    let extra: usize = order.iter().map(|e| e.text.len()).sum();
    let mut out = String::with_capacity(len + extra);
    let mut pos = 0;
    for e in order {
        out.push_str(&src[pos..e.start]);
        out.push_str(&e.text);
        pos = e.end;
    }
    out.push_str(&src[pos..]);
    Ok(out)
}

/// [`apply`], then re-parse: a result with an `ERROR`/`MISSING` node is rejected when the
/// original source parsed cleanly.
pub fn apply_checked(src: &str, edits: &[Edit]) -> Result<String, EditError> {
    let out = apply(src, edits)?;
    let tree = parse::parse(&out);
    if parse::has_error(&tree) && !parse::has_error(&parse::parse(src)) {
        let (line, column, snippet) =
            parse::first_error(&tree, &out).unwrap_or((0, 0, String::new()));
        return Err(EditError::Syntax {
            line,
            column,
            snippet,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn applies_in_order() {
        let src = "def f(numbers):\n    return numbers\n";
        let edits = vec![Edit::replace(27, 34, "xs"), Edit::replace(6, 13, "xs")];
        assert_eq!(apply(src, &edits).unwrap(), "def f(xs):\n    return xs\n");
    }

    #[test]
    fn rejects_overlap_and_bounds() {
        let src = "abcdef";
        assert!(matches!(
            apply(src, &[Edit::replace(0, 3, "x"), Edit::replace(2, 4, "y")]),
            Err(EditError::Overlap { .. })
        ));
        assert!(matches!(
            apply(src, &[Edit::replace(3, 9, "")]),
            Err(EditError::OutOfBounds { .. })
        ));
        assert!(matches!(
            apply(src, &[Edit::replace(3, 2, "")]),
            Err(EditError::Inverted { .. })
        ));
        assert!(matches!(
            apply("é", &[Edit::insert(1, "x")]),
            Err(EditError::OutOfBounds { .. })
        ));
        // Adjacent edits and insertions at a boundary are fine.
        let out = apply(
            src,
            &[
                Edit::replace(0, 2, "X"),
                Edit::replace(2, 4, "Y"),
                Edit::insert(2, "-"),
            ],
        );
        assert_eq!(out.unwrap(), "X-Yef");
    }

    #[test]
    fn checked_rejects_new_syntax_errors() {
        let src = "x = (1, 2)\n";
        assert!(matches!(
            apply_checked(src, &[Edit::delete(9, 10)]),
            Err(EditError::Syntax { line: 1, .. })
        ));
        assert_eq!(
            apply_checked(src, &[Edit::replace(4, 10, "[3]")]).unwrap(),
            "x = [3]\n"
        );
        // A source that was already broken is not blamed on the edit.
        assert!(apply_checked("x = (\n", &[Edit::insert(0, "# c\n")]).is_ok());
    }

    fn naive(src: &str, edits: &[Edit]) -> String {
        let mut sorted = edits.to_vec();
        sorted.sort_by_key(|e| (e.start, e.end > e.start));
        let mut s = src.to_string();
        for e in sorted.iter().rev() {
            s.replace_range(e.start..e.end, &e.text);
        }
        s
    }

    proptest! {
        #[test]
        fn one_pass_equals_sequential(
            src in "[a-z \n]{0,40}",
            cuts in proptest::collection::vec((0usize..41, 0usize..4, "[A-Z]{0,3}"), 0..6),
        ) {
            // Build non-overlapping edits from sorted cut points.
            let mut points: Vec<(usize, usize, String)> = cuts
                .into_iter()
                .map(|(s, l, t)| (s.min(src.len()), l, t))
                .collect();
            points.sort();
            let mut edits = vec![];
            let mut last_end = 0;
            for (s, l, t) in points {
                if s < last_end || (s == last_end && l == 0 && edits.iter().any(|e: &Edit| e.start == s && e.end == s)) {
                    continue;
                }
                let e = (s + l).min(src.len());
                edits.push(Edit::replace(s, e, t));
                last_end = e;
            }
            let got = apply(&src, &edits).unwrap();
            prop_assert_eq!(got, naive(&src, &edits));
        }
    }
}
