//! A problem's programming language: Python, which benchsmith analyses, probes and runs in its
//! worker, or another language named as its source names it (`javascript`, `cpp`, MultiPL-E's
//! `js`), run through that language's spec. Serialised as the plain name.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Language {
    Python,
    Other(String),
}

impl Language {
    pub fn is_python(&self) -> bool {
        matches!(self, Language::Python)
    }

    /// The name as written in records (`python`, `javascript`, `js`).
    pub fn as_str(&self) -> &str {
        match self {
            Language::Python => "python",
            Language::Other(s) => s,
        }
    }
}

impl From<&str> for Language {
    fn from(s: &str) -> Language {
        match s {
            "python" => Language::Python,
            other => Language::Other(other.to_string()),
        }
    }
}

impl From<String> for Language {
    fn from(s: String) -> Language {
        Language::from(s.as_str())
    }
}

impl From<Language> for String {
    fn from(l: Language) -> String {
        l.as_str().to_string()
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
