//! Reading records: gzip detection, UTF-8 checking, JSON Lines or a JSON array, with line numbers.

use super::IngestError;
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

pub fn records(bytes: &[u8], path: &str) -> Result<Vec<Record>, IngestError> {
    let data = decompress(bytes, path)?;
    let text = match std::str::from_utf8(&data) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let line = data[..at].iter().filter(|b| **b == b'\n').count() + 1;
            return Err(IngestError::Line {
                path: path.to_string(),
                line,
                message: format!("not valid UTF-8 (byte offset {at})"),
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('[') {
        json_array(text, path)
    } else {
        json_lines(text, path)
    }
}

fn json_lines(text: &str, path: &str) -> Result<Vec<Record>, IngestError> {
    let mut out = vec![];
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Json = serde_json::from_str(line).map_err(|e| IngestError::Line {
            path: path.to_string(),
            line: i + 1,
            message: format!("malformed JSON (column {}): {e}", e.column()),
        })?;
        match v {
            Json::Object(obj) => out.push(Record { line: i + 1, obj }),
            other => {
                return Err(IngestError::Line {
                    path: path.to_string(),
                    line: i + 1,
                    message: format!("expected a JSON object, found {}", super::kind(&other)),
                })
            }
        }
    }
    Ok(out)
}

fn json_array(text: &str, path: &str) -> Result<Vec<Record>, IngestError> {
    let v: Vec<Json> = serde_json::from_str(text).map_err(|e| IngestError::Line {
        path: path.to_string(),
        line: e.line(),
        message: format!("malformed JSON (column {}): {e}", e.column()),
    })?;
    let starts = element_lines(text);
    v.into_iter()
        .enumerate()
        .map(|(i, item)| {
            let line = starts.get(i).copied().unwrap_or(1);
            match item {
                Json::Object(obj) => Ok(Record { line, obj }),
                other => Err(IngestError::Line {
                    path: path.to_string(),
                    line,
                    message: format!(
                        "array element {i}: expected a JSON object, found {}",
                        super::kind(&other)
                    ),
                }),
            }
        })
        .collect()
}

/// Line numbers where the elements of a top-level JSON array start.
fn element_lines(text: &str) -> Vec<usize> {
    let mut out = vec![];
    let (mut depth, mut line, mut in_str, mut esc) = (0usize, 1usize, false, false);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                if depth == 1 {
                    out.push(line);
                }
                in_str = true
            }
            '[' | '{' => {
                if depth == 1 {
                    out.push(line);
                }
                depth += 1
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            c if depth == 1 && !c.is_whitespace() && c != ',' => {
                if !out.last().is_some_and(|l| *l == line) {
                    out.push(line)
                }
            }
            _ => {}
        }
    }
    out
}
