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
//!
//! The types live here. Submodules: `infer` (contracts from the observed calls), `check`
//! (violations), `repair` (local fixes of generated arguments), `describe` (contracts in
//! words), `file` (contract files), `relations` (row shapes, length relations) and `values`
//! (how contracts read values).

mod check;
mod describe;
mod file;
mod infer;
mod relations;
mod repair;
mod values;

pub use describe::describe;
pub use file::{file_for, load_file, ContractError, ContractFile, MergeError};
pub use infer::{infer, infer_value};
pub use relations::{LenRel, LenRelation, Rows};
pub use values::{balance, natural_cmp};

use serde::{Deserialize, Serialize};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Type, Value};

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
