//! Timbang's web worker. The page posts `{request, file}` (a [`Request`] as JSON and the picked
//! `File`; a run's rule sets come beside it as `rulesets`, their texts, and so do an inspection's,
//! for a rehearsal of the file's first rows that answers nothing, see `run::rehearse`); the worker
//! reads the file as a stream, calls the engine for every row, and posts back
//! `{reply}` messages (a [`Reply`] packed into a `Uint8Array`, see [`Reply::to_bytes`]), the last one
//! with the written file as a `Blob` when one was asked for, and a run's drill-down lists packed
//! beside it (`drill`). A run split among workers reads one part of the file each and answers with its figures
//! packed (`{reply, state}`, see [`timbang_engine::job::PartResult`]); the page then posts `{request: "merge", parts: [state, …]}` to one
//! worker for the whole file's figures. It holds no state between requests: cancelling is the page
//! terminating it.
//!
//! Everything here is plumbing between the browser and [`timbang_engine`]; no figure is computed here.

mod blob_reader;
mod part;
mod post;
mod prefetch;
mod run;
mod sheet;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

use timbang_engine::job::{Reply, Request};

fn main() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| handle(&event));
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The worker lives as long as the page keeps it; so does its one handler.
    handler.forget();
    // Messages posted before this point found no handler and are gone: the page waits for this one.
    post::ready();
}

/// Reads one message and does what it asks; every failure becomes a reply.
fn handle(event: &MessageEvent) {
    // Numbered first: a rehearsal gives way to any request after its own, even one that fails.
    let id = run::received();
    let data = event.data();
    let field = |name: &str| js_sys::Reflect::get(&data, &JsValue::from_str(name)).ok();
    let request = field("request")
        .and_then(|v| v.as_string())
        .ok_or_else(|| "no request in the message".to_owned())
        .and_then(|text| serde_json::from_str::<Request>(&text).map_err(|e| e.to_string()));
    if let Ok(Request::Merge) = request {
        // The parts' figures, as the workers that read them packed them.
        let states: Vec<Vec<u8>> = field("parts")
            .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
            .map(|parts| {
                parts
                    .iter()
                    .map(|s| js_sys::Uint8Array::new(&s).to_vec())
                    .collect()
            })
            .unwrap_or_default();
        run::send(part::merge(&states));
        return;
    }
    // A split run's part comes beside the request (`part: [index, count]`), so that the page writes
    // one request for every worker.
    // (`Array::from` would throw on the `undefined` of a message without one.)
    let part = field("part")
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .filter(|a| a.length() == 2)
        .and_then(|a| Some((a.get(0).as_f64()? as usize, a.get(1).as_f64()? as usize)));
    // So do a run's rule sets (`rulesets: [text, …]`): written into the request's JSON, every quote
    // of them had to be escaped.
    // (Anything but a string reads as empty text, which the rule-set reader then reports.)
    // An inspection may come with the variants' rule sets too, for a rehearsal (see `run::handle`).
    let mut rulesets: Vec<String> = field("rulesets")
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .iter()
        .flat_map(js_sys::Array::iter)
        .map(|text| text.as_string().unwrap_or_default())
        .collect();
    let request = request.map(|r| match r {
        Request::Run(mut job) => {
            if let Some(part) = part {
                job.part = Some(part.into());
            }
            job.rulesets.append(&mut rulesets);
            Request::Run(job)
        }
        r => r,
    });
    let file = field("file").and_then(|v| v.dyn_into::<File>().ok());
    match (request, file) {
        (Ok(request), Some(file)) => run::handle(request, file, rulesets, id),
        (Err(detail), _) => post::reply(&Reply::Broken { detail }, None),
        (Ok(_), None) => post::reply(
            &Reply::Broken {
                detail: "no file in the message".to_owned(),
            },
            None,
        ),
    }
}
