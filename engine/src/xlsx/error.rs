//! What stops a workbook from being read or written: a typed code with parameters, and a message in
//! Indonesian and English (as [`crate::table::TableError`] does for CSV files).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::Lang;

/// Why a workbook cannot be read (or written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum XlsxCode {
    /// The file cannot be read (`detail`).
    Io,
    /// The file is not a zip archive, so not an XLSX workbook.
    NotXlsx,
    /// The file is an old `.xls` workbook or a password-protected one (both are OLE compound files).
    OldOrEncrypted,
    /// The archive uses something this reader does not (`detail`: a compression method, encryption).
    Unsupported,
    /// The archive is damaged (`part`, `detail`: a bad header, compressed data, a CRC mismatch).
    Corrupt,
    /// The workbook has no worksheet.
    NoWorksheet,
    /// A part's XML cannot be read (`part`, `detail`, `position`: byte offset in the part).
    Xml,
    /// The first worksheet has no row with a value, so no header row.
    Empty,
    /// The table to write has more rows or columns than a sheet holds, or more than 4 GiB (`detail`).
    TooLarge,
}

impl XlsxCode {
    /// The code as written in JSON (`not_xlsx`).
    pub fn as_str(self) -> &'static str {
        match self {
            XlsxCode::Io => "io",
            XlsxCode::NotXlsx => "not_xlsx",
            XlsxCode::OldOrEncrypted => "old_or_encrypted",
            XlsxCode::Unsupported => "unsupported",
            XlsxCode::Corrupt => "corrupt",
            XlsxCode::NoWorksheet => "no_worksheet",
            XlsxCode::Xml => "xml",
            XlsxCode::Empty => "empty",
            XlsxCode::TooLarge => "too_large",
        }
    }

    /// Every code, for tests and message catalogues.
    pub const ALL: [XlsxCode; 9] = [
        XlsxCode::Io,
        XlsxCode::NotXlsx,
        XlsxCode::OldOrEncrypted,
        XlsxCode::Unsupported,
        XlsxCode::Corrupt,
        XlsxCode::NoWorksheet,
        XlsxCode::Xml,
        XlsxCode::Empty,
        XlsxCode::TooLarge,
    ];
}

impl fmt::Display for XlsxCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem that stops a workbook from being read or written, with its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct XlsxError {
    /// What is wrong.
    pub code: XlsxCode,
    /// The spreadsheet row, when it is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Named values the message uses (see each [`XlsxCode`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

impl XlsxError {
    /// An error with no parameter yet.
    pub fn new(code: XlsxCode) -> XlsxError {
        XlsxError {
            code,
            line: None,
            params: BTreeMap::new(),
        }
    }

    /// Adds a parameter.
    pub fn param(mut self, name: &str, value: impl Into<String>) -> XlsxError {
        self.params.insert(name.to_owned(), value.into());
        self
    }

    /// Sets the spreadsheet row.
    pub fn at_line(mut self, line: u64) -> XlsxError {
        self.line = Some(line);
        self
    }

    /// A damaged archive or part.
    pub(crate) fn corrupt(part: &str, detail: impl Into<String>) -> XlsxError {
        XlsxError::new(XlsxCode::Corrupt)
            .param("part", part)
            .param("detail", detail)
    }

    /// An I/O error while reading `part` (a damaged deflate stream or CRC comes back as `Corrupt`).
    pub(crate) fn io(part: &str, e: &std::io::Error) -> XlsxError {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::InvalidData | ErrorKind::InvalidInput | ErrorKind::UnexpectedEof => {
                XlsxError::corrupt(part, e.to_string())
            }
            _ => XlsxError::new(XlsxCode::Io).param("detail", e.to_string()),
        }
    }

    /// Malformed XML in `part`.
    pub(crate) fn xml(part: &str, position: u64, e: &quick_xml::Error) -> XlsxError {
        if let quick_xml::Error::Io(io) = e {
            return XlsxError::io(part, io);
        }
        XlsxError::new(XlsxCode::Xml)
            .param("part", part)
            .param("detail", e.to_string())
            .param("position", position.to_string())
    }

    fn p(&self, name: &str) -> &str {
        self.params.get(name).map_or("", String::as_str)
    }

    /// The message in `lang`, with the parameters (not the row: callers put the file and row first).
    ///
    /// ```
    /// use timbang_engine::xlsx::{XlsxCode, XlsxError};
    /// use timbang_engine::Lang;
    /// let e = XlsxError::new(XlsxCode::NotXlsx);
    /// assert!(e.message(Lang::En).contains("not an XLSX"));
    /// assert!(e.message(Lang::Id).contains("bukan buku kerja XLSX"));
    /// ```
    pub fn message(&self, lang: Lang) -> String {
        let p = |n| self.p(n);
        let id = lang == Lang::Id;
        match self.code {
            XlsxCode::Io => {
                if id {
                    format!("berkas tidak dapat dibaca: {}", p("detail"))
                } else {
                    format!("the file cannot be read: {}", p("detail"))
                }
            }
            XlsxCode::NotXlsx => {
                if id {
                    "berkas ini bukan buku kerja XLSX (bukan arsip zip); simpan sebagai .xlsx atau .csv"
                        .to_owned()
                } else {
                    "the file is not an XLSX workbook (not a zip archive); save it as .xlsx or .csv"
                        .to_owned()
                }
            }
            XlsxCode::OldOrEncrypted => {
                if id {
                    "berkas ini buku kerja .xls lama atau dilindungi kata sandi; buka dan simpan sebagai .xlsx tanpa kata sandi, atau sebagai .csv".to_owned()
                } else {
                    "the file is an old .xls workbook or a password-protected one; open it and save it as .xlsx without a password, or as .csv".to_owned()
                }
            }
            XlsxCode::Unsupported => {
                if id {
                    format!(
                        "buku kerja memakai fitur yang tidak didukung: {}",
                        p("detail")
                    )
                } else {
                    format!("the workbook uses something not supported: {}", p("detail"))
                }
            }
            XlsxCode::Corrupt => {
                if id {
                    format!("buku kerja rusak (bagian {}): {}", p("part"), p("detail"))
                } else {
                    format!(
                        "the workbook is damaged (part {}): {}",
                        p("part"),
                        p("detail")
                    )
                }
            }
            XlsxCode::NoWorksheet => {
                if id {
                    "buku kerja tidak berisi lembar kerja".to_owned()
                } else {
                    "the workbook has no worksheet".to_owned()
                }
            }
            XlsxCode::Xml => {
                if id {
                    format!(
                        "XML bagian {} tidak sah (posisi {}): {}",
                        p("part"),
                        p("position"),
                        p("detail")
                    )
                } else {
                    format!(
                        "the XML of part {} is not valid (position {}): {}",
                        p("part"),
                        p("position"),
                        p("detail")
                    )
                }
            }
            XlsxCode::Empty => {
                if id {
                    "lembar kerja pertama kosong: tidak ada baris judul kolom".to_owned()
                } else {
                    "the first worksheet is empty: there is no header row".to_owned()
                }
            }
            XlsxCode::TooLarge => {
                if id {
                    format!("tabel terlalu besar untuk satu berkas XLSX ({}); paling banyak 1.048.576 baris, 16.384 kolom, 4 GiB", p("detail"))
                } else {
                    format!("the table is too large for one XLSX file ({}); at most 1,048,576 rows, 16,384 columns, 4 GiB", p("detail"))
                }
            }
        }
    }
}

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for XlsxError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_both_languages_and_its_json_name() {
        for code in XlsxCode::ALL {
            let e = XlsxError::new(code);
            assert_ne!(e.message(Lang::Id), e.message(Lang::En), "{code:?}");
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
