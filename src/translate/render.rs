//! Values as literals of the target language, by the spec's [`Literals`] templates. A value
//! the language cannot express exactly is an error with a reason code (never a silent
//! approximation).

use super::spec::{Coercion, Literals, Spec, StringStyle};
use super::Reason;
use crate::model::{Type, Value};
use num_bigint::BigInt;

/// The literal of `v` in the language of `spec`.
pub fn literal(v: &Value, spec: &Spec) -> Result<String, Reason> {
    Render { spec }.value(v, false)
}

/// The literal of `v` as a value of type `ty` (dynamically typed languages ignore the type).
pub fn typed(v: &Value, ty: &Type, spec: &Spec) -> Result<String, Reason> {
    let r = Render { spec };
    if spec.types.is_none() {
        return r.value(v, false);
    }
    r.typed(v, ty)
}

/// The name of type `ty` in a typed language (empty in dynamically typed ones).
pub fn type_name(ty: &Type, spec: &Spec) -> Result<String, Reason> {
    let Some(names) = &spec.types else {
        return Ok(String::new());
    };
    let one = |t: &Type| element_name(t, spec);
    let fill = |template: &Option<String>, f: &dyn Fn(&str) -> Result<String, Reason>| {
        template
            .as_deref()
            .ok_or(Reason::UntranslatableType)
            .and_then(f)
    };
    Ok(match ty {
        Type::Bool => names.bool.clone(),
        Type::Int => names.int.clone(),
        Type::Float => names.float.clone(),
        Type::Str => names.str.clone(),
        Type::List(t) | Type::TupleOf(t) => names.list.replace("{t}", &one(t)?),
        Type::Tuple(ts) if !ts.is_empty() && homogeneous(ts).is_some() && list_tuples(spec) => {
            names.list.replace("{t}", &one(&ts[0])?)
        }
        Type::Tuple(ts)
            if !ts.is_empty() && names.tuple.is_none() && names.mixed_tuple.is_some() =>
        {
            names.mixed_tuple.clone().unwrap_or_default()
        }
        Type::Tuple(ts) if !ts.is_empty() => fill(&names.tuple, &|t| {
            let ts = ts.iter().map(one).collect::<Result<Vec<_>, _>>()?;
            Ok(t.replace("{ts}", &ts.join(", ")))
        })?,
        Type::Dict(k, v) => match (&names.str_dict, &**k) {
            (Some(t), Type::Str) => t.replace("{v}", &one(v)?),
            _ => names.dict.replace("{k}", &one(k)?).replace("{v}", &one(v)?),
        },
        Type::Set(t) | Type::FrozenSet(t) => fill(&names.set, &|s| Ok(s.replace("{t}", &one(t)?)))?,
        Type::Optional(t) => {
            let inner = one(t)?;
            if names.nullable.iter().any(|p| inner.starts_with(p.as_str())) {
                inner
            } else {
                fill(&names.optional, &|s| Ok(s.replace("{t}", &inner)))?
            }
        }
        _ => return Err(Reason::UntranslatableType),
    })
}

/// The name of `ty` as a type argument (Java's `Long` for `long`).
fn element_name(ty: &Type, spec: &Spec) -> Result<String, Reason> {
    let name = type_name(ty, spec)?;
    Ok(spec
        .types
        .as_ref()
        .and_then(|t| t.boxed.get(&name).cloned())
        .unwrap_or(name))
}

/// Whether the language writes tuples as lists (it has no tuple type, or says so for tuples
/// of one element type).
fn list_tuples(spec: &Spec) -> bool {
    spec.types
        .as_ref()
        .is_some_and(|t| t.tuple_as_list || t.tuple.is_none())
}

/// The one type of all of `ts`, if they share it.
fn homogeneous(ts: &[Type]) -> Option<&Type> {
    ts.iter().all(|t| t == &ts[0]).then(|| &ts[0])
}

/// The element type of a container type at position `i`.
fn element(ty: &Type, i: usize) -> Type {
    match ty {
        Type::List(t) | Type::TupleOf(t) | Type::Set(t) | Type::FrozenSet(t) => (**t).clone(),
        Type::Tuple(ts) => ts.get(i).cloned().unwrap_or(Type::Any),
        Type::Optional(t) => element(t, i),
        _ => Type::Any,
    }
}

/// A value of type `ty` (none, zero, empty).
pub fn zero(ty: &Type) -> Value {
    match ty {
        Type::Int | Type::Any => Value::int(0),
        Type::Bool => Value::Bool(false),
        Type::Float => Value::Float(0.0),
        Type::Str => Value::Str(String::new()),
        Type::List(_) | Type::TupleOf(_) => Value::List(vec![]),
        Type::Tuple(ts) => Value::Tuple(ts.iter().map(zero).collect()),
        Type::Set(_) | Type::FrozenSet(_) => Value::Set(vec![]),
        Type::Dict(..) => Value::Dict(vec![]),
        _ => Value::None,
    }
}

/// A value of type `ty` that a strict equality tells apart from `v`: the output validation
/// step (d) puts in place of a recorded one.
pub fn changed(v: &Value, ty: &Type) -> Value {
    let first = |xs: &[Value]| {
        let mut ys = xs.to_vec();
        ys[0] = changed(&xs[0], &element(ty, 0));
        ys
    };
    match v {
        // Not an empty container: some languages cannot tell those from none (R's NULL).
        Value::None => match ty {
            Type::Optional(t) => match zero(t) {
                z @ (Value::List(_) | Value::Set(_) | Value::Dict(_)) => changed(&z, t),
                Value::None => Value::int(0),
                z => z,
            },
            _ => Value::int(0),
        },
        Value::Bool(b) => Value::Bool(!b),
        Value::Int(i) if i.sign() == num_bigint::Sign::Plus => Value::Int(i - 1),
        Value::Int(i) => Value::Int(i + 1),
        Value::Float(f) if f.is_nan() => Value::Float(0.0),
        Value::Float(f) if f.is_infinite() => Value::Float(-f),
        // Beyond the harnesses' float tolerance (1e-6 absolute or relative).
        Value::Float(f) if f.abs() < 1.0 => Value::Float(f + 1.0),
        Value::Float(f) => Value::Float(f * 2.0),
        Value::Str(s) => Value::Str(format!("{s}x")),
        Value::List(xs) if xs.is_empty() => Value::List(vec![zero(&element(ty, 0))]),
        Value::Tuple(xs) if xs.is_empty() => Value::Tuple(vec![Value::None]),
        Value::List(xs) => Value::List(first(xs)),
        Value::Tuple(xs) => Value::Tuple(first(xs)),
        Value::Dict(kv) if kv.is_empty() => {
            let (k, val) = match ty {
                Type::Dict(k, v) => (zero(k), zero(v)),
                _ => (Value::Str("k".into()), Value::None),
            };
            Value::Dict(vec![(k, val)])
        }
        Value::Dict(kv) => {
            let mut kv = kv.clone();
            let vt = match ty {
                Type::Dict(_, v) => (**v).clone(),
                _ => Type::Any,
            };
            kv[0].1 = changed(&kv[0].1, &vt);
            Value::Dict(kv)
        }
        Value::Set(xs) | Value::FrozenSet(xs) => {
            // A new element: one more than the largest, or longer than the longest.
            let mut extra = xs.first().map_or(zero(&element(ty, 0)), |x| x.clone());
            while xs.contains(&extra) {
                extra = changed(&extra, &element(ty, 0));
                if let Value::Int(i) = &extra {
                    extra = Value::Int(i + 2);
                }
            }
            let mut ys = xs.clone();
            ys.push(extra);
            Value::Set(ys)
        }
        other => other.clone(),
    }
}

struct Render<'a> {
    spec: &'a Spec,
}

impl Render<'_> {
    fn lits(&self) -> &Literals {
        &self.spec.literals
    }

    fn items(&self, xs: &[Value]) -> Result<String, Reason> {
        Ok(xs
            .iter()
            .map(|x| self.value(x, true))
            .collect::<Result<Vec<_>, _>>()?
            .join(&self.lits().separator))
    }

    fn value(&self, v: &Value, inside: bool) -> Result<String, Reason> {
        let l = self.lits();
        let fill = |t: &str, items: String| t.replace("{items}", &items);
        Ok(match v {
            Value::None if inside && !l.none_in_container => {
                return Err(Reason::UntranslatableValue)
            }
            Value::None => l.none.clone(),
            Value::Bool(true) => l.bool_true.clone(),
            Value::Bool(false) => l.bool_false.clone(),
            Value::Int(i) => {
                if let Some(max) = self.spec.max_int {
                    if i.magnitude() > BigInt::from(max).magnitude() {
                        return Err(Reason::IntRange);
                    }
                }
                l.int.replace("{value}", &i.to_string())
            }
            Value::Float(f) if f.is_nan() => l.nan.clone(),
            Value::Float(f) if f.is_infinite() && *f > 0.0 => l.inf.clone(),
            Value::Float(f) if f.is_infinite() => l.neg_inf.clone(),
            Value::Float(f) => l.float.replace("{value}", &format!("{f:?}")),
            Value::Str(s) => string(s, &l.string),
            Value::List(xs) | Value::Tuple(xs) if l.scalar_list.is_some() && scalars(xs) => fill(
                l.scalar_list.as_deref().unwrap_or_default(),
                self.items(xs)?,
            ),
            Value::List(xs) => fill(&l.list, self.items(xs)?),
            Value::Tuple(xs) => fill(&l.tuple, self.items(xs)?),
            Value::Set(xs) | Value::FrozenSet(xs) => match &l.set {
                Some(t) => {
                    let items = xs
                        .iter()
                        .map(|x| Ok(l.set_item.replace("{value}", &self.value(x, true)?)))
                        .collect::<Result<Vec<_>, Reason>>()?;
                    fill(t, items.join(&l.separator))
                }
                None => return Err(Reason::UntranslatableValue),
            },
            Value::Dict(kv) => {
                let str_keys = kv.iter().all(|(k, _)| matches!(k, Value::Str(_)));
                let scalar = kv
                    .iter()
                    .all(|(k, _)| matches!(k, Value::Str(_) | Value::Int(_)));
                if l.scalar_keys && !scalar {
                    return Err(Reason::UntranslatableValue);
                }
                let (t, e) = dict_form(l, str_keys).ok_or(Reason::UntranslatableValue)?;
                let entries = kv
                    .iter()
                    .map(|(k, v)| {
                        Ok(e.replace("{k}", &self.value(k, true)?)
                            .replace("{v}", &self.value(v, true)?))
                    })
                    .collect::<Result<Vec<_>, Reason>>()?;
                fill(t, entries.join(&l.separator))
            }
            Value::Complex(..) | Value::Bytes(_) | Value::Opaque { .. } => {
                return Err(Reason::UntranslatableValue)
            }
        })
    }
}

impl Render<'_> {
    /// `v` as a value of `ty` in a typed language.
    fn typed(&self, v: &Value, ty: &Type) -> Result<String, Reason> {
        let l = self.lits();
        let tname = type_name(ty, self.spec)?;
        let el = |i: usize| element(ty, i);
        let container = |template: &str, items: Vec<String>, t: &Type| -> Result<String, Reason> {
            let t = if template.contains("{t}") {
                element_name(t, self.spec)?
            } else {
                String::new()
            };
            Ok(template
                .replace("{type}", &tname)
                .replace("{t}", &t)
                .replace("{items}", &items.join(&l.separator)))
        };
        let each = |xs: &[Value], i0: bool| {
            xs.iter()
                .enumerate()
                .map(|(i, x)| self.typed(x, &el(if i0 { 0 } else { i })))
                .collect::<Result<Vec<_>, _>>()
        };
        match (ty, v) {
            (Type::Optional(_), Value::None) => l
                .nothing
                .as_ref()
                .map(|t| t.replace("{type}", &tname))
                .ok_or(Reason::UntranslatableType),
            (Type::Optional(t), v) => {
                let inner = self.typed(v, t)?;
                l.some
                    .as_ref()
                    .map(|s| {
                        s.replace("{type}", &tname)
                            .replace("{t}", &element_name(t, self.spec).unwrap_or_default())
                            .replace("{value}", &inner)
                    })
                    .ok_or(Reason::UntranslatableType)
            }
            (Type::Float, Value::Int(i)) => self.value(
                &Value::Float(i.to_string().parse().unwrap_or(f64::NAN)),
                true,
            ),
            (Type::Float, Value::Bool(b)) => {
                self.value(&Value::Float(f64::from(u8::from(*b))), true)
            }
            (Type::Int, Value::Bool(b)) => self.value(&Value::int(i64::from(*b)), true),
            (Type::Int, Value::Int(_))
            | (Type::Float, Value::Float(_))
            | (Type::Bool, Value::Bool(_)) => self.value(v, true),
            (Type::Str, Value::Str(s)) => {
                Ok(l.string.wrap.replace("{value}", &string(s, &l.string)))
            }
            (Type::List(t) | Type::TupleOf(t), Value::List(xs) | Value::Tuple(xs)) => {
                container(&l.list, each(xs, true)?, t)
            }
            (Type::Tuple(ts), Value::Tuple(xs) | Value::List(xs)) if ts.len() == xs.len() => {
                match homogeneous(ts) {
                    Some(t) if list_tuples(self.spec) => container(&l.list, each(xs, false)?, t),
                    _ => match (
                        &l.mixed_tuple,
                        self.spec.types.as_ref().and_then(|t| t.tuple.as_ref()),
                    ) {
                        (Some(mixed), None) => container(mixed, each(xs, false)?, &Type::Any),
                        _ => container(&l.tuple, each(xs, false)?, &Type::Any),
                    },
                }
            }
            (Type::Set(t) | Type::FrozenSet(t), Value::Set(xs) | Value::FrozenSet(xs)) => {
                let set = l.set.as_deref().ok_or(Reason::UntranslatableType)?;
                let items = each(xs, true)?
                    .into_iter()
                    .map(|x| l.set_item.replace("{value}", &x))
                    .collect();
                container(set, items, t)
            }
            (Type::Dict(kt, vt), Value::Dict(kv)) => {
                let str_keyed = **kt == Type::Str
                    && self
                        .spec
                        .types
                        .as_ref()
                        .is_some_and(|t| t.str_dict.is_some());
                let (t, e) = dict_form(l, str_keyed).ok_or(Reason::UntranslatableType)?;
                let entries = kv
                    .iter()
                    .map(|(k, v)| {
                        Ok(e.replace("{k}", &self.typed(k, kt)?)
                            .replace("{v}", &self.typed(v, vt)?))
                    })
                    .collect::<Result<Vec<_>, Reason>>()?;
                Ok(t.replace("{type}", &tname)
                    .replace("{kt}", &element_name(kt, self.spec)?)
                    .replace("{vt}", &element_name(vt, self.spec)?)
                    .replace("{items}", &entries.join(&l.separator)))
            }
            _ => Err(Reason::UntranslatableValue),
        }
    }
}

/// A dictionary's template and entry template: the string-keyed form when it applies.
fn dict_form(l: &Literals, str_keyed: bool) -> Option<(&str, &str)> {
    match (&l.str_dict, &l.str_entry, &l.dict, &l.entry) {
        (Some(t), Some(e), _, _) if str_keyed => Some((t, e)),
        (_, _, Some(t), Some(e)) => Some((t, e)),
        _ => None,
    }
}

/// Whether `xs` is a non-empty run of scalars of one kind.
fn scalars(xs: &[Value]) -> bool {
    let kind = |v: &Value| match v {
        Value::Int(_) | Value::Float(_) => Some(0),
        Value::Str(_) => Some(1),
        Value::Bool(_) => Some(2),
        _ => None,
    };
    !xs.is_empty() && kind(&xs[0]).is_some() && xs.iter().all(|x| kind(x) == kind(&xs[0]))
}

/// A string literal in `style`.
fn string(s: &str, style: &StringStyle) -> String {
    if let Some(n) = style.chunk.filter(|&n| n > 0 && s.chars().count() > n) {
        let chars: Vec<char> = s.chars().collect();
        let parts: Vec<String> = chars
            .chunks(n)
            .map(|c| quoted(&c.iter().collect::<String>(), style))
            .collect();
        return style.join.replace("{parts}", &parts.join(", "));
    }
    quoted(s, style)
}

/// One string literal.
fn quoted(s: &str, style: &StringStyle) -> String {
    let mut out = style.quote.clone();
    for c in s.chars() {
        if let Some(e) = style.escapes.get(&c) {
            out.push_str(e);
        } else if c.is_control() || (style.ascii && !c.is_ascii()) {
            let mut units = [0u16; 2];
            let hex4: Vec<String> = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04x}"))
                .collect();
            if style.code_point.contains("{hex4}") {
                for h in hex4 {
                    out.push_str(&style.code_point.replace("{hex4}", &h));
                }
            } else {
                out.push_str(
                    &style
                        .code_point
                        .replace("{hex}", &format!("{:x}", c as u32)),
                );
            }
        } else {
            out.push(c);
        }
    }
    out.push_str(&style.quote);
    out
}

/// A key under which two values that the target cannot tell apart coincide (lists and
/// tuples always, then the spec's coercions): used to find contradictions after coercion.
pub fn coerced_key(v: &Value, coerce: &[Coercion]) -> String {
    let has = |c: Coercion| coerce.contains(&c);
    let list = |xs: &[Value]| {
        format!(
            "[{}]",
            xs.iter()
                .map(|x| coerced_key(x, coerce))
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    match v {
        Value::Float(f)
            if has(Coercion::IntFloat) && f.fract() == 0.0 && f.is_finite() && f.abs() < 1e15 =>
        {
            format!("{}", *f as i64)
        }
        Value::Float(f) if has(Coercion::StrNumber) => format!("{f}"),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) if has(Coercion::BoolInt) => u8::from(*b).to_string(),
        Value::Str(s) if has(Coercion::StrNumber) && s.trim().parse::<f64>().is_ok() => {
            coerced_key(&Value::Float(s.trim().parse().unwrap_or(0.0)), coerce)
        }
        Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs)
            if xs.is_empty() && has(Coercion::EmptyContainers) =>
        {
            "[]".into()
        }
        Value::Dict(kv) if kv.is_empty() && has(Coercion::EmptyContainers) => "[]".into(),
        Value::None if has(Coercion::NullEmpty) => "[]".into(),
        Value::List(xs) | Value::Tuple(xs) if xs.len() == 1 && has(Coercion::Singleton) => {
            coerced_key(&xs[0], coerce)
        }
        Value::List(xs) | Value::Tuple(xs) => list(xs),
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
            Value::Str("a\"b\n\u{1}é😀".into()),
            Value::None,
            Value::Tuple(vec![Value::Bool(true)]),
            Value::Dict(vec![(Value::Str("k".into()), Value::Float(f64::NAN))]),
            Value::Dict(vec![(Value::Int(1.into()), Value::Set(vec![]))]),
        ]);
        assert_eq!(
            literal(&v, &js).unwrap(),
            r#"[1, 2.5, "a\"b\n\u0001é😀", null, [true], {"k": NaN}, new Map([[1, new Set([])]])]"#
        );
        let big: BigInt = BigInt::from(1u64 << 60);
        assert_eq!(literal(&Value::Int(big), &js), Err(Reason::IntRange));
        assert_eq!(
            literal(&Value::Complex(1.0, 2.0), &js),
            Err(Reason::UntranslatableValue)
        );
    }

    #[test]
    fn java_splits_strings_longer_than_a_constant_may_be() {
        let java = spec::find("java").unwrap();
        let short = "é".repeat(20_000);
        assert_eq!(
            literal(&Value::Str(short.clone()), &java).unwrap(),
            format!("\"{short}\"")
        );
        // 45,000 characters: three literals of at most 20,000, joined at run time.
        let long = format!("{}\"{}", "ab".repeat(15_000), "😀".repeat(14_999));
        let got = literal(&Value::Str(long.clone()), &java).unwrap();
        let inner = got
            .strip_prefix("String.join(\"\", ")
            .and_then(|g| g.strip_suffix(')'))
            .expect("joined");
        let parts: Vec<&str> = inner.split("\", \"").collect();
        assert_eq!(parts.len(), 3, "{}", &got[..80]);
        let js = spec::find("js").unwrap();
        assert!(!literal(&Value::Str(long), &js).unwrap().contains("join"));
    }

    #[test]
    fn coercions_are_per_language() {
        let one = Value::int(1);
        let t = Value::Bool(true);
        assert_ne!(coerced_key(&one, &[]), coerced_key(&t, &[]));
        assert_eq!(
            coerced_key(&one, &[Coercion::BoolInt]),
            coerced_key(&t, &[Coercion::BoolInt])
        );
        let s = Value::Str("1".into());
        assert_eq!(
            coerced_key(&s, &[Coercion::StrNumber, Coercion::IntFloat]),
            coerced_key(&one, &[Coercion::StrNumber, Coercion::IntFloat])
        );
    }
}
