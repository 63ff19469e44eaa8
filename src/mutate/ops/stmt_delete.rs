//! Statement deletion: an expression statement, assignment, `break` or `continue` becomes `pass`.

use super::Site;
use crate::python::parse::text;
use tree_sitter::Node;

pub fn find(node: Node<'_>, src: &str) -> Vec<Site> {
    let deletable = match node.kind() {
        "expression_statement" => node.named_child(0).is_some_and(|c| c.kind() != "string"),
        "break_statement" | "continue_statement" => true,
        _ => false,
    };
    if !deletable || node.parent().is_none_or(|p| p.kind() != "block") {
        return vec![];
    }
    let t = text(node, src);
    let first = t.lines().next().unwrap_or("");
    vec![Site {
        start: node.start_byte(),
        end: node.end_byte(),
        text: "pass".into(),
        what: format!("delete `{first}`"),
    }]
}
