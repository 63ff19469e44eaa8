//! Tests whose expected output depends on Python's own arithmetic: found by running the
//! reference again with the target's division, rounding and integer range, and left out or
//! flagged per language. The rewritten arithmetic itself is checked against Rust's, which
//! truncates its division and rounds ties away from zero.

mod common;

use benchsmith::exec::{CaseStatus, Job, Pool, SandboxConfig};
use benchsmith::model::Value;
use benchsmith::translate::python_only::{program, Key};
use benchsmith::translate::spec::{Arithmetic, Division, Rounding};
use common::{dataset, run};
use proptest::prelude::*;

#[test]
fn humaneval_tests_that_depend_on_python_arithmetic_are_found_per_language() {
    let he = dataset("humaneval/HumanEval.jsonl.gz")
        .display()
        .to_string();
    let report = |extra: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().display().to_string();
        let mut args = vec!["translate", &he, "--to", "js,pl,rb", "--out", &out];
        // decode_shift (negative `%`), rounded_avg (ties rounded to even), minSubArraySum
        // (sums beyond 2^53), has_close_elements (none of it).
        for t in [
            "HumanEval/0",
            "HumanEval/50",
            "HumanEval/103",
            "HumanEval/114",
        ] {
            args.extend(["--task", t]);
        }
        args.extend(extra);
        let o = run(&args);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let text = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    };
    let r = report(&[]);
    let count = |r: &serde_json::Value, kind: &str, lang: &str, task: &str, reason: &str| {
        r[kind][lang][task][reason].as_u64().unwrap_or(0)
    };
    // JavaScript: `%` keeps the dividend's sign, `Math.round` rounds ties up, numbers are exact
    // to 2^53.
    assert!(count(&r, "cases_flagged", "js", "HumanEval/50", "python_division") > 50);
    assert!(
        count(
            &r,
            "cases_dropped",
            "js",
            "HumanEval/103",
            "python_rounding"
        ) >= 1
    );
    assert!(count(&r, "cases_dropped", "js", "HumanEval/114", "int_overflow") >= 1);
    // Ruby floors like Python and has big integers, but rounds ties away from zero.
    assert_eq!(
        count(&r, "cases_flagged", "rb", "HumanEval/50", "python_division"),
        0
    );
    assert!(
        count(
            &r,
            "cases_dropped",
            "rb",
            "HumanEval/103",
            "python_rounding"
        ) >= 1
    );
    assert_eq!(
        count(&r, "cases_dropped", "rb", "HumanEval/114", "int_overflow"),
        0
    );
    // Perl's `%` takes the divisor's sign and `sprintf` rounds ties to even.
    for kind in ["cases_flagged", "cases_dropped"] {
        assert_eq!(r[kind]["pl"].as_object().map_or(0, |m| m.len()), 0, "{r}");
    }
    for lang in ["js", "pl", "rb"] {
        assert!(r["cases_dropped"][lang]["HumanEval/0"].is_null());
        assert_eq!(r["languages"][lang]["validated"], 4, "{lang}: {r}");
    }

    // The options turn leaving out into flagging and the other way round.
    let r = report(&["--keep-python-only", "--drop-python-division"]);
    assert!(count(&r, "cases_dropped", "js", "HumanEval/50", "python_division") > 50);
    assert!(
        count(
            &r,
            "cases_flagged",
            "js",
            "HumanEval/103",
            "python_rounding"
        ) >= 1
    );
}

fn key(int_div: Division, modulo: Division, round: Rounding, max_int: Option<u64>) -> Key {
    Key {
        arithmetic: Arithmetic {
            int_div,
            modulo,
            round,
        },
        max_int,
    }
}

/// Results of `[a // b, a % b, round(x)]` per input, under `key`'s arithmetic.
fn rewritten(key: &Key, inputs: &[(i64, i64, f64)]) -> Vec<Value> {
    let source = "def f(a, b, x):\n    q = a\n    q //= b\n    return [q, a % b, round(x)]\n";
    let args: Vec<Vec<Value>> = inputs
        .iter()
        .map(|(a, b, x)| vec![Value::int(*a), Value::int(*b), Value::Float(*x)])
        .collect();
    let pool = Pool::new(&SandboxConfig::default(), 1).unwrap();
    let job = Job::cases(&program(key, source), "", "f", &args, 2.0);
    let r = pool.run(std::slice::from_ref(&job), |_, _| {}).unwrap();
    let outs = r[0].outputs.clone().unwrap_or_default();
    assert_eq!(outs.len(), inputs.len(), "{:?}", r[0]);
    outs.into_iter()
        .map(|o| {
            assert_eq!(o.status, CaseStatus::Ok, "{o:?}");
            o.value.unwrap()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    /// C's arithmetic (as Rust's): truncated division and remainder, ties away from zero.
    #[test]
    fn rewritten_arithmetic_is_the_targets(
        inputs in proptest::collection::vec(
            (-1000i64..1000, (-50i64..50).prop_filter("non-zero", |b| *b != 0),
             (-400i32..400).prop_map(|h| h as f64 / 4.0)),
            1..40,
        )
    ) {
        let c = key(Division::Trunc, Division::Trunc, Rounding::HalfAway, None);
        for ((a, b, x), got) in inputs.iter().zip(rewritten(&c, &inputs)) {
            let want = Value::List(vec![
                Value::int(a / b),
                Value::int(a % b),
                Value::int(x.round() as i64),
            ]);
            prop_assert_eq!(got, want, "{} {} {}", a, b, x);
        }
        // Python's own, for the same inputs: floored, ties to even.
        let py = key(Division::Floor, Division::Floor, Rounding::HalfEven, None);
        for ((a, b, x), got) in inputs.iter().zip(rewritten(&py, &inputs)) {
            let even = if (x - x.trunc()).abs() == 0.5 { 2.0 * (x / 2.0).round() } else { x.round() };
            let floor = a / b - i64::from(a % b != 0 && (*a < 0) != (*b < 0));
            let want = Value::List(vec![
                Value::int(floor),
                Value::int(a - b * floor),
                Value::int(even as i64),
            ]);
            prop_assert_eq!(got, want, "{} {} {}", a, b, x);
        }
    }
}

#[test]
fn integers_beyond_the_range_raise_in_the_rewritten_reference() {
    let k = key(
        Division::Floor,
        Division::Floor,
        Rounding::HalfEven,
        Some(1000),
    );
    let source = "def f(a, b, x):\n    return a * b\n";
    let pool = Pool::new(&SandboxConfig::default(), 1).unwrap();
    let args = vec![
        vec![Value::int(10), Value::int(100), Value::Float(0.0)],
        vec![Value::int(10), Value::int(101), Value::Float(0.0)],
    ];
    let job = Job::cases(&program(&k, source), "", "f", &args, 2.0);
    let r = pool.run(std::slice::from_ref(&job), |_, _| {}).unwrap();
    let outs = r[0].outputs.clone().unwrap();
    assert_eq!(outs[0].value, Some(Value::int(1000)));
    assert_eq!(outs[1].status, CaseStatus::Raised, "{:?}", outs[1]);
}
