//! Questions answered from the compare view: those only some variants ask (flagged, with the variants
//! that ask them) and those still unanswered. A question stays listed once shown, so the field being
//! typed in does not vanish under the cursor when it gets its answer.

use std::collections::BTreeSet;
use std::rc::Rc;

use timbang_engine::Value;
use yew::prelude::*;

use crate::components::compare::household::questions;
use crate::components::question_field::QuestionField;
use crate::i18n::{t, tf, use_lang};
use crate::state::library::Entry;
use crate::state::session::Answers;

/// Properties of [`OpenQuestions`].
#[derive(Properties, PartialEq)]
pub struct OpenQuestionsProps {
    /// The variants.
    pub variants: Vec<Rc<Entry>>,
    /// The household's answers, by question id.
    pub household: Rc<Answers>,
    /// Called with (question id, new answer).
    pub onanswer: Callback<(String, Option<Value>)>,
}

/// The questions to answer from the compare view.
#[component]
pub fn OpenQuestions(props: &OpenQuestionsProps) -> Html {
    let lang = use_lang();
    let shown = use_mut_ref(BTreeSet::<String>::new);
    let n = props.variants.len();
    let all = questions(&props.variants);
    let mut shown = shown.borrow_mut();
    let listed: Vec<_> = all
        .into_iter()
        .filter(|q| {
            let open = q.partial(n) || !props.household.contains_key(&q.question.id);
            if open {
                shown.insert(q.question.id.clone());
            }
            open || shown.contains(&q.question.id)
        })
        .collect();
    if listed.is_empty() {
        return html! {
            <section class="card compare-questions" aria-labelledby="compare-questions-title">
                <h3 id="compare-questions-title">{ t(lang, "compare.questions_title") }</h3>
                <p>{ t(lang, "compare.none_open") }</p>
            </section>
        };
    }
    let fields = listed.into_iter().map(|q| {
        let id = q.question.id.clone();
        let value = props.household.get(&id).cloned();
        let onanswer = {
            let (onanswer, id) = (props.onanswer.clone(), id.clone());
            Callback::from(move |v: Option<Value>| onanswer.emit((id.clone(), v)))
        };
        let flag = q.partial(n).then(|| {
            let names: Vec<&str> = q
                .asked_by
                .iter()
                .filter_map(|i| props.variants.get(*i))
                .map(|v| v.rules().name.get(lang))
                .collect();
            html! {
                <p class="compare-flag" data-testid={format!("flag-{id}")}>
                    <span aria-hidden="true">{ "⚑ " }</span>
                    { tf(lang, "compare.only_in", &[("names", &names.join(", "))]) }
                </p>
            }
        });
        html! {
            <div class={classes!("compare-question", q.partial(n).then_some("flagged"))} key={id.clone()}>
                { flag }
                <QuestionField question={q.question.clone()} {value} {onanswer} />
            </div>
        }
    });
    html! {
        <section class="card compare-questions" aria-labelledby="compare-questions-title">
            <h3 id="compare-questions-title">{ t(lang, "compare.questions_title") }</h3>
            <p class="hint">{ t(lang, "compare.questions_hint") }</p>
            <form onsubmit={|e: SubmitEvent| e.prevent_default()}>
                { for fields }
            </form>
        </section>
    }
}
