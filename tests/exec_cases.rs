//! Structured-case jobs in the sandbox: expected outputs compared in the worker, early stops
//! after kills or timeouts, the per-case result size cap, and multi-megabyte results.

use benchsmith::exec::{CaseInput, CaseOutput, Expect, Job, Pool, SandboxConfig};
use benchsmith::model::Value;

fn pool() -> Pool {
    Pool::new(&SandboxConfig::default(), 1).expect("python worker")
}

fn job(program: &str, args: Vec<Value>) -> Job {
    let mut j = Job::new(program.to_string());
    j.entry = Some("f".into());
    j.cases = Some(
        args.into_iter()
            .map(|a| CaseInput {
                args: vec![a],
                kwargs: vec![],
            })
            .collect(),
    );
    j.case_timeout = Some(0.5);
    j
}

fn outputs(pool: &Pool, j: &Job) -> Vec<CaseOutput> {
    let r = pool.run(std::slice::from_ref(j), |_, _| {}).unwrap();
    r[0].outputs
        .clone()
        .unwrap_or_else(|| panic!("no outputs: {:?}", r[0]))
}

#[test]
fn expected_outputs_are_compared_with_python_equality() {
    let pool = pool();
    let mut j = job(
        "def f(x):\n    return [x, x] if x == 4 else x * 2\n",
        (1..=5).map(Value::int).collect(),
    );
    j.expect = vec![
        Expect {
            index: 0,
            value: Value::int(2),
        },
        Expect {
            index: 1,
            value: Value::int(5),
        },
        // 1 == 1.0 in Python, as in the tests the cases come from.
        Expect {
            index: 2,
            value: Value::Float(6.0),
        },
        // A list is not a tuple.
        Expect {
            index: 3,
            value: Value::Tuple(vec![Value::int(4), Value::int(4)]),
        },
    ];
    let o = outputs(&pool, &j);
    assert!(
        o[0].same && !o[0].differs && o[0].value.is_none(),
        "{:?}",
        o[0]
    );
    assert!(o[1].differs && !o[1].same, "{:?}", o[1]);
    assert!(o[2].same, "{:?}", o[2]);
    assert!(o[3].differs, "{:?}", o[3]);
    // No expected output: the value comes back.
    assert_eq!(o[4].value, Some(Value::int(10)));
}

#[test]
fn a_job_stops_after_enough_kills_or_timeouts() {
    let pool = pool();
    let mut j = job(
        "def f(x):\n    if x < 0:\n        raise ValueError(x)\n    return x\n",
        vec![Value::int(-1), Value::int(7), Value::int(-2), Value::int(3)],
    );
    j.expect = vec![Expect {
        index: 1,
        value: Value::int(8),
    }];
    j.stop_after_kills = 2;
    let o = outputs(&pool, &j);
    let st: Vec<&str> = o.iter().map(|x| x.status.as_str()).collect();
    assert_eq!(st, ["raised", "ok", "skipped", "skipped"]);
    assert!(o[1].differs);

    let mut j = job(
        "def f(x):\n    while x == 0:\n        pass\n    return x\n",
        vec![Value::int(1), Value::int(0), Value::int(2)],
    );
    j.stop_after_timeouts = 1;
    let o = outputs(&pool, &j);
    let st: Vec<&str> = o.iter().map(|x| x.status.as_str()).collect();
    assert_eq!(st, ["ok", "timeout", "skipped"]);
}

#[test]
fn results_above_the_case_size_cap_are_errors_not_values() {
    let pool = pool();
    let mut j = job(
        "def f(n):\n    return list(range(n))\n",
        vec![Value::int(10), Value::int(1000)],
    );
    j.case_nodes = 50;
    let o = outputs(&pool, &j);
    assert_eq!(o[0].status.as_str(), "ok");
    assert_eq!(o[0].value.as_ref().map(Value::size), Some(11));
    assert_eq!(o[1].status.as_str(), "raised", "{:?}", o[1]);
    assert!(o[1].value.is_none());
}

#[test]
fn multi_megabyte_results_arrive_whole() {
    let pool = pool();
    // Five 3 MB strings: 15 MB through the result channel.
    let j = job(
        "def f(c):\n    return c * 3_000_000\n",
        ["a", "b", "c", "d", "e"]
            .into_iter()
            .map(Value::str)
            .collect(),
    );
    let o = outputs(&pool, &j);
    for (x, c) in o.iter().zip(["a", "b", "c", "d", "e"]) {
        assert_eq!(x.status.as_str(), "ok");
        match &x.value {
            Some(Value::Str(s)) => assert!(s.len() == 3_000_000 && s.starts_with(c)),
            other => panic!("{:?}", other.as_ref().map(Value::size)),
        }
    }
}

#[test]
fn calls_recorded_before_a_timeout_come_back() {
    let pool = pool();
    let mut j = Job::new("def f(x):\n    while x > 5:\n        pass\n    return x\n".to_string());
    j.entry = Some("f".into());
    j.record = true;
    j.test = "def check(candidate):\n    assert candidate(1) == 1\n    assert candidate(2) == 2\n    candidate(9)\n".into();
    j.timeout = 0.5;
    let r = pool.run(std::slice::from_ref(&j), |_, _| {}).unwrap();
    assert_eq!(r[0].status, benchsmith::exec::Status::Timeout, "{:?}", r[0]);
    let calls = r[0].calls.as_ref().expect("calls kept");
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(calls[1].result, Some(Value::int(2)));
}

/// Counted calls: the count is exact (the same in every run); a call past the per-call cap is
/// stopped there (a bare `except:` in the program cannot swallow the stop), comes back as slow
/// (a count, no result) and ends the tests; once the calls spent the job's total the job
/// stops too. Both end as a timeout, at the same call in every run. A total of 0 is no total.
#[test]
fn recorded_calls_are_counted_and_stopped_by_work_units() {
    let pool = pool();
    let program = "def f(n):\n    s = 0\n    for i in range(n):\n        try:\n            s += i\n        except:\n            pass\n    return s\n";
    let run = |ns: &str, total: u64| {
        let mut j = Job::new(program.to_string());
        j.entry = Some("f".into());
        j.record = true;
        j.record_work = 1_000;
        j.record_work_total = total;
        j.test = format!("def check(candidate):\n    for n in [{ns}]:\n        candidate(n)\n");
        let r = pool
            .run(std::slice::from_ref(&j), |_, _| {})
            .unwrap()
            .remove(0);
        let stopped = r.status == benchsmith::exec::Status::Timeout;
        assert!(
            stopped || r.status == benchsmith::exec::Status::Passed,
            "{r:?}"
        );
        assert!(!stopped || r.detail.contains("work budget"), "{}", r.detail);
        let calls = r.calls.expect("calls kept");
        let works: Vec<u64> = calls.iter().map(|c| c.work.expect("counted")).collect();
        (stopped, calls, works)
    };
    let (stopped, calls, works) = run("10, 10, 5000, 20", 3_000);
    assert!(stopped);
    assert_eq!(
        run("10, 10, 5000, 20", 3_000).2,
        works,
        "two runs count alike"
    );
    assert_eq!(works.len(), 3, "{works:?}");
    assert_eq!(works[0], works[1]);
    assert!(works[0] > 10 && works[0] < 100, "{works:?}");
    assert_eq!(calls[1].result, Some(Value::int(45)));
    assert_eq!((works[2], &calls[2].result), (1_001, &None));
    // Ten calls of about 600 units each: the total runs out at the fifth, which is cut and not
    // recorded (it is not known to be slow).
    let tens = "200, 200, 200, 200, 200, 200, 200, 200, 200, 200";
    let (stopped, calls, works) = run(tens, 3_000);
    assert!(stopped);
    assert_eq!(works.len(), 4, "{works:?}");
    assert!(works.iter().all(|&w| w == works[0] && w < 1_000));
    assert!(calls.iter().all(|c| c.result == Some(Value::int(19900))));
    let (stopped, calls, _) = run(tens, 0);
    assert!(
        !stopped && calls.len() == 10,
        "no total: all ten run and the tests pass"
    );
}
