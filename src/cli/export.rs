//! `benchsmith export FILE --to humaneval|codeeval-pro|native`: convert a composed file.
//! FILE holds CodeEval-Pro records or native composed records (detected per line).

use super::{output, Global, InputError};
use benchsmith::compose::{CodeEvalPro, NativeRecord};
use clap::{Args, ValueEnum};
use std::io::BufRead;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Humaneval,
    CodeevalPro,
    Native,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A composed file (CodeEval-Pro or native JSONL, as `compose` writes).
    pub file: PathBuf,
    #[arg(long, value_enum)]
    pub to: ExportFormat,
    /// Output file (default: stdout).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(_g: &Global, a: &ExportArgs) -> anyhow::Result<i32> {
    let f = std::fs::File::open(&a.file)
        .map_err(|e| InputError(format!("{}: {e}", a.file.display())))?;
    let mut out: Vec<serde_json::Value> = vec![];
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let at = || format!("{}:{}", a.file.display(), i + 1);
        let (cep, native): (CodeEvalPro, Option<NativeRecord>) =
            if let Ok(n) = serde_json::from_str::<NativeRecord>(&line) {
                (n.codeeval_pro.clone(), Some(n))
            } else if let Ok(c) = serde_json::from_str::<CodeEvalPro>(&line) {
                (c, None)
            } else {
                return Err(InputError(format!(
                    "{}: neither a CodeEval-Pro nor a native composed record",
                    at()
                ))
                .into());
            };
        let v = match a.to {
            ExportFormat::CodeevalPro => serde_json::to_value(&cep)?,
            ExportFormat::Humaneval => {
                let h = cep.to_humaneval().ok_or_else(|| {
                    InputError(format!("{}: new_problem defines no function", at()))
                })?;
                serde_json::to_value(h)?
            }
            ExportFormat::Native => match native {
                Some(n) => serde_json::to_value(n)?,
                None => {
                    return Err(InputError(format!(
                        "{}: a CodeEval-Pro record has no native form (use the .native.jsonl file)",
                        at()
                    ))
                    .into())
                }
            },
        };
        out.push(v);
    }
    match &a.out {
        Some(p) => {
            let mut s = String::new();
            for v in &out {
                s.push_str(&serde_json::to_string(v)?);
                s.push('\n');
            }
            std::fs::write(p, s)?;
        }
        None => output::jsonl(&out)?,
    }
    Ok(0)
}
