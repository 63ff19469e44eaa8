//! Unary operator deletion: `not x`→`x`, `-x`→`x`, `~x`→`x`.

use super::Site;
use crate::python::parse::text;
use tree_sitter::Node;

pub fn find(node: Node<'_>, src: &str) -> Vec<Site> {
    let arg = match node.kind() {
        "not_operator" | "unary_operator" => node.child_by_field_name("argument"),
        _ => None,
    };
    let Some(arg) = arg else { return vec![] };
    if node.kind() == "unary_operator" && text(node, src).starts_with('+') {
        return vec![];
    }
    let inner = text(arg, src);
    vec![Site {
        start: node.start_byte(),
        end: node.end_byte(),
        text: format!("({inner})"),
        what: format!("`{}` -> `({inner})`", text(node, src)),
    }]
}
