//! Resuming never mixes runs: a results file records the dataset, the samples and the verdict
//! options it belongs to.

mod common;
use common::*;
use std::path::Path;

/// HumanEval's first `n` problems; `break_first` makes problem 0's tests fail every solution.
fn dataset_file(dir: &Path, name: &str, n: usize, break_first: bool) -> String {
    let mut lines = vec![];
    for (i, mut r) in records("humaneval/HumanEval.jsonl.gz")
        .into_iter()
        .take(n)
        .enumerate()
    {
        if break_first && i == 0 {
            r["test"] = "def check(candidate):\n    assert False\n".into();
        }
        lines.push(r.to_string());
    }
    let p = dir.join(name);
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p.to_str().unwrap().to_string()
}

fn samples_file(dir: &Path, n: usize) -> String {
    let lines: Vec<String> = records("humaneval/HumanEval.jsonl.gz")
        .into_iter()
        .take(n)
        .map(|r| {
            serde_json::json!({"task_id": r["task_id"], "completion": r["canonical_solution"]})
                .to_string()
        })
        .collect();
    let p = dir.join("samples.jsonl");
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p.to_str().unwrap().to_string()
}

fn passed(out: &Out) -> (u64, u64) {
    let v = json(out);
    (
        v["passed"].as_u64().unwrap(),
        v["resumed"].as_u64().unwrap(),
    )
}

#[test]
fn two_datasets_with_one_samples_file_give_two_correct_results() {
    let d = tempfile::tempdir().unwrap();
    let nominal = dataset_file(d.path(), "nominal.jsonl", 4, false);
    let variant = dataset_file(d.path(), "variant.jsonl", 4, true);
    let samples = samples_file(d.path(), 4);
    let eval = |ds: &str| {
        run(&[
            "evaluate",
            ds,
            "--samples",
            &samples,
            "--k",
            "1",
            "--format",
            "json",
        ])
    };
    assert_eq!(passed(&eval(&nominal)), (4, 0));
    // The variant is judged afresh, not resumed from the nominal run's default results file.
    let v = eval(&variant);
    assert_eq!(v.code, 1, "{}", v.stderr);
    assert_eq!(passed(&v), (3, 0));
    // Each run resumes its own results.
    assert_eq!(passed(&eval(&nominal)), (4, 4));
    assert_eq!(passed(&eval(&variant)), (3, 4));
}

#[test]
fn an_explicit_results_file_of_another_run_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let nominal = dataset_file(d.path(), "nominal.jsonl", 3, false);
    let variant = dataset_file(d.path(), "variant.jsonl", 3, true);
    let samples = samples_file(d.path(), 3);
    let results = d.path().join("r.jsonl");
    let results = results.to_str().unwrap();
    let eval = |ds: &str, extra: &[&str]| {
        let mut args = vec!["evaluate", ds, "--samples", &samples, "--results", results];
        args.extend_from_slice(extra);
        run(&args)
    };
    let out = eval(&nominal, &["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = eval(&variant, &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("another run") && out.stderr.contains("dataset"),
        "{}",
        out.stderr
    );
    // Other limits are another run too.
    let out = eval(&nominal, &["--timeout", "7"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("verdict options"), "{}", out.stderr);
    // A results file without a header (copied from another tool) is refused as well.
    std::fs::write(
        results,
        "{\"task_id\": \"HumanEval/0\", \"sample_index\": 0, \"passed\": true, \"status\": \"passed\"}\n",
    )
    .unwrap();
    assert_eq!(eval(&variant, &[]).code, 2);
    let out = eval(&variant, &["--fresh", "--format", "json"]);
    assert_eq!(passed(&out), (2, 0));
}
