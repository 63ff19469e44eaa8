//! The CLI on the real datasets under ../shared/datasets.

mod common;
use common::*;

fn validate_all(rel: &str, expected: u64) {
    let path = dataset(rel);
    let out = run(&["validate", path.to_str().unwrap(), "--format", "json"]);
    let v = json(&out);
    let failed: Vec<_> = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] != "passed")
        .collect();
    assert_eq!(v["total"], expected, "{rel}");
    assert_eq!(v["passed"], expected, "{rel}: failures {failed:?}");
    assert_eq!(v["failed"], 0);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let t0 = &v["tasks"][0];
    for key in ["task_id", "status", "detail", "time"] {
        assert!(
            t0.get(key).is_some() || key == "detail",
            "task record lacks {key}: {t0}"
        );
    }
}

#[test]
fn validate_humaneval() {
    validate_all("humaneval/HumanEval.jsonl.gz", 164);
}

#[test]
fn validate_mbpp_original() {
    validate_all("mbpp/mbpp.jsonl", 974);
}

#[test]
fn validate_mbpp_sanitized() {
    validate_all("mbpp/sanitized-mbpp.json", 427);
}

#[test]
fn validate_humaneval_x_python() {
    validate_all("humaneval-x/python/humaneval_python.jsonl.gz", 164);
}

#[test]
fn humaneval_x_other_languages_load_and_are_skipped() {
    let path = dataset("humaneval-x/cpp/humaneval_cpp.jsonl.gz");
    let out = run(&[
        "inspect",
        path.to_str().unwrap(),
        "--no-probe",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(&["validate", path.to_str().unwrap(), "--format", "json"]);
    let v = json(&out);
    assert_eq!(v["skipped"], 164);
    assert_eq!(v["total"], 0);
}

fn inspect_types(rel: &str, n: usize) {
    let path = dataset(rel);
    let out = run(&["inspect", path.to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = jsonl(&out);
    assert_eq!(rows.len(), n);
    for r in &rows {
        let id = &r["task_id"];
        assert!(
            r["analysis_error"].is_null(),
            "{id}: {}",
            r["analysis_error"]
        );
        let params = r["params"].as_array().unwrap();
        for p in params {
            let ty = p["type"].as_str().unwrap();
            assert!(
                !ty.is_empty() && ty != "Any",
                "{id}: parameter {} has no type",
                p["name"]
            );
        }
        assert_ne!(r["returns"]["type"], "Any", "{id}: no return type");
        assert!(
            r["observed_calls"].as_u64().unwrap() >= 1,
            "{id}: no observed call"
        );
    }
}

#[test]
fn inspect_humaneval_types_and_calls() {
    inspect_types("humaneval/HumanEval.jsonl.gz", 164);
}

#[test]
fn inspect_mbpp_types_and_calls() {
    inspect_types("mbpp/mbpp.jsonl", 974);
}

#[test]
fn probe_records_calls_of_randomised_tests() {
    // HumanEval/32's check draws 100 random polynomials: the probe sees every call.
    let path = dataset("humaneval/HumanEval.jsonl.gz");
    let out = run(&[
        "inspect",
        path.to_str().unwrap(),
        "--task",
        "HumanEval/32",
        "--format",
        "json",
    ]);
    let v = json(&out);
    assert_eq!(v[0]["observed_calls"], 100);
    assert_eq!(v[0]["params"][0]["type"], "list[int]");
    assert_eq!(v[0]["returns"]["type"], "float");
}

#[test]
fn evaluate_canonical_solutions_gives_pass_at_1_of_one() {
    let dir = tempfile::tempdir().unwrap();
    let samples = dir.path().join("samples.jsonl");
    let mut text = String::new();
    for r in records("humaneval/HumanEval.jsonl.gz") {
        let line =
            serde_json::json!({"task_id": r["task_id"], "completion": r["canonical_solution"]});
        text.push_str(&format!("{line}\n"));
    }
    std::fs::write(&samples, text).unwrap();
    let path = dataset("humaneval/HumanEval.jsonl.gz");
    let out = run(&[
        "evaluate",
        path.to_str().unwrap(),
        "--samples",
        samples.to_str().unwrap(),
        "--k",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let v = json(&out);
    assert_eq!(v["pass_at_k"]["pass@1"], 1.0);
    assert_eq!(v["samples"], 164);
    let results = std::fs::read_to_string(dir.path().join("samples_results.jsonl")).unwrap();
    // A header line (what the results belong to), then one line per sample.
    assert_eq!(results.lines().count(), 1 + 164);
    let header: serde_json::Value = serde_json::from_str(results.lines().next().unwrap()).unwrap();
    assert_eq!(header["benchsmith_results"], 1, "{header}");
    assert_eq!(header["samples_sha256"].as_str().unwrap().len(), 64);
    let first: serde_json::Value = serde_json::from_str(results.lines().nth(1).unwrap()).unwrap();
    for key in ["task_id", "sample_index", "passed", "status", "detail"] {
        assert!(first.get(key).is_some(), "results line lacks {key}");
    }
}

#[test]
fn evaluate_resumes_and_keeps_finished_work() {
    let dir = tempfile::tempdir().unwrap();
    let samples = dir.path().join("s.jsonl");
    let sample_file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample/sample.jsonl");
    let mut text = String::new();
    for line in std::fs::read_to_string(sample_file).unwrap().lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        text.push_str(&format!(
            "{}\n",
            serde_json::json!({"task_id": r["task_id"], "completion": r["canonical_solution"]})
        ));
        text.push_str(&format!(
            "{}\n",
            serde_json::json!({"task_id": r["task_id"], "completion": "    return None\n"})
        ));
    }
    std::fs::write(&samples, text).unwrap();
    let results = dir.path().join("r.jsonl");
    let args = [
        "evaluate",
        "sample",
        "--samples",
        samples.to_str().unwrap(),
        "--results",
        results.to_str().unwrap(),
        "--k",
        "1,2",
        "--format",
        "json",
    ];
    let first = json(&run(&args));
    assert_eq!(first["samples"], 32);
    assert_eq!(first["passed"], 16);
    assert_eq!(first["pass_at_k"]["pass@1"], 0.5);
    assert_eq!(first["pass_at_k"]["pass@2"], 1.0);
    // Simulate an interrupted run: keep the header, 5 finished lines and a torn sixth.
    let full = std::fs::read_to_string(&results).unwrap();
    let mut kept: String = full.lines().take(6).map(|l| format!("{l}\n")).collect();
    kept.push_str(&full.lines().nth(6).unwrap()[..10]);
    std::fs::write(&results, kept).unwrap();
    let out = run(&args);
    let second = json(&out);
    assert_eq!(second["resumed"], 5, "{}", out.stderr);
    assert_eq!(second["pass_at_k"], first["pass_at_k"]);
    assert_eq!(
        std::fs::read_to_string(&results).unwrap().lines().count(),
        1 + 32
    );
}
