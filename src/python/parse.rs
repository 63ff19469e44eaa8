//! Parsing Python with tree-sitter: a per-thread parser, error location, node text helpers
//! and the compiled queries of `grammars/python/*.scm`.

use std::cell::RefCell;
use std::sync::OnceLock;
use tree_sitter::{Language, Node, Parser, Query, QueryCursor, StreamingIterator, Tree};

/// The tree-sitter Python language.
pub fn language() -> Language {
    tree_sitter_python::LANGUAGE.into()
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    // The grammar's ABI (15) is within what tree-sitter 0.27 loads; failing here is a build
    // configuration bug, not an input problem.
    parser
        .set_language(&language())
        .expect("tree-sitter-python ABI is supported by tree-sitter");
    parser
}

/// Parse Python source. tree-sitter always produces a tree; syntax errors show up as
/// `ERROR`/`MISSING` nodes (see [`has_error`]).
pub fn parse(src: &str) -> Tree {
    PARSER.with(|p| {
        let mut parser = p.borrow_mut();
        match parser.parse(src, None) {
            Some(tree) => tree,
            None => {
                // Only possible after a cancelled/timed-out parse; start over with a fresh parser.
                *parser = new_parser();
                parser
                    .parse(src, None)
                    .expect("a fresh parser with a language always parses")
            }
        }
    })
}

/// Does the tree contain an `ERROR` or `MISSING` node anywhere?
pub fn has_error(tree: &Tree) -> bool {
    tree.root_node().has_error()
}

/// The first (in document order) `ERROR` or `MISSING` node, if any.
pub fn first_error_node(tree: &Tree) -> Option<Node<'_>> {
    let mut node = tree.root_node();
    if !node.has_error() {
        return None;
    }
    'descend: loop {
        if node.is_error() || node.is_missing() {
            return Some(node);
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.is_error() || child.is_missing() || child.has_error() {
                node = child;
                continue 'descend;
            }
        }
        // has_error() was true but no child carries it: report the node itself.
        return Some(node);
    }
}

/// Location of the first syntax error: 1-based line, 1-based (byte) column and the text of
/// the offending line (trimmed, at most 80 characters).
pub fn first_error(tree: &Tree, src: &str) -> Option<(usize, usize, String)> {
    let node = first_error_node(tree)?;
    let pos = node.start_position();
    Some((
        pos.row + 1,
        pos.column + 1,
        line_snippet(src, node.start_byte()),
    ))
}

/// The trimmed text of the line containing `byte` (at most 80 characters).
pub fn line_snippet(src: &str, byte: usize) -> String {
    let byte = floor_char_boundary(src, byte.min(src.len()));
    let start = src[..byte].rfind('\n').map_or(0, |i| i + 1);
    let end = src[byte..].find('\n').map_or(src.len(), |i| byte + i);
    src[start..end].trim().chars().take(80).collect()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The source text of a node ("" if its range is not valid UTF-8 boundaries of `src`).
pub fn text<'a>(node: Node<'_>, src: &'a str) -> &'a str {
    src.get(node.byte_range()).unwrap_or("")
}

/// The 1-based line of a node's start.
pub fn line_of(node: Node<'_>) -> usize {
    node.start_position().row + 1
}

/// Named children of a node, without comments.
pub fn named_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// All children (named and anonymous) of a node, without comments.
pub fn children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// Strip redundant parentheses: `((x))` -> `x`.
pub fn unparenthesize(mut node: Node<'_>) -> Node<'_> {
    while node.kind() == "parenthesized_expression" {
        match named_children(node).as_slice() {
            [inner] => node = *inner,
            _ => break,
        }
    }
    node
}

/// The compiled queries of `grammars/python/`.
pub struct Queries {
    /// `functions.scm`: top-level function/class definitions.
    pub functions: Query,
    /// `imports.scm`: import statements.
    pub imports: Query,
    /// `docstring.scm`: function docstrings.
    pub docstring: Query,
    /// `asserts.scm`: assert statements.
    pub asserts: Query,
}

/// The queries, compiled once per process.
pub fn queries() -> &'static Queries {
    static Q: OnceLock<Queries> = OnceLock::new();
    Q.get_or_init(|| {
        let lang = language();
        let q = |name: &str, src: &str| {
            Query::new(&lang, src).unwrap_or_else(|e| panic!("grammars/python/{name}: {e}"))
        };
        Queries {
            functions: q(
                "functions.scm",
                include_str!("../../grammars/python/functions.scm"),
            ),
            imports: q(
                "imports.scm",
                include_str!("../../grammars/python/imports.scm"),
            ),
            docstring: q(
                "docstring.scm",
                include_str!("../../grammars/python/docstring.scm"),
            ),
            asserts: q(
                "asserts.scm",
                include_str!("../../grammars/python/asserts.scm"),
            ),
        }
    })
}

/// Run `query` under `node` and collect, per match, the `(capture name, node)` pairs.
pub fn query_matches<'q, 't>(
    query: &'q Query,
    node: Node<'t>,
    src: &str,
) -> Vec<Vec<(&'q str, Node<'t>)>> {
    let names = query.capture_names();
    let mut cursor = QueryCursor::new();
    let mut out = Vec::new();
    let mut it = cursor.matches(query, node, src.as_bytes());
    while let Some(m) = it.next() {
        let caps = m
            .captures()
            .iter()
            .map(|c| (names.get(c.index as usize).copied().unwrap_or(""), c.node))
            .collect();
        out.push(caps);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_errors() {
        let t = parse("def f(x):\n    return x\n");
        assert!(!has_error(&t));
        let src = "def f(x):\n    return (x\n";
        let t = parse(src);
        assert!(has_error(&t));
        let (line, _col, _snip) = first_error(&t, src).unwrap();
        assert!(line >= 1);
    }

    #[test]
    fn queries_compile() {
        let q = queries();
        let src = "import os\nfrom a import b as c\ndef f():\n    'doc'\n@d\nclass C: pass\n";
        let t = parse(src);
        assert_eq!(query_matches(&q.imports, t.root_node(), src).len(), 2);
        assert_eq!(query_matches(&q.functions, t.root_node(), src).len(), 2);
        assert_eq!(query_matches(&q.docstring, t.root_node(), src).len(), 1);
    }
}
