//! Printing helpers: JSON to stdout, progress bars on stderr when it is a terminal.

use super::{Global, InputError, OutputFormat};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use std::io::{IsTerminal, Write};

pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

pub fn jsonl<T: Serialize>(items: impl IntoIterator<Item = T>) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for item in items {
        serde_json::to_writer(&mut out, &item)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// A progress bar on stderr, hidden unless stderr is a terminal and the output is for humans.
pub fn progress(global: &Global, len: usize, what: &str) -> ProgressBar {
    if global.quiet || global.format != OutputFormat::Human || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len as u64);
    pb.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {elapsed_precise} eta {eta}")
            .expect("static template")
            .progress_chars("=> "),
    );
    pb.set_prefix(what.to_string());
    pb
}

/// A note for humans on stderr (suppressed by --quiet and machine formats keep stdout clean).
pub fn note(global: &Global, msg: &str) {
    if !global.quiet {
        eprintln!("{msg}");
    }
}

/// Check, before any work, that `path` can be written: its folder is created when missing,
/// and a file that did not exist is not left behind. The error names the path.
pub fn writable(path: &std::path::Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| InputError(format!("{}: cannot create the folder: {e}", dir.display())))?;
    }
    // (A dangling symbolic link counts as existing: its target is created, the link kept.)
    let existed = path.symlink_metadata().is_ok();
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| InputError(format!("{}: cannot write: {e}", path.display())))?;
    if !existed {
        let _ = std::fs::remove_file(path);
    }
    Ok(())
}

/// Check, before any work, that files can be written in folder `dir` (created when missing).
pub fn writable_dir(dir: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| InputError(format!("{}: cannot create the folder: {e}", dir.display())))?;
    writable(&dir.join(format!(".benchsmith-write-check-{}", std::process::id())))
}
