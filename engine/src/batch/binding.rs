//! Binding one household file's columns to several rule sets, and evaluating one row under each.

use crate::answers::Input;
use crate::assess::{Classified, Unassessable, UnassessableReason};
use crate::compile::Engine;
use crate::num::Num;
use crate::table::{
    ClusterChoice, ColumnMap, Headers, Layout, Row, RowCode, RowProblem, TableCode, TableError,
};

/// One rule set's verdict on one row.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Classed, in a cluster.
    Classified {
        /// The cluster index.
        cluster: usize,
        /// The class, score and indicators met.
        result: Classified,
    },
    /// Not assessable, with the cluster when it was read.
    Unassessable {
        /// The cluster index, when the row's cluster could be read.
        cluster: Option<usize>,
        /// Why the row cannot be assessed.
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

    /// The cluster index, when known.
    pub fn cluster(&self) -> Option<usize> {
        match self {
            Outcome::Classified { cluster, .. } => Some(*cluster),
            Outcome::Unassessable { cluster, .. } => *cluster,
        }
    }

    /// The score, when classed.
    pub fn score(&self) -> Option<Num> {
        match self {
            Outcome::Classified { result, .. } => Some(result.score),
            Outcome::Unassessable { .. } => None,
        }
    }

    /// The problem, when not assessable.
    pub fn problem(&self) -> Option<&RowProblem> {
        match self {
            Outcome::Classified { .. } => None,
            Outcome::Unassessable { problem, .. } => Some(problem),
        }
    }
}

/// The columns of one household file bound to every rule set, with the buffers rows are read into.
///
/// Generic over the source of rows: any [`Row`] (a [`crate::table::CsvRow`], a
/// [`crate::table::TextRow`] of spreadsheet cells…) is evaluated the same way.
pub struct Binding<'e> {
    layouts: Vec<Layout<'e>>,
    answers: Vec<Vec<Option<Input>>>,
    weight: Option<(usize, String)>,
    by: Vec<usize>,
}

impl<'e> Binding<'e> {
    /// Binds the file's headers to each engine, with an optional weight column and grouping columns;
    /// every problem of every rule set is reported at once.
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

    /// The layout of each rule set, in order.
    pub fn layouts(&self) -> &[Layout<'e>] {
        &self.layouts
    }

    /// The values of the grouping columns of `row` (empty when a cell is missing).
    pub fn group<'r, R: Row + ?Sized>(
        &self,
        row: &'r R,
    ) -> impl Iterator<Item = &'r str> + use<'r, '_, R> {
        self.by.iter().map(move |c| row.text(*c).unwrap_or(""))
    }

    /// Evaluates `row` under every rule set into `out` (one outcome per rule set, in order) and gives
    /// the row's weight (1 without a weight column; 0 when the weight is invalid, which makes the row
    /// unassessable under every rule set).
    pub fn evaluate<R: Row + ?Sized>(&mut self, row: &R, out: &mut Vec<Outcome>) -> Num {
        // The previous row's outcomes are overwritten in place (see `put`), then any extra dropped.
        out.truncate(self.layouts.len());
        let weight = match &self.weight {
            None => Ok(Num::ONE),
            Some((column, header)) => read_weight(row, *column, header),
        };
        for (i, (layout, answers)) in self.layouts.iter().zip(self.answers.iter_mut()).enumerate() {
            let cluster = match layout.read_cluster(row) {
                Ok(c) => c,
                Err(problem) => {
                    put(
                        out,
                        i,
                        Outcome::Unassessable {
                            cluster: None,
                            problem,
                        },
                    );
                    continue;
                }
            };
            // The usual row, straight from its cells; any other goes the general way, which says why.
            let quick = match weight {
                Ok(_) => layout.classify_quick(row, cluster),
                Err(_) => None,
            };
            match (quick, out.get_mut(i)) {
                // A classed row over a classed row, the usual case: its fields written, not the
                // whole outcome moved (an outcome is as large as its largest kind, a row problem).
                (
                    Some(result),
                    Some(Outcome::Classified {
                        cluster: c,
                        result: r,
                    }),
                ) => {
                    *c = cluster;
                    *r = result;
                }
                (Some(result), _) => put(out, i, Outcome::Classified { cluster, result }),
                (None, _) => put(
                    out,
                    i,
                    evaluate_in_full(layout, row, cluster, &weight, answers),
                ),
            }
        }
        weight.unwrap_or(Num::ZERO)
    }
}

/// Sets outcome `i` of `out`, which holds at least `i` outcomes.
fn put(out: &mut Vec<Outcome>, i: usize, outcome: Outcome) {
    match out.get_mut(i) {
        Some(slot) => *slot = outcome,
        None => out.push(outcome),
    }
}

/// The outcome of a row in `cluster` by the general path: its answers read and typed, then classified.
fn evaluate_in_full<R: Row + ?Sized>(
    layout: &Layout<'_>,
    row: &R,
    cluster: usize,
    weight: &Result<Num, RowProblem>,
    answers: &mut [Option<Input>],
) -> Outcome {
    if let Err(problem) = layout.read_answers(row, cluster, answers) {
        return Outcome::Unassessable {
            cluster: Some(cluster),
            problem,
        };
    }
    if let Err(problem) = weight {
        return Outcome::Unassessable {
            cluster: Some(cluster),
            problem: problem.clone(),
        };
    }
    match layout.engine().classify_row(cluster, answers) {
        Ok(result) => Outcome::Classified { cluster, result },
        Err(u) => Outcome::Unassessable {
            cluster: Some(cluster),
            problem: problem_of(layout, row.line(), &u),
        },
    }
}

/// The weight in cell `column` of `row`: a number that is not negative.
pub fn read_weight<R: Row + ?Sized>(
    row: &R,
    column: usize,
    header: &str,
) -> Result<Num, RowProblem> {
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
