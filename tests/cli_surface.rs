//! The command line's surface: output paths checked (and folders created) before any work,
//! errors that name the path, distinct exit codes for input and internal errors, a quiet exit
//! on a closed pipe.

mod common;
use common::*;
use std::io::Read;
use std::process::Stdio;
use std::time::Instant;

#[test]
fn missing_output_folders_are_created() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("a/b/fuzz.jsonl");
    let report = d.path().join("c/report.jsonl");
    let o = run(&[
        "fuzz",
        "sample",
        "--limit",
        "1",
        "--budget",
        "5",
        "--out",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(out.exists() && report.exists());
}

/// An output that cannot be written is refused at once (exit 2, the path named), before the
/// dataset is even run: the time is far below one sandbox run of the sample dataset.
#[test]
fn unwritable_outputs_are_refused_before_any_work() {
    let d = tempfile::tempdir().unwrap();
    // A regular file where a folder is needed.
    let blocker = d.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let bad = blocker.join("out.jsonl");
    let bad = bad.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["fuzz", "sample", "--budget", "5", "--out", bad],
        vec!["compose", "sample", "--out", bad],
        vec!["mutate", "sample", "--out", bad],
        vec!["perturb", "sample", "--recipe", "recode", "--out", bad],
    ];
    for args in cases {
        let t0 = Instant::now();
        let o = run(&args);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(
            o.stderr.contains(blocker.to_str().unwrap()),
            "{args:?}: {}",
            o.stderr
        );
        assert!(
            !o.stderr.contains("fuzzed") && !o.stderr.contains("compose:"),
            "{args:?} did work first: {}",
            o.stderr
        );
        assert!(t0.elapsed().as_secs_f64() < 5.0, "{args:?}");
    }
    // export names the path too.
    let composed = d.path().join("x.jsonl");
    std::fs::write(&composed, "").unwrap();
    let o = run(&[
        "export",
        composed.to_str().unwrap(),
        "--to",
        "humaneval",
        "--out",
        bad,
    ]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains(blocker.to_str().unwrap()), "{}", o.stderr);
}

/// A sandbox that cannot run is not the user's input: exit 3, not 2.
#[test]
fn a_broken_interpreter_is_an_internal_error() {
    let o = run(&["validate", "sample", "--python", "/bin/false"]);
    assert_eq!(o.code, 3, "{}", o.stderr);
    // A missing dataset stays an input error.
    let o = run(&["validate", "/nonexistent/file.jsonl"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
}

#[test]
fn a_closed_pipe_is_a_quiet_exit() {
    // Far more than a pipe buffer holds, so writing hits the closed pipe.
    let he = dataset("humaneval/HumanEval.jsonl.gz");
    let mut child = bin()
        .args(["inspect", he.to_str().unwrap(), "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read nothing: close the pipe at once.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
    assert_eq!(status.code(), Some(141), "{err}");
}
