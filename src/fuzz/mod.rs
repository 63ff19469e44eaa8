//! Fuzzing: new test inputs per problem, generated per argument with the arity fixed, from the
//! problem's types and contract, validated and labelled by the reference solution.
//!
//! - [`strategy`]: proptest strategies per [`Type`] (small and large tiers, growing sizes)
//! - [`seeds`]: mutations of the observed inputs
//! - [`bytes`]: `arbitrary`-based byte-driven generator, coverage-guided corpus
//! - [`contract`]: inferred contracts, YAML overrides
//! - [`oracle`]: expected outputs from the reference, run twice
//! - [`reduce`]: greedy set cover over killed mutants and covered lines
//! - [`shrink`]: minimal failing inputs
//! - [`export`]: EvalPlus, HumanEval and native records

pub mod bytes;
pub mod contract;
pub mod counterexample;
pub mod export;
pub mod extreme;
pub mod oracle;
pub mod reduce;
pub mod rng;
pub mod seeds;
pub mod shrink;
pub mod stated;
pub mod strategy;

use crate::exec::{ExecError, Job, JobResult, Pool};
use crate::model::{Problem, Type, Value};
use crate::probe::{self, merge_types, RefOptions};
use crate::python::analysis::analyse;
use crate::python::signature::ParamKind;
use contract::Contract;
use oracle::Verdict;
use proptest::strategy::{BoxedStrategy, Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use strategy::Tier;

#[derive(Debug, Clone)]
pub struct FuzzOptions {
    /// New valid inputs wanted per problem.
    pub budget: usize,
    pub seed: u64,
    pub max_rounds: usize,
    /// Directory of per-task contract files.
    pub contracts_dir: Option<PathBuf>,
    /// Published precondition blocks by task id (HumanEval+ / MBPP+ `contract`), used beside
    /// a problem's own `contract` field when it has one.
    pub published_contracts: std::collections::HashMap<String, String>,
    /// Per-input limit = max(floor, factor x the slowest observed call of the reference).
    pub case_timeout_floor: f64,
    pub case_timeout_factor: f64,
    /// Wall-clock limit of one problem's oracle job per round, seconds.
    pub time_budget: f64,
    /// Reference time the new inputs of one problem should cost in total, seconds: inputs
    /// slower than `suite_time / budget` steer generation towards smaller values.
    pub suite_time: f64,
    pub mem_mb: u64,
    /// Leave out the extreme tier (EvalPlus's NoExtreme).
    pub no_extreme: bool,
}

impl Default for FuzzOptions {
    fn default() -> Self {
        FuzzOptions {
            budget: 250,
            seed: 0,
            max_rounds: 5,
            contracts_dir: None,
            published_contracts: Default::default(),
            case_timeout_floor: 0.05,
            case_timeout_factor: 5.0,
            time_budget: 30.0,
            suite_time: 1.0,
            mem_mb: crate::exec::DEFAULT_MEM_MB,
            no_extreme: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FuzzError {
    #[error(transparent)]
    Exec(#[from] ExecError),
    #[error(transparent)]
    Contract(#[from] contract::ContractError),
    #[error("{task_id}: contract file {path}: {message}")]
    ContractMismatch {
        task_id: String,
        path: PathBuf,
        message: String,
    },
}

/// Which generator produced an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Observed,
    TypedSmall,
    TypedLarge,
    SeedMutation,
    Bytes,
    /// An input of a suite given as a file (`benchsmith mutate --suite`), not generated.
    Given,
}

const GENERATORS: [Source; 4] = [
    Source::TypedSmall,
    Source::TypedLarge,
    Source::SeedMutation,
    Source::Bytes,
];

/// A validated input with its expected output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FuzzCase {
    pub args: Vec<Value>,
    pub expected: Value,
    pub source: Source,
    /// Reference time, seconds.
    pub time: f64,
    /// Lines of the reference program it executes.
    #[serde(skip)]
    pub lines: Vec<u32>,
    /// In the extreme tier (`fuzz::extreme`): far outside the observed inputs.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub extreme: bool,
}

/// Counts of what happened to candidates.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Distinct new candidates considered (duplicates are not candidates).
    pub candidates: usize,
    pub valid: usize,
    pub type_mismatch: usize,
    pub contract: usize,
    /// Met benchsmith's own contract but broke the published one (EvalPlus's `contract`):
    /// how many inputs benchsmith would have kept without the authors' preconditions.
    pub published: usize,
    pub raised: usize,
    pub timeout: usize,
    pub nondeterministic: usize,
    pub opaque: usize,
    pub broken: usize,
    /// Generated values equal to an earlier candidate or an observed input.
    pub duplicates: usize,
    /// Valid inputs of the extreme tier left out (`--no-extreme`).
    pub extreme_left_out: usize,
    /// Original test inputs that the contract in force (stated or published) rejects: the
    /// tests and the documented domain disagree.
    pub observed_rejected: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParamView {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub contract: String,
}

/// The fuzzing result of one problem.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProblemFuzz {
    pub task_id: String,
    pub params: Vec<ParamView>,
    pub contract: Contract,
    /// Observed inputs of the original tests (with the reference's outputs).
    #[serde(skip)]
    pub base: Vec<FuzzCase>,
    #[serde(skip)]
    pub fuzzed: Vec<FuzzCase>,
    pub base_inputs: usize,
    pub new_inputs: usize,
    /// New inputs in the extreme tier (`fuzz::extreme`), counted in `new_inputs`.
    pub extreme_inputs: usize,
    pub stats: Stats,
    pub valid_rate: f64,
    pub rounds: usize,
    pub atol: f64,
    pub case_timeout: f64,
    /// tried / valid per generator.
    pub sources: BTreeMap<String, (usize, usize)>,
    /// Why there are fewer inputs than the budget (or none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub types: Vec<Type>,
    /// The first oracle-job failure, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broken_detail: Option<String>,
}

impl ProblemFuzz {
    /// Observed inputs followed by new ones: the fuzzed suite.
    pub fn suite(&self) -> impl Iterator<Item = &FuzzCase> {
        self.base.iter().chain(&self.fuzzed)
    }
}

/// What is known about a problem before fuzzing.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub names: Vec<String>,
    pub types: Vec<Type>,
    pub contract: Contract,
    pub observed: Vec<Vec<Value>>,
    pub ref_call_time: f64,
    pub skip: Option<String>,
}

/// Canonical key of an argument list (tagged encoding: tuple != list, bool != int).
pub fn args_key(args: &[Value]) -> String {
    Value::List(args.to_vec()).to_json().to_string()
}

/// Probe the reference solutions and derive names, types and contracts.
pub fn prepare<F>(
    pool: &Pool,
    problems: &[Problem],
    opts: &FuzzOptions,
    progress: F,
) -> Result<Vec<Prepared>, FuzzError>
where
    F: Fn(usize, &JobResult) + Sync,
{
    let ref_opts = RefOptions {
        timeout: 60.0,
        mem_mb: opts.mem_mb,
        ..RefOptions::default()
    };
    let jobs: Vec<Job> = problems
        .iter()
        .map(|p| {
            let mut j = probe::reference_job(p, &ref_opts);
            j.cases = None;
            j
        })
        .collect();
    let results = pool.run(&jobs, progress)?;
    let mut out = vec![];
    for (p, r) in problems.iter().zip(results) {
        out.push(prepare_one(p, r, opts)?);
    }
    // Docstring preconditions that an original test input breaks are dropped (and reported).
    // (Problems without original inputs still run the job: it checks that they compile.)
    let checked: Vec<usize> = (0..out.len())
        .filter(|&i| !out[i].contract.stated.is_empty())
        .collect();
    let jobs: Vec<Job> = checked
        .iter()
        .map(|&i| {
            let p = &out[i];
            stated::check_job(&p.contract.stated, &p.names, &p.observed, opts.mem_mb)
        })
        .collect();
    for (&i, r) in checked.iter().zip(pool.run(&jobs, |_, _| {})?) {
        let c = &mut out[i].contract;
        let keep = stated::held(c.stated.len(), &r);
        let all = std::mem::take(&mut c.stated);
        for (s, k) in all.into_iter().zip(keep) {
            if k {
                c.stated.push(s);
            } else {
                c.stated_dropped.push(s);
            }
        }
    }
    // The kept ones steer the generators.
    for p in out.iter_mut() {
        for s in &p.contract.stated {
            let Some(k) = p.names.iter().position(|n| *n == s.param) else {
                continue;
            };
            if let (Some((_, c)), Some(t)) = (p.contract.params.get_mut(k), p.types.get(k)) {
                s.bound.apply(c, t);
            }
        }
    }
    Ok(out)
}

fn prepare_one(p: &Problem, r: JobResult, opts: &FuzzOptions) -> Result<Prepared, FuzzError> {
    let mut prep = Prepared {
        names: vec![],
        types: vec![],
        contract: Contract::default(),
        observed: vec![],
        ref_call_time: 0.0,
        skip: None,
    };
    let calls = r.calls.clone().unwrap_or_default();
    prep.ref_call_time = calls.iter().map(|c| c.time).fold(0.0, f64::max);
    let analysis = match analyse(&p.prompt, &p.canonical_solution, &p.entry_point) {
        Ok(a) => a,
        Err(e) => {
            prep.skip = Some(format!("analysis failed: {e}"));
            return Ok(prep);
        }
    };
    let params: Vec<_> = analysis
        .signature
        .params
        .iter()
        .filter(|q| matches!(q.kind, ParamKind::Positional | ParamKind::Default))
        .collect();
    if r.status != crate::exec::Status::Passed {
        prep.skip = Some(format!(
            "reference solution does not pass its tests ({}: {})",
            r.status.as_str(),
            r.detail
        ));
    }
    // Observed positional argument lists (keywords mapped to positions).
    let obs = probe::observation(p, r);
    let mut observed: Vec<Vec<Value>> = vec![];
    for c in obs.calls.iter().filter(|c| c.raised.is_none()) {
        let mut args = c.args.clone();
        let mut ok = true;
        for (k, v) in &c.kwargs {
            match params.iter().position(|q| &q.name == k) {
                Some(i) if i == args.len() => args.push(v.clone()),
                _ => ok = false,
            }
        }
        if ok && args.len() <= params.len() {
            observed.push(args);
        }
    }
    // Fixed arity: the most common observed arity, else the required parameters.
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for a in &observed {
        *counts.entry(a.len()).or_default() += 1;
    }
    let arity = counts
        .iter()
        .max_by_key(|(n, c)| (**c, usize::MAX - **n))
        .map(|(n, _)| *n)
        .unwrap_or_else(|| {
            params
                .iter()
                .filter(|q| q.kind == ParamKind::Positional)
                .count()
        });
    observed.retain(|a| a.len() == arity);
    let mut seen = HashSet::new();
    observed.retain(|a| seen.insert(args_key(a)));
    prep.names = params.iter().take(arity).map(|q| q.name.clone()).collect();
    while prep.names.len() < arity {
        prep.names.push(format!("arg{}", prep.names.len()));
    }
    let inferred = probe::infer_types(&obs.calls, &prep.names);
    for i in 0..arity {
        let declared = params.get(i).and_then(|q| q.ty.as_ref());
        let seen_t = inferred
            .as_ref()
            .and_then(|t| t.params.get(i))
            .map(|(_, t)| t.clone())
            .filter(|t| *t != Type::Any);
        prep.types.push(merge_types(declared, seen_t.as_ref()));
    }
    prep.contract = contract::infer(&prep.names, &observed);
    // Preconditions the docstring states ("a non-empty list", "1 <= n <= 1000").
    if let Some(doc) = &analysis.docstring {
        prep.contract.stated = stated::preconditions(
            &doc.prose,
            &prep.names,
            &prep.types,
            analysis.signature.return_type.as_ref(),
        );
    }
    // EvalPlus's hand-written preconditions: the problem's own (an EvalPlus file), else the
    // ones given for its task id.
    prep.contract.published = p
        .extra
        .get("contract")
        .and_then(|c| c.as_str())
        .or_else(|| opts.published_contracts.get(&p.task_id).map(String::as_str))
        .filter(|c| !c.trim().is_empty())
        .map(str::to_string);
    if let Some(dir) = &opts.contracts_dir {
        let path = contract::file_for(dir, &p.task_id);
        if path.exists() {
            let f = contract::load_file(&path)?;
            prep.contract
                .merge_file(&f)
                .map_err(|message| FuzzError::ContractMismatch {
                    task_id: p.task_id.clone(),
                    path: path.clone(),
                    message,
                })?;
        }
    }
    if prep.skip.is_none() {
        if arity == 0 {
            prep.skip = Some("the entry point takes no arguments".into());
        } else if let Some(t) = prep
            .types
            .iter()
            .find(|t| strategy::strategy(t, &Default::default(), Tier::Small, 1.0, 0).is_none())
        {
            prep.skip = Some(format!("cannot generate values of type {t}"));
        }
    }
    prep.observed = observed;
    Ok(prep)
}

/// Per-problem generator state.
struct GenState {
    seen: HashSet<String>,
    runner: TestRunner,
    rng: rng::Rng,
    strategies: Vec<Vec<Vec<BoxedStrategy<Value>>>>, // [tier][bucket][param]
    ingredients: seeds::Ingredients,
    corpus: Vec<Vec<u8>>,
    covered: HashSet<u32>,
    tried: BTreeMap<Source, usize>,
    valid: BTreeMap<Source, usize>,
    exhausted: bool,
    pilot: bool,
    /// The last round yielded almost nothing: stop spending time on this problem.
    stalled: bool,
    /// The contract in force (inferred, from file, plus bounds learned from timeouts).
    contract: Contract,
}

struct Candidate {
    args: Vec<Value>,
    source: Source,
    bytes: Option<Vec<u8>>,
}

const BUCKETS: usize = 4;

impl GenState {
    fn build(types: &[Type], contract: &Contract) -> Vec<Vec<Vec<BoxedStrategy<Value>>>> {
        let mut strategies = vec![];
        for tier in [Tier::Small, Tier::Large] {
            let mut per_bucket = vec![];
            for b in 0..BUCKETS {
                let size = (b + 1) as f64 / BUCKETS as f64;
                let ps: Vec<BoxedStrategy<Value>> = types
                    .iter()
                    .zip(&contract.params)
                    .filter_map(|(t, (_, c))| strategy::strategy(t, c, tier, size, 0))
                    .collect();
                per_bucket.push(ps);
            }
            strategies.push(per_bucket);
        }
        strategies
    }

    fn rebuild(&mut self, types: &[Type]) {
        self.strategies = GenState::build(types, &self.contract);
    }

    fn new(task_id: &str, prep: &Prepared, seed: u64) -> GenState {
        let strategies = GenState::build(&prep.types, &prep.contract);
        let mut seen = HashSet::new();
        for a in &prep.observed {
            seen.insert(args_key(a));
        }
        GenState {
            seen,
            runner: rng::runner(seed, task_id, "typed"),
            rng: rng::Rng::stream(seed, task_id, "mutate"),
            strategies,
            ingredients: seeds::Ingredients::collect(&prep.observed),
            corpus: vec![],
            covered: HashSet::new(),
            tried: BTreeMap::new(),
            valid: BTreeMap::new(),
            exhausted: false,
            pilot: true,
            stalled: false,
            contract: prep.contract.clone(),
        }
    }

    fn weight(&self, s: Source, has_seeds: bool) -> f64 {
        if self.pilot {
            return if s == Source::SeedMutation && !has_seeds {
                0.0
            } else {
                1.0
            };
        }
        let base = match s {
            Source::TypedSmall => 0.3,
            Source::TypedLarge => 0.15,
            Source::SeedMutation => {
                if has_seeds {
                    0.4
                } else {
                    0.0
                }
            }
            Source::Bytes => 0.15,
            Source::Observed | Source::Given => 0.0,
        };
        let t = *self.tried.get(&s).unwrap_or(&0) as f64;
        let v = *self.valid.get(&s).unwrap_or(&0) as f64;
        let rate = (v + 1.0) / (t + 2.0);
        base * rate.powi(5)
    }

    fn pick_source(&mut self, has_seeds: bool) -> Source {
        let ws: Vec<f64> = GENERATORS
            .iter()
            .map(|s| self.weight(*s, has_seeds))
            .collect();
        let total: f64 = ws.iter().sum();
        let mut x = self.rng.unit() * total;
        for (s, w) in GENERATORS.iter().zip(ws) {
            if x < w {
                return *s;
            }
            x -= w;
        }
        Source::TypedSmall
    }

    fn generate(
        &mut self,
        prep: &Prepared,
        bucket: usize,
        stats: &mut Stats,
        n: usize,
    ) -> Vec<Candidate> {
        let mut out = vec![];
        let has_seeds = !prep.observed.is_empty();
        let mut attempts = 0;
        let mut dup_streak = 0;
        while out.len() < n && attempts < n * 40 {
            attempts += 1;
            let source = self.pick_source(has_seeds);
            let mut bytes = None;
            let args = match source {
                Source::TypedSmall | Source::TypedLarge => {
                    let tier = if source == Source::TypedSmall { 0 } else { 1 };
                    let mut args = vec![];
                    for s in &self.strategies[tier][bucket] {
                        match s.new_tree(&mut self.runner) {
                            Ok(t) => args.push(t.current()),
                            Err(_) => break,
                        }
                    }
                    if args.len() != prep.types.len() {
                        continue;
                    }
                    self.contract.repair(&mut args);
                    Some(args)
                }
                Source::SeedMutation => seeds::mutate_args(
                    &prep.observed,
                    &prep.types,
                    &self.contract,
                    &self.ingredients,
                    &mut self.rng,
                ),
                Source::Bytes | Source::Observed | Source::Given => {
                    let data = if !self.corpus.is_empty() && self.rng.chance(0.7) {
                        let a = self.rng.below(self.corpus.len());
                        let b = self.rng.below(self.corpus.len());
                        bytes::mutate(&self.corpus[a], Some(&self.corpus[b]), &mut self.rng)
                    } else {
                        let len = 16 + self.rng.below(24 * (bucket + 1) * 4);
                        self.rng.bytes(len)
                    };
                    let args = bytes::decode(&prep.types, &self.contract, &data);
                    bytes = Some(data);
                    args
                }
            };
            let Some(mut args) = args else { continue };
            self.contract.repair_shapes(&mut args);
            if !self.seen.insert(args_key(&args)) {
                stats.duplicates += 1;
                dup_streak += 1;
                if dup_streak > 1000 {
                    self.exhausted |= bucket + 1 >= BUCKETS;
                    break;
                }
                continue;
            }
            dup_streak = 0;
            stats.candidates += 1;
            *self.tried.entry(source).or_default() += 1;
            if !prep.types.iter().zip(&args).all(|(t, v)| t.admits(v)) {
                stats.type_mismatch += 1;
                continue;
            }
            if self.contract.violation(&args).is_some() {
                stats.contract += 1;
                continue;
            }
            out.push(Candidate {
                args,
                source,
                bytes,
            });
        }
        if out.len() < n && attempts >= n * 40 && bucket + 1 >= BUCKETS {
            self.exhausted = true;
        }
        out
    }
}

/// One problem's candidates of a round: (work index, candidates, observed inputs run first).
type Batch = (usize, Vec<Candidate>, usize);

struct Work<'a> {
    problem: &'a Problem,
    prep: &'a Prepared,
    state: GenState,
    result: ProblemFuzz,
    program: String,
    entry: String,
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
fn second_pass(
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
fn start<'a>(p: &'a Problem, prep: &'a Prepared, opts: &FuzzOptions) -> Work<'a> {
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
fn plan_round(work: &mut [Work], round: usize, opts: &FuzzOptions) -> Vec<Batch> {
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
fn verdicts(
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
fn record_batch(
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
fn learn_bounds(w: &mut Work, cands: &[Candidate], observed: usize, verdicts: &[u8]) {
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
        w.state.rebuild(&w.prep.types);
        w.result.contract = w.state.contract.clone();
        if let Some(p) = w.result.params.get_mut(i) {
            p.contract = w.state.contract.describe_param(i, &w.prep.types[i]);
        }
    }
}

fn any_nondet(
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

fn w_observed(w: &Work, observed: usize) -> Vec<Vec<Value>> {
    if observed > 0 {
        w.prep.observed.clone()
    } else {
        vec![]
    }
}

fn finish(mut w: Work, opts: &FuzzOptions) -> ProblemFuzz {
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

/// Aggregate numbers over problems.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Totals {
    pub problems: usize,
    pub fuzzed_problems: usize,
    pub inputs: usize,
    pub base_inputs: usize,
    pub candidates: usize,
    pub valid: usize,
    pub valid_rate: f64,
    pub mean_inputs: f64,
    pub below_budget: usize,
}

pub fn totals(results: &[ProblemFuzz], budget: usize) -> Totals {
    let mut t = Totals {
        problems: results.len(),
        ..Default::default()
    };
    for r in results {
        t.inputs += r.new_inputs;
        t.base_inputs += r.base_inputs;
        t.candidates += r.stats.candidates;
        t.valid += r.stats.valid;
        if r.new_inputs > 0 {
            t.fuzzed_problems += 1;
        }
        if r.new_inputs < budget.min(200) {
            t.below_budget += 1;
        }
    }
    t.valid_rate = if t.candidates > 0 {
        t.valid as f64 / t.candidates as f64
    } else {
        0.0
    };
    t.mean_inputs = if t.problems > 0 {
        t.inputs as f64 / t.problems as f64
    } else {
        0.0
    };
    t
}
