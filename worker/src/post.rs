//! Posting replies to the page.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, DedicatedWorkerGlobalScope};

use timbang_engine::job::Reply;

/// Posts `{reply: <JSON>, blob?}` to the page (see [`reply_with`] for what else may come beside the
/// reply). A reply that cannot be posted has nowhere else to go.
pub fn reply(reply: &Reply, blob: Option<&Blob>) {
    reply_with(reply, blob, None, None);
}

/// As [`reply`], with a part's packed figures beside it (`state`, a `Uint8Array`), which the page
/// hands back unread for the merge, and a run's drill-down lists as JSON text (`drill`), which the
/// page reads only when a person opens a cell.
pub fn reply_with(reply: &Reply, blob: Option<&Blob>, state: Option<&[u8]>, drill: Option<&str>) {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    // A reply that cannot be written becomes one that says so (a string field always can be).
    let text = serde_json::to_string(reply)
        .or_else(|e| {
            serde_json::to_string(&Reply::Broken {
                detail: format!("the reply could not be written: {e}"),
            })
        })
        .unwrap_or_default();
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"reply".into(), &JsValue::from_str(&text));
    if let Some(blob) = blob {
        let _ = js_sys::Reflect::set(&message, &"blob".into(), blob);
    }
    if let Some(drill) = drill {
        let _ = js_sys::Reflect::set(&message, &"drill".into(), &JsValue::from_str(drill));
    }
    if let Some(state) = state {
        let bytes = js_sys::Uint8Array::from(state);
        let _ = js_sys::Reflect::set(&message, &"state".into(), &bytes);
    }
    let _ = scope.post_message(&message);
}

/// Tells the page the worker is listening (`{ready: true}`); it holds its requests until then.
pub fn ready() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"ready".into(), &JsValue::TRUE);
    let _ = scope.post_message(&message);
}
