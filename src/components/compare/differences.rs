//! What differs between the first variant and each other one, in the engine's sentences.

use std::rc::Rc;

use timbang_engine::diff::diff;
use yew::prelude::*;

use crate::i18n::{t, tf, use_lang};
use crate::state::library::Entry;

/// Properties of [`Differences`].
#[derive(Properties, PartialEq)]
pub struct DifferencesProps {
    /// The variants, the first (the reference) first.
    pub variants: Vec<Rc<Entry>>,
}

/// The differences.
#[component]
pub fn Differences(props: &DifferencesProps) -> Html {
    let lang = use_lang();
    let Some((first, others)) = props.variants.split_first() else {
        return html! {};
    };
    if others.is_empty() {
        return html! {};
    }
    let a = first.rules();
    let parts = others.iter().enumerate().map(|(i, other)| {
        let b = other.rules();
        let sentences = diff(a, b).sentences(a, b, lang);
        let heading = tf(
            lang,
            "compare.diff_between",
            &[("first", a.name.get(lang)), ("other", b.name.get(lang))],
        );
        html! {
            <div class="compare-diff">
                <h4>{ heading }</h4>
                <ul data-testid={format!("diff-{}", i + 1)}>
                    for s in sentences { <li>{ s }</li> }
                </ul>
            </div>
        }
    });
    html! {
        <section class="card compare-diffs" aria-labelledby="compare-diffs-title">
            <h3 id="compare-diffs-title">{ t(lang, "compare.diff_title") }</h3>
            { for parts }
        </section>
    }
}
