//! One component per file.

pub mod header;
pub mod language_switch;
