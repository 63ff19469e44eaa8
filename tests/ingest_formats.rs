//! Every source format loads into the one problem model and runs: CodeEval-Pro, MultiPL-E,
//! EvalPlus (HumanEval+ and MBPP+ shapes) and native records, on small records written here in
//! each format's published shape.

mod common;
use benchsmith::ingest::{load_bytes, Format};
use benchsmith::model::CaseOrigin;
use common::*;

const CODEEVAL_PRO: &str = r#"{"id": "HumanEvalPro/0", "raw_problem": "def add_one(x: int) -> int:\n    \"\"\"Add one.\"\"\"\n", "raw_solution": "    return x + 1\n", "new_problem": "\ndef add_one_all(xs: list) -> list:\n    \"\"\"Add one to every element, using add_one.\"\"\"\n", "new_solution": "    return [add_one(x) for x in xs]\n", "test_code": "assert add_one_all([1, 2]) == [2, 3]\nassert add_one_all([]) == []\n"}"#;

const MULTIPL_E: &str = r#"{"name": "HumanEval_53_add", "language": "py", "prompt": "def add(x: int, y: int) -> int:\n    \"\"\"Add two numbers x and y\n    >>> add(2, 3)\n    5\n    \"\"\"\n", "doctests": "transform", "original": "x", "prompt_terminology": "reworded", "tests": "def check(candidate):\n    assert candidate(2, 3) == 5\n\ndef test_check():\n    check(add)\n\ntest_check()\n", "stop_tokens": ["\ndef"]}"#;

const HUMANEVAL_PLUS: &str = r#"{"task_id": "HumanEval/53", "prompt": "def add(x: int, y: int) -> int:\n    \"\"\"Add two numbers x and y\"\"\"\n", "entry_point": "add", "canonical_solution": "    return x + y\n", "test": "def check(candidate):\n    assert candidate(2, 3) == 5\n", "contract": "", "base_input": [[0, 1], [1, 0]], "plus_input": [[123456789012345678901234567890, 1], [-5, 5]], "atol": 0}"#;

const MBPP_PLUS: &str = r#"{"task_id": "Mbpp/2", "prompt": "\"\"\"\nWrite a function to find the shared elements from the given two lists.\nassert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))\n\"\"\"\n", "code": "def similar_elements(test_tup1, test_tup2):\n  return tuple(set(test_tup1) & set(test_tup2))\n", "entry_point": "similar_elements", "test": "assert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))\n", "contract": "", "base_input": [[[3, 4, 5, 6], [5, 7, 4, 10]]], "plus_input": [[[1, 2], [2, 3]]], "atol": 0, "assertion": "assert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))"}"#;

fn validate_text(name: &str, text: &str, expected_total: u64) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join(name);
    std::fs::write(&f, text).unwrap();
    let out = run(&["validate", f.to_str().unwrap(), "--format", "json"]);
    let v = json(&out);
    assert_eq!(v["total"], expected_total, "{v}");
    assert_eq!(v["passed"], expected_total, "{v}");
    v
}

#[test]
fn codeeval_pro_records_run_as_scripts() {
    let ds = load_bytes(CODEEVAL_PRO.as_bytes(), "pro.jsonl", None).unwrap();
    assert_eq!(ds.format, Format::CodeevalPro);
    let p = &ds.problems[0];
    assert_eq!(p.entry_point, "add_one_all");
    assert!(p.prompt.starts_with("def add_one"));
    validate_text("pro.jsonl", &format!("{CODEEVAL_PRO}\n"), 1);
    // A wrong new_solution is caught.
    let bad = CODEEVAL_PRO.replace("[add_one(x) for x in xs]", "xs");
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.jsonl");
    std::fs::write(&f, format!("{bad}\n")).unwrap();
    let out = run(&["validate", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(json(&out)["failed"], 1);
}

#[test]
fn multipl_e_python_prompts_run() {
    let ds = load_bytes(MULTIPL_E.as_bytes(), "mpe.jsonl", None).unwrap();
    assert_eq!(ds.format, Format::MultiplE);
    assert_eq!(ds.problems[0].entry_point, "add");
    // MultiPL-E prompt files carry no solution: a sample completes the prompt.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("mpe.jsonl");
    std::fs::write(&data, format!("{MULTIPL_E}\n")).unwrap();
    let samples = dir.path().join("s.jsonl");
    std::fs::write(&samples, "{\"task_id\": \"HumanEval_53_add\", \"completion\": \"    return x + y\\n\"}\n{\"task_id\": \"HumanEval_53_add\", \"completion\": \"    return x - y\\n\"}\n").unwrap();
    let out = run(&[
        "evaluate",
        data.to_str().unwrap(),
        "--samples",
        samples.to_str().unwrap(),
        "--k",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(json(&out)["pass_at_k"]["pass@1"], 0.5, "{}", out.stderr);
}

#[test]
fn evalplus_inputs_become_structured_cases() {
    let ds = load_bytes(HUMANEVAL_PLUS.as_bytes(), "he+.jsonl", None).unwrap();
    assert_eq!(ds.format, Format::Evalplus);
    let cases = &ds.problems[0].tests.cases;
    assert_eq!(cases.len(), 4);
    assert_eq!(cases[0].origin, CaseOrigin::Base);
    assert_eq!(cases[2].origin, CaseOrigin::Plus);
    assert_eq!(
        cases[2].args[0].to_python(),
        "123456789012345678901234567890"
    );
    let v = validate_text("he+.jsonl", &format!("{HUMANEVAL_PLUS}\n"), 1);
    assert_eq!(
        v["tasks"][0]["cases"], 0,
        "EvalPlus inputs carry no expected outputs to check"
    );
    let ds = load_bytes(MBPP_PLUS.as_bytes(), "mbpp+.jsonl", None).unwrap();
    assert_eq!(ds.problems[0].entry_point, "similar_elements");
    // EvalPlus's loader turns Mbpp/2's lists into tuples; so does benchsmith.
    assert_eq!(
        ds.problems[0].tests.cases[0].args[0].to_python(),
        "(3, 4, 5, 6)"
    );
    validate_text("mbpp+.jsonl", &format!("{MBPP_PLUS}\n"), 1);
}

/// EvalPlus inputs are plain JSON as Python's `json` writes it: an object is a dict (never a
/// tagged value), `Infinity` and `NaN` are floats.
const EVALPLUS_PLAIN: &str = r#"{"task_id": "T/1", "prompt": "def f(d, x):\n", "entry_point": "f", "canonical_solution": "    return sorted(d) + [x > 0]\n", "test": "", "contract": "", "base_input": [[{"int": "5"}, Infinity], [{"a": 1, "b": 2}, -Infinity]], "plus_input": [[{}, NaN]], "atol": 0}"#;

#[test]
fn evalplus_inputs_are_plain_json() {
    let ds = load_bytes(EVALPLUS_PLAIN.as_bytes(), "plain.jsonl", None).unwrap();
    let cases = &ds.problems[0].tests.cases;
    let shown: Vec<String> = cases
        .iter()
        .map(|c| benchsmith::model::Value::List(c.args.clone()).to_python())
        .collect();
    assert_eq!(
        shown,
        [
            "[{'int': '5'}, float('inf')]",
            "[{'a': 1, 'b': 2}, -float('inf')]",
            "[{}, float('nan')]"
        ]
    );
    validate_text("plain.jsonl", &format!("{EVALPLUS_PLAIN}\n"), 1);
}

#[test]
fn native_records_round_trip() {
    let ds = benchsmith::ingest::load_sample();
    let mut text = String::new();
    for p in &ds.problems {
        text.push_str(&serde_json::to_string(p).unwrap());
        text.push('\n');
    }
    let back = load_bytes(text.as_bytes(), "native.jsonl", None).unwrap();
    assert_eq!(back.format, Format::Native);
    assert_eq!(back.problems, ds.problems);
    validate_text("native.jsonl", &text, 16);
}
