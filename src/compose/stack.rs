//! Stacking (depth >= 2): a template over a template. Every problem composed at the previous
//! depth becomes a base: its prompt is that problem's program up to and including the composed
//! function's docstring (base problem, base solution, composed statement), its solution the
//! composed solution, its signature the composed spec's, its observed calls the problem's tests
//! (inputs and executed outputs). The templates run again over these bases and the candidates go
//! through the same gates, rendering and self-check as at depth 1; the composed function of the
//! previous depth plays the base (the tree check wants it called, the sensitivity gates replace
//! it by the identity and by its most common test output).
//!
//! A stacked base keeps at most [`ComposeOptions::stacked_per_problem`] problems. Its candidates
//! are gated in rounds, in a seeded order, until it has enough or none is left: the first round
//! runs as many as it needs, each later round twice as many per missing problem as the one
//! before (few rounds for bases whose candidates keep failing). The cap bounds the work as well
//! as the output.
//!
//! CHAIN is not stacked: it pairs two bases, so over composed problems it would put two composed
//! problems (four functions) in one prompt rather than a template over a template, and its
//! partner search is quadratic in the number of bases, which at depth 2 is the number of depth-1
//! problems.

use super::base::{self, key, Base, Call, Domain, NotABase};
use super::gates::{self, Outcome};
use super::rng::Rng;
use super::spec::Spec;
use super::{candidates, finish, registry, ComposeOptions, ComposeReport, Composed, Skipped};
use crate::exec::{ExecError, Pool};
use crate::model::Value;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Default problems kept per stacked base.
pub const PER_PROBLEM: usize = 2;
/// Templates not run over composed problems (see the module documentation).
pub const UNSTACKED: &[&str] = &["chain"];

/// The templates run at depth >= 2: those selected, without [`UNSTACKED`] (empty: none).
pub fn stacked_templates(opts: &ComposeOptions) -> Vec<String> {
    registry::TEMPLATES
        .iter()
        .map(|t| t.id)
        .filter(|id| opts.templates.is_empty() || opts.templates.iter().any(|x| x == id))
        .filter(|id| !UNSTACKED.contains(id))
        .map(str::to_string)
        .collect()
}

/// What one stacked depth did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LevelReport {
    pub depth: usize,
    /// Problems of the previous depth that became bases.
    pub bases: usize,
    /// Problems of the previous depth that could not (with the reason).
    pub skipped: Vec<Skipped>,
    /// Candidates instantiated.
    pub candidates: usize,
    /// Candidates run through the gates.
    pub gated: usize,
    /// Candidates never gated: their base had enough problems first.
    pub untried: usize,
    /// Gate rounds run.
    pub rounds: usize,
    /// Problems emitted at this depth.
    pub problems: usize,
    pub rejected: usize,
    pub rejections_by_gate: BTreeMap<String, usize>,
    /// Candidates that passed but were not kept (the cap was reached in the same round).
    pub surplus: usize,
    /// Problems per template stack (`map+sum`: SUM over a MAP problem).
    pub templates: BTreeMap<String, usize>,
    /// Stacked bases with at least one emitted problem.
    pub bases_covered: usize,
    #[serde(skip)]
    pub rejections: Vec<gates::Rejection>,
}

/// A composed problem as a base of the next depth; `under` are the bases it was composed over.
/// `Err` says why it cannot be one.
pub fn base_of(p: &Composed, under: &[Base]) -> Result<Base, NotABase> {
    let s = &p.spec;
    let r = &p.codeeval_pro;
    let mut calls: Vec<Call> = vec![];
    let mut seen = HashSet::new();
    for t in &p.native.tests {
        let Some(result) = &t.expected else { continue };
        if calls.len() >= base::MAX_CALLS {
            break;
        }
        if t.args.len() != s.params.len() || !base::usable(&t.args, result) {
            continue;
        }
        if seen.insert(key(&Value::List(t.args.clone()))) {
            calls.push(Call {
                args: t.args.clone(),
                result: result.clone(),
                work: 0,
            });
        }
    }
    if calls.len() < 2 {
        return Err(NotABase::TooFewTests(calls.len()));
    }
    let prompt = format!("{}{}{}", r.raw_problem, r.raw_solution, r.new_problem);
    let program = format!("{prompt}{}", r.new_solution);
    // Setup code of the bases under it, in program order, each once.
    let mut setup: Vec<&str> = vec![];
    for &bi in &gates::program_order(s) {
        let b = &under[bi];
        if !b.setup.trim().is_empty() && !setup.contains(&b.setup.as_str()) {
            setup.push(&b.setup);
        }
    }
    Ok(Base {
        task_id: r.id.clone(),
        name: s.name.clone(),
        prompt,
        solution: r.new_solution.clone(),
        setup: setup.join("\n"),
        params: s.params.iter().map(|(n, _)| n.clone()).collect(),
        types: s.params.iter().map(|(_, t)| t.clone()).collect(),
        returns: s.returns.clone(),
        domain: Domain::of(&calls),
        constant: base::most_common(&calls),
        calls,
        defined: crate::python::top_level_functions(&program),
        given: vec![],
        level: under[s.bases[0]].level + 1,
    })
}

/// The bases of the next depth: one per problem that can be one, with the index of its problem.
pub fn bases_of(problems: &[Composed], under: &[Base]) -> (Vec<Base>, Vec<usize>, Vec<Skipped>) {
    let mut out = vec![];
    let mut origin = vec![];
    let mut skipped = vec![];
    for (i, p) in problems.iter().enumerate() {
        match base_of(p, under) {
            Ok(b) => {
                out.push(b);
                origin.push(i);
            }
            Err(reason) => skipped.push(Skipped {
                task_id: p.codeeval_pro.id.clone(),
                reason: reason.to_string(),
            }),
        }
    }
    (out, origin, skipped)
}

/// Stack `report`'s depth-1 problems up to `opts.depth`: each further depth's problems are
/// appended to `report.problems`, its counts to `report.stacked`. Nothing happens at depth 1.
pub fn stack<F>(
    pool: &Pool,
    bases: &[Base],
    report: &mut ComposeReport,
    opts: &ComposeOptions,
    source_format: &str,
    progress: &F,
) -> Result<(), ExecError>
where
    F: Fn(&str) + Sync,
{
    let templates = stacked_templates(opts);
    if opts.depth <= 1 || templates.is_empty() {
        return Ok(());
    }
    // A stacked depth's options: its templates, its cap per base.
    let opts = &ComposeOptions {
        templates,
        per_problem: opts.stacked_per_problem,
        ..opts.clone()
    };
    let mut under_bases: Vec<Base> = bases.to_vec();
    let mut under: Vec<Composed> = report.problems.clone();
    for depth in 2..=opts.depth {
        progress(&format!("depth {depth}"));
        let (level_bases, origin, skipped) = bases_of(&under, &under_bases);
        let (mut level, problems) =
            compose_level(pool, &level_bases, opts, source_format, progress)?;
        let problems: Vec<Composed> = problems
            .into_iter()
            .map(|mut p| {
                let o = &under[origin[p.spec.bases[0]]];
                annotate(&mut p, o);
                p
            })
            .collect();
        level.depth = depth;
        level.bases = level_bases.len();
        level.skipped = skipped;
        let mut covered = BTreeSet::new();
        for p in &problems {
            *level
                .templates
                .entry(p.native.templates.join("+"))
                .or_default() += 1;
            covered.insert(p.spec.bases[0]);
        }
        level.bases_covered = covered.len();
        level.problems = problems.len();
        report.problems.extend(problems.iter().cloned());
        report.stacked.push(level);
        if problems.is_empty() {
            break;
        }
        under = problems;
        under_bases = level_bases;
    }
    Ok(())
}

/// A stacked problem's native record says what it stands on: its depth (set from the base),
/// the templates from the innermost out, the source task and the chain of compose steps.
fn annotate(p: &mut Composed, origin: &Composed) {
    let o = &origin.native;
    let mut templates = if o.templates.is_empty() {
        vec![o.template.clone()]
    } else {
        o.templates.clone()
    };
    templates.push(p.native.template.clone());
    p.native.templates = templates;
    let prov = &mut p.native.provenance;
    prov.source_task_id = o.provenance.source_task_id.clone();
    let mut steps = o.provenance.transforms.clone();
    steps.append(&mut prov.transforms);
    prov.transforms = steps;
}

/// Instantiate, gate in rounds (until `opts.per_problem` pass per base; 0: all), render and
/// self-check over stacked bases.
fn compose_level<F>(
    pool: &Pool,
    bases: &[Base],
    opts: &ComposeOptions,
    source_format: &str,
    progress: &F,
) -> Result<(LevelReport, Vec<Composed>), ExecError>
where
    F: Fn(&str) + Sync,
{
    progress("instantiate");
    let (specs, rejections) = candidates(bases, opts);
    let n_candidates = specs.len() + rejections.len();
    // Per base, its candidates in a seeded order.
    let mut queues: Vec<Vec<Spec>> = vec![vec![]; bases.len()];
    for s in specs {
        queues[s.bases[0]].push(s);
    }
    for (bi, q) in queues.iter_mut().enumerate() {
        Rng::derive(opts.seed, &[&bases[bi].task_id, "stack"]).shuffle(q);
        q.reverse(); // popped from the end
    }
    let cap = opts.per_problem;
    let mut passed = vec![0usize; bases.len()];
    let mut tried = vec![0usize; bases.len()];
    let mut outcomes: Vec<((usize, usize), Outcome)> = vec![];
    let mut rounds = 0;
    loop {
        let mut batch = vec![];
        let mut at = vec![];
        for (bi, q) in queues.iter_mut().enumerate() {
            let want = if cap == 0 {
                q.len()
            } else {
                cap.saturating_sub(passed[bi]) << rounds.min(16)
            };
            for _ in 0..want.min(q.len()) {
                batch.push(q.pop().expect("a queued candidate"));
                at.push((bi, tried[bi]));
                tried[bi] += 1;
            }
        }
        if batch.is_empty() {
            break;
        }
        rounds += 1;
        progress(&format!(
            "gates (round {rounds}, {} candidates)",
            batch.len()
        ));
        let outs = gates::run(pool, bases, batch, &opts.gates, |_| {})?;
        for (k, o) in at.into_iter().zip(outs) {
            if o.is_ok() {
                passed[k.0] += 1;
            }
            outcomes.push((k, o));
        }
    }
    // Per base, in the seeded order: the first `cap` that passed are kept.
    outcomes.sort_by_key(|(k, _)| *k);
    let gated = outcomes.len();
    let outcomes = outcomes.into_iter().map(|(_, o)| o).collect();
    let r = finish(
        pool,
        bases,
        outcomes,
        rejections,
        opts,
        source_format,
        progress,
    )?;
    let level = LevelReport {
        candidates: n_candidates,
        gated,
        untried: queues.iter().map(Vec::len).sum(),
        rounds,
        rejected: r.rejected,
        rejections_by_gate: r.rejections_by_gate,
        surplus: r.surplus,
        rejections: r.rejections,
        ..Default::default()
    };
    Ok((level, r.problems))
}
