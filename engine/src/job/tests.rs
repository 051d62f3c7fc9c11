//! A file split into parts and merged gives exactly what one run over the whole file gives.

use std::io::Cursor;

use proptest::prelude::*;

use super::*;
use crate::table::{ColumnMap, CsvReader};
use crate::Engine;

fn engine() -> Engine {
    match crate::load(crate::stats::EXAMPLE_RULES) {
        Ok(l) => l.engine,
        Err(e) => panic!("{e:?}"),
    }
}

fn job() -> RunJob {
    RunJob {
        rulesets: Vec::new(),
        map: ColumnMap::default(),
        by: vec!["desa".into()],
        weight: Some("jiwa".into()),
        output: None,
        part: None,
    }
}

/// The whole file in one run.
fn whole(engines: &[&Engine], file: &[u8]) -> RunResult {
    let mut csv = CsvReader::new(file).unwrap_or_else(|e| panic!("{e:?}"));
    let mut runner =
        Runner::new(engines, csv.headers(), &job()).unwrap_or_else(|e| panic!("{e:?}"));
    while let Some(row) = csv.next_row().unwrap_or_else(|e| panic!("{e:?}")) {
        runner.add(&row);
    }
    runner.finish()
}

/// One part, opened as the web worker opens it: bounds found in the file, the header row read from
/// the file's start, the part's bytes alone as the reader's input.
fn part(engines: &[&Engine], file: &[u8], part: Part) -> PartResult {
    let size = file.len() as u64;
    let (start, end) = part
        .bounds(&mut Cursor::new(file), size)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let body = &file[start as usize..end as usize];
    let mut csv = if start == 0 {
        CsvReader::new(body).unwrap_or_else(|e| panic!("{e:?}"))
    } else {
        let head = CsvReader::new(file).unwrap_or_else(|e| panic!("{e:?}"));
        CsvReader::continuing(&head, body, 1 << 16)
    };
    let mut runner =
        Runner::new(engines, csv.headers(), &job()).unwrap_or_else(|e| panic!("{e:?}"));
    while let Some(row) = csv.next_row().unwrap_or_else(|e| panic!("{e:?}")) {
        runner.add(&row);
    }
    let (breaks, torn) = (csv.line_breaks(), csv.torn());
    runner.finish_part(part, breaks, torn)
}

/// Rows of the example rule set's one question, a group and a weight, with the awkward cases:
/// problems, quotes, a line break inside a quoted field, blank lines, `\r\n`.
fn file_of(rows: &[(usize, usize, usize)], crlf: bool) -> Vec<u8> {
    let answers = ["ya", "tidak", "x", "", "\"ya\"", "\"ti\ndak\""];
    let groups = ["A", "B", "\"C;D\"", ""];
    let weights = ["1", "4", "2,5", "-1"];
    let end = if crlf { "\r\n" } else { "\n" };
    let mut text = format!("\u{feff}q;desa;jiwa{end}");
    for &(a, g, w) in rows {
        if a == answers.len() {
            text.push_str(end);
            continue;
        }
        let (a, g, w) = (
            answers[a],
            groups[g % groups.len()],
            weights[w % weights.len()],
        );
        text.push_str(&format!("{a};{g};{w}{end}"));
    }
    text.into_bytes()
}

fn merged(engines: &[&Engine], file: &[u8], count: usize) -> Result<RunResult, MergeError> {
    // Through the bytes that travel between workers.
    let parts = (0..count)
        .map(|index| part(engines, file, Part { index, count }).to_bytes())
        .map(|bytes| PartResult::from_bytes(&bytes).unwrap_or_else(|| panic!("unreadable")))
        .collect();
    merge(parts)
}

#[test]
fn a_split_file_merges_to_the_whole_run() {
    let (a, b) = (engine(), engine());
    let engines = [&a, &b];
    let rows: Vec<(usize, usize, usize)> = (0..400).map(|i| (i * 7 % 6, i % 5, i % 3)).collect();
    for crlf in [false, true] {
        let file = file_of(&rows, crlf);
        let expected = whole(&engines, &file);
        assert!(expected.report.rulesets[0].total.unassessable.households > 0);
        for count in [1, 2, 3, 7] {
            match merged(&engines, &file, count) {
                Ok(got) => assert_eq!(got, expected, "{count} parts, crlf {crlf}"),
                // Only a cut inside the quoted line break may stop a merge.
                Err(MergeError::Torn) => {}
                Err(e) => panic!("{count} parts: {e}"),
            }
        }
    }
    // Without quoted line breaks every split merges.
    let plain: Vec<_> = rows.iter().map(|&(a, g, w)| (a % 5, g, w)).collect();
    let file = file_of(&plain, false);
    let expected = whole(&engines, &file);
    for count in 2..9 {
        assert_eq!(merged(&engines, &file, count), Ok(expected.clone()));
    }
}

#[test]
fn a_cut_inside_a_quoted_line_break_is_torn() {
    let (a, b) = (engine(), engine());
    let engines = [&a, &b];
    // The middle of the file falls inside the quoted field.
    let file = b"q;desa;jiwa\nya;A;1\n\"ti\n\n\n\n\n\n\n\n\n\n\ndak\";B;1\nya;C;1\n";
    let first = part(&engines, file, Part { index: 0, count: 2 });
    assert!(first.torn);
    assert_eq!(merged(&engines, file, 2).err(), Some(MergeError::Torn));
    assert_eq!(merge(Vec::new()).err(), Some(MergeError::Incomplete));
    let only_second = vec![part(&engines, file, Part { index: 1, count: 2 })];
    assert_eq!(merge(only_second).err(), Some(MergeError::Incomplete));
    let plain = b"q;desa;jiwa\nya;A;1\ntidak;B;1\nya;C;1\n";
    let reversed = (0..2)
        .rev()
        .map(|index| part(&engines, plain, Part { index, count: 2 }))
        .collect();
    assert_eq!(merge(reversed).err(), Some(MergeError::Incomplete));
}

#[test]
fn a_part_is_two_numbers_in_a_request() {
    let job = RunJob {
        part: Some(Part { index: 1, count: 2 }),
        ..job()
    };
    let text = serde_json::to_string(&Request::Run(job.clone())).unwrap_or_default();
    assert!(text.contains(r#""part":[1,2]"#), "{text}");
    assert_eq!(
        serde_json::from_str::<Request>(&text).ok(),
        Some(Request::Run(job))
    );
    // Without a part, the field is left out, and a request without it reads as the whole file.
    let whole = serde_json::to_string(&Request::Run(super::tests::job())).unwrap_or_default();
    assert!(!whole.contains("part"), "{whole}");
}

#[test]
fn line_starts_are_found_at_any_offset() {
    let file = b"ab\ncd\n\nef";
    let size = file.len() as u64;
    let starts: Vec<u64> = (0..=size + 1)
        .map(|at| line_start_at(&mut Cursor::new(file), at, size).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    assert_eq!(starts, vec![0, 3, 3, 3, 6, 6, 6, 7, 9, 9, 9]);
}

proptest! {
    /// Any rows, any number of parts: the merge is the whole run, or refused because a cut fell inside
    /// a quoted field.
    #[test]
    fn any_split_merges_to_the_whole_run(
        rows in proptest::collection::vec((0usize..7, 0usize..4, 0usize..4), 0..60),
        count in 1usize..6,
        crlf in any::<bool>(),
    ) {
        let (a, b) = (engine(), engine());
        let engines = [&a, &b];
        let file = file_of(&rows, crlf);
        let expected = whole(&engines, &file);
        match merged(&engines, &file, count) {
            Ok(got) => prop_assert_eq!(got, expected),
            Err(e) => prop_assert_eq!(e, MergeError::Torn),
        }
    }
}

/// What the page reads is what the worker packed: every kind of reply, a run's whole figures (groups,
/// Alkire–Foster figures, problems, transitions, with its drill-down lists or without), and the lists
/// apart; and nothing from another build.
#[test]
fn every_reply_comes_back_from_its_packed_form() {
    let (a, b) = (engine(), engine());
    let rows: Vec<(usize, usize, usize)> = (0..60).map(|i| (i * 7 % 6, i % 5, i % 3)).collect();
    let mut result = whole(&[&a, &b], &file_of(&rows, false));
    let report = &result.report.rulesets[0];
    assert!(report.total.af.is_some() && !report.by_group.is_empty());
    assert!(!report.unassessable.problems.is_empty() && !result.drill.is_empty());
    let with_lists = Reply::Done(Box::new(result.clone()));
    assert_eq!(Reply::from_bytes(&with_lists.to_bytes()), Ok(with_lists));
    let drill = std::mem::take(&mut result.drill);
    let bytes = drill_to_bytes(&drill);
    assert_eq!(drill_from_bytes(&bytes), Ok(drill));
    assert_eq!(
        drill_from_bytes(&bytes[..bytes.len() - 1]),
        Err(PackedError::Damaged)
    );
    let mut failed =
        TableError::new(crate::table::TableCode::MissingColumn).param("column", "jiwa");
    failed.line = Some(3);
    let replies = [
        Reply::Headers {
            file: FileKind::Xlsx,
            headers: vec!["NIK".into(), "Desa".into()],
        },
        Reply::Progress {
            bytes: 1 << 40,
            total: u64::MAX,
            rows: 0,
        },
        Reply::Done(Box::new(result)),
        Reply::Part {
            part: Part { index: 2, count: 3 },
            torn: true,
        },
        Reply::Failed {
            errors: vec![failed],
        },
        Reply::Unreadable {
            id: "rusak".into(),
            en: "damaged".into(),
        },
        Reply::Broken {
            detail: "Blob: ×".into(),
        },
    ];
    for reply in replies {
        let bytes = reply.to_bytes();
        // Cut short anywhere (a run's figures at every 61st byte and the last), or with a byte too
        // many, it does not read.
        let step = if bytes.len() > 512 { 61 } else { 1 };
        for cut in (0..bytes.len()).step_by(step).chain([bytes.len() - 1]) {
            assert!(
                Reply::from_bytes(&bytes[..cut]).is_err(),
                "{reply:?} cut at {cut}"
            );
        }
        assert_eq!(
            Reply::from_bytes(&[&bytes[..], &[0]].concat()),
            Err(PackedError::Damaged)
        );
        // Packed by another build: its fingerprint differs, and nothing after it is read.
        let mut other = bytes.clone();
        other[0] ^= 1;
        assert_eq!(Reply::from_bytes(&other), Err(PackedError::OtherBuild));
        assert_eq!(Reply::from_bytes(&bytes), Ok(reply));
    }
}

/// A workbook's rows copied into the form of a CSV file's ([`crate::table::RowBuffer`], as the web
/// worker reads workbooks) give what its own rows give: the figures, the drill-down lists and the
/// written file, with empty cells, numbers, cells with spaces around them and problems among them.
#[cfg(feature = "xlsx")]
#[test]
fn a_workbook_through_the_row_buffer_gives_what_its_own_rows_give() {
    use crate::batch::OutputWriter;
    use crate::table::RowBuffer;
    use crate::xlsx::{write, Cell, XlsxReader};
    let (a, b) = (engine(), engine());
    let engines = [&a, &b];
    let answers = ["ya", "tidak", "x", ""];
    let desa = ["A", " B ", "C;D", ""];
    let rows: Vec<Vec<Cell>> = (0..300)
        .map(|i| {
            let jiwa = if i % 7 == 0 {
                Cell::Empty
            } else {
                Cell::from(crate::Num::int(i % 5))
            };
            vec![
                Cell::from(answers[i as usize % 4]),
                Cell::from(desa[i as usize % 3]),
                jiwa,
            ]
        })
        .collect();
    let bytes = write("Data", &["q", "desa", "jiwa"], rows).unwrap_or_else(|e| panic!("{e:?}"));
    let run = |copied: bool| {
        let mut sheet = XlsxReader::from_bytes(&bytes).unwrap_or_else(|e| panic!("{e:?}"));
        let mut runner =
            Runner::new(&engines, sheet.headers(), &job()).unwrap_or_else(|e| panic!("{e:?}"));
        let mut writer = OutputWriter::new(&engines, b';');
        let (mut buffer, mut out) = (RowBuffer::default(), Vec::new());
        while let Some(row) = sheet.next_row().unwrap_or_else(|e| panic!("{e:?}")) {
            if copied {
                let row = buffer.copy(&row);
                let outcomes = runner.add(&row).to_vec();
                writer.write_row(&row, &outcomes, &mut out);
            } else {
                let outcomes = runner.add(&row).to_vec();
                writer.write_row(&row, &outcomes, &mut out);
            }
        }
        (runner.finish(), out)
    };
    let (own, copied) = (run(false), run(true));
    assert!(own.0.report.rulesets[0].total.unassessable.households > 0);
    assert!(!own.0.drill.is_empty() && own.1.len() > 1000);
    assert_eq!(copied, own);
}
