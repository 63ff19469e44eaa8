//! The per-task conversions EvalPlus applies to MBPP+ inputs after reading them as plain JSON
//! (tuples, sets, complex numbers), as data: `datasets/evalplus/mbppplus-inputs.yaml`.

use crate::model::Value;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../datasets/evalplus/mbppplus-inputs.yaml");

/// What a rule converts the selected values to.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum To {
    Tuple,
    TupleIfList,
    DeepTuple,
    SetOrEmptyDict,
    Float,
    Complex,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    at: String,
    to: To,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    tasks: Vec<u32>,
    rules: Vec<Rule>,
}

fn table() -> &'static HashMap<u32, Vec<Rule>> {
    static T: OnceLock<HashMap<u32, Vec<Rule>>> = OnceLock::new();
    T.get_or_init(|| {
        let entries: Vec<Entry> =
            serde_saphyr::from_str(TABLE).expect("datasets/evalplus/mbppplus-inputs.yaml parses");
        let mut map = HashMap::new();
        for e in entries {
            for t in e.tasks {
                map.insert(t, e.rules.clone());
            }
        }
        map
    })
}

/// The MBPP+ task number of a task id (`Mbpp/124` → 124).
fn mbpp_number(task_id: &str) -> Option<u32> {
    task_id.strip_prefix("Mbpp/")?.parse().ok()
}

/// Why an MBPP+ input could not be converted as EvalPlus's loader converts it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputConversionError {
    /// A rule's path (`at`) steps into a value that has no such children.
    #[error("cannot step `{step}` into a {found}")]
    Step { step: String, found: String },
    /// A selected value of this Python type cannot be converted.
    #[error("cannot convert a {found} ({to:?})")]
    Convert { found: String, to: To },
    #[error("not a float: {0:?}")]
    NotAFloat(String),
    #[error("not a complex number: {0:?}")]
    NotAComplex(String),
    /// The rule `at -> to` of the task failed (the error says how).
    #[error("rule `{at}` -> {to:?}: {error}")]
    Rule {
        at: String,
        to: To,
        error: Box<InputConversionError>,
    },
}

/// Convert one argument list of `task_id` as EvalPlus's loader does; an error names the rule.
pub fn convert(task_id: &str, args: &mut [Value]) -> Result<(), InputConversionError> {
    let Some(rules) = mbpp_number(task_id).and_then(|n| table().get(&n)) else {
        return Ok(());
    };
    for rule in rules {
        let steps: Vec<&str> = rule.at.split('.').collect();
        for arg in select(args, steps[0]) {
            apply_at(arg, &steps[1..], rule.to).map_err(|e| InputConversionError::Rule {
                at: rule.at.clone(),
                to: rule.to,
                error: Box::new(e),
            })?;
        }
    }
    Ok(())
}

fn select<'a>(items: &'a mut [Value], step: &str) -> Vec<&'a mut Value> {
    match step {
        "*" => items.iter_mut().collect(),
        n => n
            .parse::<usize>()
            .ok()
            .and_then(|i| items.get_mut(i))
            .into_iter()
            .collect(),
    }
}

fn apply_at(v: &mut Value, steps: &[&str], to: To) -> Result<(), InputConversionError> {
    let Some((step, rest)) = steps.split_first() else {
        return apply(v, to);
    };
    let children: Vec<&mut Value> = match (v, *step) {
        (Value::Dict(kv), "{}") => kv.iter_mut().map(|(_, x)| x).collect(),
        (Value::List(xs) | Value::Tuple(xs), s) => select(xs, s),
        (other, s) => {
            return Err(InputConversionError::Step {
                step: s.to_string(),
                found: other.type_name().to_string(),
            })
        }
    };
    for c in children {
        apply_at(c, rest, to)?;
    }
    Ok(())
}

fn apply(v: &mut Value, to: To) -> Result<(), InputConversionError> {
    let new = match (to, std::mem::replace(v, Value::None)) {
        (To::Tuple, Value::List(xs) | Value::Tuple(xs) | Value::Set(xs)) => Value::Tuple(xs),
        (To::Tuple, Value::Str(s)) => {
            Value::Tuple(s.chars().map(|c| Value::Str(c.to_string())).collect())
        }
        (To::Tuple, Value::Dict(kv)) => Value::Tuple(kv.into_iter().map(|(k, _)| k).collect()),
        (To::TupleIfList, Value::List(xs)) => Value::Tuple(xs),
        (To::TupleIfList, other) => other,
        (To::DeepTuple, other) => deep_tuple(other),
        (To::SetOrEmptyDict, Value::List(xs)) if !xs.is_empty() => Value::Set(xs),
        (To::SetOrEmptyDict, _) => Value::Dict(vec![]),
        (To::Float, Value::Int(i)) => Value::Float(i.to_string().parse().unwrap_or(f64::NAN)),
        (To::Float, Value::Float(f)) => Value::Float(f),
        (To::Float, Value::Str(s)) => Value::Float(parse_float(&s)?),
        (To::Complex, Value::Int(i)) => {
            Value::Complex(i.to_string().parse().unwrap_or(f64::NAN), 0.0)
        }
        (To::Complex, Value::Float(f)) => Value::Complex(f, 0.0),
        (To::Complex, Value::Str(s)) => {
            let (re, im) = parse_complex(&s)?;
            Value::Complex(re, im)
        }
        (to, other) => {
            return Err(InputConversionError::Convert {
                found: other.type_name().to_string(),
                to,
            })
        }
    };
    *v = new;
    Ok(())
}

fn deep_tuple(v: Value) -> Value {
    match v {
        Value::List(xs) | Value::Tuple(xs) => {
            Value::Tuple(xs.into_iter().map(deep_tuple).collect())
        }
        other => other,
    }
}

/// Python's `float(s)`: decimal literals, `inf`, `infinity`, `nan`, surrounding whitespace.
fn parse_float(s: &str) -> Result<f64, InputConversionError> {
    let t = s.trim().to_ascii_lowercase().replace('_', "");
    let (sign, body) = match t.strip_prefix('-') {
        Some(b) => (-1.0, b),
        None => (1.0, t.strip_prefix('+').unwrap_or(&t)),
    };
    let x = match body {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        b => b
            .parse::<f64>()
            .map_err(|_| InputConversionError::NotAFloat(s.to_string()))?,
    };
    Ok(sign * x)
}

/// Python's `complex(s)`: `a`, `bj`, `a+bj`, `a-bj`, optionally in parentheses.
fn parse_complex(s: &str) -> Result<(f64, f64), InputConversionError> {
    let t = s.trim();
    let t = t
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(t)
        .trim();
    let bad = || InputConversionError::NotAComplex(s.to_string());
    let Some(body) = t.strip_suffix(['j', 'J']) else {
        return Ok((parse_float(t).map_err(|_| bad())?, 0.0));
    };
    // The sign that splits real and imaginary parts: the last + or - not after an exponent.
    let split = body
        .char_indices()
        .skip(1)
        .filter(|&(i, c)| (c == '+' || c == '-') && !matches!(body.as_bytes()[i - 1], b'e' | b'E'))
        .map(|(i, _)| i)
        .last();
    let imag = |x: &str| match x {
        "" | "+" => Ok(1.0),
        "-" => Ok(-1.0),
        x => parse_float(x),
    };
    match split {
        Some(i) => Ok((
            parse_float(&body[..i]).map_err(|_| bad())?,
            imag(&body[i..]).map_err(|_| bad())?,
        )),
        None => Ok((0.0, imag(body).map_err(|_| bad())?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Vec<Value> {
        match crate::model::plain::decode(&serde_json::from_str(s).unwrap()).unwrap() {
            Value::List(xs) => xs,
            _ => panic!(),
        }
    }

    fn py(args: &[Value]) -> String {
        Value::List(args.to_vec()).to_python()
    }

    #[test]
    fn the_table_loads_and_every_rule_has_a_task() {
        assert!(table().len() > 60);
    }

    #[test]
    fn conversions_match_evalplus() {
        let mut a = plain(r#"[[1, 2], [3]]"#);
        convert("Mbpp/2", &mut a).unwrap();
        assert_eq!(py(&a), "[(1, 2), (3,)]");
        let mut a = plain(r#"[[1, 5, 7, [4, 6], 10]]"#);
        convert("Mbpp/278", &mut a).unwrap();
        assert_eq!(py(&a), "[(1, 5, 7, (4, 6), 10)]");
        let mut a = plain(r#"[[[1, 2], [], [3]]]"#);
        convert("Mbpp/115", &mut a).unwrap();
        assert_eq!(py(&a), "[[{1, 2}, {}, {3}]]");
        let mut a = plain(r#"["1e-100", "1e-100j"]"#);
        convert("Mbpp/124", &mut a).unwrap();
        assert_eq!(a[1], Value::Complex(0.0, 1e-100));
        let mut a = plain(r#"["(-3+4j)"]"#);
        convert("Mbpp/252", &mut a).unwrap();
        assert_eq!(a[0], Value::Complex(-3.0, 4.0));
        let mut a = plain(r#"[{"A": [5.6, 60]}, 5.8, 67]"#);
        convert("Mbpp/722", &mut a).unwrap();
        assert_eq!(py(&a), "[{'A': (5.6, 60)}, 5.8, 67]");
        let mut a = plain(r#"[[1, [2, [3]]]]"#);
        convert("Mbpp/580", &mut a).unwrap();
        assert_eq!(py(&a), "[(1, (2, (3,)))]");
        let mut a = plain(r#"[[1, 2]]"#);
        convert("HumanEval/2", &mut a).unwrap();
        assert_eq!(py(&a), "[[1, 2]]");
    }

    #[test]
    fn an_error_names_the_rule() {
        let mut a = plain(r#"["x", "1j"]"#);
        let e = convert("Mbpp/124", &mut a).unwrap_err();
        assert_eq!(e.to_string(), r#"rule `0` -> Float: not a float: "x""#);
        let mut a = plain(r#"[[1], 2]"#);
        let e = convert("Mbpp/124", &mut a).unwrap_err();
        assert_eq!(
            e.to_string(),
            "rule `0` -> Float: cannot convert a list (Float)"
        );
    }

    #[test]
    fn complex_literals() {
        assert_eq!(parse_complex("0j").unwrap(), (0.0, 0.0));
        assert_eq!(parse_complex("2-5j").unwrap(), (2.0, -5.0));
        assert_eq!(parse_complex("1e-5+1e+3j").unwrap(), (1e-5, 1e3));
        assert_eq!(parse_complex("-j").unwrap(), (0.0, -1.0));
        assert_eq!(parse_complex("7").unwrap(), (7.0, 0.0));
        assert_eq!(
            parse_complex("x"),
            Err(InputConversionError::NotAComplex("x".into()))
        );
    }
}
