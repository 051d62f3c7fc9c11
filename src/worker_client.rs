//! The page's side of the household-file worker: starts it, posts a request with the picked file, and
//! hands every reply to a callback. Dropping the client terminates the worker, which is also how a run
//! is cancelled: the worker keeps no state, so a new one starts clean.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, ErrorEvent, File, MessageEvent, Worker};
use yew::Callback;

#[cfg(doc)]
use timbang_engine::job::RunJob;
use timbang_engine::job::{PackedError, Reply, Request};

/// The worker's loader, written by trunk beside the app (`data-loader-shim` in index.html). Relative,
/// so the app works from any sub-folder.
pub const WORKER_URL: &str = "./timbang-worker_loader.js";

/// A reply, and the written file when the run was asked for one.
#[derive(Debug, Clone)]
pub struct Received {
    /// What the worker said.
    pub reply: Reply,
    /// The written file.
    pub blob: Option<Blob>,
    /// A part's packed figures ([`Reply::Part`]), passed back to a worker unread.
    pub state: Option<JsValue>,
    /// With [`Reply::Done`]: the drill-down lists, packed, read when a cell is opened (see
    /// [`crate::state::drill_lists`]).
    pub drill: Option<Vec<u8>>,
}

/// Messages waiting for the worker to say it is ready (`None` once it has).
type Pending = Rc<RefCell<Option<Vec<js_sys::Object>>>>;

/// A running worker and its handlers.
pub struct WorkerClient {
    worker: Worker,
    pending: Pending,
    /// False once dropped: a reply read before then is not handed on after.
    alive: Rc<Cell<bool>>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(ErrorEvent)>,
}

impl WorkerClient {
    /// Starts a worker; every reply goes to `onreply`. A worker that fails (it could not load, or it
    /// crashed) reports as a [`Reply::Broken`].
    pub fn spawn(onreply: Callback<Received>) -> Result<WorkerClient, String> {
        let worker = Worker::new(WORKER_URL).map_err(|e| format!("{e:?}"))?;
        let pending: Pending = Rc::new(RefCell::new(Some(Vec::new())));
        let alive = Rc::new(Cell::new(true));
        let onmessage = {
            let (onreply, pending, target) = (onreply.clone(), pending.clone(), worker.clone());
            let alive = alive.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                // A worker listens only once its wasm has started, and says so; what was posted
                // before then goes now.
                if js_sys::Reflect::get(&data, &"ready".into()).is_ok_and(|v| v.is_truthy()) {
                    for message in pending.borrow_mut().take().unwrap_or_default() {
                        if let Err(e) = target.post_message(&message) {
                            onreply.emit(broken(format!("{e:?}")));
                        }
                    }
                    return;
                }
                let received = read(&data);
                if !matches!(received.reply, Reply::Done(_)) {
                    onreply.emit(received);
                    return;
                }
                // The figures are read in this task and drawn in the next: one task doing both held
                // the page for more than 50 ms on a large file.
                let slot = Rc::new(RefCell::new(Some(received)));
                let later = {
                    let (onreply, alive, slot) = (onreply.clone(), alive.clone(), slot.clone());
                    move || {
                        if let Some(r) = slot.borrow_mut().take().filter(|_| alive.get()) {
                            onreply.emit(r);
                        }
                    }
                };
                if !crate::browser::next_task(later) {
                    if let Some(r) = slot.borrow_mut().take() {
                        onreply.emit(r);
                    }
                }
            })
        };
        let onerror = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            onreply.emit(broken(event.message()));
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Ok(WorkerClient {
            worker,
            pending,
            alive,
            _onmessage: onmessage,
            _onerror: onerror,
        })
    }

    /// Posts `request` about `file`. The file is passed by reference (a `File` is not copied).
    pub fn send(&self, request: &Request, file: &File) -> Result<(), String> {
        self.post_text(&request_text(request)?, &[("file", file)])
    }

    /// Posts a request already written ([`request_text`]) with the given fields beside it: one
    /// written request serves every worker of a split run.
    pub fn post_text(&self, text: &Written, fields: &[(&str, &JsValue)]) -> Result<(), String> {
        let message = js_sys::Object::new();
        let set = |name: &str, value: &JsValue| {
            js_sys::Reflect::set(&message, &name.into(), value).map_err(|e| format!("{e:?}"))
        };
        set("request", &text.json)?;
        if let Some(rulesets) = &text.rulesets {
            set("rulesets", rulesets)?;
        }
        for (name, value) in fields {
            set(name, value)?;
        }
        if let Some(waiting) = self.pending.borrow_mut().as_mut() {
            waiting.push(message);
            return Ok(());
        }
        self.worker
            .post_message(&message)
            .map_err(|e| format!("{e:?}"))
    }
}

impl Drop for WorkerClient {
    fn drop(&mut self) {
        self.alive.set(false);
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// A request as the worker reads it: JSON, and a run's rule sets beside it.
pub struct Written {
    json: JsValue,
    /// The rule sets' texts (an array of strings). Written into the JSON, every quote of their 40 to
    /// 80 KB each was escaped: half of the start click's time, in a profile.
    rulesets: Option<JsValue>,
}

/// `request` written for a worker (see [`Written`]; [`RunJob::rulesets`] is never written as JSON).
pub fn request_text(request: &Request) -> Result<Written, String> {
    let json = serde_json::to_string(request).map_err(|e| e.to_string())?;
    let rulesets = match request {
        Request::Run(job) => Some(texts_array(&job.rulesets)),
        _ => None,
    };
    Ok(Written {
        json: JsValue::from_str(&json),
        rulesets,
    })
}

/// Rule-set texts as a JavaScript array of strings, to post beside a request.
pub fn texts_array(texts: &[String]) -> JsValue {
    texts
        .iter()
        .map(|t| JsValue::from_str(t))
        .collect::<js_sys::Array>()
        .into()
}

fn broken(detail: String) -> Received {
    Received {
        reply: Reply::Broken { detail },
        blob: None,
        state: None,
        drill: None,
    }
}

/// What a worker of another release says (its replies are not read).
const OTHER_BUILD: &str =
    "pekerja berkas rumah tangga berasal dari versi Timbang yang lain: muat ulang \
                           halaman / the household-file worker is from another version of Timbang: \
                           reload the page";

/// A message from the worker as a [`Received`]; anything unreadable is a [`Reply::Broken`].
fn read(data: &JsValue) -> Received {
    let field = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name)).ok();
    // Packed by the worker (`Reply::to_bytes`), as a `Uint8Array`. The worker's files keep their
    // names from one release to the next, so the browser may have kept one of another: it says so.
    let bytes = |name: &str| {
        field(name)
            .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
            .map(|a| a.to_vec())
    };
    let reply = match bytes("reply") {
        None => Reply::Broken {
            detail: "a message without a reply".to_owned(),
        },
        Some(b) => Reply::from_bytes(&b).unwrap_or_else(|e| Reply::Broken {
            detail: match e {
                PackedError::OtherBuild => OTHER_BUILD.to_owned(),
                PackedError::Damaged => format!("a reply that cannot be read ({} bytes)", b.len()),
            },
        }),
    };
    let blob = field("blob").and_then(|v| v.dyn_into::<Blob>().ok());
    let state = field("state").filter(|v| v.is_object());
    let drill = bytes("drill");
    Received {
        reply,
        blob,
        state,
        drill,
    }
}
