//! Browser tests of the app shell: mounted in headless Chromium, asserted on what a person sees.
#![cfg(target_arch = "wasm32")]

use timbang::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_root() -> web_sys::Element {
    let document = document();
    let root = document.create_element("div").expect("create root");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append root");
    root
}

fn document() -> web_sys::Document {
    web_sys::window()
        .expect("window")
        .document()
        .expect("document")
}

#[wasm_bindgen_test]
async fn shows_indonesian_first_and_switches_to_english() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let root = mount_root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("Menimbang indikator kemiskinan"),
        "Indonesian by default: {text}"
    );

    let english: web_sys::HtmlElement = root
        .query_selector("button[lang='en']")
        .unwrap()
        .expect("an English button")
        .dyn_into()
        .unwrap();
    english.click();
    yew::scheduler::flush().await;

    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("Weighing household poverty"),
        "English after the click: {text}"
    );
    assert_eq!(
        english.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    let saved = storage
        .get_item("timbang.lang")
        .unwrap()
        .unwrap_or_default();
    assert!(saved.contains("\"en\""), "the choice is stored: {saved}");
}
