//! One request carried out: the header row of a file, or a whole run with progress and figures.

use std::cell::Cell;
use std::io::{BufReader, Read, Seek};

use js_sys::{Array, Uint8Array};
use web_sys::{Blob, BlobPropertyBag, File};

use timbang_engine::batch::OutputWriter;
use timbang_engine::job::{self, FileKind, OutputFormat, Reply, Request, RunJob, Runner};
use timbang_engine::table::{ColumnMap, CsvReader, CsvRow, Headers, Row, RowBuffer, TableError};
use timbang_engine::xlsx::{XlsxError, XlsxReader};
use timbang_engine::{Engine, Lang};

use crate::blob_reader::{BlobReader, SLICE_BYTES};
use crate::post;
use crate::prefetch::{Prefetch, READ_AHEAD};
use crate::sheet::SheetWriter;

/// How often progress is posted: every this many rows, when the file has moved on by a step.
const PROGRESS_ROWS: u64 = 16_384;
/// Output is handed to the browser in parts of about this size, so it never sits twice in wasm memory.
const OUTPUT_PART: usize = 8 << 20;

/// How much of a CSV file a rehearsal runs: about 15,000 rows of a registry export.
const REHEARSAL_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

thread_local! {
    /// The requests received so far: a rehearsal stops at its next chunk of rows once another has
    /// come (a run, another file's header row, a merge), which then has the worker to itself.
    static REQUESTS: Cell<u64> = const { Cell::new(0) };
}

/// Counts a request received (see [`REQUESTS`]); called for every message.
pub(crate) fn received() -> u64 {
    REQUESTS.with(|r| {
        r.set(r.get().wrapping_add(1));
        r.get()
    })
}

/// Carries out `request` on `file`, posting every reply. A run goes on in the background: it awaits
/// the file's stream between chunks of rows. The header row of a CSV file that comes with the
/// variants' rule sets (`rulesets`) is followed by a rehearsal (see [`rehearse`]); `id` is the
/// request's number (see [`received`]).
pub fn handle(request: Request, file: File, rulesets: Vec<String>, id: u64) {
    let blob: Blob = file.into();
    match request {
        Request::Inspect => {
            let answer = inspect(&blob);
            let csv = answer.as_ref().is_ok_and(|a| {
                matches!(
                    a.reply,
                    Reply::Headers {
                        file: FileKind::Csv,
                        ..
                    }
                )
            });
            send(answer);
            if csv && !rulesets.is_empty() {
                wasm_bindgen_futures::spawn_local(rehearse(rulesets, blob, id));
            }
        }
        Request::Run(job) => wasm_bindgen_futures::spawn_local(async move {
            send(run(&job, &blob, Mode::Run).await);
        }),
        Request::Merge => send(Err(Failure::Browser(
            "a merge comes with parts, not a file".into(),
        ))),
    }
}

/// The last reply to a request: the written file and a part's figures travel beside it.
pub(crate) struct Answer {
    pub reply: Reply,
    pub blob: Option<Blob>,
    /// A [`timbang_engine::job::PartResult`], packed.
    pub state: Option<Vec<u8>>,
}

impl Answer {
    fn new(reply: Reply, blob: Option<Blob>) -> Answer {
        Answer {
            reply,
            blob,
            state: None,
        }
    }
}

/// Posts the outcome of a request to the page.
pub(crate) fn send(outcome: Result<Answer, Failure>) {
    match outcome {
        Ok(mut a) => {
            // A run's drill-down lists travel beside its figures, packed apart: they were two thirds
            // of the reply, and the page read them with the figures, in one task, though most runs
            // never open a cell.
            let drill = match &mut a.reply {
                Reply::Done(result) => {
                    Some(job::drill_to_bytes(&std::mem::take(&mut result.drill)))
                }
                _ => None,
            };
            post::reply_with(
                &a.reply,
                a.blob.as_ref(),
                a.state.as_deref(),
                drill.as_deref(),
            )
        }
        Err(failure) => post::reply(&failure.into_reply(), None),
    }
}

/// Why a request could not be carried out.
pub(crate) enum Failure {
    /// The file or its binding to the rule sets: the person can act on it.
    Table(Vec<TableError>),
    /// The browser or the worker itself.
    Browser(String),
    /// An XLSX file that cannot be read as a workbook.
    Workbook(XlsxError),
}

impl Failure {
    fn into_reply(self) -> Reply {
        match self {
            Failure::Table(errors) => Reply::Failed { errors },
            Failure::Browser(detail) => Reply::Broken { detail },
            Failure::Workbook(e) => Reply::Unreadable {
                id: e.message(Lang::Id),
                en: e.message(Lang::En),
            },
        }
    }
}

impl From<XlsxError> for Failure {
    fn from(e: XlsxError) -> Failure {
        Failure::Workbook(e)
    }
}

impl From<TableError> for Failure {
    fn from(e: TableError) -> Failure {
        Failure::Table(vec![e])
    }
}

impl From<Vec<TableError>> for Failure {
    fn from(e: Vec<TableError>) -> Failure {
        Failure::Table(e)
    }
}

fn open(blob: &Blob) -> Result<(FileKind, BlobReader), Failure> {
    let mut head = [0u8; 4];
    let mut probe = BlobReader::new(blob.clone()).map_err(Failure::Browser)?;
    let n = probe
        .read(&mut head)
        .map_err(|e| Failure::Browser(e.to_string()))?;
    let kind = FileKind::sniff(head.get(..n).unwrap_or_default());
    let reader = BlobReader::new(blob.clone()).map_err(Failure::Browser)?;
    Ok((kind, reader))
}

fn inspect(blob: &Blob) -> Result<Answer, Failure> {
    let (file, reader) = open(blob)?;
    let headers = match file {
        FileKind::Csv => {
            let csv = CsvReader::with_buffer(reader, None, SLICE_BYTES)?;
            csv.headers().names().to_vec()
        }
        FileKind::Xlsx => XlsxReader::new(BufReader::with_capacity(SLICE_BYTES, reader))?
            .headers()
            .names()
            .to_vec(),
    };
    Ok(Answer::new(Reply::Headers { file, headers }, None))
}

/// Runs the first rows of a CSV file through the variants and drops the figures, while the person
/// reviews the columns, so that the run they start next has optimised code from its first rows.
///
/// Why: a browser compiles a WebAssembly function with its optimising compiler only once it has run
/// a while, and swaps the result in at its next call. In Chromium traces of cold runs (1,000,000
/// rows), the optimising compiler first spent about 180 ms of CPU on the rule sets' setup, run once
/// per worker, and the rows ran in the baseline compiler's code, about half as fast, until 0.9 to
/// 1.5 s after the click. Chromium's workers of one page share their compiled code (the traces show
/// one compile for all), so one rehearsal serves them all.
///
/// Nothing is posted, not even progress, and it stops at its next chunk of rows when another
/// request comes (`id`, see [`received`]): the real run starts afresh. The columns are bound as the
/// file's headers name them (a question's id or label, a column named for the cluster); when they do
/// not bind, only the rule sets' setup is rehearsed.
async fn rehearse(rulesets: Vec<String>, blob: Blob, id: u64) {
    let Ok(head) = blob.slice_with_f64_and_f64(0.0, REHEARSAL_BYTES) else {
        return;
    };
    let job = RunJob {
        rulesets,
        map: ColumnMap::default(),
        by: Vec::new(),
        weight: None,
        output: None,
        part: None,
    };
    let _ = run(&job, &head, Mode::Rehearsal(id)).await;
}

/// The job's rule sets, compiled (the page loaded them, checks and test households and all).
fn engines(job: &RunJob) -> Result<Vec<Engine>, Failure> {
    let mut engines = Vec::with_capacity(job.rulesets.len());
    for (i, text) in job.rulesets.iter().enumerate() {
        let engine = timbang_engine::load::compile_loaded(text)
            .map_err(|d| Failure::Browser(format!("rule set {}: {} problem(s)", i + 1, d.len())))?;
        engines.push(engine);
    }
    Ok(engines)
}

/// A whole file (or one part of a CSV file), with progress, and the output file when the job asks
/// for one.
async fn run(job: &RunJob, blob: &Blob, mode: Mode) -> Result<Answer, Failure> {
    let engines = engines(job)?;
    let engines: Vec<&Engine> = engines.iter().collect();
    let (file, reader) = open(blob)?;
    match (file, job.part) {
        (FileKind::Csv, Some(part)) => crate::part::run(&engines, job, part, blob).await,
        (FileKind::Csv, None) => {
            let (runner, output, _) = csv_rows(&engines, job, blob, blob, 0, mode).await?;
            finish(runner, output)
        }
        (FileKind::Xlsx, Some(_)) => Err(Failure::Browser("a workbook is not split".to_owned())),
        (FileKind::Xlsx, None) => {
            let position = reader.position();
            let mut progress = Progress::new(reader.size(), mode);
            let mut sheet = Sheet {
                reader: XlsxReader::new(BufReader::with_capacity(SLICE_BYTES, reader))?,
                buffer: RowBuffer::default(),
            };
            let headers = sheet.reader.headers().clone();
            let mut runner = Runner::new(&engines, &headers, job)?;
            let mut output = job.output.map(|format| {
                let mut o = Output::new(format, OutputWriter::new(&engines, b','), &headers);
                o.header(&headers);
                o
            });
            while some_rows(
                &mut sheet,
                &mut runner,
                &mut output,
                &mut progress,
                &position,
            )? {}
            finish(runner, output)
        }
    }
}

/// How a CSV reader left its input: line breaks read, and whether its last record ran to the end of
/// the input without one ([`CsvReader::torn`]).
pub(crate) struct CsvEnd {
    pub line_breaks: u64,
    pub torn: bool,
}

/// Every row of `body` through a new [`Runner`], and into the output file when the job asks for one.
/// `body` is the CSV file `file`, or (when `start` is not 0) the part of it from `start`, a line
/// start: its header row is then read from `file`'s start, and not written again. The file is read
/// ahead through its stream (see `prefetch.rs`) between chunks of rows.
pub(crate) async fn csv_rows<'e>(
    engines: &'e [&'e Engine],
    job: &RunJob,
    file: &Blob,
    body: &Blob,
    start: u64,
    mode: Mode,
) -> Result<(Runner<'e>, Option<Output>, CsvEnd), Failure> {
    let (mut prefetch, reader) = Prefetch::open(body).map_err(Failure::Browser)?;
    let position = reader.position();
    let mut progress = Progress::new(body.size().max(0.0) as u64, mode);
    prefetch.fill(READ_AHEAD).await;
    let mut csv = if start == 0 {
        CsvReader::with_buffer(reader, None, SLICE_BYTES)?
    } else {
        // Read as part 0 reads it (as much at once), so the separator is sniffed from the same bytes.
        let start_of_file = BlobReader::new(file.clone()).map_err(Failure::Browser)?;
        let head = CsvReader::with_buffer(start_of_file, None, SLICE_BYTES)?;
        CsvReader::continuing(&head, reader, SLICE_BYTES)
    };
    let mut runner = Runner::new(engines, csv.headers(), job)?;
    let mut output = job.output.map(|format| {
        Output::new(
            format,
            OutputWriter::new(engines, csv.delimiter()),
            csv.headers(),
        )
    });
    if let Some(o) = output.as_mut().filter(|_| start == 0) {
        o.header_raw(csv.header_raw());
    }
    loop {
        prefetch.fill(READ_AHEAD).await;
        if mode.superseded() {
            return Err(Failure::Browser("a rehearsal superseded".to_owned()));
        }
        if !some_rows(&mut csv, &mut runner, &mut output, &mut progress, &position)? {
            let end = CsvEnd {
                line_breaks: csv.line_breaks(),
                torn: csv.torn(),
            };
            return Ok((runner, output, end));
        }
    }
}

/// A run the page asked for, or a rehearsal (see [`rehearse`]), which posts nothing and gives way to
/// the requests after its own (numbered as [`received`] numbers them).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Run,
    Rehearsal(u64),
}

impl Mode {
    /// Whether this is a rehearsal and another request has come since.
    fn superseded(self) -> bool {
        matches!(self, Mode::Rehearsal(id) if REQUESTS.with(Cell::get) != id)
    }
}

/// Posts progress now and then.
struct Progress {
    total: u64,
    step: u64,
    last: u64,
    mode: Mode,
}

impl Progress {
    fn new(total: u64, mode: Mode) -> Progress {
        Progress {
            total,
            step: (total / 100).max(1),
            last: 0,
            mode,
        }
    }

    fn tick(&mut self, rows: u64, bytes: u64) {
        if let Some(progress) = self.due(rows, bytes) {
            post::reply(&progress, None);
        }
    }

    /// The progress to post after `rows` rows and `bytes` bytes, if any: every [`PROGRESS_ROWS`]
    /// rows, when the file has moved on by a hundredth since the last; never in a rehearsal.
    fn due(&mut self, rows: u64, bytes: u64) -> Option<Reply> {
        let due = self.mode == Mode::Run
            && rows.is_multiple_of(PROGRESS_ROWS)
            && bytes >= self.last.saturating_add(self.step);
        due.then(|| {
            self.last = bytes;
            Reply::Progress {
                bytes,
                total: self.total,
                rows,
            }
        })
    }
}

/// Rows taken per call of [`some_rows`]. A WebAssembly function runs its optimised code only from its
/// next call on (there is no on-stack replacement), so a loop over a whole file in one call would run
/// unoptimised to the end: the loop returns every so many rows to be called again.
const CHUNK_ROWS: u32 = 4096;

/// A CSV file or a workbook's sheet, read a row at a time, its rows in the form of a CSV file's.
trait RowSource {
    fn next(&mut self) -> Result<Option<CsvRow<'_>>, Failure>;
}

impl<R: Read> RowSource for CsvReader<R> {
    fn next(&mut self) -> Result<Option<CsvRow<'_>>, Failure> {
        Ok(self.next_row()?)
    }
}

/// A workbook's sheet, its rows copied into the form of a CSV file's, so that [`some_rows`] and
/// what it calls are compiled for one row type (see [`RowBuffer`]).
struct Sheet<R: Read + Seek> {
    reader: XlsxReader<R>,
    buffer: RowBuffer,
}

impl<R: Read + Seek> RowSource for Sheet<R> {
    fn next(&mut self) -> Result<Option<CsvRow<'_>>, Failure> {
        Ok(self.reader.next_row()?.map(|row| self.buffer.copy(&row)))
    }
}

/// Up to [`CHUNK_ROWS`] rows of `source`; `false` at its end. One copy for both sources: their
/// rows are of one type, and a call through the trait object per row is nothing beside a row's work.
#[inline(never)]
fn some_rows(
    source: &mut dyn RowSource,
    runner: &mut Runner,
    output: &mut Option<Output>,
    progress: &mut Progress,
    position: &Cell<u64>,
) -> Result<bool, Failure> {
    for _ in 0..CHUNK_ROWS {
        let Some(row) = source.next()? else {
            return Ok(false);
        };
        let outcomes = runner.add(&row);
        if let Some(o) = output.as_mut() {
            o.row(&row, outcomes);
        }
        progress.tick(runner.rows(), position.get());
    }
    Ok(true)
}

fn finish(runner: Runner, output: Option<Output>) -> Result<Answer, Failure> {
    let blob = output.map(Output::finish).transpose()?;
    Ok(Answer::new(Reply::Done(Box::new(runner.finish())), blob))
}

/// The written file, handed to the browser in parts as it grows.
pub(crate) struct Output {
    format: OutputFormat,
    writer: OutputWriter,
    buffer: Vec<u8>,
    parts: Array,
    sheet: Option<SheetWriter>,
}

impl Output {
    fn new(format: OutputFormat, writer: OutputWriter, headers: &Headers) -> Output {
        let mut output = Output {
            format,
            writer,
            buffer: Vec::new(),
            parts: Array::new(),
            sheet: None,
        };
        match format {
            OutputFormat::Csv => {}
            OutputFormat::Xlsx => {
                output.sheet = Some(SheetWriter::new(&output.writer, headers));
            }
        }
        output
    }

    /// The header line of a CSV output, as the input wrote it.
    fn header_raw(&mut self, raw: &[u8]) {
        if self.format == OutputFormat::Csv {
            self.writer.write_header_raw(raw, &mut self.buffer);
        }
    }

    /// The header line of a CSV output, from header names (an XLSX input has no line as written).
    fn header(&mut self, headers: &Headers) {
        if self.format == OutputFormat::Csv {
            self.writer.write_header(headers, &mut self.buffer);
        }
    }

    fn row<R: Row + ?Sized>(&mut self, row: &R, outcomes: &[timbang_engine::batch::Outcome]) {
        match self.sheet.as_mut() {
            Some(sheet) => sheet.row(&self.writer, row, outcomes),
            None => {
                self.writer.write_row(row, outcomes, &mut self.buffer);
                if self.buffer.len() >= OUTPUT_PART {
                    self.flush();
                }
            }
        }
    }

    fn flush(&mut self) {
        if !self.buffer.is_empty() {
            self.parts.push(&Uint8Array::from(self.buffer.as_slice()));
            self.buffer.clear();
        }
    }

    pub(crate) fn finish(mut self) -> Result<Blob, Failure> {
        let mime = match self.sheet.take() {
            Some(sheet) => {
                self.buffer = sheet.finish()?;
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            None => "text/csv;charset=utf-8",
        };
        self.flush();
        let options = BlobPropertyBag::new();
        options.set_type(mime);
        Blob::new_with_u8_array_sequence_and_options(&self.parts, &options)
            .map_err(|e| Failure::Browser(format!("Blob: {e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_comes_every_so_many_rows_and_never_in_a_rehearsal() {
        let mut run = Progress::new(1_000, Mode::Run);
        assert!(run.due(1, 500).is_none());
        assert_eq!(
            run.due(PROGRESS_ROWS, 500),
            Some(Reply::Progress {
                bytes: 500,
                total: 1_000,
                rows: PROGRESS_ROWS
            })
        );
        // Not again until the file has moved on by a hundredth.
        assert!(run.due(2 * PROGRESS_ROWS, 505).is_none());
        assert!(run.due(3 * PROGRESS_ROWS, 510).is_some());
        let mut rehearsal = Progress::new(1_000, Mode::Rehearsal(1));
        assert!((1..=4 * PROGRESS_ROWS).all(|rows| rehearsal.due(rows, rows).is_none()));
    }

    #[test]
    fn a_rehearsal_gives_way_to_the_next_request() {
        let id = received();
        let rehearsal = Mode::Rehearsal(id);
        assert!(!rehearsal.superseded());
        assert!(!Mode::Run.superseded());
        received();
        assert!(rehearsal.superseded());
        assert!(!Mode::Run.superseded());
    }
}
