//! The top component: holds the language and lays out the page.

use yew::prelude::*;

use crate::components::header::Header;
use crate::i18n::{t, Lang};
use crate::prefs;

/// The whole app.
#[component]
pub fn App() -> Html {
    let lang = use_state(prefs::load_lang);

    // Keep <html lang> true for screen readers and the browser's own translation offers.
    use_effect_with(*lang, |lang| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.code());
        }
    });

    let onlangchange = {
        let lang = lang.clone();
        Callback::from(move |next: Lang| {
            // A refused write only means the choice lasts for this visit.
            let _ = prefs::save_lang(next);
            lang.set(next);
        })
    };

    html! {
        <ContextProvider<Lang> context={*lang}>
            <Header lang={*lang} {onlangchange} />
            <main id="main" class="main">
                <section class="intro">
                    <h2>{ t(*lang, "intro.title") }</h2>
                    <p>{ t(*lang, "intro.body") }</p>
                    <p class="privacy">{ t(*lang, "intro.privacy") }</p>
                </section>
            </main>
        </ContextProvider<Lang>>
    }
}
