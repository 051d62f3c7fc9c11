//! A CSV household file split among workers, so a run uses more than one core: each worker reads
//! one part of whole lines and counts it as a run of its own; [`merge`] then adds the parts up, in
//! file order, into exactly the [`RunResult`] of one run over the whole file.
//!
//! Parts are cut at line starts. A cut that falls inside a quoted field holding a line break is not
//! a record boundary: the part before it then ends inside a record ([`PartResult::torn`]), and the
//! parts cannot be merged. The caller runs the file whole instead; such files are rare.

use std::fmt;
use std::io::{self, Read, Seek, SeekFrom};

use serde::{Deserialize, Serialize};

use super::{summary_json, Drill, DrillCell, RunResult, DRILL_LIMIT};
use crate::batch::BatchReport;
use crate::stats::{StatsError, Summary, Transition};

/// Part `index` of `count` of a file: from the first line start at or after `size × index / count`
/// to the first at or after `size × (index + 1) / count`. In JSON, `[index, count]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "(usize, usize)", into = "(usize, usize)")]
pub struct Part {
    /// Which part, from 0.
    pub index: usize,
    /// How many parts the file is cut into.
    pub count: usize,
}

impl From<(usize, usize)> for Part {
    fn from((index, count): (usize, usize)) -> Part {
        Part { index, count }
    }
}

impl From<Part> for (usize, usize) {
    fn from(p: Part) -> (usize, usize) {
        (p.index, p.count)
    }
}

impl Part {
    /// Where this part starts and ends in `file` of `size` bytes (both are line starts, or 0 and
    /// `size`). The neighbouring part finds the same cut, so the parts cover the file exactly.
    ///
    /// ```
    /// use std::io::Cursor;
    /// use timbang_engine::job::Part;
    /// let file = b"h\n11\n22\n33\n";
    /// let bounds = |index| Part { index, count: 2 }.bounds(&mut Cursor::new(file), 11).unwrap();
    /// assert_eq!(bounds(0), (0, 5));
    /// assert_eq!(bounds(1), (5, 11));
    /// ```
    pub fn bounds<R: Read + Seek>(&self, file: &mut R, size: u64) -> io::Result<(u64, u64)> {
        Ok((
            self.cut(file, size, self.index)?,
            self.cut(file, size, self.index.saturating_add(1))?,
        ))
    }

    fn cut<R: Read + Seek>(&self, file: &mut R, size: u64, i: usize) -> io::Result<u64> {
        if i == 0 {
            return Ok(0);
        }
        if i >= self.count {
            return Ok(size);
        }
        let nominal = u128::from(size) * i as u128 / self.count.max(1) as u128;
        line_start_at(file, u64::try_from(nominal).unwrap_or(size), size)
    }
}

/// The first line start at or after `at` in `file` of `size` bytes: `at` when the byte before it is
/// a line break, else the byte after the next line break, else `size`.
pub fn line_start_at<R: Read + Seek>(file: &mut R, at: u64, size: u64) -> io::Result<u64> {
    if at == 0 || at >= size {
        return Ok(at.min(size));
    }
    let mut pos = at - 1;
    file.seek(SeekFrom::Start(pos))?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => return Ok(size),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if let Some(i) = memchr::memchr(b'\n', buf.get(..n).unwrap_or_default()) {
            return Ok((pos + i as u64 + 1).min(size));
        }
        pos += n as u64;
    }
}

/// What one part of a file gives: the accumulators, not yet figures, to be merged with the others.
/// It travels between workers in a compact binary form ([`PartResult::to_bytes`]).
#[derive(Debug, Clone)]
pub struct PartResult {
    /// Which part.
    pub part: Part,
    /// Rows read.
    pub rows: u64,
    /// Line breaks read (with the header's, in part 0): the next part's first line is one more.
    pub line_breaks: u64,
    /// The part ended inside a record (see the module's documentation).
    pub torn: bool,
    /// The weight column, as named.
    pub weight: Option<String>,
    /// One summary per variant.
    pub summaries: Vec<Summary>,
    /// The first variant against each other one.
    pub transitions: Vec<Transition>,
    /// The first households of each transition cell, lines counted from the part's start.
    pub drill: Vec<DrillCell>,
}

crate::pack::packed_struct!(Part { index, count });
crate::pack::packed_struct!(PartResult {
    part,
    rows,
    line_breaks,
    torn,
    weight,
    summaries,
    transitions,
    drill,
});

impl PartResult {
    /// The part's result in a compact binary form, for another worker to merge.
    pub fn to_bytes(&self) -> Vec<u8> {
        crate::pack::to_bytes(self)
    }

    /// A part's result from [`PartResult::to_bytes`]; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<PartResult> {
        crate::pack::from_bytes(bytes)
    }
}

/// Why parts cannot be merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeError {
    /// Not every part of one split, once each.
    Incomplete,
    /// A part other than the last ended inside a record: run the file whole.
    Torn,
    /// The parts are of different rule sets or settings.
    Mismatch,
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MergeError::Incomplete => "the parts of the file are not all there",
            MergeError::Torn => "a part of the file ends inside a record",
            MergeError::Mismatch => "the parts were run with different rule sets or settings",
        })
    }
}

impl std::error::Error for MergeError {}

/// The parts of one split file, in order, as one [`RunResult`], equal to that of a single run over
/// the whole file: line numbers are made the file's, counts and sums added, problem lists and
/// drill-downs kept in file order up to their limits.
pub fn merge(parts: Vec<PartResult>) -> Result<RunResult, MergeError> {
    let count = parts.len();
    let whole = parts
        .iter()
        .enumerate()
        .all(|(i, p)| p.part.index == i && p.part.count == count);
    if count == 0 || !whole {
        return Err(MergeError::Incomplete);
    }
    if parts.iter().take(count - 1).any(|p| p.torn) {
        return Err(MergeError::Torn);
    }
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return Err(MergeError::Incomplete);
    };
    let (mut rows, mut lines) = (first.rows, first.line_breaks);
    let (weight, mut summaries, mut transitions) =
        (first.weight, first.summaries, first.transitions);
    let mut drill = Drill::new(DRILL_LIMIT);
    drill.append(first.drill, 0);
    for mut part in parts {
        if part.weight != weight
            || part.summaries.len() != summaries.len()
            || part.transitions.len() != transitions.len()
        {
            return Err(MergeError::Mismatch);
        }
        for (mine, theirs) in summaries.iter_mut().zip(&mut part.summaries) {
            theirs.shift_lines(lines);
            // An overflow is kept in the summary's figures, as a single run keeps it.
            if mine.merge(theirs) == Err(StatsError::Mismatch) {
                return Err(MergeError::Mismatch);
            }
        }
        for (mine, theirs) in transitions.iter_mut().zip(&part.transitions) {
            if mine.merge(theirs) == Err(StatsError::Mismatch) {
                return Err(MergeError::Mismatch);
            }
        }
        drill.append(part.drill, lines);
        rows = rows.saturating_add(part.rows);
        lines = lines.saturating_add(part.line_breaks);
    }
    let report = BatchReport {
        weight,
        rulesets: summaries.iter().map(Summary::report).collect(),
        transitions,
    };
    Ok(RunResult {
        rows,
        summary_json: summary_json(&report),
        report,
        drill: drill.finish(),
    })
}
