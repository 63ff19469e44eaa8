//! `benchsmith validate DATASET`

use super::{output, Global, OutputFormat};
use benchsmith::probe::RefOptions;
use benchsmith::validate::TaskStatus;
use clap::Args;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A benchmark file (format detected) or a built-in name: sample, humaneval, mbpp, mbpp-sanitized.
    pub dataset: String,
    /// CPU-time limit per problem, seconds (wall-clock deadline: 3x + 2 s).
    #[arg(long, default_value_t = 20.0, value_parser = super::positive_f64)]
    pub timeout: f64,
    /// Memory limit per program, MiB.
    #[arg(long, default_value_t = benchsmith::exec::DEFAULT_MEM_MB, value_parser = super::positive_u64)]
    pub mem_mb: u64,
}

pub fn run(g: &Global, a: &ValidateArgs) -> anyhow::Result<i32> {
    let ds = g.open(&a.dataset)?;
    let pool = g.pool(&ds)?;
    let pb = output::progress(g, ds.problems.len(), "validate");
    let t0 = Instant::now();
    let opts = RefOptions {
        timeout: a.timeout,
        mem_mb: a.mem_mb,
        ..RefOptions::default()
    };
    let (report, _) = benchsmith::validate::validate(&pool, &ds, &opts, |_, _| pb.inc(1))?;
    pb.finish_and_clear();
    let secs = t0.elapsed().as_secs_f64();
    match g.format {
        OutputFormat::Json => output::json(&report)?,
        OutputFormat::Jsonl => output::jsonl(&report.tasks)?,
        OutputFormat::Human => {
            for t in &report.tasks {
                // Skipped records were already warned about when the file was read.
                let quiet_kind = matches!(
                    t.status,
                    TaskStatus::Passed
                        | TaskStatus::NoRunner
                        | TaskStatus::NoReference
                        | TaskStatus::Skipped
                );
                if g.verbose || !quiet_kind {
                    println!("{:<12} {:<24} {}", t.status.as_str(), t.task_id, t.detail);
                }
            }
            let sandbox = pool
                .sandbox_info()
                .map(|i| describe_sandbox(&i))
                .unwrap_or_default();
            let mut not_run = vec![];
            for (n, what) in [
                (report.no_reference, "without a reference solution"),
                (report.no_runner, "in a language without a runner"),
            ] {
                if n > 0 {
                    not_run.push(format!("{n} {what}"));
                }
            }
            if report.unusable > 0 {
                let reasons: Vec<String> = report
                    .reasons
                    .iter()
                    .map(|(r, n)| format!("{r}: {n}"))
                    .collect();
                not_run.push(format!(
                    "{} unusable records ({})",
                    report.unusable,
                    reasons.join(", ")
                ));
            }
            println!(
                "{}: {}/{} passed, {} failed{} ({} workers, {:.1} s){}",
                ds.source,
                report.passed,
                report.total,
                report.failed,
                if not_run.is_empty() {
                    String::new()
                } else {
                    format!("; not run: {}", not_run.join(", "))
                },
                pool.workers(),
                secs,
                sandbox
            );
        }
    }
    Ok(if report.failed > 0 || report.unusable > 0 {
        1
    } else {
        0
    })
}

pub fn describe_sandbox(i: &benchsmith::exec::SandboxInfo) -> String {
    let net = match i.network {
        Some(false) => "no network",
        Some(true) => "NETWORK REACHABLE",
        None => "network unknown",
    };
    format!(
        "\nsandbox: python {}, {}, {}, {}, {}",
        i.python,
        if i.pid_namespace {
            "own pid namespace"
        } else {
            "no pid namespace"
        },
        net,
        if i.read_only_root {
            "read-only filesystem"
        } else {
            "WRITABLE filesystem"
        },
        if i.private_tmp {
            "private /tmp"
        } else {
            "shared /tmp"
        },
    )
}
