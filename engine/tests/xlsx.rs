//! XLSX household files: a workbook written by a spreadsheet program, hand-made workbooks with the
//! odd corners of the format, the round trip through `write`, and damaged input (never a panic).
#![cfg(feature = "xlsx")]

use std::io::Cursor;

use timbang_engine::answers::Input;
use timbang_engine::table::{ClusterChoice, ColumnMap, Layout, Row};
use timbang_engine::xlsx::{write, Cell, XlsxCode, XlsxError, XlsxReader};
use timbang_engine::{Engine, Lang, Num};

/// Rows as (row number, cells).
type Rows = Vec<(u64, Vec<String>)>;

/// Reads the whole first sheet: headers, then the rows.
fn read_all(bytes: &[u8]) -> Result<(Vec<String>, Rows), XlsxError> {
    let mut reader = XlsxReader::from_bytes(bytes)?;
    let headers = reader.headers().names().to_vec();
    let mut rows = Vec::new();
    while let Some(row) = reader.next_row()? {
        rows.push((row.line(), row.cells().map(str::to_owned).collect()));
    }
    Ok((headers, rows))
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| (*s).to_owned()).collect()
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const FIXTURE_HEADERS: [&str; 9] = [
    "No",
    "Kecamatan",
    "Luas Lantai (m2)",
    "Jenis Lantai",
    "Listrik",
    "Penghasilan (Rp)",
    "Tanggal Survei",
    "Catatan",
    "Rasio",
];

/// The rows of `make_xlsx_fixture.py`, as a spreadsheet shows them (dates as serial numbers).
fn fixture_rows() -> Rows {
    vec![
        (
            2,
            strings(&[
                "1", "Bissappu", "0.1", "Keramik", "TRUE", "600000", "45356", "", "0.3",
            ]),
        ),
        (
            3,
            strings(&[
                "2",
                "Uluere",
                "12.5",
                "Tanah",
                "FALSE",
                "1250000.5",
                "45357",
                "A & B <rumah panggung>",
                "0.333333333333333",
            ]),
        ),
        (
            5,
            strings(&[
                "3",
                "Bissappu",
                "36",
                "",
                "TRUE",
                "Rp 600.000",
                "",
                "Atap bocor",
                "-0.000025",
            ]),
        ),
        (
            7,
            strings(&[
                "4",
                "Uluere",
                "7",
                "Semen",
                "FALSE",
                "0",
                "",
                "baris satu\nbaris dua",
                "3",
            ]),
        ),
    ]
}

/// Written by openpyxl (inline strings, a hidden first sheet, a date style, rich text).
#[test]
fn reads_a_workbook_written_by_openpyxl() {
    let bytes = fixture("households.xlsx");
    let mut reader = XlsxReader::from_bytes(&bytes).unwrap();
    assert_eq!(
        reader.sheet_name(),
        "Data Keluarga",
        "the first visible sheet"
    );
    assert_eq!(reader.header_line(), 1);
    assert_eq!(reader.headers().names(), FIXTURE_HEADERS);
    let row = reader.next_row().unwrap().unwrap();
    assert_eq!(row.len(), 9);
    assert_eq!(row.text(2), Some("0.1"));
    let (_, rows) = read_all(&bytes).unwrap();
    assert_eq!(rows, fixture_rows());
}

/// The same workbook saved by LibreOffice Calc (shared strings, its own number text and styles).
#[test]
fn reads_a_workbook_saved_by_libreoffice() {
    let bytes = fixture("households-libreoffice.xlsx");
    let mut reader = XlsxReader::from_bytes(&bytes).unwrap();
    assert_eq!(reader.sheet_name(), "Data Keluarga");
    assert_eq!(reader.headers().names(), FIXTURE_HEADERS);
    let mut rows = Vec::new();
    while let Some(row) = reader.next_row().unwrap() {
        rows.push((
            row.line(),
            row.cells().map(str::to_owned).collect::<Vec<_>>(),
        ));
    }
    assert_eq!(rows, fixture_rows());
}

/// A rule set of one cluster whose questions the fixture answers under other headers.
const RULES: &str = r##"{"format":"timbang.ruleset/1","id":"uji","name":{"id":"Uji","en":"Test"},
"version":"1","date":"2024-01-01","status":"draft","description":{"id":"-","en":"-"},"method":"count",
"clusters":[{"id":"semua","label":{"id":"Semua","en":"All"},
   "indicators":[{"indicator":"sempit"},{"indicator":"lantai_tanah"},{"indicator":"tanpa_listrik"}]}],
"questions":[
  {"id":"luas","label":{"id":"Luas lantai","en":"Floor area"},"type":"number","min":0},
  {"id":"lantai","label":{"id":"Jenis lantai","en":"Floor"},"type":"choice","required":false,"options":[
    {"id":"tanah","label":{"id":"Tanah","en":"Earth"}},{"id":"keramik","label":{"id":"Keramik","en":"Tiles"}},
    {"id":"semen","label":{"id":"Semen","en":"Cement"}}]},
  {"id":"listrik","label":{"id":"Listrik","en":"Electricity"},"type":"yes_no"}],
"indicators":[
  {"id":"sempit","label":{"id":"Sempit","en":"Cramped"},"on":"luas","condition":{"op":"<","value":8}},
  {"id":"lantai_tanah","label":{"id":"Lantai tanah","en":"Earth floor"},"on":"lantai","condition":{"op":"one_of","values":["tanah"]}},
  {"id":"tanpa_listrik","label":{"id":"Tanpa listrik","en":"No electricity"},"on":"listrik","condition":{"op":"=","value":false}}],
"classes":[
  {"id":"miskin","label":{"id":"Miskin","en":"Poor"},"colour":"#aa0000","from":{"value":2,"inclusive":true}},
  {"id":"tidak_miskin","label":{"id":"Tidak miskin","en":"Not poor"},"colour":"#00aa00","to":{"value":2,"inclusive":false}}]}"##;

/// The rows bind and type through the same `Layout` as CSV rows: a decimal, a boolean, an empty cell.
#[test]
fn rows_are_typed_by_the_table_layout() {
    let engine = Engine::new(serde_json::from_str(RULES).unwrap()).unwrap();
    let map = ColumnMap::parse(r#"{"columns": {"luas": "Luas Lantai (m2)"}}"#).unwrap();
    let bytes = fixture("households.xlsx");
    let mut reader = XlsxReader::from_bytes(&bytes).unwrap();
    let layout = Layout::new(&engine, reader.headers(), Some(&map), &ClusterChoice::Auto).unwrap();
    let mut answers = vec![None; 3];
    let mut got = Vec::new();
    while let Some(row) = reader.next_row().unwrap() {
        answers.iter_mut().for_each(|a| *a = None);
        layout.read_row(&row, &mut answers).unwrap();
        got.push((row.line(), answers.clone()));
    }
    let num = |s: &str| Some(Input::Num(Num::parse(s).unwrap()));
    assert_eq!(
        got,
        vec![
            (
                2,
                vec![num("0.1"), Some(Input::Choice(1)), Some(Input::Bool(true))]
            ),
            (
                3,
                vec![
                    num("12.5"),
                    Some(Input::Choice(0)),
                    Some(Input::Bool(false))
                ]
            ),
            (5, vec![num("36"), None, Some(Input::Bool(true))]),
            (
                7,
                vec![num("7"), Some(Input::Choice(2)), Some(Input::Bool(false))]
            ),
        ]
    );
}

#[test]
fn round_trip_gives_the_same_cells() {
    let headers = [
        "No",
        "Nama",
        "Luas Lantai (m2)",
        "Listrik",
        " spasi ",
        "Catatan",
    ];
    let n = |s: &str| Cell::Number(Num::parse(s).unwrap());
    let rows = vec![
        vec![
            Cell::from(1),
            Cell::from("Ibu Sitti & <anak>"),
            n("0.1"),
            Cell::Bool(true),
            Cell::from("  awal dan akhir  "),
            Cell::from("baris\r\nbaru\ttab _x000D_ \u{1}"),
        ],
        vec![
            Cell::from(2),
            Cell::Empty,
            n("600000"),
            Cell::Bool(false),
            Cell::from(""),
            Cell::from("\"kutip\" 'tunggal' é ñ 中文 🙂"),
        ],
        vec![Cell::from(3), Cell::from("Daeng"), n("12.5")],
        vec![
            Cell::from(-4),
            Cell::from("x"),
            Cell::Number(Num::ratio(2, 3).unwrap()),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ],
    ];
    let bytes = write("Hasil", &headers, rows.clone()).unwrap();
    let (h, got) = read_all(&bytes).unwrap();
    assert_eq!(
        h,
        strings(&[
            "No",
            "Nama",
            "Luas Lantai (m2)",
            "Listrik",
            "spasi",
            "Catatan"
        ])
    );
    let want = vec![
        (
            2,
            strings(&[
                "1",
                "Ibu Sitti & <anak>",
                "0.1",
                "TRUE",
                "  awal dan akhir  ",
                "baris\r\nbaru\ttab _x000D_ \u{1}",
            ]),
        ),
        (
            3,
            strings(&[
                "2",
                "",
                "600000",
                "FALSE",
                "",
                "\"kutip\" 'tunggal' é ñ 中文 🙂",
            ]),
        ),
        (4, strings(&["3", "Daeng", "12.5", "", "", ""])),
        (5, strings(&["-4", "x", "0.666666666666667", "", "", ""])),
    ];
    assert_eq!(got, want);
    // Same input, same bytes.
    assert_eq!(write("Hasil", &headers, rows).unwrap(), bytes);
    let mut reader = XlsxReader::from_bytes(&bytes).unwrap();
    assert_eq!(reader.sheet_name(), "Hasil");
    assert!(reader.next_row().is_ok());
}

#[test]
fn a_large_table_streams() {
    let rows = (0..5_000i64).map(|i| {
        vec![
            Cell::from(i),
            Cell::from(format!("kk-{i}")),
            Cell::Number(Num::ratio(i128::from(i), 8).unwrap()),
        ]
    });
    let bytes = write("Data", &["No", "Nama", "Bagian"], rows).unwrap();
    let mut reader = XlsxReader::new(Cursor::new(bytes)).unwrap();
    let mut count = 0i64;
    while let Some(row) = reader.next_row().unwrap() {
        assert_eq!(row.line(), count as u64 + 2);
        assert_eq!(row.text(1), Some(format!("kk-{count}").as_str()));
        let want = Num::ratio(i128::from(count), 8).unwrap().to_string();
        assert_eq!(row.text(2), Some(want.as_str()));
        count += 1;
    }
    assert_eq!(count, 5_000);
}

// --- Hand-made workbooks ------------------------------------------------------------------------

fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// A zip of stored (uncompressed) entries, independent of the crate's writer.
fn stored_zip(files: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let data = data.as_bytes();
        let offset = out.len() as u32;
        let mut header = Vec::new();
        for v in [20u16, 0, 0, 0, 0x21] {
            header.extend_from_slice(&v.to_le_bytes());
        }
        header.extend_from_slice(&crc32(data).to_le_bytes());
        header.extend_from_slice(&(data.len() as u32).to_le_bytes());
        header.extend_from_slice(&(data.len() as u32).to_le_bytes());
        header.extend_from_slice(&(name.len() as u16).to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&header);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02\x14\x00");
        central.extend_from_slice(&header);
        central.extend_from_slice(&[0u8; 10]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
  <x:sheets><x:sheet name="Data &amp; Catatan" sheetId="7" rel:id="rIdS"/></x:sheets></x:workbook>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/SharedStrings.xml"/>
<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/>
</Relationships>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"#;

/// Shared strings as Excel writes them: plain, rich-text runs, phonetic runs, `_x000D_`, an entity.
const SHARED: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
<si><t>Luas Lantai (m2)</t></si>
<si><t>Listrik</t></si>
<si><r><rPr><b/></rPr><t>Kepala </t></r><r><t xml:space="preserve">Keluarga</t></r></si>
<si><t>Keramik</t><rPh sb="0" eb="1"><t>けらみっく</t></rPh><phoneticPr fontId="1"/></si>
<si><t>baris_x000D_
dua &amp; &#x41;</t></si>
<si/>
</sst>"#;

/// A sheet with what real files hold: float noise, exponents, missing and out-of-order references,
/// cells without `r`, booleans, an error, a formula with its cached value, blank rows.
const SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="A1:E9"/>
<sheetData>
<row r="2" spans="1:5"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c><c r="D2" t="inlineStr"><is><t>Lantai</t></is></c><c r="E2" t="s"><v>5</v></c></row>
<row r="3"><c r="A3"><v>0.30000000000000004</v></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="s"><v>3</v></c><c r="D3" t="s"><v>4</v></c></row>
<row r="4"><c r="A4" s="3"/><c r="B4" t="str"><f>""</f><v></v></c></row>
<row r="5"><c r="C5" t="e"><v>#DIV/0!</v></c><c r="A5"><v>1.0000000000000001E-5</v></c><c r="B5" t="b"><v>0</v></c></row>
<row><c><v>600000</v></c><c t="inlineStr"><is><t>ya</t></is></c><c><f>A6*2</f><v>1200000</v></c></row>
<row r="9"><c r="A9"><v>44927.5</v></c><c r="F9" t="inlineStr"><is><t>di luar judul</t></is></c></row>
</sheetData>
</worksheet>"#;

fn workbook_with(sheet: &str, shared: &str) -> Vec<u8> {
    stored_zip(&[
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/SharedStrings.xml", shared),
        ("xl/worksheets/data.xml", sheet),
    ])
}

#[test]
fn reads_the_odd_corners_of_the_format() {
    let bytes = workbook_with(SHEET, SHARED);
    let mut reader = XlsxReader::from_bytes(&bytes).unwrap();
    assert_eq!(reader.sheet_name(), "Data & Catatan");
    assert_eq!(reader.header_line(), 2);
    assert_eq!(
        reader.headers().names(),
        ["Luas Lantai (m2)", "Listrik", "Kepala Keluarga", "Lantai"]
    );
    let mut rows = Vec::new();
    while let Some(row) = reader.next_row().unwrap() {
        rows.push((
            row.line(),
            row.cells().map(str::to_owned).collect::<Vec<_>>(),
        ));
    }
    assert_eq!(
        rows,
        vec![
            (3, strings(&["0.3", "TRUE", "Keramik", "baris\r\ndua & A"])),
            (5, strings(&["0.00001", "FALSE", "#DIV/0!", ""])),
            (6, strings(&["600000", "ya", "1200000", ""])),
            (9, strings(&["44927.5", "", "", ""])),
        ]
    );
}

#[test]
fn falls_back_to_the_usual_part_names() {
    // No relationships at all, as some exporters leave them.
    let bytes = stored_zip(&[
        ("xl/sharedStrings.xml", SHARED),
        ("xl/worksheets/sheet1.xml", SHEET),
    ]);
    let (headers, rows) = read_all(&bytes).unwrap();
    assert_eq!(headers[0], "Luas Lantai (m2)");
    assert_eq!(rows.len(), 4);
}

fn error_of(bytes: &[u8]) -> XlsxError {
    match read_all(bytes) {
        Ok(_) => panic!("read without an error"),
        Err(e) => e,
    }
}

#[test]
fn errors_are_typed_values() {
    // Random bytes, an empty file, an old .xls.
    let noise: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_eq!(error_of(&noise).code, XlsxCode::NotXlsx);
    assert_eq!(error_of(b"").code, XlsxCode::NotXlsx);
    assert_eq!(error_of(b"No;Luas\n1;2\n").code, XlsxCode::NotXlsx);
    let mut xls = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    xls.extend_from_slice(&[0u8; 600]);
    assert_eq!(error_of(&xls).code, XlsxCode::OldOrEncrypted);
    // A zip without a worksheet.
    let e = error_of(&stored_zip(&[("word/document.xml", "<w:document/>")]));
    assert_eq!(e.code, XlsxCode::NoWorksheet);
    // A sheet without any value.
    let e = error_of(&workbook_with(
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"/></row></sheetData></worksheet>",
        SHARED,
    ));
    assert_eq!(e.code, XlsxCode::Empty);
    // Corrupt XML: an unclosed tag, a mismatched end tag, an unknown entity.
    for sheet in [
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></wrong></sheetData></worksheet>",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row></sheetData></worksheet>",
    ] {
        let e = error_of(&workbook_with(sheet, SHARED));
        assert_eq!(e.code, XlsxCode::Xml, "{sheet}: {e}");
        assert_eq!(e.params["part"], "xl/worksheets/data.xml");
    }
    // A shared string that is not there, and a broken cell reference.
    for cell in [
        r#"<c r="A1" t="s"><v>99</v></c>"#,
        r#"<c r="1A"><v>1</v></c>"#,
    ] {
        let sheet =
            format!("<worksheet><sheetData><row r=\"1\">{cell}</row></sheetData></worksheet>");
        let e = error_of(&workbook_with(&sheet, SHARED));
        assert_eq!((e.code, e.line), (XlsxCode::Xml, Some(1)), "{cell}");
    }
    // Broken shared strings.
    let e = error_of(&workbook_with(
        SHEET,
        "<sst><si><t>a</t></si><si><t>b</sst>",
    ));
    assert_eq!(e.code, XlsxCode::Xml);
    assert_eq!(e.params["part"], "xl/SharedStrings.xml");
    // Every message exists in both languages.
    for code in XlsxCode::ALL {
        let e = XlsxError::new(code);
        assert!(!e.message(Lang::Id).is_empty() && !e.message(Lang::En).is_empty());
    }
}

#[test]
fn damaged_and_truncated_workbooks_never_panic() {
    let good = write(
        "Data",
        &["No", "Nama", "Luas"],
        (0..200i64).map(|i| {
            vec![
                Cell::from(i),
                Cell::from(format!("n{i}")),
                Cell::from(i * 3),
            ]
        }),
    )
    .unwrap();
    assert!(read_all(&good).is_ok());
    // Every prefix up to the first kilobyte and a sample of the rest.
    for len in (0..good.len()).filter(|l| (*l < 1024 && l % 13 == 0) || l % 211 == 0) {
        assert!(read_all(&good[..len]).is_err(), "prefix {len}");
    }
    // Flipped bytes: an error or (in a part nobody reads, or where deflate stays valid) a result.
    for at in (0..good.len()).step_by(29) {
        let mut bad = good.clone();
        bad[at] ^= 0xA5;
        let _ = read_all(&bad);
    }
    // A flipped byte inside the sheet's compressed data is caught by the CRC or the inflater.
    let sheet_at = good
        .windows(24)
        .position(|w| w == b"xl/worksheets/sheet1.xml")
        .unwrap();
    let mut bad = good.clone();
    bad[sheet_at + 24 + 40] ^= 0x10;
    let e = error_of(&bad);
    assert!(matches!(e.code, XlsxCode::Corrupt | XlsxCode::Xml), "{e:?}");
}

#[test]
fn refuses_what_a_sheet_cannot_hold() {
    let wide = vec![(0..16_385).map(|_| Cell::from("x")).collect::<Vec<_>>()];
    let e = write("Data", &["a"], wide).unwrap_err();
    assert_eq!(e.code, XlsxCode::TooLarge);
    assert!(e.message(Lang::Id).contains("16.384 kolom"));
}
