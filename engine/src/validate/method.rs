//! What the scoring method asks of each cluster: under `count` and `weighted` every indicator that
//! applies needs a condition, under `points` points cases; under `weighted` every indicator has a weight
//! in (0, 1] and the weights of a cluster add up to exactly 1. Fields another method would use are
//! ignored, with a warning so the author knows.

use crate::diagnostic::Code;
use crate::model::Method;
use crate::num::Num;

use super::Ctx;

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let rules = ctx.rules;
    let method = rules.method;
    let ignored = |ctx: &mut Ctx<'_>, path: String, field: &str| {
        ctx.report(
            Code::IgnoredField,
            path,
            &[("field", field.into()), ("method", method.as_str().into())],
        );
    };

    for (i, ind) in rules.indicators.iter().enumerate() {
        match method {
            Method::Count | Method::Weighted => {
                if ind.points.is_some() {
                    ignored(ctx, format!("$.indicators[{i}].points"), "points");
                }
            }
            Method::Points => {
                if ind.condition.is_some() {
                    ignored(ctx, format!("$.indicators[{i}].condition"), "condition");
                }
                if ind.points.as_ref().is_some_and(Vec::is_empty) {
                    ctx.report(
                        Code::EmptyList,
                        format!("$.indicators[{i}].points"),
                        &[("field", "points".into())],
                    );
                }
            }
        }
    }
    if method != Method::Points && !rules.likelihood.is_empty() {
        ignored(ctx, "$.likelihood".into(), "likelihood");
    }

    for (c, cl) in rules.clusters.iter().enumerate() {
        let mut sum = Some(Num::ZERO);
        let mut all_weighted = true;
        for (j, ci) in cl.indicators.iter().enumerate() {
            let path = format!("$.clusters[{c}].indicators[{j}]");
            let indicator = ctx
                .indicators
                .get(ci.indicator.as_str())
                .and_then(|&i| rules.indicators.get(i));
            let Some(ind) = indicator else {
                ctx.report(
                    Code::UnknownReference,
                    format!("{path}.indicator"),
                    &[("id", ci.indicator.clone()), ("kind", "indicator".into())],
                );
                all_weighted = false;
                continue;
            };
            let names = [("indicator", ind.id.clone()), ("cluster", cl.id.clone())];
            match method {
                Method::Count | Method::Weighted => {
                    if ci.condition.is_none() && ind.condition.is_none() {
                        ctx.report(Code::MissingCondition, path.clone(), &names);
                    }
                    if ci.points.is_some() {
                        ignored(ctx, format!("{path}.points"), "points");
                    }
                }
                Method::Points => {
                    match (&ci.points, &ind.points) {
                        (None, None) => ctx.report(Code::MissingPoints, path.clone(), &names),
                        (Some(cases), _) if cases.is_empty() => ctx.report(
                            Code::EmptyList,
                            format!("{path}.points"),
                            &[("field", "points".into())],
                        ),
                        _ => {}
                    }
                    if ci.condition.is_some() {
                        ignored(ctx, format!("{path}.condition"), "condition");
                    }
                }
            }
            match (method, ci.weight) {
                (Method::Weighted, None) => {
                    ctx.report(Code::MissingWeight, path.clone(), &names);
                    all_weighted = false;
                }
                (Method::Weighted, Some(w)) => {
                    if w <= Num::ZERO || w > Num::ONE {
                        let mut params = names.to_vec();
                        params.push(("value", w.to_string()));
                        ctx.report(Code::InvalidWeight, format!("{path}.weight"), &params);
                    }
                    sum = sum.and_then(|s| s.checked_add(w));
                }
                (_, Some(_)) => ignored(ctx, format!("{path}.weight"), "weight"),
                (_, None) => {}
            }
        }
        if method == Method::Weighted && all_weighted && !cl.indicators.is_empty() {
            match sum {
                None => ctx.report(
                    Code::Overflow,
                    format!("$.clusters[{c}].indicators"),
                    &[("detail", format!("the sum of the weights of {}", cl.id))],
                ),
                Some(s) if s != Num::ONE => ctx.report(
                    Code::WeightsNotOne,
                    format!("$.clusters[{c}].indicators"),
                    &[("cluster", cl.id.clone()), ("sum", fraction(s))],
                ),
                Some(_) => {}
            }
        }
    }
}

/// `17/18`, or `2` for a whole number: a sum of weights reads best as a fraction.
pub(crate) fn fraction(n: Num) -> String {
    if n.is_integer() {
        n.numer().to_string()
    } else {
        format!("{}/{}", n.numer(), n.denom())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{base, found};
    use crate::diagnostic::{Code, Severity};
    use crate::model::{Condition, Method, PointsCase, RuleSet};
    use crate::Num;

    #[test]
    fn method_problems() {
        type Mutation = fn(&mut RuleSet);
        let cases: &[(Mutation, Code, &str)] = &[
            (
                |r| r.clusters[0].indicators[0].indicator = "luas".into(),
                Code::UnknownReference,
                "$.clusters[0].indicators[0].indicator",
            ),
            (
                |r| r.clusters[0].indicators[1].weight = None,
                Code::MissingWeight,
                "$.clusters[0].indicators[1]",
            ),
            (
                |r| r.clusters[0].indicators[1].weight = Num::ratio(1, 9),
                Code::WeightsNotOne,
                "$.clusters[0].indicators",
            ),
            (
                |r| r.clusters[0].indicators[1].weight = Some(Num::ZERO),
                Code::InvalidWeight,
                "$.clusters[0].indicators[1].weight",
            ),
            (
                |r| r.indicators[3].condition = None,
                Code::MissingCondition,
                "$.clusters[0].indicators[3]",
            ),
            (
                |r| r.method = Method::Points,
                Code::MissingPoints,
                "$.clusters[1].indicators[0]",
            ),
            (
                |r| {
                    r.indicators[0].points = Some(vec![PointsCase {
                        when: Condition::Lt { value: Num::int(8) },
                        points: Num::int(3),
                    }])
                },
                Code::IgnoredField,
                "$.indicators[0].points",
            ),
            (
                |r| r.method = Method::Count,
                Code::IgnoredField,
                "$.clusters[0].indicators[0].weight",
            ),
        ];
        for (mutate, code, path) in cases {
            let mut r = base();
            mutate(&mut r);
            let got = found(&r);
            assert!(
                got.iter().any(|(c, p)| c == code && p == path),
                "{code} at {path} not in {got:?}"
            );
        }
    }

    #[test]
    fn weights_sum_is_reported_as_a_fraction() {
        let mut r = base();
        r.clusters[0].indicators[2].weight = Num::ratio(1, 9);
        let d = super::super::validate(&r)
            .into_iter()
            .find(|d| d.code == Code::WeightsNotOne)
            .unwrap();
        assert_eq!(d.param("sum"), "19/18");
        assert_eq!(d.param("cluster"), "pesisir");
        assert_eq!(d.severity, Severity::Error);
    }

    #[test]
    fn the_base_weights_sum_to_exactly_one() {
        assert_eq!(found(&base()), vec![]);
    }
}
