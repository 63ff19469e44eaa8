//! Starting a worker process: interpreter resolution, namespaces, environment.

use super::ExecError;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::OnceLock;
use std::time::Duration;

pub const WORKER_SOURCE: &str = include_str!("worker.py");

/// How much isolation to ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Isolation {
    /// Namespaces when the kernel allows them, plain processes otherwise.
    #[default]
    Auto,
    /// Fail if namespaces are not available.
    Required,
    /// Plain processes (rlimits, process groups and the guard only).
    Off,
}

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Interpreter to use; resolved to the real executable once.
    pub python: PathBuf,
    pub isolation: Isolation,
    /// Modules the workers import before forking jobs (see [`preload_for`]).
    pub preload: Vec<String>,
}

/// The libraries of `src/exec/preload.txt` that `sources` (programs and tests) import.
pub fn preload_for<'a>(sources: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let known: Vec<(&str, &str)> = include_str!("preload.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .collect();
    let mut tops = std::collections::BTreeSet::new();
    for src in sources {
        for line in src.lines() {
            let l = line.trim_start();
            let names = if let Some(rest) = l.strip_prefix("import ") {
                rest.split(',')
                    .map(|n| n.split_whitespace().next().unwrap_or(""))
                    .collect()
            } else if let Some(rest) = l.strip_prefix("from ") {
                vec![rest.split_whitespace().next().unwrap_or("")]
            } else {
                continue;
            };
            for n in names {
                tops.insert(n.split('.').next().unwrap_or("").to_string());
            }
        }
    }
    known
        .into_iter()
        .filter(|(top, _)| tops.contains(top.trim()))
        .flat_map(|(_, mods)| mods.split_whitespace().map(str::to_string))
        .collect()
}

impl Default for SandboxConfig {
    fn default() -> Self {
        let python = std::env::var_os("BENCHSMITH_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("python3"));
        SandboxConfig {
            python,
            isolation: Isolation::Auto,
            preload: vec![],
        }
    }
}

/// Facts the worker reported about its sandbox.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, PartialEq)]
pub struct SandboxInfo {
    #[serde(default)]
    pub pid_namespace: bool,
    #[serde(default)]
    pub read_only_root: bool,
    #[serde(default)]
    pub private_tmp: bool,
    /// Whether loopback was reachable from the worker (`false` = no network).
    #[serde(default)]
    pub network: Option<bool>,
    #[serde(default)]
    pub python: String,
    /// Libraries the worker imported before forking jobs.
    #[serde(default)]
    pub preloaded: Vec<String>,
}

/// The real interpreter behind `python` (skips version-manager shims, which cost 100+ ms a start).
pub fn resolve_python(python: &Path) -> Result<PathBuf, ExecError> {
    let out = Command::new(python)
        .args(["-c", "import sys; print(sys.executable)"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| ExecError::Python(format!("cannot run {}: {e}", python.display())))?;
    if !out.status.success() {
        return Err(ExecError::Python(format!(
            "{} exited with {}",
            python.display(),
            out.status
        )));
    }
    let exe = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if exe.is_empty() {
        return Err(ExecError::Python(format!(
            "{} did not report sys.executable",
            python.display()
        )));
    }
    Ok(PathBuf::from(exe))
}

const UNSHARE_ARGS: &[&str] = &[
    "--user",
    "--map-root-user",
    "--mount",
    "--net",
    "--pid",
    "--fork",
    "--kill-child",
];

/// Can this machine give a worker its own user, mount, network and pid namespaces?
pub fn namespaces_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        Command::new("unshare")
            .args(UNSHARE_ARGS)
            .arg("true")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    })
}

/// A running worker process.
pub struct Worker {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    pub info: SandboxInfo,
}

impl Worker {
    pub fn spawn(
        python: &Path,
        isolation: Isolation,
        preload: &[String],
    ) -> Result<Worker, ExecError> {
        let use_ns = match isolation {
            Isolation::Off => false,
            Isolation::Auto => namespaces_available(),
            Isolation::Required => {
                if !namespaces_available() {
                    return Err(ExecError::Sandbox(
                        "user/mount/net/pid namespaces are not available (unshare failed)".into(),
                    ));
                }
                true
            }
        };
        let mut cmd = if use_ns {
            let mut c = Command::new("unshare");
            c.args(UNSHARE_ARGS).arg("--").arg(python);
            c
        } else {
            Command::new(python)
        };
        cmd.args(["-s", "-B", "-c", WORKER_SOURCE])
            .env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("PYTHONHASHSEED", "0")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("PYTHONIOENCODING", "utf-8")
            .env("OMP_NUM_THREADS", "1")
            .env("OPENBLAS_NUM_THREADS", "1")
            .env("MKL_NUM_THREADS", "1")
            .env("MPLBACKEND", "Agg")
            .env("BENCHSMITH_PRELOAD", preload.join(","))
            .env("LANG", "C.UTF-8")
            .env("BENCHSMITH_NS", if use_ns { "1" } else { "0" })
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0);
        // SAFETY: prctl is async-signal-safe; no allocation happens in the closure.
        unsafe {
            cmd.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let mut child = cmd
            .spawn()
            .map_err(|e| ExecError::Python(format!("cannot start worker: {e}")))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                match line {
                    Ok(l) => {
                        if tx.send(l).is_err() {
                            break;
                        }
                    }
                    Err(_) => break,
                }
            }
        });
        let mut w = Worker {
            child,
            stdin,
            lines,
            info: SandboxInfo::default(),
        };
        let hello = w.recv(Duration::from_secs(30)).ok_or_else(|| {
            ExecError::Python("the worker did not start (is python3 >= 3.8 installed?)".into())
        })?;
        let v: serde_json::Value = serde_json::from_str(&hello)
            .map_err(|e| ExecError::Python(format!("bad worker greeting {hello:?}: {e}")))?;
        if let Some(s) = v.get("sandbox") {
            w.info = serde_json::from_value(s.clone()).unwrap_or_default();
        }
        Ok(w)
    }

    pub fn send(&mut self, line: &str) -> std::io::Result<()> {
        self.stdin.write_all(line.as_bytes())?;
        self.stdin.write_all(b"\n")?;
        self.stdin.flush()
    }

    pub fn recv(&mut self, timeout: Duration) -> Option<String> {
        self.lines.recv_timeout(timeout).ok()
    }

    /// Kill the worker and everything in its process group (and so its namespace).
    pub fn kill(&mut self) {
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: plain syscall on a process group we created.
        unsafe {
            libc::killpg(pid, libc::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.kill();
    }
}
