//! MinHash signatures and banded LSH, for near-duplicate search among problems. Candidates
//! from the bands are always verified with the exact Jaccard similarity of the shingle sets.

use super::hash;
use std::collections::HashMap;

/// Permutations per signature.
pub const PERMUTATIONS: usize = 128;
/// Bands × rows = permutations; 32 × 4 finds pairs from a Jaccard similarity of about 0.4 up.
pub const BANDS: usize = 32;
const ROWS: usize = PERMUTATIONS / BANDS;

pub type Signature = [u64; PERMUTATIONS];

/// The MinHash signature of a set of shingle hashes.
pub fn signature(shingles: &[u64]) -> Signature {
    let mut sig = [u64::MAX; PERMUTATIONS];
    for &s in shingles {
        for (i, slot) in sig.iter_mut().enumerate() {
            let h = hash::finish(s ^ (i as u64).wrapping_mul(0xA076_1D64_78BD_642F));
            if h < *slot {
                *slot = h;
            }
        }
    }
    sig
}

/// Pairs `(i, j)`, `i < j`, that share at least one band.
pub fn candidate_pairs(sigs: &[Signature]) -> Vec<(usize, usize)> {
    let mut pairs = vec![];
    for b in 0..BANDS {
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, s) in sigs.iter().enumerate() {
            if s[0] == u64::MAX {
                continue; // empty set
            }
            let mut h = b as u64;
            for r in &s[b * ROWS..(b + 1) * ROWS] {
                h = hash::mix(h, *r);
            }
            buckets.entry(h).or_default().push(i);
        }
        for ids in buckets.values() {
            for (k, &i) in ids.iter().enumerate() {
                for &j in &ids[k + 1..] {
                    pairs.push((i.min(j), i.max(j)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Exact Jaccard similarity of two sorted, de-duplicated sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let both = common(a, b);
    both as f64 / (a.len() + b.len() - both) as f64
}

/// Share of the smaller of two sorted, de-duplicated sets that is in the other.
pub fn containment(a: &[u64], b: &[u64]) -> f64 {
    match a.len().min(b.len()) {
        0 => 0.0,
        m => common(a, b) as f64 / m as f64,
    }
}

fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The share of equal signature slots estimates the Jaccard similarity.
        #[test]
        fn signatures_estimate_jaccard(common in 20u64..200, only_a in 0u64..200, only_b in 0u64..200) {
            let a: Vec<u64> = (0..common + only_a).collect();
            let b: Vec<u64> = (0..common).chain(10_000..10_000 + only_b).collect();
            let (sa, sb) = (signature(&a), signature(&b));
            let est = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / PERMUTATIONS as f64;
            let mut bs = b.clone();
            bs.sort_unstable();
            let exact = jaccard(&a, &bs);
            prop_assert!((est - exact).abs() < 0.2, "estimate {est} exact {exact}");
        }
    }

    #[test]
    fn identical_sets_share_every_band_and_disjoint_ones_none() {
        let a: Vec<u64> = (0..50).collect();
        let c: Vec<u64> = (1000..1050).collect();
        let sigs = [signature(&a), signature(&a), signature(&c)];
        assert_eq!(candidate_pairs(&sigs), vec![(0, 1)]);
        assert_eq!(jaccard(&a, &a), 1.0);
        assert_eq!(jaccard(&a, &c), 0.0);
        let half: Vec<u64> = (0..25).collect();
        assert_eq!(containment(&half, &a), 1.0);
        assert_eq!(jaccard(&half, &a), 0.5);
    }
}
