//! Evaluate Python literal expressions (as `ast.literal_eval` would, plus constant arithmetic
//! and a few well-known constructors) into [`Value`]s. Anything else is "not a literal" (`None`).
//!
//! Token decoding lives in `literal_token`, constant arithmetic in `literal_arith`; this
//! module walks the syntax tree.

use super::literal_arith::{binary, to_f64, unary};
use super::literal_token::float_from_str;
pub use super::literal_token::{
    parse_float_token, parse_integer, parse_string, split_string_token, Lit,
};
use super::parse::{self, named_children, text};
use crate::model::Value;
use num_bigint::BigInt;
use tree_sitter::Node;

/// Deepest nesting evaluated (protects the stack against adversarial input).
const MAX_DEPTH: usize = 200;

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
