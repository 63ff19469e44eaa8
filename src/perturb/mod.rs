//! ReCode-style perturbations, done with tree-sitter and byte-range edits, validated by
//! execution. One file per transform under `docstring/`, `name/`, `syntax/`, `format/` and
//! `extra/`; all of them are registered in [`REGISTRY`] (the one table).
//!
//! A transform looks at a [`Ctx`] (one problem in its full or partial-code form, parsed and
//! analysed) and returns a [`Plan`]: byte-range edits on the program `prompt + solution` (and on
//! the tests when a name changes). The engine applies them with `python::edit::apply_checked`,
//! re-splits prompt and completion at the (shifted) cut, and validates the result.

pub mod common;
pub mod docstring;
pub mod engine;
pub mod extra;
pub mod format;
pub mod lexicon;
pub mod name;
pub mod partial;
pub mod recipe;
pub mod rng;
pub mod syntax;

use crate::python::analysis::Analysis;
use crate::python::Edit;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use tree_sitter::Tree;

pub use engine::{generate, Generated, Options, Report, TransformReport};
pub use recipe::Recipe;
pub use rng::Rng;

/// The four ReCode categories, plus benchsmith's own additions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Docstring,
    FuncName,
    Syntax,
    Format,
    Extra,
}

impl Category {
    pub fn as_str(&self) -> &'static str {
        match self {
            Category::Docstring => "docstring",
            Category::FuncName => "func_name",
            Category::Syntax => "syntax",
            Category::Format => "format",
            Category::Extra => "extra",
        }
    }
}

/// Which prompt a transform edits: the full prompt, or ReCode's partial-code prompt
/// (signature, docstring and the first half of the body lines).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Base {
    Full,
    Partial,
}

impl Base {
    pub fn as_str(&self) -> &'static str {
        match self {
            Base::Full => "full",
            Base::Partial => "partial",
        }
    }
}

/// Numeric parameters of a transform (probabilities, counts), with the registry's defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Params(pub BTreeMap<String, f64>);

impl Params {
    pub fn get(&self, spec: &Spec, name: &str) -> f64 {
        self.0
            .get(name)
            .copied()
            .or_else(|| {
                spec.params
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| *v)
            })
            .unwrap_or(0.0)
    }
    /// The effective parameters: defaults overridden by the given values.
    pub fn effective(&self, spec: &Spec) -> BTreeMap<String, f64> {
        let mut m: BTreeMap<String, f64> = spec
            .params
            .iter()
            .map(|(n, v)| (n.to_string(), *v))
            .collect();
        for (k, v) in &self.0 {
            m.insert(k.clone(), *v);
        }
        m
    }
}

/// What a transform wants done.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Edits on `Ctx::program` (prompt + solution).
    pub edits: Vec<Edit>,
    /// Edits on the test code.
    pub test_edits: Vec<Edit>,
    /// Edits on the test setup code.
    pub setup_edits: Vec<Edit>,
    /// A new entry point name.
    pub entry_point: Option<String>,
}

impl Plan {
    pub fn edits(edits: Vec<Edit>) -> Plan {
        Plan {
            edits,
            ..Default::default()
        }
    }
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
            && self.test_edits.is_empty()
            && self.setup_edits.is_empty()
            && self.entry_point.is_none()
    }
}

/// Why a transform produced nothing or failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PerturbError {
    /// Nothing to perturb in this item (reported as `unchanged`).
    #[error("not applicable: {0}")]
    NotApplicable(String),
    /// The transform needs a model backend that benchsmith does not have yet.
    #[error(
        "{0} needs a model backend (a translation model); none is configured in benchsmith yet"
    )]
    NeedsModel(String),
    #[error("unknown transform `{0}` (see `benchsmith perturb --list`)")]
    Unknown(String),
    #[error("recipe: {0}")]
    Recipe(String),
    #[error("{0}")]
    Io(String),
}

pub type PResult = Result<Plan, PerturbError>;

pub fn na<T>(why: impl Into<String>) -> Result<T, PerturbError> {
    Err(PerturbError::NotApplicable(why.into()))
}

/// One problem prepared for transforms.
pub struct Ctx<'a> {
    pub task_id: &'a str,
    pub entry: &'a str,
    /// `prompt + solution` of the base form (full or partial).
    pub program: String,
    /// Length of the prompt inside `program`: edits must not straddle it.
    pub cut: usize,
    pub tree: Tree,
    pub analysis: Analysis,
    /// Byte range of the entry `function_definition`.
    pub entry_range: (usize, usize),
    /// Where the entry body's code starts (after the docstring statement, if any).
    pub body_code_start: usize,
    /// Every identifier spelled in the program, tests and setup, plus keywords and builtins.
    pub taken: HashSet<String>,
    /// Identifiers of the program only.
    pub idents: HashSet<String>,
    pub test_code: &'a str,
    pub setup: &'a str,
}

/// A transform.
pub trait Transform: Sync + Send {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, params: &Params, spec: &Spec) -> PResult;
}

/// Registry metadata of one transform.
pub struct Spec {
    pub id: &'static str,
    pub category: Category,
    pub base: Base,
    pub randomised: bool,
    /// What it touches.
    pub touches: &'static str,
    /// CodeFort's distinction: does the reference completion change too?
    pub context_sensitive: bool,
    pub params: &'static [(&'static str, f64)],
    pub summary: &'static str,
    pub imp: &'static dyn Transform,
}

impl Serialize for Spec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Spec", 8)?;
        st.serialize_field("id", self.id)?;
        st.serialize_field("category", &self.category)?;
        st.serialize_field("prompt", &self.base)?;
        st.serialize_field("randomised", &self.randomised)?;
        st.serialize_field("touches", self.touches)?;
        st.serialize_field("context_sensitive", &self.context_sensitive)?;
        let params: BTreeMap<&str, f64> = self.params.iter().copied().collect();
        st.serialize_field("params", &params)?;
        st.serialize_field("summary", self.summary)?;
        st.end()
    }
}

macro_rules! spec {
    ($id:literal, $cat:ident, $base:ident, $rand:literal, $ctx:literal, $touches:literal, [$(($p:literal, $v:expr)),*], $imp:expr, $summary:literal) => {
        Spec {
            id: $id,
            category: Category::$cat,
            base: Base::$base,
            randomised: $rand,
            touches: $touches,
            context_sensitive: $ctx,
            params: &[$(($p, $v)),*],
            summary: $summary,
            imp: &$imp,
        }
    };
}

/// THE table: every transform benchsmith knows.
pub static REGISTRY: &[Spec] = &[
    // --- docstring (full prompt; prose only, identifiers masked) ---
    spec!("BackTranslation", Docstring, Full, false, false, "docstring prose", [], docstring::back_translation::BackTranslation, "en->de->en paraphrase of the prose (needs a translation model backend)"),
    spec!("ButterFingers", Docstring, Full, true, false, "docstring prose letters", [("prob", 0.05)], docstring::butter_fingers::ButterFingers, "keyboard-neighbour typos on prose letters, case kept"),
    spec!("ChangeCharCase", Docstring, Full, true, false, "docstring prose letters", [("prob", 0.35)], docstring::change_char_case::ChangeCharCase, "flip the case of prose letters"),
    spec!("EnglishInflectionalVariation", Docstring, Full, true, false, "docstring prose words", [("prob", 0.5)], docstring::inflectional_variation::EnglishInflectionalVariation, "replace nouns, verbs, adjectives by another inflection of their lemma"),
    spec!("SwapCharacters", Docstring, Full, true, false, "docstring prose letters", [("prob", 0.05)], docstring::swap_characters::SwapCharacters, "swap adjacent letters inside prose words"),
    spec!("SynonymInsertion", Docstring, Full, true, false, "docstring prose words", [("prob", 0.5)], docstring::synonym_insertion::SynonymInsertion, "insert a synonym after content words"),
    spec!("SynonymSubstitution", Docstring, Full, true, false, "docstring prose words", [("prob", 0.5)], docstring::synonym_substitution::SynonymSubstitution, "replace content words by a synonym (inflected like the word)"),
    spec!("TensePast", Docstring, Full, false, false, "docstring prose verbs", [], docstring::tense_past::TensePast, "present-tense verbs to past tense"),
    spec!("TenseFuture", Docstring, Full, false, false, "docstring prose verbs", [], docstring::tense_future::TenseFuture, "present-tense verbs to future (will + infinitive)"),
    spec!("Whitespace", Docstring, Full, true, false, "docstring prose spaces", [("delete_prob", 0.1), ("insert_prob", 0.05)], docstring::whitespace::Whitespace, "delete spaces between prose words, insert spaces inside them"),
    // --- function name (full prompt; entry point and every reference, by identifier) ---
    spec!("FuncRenameCamelCase", FuncName, Full, false, true, "entry point name", [], name::camel_case::CamelCase, "snake_case <-> camelCase"),
    spec!("FuncRenameButterFinger", FuncName, Full, true, true, "entry point name", [("prob", 0.05)], name::butter_finger::ButterFinger, "keyboard typos in the name"),
    spec!("FuncRenameSwapChar", FuncName, Full, true, true, "entry point name", [("prob", 0.05)], name::swap_char::SwapChar, "swap adjacent characters of the name"),
    spec!("FuncRenameChangeChar", FuncName, Full, true, true, "entry point name", [("prob", 0.35)], name::change_char::ChangeChar, "flip the case of name characters"),
    spec!("FuncRenameInflectionalVariation", FuncName, Full, true, true, "entry point name", [], name::inflectional_variation::InflectionalVariation, "inflect each word of the name"),
    spec!("FuncRenameSynonymSub", FuncName, Full, true, true, "entry point name", [("prob", 0.5)], name::synonym_sub::SynonymSub, "replace words of the name by synonyms"),
    // --- code syntax (partial prompt) ---
    spec!("DeadCodeInserter", Syntax, Partial, true, false, "visible body", [], syntax::dead_code::DeadCodeInserter, "insert a never-executed block built from a visible statement at a random visible point"),
    spec!("DeadCodeInserterLast", Syntax, Partial, false, false, "completion point", [], syntax::dead_code_last::DeadCodeInserterLast, "insert dead code right at the completion point"),
    spec!("ForWhileTransformer", Syntax, Partial, false, true, "first visible for loop", [], syntax::for_while::ForWhileTransformer, "for loop -> equivalent while loop (continue, break and else kept correct)"),
    spec!("OperandSwap", Syntax, Partial, false, false, "first visible comparison", [], syntax::operand_swap::OperandSwap, "swap the operands of a comparison and mirror the operator"),
    spec!("VarRenamerNaive", Syntax, Partial, false, true, "most frequent local variable", [], syntax::var_renamer_naive::VarRenamerNaive, "rename the most frequent local variable to VAR_0"),
    spec!("VarRenamerRN", Syntax, Partial, true, true, "most frequent local variable", [], syntax::var_renamer_rn::VarRenamerRN, "rename the most frequent local variable to a random name of the same length"),
    spec!("VarRenamerLexicon", Syntax, Partial, false, true, "most frequent local variable", [], syntax::var_renamer_lexicon::VarRenamerLexicon, "rename the most frequent local variable to a natural name from a lexicon (replaces ReCode's model-based VarRenamerCB)"),
    // --- code format (partial prompt) ---
    spec!("tab_indent", Format, Partial, false, false, "indentation", [], format::tab_indent::TabIndent, "indentation unit <-> tab, in prompt and completion alike"),
    spec!("split_lines", Format, Partial, false, false, "longest visible line", [], format::split_lines::SplitLines, "split the longest line with a backslash continuation between two tokens"),
    spec!("doc2comments", Format, Partial, false, false, "docstring", [], format::doc2comments::Doc2Comments, "turn the docstring into # comments"),
    spec!("new_lines", Format, Partial, true, false, "visible code newlines", [("prob", 0.5)], format::new_lines::NewLines, "double newlines after the docstring"),
    spec!("new_line_aftercode", Format, Partial, false, false, "end of prompt", [], format::new_line_aftercode::NewLineAfterCode, "append a newline to the prompt"),
    spec!("new_line_afterdoc", Format, Partial, false, false, "after docstring", [], format::new_line_afterdoc::NewLineAfterDoc, "insert a newline after the docstring"),
    // --- beyond ReCode ---
    spec!("ParamRenamer", Extra, Full, true, true, "entry parameters", [], extra::param_renamer::ParamRenamer, "rename the entry point's parameters (body, solution, docstring code mentions)"),
    spec!("TypeHintRemoval", Extra, Full, false, false, "entry signature", [], extra::type_hint_removal::TypeHintRemoval, "remove the type annotations of the entry signature"),
    spec!("DocExampleReorder", Extra, Full, true, false, "docstring examples", [], extra::doc_example_reorder::DocExampleReorder, "shuffle the order of the docstring's examples"),
    spec!("TernaryToIf", Extra, Partial, false, false, "first visible conditional expression", [], extra::ternary_to_if::TernaryToIf, "`x = a if c else b` / `return a if c else b` -> if/else statement"),
    spec!("DeMorgan", Extra, Partial, false, false, "first visible boolean condition", [], extra::de_morgan::DeMorgan, "`a and b` -> `not (not a or not b)` in a condition (and dually)"),
    spec!("ImportReorder", Extra, Full, false, false, "prompt imports", [], extra::import_reorder::ImportReorder, "reverse a block of independent top-level imports"),
    spec!("RangeExplicitStart", Extra, Partial, false, false, "visible range() calls", [], extra::range_explicit_start::RangeExplicitStart, "`range(n)` -> `range(0, n)`"),
    spec!("IfElseSwap", Extra, Partial, false, false, "first visible if/else", [], extra::if_else_swap::IfElseSwap, "`if c: A else: B` -> `if not (c): B else: A`"),
];

/// Look a transform up by id (exact, then case-insensitive).
pub fn find(id: &str) -> Option<&'static Spec> {
    REGISTRY
        .iter()
        .find(|s| s.id == id)
        .or_else(|| REGISTRY.iter().find(|s| s.id.eq_ignore_ascii_case(id)))
}
