//! The zip container of a workbook: its central directory read from a `Read + Seek`, one part streamed
//! (stored or deflated, its CRC-32 and size checked at the end), and a deterministic writer.
//!
//! Only what workbooks use: stored and deflated entries, Zip64 sizes and offsets, data descriptors
//! (sizes come from the central directory). Encrypted entries and other compression methods are
//! reported as [`XlsxCode::Unsupported`]. About 150 lines instead of the `zip` crate, which (version 9)
//! brings `getrandom` and so `wasm-bindgen` into a wasm32 build, and several times the code size.

use std::io::{self, Read, Seek, SeekFrom, Take, Write};

use flate2::read::DeflateDecoder;

use super::error::{XlsxCode, XlsxError};

const EOCD: &[u8; 4] = b"PK\x05\x06";
const EOCD64_LOCATOR: &[u8; 4] = b"PK\x06\x07";
const EOCD64: &[u8; 4] = b"PK\x06\x06";
const CENTRAL: &[u8; 4] = b"PK\x01\x02";
const LOCAL: &[u8; 4] = b"PK\x03\x04";
/// The end record (22 bytes) and the longest comment.
const TAIL: u64 = 22 + 0xFFFF;
/// The most entries read from a central directory (workbooks have tens).
const MAX_ENTRIES: usize = 100_000;
/// Where the central directory is named in errors.
const DIRECTORY: &str = "(zip)";

/// One part of the archive, as its central directory describes it.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The name, with `\` turned into `/`.
    pub name: String,
    method: u16,
    flags: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    offset: u64,
}

/// The central directory of an archive, and the archive.
pub(crate) struct Archive<R> {
    source: R,
    entries: Vec<Entry>,
}

/// The CRC-32 of zip (IEEE, reflected), a byte at a time from a 1 KiB table: fast enough for sheets,
/// and 15 KiB less code than a slicing-by-16 crate.
#[derive(Clone, Copy)]
pub(crate) struct Crc32(u32);

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

impl Crc32 {
    pub fn new() -> Crc32 {
        Crc32(!0)
    }

    pub fn update(&mut self, data: &[u8]) {
        let mut c = self.0;
        for &b in data {
            c = CRC_TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
        }
        self.0 = c;
    }

    pub fn finalize(self) -> u32 {
        !self.0
    }

    pub fn of(data: &[u8]) -> u32 {
        let mut c = Crc32::new();
        c.update(data);
        c.finalize()
    }
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    b.get(i..i + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    b.get(i..i + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    let s = b.get(i..i + 8)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_le_bytes(a))
}

fn bad_directory(detail: &str) -> XlsxError {
    XlsxError::corrupt(DIRECTORY, detail)
}

fn read_at<R: Read + Seek>(r: &mut R, at: u64, len: usize) -> Result<Vec<u8>, XlsxError> {
    r.seek(SeekFrom::Start(at))
        .map_err(|e| XlsxError::io(DIRECTORY, &e))?;
    let mut buf = Vec::new();
    r.take(len as u64)
        .read_to_end(&mut buf)
        .map_err(|e| XlsxError::io(DIRECTORY, &e))?;
    if buf.len() != len {
        return Err(bad_directory("the archive ends too early"));
    }
    Ok(buf)
}

impl<R: Read + Seek> Archive<R> {
    /// Reads the central directory.
    pub fn open(mut source: R) -> Result<Archive<R>, XlsxError> {
        let len = source
            .seek(SeekFrom::End(0))
            .map_err(|e| XlsxError::io(DIRECTORY, &e))?;
        let head = read_at(&mut source, 0, len.min(8) as usize)?;
        if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            return Err(XlsxError::new(XlsxCode::OldOrEncrypted));
        }
        let tail_start = len.saturating_sub(TAIL);
        let tail = read_at(&mut source, tail_start, (len - tail_start) as usize)?;
        let at = (0..tail.len().saturating_sub(21))
            .rev()
            .find(|&i| tail.get(i..i + 4) == Some(EOCD))
            .ok_or_else(|| XlsxError::new(XlsxCode::NotXlsx))?;
        let field = |i| u32_at(&tail, at + i).ok_or_else(|| bad_directory("short end record"));
        let mut count = u64::from(u16_at(&tail, at + 10).unwrap_or(0));
        let mut dir_len = u64::from(field(12)?);
        let mut dir_start = u64::from(field(16)?);
        if count == 0xFFFF || dir_len == 0xFFFF_FFFF || dir_start == 0xFFFF_FFFF {
            // Zip64: the locator sits just before the end record.
            let loc_at = (tail_start + at as u64)
                .checked_sub(20)
                .ok_or_else(|| bad_directory("no Zip64 locator"))?;
            let loc = read_at(&mut source, loc_at, 20)?;
            if loc.get(..4) != Some(EOCD64_LOCATOR) {
                return Err(bad_directory("no Zip64 locator"));
            }
            let end64_at = u64_at(&loc, 8).ok_or_else(|| bad_directory("short Zip64 locator"))?;
            let end64 = read_at(&mut source, end64_at, 56)?;
            if end64.get(..4) != Some(EOCD64) {
                return Err(bad_directory("no Zip64 end record"));
            }
            let f = |i| u64_at(&end64, i).ok_or_else(|| bad_directory("short Zip64 end record"));
            count = f(32)?;
            dir_len = f(40)?;
            dir_start = f(48)?;
        }
        if dir_start.checked_add(dir_len).is_none_or(|end| end > len) {
            return Err(bad_directory("the central directory lies outside the file"));
        }
        if count > MAX_ENTRIES as u64 {
            return Err(XlsxError::new(XlsxCode::Unsupported)
                .param("detail", format!("{count} parts in the archive")));
        }
        let dir = read_at(&mut source, dir_start, dir_len as usize)?;
        let mut entries = Vec::with_capacity(count as usize);
        let mut p = 0usize;
        for _ in 0..count {
            if dir.get(p..p + 4) != Some(CENTRAL) {
                return Err(bad_directory("a central directory entry is missing"));
            }
            let short = || bad_directory("short central directory entry");
            let name_len = usize::from(u16_at(&dir, p + 28).ok_or_else(short)?);
            let extra_len = usize::from(u16_at(&dir, p + 30).ok_or_else(short)?);
            let comment_len = usize::from(u16_at(&dir, p + 32).ok_or_else(short)?);
            let name = dir.get(p + 46..p + 46 + name_len).ok_or_else(short)?;
            let extra = dir
                .get(p + 46 + name_len..p + 46 + name_len + extra_len)
                .ok_or_else(short)?;
            let mut entry = Entry {
                name: String::from_utf8_lossy(name).replace('\\', "/"),
                method: u16_at(&dir, p + 10).ok_or_else(short)?,
                flags: u16_at(&dir, p + 8).ok_or_else(short)?,
                crc: u32_at(&dir, p + 16).ok_or_else(short)?,
                compressed: u64::from(u32_at(&dir, p + 20).ok_or_else(short)?),
                size: u64::from(u32_at(&dir, p + 24).ok_or_else(short)?),
                offset: u64::from(u32_at(&dir, p + 42).ok_or_else(short)?),
            };
            zip64_extra(&mut entry, extra);
            entries.push(entry);
            p += 46 + name_len + extra_len + comment_len;
        }
        Ok(Archive { source, entries })
    }

    /// The entry named `name`, compared without regard to ASCII case (some writers spell
    /// `xl/SharedStrings.xml`) and to a leading `/`.
    pub fn find(&self, name: &str) -> Option<&Entry> {
        let name = name.trim_start_matches('/');
        self.entries
            .iter()
            .find(|e| e.name.trim_start_matches('/').eq_ignore_ascii_case(name))
    }

    /// The names of all entries.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.name.as_str())
    }

    /// A reader of `entry`'s content that borrows the archive.
    pub fn open_entry(&mut self, entry: &Entry) -> Result<EntryReader<&mut R>, XlsxError> {
        let data = data_start(&mut self.source, entry)?;
        EntryReader::new(&mut self.source, entry, data)
    }

    /// A reader of `entry`'s content that owns the archive.
    pub fn into_entry(mut self, entry: &Entry) -> Result<EntryReader<R>, XlsxError> {
        let data = data_start(&mut self.source, entry)?;
        EntryReader::new(self.source, entry, data)
    }
}

/// Replaces the sizes and offset marked `0xFFFFFFFF` with those of the Zip64 extra field.
fn zip64_extra(entry: &mut Entry, mut extra: &[u8]) {
    while let (Some(id), Some(len)) = (u16_at(extra, 0), u16_at(extra, 2)) {
        let len = usize::from(len);
        let Some(body) = extra.get(4..4 + len) else {
            return;
        };
        if id == 1 {
            let mut i = 0;
            for value in [&mut entry.size, &mut entry.compressed, &mut entry.offset] {
                if *value == 0xFFFF_FFFF {
                    if let Some(v) = u64_at(body, i) {
                        *value = v;
                        i += 8;
                    }
                }
            }
            return;
        }
        extra = &extra[4 + len..];
    }
}

/// Where `entry`'s data starts: after its local header, whose name and extra lengths may differ from
/// the central directory's.
fn data_start<R: Read + Seek>(r: &mut R, entry: &Entry) -> Result<u64, XlsxError> {
    let local = read_at(r, entry.offset, 30)
        .map_err(|_| XlsxError::corrupt(&entry.name, "the local header lies outside the file"))?;
    if local.get(..4) != Some(LOCAL) {
        return Err(XlsxError::corrupt(&entry.name, "no local header"));
    }
    let name_len = u64::from(u16_at(&local, 26).unwrap_or(0));
    let extra_len = u64::from(u16_at(&local, 28).unwrap_or(0));
    Ok(entry.offset + 30 + name_len + extra_len)
}

enum Inner<R> {
    Stored(Take<R>),
    Deflated(Box<DeflateDecoder<Take<R>>>),
}

/// The content of one entry, inflated as it is read; at its end, a wrong size or CRC-32 is an
/// [`io::ErrorKind::InvalidData`] error.
pub(crate) struct EntryReader<R> {
    inner: Inner<R>,
    crc: Crc32,
    read: u64,
    expect_crc: u32,
    expect_size: u64,
}

impl<R: Read + Seek> EntryReader<R> {
    fn new(mut r: R, entry: &Entry, data: u64) -> Result<EntryReader<R>, XlsxError> {
        if entry.flags & 1 != 0 {
            return Err(XlsxError::new(XlsxCode::Unsupported)
                .param("detail", format!("encrypted part {}", entry.name)));
        }
        r.seek(SeekFrom::Start(data))
            .map_err(|e| XlsxError::io(&entry.name, &e))?;
        let take = r.take(entry.compressed);
        let inner = match entry.method {
            0 => Inner::Stored(take),
            8 => Inner::Deflated(Box::new(DeflateDecoder::new(take))),
            m => {
                return Err(XlsxError::new(XlsxCode::Unsupported).param(
                    "detail",
                    format!("compression method {m} in part {}", entry.name),
                ))
            }
        };
        Ok(EntryReader {
            inner,
            crc: Crc32::new(),
            read: 0,
            expect_crc: entry.crc,
            expect_size: entry.size,
        })
    }
}

impl<R: Read> Read for EntryReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = match &mut self.inner {
            Inner::Stored(r) => r.read(buf)?,
            Inner::Deflated(r) => r.read(buf)?,
        };
        if n == 0 && !buf.is_empty() {
            if self.read != self.expect_size {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{} bytes instead of {} (truncated)",
                        self.read, self.expect_size
                    ),
                ));
            }
            if self.crc.finalize() != self.expect_crc {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "CRC-32 mismatch",
                ));
            }
            return Ok(0);
        }
        let chunk = buf.get(..n).unwrap_or_default();
        self.read += n as u64;
        if self.read > self.expect_size {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "more data than the archive says",
            ));
        }
        self.crc.update(chunk);
        Ok(n)
    }
}

/// Writes a zip archive of deflated parts, in the order given, with a fixed date (1980-01-01), so that
/// the same parts give the same bytes.
pub(crate) fn write_zip(parts: &[(&str, &[u8])]) -> Result<Vec<u8>, XlsxError> {
    let too_large = || XlsxError::new(XlsxCode::TooLarge).param("detail", "over 4 GiB");
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in parts {
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data)
            .map_err(|e| XlsxError::new(XlsxCode::Io).param("detail", e.to_string()))?;
        let packed = enc
            .finish()
            .map_err(|e| XlsxError::new(XlsxCode::Io).param("detail", e.to_string()))?;
        let crc = Crc32::of(data);
        let offset = u32::try_from(out.len()).map_err(|_| too_large())?;
        let packed_len = u32::try_from(packed.len()).map_err(|_| too_large())?;
        let size = u32::try_from(data.len()).map_err(|_| too_large())?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_large())?;
        // version needed 2.0, no flags, deflate, time 00:00, date 1980-01-01
        let common = |v: &mut Vec<u8>| {
            for x in [20u16, 0, 8, 0, 0x21] {
                v.extend_from_slice(&x.to_le_bytes());
            }
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&packed_len.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&name_len.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
        };
        out.extend_from_slice(LOCAL);
        common(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&packed);
        central.extend_from_slice(CENTRAL);
        central.extend_from_slice(&20u16.to_le_bytes()); // made by: MS-DOS, 2.0
        common(&mut central);
        central.extend_from_slice(&[0u8; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let dir_start = u32::try_from(out.len()).map_err(|_| too_large())?;
    let dir_len = u32::try_from(central.len()).map_err(|_| too_large())?;
    let count = u16::try_from(parts.len()).map_err(|_| too_large())?;
    out.extend_from_slice(&central);
    out.extend_from_slice(EOCD);
    out.extend_from_slice(&[0u8; 4]); // disk numbers
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&dir_len.to_le_bytes());
    out.extend_from_slice(&dir_start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    u32::try_from(out.len()).map_err(|_| too_large())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn crc_of_known_text() {
        assert_eq!(Crc32::of(b"123456789"), 0xCBF4_3926);
        assert_eq!(Crc32::of(b""), 0);
    }

    #[test]
    fn written_parts_read_back() {
        let big = "abc".repeat(10_000);
        let zip = write_zip(&[("a.txt", b"hello"), ("dir/b.txt", big.as_bytes())]).unwrap();
        let mut archive = Archive::open(Cursor::new(&zip[..])).unwrap();
        assert_eq!(archive.names().collect::<Vec<_>>(), ["a.txt", "dir/b.txt"]);
        let entry = archive.find("DIR/B.TXT").unwrap().clone();
        let mut text = String::new();
        archive
            .open_entry(&entry)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, big);
    }

    #[test]
    fn a_flipped_byte_is_caught() {
        let zip = write_zip(&[("a.txt", "hello world ".repeat(50).as_bytes())]).unwrap();
        // Damage the compressed data (just after the 30-byte header and the 5-byte name).
        for at in 35..45 {
            let mut bad = zip.clone();
            bad[at] ^= 0x55;
            let mut archive = Archive::open(Cursor::new(&bad[..])).unwrap();
            let entry = archive.find("a.txt").unwrap().clone();
            let mut out = Vec::new();
            let r = archive.open_entry(&entry).unwrap().read_to_end(&mut out);
            assert!(r.is_err(), "byte {at}");
        }
    }

    #[test]
    fn not_a_zip() {
        let e = Archive::open(Cursor::new(&b"hello, world"[..]))
            .err()
            .unwrap();
        assert_eq!(e.code, XlsxCode::NotXlsx);
        let e = Archive::open(Cursor::new(&b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 xls"[..]))
            .err()
            .unwrap();
        assert_eq!(e.code, XlsxCode::OldOrEncrypted);
        let e = Archive::open(Cursor::new(&b""[..])).err().unwrap();
        assert_eq!(e.code, XlsxCode::NotXlsx);
    }
}
