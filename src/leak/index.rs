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

/// The two filter bits of a hash inside its word (from bits the word index does not use).
#[inline(always)]
fn bloom_bits(h: u64) -> u64 {
    (1u64 << (h & 63)) | (1u64 << ((h >> 6) & 63))
}

/// A hint to bring the cache line of `p` in; any address may be given (nothing is read).
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and reads nothing the program sees.
    #[allow(unused_unsafe)]
    unsafe {
        core::arch::x86_64::_mm_prefetch(p.cast::<i8>(), core::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// An opened index.
pub struct Index {
    map: memmap2::Mmap,
    pub meta: Meta,
    rows_at: usize,
    nrows: usize,
    postings_at: usize,
    /// A blocked Bloom filter (two bits in one word per n-gram, about 16 bits per n-gram):
    /// most corpus n-grams are rejected with one cache-resident read.
    filter: Vec<u64>,
    filter_shift: u32,
    /// Open addressing, hash -> row + 1 (0: empty), for what passes the filter.
    table: Vec<(u64, u32)>,
    table_mask: usize,
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
        let words = (nrows * 16 / 64)
            .next_power_of_two()
            .clamp(1 << 10, 1 << 22);
        let filter_shift = 64 - words.trailing_zeros();
        let mut filter = vec![0u64; words];
        let slots = (nrows * 2).next_power_of_two().max(16);
        let mut ix = Index {
            digest: format!("{:x}", Sha256::digest(&map[..])),
            map,
            meta,
            rows_at,
            nrows,
            postings_at,
            filter: vec![],
            filter_shift,
            table: vec![(0, 0); slots],
            table_mask: slots - 1,
        };
        let mut table = std::mem::take(&mut ix.table);
        for r in 0..nrows {
            let h = ix.row_hash(r);
            filter[(h >> filter_shift) as usize] |= bloom_bits(h);
            let mut at = (h as usize) & ix.table_mask;
            while table[at].1 != 0 {
                at = (at + 1) & ix.table_mask;
            }
            table[at] = (h, r as u32 + 1);
        }
        ix.filter = filter;
        ix.table = table;
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
        let bits = bloom_bits(hash);
        if self.filter[(hash >> self.filter_shift) as usize] & bits != bits {
            return None;
        }
        let mut at = (hash as usize) & self.table_mask;
        loop {
            let (h, r) = self.table[at];
            if r == 0 {
                return None;
            }
            if h == hash {
                return Some(r - 1);
            }
            at = (at + 1) & self.table_mask;
        }
    }

    /// The rows of many hashes: appends (position in `hashes`, row) for every indexed one.
    /// Filter words and table slots are prefetched some lookups ahead, so that the memory
    /// latency of one lookup overlaps the others (the lookups are independent).
    pub fn find_all(&self, hashes: &[u64], maybe: &mut Vec<u32>, out: &mut Vec<(u32, u32)>) {
        const AHEAD: usize = 16;
        maybe.clear();
        let word = |h: u64| (h >> self.filter_shift) as usize;
        for (i, &h) in hashes.iter().enumerate() {
            if let Some(&next) = hashes.get(i + AHEAD) {
                prefetch(self.filter.as_ptr().wrapping_add(word(next)));
            }
            let bits = bloom_bits(h);
            if self.filter[word(h)] & bits == bits {
                maybe.push(i as u32);
            }
        }
        for (k, &i) in maybe.iter().enumerate() {
            if let Some(&next) = maybe.get(k + AHEAD) {
                let at = (hashes[next as usize] as usize) & self.table_mask;
                prefetch(self.table.as_ptr().wrapping_add(at));
            }
            let hash = hashes[i as usize];
            let mut at = (hash as usize) & self.table_mask;
            loop {
                let (h, r) = self.table[at];
                if r == 0 {
                    break;
                }
                if h == hash {
                    out.push((i, r - 1));
                    break;
                }
                at = (at + 1) & self.table_mask;
            }
        }
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
