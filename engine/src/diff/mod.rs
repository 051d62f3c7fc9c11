//! What differs between two rule sets, as a typed list of changes ([`RuleSetDiff`]) and as sentences a
//! non-programmer reads ([`RuleSetDiff::sentences`]): indicators added or removed, conditions, weights,
//! points and class bands changed, per cluster; labels, method and questions changed.
//!
//! Only what decides a class (and what a person sees of it) is compared: descriptions, help texts,
//! sources and test households are not.
//!
//! ```
//! use timbang_engine::{diff::diff, Lang, RuleSet};
//! let a: RuleSet = serde_json::from_str(include_str!("../../tests/broken/base.json")).unwrap();
//! let mut b = a.clone();
//! b.method = timbang_engine::Method::Count;
//! let d = diff(&a, &b);
//! assert_eq!(d.changes.len(), 1);
//! assert_eq!(
//!     d.sentences(&a, &b, Lang::En),
//!     vec!["The method changes from weighted (Alkire–Foster) to count (indicators met)."]
//! );
//! assert_eq!(
//!     d.sentences(&a, &b, Lang::Id),
//!     vec!["Cara menghitung berubah dari bobot (Alkire–Foster) menjadi hitungan (jumlah indikator terpenuhi)."]
//! );
//! ```

mod clusters;
mod words;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::model::{Bound, Condition, Method, PointsCase, RuleSet};
use crate::num::Num;
use crate::text::Text;

/// Something of a rule set named in a change: its id and its label in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    /// The id.
    pub id: String,
    /// The label.
    pub label: Text,
}

impl Named {
    fn new(id: &str, label: &Text) -> Named {
        Named {
            id: id.to_owned(),
            label: label.clone(),
        }
    }
}

/// The clusters a change applies in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scope {
    /// Whether it applies in every cluster compared.
    pub every: bool,
    /// The clusters, named as the rule set with more clusters names them.
    pub clusters: Vec<Named>,
}

/// When an indicator is met: the question or derived value it looks at and the condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Test {
    /// The question or derived value.
    pub on: String,
    /// The condition (none under `points`, where the cases decide).
    pub condition: Option<Condition>,
}

/// A class's band on the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Band {
    /// Lower end; none means no lower end.
    pub from: Option<Bound>,
    /// Upper end; none means no upper end.
    pub to: Option<Bound>,
}

/// What a label belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// A cluster.
    Cluster,
    /// A question.
    Question,
    /// An indicator.
    Indicator,
    /// A class.
    Class,
}

/// One difference between two rule sets (`before` is the first, `after` the second).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Indicators add up differently.
    MethodChanged {
        /// The first rule set's method.
        before: Method,
        /// The second's.
        after: Method,
    },
    /// A cluster only the second rule set has.
    ClusterAdded {
        /// The cluster.
        cluster: Named,
    },
    /// A cluster only the first rule set has.
    ClusterRemoved {
        /// The cluster.
        cluster: Named,
    },
    /// One rule set has a single cluster the other does not: it is compared with each of the other's.
    ClustersPaired {
        /// The single cluster.
        single: Named,
        /// The clusters it is compared with.
        with: Vec<Named>,
    },
    /// A question only the second rule set asks.
    QuestionAdded {
        /// The question.
        question: Named,
    },
    /// A question only the first rule set asks.
    QuestionRemoved {
        /// The question.
        question: Named,
    },
    /// An indicator applies in the second rule set and not in the first.
    IndicatorAdded {
        /// Where.
        scope: Scope,
        /// The indicator.
        indicator: Named,
        /// Its weight (weighted rule sets).
        weight: Option<Num>,
    },
    /// An indicator applies in the first rule set and not in the second.
    IndicatorRemoved {
        /// Where.
        scope: Scope,
        /// The indicator.
        indicator: Named,
    },
    /// An indicator is met under another condition (threshold) or looks at another value.
    ConditionChanged {
        /// Where.
        scope: Scope,
        /// The indicator.
        indicator: Named,
        /// Its test in the first rule set.
        before: Test,
        /// In the second.
        after: Test,
    },
    /// An indicator weighs differently (both rule sets weighted).
    WeightChanged {
        /// Where.
        scope: Scope,
        /// The indicator.
        indicator: Named,
        /// Its weight in the first rule set.
        before: Num,
        /// In the second.
        after: Num,
    },
    /// An indicator gives other points (both rule sets scorecards).
    PointsChanged {
        /// Where.
        scope: Scope,
        /// The indicator.
        indicator: Named,
        /// Its cases in the first rule set.
        before: Vec<PointsCase>,
        /// In the second.
        after: Vec<PointsCase>,
    },
    /// A class only the second rule set has.
    ClassAdded {
        /// The class.
        class: Named,
        /// Its band.
        band: Band,
    },
    /// A class only the first rule set has.
    ClassRemoved {
        /// The class.
        class: Named,
    },
    /// A class's cut-offs moved.
    BandChanged {
        /// The class.
        class: Named,
        /// Its band in the first rule set.
        before: Band,
        /// In the second.
        after: Band,
    },
    /// The same id is called something else.
    LabelChanged {
        /// What the label belongs to.
        item: Item,
        /// Its id.
        id: String,
        /// The first rule set's label.
        before: Text,
        /// The second's.
        after: Text,
    },
}

/// Everything that differs between two rule sets, in reading order: method, clusters, questions,
/// indicators per cluster, classes, labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSetDiff {
    /// The first rule set's id and name.
    pub before: Named,
    /// The second's.
    pub after: Named,
    /// How many cluster pairs were compared (scopes are said only when there is more than one).
    pub compared_clusters: usize,
    /// The changes.
    pub changes: Vec<Change>,
}

impl RuleSetDiff {
    /// Whether the two rule sets weigh households the same way and say so in the same words.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// What differs from `before` to `after`.
pub fn diff(before: &RuleSet, after: &RuleSet) -> RuleSetDiff {
    let mut changes = Vec::new();
    if before.method != after.method {
        changes.push(Change::MethodChanged {
            before: before.method,
            after: after.method,
        });
    }
    let pairs = clusters::pair(before, after, &mut changes);
    questions(before, after, &mut changes);
    changes.extend(clusters::indicator_changes(before, after, &pairs));
    classes(before, after, &mut changes);
    labels(before, after, &mut changes);
    RuleSetDiff {
        before: Named::new(&before.id, &before.name),
        after: Named::new(&after.id, &after.name),
        compared_clusters: pairs.len(),
        changes,
    }
}

fn questions(before: &RuleSet, after: &RuleSet, out: &mut Vec<Change>) {
    for q in &after.questions {
        if !before.questions.iter().any(|p| p.id == q.id) {
            out.push(Change::QuestionAdded {
                question: Named::new(&q.id, &q.label),
            });
        }
    }
    for q in &before.questions {
        if !after.questions.iter().any(|p| p.id == q.id) {
            out.push(Change::QuestionRemoved {
                question: Named::new(&q.id, &q.label),
            });
        }
    }
}

fn classes(before: &RuleSet, after: &RuleSet, out: &mut Vec<Change>) {
    let band = |c: &crate::model::Class| Band {
        from: c.from,
        to: c.to,
    };
    for c in &after.classes {
        match before.classes.iter().find(|p| p.id == c.id) {
            None => out.push(Change::ClassAdded {
                class: Named::new(&c.id, &c.label),
                band: band(c),
            }),
            Some(p) if band(p) != band(c) => out.push(Change::BandChanged {
                class: Named::new(&c.id, &c.label),
                before: band(p),
                after: band(c),
            }),
            Some(_) => {}
        }
    }
    for c in &before.classes {
        if !after.classes.iter().any(|p| p.id == c.id) {
            out.push(Change::ClassRemoved {
                class: Named::new(&c.id, &c.label),
            });
        }
    }
}

fn labels(before: &RuleSet, after: &RuleSet, out: &mut Vec<Change>) {
    fn each<'a, T: 'a>(
        item: Item,
        before: &'a [T],
        after: &'a [T],
        key: impl Fn(&'a T) -> (&'a str, &'a Text),
        out: &mut Vec<Change>,
    ) {
        for b in after {
            let (id, label) = key(b);
            if let Some((_, old)) = before.iter().map(&key).find(|(i, _)| *i == id) {
                if old != label {
                    out.push(Change::LabelChanged {
                        item,
                        id: id.to_owned(),
                        before: old.clone(),
                        after: label.clone(),
                    });
                }
            }
        }
    }
    each(
        Item::Cluster,
        &before.clusters,
        &after.clusters,
        |c| (&c.id, &c.label),
        out,
    );
    each(
        Item::Question,
        &before.questions,
        &after.questions,
        |q| (&q.id, &q.label),
        out,
    );
    each(
        Item::Indicator,
        &before.indicators,
        &after.indicators,
        |i| (&i.id, &i.label),
        out,
    );
    each(
        Item::Class,
        &before.classes,
        &after.classes,
        |c| (&c.id, &c.label),
        out,
    );
}
