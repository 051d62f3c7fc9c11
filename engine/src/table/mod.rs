//! Household files: a streaming reader of rows of text cells, and their binding to a rule set.
//!
//! Household files come as people have them: `,`, `;` or tab separated (sniffed from the header line),
//! UTF-8 with or without a byte-order mark, quoted fields, a decimal comma, Indonesian headers in any
//! case. Three layers, so that other sources (XLSX in the web app) reuse the last two:
//!
//! 1. a source of rows: [`CsvReader`] here; anything else implements [`Row`] (cells as text, by index);
//! 2. [`Headers`]: the header row, looked up by name without regard to case, surrounding spaces, or
//!    whether words are joined with spaces, `_` or `-` (see [`normalise`]);
//! 3. [`Layout`]: for one rule set, which column answers which question and where a row's cluster comes
//!    from, resolved once from the headers, an optional [`ColumnMap`] and a [`ClusterChoice`]; then
//!    [`Layout::read_row`] turns each row into a cluster index and typed answers, or a [`RowProblem`]
//!    (line number, reason code, column, text). A bad row never stops a run: the caller counts it as
//!    not assessable and goes on. A layout also compiles each cluster against the file's columns into
//!    a row program (`program.rs`), which classes the usual row straight from its cells' bytes; any
//!    other row is read and classified the general way, with the same result.
//!
//! Nothing here allocates per row on the happy path: the CSV record buffer is reused, cells are
//! borrowed, and the answers go into a slice the caller reuses.
//!
//! # The column map (`timbang.columns/1`)
//!
//! Users do not rename their columns to match a rule set. A column map, written by hand or exported by
//! the web app and given to `timbang classify --map`, says which header holds which question and where
//! the cluster comes from:
//!
//! ```json
//! {
//!   "format": "timbang.columns/1",
//!   "columns": { "luas_lantai": "Luas Lantai (m2)", "jenis_lantai": "Lantai" },
//!   "cluster": { "column": "Kecamatan",
//!                "values": { "Bissappu": "pesisir", "Uluere": "pegunungan" } }
//! }
//! ```
//!
//! - `format` (optional): `"timbang.columns/1"`.
//! - `columns` (optional): question id → header of the column holding its answers. Questions not
//!   listed are found by their id or their label (Indonesian or English), as [`Headers::find`] matches.
//!   One map can serve several rule sets: a question id need only exist in one of them.
//! - `cluster` (optional): either `{"column": "Header"}`, the column naming each row's cluster by id
//!   or label (case-insensitive), with optional `values` (cell text → cluster id, e.g. kecamatan →
//!   cluster), or `{"fixed": "cluster_id"}`, one cluster for every row.
//!
//! Without a cluster setting, a column headed `cluster`, `klaster` or `kluster` is used; a rule set with
//! a single cluster always uses it and ignores any cluster setting.

mod bytes;
#[cfg(feature = "row-program")]
mod decimal;
#[cfg(feature = "row-program")]
mod derived;
mod headers;
mod layout;
mod lookup;
mod map;
mod problem;
#[cfg(feature = "row-program")]
mod program;
mod reader;
mod row;
mod split;

pub use headers::{normalise, Headers};
pub use layout::{ClusterChoice, Layout};
pub(crate) use lookup::Lookup;
pub use map::{ClusterSpec, ColumnMap};
pub use problem::{RowCode, RowProblem, TableCode, TableError};
pub use reader::{CsvReader, CsvRow, RowBuffer};
pub use row::{Row, TextRow};

/// The value of the optional `format` field of a column map.
pub const MAP_FORMAT: &str = "timbang.columns/1";

/// Headers of a cluster column found without being named (compared as [`normalise`] does).
pub const CLUSTER_HEADERS: [&str; 3] = ["cluster", "klaster", "kluster"];
