//! Meaning-preserving transforms beyond ReCode's catalogue.
pub mod de_morgan;
pub mod doc_example_reorder;
pub mod if_else_swap;
pub mod import_reorder;
pub mod param_renamer;
pub mod range_explicit_start;
pub mod ternary_to_if;
pub mod type_hint_removal;

use crate::python::parse::text;
use tree_sitter::Node;

/// `not <e>`, parenthesised unless `e` binds tighter than `not`.
pub fn negate(e: Node<'_>, src: &str) -> String {
    let t = text(e, src);
    match e.kind() {
        "identifier"
        | "call"
        | "attribute"
        | "subscript"
        | "comparison_operator"
        | "parenthesized_expression"
        | "true"
        | "false"
        | "none"
        | "integer"
        | "string"
        | "list"
        | "tuple"
        | "dictionary"
        | "set" => format!("not {t}"),
        _ => format!("not ({t})"),
    }
}
