//! The meaning checks of a rule set that the format alone cannot express.
//!
//! [`validate`] runs every check and returns every problem it finds, errors and warnings, each a typed
//! [`Code`] with the JSON path of the offending part and the parameters its message needs. It never
//! stops at the first error: an author fixing a file wants the whole list at once.
//!
//! The checks are grouped by what they look at:
//! - [`ids`]: id syntax, duplicates, the symbol tables the other checks use;
//! - [`meta`]: format, dates, colours, texts in both languages;
//! - [`questions`]: question types and their constraints;
//! - [`types`]: derived-value expressions, cycles among them, and conditions against their subject;
//! - [`method`]: what the scoring method requires of each cluster (conditions, points, weights);
//! - [`bands`]: class bands against each cluster's reachable score range, likelihood tables;
//! - [`usage`]: questions, derived values and indicators nothing uses;
//! - [`households`]: the test households' references and answers (they are run by [`crate::load`]).

mod bands;
mod households;
mod ids;
mod interval;
mod meta;
mod method;
mod questions;
mod types;
mod usage;

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::expr::Expr;
use crate::model::{Question, QuestionType, RuleSet};

/// Every problem in `rules`, errors and warnings, in the order the checks find them.
///
/// ```
/// use timbang_engine::{validate, RuleSet};
/// use timbang_engine::diagnostic::Code;
/// let json = r##"{
///   "format": "timbang.ruleset/1", "id": "demo", "version": "1", "date": "2024-02-30",
///   "name": {"id": "Contoh", "en": "Example"}, "status": "draft",
///   "description": {"id": "Contoh.", "en": "Example."}, "method": "count",
///   "clusters": [{"id": "semua", "label": {"id": "Semua", "en": "All"},
///                 "indicators": [{"indicator": "lantai"}]}],
///   "questions": [{"id": "lantai_tanah", "label": {"id": "Lantai tanah?", "en": "Earth floor?"},
///                  "type": "yes_no"}],
///   "indicators": [{"id": "lantai", "label": {"id": "Lantai tanah", "en": "Earth floor"},
///                   "on": "lantai_tanah", "condition": {"op": "=", "value": true}}],
///   "classes": [
///     {"id": "miskin", "label": {"id": "Miskin", "en": "Poor"}, "colour": "#b22222",
///      "from": {"value": 1, "inclusive": true}},
///     {"id": "tidak_miskin", "label": {"id": "Tidak miskin", "en": "Not poor"}, "colour": "#2e8b57",
///      "to": {"value": 1, "inclusive": false}}
///   ]
/// }"##;
/// let rules: RuleSet = serde_json::from_str(json).unwrap();
/// let problems = validate(&rules);
/// assert_eq!(problems.len(), 1);
/// assert_eq!(problems[0].code, Code::InvalidDate);
/// assert_eq!(problems[0].path, "$.date");
/// ```
pub fn validate(rules: &RuleSet) -> Vec<Diagnostic> {
    let mut ctx = Ctx::new(rules);
    meta::check(&mut ctx);
    ids::check(&mut ctx);
    questions::check(&mut ctx);
    types::check(&mut ctx);
    method::check(&mut ctx);
    bands::check(&mut ctx);
    usage::check(&mut ctx);
    households::check(&mut ctx);
    ctx.out
}

/// What an indicator's condition or an expression can be about.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Subject<'a> {
    /// A question.
    Question(&'a Question),
    /// A derived value, by index.
    Derived(usize),
}

impl Subject<'_> {
    /// The type name used in `type_mismatch` parameters.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Subject::Question(q) => match q.kind {
                QuestionType::YesNo => "yes_no",
                QuestionType::Number => "number",
                QuestionType::Choice => "choice",
            },
            Subject::Derived(_) => "derived",
        }
    }

    /// Whether the subject holds a number.
    pub(crate) fn is_number(&self) -> bool {
        match self {
            Subject::Question(q) => q.kind == QuestionType::Number,
            Subject::Derived(_) => true,
        }
    }
}

/// The state the checks share: the rule set, its symbol tables (first occurrence of each id), the
/// parsed expressions, and the diagnostics found so far.
pub(crate) struct Ctx<'a> {
    pub(crate) rules: &'a RuleSet,
    /// Questions and derived values share one namespace (both are read by expressions and `on`).
    pub(crate) inputs: HashMap<&'a str, Subject<'a>>,
    pub(crate) indicators: HashMap<&'a str, usize>,
    pub(crate) clusters: HashMap<&'a str, usize>,
    pub(crate) classes: HashMap<&'a str, usize>,
    /// Parsed expression of each derived value (`None` when it does not parse).
    pub(crate) exprs: Vec<Option<Expr>>,
    pub(crate) out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    fn new(rules: &'a RuleSet) -> Ctx<'a> {
        let mut inputs = HashMap::new();
        for q in &rules.questions {
            inputs.entry(q.id.as_str()).or_insert(Subject::Question(q));
        }
        for (i, d) in rules.derived.iter().enumerate() {
            inputs.entry(d.id.as_str()).or_insert(Subject::Derived(i));
        }
        let first = |ids: Vec<&'a str>| {
            let mut map = HashMap::new();
            for (i, id) in ids.into_iter().enumerate() {
                map.entry(id).or_insert(i);
            }
            map
        };
        Ctx {
            rules,
            inputs,
            indicators: first(rules.indicators.iter().map(|x| x.id.as_str()).collect()),
            clusters: first(rules.clusters.iter().map(|x| x.id.as_str()).collect()),
            classes: first(rules.classes.iter().map(|x| x.id.as_str()).collect()),
            exprs: Vec::new(),
            out: Vec::new(),
        }
    }

    /// Records a diagnostic of `code` at `path` with `params`.
    pub(crate) fn report(&mut self, code: Code, path: String, params: &[(&str, String)]) {
        let mut d = Diagnostic::new(code, path);
        for (k, v) in params {
            d = d.with(k, v);
        }
        self.out.push(d);
    }
}

#[cfg(test)]
pub(crate) mod fixture;
