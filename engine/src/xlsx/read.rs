//! Reading the first worksheet of a workbook as a header row and rows of text cells.

use std::io::{BufRead, BufReader, Cursor, Read, Seek};

use quick_xml::events::{BytesStart, Event};

use super::error::{XlsxCode, XlsxError};
use super::number::normalise_number;
use super::zip::{Archive, Entry, EntryReader};
use crate::table::{Headers, Row};

/// The largest part read whole (relationships, the workbook), uncompressed: real ones have a few KB.
const MAX_SMALL_PART: u64 = 16 << 20;
/// The most columns of a sheet (`XFD`).
const MAX_COLUMNS: usize = 16_384;
/// The text of a boolean cell, as [`crate::answers::parse_yes_no`] reads it (and as spreadsheets show).
const TRUE: &str = "TRUE";
const FALSE: &str = "FALSE";

/// Shared strings, all in one text with the end of each.
#[derive(Default)]
struct SharedStrings {
    text: String,
    ends: Vec<u32>,
}

impl SharedStrings {
    fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = match index {
            0 => 0,
            i => *self.ends.get(i - 1)? as usize,
        };
        self.text.get(start..end)
    }
}

/// The current row of an [`XlsxReader`]: its spreadsheet row number and as many cells as the header
/// row has (cells the sheet leaves out are empty; cells right of the last header are dropped).
#[derive(Debug, Clone, Copy)]
pub struct XlsxRow<'a> {
    line: u64,
    text: &'a str,
    bounds: &'a [(u32, u32)],
    width: usize,
}

impl<'a> XlsxRow<'a> {
    /// Cell `index` as text, untrimmed (`""` for an empty or missing cell inside the row).
    pub fn cell_text(&self, index: usize) -> Option<&'a str> {
        if index >= self.width {
            return None;
        }
        let text = self.text;
        Some(
            self.bounds
                .get(index)
                .and_then(|&(s, e)| text.get(s as usize..e as usize))
                .unwrap_or(""),
        )
    }

    /// The cells, untrimmed.
    pub fn cells(&self) -> impl ExactSizeIterator<Item = &'a str> + 'a {
        let row = *self;
        (0..self.width).map(move |i| row.cell_text(i).unwrap_or(""))
    }
}

impl Row for XlsxRow<'_> {
    fn line(&self) -> u64 {
        self.line
    }
    fn len(&self) -> usize {
        self.width
    }
    fn cell(&self, index: usize) -> Option<&[u8]> {
        self.cell_text(index).map(str::as_bytes)
    }
}

/// What the text inside the current element is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    None,
    /// `<v>` of a cell, or `<t>` of an inline string.
    Value,
}

/// A streaming reader of the first worksheet of an XLSX workbook, row by row.
///
/// The header row is the first row with a value; each row after it with at least one value is a
/// household, numbered as the spreadsheet numbers it (rows with only blank cells are skipped, as
/// [`crate::table::CsvReader`] skips `;;;` lines). Cells come as text: shared and inline strings as
/// written; numbers as plain decimals without float noise (`0.1`, `600000`, a fraction rounded to 15
/// significant digits as a spreadsheet shows it; dates stay serial numbers); booleans as `TRUE` and
/// `FALSE`, which yes/no questions read; formula cells as their cached value; error cells as their
/// text (`#DIV/0!`). `_x000D_`-style escapes are decoded.
///
/// The first visible worksheet is read (the first worksheet when all are hidden). Memory: the shared
/// strings (as one text) and one row; the sheet's XML is inflated and parsed as it is read.
///
/// ```
/// use timbang_engine::table::Row;
/// use timbang_engine::xlsx::{write, Cell, XlsxReader};
/// let bytes = write("Data", &["No", "Luas Lantai (m2)", "Listrik"], [
///     vec![Cell::from(1), Cell::Text("7,5".into()), Cell::Bool(true)],
///     vec![Cell::from(2), Cell::Number("12.5".parse().unwrap()), Cell::Empty],
/// ]).unwrap();
/// let mut reader = XlsxReader::from_bytes(&bytes).unwrap();
/// assert_eq!(reader.headers().names(), ["No", "Luas Lantai (m2)", "Listrik"]);
/// let row = reader.next_row().unwrap().unwrap();
/// assert_eq!((row.line(), row.text(1), row.text(2)), (2, Some("7,5"), Some("TRUE")));
/// let row = reader.next_row().unwrap().unwrap();
/// assert_eq!((row.line(), row.text(1), row.text(2)), (3, Some("12.5"), Some("")));
/// assert!(reader.next_row().unwrap().is_none());
/// ```
pub struct XlsxReader<R: Read + Seek> {
    xml: quick_xml::Reader<BufReader<EntryReader<R>>>,
    buf: Vec<u8>,
    cells: Cells,
    sheet_name: String,
    headers: Headers,
    header_line: u64,
    done: bool,
}

/// The current row and what its cells are made from.
struct Cells {
    /// The sheet's part name, for errors.
    part: String,
    shared: SharedStrings,
    /// The row number.
    line: u64,
    /// The cells' text, one after the other.
    text: String,
    /// Each cell's range in `text`.
    bounds: Vec<(u32, u32)>,
    /// The text of the cell being read.
    value: String,
}

impl<'b> XlsxReader<Cursor<&'b [u8]>> {
    /// Opens a workbook held in memory and reads its header row.
    pub fn from_bytes(bytes: &'b [u8]) -> Result<XlsxReader<Cursor<&'b [u8]>>, XlsxError> {
        XlsxReader::new(Cursor::new(bytes))
    }
}

impl<R: Read + Seek> XlsxReader<R> {
    /// Opens a workbook, finds its first worksheet, reads the shared strings and the header row.
    pub fn new(source: R) -> Result<XlsxReader<R>, XlsxError> {
        let mut archive = Archive::open(source)?;
        let found = locate(&mut archive)?;
        let shared = match found
            .shared
            .as_deref()
            .and_then(|n| archive.find(n))
            .cloned()
        {
            Some(entry) => read_shared(&mut archive, &entry)?,
            None => SharedStrings::default(),
        };
        let sheet = archive
            .find(&found.sheet)
            .cloned()
            .ok_or_else(|| XlsxError::new(XlsxCode::NoWorksheet))?;
        let stream = archive.into_entry(&sheet)?;
        let mut xml = quick_xml::Reader::from_reader(BufReader::with_capacity(32 << 10, stream));
        xml.config_mut().trim_text(false);
        let mut reader = XlsxReader {
            xml,
            buf: Vec::new(),
            cells: Cells {
                part: sheet.name,
                shared,
                line: 0,
                text: String::new(),
                bounds: Vec::new(),
                value: String::new(),
            },
            sheet_name: found.name,
            headers: Headers::new(Vec::new()),
            header_line: 0,
            done: false,
        };
        if !reader.advance()? {
            return Err(XlsxError::new(XlsxCode::Empty));
        }
        let mut names: Vec<String> = (0..reader.cells.bounds.len())
            .map(|i| reader.cells.cell_at(i).trim().to_owned())
            .collect();
        while names.last().is_some_and(String::is_empty) {
            names.pop();
        }
        reader.headers = Headers::new(names);
        reader.header_line = reader.cells.line;
        Ok(reader)
    }

    /// The header row.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The spreadsheet row number of the header row (1 unless rows above it are blank).
    pub fn header_line(&self) -> u64 {
        self.header_line
    }

    /// The name of the worksheet read (as its tab shows it).
    pub fn sheet_name(&self) -> &str {
        &self.sheet_name
    }

    /// The next row with a value, or `None` at the end of the sheet. An error is a workbook that
    /// cannot be read any further (damaged data or XML), not a bad row: bad rows come back as rows
    /// and are judged by [`crate::table::Layout::read_row`].
    pub fn next_row(&mut self) -> Result<Option<XlsxRow<'_>>, XlsxError> {
        if !self.advance()? {
            return Ok(None);
        }
        Ok(Some(XlsxRow {
            line: self.cells.line,
            text: &self.cells.text,
            bounds: &self.cells.bounds,
            width: self.headers.len(),
        }))
    }

    /// Reads up to the end of the next row with a value; `false` at the end of the sheet.
    fn advance(&mut self) -> Result<bool, XlsxError> {
        if self.done {
            return Ok(false);
        }
        let mut capture = Capture::None;
        let mut in_row = false;
        let mut cell: Option<(usize, CellType)> = None;
        let mut next_col = 0usize;
        // Depth inside `<rPh>` (phonetic runs, not part of the text).
        let mut phonetic = 0u32;
        loop {
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(e) => e,
                Err(e) => {
                    self.done = true;
                    let at = self.xml.error_position();
                    return Err(XlsxError::xml(&self.cells.part, at, &e).at_line(self.cells.line));
                }
            };
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    match e.local_name().as_ref() {
                        "row" => {
                            let r = raw_attr(e, "r").and_then(|r| r.trim().parse::<u64>().ok());
                            let cells = &mut self.cells;
                            cells.line = r.unwrap_or(cells.line + 1);
                            cells.text.clear();
                            cells.bounds.clear();
                            next_col = 0;
                            in_row = !empty;
                        }
                        "c" if in_row => {
                            // One pass over the attributes, without copying them.
                            let mut col = Some(next_col);
                            let mut kind = CellType::Number;
                            for a in e.attributes().with_checks(false).flatten() {
                                match a.key.local_name().as_ref() {
                                    "r" => col = column_of(&a.value),
                                    "t" => kind = CellType::of(Some(a.value.trim())),
                                    _ => {}
                                }
                            }
                            let col = col.ok_or_else(|| {
                                let r = raw_attr(e, "r").unwrap_or_default();
                                self.cells.bad(
                                    format!("bad cell reference \"{r}\""),
                                    self.xml.buffer_position(),
                                )
                            })?;
                            if col >= MAX_COLUMNS {
                                let detail = format!("column {} too far", col + 1);
                                return Err(self.cells.bad(detail, self.xml.buffer_position()));
                            }
                            next_col = col + 1;
                            self.cells.value.clear();
                            if empty {
                                self.cells
                                    .finish_cell(col, kind, self.xml.buffer_position())?;
                            } else {
                                cell = Some((col, kind));
                            }
                        }
                        "v" | "t" if cell.is_some() && phonetic == 0 && !empty => {
                            capture = Capture::Value
                        }
                        "rPh" if !empty => phonetic += 1,
                        _ => {}
                    }
                }
                Event::End(ref e) => match e.local_name().as_ref() {
                    "v" | "t" => capture = Capture::None,
                    "rPh" => phonetic = phonetic.saturating_sub(1),
                    "c" => {
                        if let Some((col, kind)) = cell.take() {
                            self.cells
                                .finish_cell(col, kind, self.xml.buffer_position())?;
                        }
                        capture = Capture::None;
                    }
                    "row" if in_row => {
                        in_row = false;
                        let cells = &self.cells;
                        if (0..cells.bounds.len()).any(|i| !cells.cell_at(i).trim().is_empty()) {
                            return Ok(true);
                        }
                    }
                    "sheetData" => {
                        self.done = true;
                        // Read the rest of the part so that its size and CRC-32 are checked.
                        if let Err(e) = std::io::copy(self.xml.get_mut(), &mut std::io::sink()) {
                            return Err(XlsxError::io(&self.cells.part, &e));
                        }
                        return Ok(false);
                    }
                    _ => {}
                },
                Event::Text(ref t) if capture == Capture::Value => {
                    self.cells.value.push_str(&t.xml10_content());
                }
                Event::CData(ref t) if capture == Capture::Value => self.cells.value.push_str(t),
                Event::GeneralRef(ref r) if capture == Capture::Value => {
                    if let Err(d) = push_reference(&mut self.cells.value, r) {
                        return Err(self.cells.bad(d, self.xml.buffer_position()));
                    }
                }
                Event::Eof => {
                    self.done = true;
                    return Ok(false);
                }
                _ => {}
            }
        }
    }
}

impl Cells {
    fn cell_at(&self, i: usize) -> &str {
        self.bounds
            .get(i)
            .and_then(|&(s, e)| self.text.get(s as usize..e as usize))
            .unwrap_or("")
    }

    fn bad(&self, detail: String, position: u64) -> XlsxError {
        XlsxError::new(XlsxCode::Xml)
            .param("part", self.part.as_str())
            .param("detail", detail)
            .param("position", position.to_string())
            .at_line(self.line)
    }

    /// Puts the cell just read (its text in `value`) into column `col` of the current row.
    fn finish_cell(&mut self, col: usize, kind: CellType, at: u64) -> Result<(), XlsxError> {
        let start = self.text.len();
        match kind {
            CellType::Shared => {
                let v = self.value.trim();
                let text = v
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| self.shared.get(i))
                    .ok_or_else(|| self.bad(format!("no shared string {v}"), at))?;
                self.text.push_str(text);
            }
            CellType::Bool => match self.value.trim() {
                "1" => self.text.push_str(TRUE),
                "0" => self.text.push_str(FALSE),
                other => self.text.push_str(other),
            },
            CellType::Number => normalise_number(&self.value, &mut self.text),
            CellType::Text => {
                self.text.push_str(&self.value);
                unescape_ooxml(&mut self.text, start);
            }
        }
        let end = self.text.len();
        let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(end)) else {
            return Err(self.bad("row too long".to_owned(), at));
        };
        if self.bounds.len() <= col {
            self.bounds.resize(col + 1, (start, start));
        }
        self.bounds[col] = (start, end);
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CellType {
    Number,
    Shared,
    Bool,
    /// Inline strings, formula strings, errors and ISO dates: the text as written.
    Text,
}

impl CellType {
    fn of(t: Option<&str>) -> CellType {
        match t {
            None | Some("n") | Some("") => CellType::Number,
            Some("s") => CellType::Shared,
            Some("b") => CellType::Bool,
            Some(_) => CellType::Text,
        }
    }
}

/// The value of attribute `name` (by local name), unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(
            |a| match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => a.value.into_owned(),
            },
        )
}

/// The value of attribute `name` (by local name) as written (for `r` and `t`, which have no escapes).
fn raw_attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// The 0-based column of a cell reference (`B7` → 1), `None` when it does not start with letters.
fn column_of(reference: &str) -> Option<usize> {
    let mut col = 0usize;
    let mut letters = 0;
    for b in reference.bytes() {
        if !b.is_ascii_alphabetic() {
            break;
        }
        letters += 1;
        if letters > 3 {
            return None;
        }
        col = col * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    col.checked_sub(1)
}

/// Appends the character an entity or character reference stands for.
fn push_reference(out: &mut String, r: &quick_xml::events::BytesRef<'_>) -> Result<(), String> {
    if r.is_char_ref() {
        match r.resolve_char_ref() {
            Ok(Some(c)) => out.push(c),
            _ => return Err(format!("bad character reference &{};", &**r)),
        }
    } else {
        match quick_xml::escape::resolve_predefined_entity(r) {
            Some(s) => out.push_str(s),
            None => return Err(format!("unknown entity &{};", &**r)),
        }
    }
    Ok(())
}

/// Decodes the `_xHHHH_` escapes of OOXML strings (a carriage return is written `_x000D_`, a literal
/// `_x` before four hex digits `_x005F_x`) in `text[from..]`.
fn unescape_ooxml(text: &mut String, from: usize) {
    let Some(tail) = text.get(from..) else {
        return;
    };
    if !tail.contains("_x") {
        return;
    }
    let mut out = String::with_capacity(tail.len());
    let mut rest = tail;
    while let Some(i) = rest.find("_x") {
        let (before, at) = rest.split_at(i);
        out.push_str(before);
        let code = at
            .get(2..6)
            .filter(|h| {
                h.bytes().all(|b| b.is_ascii_hexdigit()) && at.as_bytes().get(6) == Some(&b'_')
            })
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &at[7..];
            }
            None => {
                out.push_str("_x");
                rest = &at[2..];
            }
        }
    }
    out.push_str(rest);
    text.truncate(from);
    text.push_str(&out);
}

/// Runs `f` on every event of the XML in `src`; `f` gives `false` to stop.
fn each_event<B: BufRead>(
    src: B,
    part: &str,
    mut f: impl FnMut(&Event<'_>) -> Result<bool, XlsxError>,
) -> Result<(), XlsxError> {
    let mut xml = quick_xml::Reader::from_reader(src);
    xml.config_mut().trim_text(false);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| XlsxError::xml(part, xml.error_position(), &e))?;
        if matches!(event, Event::Eof) || !f(&event)? {
            return Ok(());
        }
    }
}

/// Where the worksheet to read and the shared strings are.
struct Located {
    sheet: String,
    name: String,
    shared: Option<String>,
}

/// The relationships of a part: (id, type, target resolved against `base`).
fn relationships<R: Read + Seek>(
    archive: &mut Archive<R>,
    rels_name: &str,
    base: &str,
) -> Result<Vec<(String, String, String)>, XlsxError> {
    let Some(entry) = archive.find(rels_name).cloned() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let src = BufReader::new(small_part(archive, &entry)?);
    each_event(src, &entry.name, |event| {
        if let Event::Start(e) | Event::Empty(e) = event {
            if e.local_name().as_ref() == "Relationship" {
                let target = attr(e, "Target").unwrap_or_default();
                out.push((
                    attr(e, "Id").unwrap_or_default(),
                    attr(e, "Type").unwrap_or_default(),
                    resolve(base, &target),
                ));
            }
        }
        Ok(true)
    })?;
    Ok(out)
}

/// A part read whole (at most [`MAX_SMALL_PART`] bytes).
fn small_part<R: Read + Seek>(
    archive: &mut Archive<R>,
    entry: &Entry,
) -> Result<Cursor<Vec<u8>>, XlsxError> {
    let mut bytes = Vec::new();
    archive
        .open_entry(entry)?
        .take(MAX_SMALL_PART)
        .read_to_end(&mut bytes)
        .map_err(|e| XlsxError::io(&entry.name, &e))?;
    Ok(Cursor::new(bytes))
}

/// `target` relative to the folder `base` (`xl/`), or from the root when it starts with `/`, with
/// `..` segments applied.
fn resolve(base: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let full = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("{base}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in full.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The folder of a part name, with its trailing `/` (`xl/workbook.xml` → `xl/`).
fn folder(name: &str) -> &str {
    name.rfind('/').map_or("", |i| &name[..=i])
}

/// The rels part of a part (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`).
fn rels_of(name: &str) -> String {
    let dir = folder(name);
    format!("{dir}_rels/{}.rels", &name[dir.len()..])
}

/// Finds the first visible worksheet through the package's relationships, falling back to the usual
/// names for workbooks whose relationships are missing.
fn locate<R: Read + Seek>(archive: &mut Archive<R>) -> Result<Located, XlsxError> {
    let root = relationships(archive, "_rels/.rels", "")?;
    let workbook = root
        .iter()
        .find(|(_, t, _)| t.ends_with("/officeDocument"))
        .map(|(_, _, target)| target.clone())
        .filter(|t| archive.find(t).is_some())
        .unwrap_or_else(|| "xl/workbook.xml".to_owned());
    let rels = relationships(archive, &rels_of(&workbook), folder(&workbook))?;
    let shared = rels
        .iter()
        .find(|(_, t, _)| t.ends_with("/sharedStrings"))
        .map(|(_, _, target)| target.clone())
        .or_else(|| Some("xl/sharedStrings.xml".to_owned()));
    // The sheets in tab order: (name, relationship id, hidden).
    let mut sheets: Vec<(String, String, bool)> = Vec::new();
    if let Some(entry) = archive.find(&workbook).cloned() {
        let src = BufReader::new(small_part(archive, &entry)?);
        each_event(src, &entry.name, |event| {
            if let Event::Start(e) | Event::Empty(e) = event {
                match e.local_name().as_ref() {
                    "sheet" => {
                        // `r:id`, whatever the prefix; not `sheetId`.
                        let id = e
                            .attributes()
                            .flatten()
                            .find(|a| {
                                a.key.local_name().as_ref() == "id" && a.key.prefix().is_some()
                            })
                            .map(|a| a.value.into_owned())
                            .unwrap_or_default();
                        let hidden = attr(e, "state").is_some_and(|s| s != "visible");
                        sheets.push((attr(e, "name").unwrap_or_default(), id, hidden));
                    }
                    "calcPr" | "definedNames" => return Ok(false),
                    _ => {}
                }
            }
            Ok(true)
        })?;
    }
    let worksheets: Vec<(&str, &str, bool)> = sheets
        .iter()
        .filter_map(|(name, id, hidden)| {
            rels.iter()
                .find(|(rid, t, _)| rid == id && t.ends_with("/worksheet"))
                .filter(|(_, _, target)| archive.find(target).is_some())
                .map(|(_, _, target)| (name.as_str(), target.as_str(), *hidden))
        })
        .collect();
    let chosen = worksheets
        .iter()
        .find(|(_, _, hidden)| !hidden)
        .or(worksheets.first());
    if let Some((name, target, _)) = chosen {
        return Ok(Located {
            sheet: (*target).to_owned(),
            name: (*name).to_owned(),
            shared,
        });
    }
    // No usable relationships: the first sheet part by the usual names.
    // `sheet1.xml` before `sheet10.xml`: the shortest name, then the first in order.
    let sheet = archive
        .names()
        .filter(|n| {
            let lower = n.to_ascii_lowercase();
            lower.starts_with("xl/worksheets/")
                && lower.ends_with(".xml")
                && !lower["xl/worksheets/".len()..].contains('/')
        })
        .min_by_key(|n| (n.len(), n.to_ascii_lowercase()))
        .map(str::to_owned)
        .ok_or_else(|| XlsxError::new(XlsxCode::NoWorksheet))?;
    Ok(Located {
        sheet,
        name: String::new(),
        shared,
    })
}

/// Reads the shared strings table.
fn read_shared<R: Read + Seek>(
    archive: &mut Archive<R>,
    entry: &Entry,
) -> Result<SharedStrings, XlsxError> {
    let mut table = SharedStrings::default();
    let src = BufReader::with_capacity(32 << 10, archive.open_entry(entry)?);
    let mut start = 0usize;
    let mut in_t = false;
    let mut phonetic = 0u32;
    let mut bad: Option<String> = None;
    each_event(src, &entry.name, |event| {
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" => start = table.text.len(),
                "t" if phonetic == 0 => in_t = true,
                "rPh" => phonetic += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "rPh" => phonetic = phonetic.saturating_sub(1),
                "si" => {
                    unescape_ooxml(&mut table.text, start);
                    let Ok(end) = u32::try_from(table.text.len()) else {
                        bad = Some("shared strings over 4 GiB".to_owned());
                        return Ok(false);
                    };
                    table.ends.push(end);
                }
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "si" => {
                table.ends.push(table.ends.last().copied().unwrap_or(0));
            }
            Event::Text(t) if in_t => table.text.push_str(&t.xml10_content()),
            Event::CData(t) if in_t => table.text.push_str(t),
            Event::GeneralRef(r) if in_t => {
                if let Err(d) = push_reference(&mut table.text, r) {
                    bad = Some(d);
                    return Ok(false);
                }
            }
            _ => {}
        }
        Ok(true)
    })?;
    if let Some(detail) = bad {
        return Err(XlsxError::new(XlsxCode::Xml)
            .param("part", entry.name.as_str())
            .param("detail", detail)
            .param("position", "0"));
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_paths() {
        assert_eq!(column_of("A1"), Some(0));
        assert_eq!(column_of("z9"), Some(25));
        assert_eq!(column_of("AA3"), Some(26));
        assert_eq!(column_of("XFD1"), Some(16_383));
        assert_eq!(column_of("ABCD1"), None);
        assert_eq!(column_of("12"), None);
        assert_eq!(
            resolve("xl/", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(resolve("xl/", "../x/s.xml"), "x/s.xml");
        assert_eq!(rels_of("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
        assert_eq!(rels_of("workbook.xml"), "_rels/workbook.xml.rels");
    }

    #[test]
    fn ooxml_escapes() {
        let mut s = "keep a_x000D_b _x005F_x0041_ _xZZ_".to_owned();
        unescape_ooxml(&mut s, 5);
        assert_eq!(s, "keep a\rb _x0041_ _xZZ_");
    }
}
