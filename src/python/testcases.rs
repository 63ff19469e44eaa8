//! Structured test cases from test code: HumanEval `check(candidate)` functions and MBPP
//! module-level asserts.

use super::docstring::literal_args;
use super::literal::eval_literal;
use super::parse::{
    self, children, line_of, named_children, queries, query_matches, text, unparenthesize,
};
use crate::model::{CaseOrigin, Compare, TestCase, TestStyle, Value};
use serde::Serialize;
use tree_sitter::Node;

/// How the test code calls the function under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TestStyleHint {
    /// `check` style when the code defines `check`, asserts style otherwise.
    #[default]
    Auto,
    /// HumanEval: `def check(candidate): assert candidate(..) == ..`.
    Check,
    /// MBPP: module-level `assert entry(..) == ..`.
    Asserts,
}

impl From<TestStyle> for TestStyleHint {
    fn from(s: TestStyle) -> Self {
        match s {
            TestStyle::Check => TestStyleHint::Check,
            TestStyle::Asserts => TestStyleHint::Asserts,
            TestStyle::Script => TestStyleHint::Auto,
        }
    }
}

/// The result of [`parse_tests`].
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ParsedTests {
    pub cases: Vec<TestCase>,
    /// Assert statements in scope (the check body, or the module), `assert True` excluded.
    pub asserts_total: usize,
    /// Asserts recognised as structured cases.
    pub asserts_structured: usize,
    /// Every assert is recognised and no other statement does anything.
    pub fully_structured: bool,
    /// `(1-based line, first line of text)` of every statement not understood.
    pub unrecognised: Vec<(usize, String)>,
}

/// Parse test code into structured cases. Never fails: what is not understood is listed in
/// `unrecognised`.
pub fn parse_tests(test_code: &str, entry_point: &str, style: TestStyleHint) -> ParsedTests {
    let src = test_code;
    let tree = parse::parse(src);
    let root = tree.root_node();
    // `check` style unless told otherwise; without a `check` function, module-level asserts.
    let check = match style {
        TestStyleHint::Asserts => None,
        TestStyleHint::Check | TestStyleHint::Auto => top_level_function(root, src, "check"),
    };
    let mut out = ParsedTests::default();
    if let Some(check) = check {
        let mut callees = vec![entry_point.to_string()];
        if let Some(p) = check
            .child_by_field_name("parameters")
            .and_then(|ps| named_children(ps).into_iter().next())
        {
            let name = match p.kind() {
                "identifier" => Some(p),
                "typed_parameter" => named_children(p)
                    .into_iter()
                    .find(|c| c.kind() == "identifier"),
                _ => None,
            };
            if let Some(n) = name {
                callees.insert(0, text(n, src).to_string());
            }
        }
        if let Some(body) = check.child_by_field_name("body") {
            for stmt in named_children(body) {
                statement(stmt, src, &callees, true, &mut out);
            }
        }
        // Module-level asserts next to `check` are tests too.
        for stmt in named_children(root) {
            if stmt.kind() == "assert_statement" {
                statement(stmt, src, &callees, false, &mut out);
            }
        }
    } else {
        let callees = vec![entry_point.to_string()];
        for stmt in named_children(root) {
            statement(stmt, src, &callees, false, &mut out);
        }
    }
    out.fully_structured = !out.cases.is_empty()
        && out.unrecognised.is_empty()
        && out.asserts_structured == out.asserts_total;
    out
}

fn top_level_function<'t>(root: Node<'t>, src: &str, name: &str) -> Option<Node<'t>> {
    named_children(root).into_iter().find_map(|n| {
        let def = if n.kind() == "decorated_definition" {
            n.child_by_field_name("definition")?
        } else {
            n
        };
        (def.kind() == "function_definition"
            && def
                .child_by_field_name("name")
                .is_some_and(|id| text(id, src) == name))
        .then_some(def)
    })
}

fn first_line(node: Node<'_>, src: &str) -> String {
    text(node, src)
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

fn is_trivial_assert(stmt: Node<'_>, src: &str) -> bool {
    named_children(stmt)
        .first()
        .is_some_and(|c| text(unparenthesize(*c), src) == "True")
}

fn count_asserts(node: Node<'_>, src: &str) -> usize {
    query_matches(&queries().asserts, node, src)
        .into_iter()
        .filter_map(|m| m.first().map(|(_, n)| *n))
        .filter(|n| !is_trivial_assert(*n, src))
        .count()
}

fn statement(stmt: Node<'_>, src: &str, callees: &[String], in_check: bool, out: &mut ParsedTests) {
    match stmt.kind() {
        "assert_statement" => {
            if is_trivial_assert(stmt, src) {
                return;
            }
            out.asserts_total += 1;
            match assert_case(stmt, src, callees) {
                Some(case) => {
                    out.asserts_structured += 1;
                    out.cases.push(case);
                }
                None => out
                    .unrecognised
                    .push((line_of(stmt), first_line(stmt, src))),
            }
        }
        "pass_statement" => {}
        "expression_statement" => {
            let kids = named_children(stmt);
            let docstring =
                kids.len() == 1 && matches!(kids[0].kind(), "string" | "concatenated_string");
            let metadata = !in_check && kids.len() == 1 && kids[0].kind() == "assignment" && {
                kids[0]
                    .child_by_field_name("left")
                    .is_some_and(|l| text(l, src) == "METADATA")
            };
            if !(docstring || metadata) {
                out.unrecognised
                    .push((line_of(stmt), first_line(stmt, src)));
            }
        }
        // Outside `check`, imports and definitions set the stage; they test nothing.
        "import_statement"
        | "import_from_statement"
        | "future_import_statement"
        | "function_definition"
        | "class_definition"
        | "decorated_definition"
            if !in_check => {}
        _ => {
            out.asserts_total += count_asserts(stmt, src);
            out.unrecognised
                .push((line_of(stmt), first_line(stmt, src)));
        }
    }
}

/// Recognise one assert statement as a test case.
fn assert_case(stmt: Node<'_>, src: &str, callees: &[String]) -> Option<TestCase> {
    if stmt.has_error() {
        return None;
    }
    // `assert cond` or `assert cond, message` (the message is ignored).
    let kids = named_children(stmt);
    let cond = unparenthesize(*kids.first()?);
    let (compare, call, expected) = condition(cond, src, callees)?;
    let (args, kwargs) = literal_args(call, src)?;
    Some(TestCase {
        args,
        kwargs,
        expected: Some(expected),
        compare,
        origin: CaseOrigin::Test,
        line: Some(line_of(stmt)),
    })
}

/// Is `node` a call of one of `callees`? Returns the call node.
fn callee_call<'t>(node: Node<'t>, src: &str, callees: &[String]) -> Option<Node<'t>> {
    let node = unparenthesize(node);
    if node.kind() != "call" {
        return None;
    }
    let f = node.child_by_field_name("function")?;
    (f.kind() == "identifier" && callees.iter().any(|c| c == text(f, src))).then_some(node)
}

/// `wrapper(callee(..))` with a single argument: returns the inner call.
fn wrapped_call<'t>(
    node: Node<'t>,
    src: &str,
    wrapper: &str,
    callees: &[String],
) -> Option<Node<'t>> {
    let node = unparenthesize(node);
    if node.kind() != "call" {
        return None;
    }
    let f = node.child_by_field_name("function")?;
    if text(f, src) != wrapper {
        return None;
    }
    match named_children(node.child_by_field_name("arguments")?).as_slice() {
        [inner] => callee_call(*inner, src, callees),
        _ => None,
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => i.to_string().parse().ok(),
        Value::Float(f) => Some(*f),
        Value::Bool(b) => Some(*b as u8 as f64),
        _ => None,
    }
}

type Recognised<'t> = (Compare, Node<'t>, Value);

fn condition<'t>(cond: Node<'t>, src: &str, callees: &[String]) -> Option<Recognised<'t>> {
    match cond.kind() {
        "call" => {
            if let Some(call) = callee_call(cond, src, callees) {
                return Some((Compare::Truthy, call, Value::Bool(true)));
            }
            isclose(cond, src, callees)
        }
        "not_operator" => {
            let arg = cond.child_by_field_name("argument")?;
            let call = callee_call(arg, src, callees)?;
            Some((Compare::Falsy, call, Value::Bool(false)))
        }
        "comparison_operator" => comparison(cond, src, callees),
        _ => None,
    }
}

fn comparison<'t>(cond: Node<'t>, src: &str, callees: &[String]) -> Option<Recognised<'t>> {
    let operands = named_children(cond);
    let ops: Vec<&str> = children(cond)
        .into_iter()
        .filter(|c| !c.is_named())
        .map(|c| text(c, src))
        .collect();
    let ([l, r], [op]) = (operands.as_slice(), ops.as_slice()) else {
        return None;
    };
    let (l, r) = (unparenthesize(*l), unparenthesize(*r));
    match *op {
        "==" | "is" => {
            for (a, b) in [(l, r), (r, l)] {
                let Some(expected) = eval_literal(b, src) else {
                    continue;
                };
                if *op == "is" && !matches!(expected, Value::Bool(_) | Value::None) {
                    return None;
                }
                if let Some(call) = callee_call(a, src, callees) {
                    return Some((Compare::Exact, call, expected));
                }
                if *op == "==" {
                    if let Some(call) = wrapped_call(a, src, "sorted", callees) {
                        return matches!(expected, Value::List(_)).then_some((
                            Compare::Sorted,
                            call,
                            expected,
                        ));
                    }
                    if let Some(call) = wrapped_call(a, src, "set", callees) {
                        return matches!(expected, Value::Set(_) | Value::FrozenSet(_))
                            .then_some((Compare::AsSet, call, expected));
                    }
                }
            }
            None
        }
        "<" | "<=" => {
            // abs(f(..) - v) < tol, abs(v - f(..)) < tol
            let tol = number(&eval_literal(r, src)?)?;
            let call = unparenthesize(l);
            if call.kind() != "call"
                || !matches!(
                    text(call.child_by_field_name("function")?, src),
                    "abs" | "math.fabs"
                )
            {
                return None;
            }
            let [diff] = named_children(call.child_by_field_name("arguments")?)[..] else {
                return None;
            };
            let diff = unparenthesize(diff);
            if diff.kind() != "binary_operator"
                || text(diff.child_by_field_name("operator")?, src) != "-"
            {
                return None;
            }
            let (a, b) = (
                diff.child_by_field_name("left")?,
                diff.child_by_field_name("right")?,
            );
            for (x, y) in [(a, b), (b, a)] {
                if let (Some(c), Some(v)) = (callee_call(x, src, callees), eval_literal(y, src)) {
                    number(&v)?;
                    return Some((
                        Compare::Close {
                            atol: tol,
                            rtol: 0.0,
                        },
                        c,
                        v,
                    ));
                }
            }
            None
        }
        _ => None,
    }
}

/// `math.isclose(f(..), v, rel_tol=.., abs_tol=..)` (either order).
fn isclose<'t>(cond: Node<'t>, src: &str, callees: &[String]) -> Option<Recognised<'t>> {
    let f = text(cond.child_by_field_name("function")?, src);
    if f != "math.isclose" && f != "isclose" {
        return None;
    }
    let mut pos = Vec::new();
    let (mut rtol, mut atol) = (1e-9, 0.0);
    for a in named_children(cond.child_by_field_name("arguments")?) {
        if a.kind() == "keyword_argument" {
            let v = number(&eval_literal(a.child_by_field_name("value")?, src)?)?;
            match text(a.child_by_field_name("name")?, src) {
                "rel_tol" => rtol = v,
                "abs_tol" => atol = v,
                _ => return None,
            }
        } else {
            pos.push(a);
        }
    }
    let [a, b] = pos[..] else { return None };
    for (x, y) in [(a, b), (b, a)] {
        if let (Some(c), Some(v)) = (callee_call(x, src, callees), eval_literal(y, src)) {
            return Some((Compare::Close { atol, rtol }, c, v));
        }
    }
    None
}

/// Names of the functions called (directly, by name) in `code`, in order of appearance.
pub fn called_functions(code: &str) -> Vec<String> {
    let tree = parse::parse(code);
    let mut out: Vec<String> = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.kind() == "call" {
            if let Some(f) = n
                .child_by_field_name("function")
                .filter(|f| f.kind() == "identifier")
            {
                let name = text(f, code).to_string();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        let mut kids = named_children(n);
        kids.reverse();
        stack.extend(kids);
    }
    out
}

/// Names of the top-level functions defined in `code`.
pub fn top_level_functions(code: &str) -> Vec<String> {
    let tree = parse::parse(code);
    query_matches(&queries().functions, tree.root_node(), code)
        .into_iter()
        .filter_map(|m| {
            m.iter()
                .find(|(n, _)| *n == "function.name")
                .map(|(_, n)| text(*n, code).to_string())
        })
        .collect()
}

/// The entry point of an MBPP-style problem: the first function called by the test code that
/// the solution defines at top level.
pub fn guess_entry_point(test_code: &str, solution: &str) -> Option<String> {
    let defined = top_level_functions(solution);
    called_functions(test_code)
        .into_iter()
        .find(|f| defined.contains(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humaneval_check() {
        let code = "METADATA = {}\n\ndef check(candidate):\n    \"\"\"doc\"\"\"\n    assert candidate([1, 2], 3) == True\n    assert 5 == candidate(1, 2), 'msg'\n    assert abs(candidate(1.0) - 0.5) < 1e-6\n    assert abs(0.5 - candidate(2.0)) <= 1e-3\n    assert math.isclose(candidate(3), 1.5, rel_tol=1e-3)\n    assert candidate(1)\n    assert not candidate(2)\n    assert candidate(0) is None\n    assert sorted(candidate([3, 1])) == [1, 3]\n    assert set(candidate('ab')) == {'a', 'b'}\n    assert candidate(x=1) == 2\n    assert True, 'ok'\n    pass\n";
        let p = parse_tests(code, "f", TestStyleHint::Auto);
        assert_eq!(p.unrecognised, vec![]);
        assert_eq!(p.asserts_total, 11);
        assert_eq!(p.asserts_structured, 11);
        assert!(p.fully_structured);
        let cmp: Vec<_> = p.cases.iter().map(|c| c.compare).collect();
        assert_eq!(
            cmp[2],
            Compare::Close {
                atol: 1e-6,
                rtol: 0.0
            }
        );
        assert_eq!(
            cmp[4],
            Compare::Close {
                atol: 0.0,
                rtol: 1e-3
            }
        );
        assert_eq!(cmp[5], Compare::Truthy);
        assert_eq!(cmp[6], Compare::Falsy);
        assert_eq!(cmp[8], Compare::Sorted);
        assert_eq!(cmp[9], Compare::AsSet);
        assert_eq!(p.cases[1].expected, Some(Value::int(5)));
        assert_eq!(p.cases[0].line, Some(5));
        assert_eq!(p.cases[10].kwargs, vec![("x".to_string(), Value::int(1))]);
    }

    #[test]
    fn unrecognised_statements() {
        let code = "def check(candidate):\n    import math\n    x = 3\n    assert candidate(x) == 1\n    for i in range(3):\n        assert candidate(i) == i\n    print('hi')\n    assert candidate(1) == 1\n";
        let p = parse_tests(code, "f", TestStyleHint::Check);
        assert_eq!(p.asserts_total, 3);
        assert_eq!(p.asserts_structured, 1);
        assert!(!p.fully_structured);
        assert_eq!(p.unrecognised.len(), 5);
    }

    #[test]
    fn mbpp_asserts() {
        let code = "assert f(1) == 2\nassert (f(2)) == 3\nassert f(3)==4\nassert math.isclose(f(1.5), 2.25, rel_tol=0.001)\nassert set(f((1, 2))) == set((1, 2))";
        let p = parse_tests(code, "f", TestStyleHint::Asserts);
        assert_eq!(p.asserts_structured, 5, "{:?}", p.unrecognised);
        assert!(p.fully_structured);
        assert_eq!(
            guess_entry_point(code, "def f(x):\n    return x\n"),
            Some("f".into())
        );
        let p = parse_tests("assert g(1) == 2\nx = f(1)\n", "f", TestStyleHint::Asserts);
        assert_eq!(p.asserts_structured, 0);
        assert_eq!(p.unrecognised.len(), 2);
    }
}
