//! Mutation analysis: semantics-altering mutants of a reference solution made by tree-sitter
//! edits (one operator per file in [`ops`]), run against the original tests and a suite of
//! inputs; the kill matrix gives mutation scores and drives suite reduction. The same mutants
//! export as a buggy-code benchmark ([`buggy_record`]).

pub mod ops;
pub mod suite;

use crate::exec::{CaseInput, CaseStatus, ExecError, Expect, Job, JobResult, Pool, Status};
use crate::fuzz::reduce::{greedy_cover, Goal};
use crate::fuzz::rng::Rng;
use crate::fuzz::{export, ProblemFuzz};
use crate::model::{Compare, Problem, TestCase, Value};
use crate::probe;
use crate::python::edit::{apply_checked, Edit};
use crate::python::parse::{self, line_of};
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use tree_sitter::Node;

/// Mutant jobs run per sandboxed child.
const MUTANT_BATCH: usize = 8;

#[derive(Debug, Clone)]
pub struct MutateOptions {
    /// Mutants kept per problem (stratified over operators); 0 = all.
    pub max_per_problem: usize,
    pub seed: u64,
    pub mem_mb: u64,
    pub case_timeout_floor: f64,
    /// A mutant's suite run stops after this many killing cases (0: runs every case). The
    /// kill verdict is unaffected; reduction chooses among the recorded killers.
    pub kills_per_mutant: u32,
}

impl Default for MutateOptions {
    fn default() -> Self {
        MutateOptions {
            max_per_problem: 40,
            seed: 0,
            mem_mb: 1024,
            case_timeout_floor: 0.05,
            kills_per_mutant: 8,
        }
    }
}

/// One mutant of a problem's reference solution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mutant {
    pub id: String,
    pub operator: &'static str,
    /// 1-based line in the reference program (prompt + solution).
    pub line: usize,
    pub description: String,
    /// The mutated canonical solution (completion).
    pub solution: String,
    #[serde(skip)]
    pub edit: Edit,
}

fn walk<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    out.push(node);
    let mut c = node.walk();
    for ch in node.children(&mut c) {
        walk(ch, out);
    }
}

/// Every mutant of `problem` (only edits inside the canonical solution), syntax-checked and
/// deduplicated, in source order per operator.
pub fn all_mutants(problem: &Problem) -> Vec<Mutant> {
    let program = problem.reference_program();
    let offset = problem.prompt.len();
    let tree = parse::parse(&program);
    let mut nodes = vec![];
    walk(tree.root_node(), &mut nodes);
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = vec![];
    for op in ops::OPERATORS {
        for n in &nodes {
            if n.start_byte() < offset {
                continue;
            }
            for site in (op.find)(*n, &program) {
                let edit = Edit::replace(site.start, site.end, site.text.clone());
                let Ok(mutated) = apply_checked(&program, std::slice::from_ref(&edit)) else {
                    continue;
                };
                if mutated == program || !seen.insert(mutated.clone()) {
                    continue;
                }
                out.push(Mutant {
                    id: String::new(),
                    operator: op.id,
                    line: line_of(*n),
                    description: site.what,
                    solution: mutated[offset..].to_string(),
                    edit,
                });
            }
        }
    }
    for (i, m) in out.iter_mut().enumerate() {
        m.id = format!("{}#m{i}", problem.task_id);
    }
    out
}

/// At most `max` mutants, chosen round-robin over operators in a seeded order.
pub fn select(problem: &Problem, all: Vec<Mutant>, max: usize, seed: u64) -> Vec<Mutant> {
    if max == 0 || all.len() <= max {
        return all;
    }
    let mut rng = Rng::stream(seed, &problem.task_id, "mutants");
    let mut groups: BTreeMap<&str, Vec<(usize, Mutant)>> = BTreeMap::new();
    for (i, m) in all.into_iter().enumerate() {
        groups.entry(m.operator).or_default().push((i, m));
    }
    for g in groups.values_mut() {
        for i in (1..g.len()).rev() {
            let j = rng.below(i + 1);
            g.swap(i, j);
        }
    }
    let mut out: Vec<(usize, Mutant)> = vec![];
    while out.len() < max {
        let mut any = false;
        for g in groups.values_mut() {
            if out.len() < max {
                if let Some(m) = g.pop() {
                    out.push(m);
                    any = true;
                }
            }
        }
        if !any {
            break;
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, m)| m).collect()
}

/// Kill information of a problem's mutants against the original tests and a suite.
#[derive(Debug, Clone)]
pub struct SuiteAnalysis {
    pub mutants: Vec<Mutant>,
    pub killed_original: Vec<bool>,
    /// Per mutant: the suite cases (indices into `ProblemFuzz::suite()`) that kill it, the
    /// first [`MutateOptions::kills_per_mutant`] of them in suite order.
    pub kills: Vec<Vec<usize>>,
    /// Cases in the suite (observed and fuzzed inputs).
    pub suite_size: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SuiteScores {
    pub mutants: usize,
    /// Killed by the original tests or the fuzzed suite. The rest survived: equivalent to the
    /// reference or beyond both suites, which no run here tells apart (equivalence unknown),
    /// so scores are shares of all mutants.
    pub non_equivalent: usize,
    pub killed_original: usize,
    pub killed_fuzzed: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub killed_reduced: Option<usize>,
    pub original: f64,
    pub fuzzed: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduced: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduced_size: Option<usize>,
    pub suite_size: usize,
}

impl SuiteAnalysis {
    pub fn scores(&self, reduced: Option<&[usize]>) -> SuiteScores {
        let n = self.mutants.len();
        let fuzz_killed: Vec<bool> = self.kills.iter().map(|k| !k.is_empty()).collect();
        let non_eq: Vec<bool> = (0..n)
            .map(|i| self.killed_original[i] || fuzz_killed[i])
            .collect();
        let ne = non_eq.iter().filter(|x| **x).count();
        let ko = self.killed_original.iter().filter(|x| **x).count();
        let kf = fuzz_killed.iter().filter(|x| **x).count();
        // Shares of all mutants: a survivor is not assumed equivalent, so no suite scores 100%
        // by construction.
        let ratio = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
        let kr = reduced.map(|sel| {
            let set: HashSet<usize> = sel.iter().copied().collect();
            self.kills
                .iter()
                .filter(|k| k.iter().any(|c| set.contains(c)))
                .count()
        });
        SuiteScores {
            mutants: n,
            non_equivalent: ne,
            killed_original: ko,
            killed_fuzzed: kf,
            killed_reduced: kr,
            original: ratio(ko),
            fuzzed: ratio(kf),
            reduced: kr.map(ratio),
            reduced_size: reduced.map(<[usize]>::len),
            suite_size: self.suite_size,
        }
    }

    /// Greedy set cover of the suite over killed mutants and covered lines.
    pub fn reduce(&self, f: &ProblemFuzz) -> Vec<usize> {
        let suite: Vec<_> = f.suite().collect();
        let mut goals: Vec<Vec<Goal>> = suite
            .iter()
            .map(|c| c.lines.iter().map(|l| Goal::Line(*l)).collect())
            .collect();
        for (m, cases) in self.kills.iter().enumerate() {
            for &c in cases {
                if let Some(g) = goals.get_mut(c) {
                    g.push(Goal::Mutant(m));
                }
            }
        }
        let cost: Vec<usize> = suite
            .iter()
            .map(|c| c.args.iter().map(|a| a.size()).sum())
            .collect();
        greedy_cover(&goals, &cost)
    }
}

/// The job that runs a mutant against the original tests and the suite inputs.
pub fn mutant_job(
    problem: &Problem,
    m: &Mutant,
    inputs: &[CaseInput],
    case_timeout: f64,
    timeout: f64,
    mem_mb: u64,
) -> Job {
    let mut job = probe::test_job(problem, problem.program_with(&m.solution), timeout, mem_mb);
    if !inputs.is_empty() {
        job.cases = Some(inputs.to_vec());
        job.case_timeout = Some(case_timeout);
    }
    job
}

/// Which suite cases a mutant's outputs fail (a case not run because the job ran out of time
/// does not count).
pub fn killing_cases(r: &JobResult, cases: &[TestCase]) -> Vec<usize> {
    let Some(outs) = r.outputs.as_deref() else {
        return vec![];
    };
    let mut k = vec![];
    for (i, (o, c)) in outs.iter().zip(cases).enumerate() {
        let killed = match o.status {
            CaseStatus::Ok if o.same || o.differs => o.differs,
            CaseStatus::Ok => o.value.as_ref().is_none_or(|v| !c.accepts(v)),
            CaseStatus::Raised => true,
            CaseStatus::Timeout => o.time > 0.0,
            CaseStatus::Skipped | CaseStatus::Broken => false,
        };
        if killed {
            k.push(i);
        }
    }
    k
}

/// Run every selected mutant of every fuzzed problem against the original tests and the
/// fuzzed suite. `None` for problems without a suite.
pub fn analyse_suites<F>(
    pool: &Pool,
    problems: &[Problem],
    results: &[ProblemFuzz],
    opts: &MutateOptions,
    progress: F,
) -> Result<Vec<Option<SuiteAnalysis>>, ExecError>
where
    F: Fn(usize, &JobResult) + Sync,
{
    let mut jobs = vec![];
    let mut owners = vec![];
    let mut per: Vec<Option<(Vec<Mutant>, Vec<TestCase>)>> = vec![];
    for (pi, (p, f)) in problems.iter().zip(results).enumerate() {
        if f.base.is_empty() && f.fuzzed.is_empty() {
            per.push(None);
            continue;
        }
        let mutants = select(p, all_mutants(p), opts.max_per_problem, opts.seed);
        let cases = export::test_cases(f, None);
        let inputs: Vec<CaseInput> = cases
            .iter()
            .map(|c| CaseInput {
                args: c.args.clone(),
                kwargs: vec![],
            })
            .collect();
        let slowest = f.suite().map(|c| c.time).fold(0.0, f64::max);
        let total: f64 = f.suite().map(|c| c.time).sum();
        let base: f64 = f.base.iter().map(|c| c.time).sum();
        // Two jobs per mutant, so that neither part's time limit is spent by the other: the
        // original tests (limit from the reference's time on the observed calls), and the
        // suite's cases (a mutant that loops is stopped after two cases hit their limit).
        let case_timeout = (3.0 * slowest + 0.02).max(opts.case_timeout_floor);
        let timeout = (3.0 * total + 1.0).min(8.0);
        let test_timeout = (10.0 * base + 0.25).min(8.0);
        // Size of the largest expected output (None when one is unknown).
        let largest: Option<usize> = cases
            .iter()
            .map(|c| c.expected.as_ref().map(Value::size))
            .try_fold(0, |m, s| s.map(|s| m.max(s)));
        for m in &mutants {
            jobs.push(mutant_job(p, m, &[], 0.0, test_timeout, opts.mem_mb));
            let mut job = mutant_job(p, m, &inputs, case_timeout, timeout, opts.mem_mb);
            job.test = String::new();
            job.stop_after_timeouts = 2;
            job.stop_after_kills = opts.kills_per_mutant;
            // A result much larger than every expected output is a kill: not worth sending.
            job.case_nodes = largest.map_or(0, |n| (2 * n + 64).min(u32::MAX as usize) as u32);
            job.expect = cases
                .iter()
                .enumerate()
                .filter(|(_, c)| c.compare == Compare::Exact)
                .filter_map(|(index, c)| {
                    let value = c.expected.clone()?;
                    Some(Expect { index, value })
                })
                .collect();
            jobs.push(job);
            owners.push(pi);
            owners.push(pi);
        }
        per.push(Some((mutants, cases)));
    }
    let done_by_problem: Vec<std::sync::atomic::AtomicUsize> =
        problems.iter().map(|_| Default::default()).collect();
    let totals: Vec<usize> = per
        .iter()
        .map(|x| x.as_ref().map(|(m, _)| 2 * m.len()).unwrap_or(0))
        .collect();
    let results_ = pool.run_batched(&jobs, MUTANT_BATCH, |i, r| {
        let pi = owners[i];
        let d = done_by_problem[pi].fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        if d == totals[pi] {
            progress(pi, r);
        }
    })?;
    let mut out = vec![];
    let mut k = 0;
    for x in per {
        let Some((mutants, cases)) = x else {
            out.push(None);
            continue;
        };
        let mut killed_original = vec![];
        let mut kills = vec![];
        for _ in &mutants {
            let (t, r) = (&results_[k], &results_[k + 1]);
            k += 2;
            killed_original.push(!matches!(t.status, Status::Passed | Status::Infra));
            kills.push(killing_cases(r, &cases));
        }
        out.push(Some(SuiteAnalysis {
            mutants,
            killed_original,
            kills,
            suite_size: cases.len(),
        }));
    }
    Ok(out)
}

/// Run mutants against the original tests only; true = killed.
pub fn run_original<F>(
    pool: &Pool,
    problem: &Problem,
    mutants: &[Mutant],
    timeout: f64,
    progress: F,
) -> Result<Vec<bool>, ExecError>
where
    F: Fn(usize, &JobResult) + Sync,
{
    let jobs: Vec<Job> = mutants
        .iter()
        .map(|m| mutant_job(problem, m, &[], 0.0, timeout, 1024))
        .collect();
    let rs = pool.run(&jobs, progress)?;
    Ok(rs
        .iter()
        .map(|r| !matches!(r.status, Status::Passed | Status::Infra))
        .collect())
}

/// A buggy-code benchmark record (as in the buggy-HumanEval study): the prompt continues with
/// the mutated solution up to and including the line holding the planted bug; the reference
/// completion is the rest of the original solution.
pub fn buggy_record(problem: &Problem, m: &Mutant) -> serde_json::Value {
    let program = problem.reference_program();
    let mutated = problem.program_with(&m.solution);
    let new_end = m.edit.start + m.edit.text.len();
    let cut_new = mutated[new_end..]
        .find('\n')
        .map(|i| new_end + i + 1)
        .unwrap_or(mutated.len());
    let cut_old = program[m.edit.end..]
        .find('\n')
        .map(|i| m.edit.end + i + 1)
        .unwrap_or(program.len());
    json!({
        "task_id": m.id.replace("#m", "/bug"),
        "prompt": &mutated[..cut_new],
        "entry_point": problem.entry_point,
        "canonical_solution": &program[cut_old..],
        "test": problem.tests.code,
        "bug": {"operator": m.operator, "line": m.line, "description": m.description, "source_task_id": problem.task_id},
    })
}

/// Mutants over every fuzzed problem, summed.
#[derive(Debug, Default, Clone, Serialize)]
pub struct MutantCounts {
    pub total: usize,
    pub non_equivalent: usize,
    pub survived: usize,
    pub killed_by_original: usize,
    pub killed_by_fuzzed: usize,
    pub killed_by_reduced: usize,
}

/// The mutation analysis of a fuzz run: per problem (aligned with the fuzz results) its suite
/// scores and, when reduced, the cases kept; the totals.
#[derive(Debug, Clone)]
pub struct FuzzScores {
    pub scores: Vec<Option<SuiteScores>>,
    pub selections: Vec<Option<Vec<usize>>>,
    pub counts: MutantCounts,
}

/// Score the fuzzed suites of `results` with mutants, and with `reduce` keep per problem the
/// fewest cases that kill what the whole suite kills.
pub fn score_fuzzed<F>(
    pool: &Pool,
    problems: &[Problem],
    results: &[ProblemFuzz],
    opts: &MutateOptions,
    reduce: bool,
    progress: F,
) -> Result<FuzzScores, ExecError>
where
    F: Fn(usize, &JobResult) + Sync,
{
    let analyses = analyse_suites(pool, problems, results, opts, progress)?;
    let mut out = FuzzScores {
        scores: vec![None; results.len()],
        selections: vec![None; results.len()],
        counts: MutantCounts::default(),
    };
    for (i, an) in analyses.into_iter().enumerate() {
        let Some(an) = an else { continue };
        let sel = reduce.then(|| an.reduce(&results[i]));
        let s = an.scores(sel.as_deref());
        let c = &mut out.counts;
        c.total += s.mutants;
        c.non_equivalent += s.non_equivalent;
        c.survived += s.mutants - s.non_equivalent;
        c.killed_by_original += s.killed_original;
        c.killed_by_fuzzed += s.killed_fuzzed;
        c.killed_by_reduced += s.killed_reduced.unwrap_or(0);
        out.scores[i] = Some(s);
        out.selections[i] = sel;
    }
    Ok(out)
}
