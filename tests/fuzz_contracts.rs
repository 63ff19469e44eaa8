//! `fuzz --contracts-from` keeps fuzzed inputs inside the domain HumanEval+'s authors state:
//! HumanEval/1 takes balanced groups of parentheses (its contract), HumanEval/32 an even number
//! of coefficients with a non-zero leading one.

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

#[test]
fn published_contracts_keep_inputs_in_the_documented_domain() {
    let with = fuzzed_inputs("HumanEval/1", true);
    assert!(with.len() >= 20, "{}", with.len());
    let bad: Vec<_> = with
        .iter()
        .filter(|a| !balanced(a[0].as_str().unwrap()))
        .collect();
    assert!(
        bad.is_empty(),
        "unbalanced inputs with the contract: {bad:?}"
    );
    // Without it, the fuzzer does produce inputs outside the domain: the check can fail.
    let without = fuzzed_inputs("HumanEval/1", false);
    assert!(without.iter().any(|a| !balanced(a[0].as_str().unwrap())));

    let coefficients = fuzzed_inputs("HumanEval/32", true);
    assert!(!coefficients.is_empty());
    for a in &coefficients {
        let xs = a[0].as_array().unwrap();
        assert!(xs.len() % 2 == 0, "odd number of coefficients: {a}");
        assert!(xs.last().unwrap().as_f64().unwrap() != 0.0, "{a}");
    }
}
