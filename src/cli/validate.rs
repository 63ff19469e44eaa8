//! `benchsmith validate DATASET`

use super::{output, Global, OutputFormat};
use benchsmith::probe::RefOptions;
use clap::Args;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A benchmark file (format detected) or a built-in name: sample, humaneval, mbpp, mbpp-sanitized.
    pub dataset: String,
    /// CPU-time limit per problem, seconds (wall-clock deadline: 3x + 2 s).
    #[arg(long, default_value_t = 20.0)]
    pub timeout: f64,
    /// Memory limit per program, MiB.
    #[arg(long, default_value_t = 2048)]
    pub mem_mb: u64,
}

pub fn run(g: &Global, a: &ValidateArgs) -> anyhow::Result<i32> {
    let ds = g.open(&a.dataset)?;
    let pool = g.pool()?;
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
                if t.status != "passed" && (t.status != "skipped" || g.verbose) || g.verbose {
                    println!("{:<8} {:<24} {}", t.status, t.task_id, t.detail);
                }
            }
            let sandbox = pool
                .sandbox_info()
                .map(|i| describe_sandbox(&i))
                .unwrap_or_default();
            println!(
                "{}: {}/{} passed, {} failed{} ({} workers, {:.1} s){}",
                ds.source,
                report.passed,
                report.total,
                report.failed,
                if report.skipped > 0 {
                    format!(", {} skipped", report.skipped)
                } else {
                    String::new()
                },
                pool.workers(),
                secs,
                sandbox
            );
        }
    }
    Ok(if report.failed > 0 { 1 } else { 0 })
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
