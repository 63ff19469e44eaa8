//! Corpus readers: JSON Lines (plain, `.gz`, `.zst`) with a configurable text field, and
//! directories of source files. Inputs are cut into *units* (one file each) in a fixed order,
//! which is what `--shard i/N` partitions: unit `k` goes to shard `k mod N`, or, when there are
//! fewer units than shards, record `r` of every unit to shard `r mod N`.

use super::entry::language_id;
use super::LeakError;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// How records are read from JSON Lines.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CorpusOptions {
    /// The field holding the document's text (The Stack: `content`).
    pub text_field: String,
    /// The field naming the document in findings (file and line when absent).
    pub id_field: String,
    /// The field holding the language (default: `lang` or `language`; else the extension of a
    /// `path`-like field; else a guess from the text).
    pub lang_field: Option<String>,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            text_field: "content".into(),
            id_field: "id".into(),
            lang_field: None,
        }
    }
}

/// `--shard i/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    pub const ALL: Shard = Shard { index: 0, count: 1 };
}

/// Why a `--shard` value is not `i/N` with `0 <= i < N` (each names the value given).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardParseError {
    #[error("{0:?}: expected i/N, e.g. 0/4")]
    NoSlash(String),
    #[error("{0:?}: i is not a number")]
    Index(String),
    #[error("{0:?}: N is not a number")]
    Count(String),
    #[error("{0:?}: need 0 <= i < N")]
    OutOfRange(String),
}

impl std::str::FromStr for Shard {
    type Err = ShardParseError;
    fn from_str(s: &str) -> Result<Shard, ShardParseError> {
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| ShardParseError::NoSlash(s.into()))?;
        let index: usize = i
            .trim()
            .parse()
            .map_err(|_| ShardParseError::Index(s.into()))?;
        let count: usize = n
            .trim()
            .parse()
            .map_err(|_| ShardParseError::Count(s.into()))?;
        if count == 0 || index >= count {
            return Err(ShardParseError::OutOfRange(s.into()));
        }
        Ok(Shard { index, count })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum UnitKind {
    Jsonl(Compression),
    Parquet,
    Source { language: String },
}

/// One file of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub path: PathBuf,
    /// The path as findings show it.
    pub shown: String,
    kind: UnitKind,
}

/// A document handed to the scanner.
pub struct Doc<'a> {
    /// Ordinal of the unit (file) in the corpus.
    pub unit: usize,
    /// 1-based line in a JSON Lines file.
    pub line: Option<u64>,
    pub id: Option<String>,
    /// Language id when the corpus says (field, extension), else `None`.
    pub language: Option<String>,
    pub text: &'a [u8],
}

/// A record that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BadRecord {
    pub file: String,
    pub line: u64,
    pub message: String,
}

/// Why a corpus record cannot be used: it is counted as a bad record, the text its
/// [`BadRecord::message`].
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// A JSON Lines record that is not a JSON object with a string-or-null text field.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// A JSON Lines record without its text field, or with `null` there.
    #[error("field `{0}`: missing or not a string")]
    MissingText(String),
    /// A Parquet row whose text column is null.
    #[error("column `{0}`: null")]
    NullText(String),
}

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReadStats {
    pub documents: u64,
    pub bytes: u64,
    pub bad_records: u64,
    /// The first bad records (at most 20), with file, line and reason.
    pub bad: Vec<BadRecord>,
}

const EXTENSIONS: &str = include_str!("../../datasets/leak/extensions.tsv");

fn extension_language(path: &str) -> Option<String> {
    let ext = path.rsplit_once('.')?.1;
    EXTENSIONS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .find(|(e, _)| *e == ext)
        .map(|(_, l)| l.trim().to_string())
}

/// The units of the given inputs, in scanning order.
pub fn units(inputs: &[PathBuf]) -> Result<Vec<Unit>, LeakError> {
    let mut out = vec![];
    for p in inputs {
        let meta = std::fs::metadata(p).map_err(|e| LeakError::io(p, e.to_string()))?;
        if meta.is_dir() {
            let mut files = vec![];
            walk(p, &mut files)?;
            files.sort();
            for f in files {
                let shown = f.display().to_string();
                if let Some(language) = extension_language(&shown) {
                    out.push(Unit {
                        path: f,
                        shown,
                        kind: UnitKind::Source { language },
                    });
                }
            }
        } else {
            let shown = p.display().to_string();
            let c = if shown.ends_with(".gz") {
                Compression::Gzip
            } else if shown.ends_with(".zst") || shown.ends_with(".zstd") {
                Compression::Zstd
            } else {
                Compression::None
            };
            let bare = shown
                .trim_end_matches(".gz")
                .trim_end_matches(".zst")
                .trim_end_matches(".zstd");
            let kind = if shown.ends_with(".parquet") {
                if !cfg!(feature = "parquet") {
                    return Err(LeakError::Input {
                        path: shown,
                        message: "Parquet needs a benchsmith built with `--features parquet`"
                            .into(),
                    });
                }
                UnitKind::Parquet
            } else if bare.ends_with(".jsonl")
                || bare.ends_with(".json")
                || bare.ends_with(".ndjson")
            {
                UnitKind::Jsonl(c)
            } else if let Some(language) = extension_language(bare) {
                UnitKind::Source { language }
            } else {
                return Err(LeakError::Input {
                    path: shown,
                    message: "not a corpus file: expected .jsonl (plain, .gz or .zst), a source file or a directory".into(),
                });
            };
            out.push(Unit {
                path: p.clone(),
                shown,
                kind,
            });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), LeakError> {
    let rd = std::fs::read_dir(dir).map_err(|e| LeakError::io(dir, e.to_string()))?;
    for e in rd {
        let e = e.map_err(|e| LeakError::io(dir, e.to_string()))?;
        let ft = e
            .file_type()
            .map_err(|err| LeakError::io(&e.path(), err.to_string()))?;
        if ft.is_dir() {
            walk(&e.path(), out)?;
        } else if ft.is_file() {
            out.push(e.path());
        }
    }
    Ok(())
}

fn open(unit: &Unit, c: Compression) -> Result<Box<dyn BufRead>, LeakError> {
    let f =
        std::fs::File::open(&unit.path).map_err(|e| LeakError::io(&unit.path, e.to_string()))?;
    let r: Box<dyn Read> = match c {
        Compression::None => Box::new(f),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(f))),
        Compression::Zstd => Box::new(
            zstd::stream::read::Decoder::new(f)
                .map_err(|e| LeakError::io(&unit.path, e.to_string()))?,
        ),
    };
    Ok(Box::new(BufReader::with_capacity(1 << 20, r)))
}

/// Read every document of `shard`, calling `f` on each. Unreadable records are counted and
/// reported; they never stop the others.
pub fn read(
    units: &[Unit],
    opts: &CorpusOptions,
    shard: Shard,
    mut f: impl FnMut(&Doc) -> Result<(), LeakError>,
) -> Result<ReadStats, LeakError> {
    let mut stats = ReadStats::default();
    let by_unit = units.len() >= shard.count;
    for (k, unit) in units.iter().enumerate() {
        if by_unit && k % shard.count != shard.index {
            continue;
        }
        match &unit.kind {
            UnitKind::Source { language } => {
                // One document per file: with fewer files than shards, shard 0 reads them.
                if !by_unit && shard.index != 0 {
                    continue;
                }
                let text = std::fs::read(&unit.path)
                    .map_err(|e| LeakError::io(&unit.path, e.to_string()))?;
                stats.documents += 1;
                stats.bytes += text.len() as u64;
                f(&Doc {
                    unit: k,
                    line: None,
                    id: None,
                    language: Some(language.clone()),
                    text: &text,
                })?;
            }
            UnitKind::Parquet => read_parquet(unit, k, opts, shard, by_unit, &mut stats, &mut f)?,
            UnitKind::Jsonl(c) => {
                let mut r = open(unit, *c)?;
                let mut buf = Vec::with_capacity(1 << 16);
                let mut line = 0u64;
                loop {
                    buf.clear();
                    let n = r.read_until(b'\n', &mut buf).map_err(|e| {
                        LeakError::io(&unit.path, format!("line {}: {e}", line + 1))
                    })?;
                    if n == 0 {
                        break;
                    }
                    line += 1;
                    if !by_unit && (line - 1) % shard.count as u64 != shard.index as u64 {
                        continue;
                    }
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    match pick(&buf, opts) {
                        Ok(p) => emit(&mut stats, k, line, p, &mut f)?,
                        Err(e) => bad_record(&mut stats, unit, line, &e),
                    }
                }
            }
        }
    }
    Ok(stats)
}

/// Count a readable record and hand it to `f` as a document (its language from the record's
/// language field, else its path's extension).
fn emit(
    stats: &mut ReadStats,
    unit: usize,
    line: u64,
    p: Picked,
    f: &mut impl FnMut(&Doc) -> Result<(), LeakError>,
) -> Result<(), LeakError> {
    stats.documents += 1;
    stats.bytes += p.text.len() as u64;
    let language = p
        .lang
        .map(|l| language_id(&l))
        .or_else(|| p.path.as_deref().and_then(extension_language));
    f(&Doc {
        unit,
        line: Some(line),
        id: p.id,
        language,
        text: p.text.as_bytes(),
    })
}

fn bad_record(stats: &mut ReadStats, unit: &Unit, line: u64, e: &RecordError) {
    stats.bad_records += 1;
    if stats.bad.len() < 20 {
        stats.bad.push(BadRecord {
            file: unit.shown.clone(),
            line,
            message: e.to_string(),
        });
    }
}

#[cfg(feature = "parquet")]
fn read_parquet(
    unit: &Unit,
    k: usize,
    opts: &CorpusOptions,
    shard: Shard,
    by_unit: bool,
    stats: &mut ReadStats,
    f: &mut impl FnMut(&Doc) -> Result<(), LeakError>,
) -> Result<(), LeakError> {
    let wanted = |n: u64| by_unit || (n - 1) % shard.count as u64 == shard.index as u64;
    super::parquet::read(&unit.path, opts, wanted, |n, row| match row {
        Ok(r) => {
            let p = Picked {
                text: Cow::Owned(r.text),
                id: r.id,
                lang: r.lang,
                path: r.path,
            };
            emit(stats, k, n, p, f)
        }
        Err(e) => {
            bad_record(stats, unit, n, &e);
            Ok(())
        }
    })
}

#[cfg(not(feature = "parquet"))]
fn read_parquet(
    unit: &Unit,
    _k: usize,
    _opts: &CorpusOptions,
    _shard: Shard,
    _by_unit: bool,
    _stats: &mut ReadStats,
    _f: &mut impl FnMut(&Doc) -> Result<(), LeakError>,
) -> Result<(), LeakError> {
    Err(LeakError::Input {
        path: unit.shown.clone(),
        message: "Parquet needs a benchsmith built with `--features parquet`".into(),
    })
}

/// Read the raw records of every unit, whatever the shard (for `--decontaminate`): calls `f`
/// with the unit, the line (JSON Lines) and the raw record or file bytes. Parquet inputs are
/// not rewritten (an input error).
pub fn raw(
    units: &[Unit],
    mut f: impl FnMut(usize, Option<u64>, &[u8]) -> Result<(), LeakError>,
) -> Result<(), LeakError> {
    for (k, unit) in units.iter().enumerate() {
        match &unit.kind {
            UnitKind::Source { .. } => {
                let text = std::fs::read(&unit.path)
                    .map_err(|e| LeakError::io(&unit.path, e.to_string()))?;
                f(k, None, &text)?;
            }
            UnitKind::Parquet => {
                return Err(LeakError::Input {
                    path: unit.shown.clone(),
                    message: "--decontaminate does not rewrite Parquet files (JSON Lines and source folders only)".into(),
                })
            }
            UnitKind::Jsonl(c) => {
                let mut r = open(unit, *c)?;
                let mut buf = Vec::new();
                let mut line = 0u64;
                loop {
                    buf.clear();
                    if r.read_until(b'\n', &mut buf)
                        .map_err(|e| LeakError::io(&unit.path, e.to_string()))?
                        == 0
                    {
                        break;
                    }
                    line += 1;
                    f(k, Some(line), &buf)?;
                }
            }
        }
    }
    Ok(())
}

/// The fields of a record the scanner needs.
#[derive(Debug)]
struct Picked<'a> {
    text: Cow<'a, str>,
    id: Option<String>,
    lang: Option<String>,
    path: Option<String>,
}

fn pick<'a>(line: &'a [u8], opts: &CorpusOptions) -> Result<Picked<'a>, RecordError> {
    let mut de = serde_json::Deserializer::from_slice(line);
    let got = Pick(opts).deserialize(&mut de)?;
    match got.text {
        Some(text) => Ok(Picked {
            text,
            id: got.id,
            lang: got.lang,
            path: got.path,
        }),
        None => Err(RecordError::MissingText(opts.text_field.clone())),
    }
}

struct Pick<'o>(&'o CorpusOptions);

struct Got<'a> {
    text: Option<Cow<'a, str>>,
    id: Option<String>,
    lang: Option<String>,
    path: Option<String>,
}

/// A string that borrows from the input when it has no escapes.
struct Str<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Str<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> DeserializeSeed<'de> for Pick<'_> {
    type Value = Got<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Got<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Pick<'_> {
    type Value = Got<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Got<'de>, A::Error> {
        let o = self.0;
        let mut got = Got {
            text: None,
            id: None,
            lang: None,
            path: None,
        };
        while let Some(k) = m.next_key::<Str<'de>>()? {
            let k = k.0;
            if k == o.text_field {
                got.text = m.next_value::<Option<Str<'de>>>()?.map(|s| s.0);
            } else if k == o.id_field {
                let v: serde_json::Value = m.next_value()?;
                got.id = match v {
                    serde_json::Value::String(s) => Some(s),
                    serde_json::Value::Null => None,
                    other => Some(other.to_string()),
                };
            } else if o
                .lang_field
                .as_deref()
                .map_or(k == "lang" || k == "language", |f| k == f)
            {
                got.lang = m.next_value::<Option<String>>().unwrap_or(None);
            } else if matches!(
                k.as_ref(),
                "path" | "max_stars_repo_path" | "file_path" | "filename"
            ) {
                got.path = m.next_value::<Option<String>>().unwrap_or(None);
            } else {
                m.next_value::<IgnoredAny>()?;
            }
        }
        Ok(got)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_parses() {
        assert_eq!("1/4".parse::<Shard>(), Ok(Shard { index: 1, count: 4 }));
        assert!("4/4".parse::<Shard>().is_err());
        assert!("0/0".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }

    #[test]
    fn picks_fields_borrowing_when_it_can() {
        let o = CorpusOptions::default();
        let p = pick(
            br#"{"id": 7, "max_stars_repo_path": "a/b.py", "content": "def f(): pass", "x": [1]}"#,
            &o,
        )
        .unwrap();
        assert!(matches!(p.text, Cow::Borrowed(_)));
        assert_eq!(p.id.as_deref(), Some("7"));
        assert_eq!(p.path.as_deref(), Some("a/b.py"));
        let p = pick(br#"{"content": "a\nb", "lang": "Python"}"#, &o).unwrap();
        assert_eq!(p.text, "a\nb");
        assert_eq!(p.lang.as_deref(), Some("Python"));
        let e = pick(br#"{"text": "x"}"#, &o).unwrap_err();
        assert_eq!(e.to_string(), "field `content`: missing or not a string");
        assert!(matches!(pick(b"{not json", &o), Err(RecordError::Json(_))));
    }
}
