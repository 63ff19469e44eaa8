//! Behaviour is unchanged where it should be: `compose` and `perturb --recipe recode` write
//! byte-identical files for a fixed slice of HumanEval and MBPP, compared with sha256 digests
//! recorded before the one-pipeline refactor (`tests/fixtures/golden/outputs.sha256`).

mod common;
use common::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// Lines `from..to` of a dataset file, byte for byte (gzip or plain).
fn slice(rel: &str, from: usize, to: usize, out: &Path) {
    let text = dataset_text(rel);
    let lines: Vec<&str> = text
        .split_inclusive('\n')
        .skip(from)
        .take(to - from)
        .collect();
    std::fs::write(out, lines.concat()).unwrap();
}

/// `benchsmith ARGS` run in `dir` (paths relative to it, as the recorded provenance has them).
fn run_in(dir: &Path, args: &[&str]) {
    let o = bin().current_dir(dir).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn digests(dir: &Path, base: &Path, out: &mut BTreeMap<String, String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            digests(&p, base, out);
        } else if p.extension().is_some_and(|x| x == "jsonl") {
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            let hex = format!("{:x}", Sha256::digest(std::fs::read(&p).unwrap()));
            out.insert(rel, hex);
        }
    }
}

#[test]
fn compose_and_perturb_outputs_are_unchanged() {
    let d = tempfile::tempdir().unwrap();
    let (he, mbpp) = (d.path().join("he12.jsonl"), d.path().join("mbpp12.jsonl"));
    slice("humaneval/HumanEval.jsonl.gz", 0, 12, &he);
    slice("mbpp/mbpp.jsonl", 10, 22, &mbpp);
    for name in ["he", "mbpp"] {
        let data = format!("{name}12.jsonl");
        let (out, rej) = (format!("out/{name}.jsonl"), format!("out/{name}-rej.jsonl"));
        run_in(
            d.path(),
            &[
                "-q",
                "compose",
                &data,
                "--out",
                &out,
                "--rejected-out",
                &rej,
            ],
        );
        let pert = format!("out/perturb-{name}");
        run_in(
            d.path(),
            &["-q", "perturb", &data, "--recipe", "recode", "--out", &pert],
        );
    }
    let out = d.path().join("out");
    let mut got = BTreeMap::new();
    digests(&out, &out, &mut got);
    let recorded = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden/outputs.sha256"),
    )
    .unwrap();
    let want: BTreeMap<String, String> = recorded
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (h, f) = l.split_once("  ").unwrap();
            (f.to_string(), h.to_string())
        })
        .collect();
    assert_eq!(got.len(), want.len(), "files written differ");
    let changed: Vec<&String> = want
        .iter()
        .filter(|(f, h)| got.get(*f) != Some(h))
        .map(|(f, _)| f)
        .collect();
    assert!(changed.is_empty(), "outputs changed: {changed:?}");
}
