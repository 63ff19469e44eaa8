//! Evaluate Python literal expressions (as `ast.literal_eval` would, plus constant arithmetic
//! and a few well-known constructors) into [`Value`]s. Anything else is "not a literal" (`None`).

use super::parse::{self, named_children, text};
use crate::model::Value;
use num_bigint::{BigInt, Sign};
use tree_sitter::Node;

/// Deepest nesting evaluated (protects the stack against adversarial input).
const MAX_DEPTH: usize = 200;
/// Largest integer result of `**`, in bits (protects time and memory).
const MAX_POW_BITS: u64 = 1 << 16;

/// Evaluate an expression node of `src` as a literal.
pub fn eval_literal(node: Node<'_>, src: &str) -> Option<Value> {
    if node.has_error() {
        return None;
    }
    eval(node, src, 0)
}

/// Parse `expr` as a single Python expression and evaluate it as a literal.
pub fn parse_literal(expr: &str) -> Option<Value> {
    let tree = parse::parse(expr.trim());
    let src = expr.trim();
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    match named_children(root).as_slice() {
        [stmt] if stmt.kind() == "expression_statement" => match named_children(*stmt).as_slice() {
            [e] => eval(*e, src, 0),
            // `1, 2` at statement level is a tuple.
            many if many.len() > 1 => many
                .iter()
                .map(|e| eval(*e, src, 1))
                .collect::<Option<Vec<_>>>()
                .map(Value::Tuple),
            _ => None,
        },
        _ => None,
    }
}

fn eval(node: Node<'_>, src: &str, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let d = depth + 1;
    match node.kind() {
        "true" => Some(Value::Bool(true)),
        "false" => Some(Value::Bool(false)),
        "none" => Some(Value::None),
        "integer" => parse_integer(text(node, src)),
        "float" => parse_float_token(text(node, src)),
        "string" => match parse_string(text(node, src))? {
            Lit::Str(s) => Some(Value::Str(s)),
            Lit::Bytes(b) => Some(Value::Bytes(b)),
        },
        "concatenated_string" => concat_strings(node, src),
        "parenthesized_expression" => match named_children(node).as_slice() {
            [inner] => eval(*inner, src, d),
            _ => None,
        },
        "list" => seq(node, src, d).map(Value::List),
        "tuple" | "expression_list" => seq(node, src, d).map(Value::Tuple),
        "set" => seq(node, src, d).and_then(make_set).map(Value::Set),
        "dictionary" => dict(node, src, d),
        "unary_operator" => {
            let arg = eval(node.child_by_field_name("argument")?, src, d)?;
            let op = text(node.child_by_field_name("operator")?, src);
            unary(op, arg)
        }
        "binary_operator" => {
            let l = eval(node.child_by_field_name("left")?, src, d)?;
            let r = eval(node.child_by_field_name("right")?, src, d)?;
            let op = text(node.child_by_field_name("operator")?, src);
            binary(op, l, r)
        }
        "attribute" => {
            let obj = node.child_by_field_name("object")?;
            if obj.kind() != "identifier" || text(obj, src) != "math" {
                return None;
            }
            match text(node.child_by_field_name("attribute")?, src) {
                "pi" => Some(Value::Float(std::f64::consts::PI)),
                "e" => Some(Value::Float(std::f64::consts::E)),
                "tau" => Some(Value::Float(std::f64::consts::TAU)),
                "inf" => Some(Value::Float(f64::INFINITY)),
                "nan" => Some(Value::Float(f64::NAN)),
                _ => None,
            }
        }
        "call" => call(node, src, d),
        _ => None,
    }
}

fn seq(node: Node<'_>, src: &str, depth: usize) -> Option<Vec<Value>> {
    named_children(node)
        .into_iter()
        .map(|c| eval(c, src, depth))
        .collect()
}

/// Is a value hashable (usable as a set element or dict key)?
fn hashable(v: &Value) -> bool {
    match v {
        Value::List(_) | Value::Dict(_) | Value::Set(_) => false,
        Value::Tuple(xs) | Value::FrozenSet(xs) => xs.iter().all(hashable),
        _ => true,
    }
}

fn make_set(items: Vec<Value>) -> Option<Vec<Value>> {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for x in items {
        if !hashable(&x) {
            return None;
        }
        if !out.iter().any(|y| y.py_eq(&x)) {
            out.push(x);
        }
    }
    Some(out)
}

fn insert_pair(out: &mut Vec<(Value, Value)>, k: Value, v: Value) -> Option<()> {
    if !hashable(&k) {
        return None;
    }
    match out.iter_mut().find(|(k2, _)| k2.py_eq(&k)) {
        Some(slot) => slot.1 = v,
        None => out.push((k, v)),
    }
    Some(())
}

fn dict(node: Node<'_>, src: &str, depth: usize) -> Option<Value> {
    let mut out = Vec::new();
    for pair in named_children(node) {
        if pair.kind() != "pair" {
            return None;
        }
        let k = eval(pair.child_by_field_name("key")?, src, depth)?;
        let v = eval(pair.child_by_field_name("value")?, src, depth)?;
        insert_pair(&mut out, k, v)?;
    }
    Some(Value::Dict(out))
}

/// Iterate a literal iterable the way `list(x)` would.
fn iterate(v: Value) -> Option<Vec<Value>> {
    match v {
        Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs) => Some(xs),
        Value::Str(s) => Some(s.chars().map(|c| Value::Str(c.to_string())).collect()),
        Value::Bytes(b) => Some(b.into_iter().map(|x| Value::Int(BigInt::from(x))).collect()),
        Value::Dict(kv) => Some(kv.into_iter().map(|(k, _)| k).collect()),
        _ => None,
    }
}

fn call(node: Node<'_>, src: &str, depth: usize) -> Option<Value> {
    let func = node.child_by_field_name("function")?;
    let args_node = node.child_by_field_name("arguments")?;
    if args_node.kind() != "argument_list" {
        return None;
    }
    let mut args = Vec::new();
    let mut kwargs = Vec::new();
    for a in named_children(args_node) {
        if a.kind() == "keyword_argument" {
            let name = text(a.child_by_field_name("name")?, src).to_string();
            kwargs.push((name, eval(a.child_by_field_name("value")?, src, depth)?));
        } else {
            args.push(eval(a, src, depth)?);
        }
    }
    let name = match func.kind() {
        "identifier" => text(func, src),
        _ => return None,
    };
    if !kwargs.is_empty() && name != "dict" {
        return None;
    }
    let one = |args: Vec<Value>| -> Option<Option<Value>> {
        match args.len() {
            0 => Some(None),
            1 => args.into_iter().next().map(Some),
            _ => None,
        }
    };
    match name {
        "float" => match one(args)? {
            None => Some(Value::Float(0.0)),
            Some(Value::Str(s)) => float_from_str(&s).map(Value::Float),
            Some(v) => to_f64(&v).map(Value::Float),
        },
        "int" => match one(args)? {
            None => Some(Value::int(0)),
            Some(Value::Str(s)) => {
                let t = s.trim().replace('_', "");
                t.parse::<BigInt>().ok().map(Value::Int)
            }
            Some(Value::Float(f)) if f.is_finite() => format!("{:.0}", f.trunc())
                .parse::<BigInt>()
                .ok()
                .map(Value::Int),
            Some(Value::Bool(b)) => Some(Value::int(b as i64)),
            Some(v @ Value::Int(_)) => Some(v),
            _ => None,
        },
        "complex" => {
            if args.len() > 2 {
                return None;
            }
            let mut it = args.iter();
            let re = it.next().map_or(Some(0.0), to_f64)?;
            let im = it.next().map_or(Some(0.0), to_f64)?;
            Some(Value::Complex(re, im))
        }
        "list" => Some(Value::List(one(args)?.map_or(Some(vec![]), iterate)?)),
        "tuple" => Some(Value::Tuple(one(args)?.map_or(Some(vec![]), iterate)?)),
        "set" => Some(Value::Set(make_set(
            one(args)?.map_or(Some(vec![]), iterate)?,
        )?)),
        "frozenset" => Some(Value::FrozenSet(make_set(
            one(args)?.map_or(Some(vec![]), iterate)?,
        )?)),
        "dict" => {
            let mut out = Vec::new();
            match one(args)? {
                None => {}
                Some(Value::Dict(kv)) => out = kv,
                Some(v) => {
                    for item in iterate(v)? {
                        match item {
                            Value::List(p) | Value::Tuple(p) if p.len() == 2 => {
                                let mut p = p.into_iter();
                                let (k, v) = (p.next()?, p.next()?);
                                insert_pair(&mut out, k, v)?;
                            }
                            _ => return None,
                        }
                    }
                }
            }
            for (k, v) in kwargs {
                insert_pair(&mut out, Value::Str(k), v)?;
            }
            Some(Value::Dict(out))
        }
        _ => None,
    }
}

fn float_from_str(s: &str) -> Option<f64> {
    let t = s.trim().to_ascii_lowercase();
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    let v = match body {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            if body.starts_with('_') || body.ends_with('_') || body.contains("__") {
                return None;
            }
            parse_decimal_float(&body.replace('_', ""))?
        }
    };
    Some(if neg { -v } else { v })
}

/// Rust's float parser also accepts "inf"/"nan"/"infinity"; Python literals never do.
fn parse_decimal_float(s: &str) -> Option<f64> {
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    s.parse::<f64>().ok()
}

fn bigint_to_f64(i: &BigInt) -> Option<f64> {
    let f = i.to_string().parse::<f64>().ok()?;
    f.is_finite().then_some(f) // Python raises OverflowError
}

fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Bool(b) => Some(*b as u8 as f64),
        Value::Int(i) => bigint_to_f64(i),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// Parse an `integer` token (which also carries imaginary literals like `2j`).
pub fn parse_integer(tok: &str) -> Option<Value> {
    let t = tok.replace('_', "");
    if let Some(im) = t.strip_suffix(['j', 'J']) {
        return parse_decimal_float(im).map(|f| Value::Complex(0.0, f));
    }
    let t = t.trim_end_matches(['l', 'L']);
    let lower = t.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() {
        return None;
    }
    BigInt::parse_bytes(digits.as_bytes(), radix).map(Value::Int)
}

/// Parse a `float` token (`1e-6`, `.5`, `1_000.0`, `1.5j`).
pub fn parse_float_token(tok: &str) -> Option<Value> {
    let t = tok.replace('_', "");
    if let Some(im) = t.strip_suffix(['j', 'J']) {
        return parse_decimal_float(im).map(|f| Value::Complex(0.0, f));
    }
    parse_decimal_float(&t).map(Value::Float)
}

/// A decoded string or bytes literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Str(String),
    Bytes(Vec<u8>),
}

/// The parts of a string literal token: prefix (lower-cased), quote, content.
pub fn split_string_token(tok: &str) -> Option<(String, &'static str, &str)> {
    let quote_at = tok.find(['"', '\''])?;
    let prefix = tok[..quote_at].to_ascii_lowercase();
    if !prefix
        .chars()
        .all(|c| matches!(c, 'r' | 'b' | 'u' | 'f' | 't'))
    {
        return None;
    }
    let rest = &tok[quote_at..];
    let quote: &'static str = ["\"\"\"", "'''", "\"", "'"]
        .into_iter()
        .find(|q| rest.starts_with(q))?;
    if rest.len() < 2 * quote.len() || !rest.ends_with(quote) {
        return None;
    }
    Some((prefix, quote, &rest[quote.len()..rest.len() - quote.len()]))
}

/// Decode one string literal token (not f-strings).
pub fn parse_string(tok: &str) -> Option<Lit> {
    let (prefix, _quote, content) = split_string_token(tok)?;
    if prefix.contains('f') || prefix.contains('t') {
        return None;
    }
    let raw = prefix.contains('r');
    let bytes = prefix.contains('b');
    if bytes {
        if !content.is_ascii() {
            return None;
        }
        if raw {
            return Some(Lit::Bytes(content.as_bytes().to_vec()));
        }
        return decode_escapes(content, true)
            .map(|cs| Lit::Bytes(cs.into_iter().map(|c| c as u8).collect()));
    }
    if raw {
        return Some(Lit::Str(content.to_string()));
    }
    decode_escapes(content, false)
        .map(|cs| Lit::Str(cs.into_iter().filter_map(char::from_u32).collect()))
}

/// Decode backslash escapes into code points (bytes when `bytes`).
fn decode_escapes(s: &str, bytes: bool) -> Option<Vec<u32>> {
    let mut out = Vec::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c as u32);
            continue;
        }
        let e = it.next()?;
        match e {
            '\n' => {}
            '\r' => {
                if it.peek() == Some(&'\n') {
                    it.next();
                }
            }
            '\\' => out.push('\\' as u32),
            '\'' => out.push('\'' as u32),
            '"' => out.push('"' as u32),
            'a' => out.push(7),
            'b' => out.push(8),
            'f' => out.push(12),
            'n' => out.push(10),
            'r' => out.push(13),
            't' => out.push(9),
            'v' => out.push(11),
            '0'..='7' => {
                let mut v = e as u32 - '0' as u32;
                for _ in 0..2 {
                    match it.peek() {
                        Some(d @ '0'..='7') => {
                            v = v * 8 + (*d as u32 - '0' as u32);
                            it.next();
                        }
                        _ => break,
                    }
                }
                if bytes && v > 0xff {
                    return None;
                }
                out.push(v);
            }
            'x' => out.push(hex_digits(&mut it, 2)?),
            'u' if !bytes => out.push(unicode(hex_digits(&mut it, 4)?)?),
            'U' if !bytes => out.push(unicode(hex_digits(&mut it, 8)?)?),
            // \N{NAME} needs the Unicode name table: not supported.
            'N' if !bytes => return None,
            other => {
                // Unknown escapes are kept verbatim (Python warns but keeps them).
                out.push('\\' as u32);
                out.push(other as u32);
            }
        }
    }
    Some(out)
}

fn unicode(v: u32) -> Option<u32> {
    char::from_u32(v).map(|c| c as u32)
}

fn hex_digits(it: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize) -> Option<u32> {
    let mut v: u32 = 0;
    for _ in 0..n {
        let d = it.next()?.to_digit(16)?;
        v = v.checked_mul(16)?.checked_add(d)?;
    }
    Some(v)
}

fn concat_strings(node: Node<'_>, src: &str) -> Option<Value> {
    let mut acc: Option<Lit> = None;
    for part in named_children(node) {
        if part.kind() != "string" {
            return None;
        }
        let lit = parse_string(text(part, src))?;
        acc = Some(match (acc, lit) {
            (None, l) => l,
            (Some(Lit::Str(mut a)), Lit::Str(b)) => {
                a.push_str(&b);
                Lit::Str(a)
            }
            (Some(Lit::Bytes(mut a)), Lit::Bytes(b)) => {
                a.extend(b);
                Lit::Bytes(a)
            }
            _ => return None, // cannot mix bytes and str
        });
    }
    match acc? {
        Lit::Str(s) => Some(Value::Str(s)),
        Lit::Bytes(b) => Some(Value::Bytes(b)),
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

fn unary(op: &str, v: Value) -> Option<Value> {
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

fn binary(op: &str, l: Value, r: Value) -> Option<Value> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Value {
        parse_literal(s).unwrap_or_else(|| panic!("not a literal: {s}"))
    }

    #[test]
    fn numbers() {
        assert_eq!(lit("42"), Value::int(42));
        assert_eq!(lit("0x_ff"), Value::int(255));
        assert_eq!(lit("0o17"), Value::int(15));
        assert_eq!(lit("0b101"), Value::int(5));
        assert_eq!(lit("1_000_000"), Value::int(1_000_000));
        assert_eq!(lit("2**64").to_python(), "18446744073709551616");
        assert_eq!(lit("10**9+7"), Value::int(1_000_000_007));
        assert_eq!(
            lit("123456789012345678901234567890").to_python(),
            "123456789012345678901234567890"
        );
        assert_eq!(lit("1e-6"), Value::Float(1e-6));
        assert_eq!(lit(".5"), Value::Float(0.5));
        assert_eq!(lit("1_000.0"), Value::Float(1000.0));
        assert_eq!(lit("1/3"), Value::Float(1.0 / 3.0));
        assert_eq!(lit("-7//2"), Value::int(-4));
        assert_eq!(lit("-7%3"), Value::int(2));
        assert_eq!(lit("2j"), Value::Complex(0.0, 2.0));
        assert_eq!(lit("1+2j"), Value::Complex(1.0, 2.0));
        assert_eq!(lit("-3"), Value::int(-3));
        assert_eq!(lit("+3.5"), Value::Float(3.5));
        assert_eq!(lit("float('inf')"), Value::Float(f64::INFINITY));
        assert_eq!(lit("-float('inf')"), Value::Float(f64::NEG_INFINITY));
        assert!(matches!(lit("float(\"nan\")"), Value::Float(f) if f.is_nan()));
        assert_eq!(lit("math.pi"), Value::Float(std::f64::consts::PI));
        assert_eq!(lit("2**-1"), Value::Float(0.5));
        assert!(parse_literal("1/0").is_none());
        assert_eq!(lit("'ab' + 'c'"), Value::str("abc"));
        assert_eq!(lit("[0] * 3"), Value::List(vec![Value::int(0); 3]));
        assert_eq!(
            lit("2 * (1,) + (2,)"),
            Value::Tuple(vec![Value::int(1), Value::int(1), Value::int(2)])
        );
        assert!(parse_literal("'a' * 10**9").is_none());
        assert!(parse_literal("10**10**10").is_none());
    }

    #[test]
    fn strings() {
        assert_eq!(
            lit(r#"'a\nb\t\\\'\x41\u00e9\U0001F600\101'"#),
            Value::str("a\nb\t\\'Aé😀A")
        );
        assert_eq!(lit(r#"r'\n\d'"#), Value::str("\\n\\d"));
        assert_eq!(lit(r#"'ab' "cd"  'ef'"#), Value::str("abcdef"));
        assert_eq!(lit("'''x\n'y'\n'''"), Value::str("x\n'y'\n"));
        assert_eq!(
            lit(r#"b'\x00ab\\'"#),
            Value::Bytes(vec![0, b'a', b'b', b'\\'])
        );
        assert_eq!(lit(r#"u'ü'"#), Value::str("ü"));
        assert!(parse_literal("f'{x}'").is_none());
        assert!(parse_literal(r#"'\N{BULLET}'"#).is_none());
        assert!(parse_literal("b'a' 'b'").is_none());
    }

    #[test]
    fn containers() {
        assert_eq!(
            lit("[1, (2,), {3: 'x'}, {4}, ()]").to_python(),
            "[1, (2,), {3: 'x'}, {4}, ()]"
        );
        assert_eq!(lit("(1,)"), Value::Tuple(vec![Value::int(1)]));
        assert_eq!(lit("((1))"), Value::int(1));
        assert_eq!(lit("set()"), Value::Set(vec![]));
        assert_eq!(lit("list()"), Value::List(vec![]));
        assert_eq!(lit("tuple()"), Value::Tuple(vec![]));
        assert_eq!(lit("dict()"), Value::Dict(vec![]));
        assert_eq!(
            lit("dict(a=1)"),
            Value::Dict(vec![(Value::str("a"), Value::int(1))])
        );
        assert_eq!(
            lit("frozenset({1, 2})"),
            Value::FrozenSet(vec![Value::int(1), Value::int(2)])
        );
        assert_eq!(
            lit("{1, True, 2}"),
            Value::Set(vec![Value::int(1), Value::int(2)])
        );
        assert_eq!(
            lit("{1: 'a', 1: 'b'}"),
            Value::Dict(vec![(Value::int(1), Value::str("b"))])
        );
        assert_eq!(
            lit("[1,\n # comment\n 2]"),
            Value::List(vec![Value::int(1), Value::int(2)])
        );
        assert_eq!(lit("True"), Value::Bool(true));
        assert_eq!(lit("None"), Value::None);
        assert!(parse_literal("{[1]: 2}").is_none());
        assert!(parse_literal("[x for x in y]").is_none());
        assert!(parse_literal("foo(1)").is_none());
        assert!(parse_literal("x").is_none());
        assert!(parse_literal("[*a]").is_none());
    }

    use proptest::prelude::*;

    fn dedup(items: Vec<Value>) -> Vec<Value> {
        let mut out: Vec<Value> = vec![];
        for x in items {
            if !out.iter().any(|y| y.py_eq(&x)) {
                out.push(x);
            }
        }
        out
    }

    fn hashable_leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::None),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::int),
            "-?[1-9][0-9]{18,60}".prop_map(|s| Value::Int(s.parse().unwrap())),
            (proptest::num::f64::NORMAL
                | proptest::num::f64::SUBNORMAL
                | proptest::num::f64::ZERO
                | proptest::num::f64::NEGATIVE
                | proptest::num::f64::POSITIVE)
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::Float),
            any::<String>().prop_map(Value::Str),
            "[a-zé😀\\'\"\n\t\u{0}\u{7f}\u{2028}]{0,8}".prop_map(Value::Str),
            proptest::collection::vec(any::<u8>(), 0..6).prop_map(Value::Bytes),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        hashable_leaf().prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::List),
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Tuple),
                proptest::collection::vec(hashable_leaf(), 1..5)
                    .prop_map(|xs| Value::Set(dedup(xs))),
                proptest::collection::vec((hashable_leaf(), inner), 0..4).prop_map(|kv| {
                    let mut out: Vec<(Value, Value)> = vec![];
                    for (k, v) in kv {
                        if !out.iter().any(|(k2, _)| k2.py_eq(&k)) {
                            out.push((k, v));
                        }
                    }
                    Value::Dict(out)
                }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, .. ProptestConfig::default() })]
        #[test]
        fn to_python_round_trips(v in value()) {
            let src = v.to_python();
            let back = parse_literal(&src);
            prop_assert!(back.is_some(), "not a literal: {}", src);
            let back = back.unwrap();
            prop_assert!(back.py_eq(&v), "{} -> {:?}", src, back);
            prop_assert_eq!(&back, &v, "source: {}", src);
        }

        #[test]
        fn never_panics(s in "(?s).{0,120}") {
            let _ = parse_literal(&s);
        }
    }
}
