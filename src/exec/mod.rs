//! The sandboxed execution engine: warm fork-server Python workers (see `worker.py`),
//! a pool that owns deadlines and caches results, and the job/result types.
pub mod job;
pub mod pool;
pub mod sandbox;

pub use job::{
    Call, CaseInput, CaseOutput, CaseStatus, CommandOutput, CommandSpec, Expect, ExpectDigest, Job,
    JobResult, Status, DEFAULT_MEM_MB, DEFAULT_TIMEOUT,
};
pub use pool::Pool;
pub use sandbox::{preload_for, Isolation, SandboxConfig, SandboxInfo, WORKER_SOURCE};

#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    #[error("python: {0}")]
    Python(String),
    #[error("sandbox: {0}")]
    Sandbox(String),
    /// A problem in a language benchsmith has no spec for.
    #[error("{0}: no language spec for {1:?} (transforms/languages/)")]
    Language(String, String),
}
