//! Language specs: data files under `transforms/languages/<id>.yaml`, compiled in and checked
//! at start-up; Rust only renders values and signatures ([`super::render`]).

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// MultiPL-E's language id (`js`).
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub extension: String,
    /// Line-comment prefix for the problem statement.
    pub comment: String,
    pub stop_tokens: Vec<String>,
    /// Whole words rewritten in prose, in one pass.
    #[serde(default)]
    pub terminology: BTreeMap<String, String>,
    /// Largest integer magnitude the language represents exactly.
    pub max_int: u64,
    /// Test harness code before the tests, and after them.
    pub harness: String,
    pub harness_end: String,
    /// The table solution's body (`{params}`, `{rows}`), one `table_row` (`{args}`, `{want}`)
    /// per case, and an output no test expects.
    pub table: String,
    pub table_row: String,
    pub wrong: String,
    /// Syntax-check command (the file name is appended).
    pub check: Vec<String>,
    /// Run command (the file name is appended).
    pub run: Vec<String>,
}

/// Every language spec, as data files compiled into the binary.
const SPECS: &[(&str, &str)] = &[("js", include_str!("../../transforms/languages/js.yaml"))];

/// The spec of a language id or alias (`js`, `javascript`).
pub fn find(lang: &str) -> Option<Spec> {
    let lang = lang.to_ascii_lowercase();
    all()
        .into_iter()
        .find(|s| s.id == lang || s.aliases.contains(&lang) || s.name.to_ascii_lowercase() == lang)
}

/// All specs (a spec that does not load is a bug caught by the tests).
pub fn all() -> Vec<Spec> {
    SPECS
        .iter()
        .map(|(id, text)| {
            serde_saphyr::from_str(text)
                .unwrap_or_else(|e| panic!("transforms/languages/{id}.yaml does not load: {e}"))
        })
        .collect()
}

/// Rewrite whole words of `text` by the terminology table, in one pass.
pub fn reword(text: &str, terms: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |w: &mut String, out: &mut String| {
        match terms.get(w.as_str()) {
            Some(r) => out.push_str(r),
            None => out.push_str(w),
        }
        w.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_load_and_terminology_is_whole_words() {
        let js = find("javascript").unwrap();
        assert_eq!(js.id, "js");
        let r = reword(
            "Return a list of happy lists or None; listing",
            &js.terminology,
        );
        assert_eq!(r, "Return a array of happy arrays or null; listing");
    }
}
