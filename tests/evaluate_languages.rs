//! `evaluate` on problems in other languages, with real completions: HumanEval-X's
//! hand-written JavaScript and C++ function bodies (and a stub that returns a constant) on
//! benchsmith's translations of HumanEval. Each verdict must be the one the language's own
//! toolchain gives when `prompt + completion + tests` is run by hand, outside benchsmith.

mod common;

use common::{dataset, run};
use std::process::Command;

/// Translate HumanEval/0..N into `lang`; the records.
fn translated(lang: &str, n: u32, dir: &std::path::Path) -> Vec<serde_json::Value> {
    translated_as(lang, n, dir, "multipl-e")
}

/// Translate HumanEval/0..N into `lang`, writing the record formats `emit`; the MultiPL-E
/// records.
fn translated_as(lang: &str, n: u32, dir: &std::path::Path, emit: &str) -> Vec<serde_json::Value> {
    let he = dataset("humaneval/HumanEval.jsonl.gz")
        .display()
        .to_string();
    let out = dir.display().to_string();
    let ids: Vec<String> = (0..n).map(|t| format!("HumanEval/{t}")).collect();
    let mut args = vec![
        "translate",
        &he,
        "--to",
        lang,
        "--out",
        &out,
        "--quiet",
        "--emit",
        emit,
    ];
    for id in &ids {
        args.extend(["--task", id.as_str()]);
    }
    let o = run(&args);
    assert_eq!(o.code, 0, "{}", o.stderr);
    common::read_jsonl(&dir.join(format!("humaneval-{lang}.jsonl")))
}

/// HumanEval-X's canonical solutions of `lang`, by HumanEval number.
fn hand_written(folder: &str) -> std::collections::HashMap<String, String> {
    let path = dataset(&format!("humaneval-x/{folder}/humaneval_{folder}.jsonl.gz"));
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()),
        &mut text,
    )
    .unwrap();
    text.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|r| {
            let n = r["task_id"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string();
            (n, r["canonical_solution"].as_str().unwrap().to_string())
        })
        .collect()
}

/// Whether `program` passes when run by hand (exit code 0), outside benchsmith.
fn by_hand(lang: &str, program: &str, dir: &std::path::Path) -> bool {
    match lang {
        "js" => {
            std::fs::write(dir.join("main.js"), program).unwrap();
            Command::new("timeout")
                .args(["20", "node", "main.js"])
                .current_dir(dir)
                .output()
                .unwrap()
                .status
                .success()
        }
        "cpp" => {
            std::fs::write(dir.join("main.cpp"), program).unwrap();
            let built = Command::new("g++")
                .args(["-std=c++17", "-o", "main", "main.cpp"])
                .current_dir(dir)
                .output()
                .unwrap()
                .status
                .success();
            built
                && Command::new("timeout")
                    .args(["20", "./main"])
                    .current_dir(dir)
                    .output()
                    .unwrap()
                    .status
                    .success()
        }
        other => panic!("no by-hand runner for {other}"),
    }
}

/// `evaluate DATA --samples SAMPLES --results RESULTS`: the per-sample verdicts.
fn evaluate(
    data: &std::path::Path,
    samples: &std::path::Path,
    results: &std::path::Path,
) -> Vec<serde_json::Value> {
    let o = run(&[
        "evaluate",
        data.to_str().unwrap(),
        "--samples",
        samples.to_str().unwrap(),
        "--results",
        results.to_str().unwrap(),
        "--k",
        "1",
        "--quiet",
    ]);
    assert!(
        o.code == 0 || o.code == 1,
        "{}: {}",
        data.display(),
        o.stderr
    );
    // The first line is the results file's header.
    common::read_jsonl(results).split_off(1)
}

fn same_verdicts_as_by_hand(lang: &str, folder: &str, stub: &str) {
    let dir = tempfile::tempdir().unwrap();
    let records = translated(lang, 12, dir.path());
    let hx = hand_written(folder);
    let samples = dir.path().join("samples.jsonl");
    let mut lines = vec![];
    let mut programs = vec![];
    for r in &records {
        let name = r["name"].as_str().unwrap();
        let n = name.split('_').nth(1).unwrap();
        for completion in [hx[n].clone(), stub.to_string()] {
            lines.push(serde_json::json!({"task_id": name, "completion": completion}).to_string());
            programs.push(format!(
                "{}{completion}\n{}",
                r["prompt"].as_str().unwrap(),
                r["tests"].as_str().unwrap()
            ));
        }
    }
    std::fs::write(&samples, lines.join("\n") + "\n").unwrap();
    let data = dir.path().join(format!("humaneval-{lang}.jsonl"));
    let verdicts = evaluate(&data, &samples, &dir.path().join("results.jsonl"));
    assert_eq!(verdicts.len(), programs.len());
    let scratch = tempfile::tempdir().unwrap();
    let mut passed = 0;
    for (i, program) in programs.iter().enumerate() {
        let v = verdicts
            .iter()
            .find(|v| v["task_id"] == records[i / 2]["name"] && v["sample_index"] == (i % 2) as u64)
            .unwrap();
        let hand = by_hand(lang, program, scratch.path());
        assert_eq!(
            v["passed"].as_bool().unwrap(),
            hand,
            "{lang} sample {i}: {v}\n{program}"
        );
        passed += usize::from(hand);
    }
    // Both verdicts occur, so the comparison could have come out otherwise.
    assert!(
        passed > 0 && passed < programs.len(),
        "{passed} of {}",
        programs.len()
    );
}

#[test]
fn javascript_completions_get_the_verdicts_node_gives() {
    same_verdicts_as_by_hand("js", "js", "  return null;\n}\n");
}

#[test]
fn cpp_completions_get_the_verdicts_gpp_gives() {
    same_verdicts_as_by_hand("cpp", "cpp", "    throw 1;\n}\n");
}

/// The same completions evaluated on the three record formats `translate` writes (MultiPL-E,
/// HumanEval-X, native) get the same verdicts: each format is read back as a runnable problem.
#[test]
fn every_emitted_format_is_evaluated_alike() {
    let dir = tempfile::tempdir().unwrap();
    let records = translated_as("js", 12, dir.path(), "multipl-e,humaneval-x,native");
    let hx = hand_written("js");
    let verdicts = |file: &str, id: &dyn Fn(&str, &str) -> String| {
        let mut lines = vec![];
        for r in &records {
            let name = r["name"].as_str().unwrap();
            let n = name.split('_').nth(1).unwrap();
            for completion in [hx[n].as_str(), "  return null;\n}\n"] {
                let task = id(name, n);
                lines.push(
                    serde_json::json!({"task_id": task, "completion": completion}).to_string(),
                );
            }
        }
        let samples = dir.path().join(format!("{file}.samples.jsonl"));
        std::fs::write(&samples, lines.join("\n") + "\n").unwrap();
        let results = dir.path().join(format!("{file}.results.jsonl"));
        let mut v: Vec<(usize, bool)> = evaluate(&dir.path().join(file), &samples, &results)
            .iter()
            .map(|v| {
                let i = lines
                    .iter()
                    .position(|l| l.contains(&format!("\"task_id\":{}", v["task_id"])))
                    .unwrap();
                (
                    i + v["sample_index"].as_u64().unwrap() as usize,
                    v["passed"].as_bool().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let multipl_e = verdicts("humaneval-js.jsonl", &|name, _| name.to_string());
    let humaneval_x = verdicts("humaneval-js.humaneval-x.jsonl", &|_, n| {
        format!("JavaScript/{n}")
    });
    let native = verdicts("humaneval-js.native.jsonl", &|name, _| name.to_string());
    assert_eq!(multipl_e.len(), records.len() * 2);
    assert_eq!(multipl_e, humaneval_x);
    assert_eq!(multipl_e, native);
    let passed = multipl_e.iter().filter(|(_, p)| *p).count();
    assert!(passed > 0 && passed < multipl_e.len(), "{multipl_e:?}");
}
