//! `benchsmith run RECIPE.yaml`: the checked-in sample pipeline writes the same files as the
//! same commands typed one by one; bad recipes are refused before anything runs, naming the
//! file, line and field.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn project(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn bs(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_benchsmith"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Every file under `dir` (relative path → bytes), `report.json` aside.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, d: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.file_name().unwrap() != "report.json" {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = Default::default();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn the_sample_pipeline_writes_what_the_commands_write() {
    let recipe = project("transforms/recipes/pipeline-sample.yaml");
    let a = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = bs(
        a.path(),
        &["run", recipe.to_str().unwrap(), "-q", "-j", "2"],
    );
    assert!(code <= 1, "exit {code}: {stderr}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.path().join("runs/sample/report.json")).unwrap())
            .unwrap();
    assert_eq!(report["steps"].as_array().unwrap().len(), 6, "{stdout}");
    assert_eq!(report["steps"][0]["summary"]["total"], 16, "{report}");

    let b = tempfile::tempdir().unwrap();
    let d = "runs/sample/sample";
    let mut fuzz_summary = serde_json::Value::Null;
    for args in [
        vec!["validate", "sample"],
        vec![
            "perturb",
            "sample",
            "--out",
            &format!("{d}/perturb"),
            "--recipe",
            "recode",
            "--seeds",
            "1",
        ],
        vec![
            "compose",
            "sample",
            "--out",
            &format!("{d}/compose.jsonl"),
            "--per-problem",
            "1",
        ],
        vec![
            "fuzz",
            "sample",
            "--out",
            &format!("{d}/fuzz.jsonl"),
            "--budget",
            "30",
        ],
        vec![
            "export",
            &format!("{d}/compose.native.jsonl"),
            "--to",
            "humaneval",
            "--out",
            &format!("{d}/export.humaneval.jsonl"),
        ],
        vec![
            "export",
            &format!("{d}/compose.native.jsonl"),
            "--to",
            "native",
            "--out",
            &format!("{d}/export.native.jsonl"),
        ],
    ] {
        let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        args.extend(["-q".into(), "-j".into(), "2".into()]);
        if args[0] == "fuzz" {
            args.extend(["--format".into(), "json".into()]);
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stdout, stderr) = bs(b.path(), &argv);
        assert!(code <= 1, "{argv:?}: exit {code}: {stderr}");
        if args[0] == "fuzz" {
            fuzz_summary = serde_json::from_str(&stdout).unwrap();
        }
    }
    let (ta, tb) = (tree(&a.path().join("runs")), tree(&b.path().join("runs")));
    assert!(ta.len() >= 8, "{:?}", ta.keys());
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    // A fuzzed problem whose reference met the time limit depends on the machine's speed
    // (both runs say which): its base inputs must agree, its new ones may not.
    let mut speed_dependent = std::collections::BTreeSet::new();
    for summary in [&report["steps"][3]["summary"], &fuzz_summary] {
        for t in summary["speed_dependent"]
            .as_array()
            .expect("speed_dependent")
        {
            speed_dependent.insert(t.as_str().unwrap().to_string());
        }
    }
    // Most problems must be compared record for record.
    assert!(speed_dependent.len() <= 5, "{speed_dependent:?}");
    for (k, v) in &ta {
        if k.ends_with("fuzz.jsonl") {
            let records = |b: &[u8]| -> Vec<serde_json::Value> {
                let text = String::from_utf8(b.to_vec()).unwrap();
                text.lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect()
            };
            let (ra, rb) = (records(v), records(&tb[k]));
            assert_eq!(ra.len(), rb.len(), "{k}");
            for (x, y) in ra.iter().zip(&rb) {
                let id = x["task_id"].as_str().unwrap();
                if speed_dependent.contains(id) {
                    assert_eq!(x["base_input"], y["base_input"], "{id} in {k}");
                } else {
                    assert_eq!(x, y, "{id} differs in {k} between `run` and the commands");
                }
            }
            continue;
        }
        assert!(v == &tb[k], "{k} differs between `run` and the commands");
    }
}

#[test]
fn bad_recipes_are_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let write = |text: &str| {
        let p = dir.path().join("r.yaml");
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let base = "name: t\nout: o\ndatasets: [sample]\nsteps:\n  - validate: {}\n  - compose:\n      per_problem: 1\n      nonsense: 3\n";
    let (code, _, stderr) = bs(dir.path(), &["run", &write(base)]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("r.yaml:8: compose.nonsense:"), "{stderr}");
    assert!(!dir.path().join("o").exists(), "nothing ran");
    let (code, _, stderr) = bs(
        dir.path(),
        &[
            "run",
            &write(
                &base
                    .replace("nonsense: 3", "per_problem_x: 1")
                    .replace("per_problem: 1", "per_problem: -4"),
            ),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = bs(
        dir.path(),
        &["run", &write(&base.replace("- validate", "- validat"))],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("r.yaml:5: steps[0]: unknown step `validat`"),
        "{stderr}"
    );
    let (code, _, stderr) = bs(
        dir.path(),
        &[
            "run",
            &write(
                &base
                    .replace("[sample]", "[no/such.jsonl]")
                    .replace("      nonsense: 3\n", ""),
            ),
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("r.yaml:3: datasets:"), "{stderr}");
}

#[test]
fn the_humaneval_mbpp_pipeline_is_a_valid_recipe() {
    let (code, stdout, stderr) = bs(
        &project(""),
        &[
            "run",
            "transforms/recipes/pipeline-he-mbpp.yaml",
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    // 2 datasets x (validate, perturb, compose, fuzz, 3 exports).
    assert_eq!(lines.len(), 14, "{stdout}");
    assert!(lines[1].starts_with("benchsmith perturb ../shared/datasets/humaneval/HumanEval.jsonl.gz --out runs/he-mbpp/HumanEval/perturb"), "{stdout}");
}
