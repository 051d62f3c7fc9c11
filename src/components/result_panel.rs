//! The result, updated on every change: the class and its colour, the score on its scale, the
//! likelihood (scorecards), what would change the class, the questions still open and the classes
//! still possible, and every indicator.

use std::rc::Rc;

use timbang_engine::assess::Assessment;
use timbang_engine::explain::{class_label, question_label, what_if_sentences};
use timbang_engine::format;
use yew::prelude::*;

use crate::components::indicator_table::IndicatorTable;
use crate::components::same::same;
use crate::components::score_scale::ScoreScale;
use crate::i18n::{t, tf, use_lang};
use crate::state::library::Entry;

/// Properties of [`ResultPanel`].
#[derive(Properties)]
pub struct ResultPanelProps {
    /// The rule set in use.
    pub entry: Rc<Entry>,
    /// The assessment.
    pub assessment: Rc<Assessment>,
}

impl PartialEq for ResultPanelProps {
    fn eq(&self, other: &Self) -> bool {
        self.entry == other.entry && same(&self.assessment, &other.assessment)
    }
}

/// The result panel.
#[component]
pub fn ResultPanel(props: &ResultPanelProps) -> Html {
    let lang = use_lang();
    let a = &props.assessment;
    let rules = props.entry.rules();
    let engine = &props.entry.loaded.engine;
    let bounds = engine
        .cluster_index(&a.cluster)
        .and_then(|ci| engine.score_bounds(ci));

    let class_card = match &a.class {
        Some(id) => {
            let band = a.bands.iter().find(|b| &b.class == id);
            let colour = band.map_or("#444444", |b| b.colour.as_str());
            let style = format!("--class-colour:{colour}");
            html! {
                <div class="class-card" {style} data-testid="class">
                    <span class="class-caption">{ t(lang, "result.class") }</span>
                    <span class="class-name">{ class_label(rules, id, lang) }</span>
                    if let Some(desc) = rules.classes.iter().find(|c| &c.id == id).and_then(|c| c.description.as_ref()) {
                        <span class="class-description">{ desc.get(lang) }</span>
                    }
                </div>
            }
        }
        None => html! {
            <div class="class-card pending" data-testid="class">
                <span class="class-caption">{ t(lang, "result.class") }</span>
                <span class="class-name">{ t(lang, "result.pending") }</span>
            </div>
        },
    };

    let score = match a.score {
        Some(s) => tf(lang, "result.score", &[("score", &score_text(s, lang))]),
        None => tf(
            lang,
            "result.score_range",
            &[
                ("lo", &score_text(a.score_range.lo, lang)),
                ("hi", &score_text(a.score_range.hi, lang)),
            ],
        ),
    };
    let direction = match a.method {
        timbang_engine::Method::Points => t(lang, "result.direction.points"),
        _ => t(lang, "result.direction.deprivation"),
    };

    let open = (!a.unanswered.is_empty()).then(|| {
        let names: Vec<String> = a
            .unanswered
            .iter()
            .map(|u| question_label(rules, &u.question, lang).to_owned())
            .collect();
        let possible: Vec<&str> = a.possible_classes.iter().map(|c| class_label(rules, c, lang)).collect();
        html! {
            <div class="open">
                <h3>{ tf(lang, "result.unanswered", &[("n", &a.unanswered.len().to_string())]) }</h3>
                <ul class="open-list">{ for names.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                <p data-testid="possible">{ tf(lang, "result.possible", &[("classes", &possible.join(", "))]) }</p>
            </div>
        }
    });

    let what_if = a.what_if.as_ref().map(|w| {
        let sentences = what_if_sentences(rules, w, lang);
        html! {
            <div class="what-if">
                <h3>{ t(lang, "result.what_if") }</h3>
                if w.changes.is_empty() {
                    <p>{ t(lang, "result.what_if_none") }</p>
                }
                <ul data-testid="what-if">{ for sentences.into_iter().map(|s| html! { <li>{ s }</li> }) }</ul>
            </div>
        }
    });

    let likelihood = (!a.likelihood.is_empty()).then(|| html! {
        <div class="likelihood" data-testid="likelihood">
            <h3>{ t(lang, "result.likelihood") }</h3>
            <ul>
                for l in a.likelihood.iter() {
                    <li>
                        { l.label.get(lang) }{ ": " }
                        <strong>{ l.row.as_ref().map_or_else(|| "–".to_owned(), |r| format!("{} %", format::num(r.percent, lang))) }</strong>
                    </li>
                }
            </ul>
        </div>
    });

    let problems = a.problems.iter().filter(|p| p.question.is_none()).map(|p| {
        html! {
            <li>{ p.message.get(lang) }</li>
        }
    });

    html! {
        <section class="card result" aria-labelledby="result-title" aria-live="polite" tabindex="0">
            <h2 id="result-title">{ t(lang, "result.title") }</h2>
            { class_card }
            <p class="score" data-testid="score">{ score }{ " " }<span class="direction">{ direction }</span></p>
            if let Some(bounds) = bounds {
                <ScoreScale assessment={a.clone()} {bounds} />
            }
            { likelihood }
            { what_if }
            { open }
            <ul class="problems">{ for problems }</ul>
            <IndicatorTable assessment={a.clone()} entry={props.entry.clone()} />
        </section>
    }
}

/// A score as a reader wants it: exact, and as a decimal too when it is a fraction like 7/18.
fn score_text(n: timbang_engine::Num, lang: timbang_engine::Lang) -> String {
    if n.to_decimal_string().is_some() {
        format::num(n, lang)
    } else {
        format!("{} ≈ {}", format::num(n, lang), format::approx(n, 3, lang))
    }
}
