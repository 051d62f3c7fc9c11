//! # timbang-engine
//!
//! The heart of Timbang: the rule-set model, its validation, the exact evaluation of a household with an
//! explanation, and statistics over many households. No web dependency: the web app, its worker and the
//! `timbang` CLI only call this crate.

pub mod answers;
pub mod assess;
pub mod batch;
pub mod case;
pub mod compile;
mod condition_de;
pub mod diagnostic;
pub mod diff;
pub mod explain;
pub mod export;
pub mod expr;
pub mod format;
mod hash;
pub mod job;
pub mod load;
mod messages;
pub mod model;
pub mod num;
mod pack;
pub mod stats;
pub mod table;
pub mod text;
pub mod validate;
pub mod whatif;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use answers::{parse_cell, type_answer, AnswerError, AnswerErrorCode, Input};
pub use assess::{
    AssessError, Assessment, Classified, Problem, ProblemCode, Unassessable, UnassessableReason,
};
pub use compile::Engine;
pub use diagnostic::{Code, Diagnostic, Severity};
pub use export::{content_hash, export};
pub use expr::{parse as parse_expr, EvalError, Expr, ExprError, ExprErrorKind};
pub use load::{load, Loaded, TestOutcome};
pub use model::{Method, RuleSet, Value, FORMAT_V1};
pub use num::Num;
pub use stats::{Report, Summary, Transition};
pub use table::{ColumnMap, CsvReader, Layout, RowCode, RowProblem, TableCode, TableError};
pub use text::{Lang, Text};
pub use validate::validate;
pub use whatif::{Change, Direction, Distance, WhatIf};
