//! Turning a whole-function solution (MBPP) into a HumanEval-style prompt and completion:
//! the prompt is everything up to the entry function's header plus a docstring, the
//! completion is the body and whatever follows it. `prompt + completion` is the original
//! program with the docstring added.

use crate::python::parse::parse;

pub struct Split {
    pub prompt: String,
    pub solution: String,
}

/// The entry function of an MBPP task: the first function that the first test calls and the
/// code defines at top level (falls back to the last top-level function).
pub fn entry_point(code: &str, first_test: &str) -> Option<String> {
    let defs = top_level_functions(code);
    let called = |name: &str| {
        let mut rest = first_test;
        while let Some(i) = rest.find(name) {
            let before = rest[..i].chars().next_back();
            let after = rest[i + name.len()..].trim_start().chars().next();
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                && after == Some('(')
            {
                return true;
            }
            rest = &rest[i + name.len()..];
        }
        false
    };
    // Prefer the function whose call appears earliest in the test.
    let mut best: Option<(usize, String)> = None;
    for name in &defs {
        if called(name) {
            let pos = first_test.find(&format!("{name}(")).unwrap_or(usize::MAX);
            if best.as_ref().is_none_or(|(p, _)| pos < *p) {
                best = Some((pos, name.clone()));
            }
        }
    }
    best.map(|(_, n)| n).or_else(|| defs.last().cloned())
}

fn top_level_functions(code: &str) -> Vec<String> {
    let tree = parse(code);
    let root = tree.root_node();
    let mut out = vec![];
    let mut cursor = root.walk();
    for child in root.children(&mut cursor) {
        let def = if child.kind() == "decorated_definition" {
            child.child_by_field_name("definition")
        } else {
            Some(child)
        };
        if let Some(def) = def.filter(|d| d.kind() == "function_definition") {
            if let Some(name) = def.child_by_field_name("name") {
                out.push(code[name.byte_range()].to_string());
            }
        }
    }
    out
}

/// Split `code` at the entry function, inserting `docstring_lines` (without indentation or
/// quotes) as the entry function's docstring. `None` if the entry is not a top-level function.
pub fn split(code: &str, entry: &str, docstring_lines: &[String]) -> Option<Split> {
    let tree = parse(code);
    let root = tree.root_node();
    let mut cursor = root.walk();
    let def = root.children(&mut cursor).find_map(|c| {
        let d = if c.kind() == "decorated_definition" {
            c.child_by_field_name("definition")?
        } else {
            c
        };
        (d.kind() == "function_definition"
            && d.child_by_field_name("name")
                .is_some_and(|n| &code[n.byte_range()] == entry))
        .then_some(d)
    })?;
    let body = def.child_by_field_name("body")?;
    // The header ends at the ':' that precedes the body.
    let colon = code[..body.start_byte()].rfind(':')?;
    let header_end = colon + 1;
    let between = &code[header_end..body.start_byte()];
    let one_liner = !between.contains('\n');
    let indent = if one_liner {
        "    ".to_string()
    } else {
        let line_start = code[..body.start_byte()]
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        code[line_start..body.start_byte()].to_string()
    };
    let indent = if indent.trim().is_empty() && !indent.is_empty() {
        indent
    } else {
        "    ".to_string()
    };
    let mut prompt = code[..header_end].to_string();
    // Keep a trailing comment on the header line.
    let header_rest_end = if one_liner {
        header_end
    } else {
        header_end + between.find('\n').unwrap_or(0)
    };
    prompt.push_str(&code[header_end..header_rest_end]);
    prompt.push('\n');
    prompt.push_str(&indent);
    prompt.push_str("\"\"\"\n");
    for line in docstring_lines {
        if line.is_empty() {
            prompt.push('\n');
        } else {
            prompt.push_str(&indent);
            prompt.push_str(line);
            prompt.push('\n');
        }
    }
    prompt.push_str(&indent);
    prompt.push_str("\"\"\"\n");
    let solution = if one_liner {
        format!("{indent}{}", &code[body.start_byte()..])
    } else {
        // Body starts on a following line: keep its own indentation.
        let line_start = code[..body.start_byte()]
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        code[line_start..].to_string()
    };
    Some(Split { prompt, solution })
}

/// Escape text for the inside of a `"""` docstring.
pub fn docstring_safe(text: &str) -> String {
    text.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"")
}

/// The example shown in an MBPP prompt's docstring, from its first test: `assert f(x) == y`
/// becomes `>>> f(x)` / `y`; other assertions become `>>> <expr>` / `True`.
pub fn doctest_from_assert(test: &str) -> Vec<String> {
    let t = test.trim();
    let Some(expr) = t.strip_prefix("assert") else {
        return vec![];
    };
    let expr = expr.trim();
    let tree = parse(expr);
    let root = tree.root_node();
    let node = root.named_child(0).and_then(|s| s.named_child(0));
    if let Some(cmp) =
        node.filter(|n| n.kind() == "comparison_operator" && n.named_child_count() == 2)
    {
        let op = cmp
            .child_by_field_name("operators")
            .map(|o| &expr[o.byte_range()]);
        if op == Some("==") {
            let (l, r) = (
                cmp.named_child(0).expect("lhs"),
                cmp.named_child(1).expect("rhs"),
            );
            if !tree.root_node().has_error() {
                return vec![
                    format!(">>> {}", &expr[l.byte_range()]),
                    expr[r.byte_range()].to_string(),
                ];
            }
        }
    }
    if tree.root_node().has_error() {
        return vec![];
    }
    vec![format!(">>> {expr}"), "True".into()]
}
