//! benchsmith: build better code-generation benchmarks out of existing ones.
//!
//! The library never prints; the `benchsmith` binary owns all output.
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]
pub mod compose;
pub mod datasets;
pub mod evaluate;
pub mod exec;
pub mod fuzz;
pub mod ingest;
pub mod inspect;
pub mod leak;
pub mod model;
pub mod mutate;
pub mod perturb;
pub mod probe;
pub mod python;
pub mod recipe;
pub mod rng;
pub mod translate;
pub mod validate;
