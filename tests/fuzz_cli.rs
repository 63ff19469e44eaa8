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

fn benchsmith(args: &[&str]) -> (i32, serde_json::Value) {
    let o = Command::new(env!("CARGO_BIN_EXE_benchsmith"))
        .args(args)
        .output()
        .expect("run benchsmith");
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}): {}",
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (o.status.code().unwrap_or(-1), v)
}

/// `benchsmith --format json fuzz DATA --out OUT EXTRA...`, which must succeed.
fn fuzz(data: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    let (data, out) = (data.to_string_lossy(), out.to_string_lossy());
    let mut args = vec!["--format", "json", "fuzz", &data, "--out", &out];
    args.extend_from_slice(extra);
    let (code, v) = benchsmith(&args);
    assert_eq!(code, 0, "fuzz failed: {v}");
    v
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
    let s2 = fuzz(
        &data,
        &b,
        &["--limit", "4", "--budget", "40", "--seed", "3"],
    );
    let (ta, tb) = (
        std::fs::read_to_string(&a).unwrap(),
        std::fs::read_to_string(&b).unwrap(),
    );
    // Same seed, same records, but for problems whose reference's time decided something.
    let speed: Vec<&serde_json::Value> = [&s, &s2]
        .iter()
        .flat_map(|s| s["speed_dependent"].as_array().expect("speed_dependent"))
        .collect();
    assert!(speed.len() <= 2, "{speed:?}");
    assert_eq!(ta.lines().count(), tb.lines().count());
    for (x, y) in ta.lines().zip(tb.lines()) {
        let r: serde_json::Value = serde_json::from_str(x).unwrap();
        if !speed.contains(&&r["task_id"]) {
            assert_eq!(x, y, "same seed, same output");
        }
    }
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

/// Planted bugs (mutants of the canonical solutions) as samples: `evaluate` on the fuzzed file
/// reports a shrunk counterexample for each failing one, and rerunning every counterexample in
/// the sandbox shows the sample really disagrees with the reference there.
#[test]
fn evaluate_reports_shrunk_counterexamples_that_really_fail() {
    use benchsmith::exec::{CaseInput, Job, Pool, SandboxConfig};
    use benchsmith::model::Compare;
    use benchsmith::model::{CaseOrigin, TestCase, Value};
    let data = dataset("humaneval/HumanEval.jsonl.gz");
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).to_string_lossy().to_string();
    let fuzzed = dir.path().join("f.jsonl");
    fuzz(&data, &fuzzed, &["--limit", "6", "--budget", "60"]);
    let (_, m) = benchsmith(&[
        "--format",
        "json",
        "mutate",
        data.to_str().unwrap(),
        "--out",
        &d("m.jsonl"),
        "--limit",
        "6",
        "--max",
        "5",
        "--budget",
        "20",
    ]);
    assert!(m["mutants"].as_u64().unwrap() >= 20, "{m}");
    let mut samples = String::new();
    for line in std::fs::read_to_string(d("m.jsonl")).unwrap().lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        samples.push_str(
            &serde_json::json!({"task_id": r["task_id"], "completion": r["solution"]}).to_string(),
        );
        samples.push('\n');
    }
    std::fs::write(d("s.jsonl"), samples).unwrap();
    let (code, ev) = benchsmith(&[
        "--format",
        "json",
        "evaluate",
        fuzzed.to_str().unwrap(),
        "--samples",
        &d("s.jsonl"),
        "--results",
        &d("r.jsonl"),
    ]);
    assert_eq!(code, 1, "some samples fail: {ev}");
    let failing = ev["samples"].as_u64().unwrap() - ev["passed"].as_u64().unwrap();
    let cx = ev["counterexamples"].as_array().unwrap();
    assert!(failing >= 10, "{ev}");
    // Every failing sample fails some fuzzed input (the fuzzed file holds the original tests'
    // inputs too), so each gets a counterexample.
    assert_eq!(cx.len() as u64, failing, "{ev}");
    assert!(
        cx.iter().any(|c| c["steps"].as_u64().unwrap() > 0),
        "something was shrunk: {ev}"
    );

    let ds = benchsmith::ingest::load_path(&fuzzed, None).unwrap();
    let completions: Vec<serde_json::Value> = std::fs::read_to_string(d("s.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut jobs = vec![];
    let mut cases = vec![];
    for c in cx {
        let task = c["task_id"].as_str().unwrap();
        let p = ds.problems.iter().find(|p| p.task_id == task).unwrap();
        assert!(c["size_after"].as_u64() <= c["size_before"].as_u64(), "{c}");
        assert!(
            c["counterexample"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{}(", p.entry_point)),
            "{c}"
        );
        let args: Vec<Value> = serde_json::from_value(c["args"].clone()).unwrap();
        // The sample index counts this task's samples in file order.
        let completion = completions
            .iter()
            .filter(|s| s["task_id"] == task)
            .nth(c["sample_index"].as_u64().unwrap() as usize)
            .unwrap()["completion"]
            .as_str()
            .unwrap();
        for program in [p.reference_program(), p.program_with(completion)] {
            let mut j = Job::new(program);
            j.entry = Some(p.entry_point.clone());
            j.cases = Some(vec![CaseInput {
                args: args.clone(),
                kwargs: vec![],
            }]);
            j.case_timeout = Some(1.0);
            jobs.push(j);
        }
        cases.push((c.clone(), p.tests.atol.unwrap_or(0.0)));
    }
    let pool = Pool::new(&SandboxConfig::default(), 2).unwrap();
    let rs = pool.run(&jobs, |_, _| {}).unwrap();
    for (k, (c, atol)) in cases.iter().enumerate() {
        let out = |r: &benchsmith::exec::JobResult| r.outputs.as_ref().unwrap()[0].clone();
        let (want, got) = (out(&rs[2 * k]), out(&rs[2 * k + 1]));
        assert_eq!(want.status.as_str(), "ok", "the reference is valid on {c}");
        let expected = want.value.unwrap();
        let case = TestCase {
            args: vec![],
            kwargs: vec![],
            compare: Compare::evalplus(&expected, *atol),
            expected: Some(expected),
            origin: CaseOrigin::Fuzz,
            line: None,
        };
        let accepted =
            got.status.as_str() == "ok" && got.value.as_ref().is_some_and(|v| case.accepts(v));
        assert!(!accepted, "the sample passes its counterexample {c}");
    }
}

/// A problem with nothing to write (the built-in sample's Sample/8 takes a `TreeNode`, of which
/// no value can be generated) makes `fuzz` exit 1 and is named in the summary; the others are
/// written.
#[test]
fn a_problem_that_cannot_be_fuzzed_is_a_failure() {
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("fuzz.jsonl");
    let o = out.to_string_lossy();
    let (code, v) = benchsmith(&[
        "--format", "json", "fuzz", "sample", "--out", &o, "--budget", "10",
    ]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["skipped"][0]["task_id"], "Sample/8", "{v}");
    let written = std::fs::read_to_string(&out).unwrap().lines().count();
    assert_eq!(written as u64, v["problems"].as_u64().unwrap() - 1);
}
