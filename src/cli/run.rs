//! `benchsmith run RECIPE.yaml`: the whole pipeline from one recipe. The recipe is checked
//! whole first (unknown steps, options and values are errors naming its file, line and
//! field); then every step runs as the same `benchsmith` command a user would type, and one
//! report (`OUT/report.json`, rewritten after every step) holds each command's summary.

use super::{output, Cli, Global, InputError, OutputFormat};
use benchsmith::recipe::{Command, Pipeline, RecipeError};
use clap::{Args, Parser};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// A pipeline recipe (YAML: name, out, datasets, steps; see transforms/recipes/pipeline-*.yaml).
    pub recipe: PathBuf,
    /// Check the recipe and print the commands it stands for, without running them.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, serde::Serialize)]
struct StepReport {
    step: String,
    dataset: String,
    command: String,
    exit: i32,
    seconds: f64,
    summary: serde_json::Value,
}

#[derive(Debug, serde::Serialize)]
struct Report<'a> {
    recipe: &'a str,
    name: &'a str,
    out: String,
    exit: i32,
    steps: Vec<StepReport>,
}

fn recipe_err(e: RecipeError) -> anyhow::Error {
    InputError(e.to_string()).into()
}

/// Check one command line against the CLI: an unknown option or a bad value names the
/// recipe line of the option.
fn check(p: &Pipeline, c: &Command) -> anyhow::Result<()> {
    let argv = std::iter::once("benchsmith".to_string()).chain(c.args.iter().cloned());
    if let Err(e) = Cli::try_parse_from(argv) {
        let step = &p.steps[c.step];
        let arg = e
            .get(clap::error::ContextKind::InvalidArg)
            .map(|v| v.to_string())
            .unwrap_or_default();
        let key = arg
            .trim_start_matches('-')
            .split([' ', '='])
            .next()
            .unwrap_or("")
            .replace('-', "_");
        let line = if key.is_empty() {
            step.line
        } else {
            p.option_line(step, &key)
        };
        let first = e.to_string();
        let first = first
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ");
        let field = if key.is_empty() {
            step.kind.name().to_string()
        } else {
            format!("{}.{key}", step.kind.name())
        };
        return Err(recipe_err(p.field_err(line, &field, first)));
    }
    Ok(())
}

pub fn run(g: &Global, a: &RunArgs) -> anyhow::Result<i32> {
    let p = Pipeline::load(&a.recipe).map_err(recipe_err)?;
    let commands = p.commands();
    for d in &p.datasets {
        let known = ["sample", "humaneval", "mbpp", "mbpp-sanitized"].contains(&d.as_str());
        if !known && !std::path::Path::new(d).exists() {
            let line = p.line_of("datasets", 1);
            return Err(recipe_err(p.field_err(
                line,
                "datasets",
                &format!("{d:?} is neither a file nor a built-in dataset"),
            )));
        }
    }
    for c in &commands {
        check(&p, c)?;
    }
    if a.dry_run {
        for c in &commands {
            println!("benchsmith {}", c.args.join(" "));
        }
        return Ok(0);
    }
    output::writable_dir(&p.out)?;
    let exe = std::env::current_exe()?;
    let mut report = Report {
        recipe: &p.path,
        name: &p.name,
        out: p.out.display().to_string(),
        exit: 0,
        steps: vec![],
    };
    let report_path = p.out.join("report.json");
    for (i, c) in commands.iter().enumerate() {
        let mut cmd = std::process::Command::new(&exe);
        cmd.args(&c.args).args(["--format", "json"]);
        if let Some(j) = g.jobs {
            cmd.args(["--jobs", &j.to_string()]);
        }
        if let Some(py) = &g.python {
            cmd.arg("--python").arg(py);
        }
        if let Some(v) = clap::ValueEnum::to_possible_value(&g.isolation) {
            cmd.args(["--isolation", v.get_name()]);
        }
        if g.quiet {
            cmd.arg("-q");
        }
        if c.kind != benchsmith::recipe::StepKind::Export {
            for t in &g.tasks {
                cmd.args(["--task", t]);
            }
        }
        let started = Instant::now();
        let out = cmd.stderr(std::process::Stdio::inherit()).output()?;
        let exit = out.status.code().unwrap_or(3);
        let summary = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
        let seconds = (started.elapsed().as_secs_f64() * 10.0).round() / 10.0;
        if g.format == OutputFormat::Human && !g.quiet {
            println!(
                "[{}/{}] benchsmith {}: exit {exit}, {seconds} s",
                i + 1,
                commands.len(),
                c.args.join(" ")
            );
        }
        report.exit = report.exit.max(exit);
        report.steps.push(StepReport {
            step: c.kind.name().into(),
            dataset: c.dataset.clone(),
            command: c.args.join(" "),
            exit,
            seconds,
            summary,
        });
        benchsmith::leak::write_atomic(&report_path, &serde_json::to_vec_pretty(&report)?)?;
        if exit >= 2 {
            break;
        }
    }
    match g.format {
        OutputFormat::Human => println!(
            "{}: {} commands, exit {}; report in {}",
            p.name,
            report.steps.len(),
            report.exit,
            report_path.display()
        ),
        _ => output::json(&report)?,
    }
    Ok(report.exit)
}
