//! Translation of problems into other languages by rules, proven by running them. The tests
//! come from the structured cases the probe records (every outermost call of the entry point
//! while the reference runs its own tests, so loop-based and randomised tests translate too);
//! the statement is the docstring's prose with the target's terminology and examples in its
//! call syntax. Every translation is validated in the sandbox before it is emitted: (a)+(b)
//! the program with a stub body passes the language's syntax check, (c) a *table solution*
//! that returns each recorded output for its input passes every test, (d) the same table with
//! one wrong output fails (the assertions bite). What fails is not emitted; the report says
//! why per problem, with a [`Reason`].

pub mod cache;
mod cross;
pub mod emit;
pub mod program;
pub mod python_only;
pub mod render;
pub mod run;
pub mod spec;

pub use cross::{cross_check, CrossCheck};

use crate::exec::{CommandSpec, ExecError, Job, Pool, Status};
use crate::model::{Problem, Value};
use crate::probe::{self, Observation, RefOptions};
use program::Program;
use serde::Serialize;
use spec::Spec;
use std::collections::BTreeMap;

/// Why a problem was not translated (or its translation not emitted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    UnsupportedLanguage,
    /// Only Python problems are translated.
    NotPython,
    /// The program could not be analysed (syntax, no entry point).
    NoAnalysis,
    /// The reference solution did not pass its own tests.
    ReferenceFailed,
    /// No recorded call returned a value.
    NoCases,
    /// A recorded input or output has no exact literal (complex, bytes, objects).
    UntranslatableValue,
    /// A parameter or the result has a type the language cannot declare (a union, `Any`).
    UntranslatableType,
    /// An integer beyond what the language represents exactly.
    IntRange,
    /// Two inputs that the language cannot tell apart (1 and 1.0, a list and a tuple) with
    /// different outputs.
    Contradiction,
    /// An output that depends on how Python divides and takes the remainder of negative
    /// integers (floored): a faithful translation of the reference into a language that
    /// truncates computes another ([`python_only`]). Flagged and kept by default (the
    /// mathematical result is usually what the problem asks for).
    PythonDivision,
    /// An output that depends on Python's rounding of ties to even (`round(2.5) == 2`), where
    /// the language rounds them away from zero or up. Left out by default.
    PythonRounding,
    /// An output whose reference computation passes an integer beyond the language's range.
    /// Left out by default.
    IntOverflow,
    /// (a)+(b): the program with a stub body fails the syntax check.
    SyntaxCheck,
    /// (c): the table solution fails the tests.
    TableFails,
    /// (d): a table with one wrong output still passes.
    AssertionsDoNotBite,
}

/// A translated problem before validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub task_id: String,
    /// MultiPL-E's name: `HumanEval_0_has_close_elements`.
    pub name: String,
    pub program: Program,
    /// Recorded cases left out, by reason (values the target cannot express exactly, inputs
    /// it cannot tell apart); the problem is kept with the others.
    pub dropped: BTreeMap<Reason, usize>,
    /// Cases kept although a faithful translation of the reference fails them, by reason
    /// ([`Reason::PythonDivision`] by default).
    pub flagged: BTreeMap<Reason, usize>,
}

/// A MultiPL-E record (what its evaluation containers run: `prompt + completion + tests`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Record {
    pub name: String,
    pub language: String,
    pub prompt: String,
    pub doctests: String,
    pub original: String,
    pub prompt_terminology: String,
    pub tests: String,
    pub stop_tokens: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct LangSummary {
    pub translated: usize,
    pub validated: usize,
    pub skipped: usize,
    /// Problems skipped, by reason.
    pub reasons: BTreeMap<Reason, usize>,
    /// Test cases in the emitted problems.
    pub cases: usize,
    /// Recorded cases left out of emitted problems, by reason.
    pub cases_dropped: BTreeMap<Reason, usize>,
    /// Cases of emitted problems that depend on Python's arithmetic, kept, by reason.
    pub cases_flagged: BTreeMap<Reason, usize>,
    /// Where validation's time went (compiling: `check` + `build`).
    pub seconds: Seconds,
}

/// The cases of an observation as positional argument lists and outputs, de-duplicated.
fn cases(obs: &Observation, params: &[String]) -> Vec<(Vec<Value>, Value)> {
    let mut out: Vec<(Vec<Value>, Value)> = vec![];
    for c in &obs.calls {
        let (Some(result), None) = (&c.result, &c.raised) else {
            continue;
        };
        if let Some(args) = c.positional(params) {
            if !out.iter().any(|(a, _)| a == &args) {
                out.push((args, result.clone()));
            }
        }
    }
    out
}

/// Translate one problem (not yet validated). A case whose input is in one of `python_only`'s
/// sets (its recorded output depends on Python's arithmetic) is left out or flagged, by the
/// set's flag.
pub fn draft(
    p: &Problem,
    obs: &Observation,
    python_only: &[(Reason, &python_only::Inputs, bool)],
    spec: &Spec,
) -> Result<Draft, Reason> {
    if !p.language.is_python() {
        return Err(Reason::NotPython);
    }
    if obs.status != Status::Passed {
        return Err(Reason::ReferenceFailed);
    }
    let a = crate::python::analysis::analyse(&p.prompt, &p.canonical_solution, &p.entry_point)
        .map_err(|_| Reason::NoAnalysis)?;
    let params: Vec<String> = a.signature.params.iter().map(|x| x.name.clone()).collect();
    let mut cs = cases(obs, &params);
    if cs.is_empty() {
        return Err(Reason::NoCases);
    }
    let mut dropped: BTreeMap<Reason, usize> = BTreeMap::new();
    let mut flagged: BTreeMap<Reason, usize> = BTreeMap::new();
    cs.retain(|(args, _)| {
        let key = python_only::input_key(args);
        let found = python_only.iter().filter(|(_, set, _)| set.contains(&key));
        let mut keep = true;
        for (r, _, drop) in found {
            let count = if *drop { &mut dropped } else { &mut flagged };
            if keep {
                *count.entry(*r).or_default() += 1;
            }
            keep &= !drop;
        }
        keep
    });
    if cs.is_empty() {
        return Err(dropped.keys().next().copied().unwrap_or(Reason::NoCases));
    }
    // Contradictions after coercion: every case of a group the target cannot tell apart.
    let key = |args: &[Value]| render::coerced_key(&Value::List(args.to_vec()), &spec.coerce);
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (args, want) in &cs {
        groups
            .entry(key(args))
            .or_default()
            .push(render::coerced_key(want, &spec.coerce));
    }
    let mut kept_cases = vec![];
    let mut kept = std::collections::BTreeSet::new();
    for (args, want) in &cs {
        let outs = &groups[&key(args)];
        if outs.iter().any(|o| o != &outs[0]) {
            *dropped.entry(Reason::Contradiction).or_default() += 1;
        } else if kept.insert(key(args)) {
            // Inputs the target cannot tell apart, with the same output: one test is enough.
            kept_cases.push((args.clone(), want.clone()));
        }
    }
    let sig = program::Sig::infer(&a.signature, &kept_cases);
    let prose = a.docstring.as_ref().map(|d| d.prose.trim().to_string());
    let prog = program::assemble(spec, &sig, prose.as_deref(), &kept_cases, &mut dropped).map_err(
        |reason| {
            // Every case was dropped: the problem goes, with the commonest reason.
            dropped
                .iter()
                .max_by_key(|(_, n)| **n)
                .map_or(reason, |(r, _)| *r)
        },
    )?;
    Ok(Draft {
        task_id: p.task_id.clone(),
        name: multipl_e_name(&p.task_id, &p.entry_point),
        program: prog,
        dropped,
        flagged,
    })
}

/// MultiPL-E's name of a translated problem: `HumanEval_0_has_close_elements`, and for MBPP's
/// numeric ids `mbpp_11_remove_Occ`.
fn multipl_e_name(task_id: &str, entry: &str) -> String {
    if task_id.parse::<u32>().is_ok() {
        format!("mbpp_{task_id}_{entry}")
    } else {
        format!("{}_{entry}", task_id.replace(['/', '-'], "_"))
    }
}

/// The sandboxed validation job of a draft: syntax check of the stub program, the table
/// solution, the wrong table.
fn validation_job(d: &Program, spec: &Spec) -> Job {
    let ext = &spec.extension;
    let program = |body: &str| format!("{}{}{}", d.prompt, body, d.tests);
    let table = |body: &str| match d.prompt.strip_prefix(spec.preamble.as_str()) {
        Some(rest) if !spec.table_prelude.is_empty() => format!(
            "{}{}{rest}{body}{}",
            spec.preamble, spec.table_prelude, d.tests
        ),
        _ => program(body),
    };
    let mut files = vec![
        (format!("stub.{ext}"), program(&d.stub)),
        (format!("table.{ext}"), table(&d.table)),
    ];
    if !spec.wrong_by_env {
        files.push((format!("wrong.{ext}"), table(&d.wrong)));
    }
    // Each step's exit code and time, then the first lines of what the failing steps wrote.
    let wrong = if spec.wrong_by_env {
        format!("BS_WRONG=1 {}", spec.exec_line(&format!("table.{ext}")))
    } else {
        spec.run_line(&format!("wrong.{ext}"))
    };
    let script = format!(
        "t0=$(date +%s%N); {{ {check}; }} >CHECK.out 2>&1; c=$?; t1=$(date +%s%N); echo CHECK $c; \
         {{ {build}; }} >TABLE.out 2>&1; b=$?; t2=$(date +%s%N); \
         if [ $b = 0 ]; then {{ {run}; }} >>TABLE.out 2>&1; b=$?; fi; echo TABLE $b; \
         {{ {wrong}; }} >WRONG.out 2>&1; echo WRONG $?; t3=$(date +%s%N); \
         echo TIMES $((t1-t0)) $((t2-t1)) $((t3-t2)); \
         for s in CHECK TABLE; do echo \"#$s\"; grep -v '^ok ' $s.out | head -c 400; done",
        check = spec.check_line(&format!("stub.{ext}")),
        build = spec.build_line(&format!("table.{ext}")),
        run = spec.exec_line(&format!("table.{ext}")),
    );
    let mut j = Job::command(CommandSpec {
        argv: vec!["sh".into(), "-c".into(), script],
        files: files.into_iter().collect(),
        stdin: String::new(),
        output_cap: 4096,
    });
    j.timeout = spec.timeout;
    j.mem_mb = spec.mem_mb;
    j.file_mb = spec.file_mb;
    j
}

/// The outcome of a validation job, with what the failing step wrote.
fn verdict(stdout: &str) -> Result<(), Skip> {
    let said = |tag: &str| {
        let from = stdout
            .find(&format!("#{tag}\n"))
            .map_or(stdout.len(), |i| i + tag.len() + 2);
        let text = &stdout[from..];
        let end = text.find("\n#").unwrap_or(text.len());
        text[..end].trim().to_string()
    };
    let code = |tag: &str| {
        stdout
            .lines()
            .find_map(|l| {
                l.strip_prefix(tag)
                    .map(|c| c.trim().parse::<i32>().unwrap_or(-1))
            })
            .unwrap_or(-1)
    };
    let skip = |reason, detail| {
        Err(Skip {
            task_id: String::new(),
            reason,
            detail,
        })
    };
    if code("CHECK ") != 0 {
        skip(Reason::SyntaxCheck, said("CHECK"))
    } else if code("TABLE ") != 0 {
        skip(Reason::TableFails, said("TABLE"))
    } else if code("WRONG ") == 0 {
        skip(Reason::AssertionsDoNotBite, String::new())
    } else {
        Ok(())
    }
}

/// A problem not emitted, with why (and, for a failed validation step, what it wrote).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Skip {
    pub task_id: String,
    pub reason: Reason,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// Validate programs in the sandbox, one job each: (a)+(b) the stub program passes the
/// language's check, (c) the table solution passes every test, (d) the wrong table fails.
pub fn validate(
    pool: &Pool,
    spec: &Spec,
    programs: &[&Program],
) -> Result<Vec<(Verdict, Seconds)>, ExecError> {
    let jobs: Vec<Job> = programs.iter().map(|p| validation_job(p, spec)).collect();
    Ok(pool
        .run(&jobs, |_, _| {})?
        .into_iter()
        .map(|r| {
            let out = r.command.map(|c| c.stdout).unwrap_or_default();
            (verdict(&out), Seconds::of(&out))
        })
        .collect())
}

/// A validation's outcome: passed, or why the problem is skipped.
pub type Verdict = Result<(), Skip>;

/// Seconds spent in validation jobs: checking the stub, building the table solution, running
/// the table and wrong programs (summed over jobs, which run in parallel).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Seconds {
    pub check: f64,
    pub build: f64,
    pub run: f64,
}

impl Seconds {
    /// The `TIMES` line of a validation job's output (nanoseconds).
    fn of(stdout: &str) -> Seconds {
        let ns: Vec<f64> = stdout
            .lines()
            .find_map(|l| l.strip_prefix("TIMES "))
            .map(|t| {
                t.split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect()
            })
            .unwrap_or_default();
        let at = |i: usize| ns.get(i).copied().unwrap_or(0.0) / 1e9;
        Seconds {
            check: at(0),
            build: at(1),
            run: at(2),
        }
    }

    fn add(&mut self, o: Seconds) {
        self.check += o.check;
        self.build += o.build;
        self.run += o.run;
    }
}

/// One problem translated and validated: its MultiPL-E record, the program it was made of
/// and the task it comes from (every output format is written from this, see [`emit`]).
#[derive(Debug, Clone)]
pub struct Translated {
    /// The source problem's task id.
    pub task_id: String,
    pub record: Record,
    pub program: Program,
}

/// What translating a dataset gave.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub summary: LangSummary,
    /// The problems translated and validated.
    pub problems: Vec<Translated>,
    /// Problems not emitted, with why.
    pub skipped: Vec<Skip>,
    /// Per emitted problem (task id), its recorded cases left out, by reason.
    pub cases_dropped: BTreeMap<String, BTreeMap<Reason, usize>>,
    /// Per emitted problem (task id), its kept cases that depend on Python's arithmetic.
    pub cases_flagged: BTreeMap<String, BTreeMap<Reason, usize>>,
}

/// The probe's observations of the Python problems of a dataset (the reference run on its own
/// tests, every call of the entry point recorded), shared by every target language.
pub struct Observed {
    observations: BTreeMap<String, Observation>,
    /// Per run of the references with another arithmetic: the inputs, per task id, whose
    /// recorded output it changed.
    python_only: BTreeMap<python_only::Key, BTreeMap<String, python_only::Inputs>>,
    /// What becomes of a case found by those runs: left out (reasons in the set) or flagged.
    pub drop: std::collections::BTreeSet<Reason>,
}

impl Observed {
    /// Run the references once, then once more per arithmetic among `specs` that differs
    /// from Python's (see [`python_only`]).
    pub fn probe(pool: &Pool, problems: &[Problem], specs: &[Spec]) -> Result<Observed, ExecError> {
        let python: Vec<&Problem> = problems.iter().filter(|p| p.language.is_python()).collect();
        let owned: Vec<Problem> = python.iter().map(|p| (*p).clone()).collect();
        let observations = probe::probe(pool, &owned, &RefOptions::default(), |_, _| {})?;
        let mut cases = vec![];
        for (p, o) in python.iter().zip(&observations) {
            let Ok(a) =
                crate::python::analysis::analyse(&p.prompt, &p.canonical_solution, &p.entry_point)
            else {
                continue;
            };
            let params: Vec<String> = a.signature.params.iter().map(|x| x.name.clone()).collect();
            if o.status == Status::Passed {
                cases.push((*p, self::cases(o, &params)));
            }
        }
        let keys: std::collections::BTreeSet<python_only::Key> = specs
            .iter()
            .flat_map(python_only::Key::parts)
            .map(|(_, k)| k)
            .collect();
        let mut by_key = BTreeMap::new();
        for k in keys {
            by_key.insert(k, python_only::find(pool, &k, &cases)?);
        }
        Ok(Observed {
            observations: python
                .into_iter()
                .map(|p| p.task_id.clone())
                .zip(observations)
                .collect(),
            python_only: by_key,
            drop: [Reason::PythonRounding, Reason::IntOverflow].into(),
        })
    }

    /// The inputs of `task_id` whose recorded output depends on Python's arithmetic in `spec`,
    /// by reason, and whether they are left out.
    fn python_only(&self, task_id: &str, spec: &Spec) -> Vec<(Reason, &python_only::Inputs, bool)> {
        python_only::Key::parts(spec)
            .into_iter()
            .filter_map(|(r, k)| {
                let inputs = self.python_only.get(&k)?.get(task_id)?;
                Some((r, inputs, self.drop.contains(&r)))
            })
            .collect()
    }
}

/// Translate and validate every problem of a dataset into `spec`'s language.
pub fn translate(
    pool: &Pool,
    problems: &[Problem],
    observed: &Observed,
    spec: &Spec,
    original: &str,
) -> Result<Outcome, ExecError> {
    let mut out = Outcome::default();
    let mut drafts = vec![];
    for p in problems {
        let obs = observed.observations.get(&p.task_id);
        let py_only = observed.python_only(&p.task_id, spec);
        match obs
            .ok_or(Reason::NotPython)
            .and_then(|o| draft(p, o, &py_only, spec))
        {
            Ok(d) => drafts.push(d),
            Err(reason) => out.skipped.push(Skip {
                task_id: p.task_id.clone(),
                reason,
                detail: String::new(),
            }),
        }
    }
    out.summary.translated = drafts.len();
    let programs: Vec<&Program> = drafts.iter().map(|d| &d.program).collect();
    let verdicts = validate(pool, spec, &programs)?;
    for (d, (v, secs)) in drafts.into_iter().zip(verdicts) {
        out.summary.seconds.add(secs);
        match v {
            Ok(()) => {
                out.summary.cases += d.program.cases;
                for (r, n) in &d.dropped {
                    *out.summary.cases_dropped.entry(*r).or_default() += n;
                }
                if !d.dropped.is_empty() {
                    out.cases_dropped
                        .insert(d.task_id.clone(), d.dropped.clone());
                }
                for (r, n) in &d.flagged {
                    *out.summary.cases_flagged.entry(*r).or_default() += n;
                }
                if !d.flagged.is_empty() {
                    out.cases_flagged
                        .insert(d.task_id.clone(), d.flagged.clone());
                }
                out.problems.push(Translated {
                    record: Record {
                        name: d.name,
                        language: spec.id.clone(),
                        prompt: d.program.prompt.clone(),
                        doctests: "transform".into(),
                        original: original.to_string(),
                        prompt_terminology: "reworded".into(),
                        tests: d.program.tests.clone(),
                        stop_tokens: spec.stop_tokens.clone(),
                    },
                    task_id: d.task_id,
                    program: d.program,
                })
            }
            Err(skip) => out.skipped.push(Skip {
                task_id: d.task_id,
                ..skip
            }),
        }
    }
    out.summary.validated = out.problems.len();
    out.summary.skipped = out.skipped.len();
    for s in &out.skipped {
        *out.summary.reasons.entry(s.reason).or_default() += 1;
    }
    Ok(out)
}
