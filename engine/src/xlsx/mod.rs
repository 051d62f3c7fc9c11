//! XLSX household files (feature `xlsx`): the first worksheet of a workbook read as a header row and
//! rows of text cells, and a table written as a workbook of one worksheet.
//!
//! Reading gives the same thing as [`crate::table::CsvReader`]: [`XlsxReader::headers`] is a
//! [`crate::table::Headers`] and each [`XlsxRow`] is a [`crate::table::Row`] numbered as the spreadsheet
//! numbers its rows, so [`crate::table::Layout`] binds and classifies it with no XLSX-specific code.
//! Cells are text as the spreadsheet shows them: numbers as plain decimals without float noise
//! (`0.1`, `600000`, `12.5`), booleans `TRUE`/`FALSE`, dates as serial numbers.
//!
//! The input is a `Read + Seek` (a file, or a `Cursor` over bytes: [`XlsxReader::from_bytes`]); the
//! sheet is inflated and parsed as rows are asked for, so memory holds the shared strings and one row.
//! What stops a workbook from being read is an [`XlsxError`] with a code and a message in Indonesian
//! and English, never a panic.
//!
//! Writing ([`write()`]) gives deterministic bytes that Excel and LibreOffice open.
//!
//! The zip container is handled here (`zip.rs`), with `flate2` (miniz_oxide) for deflate and
//! `quick-xml` for the XML: the `zip` crate would bring `getrandom`/`wasm-bindgen` into a wasm32
//! build and about three times the code.
//!
//! ```
//! use timbang_engine::table::Row;
//! use timbang_engine::xlsx::{write, Cell, XlsxReader};
//! let bytes = write("Data", &["Luas Lantai (m2)"], [[Cell::from("0.1".parse::<timbang_engine::Num>().unwrap())]])?;
//! let mut reader = XlsxReader::from_bytes(&bytes)?;
//! while let Some(row) = reader.next_row()? {
//!     assert_eq!((row.line(), row.text(0)), (2, Some("0.1")));
//! }
//! # Ok::<(), timbang_engine::xlsx::XlsxError>(())
//! ```

mod error;
mod number;
mod read;
mod write;
mod zip;

pub use error::{XlsxCode, XlsxError};
pub use read::{XlsxReader, XlsxRow};
pub use write::{write, Cell};
