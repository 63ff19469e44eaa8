//! Gates, all decided by execution in batched jobs (one job per group of candidates sharing
//! their bases, plus one rerun for determinism):
//! - `time`: the tests stay within a budget of counted work units (deterministic), and every
//!   test input within the per-case CPU limit (a safety net);
//! - `deterministic`: a second run (different random seed) gives the same outputs;
//! - `domain`: every argument tuple the base receives lies in its observed domain;
//! - `nontrivial`: the template's condition (both outcomes, distinct outputs, changes ...);
//! - `base_identity` / `base_constant`: with the base replaced by the identity on its first
//!   argument, or by its most common observed result, some test fails;
//! - `calls_base` (checked on the tree before execution, see `render::tree_check`).

use super::base::{key, Base};
use super::render;
use super::spec::Spec;
use crate::exec::CaseStatus;
use crate::exec::{CaseInput, CaseOutput, ExecError, Job, Pool};
use crate::model::{Compare, TestCase, Value};
use serde::Serialize;
use std::collections::BTreeMap;

/// Inputs re-run with the identity and the constant base, per candidate (the first ones of the
/// second, reversed run).
const SENSITIVITY_INPUTS: usize = 8;
/// Validation programs run per sandboxed child.
const GATE_BATCH: usize = 16;

#[derive(Debug, Clone)]
pub struct GateOptions {
    /// Seconds per test input (the time gate).
    pub case_timeout: f64,
    pub min_tests: usize,
    pub max_tests: usize,
    pub seed: u64,
    pub mem_mb: u64,
    /// CPU seconds a candidate's test suite may take (the time gate): past it the candidate is
    /// rejected.
    pub budget: f64,
    /// Work units (lines and calls the base executes, see `harness`) a candidate's tests may
    /// take: past it the candidate is rejected. Counted, so two runs decide alike.
    pub work_budget: u64,
    /// Work units after which no more inputs of a candidate are run once it has `min_tests`
    /// (+2) outputs: slow candidates get fewer tests instead of costing the whole budget.
    pub soft_work: u64,
}

impl Default for GateOptions {
    fn default() -> Self {
        GateOptions {
            case_timeout: 1.0,
            min_tests: 10,
            max_tests: 50,
            seed: 0,
            mem_mb: crate::exec::DEFAULT_MEM_MB,
            budget: 2.0,
            work_budget: 15_000_000,
            soft_work: 3_000_000,
        }
    }
}

/// One gate's verdict, kept in the native record.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GateEntry {
    pub gate: String,
    pub passed: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// A candidate that passed every gate, with its tests (inputs and executed outputs).
#[derive(Debug, Clone)]
pub struct Validated {
    pub spec: Spec,
    pub tests: Vec<(Vec<Value>, Value)>,
    pub log: Vec<GateEntry>,
}

/// Why a candidate was dropped.
#[derive(Debug, Clone, Serialize)]
pub struct Rejection {
    pub template: String,
    pub base: String,
    pub gate: String,
    pub detail: String,
}

pub type Outcome = Result<Validated, Rejection>;

fn reject(s: &Spec, bases: &[Base], gate: &str, detail: impl Into<String>) -> Rejection {
    Rejection {
        template: s.template.to_string(),
        base: bases[s.bases[0]].task_id.clone(),
        gate: gate.to_string(),
        detail: detail.into(),
    }
}

/// Limits the harness enforces on each candidate. The decisions use counted work units (the
/// lines and calls a base executes; see `harness`), so two runs keep the same tests and
/// reject the same candidates. CPU time is only a safety net for work the count cannot see
/// (one builtin call doing much, or sleeping): a call's time is its CPU time or a third of its
/// wall-clock time, whichever is larger.
struct Limits {
    budget: f64,
    work: u64,
    soft: u64,
    /// Successful inputs a candidate must have before the soft budget may stop it.
    need: usize,
}

/// The harness appended to a group's program (`gates_harness.py`, which documents its modes and
/// budgets), with its parameters as one JSON object.
fn harness(bases: &[&Base], names: &[String], seed: u64, lim: &Limits) -> String {
    let bases: Vec<serde_json::Value> = bases
        .iter()
        .map(|b| {
            let seen: Vec<String> = b
                .calls
                .iter()
                .map(|c| Value::List(c.args.clone()).to_python())
                .collect();
            // Calls counted by the probe start with their cost known.
            let costs: Vec<(&String, u64)> = b
                .calls
                .iter()
                .zip(&seen)
                .filter(|(c, _)| c.work > 0)
                .map(|(c, a)| (a, c.work + 1))
                .collect();
            let boxes: Vec<(Option<f64>, Option<f64>, usize)> = b
                .domain
                .params
                .iter()
                .map(|p| {
                    let finite = |x: Option<f64>| x.filter(|v| v.is_finite());
                    (finite(p.min), finite(p.max), p.max_size.max(1))
                })
                .collect();
            serde_json::json!({
                "name": b.name,
                "constant": b.constant.to_python(),
                "box": boxes,
                "seen": seen,
                "costs": costs,
            })
        })
        .collect();
    let params = serde_json::json!({
        "seed": seed,
        "budget": lim.budget,
        "work": lim.work,
        "soft": lim.soft,
        "need": lim.need,
        "names": names,
        "bases": bases,
    });
    // A JSON string literal is a Python string literal too.
    let literal = serde_json::to_string(&params.to_string()).unwrap_or_else(|_| "\"{}\"".into());
    format!("\n\n_BS_PARAMS = {literal}\n{HARNESS}")
}

/// The harness's Python source.
const HARNESS: &str = include_str!("gates_harness.py");

/// The program of a group of bases (in order) with its setup code.
pub fn group_program(bases: &[&Base]) -> (String, String) {
    let mut program = String::new();
    let mut setup: Vec<&str> = vec![];
    for b in bases {
        program.push_str(&b.program());
        program.push_str("\n\n");
        if !b.setup.trim().is_empty() && !setup.contains(&b.setup.as_str()) {
            setup.push(&b.setup);
        }
    }
    (program, setup.join("\n"))
}

/// Order in which a spec's bases appear in its program: the second base of a CHAIN is given
/// first (it is a provided helper), the problem to solve comes last.
pub fn program_order(s: &Spec) -> Vec<usize> {
    let mut o = s.bases.clone();
    o.reverse();
    o
}

struct Group {
    order: Vec<usize>,
    specs: Vec<usize>,
}

/// Where a candidate's cases sit in its group's job.
struct Lay {
    spec: usize,
    /// First case of the first pass (inputs in order).
    start: usize,
    /// Inputs rechecked (in recheck order) and the position of the first recheck.
    again: Vec<usize>,
    recheck_start: usize,
}

/// Run the gates on all candidates; outcomes come back in the order of `specs`.
pub fn run<F>(
    pool: &Pool,
    bases: &[Base],
    specs: Vec<Spec>,
    opts: &GateOptions,
    progress: F,
) -> Result<Vec<Outcome>, ExecError>
where
    F: Fn(usize) + Sync,
{
    let mut groups: Vec<Group> = vec![];
    for (i, s) in specs.iter().enumerate() {
        let order = program_order(s);
        match groups.iter_mut().find(|g| g.order == order) {
            Some(g) => g.specs.push(i),
            None => groups.push(Group {
                order,
                specs: vec![i],
            }),
        }
    }
    // One job per group: every input in order (mode 0: output and base calls), then a recheck
    // of up to SENSITIVITY_INPUTS inputs that the first pass always reaches, in reverse order
    // with the random state moved on (mode 1: output again, plus the identity-base and
    // constant-base results). Determinism across processes and seeds is checked again by the
    // self-check, which runs every emitted record in fresh processes with other seeds.
    let lim = Limits {
        budget: opts.budget,
        work: opts.work_budget,
        soft: opts.soft_work,
        need: opts.min_tests + 2,
    };
    let mut jobs = vec![];
    let mut layout: Vec<Vec<Lay>> = vec![];
    for g in &groups {
        let (job, lay) = group_job(g, bases, &specs, opts, &lim);
        jobs.push(job);
        layout.push(lay);
    }
    let results = pool.run_batched(&jobs, GATE_BATCH, |i, _| progress(i))?;
    let mut outcomes: Vec<Option<Outcome>> = vec![None; specs.len()];
    for (gi, lay) in layout.iter().enumerate() {
        let r = &results[gi];
        let g = &groups[gi];
        for l in lay {
            let s = &specs[l.spec];
            let n = s.inputs.len();
            let first = r.outputs.as_ref().and_then(|o| o.get(l.start..l.start + n));
            let again = r
                .outputs
                .as_ref()
                .and_then(|o| o.get(l.recheck_start..l.recheck_start + l.again.len()));
            let out = match (first, again) {
                (Some(a), Some(b)) => {
                    let mut second: Vec<Option<&CaseOutput>> = vec![None; n];
                    for (&j, o) in l.again.iter().zip(b) {
                        second[j] = Some(o);
                    }
                    judge(&Runs {
                        s,
                        bases,
                        order: &g.order,
                        run1: a,
                        run2: &second,
                        opts,
                    })
                }
                _ => Err(reject(
                    s,
                    bases,
                    "runs",
                    format!("the validation job {}: {}", r.status.as_str(), r.detail),
                )),
            };
            outcomes[l.spec] = Some(out);
        }
    }
    Ok(specs
        .into_iter()
        .zip(outcomes)
        .map(|(s, o)| match o {
            Some(Ok(mut v)) => {
                v.spec = s;
                Ok(v)
            }
            Some(Err(e)) => Err(e),
            None => unreachable!("every spec belongs to a group"),
        })
        .collect())
}

/// The one job of a group of composed problems over the same bases, and where each problem's
/// cases lie in it.
fn group_job(
    g: &Group,
    bases: &[Base],
    specs: &[Spec],
    opts: &GateOptions,
    lim: &Limits,
) -> (Job, Vec<Lay>) {
    let gb: Vec<&Base> = g.order.iter().map(|&i| &bases[i]).collect();
    let (mut program, setup) = group_program(&gb);
    program.push_str("from typing import Any\n\n\n");
    let mut names = vec![];
    for &si in &g.specs {
        program.push_str(&render::definition(&specs[si]));
        program.push_str("\n\n");
        names.push(specs[si].name.clone());
    }
    let mut cases = vec![];
    let mut rechecks = vec![];
    let mut lay = vec![];
    for (k, &si) in g.specs.iter().enumerate() {
        let s = &specs[si];
        let n = s.inputs.len();
        let start = cases.len();
        let call = |mode: i64, a: &[Value]| {
            let mut args = vec![Value::int(k as i64), Value::int(mode)];
            args.extend(a.iter().cloned());
            CaseInput {
                args,
                kwargs: vec![],
            }
        };
        for a in &s.inputs {
            cases.push(call(0, a));
        }
        let m = lim.need.min(n);
        let again: Vec<usize> = (m.saturating_sub(SENSITIVITY_INPUTS)..m).rev().collect();
        for &j in &again {
            rechecks.push(call(1, &s.inputs[j]));
        }
        lay.push(Lay {
            spec: si,
            start,
            again,
            recheck_start: 0,
        });
    }
    // Rechecks follow all first passes: their positions are offset by the first passes.
    let mut offset = cases.len();
    for l in &mut lay {
        l.recheck_start = offset;
        offset += l.again.len();
    }
    cases.extend(rechecks);
    let mut job = Job::new(format!("{program}{}", harness(&gb, &names, opts.seed, lim)));
    job.setup = setup;
    job.entry = Some("_bs_entry".into());
    job.timeout =
        (g.specs.len() as f64 * (opts.budget + opts.case_timeout) * 2.0 + 10.0).min(600.0);
    job.case_timeout = Some(opts.case_timeout);
    job.mem_mb = opts.mem_mb;
    job.cases = Some(cases);
    (job, lay)
}

fn compare_for(v: &Value) -> Compare {
    if v.has_float() {
        Compare::Close {
            atol: render::TOL,
            rtol: render::TOL,
        }
    } else {
        Compare::Exact
    }
}

fn bad_value(v: &Value) -> bool {
    match v {
        Value::Opaque { .. } | Value::Complex(..) | Value::Bytes(_) | Value::FrozenSet(_) => true,
        Value::Float(f) => !f.is_finite(),
        Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) => xs.iter().any(bad_value),
        Value::Dict(kv) => kv.iter().any(|(k, v)| bad_value(k) || bad_value(v)),
        _ => false,
    }
}

/// A composed problem's inputs run twice (`run2`: the rechecked ones), with what judging
/// them needs.
struct Runs<'a> {
    s: &'a Spec,
    bases: &'a [Base],
    order: &'a [usize],
    run1: &'a [CaseOutput],
    run2: &'a [Option<&'a CaseOutput>],
    opts: &'a GateOptions,
}

fn judge(r: &Runs) -> Outcome {
    let (s, bases, opts) = (r.s, r.bases, r.opts);
    let mut log = vec![GateEntry {
        gate: "calls_base".into(),
        passed: true,
        detail: String::new(),
    }];
    let Screened {
        mut kept,
        drops,
        spent,
        work,
        untested,
        rechecked,
    } = screen(r)?;
    let dropped: usize = drops.values().map(|(n, _)| n).sum();
    for (why, (n, first)) in &drops {
        log.push(GateEntry {
            gate: format!("drop_{why}"),
            passed: true,
            detail: format!("{n} input(s) dropped, e.g. {first}"),
        });
    }
    if spent > opts.budget {
        return Err(over_budget(s, bases, opts, true));
    }
    log.push(GateEntry {
        gate: "time".into(),
        passed: true,
        // Counted work only: the record is the same in every run.
        detail: if untested > 0 {
            format!(
                "{work} work units; {untested} input(s) past the soft budget of {} not used",
                opts.soft_work
            )
        } else {
            format!("{work} work units")
        },
    });
    log.push(GateEntry {
        gate: "deterministic".into(),
        passed: true,
        detail: format!(
            "{rechecked} input(s) agree when run again (reversed, random state moved on); \
             every test again in the self-check (fresh processes, other seeds)"
        ),
    });
    if kept.len() < opts.min_tests {
        let (why, (_, first)) = drops
            .iter()
            .max_by_key(|(_, (n, _))| *n)
            .map(|(w, d)| (*w, d.clone()))
            .unwrap_or(("tests", (0, String::new())));
        let gate = if why == "domain" { "domain" } else { "tests" };
        return Err(reject(
            s,
            bases,
            gate,
            format!(
                "{} usable test(s) of {} (min {}); {dropped} dropped, e.g. {first}",
                kept.len(),
                s.inputs.len(),
                opts.min_tests
            ),
        ));
    }
    log.push(GateEntry {
        gate: "domain".into(),
        passed: true,
        detail: String::new(),
    });
    kept.truncate(opts.max_tests);
    let ins: Vec<Vec<Value>> = kept.iter().map(|(j, _, _)| s.inputs[*j].clone()).collect();
    let outs: Vec<Value> = kept.iter().map(|(_, o, _)| o.clone()).collect();
    if let Err(e) = (s.nontrivial)(&ins, &outs) {
        return Err(reject(s, bases, "nontrivial", e.to_string()));
    }
    log.push(GateEntry {
        gate: "nontrivial".into(),
        passed: true,
        detail: String::new(),
    });
    sensitivity(s, bases, &kept, &mut log)?;
    let tests = kept
        .into_iter()
        .map(|(j, o, _)| (s.inputs[j].clone(), o))
        .collect();
    Ok(Validated {
        spec: s.clone(),
        tests,
        log,
    })
}

/// The composed problem's inputs that make usable tests, by their runs: what was kept (input
/// index, output, alternative results), what was dropped and why, and what the runs cost. An
/// input that breaks a gate of the whole problem (time, determinism) rejects it.
struct Screened {
    kept: Vec<(usize, Value, Vec<Option<Value>>)>,
    drops: BTreeMap<&'static str, (usize, String)>,
    spent: f64,
    work: u64,
    untested: usize,
    rechecked: usize,
}

fn screen(r: &Runs) -> Result<Screened, Rejection> {
    let Runs {
        s,
        bases,
        order,
        run1,
        run2,
        opts,
    } = *r;
    let mut kept: Vec<(usize, Value, Vec<Option<Value>>)> = vec![];
    let mut drops: BTreeMap<&'static str, (usize, String)> = BTreeMap::new();
    let mut drop = |why: &'static str, detail: String| {
        let e = drops.entry(why).or_insert((0, detail));
        e.0 += 1;
    };
    let mut spent = 0.0;
    let mut work = 0u64;
    let (mut untested, mut rechecked) = (0, 0);
    for (j, a) in s.inputs.iter().enumerate() {
        let (o1, o2) = (&run1[j], run2[j]);
        if o1.status == CaseStatus::Timeout || o1.time > opts.case_timeout {
            return Err(reject(
                s,
                bases,
                "time",
                format!(
                    "{} exceeded {:.1} s",
                    render::call(&s.name, a),
                    opts.case_timeout
                ),
            ));
        }
        spent += o1.time;
        match Signal::of(o1, o2) {
            Signal::Budget { cpu } => return Err(over_budget(s, bases, opts, cpu)),
            Signal::Enough => {
                untested += 1;
                continue;
            }
            Signal::Outside(why) => {
                let call = render::call(&s.name, a);
                drop(
                    "domain",
                    format!("{call} calls the base outside its observed domain: {why}"),
                );
                continue;
            }
            Signal::None => {}
        }
        if o1.status != CaseStatus::Ok {
            drop(
                "raises",
                format!(
                    "{} raised {}",
                    render::call(&s.name, a),
                    o1.error.clone().unwrap_or_default()
                ),
            );
            continue;
        }
        let Some(Value::Tuple(pair)) = &o1.value else {
            return Err(reject(
                s,
                bases,
                "runs",
                "the harness returned no (output, calls) pair",
            ));
        };
        let (out, calls) = (&pair[0], &pair[1]);
        if let Some(Value::Int(u)) = pair.get(2) {
            work += u64::try_from(u).unwrap_or(0);
        }
        // Determinism: a rechecked input must give the same output again.
        let mut alts: Vec<Option<Value>> = vec![];
        if let Some(o2) = o2 {
            let Some(a2) = alternatives(o2, out) else {
                return Err(reject(
                    s,
                    bases,
                    "deterministic",
                    format!("two runs of {} disagree", render::call(&s.name, a)),
                ));
            };
            rechecked += 1;
            alts = a2;
        }
        if bad_value(out) {
            drop(
                "output",
                format!(
                    "{} gives {}, not plain comparable data",
                    render::call(&s.name, a),
                    out.to_python()
                ),
            );
            continue;
        }
        // Domain: each recorded base call lies in the observed domain of that base.
        if let Some(e) = outside_domain(calls, bases, order, &|| render::call(&s.name, a)) {
            drop("domain", e);
            continue;
        }
        kept.push((j, out.clone(), alts));
    }
    Ok(Screened {
        kept,
        drops,
        spent,
        work,
        untested,
        rechecked,
    })
}

/// What the gate harness signalled about one input through its exceptions.
enum Signal {
    /// The tests' CPU (`cpu`) or work budget is spent, or the rechecking run timed out.
    Budget {
        cpu: bool,
    },
    /// Past the soft work budget: the input is not used.
    Enough,
    /// A base was called outside its observed domain (the harness's message).
    Outside(String),
    None,
}

impl Signal {
    fn of(o1: &CaseOutput, o2: Option<&CaseOutput>) -> Signal {
        let err = o1.error.as_deref().unwrap_or_default();
        let err2 = o2.and_then(|o| o.error.as_deref()).unwrap_or_default();
        if err.contains("_BsBudget") || err2.contains("_BsBudget") {
            let cpu = err.contains("cpu budget") || err2.contains("cpu budget");
            return Signal::Budget { cpu };
        }
        if o2.is_some_and(|o| o.status == CaseStatus::Timeout) {
            return Signal::Budget { cpu: true };
        }
        if err.contains("_BsEnough") {
            return Signal::Enough;
        }
        if err.contains("_BsOutside") {
            // The harness's own signal: its message, not where in the harness it was raised.
            return Signal::Outside(err.split(" [<program>:").next().unwrap_or(err).to_string());
        }
        Signal::None
    }
}

fn over_budget(s: &Spec, bases: &[Base], opts: &GateOptions, cpu: bool) -> Rejection {
    let detail = if cpu {
        format!("the tests take more than {:.1} s of CPU", opts.budget)
    } else {
        format!("the tests take more than {} work units", opts.work_budget)
    };
    reject(s, bases, "time", detail)
}

/// Base sensitivity: the tests fail when the base is replaced by the identity, then by a
/// constant (the alternatives 0 and 1 of the last inputs' runs).
fn sensitivity(
    s: &Spec,
    bases: &[Base],
    kept: &[(usize, Value, Vec<Option<Value>>)],
    log: &mut Vec<GateEntry>,
) -> Result<(), Rejection> {
    // Base sensitivity: the identity / constant runs of the last inputs (alternatives 0, 1).
    for (mode, gate) in [(0usize, "base_identity"), (1, "base_constant")] {
        let mut killed = None;
        for (j, expected, alts) in kept {
            if alts.len() < 2 {
                continue;
            }
            let case = TestCase {
                args: vec![],
                kwargs: vec![],
                expected: Some(expected.clone()),
                compare: compare_for(expected),
                origin: crate::model::CaseOrigin::Fuzz,
                line: None,
            };
            let fails = !alts[mode].as_ref().is_some_and(|v| case.accepts(v));
            if fails {
                killed = Some(render::call(&s.name, &s.inputs[*j]));
                break;
            }
        }
        match killed {
            Some(c) => log.push(GateEntry {
                gate: gate.into(),
                passed: true,
                detail: format!("killed by {c}"),
            }),
            None => {
                return Err(reject(
                    s,
                    bases,
                    gate,
                    "the tests pass with the base replaced".to_string(),
                ))
            }
        }
    }
    Ok(())
}

/// The other results of a rechecked run (`o2`): none when its output differs from `out` (the
/// program is not deterministic).
fn alternatives(o2: &CaseOutput, out: &Value) -> Option<Vec<Option<Value>>> {
    let second = match &o2.value {
        Some(Value::Tuple(r)) if o2.status == CaseStatus::Ok && !r.is_empty() => r,
        _ => return None,
    };
    if key(&second[0]) != key(out) {
        return None;
    }
    Some(
        second[1..]
            .iter()
            .map(|a| match a {
                Value::List(r) if r.len() == 2 && r[0].py_eq(&Value::str("ok")) => {
                    Some(r[1].clone())
                }
                _ => None,
            })
            .collect(),
    )
}

/// The first recorded base call outside that base's observed domain, described (`call`: the
/// composed call that made it).
fn outside_domain(
    calls: &Value,
    bases: &[Base],
    order: &[usize],
    call: &dyn Fn() -> String,
) -> Option<String> {
    let Value::List(cs) = calls else { return None };
    for c in cs {
        let Value::List(pair) = c else { continue };
        let (Some(Value::Int(j)), Some(Value::List(args))) = (pair.first(), pair.get(1)) else {
            continue;
        };
        let bi = order[j.to_string().parse::<usize>().unwrap_or(0)];
        if let Err(e) = bases[bi].domain.check(args) {
            return Some(format!(
                "`{}` called outside its observed domain by {}: {e}",
                bases[bi].name,
                call()
            ));
        }
    }
    None
}
