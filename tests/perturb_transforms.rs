//! Snapshot tests of every transform on fixtures, and property tests (clean re-parse,
//! consistent renames, determinism).

use benchsmith::ingest::load_path;
use benchsmith::perturb::engine::apply_one;
use benchsmith::perturb::REGISTRY;
use benchsmith::python::{has_error, parse};
use proptest::prelude::*;
use std::path::Path;

fn fixtures() -> Vec<benchsmith::model::Problem> {
    load_path(Path::new("tests/fixtures/perturb/humaneval6.jsonl"), None)
        .expect("fixture")
        .problems
}

#[test]
fn snapshot_every_transform() {
    let problems = fixtures();
    for spec in REGISTRY {
        let mut out = String::new();
        for p in &problems {
            out.push_str(&format!("=== {} ===\n", p.task_id));
            match apply_one(p, spec, 0) {
                Ok(Some(q)) => {
                    assert!(
                        !has_error(&parse::parse(&q.reference_program())),
                        "{} {}",
                        spec.id,
                        p.task_id
                    );
                    out.push_str(&format!(
                        "entry_point: {}\n--- prompt ---\n{}--- completion ---\n{}",
                        q.entry_point, q.prompt, q.canonical_solution
                    ));
                }
                Ok(None) => out.push_str("(unchanged)\n"),
                Err(e) => {
                    assert!(
                        spec.id == "BackTranslation",
                        "{} {}: {e}",
                        spec.id,
                        p.task_id
                    );
                    out.push_str(&format!("(error) {e}\n"));
                }
            }
        }
        insta::assert_snapshot!(spec.id, out);
    }
}

#[test]
fn dead_code_never_copies_hidden_lines() {
    let spec = benchsmith::perturb::find("DeadCodeInserter").unwrap();
    for p in fixtures() {
        let nominal = benchsmith::perturb::engine::partial_problem(&p).unwrap();
        for seed in 0..10 {
            if let Some(q) = apply_one(&p, spec, seed).unwrap() {
                let visible: Vec<&str> = nominal.prompt.lines().map(str::trim).collect();
                for line in q.prompt.lines().map(str::trim) {
                    if nominal
                        .canonical_solution
                        .lines()
                        .any(|h| h.trim() == line && !line.is_empty())
                        && !visible.contains(&line)
                    {
                        let synthetic = line.starts_with("if ")
                            || line.starts_with("while ")
                            || line.starts_with("for _i_")
                            || line.starts_with("_i_")
                            || line == "pass";
                        assert!(synthetic, "{}: hidden line `{line}` copied", p.task_id);
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn reparse_clean_and_deterministic(t in 0usize..100, seed in 0u64..1000, k in 0usize..6) {
        let problems = fixtures();
        let p = &problems[k % problems.len()];
        let spec = &REGISTRY[t % REGISTRY.len()];
        let a = apply_one(p, spec, seed);
        let b = apply_one(p, spec, seed);
        prop_assert_eq!(a.clone(), b);
        if let Ok(Some(q)) = a {
            prop_assert!(!has_error(&parse::parse(&q.reference_program())));
            // Renames are consistent: the entry point is defined, and the old name is gone from
            // code when it changed.
            let def = format!("def {}(", q.entry_point);
            prop_assert!(q.reference_program().contains(&def));
            if q.entry_point != p.entry_point {
                let tree = parse::parse(&q.reference_program());
                let ids = benchsmith::perturb::common::identifiers(&tree, &q.reference_program());
                prop_assert!(!ids.contains(&p.entry_point));
                let tt = parse::parse(&q.tests.code);
                prop_assert!(!benchsmith::perturb::common::identifiers(&tt, &q.tests.code).contains(&p.entry_point));
            }
        }
    }
}
