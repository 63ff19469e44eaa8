//! Two runs of `compose` with the same seed write byte-identical files, on real problems chosen
//! to break that: tests that draw random inputs (HumanEval/53, /50), bases slow enough for the
//! time gate to cut their test lists (HumanEval/75, /36, /147; MBPP/559 recursive Catalan
//! numbers, MBPP/901 a pure loop).

mod common;
use common::*;
use std::path::Path;

fn subset(rel: &str, key: &str, ids: &[&str], out: &Path) {
    let lines: Vec<String> = records(rel)
        .into_iter()
        .filter(|r| {
            let id = match &r[key] {
                serde_json::Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            ids.contains(&id.as_str())
        })
        .map(|r| r.to_string())
        .collect();
    assert_eq!(lines.len(), ids.len(), "{rel}: {ids:?}");
    std::fs::write(out, lines.join("\n") + "\n").unwrap();
}

fn compose_twice(data: &Path, dir: &Path) {
    let mut files: Vec<Vec<Vec<u8>>> = vec![];
    for run_no in 0..2 {
        let out = dir.join(format!("run{run_no}.jsonl"));
        let r = run(&[
            "--format",
            "json",
            "compose",
            data.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let summary = json(&r);
        assert!(summary["problems"].as_u64().unwrap() > 0, "{summary}");
        files.push(
            ["jsonl", "humaneval.jsonl", "native.jsonl"]
                .iter()
                .map(|ext| std::fs::read(dir.join(format!("run{run_no}.{ext}"))).unwrap())
                .collect(),
        );
    }
    for (i, ext) in ["jsonl", "humaneval.jsonl", "native.jsonl"]
        .iter()
        .enumerate()
    {
        assert!(
            files[0][i] == files[1][i],
            "{}: the .{ext} files of two runs differ",
            data.display()
        );
    }
}

#[test]
fn humaneval_compose_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("he.jsonl");
    let ids = [
        "HumanEval/36",
        "HumanEval/50",
        "HumanEval/53",
        "HumanEval/75",
        "HumanEval/147",
    ];
    subset("humaneval/HumanEval.jsonl.gz", "task_id", &ids, &data);
    compose_twice(&data, dir.path());
}

#[test]
fn mbpp_compose_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("mbpp.jsonl");
    subset("mbpp/mbpp.jsonl", "task_id", &["559", "583", "901"], &data);
    compose_twice(&data, dir.path());
}
