//! A base problem as the composer sees it: the reference program, the runtime signature the
//! probe inferred, the pool of observed calls, and the observed input domain.

use crate::exec::Status;
use crate::model::{Language, Problem, Type, Value};
use crate::probe::Observation;
use crate::python::{analyse, Analysis, AnalysisError, ParamKind, Signature};
use serde::Serialize;

/// Largest argument or result (in [`Value::size`] nodes) taken into the input pool.
const MAX_VALUE_SIZE: usize = 300;
/// Observed calls kept per base.
pub const MAX_CALLS: usize = 60;
/// Observed calls that spend more work units than this (trace events, about 28 ms of an
/// untraced run) are not taken into the input pool: a composed test calls the base several
/// times, and the suite must stay within the time gate. The probe stops such a call there.
pub const MAX_CALL_WORK: u64 = 2_000_000;

/// One observed call: positional arguments and the result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Call {
    pub args: Vec<Value>,
    pub result: Value,
    /// Work units the call spent in the probe (0: not counted); the time gate reuses them
    /// instead of tracing the call again.
    #[serde(skip)]
    pub work: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Base {
    pub task_id: String,
    /// The base function (the problem's entry point).
    pub name: String,
    pub prompt: String,
    pub solution: String,
    pub setup: String,
    pub params: Vec<String>,
    pub types: Vec<Type>,
    pub returns: Type,
    /// Distinct observed calls that returned, in observation order.
    pub calls: Vec<Call>,
    pub domain: Domain,
    /// Top-level functions of the reference program (to avoid name clashes).
    pub defined: Vec<String>,
    /// Other one-argument top-level functions the prompt gives (encode/decode pairs).
    pub given: Vec<String>,
    /// The most common observed result: the constant the base-sensitivity gate substitutes.
    pub constant: Value,
    /// 0 for a problem of the dataset; `k` for a problem composed at depth `k` taken as the
    /// base of the next depth (see [`super::stack`]).
    pub level: usize,
}

impl Base {
    pub fn program(&self) -> String {
        format!("{}{}", self.prompt, self.solution)
    }

    pub fn arity(&self) -> usize {
        self.params.len()
    }

    /// Distinct values observed at parameter `i`, in order.
    pub fn column(&self, i: usize) -> Vec<Value> {
        distinct(self.calls.iter().map(|c| c.args[i].clone()))
    }

    /// Distinct observed results.
    pub fn results(&self) -> Vec<Value> {
        distinct(self.calls.iter().map(|c| c.result.clone()))
    }

    /// Observed first arguments whose result is truthy / falsy (bool bases).
    pub fn split_by_result(&self) -> (Vec<Value>, Vec<Value>) {
        let yes = distinct(
            self.calls
                .iter()
                .filter(|c| crate::model::truthy(&c.result))
                .map(|c| c.args[0].clone()),
        );
        let no = distinct(
            self.calls
                .iter()
                .filter(|c| !crate::model::truthy(&c.result))
                .map(|c| c.args[0].clone()),
        );
        (yes, no)
    }
}

pub fn key(v: &Value) -> String {
    serde_json::to_string(v).expect("a Value always serialises to JSON")
}

pub fn distinct(vs: impl Iterator<Item = Value>) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    vs.filter(|v| seen.insert(key(v))).collect()
}

/// Why a problem (or, at depth >= 2, a composed problem) cannot be a base: the reason the
/// compose report gives for skipping it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotABase {
    #[error("language {0}")]
    Language(Language),
    /// The probe's run of the reference solution did not pass.
    #[error("reference solution {}: {detail}", .status.as_str())]
    Reference { status: Status, detail: String },
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    #[error("variadic signature")]
    Variadic,
    /// Every observed call that returned was too slow for the input pool.
    #[error("every observed call that returned spent more than {MAX_CALL_WORK} work units")]
    OnlySlowCalls,
    #[error("no observed call returned")]
    NoCallReturned,
    #[error("more arguments than parameters")]
    TooManyArguments,
    /// Fewer than two usable distinct observed calls (this many).
    #[error("{0} usable distinct observed call(s)")]
    TooFewCalls(usize),
    #[error("a parameter or result type is not plain data")]
    NotPlainData,
    /// A composed problem with fewer than two usable distinct tests (this many).
    #[error("{0} usable distinct test(s)")]
    TooFewTests(usize),
}

/// Why a problem cannot be a base. `obs` comes from a probe that counts work units
/// ([`super::ComposeOptions::reference`]): calls without a count are taken as fast.
pub fn from_problem(p: &Problem, obs: &Observation) -> Result<Base, NotABase> {
    if !p.language.is_python() {
        return Err(NotABase::Language(p.language.clone()));
    }
    // A reference stopped by the probe's work budget still gives the calls it made before.
    let partial = obs.status == Status::Timeout && !obs.calls.is_empty();
    if obs.status != Status::Passed && !partial {
        return Err(NotABase::Reference {
            status: obs.status,
            detail: obs.detail.clone(),
        });
    }
    let analysis = analyse(&p.prompt, &p.canonical_solution, &p.entry_point)?;
    let names = positional_params(&analysis.signature)?;
    let normalised = normalise_calls(obs, &names)?;
    let arity = common_arity(&normalised);
    if arity > names.len() {
        return Err(NotABase::TooManyArguments);
    }
    let calls = pool_calls(normalised, arity);
    if calls.len() < 2 {
        return Err(NotABase::TooFewCalls(calls.len()));
    }
    let (types, returns) = observed_types(&calls, arity);
    if types
        .iter()
        .chain(std::iter::once(&returns))
        .any(unrenderable)
    {
        return Err(NotABase::NotPlainData);
    }
    let program = p.reference_program();
    let defined = crate::python::top_level_functions(&program);
    let given = prompt_functions(&analysis);
    let constant = most_common(&calls);
    let domain = Domain::of(&calls);
    Ok(Base {
        task_id: p.task_id.clone(),
        name: p.entry_point.clone(),
        prompt: p.prompt.clone(),
        solution: p.canonical_solution.clone(),
        setup: p.tests.setup.clone(),
        params: names[..arity].to_vec(),
        types,
        returns,
        calls,
        domain,
        defined,
        given,
        constant,
        level: 0,
    })
}

/// An observed call with its keyword arguments moved to their positions: arguments, result
/// and the work units the probe counted (0: not counted).
type Normalised = (Vec<Value>, Value, u64);

/// The names of the parameters a call can pass by position; a variadic signature is refused.
fn positional_params(sig: &Signature) -> Result<Vec<String>, NotABase> {
    if sig
        .params
        .iter()
        .any(|q| matches!(q.kind, ParamKind::VarArgs | ParamKind::VarKwargs))
    {
        return Err(NotABase::Variadic);
    }
    Ok(sig
        .params
        .iter()
        .filter(|q| matches!(q.kind, ParamKind::Positional | ParamKind::Default))
        .map(|q| q.name.clone())
        .collect())
}

/// The observed calls that returned, with keyword arguments normalised to positions; calls
/// too slow for the input pool, calls that raised, and calls whose keywords do not extend the
/// positional arguments in order are dropped. `Err` when none is left.
fn normalise_calls(obs: &Observation, names: &[String]) -> Result<Vec<Normalised>, NotABase> {
    let mut normalised: Vec<Normalised> = vec![];
    let mut slow = 0;
    for c in &obs.calls {
        // Counted by the probe of [`super::ComposeOptions::reference`].
        if c.work.is_some_and(|w| w > MAX_CALL_WORK) {
            slow += 1;
            continue;
        }
        let (None, Some(result)) = (&c.raised, &c.result) else {
            continue;
        };
        if let Some(args) = c.positional(names).filter(|a| !a.is_empty()) {
            normalised.push((args, result.clone(), c.work.unwrap_or(0)));
        }
    }
    if normalised.is_empty() {
        return Err(if slow > 0 {
            NotABase::OnlySlowCalls
        } else {
            NotABase::NoCallReturned
        });
    }
    Ok(normalised)
}

/// The arity most calls use (the smaller of equally common ones).
fn common_arity(normalised: &[Normalised]) -> usize {
    crate::probe::majority_arity(normalised.iter().map(|(a, _, _)| a.len())).unwrap_or(0)
}

/// The input pool: distinct usable calls of `arity` arguments, in observation order, at most
/// [`MAX_CALLS`].
fn pool_calls(normalised: Vec<Normalised>, arity: usize) -> Vec<Call> {
    let mut calls: Vec<Call> = vec![];
    let mut seen = std::collections::HashSet::new();
    for (args, result, work) in normalised {
        if args.len() != arity || calls.len() >= MAX_CALLS {
            continue;
        }
        if !usable(&args, &result) {
            continue;
        }
        if seen.insert(key(&Value::List(args.clone()))) {
            calls.push(Call { args, result, work });
        }
    }
    calls
}

/// The unified types of the observed arguments (per parameter) and results.
fn observed_types(calls: &[Call], arity: usize) -> (Vec<Type>, Type) {
    let types: Vec<Type> = (0..arity)
        .map(|i| {
            calls
                .iter()
                .map(|c| Type::of(&c.args[i]))
                .reduce(|a, b| a.unify(&b))
                .unwrap_or(Type::Any)
        })
        .collect();
    let returns = calls
        .iter()
        .map(|c| Type::of(&c.result))
        .reduce(|a, b| a.unify(&b))
        .unwrap_or(Type::Any);
    (types, returns)
}

/// The top-level functions the prompt itself defines besides the entry point.
fn prompt_functions(analysis: &Analysis) -> Vec<String> {
    analysis
        .helpers
        .iter()
        .filter(|h| {
            !h.nested
                && matches!(h.kind, crate::python::HelperKind::Function)
                && h.location == crate::python::Location::Prompt
        })
        .map(|h| h.name.clone())
        .collect()
}

/// Can an observed call go into the input pool (plain data, not too large)?
pub fn usable(args: &[Value], result: &Value) -> bool {
    !args
        .iter()
        .chain(std::iter::once(result))
        .any(|v| opaque(v) || v.size() > MAX_VALUE_SIZE)
}

/// The most common result of `calls` (the last of equally common ones).
pub fn most_common(calls: &[Call]) -> Value {
    let mut counts: Vec<(String, usize, Value)> = vec![];
    for c in calls {
        let k = key(&c.result);
        match counts.iter_mut().find(|(kk, _, _)| *kk == k) {
            Some(e) => e.1 += 1,
            None => counts.push((k, 1, c.result.clone())),
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n, _)| *n)
        .map(|(_, _, v)| v.clone())
        .unwrap_or(Value::None)
}

fn opaque(v: &Value) -> bool {
    match v {
        Value::Opaque { .. } => true,
        Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs) => {
            xs.iter().any(opaque)
        }
        Value::Dict(kv) => kv.iter().any(|(k, v)| opaque(k) || opaque(v)),
        Value::Float(f) => !f.is_finite(),
        _ => false,
    }
}

fn unrenderable(t: &Type) -> bool {
    match t {
        Type::Named(_) | Type::Callable | Type::Complex => true,
        Type::List(x)
        | Type::Set(x)
        | Type::FrozenSet(x)
        | Type::TupleOf(x)
        | Type::Optional(x) => unrenderable(x),
        Type::Dict(k, v) => unrenderable(k) || unrenderable(v),
        Type::Tuple(xs) | Type::Union(xs) => xs.iter().any(unrenderable),
        _ => false,
    }
}

/// Why an argument tuple lies outside a base's observed [`Domain`] (`index`: the argument;
/// `value`: it as Python, shortened to 60 characters).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OutsideDomain {
    #[error("{given} arguments, observed {observed}")]
    Arity { given: usize, observed: usize },
    #[error("argument {index} = {value} is not a {ty}")]
    Type {
        index: usize,
        value: String,
        ty: Type,
    },
    #[error("argument {index} = {value} is larger than any observed")]
    Size { index: usize, value: String },
    /// A number inside the argument (`number`) lies outside the observed range.
    #[error(
        "argument {index} = {value} holds {number}, outside the observed range [{min}, {max}]"
    )]
    Range {
        index: usize,
        value: String,
        number: f64,
        min: f64,
        max: f64,
    },
}

/// The observed input domain: per parameter, the unified type, the range of every number found
/// inside the observed values, and the largest observed size. An argument tuple is inside when
/// it was observed exactly, or each argument fits its parameter's type, range and size.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Domain {
    pub params: Vec<ParamBox>,
    #[serde(skip)]
    pub exact: std::collections::HashSet<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParamBox {
    #[serde(rename = "type")]
    pub ty: Type,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub max_size: usize,
}

impl Domain {
    pub fn of(calls: &[Call]) -> Domain {
        let n = calls.first().map(|c| c.args.len()).unwrap_or(0);
        let params = (0..n)
            .map(|i| {
                let mut b = ParamBox {
                    ty: Type::Any,
                    min: None,
                    max: None,
                    max_size: 0,
                };
                for (j, c) in calls.iter().enumerate() {
                    let v = &c.args[i];
                    b.ty = if j == 0 {
                        Type::of(v)
                    } else {
                        b.ty.unify(&Type::of(v))
                    };
                    b.max_size = b.max_size.max(v.size());
                    numbers(v, &mut |x| {
                        b.min = Some(b.min.map_or(x, |m: f64| m.min(x)));
                        b.max = Some(b.max.map_or(x, |m: f64| m.max(x)));
                    });
                }
                b
            })
            .collect();
        let exact = calls
            .iter()
            .map(|c| key(&Value::List(c.args.clone())))
            .collect();
        Domain { params, exact }
    }

    /// Is this argument tuple inside the observed domain? `Err` says why not.
    pub fn check(&self, args: &[Value]) -> Result<(), OutsideDomain> {
        if self.exact.contains(&key(&Value::List(args.to_vec()))) {
            return Ok(());
        }
        if args.len() != self.params.len() {
            return Err(OutsideDomain::Arity {
                given: args.len(),
                observed: self.params.len(),
            });
        }
        for (index, (v, b)) in args.iter().zip(&self.params).enumerate() {
            if !b.ty.admits(v) {
                return Err(OutsideDomain::Type {
                    index,
                    value: short(v),
                    ty: b.ty.clone(),
                });
            }
            if v.size() > b.max_size.max(1) {
                return Err(OutsideDomain::Size {
                    index,
                    value: short(v),
                });
            }
            let mut bad = None;
            numbers(v, &mut |x| {
                if bad.is_none() && (b.min.is_some_and(|m| x < m) || b.max.is_some_and(|m| x > m)) {
                    bad = Some(x);
                }
            });
            if let Some(number) = bad {
                return Err(OutsideDomain::Range {
                    index,
                    value: short(v),
                    number,
                    min: b.min.unwrap_or(f64::NAN),
                    max: b.max.unwrap_or(f64::NAN),
                });
            }
        }
        Ok(())
    }
}

fn short(v: &Value) -> String {
    let s = v.to_python();
    if s.chars().count() > 60 {
        format!("{}...", s.chars().take(57).collect::<String>())
    } else {
        s
    }
}

fn numbers(v: &Value, f: &mut dyn FnMut(f64)) {
    match v {
        Value::Int(i) => f(i.to_string().parse::<f64>().unwrap_or(f64::NAN)),
        Value::Float(x) => f(*x),
        Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs) => {
            xs.iter().for_each(|x| numbers(x, f))
        }
        Value::Dict(kv) => kv.iter().for_each(|(k, x)| {
            numbers(k, f);
            numbers(x, f)
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(args: Vec<Value>, r: Value) -> Call {
        Call {
            args,
            result: r,
            work: 0,
        }
    }

    #[test]
    fn domain_is_a_typed_box() {
        let calls = vec![
            call(
                vec![Value::List(vec![Value::int(1), Value::int(5)])],
                Value::int(6),
            ),
            call(vec![Value::List(vec![Value::int(3)])], Value::int(3)),
        ];
        let d = Domain::of(&calls);
        assert!(d
            .check(&[Value::List(vec![Value::int(2), Value::int(4)])])
            .is_ok());
        assert!(d.check(&[Value::List(vec![])]).is_ok());
        assert_eq!(
            d.check(&[Value::List(vec![Value::int(9)])])
                .unwrap_err()
                .to_string(),
            "argument 0 = [9] holds 9, outside the observed range [1, 5]"
        );
        assert_eq!(
            d.check(&[Value::str("x")]).unwrap_err().to_string(),
            "argument 0 = 'x' is not a list[int]"
        );
        let big = Value::List(vec![Value::int(1); 5]);
        assert!(matches!(
            d.check(&[big]),
            Err(OutsideDomain::Size { index: 0, .. })
        ));
    }
}
