//! Which rule sets are compared: a check box per loaded rule set (shipped or imported), and which chosen
//! one is the first variant, the reference every other is compared with.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{t, use_lang};
use crate::state::library::{Entry, Library};

/// Properties of [`VariantPicker`].
#[derive(Properties, PartialEq)]
pub struct VariantPickerProps {
    /// Every usable rule set.
    pub library: Rc<Library>,
    /// The chosen ones, the first variant first.
    pub variants: Vec<Rc<Entry>>,
    /// Called with the new choice (content hashes, the first variant first).
    pub onchange: Callback<Vec<String>>,
}

/// The variant picker.
#[component]
pub fn VariantPicker(props: &VariantPickerProps) -> Html {
    let lang = use_lang();
    let chosen: Vec<String> = props.variants.iter().map(|v| v.hash.clone()).collect();
    let name = |e: &Entry| {
        let name = e.rules().name.get(lang).to_owned();
        if e.shipped {
            name
        } else {
            format!("{name} ({})", t(lang, "ruleset.imported"))
        }
    };
    let toggle = |hash: String| {
        let (onchange, chosen) = (props.onchange.clone(), chosen.clone());
        Callback::from(move |_: Event| {
            let mut next = chosen.clone();
            // A newly chosen rule set goes last: the first variant stays the reference.
            match next.iter().position(|h| *h == hash) {
                Some(i) => {
                    next.remove(i);
                }
                None => next.push(hash.clone()),
            }
            onchange.emit(next);
        })
    };
    let onfirst = {
        let (onchange, chosen) = (props.onchange.clone(), chosen.clone());
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let first = select.value();
                let mut next = vec![first.clone()];
                next.extend(chosen.iter().filter(|h| **h != first).cloned());
                onchange.emit(next);
            }
        })
    };
    html! {
        <div class="variant-picker">
            <fieldset class="variant-choices">
                <legend>{ t(lang, "compare.variants") }</legend>
                for e in props.library.entries.iter() {
                    <label class="variant-choice">
                        <input type="checkbox" checked={chosen.contains(&e.hash)}
                            onchange={toggle(e.hash.clone())} />
                        { name(e) }
                    </label>
                }
            </fieldset>
            if props.variants.len() > 1 {
                <div class="variant-first">
                    <label for="compare-first">{ t(lang, "compare.first") }</label>
                    <select id="compare-first" onchange={onfirst}>
                        for (i, v) in props.variants.iter().enumerate() {
                            <option value={v.hash.clone()} selected={i == 0}>{ name(v) }</option>
                        }
                    </select>
                </div>
            } else {
                <p class="hint" role="status">{ t(lang, "compare.need_two") }</p>
            }
        </div>
    }
}
