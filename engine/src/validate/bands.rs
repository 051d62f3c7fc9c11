//! Class bands against the scores each cluster can reach, and likelihood tables.
//!
//! The reachable range of a cluster: `count` 0..n (whole numbers only); `weighted` 0..1; `points` the
//! sum of each indicator's smallest case points to the sum of its largest, with 0 among an indicator's
//! possible points when its cases do not cover every answer or its question may go unanswered (whole
//! numbers only when every case's points are whole). Bands must not overlap, must leave no reachable
//! score without a class, and should each be reachable somewhere and follow the class order (most
//! severe first).

use std::collections::BTreeSet;

use crate::diagnostic::Code;
use crate::model::{Condition, Method, PointsCase, QuestionType, Value};
use crate::num::Num;

use super::interval::{uncovered, End, Interval};
use super::{types, Ctx, Subject};

/// The scores a cluster can reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reach {
    pub(crate) range: Interval,
    /// Only whole scores exist.
    pub(crate) integer: bool,
}

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let rules = ctx.rules;
    let reaches: Vec<Option<Reach>> = (0..rules.clusters.len()).map(|c| reach(ctx, c)).collect();
    let integer = match rules.method {
        Method::Count => true,
        Method::Weighted => false,
        Method::Points => reaches.iter().flatten().all(|r| r.integer),
    };

    let bands: Vec<Interval> = rules
        .classes
        .iter()
        .map(|c| Interval::band(c.from, c.to))
        .collect();
    let mut live: Vec<usize> = Vec::new();
    for (i, (class, band)) in rules.classes.iter().zip(&bands).enumerate() {
        if band.is_empty(false) {
            ctx.report(
                Code::EmptyBand,
                format!("$.classes[{i}]"),
                &[("class", class.id.clone())],
            );
        } else {
            live.push(i);
        }
    }

    // Overlaps, anywhere on the score line.
    for (a, &i) in live.iter().enumerate() {
        for &j in live.iter().skip(a + 1) {
            let (Some(bi), Some(bj)) = (bands.get(i), bands.get(j)) else {
                continue;
            };
            let common = bi.intersect(*bj);
            if !common.is_empty(integer) {
                let shown = common.narrowed(integer);
                ctx.report(
                    Code::BandOverlap,
                    format!("$.classes[{j}]"),
                    &[
                        ("class", rules.classes[j].id.clone()),
                        ("other", rules.classes[i].id.clone()),
                        ("from", shown.lo_text()),
                        ("to", shown.hi_text()),
                    ],
                );
            }
        }
    }

    // Gaps, per cluster; clusters with the same range share one report.
    let pieces: Vec<Interval> = live.iter().filter_map(|&i| bands.get(i).copied()).collect();
    let mut seen: Vec<(Reach, Vec<&str>)> = Vec::new();
    for (cl, r) in rules.clusters.iter().zip(&reaches) {
        let Some(r) = r else { continue };
        match seen.iter_mut().find(|(x, _)| x == r) {
            Some((_, ids)) => ids.push(cl.id.as_str()),
            None => seen.push((*r, vec![cl.id.as_str()])),
        }
    }
    if !rules.classes.is_empty() {
        for (r, ids) in &seen {
            for gap in uncovered(r.range, &pieces, r.integer) {
                ctx.report(
                    Code::BandGap,
                    "$.classes".into(),
                    &[
                        ("cluster", ids.join(", ")),
                        ("from", gap.lo_text()),
                        ("to", gap.hi_text()),
                        ("interval", gap.to_string()),
                    ],
                );
            }
        }
    }

    // A class no cluster reaches.
    if !seen.is_empty() {
        for &i in &live {
            let Some(band) = bands.get(i) else { continue };
            let reachable = seen
                .iter()
                .any(|(r, _)| !band.intersect(r.range).is_empty(r.integer));
            if !reachable {
                ctx.report(
                    Code::UnreachableClass,
                    format!("$.classes[{i}]"),
                    &[("class", rules.classes[i].id.clone())],
                );
            }
        }
    }

    // Most severe first: falling scores for count and weighted, rising for points.
    let want = match rules.method {
        Method::Points => std::cmp::Ordering::Greater,
        _ => std::cmp::Ordering::Less,
    };
    for pair in live.windows(2) {
        let [prev, next] = pair else { continue };
        let (Some(bp), Some(bn)) = (bands.get(*prev), bands.get(*next)) else {
            continue;
        };
        if bn.cmp_start(bp) != want {
            ctx.report(
                Code::ClassOrder,
                format!("$.classes[{next}]"),
                &[
                    ("class", rules.classes[*next].id.clone()),
                    ("previous", rules.classes[*prev].id.clone()),
                    ("method", rules.method.as_str().into()),
                ],
            );
        }
    }

    likelihood(ctx, integer);
}

/// The scores cluster `c` can reach, or `None` when it cannot be told (unknown indicators, overflow).
pub(crate) fn reach(ctx: &mut Ctx<'_>, c: usize) -> Option<Reach> {
    let rules = ctx.rules;
    let cluster = rules.clusters.get(c)?;
    match rules.method {
        Method::Count => Some(Reach {
            range: Interval::closed(Num::ZERO, Num::int(cluster.indicators.len() as i64)),
            integer: true,
        }),
        Method::Weighted => Some(Reach {
            range: Interval::closed(Num::ZERO, Num::ONE),
            integer: false,
        }),
        Method::Points => {
            let optional = derived_optional(ctx);
            let mut lo = Num::ZERO;
            let mut hi = Num::ZERO;
            let mut integer = true;
            for ci in &cluster.indicators {
                let ind = ctx
                    .indicators
                    .get(ci.indicator.as_str())
                    .and_then(|&i| rules.indicators.get(i))?;
                let cases: &[PointsCase] = ci.points.as_deref().or(ind.points.as_deref())?;
                let subject = ctx.inputs.get(ind.on.as_str()).copied()?;
                let may_be_missing = match subject {
                    Subject::Question(q) => !q.required,
                    Subject::Derived(d) => optional.get(d).copied().unwrap_or(true),
                };
                let zero = cases.is_empty() || may_be_missing || !exhaustive(cases, subject);
                let mut min: Option<Num> = zero.then_some(Num::ZERO);
                let mut max = min;
                for case in cases {
                    integer &= case.points.is_integer();
                    min = Some(min.map_or(case.points, |m| m.min(case.points)));
                    max = Some(max.map_or(case.points, |m| m.max(case.points)));
                }
                let overflow = || {
                    Some(format!(
                        "the reachable points of the cluster {}",
                        cluster.id
                    ))
                };
                match (
                    lo.checked_add(min.unwrap_or(Num::ZERO)),
                    hi.checked_add(max.unwrap_or(Num::ZERO)),
                ) {
                    (Some(l), Some(h)) => {
                        lo = l;
                        hi = h;
                    }
                    _ => {
                        let detail = overflow().unwrap_or_default();
                        ctx.report(
                            Code::Overflow,
                            format!("$.clusters[{c}].indicators"),
                            &[("detail", detail)],
                        );
                        return None;
                    }
                }
            }
            Some(Reach {
                range: Interval::closed(lo, hi),
                integer,
            })
        }
    }
}

/// For each derived value, whether it may have no value because a question it reads (directly or
/// through other derived values) is optional.
fn derived_optional(ctx: &Ctx<'_>) -> Vec<bool> {
    let edges = types::derived_edges(ctx);
    let mut optional: Vec<bool> = ctx
        .exprs
        .iter()
        .map(|e| match e {
            None => true,
            Some(e) => e.idents().into_iter().any(
                |name| matches!(ctx.inputs.get(name), Some(Subject::Question(q)) if !q.required),
            ),
        })
        .collect();
    // Spread along dependencies until nothing changes (at most one round per value).
    for _ in 0..optional.len() {
        let mut changed = false;
        for (u, deps) in edges.iter().enumerate() {
            let spread = deps
                .iter()
                .any(|&v| optional.get(v).copied().unwrap_or(false));
            if spread && !optional[u] {
                optional[u] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    optional
}

/// Whether some case matches every possible answer of `subject`.
pub(crate) fn exhaustive(cases: &[PointsCase], subject: Subject<'_>) -> bool {
    match subject {
        Subject::Question(q) if q.kind == QuestionType::YesNo => {
            let mut seen = BTreeSet::new();
            for case in cases {
                match &case.when {
                    Condition::Eq {
                        value: Value::Bool(b),
                    } => {
                        seen.insert(*b);
                    }
                    Condition::Ne {
                        value: Value::Bool(b),
                    } => {
                        seen.insert(!*b);
                    }
                    _ => {}
                }
            }
            seen.len() == 2
        }
        Subject::Question(q) if q.kind == QuestionType::Choice => {
            let mut seen: BTreeSet<&str> = BTreeSet::new();
            for case in cases {
                match &case.when {
                    Condition::Eq {
                        value: Value::Text(t),
                    } => {
                        seen.insert(t);
                    }
                    Condition::Ne {
                        value: Value::Text(t),
                    } => seen.extend(q.options.iter().map(|o| o.id.as_str()).filter(|o| o != t)),
                    Condition::OneOf { values } => seen.extend(values.iter().map(String::as_str)),
                    _ => {}
                }
            }
            q.options.iter().all(|o| seen.contains(o.id.as_str()))
        }
        _ => {
            let (domain, integer) = match subject {
                Subject::Question(q) => (
                    Interval {
                        lo: q.min.map(End::incl),
                        hi: q.max.map(End::incl),
                    },
                    q.integer,
                ),
                Subject::Derived(_) => (Interval::ALL, false),
            };
            let mut pieces = Vec::new();
            for case in cases {
                let piece = |lo: Option<End>, hi: Option<End>| Interval { lo, hi };
                match &case.when {
                    Condition::Lt { value } => pieces.push(piece(None, Some(End::excl(*value)))),
                    Condition::Le { value } => pieces.push(piece(None, Some(End::incl(*value)))),
                    Condition::Gt { value } => pieces.push(piece(Some(End::excl(*value)), None)),
                    Condition::Ge { value } => pieces.push(piece(Some(End::incl(*value)), None)),
                    Condition::Between { min, max } => {
                        pieces.push(Interval::closed(*min, *max));
                    }
                    Condition::Eq {
                        value: Value::Num(v),
                    } => pieces.push(Interval::closed(*v, *v)),
                    Condition::Ne {
                        value: Value::Num(v),
                    } => {
                        pieces.push(piece(None, Some(End::excl(*v))));
                        pieces.push(piece(Some(End::excl(*v)), None));
                    }
                    _ => {}
                }
            }
            uncovered(domain, &pieces, integer).is_empty()
        }
    }
}

/// Likelihood tables: each row `min <= max`, percent in 0..100, rows not overlapping.
fn likelihood(ctx: &mut Ctx<'_>, integer: bool) {
    let hundred = Num::int(100);
    for (t, table) in ctx.rules.likelihood.iter().enumerate() {
        if table.rows.is_empty() {
            ctx.report(
                Code::EmptyList,
                format!("$.likelihood[{t}].rows"),
                &[("field", "rows".into())],
            );
        }
        let mut valid: Vec<(usize, Interval)> = Vec::new();
        for (r, row) in table.rows.iter().enumerate() {
            let path = format!("$.likelihood[{t}].rows[{r}]");
            if row.percent < Num::ZERO || row.percent > hundred {
                ctx.report(
                    Code::OutOfRange,
                    format!("{path}.percent"),
                    &[
                        ("value", row.percent.to_string()),
                        ("min", "0".into()),
                        ("max", "100".into()),
                    ],
                );
            }
            if row.min > row.max {
                ctx.report(
                    Code::MinGreaterThanMax,
                    path,
                    &[("min", row.min.to_string()), ("max", row.max.to_string())],
                );
                continue;
            }
            let here = Interval::closed(row.min, row.max);
            for (o, other) in &valid {
                if !here.intersect(*other).is_empty(integer) {
                    let range = |i: &Interval| format!("{}–{}", i.lo_text(), i.hi_text());
                    ctx.report(
                        Code::LikelihoodOverlap,
                        path.clone(),
                        &[
                            ("row", range(&here)),
                            ("other", range(other)),
                            ("other_index", o.to_string()),
                        ],
                    );
                }
            }
            valid.push((r, here));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{base, found};
    use crate::diagnostic::Code;
    use crate::model::{
        Bound, Class, Condition, LikelihoodRow, LikelihoodTable, Method, PointsCase, RuleSet, Value,
    };
    use crate::{Num, Text};

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    fn b(v: &str, inclusive: bool) -> Option<Bound> {
        Some(Bound {
            value: n(v),
            inclusive,
        })
    }

    fn class(id: &str, from: Option<Bound>, to: Option<Bound>) -> Class {
        Class {
            id: id.into(),
            label: Text::new(id, id),
            colour: "#000000".into(),
            description: None,
            from,
            to,
        }
    }

    /// A count rule set of the base's pesisir cluster (4 indicators: scores 0..4) with `classes`.
    fn count(classes: Vec<Class>) -> RuleSet {
        let mut r = base();
        r.method = Method::Count;
        for cl in &mut r.clusters {
            for ci in &mut cl.indicators {
                ci.weight = None;
            }
        }
        r.classes = classes;
        r
    }

    fn codes(r: &RuleSet, code: Code) -> Vec<crate::diagnostic::Diagnostic> {
        super::super::validate(r)
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    #[test]
    fn exact_weighted_bands() {
        // (classes, expected band_gap intervals, expected overlaps)
        let cases: Vec<(Vec<Class>, Vec<&str>, usize)> = vec![
            (
                vec![
                    class("miskin", b("1/3", true), None),
                    class("tidak_miskin", None, b("1/3", false)),
                ],
                vec![],
                0,
            ),
            (
                vec![
                    class("miskin", b("1/3", false), None),
                    class("tidak_miskin", None, b("1/3", false)),
                ],
                vec!["[1/3, 1/3]"],
                0,
            ),
            (
                vec![
                    class("miskin", b("1/3", true), None),
                    class("tidak_miskin", None, b("1/3", true)),
                ],
                vec![],
                1,
            ),
            (
                vec![
                    class("miskin", b("0.5", true), None),
                    class("tidak_miskin", None, b("1/3", false)),
                ],
                vec!["[1/3, 0.5)"],
                0,
            ),
            (
                vec![class("miskin", b("0", true), b("0.9", true))],
                vec!["(0.9, 1]"],
                0,
            ),
        ];
        for (classes, gaps, overlaps) in cases {
            let mut r = base();
            r.classes = classes;
            let got: Vec<String> = codes(&r, Code::BandGap)
                .iter()
                .map(|d| d.param("interval").to_owned())
                .collect();
            assert_eq!(got, gaps, "{:?}", r.classes);
            assert_eq!(
                codes(&r, Code::BandOverlap).len(),
                overlaps,
                "{:?}",
                r.classes
            );
        }
    }

    #[test]
    fn count_bands_see_only_whole_scores() {
        let cases: Vec<(Vec<Class>, Vec<&str>, usize)> = vec![
            // 2.5 splits no whole score: no gap, no overlap.
            (
                vec![
                    class("miskin", b("2.5", true), None),
                    class("tidak_miskin", None, b("2.5", false)),
                ],
                vec![],
                0,
            ),
            (
                vec![
                    class("miskin", b("3", false), None),
                    class("tidak_miskin", None, b("3", false)),
                ],
                vec!["[3, 3]"],
                0,
            ),
            (
                vec![
                    class("miskin", b("2.2", true), None),
                    class("tidak_miskin", None, b("2.8", true)),
                ],
                vec![],
                0,
            ),
            (
                vec![
                    class("miskin", b("2", true), None),
                    class("tidak_miskin", None, b("2.8", true)),
                ],
                vec![],
                1,
            ),
        ];
        for (classes, gaps, overlaps) in cases {
            let r = count(classes);
            let got: Vec<String> = codes(&r, Code::BandGap)
                .iter()
                .map(|d| d.param("interval").to_owned())
                .collect();
            assert_eq!(got, gaps, "{:?}", r.classes);
            assert_eq!(
                codes(&r, Code::BandOverlap).len(),
                overlaps,
                "{:?}",
                r.classes
            );
        }
    }

    #[test]
    fn unreachable_empty_and_misordered_classes() {
        let r = count(vec![
            class("sangat_miskin", b("10", true), None),
            class("miskin", b("2", true), b("10", false)),
            class("tidak_miskin", None, b("2", false)),
        ]);
        let d = codes(&r, Code::UnreachableClass);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "$.classes[0]");

        let r = count(vec![
            class("tidak_miskin", None, b("2", false)),
            class("miskin", b("2", true), None),
        ]);
        let d = codes(&r, Code::ClassOrder);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].param("class"), "miskin");

        let mut r = base();
        r.classes[1].from = b("0.6", true);
        assert_eq!(codes(&r, Code::EmptyBand)[0].path, "$.classes[1]");
        let mut r = base();
        r.classes[1].to = b("1/3", false);
        assert_eq!(codes(&r, Code::EmptyBand)[0].path, "$.classes[1]");
    }

    /// The base made a scorecard: each indicator's cases as given, on the pesisir cluster only.
    fn points(cases: Vec<(usize, Vec<(Condition, i64)>)>, classes: Vec<Class>) -> RuleSet {
        let mut r = base();
        r.method = Method::Points;
        r.clusters.truncate(1);
        for ci in &mut r.clusters[0].indicators {
            ci.weight = None;
        }
        for ind in &mut r.indicators {
            ind.condition = None;
            ind.points = None;
        }
        for (i, cs) in cases {
            r.indicators[i].points = Some(
                cs.into_iter()
                    .map(|(when, p)| PointsCase {
                        when,
                        points: Num::int(p),
                    })
                    .collect(),
            );
        }
        r.classes = classes;
        r.tests.clear();
        r
    }

    #[test]
    fn points_reach_counts_uncovered_answers_as_zero() {
        let yes = |b: bool| Condition::Eq {
            value: Value::Bool(b),
        };
        // listrik (required yes/no): both answers covered, 5 or 10 -> 5..10.
        // punya_perahu (optional): 3 when true -> 0..3.
        // lantai (choice): only tanah covered -> 0..7.
        // luas_per_orang (derived, all inputs required): < 8 -> 1, >= 8 -> 4 -> 1..4.
        let rules = points(
            vec![
                (2, vec![(yes(true), 10), (yes(false), 5)]),
                (3, vec![(yes(true), 3)]),
                (
                    1,
                    vec![(
                        Condition::OneOf {
                            values: vec!["tanah".into()],
                        },
                        7,
                    )],
                ),
                (
                    0,
                    vec![
                        (Condition::Lt { value: Num::int(8) }, 1),
                        (Condition::Ge { value: Num::int(8) }, 4),
                    ],
                ),
            ],
            vec![
                class("miskin", None, b("10", false)),
                class("tidak_miskin", b("10", true), b("24", true)),
            ],
        );
        let mut ctx = super::super::Ctx::new(&rules);
        super::super::types::check(&mut ctx);
        let reach = super::reach(&mut ctx, 0).unwrap();
        assert_eq!(reach.range.to_string(), "[6, 24]");
        assert!(reach.integer);
        let errors: Vec<_> = super::super::validate(&rules)
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn likelihood_rows() {
        let row = |min: i64, max: i64, percent: i64| LikelihoodRow {
            min: Num::int(min),
            max: Num::int(max),
            percent: Num::int(percent),
        };
        let mut r = base();
        r.method = Method::Points;
        r.likelihood = vec![LikelihoodTable {
            label: Text::new("Garis kemiskinan", "Poverty line"),
            rows: vec![
                row(0, 4, 90),
                row(4, 9, 80),
                row(12, 10, 50),
                row(13, 20, 120),
            ],
        }];
        let got = found(&r);
        for (code, path) in [
            (Code::LikelihoodOverlap, "$.likelihood[0].rows[1]"),
            (Code::MinGreaterThanMax, "$.likelihood[0].rows[2]"),
            (Code::OutOfRange, "$.likelihood[0].rows[3].percent"),
        ] {
            assert!(
                got.iter().any(|(c, p)| *c == code && p == path),
                "{code} at {path} not in {got:?}"
            );
        }
    }
}
