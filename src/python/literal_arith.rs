//! Constant arithmetic on literal values: unary and binary operators on ints (arbitrary
//! precision), floats and complex numbers, and `+`/`*` on sequences, with Python's semantics
//! and limits that protect time and memory.

use crate::model::Value;
use num_bigint::{BigInt, Sign};

/// Largest integer result of `**`, in bits (protects time and memory).
const MAX_POW_BITS: u64 = 1 << 16;

fn bigint_to_f64(i: &BigInt) -> Option<f64> {
    let f = i.to_string().parse::<f64>().ok()?;
    f.is_finite().then_some(f) // Python raises OverflowError
}

/// A bool, int or float as a Python float (`None` when an int overflows it).
pub(super) fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Bool(b) => Some(*b as u8 as f64),
        Value::Int(i) => bigint_to_f64(i),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// A number for arithmetic.
#[derive(Debug, Clone)]
enum N {
    I(BigInt),
    F(f64),
    C(f64, f64),
}

fn num(v: Value) -> Option<N> {
    match v {
        Value::Bool(b) => Some(N::I(BigInt::from(b as u8))),
        Value::Int(i) => Some(N::I(i)),
        Value::Float(f) => Some(N::F(f)),
        Value::Complex(a, b) => Some(N::C(a, b)),
        _ => None,
    }
}

/// A unary operator (`+`, `-`, `~`) on a number.
pub(super) fn unary(op: &str, v: Value) -> Option<Value> {
    match (op, num(v)?) {
        ("+", N::I(i)) => Some(Value::Int(i)),
        ("+", N::F(f)) => Some(Value::Float(f)),
        ("+", N::C(a, b)) => Some(Value::Complex(a, b)),
        ("-", N::I(i)) => Some(Value::Int(-i)),
        ("-", N::F(f)) => Some(Value::Float(-f)),
        ("-", N::C(a, b)) => Some(Value::Complex(-a, -b)),
        ("~", N::I(i)) => Some(Value::Int(-(i + BigInt::from(1)))),
        _ => None,
    }
}

fn floor_divmod(a: &BigInt, b: &BigInt) -> Option<(BigInt, BigInt)> {
    if b.sign() == Sign::NoSign {
        return None;
    }
    let mut q = a / b;
    let mut r = a % b;
    if r.sign() != Sign::NoSign && (r.sign() == Sign::Minus) != (b.sign() == Sign::Minus) {
        q -= 1;
        r += b;
    }
    Some((q, r))
}

fn float_mod(a: f64, b: f64) -> Option<f64> {
    if b == 0.0 {
        return None;
    }
    let mut m = a % b;
    if m != 0.0 && ((m < 0.0) != (b < 0.0)) {
        m += b;
    }
    Some(m)
}

/// Largest sequence built by `+`/`*` on str, bytes, list and tuple.
const MAX_SEQ_LEN: usize = 1 << 20;

/// `+` and `*` on sequences: `'ab' + 'c'`, `[0] * 3`, `3 * 'x'`.
fn sequence_op(op: &str, l: Value, r: Value) -> Option<Value> {
    let repeat = |n: &BigInt, len: usize| -> Option<usize> {
        let n = if n.sign() == Sign::Minus {
            0
        } else {
            usize::try_from(n).ok()?
        };
        (n.saturating_mul(len.max(1)) <= MAX_SEQ_LEN).then_some(n)
    };
    match (op, l, r) {
        ("+", Value::Str(a), Value::Str(b)) => Some(Value::Str(a + &b)),
        ("+", Value::Bytes(mut a), Value::Bytes(b)) => {
            a.extend(b);
            Some(Value::Bytes(a))
        }
        ("+", Value::List(mut a), Value::List(b)) => {
            a.extend(b);
            Some(Value::List(a))
        }
        ("+", Value::Tuple(mut a), Value::Tuple(b)) => {
            a.extend(b);
            Some(Value::Tuple(a))
        }
        ("*", seq, Value::Int(n)) | ("*", Value::Int(n), seq) => match seq {
            Value::Str(a) => Some(Value::Str(a.repeat(repeat(&n, a.len())?))),
            Value::Bytes(a) => Some(Value::Bytes(a.repeat(repeat(&n, a.len())?))),
            Value::List(a) => Some(Value::List(repeat_vec(&a, repeat(&n, a.len())?))),
            Value::Tuple(a) => Some(Value::Tuple(repeat_vec(&a, repeat(&n, a.len())?))),
            _ => None,
        },
        _ => None,
    }
}

fn repeat_vec(a: &[Value], n: usize) -> Vec<Value> {
    let mut out = Vec::with_capacity(a.len() * n);
    for _ in 0..n {
        out.extend_from_slice(a);
    }
    out
}

/// A binary operator on two numbers or on sequences.
pub(super) fn binary(op: &str, l: Value, r: Value) -> Option<Value> {
    let is_seq = |v: &Value| {
        matches!(
            v,
            Value::Str(_) | Value::Bytes(_) | Value::List(_) | Value::Tuple(_)
        )
    };
    if is_seq(&l) || is_seq(&r) {
        return sequence_op(op, l, r);
    }
    let (l, r) = (num(l)?, num(r)?);
    match (l, r) {
        (N::I(a), N::I(b)) => int_op(op, a, b),
        (N::C(a, b), N::C(c, d)) => complex_op(op, (a, b), (c, d)),
        (N::C(a, b), x) => complex_op(op, (a, b), (n_to_f64(x)?, 0.0)),
        (x, N::C(c, d)) => complex_op(op, (n_to_f64(x)?, 0.0), (c, d)),
        (x, y) => float_op(op, n_to_f64(x)?, n_to_f64(y)?),
    }
}

fn n_to_f64(n: N) -> Option<f64> {
    match n {
        N::I(i) => bigint_to_f64(&i),
        N::F(f) => Some(f),
        N::C(..) => None,
    }
}

fn int_op(op: &str, a: BigInt, b: BigInt) -> Option<Value> {
    Some(Value::Int(match op {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "//" => floor_divmod(&a, &b)?.0,
        "%" => floor_divmod(&a, &b)?.1,
        "/" => return float_op("/", bigint_to_f64(&a)?, bigint_to_f64(&b)?),
        "**" => {
            if b.sign() == Sign::Minus {
                return float_op("**", bigint_to_f64(&a)?, bigint_to_f64(&b)?);
            }
            let e = u32::try_from(&b).ok()?;
            if a.bits().saturating_mul(e as u64) > MAX_POW_BITS {
                return None;
            }
            a.pow(e)
        }
        _ => return None,
    }))
}

fn float_op(op: &str, a: f64, b: f64) -> Option<Value> {
    let v = match op {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" if b != 0.0 => a / b,
        "//" if b != 0.0 => (a / b).floor(),
        "%" => float_mod(a, b)?,
        "**" => {
            if a == 0.0 && b < 0.0 {
                return None;
            }
            if a < 0.0 && b.fract() != 0.0 {
                return None; // complex result
            }
            a.powf(b)
        }
        _ => return None,
    };
    Some(Value::Float(v))
}

fn complex_op(op: &str, (a, b): (f64, f64), (c, d): (f64, f64)) -> Option<Value> {
    let (re, im) = match op {
        "+" => (a + c, b + d),
        "-" => (a - c, b - d),
        "*" => (a * c - b * d, a * d + b * c),
        _ => return None,
    };
    Some(Value::Complex(re, im))
}
