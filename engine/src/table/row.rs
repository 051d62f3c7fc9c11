//! A row of a household file, whatever the file format: its line number and its cells.

/// One row of a household file: its line number and its cells as text.
///
/// A row has as many cells as the file has headers; a source that drops trailing empty cells (some
/// spreadsheets) pads them with empty cells. A CSV row with another number of fields is malformed (an
/// unquoted separator inside a value, a truncated line) and reported as [`RowCode::FieldCount`].
pub trait Row {
    /// The line (CSV) or row (spreadsheet) number people see, 1-based, the header being line 1.
    fn line(&self) -> u64;
    /// The number of cells.
    fn len(&self) -> usize;
    /// The bytes of cell `index` (UTF-8 is checked when the cell is read).
    fn cell(&self, index: usize) -> Option<&[u8]>;
    /// The record exactly as written in the file, when the source has one (CSV): an output file that
    /// keeps every input column copies it instead of writing the cells again.
    fn record(&self) -> Option<&[u8]> {
        None
    }
    /// Cell `index` as its bytes followed by whatever the source holds after them, and the cell's
    /// length: `(bytes, len)` with `bytes[..len]` the cell. Look-ups of short cells read whole machine
    /// words from `bytes` instead of looping over the cell (see the row programs of
    /// [`crate::table::Layout`]); a source without such bytes gives the cell alone.
    fn cell_with_slack(&self, index: usize) -> Option<(&[u8], usize)> {
        self.cell(index).map(|c| (c, c.len()))
    }
    /// Whether the row has no cell.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Cell `index` as trimmed text; `None` when it does not exist or is not UTF-8.
    fn text(&self, index: usize) -> Option<&str> {
        self.cell(index)
            .and_then(|b| std::str::from_utf8(b).ok())
            .map(str::trim)
    }
}

/// A row held as text cells, for sources other than CSV and for tests.
///
/// ```
/// use timbang_engine::table::{Row, TextRow};
/// let cells = ["1", " ya "];
/// let row = TextRow { line: 2, cells: &cells };
/// assert_eq!(row.text(1), Some("ya"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct TextRow<'a, S: AsRef<str>> {
    /// Line number, as [`Row::line`].
    pub line: u64,
    /// The cells.
    pub cells: &'a [S],
}

impl<S: AsRef<str>> Row for TextRow<'_, S> {
    fn line(&self) -> u64 {
        self.line
    }
    fn len(&self) -> usize {
        self.cells.len()
    }
    fn cell(&self, index: usize) -> Option<&[u8]> {
        self.cells.get(index).map(|c| c.as_ref().as_bytes())
    }
}
