//! "Berkas rumah tangga" / household file: open a CSV or XLSX export of a social registry, map its
//! columns, and classify every row under two or more variants in a web worker, with progress and
//! cancel; then the figures per variant, the transition matrices with their households, and downloads.
//! The page never parses the file and computes no figure: the worker calls the engine.

pub mod class_chart;
pub mod mapping_form;
pub mod run_controls;
pub mod transition_table;
pub mod variant_report;

use std::rc::Rc;

use timbang_engine::batch::{Batch, BatchOptions};
use timbang_engine::job::{OutputFormat, Reply, Request, RunJob};
use timbang_engine::stats::{Report, Transition};
use timbang_engine::table::{Headers, TableError};
use timbang_engine::{format, Num};
use web_sys::{File, HtmlInputElement};
use yew::prelude::*;

use crate::browser;
use crate::components::compare::variant_picker::VariantPicker;
use crate::i18n::{t, tf, use_lang, Lang};
use crate::state::drill_lists::DrillLists;
use crate::state::file_run::{FileAction, FileRun, Purpose, Stage};
use crate::state::file_settings::{FileSettings, Remembered, MAPPINGS_KEY};
use crate::state::library::{Entry, Library};
use crate::storage;
use crate::worker_client::Received;
use crate::worker_pool::WorkerPool;

use mapping_form::MappingForm;
use run_controls::RunControls;
use transition_table::TransitionTable;
use variant_report::VariantReport;

/// Properties of [`HouseholdFile`].
#[derive(Properties, PartialEq)]
pub struct HouseholdFileProps {
    /// The usable rule sets.
    pub library: Rc<Library>,
    /// The open rule set (the default first variant), by hash.
    pub active: AttrValue,
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Milliseconds as seconds with one decimal, in the language's notation (`2,5` / `2.5`).
fn seconds(ms: f64, lang: Lang) -> String {
    // Whole milliseconds (`as` saturates, NaN is 0), then the engine's rounding and notation.
    let seconds = Num::ratio(ms.round() as i128, 1000).unwrap_or(Num::ZERO);
    format::decimals(seconds, 1, lang)
}

/// `name` without its extension, for the names of downloads.
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// The variants' rule sets as the worker reads them: their texts.
fn texts(entries: &[Rc<Entry>]) -> Vec<String> {
    entries.iter().map(|e| e.text.clone()).collect()
}

/// The view.
#[component]
pub fn HouseholdFile(props: &HouseholdFileProps) -> Html {
    let lang = use_lang();
    let run = use_reducer(FileRun::default);
    let file = use_mut_ref(|| None::<File>);
    let client = use_mut_ref(|| None::<WorkerPool>);
    let remembered = use_mut_ref(|| {
        storage::load::<Remembered>(MAPPINGS_KEY)
            .ok()
            .flatten()
            .unwrap_or_default()
    });
    // (result, how many of its sections are drawn): see `shown` below.
    let revealed = use_state(|| (0usize, 0usize));
    let variants = use_state(|| {
        let mut v = vec![props.active.to_string()];
        if let Some(other) = props
            .library
            .entries
            .iter()
            .find(|e| *e.hash != *props.active)
        {
            v.push(other.hash.clone());
        }
        v
    });
    let entries: Vec<Rc<Entry>> = variants
        .iter()
        .filter_map(|h| props.library.get(h).cloned())
        .collect();

    // Every reply goes to the reducer; a written file is offered as a download on arrival.
    let onreply = {
        let (run, file) = (run.dispatcher(), file.clone());
        Callback::from(move |received: Received| {
            if let (Some(blob), Reply::Done(_)) = (&received.blob, &received.reply) {
                let name = file.borrow().as_ref().map(File::name).unwrap_or_default();
                let ext = if blob.type_().contains("sheet") {
                    "xlsx"
                } else {
                    "csv"
                };
                browser::download_blob(&format!("{}-timbang.{ext}", stem(&name)), blob);
            }
            // The drill-down lists of a run's figures come packed apart, read when a cell opens.
            run.dispatch(match (received.reply, received.drill) {
                (Reply::Done(result), Some(bytes)) => {
                    FileAction::Done(result, DrillLists::unread(bytes), now())
                }
                (reply, _) => FileAction::Reply(reply, now()),
            });
        })
    };
    // A worker is started as soon as the view opens, so its code is fetched before any file is
    // picked (from then on the page makes no request), and again after a cancel.
    let ensure_worker = {
        let (client, run) = (client.clone(), run.dispatcher());
        move || -> bool {
            let mut slot = client.borrow_mut();
            if slot.is_none() {
                match WorkerPool::spawn(onreply.clone()) {
                    Ok(c) => *slot = Some(c),
                    Err(detail) => {
                        run.dispatch(FileAction::Reply(Reply::Broken { detail }, now()));
                        return false;
                    }
                }
            }
            true
        }
    };
    {
        let ensure_worker = ensure_worker.clone();
        use_effect_with((), move |_| {
            ensure_worker();
        });
    }
    let send = {
        let (client, file, run) = (client.clone(), file.clone(), run.dispatcher());
        let ensure_worker = ensure_worker.clone();
        let entries = entries.clone();
        move |request: Request| {
            let Some(f) = file.borrow().clone() else {
                return;
            };
            if !ensure_worker() {
                return;
            }
            let sent = client.borrow().as_ref().map(|c| match request {
                Request::Inspect => c.inspect(&f, &texts(&entries)),
                _ => c.send(&request, &f),
            });
            if let Some(Err(detail)) = sent {
                run.dispatch(FileAction::Reply(Reply::Broken { detail }, now()));
            }
        }
    };

    // Suggest the column settings whenever the header row or the variants change.
    {
        let (run, remembered) = (run.clone(), remembered.clone());
        let deps = (run.headers.clone(), (*variants).clone());
        let entries = entries.clone();
        use_effect_with(deps, move |(headers, _)| {
            if !headers.is_empty() {
                let engines: Vec<&timbang_engine::Engine> =
                    entries.iter().map(|e| &e.loaded.engine).collect();
                let saved = remembered.borrow().get(headers).cloned();
                let base = if run.settings == FileSettings::default() {
                    saved
                } else {
                    Some(run.settings.clone())
                };
                run.dispatch(FileAction::Settings(FileSettings::suggest(
                    &engines,
                    headers,
                    base.as_ref(),
                )));
            }
        });
    }

    let onpick = {
        let (run, file, send) = (run.dispatcher(), file.clone(), send.clone());
        Callback::from(move |picked: File| {
            run.dispatch(FileAction::Picked(
                picked.name(),
                picked.size().max(0.0) as u64,
            ));
            *file.borrow_mut() = Some(picked);
            send(Request::Inspect);
        })
    };
    let onchange_input = {
        let onpick = onpick.clone();
        Callback::from(move |e: Event| {
            if let Some(f) = e
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|i| i.files())
                .and_then(|fs| fs.get(0))
            {
                onpick.emit(f);
            }
        })
    };
    let ondrop = {
        let onpick = onpick.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(f) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|fs| fs.get(0))
            {
                onpick.emit(f);
            }
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());

    // The binding is checked here first, so a missing column is shown before any row is read.
    let headers = Rc::new(run.headers.clone());
    // Memoised: progress re-renders the view a hundred times during a run.
    let binding_errors = use_memo(
        (run.headers.clone(), run.settings.clone(), entries.clone()),
        |(headers, settings, entries)| -> Vec<TableError> {
            if headers.is_empty() || entries.is_empty() {
                return Vec::new();
            }
            let engines: Vec<&timbang_engine::Engine> =
                entries.iter().map(|e| &e.loaded.engine).collect();
            let options = BatchOptions {
                map: Some(settings.map.clone()),
                weight: settings.weight.clone(),
                by: settings.by.clone(),
                ..BatchOptions::default()
            };
            Batch::binding_errors(&engines, &Headers::new(headers.clone()), &options)
        },
    );

    let start = {
        let (run, send, remembered) = (run.clone(), send.clone(), remembered.clone());
        let entries = entries.clone();
        let hashes = (*variants).clone();
        Callback::from(move |purpose: Purpose| {
            let output = match purpose {
                Purpose::Figures => None,
                Purpose::Write(format) => Some(format),
            };
            let job = RunJob {
                rulesets: texts(&entries),
                map: run.settings.map.clone(),
                by: run.settings.by.clone(),
                weight: run.settings.weight.clone(),
                output,
                part: None,
            };
            {
                let mut r = remembered.borrow_mut();
                r.put(&run.headers, run.settings.clone());
                // Not remembering only means mapping again next time.
                let _ = storage::save(MAPPINGS_KEY, &*r);
            }
            run.dispatch(FileAction::Start(purpose, hashes.clone(), now()));
            send(Request::Run(job));
        })
    };
    let oncancel = {
        let (run, client, ensure_worker) =
            (run.dispatcher(), client.clone(), ensure_worker.clone());
        Callback::from(move |_| {
            // Terminating the worker is the only way to stop it mid-file; the next request starts another.
            client.borrow_mut().take();
            run.dispatch(FileAction::Cancel);
            ensure_worker();
        })
    };
    // Kept from render to render, so that progress, which re-renders the view a hundred times during
    // a run, does not draw the column table and the variant picker again (20 ms a time).
    let onsettings = {
        let run = run.dispatcher();
        use_callback((), move |s: FileSettings, _| {
            run.dispatch(FileAction::Settings(s))
        })
    };
    let onvariants = {
        let variants = variants.setter();
        use_callback((), move |v: Vec<String>, _| variants.set(v))
    };

    let running = matches!(run.stage, Stage::Running { .. });
    let result = run.result.clone();
    // A result is drawn a section at a time (each variant's report in its three parts, then each
    // transition), one task each: drawing all of a large file's figures in one task held the page for
    // 70 ms, and the largest variant's report alone for 95 ms.
    let result_key = result.as_ref().map_or(0, |r| Rc::as_ptr(r) as usize);
    // Each variant's report, and each transition, in an `Rc` made once per result, not cloned on
    // every render.
    let shared = use_memo(result_key, {
        let result = result.clone();
        move |_| -> (Vec<Rc<Report>>, Vec<Rc<Transition>>) {
            result.as_ref().map_or_else(Default::default, |r| {
                let reports = r.report.rulesets.iter().cloned().map(Rc::new).collect();
                (
                    reports,
                    r.report.transitions.iter().cloned().map(Rc::new).collect(),
                )
            })
        }
    });
    let (reports, transitions) = &*shared;
    let variant_parts = reports.len() * variant_report::PARTS;
    let sections = variant_parts + transitions.len();
    // The task that receives the figures draws none of them: it already swaps the running view out.
    let shown = match *revealed {
        (key, n) if key == result_key => n,
        _ => 0,
    };
    {
        let revealed = revealed.clone();
        use_effect_with((result_key, shown), move |&(key, n)| {
            if n < sections {
                browser::next_task(move || revealed.set((key, n + 1)));
            }
        });
    }
    let result_entries: Vec<Rc<Entry>> = run
        .result_variants
        .iter()
        .filter_map(|h| props.library.get(h).cloned())
        .collect();
    let results = result.as_ref().filter(|_| result_entries.len() == run.result_variants.len()).map(|r| {
        let weighted = r.report.weight.is_some();
        let drill = run.drill.clone();
        let figures = r.clone();
        let name = run.file.as_ref().map(|f| f.0.clone()).unwrap_or_default();
        let download = |format: OutputFormat| {
            let start = start.clone();
            Callback::from(move |_| start.emit(Purpose::Write(format)))
        };
        let onsummary = {
            let name = name.clone();
            Callback::from(move |_| {
                browser::download(&format!("{}-ringkasan.json", stem(&name)), "application/json", &figures.summary_json);
            })
        };
        let onmap = {
            let (name, json) = (name.clone(), run.settings.map_json());
            Callback::from(move |_| {
                browser::download(&format!("{}-kolom.json", stem(&name)), "application/json", &json);
            })
        };
        let onprint = Callback::from(|_| browser::print());
        html! {
            <section class="file-results" aria-labelledby="results-title">
                <h2 id="results-title">{ t(lang, "file.results.title") }</h2>
                <p class="run-stats" role="status">{ tf(lang, "file.results.done", &[
                    ("rows", &timbang_engine::format::int(r.rows, lang)),
                    ("seconds", &seconds(run.elapsed_ms.unwrap_or(0.0), lang)),
                ]) }</p>
                <div class="downloads no-print" role="group" aria-label={t(lang, "file.download.title")}>
                    <button type="button" onclick={download(OutputFormat::Csv)} disabled={running}>{ t(lang, "file.download.csv") }</button>
                    <button type="button" onclick={download(OutputFormat::Xlsx)} disabled={running}>{ t(lang, "file.download.xlsx") }</button>
                    <button type="button" onclick={onsummary}>{ t(lang, "file.download.summary") }</button>
                    <button type="button" onclick={onmap}>{ t(lang, "file.download.map") }</button>
                    <button type="button" onclick={onprint}>{ t(lang, "file.download.print") }</button>
                </div>
                { for result_entries.iter().zip(reports.iter()).enumerate().map(|(i, (entry, report))| {
                    let parts = shown.saturating_sub(i * variant_report::PARTS).min(variant_report::PARTS);
                    html! {
                        if parts > 0 {
                            <VariantReport entry={entry.clone()} report={report.clone()} {weighted} {parts} />
                        }
                    }
                }) }
                if !r.report.transitions.is_empty() && shown > variant_parts {
                    <h3>{ t(lang, "file.transition.title") }</h3>
                }
                // One node however many are drawn: yew matches unkeyed children from the end, so a list
                // that grows in place would have every node before it taken down and drawn again.
                { transitions.iter().enumerate().take(shown.saturating_sub(variant_parts)).map(|(i, tr)| html! {
                    <TransitionTable index={i} transition={tr.clone()} entries={result_entries.clone()} drill={drill.clone()} />
                }).collect::<Html>() }
            </section>
        }
    });

    html! {
        <section class="household-file" aria-labelledby="file-title">
            <h2 id="file-title">{ t(lang, "file.title") }</h2>
            <p class="privacy">{ t(lang, "file.privacy") }</p>
            <VariantPicker library={props.library.clone()} variants={entries.clone()} onchange={onvariants} />
            <p class="hint">{ t(lang, "file.variants.hint") }</p>
            <div class="drop-zone" {ondrop} {ondragover}>
                <label for="household-file-input">{ t(lang, "file.pick") }</label>
                <input id="household-file-input" type="file" accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    onchange={onchange_input} disabled={running} />
                <p class="hint">{ t(lang, "file.pick_hint") }</p>
            </div>
            if let Some((name, size)) = &run.file {
                <p class="file-name">{ tf(lang, "file.picked", &[("name", name), ("size", &timbang_engine::format::int(*size, lang))]) }</p>
            }
            if run.stage == Stage::Inspecting {
                <p role="status">{ t(lang, "file.inspecting") }</p>
            }
            if let Some((id, en)) = &run.unreadable {
                <p class="error" role="alert">{ tf(lang, "file.unreadable", &[("detail", if lang == Lang::Id { id } else { en })]) }</p>
            }
            if let Some(detail) = &run.broken {
                <p class="error" role="alert">{ tf(lang, "file.broken", &[("detail", detail)]) }</p>
            }
            if !run.errors.is_empty() {
                <ul class="error" role="alert">
                    { for run.errors.iter().map(|e| html! { <li>{ e.message(lang) }</li> }) }
                </ul>
            }
            if !headers.is_empty() {
                <MappingForm headers={headers.clone()} entries={entries.clone()} settings={run.settings.clone()} onchange={onsettings} />
                <RunControls stage={run.stage.clone()} cancelled={run.cancelled} errors={(*binding_errors).clone()}
                    enough={!entries.is_empty()} onstart={start.reform(|_| Purpose::Figures)} {oncancel} />
            }
            // One node, drawn or not (see the transitions above): the column table is not drawn again.
            { results.unwrap_or_default() }
        </section>
    }
}
