//! # timbang-engine
//!
//! The heart of Timbang: the rule-set model, its validation, the exact evaluation of a household with an
//! explanation, and statistics over many households. No web dependency: the web app, its worker and the
//! `timbang` CLI only call this crate.

pub mod model;
pub mod num;
pub mod text;

pub use model::{Method, RuleSet, Value, FORMAT_V1};
pub use num::Num;
pub use text::{Lang, Text};
