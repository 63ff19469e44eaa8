//! Matching documents against the index. For every document, the n-grams of its three streams
//! are looked up; per indexed unit (entry, field, method) the distinct matched n-grams give a
//! coverage and the longest run of consecutive matches gives the longest matching span. Units
//! covered at least `candidate_coverage` are written as candidates; the final decision (after
//! the corpus-wide document-frequency filter) is taken by [`super::merge`], so that one shard
//! and many shards give the same findings.

use super::corpus::{self, CorpusOptions, Doc, ReadStats, Shard, Unit};
use super::grams::{self, Method};
use super::index::{Index, Streams};
use super::lex::{self, Comments, Lexer};
use super::LeakError;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The longest run of consecutive matching n-grams of a unit in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// Consecutive matching n-grams.
    pub grams: u32,
    /// Byte range in the document's text.
    pub doc_start: u32,
    pub doc_end: u32,
    /// Position of the first n-gram in the indexed field's stream.
    pub pos: u32,
}

/// A document that covers an indexed unit at least `candidate_coverage`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Ordinal of the corpus file.
    pub file: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_language: Option<String>,
    pub unit: u32,
    /// The index rows (distinct n-grams) matched.
    pub grams: Vec<u32>,
    pub run: Run,
}

/// A guess of a document's comment syntax when the corpus does not say its language.
pub fn sniff(text: &[u8]) -> Comments {
    let (mut semis, mut colons) = (0usize, 0usize);
    for w in text.windows(2) {
        if w[1] == b'\n' {
            match w[0] {
                b';' | b'{' | b'}' => semis += 1,
                b':' => colons += 1,
                _ => {}
            }
        }
    }
    if colons >= semis {
        Comments::Hash
    } else {
        Comments::Slash
    }
}

/// Per-thread matching state.
pub struct Matcher<'i> {
    ix: &'i Index,
    lx: Lexer,
    st: Streams,
    /// (unit, row, window in the document, position in the unit).
    hits: Vec<(u32, u32, u32, u32)>,
    rows: Vec<u32>,
    maybe: Vec<u32>,
    found: Vec<(u32, u32)>,
    /// Documents (without a candidate for any of the row's units) containing each row.
    pub df: Vec<u32>,
    pub candidate_coverage: f64,
    methods: Vec<Method>,
}

impl<'i> Matcher<'i> {
    pub fn new(ix: &'i Index, candidate_coverage: f64, methods: &[Method]) -> Matcher<'i> {
        Matcher {
            ix,
            lx: Lexer::new(),
            st: Streams::default(),
            hits: vec![],
            rows: vec![],
            maybe: vec![],
            found: vec![],
            df: vec![0; ix.rows()],
            candidate_coverage,
            methods: methods.to_vec(),
        }
    }

    /// Match one document; candidates are appended to `out`.
    pub fn doc(&mut self, doc: &Doc, out: &mut Vec<Candidate>) {
        let p = self.ix.meta.params;
        let comments = doc
            .language
            .as_deref()
            .map(Comments::of)
            .unwrap_or_else(|| sniff(doc.text));
        self.hits.clear();
        self.rows.clear();
        let on = |m| self.methods.contains(&m);
        let (exact, idnorm, prose) = (on(Method::Exact), on(Method::Idnorm), on(Method::Prose));
        if exact || idnorm {
            self.lx.code(doc.text, comments, &mut self.st.tokens);
        }
        if exact {
            grams::exact(&self.st.tokens, p.code_n, &mut self.st.grams);
            self.lookup();
        }
        if idnorm {
            let st = &mut self.st;
            grams::idnorm(&st.tokens, p.code_n, &mut st.scratch, &mut st.grams);
            self.lookup();
        }
        if prose {
            lex::words(doc.text, &mut self.st.words);
            grams::prose(&self.st.words, p.prose_n, &mut self.st.grams);
            self.lookup();
        }
        if self.rows.is_empty() {
            return;
        }
        self.hits.sort_unstable();
        let mut candidates: Vec<u32> = vec![];
        let mut i = 0;
        while i < self.hits.len() {
            let unit = self.hits[i].0;
            let mut k = i;
            let mut distinct = 0u32;
            let mut last = u32::MAX;
            while k < self.hits.len() && self.hits[k].0 == unit {
                if self.hits[k].1 != last {
                    distinct += 1;
                    last = self.hits[k].1;
                }
                k += 1;
            }
            let u = &self.ix.meta.units[unit as usize];
            if f64::from(distinct) >= self.candidate_coverage * f64::from(u.grams) {
                let group = &self.hits[i..k];
                let mut grams: Vec<u32> = group.iter().map(|h| h.1).collect();
                grams.dedup();
                let run = self.longest(group, u.method, p.code_n, p.prose_n);
                out.push(Candidate {
                    file: doc.unit,
                    line: doc.line,
                    id: doc.id.clone(),
                    doc_language: doc.language.clone(),
                    unit,
                    grams,
                    run,
                });
                candidates.push(unit);
            }
            i = k;
        }
        // Document frequency, counted only where the n-gram is not part of a candidate match:
        // a widely copied benchmark solution stays findable, boilerplate does not.
        self.rows.sort_unstable();
        self.rows.dedup();
        for &row in &self.rows {
            if candidates.is_empty() || !self.ix.postings(row).any(|(u, _)| candidates.contains(&u))
            {
                self.df[row as usize] += 1;
            }
        }
    }

    /// Look the current n-grams up.
    fn lookup(&mut self) {
        self.found.clear();
        self.ix
            .find_all(&self.st.grams, &mut self.maybe, &mut self.found);
        for &(w, row) in &self.found {
            self.rows.push(row);
            for (unit, pos) in self.ix.postings(row) {
                self.hits.push((unit, row, w, pos));
            }
        }
    }

    /// The longest run of consecutive document windows matching consecutive unit positions.
    fn longest(
        &self,
        group: &[(u32, u32, u32, u32)],
        method: Method,
        code_n: usize,
        prose_n: usize,
    ) -> Run {
        let mut pairs: Vec<(i64, u32, u32)> = group
            .iter()
            .map(|&(_, _, w, p)| (i64::from(w) - i64::from(p), w, p))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let (mut best, mut best_at) = (0u32, (0u32, 0u32));
        let mut j = 0;
        while j < pairs.len() {
            let mut k = j + 1;
            while k < pairs.len() && pairs[k].0 == pairs[j].0 && pairs[k].1 == pairs[k - 1].1 + 1 {
                k += 1;
            }
            let len = (k - j) as u32;
            if len > best {
                best = len;
                best_at = (pairs[j].1, pairs[j].2);
            }
            j = k;
        }
        let (w0, p0) = best_at;
        let (start, end) = match method {
            Method::Prose => {
                let ws = &self.st.words;
                (
                    ws[w0 as usize].start,
                    ws[(w0 + best) as usize + prose_n - 2].end,
                )
            }
            _ => {
                let ts = &self.st.tokens;
                (
                    ts[w0 as usize].start,
                    ts[(w0 + best) as usize + code_n - 2].end,
                )
            }
        };
        Run {
            grams: best,
            doc_start: start,
            doc_end: end,
            pos: p0,
        }
    }
}

/// What a shard file records about the run that wrote it; shards merge only when these agree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardHeader {
    pub format: String,
    pub index_digest: String,
    pub inputs: Vec<String>,
    pub corpus: CorpusOptions,
    pub candidate_coverage: f64,
    pub methods: Vec<Method>,
    pub shard: Shard,
}

/// The last line of a shard file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardFooter {
    pub stats: ShardStats,
    /// Sparse document frequencies: (row, documents).
    pub df: Vec<(u32, u32)>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardStats {
    pub documents: u64,
    pub bytes: u64,
    pub bad_records: u64,
    pub bad: Vec<corpus::BadRecord>,
    pub candidates: u64,
}

pub const SHARD_FORMAT: &str = "benchsmith-leak-shard/1";

/// Where shard `s` of a scan writing `out` keeps its part.
pub fn part_path(out: &Path, s: Shard) -> PathBuf {
    let mut dir = out.as_os_str().to_owned();
    dir.push(".parts");
    PathBuf::from(dir).join(format!("shard-{:05}-of-{:05}.jsonl", s.index, s.count))
}

pub fn done_path(part: &Path) -> PathBuf {
    let mut p = part.as_os_str().to_owned();
    p.push(".done");
    PathBuf::from(p)
}

/// Scan one shard of the corpus into its part file. A shard whose completion marker matches
/// this run is not scanned again (returns `Ok(None)`).
pub fn scan_shard(
    ix: &Index,
    units: &[Unit],
    opts: &super::ScanOptions,
    shard: Shard,
    out: &Path,
    mut progress: impl FnMut(u64),
) -> Result<Option<ShardStats>, LeakError> {
    let header = ShardHeader {
        format: SHARD_FORMAT.into(),
        index_digest: ix.digest.clone(),
        inputs: units.iter().map(|u| u.shown.clone()).collect(),
        corpus: opts.corpus.clone(),
        candidate_coverage: opts.candidate_coverage,
        methods: opts.methods.clone(),
        shard,
    };
    let header_line =
        serde_json::to_string(&header).map_err(|e| LeakError::io(out, e.to_string()))?;
    let part = part_path(out, shard);
    let done = done_path(&part);
    if std::fs::read_to_string(&done).is_ok_and(|d| d.trim_end() == header_line) {
        return Ok(None);
    }
    if let Some(dir) = part.parent() {
        std::fs::create_dir_all(dir).map_err(|e| LeakError::io(dir, e.to_string()))?;
    }
    let _ = std::fs::remove_file(&done);
    let tmp = part.with_extension("jsonl.tmp");
    let file = std::fs::File::create(&tmp).map_err(|e| LeakError::io(&tmp, e.to_string()))?;
    let mut w = std::io::BufWriter::new(file);
    let io = |e: std::io::Error| LeakError::io(&tmp, e.to_string());
    writeln!(w, "{header_line}").map_err(io)?;
    let mut m = Matcher::new(ix, opts.candidate_coverage, &opts.methods);
    let mut found = vec![];
    let mut stats = ShardStats::default();
    let read: ReadStats = corpus::read(units, &opts.corpus, shard, |doc| {
        found.clear();
        m.doc(doc, &mut found);
        for c in &found {
            serde_json::to_writer(&mut w, c).map_err(|e| LeakError::io(&tmp, e.to_string()))?;
            w.write_all(b"\n").map_err(io)?;
        }
        stats.candidates += found.len() as u64;
        progress(doc.text.len() as u64);
        Ok(())
    })?;
    stats.documents = read.documents;
    stats.bytes = read.bytes;
    stats.bad_records = read.bad_records;
    stats.bad = read.bad;
    let df =
        m.df.iter()
            .enumerate()
            .filter(|(_, &d)| d > 0)
            .map(|(r, &d)| (r as u32, d))
            .collect();
    let footer = ShardFooter {
        stats: stats.clone(),
        df,
    };
    serde_json::to_writer(&mut w, &footer).map_err(|e| LeakError::io(&tmp, e.to_string()))?;
    w.write_all(b"\n").map_err(io)?;
    let file = w
        .into_inner()
        .map_err(|e| LeakError::io(&tmp, e.to_string()))?;
    file.sync_all().map_err(io)?;
    std::fs::rename(&tmp, &part).map_err(|e| LeakError::io(&part, e.to_string()))?;
    super::write_atomic(&done, format!("{header_line}\n").as_bytes())?;
    Ok(Some(stats))
}
