//! Python types as benchsmith sees them: parsed from annotations, inferred from observed
//! values, unified across observations.

use super::value::Value;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Type {
    Any,
    None,
    Bool,
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    List(Box<Type>),
    /// Fixed-length tuple `Tuple[A, B]`.
    Tuple(Vec<Type>),
    /// Homogeneous tuple `Tuple[A, ...]`.
    TupleOf(Box<Type>),
    Dict(Box<Type>, Box<Type>),
    Set(Box<Type>),
    FrozenSet(Box<Type>),
    Optional(Box<Type>),
    Union(Vec<Type>),
    Callable,
    /// Any other class, by name (`Node`, `Counter`, ...).
    Named(String),
}

impl Type {
    /// The most precise type of one value.
    pub fn of(v: &Value) -> Type {
        match v {
            Value::None => Type::None,
            Value::Bool(_) => Type::Bool,
            Value::Int(_) => Type::Int,
            Value::Float(_) => Type::Float,
            Value::Complex(..) => Type::Complex,
            Value::Str(_) => Type::Str,
            Value::Bytes(_) => Type::Bytes,
            Value::List(xs) => Type::List(Box::new(Type::of_all(xs))),
            Value::Set(xs) => Type::Set(Box::new(Type::of_all(xs))),
            Value::FrozenSet(xs) => Type::FrozenSet(Box::new(Type::of_all(xs))),
            Value::Tuple(xs) => Type::Tuple(xs.iter().map(Type::of).collect()),
            Value::Dict(kv) => {
                let k = kv
                    .iter()
                    .map(|(k, _)| Type::of(k))
                    .reduce(|a, b| a.unify(&b));
                let v = kv
                    .iter()
                    .map(|(_, v)| Type::of(v))
                    .reduce(|a, b| a.unify(&b));
                Type::Dict(
                    Box::new(k.unwrap_or(Type::Any)),
                    Box::new(v.unwrap_or(Type::Any)),
                )
            }
            Value::Opaque { type_name, .. } => Type::Named(type_name.clone()),
        }
    }

    fn of_all(xs: &[Value]) -> Type {
        xs.iter()
            .map(Type::of)
            .reduce(|a, b| a.unify(&b))
            .unwrap_or(Type::Any)
    }

    /// The least general type that covers both (`Any` is the identity for empty containers).
    pub fn unify(&self, other: &Type) -> Type {
        use Type::*;
        if self == other {
            return self.clone();
        }
        match (self, other) {
            (Any, t) | (t, Any) => t.clone(),
            (Bool, Int) | (Int, Bool) => Int,
            (Int, Float) | (Float, Int) | (Bool, Float) | (Float, Bool) => Float,
            (None, Optional(t)) | (Optional(t), None) => Optional(t.clone()),
            (None, t) | (t, None) => Optional(Box::new(t.clone())),
            (Optional(a), Optional(b)) => Optional(Box::new(a.unify(b))),
            (Optional(a), t) | (t, Optional(a)) => Optional(Box::new(a.unify(t))),
            (List(a), List(b)) => List(Box::new(a.unify(b))),
            (Set(a), Set(b)) => Set(Box::new(a.unify(b))),
            (FrozenSet(a), FrozenSet(b)) => FrozenSet(Box::new(a.unify(b))),
            (Dict(k1, v1), Dict(k2, v2)) => Dict(Box::new(k1.unify(k2)), Box::new(v1.unify(v2))),
            (Tuple(a), Tuple(b)) if a.len() == b.len() => {
                Tuple(a.iter().zip(b).map(|(x, y)| x.unify(y)).collect())
            }
            (Tuple(a), Tuple(b)) => {
                let all = a.iter().chain(b).cloned().reduce(|x, y| x.unify(&y));
                TupleOf(Box::new(all.unwrap_or(Any)))
            }
            (TupleOf(a), TupleOf(b)) => TupleOf(Box::new(a.unify(b))),
            (TupleOf(a), Tuple(xs)) | (Tuple(xs), TupleOf(a)) => TupleOf(Box::new(
                xs.iter().fold((**a).clone(), |acc, x| acc.unify(x)),
            )),
            (Union(xs), t) | (t, Union(xs)) => {
                let mut out = xs.clone();
                match t {
                    Union(ys) => ys.iter().for_each(|y| union_insert(&mut out, y)),
                    t => union_insert(&mut out, t),
                }
                Union(out)
            }
            (a, b) => Union(vec![a.clone(), b.clone()]),
        }
    }

    /// Does a value fit this type? (bool fits int, int fits float, as Python's typing allows.)
    pub fn admits(&self, v: &Value) -> bool {
        use Type::*;
        match (self, v) {
            (Any, _) => true,
            (None, Value::None) => true,
            (Bool, Value::Bool(_)) => true,
            (Int, Value::Int(_) | Value::Bool(_)) => true,
            (Float, Value::Float(_) | Value::Int(_) | Value::Bool(_)) => true,
            (Complex, Value::Complex(..) | Value::Float(_) | Value::Int(_)) => true,
            (Str, Value::Str(_)) => true,
            (Bytes, Value::Bytes(_)) => true,
            (List(t), Value::List(xs)) => xs.iter().all(|x| t.admits(x)),
            (Set(t), Value::Set(xs)) | (FrozenSet(t), Value::FrozenSet(xs)) => {
                xs.iter().all(|x| t.admits(x))
            }
            (Tuple(ts), Value::Tuple(xs)) => {
                ts.len() == xs.len() && ts.iter().zip(xs).all(|(t, x)| t.admits(x))
            }
            (TupleOf(t), Value::Tuple(xs)) => xs.iter().all(|x| t.admits(x)),
            (Dict(k, val), Value::Dict(kv)) => kv.iter().all(|(a, b)| k.admits(a) && val.admits(b)),
            (Optional(_), Value::None) => true,
            (Optional(t), v) => t.admits(v),
            (Union(ts), v) => ts.iter().any(|t| t.admits(v)),
            (Named(n), Value::Opaque { type_name, .. }) => n == type_name,
            _ => false,
        }
    }

    /// Parse a Python annotation (`List[int]`, `list[int]`, `Dict[str, List[float]]`,
    /// `Optional[str]`, `int | None`, `Tuple[int, ...]`). Unknown names become `Named`.
    pub fn parse(annotation: &str) -> Result<Type, TypeParseError> {
        AnnParser {
            src: annotation,
            s: annotation.as_bytes(),
            i: 0,
        }
        .whole()
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Float | Type::Bool)
    }
}

/// Add `t` to a union, merging it into a member of the same shape (`list[Any]` and `list[int]`
/// become `list[int]`; `int` and `float` become `float`).
fn union_insert(members: &mut Vec<Type>, t: &Type) {
    let same_shape = |a: &Type, b: &Type| {
        std::mem::discriminant(a) == std::mem::discriminant(b) || (a.is_numeric() && b.is_numeric())
    };
    match members.iter_mut().find(|m| same_shape(m, t)) {
        Some(m) => *m = m.unify(t),
        None => members.push(t.clone()),
    }
}

/// Why an annotation could not be parsed: what the parser expected, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{expected} at byte offset {offset} of {annotation:?}")]
pub struct TypeParseError {
    /// The whole annotation given to [`Type::parse`].
    pub annotation: String,
    /// Byte offset into `annotation` where `expected` was not found.
    pub offset: usize,
    pub expected: Expected,
}

/// What the annotation parser expected to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Expected {
    #[error("expected a type name")]
    TypeName,
    #[error("expected ',' or ']'")]
    CommaOrClose,
    /// The closing quote of a string annotation (`'Node'`), at the end of the annotation.
    #[error("expected a closing `{0}`")]
    ClosingQuote(char),
    /// Text after a complete annotation.
    #[error("expected the end of the annotation")]
    End,
}

/// A parser over `s`, a prefix of `src` (a string annotation inside `src` is parsed by a
/// parser whose `s` ends at its closing quote); `i` indexes both.
struct AnnParser<'a> {
    src: &'a str,
    s: &'a [u8],
    i: usize,
}

impl AnnParser<'_> {
    fn error(&self, expected: Expected) -> TypeParseError {
        TypeParseError {
            annotation: self.src.to_string(),
            offset: self.i,
            expected,
        }
    }
    /// A union that spans the rest of `s`.
    fn whole(&mut self) -> Result<Type, TypeParseError> {
        let t = self.union()?;
        self.ws();
        if self.i != self.s.len() {
            return Err(self.error(Expected::End));
        }
        Ok(t)
    }
    fn ws(&mut self) {
        while self.i < self.s.len() && (self.s[self.i] as char).is_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn name(&mut self) -> Result<String, TypeParseError> {
        self.ws();
        let start = self.i;
        while self.i < self.s.len() {
            let c = self.s[self.i];
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c >= 0x80 {
                self.i += 1;
            } else {
                break;
            }
        }
        if start == self.i {
            // `...` (Ellipsis) inside Tuple[int, ...]
            if self.s[self.i..].starts_with(b"...") {
                self.i += 3;
                return Ok("...".into());
            }
            if self
                .s
                .get(self.i)
                .is_some_and(|c| *c == b'\'' || *c == b'"')
            {
                // string annotation: parse its content
                let q = self.s[self.i];
                let end = self.s[self.i + 1..]
                    .iter()
                    .position(|c| *c == q)
                    .ok_or_else(|| TypeParseError {
                        offset: self.s.len(),
                        ..self.error(Expected::ClosingQuote(q as char))
                    })?;
                // The quotes are ASCII, so the content lies on char boundaries.
                let inner = &self.src[self.i + 1..self.i + 1 + end];
                self.i += end + 2;
                return Ok(format!("'{inner}"));
            }
            return Err(self.error(Expected::TypeName));
        }
        Ok(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }
    fn args(&mut self) -> Result<Vec<Type>, TypeParseError> {
        let mut out = vec![];
        if self.eat(b'[') {
            if self.eat(b']') {
                return Ok(out);
            }
            loop {
                if self.eat(b'[') {
                    // Callable[[int], int] argument lists
                    let mut depth = 1;
                    while depth > 0 && self.i < self.s.len() {
                        match self.s[self.i] {
                            b'[' => depth += 1,
                            b']' => depth -= 1,
                            _ => {}
                        }
                        self.i += 1;
                    }
                    out.push(Type::Any);
                } else {
                    out.push(self.union()?);
                }
                if self.eat(b']') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.error(Expected::CommaOrClose));
                }
            }
        }
        Ok(out)
    }
    fn union(&mut self) -> Result<Type, TypeParseError> {
        let mut parts = vec![self.atom()?];
        while self.eat(b'|') {
            parts.push(self.atom()?);
        }
        Ok(make_union(parts))
    }
    fn atom(&mut self) -> Result<Type, TypeParseError> {
        let name = self.name()?;
        if let Some(inner) = name.strip_prefix('\'') {
            // The string's content, just before its closing quote, parsed on its own.
            let end = self.i - 1;
            return AnnParser {
                src: self.src,
                s: &self.s[..end],
                i: end - inner.len(),
            }
            .whole();
        }
        if name.chars().all(|c| c == '.') {
            return Ok(Type::Named("...".into()));
        }
        let base = name.rsplit('.').next().unwrap_or(&name).to_string();
        let args = self.args()?;
        let one = |args: &[Type]| args.first().cloned().unwrap_or(Type::Any);
        Ok(match (base.as_str(), args.as_slice()) {
            ("...", _) => Type::Named("...".into()),
            ("Any" | "object", _) => Type::Any,
            ("None" | "NoneType", _) => Type::None,
            ("bool", _) => Type::Bool,
            ("int", _) => Type::Int,
            ("float", _) => Type::Float,
            ("complex", _) => Type::Complex,
            ("str", _) => Type::Str,
            ("bytes", _) => Type::Bytes,
            ("List" | "list" | "Sequence" | "Iterable" | "MutableSequence", a) => {
                Type::List(Box::new(one(a)))
            }
            ("Set" | "set" | "AbstractSet" | "MutableSet", a) => Type::Set(Box::new(one(a))),
            ("FrozenSet" | "frozenset", a) => Type::FrozenSet(Box::new(one(a))),
            ("Dict" | "dict" | "Mapping" | "MutableMapping", a) => Type::Dict(
                Box::new(a.first().cloned().unwrap_or(Type::Any)),
                Box::new(a.get(1).cloned().unwrap_or(Type::Any)),
            ),
            ("Tuple" | "tuple", []) => Type::TupleOf(Box::new(Type::Any)),
            ("Tuple" | "tuple", [t, Type::Named(e)]) if e == "..." => {
                Type::TupleOf(Box::new(t.clone()))
            }
            ("Tuple" | "tuple", a) => Type::Tuple(a.to_vec()),
            ("Optional", a) => Type::Optional(Box::new(one(a))),
            ("Union", a) => make_union(a.to_vec()),
            ("Callable", _) => Type::Callable,
            (other, _) => Type::Named(other.to_string()),
        })
    }
}

fn make_union(mut parts: Vec<Type>) -> Type {
    parts.dedup();
    if parts.len() == 1 {
        return parts.pop().expect("one");
    }
    let has_none = parts.contains(&Type::None);
    let rest: Vec<Type> = parts.into_iter().filter(|t| *t != Type::None).collect();
    let inner = if rest.len() == 1 {
        rest[0].clone()
    } else {
        Type::Union(rest)
    };
    if has_none {
        Type::Optional(Box::new(inner))
    } else {
        inner
    }
}

impl fmt::Display for Type {
    /// Renders as a modern Python annotation (`list[int]`, `int | None`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |ts: &[Type]| {
            ts.iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Type::Any => write!(f, "Any"),
            Type::None => write!(f, "None"),
            Type::Bool => write!(f, "bool"),
            Type::Int => write!(f, "int"),
            Type::Float => write!(f, "float"),
            Type::Complex => write!(f, "complex"),
            Type::Str => write!(f, "str"),
            Type::Bytes => write!(f, "bytes"),
            Type::List(t) => write!(f, "list[{t}]"),
            Type::Tuple(ts) if ts.is_empty() => write!(f, "tuple[()]"),
            Type::Tuple(ts) => write!(f, "tuple[{}]", join(ts)),
            Type::TupleOf(t) => write!(f, "tuple[{t}, ...]"),
            Type::Dict(k, v) => write!(f, "dict[{k}, {v}]"),
            Type::Set(t) => write!(f, "set[{t}]"),
            Type::FrozenSet(t) => write!(f, "frozenset[{t}]"),
            Type::Optional(t) => write!(f, "{t} | None"),
            Type::Union(ts) => {
                write!(
                    f,
                    "{}",
                    ts.iter()
                        .map(|t| t.to_string())
                        .collect::<Vec<_>>()
                        .join(" | ")
                )
            }
            Type::Callable => write!(f, "Callable"),
            Type::Named(n) => write!(f, "{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_typing_annotations() {
        let cases = [
            ("List[int]", "list[int]"),
            ("Dict[str, List[float]]", "dict[str, list[float]]"),
            ("Optional[str]", "str | None"),
            ("int | None", "int | None"),
            ("Tuple[int, ...]", "tuple[int, ...]"),
            ("Tuple[int, str]", "tuple[int, str]"),
            ("Union[int, float, str]", "int | float | str"),
            ("typing.List['Node']", "list[Node]"),
        ];
        for (src, want) in cases {
            assert_eq!(Type::parse(src).unwrap().to_string(), want, "{src}");
        }
        let e = Type::parse("List[int").unwrap_err();
        assert_eq!((e.offset, e.expected), (8, Expected::CommaOrClose));
        assert_eq!(
            e.to_string(),
            "expected ',' or ']' at byte offset 8 of \"List[int\""
        );
        let e = Type::parse("List['Node  x']").unwrap_err();
        assert_eq!((e.offset, e.expected), (12, Expected::End));
        let e = Type::parse("List['Node").unwrap_err();
        assert_eq!((e.offset, e.expected), (10, Expected::ClosingQuote('\'')));
        let e = Type::parse("Dict[str, ]").unwrap_err();
        assert_eq!((e.offset, e.expected), (10, Expected::TypeName));
    }

    #[test]
    fn unify_widens() {
        let l_int = Type::List(Box::new(Type::Int));
        let l_any = Type::List(Box::new(Type::Any));
        assert_eq!(l_int.unify(&l_any), l_int);
        assert_eq!(Type::Int.unify(&Type::Float), Type::Float);
        assert_eq!(
            Type::None.unify(&Type::Str),
            Type::Optional(Box::new(Type::Str))
        );
        let t = Type::of(&Value::List(vec![Value::int(1), Value::Float(2.0)]));
        assert_eq!(t.to_string(), "list[float]");
    }
}

impl Type {
    /// Is every value of `other` admitted by `self` (structurally, as far as types tell)?
    pub fn admits_type(&self, other: &Type) -> bool {
        use Type::*;
        match (self, other) {
            (Any, _) | (_, Any) => true,
            (a, b) if a == b => true,
            (Int, Bool) | (Float, Int) | (Float, Bool) | (Complex, Int) | (Complex, Float) => true,
            (Optional(_), None) => true,
            (Optional(a), Optional(b)) => a.admits_type(b),
            (Optional(a), b) => a.admits_type(b),
            (List(a), List(b))
            | (Set(a), Set(b))
            | (FrozenSet(a), FrozenSet(b))
            | (TupleOf(a), TupleOf(b)) => a.admits_type(b),
            (TupleOf(a), Tuple(bs)) => bs.iter().all(|b| a.admits_type(b)),
            (Tuple(a), Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.admits_type(y))
            }
            (Dict(k1, v1), Dict(k2, v2)) => k1.admits_type(k2) && v1.admits_type(v2),
            (Union(xs), Union(ys)) => ys.iter().all(|y| xs.iter().any(|x| x.admits_type(y))),
            (Union(xs), b) => xs.iter().any(|x| x.admits_type(b)),
            _ => false,
        }
    }

    /// Replace the `Any` holes of a declared type with what was observed.
    pub fn refine(&self, observed: &Type) -> Type {
        use Type::*;
        match (self, observed) {
            (Any, o) => o.clone(),
            (List(a), List(b)) => List(Box::new(a.refine(b))),
            (Set(a), Set(b)) => Set(Box::new(a.refine(b))),
            (FrozenSet(a), FrozenSet(b)) => FrozenSet(Box::new(a.refine(b))),
            (TupleOf(a), TupleOf(b)) => TupleOf(Box::new(a.refine(b))),
            (TupleOf(a), Tuple(bs)) if matches!(**a, Any) => TupleOf(Box::new(
                bs.iter().cloned().reduce(|x, y| x.unify(&y)).unwrap_or(Any),
            )),
            (Dict(k1, v1), Dict(k2, v2)) => Dict(Box::new(k1.refine(k2)), Box::new(v1.refine(v2))),
            (Optional(a), Optional(b)) => Optional(Box::new(a.refine(b))),
            (Optional(a), b) if *b != None => Optional(Box::new(a.refine(b))),
            (d, _) => d.clone(),
        }
    }
}

#[cfg(test)]
mod union_tests {
    use super::*;

    #[test]
    fn unions_merge_members_of_the_same_shape() {
        let vals = [
            Value::List(vec![]),
            Value::str("a"),
            Value::List(vec![Value::int(1)]),
            Value::int(2),
            Value::Float(1.5),
            Value::str("b"),
        ];
        let t = vals
            .iter()
            .map(Type::of)
            .reduce(|a, b| a.unify(&b))
            .unwrap();
        assert_eq!(t.to_string(), "list[int] | str | float");
    }
}
