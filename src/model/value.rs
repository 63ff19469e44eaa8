//! An exact model of Python data, with a tagged JSON encoding and a Python-literal renderer.
//!
//! JSON encoding (shared with the Python worker, see `src/exec/worker.py`):
//! `null` None, `true`/`false` bool, JSON integers that fit in i64 are ints, `"..."` str,
//! `[...]` list; everything else is a one-key object: `{"int":"<decimal>"}` (big ints),
//! `{"float":1.5}` or `{"float":"nan"|"inf"|"-inf"}`, `{"tuple":[..]}`, `{"dict":[[k,v],..]}`,
//! `{"set":[..]}`, `{"frozenset":[..]}`, `{"bytes":"<hex>"}`, `{"complex":[re,im]}`,
//! `{"opaque":{"type":"T","repr":"..."}}` for values outside the model.

use num_bigint::BigInt;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value as Json};
use std::cmp::Ordering;
use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    None,
    Bool(bool),
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<Value>),
    Tuple(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    Set(Vec<Value>),
    FrozenSet(Vec<Value>),
    /// A value the model cannot represent (an instance of a user class, a generator...).
    Opaque {
        type_name: String,
        repr: String,
    },
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("invalid value encoding at {path}: {message}")]
pub struct DecodeError {
    pub path: String,
    pub message: String,
}

impl Value {
    pub fn int(i: i64) -> Value {
        Value::Int(BigInt::from(i))
    }
    pub fn str(s: &str) -> Value {
        Value::Str(s.to_string())
    }

    /// The Python type name of this value (`int`, `list`, ...).
    pub fn type_name(&self) -> &str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Complex(..) => "complex",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::FrozenSet(_) => "frozenset",
            Value::Opaque { type_name, .. } => type_name,
        }
    }

    /// The tagged JSON encoding (see the module documentation).
    pub fn to_json(&self) -> Json {
        serde_json::to_value(self).expect("a Value always serialises to JSON")
    }

    pub fn from_json(j: &Json) -> Result<Value, DecodeError> {
        decode(j, "$")
    }

    /// Render as a Python literal that `eval`s back to an equal value.
    pub fn to_python(&self) -> String {
        let mut out = String::new();
        render_python(self, &mut out);
        out
    }

    /// Python `==` semantics on plain data: numbers compare across bool/int/float/complex,
    /// list and tuple never compare equal, dicts and sets ignore order, nan != nan.
    pub fn py_eq(&self, other: &Value) -> bool {
        use Value::*;
        if let (Some(a), Some(b)) = (self.as_number(), other.as_number()) {
            return a.eq_num(&b);
        }
        match (self, other) {
            (None, None) => true,
            (Str(a), Str(b)) => a == b,
            (Bytes(a), Bytes(b)) => a == b,
            (List(a), List(b)) | (Tuple(a), Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.py_eq(y))
            }
            (Dict(a), Dict(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.iter().any(|(k2, v2)| k.py_eq(k2) && v.py_eq(v2)))
            }
            (Set(a) | FrozenSet(a), Set(b) | FrozenSet(b)) => {
                a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| x.py_eq(y)))
            }
            (
                Opaque {
                    type_name: t1,
                    repr: r1,
                },
                Opaque {
                    type_name: t2,
                    repr: r2,
                },
            ) => t1 == t2 && r1 == r2,
            _ => false,
        }
    }

    /// Equality with a float tolerance applied to every float inside (math.isclose semantics
    /// with `abs_tol = atol`, `rel_tol = rtol`), structurally elsewhere.
    pub fn close_to(&self, other: &Value, atol: f64, rtol: f64) -> bool {
        use Value::*;
        match (self, other) {
            (List(a), List(b)) | (Tuple(a), Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.close_to(y, atol, rtol))
            }
            (Dict(a), Dict(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(k, v)| {
                        b.iter()
                            .any(|(k2, v2)| k.py_eq(k2) && v.close_to(v2, atol, rtol))
                    })
            }
            _ => match (self.as_number(), other.as_number()) {
                (Some(Num::Complex(..)), _) | (_, Some(Num::Complex(..))) => self.py_eq(other),
                (Some(a), Some(b)) if matches!(a, Num::Float(_)) || matches!(b, Num::Float(_)) => {
                    let (x, y) = (a.as_f64(), b.as_f64());
                    if x == y {
                        return true;
                    }
                    if x.is_nan() && y.is_nan() {
                        return true;
                    }
                    if !x.is_finite() || !y.is_finite() {
                        return false;
                    }
                    let diff = (x - y).abs();
                    diff <= atol || diff <= rtol * x.abs().max(y.abs())
                }
                _ => self.py_eq(other),
            },
        }
    }

    fn as_number(&self) -> Option<Num<'_>> {
        match self {
            Value::Bool(b) => Some(Num::Int(std::borrow::Cow::Owned(BigInt::from(*b as u8)))),
            Value::Int(i) => Some(Num::Int(std::borrow::Cow::Borrowed(i))),
            Value::Float(f) => Some(Num::Float(*f)),
            Value::Complex(re, im) => Some(Num::Complex(*re, *im)),
            _ => None,
        }
    }

    /// Does this value (recursively) contain a float?
    pub fn has_float(&self) -> bool {
        match self {
            Value::Float(_) | Value::Complex(..) => true,
            Value::List(v) | Value::Tuple(v) | Value::Set(v) | Value::FrozenSet(v) => {
                v.iter().any(Value::has_float)
            }
            Value::Dict(kv) => kv.iter().any(|(k, v)| k.has_float() || v.has_float()),
            _ => false,
        }
    }

    /// A total order used to make outputs deterministic (sets are rendered sorted).
    pub fn total_cmp(&self, other: &Value) -> Ordering {
        self.to_json().to_string().cmp(&other.to_json().to_string())
    }

    /// Number of nodes, a size measure used by shrinking and budgets.
    pub fn size(&self) -> usize {
        match self {
            Value::List(v) | Value::Tuple(v) | Value::Set(v) | Value::FrozenSet(v) => {
                1 + v.iter().map(Value::size).sum::<usize>()
            }
            Value::Dict(kv) => 1 + kv.iter().map(|(k, v)| k.size() + v.size()).sum::<usize>(),
            Value::Str(s) => 1 + s.chars().count(),
            _ => 1,
        }
    }
}

enum Num<'a> {
    Int(std::borrow::Cow<'a, BigInt>),
    Float(f64),
    Complex(f64, f64),
}

impl Num<'_> {
    fn as_f64(&self) -> f64 {
        match self {
            Num::Int(i) => i.to_string().parse::<f64>().unwrap_or(f64::NAN),
            Num::Float(f) => *f,
            Num::Complex(re, _) => *re,
        }
    }
    fn eq_num(&self, other: &Num) -> bool {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a == b,
            (Num::Int(i), Num::Float(f)) | (Num::Float(f), Num::Int(i)) => int_eq_float(i, *f),
            (Num::Float(a), Num::Float(b)) => a == b,
            (Num::Complex(r1, i1), Num::Complex(r2, i2)) => r1 == r2 && i1 == i2,
            (Num::Complex(r, im), x) | (x, Num::Complex(r, im)) => {
                *im == 0.0 && Num::Float(*r).eq_num(x)
            }
        }
    }
}

/// Exact comparison of an int with a float, as Python does it (no rounding of big ints).
fn int_eq_float(i: &BigInt, f: f64) -> bool {
    if !f.is_finite() || f.fract() != 0.0 {
        return false;
    }
    // f is integral: format it exactly and compare as a big int.
    let exact = format!("{f:.0}");
    exact.parse::<BigInt>().map(|b| &b == i).unwrap_or(false)
}

fn err(path: &str, message: impl Into<String>) -> DecodeError {
    DecodeError {
        path: path.to_string(),
        message: message.into(),
    }
}

fn decode_float(j: &Json, path: &str) -> Result<f64, DecodeError> {
    match j {
        Json::Number(n) => n.as_f64().ok_or_else(|| err(path, "float out of range")),
        Json::String(s) => match s.as_str() {
            "nan" => Ok(f64::NAN),
            "inf" => Ok(f64::INFINITY),
            "-inf" => Ok(f64::NEG_INFINITY),
            other => Err(err(path, format!("unknown float literal {other:?}"))),
        },
        other => Err(err(path, format!("expected a float, found {other}"))),
    }
}

fn decode_seq(j: &Json, path: &str) -> Result<Vec<Value>, DecodeError> {
    match j {
        Json::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| decode(x, &format!("{path}[{i}]")))
            .collect(),
        other => Err(err(path, format!("expected an array, found {other}"))),
    }
}

fn decode(j: &Json, path: &str) -> Result<Value, DecodeError> {
    Ok(match j {
        Json::Null => Value::None,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Int(BigInt::from(i))
            } else if let Some(u) = n.as_u64() {
                Value::Int(BigInt::from(u))
            } else if let Ok(big) = n.to_string().parse::<BigInt>() {
                // A bare integer beyond 64 bits (EvalPlus inputs have thousands).
                Value::Int(big)
            } else {
                // A bare JSON float: accepted for convenience (hand-written files).
                Value::Float(n.as_f64().ok_or_else(|| err(path, "bad number"))?)
            }
        }
        Json::String(s) => Value::Str(s.clone()),
        Json::Array(_) => Value::List(decode_seq(j, path)?),
        Json::Object(map) => decode_tagged(map, path)?,
    })
}

fn decode_tagged(map: &Map<String, Json>, path: &str) -> Result<Value, DecodeError> {
    if map.len() != 1 {
        return Err(err(path, "a tagged value must have exactly one key"));
    }
    let (tag, body) = map.iter().next().expect("one key");
    let p = format!("{path}.{tag}");
    Ok(match tag.as_str() {
        "int" => {
            let s = body
                .as_str()
                .ok_or_else(|| err(&p, "big int must be a decimal string"))?;
            Value::Int(
                s.parse()
                    .map_err(|_| err(&p, format!("not an integer: {s:?}")))?,
            )
        }
        "float" => Value::Float(decode_float(body, &p)?),
        "complex" => {
            let parts = body.as_array().filter(|a| a.len() == 2);
            let parts = parts.ok_or_else(|| err(&p, "complex must be [re, im]"))?;
            Value::Complex(decode_float(&parts[0], &p)?, decode_float(&parts[1], &p)?)
        }
        "tuple" => Value::Tuple(decode_seq(body, &p)?),
        "set" => Value::Set(decode_seq(body, &p)?),
        "frozenset" => Value::FrozenSet(decode_seq(body, &p)?),
        "dict" => {
            let pairs = body
                .as_array()
                .ok_or_else(|| err(&p, "dict must be a list of pairs"))?;
            let mut items = Vec::with_capacity(pairs.len());
            for (i, pair) in pairs.iter().enumerate() {
                let pp = format!("{p}[{i}]");
                match pair.as_array().map(|a| a.as_slice()) {
                    Some([k, v]) => items.push((decode(k, &pp)?, decode(v, &pp)?)),
                    _ => return Err(err(&pp, "dict item must be [key, value]")),
                }
            }
            Value::Dict(items)
        }
        "bytes" => {
            let s = body
                .as_str()
                .ok_or_else(|| err(&p, "bytes must be a hex string"))?;
            if s.len() % 2 != 0 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(err(&p, "bytes must be an even-length hex string"));
            }
            Value::Bytes(
                (0..s.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex checked"))
                    .collect(),
            )
        }
        "opaque" => {
            let ty = body.get("type").and_then(Json::as_str).unwrap_or("object");
            let repr = body.get("repr").and_then(Json::as_str).unwrap_or("");
            Value::Opaque {
                type_name: ty.to_string(),
                repr: repr.to_string(),
            }
        }
        other => return Err(err(path, format!("unknown value tag {other:?}"))),
    })
}

/// The tagged encoding, serialised natively (not through `serde_json::Number`, whose
/// arbitrary-precision representation would leak into other formats such as YAML).
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct F(f64);
        impl Serialize for F {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self.0 {
                    f if f.is_nan() => s.serialize_str("nan"),
                    f if f == f64::INFINITY => s.serialize_str("inf"),
                    f if f == f64::NEG_INFINITY => s.serialize_str("-inf"),
                    f => s.serialize_f64(f),
                }
            }
        }
        struct Items<'a>(&'a [Value]);
        impl Serialize for Items<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.0.len()))?;
                for v in self.0 {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
        }
        struct Pairs<'a>(&'a [(Value, Value)]);
        impl Serialize for Pairs<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    seq.serialize_element(&(k, v))?;
                }
                seq.end()
            }
        }
        fn tagged<S: Serializer, T: Serialize + ?Sized>(
            s: S,
            tag: &str,
            body: &T,
        ) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(1))?;
            m.serialize_entry(tag, body)?;
            m.end()
        }
        match self {
            Value::None => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => match i64::try_from(i) {
                Ok(small) => s.serialize_i64(small),
                Err(_) => tagged(s, "int", &i.to_string()),
            },
            Value::Float(f) => tagged(s, "float", &F(*f)),
            Value::Complex(re, im) => tagged(s, "complex", &(F(*re), F(*im))),
            Value::Str(x) => s.serialize_str(x),
            Value::Bytes(b) => {
                let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
                tagged(s, "bytes", &hex)
            }
            Value::List(items) => Items(items).serialize(s),
            Value::Tuple(items) => tagged(s, "tuple", &Items(items)),
            Value::Set(items) => tagged(s, "set", &Items(items)),
            Value::FrozenSet(items) => tagged(s, "frozenset", &Items(items)),
            Value::Dict(items) => tagged(s, "dict", &Pairs(items)),
            Value::Opaque { type_name, repr } => {
                let mut inner = std::collections::BTreeMap::new();
                inner.insert("repr", repr.as_str());
                inner.insert("type", type_name.as_str());
                tagged(s, "opaque", &inner)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let j = Json::deserialize(d)?;
        Value::from_json(&j).map_err(serde::de::Error::custom)
    }
}

/// Python's `repr` of a float (shortest round-trip digits, scientific outside [1e-4, 1e16)).
pub fn python_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "float('nan')".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "float('inf')".into()
        } else {
            "-float('inf')".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let sci = format!("{f:e}"); // e.g. "-1.2345e-5"
    let (mantissa, exp) = sci.split_once('e').expect("e in {:e}");
    let exp: i32 = exp.parse().expect("exponent");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let point = exp + 1; // position of the decimal point within digits
        let body = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point >= n {
            format!("{}{}.0", digits, "0".repeat((point - n) as usize))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        format!(
            "{sign}{m}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        )
    }
}

/// Python `repr` of a str; escapes everything that is not printable ASCII or alphanumeric.
pub fn python_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            c if !c.is_ascii() && c.is_alphanumeric() => out.push(c),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push(quote);
    out
}

fn render_seq(items: &[Value], open: &str, close: &str, out: &mut String) {
    out.push_str(open);
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        render_python(v, out);
    }
    out.push_str(close);
}

fn render_python(v: &Value, out: &mut String) {
    match v {
        Value::None => out.push_str("None"),
        Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&python_float_repr(*f)),
        Value::Complex(re, im) => {
            let _ = write!(
                out,
                "complex({}, {})",
                python_float_repr(*re),
                python_float_repr(*im)
            );
        }
        Value::Str(s) => out.push_str(&python_str_repr(s)),
        Value::Bytes(b) => {
            out.push_str("b'");
            for byte in b {
                match byte {
                    b'\\' => out.push_str("\\\\"),
                    b'\'' => out.push_str("\\'"),
                    b' '..=b'~' => out.push(*byte as char),
                    _ => {
                        let _ = write!(out, "\\x{byte:02x}");
                    }
                }
            }
            out.push('\'');
        }
        Value::List(items) => render_seq(items, "[", "]", out),
        Value::Tuple(items) if items.len() == 1 => {
            out.push('(');
            render_python(&items[0], out);
            out.push_str(",)");
        }
        Value::Tuple(items) => render_seq(items, "(", ")", out),
        Value::Set(items) if items.is_empty() => out.push_str("set()"),
        Value::Set(items) => render_seq(items, "{", "}", out),
        Value::FrozenSet(items) => render_seq(items, "frozenset([", "])", out),
        Value::Dict(items) => {
            out.push('{');
            for (i, (k, val)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render_python(k, out);
                out.push_str(": ");
                render_python(val, out);
            }
            out.push('}');
        }
        Value::Opaque { repr, .. } => out.push_str(repr),
    }
}

/// For `Option<Value>` fields: a present `null` is `Some(Value::None)`, an absent field is `None`
/// (use with `#[serde(default, deserialize_with = "...")]`).
pub fn deserialize_some<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn float_repr_matches_python() {
        for (f, want) in [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5e-7, "-2.5e-07"),
            (123.456, "123.456"),
            (f64::MAX, "1.7976931348623157e+308"),
            (-0.0, "-0.0"),
        ] {
            assert_eq!(python_float_repr(f), want, "{f}");
        }
    }

    #[test]
    fn py_eq_follows_python() {
        assert!(Value::Bool(true).py_eq(&Value::int(1)));
        assert!(Value::Float(2.0).py_eq(&Value::int(2)));
        assert!(!Value::Float(f64::NAN).py_eq(&Value::Float(f64::NAN)));
        assert!(!Value::List(vec![]).py_eq(&Value::Tuple(vec![])));
        let big: BigInt = "123456789012345678901234567890".parse().unwrap();
        assert!(!Value::Int(big).py_eq(&Value::Float(1.2345678901234568e29)));
        assert!(Value::Set(vec![Value::int(1), Value::int(2)])
            .py_eq(&Value::FrozenSet(vec![Value::int(2), Value::int(1)])));
    }

    #[test]
    fn json_round_trip_examples() {
        let v = Value::Dict(vec![(
            Value::Tuple(vec![Value::int(1)]),
            Value::List(vec![
                Value::Float(f64::INFINITY),
                Value::Bytes(vec![0, 255]),
            ]),
        )]);
        assert_eq!(Value::from_json(&v.to_json()).unwrap(), v);
        assert!(Value::from_json(&json!({"tuple": 3})).is_err());
        assert!(Value::from_json(&json!({"a": 1, "b": 2})).is_err());
    }
}
