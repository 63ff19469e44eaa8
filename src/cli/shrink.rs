//! `benchsmith shrink DATASET --samples FILE`: run samples on the structured cases of a
//! (fuzzed) dataset and shrink each failing sample's smallest failing input to a minimal,
//! readable counterexample.

use super::{output, Global, InputError, OutputFormat};
use benchsmith::evaluate::{sample_program, samples::read_samples};
use benchsmith::exec::{CaseInput, Job};
use benchsmith::fuzz::{contract, export, shrink};
use benchsmith::model::{CaseOrigin, Type, Value};
use clap::Args;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ShrinkArgs {
    /// A dataset with structured inputs (e.g. the output of `benchsmith fuzz`).
    pub dataset: String,
    /// Samples (JSON Lines with `task_id` and `completion` or `solution`).
    #[arg(long)]
    pub samples: PathBuf,
    /// Shrinking steps per failure.
    #[arg(long, default_value_t = 100)]
    pub max_steps: usize,
    /// Per-input time limit, seconds.
    #[arg(long, default_value_t = 1.0)]
    pub case_timeout: f64,
}

#[derive(Debug, Serialize)]
struct Failure {
    task_id: String,
    sample_index: usize,
    failing_inputs: usize,
    counterexample: String,
    #[serde(flatten)]
    shrunk: shrink::Counterexample,
}

fn inputs_job(
    program: String,
    setup: &str,
    entry: &str,
    cases: &[Vec<Value>],
    case_timeout: f64,
) -> Job {
    let mut j = Job::new(program);
    j.setup = setup.to_string();
    j.entry = Some(entry.to_string());
    j.cases = Some(
        cases
            .iter()
            .map(|a| CaseInput {
                args: a.clone(),
                kwargs: vec![],
            })
            .collect(),
    );
    j.case_timeout = Some(case_timeout);
    j.timeout = (case_timeout * cases.len() as f64).clamp(10.0, 120.0);
    j
}

pub fn run(g: &Global, a: &ShrinkArgs) -> anyhow::Result<i32> {
    let mut ds = g.open(&a.dataset)?;
    ds.problems
        .retain(|p| p.language == "python" && !p.tests.cases.is_empty());
    if ds.problems.is_empty() {
        return Err(InputError(format!("{}: no problem has structured inputs", ds.source)).into());
    }
    let known: HashSet<String> = ds.problems.iter().map(|p| p.task_id.clone()).collect();
    let samples = read_samples(&a.samples, &known)?;
    let by_id: HashMap<&str, &benchsmith::model::Problem> = ds
        .problems
        .iter()
        .map(|p| (p.task_id.as_str(), p))
        .collect();
    let pool = g.pool()?;
    // Expected outputs from the reference (EvalPlus files carry inputs only).
    let inputs: Vec<Vec<Vec<Value>>> = ds
        .problems
        .iter()
        .map(|p| p.tests.cases.iter().map(|c| c.args.clone()).collect())
        .collect();
    let ref_jobs: Vec<Job> = ds
        .problems
        .iter()
        .zip(&inputs)
        .map(|(p, cs)| {
            inputs_job(
                p.reference_program(),
                &p.tests.setup,
                &p.entry_point,
                cs,
                a.case_timeout,
            )
        })
        .collect();
    let refs = pool.run(&ref_jobs, |_, _| {})?;
    let idx: HashMap<&str, usize> = ds
        .problems
        .iter()
        .enumerate()
        .map(|(i, p)| (p.task_id.as_str(), i))
        .collect();
    let sample_jobs: Vec<Job> = samples
        .iter()
        .map(|s| {
            let p = by_id[s.task_id.as_str()];
            inputs_job(
                sample_program(p, s),
                &p.tests.setup,
                &p.entry_point,
                &inputs[idx[s.task_id.as_str()]],
                a.case_timeout,
            )
        })
        .collect();
    let pb = output::progress(g, sample_jobs.len(), "samples");
    let outs = pool.run(&sample_jobs, |_, _| pb.inc(1))?;
    pb.finish_and_clear();
    let mut tasks = vec![];
    let mut meta = vec![];
    for (s, r) in samples.iter().zip(&outs) {
        let pi = idx[s.task_id.as_str()];
        let p = &ds.problems[pi];
        let Some(ro) = refs[pi].outputs.as_deref() else {
            continue;
        };
        let so = r.outputs.as_deref().unwrap_or(&[]);
        let atol = p.tests.atol.unwrap_or(0.0);
        let mut failing = vec![];
        for (i, args) in inputs[pi].iter().enumerate() {
            let Some(exp) = ro
                .get(i)
                .filter(|o| o.status == "ok")
                .and_then(|o| o.value.clone())
            else {
                continue;
            };
            let case = benchsmith::model::TestCase {
                args: vec![],
                kwargs: vec![],
                expected: Some(exp.clone()),
                compare: export::compare_for(&exp, atol),
                origin: CaseOrigin::Fuzz,
                line: None,
            };
            let ok = so.get(i).is_some_and(|o| {
                o.status == "ok" && o.value.as_ref().is_some_and(|v| case.accepts(v))
            });
            if !ok {
                failing.push(args.clone());
            }
        }
        if failing.is_empty() {
            continue;
        }
        let n = failing.len();
        let start = failing
            .into_iter()
            .min_by(|x, y| {
                shrink::weight(x)
                    .partial_cmp(&shrink::weight(y))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .expect("non-empty");
        let types: Vec<Type> = (0..start.len())
            .map(|j| {
                inputs[pi]
                    .iter()
                    .filter_map(|a| a.get(j))
                    .map(Type::of)
                    .reduce(|x, y| x.unify(&y))
                    .unwrap_or(Type::Any)
            })
            .collect();
        let names: Vec<String> = (0..start.len()).map(|j| format!("arg{j}")).collect();
        let observed: Vec<Vec<Value>> = p
            .tests
            .cases
            .iter()
            .filter(|c| {
                matches!(
                    c.origin,
                    CaseOrigin::Base | CaseOrigin::Probe | CaseOrigin::Test
                )
            })
            .map(|c| c.args.clone())
            .collect();
        let mut con = contract::infer(
            &names,
            if observed.is_empty() {
                &inputs[pi]
            } else {
                &observed
            },
        );
        for (_, c) in con.params.iter_mut() {
            c.sorted = false; // keep shrinking free of fragile inferred orderings
            c.unique = false;
        }
        let exp = ro
            .iter()
            .find_map(|o| o.value.clone())
            .unwrap_or(Value::None);
        tasks.push(shrink::Task {
            reference: p.reference_program(),
            candidate: sample_program(p, s),
            setup: p.tests.setup.clone(),
            entry: p.entry_point.clone(),
            args: start,
            types,
            contract: con,
            compare: export::compare_for(&exp, atol),
            case_timeout: a.case_timeout,
        });
        meta.push((s.task_id.clone(), s.index, n, p.entry_point.clone()));
    }
    let shrunk = shrink::shrink_all(&pool, &tasks, a.max_steps)?;
    let failures: Vec<Failure> = meta
        .into_iter()
        .zip(shrunk)
        .filter_map(|((task_id, sample_index, n, entry), c)| {
            let c = c?;
            Some(Failure {
                task_id,
                sample_index,
                failing_inputs: n,
                counterexample: c.render(&entry),
                shrunk: c,
            })
        })
        .collect();
    match g.format {
        OutputFormat::Json => output::json(
            &serde_json::json!({"samples": samples.len(), "failing": failures.len(), "failures": failures}),
        )?,
        OutputFormat::Jsonl => output::jsonl(&failures)?,
        OutputFormat::Human => {
            for f in &failures {
                println!("{} #{}: {} failing inputs; smallest after {} shrink steps (size {} -> {}):\n    {}", f.task_id, f.sample_index, f.failing_inputs, f.shrunk.steps, f.shrunk.size_before, f.shrunk.size_after, f.counterexample);
            }
            println!(
                "{} samples, {} failing on some input",
                samples.len(),
                failures.len()
            );
        }
    }
    Ok(if failures.is_empty() { 0 } else { 1 })
}
