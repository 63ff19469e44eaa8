//! Perturbation recipes (YAML, via serde-saphyr): which transforms, how many seeds, which
//! parameters, and which prompt (full or partial) each one edits.

use super::engine::Task;
use super::{find, Base, Params, PerturbError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Seeds for randomised transforms (deterministic ones get seed 0 only).
    #[serde(default = "default_seeds")]
    pub seeds: u64,
    pub transforms: Vec<Entry>,
}

fn default_seeds() -> u64 {
    5
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    /// Seed count override for this transform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seeds: Option<u64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, f64>,
    /// `full` or `partial`; the transform's registry default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<Base>,
}

/// Built-in recipes (`transforms/recipes/*.yaml`).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "recode",
        include_str!("../../transforms/recipes/recode.yaml"),
    ),
    ("all", include_str!("../../transforms/recipes/all.yaml")),
];

impl Recipe {
    pub fn parse(yaml: &str) -> Result<Recipe, PerturbError> {
        serde_saphyr::from_str(yaml).map_err(|e| PerturbError::Recipe(e.to_string()))
    }

    /// A built-in name or a file path.
    pub fn load(arg: &str) -> Result<Recipe, PerturbError> {
        if let Some((_, y)) = BUILTIN.iter().find(|(n, _)| *n == arg) {
            return Recipe::parse(y);
        }
        let text = std::fs::read_to_string(arg).map_err(|e| {
            PerturbError::Recipe(format!(
                "{arg}: not a built-in recipe (recode, all) and cannot be read: {e}"
            ))
        })?;
        Recipe::parse(&text)
    }

    /// A recipe running the given transforms with their defaults.
    pub fn of_ids(ids: &[String], seeds: u64) -> Recipe {
        Recipe {
            name: "cli".into(),
            description: String::new(),
            seeds,
            transforms: ids
                .iter()
                .map(|id| Entry {
                    id: id.clone(),
                    seeds: None,
                    params: BTreeMap::new(),
                    prompt: None,
                })
                .collect(),
        }
    }

    /// Resolve ids against the registry; `seeds_override` replaces the recipe's seed count.
    pub fn tasks(&self, seeds_override: Option<u64>) -> Result<Vec<Task>, PerturbError> {
        let mut out = vec![];
        for e in &self.transforms {
            let spec = find(&e.id).ok_or_else(|| PerturbError::Unknown(e.id.clone()))?;
            for k in e.params.keys() {
                if !spec.params.iter().any(|(n, _)| n == k) {
                    return Err(PerturbError::Recipe(format!(
                        "{}: unknown parameter `{k}` (known: {})",
                        spec.id,
                        spec.params
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
            let n = if spec.randomised {
                seeds_override.or(e.seeds).unwrap_or(self.seeds)
            } else {
                1
            };
            out.push(Task {
                spec,
                seeds: (0..n.max(1)).collect(),
                params: Params(e.params.clone()),
                base: e.prompt.unwrap_or(spec.base),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_recipes_resolve() {
        for (name, _) in BUILTIN {
            let r = Recipe::load(name).unwrap();
            let tasks = r.tasks(None).unwrap();
            assert!(!tasks.is_empty(), "{name}");
        }
        let r = Recipe::load("recode").unwrap();
        let t = r.tasks(None).unwrap();
        let bf = t.iter().find(|t| t.spec.id == "ButterFingers").unwrap();
        assert_eq!(bf.seeds, vec![0, 1, 2, 3, 4]);
        let tp = t.iter().find(|t| t.spec.id == "TensePast").unwrap();
        assert_eq!(tp.seeds, vec![0]);
        // Round trip through YAML.
        let y = serde_saphyr::to_string(&r).unwrap();
        assert_eq!(Recipe::parse(&y).unwrap(), r);
    }

    #[test]
    fn rejects_unknown() {
        assert!(matches!(
            Recipe::of_ids(&["Nope".into()], 1).tasks(None),
            Err(PerturbError::Unknown(_))
        ));
        let bad = "name: x\ntransforms:\n  - id: ButterFingers\n    params: {probability: 0.2}\n";
        assert!(Recipe::parse(bad).unwrap().tasks(None).is_err());
        assert!(Recipe::parse("name: x\nbogus: 1\ntransforms: []\n").is_err());
    }
}
