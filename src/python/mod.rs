//! tree-sitter analysis of Python benchmark problems: parsing and queries, the byte-range
//! edit engine, literal evaluation, program analysis (imports, helpers, signature, docstring,
//! examples, body lines) and structured test-case extraction.

pub mod analysis;
pub mod docstring;
pub mod edit;
pub mod literal;
mod literal_arith;
mod literal_token;
pub mod parse;
pub mod sanitize;
pub mod signature;
pub mod testcases;

pub use analysis::{
    analyse, analyse_prompt, Analysis, AnalysisError, BodyLine, Helper, HelperKind, Import,
    Location,
};
pub use docstring::{Docstring, Example, ExampleStyle};
pub use edit::{apply, apply_checked, Edit, EditError};
pub use literal::{eval_literal, parse_literal};
pub use parse::{first_error, has_error, parse};
pub use signature::{Param, ParamKind, Signature, Span};
pub use testcases::{
    called_functions, guess_entry_point, parse_tests, top_level_functions, ParsedTests,
    TestStyleHint,
};
