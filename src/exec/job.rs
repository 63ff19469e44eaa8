//! Jobs sent to the Python workers and the results they return.

use crate::model::{TestStyle, Value};
use serde::{Deserialize, Serialize};

/// One unit of work: a program, optionally its tests, optionally structured inputs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Job {
    pub program: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub setup: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub test: String,
    pub style: TestStyle,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// Inputs to call the entry point on; outputs come back for comparison in Rust.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cases: Option<Vec<CaseInput>>,
    /// Record every outermost call of the entry point (the probe).
    pub record: bool,
    /// With `record`: count each outermost call's work units (trace events) into
    /// [`Call::work`]; a call past this many is stopped and recorded as slow (0: no counting).
    #[serde(skip_serializing_if = "is_zero")]
    pub record_work: u64,
    /// With `record_work`: work units all recorded calls may spend; past them the job stops
    /// (status `timeout`), at the same call in every run (0: no total).
    #[serde(skip_serializing_if = "is_zero")]
    pub record_work_total: u64,
    /// Disable destructive functions and reject results that are not plain data.
    pub guard: bool,
    /// CPU-time limit of the whole job, seconds. Sent with its wall-clock deadline
    /// ([`wall_limit`]): `{"cpu": t, "wall": 3 t + 2}`.
    #[serde(serialize_with = "limits")]
    pub timeout: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_timeout: Option<f64>,
    pub mem_mb: u64,
    /// Largest file the job may write, MiB (default 16; compilers of large generated programs
    /// need more for their temporary files). Output that reaches it fails the job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_mb: Option<u64>,
    /// Several programs run one after the other in one child (see `Pool::run_batched`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<Vec<Job>>,
    /// Instead of a Python program: an external command (a compiler or the runtime of another
    /// language), run in the same sandbox with the same limits ([`Job::command`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<CommandSpec>,
    /// Collect line coverage of `<program>` per structured case (`CaseOutput::lines`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub coverage: bool,
    /// Skip the remaining structured cases after this many hit their time limit (0: never).
    #[serde(skip_serializing_if = "is_zero")]
    pub stop_after_timeouts: u32,
    /// Skip the remaining structured cases after this many raised or differed from their
    /// [`Job::expect`]ed output (0: never).
    #[serde(skip_serializing_if = "is_zero")]
    pub stop_after_kills: u32,
    /// Encoded size (nodes) above which a structured case's result is reported as an error
    /// instead of sent back (0: the worker's default). Callers that only compare outputs
    /// with known expected values set it from their size.
    #[serde(skip_serializing_if = "is_zero")]
    pub case_nodes: u32,
    /// Expected outputs of some structured cases, compared in the worker with Python's `==`;
    /// such a case reports `same` or `differs` instead of its value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expect: Vec<Expect>,
    /// A structured case's result larger than the case budget comes back as a digest of its
    /// encoding ([`CaseOutput::digest`]) instead of an error (ground truth of big outputs).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub digest_large: bool,
    /// Expected outputs known only by their digest ([`CaseOutput::digest`] of the reference).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expect_digest: Vec<ExpectDigest>,
}

/// The expected output of the structured case at `index` (see [`Job::expect`]).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Expect {
    pub index: usize,
    pub value: Value,
}

/// The expected output of the structured case at `index`, too large to send: the digest of
/// its encoding, compared with the digest of the result (see [`Job::expect_digest`]).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExpectDigest {
    pub index: usize,
    pub digest: String,
}

fn is_zero<T: Default + PartialEq>(n: &T) -> bool {
    *n == T::default()
}

/// An external command run in the sandbox: the job's folder is its working directory, the
/// job's memory, CPU-time, file-size and process limits and the namespaces apply to it and to
/// everything it starts, and whatever it leaves running is killed with the job.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct CommandSpec {
    /// Program and arguments (the program is looked up in `PATH`).
    pub argv: Vec<String>,
    /// Files written into the job's folder before it runs (relative names only).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub files: std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub stdin: String,
    /// Bytes of stdout and of stderr sent back (the rest is counted, not sent).
    pub output_cap: usize,
}

/// What an external command did.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
pub struct CommandOutput {
    /// Exit code, when it exited.
    #[serde(default)]
    pub exit: Option<i32>,
    /// The signal that ended it, when one did.
    #[serde(default)]
    pub signal: Option<i32>,
    #[serde(default)]
    pub stdout: String,
    #[serde(default)]
    pub stderr: String,
    /// Bytes written, including what was not sent back.
    #[serde(default)]
    pub stdout_bytes: u64,
    #[serde(default)]
    pub stderr_bytes: u64,
}

impl Job {
    /// A job that runs an external command (status: passed on exit 0, failed on another exit
    /// code, timeout past the CPU or wall-clock limit, error when killed otherwise, e.g. for
    /// writing more than the file-size limit).
    pub fn command(spec: CommandSpec) -> Job {
        let mut j = Job::new(String::new());
        j.guard = false;
        j.command = Some(spec);
        j
    }

    pub fn new(program: String) -> Job {
        Job {
            program,
            setup: String::new(),
            test: String::new(),
            style: TestStyle::Check,
            entry: None,
            cases: None,
            record: false,
            record_work: 0,
            record_work_total: 0,
            guard: true,
            timeout: DEFAULT_TIMEOUT,
            case_timeout: None,
            mem_mb: DEFAULT_MEM_MB,
            file_mb: None,
            batch: None,
            command: None,
            coverage: false,
            stop_after_timeouts: 0,
            stop_after_kills: 0,
            case_nodes: 0,
            expect: vec![],
            digest_large: false,
            expect_digest: vec![],
        }
    }

    /// A job that calls `entry` of `program` on each argument list, stopped after two inputs
    /// reach their limit (a looping candidate).
    pub fn cases(
        program: &str,
        setup: &str,
        entry: &str,
        inputs: &[Vec<Value>],
        case_timeout: f64,
    ) -> Job {
        let mut j = Job::new(program.to_string());
        j.setup = setup.to_string();
        j.entry = Some(entry.to_string());
        j.cases = Some(
            inputs
                .iter()
                .map(|a| CaseInput {
                    args: a.clone(),
                    kwargs: vec![],
                })
                .collect(),
        );
        j.case_timeout = Some(case_timeout);
        j.timeout = (case_timeout * inputs.len() as f64).clamp(5.0, 120.0);
        j.stop_after_timeouts = 2;
        j
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CaseInput {
    pub args: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kwargs: Vec<(String, Value)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    /// An assertion failed (or a result could fake its comparisons).
    Failed,
    /// The program raised, exited early or crashed.
    Error,
    Timeout,
    /// The execution machinery failed (not the program's fault).
    Infra,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Error => "error",
            Status::Timeout => "timeout",
            Status::Infra => "infra",
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct JobResult {
    pub status: Status,
    #[serde(default)]
    pub detail: String,
    /// Seconds the job spent in the child (program + tests).
    #[serde(default)]
    pub time: f64,
    /// Seconds spent in the test code alone.
    #[serde(default)]
    pub test_time: Option<f64>,
    #[serde(default)]
    pub outputs: Option<Vec<CaseOutput>>,
    #[serde(default)]
    pub calls: Option<Vec<Call>>,
    /// Results of a batch job's programs, in order.
    #[serde(default)]
    pub batch: Option<Vec<JobResult>>,
    /// What an external command did ([`Job::command`]).
    #[serde(default)]
    pub command: Option<CommandOutput>,
}

impl JobResult {
    pub fn infra(detail: impl Into<String>) -> JobResult {
        JobResult {
            status: Status::Infra,
            detail: detail.into(),
            time: 0.0,
            test_time: None,
            outputs: None,
            calls: None,
            batch: None,
            command: None,
        }
    }
}

/// The wall-clock deadline of a job with CPU-time limit `cpu` seconds (programs that sleep):
/// enforced by the worker, and past it plus a grace period the pool deems the worker stuck.
pub fn wall_limit(cpu: f64) -> f64 {
    3.0 * cpu.max(0.0) + 2.0
}

fn limits<S: serde::Serializer>(cpu: &f64, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(2))?;
    m.serialize_entry("cpu", cpu)?;
    m.serialize_entry("wall", &wall_limit(*cpu))?;
    m.end()
}

/// Memory limit of one program unless a command says otherwise, MiB (every job carries its
/// limits: the worker has no defaults of its own).
pub const DEFAULT_MEM_MB: u64 = 2048;

/// CPU-time limit of a job unless its maker says otherwise, seconds.
pub const DEFAULT_TIMEOUT: f64 = 10.0;

/// What happened to one structured case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// It returned (the value, a digest, or the verdict `same`/`differs`).
    Ok,
    Raised,
    Timeout,
    /// Not run: the job stopped early (enough kills or timeouts).
    Skipped,
    /// No result came back (the job failed as a whole); set on the Rust side.
    Broken,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Ok => "ok",
            CaseStatus::Raised => "raised",
            CaseStatus::Timeout => "timeout",
            CaseStatus::Skipped => "skipped",
            CaseStatus::Broken => "broken",
        }
    }
}

impl std::fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct CaseOutput {
    pub status: CaseStatus,
    #[serde(default, deserialize_with = "crate::model::value::deserialize_some")]
    pub value: Option<Value>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub time: f64,
    /// Lines of `<program>` executed by this case (jobs with `coverage`).
    #[serde(default)]
    pub lines: Option<Vec<u32>>,
    /// The result equals the job's expected output for this case ([`Job::expect`]).
    #[serde(default)]
    pub same: bool,
    /// The result differs from the job's expected output for this case.
    #[serde(default)]
    pub differs: bool,
    /// sha256 of the result's encoding, when it was too large to send ([`Job::digest_large`]).
    #[serde(default)]
    pub digest: Option<String>,
}

/// One recorded call of the entry point.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Call {
    pub args: Value,
    #[serde(default)]
    pub kwargs: Option<Value>,
    #[serde(default, deserialize_with = "crate::model::value::deserialize_some")]
    pub result: Option<Value>,
    #[serde(default)]
    pub raised: Option<String>,
    #[serde(default)]
    pub time: f64,
    /// Work units the call spent (jobs with `record_work`); past the cap, the call was stopped.
    #[serde(default)]
    pub work: Option<u64>,
}
