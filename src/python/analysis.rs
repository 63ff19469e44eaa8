//! Analysis of a benchmark program (`prompt + solution`): imports, helpers, the entry
//! point's signature and docstring, and the logical lines of its body.

use super::docstring::{docstring, Docstring};
use super::parse::{self, named_children, queries, query_matches, text};
use super::signature::{signature, Signature, Span};
use serde::Serialize;
use tree_sitter::Node;

/// Which part of the program a piece of code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    Prompt,
    Solution,
}

/// One import statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Import {
    pub text: String,
    pub span: Span,
    pub location: Location,
    /// Module-level (as opposed to inside a function or block).
    pub top_level: bool,
    /// `from X import ...`: X (relative dots kept).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// Names bound by the statement (`*` for a wildcard import).
    pub names: Vec<String>,
}

/// Function or class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HelperKind {
    Function,
    Class,
}

/// A function or class other than the entry point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Helper {
    pub name: String,
    pub kind: HelperKind,
    pub location: Location,
    pub span: Span,
    /// Defined inside the entry point's body (otherwise top-level).
    pub nested: bool,
}

/// A logical line of the entry body: a simple statement, or the header of a compound one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BodyLine {
    pub span: Span,
    /// Block depth, 0 for the entry body's own statements.
    pub depth: usize,
}

/// Everything benchsmith knows statically about a problem's program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub entry_point: String,
    pub entry_found: bool,
    /// `0..prompt.len()` of the analysed program.
    pub prompt_span: Span,
    /// `prompt.len()..program.len()`.
    pub solution_span: Span,
    pub imports: Vec<Import>,
    pub helpers: Vec<Helper>,
    pub signature: Signature,
    pub docstring: Option<Docstring>,
    /// Logical lines of the entry body that lie in the solution (docstring excluded).
    pub body_lines: Vec<BodyLine>,
}

/// Why a program could not be analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalysisError {
    #[error("syntax error at line {line}, column {column}: {snippet}")]
    Syntax {
        line: usize,
        column: usize,
        snippet: String,
    },
    #[error("entry point `{entry_point}` is not defined")]
    EntryNotFound { entry_point: String },
}

/// Analyse `prompt + solution`, the program defining `entry_point`.
pub fn analyse(prompt: &str, solution: &str, entry_point: &str) -> Result<Analysis, AnalysisError> {
    let mut program = String::with_capacity(prompt.len() + solution.len());
    program.push_str(prompt);
    program.push_str(solution);
    let src = program.as_str();
    let tree = parse::parse(src);
    if let Some((line, column, snippet)) = parse::first_error(&tree, src) {
        return Err(AnalysisError::Syntax {
            line,
            column,
            snippet,
        });
    }
    let root = tree.root_node();
    let plen = prompt.len();
    let not_found = || AnalysisError::EntryNotFound {
        entry_point: entry_point.to_string(),
    };

    let (entry, mut helpers) = top_level_definitions(root, src, entry_point, plen);
    let entry = entry
        .or_else(|| find_function(root, src, entry_point))
        .ok_or_else(not_found)?;
    helpers.retain(|h| !(h.span.start <= entry.start_byte() && entry.end_byte() <= h.span.end));
    let sig = signature(entry, src).ok_or_else(not_found)?;
    helpers.extend(nested_helpers(entry, src, plen));

    let imports = query_matches(&queries().imports, root, src)
        .into_iter()
        .filter_map(|m| m.first().map(|(_, n)| *n))
        .map(|n| import(n, src, location(n, plen)))
        .collect();

    let (doc_node, proper) = docstring_node(entry, src);
    let doc = doc_node
        .and_then(|d| docstring(d, src, entry_point))
        .map(|d| Docstring { proper, ..d });

    let mut body_lines = Vec::new();
    if let Some(body) = entry.child_by_field_name("body") {
        let skip = doc_node.and_then(|d| d.parent()).map(|p| p.id());
        collect_lines(body, src, 0, skip, plen, &mut body_lines);
    }

    Ok(Analysis {
        entry_point: entry_point.to_string(),
        entry_found: true,
        prompt_span: Span {
            start: 0,
            end: plen,
        },
        solution_span: Span {
            start: plen,
            end: src.len(),
        },
        imports,
        helpers,
        signature: sig,
        docstring: doc,
        body_lines,
    })
}

/// Which part of the program node `n` starts in, the prompt being its first `plen` bytes.
fn location(n: Node<'_>, plen: usize) -> Location {
    if n.start_byte() < plen {
        Location::Prompt
    } else {
        Location::Solution
    }
}

/// The top-level definitions: the entry point (the first function named `entry_point`,
/// unwrapped from its decorators) and every other function or class as a helper.
fn top_level_definitions<'t>(
    root: Node<'t>,
    src: &str,
    entry_point: &str,
    plen: usize,
) -> (Option<Node<'t>>, Vec<Helper>) {
    let mut entry: Option<Node<'t>> = None;
    let mut helpers = Vec::new();
    for m in query_matches(&queries().functions, root, src) {
        let get = |name: &str| m.iter().find(|(n, _)| *n == name).map(|(_, node)| *node);
        let (kind, name, def) =
            if let (Some(n), Some(d)) = (get("function.name"), get("function.def")) {
                (HelperKind::Function, n, d)
            } else if let (Some(n), Some(d)) = (get("class.name"), get("class.def")) {
                (HelperKind::Class, n, d)
            } else {
                continue;
            };
        let name = text(name, src);
        if kind == HelperKind::Function && name == entry_point && entry.is_none() {
            entry = Some(if def.kind() == "decorated_definition" {
                def.child_by_field_name("definition").unwrap_or(def)
            } else {
                def
            });
            continue;
        }
        helpers.push(Helper {
            name: name.to_string(),
            kind,
            location: location(def, plen),
            span: Span::of(def),
            nested: false,
        });
    }
    (entry, helpers)
}

/// The functions and classes defined anywhere inside the entry point's body, in source order.
fn nested_helpers(entry: Node<'_>, src: &str, plen: usize) -> Vec<Helper> {
    let mut helpers = Vec::new();
    let Some(body) = entry.child_by_field_name("body") else {
        return helpers;
    };
    let mut stack = named_children(body);
    stack.reverse();
    while let Some(n) = stack.pop() {
        let kind = match n.kind() {
            "function_definition" => Some(HelperKind::Function),
            "class_definition" => Some(HelperKind::Class),
            _ => None,
        };
        if let (Some(kind), Some(name)) = (kind, n.child_by_field_name("name")) {
            helpers.push(Helper {
                name: text(name, src).to_string(),
                kind,
                location: location(n, plen),
                span: Span::of(n),
                nested: true,
            });
        }
        let mut kids = named_children(n);
        kids.reverse();
        stack.extend(kids);
    }
    helpers
}

/// The string node documenting the entry point, and whether it is a proper docstring (the
/// first statement of the body) rather than a description string after leading imports.
fn docstring_node<'t>(entry: Node<'t>, src: &str) -> (Option<Node<'t>>, bool) {
    for m in query_matches(&queries().docstring, entry, src) {
        let f = m.iter().find(|(n, _)| *n == "function").map(|(_, n)| *n);
        if f.is_some_and(|f| f.id() == entry.id()) {
            let doc = m.iter().find(|(n, _)| *n == "docstring").map(|(_, n)| *n);
            if doc.is_some() {
                return (doc, true);
            }
            break;
        }
    }
    // A description string after leading imports still documents the prompt.
    let doc = entry.child_by_field_name("body").and_then(|body| {
        named_children(body)
            .into_iter()
            .find(|s| !matches!(s.kind(), "import_statement" | "import_from_statement"))
            .filter(|s| s.kind() == "expression_statement")
            .and_then(|s| match named_children(s).as_slice() {
                [d] if d.kind() == "string" => Some(*d),
                _ => None,
            })
    });
    (doc, false)
}

/// Analyse a prompt alone (a signature and docstring without a body): the prompt is
/// completed with an indented `pass` when it does not parse by itself. `body_lines` is empty.
pub fn analyse_prompt(prompt: &str, entry_point: &str) -> Result<Analysis, AnalysisError> {
    let first = match analyse(prompt, "", entry_point) {
        Ok(mut a) => {
            a.body_lines.clear();
            return Ok(a);
        }
        Err(e) => e,
    };
    let indent = def_indent(prompt, entry_point).unwrap_or_default();
    let nl = if prompt.ends_with('\n') || prompt.is_empty() {
        ""
    } else {
        "\n"
    };
    for body_indent in [
        format!("{indent}    "),
        format!("{indent}\t"),
        format!("{indent}  "),
    ] {
        let suffix = format!("{nl}{body_indent}pass\n");
        if let Ok(mut a) = analyse(prompt, &suffix, entry_point) {
            a.body_lines.clear();
            return Ok(a);
        }
    }
    Err(first)
}

/// The indentation of the line defining `entry_point`.
fn def_indent(prompt: &str, entry_point: &str) -> Option<String> {
    prompt.lines().rev().find_map(|l| {
        let t = l.trim_start();
        let rest = t.strip_prefix("async ").map(str::trim_start).unwrap_or(t);
        let rest = rest.strip_prefix("def ")?.trim_start();
        let after = rest.strip_prefix(entry_point)?;
        after
            .trim_start()
            .starts_with('(')
            .then(|| l[..l.len() - t.len()].to_string())
    })
}

fn find_function<'t>(root: Node<'t>, src: &str, name: &str) -> Option<Node<'t>> {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.kind() == "function_definition"
            && n.child_by_field_name("name")
                .is_some_and(|id| text(id, src) == name)
        {
            return Some(n);
        }
        let mut kids = named_children(n);
        kids.reverse();
        stack.extend(kids);
    }
    None
}

fn import(n: Node<'_>, src: &str, location: Location) -> Import {
    let top_level = n.parent().is_some_and(|p| p.kind() == "module");
    let mut names = Vec::new();
    let mut module = None;
    let is_from = n.kind() == "import_from_statement";
    if is_from {
        module = n
            .child_by_field_name("module_name")
            .map(|m| text(m, src).to_string());
    }
    if n.kind() == "future_import_statement" {
        module = Some("__future__".to_string());
    }
    let module_id = n.child_by_field_name("module_name").map(|m| m.id());
    for c in named_children(n) {
        if Some(c.id()) == module_id {
            continue;
        }
        match c.kind() {
            "aliased_import" => {
                if let Some(a) = c.child_by_field_name("alias") {
                    names.push(text(a, src).to_string());
                }
            }
            "dotted_name" => {
                let t = text(c, src);
                // `import a.b` binds `a`; `from m import a` binds `a`.
                names.push(if is_from {
                    t.to_string()
                } else {
                    t.split('.').next().unwrap_or(t).trim().to_string()
                });
            }
            "wildcard_import" => names.push("*".to_string()),
            _ => {}
        }
    }
    Import {
        text: text(n, src).to_string(),
        span: Span::of(n),
        location,
        top_level,
        module,
        names,
    }
}

fn is_clause(kind: &str) -> bool {
    kind.ends_with("_clause")
}

fn collect_lines(
    block: Node<'_>,
    src: &str,
    depth: usize,
    skip: Option<usize>,
    min_start: usize,
    out: &mut Vec<BodyLine>,
) {
    for stmt in named_children(block) {
        if Some(stmt.id()) == skip {
            continue;
        }
        statement_lines(stmt, src, depth, min_start, out);
    }
}

fn statement_lines(
    stmt: Node<'_>,
    src: &str,
    depth: usize,
    min_start: usize,
    out: &mut Vec<BodyLine>,
) {
    if depth > 100 {
        return;
    }
    let kids = named_children(stmt);
    let first_sub = kids
        .iter()
        .find(|c| c.kind() == "block" || is_clause(c.kind()));
    let push = |out: &mut Vec<BodyLine>, start: usize, end: usize| {
        if start < min_start {
            return;
        }
        let t = src.get(start..end).unwrap_or("").trim_end();
        if !t.is_empty() {
            out.push(BodyLine {
                span: Span {
                    start,
                    end: start + t.len(),
                },
                depth,
            });
        }
    };
    match first_sub {
        None => push(out, stmt.start_byte(), stmt.end_byte()),
        Some(sub) => {
            push(out, stmt.start_byte(), sub.start_byte());
            for c in kids.iter().filter(|c| c.start_byte() >= sub.start_byte()) {
                if c.kind() == "block" {
                    collect_lines(*c, src, depth + 1, None, min_start, out);
                } else if is_clause(c.kind()) {
                    statement_lines(*c, src, depth, min_start, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROMPT: &str = "import math\nfrom typing import List as L, Dict\n\n\ndef helper(x):\n    return x\n\n\ndef f(xs: L[int], k=2) -> int:\n    \"\"\"Sum.\n    >>> f([1], 1)\n    1\n    \"\"\"\n";
    const SOLUTION: &str = "    def inner(y):\n        return y\n    if k:\n        return sum(xs)\n    else:\n        return 0\n";

    #[test]
    fn analyses_program() {
        let a = analyse(PROMPT, SOLUTION, "f").unwrap();
        assert_eq!(a.imports.len(), 2);
        assert_eq!(a.imports[1].names, vec!["L", "Dict"]);
        assert_eq!(a.helpers.len(), 2);
        assert_eq!(a.helpers[0].name, "helper");
        assert_eq!(a.helpers[0].location, Location::Prompt);
        assert!(a.helpers[1].nested);
        assert_eq!(a.signature.params.len(), 2);
        let doc = a.docstring.as_ref().unwrap();
        assert_eq!(doc.examples.len(), 1);
        let program = format!("{PROMPT}{SOLUTION}");
        let lines: Vec<_> = a
            .body_lines
            .iter()
            .map(|l| (l.span.text(&program), l.depth))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("def inner(y):", 0),
                ("return y", 1),
                ("if k:", 0),
                ("return sum(xs)", 1),
                ("else:", 0),
                ("return 0", 1)
            ]
        );
    }

    #[test]
    fn prompt_alone_and_errors() {
        let a = analyse_prompt(PROMPT, "f").unwrap();
        assert!(a.body_lines.is_empty());
        assert_eq!(a.docstring.unwrap().examples.len(), 1);
        assert!(matches!(
            analyse(PROMPT, SOLUTION, "g"),
            Err(AnalysisError::EntryNotFound { .. })
        ));
        assert!(matches!(
            analyse("def f(:\n", "", "f"),
            Err(AnalysisError::Syntax { line: 1, .. })
        ));
        let a = analyse_prompt("def f(x):\n", "f").unwrap();
        assert!(a.docstring.is_none());
    }
}
