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
mod gen;
pub mod oracle;
pub mod reduce;
pub mod rng;
mod rounds;
pub mod seeds;
pub mod shrink;
pub mod stated;
pub mod strategy;

pub use rounds::fuzz;

use crate::exec::{ExecError, Job, JobResult, Pool};
use crate::model::{Problem, Type, Value};
use crate::probe::{self, merge_types, RefOptions};
use crate::python::analysis::{analyse, Analysis};
use crate::python::signature::{Param, ParamKind};
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
    #[error("{task_id}: contract file {path}: {mismatch}")]
    ContractMismatch {
        task_id: String,
        path: PathBuf,
        mismatch: contract::MergeError,
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
    /// A parameter's bound was learned from the reference's time (slow or timed-out inputs).
    pub bound_by_time: bool,
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
    /// Whether this problem's suite depends on the machine's speed: the reference exceeded
    /// the time limit on some input, or a bound was learned from its time. Other problems'
    /// suites follow from the seed alone.
    pub fn speed_dependent(&self) -> bool {
        self.stats.timeout > 0 || self.bound_by_time
    }

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
    let obs = probe::observation(p, r);
    let mut observed = positional_calls(&obs.calls, &params);
    let arity = fixed_arity(&observed, &params);
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
    prep.contract = problem_contract(p, &analysis, &prep, &observed, opts)?;
    if prep.skip.is_none() {
        prep.skip = ungenerable(arity, &prep.types);
    }
    prep.observed = observed;
    Ok(prep)
}

/// Observed positional argument lists (keywords mapped to positions) of the calls that did
/// not raise; calls whose keywords do not extend their positional arguments are left out.
fn positional_calls(calls: &[probe::Observed], params: &[&Param]) -> Vec<Vec<Value>> {
    let names: Vec<&str> = params.iter().map(|q| q.name.as_str()).collect();
    calls
        .iter()
        .filter(|c| c.raised.is_none())
        .filter_map(|c| c.positional(&names))
        .filter(|args| args.len() <= params.len())
        .collect()
}

/// Fixed arity: the most common observed arity, else the required parameters.
fn fixed_arity(observed: &[Vec<Value>], params: &[&Param]) -> usize {
    probe::majority_arity(observed.iter().map(Vec::len)).unwrap_or_else(|| {
        params
            .iter()
            .filter(|q| q.kind == ParamKind::Positional)
            .count()
    })
}

/// The contract in force: inferred from the observed calls, with the docstring's and the
/// published preconditions, under the task's contract file when there is one.
fn problem_contract(
    p: &Problem,
    analysis: &Analysis,
    prep: &Prepared,
    observed: &[Vec<Value>],
    opts: &FuzzOptions,
) -> Result<Contract, FuzzError> {
    let mut contract = contract::infer(&prep.names, observed);
    // Preconditions the docstring states ("a non-empty list", "1 <= n <= 1000").
    if let Some(doc) = &analysis.docstring {
        contract.stated = stated::preconditions(
            &doc.prose,
            &prep.names,
            &prep.types,
            analysis.signature.return_type.as_ref(),
        );
    }
    // EvalPlus's hand-written preconditions: the problem's own (an EvalPlus file), else the
    // ones given for its task id.
    contract.published = p
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
            contract
                .merge_file(&f)
                .map_err(|mismatch| FuzzError::ContractMismatch {
                    task_id: p.task_id.clone(),
                    path: path.clone(),
                    mismatch,
                })?;
        }
    }
    Ok(contract)
}

/// Why no inputs can be generated for a problem of this arity and these types, if so.
fn ungenerable(arity: usize, types: &[Type]) -> Option<String> {
    if arity == 0 {
        Some("the entry point takes no arguments".into())
    } else {
        types
            .iter()
            .find(|t| strategy::strategy(t, &Default::default(), Tier::Small, 1.0, 0).is_none())
            .map(|t| format!("cannot generate values of type {t}"))
    }
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
