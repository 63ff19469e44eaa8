//! Leakage on a planted corpus built by the test itself: a few hundred MB of real code from
//! this machine with HumanEval and MBPP problems planted verbatim, reformatted, renamed (by
//! benchsmith's own perturb transforms), embedded in larger files and translated (HumanEval-X
//! JavaScript and Java, renamed and reformatted). Recall per kind and precision must be at
//! least 95%; findings must be byte-identical across runs, shard counts and the PySpark driver.

mod common;

use common::{dataset, run};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Size of the real-code background (MB); `BENCHSMITH_LEAK_TEST_MB` overrides it.
fn size_mb() -> String {
    std::env::var("BENCHSMITH_LEAK_TEST_MB").unwrap_or_else(|_| "200".into())
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    index: PathBuf,
    corpus: Vec<String>,
    truth: PathBuf,
}

fn project(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .display()
        .to_string()
}

fn ok(args: &[&str]) -> common::Out {
    let o = run(args);
    assert!(
        o.code == 0,
        "benchsmith {args:?} exited {}: {}",
        o.code,
        o.stderr
    );
    o
}

fn python(args: &[&str]) -> String {
    let o = std::process::Command::new("python3")
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        o.status.success(),
        "python3 {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn fixture() -> &'static Fixture {
    static FIX: OnceLock<Fixture> = OnceLock::new();
    FIX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let p = |s: &str| root.join(s).display().to_string();
        let he = dataset("humaneval/HumanEval.jsonl.gz")
            .display()
            .to_string();
        let mbpp = dataset("mbpp/mbpp.jsonl").display().to_string();
        let js = dataset("humaneval-x/js/humaneval_js.jsonl.gz")
            .display()
            .to_string();
        let java = dataset("humaneval-x/java/humaneval_java.jsonl.gz")
            .display()
            .to_string();
        // Renamed variants, by benchsmith's own transforms (validated by execution).
        let mut renamed = vec![];
        for (name, ds) in [("he", &he), ("mbpp", &mbpp)] {
            let first = p(&format!("{name}-var"));
            let second = p(&format!("{name}-fn"));
            ok(&[
                "perturb",
                ds,
                "--transform",
                "VarRenamerRN",
                "--seeds",
                "1",
                "--out",
                &first,
                "-q",
            ]);
            let step = format!("{first}/VarRenamerRN/s0.jsonl");
            ok(&[
                "perturb",
                &step,
                "--transform",
                "FuncRenameCamelCase",
                "--seeds",
                "1",
                "--out",
                &second,
                "-q",
            ]);
            renamed.push(format!("{second}/FuncRenameCamelCase/s0.jsonl"));
        }
        let planted = p("planted");
        let mb = size_mb();
        let mut args = vec![
            project("bench/leak_corpus.py"),
            "--out".into(),
            planted.clone(),
            "--size-mb".into(),
            mb,
            "--humaneval".into(),
            he.clone(),
            "--mbpp".into(),
            mbpp.clone(),
            "--js".into(),
            js.clone(),
            "--java".into(),
            java.clone(),
            "--renamed".into(),
        ];
        args.extend(renamed);
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        python(&argv);
        let index = root.join("bench.idx");
        let ix = index.display().to_string();
        ok(&["leak", "index", &he, &mbpp, &js, &java, "--out", &ix, "-q"]);
        let corpus = [
            "part-0.jsonl",
            "part-1.jsonl.gz",
            "part-2.jsonl.zst",
            "tree",
        ]
        .iter()
        .map(|f| format!("{planted}/corpus/{f}"))
        .filter(|f| Path::new(f).exists() || f.ends_with(".zst"))
        .collect();
        Fixture {
            truth: root.join("planted/truth.jsonl"),
            _dir: dir,
            root,
            index,
            corpus,
        }
    })
}

/// Scan the fixture's corpus with extra arguments; returns the findings path.
fn scan(name: &str, extra: &[&str]) -> PathBuf {
    let f = fixture();
    let out = f.root.join(name);
    let ix = f.index.display().to_string();
    let o = out.display().to_string();
    let mut args = vec!["leak", "scan", "--index", &ix, "--out", &o, "-q"];
    args.extend_from_slice(extra);
    args.extend(f.corpus.iter().map(String::as_str));
    ok(&args);
    out
}

#[test]
fn planted_leaks_are_found_with_high_recall_and_precision() {
    let f = fixture();
    let findings = scan("findings.jsonl", &["-j", "2"]);
    let score: serde_json::Value = serde_json::from_str(&python(&[
        &project("bench/leak_score.py"),
        &f.truth.display().to_string(),
        &findings.display().to_string(),
    ]))
    .unwrap();
    let kinds = score["kinds"].as_object().unwrap();
    assert_eq!(kinds.len(), 6, "every kind of planting is there: {score}");
    for (kind, k) in kinds {
        assert!(k["planted"].as_u64().unwrap() >= 30, "{kind}: {k}");
        assert!(
            k["recall"].as_f64().unwrap() >= 0.95,
            "recall of {kind} below 95%: {k}"
        );
    }
    assert!(
        score["precision"].as_f64().unwrap() >= 0.95,
        "precision below 95%: {score}"
    );
}

#[test]
fn findings_are_identical_across_runs_shard_counts_and_the_spark_driver() {
    let f = fixture();
    let one = std::fs::read(scan("one.jsonl", &["-j", "1"])).unwrap();
    assert!(!one.is_empty());
    // Four shards, one process each (one of them run twice: the second run does nothing).
    let four = f.root.join("four.jsonl");
    for i in 0..4 {
        scan("four.jsonl", &["--shard", &format!("{i}/4")]);
    }
    let again = {
        let ix = f.index.display().to_string();
        let o = four.display().to_string();
        let mut args = vec![
            "leak", "scan", "--index", &ix, "--out", &o, "--shard", "2/4",
        ];
        args.extend(f.corpus.iter().map(String::as_str));
        ok(&args).stdout
    };
    assert!(again.contains("already done"), "{again}");
    let (ix, o) = (f.index.display().to_string(), four.display().to_string());
    ok(&["leak", "merge", "--index", &ix, "--out", &o, "-q"]);
    assert!(
        std::fs::read(&four).unwrap() == one,
        "4 shards differ from 1"
    );
    let two = std::fs::read(scan("two.jsonl", &["-j", "2"])).unwrap();
    assert!(two == one, "2 threads differ from 1");

    // The same scan through PySpark in local mode (3 shards).
    let spark = f.root.join("spark.jsonl");
    let mut args = vec![
        project("scripts/spark/leak_scan.py"),
        "--master".into(),
        "local[2]".into(),
        "--binary".into(),
        env!("CARGO_BIN_EXE_benchsmith").into(),
        "--index".into(),
        ix.clone(),
        "--out".into(),
        spark.display().to_string(),
        "--shards".into(),
        "3".into(),
    ];
    args.extend(f.corpus.iter().cloned());
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let summary: serde_json::Value = serde_json::from_str(python(&argv).trim()).unwrap();
    assert_eq!(summary["spark"]["scanned"], 3, "{summary}");
    assert!(
        std::fs::read(&spark).unwrap() == one,
        "the Spark run differs from the local one"
    );
}

#[test]
fn decontaminated_corpus_keeps_exactly_the_unflagged_documents() {
    let f = fixture();
    let out = f.root.join("decont");
    let findings = scan(
        "dec.jsonl",
        &["-j", "2", "--decontaminate", &out.display().to_string()],
    );
    let flagged: std::collections::BTreeSet<(String, Option<u64>)> =
        std::fs::read_to_string(&findings)
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (v["file"].as_str().unwrap().to_string(), v["line"].as_u64())
            })
            .collect();
    assert!(!flagged.is_empty());
    // The decontaminated corpus holds every document but the flagged ones.
    let kept: Vec<String> = walk(&out);
    assert!(!kept.is_empty());
    let ix = f.index.display().to_string();
    let again = f.root.join("dec-again.jsonl").display().to_string();
    let mut args = vec![
        "leak", "scan", "--index", &ix, "--out", &again, "--format", "json",
    ];
    args.extend(kept.iter().map(String::as_str));
    let after = common::json(&ok(&args));
    let p = findings.display().to_string();
    let before = common::json(&ok(&[
        "leak", "merge", "--index", &ix, "--out", &p, "--format", "json",
    ]));
    let docs = |v: &serde_json::Value| v["summary"]["documents"].as_u64().unwrap();
    assert_eq!(docs(&after), docs(&before) - flagged.len() as u64);
    let flagged_ids: Vec<String> = std::fs::read_to_string(&findings)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .filter(|d| d.starts_with("plant-"))
        .collect();
    assert!(!flagged_ids.is_empty());
    for k in kept.iter().filter(|k| k.ends_with(".jsonl")) {
        let text = std::fs::read_to_string(k).unwrap();
        for id in &flagged_ids {
            assert!(
                !text.contains(&format!("\"id\": \"{id}\"")),
                "{id} kept in {k}"
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p.display().to_string());
        }
    }
    out.sort();
    out
}
