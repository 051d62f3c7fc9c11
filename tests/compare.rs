//! Component tests of the compare view, mounted alone in headless Chromium: the grid of variants and
//! clusters, the mark on a class that differs, the flagged questions and where their answers go, and
//! the differences in words.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use timbang::components::compare::household::COMPARE_KEY;
use timbang::components::compare::{CompareView, CompareViewProps};
use timbang::state::library::{Entry, Library};
use timbang::state::session::{Session, SessionAction};
use timbang::storage;
use timbang_engine::{Num, Value};
use wasm_bindgen_test::*;
use yew::{Callback, Reducible};

mod common;
use common::root;

wasm_bindgen_test_configure!(run_in_browser);

fn entry(library: &Library, id: &str) -> Rc<Entry> {
    library
        .entries
        .iter()
        .find(|e| e.rules().id == id)
        .cloned()
        .unwrap()
}

fn answer(rule_set: &str, cluster: &str, q: &str, v: Value) -> SessionAction {
    SessionAction::Answer {
        rule_set: rule_set.into(),
        cluster: cluster.into(),
        question: q.into(),
        value: Some(v),
    }
}

fn text(v: &str) -> Value {
    Value::Text(v.into())
}

/// A coastal fisher without a boat: sangat miskin under the Bantaeng draft. With `bps` the questions
/// only BPS asks are answered too, none of them a deprivation: tidak miskin under BPS.
fn session(bps: bool) -> Rc<Session> {
    let b = |q: &str, v: Value| answer("bantaeng-draft", "pesisir", q, v);
    let mut s = Rc::new(Session::default());
    for action in [
        b("bahan_bakar_masak", text("gas")),
        b("fasilitas_bab", text("sendiri")),
        b("jenis_dinding", text("tembok_plester")),
        b("jenis_lantai", text("keramik")),
        b("jumlah_anggota", Value::Num(Num::int(4))),
        b("luas_lantai", Value::Num(Num::int(72))),
        b("pendidikan_kk", text("tidak_tamat_sd")),
        b("penghasilan_rumah_tangga", text("Rp 1.871.960")),
        b("rumah_atas_air_rob", Value::Bool(true)),
        b("status_nelayan", text("tanpa_perahu")),
        b("sumber_air_minum", text("sumur_bor_pompa")),
    ] {
        s = s.reduce(action);
    }
    if bps {
        let p = |q: &str, v: Value| answer("bps-14", "semua", q, v);
        for action in [
            p("sumber_penerangan", text("listrik_pln")),
            p("frekuensi_daging", text("3")),
            p("pakaian_baru", text("2")),
            p("frekuensi_makan", text("3")),
            p("mampu_berobat", Value::Bool(true)),
            p("sumber_penghasilan_kk", text("lainnya_600rb_lebih")),
            p("nilai_tabungan", text("Rp 1.000.000")),
        ] {
            s = s.reduce(action);
        }
    }
    s
}

/// Mounts the view on Bantaeng and BPS; returns its root and what it asked of the session.
async fn mount(session: Rc<Session>) -> (web_sys::Element, Rc<RefCell<Vec<SessionAction>>>) {
    let (library, _) = Library::new(&[]);
    let (bantaeng, bps) = (entry(&library, "bantaeng-draft"), entry(&library, "bps-14"));
    storage::save(COMPARE_KEY, &vec![bantaeng.hash.clone(), bps.hash.clone()]).unwrap();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let props = CompareViewProps {
        library: Rc::new(library),
        active: bantaeng,
        session,
        onsession: Callback::from(move |a| sink.borrow_mut().push(a)),
    };
    let root = root();
    yew::Renderer::<CompareView>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    (root, seen)
}

fn cell(root: &web_sys::Element, id: &str) -> web_sys::Element {
    root.query_selector(&format!("[data-testid=\"cell-{id}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no cell {id}"))
}

#[wasm_bindgen_test]
async fn every_variant_and_cluster_has_a_row_and_a_different_class_is_marked() {
    let (root, _) = mount(session(true)).await;
    let rows = root.query_selector_all("tr.compare-row").unwrap().length();
    assert_eq!(rows, 4, "three Bantaeng clusters and BPS's one");

    let coastal = cell(&root, "bantaeng-draft-pesisir");
    let text = coastal.text_content().unwrap_or_default();
    assert!(text.contains("Sangat miskin"), "{text}");
    assert!(
        text.contains("acuan"),
        "the first variant is the reference: {text}"
    );

    let bps = cell(&root, "bps-14-semua");
    let text = bps.text_content().unwrap_or_default();
    assert!(text.contains("Tidak miskin"), "{text}");
    assert_eq!(bps.get_attribute("data-differs").as_deref(), Some("true"));
    assert!(
        text.contains("≠ berbeda: Sangat miskin pada varian pertama"),
        "the mark is words, not colour alone: {text}"
    );

    let grid = root
        .query_selector("[role=region]")
        .unwrap()
        .expect("the grid scrolls in its own region");
    assert_eq!(grid.get_attribute("tabindex").as_deref(), Some("0"));
}

#[wasm_bindgen_test]
async fn a_question_only_one_variant_asks_is_flagged_and_answered_for_it() {
    let (root, seen) = mount(session(false)).await;
    let bps = cell(&root, "bps-14-semua");
    assert_eq!(bps.get_attribute("data-differs").as_deref(), Some("false"));
    assert!(bps
        .text_content()
        .unwrap_or_default()
        .contains("belum dapat dibandingkan"));

    let flag = root
        .query_selector("[data-testid=\"flag-frekuensi_makan\"]")
        .unwrap()
        .expect("a BPS-only question is flagged");
    assert!(flag
        .text_content()
        .unwrap_or_default()
        .contains("Hanya ada di: 14 kriteria rumah tangga miskin (BPS)"));

    let input: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::dyn_into(root.query_selector("#q-frekuensi_makan").unwrap().unwrap())
            .unwrap();
    let label = root
        .query_selector("label[for=\"q-frekuensi_makan\"]")
        .unwrap();
    assert!(label.is_some(), "the field has its label");
    input.set_value("2");
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    let seen = seen.borrow();
    assert!(
        matches!(
            seen.as_slice(),
            [SessionAction::Answer { rule_set, cluster, question, value: Some(Value::Text(v)) }]
                if rule_set == "bps-14" && cluster == "semua" && question == "frekuensi_makan" && v == "2"
        ),
        "stored for the one rule set that asks it, in its open cluster"
    );
}

#[wasm_bindgen_test]
async fn the_differences_are_said_in_words() {
    let (root, _) = mount(session(false)).await;
    let list = root
        .query_selector("[data-testid=\"diff-1\"]")
        .unwrap()
        .expect("a list of differences");
    let text = list.text_content().unwrap_or_default();
    assert!(
        text.contains("Cara menghitung berubah dari bobot (Alkire–Foster) menjadi hitungan (jumlah indikator terpenuhi)."),
        "{text}"
    );
    assert!(
        text.contains("Klaster «Semua wilayah» dibandingkan dengan setiap klaster"),
        "{text}"
    );
}
