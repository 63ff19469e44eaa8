//! Translation into JavaScript: all of HumanEval and a slice of MBPP translated and proven in
//! the sandbox (syntax check, table solution passes, one wrong output fails), HumanEval-X's
//! hand-written JavaScript solutions against our tests, a snapshot of one record, and a
//! property test that every value renders to a literal Node accepts, equal to itself through
//! the harness and different from a changed value.

mod common;

use benchsmith::exec::{CommandSpec, Job, Pool, SandboxConfig, Status};
use benchsmith::model::Value;
use benchsmith::translate::{render, spec};
use common::{dataset, run};
use proptest::prelude::*;

fn translate(ds: &str, extra: &[&str]) -> (serde_json::Value, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().display().to_string();
    let mut args = vec![
        "translate",
        ds,
        "--to",
        "javascript",
        "--out",
        &out,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_eq!(o.code, 0, "{}", o.stderr);
    (common::json(&o), dir)
}

#[test]
fn humaneval_translates_and_validates_in_javascript() {
    let he = dataset("humaneval/HumanEval.jsonl.gz")
        .display()
        .to_string();
    let hx = dataset("humaneval-x/js/humaneval_js.jsonl.gz")
        .display()
        .to_string();
    let (s, dir) = translate(&he, &["--cross-check", &hx]);
    let js = &s["languages"]["js"];
    assert!(js["validated"].as_u64().unwrap() >= 163, "{s}");
    assert!(js["cases"].as_u64().unwrap() >= 1400, "{s}");
    assert_eq!(
        js["translated"], js["validated"],
        "every translation passed (a)-(d): {s}"
    );
    // HumanEval-X's hand-written solutions: the failures are HumanEval-X bugs (comma
    // operators, a string for a float, 0 digits), Python's banker's rounding, or an npm module
    // the machine does not have (see BENCHMARKS.md).
    let cc = s["cross_check"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .clone();
    assert!(cc["passed"].as_u64().unwrap() >= 155, "{cc}");
    let records: Vec<serde_json::Value> =
        std::fs::read_to_string(dir.path().join("humaneval-js.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let first = records
        .iter()
        .find(|r| r["name"] == "HumanEval_0_has_close_elements")
        .unwrap();
    for k in [
        "name",
        "language",
        "prompt",
        "doctests",
        "original",
        "prompt_terminology",
        "tests",
        "stop_tokens",
    ] {
        assert!(first.get(k).is_some(), "MultiPL-E field {k}");
    }
    insta::assert_snapshot!(
        "humaneval_0_js",
        format!(
            "{}// --- completion goes here ---\n{}",
            first["prompt"].as_str().unwrap(),
            first["tests"].as_str().unwrap()
        )
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    let skipped = report["skipped"]["js"].as_array().unwrap();
    assert_eq!(skipped.len() as u64, js["skipped"].as_u64().unwrap());
}

#[test]
fn mbpp_slice_translates() {
    let mbpp = dataset("mbpp/mbpp.jsonl").display().to_string();
    let mut extra = vec![];
    let ids: Vec<String> = (11..71).map(|i| i.to_string()).collect();
    for id in &ids {
        extra.extend(["--task", id.as_str()]);
    }
    let (s, _dir) = translate(&mbpp, &extra);
    let js = &s["languages"]["js"];
    assert!(
        js["validated"].as_u64().unwrap() >= 57,
        "at least 95% of 60: {s}"
    );
}

#[test]
fn unknown_languages_are_usage_errors() {
    let o = run(&[
        "translate",
        "sample",
        "--to",
        "cobol",
        "--out",
        "/tmp/x-bs-never",
    ]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("unknown language \"cobol\""),
        "{}",
        o.stderr
    );
}

fn renderable() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::None),
        any::<bool>().prop_map(Value::Bool),
        (-(1i64 << 52)..(1i64 << 52)).prop_map(Value::int),
        prop_oneof![any::<f64>(), Just(f64::NAN), Just(-0.0), (-1e6f64..1e6)]
            .prop_map(Value::Float),
        "\\PC{0,10}".prop_map(Value::Str),
        any::<String>().prop_map(Value::Str),
    ];
    leaf.prop_recursive(3, 20, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::List),
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Tuple),
            proptest::collection::vec(("[a-z]{1,4}", inner.clone()), 0..4).prop_map(|kv| {
                let mut out: Vec<(Value, Value)> = vec![];
                for (k, v) in kv {
                    if !out.iter().any(|(k2, _)| k2 == &Value::Str(k.clone())) {
                        out.push((Value::Str(k), v));
                    }
                }
                Value::Dict(out)
            }),
            proptest::collection::vec((-100i64..100).prop_map(Value::int), 0..4).prop_map(|xs| {
                let mut out: Vec<Value> = vec![];
                for x in xs {
                    if !out.contains(&x) {
                        out.push(x);
                    }
                }
                Value::Set(out)
            }),
        ]
    })
}

/// A value the harness must tell apart from `v`.
fn changed(v: &Value) -> Value {
    match v {
        Value::None => Value::int(0),
        Value::Bool(b) => Value::Bool(!b),
        Value::Int(i) => Value::Int(i + 1),
        Value::Float(f) if f.is_nan() => Value::Float(0.0),
        Value::Float(f) if f.is_infinite() => Value::Float(-f),
        // Beyond the harness's float tolerance (1e-6 absolute or relative).
        Value::Float(f) if f.abs() < 1.0 => Value::Float(f + 1.0),
        Value::Float(f) => Value::Float(f * 2.0),
        Value::Str(s) => Value::Str(format!("{s}x")),
        Value::List(xs) | Value::Tuple(xs) if xs.is_empty() => Value::List(vec![Value::None]),
        Value::List(xs) | Value::Tuple(xs) => {
            let mut ys = xs.clone();
            ys[0] = changed(&ys[0]);
            Value::List(ys)
        }
        Value::Dict(kv) if kv.is_empty() => {
            Value::Dict(vec![(Value::Str("k".into()), Value::None)])
        }
        Value::Dict(kv) => {
            let mut kv = kv.clone();
            kv[0].1 = changed(&kv[0].1);
            Value::Dict(kv)
        }
        Value::Set(xs) => {
            let mut ys = xs.clone();
            ys.push(Value::int(1000));
            Value::Set(ys)
        }
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn every_value_renders_to_a_literal_equal_to_itself_and_not_to_a_changed_one(values in proptest::collection::vec(renderable(), 1..30)) {
        let js = spec::find("js").unwrap();
        let mut program = js.harness.clone();
        for (i, v) in values.iter().enumerate() {
            let a = render::literal(v, &js).unwrap();
            let b = render::literal(&changed(v), &js).unwrap();
            program.push_str(&format!("console.log('{i} ' + __bs_eq({a}, {a}) + ' ' + __bs_eq({a}, {b}));\n"));
        }
        let job = Job::command(CommandSpec {
            argv: vec!["node".into(), "main.js".into()],
            files: [("main.js".to_string(), program)].into_iter().collect(),
            stdin: String::new(),
            output_cap: 1 << 16,
        });
        let pool = Pool::new(&SandboxConfig::default(), 1).unwrap();
        let r = pool.run(&[job], |_, _| {}).unwrap().remove(0);
        prop_assert_eq!(r.status, Status::Passed, "{:?}", r);
        let out = r.command.unwrap().stdout;
        for (i, v) in values.iter().enumerate() {
            prop_assert!(out.lines().any(|l| l == format!("{i} true false")), "value {:?}: {}", v, out);
        }
    }
}
