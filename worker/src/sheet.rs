//! XLSX household files in the worker: rows read through the engine's `xlsx` reader from the streamed
//! file, and the result written back as a workbook with the same columns `timbang classify` adds.

use timbang_engine::batch::{format_num, Outcome, ADDED_COLUMNS};
use timbang_engine::table::{Headers, Row};
use timbang_engine::xlsx::{write, Cell, XlsxError};
use timbang_engine::Engine;

/// Cell text never holds this (it is a control character no registry export uses; any is replaced),
/// so the rows can wait in one compact buffer until the workbook is written.
const SEP: char = '\u{1f}';

/// The rows of the result workbook, kept compactly until [`SheetWriter::finish`].
pub struct SheetWriter {
    headers: Vec<String>,
    text: String,
    ends: Vec<usize>,
}

impl SheetWriter {
    /// A workbook with the input's headers and, per variant, `<id>_class`, `<id>_score`, `<id>_reason`.
    pub fn new(engines: &[&Engine], headers: &Headers) -> SheetWriter {
        let mut names = headers.names().to_vec();
        for e in engines {
            for suffix in ADDED_COLUMNS {
                names.push(format!("{}_{suffix}", e.rules().id));
            }
        }
        SheetWriter {
            headers: names,
            text: String::new(),
            ends: Vec::new(),
        }
    }

    fn push(&mut self, cell: &str) {
        self.text
            .extend(cell.chars().map(|c| if c == SEP { ' ' } else { c }));
        self.text.push(SEP);
    }

    /// One row: its cells as written, then class, score and reason per variant.
    pub fn row<R: Row + ?Sized>(&mut self, row: &R, outcomes: &[Outcome]) {
        for i in 0..row.len() {
            let text = row.cell(i).map(String::from_utf8_lossy).unwrap_or_default();
            self.push(&text);
        }
        for o in outcomes {
            let class = match o {
                Outcome::Classified { result, .. } => usize::from(result.class).to_string(),
                Outcome::Unassessable { .. } => String::new(),
            };
            self.push(&class);
            self.push(&o.score().map(|s| format_num(s, false)).unwrap_or_default());
            self.push(&o.problem().map(|p| p.short()).unwrap_or_default());
        }
        self.ends.push(self.text.len());
    }

    /// The workbook's bytes.
    pub fn finish(self, engines: &[&Engine]) -> Result<Vec<u8>, XlsxError> {
        let inputs = self.headers.len() - engines.len() * ADDED_COLUMNS.len();
        let mut start = 0;
        let rows = self.ends.iter().map(|&end| {
            let line = self.text.get(start..end).unwrap_or_default();
            start = end;
            line.split_terminator(SEP)
                .enumerate()
                .map(move |(i, cell)| {
                    let added = i.checked_sub(inputs);
                    match added.map(|a| (a / ADDED_COLUMNS.len(), a % ADDED_COLUMNS.len())) {
                        // The class index becomes its id; the score a number.
                        Some((v, 0)) => engines
                            .get(v)
                            .zip(cell.parse::<usize>().ok())
                            .and_then(|(e, c)| e.rules().classes.get(c))
                            .map_or(Cell::Empty, |c| Cell::from(c.id.as_str())),
                        Some((_, 1)) => cell.parse().map_or(Cell::from(cell), Cell::Number),
                        _ => Cell::from(cell),
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
        let mut sheet = SheetWriter::new(&engines, &headers);
        for (line, cells) in [(2, ["0012345678901234", "ya"]), (3, ["7", "x\u{1f}"])] {
            let row = TextRow {
                line,
                cells: &cells,
            };
            let outcomes = batch.add_row(&row).outcomes.to_vec();
            sheet.row(&row, &outcomes);
        }
        let bytes = match sheet.finish(&engines) {
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
