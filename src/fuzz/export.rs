//! Output records for a fuzzed problem: EvalPlus (`base_input`/`plus_input` argument lists,
//! read by the `evalplus` package), HumanEval (a `check(candidate)` that embeds the cases) and
//! native (the problem with the fuzzed cases as structured tests).

use super::{FuzzCase, ProblemFuzz};
use crate::model::value::python_float_repr;
use crate::model::{CaseOrigin, Compare, Problem, TestCase, TransformStep, Value};
use serde_json::{json, Map, Value as Json};

/// Plain JSON as EvalPlus stores inputs (see [`crate::model::plain`]).
pub fn plain_json(v: &Value) -> Option<String> {
    crate::model::plain::encode(v)
}

fn has_nan(v: &Value) -> bool {
    match v {
        Value::Float(f) => f.is_nan(),
        Value::Complex(a, b) => a.is_nan() || b.is_nan(),
        Value::List(x) | Value::Tuple(x) | Value::Set(x) | Value::FrozenSet(x) => {
            x.iter().any(has_nan)
        }
        Value::Dict(kv) => kv.iter().any(|(k, v)| has_nan(k) || has_nan(v)),
        _ => false,
    }
}

/// Cases an EvalPlus file can carry (plain JSON inputs, outputs without nan).
fn evalplus_inputs<'a>(cases: impl Iterator<Item = &'a FuzzCase>) -> (Vec<String>, usize) {
    let mut out = vec![];
    let mut dropped = 0;
    for c in cases {
        match plain_json(&Value::List(c.args.clone())) {
            Some(s) if !has_nan(&c.expected) => out.push(s),
            _ => dropped += 1,
        }
    }
    (out, dropped)
}

/// One EvalPlus-format record as a JSON line, and how many inputs could not be carried.
pub fn evalplus_line(p: &Problem, f: &ProblemFuzz, selected: Option<&[usize]>) -> (String, usize) {
    let suite: Vec<&FuzzCase> = f.suite().collect();
    let pick: Vec<&FuzzCase> = match selected {
        Some(idx) => idx.iter().filter_map(|&i| suite.get(i).copied()).collect(),
        None => suite,
    };
    let (base, d1) = evalplus_inputs(
        pick.iter()
            .copied()
            .filter(|c| c.source == super::Source::Observed),
    );
    let (plus, d2) = evalplus_inputs(
        pick.iter()
            .copied()
            .filter(|c| c.source != super::Source::Observed),
    );
    // Build the object by hand so that big ints and float reprs stay exact.
    let head = json!({
        "task_id": p.task_id,
        "prompt": p.prompt,
        "entry_point": p.entry_point,
        "canonical_solution": p.canonical_solution,
        "contract": "",
        "test": p.tests.code,
    });
    let mut line = head.to_string();
    line.pop(); // the closing brace
    line.push_str(&format!(
        ",\"base_input\":[{}],\"plus_input\":[{}],\"atol\":{}}}",
        base.join(", "),
        plus.join(", "),
        python_float_repr(f.atol)
    ));
    (line, d1 + d2)
}

/// Structured test cases of the fuzzed suite (observed first, then new).
pub fn test_cases(f: &ProblemFuzz, selected: Option<&[usize]>) -> Vec<TestCase> {
    let suite: Vec<&FuzzCase> = f.suite().collect();
    let pick: Vec<&FuzzCase> = match selected {
        Some(idx) => idx.iter().filter_map(|&i| suite.get(i).copied()).collect(),
        None => suite,
    };
    pick.into_iter()
        .map(|c| TestCase {
            args: c.args.clone(),
            kwargs: vec![],
            expected: Some(c.expected.clone()),
            compare: Compare::evalplus(&c.expected, f.atol),
            origin: if c.source == super::Source::Observed {
                CaseOrigin::Probe
            } else {
                CaseOrigin::Fuzz
            },
            line: None,
        })
        .collect()
}

/// A HumanEval-format record: `test` defines `check(candidate)` embedding inputs and results.
pub fn humaneval_record(p: &Problem, f: &ProblemFuzz, selected: Option<&[usize]>) -> Json {
    let cases = test_cases(f, selected);
    let mut test = String::from(
        "import math\n\n\ndef _benchsmith_eq(out, exp, atol):\n    if isinstance(exp, float) or isinstance(out, float):\n        if isinstance(exp, bool) or isinstance(out, bool) or not isinstance(out, (int, float)) or not isinstance(exp, (int, float)):\n            return False\n        if math.isnan(exp) and math.isnan(out):\n            return True\n        return math.isclose(out, exp, rel_tol=1e-07, abs_tol=atol)\n    if isinstance(exp, (list, tuple)):\n        return type(out) is type(exp) and len(out) == len(exp) and all(_benchsmith_eq(a, b, atol) for a, b in zip(out, exp))\n    if isinstance(exp, dict):\n        return isinstance(out, dict) and out.keys() == exp.keys() and all(_benchsmith_eq(out[k], exp[k], atol) for k in exp)\n    return type(out) is type(exp) and out == exp\n\n\n",
    );
    let atol = if f.atol > 0.0 {
        f.atol
    } else if cases
        .iter()
        .any(|c| c.expected.as_ref().is_some_and(Value::has_float))
    {
        1e-6
    } else {
        0.0
    };
    test.push_str("def check(candidate):\n    inputs = [\n");
    for c in &cases {
        let args: Vec<String> = c.args.iter().map(Value::to_python).collect();
        test.push_str(&format!("        [{}],\n", args.join(", ")));
    }
    test.push_str("    ]\n    results = [\n");
    for c in &cases {
        test.push_str(&format!(
            "        {},\n",
            c.expected
                .as_ref()
                .map(Value::to_python)
                .unwrap_or_else(|| "None".into())
        ));
    }
    test.push_str(&format!(
        "    ]\n    for i, (inp, exp) in enumerate(zip(inputs, results)):\n        out = candidate(*inp)\n        assert _benchsmith_eq(out, exp, {}), f\"input {{i}}: {{inp!r}}\"\n",
        python_float_repr(atol)
    ));
    json!({
        "task_id": p.task_id,
        "prompt": p.prompt,
        "entry_point": p.entry_point,
        "canonical_solution": p.canonical_solution,
        "test": test,
    })
}

/// The native record: the problem with the fuzzed suite as its structured cases.
pub fn native_record(
    p: &Problem,
    f: &ProblemFuzz,
    selected: Option<&[usize]>,
    seed: u64,
    budget: usize,
) -> Problem {
    let mut q = p.clone();
    q.tests.cases = test_cases(f, selected);
    q.tests.atol = Some(f.atol);
    let mut params = Map::new();
    params.insert("budget".into(), json!(budget));
    params.insert("reduced".into(), json!(selected.is_some()));
    q.provenance.transforms.push(TransformStep {
        id: "fuzz".into(),
        seed: Some(seed),
        params,
    });
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_json_is_exact_and_refuses_what_it_cannot_carry() {
        let big: num_bigint::BigInt = "123456789012345678901234567890".parse().unwrap();
        let v = Value::List(vec![
            Value::Int(big),
            Value::Float(1e300),
            Value::Float(-0.0),
            Value::str("é\n\""),
        ]);
        let s = plain_json(&v).unwrap();
        assert_eq!(
            s,
            r#"[123456789012345678901234567890, 1e+300, -0.0, "é\n\""]"#
        );
        assert!(plain_json(&Value::Tuple(vec![])).is_none());
        assert!(plain_json(&Value::Float(f64::NAN)).is_none());
        assert!(plain_json(&Value::Dict(vec![(Value::int(1), Value::int(2))])).is_none());
    }
}
