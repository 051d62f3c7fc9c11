//! A split run: one part of a CSV file read as a run of its own, and the parts merged into the
//! figures of the whole file (see [`timbang_engine::job::Part`]). The page runs the parts in as many
//! workers and asks one of them for the merge.

use web_sys::Blob;

use timbang_engine::job::{self, Part, PartResult, Reply, RunJob};
use timbang_engine::table::CsvReader;
use timbang_engine::Engine;

use crate::blob_reader::{BlobReader, SLICE_BYTES};
use crate::prefetch::{Prefetch, READ_AHEAD};
use crate::run::{csv_rows, Answer, Failure, Progress};

/// Reads `part` of the CSV file `blob`: from its first line start to the next part's, the header row
/// from the file's start. Answers [`Reply::Part`] with the part's figures beside it.
pub async fn run(
    engines: &[&Engine],
    job: &RunJob,
    part: Part,
    blob: &Blob,
) -> Result<Answer, Failure> {
    let mut probe = BlobReader::new(blob.clone()).map_err(Failure::Browser)?;
    let size = probe.size();
    let (start, end) = part
        .bounds(&mut probe, size)
        .map_err(|e| Failure::Browser(e.to_string()))?;
    let body = blob
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map_err(|e| Failure::Browser(format!("Blob.slice: {e:?}")))?;
    let mut progress = Progress::new(end.saturating_sub(start));
    let (mut prefetch, reader) = Prefetch::open(&body).map_err(Failure::Browser)?;
    let position = reader.position();
    prefetch.fill(READ_AHEAD).await;
    let mut csv = if start == 0 {
        CsvReader::with_buffer(reader, None, SLICE_BYTES)?
    } else {
        // Read as part 0 reads it (as much at once), so the separator is sniffed from the same bytes.
        let start_of_file = BlobReader::new(blob.clone()).map_err(Failure::Browser)?;
        let head = CsvReader::with_buffer(start_of_file, None, SLICE_BYTES)?;
        CsvReader::continuing(&head, reader, SLICE_BYTES)
    };
    let (runner, output) = csv_rows(
        engines,
        job,
        &mut csv,
        &mut prefetch,
        &mut progress,
        &position,
    )
    .await?;
    // A part that reaches the end of the file is not cut, even if the file's last line has no break.
    let torn = csv.torn() && end < size;
    let result = runner.finish_part(part, csv.line_breaks(), torn);
    let state = result.to_bytes();
    let blob = output.map(|o| o.finish()).transpose()?;
    Ok(Answer {
        reply: Reply::Part {
            part,
            torn: result.torn,
        },
        blob,
        state: Some(state),
    })
}

/// The parts' figures (bytes, as [`run`] wrote them) merged into those of the whole file.
pub fn merge(states: &[Vec<u8>]) -> Result<Answer, Failure> {
    let parts = states
        .iter()
        .map(|s| PartResult::from_bytes(s))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| Failure::Browser("a part's figures cannot be read".to_owned()))?;
    let result = job::merge(parts).map_err(|e| Failure::Browser(e.to_string()))?;
    Ok(Answer {
        reply: Reply::Done(Box::new(result)),
        blob: None,
        state: None,
    })
}
