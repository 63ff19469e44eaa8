//! The per-sample results file: a header line that says what the results belong to (the
//! dataset's and the samples' content hashes, the options that change verdicts), then one
//! [`SampleResult`] per line, appended as samples finish. A run resumes only a file whose
//! header matches it exactly, so results of another dataset, another samples file or other
//! limits are never taken for this run's.

use super::SampleResult;
use crate::model::Problem;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The format version written in every header.
pub const RESULTS_FORMAT: u32 = 1;

/// Options that change a verdict: resuming under different ones would mix two runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerdictOptions {
    pub timeout_floor: f64,
    pub timeout_factor: f64,
    pub mem_mb: u64,
    /// Which tests judge a sample (e.g. `base+plus`).
    pub tests: String,
    /// Samples were passed through `--sanitize`.
    #[serde(default)]
    pub sanitize: bool,
    pub benchsmith_version: String,
}

/// The first line of a results file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultsHeader {
    pub benchsmith_results: u32,
    pub dataset: String,
    pub dataset_sha256: String,
    pub samples: String,
    pub samples_sha256: String,
    pub options: VerdictOptions,
}

#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("{path}: these results belong to another run ({what}); pass --fresh to start over, or --results FILE to keep both")]
    OtherRun { path: PathBuf, what: String },
    #[error("{path}:{line}: not a results line ({message}); pass --fresh to start over")]
    BadLine {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// sha256 of the problems as they are judged (ids, programs, tests), in file order.
pub fn dataset_hash<'a>(problems: impl IntoIterator<Item = &'a Problem>) -> String {
    let mut h = Sha256::new();
    for p in problems {
        let judged = serde_json::json!([
            p.task_id,
            p.prompt,
            p.entry_point,
            p.canonical_solution,
            p.tests
        ]);
        h.update(judged.to_string().as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())
}

/// sha256 of a file's bytes.
pub fn file_hash(path: &Path) -> Result<String, ResultsError> {
    let bytes = std::fs::read(path).map_err(|e| ResultsError::Io {
        path: path.to_path_buf(),
        message: format!("cannot read: {e}"),
    })?;
    Ok(hex(&Sha256::digest(&bytes)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What differs between the header on disk and this run's.
fn difference(old: &ResultsHeader, new: &ResultsHeader) -> String {
    let mut what = vec![];
    if old.dataset_sha256 != new.dataset_sha256 {
        what.push(format!(
            "dataset {} differs from {}",
            new.dataset, old.dataset
        ));
    }
    if old.samples_sha256 != new.samples_sha256 {
        what.push(format!(
            "samples {} differ from {}",
            new.samples, old.samples
        ));
    }
    if old.options != new.options {
        what.push(format!(
            "verdict options differ: {} then, {} now",
            serde_json::to_string(&old.options).unwrap_or_default(),
            serde_json::to_string(&new.options).unwrap_or_default()
        ));
    }
    if old.benchsmith_results != new.benchsmith_results {
        what.push(format!(
            "results format {} then, {} now",
            old.benchsmith_results, new.benchsmith_results
        ));
    }
    what.join("; ")
}

/// An open results file: what it already holds, and where new results are appended.
pub struct ResultsFile {
    pub path: PathBuf,
    pub done: HashMap<(String, usize), SampleResult>,
    file: std::fs::File,
}

impl ResultsFile {
    /// Open `path` for `header`: resume it when its header matches, start it when it is
    /// missing or empty (or `fresh`), refuse it otherwise. A torn last line (an interrupted
    /// run) is dropped and its sample runs again.
    pub fn open(
        path: &Path,
        header: &ResultsHeader,
        fresh: bool,
    ) -> Result<ResultsFile, ResultsError> {
        let io = |e: std::io::Error| ResultsError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) if !fresh => t,
            Ok(_) => String::new(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(io(e)),
        };
        let mut done = HashMap::new();
        let lines: Vec<&str> = text.lines().collect();
        if let Some(first) = lines.first() {
            let old: ResultsHeader =
                serde_json::from_str(first).map_err(|_| ResultsError::OtherRun {
                    path: path.to_path_buf(),
                    what: "the file has no benchsmith results header: another tool's file, or one written before results were tied to their run".into(),
                })?;
            if &old != header {
                return Err(ResultsError::OtherRun {
                    path: path.to_path_buf(),
                    what: difference(&old, header),
                });
            }
            for (i, line) in lines.iter().enumerate().skip(1) {
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<SampleResult>(line) {
                    Ok(r) => {
                        done.insert((r.task_id.clone(), r.sample_index), r);
                    }
                    Err(_) if i + 1 == lines.len() && !text.ends_with('\n') => {}
                    Err(e) => {
                        return Err(ResultsError::BadLine {
                            path: path.to_path_buf(),
                            line: i + 1,
                            message: e.to_string(),
                        })
                    }
                }
            }
        }
        // Rewrite header and good lines (atomically), so that appends stay well-formed.
        let mut body = serde_json::to_string(header).expect("header serialises");
        body.push('\n');
        let mut kept: Vec<&SampleResult> = done.values().collect();
        kept.sort_by(|x, y| {
            (x.task_id.as_str(), x.sample_index).cmp(&(y.task_id.as_str(), y.sample_index))
        });
        for r in kept {
            body.push_str(&serde_json::to_string(r).expect("results serialise"));
            body.push('\n');
        }
        let tmp = path.with_extension("jsonl.tmp");
        std::fs::write(&tmp, body).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)?;
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(io)?;
        Ok(ResultsFile {
            path: path.to_path_buf(),
            done,
            file,
        })
    }

    /// Append one result (a line, written at once).
    pub fn append(&mut self, r: &SampleResult) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(r).expect("results serialise");
        line.push(b'\n');
        self.file.write_all(&line)
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Whether a results line is the header (readers of outcomes skip it).
pub fn is_header(v: &serde_json::Value) -> bool {
    v.get("benchsmith_results").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(dataset: &str) -> ResultsHeader {
        ResultsHeader {
            benchsmith_results: RESULTS_FORMAT,
            dataset: "d".into(),
            dataset_sha256: dataset.into(),
            samples: "s".into(),
            samples_sha256: "s1".into(),
            options: VerdictOptions {
                timeout_floor: 3.0,
                timeout_factor: 10.0,
                mem_mb: crate::exec::DEFAULT_MEM_MB,
                tests: "base".into(),
                sanitize: false,
                benchsmith_version: "x".into(),
            },
        }
    }

    fn result(i: usize) -> SampleResult {
        SampleResult {
            task_id: "T/0".into(),
            sample_index: i,
            passed: true,
            status: crate::exec::Status::Passed,
            detail: String::new(),
            base: None,
            plus: None,
            time: 0.0,
        }
    }

    #[test]
    fn resumes_its_own_run_and_refuses_another() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.jsonl");
        let mut f = ResultsFile::open(&p, &header("a"), false).unwrap();
        f.append(&result(0)).unwrap();
        f.flush().unwrap();
        drop(f);
        let again = ResultsFile::open(&p, &header("a"), false).unwrap();
        assert_eq!(again.done.len(), 1);
        drop(again);
        let err = ResultsFile::open(&p, &header("b"), false)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("another run") && err.contains("dataset"),
            "{err}"
        );
        let fresh = ResultsFile::open(&p, &header("b"), true).unwrap();
        assert!(fresh.done.is_empty());
    }

    #[test]
    fn a_file_without_header_is_refused_and_a_torn_line_dropped() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.jsonl");
        std::fs::write(&p, "{\"task_id\": \"T/0\", \"passed\": true}\n").unwrap();
        assert!(ResultsFile::open(&p, &header("a"), false).is_err());
        let h = serde_json::to_string(&header("a")).unwrap();
        let r = serde_json::to_string(&result(0)).unwrap();
        std::fs::write(&p, format!("{h}\n{r}\n{{\"task_id\": \"T/0\", \"sam")).unwrap();
        let f = ResultsFile::open(&p, &header("a"), false).unwrap();
        assert_eq!(f.done.len(), 1);
    }
}
