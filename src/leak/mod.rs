//! Leakage and dedup: find benchmark problems, their variants and their translations in
//! training corpora, and near-duplicate problems across benchmarks.
//!
//! Flow: [`entry`] turns any loadable dataset into index entries; [`index`] hashes their
//! n-grams ([`lex`], [`grams`]) into one memory-mapped file; [`scan`] reads a corpus
//! ([`corpus`]), shard by shard, into part files of candidates and document frequencies;
//! [`merge`] is the one place findings are decided; [`dedup`] clusters problems with
//! [`minhash`].

pub mod corpus;
pub mod dedup;
pub mod entry;
pub mod grams;
pub mod hash;
pub mod index;
pub mod lex;
pub mod merge;
pub mod minhash;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod scan;

use crate::ingest::{Dataset, IngestError};
use std::path::{Path, PathBuf};

pub use corpus::{CorpusOptions, Shard};
pub use index::{Index, Params};
pub use merge::{Finding, MergeOptions, Summary};

#[derive(Debug, thiserror::Error)]
pub enum LeakError {
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("{path}: {message}")]
    Input { path: String, message: String },
    #[error("{path}: not a usable index: {message}")]
    BadIndex { path: String, message: String },
    #[error(transparent)]
    Ingest(#[from] IngestError),
}

impl LeakError {
    pub fn io(path: &Path, message: impl Into<String>) -> LeakError {
        LeakError::Io {
            path: path.display().to_string(),
            message: message.into(),
        }
    }
}

/// Write a file atomically (a temporary file renamed over it).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), LeakError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(|e| LeakError::io(&tmp, e.to_string()))?;
    std::fs::rename(&tmp, path).map_err(|e| LeakError::io(path, e.to_string()))
}

/// Write records as JSON Lines, atomically.
pub fn write_jsonl_atomic<T: serde::Serialize>(path: &Path, items: &[T]) -> Result<(), LeakError> {
    let mut buf = Vec::new();
    for item in items {
        serde_json::to_writer(&mut buf, item).map_err(|e| LeakError::io(path, e.to_string()))?;
        buf.push(b'\n');
    }
    write_atomic(path, &buf)
}

/// What `leak index` built.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IndexReport {
    pub files: Vec<IndexedFile>,
    pub entries: usize,
    pub units: usize,
    pub ngrams: usize,
    /// Fields too short for one n-gram, by method.
    pub too_short: std::collections::BTreeMap<String, usize>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct IndexedFile {
    pub file: String,
    pub format: String,
    pub problems: usize,
    pub skipped: usize,
}

/// Index the problems of every given dataset (any format benchsmith loads).
pub fn index_datasets(
    datasets: &[Dataset],
    params: Params,
    out: &Path,
) -> Result<IndexReport, LeakError> {
    let mut entries = vec![];
    let mut files = vec![];
    for ds in datasets {
        files.push(IndexedFile {
            file: ds.source.clone(),
            format: ds.format.name().to_string(),
            problems: ds.problems.len(),
            skipped: ds.skipped.len(),
        });
        entries.extend(entry::entries(ds));
    }
    let meta = index::build(entries, params, out)?;
    let ix = Index::open(out)?;
    Ok(IndexReport {
        files,
        entries: meta.entries.len(),
        units: meta.units.len(),
        ngrams: ix.rows(),
        too_short: meta.too_short,
    })
}

/// How a scan runs.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub corpus: CorpusOptions,
    /// Coverage from which a (document, unit) is kept as a candidate for the merge.
    pub candidate_coverage: f64,
    /// Scan only this shard (the findings come from `leak merge`); `None`: the whole corpus,
    /// split over `threads` shards, merged at the end.
    pub shard: Option<Shard>,
    pub threads: usize,
    /// The streams matched (default: all three).
    pub methods: Vec<grams::Method>,
    pub merge: MergeOptions,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            corpus: CorpusOptions::default(),
            candidate_coverage: 0.35,
            shard: None,
            threads: 1,
            methods: grams::Method::ALL.to_vec(),
            merge: MergeOptions::default(),
        }
    }
}

/// What a scan did: per shard, scanned or already done; the merged summary when it merged.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ScanReport {
    pub shards_scanned: usize,
    pub shards_reused: usize,
    pub documents: u64,
    pub bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

/// Scan a corpus against an index into `out` (findings JSON Lines; shard parts in `out.parts/`).
pub fn scan(
    ix: &Index,
    inputs: &[PathBuf],
    opts: &ScanOptions,
    out: &Path,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ScanReport, LeakError> {
    let units = corpus::units(inputs)?;
    let shards: Vec<Shard> = match opts.shard {
        Some(s) => vec![s],
        None => {
            let n = opts.threads.max(1);
            (0..n).map(|index| Shard { index, count: n }).collect()
        }
    };
    let results: Vec<Result<Option<scan::ShardStats>, LeakError>> = std::thread::scope(|sc| {
        let handles: Vec<_> = shards
            .iter()
            .map(|&s| {
                let units = &units;
                sc.spawn(move || scan::scan_shard(ix, units, opts, s, out, progress))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(LeakError::io(out, "a scanning thread panicked")))
            })
            .collect()
    });
    let mut report = ScanReport {
        shards_scanned: 0,
        shards_reused: 0,
        documents: 0,
        bytes: 0,
        summary: None,
        findings: vec![],
    };
    for r in results {
        match r? {
            Some(s) => {
                report.shards_scanned += 1;
                report.documents += s.documents;
                report.bytes += s.bytes;
            }
            None => report.shards_reused += 1,
        }
    }
    if opts.shard.is_none() {
        remove_other_parts(out, shards.len());
        let (summary, findings) = merge::merge(ix, out, opts.merge)?;
        report.summary = Some(summary);
        report.findings = findings;
    }
    Ok(report)
}

/// Parts of an earlier scan with another shard count are stale once this one finished.
fn remove_other_parts(out: &Path, count: usize) {
    let keep = format!("-of-{count:05}.jsonl");
    let dir = scan::part_path(out, Shard::ALL);
    let Some(dir) = dir.parent() else { return };
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if !name.contains(&keep) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// The corpus files a finished scan read (from its shard parts), for `--decontaminate`.
pub fn scanned_units(out: &Path) -> Result<Vec<corpus::Unit>, LeakError> {
    let dir = scan::part_path(out, Shard::ALL);
    let dir = dir.parent().unwrap_or(Path::new("."));
    let rd = std::fs::read_dir(dir).map_err(|e| LeakError::io(dir, e.to_string()))?;
    for e in rd.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "jsonl") {
            let text = std::fs::read_to_string(&p).map_err(|e| LeakError::io(&p, e.to_string()))?;
            let first = text.lines().next().unwrap_or("");
            let h: scan::ShardHeader =
                serde_json::from_str(first).map_err(|e| LeakError::io(&p, e.to_string()))?;
            let inputs: Vec<PathBuf> = h.inputs.iter().map(PathBuf::from).collect();
            return corpus::units(&inputs);
        }
    }
    Err(LeakError::io(dir, "no shard parts"))
}
