//! The data model: problems, values, types, test suites, provenance.
pub mod plain;
pub mod problem;
pub mod types;
pub mod value;

pub use problem::{
    truthy, CaseOrigin, Compare, Problem, Provenance, SignatureTypes, TestCase, TestStyle,
    TestSuite, TransformStep, VERSION,
};
pub use types::Type;
pub use value::Value;
