//! Containment per runtime: for every language benchsmith translates to, hostile programs
//! (`tests/fixtures/hostile.yaml`), built and run by the language's spec inside the sandbox as
//! validation and evaluation run them: an endless loop is stopped at its limit, a process left
//! behind and a fork bomb leave nothing running, a write outside the job's folder does not
//! reach the host, the network is unreachable, a gigabyte of output is cut off.

mod common;

use benchsmith::exec::{CommandSpec, Job, JobResult, Pool, SandboxConfig, Status};
use benchsmith::model::Value;
use benchsmith::translate::{cache, render, spec};
use std::collections::BTreeMap;
use std::time::Duration;

#[derive(serde::Deserialize)]
struct Hostile {
    program: String,
    #[serde(rename = "loop")]
    endless: String,
    shell: String,
    write: String,
    flood: String,
}

fn fixtures() -> BTreeMap<String, Hostile> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile.yaml"),
    )
    .unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

/// One job per language: `pick` chooses the statement; `script` is the job's `hostile.sh`.
fn run_all(
    pick: impl Fn(&Hostile, &spec::Spec) -> String,
    script: &str,
    timeout: f64,
) -> Vec<(String, JobResult)> {
    let all = fixtures();
    assert_eq!(
        all.len(),
        spec::all().len(),
        "a hostile fixture per language"
    );
    let mut jobs = vec![];
    let mut langs = vec![];
    for (lang, h) in &all {
        let mut s = spec::find(lang).unwrap();
        s.cache = cache::prepare(&s)
            .unwrap()
            .map(|d| d.to_string_lossy().to_string());
        let file = format!("main.{}", s.extension);
        let program = h.program.replace("{body}", &pick(h, &s));
        let mut j = Job::command(CommandSpec {
            argv: vec!["sh".into(), "-c".into(), s.job_line(&file)],
            files: [
                (file, program),
                ("hostile.sh".to_string(), script.to_string()),
            ]
            .into_iter()
            .collect(),
            stdin: String::new(),
            output_cap: 4096,
        });
        j.timeout = timeout;
        j.mem_mb = s.mem_mb;
        jobs.push(j);
        langs.push(lang.clone());
    }
    let pool = Pool::new(&SandboxConfig::default(), 2)
        .unwrap()
        .without_cache();
    langs
        .into_iter()
        .zip(pool.run(&jobs, |_, _| {}).unwrap())
        .collect()
}

#[test]
fn an_endless_loop_is_stopped_at_its_limit_in_every_language() {
    for (lang, r) in run_all(|h, _| h.endless.clone(), "", 8.0) {
        assert_eq!(r.status, Status::Timeout, "{lang}: {r:?}");
    }
}

fn nothing_left(marker: &str, script: &str) {
    let results = run_all(|h, _| h.shell.clone(), script, 20.0);
    std::thread::sleep(Duration::from_millis(500));
    for (lang, r) in &results {
        assert_ne!(r.status, Status::Infra, "{lang}: {r:?}");
    }
    let left = common::processes_with(marker, "sandbox_languages");
    assert!(left.is_empty(), "left running: {left:?}");
}

#[test]
fn a_process_left_behind_is_killed_with_the_job_in_every_language() {
    let marker = format!("bslangleft{}", std::process::id());
    nothing_left(
        &marker,
        &format!("sh -c 'sleep 30 # {marker}' >/dev/null 2>&1 &\necho started\n"),
    );
}

#[test]
fn a_fork_bomb_is_contained_in_every_language() {
    let marker = format!("bslangbomb{}", std::process::id());
    nothing_left(
        &marker,
        &format!("for i in $(seq 200); do sh -c 'sleep 30 # {marker}' >/dev/null 2>&1 & done\n"),
    );
}

#[test]
fn writes_outside_the_job_folder_do_not_reach_the_host_in_every_language() {
    let dir = format!("/tmp/bs-lang-escape-{}", std::process::id());
    let results = run_all(
        |h, s| {
            let path = Value::Str(format!("{dir}-{}", s.id));
            h.write
                .replace("{path}", &render::literal(&path, s).unwrap())
        },
        "",
        20.0,
    );
    for (lang, r) in results {
        let target = format!("{dir}-{lang}");
        assert!(
            !std::path::Path::new(&target).exists(),
            "{lang}: {target} was written on the host ({r:?})"
        );
    }
}

#[test]
fn the_network_is_unreachable_in_every_language() {
    let script = "bash -c 'exec 3<>/dev/tcp/1.1.1.1/53 && echo CONNECTED' 2>/dev/null\nbash -c 'exec 3<>/dev/tcp/127.0.0.1/22 && echo CONNECTED' 2>/dev/null\necho done\n";
    for (lang, r) in run_all(|h, _| h.shell.clone(), script, 20.0) {
        let out = r.command.clone().unwrap_or_default();
        assert!(out.stdout.contains("done"), "{lang}: the script ran: {r:?}");
        assert!(!out.stdout.contains("CONNECTED"), "{lang}: {r:?}");
    }
}

#[test]
fn a_gigabyte_of_output_is_cut_off_in_every_language() {
    for (lang, r) in run_all(|h, _| h.flood.clone(), "", 20.0) {
        assert_ne!(r.status, Status::Passed, "{lang}: {r:?}");
        let out = r.command.unwrap_or_default();
        assert!(out.stdout.len() <= 4096, "{lang}: {}", out.stdout.len());
        assert!(out.stdout_bytes < 64 << 20, "{lang}: {}", out.stdout_bytes);
    }
}
