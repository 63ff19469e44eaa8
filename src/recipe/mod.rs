//! Pipeline recipes (`benchsmith run RECIPE.yaml`): datasets, an output folder and steps, each
//! step one benchsmith command with its options. A recipe is read and checked whole before
//! anything runs; [`Pipeline::commands`] turns it into the command lines it stands for, so a
//! recipe does exactly what the same commands typed one by one do.
//!
//! ```yaml
//! name: he-mbpp
//! out: runs/he-mbpp            # relative to the current folder
//! datasets: [humaneval, mbpp]  # built-in names or files
//! steps:
//!   - validate: {}
//!   - perturb: {recipe: recode, seeds: 1}
//!   - compose: {per_problem: 1}
//!   - fuzz: {budget: 40}
//!   - export: {to: [humaneval, native]}   # the compose step's output → export.<format>.jsonl
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum RecipeError {
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("{path}:{line}: {field}: {message}")]
    Field {
        path: String,
        line: usize,
        field: String,
        message: String,
    },
}

/// The commands a step can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StepKind {
    Validate,
    Perturb,
    Compose,
    Fuzz,
    Export,
}

impl StepKind {
    pub const ALL: [StepKind; 5] = [
        StepKind::Validate,
        StepKind::Perturb,
        StepKind::Compose,
        StepKind::Fuzz,
        StepKind::Export,
    ];
    pub fn name(self) -> &'static str {
        match self {
            StepKind::Validate => "validate",
            StepKind::Perturb => "perturb",
            StepKind::Compose => "compose",
            StepKind::Fuzz => "fuzz",
            StepKind::Export => "export",
        }
    }
    fn parse(s: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// An option value: a scalar, or a list (joined with commas on the command line).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OptionValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPipeline {
    name: String,
    #[serde(default)]
    description: String,
    out: PathBuf,
    datasets: Vec<String>,
    #[serde(default)]
    tasks: Vec<String>,
    steps: Vec<BTreeMap<String, BTreeMap<String, OptionValue>>>,
}

/// One step: a command and its options, with the recipe line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    pub options: BTreeMap<String, OptionValue>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    pub path: String,
    pub name: String,
    pub description: String,
    pub out: PathBuf,
    pub datasets: Vec<String>,
    pub tasks: Vec<String>,
    pub steps: Vec<Step>,
    text: String,
}

/// One command line of a pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub step: usize,
    pub kind: StepKind,
    pub dataset: String,
    /// Arguments after the program name.
    pub args: Vec<String>,
}

impl Pipeline {
    pub fn load(path: &Path) -> Result<Pipeline, RecipeError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| RecipeError::File {
            path: shown.clone(),
            message: format!("cannot read: {e}"),
        })?;
        Pipeline::parse(&text, &shown)
    }

    pub fn parse(text: &str, shown: &str) -> Result<Pipeline, RecipeError> {
        let raw: RawPipeline = serde_saphyr::from_str(text).map_err(|e| RecipeError::File {
            path: shown.to_string(),
            message: e.to_string(),
        })?;
        let mut p = Pipeline {
            path: shown.to_string(),
            name: raw.name,
            description: raw.description,
            out: raw.out,
            datasets: raw.datasets,
            tasks: raw.tasks,
            steps: vec![],
            text: text.to_string(),
        };
        if p.datasets.is_empty() {
            return Err(p.field_err(p.line_of("datasets", 1), "datasets", "no dataset"));
        }
        let mut from = 1;
        for (k, step) in raw.steps.into_iter().enumerate() {
            if step.len() != 1 {
                return Err(p.field_err(
                    p.line_of("steps", 1),
                    &format!("steps[{k}]"),
                    "a step is one command name with its options, e.g. `- compose: {per_problem: 1}`",
                ));
            }
            let (name, options) = step.into_iter().next().expect("one entry");
            let line = p.line_of(&format!("- {name}"), from);
            from = line + 1;
            let kind = StepKind::parse(&name).ok_or_else(|| {
                p.field_err(
                    line,
                    &format!("steps[{k}]"),
                    &format!(
                        "unknown step `{name}` (steps: {})",
                        StepKind::ALL.map(StepKind::name).join(", ")
                    ),
                )
            })?;
            p.steps.push(Step {
                kind,
                options,
                line,
            });
        }
        if p.steps.is_empty() {
            return Err(p.field_err(p.line_of("steps", 1), "steps", "no step"));
        }
        let composes = p.steps.iter().any(|s| s.kind == StepKind::Compose);
        if let Some(s) = p.steps.iter().find(|s| s.kind == StepKind::Export) {
            if !composes {
                return Err(p.field_err(
                    s.line,
                    "export",
                    "exports the compose step's output: add a compose step",
                ));
            }
        }
        Ok(p)
    }

    /// An error at a line of the recipe.
    pub fn field_err(&self, line: usize, field: &str, message: &str) -> RecipeError {
        RecipeError::Field {
            path: self.path.clone(),
            line,
            field: field.to_string(),
            message: message.to_string(),
        }
    }

    /// The first line at or after `from` (1-based) whose text, trimmed, starts with `needle`
    /// (`from` itself when there is none).
    pub fn line_of(&self, needle: &str, from: usize) -> usize {
        self.text
            .lines()
            .enumerate()
            .skip(from.saturating_sub(1))
            .find(|(_, l)| l.trim_start().starts_with(needle))
            .map_or(from, |(i, _)| i + 1)
    }

    /// The line of option `key` of step `step`.
    pub fn option_line(&self, step: &Step, key: &str) -> usize {
        let same_line = self
            .text
            .lines()
            .nth(step.line - 1)
            .is_some_and(|l| l.contains(&format!("{key}:")));
        if same_line {
            step.line
        } else {
            self.line_of(&format!("{key}:"), step.line)
        }
    }

    /// The folder a dataset's outputs go to: `out/<file stem or name>`.
    pub fn dataset_dir(&self, dataset: &str) -> PathBuf {
        let name = Path::new(dataset)
            .file_name()
            .map_or(dataset.to_string(), |n| n.to_string_lossy().to_string());
        let stem = name.split('.').next().unwrap_or(&name).to_string();
        self.out.join(stem)
    }

    /// Every command line, dataset by dataset, step by step.
    pub fn commands(&self) -> Vec<Command> {
        let mut out = vec![];
        for ds in &self.datasets {
            let dir = self.dataset_dir(ds);
            let composed = dir.join("compose.jsonl");
            // compose writes native records beside its CodeEval-Pro file: every format is
            // exported from those.
            let native = dir.join("compose.native.jsonl");
            for (k, s) in self.steps.iter().enumerate() {
                let mut args: Vec<String> = vec![s.kind.name().into()];
                match s.kind {
                    StepKind::Validate => args.push(ds.clone()),
                    StepKind::Perturb => {
                        args.extend([ds.clone(), "--out".into(), path(&dir.join("perturb"))])
                    }
                    StepKind::Compose => args.extend([ds.clone(), "--out".into(), path(&composed)]),
                    StepKind::Fuzz => {
                        args.extend([ds.clone(), "--out".into(), path(&dir.join("fuzz.jsonl"))])
                    }
                    StepKind::Export => {}
                }
                for t in &self.tasks {
                    if s.kind != StepKind::Export {
                        args.extend(["--task".into(), t.clone()]);
                    }
                }
                if s.kind == StepKind::Export {
                    // One command per target format.
                    let formats = match s.options.get("to") {
                        Some(OptionValue::List(l)) => l.clone(),
                        Some(OptionValue::Str(f)) => vec![f.clone()],
                        _ => vec![],
                    };
                    for f in formats {
                        let target = dir.join(format!("export.{f}.jsonl"));
                        let mut a = vec![
                            "export".to_string(),
                            path(&native),
                            "--to".into(),
                            f.clone(),
                        ];
                        a.extend(["--out".into(), path(&target)]);
                        a.extend(flags(&s.options, &["to"]));
                        out.push(Command {
                            step: k,
                            kind: s.kind,
                            dataset: ds.clone(),
                            args: a,
                        });
                    }
                    continue;
                }
                args.extend(flags(&s.options, &[]));
                out.push(Command {
                    step: k,
                    kind: s.kind,
                    dataset: ds.clone(),
                    args,
                });
            }
        }
        out
    }
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

/// Options as command-line flags: `per_problem: 1` → `--per-problem 1`, `reduce: true` →
/// `--reduce`, lists joined with commas.
fn flags(options: &BTreeMap<String, OptionValue>, skip: &[&str]) -> Vec<String> {
    let mut out = vec![];
    for (k, v) in options {
        if skip.contains(&k.as_str()) {
            continue;
        }
        let flag = format!("--{}", k.replace('_', "-"));
        match v {
            OptionValue::Bool(true) => out.push(flag),
            OptionValue::Bool(false) => {}
            OptionValue::Int(i) => out.extend([flag, i.to_string()]),
            OptionValue::Float(x) => out.extend([flag, x.to_string()]),
            OptionValue::Str(s) => out.extend([flag, s.clone()]),
            OptionValue::List(l) => out.extend([flag, l.join(",")]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECIPE: &str = "name: t\nout: o\ndatasets: [humaneval]\nsteps:\n  - perturb: {recipe: recode, seeds: 1}\n  - compose:\n      per_problem: 2\n      templates: [map, zip_map]\n  - export: {to: [humaneval, native]}\n";

    #[test]
    fn steps_become_command_lines() {
        let p = Pipeline::parse(RECIPE, "r.yaml").unwrap();
        let c = p.commands();
        let lines: Vec<String> = c.iter().map(|c| c.args.join(" ")).collect();
        assert_eq!(
            lines,
            [
                "perturb humaneval --out o/humaneval/perturb --recipe recode --seeds 1",
                "compose humaneval --out o/humaneval/compose.jsonl --per-problem 2 --templates map,zip_map",
                "export o/humaneval/compose.native.jsonl --to humaneval --out o/humaneval/export.humaneval.jsonl",
                "export o/humaneval/compose.native.jsonl --to native --out o/humaneval/export.native.jsonl",
            ]
        );
        assert_eq!(p.steps[1].line, 6);
        assert_eq!(p.option_line(&p.steps[1], "templates"), 8);
    }

    #[test]
    fn errors_name_the_line_and_field() {
        let bad = RECIPE.replace("- compose:", "- composer:");
        let e = Pipeline::parse(&bad, "r.yaml").unwrap_err().to_string();
        assert!(
            e.starts_with("r.yaml:6: steps[1]: unknown step `composer`"),
            "{e}"
        );
        let e = Pipeline::parse(&RECIPE.replace("out: o", "out: o\nextra: 1"), "r.yaml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("extra"), "{e}");
        let no_compose = "name: t\nout: o\ndatasets: [x]\nsteps:\n  - export: {to: native}\n";
        let e = Pipeline::parse(no_compose, "r.yaml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("r.yaml:5: export:"), "{e}");
    }
}
