//! Translation into JavaScript: all of HumanEval and a slice of MBPP translated and proven in
//! the sandbox (syntax check, table solution passes, one wrong output fails), HumanEval-X's
//! hand-written JavaScript solutions against our tests, and a snapshot of one record (the
//! literal property test of every language is in `translate_languages.rs`).

mod common;

use common::{dataset, run};

fn translate(ds: &str, extra: &[&str]) -> (serde_json::Value, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().display().to_string();
    let mut args = vec![
        "translate",
        ds,
        "--to",
        "javascript",
        "--out",
        &out,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_eq!(o.code, 0, "{}", o.stderr);
    (common::json(&o), dir)
}

#[test]
fn humaneval_translates_and_validates_in_javascript() {
    let he = dataset("humaneval/HumanEval.jsonl.gz")
        .display()
        .to_string();
    let hx = dataset("humaneval-x/js/humaneval_js.jsonl.gz")
        .display()
        .to_string();
    let (s, dir) = translate(&he, &["--cross-check", &hx]);
    let js = &s["languages"]["js"];
    assert!(js["validated"].as_u64().unwrap() >= 163, "{s}");
    assert!(js["cases"].as_u64().unwrap() >= 1400, "{s}");
    assert_eq!(
        js["translated"], js["validated"],
        "every translation passed (a)-(d): {s}"
    );
    // HumanEval-X's hand-written solutions: the failures are HumanEval-X bugs (comma
    // operators, a string for a float, 0 digits), Python's banker's rounding, or an npm module
    // the machine does not have (see BENCHMARKS.md).
    let cc = s["cross_check"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .clone();
    assert!(cc["passed"].as_u64().unwrap() >= 155, "{cc}");
    let records = common::read_jsonl(&dir.path().join("humaneval-js.jsonl"));
    let first = records
        .iter()
        .find(|r| r["name"] == "HumanEval_0_has_close_elements")
        .unwrap();
    for k in [
        "name",
        "language",
        "prompt",
        "doctests",
        "original",
        "prompt_terminology",
        "tests",
        "stop_tokens",
    ] {
        assert!(first.get(k).is_some(), "MultiPL-E field {k}");
    }
    insta::assert_snapshot!(
        "humaneval_0_js",
        format!(
            "{}// --- completion goes here ---\n{}",
            first["prompt"].as_str().unwrap(),
            first["tests"].as_str().unwrap()
        )
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    let skipped = report["skipped"]["js"].as_array().unwrap();
    assert_eq!(skipped.len() as u64, js["skipped"].as_u64().unwrap());
}

#[test]
fn mbpp_slice_translates() {
    let mbpp = dataset("mbpp/mbpp.jsonl").display().to_string();
    let mut extra = vec![];
    let ids: Vec<String> = (11..71).map(|i| i.to_string()).collect();
    for id in &ids {
        extra.extend(["--task", id.as_str()]);
    }
    let (s, _dir) = translate(&mbpp, &extra);
    let js = &s["languages"]["js"];
    assert!(
        js["validated"].as_u64().unwrap() >= 57,
        "at least 95% of 60: {s}"
    );
}

#[test]
fn unknown_languages_are_usage_errors() {
    let o = run(&[
        "translate",
        "sample",
        "--to",
        "cobol",
        "--out",
        "/tmp/x-bs-never",
    ]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("unknown language \"cobol\""),
        "{}",
        o.stderr
    );
}

#[test]
fn a_translation_in_a_corpus_is_found_as_its_source_problem() {
    // translate -> leak index -> leak scan: the Lua copy of HumanEval/12 in a corpus is found
    // as HumanEval/12 (MultiPL-E's name `HumanEval_12_longest` tied to its source).
    let he = dataset("humaneval/HumanEval.jsonl.gz")
        .display()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().display().to_string();
    let o = run(&[
        "translate",
        &he,
        "--to",
        "lua",
        "--out",
        &out,
        "--task",
        "HumanEval/12",
        "--task",
        "HumanEval/0",
        "-q",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let file = dir.path().join("humaneval-lua.jsonl");
    let records = common::read_jsonl(&file);
    let lua = records
        .iter()
        .find(|r| r["name"] == "HumanEval_12_longest")
        .unwrap();
    let ix = dir.path().join("ix").display().to_string();
    let f = file.display().to_string();
    let o = run(&["leak", "index", &f, "--out", &ix, "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let corpus = dir.path().join("corpus.jsonl");
    let doc = format!(
        "{}  return nil\nend\n{}",
        lua["prompt"].as_str().unwrap(),
        lua["tests"].as_str().unwrap()
    );
    std::fs::write(
        &corpus,
        serde_json::json!({"id": "copy", "content": doc}).to_string() + "\n",
    )
    .unwrap();
    let found = dir.path().join("found.jsonl").display().to_string();
    let c = corpus.display().to_string();
    let o = run(&["leak", "scan", &c, "--index", &ix, "--out", &found, "-q"]);
    assert!(o.code == 0 || o.code == 1, "{}", o.stderr);
    let text = std::fs::read_to_string(&found).unwrap();
    assert!(text.contains("HumanEval/12"), "{text}");
    assert!(!text.contains("HumanEval/0\""), "{text}");
}
