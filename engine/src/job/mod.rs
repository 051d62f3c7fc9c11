//! A household-file job as the web app hands it to its worker, and the worker's replies.
//!
//! The page never parses a household file: it posts a [`Request`] (as JSON, beside the picked `File`)
//! to the worker, which streams the file through a [`crate::batch::Batch`] and answers with
//! [`Reply`]s: the header row for the column-mapping step, progress, and the figures. Both sides are
//! Rust, so the messages are these types; nothing in them is web-specific. A request is JSON (serde);
//! a reply is packed ([`Reply::to_bytes`]): the page's code for reading a run's figures from JSON was
//! 24.6 KB (gzip), and the packed readers in its place made it 16.4 KB smaller on the whole.
//!
//! ```
//! use timbang_engine::job::{Reply, Request};
//! let request: Request = serde_json::from_str(r#""inspect""#).unwrap();
//! assert_eq!(request, Request::Inspect);
//! let reply = Reply::Progress { bytes: 10, total: 40, rows: 3 };
//! assert_eq!(Reply::from_bytes(&reply.to_bytes()), Ok(reply));
//! assert!(Reply::from_bytes(b"\x01\x0a\x28\x03").is_err());
//! ```

mod drill;
mod part;
mod runner;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::batch::BatchReport;
pub use crate::pack::PackedError;
use crate::pack::{self, Pack};
use crate::table::{ColumnMap, TableError};

pub use drill::{Drill, DrillCell, DrillRow, DRILL_LIMIT};
pub use part::{line_start_at, merge, MergeError, Part, PartResult};
pub use runner::Runner;

/// What the page asks of the worker, about the file posted with it.
// Externally tagged (`{"run": {…}}`): serde reads an internally tagged enum through its buffered
// `Content`, in more code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
// One request per run, read once: its size does not matter, and a box would only add code.
#[allow(clippy::large_enum_variant)]
pub enum Request {
    /// Read the header row, for the column-mapping step. The web app posts the variants' rule sets
    /// beside it, as it does a run's, for the worker to rehearse a run of the file's first rows
    /// meanwhile (nothing of it is answered: see the worker's `run::rehearse`).
    Inspect,
    /// Classify every row under every variant (or those of one part of the file).
    Run(RunJob),
    /// Merge the [`PartResult`]s of a split run (they come beside the request, packed) into
    /// the figures of the whole file.
    Merge,
}

/// A whole run over a household file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunJob {
    /// The variants' rule sets as JSON text, in order; the first is the reference of the transitions.
    /// Never written into the request's JSON, where every quote of them would be escaped: the web
    /// app posts them beside it, as strings of their own. A request read from JSON may hold them.
    #[serde(default, skip_serializing)]
    pub rulesets: Vec<String>,
    /// Which column answers which question, and where each row's cluster comes from.
    pub map: ColumnMap,
    /// Columns to group by (e.g. kecamatan, desa), outermost first.
    #[serde(default)]
    pub by: Vec<String>,
    /// A column weighting each household (e.g. household size), for figures per person.
    #[serde(default)]
    pub weight: Option<String>,
    /// Also write the file back with class and score per variant, as `timbang classify` does.
    #[serde(default)]
    pub output: Option<OutputFormat>,
    /// Only this part of a CSV file (the header row is still read from the start); `None`: all of it.
    /// The web app posts it beside the request instead, so one written request serves every worker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
}

/// The format of a written result file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputFormat {
    /// Comma- or semicolon-separated, as the input was.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

/// The kind of a household file, told by its first bytes (an XLSX workbook is a zip file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// Delimited text.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl FileKind {
    /// The kind of a file starting with `head` (a zip file's signature `PK\x03\x04` means XLSX).
    ///
    /// ```
    /// use timbang_engine::job::FileKind;
    /// assert_eq!(FileKind::sniff(b"PK\x03\x04rest"), FileKind::Xlsx);
    /// assert_eq!(FileKind::sniff(b"\xEF\xBB\xBFnama;desa"), FileKind::Csv);
    /// ```
    pub fn sniff(head: &[u8]) -> FileKind {
        if head.starts_with(b"PK\x03\x04") {
            FileKind::Xlsx
        } else {
            FileKind::Csv
        }
    }
}

/// What the worker tells the page, packed ([`Reply::to_bytes`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The file's header row.
    Headers {
        /// CSV or XLSX.
        file: FileKind,
        /// The column names, in order.
        headers: Vec<String>,
    },
    /// How far a run has got.
    Progress {
        /// Bytes of the file read.
        bytes: u64,
        /// The file's size.
        total: u64,
        /// Rows done.
        rows: u64,
    },
    /// A run's figures (and, when asked, the written file comes beside this message).
    Done(Box<RunResult>),
    /// One part of a split run is read: its [`PartResult`] comes beside this message, packed,
    /// for the page to pass on to [`Request::Merge`] without reading it (and its part of the written
    /// file, when asked).
    Part {
        /// Which part.
        part: Part,
        /// It ended inside a record: the file must be run whole.
        torn: bool,
    },
    /// The file (or its binding to the rule sets) cannot be used: every problem, with its place.
    Failed {
        /// The problems.
        errors: Vec<TableError>,
    },
    /// The file cannot be read as a workbook (damaged, not XLSX, no worksheet): the worker's message
    /// in both languages, as the reading code words it.
    Unreadable {
        /// In Indonesian.
        id: String,
        /// In English.
        en: String,
    },
    /// The worker could not do its work (e.g. the browser refused to read the file); for a bug report.
    Broken {
        /// What went wrong, as the browser said it.
        detail: String,
    },
}

impl Reply {
    /// The reply in its packed form, for the page, after a fingerprint of this build.
    pub fn to_bytes(&self) -> Vec<u8> {
        pack::tagged(|out| self.pack(out))
    }

    /// A reply from its packed form: an error for bytes packed by another build (a worker the
    /// browser kept from another release) or damaged ones.
    pub fn from_bytes(bytes: &[u8]) -> Result<Reply, PackedError> {
        pack::from_tagged_bytes(bytes)
    }
}

crate::pack::packed_enum!(FileKind, [FileKind::Csv, FileKind::Xlsx]);

impl Pack for Reply {
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            Reply::Headers { file, headers } => {
                out.push(0);
                file.pack(out);
                headers.pack(out);
            }
            Reply::Progress { bytes, total, rows } => {
                out.push(1);
                bytes.pack(out);
                total.pack(out);
                rows.pack(out);
            }
            Reply::Done(result) => {
                out.push(2);
                result.pack(out);
            }
            Reply::Part { part, torn } => {
                out.push(3);
                part.pack(out);
                torn.pack(out);
            }
            Reply::Failed { errors } => {
                out.push(4);
                errors.pack(out);
            }
            Reply::Unreadable { id, en } => {
                out.push(5);
                id.pack(out);
                en.pack(out);
            }
            Reply::Broken { detail } => {
                out.push(6);
                detail.pack(out);
            }
        }
    }

    fn unpack(input: &mut &[u8]) -> Option<Reply> {
        let (&tag, rest) = input.split_first()?;
        *input = rest;
        Some(match tag {
            0 => Reply::Headers {
                file: Pack::unpack(input)?,
                headers: Pack::unpack(input)?,
            },
            1 => Reply::Progress {
                bytes: Pack::unpack(input)?,
                total: Pack::unpack(input)?,
                rows: Pack::unpack(input)?,
            },
            2 => Reply::Done(Box::new(Pack::unpack(input)?)),
            3 => Reply::Part {
                part: Pack::unpack(input)?,
                torn: Pack::unpack(input)?,
            },
            4 => Reply::Failed {
                errors: Pack::unpack(input)?,
            },
            5 => Reply::Unreadable {
                id: Pack::unpack(input)?,
                en: Pack::unpack(input)?,
            },
            6 => Reply::Broken {
                detail: Pack::unpack(input)?,
            },
            _ => return None,
        })
    }
}

/// The text of `timbang summary --json`: the report as pretty JSON and a line end.
///
/// ```
/// use timbang_engine::batch::BatchReport;
/// let report = BatchReport { weight: None, rulesets: vec![], transitions: vec![] };
/// assert!(timbang_engine::job::summary_json(&report).ends_with("}\n"));
/// ```
pub fn summary_json(report: &BatchReport) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}

/// The figures of a run, and the households behind each cell of the transition matrices.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    /// Rows read (the header excluded).
    pub rows: u64,
    /// The figures, for showing (the text below is what the CLI writes, byte for byte).
    pub report: BatchReport,
    /// Exactly what `timbang summary --json` prints for the same file, rule sets and columns: see
    /// [`summary_json`].
    pub summary_json: String,
    /// The first households of every non-empty transition cell. The browser's worker sends them
    /// beside the reply, packed apart ([`drill_to_bytes`]), and leaves this empty.
    pub drill: Vec<DrillCell>,
}

crate::pack::packed_struct!(RunResult {
    rows,
    report,
    summary_json,
    drill
});

/// A run's drill-down lists packed apart from its figures, to be read only when a person opens a
/// cell: they were two thirds of a run's reply, and most runs never open one.
pub fn drill_to_bytes(cells: &[DrillCell]) -> Vec<u8> {
    pack::tagged(|out| pack::pack_slice(cells, out))
}

/// The lists [`drill_to_bytes`] packed, or why they do not read (see [`Reply::from_bytes`]).
pub fn drill_from_bytes(bytes: &[u8]) -> Result<Vec<DrillCell>, PackedError> {
    pack::from_tagged_bytes(bytes)
}
