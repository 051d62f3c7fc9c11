//! The streaming CSV reader: separator sniffed, BOM removed, exact line numbers, no allocation per row.

use std::io::Read;

use super::split::{split_line, LineEnd, Progress};
use super::{Headers, Row, TableCode, TableError};

/// The current row of a [`CsvReader`].
#[derive(Debug, Clone, Copy)]
pub struct CsvRow<'a> {
    /// The bytes the fields are slices of (the line itself, or the unquoted fields of a quoted record).
    /// UTF-8 is checked per cell, when a cell is read as text: cells matched by their bytes (see
    /// [`super::program`]) and cells copied to the output never need it.
    data: &'a [u8],
    /// `data` and the bytes after it in the reader's buffer, for [`Row::cell_with_slack`].
    slack: &'a [u8],
    /// Where each field starts in `data`, then where a field after the last would start: field `k`
    /// is `starts[k]..starts[k + 1] - 1` (fields are one separator apart).
    starts: &'a [usize],
    /// The record as written in the file, without its line break (`None` for a row that had none,
    /// such as a spreadsheet's: see [`RowBuffer`]).
    raw: Option<&'a [u8]>,
    line: u64,
}

impl<'a> CsvRow<'a> {
    /// The fields, unquoted.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = &'a [u8]> + 'a {
        let data = self.data;
        self.starts
            .windows(2)
            .map(move |w| data.get(w[0]..w[1].saturating_sub(1)).unwrap_or_default())
    }

    /// The record exactly as written in the file (quotes and all), without its line break: an output
    /// file that keeps every input column copies this. Empty for a row copied by a [`RowBuffer`].
    pub fn raw(&self) -> &'a [u8] {
        self.raw.unwrap_or_default()
    }

    /// Where field `index` starts and ends in `data`.
    #[inline]
    fn range(&self, index: usize) -> Option<(usize, usize)> {
        let &[start, next] = self.starts.get(index..)?.first_chunk::<2>()?;
        // `next` is at least 1 (a field ends one byte before the next starts); were it 0, the end
        // would wrap to `usize::MAX`, which no slice check lets through.
        Some((start, next.wrapping_sub(1)))
    }
}

impl Row for CsvRow<'_> {
    fn line(&self) -> u64 {
        self.line
    }
    fn record(&self) -> Option<&[u8]> {
        self.raw
    }
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
    #[inline]
    fn cell(&self, index: usize) -> Option<&[u8]> {
        let (a, b) = self.range(index)?;
        self.data.get(a..b)
    }
    #[inline]
    fn cell_with_slack(&self, index: usize) -> Option<(&[u8], usize)> {
        let (a, b) = self.range(index)?;
        Some((self.slack.get(a..)?, b.checked_sub(a)?))
    }
    fn text(&self, index: usize) -> Option<&str> {
        std::str::from_utf8(self.cell(index)?).ok()
    }
}

/// Another source's rows (a spreadsheet's) copied into the form of a [`CsvRow`], so that the code
/// that classes and writes rows is compiled for one row type: the web worker carried a second copy
/// of it for workbooks, 5.0 KB after gzip. The copy's cells are its source's [`Row::cell`]s as they
/// are (not trimmed, as a CSV file's are not); it has no record as written ([`Row::record`] is
/// `None`), so an output file writes its cells.
///
/// ```
/// use timbang_engine::table::{Row, RowBuffer, TextRow};
/// let cells = ["7303", " Bissappu ", ""];
/// let mut buffer = RowBuffer::default();
/// let row = buffer.copy(&TextRow { line: 5, cells: &cells });
/// assert_eq!((row.line(), row.len()), (5, 3));
/// assert_eq!((row.text(1), row.cell(2), row.cell(3)), (Some(" Bissappu "), Some(&b""[..]), None));
/// assert_eq!(row.record(), None);
/// ```
#[derive(Debug, Clone, Default)]
pub struct RowBuffer {
    data: Vec<u8>,
    starts: Vec<usize>,
}

impl RowBuffer {
    /// `row`'s cells, copied; the buffer is reused from row to row.
    pub fn copy<R: Row + ?Sized>(&mut self, row: &R) -> CsvRow<'_> {
        self.data.clear();
        self.starts.clear();
        for index in 0..row.len() {
            self.starts.push(self.data.len());
            self.data
                .extend_from_slice(row.cell(index).unwrap_or_default());
            // Any byte: fields are one byte apart (see `CsvRow::starts`).
            self.data.push(b'\n');
        }
        self.starts.push(self.data.len());
        CsvRow {
            data: &self.data,
            slack: &self.data,
            starts: &self.starts,
            raw: None,
            line: row.line(),
        }
    }
}

/// A streaming reader of a CSV household file.
///
/// Rows whose cells are all blank (the `;;;;` lines spreadsheets leave at the end) are skipped: they
/// are not households. Line numbers are exact, counting blank lines, quoted line breaks and `\r\n`.
///
/// Lines without a quote, nearly all of them, are found and split in one pass, sixteen bytes at a time
/// (see `split.rs`); lines with quotes go through the `csv-core` state machine. Nothing is allocated
/// per row.
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
    /// For quoted records: the state machine and its output (unquoted field bytes, field ends), and
    /// the fields again one separator apart.
    parser: csv_core::Reader,
    fields: Vec<u8>,
    ends: Vec<usize>,
    spaced: Vec<u8>,
    /// The current row: where its fields start (see [`CsvRow`]), raw record range in `buf`, whether
    /// the fields are in `spaced`.
    starts: Vec<usize>,
    raw: (usize, usize),
    quoted: bool,
    /// How far the line being read was split, while more of it is read.
    progress: Progress,
    row_line: u64,
    /// Whether the last record was ended by the end of input rather than by a line break: a part of a
    /// file (see [`CsvReader::continuing`]) that ends so was cut inside a record.
    torn: bool,
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
        CsvReader::with_buffer(input, delimiter, READ_BUFFER)
    }

    /// As [`CsvReader::with_delimiter`], asking `input` for up to `buffer` bytes per read. A source
    /// whose reads cost more than copying (the web worker's, a call into the browser each) reads in
    /// large pieces straight into the reader's buffer, with no `BufReader` copying them once more.
    ///
    /// ```
    /// use timbang_engine::table::{CsvReader, Row};
    /// let file = "a;b\n1;2\n";
    /// let mut reader = CsvReader::with_buffer(file.as_bytes(), None, 4 << 20).unwrap();
    /// assert_eq!(reader.headers().names(), ["a", "b"]);
    /// assert_eq!(reader.next_row().unwrap().unwrap().text(1), Some("2"));
    /// ```
    pub fn with_buffer(
        input: R,
        delimiter: Option<u8>,
        buffer: usize,
    ) -> Result<CsvReader<R>, TableError> {
        let mut reader = CsvReader::empty(input, buffer);
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
        let delimiter = delimiter.unwrap_or_else(|| {
            sniff_delimiter(reader.buf.get(reader.pos..reader.end).unwrap_or_default())
        });
        reader.set_delimiter(delimiter);
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

    /// A reader of `body`, the rest of a file after a line break, with the header row and separator
    /// of `head`, a reader of the same file from its start: one part of a file split among workers
    /// (see [`crate::job::Part`]). Its line numbers count from 1 at the start of `body`.
    ///
    /// ```
    /// use timbang_engine::table::{CsvReader, Row};
    /// let file = "a;b\n1;2\n3;4\n";
    /// let head = CsvReader::new(file.as_bytes()).unwrap();
    /// let mut rest = CsvReader::continuing(&head, &file.as_bytes()[8..], 1 << 16);
    /// assert_eq!(rest.headers().names(), ["a", "b"]);
    /// let row = rest.next_row().unwrap().unwrap();
    /// assert_eq!((row.line(), row.text(1)), (1, Some("4")));
    /// assert!(rest.next_row().unwrap().is_none());
    /// assert_eq!(rest.line_breaks(), 1);
    /// assert!(!rest.torn());
    /// ```
    pub fn continuing<H: Read>(head: &CsvReader<H>, body: R, buffer: usize) -> CsvReader<R> {
        let mut reader = CsvReader::empty(body, buffer);
        reader.set_delimiter(head.delimiter);
        reader.headers = head.headers.clone();
        reader.header_raw = head.header_raw.clone();
        reader
    }

    /// How many line breaks have been read (with those inside quoted fields).
    pub fn line_breaks(&self) -> u64 {
        self.line.saturating_sub(1)
    }

    /// Whether the last record read was ended by the end of input, not by a line break. A part of a
    /// file that was read to its end this way was cut inside a record, unless it is the file's last.
    pub fn torn(&self) -> bool {
        self.torn
    }

    /// A reader with nothing read yet, asking `input` for up to `buffer` bytes at a time.
    fn empty(input: R, buffer: usize) -> CsvReader<R> {
        CsvReader {
            input,
            buf: vec![0; buffer.max(READ_BUFFER)],
            pos: 0,
            end: 0,
            eof: false,
            line: 1,
            parser: csv_core::Reader::new(),
            fields: vec![0; 1024],
            ends: vec![0; 64],
            starts: Vec::with_capacity(64),
            spaced: Vec::new(),
            raw: (0, 0),
            quoted: false,
            progress: Progress::default(),
            row_line: 0,
            torn: false,
            headers: Headers::new(Vec::new()),
            header_raw: Vec::new(),
            delimiter: b',',
        }
    }

    fn set_delimiter(&mut self, delimiter: u8) {
        self.delimiter = delimiter;
        self.parser = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
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
                &self.spaced[..]
            } else {
                self.buf.get(self.raw.0..self.raw.1).unwrap_or_default()
            };
            let blank = self.starts.windows(2).all(|w| {
                data.get(w[0]..w[1].saturating_sub(1))
                    .is_none_or(|f| f.iter().all(u8::is_ascii_whitespace))
            });
            if !blank {
                break;
            }
        }
        let (data, slack) = if self.quoted {
            (&self.spaced[..], &self.spaced[..])
        } else {
            (
                self.buf.get(self.raw.0..self.raw.1).unwrap_or_default(),
                self.buf.get(self.raw.0..).unwrap_or_default(),
            )
        };
        Ok(Some(CsvRow {
            data,
            slack,
            starts: &self.starts,
            raw: Some(self.buf.get(self.raw.0..self.raw.1).unwrap_or_default()),
            line: self.row_line,
        }))
    }

    /// Reads one record into `starts` (and `spaced` when quoted); `false` at the end of input.
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
        // The end of the line and its fields in one pass, reading more until the line is in the buffer.
        self.progress = Progress::default();
        loop {
            let avail = self.end.saturating_sub(self.pos);
            let bytes = self.buf.get(self.pos..).unwrap_or_default();
            match split_line(
                bytes,
                avail,
                self.eof,
                self.delimiter,
                &mut self.starts,
                &mut self.progress,
            ) {
                LineEnd::Split { len, newline } => {
                    self.row_line = self.line;
                    self.quoted = false;
                    self.raw = (self.pos, self.pos + len);
                    self.torn = newline.is_none();
                    match newline {
                        Some(n) => {
                            self.pos += n + 1;
                            self.line += 1;
                        }
                        None => self.pos = self.end,
                    }
                    return Ok(true);
                }
                LineEnd::Quoted => {
                    self.row_line = self.line;
                    return self.read_quoted();
                }
                LineEnd::Open => {
                    let keep = self.pos;
                    self.refill(keep)?;
                }
            }
        }
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
                // A record that only the end of input ended (no input was left) has no line break.
                R::Record => {
                    self.torn = input_empty;
                    break;
                }
                R::End => return Ok(false),
            }
        }
        // The fields one separator apart, as in an unquoted line.
        self.starts.clear();
        self.spaced.clear();
        self.starts.push(0);
        let mut prev = 0;
        for &e in self.ends.get(..nends).unwrap_or_default() {
            let field = self.fields.get(prev..e).unwrap_or_default();
            self.spaced.extend_from_slice(field);
            self.spaced.push(self.delimiter);
            self.starts.push(self.spaced.len());
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
