//! What benchsmith knows about a problem: the tree-sitter analysis, the structured test cases,
//! and what running the reference solution showed (observed calls, inferred types).

use crate::model::{Language, Problem, Type};
use crate::probe::{infer_types, merge_types, Observation, Observed};
use crate::python::analysis::{analyse, Analysis, AnalysisError};
use crate::python::testcases::{parse_tests, ParsedTests};
use serde::Serialize;

/// Fill a problem's structured cases from its test code (when it has none yet) and return
/// what the test parser found.
pub fn structure_tests(problem: &mut Problem) -> ParsedTests {
    let parsed = parse_tests(
        &problem.tests.code,
        &problem.entry_point,
        problem.tests.style.into(),
    );
    if problem.tests.cases.is_empty() {
        problem.tests.cases = parsed.cases.clone();
    }
    parsed
}

#[derive(Debug, Clone, Serialize)]
pub struct TypedSlot {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<String>,
    /// The declared type refined by observation, or the observed type when undeclared.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CallView {
    pub call: String,
    pub result: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestsView {
    pub style: crate::model::TestStyle,
    pub asserts_total: usize,
    pub asserts_structured: usize,
    pub fully_structured: bool,
    pub cases: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct InspectReport {
    pub task_id: String,
    pub entry_point: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<ReferenceView>,
    pub params: Vec<TypedSlot>,
    pub returns: TypedSlot,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docstring: Option<String>,
    pub doctest_examples: usize,
    pub imports: Vec<String>,
    pub helpers: Vec<String>,
    pub tests: TestsView,
    pub observed_calls: usize,
    pub calls: Vec<CallView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analysis_error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
    pub time: f64,
}

/// Why a report has no analysis (the text is its `analysis_error`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InspectError {
    #[error("no analyser for {0} yet")]
    NoAnalyser(Language),
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
}

fn call_text(entry: &str, c: &Observed) -> CallView {
    let mut args: Vec<String> = c.args.iter().map(|a| a.to_python()).collect();
    args.extend(
        c.kwargs
            .iter()
            .map(|(k, v)| format!("{k}={}", v.to_python())),
    );
    let result = match (&c.result, &c.raised) {
        (Some(v), _) => v.to_python(),
        (None, Some(e)) => format!("raises {e}"),
        _ => "?".into(),
    };
    CallView {
        call: format!("{entry}({})", args.join(", ")),
        result,
    }
}

/// Build the report of each problem (`observations` may be empty or parallel to `problems`).
pub fn inspect(problems: &[Problem], observations: &[Observation]) -> Vec<InspectReport> {
    let by_id: std::collections::HashMap<&str, &Observation> = observations
        .iter()
        .map(|o| (o.task_id.as_str(), o))
        .collect();
    problems
        .iter()
        .map(|p| report(p, by_id.get(p.task_id.as_str()).copied()))
        .collect()
}

pub fn report(p: &Problem, obs: Option<&Observation>) -> InspectReport {
    let analysis: Result<Analysis, InspectError> = if p.language.is_python() {
        analyse(&p.prompt, &p.canonical_solution, &p.entry_point).map_err(InspectError::from)
    } else {
        Err(InspectError::NoAnalyser(p.language.clone()))
    };
    let mut problem = p.clone();
    let parsed = structure_tests(&mut problem);
    // (name, annotation, declared type, default)
    #[allow(clippy::type_complexity)]
    let params_decl: Vec<(String, Option<String>, Option<Type>, Option<String>)> = match &analysis {
        Ok(a) => a
            .signature
            .params
            .iter()
            .map(|q| {
                (
                    q.name.clone(),
                    q.annotation.clone(),
                    q.ty.clone(),
                    q.default.clone(),
                )
            })
            .collect(),
        Err(_) => vec![],
    };
    let names: Vec<String> = params_decl.iter().map(|p| p.0.clone()).collect();
    let calls: &[Observed] = obs.map(|o| o.calls.as_slice()).unwrap_or(&[]);
    let inferred = infer_types(calls, &names);
    let mut params = vec![];
    for (i, (name, ann, decl, default)) in params_decl.iter().enumerate() {
        let observed = inferred
            .as_ref()
            .and_then(|t| t.params.get(i))
            .map(|(_, t)| t.clone());
        let observed = observed.filter(|t| *t != Type::Any);
        params.push(TypedSlot {
            name: name.clone(),
            annotation: ann.clone(),
            declared: decl.as_ref().map(|t| t.to_string()),
            observed: observed.as_ref().map(|t| t.to_string()),
            ty: merge_types(decl.as_ref(), observed.as_ref()).to_string(),
            default: default.clone(),
        });
    }
    let (ret_ann, ret_decl) = match &analysis {
        Ok(a) => (
            a.signature.return_annotation.clone(),
            a.signature.return_type.clone(),
        ),
        Err(_) => (None, None),
    };
    let ret_obs = inferred
        .as_ref()
        .map(|t| t.returns.clone())
        .filter(|t| *t != Type::Any);
    let returns = TypedSlot {
        name: "return".into(),
        annotation: ret_ann,
        declared: ret_decl.as_ref().map(|t| t.to_string()),
        observed: ret_obs.as_ref().map(|t| t.to_string()),
        ty: merge_types(ret_decl.as_ref(), ret_obs.as_ref()).to_string(),
        default: None,
    };
    let (docstring, examples, imports, helpers) = match &analysis {
        Ok(a) => (
            a.docstring.as_ref().map(|d| d.prose.clone()),
            a.docstring.as_ref().map(|d| d.examples.len()).unwrap_or(0),
            a.imports.iter().map(|i| i.text.clone()).collect(),
            a.helpers
                .iter()
                .map(|h| format!("{} ({:?}, {:?})", h.name, h.kind, h.location).to_lowercase())
                .collect(),
        ),
        Err(_) => (None, 0, vec![], vec![]),
    };
    InspectReport {
        task_id: p.task_id.clone(),
        entry_point: p.entry_point.clone(),
        reference: obs.map(|o| ReferenceView {
            status: o.status.as_str().into(),
            detail: o.detail.clone(),
            time: o.time,
        }),
        params,
        returns,
        docstring,
        doctest_examples: examples,
        imports,
        helpers,
        tests: TestsView {
            style: p.tests.style,
            asserts_total: parsed.asserts_total,
            asserts_structured: parsed.asserts_structured,
            fully_structured: parsed.fully_structured,
            cases: problem.tests.cases.len(),
        },
        observed_calls: calls.len(),
        calls: calls
            .iter()
            .take(5)
            .map(|c| call_text(&p.entry_point, c))
            .collect(),
        analysis_error: analysis.err().map(|e| e.to_string()),
    }
}

/// A readable multi-line rendering of one report.
pub fn render_human(r: &InspectReport) -> String {
    let mut s = String::new();
    let params: Vec<String> = r
        .params
        .iter()
        .map(|p| {
            let d = p
                .default
                .as_ref()
                .map(|d| format!(" = {d}"))
                .unwrap_or_default();
            format!("{}: {}{d}", p.name, p.ty)
        })
        .collect();
    s.push_str(&format!(
        "{}  {}({}) -> {}\n",
        r.task_id,
        r.entry_point,
        params.join(", "),
        r.returns.ty
    ));
    if let Some(e) = &r.analysis_error {
        s.push_str(&format!("  analysis error: {e}\n"));
    }
    if let Some(ref_) = &r.reference {
        s.push_str(&format!(
            "  reference: {} ({:.3} s) {}\n",
            ref_.status, ref_.time, ref_.detail
        ));
    }
    if let Some(d) = &r.docstring {
        let first = d.lines().next().unwrap_or("");
        s.push_str(&format!(
            "  doc: {first}{}\n",
            if d.lines().count() > 1 { " ..." } else { "" }
        ));
    }
    s.push_str(&format!(
        "  examples: {}  imports: {}  helpers: {}\n",
        r.doctest_examples,
        r.imports.len(),
        if r.helpers.is_empty() {
            "-".to_string()
        } else {
            r.helpers.join(", ")
        }
    ));
    s.push_str(&format!(
        "  tests: {:?}, {}/{} asserts structured{}, {} cases\n",
        r.tests.style,
        r.tests.asserts_structured,
        r.tests.asserts_total,
        if r.tests.fully_structured {
            " (fully)"
        } else {
            ""
        },
        r.tests.cases
    ));
    s.push_str(&format!("  observed calls: {}\n", r.observed_calls));
    for c in &r.calls {
        s.push_str(&format!("    {} -> {}\n", c.call, c.result));
    }
    s
}
