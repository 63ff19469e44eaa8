//! The Value model against the real Python interpreter: rendering a value as a literal and
//! evaluating it in Python gives an equal value (same types, same contents), and the tagged
//! JSON encoding round-trips.

use benchsmith::exec::{CaseInput, Job, Pool, SandboxConfig};
use benchsmith::model::Value;
use num_bigint::BigInt;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

/// Structural equality: same variants, NaN equal to NaN, -0.0 distinct from 0.0, sets unordered.
fn same(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Float(x), Float(y)) => (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits(),
        (Complex(a1, b1), Complex(a2, b2)) => {
            same(&Float(*a1), &Float(*a2)) && same(&Float(*b1), &Float(*b2))
        }
        (List(x), List(y)) | (Tuple(x), Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Set(x), Set(y)) | (FrozenSet(x), FrozenSet(y)) => {
            x.len() == y.len() && x.iter().all(|p| y.iter().any(|q| same(p, q)))
        }
        (Dict(x), Dict(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| same(k1, k2) && same(v1, v2))
        }
        _ => a == b,
    }
}

fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(0.0),
        Just(-0.0),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        (-1e6f64..1e6),
    ]
}

fn hashable() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::None),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::int),
        "[0-9]{19,40}".prop_map(|s| Value::Int(s.parse::<BigInt>().unwrap())),
        "\\PC{0,12}".prop_map(Value::Str),
        any::<String>().prop_map(Value::Str),
        proptest::collection::vec(any::<u8>(), 0..8).prop_map(Value::Bytes),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        proptest::collection::vec(inner, 0..3).prop_map(Value::Tuple)
    })
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        hashable(),
        float().prop_map(Value::Float),
        (float(), float()).prop_map(|(a, b)| Value::Complex(a, b)),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::List),
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Tuple),
            proptest::collection::vec((hashable(), inner), 0..4).prop_map(|kv| {
                // Python dicts keep the last value of a repeated key: keep keys unique.
                let mut out: Vec<(Value, Value)> = vec![];
                for (k, v) in kv {
                    if !out.iter().any(|(k2, _)| k2.py_eq(&k) || same(k2, &k)) {
                        out.push((k, v));
                    }
                }
                Value::Dict(out)
            }),
            proptest::collection::vec(hashable(), 0..4).prop_map(|xs| {
                let mut out: Vec<Value> = vec![];
                for x in xs {
                    if !out.iter().any(|y| y.py_eq(&x) || same(y, &x)) {
                        out.push(x);
                    }
                }
                Value::Set(out)
            }),
        ]
    })
}

#[test]
fn literals_evaluate_back_to_equal_values_in_python() {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let strategy = value();
    let values: Vec<Value> = (0..400)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect();
    let mut program = String::from("VALUES = [\n");
    for v in &values {
        program.push_str(&format!("    {},\n", v.to_python()));
    }
    program.push_str("]\n\ndef get(i):\n    return VALUES[i]\n");
    let mut job = Job::new(program);
    job.entry = Some("get".into());
    job.guard = false;
    job.cases = Some(
        (0..values.len())
            .map(|i| CaseInput {
                args: vec![Value::int(i as i64)],
                kwargs: vec![],
            })
            .collect(),
    );
    let pool = Pool::new(&SandboxConfig::default(), 1).expect("python3");
    let r = pool.run(&[job], |_, _| {}).unwrap().remove(0);
    let outputs = match r.outputs {
        Some(o) => o,
        None => panic!("no outputs: {} {}", r.status.as_str(), r.detail),
    };
    for (v, out) in values.iter().zip(outputs) {
        let got = out
            .value
            .unwrap_or_else(|| panic!("{} did not evaluate: {:?}", v.to_python(), out.error));
        assert!(
            same(v, &got),
            "literal {} came back as {}",
            v.to_python(),
            got.to_python()
        );
    }
}

proptest! {
    #[test]
    fn json_encoding_round_trips(v in value()) {
        let back = Value::from_json(&v.to_json()).unwrap();
        prop_assert!(same(&v, &back), "{:?} -> {:?}", v, back);
        // And through text, as it travels between processes.
        let text = serde_json::to_string(&v).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        prop_assert!(same(&v, &back));
    }
}
