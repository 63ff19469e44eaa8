//! Constant replacement: integers `n`→`n+1` and `n`→`0` (`0`→`1`), floats `x`→`x+1.0`,
//! strings → empty (`""`→`"x"`), `True`↔`False`. Docstrings and f-strings are left alone.

use super::Site;
use crate::python::parse::text;
use tree_sitter::Node;

fn site(node: Node<'_>, src: &str, to: String) -> Site {
    Site {
        start: node.start_byte(),
        end: node.end_byte(),
        what: format!("`{}` -> `{to}`", text(node, src)),
        text: to,
    }
}

pub fn find(node: Node<'_>, src: &str) -> Vec<Site> {
    let t = text(node, src);
    match node.kind() {
        "integer" => {
            let Ok(n) = t.replace('_', "").parse::<i128>() else {
                return vec![];
            };
            if n == 0 {
                vec![site(node, src, "1".into())]
            } else {
                vec![
                    site(node, src, (n + 1).to_string()),
                    site(node, src, "0".into()),
                ]
            }
        }
        "float" => match t.parse::<f64>() {
            Ok(x) if x.is_finite() => vec![site(node, src, format!("{:?}", x + 1.0))],
            _ => vec![],
        },
        "true" => vec![site(node, src, "False".into())],
        "false" => vec![site(node, src, "True".into())],
        "string" => {
            let is_doc = node
                .parent()
                .is_some_and(|p| p.kind() == "expression_statement");
            let mut c = node.walk();
            let interpolated = node.children(&mut c).any(|ch| ch.kind() == "interpolation");
            let prefix: String = t.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            if is_doc
                || interpolated
                || prefix.to_ascii_lowercase().contains('b')
                || t.starts_with("\"\"\"")
                || t.starts_with("'''")
            {
                return vec![];
            }
            let body = &t[prefix.len()..];
            let quote = &body[..1];
            if body.len() <= 2 {
                vec![site(node, src, format!("{prefix}{quote}x{quote}"))]
            } else {
                vec![site(node, src, format!("{prefix}{quote}{quote}"))]
            }
        }
        _ => vec![],
    }
}
