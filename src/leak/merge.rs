//! The one place findings are decided: shard parts are read back, their document frequencies
//! summed, n-grams found in more than `max_df` documents (outside candidate matches) ignored,
//! and every candidate's coverage recomputed without them. One shard and N shards therefore
//! give byte-identical findings.

use super::corpus::{self, Unit};
use super::entry::Field;
use super::grams::Method;
use super::index::{Index, Streams};
use super::lex::Lexer;
use super::scan::{done_path, Candidate, ShardFooter, ShardHeader, ShardStats, SHARD_FORMAT};
use super::LeakError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MergeOptions {
    /// Coverage of a problem field's (non-common) n-grams from which a document is flagged.
    pub min_coverage: f64,
    /// N-grams found in more documents than this (outside candidate matches) are ignored.
    pub max_df: u32,
    /// An identifier-normalised match needs the field to have at least this many (non-common)
    /// n-grams: shorter programs, with their names gone, match too much ordinary code
    /// (`def f(x): return x - 1`); they are found by exact matching only.
    pub min_idnorm_grams: u32,
}

impl Default for MergeOptions {
    fn default() -> Self {
        MergeOptions {
            min_coverage: 0.7,
            max_df: 10,
            min_idnorm_grams: 5,
        }
    }
}

/// The longest matching span, in tokens (code) or words (prose), with byte ranges in both texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Longest {
    pub tokens: u32,
    pub doc_bytes: [u32; 2],
    pub problem_bytes: [u32; 2],
}

/// One flagged (document, problem, field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The document's id, else `file:line` (JSON Lines) or the file.
    pub doc: String,
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub benchmark: String,
    /// The indexed task (a variant's or translation's own id).
    pub problem: String,
    /// The original problem it stands for.
    pub source: String,
    pub field: Field,
    /// Language of the indexed text that matched.
    pub language: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_language: Option<String>,
    pub method: Method,
    /// N-gram size.
    pub n: usize,
    /// Distinct n-grams of the field found in the document / all (common ones left out).
    pub matched: u32,
    pub grams: u32,
    pub coverage: f64,
    pub longest: Longest,
    /// Coverage and the longest span's share of the field, averaged (0..1).
    pub score: f64,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchmarkSummary {
    /// Indexed problems (source problems).
    pub problems: usize,
    /// Source problems with at least one finding.
    pub found: usize,
    /// Documents with a finding of this benchmark.
    pub documents: usize,
    pub findings: usize,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub shards: usize,
    pub documents: u64,
    pub bytes: u64,
    pub bad_records: u64,
    pub bad: Vec<corpus::BadRecord>,
    pub flagged_documents: usize,
    pub findings: usize,
    pub min_coverage: f64,
    pub min_idnorm_grams: u32,
    /// The document-frequency threshold and how many indexed n-grams it left out.
    pub max_df: u32,
    pub common_ngrams: usize,
    pub benchmarks: BTreeMap<String, BenchmarkSummary>,
}

fn parts_dir(out: &Path) -> PathBuf {
    let mut dir = out.as_os_str().to_owned();
    dir.push(".parts");
    PathBuf::from(dir)
}

struct Part {
    header: ShardHeader,
    candidates: Vec<Candidate>,
    footer: ShardFooter,
}

fn read_part(path: &Path) -> Result<Part, LeakError> {
    let f = std::fs::File::open(path).map_err(|e| LeakError::io(path, e.to_string()))?;
    let mut lines = std::io::BufReader::new(f).lines();
    let bad = |line: usize, m: String| LeakError::Input {
        path: path.display().to_string(),
        message: format!("line {line}: {m}"),
    };
    let mut next = |n: usize| -> Result<Option<String>, LeakError> {
        lines.next().transpose().map_err(|e| bad(n, e.to_string()))
    };
    let header: ShardHeader = serde_json::from_str(&next(1)?.unwrap_or_default())
        .map_err(|e| bad(1, format!("shard header: {e}")))?;
    if header.format != SHARD_FORMAT {
        return Err(bad(
            1,
            format!("format {:?}, expected {SHARD_FORMAT:?}", header.format),
        ));
    }
    let mut rest = vec![];
    let mut n = 1;
    while let Some(l) = next(n + 1)? {
        n += 1;
        rest.push((n, l));
    }
    let (fl, last) = rest
        .pop()
        .ok_or_else(|| bad(n, "no footer: the shard did not finish".into()))?;
    let footer: ShardFooter =
        serde_json::from_str(&last).map_err(|e| bad(fl, format!("footer: {e}")))?;
    let candidates = rest
        .into_iter()
        .map(|(k, l)| serde_json::from_str(&l).map_err(|e| bad(k, format!("candidate: {e}"))))
        .collect::<Result<_, _>>()?;
    Ok(Part {
        header,
        candidates,
        footer,
    })
}

/// Read every part of the scan writing `out`, check they belong together and are complete.
fn read_parts(ix: &Index, out: &Path) -> Result<Vec<Part>, LeakError> {
    let dir = parts_dir(out);
    let rd = std::fs::read_dir(&dir).map_err(|e| {
        LeakError::io(
            &dir,
            format!(
                "no shard parts ({e}): run `benchsmith leak scan ... --out {}` first",
                out.display()
            ),
        )
    })?;
    let mut paths: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    paths.sort();
    let mut parts = vec![];
    for p in paths {
        if !done_path(&p).exists() {
            continue;
        }
        parts.push(read_part(&p)?);
    }
    let Some(first) = parts.first().map(|p| p.header.clone()) else {
        return Err(LeakError::Input {
            path: dir.display().to_string(),
            message: "no finished shard".into(),
        });
    };
    let count = first.shard.count;
    parts.retain(|p| p.header.shard.count == count);
    let have: BTreeSet<usize> = parts.iter().map(|p| p.header.shard.index).collect();
    let missing: Vec<String> = (0..count)
        .filter(|i| !have.contains(i))
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(LeakError::Input {
            path: dir.display().to_string(),
            message: format!("shards not finished: {}", missing.join(", ")),
        });
    }
    for p in &parts {
        let mut h = p.header.clone();
        h.shard = first.shard;
        if h != first {
            return Err(LeakError::Input {
                path: dir.display().to_string(),
                message: format!(
                    "shard {}/{count} was scanned with another index, corpus or options",
                    p.header.shard.index
                ),
            });
        }
        if p.header.index_digest != ix.digest {
            return Err(LeakError::Input {
                path: dir.display().to_string(),
                message: "the shards were scanned with another index".into(),
            });
        }
    }
    Ok(parts)
}

/// Decide the findings of a finished scan and write them to `out` (JSON Lines, sorted).
pub fn merge(
    ix: &Index,
    out: &Path,
    opts: MergeOptions,
) -> Result<(Summary, Vec<Finding>), LeakError> {
    let parts = read_parts(ix, out)?;
    let (mut summary, df) = totals(ix, &parts, opts);
    let common = Common::new(ix, &df, opts.max_df);
    summary.common_ngrams = common.count;
    let findings = decide(ix, &parts, &common, opts);
    summarise(ix, &findings, &mut summary);
    super::write_jsonl_atomic(out, &findings)?;
    Ok((summary, findings))
}

/// Counts over all shards, and the summed document frequencies.
fn totals(ix: &Index, parts: &[Part], opts: MergeOptions) -> (Summary, Vec<u32>) {
    let mut df = vec![0u32; ix.rows()];
    let mut summary = Summary {
        shards: parts.len(),
        min_coverage: opts.min_coverage,
        min_idnorm_grams: opts.min_idnorm_grams,
        max_df: opts.max_df,
        ..Default::default()
    };
    for p in parts {
        let ShardStats {
            documents,
            bytes,
            bad_records,
            bad,
            ..
        } = &p.footer.stats;
        summary.documents += documents;
        summary.bytes += bytes;
        summary.bad_records += bad_records;
        summary.bad.extend(bad.iter().cloned());
        for &(r, d) in &p.footer.df {
            if let Some(x) = df.get_mut(r as usize) {
                *x += d;
            }
        }
    }
    summary
        .bad
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    summary.bad.truncate(20);
    (summary, df)
}

/// The n-grams ignored as common, and how many of each unit's they are.
struct Common {
    row: Vec<bool>,
    in_unit: Vec<u32>,
    count: usize,
}

impl Common {
    fn new(ix: &Index, df: &[u32], max_df: u32) -> Common {
        let row: Vec<bool> = df.iter().map(|&d| d > max_df).collect();
        let mut in_unit = vec![0u32; ix.meta.units.len()];
        for (r, _) in row.iter().enumerate().filter(|(_, &c)| c) {
            for (u, _) in ix.postings(r as u32) {
                in_unit[u as usize] += 1;
            }
        }
        let count = row.iter().filter(|&&c| c).count();
        Common {
            row,
            in_unit,
            count,
        }
    }
}

/// Token (or word) byte ranges of indexed fields, computed once per unit.
struct Spans<'i> {
    ix: &'i Index,
    lx: Lexer,
    st: Streams,
    cache: HashMap<u32, Vec<(u32, u32)>>,
}

impl Spans<'_> {
    /// Byte range in the indexed field of `grams` n-grams from position `pos`.
    fn bytes(&mut self, unit: u32, pos: u32, grams: u32, n: usize) -> [u32; 2] {
        let (ix, lx, st) = (self.ix, &self.lx, &mut self.st);
        let sp = self.cache.entry(unit).or_insert_with(|| {
            let u = &ix.meta.units[unit as usize];
            let e = &ix.meta.entries[u.entry as usize];
            let text = e
                .fields
                .iter()
                .find(|(f, _)| *f == u.field)
                .map_or("", |(_, t)| t.as_str());
            st.compute(lx, text.as_bytes(), &e.language, u.method, ix.meta.params);
            if u.method == Method::Prose {
                st.words.iter().map(|w| (w.start, w.end)).collect()
            } else {
                st.tokens.iter().map(|t| (t.start, t.end)).collect()
            }
        });
        let first = pos as usize;
        let last = first + grams as usize + n - 2;
        match (sp.get(first), sp.get(last)) {
            (Some(a), Some(b)) => [a.0, b.1],
            _ => [0, 0],
        }
    }
}

/// The findings: candidates whose coverage, common n-grams left out, reaches the threshold;
/// per (document, problem, field) the best method (highest coverage, exact before idnorm).
fn decide(ix: &Index, parts: &[Part], common: &Common, opts: MergeOptions) -> Vec<Finding> {
    let inputs = &parts[0].header.inputs;
    let p = ix.meta.params;
    let mut spans = Spans {
        ix,
        lx: Lexer::new(),
        st: Streams::default(),
        cache: HashMap::new(),
    };
    let mut best: BTreeMap<(usize, u64, u32, Field), Finding> = BTreeMap::new();
    for c in parts.iter().flat_map(|p| &p.candidates) {
        let unit = &ix.meta.units[c.unit as usize];
        let total = unit.grams - common.in_unit[c.unit as usize];
        if total == 0 || (unit.method == Method::Idnorm && total < opts.min_idnorm_grams) {
            continue;
        }
        let matched = c.grams.iter().filter(|&&r| !common.row[r as usize]).count() as u32;
        let coverage = f64::from(matched) / f64::from(total);
        if coverage < opts.min_coverage {
            continue;
        }
        let e = &ix.meta.entries[unit.entry as usize];
        let n = if unit.method == Method::Prose {
            p.prose_n
        } else {
            p.code_n
        };
        let run = c.run;
        let tokens = run.grams + n as u32 - 1;
        let stream = (unit.grams + n as u32 - 1).max(1);
        let share = (f64::from(tokens) / f64::from(stream)).min(1.0);
        let file = inputs.get(c.file).cloned().unwrap_or_default();
        let doc = match (&c.id, c.line) {
            (Some(id), _) => id.clone(),
            (None, Some(l)) => format!("{file}:{l}"),
            (None, None) => file.clone(),
        };
        let f = Finding {
            doc,
            file,
            line: c.line,
            benchmark: e.benchmark.clone(),
            problem: e.task_id.clone(),
            source: e.source.clone(),
            field: unit.field,
            language: e.language.clone(),
            doc_language: c.doc_language.clone(),
            method: unit.method,
            n,
            matched,
            grams: total,
            coverage: round4(coverage),
            longest: Longest {
                tokens,
                doc_bytes: [run.doc_start, run.doc_end],
                problem_bytes: spans.bytes(c.unit, run.pos, run.grams, n),
            },
            score: round4((coverage + share) / 2.0),
        };
        let key = (c.file, c.line.unwrap_or(0), unit.entry, unit.field);
        let rank = |f: &Finding| (f.coverage, std::cmp::Reverse(f.method));
        if best.get(&key).is_none_or(|old| rank(old) < rank(&f)) {
            best.insert(key, f);
        }
    }
    best.into_values().collect()
}

/// Per benchmark: problems indexed, found, documents and findings.
fn summarise(ix: &Index, findings: &[Finding], summary: &mut Summary) {
    let mut docs_by_bench: BTreeMap<&str, BTreeSet<(&str, Option<u64>)>> = BTreeMap::new();
    let mut found_by_bench: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut all_docs = BTreeSet::new();
    for f in findings {
        docs_by_bench
            .entry(&f.benchmark)
            .or_default()
            .insert((&f.file, f.line));
        found_by_bench
            .entry(&f.benchmark)
            .or_default()
            .insert(&f.source);
        all_docs.insert((&f.file, f.line));
        summary
            .benchmarks
            .entry(f.benchmark.clone())
            .or_default()
            .findings += 1;
    }
    let mut problems: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in &ix.meta.entries {
        problems.entry(&e.benchmark).or_default().insert(&e.source);
    }
    for (b, ps) in &problems {
        let s = summary.benchmarks.entry(b.to_string()).or_default();
        s.problems = ps.len();
        s.found = found_by_bench.get(b).map_or(0, BTreeSet::len);
        s.documents = docs_by_bench.get(b).map_or(0, BTreeSet::len);
    }
    summary.flagged_documents = all_docs.len();
    summary.findings = findings.len();
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Write the corpus without the flagged documents into `dir`: one plain JSON Lines file per
/// JSON Lines input (same name, compression suffix dropped), source files under their path.
pub fn decontaminate(units: &[Unit], findings: &[Finding], dir: &Path) -> Result<u64, LeakError> {
    let flagged: BTreeSet<(&str, Option<u64>)> =
        findings.iter().map(|f| (f.file.as_str(), f.line)).collect();
    let mut writers: HashMap<usize, std::io::BufWriter<std::fs::File>> = HashMap::new();
    let mut kept = 0u64;
    corpus::raw(units, |k, line, bytes| {
        let shown = &units[k].shown;
        if flagged.contains(&(shown.as_str(), line)) {
            return Ok(());
        }
        kept += 1;
        let rel: PathBuf = Path::new(shown)
            .components()
            .filter(|c| matches!(c, std::path::Component::Normal(_)))
            .collect();
        let target = match line {
            Some(_) => {
                let name = rel
                    .to_string_lossy()
                    .replace(".gz", "")
                    .replace(".zstd", "")
                    .replace(".zst", "");
                dir.join(name)
            }
            None => dir.join(rel),
        };
        let io = |e: std::io::Error| LeakError::io(&target, e.to_string());
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        if line.is_none() {
            return std::fs::write(&target, bytes).map_err(io);
        }
        let w = match writers.entry(k) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => v.insert(std::io::BufWriter::new(
                std::fs::File::create(&target).map_err(io)?,
            )),
        };
        w.write_all(bytes).map_err(io)?;
        if !bytes.ends_with(b"\n") {
            w.write_all(b"\n").map_err(io)?;
        }
        Ok(())
    })?;
    for (_, mut w) in writers {
        w.flush().map_err(|e| LeakError::io(dir, e.to_string()))?;
    }
    Ok(kept)
}
