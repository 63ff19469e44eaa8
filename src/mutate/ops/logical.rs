//! Logical connector replacement: `and`↔`or`.

use super::{token_site, Site};
use tree_sitter::Node;

pub fn find(node: Node<'_>, src: &str) -> Vec<Site> {
    if node.kind() != "boolean_operator" {
        return vec![];
    }
    node.child_by_field_name("operator")
        .and_then(|op| match op.kind() {
            "and" => Some(token_site(op, src, "or")),
            "or" => Some(token_site(op, src, "and")),
            _ => None,
        })
        .into_iter()
        .collect()
}
