//! End-to-end: `benchsmith fuzz` on real HumanEval / MBPP problems (../shared/datasets).

use std::path::{Path, PathBuf};
use std::process::Command;

fn dataset(rel: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets")
        .join(rel);
    assert!(
        p.exists(),
        "missing dataset {} (integration tests need ../shared/datasets)",
        p.display()
    );
    p
}

fn fuzz(data: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    let o = Command::new(env!("CARGO_BIN_EXE_benchsmith"))
        .args(["--format", "json", "fuzz"])
        .arg(data)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run benchsmith");
    assert!(
        o.status.success(),
        "fuzz failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("summary json")
}

#[test]
fn humaneval_fuzz_is_valid_deterministic_and_evalplus_shaped() {
    let data = dataset("humaneval/HumanEval.jsonl.gz");
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
    let s = fuzz(
        &data,
        &a,
        &["--limit", "4", "--budget", "40", "--seed", "3"],
    );
    assert_eq!(s["problems"], 4);
    assert!(s["inputs"].as_u64().unwrap() >= 4 * 40, "{s}");
    assert!(s["valid_rate"].as_f64().unwrap() >= 0.9, "{s}");
    fuzz(
        &data,
        &b,
        &["--limit", "4", "--budget", "40", "--seed", "3"],
    );
    let (ta, tb) = (
        std::fs::read_to_string(&a).unwrap(),
        std::fs::read_to_string(&b).unwrap(),
    );
    assert_eq!(ta, tb, "same seed, same output");
    // EvalPlus shape, and benchsmith's own EvalPlus loader reads it back.
    for line in ta.lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        for k in [
            "task_id",
            "prompt",
            "entry_point",
            "canonical_solution",
            "base_input",
            "plus_input",
            "atol",
            "contract",
        ] {
            assert!(r.get(k).is_some(), "missing {k}");
        }
        assert!(r["plus_input"].as_array().unwrap().len() >= 40);
    }
    let ds = benchsmith::ingest::load_path(&a, None).expect("EvalPlus file loads");
    assert_eq!(ds.problems.len(), 4);
    assert!(ds.problems.iter().all(|p| p.tests.cases.len() >= 40));
    // Another seed gives other inputs.
    let c = dir.path().join("c.jsonl");
    fuzz(
        &data,
        &c,
        &["--limit", "4", "--budget", "40", "--seed", "4"],
    );
    assert_ne!(ta, std::fs::read_to_string(&c).unwrap());
}

#[test]
fn mbpp_fuzz_with_reduction_keeps_the_score() {
    let data = dataset("mbpp/mbpp.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.jsonl");
    let s = fuzz(
        &data,
        &out,
        &[
            "--limit",
            "5",
            "--budget",
            "60",
            "--reduce",
            "--mutants",
            "15",
            "--emit",
            "native",
        ],
    );
    let ms = &s["mutation_score"];
    let (orig, fuzzed, reduced) = (
        ms["original"].as_f64().unwrap(),
        ms["fuzzed"].as_f64().unwrap(),
        ms["reduced"].as_f64().unwrap(),
    );
    assert!(fuzzed >= orig, "{s}");
    assert!(
        (fuzzed - reduced).abs() < 1e-9,
        "reduction keeps the score: {s}"
    );
    assert!(
        s["reduced_tests_per_problem"].as_f64().unwrap() <= 16.0,
        "{s}"
    );
    let ds = benchsmith::ingest::load_path(&out, None).expect("native records load");
    assert_eq!(ds.problems.len(), 5);
    assert!(ds
        .problems
        .iter()
        .all(|p| !p.tests.cases.is_empty() && p.tests.cases.iter().all(|c| c.expected.is_some())));
}
