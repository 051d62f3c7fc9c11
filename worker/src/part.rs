//! A split run: one part of a CSV file read as a run of its own, and the parts merged into the
//! figures of the whole file (see [`timbang_engine::job::Part`]). The page runs the parts in as many
//! workers and asks one of them for the merge.

use web_sys::Blob;

use timbang_engine::job::{self, Part, PartResult, Reply, RunJob};
use timbang_engine::Engine;

use crate::blob_reader::BlobReader;
use crate::run::{csv_rows, Answer, Failure, Mode};

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
    let (runner, output, read) = csv_rows(engines, job, blob, &body, start, Mode::Run).await?;
    // A part that reaches the end of the file is not cut, even if the file's last line has no break.
    let torn = read.torn && end < size;
    let result = runner.finish_part(part, read.line_breaks, torn);
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
