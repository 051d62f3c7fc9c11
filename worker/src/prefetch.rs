//! A CSV file read ahead through the browser's byte stream (`Blob.stream()`, a "bring your own
//! buffer" reader), into one buffer used over and over, while the parser takes the bytes from a queue.
//!
//! Why not `FileReaderSync` alone: every read of it is a new `ArrayBuffer`, and the worker's garbage
//! collector ran once in a whole run (a trace showed one collection per worker), so a run's memory grew
//! by the megabytes it had read, about 130 MB per worker. Here the stream refills the same buffer.
//!
//! The stream is asynchronous and the parser is not: the run awaits [`Prefetch::fill`] between chunks
//! of rows, so the queue always holds more than a chunk can take. Should a record be longer than that,
//! [`QueuedReader`] reads the rest at once with `FileReaderSync`, and the stream skips those bytes.
//! A browser whose blob streams take no such reader (Safari before late 2025), or a stream that fails,
//! leaves every read to `FileReaderSync`, as before.

use std::cell::{Cell, RefCell};
use std::io::{self, Read, Seek, SeekFrom};
use std::rc::Rc;

use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, ReadableStreamByobReader, ReadableStreamGetReaderOptions, ReadableStreamReaderMode,
};

use crate::blob_reader::BlobReader;

/// The buffer the stream fills, reused for every read.
const STREAM_BUFFER: u32 = 4 << 20;
/// How much [`Prefetch::fill`] keeps waiting before a chunk of rows runs: more than a chunk reads
/// (4,096 rows of a registry export are about 1 MB) plus a refill of the CSV reader's buffer (4 MB).
pub const READ_AHEAD: usize = 8 << 20;

/// Bytes read from the stream and not yet handed to the parser: `bytes[start..]`.
#[derive(Default)]
struct Queue {
    bytes: Vec<u8>,
    start: usize,
    /// The stream has ended.
    done: bool,
    /// Bytes the parser took with a direct read before the stream got to them: the stream's next
    /// bytes are dropped until these are.
    skip: u64,
}

impl Queue {
    fn len(&self) -> usize {
        self.bytes.len().saturating_sub(self.start)
    }

    /// Appends what the stream read (less any bytes to skip).
    fn push(&mut self, view: &Uint8Array) {
        let n = view.length();
        let skip = u32::try_from(self.skip).unwrap_or(u32::MAX).min(n);
        self.skip -= u64::from(skip);
        if skip == n {
            return;
        }
        // Bytes already handed out are dropped first, so the queue does not grow without end.
        if self.start > 0 {
            self.bytes.drain(..self.start);
            self.start = 0;
        }
        let old = self.bytes.len();
        self.bytes.resize(old + (n - skip) as usize, 0);
        if let Some(target) = self.bytes.get_mut(old..) {
            view.subarray(skip, n).copy_to(target);
        }
    }
}

/// The stream's reader (none when the browser offers none) and its buffer.
pub struct Prefetch {
    reader: Option<ReadableStreamByobReader>,
    buffer: Option<ArrayBuffer>,
    queue: Rc<RefCell<Queue>>,
}

/// What the parser reads from: the queue, or the file itself when the queue is empty.
pub struct QueuedReader {
    queue: Rc<RefCell<Queue>>,
    direct: BlobReader,
    position: Rc<Cell<u64>>,
}

impl Prefetch {
    /// A stream over `blob`, and the reader the parser takes its bytes from.
    pub fn open(blob: &Blob) -> Result<(Prefetch, QueuedReader), String> {
        let reader = byob_reader(blob);
        let queue = Rc::new(RefCell::new(Queue::default()));
        let direct = BlobReader::new(blob.clone())?;
        let queued = QueuedReader {
            queue: queue.clone(),
            position: direct.position(),
            direct,
        };
        let prefetch = Prefetch {
            reader,
            buffer: None,
            queue,
        };
        Ok((prefetch, queued))
    }

    /// Reads ahead until `want` bytes wait in the queue, or the stream has ended. Without a stream,
    /// or once it fails, the parser's reads go to the file directly.
    pub async fn fill(&mut self, want: usize) {
        loop {
            {
                let q = self.queue.borrow();
                if q.done || q.len() >= want {
                    return;
                }
            }
            let Some(reader) = self.reader.as_ref() else {
                return;
            };
            let buffer = self
                .buffer
                .take()
                .unwrap_or_else(|| ArrayBuffer::new(STREAM_BUFFER));
            let read = reader.read_with_array_buffer_view(&Uint8Array::new(&buffer));
            let Ok(result) = JsFuture::from(read).await else {
                self.reader = None;
                return;
            };
            let field = |name: &str| Reflect::get(&result, &JsValue::from_str(name)).ok();
            let done = field("done").is_some_and(|d| d.is_truthy());
            if let Some(view) = field("value").and_then(|v| v.dyn_into::<Uint8Array>().ok()) {
                self.queue.borrow_mut().push(&view);
                // The buffer comes back (moved into the view) to be filled again.
                let back = view.buffer();
                if back.byte_length() > 0 {
                    self.buffer = Some(back);
                }
            }
            if done {
                self.queue.borrow_mut().done = true;
            }
        }
    }
}

/// A "bring your own buffer" reader of `blob`'s stream, if the browser has one. Called through
/// `Reflect`, which catches: web-sys's bindings of `stream` and `getReader` would let a browser's
/// exception unwind through the worker.
fn byob_reader(blob: &Blob) -> Option<ReadableStreamByobReader> {
    let call = |target: &JsValue, name: &str, arg: Option<&JsValue>| -> Option<JsValue> {
        let f = Reflect::get(target, &JsValue::from_str(name))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        match arg {
            Some(a) => f.call1(target, a).ok(),
            None => f.call0(target).ok(),
        }
    };
    let options = ReadableStreamGetReaderOptions::new();
    options.set_mode(ReadableStreamReaderMode::Byob);
    let stream = call(blob, "stream", None)?;
    call(&stream, "getReader", Some(&options)).and_then(|r| r.dyn_into().ok())
}

impl QueuedReader {
    /// A handle on how many bytes the parser has taken, for progress.
    pub fn position(&self) -> Rc<Cell<u64>> {
        self.position.clone()
    }
}

impl Read for QueuedReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut q = self.queue.borrow_mut();
        if q.len() > 0 || q.done {
            let n = q.len().min(buf.len());
            let from = q.start;
            if let (Some(target), Some(source)) = (buf.get_mut(..n), q.bytes.get(from..from + n)) {
                target.copy_from_slice(source);
            }
            q.start += n;
            self.position.set(self.position.get() + n as u64);
            return Ok(n);
        }
        // Not read ahead yet: read it now, and have the stream skip it.
        drop(q);
        self.direct.seek(SeekFrom::Start(self.position.get()))?;
        let n = self.direct.read(buf)?;
        self.queue.borrow_mut().skip += n as u64;
        Ok(n)
    }
}
