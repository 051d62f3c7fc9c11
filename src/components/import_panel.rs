//! Importing a rule set: by file picker, by dropping a file, or by pasting its text. A rule set with
//! errors is refused with every error and where it is; what was open before stays exactly as it was.
//! One that loads shows its warnings and its test households.

use std::rc::Rc;

use timbang_engine::Diagnostic;
use yew::prelude::*;

use crate::browser;
use crate::components::diagnostic_list::DiagnosticList;
use crate::components::test_households::TestHouseholds;
use crate::i18n::{t, tf, use_lang};
use crate::state::library::Entry;

/// Properties of [`ImportPanel`].
#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    /// Called with a rule set that loaded.
    pub onimported: Callback<Rc<Entry>>,
}

/// What the last import gave.
#[derive(Clone, PartialEq)]
enum Outcome {
    None,
    Refused {
        source: String,
        errors: Vec<Diagnostic>,
    },
    Loaded {
        source: String,
        entry: Rc<Entry>,
    },
    Unreadable {
        source: String,
    },
}

/// The import panel.
#[component]
pub fn ImportPanel(props: &ImportPanelProps) -> Html {
    let lang = use_lang();
    let outcome = use_state(|| Outcome::None);
    let pasted = use_state(String::new);
    let dragging = use_state(|| false);

    // One path for the three ways in: the text and where it came from.
    let take_text = {
        let (outcome, onimported) = (outcome.clone(), props.onimported.clone());
        Callback::from(
            move |(source, text): (String, String)| match Entry::load(&text) {
                Ok(entry) => {
                    let entry = Rc::new(entry);
                    onimported.emit(entry.clone());
                    outcome.set(Outcome::Loaded { source, entry });
                }
                Err(errors) => outcome.set(Outcome::Refused { source, errors }),
            },
        )
    };
    let take_file = {
        let (take_text, outcome) = (take_text.clone(), outcome.clone());
        Callback::from(move |file: web_sys::File| {
            let (take_text, outcome) = (take_text.clone(), outcome.clone());
            let name = file.name();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::read_text(file).await {
                    Some(text) => take_text.emit((name, text)),
                    None => outcome.set(Outcome::Unreadable { source: name }),
                }
            });
        })
    };

    let onfile = {
        let take_file = take_file.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                if let Some(file) = input.files().and_then(|files| files.get(0)) {
                    take_file.emit(file);
                }
                // Picking the same file again after fixing it must fire again.
                input.set_value("");
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let (dragging, take_file) = (dragging.clone(), take_file.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                take_file.emit(file);
            }
        })
    };
    let onpaste_input = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                pasted.set(area.value());
            }
        })
    };
    let onload_pasted = {
        let (pasted, take_text) = (pasted.clone(), take_text.clone());
        let source = t(lang, "import.pasted");
        Callback::from(move |_| take_text.emit((source.clone(), (*pasted).clone())))
    };

    let report = match &*outcome {
        Outcome::None => html! {},
        Outcome::Unreadable { source } => html! {
            <div class="import-report refused" role="alert">
                <p>{ tf(lang, "import.unreadable", &[("source", source)]) }</p>
            </div>
        },
        Outcome::Refused { source, errors } => html! {
            <div class="import-report refused" role="alert" data-testid="import-errors">
                <p><strong>{ tf(lang, "import.refused", &[("source", source), ("n", &errors.iter().filter(|d| d.is_error()).count().to_string())]) }</strong></p>
                <p>{ t(lang, "import.unchanged") }</p>
                <DiagnosticList items={errors.clone()} />
            </div>
        },
        Outcome::Loaded { source, entry } => html! {
            <div class="import-report loaded" role="status" data-testid="import-ok">
                <p><strong>{ tf(lang, "import.loaded", &[("source", source), ("name", entry.rules().name.get(lang))]) }</strong></p>
                if !entry.loaded.warnings.is_empty() {
                    <p>{ tf(lang, "import.warnings", &[("n", &entry.loaded.warnings.len().to_string())]) }</p>
                    <DiagnosticList items={entry.loaded.warnings.clone()} />
                }
                <TestHouseholds tests={entry.loaded.tests.clone()} rules={entry.rules().clone()} />
            </div>
        },
    };

    html! {
        <details class="card import">
            <summary>{ t(lang, "import.title") }</summary>
            <div class={classes!("drop-zone", (*dragging).then_some("dragging"))}
                {ondragover} {ondragleave} {ondrop}>
                <label for="import-file">{ t(lang, "import.file") }</label>
                <input id="import-file" type="file" accept=".json,application/json" onchange={onfile} />
                <p class="hint">{ t(lang, "import.drop") }</p>
            </div>
            <label for="import-paste">{ t(lang, "import.paste") }</label>
            <textarea id="import-paste" rows="4" spellcheck="false" value={(*pasted).clone()} oninput={onpaste_input} />
            <button type="button" onclick={onload_pasted} disabled={pasted.trim().is_empty()}>{ t(lang, "import.paste_load") }</button>
            { report }
        </details>
    }
}
