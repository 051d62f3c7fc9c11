//! Keeping and sharing a result: export the assessment as JSON, import one back, print one page.

use std::rc::Rc;

use timbang_engine::assess::Assessment;
use yew::prelude::*;

use crate::assessment_file::{self, AssessmentFile, AssessmentImport, ImportError, RuleSetRef};
use crate::browser;
use crate::components::same::same_or_none;
use crate::i18n::{t, tf, use_lang};
use crate::state::library::Entry;
use crate::state::session::Answers;

/// Properties of [`AssessmentTools`].
#[derive(Properties)]
pub struct AssessmentToolsProps {
    /// The rule set in use.
    pub entry: Rc<Entry>,
    /// The cluster's id.
    pub cluster: AttrValue,
    /// The answers.
    pub answers: Rc<Answers>,
    /// The current assessment.
    pub assessment: Option<Rc<Assessment>>,
    /// Called with an assessment file that was read; the app finds its rule set.
    pub onimport: Callback<AssessmentImport>,
    /// A message about the last import (from the app), if any.
    #[prop_or_default]
    pub message: Option<AttrValue>,
}

impl PartialEq for AssessmentToolsProps {
    fn eq(&self, other: &Self) -> bool {
        self.entry == other.entry
            && self.cluster == other.cluster
            && self.answers == other.answers
            && same_or_none(&self.assessment, &other.assessment)
            && self.onimport == other.onimport
            && self.message == other.message
    }
}

/// The assessment tools.
#[component]
pub fn AssessmentTools(props: &AssessmentToolsProps) -> Html {
    let lang = use_lang();
    let error = use_state(|| None::<String>);

    let onexport = {
        let (entry, cluster, answers, assessment) = (
            props.entry.clone(),
            props.cluster.clone(),
            props.answers.clone(),
            props.assessment.clone(),
        );
        Callback::from(move |_| {
            let Some(result) = assessment.as_deref() else {
                return;
            };
            let rules = entry.rules();
            let file = AssessmentFile {
                format: assessment_file::FORMAT,
                date: browser::today(),
                rule_set: RuleSetRef {
                    id: rules.id.clone(),
                    version: rules.version.clone(),
                    hash: entry.hash.clone(),
                },
                cluster: &cluster,
                answers: &answers,
                result,
            };
            if let Ok(mut text) = serde_json::to_string_pretty(&file) {
                text.push('\n');
                let name = format!("timbang-{}-{}-{}.json", rules.id, cluster, file.date);
                browser::download(&name, "application/json", &text);
            }
        })
    };
    let onfile = {
        let (onimport, error) = (props.onimport.clone(), error.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let (onimport, error) = (onimport.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let Some(text) = browser::read_text(file).await else {
                    error.set(Some(t(lang, "assessment.unreadable")));
                    return;
                };
                match assessment_file::parse(&text) {
                    Ok(file) => {
                        error.set(None);
                        onimport.emit(file);
                    }
                    Err(ImportError::Syntax {
                        line,
                        column,
                        detail,
                    }) => error.set(Some(tf(
                        lang,
                        "assessment.syntax",
                        &[
                            ("line", &line.to_string()),
                            ("col", &column.to_string()),
                            ("detail", &detail),
                        ],
                    ))),
                    Err(ImportError::Format(found)) => {
                        error.set(Some(tf(lang, "assessment.format", &[("found", &found)])))
                    }
                }
            });
        })
    };

    html! {
        <section class="card tools" aria-labelledby="tools-title">
            <h2 id="tools-title">{ t(lang, "assessment.title") }</h2>
            <div class="actions">
                <button type="button" onclick={onexport} disabled={props.assessment.is_none()}>{ t(lang, "assessment.export") }</button>
                <label class="button" for="assessment-file">{ t(lang, "assessment.import") }</label>
                <input id="assessment-file" class="visually-hidden-file" type="file" accept=".json,application/json" onchange={onfile} />
                <button type="button" onclick={|_| browser::print()}>{ t(lang, "assessment.print") }</button>
            </div>
            if let Some(e) = &*error {
                <p class="problem" role="alert">{ e.clone() }</p>
            }
            if let Some(m) = &props.message {
                <p class="status" role="status">{ m.clone() }</p>
            }
        </section>
    }
}
