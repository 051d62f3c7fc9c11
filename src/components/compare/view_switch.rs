//! The switch between the page's views: one household under one rule set, or one household under several
//! variants. Two toggle buttons (not ARIA tabs, which would need arrow-key handling to be honest), so
//! Tab and Enter or Space are all it takes. The view is remembered for the next visit.

use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::i18n::{t, use_lang};
use crate::storage;

/// The storage key of the view shown.
pub const VIEW_KEY: &str = "timbang.view";

/// A view of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// One household, one rule set: the form and its result.
    #[default]
    Assess,
    /// One household, several rule sets side by side.
    Compare,
    /// A whole household file, under one or more rule sets.
    File,
}

/// The view shown last time, or the form. An unreadable entry is kept aside by [`storage::load`].
pub fn load_view() -> View {
    storage::load::<View>(VIEW_KEY)
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Remembers the view; a refused write only means the choice lasts for this visit.
pub fn save_view(view: View) {
    let _ = storage::save(VIEW_KEY, &view);
}

/// Properties of [`ViewSwitch`].
#[derive(Properties, PartialEq)]
pub struct ViewSwitchProps {
    /// The view shown.
    pub view: View,
    /// Called with the view picked.
    pub onchange: Callback<View>,
}

/// The view switch.
#[component]
pub fn ViewSwitch(props: &ViewSwitchProps) -> Html {
    let lang = use_lang();
    let button = |view: View, label: String| {
        let onchange = props.onchange.clone();
        let pressed = if props.view == view { "true" } else { "false" };
        html! {
            <button type="button" class="view-button" aria-pressed={pressed}
                onclick={move |_| onchange.emit(view)}>{ label }</button>
        }
    };
    html! {
        <nav class="view-switch" aria-label={t(lang, "view.label")}>
            { button(View::Assess, t(lang, "view.assess")) }
            { button(View::Compare, t(lang, "view.compare")) }
            { button(View::File, t(lang, "view.file")) }
        </nav>
    }
}
