//! `evaluate` judges the structured cases of a problem whatever format carried them, and
//! reports base and plus verdicts as EvalPlus does.

mod common;
use common::*;
use std::path::Path;

const CANONICAL: &str = "    for i, a in enumerate(numbers):\n        for j, b in enumerate(numbers):\n            if i != j and abs(a - b) < threshold:\n                return True\n    return False\n";
/// Right on every list of at most 6 numbers (all of HumanEval/0's original tests), wrong on
/// longer ones.
const SHORT_ONLY: &str = "    if len(numbers) > 6:\n        return False\n    for i, a in enumerate(numbers):\n        for j, b in enumerate(numbers):\n            if i != j and abs(a - b) < threshold:\n                return True\n    return False\n";

fn samples(dir: &Path) -> String {
    let text: String = [CANONICAL, SHORT_ONLY, "    return None\n"]
        .iter()
        .map(|c| serde_json::json!({"task_id": "HumanEval/0", "completion": c}).to_string() + "\n")
        .collect();
    let p = dir.join("samples.jsonl");
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// Per-sample verdicts (passed, base, plus) of `evaluate`.
fn verdicts(
    data: &str,
    samples: &str,
    results: &Path,
) -> Vec<(bool, serde_json::Value, serde_json::Value)> {
    let out = run(&[
        "evaluate",
        data,
        "--samples",
        samples,
        "--results",
        results.to_str().unwrap(),
        "--k",
        "1",
        "--format",
        "jsonl",
    ]);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    jsonl(&out)
        .into_iter()
        .map(|r| {
            (
                r["passed"].as_bool().unwrap(),
                r["base"].clone(),
                r["plus"].clone(),
            )
        })
        .collect()
}

#[test]
fn every_fuzz_format_gives_the_same_verdicts() {
    let d = tempfile::tempdir().unwrap();
    let he = dataset("humaneval/HumanEval.jsonl.gz");
    let samples = samples(d.path());
    let mut all = vec![];
    for emit in ["evalplus", "humaneval", "native"] {
        let out_file = d.path().join(format!("fuzz-{emit}.jsonl"));
        let out = run(&[
            "fuzz",
            he.to_str().unwrap(),
            "--task",
            "HumanEval/0",
            "--budget",
            "60",
            "--emit",
            emit,
            "--out",
            out_file.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(out.code, 0, "{emit}: {}", out.stderr);
        let v = verdicts(
            out_file.to_str().unwrap(),
            &samples,
            &d.path().join(format!("r-{emit}.jsonl")),
        );
        let passed: Vec<bool> = v.iter().map(|x| x.0).collect();
        // Canonical passes; the sample that is wrong on long lists and `return None` fail.
        assert_eq!(passed, [true, false, false], "{emit}: {v:?}");
        all.push(passed);
    }
    assert!(all.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn humaneval_plus_gives_base_and_plus_verdicts() {
    let d = tempfile::tempdir().unwrap();
    let lines: Vec<String> = records("humanevalplus/HumanEvalPlus.jsonl.gz")
        .into_iter()
        .filter(|r| r["task_id"] == "HumanEval/0")
        .map(|r| r.to_string())
        .collect();
    let data = d.path().join("he0.jsonl");
    std::fs::write(&data, lines.join("\n") + "\n").unwrap();
    let samples = samples(d.path());
    let v = verdicts(data.to_str().unwrap(), &samples, &d.path().join("r.jsonl"));
    let t = serde_json::Value::Bool(true);
    let f = serde_json::Value::Bool(false);
    assert_eq!(v[0], (true, t.clone(), t.clone()), "canonical");
    // Passes the base inputs (HumanEval's own), fails HumanEval+'s longer lists.
    assert_eq!(v[1], (false, t.clone(), f.clone()), "short-only");
    assert!(!v[2].0);
    assert_eq!(v[2].1, f, "return None fails the base inputs");
    // The summary reports pass@1 for base and for base+plus.
    let out = run(&[
        "evaluate",
        data.to_str().unwrap(),
        "--samples",
        &samples,
        "--results",
        d.path().join("r.jsonl").to_str().unwrap(),
        "--k",
        "1",
        "--format",
        "json",
    ]);
    let s = json(&out);
    assert_eq!(s["resumed"], 3);
    let third = 1.0 / 3.0;
    assert!(
        (s["pass_at_k"]["pass@1"].as_f64().unwrap() - third).abs() < 1e-9,
        "{s}"
    );
    assert!(
        (s["pass_at_k_base"]["pass@1"].as_f64().unwrap() - 2.0 * third).abs() < 1e-9,
        "{s}"
    );
}

/// HumanEval/130's largest plus inputs return lists of a million numbers: too large to send, so
/// they are compared by digest, which must still catch one wrong element among a million.
#[test]
fn outputs_too_large_to_send_are_judged_by_digest() {
    let d = tempfile::tempdir().unwrap();
    let mut rec = records("humanevalplus/HumanEvalPlus.jsonl.gz")
        .into_iter()
        .find(|r| r["task_id"] == "HumanEval/130")
        .unwrap();
    // Keep the base inputs and the largest plus input only (a fast test).
    let plus = rec["plus_input"].as_array().unwrap().clone();
    let largest = plus
        .iter()
        .max_by_key(|i| i[0].as_i64().unwrap())
        .unwrap()
        .clone();
    assert!(largest[0].as_i64().unwrap() > 500_000);
    rec["plus_input"] = serde_json::json!([largest]);
    let data = d.path().join("he130.jsonl");
    std::fs::write(&data, rec.to_string() + "\n").unwrap();
    let canonical = rec["canonical_solution"].as_str().unwrap();
    let wrap = |body: &str| {
        format!("    return _fix(_tri(n))\n\ndef _tri(n):\n{canonical}\n\ndef _fix(xs):\n{body}")
    };
    let completions = [
        canonical.to_string(),
        // The last element off by one, only on long outputs.
        wrap("    if len(xs) > 1000:\n        xs[-1] += 1\n    return xs\n"),
    ];
    let text: String = completions
        .iter()
        .map(|c| {
            serde_json::json!({"task_id": "HumanEval/130", "completion": c}).to_string() + "\n"
        })
        .collect();
    let samples = d.path().join("samples.jsonl");
    std::fs::write(&samples, text).unwrap();
    let v = verdicts(
        data.to_str().unwrap(),
        samples.to_str().unwrap(),
        &d.path().join("r.jsonl"),
    );
    let t = serde_json::Value::Bool(true);
    let f = serde_json::Value::Bool(false);
    assert_eq!(v[0], (true, t.clone(), t.clone()), "canonical");
    assert_eq!(v[1], (false, t, f), "last element off by one");
}
