//! Snapshot tests of every mutation operator on a fixture program, plus engine invariants.

use benchsmith::model::{Problem, Provenance, TestSuite};
use benchsmith::mutate::{all_mutants, buggy_record, ops, select};
use benchsmith::python::parse;

fn fixture() -> Problem {
    let src = include_str!("fixtures/mutate/sample.py");
    let cut = src.find("    balance = 0").expect("fixture body");
    Problem {
        task_id: "Fixture/0".into(),
        language: "python".into(),
        prompt: src[..cut].to_string(),
        entry_point: "below_zero".into(),
        canonical_solution: src[cut..].to_string(),
        tests: TestSuite {
            code: "def check(candidate):\n    assert candidate([1, -2]) is True\n".into(),
            ..Default::default()
        },
        signature_types: None,
        extra: Default::default(),
        provenance: Provenance::default(),
    }
}

#[test]
fn every_operator_snapshot() {
    let p = fixture();
    let mutants = all_mutants(&p);
    for op in ops::OPERATORS {
        let lines: Vec<String> = mutants
            .iter()
            .filter(|m| m.operator == op.id)
            .map(|m| format!("line {}: {}", m.line, m.description))
            .collect();
        assert!(
            !lines.is_empty(),
            "operator {} found nothing in the fixture",
            op.id
        );
        insta::assert_snapshot!(format!("op_{}", op.id), lines.join("\n"));
    }
}

#[test]
fn mutants_parse_differ_and_stay_in_the_solution() {
    let p = fixture();
    let original = p.reference_program();
    let mutants = all_mutants(&p);
    assert!(mutants.len() > 30, "{}", mutants.len());
    let mut seen = std::collections::HashSet::new();
    for m in &mutants {
        let program = p.program_with(&m.solution);
        assert_ne!(program, original, "{}", m.description);
        assert!(
            !parse::has_error(&parse::parse(&program)),
            "{}: syntax error",
            m.description
        );
        assert!(
            program.starts_with(&p.prompt),
            "{} edits the prompt",
            m.description
        );
        assert!(seen.insert(program), "duplicate mutant {}", m.description);
    }
    // The docstring is never touched.
    assert!(mutants
        .iter()
        .all(|m| !m.description.contains("Detect whether")));
}

#[test]
fn selection_is_stratified_and_deterministic() {
    let p = fixture();
    let a = select(&p, all_mutants(&p), 12, 7);
    let b = select(&p, all_mutants(&p), 12, 7);
    assert_eq!(a, b);
    assert_eq!(a.len(), 12);
    let ops: std::collections::HashSet<&str> = a.iter().map(|m| m.operator).collect();
    assert!(ops.len() >= 9, "one of each operator first: {ops:?}");
    let c = select(&p, all_mutants(&p), 12, 8);
    assert_ne!(a, c, "another seed picks other mutants");
}

#[test]
fn buggy_record_plants_the_bug_in_the_prompt() {
    let p = fixture();
    let m = all_mutants(&p)
        .into_iter()
        .find(|m| m.operator == "relational")
        .expect("a relational mutant");
    let r = buggy_record(&p, &m);
    let prompt = r["prompt"].as_str().unwrap();
    let rest = r["canonical_solution"].as_str().unwrap();
    assert!(prompt.contains("balance <= limit"), "{prompt}");
    assert!(prompt.ends_with('\n'));
    assert!(!rest.contains("balance <= limit") && rest.contains("return True"));
    assert_eq!(r["bug"]["operator"], "relational");
}
