//! A compact binary form for what the web worker and the page pass each other: the accumulators of a
//! split run ([`crate::job::PartResult`]), which travel from the worker that read a part of a file
//! to the one that merges the parts, and the worker's replies ([`crate::job::Reply`]) with a run's
//! figures and drill-down lists.
//!
//! Not JSON: deriving serde's `Deserialize` for the summaries made the worker 24 KB (gzip) larger,
//! as serde_json instantiates a map and a sequence reader for every struct, and the page's reading of
//! the replies' figures from JSON was 24.6 KB, where these readers are about 8. Here every value is
//! written in field order with nothing to name it, and read back the same way; both ends are the
//! same build of this crate. Integers are LEB128 varints (signed ones zigzagged), strings and lists
//! are length-prefixed. Reading stops with `None` at the first thing that does not fit.

use std::collections::BTreeMap;

use crate::num::Num;

/// A value with a compact binary form.
pub(crate) trait Pack: Sized {
    /// Appends the value to `out`.
    fn pack(&self, out: &mut Vec<u8>);
    /// Reads a value from the front of `input`, moving past it.
    fn unpack(input: &mut &[u8]) -> Option<Self>;
}

/// Packs the named fields of a struct in order; reading it back builds the struct from them, so a
/// field added to the struct and not listed here does not compile.
macro_rules! packed_struct {
    ($t:ty { $($field:ident),* $(,)? }) => {
        impl $crate::pack::Pack for $t {
            #[inline(never)]
            fn pack(&self, out: &mut Vec<u8>) {
                $( $crate::pack::Pack::pack(&self.$field, out); )*
            }
            // Not inlined: these run a few hundred times per run, and inlined copies of every
            // nested reader made the worker kilobytes larger.
            #[inline(never)]
            fn unpack(input: &mut &[u8]) -> Option<Self> {
                Some(Self { $( $field: $crate::pack::Pack::unpack(input)?, )* })
            }
        }
    };
}
pub(crate) use packed_struct;

/// Packs a field-less enum as its index in `$all`, the list of every variant in declaration order.
macro_rules! packed_enum {
    ($t:ty, $all:expr) => {
        impl $crate::pack::Pack for $t {
            fn pack(&self, out: &mut Vec<u8>) {
                out.push(*self as u8);
            }
            fn unpack(input: &mut &[u8]) -> Option<Self> {
                let (&first, rest) = input.split_first()?;
                *input = rest;
                $all.get(usize::from(first)).copied()
            }
        }
    };
}
pub(crate) use packed_enum;

impl Pack for u64 {
    fn pack(&self, out: &mut Vec<u8>) {
        u128::from(*self).pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<u64> {
        u64::try_from(u128::unpack(input)?).ok()
    }
}

impl Pack for u128 {
    fn pack(&self, out: &mut Vec<u8>) {
        let mut n = *self;
        while n >= 0x80 {
            out.push((n as u8) | 0x80);
            n >>= 7;
        }
        out.push(n as u8);
    }
    fn unpack(input: &mut &[u8]) -> Option<u128> {
        let mut n = 0u128;
        let mut shift = 0u32;
        loop {
            let (&byte, rest) = input.split_first()?;
            *input = rest;
            // The last group has room for two bits only: more would be a number that does not fit.
            if shift == 126 && byte > 3 {
                return None;
            }
            n |= u128::from(byte & 0x7f).checked_shl(shift)?;
            if byte < 0x80 {
                return Some(n);
            }
            shift += 7;
            if shift >= 128 {
                return None;
            }
        }
    }
}

impl Pack for i128 {
    fn pack(&self, out: &mut Vec<u8>) {
        (((*self << 1) ^ (*self >> 127)) as u128).pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<i128> {
        let z = u128::unpack(input)?;
        Some(((z >> 1) as i128) ^ -((z & 1) as i128))
    }
}

impl Pack for usize {
    fn pack(&self, out: &mut Vec<u8>) {
        (*self as u64).pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<usize> {
        usize::try_from(u64::unpack(input)?).ok()
    }
}

impl Pack for f64 {
    fn pack(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_bits().to_le_bytes());
    }
    fn unpack(input: &mut &[u8]) -> Option<f64> {
        let (bits, rest) = input.split_first_chunk::<8>()?;
        *input = rest;
        Some(f64::from_bits(u64::from_le_bytes(*bits)))
    }
}

impl Pack for bool {
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn unpack(input: &mut &[u8]) -> Option<bool> {
        match u64::unpack(input)? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Pack for Num {
    fn pack(&self, out: &mut Vec<u8>) {
        self.numer().pack(out);
        self.denom().pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Num> {
        let (numer, denom) = (i128::unpack(input)?, i128::unpack(input)?);
        // Written in lowest terms with a positive denominator; anything else (`i128::MIN`, whose
        // negation overflows in the reduction) is a damaged input.
        (denom > 0 && numer != i128::MIN).then_some(())?;
        Num::ratio(numer, denom)
    }
}

impl Pack for String {
    fn pack(&self, out: &mut Vec<u8>) {
        self.len().pack(out);
        out.extend_from_slice(self.as_bytes());
    }
    fn unpack(input: &mut &[u8]) -> Option<String> {
        let len = usize::unpack(input)?;
        let (text, rest) = input.split_at_checked(len)?;
        *input = rest;
        String::from_utf8(text.to_vec()).ok()
    }
}

impl<T: Pack> Pack for Option<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        self.is_some().pack(out);
        if let Some(v) = self {
            v.pack(out);
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Option<T>> {
        match bool::unpack(input)? {
            true => Some(Some(T::unpack(input)?)),
            false => Some(None),
        }
    }
}

impl<T: Pack> Pack for Vec<T> {
    #[inline(never)]
    fn pack(&self, out: &mut Vec<u8>) {
        pack_slice(self, out);
    }
    #[inline(never)]
    fn unpack(input: &mut &[u8]) -> Option<Vec<T>> {
        let len = usize::unpack(input)?;
        // Every value takes a byte at least: a length beyond what is left is a damaged input, and
        // must not reserve memory for it (nor more than the bytes left could fill).
        let room = input.len() / std::mem::size_of::<T>().max(1);
        let mut out = Vec::with_capacity(len.min(room));
        for _ in 0..len {
            out.push(T::unpack(input)?);
        }
        Some(out)
    }
}

/// `values` as a `Vec` of them packs.
pub(crate) fn pack_slice<T: Pack>(values: &[T], out: &mut Vec<u8>) {
    values.len().pack(out);
    for v in values {
        v.pack(out);
    }
}

impl<K: Pack + Ord, V: Pack> Pack for BTreeMap<K, V> {
    fn pack(&self, out: &mut Vec<u8>) {
        self.len().pack(out);
        for (k, v) in self {
            k.pack(out);
            v.pack(out);
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<BTreeMap<K, V>> {
        let len = usize::unpack(input)?;
        let mut out = BTreeMap::new();
        for _ in 0..len {
            let k = K::unpack(input)?;
            out.insert(k, V::unpack(input)?);
        }
        Some(out)
    }
}

/// The first bytes of a [`tagged`] message: a fingerprint of this build's engine sources
/// (see `build.rs`).
const BUILD: &str = env!("TIMBANG_ENGINE_SOURCES");

/// Why packed bytes did not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackedError {
    /// They were packed by another build of the engine (a worker the browser kept from another
    /// release of the app), whose layout may differ.
    OtherBuild,
    /// Damaged or cut short.
    Damaged,
}

/// What `pack` writes, after this build's fingerprint: a message between the worker and the page,
/// which may come from different builds.
pub(crate) fn tagged(pack: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut out = BUILD.as_bytes().to_vec();
    pack(&mut out);
    out
}

/// A value from [`tagged`] bytes of this build.
pub(crate) fn from_tagged_bytes<T: Pack>(bytes: &[u8]) -> Result<T, PackedError> {
    let rest = bytes
        .strip_prefix(BUILD.as_bytes())
        .ok_or(PackedError::OtherBuild)?;
    from_bytes(rest).ok_or(PackedError::Damaged)
}

/// `value` packed.
pub(crate) fn to_bytes<T: Pack>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.pack(&mut out);
    out
}

/// A value read from the whole of `bytes` (`None` when it does not fit or bytes are left over).
pub(crate) fn from_bytes<T: Pack>(mut bytes: &[u8]) -> Option<T> {
    let value = T::unpack(&mut bytes)?;
    bytes.is_empty().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Pack + PartialEq + std::fmt::Debug>(value: T) {
        let bytes = to_bytes(&value);
        assert_eq!(from_bytes::<T>(&bytes), Some(value));
        // Cut anywhere, it does not read.
        for cut in 0..bytes.len() {
            assert!(from_bytes::<T>(&bytes[..cut]).is_none(), "cut at {cut}");
        }
    }

    #[test]
    fn values_come_back_as_they_went() {
        for n in [0u64, 1, 127, 128, 300, u64::MAX] {
            round_trip(n);
        }
        for n in [0i128, -1, 1, 63, -64, 64, i128::MAX, i128::MIN] {
            round_trip(n);
        }
        round_trip(Num::ratio(-7, 18).unwrap());
        round_trip(Num::ratio(i128::MAX, 3).unwrap());
        round_trip(vec![Some("désa".to_owned()), None, Some(String::new())]);
        round_trip(BTreeMap::from([(3u64, true), (1, false)]));
        round_trip(vec![vec![1usize, 2], vec![]]);
    }

    #[test]
    fn enums_pack_as_their_index() {
        use crate::model::Method;
        use crate::table::RowCode;
        for (i, code) in RowCode::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i, "{code:?}");
            round_trip(*code);
        }
        // `Other` is the last variant: a variant added before it and not listed fails above.
        assert_eq!(RowCode::ALL.len(), RowCode::Other as usize + 1);
        for (i, code) in crate::table::TableCode::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i, "{code:?}");
            round_trip(*code);
        }
        // Likewise for the last table code.
        assert_eq!(
            crate::table::TableCode::ALL.len(),
            crate::table::TableCode::GroupColumnMissing as usize + 1
        );
        round_trip(1.5f64);
        round_trip(-0.1f64);
        for method in [Method::Count, Method::Weighted, Method::Points] {
            round_trip(method);
        }
        assert_eq!(from_bytes::<RowCode>(&[11]), None);
    }

    #[test]
    fn damaged_input_reads_as_none() {
        // A list claiming more elements than bytes left, an overlong varint, a bool of 2, bad UTF-8.
        assert_eq!(from_bytes::<Vec<u64>>(&[0xff, 0xff, 0x03]), None);
        assert_eq!(from_bytes::<u128>(&[0xff; 20]), None);
        assert_eq!(from_bytes::<bool>(&[2]), None);
        assert_eq!(from_bytes::<String>(&[1, 0xff]), None);
        assert_eq!(from_bytes::<Num>(&[2, 0]), None, "a zero denominator");
        assert_eq!(from_bytes::<u64>(&[1, 0]), None, "a byte left over");
        let mut too_big = vec![0xff; 18];
        too_big.push(0x04);
        assert_eq!(from_bytes::<u128>(&too_big), None, "129 bits");
        let mut max = vec![0xff; 18];
        max.push(0x03);
        assert_eq!(from_bytes::<u128>(&max), Some(u128::MAX));
        // i128::MIN over -1 (zigzag: u128::MAX, then 1): its reduction would overflow.
        let mut min = max.clone();
        min.push(1);
        assert_eq!(from_bytes::<Num>(&min), None);
        // A list of a billion summaries in a few bytes reserves nothing for them.
        let mut long = Vec::new();
        1_000_000_000usize.pack(&mut long);
        long.extend_from_slice(&[0; 8]);
        assert_eq!(from_bytes::<Vec<Vec<Num>>>(&long), None);
    }
}
