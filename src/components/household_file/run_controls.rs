//! Starting a run, its progress, and cancelling it. The page stays usable while the worker reads: the
//! progress comes as messages, never as work on this thread.

use timbang_engine::format::int;
use timbang_engine::table::TableError;
use yew::prelude::*;

use crate::i18n::{t, tf, use_lang};
use crate::state::file_run::{Purpose, Stage};

/// Properties of [`RunControls`].
#[derive(Properties, PartialEq)]
pub struct RunControlsProps {
    /// Where the view is.
    pub stage: Stage,
    /// The last run was cancelled.
    pub cancelled: bool,
    /// What stops the file's columns from being read under the chosen variants.
    pub errors: Vec<TableError>,
    /// At least one variant is chosen.
    pub enough: bool,
    /// Start a run.
    pub onstart: Callback<()>,
    /// Cancel the run.
    pub oncancel: Callback<()>,
}

/// The controls.
#[component]
pub fn RunControls(props: &RunControlsProps) -> Html {
    let lang = use_lang();
    let onstart = props.onstart.reform(|_: MouseEvent| ());
    let oncancel = props.oncancel.reform(|_: MouseEvent| ());
    let blocked = !props.errors.is_empty() || !props.enough;
    match &props.stage {
        Stage::Running {
            purpose,
            bytes,
            total,
            rows,
            ..
        } => {
            let percent = if *total == 0 {
                0
            } else {
                (bytes.saturating_mul(100) / total).min(100)
            };
            let what = match purpose {
                Purpose::Figures => t(lang, "file.run.running"),
                Purpose::Write(_) => t(lang, "file.run.writing"),
            };
            html! {
                <div class="run-controls">
                    <label for="run-progress">{ what }</label>
                    <progress id="run-progress" max="100" value={percent.to_string()}>{ format!("{percent} %") }</progress>
                    <p role="status" class="progress-text">{ tf(lang, "file.run.progress", &[("percent", &percent.to_string()), ("rows", &int(*rows, lang))]) }</p>
                    <button type="button" onclick={oncancel}>{ t(lang, "file.run.cancel") }</button>
                </div>
            }
        }
        _ => html! {
            <div class="run-controls">
                if !props.errors.is_empty() {
                    <ul class="error" role="alert" aria-label={t(lang, "file.run.blocked")}>
                        { for props.errors.iter().map(|e| html! { <li>{ e.message(lang) }</li> }) }
                    </ul>
                }
                if !props.enough {
                    <p class="problem">{ t(lang, "file.variants.none") }</p>
                }
                if props.cancelled {
                    <p role="status">{ t(lang, "file.run.cancelled") }</p>
                }
                <button type="button" class="primary" onclick={onstart} disabled={blocked}>{ t(lang, "file.run.start") }</button>
            </div>
        },
    }
}
