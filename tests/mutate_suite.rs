//! `mutate --suite` scores a given suite (HumanEval+'s inputs) on the same mutants as the
//! original tests; scores are shares of all mutants (survivors are not assumed equivalent).

mod common;
use common::*;

fn score(suite: &str) -> serde_json::Value {
    let d = tempfile::tempdir().unwrap();
    let out = run(&[
        "mutate",
        dataset("humaneval/HumanEval.jsonl.gz").to_str().unwrap(),
        "--suite",
        dataset(suite).to_str().unwrap(),
        "--limit",
        "12",
        "--max",
        "15",
        "--out",
        d.path().join("m.jsonl").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    json(&out)
}

#[test]
fn given_suites_are_scored_on_the_same_mutants() {
    let full = score("humanevalplus/HumanEvalPlus.jsonl.gz");
    let mini = score("humanevalplus/HumanEvalPlus-Mini.jsonl.gz");
    assert_eq!(full["mutants"], mini["mutants"], "the same mutants");
    let ms = |v: &serde_json::Value, k: &str| v["mutation_score"][k].as_f64().unwrap();
    assert_eq!(ms(&full, "original"), ms(&mini, "original"));
    assert!(full["mutation_score"]["equivalence"]
        .as_str()
        .unwrap()
        .starts_with("unknown"));
    // A superset of inputs kills at least as much; neither is 100% by construction.
    assert!(ms(&full, "fuzzed") >= ms(&mini, "fuzzed"), "{full} {mini}");
    let survived = full["survived"].as_u64().unwrap();
    let total = full["mutants"].as_u64().unwrap();
    let killed_share = ms(&full, "fuzzed").max(ms(&full, "original"));
    assert!(killed_share <= 1.0 - survived as f64 / total as f64 + 1e-9);
}
