//! Deterministic per-item randomness: a SplitMix64 stream seeded from a stable hash of
//! (transform, seed, task id). No global RNG state anywhere.

use sha2::{Digest, Sha256};

/// The perturbation engine's generator.
pub type Rng = crate::rng::SplitMix64;

impl Rng {
    /// The stream of one item: sha256 of `transform \0 seed \0 task_id`, first 8 bytes.
    pub fn for_item(transform: &str, seed: u64, task_id: &str) -> Rng {
        let mut h = Sha256::new();
        h.update(transform.as_bytes());
        h.update([0]);
        h.update(seed.to_le_bytes());
        h.update([0]);
        h.update(task_id.as_bytes());
        let d = h.finalize();
        let mut b = [0u8; 8];
        b.copy_from_slice(&d[..8]);
        Rng::new(u64::from_le_bytes(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_distinct() {
        let a: Vec<u64> = (0..3)
            .map(|_| 0)
            .scan(Rng::for_item("T", 0, "HumanEval/0"), |r, _| {
                Some(r.next_u64())
            })
            .collect();
        let b: Vec<u64> = (0..3)
            .map(|_| 0)
            .scan(Rng::for_item("T", 0, "HumanEval/0"), |r, _| {
                Some(r.next_u64())
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(Rng::for_item("T", 1, "HumanEval/0").next_u64(), a[0]);
        assert_ne!(Rng::for_item("U", 0, "HumanEval/0").next_u64(), a[0]);
        let mut r = Rng::new(7);
        for _ in 0..1000 {
            let x = r.unit();
            assert!((0.0..1.0).contains(&x));
            assert!(r.below(5) < 5);
        }
    }
}
