//! The composer's gates on fixtures where each gate must reject, plus snapshots of a few
//! composed problems (tests/fixtures/compose/gates.jsonl).

use benchsmith::compose::{self, gates, render, spec::Spec, Base, ComposeOptions, ComposeReport};
use benchsmith::exec::{Pool, SandboxConfig};
use std::sync::OnceLock;

fn pool() -> &'static Pool {
    static P: OnceLock<Pool> = OnceLock::new();
    P.get_or_init(|| Pool::new(&SandboxConfig::default(), 2).expect("python workers"))
}

fn bases() -> &'static Vec<Base> {
    static B: OnceLock<Vec<Base>> = OnceLock::new();
    B.get_or_init(|| {
        let ds = benchsmith::ingest::load_path(
            std::path::Path::new("tests/fixtures/compose/gates.jsonl"),
            None,
        )
        .unwrap();
        let (bases, skipped) = compose::bases(
            pool(),
            &ds.problems,
            &compose::ComposeOptions::default().reference,
        )
        .unwrap();
        assert!(skipped.is_empty(), "{skipped:?}");
        bases
    })
}

fn only(task: &str, templates: &[&str]) -> ComposeReport {
    with_options(task, templates, ComposeOptions::default())
}

fn with_options(task: &str, templates: &[&str], opts: ComposeOptions) -> ComposeReport {
    let all = bases();
    let b: Vec<Base> = all.iter().filter(|b| b.task_id == task).cloned().collect();
    assert_eq!(b.len(), 1, "{task}");
    let opts = ComposeOptions {
        templates: templates.iter().map(|s| s.to_string()).collect(),
        ..opts
    };
    compose::compose_bases(pool(), &b, &opts, "humaneval", |_| {}).unwrap()
}

fn rejected_by(r: &ComposeReport, template: &str) -> Vec<String> {
    r.rejections
        .iter()
        .filter(|x| x.template == template)
        .map(|x| x.gate.clone())
        .collect()
}

#[test]
fn deterministic_gate_rejects_random_bases() {
    let r = only("gate/nondeterministic", &["map"]);
    assert!(r.problems.is_empty());
    assert_eq!(rejected_by(&r, "map"), ["deterministic"]);
}

#[test]
fn time_gate_rejects_slow_compositions() {
    let r = only("gate/slow", &["map"]);
    assert!(r.problems.is_empty());
    assert_eq!(rejected_by(&r, "map"), ["time"]);
}

#[test]
fn time_gate_counts_work_units() {
    // A plain loop of 50,000 steps per call: cheap enough for the default budget, far over a
    // budget of 1,000,000 units (12 tests of a MAP over lists of such calls).
    let r = only("gate/busy", &["map"]);
    assert_eq!(r.problems.len(), 1, "{:?}", r.rejections);
    let time = &r.problems[0]
        .native
        .gates
        .iter()
        .find(|g| g.gate == "time")
        .unwrap()
        .detail;
    let units: u64 = time.split(' ').next().unwrap().parse().unwrap();
    assert!(units > 1_000_000, "{time}");
    let mut opts = ComposeOptions::default();
    opts.gates.work_budget = 1_000_000;
    opts.gates.soft_work = 200_000;
    let r = with_options("gate/busy", &["map"], opts);
    assert!(r.problems.is_empty());
    assert_eq!(rejected_by(&r, "map"), ["time"]);
    assert!(
        r.rejections[0].detail.contains("1000000 work units"),
        "{:?}",
        r.rejections
    );
}

#[test]
fn nontrivial_gate_rejects_constant_maps() {
    let r = only("gate/trivial", &["map"]);
    assert!(r.problems.is_empty());
    assert_eq!(rejected_by(&r, "map"), ["nontrivial"]);
}

#[test]
fn domain_gate_rejects_iterations_leaving_the_observed_inputs() {
    let r = only("gate/domain", &["iterate"]);
    assert!(r.problems.is_empty());
    assert_eq!(rejected_by(&r, "iterate"), ["domain"]);
}

#[test]
fn identity_base_must_fail_the_tests() {
    let r = only("gate/identity", &["map"]);
    assert!(r.problems.is_empty());
    assert_eq!(rejected_by(&r, "map"), ["base_identity"]);
}

#[test]
fn constant_base_must_fail_the_tests() {
    let r = only("gate/constant", &["iterate"]);
    assert!(r.problems.is_empty());
    assert_eq!(rejected_by(&r, "iterate"), ["base_constant"]);
}

#[test]
fn tree_check_rejects_reimplementation_and_redefinition() {
    let all = bases();
    let bi = all.iter().position(|b| b.task_id == "good/square").unwrap();
    let mut s = Spec::new("map", bi);
    s.name = "map_square".into();
    s.params = vec![(
        "xs".into(),
        benchsmith::model::Type::List(Box::new(benchsmith::model::Type::Int)),
    )];
    s.body = "    return [x * x for x in xs]\n".into();
    assert!(render::tree_check(&s, all)
        .unwrap_err()
        .to_string()
        .contains("never calls `square`"));
    s.body =
        "    def square(n):\n        return n * n\n    return [square(x) for x in xs]\n".into();
    assert!(render::tree_check(&s, all)
        .unwrap_err()
        .to_string()
        .contains("redefines `square`"));
    s.body = "    return [square(x) for x in xs\n".into();
    assert!(render::tree_check(&s, all)
        .unwrap_err()
        .to_string()
        .contains("does not parse"));
    s.body = "    return [square(x) for x in xs]\n".into();
    assert!(render::tree_check(&s, all).is_ok());
}

#[test]
fn good_bases_compose_and_pass_their_own_tests() {
    let opts = ComposeOptions::default();
    let b: Vec<Base> = bases()
        .iter()
        .filter(|b| b.task_id.starts_with("good/"))
        .cloned()
        .collect();
    let r = compose::compose_bases(pool(), &b, &opts, "humaneval", |_| {}).unwrap();
    for t in [
        "map", "filter", "count", "any", "all", "indices", "sum", "sort_by", "iterate", "concat",
        "prefix",
    ] {
        assert!(
            r.templates.contains_key(t),
            "no {t} problem: {:?}\n{:?}",
            r.templates,
            r.rejections
        );
    }
    assert_eq!(r.bases_covered, 3);
    for p in &r.problems {
        let n = p.native.tests.len();
        assert!((10..=50).contains(&n), "{}: {n} tests", p.native.id);
        assert!(p.native.gates.iter().all(|g| g.passed));
        // The new solution calls the base and does not contain its body.
        let base = p.native.base_task_id.rsplit('/').next().unwrap();
        assert!(
            p.codeeval_pro.new_solution.contains(&format!("{base}(")),
            "{}",
            p.codeeval_pro.new_solution
        );
        assert!(
            p.codeeval_pro.new_problem.contains(&format!("`{base}`")),
            "the statement names the base"
        );
    }
    // Same seed, same output.
    let again = compose::compose_bases(pool(), &b, &opts, "humaneval", |_| {}).unwrap();
    let a: Vec<_> = r
        .problems
        .iter()
        .map(|p| serde_json::to_string(&p.codeeval_pro).unwrap())
        .collect();
    let b2: Vec<_> = again
        .problems
        .iter()
        .map(|p| serde_json::to_string(&p.codeeval_pro).unwrap())
        .collect();
    assert_eq!(a, b2);
    // Snapshots of a few composed problems.
    for id in [
        "good/is_even/filter",
        "good/square/sum",
        "good/shout/prefix",
        "good/square/iterate",
    ] {
        let p = r
            .problems
            .iter()
            .find(|p| p.codeeval_pro.id == id)
            .unwrap_or_else(|| panic!("no {id}"));
        let c = &p.codeeval_pro;
        let shown = format!("{}{}\n{}", c.new_problem, c.new_solution, c.test_code);
        insta::assert_snapshot!(id.replace('/', "__"), shown);
    }
}

#[test]
fn a_failing_self_check_is_reported_per_program() {
    let progs = vec![
        "def f(x):\n    return x\nassert f(1) == 1\n".to_string(),
        "def f(x):\n    return x\nassert f(1) == 2\n".to_string(),
        "raise ValueError('boom')\n".to_string(),
    ];
    let v = compose::run_programs(pool(), &progs, 512).unwrap();
    assert!(v[0].is_ok());
    assert!(v[1]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("AssertionError"));
    assert!(v[2].as_ref().unwrap_err().to_string().contains("boom"));
    let _ = gates::GateOptions::default();
}
