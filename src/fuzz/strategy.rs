//! proptest strategies for every [`Type`], shaped by the parameter's contract: integers with
//! boundaries and sign changes, floats including 0.0, negatives and huge values, strings with
//! Unicode and whitespace, nested containers whose sizes grow with the size bucket.

use super::contract::ValueContract;
use crate::model::{Type, Value};
use num_bigint::BigInt;
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Just, Union};

/// Small values near the observed ones, or large/extreme values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Small,
    Large,
}

const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";
const PUNCT: &str = ".,;:!?'\"-_()[]{}<>/\\|@#$%^&*+=~`";
const SPACES: &[char] = &['\t', '\n', '\r', '\u{0b}', '\u{0c}', '\u{a0}', '\u{2003}'];
const UNICODE: &[char] = &[
    'é', 'ß', 'Ω', 'ж', '中', 'ü', 'ñ', '😀', 'ﬁ', 'İ', 'ǅ', '\u{301}', 'Ⅻ', '٣',
];

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// Map `x` into `[lo, hi]` by reflection (keeps the distribution's shape near the bounds).
fn fit_int(x: i128, lo: Option<i128>, hi: Option<i128>) -> i128 {
    match (lo, hi) {
        (Some(l), Some(h)) if h >= l => {
            if (l..=h).contains(&x) {
                return x;
            }
            // Out of range: fold in, biased towards the low end (cheap inputs near a
            // learned time bound are more useful than many near the bound).
            let span = h - l + 1;
            let r = (x - l).rem_euclid(span) as f64;
            let s = span as f64;
            l + ((r / s).powi(3) * s) as i128
        }
        (Some(l), _) if x < l => (2 * l - x).max(l),
        (_, Some(h)) if x > h => (2 * h - x).min(h),
        _ => x,
    }
}

fn fit_float(x: f64, lo: Option<f64>, hi: Option<f64>) -> f64 {
    let mut x = x;
    if let Some(l) = lo {
        if x < l {
            x = l + (l - x);
        }
    }
    if let Some(h) = hi {
        if x > h {
            x = lo
                .map(|l| l + (x - h) % ((h - l).max(1e-9)))
                .unwrap_or(h - (x - h));
            x = x.min(h);
        }
    }
    if let Some(l) = lo {
        x = x.max(l);
    }
    x
}

fn int_strategy(c: &ValueContract, tier: Tier, size: f64) -> BoxedStrategy<Value> {
    let grow = 1.0 + 30.0 * (size - 0.25).max(0.0).powi(2);
    let s = (c.scale.unwrap_or(10.0).clamp(3.0, 1e6) * grow) as i128;
    let lo = c.min.map(|m| m.ceil() as i128);
    let hi = c.max.map(|m| m.floor() as i128);
    let base: BoxedStrategy<i128> = match tier {
        Tier::Small => prop_oneof![
            4 => -(2 * s + 5)..=(2 * s + 5),
            3 => -10i128..=10,
            1 => proptest::sample::select(vec![0i128, 1, -1, 2, s, s + 1, -s, s - 1]),
        ]
        .boxed(),
        Tier::Large => {
            let mut bounds = vec![];
            for k in [7u32, 8, 15, 16, 31, 32, 53, 63, 64, 100] {
                let p = 1i128 << k;
                bounds.extend([p - 1, p, p + 1, -p, -p - 1]);
            }
            for k in [3u32, 6, 9, 12, 18, 30] {
                bounds.push(10i128.pow(k));
            }
            prop_oneof![
                3 => -1_000_000i128..=1_000_000,
                2 => proptest::sample::select(bounds),
                1 => any::<i64>().prop_map(i128::from),
                1 => any::<i128>(),
            ]
            .boxed()
        }
    };
    base.prop_map(move |x| Value::Int(BigInt::from(fit_int(x, lo, hi))))
        .boxed()
}

fn float_strategy(c: &ValueContract, tier: Tier) -> BoxedStrategy<Value> {
    let s = c.scale.unwrap_or(10.0).clamp(1.0, 1e9);
    let (lo, hi) = (c.min, c.max);
    let base: BoxedStrategy<f64> = match tier {
        Tier::Small => prop_oneof![
            3 => -(2.0 * s + 5.0)..(2.0 * s + 5.0),
            2 => ((-(2.0 * s + 5.0))..(2.0 * s + 5.0), 0u32..3).prop_map(|(x, d)| {
                let m = 10f64.powi(d as i32);
                (x * m).round() / m
            }),
            1 => proptest::sample::select(vec![0.0, -0.0, 0.5, 1.0, -1.0, 2.5, -0.5, 0.1]),
            1 => (-20i64..=20).prop_map(|i| i as f64),
        ]
        .boxed(),
        Tier::Large => prop_oneof![
            2 => -1e9f64..1e9,
            1 => proptest::sample::select(vec![1e15, -1e15, 1e18, 1e-9, -1e-9, 1e100, -1e100, 1e300, 5e-324, 1.7976931348623157e308, 0.1 + 0.2]),
            1 => proptest::num::f64::NORMAL,
        ]
        .boxed(),
    };
    base.prop_map(move |x| Value::Float(fit_float(x, lo, hi)))
        .boxed()
}

fn char_strategy(c: &ValueContract) -> BoxedStrategy<char> {
    if let Some(cs) = &c.charset {
        let v = chars(cs);
        if !v.is_empty() {
            return proptest::sample::select(v).boxed();
        }
    }
    prop_oneof![
        6 => proptest::sample::select(chars(LOWER)),
        2 => proptest::sample::select(chars(UPPER)),
        2 => proptest::sample::select(chars(DIGITS)),
        3 => Just(' '),
        1 => proptest::sample::select(chars(PUNCT)),
        1 => proptest::sample::select(SPACES.to_vec()),
        1 => proptest::sample::select(UNICODE.to_vec()),
    ]
    .boxed()
}

fn len_range(
    c: &ValueContract,
    tier: Tier,
    size: f64,
    depth: u32,
) -> std::ops::RangeInclusive<usize> {
    let hint = c.len_hint.unwrap_or(5);
    let top = match tier {
        Tier::Small => hint.max(6),
        Tier::Large => (hint * 3).max(30),
    };
    let top = ((top as f64 * size).ceil() as usize).max(1) / (depth as usize + 1);
    let lo = c.min_len.unwrap_or(0);
    let hi = c
        .max_len
        .map(|m| m.min(top.max(lo)))
        .unwrap_or(top.max(lo))
        .max(lo);
    lo..=hi
}

fn unique_by_key(xs: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = vec![];
    for x in xs {
        if !out.iter().any(|y| y.py_eq(&x)) {
            out.push(x);
        }
    }
    out
}

/// A strategy for values of `ty` meeting `c`; `None` for types that cannot be generated
/// (callables, user classes). `size` in (0, 1] scales container lengths.
pub fn strategy(
    ty: &Type,
    c: &ValueContract,
    tier: Tier,
    size: f64,
    depth: u32,
) -> Option<BoxedStrategy<Value>> {
    let sub = |c: &Option<Box<ValueContract>>| c.as_deref().cloned().unwrap_or_default();
    Some(match ty {
        Type::None => Just(Value::None).boxed(),
        Type::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::Int => int_strategy(c, tier, size),
        Type::Float => prop_oneof![4 => float_strategy(c, tier), 1 => int_strategy(c, tier, size).prop_map(|v| match v {
            Value::Int(i) => Value::Float(i.to_string().parse().unwrap_or(0.0)),
            other => other,
        })]
        .boxed(),
        Type::Complex => (float_strategy(c, tier), float_strategy(c, tier))
            .prop_map(|(a, b)| match (a, b) {
                (Value::Float(x), Value::Float(y)) => Value::Complex(x, y),
                _ => Value::Complex(0.0, 0.0),
            })
            .boxed(),
        Type::Str if c.vocab.as_ref().is_some_and(|v| !v.is_empty()) => {
            let vocab = c.vocab.clone().unwrap_or_default();
            let hint = c.len_hint.unwrap_or(20) / 3 + 2;
            let top = ((hint as f64 * if tier == Tier::Large { 3.0 } else { 1.0 } * size).ceil() as usize).max(1);
            proptest::collection::vec(proptest::sample::select(vocab), 0..=top).prop_map(|ws| Value::Str(ws.join(" "))).boxed()
        }
        Type::Str => {
            let r = len_range(c, tier, size, depth);
            proptest::collection::vec(char_strategy(c), r).prop_map(|cs| Value::Str(cs.into_iter().collect())).boxed()
        }
        Type::Bytes => proptest::collection::vec(any::<u8>(), len_range(c, tier, size, depth)).prop_map(Value::Bytes).boxed(),
        Type::List(t) | Type::TupleOf(t) | Type::Set(t) | Type::FrozenSet(t) => {
            let elem = strategy(t, &sub(&c.elem), tier, size, depth + 1)?;
            let r = len_range(c, tier, size, depth);
            let kind = ty.clone();
            proptest::collection::vec(elem, r)
                .prop_map(move |xs| match &kind {
                    Type::List(_) => Value::List(xs),
                    Type::TupleOf(_) => Value::Tuple(xs),
                    Type::Set(_) => Value::Set(unique_by_key(xs)),
                    _ => Value::FrozenSet(unique_by_key(xs)),
                })
                .boxed()
        }
        Type::Tuple(ts) => {
            let mut parts = vec![];
            for (i, t) in ts.iter().enumerate() {
                let ci = c.items.get(i).cloned().unwrap_or_default();
                parts.push(strategy(t, &ci, tier, size, depth + 1)?);
            }
            parts.prop_map(Value::Tuple).boxed()
        }
        Type::Dict(k, v) => {
            let ks = strategy(k, &sub(&c.key), tier, size, depth + 1)?;
            let vs = strategy(v, &sub(&c.value), tier, size, depth + 1)?;
            proptest::collection::vec((ks, vs), len_range(c, tier, size, depth))
                .prop_map(|kv| {
                    let mut out: Vec<(Value, Value)> = vec![];
                    for (k, v) in kv {
                        if !out.iter().any(|(k2, _)| k2.py_eq(&k)) {
                            out.push((k, v));
                        }
                    }
                    Value::Dict(out)
                })
                .boxed()
        }
        Type::Optional(t) => {
            let inner = strategy(t, c, tier, size, depth)?;
            prop_oneof![1 => Just(Value::None), 8 => inner].boxed()
        }
        Type::Union(ts) => {
            let parts: Option<Vec<BoxedStrategy<Value>>> = ts.iter().map(|t| strategy(t, c, tier, size, depth)).collect();
            Union::new(parts?).boxed()
        }
        Type::Any => {
            let parts = vec![
                int_strategy(c, Tier::Small, size),
                strategy(&Type::Str, c, Tier::Small, size, depth + 1)?,
                float_strategy(c, Tier::Small),
            ];
            Union::new(parts).boxed()
        }
        Type::Callable | Type::Named(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzz::rng;
    use proptest::strategy::ValueTree;

    fn sample(ty: &Type, c: &ValueContract, tier: Tier, n: usize, seed: u64) -> Vec<Value> {
        let s = strategy(ty, c, tier, 1.0, 0).expect("generable");
        let mut runner = rng::runner(seed, "t", "s");
        (0..n)
            .map(|_| s.new_tree(&mut runner).expect("tree").current())
            .collect()
    }

    #[test]
    fn respects_contract_bounds_and_charset() {
        let c = ValueContract {
            min: Some(1.0),
            max: Some(50.0),
            ..Default::default()
        };
        for tier in [Tier::Small, Tier::Large] {
            for v in sample(&Type::Int, &c, tier, 300, 1) {
                assert!(c.violation(&v).is_none(), "{v:?}");
            }
        }
        let c = ValueContract {
            charset: Some("()".into()),
            min_len: Some(1),
            ..Default::default()
        };
        for v in sample(&Type::Str, &c, Tier::Large, 200, 2) {
            assert!(c.violation(&v).is_none(), "{v:?}");
        }
    }

    #[test]
    fn large_tier_reaches_boundaries_and_unicode() {
        let ints = sample(&Type::Int, &ValueContract::default(), Tier::Large, 500, 3);
        assert!(
            ints.iter()
                .any(|v| matches!(v, Value::Int(i) if i64::try_from(i).is_err())),
            "no big ints"
        );
        assert!(
            ints.iter()
                .any(|v| matches!(v, Value::Int(i) if *i < BigInt::from(0))),
            "no negatives"
        );
        let strs = sample(&Type::Str, &ValueContract::default(), Tier::Small, 300, 4);
        assert!(
            strs.iter()
                .any(|v| matches!(v, Value::Str(s) if !s.is_ascii())),
            "no unicode"
        );
        assert!(
            strs.iter()
                .any(|v| matches!(v, Value::Str(s) if s.contains(' '))),
            "no spaces"
        );
        let floats = sample(&Type::Float, &ValueContract::default(), Tier::Small, 300, 5);
        assert!(floats
            .iter()
            .any(|v| matches!(v, Value::Float(f) if *f == 0.0)));
        assert!(floats
            .iter()
            .any(|v| matches!(v, Value::Float(f) if *f < 0.0)));
    }
}
