//! Two buttons, Bahasa Indonesia and English; the pressed one is the language shown.

use yew::prelude::*;

use crate::i18n::{t, Lang};

/// Properties of [`LanguageSwitch`].
#[derive(Properties, PartialEq)]
pub struct LanguageSwitchProps {
    /// The language shown.
    pub lang: Lang,
    /// Called with the language picked.
    pub onchange: Callback<Lang>,
}

/// The language switch. Each button names its language in that language, so a person who reads only
/// one of them can always find it.
#[component]
pub fn LanguageSwitch(props: &LanguageSwitchProps) -> Html {
    let button = |choice: Lang, name: &'static str| {
        let onchange = props.onchange.clone();
        let pressed = props.lang == choice;
        html! {
            <button type="button" class="lang-button" lang={choice.code()}
                aria-pressed={pressed.to_string()}
                onclick={move |_| onchange.emit(choice)}>
                { name }
            </button>
        }
    };
    html! {
        <div class="lang-switch" role="group" aria-label={t(props.lang, "lang.switch")}>
            { button(Lang::Id, "Bahasa Indonesia") }
            { button(Lang::En, "English") }
        </div>
    }
}
