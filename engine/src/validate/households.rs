//! The test households' references and answers. Running them is [`crate::load`]'s last step; here
//! they are checked like the rest of the file, so a typo in a test shows where it is rather than as a
//! failed assessment.
//!
//! Answers in a rule set file are strict JSON values: `true`/`false` for yes/no, a number for numbers
//! (within the question's range, whole when it must be), an option id for a choice.

use crate::diagnostic::{field_path, Code};
use crate::model::{QuestionType, Value};

use super::{Ctx, Subject};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let rules = ctx.rules;
    for (t, test) in rules.tests.iter().enumerate() {
        if !ctx.clusters.contains_key(test.cluster.as_str()) {
            ctx.report(
                Code::UnknownReference,
                format!("$.tests[{t}].cluster"),
                &[("id", test.cluster.clone()), ("kind", "cluster".into())],
            );
        }
        if !ctx.classes.contains_key(test.expect.as_str()) {
            ctx.report(
                Code::UnknownReference,
                format!("$.tests[{t}].expect"),
                &[("id", test.expect.clone()), ("kind", "class".into())],
            );
        }
        let base = format!("$.tests[{t}].answers");
        for (key, value) in &test.answers {
            let path = field_path(&base, key);
            let Some(Subject::Question(q)) = ctx.inputs.get(key.as_str()).copied() else {
                ctx.report(
                    Code::UnknownReference,
                    path,
                    &[("id", key.clone()), ("kind", "question".into())],
                );
                continue;
            };
            let shown = match value {
                Value::Text(s) => serde_json::to_string(s).unwrap_or_else(|_| s.clone()),
                other => other.to_string(),
            };
            let mut problem: Option<&str> = None;
            match (q.kind, value) {
                (QuestionType::YesNo, Value::Bool(_)) => {}
                (QuestionType::YesNo, _) => problem = Some("yes_no"),
                (QuestionType::Number, Value::Num(n)) => {
                    let below = q.min.is_some_and(|m| *n < m);
                    let above = q.max.is_some_and(|m| *n > m);
                    if below || above {
                        problem = Some("number");
                    } else if q.integer && !n.is_integer() {
                        problem = Some("integer");
                    }
                }
                (QuestionType::Number, _) => problem = Some("number"),
                (QuestionType::Choice, Value::Text(s)) => {
                    if !q.options.iter().any(|o| &o.id == s) {
                        ctx.report(
                            Code::UnknownOption,
                            path.clone(),
                            &[("option", s.clone()), ("question", q.id.clone())],
                        );
                    }
                }
                (QuestionType::Choice, _) => problem = Some("option"),
            }
            if let Some(expected) = problem {
                let mut params = vec![
                    ("question", q.id.clone()),
                    ("value", shown),
                    ("expected", expected.to_owned()),
                ];
                if q.kind == QuestionType::Number {
                    if let Some(m) = q.min {
                        params.push(("min", m.to_string()));
                    }
                    if let Some(m) = q.max {
                        params.push(("max", m.to_string()));
                    }
                }
                ctx.report(Code::InvalidAnswer, path, &params);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{base, found};
    use crate::diagnostic::Code;
    use crate::model::{RuleSet, Value};
    use crate::Num;

    #[test]
    fn household_problems() {
        type Mutation = fn(&mut RuleSet);
        let cases: &[(Mutation, Code, &str)] = &[
            (
                |r| r.tests[0].cluster = "pantai".into(),
                Code::UnknownReference,
                "$.tests[0].cluster",
            ),
            (
                |r| r.tests[1].expect = "miskin_sekali".into(),
                Code::UnknownReference,
                "$.tests[1].expect",
            ),
            (
                |r| {
                    r.tests[0]
                        .answers
                        .insert("luas_per_orang".into(), Value::Num(Num::int(3)));
                },
                Code::UnknownReference,
                "$.tests[0].answers.luas_per_orang",
            ),
            (
                |r| {
                    r.tests[0]
                        .answers
                        .insert("listrik".into(), Value::Text("ya".into()));
                },
                Code::InvalidAnswer,
                "$.tests[0].answers.listrik",
            ),
            (
                |r| {
                    r.tests[0]
                        .answers
                        .insert("jumlah_anggota".into(), Value::Num(Num::int(0)));
                },
                Code::InvalidAnswer,
                "$.tests[0].answers.jumlah_anggota",
            ),
            (
                |r| {
                    r.tests[0].answers.insert(
                        "jumlah_anggota".into(),
                        Value::Num(Num::ratio(5, 2).unwrap()),
                    );
                },
                Code::InvalidAnswer,
                "$.tests[0].answers.jumlah_anggota",
            ),
            (
                |r| {
                    r.tests[0]
                        .answers
                        .insert("lantai".into(), Value::Text("semen".into()));
                },
                Code::UnknownOption,
                "$.tests[0].answers.lantai",
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
}
