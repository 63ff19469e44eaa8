//! Language specs: data files under `transforms/languages/<id>.yaml`, compiled in and checked
//! at start-up. A spec says everything the translator needs about a language: how values are
//! written ([`Literals`]), how a function and its tests are laid out (templates with `{name}`
//! fields), the test harness with its strict equality, the table solution of validation
//! step (c), and the commands that check and run a program. Rust only fills the templates
//! ([`super::render`], [`super::draft`]).

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// MultiPL-E's language id (`js`).
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The language's name in HumanEval-X task ids (`CPP` in `CPP/0`).
    pub humaneval_x: String,
    pub extension: String,
    /// Line-comment prefix for the problem statement.
    pub comment: String,
    /// Written before the statement (PHP's `<?php`).
    #[serde(default)]
    pub preamble: String,
    pub stop_tokens: Vec<String>,
    /// Whole words rewritten in prose, in one pass.
    #[serde(default)]
    pub terminology: BTreeMap<String, String>,
    /// Words that cannot name a parameter (they get a `_` suffix).
    #[serde(default)]
    pub reserved: Vec<String>,
    /// Largest integer magnitude the language represents exactly (none: arbitrary precision).
    #[serde(default)]
    pub max_int: Option<u64>,
    /// How the language's own integer division, modulo and rounding behave (absent: as
    /// Python's); with `max_int`, what a faithful translation of a reference computes.
    #[serde(default)]
    pub arithmetic: Arithmetic,
    /// Values the language (or its harness) cannot tell apart: inputs that coincide under
    /// these with different recorded outputs are contradictions and left out.
    #[serde(default)]
    pub coerce: Vec<Coercion>,
    pub literals: Literals,
    /// One parameter in the signature (`{name}`, `{type}`), joined by `, `.
    #[serde(default = "plain_param")]
    pub param: String,
    /// A parameter referred to in code (`{name}`; PHP and Perl: `${name}`).
    #[serde(default = "plain_param")]
    pub param_ref: String,
    /// The names of types, for statically typed languages (absent: dynamically typed).
    #[serde(default)]
    pub types: Option<Types>,
    /// Whether parameter names must start in lower case (Ruby: capitals name constants).
    #[serde(default)]
    pub lowercase_params: bool,
    /// The function's first line(s) (`{name}`, `{params}`, `{rtype}`); the completion follows.
    /// Every template below may also use `{name}`, `{rtype}` and `{ptypes}` (the parameter
    /// types, joined by `, `).
    pub signature: String,
    /// The body of the stub program of step (b) (`{value}`: a value of the return type),
    /// closing the function.
    pub stub: String,
    /// Test harness code before the tests (`{name}`: the entry point), one `test` per case
    /// (`{i}`, `{args}`, `{want}`), and code after them (exit code 1 when any failed).
    pub harness: String,
    pub test: String,
    pub harness_end: String,
    /// The table solution's body (`{params}`: the parameter references, `{rows}`), one
    /// `table_row` (`{i}`, `{args}`, `{want}`) per case.
    pub table: String,
    pub table_row: String,
    /// One argument of a `table_row` (`{type}`, `{value}`; absent: the value as it is): Go
    /// converts each to its parameter's type, so that an untyped `nil` in the row's
    /// `[]interface{}` meets the typed nil pointer the function received.
    #[serde(default)]
    pub table_arg: Option<String>,
    /// Declarations the table solution needs before the function (C++: the equality of the
    /// harness, which the tests define after it); the table program has them after the
    /// preamble, the prompt given to models does not.
    #[serde(default)]
    pub table_prelude: String,
    /// Compiled languages: the table solution returns `{wrong}` (one wrong output) for its
    /// first case when the environment variable `BS_WRONG` is set, so that validation step (d)
    /// runs the program built for step (c) instead of building another.
    #[serde(default)]
    pub wrong_by_env: bool,
    /// A body that returns another function's result (`{name}`, `{params}`): the adapter
    /// through which a hand-written solution named differently meets our tests.
    #[serde(default)]
    pub adapter: Option<String>,
    /// How a hand-written solution (HumanEval-X) is run against our tests when its signature
    /// differs (absent: through `adapter`, or as it is when the names agree).
    #[serde(default)]
    pub cross_check: Option<CrossCheckSpec>,
    /// Syntax-check and run commands (`{file}`: the program; appended when absent; `{exe}`:
    /// the program's name without extension), and for compiled languages the build command
    /// run before `run`.
    pub check: Vec<String>,
    #[serde(default)]
    pub build: Option<Vec<String>>,
    pub run: Vec<String>,
    /// CPU seconds of one sandboxed validation job (its builds and runs), and its memory in
    /// MiB (virtual machines reserve more address space than they use).
    #[serde(default = "default_timeout")]
    pub timeout: f64,
    #[serde(default = "default_mem_mb")]
    pub mem_mb: u64,
    /// Largest file a validation job may write, MiB (a compiler's temporary files for a
    /// program with thousands of tests; absent: the sandbox's default).
    #[serde(default)]
    pub file_mb: Option<u64>,
    /// Tests per block, and the text that ends one block and opens the next (`{k}`: the new
    /// block's number): Java limits a method's code to 64 KiB and a class's constants to 65535,
    /// so thousands of tests (HumanEval+) are split into nested classes.
    #[serde(default)]
    pub tests_per_block: Option<usize>,
    #[serde(default)]
    pub test_block_break: String,
    /// The same for the table solution's rows.
    #[serde(default)]
    pub rows_per_block: Option<usize>,
    #[serde(default)]
    pub row_block_break: String,
    /// Source bytes a block of tests or rows may hold: a block also ends before the item that
    /// would pass this (a few tests with long lists fill a Java method on their own).
    #[serde(default)]
    pub block_bytes: Option<usize>,
    /// A shell command that builds the language's compile cache once per machine into
    /// `{cache}` (see [`super::cache`]); the commands above name it `{cache}` too.
    #[serde(default)]
    pub prepare: Option<String>,
    /// The prepared cache folder (set at run time; `.` when there is none).
    #[serde(skip)]
    pub cache: Option<String>,
}

fn default_timeout() -> f64 {
    20.0
}
fn default_mem_mb() -> u64 {
    crate::exec::DEFAULT_MEM_MB
}

fn plain_param() -> String {
    "{name}".into()
}

/// How values are written. Templates take `{items}` (elements joined by `separator`), `{k}`
/// and `{v}` (a dictionary entry) or `{value}`; in typed languages also `{type}` (the value's
/// type), `{t}` (its element type), `{kt}` and `{vt}` (key and value types).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Literals {
    pub none: String,
    pub bool_true: String,
    pub bool_false: String,
    /// `{value}`: the decimal digits.
    #[serde(default = "plain_value")]
    pub int: String,
    /// `{value}`: the shortest round-trip decimal, always with a `.` or an exponent.
    #[serde(default = "plain_value")]
    pub float: String,
    pub nan: String,
    pub inf: String,
    pub neg_inf: String,
    pub string: StringStyle,
    pub list: String,
    pub tuple: String,
    /// A tuple of mixed types where the language has no tuple type (see `Types::mixed_tuple`).
    #[serde(default)]
    pub mixed_tuple: Option<String>,
    /// A non-empty list or tuple of scalars of one kind (numbers, strings or booleans), when
    /// the language writes it differently (R's atomic vectors `c(...)`).
    #[serde(default)]
    pub scalar_list: Option<String>,
    /// Sets (absent: the language has no set literal, such values are left out).
    #[serde(default)]
    pub set: Option<String>,
    /// One element of a set (`{value}`; Lua writes `[x] = true`).
    #[serde(default = "plain_value")]
    pub set_item: String,
    /// Dictionaries whose keys are all strings, when the language has a special form.
    #[serde(default)]
    pub str_dict: Option<String>,
    #[serde(default)]
    pub str_entry: Option<String>,
    /// Any dictionary (absent: only string keys).
    #[serde(default)]
    pub dict: Option<String>,
    #[serde(default)]
    pub entry: Option<String>,
    #[serde(default = "comma")]
    pub separator: String,
    /// Typed languages: an optional value that is present (`{value}`, `{type}`) and absent.
    #[serde(default)]
    pub some: Option<String>,
    #[serde(default)]
    pub nothing: Option<String>,
    /// Whether a container can hold the none value (Lua's tables cannot hold nil).
    #[serde(default = "yes")]
    pub none_in_container: bool,
    /// Whether dictionary keys must be integers or strings (PHP arrays, Lua and Perl tables).
    #[serde(default)]
    pub scalar_keys: bool,
}

fn plain_value() -> String {
    "{value}".into()
}
fn comma() -> String {
    ", ".into()
}
fn yes() -> bool {
    true
}

/// The program that runs a hand-written solution against our tests through a generated
/// adapter: `program` places `{preamble}`, `{helpers}`, `{solution}` (without the lines
/// starting with one of `drop_lines`), `{prompt}` (ours, without the preamble), `{adapter}`
/// (the body of our function: `{name}` the solution's function, `{ours}` ours, `{args}` our
/// parameters each wrapped by `arg`, `{rtype}`) and `{tests}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossCheckSpec {
    /// The hand-written solution's code from its record: `{prompt}`, `{declaration}` (the
    /// signature HumanEval-X gives apart from its prompt) and `{canonical}`.
    #[serde(default = "prompt_and_canonical")]
    pub solution: String,
    /// Text replaced in the solution (Rust: its functions made public to our module).
    #[serde(default)]
    pub replace: Vec<(String, String)>,
    #[serde(default)]
    pub drop_lines: Vec<String>,
    /// Blocks from a line starting with the first string to a line that is the second (Go's
    /// `import (` ... `)`), dropped; their inner lines that `program` does not already hold
    /// are `{dropped}`.
    #[serde(default)]
    pub drop_blocks: Vec<(String, String)>,
    pub program: String,
    #[serde(default)]
    pub helpers: String,
    pub adapter: String,
    #[serde(default = "plain_name")]
    pub arg: String,
}

fn prompt_and_canonical() -> String {
    "{prompt}{canonical}".into()
}

fn plain_name() -> String {
    "{name}".into()
}

/// Type names (`{t}`: an element type; `{ts}`: a tuple's element types joined by `, `; `{k}`
/// and `{v}`: a dictionary's key and value types). What is absent cannot be declared, and a
/// problem that needs it is skipped as [`super::Reason::UntranslatableType`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Types {
    pub bool: String,
    pub int: String,
    pub float: String,
    pub str: String,
    pub list: String,
    #[serde(default)]
    pub tuple: Option<String>,
    /// Tuples whose elements share one type are written as lists.
    #[serde(default)]
    pub tuple_as_list: bool,
    /// Languages without a tuple type: the documented encoding of a tuple of mixed types, a
    /// list of values of any type (Java's `ArrayList<Object>`, Go's `[]interface{}`), written
    /// with the `mixed_tuple` literal. The harness's equality still compares each element
    /// with its type.
    #[serde(default)]
    pub mixed_tuple: Option<String>,
    pub dict: String,
    /// Dictionaries with string keys, when the language has a special form (`{v}`).
    #[serde(default)]
    pub str_dict: Option<String>,
    #[serde(default)]
    pub set: Option<String>,
    #[serde(default)]
    pub optional: Option<String>,
    /// Prefixes of type names that can hold the none value already (C#'s reference types):
    /// their optional type is the type itself.
    #[serde(default)]
    pub nullable: Vec<String>,
    /// Names used instead as type arguments (Java: `long` is `Long` inside `ArrayList<...>`).
    #[serde(default)]
    pub boxed: BTreeMap<String, String>,
}

/// How strings are quoted and escaped.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StringStyle {
    pub quote: String,
    /// Characters written as an escape (`"`, `\`, newline, `$`...).
    pub escapes: BTreeMap<char, String>,
    /// Any other control character and, with `ascii`, any non-ASCII character: `{hex}` is its
    /// code point in hex, `{hex4}` four digits (UTF-16 surrogate pairs beyond U+FFFF).
    pub code_point: String,
    #[serde(default)]
    pub ascii: bool,
    /// Around the quoted string (`{value}`), where the language's string type needs it
    /// (`std::string(...)`, `String::from(...)`).
    #[serde(default = "plain_value")]
    pub wrap: String,
    /// Longest string one literal may hold, in characters, and how longer ones are joined from
    /// literals of that size (`{parts}`, comma-separated): a Java string constant is at most
    /// 65535 bytes, and `"a" + "b"` is folded back into one constant.
    #[serde(default)]
    pub chunk: Option<usize>,
    #[serde(default)]
    pub join: String,
}

/// A pair of values a language cannot tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coercion {
    /// `1` and `1.0`.
    IntFloat,
    /// `True` and `1`.
    BoolInt,
    /// `"1"` and `1`.
    StrNumber,
    /// An empty list, tuple, set and dictionary.
    EmptyContainers,
    /// A one-element list and its element (R's vectors).
    Singleton,
    /// None and an empty container (R's `NULL`).
    NullEmpty,
}

/// Every language spec, as data files compiled into the binary.
const SPECS: &[(&str, &str)] = &[
    ("js", include_str!("../../transforms/languages/js.yaml")),
    ("rb", include_str!("../../transforms/languages/rb.yaml")),
    ("lua", include_str!("../../transforms/languages/lua.yaml")),
    ("php", include_str!("../../transforms/languages/php.yaml")),
    ("pl", include_str!("../../transforms/languages/pl.yaml")),
    ("r", include_str!("../../transforms/languages/r.yaml")),
    ("cpp", include_str!("../../transforms/languages/cpp.yaml")),
    ("java", include_str!("../../transforms/languages/java.yaml")),
    ("go", include_str!("../../transforms/languages/go.yaml")),
    ("rs", include_str!("../../transforms/languages/rs.yaml")),
    ("cs", include_str!("../../transforms/languages/cs.yaml")),
    ("ts", include_str!("../../transforms/languages/ts.yaml")),
];

/// The spec of a language id or alias (`js`, `javascript`).
pub fn find(lang: &str) -> Option<Spec> {
    let lang = lang.to_ascii_lowercase();
    all()
        .into_iter()
        .find(|s| s.id == lang || s.aliases.contains(&lang) || s.name.to_ascii_lowercase() == lang)
}

/// All specs (a spec that does not load is a bug caught by the tests).
pub fn all() -> Vec<Spec> {
    SPECS
        .iter()
        .map(|(id, text)| {
            serde_saphyr::from_str(text)
                .unwrap_or_else(|e| panic!("transforms/languages/{id}.yaml does not load: {e}"))
        })
        .collect()
}

impl Spec {
    /// A command of the spec for `file`.
    pub fn command(argv: &[String], file: &str) -> Vec<String> {
        let exe = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        let mut out: Vec<String> = argv
            .iter()
            .map(|a| a.replace("{file}", file).replace("{exe}", exe))
            .collect();
        if !argv
            .iter()
            .any(|a| a.contains("{file}") || a.contains("{exe}"))
        {
            out.push(file.to_string());
        }
        out
    }

    /// `argv` for `file`, with the cache folder filled in.
    fn command_line(&self, argv: &[String], file: &str) -> String {
        let cache = self.cache.as_deref().unwrap_or(".");
        let argv: Vec<String> = Spec::command(argv, file)
            .into_iter()
            .map(|a| a.replace("{cache}", cache))
            .collect();
        shell_line(&argv)
    }

    /// The shell command that checks `file`.
    pub fn check_line(&self, file: &str) -> String {
        self.command_line(&self.check, file)
    }

    /// The shell command that builds (compiled languages) and runs `file`.
    pub fn run_line(&self, file: &str) -> String {
        let run = self.exec_line(file);
        match &self.build {
            Some(b) => format!("{} && {run}", self.command_line(b, file)),
            None => run,
        }
    }

    /// The command line of a job that builds and runs `file`: the program replaces the shell
    /// (`exec`), so that a signal that ends it (a time limit) is seen as such.
    pub fn job_line(&self, file: &str) -> String {
        let run = self.exec_line(file);
        match &self.build {
            Some(b) => format!("{} && exec {run}", self.command_line(b, file)),
            None => format!("exec {run}"),
        }
    }

    /// The shell command that builds `file` (`true` for interpreted languages).
    pub fn build_line(&self, file: &str) -> String {
        match &self.build {
            Some(b) => self.command_line(b, file),
            None => "true".into(),
        }
    }

    /// The shell command that runs `file` (built already, for compiled languages).
    pub fn exec_line(&self, file: &str) -> String {
        self.command_line(&self.run, file)
    }

    /// A parameter name the language accepts.
    pub fn param_name(&self, name: &str) -> String {
        let mut name = name.to_string();
        if self.lowercase_params && name.starts_with(|c: char| c.is_uppercase()) {
            name = format!("p_{name}");
        }
        if self.reserved.iter().any(|r| r == &name) {
            format!("{name}_")
        } else {
            name
        }
    }
}

/// Words as one POSIX shell command line.
fn shell_line(argv: &[String]) -> String {
    argv.iter()
        .map(|s| {
            if !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@".contains(c))
            {
                s.clone()
            } else {
                format!("'{}'", s.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Rewrite whole words of `text` by the terminology table, in one pass.
pub fn reword(text: &str, terms: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |w: &mut String, out: &mut String| {
        match terms.get(w.as_str()) {
            Some(r) => out.push_str(r),
            None => out.push_str(w),
        }
        w.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_load_and_terminology_is_whole_words() {
        assert!(all().len() >= 6);
        let js = find("javascript").unwrap();
        assert_eq!(js.id, "js");
        let r = reword(
            "Return a list of happy lists or None; listing",
            &js.terminology,
        );
        assert_eq!(r, "Return a array of happy arrays or null; listing");
    }
}

/// A language's arithmetic where it may differ from Python's (see [`super::python_only`]).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(deny_unknown_fields)]
pub struct Arithmetic {
    /// Integer division (`//` in Python).
    #[serde(default)]
    pub int_div: Division,
    /// The remainder (`%`).
    #[serde(default)]
    pub modulo: Division,
    /// The usual way to round a float to an integer or to n digits (`round`).
    #[serde(default)]
    pub round: Rounding,
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Division {
    /// Rounds the quotient down; the remainder has the divisor's sign (Python, Ruby, Lua, R).
    #[default]
    Floor,
    /// Truncates the quotient; the remainder has the dividend's sign (C and its descendants).
    Trunc,
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Ties to even (Python, C#'s `Math.Round`, R, `printf`).
    #[default]
    HalfEven,
    /// Ties away from zero (C's `round`, Go, Rust, PHP, Ruby).
    HalfAway,
    /// Ties up (JavaScript's and Java's `Math.round`, `floor(x + 0.5)`).
    HalfUp,
}
