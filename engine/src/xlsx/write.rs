//! Writing a table as an XLSX workbook of one worksheet.

use std::borrow::Cow;

use super::error::{XlsxCode, XlsxError};
use super::number::num_text;
use super::zip::write_zip;
use crate::num::Num;

/// The most rows of a sheet.
const MAX_ROWS: usize = 1_048_576;
/// The most columns of a sheet.
const MAX_COLUMNS: usize = 16_384;
/// The longest sheet name a spreadsheet accepts.
const MAX_SHEET_NAME: usize = 31;

/// One cell of a table to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    /// No value (not written).
    Empty,
    /// Text, written as an inline string (an empty text is an empty cell).
    Text(Cow<'a, str>),
    /// A number, written as a number: exact when it has a finite decimal expansion of at most 15
    /// significant digits, otherwise rounded to 15 (`1/3` → `0.333333333333333`).
    Number(Num),
    /// A boolean (`TRUE` / `FALSE`).
    Bool(bool),
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Cell<'_> {
    fn from(s: String) -> Self {
        Cell::Text(Cow::Owned(s))
    }
}

impl From<Num> for Cell<'_> {
    fn from(n: Num) -> Self {
        Cell::Number(n)
    }
}

impl From<i64> for Cell<'_> {
    fn from(n: i64) -> Self {
        Cell::Number(Num::from(n))
    }
}

impl From<bool> for Cell<'_> {
    fn from(b: bool) -> Self {
        Cell::Bool(b)
    }
}

const CONTENT_TYPES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    r#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    r#"</Types>"#
);

const ROOT_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    r#"</Relationships>"#
);

const WORKBOOK_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    r#"</Relationships>"#
);

/// Two cell formats: 0 plain, 1 bold (the header row).
const STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    r#"<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#,
    r#"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#,
    r#"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#,
    r#"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#,
    r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
    r#"<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#,
    r#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>"#,
    r#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#,
    r#"</styleSheet>"#
);

const SHEET_START: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
);

/// The header row stays in view when scrolling.
const FROZEN_HEADER: &str = concat!(
    r#"<sheetViews><sheetView workbookViewId="0">"#,
    r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#,
    r#"</sheetView></sheetViews>"#
);

/// Writes a table as an XLSX workbook of one worksheet named `sheet_name`: the header row (bold, kept
/// in view when scrolling) and the rows, texts as inline strings, numbers as numbers. The same input
/// gives the same bytes (parts in a fixed order, a fixed date). Excel and LibreOffice open it, and
/// [`super::XlsxReader`] reads the same cells back.
///
/// The sheet name loses the characters a tab name cannot have (`[]:*?/\`) and is cut to 31
/// characters (`Sheet1` when nothing is left). A table of more than 1,048,576 rows (with the header)
/// or 16,384 columns is [`XlsxCode::TooLarge`].
///
/// ```
/// use timbang_engine::xlsx::{write, Cell};
/// use timbang_engine::Num;
/// let rows = vec![vec![Cell::from("Bissappu"), Cell::from(Num::ratio(1, 3).unwrap())]];
/// let a = write("Hasil", &["Kecamatan", "Bagian"], rows.clone()).unwrap();
/// let b = write("Hasil", &["Kecamatan", "Bagian"], rows).unwrap();
/// assert_eq!(a, b);
/// assert!(a.starts_with(b"PK\x03\x04"));
/// ```
pub fn write<'a, H, I, R>(sheet_name: &str, headers: &[H], rows: I) -> Result<Vec<u8>, XlsxError>
where
    H: AsRef<str>,
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = Cell<'a>>,
{
    let mut sheet = String::with_capacity(4096);
    sheet.push_str(SHEET_START);
    if !headers.is_empty() {
        sheet.push_str(FROZEN_HEADER);
    }
    sheet.push_str("<sheetData>");
    let mut cells_of_row: Vec<Cell<'a>> = Vec::new();
    let mut line = 1usize;
    if !headers.is_empty() {
        let cells = headers.iter().map(|h| Cell::from(h.as_ref()));
        write_row(&mut sheet, line, cells, 1)?;
        line += 1;
    }
    for row in rows {
        if line > MAX_ROWS {
            return Err(XlsxError::new(XlsxCode::TooLarge).param("detail", format!("{line} rows")));
        }
        cells_of_row.clear();
        cells_of_row.extend(row);
        write_row(&mut sheet, line, cells_of_row.drain(..), 0)?;
        line += 1;
    }
    sheet.push_str("</sheetData></worksheet>");

    let mut workbook = String::with_capacity(512);
    workbook.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
        r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
        r#"<sheets><sheet name=""#
    ));
    escape_xml(&mut workbook, &sheet_title(sheet_name), true);
    workbook.push_str(r#"" sheetId="1" r:id="rId1"/></sheets></workbook>"#);

    write_zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/styles.xml", STYLES.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

/// Writes `<row>` number `line` with its non-empty cells in cell format `style`.
fn write_row<'a>(
    out: &mut String,
    line: usize,
    cells: impl Iterator<Item = Cell<'a>>,
    style: u8,
) -> Result<(), XlsxError> {
    use std::fmt::Write as _;
    let _ = write!(out, r#"<row r="{line}">"#);
    for (col, cell) in cells.enumerate() {
        if matches!(&cell, Cell::Empty) || matches!(&cell, Cell::Text(t) if t.is_empty()) {
            continue;
        }
        if col >= MAX_COLUMNS {
            return Err(
                XlsxError::new(XlsxCode::TooLarge).param("detail", format!("{} columns", col + 1))
            );
        }
        out.push_str(r#"<c r=""#);
        push_column(out, col);
        let _ = write!(out, r#"{line}""#);
        if style != 0 {
            let _ = write!(out, r#" s="{style}""#);
        }
        match cell {
            Cell::Empty => {}
            Cell::Text(t) => {
                out.push_str(r#" t="inlineStr"><is><t"#);
                if t.starts_with(char::is_whitespace) || t.ends_with(char::is_whitespace) {
                    out.push_str(r#" xml:space="preserve""#);
                }
                out.push('>');
                escape_xml(out, &t, false);
                out.push_str("</t></is></c>");
            }
            Cell::Number(n) => {
                out.push_str("><v>");
                out.push_str(&num_text(&n));
                out.push_str("</v></c>");
            }
            Cell::Bool(b) => {
                out.push_str(r#" t="b"><v>"#);
                out.push(if b { '1' } else { '0' });
                out.push_str("</v></c>");
            }
        }
    }
    out.push_str("</row>");
    Ok(())
}

/// The letters of 0-based column `col` (`0` → `A`, `26` → `AA`).
fn push_column(out: &mut String, col: usize) {
    let mut letters = [0u8; 3];
    let mut n = col + 1;
    let mut i = letters.len();
    while n > 0 && i > 0 {
        i -= 1;
        letters[i] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    for &b in &letters[i..] {
        out.push(char::from(b));
    }
}

/// Escapes text for XML: `&`, `<`, `>` (and `"` in an attribute); characters XML cannot hold, a
/// carriage return, and `_x` that would read as an OOXML escape become `_xHHHH_` escapes.
fn escape_xml(out: &mut String, text: &str, attribute: bool) {
    for (i, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' | '\n' if !attribute => out.push(c),
            '_' if !attribute && looks_escaped(&text[i..]) => out.push_str("_x005F_"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                if !attribute {
                    out.push_str(&format!("_x{:04X}_", c as u32));
                }
            }
            c => out.push(c),
        }
    }
}

/// Whether `s` starts with `_xHHHH_`.
fn looks_escaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// A sheet name a spreadsheet accepts.
fn sheet_title(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(MAX_SHEET_NAME)
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim();
    if cleaned.is_empty() {
        "Sheet1".to_owned()
    } else {
        cleaned.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        for (col, want) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (701, "ZZ"),
            (702, "AAA"),
            (16_383, "XFD"),
        ] {
            let mut s = String::new();
            push_column(&mut s, col);
            assert_eq!(s, want);
        }
    }

    #[test]
    fn escapes() {
        let mut s = String::new();
        escape_xml(&mut s, "a<b & \"c\"\r\n_x0041_ \u{1}", false);
        assert_eq!(s, "a&lt;b &amp; \"c\"_x000D_\n_x005F_x0041_ _x0001_");
        assert_eq!(
            sheet_title("Hasil: [2024]/Bissappu ... sangat panjang sekali"),
            "Hasil_ _2024__Bissappu ... sang"
        );
        assert_eq!(sheet_title("''"), "Sheet1");
    }
}
