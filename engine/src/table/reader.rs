//! The streaming CSV reader: separator sniffed, BOM removed, exact line numbers, no allocation per row.

use std::io::Read;

use super::{Headers, Row, TableCode, TableError};

/// The current row of a [`CsvReader`].
#[derive(Debug, Clone, Copy)]
pub struct CsvRow<'a> {
    /// The bytes the fields are slices of (the line itself, or the unquoted fields of a quoted record).
    data: &'a [u8],
    /// `data` as text, when it is UTF-8 (checked once per row, not per cell).
    text: Option<&'a str>,
    /// Each field's range in `data`.
    bounds: &'a [(usize, usize)],
    /// The record as written in the file, without its line break.
    raw: &'a [u8],
    line: u64,
}

impl<'a> CsvRow<'a> {
    /// The fields, unquoted.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = &'a [u8]> + 'a {
        let data = self.data;
        self.bounds
            .iter()
            .map(move |&(a, b)| data.get(a..b).unwrap_or_default())
    }

    /// The record exactly as written in the file (quotes and all), without its line break: an output
    /// file that keeps every input column copies this.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }
}

impl Row for CsvRow<'_> {
    fn line(&self) -> u64 {
        self.line
    }
    fn record(&self) -> Option<&[u8]> {
        Some(self.raw)
    }
    fn len(&self) -> usize {
        self.bounds.len()
    }
    fn cell(&self, index: usize) -> Option<&[u8]> {
        let &(a, b) = self.bounds.get(index)?;
        self.data.get(a..b)
    }
    fn text(&self, index: usize) -> Option<&str> {
        let &(a, b) = self.bounds.get(index)?;
        match self.text {
            // Fields end at separators or quotes (ASCII), so they are char boundaries of valid text.
            Some(t) => t.get(a..b),
            None => self
                .data
                .get(a..b)
                .and_then(|c| std::str::from_utf8(c).ok()),
        }
    }
}

/// A streaming reader of a CSV household file.
///
/// Rows whose cells are all blank (the `;;;;` lines spreadsheets leave at the end) are skipped: they
/// are not households. Line numbers are exact, counting blank lines, quoted line breaks and `\r\n`.
///
/// Lines without a quote, nearly all of them, are split with a vectorised search for the separator;
/// lines with quotes go through the `csv-core` state machine. Nothing is allocated per row.
///
/// ```
/// use timbang_engine::table::{CsvReader, Row};
/// let file = "\u{feff}No;Luas Lantai\n1;\"7,5\"\n\n2;12\n";
/// let mut reader = CsvReader::new(file.as_bytes()).unwrap();
/// assert_eq!(reader.delimiter(), b';');
/// assert_eq!(reader.headers().names(), ["No", "Luas Lantai"]);
/// let row = reader.next_row().unwrap().unwrap();
/// assert_eq!((row.line(), row.text(1)), (2, Some("7,5")));
/// assert_eq!(row.raw(), b"1;\"7,5\"");
/// let row = reader.next_row().unwrap().unwrap();
/// assert_eq!((row.line(), row.text(0)), (4, Some("2")));
/// assert!(reader.next_row().unwrap().is_none());
/// ```
pub struct CsvReader<R: Read> {
    input: R,
    /// Bytes read and not yet consumed are `buf[pos..end]`.
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    /// The line of the byte at `pos`.
    line: u64,
    /// For quoted records: the state machine and its output (unquoted field bytes, field ends).
    parser: csv_core::Reader,
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// The current row: field ranges, raw record range in `buf`, whether fields are in `fields`.
    bounds: Vec<(usize, usize)>,
    raw: (usize, usize),
    quoted: bool,
    row_line: u64,
    headers: Headers,
    header_raw: Vec<u8>,
    delimiter: u8,
}

/// The read buffer's starting size; it grows for a record longer than it.
const READ_BUFFER: usize = 1 << 16;

impl<R: Read> CsvReader<R> {
    /// Reads the header line, sniffing the separator from it.
    pub fn new(input: R) -> Result<CsvReader<R>, TableError> {
        CsvReader::with_delimiter(input, None)
    }

    /// Reads the header line with the given separator, or sniffs it when `None`.
    pub fn with_delimiter(input: R, delimiter: Option<u8>) -> Result<CsvReader<R>, TableError> {
        let mut reader = CsvReader {
            input,
            buf: vec![0; READ_BUFFER],
            pos: 0,
            end: 0,
            eof: false,
            line: 1,
            parser: csv_core::Reader::new(),
            fields: vec![0; 1024],
            ends: vec![0; 64],
            bounds: Vec::with_capacity(64),
            raw: (0, 0),
            quoted: false,
            row_line: 0,
            headers: Headers::new(Vec::new()),
            header_raw: Vec::new(),
            delimiter: b',',
        };
        // Enough of the file to hold the header line, in most files.
        while reader.end < 4096 && !reader.eof {
            reader.fill().map_err(TableError::io)?;
        }
        if reader
            .buf
            .get(..reader.end)
            .unwrap_or_default()
            .starts_with(b"\xEF\xBB\xBF")
        {
            reader.pos = 3;
        }
        reader.delimiter = delimiter.unwrap_or_else(|| {
            sniff_delimiter(reader.buf.get(reader.pos..reader.end).unwrap_or_default())
        });
        reader.parser = csv_core::ReaderBuilder::new()
            .delimiter(reader.delimiter)
            .build();
        let (names, raw): (Vec<String>, Vec<u8>) = match reader.next_row()? {
            Some(row) => (
                row.fields()
                    .map(|h| String::from_utf8_lossy(h).trim().to_owned())
                    .collect(),
                row.raw().to_vec(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        reader.header_raw = raw;
        if names.is_empty() {
            return Err(TableError::new(TableCode::Empty).at_line(1));
        }
        reader.headers = Headers::new(names);
        Ok(reader)
    }

    /// The header row.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The separator in use (`,`, `;` or tab).
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// The header line exactly as written (without a byte-order mark or line break).
    pub fn header_raw(&self) -> &[u8] {
        &self.header_raw
    }

    /// Reads more input after `end`, first moving the unconsumed bytes (from `keep`) to the front and
    /// growing the buffer when they fill it. Gives how far everything moved left.
    fn refill(&mut self, keep: usize) -> std::io::Result<usize> {
        let keep = keep.min(self.end);
        if keep > 0 {
            self.buf.copy_within(keep..self.end, 0);
            self.end -= keep;
            self.pos = self.pos.saturating_sub(keep);
        }
        if self.end == self.buf.len() {
            let len = self.buf.len().max(READ_BUFFER) * 2;
            self.buf.resize(len, 0);
        }
        self.fill()?;
        Ok(keep)
    }

    /// Reads once into the free part of the buffer; marks the end of input.
    fn fill(&mut self) -> std::io::Result<()> {
        loop {
            let free = self.buf.get_mut(self.end..).unwrap_or_default();
            if free.is_empty() {
                return Ok(());
            }
            match self.input.read(free) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next row, or `None` at the end of the file. An error is a file that cannot be read any more
    /// (an I/O error), not a bad row: bad rows come back as rows and are judged by [`Layout::read_row`].
    pub fn next_row(&mut self) -> Result<Option<CsvRow<'_>>, TableError> {
        loop {
            if !self.read_record().map_err(TableError::io)? {
                return Ok(None);
            }
            let data = if self.quoted {
                &self.fields[..]
            } else {
                self.buf.get(self.raw.0..self.raw.1).unwrap_or_default()
            };
            let blank = self.bounds.iter().all(|&(a, b)| {
                data.get(a..b)
                    .is_none_or(|f| f.iter().all(u8::is_ascii_whitespace))
            });
            if !blank {
                break;
            }
        }
        let data = if self.quoted {
            let used = self.bounds.last().map_or(0, |b| b.1);
            self.fields.get(..used).unwrap_or_default()
        } else {
            self.buf.get(self.raw.0..self.raw.1).unwrap_or_default()
        };
        Ok(Some(CsvRow {
            data,
            text: std::str::from_utf8(data).ok(),
            bounds: &self.bounds,
            raw: self.buf.get(self.raw.0..self.raw.1).unwrap_or_default(),
            line: self.row_line,
        }))
    }

    /// Reads one record into `bounds` (and `fields` when quoted); `false` at the end of input.
    fn read_record(&mut self) -> std::io::Result<bool> {
        // Skip line breaks before the record: blank lines, or the `\n` of a `\r\n` after a quoted record.
        loop {
            match self.buf.get(self.pos..self.end).and_then(|b| b.first()) {
                Some(b'\n') => {
                    self.line += 1;
                    self.pos += 1;
                }
                Some(b'\r') => self.pos += 1,
                Some(_) => break,
                None if self.eof => return Ok(false),
                None => {
                    let keep = self.pos;
                    self.refill(keep)?;
                }
            }
        }
        // The end of the line, reading more until it is in the buffer.
        let mut searched = self.pos;
        let newline = loop {
            let hay = self.buf.get(searched..self.end).unwrap_or_default();
            if let Some(i) = memchr::memchr(b'\n', hay) {
                break Some(searched + i);
            }
            if self.eof {
                break None;
            }
            searched = self.end;
            let keep = self.pos;
            let moved = self.refill(keep)?;
            searched -= moved;
        };
        let line_end = newline.unwrap_or(self.end);
        let line = self.buf.get(self.pos..line_end).unwrap_or_default();
        let content = line.strip_suffix(b"\r").unwrap_or(line);
        self.row_line = self.line;
        let quote = split_fields(content, self.delimiter, &mut self.bounds);
        if !quote {
            self.quoted = false;
            self.raw = (self.pos, self.pos + content.len());
            self.pos = newline.map_or(self.end, |n| n + 1);
            if newline.is_some() {
                self.line += 1;
            }
            return Ok(true);
        }
        self.read_quoted()
    }

    /// A record with quotes, through the state machine; it may span lines and buffer refills.
    fn read_quoted(&mut self) -> std::io::Result<bool> {
        use csv_core::ReadRecordResult as R;
        self.quoted = true;
        let mut start = self.pos;
        let mut out = 0;
        let mut nends = 0;
        loop {
            let input = self.buf.get(self.pos..self.end).unwrap_or_default();
            let input_empty = input.is_empty();
            let (result, nin, nout, nend) = self.parser.read_record(
                input,
                self.fields.get_mut(out..).unwrap_or_default(),
                self.ends.get_mut(nends..).unwrap_or_default(),
            );
            let consumed = input.get(..nin).unwrap_or_default();
            self.line += memchr::memchr_iter(b'\n', consumed).count() as u64;
            self.pos += nin;
            out += nout;
            nends += nend;
            match result {
                // At the end of input, the next call (with no input) ends the record.
                R::InputEmpty if self.eof => {
                    if input_empty {
                        return Ok(false);
                    }
                }
                R::InputEmpty => {
                    let moved = self.refill(start)?;
                    start -= moved;
                }
                R::OutputFull => {
                    let len = self.fields.len().max(1) * 2;
                    self.fields.resize(len, 0);
                }
                R::OutputEndsFull => {
                    let len = self.ends.len().max(1) * 2;
                    self.ends.resize(len, 0);
                }
                R::Record => break,
                R::End => return Ok(false),
            }
        }
        self.bounds.clear();
        let mut prev = 0;
        for &e in self.ends.get(..nends).unwrap_or_default() {
            self.bounds.push((prev, e));
            prev = e;
        }
        let raw = self.buf.get(start..self.pos).unwrap_or_default();
        let trimmed = raw
            .iter()
            .rposition(|b| *b != b'\n' && *b != b'\r')
            .map_or(0, |i| i + 1);
        self.raw = (start, start + trimmed);
        Ok(true)
    }
}

/// The bytes of `word` equal to `byte`, as the high bit of each such byte (exact, no false positives).
#[inline]
fn byte_mask(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (0x0101_0101_0101_0101 * u64::from(byte));
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// Splits a line without quotes at every separator into `bounds`, eight bytes at a time (separators
/// come every few bytes, too often for a vectorised search to pay). Gives `true`, leaving `bounds`
/// unfinished, when the line holds a quote: then it needs the state machine.
fn split_fields(line: &[u8], delimiter: u8, bounds: &mut Vec<(usize, usize)>) -> bool {
    bounds.clear();
    let mut start = 0;
    let mut chunks = line.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        if byte_mask(word, b'"') != 0 {
            return true;
        }
        let mut hits = byte_mask(word, delimiter);
        while hits != 0 {
            let i = offset + (hits.trailing_zeros() / 8) as usize;
            bounds.push((start, i));
            start = i + 1;
            hits &= hits - 1;
        }
        offset += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b'"' {
            return true;
        }
        if b == delimiter {
            bounds.push((start, offset + i));
            start = offset + i + 1;
        }
    }
    bounds.push((start, line.len()));
    false
}

/// The separator of a header line: the most frequent of `;`, `,` and tab outside quotes (`,` when the
/// header has a single column).
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => counts[0] += 1,
            b',' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b';', b',', b'\t'];
    let mut best = (0usize, b',');
    for (count, delimiter) in counts.into_iter().zip(candidates) {
        if count > best.0 {
            best = (count, delimiter);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_separator_from_the_header_line() {
        let cases: &[(&str, u8)] = &[
            ("a;b;c\n1,5;2;3\n", b';'),
            ("a,b,c\n1;2,3,4\n", b','),
            ("a\tb\n1\t2\n", b'\t'),
            ("\"a;b\",c\n", b','),
            ("single\n1\n", b','),
            ("a;b", b';'),
            ("", b','),
        ];
        for (head, expected) in cases {
            assert_eq!(
                sniff_delimiter(head.as_bytes()),
                *expected,
                "{head:?} -> {}",
                *expected as char
            );
        }
    }

    #[test]
    fn splits_lines_eight_bytes_at_a_time() {
        let lines: &[&str] = &[
            "",
            ";",
            "a",
            "a;b",
            ";;;;;;;;;;;;;;;;;",
            "abcdefgh;ijklmnop;",
            "1234567;12345678;123456789",
            "x;y\"z",
            "abcdefghijklmno\"",
            "é;ü;漢字;ß",
            "\u{80};\u{3b};;",
            "a\tb;c",
        ];
        for line in lines {
            for delimiter in [b';', b',', b'\t'] {
                let mut got = Vec::new();
                let quoted = split_fields(line.as_bytes(), delimiter, &mut got);
                assert_eq!(quoted, line.contains('"'), "{line:?}");
                if quoted {
                    continue;
                }
                let expected: Vec<&str> = line.split(char::from(delimiter)).collect();
                let fields: Vec<&str> = got.iter().map(|&(a, b)| &line[a..b]).collect();
                assert_eq!(fields, expected, "{line:?} {delimiter}");
            }
        }
    }

    #[test]
    fn reads_bom_quotes_and_line_numbers() {
        let file =
            "\u{feff}ID;\"Nama; lengkap\";Catatan\n1;\"A \"\"B\"\"\";\"two\nlines\"\n\n2;C;x\n";
        let mut r = CsvReader::new(file.as_bytes()).unwrap();
        assert_eq!(r.headers().names(), ["ID", "Nama; lengkap", "Catatan"]);
        let row = r.next_row().unwrap().unwrap();
        assert_eq!(row.line(), 2);
        assert_eq!(row.text(1), Some("A \"B\""));
        assert_eq!(row.text(2), Some("two\nlines"));
        let row = r.next_row().unwrap().unwrap();
        assert_eq!(row.line(), 5, "after a two-line field and an empty line");
        assert!(r.next_row().unwrap().is_none());
    }

    #[test]
    fn counts_lines_exactly() {
        // (file, expected line of each row, expected first cell of each row)
        let cases: &[(&str, &[(u64, &str)])] = &[
            ("h\n1\n\n2\n\n\n3", &[(2, "1"), (4, "2"), (7, "3")]),
            ("h\r\n1\r\n\r\n2\r\n", &[(2, "1"), (4, "2")]),
            ("\n\nh\n\"a\nb\"\n\n4\n", &[(4, "a\nb"), (7, "4")]),
            ("h;k\n1;2\n;\n ; \n5;6\n;;\n", &[(2, "1"), (5, "5")]),
        ];
        for (file, expected) in cases {
            let mut r = CsvReader::new(file.as_bytes()).unwrap();
            let mut got = Vec::new();
            while let Some(row) = r.next_row().unwrap() {
                got.push((row.line(), row.text(0).unwrap_or("?").to_owned()));
            }
            let expected: Vec<(u64, String)> = expected
                .iter()
                .map(|(l, t)| (*l, (*t).to_owned()))
                .collect();
            assert_eq!(got, expected, "{file:?}");
        }
    }

    /// Gives at most `step` bytes per read, to put record ends and quotes across buffer refills.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(out.len()).min(self.data.len());
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn all_rows<R: Read>(mut r: CsvReader<R>) -> Vec<(u64, Vec<String>, String)> {
        let mut rows = vec![(
            0,
            r.headers().names().to_vec(),
            String::from_utf8_lossy(r.header_raw()).into_owned(),
        )];
        while let Some(row) = r.next_row().unwrap() {
            let cells = (0..row.len())
                .map(|i| row.text(i).unwrap_or("<bytes>").to_owned())
                .collect();
            rows.push((
                row.line(),
                cells,
                String::from_utf8_lossy(row.raw()).into_owned(),
            ));
        }
        rows
    }

    proptest::proptest! {
        /// Any bytes at all: no panic, and the same rows however the input arrives.
        #[test]
        fn any_input_reads_the_same_in_pieces(
            bytes in proptest::collection::vec(
                proptest::sample::select(b"a1;,\"\n\r \xc3\xa9\xff".to_vec()),
                0..200,
            ),
            step in 1usize..6,
        ) {
            let direct = CsvReader::new(&bytes[..]).map(all_rows);
            let pieces = CsvReader::new(Trickle { data: &bytes, step }).map(all_rows);
            proptest::prop_assert_eq!(direct, pieces);
        }
    }

    #[test]
    fn reads_the_same_however_the_input_arrives() {
        let long = "x".repeat(150_000);
        let files = [
            "\u{feff}a;b;c\r\n1;\"q;\r\nr\";3\r\n\r\n4;5;6\r\n\"7\";\"\";9".to_owned(),
            format!("a,b\n{long},1\n\"{long}\n\",2\n3,4\n"),
            "a,b\n\n\n\"x\"\"y\",z\n,\n  ,  \nlast,row".to_owned(),
            "h\n\"unterminated,quote\n".to_owned(),
        ];
        for file in &files {
            let direct = all_rows(CsvReader::new(file.as_bytes()).unwrap());
            for step in [1, 2, 3, 7, 4096] {
                let trickled = all_rows(
                    CsvReader::new(Trickle {
                        data: file.as_bytes(),
                        step,
                    })
                    .unwrap(),
                );
                assert_eq!(
                    trickled,
                    direct,
                    "step {step}, file {:?}",
                    &file[..20.min(file.len())]
                );
            }
        }
        let first = all_rows(CsvReader::new(files[0].as_bytes()).unwrap());
        let lines: Vec<u64> = first.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![0, 2, 5, 6]);
        assert_eq!(first[1].1, vec!["1", "q;\r\nr", "3"]);
        assert_eq!(first[1].2, "1;\"q;\r\nr\";3");
        assert_eq!(first[3].1, vec!["7", "", "9"]);
        assert_eq!(first[0].2, "a;b;c");
        let third = all_rows(CsvReader::new(files[2].as_bytes()).unwrap());
        assert_eq!(
            third[1],
            (
                4,
                vec!["x\"y".to_owned(), "z".to_owned()],
                "\"x\"\"y\",z".to_owned()
            )
        );
        assert_eq!(third[2].0, 7);
    }

    #[test]
    fn grows_its_buffers_for_long_rows() {
        let header: Vec<String> = (0..300).map(|i| format!("c{i}")).collect();
        let row: Vec<String> = (0..300)
            .map(|i| "v".repeat(i % 17) + &i.to_string())
            .collect();
        let file = format!("{}\n{}\n", header.join(","), row.join(","));
        let mut r = CsvReader::new(file.as_bytes()).unwrap();
        assert_eq!(r.headers().len(), 300);
        let got = r.next_row().unwrap().unwrap();
        assert_eq!(got.len(), 300);
        assert_eq!(got.text(299), Some(row[299].as_str()));
        let fields: Vec<&[u8]> = got.fields().collect();
        assert_eq!(fields[5], row[5].as_bytes());
    }

    #[test]
    fn an_empty_file_has_no_headers() {
        for file in ["", "\u{feff}", "\n"] {
            let err = CsvReader::new(file.as_bytes()).err().unwrap();
            assert_eq!(err.code, TableCode::Empty, "{file:?}");
        }
    }
}
