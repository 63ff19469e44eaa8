//! Arithmetic operator replacement (`+`↔`-`, `*`→`/`, `//`→`/`, `%`→`//`, `**`→`*`, bitwise),
//! also in augmented assignments (`+=`→`-=`).

use super::{token_site, Site};
use tree_sitter::Node;

pub fn swap(op: &str) -> Option<&'static str> {
    Some(match op {
        "+" => "-",
        "-" => "+",
        "*" => "/",
        "/" => "*",
        "//" => "/",
        "%" => "//",
        "**" => "*",
        "<<" => ">>",
        ">>" => "<<",
        "&" => "|",
        "|" => "&",
        "^" => "&",
        _ => return None,
    })
}

pub fn find(node: Node<'_>, src: &str) -> Vec<Site> {
    match node.kind() {
        "binary_operator" => node
            .child_by_field_name("operator")
            .and_then(|op| swap(op.kind()).map(|to| token_site(op, src, to)))
            .into_iter()
            .collect(),
        "augmented_assignment" => node
            .child_by_field_name("operator")
            .and_then(|op| {
                let k = op.kind();
                let base = k.strip_suffix('=')?;
                swap(base).map(|to| token_site(op, src, &format!("{to}=")))
            })
            .into_iter()
            .collect(),
        _ => vec![],
    }
}
