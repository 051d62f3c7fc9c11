//! Shown only on paper: which exact rule set produced the result, for which cluster, and when.

use std::rc::Rc;

use yew::prelude::*;

use crate::browser;
use crate::i18n::{tf, use_lang};
use crate::state::library::Entry;

/// Properties of [`PrintStamp`].
#[derive(Properties, PartialEq)]
pub struct PrintStampProps {
    /// The rule set in use.
    pub entry: Rc<Entry>,
    /// The cluster's label.
    pub cluster: AttrValue,
}

/// The print stamp.
#[component]
pub fn PrintStamp(props: &PrintStampProps) -> Html {
    let lang = use_lang();
    let rules = props.entry.rules();
    html! {
        <div class="print-stamp" data-testid="print-stamp">
            { tf(lang, "print.stamp", &[
                ("name", rules.name.get(lang)),
                ("version", &rules.version),
                ("hash", &props.entry.hash),
                ("cluster", &props.cluster),
                ("date", &browser::today()),
            ]) }
        </div>
    }
}
