//! Diagnostics: every problem found in a rule set, as a typed code with a JSON path, a position in the
//! file when known, and the parameters its message needs.
//!
//! A [`Diagnostic`] carries no prose of its own: [`Diagnostic::message`] writes the sentence in
//! Indonesian or English from the code and the parameters, so the app, the CLI and the JSON output all
//! say the same thing in either language.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::messages;
use crate::text::Lang;

/// How bad a problem is. Errors block a load; warnings never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The rule set cannot be used.
    Error,
    /// The rule set works, but something in it is probably not what its author meant.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident; )*) => {
        /// What is wrong, as a stable identifier (serialised in `snake_case`, e.g. `"weights_not_one"`).
        ///
        /// The parameters each code's message uses are listed with it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in declaration order (for tests and documentation).
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The identifier used in JSON and in messages, e.g. `weights_not_one`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The severity a problem of this kind has.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }
        }
    };
}

codes! {
    // --- Reading the file -------------------------------------------------------------------------
    /// The text is not JSON. Params: `detail`.
    JsonSyntax = "json_syntax", Error;
    /// There is no `format` field. Params: `supported`.
    MissingFormat = "missing_format", Error;
    /// The `format` field names another format or version. Params: `found`, `supported`.
    UnsupportedFormat = "unsupported_format", Error;
    /// A field the format does not know. Params: `field`, `expected` (the known fields), `detail`.
    UnknownField = "unknown_field", Error;
    /// A field the format requires is absent. Params: `field`, `detail`.
    MissingField = "missing_field", Error;
    /// A field appears twice in one object. Params: `field`, `detail`.
    DuplicateField = "duplicate_field", Error;
    /// A value of the wrong JSON type. Params: `found`, `expected`, `detail`.
    WrongType = "wrong_type", Error;
    /// A keyword the format does not know (method, operator, status, type). Params: `found`,
    /// `expected`, `detail`.
    UnknownVariant = "unknown_variant", Error;
    /// A text that should hold a number does not. Params: `detail`.
    InvalidNumber = "invalid_number", Error;
    /// Any other value the format cannot read. Params: `detail`.
    InvalidField = "invalid_field", Error;

    // --- Identifiers and references ----------------------------------------------------------------
    /// An id that is not lower-case letters, digits and `_` starting with a letter (or is reserved).
    /// Params: `id`, `kind`, and `reason` = `syntax` | `reserved`.
    InvalidId = "invalid_id", Error;
    /// Two things of one kind share an id. Params: `id`, `kind`, `first` (path of the first).
    DuplicateId = "duplicate_id", Error;
    /// An id that names nothing of the kind expected. Params: `id`, `kind` (what it should name).
    UnknownReference = "unknown_reference", Error;
    /// An option id that the choice question does not have. Params: `option`, `question`.
    UnknownOption = "unknown_option", Error;

    // --- Derived values ---------------------------------------------------------------------------
    /// A derived value's expression cannot be read. Params: `id`, `expr`, `column`, `reason`.
    ExprSyntax = "expr_syntax", Error;
    /// Derived values that depend on themselves. Params: `id`, `cycle` (e.g. `a → b → a`).
    DerivedCycle = "derived_cycle", Error;

    // --- Types ------------------------------------------------------------------------------------
    /// A condition or expression that does not fit the type of what it is on. Params: `on`,
    /// `on_type` (`yes_no` | `number` | `choice` | `derived`), `op`, `expected` (`number` | `yes_no` |
    /// `option`), and `value` when a literal is at fault.
    TypeMismatch = "type_mismatch", Error;
    /// A field that only fits another question type (e.g. `options` on a number). Params: `field`,
    /// `type`.
    FieldNotAllowed = "field_not_allowed", Error;
    /// A choice question with fewer than two options. Params: `question`, `count`.
    TooFewOptions = "too_few_options", Error;
    /// A lower end above the upper end. Params: `min`, `max`.
    MinGreaterThanMax = "min_greater_than_max", Error;
    /// A number outside the range it must lie in. Params: `value`, `min`, `max`.
    OutOfRange = "out_of_range", Error;
    /// A test household's answer that does not fit its question. Params: `question`, `value`,
    /// `expected`.
    InvalidAnswer = "invalid_answer", Error;

    // --- Method ------------------------------------------------------------------------------------
    /// An indicator that applies in a cluster has no condition (`count`/`weighted`). Params:
    /// `indicator`, `cluster`.
    MissingCondition = "missing_condition", Error;
    /// An indicator that applies in a cluster has no points cases (`points`). Params: `indicator`,
    /// `cluster`.
    MissingPoints = "missing_points", Error;
    /// An indicator in a cluster has no weight under `weighted`. Params: `indicator`, `cluster`.
    MissingWeight = "missing_weight", Error;
    /// A weight that is not above 0 and at most 1. Params: `indicator`, `cluster`, `value`.
    InvalidWeight = "invalid_weight", Error;
    /// The weights of a cluster do not add up to exactly 1. Params: `cluster`, `sum`.
    WeightsNotOne = "weights_not_one", Error;
    /// A field the rule set's method does not use; it is ignored. Params: `field`, `method`.
    IgnoredField = "ignored_field", Warning;
    /// A list that must not be empty is. Params: `field`.
    EmptyList = "empty_list", Error;

    // --- Metadata ----------------------------------------------------------------------------------
    /// A colour that is not `#rrggbb`. Params: `value`.
    InvalidColour = "invalid_colour", Error;
    /// A date that is not a real `YYYY-MM-DD` date. Params: `value`.
    InvalidDate = "invalid_date", Error;
    /// A text with one of its two languages empty. Params: `missing` (`id` | `en`).
    MissingTranslation = "missing_translation", Warning;

    // --- Bands -------------------------------------------------------------------------------------
    /// A class whose band holds no score at all. Params: `class`.
    EmptyBand = "empty_band", Error;
    /// Scores a cluster can reach that no class covers. Params: `cluster`, `from`, `to`, `interval`.
    BandGap = "band_gap", Error;
    /// Two classes whose bands share scores. Params: `class`, `other`, `from`, `to`.
    BandOverlap = "band_overlap", Error;
    /// A class no household in any cluster can reach. Params: `class`.
    UnreachableClass = "unreachable_class", Warning;
    /// Classes not listed from the most severe to the least. Params: `class`, `previous`, `method`.
    ClassOrder = "class_order", Warning;
    /// Two rows of a likelihood table share scores. Params: `row`, `other`.
    LikelihoodOverlap = "likelihood_overlap", Error;

    // --- Usage -------------------------------------------------------------------------------------
    /// A question no indicator or derived value uses. Params: `id`.
    UnusedQuestion = "unused_question", Warning;
    /// An indicator no cluster uses. Params: `id`.
    UnusedIndicator = "unused_indicator", Warning;
    /// A derived value no indicator or derived value uses. Params: `id`.
    UnusedDerived = "unused_derived", Warning;

    // --- Running ------------------------------------------------------------------------------------
    /// A test household did not get its expected class. Params: `name`, `cluster`, `expected`,
    /// `actual` (a class id or `-`), and `detail` when it could not be assessed.
    TestHouseholdFailed = "test_household_failed", Error;
    /// Numbers too large to compute with exactly. Params: `detail`.
    Overflow = "overflow", Error;
    /// A rule set that passed validation but could not be prepared for evaluation: a bug in Timbang.
    /// Params: `detail`.
    Internal = "internal", Error;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in a rule set.
///
/// ```
/// use timbang_engine::diagnostic::{Code, Diagnostic, Severity};
/// use timbang_engine::Lang;
/// let d = Diagnostic::new(Code::WeightsNotOne, "$.clusters[0]")
///     .with("cluster", "pesisir")
///     .with("sum", "17/18");
/// assert_eq!(d.severity, Severity::Error);
/// assert!(d.message(Lang::En).contains("17/18"));
/// assert!(d.message(Lang::Id).contains("pesisir"));
/// let json = serde_json::to_string(&d).unwrap();
/// assert!(json.contains("\"code\":\"weights_not_one\""));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub code: Code,
    /// Where, as a JSON path such as `$.clusters[0].indicators[2].weight` (`$` is the whole file).
    pub path: String,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters) in the file, when known.
    pub column: Option<usize>,
    /// The values the message names (ids, numbers, expected and actual values).
    pub params: BTreeMap<String, String>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity, at `path`, without position or parameters.
    pub fn new(code: Code, path: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: code.severity(),
            code,
            path: path.into(),
            line: None,
            column: None,
            params: BTreeMap::new(),
        }
    }

    /// Adds a parameter.
    pub fn with(mut self, key: &str, value: impl fmt::Display) -> Diagnostic {
        self.params.insert(key.to_owned(), value.to_string());
        self
    }

    /// Sets the position in the file.
    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Whether this blocks a load.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A parameter, or `""` when absent.
    pub fn param(&self, key: &str) -> &str {
        self.params.get(key).map(String::as_str).unwrap_or("")
    }

    /// The problem as a full sentence in `lang`, naming the ids and values involved.
    pub fn message(&self, lang: Lang) -> String {
        messages::message(self, lang)
    }
}

impl fmt::Display for Diagnostic {
    /// `error[weights_not_one] $.clusters[0] (line 12, column 7): The weights …` — English, for logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] {}", self.severity.as_str(), self.code, self.path)?;
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, " (line {l}, column {c})")?,
            (Some(l), None) => write!(f, " (line {l})")?,
            _ => {}
        }
        write!(f, ": {}", self.message(Lang::En))
    }
}

/// Whether any of `diagnostics` is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Appends `.field` to a JSON path, or `["field"]` when the field is not a plain identifier.
///
/// ```
/// use timbang_engine::diagnostic::field_path;
/// assert_eq!(field_path("$.tests[0].answers", "luas"), "$.tests[0].answers.luas");
/// assert_eq!(field_path("$.tests[0].answers", "a b"), "$.tests[0].answers[\"a b\"]");
/// ```
pub fn field_path(base: &str, field: &str) -> String {
    let plain = field
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && field
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        format!("{base}.{field}")
    } else {
        let quoted = serde_json::to_string(field).unwrap_or_default();
        format!("{base}[{quoted}]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_names() {
        for &code in Code::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: Code = serde_json::from_str(&json).unwrap();
            assert_eq!(back, code);
        }
    }

    #[test]
    fn display_is_english_with_position() {
        let d = Diagnostic::new(
            Code::UnknownReference,
            "$.clusters[0].indicators[1].indicator",
        )
        .with("id", "lantai")
        .with("kind", "indicator")
        .at(12, 7);
        let s = d.to_string();
        assert!(s.starts_with(
            "error[unknown_reference] $.clusters[0].indicators[1].indicator (line 12, column 7): "
        ));
        assert!(s.contains("lantai"), "{s}");
    }

    #[test]
    fn diagnostic_json_round_trip() {
        let d = Diagnostic::new(Code::UnusedQuestion, "$.questions[3]").with("id", "x");
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains("\"severity\":\"warning\""), "{json}");
        let back: Diagnostic = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
    }
}
