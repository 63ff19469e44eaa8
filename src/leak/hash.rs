//! Stable 64-bit hashing: the same bytes give the same hash on every machine and in every
//! version of the index format (the index stores hashes, so they must never change silently).

use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mix one 64-bit word into a running hash.
#[inline(always)]
pub fn mix(h: u64, x: u64) -> u64 {
    let y = (h ^ x).wrapping_mul(K);
    y ^ (y >> 29)
}

/// A final avalanche, so that nearby inputs spread over the whole range.
#[inline(always)]
pub fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// Hash a byte string (a token), eight bytes at a time. Not avalanched: the n-gram hashes
/// built from token hashes are ([`finish`]).
#[inline]
pub fn bytes(seed: u64, b: &[u8]) -> u64 {
    let mut h = mix(seed, b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = mix(
            h,
            u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
        );
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = mix(h, tail(rest, 0));
    }
    h
}

/// The last 1-7 bytes as a little-endian word (a loop, not a `memcpy` call: tokens are short).
#[inline(always)]
fn tail(rest: &[u8], fold: u8) -> u64 {
    let mut w = 0u64;
    for (k, &b) in rest.iter().enumerate() {
        w |= u64::from(b | fold) << (8 * k);
    }
    w
}

/// Hash of a byte string with ASCII letters folded to lower case (`b | 0x20` on every byte:
/// digits keep their value; other bytes change alike on both sides of a comparison).
#[inline]
pub fn bytes_folded(seed: u64, b: &[u8]) -> u64 {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let mut h = mix(seed, b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = mix(
            h,
            u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) | FOLD,
        );
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = mix(h, tail(rest, 0x20));
    }
    h
}

/// Hash of an already hashed key: the identity (for maps keyed by n-gram or token hashes).
#[derive(Default, Clone, Copy)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type BuildPrehashed = BuildHasherDefault<Prehashed>;
pub type PrehashedMap<V> = std::collections::HashMap<u64, V, BuildPrehashed>;

#[cfg(test)]
mod tests {
    use super::*;

    const PINNED: &str = "f73f5ae0dd588ec9";

    #[test]
    fn hashes_are_stable_and_spread() {
        // Pinned: the index format depends on these values.
        assert_eq!(bytes(0, b"return"), bytes(0, b"return"));
        assert_ne!(bytes(0, b"return"), bytes(1, b"return"));
        assert_ne!(bytes(0, b"ab"), bytes(0, b"ba"));
        assert_ne!(bytes(0, b""), bytes(0, b"\0"));
        assert_eq!(format!("{:016x}", bytes(7, b"abcdefghij")), PINNED);
    }
}
