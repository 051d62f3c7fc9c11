//! Evaluating households: [`Engine::classify_row`], the allocation-free hot path for household files,
//! and [`Engine::assess`], one household with the whole explanation ([`Assessment`]).
//!
//! Both give the same class for the same answers: `assess` types the answers, then explains what
//! `classify_row` computes (the property is tested).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::answers::{type_answer, Input};
use crate::compile::{
    contribution, derived_value, CCluster, CIndicator, Engine, HotKind, Source, UnitBand,
};
use crate::expr::ArithError;
use crate::model::{Bound, LikelihoodRow, Method, QuestionType, Value};
use crate::num::Num;
use crate::text::{Lang, Text};
use crate::whatif::{self, WhatIf};

/// How many distinct partial sums [`Assessment::possible_classes`] tracks exactly before it falls back
/// to the score range.
const MAX_EXACT_SUMS: usize = 4096;

/// A household classed by [`Engine::classify_row`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classified {
    /// The class's index in the rule set's class list (most severe first).
    pub class: u16,
    /// The exact score.
    pub score: Num,
    /// Bit `i` is set when the cluster's indicator `i` is met (count/weighted) or one of its points
    /// cases matched (points); see [`Engine::indicator_for_bit`] and [`Engine::weight_for_bit`].
    pub met: u64,
}

impl Classified {
    /// Whether the cluster's indicator `bit` is met.
    pub fn is_met(&self, bit: usize) -> bool {
        bit < 64 && self.met & (1u64 << bit) != 0
    }
}

/// Why a household could not be classed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnassessableReason {
    /// No cluster with that index or id.
    UnknownCluster,
    /// A required question is not answered.
    Missing,
    /// An answer of the wrong type for its question (e.g. a number for a yes/no question).
    WrongType,
    /// A derived value divides by zero.
    DivisionByZero,
    /// A number too large to compute with exactly.
    Overflow,
    /// The score falls in no class's band (a rule set with a gap; validation prevents it).
    NoClass,
}

impl UnassessableReason {
    /// The snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            UnassessableReason::UnknownCluster => "unknown_cluster",
            UnassessableReason::Missing => "missing",
            UnassessableReason::WrongType => "wrong_type",
            UnassessableReason::DivisionByZero => "division_by_zero",
            UnassessableReason::Overflow => "overflow",
            UnassessableReason::NoClass => "no_class",
        }
    }
}

impl fmt::Display for UnassessableReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A household [`Engine::classify_row`] could not class, with the question or derived value at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unassessable {
    /// Why.
    pub reason: UnassessableReason,
    /// The index of the question at fault (missing or wrong type).
    pub question: Option<usize>,
    /// The index of the derived value at fault (division by zero, overflow).
    pub derived: Option<usize>,
}

impl Unassessable {
    /// Derived value `derived` could not be computed for this household.
    fn arithmetic(e: ArithError, derived: usize) -> Unassessable {
        Unassessable {
            reason: match e {
                ArithError::DivisionByZero => UnassessableReason::DivisionByZero,
                ArithError::Overflow => UnassessableReason::Overflow,
            },
            question: None,
            derived: Some(derived),
        }
    }

    fn new(reason: UnassessableReason) -> Unassessable {
        Unassessable {
            reason,
            question: None,
            derived: None,
        }
    }

    /// The reason's code, e.g. `missing`.
    pub fn code(&self) -> &'static str {
        self.reason.as_str()
    }

    /// The id of the question or derived value at fault.
    pub fn subject<'e>(&self, engine: &'e Engine) -> Option<&'e str> {
        if let Some(q) = self.question {
            return engine.rules.questions.get(q).map(|q| q.id.as_str());
        }
        self.derived
            .and_then(|d| engine.rules.derived.get(d))
            .map(|d| d.id.as_str())
    }

    /// The problem as a sentence in Indonesian and English.
    pub fn text(&self, engine: &Engine) -> Text {
        let s = self.subject(engine).unwrap_or("?");
        match self.reason {
            UnassessableReason::UnknownCluster => {
                Text::new("Klaster tidak dikenal.", "Unknown cluster.")
            }
            UnassessableReason::Missing => Text::new(
                format!("Pertanyaan wajib '{s}' belum dijawab."),
                format!("The required question '{s}' is not answered."),
            ),
            UnassessableReason::WrongType => Text::new(
                format!("Jawaban untuk '{s}' bukan jenis yang diharapkan."),
                format!("The answer to '{s}' is not of the expected type."),
            ),
            UnassessableReason::DivisionByZero => Text::new(
                format!("Nilai turunan '{s}' membagi dengan nol."),
                format!("The derived value '{s}' divides by zero."),
            ),
            UnassessableReason::Overflow => Text::new(
                format!("Angka untuk '{s}' terlalu besar untuk dihitung tepat."),
                format!("The numbers for '{s}' are too large to compute exactly."),
            ),
            UnassessableReason::NoClass => Text::new(
                "Skor tidak masuk kelas mana pun.",
                "The score falls in no class.",
            ),
        }
    }

    /// The problem in one language.
    pub fn message(&self, engine: &Engine, lang: Lang) -> String {
        self.text(engine).get(lang).to_owned()
    }
}

/// [`Engine::assess`] was asked about a cluster the rule set does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AssessError {
    /// No cluster with this id.
    UnknownCluster {
        /// The id asked for.
        cluster: String,
        /// The ids there are.
        known: Vec<String>,
    },
}

impl AssessError {
    /// The problem in Indonesian and English.
    pub fn text(&self) -> Text {
        match self {
            AssessError::UnknownCluster { cluster, known } => Text::new(
                format!(
                    "Klaster '{cluster}' tidak ada; yang ada: {}.",
                    known.join(", ")
                ),
                format!(
                    "There is no cluster '{cluster}'; there are: {}.",
                    known.join(", ")
                ),
            ),
        }
    }

    /// The problem in one language.
    pub fn message(&self, lang: Lang) -> String {
        self.text().get(lang).to_owned()
    }
}

impl fmt::Display for AssessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().get(Lang::En))
    }
}

impl std::error::Error for AssessError {}

/// The explained result for one household in one cluster.
///
/// Scores and weights are exact [`Num`]s: in JSON a number when exact as a decimal (`0.5`, `9`),
/// otherwise a fraction string (`"1/3"`).
///
/// ```
/// # use timbang_engine::{Engine, RuleSet, Value, Num};
/// # use std::collections::BTreeMap;
/// # let rules: RuleSet = serde_json::from_str(r##"{
/// #   "format": "timbang.ruleset/1", "id": "demo", "name": {"id": "Demo", "en": "Demo"},
/// #   "version": "1", "date": "2024-01-01", "status": "draft",
/// #   "description": {"id": "Contoh", "en": "Example"}, "method": "count",
/// #   "clusters": [{"id": "semua", "label": {"id": "Semua", "en": "All"},
/// #                 "indicators": [{"indicator": "tanpa_listrik"}]}],
/// #   "questions": [{"id": "listrik", "label": {"id": "Ada listrik?", "en": "Electricity?"}, "type": "yes_no"}],
/// #   "indicators": [{"id": "tanpa_listrik", "label": {"id": "Tanpa listrik", "en": "No electricity"},
/// #                   "on": "listrik", "condition": {"op": "=", "value": false}}],
/// #   "classes": [
/// #     {"id": "miskin", "label": {"id": "Miskin", "en": "Poor"}, "colour": "#aa0000",
/// #      "from": {"value": 1, "inclusive": true}},
/// #     {"id": "tidak_miskin", "label": {"id": "Tidak miskin", "en": "Not poor"}, "colour": "#00aa00",
/// #      "to": {"value": 1, "inclusive": false}}]
/// # }"##).unwrap();
/// let engine = Engine::new(rules).unwrap();
/// let none = engine.assess("semua", &BTreeMap::new()).unwrap();
/// assert_eq!(none.class, None);
/// assert_eq!(none.possible_classes, vec!["miskin", "tidak_miskin"]);
/// let answers = BTreeMap::from([("listrik".to_string(), Value::Bool(false))]);
/// let a = engine.assess("semua", &answers).unwrap();
/// assert_eq!(a.class.as_deref(), Some("miskin"));
/// assert_eq!(a.score, Some(Num::int(1)));
/// let flip = &a.what_if.as_ref().unwrap().changes[0];
/// assert_eq!((flip.question.as_str(), &flip.value, flip.class.as_str()),
///            ("listrik", &Value::Bool(true), "tidak_miskin"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The rule set's id.
    pub rule_set: String,
    /// The rule set's method.
    pub method: Method,
    /// The cluster's id.
    pub cluster: String,
    /// The class's id; `None` while a required question is unanswered, an answer is invalid, or a
    /// derived value cannot be computed (see `problems`).
    pub class: Option<String>,
    /// The exact score, when every indicator is determined.
    pub score: Option<Num>,
    /// The lowest and highest score still possible given the unanswered (and invalid) answers; equal
    /// to the score when there are none.
    pub score_range: ScoreRange,
    /// Whether only whole scores exist in this cluster.
    pub integer_scores: bool,
    /// Every class's band, most severe first.
    pub bands: Vec<BandInfo>,
    /// Every indicator that applies in the cluster, in the cluster's order.
    pub indicators: Vec<IndicatorResult>,
    /// The derived values the cluster uses, in dependency order.
    pub derived: Vec<DerivedResult>,
    /// The questions the cluster uses that have no (valid) answer, in rule-set order.
    pub unanswered: Vec<Unanswered>,
    /// The classes the household can still end in given the unanswered questions (all of them when
    /// it is complete but optional questions are open), most severe first.
    pub possible_classes: Vec<String>,
    /// For points rule sets: the row of each likelihood table the score falls in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub likelihood: Vec<LikelihoodResult>,
    /// What would change the class; only when the household has a class.
    pub what_if: Option<WhatIf>,
    /// Answers that do not fit their question, derived values that cannot be computed, answers to
    /// questions the rule set does not have.
    pub problems: Vec<Problem>,
}

/// A score range, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScoreRange {
    /// Lowest possible score.
    pub lo: Num,
    /// Highest possible score.
    pub hi: Num,
}

/// A class's band, as seen from one household.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandInfo {
    /// The class's id.
    pub class: String,
    /// Its name.
    pub label: Text,
    /// Its colour, `#rrggbb`.
    pub colour: String,
    /// The lower end of its band.
    pub from: Option<Bound>,
    /// The upper end of its band.
    pub to: Option<Bound>,
    /// Whether the household is in it.
    pub current: bool,
    /// Whether the household can still end in it given the unanswered questions.
    pub possible: bool,
    /// Whether any household in this cluster can reach it.
    pub reachable: bool,
}

/// One indicator's part in the result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorResult {
    /// The indicator's id.
    pub id: String,
    /// Its name.
    pub label: Text,
    /// Its group heading, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<Text>,
    /// The question or derived value it looks at.
    pub on: String,
    /// The value seen: the answer, or the derived value; `None` when unanswered or not computable.
    pub value: Option<Value>,
    /// Whether it is met (count/weighted) or a points case matched (points); `None` while undetermined.
    /// An unanswered optional question counts as not met.
    pub met: Option<bool>,
    /// Its weight (1 under count); `None` under points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Num>,
    /// Under points: the points it gives (0 when no case matches); `None` while undetermined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Num>,
    /// Under points: the index of the matching case in its points list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<usize>,
    /// What it adds to the score (weight when met, else 0; or its points); `None` while undetermined.
    pub contribution: Option<Num>,
    /// Its contribution as an exact fraction of the score; `None` when the score is unknown or 0.
    pub share: Option<Num>,
}

/// A derived value of the household.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DerivedResult {
    /// The derived value's id.
    pub id: String,
    /// Its name.
    pub label: Text,
    /// Its value, when computable.
    pub value: Option<Num>,
    /// Why there is no value: `unanswered`, `invalid_answer`, `division_by_zero` or `overflow`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
}

/// A question of the cluster without a valid answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unanswered {
    /// The question's id.
    pub question: String,
    /// Whether it must be answered before the household has a class.
    pub required: bool,
    /// Whether an answer was given but is invalid (see `problems`).
    pub invalid: bool,
}

/// The likelihood-table row a points score falls in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LikelihoodResult {
    /// The table's poverty line.
    pub label: Text,
    /// The row holding the score; `None` when the score is unknown or in no row.
    pub row: Option<LikelihoodRow>,
}

/// What kind of problem an assessment has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// See [`crate::answers::AnswerErrorCode::NotYesNo`].
    NotYesNo,
    /// Not a number.
    NotANumber,
    /// Not a whole number.
    NotInteger,
    /// Below the question's minimum.
    BelowMin,
    /// Above the question's maximum.
    AboveMax,
    /// None of the options.
    UnknownOption,
    /// Too many digits.
    TooLarge,
    /// A derived value divides by zero.
    DivisionByZero,
    /// A computation too large to do exactly.
    Overflow,
    /// An answer to a question the rule set does not have (ignored).
    UnknownQuestion,
    /// The score is in no band (a rule set with a gap).
    NoClass,
}

impl From<crate::answers::AnswerErrorCode> for ProblemCode {
    fn from(c: crate::answers::AnswerErrorCode) -> ProblemCode {
        use crate::answers::AnswerErrorCode as A;
        match c {
            A::NotYesNo => ProblemCode::NotYesNo,
            A::NotANumber => ProblemCode::NotANumber,
            A::NotInteger => ProblemCode::NotInteger,
            A::BelowMin => ProblemCode::BelowMin,
            A::AboveMax => ProblemCode::AboveMax,
            A::UnknownOption => ProblemCode::UnknownOption,
            A::TooLarge => ProblemCode::TooLarge,
        }
    }
}

/// A problem with a household's answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// What is wrong.
    pub code: ProblemCode,
    /// The question concerned (the answer's question; for a derived value, the first question it reads
    /// that is zero or too large is not known, so see `derived`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The derived value concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
    /// The questions the derived value reads.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<String>,
    /// The answer as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The bound crossed (`below_min`, `above_max`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<Num>,
    /// Whether it keeps the household from having a class.
    pub blocking: bool,
    /// The problem in Indonesian and English.
    pub message: Text,
}

/// The state of a question's answer during an assessment.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ans {
    None,
    Given(Input),
    Invalid,
}

/// The state of a derived value during an assessment.
#[derive(Debug, Clone, Copy, PartialEq)]
enum DState {
    Value(Num),
    /// Reads an unanswered question; `true` when a required one.
    Open(bool),
    Invalid,
    Error(ArithError),
}

impl Engine {
    /// Classes one household from typed answers, indexed by question (`row[q]` answers
    /// `rules().questions[q]`; a short row is padded with unanswered). The hot path of `timbang
    /// classify`: no allocation, no string look-up.
    ///
    /// The answers must come from [`crate::answers::parse_cell`] or [`crate::answers::type_answer`],
    /// which check ranges; here only their types are checked.
    pub fn classify_row(
        &self,
        cluster: usize,
        row: &[Option<Input>],
    ) -> Result<Classified, Unassessable> {
        let Some(c) = self.clusters.get(cluster) else {
            return Err(Unassessable::new(UnassessableReason::UnknownCluster));
        };
        // One pass over the indicators; on anything unusual (an unanswered or mistyped answer, a
        // derived value that fails), `row_problem` scans the questions in rule-set order so that the
        // question reported does not depend on the order of the indicators.
        let method = self.rules.method;
        let mut units: i128 = 0;
        let mut met: u64 = 0;
        if !c.hot.is_empty() {
            for (bit, (h, ind)) in c.hot.iter().zip(&c.indicators).enumerate() {
                let hit = match &h.kind {
                    HotKind::Bool { q, want, required } => match row.get(*q) {
                        Some(Some(Input::Bool(b))) => b == want,
                        Some(Some(_)) => return Err(self.row_problem(c, row)),
                        _ if *required => return Err(self.row_problem(c, row)),
                        _ => false,
                    },
                    HotKind::Mask {
                        q,
                        mask,
                        options,
                        required,
                    } => match row.get(*q) {
                        Some(Some(Input::Choice(i))) if i < options => (mask >> i) & 1 != 0,
                        Some(Some(_)) => return Err(self.row_problem(c, row)),
                        _ if *required => return Err(self.row_problem(c, row)),
                        _ => false,
                    },
                    HotKind::Num { q, test, required } => match row.get(*q) {
                        Some(Some(v @ Input::Num(_))) => test.holds(v),
                        Some(Some(_)) => return Err(self.row_problem(c, row)),
                        _ if *required => return Err(self.row_problem(c, row)),
                        _ => false,
                    },
                    HotKind::General => self.general_hit(c, ind, row)?,
                };
                if hit {
                    met |= 1u64 << (bit & 63);
                    // Cannot overflow: the total of a cluster's weights is checked when compiling.
                    units = units.wrapping_add(h.units);
                }
            }
            return self.classified(c, units, met);
        }
        for (bit, ind) in c.indicators.iter().enumerate() {
            let derived_num;
            let v: &Input = match ind.source {
                Source::Question(q) => match row.get(q) {
                    Some(Some(v)) => {
                        let typed = match (ind.kind, v) {
                            (QuestionType::YesNo, Input::Bool(_))
                            | (QuestionType::Number, Input::Num(_)) => true,
                            (QuestionType::Choice, Input::Choice(i)) => {
                                usize::from(*i) < ind.options
                            }
                            _ => false,
                        };
                        if !typed {
                            return Err(self.row_problem(c, row));
                        }
                        v
                    }
                    _ => {
                        if ind.required {
                            return Err(self.row_problem(c, row));
                        }
                        continue;
                    }
                },
                Source::Derived(d) => match derived_value(self, d, row) {
                    Ok(Some(n)) => {
                        derived_num = Input::Num(n);
                        &derived_num
                    }
                    Ok(None) => {
                        // A required or mistyped input is an error; an optional one unanswered is not met.
                        let p = self.row_problem(c, row);
                        if p.reason != UnassessableReason::NoClass {
                            return Err(p);
                        }
                        continue;
                    }
                    Err(e) => {
                        let p = self.row_problem(c, row);
                        if p.reason != UnassessableReason::NoClass {
                            return Err(p);
                        }
                        return Err(Unassessable::arithmetic(e, d));
                    }
                },
            };
            let (u, hit) = contribution(method, ind.test.as_ref(), ind.units, &ind.cases, v);
            if hit.is_some() {
                met |= 1u64 << (bit & 63);
                units = units
                    .checked_add(u)
                    .ok_or(Unassessable::new(UnassessableReason::Overflow))?;
            }
        }
        self.classified(c, units, met)
    }

    /// The class and exact score of a total in score units.
    #[inline]
    pub(crate) fn classified(
        &self,
        c: &CCluster,
        units: i128,
        met: u64,
    ) -> Result<Classified, Unassessable> {
        let class = band_of(c, units)?;
        let score = if c.scale == 1 {
            i64::try_from(units).ok().map(Num::int)
        } else {
            Num::ratio(units, c.scale)
        }
        .ok_or(Unassessable::new(UnassessableReason::Overflow))?;
        Ok(Classified { class, score, met })
    }

    /// Whether a count/weighted indicator is met, by the general evaluation (derived values).
    fn general_hit(
        &self,
        c: &CCluster,
        ind: &CIndicator,
        row: &[Option<Input>],
    ) -> Result<bool, Unassessable> {
        let v = match ind.source {
            Source::Question(q) => match row.get(q) {
                Some(Some(v)) => {
                    let typed = match (ind.kind, v) {
                        (QuestionType::YesNo, Input::Bool(_))
                        | (QuestionType::Number, Input::Num(_)) => true,
                        (QuestionType::Choice, Input::Choice(i)) => usize::from(*i) < ind.options,
                        _ => false,
                    };
                    if !typed {
                        return Err(self.row_problem(c, row));
                    }
                    *v
                }
                _ if ind.required => return Err(self.row_problem(c, row)),
                _ => return Ok(false),
            },
            Source::Derived(d) => match derived_value(self, d, row) {
                Ok(Some(n)) => Input::Num(n),
                Ok(None) => {
                    let p = self.row_problem(c, row);
                    if p.reason != UnassessableReason::NoClass {
                        return Err(p);
                    }
                    return Ok(false);
                }
                Err(e) => {
                    let p = self.row_problem(c, row);
                    if p.reason != UnassessableReason::NoClass {
                        return Err(p);
                    }
                    return Err(Unassessable::arithmetic(e, d));
                }
            },
        };
        Ok(ind.test.as_ref().is_some_and(|t| t.holds(&v)))
    }

    /// The first unanswered required or mistyped answer among the questions a cluster uses, in
    /// rule-set order; `NoClass` (as "none found") when there is none.
    #[cold]
    fn row_problem(&self, c: &CCluster, row: &[Option<Input>]) -> Unassessable {
        for &q in &c.questions {
            let Some(info) = self.questions.get(q) else {
                continue;
            };
            let reason = match row.get(q) {
                None | Some(None) if info.required => UnassessableReason::Missing,
                None | Some(None) => continue,
                Some(Some(v)) => match (info.kind, v) {
                    (QuestionType::YesNo, Input::Bool(_))
                    | (QuestionType::Number, Input::Num(_)) => continue,
                    (QuestionType::Choice, Input::Choice(i)) if usize::from(*i) < info.options => {
                        continue
                    }
                    _ => UnassessableReason::WrongType,
                },
            };
            return Unassessable {
                reason,
                question: Some(q),
                derived: None,
            };
        }
        Unassessable::new(UnassessableReason::NoClass)
    }

    /// Assesses one household in one cluster, with the whole explanation. Answers are by question id;
    /// texts are read like household-file cells (`"ya"`, `"Rp 600.000"`, an option label).
    ///
    /// Fails only for an unknown cluster: problems with the answers are reported inside the
    /// [`Assessment`].
    pub fn assess(
        &self,
        cluster: &str,
        answers: &BTreeMap<String, Value>,
    ) -> Result<Assessment, AssessError> {
        let unknown = || AssessError::UnknownCluster {
            cluster: cluster.to_owned(),
            known: self.cluster_ids().map(str::to_owned).collect(),
        };
        let ci = self.cluster_index(cluster).ok_or_else(unknown)?;
        let c = self.clusters.get(ci).ok_or_else(unknown)?;
        let rules = &self.rules;
        let method = rules.method;
        let nq = rules.questions.len();

        // 1. Type the answers of the questions this cluster uses.
        let mut ans: Vec<Ans> = vec![Ans::None; nq];
        let mut problems: Vec<(usize, Problem)> = Vec::new();
        let mut unknown_answers: Vec<Problem> = Vec::new();
        for (id, value) in answers {
            let Some(q) = self.question_index(id) else {
                unknown_answers.push(Problem {
                    code: ProblemCode::UnknownQuestion,
                    question: Some(id.clone()),
                    derived: None,
                    inputs: Vec::new(),
                    text: Some(value.to_string()),
                    limit: None,
                    blocking: false,
                    message: Text::new(
                        format!("Tidak ada pertanyaan '{id}'; jawabannya diabaikan."),
                        format!("There is no question '{id}'; its answer is ignored."),
                    ),
                });
                continue;
            };
            if c.questions.binary_search(&q).is_err() {
                continue;
            }
            let Some(question) = rules.questions.get(q) else {
                continue;
            };
            match type_answer(question, value) {
                Ok(Some(input)) => {
                    if let Some(a) = ans.get_mut(q) {
                        *a = Ans::Given(input);
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    if let Some(a) = ans.get_mut(q) {
                        *a = Ans::Invalid;
                    }
                    problems.push((
                        q,
                        Problem {
                            code: e.code.into(),
                            question: Some(e.question.clone()),
                            derived: None,
                            inputs: Vec::new(),
                            text: Some(e.text.clone()),
                            limit: e.limit,
                            blocking: true,
                            message: e.text_both(),
                        },
                    ));
                }
            }
        }
        let row: Vec<Option<Input>> = ans
            .iter()
            .map(|a| match a {
                Ans::Given(v) => Some(*v),
                _ => None,
            })
            .collect();

        // 2. Derived values, dependencies first.
        let mut dstate: Vec<Option<DState>> = vec![None; rules.derived.len()];
        let mut derived_out: Vec<DerivedResult> = Vec::with_capacity(c.derived.len());
        for &d in &c.derived {
            let Some(info) = self.derived.get(d) else {
                continue;
            };
            let qstate = |q: usize| ans.get(q).copied().unwrap_or(Ans::None);
            let required = |q: usize| self.questions.get(q).is_some_and(|i| i.required);
            let st = if info.questions.iter().any(|&q| qstate(q) == Ans::Invalid) {
                DState::Invalid
            } else if info
                .questions
                .iter()
                .any(|&q| qstate(q) == Ans::None && required(q))
            {
                DState::Open(true)
            } else if info.questions.iter().any(|&q| qstate(q) == Ans::None) {
                DState::Open(false)
            } else {
                let r: Result<Num, ArithError> = info.expr.eval(&|slot: u32| {
                    let s = slot as usize;
                    if s < nq {
                        match row.get(s) {
                            Some(Some(Input::Num(n))) => Ok(*n),
                            // Unreachable: every question read is answered with a number.
                            _ => Err(ArithError::Overflow),
                        }
                    } else {
                        match dstate.get(s - nq).copied().flatten() {
                            Some(DState::Value(n)) => Ok(n),
                            Some(DState::Error(e)) => Err(e),
                            _ => Err(ArithError::Overflow),
                        }
                    }
                });
                match r {
                    Ok(n) => DState::Value(n),
                    Err(e) => DState::Error(e),
                }
            };
            if let Some(slot) = dstate.get_mut(d) {
                *slot = Some(st);
            }
            let def = rules.derived.get(d);
            let id = def.map(|x| x.id.clone()).unwrap_or_default();
            if let DState::Error(e) = st {
                let inputs: Vec<String> = info
                    .questions
                    .iter()
                    .filter_map(|q| rules.questions.get(*q).map(|q| q.id.clone()))
                    .collect();
                let (code, message) = match e {
                    ArithError::DivisionByZero => (
                        ProblemCode::DivisionByZero,
                        Text::new(
                            format!(
                                "Nilai turunan '{id}' membagi dengan nol (dari: {}).",
                                inputs.join(", ")
                            ),
                            format!(
                                "The derived value '{id}' divides by zero (from: {}).",
                                inputs.join(", ")
                            ),
                        ),
                    ),
                    ArithError::Overflow => (
                        ProblemCode::Overflow,
                        Text::new(
                            format!("Nilai turunan '{id}' terlalu besar untuk dihitung tepat."),
                            format!("The derived value '{id}' is too large to compute exactly."),
                        ),
                    ),
                };
                problems.push((
                    nq + d,
                    Problem {
                        code,
                        question: None,
                        derived: Some(id.clone()),
                        inputs,
                        text: None,
                        limit: None,
                        blocking: true,
                        message,
                    },
                ));
            }
            derived_out.push(DerivedResult {
                id,
                label: def.map(|x| x.label.clone()).unwrap_or_default(),
                value: match st {
                    DState::Value(n) => Some(n),
                    _ => None,
                },
                error: match st {
                    DState::Value(_) => None,
                    DState::Open(_) => Some("unanswered"),
                    DState::Invalid => Some("invalid_answer"),
                    DState::Error(ArithError::DivisionByZero) => Some("division_by_zero"),
                    DState::Error(ArithError::Overflow) => Some("overflow"),
                },
            });
        }

        // 3. Indicators.
        let mut known: i128 = 0;
        let mut open: Vec<&[i128]> = Vec::new();
        let mut determined = true;
        let mut overflow = false;
        struct Partial {
            value: Option<Value>,
            met: Option<bool>,
            case: Option<usize>,
            units: Option<i128>,
        }
        let mut partials: Vec<Partial> = Vec::with_capacity(c.indicators.len());
        for ind in &c.indicators {
            // (value, whether definitely decided, whether still open for the range)
            let state: Result<Input, DState> = match ind.source {
                Source::Question(q) => match ans.get(q).copied().unwrap_or(Ans::None) {
                    Ans::Given(v) => Ok(v),
                    Ans::None => Err(DState::Open(
                        self.questions.get(q).is_some_and(|i| i.required),
                    )),
                    Ans::Invalid => Err(DState::Invalid),
                },
                Source::Derived(d) => match dstate.get(d).copied().flatten() {
                    Some(DState::Value(n)) => Ok(Input::Num(n)),
                    Some(other) => Err(other),
                    None => Err(DState::Invalid),
                },
            };
            let value = match (&state, ind.source) {
                (Ok(v), Source::Question(q)) => rules.questions.get(q).map(|q| v.to_value(q)),
                (Ok(Input::Num(n)), Source::Derived(_)) => Some(Value::Num(*n)),
                _ => None,
            };
            let p = match state {
                Ok(v) => {
                    let (u, hit) =
                        contribution(method, ind.test.as_ref(), ind.units, &ind.cases, &v);
                    match known.checked_add(u) {
                        Some(k) => known = k,
                        None => overflow = true,
                    }
                    Partial {
                        value,
                        met: Some(hit.is_some()),
                        case: if method == Method::Points { hit } else { None },
                        units: Some(u),
                    }
                }
                Err(DState::Open(false)) => {
                    open.push(&ind.outcomes);
                    Partial {
                        value,
                        met: Some(false),
                        case: None,
                        units: Some(0),
                    }
                }
                Err(_) => {
                    determined = false;
                    open.push(&ind.outcomes);
                    Partial {
                        value,
                        met: None,
                        case: None,
                        units: None,
                    }
                }
            };
            partials.push(p);
        }

        // 4. Class, score, range, possible classes.
        let blocked = problems.iter().any(|(_, p)| p.blocking)
            || c.questions.iter().any(|&q| {
                ans.get(q) == Some(&Ans::None) && self.questions.get(q).is_some_and(|i| i.required)
            });
        let mut class: Option<usize> = None;
        let mut score: Option<Num> = None;
        if determined && !blocked && !overflow {
            score = Num::ratio(known, c.scale);
            match band_of(c, known) {
                Ok(k) => class = Some(usize::from(k)),
                Err(_) => problems.push((
                    usize::MAX,
                    Problem {
                        code: ProblemCode::NoClass,
                        question: None,
                        derived: None,
                        inputs: Vec::new(),
                        text: None,
                        limit: None,
                        blocking: true,
                        message: Text::new(
                            "Skor tidak masuk kelas mana pun.",
                            "The score falls in no class.",
                        ),
                    },
                )),
            }
        }
        let lo_u = open
            .iter()
            .map(|o| o.first().copied().unwrap_or(0))
            .try_fold(known, i128::checked_add);
        let hi_u = open
            .iter()
            .map(|o| o.last().copied().unwrap_or(0))
            .try_fold(known, i128::checked_add);
        let (lo_u, hi_u) = match (lo_u, hi_u) {
            (Some(a), Some(b)) => (a, b),
            _ => (known, known),
        };
        let sums = reachable_sums(&open);
        let possible: Vec<bool> = c
            .bands
            .iter()
            .map(|b| match &sums {
                Some(s) => s
                    .iter()
                    .any(|x| known.checked_add(*x).and_then(|t| b.contains(t)) == Some(true)),
                None => band_meets(b, lo_u, hi_u),
            })
            .collect();

        let ratio = |u: i128| Num::ratio(u, c.scale).unwrap_or(Num::ZERO);
        let bands: Vec<BandInfo> = rules
            .classes
            .iter()
            .enumerate()
            .map(|(k, cl)| BandInfo {
                class: cl.id.clone(),
                label: cl.label.clone(),
                colour: cl.colour.clone(),
                from: cl.from,
                to: cl.to,
                current: class == Some(k),
                possible: possible.get(k).copied().unwrap_or(false),
                reachable: c
                    .bands
                    .get(k)
                    .is_some_and(|b| band_meets(b, c.min_units, c.max_units)),
            })
            .collect();

        let indicators: Vec<IndicatorResult> = c
            .indicators
            .iter()
            .zip(partials)
            .map(|(ind, p)| {
                let def = rules.indicators.get(ind.indicator);
                let contribution = p.units.and_then(|u| Num::ratio(u, c.scale));
                let share = match (p.units, score) {
                    (Some(u), Some(_)) if known != 0 => Num::ratio(u, known),
                    _ => None,
                };
                IndicatorResult {
                    id: def.map(|d| d.id.clone()).unwrap_or_default(),
                    label: def.map(|d| d.label.clone()).unwrap_or_default(),
                    group: def.and_then(|d| d.group.clone()),
                    on: self.source_id(ind.source).to_owned(),
                    value: p.value,
                    met: p.met,
                    weight: (method != Method::Points).then_some(ind.weight),
                    points: if method == Method::Points {
                        contribution
                    } else {
                        None
                    },
                    case: p.case,
                    contribution,
                    share,
                }
            })
            .collect();

        let unanswered: Vec<Unanswered> = c
            .questions
            .iter()
            .filter_map(|&q| {
                let a = ans.get(q).copied().unwrap_or(Ans::None);
                if matches!(a, Ans::Given(_)) {
                    return None;
                }
                Some(Unanswered {
                    question: rules.questions.get(q)?.id.clone(),
                    required: self.questions.get(q)?.required,
                    invalid: a == Ans::Invalid,
                })
            })
            .collect();

        let likelihood = if method == Method::Points {
            rules
                .likelihood
                .iter()
                .map(|t| LikelihoodResult {
                    label: t.label.clone(),
                    row: score
                        .and_then(|s| t.rows.iter().find(|r| r.min <= s && s <= r.max).cloned()),
                })
                .collect()
        } else {
            Vec::new()
        };

        let what_if = class.map(|k| whatif::what_if(self, ci, &row, k, known));

        problems.sort_by_key(|(k, _)| *k);
        let mut problems: Vec<Problem> = problems.into_iter().map(|(_, p)| p).collect();
        problems.extend(unknown_answers);

        Ok(Assessment {
            rule_set: rules.id.clone(),
            method,
            cluster: cluster.to_owned(),
            class: class
                .and_then(|k| rules.classes.get(k))
                .map(|c| c.id.clone()),
            score,
            score_range: ScoreRange {
                lo: ratio(lo_u),
                hi: ratio(hi_u),
            },
            integer_scores: c.integer_scores,
            bands,
            indicators,
            derived: derived_out,
            unanswered,
            possible_classes: rules
                .classes
                .iter()
                .zip(&possible)
                .filter(|(_, p)| **p)
                .map(|(c, _)| c.id.clone())
                .collect(),
            likelihood,
            what_if,
            problems,
        })
    }
}

/// The class whose band holds `units`.
#[inline]
pub(crate) fn band_of(c: &CCluster, units: i128) -> Result<u16, Unassessable> {
    for (k, b) in c.bands.iter().enumerate() {
        match b.contains(units) {
            Some(true) => {
                return u16::try_from(k)
                    .map_err(|_| Unassessable::new(UnassessableReason::Overflow))
            }
            Some(false) => {}
            None => return Err(Unassessable::new(UnassessableReason::Overflow)),
        }
    }
    Err(Unassessable::new(UnassessableReason::NoClass))
}

/// Whether a band holds a whole number of units in `[lo, hi]`.
pub(crate) fn band_meets(b: &UnitBand, lo: i128, hi: i128) -> bool {
    let (blo, bhi) = b.unit_range();
    let lo = blo.map_or(lo, |x| x.max(lo));
    let hi = bhi.map_or(hi, |x| x.min(hi));
    lo <= hi
}

/// Every sum of one outcome per open indicator, when there are few enough to list.
fn reachable_sums(open: &[&[i128]]) -> Option<BTreeSet<i128>> {
    let mut sums: BTreeSet<i128> = BTreeSet::from([0]);
    for outcomes in open {
        let mut next = BTreeSet::new();
        for s in &sums {
            for o in outcomes.iter() {
                next.insert(s.checked_add(*o)?);
            }
        }
        if next.len() > MAX_EXACT_SUMS {
            return None;
        }
        sums = next;
    }
    Some(sums)
}
