//! Small browser chores: downloading a text as a file, reading a picked file, asking to confirm.
//! Every failure comes back as a value; nothing here panics.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers `text` as a download named `name`. Returns false when the browser refused.
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .is_ok_and(|blob| download_blob(name, &blob))
}

/// Offers `blob` as a download named `name`. Returns false when the browser refused.
pub fn download_blob(name: &str, blob: &web_sys::Blob) -> bool {
    let attempt = || -> Option<()> {
        let document = web_sys::window()?.document()?;
        let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
        let anchor: web_sys::HtmlAnchorElement =
            document.create_element("a").ok()?.dyn_into().ok()?;
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
        // Revoked later: a large file is still being written to disk when `click` returns.
        let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
        web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)
            .ok()?;
        Some(())
    };
    attempt().is_some()
}

/// Runs `f` in a task of its own after the next paint (a frame, then a timer), so that work the first
/// screen does not need does not hold it back. False when the browser refused (`f` is then dropped).
/// A hidden tab paints nothing: `f` then waits until the tab is shown.
pub fn after_paint(f: impl FnOnce() + 'static) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let next_frame = wasm_bindgen::closure::Closure::once_into_js(move || {
        next_task(f);
    });
    window
        .request_animation_frame(next_frame.unchecked_ref())
        .is_ok()
}

/// Runs `f` in a task of its own, once the current one is done (a zero-delay timer). False when the
/// browser refused (`f` is then dropped).
pub fn next_task(f: impl FnOnce() + 'static) -> bool {
    let task = wasm_bindgen::closure::Closure::once_into_js(f);
    web_sys::window().is_some_and(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(task.unchecked_ref(), 0)
            .is_ok()
    })
}

/// The text of a file the person picked or dropped; `None` when it cannot be read as text.
pub async fn read_text(file: web_sys::File) -> Option<String> {
    JsFuture::from(file.text()).await.ok()?.as_string()
}

/// Asks the person to confirm, with the browser's own dialog (accessible and keyboard-operable).
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Reloads the page.
pub fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Today's date as `YYYY-MM-DD` (local time).
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// How many logical cores the browser says the device has (`navigator.hardwareConcurrency`; 1 when
/// it does not say).
pub fn cores() -> usize {
    web_sys::window().map_or(1, |w| {
        w.navigator().hardware_concurrency().clamp(1.0, 1024.0) as usize
    })
}
