//! Bad input gets a clear diagnostic naming file, line, field and reason code. An unusable
//! record is skipped while the rest goes on (exit 1); `--strict` refuses the file (exit 2), as
//! does a file that cannot be read at all. Never a panic.

mod common;
use benchsmith::ingest::{load_bytes, Format};
use common::*;
use proptest::prelude::*;
use std::path::Path;

const GOOD: &str = r#"{"task_id": "T/0", "prompt": "def f(x):\n", "entry_point": "f", "canonical_solution": "    return x\n", "test": "def check(candidate):\n    assert candidate(1) == 1\n"}"#;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

fn assert_input_error(out: &Out, needles: &[&str]) {
    assert_eq!(
        out.code, 2,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    for n in needles {
        assert!(out.stderr.contains(n), "stderr lacks {n:?}: {}", out.stderr);
    }
}

/// The record is skipped with a diagnostic, the rest is validated (exit 1); `--strict`
/// refuses the whole file with the same message (exit 2).
fn assert_skipped_then_strict(args: &[&str], needles: &[&str], loaded: u64) {
    let mut with_json = args.to_vec();
    with_json.extend(["--format", "json"]);
    let out = run(&with_json);
    assert_eq!(
        out.code, 1,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    for n in needles {
        assert!(out.stderr.contains(n), "stderr lacks {n:?}: {}", out.stderr);
    }
    let v = json(&out);
    assert_eq!(v["unusable"], 1, "{v}");
    assert_eq!(v["passed"], loaded, "{v}");
    let mut strict = args.to_vec();
    strict.push("--strict");
    assert_input_error(&run(&strict), needles);
}

#[test]
fn malformed_json_line_names_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let f = write(
        d.path(),
        "bad.jsonl",
        format!("{GOOD}\n{{\"task_id\": \"T/1\", \n").as_bytes(),
    );
    assert_skipped_then_strict(
        &["validate", &f],
        &["bad.jsonl:2", "malformed JSON", "[malformed_json]"],
        1,
    );
}

#[test]
fn missing_field_is_named() {
    let d = tempfile::tempdir().unwrap();
    let rec = GOOD.replace(r#", "entry_point": "f""#, "");
    let second = rec.replace("T/0", "T/1").replace(
        r#""test": "def check(candidate):\n    assert candidate(1) == 1\n""#,
        r#""x": 1"#,
    );
    let f = write(
        d.path(),
        "missing.jsonl",
        format!("{GOOD}\n{second}\n").as_bytes(),
    );
    assert_skipped_then_strict(
        &["validate", &f, "--input-format", "humaneval"],
        &[
            "missing.jsonl:2",
            "field `entry_point`",
            "missing",
            "[missing_field]",
        ],
        1,
    );
}

#[test]
fn wrong_field_type_is_named() {
    let d = tempfile::tempdir().unwrap();
    let rec = GOOD.replace(r#""prompt": "def f(x):\n""#, r#""prompt": 42"#);
    let f = write(d.path(), "type.jsonl", format!("{rec}\n").as_bytes());
    assert_skipped_then_strict(
        &["validate", &f],
        &[
            "type.jsonl:1",
            "field `prompt`",
            "expected a string, found a number",
            "[wrong_type]",
        ],
        0,
    );
}

#[test]
fn non_utf8_bytes_are_reported_with_their_line() {
    let d = tempfile::tempdir().unwrap();
    let mut bytes = format!("{GOOD}\n").into_bytes();
    bytes.extend_from_slice(b"{\"task_id\": \"\xff\xfe\"}\n");
    let f = write(d.path(), "latin.jsonl", &bytes);
    let out = run(&["inspect", &f, "--no-probe"]);
    assert_input_error(&out, &["latin.jsonl:2", "not valid UTF-8"]);
}

#[test]
fn unknown_format_is_explained() {
    let d = tempfile::tempdir().unwrap();
    let f = write(
        d.path(),
        "other.jsonl",
        b"{\"question\": \"?\", \"answer\": 42}\n",
    );
    let out = run(&["validate", &f]);
    assert_input_error(&out, &["other.jsonl:1", "unknown format", "--input-format"]);
}

#[test]
fn missing_file_and_unknown_builtin() {
    let out = run(&["validate", "/nonexistent/benchmark.jsonl"]);
    assert_input_error(&out, &["/nonexistent/benchmark.jsonl", "no such file"]);
}

#[test]
fn a_prompt_that_does_not_parse_fails_alone() {
    let d = tempfile::tempdir().unwrap();
    let broken = GOOD
        .replace("T/0", "T/1")
        .replace(r#""prompt": "def f(x):\n""#, r#""prompt": "def f(x:\n""#);
    let f = write(
        d.path(),
        "syntax.jsonl",
        format!("{GOOD}\n{broken}\n").as_bytes(),
    );
    let out = run(&["validate", &f, "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = json(&out);
    assert_eq!(v["passed"], 1);
    assert_eq!(v["failed"], 1);
    let t1 = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["task_id"] == "T/1")
        .unwrap();
    assert!(
        t1["detail"].as_str().unwrap().contains("SyntaxError"),
        "{t1}"
    );
}

#[test]
fn mbpp_code_without_a_function_is_skipped_with_its_reason() {
    let d = tempfile::tempdir().unwrap();
    let good = r#"{"text": "Add one.", "code": "def inc(x):\r\n  return x + 1", "task_id": 1, "test_setup_code": "", "test_list": ["assert inc(1) == 2"], "challenge_test_list": []}"#;
    let bad = r#"{"text": "No function.", "code": "x = 1", "task_id": 2, "test_setup_code": "", "test_list": ["assert x == 1"], "challenge_test_list": []}"#;
    let f = write(
        d.path(),
        "mbpp.jsonl",
        format!("{good}\n{bad}\n").as_bytes(),
    );
    let out = run(&["validate", &f, "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = json(&out);
    assert_eq!(
        (v["passed"].as_u64(), v["failed"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(v["reasons"]["no_function"], 1, "{v}");
    let t = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["task_id"] == "2")
        .unwrap();
    assert_eq!(t["status"], "skipped");
    assert_eq!(t["reason"], "no_function");
    assert!(
        t["detail"].as_str().unwrap().contains("mbpp.jsonl:2"),
        "{t}"
    );
}

#[test]
fn samples_with_unknown_task_ids_are_skipped_with_a_warning() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "samples.jsonl", b"{\"task_id\": \"Sample/0\", \"completion\": \"    pass\\n\"}\n{\"task_id\": \"HumanEval/999\", \"completion\": \"\"}\n");
    let needles = [
        "samples.jsonl:2",
        "field `task_id`",
        "unknown task id \"HumanEval/999\"",
        "[unknown_task]",
    ];
    let out = run(&[
        "evaluate",
        "sample",
        "--samples",
        &s,
        "--k",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for n in needles {
        assert!(out.stderr.contains(n), "stderr lacks {n:?}: {}", out.stderr);
    }
    assert_eq!(json(&out)["samples"], 1);
    assert!(out.stderr.contains("have no samples"), "{}", out.stderr);
    let out = run(&["evaluate", "sample", "--samples", &s, "--strict", "--fresh"]);
    assert_input_error(&out, &needles);
    let s = write(d.path(), "nocode.jsonl", b"{\"task_id\": \"Sample/0\"}\n");
    let out = run(&["evaluate", "sample", "--samples", &s]);
    assert_input_error(&out, &["nocode.jsonl:1", "field `completion`"]);
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["validate"]);
    assert_eq!(out.code, 2);
    let out = run(&["no-such-command"]);
    assert_eq!(out.code, 2);
}

#[test]
fn impossible_values_are_usage_errors() {
    for args in [
        &["evaluate", "sample", "--samples", "x.jsonl", "--k", "0"][..],
        &["evaluate", "sample", "--samples", "x.jsonl", "--k", "1,0"],
        &[
            "evaluate",
            "sample",
            "--samples",
            "x.jsonl",
            "--timeout",
            "0",
        ],
        &[
            "evaluate",
            "sample",
            "--samples",
            "x.jsonl",
            "--timeout",
            "nan",
        ],
        &[
            "evaluate",
            "sample",
            "--samples",
            "x.jsonl",
            "--mem-mb",
            "0",
        ],
        &["validate", "sample", "--jobs", "0"],
        &["validate", "sample", "--timeout=-1"],
        &[
            "robustness",
            "--nominal",
            "a",
            "--variants",
            "b",
            "--k",
            "0",
        ],
    ] {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("invalid value"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

fn json_leaf() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|i| serde_json::json!(i)),
        any::<String>().prop_map(serde_json::Value::String),
        "(def |assert |    return |\\(|\\)|:|\n|x|candidate){0,12}"
            .prop_map(serde_json::Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    json_leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            proptest::collection::hash_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

const KEYS: &[&str] = &[
    "task_id",
    "prompt",
    "entry_point",
    "canonical_solution",
    "test",
    "text",
    "code",
    "test_list",
    "test_setup_code",
    "test_imports",
    "base_input",
    "plus_input",
    "atol",
    "declaration",
    "id",
    "raw_problem",
    "raw_solution",
    "new_problem",
    "new_solution",
    "test_code",
    "name",
    "language",
    "tests",
    "stop_tokens",
    "provenance",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn loaders_never_panic_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = load_bytes(&bytes, "fuzz", None);
        let _ = load_bytes(&bytes, "fuzz", Some(Format::Mbpp));
    }

    #[test]
    fn loaders_never_panic_on_random_records(
        fields in proptest::collection::vec((0..KEYS.len(), json_value()), 0..10),
        format in 0usize..8,
    ) {
        let obj: serde_json::Map<String, serde_json::Value> =
            fields.into_iter().map(|(k, v)| (KEYS[k].to_string(), v)).collect();
        let line = serde_json::Value::Object(obj).to_string();
        let formats = [Format::Humaneval, Format::Mbpp, Format::MbppSanitized, Format::Evalplus,
            Format::HumanevalX, Format::CodeevalPro, Format::MultiplE, Format::Native];
        let _ = load_bytes(line.as_bytes(), "fuzz", None);
        if let Ok(ds) = load_bytes(line.as_bytes(), "fuzz", Some(formats[format])) {
            for p in &ds.problems {
                let _ = benchsmith::inspect::report(p, None);
            }
        }
    }
}
