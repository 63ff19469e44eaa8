//! Docstrings: the literal's parts, prose (without examples) and examples (`>>>` doctests and
//! the HumanEval inline styles `f(x) == y`, `f(x) ➞ y`, `f(x) -> y`, `f(x) => y`,
//! `f(x) should return y`).

use super::literal::{eval_literal, parse_literal, split_string_token};
use super::parse::{self, named_children, text, unparenthesize};
use super::signature::Span;
use crate::model::Value;
use serde::Serialize;
use tree_sitter::Node;

/// How an example is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExampleStyle {
    /// `>>> f(x)` followed by the expected output lines.
    Doctest,
    /// `f(x) == y`
    Equals,
    /// `f(x) ➞ y`
    Arrow,
    /// `f(x) -> y` (or `→`)
    RightArrow,
    /// `f(x) => y` (or `==>`)
    FatArrow,
    /// `f(x) should return y`
    ShouldReturn,
}

/// One example of a docstring.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    pub style: ExampleStyle,
    /// The whole example (from `>>>` or the call to the end of the expected output).
    pub span: Span,
    /// The call's source (continuation lines joined by `\n`, without `>>>`/`...` prompts).
    pub call: String,
    pub call_span: Span,
    /// The expected output's source (dedented lines joined by `\n`).
    pub expected_text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_span: Option<Span>,
    /// Name of the called function when the call is `name(...)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callee: Option<String>,
    /// Literal positional arguments (when the call is `entry(...)` with literal arguments).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kwargs: Vec<(String, Value)>,
    /// The expected output as a value, when it is a literal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Value>,
}

/// A function's docstring.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Docstring {
    /// The whole string literal, prefix and quotes included.
    pub span: Span,
    /// Between the quotes.
    pub content_span: Span,
    /// `"""`, `'''`, `"` or `'`.
    pub quote: String,
    /// String prefix as written (`r`, `u`, ...), usually empty.
    pub prefix: String,
    /// `true` when the string is the body's first statement (Python's `__doc__`); `false` for
    /// a prompt's description string placed after imports (HumanEval/115).
    pub proper: bool,
    /// Common indentation of the lines after the first.
    pub indent: String,
    /// The text without examples, dedented (like `inspect.cleandoc`).
    pub prose: String,
    /// Byte ranges of the prose runs (trimmed), never overlapping an example.
    pub prose_spans: Vec<Span>,
    pub examples: Vec<Example>,
}

struct Line<'a> {
    start: usize,
    text: &'a str,
}

impl Line<'_> {
    fn end(&self) -> usize {
        self.start + self.text.len()
    }
    fn indent_len(&self) -> usize {
        self.text.len() - self.text.trim_start().len()
    }
    fn blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

fn lines(content: &str, base: usize) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in content.split('\n') {
        let text = piece.strip_suffix('\r').unwrap_or(piece);
        out.push(Line {
            start: base + start,
            text,
        });
        start += piece.len() + 1;
    }
    out
}

/// Analyse the docstring node (a `string`/`concatenated_string`) of function `entry`.
pub fn docstring(node: Node<'_>, src: &str, entry: &str) -> Option<Docstring> {
    let tok = text(node, src);
    let (_, quote, content) = split_string_token(tok)?;
    let quote_at = tok.find(['"', '\''])?;
    let content_start = node.start_byte() + quote_at + quote.len();
    let lines = lines(content, content_start);
    let indent = common_indent(lines.iter().skip(1).filter(|l| !l.blank()).map(|l| l.text));

    let mut examples = Vec::new();
    let mut in_example = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        let t = l.text.trim_start();
        if t.starts_with(">>>") {
            let begin = i;
            let ind = l.indent_len();
            let first = strip_prompt(t, ">>>");
            let call_start = l.start + ind + (t.len() - first.len());
            let mut call = first.to_string();
            let mut call_end = l.end();
            i += 1;
            while i < lines.len() && lines[i].text.trim_start().starts_with("...") {
                call.push('\n');
                call.push_str(strip_prompt(lines[i].text.trim_start(), "..."));
                call_end = lines[i].end();
                i += 1;
            }
            let exp_begin = i;
            while i < lines.len()
                && !lines[i].blank()
                && !lines[i].text.trim_start().starts_with(">>>")
            {
                i += 1;
            }
            let exp_lines = &lines[exp_begin..i];
            let expected_text = exp_lines
                .iter()
                .map(|x| {
                    x.text
                        .get(ind.min(x.indent_len())..)
                        .unwrap_or("")
                        .trim_end()
                })
                .collect::<Vec<_>>()
                .join("\n");
            let expected_span = (!exp_lines.is_empty()).then(|| Span {
                start: exp_lines[0].start + exp_lines[0].indent_len(),
                end: exp_lines[exp_lines.len() - 1].start
                    + exp_lines[exp_lines.len() - 1].text.trim_end().len(),
            });
            let end = expected_span.map_or(call_end, |s| s.end);
            for flag in &mut in_example[begin..i] {
                *flag = true;
            }
            let call_span = Span {
                start: call_start,
                end: call_end,
            };
            examples.push(build_example(
                ExampleStyle::Doctest,
                Span {
                    start: l.start + ind,
                    end,
                },
                call.trim_end().to_string(),
                call_span,
                expected_text,
                expected_span,
                entry,
            ));
            continue;
        }
        if let Some(ex) = inline_example(l, entry) {
            in_example[i] = true;
            examples.push(ex);
        }
        i += 1;
    }

    // Prose: runs of lines outside examples.
    let mut prose_spans = Vec::new();
    let mut prose_lines: Vec<&str> = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    for (idx, l) in lines.iter().enumerate() {
        if in_example[idx] {
            if let Some(r) = run.take() {
                push_trimmed(&mut prose_spans, src, r);
            }
            continue;
        }
        prose_lines.push(l.text);
        run = Some(match run {
            None => (l.start, l.end()),
            Some((s, _)) => (s, l.end()),
        });
    }
    if let Some(r) = run {
        push_trimmed(&mut prose_spans, src, r);
    }
    let prefix_text = tok[..quote_at].to_string();
    Some(Docstring {
        span: Span::of(node),
        content_span: Span {
            start: content_start,
            end: content_start + content.len(),
        },
        quote: quote.to_string(),
        prefix: prefix_text,
        proper: true,
        indent,
        prose: cleandoc(&prose_lines),
        prose_spans,
        examples,
    })
}

fn strip_prompt<'a>(t: &'a str, prompt: &str) -> &'a str {
    let rest = &t[prompt.len().min(t.len())..];
    rest.strip_prefix(' ').unwrap_or(rest)
}

fn push_trimmed(out: &mut Vec<Span>, src: &str, (s, e): (usize, usize)) {
    let Some(t) = src.get(s..e) else { return };
    let lead = t.len() - t.trim_start().len();
    let trimmed = t.trim();
    if !trimmed.is_empty() {
        out.push(Span {
            start: s + lead,
            end: s + lead + trimmed.len(),
        });
    }
}

fn common_indent<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut best: Option<&str> = None;
    for l in lines {
        let ind = &l[..l.len() - l.trim_start().len()];
        best = Some(match best {
            None => ind,
            Some(b) => {
                let mut n = b
                    .bytes()
                    .zip(ind.bytes())
                    .take_while(|(x, y)| x == y)
                    .count();
                while !b.is_char_boundary(n) {
                    n -= 1;
                }
                &b[..n]
            }
        });
    }
    best.unwrap_or("").to_string()
}

/// `inspect.cleandoc`: strip the first line's leading space, the common indentation of the
/// others, and leading/trailing blank lines.
pub fn cleandoc(lines: &[&str]) -> String {
    let indent = common_indent(
        lines
            .iter()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .copied(),
    );
    let mut out: Vec<&str> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let l = if i == 0 {
            l.trim_start()
        } else {
            l.strip_prefix(indent.as_str()).unwrap_or(l.trim_start())
        };
        out.push(l.trim_end());
    }
    // Removing examples can leave runs of blank lines: keep one.
    out.dedup_by(|b, a| a.is_empty() && b.is_empty());
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

fn build_example(
    style: ExampleStyle,
    span: Span,
    call: String,
    call_span: Span,
    expected_text: String,
    expected_span: Option<Span>,
    entry: &str,
) -> Example {
    let (mut callee, mut args, mut kwargs) = call_parts(&call, entry);
    let mut expected = if expected_text.trim().is_empty() {
        None
    } else {
        literal_or_js_bool(&expected_text)
    };
    if style == ExampleStyle::Doctest && expected_text.trim().is_empty() {
        if callee.is_none() {
            // `>>> f(x) == y` with no output line: the comparison is the example.
            if let Some((c, a, k, e)) = comparison_example(&call, entry) {
                (callee, args, kwargs, expected) = (Some(c), a, k, Some(e));
            }
        } else if args.is_some() {
            // A doctest that prints nothing returned None.
            expected = Some(Value::None);
        }
    }
    Example {
        style,
        span,
        call,
        call_span,
        expected_text,
        expected_span,
        callee,
        args,
        kwargs,
        expected,
    }
}

/// A literal, also accepting the JavaScript-style `true`/`false` some docstrings use.
fn literal_or_js_bool(text: &str) -> Option<Value> {
    match text.trim() {
        "true" => Some(Value::Bool(true)),
        "false" => Some(Value::Bool(false)),
        t => parse_literal(t),
    }
}

/// `entry(args) == literal` written on a `>>>` line.
#[allow(clippy::type_complexity)]
fn comparison_example(
    call: &str,
    entry: &str,
) -> Option<(String, Option<Vec<Value>>, Vec<(String, Value)>, Value)> {
    let tree = parse::parse(call);
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let [stmt] = named_children(root)[..] else {
        return None;
    };
    let [cmp] = named_children(stmt)[..] else {
        return None;
    };
    if cmp.kind() != "comparison_operator" {
        return None;
    }
    let [l, r] = named_children(cmp)[..] else {
        return None;
    };
    let ops: Vec<_> = parse::children(cmp)
        .into_iter()
        .filter(|c| !c.is_named())
        .collect();
    if ops.len() != 1 || text(ops[0], call) != "==" {
        return None;
    }
    let l = unparenthesize(l);
    if l.kind() != "call" {
        return None;
    }
    let f = l
        .child_by_field_name("function")
        .filter(|f| f.kind() == "identifier")?;
    if text(f, call) != entry {
        return None;
    }
    let expected = eval_literal(r, call)?;
    let (a, k) = match literal_args(l, call) {
        Some((a, k)) => (Some(a), k),
        None => (None, vec![]),
    };
    Some((entry.to_string(), a, k, expected))
}

/// The callee of `name(...)` and, when the callee is `entry` and every argument is a literal,
/// the arguments.
#[allow(clippy::type_complexity)]
fn call_parts(
    call: &str,
    entry: &str,
) -> (Option<String>, Option<Vec<Value>>, Vec<(String, Value)>) {
    let tree = parse::parse(call);
    let root = tree.root_node();
    if root.has_error() {
        return (None, None, vec![]);
    }
    let expr = match named_children(root).as_slice() {
        [stmt] if stmt.kind() == "expression_statement" => match named_children(*stmt).as_slice() {
            [e] => unparenthesize(*e),
            _ => return (None, None, vec![]),
        },
        _ => return (None, None, vec![]),
    };
    if expr.kind() != "call" {
        return (None, None, vec![]);
    }
    let Some(func) = expr
        .child_by_field_name("function")
        .filter(|f| f.kind() == "identifier")
    else {
        return (None, None, vec![]);
    };
    let callee = text(func, call).to_string();
    if callee != entry {
        return (Some(callee), None, vec![]);
    }
    match literal_args(expr, call) {
        Some((a, k)) => (Some(callee), Some(a), k),
        None => (Some(callee), None, vec![]),
    }
}

/// Literal positional and keyword arguments of a call node.
#[allow(clippy::type_complexity)]
pub fn literal_args(call: Node<'_>, src: &str) -> Option<(Vec<Value>, Vec<(String, Value)>)> {
    let args = call.child_by_field_name("arguments")?;
    if args.kind() != "argument_list" {
        return None;
    }
    let mut pos = Vec::new();
    let mut kw = Vec::new();
    for a in named_children(args) {
        if a.kind() == "keyword_argument" {
            let name = text(a.child_by_field_name("name")?, src).to_string();
            kw.push((name, eval_literal(a.child_by_field_name("value")?, src)?));
        } else if !kw.is_empty() {
            return None;
        } else {
            pos.push(eval_literal(a, src)?);
        }
    }
    Some((pos, kw))
}

/// Find the end (exclusive) of a parenthesised group starting at `open` (a `(`), skipping
/// string literals.
fn match_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s[open..].char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

const INLINE_OPS: &[(&str, ExampleStyle)] = &[
    ("==>", ExampleStyle::FatArrow),
    ("=>", ExampleStyle::FatArrow),
    ("==", ExampleStyle::Equals),
    ("➞", ExampleStyle::Arrow),
    ("->", ExampleStyle::RightArrow),
    ("→", ExampleStyle::RightArrow),
    ("should return", ExampleStyle::ShouldReturn),
];

/// Recognise `entry(args) OP expected` on one docstring line.
fn inline_example(l: &Line<'_>, entry: &str) -> Option<Example> {
    let t = l.text;
    let mut from = 0;
    let at = loop {
        let pos = from + t.get(from..)?.find(entry)?;
        let before_ok = t[..pos]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        if before_ok && t[pos + entry.len()..].starts_with('(') {
            break pos;
        }
        from = pos + entry.len();
    };
    let close = match_paren(t, at + entry.len())?;
    let after = &t[close..];
    let rest = after.trim_start();
    let (op, style) = INLINE_OPS.iter().find(|(op, _)| rest.starts_with(op))?;
    let exp_raw = rest[op.len()..].trim();
    if exp_raw.is_empty() {
        return None;
    }
    let exp_start = l.start
        + close
        + (after.len() - rest.len())
        + op.len()
        + (rest[op.len()..].len() - rest[op.len()..].trim_start().len());
    // Expected output: the literal if the whole rest is one, else the rest without trailing
    // punctuation.
    let mut exp_text = exp_raw;
    if parse_literal(exp_text).is_none() {
        let stripped = exp_text.trim_end_matches(['.', ',', ';']).trim_end();
        if parse_literal(stripped).is_some() {
            exp_text = stripped;
        }
    }
    let call = t[at..close].to_string();
    let call_span = Span {
        start: l.start + at,
        end: l.start + close,
    };
    let expected_span = Span {
        start: exp_start,
        end: exp_start + exp_text.len(),
    };
    Some(build_example(
        *style,
        Span {
            start: call_span.start,
            end: expected_span.end,
        },
        call,
        call_span,
        exp_text.to_string(),
        Some(expected_span),
        entry,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_of(src: &str) -> Docstring {
        let tree = parse::parse(src);
        let mut stack = vec![tree.root_node()];
        while let Some(n) = stack.pop() {
            if n.kind() == "string" {
                return docstring(n, src, "f").unwrap();
            }
            stack.extend(named_children(n).into_iter().rev());
        }
        panic!("no string");
    }

    #[test]
    fn doctest_examples_and_prose() {
        let src = "def f(x):\n    \"\"\" Add one.\n    More text.\n    >>> f(1)\n    2\n    >>> f(\n    ...   2)\n    3\n    \"\"\"\n";
        let d = doc_of(src);
        assert_eq!(d.quote, "\"\"\"");
        assert_eq!(d.indent, "    ");
        assert_eq!(d.prose, "Add one.\nMore text.");
        assert_eq!(d.examples.len(), 2);
        assert_eq!(d.examples[0].args, Some(vec![Value::int(1)]));
        assert_eq!(d.examples[0].expected, Some(Value::int(2)));
        assert_eq!(d.examples[1].call, "f(\n  2)");
        assert_eq!(d.examples[1].args, Some(vec![Value::int(2)]));
        assert_eq!(d.examples[0].span.text(src), ">>> f(1)\n    2");
        assert_eq!(d.examples[0].call_span.text(src), "f(1)");
        assert_eq!(d.prose_spans.len(), 1);
        assert_eq!(d.prose_spans[0].text(src), "Add one.\n    More text.");
    }

    #[test]
    fn inline_examples() {
        let src = "def f(x):\n    '''Doc.\n    f([1, 2]) == 3\n    f(\"a\") ➞ 'b'\n    f(0) -> True.\n    f(2) => 1 + 1 = 2\n    f(5) should return 6\n    '''\n";
        let d = doc_of(src);
        let styles: Vec<_> = d.examples.iter().map(|e| e.style).collect();
        use ExampleStyle::*;
        assert_eq!(
            styles,
            vec![Equals, Arrow, RightArrow, FatArrow, ShouldReturn]
        );
        assert_eq!(d.examples[0].expected, Some(Value::int(3)));
        assert_eq!(d.examples[1].expected, Some(Value::str("b")));
        assert_eq!(d.examples[2].expected, Some(Value::Bool(true)));
        assert_eq!(d.examples[3].expected, None);
        assert_eq!(d.examples[4].expected_span.unwrap().text(src), "6");
        assert_eq!(d.prose, "Doc.");
    }
}
