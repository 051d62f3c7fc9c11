//! The form, generated from the rule set: only the questions the chosen cluster uses, in the rule
//! set's order.

use std::rc::Rc;

use timbang_engine::answers::Input;
use timbang_engine::assess::Assessment;
use timbang_engine::{format, Value};
use yew::prelude::*;

use crate::components::question_field::QuestionField;
use crate::components::same::same_or_none;
use crate::i18n::{t, use_lang};
use crate::state::library::Entry;
use crate::state::session::Answers;

/// Properties of [`QuestionForm`].
#[derive(Properties)]
pub struct QuestionFormProps {
    /// The rule set in use.
    pub entry: Rc<Entry>,
    /// The cluster's id.
    pub cluster: AttrValue,
    /// The answers given.
    pub answers: Rc<Answers>,
    /// The engine's assessment of those answers (for the problems to show beside each question).
    pub assessment: Option<Rc<Assessment>>,
    /// Called with (question id, new answer).
    pub onanswer: Callback<(String, Option<Value>)>,
}

impl PartialEq for QuestionFormProps {
    fn eq(&self, other: &Self) -> bool {
        self.entry == other.entry
            && self.cluster == other.cluster
            && self.answers == other.answers
            && same_or_none(&self.assessment, &other.assessment)
            && self.onanswer == other.onanswer
    }
}

/// The question form.
#[component]
pub fn QuestionForm(props: &QuestionFormProps) -> Html {
    let lang = use_lang();
    let engine = &props.entry.loaded.engine;
    let Some(ci) = engine.cluster_index(&props.cluster) else {
        return html! {};
    };
    let fields = engine.cluster_questions(ci).map(|q| {
        let value = props.answers.get(&q.id).cloned();
        let problem = props.assessment.as_ref().and_then(|a| {
            a.problems
                .iter()
                .find(|p| p.question.as_deref() == Some(q.id.as_str()))
                .map(|p| AttrValue::from(p.message.get(lang).to_owned()))
        });
        // How the engine reads a typed amount, so "600.000" is seen to mean six hundred thousand.
        let reading = match (&value, engine.question_index(&q.id)) {
            (Some(Value::Text(text)), Some(qi)) if q.money => match engine.parse_cell(qi, text) {
                Ok(Some(Input::Num(n))) => Some(AttrValue::from(format::money(n, lang))),
                _ => None,
            },
            _ => None,
        };
        let onanswer = {
            let (onanswer, id) = (props.onanswer.clone(), q.id.clone());
            Callback::from(move |v: Option<Value>| onanswer.emit((id.clone(), v)))
        };
        html! {
            <QuestionField key={q.id.clone()} question={q.clone()} {value} {problem} {reading} {onanswer} />
        }
    });
    html! {
        <section class="card form" aria-labelledby="form-title">
            <h2 id="form-title">{ t(lang, "form.title") }</h2>
            <p class="hint">{ t(lang, "form.hint") }</p>
            <form onsubmit={|e: SubmitEvent| e.prevent_default()}>
                { for fields }
            </form>
        </section>
    }
}
