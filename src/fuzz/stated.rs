//! Preconditions a docstring states in words ("a non-empty list", "a positive integer n",
//! "groups are balanced") or writes out (`1 <= n <= 1000`, `n > 0`, `1 <= len(arr) <= 100`),
//! read as contract clauses for the fuzzer. The phrase rules are data
//! (`datasets/fuzz/preconditions.yaml`); written-out inequalities are read here.

use crate::exec::{CaseInput, Job, JobResult, Status};
use crate::fuzz::contract::ValueContract;
use crate::model::{Type, Value};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The kind of parameter a phrase speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Number,
    Sized,
    Sequence,
    Str,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    id: String,
    phrases: Vec<String>,
    param: Kind,
    require: String,
    #[serde(default)]
    unless_returns: Option<String>,
    #[serde(default)]
    bound: Bound,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// What a precondition means for the generators: applied to the parameter's contract, so
/// that candidates are made inside it instead of being rejected (the Python requirement
/// still decides).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    /// Numbers: inclusive and exclusive bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<f64>,
    /// Lengths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_len: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<usize>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub balanced: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub even_len: bool,
    /// Holds for each element of the parameter (a list of numbers).
    #[serde(default, skip_serializing_if = "is_false")]
    pub each: bool,
}

impl Bound {
    fn is_empty(&self) -> bool {
        *self == Bound::default()
    }

    /// Tighten `c`, the contract of a parameter of type `t`, by this bound (unless that would
    /// leave no value at all: then the requirement alone decides).
    pub fn apply(&self, c: &mut ValueContract, t: &Type) {
        let (target, ty) = match (self.each, t) {
            (true, Type::List(e) | Type::TupleOf(e)) => (
                c.elem.get_or_insert_with(Default::default).as_mut(),
                e.as_ref(),
            ),
            (true, _) => return,
            (false, _) => (c, t),
        };
        let int = *ty == Type::Int;
        // Exclusive bounds: the next integer, or the next float, inside.
        let lo = match (self.min, self.gt) {
            (Some(m), _) => Some(m),
            (None, Some(g)) if int => Some(g.floor() + 1.0),
            (None, Some(g)) => Some(g.next_up()),
            _ => None,
        };
        let hi = match (self.max, self.lt) {
            (Some(m), _) => Some(m),
            (None, Some(l)) if int => Some(l.ceil() - 1.0),
            (None, Some(l)) => Some(l.next_down()),
            _ => None,
        };
        let min = match (target.min, lo) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let max = match (target.max, hi) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if min.zip(max).is_none_or(|(a, b)| a <= b) {
            target.min = min;
            target.max = max;
        }
        let min_len = target.min_len.max(self.min_len);
        let max_len = match (target.max_len, self.max_len) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if min_len.zip(max_len).is_none_or(|(a, b)| a <= b) {
            target.min_len = min_len;
            target.max_len = max_len;
        }
        target.balanced |= self.balanced;
        target.even_len |= self.even_len;
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    window: usize,
    /// Words that may stand between a phrase and the parameter it names.
    joiners: Vec<String>,
    rules: Vec<Rule>,
}

/// Parameter names that are also English articles: bound only right after a phrase.
const ARTICLES: [&str; 2] = ["a", "an"];

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_saphyr::from_str(include_str!("../../datasets/fuzz/preconditions.yaml"))
            .expect("datasets/fuzz/preconditions.yaml parses")
    })
}

/// A precondition read from a docstring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stated {
    /// The rule (`non_empty`, `positive`, ...) or `inequality`.
    pub rule: String,
    pub param: String,
    /// The Python requirement over the parameters.
    pub require: String,
    #[serde(default, skip_serializing_if = "Bound::is_empty")]
    pub bound: Bound,
}

/// Words of `text`, lowercased, with the byte-free position of sentence breaks: a word is a
/// run of letters, digits, `-` and `_`; `.`, `,`, `;`, `:` and line breaks between paragraphs
/// end a clause (`None`).
fn words(text: &str) -> Vec<Option<String>> {
    let mut out = vec![];
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<Option<String>>| {
        let w = cur.trim_matches('-').to_string();
        if !w.is_empty() {
            out.push(Some(w));
        }
        cur.clear();
    };
    for ch in text.chars() {
        if ch.is_alphanumeric() || ch == '-' || ch == '_' {
            cur.extend(ch.to_lowercase());
        } else {
            flush(&mut cur, &mut out);
            if matches!(ch, '.' | ',' | ';' | ':' | '(' | ')') {
                out.push(None);
            }
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn kind_of(t: &Type) -> Vec<Kind> {
    match t {
        Type::Int | Type::Float => vec![Kind::Number],
        Type::Str => vec![Kind::Str, Kind::Sized],
        Type::List(_) | Type::Tuple(_) | Type::TupleOf(_) => vec![Kind::Sequence, Kind::Sized],
        Type::Dict(..) | Type::Set(_) | Type::FrozenSet(_) => vec![Kind::Sized],
        _ => vec![],
    }
}

/// A list whose elements are numbers: a number rule holds for each element.
fn numbers_list(t: &Type) -> bool {
    matches!(t, Type::List(e) | Type::TupleOf(e) if matches!(**e, Type::Int | Type::Float))
}

/// How `rule` applies to parameter `name` of type `t`, if it does: the requirement and the
/// bound.
fn bind(rule: &Rule, name: &str, t: &Type) -> Option<(String, Bound)> {
    if kind_of(t).contains(&rule.param) {
        return Some((rule.require.replace("{p}", name), rule.bound.clone()));
    }
    if rule.param == Kind::Number && numbers_list(t) {
        let each = rule.require.replace("{p}", "__e");
        let bound = Bound {
            each: true,
            ..rule.bound.clone()
        };
        return Some((format!("all({each} for __e in {name})"), bound));
    }
    None
}

/// Preconditions the docstring prose states about parameters `names` of types `types`.
pub fn preconditions(
    prose: &str,
    names: &[String],
    types: &[Type],
    returns: Option<&Type>,
) -> Vec<Stated> {
    let tab = table();
    let ws = words(prose);
    let mut out: Vec<Stated> = vec![];
    let mut push = |s: Stated| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for rule in &tab.rules {
        if rule.unless_returns.as_deref() == Some("bool") && returns == Some(&Type::Bool) {
            continue;
        }
        for phrase in &rule.phrases {
            let pw: Vec<Option<String>> = words(phrase);
            for start in 0..ws.len() {
                if ws.len() - start < pw.len() || ws[start..start + pw.len()] != pw[..] {
                    continue;
                }
                // "... return a positive integer" speaks of the answer.
                let before = ws[..start].iter().rev().take_while(|w| w.is_some()).take(4);
                if before
                    .flatten()
                    .any(|w| matches!(w.as_str(), "return" | "returns" | "output" | "outputs"))
                {
                    continue;
                }
                // Parameters named right after the phrase: through joining and type words
                // ("positive integers x and y", "a non-empty list of integers lst"), in the
                // same clause, up to the first other word.
                let mut named: Vec<usize> = vec![];
                for w in ws[start + pw.len()..]
                    .iter()
                    .take_while(|w| w.is_some())
                    .take(tab.window)
                    .flatten()
                {
                    match names.iter().position(|n| n.to_lowercase() == *w) {
                        Some(i) if !ARTICLES.contains(&w.as_str()) || named.is_empty() => {
                            named.push(i)
                        }
                        _ if tab.joiners.iter().any(|j| j == w) => {}
                        _ => break,
                    }
                }
                let candidates: Vec<usize> = if named.is_empty() {
                    let fitting: Vec<usize> = (0..names.len())
                        .filter(|&i| {
                            types
                                .get(i)
                                .and_then(|t| bind(rule, &names[i], t))
                                .is_some()
                        })
                        .collect();
                    if fitting.len() == 1 {
                        fitting
                    } else {
                        vec![]
                    }
                } else {
                    named
                };
                for i in candidates {
                    if let Some((require, bound)) =
                        types.get(i).and_then(|t| bind(rule, &names[i], t))
                    {
                        push(Stated {
                            rule: rule.id.clone(),
                            param: names[i].clone(),
                            require,
                            bound,
                        });
                    }
                }
            }
        }
    }
    for s in inequalities(prose, names, types) {
        push(s);
    }
    out
}

/// The job that evaluates each of `stated` on every original test input (`observed`): a
/// precondition an original input breaks is not one (the docstring speaks of the answer, or
/// the tests use inputs it excludes). Only the helpers and the requirements run, no solution.
pub fn check_job(stated: &[Stated], names: &[String], observed: &[Vec<Value>], mem_mb: u64) -> Job {
    let checks: Vec<String> = stated
        .iter()
        .map(|s| format!("_bs_holds(lambda: ({}))", s.require))
        .collect();
    let program = format!(
        "{}\n\ndef __bs_stated({}):\n    return [{}]\n",
        crate::fuzz::oracle::HELPERS,
        names.join(", "),
        checks.join(", ")
    );
    let mut job = Job::new(program);
    job.entry = Some("__bs_stated".into());
    job.cases = Some(
        observed
            .iter()
            .map(|a| CaseInput {
                args: a.clone(),
                kwargs: vec![],
            })
            .collect(),
    );
    job.case_timeout = Some(1.0);
    job.timeout = 30.0;
    job.mem_mb = mem_mb;
    job
}

/// Which of `n` stated preconditions every original input met, from [`check_job`]'s run
/// (all `false` when the run failed: nothing unverified is kept).
pub fn held(n: usize, r: &JobResult) -> Vec<bool> {
    let Some(outs) = r.outputs.as_deref().filter(|_| r.status == Status::Passed) else {
        return vec![false; n];
    };
    let mut keep = vec![true; n];
    for o in outs {
        match &o.value {
            Some(Value::List(bs)) if bs.len() == n => {
                for (k, b) in keep.iter_mut().zip(bs) {
                    *k &= *b == Value::Bool(true);
                }
            }
            _ => return vec![false; n],
        }
    }
    keep
}

/// A token of a written-out inequality.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(String),
    /// A parameter, or `len(param)`.
    Operand {
        expr: String,
        param: usize,
        len: bool,
    },
    Less(bool),
    Greater(bool),
    /// An arithmetic operator, or a word that starts or ends with one (`10 ** 5`, `x + y`):
    /// an inequality next to it is about an expression, not a parameter.
    Arith,
    Other,
}

/// A number as written (`1000`, `-5`, `0.5`, `10^3`, `10**3`), as a Python literal.
fn number(s: &str) -> Option<String> {
    let t = s.trim_end_matches('.');
    if let Some((b, e)) = t.split_once('^').or_else(|| t.split_once("**")) {
        let (b, e) = (b.parse::<i64>().ok()?, e.parse::<u32>().ok()?);
        // (-10)**4 as written would read -(10**4) in Python: the base keeps its sign apart.
        return (e <= 18).then(|| {
            if b < 0 {
                format!("-{}**{e}", -b)
            } else {
                format!("{b}**{e}")
            }
        });
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(i.to_string());
    }
    let x = t.parse::<f64>().ok().filter(|x| x.is_finite())?;
    Some(format!("{x:?}"))
}

/// Words and comparison operators of `prose` (`≤`, `≥` read as `<=`, `>=`).
fn split_ops(prose: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut chars = prose.chars().peekable();
    while let Some(ch) = chars.next() {
        let op = match ch {
            '≤' => Some("<=".to_string()),
            '≥' => Some(">=".to_string()),
            '<' | '>' => Some(if chars.peek() == Some(&'=') {
                chars.next();
                format!("{ch}=")
            } else {
                ch.to_string()
            }),
            _ => None,
        };
        if op.is_some() || ch.is_whitespace() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            out.extend(op);
        } else {
            cur.push(ch);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn tokens(prose: &str, names: &[String]) -> Vec<Tok> {
    let mut out = vec![];
    for raw in split_ops(prose) {
        let w = raw.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '`' | '"' | '\''));
        let tok = match w {
            "<" => Tok::Less(false),
            "<=" => Tok::Less(true),
            ">" => Tok::Greater(false),
            ">=" => Tok::Greater(true),
            _ => {
                let inner = w
                    .strip_prefix("len(")
                    .and_then(|r| r.trim_end_matches('.').strip_suffix(')'));
                let name = inner.unwrap_or(w.trim_end_matches('.'));
                if let Some(i) = names.iter().position(|n| n == name) {
                    Tok::Operand {
                        expr: if inner.is_some() {
                            format!("len({name})")
                        } else {
                            name.to_string()
                        },
                        param: i,
                        len: inner.is_some(),
                    }
                } else if let Some(n) = number(w) {
                    Tok::Num(n)
                } else if w.starts_with(['+', '-', '*', '/', '%', '^'])
                    || w.ends_with(['+', '-', '*', '/', '%', '^'])
                {
                    Tok::Arith
                } else {
                    Tok::Other
                }
            }
        };
        out.push(tok);
    }
    out
}

/// The comparison a token is, `""` for any other token.
fn op(t: &Tok) -> &'static str {
    match t {
        Tok::Less(false) => "<",
        Tok::Less(true) => "<=",
        Tok::Greater(false) => ">",
        Tok::Greater(true) => ">=",
        _ => "",
    }
}

/// Inequalities over one parameter (or its length) against numbers: `1 <= n <= 1000`,
/// `n > 0`, `0 < len(arr)`.
fn inequalities(prose: &str, names: &[String], types: &[Type]) -> Vec<Stated> {
    let toks = tokens(prose, names);
    let fits = |param: usize, len: bool| {
        types.get(param).is_some_and(|t| {
            let k = kind_of(t);
            if len {
                k.contains(&Kind::Sized)
            } else {
                k.contains(&Kind::Number)
            }
        })
    };
    let mut out = vec![];
    let mut i = 0;
    while i < toks.len() {
        let next_to_arith = |used: usize| {
            (i > 0 && toks[i - 1] == Tok::Arith) || toks.get(i + used) == Some(&Tok::Arith)
        };
        let found = forms(&toks[i..])
            .into_iter()
            .find(|f| fits(f.1, f.2) && !next_to_arith(f.3));
        match found {
            Some((require, param, _, used, bound)) => {
                out.push(Stated {
                    rule: "inequality".into(),
                    param: names[param].clone(),
                    require,
                    bound,
                });
                i += used;
            }
            None => i += 1,
        }
    }
    out
}

/// An inequality read at the start of `toks`: the requirement, the parameter, whether it is
/// about its length, the tokens used and the bound.
type Form = (String, usize, bool, usize, Bound);

/// The inequalities that start at `toks[0]`, the longest first (`lo <= x <= hi`, then
/// `lo <= x`; or `x op n`).
fn forms(toks: &[Tok]) -> Vec<Form> {
    let mut out = vec![];
    if let [Tok::Num(lo), o1, Tok::Operand { expr, param, len }, o2, Tok::Num(hi), ..] = toks {
        if matches!(o1, Tok::Less(_)) && matches!(o2, Tok::Less(_)) {
            let mut b = Bound::default();
            lower(&mut b, lo, matches!(o1, Tok::Less(true)), *len);
            upper(&mut b, hi, matches!(o2, Tok::Less(true)), *len);
            let require = format!("{lo} {} {expr} {} {hi}", op(o1), op(o2));
            out.push((require, *param, *len, 5, b));
        }
    }
    match toks {
        [Tok::Operand { expr, param, len }, o, Tok::Num(n), ..] if !op(o).is_empty() => {
            let mut b = Bound::default();
            match o {
                Tok::Greater(eq) => lower(&mut b, n, *eq, *len),
                _ => upper(&mut b, n, matches!(o, Tok::Less(true)), *len),
            }
            out.push((format!("{expr} {} {n}", op(o)), *param, *len, 3, b));
        }
        [Tok::Num(n), o, Tok::Operand { expr, param, len }, ..] if !op(o).is_empty() => {
            let mut b = Bound::default();
            match o {
                Tok::Less(eq) => lower(&mut b, n, *eq, *len),
                _ => upper(&mut b, n, matches!(o, Tok::Greater(true)), *len),
            }
            out.push((format!("{n} {} {expr}", op(o)), *param, *len, 3, b));
        }
        _ => {}
    }
    out
}

/// The value of a number as written (`10**3` included).
fn value_of(n: &str) -> Option<f64> {
    let (sign, n) = match n.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, n),
    };
    let x: f64 = match n.split_once("**") {
        Some((b, e)) => b.parse::<f64>().ok()?.powi(e.parse().ok()?),
        None => n.parse().ok()?,
    };
    Some(sign * x)
}

fn lower(b: &mut Bound, n: &str, inclusive: bool, len: bool) {
    let Some(x) = value_of(n) else { return };
    if len {
        b.min_len = Some(if inclusive { x.ceil() } else { x.floor() + 1.0 }.max(0.0) as usize);
    } else if inclusive {
        b.min = Some(x);
    } else {
        b.gt = Some(x);
    }
}

fn upper(b: &mut Bound, n: &str, inclusive: bool, len: bool) {
    let Some(x) = value_of(n) else { return };
    if len {
        b.max_len = Some(if inclusive { x.floor() } else { x.ceil() - 1.0 }.max(0.0) as usize);
    } else if inclusive {
        b.max = Some(x);
    } else {
        b.lt = Some(x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(ns: &[&str]) -> Vec<String> {
        ns.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_table_parses() {
        assert!(!table().rules.is_empty());
    }

    #[test]
    fn phrases_bind_the_named_or_only_fitting_parameter() {
        let got = preconditions(
            "Given a positive integer n, return the count of the numbers.",
            &names(&["n"]),
            &[Type::Int],
            Some(&Type::Int),
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].require, "n > 0");
        let got = preconditions(
            "Given a non-empty list of positive integers, return the sum.",
            &names(&["lst"]),
            &[Type::List(Box::new(Type::Int))],
            Some(&Type::Int),
        );
        let reqs: Vec<&str> = got.iter().map(|s| s.require.as_str()).collect();
        assert_eq!(reqs, ["len(lst) > 0", "all(__e > 0 for __e in lst)"]);
    }

    #[test]
    fn phrases_about_the_answer_are_not_preconditions() {
        let got = preconditions(
            "Return a positive integer.",
            &names(&["x"]),
            &[Type::Int],
            Some(&Type::Int),
        );
        assert!(got.is_empty(), "{got:?}");
        // A predicate that decides balance does not require it.
        let got = preconditions(
            "Return True if the brackets are balanced.",
            &names(&["s"]),
            &[Type::Str],
            Some(&Type::Bool),
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn written_inequalities_are_read() {
        let got = preconditions(
            "Constraints: 1 <= n <= 10^3 and 1 <= len(arr) <= 100. Note: k ≥ 0.",
            &names(&["arr", "n", "k"]),
            &[Type::List(Box::new(Type::Int)), Type::Int, Type::Int],
            None,
        );
        let reqs: Vec<&str> = got.iter().map(|s| s.require.as_str()).collect();
        assert_eq!(reqs, ["1 <= n <= 10**3", "1 <= len(arr) <= 100", "k >= 0"]);
        // Next to arithmetic, only the part about the parameter alone is read.
        let got = preconditions(
            "0 <= n < 10 ** 5, and x + y <= 10, and -10^4 <= x <= 10^4.",
            &names(&["n", "x", "y"]),
            &[Type::Int, Type::Int, Type::Int],
            None,
        );
        let reqs: Vec<&str> = got.iter().map(|s| s.require.as_str()).collect();
        assert_eq!(reqs, ["0 <= n", "-10**4 <= x <= 10**4"]);
        assert_eq!(got[1].bound.min, Some(-10000.0));
        assert_eq!(got[1].bound.max, Some(10000.0));
        // Not about a parameter, or a mismatched kind: nothing.
        let got = preconditions("returns x if y > 5", &names(&["s"]), &[Type::Str], None);
        assert!(got.is_empty());
    }
}
