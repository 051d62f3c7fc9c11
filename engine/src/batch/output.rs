//! The rows of a classified household file: every input column as written, then per rule set
//! `<id>_class`, `<id>_score` and `<id>_reason`. `timbang classify --output` and the web app's download
//! both write with this, so the same file gives the same bytes.

use crate::hash::WordMap;

use super::Outcome;
use crate::compile::Engine;
use crate::num::Num;
use crate::table::{Headers, Row};

/// The suffixes of the columns added per rule set, after `<rule set id>_`.
pub const ADDED_COLUMNS: [&str; 3] = ["class", "score", "reason"];

/// A number as written in an output cell: exact, with a decimal comma in `;` files (`0,5`, `7/18`).
///
/// ```
/// use timbang_engine::batch::format_num;
/// use timbang_engine::Num;
/// assert_eq!(format_num(Num::ratio(1, 2).unwrap(), true), "0,5");
/// assert_eq!(format_num(Num::ratio(7, 18).unwrap(), false), "7/18");
/// ```
pub fn format_num(n: Num, decimal_comma: bool) -> String {
    let text = n.to_string();
    if decimal_comma {
        text.replace('.', ",")
    } else {
        text
    }
}

/// Appends `text` as one CSV field (without a separator before it), quoted when it holds the
/// separator, a quote or a line break.
pub fn push_field(out: &mut Vec<u8>, delimiter: u8, text: &[u8]) {
    let needs_quotes = text
        .iter()
        .any(|&b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
    if needs_quotes {
        out.push(b'"');
        for &b in text {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(text);
    }
}

/// The text of scores, formatted once per distinct score (a rule set has few of them): small whole
/// scores by index, others in a map by numerator and denominator.
#[derive(Debug, Clone)]
struct ScoreText {
    small: Vec<String>,
    /// Scores are always in lowest terms; hashing a [`Num`] itself would divide, to hash equal
    /// fractions alike.
    cache: WordMap<(i128, i128), String>,
    decimal_comma: bool,
}

impl ScoreText {
    fn new(decimal_comma: bool) -> ScoreText {
        ScoreText {
            small: (0..256).map(|n| Num::int(n).to_string()).collect(),
            cache: WordMap::default(),
            decimal_comma,
        }
    }

    fn get(&mut self, score: Num) -> &str {
        if score.is_integer() {
            if let Some(text) = usize::try_from(score.numer())
                .ok()
                .and_then(|n| self.small.get(n))
            {
                return text;
            }
        }
        if self.cache.len() > 100_000 {
            // Points rule sets with fractional points could have many; never grow without bound.
            self.cache.clear();
        }
        let comma = self.decimal_comma;
        self.cache
            .entry((score.numer(), score.denom()))
            .or_insert_with(|| format_num(score, comma))
    }
}

/// Writes the header and rows of a classified household file into a byte buffer.
///
/// The separator is the input's; scores take a decimal comma when it is `;`. An input row that
/// knows its record as written ([`Row::record`], CSV rows) is copied byte for byte; other rows
/// (spreadsheet cells) are written field by field, quoted where needed. Lines end with `\n`.
///
/// ```
/// use timbang_engine::batch::{Binding, OutputWriter};
/// use timbang_engine::table::{ClusterChoice, CsvReader};
/// use timbang_engine::load;
/// # let json = timbang_engine::stats::EXAMPLE_RULES;
/// let loaded = load(json).unwrap();
/// let mut reader = CsvReader::new("No;q\n1;\"ya\"\n".as_bytes()).unwrap();
/// let engines = [&loaded.engine];
/// let mut binding =
///     Binding::new(&engines, reader.headers(), None, &ClusterChoice::Auto, None, &[]).unwrap();
/// let mut writer = OutputWriter::new(&engines, reader.delimiter());
/// let mut out = Vec::new();
/// writer.write_header_raw(reader.header_raw(), &mut out);
/// let mut outcomes = Vec::new();
/// while let Some(row) = reader.next_row().unwrap() {
///     binding.evaluate(&row, &mut outcomes);
///     writer.write_row(&row, &outcomes, &mut out);
/// }
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "No;q;mini-mpi_class;mini-mpi_score;mini-mpi_reason\n1;\"ya\";poor;1;\n"
/// );
/// ```
#[derive(Debug, Clone)]
pub struct OutputWriter {
    delimiter: u8,
    /// Per rule set: its id and its class ids.
    ids: Vec<String>,
    classes: Vec<Vec<String>>,
    scores: Vec<ScoreText>,
    /// Per rule set, per class and small whole score (class × [`SMALL_SCORES`] + score): the added
    /// cells of a classed row as written, `;class;score;`, copied in one go.
    tails: Vec<Vec<Vec<u8>>>,
}

/// Whole scores from 0 below this have their added cells written once, in [`OutputWriter`]'s tails.
const SMALL_SCORES: usize = 64;

impl OutputWriter {
    /// A writer for these rule sets, in order, and the input's separator.
    pub fn new(engines: &[&Engine], delimiter: u8) -> OutputWriter {
        let decimal_comma = delimiter == b';';
        let classes: Vec<Vec<String>> = engines
            .iter()
            .map(|e| e.rules().classes.iter().map(|c| c.id.clone()).collect())
            .collect();
        let d = char::from(delimiter);
        let tails = classes
            .iter()
            .map(|ids| {
                ids.iter()
                    .flat_map(|class| {
                        (0..SMALL_SCORES).map(move |n| format!("{d}{class}{d}{n}{d}").into_bytes())
                    })
                    .collect()
            })
            .collect();
        OutputWriter {
            delimiter,
            ids: engines.iter().map(|e| e.rules().id.clone()).collect(),
            classes,
            scores: engines
                .iter()
                .map(|_| ScoreText::new(decimal_comma))
                .collect(),
            tails,
        }
    }

    /// The separator.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Whether scores are written with a decimal comma (in `;` files).
    pub fn decimal_comma(&self) -> bool {
        self.delimiter == b';'
    }

    /// The header line: the input's header line as written, then the added columns.
    pub fn write_header_raw(&self, input: &[u8], out: &mut Vec<u8>) {
        out.extend_from_slice(input);
        self.added_header(out);
    }

    /// The header line from header names (for sources without a header line as written).
    pub fn write_header(&self, headers: &Headers, out: &mut Vec<u8>) {
        for (i, name) in headers.names().iter().enumerate() {
            if i > 0 {
                out.push(self.delimiter);
            }
            push_field(out, self.delimiter, name.as_bytes());
        }
        self.added_header(out);
    }

    /// The names of the added columns: per rule set `<id>_class`, `<id>_score`, `<id>_reason`.
    pub fn added_headers(&self) -> impl Iterator<Item = String> + '_ {
        self.ids.iter().flat_map(|id| {
            ADDED_COLUMNS
                .iter()
                .map(move |suffix| format!("{id}_{suffix}"))
        })
    }

    /// The id of class `class` of rule set `rule_set` (by their indexes), as the class column holds it.
    pub fn class_id(&self, rule_set: usize, class: usize) -> Option<&str> {
        self.classes
            .get(rule_set)
            .and_then(|c| c.get(class))
            .map(String::as_str)
    }

    /// The added cells of a classed row as written, when its score is small and whole.
    #[inline]
    fn tail(&self, rule_set: usize, result: &crate::assess::Classified) -> Option<&[u8]> {
        if !result.score.is_integer() {
            return None;
        }
        let score = usize::try_from(result.score.numer())
            .ok()
            .filter(|n| *n < SMALL_SCORES)?;
        let at = usize::from(result.class) * SMALL_SCORES + score;
        self.tails.get(rule_set)?.get(at).map(Vec::as_slice)
    }

    fn added_header(&self, out: &mut Vec<u8>) {
        for name in self.added_headers() {
            out.push(self.delimiter);
            push_field(out, self.delimiter, name.as_bytes());
        }
        out.push(b'\n');
    }

    /// One output line: `row` as written, then per rule set its class, score and reason, from the
    /// `outcomes` of [`super::Binding::evaluate`] or [`super::Batch::add_row`].
    pub fn write_row<R: Row + ?Sized>(&mut self, row: &R, outcomes: &[Outcome], out: &mut Vec<u8>) {
        let d = self.delimiter;
        match row.record() {
            Some(record) => out.extend_from_slice(record),
            None => {
                for i in 0..row.len() {
                    if i > 0 {
                        out.push(d);
                    }
                    push_field(out, d, row.cell(i).unwrap_or_default());
                }
            }
        }
        for (i, outcome) in outcomes.iter().enumerate() {
            match outcome {
                Outcome::Classified { result, .. } => {
                    if let Some(tail) = self.tail(i, result) {
                        out.extend_from_slice(tail);
                        continue;
                    }
                    let class = self
                        .classes
                        .get(i)
                        .and_then(|c| c.get(usize::from(result.class)))
                        .map_or("", String::as_str);
                    let score = self.scores.get_mut(i).map_or("", |s| s.get(result.score));
                    // Class ids and scores never need quoting (ids are letters, digits, `_`, `-`).
                    out.push(d);
                    out.extend_from_slice(class.as_bytes());
                    out.push(d);
                    out.extend_from_slice(score.as_bytes());
                    out.push(d);
                }
                Outcome::Unassessable { problem, .. } => {
                    out.push(d);
                    out.push(d);
                    out.push(d);
                    push_field(out, d, problem.short().as_bytes());
                }
            }
        }
        out.push(b'\n');
    }
}
