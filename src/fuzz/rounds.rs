//! The rounds of fuzzing: each round plans candidates per problem, runs every input once in
//! order and the answered ones again in reverse (non-determinism, line coverage), and records
//! the verdicts; a problem stops at its budget or when a round yields almost nothing.

use super::gen::{Candidate, GenState, BUCKETS};
use super::*;

/// One problem's candidates of a round: (work index, candidates, observed inputs run first).
pub(super) type Batch = (usize, Vec<Candidate>, usize);

pub(super) struct Work<'a> {
    pub(super) problem: &'a Problem,
    pub(super) prep: &'a Prepared,
    pub(super) state: GenState,
    pub(super) result: ProblemFuzz,
    pub(super) program: String,
    pub(super) entry: String,
}

/// Fuzz `problems` (prepared by [`prepare`], same order). `progress(round, done_jobs)`.
pub fn fuzz<F>(
    pool: &Pool,
    problems: &[Problem],
    prepared: &[Prepared],
    opts: &FuzzOptions,
    progress: F,
) -> Result<Vec<ProblemFuzz>, FuzzError>
where
    F: Fn(usize, usize) + Sync,
{
    let mut work: Vec<Work> = problems
        .iter()
        .zip(prepared)
        .map(|(p, prep)| start(p, prep, opts))
        .collect();
    for round in 0..opts.max_rounds.max(1) {
        // Generate this round's candidates per problem.
        let batches = plan_round(&mut work, round, opts);
        if batches.is_empty() {
            break;
        }
        // Phase 1: every input once, in order (timed without tracing).
        let inputs_of: Vec<Vec<Vec<Value>>> = batches
            .iter()
            .map(|(wi, cands, observed)| {
                let mut inputs: Vec<Vec<Value>> = w_observed(&work[*wi], *observed);
                inputs.extend(cands.iter().map(|c| c.args.clone()));
                inputs
            })
            .collect();
        let jobs: Vec<Job> = batches
            .iter()
            .zip(&inputs_of)
            .map(|((wi, _, _), inputs)| {
                let w = &work[*wi];
                let refs: Vec<&Vec<Value>> = inputs.iter().collect();
                // Optimistic deadline from the reference's observed speed; a job that misses it
                // is split and retried (run_robust), so one hanging input costs little.
                let timeout = (refs.len() as f64
                    * (w.prep.ref_call_time * 20.0).max(w.result.case_timeout * 0.25)
                    + 2.0)
                    .min(opts.time_budget);
                oracle::job(
                    w.problem,
                    &w.program,
                    &w.entry,
                    &refs,
                    w.result.case_timeout,
                    timeout,
                    opts.mem_mb,
                    false,
                )
            })
            .collect();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let first = oracle::run_robust(pool, &jobs, |_, _| {
            let d = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            progress(round, d);
        })?;
        let firsts: Vec<Vec<Result<crate::exec::CaseOutput, Verdict>>> = inputs_of
            .iter()
            .zip(&first)
            .map(|(inputs, r)| oracle::first_pass(inputs.len(), r))
            .collect();
        // Phase 2: the answered inputs again, in reverse order (non-determinism, carried
        // state), light ones with line coverage (tracing slows heavy ones too much).
        let second = second_pass(pool, &work, &batches, &inputs_of, &firsts, opts, &|| {
            let d = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            progress(round, d);
        })?;
        for (k, (wi, cands, observed)) in batches.into_iter().enumerate() {
            record_batch(
                &mut work[wi],
                (&cands, observed),
                &firsts[k],
                &second[k],
                round,
                opts,
            );
        }
    }
    Ok(work.into_iter().map(|w| finish(w, opts)).collect())
}

/// The second pass: each batch's answered inputs again, in reverse order, light ones with line
/// coverage; per batch, input index -> its second output.
pub(super) fn second_pass(
    pool: &Pool,
    work: &[Work],
    batches: &[Batch],
    inputs_of: &[Vec<Vec<Value>>],
    firsts: &[Vec<Result<crate::exec::CaseOutput, Verdict>>],
    opts: &FuzzOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<std::collections::HashMap<usize, crate::exec::CaseOutput>>, FuzzError> {
    let again: Vec<Vec<usize>> = firsts
        .iter()
        .map(|f| (0..f.len()).filter(|&i| f[i].is_ok()).rev().collect())
        .collect();
    let mut jobs: Vec<Job> = vec![];
    let mut parts: Vec<(usize, Vec<usize>)> = vec![]; // (batch, input indices)
    for (k, ((wi, _, _), inputs)) in batches.iter().zip(inputs_of).enumerate() {
        let w = &work[*wi];
        let light_limit = (w.result.case_timeout / 20.0).max(2e-3);
        let heavy = |i: &usize| {
            firsts[k][*i]
                .as_ref()
                .map(|o| o.time > light_limit)
                .unwrap_or(false)
        };
        let (mut hv, lt): (Vec<usize>, Vec<usize>) = again[k].iter().copied().partition(heavy);
        // Non-determinism is a property of the program: heavy inputs are re-run on a sample.
        hv.truncate(16);
        for idx in [lt, hv] {
            if idx.is_empty() {
                continue;
            }
            let coverage = true;
            let refs: Vec<&Vec<Value>> = idx.iter().map(|&i| &inputs[i]).collect();
            // Tracing is bounded per call (worker: TRACE_EVENTS), so a little slack suffices.
            let ct = w.result.case_timeout * 1.5 + 0.05;
            let timeout = (refs.len() as f64 * ct * 1.5 + 2.0).min(opts.time_budget);
            jobs.push(oracle::job(
                w.problem,
                &w.program,
                &w.entry,
                &refs,
                ct,
                timeout,
                opts.mem_mb,
                coverage,
            ));
            parts.push((k, idx));
        }
    }
    let second_runs = oracle::run_robust(pool, &jobs, |_, _| tick())?;
    // Per batch: input index -> its second-run output.
    let mut second: Vec<std::collections::HashMap<usize, crate::exec::CaseOutput>> =
        vec![Default::default(); batches.len()];
    for ((k, idx), r) in parts.iter().zip(second_runs) {
        let outs = r.outputs.unwrap_or_default();
        for (pos, &i) in idx.iter().enumerate() {
            if let Some(o) = outs.get(pos) {
                second[*k].insert(i, o.clone());
            }
        }
    }
    Ok(second)
}

/// A problem's fuzzing state before the first round.
pub(super) fn start<'a>(p: &'a Problem, prep: &'a Prepared, opts: &FuzzOptions) -> Work<'a> {
    let (program, entry) = oracle::oracle_program(p, &prep.names, &prep.contract);
    let case_timeout = (opts.case_timeout_factor * prep.ref_call_time).max(opts.case_timeout_floor);
    Work {
        problem: p,
        prep,
        state: GenState::new(&p.task_id, prep, opts.seed),
        result: ProblemFuzz {
            task_id: p.task_id.clone(),
            params: prep
                .names
                .iter()
                .zip(&prep.types)
                .enumerate()
                .map(|(i, (n, t))| ParamView {
                    name: n.clone(),
                    ty: t.to_string(),
                    contract: prep.contract.describe_param(i, t),
                })
                .collect(),
            contract: prep.contract.clone(),
            base: vec![],
            fuzzed: vec![],
            base_inputs: 0,
            new_inputs: 0,
            extreme_inputs: 0,
            stats: Stats::default(),
            valid_rate: 0.0,
            rounds: 0,
            atol: p.tests.atol.unwrap_or(0.0),
            case_timeout,
            bound_by_time: false,
            sources: BTreeMap::new(),
            note: prep.skip.clone(),
            types: prep.types.clone(),
            broken_detail: None,
        },
        program,
        entry,
    }
}

/// This round's candidates per problem that still needs inputs: (work index, candidates,
/// observed inputs run first).
pub(super) fn plan_round(work: &mut [Work], round: usize, opts: &FuzzOptions) -> Vec<Batch> {
    let mut batches: Vec<Batch> = vec![];
    for (wi, w) in work.iter_mut().enumerate() {
        if w.prep.skip.is_some() || w.state.exhausted {
            continue;
        }
        let have = w.result.fuzzed.len();
        if have >= opts.budget || w.state.stalled {
            continue;
        }
        let need = opts.budget - have;
        let n = if round == 0 {
            // Pilot: a small, even sample of every generator, to adapt the weights.
            (opts.budget / 5).clamp(8, 48)
        } else if round == 1 {
            let rate =
                (w.result.stats.valid as f64 / w.result.stats.candidates.max(1) as f64).max(0.2);
            ((need as f64 / rate) * 1.1).ceil() as usize + 3
        } else {
            let rate =
                (w.result.stats.valid as f64 / w.result.stats.candidates.max(1) as f64).max(0.2);
            ((need as f64 / rate) * 1.15).ceil() as usize + 3
        }
        .min(opts.budget * 2);
        let bucket = (have * BUCKETS / opts.budget.max(1))
            .max(round.saturating_sub(1))
            .min(BUCKETS - 1);
        w.state.pilot = round == 0;
        let cands = w.state.generate(w.prep, bucket, &mut w.result.stats, n);
        let observed = if round == 0 { w.prep.observed.len() } else { 0 };
        if cands.is_empty() && observed == 0 {
            continue;
        }
        batches.push((wi, cands, observed));
    }
    batches
}

/// Each input's verdict from its first pass and, where it was re-run, its second.
pub(super) fn verdicts(
    firsts: &[Result<crate::exec::CaseOutput, Verdict>],
    second: &std::collections::HashMap<usize, crate::exec::CaseOutput>,
) -> Vec<Verdict> {
    let mut vs: Vec<Verdict> = vec![];
    for (i, f) in firsts.iter().enumerate() {
        vs.push(match f {
            Err(v) => v.clone(),
            Ok(o)
                if !second.contains_key(&i)
                    && !second.is_empty()
                    && !any_nondet(firsts, second) =>
            {
                // A heavy input outside the re-run sample of a deterministic program.
                Verdict::Valid {
                    expected: o.value.clone().unwrap_or(Value::None),
                    time: o.time,
                    lines: vec![],
                }
            }
            Ok(o) => {
                let mut v = oracle::confirm(o, second.get(&i));
                if let Verdict::Valid { lines, .. } = &mut v {
                    *lines = second
                        .get(&i)
                        .and_then(|x| x.lines.clone())
                        .unwrap_or_default();
                }
                v
            }
        });
    }
    vs
}

/// One batch's verdicts from its two passes, then its inputs recorded: observed ones as base
/// cases, generated ones as fuzzed cases (within the budget), the rest counted.
pub(super) fn record_batch(
    w: &mut Work,
    (cands, observed): (&[Candidate], usize),
    firsts: &[Result<crate::exec::CaseOutput, Verdict>],
    second: &std::collections::HashMap<usize, crate::exec::CaseOutput>,
    round: usize,
    opts: &FuzzOptions,
) {
    w.result.rounds = round + 1;
    let valid_before = w.result.stats.valid;
    let vs = verdicts(firsts, second);
    let heavy_limit = (opts.suite_time / opts.budget.max(1) as f64).max(2e-3);
    let round_verdicts: Vec<u8> = vs
        .iter()
        .map(|v| match v {
            Verdict::Valid { time, .. } if *time > heavy_limit => 2,
            Verdict::Valid { .. } => 1,
            Verdict::Timeout => 2,
            _ => 0,
        })
        .collect();
    for (i, v) in vs.into_iter().enumerate() {
        if i < observed {
            if matches!(v, Verdict::Contract | Verdict::Published) {
                w.result.stats.observed_rejected += 1;
            }
            if let Verdict::Valid {
                expected,
                time,
                lines,
            } = v
            {
                w.state.covered.extend(lines.iter().copied());
                w.result.base.push(FuzzCase {
                    args: w.prep.observed[i].clone(),
                    expected,
                    source: Source::Observed,
                    time,
                    lines,
                    extreme: false,
                });
            }
            continue;
        }
        let c = &cands[i - observed];
        let st = &mut w.result.stats;
        match v {
            Verdict::Valid {
                expected,
                time,
                lines,
            } => {
                let extreme = extreme::is_extreme(&c.args, &w.prep.contract.params);
                if extreme && opts.no_extreme {
                    st.extreme_left_out += 1;
                    continue;
                }
                st.valid += 1;
                *w.state.valid.entry(c.source).or_default() += 1;
                if w.result.fuzzed.len() >= opts.budget {
                    continue;
                }
                let new_lines = lines.iter().any(|l| !w.state.covered.contains(l));
                if new_lines {
                    w.state.covered.extend(lines.iter().copied());
                    if let Some(b) = &c.bytes {
                        w.state.corpus.push(b.clone());
                    }
                } else if let Some(b) = &c.bytes {
                    if w.state.corpus.len() < 8 {
                        w.state.corpus.push(b.clone());
                    }
                }
                w.result.fuzzed.push(FuzzCase {
                    args: c.args.clone(),
                    expected,
                    source: c.source,
                    time,
                    lines,
                    extreme,
                });
            }
            Verdict::Raised(_) => st.raised += 1,
            Verdict::Contract => st.contract += 1,
            Verdict::Published => st.published += 1,
            Verdict::Timeout => st.timeout += 1,
            Verdict::NonDeterministic => st.nondeterministic += 1,
            Verdict::Opaque => st.opaque += 1,
            Verdict::Broken(why) => {
                st.broken += 1;
                if w.result.broken_detail.is_none() {
                    w.result.broken_detail = Some(why);
                }
            }
        }
    }
    learn_bounds(w, cands, observed, &round_verdicts);
    let yielded = w.result.stats.valid - valid_before;
    if round >= 1 && !cands.is_empty() && (yielded as f64) < 0.05 * cands.len() as f64 {
        w.state.stalled = true;
    }
}

/// When the reference times out on large values of its one integer parameter, bound that
/// parameter below the smallest magnitude that timed out (a contract learned from execution,
/// reported as such) so later rounds stop generating inputs that only time out.
pub(super) fn learn_bounds(w: &mut Work, cands: &[Candidate], observed: usize, verdicts: &[u8]) {
    let ints: Vec<usize> = w
        .prep
        .types
        .iter()
        .enumerate()
        .filter(|(_, t)| **t == Type::Int)
        .map(|(i, _)| i)
        .collect();
    if ints.len() != 1 {
        return;
    }
    let i = ints[0];
    let mag = |v: &Value| match v {
        Value::Int(x) => Some(x.magnitude().clone()),
        _ => None,
    };
    let mut timed: Vec<num_bigint::BigUint> = vec![];
    for (k, c) in cands.iter().enumerate() {
        if verdicts.get(observed + k) == Some(&2) {
            if let Some(m) = c.args.get(i).and_then(mag) {
                timed.push(m);
            }
        }
    }
    if timed.len() < 2 {
        return;
    }
    let t = timed.into_iter().min().expect("non-empty");
    let bound: f64 = t.to_string().parse::<f64>().unwrap_or(f64::MAX) - 1.0;
    if bound < 1.0 {
        return;
    }
    let c = &mut w.state.contract.params[i].1;
    if c.max.is_none_or(|m| m > bound) {
        c.max = Some(bound);
        if c.min.is_none_or(|m| m < -bound) {
            c.min = Some(-bound);
        }
        c.class = Some(format!(
            "|value| <= {bound}, learned from the reference's time"
        ));
        w.result.bound_by_time = true;
        w.state.rebuild(&w.prep.types);
        w.result.contract = w.state.contract.clone();
        if let Some(p) = w.result.params.get_mut(i) {
            p.contract = w.state.contract.describe_param(i, &w.prep.types[i]);
        }
    }
}

pub(super) fn any_nondet(
    first: &[Result<crate::exec::CaseOutput, Verdict>],
    second: &std::collections::HashMap<usize, crate::exec::CaseOutput>,
) -> bool {
    second.iter().any(|(i, b)| match first.get(*i) {
        Some(Ok(a)) => !matches!(
            oracle::confirm(a, Some(b)),
            Verdict::Valid { .. } | Verdict::Timeout
        ),
        _ => false,
    })
}

pub(super) fn w_observed(w: &Work, observed: usize) -> Vec<Vec<Value>> {
    if observed > 0 {
        w.prep.observed.clone()
    } else {
        vec![]
    }
}

pub(super) fn finish(mut w: Work, opts: &FuzzOptions) -> ProblemFuzz {
    let r = &mut w.result;
    r.base_inputs = r.base.len();
    r.new_inputs = r.fuzzed.len();
    r.extreme_inputs = r.fuzzed.iter().filter(|c| c.extreme).count();
    r.valid_rate = if r.stats.candidates > 0 {
        r.stats.valid as f64 / r.stats.candidates as f64
    } else {
        0.0
    };
    for s in GENERATORS {
        let t = *w.state.tried.get(&s).unwrap_or(&0);
        if t > 0 {
            let key = serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            r.sources
                .insert(key, (t, *w.state.valid.get(&s).unwrap_or(&0)));
        }
    }
    if r.suite().any(|c| c.expected.has_float()) && r.atol == 0.0 {
        r.atol = 1e-6;
    }
    if r.note.is_none() && r.new_inputs < opts.budget {
        let st = &r.stats;
        let rejected = [
            (st.timeout, "the reference solution exceeds the time limit"),
            (st.raised, "the reference solution raises"),
            (st.contract, "the contract rejects them"),
            (st.published, "the published contract rejects them"),
            (st.type_mismatch, "they do not match the parameter types"),
            (
                st.nondeterministic,
                "the reference solution is not deterministic",
            ),
            (st.opaque, "outputs are not plain data"),
            (st.broken, "the oracle job failed"),
        ];
        let worst = rejected
            .iter()
            .max_by_key(|(n, _)| *n)
            .filter(|(n, _)| *n > 0);
        let space = r
            .params
            .iter()
            .map(|p| format!("{}: {}", p.name, p.contract))
            .collect::<Vec<_>>()
            .join("; ");
        r.note = Some(if w.state.exhausted || w.state.stalled {
            let why = worst
                .map(|(n, why)| format!("; {n} of them rejected because {why}"))
                .unwrap_or_default();
            format!("input space exhausted: the generators found only {} distinct inputs for ({space}){why}", r.stats.candidates + r.base_inputs).replace("exhausted: the generators found only", if w.state.exhausted { "exhausted: the generators found only" } else { "nearly exhausted (a round yielded under 5% valid inputs) after" })
        } else if let Some((n, why)) = worst {
            format!("{n} of {} candidates rejected because {why}", st.candidates)
        } else {
            "round limit reached".into()
        });
    }
    w.result
}
