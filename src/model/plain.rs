//! Plain JSON, as EvalPlus and most other harnesses store Python data: `null`, booleans,
//! numbers (an integer literal is an `int` of any size, anything with a fraction or an
//! exponent a `float`), strings, arrays (lists) and objects (dicts with string keys).
//!
//! Plain JSON is never mistaken for benchsmith's tagged encoding ([`Value::from_json`]): an
//! object is always a dict here. JSON has no `Infinity` and `NaN`, but Python's `json` writes
//! them; [`crate::ingest::reader`] turns those tokens into the marker strings below, which
//! only this decoder reads back as floats.

use super::value::{python_float_repr, DecodeError};
use super::Value;
use num_bigint::BigInt;
use serde_json::Value as Json;

/// What the record reader puts in place of a bare `NaN` token.
pub const NAN_MARK: &str = "\u{0}NaN";
/// What the record reader puts in place of a bare `Infinity` token.
pub const INF_MARK: &str = "\u{0}Infinity";
/// What the record reader puts in place of a bare `-Infinity` token.
pub const NEG_INF_MARK: &str = "\u{0}-Infinity";

/// Decode plain JSON into a [`Value`].
pub fn decode(j: &Json) -> Result<Value, DecodeError> {
    decode_at(j, "$")
}

fn decode_at(j: &Json, path: &str) -> Result<Value, DecodeError> {
    Ok(match j {
        Json::Null => Value::None,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => {
            let text = n.to_string();
            if text.contains(['.', 'e', 'E']) {
                Value::Float(text.parse().map_err(|_| DecodeError {
                    path: path.to_string(),
                    message: format!("not a float: {text}"),
                })?)
            } else {
                Value::Int(text.parse::<BigInt>().map_err(|_| DecodeError {
                    path: path.to_string(),
                    message: format!("not an integer: {text}"),
                })?)
            }
        }
        Json::String(s) => match s.as_str() {
            NAN_MARK => Value::Float(f64::NAN),
            INF_MARK => Value::Float(f64::INFINITY),
            NEG_INF_MARK => Value::Float(f64::NEG_INFINITY),
            _ => Value::Str(s.clone()),
        },
        Json::Array(items) => Value::List(
            items
                .iter()
                .enumerate()
                .map(|(i, x)| decode_at(x, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(map) => Value::Dict(
            map.iter()
                .map(|(k, v)| Ok((Value::Str(k.clone()), decode_at(v, &format!("{path}.{k}"))?)))
                .collect::<Result<_, DecodeError>>()?,
        ),
    })
}

/// Plain JSON text of a value, exact for big integers and floats (Python's `repr` digits).
/// `None` for values plain JSON cannot carry faithfully: tuples, sets, bytes, complex,
/// non-string dict keys, nan and infinities.
pub fn encode(v: &Value) -> Option<String> {
    let mut out = String::new();
    write(v, &mut out)?;
    Some(out)
}

fn write(v: &Value, out: &mut String) -> Option<()> {
    match v {
        Value::None => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) if f.is_finite() => out.push_str(&python_float_repr(*f)),
        Value::Str(s) => out.push_str(&serde_json::to_string(s).ok()?),
        Value::List(xs) => {
            out.push('[');
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(x, out)?;
            }
            out.push(']');
        }
        Value::Dict(kv) => {
            out.push('{');
            for (i, (k, x)) in kv.iter().enumerate() {
                let Value::Str(k) = k else { return None };
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&serde_json::to_string(k).ok()?);
                out.push_str(": ");
                write(x, out)?;
            }
            out.push('}');
        }
        _ => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Value {
        decode(&serde_json::from_str(s).unwrap()).unwrap()
    }

    #[test]
    fn objects_are_dicts_never_tags() {
        let v = parse(r#"[{"int": "5"}, {"a": 1, "b": 2}]"#);
        let Value::List(items) = v else { panic!() };
        assert_eq!(
            items[0],
            Value::Dict(vec![(Value::str("int"), Value::str("5"))])
        );
        assert_eq!(items[1].to_python(), "{'a': 1, 'b': 2}");
    }

    #[test]
    fn numbers_keep_their_python_type() {
        assert_eq!(parse("1.0"), Value::Float(1.0));
        assert_eq!(parse("1e3"), Value::Float(1000.0));
        assert_eq!(parse("7"), Value::int(7));
        let big = parse("123456789012345678901234567890");
        assert_eq!(big.to_python(), "123456789012345678901234567890");
    }

    #[test]
    fn markers_are_floats() {
        let j = Json::Array(vec![
            Json::String(NAN_MARK.into()),
            Json::String(INF_MARK.into()),
            Json::String(NEG_INF_MARK.into()),
        ]);
        let Value::List(v) = decode(&j).unwrap() else {
            panic!()
        };
        assert!(matches!(v[0], Value::Float(f) if f.is_nan()));
        assert_eq!(v[1], Value::Float(f64::INFINITY));
        assert_eq!(v[2], Value::Float(f64::NEG_INFINITY));
    }

    #[test]
    fn encode_round_trips_and_refuses_what_it_cannot_carry() {
        for s in ["[1, 2.5, \"x\", null, true]", "{\"k\": [1e+300]}"] {
            let v = parse(s);
            assert_eq!(parse(&encode(&v).unwrap()), v);
        }
        assert!(encode(&Value::Tuple(vec![])).is_none());
        assert!(encode(&Value::Float(f64::NAN)).is_none());
    }
}
