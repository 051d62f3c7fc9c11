//! The column-mapping step: for every question of the chosen variants, the column holding its answers
//! (found by id or label, correctable); where each row's cluster comes from; the grouping columns and
//! the weight column.

use std::rc::Rc;

use timbang_engine::table::ClusterSpec;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{t, tf, use_lang};
use crate::state::file_settings::{cluster_choices, FileSettings};
use crate::state::library::Entry;

/// Properties of [`MappingForm`].
#[derive(Properties, PartialEq)]
pub struct MappingFormProps {
    /// The file's header row.
    pub headers: Rc<Vec<String>>,
    /// The chosen variants.
    pub entries: Vec<Rc<Entry>>,
    /// The current settings.
    pub settings: FileSettings,
    /// Called with changed settings.
    pub onchange: Callback<FileSettings>,
}

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())
}

/// The mapping step.
#[component]
pub fn MappingForm(props: &MappingFormProps) -> Html {
    let lang = use_lang();
    let engines: Vec<&timbang_engine::Engine> =
        props.entries.iter().map(|e| &e.loaded.engine).collect();
    let none = t(lang, "file.map.none");
    let header_options = |selected: Option<&str>| -> Html {
        html! {
            <>
                <option value="" selected={selected.is_none()}>{ none.clone() }</option>
                { for props.headers.iter().map(|h| html! {
                    <option value={h.clone()} selected={selected == Some(h.as_str())}>{ h.clone() }</option>
                }) }
            </>
        }
    };

    // Every question once, in the order the variants list them, with the variants that ask it.
    let mut questions: Vec<(&timbang_engine::model::Question, Vec<&str>)> = Vec::new();
    for e in &props.entries {
        for q in &e.rules().questions {
            match questions.iter_mut().find(|(known, _)| known.id == q.id) {
                Some((_, users)) => users.push(e.rules().name.get(lang)),
                None => questions.push((q, vec![e.rules().name.get(lang)])),
            }
        }
    }
    let rows = questions.iter().map(|(q, users)| {
        let id = format!("map-{}", q.id);
        let selected = props.settings.map.columns.get(&q.id).map(String::as_str);
        let onchange = {
            let (settings, cb, qid) = (props.settings.clone(), props.onchange.clone(), q.id.clone());
            Callback::from(move |e: Event| {
                let mut next = settings.clone();
                next.set_column(&qid, select_value(&e).filter(|v| !v.is_empty()));
                cb.emit(next);
            })
        };
        let missing = selected.is_none() && q.required;
        html! {
            <tr class={classes!(missing.then_some("missing"))}>
                <th scope="row">
                    <label for={id.clone()}>{ q.label.get(lang) }</label>
                    <span class="question-id">{ format!(" ({})", q.id) }</span>
                    if users.len() < props.entries.len() {
                        <span class="only-in">{ tf(lang, "file.map.only_in", &[("names", &users.join(", "))]) }</span>
                    }
                </th>
                <td>
                    <select id={id} {onchange}>{ header_options(selected) }</select>
                    if missing {
                        <span class="problem">{ t(lang, "file.map.missing") }</span>
                    }
                </td>
            </tr>
        }
    });

    // The cluster: a column, or one cluster for every row.
    let cluster = props.settings.map.cluster.clone().unwrap_or_default();
    let by_column = cluster.fixed.is_none();
    let set_cluster = {
        let (settings, cb) = (props.settings.clone(), props.onchange.clone());
        move |spec: ClusterSpec| {
            let mut next = settings.clone();
            next.map.cluster = Some(spec);
            cb.emit(next);
        }
    };
    let choices = cluster_choices(&engines);
    let first_cluster = choices.keys().next().map(|k| k.to_string());
    let on_mode = {
        let (set, first, column) = (
            set_cluster.clone(),
            first_cluster.clone(),
            cluster.column.clone(),
        );
        Callback::from(move |e: Event| {
            let fixed = e
                .target_dyn_into::<HtmlInputElement>()
                .is_some_and(|i| i.value() == "fixed");
            set(if fixed {
                ClusterSpec {
                    fixed: first.clone(),
                    ..ClusterSpec::default()
                }
            } else {
                ClusterSpec {
                    column: column.clone(),
                    ..ClusterSpec::default()
                }
            });
        })
    };
    let on_cluster_column = {
        let set = set_cluster.clone();
        Callback::from(move |e: Event| {
            set(ClusterSpec {
                column: select_value(&e).filter(|v| !v.is_empty()),
                ..ClusterSpec::default()
            })
        })
    };
    let on_fixed = {
        let set = set_cluster;
        Callback::from(move |e: Event| {
            set(ClusterSpec {
                fixed: select_value(&e),
                ..ClusterSpec::default()
            })
        })
    };

    let on_group = {
        let (settings, cb) = (props.settings.clone(), props.onchange.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let mut next = settings.clone();
            next.by.retain(|b| *b != input.value());
            if input.checked() {
                next.by.push(input.value());
            }
            cb.emit(next);
        })
    };
    let on_weight = {
        let (settings, cb) = (props.settings.clone(), props.onchange.clone());
        Callback::from(move |e: Event| {
            let mut next = settings.clone();
            next.weight = select_value(&e).filter(|v| !v.is_empty());
            cb.emit(next);
        })
    };

    html! {
        <section class="mapping" aria-labelledby="mapping-title">
            <h3 id="mapping-title">{ t(lang, "file.map.title") }</h3>
            <p class="hint">{ t(lang, "file.map.hint") }</p>
            <div class="table-scroll">
                <table class="mapping-table">
                    <thead><tr>
                        <th scope="col">{ t(lang, "file.map.question") }</th>
                        <th scope="col">{ t(lang, "file.map.column") }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <fieldset class="cluster-source">
                <legend>{ t(lang, "file.map.cluster") }</legend>
                <label>
                    <input type="radio" name="cluster-mode" value="column" checked={by_column} onchange={on_mode.clone()} />
                    { t(lang, "file.map.cluster_column") }
                </label>
                <label for="cluster-column" class="visually-hidden">{ t(lang, "file.map.cluster_column") }</label>
                <select id="cluster-column" disabled={!by_column} onchange={on_cluster_column}>
                    { header_options(cluster.column.as_deref()) }
                </select>
                <label>
                    <input type="radio" name="cluster-mode" value="fixed" checked={!by_column} onchange={on_mode} />
                    { t(lang, "file.map.cluster_fixed") }
                </label>
                <label for="cluster-fixed" class="visually-hidden">{ t(lang, "file.map.cluster_fixed") }</label>
                <select id="cluster-fixed" disabled={by_column} onchange={on_fixed}>
                    { for choices.iter().map(|(id, label)| html! {
                        <option value={id.to_string()} selected={cluster.fixed.as_deref() == Some(*id)}>{ label.get(lang) }</option>
                    }) }
                </select>
            </fieldset>
            <fieldset class="groups">
                <legend>{ t(lang, "file.map.groups") }</legend>
                <div class="checks">
                    { for props.headers.iter().map(|h| html! {
                        <label>
                            <input type="checkbox" value={h.clone()} checked={props.settings.by.contains(h)} onchange={on_group.clone()} />
                            { h.clone() }
                        </label>
                    }) }
                </div>
            </fieldset>
            <p>
                <label for="weight-column">{ t(lang, "file.map.weight") }</label>
                <select id="weight-column" onchange={on_weight}>{ header_options(props.settings.weight.as_deref()) }</select>
            </p>
        </section>
    }
}
