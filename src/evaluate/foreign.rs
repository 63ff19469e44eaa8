//! Samples of problems in other languages (translations by `benchsmith translate`, MultiPL-E
//! prompt files): the program `prompt + completion + tests` is built and run by the language's
//! spec inside the sandbox, as MultiPL-E's containers run it. A sample passes when the program
//! exits 0, and, for tests in benchsmith's harness, when every test printed its `ok` line (a
//! completion that exits early passes nothing).

use super::samples::Sample;
use super::SampleResult;
use crate::exec::{CommandSpec, Job, JobResult, Status};
use crate::model::Problem;
use crate::translate::spec::Spec;

/// The spec of a problem's language (MultiPL-E ids and HumanEval-X names alike).
pub fn spec_of(p: &Problem) -> Option<Spec> {
    crate::translate::spec::find(&crate::leak::entry::language_id(p.language.as_str()))
}

/// The sandboxed job that builds and runs `program` (prompt + completion + tests).
pub fn job(spec: &Spec, program: String, timeout: f64, mem_mb: u64) -> Job {
    let file = format!("main.{}", spec.extension);
    let mut j = Job::command(CommandSpec {
        argv: vec!["sh".into(), "-c".into(), spec.job_line(&file)],
        files: [(file, program)].into_iter().collect(),
        stdin: String::new(),
        output_cap: 1 << 16,
    });
    j.timeout = timeout.max(spec.timeout);
    j.mem_mb = mem_mb.max(spec.mem_mb);
    j.file_mb = spec.file_mb;
    j
}

/// How many tests of benchsmith's harness `tests` holds (0 for other test code).
fn harness_tests(spec: &Spec, tests: &str) -> usize {
    let prefix = spec.test.split("{i}").next().unwrap_or("").trim_start();
    if prefix.is_empty() || !spec.test.contains("{i}") {
        return 0;
    }
    tests
        .lines()
        .filter(|l| l.trim_start().starts_with(prefix))
        .count()
}

/// The result of a sample's job.
pub fn result(spec: &Spec, p: &Problem, sample: &Sample, r: &JobResult) -> SampleResult {
    let out = r.command.clone().unwrap_or_default();
    let oks = out.stdout.lines().filter(|l| l.starts_with("ok ")).count();
    let want = harness_tests(spec, &p.tests.code);
    let failed: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("FAIL "))
        .collect();
    let (passed, status, detail) = match r.status {
        Status::Passed if oks >= want => (true, Status::Passed, String::new()),
        Status::Passed => (
            false,
            Status::Failed,
            format!("exited 0 after {oks} of {want} tests"),
        ),
        Status::Failed if !failed.is_empty() => (
            false,
            Status::Failed,
            format!(
                "{} of {} tests failed ({})",
                failed.len(),
                want.max(failed.len()),
                failed[0]
            ),
        ),
        s => {
            let err = out
                .stderr
                .lines()
                .find(|l| l.to_ascii_lowercase().contains("error"))
                .or_else(|| out.stderr.lines().find(|l| !l.trim().is_empty()))
                .unwrap_or("");
            (false, s, format!("{} {err}", r.detail).trim().to_string())
        }
    };
    SampleResult {
        task_id: sample.task_id.clone(),
        sample_index: sample.index,
        passed,
        status,
        detail,
        base: None,
        plus: None,
        time: r.time,
    }
}
