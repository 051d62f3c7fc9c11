//! A household file under several rule sets, one row at a time: what `timbang classify` and
//! `timbang summary` do, and the web app's worker does in the browser, so that their figures and
//! files are the same.
//!
//! - [`Binding`]: one file's headers bound to every rule set; [`Binding::evaluate`] gives one
//!   [`Outcome`] per rule set for any [`crate::table::Row`] (CSV rows, spreadsheet rows as
//!   [`crate::table::TextRow`]) and the row's weight.
//! - [`Batch`]: the summaries and transitions of a whole file ([`Batch::add_row`], then
//!   [`Batch::finish`] gives a [`BatchReport`], what `timbang summary --json` prints).
//! - [`OutputWriter`]: the rows of the classified file (`timbang classify --output`).

mod binding;
mod output;
mod run;

pub use binding::{problem_of, read_weight, Binding, Outcome};
pub use output::{format_num, push_field, OutputWriter, ADDED_COLUMNS};
pub use run::{Batch, BatchOptions, BatchReport, RowResult};

#[cfg(test)]
mod tests;
