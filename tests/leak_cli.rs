//! `leak` and `dedup` on small inputs: bad records, bad indexes, Parquet, and dedup on the real
//! HumanEval and HumanEval Pro.

mod common;

use common::{dataset, run};

fn index(dir: &std::path::Path) -> String {
    let ix = dir.join("he.idx").display().to_string();
    let he = dataset("humaneval/HumanEval.jsonl.gz")
        .display()
        .to_string();
    let o = run(&["leak", "index", &he, "--out", &ix]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("164 problems"), "{}", o.stdout);
    ix
}

/// HumanEval programs (prompt + canonical solution) of the first `n` problems.
fn programs(n: usize) -> Vec<String> {
    common::dataset_text("humaneval/HumanEval.jsonl.gz")
        .lines()
        .take(n)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{}{}",
                v["prompt"].as_str().unwrap(),
                v["canonical_solution"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn bad_records_are_reported_with_file_and_line_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let ix = index(dir.path());
    let corpus = dir.path().join("c.jsonl");
    let p = programs(3);
    let lines = [
        serde_json::json!({"id": "a", "content": p[0]}).to_string(),
        "{not json".to_string(),
        serde_json::json!({"id": "b", "content": null}).to_string(),
        serde_json::json!({"id": "c", "content": format!("# unrelated\nx = 1\n{}", p[2])})
            .to_string(),
    ];
    std::fs::write(&corpus, lines.join("\n") + "\n").unwrap();
    let out = dir.path().join("f.jsonl").display().to_string();
    let c = corpus.display().to_string();
    let o = run(&[
        "leak", "scan", &c, "--index", &ix, "--out", &out, "--format", "json",
    ]);
    assert_eq!(o.code, 1, "skipped records give exit 1: {}", o.stderr);
    let s = &common::json(&o)["summary"];
    assert_eq!(s["documents"], 2);
    assert_eq!(s["bad_records"], 2);
    let bad = s["bad"].as_array().unwrap();
    assert_eq!(bad[0]["line"], 2);
    assert_eq!(bad[1]["line"], 3);
    assert!(bad[1]["message"].as_str().unwrap().contains("`content`"));
    let found = std::fs::read_to_string(&out).unwrap();
    assert!(found.contains("\"doc\":\"a\"") && found.contains("HumanEval/0"));
    assert!(found.contains("\"doc\":\"c\"") && found.contains("HumanEval/2"));
    assert!(!found.contains("HumanEval/1\""));
}

#[test]
fn a_file_that_is_not_an_index_is_an_input_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("fake.idx");
    std::fs::write(&fake, "hello").unwrap();
    let c = dir.path().join("c.jsonl");
    std::fs::write(&c, "{\"content\": \"x\"}\n").unwrap();
    let (f, c) = (fake.display().to_string(), c.display().to_string());
    let out = dir.path().join("o.jsonl").display().to_string();
    let o = run(&["leak", "scan", &c, "--index", &f, "--out", &out]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains(&f) && o.stderr.contains("not a benchsmith leak index"),
        "{}",
        o.stderr
    );
    let o = run(&[
        "leak",
        "scan",
        "/nonexistent/corpus.jsonl",
        "--index",
        &f,
        "--out",
        &out,
    ]);
    assert_eq!(o.code, 2);
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_corpora_are_read_by_column_name() {
    let dir = tempfile::tempdir().unwrap();
    let ix = index(dir.path());
    let pq = dir.path().join("c.parquet");
    let p = programs(12);
    let script = format!(
        "import json, pyarrow as pa, pyarrow.parquet as pq\nprogs = json.loads({progs:?})\n\
         rows = {{'doc_id': [], 'text': [], 'path': []}}\n\
         for i, t in enumerate(progs):\n    rows['doc_id'].append('pq%d' % i); rows['text'].append(t if i % 2 == 0 else 'x = %d' % i); rows['path'].append('r/f%d.py' % i)\n\
         rows['doc_id'].append('null'); rows['text'].append(None); rows['path'].append('n.py')\n\
         pq.write_table(pa.table(rows), {path:?}, compression='zstd', row_group_size=5)\n",
        progs = serde_json::to_string(&p).unwrap(),
        path = pq.display().to_string()
    );
    let ok = std::process::Command::new("python3")
        .args(["-c", &script])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = dir.path().join("f.jsonl").display().to_string();
    let q = pq.display().to_string();
    let o = run(&[
        "leak",
        "scan",
        &q,
        "--index",
        &ix,
        "--out",
        &out,
        "--text-field",
        "text",
        "--id-field",
        "doc_id",
        "--format",
        "json",
    ]);
    assert_eq!(o.code, 1, "the null row is reported: {}", o.stderr);
    let s = &common::json(&o)["summary"];
    assert_eq!(s["documents"], 12);
    assert_eq!(s["bad"][0]["line"], 13);
    assert_eq!(s["benchmarks"]["HumanEval"]["found"], 6, "{s}");
    let found = std::fs::read_to_string(&out).unwrap();
    assert!(found.contains("\"doc\":\"pq10\""));
    // A missing column is an input error naming it.
    let o = run(&["leak", "scan", &q, "--index", &ix, "--out", &out]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no column `content`"), "{}", o.stderr);
}

#[test]
fn dedup_finds_humaneval_pro_around_humaneval() {
    let he = dataset("humaneval/HumanEval.jsonl.gz")
        .display()
        .to_string();
    let pro = dataset("humaneval-pro/humaneval_pro.json")
        .display()
        .to_string();
    let o = run(&[
        "dedup",
        &he,
        &pro,
        "--measure",
        "containment",
        "--threshold",
        "0.8",
        "--format",
        "json",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let s = common::json(&o);
    let cross = s["pairs_by_benchmarks"]["HumanEval ~ humaneval_pro"]
        .as_u64()
        .unwrap();
    // Each HumanEval Pro problem contains its source problem's solution: most pairs are found,
    // and they are not all pairs (1 Pro problem per source, give or take near-duplicates).
    assert!((150..=200).contains(&cross), "{s}");
    let o = run(&["dedup", &he, &pro, "--format", "jsonl"]);
    let clusters = common::jsonl(&o);
    assert!(clusters.len() > 100);
    let c = &clusters[0];
    assert!(c["diffs"][0].as_str().unwrap().starts_with("---"), "{c}");
}
