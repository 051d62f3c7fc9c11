//! The small valid rule set the unit tests mutate (the same file the broken corpus starts from).

use crate::model::RuleSet;

/// The base rule set: weighted, two clusters, five indicators, weights 1/3, 1/6, 1/18, 4/9.
pub(crate) const BASE_JSON: &str = include_str!("../../tests/broken/base.json");

/// The base rule set, parsed.
pub(crate) fn base() -> RuleSet {
    serde_json::from_str(BASE_JSON).expect("base.json parses")
}

/// The codes and paths `validate` reports for `rules`.
pub(crate) fn found(rules: &RuleSet) -> Vec<(crate::diagnostic::Code, String)> {
    super::validate(rules)
        .into_iter()
        .map(|d| (d.code, d.path))
        .collect()
}
