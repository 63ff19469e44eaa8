//! Deterministic randomness: every stream is derived from (seed, task id, stream name) by
//! SHA-256, so a problem's inputs do not depend on which other problems were fuzzed.

use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use sha2::{Digest, Sha256};

/// 32 bytes of seed material for one (seed, task, stream).
pub fn derive(seed: u64, task_id: &str, stream: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    h.update(task_id.as_bytes());
    h.update([0]);
    h.update(stream.as_bytes());
    h.finalize().into()
}

/// A proptest runner driven by ChaCha from the derived seed.
pub fn runner(seed: u64, task_id: &str, stream: &str) -> TestRunner {
    let bytes = derive(seed, task_id, stream);
    TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    )
}

/// The generator of the mutators and the byte-driven generator.
pub type Rng = crate::rng::SplitMix64;

impl Rng {
    /// The stream `stream` of one task: the first 8 bytes of [`derive`].
    pub fn stream(seed: u64, task_id: &str, stream: &str) -> Rng {
        let b = derive(seed, task_id, stream);
        Rng::new(u64::from_le_bytes(b[..8].try_into().expect("8 bytes")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_independent_and_reproducible() {
        let a: Vec<u64> = {
            let mut r = Rng::stream(1, "T/1", "x");
            (0..4).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::stream(1, "T/1", "x");
            (0..4).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::stream(1, "T/2", "x");
            (0..4).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut r = Rng::stream(7, "t", "s");
        for _ in 0..1000 {
            let x = r.range(-3, 5);
            assert!((-3..=5).contains(&x));
        }
    }
}
