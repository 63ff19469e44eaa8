//! External commands (other languages' compilers and runtimes) in the sandbox: Node.js and
//! g++ programs are judged right, and hostile ones (an endless loop, a fork bomb, a write
//! outside the job's folder, a network connection, a gigabyte of output, a process left
//! behind) are contained: nothing escapes, nothing is left running.

mod common;

use benchsmith::exec::{CommandSpec, Job, JobResult, Pool, SandboxConfig, Status};
use std::time::{Duration, Instant};

fn pool() -> Pool {
    Pool::new(&SandboxConfig::default(), 2)
        .expect("python3 is needed for the sandbox")
        .without_cache()
}

fn job(argv: &[&str], files: &[(&str, &str)], timeout: f64) -> Job {
    let mut j = Job::command(CommandSpec {
        argv: argv.iter().map(|s| s.to_string()).collect(),
        files: files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
        stdin: String::new(),
        output_cap: 4096,
    });
    j.timeout = timeout;
    j
}

fn run(j: Job) -> JobResult {
    let t0 = Instant::now();
    let limit = 3.0 * j.timeout + 10.0;
    let r = pool().run(&[j], |_, _| {}).unwrap().remove(0);
    assert!(
        t0.elapsed() < Duration::from_secs_f64(limit),
        "did not finish in time"
    );
    r
}

fn node(src: &str, timeout: f64) -> JobResult {
    run(job(&["node", "main.js"], &[("main.js", src)], timeout))
}

fn processes_with(marker: &str) -> Vec<String> {
    common::processes_with(marker, "sandbox_commands")
}

#[test]
fn node_programs_are_judged_by_exit_code_and_output() {
    let r = node("console.log([1, 2].map(x => x * 2).join(','));", 5.0);
    assert_eq!(r.status, Status::Passed, "{r:?}");
    let out = r.command.unwrap();
    assert_eq!(out.stdout, "2,4\n");
    assert_eq!(out.exit, Some(0));
    let r = node(
        "const assert = require('assert'); assert.deepStrictEqual([1], ['1']);",
        5.0,
    );
    assert_eq!(r.status, Status::Failed, "{r:?}");
    assert!(r.command.unwrap().stderr.contains("AssertionError"));
    let r = run(job(&["no-such-compiler-xyz"], &[], 5.0));
    assert_eq!(r.status, Status::Error, "{r:?}");
    assert!(r.detail.contains("cannot start"), "{r:?}");
}

#[test]
fn cpp_compiles_and_runs_in_one_job() {
    let src = "#include <cstdio>\nint main(){ long s=0; for(int i=0;i<10;i++) s+=i; std::printf(\"%ld\\n\", s); return 0; }\n";
    let r = run(job(
        &["sh", "-c", "g++ -O0 -o prog main.cpp && ./prog"],
        &[("main.cpp", src)],
        20.0,
    ));
    assert_eq!(r.status, Status::Passed, "{r:?}");
    assert_eq!(r.command.unwrap().stdout, "45\n");
}

#[test]
fn an_endless_loop_is_stopped_at_its_limit() {
    let r = node("while (true) {}", 1.0);
    assert_eq!(r.status, Status::Timeout, "{r:?}");
}

#[test]
fn a_fork_bomb_is_contained() {
    let marker = format!("bsbomb{}", std::process::id());
    let src = format!(
        "const cp = require('child_process');\n// {marker}\nfor (let i = 0; i < 200; i++) {{ try {{ cp.spawn(process.execPath, ['-e', 'setInterval(()=>{{}}, 1000) // {marker}'], {{detached: true, stdio: 'ignore'}}); }} catch (e) {{}} }}\nsetTimeout(() => process.exit(0), 500);\n"
    );
    let r = node(&src, 2.0);
    assert_ne!(r.status, Status::Infra, "{r:?}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        processes_with(&marker).is_empty(),
        "processes escaped: {:?}",
        processes_with(&marker)
    );
}

#[test]
fn writes_outside_the_job_folder_do_not_reach_the_host() {
    let target = format!("/tmp/bs-escape-{}", std::process::id());
    let src = format!("require('fs').writeFileSync('{target}', 'x'); console.log('wrote');");
    let _ = node(&src, 5.0);
    assert!(
        !std::path::Path::new(&target).exists(),
        "{target} was written on the host"
    );
}

#[test]
fn the_network_is_unreachable() {
    let src = "const net = require('net');\nconst s = net.connect({host: '1.1.1.1', port: 53, timeout: 2000});\ns.on('connect', () => { console.log('CONNECTED'); process.exit(0); });\ns.on('error', () => process.exit(3));\ns.on('timeout', () => process.exit(4));\n";
    let r = node(src, 5.0);
    let out = r.command.clone().unwrap_or_default();
    assert!(!out.stdout.contains("CONNECTED"), "{r:?}");
    assert_ne!(r.status, Status::Passed, "{r:?}");
}

#[test]
fn a_gigabyte_of_output_is_cut_off() {
    let r = node(
        "const line = 'x'.repeat(1 << 20) + '\\n'; for (let i = 0; i < 1024; i++) process.stdout.write(line);",
        10.0,
    );
    assert_ne!(r.status, Status::Passed, "{r:?}");
    let out = r.command.unwrap();
    assert!(out.stdout.len() <= 4096, "{}", out.stdout.len());
    assert!(out.stdout_bytes < 64 << 20, "{}", out.stdout_bytes);
}

#[test]
fn a_process_left_behind_is_killed_with_the_job() {
    let marker = format!("bsleft{}", std::process::id());
    let src = format!(
        "require('child_process').spawn('sh', ['-c', 'sleep 30 # {marker}'], {{detached: true, stdio: 'ignore'}}).unref(); console.log('bye');"
    );
    let r = node(&src, 5.0);
    assert_eq!(r.status, Status::Passed, "{r:?}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        processes_with(&marker).is_empty(),
        "left running: {:?}",
        processes_with(&marker)
    );
}
