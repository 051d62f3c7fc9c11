//! What goes wrong with a household file: problems that stop it being read ([`TableError`]) and
//! problems of one row ([`RowProblem`]), each a typed code with an Indonesian and an English message.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::Lang;

/// The longest cell text kept in a [`RowProblem`], in characters: enough to recognise, never a whole
/// malformed line.
const PROBLEM_TEXT_CHARS: usize = 60;

/// What stops a household file from being read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableCode {
    /// The file cannot be read (`detail`).
    Io,
    /// The file has no header line.
    Empty,
    /// Two columns have the header `column` (at `positions`).
    DuplicateColumn,
    /// No column holds the required question `question` (`label`) of rule set `ruleset`.
    MissingColumn,
    /// The column map is not valid JSON or not in the format (`detail`, line, column).
    MapSyntax,
    /// The column map's `format` is `found`, not `expected`.
    MapFormat,
    /// The column map's `cluster` needs exactly one of `column` and `fixed` (`values` only with `column`).
    MapCluster,
    /// The column map names question `question` in no rule set.
    MapUnknownQuestion,
    /// The column map gives question `question` the column `column`, which the file lacks.
    MapUnknownColumn,
    /// Rule set `ruleset` has several clusters (`clusters`) and nothing says which each row is in.
    ClusterNotGiven,
    /// The cluster column `column` is not in the file.
    ClusterColumnMissing,
    /// Rule set `ruleset` has no cluster `cluster` (it has `clusters`).
    UnknownCluster,
    /// The weight column `column` is not in the file.
    WeightColumnMissing,
    /// The grouping column `column` is not in the file.
    GroupColumnMissing,
}

impl TableCode {
    /// Every code, in declaration order (the index is the code's packed form).
    pub(crate) const ALL: [TableCode; 14] = [
        TableCode::Io,
        TableCode::Empty,
        TableCode::DuplicateColumn,
        TableCode::MissingColumn,
        TableCode::MapSyntax,
        TableCode::MapFormat,
        TableCode::MapCluster,
        TableCode::MapUnknownQuestion,
        TableCode::MapUnknownColumn,
        TableCode::ClusterNotGiven,
        TableCode::ClusterColumnMissing,
        TableCode::UnknownCluster,
        TableCode::WeightColumnMissing,
        TableCode::GroupColumnMissing,
    ];

    /// The code as written in JSON (`missing_column`).
    pub fn as_str(self) -> &'static str {
        match self {
            TableCode::Io => "io",
            TableCode::Empty => "empty",
            TableCode::DuplicateColumn => "duplicate_column",
            TableCode::MissingColumn => "missing_column",
            TableCode::MapSyntax => "map_syntax",
            TableCode::MapFormat => "map_format",
            TableCode::MapCluster => "map_cluster",
            TableCode::MapUnknownQuestion => "map_unknown_question",
            TableCode::MapUnknownColumn => "map_unknown_column",
            TableCode::ClusterNotGiven => "cluster_not_given",
            TableCode::ClusterColumnMissing => "cluster_column_missing",
            TableCode::UnknownCluster => "unknown_cluster",
            TableCode::WeightColumnMissing => "weight_column_missing",
            TableCode::GroupColumnMissing => "group_column_missing",
        }
    }
}

/// A problem that stops a household file (or its column map) from being used, with its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableError {
    /// What is wrong.
    pub code: TableCode,
    /// The line, when it is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The column (character) in the line, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// Named values the message uses (see each [`TableCode`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

impl TableError {
    /// An error with no parameter yet.
    pub fn new(code: TableCode) -> TableError {
        TableError {
            code,
            line: None,
            column: None,
            params: BTreeMap::new(),
        }
    }

    /// Adds a parameter.
    pub fn param(mut self, name: &str, value: impl Into<String>) -> TableError {
        self.params.insert(name.to_owned(), value.into());
        self
    }

    /// Sets the line.
    pub fn at_line(mut self, line: u64) -> TableError {
        self.line = Some(line);
        self
    }

    /// Sets the column.
    pub fn at_column(mut self, column: u64) -> TableError {
        self.column = Some(column);
        self
    }

    /// An I/O error.
    pub fn io(e: std::io::Error) -> TableError {
        TableError::new(TableCode::Io).param("detail", e.to_string())
    }

    fn p(&self, name: &str) -> &str {
        self.params.get(name).map_or("", String::as_str)
    }

    /// The message in `lang`, with the parameters (not the line: callers put the file and line first).
    ///
    /// ```
    /// use timbang_engine::table::{TableCode, TableError};
    /// use timbang_engine::Lang;
    /// let e = TableError::new(TableCode::MissingColumn).param("question", "luas_lantai")
    ///     .param("label", "Luas lantai").param("ruleset", "bps-14");
    /// assert!(e.message(Lang::En).contains("luas_lantai"));
    /// assert!(e.message(Lang::Id).contains("Tidak ada kolom"));
    /// ```
    pub fn message(&self, lang: Lang) -> String {
        let p = |n| self.p(n);
        let id = lang == Lang::Id;
        match self.code {
            TableCode::Io => {
                if id {
                    format!("berkas tidak dapat dibaca: {}", p("detail"))
                } else {
                    format!("the file cannot be read: {}", p("detail"))
                }
            }
            TableCode::Empty => {
                if id {
                    "berkas kosong: tidak ada baris judul kolom".to_owned()
                } else {
                    "the file is empty: there is no header line".to_owned()
                }
            }
            TableCode::DuplicateColumn => {
                if id {
                    format!(
                        "judul kolom \"{}\" muncul lebih dari sekali (kolom {})",
                        p("column"),
                        p("positions")
                    )
                } else {
                    format!(
                        "the header \"{}\" appears more than once (columns {})",
                        p("column"),
                        p("positions")
                    )
                }
            }
            TableCode::MissingColumn => {
                if id {
                    format!(
                    "Tidak ada kolom untuk pertanyaan wajib \"{}\" ({}) dari aturan {}; beri judul kolom itu atau petakan dengan --map",
                    p("question"), p("label"), p("ruleset")
                )
                } else {
                    format!(
                    "No column holds the required question \"{}\" ({}) of rule set {}; name a column so or map it with --map",
                    p("question"), p("label"), p("ruleset")
                )
                }
            }
            TableCode::MapSyntax => {
                if id {
                    format!("peta kolom tidak sah: {}", p("detail"))
                } else {
                    format!("the column map is not valid: {}", p("detail"))
                }
            }
            TableCode::MapFormat => {
                if id {
                    format!(
                        "format peta kolom \"{}\" tidak dikenal (seharusnya \"{}\")",
                        p("found"),
                        p("expected")
                    )
                } else {
                    format!(
                        "unknown column map format \"{}\" (expected \"{}\")",
                        p("found"),
                        p("expected")
                    )
                }
            }
            TableCode::MapCluster => {
                if id {
                    "\"cluster\" pada peta kolom harus berisi tepat satu dari \"column\" atau \"fixed\" (\"values\" hanya dengan \"column\")".to_owned()
                } else {
                    "\"cluster\" in the column map needs exactly one of \"column\" and \"fixed\" (\"values\" only with \"column\")".to_owned()
                }
            }
            TableCode::MapUnknownQuestion => {
                if id {
                    format!(
                        "peta kolom menyebut pertanyaan \"{}\" yang tidak ada di aturan mana pun",
                        p("question")
                    )
                } else {
                    format!(
                        "the column map names the question \"{}\", which no rule set has",
                        p("question")
                    )
                }
            }
            TableCode::MapUnknownColumn => {
                if id {
                    format!("peta kolom memberi pertanyaan \"{}\" kolom \"{}\", yang tidak ada di berkas", p("question"), p("column"))
                } else {
                    format!("the column map gives the question \"{}\" the column \"{}\", which is not in the file", p("question"), p("column"))
                }
            }
            TableCode::ClusterNotGiven => {
                if id {
                    format!(
                    "aturan {} memiliki beberapa klaster ({}): sebutkan klaster dengan --cluster ID atau kolomnya dengan --cluster-column KOLOM",
                    p("ruleset"), p("clusters")
                )
                } else {
                    format!(
                    "rule set {} has several clusters ({}): give the cluster with --cluster ID or its column with --cluster-column COLUMN",
                    p("ruleset"), p("clusters")
                )
                }
            }
            TableCode::ClusterColumnMissing => {
                if id {
                    format!("kolom klaster \"{}\" tidak ada di berkas", p("column"))
                } else {
                    format!("the cluster column \"{}\" is not in the file", p("column"))
                }
            }
            TableCode::UnknownCluster => {
                if id {
                    format!(
                        "aturan {} tidak memiliki klaster \"{}\" (klaster: {})",
                        p("ruleset"),
                        p("cluster"),
                        p("clusters")
                    )
                } else {
                    format!(
                        "rule set {} has no cluster \"{}\" (clusters: {})",
                        p("ruleset"),
                        p("cluster"),
                        p("clusters")
                    )
                }
            }
            TableCode::WeightColumnMissing => {
                if id {
                    format!("kolom bobot \"{}\" tidak ada di berkas", p("column"))
                } else {
                    format!("the weight column \"{}\" is not in the file", p("column"))
                }
            }
            TableCode::GroupColumnMissing => {
                if id {
                    format!(
                        "kolom pengelompokan \"{}\" tidak ada di berkas",
                        p("column")
                    )
                } else {
                    format!("the grouping column \"{}\" is not in the file", p("column"))
                }
            }
        }
    }
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for TableError {}

/// Why one household (row) cannot be assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowCode {
    /// The row has another number of fields than the header (`detail`: found / expected).
    FieldCount,
    /// A cell is not UTF-8 text.
    InvalidText,
    /// The cluster cell is empty.
    ClusterMissing,
    /// The cluster cell names no cluster of the rule set.
    ClusterUnknown,
    /// A cell is not a valid answer to its question (`detail`: why).
    InvalidAnswer,
    /// A required question is not answered.
    MissingAnswer,
    /// A number is outside the question's range.
    OutOfRange,
    /// A derived value divides by zero.
    DivisionByZero,
    /// A number is too large to compute with exactly.
    Overflow,
    /// The weight cell is not a number of zero or more.
    InvalidWeight,
    /// Any other reason the engine gives (`detail`).
    Other,
}

impl RowCode {
    /// Every code, in declaration order (the index is the code's packed form).
    pub(crate) const ALL: [RowCode; 11] = [
        RowCode::FieldCount,
        RowCode::InvalidText,
        RowCode::ClusterMissing,
        RowCode::ClusterUnknown,
        RowCode::InvalidAnswer,
        RowCode::MissingAnswer,
        RowCode::OutOfRange,
        RowCode::DivisionByZero,
        RowCode::Overflow,
        RowCode::InvalidWeight,
        RowCode::Other,
    ];

    /// The code as written in JSON and in output files (`invalid_answer`).
    pub fn as_str(self) -> &'static str {
        match self {
            RowCode::FieldCount => "field_count",
            RowCode::InvalidText => "invalid_text",
            RowCode::ClusterMissing => "cluster_missing",
            RowCode::ClusterUnknown => "cluster_unknown",
            RowCode::InvalidAnswer => "invalid_answer",
            RowCode::MissingAnswer => "missing_answer",
            RowCode::OutOfRange => "out_of_range",
            RowCode::DivisionByZero => "division_by_zero",
            RowCode::Overflow => "overflow",
            RowCode::InvalidWeight => "invalid_weight",
            RowCode::Other => "other",
        }
    }
}

impl fmt::Display for RowCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why one row cannot be assessed: its line, the reason, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// The line number ([`Row::line`]).
    pub line: u64,
    /// The reason.
    pub code: RowCode,
    /// The header of the column at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The question at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The cell text at fault (at most 60 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// More about the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

crate::pack::packed_enum!(RowCode, RowCode::ALL);
crate::pack::packed_enum!(TableCode, TableCode::ALL);
crate::pack::packed_struct!(TableError {
    code,
    line,
    column,
    params
});
crate::pack::packed_struct!(RowProblem {
    line,
    code,
    column,
    question,
    text,
    detail
});

impl RowProblem {
    /// A problem on `line` with nothing more said.
    pub fn new(line: u64, code: RowCode) -> RowProblem {
        RowProblem {
            line,
            code,
            column: None,
            question: None,
            text: None,
            detail: None,
        }
    }

    /// Names the column.
    pub fn with_column(mut self, column: &str) -> RowProblem {
        self.column = Some(column.to_owned());
        self
    }

    /// Names the question.
    pub fn with_question(mut self, question: &str) -> RowProblem {
        self.question = Some(question.to_owned());
        self
    }

    /// Quotes the cell text (shortened).
    pub fn with_text(mut self, text: &str) -> RowProblem {
        let mut t: String = text.chars().take(PROBLEM_TEXT_CHARS).collect();
        if t.len() < text.len() {
            t.push('…');
        }
        self.text = Some(t);
        self
    }

    /// Adds a detail.
    pub fn with_detail(mut self, detail: impl Into<String>) -> RowProblem {
        self.detail = Some(detail.into());
        self
    }

    /// A short form for an output cell: the code, the question (or column), and the text at fault.
    ///
    /// ```
    /// use timbang_engine::table::{RowCode, RowProblem};
    /// let p = RowProblem::new(7, RowCode::InvalidAnswer).with_question("luas_lantai").with_text("abc");
    /// assert_eq!(p.short(), "invalid_answer luas_lantai: abc");
    /// ```
    pub fn short(&self) -> String {
        let mut s = self.code.as_str().to_owned();
        if let Some(q) = self.question.as_ref().or(self.column.as_ref()) {
            s.push(' ');
            s.push_str(q);
        }
        if let Some(t) = self.text.as_ref().filter(|t| !t.is_empty()) {
            s.push_str(": ");
            s.push_str(t);
        }
        s
    }

    /// The reason as a sentence in `lang` (without the line: callers put it first).
    pub fn message(&self, lang: Lang) -> String {
        let col = self
            .column
            .as_deref()
            .or(self.question.as_deref())
            .unwrap_or("");
        let q = self.question.as_deref().unwrap_or(col);
        let text = self.text.as_deref().unwrap_or("");
        let detail = self.detail.as_deref().unwrap_or("");
        let id = lang == Lang::Id;
        match self.code {
            RowCode::FieldCount => {
                if id {
                    format!("jumlah kolom baris ini tidak sama dengan judul (ada / seharusnya: {detail}); mungkin ada pemisah tanpa tanda kutip")
                } else {
                    format!("the row has another number of fields than the header (found / expected: {detail}); perhaps an unquoted separator")
                }
            }
            RowCode::InvalidText => {
                if id {
                    format!("kolom \"{col}\" bukan teks UTF-8")
                } else {
                    format!("the column \"{col}\" is not UTF-8 text")
                }
            }
            RowCode::ClusterMissing => {
                if id {
                    format!("klaster kosong (kolom \"{col}\")")
                } else {
                    format!("the cluster is empty (column \"{col}\")")
                }
            }
            RowCode::ClusterUnknown => {
                if id {
                    format!("klaster \"{text}\" tidak dikenal (kolom \"{col}\")")
                } else {
                    format!("unknown cluster \"{text}\" (column \"{col}\")")
                }
            }
            RowCode::InvalidAnswer => {
                if id {
                    format!(
                        "jawaban \"{text}\" tidak sah untuk pertanyaan \"{q}\" (kolom \"{col}\"){}",
                        paren(detail)
                    )
                } else {
                    format!("\"{text}\" is not a valid answer to the question \"{q}\" (column \"{col}\"){}", paren(detail))
                }
            }
            RowCode::MissingAnswer => {
                if id {
                    format!("pertanyaan wajib \"{q}\" belum dijawab")
                } else {
                    format!("the required question \"{q}\" is not answered")
                }
            }
            RowCode::OutOfRange => {
                if id {
                    format!(
                        "jawaban \"{text}\" untuk \"{q}\" di luar rentang{}",
                        paren(detail)
                    )
                } else {
                    format!(
                        "the answer \"{text}\" to \"{q}\" is out of range{}",
                        paren(detail)
                    )
                }
            }
            RowCode::DivisionByZero => {
                if id {
                    format!("pembagian dengan nol saat menghitung \"{q}\"")
                } else {
                    format!("division by zero while computing \"{q}\"")
                }
            }
            RowCode::Overflow => {
                if id {
                    format!("angka terlalu besar untuk dihitung tepat (\"{q}\")")
                } else {
                    format!("a number too large to compute exactly (\"{q}\")")
                }
            }
            RowCode::InvalidWeight => {
                if id {
                    format!("bobot \"{text}\" (kolom \"{col}\") bukan angka nol atau lebih")
                } else {
                    format!(
                        "the weight \"{text}\" (column \"{col}\") is not a number of zero or more"
                    )
                }
            }
            RowCode::Other => {
                if id {
                    format!("tidak dapat dinilai{}", paren(detail))
                } else {
                    format!("cannot be assessed{}", paren(detail))
                }
            }
        }
    }
}

fn paren(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_in_its_list_in_declaration_order() {
        // Exhaustive: a new code does not compile here until it has a place, which must then be its
        // place in `ALL` (the packed form of an error or a problem is that index).
        let table = |c: TableCode| match c {
            TableCode::Io => 0,
            TableCode::Empty => 1,
            TableCode::DuplicateColumn => 2,
            TableCode::MissingColumn => 3,
            TableCode::MapSyntax => 4,
            TableCode::MapFormat => 5,
            TableCode::MapCluster => 6,
            TableCode::MapUnknownQuestion => 7,
            TableCode::MapUnknownColumn => 8,
            TableCode::ClusterNotGiven => 9,
            TableCode::ClusterColumnMissing => 10,
            TableCode::UnknownCluster => 11,
            TableCode::WeightColumnMissing => 12,
            TableCode::GroupColumnMissing => 13,
        };
        let row = |c: RowCode| match c {
            RowCode::FieldCount => 0,
            RowCode::InvalidText => 1,
            RowCode::ClusterMissing => 2,
            RowCode::ClusterUnknown => 3,
            RowCode::InvalidAnswer => 4,
            RowCode::MissingAnswer => 5,
            RowCode::OutOfRange => 6,
            RowCode::DivisionByZero => 7,
            RowCode::Overflow => 8,
            RowCode::InvalidWeight => 9,
            RowCode::Other => 10,
        };
        let tables: Vec<usize> = TableCode::ALL.into_iter().map(table).collect();
        let rows: Vec<usize> = RowCode::ALL.into_iter().map(row).collect();
        assert_eq!(tables, (0..14).collect::<Vec<_>>());
        assert_eq!(rows, (0..11).collect::<Vec<_>>());
    }

    #[test]
    fn every_message_has_both_languages() {
        for code in TableCode::ALL {
            let e = TableError::new(code);
            assert_ne!(e.message(Lang::Id), e.message(Lang::En), "{code:?}");
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
        for code in RowCode::ALL {
            let p = RowProblem::new(3, code);
            assert_ne!(p.message(Lang::Id), p.message(Lang::En), "{code:?}");
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn problem_text_is_shortened() {
        let long = "x".repeat(500);
        let p = RowProblem::new(1, RowCode::InvalidAnswer).with_text(&long);
        assert_eq!(p.text.unwrap().chars().count(), PROBLEM_TEXT_CHARS + 1);
    }
}
