//! Translation of problems into other languages by rules, proven by running them. The tests
//! come from the structured cases the probe records (every outermost call of the entry point
//! while the reference runs its own tests, so loop-based and randomised tests translate too);
//! the statement is the docstring's prose with the target's terminology and examples in its
//! call syntax. Every translation is validated in the sandbox before it is emitted: (a)+(b)
//! the program with a stub body passes the language's syntax check, (c) a *table solution*
//! that returns each recorded output for its input passes every test, (d) the same table with
//! one wrong output fails (the assertions bite). What fails is not emitted; the report says
//! why per problem, with a [`Reason`].

pub mod render;
pub mod spec;

use crate::exec::{CommandSpec, ExecError, Job, Pool, Status};
use crate::model::{Problem, Value};
use crate::probe::{self, Observation, RefOptions};
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
    /// An integer beyond what the language represents exactly.
    IntRange,
    /// Two inputs that the language cannot tell apart (1 and 1.0, a list and a tuple) with
    /// different outputs.
    Contradiction,
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
    pub prompt: String,
    pub tests: String,
    /// Completions for validation: the table solution and the same with one wrong output.
    pub table: String,
    pub wrong: String,
    pub cases: usize,
    /// Recorded cases left out, by reason (values the target cannot express exactly, inputs
    /// it cannot tell apart); the problem is kept with the others.
    pub dropped: BTreeMap<Reason, usize>,
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
}

/// JavaScript words that cannot name a parameter.
const RESERVED: &[&str] = &[
    "arguments",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "eval",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// The cases of an observation as positional argument lists and outputs, de-duplicated.
fn cases(obs: &Observation, params: &[String]) -> Vec<(Vec<Value>, Value)> {
    let mut out: Vec<(Vec<Value>, Value)> = vec![];
    for c in &obs.calls {
        let (Some(result), None) = (&c.result, &c.raised) else {
            continue;
        };
        let mut args = c.args.clone();
        let mut ok = true;
        for (k, v) in &c.kwargs {
            match params.iter().position(|p| p == k) {
                Some(i) if i == args.len() => args.push(v.clone()),
                _ => ok = false,
            }
        }
        if ok && !out.iter().any(|(a, _)| a == &args) {
            out.push((args, result.clone()));
        }
    }
    out
}

/// Translate one problem (not yet validated).
pub fn draft(p: &Problem, obs: &Observation, spec: &Spec) -> Result<Draft, Reason> {
    if p.language != "python" {
        return Err(Reason::NotPython);
    }
    if obs.status != Status::Passed {
        return Err(Reason::ReferenceFailed);
    }
    let a = crate::python::analysis::analyse(&p.prompt, &p.canonical_solution, &p.entry_point)
        .map_err(|_| Reason::NoAnalysis)?;
    let params: Vec<String> = a.signature.params.iter().map(|x| x.name.clone()).collect();
    let cs = cases(obs, &params);
    if cs.is_empty() {
        return Err(Reason::NoCases);
    }
    let mut dropped: BTreeMap<Reason, usize> = BTreeMap::new();
    // Contradictions after coercion: every case of a group the target cannot tell apart.
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (args, want) in &cs {
        let k = render::coerced_key(&Value::List(args.clone()));
        groups.entry(k).or_default().push(render::coerced_key(want));
    }
    let lit = |v: &Value| render::literal(v, spec);
    let mut rendered: Vec<(String, String)> = vec![];
    let mut kept = std::collections::BTreeSet::new();
    for (args, want) in &cs {
        let key = render::coerced_key(&Value::List(args.clone()));
        let outs = &groups[&key];
        if outs.iter().any(|o| o != &outs[0]) {
            *dropped.entry(Reason::Contradiction).or_default() += 1;
            continue;
        }
        // Inputs the target cannot tell apart, with the same output: one test is enough.
        if !kept.insert(key) {
            continue;
        }
        let r = args
            .iter()
            .map(lit)
            .collect::<Result<Vec<_>, _>>()
            .and_then(|a| Ok((a.join(", "), lit(want)?)));
        match r {
            Ok(x) => rendered.push(x),
            Err(reason) => *dropped.entry(reason).or_default() += 1,
        }
    }
    if rendered.is_empty() {
        // Every case was dropped: the problem goes, with the commonest reason.
        let reason = dropped
            .iter()
            .max_by_key(|(_, n)| **n)
            .map_or(Reason::NoCases, |(r, _)| *r);
        return Err(reason);
    }
    let name = p.entry_point.clone();
    let js_params: Vec<String> = params
        .iter()
        .map(|x| {
            if RESERVED.contains(&x.as_str()) {
                format!("{x}_")
            } else {
                x.clone()
            }
        })
        .collect();
    let mut prompt = String::new();
    let c = &spec.comment;
    if let Some(d) = &a.docstring {
        for line in spec::reword(d.prose.trim(), &spec.terminology).lines() {
            prompt.push_str(
                &format!("{c} {}\n", line.trim_end())
                    .replace(&format!("{c} \n"), &format!("{c}\n")),
            );
        }
    }
    let examples: Vec<&(String, String)> = rendered.iter().take(3).collect();
    if !examples.is_empty() {
        prompt.push_str(&format!("{c} Examples:\n"));
        for (args, want) in examples {
            prompt.push_str(&format!("{c} >>> {name}({args})\n{c} {want}\n"));
        }
    }
    prompt.push_str(&format!("function {name}({}){{\n", js_params.join(", ")));
    let mut tests = format!("{}const candidate = {name};\n", spec.harness);
    for (i, (args, want)) in rendered.iter().enumerate() {
        tests.push_str(&format!(
            "__bs_check({i}, () => candidate({args}), {want});\n"
        ));
    }
    tests.push_str(&spec.harness_end);
    let table_of = |wrong: bool| {
        let rows: Vec<String> = rendered
            .iter()
            .enumerate()
            .map(|(i, (args, want))| {
                let want = if wrong && i == 0 {
                    spec.wrong.as_str()
                } else {
                    want.as_str()
                };
                spec.table_row
                    .replace("{args}", args)
                    .replace("{want}", want)
            })
            .collect();
        spec.table
            .replace("{params}", &js_params.join(", "))
            .replace("{rows}", &rows.join("\n"))
    };
    Ok(Draft {
        task_id: p.task_id.clone(),
        name: format!("{}_{name}", p.task_id.replace(['/', '-'], "_")),
        prompt,
        tests,
        table: table_of(false),
        wrong: table_of(true),
        cases: rendered.len(),
        dropped,
    })
}

/// The sandboxed validation job of a draft: syntax check of the stub program, the table
/// solution, the wrong table.
fn validation_job(d: &Draft, spec: &Spec) -> Job {
    let ext = &spec.extension;
    let stub = format!("{}  return undefined;\n}}\n{}", d.prompt, d.tests);
    let files = [
        (format!("stub.{ext}"), stub),
        (
            format!("table.{ext}"),
            format!("{}{}{}", d.prompt, d.table, d.tests),
        ),
        (
            format!("wrong.{ext}"),
            format!("{}{}{}", d.prompt, d.wrong, d.tests),
        ),
    ];
    let check = spec.check.join(" ");
    let run = spec.run.join(" ");
    let script = format!(
        "{check} stub.{ext} >/dev/null 2>&1; echo CHECK $?; {run} table.{ext} >/dev/null 2>&1; echo TABLE $?; {run} wrong.{ext} >/dev/null 2>&1; echo WRONG $?"
    );
    let mut j = Job::command(CommandSpec {
        argv: vec!["sh".into(), "-c".into(), script],
        files: files.into_iter().collect(),
        stdin: String::new(),
        output_cap: 4096,
    });
    j.timeout = 20.0;
    j
}

fn verdict(stdout: &str) -> Result<(), Reason> {
    let code = |tag: &str| {
        stdout
            .lines()
            .find_map(|l| {
                l.strip_prefix(tag)
                    .map(|c| c.trim().parse::<i32>().unwrap_or(-1))
            })
            .unwrap_or(-1)
    };
    if code("CHECK ") != 0 {
        Err(Reason::SyntaxCheck)
    } else if code("TABLE ") != 0 {
        Err(Reason::TableFails)
    } else if code("WRONG ") == 0 {
        Err(Reason::AssertionsDoNotBite)
    } else {
        Ok(())
    }
}

/// What translating a dataset gave.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub summary: LangSummary,
    pub records: Vec<Record>,
    /// Problems not emitted, with why.
    pub skipped: Vec<(String, Reason)>,
}

/// Translate and validate every problem of a dataset into `spec`'s language.
pub fn translate(
    pool: &Pool,
    problems: &[Problem],
    spec: &Spec,
    original: &str,
) -> Result<Outcome, ExecError> {
    let python: Vec<Problem> = problems
        .iter()
        .filter(|p| p.language == "python")
        .cloned()
        .collect();
    let observations = probe::probe(pool, &python, &RefOptions::default(), |_, _| {})?;
    let mut out = Outcome::default();
    let mut drafts = vec![];
    for p in problems {
        let obs = python
            .iter()
            .position(|q| q.task_id == p.task_id)
            .map(|i| &observations[i]);
        match obs.ok_or(Reason::NotPython).and_then(|o| draft(p, o, spec)) {
            Ok(d) => drafts.push(d),
            Err(r) => out.skipped.push((p.task_id.clone(), r)),
        }
    }
    out.summary.translated = drafts.len();
    let jobs: Vec<Job> = drafts.iter().map(|d| validation_job(d, spec)).collect();
    let results = pool.run(&jobs, |_, _| {})?;
    for (d, r) in drafts.into_iter().zip(results) {
        let stdout = r.command.map(|c| c.stdout).unwrap_or_default();
        match verdict(&stdout) {
            Ok(()) => {
                out.summary.cases += d.cases;
                for (r, n) in &d.dropped {
                    *out.summary.cases_dropped.entry(*r).or_default() += n;
                }
                out.records.push(Record {
                    name: d.name,
                    language: spec.id.clone(),
                    prompt: d.prompt,
                    doctests: "transform".into(),
                    original: original.to_string(),
                    prompt_terminology: "reworded".into(),
                    tests: d.tests,
                    stop_tokens: spec.stop_tokens.clone(),
                })
            }
            Err(reason) => out.skipped.push((d.task_id, reason)),
        }
    }
    out.summary.validated = out.records.len();
    out.summary.skipped = out.skipped.len();
    for (_, r) in &out.skipped {
        *out.summary.reasons.entry(*r).or_default() += 1;
    }
    Ok(out)
}

/// A hand-written solution (HumanEval-X) run against a translation's tests.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CrossCheck {
    pub name: String,
    pub solution: String,
    pub status: Status,
    /// The tests that failed (`FAIL i` lines), or what went wrong.
    pub detail: String,
}

/// Run hand-written solutions (same language, e.g. HumanEval-X's) against the translated
/// tests, through a small adapter when their function is named differently: the translated
/// prompt's function returns the hand-written one's result.
pub fn cross_check(
    pool: &Pool,
    records: &[Record],
    solutions: &[Problem],
    spec: &Spec,
) -> Result<Vec<CrossCheck>, ExecError> {
    let number = |s: &str| {
        s.rsplit(['/', '_'])
            .find(|p| p.parse::<u32>().is_ok())
            .map(str::to_string)
    };
    let mut jobs = vec![];
    let mut meta = vec![];
    for r in records {
        // `HumanEval_12_longest` → 12
        let n = r.name.split('_').nth(1).map(str::to_string);
        let Some(sol) = solutions.iter().find(|s| number(&s.task_id) == n) else {
            continue;
        };
        let head = r.prompt.lines().last().unwrap_or("");
        let (ours, params) = head
            .trim_start_matches("function ")
            .trim_end_matches('{')
            .trim_end_matches(')')
            .split_once('(')
            .unwrap_or(("", ""));
        let program = if ours == sol.entry_point {
            format!("{}{}\n{}", sol.prompt, sol.canonical_solution, r.tests)
        } else {
            format!(
                "{}  return {}({params});\n}}\n{}{}\n{}",
                r.prompt, sol.entry_point, sol.prompt, sol.canonical_solution, r.tests
            )
        };
        let mut j = Job::command(CommandSpec {
            argv: spec
                .run
                .iter()
                .cloned()
                .chain([format!("main.{}", spec.extension)])
                .collect(),
            files: [(format!("main.{}", spec.extension), program)]
                .into_iter()
                .collect(),
            stdin: String::new(),
            output_cap: 16 << 10,
        });
        j.timeout = 20.0;
        jobs.push(j);
        meta.push((r.name.clone(), sol.task_id.clone()));
    }
    let results = pool.run(&jobs, |_, _| {})?;
    Ok(meta
        .into_iter()
        .zip(results)
        .map(|((name, solution), r)| {
            let out = r.command.clone().unwrap_or_default();
            let fails: Vec<&str> = out
                .stdout
                .lines()
                .filter(|l| l.starts_with("FAIL"))
                .collect();
            let detail = if !fails.is_empty() {
                let shown: Vec<&str> = fails.iter().take(8).copied().collect();
                let more = fails.len().saturating_sub(shown.len());
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                format!("{} of the tests: {}{more}", fails.len(), shown.join(", "))
            } else if r.status == Status::Passed {
                String::new()
            } else {
                let err = out
                    .stderr
                    .lines()
                    .find(|l| l.contains("Error"))
                    .unwrap_or("");
                format!("{} {err}", r.detail).trim().to_string()
            };
            CrossCheck {
                name,
                solution,
                status: r.status,
                detail,
            }
        })
        .collect())
}
