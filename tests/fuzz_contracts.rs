//! Fuzzed inputs stay inside the documented domain: HumanEval/1 takes balanced groups of
//! parentheses, HumanEval/32 an even number of coefficients with a non-zero leading one. With
//! `--contracts-from`, HumanEval+'s published contracts say so; without, benchsmith reads it
//! from the docstrings ("Separate groups are balanced", "xs having even number of
//! coefficients").

mod common;
use common::*;

fn fuzzed_inputs(task: &str, with_contracts: bool) -> Vec<serde_json::Value> {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("f.jsonl");
    let he = dataset("humaneval/HumanEval.jsonl.gz");
    let hep = dataset("humanevalplus/HumanEvalPlus.jsonl.gz");
    let mut args = vec![
        "fuzz",
        he.to_str().unwrap(),
        "--task",
        task,
        "--budget",
        "80",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ];
    if with_contracts {
        args.extend(["--contracts-from", hep.to_str().unwrap()]);
    }
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rec: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&out)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    rec["plus_input"].as_array().unwrap().clone()
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i64;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ' ' => {}
            _ => return false,
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// HumanEval/1's fuzzed inputs, all balanced (`with_contracts`: HumanEval+'s published one).
fn assert_balanced_inputs(with_contracts: bool) {
    let inputs = fuzzed_inputs("HumanEval/1", with_contracts);
    assert!(inputs.len() >= 20, "{}", inputs.len());
    let bad: Vec<_> = inputs
        .iter()
        .filter(|a| !balanced(a[0].as_str().unwrap()))
        .collect();
    assert!(
        bad.is_empty(),
        "unbalanced inputs ({with_contracts}): {bad:?}"
    );
}

#[test]
fn published_contracts_keep_inputs_in_the_documented_domain() {
    // The check itself can fail.
    assert!(!balanced("(()") && !balanced(")(") && balanced("(()) ()"));
    assert_balanced_inputs(true);
    // Without the published contract, the docstring's statement keeps them balanced too.
    assert_balanced_inputs(false);
    for a in fuzzed_inputs("HumanEval/32", false) {
        assert!(
            a[0].as_array().unwrap().len() % 2 == 0,
            "odd number of coefficients: {a}"
        );
    }

    let coefficients = fuzzed_inputs("HumanEval/32", true);
    assert!(!coefficients.is_empty());
    for a in &coefficients {
        let xs = a[0].as_array().unwrap();
        assert!(xs.len() % 2 == 0, "odd number of coefficients: {a}");
        assert!(xs.last().unwrap().as_f64().unwrap() != 0.0, "{a}");
    }
}
