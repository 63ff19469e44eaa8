//! benchsmith: build better code-generation benchmarks out of existing ones.
//!
//! The library never prints; the `benchsmith` binary owns all output.
pub mod model;
pub mod exec;
pub mod python;
