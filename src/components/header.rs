//! The page header: the app's name, what it does, and the language switch.

use yew::prelude::*;

use crate::components::language_switch::LanguageSwitch;
use crate::i18n::{t, Lang};

/// Properties of [`Header`].
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// The language shown.
    pub lang: Lang,
    /// Called with the language the person picked.
    pub onlangchange: Callback<Lang>,
}

/// The page header.
#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let lang = props.lang;
    html! {
        <header class="site-header">
            <a class="skip-link" href="#main">{ t(lang, "header.skip") }</a>
            <div class="brand">
                <h1 class="brand-name">{ "Timbang" }</h1>
                <p class="brand-tagline">{ t(lang, "header.tagline") }</p>
            </div>
            <LanguageSwitch {lang} onchange={props.onlangchange.clone()} />
        </header>
    }
}
