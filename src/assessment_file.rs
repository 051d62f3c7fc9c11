//! The assessment file: what a person exports to keep or share one household's result, and imports
//! to see it again. It names the exact rule set by id, version and content hash.

use serde::{Deserialize, Serialize};
use timbang_engine::assess::Assessment;

use crate::state::session::Answers;

/// The value of `format` in an assessment file.
pub const FORMAT: &str = "timbang.assessment/1";

/// Which rule set an assessment was made with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSetRef {
    /// The rule set's id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// The short content hash of its exact rules.
    pub hash: String,
}

/// An assessment file, as written. The result is written for readers and other tools; importing reads
/// only the rule set, cluster and answers and lets the engine assess again.
#[derive(Debug, Serialize)]
pub struct AssessmentFile<'a> {
    /// [`FORMAT`].
    pub format: &'static str,
    /// The day it was made, `YYYY-MM-DD`.
    pub date: String,
    /// The rule set.
    pub rule_set: RuleSetRef,
    /// The cluster's id.
    pub cluster: &'a str,
    /// The answers as given.
    pub answers: &'a Answers,
    /// The engine's result.
    pub result: &'a Assessment,
}

/// What importing needs of an assessment file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AssessmentImport {
    /// Must be [`FORMAT`].
    pub format: String,
    /// The rule set.
    pub rule_set: RuleSetRef,
    /// The cluster's id.
    pub cluster: String,
    /// The answers.
    pub answers: Answers,
}

/// Why an assessment file cannot be imported.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// Not JSON of this shape; with the line and column.
    Syntax {
        line: usize,
        column: usize,
        detail: String,
    },
    /// Another `format`.
    Format(String),
}

/// Reads an assessment file.
pub fn parse(text: &str) -> Result<AssessmentImport, ImportError> {
    let file: AssessmentImport = serde_json::from_str(text).map_err(|e| ImportError::Syntax {
        line: e.line(),
        column: e.column(),
        detail: e.to_string(),
    })?;
    if file.format != FORMAT {
        return Err(ImportError::Format(file.format));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_needs_and_names_the_error_position() {
        let text = r#"{"format":"timbang.assessment/1","date":"2026-11-28",
            "rule_set":{"id":"bps-14","version":"1.0.0","hash":"0a1b2c3d"},
            "cluster":"semua","answers":{"listrik":false,"luas_lantai":"12,5"},"result":{}}"#;
        let file = parse(text).unwrap();
        assert_eq!(file.rule_set.hash, "0a1b2c3d");
        assert_eq!(file.answers.len(), 2);

        assert_eq!(
            parse(&text.replace("assessment/1", "assessment/9")),
            Err(ImportError::Format("timbang.assessment/9".into()))
        );
        match parse("{\n  \"format\": }") {
            Err(ImportError::Syntax { line, column, .. }) => assert_eq!((line, column), (2, 13)),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }
}
