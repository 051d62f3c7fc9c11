//! What `classify` and `summary` share: loading the rule sets, opening the household file, binding its
//! columns to each rule set, and evaluating one row under every rule set.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use timbang_engine::answers::Input;
use timbang_engine::assess::{Classified, Unassessable, UnassessableReason};
use timbang_engine::load::Loaded;
use timbang_engine::table::{
    ClusterChoice, ColumnMap, CsvReader, CsvRow, Headers, Layout, Row, RowCode, RowProblem,
    TableCode, TableError,
};
use timbang_engine::{Engine, Lang, Num};

use crate::msg::{read_text, Fail};
use crate::rules::load_file;

/// The household file and how to read it.
#[derive(Debug)]
pub struct Options {
    pub rules: Vec<PathBuf>,
    pub input: PathBuf,
    pub map: Option<PathBuf>,
    pub cluster: ClusterChoice,
}

/// Loads every rule set, reporting the errors of all of them before failing.
pub fn load_rule_sets(opts: &Options, lang: Lang) -> Result<Vec<Loaded>, Fail> {
    let mut loaded = Vec::new();
    let mut lines = Vec::new();
    let mut code = 0;
    for path in &opts.rules {
        match load_file(path, lang) {
            Ok(l) => loaded.push(l),
            Err(fail) => {
                code = code.max(fail.code);
                lines.extend(fail.lines);
            }
        }
    }
    if lines.is_empty() {
        Ok(loaded)
    } else {
        Err(Fail { code, lines })
    }
}

/// Reads the column map, if one is given, and checks that each question it names is in a rule set.
pub fn load_map(opts: &Options, loaded: &[Loaded], lang: Lang) -> Result<Option<ColumnMap>, Fail> {
    let Some(path) = &opts.map else {
        return Ok(None);
    };
    let text = read_text(path, lang)?;
    let map = ColumnMap::parse(&text).map_err(|e| Fail::table(path, &[e], lang))?;
    let rules: Vec<_> = loaded.iter().map(|l| l.engine.rules()).collect();
    let unknown: Vec<TableError> = map
        .unknown_questions(&rules)
        .into_iter()
        .map(|q| TableError::new(TableCode::MapUnknownQuestion).param("question", q))
        .collect();
    if unknown.is_empty() {
        Ok(Some(map))
    } else {
        Err(Fail::table(path, &unknown, lang))
    }
}

/// Opens the household file (standard input for `-`) and reads its header line.
pub fn open(path: &Path, lang: Lang) -> Result<CsvReader<Box<dyn Read>>, Fail> {
    let input: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(File::open(path).map_err(|e| Fail::io(path, e, lang))?)
    };
    CsvReader::new(input).map_err(|e| Fail::table(path, &[e], lang))
}

/// One rule set's verdict on one row.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Classed, in a cluster.
    Classified { cluster: usize, result: Classified },
    /// Not assessable, with the cluster when it was read.
    Unassessable {
        cluster: Option<usize>,
        problem: RowProblem,
    },
}

impl Outcome {
    /// The class index, when classed.
    pub fn class(&self) -> Option<usize> {
        match self {
            Outcome::Classified { result, .. } => Some(usize::from(result.class)),
            Outcome::Unassessable { .. } => None,
        }
    }
}

/// The columns of one household file bound to every rule set, with the buffers rows are read into.
pub struct Binding<'e> {
    layouts: Vec<Layout<'e>>,
    answers: Vec<Vec<Option<Input>>>,
    weight: Option<(usize, String)>,
    by: Vec<usize>,
}

impl<'e> Binding<'e> {
    /// Binds the file's headers to each engine; every problem of every rule set is reported at once.
    pub fn new(
        engines: &[&'e Engine],
        headers: &Headers,
        map: Option<&ColumnMap>,
        choice: &ClusterChoice,
        weight: Option<&str>,
        by: &[String],
    ) -> Result<Binding<'e>, Vec<TableError>> {
        let mut errors: Vec<TableError> = Vec::new();
        let push = |e: TableError, errors: &mut Vec<TableError>| {
            if !errors.contains(&e) {
                errors.push(e);
            }
        };
        let mut layouts = Vec::new();
        for engine in engines {
            match Layout::new(engine, headers, map, choice) {
                Ok(l) => layouts.push(l),
                Err(es) => es.into_iter().for_each(|e| push(e, &mut errors)),
            }
        }
        let column = |name: &str, missing: TableCode, errors: &mut Vec<TableError>| match headers
            .find(name)
        {
            Ok(Some(c)) => Some(c),
            Ok(None) => {
                push(TableError::new(missing).param("column", name), errors);
                None
            }
            Err(e) => {
                push(e, errors);
                None
            }
        };
        let weight = weight.and_then(|w| {
            column(w, TableCode::WeightColumnMissing, &mut errors)
                .map(|c| (c, headers.name(c).to_owned()))
        });
        let by: Vec<usize> = by
            .iter()
            .filter_map(|b| column(b, TableCode::GroupColumnMissing, &mut errors))
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let answers = engines
            .iter()
            .map(|e| vec![None; e.question_count()])
            .collect();
        Ok(Binding {
            layouts,
            answers,
            weight,
            by,
        })
    }

    /// The values of the grouping columns of `row` (empty when a cell is missing).
    pub fn group<'r>(&self, row: &'r CsvRow<'_>) -> impl Iterator<Item = &'r str> + use<'r, '_> {
        self.by.iter().map(move |c| row.text(*c).unwrap_or(""))
    }

    /// Evaluates `row` under every rule set into `out` (one outcome per rule set, in order) and gives
    /// the row's weight (1 without a weight column; 0 when the weight is invalid, which makes the row
    /// unassessable under every rule set).
    pub fn evaluate(&mut self, row: &CsvRow<'_>, out: &mut Vec<Outcome>) -> Num {
        out.clear();
        let weight = match &self.weight {
            None => Ok(Num::ONE),
            Some((column, header)) => read_weight(row, *column, header),
        };
        for (layout, answers) in self.layouts.iter().zip(self.answers.iter_mut()) {
            let read = match layout.read_cluster(row) {
                Err(p) => Err((None, p)),
                Ok(c) => match layout.read_answers(row, c, answers) {
                    Ok(()) => Ok(c),
                    Err(p) => Err((Some(c), p)),
                },
            };
            let outcome = match read {
                Err((cluster, problem)) => Outcome::Unassessable { cluster, problem },
                Ok(cluster) => match &weight {
                    Err(problem) => Outcome::Unassessable {
                        cluster: Some(cluster),
                        problem: problem.clone(),
                    },
                    Ok(_) => match layout.engine().classify_row(cluster, answers) {
                        Ok(result) => Outcome::Classified { cluster, result },
                        Err(u) => Outcome::Unassessable {
                            cluster: Some(cluster),
                            problem: problem_of(layout, row.line(), &u),
                        },
                    },
                },
            };
            out.push(outcome);
        }
        weight.unwrap_or(Num::ZERO)
    }
}

fn read_weight(row: &CsvRow<'_>, column: usize, header: &str) -> Result<Num, RowProblem> {
    let text = row.text(column).unwrap_or("");
    match Num::parse(text) {
        Ok(w) if !w.is_negative() => Ok(w),
        _ => Err(RowProblem::new(row.line(), RowCode::InvalidWeight)
            .with_column(header)
            .with_text(text)),
    }
}

/// The row problem of a household the engine could not assess, naming the question (and its column)
/// or the derived value at fault.
pub fn problem_of(layout: &Layout<'_>, line: u64, u: &Unassessable) -> RowProblem {
    let code = match u.reason {
        UnassessableReason::Missing => RowCode::MissingAnswer,
        UnassessableReason::WrongType => RowCode::InvalidAnswer,
        UnassessableReason::DivisionByZero => RowCode::DivisionByZero,
        UnassessableReason::Overflow => RowCode::Overflow,
        UnassessableReason::UnknownCluster => RowCode::ClusterUnknown,
        UnassessableReason::NoClass => RowCode::Other,
    };
    let mut p = RowProblem::new(line, code);
    if let Some(subject) = u.subject(layout.engine()) {
        p = p.with_question(subject);
    }
    if let Some(header) = u
        .question
        .and_then(|q| layout.question_column(q))
        .map(|c| layout.header(c))
    {
        p = p.with_column(header);
    }
    if code == RowCode::Other {
        p = p.with_detail(u.reason.as_str());
    }
    p
}
