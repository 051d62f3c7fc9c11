//! The batch over CSV rows and over text rows of the same cells gives the same figures and bytes.

use super::*;
use crate::load;
use crate::stats::EXAMPLE_RULES;
use crate::table::{CsvReader, Row, TextRow};

const FILE: &str = "No;q;nama\n1;ya;\"Ali; Bu\"\n2;tidak;B\n3;mungkin;\"C \"\"x\"\"\"\n";

#[test]
fn csv_rows_and_text_rows_give_the_same_report_and_output() {
    let loaded = load(EXAMPLE_RULES).unwrap();
    let engines = [&loaded.engine, &loaded.engine];

    let mut reader = CsvReader::new(FILE.as_bytes()).unwrap();
    let headers = reader.headers().clone();
    let mut batch = Batch::new(&engines, &headers, BatchOptions::default()).unwrap();
    let mut writer = OutputWriter::new(&engines, reader.delimiter());
    let mut csv_out = Vec::new();
    writer.write_header_raw(reader.header_raw(), &mut csv_out);
    let mut cells: Vec<(u64, Vec<String>)> = Vec::new();
    while let Some(row) = reader.next_row().unwrap() {
        cells.push((
            row.line(),
            (0..row.len())
                .map(|i| row.text(i).unwrap().to_owned())
                .collect(),
        ));
        let result = batch.add_row(&row);
        assert_eq!(result.outcomes.len(), 2);
        writer.write_row(&row, result.outcomes, &mut csv_out);
    }
    let csv_report = batch.finish();

    let mut batch = Batch::new(&engines, &headers, BatchOptions::default()).unwrap();
    let mut writer = OutputWriter::new(&engines, b';');
    let mut text_out = Vec::new();
    writer.write_header(&headers, &mut text_out);
    let mut drill = Vec::new();
    for (line, cells) in &cells {
        let row = TextRow {
            line: *line,
            cells: cells.as_slice(),
        };
        let result = batch.add_row(&row);
        drill.push((
            result.line,
            result.outcomes[0].cluster(),
            result.outcomes[0].class(),
        ));
        writer.write_row(&row, result.outcomes, &mut text_out);
    }
    assert_eq!(batch.finish(), csv_report);
    assert_eq!(
        drill,
        [
            (2, Some(0), Some(0)),
            (3, Some(0), Some(1)),
            (4, Some(0), None)
        ]
    );
    assert_eq!(
        String::from_utf8(text_out).unwrap(),
        String::from_utf8(csv_out).unwrap()
    );
    assert_eq!(csv_report.rulesets.len(), 2);
    assert_eq!(csv_report.transitions.len(), 1);
    assert!(!csv_report.overflowed());
}

#[test]
fn output_quotes_reasons_and_writes_decimal_commas() {
    let mut out = Vec::new();
    push_field(&mut out, b',', b"a,\"b\"");
    assert_eq!(out, b"\"a,\"\"b\"\"\"");
    assert_eq!(format_num(crate::Num::ratio(3, 4).unwrap(), true), "0,75");
    assert_eq!(format_num(crate::Num::ratio(3, 4).unwrap(), false), "0.75");
}

#[test]
fn weight_and_group_columns_are_checked_at_once() {
    let loaded = load(EXAMPLE_RULES).unwrap();
    let reader = CsvReader::new("No;q\n".as_bytes()).unwrap();
    let options = BatchOptions {
        weight: Some("jiwa".into()),
        by: vec!["desa".into()],
        ..BatchOptions::default()
    };
    let errors = Batch::new(&[&loaded.engine], reader.headers(), options)
        .err()
        .unwrap();
    assert_eq!(errors.len(), 2);
}
