//! A panic in WebAssembly leaves a dead page. This hook replaces the page with a panel that says what
//! happened, in both languages, with a reload button. Stored data is not touched, so nothing is lost.

use wasm_bindgen::JsCast;

/// Installs the hook. Safe to call more than once.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let detail = info.to_string();
        web_sys::console::error_1(&detail.clone().into());
        show_panel(&detail);
    }));
}

fn show_panel(detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    // Built with DOM calls, not through Yew: Yew's state may be what broke.
    let panel = match document.create_element("section") {
        Ok(el) => el,
        Err(_) => return,
    };
    let _ = panel.set_attribute("class", "panic-panel");
    let _ = panel.set_attribute("role", "alert");
    let text = [
        ("h1", "Maaf, Timbang berhenti karena kesalahan."),
        ("p", "Sorry, Timbang stopped because of an error."),
        (
            "p",
            "Jawaban dan aturan yang tersimpan tetap aman. Muat ulang halaman untuk melanjutkan. / Your saved answers and rule sets are safe. Reload the page to continue.",
        ),
    ];
    for (tag, content) in text {
        if let Ok(el) = document.create_element(tag) {
            el.set_text_content(Some(content));
            let _ = panel.append_child(&el);
        }
    }
    if let Ok(pre) = document.create_element("pre") {
        pre.set_text_content(Some(detail));
        let _ = panel.append_child(&pre);
    }
    if let Ok(button) = document.create_element("button") {
        button.set_text_content(Some("Muat ulang / Reload"));
        let reload = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
        reload.forget();
        let _ = panel.append_child(&button);
    }
    body.set_inner_html("");
    let _ = body.append_child(&panel);
}
