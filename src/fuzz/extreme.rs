//! The extreme tier: inputs far outside what the original tests use (integers a thousand
//! times the observed scale, floats near 1e300 or below 1e-12, containers of thousands of
//! elements, astral-plane or combining characters). They test performance and numeric limits
//! more than correctness, so they are counted apart and `--no-extreme` leaves them out, as
//! EvalPlus's NoExtreme release does.

use crate::fuzz::contract::ValueContract;
use crate::model::Value;

/// Whether any argument is extreme for its parameter's contract.
pub fn is_extreme(args: &[Value], params: &[(String, ValueContract)]) -> bool {
    args.iter()
        .zip(
            params
                .iter()
                .map(|(_, c)| c)
                .chain(std::iter::repeat(&EMPTY)),
        )
        .any(|(v, c)| extreme(v, c))
}

static EMPTY: ValueContract = ValueContract {
    min: None,
    max: None,
    min_len: None,
    max_len: None,
    sorted: false,
    unique: false,
    charset: None,
    vocab: None,
    class: None,
    elem: None,
    key: None,
    value: None,
    items: vec![],
    scale: None,
    len_hint: None,
    rows: None,
    balanced: false,
    even_len: false,
};

fn extreme(v: &Value, c: &ValueContract) -> bool {
    let scale = c.scale.unwrap_or(10.0).abs().max(1.0);
    let long = (100 * c.len_hint.unwrap_or(10)).max(1000);
    let elem = c.elem.as_deref().unwrap_or(&EMPTY);
    match v {
        Value::Int(i) => {
            let big = num_bigint::BigUint::from((scale * 1000.0).max(1e6) as u128);
            *i.magnitude() > big
        }
        Value::Float(x) => {
            let a = x.abs();
            a.is_finite() && (a > (scale * 1e6).max(1e12) || (a > 0.0 && a < 1e-12))
        }
        Value::Str(s) => {
            s.chars().count() > long
                || s.chars()
                    .any(|ch| ch as u32 > 0xFFFF || ('\u{300}'..='\u{36f}').contains(&ch))
        }
        Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs) => {
            xs.len() > long
                || xs.iter().enumerate().any(|(i, x)| {
                    let ci = c.items.get(i).unwrap_or(elem);
                    extreme(x, ci)
                })
        }
        Value::Dict(kv) => {
            let (kc, vc) = (
                c.key.as_deref().unwrap_or(&EMPTY),
                c.value.as_deref().unwrap_or(&EMPTY),
            );
            kv.len() > long || kv.iter().any(|(k, x)| extreme(k, kc) || extreme(x, vc))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers() {
        let c = ValueContract {
            scale: Some(100.0),
            ..Default::default()
        };
        let p = vec![("x".to_string(), c)];
        assert!(!is_extreme(&[Value::int(5000)], &p));
        assert!(is_extreme(
            &[Value::Int(num_bigint::BigInt::from(1u64 << 62))],
            &p
        ));
        assert!(is_extreme(&[Value::Float(1e300)], &p));
        assert!(!is_extreme(&[Value::Float(0.5)], &p));
        assert!(is_extreme(&[Value::Str("a😀".into())], &p));
        assert!(!is_extreme(&[Value::Str("héllo".into())], &p));
        assert!(is_extreme(&[Value::List(vec![Value::int(1); 5000])], &p));
    }
}
