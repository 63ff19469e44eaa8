//! Values as literals of the target language. A value the language cannot express exactly is
//! an error with a reason code (never a silent approximation).

use super::spec::Spec;
use super::Reason;
use crate::model::Value;
use num_bigint::BigInt;

/// The literal of `v` in the language of `spec`.
pub fn literal(v: &Value, spec: &Spec) -> Result<String, Reason> {
    match spec.id.as_str() {
        "js" => js(v, spec.max_int),
        _ => Err(Reason::UnsupportedLanguage),
    }
}

fn js(v: &Value, max_int: u64) -> Result<String, Reason> {
    let items = |xs: &[Value]| -> Result<String, Reason> {
        Ok(xs
            .iter()
            .map(|x| js(x, max_int))
            .collect::<Result<Vec<_>, _>>()?
            .join(", "))
    };
    Ok(match v {
        Value::None => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => {
            if i.magnitude() > &BigInt::from(max_int).magnitude().clone() {
                return Err(Reason::IntRange);
            }
            i.to_string()
        }
        Value::Float(f) => {
            if f.is_nan() {
                "NaN".into()
            } else if f.is_infinite() {
                if *f > 0.0 {
                    "Infinity".into()
                } else {
                    "-Infinity".into()
                }
            } else {
                format!("{f:?}")
            }
        }
        Value::Str(s) => serde_json::to_string(s).map_err(|_| Reason::UntranslatableValue)?,
        Value::List(xs) | Value::Tuple(xs) => format!("[{}]", items(xs)?),
        Value::Set(xs) | Value::FrozenSet(xs) => format!("new Set([{}])", items(xs)?),
        Value::Dict(kv) => {
            if kv.iter().all(|(k, _)| matches!(k, Value::Str(_))) {
                let fields = kv
                    .iter()
                    .map(|(k, v)| Ok(format!("{}: {}", js(k, max_int)?, js(v, max_int)?)))
                    .collect::<Result<Vec<_>, Reason>>()?;
                format!("{{{}}}", fields.join(", "))
            } else {
                let pairs = kv
                    .iter()
                    .map(|(k, v)| Ok(format!("[{}, {}]", js(k, max_int)?, js(v, max_int)?)))
                    .collect::<Result<Vec<_>, Reason>>()?;
                format!("new Map([{}])", pairs.join(", "))
            }
        }
        Value::Complex(..) | Value::Bytes(_) | Value::Opaque { .. } => {
            return Err(Reason::UntranslatableValue)
        }
    })
}

/// A key under which two values that the target cannot tell apart coincide (ints and equal
/// floats, lists and tuples): used to find contradictions after coercion.
pub fn coerced_key(v: &Value) -> String {
    match v {
        Value::Float(f) if f.fract() == 0.0 && f.is_finite() && f.abs() < 1e15 => {
            format!("{}", *f as i64)
        }
        Value::Int(i) => i.to_string(),
        Value::List(xs) | Value::Tuple(xs) => {
            format!(
                "[{}]",
                xs.iter().map(coerced_key).collect::<Vec<_>>().join(",")
            )
        }
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::spec;
    use super::*;

    #[test]
    fn js_literals() {
        let js = spec::find("js").unwrap();
        let v = Value::List(vec![
            Value::Int(1.into()),
            Value::Float(2.5),
            Value::Str("a\"b\n".into()),
            Value::None,
            Value::Tuple(vec![Value::Bool(true)]),
            Value::Dict(vec![(Value::Str("k".into()), Value::Float(f64::NAN))]),
            Value::Dict(vec![(Value::Int(1.into()), Value::Set(vec![]))]),
        ]);
        assert_eq!(
            literal(&v, &js).unwrap(),
            r#"[1, 2.5, "a\"b\n", null, [true], {"k": NaN}, new Map([[1, new Set([])]])]"#
        );
        let big: BigInt = BigInt::from(1u64 << 60);
        assert_eq!(literal(&Value::Int(big), &js), Err(Reason::IntRange));
        assert_eq!(
            literal(&Value::Complex(1.0, 2.0), &js),
            Err(Reason::UntranslatableValue)
        );
    }
}
