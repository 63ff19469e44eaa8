//! The layout of one translated problem: its typed signature (inferred from the declared
//! annotations and every recorded value), the prompt (statement as comments, examples in the
//! target's call syntax, signature), the tests, and the three completions of validation (a stub
//! returning a value of the right type, the table solution and the same with one wrong output),
//! all filled from the spec's templates.

use super::render;
use super::spec::{self, Spec};
use super::Reason;
use crate::model::{Type, Value};
use crate::python::signature::Signature;
use std::collections::BTreeMap;

/// A function's name, parameters and result, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Sig {
    pub name: String,
    pub params: Vec<(String, Type)>,
    pub returns: Type,
}

impl Sig {
    /// The types of a Python signature: each declared annotation, its holes filled with what
    /// was recorded, where it admits every recorded value; otherwise the union of the recorded
    /// values' types. Element types never seen (only empty containers) become `int`.
    pub fn infer(sig: &Signature, cases: &[(Vec<Value>, Value)]) -> Sig {
        let observed = |vals: &mut dyn Iterator<Item = &Value>| {
            vals.map(Type::of)
                .reduce(|a, b| a.unify(&b))
                .unwrap_or(Type::Any)
        };
        let choose = |declared: Option<&Type>, seen: Type| {
            let t = match declared {
                Some(d) if d.admits_type(&seen) => d.refine(&seen),
                _ => seen,
            };
            fill_holes(&t, true)
        };
        let params = sig
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let seen = observed(&mut cases.iter().filter_map(|(a, _)| a.get(i)));
                (p.name.clone(), choose(p.ty.as_ref(), seen))
            })
            .collect();
        let seen = observed(&mut cases.iter().map(|(_, w)| w));
        Sig {
            name: sig.name.clone(),
            params,
            returns: choose(sig.return_type.as_ref(), seen),
        }
    }
}

/// `Any` inside containers (an element type never observed) becomes `int`.
fn fill_holes(t: &Type, top: bool) -> Type {
    use Type::*;
    let inner = |x: &Type| Box::new(fill_holes(x, false));
    match t {
        Any if !top => Int,
        List(x) => List(inner(x)),
        Set(x) => Set(inner(x)),
        FrozenSet(x) => FrozenSet(inner(x)),
        TupleOf(x) => TupleOf(inner(x)),
        Optional(x) => Optional(inner(x)),
        Dict(k, v) => Dict(inner(k), inner(v)),
        Tuple(xs) => Tuple(xs.iter().map(|x| fill_holes(x, false)).collect()),
        other => other.clone(),
    }
}

/// The statement as comments: the docstring's prose in the target's terminology, then up to
/// three examples in its call syntax.
fn statement(spec: &Spec, name: &str, prose: Option<&str>, examples: &[(&str, &str)]) -> String {
    let mut out = spec.preamble.clone();
    let c = &spec.comment;
    // The statement names the language it is written for ("Write a python function").
    let mut terms = spec.terminology.clone();
    for python in ["python", "Python"] {
        terms
            .entry(python.into())
            .or_insert_with(|| spec.name.clone());
    }
    for line in prose
        .map(|p| spec::reword(p, &terms))
        .unwrap_or_default()
        .lines()
    {
        match line.trim_end() {
            "" => out.push_str(&format!("{c}\n")),
            line => out.push_str(&format!("{c} {line}\n")),
        }
    }
    out.push_str(&format!("{c} Examples:\n"));
    for (args, want) in examples {
        out.push_str(&format!("{c} >>> {name}({args})\n{c} {want}\n"));
    }
    out
}

/// Splits a run of items into blocks (Java's 64 KiB methods and constant pools): a block ends
/// after `per` items, or before the item that would take it past `max_bytes`.
struct Blocks<'a> {
    per: Option<usize>,
    max_bytes: Option<usize>,
    /// Ends a block and opens the next (`{k}`: its number).
    text: &'a str,
    items: usize,
    bytes: usize,
    k: usize,
}

impl<'a> Blocks<'a> {
    fn new(per: Option<usize>, max_bytes: Option<usize>, text: &'a str) -> Self {
        Blocks {
            per,
            max_bytes,
            text,
            items: 0,
            bytes: 0,
            k: 0,
        }
    }

    /// The text to write before `item`: a block break, or nothing.
    fn before(&mut self, item: &str) -> String {
        let full = self.items > 0
            && (self.per.is_some_and(|n| n > 0 && self.items >= n)
                || self.max_bytes.is_some_and(|m| self.bytes + item.len() > m));
        let out = if full {
            self.k += 1;
            self.items = 0;
            self.bytes = 0;
            self.text.replace("{k}", &self.k.to_string())
        } else {
            String::new()
        };
        self.items += 1;
        self.bytes += item.len();
        out
    }
}

/// A type the language can declare: a union it cannot is narrowed to the member that admits
/// most of the recorded values (the cases of the others are left out).
fn declarable(ty: &Type, seen: &[&Value], spec: &Spec) -> Type {
    if render::type_name(ty, spec).is_ok() {
        return ty.clone();
    }
    let fits = |m: &Type| seen.iter().filter(|v| m.admits(v)).count();
    fn items(v: &Value) -> Vec<&Value> {
        match v {
            Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs) => {
                xs.iter().collect()
            }
            _ => vec![],
        }
    }
    fn keys(v: &Value) -> Vec<&Value> {
        match v {
            Value::Dict(kv) => kv.iter().map(|(k, _)| k).collect(),
            _ => vec![],
        }
    }
    fn values(v: &Value) -> Vec<&Value> {
        match v {
            Value::Dict(kv) => kv.iter().map(|(_, v)| v).collect(),
            _ => vec![],
        }
    }
    let parts = |pick: fn(&Value) -> Vec<&Value>| -> Vec<&Value> {
        seen.iter().flat_map(|v| pick(v)).collect()
    };
    let inner = |t: &Type, vals: Vec<&Value>| Box::new(declarable(t, &vals, spec));
    match ty {
        Type::Union(members) => {
            let mut best: Option<&Type> = None;
            for m in members {
                if render::type_name(m, spec).is_ok() && best.is_none_or(|b| fits(m) > fits(b)) {
                    best = Some(m);
                }
            }
            best.cloned().unwrap_or_else(|| ty.clone())
        }
        Type::Optional(t) => Type::Optional(inner(t, seen.to_vec())),
        Type::List(t) => Type::List(inner(t, parts(items))),
        Type::TupleOf(t) => Type::TupleOf(inner(t, parts(items))),
        Type::Set(t) => Type::Set(inner(t, parts(items))),
        Type::Dict(k, v) => Type::Dict(inner(k, parts(keys)), inner(v, parts(values))),
        _ => ty.clone(),
    }
}

/// A problem written in a target language.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// The function's name in the language.
    pub entry: String,
    pub prompt: String,
    pub tests: String,
    /// The signature that opens the function (the prompt's last line(s)).
    pub declaration: String,
    /// The tests of the examples the statement shows (HumanEval-X's `example_test`).
    pub example_tests: String,
    pub stub: String,
    pub table: String,
    pub wrong: String,
    /// How the function's parameters are referred to in code (`$a`, `$b`).
    pub refs: Vec<String>,
    /// The result's type name (empty in dynamically typed languages).
    pub rtype: String,
    pub cases: usize,
}

/// Write a problem in `spec`'s language. Cases whose values have no literal are left out and
/// counted in `dropped`; with none left, the error is why.
pub fn assemble(
    spec: &Spec,
    sig: &Sig,
    prose: Option<&str>,
    cases: &[(Vec<Value>, Value)],
    dropped: &mut BTreeMap<Reason, usize>,
) -> Result<Program, Reason> {
    let sig = &declarable_sig(sig, cases, spec);
    let ptypes = sig
        .params
        .iter()
        .map(|(_, t)| render::type_name(t, spec))
        .collect::<Result<Vec<_>, _>>()?;
    let rtype = render::type_name(&sig.returns, spec)?;
    let rendered = render_cases(spec, sig, &ptypes, cases, dropped);
    if rendered.is_empty() {
        return Err(Reason::NoCases);
    }
    let names: Vec<String> = sig.params.iter().map(|(n, _)| spec.param_name(n)).collect();
    let decl: Vec<String> = names
        .iter()
        .zip(&ptypes)
        .map(|(n, t)| spec.param.replace("{type}", t).replace("{name}", n))
        .collect();
    let ref_list: Vec<String> = names
        .iter()
        .map(|n| spec.param_ref.replace("{name}", n))
        .collect();
    let f = Fill {
        name: spec.param_name(&sig.name),
        rtype,
        ptypes: ptypes.join(", "),
    };
    let examples: Vec<(&str, &str)> = rendered
        .iter()
        .take(3)
        .map(|c| (c.args.as_str(), c.want.as_str()))
        .collect();
    let mut prompt = statement(spec, &f.name, prose, &examples);
    let declaration = f
        .fill(&spec.signature)
        .replace("{params}", &decl.join(", "))
        + "\n";
    prompt.push_str(&declaration);
    let wrong0 = render::typed(
        &render::changed(rendered[0].value, &sig.returns),
        &sig.returns,
        spec,
    )?;
    let table =
        |wrong: Option<&str>| table_of(spec, &f, &rendered, &ref_list.join(", "), &wrong0, wrong);
    Ok(Program {
        stub: f.fill(&spec.stub).replace("{value}", &rendered[0].want),
        table: table(None),
        wrong: table(Some(&wrong0)),
        prompt,
        tests: tests_of(spec, &f, &rendered),
        example_tests: tests_of(spec, &f, &rendered[..rendered.len().min(3)]),
        declaration,
        refs: ref_list,
        cases: rendered.len(),
        entry: f.name,
        rtype: f.rtype,
    })
}

/// `sig` with every type narrowed to what the language can declare, given the values seen.
fn declarable_sig(sig: &Sig, cases: &[(Vec<Value>, Value)], spec: &Spec) -> Sig {
    Sig {
        name: sig.name.clone(),
        params: sig
            .params
            .iter()
            .enumerate()
            .map(|(i, (n, t))| {
                let seen: Vec<&Value> = cases.iter().filter_map(|(a, _)| a.get(i)).collect();
                (n.clone(), declarable(t, &seen, spec))
            })
            .collect(),
        returns: declarable(
            &sig.returns,
            &cases.iter().map(|(_, w)| w).collect::<Vec<_>>(),
            spec,
        ),
    }
}

/// One recorded case as literals: the arguments (as in a call, and as a table row writes
/// them) and the expected output.
struct Case<'a> {
    args: String,
    table_args: String,
    want: String,
    value: &'a Value,
}

/// The cases the language can write, as literals; the others are counted in `dropped`.
fn render_cases<'a>(
    spec: &Spec,
    sig: &Sig,
    ptypes: &[String],
    cases: &'a [(Vec<Value>, Value)],
    dropped: &mut BTreeMap<Reason, usize>,
) -> Vec<Case<'a>> {
    let mut rendered = vec![];
    for (args, want) in cases {
        let fits =
            args.iter().zip(&sig.params).all(|(v, (_, t))| t.admits(v)) && sig.returns.admits(want);
        if spec.types.is_some() && !fits {
            *dropped.entry(Reason::UntranslatableType).or_default() += 1;
            continue;
        }
        let r = args
            .iter()
            .zip(&sig.params)
            .map(|(v, (_, t))| render::typed(v, t, spec))
            .collect::<Result<Vec<_>, _>>()
            .and_then(|a| Ok((a, render::typed(want, &sig.returns, spec)?)));
        match r {
            Ok((a, w)) => {
                let arg = |(v, t): (&String, &String)| match &spec.table_arg {
                    Some(f) => f.replace("{type}", t).replace("{value}", v),
                    None => v.clone(),
                };
                let table_args: Vec<String> = a.iter().zip(ptypes).map(arg).collect();
                rendered.push(Case {
                    args: a.join(", "),
                    table_args: table_args.join(", "),
                    want: w,
                    value: want,
                });
            }
            Err(reason) => *dropped.entry(reason).or_default() += 1,
        }
    }
    rendered
}

/// The fields every template may use.
struct Fill {
    name: String,
    rtype: String,
    ptypes: String,
}

impl Fill {
    fn fill(&self, t: &str) -> String {
        t.replace("{name}", &self.name)
            .replace("{rtype}", &self.rtype)
            .replace("{ptypes}", &self.ptypes)
    }
}

/// The test program of `cases`: the harness, one test per case, the harness's end.
fn tests_of(spec: &Spec, f: &Fill, cases: &[Case]) -> String {
    let mut tests = f.fill(&spec.harness);
    let mut blocks = Blocks::new(
        spec.tests_per_block,
        spec.block_bytes,
        &spec.test_block_break,
    );
    for (i, c) in cases.iter().enumerate() {
        let test = f
            .fill(&spec.test)
            .replace("{i}", &i.to_string())
            .replace("{args}", &c.args)
            .replace("{want}", &c.want);
        tests.push_str(&blocks.before(&test));
        tests.push_str(&test);
        tests.push('\n');
    }
    tests.push_str(&f.fill(&spec.harness_end));
    tests
}

/// The table solution's body; with `wrong`, its first row returns that instead.
fn table_of(
    spec: &Spec,
    f: &Fill,
    cases: &[Case],
    refs: &str,
    wrong0: &str,
    wrong: Option<&str>,
) -> String {
    let mut blocks = Blocks::new(spec.rows_per_block, spec.block_bytes, &spec.row_block_break);
    let rows: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let want = match wrong {
                Some(w) if i == 0 => w,
                _ => &c.want,
            };
            let row = f
                .fill(&spec.table_row)
                .replace("{i}", &i.to_string())
                .replace("{args}", &c.table_args)
                .replace("{want}", want);
            blocks.before(&row) + &row
        })
        .collect();
    f.fill(&spec.table)
        .replace("{params}", refs)
        .replace("{wrong}", wrong0)
        .replace("{rows}", &rows.join("\n"))
}
