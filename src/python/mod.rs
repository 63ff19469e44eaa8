//! tree-sitter analysis of Python benchmark problems: parsing and queries, the byte-range
//! edit engine, literal evaluation, program analysis (imports, helpers, signature, docstring,
//! examples, body lines) and structured test-case extraction.

pub mod edit;
pub mod literal;
pub mod parse;

pub use edit::{apply, apply_checked, Edit, EditError};
pub use literal::{eval_literal, parse_literal};
pub use parse::{first_error, has_error, parse};
