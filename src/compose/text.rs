//! Template texts: data in `transforms/templates/<family>.yaml`, one entry per template id:
//! the composed function's name pattern, the statement and the conventions (empty input, ties,
//! order). Placeholders are `{name}`; `{f}` is the base function, `{g}` the composed one,
//! `{origin}` the problem that defines `{f}` ("the first problem", or "the previous problem"
//! for a stacked base).

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateText {
    /// Name pattern of the composed function, e.g. `filter_by_{f}`.
    pub name: String,
    /// One-paragraph statement.
    pub statement: String,
    #[serde(default)]
    pub conventions: Vec<String>,
}

/// The YAML files, embedded at build time.
pub const FILES: &[(&str, &str)] = &[
    ("map", include_str!("../../transforms/templates/map.yaml")),
    (
        "zip_map",
        include_str!("../../transforms/templates/zip_map.yaml"),
    ),
    (
        "predicate",
        include_str!("../../transforms/templates/predicate.yaml"),
    ),
    (
        "aggregate",
        include_str!("../../transforms/templates/aggregate.yaml"),
    ),
    ("key", include_str!("../../transforms/templates/key.yaml")),
    (
        "concat",
        include_str!("../../transforms/templates/concat.yaml"),
    ),
    (
        "group_by",
        include_str!("../../transforms/templates/group_by.yaml"),
    ),
    (
        "iterate",
        include_str!("../../transforms/templates/iterate.yaml"),
    ),
    ("fold", include_str!("../../transforms/templates/fold.yaml")),
    (
        "state_scan",
        include_str!("../../transforms/templates/state_scan.yaml"),
    ),
    (
        "x_of_xs",
        include_str!("../../transforms/templates/x_of_xs.yaml"),
    ),
    ("scan", include_str!("../../transforms/templates/scan.yaml")),
    (
        "param_sweep",
        include_str!("../../transforms/templates/param_sweep.yaml"),
    ),
    (
        "pairwise",
        include_str!("../../transforms/templates/pairwise.yaml"),
    ),
    (
        "projection",
        include_str!("../../transforms/templates/projection.yaml"),
    ),
    (
        "chain",
        include_str!("../../transforms/templates/chain.yaml"),
    ),
    (
        "round_trip",
        include_str!("../../transforms/templates/round_trip.yaml"),
    ),
];

/// All template texts by template id (panics at first use if a file is malformed: they are
/// compiled in, and a unit test parses them).
pub fn texts() -> &'static BTreeMap<String, TemplateText> {
    static T: OnceLock<BTreeMap<String, TemplateText>> = OnceLock::new();
    T.get_or_init(|| load().expect("embedded template texts parse"))
}

/// Why the embedded template texts cannot be loaded (they are compiled in: a unit test loads
/// them).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file is not a map from template id to [`TemplateText`].
    #[error("transforms/templates/{file}.yaml: {error}")]
    Parse {
        file: &'static str,
        error: Box<serde_saphyr::Error>,
    },
    /// Two files define the same template id.
    #[error("template text {0} defined twice")]
    Duplicate(String),
}

/// Parse every file of [`FILES`] into one map by template id.
pub fn load() -> Result<BTreeMap<String, TemplateText>, LoadError> {
    let mut all = BTreeMap::new();
    for (file, src) in FILES {
        let m: BTreeMap<String, TemplateText> =
            serde_saphyr::from_str(src).map_err(|e| LoadError::Parse {
                file,
                error: Box::new(e),
            })?;
        for (k, v) in m {
            if all.insert(k.clone(), v).is_some() {
                return Err(LoadError::Duplicate(k));
            }
        }
    }
    Ok(all)
}

/// A template text whose placeholders cannot be filled (the texts are data: unit tests fill
/// every one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FillError {
    #[error("unclosed placeholder in {template:?}")]
    Unclosed { template: String },
    #[error("unknown placeholder {{{key}}} in {template:?}")]
    Unknown { key: String, template: String },
}

/// Replace `{key}` placeholders; unknown placeholders are an error (caught by unit tests).
pub fn fill(template: &str, vars: &[(String, String)]) -> Result<String, FillError> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('}') else {
            return Err(FillError::Unclosed {
                template: template.to_string(),
            });
        };
        let key = &rest[i + 1..i + j];
        match vars.iter().find(|(k, _)| k == key) {
            Some((_, v)) => out.push_str(v),
            None => {
                return Err(FillError::Unknown {
                    key: key.to_string(),
                    template: template.to_string(),
                })
            }
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Wrap a paragraph at `width` columns.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![];
    let mut cur = String::new();
    for w in text.split_whitespace() {
        if !cur.is_empty() && cur.len() + 1 + w.len() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_and_wrap() {
        let v = vec![("f".to_string(), "is_prime".to_string())];
        assert_eq!(fill("keep `{f}`", &v).unwrap(), "keep `is_prime`");
        assert_eq!(
            fill("{nope}", &v).unwrap_err().to_string(),
            r#"unknown placeholder {nope} in "{nope}""#
        );
        assert_eq!(
            fill("a {f", &v).unwrap_err().to_string(),
            r#"unclosed placeholder in "a {f""#
        );
        assert_eq!(wrap("a bb ccc dddd", 6), vec!["a bb", "ccc", "dddd"]);
    }

    #[test]
    fn every_text_parses() {
        let t = load().unwrap();
        assert!(t.len() >= 17);
    }
}
