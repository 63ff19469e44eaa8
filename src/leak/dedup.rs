//! Near-duplicate problems within and across benchmarks: every problem is a set of shingles
//! (identifier-normalised 5-token shingles of its reference program and 5-word shingles of its
//! statement); MinHash LSH proposes pairs, the exact Jaccard similarity decides, and pairs are
//! joined into clusters (union-find) shown with a line diff against the cluster's first member.

use super::entry::{Entry, Field};
use super::grams::{self, Scratch};
use super::lex::{self, Comments, Lexer};
use super::minhash;
use serde::Serialize;

/// Shingle sizes.
const CODE_K: usize = 5;
const PROSE_K: usize = 5;

#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub file: String,
    pub task_id: String,
    pub benchmark: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub jaccard: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cluster {
    pub members: Vec<Member>,
    /// Verified pairs inside the cluster (indices into `members`).
    pub pairs: Vec<Pair>,
    /// Unified line diffs of each other member's text against the first member's.
    pub diffs: Vec<String>,
    /// Does the cluster span more than one benchmark?
    pub cross_benchmark: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DedupSummary {
    pub problems: usize,
    pub threshold: f64,
    pub measure: Measure,
    pub candidate_pairs: usize,
    pub verified_pairs: usize,
    pub clusters: usize,
    pub cross_benchmark_clusters: usize,
    /// Problems in some cluster, per benchmark.
    pub clustered: std::collections::BTreeMap<String, usize>,
    /// Verified pairs per pair of benchmarks (`A ~ B`, names sorted; `A ~ A` within one).
    pub pairs_by_benchmarks: std::collections::BTreeMap<String, usize>,
}

/// The text a problem is compared by (statement and reference program).
fn text(e: &Entry) -> String {
    let mut s = String::new();
    for f in [Field::Solution, Field::Prompt] {
        if let Some((_, t)) = e.fields.iter().find(|(g, _)| *g == f) {
            s.push_str(t);
            break;
        }
    }
    s
}

fn shingles(e: &Entry, lx: &Lexer, sc: &mut Scratch) -> Vec<u64> {
    let mut set = vec![];
    let mut tokens = vec![];
    let mut words = vec![];
    let mut g = vec![];
    for (f, t) in &e.fields {
        match f {
            Field::Solution => {
                lx.code(t.as_bytes(), Comments::of(&e.language), &mut tokens);
                grams::idnorm(&tokens, CODE_K, sc, &mut g);
                set.extend_from_slice(&g);
            }
            Field::Prompt => {
                lex::words(t.as_bytes(), &mut words);
                grams::prose(&words, PROSE_K, &mut g);
                set.extend_from_slice(&g);
            }
            Field::Tests => {}
        }
    }
    set.sort_unstable();
    set.dedup();
    set
}

/// How two problems' shingle sets are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// |A ∩ B| / |A ∪ B|: near-duplicates of similar size (MinHash LSH proposes the pairs).
    #[default]
    Jaccard,
    /// |A ∩ B| / min(|A|, |B|): one problem inside another (a Pro problem around its
    /// source). Every pair is compared exactly up to [`ALL_PAIRS`] problems; beyond, LSH
    /// proposes the pairs (and may miss containments of very different sizes).
    Containment,
}

/// Up to this many problems, containment compares every pair exactly.
pub const ALL_PAIRS: usize = 6000;

/// Cluster near-duplicate problems (similarity at least `threshold`).
pub fn dedup(entries: &[Entry], threshold: f64, measure: Measure) -> (DedupSummary, Vec<Cluster>) {
    let lx = Lexer::new();
    let mut sc = Scratch::default();
    let sets: Vec<Vec<u64>> = entries.iter().map(|e| shingles(e, &lx, &mut sc)).collect();
    let sigs: Vec<minhash::Signature> = sets.iter().map(|s| minhash::signature(s)).collect();
    let cands = if measure == Measure::Containment && entries.len() <= ALL_PAIRS {
        (0..entries.len())
            .flat_map(|i| (i + 1..entries.len()).map(move |j| (i, j)))
            .collect()
    } else {
        minhash::candidate_pairs(&sigs)
    };
    let mut verified = vec![];
    for &(i, j) in &cands {
        let jac = match measure {
            Measure::Jaccard => minhash::jaccard(&sets[i], &sets[j]),
            Measure::Containment => minhash::containment(&sets[i], &sets[j]),
        };
        if jac >= threshold {
            verified.push((i, j, jac));
        }
    }
    let mut by_bench = std::collections::BTreeMap::new();
    for &(i, j, _) in &verified {
        let (a, b) = (&entries[i].benchmark, &entries[j].benchmark);
        let key = if a <= b {
            format!("{a} ~ {b}")
        } else {
            format!("{b} ~ {a}")
        };
        *by_bench.entry(key).or_insert(0) += 1;
    }
    let mut parent: Vec<usize> = (0..entries.len()).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(i, j, _) in &verified {
        let (a, b) = (root(&mut parent, i), root(&mut parent, j));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..entries.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut clusters = vec![];
    let mut summary = DedupSummary {
        problems: entries.len(),
        threshold,
        measure,
        candidate_pairs: cands.len(),
        verified_pairs: verified.len(),
        pairs_by_benchmarks: by_bench,
        ..Default::default()
    };
    for ids in groups.values().filter(|g| g.len() > 1) {
        let members: Vec<Member> = ids
            .iter()
            .map(|&i| Member {
                file: entries[i].file.clone(),
                task_id: entries[i].task_id.clone(),
                benchmark: entries[i].benchmark.clone(),
            })
            .collect();
        let pos = |x: usize| ids.iter().position(|&i| i == x).expect("member");
        let pairs = verified
            .iter()
            .filter(|(i, _, _)| ids.contains(i))
            .map(|&(i, j, jac)| Pair {
                a: pos(i),
                b: pos(j),
                jaccard: (jac * 10_000.0).round() / 10_000.0,
            })
            .collect();
        let first = text(&entries[ids[0]]);
        let diffs = ids[1..]
            .iter()
            .map(|&i| {
                let other = text(&entries[i]);
                similar::TextDiff::from_lines(&first, &other)
                    .unified_diff()
                    .header(&entries[ids[0]].task_id, &entries[i].task_id)
                    .to_string()
            })
            .collect();
        let cross = members.iter().any(|m| m.benchmark != members[0].benchmark);
        for m in &members {
            *summary.clustered.entry(m.benchmark.clone()).or_default() += 1;
        }
        summary.cross_benchmark_clusters += usize::from(cross);
        clusters.push(Cluster {
            members,
            pairs,
            diffs,
            cross_benchmark: cross,
        });
    }
    summary.clusters = clusters.len();
    (summary, clusters)
}
