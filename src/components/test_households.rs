//! The rule set's own test households, each passed or failed, for people who do not read JSON.

use timbang_engine::explain::class_label;
use timbang_engine::load::TestOutcome;
use timbang_engine::RuleSet;
use yew::prelude::*;

use crate::i18n::{t, tf, use_lang};

/// Properties of [`TestHouseholds`].
#[derive(Properties, PartialEq)]
pub struct TestHouseholdsProps {
    /// The outcomes.
    pub tests: Vec<TestOutcome>,
    /// The rules they ran against.
    pub rules: RuleSet,
}

/// The test-household table.
#[component]
pub fn TestHouseholds(props: &TestHouseholdsProps) -> Html {
    let lang = use_lang();
    if props.tests.is_empty() {
        return html! { <p>{ t(lang, "tests.none") }</p> };
    }
    let passed = props.tests.iter().filter(|o| o.passed).count();
    let rules = &props.rules;
    html! {
        <div class="table-wrap">
            <table class="tests">
                <caption>{ tf(lang, "tests.caption", &[("passed", &passed.to_string()), ("total", &props.tests.len().to_string())]) }</caption>
                <thead><tr>
                    <th scope="col">{ t(lang, "tests.name") }</th>
                    <th scope="col">{ t(lang, "tests.cluster") }</th>
                    <th scope="col">{ t(lang, "tests.expected") }</th>
                    <th scope="col">{ t(lang, "tests.actual") }</th>
                    <th scope="col">{ t(lang, "tests.outcome") }</th>
                </tr></thead>
                <tbody>
                    for o in props.tests.iter() {
                        <tr class={if o.passed { "pass" } else { "fail" }}>
                            <th scope="row">{ o.name.get(lang) }</th>
                            <td>{ rules.clusters.iter().find(|c| c.id == o.cluster).map_or(o.cluster.as_str(), |c| c.label.get(lang)) }</td>
                            <td>{ class_label(rules, &o.expected, lang) }</td>
                            <td>{ o.actual.as_deref().map_or_else(|| "–".to_owned(), |c| class_label(rules, c, lang).to_owned()) }</td>
                            <td>{ if o.passed { t(lang, "tests.pass") } else { t(lang, "tests.fail") } }</td>
                        </tr>
                    }
                </tbody>
            </table>
        </div>
    }
}
