//! Splitting a line of a household file at its separators, sixty-four bytes at a time (four blocks of
//! sixteen): the part of reading a row that looks at every byte.

/// The bytes of `word` equal to `byte`, as the high bit of each such byte (exact, no false positives).
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
#[inline]
fn byte_mask(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (0x0101_0101_0101_0101 * u64::from(byte));
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// The high bits of a [`byte_mask`] gathered into eight bits, byte `i` to bit `i` (the multiplier
/// moves each bit to the top byte, at distinct positions, so nothing carries).
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
#[inline]
fn gather(mask: u64) -> u32 {
    ((mask >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// Bit `i` set for each byte `i` of `block` equal to `delimiter`, to `"` and to `\n`: in words, for
/// targets without SSE2 (the web app's WebAssembly).
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
#[inline]
fn masks_in_words(block: &[u8; 16], delimiter: u8) -> Masks {
    let (lo, hi) = (half(block, 0), half(block, 8));
    let bits = |byte: u8| gather(byte_mask(lo, byte)) | gather(byte_mask(hi, byte)) << 8;
    Masks {
        delimiters: bits(delimiter),
        quotes: bits(b'"'),
        newlines: bits(b'\n'),
    }
}

/// Bytes `i..i + 8` of `block` as a little-endian word (`i` is 0 or 8).
#[inline]
fn half(block: &[u8; 16], i: usize) -> u64 {
    block
        .get(i..i + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
        .map_or(0, u64::from_le_bytes)
}

/// The bytes of a block of sixteen that are separators, quotes and line breaks, bit `i` for byte `i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Masks {
    delimiters: u32,
    quotes: u32,
    newlines: u32,
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use super::Masks;
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8, _mm_set_epi64x};

    /// [`masks`] with three SSE2 instructions per byte class.
    #[target_feature(enable = "sse2")]
    fn masks_sse2(block: &[u8; 16], delimiter: u8) -> Masks {
        // The same bits as `half` gives, as the signed lanes SSE2 takes.
        let v = _mm_set_epi64x(super::half(block, 8) as i64, super::half(block, 0) as i64);
        let bits = |byte: u8| {
            _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8))) as u32 & 0xFFFF
        };
        Masks {
            delimiters: bits(delimiter),
            quotes: bits(b'"'),
            newlines: bits(b'\n'),
        }
    }

    /// Bit `i` set for each byte `i` of `block` equal to `delimiter`, to `"` and to `\n`.
    #[inline]
    pub(super) fn masks(block: &[u8; 16], delimiter: u8) -> Masks {
        // SAFETY: this module is only compiled for targets with SSE2 (`target_feature = "sse2"`, in
        // the baseline of every x86_64 target), so the CPU has the instructions `masks_sse2` uses.
        // It takes no pointers and reads nothing but its arguments.
        unsafe { masks_sse2(block, delimiter) }
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
use sse2::masks;

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
use masks_in_words as masks;

/// The bytes [`split_line`] looks at in one go: four blocks of sixteen. The loop over a block's
/// separators ends at an unpredictable point, once per block, and costs a mispredicted branch each
/// time; longer blocks make it rarer (a 140-byte line takes 3 blocks instead of 9).
const BLOCK: usize = 64;

/// The bytes of a block of [`BLOCK`] that are separators, quotes and line breaks, bit `i` for byte `i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WideMasks {
    delimiters: u64,
    quotes: u64,
    newlines: u64,
}

/// [`masks`] of the four sixteen-byte parts of `block`, side by side.
#[inline]
fn wide_masks(block: &[u8; BLOCK], delimiter: u8) -> WideMasks {
    let mut wide = WideMasks {
        delimiters: 0,
        quotes: 0,
        newlines: 0,
    };
    for (i, part) in block.chunks_exact(16).enumerate() {
        let Ok(part) = <&[u8; 16]>::try_from(part) else {
            continue;
        };
        let m = masks(part, delimiter);
        let shift = 16 * i as u32;
        wide.delimiters |= u64::from(m.delimiters) << shift;
        wide.quotes |= u64::from(m.quotes) << shift;
        wide.newlines |= u64::from(m.newlines) << shift;
    }
    wide
}

/// How the line at the start of the bytes given to [`split_line`] ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineEnd {
    /// Split into fields: `len` bytes of content (without its `\n` or `\r\n`), the `\n` at
    /// `newline` (`None`: the line ends the input).
    Split { len: usize, newline: Option<usize> },
    /// A quote before the end of the line: the line is for the state machine.
    Quoted,
    /// No `\n` in the bytes read so far, and more input to come.
    Open,
}

/// How far [`split_line`] got through a line: kept by the reader while it reads more of a long
/// line, so that what was split is not split again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Progress {
    /// The bytes looked at, a multiple of [`BLOCK`].
    offset: usize,
    /// The separators found.
    count: usize,
}

/// Finds the end of the line starting the first `avail` bytes of `bytes` and splits it at every
/// separator, in one pass of [`BLOCK`] bytes at a time (what follows the `avail` bytes, if anything,
/// lets the last block be read whole, and is ignored). At the end of the input (`at_end`) the line
/// may end without a `\n`.
///
/// The fields go into `starts`: where each field starts, then the line's length plus one, so that
/// field `k` is `starts[k]..starts[k + 1] - 1` (one number per field, the fewest writes). `starts` is
/// left unfinished when the line is
/// [`LineEnd::Quoted`] or [`LineEnd::Open`]; after [`LineEnd::Open`], the caller reads more and calls
/// again with the same `progress` (positions are relative to the line's start), which is reset for
/// the next line otherwise.
pub(super) fn split_line(
    bytes: &[u8],
    avail: usize,
    at_end: bool,
    delimiter: u8,
    starts: &mut Vec<usize>,
    progress: &mut Progress,
) -> LineEnd {
    let avail = avail.min(bytes.len());
    // Rows have the same width: the previous row's entries are overwritten, not pushed again.
    let Progress {
        mut offset,
        mut count,
    } = *progress;
    if starts.is_empty() {
        starts.push(0);
    }
    let mut newline = None;
    while offset < avail {
        let block = match bytes.get(offset..).and_then(<[u8]>::first_chunk::<BLOCK>) {
            Some(block) => *block,
            None => {
                let mut block = [0u8; BLOCK];
                let rest = bytes.get(offset..avail).unwrap_or_default();
                block.iter_mut().zip(rest).for_each(|(b, r)| *b = *r);
                block
            }
        };
        // Bits past the bytes read are not the line's, nor those from its `\n` on.
        let valid = match avail - offset {
            n if n >= BLOCK => u64::MAX,
            n => (1u64 << n) - 1,
        };
        let m = wide_masks(&block, delimiter);
        let breaks = m.newlines & valid;
        if breaks == 0 && valid != u64::MAX && !at_end {
            // A block not yet read whole: split it once it is.
            break;
        }
        let in_line = match breaks {
            0 => valid,
            b => (b & b.wrapping_neg()) - 1,
        };
        if m.quotes & in_line != 0 {
            *progress = Progress::default();
            starts.clear();
            return LineEnd::Quoted;
        }
        let mut hits = m.delimiters & in_line;
        while hits != 0 {
            let next = offset + hits.trailing_zeros() as usize + 1;
            count += 1;
            match starts.get_mut(count) {
                Some(s) => *s = next,
                None => starts.push(next),
            }
            hits &= hits - 1;
        }
        if breaks != 0 {
            newline = Some(offset + breaks.trailing_zeros() as usize);
            break;
        }
        offset += BLOCK;
    }
    if newline.is_none() && !at_end {
        *progress = Progress { offset, count };
        return LineEnd::Open;
    }
    *progress = Progress::default();
    let end = newline.unwrap_or(avail);
    let len = match end.checked_sub(1) {
        Some(cr) if bytes.get(cr) == Some(&b'\r') => {
            // With `\r` as the separator, the `\r` of a `\r\n` ends the line, not a field.
            if count > 0 && starts.get(count) == Some(&end) {
                count -= 1;
            }
            cr
        }
        _ => end,
    };
    starts.truncate(count + 1);
    if let Some(first) = starts.first_mut() {
        *first = 0;
    }
    starts.push(len + 1);
    LineEnd::Split { len, newline }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the reader did before: the line up to the first `\n`, without one `\r` before it (its
    /// length), split at every separator.
    type Expected = (Vec<String>, usize, Option<usize>);

    fn expected(text: &str, at_end: bool, delimiter: u8) -> Option<Expected> {
        let newline = text.find('\n');
        if newline.is_none() && !at_end {
            return None;
        }
        let line = &text[..newline.unwrap_or(text.len())];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let fields = line
            .split(char::from(delimiter))
            .map(str::to_owned)
            .collect();
        Some((fields, line.len(), newline))
    }

    fn check(text: &str, avail: usize, at_end: bool, delimiter: u8, slack: &str) {
        let bytes = format!("{}{slack}", &text[..avail]);
        let mut got = vec![7; 3];
        let mut progress = Progress::default();
        // Read in two goes, as when the line crosses the end of the buffer.
        let first = avail / 2;
        let first_go = split_line(
            bytes.as_bytes(),
            first,
            false,
            delimiter,
            &mut got,
            &mut progress,
        );
        // An unfinished line goes on where it stopped; anything else is read again from its start.
        if first_go != LineEnd::Open {
            progress = Progress::default();
        }
        let end = split_line(
            bytes.as_bytes(),
            avail,
            at_end,
            delimiter,
            &mut got,
            &mut progress,
        );
        let text = &text[..avail];
        let line = &text[..text.find('\n').unwrap_or(text.len())];
        if line.contains('"') {
            // Found now, or once more of the line is read.
            let open = !at_end && !text.contains('\n');
            assert!(
                end == LineEnd::Quoted || (open && end == LineEnd::Open),
                "{text:?}: {end:?}"
            );
            return;
        }
        match (expected(text, at_end, delimiter), end) {
            (None, LineEnd::Open) => {}
            (Some((fields, content, newline)), LineEnd::Split { len, newline: n }) => {
                assert_eq!((len, n), (content, newline), "{text:?}");
                let got: Vec<&str> = got.windows(2).map(|w| &text[w[0]..w[1] - 1]).collect();
                assert_eq!(got, fields, "{text:?} {}", char::from(delimiter));
            }
            (want, end) => panic!("{text:?}: {want:?} but {end:?}"),
        }
    }

    #[test]
    fn splits_lines_sixteen_bytes_at_a_time() {
        let texts: &[&str] = &[
            "",
            ";",
            "a",
            "a;b",
            "a;b\nc;d",
            "a;b\r\nc;d",
            "a;b;\r\n",
            "\r\n",
            "\n",
            ";;;;;;;;;;;;;;;;;",
            "abcdefgh;ijklmnop;\n\"x\"",
            "1234567;12345678;123456789",
            "1234567;12345678;123456789;12345678901234567890;;x\nnext;\"line\"",
            "123456789012345\r\n",
            "1234567890123456\r\n",
            "x;y\"z",
            "abcdefghijklmno\"",
            "é;ü;漢字;ß",
            "\u{80};\u{3b};;",
            "a\tb;c\r\rd\r\n",
            "a\rb\r\n",
            // Longer than a few blocks of sixty-four, separators on both sides of block edges.
            "id;kecamatan;luas_lantai;jumlah_anggota;jenis_lantai;jenis_dinding;fasilitas_bab;\
             sumber_penerangan;sumber_air_minum;1;63,8;5;marmer_granit;bambu;bersama;listrik_pln;\
             lainnya;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;\r\n\
             2;Uluere;80,8",
        ];
        for text in texts {
            for delimiter in [b';', b',', b'\t', b'\r'] {
                for at_end in [false, true] {
                    // The text alone, and followed by more bytes (separators, quotes, breaks).
                    for slack in ["", ";\";\n;;;;;;;;;;;;;;;;;;;"] {
                        for avail in 0..=text.len() {
                            if text.is_char_boundary(avail) {
                                check(text, avail, at_end, delimiter, slack);
                            }
                        }
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// The word version finds what a byte-by-byte comparison finds (and so does SSE2 on x86_64).
        #[test]
        fn masks_are_the_bytes_equal(block in proptest::array::uniform16(proptest::sample::select(b"a;,\"\t\n\r\x00\xff\x3a\x2d".to_vec())), delimiter in proptest::sample::select(b";,\t".to_vec())) {
            let mut want = Masks { delimiters: 0, quotes: 0, newlines: 0 };
            for (i, &b) in block.iter().enumerate() {
                if b == delimiter { want.delimiters |= 1 << i; }
                if b == b'"' { want.quotes |= 1 << i; }
                if b == b'\n' { want.newlines |= 1 << i; }
            }
            proptest::prop_assert_eq!(masks_in_words(&block, delimiter), want);
            proptest::prop_assert_eq!(masks(&block, delimiter), want);
        }
    }
}
