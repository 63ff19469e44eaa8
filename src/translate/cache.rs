//! The compile cache of a language: what its `prepare` command builds once per machine (a
//! precompiled header for C++), kept under `$XDG_CACHE_HOME/benchsmith/` (or
//! `~/.cache/benchsmith/`) in a folder named after the command's hash, so that a changed
//! command gets a new cache. It is built from the language's own system headers only (no
//! untrusted code), outside the sandbox; sandboxed jobs read it (the root is read-only there,
//! and `/tmp` private, so the cache does not live in `/tmp`). A compiler that finds the cache
//! stale ignores it, so a stale cache costs time, never correctness.

use super::spec::Spec;
use std::path::PathBuf;
use std::process::{Command, Stdio};

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("preparing the {lang} compile cache failed ({command}): {stderr}")]
    Prepare {
        lang: String,
        command: String,
        stderr: String,
    },
}

/// The cache root: `$XDG_CACHE_HOME/benchsmith`, else `$HOME/.cache/benchsmith`.
fn root() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("benchsmith"))
}

/// Build the spec's cache when it has a `prepare` command and the cache is missing; the
/// folder, or none when the language has nothing to prepare or there is no home to keep it.
pub fn prepare(spec: &Spec) -> Result<Option<PathBuf>, CacheError> {
    let (Some(command), Some(root)) = (&spec.prepare, root()) else {
        return Ok(None);
    };
    let hash = crate::leak::hash::bytes(0, command.as_bytes());
    let dir = root.join(format!("{}-{hash:016x}", spec.id));
    if dir.is_dir() {
        return Ok(Some(dir));
    }
    std::fs::create_dir_all(&root).map_err(|e| CacheError::Io(root.clone(), e))?;
    // Built beside, then renamed into place: a concurrent run sees all of it or nothing.
    let tmp = root.join(format!(
        "{}-{hash:016x}.tmp-{}",
        spec.id,
        std::process::id()
    ));
    std::fs::create_dir_all(&tmp).map_err(|e| CacheError::Io(tmp.clone(), e))?;
    let line = command.replace("{cache}", &tmp.to_string_lossy());
    let out = Command::new("sh")
        .args(["-c", &line])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| CacheError::Io(PathBuf::from("sh"), e))?;
    if !out.status.success() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(CacheError::Prepare {
            lang: spec.id.clone(),
            command: line,
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    if std::fs::rename(&tmp, &dir).is_err() {
        // Another run put its cache in place first.
        let _ = std::fs::remove_dir_all(&tmp);
    }
    Ok(Some(dir))
}
