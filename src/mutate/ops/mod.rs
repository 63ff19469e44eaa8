//! Mutation operators, one per file, registered in [`OPERATORS`].

pub mod arith;
pub mod constant;
pub mod logical;
pub mod negate_cond;
pub mod off_by_one;
pub mod relational;
pub mod return_value;
pub mod stmt_delete;
pub mod unary;

use crate::python::parse::text;
use tree_sitter::Node;

/// One place an operator can change: replace `start..end` (program bytes) with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub what: String,
}

/// Replace an operator token.
pub fn token_site(tok: Node<'_>, src: &str, to: &str) -> Site {
    Site {
        start: tok.start_byte(),
        end: tok.end_byte(),
        text: to.to_string(),
        what: format!("`{}` -> `{to}`", text(tok, src)),
    }
}

pub struct Operator {
    pub id: &'static str,
    pub description: &'static str,
    pub find: fn(Node<'_>, &str) -> Vec<Site>,
}

/// The registry.
pub static OPERATORS: &[Operator] = &[
    Operator {
        id: "arithmetic",
        description: "arithmetic operator replacement",
        find: arith::find,
    },
    Operator {
        id: "relational",
        description: "relational operator replacement",
        find: relational::find,
    },
    Operator {
        id: "logical",
        description: "logical connector replacement",
        find: logical::find,
    },
    Operator {
        id: "unary",
        description: "unary operator deletion",
        find: unary::find,
    },
    Operator {
        id: "constant",
        description: "constant replacement",
        find: constant::find,
    },
    Operator {
        id: "off_by_one",
        description: "off-by-one in ranges and slices",
        find: off_by_one::find,
    },
    Operator {
        id: "statement_deletion",
        description: "statement deletion",
        find: stmt_delete::find,
    },
    Operator {
        id: "return_value",
        description: "return-value replacement",
        find: return_value::find,
    },
    Operator {
        id: "negate_condition",
        description: "condition negation",
        find: negate_cond::find,
    },
];

pub fn by_id(id: &str) -> Option<&'static Operator> {
    OPERATORS.iter().find(|o| o.id == id)
}
