//! What happened to stored data: entries that could not be read (kept aside, downloadable), imported
//! rule sets that no longer load, and writes the browser refused (storage full). Plus "Hapus data saya".

use yew::prelude::*;

use crate::browser;
use crate::i18n::{t, tf, use_lang};
use crate::storage;

/// A notice about stored data.
#[derive(Clone, PartialEq)]
pub enum DataNotice {
    /// An entry could not be read; its text is kept under `kept_as`.
    Unreadable {
        /// The key it was under.
        key: String,
        /// Its raw text.
        raw: String,
    },
    /// An imported rule set no longer loads; it stays stored.
    BrokenRuleSet {
        /// Its text.
        text: String,
    },
    /// The browser refused to save.
    SaveRefused,
}

/// Properties of [`DataNotices`].
#[derive(Properties, PartialEq)]
pub struct DataNoticesProps {
    /// The notices.
    pub notices: Vec<DataNotice>,
}

/// The notices banner.
#[component]
pub fn DataNotices(props: &DataNoticesProps) -> Html {
    let lang = use_lang();
    if props.notices.is_empty() {
        return html! {};
    }
    let item = |n: &DataNotice| match n {
        DataNotice::Unreadable { key, raw } => {
            let (raw, name) = (raw.clone(), format!("{key}.txt"));
            html! {
                <li>
                    { tf(lang, "data.unreadable", &[("key", key)]) }{ " " }
                    <button type="button" onclick={move |_| { browser::download(&name, "text/plain", &raw); }}>
                        { t(lang, "data.download") }
                    </button>
                </li>
            }
        }
        DataNotice::BrokenRuleSet { text } => {
            let text = text.clone();
            html! {
                <li>
                    { t(lang, "data.broken_ruleset") }{ " " }
                    <button type="button" onclick={move |_| { browser::download("rule-set.json", "application/json", &text); }}>
                        { t(lang, "data.download") }
                    </button>
                </li>
            }
        }
        DataNotice::SaveRefused => html! { <li>{ t(lang, "data.save_refused") }</li> },
    };
    html! {
        <section class="data-notices" role="alert">
            <ul>{ for props.notices.iter().map(item) }</ul>
        </section>
    }
}

/// "Hapus data saya": deletes everything stored, after a confirmation, and starts afresh.
#[component]
pub fn ClearData() -> Html {
    let lang = use_lang();
    let onclick = Callback::from(move |_| {
        if browser::confirm(&t(lang, "data.clear_confirm")) {
            storage::clear_all();
            browser::reload();
        }
    });
    html! {
        <section class="card clear-data">
            <p>{ t(lang, "data.where") }</p>
            <button type="button" class="danger" {onclick}>{ t(lang, "data.clear") }</button>
        </section>
    }
}
