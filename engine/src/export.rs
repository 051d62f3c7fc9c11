//! Writing a rule set back out, always as the same bytes, and the short hash that names those bytes.
//!
//! The field order is the model's declaration order, maps are sorted (`BTreeMap`), optional fields
//! that are absent or default are left out, and numbers are written the way [`crate::Num`] writes them
//! (a JSON number when exact and short, otherwise a decimal or fraction string). So exporting a loaded rule set gives the
//! same bytes every time, reading them back gives the same rule set, and [`content_hash`] can tell
//! whether two files hold the same rules.

use sha2::{Digest, Sha256};

use crate::model::RuleSet;

/// The rule set as pretty JSON: two-space indent, a final newline, the same bytes each time.
///
/// ```
/// use timbang_engine::export::export;
/// use timbang_engine::RuleSet;
/// # let json = include_str!("../tests/broken/base.json");
/// let rules: RuleSet = serde_json::from_str(json).unwrap();
/// let text = export(&rules);
/// assert!(text.starts_with("{\n  \"format\": \"timbang.ruleset/1\","));
/// assert!(text.ends_with("}\n"));
/// let back: RuleSet = serde_json::from_str(&text).unwrap();
/// assert_eq!(back, rules);
/// assert_eq!(export(&back), text);
/// ```
pub fn export(rules: &RuleSet) -> String {
    // Serialising these types cannot fail: every map has string keys and every number is finite.
    let mut text = serde_json::to_string_pretty(rules).unwrap_or_default();
    text.push('\n');
    text
}

/// The first 8 hex digits of the SHA-256 of [`export`]`(rules)`: a short name for exactly these rules,
/// shown beside results so that a reader can tell which version of a rule set produced them.
///
/// ```
/// use timbang_engine::export::content_hash;
/// use timbang_engine::RuleSet;
/// # let json = include_str!("../tests/broken/base.json");
/// let mut rules: RuleSet = serde_json::from_str(json).unwrap();
/// let before = content_hash(&rules);
/// assert_eq!(before.len(), 8);
/// assert!(before.chars().all(|c| c.is_ascii_hexdigit()));
/// rules.version = "2".into();
/// assert_ne!(content_hash(&rules), before);
/// ```
pub fn content_hash(rules: &RuleSet) -> String {
    let digest = Sha256::digest(export(rules).as_bytes());
    digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bound, Condition, RuleSet};
    use crate::num::Num;
    use crate::validate::fixture::{base, BASE_JSON};
    use proptest::prelude::*;

    #[test]
    fn the_base_file_is_already_in_export_form() {
        assert_eq!(export(&base()), BASE_JSON);
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(content_hash(&base()), content_hash(&base()));
    }

    fn num() -> impl Strategy<Value = Num> {
        prop_oneof![
            (-1000i64..1000).prop_map(Num::int),
            (-100_000i64..100_000, 1i64..1000)
                .prop_map(|(a, b)| Num::ratio(a.into(), b.into()).unwrap_or(Num::ZERO)),
            (any::<i64>(), 1i64..=i64::MAX)
                .prop_map(|(a, b)| Num::ratio(a.into(), b.into()).unwrap_or(Num::ZERO)),
            (-1_000_000i64..1_000_000, 0u32..12).prop_map(|(a, e)| Num::ratio(
                a.into(),
                10i128.pow(e)
            )
            .unwrap_or(Num::ZERO)),
        ]
    }

    fn bound() -> impl Strategy<Value = Option<Bound>> {
        proptest::option::of(
            (num(), any::<bool>()).prop_map(|(value, inclusive)| Bound { value, inclusive }),
        )
    }

    /// Mutations of the base rule set: weights, thresholds, band ends, labels and metadata.
    fn rule_set() -> impl Strategy<Value = RuleSet> {
        (
            proptest::collection::vec(proptest::option::of(num()), 8),
            proptest::collection::vec(num(), 5),
            proptest::collection::vec((bound(), bound()), 4),
            proptest::collection::vec(".*", 6),
            proptest::collection::vec(proptest::option::of("[a-zA-Z ]{0,12}"), 3),
        )
            .prop_map(|(weights, thresholds, bands, labels, authors)| {
                let mut r = base();
                let mut w = weights.into_iter();
                for cl in &mut r.clusters {
                    for ci in &mut cl.indicators {
                        ci.weight = w.next().flatten();
                    }
                }
                let mut t = thresholds.into_iter();
                for ind in &mut r.indicators {
                    if let Some(Condition::Lt { value } | Condition::Gt { value }) =
                        &mut ind.condition
                    {
                        *value = t.next().unwrap_or(Num::ZERO);
                    }
                }
                for (class, (from, to)) in r.classes.iter_mut().zip(bands) {
                    class.from = from;
                    class.to = to;
                }
                let mut l = labels.into_iter();
                r.name.id = l.next().unwrap_or_default();
                r.name.en = l.next().unwrap_or_default();
                r.questions[0].label.id = l.next().unwrap_or_default();
                r.classes[0].label.en = l.next().unwrap_or_default();
                r.tests[0].name.id = l.next().unwrap_or_default();
                r.version = l.next().unwrap_or_default();
                r.authors = authors.into_iter().flatten().collect();
                r
            })
    }

    proptest! {
        #[test]
        fn export_then_import_is_the_identity(r in rule_set()) {
            let text = export(&r);
            let back: RuleSet = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(&back, &r);
            prop_assert_eq!(export(&back), text);
            prop_assert_eq!(content_hash(&back), content_hash(&r));
        }
    }
}
