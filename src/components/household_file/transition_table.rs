//! The transition matrix between the first variant and another: rows are the first variant's classes,
//! columns the other's, each cell the households that moved that way. A cell opens the list of its
//! first households (line, group, cluster, class and score under each variant).

use std::rc::Rc;

use timbang_engine::format::int;
use timbang_engine::stats::Transition;
use timbang_engine::RuleSet;
use yew::prelude::*;

use crate::i18n::{t, tf, use_lang};
use crate::state::drill_lists::DrillLists;
use crate::state::library::Entry;

/// Properties of [`TransitionTable`].
#[derive(Properties, PartialEq)]
pub struct TransitionTableProps {
    /// Which transition (0: first variant against the second).
    pub index: usize,
    /// The matrix.
    pub transition: Rc<Transition>,
    /// Every variant of the run, in order (the drill-down shows them all).
    pub entries: Vec<Rc<Entry>>,
    /// The first households of each cell.
    pub drill: Rc<DrillLists>,
}

fn label(rules: &RuleSet, class: Option<&String>, lang: timbang_engine::Lang) -> String {
    match class {
        Some(id) => rules
            .classes
            .iter()
            .find(|c| c.id == *id)
            .map_or(id.clone(), |c| c.label.get(lang).to_owned()),
        None => t(lang, "file.report.unassessable"),
    }
}

/// One transition matrix with its drill-down.
#[component]
pub fn TransitionTable(props: &TransitionTableProps) -> Html {
    let lang = use_lang();
    let open = use_state(|| None::<(Option<usize>, Option<usize>)>);
    let (Some(a), Some(b)) = (props.entries.first(), props.entries.get(props.index + 1)) else {
        return html! {};
    };
    let (ra, rb) = (a.rules(), b.rules());
    let t_ = &props.transition;
    let rows: Vec<Option<usize>> = (0..t_.a_classes.len()).map(Some).chain([None]).collect();
    let cols: Vec<Option<usize>> = (0..t_.b_classes.len()).map(Some).chain([None]).collect();
    let a_label = |i: Option<usize>| label(ra, i.and_then(|i| t_.a_classes.get(i)), lang);
    let b_label = |i: Option<usize>| label(rb, i.and_then(|i| t_.b_classes.get(i)), lang);
    let caption = tf(
        lang,
        "file.transition.caption",
        &[("a", ra.name.get(lang)), ("b", rb.name.get(lang))],
    );
    let changed = |r: Option<usize>, c: Option<usize>| {
        r.and_then(|i| t_.a_classes.get(i)) != c.and_then(|i| t_.b_classes.get(i))
    };

    let cell = |r: Option<usize>, c: Option<usize>| {
        let households = t_.get(r, c).map_or(0, |tally| tally.households);
        let is_open = *open == Some((r, c));
        let onclick = {
            let open = open.clone();
            Callback::from(move |_| open.set(if is_open { None } else { Some((r, c)) }))
        };
        let name = tf(
            lang,
            "file.transition.cell",
            &[
                ("a", &a_label(r)),
                ("b", &b_label(c)),
                ("count", &int(households, lang)),
            ],
        );
        html! {
            <td class={classes!(changed(r, c).then_some("changed"), (households == 0).then_some("empty"))}>
                if households > 0 {
                    <button type="button" aria-pressed={is_open.to_string()} aria-label={name} {onclick}>
                        { int(households, lang) }
                    </button>
                } else {
                    { "0" }
                }
            </td>
        }
    };

    let list = (*open).map(|(r, c)| {
        let found = props.drill.cell(props.index, r, c);
        let total = t_.get(r, c).map_or(0, |tally| tally.households);
        let unreadable = found.err().map(|detail| tf(lang, "file.drill.unreadable", &[("detail", detail)]));
        let rows = found.ok().flatten().map(|d| d.rows.as_slice()).unwrap_or_default();
        html! {
            <section class="drill" aria-live="polite">
                <h4>{ tf(lang, "file.drill.title", &[("a", &a_label(r)), ("b", &b_label(c)), ("count", &int(total, lang))]) }</h4>
                if let Some(message) = unreadable {
                    <p class="error" role="alert">{ message }</p>
                } else if (rows.len() as u64) < total {
                    <p class="hint">{ tf(lang, "file.drill.first", &[("shown", &int(rows.len() as u64, lang))]) }</p>
                }
                <div class="table-scroll">
                    <table class="drill-table">
                        <thead><tr>
                            <th scope="col">{ t(lang, "file.drill.line") }</th>
                            <th scope="col">{ t(lang, "file.drill.group") }</th>
                            { for props.entries.iter().map(|e| html! {
                                <th scope="col">{ e.rules().name.get(lang) }</th>
                            }) }
                        </tr></thead>
                        <tbody>
                            { for rows.iter().map(|row| html! {
                                <tr>
                                    <th scope="row">{ row.line }</th>
                                    <td>{ row.group.join(" / ") }</td>
                                    { for props.entries.iter().enumerate().map(|(i, e)| {
                                        let rules = e.rules();
                                        let class = row.classes.get(i).and_then(Option::as_ref);
                                        let cluster = row.clusters.get(i).and_then(Option::as_ref)
                                            .and_then(|c| rules.clusters.iter().find(|k| k.id == *c))
                                            .map(|c| c.label.get(lang).to_owned());
                                        html! {
                                            <td>
                                                <span class="class-name">{ label(rules, class, lang) }</span>
                                                <span class="score">{ row.scores.get(i).cloned().unwrap_or_default() }</span>
                                                if let Some(cluster) = cluster {
                                                    <span class="cluster">{ cluster }</span>
                                                }
                                            </td>
                                        }
                                    }) }
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </section>
        }
    });

    html! {
        <section class="transition">
            <div class="table-scroll">
                <table class="transition-table">
                    <caption>{ caption }</caption>
                    <thead><tr>
                        <th scope="col"><span class="axis">{ format!("{} ↓ · {} →", ra.name.get(lang), rb.name.get(lang)) }</span></th>
                        { for cols.iter().map(|c| html! { <th scope="col">{ b_label(*c) }</th> }) }
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|r| html! {
                            <tr>
                                <th scope="row">{ a_label(*r) }</th>
                                { for cols.iter().map(|c| cell(*r, *c)) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <p class="hint">{ t(lang, "file.transition.hint") }</p>
            { list }
        </section>
    }
}
