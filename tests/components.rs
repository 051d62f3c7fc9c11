//! Component tests of the form and the result, mounted alone in headless Chromium. They assert on what
//! a person sees and on what a callback received.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;
use std::rc::Rc;

use timbang::components::question_field::{QuestionField, QuestionFieldProps};
use timbang::components::question_form::{QuestionForm, QuestionFormProps};
use timbang::components::result_panel::{ResultPanel, ResultPanelProps};
use timbang::state::library::Entry;
use timbang_engine::model::Question;
use timbang_engine::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::Callback;

mod common;
use common::{recorder, root, shipped};

wasm_bindgen_test_configure!(run_in_browser);

fn bps() -> Rc<Entry> {
    shipped("bps-14.json")
}

fn question(entry: &Entry, id: &str) -> Question {
    entry
        .rules()
        .questions
        .iter()
        .find(|q| q.id == id)
        .unwrap()
        .clone()
}

#[wasm_bindgen_test]
async fn a_number_field_hands_over_what_was_typed() {
    let entry = bps();
    let (onanswer, seen) = recorder();
    let root = root();
    let props = QuestionFieldProps {
        question: question(&entry, "luas_lantai"),
        value: None,
        problem: None,
        reading: None,
        onanswer,
    };
    yew::Renderer::<QuestionField>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;

    let input: web_sys::HtmlInputElement = root
        .query_selector("input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let label = root.query_selector("label").unwrap().unwrap();
    assert_eq!(
        label.get_attribute("for"),
        Some(input.id()),
        "the label is tied to the input"
    );
    assert!(
        root.text_content().unwrap().contains("m²"),
        "the unit is shown"
    );

    input.set_value("12,5");
    let event = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
    input.set_value("  ");
    input.dispatch_event(&event).unwrap();
    assert_eq!(
        *seen.borrow(),
        vec![Some(Value::Text("12,5".into())), None],
        "the text as typed, then a cleared answer"
    );
}

#[wasm_bindgen_test]
async fn a_problem_is_shown_and_tied_to_its_input() {
    let entry = bps();
    let root = root();
    let props = QuestionFieldProps {
        question: question(&entry, "jumlah_anggota"),
        value: Some(Value::Text("empat".into())),
        problem: Some("Bukan angka".into()),
        reading: None,
        onanswer: Callback::noop(),
    };
    yew::Renderer::<QuestionField>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let input: web_sys::HtmlInputElement = root
        .query_selector("input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(input.value(), "empat", "the wrong answer is kept to fix");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input.get_attribute("aria-describedby").unwrap_or_default();
    let alert = root.query_selector("[role=alert]").unwrap().unwrap();
    assert!(described.contains(&alert.id()));
    assert_eq!(alert.text_content().as_deref(), Some("Bukan angka"));
}

#[wasm_bindgen_test]
async fn the_form_shows_every_question_of_the_cluster_and_reports_choices() {
    let entry = bps();
    let (onanswer, seen) = recorder();
    let root = root();
    let props = QuestionFormProps {
        entry: entry.clone(),
        cluster: "semua".into(),
        answers: Rc::new(BTreeMap::new()),
        assessment: None,
        onanswer,
    };
    yew::Renderer::<QuestionForm>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;

    let text = root.text_content().unwrap();
    for q in &entry.rules().questions {
        assert!(text.contains(&q.label.id), "question {} is shown", q.id);
    }
    let floor = question(&entry, "jenis_lantai");
    let select: web_sys::HtmlSelectElement = root
        .query_selector("#q-jenis_lantai")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    select.set_value(&floor.options[0].id);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    assert_eq!(
        *seen.borrow(),
        vec![(
            floor.id.clone(),
            Some(Value::Text(floor.options[0].id.clone()))
        )]
    );
}

#[wasm_bindgen_test]
async fn the_result_shows_the_class_the_reasons_and_what_would_change_it() {
    let entry = bps();
    let household = entry
        .rules()
        .tests
        .iter()
        .find(|t| t.expect == "miskin")
        .unwrap()
        .clone();
    let assessment = entry
        .loaded
        .engine
        .assess(&household.cluster, &household.answers)
        .unwrap();
    let root = root();
    let props = ResultPanelProps {
        entry: entry.clone(),
        assessment: Rc::new(assessment),
    };
    yew::Renderer::<ResultPanel>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;

    let class = root.query_selector("[data-testid=class]").unwrap().unwrap();
    assert!(class.text_content().unwrap().contains("Miskin"));
    let text = root.text_content().unwrap();
    assert!(text.contains("Skor:"), "{text}");
    assert!(text.contains("maka rumah tangga ini menjadi"), "{text}");
    let met = root.query_selector_all("tr.met").unwrap().length();
    assert!(met >= 9, "at least nine criteria are marked met, saw {met}");
}
