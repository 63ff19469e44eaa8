//! A fast lexer, not a parser: one pass over the bytes gives the code tokens (names, keywords,
//! numbers, strings, punctuation; comments and layout dropped) and, apart, the words of prose.
//! It is shared by every language: only the comment syntax differs ([`Comments`]).

use super::hash;

/// The comment syntax of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comments {
    /// `# ...` (Python, Ruby, Perl, R, shell).
    Hash,
    /// `// ...` and `/* ... */` (C, C++, Java, C#, JavaScript, TypeScript, Go, Rust, Kotlin...).
    Slash,
    /// Both (PHP).
    SlashAndHash,
    /// `-- ...` (Lua).
    Dash,
}

impl Comments {
    /// The comment syntax of a language id (`py`, `python`, `js`, `java`...).
    pub fn of(language: &str) -> Comments {
        match language {
            "py" | "python" | "rb" | "ruby" | "pl" | "perl" | "r" | "sh" | "bash" => Comments::Hash,
            "php" => Comments::SlashAndHash,
            "lua" => Comments::Dash,
            _ => Comments::Slash,
        }
    }
}

/// What a code token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An identifier that is not a keyword: normalised away by the identifier-normalised stream.
    Name,
    /// A keyword, literal keyword or common builtin (`datasets/leak/keywords.txt`): kept.
    Keyword,
    /// A name after `.` (attribute, method, package part): kept, since renamings of locals
    /// and functions leave them alone, and they make short programs specific (`.swapcase()`).
    Member,
    Number,
    /// A short string literal (hashed by content, so the quote style does not matter).
    Str,
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub kind: Kind,
    /// Hash of the token's text (names, keywords, numbers, punctuation) or content (strings).
    pub hash: u64,
}

/// A word of prose: lower-cased letters and digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: u32,
    pub end: u32,
    pub hash: u64,
}

const SEED_NAME: u64 = 0x6E61_6D65;
const SEED_NUM: u64 = 0x006E_756D;
const SEED_STR: u64 = 0x0073_7472;
const SEED_PUNCT: u64 = 0x7075_6E63;
const SEED_WORD: u64 = 0x776F_7264;
/// Strings longer than this (in bytes, quotes excluded), multi-line or triple-quoted ones are
/// left out of the code tokens (docstrings above all: prose has its own stream).
const LONG_STR_BYTES: usize = 40;

// Byte classes.
const SPACE: u8 = 0;
const IDENT: u8 = 1;
const DIGIT: u8 = 2;
const QUOTE: u8 = 3;
const PUNCT: u8 = 4;

static CLASS: [u8; 256] = {
    let mut t = [PUNCT; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b == b' ' || b == b'\t' || b == b'\n' || b == b'\r' || b == 0x0B || b == 0x0C {
            SPACE
        } else if b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80 {
            IDENT
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b == b'\'' || b == b'"' || b == b'`' {
            QUOTE
        } else {
            PUNCT
        };
        i += 1;
    }
    t
};

/// The lexer with its keyword table.
pub struct Lexer {
    /// Keyword hashes, direct-mapped (open addressing over [`KW_SLOTS`] slots; 0 is empty).
    keywords: Vec<u64>,
    /// The hash of every one-byte punctuation token.
    punct: [u64; 256],
}

/// The keyword table, as data.
const KEYWORDS: &str = include_str!("../../datasets/leak/keywords.txt");

impl Default for Lexer {
    fn default() -> Self {
        Self::new()
    }
}

impl Lexer {
    pub fn new() -> Lexer {
        let mut keywords = vec![0u64; KW_SLOTS];
        for w in KEYWORDS
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(str::split_whitespace)
        {
            let h = hash::bytes(SEED_NAME, w.as_bytes());
            let mut at = kw_slot(h);
            while keywords[at] != 0 && keywords[at] != h {
                at = (at + 1) % KW_SLOTS;
            }
            keywords[at] = h;
        }
        let mut punct = [0u64; 256];
        for (b, h) in punct.iter_mut().enumerate() {
            *h = hash::bytes(SEED_PUNCT, &[b as u8]);
        }
        Lexer { keywords, punct }
    }

    /// Append the code tokens of `src` to `out` (cleared first).
    pub fn code(&self, src: &[u8], comments: Comments, out: &mut Vec<Token>) {
        out.clear();
        let n = src.len();
        let mut i = 0;
        while i < n {
            let b = src[i];
            match CLASS[b as usize] {
                SPACE => {
                    i += 1;
                    // Indentation: eight spaces at a time.
                    while i + 8 <= n
                        && u64::from_le_bytes(src[i..i + 8].try_into().expect("8 bytes"))
                            == 0x2020_2020_2020_2020
                    {
                        i += 8;
                    }
                }
                IDENT => {
                    let s = i;
                    i += 1;
                    while i < n && matches!(CLASS[src[i] as usize], IDENT | DIGIT) {
                        i += 1;
                    }
                    let h = hash::bytes(SEED_NAME, &src[s..i]);
                    let after_dot = out
                        .last()
                        .is_some_and(|t| t.kind == Kind::Punct && src[t.start as usize] == b'.');
                    let kind = if self.is_keyword(h) {
                        Kind::Keyword
                    } else if after_dot {
                        Kind::Member
                    } else {
                        Kind::Name
                    };
                    out.push(tok(s, i, kind, h));
                }
                DIGIT => {
                    let s = i;
                    i += 1;
                    while i < n {
                        let c = src[i];
                        let exponent_sign =
                            (c == b'+' || c == b'-') && matches!(src[i - 1], b'e' | b'E');
                        if c.is_ascii_alphanumeric() || c == b'.' || c == b'_' || exponent_sign {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    out.push(tok(s, i, Kind::Number, hash::bytes(SEED_NUM, &src[s..i])));
                }
                QUOTE => i = string(src, i, out),
                _ => {
                    if is_comment(src, i, comments) {
                        i = skip_comment(src, i);
                    } else {
                        out.push(tok(i, i + 1, Kind::Punct, self.punct[b as usize]));
                        i += 1;
                    }
                }
            }
        }
    }
}

/// Slots of the keyword table (a power of two, several times the keyword count).
const KW_SLOTS: usize = 4096;

#[inline(always)]
fn kw_slot(h: u64) -> usize {
    (h >> (64 - KW_SLOTS.trailing_zeros())) as usize
}

impl Lexer {
    #[inline(always)]
    fn is_keyword(&self, h: u64) -> bool {
        let mut at = kw_slot(h);
        loop {
            match self.keywords[at] {
                0 => return false,
                k if k == h => return true,
                _ => at = (at + 1) % KW_SLOTS,
            }
        }
    }
}

fn tok(s: usize, e: usize, kind: Kind, hash: u64) -> Token {
    Token {
        start: s as u32,
        end: e as u32,
        kind,
        hash,
    }
}

fn is_comment(src: &[u8], i: usize, comments: Comments) -> bool {
    let b = src[i];
    let next = src.get(i + 1).copied();
    match comments {
        Comments::Hash => b == b'#',
        Comments::Slash => b == b'/' && matches!(next, Some(b'/' | b'*')),
        Comments::SlashAndHash => b == b'#' || (b == b'/' && matches!(next, Some(b'/' | b'*'))),
        Comments::Dash => b == b'-' && next == Some(b'-'),
    }
}

/// The index after the comment starting at `i`.
fn skip_comment(src: &[u8], i: usize) -> usize {
    if src[i] == b'/' && src.get(i + 1) == Some(&b'*') {
        return match find(&src[i + 2..], b"*/") {
            Some(k) => i + 2 + k + 2,
            None => src.len(),
        };
    }
    match src[i..].iter().position(|&c| c == b'\n') {
        Some(k) => i + k + 1,
        None => src.len(),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Lex the string literal starting at `i`; returns the index after it.
fn string(src: &[u8], i: usize, out: &mut Vec<Token>) -> usize {
    let q = src[i];
    let n = src.len();
    let triple = i + 2 < n && src[i + 1] == q && src[i + 2] == q;
    let (body, end) = if triple {
        let close = [q, q, q];
        match find(&src[i + 3..], &close) {
            Some(k) => (i + 3..i + 3 + k, i + 3 + k + 3),
            None => (i + 3..n, n),
        }
    } else {
        let mut j = i + 1;
        // Backticks (JavaScript templates) may span lines; other quotes end at a newline.
        while j < n && src[j] != q && (q == b'`' || src[j] != b'\n') {
            j += if src[j] == b'\\' { 2 } else { 1 };
        }
        let j = j.min(n);
        (i + 1..j, (j + 1).min(n))
    };
    let content = &src[body.clone()];
    let long = triple || content.len() > LONG_STR_BYTES || content.contains(&b'\n');
    // Long strings (docstrings above all) are left out of the code streams: prose has its own.
    if !long {
        out.push(tok(i, end, Kind::Str, hash::bytes(SEED_STR, content)));
    }
    end
}

/// Append the words of `src` (runs of letters and digits, case folded) to `out` (cleared first).
pub fn words(src: &[u8], out: &mut Vec<Word>) {
    out.clear();
    let n = src.len();
    let mut i = 0;
    while i < n {
        if !WORD[src[i] as usize] {
            i += 1;
            continue;
        }
        let s = i;
        while i < n && WORD[src[i] as usize] {
            i += 1;
        }
        out.push(Word {
            start: s as u32,
            end: i as u32,
            hash: hash::bytes_folded(SEED_WORD, &src[s..i]),
        });
    }
}

static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b >= 0x80;
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str, c: Comments) -> Vec<(String, Kind)> {
        let mut out = vec![];
        Lexer::new().code(src.as_bytes(), c, &mut out);
        out.iter()
            .map(|t| (src[t.start as usize..t.end as usize].to_string(), t.kind))
            .collect()
    }

    #[test]
    fn python_tokens_drop_comments_and_layout() {
        let t = kinds(
            "def f(x):  # note\n    return x // 2 + 1e-5\n",
            Comments::Hash,
        );
        let text: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            text,
            ["def", "f", "(", "x", ")", ":", "return", "x", "/", "/", "2", "+", "1e-5"]
        );
        assert_eq!(t[0].1, Kind::Keyword);
        assert_eq!(t[1].1, Kind::Name);
        assert_eq!(t[12].1, Kind::Number);
        let t = kinds("s.swapcase() + x.y", Comments::Hash);
        let k: Vec<Kind> = t.iter().map(|(_, k)| *k).collect();
        use Kind::*;
        assert_eq!(
            k,
            [Name, Punct, Member, Punct, Punct, Punct, Name, Punct, Member]
        );
    }

    #[test]
    fn strings_hash_by_content_and_docstrings_are_left_out() {
        let mut a = vec![];
        let mut b = vec![];
        let lx = Lexer::new();
        lx.code(b"x = 'ab'", Comments::Hash, &mut a);
        lx.code(b"x = \"ab\"", Comments::Hash, &mut b);
        assert_eq!(a[2].hash, b[2].hash);
        lx.code(
            b"\"\"\" a docstring\n spanning lines \"\"\"\nreturn",
            Comments::Hash,
            &mut a,
        );
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].kind, Kind::Keyword);
    }

    #[test]
    fn c_like_comments() {
        let t = kinds("int a = 1; // x\n/* y\n z */ return a;", Comments::Slash);
        let text: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(text, ["int", "a", "=", "1", ";", "return", "a", ";"]);
    }

    #[test]
    fn words_are_lower_cased() {
        let mut w = vec![];
        words(b"Return the SUM, of 2 lists.", &mut w);
        assert_eq!(w.len(), 6);
        let mut v = vec![];
        words(b"return the sum of 2 LISTS", &mut v);
        assert_eq!(
            w.iter().map(|x| x.hash).collect::<Vec<_>>(),
            v.iter().map(|x| x.hash).collect::<Vec<_>>()
        );
    }
}
