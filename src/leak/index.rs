//! The leak index: every n-gram of every indexed problem field, sorted by hash, in one compact
//! file that is memory-mapped (nothing is parsed but a small JSON header).
//!
//! Layout (little-endian): `BSLEAKIX`, format version (u32), 0 (u32), header length, row count
//! and posting count (u64 each), the JSON header ([`Meta`]), padding to 8 bytes, the rows
//! (hash u64, first posting u32, posting count u32; sorted by hash) and the postings (unit u32,
//! position of the n-gram's first occurrence u32). A *unit* is one (entry, field, method).

use super::entry::{Entry, Field};
use super::grams::{self, Method, Scratch};
use super::lex::{self, Comments, Lexer};
use super::LeakError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

const MAGIC: &[u8; 8] = b"BSLEAKIX";
const VERSION: u32 = 1;
const HEAD: usize = 40;
const ROW: usize = 16;
const POSTING: usize = 8;

/// N-gram sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Params {
    /// Tokens per code n-gram (exact and identifier-normalised).
    pub code_n: usize,
    /// Words per prose n-gram.
    pub prose_n: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            code_n: 12,
            prose_n: 8,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub entry: u32,
    pub field: Field,
    pub method: Method,
    /// Distinct n-grams.
    pub grams: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub benchsmith_version: String,
    pub params: Params,
    pub entries: Vec<Entry>,
    pub units: Vec<Unit>,
    /// Fields too short for one n-gram, by method (they cannot be found and are reported).
    pub too_short: std::collections::BTreeMap<String, usize>,
}

/// The token and word streams of a text, as the scanner and the index compute them.
#[derive(Default)]
pub struct Streams {
    pub tokens: Vec<lex::Token>,
    pub words: Vec<lex::Word>,
    pub grams: Vec<u64>,
    pub scratch: Scratch,
}

impl Streams {
    /// The n-gram hashes of `text` for `method` (into `self.grams`).
    pub fn compute(&mut self, lx: &Lexer, text: &[u8], lang: &str, method: Method, p: Params) {
        match method {
            Method::Exact | Method::Idnorm => {
                lx.code(text, Comments::of(lang), &mut self.tokens);
                if method == Method::Exact {
                    grams::exact(&self.tokens, p.code_n, &mut self.grams);
                } else {
                    grams::idnorm(&self.tokens, p.code_n, &mut self.scratch, &mut self.grams);
                }
            }
            Method::Prose => {
                lex::words(text, &mut self.words);
                grams::prose(&self.words, p.prose_n, &mut self.grams);
            }
        }
    }
}

/// The methods a field is matched with.
pub fn methods(field: Field) -> &'static [Method] {
    match field {
        Field::Prompt => &[Method::Prose],
        Field::Solution | Field::Tests => &[Method::Exact, Method::Idnorm],
    }
}

/// Build an index file from entries.
pub fn build(entries: Vec<Entry>, params: Params, out: &Path) -> Result<Meta, LeakError> {
    let lx = Lexer::new();
    let mut st = Streams::default();
    let mut units = vec![];
    let mut pairs: Vec<(u64, u32, u32)> = vec![];
    let mut too_short = std::collections::BTreeMap::new();
    for (ei, e) in entries.iter().enumerate() {
        for (field, text) in &e.fields {
            for &m in methods(*field) {
                st.compute(&lx, text.as_bytes(), &e.language, m, params);
                let mut seen = std::collections::HashSet::new();
                let unit = units.len() as u32;
                let before = pairs.len();
                for (pos, &h) in st.grams.iter().enumerate() {
                    if seen.insert(h) {
                        pairs.push((h, unit, pos as u32));
                    }
                }
                if pairs.len() == before {
                    *too_short.entry(m.as_str().to_string()).or_insert(0) += 1;
                    continue;
                }
                units.push(Unit {
                    entry: ei as u32,
                    field: *field,
                    method: m,
                    grams: (pairs.len() - before) as u32,
                });
            }
        }
    }
    pairs.sort_unstable();
    let meta = Meta {
        benchsmith_version: crate::model::VERSION.to_string(),
        params,
        entries,
        units,
        too_short,
    };
    let json = serde_json::to_vec(&meta).map_err(|e| LeakError::io(out, e.to_string()))?;
    let mut rows: Vec<u8> = vec![];
    let mut postings: Vec<u8> = Vec::with_capacity(pairs.len() * POSTING);
    let mut nrows = 0u64;
    let mut i = 0;
    while i < pairs.len() {
        let h = pairs[i].0;
        let first = (postings.len() / POSTING) as u32;
        let mut k = i;
        while k < pairs.len() && pairs[k].0 == h {
            postings.extend_from_slice(&pairs[k].1.to_le_bytes());
            postings.extend_from_slice(&pairs[k].2.to_le_bytes());
            k += 1;
        }
        rows.extend_from_slice(&h.to_le_bytes());
        rows.extend_from_slice(&first.to_le_bytes());
        rows.extend_from_slice(&((k - i) as u32).to_le_bytes());
        nrows += 1;
        i = k;
    }
    let mut file = Vec::with_capacity(HEAD + json.len() + 8 + rows.len() + postings.len());
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&VERSION.to_le_bytes());
    file.extend_from_slice(&0u32.to_le_bytes());
    file.extend_from_slice(&(json.len() as u64).to_le_bytes());
    file.extend_from_slice(&nrows.to_le_bytes());
    file.extend_from_slice(&((postings.len() / POSTING) as u64).to_le_bytes());
    file.extend_from_slice(&json);
    while file.len() % 8 != 0 {
        file.push(0);
    }
    file.extend_from_slice(&rows);
    file.extend_from_slice(&postings);
    super::write_atomic(out, &file)?;
    Ok(meta)
}

/// An opened index.
pub struct Index {
    map: memmap2::Mmap,
    pub meta: Meta,
    rows_at: usize,
    nrows: usize,
    postings_at: usize,
    /// A bit per hash prefix: most corpus n-grams are rejected without a binary search.
    filter: Vec<u64>,
    filter_shift: u32,
    /// SHA-256 of the index file (shard files record it).
    pub digest: String,
}

impl Index {
    pub fn open(path: &Path) -> Result<Index, LeakError> {
        let f = std::fs::File::open(path).map_err(|e| LeakError::io(path, e.to_string()))?;
        // SAFETY: the file is opened read-only and benchsmith never writes an index in place
        // (writes go to a temporary file that is renamed over it).
        let map =
            unsafe { memmap2::Mmap::map(&f) }.map_err(|e| LeakError::io(path, e.to_string()))?;
        let bad = |what: &str| LeakError::BadIndex {
            path: path.display().to_string(),
            message: what.to_string(),
        };
        if map.len() < HEAD || &map[..8] != MAGIC {
            return Err(bad(
                "not a benchsmith leak index (build one with `benchsmith leak index`)",
            ));
        }
        let version = u32::from_le_bytes(map[8..12].try_into().expect("4 bytes"));
        if version != VERSION {
            return Err(bad(&format!(
                "index format {version}, this benchsmith reads format {VERSION}: rebuild it"
            )));
        }
        let word =
            |at: usize| u64::from_le_bytes(map[at..at + 8].try_into().expect("8 bytes")) as usize;
        let (meta_len, nrows, npost) = (word(16), word(24), word(32));
        let rows_at = (HEAD + meta_len).div_ceil(8) * 8;
        let postings_at = rows_at + nrows * ROW;
        if map.len() != postings_at + npost * POSTING {
            return Err(bad(
                "truncated or corrupt (its length does not match its header)",
            ));
        }
        let meta: Meta = serde_json::from_slice(&map[HEAD..HEAD + meta_len])
            .map_err(|e| bad(&format!("header: {e}")))?;
        let bits = (nrows * 16).next_power_of_two().max(1 << 16);
        let filter_shift = 64 - bits.trailing_zeros();
        let mut filter = vec![0u64; bits / 64];
        let mut ix = Index {
            digest: format!("{:x}", Sha256::digest(&map[..])),
            map,
            meta,
            rows_at,
            nrows,
            postings_at,
            filter: vec![],
            filter_shift,
        };
        for r in 0..nrows {
            let b = (ix.row_hash(r) >> filter_shift) as usize;
            filter[b / 64] |= 1 << (b % 64);
        }
        ix.filter = filter;
        Ok(ix)
    }

    pub fn rows(&self) -> usize {
        self.nrows
    }

    #[inline(always)]
    fn row_hash(&self, r: usize) -> u64 {
        let at = self.rows_at + r * ROW;
        u64::from_le_bytes(self.map[at..at + 8].try_into().expect("8 bytes"))
    }

    /// The row of `hash`, if it is an indexed n-gram.
    #[inline]
    pub fn find(&self, hash: u64) -> Option<u32> {
        let b = (hash >> self.filter_shift) as usize;
        if self.filter[b / 64] & (1 << (b % 64)) == 0 {
            return None;
        }
        let (mut lo, mut hi) = (0usize, self.nrows);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let h = self.row_hash(mid);
            match h.cmp(&hash) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// The postings of a row: (unit, position of the n-gram in the unit's stream).
    pub fn postings(&self, row: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let at = self.rows_at + row as usize * ROW + 8;
        let first = u32::from_le_bytes(self.map[at..at + 4].try_into().expect("4 bytes")) as usize;
        let count =
            u32::from_le_bytes(self.map[at + 4..at + 8].try_into().expect("4 bytes")) as usize;
        (first..first + count).map(move |p| {
            let at = self.postings_at + p * POSTING;
            (
                u32::from_le_bytes(self.map[at..at + 4].try_into().expect("4 bytes")),
                u32::from_le_bytes(self.map[at + 4..at + 8].try_into().expect("4 bytes")),
            )
        })
    }
}
