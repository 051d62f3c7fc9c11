//! A cheap hash for keys that come from the rule sets and a person's own file (scores, kinds of
//! households), not from someone choosing them to collide: eight bytes at a time, a rotate, a xor
//! and a multiply. The standard library's SipHash guards against such keys, which costs several
//! times as much per key, on every row.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    #[inline]
    fn word(&mut self, word: u64) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word.iter_mut().zip(chunk).for_each(|(w, c)| *w = *c);
            self.word(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.word(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.word(n as u64);
    }

    #[inline]
    fn write_i128(&mut self, n: i128) {
        self.word(n as u64);
        self.word((n >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves its low bits, where the map picks a bucket, the least mixed.
        self.0 ^ (self.0 >> 29)
    }
}

/// A `HashMap` with [`WordHasher`].
pub(crate) type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash>(value: &T) -> u64 {
        BuildHasherDefault::<WordHasher>::default().hash_one(value)
    }

    #[test]
    fn equal_keys_hash_alike_and_near_keys_apart() {
        assert_eq!(hash(&(3i128, 10i128)), hash(&(3i128, 10i128)));
        let hashes: std::collections::HashSet<u64> =
            (0..1000i128).map(|n| hash(&(n, 1i128))).collect();
        assert_eq!(hashes.len(), 1000);
        // Keys apart only in their high half still land in different buckets of a small table.
        let low: std::collections::HashSet<u64> =
            (0..64i128).map(|n| hash(&(n << 64)) & 63).collect();
        assert!(low.len() > 32, "{}", low.len());
    }
}
