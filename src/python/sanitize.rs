//! Extracting the program from a model's reply, as `evalplus.sanitize` does: real generations
//! are chat replies (markdown fences, prose before and after, trailing test code). The code
//! is the fenced block that defines the entry point (or the whole text), cut to its longest
//! run of lines that parses; of it, the imports and the definitions the entry point needs
//! (functions, classes, top-level assignments, transitively) are kept, in source order.

use super::parse::{has_error, parse, text};
use std::collections::{BTreeSet, HashSet};
use tree_sitter::Node;

/// The program in `reply` that defines `entry_point`, or `None` when no part of it does.
pub fn sanitize(reply: &str, entry_point: &str) -> Option<String> {
    let blocks = fenced_blocks(reply);
    let defines = |code: &str| code.contains(&format!("def {entry_point}"));
    let candidates: Vec<&str> = if blocks.iter().any(|b| defines(b)) {
        blocks.into_iter().filter(|b| defines(b)).collect()
    } else {
        vec![reply]
    };
    candidates
        .into_iter()
        .filter_map(|c| {
            let code = longest_parsing_span(c, entry_point)?;
            keep_needed(&code, entry_point)
        })
        .next()
}

/// The contents of the ``` fences of `text` (any info string), in order.
fn fenced_blocks(text: &str) -> Vec<&str> {
    let mut out = vec![];
    let mut rest = text;
    while let Some(open) = rest.find("```") {
        let after = &rest[open + 3..];
        let Some(nl) = after.find('\n') else { break };
        let body = &after[nl + 1..];
        match body.find("```") {
            Some(close) => {
                out.push(&body[..close]);
                rest = &body[close + 3..];
            }
            None => {
                out.push(body);
                break;
            }
        }
    }
    out
}

/// The longest run of whole lines of `code` that parses without errors and defines
/// `entry_point` (the whole code when it parses).
fn longest_parsing_span(code: &str, entry_point: &str) -> Option<String> {
    if !has_error(&parse(code)) {
        return Some(code.to_string());
    }
    let lines: Vec<&str> = code.lines().collect();
    let def = format!("def {entry_point}");
    let def_lines: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim_start().starts_with(&def))
        .collect();
    let mut best: Option<(usize, usize)> = None;
    for &d in &def_lines {
        // Grow the span around the definition: longest first, so the first that parses wins
        // among spans of its length.
        for len in (1..=lines.len()).rev() {
            if best.is_some_and(|(a, b)| b - a >= len) {
                break;
            }
            let lo_min = (d + 1).saturating_sub(len);
            let found = (lo_min..=d)
                .filter(|&lo| lo + len <= lines.len())
                .find(|&lo| !has_error(&parse(&lines[lo..lo + len].join("\n"))));
            if let Some(lo) = found {
                best = Some((lo, lo + len));
                break;
            }
        }
    }
    best.map(|(a, b)| lines[a..b].join("\n") + "\n")
}

/// Imports, and the top-level definitions `entry_point` needs, in source order.
fn keep_needed(code: &str, entry_point: &str) -> Option<String> {
    let tree = parse(code);
    let root = tree.root_node();
    let mut defs: Vec<(Node, BTreeSet<String>)> = vec![];
    let mut cursor = root.walk();
    for node in root.named_children(&mut cursor) {
        let inner = if node.kind() == "decorated_definition" {
            node.child_by_field_name("definition").unwrap_or(node)
        } else {
            node
        };
        let names: BTreeSet<String> = match inner.kind() {
            "function_definition" | "class_definition" => inner
                .child_by_field_name("name")
                .map(|n| text(n, code).to_string())
                .into_iter()
                .collect(),
            "expression_statement" => assigned_names(inner, code),
            "import_statement" | "import_from_statement" | "future_import_statement" => {
                BTreeSet::from(["<import>".to_string()])
            }
            _ => BTreeSet::new(),
        };
        if !names.is_empty() {
            defs.push((node, names));
        }
    }
    if !defs.iter().any(|(_, names)| names.contains(entry_point)) {
        return None;
    }
    // Names each definition refers to.
    let uses: Vec<HashSet<String>> = defs.iter().map(|(n, _)| identifiers(*n, code)).collect();
    let mut keep: Vec<bool> = defs
        .iter()
        .map(|(_, names)| names.contains("<import>") || names.contains(entry_point))
        .collect();
    loop {
        let needed: HashSet<&String> = keep
            .iter()
            .zip(&uses)
            .filter(|(k, _)| **k)
            .flat_map(|(_, u)| u.iter())
            .collect();
        let mut changed = false;
        for (i, (_, names)) in defs.iter().enumerate() {
            if !keep[i] && names.iter().any(|n| needed.contains(n)) {
                keep[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut out = String::new();
    for ((node, _), k) in defs.iter().zip(&keep) {
        if *k {
            out.push_str(text(*node, code));
            out.push('\n');
        }
    }
    Some(out)
}

/// Names a top-level assignment binds (`x = ...`, `x: T = ...`, `a, b = ...`).
fn assigned_names(stmt: Node, src: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(expr) = stmt.named_child(0) else {
        return out;
    };
    if expr.kind() != "assignment" {
        return out;
    }
    if let Some(left) = expr.child_by_field_name("left") {
        let mut stack = vec![left];
        while let Some(n) = stack.pop() {
            if n.kind() == "identifier" {
                out.insert(text(n, src).to_string());
            } else if matches!(n.kind(), "pattern_list" | "tuple_pattern" | "list_pattern") {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
        }
    }
    out
}

fn identifiers(node: Node, src: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "identifier" {
            out.insert(text(n, src).to_string());
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_reply_gives_its_program() {
        let reply = "Sure! Here is the solution:\n\n```python\nimport math\n\nHELPER = 2\n\ndef helper(x):\n    return x * HELPER\n\ndef unused():\n    return 0\n\ndef f(x):\n    return helper(math.floor(x))\n\nprint(f(3))\nassert f(1) == 2\n```\n\nThis works because...";
        let got = sanitize(reply, "f").unwrap();
        assert_eq!(
            got,
            "import math\nHELPER = 2\ndef helper(x):\n    return x * HELPER\ndef f(x):\n    return helper(math.floor(x))\n"
        );
    }

    #[test]
    fn prose_around_unfenced_code_is_cut() {
        let reply = "Here you go\ndef f(x):\n    return x + 1\nThis function adds one to x.";
        assert_eq!(
            sanitize(reply, "f").unwrap(),
            "def f(x):\n    return x + 1\n"
        );
    }

    #[test]
    fn no_entry_point_no_program() {
        assert_eq!(sanitize("```python\ndef g():\n    pass\n```", "f"), None);
    }
}
