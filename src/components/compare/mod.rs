//! "Bandingkan varian": one household under several rule sets side by side. The person picks the
//! variants; the grid shows the engine's class and score for every variant and cluster; questions only
//! some variants ask can be answered here; below, what differs between the first variant and each other.

pub mod differences;
pub mod grid;
pub mod household;
pub mod open_questions;
pub mod variant_picker;
pub mod view_switch;

use std::rc::Rc;

use timbang_engine::Value;
use yew::prelude::*;

use crate::i18n::{t, use_lang};
use crate::state::library::{Entry, Library};
use crate::state::session::{Session, SessionAction};
use crate::storage;
use differences::Differences;
use grid::CompareGrid;
use household::{answer_actions, chosen, open_cluster, COMPARE_KEY};
use open_questions::OpenQuestions;
use variant_picker::VariantPicker;

/// Properties of [`CompareView`].
#[derive(Properties, PartialEq)]
pub struct CompareViewProps {
    /// Every usable rule set.
    pub library: Rc<Library>,
    /// The rule set open in the form: the first variant unless the person chose otherwise.
    pub active: Rc<Entry>,
    /// The session, for the answers.
    pub session: Rc<Session>,
    /// Called with each change to the session (an answer given here).
    pub onsession: Callback<SessionAction>,
}

/// The compare view.
#[component]
pub fn CompareView(props: &CompareViewProps) -> Html {
    let lang = use_lang();
    let stored = use_state(|| storage::load::<Vec<String>>(COMPARE_KEY).ok().flatten());
    let variants = chosen(&props.library, stored.as_deref(), &props.active.hash);
    let household = Rc::new(household::household(&props.session, &variants));
    let reference_cluster = variants
        .first()
        .map(|v| open_cluster(&props.session, v))
        .unwrap_or_default();

    let onvariants = {
        let stored = stored.clone();
        Callback::from(move |next: Vec<String>| {
            // A refused write only means the choice lasts for this visit.
            let _ = storage::save(COMPARE_KEY, &next);
            stored.set(Some(next));
        })
    };
    let onanswer = {
        let (session, variants, onsession) = (
            props.session.clone(),
            variants.clone(),
            props.onsession.clone(),
        );
        Callback::from(move |(question, value): (String, Option<Value>)| {
            for action in answer_actions(&session, &variants, &question, value) {
                onsession.emit(action);
            }
        })
    };

    html! {
        <section class="compare" aria-labelledby="compare-title">
            <div class="card compare-intro">
                <h2 id="compare-title">{ t(lang, "compare.title") }</h2>
                <p>{ t(lang, "compare.intro") }</p>
                <p class="hint" data-testid="compare-shared">{ t(lang, "compare.shared") }</p>
                <VariantPicker library={props.library.clone()} variants={variants.clone()} onchange={onvariants} />
            </div>
            if !variants.is_empty() {
                <div class="card compare-results">
                    <CompareGrid variants={variants.clone()} household={household.clone()}
                        reference_cluster={AttrValue::from(reference_cluster)} />
                </div>
                <OpenQuestions variants={variants.clone()} household={household.clone()} {onanswer} />
                <Differences variants={variants.clone()} />
            }
        </section>
    }
}
