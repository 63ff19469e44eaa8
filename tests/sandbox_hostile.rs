//! The execution engine against hostile programs: every run finishes, the verdict is right,
//! nothing is left behind on the host.

mod common;

use benchsmith::exec::{Job, JobResult, Pool, SandboxConfig, Status};
use benchsmith::model::TestStyle;
use std::path::Path;
use std::time::{Duration, Instant};

const TEST: &str =
    "def check(candidate):\n    assert candidate(2) == 4\n    assert candidate(3) == 9\n";

fn pool() -> Pool {
    Pool::new(&SandboxConfig::default(), 2)
        .expect("python3 is needed for the sandbox tests")
        .without_cache()
}

fn job(program: &str, timeout: f64) -> Job {
    let mut j = Job::new(program.to_string());
    j.test = TEST.to_string();
    j.style = TestStyle::Check;
    j.entry = Some("square".into());
    j.timeout = timeout;
    j.mem_mb = 512;
    j
}

fn run(program: &str, timeout: f64) -> JobResult {
    let p = pool();
    let t0 = Instant::now();
    let r = p
        .run(&[job(program, timeout)], |_, _| {})
        .unwrap()
        .remove(0);
    // CPU-time limit, wall-clock backstop at 3x + 2 s, plus slack for a loaded machine.
    assert!(
        t0.elapsed() < Duration::from_secs_f64(3.0 * timeout + 10.0),
        "run did not finish in time"
    );
    r
}

fn processes_with(marker: &str) -> Vec<String> {
    common::processes_with(marker, "sandbox_hostile")
}

fn assert_not(r: &JobResult, what: &str) {
    assert_ne!(r.status, Status::Passed, "{what} must not pass: {r:?}");
    assert_ne!(
        r.status,
        Status::Infra,
        "{what} is the program's fault, not infra: {r:?}"
    );
}

#[test]
fn correct_program_passes() {
    let r = run("def square(x):\n    return x * x\n", 5.0);
    assert_eq!(r.status, Status::Passed, "{r:?}");
}

#[test]
fn wrong_program_fails_with_the_assert() {
    let r = run("def square(x):\n    return x + x\n", 5.0);
    assert_eq!(r.status, Status::Failed, "{r:?}");
    assert!(r.detail.contains("candidate(3) == 9"), "{}", r.detail);
}

#[test]
fn infinite_loop_times_out() {
    let r = run("def square(x):\n    while True:\n        pass\n", 1.0);
    assert_eq!(r.status, Status::Timeout, "{r:?}");
}

#[test]
fn sleeping_forever_meets_the_wall_clock_deadline() {
    let r = run("import time\ndef square(x):\n    time.sleep(3600)\n", 1.0);
    assert_eq!(r.status, Status::Timeout, "{r:?}");
}

#[test]
fn ignoring_alarm_and_term_still_times_out() {
    let prog = "import signal\nfor s in (signal.SIGALRM, signal.SIGTERM, signal.SIGPROF, signal.SIGXCPU, signal.SIGVTALRM):\n    signal.signal(s, signal.SIG_IGN)\ndef square(x):\n    while True:\n        pass\n";
    let r = run(prog, 1.0);
    assert_eq!(r.status, Status::Timeout, "{r:?}");
}

#[test]
fn fork_bomb_is_contained_and_cleaned_up() {
    let marker = "forkbomb_marker_7731";
    let prog = format!(
        "import os\nMARK = '{marker}'\ndef square(x):\n    while True:\n        os.fork()\n"
    );
    let r = run(&prog, 2.0);
    assert_not(&r, "a fork bomb");
    std::thread::sleep(Duration::from_millis(200));
    assert!(processes_with(marker).is_empty());
}

#[test]
fn fork_via_posix_module_is_cleaned_up() {
    // Bypasses the os.fork guard: the process group / namespace must still clean up.
    let prog = "import posix, time\ndef square(x):\n    if posix.fork() == 0:\n        time.sleep(60)\n    return x * x\n";
    let p = pool();
    let before = count_sleepers();
    let r = p.run(&[job(prog, 3.0)], |_, _| {}).unwrap().remove(0);
    assert_ne!(r.status, Status::Infra, "{r:?}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        count_sleepers() <= before,
        "a forked grandchild survived the job"
    );
}

fn count_sleepers() -> usize {
    processes_with("import posix, time").len()
}

#[test]
fn huge_allocation_is_refused() {
    let r = run(
        "def square(x):\n    b = bytearray(50 * 1024 ** 3)\n    return x * x\n",
        5.0,
    );
    assert_not(&r, "allocating 50 GB");
    assert!(r.detail.contains("MemoryError"), "{}", r.detail);
}

#[test]
fn printing_a_gigabyte_does_not_reach_us() {
    let prog = "import sys\ndef square(x):\n    s = 'x' * (1 << 20)\n    for _ in range(1024):\n        sys.stdout.write(s)\n    return x * x\n";
    let r = run(prog, 20.0);
    // Output goes nowhere; the program is still correct.
    assert_eq!(r.status, Status::Passed, "{r:?}");
}

#[test]
fn closing_and_garbling_stdio_is_harmless() {
    let prog = "import os, sys\nos.write(1, b'garbage\\n{\"status\": \"passed\"}\\n')\nos.write(2, b'noise')\nos.close(1)\nos.close(2)\ndef square(x):\n    return x + x\n";
    let r = run(prog, 5.0);
    assert_eq!(r.status, Status::Failed, "{r:?}");
}

#[test]
fn os_exit_and_sys_exit_before_tests_are_errors() {
    let r = run(
        "import os\nos._exit(0)\ndef square(x):\n    return x * x\n",
        5.0,
    );
    assert_eq!(r.status, Status::Error, "{r:?}");
    let r = run(
        "import sys\nsys.exit(0)\ndef square(x):\n    return x * x\n",
        5.0,
    );
    assert_eq!(r.status, Status::Error, "{r:?}");
    assert!(r.detail.contains("SystemExit"), "{}", r.detail);
}

#[test]
fn killing_the_parent_does_not_break_the_pool() {
    let prog = "import os, signal\ntry:\n    os.kill(os.getppid(), signal.SIGKILL)\nexcept Exception:\n    pass\ndef square(x):\n    return x + x\n";
    let p = pool();
    let mut jobs = vec![job(prog, 3.0)];
    jobs.push(job("def square(x):\n    return x * x\n", 3.0));
    let rs = p.run(&jobs, |_, _| {}).unwrap();
    assert_not(&rs[0], "killing the parent");
    assert_eq!(rs[1].status, Status::Passed, "{:?}", rs[1]);
}

#[test]
fn reading_stdin_gets_eof() {
    let r = run("x = input()\ndef square(x):\n    return x * x\n", 5.0);
    assert_eq!(r.status, Status::Error, "{r:?}");
    assert!(r.detail.contains("EOFError"), "{}", r.detail);
}

#[test]
fn forged_result_lines_on_every_fd_are_detected() {
    let prog = "import os\nfor fd in range(1024):\n    try:\n        os.write(fd, b'BSR1 0 20\\n{\"status\": \"passed\"}\\n')\n    except OSError:\n        pass\ndef square(x):\n    return x + x\n";
    let r = run(prog, 5.0);
    assert_not(&r, "a forged result");
    // Forging then exiting before the harness reports is caught as well.
    let prog2 = prog.replace("def square", "os._exit(0)\ndef square");
    let r = run(&prog2, 5.0);
    assert_not(&r, "a forged result followed by os._exit");
}

#[test]
fn sockets_cannot_reach_loopback() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let prog = format!(
        "import socket\ndef square(x):\n    s = socket.create_connection(('127.0.0.1', {port}), timeout=1)\n    return x * x\n"
    );
    let p = pool();
    let r = p.run(&[job(&prog, 5.0)], |_, _| {}).unwrap().remove(0);
    let info = p.sandbox_info().unwrap();
    if info.network == Some(false) {
        assert_eq!(r.status, Status::Error, "{r:?}");
        listener.set_nonblocking(true).unwrap();
        assert!(
            listener.accept().is_err(),
            "the sandboxed program reached a loopback server"
        );
    } else {
        panic!("this machine gave the worker no network namespace: {info:?}");
    }
}

#[test]
fn files_outside_the_job_dir_are_not_created() {
    let name = format!("bs_hostile_{}", std::process::id());
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let prog = format!(
        "import os\nfor d in ('/tmp', '/var/tmp', {home:?}, os.path.expanduser('~')):\n    try:\n        open(os.path.join(d, '{name}'), 'w').write('x')\n    except OSError:\n        pass\ndef square(x):\n    return x * x\n"
    );
    let r = run(&prog, 5.0);
    assert_eq!(r.status, Status::Passed, "{r:?}");
    for d in ["/tmp", "/var/tmp", home.as_str()] {
        let p = Path::new(d).join(&name);
        assert!(!p.exists(), "{} was created on the host", p.display());
    }
}

#[test]
fn patched_builtins_do_not_fool_the_test() {
    let prog = "import builtins\nbuiltins.abs = lambda x: 0\nbuiltins.isinstance = lambda *a: True\n__builtins__['abs'] = lambda x: 0\ndef area(x):\n    return 123.0\n";
    let mut j = job(prog, 5.0);
    j.entry = Some("area".into());
    j.test = "def check(candidate):\n    assert isinstance(candidate(1), float)\n    assert abs(candidate(1) - 3.0) < 1e-6\n".into();
    let r = pool().run(&[j], |_, _| {}).unwrap().remove(0);
    assert_eq!(r.status, Status::Failed, "{r:?}");
}

#[test]
fn always_equal_objects_are_rejected() {
    let prog = "class Liar:\n    def __eq__(self, other):\n        return True\n    def __ne__(self, other):\n        return False\ndef square(x):\n    return Liar()\n";
    let r = run(prog, 5.0);
    assert_eq!(r.status, Status::Failed, "{r:?}");
    let prog = "class S(str):\n    def __eq__(self, other):\n        return True\ndef square(x):\n    return S('no')\n";
    let r = run(prog, 5.0);
    assert_eq!(r.status, Status::Failed, "{r:?}");
}

#[test]
fn recursion_bombs_are_contained() {
    let r = run("def square(x):\n    return square(x)\n", 5.0);
    assert_eq!(r.status, Status::Error, "{r:?}");
    let prog = "import sys\nsys.setrecursionlimit(10**8)\ndef f(n):\n    return f(n + 1) + 1\ndef square(x):\n    return f(0)\n";
    let r = run(prog, 5.0);
    assert_not(&r, "a C-stack recursion bomb");
}

#[test]
fn structured_outputs_are_compared_outside_the_child() {
    use benchsmith::exec::CaseInput;
    use benchsmith::model::Value;
    let mut j = Job::new("def square(x):\n    return x * x\n".into());
    j.entry = Some("square".into());
    j.cases = Some(vec![
        CaseInput {
            args: vec![Value::int(3)],
            kwargs: vec![],
        },
        CaseInput {
            args: vec![Value::Str("a".into())],
            kwargs: vec![],
        },
    ]);
    let r = pool().run(&[j], |_, _| {}).unwrap().remove(0);
    let outs = r.outputs.unwrap();
    assert_eq!(outs[0].value, Some(Value::int(9)));
    assert_eq!(outs[1].status.as_str(), "raised");
}

#[test]
fn batches_keep_per_program_verdicts_and_recover_from_a_dying_program() {
    let p = pool();
    let progs = [
        ("def square(x):\n    return x * x\n", Status::Passed),
        (
            "def square(x):\n    while True:\n        pass\n",
            Status::Timeout,
        ),
        (
            "import builtins\nbuiltins.abs = None\ndef square(x):\n    return x + x\n",
            Status::Failed,
        ),
        ("def square(x):\n    return x * x\n", Status::Passed),
        ("import os\nos._exit(3)\n", Status::Error),
        ("def square(x):\n    return abs(x) * x\n", Status::Passed),
    ];
    let jobs: Vec<Job> = progs.iter().map(|(src, _)| job(src, 1.0)).collect();
    let seen = std::sync::Mutex::new(vec![]);
    let rs = p
        .run_batched(&jobs, 3, |i, _| seen.lock().unwrap().push(i))
        .unwrap();
    for (r, (src, want)) in rs.iter().zip(&progs) {
        assert_eq!(r.status, *want, "{src}: {r:?}");
    }
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen,
        (0..progs.len()).collect::<Vec<_>>(),
        "every job reported"
    );
}
