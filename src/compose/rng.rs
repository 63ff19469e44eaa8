//! The composer's deterministic randomness: same seed, same composed benchmark.

/// The composer's generator.
pub type Rng = crate::rng::SplitMix64;

impl Rng {
    /// A generator derived from a seed and labels (task id, template id), FNV-1a.
    pub fn derive(seed: u64, labels: &[&str]) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
        for l in labels {
            for b in l.bytes().chain(std::iter::once(0xff)) {
                h ^= b as u64;
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        Rng::new(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_label_sensitive() {
        let a: Vec<u64> = (0..4)
            .map(|_| Rng::derive(7, &["HumanEval/0", "map"]).next_u64())
            .collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(
            Rng::derive(7, &["a"]).next_u64(),
            Rng::derive(7, &["b"]).next_u64()
        );
        let mut r = Rng::new(1);
        assert!((0..100).all(|_| r.below(3) < 3));
    }
}
