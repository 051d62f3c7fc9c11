//! The app's state: one reducer per concern, pure and unit-tested on the host.

pub mod drill_lists;
pub mod file_run;
pub mod file_settings;
pub mod library;
pub mod session;
