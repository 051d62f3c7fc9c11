//! The household under every variant and every cluster, one row per (variant, cluster): the class (name
//! and colour) and score the engine gives, and whether the class differs from the first variant's.
//!
//! A row is compared with the first variant in the same cluster (by id); when the first variant has no
//! such cluster (BPS has one cluster for everywhere), with the first variant's open cluster.

use std::collections::BTreeMap;
use std::rc::Rc;

use timbang_engine::assess::Assessment;
use timbang_engine::explain::class_label;
use timbang_engine::{format, Lang, Num};
use yew::prelude::*;

use crate::components::compare::household::answers_for;
use crate::i18n::{t, tf, use_lang};
use crate::state::library::Entry;
use crate::state::session::Answers;

/// Properties of [`CompareGrid`].
#[derive(Properties, PartialEq)]
pub struct CompareGridProps {
    /// The variants, the first (the reference) first.
    pub variants: Vec<Rc<Entry>>,
    /// The household's answers, by question id.
    pub household: Rc<Answers>,
    /// The first variant's open cluster: the reference for clusters it does not have.
    pub reference_cluster: AttrValue,
}

/// The variant's assessment in each of its clusters (none where the engine refuses the cluster).
fn assessments(entry: &Entry, household: &Answers) -> Vec<(String, Option<Assessment>)> {
    let answers = answers_for(entry, household);
    entry
        .rules()
        .clusters
        .iter()
        .map(|c| {
            let a = entry.loaded.engine.assess(&c.id, &answers).ok();
            (c.id.clone(), a)
        })
        .collect()
}

/// A score as a reader wants it: exact, and as a decimal too when it is a fraction like 7/18.
fn score_text(n: Num, lang: Lang) -> String {
    if n.to_decimal_string().is_some() {
        format::num(n, lang)
    } else {
        format!("{} ≈ {}", format::num(n, lang), format::approx(n, 3, lang))
    }
}

/// The grid.
#[component]
pub fn CompareGrid(props: &CompareGridProps) -> Html {
    let lang = use_lang();
    let Some(first) = props.variants.first() else {
        return html! {};
    };
    // The reference classes: the first variant's class in each of its clusters.
    let reference: BTreeMap<String, Option<String>> = assessments(first, &props.household)
        .into_iter()
        .map(|(id, a)| (id, a.and_then(|a| a.class)))
        .collect();
    let reference_for = |cluster: &str| -> Option<&String> {
        reference
            .get(cluster)
            .or_else(|| reference.get(props.reference_cluster.as_str()))
            .and_then(Option::as_ref)
    };

    let bodies = props.variants.iter().enumerate().map(|(vi, entry)| {
        let rules = entry.rules();
        let rows = assessments(entry, &props.household);
        let span = rows.len().to_string();
        let rows = rows.into_iter().enumerate().map(|(ri, (cluster, a))| {
            let label = rules
                .clusters
                .iter()
                .find(|c| c.id == cluster)
                .map_or(cluster.as_str(), |c| c.label.get(lang));
            let class = a.as_ref().and_then(|a| a.class.clone());
            let colour = a
                .as_ref()
                .and_then(|a| a.bands.iter().find(|b| b.current))
                .map_or("#6b7280".to_owned(), |b| b.colour.clone());
            let class_cell = match (&class, &a) {
                (Some(id), _) => html! {
                    <>
                        <span class="swatch" style={format!("--class-colour:{colour}")} aria-hidden="true"></span>
                        <strong>{ class_label(rules, id, lang) }</strong>
                    </>
                },
                (None, Some(a)) => {
                    let possible: Vec<&str> =
                        a.possible_classes.iter().map(|c| class_label(rules, c, lang)).collect();
                    html! {
                        <>
                            <span>{ t(lang, "result.pending") }</span>
                            <span class="compare-possible">{ tf(lang, "compare.possible", &[("classes", &possible.join(", "))]) }</span>
                        </>
                    }
                }
                (None, None) => html! { <span>{ t(lang, "result.pending") }</span> },
            };
            let score = a
                .as_ref()
                .and_then(|a| a.score)
                .map(|s| score_text(s, lang))
                .unwrap_or_else(|| "–".to_owned());
            let reference_class = reference_for(&cluster);
            let differs = vi > 0
                && matches!((&class, reference_class), (Some(c), Some(r)) if c != r);
            let versus = if vi == 0 {
                t(lang, "compare.reference")
            } else {
                match (&class, reference_class) {
                    (Some(c), Some(r)) if c != r => format!(
                        "≠ {}",
                        tf(lang, "compare.differs", &[("class", class_label(first.rules(), r, lang))])
                    ),
                    (Some(_), Some(_)) => format!("= {}", t(lang, "compare.same")),
                    _ => t(lang, "compare.not_comparable"),
                }
            };
            html! {
                <tr class={classes!("compare-row", differs.then_some("differs"))}
                    data-testid={format!("cell-{}-{}", rules.id, cluster)}
                    data-differs={if differs { "true" } else { "false" }}>
                    if ri == 0 {
                        <th scope="rowgroup" rowspan={span.clone()} class="compare-variant">
                            { rules.name.get(lang) }
                        </th>
                    }
                    <th scope="row">{ label }</th>
                    <td class="compare-class">{ class_cell }</td>
                    <td class="num">{ score }</td>
                    <td class="compare-versus">{ versus }</td>
                </tr>
            }
        });
        html! { <tbody>{ for rows }</tbody> }
    });

    html! {
        <div class="compare-grid-wrap" role="region" aria-labelledby="compare-grid-caption" tabindex="0">
            <table class="compare-grid" data-testid="compare-grid">
                <caption id="compare-grid-caption">{ t(lang, "compare.grid_caption") }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, "compare.col.variant") }</th>
                        <th scope="col">{ t(lang, "compare.col.cluster") }</th>
                        <th scope="col">{ t(lang, "compare.col.class") }</th>
                        <th scope="col" class="num">{ t(lang, "compare.col.score") }</th>
                        <th scope="col">{ t(lang, "compare.col.versus") }</th>
                    </tr>
                </thead>
                { for bodies }
            </table>
        </div>
    }
}
