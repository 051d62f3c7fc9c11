//! Id syntax and duplicate ids.
//!
//! Ids appear in household files, expressions and URLs, so they are kept to `[a-z][a-z0-9_]*`; the
//! rule set's own id may also use `-` (e.g. `bantaeng-draft`). Questions and derived values share one
//! namespace because both are read by expressions and by an indicator's `on`.

use std::collections::HashMap;

use crate::diagnostic::Code;

use super::Ctx;

/// Whether `id` is `[a-z][a-z0-9_]*` (with `-` too when `dash`).
pub(crate) fn is_valid_id(id: &str, dash: bool) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || (dash && c == '-'))
}

/// Names an expression gives its functions; an input with one of these ids could not be told apart.
const RESERVED: &[&str] = &["min", "max"];

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let rules = ctx.rules;
    if !is_valid_id(&rules.id, true) {
        ctx.report(
            Code::InvalidId,
            "$.id".into(),
            &[
                ("id", rules.id.clone()),
                ("kind", "rule_set".into()),
                ("reason", "syntax".into()),
            ],
        );
    }

    // Questions and derived values: one namespace.
    let mut inputs = Seen::new("question_or_derived");
    for (i, q) in rules.questions.iter().enumerate() {
        let path = format!("$.questions[{i}].id");
        syntax(ctx, &q.id, "question", &path, true);
        inputs.see(ctx, &q.id, path);
        let mut options = Seen::new("option");
        for (k, o) in q.options.iter().enumerate() {
            let path = format!("$.questions[{i}].options[{k}].id");
            syntax(ctx, &o.id, "option", &path, false);
            options.see(ctx, &o.id, path);
        }
    }
    for (i, d) in rules.derived.iter().enumerate() {
        let path = format!("$.derived[{i}].id");
        syntax(ctx, &d.id, "derived", &path, true);
        inputs.see(ctx, &d.id, path);
    }

    let mut indicators = Seen::new("indicator");
    for (i, x) in rules.indicators.iter().enumerate() {
        let path = format!("$.indicators[{i}].id");
        syntax(ctx, &x.id, "indicator", &path, false);
        indicators.see(ctx, &x.id, path);
    }

    let mut clusters = Seen::new("cluster");
    for (c, cl) in rules.clusters.iter().enumerate() {
        let path = format!("$.clusters[{c}].id");
        syntax(ctx, &cl.id, "cluster", &path, false);
        clusters.see(ctx, &cl.id, path);
        let mut members = Seen::new("cluster_indicator");
        for (j, ci) in cl.indicators.iter().enumerate() {
            members.see(
                ctx,
                &ci.indicator,
                format!("$.clusters[{c}].indicators[{j}].indicator"),
            );
        }
    }

    let mut classes = Seen::new("class");
    for (i, cl) in rules.classes.iter().enumerate() {
        let path = format!("$.classes[{i}].id");
        syntax(ctx, &cl.id, "class", &path, false);
        classes.see(ctx, &cl.id, path);
    }
}

/// Reports `id` when it is not a valid id of `kind` (or, for inputs, a reserved name).
fn syntax(ctx: &mut Ctx<'_>, id: &str, kind: &str, path: &str, input: bool) {
    let reason = if !is_valid_id(id, false) {
        "syntax"
    } else if input && RESERVED.contains(&id) {
        "reserved"
    } else {
        return;
    };
    ctx.report(
        Code::InvalidId,
        path.to_owned(),
        &[
            ("id", id.to_owned()),
            ("kind", kind.to_owned()),
            ("reason", reason.to_owned()),
        ],
    );
}

/// The ids of one kind seen so far, with the path of the first occurrence.
struct Seen<'k> {
    kind: &'k str,
    first: HashMap<String, String>,
}

impl<'k> Seen<'k> {
    fn new(kind: &'k str) -> Seen<'k> {
        Seen {
            kind,
            first: HashMap::new(),
        }
    }

    fn see(&mut self, ctx: &mut Ctx<'_>, id: &str, path: String) {
        match self.first.get(id) {
            Some(first) => ctx.report(
                Code::DuplicateId,
                path,
                &[
                    ("id", id.to_owned()),
                    ("kind", self.kind.to_owned()),
                    ("first", first.clone()),
                ],
            ),
            None => {
                self.first.insert(id.to_owned(), path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{base, found};
    use super::*;

    #[test]
    fn id_syntax() {
        let cases = [
            ("lantai", false, true),
            ("luas_per_orang2", false, true),
            ("Lantai", false, false),
            ("2lantai", false, false),
            ("_x", false, false),
            ("", false, false),
            ("bantaeng-draft", false, false),
            ("bantaeng-draft", true, true),
            ("lantaí", false, false),
        ];
        for (id, dash, ok) in cases {
            assert_eq!(is_valid_id(id, dash), ok, "{id:?}");
        }
    }

    #[test]
    fn bad_and_duplicate_ids() {
        type Mutation = fn(&mut crate::model::RuleSet);
        let cases: &[(Mutation, Code, &str)] = &[
            (|r| r.id = "Base Set".into(), Code::InvalidId, "$.id"),
            (
                |r| r.questions[1].id = "Jumlah".into(),
                Code::InvalidId,
                "$.questions[1].id",
            ),
            (
                |r| r.questions[1].id = "max".into(),
                Code::InvalidId,
                "$.questions[1].id",
            ),
            (
                |r| r.questions[2].options[1].id = "tanah".into(),
                Code::DuplicateId,
                "$.questions[2].options[1].id",
            ),
            (
                |r| r.derived[0].id = "luas_lantai".into(),
                Code::DuplicateId,
                "$.derived[0].id",
            ),
            (
                |r| r.indicators[4].id = "luas_sempit".into(),
                Code::DuplicateId,
                "$.indicators[4].id",
            ),
            (
                |r| r.clusters[1].id = "pesisir".into(),
                Code::DuplicateId,
                "$.clusters[1].id",
            ),
            (
                |r| r.clusters[0].indicators[1].indicator = "luas_sempit".into(),
                Code::DuplicateId,
                "$.clusters[0].indicators[1].indicator",
            ),
            (
                |r| r.classes[3].id = "miskin".into(),
                Code::DuplicateId,
                "$.classes[3].id",
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
