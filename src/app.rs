//! The top component: restores what was stored, holds the state, saves every change, and lays out the
//! page. It computes nothing: the assessment is the engine's.

use std::rc::Rc;

use yew::prelude::*;

use crate::assessment_file::AssessmentImport;
use crate::components::assessment_tools::AssessmentTools;
use crate::components::cluster_picker::ClusterPicker;
use crate::components::compare::view_switch::{load_view, save_view, View, ViewSwitch};
use crate::components::compare::CompareView;
use crate::components::data_notices::{ClearData, DataNotice, DataNotices};
use crate::components::header::Header;
use crate::components::household_file::HouseholdFile;
use crate::components::import_panel::ImportPanel;
use crate::components::print_stamp::PrintStamp;
use crate::components::question_form::QuestionForm;
use crate::components::result_panel::ResultPanel;
use crate::components::rule_set_bar::RuleSetBar;
use crate::i18n::{t, tf, Lang};
use crate::prefs;
use crate::state::library::{Entry, Library, LibraryAction, IMPORTED_KEY};
use crate::state::session::{Session, SessionAction, SESSION_KEY};
use crate::storage;

/// What the app starts from: the stored state, and notices about anything stored that was unreadable.
struct Boot {
    library: Library,
    session: Session,
    notices: Vec<DataNotice>,
}

impl Boot {
    fn load() -> Boot {
        let mut notices = Vec::new();
        let mut unreadable = |u: storage::Unreadable| {
            notices.push(DataNotice::Unreadable {
                key: u.kept_as,
                raw: u.raw,
            })
        };
        let imported = storage::load::<Vec<String>>(IMPORTED_KEY)
            .unwrap_or_else(|u| {
                unreadable(u);
                None
            })
            .unwrap_or_default();
        let session = storage::load::<Session>(SESSION_KEY)
            .unwrap_or_else(|u| {
                unreadable(u);
                None
            })
            .unwrap_or_default();
        // The assessment view paints with one shipped rule set, the others load right after; the views
        // that compare rule sets want them all from the start.
        let (library, broken) = match load_view() {
            View::Assess => Library::starting_with(&imported, session.active.as_deref()),
            _ => Library::new(&imported),
        };
        notices.extend(
            broken
                .into_iter()
                .map(|(text, _)| DataNotice::BrokenRuleSet { text }),
        );
        Boot {
            library,
            session,
            notices,
        }
    }
}

/// The whole app.
#[component]
pub fn App() -> Html {
    let boot = use_memo((), |_| Boot::load());
    let lang = use_state(prefs::load_lang);
    let library = use_reducer({
        let boot = boot.clone();
        move || boot.library.clone()
    });
    let session = use_reducer({
        let boot = boot.clone();
        move || boot.session.clone()
    });
    let notices = use_state({
        let boot = boot.clone();
        move || boot.notices.clone()
    });
    let restore_message = use_state(|| None::<AttrValue>);
    let view = use_state(load_view);

    // Keep <html lang> true for screen readers and the browser's own translation offers.
    use_effect_with(*lang, |lang| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.code());
        }
    });
    // The shipped rule sets the first paint did without, one per task so that none blocks a keystroke.
    {
        let library = library.clone();
        use_effect_with(library.pending(), move |&pending| {
            if pending > 0 {
                crate::browser::after_paint(move || library.dispatch(LibraryAction::LoadShipped));
            }
        });
    }
    // Save on every change. A refused write is shown; what is on screen stays.
    {
        let notices = notices.clone();
        use_effect_with(session.clone(), move |session| {
            if storage::save(SESSION_KEY, &**session).is_err()
                && !notices.contains(&DataNotice::SaveRefused)
            {
                let mut next = (*notices).clone();
                next.push(DataNotice::SaveRefused);
                notices.set(next);
            }
        });
    }
    {
        let notices = notices.clone();
        use_effect_with(library.clone(), move |library| {
            if storage::save(IMPORTED_KEY, &library.imported_texts()).is_err()
                && !notices.contains(&DataNotice::SaveRefused)
            {
                let mut next = (*notices).clone();
                next.push(DataNotice::SaveRefused);
                notices.set(next);
            }
        });
    }

    let onlangchange = {
        let lang = lang.clone();
        Callback::from(move |next: Lang| {
            // A refused write only means the choice lasts for this visit.
            let _ = prefs::save_lang(next);
            lang.set(next);
        })
    };

    let active = session
        .active
        .as_deref()
        .and_then(|hash| library.get(hash))
        .or_else(|| library.default_entry())
        .cloned();
    let Some(entry) = active else {
        return html! { <p role="alert">{ t(*lang, "app.no_rule_sets") }</p> };
    };
    let rules = entry.rules();
    let cluster = session
        .cluster(&rules.id)
        .filter(|c| rules.clusters.iter().any(|k| k.id == *c))
        .or_else(|| rules.clusters.first().map(|c| c.id.as_str()))
        .unwrap_or_default()
        .to_owned();
    let answers = Rc::new(session.answers(&rules.id, &cluster));
    let assessment = use_memo(
        (entry.hash.clone(), cluster.clone(), answers.clone()),
        |(_, cluster, answers)| {
            entry
                .loaded
                .engine
                .assess(cluster, answers)
                .ok()
                .map(Rc::new)
        },
    );
    let assessment = (*assessment).clone();
    let cluster_label = rules
        .clusters
        .iter()
        .find(|c| c.id == cluster)
        .map_or(cluster.clone(), |c| c.label.get(*lang).to_owned());

    let onopen = {
        let session = session.clone();
        Callback::from(move |hash: String| session.dispatch(SessionAction::Open(hash)))
    };
    let oncluster = {
        let (session, id) = (session.clone(), rules.id.clone());
        Callback::from(move |cluster: String| {
            session.dispatch(SessionAction::SetCluster {
                rule_set: id.clone(),
                cluster,
            })
        })
    };
    let onanswer = {
        let (session, id, cluster) = (session.clone(), rules.id.clone(), cluster.clone());
        Callback::from(move |(question, value)| {
            session.dispatch(SessionAction::Answer {
                rule_set: id.clone(),
                cluster: cluster.clone(),
                question,
                value,
            })
        })
    };
    let onimported = {
        let (library, session) = (library.clone(), session.clone());
        Callback::from(move |entry: Rc<Entry>| {
            let hash = entry.hash.clone();
            library.dispatch(LibraryAction::Add(entry));
            session.dispatch(SessionAction::Open(hash));
        })
    };
    let onremove = {
        let (library, session) = (library.clone(), session.clone());
        Callback::from(move |hash: String| {
            library.dispatch(LibraryAction::Remove(hash));
            if let Some(first) = library.default_entry() {
                session.dispatch(SessionAction::Open(first.hash.clone()));
            }
        })
    };
    let onimport_assessment = {
        let (library, session, message, lang) = (
            library.clone(),
            session.clone(),
            restore_message.clone(),
            *lang,
        );
        Callback::from(move |file: AssessmentImport| {
            let exact = library.get(&file.rule_set.hash);
            let same_id = library
                .entries
                .iter()
                .rev()
                .find(|e| e.rules().id == file.rule_set.id);
            let Some(target) = exact.or(same_id) else {
                message.set(Some(
                    tf(
                        lang,
                        "assessment.missing_rules",
                        &[
                            ("id", &file.rule_set.id),
                            ("version", &file.rule_set.version),
                            ("hash", &file.rule_set.hash),
                        ],
                    )
                    .into(),
                ));
                return;
            };
            message.set(Some(if exact.is_some() {
                t(lang, "assessment.restored").into()
            } else {
                tf(
                    lang,
                    "assessment.restored_other_version",
                    &[("hash", &file.rule_set.hash), ("now", &target.hash)],
                )
                .into()
            }));
            session.dispatch(SessionAction::Restore {
                hash: target.hash.clone(),
                rule_set: file.rule_set.id,
                cluster: file.cluster,
                answers: file.answers,
            });
        })
    };

    let onview = {
        let view = view.clone();
        Callback::from(move |next: View| {
            save_view(next);
            view.set(next);
        })
    };
    let onsession = {
        let session = session.clone();
        Callback::from(move |action: SessionAction| session.dispatch(action))
    };

    html! {
        <ContextProvider<Lang> context={*lang}>
            <Header lang={*lang} {onlangchange} />
            <DataNotices notices={(*notices).clone()} />
            <main id="main" class="main">
                <p class="privacy">{ t(*lang, "intro.privacy") }</p>
                <ViewSwitch view={*view} onchange={onview} />
                if *view == View::File {
                <HouseholdFile library={Rc::new((*library).clone())} active={entry.hash.clone()} />
                } else if *view == View::Compare {
                <CompareView library={Rc::new((*library).clone())} active={entry.clone()}
                    session={Rc::new((*session).clone())} {onsession} />
                } else {
                <RuleSetBar library={Rc::new((*library).clone())} entry={entry.clone()} {onopen} {onremove} />
                <ImportPanel {onimported} />
                <ClusterPicker entry={entry.clone()} cluster={cluster.clone()} onchange={oncluster} />
                <PrintStamp entry={entry.clone()} cluster={cluster_label} />
                <div class="workspace">
                    <QuestionForm entry={entry.clone()} cluster={cluster.clone()} answers={answers.clone()}
                        assessment={assessment.clone()} {onanswer} />
                    if let Some(a) = assessment.clone() {
                        <ResultPanel entry={entry.clone()} assessment={a} />
                    }
                </div>
                <AssessmentTools entry={entry.clone()} cluster={cluster.clone()} answers={answers.clone()}
                    assessment={assessment.clone()} onimport={onimport_assessment} message={(*restore_message).clone()} />
                }
                <ClearData />
            </main>
        </ContextProvider<Lang>>
    }
}
