//! Parts of a rule set nothing uses: a question no indicator or expression reads, a derived value no
//! indicator or other expression reads, an indicator no cluster lists. Warnings: the rule set works,
//! but the form would ask something that counts for nothing.

use std::collections::HashSet;

use crate::diagnostic::Code;

use super::Ctx;

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let rules = ctx.rules;
    let mut read: HashSet<String> = rules.indicators.iter().map(|i| i.on.clone()).collect();
    for (i, e) in ctx.exprs.iter().enumerate() {
        let own = rules.derived.get(i).map(|d| d.id.as_str());
        if let Some(e) = e {
            read.extend(
                e.idents()
                    .into_iter()
                    .filter(|&n| Some(n) != own)
                    .map(str::to_owned),
            );
        }
    }
    for (i, q) in rules.questions.iter().enumerate() {
        if !read.contains(q.id.as_str()) {
            ctx.report(
                Code::UnusedQuestion,
                format!("$.questions[{i}]"),
                &[("id", q.id.clone())],
            );
        }
    }
    for (i, d) in rules.derived.iter().enumerate() {
        if !read.contains(d.id.as_str()) {
            ctx.report(
                Code::UnusedDerived,
                format!("$.derived[{i}]"),
                &[("id", d.id.clone())],
            );
        }
    }
    let listed: HashSet<&str> = rules
        .clusters
        .iter()
        .flat_map(|c| c.indicators.iter().map(|ci| ci.indicator.as_str()))
        .collect();
    for (i, ind) in rules.indicators.iter().enumerate() {
        if !listed.contains(ind.id.as_str()) {
            ctx.report(
                Code::UnusedIndicator,
                format!("$.indicators[{i}]"),
                &[("id", ind.id.clone())],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{base, found};
    use crate::diagnostic::{Code, Severity};
    use crate::model::RuleSet;

    #[test]
    fn unused_parts() {
        type Mutation = fn(&mut RuleSet);
        let cases: &[(Mutation, Code, &str)] = &[
            (
                |r| r.indicators[4].on = "luas_lantai".into(),
                Code::UnusedQuestion,
                "$.questions[5]",
            ),
            (
                |r| r.indicators[0].on = "luas_lantai".into(),
                Code::UnusedDerived,
                "$.derived[0]",
            ),
            (
                |r| {
                    r.clusters[1].indicators.pop();
                    r.clusters[1].indicators[0].weight = crate::Num::ratio(7, 9);
                },
                Code::UnusedIndicator,
                "$.indicators[4]",
            ),
        ];
        for (mutate, code, path) in cases {
            let mut r = base();
            mutate(&mut r);
            let all = super::super::validate(&r);
            assert!(
                all.iter()
                    .any(|d| d.code == *code && d.path == *path && d.severity == Severity::Warning),
                "{code} at {path} not in {:?}",
                found(&r)
            );
        }
    }
}
