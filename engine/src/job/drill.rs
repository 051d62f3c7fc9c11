//! The households behind each cell of a transition matrix: "who changes class?" answered with lines.
//!
//! A million-row file cannot travel to the page row by row, nor should it: a person opening a cell
//! reads the first households of it. [`Drill`] keeps, per cell, the first [`DRILL_LIMIT`] rows (line,
//! group values, cluster, class and score under every variant); the cell's full count is in the
//! transition itself.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::batch::{format_num, Outcome};
use crate::compile::Engine;

/// How many households a transition cell lists.
pub const DRILL_LIMIT: usize = 100;

/// The first households of one cell of the transition from variant 1 to variant `transition + 2`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillCell {
    /// Which transition: 0 compares the first variant with the second, 1 with the third, …
    pub transition: usize,
    /// The class index under the first variant (`None`: not assessable).
    pub from: Option<usize>,
    /// The class index under the other variant (`None`: not assessable).
    pub to: Option<usize>,
    /// The first households in the cell, in file order.
    pub rows: Vec<DrillRow>,
}

/// One household of a drill-down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillRow {
    /// Its line in the file.
    pub line: u64,
    /// The values of its grouping columns.
    pub group: Vec<String>,
    /// Per variant: the cluster id, when known.
    pub clusters: Vec<Option<String>>,
    /// Per variant: the class id, when classed.
    pub classes: Vec<Option<String>>,
    /// Per variant: the score as a decimal (or the reason it is not assessable).
    pub scores: Vec<String>,
}

crate::pack::packed_struct!(DrillCell {
    transition,
    from,
    to,
    rows
});
crate::pack::packed_struct!(DrillRow {
    line,
    group,
    clusters,
    classes,
    scores
});

/// Collects the first households of every transition cell while a batch runs.
///
/// ```
/// use timbang_engine::job::Drill;
/// let drill = Drill::new(2);
/// assert!(drill.finish().is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Drill {
    limit: usize,
    cells: BTreeMap<Cell, Vec<DrillRow>>,
    /// The cells holding `limit` households: once the cells fill, which is within the first rows of
    /// a large file, a row costs a look through these few (for each transition, at most its two
    /// rule sets' classes plus one, multiplied), where a search of `cells` by its tuple key cost a
    /// fifteenth of a batch's work per row with two variants.
    full: Vec<Cell>,
}

/// A transition cell: the transition, the class under the first variant and under the other.
type Cell = (usize, Option<usize>, Option<usize>);

impl Drill {
    /// Keeps at most `limit` households per cell.
    pub fn new(limit: usize) -> Drill {
        Drill {
            limit,
            cells: BTreeMap::new(),
            full: Vec::new(),
        }
    }

    /// Notes one row's outcomes (one per engine, in order). `group` is asked for only when the row is
    /// kept, so a full cell costs a look in [`Drill::full`] and nothing more.
    pub fn note<G: FnOnce() -> Vec<String>>(
        &mut self,
        engines: &[&Engine],
        line: u64,
        outcomes: &[Outcome],
        group: G,
    ) {
        let Some(first) = outcomes.first() else {
            return;
        };
        let from = first.class();
        let mut wanted = Vec::new();
        for (t, other) in outcomes.iter().skip(1).enumerate() {
            let key = (t, from, other.class());
            if !self.full.contains(&key) {
                wanted.push(key);
            }
        }
        if wanted.is_empty() {
            return;
        }
        let row = DrillRow {
            line,
            group: group(),
            clusters: engines
                .iter()
                .zip(outcomes)
                .map(|(e, o)| {
                    o.cluster()
                        .and_then(|c| e.rules().clusters.get(c))
                        .map(|c| c.id.clone())
                })
                .collect(),
            classes: engines
                .iter()
                .zip(outcomes)
                .map(|(e, o)| {
                    o.class()
                        .and_then(|c| e.rules().classes.get(c))
                        .map(|c| c.id.clone())
                })
                .collect(),
            scores: outcomes
                .iter()
                .map(|o| match (o.score(), o.problem()) {
                    (Some(score), _) => format_num(score, false),
                    (None, Some(problem)) => problem.short(),
                    (None, None) => String::new(),
                })
                .collect(),
        };
        for key in wanted {
            self.cells.entry(key).or_default().push(row.clone());
            self.note_full(key);
        }
    }

    /// Adds the cells of a later part of the same file, whose line numbers start `lines` after this
    /// one's: each cell keeps its first households in file order, up to the limit.
    pub fn append(&mut self, cells: Vec<DrillCell>, lines: u64) {
        for cell in cells {
            let rows = self
                .cells
                .entry((cell.transition, cell.from, cell.to))
                .or_default();
            let room = self.limit.saturating_sub(rows.len());
            rows.extend(cell.rows.into_iter().take(room).map(|mut r| {
                r.line = r.line.saturating_add(lines);
                r
            }));
            self.note_full((cell.transition, cell.from, cell.to));
        }
    }

    /// Marks `cell` full in [`Drill::full`] when it holds `limit` households.
    fn note_full(&mut self, cell: Cell) {
        let filled = self.cells.get(&cell).is_some_and(|r| r.len() >= self.limit);
        if filled && !self.full.contains(&cell) {
            self.full.push(cell);
        }
    }

    /// The cells with at least one household, by transition then class order.
    pub fn finish(self) -> Vec<DrillCell> {
        self.cells
            .into_iter()
            .map(|((transition, from, to), rows)| DrillCell {
                transition,
                from,
                to,
                rows,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{Batch, BatchOptions};
    use crate::table::{Headers, TextRow};
    use crate::Engine;

    fn engine(json: &str) -> Engine {
        match crate::load(json) {
            Ok(l) => l.engine,
            Err(e) => panic!("{e:?}"),
        }
    }

    /// Two variants of the example rule set; every row lands in one cell, each cell keeps at most two.
    #[test]
    fn keeps_the_first_rows_of_each_cell() {
        let a = engine(crate::stats::EXAMPLE_RULES);
        let b = engine(crate::stats::EXAMPLE_RULES);
        let engines = [&a, &b];
        let headers = Headers::new(vec!["q".into(), "desa".into()]);
        let options = BatchOptions {
            by: vec!["desa".into()],
            ..BatchOptions::default()
        };
        let mut batch = Batch::new(&engines, &headers, options).unwrap_or_else(|e| panic!("{e:?}"));
        let mut drill = Drill::new(2);
        let rows = [
            ["ya", "A"],
            ["tidak", "B"],
            ["ya", "C"],
            ["ya", "D"],
            ["x", "E"],
        ];
        for (i, cells) in rows.iter().enumerate() {
            let row = TextRow {
                line: i as u64 + 2,
                cells,
            };
            let result = batch.add_row(&row);
            let (line, outcomes) = (result.line, result.outcomes.to_vec());
            drill.note(&engines, line, &outcomes, || vec![cells[1].to_owned()]);
        }
        let cells = drill.finish();
        let lines = |from: Option<usize>| -> Vec<u64> {
            cells
                .iter()
                .find(|c| c.from == from && c.to == from)
                .map(|c| c.rows.iter().map(|r| r.line).collect())
                .unwrap_or_default()
        };
        // "ya" meets every indicator (score 1, poor), "tidak" none (not poor), "x" is not an answer.
        assert_eq!(lines(Some(0)), vec![2, 4]);
        assert_eq!(lines(Some(1)), vec![3]);
        assert_eq!(lines(None), vec![6]);
        let poor = &cells[cells.len() - 2];
        assert_eq!(poor.rows[0].group, vec!["A".to_owned()]);
        assert_eq!(
            poor.rows[0].classes,
            vec![Some("poor".into()), Some("poor".into())]
        );
        assert_eq!(poor.rows[0].scores, vec!["1".to_owned(), "1".to_owned()]);
    }
}
