//! Helpers shared by the transforms: prose words with identifier masking, identifier renames,
//! indentation, node search.

use super::{Ctx, PerturbError};
use crate::python::parse::{self, text};
use crate::python::Edit;
use std::collections::HashSet;
use tree_sitter::{Node, Tree};

pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield", "match", "case", "type", "_",
];

pub const BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "ascii",
    "bin",
    "bool",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
    "check",
    "candidate",
    "self",
    "cls",
    "math",
    "re",
    "List",
    "Tuple",
    "Dict",
    "Optional",
    "Any",
    "Union",
    "Set",
    "Exception",
    "ValueError",
    "TypeError",
    "IndexError",
    "KeyError",
    "StopIteration",
];

/// Pure builtins: calling them has no side effect (used to allow operand swaps).
pub const PURE_CALLS: &[&str] = &[
    "len",
    "abs",
    "min",
    "max",
    "sum",
    "sorted",
    "ord",
    "chr",
    "int",
    "str",
    "float",
    "bool",
    "round",
    "set",
    "list",
    "tuple",
    "reversed",
    "range",
    "any",
    "all",
    "pow",
    "divmod",
    "isinstance",
    "type",
    "hash",
    "bin",
    "hex",
    "oct",
    "repr",
];

pub fn reserved() -> HashSet<String> {
    KEYWORDS
        .iter()
        .chain(BUILTINS)
        .map(|s| s.to_string())
        .collect()
}

/// All `identifier` texts in a tree.
pub fn identifiers(tree: &Tree, src: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    walk(tree.root_node(), &mut |n| {
        if n.kind() == "identifier" {
            out.insert(text(n, src).to_string());
        }
    });
    out
}

/// Pre-order walk over all nodes.
pub fn walk<'t>(node: Node<'t>, f: &mut dyn FnMut(Node<'t>)) {
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        f(n);
        let kids: Vec<Node<'t>> = n.children(&mut cursor).collect();
        stack.extend(kids.into_iter().rev());
    }
}

/// Nodes of `kind` under `node` in document order.
pub fn nodes_of<'t>(node: Node<'t>, kinds: &[&str]) -> Vec<Node<'t>> {
    let mut out = vec![];
    walk(node, &mut |n| {
        if kinds.contains(&n.kind()) {
            out.push(n)
        }
    });
    out
}

/// Is this identifier a use of a variable/function name (not an attribute, keyword-argument
/// name or import path)?
pub fn is_name_use(n: Node<'_>) -> bool {
    let Some(p) = n.parent() else { return true };
    match p.kind() {
        "attribute" => p.child_by_field_name("attribute").map(|a| a.id()) != Some(n.id()),
        "keyword_argument" => p.child_by_field_name("name").map(|a| a.id()) != Some(n.id()),
        "dotted_name" | "aliased_import" | "import_from_statement" | "import_statement" => false,
        _ => true,
    }
}

/// Edits renaming identifier uses spelled `old` to `new` within `range` of `src`.
pub fn rename_in(tree: &Tree, src: &str, old: &str, new: &str, range: (usize, usize)) -> Vec<Edit> {
    let mut out = vec![];
    walk(tree.root_node(), &mut |n| {
        if n.kind() == "identifier"
            && n.start_byte() >= range.0
            && n.end_byte() <= range.1
            && text(n, src) == old
            && is_name_use(n)
        {
            out.push(Edit::replace(n.start_byte(), n.end_byte(), new));
        }
    });
    out
}

/// Word-bounded occurrences of `word` in `src[range]` (boundary: not an identifier char).
pub fn word_occurrences(src: &str, word: &str, range: (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let hay = &src[range.0..range.1];
    let b = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
    let mut from = 0;
    while let Some(i) = hay[from..].find(word) {
        let s = from + i;
        let e = s + word.len();
        if b(hay[..s].chars().next_back()) && b(hay[e..].chars().next()) {
            out.push((range.0 + s, range.0 + e));
        }
        from = e;
    }
    out
}

pub fn is_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Can `new` replace a name? A fresh, valid, non-reserved identifier.
pub fn fresh_name(cx: &Ctx<'_>, new: &str) -> bool {
    is_identifier(new) && !cx.taken.contains(new)
}

pub fn line_start(src: &str, pos: usize) -> usize {
    src[..pos].rfind('\n').map_or(0, |i| i + 1)
}

pub fn line_end(src: &str, pos: usize) -> usize {
    src[pos..].find('\n').map_or(src.len(), |i| pos + i)
}

/// The leading whitespace of the line containing `pos`.
pub fn indent_of(src: &str, pos: usize) -> &str {
    let s = line_start(src, pos);
    let line = &src[s..line_end(src, s)];
    &line[..line.len() - line.trim_start().len()]
}

/// One more indentation level after `ind`.
pub fn deeper(ind: &str) -> String {
    if ind.ends_with('\t') {
        format!("{ind}\t")
    } else {
        format!("{ind}    ")
    }
}

/// The entry `function_definition` node.
pub fn entry_node<'t>(cx: &'t Ctx<'_>) -> Option<Node<'t>> {
    cx.tree
        .root_node()
        .descendant_for_byte_range(cx.entry_range.0, cx.entry_range.1)
        .and_then(|mut n| loop {
            if n.kind() == "function_definition" && n.start_byte() == cx.entry_range.0 {
                return Some(n);
            }
            n = n.parent()?;
        })
}

/// Is the node in the visible part of the entry body (after the docstring, before the cut)?
pub fn visible(cx: &Ctx<'_>, n: Node<'_>) -> bool {
    n.start_byte() >= cx.body_code_start && n.end_byte() <= cx.cut
}

/// A word of docstring prose eligible for perturbation: `start..end` is its alphabetic core.
#[derive(Debug, Clone)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The whitespace-delimited token around it.
    pub token: (usize, usize),
}

/// Eligible prose words of the entry docstring: alphabetic cores of whitespace-delimited tokens
/// that carry no code (no `_`, digits, brackets, quotes, operators) and are not identifiers of
/// the program. Examples, quotes and indentation are never touched (they are outside prose spans).
pub fn prose_words(cx: &Ctx<'_>) -> Vec<Word> {
    let Some(doc) = &cx.analysis.docstring else {
        return vec![];
    };
    let src = &cx.program;
    let mut out = vec![];
    for span in &doc.prose_spans {
        let s = &src[span.start..span.end];
        let mut i = 0;
        for tok in s.split(|c: char| c.is_whitespace()) {
            let ts = span.start + i;
            i += tok.len() + 1;
            if tok.is_empty() {
                continue;
            }
            if tok
                .chars()
                .any(|c| c.is_ascii_digit() || "_()[]{}=<>+*/\\`'\"#%|&^~@$".contains(c))
            {
                continue;
            }
            let core_start = tok.find(|c: char| c.is_alphabetic());
            let core_end = tok.rfind(|c: char| c.is_alphabetic());
            let (Some(a), Some(b)) = (core_start, core_end) else {
                continue;
            };
            let b = b + tok[b..].chars().next().map_or(1, |c| c.len_utf8());
            let core = &tok[a..b];
            if !core.chars().all(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            // `a.b` inside a word, or trailing `:`/`.` are fine; inner dots mean code.
            if tok[a..b].contains('.') {
                continue;
            }
            if cx.idents.contains(core)
                || cx.idents.contains(&core.to_ascii_lowercase())
                || core == cx.entry
            {
                continue;
            }
            out.push(Word {
                start: ts + a,
                end: ts + b,
                text: core.to_string(),
                token: (ts, ts + tok.len()),
            });
        }
    }
    out
}

/// Give `new` the capitalisation pattern of `orig` (all caps, capitalised, or as is).
pub fn match_case(orig: &str, new: &str) -> String {
    if orig.len() > 1 && orig.chars().all(|c| c.is_ascii_uppercase()) {
        return new.to_ascii_uppercase();
    }
    if orig.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
        let mut cs = new.chars();
        return match cs.next() {
            Some(f) => f.to_uppercase().chain(cs).collect(),
            None => String::new(),
        };
    }
    new.to_string()
}

/// Rename the entry point (or another global function) everywhere it is referenced by
/// identifier: program, docstring example calls and `name(` mentions, tests, setup.
pub fn rename_function(cx: &Ctx<'_>, new: &str) -> Result<super::Plan, PerturbError> {
    let old = cx.entry;
    if new == old {
        return super::na("the new name equals the old one");
    }
    if !fresh_name(cx, new) {
        return super::na(format!("`{new}` is not a fresh identifier"));
    }
    let src = &cx.program;
    let mut edits = rename_in(&cx.tree, src, old, new, (0, src.len()));
    // Mentions inside strings/comments of the program: example calls and `name(`.
    let mut in_strings = vec![];
    walk(cx.tree.root_node(), &mut |n| {
        if matches!(n.kind(), "string" | "comment") {
            in_strings.push((n.start_byte(), n.end_byte()));
        }
    });
    for r in in_strings {
        for (s, e) in word_occurrences(src, old, r) {
            let after = src[e..].trim_start_matches(' ');
            let line = &src[line_start(src, s)..s];
            if after.starts_with('(')
                || line.trim_start().starts_with(">>>")
                || line.trim_start().starts_with("...")
            {
                edits.push(Edit::replace(s, e, new));
            }
        }
    }
    let tt = parse::parse(cx.test_code);
    let test_edits = rename_in(&tt, cx.test_code, old, new, (0, cx.test_code.len()));
    let st = parse::parse(cx.setup);
    let setup_edits = rename_in(&st, cx.setup, old, new, (0, cx.setup.len()));
    Ok(super::Plan {
        edits,
        test_edits,
        setup_edits,
        entry_point: Some(new.to_string()),
    })
}

/// Split a function name into lowercase words (snake_case and camelCase), and say whether it
/// was camelCase.
pub fn name_words(name: &str) -> (Vec<String>, bool) {
    let camel = !name.contains('_')
        && name.chars().any(|c| c.is_ascii_uppercase())
        && name.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    let mut words = vec![];
    for part in name.split('_') {
        let mut cur = String::new();
        for c in part.chars() {
            if c.is_ascii_uppercase() && !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            cur.push(c.to_ascii_lowercase());
        }
        words.push(cur);
    }
    (words, camel)
}

/// Join words back in the original style (leading/trailing/double underscores are kept as
/// empty words).
pub fn join_words(words: &[String], camel: bool) -> String {
    if camel {
        let mut s = String::new();
        for (i, w) in words.iter().enumerate() {
            if i == 0 {
                s.push_str(w);
            } else {
                s.push_str(&match_case("X", w));
            }
        }
        s
    } else {
        words.join("_")
    }
}

/// The local variables of the entry function: parameters and names bound in its body, with
/// their number of uses, in order of first appearance. Globals, builtins and names bound by
/// `global`/`nonlocal`/imports are excluded.
pub fn local_variables(cx: &Ctx<'_>) -> Vec<(String, usize)> {
    let Some(f) = entry_node(cx) else {
        return vec![];
    };
    let src = &cx.program;
    let mut bound: Vec<String> = cx
        .analysis
        .signature
        .params
        .iter()
        .map(|p| p.name.clone())
        .collect();
    let mut excluded: HashSet<String> = reserved();
    // Module-level names (functions, classes, imports, assignments) are globals.
    for n in crate::python::parse::named_children(cx.tree.root_node()) {
        if n.id() == f.id() {
            continue;
        }
        walk(n, &mut |m| {
            if m.kind() == "identifier" {
                excluded.insert(text(m, src).to_string());
            }
        });
    }
    excluded.insert(cx.entry.to_string());
    walk(f, &mut |n| match n.kind() {
        "global_statement"
        | "nonlocal_statement"
        | "import_statement"
        | "import_from_statement" => walk(n, &mut |m| {
            if m.kind() == "identifier" {
                excluded.insert(text(m, src).to_string());
            }
        }),
        "function_definition" | "class_definition" if n.id() != f.id() => {
            if let Some(nm) = n.child_by_field_name("name") {
                excluded.insert(text(nm, src).to_string());
            }
        }
        "assignment"
        | "augmented_assignment"
        | "for_statement"
        | "for_in_clause"
        | "named_expression"
        | "as_pattern" => {
            let target = n
                .child_by_field_name("left")
                .or_else(|| n.child_by_field_name("name"))
                .or_else(|| n.child_by_field_name("alias"));
            if let Some(t) = target {
                walk(t, &mut |m| {
                    if m.kind() == "identifier"
                        && is_name_use(m)
                        && m.parent()
                            .is_none_or(|p| p.kind() != "attribute" && p.kind() != "subscript")
                    {
                        let s = text(m, src).to_string();
                        if !bound.contains(&s) {
                            bound.push(s);
                        }
                    }
                });
            }
        }
        _ => {}
    });
    // Parameters passed by keyword in the tests must keep their names.
    let tt = parse::parse(cx.test_code);
    walk(tt.root_node(), &mut |n| {
        if n.kind() == "keyword_argument" {
            if let Some(nm) = n.child_by_field_name("name") {
                excluded.insert(text(nm, cx.test_code).to_string());
            }
        }
    });
    let mut out = vec![];
    for b in bound {
        if excluded.contains(&b) {
            continue;
        }
        let uses = rename_in(&cx.tree, src, &b, "", (f.start_byte(), f.end_byte())).len();
        out.push((b, uses));
    }
    out
}

/// Pick the variable to rename: the most frequent local with a use in the visible region
/// (ties: first bound).
pub fn rename_target(cx: &Ctx<'_>) -> Option<String> {
    let f = entry_node(cx)?;
    let mut best: Option<(String, usize)> = None;
    for (name, uses) in local_variables(cx) {
        let visible_use = !rename_in(
            &cx.tree,
            &cx.program,
            &name,
            "",
            (f.start_byte(), cx.cut.min(f.end_byte())),
        )
        .is_empty();
        if !visible_use {
            continue;
        }
        if best.as_ref().is_none_or(|(_, u)| uses > *u) {
            best = Some((name, uses));
        }
    }
    best.map(|(n, _)| n)
}

/// Rename a local variable of the entry function everywhere inside the function.
pub fn rename_local(cx: &Ctx<'_>, old: &str, new: &str) -> Result<super::Plan, PerturbError> {
    if !fresh_name(cx, new) {
        return super::na(format!("`{new}` is not fresh"));
    }
    let f =
        entry_node(cx).ok_or_else(|| PerturbError::NotApplicable("no entry function".into()))?;
    let edits = rename_in(
        &cx.tree,
        &cx.program,
        old,
        new,
        (f.start_byte(), f.end_byte()),
    );
    if edits.is_empty() {
        return super::na("no uses");
    }
    Ok(super::Plan::edits(edits))
}

/// A fresh name `{stem}{k}` (k = 0, 1, ...).
pub fn fresh_indexed(cx: &Ctx<'_>, stem: &str) -> String {
    (0..)
        .map(|k| format!("{stem}{k}"))
        .find(|n| !cx.taken.contains(n))
        .expect("some index is free")
}

/// Statements of the entry body (recursively into blocks) that lie fully in the visible
/// region, in document order.
pub fn visible_statements<'t>(cx: &'t Ctx<'_>) -> Vec<Node<'t>> {
    let Some(f) = entry_node(cx) else {
        return vec![];
    };
    let Some(body) = f.child_by_field_name("body") else {
        return vec![];
    };
    let mut out = vec![];
    walk(body, &mut |n| {
        if (n.kind().ends_with("statement") && n.kind() != "expression_statement"
            || n.kind() == "expression_statement")
            && visible(cx, n)
            && n.parent().is_some_and(|p| p.kind() == "block")
        {
            out.push(n);
        }
    });
    out
}
