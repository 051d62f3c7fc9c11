//! The household-file workers: one per core, up to [`MAX_WORKERS`], all started when the view opens
//! (so their code is fetched before any file is picked). A run over a large CSV file is split among
//! them, each reading one part ([`Part`]); their progress is added up and one of them merges the
//! parts' figures into the whole file's (the page never reads them). Everything else, and any file
//! that is small, a workbook, or written back as a workbook, goes to the first worker alone.
//!
//! To the view it is one worker: the same requests, the same replies.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag, File};
use yew::Callback;

use timbang_engine::job::{FileKind, OutputFormat, Reply, Request, RunJob};

use crate::worker_client::{request_text, texts_array, Received, WorkerClient, Written};

/// At most this many workers: beyond four, reading the file in the browser, not parsing, is the limit.
pub const MAX_WORKERS: usize = 4;
/// A file is split only into parts of at least this many bytes: a smaller part costs more to start
/// and merge than it saves.
pub const MIN_PART_BYTES: u64 = 1 << 20;

/// The workers and what the current request is at.
pub struct WorkerPool {
    shared: Rc<Shared>,
}

struct Shared {
    workers: RefCell<Vec<WorkerClient>>,
    /// Per worker: a request sent and its last reply not yet in. A busy worker is replaced before it
    /// is sent another request, so a part left running by a failed run cannot answer for a new one.
    busy: RefCell<Vec<bool>>,
    state: RefCell<State>,
    onreply: Callback<Received>,
}

#[derive(Default)]
struct State {
    /// The picked file's kind (from its header reply) and size.
    kind: Option<FileKind>,
    size: u64,
    phase: Phase,
}

#[derive(Default)]
// One per pool, moved once per reply: a box would only add code to every visitor's download.
#[allow(clippy::large_enum_variant)]
enum Phase {
    /// No request, or one whose last reply has been handed on: nothing more is expected.
    #[default]
    Idle,
    /// A request to the first worker: its replies are handed on as they come.
    Single,
    /// A split run, its parts coming in.
    Split(Split),
    /// The parts are in and the first worker merges them; the written file is the parts' joined.
    Merging(Vec<Blob>),
}

struct Split {
    job: RunJob,
    file: File,
    /// Per part: bytes read, rows read, its packed figures and written file once done.
    bytes: Vec<u64>,
    rows: Vec<u64>,
    states: Vec<Option<JsValue>>,
    blobs: Vec<Option<Blob>>,
    torn: bool,
    /// The bytes read when progress was last handed on.
    shown: u64,
}

impl WorkerPool {
    /// Starts one worker per core (at most [`MAX_WORKERS`]); every reply goes to `onreply`.
    pub fn spawn(onreply: Callback<Received>) -> Result<WorkerPool, String> {
        let shared = Rc::new(Shared {
            workers: RefCell::new(Vec::new()),
            busy: RefCell::new(Vec::new()),
            state: RefCell::new(State::default()),
            onreply,
        });
        let count = crate::browser::cores().clamp(1, MAX_WORKERS);
        for index in 0..count {
            match start(&shared, index) {
                Ok(c) => {
                    shared.workers.borrow_mut().push(c);
                    shared.busy.borrow_mut().push(false);
                }
                // The first worker is needed; the others only make a run quicker.
                Err(e) if index == 0 => return Err(e),
                Err(_) => break,
            }
        }
        Ok(WorkerPool { shared })
    }

    /// Asks the first worker for `file`'s header row, and to rehearse a run of its first rows under
    /// the variants' rule sets `rulesets` while the person reviews the columns (see the worker's
    /// `run::rehearse`: the run that follows then starts with the browser's optimised code).
    pub fn inspect(&self, file: &File, rulesets: &[String]) -> Result<(), String> {
        let mut state = self.shared.state.borrow_mut();
        (state.kind, state.size) = (None, file.size().max(0.0) as u64);
        state.phase = Phase::Single;
        let request = request_text(&Request::Inspect)?;
        send_text(
            &self.shared,
            0,
            &request,
            &[("file", file), ("rulesets", &texts_array(rulesets))],
        )
    }

    /// Posts `request` about `file`: a run over a large CSV file to every worker, a part each; a
    /// header request as [`WorkerPool::inspect`], without a rehearsal.
    pub fn send(&self, request: &Request, file: &File) -> Result<(), String> {
        if matches!(request, Request::Inspect) {
            return self.inspect(file, &[]);
        }
        let size = file.size().max(0.0) as u64;
        let mut state = self.shared.state.borrow_mut();
        let count = match request {
            Request::Run(job) => parts(state.kind, job, size, self.shared.workers.borrow().len()),
            _ => 1,
        };
        let job = match request {
            Request::Run(job) if count > 1 => job,
            _ => {
                state.phase = Phase::Single;
                return send_to(&self.shared, 0, request, "file", file);
            }
        };
        // Idle until every part is sent: a failure part-way leaves nothing to wait for.
        state.phase = Phase::Idle;
        // One text for every part, which goes beside it (see the worker's `main.rs`).
        let text = request_text(request)?;
        for index in 0..count {
            let part = js_sys::Array::of2(&(index as u32).into(), &(count as u32).into());
            send_text(
                &self.shared,
                index,
                &text,
                &[("file", file), ("part", &part)],
            )?;
        }
        state.phase = Phase::Split(Split {
            job: job.clone(),
            file: file.clone(),
            bytes: vec![0; count],
            rows: vec![0; count],
            states: vec![None; count],
            blobs: vec![None; count],
            torn: false,
            shown: 0,
        });
        Ok(())
    }
}

/// Starts worker `index`, its replies going to the pool.
fn start(shared: &Rc<Shared>, index: usize) -> Result<WorkerClient, String> {
    // Weak: the workers' handlers must not keep the pool, whose drop terminates them.
    let weak = Rc::downgrade(shared);
    WorkerClient::spawn(Callback::from(move |r: Received| {
        received(&weak, index, r);
    }))
}

/// Posts `request` to worker `index` (replaced first if it is still busy), with `value` as its field
/// `name`.
fn send_to(
    shared: &Rc<Shared>,
    index: usize,
    request: &Request,
    name: &str,
    value: &JsValue,
) -> Result<(), String> {
    send_text(shared, index, &request_text(request)?, &[(name, value)])
}

/// Posts a request written as JSON to worker `index`, replaced first if it is still busy.
fn send_text(
    shared: &Rc<Shared>,
    index: usize,
    text: &Written,
    fields: &[(&str, &JsValue)],
) -> Result<(), String> {
    let busy = shared.busy.borrow().get(index).copied();
    if busy == Some(true) {
        let fresh = start(shared, index)?;
        if let Some(slot) = shared.workers.borrow_mut().get_mut(index) {
            // The old worker is terminated as it is dropped.
            *slot = fresh;
        }
    }
    shared
        .workers
        .borrow()
        .get(index)
        .ok_or_else(|| "no worker".to_owned())?
        .post_text(text, fields)?;
    if let Some(b) = shared.busy.borrow_mut().get_mut(index) {
        *b = true;
    }
    Ok(())
}

/// How many parts a run is split into: one per worker, each of at least [`MIN_PART_BYTES`]; 1 for a
/// workbook (zipped, it cannot be cut) or a workbook written back (one sheet, one writer).
fn parts(kind: Option<FileKind>, job: &RunJob, size: u64, workers: usize) -> usize {
    if kind != Some(FileKind::Csv) || job.output == Some(OutputFormat::Xlsx) {
        return 1;
    }
    let by_size = usize::try_from(size / MIN_PART_BYTES).unwrap_or(usize::MAX);
    workers.min(by_size).max(1)
}

/// A reply from worker `index`: handed on, or added to the split run's.
fn received(pool: &Weak<Shared>, index: usize, r: Received) {
    let Some(shared) = pool.upgrade() else {
        return;
    };
    // A worker that broke (a trap, a script that did not load) is "busy", to be replaced, even when
    // nothing was asked of it (a trap in a rehearsal, which answers nothing).
    if !matches!(r.reply, Reply::Progress { .. }) {
        if let Some(b) = shared.busy.borrow_mut().get_mut(index) {
            *b = matches!(r.reply, Reply::Broken { .. });
        }
    }
    let mut state = shared.state.borrow_mut();
    let phase = std::mem::take(&mut state.phase);
    let (next, out) = match phase {
        Phase::Idle => (Phase::Idle, None),
        Phase::Single if index != 0 => (Phase::Single, None),
        Phase::Single => {
            if let Reply::Headers { file, .. } = &r.reply {
                state.kind = Some(*file);
            }
            let next = match r.reply {
                Reply::Progress { .. } => Phase::Single,
                _ => Phase::Idle,
            };
            (next, Some(r))
        }
        // A worker beyond this split's parts still answers for an earlier, failed one.
        Phase::Split(split) if index >= split.states.len() => (Phase::Split(split), None),
        Phase::Split(split) => split_reply(&shared, split, index, r, state.size),
        Phase::Merging(blobs) if index == 0 => (Phase::Idle, Some(joined(r, &blobs))),
        Phase::Merging(blobs) => (Phase::Merging(blobs), None),
    };
    state.phase = next;
    drop(state);
    if let Some(r) = out {
        shared.onreply.emit(r);
    }
}

/// A reply from part `index` of a split run.
fn split_reply(
    shared: &Rc<Shared>,
    mut split: Split,
    index: usize,
    r: Received,
    size: u64,
) -> (Phase, Option<Received>) {
    match r.reply {
        Reply::Progress { bytes, rows, .. } => {
            if let (Some(b), Some(n)) = (split.bytes.get_mut(index), split.rows.get_mut(index)) {
                (*b, *n) = (bytes, rows);
            }
            let bytes: u64 = split.bytes.iter().sum();
            // About a hundred updates in all, as from one worker.
            if bytes < split.shown.saturating_add(size / 100) {
                return (Phase::Split(split), None);
            }
            split.shown = bytes;
            let rows = split.rows.iter().sum();
            let progress = Reply::Progress {
                bytes,
                total: size,
                rows,
            };
            (Phase::Split(split), Some(plain(progress)))
        }
        Reply::Part { torn, .. } => {
            // (The worker says so only of a part that ends before the file does.)
            split.torn |= torn;
            if let Some(slot) = split.states.get_mut(index) {
                *slot = r.state;
            }
            if let Some(slot) = split.blobs.get_mut(index) {
                *slot = r.blob;
            }
            if split.states.iter().any(Option::is_none) {
                return (Phase::Split(split), None);
            }
            finish_split(shared, split)
        }
        // A failure in any part is the run's.
        _ => (Phase::Idle, Some(r)),
    }
}

/// Every part is in: the first worker merges them, or, when a cut fell inside a quoted field, runs
/// the file whole.
fn finish_split(shared: &Rc<Shared>, split: Split) -> (Phase, Option<Received>) {
    let sent = if split.torn {
        let job = RunJob {
            part: None,
            ..split.job.clone()
        };
        send_to(shared, 0, &Request::Run(job), "file", &split.file).map(|_| Phase::Single)
    } else {
        let parts: js_sys::Array = split.states.iter().flatten().collect();
        let blobs = split.blobs.into_iter().flatten().collect();
        send_to(shared, 0, &Request::Merge, "parts", &parts).map(|_| Phase::Merging(blobs))
    };
    match sent {
        Ok(phase) => (phase, None),
        Err(detail) => (Phase::Idle, Some(plain(Reply::Broken { detail }))),
    }
}

/// The merged figures with the parts' written files joined, in order, into one.
fn joined(mut r: Received, blobs: &[Blob]) -> Received {
    let Some(first) = blobs.first() else {
        return r;
    };
    let options = BlobPropertyBag::new();
    options.set_type(&first.type_());
    let parts: js_sys::Array = blobs.iter().collect();
    match Blob::new_with_blob_sequence_and_options(&parts, &options) {
        Ok(blob) => r.blob = Some(blob),
        Err(e) => {
            r.reply = Reply::Broken {
                detail: format!("Blob: {e:?}"),
            }
        }
    }
    r
}

fn plain(reply: Reply) -> Received {
    Received {
        reply,
        blob: None,
        state: None,
        drill: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_large_csv_file_is_split_one_part_per_worker() {
        let job = |output| RunJob {
            rulesets: Vec::new(),
            map: Default::default(),
            by: Vec::new(),
            weight: None,
            output,
            part: None,
        };
        let mb = MIN_PART_BYTES;
        let csv = Some(FileKind::Csv);
        // (kind, output, size, workers) -> parts
        let cases = [
            (csv, None, 300 * mb, 4, 4),
            (csv, None, 300 * mb, 2, 2),
            (csv, None, 3 * mb, 4, 3),
            (csv, None, mb + 1, 4, 1),
            (csv, None, 0, 4, 1),
            (csv, Some(OutputFormat::Csv), 300 * mb, 2, 2),
            (csv, Some(OutputFormat::Xlsx), 300 * mb, 2, 1),
            (Some(FileKind::Xlsx), None, 300 * mb, 2, 1),
            (None, None, 300 * mb, 2, 1),
            (csv, None, 300 * mb, 1, 1),
        ];
        for (kind, output, size, workers, expected) in cases {
            assert_eq!(
                parts(kind, &job(output), size, workers),
                expected,
                "{kind:?} {output:?} {size} {workers}"
            );
        }
    }
}
