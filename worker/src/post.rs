//! Posting replies to the page.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, DedicatedWorkerGlobalScope};

use timbang_engine::job::Reply;

/// Posts `{reply: <packed>, blob?}` to the page (the reply a `Uint8Array`, see [`Reply::to_bytes`];
/// [`reply_with`] says what else may come beside it). A reply that cannot be posted has nowhere
/// else to go.
pub fn reply(reply: &Reply, blob: Option<&Blob>) {
    reply_with(reply, blob, None, None);
}

/// As [`reply`], with a part's packed figures beside it (`state`), which the page hands back unread
/// for the merge, and a run's packed drill-down lists (`drill`, see
/// [`timbang_engine::job::drill_to_bytes`]), which the page reads only when a person opens a cell;
/// both `Uint8Array`s.
pub fn reply_with(reply: &Reply, blob: Option<&Blob>, state: Option<&[u8]>, drill: Option<&[u8]>) {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let message = js_sys::Object::new();
    let bytes = |b: &[u8]| JsValue::from(js_sys::Uint8Array::from(b));
    let _ = js_sys::Reflect::set(&message, &"reply".into(), &bytes(&reply.to_bytes()));
    if let Some(blob) = blob {
        let _ = js_sys::Reflect::set(&message, &"blob".into(), blob);
    }
    if let Some(drill) = drill {
        let _ = js_sys::Reflect::set(&message, &"drill".into(), &bytes(drill));
    }
    if let Some(state) = state {
        let _ = js_sys::Reflect::set(&message, &"state".into(), &bytes(state));
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
