//! Contract files (`transforms/contracts/*.yaml`): finding and loading them, and laying them
//! over an inferred contract.

use super::{Contract, ContractOrigin, ValueContract};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A contract file (`transforms/contracts/*.yaml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractFile {
    #[serde(default)]
    pub task_id: Option<String>,
    #[serde(default)]
    pub params: BTreeMap<String, ValueContract>,
    #[serde(default)]
    pub require: Vec<String>,
    #[serde(default)]
    pub replace: bool,
}

/// A contract file that does not fit the contract it is laid over.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// The file constrains a parameter the entry point does not have.
    #[error("unknown parameter {0:?}")]
    UnknownParameter(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
}

/// The contract file of a task under `dir`, if there is one.
pub fn file_for(dir: &Path, task_id: &str) -> PathBuf {
    dir.join(format!("{}.yaml", task_id.replace(['/', '\\', ':'], "_")))
}

pub fn load_file(path: &Path) -> Result<ContractFile, ContractError> {
    let text = std::fs::read_to_string(path).map_err(|e| ContractError::File {
        path: path.into(),
        message: e.to_string(),
    })?;
    serde_saphyr::from_str(&text).map_err(|e| ContractError::File {
        path: path.into(),
        message: e.to_string(),
    })
}

fn overlay(base: &mut ValueContract, over: &ValueContract) {
    macro_rules! take {
        ($($f:ident),*) => { $( if over.$f.is_some() { base.$f = over.$f.clone(); } )* };
    }
    take!(min, max, min_len, max_len, charset, vocab, elem, key, value, rows);
    if over.charset.is_some() {
        base.class = Some("contract file".into());
    }
    base.sorted |= over.sorted;
    base.unique |= over.unique;
    base.balanced |= over.balanced;
    base.even_len |= over.even_len;
    if !over.items.is_empty() {
        base.items = over.items.clone();
    }
}

impl Contract {
    /// Apply a contract file on top of this (inferred) contract.
    pub fn merge_file(&mut self, f: &ContractFile) -> Result<(), MergeError> {
        for name in f.params.keys() {
            if !self.params.iter().any(|(n, _)| n == name) {
                return Err(MergeError::UnknownParameter(name.clone()));
            }
        }
        if f.replace {
            for (_, c) in self.params.iter_mut() {
                let hints = (c.scale, c.len_hint);
                *c = ValueContract {
                    scale: hints.0,
                    len_hint: hints.1,
                    ..Default::default()
                };
            }
            self.same_len.clear();
            self.len_rel.clear();
            self.indices.clear();
            self.substring.clear();
            // The file is the whole contract: no docstring reading either.
            self.stated.clear();
            self.origin = ContractOrigin::File;
        } else {
            self.origin = ContractOrigin::InferredAndFile;
        }
        for (name, c) in self.params.iter_mut() {
            if let Some(o) = f.params.get(name) {
                overlay(c, o);
            }
        }
        self.require.extend(f.require.iter().cloned());
        Ok(())
    }
}
