//! Deterministic per-item randomness: a SplitMix64 stream seeded from a stable hash of
//! (transform, seed, task id). No global RNG state anywhere.

use sha2::{Digest, Sha256};

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, good enough for perturbation choices.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

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
        Rng(u64::from_le_bytes(b))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> Option<&'a T> {
        if xs.is_empty() {
            None
        } else {
            Some(&xs[self.below(xs.len())])
        }
    }

    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
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
            let x = r.f64();
            assert!((0.0..1.0).contains(&x));
            assert!(r.below(5) < 5);
        }
    }
}
