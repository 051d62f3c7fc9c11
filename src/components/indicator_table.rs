//! Every indicator of the cluster: the value seen, met or not, its weight or points, and its share of
//! the score.

use std::rc::Rc;

use timbang_engine::assess::Assessment;
use timbang_engine::explain::value_text;
use timbang_engine::{format, Method};
use yew::prelude::*;

use crate::components::same::same;
use crate::i18n::{t, use_lang};
use crate::state::library::Entry;

/// Properties of [`IndicatorTable`].
#[derive(Properties)]
pub struct IndicatorTableProps {
    /// The assessment.
    pub assessment: Rc<Assessment>,
    /// The rule set it was made with.
    pub entry: Rc<Entry>,
}

impl PartialEq for IndicatorTableProps {
    fn eq(&self, other: &Self) -> bool {
        self.entry == other.entry && same(&self.assessment, &other.assessment)
    }
}

/// The indicator table.
#[component]
pub fn IndicatorTable(props: &IndicatorTableProps) -> Html {
    let lang = use_lang();
    let a = &props.assessment;
    let points = a.method == Method::Points;
    let rows = a.indicators.iter().map(|i| {
        let (mark, class, status) = match i.met {
            Some(true) if points => ("●", "met", t(lang, "indicator.case")),
            Some(true) => ("✓", "met", t(lang, "indicator.met")),
            Some(false) => ("–", "not-met", t(lang, "indicator.not_met")),
            None => ("?", "open", t(lang, "indicator.open")),
        };
        let value = i
            .value
            .as_ref()
            .map_or_else(|| t(lang, "indicator.no_value"), |v| value_text(props.entry.rules(), &i.on, v, lang));
        let weight = match (i.weight, i.points) {
            (_, Some(p)) => format::num(p, lang),
            (Some(w), None) if a.method == Method::Weighted => format::num(w, lang),
            _ => String::new(),
        };
        let share = i
            .share
            .filter(|s| !s.is_zero())
            .map(|s| format::percent(s, lang))
            .unwrap_or_default();
        html! {
            <tr class={class}>
                <td><span class="mark" aria-hidden="true">{ mark }</span><span class="sr-only">{ status }</span></td>
                <th scope="row">{ i.label.get(lang) }
                    if let Some(g) = &i.group { <span class="group">{ g.get(lang) }</span> }
                </th>
                <td>{ value }</td>
                <td class="num">{ weight }</td>
                <td class="num">{ share }</td>
            </tr>
        }
    });
    let weight_head = match a.method {
        Method::Count => t(lang, "indicator.count"),
        Method::Weighted => t(lang, "indicator.weight"),
        Method::Points => t(lang, "indicator.points"),
    };
    html! {
        <div class="table-wrap">
            <table class="indicators">
                <caption>{ t(lang, "indicator.caption") }</caption>
                <thead>
                    <tr>
                        <th scope="col"><span class="sr-only">{ t(lang, "indicator.status") }</span></th>
                        <th scope="col">{ t(lang, "indicator.name") }</th>
                        <th scope="col">{ t(lang, "indicator.value") }</th>
                        <th scope="col" class="num">{ weight_head }</th>
                        <th scope="col" class="num">{ t(lang, "indicator.share") }</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
