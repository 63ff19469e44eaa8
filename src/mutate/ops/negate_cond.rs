//! Condition negation: the condition of `if`, `elif`, `while`, conditional expressions and
//! comprehension filters becomes `not (cond)`.

use super::Site;
use crate::python::parse::text;
use tree_sitter::Node;

pub fn find(node: Node<'_>, src: &str) -> Vec<Site> {
    let cond = match node.kind() {
        "if_statement" | "elif_clause" | "while_statement" => node.child_by_field_name("condition"),
        "conditional_expression" => node.named_child(1),
        "if_clause" => node.named_child(0),
        _ => None,
    };
    let Some(c) = cond else { return vec![] };
    let t = text(c, src);
    vec![Site {
        start: c.start_byte(),
        end: c.end_byte(),
        text: format!("not ({t})"),
        what: format!("`{t}` -> `not ({t})`"),
    }]
}
