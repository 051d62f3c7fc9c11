//! Metadata and presentation: format version, date, colours, lists that must not be empty, and
//! every human text in both languages.

use crate::diagnostic::Code;
use crate::model::FORMAT_V1;
use crate::text::Text;

use super::Ctx;

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let rules = ctx.rules;
    // `load` rejects another format before reading the file; this catches rule sets built in code.
    if rules.format != FORMAT_V1 {
        ctx.report(
            Code::UnsupportedFormat,
            "$.format".into(),
            &[
                ("found", rules.format.clone()),
                ("supported", FORMAT_V1.into()),
            ],
        );
    }
    if !is_valid_date(&rules.date) {
        ctx.report(
            Code::InvalidDate,
            "$.date".into(),
            &[("value", rules.date.clone())],
        );
    }
    for (field, empty) in [
        ("clusters", rules.clusters.is_empty()),
        ("questions", rules.questions.is_empty()),
        ("indicators", rules.indicators.is_empty()),
        ("classes", rules.classes.is_empty()),
    ] {
        if empty {
            ctx.report(
                Code::EmptyList,
                format!("$.{field}"),
                &[("field", field.into())],
            );
        }
    }
    for (c, cl) in rules.clusters.iter().enumerate() {
        if cl.indicators.is_empty() {
            ctx.report(
                Code::EmptyList,
                format!("$.clusters[{c}].indicators"),
                &[("field", "indicators".into())],
            );
        }
    }
    for (i, class) in rules.classes.iter().enumerate() {
        if !is_valid_colour(&class.colour) {
            ctx.report(
                Code::InvalidColour,
                format!("$.classes[{i}].colour"),
                &[("value", class.colour.clone())],
            );
        }
    }
    translations(ctx);
}

/// Whether `s` is `#rrggbb` (hex digits in either case).
pub(crate) fn is_valid_colour(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7 && b.first() == Some(&b'#') && b.iter().skip(1).all(u8::is_ascii_hexdigit)
}

/// Whether `s` is a real calendar date written `YYYY-MM-DD`.
pub(crate) fn is_valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Warns about every text with an empty Indonesian or English form.
fn translations(ctx: &mut Ctx<'_>) {
    let rules = ctx.rules;
    fn opt<'t>(path: String, t: &'t Option<Text>, texts: &mut Vec<(String, &'t Text)>) {
        if let Some(t) = t {
            texts.push((path, t));
        }
    }
    let mut more: Vec<(String, &Text)> = vec![
        ("$.name".into(), &rules.name),
        ("$.description".into(), &rules.description),
    ];
    opt("$.source".into(), &rules.source, &mut more);
    opt("$.legal_basis".into(), &rules.legal_basis, &mut more);
    opt("$.notice".into(), &rules.notice, &mut more);
    for (c, cl) in rules.clusters.iter().enumerate() {
        more.push((format!("$.clusters[{c}].label"), &cl.label));
        opt(format!("$.clusters[{c}].hint"), &cl.hint, &mut more);
    }
    for (i, q) in rules.questions.iter().enumerate() {
        more.push((format!("$.questions[{i}].label"), &q.label));
        opt(format!("$.questions[{i}].help"), &q.help, &mut more);
        opt(format!("$.questions[{i}].unit"), &q.unit, &mut more);
        for (k, o) in q.options.iter().enumerate() {
            more.push((format!("$.questions[{i}].options[{k}].label"), &o.label));
        }
    }
    for (i, d) in rules.derived.iter().enumerate() {
        more.push((format!("$.derived[{i}].label"), &d.label));
        opt(format!("$.derived[{i}].unit"), &d.unit, &mut more);
    }
    for (i, x) in rules.indicators.iter().enumerate() {
        more.push((format!("$.indicators[{i}].label"), &x.label));
        opt(format!("$.indicators[{i}].help"), &x.help, &mut more);
        opt(format!("$.indicators[{i}].group"), &x.group, &mut more);
    }
    for (i, cl) in rules.classes.iter().enumerate() {
        more.push((format!("$.classes[{i}].label"), &cl.label));
        opt(
            format!("$.classes[{i}].description"),
            &cl.description,
            &mut more,
        );
    }
    for (t, table) in rules.likelihood.iter().enumerate() {
        more.push((format!("$.likelihood[{t}].label"), &table.label));
    }
    for (t, test) in rules.tests.iter().enumerate() {
        more.push((format!("$.tests[{t}].name"), &test.name));
    }
    for (path, text) in more {
        for (lang, form) in [("id", &text.id), ("en", &text.en)] {
            if form.trim().is_empty() {
                ctx.report(
                    Code::MissingTranslation,
                    format!("{path}.{lang}"),
                    &[("missing", lang.into())],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{base, found};
    use super::*;

    #[test]
    fn dates() {
        let cases = [
            ("2020-07-17", true),
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("2000-02-29", true),
            ("1900-02-29", false),
            ("2020-13-01", false),
            ("2020-04-31", false),
            ("2020-7-17", false),
            ("17-07-2020", false),
            ("2020/07/17", false),
            ("2020-07-1a", false),
            ("", false),
        ];
        for (s, ok) in cases {
            assert_eq!(is_valid_date(s), ok, "{s}");
        }
    }

    #[test]
    fn colours() {
        let cases = [
            ("#b22222", true),
            ("#B22222", true),
            ("#b2222", false),
            ("b22222", false),
            ("#b2222g", false),
            ("red", false),
            ("#b222222", false),
        ];
        for (s, ok) in cases {
            assert_eq!(is_valid_colour(s), ok, "{s}");
        }
    }

    #[test]
    fn metadata_problems() {
        type Mutation = fn(&mut crate::model::RuleSet);
        let cases: &[(Mutation, Code, &str)] = &[
            (
                |r| r.format = "timbang.ruleset/2".into(),
                Code::UnsupportedFormat,
                "$.format",
            ),
            (
                |r| r.date = "2024-02-30".into(),
                Code::InvalidDate,
                "$.date",
            ),
            (
                |r| r.classes[0].colour = "crimson".into(),
                Code::InvalidColour,
                "$.classes[0].colour",
            ),
            (|r| r.classes.clear(), Code::EmptyList, "$.classes"),
            (
                |r| r.clusters[1].indicators.clear(),
                Code::EmptyList,
                "$.clusters[1].indicators",
            ),
            (
                |r| r.questions[0].label.en.clear(),
                Code::MissingTranslation,
                "$.questions[0].label.en",
            ),
            (
                |r| r.description.id = " ".into(),
                Code::MissingTranslation,
                "$.description.id",
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
