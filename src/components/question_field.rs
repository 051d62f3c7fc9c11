//! One question of the form: yes/no as two radio buttons, a number as a text box that accepts
//! `Rp 600.000` and a decimal comma, a choice as a list. Help text and any problem with the answer are
//! tied to the input for screen readers.

use timbang_engine::model::{Question, QuestionType};
use timbang_engine::Value;
use yew::prelude::*;

use crate::i18n::{t, use_lang};

/// Properties of [`QuestionField`].
#[derive(Properties, PartialEq)]
pub struct QuestionFieldProps {
    /// The question.
    pub question: Question,
    /// The answer given, if any.
    pub value: Option<Value>,
    /// What is wrong with the answer, in the person's language.
    #[prop_or_default]
    pub problem: Option<AttrValue>,
    /// How the engine read a number answer (e.g. `Rp 600.000`), shown beside it.
    #[prop_or_default]
    pub reading: Option<AttrValue>,
    /// Called with the new answer (`None` clears it).
    pub onanswer: Callback<Option<Value>>,
}

/// A question of the form.
#[component]
pub fn QuestionField(props: &QuestionFieldProps) -> Html {
    let lang = use_lang();
    let q = &props.question;
    let input_id = format!("q-{}", q.id);
    let help_id = format!("help-{}", q.id);
    let problem_id = format!("problem-{}", q.id);
    let mut described = Vec::new();
    if q.help.is_some() {
        described.push(help_id.clone());
    }
    if props.problem.is_some() {
        described.push(problem_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    let invalid = props.problem.is_some().then_some("true");
    let optional =
        (!q.required).then(|| html! { <span class="optional">{ t(lang, "form.optional") }</span> });

    let help = q
        .help
        .as_ref()
        .map(|h| html! { <p id={help_id.clone()} class="help">{ h.get(lang) }</p> });
    let problem = props.problem.as_ref().map(|p| {
        html! {
            <p id={problem_id.clone()} class="problem" role="alert">{ p.clone() }</p>
        }
    });

    let control = match q.kind {
        QuestionType::YesNo => {
            let current = match &props.value {
                Some(Value::Bool(b)) => Some(*b),
                _ => None,
            };
            let radio = |choice: bool, key: &str| {
                let onanswer = props.onanswer.clone();
                html! {
                    <label class="radio">
                        <input type="radio" name={input_id.clone()} checked={current == Some(choice)}
                            onchange={move |_| onanswer.emit(Some(Value::Bool(choice)))} />
                        { t(lang, key) }
                    </label>
                }
            };
            return html! {
                <fieldset class="question" aria-describedby={described} aria-invalid={invalid}>
                    <legend>{ q.label.get(lang) }{ optional }</legend>
                    <div class="radios">
                        { radio(true, "form.yes") }
                        { radio(false, "form.no") }
                    </div>
                    { help }
                    { problem }
                </fieldset>
            };
        }
        QuestionType::Number => {
            let text = match &props.value {
                Some(Value::Text(s)) => s.clone(),
                Some(Value::Num(n)) => n.to_string(),
                _ => String::new(),
            };
            let oninput = {
                let onanswer = props.onanswer.clone();
                Callback::from(move |e: InputEvent| {
                    if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                        let v = input.value();
                        onanswer.emit((!v.trim().is_empty()).then_some(Value::Text(v)));
                    }
                })
            };
            let unit = if q.money {
                Some(html! { <span class="unit">{ "Rp" }</span> })
            } else {
                q.unit
                    .as_ref()
                    .map(|u| html! { <span class="unit">{ u.get(lang) }</span> })
            };
            html! {
                <div class="number-input">
                    <input id={input_id.clone()} type="text" inputmode="decimal" autocomplete="off"
                        value={text} {oninput} aria-describedby={described} aria-invalid={invalid} />
                    { unit }
                    if let Some(reading) = &props.reading {
                        <span class="reading" aria-hidden="true">{ format!("= {reading}") }</span>
                    }
                </div>
            }
        }
        QuestionType::Choice => {
            let current = match &props.value {
                Some(Value::Text(s)) => s.clone(),
                _ => String::new(),
            };
            let onchange = {
                let onanswer = props.onanswer.clone();
                Callback::from(move |e: Event| {
                    if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                        let v = select.value();
                        onanswer.emit((!v.is_empty()).then_some(Value::Text(v)));
                    }
                })
            };
            html! {
                <select id={input_id.clone()} {onchange} aria-describedby={described} aria-invalid={invalid}>
                    <option value="" selected={current.is_empty()}>{ t(lang, "form.choose") }</option>
                    for o in q.options.iter() {
                        <option value={o.id.clone()} selected={o.id == current}>{ o.label.get(lang) }</option>
                    }
                </select>
            }
        }
    };
    html! {
        <div class="question">
            <label for={input_id}>{ q.label.get(lang) }{ optional }</label>
            { control }
            { help }
            { problem }
        </div>
    }
}
