//! Step (e) of validation: hand-written solutions in the target language (HumanEval-X's) run
//! against the translated tests, through a small generated adapter where the signatures
//! differ.

use super::spec::{self, Spec};
use super::{Outcome, Record};
use crate::exec::{CommandSpec, ExecError, Job, Pool, Status};
use crate::model::Problem;
use serde::Serialize;

/// The program that runs a hand-written solution `sol` against the tests of record `r`
/// (through the spec's adapter where the signatures differ); none when the language has no
/// way to call a solution named differently.
fn cross_program(
    spec: &Spec,
    r: &Record,
    refs: &[String],
    rtype: &str,
    sol: &Problem,
) -> Option<String> {
    // The signature line: the function's name before `(`.
    let head = r.prompt.lines().last().unwrap_or("");
    let before = head.split_once('(').map_or("", |(b, _)| b);
    let ours = before.split_whitespace().last().unwrap_or("");
    let solution = format!("{}{}", sol.prompt, sol.canonical_solution);
    if let Some(x) = &spec.cross_check {
        // Through a generated adapter that converts arguments and result.
        let declaration = sol
            .extra
            .get("declaration")
            .and_then(|d| d.as_str())
            .unwrap_or("");
        let mut solution = x
            .solution
            .replace("{prompt}", &sol.prompt)
            .replace("{declaration}", declaration)
            .replace("{canonical}", &sol.canonical_solution);
        for (from, to) in &x.replace {
            solution = solution.replace(from.as_str(), to);
        }
        let (kept, dropped) = split_solution(&solution, x);
        let args: Vec<String> = refs.iter().map(|a| x.arg.replace("{name}", a)).collect();
        let adapter = x
            .adapter
            .replace("{name}", &sol.entry_point)
            .replace("{ours}", ours)
            .replace("{rtype}", rtype)
            .replace("{args}", &args.join(", "));
        Some(
            x.program
                .replace("{preamble}", &spec.preamble)
                .replace("{helpers}", &x.helpers)
                .replace("{dropped}", &dropped.join("\n"))
                .replace("{solution}", &kept.join("\n"))
                .replace(
                    "{prompt}",
                    r.prompt
                        .strip_prefix(spec.preamble.as_str())
                        .unwrap_or(&r.prompt),
                )
                .replace("{adapter}", &adapter)
                .replace("{tests}", &r.tests),
        )
    } else if ours == sol.entry_point {
        Some(format!("{solution}\n{}", r.tests))
    } else if let Some(adapter) = &spec.adapter {
        let call = adapter
            .replace("{name}", &sol.entry_point)
            .replace("{params}", &refs.join(", "));
        Some(format!("{}{call}{solution}\n{}", r.prompt, r.tests))
    } else {
        None
    }
}

/// The lines of a hand-written solution kept for the cross-check program, and the inner lines
/// of its dropped blocks that the program does not already hold.
fn split_solution<'a>(solution: &'a str, x: &spec::CrossCheckSpec) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut kept: Vec<&str> = vec![];
    let mut dropped: Vec<&str> = vec![];
    let mut block_end: Option<&str> = None;
    for l in solution.lines() {
        let t = l.trim();
        if let Some(end) = block_end {
            if t == end {
                block_end = None;
            } else if !x.program.lines().any(|p| p.trim() == t) && !dropped.contains(&t) {
                dropped.push(t);
            }
        } else if let Some((_, end)) = x
            .drop_blocks
            .iter()
            .find(|(s, _)| t.starts_with(s.as_str()))
        {
            block_end = Some(end);
        } else if !x.drop_lines.iter().any(|d| t.starts_with(d.as_str())) {
            kept.push(l);
        }
    }
    (kept, dropped)
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
    outcome: &Outcome,
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
    for t in &outcome.problems {
        let (r, refs, rtype) = (&t.record, &t.program.refs, &t.program.rtype);
        // `HumanEval_12_longest` → 12
        let n = r.name.split('_').nth(1).map(str::to_string);
        let Some(sol) = solutions.iter().find(|s| number(&s.task_id) == n) else {
            continue;
        };
        let Some(program) = cross_program(spec, r, refs, rtype, sol) else {
            continue;
        };
        let mut j = Job::command(CommandSpec {
            argv: vec![
                "sh".into(),
                "-c".into(),
                spec.job_line(&format!("main.{}", spec.extension)),
            ],
            files: [(format!("main.{}", spec.extension), program)]
                .into_iter()
                .collect(),
            stdin: String::new(),
            output_cap: 16 << 10,
        });
        j.timeout = spec.timeout;
        j.mem_mb = spec.mem_mb;
        j.file_mb = spec.file_mb;
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
                    .find(|l| l.to_ascii_lowercase().contains("error"))
                    .or_else(|| {
                        out.stderr
                            .lines()
                            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
                    })
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
