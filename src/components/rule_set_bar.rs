//! The rule set in use: the picker, its status (a draft says so), notice, source and content hash,
//! and the actions on it (export, remove an imported one).

use std::rc::Rc;

use timbang_engine::export;
use timbang_engine::model::Status;
use yew::prelude::*;

use crate::browser;
use crate::i18n::{t, tf, use_lang};
use crate::state::library::{Entry, Library};

/// Properties of [`RuleSetBar`].
#[derive(Properties, PartialEq)]
pub struct RuleSetBarProps {
    /// Every usable rule set.
    pub library: Rc<Library>,
    /// The one in use.
    pub entry: Rc<Entry>,
    /// Called with the hash of the rule set picked.
    pub onopen: Callback<String>,
    /// Called with the hash of an imported rule set to remove.
    pub onremove: Callback<String>,
}

/// The rule-set bar.
#[component]
pub fn RuleSetBar(props: &RuleSetBarProps) -> Html {
    let lang = use_lang();
    let entry = &props.entry;
    let rules = entry.rules();

    let onchange = {
        let onopen = props.onopen.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                onopen.emit(select.value());
            }
        })
    };
    let onexport = {
        let entry = entry.clone();
        Callback::from(move |_| {
            let rules = entry.rules();
            let name = format!("{}-{}.json", rules.id, rules.version);
            browser::download(&name, "application/json", &export(rules));
        })
    };
    let onremove = {
        let (onremove, hash) = (props.onremove.clone(), entry.hash.clone());
        let message = t(lang, "ruleset.remove_confirm");
        Callback::from(move |_| {
            if browser::confirm(&message) {
                onremove.emit(hash.clone());
            }
        })
    };

    let status = match rules.status {
        Status::Draft => {
            html! { <span class="badge badge-draft">{ t(lang, "ruleset.status.draft") }</span> }
        }
        Status::Final => {
            html! { <span class="badge badge-final">{ t(lang, "ruleset.status.final") }</span> }
        }
    };

    html! {
        <section class="card rule-set-bar" aria-labelledby="ruleset-title">
            <div class="rule-set-pick">
                <label for="ruleset-select">{ t(lang, "ruleset.pick") }</label>
                <select id="ruleset-select" {onchange}>
                    for e in props.library.entries.iter() {
                        <option value={e.hash.clone()} selected={e.hash == entry.hash}>
                            { e.rules().name.get(lang) }
                            { if e.shipped { String::new() } else { format!(" ({})", t(lang, "ruleset.imported")) } }
                        </option>
                    }
                </select>
            </div>
            <h2 id="ruleset-title" class="rule-set-name">{ rules.name.get(lang) }{ " " }{ status }</h2>
            if let Some(notice) = &rules.notice {
                <p class="notice" role="note"><strong>{ t(lang, "ruleset.notice") }</strong>{ " " }{ notice.get(lang) }</p>
            }
            <p class="rule-set-description">{ rules.description.get(lang) }</p>
            <dl class="meta">
                <dt>{ t(lang, "ruleset.version") }</dt><dd>{ format!("{} ({})", rules.version, rules.date) }</dd>
                <dt>{ t(lang, "ruleset.hash") }</dt><dd><code>{ entry.hash.clone() }</code></dd>
                <dt>{ t(lang, "ruleset.method") }</dt><dd>{ t(lang, &format!("method.{}", rules.method.as_str())) }</dd>
                if let Some(source) = &rules.source {
                    <dt>{ t(lang, "ruleset.source") }</dt><dd>{ source.get(lang) }</dd>
                }
                if let Some(basis) = &rules.legal_basis {
                    <dt>{ t(lang, "ruleset.legal_basis") }</dt><dd>{ basis.get(lang) }</dd>
                }
            </dl>
            <div class="actions">
                <button type="button" onclick={onexport}>{ t(lang, "ruleset.export") }</button>
                if !entry.shipped {
                    <button type="button" class="danger" onclick={onremove}>{ t(lang, "ruleset.remove") }</button>
                }
            </div>
            <p class="sr-only" aria-live="polite">{ tf(lang, "ruleset.opened", &[("name", rules.name.get(lang))]) }</p>
        </section>
    }
}
