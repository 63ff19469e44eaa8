//! Generation and validation of variant sets: every (transform, seed, task) is planned,
//! applied through the edit engine, statically checked (clean re-parse, docstring intact),
//! then executed: all variants' reference programs go through ONE `Pool::run`.

use super::common::{identifiers, reserved};
use super::{partial, Base, Ctx, Params, PerturbError, Rng, Spec};
use crate::exec::{ExecError, Job, JobResult, Pool, Status};
use std::collections::HashMap;

/// Variant programs per sandboxed child.
const BATCH: usize = 16;
use crate::model::{Language, Problem, TestStyle, TransformStep};
use crate::probe;
use crate::python::analysis::{analyse, AnalysisError};
use crate::python::{apply_checked, parse, Edit};
use serde::Serialize;
use std::collections::BTreeMap;

/// One entry of a recipe, resolved.
#[derive(Clone)]
pub struct Task {
    pub spec: &'static Spec,
    pub seeds: Vec<u64>,
    pub params: Params,
    pub base: Base,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub timeout: f64,
    pub mem_mb: u64,
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: 20.0,
            mem_mb: crate::exec::DEFAULT_MEM_MB,
            threads: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
        }
    }
}

/// A variant set: one transform and seed over the dataset.
#[derive(Debug, Clone, Serialize)]
pub struct VariantSet {
    pub transform: String,
    pub seed: u64,
    pub base: Base,
    /// Valid variants in dataset order (unchanged items included: the set is complete).
    pub records: Vec<Variant>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    pub problem: Problem,
    pub changed: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SeedCounts {
    pub generated: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub invalid: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TransformReport {
    pub category: super::Category,
    pub prompt: Base,
    pub generated: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub invalid: usize,
    /// Why variants were rejected: reason -> (count, first task ids).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub invalid_reasons: BTreeMap<String, (usize, Vec<String>)>,
    /// Why items stayed unchanged: reason -> count.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub unchanged_reasons: BTreeMap<String, usize>,
    pub per_seed: BTreeMap<String, SeedCounts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub tasks: usize,
    /// Tasks left out of every set: their nominal reference fails, or they cannot be analysed.
    pub excluded: Vec<(String, String)>,
    pub variants_checked: usize,
    /// Programs actually run: variants that differ from another one only inside the entry
    /// point's docstring share its execution.
    pub executions: usize,
    pub transforms: BTreeMap<String, TransformReport>,
}

pub struct Generated {
    pub nominal_full: Vec<Problem>,
    pub nominal_partial: Vec<Problem>,
    pub sets: Vec<VariantSet>,
    pub report: Report,
}

/// Why a problem cannot be prepared for transforms: it is left out of every set (the text is
/// its reason in the report's `excluded`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrepareError {
    #[error("language {0} is not supported")]
    Language(Language),
    #[error("script-style tests are not supported")]
    ScriptTests,
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// The analysed signature lies in no function definition of the parsed program.
    #[error("entry function not found")]
    NoEntryFunction,
    /// [`partial::cut`] finds no partial-code prompt.
    #[error("cannot compute the partial prompt")]
    NoPartialCut,
}

/// Why [`apply_one`] gives no variant: the problem cannot be prepared, or the variant is
/// statically invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Prepare(#[from] PrepareError),
    /// The rejection reason (the report's `invalid_reasons` key is its first 90 characters).
    #[error("{0}")]
    Invalid(String),
}

struct Prepared<'a> {
    problem: &'a Problem,
    full: Ctx<'a>,
    partial: Ctx<'a>,
}

fn make_ctx<'a>(p: &'a Problem, cut: usize) -> Result<Ctx<'a>, PrepareError> {
    let program = p.reference_program();
    let prompt = &program[..cut];
    let solution = &program[cut..];
    let analysis = analyse(prompt, solution, &p.entry_point)?;
    let tree = parse::parse(&program);
    let f = tree
        .root_node()
        .descendant_for_byte_range(
            analysis.signature.def_span.start,
            analysis.signature.def_span.start,
        )
        .and_then(|mut n| loop {
            if n.kind() == "function_definition" {
                break Some(n);
            }
            n = n.parent()?;
        })
        .ok_or(PrepareError::NoEntryFunction)?;
    let entry_range = (f.start_byte(), f.end_byte());
    let body_code_start = match &analysis.docstring {
        Some(d) => {
            let stmt_end = d.span.end;
            super::common::line_end(&program, stmt_end).min(program.len()) + 1
        }
        None => f
            .child_by_field_name("body")
            .map(|b| super::common::line_start(&program, b.start_byte()))
            .unwrap_or(cut),
    }
    .min(cut.max(analysis.signature.body_span.start));
    let idents = identifiers(&tree, &program);
    let mut taken = idents.clone();
    taken.extend(identifiers(&parse::parse(&p.tests.code), &p.tests.code));
    taken.extend(identifiers(&parse::parse(&p.tests.setup), &p.tests.setup));
    taken.extend(reserved());
    Ok(Ctx {
        task_id: &p.task_id,
        entry: &p.entry_point,
        program,
        cut,
        tree,
        analysis,
        entry_range,
        body_code_start,
        taken,
        idents,
        test_code: &p.tests.code,
        setup: &p.tests.setup,
    })
}

fn prepare(p: &Problem) -> Result<Prepared<'_>, PrepareError> {
    if !p.language.is_python() {
        return Err(PrepareError::Language(p.language.clone()));
    }
    if p.tests.style == TestStyle::Script {
        return Err(PrepareError::ScriptTests);
    }
    let full = make_ctx(p, p.prompt.len())?;
    let cut = partial::cut(&p.prompt, &p.canonical_solution, &p.entry_point)
        .ok_or(PrepareError::NoPartialCut)?;
    let partial = make_ctx(p, cut)?;
    Ok(Prepared {
        problem: p,
        full,
        partial,
    })
}

/// The partial-code form of a problem (prompt = visible prefix, solution = the rest).
pub fn partial_problem(p: &Problem) -> Option<Problem> {
    let cut = partial::cut(&p.prompt, &p.canonical_solution, &p.entry_point)?;
    let program = p.reference_program();
    let mut q = p.clone();
    q.prompt = program[..cut].to_string();
    q.canonical_solution = program[cut..].to_string();
    Some(q)
}

/// Which comparison says "unchanged": whitespace-insensitive, except for transforms whose
/// whole point is whitespace (formatting and the Whitespace docstring transform).
fn whitespace_matters(spec: &Spec) -> bool {
    spec.category == super::Category::Format || spec.id == "Whitespace"
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[allow(clippy::large_enum_variant)]
enum Outcome {
    Unchanged(String),
    Invalid(String),
    Candidate(Problem, bool),
}

/// An edit across the prompt/completion cut: the variant has no prompt and completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("edit {start}..{end} straddles the prompt/completion cut")]
struct StraddlesCut {
    start: usize,
    end: usize,
}

/// Where the cut lands after `edits`.
fn shift(edits: &[Edit], cut: usize) -> Result<usize, StraddlesCut> {
    let mut delta: isize = 0;
    for e in edits {
        if e.start < cut && e.end > cut {
            return Err(StraddlesCut {
                start: e.start,
                end: e.end,
            });
        }
        if e.end <= cut {
            delta += e.text.len() as isize - (e.end - e.start) as isize;
        }
    }
    Ok((cut as isize + delta) as usize)
}

fn variant(pre: &Prepared<'_>, task: &Task, seed: u64) -> Outcome {
    let cx = match task.base {
        Base::Full => &pre.full,
        Base::Partial => &pre.partial,
    };
    let p = pre.problem;
    let mut rng = Rng::for_item(task.spec.id, seed, &p.task_id);
    let plan = match task.spec.imp.plan(cx, &mut rng, &task.params, task.spec) {
        Ok(plan) => plan,
        Err(PerturbError::NotApplicable(why)) => return Outcome::Unchanged(why),
        Err(e) => return Outcome::Invalid(e.to_string()),
    };
    let base_prompt = &cx.program[..cx.cut];
    let base_solution = &cx.program[cx.cut..];
    if plan.is_empty() {
        return Outcome::Unchanged("nothing to change".into());
    }
    let program = match apply_checked(&cx.program, &plan.edits) {
        Ok(s) => s,
        Err(e) => return Outcome::Invalid(format!("edit: {e}")),
    };
    let new_cut = match shift(&plan.edits, cx.cut) {
        Ok(c) => c,
        Err(e) => return Outcome::Invalid(e.to_string()),
    };
    let mut q = p.clone();
    q.prompt = program[..new_cut].to_string();
    q.canonical_solution = program[new_cut..].to_string();
    if let Some(e) = &plan.entry_point {
        q.entry_point = e.clone();
    }
    match apply_checked(&p.tests.code, &plan.test_edits) {
        Ok(t) => q.tests.code = t,
        Err(e) => return Outcome::Invalid(format!("test edit: {e}")),
    }
    match apply_checked(&p.tests.setup, &plan.setup_edits) {
        Ok(t) => q.tests.setup = t,
        Err(e) => return Outcome::Invalid(format!("setup edit: {e}")),
    }
    // Structured cases are tied to the original tests; the executed test code is authoritative.
    q.tests.cases.clear();
    let same = if whitespace_matters(task.spec) {
        q.prompt == base_prompt && q.canonical_solution == base_solution
    } else {
        squash(&q.prompt) == squash(base_prompt)
    };
    // Static validity: clean parse, analysable, docstring intact.
    let va = match analyse(&q.prompt, &q.canonical_solution, &q.entry_point) {
        Ok(a) => a,
        Err(e) => return Outcome::Invalid(format!("analysis: {e}")),
    };
    if task.spec.id != "doc2comments" {
        match (&cx.analysis.docstring, &va.docstring) {
            (Some(a), Some(b)) => {
                if a.quote != b.quote
                    || a.examples.len() != b.examples.len()
                    || a.indent != b.indent
                {
                    return Outcome::Invalid(
                        "docstring: quotes, indentation or examples changed".into(),
                    );
                }
                let (ea, eb): (Vec<&str>, Vec<&str>) = (
                    a.examples
                        .iter()
                        .map(|e| e.expected_text.as_str())
                        .collect(),
                    b.examples
                        .iter()
                        .map(|e| e.expected_text.as_str())
                        .collect(),
                );
                let mut sa: Vec<String> = ea.iter().map(|s| s.to_string()).collect();
                let mut sb: Vec<String> = eb
                    .iter()
                    .map(|s| match &plan.entry_point {
                        Some(new) => s.replace(new.as_str(), &p.entry_point),
                        None => s.to_string(),
                    })
                    .collect();
                sa.sort();
                sb.sort();
                if sa != sb {
                    return Outcome::Invalid("docstring: example outputs changed".into());
                }
            }
            (Some(_), None) => return Outcome::Invalid("docstring: lost".into()),
            _ => {}
        }
    }
    if same && plan.entry_point.is_none() {
        return Outcome::Unchanged("edits do not change the prompt".into());
    }
    q.provenance.transforms.push(TransformStep {
        id: task.spec.id.to_string(),
        seed: Some(seed),
        params: task
            .params
            .effective(task.spec)
            .into_iter()
            .map(|(k, v)| (k, serde_json::json!(v)))
            .collect(),
    });
    Outcome::Candidate(
        q,
        !same
            || plan
                .entry_point
                .as_deref()
                .is_some_and(|e| e != p.entry_point),
    )
}

fn par_map<'a, T: Sync, R: Send>(
    items: &'a [T],
    threads: usize,
    f: impl Fn(&'a T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.max(1).min(items.len().max(1));
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("perturb worker panicked"))
            .collect()
    })
}

/// Generate and validate every (task, seed) of `tasks` over `problems`.
pub fn generate<F>(
    pool: &Pool,
    problems: &[Problem],
    tasks: &[Task],
    opts: &Options,
    progress: F,
) -> Result<Generated, ExecError>
where
    F: Fn(usize, &JobResult) + Sync,
{
    // Prepare and validate the nominal.
    let (ok, excluded, limit_of) = nominal(pool, problems, opts)?;
    let nominal_full: Vec<Problem> = ok.iter().map(|pr| pr.problem.clone()).collect();
    let nominal_partial: Vec<Problem> = ok.iter().map(partial_of).collect();

    // Plan and apply every variant.
    let work: Vec<(usize, u64)> = tasks
        .iter()
        .enumerate()
        .flat_map(|(i, t)| t.seeds.iter().map(move |s| (i, *s)))
        .collect();
    let mut outcomes: Vec<Vec<Outcome>> = Vec::with_capacity(work.len());
    for (ti, seed) in &work {
        let task = &tasks[*ti];
        outcomes.push(par_map(&ok, opts.threads, |pre| variant(pre, task, *seed)));
    }

    // One batch of execution jobs for all candidates. A variant whose program differs from an
    // already scheduled one only inside the entry point's docstring (and that never reads
    // `__doc__`) has the same behaviour: it shares that execution instead of repeating it.
    let (jobs, job_of, variants_checked) = schedule(&outcomes, &limit_of, opts);
    // Variants of reference solutions are trusted to the batch level (each still runs in the
    // sandbox, with its own namespace and limits): batching saves a fork and a round trip each.
    let results = pool.run_batched(&jobs, BATCH, progress)?;

    let mut report = Report {
        tasks: problems.len(),
        excluded,
        variants_checked,
        executions: jobs.len(),
        transforms: BTreeMap::new(),
    };
    let mut sets = vec![];
    for ((ti, seed), (set, idx)) in work.iter().zip(outcomes.into_iter().zip(job_of)) {
        let task = &tasks[*ti];
        let tr = report
            .transforms
            .entry(task.spec.id.to_string())
            .or_insert_with(|| TransformReport {
                category: task.spec.category,
                prompt: task.base,
                generated: 0,
                changed: 0,
                unchanged: 0,
                invalid: 0,
                invalid_reasons: BTreeMap::new(),
                unchanged_reasons: BTreeMap::new(),
                per_seed: BTreeMap::new(),
                error: None,
            });
        let (counts, records) = tally(task, *seed, set, &idx, &ok, &results, tr);
        tr.generated += counts.generated;
        tr.changed += counts.changed;
        tr.unchanged += counts.unchanged;
        tr.invalid += counts.invalid;
        tr.per_seed.insert(format!("s{seed}"), counts);
        sets.push(VariantSet {
            transform: task.spec.id.to_string(),
            seed: *seed,
            base: task.base,
            records,
        });
    }
    Ok(Generated {
        nominal_full,
        nominal_partial,
        sets,
        report,
    })
}

/// Every problem prepared and its reference run: the usable ones, the excluded ones with why,
/// and per task the CPU limit of its variants (calibrated on the nominal's own time: a variant
/// is the same program up to meaning-preserving edits).
#[allow(clippy::type_complexity)]
fn nominal<'a>(
    pool: &Pool,
    problems: &'a [Problem],
    opts: &Options,
) -> Result<
    (
        Vec<Prepared<'a>>,
        Vec<(String, String)>,
        HashMap<&'a str, f64>,
    ),
    ExecError,
> {
    let prepared: Vec<Result<Prepared<'_>, PrepareError>> =
        par_map(problems, opts.threads, prepare);
    let nominal_jobs: Vec<Job> = problems
        .iter()
        .map(|p| probe::test_job(p, p.reference_program(), opts.timeout, opts.mem_mb))
        .collect();
    let nominal_results = pool.run(&nominal_jobs, |_, _| {})?;
    // Per-task CPU limits calibrated on the nominal's own time (a variant is the same program
    // up to meaning-preserving edits); they also let the pool start the slowest work first.
    let limit_of: HashMap<&str, f64> = problems
        .iter()
        .zip(&nominal_results)
        .map(|(p, r)| (p.task_id.as_str(), (10.0 * r.time + 2.0).min(opts.timeout)))
        .collect();
    let mut excluded = vec![];
    let mut ok: Vec<Prepared<'_>> = vec![];
    for ((p, pre), r) in problems.iter().zip(prepared).zip(&nominal_results) {
        match pre {
            Err(e) => excluded.push((p.task_id.clone(), e.to_string())),
            Ok(_) if r.status != Status::Passed => excluded.push((
                p.task_id.clone(),
                format!(
                    "nominal reference {}: {}",
                    r.status.as_str(),
                    first_line(&r.detail)
                ),
            )),
            Ok(pre) => ok.push(pre),
        }
    }
    Ok((ok, excluded, limit_of))
}

/// A prepared problem cut where its partial-code perturbations apply: prompt up to the cut.
fn partial_of(pre: &Prepared) -> Problem {
    let mut q = pre.problem.clone();
    q.prompt = pre.partial.program[..pre.partial.cut].to_string();
    q.canonical_solution = pre.partial.program[pre.partial.cut..].to_string();
    q
}

/// One batch of execution jobs for all candidates, and per outcome its job. A variant whose
/// program differs from an already scheduled one only inside the entry point's docstring (and
/// that never reads `__doc__`) has the same behaviour: it shares that execution.
#[allow(clippy::type_complexity)]
fn schedule(
    outcomes: &[Vec<Outcome>],
    limit_of: &HashMap<&str, f64>,
    opts: &Options,
) -> (Vec<Job>, Vec<Vec<Option<usize>>>, usize) {
    let mut jobs: Vec<Job> = vec![];
    let mut by_key: HashMap<(String, String, String), usize> = HashMap::new();
    let mut job_of: Vec<Vec<Option<usize>>> = vec![];
    let mut variants_checked = 0;
    for set in outcomes {
        let mut idx = vec![];
        for o in set {
            if let Outcome::Candidate(q, _) = o {
                variants_checked += 1;
                let limit = limit_of
                    .get(q.task_id.as_str())
                    .copied()
                    .unwrap_or(opts.timeout);
                let job = probe::test_job(q, q.reference_program(), limit, opts.mem_mb);
                let key = execution_key(q).map(|k| (k, job.setup.clone(), job.test.clone()));
                let slot = match key.as_ref().and_then(|k| by_key.get(k)) {
                    Some(&j) => j,
                    None => {
                        if let Some(k) = key {
                            by_key.insert(k, jobs.len());
                        }
                        jobs.push(job);
                        jobs.len() - 1
                    }
                };
                idx.push(Some(slot));
            } else {
                idx.push(None);
            }
        }
        job_of.push(idx);
    }
    (jobs, job_of, variants_checked)
}

/// One transform and seed over every problem: the variants kept (valid ones, and unchanged
/// ones as the nominal with the step recorded) and the counts, reasons added to `tr`.
fn tally(
    task: &Task,
    seed: u64,
    set: Vec<Outcome>,
    idx: &[Option<usize>],
    ok: &[Prepared],
    results: &[JobResult],
    tr: &mut TransformReport,
) -> (SeedCounts, Vec<Variant>) {
    let mut counts = SeedCounts::default();
    let mut records = vec![];
    for ((o, j), pre) in set.into_iter().zip(idx).zip(ok) {
        counts.generated += 1;
        let base_problem = match task.base {
            Base::Full => pre.problem.clone(),
            Base::Partial => partial_of(pre),
        };
        match o {
            Outcome::Unchanged(why) => {
                counts.unchanged += 1;
                *tr.unchanged_reasons.entry(why).or_insert(0) += 1;
                let mut q = base_problem;
                q.provenance.transforms.push(TransformStep {
                    id: task.spec.id.to_string(),
                    seed: Some(seed),
                    params: Default::default(),
                });
                records.push(Variant {
                    problem: q,
                    changed: false,
                });
            }
            Outcome::Invalid(why) => {
                if why.contains("needs a model backend") {
                    tr.error = Some(why.clone());
                }
                counts.invalid += 1;
                let key = why.chars().take(90).collect::<String>();
                let e = tr.invalid_reasons.entry(key).or_insert((0, vec![]));
                e.0 += 1;
                if e.1.len() < 5 {
                    e.1.push(pre.problem.task_id.clone());
                }
            }
            Outcome::Candidate(q, changed) => {
                let r = &results[j.expect("candidates have jobs")];
                if r.status == Status::Passed {
                    if changed {
                        counts.changed += 1;
                    } else {
                        counts.unchanged += 1;
                        *tr.unchanged_reasons
                            .entry("identical up to whitespace".into())
                            .or_insert(0) += 1;
                    }
                    records.push(Variant {
                        problem: q,
                        changed,
                    });
                } else {
                    counts.invalid += 1;
                    let key = format!("tests {}: {}", r.status.as_str(), first_line(&r.detail))
                        .chars()
                        .take(90)
                        .collect::<String>();
                    let e = tr.invalid_reasons.entry(key).or_insert((0, vec![]));
                    e.0 += 1;
                    if e.1.len() < 5 {
                        e.1.push(pre.problem.task_id.clone());
                    }
                }
            }
        }
    }
    (counts, records)
}

/// The program with the entry point's docstring blanked: two programs with the same key behave
/// the same (unless they read `__doc__`, in which case there is no key).
fn execution_key(q: &Problem) -> Option<String> {
    let program = q.reference_program();
    if program.contains("__doc__")
        || q.tests.code.contains("__doc__")
        || q.tests.setup.contains("__doc__")
    {
        return None;
    }
    let a =
        crate::python::analysis::analyse(&q.prompt, &q.canonical_solution, &q.entry_point).ok()?;
    let d = a.docstring?;
    let mut key = String::with_capacity(program.len());
    key.push_str(program.get(..d.span.start)?);
    key.push_str("\"\"\"\"\"\"");
    key.push_str(program.get(d.span.end..)?);
    Some(key)
}

fn first_line(s: &str) -> String {
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .chars()
        .take(120)
        .collect()
}

/// The HumanEval-format record of a problem (`task_id, prompt, entry_point,
/// canonical_solution, test`): MBPP-style assert tests run at module level, followed by a
/// no-op `check` so `check(entry_point)` is defined.
pub fn humaneval_record(p: &Problem) -> serde_json::Value {
    let test = match p.tests.style {
        TestStyle::Check => {
            if p.tests.setup.is_empty() {
                p.tests.code.clone()
            } else {
                format!("{}\n{}", p.tests.setup, p.tests.code)
            }
        }
        _ => {
            let mut t = String::new();
            if !p.tests.setup.trim().is_empty() {
                t.push_str(&p.tests.setup);
                t.push('\n');
            }
            t.push_str(&p.tests.code);
            t.push_str("\n\ndef check(candidate):\n    pass\n");
            t
        }
    };
    serde_json::json!({
        "task_id": p.task_id,
        "prompt": p.prompt,
        "entry_point": p.entry_point,
        "canonical_solution": p.canonical_solution,
        "test": test,
    })
}

/// Write the sets: `DIR/<transform>/s<seed>.jsonl` (HumanEval format),
/// `DIR/<transform>/s<seed>.native.jsonl` (native records with provenance), the nominal sets
/// `DIR/nominal/s0*.jsonl` and `DIR/nominal_partial/s0*.jsonl`, and `DIR/report.json`.
pub fn write(dir: &std::path::Path, g: &Generated) -> std::io::Result<Vec<std::path::PathBuf>> {
    use std::io::Write;
    let mut written = vec![];
    let mut put = |sub: &str,
                   name: &str,
                   records: &mut dyn Iterator<Item = (Problem, Option<(String, u64, bool)>)>|
     -> std::io::Result<()> {
        let d = dir.join(sub);
        std::fs::create_dir_all(&d)?;
        let he_path = d.join(format!("{name}.jsonl"));
        let na_path = d.join(format!("{name}.native.jsonl"));
        let mut he = std::io::BufWriter::new(std::fs::File::create(&he_path)?);
        let mut na = std::io::BufWriter::new(std::fs::File::create(&na_path)?);
        for (p, meta) in records {
            let mut rec = humaneval_record(&p);
            if let Some((t, s, changed)) = &meta {
                rec["transform"] = serde_json::json!(t);
                rec["seed"] = serde_json::json!(s);
                rec["changed"] = serde_json::json!(changed);
            }
            serde_json::to_writer(&mut he, &rec)?;
            he.write_all(b"\n")?;
            let mut nat = serde_json::to_value(&p)?;
            if let Some((_, _, changed)) = meta {
                nat["changed"] = serde_json::json!(changed);
            }
            serde_json::to_writer(&mut na, &nat)?;
            na.write_all(b"\n")?;
        }
        he.flush()?;
        na.flush()?;
        written.push(he_path);
        written.push(na_path);
        Ok(())
    };
    put(
        "nominal",
        "s0",
        &mut g.nominal_full.iter().cloned().map(|p| (p, None)),
    )?;
    put(
        "nominal_partial",
        "s0",
        &mut g.nominal_partial.iter().cloned().map(|p| (p, None)),
    )?;
    for s in &g.sets {
        let meta = |v: &Variant| Some((s.transform.clone(), s.seed, v.changed));
        put(
            &s.transform,
            &format!("s{}", s.seed),
            &mut s.records.iter().map(|v| (v.problem.clone(), meta(v))),
        )?;
    }
    let rp = dir.join("report.json");
    std::fs::write(&rp, serde_json::to_string_pretty(&g.report)? + "\n")?;
    written.push(rp);
    Ok(written)
}

/// Plan and apply one transform to one problem without executing it: `Ok(None)` when the
/// item stays unchanged, `Err` when the variant is statically invalid. For previews and tests.
pub fn apply_one(
    p: &Problem,
    spec: &'static Spec,
    seed: u64,
) -> Result<Option<Problem>, ApplyError> {
    let pre = prepare(p)?;
    let task = Task {
        spec,
        seeds: vec![seed],
        params: Params::default(),
        base: spec.base,
    };
    match variant(&pre, &task, seed) {
        Outcome::Unchanged(_) => Ok(None),
        Outcome::Invalid(e) => Err(ApplyError::Invalid(e)),
        Outcome::Candidate(q, _) => Ok(Some(q)),
    }
}
