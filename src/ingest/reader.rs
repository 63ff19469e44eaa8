//! Reading records: gzip detection, UTF-8 checking, JSON Lines or a JSON array, with line numbers.

use super::{IngestError, Reason};
use flate2::read::GzDecoder;
use serde_json::{Map, Value as Json};
use std::io::Read;

pub struct Record {
    /// 1-based line where the record starts.
    pub line: usize,
    pub obj: Map<String, Json>,
}

pub fn decompress(bytes: &[u8], path: &str) -> Result<Vec<u8>, IngestError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .map_err(|e| IngestError::File {
                path: path.to_string(),
                message: format!("bad gzip data: {e}"),
            })?;
        Ok(out)
    } else {
        Ok(bytes.to_vec())
    }
}

/// The records of a file, and the ones that could not be read (each an error naming its line).
#[derive(Default)]
pub struct Records {
    pub ok: Vec<Record>,
    pub bad: Vec<IngestError>,
}

/// Read a file's records. In JSON Lines a malformed line costs only itself; a malformed JSON
/// array (one document) is an error for the whole file.
pub fn records(bytes: &[u8], path: &str) -> Result<Records, IngestError> {
    let data = decompress(bytes, path)?;
    let text = match std::str::from_utf8(&data) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let line = data[..at].iter().filter(|b| **b == b'\n').count() + 1;
            return Err(IngestError::Line {
                path: path.to_string(),
                line,
                reason: Reason::NotUtf8,
                message: format!("not valid UTF-8 (byte offset {at})"),
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('[') {
        json_array(text, path)
    } else {
        Ok(json_lines(text, path))
    }
}

/// Parse JSON as Python's `json` module writes it: standard JSON, plus the bare tokens `NaN`,
/// `Infinity` and `-Infinity` (EvalPlus files have them), which become the marker strings of
/// [`crate::model::plain`]. The rewrite runs only when strict parsing failed.
fn parse_python_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    match serde_json::from_str(text) {
        Ok(v) => Ok(v),
        Err(e) => match rewrite_special_floats(text) {
            Some(fixed) => serde_json::from_str(&fixed).map_err(|_| e),
            None => Err(e),
        },
    }
}

/// `text` with `NaN`, `Infinity` and `-Infinity` outside strings replaced by quoted markers;
/// `None` when there are none.
fn rewrite_special_floats(text: &str) -> Option<String> {
    const TOKENS: [(&str, &str); 3] = [
        ("-Infinity", "\"\\u0000-Infinity\""),
        ("Infinity", "\"\\u0000Infinity\""),
        ("NaN", "\"\\u0000NaN\""),
    ];
    let mut out = String::with_capacity(text.len() + 32);
    let (mut strings, mut changed) = (Strings::default(), false);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let token = (!strings.inside(c))
            .then(|| TOKENS.iter().find(|(t, _)| rest.starts_with(t)))
            .flatten();
        if let Some((tok, mark)) = token {
            out.push_str(mark);
            rest = &rest[tok.len()..];
            changed = true;
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    changed.then_some(out)
}

fn json_lines(text: &str, path: &str) -> Records {
    let mut out = Records::default();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason, message| IngestError::Line {
            path: path.to_string(),
            line: i + 1,
            reason,
            message,
        };
        match parse_python_json::<Json>(line) {
            Ok(Json::Object(obj)) => out.ok.push(Record { line: i + 1, obj }),
            Ok(other) => out.bad.push(bad(
                Reason::NotAnObject,
                format!("expected a JSON object, found {}", super::kind(&other)),
            )),
            Err(e) => out.bad.push(bad(
                Reason::MalformedJson,
                format!("malformed JSON (column {}): {e}", e.column()),
            )),
        }
    }
    out
}

fn json_array(text: &str, path: &str) -> Result<Records, IngestError> {
    let v: Vec<Json> = parse_python_json(text).map_err(|e| IngestError::Line {
        path: path.to_string(),
        line: e.line(),
        reason: Reason::MalformedJson,
        message: format!("malformed JSON (column {}): {e}", e.column()),
    })?;
    let starts = element_lines(text);
    let mut out = Records::default();
    for (i, item) in v.into_iter().enumerate() {
        let line = starts.get(i).copied().unwrap_or(1);
        match item {
            Json::Object(obj) => out.ok.push(Record { line, obj }),
            other => out.bad.push(IngestError::Line {
                path: path.to_string(),
                line,
                reason: Reason::NotAnObject,
                message: format!(
                    "array element {i}: expected a JSON object, found {}",
                    super::kind(&other)
                ),
            }),
        }
    }
    Ok(out)
}

/// Where a scan of JSON text is with respect to strings.
#[derive(Default)]
struct Strings {
    in_str: bool,
    esc: bool,
}

impl Strings {
    /// Feed the next character: true when it belongs to a string, its quotes included.
    fn inside(&mut self, c: char) -> bool {
        if self.in_str {
            match (self.esc, c) {
                (true, _) => self.esc = false,
                (false, '\\') => self.esc = true,
                (false, '"') => self.in_str = false,
                _ => {}
            }
            true
        } else if c == '"' {
            self.in_str = true;
            true
        } else {
            false
        }
    }
}

/// Line numbers where the elements of a top-level JSON array start.
fn element_lines(text: &str) -> Vec<usize> {
    let mut out = vec![];
    let (mut depth, mut line, mut strings) = (0usize, 1usize, Strings::default());
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        let opening = c == '"' && !strings.in_str;
        if strings.inside(c) {
            if opening && depth == 1 {
                out.push(line);
            }
            continue;
        }
        match c {
            '[' | '{' => {
                if depth == 1 {
                    out.push(line);
                }
                depth += 1
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            c if depth == 1
                && !c.is_whitespace()
                && c != ','
                && out.last().is_none_or(|l| *l != line) =>
            {
                out.push(line)
            }
            _ => {}
        }
    }
    out
}
