//! Decoding of Python literal tokens: integer, float and imaginary numbers, string and bytes
//! literals with their prefixes and backslash escapes, and the strings `float(...)` accepts.

use crate::model::Value;
use num_bigint::BigInt;

/// The float `float(s)` gives for a string (`inf`, `nan`, underscores between digits).
pub(super) fn float_from_str(s: &str) -> Option<f64> {
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
