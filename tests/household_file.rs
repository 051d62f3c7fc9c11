//! Component tests of the household-file view's parts, mounted alone in headless Chromium: the column
//! mapping, one variant's figures and a transition matrix with its households. The worker itself runs in
//! the end-to-end tests (tests/e2e/household-file.spec.ts).
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use timbang::components::household_file::mapping_form::{MappingForm, MappingFormProps};
use timbang::components::household_file::transition_table::{
    TransitionTable, TransitionTableProps,
};
use timbang::components::household_file::variant_report::{VariantReport, VariantReportProps};
use timbang::state::drill_lists::DrillLists;
use timbang::state::file_settings::FileSettings;
use timbang::state::library::Entry;
use timbang_engine::batch::{Batch, BatchOptions};
use timbang_engine::job::Drill;
use timbang_engine::table::{Headers, TextRow};
use timbang_engine::Engine;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;
use common::{recorder, root, shipped};

wasm_bindgen_test_configure!(run_in_browser);

/// BPS households that answer every question alike (all deprived, or none), under BPS twice.
fn run(
    entries: &[Rc<Entry>],
) -> (
    timbang_engine::batch::BatchReport,
    Vec<timbang_engine::job::DrillCell>,
) {
    let engines: Vec<&Engine> = entries.iter().map(|e| &e.loaded.engine).collect();
    let questions = &entries[0].rules().questions;
    let mut names: Vec<String> = questions.iter().map(|q| q.id.clone()).collect();
    names.push("desa".into());
    let headers = Headers::new(names);
    let options = BatchOptions {
        by: vec!["desa".into()],
        ..BatchOptions::default()
    };
    let mut batch = Batch::new(&engines, &headers, options).unwrap();
    let mut drill = Drill::new(10);
    let poor: Vec<String> = [
        "10",
        "4",
        "tanah",
        "bambu",
        "tidak_ada",
        "lampu_minyak",
        "air_hujan",
        "kayu_bakar",
        "0",
        "0",
        "1",
        "tidak",
        "buruh_tani",
        "tidak_sekolah",
        "0",
        "Desa A",
    ]
    .map(String::from)
    .to_vec();
    let mut broken = poor.clone();
    broken[0] = "abc".into();
    for (line, cells) in [(2, &poor), (3, &poor), (4, &broken)] {
        let row = TextRow {
            line,
            cells: cells.as_slice(),
        };
        let result = batch.add_row(&row);
        let outcomes = result.outcomes.to_vec();
        drill.note(&engines, line, &outcomes, || vec!["Desa A".into()]);
    }
    (batch.finish(), drill.finish())
}

#[wasm_bindgen_test]
async fn the_mapping_shows_each_question_with_its_column_and_reports_changes() {
    let bps = shipped("bps-14.json");
    let headers = vec![
        "NIK".to_owned(),
        "LUAS LANTAI".to_owned(),
        "Kecamatan".to_owned(),
    ];
    let engines = [&bps.loaded.engine];
    let settings = FileSettings::suggest(&engines, &headers, None);
    let (onchange, seen) = recorder::<FileSettings>();
    let root = root();
    let props = MappingFormProps {
        headers: Rc::new(headers),
        entries: vec![bps.clone()],
        settings,
        onchange,
    };
    yew::Renderer::<MappingForm>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;

    let select: web_sys::HtmlSelectElement = root
        .query_selector("#map-luas_lantai")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(
        select.value(),
        "LUAS LANTAI",
        "matched by id, whatever the case and spacing"
    );
    let other: web_sys::HtmlSelectElement = root
        .query_selector("#map-jenis_lantai")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(other.value(), "", "no column: none");
    assert!(root
        .text_content()
        .unwrap()
        .contains("Wajib: pilih kolomnya"));

    other.set_value("Kecamatan");
    other
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    let last = seen.borrow().last().cloned().unwrap();
    assert_eq!(
        last.map.columns.get("jenis_lantai").map(String::as_str),
        Some("Kecamatan")
    );
}

#[wasm_bindgen_test]
async fn a_variant_report_shows_the_counts_the_chart_and_the_rows_not_assessed() {
    let bps = shipped("bps-14.json");
    let (report, _) = run(std::slice::from_ref(&bps));
    let root = root();
    let props = VariantReportProps {
        entry: bps.clone(),
        report: Rc::new(report.rulesets[0].clone()),
        weighted: false,
        parts: timbang::components::household_file::variant_report::PARTS,
    };
    yew::Renderer::<VariantReport>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;

    let text = root.text_content().unwrap();
    assert!(
        text.contains("3 rumah tangga: 2 dinilai, 1 tidak dapat dinilai"),
        "{text}"
    );
    let total_row = root
        .query_selector("tbody tr")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        total_row.starts_with("Semua") && total_row.contains("100,0 %"),
        "{total_row}"
    );
    assert!(
        root.query_selector("svg[role=img] rect").unwrap().is_some(),
        "a bar is drawn"
    );
    assert!(
        text.contains("Baris 4:"),
        "the row not assessed is listed with its line: {text}"
    );
}

#[wasm_bindgen_test]
async fn a_transition_cell_opens_its_households() {
    let bps = shipped("bps-14.json");
    let entries = vec![bps.clone(), bps.clone()];
    let (report, drill) = run(&entries);
    let root = root();
    let props = TransitionTableProps {
        index: 0,
        transition: Rc::new(report.transitions[0].clone()),
        entries,
        // As the worker sends them: packed, read when the cell opens.
        drill: DrillLists::unread(timbang_engine::job::drill_to_bytes(&drill)),
    };
    yew::Renderer::<TransitionTable>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;

    let buttons = root.query_selector_all("td button").unwrap();
    assert_eq!(
        buttons.length(),
        2,
        "two non-empty cells: poor to poor, not assessable to not assessable"
    );
    let first: web_sys::HtmlElement = buttons.get(0).unwrap().dyn_into().unwrap();
    assert_eq!(first.text_content().as_deref(), Some("2"));
    first.click();
    yew::scheduler::flush().await;
    let pressed = root.query_selector("td button[aria-pressed=true]").unwrap();
    assert!(pressed.is_some(), "the opened cell says so");
    let rows = root.query_selector_all(".drill-table tbody tr").unwrap();
    assert_eq!(rows.length(), 2);
    assert!(
        rows.get(0)
            .unwrap()
            .text_content()
            .unwrap()
            .starts_with('2'),
        "line 2 first"
    );
}
