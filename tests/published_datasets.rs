//! Every file of ../shared/datasets, as its authors publish it: records loaded, records
//! skipped (with reason codes), reference solutions that pass. The test renders the table,
//! asserts every figure, and asserts that the README carries exactly this table; each task
//! whose reference does not pass is listed with the reason the data gives.

mod common;
use common::*;
use std::collections::BTreeMap;

/// Files, and the tasks whose published reference solution does not pass, with the reason.
const FILES: &[(&str, &[(&str, &str)])] = &[
    ("humaneval/HumanEval.jsonl.gz", &[]),
    ("mbpp/mbpp.jsonl", &[]),
    ("mbpp/sanitized-mbpp.json", &[]),
    ("humanevalplus/HumanEvalPlus.jsonl.gz", &[]),
    ("humanevalplus/HumanEvalPlus-Mini.jsonl.gz", &[]),
    ("humanevalplus/HumanEvalPlus-NoExtreme.jsonl.gz", &[]),
    (
        "humanevalplus/HumanEvalPlus-OriginFmt.jsonl.gz",
        ORIGIN_FMT_32,
    ),
    ("humanevalplus/v0.1.9/HumanEvalPlus.jsonl.gz", &[]),
    ("humanevalplus/v0.1.9/HumanEvalPlus-Mini.jsonl.gz", &[]),
    ("humanevalplus/v0.1.9/HumanEvalPlus-NoExtreme.jsonl.gz", &[]),
    (
        "humanevalplus/v0.1.9/HumanEvalPlus-OriginFmt.jsonl.gz",
        ORIGIN_FMT_32,
    ),
    ("mbppplus/MbppPlus.jsonl.gz", &[]),
    ("mbppplus/MbppPlus-NoExtreme.jsonl.gz", &[]),
    ("mbppplus/MbppPlus-OriginFmt.jsonl.gz", &[]),
    ("mbppplus/v0.1.0/MbppPlus.jsonl.gz", &[]),
    ("mbppplus/v0.1.0/MbppPlus-NoExtreme.jsonl.gz", &[]),
    (
        "mbppplus/v0.1.0/MbppPlus-OriginFmt.jsonl.gz",
        MBPP_PLUS_V010_ILL_FORMED,
    ),
    ("humaneval-pro/humaneval_pro.json", &[]),
    ("mbpp-pro/mbpp_pro.json", &[]),
    (
        "bigcodebench-lite-pro/bigcodebench_lite_pro.json",
        &[(
            "BigCodeBench/551",
            "expected values assume the authors' UTC+8 clock (naive times read as local time)",
        )],
    ),
    ("multipl-e/humaneval-py-official.jsonl", &[]),
    ("multipl-e/humaneval-py-keep.jsonl", &[]),
    ("multipl-e/humaneval-py-remove.jsonl", &[]),
    ("multipl-e/humaneval-py-reworded.jsonl", &[]),
    ("multipl-e/humaneval-py-transform.jsonl", &[]),
    ("multipl-e/mbpp-py-keep.jsonl", &[]),
    ("multipl-e/mbpp-py-reworded.jsonl", &[]),
    ("humaneval-x/python/humaneval_python.jsonl.gz", &[]),
    ("humaneval-x/cpp/humaneval_cpp.jsonl.gz", &[]),
    ("humaneval-x/go/humaneval_go.jsonl.gz", &[]),
    ("humaneval-x/java/humaneval_java.jsonl.gz", &[]),
    ("humaneval-x/js/humaneval_js.jsonl.gz", &[]),
    ("humaneval-x/rust/humaneval_rust.jsonl.gz", &[]),
];

const ORIGIN_FMT_32: &[(&str, &str)] = &[(
    "HumanEval/32",
    "EvalPlus's generated assertion unpacks a float (`_poly(*candidate(*inp), inp)`): fails for every solution",
)];

const MBPP_V010_REASON: &str = "ill-formed in v0.1.0, removed by EvalPlus in v0.2.0";
const MBPP_PLUS_V010_ILL_FORMED: &[(&str, &str)] = &[
    ("83", MBPP_V010_REASON),
    ("115", MBPP_V010_REASON),
    ("117", MBPP_V010_REASON),
    ("143", MBPP_V010_REASON),
    ("164", MBPP_V010_REASON),
    ("229", MBPP_V010_REASON),
    ("249", MBPP_V010_REASON),
    ("295", MBPP_V010_REASON),
    ("396", MBPP_V010_REASON),
    ("400", MBPP_V010_REASON),
    ("407", MBPP_V010_REASON),
    ("431", MBPP_V010_REASON),
    ("438", MBPP_V010_REASON),
    ("442", MBPP_V010_REASON),
    ("461", MBPP_V010_REASON),
    ("574", MBPP_V010_REASON),
    ("582", MBPP_V010_REASON),
    ("595", MBPP_V010_REASON),
    ("640", MBPP_V010_REASON),
    ("746", MBPP_V010_REASON),
    ("783", MBPP_V010_REASON),
];

const BEGIN: &str = "<!-- published-datasets:begin (written by tests/published_datasets.rs) -->";
const END: &str = "<!-- published-datasets:end -->";

fn row(rel: &str, explained: &[(&str, &str)]) -> String {
    let path = dataset(rel);
    let out = run(&["validate", path.to_str().unwrap(), "--format", "json"]);
    assert!(!out.stderr.contains("panicked"), "{rel}: {}", out.stderr);
    let v = json(&out);
    let tasks = v["tasks"].as_array().unwrap();
    let not_passed: BTreeMap<String, String> = tasks
        .iter()
        .filter(|t| ["failed", "error", "timeout"].contains(&t["status"].as_str().unwrap()))
        .map(|t| {
            (
                t["task_id"].as_str().unwrap().to_string(),
                t["detail"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want: BTreeMap<String, &str> = explained
        .iter()
        .map(|(t, why)| (t.to_string(), *why))
        .collect();
    assert_eq!(
        not_passed.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{rel}: the tasks whose reference does not pass changed: {not_passed:#?}"
    );
    let unusable = v["unusable"].as_u64().unwrap();
    let expected_code = if not_passed.is_empty() && unusable == 0 {
        0
    } else {
        1
    };
    assert_eq!(out.code, expected_code, "{rel}: {}", out.stderr);
    let records = tasks.len();
    let loaded = records as u64 - unusable;
    let reasons: Vec<String> = v["reasons"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(r, n)| format!("{n} {r}"))
        .collect();
    let skipped = if reasons.is_empty() {
        "0".to_string()
    } else {
        reasons.join(", ")
    };
    let mut not_run = vec![];
    for (key, label) in [
        ("no_reference", "no reference"),
        ("no_runner", "no runner yet"),
    ] {
        let n = v[key].as_u64().unwrap();
        if n > 0 {
            not_run.push(format!("{n} {label}"));
        }
    }
    let mut why: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (t, w) in explained {
        why.entry(*w).or_default().push(t);
    }
    let exceptions: Vec<String> = why
        .iter()
        .map(|(w, ts)| format!("{}: {w}", ts.join(", ")))
        .collect();
    format!(
        "| `{rel}` | {records} | {loaded} | {skipped} | {}/{}{} | {} |",
        v["passed"],
        v["total"],
        if not_run.is_empty() {
            String::new()
        } else {
            format!(" ({})", not_run.join(", "))
        },
        if exceptions.is_empty() {
            "".to_string()
        } else {
            exceptions.join("; ")
        }
    )
}

#[test]
fn every_published_file_loads_and_its_references_pass() {
    let mut table = vec![
        "| file | records | loaded | skipped (reason) | reference passes | not passing, as the data explains |".to_string(),
        "| --- | ---: | ---: | --- | --- | --- |".to_string(),
    ];
    for (rel, explained) in FILES {
        table.push(row(rel, explained));
    }
    let table = table.join("\n");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let (_, rest) = readme
        .split_once(BEGIN)
        .expect("README has the begin marker");
    let (current, _) = rest.split_once(END).expect("README has the end marker");
    assert_eq!(
        current.trim(),
        table.trim(),
        "the README's table differs from what the datasets give; the table now reads:\n{table}"
    );
}
