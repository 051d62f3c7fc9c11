//! The household-file view's progress: picked, headers read, mapped, running, done, or failed. A pure
//! reducer fed by the person's actions and the worker's replies; the file itself and the worker live in
//! the component.

use std::rc::Rc;

use timbang_engine::job::{FileKind, OutputFormat, Reply, RunResult};
use timbang_engine::table::TableError;
use yew::Reducible;

use super::drill_lists::DrillLists;
use super::file_settings::FileSettings;

/// What the worker is doing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Purpose {
    /// Computing the figures.
    Figures,
    /// Writing the result file in this format.
    Write(OutputFormat),
}

/// Where the view is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Stage {
    /// No file yet.
    #[default]
    Idle,
    /// Reading the header row.
    Inspecting,
    /// Headers known: the mapping can be set and a run started.
    Ready,
    /// A run is going on.
    Running {
        /// Why.
        purpose: Purpose,
        /// When it started (milliseconds, the page's clock).
        started: f64,
        /// Bytes read.
        bytes: u64,
        /// The file's size.
        total: u64,
        /// Rows done.
        rows: u64,
    },
}

/// The view's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileRun {
    /// The picked file's name and size.
    pub file: Option<(String, u64)>,
    /// CSV or XLSX, once read.
    pub kind: Option<FileKind>,
    /// The header row.
    pub headers: Vec<String>,
    /// How the columns are read.
    pub settings: FileSettings,
    /// Where the view is.
    pub stage: Stage,
    /// The last run's figures (their `drill` is empty: the lists are below).
    pub result: Option<Rc<RunResult>>,
    /// The households behind each transition cell of the last run.
    pub drill: Rc<DrillLists>,
    /// The variants (rule-set hashes) the figures are of.
    pub result_variants: Vec<String>,
    /// How long the last run took, in milliseconds.
    pub elapsed_ms: Option<f64>,
    /// Why the file or its mapping cannot be used.
    pub errors: Vec<TableError>,
    /// Why the file cannot be read as a workbook, in Indonesian and English.
    pub unreadable: Option<(String, String)>,
    /// A failure of the browser or the worker.
    pub broken: Option<String>,
    /// The last run was cancelled.
    pub cancelled: bool,
}

/// What can happen.
#[derive(Debug, Clone)]
pub enum FileAction {
    /// A file was picked (name, size): everything of the previous file is forgotten.
    Picked(String, u64),
    /// The person changed the settings.
    Settings(FileSettings),
    /// A run started, for these variants, at this time.
    Start(Purpose, Vec<String>, f64),
    /// The worker replied, at this time.
    Reply(Reply, f64),
    /// A run's figures, with its drill-down lists still as the worker wrote them, at this time.
    Done(Box<RunResult>, Rc<DrillLists>, f64),
    /// The person cancelled the run.
    Cancel,
}

impl FileRun {
    /// The reducer's step, as a plain function for tests.
    pub fn apply(mut self, action: FileAction) -> FileRun {
        match action {
            FileAction::Picked(name, size) => {
                return FileRun {
                    file: Some((name, size)),
                    stage: Stage::Inspecting,
                    ..FileRun::default()
                }
            }
            FileAction::Settings(settings) => self.settings = settings,
            FileAction::Start(purpose, variants, at) => {
                self.errors.clear();
                self.unreadable = None;
                self.broken = None;
                self.cancelled = false;
                if purpose == Purpose::Figures {
                    self.result_variants = variants;
                }
                self.stage = Stage::Running {
                    purpose,
                    started: at,
                    bytes: 0,
                    total: self.file.as_ref().map_or(0, |f| f.1),
                    rows: 0,
                };
            }
            FileAction::Reply(reply, at) => self.reply(reply, at),
            FileAction::Done(result, drill, at) => self.done(*result, drill, at),
            FileAction::Cancel => {
                if matches!(self.stage, Stage::Running { .. }) {
                    self.cancelled = true;
                }
                self.stage = self.settled();
            }
        }
        self
    }

    /// The stage to go back to when the worker is done or gone.
    fn settled(&self) -> Stage {
        if self.kind.is_some() {
            Stage::Ready
        } else {
            Stage::Idle
        }
    }

    fn reply(&mut self, reply: Reply, at: f64) {
        match reply {
            // The settings are then suggested by the component, which knows the rule sets.
            Reply::Headers { file, headers } => {
                self.kind = Some(file);
                self.headers = headers;
                self.settings = FileSettings::default();
                self.stage = Stage::Ready;
            }
            Reply::Progress { bytes, total, rows } => {
                if let Stage::Running {
                    bytes: b,
                    total: t,
                    rows: r,
                    ..
                } = &mut self.stage
                {
                    (*b, *t, *r) = (bytes, total, rows);
                }
            }
            Reply::Done(mut result) => {
                let drill = DrillLists::read(std::mem::take(&mut result.drill));
                self.done(*result, drill, at);
            }
            Reply::Failed { errors } => {
                self.errors = errors;
                self.stage = self.settled();
            }
            Reply::Unreadable { id, en } => {
                self.unreadable = Some((id, en));
                self.stage = self.settled();
            }
            Reply::Broken { detail } => {
                self.broken = Some(detail);
                self.stage = self.settled();
            }
            // The worker pool merges the parts of a split run; the view sees only the whole.
            Reply::Part { .. } => {}
        }
    }

    /// A run's figures arrived: kept if they are the ones the view waits for.
    fn done(&mut self, result: RunResult, drill: Rc<DrillLists>, at: f64) {
        if let Stage::Running {
            purpose: Purpose::Figures,
            started,
            ..
        } = self.stage
        {
            self.elapsed_ms = Some(at - started);
            self.result = Some(Rc::new(result));
            self.drill = drill;
        }
        self.stage = self.settled();
    }
}

impl Reducible for FileRun {
    type Action = FileAction;

    fn reduce(self: Rc<Self>, action: FileAction) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use timbang_engine::batch::BatchReport;
    use timbang_engine::job::{drill_to_bytes, DrillCell};
    use timbang_engine::table::TableCode;

    fn ready() -> FileRun {
        FileRun::default()
            .apply(FileAction::Picked("rt.csv".into(), 400))
            .apply(FileAction::Reply(
                Reply::Headers {
                    file: FileKind::Csv,
                    headers: vec!["a".into()],
                },
                0.0,
            ))
    }

    fn done() -> Reply {
        Reply::Done(Box::new(RunResult {
            rows: 3,
            summary_json: String::new(),
            report: BatchReport {
                weight: None,
                rulesets: vec![],
                transitions: vec![],
            },
            drill: vec![],
        }))
    }

    #[test]
    fn a_run_goes_from_ready_through_progress_to_its_figures() {
        let run = ready().apply(FileAction::Start(
            Purpose::Figures,
            vec!["h1".into()],
            1000.0,
        ));
        assert!(matches!(run.stage, Stage::Running { total: 400, .. }));
        let run = run.apply(FileAction::Reply(
            Reply::Progress {
                bytes: 200,
                total: 400,
                rows: 5,
            },
            1100.0,
        ));
        assert!(matches!(
            run.stage,
            Stage::Running {
                bytes: 200,
                rows: 5,
                ..
            }
        ));
        let run = run.apply(FileAction::Reply(done(), 1250.0));
        assert_eq!(run.stage, Stage::Ready);
        assert_eq!(run.elapsed_ms, Some(250.0));
        assert_eq!(run.result.as_ref().map(|r| r.rows), Some(3));
        assert_eq!(run.result_variants, vec!["h1".to_owned()]);
    }

    #[test]
    fn writing_a_file_keeps_the_figures_and_their_variants() {
        let run = ready()
            .apply(FileAction::Start(Purpose::Figures, vec!["h1".into()], 0.0))
            .apply(FileAction::Reply(done(), 10.0))
            .apply(FileAction::Start(
                Purpose::Write(OutputFormat::Csv),
                vec!["h2".into()],
                20.0,
            ))
            .apply(FileAction::Reply(done(), 90.0));
        assert_eq!(run.elapsed_ms, Some(10.0));
        assert_eq!(run.result_variants, vec!["h1".to_owned()]);
    }

    #[test]
    fn the_drill_down_lists_change_with_the_figures_only() {
        let lists = |cells: &[DrillCell]| DrillLists::unread(drill_to_bytes(cells));
        let figures = lists(&[]);
        let Reply::Done(result) = done() else {
            unreachable!()
        };
        let run = ready()
            .apply(FileAction::Start(Purpose::Figures, vec!["h1".into()], 0.0))
            .apply(FileAction::Done(result.clone(), figures.clone(), 10.0));
        assert!(Rc::ptr_eq(&run.drill, &figures));
        // A written file's run brings lists too; the figures shown, and their lists, stay.
        let run = run
            .apply(FileAction::Start(
                Purpose::Write(OutputFormat::Csv),
                vec!["h1".into()],
                20.0,
            ))
            .apply(FileAction::Done(result, lists(&[]), 30.0));
        assert!(Rc::ptr_eq(&run.drill, &figures));
        assert_eq!(run.stage, Stage::Ready);
    }

    #[test]
    fn cancel_and_failure_go_back_to_the_mapping_with_the_figures_kept() {
        let run = ready()
            .apply(FileAction::Start(Purpose::Figures, vec![], 0.0))
            .apply(FileAction::Reply(done(), 10.0))
            .apply(FileAction::Start(Purpose::Figures, vec![], 20.0))
            .apply(FileAction::Cancel);
        assert!(run.cancelled && run.result.is_some());
        assert_eq!(run.stage, Stage::Ready);
        let errors = vec![TableError::new(TableCode::MissingColumn)];
        let run = run
            .apply(FileAction::Start(Purpose::Figures, vec![], 30.0))
            .apply(FileAction::Reply(
                Reply::Failed {
                    errors: errors.clone(),
                },
                40.0,
            ));
        assert_eq!(run.errors, errors);
        assert!(!run.cancelled);
    }

    #[test]
    fn a_new_file_forgets_the_last_one() {
        let run = ready()
            .apply(FileAction::Reply(Reply::Broken { detail: "x".into() }, 0.0))
            .apply(FileAction::Picked("b.xlsx".into(), 9));
        assert_eq!(run.stage, Stage::Inspecting);
        assert!(run.broken.is_none() && run.headers.is_empty());
        let run = run.apply(FileAction::Reply(Reply::Broken { detail: "y".into() }, 0.0));
        assert_eq!(run.stage, Stage::Idle);
    }
}
