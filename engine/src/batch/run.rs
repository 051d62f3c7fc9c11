//! The accumulator of a household file: every row under every rule set into summaries and transitions.

use serde::{Deserialize, Serialize};

use super::{Binding, Outcome};
use crate::compile::Engine;
use crate::model::Bound;
use crate::num::Num;
use crate::stats::{Alike, Report, Summary, Transition};
use crate::table::{ClusterChoice, ColumnMap, Headers, Row, TableError};

/// How a household file is read and summarised, beyond its rule sets and headers.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Which header holds which question, and where the cluster comes from.
    pub map: Option<ColumnMap>,
    /// Where rows get their cluster (overrides the map's `cluster`).
    pub cluster: ClusterChoice,
    /// A column weighting each household (e.g. household size), as the user named it.
    pub weight: Option<String>,
    /// Columns to group by, outermost first.
    pub by: Vec<String>,
    /// The poverty cut-off of the Alkire–Foster figures (default: see
    /// [`crate::stats::default_poverty_cutoff`]).
    pub k: Option<Bound>,
}

/// What a batch gives back for one row, for a drill-down: its line, weight and one [`Outcome`] per
/// rule set (cluster index, class index or the problem, score). Borrowed from the batch until the
/// next row.
#[derive(Debug, Clone, Copy)]
pub struct RowResult<'b> {
    /// The row's line number, as [`Row::line`].
    pub line: u64,
    /// The row's weight (1 without a weight column, 0 when its weight is invalid).
    pub weight: Num,
    /// One outcome per rule set, in the order given.
    pub outcomes: &'b [Outcome],
}

/// The figures of a whole household file: exactly what `timbang summary --json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchReport {
    /// The weight column, as named, if any.
    pub weight: Option<String>,
    /// One report per rule set, in the order given.
    pub rulesets: Vec<Report>,
    /// The first rule set against each other one.
    pub transitions: Vec<Transition>,
}

crate::pack::packed_struct!(BatchReport {
    weight,
    rulesets,
    transitions
});

impl BatchReport {
    /// Whether a sum overflowed in a rule set's figures, leaving them incomplete.
    pub fn overflowed(&self) -> bool {
        self.rulesets.iter().any(|r| r.overflow)
    }
}

/// Summarises a household file under several rule sets, one row at a time: a [`Summary`] per rule
/// set and a [`Transition`] from the first rule set to each other one. The CLI's `summary` and the web
/// app's worker both run this, so their figures are the same. Rows are not kept.
///
/// ```
/// use timbang_engine::batch::{Batch, BatchOptions};
/// use timbang_engine::table::{CsvReader, Row};
/// use timbang_engine::{load, Num};
/// # let json = timbang_engine::stats::EXAMPLE_RULES;
/// let loaded = load(json).unwrap(); // a weighted rule set with one yes/no question `q`
/// let file = "No;q\n1;ya\n2;tidak\n3;mungkin\n";
/// let mut reader = CsvReader::new(file.as_bytes()).unwrap();
/// let mut batch = Batch::new(&[&loaded.engine], reader.headers(), BatchOptions::default()).unwrap();
/// while let Some(row) = reader.next_row().unwrap() {
///     let result = batch.add_row(&row);
///     if row.line() == 2 {
///         // Every indicator is met: score 1, class 0 (`poor`), in cluster 0.
///         let outcome = &result.outcomes[0];
///         assert_eq!((outcome.cluster(), outcome.class()), (Some(0), Some(0)));
///         assert_eq!(outcome.score(), Some(Num::ONE));
///     }
/// }
/// let report = batch.finish();
/// assert_eq!(report.rulesets[0].total.households, 3);
/// assert_eq!(report.rulesets[0].total.unassessable.households, 1);
/// let json = serde_json::to_string(&report).unwrap();
/// assert_eq!(serde_json::from_str::<timbang_engine::batch::BatchReport>(&json).unwrap(), report);
/// ```
pub struct Batch<'e> {
    binding: Binding<'e>,
    summaries: Vec<Summary>,
    /// Per summary, the classified households not yet added to it ([`Alike`]); settled before the
    /// summaries are read.
    alike: Vec<Alike>,
    transitions: Vec<Transition>,
    outcomes: Vec<Outcome>,
    weight: Option<String>,
}

impl<'e> Batch<'e> {
    /// Binds the file's headers to every engine (all problems reported at once) and starts empty
    /// summaries.
    pub fn new(
        engines: &[&'e Engine],
        headers: &Headers,
        options: BatchOptions,
    ) -> Result<Batch<'e>, Vec<TableError>> {
        let binding = bind(engines, headers, &options)?;
        let summaries = engines
            .iter()
            .map(|e| Summary::for_engine(e, &options.by, options.k))
            .collect();
        let transitions = engines
            .iter()
            .skip(1)
            .filter_map(|b| {
                engines
                    .first()
                    .map(|a| Transition::new(a.rules(), b.rules()))
            })
            .collect();
        Ok(Batch {
            binding,
            alike: vec![Alike::default(); engines.len()],
            summaries,
            transitions,
            outcomes: Vec::with_capacity(engines.len()),
            weight: options.weight,
        })
    }

    /// What is wrong with binding the file's headers to every engine under `options` (all problems at
    /// once; empty when a batch can start), without starting one: for a form that checks its column
    /// choices as they change.
    pub fn binding_errors(
        engines: &[&'e Engine],
        headers: &Headers,
        options: &BatchOptions,
    ) -> Vec<TableError> {
        bind(engines, headers, options).err().unwrap_or_default()
    }

    /// Evaluates one row under every rule set and counts it; gives what became of it.
    pub fn add_row<R: Row + ?Sized>(&mut self, row: &R) -> RowResult<'_> {
        let weight = self.binding.evaluate(row, &mut self.outcomes);
        let first = self.outcomes.first().and_then(Outcome::class);
        for (t, o) in self
            .transitions
            .iter_mut()
            .zip(self.outcomes.iter().skip(1))
        {
            t.add(first, o.class(), weight);
        }
        let counted = self.summaries.iter_mut().zip(&mut self.alike);
        for ((summary, alike), outcome) in counted.zip(self.outcomes.iter()) {
            let group = self.binding.group(row);
            match outcome {
                Outcome::Classified { cluster, result } => {
                    alike.add_classified(summary, *cluster, group, weight, result)
                }
                Outcome::Unassessable { cluster, problem } => {
                    summary.add_unassessable(*cluster, group, weight, problem.clone())
                }
            }
        }
        RowResult {
            line: row.line(),
            weight,
            outcomes: &self.outcomes,
        }
    }

    /// The transitions so far, from the first rule set to each other one.
    pub fn transitions(&self) -> &[Transition] {
        &self.transitions
    }

    /// The weight column's name, the summaries and the transitions, to merge with those of the other
    /// parts of a file (see [`crate::job::merge`]).
    pub fn into_parts(mut self) -> (Option<String>, Vec<Summary>, Vec<Transition>) {
        self.settle();
        (self.weight, self.summaries, self.transitions)
    }

    /// Adds every household counted in `alike` to its summary.
    fn settle(&mut self) {
        for (alike, summary) in self.alike.iter_mut().zip(&mut self.summaries) {
            alike.settle(summary);
        }
    }

    /// The figures of every row added.
    pub fn finish(mut self) -> BatchReport {
        self.settle();
        BatchReport {
            weight: self.weight,
            rulesets: self.summaries.iter().map(Summary::report).collect(),
            transitions: self.transitions,
        }
    }
}

fn bind<'e>(
    engines: &[&'e Engine],
    headers: &Headers,
    options: &BatchOptions,
) -> Result<Binding<'e>, Vec<TableError>> {
    Binding::new(
        engines,
        headers,
        options.map.as_ref(),
        &options.cluster,
        options.weight.as_deref(),
        &options.by,
    )
}
