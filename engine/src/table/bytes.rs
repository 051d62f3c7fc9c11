//! A small hash table keyed by short texts, looked up by a cell's bytes without a loop over them:
//! the usual answers of a question ([`super::Lookup`]) and, in a row program, what each of them does
//! to a cluster ([`super::program`]).

/// Keys up to this many bytes are held whole in their slot's three words: no byte comparison.
const WHOLE: usize = 24;

/// The length marking a free slot (keys that long are not indexed).
const FREE: u32 = u32::MAX;

/// Per key length up to [`WHOLE`]: the masks keeping that many bytes of three little-endian words.
const MASKS: [[u64; 3]; WHOLE + 1] = {
    let mut masks = [[0u64; 3]; WHOLE + 1];
    let mut len = 0;
    while len <= WHOLE {
        let mut w = 0;
        while w < 3 {
            let bytes = len.saturating_sub(8 * w);
            masks[len][w] = if bytes >= 8 {
                u64::MAX
            } else {
                (1u64 << (8 * bytes)) - 1
            };
            w += 1;
        }
        len += 1;
    }
    masks
};

/// The first [`WHOLE`] bytes of a key, zero-padded, as three words.
///
/// `bytes` starts with the key, `len` bytes long, and may go on (the rest of the line): when 24 bytes
/// can be read, the words are three loads and three masks, with no branch on the key's length (cell
/// lengths vary from row to row, and a mispredicted branch costs more than the look-up).
#[inline]
fn words(bytes: &[u8], len: usize) -> [u64; 3] {
    let mask = MASKS.get(len).copied().unwrap_or([u64::MAX; 3]);
    let raw: [u8; WHOLE] = match bytes.first_chunk::<WHOLE>() {
        Some(raw) => *raw,
        None => {
            let mut raw = [0u8; WHOLE];
            raw.iter_mut().zip(bytes).for_each(|(r, b)| *r = *b);
            raw
        }
    };
    let word = |i: usize| {
        raw.get(8 * i..8 * i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map_or(0, u64::from_le_bytes)
    };
    [word(0) & mask[0], word(1) & mask[1], word(2) & mask[2]]
}

/// Whether two keys' words are equal. Written out: `==` on the arrays compiles to a call of
/// `memcmp`, which in WebAssembly compares byte by byte, on every look-up.
#[inline(always)]
fn same_words(a: [u64; 3], b: [u64; 3]) -> bool {
    ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2])) == 0
}

/// Whether two texts are equal, eight bytes at a time (see [`same_words`]): in the household-file
/// builds (feature `row-program`), which look up a long answer (`Petani dengan lahan kurang dari 500
/// m²`) in every other row. The page, bound by size, looks up one answer per keystroke with `==`.
#[cfg(feature = "row-program")]
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |c: &[u8]| <[u8; 8]>::try_from(c).map_or(0, u64::from_le_bytes);
    a.len() == b.len()
        && x.by_ref().zip(y.by_ref()).all(|(p, q)| word(p) == word(q))
        && x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

#[cfg(not(feature = "row-program"))]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a == b
}

/// The hash of a key by its words and length.
#[inline]
fn hash([a, b, c]: [u64; 3], len: usize) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let h = (a.wrapping_mul(K) ^ b ^ c.rotate_left(29) ^ len as u64).wrapping_mul(K);
    (h >> 32) as usize
}

/// A slot: a key (its words, length and where its text is) and its value.
#[derive(Debug, Clone, Copy)]
struct Slot<T> {
    words: [u64; 3],
    /// The key's length; [`FREE`] in a free slot.
    len: u32,
    start: u32,
    value: T,
}

/// A hash table from short texts to values, open addressing over slots that hold their key, so that
/// a look-up usually reads one slot. Keys are exact bytes (no case folding: the caller lists the
/// spellings it wants found).
#[derive(Debug, Clone)]
pub(crate) struct ByteTable<T> {
    /// A power of two, at most a quarter full.
    slots: Vec<Slot<T>>,
    /// The keys' texts, end to end.
    texts: Vec<u8>,
}

impl<T: Copy + Default> ByteTable<T> {
    /// A table of these keys and values; a key given twice keeps its first value, a key too long to
    /// index is left out.
    pub(crate) fn new<'k>(entries: impl IntoIterator<Item = (&'k [u8], T)>) -> ByteTable<T> {
        let keys: Vec<(&[u8], T)> = entries.into_iter().collect();
        let size = (keys.len() * 4).next_power_of_two().max(8);
        let free = Slot {
            words: [0; 3],
            len: FREE,
            start: 0,
            value: T::default(),
        };
        let mut table = ByteTable {
            slots: vec![free; size],
            texts: Vec::new(),
        };
        let mask = size - 1;
        for (key, value) in keys {
            let (Ok(len), Ok(start)) = (u32::try_from(key.len()), u32::try_from(table.texts.len()))
            else {
                continue;
            };
            // A key given again is found by the table itself: no second set (the page's wasm is tight).
            if len == FREE || table.get(key).is_some() {
                continue;
            }
            let words = words(key, key.len());
            let mut at = hash(words, key.len()) & mask;
            while table.slots.get(at).is_some_and(|s| s.len != FREE) {
                at = (at + 1) & mask;
            }
            if let Some(slot) = table.slots.get_mut(at) {
                *slot = Slot {
                    words,
                    len,
                    start,
                    value,
                };
                table.texts.extend_from_slice(key);
            }
        }
        table
    }

    /// The value of key `key`.
    #[inline]
    pub(crate) fn get(&self, key: &[u8]) -> Option<&T> {
        self.find(key, key.len())
    }

    /// The value of the key made of the first `len` bytes of `bytes` (what follows them, if
    /// anything, is ignored, and lets the look-up read whole words).
    #[inline]
    pub(crate) fn find(&self, bytes: &[u8], len: usize) -> Option<&T> {
        let mask = self.slots.len().checked_sub(1)?;
        let words = words(bytes, len);
        let mut at = hash(words, len) & mask;
        loop {
            let slot = self.slots.get(at)?;
            if slot.len as usize == len && same_words(slot.words, words) {
                if len <= WHOLE {
                    return Some(&slot.value);
                }
                let start = slot.start as usize;
                if let (Some(key), Some(cell)) =
                    (self.texts.get(start..start + len), bytes.get(..len))
                {
                    if same_bytes(key, cell) {
                        return Some(&slot.value);
                    }
                }
            }
            if slot.len == FREE {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    /// Every key and its value.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&[u8], &T)> + '_ {
        self.slots.iter().filter(|s| s.len != FREE).map(|s| {
            let start = s.start as usize;
            let key = self
                .texts
                .get(start..start + s.len as usize)
                .unwrap_or_default();
            (key, &s.value)
        })
    }

    /// The same keys with values `f(value)`.
    #[cfg(any(test, feature = "row-program"))]
    pub(crate) fn map<U: Copy + Default>(&self, mut f: impl FnMut(&T) -> U) -> ByteTable<U> {
        ByteTable {
            slots: self
                .slots
                .iter()
                .map(|s| Slot {
                    words: s.words,
                    len: s.len,
                    start: s.start,
                    value: if s.len == FREE {
                        U::default()
                    } else {
                        f(&s.value)
                    },
                })
                .collect(),
            texts: self.texts.clone(),
        }
    }

    /// The number of keys.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.len != FREE).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts of up to [`WHOLE`] bytes with the same words and length are the same text: every byte
    /// is in some word.
    #[test]
    fn short_keys_hold_every_byte() {
        for len in 0..=WHOLE {
            let zeros = vec![0u8; len];
            for i in 0..len {
                let mut one = zeros.clone();
                one[i] = 1;
                assert_ne!(
                    words(&zeros, len),
                    words(&one, len),
                    "length {len}, byte {i}"
                );
            }
        }
    }

    #[test]
    fn what_follows_a_key_is_ignored() {
        let table = ByteTable::new([(&b"ya"[..], 1u8), (b"tidak", 2), (b"", 3)]);
        let line = b"ya;tidak;;ya;a-much-longer-text-than-24-bytes";
        assert_eq!(table.find(line, 2), Some(&1));
        assert_eq!(table.find(&line[3..], 5), Some(&2));
        assert_eq!(table.find(&line[9..], 0), Some(&3));
        assert_eq!(table.find(&line[10..], 2), Some(&1));
        assert_eq!(table.find(&line[10..], 3), None);
        assert_eq!(table.get(b"Ya"), None);
    }

    #[test]
    fn long_keys_compare_their_bytes() {
        let long = b"petani_lahan_kurang_dari_500_m2";
        let twin = b"petani_lahan_kurang_dari_500_m3";
        let table = ByteTable::new([(&long[..], 7u8)]);
        assert_eq!(table.get(long), Some(&7));
        assert_eq!(table.get(twin), None);
        let mut padded = long.to_vec();
        padded.extend_from_slice(b";more");
        assert_eq!(table.find(&padded, long.len()), Some(&7));
        assert_eq!(table.iter().collect::<Vec<_>>(), vec![(&long[..], &7)]);
        assert_eq!(table.map(|v| u32::from(*v) * 2).get(long), Some(&14));
    }

    /// Long keys alike in their first 24 bytes (the slot's words) and different in one byte after
    /// them, in each eight-byte block and in the bytes after the last: told apart by their bytes.
    #[test]
    fn long_keys_alike_in_their_words_are_told_apart() {
        let base: Vec<u8> = (0..45u8).map(|i| b'a' + i % 26).collect();
        for at in 24..base.len() {
            let mut other = base.clone();
            other[at] = b'#';
            let table = ByteTable::new([(&base[..], 1u8), (&other[..], 2)]);
            assert_eq!(table.get(&base), Some(&1), "byte {at}");
            assert_eq!(table.get(&other), Some(&2), "byte {at}");
            let mut third = base.clone();
            third[at] = b'%';
            assert_eq!(table.get(&third), None, "byte {at}");
        }
        assert!(same_bytes(b"", b""));
        assert!(!same_bytes(b"abc", b"abcd"));
    }

    proptest::proptest! {
        /// Any keys, short and long: each is found with its value, wherever it sits in a longer text.
        #[test]
        fn every_key_is_found(
            keys in proptest::collection::vec(proptest::collection::vec(0u8..4, 0..60), 1..40),
            tail in proptest::collection::vec(0u8..4, 0..30),
        ) {
            let table = ByteTable::new(keys.iter().enumerate().map(|(i, k)| (k.as_slice(), i)));
            for (i, k) in keys.iter().enumerate() {
                let first = keys.iter().position(|x| x == k).unwrap();
                proptest::prop_assert_eq!(table.get(k), Some(&first));
                let mut padded = k.clone();
                padded.extend_from_slice(&tail);
                proptest::prop_assert_eq!(table.find(&padded, k.len()), Some(&first), "{}", i);
            }
            if !keys.contains(&tail) {
                proptest::prop_assert_eq!(table.get(&tail), None);
            }
        }
    }
}
