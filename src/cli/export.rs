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
    /// Record format to write.
    #[arg(long, value_enum)]
    pub to: ExportFormat,
    /// Output file (default: stdout).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(_g: &Global, a: &ExportArgs) -> anyhow::Result<i32> {
    if let Some(out) = &a.out {
        output::writable(out)?;
    }
    let f = std::fs::File::open(&a.file)
        .map_err(|e| InputError(format!("{}: {e}", a.file.display())))?;
    let mut out: Vec<serde_json::Value> = vec![];
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let at = || format!("{}:{}", a.file.display(), i + 1);
        // A native record holds `template`; anything else is read as CodeEval-Pro. The
        // error names the field that does not fit the detected kind.
        let is_native = serde_json::from_str::<serde_json::Value>(&line)
            .map_err(|e| InputError(format!("{}: not JSON: {e}", at())))?
            .get("template")
            .is_some();
        let (cep, native): (CodeEvalPro, Option<NativeRecord>) = if is_native {
            let n = serde_json::from_str::<NativeRecord>(&line)
                .map_err(|e| InputError(format!("{}: native composed record: {e}", at())))?;
            (n.codeeval_pro.clone(), Some(n))
        } else {
            let c = serde_json::from_str::<CodeEvalPro>(&line)
                .map_err(|e| InputError(format!("{}: CodeEval-Pro record: {e}", at())))?;
            (c, None)
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
            std::fs::write(p, s).map_err(|e| InputError(format!("{}: {e}", p.display())))?;
        }
        None => output::jsonl(&out)?,
    }
    Ok(0)
}
