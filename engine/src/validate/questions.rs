//! Question constraints: each field only on the type it fits, at least two options for a choice,
//! `min <= max`.

use crate::diagnostic::Code;
use crate::model::QuestionType;

use super::Ctx;

pub(super) fn check(ctx: &mut Ctx<'_>) {
    for (i, q) in ctx.rules.questions.iter().enumerate() {
        let type_name = match q.kind {
            QuestionType::YesNo => "yes_no",
            QuestionType::Number => "number",
            QuestionType::Choice => "choice",
        };
        let not_allowed = |ctx: &mut Ctx<'_>, field: &str| {
            ctx.report(
                Code::FieldNotAllowed,
                format!("$.questions[{i}].{field}"),
                &[("field", field.into()), ("type", type_name.into())],
            );
        };
        if q.kind != QuestionType::Number {
            for (field, present) in [
                ("unit", q.unit.is_some()),
                ("money", q.money),
                ("min", q.min.is_some()),
                ("max", q.max.is_some()),
                ("integer", q.integer),
            ] {
                if present {
                    not_allowed(ctx, field);
                }
            }
        }
        if q.kind != QuestionType::Choice && !q.options.is_empty() {
            not_allowed(ctx, "options");
        }
        if q.kind == QuestionType::Choice && q.options.len() < 2 {
            ctx.report(
                Code::TooFewOptions,
                format!("$.questions[{i}].options"),
                &[
                    ("question", q.id.clone()),
                    ("count", q.options.len().to_string()),
                ],
            );
        }
        if let (Some(min), Some(max)) = (q.min, q.max) {
            if min > max {
                ctx.report(
                    Code::MinGreaterThanMax,
                    format!("$.questions[{i}]"),
                    &[("min", min.to_string()), ("max", max.to_string())],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{base, found};
    use crate::diagnostic::Code;
    use crate::model::{ChoiceOption, QuestionType, RuleSet};
    use crate::{Num, Text};

    #[test]
    fn question_constraints() {
        type Mutation = fn(&mut RuleSet);
        let cases: &[(Mutation, Code, &str)] = &[
            (
                |r| r.questions[1].min = Some(Num::int(40)),
                Code::MinGreaterThanMax,
                "$.questions[1]",
            ),
            (
                |r| r.questions[3].unit = Some(Text::new("m", "m")),
                Code::FieldNotAllowed,
                "$.questions[3].unit",
            ),
            (
                |r| r.questions[3].max = Some(Num::int(1)),
                Code::FieldNotAllowed,
                "$.questions[3].max",
            ),
            (
                |r| r.questions[2].integer = true,
                Code::FieldNotAllowed,
                "$.questions[2].integer",
            ),
            (
                |r| {
                    r.questions[0].options = vec![ChoiceOption {
                        id: "a".into(),
                        label: Text::new("a", "a"),
                    }]
                },
                Code::FieldNotAllowed,
                "$.questions[0].options",
            ),
            (
                |r| r.questions[2].options.truncate(1),
                Code::TooFewOptions,
                "$.questions[2].options",
            ),
            (
                |r| r.questions[3].kind = QuestionType::Choice,
                Code::TooFewOptions,
                "$.questions[3].options",
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
