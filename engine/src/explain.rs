//! An assessment in plain sentences, in Indonesian or English: the words the app shows and the CLI
//! prints, written once here.

use crate::format;
use crate::model::Value;
use crate::model::{Bound, QuestionType, RuleSet};
use crate::text::Lang;
use crate::whatif::{Change, Direction, Distance, WhatIf};

fn pick(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The name of a class, or its id when the rule set has no such class.
pub fn class_label<'r>(rules: &'r RuleSet, id: &'r str, lang: Lang) -> &'r str {
    rules
        .classes
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.label.get(lang))
}

/// The label of a question or derived value, or the id.
pub fn question_label<'r>(rules: &'r RuleSet, id: &'r str, lang: Lang) -> &'r str {
    if let Some(q) = rules.questions.iter().find(|q| q.id == id) {
        return q.label.get(lang);
    }
    rules
        .derived
        .iter()
        .find(|d| d.id == id)
        .map_or(id, |d| d.label.get(lang))
}

/// An answer or derived value as people read it: ya/tidak, `Rp 600.000`, `12 m²`, an option's label.
///
/// ```
/// use timbang_engine::{explain::value_text, Lang, RuleSet, Value, Num};
/// # let rules: RuleSet = serde_json::from_str(include_str!("../tests/broken/base.json")).unwrap();
/// assert_eq!(value_text(&rules, "no_such_question", &Value::Bool(true), Lang::Id), "ya");
/// assert_eq!(value_text(&rules, "no_such_question", &Value::Num(Num::int(1500)), Lang::Id), "1.500");
/// ```
pub fn value_text(rules: &RuleSet, subject: &str, v: &Value, lang: Lang) -> String {
    let question = rules.questions.iter().find(|q| q.id == subject);
    let derived = rules.derived.iter().find(|d| d.id == subject);
    let (money, unit) = match (question, derived) {
        (Some(q), _) => (q.money, q.unit.as_ref()),
        (None, Some(d)) => (d.money, d.unit.as_ref()),
        (None, None) => (false, None),
    };
    match v {
        Value::Bool(b) => match (b, lang) {
            (true, Lang::Id) => "ya".into(),
            (false, Lang::Id) => "tidak".into(),
            (true, Lang::En) => "yes".into(),
            (false, Lang::En) => "no".into(),
        },
        Value::Num(n) if money => format::money(*n, lang),
        Value::Num(n) => {
            let shown = if n.to_decimal_string().is_some() {
                format::num(*n, lang)
            } else {
                format::approx(*n, 2, lang)
            };
            match unit {
                Some(u) => format!("{shown} {}", u.get(lang)),
                None => shown,
            }
        }
        Value::Text(t) => match question.filter(|q| q.kind == QuestionType::Choice) {
            Some(q) => q
                .options
                .iter()
                .find(|o| &o.id == t)
                .map_or_else(|| t.clone(), |o| format!("“{}”", o.label.get(lang))),
            None => t.clone(),
        },
    }
}

/// A band as `9 ≤ skor`, `skor < 9` or `1/5 ≤ skor < 1/3`.
///
/// ```
/// use timbang_engine::{explain::band_text, model::Bound, Lang, Num};
/// let from = Some(Bound { value: Num::int(9), inclusive: true });
/// assert_eq!(band_text(from, None, Lang::Id), "9 ≤ skor");
/// ```
pub fn band_text(from: Option<Bound>, to: Option<Bound>, lang: Lang) -> String {
    let score = pick(lang, "skor", "score");
    let op = |inclusive: bool| if inclusive { "≤" } else { "<" };
    let lo = from.map(|b| format!("{} {} ", format::num(b.value, lang), op(b.inclusive)));
    let hi = to.map(|b| format!(" {} {}", op(b.inclusive), format::num(b.value, lang)));
    match (lo, hi) {
        (None, None) => pick(lang, "semua skor", "every score").to_owned(),
        (lo, hi) => format!(
            "{}{score}{}",
            lo.unwrap_or_default(),
            hi.unwrap_or_default()
        ),
    }
}

/// "Jika … maka rumah tangga ini menjadi …" / "If … then this household becomes …".
///
/// A number names its threshold (`≤ 2 orang`); a yes/no or a choice names the new answer.
pub fn change_sentence(rules: &RuleSet, c: &Change, lang: Lang) -> String {
    sentence(rules, &c.question, &c.current, &[c], lang)
}

/// Every change of a what-if as sentences: the choices of one question that lead to the same class are
/// said once ("dijawab “A” atau “B”"), so a long option list does not repeat the same sentence.
pub fn what_if_sentences(rules: &RuleSet, w: &WhatIf, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.changes.len() {
        let first = &w.changes[i];
        let mut group = vec![first];
        if first.direction.is_none() {
            while let Some(next) = w.changes.get(i + group.len()) {
                if next.question == first.question
                    && next.class == first.class
                    && next.direction.is_none()
                {
                    group.push(next);
                } else {
                    break;
                }
            }
        }
        i += group.len();
        out.push(sentence(
            rules,
            &first.question,
            &first.current,
            &group,
            lang,
        ));
    }
    if let Some(d) = &w.up {
        out.push(distance_sentence(rules, d, true, lang));
    }
    if let Some(d) = &w.down {
        out.push(distance_sentence(rules, d, false, lang));
    }
    out
}

fn sentence(
    rules: &RuleSet,
    question: &str,
    current: &Value,
    group: &[&Change],
    lang: Lang,
) -> String {
    let label = question_label(rules, question, lang);
    let current = value_text(rules, question, current, lang);
    let Some(first) = group.first() else {
        return String::new();
    };
    let class = class_label(rules, &first.class, lang);
    let condition = match first.direction {
        Some(d) => {
            let op = match (d, first.inclusive) {
                (Direction::Down, true) => "≤",
                (Direction::Down, false) => "<",
                (Direction::Up, true) => "≥",
                (Direction::Up, false) => ">",
            };
            let new = value_text(rules, question, &first.value, lang);
            let approx = if first.exact {
                ""
            } else {
                pick(lang, " (kira-kira)", " (about)")
            };
            match lang {
                Lang::Id => format!("jawaban «{label}» {op} {new}{approx}"),
                Lang::En => format!("the answer to «{label}» is {op} {new}{approx}"),
            }
        }
        None => {
            let values: Vec<String> = group
                .iter()
                .map(|c| value_text(rules, question, &c.value, lang))
                .collect();
            let values = values.join(pick(lang, " atau ", " or "));
            match lang {
                Lang::Id => format!("«{label}» dijawab {values}"),
                Lang::En => format!("«{label}» is answered {values}"),
            }
        }
    };
    match lang {
        Lang::Id => {
            format!("Jika {condition} (sekarang {current}), maka rumah tangga ini menjadi {class}.")
        }
        Lang::En => format!("If {condition} (now {current}), then this household becomes {class}."),
    }
}

/// How far the score is from the next band up or down, as a sentence.
pub fn distance_sentence(rules: &RuleSet, d: &Distance, up: bool, lang: Lang) -> String {
    let class = class_label(rules, &d.class, lang);
    let op = match (up, d.inclusive) {
        (true, true) => "≥",
        (true, false) => ">",
        (false, true) => "≤",
        (false, false) => "<",
    };
    let cutoff = format::num(d.cutoff, lang);
    let diff = format::num(d.difference, lang);
    // With an exclusive cut-off the score must pass it, not just reach it.
    let (more_id, more_en) = if d.inclusive {
        ("", "")
    } else {
        ("lebih dari ", "more than ")
    };
    match (lang, up) {
        (Lang::Id, true) => format!(
            "Skor perlu naik {more_id}{diff} untuk menjadi {class} (skor {op} {cutoff})."
        ),
        (Lang::Id, false) => format!(
            "Skor perlu turun {more_id}{diff} untuk menjadi {class} (skor {op} {cutoff})."
        ),
        (Lang::En, true) => format!(
            "The score would have to rise by {more_en}{diff} to become {class} (score {op} {cutoff})."
        ),
        (Lang::En, false) => format!(
            "The score would have to fall by {more_en}{diff} to become {class} (score {op} {cutoff})."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Num;

    fn rules() -> RuleSet {
        serde_json::from_str(
            r##"{"format":"timbang.ruleset/1","id":"t","name":{"id":"T","en":"T"},"version":"1",
            "date":"2026-01-01","status":"draft","description":{"id":"d","en":"d"},"method":"count",
            "clusters":[{"id":"semua","label":{"id":"Semua","en":"All"},"indicators":[]}],
            "questions":[
              {"id":"lantai","label":{"id":"Jenis lantai","en":"Floor"},"type":"choice","options":[
                {"id":"tanah","label":{"id":"Tanah","en":"Earth"}},
                {"id":"bambu","label":{"id":"Bambu","en":"Bamboo"}},
                {"id":"keramik","label":{"id":"Keramik","en":"Tiles"}}]},
              {"id":"anggota","label":{"id":"Jumlah anggota","en":"Members"},"type":"number",
               "unit":{"id":"orang","en":"persons"}}],
            "indicators":[],
            "classes":[{"id":"miskin","label":{"id":"Miskin","en":"Poor"},"colour":"#b91c1c"}]}"##,
        )
        .unwrap()
    }

    fn change(
        question: &str,
        current: Value,
        value: Value,
        direction: Option<Direction>,
    ) -> Change {
        Change {
            question: question.into(),
            current,
            direction,
            value,
            inclusive: true,
            exact: true,
            class: "miskin".into(),
        }
    }

    #[test]
    fn choices_leading_to_one_class_are_said_once() {
        let keramik = Value::Text("keramik".into());
        let w = WhatIf {
            changes: vec![
                change("lantai", keramik.clone(), Value::Text("tanah".into()), None),
                change("lantai", keramik, Value::Text("bambu".into()), None),
                change(
                    "anggota",
                    Value::Num(Num::int(4)),
                    Value::Num(Num::int(6)),
                    Some(Direction::Up),
                ),
            ],
            up: None,
            down: Some(Distance {
                class: "miskin".into(),
                cutoff: Num::ratio(1, 2).unwrap(),
                inclusive: false,
                difference: Num::ZERO,
            }),
        };
        let id = what_if_sentences(&rules(), &w, Lang::Id);
        assert_eq!(
            id,
            vec![
                "Jika «Jenis lantai» dijawab “Tanah” atau “Bambu” (sekarang “Keramik”), maka rumah tangga ini menjadi Miskin.",
                "Jika jawaban «Jumlah anggota» ≥ 6 orang (sekarang 4 orang), maka rumah tangga ini menjadi Miskin.",
                "Skor perlu turun lebih dari 0 untuk menjadi Miskin (skor < 0,5).",
            ]
        );
        let en = what_if_sentences(&rules(), &w, Lang::En);
        assert_eq!(
            en[0],
            "If «Floor» is answered “Earth” or “Bamboo” (now “Tiles”), then this household becomes Poor."
        );
    }
}
