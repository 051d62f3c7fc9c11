//! Types: derived-value expressions (syntax, references, arithmetic on numbers only, no cycles) and
//! every condition against the type of what it is on.
//!
//! Ordered comparisons and `between` need a number; `one_of` needs a choice; `=` / `!=` need a literal
//! of the subject's type: `true`/`false` for yes/no, a number for numbers and derived values, an option
//! id for a choice.

use crate::diagnostic::Code;
use crate::expr;
use crate::model::{Condition, PointsCase, QuestionType, Value};

use super::{Ctx, Subject};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    expressions(ctx);
    cycles(ctx);
    conditions(ctx);
}

/// Parses every expression, keeps the result for the other checks, and checks what it refers to.
fn expressions(ctx: &mut Ctx<'_>) {
    let rules = ctx.rules;
    for (i, d) in rules.derived.iter().enumerate() {
        let path = format!("$.derived[{i}].expr");
        match expr::parse(&d.expr) {
            Err(e) => {
                let text = e.text();
                let mut params = vec![
                    ("id", d.id.clone()),
                    ("expr", d.expr.clone()),
                    ("column", e.column.to_string()),
                    ("reason", e.kind.code().to_owned()),
                    ("reason_id", text.id),
                    ("reason_en", text.en),
                ];
                params.extend(e.kind.params());
                ctx.report(Code::ExprSyntax, path, &params);
                ctx.exprs.push(None);
            }
            Ok(parsed) => {
                for name in parsed.idents() {
                    match ctx.inputs.get(name).copied() {
                        None => ctx.report(
                            Code::UnknownReference,
                            path.clone(),
                            &[
                                ("id", name.to_owned()),
                                ("kind", "question_or_derived".into()),
                                ("derived", d.id.clone()),
                            ],
                        ),
                        Some(s) if !s.is_number() => ctx.report(
                            Code::TypeMismatch,
                            path.clone(),
                            &[
                                ("on", name.to_owned()),
                                ("on_type", s.type_name().into()),
                                ("op", "expression".into()),
                                ("expected", "number".into()),
                                ("derived", d.id.clone()),
                            ],
                        ),
                        Some(_) => {}
                    }
                }
                ctx.exprs.push(Some(parsed));
            }
        }
    }
}

/// The derived values each derived value reads directly, by index.
pub(crate) fn derived_edges(ctx: &Ctx<'_>) -> Vec<Vec<usize>> {
    ctx.exprs
        .iter()
        .map(|e| {
            e.as_ref()
                .map(|e| {
                    e.idents()
                        .into_iter()
                        .filter_map(|name| match ctx.inputs.get(name) {
                            Some(Subject::Derived(j)) => Some(*j),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

/// Reports each cycle among derived values once, at its first member. Iterative, so a long chain in
/// a hostile file cannot overflow the stack.
fn cycles(ctx: &mut Ctx<'_>) {
    let edges = derived_edges(ctx);
    let n = edges.len();
    // Peel off every value whose dependencies are all settled; what remains lies on or above a cycle.
    let mut settled = vec![false; n];
    let mut changed = true;
    while changed {
        changed = false;
        for u in 0..n {
            let ready = edges
                .get(u)
                .is_some_and(|es| es.iter().all(|&v| settled.get(v).copied().unwrap_or(true)));
            if !settled[u] && ready {
                settled[u] = true;
                changed = true;
            }
        }
    }
    let mut reported = vec![false; n];
    for start in 0..n {
        if settled[start] || reported[start] {
            continue;
        }
        // Walk unsettled edges until a value repeats: the part from its first visit is a cycle.
        let mut walk: Vec<usize> = vec![start];
        let mut pos = vec![usize::MAX; n];
        pos[start] = 0;
        let mut u = start;
        let cycle = loop {
            let next = edges.get(u).and_then(|es| {
                es.iter()
                    .copied()
                    .find(|&v| !settled.get(v).copied().unwrap_or(true))
            });
            let Some(v) = next else { break None };
            if pos[v] != usize::MAX {
                break walk.get(pos[v]..).map(<[usize]>::to_vec);
            }
            pos[v] = walk.len();
            walk.push(v);
            u = v;
        };
        let Some(cycle) = cycle else { continue };
        if cycle.iter().all(|&v| reported[v]) {
            continue;
        }
        for &v in &cycle {
            reported[v] = true;
        }
        // Start the cycle at its first-listed member so the report does not depend on the walk.
        let first = cycle
            .iter()
            .enumerate()
            .min_by_key(|(_, &v)| v)
            .map(|(k, _)| k)
            .unwrap_or(0);
        let mut ids: Vec<&str> = cycle[first..]
            .iter()
            .chain(cycle[..first].iter())
            .filter_map(|&v| ctx.rules.derived.get(v).map(|d| d.id.as_str()))
            .collect();
        let head = ids.first().copied().unwrap_or("");
        ids.push(head);
        let owner = cycle.get(first).copied().unwrap_or(start);
        ctx.report(
            Code::DerivedCycle,
            format!("$.derived[{owner}].expr"),
            &[("id", head.to_owned()), ("cycle", ids.join(" → "))],
        );
    }
}

/// Every condition, on indicators and in clusters, against its subject; unknown `on` ids.
fn conditions(ctx: &mut Ctx<'_>) {
    let rules = ctx.rules;
    for (i, ind) in rules.indicators.iter().enumerate() {
        let subject = ctx.inputs.get(ind.on.as_str()).copied();
        if subject.is_none() {
            ctx.report(
                Code::UnknownReference,
                format!("$.indicators[{i}].on"),
                &[
                    ("id", ind.on.clone()),
                    ("kind", "question_or_derived".into()),
                ],
            );
        }
        let base = format!("$.indicators[{i}]");
        check_all(
            ctx,
            &ind.on,
            subject,
            &base,
            ind.condition.as_ref(),
            ind.points.as_deref(),
        );
    }
    for (c, cl) in rules.clusters.iter().enumerate() {
        for (j, ci) in cl.indicators.iter().enumerate() {
            // An unknown indicator is reported by the method checks; its override has no subject.
            let Some(ind) = ctx
                .indicators
                .get(ci.indicator.as_str())
                .and_then(|&i| rules.indicators.get(i))
            else {
                continue;
            };
            let subject = ctx.inputs.get(ind.on.as_str()).copied();
            let base = format!("$.clusters[{c}].indicators[{j}]");
            check_all(
                ctx,
                &ind.on,
                subject,
                &base,
                ci.condition.as_ref(),
                ci.points.as_deref(),
            );
        }
    }
}

fn check_all(
    ctx: &mut Ctx<'_>,
    on: &str,
    subject: Option<Subject<'_>>,
    base: &str,
    condition: Option<&Condition>,
    points: Option<&[PointsCase]>,
) {
    let Some(subject) = subject else { return };
    if let Some(cond) = condition {
        check_condition(ctx, cond, on, subject, &format!("{base}.condition"));
    }
    for (k, case) in points.unwrap_or_default().iter().enumerate() {
        check_condition(
            ctx,
            &case.when,
            on,
            subject,
            &format!("{base}.points[{k}].when"),
        );
    }
}

/// The operator as written in JSON.
pub(crate) fn op_name(cond: &Condition) -> &'static str {
    match cond {
        Condition::Lt { .. } => "<",
        Condition::Le { .. } => "<=",
        Condition::Gt { .. } => ">",
        Condition::Ge { .. } => ">=",
        Condition::Eq { .. } => "=",
        Condition::Ne { .. } => "!=",
        Condition::Between { .. } => "between",
        Condition::OneOf { .. } => "one_of",
    }
}

/// A literal as it would be written in JSON, for messages.
fn literal(v: &Value) -> String {
    match v {
        Value::Text(t) => serde_json::to_string(t).unwrap_or_else(|_| t.clone()),
        other => other.to_string(),
    }
}

fn check_condition(
    ctx: &mut Ctx<'_>,
    cond: &Condition,
    on: &str,
    subject: Subject<'_>,
    path: &str,
) {
    let op = op_name(cond);
    let mismatch = |ctx: &mut Ctx<'_>, expected: &str, value: Option<&Value>, at: String| {
        let mut params = vec![
            ("on", on.to_owned()),
            ("on_type", subject.type_name().to_owned()),
            ("op", op.to_owned()),
            ("expected", expected.to_owned()),
        ];
        if let Some(v) = value {
            params.push(("value", literal(v)));
        }
        ctx.report(Code::TypeMismatch, at, &params);
    };
    let options = match subject {
        Subject::Question(q) if q.kind == QuestionType::Choice => Some(&q.options),
        _ => None,
    };
    match cond {
        Condition::Lt { .. }
        | Condition::Le { .. }
        | Condition::Gt { .. }
        | Condition::Ge { .. } => {
            if !subject.is_number() {
                mismatch(ctx, "number", None, path.to_owned());
            }
        }
        Condition::Between { min, max } => {
            if !subject.is_number() {
                mismatch(ctx, "number", None, path.to_owned());
            }
            if min > max {
                ctx.report(
                    Code::MinGreaterThanMax,
                    path.to_owned(),
                    &[("min", min.to_string()), ("max", max.to_string())],
                );
            }
        }
        Condition::Eq { value } | Condition::Ne { value } => {
            let at = format!("{path}.value");
            match (subject, value) {
                (Subject::Question(q), Value::Bool(_)) if q.kind == QuestionType::YesNo => {}
                (Subject::Question(q), _) if q.kind == QuestionType::YesNo => {
                    mismatch(ctx, "yes_no", Some(value), at)
                }
                (s, Value::Num(_)) if s.is_number() => {}
                (s, _) if s.is_number() => mismatch(ctx, "number", Some(value), at),
                (Subject::Question(q), Value::Text(t)) => {
                    if !q.options.iter().any(|o| &o.id == t) {
                        ctx.report(
                            Code::UnknownOption,
                            at,
                            &[("option", t.clone()), ("question", q.id.clone())],
                        );
                    }
                }
                _ => mismatch(ctx, "option", Some(value), at),
            }
        }
        Condition::OneOf { values } => match options {
            None => mismatch(ctx, "choice", None, path.to_owned()),
            Some(options) => {
                if values.is_empty() {
                    ctx.report(
                        Code::EmptyList,
                        format!("{path}.values"),
                        &[("field", "values".into())],
                    );
                }
                for (k, v) in values.iter().enumerate() {
                    if !options.iter().any(|o| &o.id == v) {
                        ctx.report(
                            Code::UnknownOption,
                            format!("{path}.values[{k}]"),
                            &[("option", v.clone()), ("question", on.to_owned())],
                        );
                    }
                }
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{base, found};
    use crate::diagnostic::Code;
    use crate::model::{Condition, Derived, PointsCase, RuleSet, Value};
    use crate::{Num, Text};

    fn derived(id: &str, expr: &str) -> Derived {
        Derived {
            id: id.into(),
            label: Text::new(id, id),
            expr: expr.into(),
            unit: None,
            money: false,
        }
    }

    #[test]
    fn type_and_reference_problems() {
        type Mutation = fn(&mut RuleSet);
        let cases: &[(Mutation, Code, &str)] = &[
            (
                |r| r.indicators[0].on = "luas_per_kepala".into(),
                Code::UnknownReference,
                "$.indicators[0].on",
            ),
            (
                |r| r.derived[0].expr = "luas_lantai / jumlah_orang".into(),
                Code::UnknownReference,
                "$.derived[0].expr",
            ),
            (
                |r| r.derived[0].expr = "luas_lantai / * jumlah_anggota".into(),
                Code::ExprSyntax,
                "$.derived[0].expr",
            ),
            (
                |r| r.derived[0].expr = "luas_lantai / listrik".into(),
                Code::TypeMismatch,
                "$.derived[0].expr",
            ),
            (
                |r| r.indicators[2].condition = Some(Condition::Lt { value: Num::int(1) }),
                Code::TypeMismatch,
                "$.indicators[2].condition",
            ),
            (
                |r| {
                    r.indicators[0].condition = Some(Condition::OneOf {
                        values: vec!["tanah".into()],
                    })
                },
                Code::TypeMismatch,
                "$.indicators[0].condition",
            ),
            (
                |r| {
                    r.indicators[1].condition = Some(Condition::OneOf {
                        values: vec!["tanah".into(), "semen".into()],
                    })
                },
                Code::UnknownOption,
                "$.indicators[1].condition.values[1]",
            ),
            (
                |r| {
                    r.indicators[1].condition = Some(Condition::Eq {
                        value: Value::Text("semen".into()),
                    })
                },
                Code::UnknownOption,
                "$.indicators[1].condition.value",
            ),
            (
                |r| {
                    r.indicators[1].condition = Some(Condition::Eq {
                        value: Value::Bool(true),
                    })
                },
                Code::TypeMismatch,
                "$.indicators[1].condition.value",
            ),
            (
                |r| {
                    r.indicators[2].condition = Some(Condition::Eq {
                        value: Value::Text("tidak".into()),
                    })
                },
                Code::TypeMismatch,
                "$.indicators[2].condition.value",
            ),
            (
                |r| {
                    r.indicators[4].condition = Some(Condition::Ne {
                        value: Value::Text("60".into()),
                    })
                },
                Code::TypeMismatch,
                "$.indicators[4].condition.value",
            ),
            (
                |r| {
                    r.indicators[4].condition = Some(Condition::Between {
                        min: Num::int(90),
                        max: Num::int(60),
                    })
                },
                Code::MinGreaterThanMax,
                "$.indicators[4].condition",
            ),
            (
                |r| {
                    r.clusters[1].indicators[2].condition =
                        Some(Condition::Ge { value: Num::int(1) })
                },
                Code::TypeMismatch,
                "$.clusters[1].indicators[2].condition",
            ),
            (
                |r| {
                    r.indicators[2].points = Some(vec![PointsCase {
                        when: Condition::Gt { value: Num::int(0) },
                        points: Num::int(1),
                    }])
                },
                Code::TypeMismatch,
                "$.indicators[2].points[0].when",
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
    fn expression_errors_carry_the_column() {
        let mut r = base();
        r.derived[0].expr = "luas_lantai / * jumlah_anggota".into();
        let d = super::super::validate(&r)
            .into_iter()
            .find(|d| d.code == Code::ExprSyntax)
            .unwrap();
        assert_eq!(d.param("column"), "15");
        assert_eq!(d.param("id"), "luas_per_orang");
    }

    #[test]
    fn cycles_are_reported_once_each() {
        /// (derived values added as (id, expression), the cycles expected)
        type Case = (
            &'static [(&'static str, &'static str)],
            &'static [&'static str],
        );
        let cases: &[Case] = &[
            (&[("a", "a + 1")], &["a → a"]),
            (&[("a", "b"), ("b", "a")], &["a → b → a"]),
            (&[("a", "b"), ("b", "c"), ("c", "b")], &["b → c → b"]),
            (
                &[("a", "b + c"), ("b", "a"), ("c", "a")],
                // One report per knot of cycles: fixing it shows the next.
                &["a → b → a"],
            ),
            (&[("a", "b"), ("b", "luas_lantai")], &[]),
        ];
        for (defs, want) in cases {
            let mut r = base();
            for (id, e) in defs.iter() {
                r.derived.push(derived(id, e));
            }
            let got: Vec<String> = super::super::validate(&r)
                .into_iter()
                .filter(|d| d.code == Code::DerivedCycle)
                .map(|d| d.param("cycle").to_owned())
                .collect();
            assert_eq!(&got, want, "{defs:?}");
        }
    }
}
