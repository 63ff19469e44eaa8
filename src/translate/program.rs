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

/// A problem written in a target language.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub prompt: String,
    pub tests: String,
    pub stub: String,
    pub table: String,
    pub wrong: String,
    /// How the function's parameters are referred to in code (`$a, $b`).
    pub refs: String,
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
    let ptypes = sig
        .params
        .iter()
        .map(|(_, t)| render::type_name(t, spec))
        .collect::<Result<Vec<_>, _>>()?;
    let rtype = render::type_name(&sig.returns, spec)?;
    let mut rendered: Vec<(String, String, &Value)> = vec![];
    for (args, want) in cases {
        let r = args
            .iter()
            .zip(&sig.params)
            .map(|(v, (_, t))| render::typed(v, t, spec))
            .collect::<Result<Vec<_>, _>>()
            .and_then(|a| Ok((a.join(", "), render::typed(want, &sig.returns, spec)?, want)));
        match r {
            Ok(x) => rendered.push(x),
            Err(reason) => *dropped.entry(reason).or_default() += 1,
        }
    }
    if rendered.is_empty() {
        return Err(Reason::NoCases);
    }
    let name = spec.param_name(&sig.name);
    let names: Vec<String> = sig.params.iter().map(|(n, _)| spec.param_name(n)).collect();
    let decl: Vec<String> = names
        .iter()
        .zip(&ptypes)
        .map(|(n, t)| spec.param.replace("{type}", t).replace("{name}", n))
        .collect();
    let refs: Vec<String> = names
        .iter()
        .map(|n| spec.param_ref.replace("{name}", n))
        .collect();
    let refs = refs.join(", ");
    let fill = |t: &str| {
        t.replace("{name}", &name)
            .replace("{rtype}", &rtype)
            .replace("{ptypes}", &ptypes.join(", "))
    };
    let mut prompt = spec.preamble.clone();
    let c = &spec.comment;
    for line in prose
        .map(|p| spec::reword(p, &spec.terminology))
        .unwrap_or_default()
        .lines()
    {
        match line.trim_end() {
            "" => prompt.push_str(&format!("{c}\n")),
            line => prompt.push_str(&format!("{c} {line}\n")),
        }
    }
    prompt.push_str(&format!("{c} Examples:\n"));
    for (args, want, _) in rendered.iter().take(3) {
        prompt.push_str(&format!("{c} >>> {name}({args})\n{c} {want}\n"));
    }
    prompt.push_str(&fill(&spec.signature).replace("{params}", &decl.join(", ")));
    prompt.push('\n');
    let mut tests = fill(&spec.harness);
    for (i, (args, want, _)) in rendered.iter().enumerate() {
        tests.push_str(
            &fill(&spec.test)
                .replace("{i}", &i.to_string())
                .replace("{args}", args)
                .replace("{want}", want),
        );
        tests.push('\n');
    }
    tests.push_str(&fill(&spec.harness_end));
    let wrong0 = render::typed(
        &render::changed(rendered[0].2, &sig.returns),
        &sig.returns,
        spec,
    )?;
    let table_of = |wrong: bool| {
        let rows: Vec<String> = rendered
            .iter()
            .enumerate()
            .map(|(i, (args, want, _))| {
                let want = if wrong && i == 0 { &wrong0 } else { want };
                fill(&spec.table_row)
                    .replace("{args}", args)
                    .replace("{want}", want)
            })
            .collect();
        fill(&spec.table)
            .replace("{params}", &refs)
            .replace("{rows}", &rows.join("\n"))
    };
    Ok(Program {
        stub: fill(&spec.stub).replace("{value}", &rendered[0].1),
        table: table_of(false),
        wrong: table_of(true),
        prompt,
        tests,
        refs,
        cases: rendered.len(),
    })
}
