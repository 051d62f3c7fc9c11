//! Which cluster of one rule set is compared with which of the other, and what differs in the indicators
//! of each pair. A change found in several pairs is said once, with every cluster it applies in.

use crate::model::{Cluster, ClusterIndicator, Method, PointsCase, RuleSet};
use crate::num::Num;

use super::{Change, Named, Scope, Test};

/// A cluster of the first rule set compared with one of the second.
pub(super) struct Pair<'r> {
    before: &'r Cluster,
    after: &'r Cluster,
    /// How the pair is named in a scope.
    name: Named,
}

fn named(c: &Cluster) -> Named {
    Named::new(&c.id, &c.label)
}

/// Pairs clusters by id. A rule set with one cluster that the other lacks (BPS's `semua` against
/// Bantaeng's three areas) is compared with each of the other's clusters: otherwise nothing would be
/// compared at all, and "every indicator removed, every indicator added" would say nothing useful.
pub(super) fn pair<'r>(
    before: &'r RuleSet,
    after: &'r RuleSet,
    out: &mut Vec<Change>,
) -> Vec<Pair<'r>> {
    let lacks = |r: &RuleSet, id: &str| !r.clusters.iter().any(|c| c.id == id);
    if let [single] = before.clusters.as_slice() {
        if lacks(after, &single.id) && !after.clusters.is_empty() {
            out.push(Change::ClustersPaired {
                single: named(single),
                with: after.clusters.iter().map(named).collect(),
            });
            return after
                .clusters
                .iter()
                .map(|c| Pair {
                    before: single,
                    after: c,
                    name: named(c),
                })
                .collect();
        }
    }
    if let [single] = after.clusters.as_slice() {
        if lacks(before, &single.id) && !before.clusters.is_empty() {
            out.push(Change::ClustersPaired {
                single: named(single),
                with: before.clusters.iter().map(named).collect(),
            });
            return before
                .clusters
                .iter()
                .map(|c| Pair {
                    before: c,
                    after: single,
                    name: named(c),
                })
                .collect();
        }
    }
    let mut pairs = Vec::new();
    for c in &after.clusters {
        match before.clusters.iter().find(|b| b.id == c.id) {
            Some(b) => pairs.push(Pair {
                before: b,
                after: c,
                name: named(c),
            }),
            None => out.push(Change::ClusterAdded { cluster: named(c) }),
        }
    }
    for c in &before.clusters {
        if lacks(after, &c.id) {
            out.push(Change::ClusterRemoved { cluster: named(c) });
        }
    }
    pairs
}

/// A change in one pair, before the pairs it applies in are gathered.
#[derive(PartialEq)]
enum Local {
    Added(Named, Option<Num>),
    Removed(Named),
    Condition(Named, Test, Test),
    Weight(Named, Num, Num),
    Points(Named, Vec<PointsCase>, Vec<PointsCase>),
}

impl Local {
    /// Reading order: what is added, what is removed, then what changed.
    fn rank(&self) -> u8 {
        match self {
            Local::Added(..) => 0,
            Local::Removed(..) => 1,
            Local::Condition(..) => 2,
            Local::Weight(..) => 3,
            Local::Points(..) => 4,
        }
    }

    fn into_change(self, scope: Scope) -> Change {
        match self {
            Local::Added(indicator, weight) => Change::IndicatorAdded {
                scope,
                indicator,
                weight,
            },
            Local::Removed(indicator) => Change::IndicatorRemoved { scope, indicator },
            Local::Condition(indicator, before, after) => Change::ConditionChanged {
                scope,
                indicator,
                before,
                after,
            },
            Local::Weight(indicator, before, after) => Change::WeightChanged {
                scope,
                indicator,
                before,
                after,
            },
            Local::Points(indicator, before, after) => Change::PointsChanged {
                scope,
                indicator,
                before,
                after,
            },
        }
    }
}

fn indicator_name(rules: &RuleSet, id: &str) -> Named {
    rules.indicators.iter().find(|i| i.id == id).map_or_else(
        || Named::new(id, &crate::text::Text::new(id, id)),
        |i| Named::new(&i.id, &i.label),
    )
}

/// The test that applies in the cluster: the cluster's own condition, else the indicator's.
fn test(rules: &RuleSet, ci: &ClusterIndicator) -> Option<Test> {
    let ind = rules.indicators.iter().find(|i| i.id == ci.indicator)?;
    Some(Test {
        on: ind.on.clone(),
        condition: ci.condition.clone().or_else(|| ind.condition.clone()),
    })
}

fn points(rules: &RuleSet, ci: &ClusterIndicator) -> Vec<PointsCase> {
    let own = rules
        .indicators
        .iter()
        .find(|i| i.id == ci.indicator)
        .and_then(|i| i.points.clone());
    ci.points.clone().or(own).unwrap_or_default()
}

fn compare_pair(before: &RuleSet, after: &RuleSet, p: &Pair<'_>) -> Vec<Local> {
    let mut out = Vec::new();
    for ci in &p.after.indicators {
        if !p
            .before
            .indicators
            .iter()
            .any(|b| b.indicator == ci.indicator)
        {
            let weight = ci.weight.filter(|_| after.method == Method::Weighted);
            out.push(Local::Added(indicator_name(after, &ci.indicator), weight));
        }
    }
    for ci in &p.before.indicators {
        if !p
            .after
            .indicators
            .iter()
            .any(|a| a.indicator == ci.indicator)
        {
            out.push(Local::Removed(indicator_name(before, &ci.indicator)));
        }
    }
    // A scorecard's indicators have cases, not conditions: comparing a condition with a scorecard's
    // absent one would report every indicator as changed when only the method did.
    let same_kind = (before.method == Method::Points) == (after.method == Method::Points);
    for a in &p.after.indicators {
        let Some(b) = p
            .before
            .indicators
            .iter()
            .find(|b| b.indicator == a.indicator)
        else {
            continue;
        };
        let name = indicator_name(after, &a.indicator);
        if same_kind && after.method != Method::Points {
            if let (Some(tb), Some(ta)) = (test(before, b), test(after, a)) {
                if tb != ta {
                    out.push(Local::Condition(name.clone(), tb, ta));
                }
            }
        }
        if before.method == Method::Weighted && after.method == Method::Weighted {
            if let (Some(wb), Some(wa)) = (b.weight, a.weight) {
                if wb != wa {
                    out.push(Local::Weight(name.clone(), wb, wa));
                }
            }
        }
        if before.method == Method::Points && after.method == Method::Points {
            let (pb, pa) = (points(before, b), points(after, a));
            if pb != pa {
                out.push(Local::Points(name, pb, pa));
            }
        }
    }
    out
}

/// Every indicator change of every pair, each said once with the clusters it applies in.
pub(super) fn indicator_changes(
    before: &RuleSet,
    after: &RuleSet,
    pairs: &[Pair<'_>],
) -> Vec<Change> {
    let mut gathered: Vec<(Local, Vec<Named>)> = Vec::new();
    for p in pairs {
        for local in compare_pair(before, after, p) {
            match gathered.iter_mut().find(|(l, _)| *l == local) {
                Some((_, clusters)) => clusters.push(p.name.clone()),
                None => gathered.push((local, vec![p.name.clone()])),
            }
        }
    }
    // Stable: within a kind, the order the indicators were met in.
    gathered.sort_by_key(|(l, _)| l.rank());
    gathered
        .into_iter()
        .map(|(local, clusters)| {
            let every = clusters.len() == pairs.len();
            local.into_change(Scope { every, clusters })
        })
        .collect()
}
