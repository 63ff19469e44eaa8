//! Return-value replacement: `return e`→`return None` (literal booleans are left to the
//! constant operator).

use super::Site;
use crate::python::parse::text;
use tree_sitter::Node;

pub fn find(node: Node<'_>, src: &str) -> Vec<Site> {
    if node.kind() != "return_statement" {
        return vec![];
    }
    let Some(e) = node.named_child(0) else {
        return vec![];
    };
    if matches!(e.kind(), "none" | "true" | "false") {
        return vec![];
    }
    vec![Site {
        start: e.start_byte(),
        end: e.end_byte(),
        text: "None".into(),
        what: format!("`return {}` -> `return None`", text(e, src)),
    }]
}
