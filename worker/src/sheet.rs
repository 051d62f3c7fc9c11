//! XLSX household files in the worker: rows read through the engine's `xlsx` reader from the streamed
//! file, and the result written back as a workbook with the same columns `timbang classify` adds.

use timbang_engine::batch::{format_num, Outcome, OutputWriter, ADDED_COLUMNS};
use timbang_engine::table::{Headers, Row};
use timbang_engine::xlsx::{write, Cell, XlsxError};

/// Cell text never holds this (it is a control character no registry export uses; any is replaced),
/// so the rows can wait in one compact buffer until the workbook is written.
const SEP: char = '\u{1f}';

/// The rows of the result workbook, kept compactly until [`SheetWriter::finish`].
pub struct SheetWriter {
    headers: Vec<String>,
    /// How many of the columns are the input's (the rest are added, per variant).
    inputs: usize,
    text: String,
    ends: Vec<usize>,
}

impl SheetWriter {
    /// A workbook with the input's headers and the columns `writer` adds to a CSV output.
    pub fn new(writer: &OutputWriter, headers: &Headers) -> SheetWriter {
        let mut names = headers.names().to_vec();
        let inputs = names.len();
        names.extend(writer.added_headers());
        SheetWriter {
            headers: names,
            inputs,
            text: String::new(),
            ends: Vec::new(),
        }
    }

    fn push(&mut self, cell: &str) {
        self.text
            .extend(cell.chars().map(|c| if c == SEP { ' ' } else { c }));
        self.text.push(SEP);
    }

    /// One row: its cells as written, then class id, score and reason per variant.
    pub fn row<R: Row + ?Sized>(&mut self, writer: &OutputWriter, row: &R, outcomes: &[Outcome]) {
        for i in 0..row.len() {
            let text = row.cell(i).map(String::from_utf8_lossy).unwrap_or_default();
            self.push(&text);
        }
        for (v, o) in outcomes.iter().enumerate() {
            let class = o
                .class()
                .and_then(|c| writer.class_id(v, c))
                .unwrap_or_default();
            self.push(class);
            self.push(&o.score().map(|s| format_num(s, false)).unwrap_or_default());
            self.push(&o.problem().map(|p| p.short()).unwrap_or_default());
        }
        self.ends.push(self.text.len());
    }

    /// The workbook's bytes: every cell as text, but the scores as numbers.
    pub fn finish(self) -> Result<Vec<u8>, XlsxError> {
        let inputs = self.inputs;
        let mut start = 0;
        let rows = self.ends.iter().map(|&end| {
            let line = self.text.get(start..end).unwrap_or_default();
            start = end;
            line.split_terminator(SEP)
                .enumerate()
                .map(move |(i, cell)| {
                    let is_score = i
                        .checked_sub(inputs)
                        .is_some_and(|a| a % ADDED_COLUMNS.len() == 1);
                    if is_score {
                        cell.parse().map_or(Cell::from(cell), Cell::Number)
                    } else {
                        Cell::from(cell)
                    }
                })
        });
        write("Timbang", &self.headers, rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use timbang_engine::batch::{Batch, BatchOptions};
    use timbang_engine::table::TextRow;
    use timbang_engine::xlsx::XlsxReader;

    const RULES: &str = timbang_engine::stats::EXAMPLE_RULES;

    /// The workbook has the input's cells as text (an ID keeps its digits), then class id, score as a
    /// number and reason per variant, as `timbang classify` writes them in CSV.
    #[test]
    fn a_result_workbook_reads_back_with_the_added_columns() {
        let engine = match timbang_engine::load(RULES) {
            Ok(l) => l.engine,
            Err(e) => panic!("{e:?}"),
        };
        let engines = [&engine];
        let headers = Headers::new(vec!["NIK".into(), "q".into()]);
        let mut batch = match Batch::new(&engines, &headers, BatchOptions::default()) {
            Ok(b) => b,
            Err(e) => panic!("{e:?}"),
        };
        let writer = OutputWriter::new(&engines, b',');
        let mut sheet = SheetWriter::new(&writer, &headers);
        for (line, cells) in [(2, ["0012345678901234", "ya"]), (3, ["7", "x\u{1f}"])] {
            let row = TextRow {
                line,
                cells: &cells,
            };
            let outcomes = batch.add_row(&row).outcomes.to_vec();
            sheet.row(&writer, &row, &outcomes);
        }
        let bytes = match sheet.finish() {
            Ok(b) => b,
            Err(e) => panic!("{e:?}"),
        };
        let mut reader = match XlsxReader::from_bytes(&bytes) {
            Ok(r) => r,
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(
            reader.headers().names(),
            [
                "NIK",
                "q",
                "mini-mpi_class",
                "mini-mpi_score",
                "mini-mpi_reason"
            ]
        );
        let mut rows = Vec::new();
        while let Ok(Some(row)) = reader.next_row() {
            rows.push(
                (0..row.len())
                    .map(|i| row.text(i).unwrap_or("").to_owned())
                    .collect::<Vec<_>>(),
            );
        }
        assert_eq!(rows[0], ["0012345678901234", "ya", "poor", "1", ""]);
        assert_eq!(rows[1][..3], ["7", "x", ""]);
        assert!(rows[1][4].starts_with("invalid_answer"), "{:?}", rows[1]);
    }
}
