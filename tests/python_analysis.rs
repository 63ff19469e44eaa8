//! Python analysis on the real HumanEval and MBPP data (`../shared/datasets`), fixture
//! snapshots, and no-panic properties.

use benchsmith::python::{
    analyse, analyse_prompt, guess_entry_point, has_error, parse, parse_literal, parse_tests,
    top_level_functions, TestStyleHint,
};
use flate2::read::GzDecoder;
use proptest::prelude::*;
use serde_json::Value as Json;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

// Recognition thresholds, set just below the rates measured on the real data
// (`cargo test --test python_analysis recognition_rates -- --nocapture` prints them):
// HumanEval 1117/1133 = 98.59%, MBPP 2904/2922 = 99.38%, MBPP-sanitized 1321/1324 = 99.77%.
const HUMANEVAL_MIN_RATE: f64 = 0.98;
const MBPP_MIN_RATE: f64 = 0.99;

fn datasets() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets");
    assert!(
        dir.is_dir(),
        "DATASETS MISSING: {} does not exist; these integration tests need the real HumanEval and \
         MBPP files (humaneval/HumanEval.jsonl.gz, mbpp/mbpp.jsonl, mbpp/sanitized-mbpp.json)",
        dir.display()
    );
    dir
}

fn humaneval() -> Vec<Json> {
    let path = datasets().join("humaneval/HumanEval.jsonl.gz");
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let rows: Vec<Json> = BufReader::new(GzDecoder::new(file))
        .lines()
        .map(|l| l.expect("gzip line"))
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(&l).expect("HumanEval JSON line"))
        .collect();
    assert_eq!(rows.len(), 164, "HumanEval should have 164 problems");
    rows
}

fn mbpp() -> Vec<Json> {
    let path = datasets().join("mbpp/mbpp.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let rows: Vec<Json> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("MBPP JSON line"))
        .collect();
    assert_eq!(rows.len(), 974, "MBPP should have 974 problems");
    rows
}

fn mbpp_sanitized() -> Vec<Json> {
    let path = datasets().join("mbpp/sanitized-mbpp.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let rows: Vec<Json> = serde_json::from_str(&text).expect("sanitized MBPP JSON");
    assert_eq!(rows.len(), 427, "sanitized MBPP should have 427 problems");
    rows
}

fn s<'a>(row: &'a Json, key: &str) -> &'a str {
    row[key]
        .as_str()
        .unwrap_or_else(|| panic!("field {key} missing in {}", row["task_id"]))
}

fn test_list(row: &Json) -> Vec<String> {
    row["test_list"]
        .as_array()
        .expect("test_list")
        .iter()
        .map(|t| t.as_str().expect("test string").to_string())
        .collect()
}

#[test]
fn every_humaneval_problem_analyses() {
    let mut failures = vec![];
    for row in humaneval() {
        let (id, entry) = (s(&row, "task_id"), s(&row, "entry_point"));
        match analyse(s(&row, "prompt"), s(&row, "canonical_solution"), entry) {
            Ok(a) => {
                if a.signature.name != entry || !a.entry_found {
                    failures.push(format!("{id}: signature name {}", a.signature.name));
                }
                if a.docstring.is_none() {
                    failures.push(format!("{id}: no docstring"));
                }
                if a.body_lines.is_empty() {
                    failures.push(format!("{id}: no body lines"));
                }
            }
            Err(e) => failures.push(format!("{id}: {e}")),
        }
        match analyse_prompt(s(&row, "prompt"), entry) {
            Ok(a) if a.docstring.is_some() => {}
            Ok(_) => failures.push(format!("{id}: prompt alone has no docstring")),
            Err(e) => failures.push(format!("{id}: prompt alone: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "HumanEval analysis failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn humaneval_doctest_examples_are_structured() {
    let (mut total, mut structured) = (0, 0);
    for row in humaneval() {
        let a = analyse_prompt(s(&row, "prompt"), s(&row, "entry_point")).expect("prompt analyses");
        for ex in a.docstring.map(|d| d.examples).unwrap_or_default() {
            total += 1;
            if ex.args.is_some() && ex.expected.is_some() {
                structured += 1;
            }
        }
    }
    println!("HumanEval docstring examples: {structured}/{total} structured");
    assert!(
        total > 300,
        "expected hundreds of docstring examples, found {total}"
    );
    assert!(
        structured as f64 / total as f64 > 0.8,
        "{structured}/{total}"
    );
}

#[test]
fn every_mbpp_program_parses_and_defines_its_entry() {
    let mut failures = vec![];
    for row in mbpp() {
        let id = &row["task_id"];
        let code = s(&row, "code");
        if has_error(&parse(code)) {
            failures.push(format!("{id}: code does not parse"));
            continue;
        }
        let tests = test_list(&row);
        match guess_entry_point(&tests[0], code) {
            Some(entry) => {
                if let Err(e) = analyse("", code, &entry) {
                    failures.push(format!("{id}: {e}"));
                }
            }
            None => failures.push(format!(
                "{id}: first test {:?} calls none of {:?}",
                tests[0],
                top_level_functions(code)
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "MBPP failures ({}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

struct Rate {
    total: usize,
    structured: usize,
    fully: usize,
    problems: usize,
}

impl Rate {
    fn rate(&self) -> f64 {
        self.structured as f64 / self.total.max(1) as f64
    }
}

fn humaneval_rate() -> Rate {
    let mut r = Rate {
        total: 0,
        structured: 0,
        fully: 0,
        problems: 0,
    };
    for row in humaneval() {
        let p = parse_tests(
            s(&row, "test"),
            s(&row, "entry_point"),
            TestStyleHint::Check,
        );
        r.total += p.asserts_total;
        r.structured += p.asserts_structured;
        r.fully += p.fully_structured as usize;
        r.problems += 1;
    }
    r
}

fn mbpp_rate(rows: &[Json]) -> Rate {
    let mut r = Rate {
        total: 0,
        structured: 0,
        fully: 0,
        problems: 0,
    };
    for row in rows {
        let tests = test_list(row).join("\n");
        let entry = guess_entry_point(&tests, s(row, "code")).unwrap_or_default();
        let p = parse_tests(&tests, &entry, TestStyleHint::Asserts);
        r.total += p.asserts_total;
        r.structured += p.asserts_structured;
        r.fully += p.fully_structured as usize;
        r.problems += 1;
    }
    r
}

#[test]
fn recognition_rates() {
    let he = humaneval_rate();
    let mb = mbpp_rate(&mbpp());
    let sa = mbpp_rate(&mbpp_sanitized());
    for (name, r) in [("HumanEval", &he), ("MBPP", &mb), ("MBPP-sanitized", &sa)] {
        println!(
            "{name}: {}/{} asserts structured ({:.2}%), {}/{} problems fully structured",
            r.structured,
            r.total,
            100.0 * r.rate(),
            r.fully,
            r.problems
        );
    }
    assert!(
        he.rate() >= HUMANEVAL_MIN_RATE,
        "HumanEval recognition {:.4} < {HUMANEVAL_MIN_RATE}",
        he.rate()
    );
    assert!(
        mb.rate() >= MBPP_MIN_RATE,
        "MBPP recognition {:.4} < {MBPP_MIN_RATE}",
        mb.rate()
    );
    assert!(
        sa.rate() >= MBPP_MIN_RATE,
        "MBPP-sanitized recognition {:.4} < {MBPP_MIN_RATE}",
        sa.rate()
    );
}

/// `tests/fixtures/python/NAME.py`: first line `# entry: NAME`, the prompt, a `#<solution>`
/// line, the solution.
fn fixture(name: &str) -> (String, String, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/python")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (first, rest) = text.split_once('\n').expect("entry line");
    let entry = first
        .strip_prefix("# entry: ")
        .expect("# entry: line")
        .trim()
        .to_string();
    let (prompt, solution) = rest
        .split_once("#<solution>\n")
        .expect("#<solution> marker");
    (prompt.to_string(), solution.to_string(), entry)
}

#[test]
fn snapshot_humaneval_with_helper() {
    let (p, sol, e) = fixture("humaneval_helper.py");
    insta::assert_yaml_snapshot!(analyse(&p, &sol, &e).expect("analyses"));
}

#[test]
fn snapshot_humaneval_inline_examples() {
    let (p, sol, e) = fixture("humaneval_inline.py");
    insta::assert_yaml_snapshot!(analyse(&p, &sol, &e).expect("analyses"));
}

#[test]
fn snapshot_no_examples() {
    let (p, sol, e) = fixture("no_examples.py");
    insta::assert_yaml_snapshot!(analyse(&p, &sol, &e).expect("analyses"));
}

#[test]
fn snapshot_mbpp_program() {
    let (p, sol, e) = fixture("mbpp_program.py");
    insta::assert_yaml_snapshot!(analyse(&p, &sol, &e).expect("analyses"));
}

#[test]
fn snapshot_parsed_tests() {
    let code = "def check(candidate):\n    assert candidate([1, 2]) == 3\n    assert abs(candidate([0.5]) - 0.25) < 1e-6\n    assert not candidate([])\n    for x in range(3):\n        assert candidate([x]) == x\n";
    insta::assert_yaml_snapshot!(parse_tests(code, "f", TestStyleHint::Auto));
}

fn all_fixture_sources() -> Vec<String> {
    [
        "humaneval_helper.py",
        "humaneval_inline.py",
        "no_examples.py",
        "mbpp_program.py",
    ]
    .iter()
    .map(|f| {
        let (p, s, _) = fixture(f);
        format!("{p}{s}")
    })
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn no_panic_on_random_text(text in "(?s)[ -~\t\n\"'#()\\[\\]{}:,.=<>+*/\\\\-é➞]{0,200}") {
        let _ = analyse(&text, "", "f");
        let _ = analyse_prompt(&text, "f");
        let _ = parse_tests(&text, "f", TestStyleHint::Auto);
        let _ = parse_tests(&text, "candidate", TestStyleHint::Asserts);
        let _ = parse_literal(&text);
    }

    #[test]
    fn no_panic_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = analyse(&text, "", "f");
        let _ = analyse_prompt(&text, "f");
        let _ = parse_tests(&text, "f", TestStyleHint::Check);
        let _ = parse_literal(&text);
    }

    #[test]
    fn no_panic_on_mutated_programs(
        which in 0usize..4,
        cuts in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..8, "[ \n()\"'>:\\\\a-z]{0,4}"), 1..6),
        split in any::<prop::sample::Index>(),
    ) {
        let mut src = all_fixture_sources()[which].clone();
        for (at, len, ins) in cuts {
            let mut i = at.index(src.len() + 1);
            while !src.is_char_boundary(i) { i -= 1; }
            let mut j = (i + len).min(src.len());
            while !src.is_char_boundary(j) { j -= 1; }
            src.replace_range(i..j, &ins);
        }
        let mut k = split.index(src.len() + 1);
        while !src.is_char_boundary(k) { k -= 1; }
        let entry = ["sort_by_digits", "double_the_difference", "strlen", "similar_elements"][which];
        let _ = analyse(&src[..k], &src[k..], entry);
        let _ = analyse_prompt(&src[..k], entry);
        let _ = parse_tests(&src, entry, TestStyleHint::Auto);
    }
}

/// Diagnostic listing of what is not recognised (`cargo test --test python_analysis -- --ignored --nocapture`).
#[test]
#[ignore]
fn list_unrecognised() {
    for row in humaneval() {
        let p = parse_tests(
            s(&row, "test"),
            s(&row, "entry_point"),
            TestStyleHint::Check,
        );
        for (line, text) in p.unrecognised {
            println!("HE {} {line}: {text}", s(&row, "task_id"));
        }
        let a = analyse_prompt(s(&row, "prompt"), s(&row, "entry_point")).expect("prompt");
        for ex in a.docstring.map(|d| d.examples).unwrap_or_default() {
            if ex.args.is_none() || ex.expected.is_none() {
                println!(
                    "EX {} {:?}: {:?} => {:?}",
                    s(&row, "task_id"),
                    ex.style,
                    ex.call,
                    ex.expected_text
                );
            }
        }
    }
    for row in mbpp().iter().chain(mbpp_sanitized().iter()) {
        let tests = test_list(row).join("\n");
        let entry = guess_entry_point(&tests, s(row, "code")).unwrap_or_default();
        let p = parse_tests(&tests, &entry, TestStyleHint::Asserts);
        for (line, text) in p.unrecognised {
            println!("MBPP {} {line}: {text}", row["task_id"]);
        }
    }
}
