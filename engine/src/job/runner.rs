//! One run of a household file through every variant: the batch, the drill-down lists and the row
//! count, fed row by row by the worker (which writes the output file beside it).

use crate::batch::{Batch, BatchOptions, Outcome};
use crate::compile::Engine;
use crate::table::{ClusterChoice, Headers, Row, TableError};

use super::{summary_json, Drill, Part, PartResult, RunJob, RunResult, DRILL_LIMIT};

/// The batch, the drill-down and the group columns of one run.
pub struct Runner<'e> {
    engines: &'e [&'e Engine],
    batch: Batch<'e>,
    drill: Drill,
    by: Vec<usize>,
    rows: u64,
}

impl<'e> Runner<'e> {
    /// Binds `headers` to every engine as `job` says (all problems at once).
    pub fn new(
        engines: &'e [&'e Engine],
        headers: &Headers,
        job: &RunJob,
    ) -> Result<Runner<'e>, Vec<TableError>> {
        let options = BatchOptions {
            map: Some(job.map.clone()),
            cluster: ClusterChoice::Auto,
            weight: job.weight.clone(),
            by: job.by.clone(),
            k: None,
        };
        let batch = Batch::new(engines, headers, options)?;
        // The batch has checked that every grouping column exists.
        let by = job
            .by
            .iter()
            .filter_map(|name| headers.find(name).ok().flatten())
            .collect();
        Ok(Runner {
            engines,
            batch,
            drill: Drill::new(DRILL_LIMIT),
            by,
            rows: 0,
        })
    }

    /// Counts one row; gives what became of it under each variant.
    pub fn add<R: Row + ?Sized>(&mut self, row: &R) -> &[Outcome] {
        self.rows += 1;
        let result = self.batch.add_row(row);
        let by = &self.by;
        self.drill
            .note(self.engines, result.line, result.outcomes, || {
                // Trimmed, as the figures' groups are (`Summary::set_key`), whatever the row type.
                by.iter()
                    .map(|&c| row.text(c).unwrap_or_default().trim().to_owned())
                    .collect()
            });
        result.outcomes
    }

    /// The rows counted so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// What the rows added give as `part` of a file, to [`super::merge`] with the other parts:
    /// `line_breaks` and `torn` as the reader tells them ([`crate::table::CsvReader::line_breaks`],
    /// [`crate::table::CsvReader::torn`]).
    pub fn finish_part(self, part: Part, line_breaks: u64, torn: bool) -> PartResult {
        let (weight, summaries, transitions) = self.batch.into_parts();
        PartResult {
            part,
            rows: self.rows,
            line_breaks,
            torn,
            weight,
            summaries,
            transitions,
            drill: self.drill.finish(),
        }
    }

    /// The figures of every row added.
    pub fn finish(self) -> RunResult {
        let report = self.batch.finish();
        RunResult {
            rows: self.rows,
            summary_json: summary_json(&report),
            report,
            drill: self.drill.finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{ColumnMap, TextRow};

    #[test]
    fn counts_rows_and_keeps_them_for_the_drill_down() {
        let engine = match crate::load(crate::stats::EXAMPLE_RULES) {
            Ok(l) => l.engine,
            Err(e) => panic!("{e:?}"),
        };
        let engines = [&engine, &engine];
        let job = RunJob {
            rulesets: Vec::new(),
            map: ColumnMap::default(),
            by: vec!["desa".into()],
            weight: None,
            output: None,
            part: None,
        };
        let headers = Headers::new(vec!["q".into(), "desa".into()]);
        let mut runner = Runner::new(&engines, &headers, &job).unwrap_or_else(|e| panic!("{e:?}"));
        for (i, q) in ["ya", "tidak", "x"].into_iter().enumerate() {
            let outcomes = runner.add(&TextRow {
                line: i as u64 + 2,
                cells: &[q, "Bonto"],
            });
            assert_eq!(outcomes.len(), 2);
        }
        let result = runner.finish();
        assert_eq!(result.rows, 3);
        assert_eq!(result.report.rulesets[0].total.unassessable.households, 1);
        let lines: Vec<u64> = result
            .drill
            .iter()
            .flat_map(|c| c.rows.iter().map(|r| r.line))
            .collect();
        assert_eq!(lines.len(), 3);
        assert!(result
            .drill
            .iter()
            .all(|c| c.rows.iter().all(|r| r.group == ["Bonto"])));
        assert!(
            result.summary_json.contains("\"rows\"")
                || result.summary_json.contains("\"rulesets\"")
        );
        let unknown = RunJob {
            by: vec!["kecamatan".into()],
            ..job
        };
        assert!(Runner::new(&engines, &headers, &unknown).is_err());
    }
}
