//! The cluster: a radio group, each with the hint of which places lie in it.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{t, use_lang};
use crate::state::library::Entry;

/// Properties of [`ClusterPicker`].
#[derive(Properties, PartialEq)]
pub struct ClusterPickerProps {
    /// The rule set in use.
    pub entry: Rc<Entry>,
    /// The cluster picked.
    pub cluster: AttrValue,
    /// Called with the id of the cluster picked.
    pub onchange: Callback<String>,
}

/// The cluster picker. A rule set with one cluster shows nothing to pick.
#[component]
pub fn ClusterPicker(props: &ClusterPickerProps) -> Html {
    let lang = use_lang();
    let clusters = &props.entry.rules().clusters;
    if clusters.len() < 2 {
        return html! {};
    }
    html! {
        <fieldset class="card cluster-picker">
            <legend>{ t(lang, "cluster.pick") }</legend>
            <div class="cluster-options">
                for c in clusters.iter() {
                    <label class="cluster-option">
                        <input type="radio" name="cluster" value={c.id.clone()}
                            checked={c.id == props.cluster.as_str()}
                            onchange={
                                let (onchange, id) = (props.onchange.clone(), c.id.clone());
                                move |_| onchange.emit(id.clone())
                            } />
                        <span class="cluster-label">{ c.label.get(lang) }</span>
                        if let Some(hint) = &c.hint {
                            <span class="cluster-hint">{ hint.get(lang) }</span>
                        }
                    </label>
                }
            </div>
        </fieldset>
    }
}
