//! The data model: problems, values, types, test suites, provenance.
pub mod language;
pub mod plain;
pub mod problem;
pub mod types;
pub mod value;

pub use language::Language;
pub use problem::{
    truthy, CaseOrigin, Compare, Problem, Provenance, SignatureTypes, TestCase, TestStyle,
    TestSuite, TransformStep, VERSION,
};
pub use types::{Type, TypeParseError};
pub use value::Value;
