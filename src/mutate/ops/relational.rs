//! Relational operator replacement: each comparison moves to its boundary twin or negation
//! (`<`→`<=`, `>=`→`>`, `==`→`!=`, `in`→`not in`, `is`→`is not`, ...).

use super::{token_site, Site};
use tree_sitter::Node;

fn swap(op: &str) -> Option<&'static str> {
    Some(match op {
        "<" => "<=",
        "<=" => "<",
        ">" => ">=",
        ">=" => ">",
        "==" => "!=",
        "!=" => "==",
        "in" => "not in",
        "not in" => "in",
        "is" => "is not",
        "is not" => "is",
        _ => return None,
    })
}

pub fn find(node: Node<'_>, src: &str) -> Vec<Site> {
    if node.kind() != "comparison_operator" {
        return vec![];
    }
    let mut out = vec![];
    let mut c = node.walk();
    for ch in node.children(&mut c) {
        if !ch.is_named() {
            if let Some(to) = swap(ch.kind()) {
                out.push(token_site(ch, src, to));
            }
        }
    }
    out
}
