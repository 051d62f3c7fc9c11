//! The [`Engine`]: a rule set with every id resolved to an index, ready for fast and exact evaluation.
//!
//! [`Engine::new`] does the look-ups once: per cluster, the indicators with their effective condition,
//! weight or points; the questions the cluster uses (also those reached through derived values); the
//! derived values in dependency order; scores scaled to integer units over a common denominator; the
//! reachable score range and the bands on that scale. Evaluating a household is then index arithmetic
//! ([`Engine::classify_row`], in `assess.rs`) or the same plus an explanation ([`Engine::assess`]).
//!
//! `new` assumes the rule set passed [`crate::validate()`], but never panics on one that did not: what it
//! cannot compile comes back as diagnostics.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::answers::{self, AnswerError, Input};
use crate::diagnostic::{Code, Diagnostic};
use crate::expr::{self, ArithError, IndexedExpr};
use crate::model::{
    Bound, Class, Condition, Indicator, Method, Question, QuestionType, RuleSet, Value,
};
use crate::num::Num;
use crate::table::Lookup;

/// The most indicators one cluster may have: [`crate::assess::Classified::met`] is a 64-bit mask.
pub const MAX_INDICATORS: usize = 64;

/// The longest chain of derived values built on derived values.
pub const MAX_DERIVED_DEPTH: usize = 16;

/// Where an indicator's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Question(usize),
    Derived(usize),
}

/// A condition compiled against the type of what it is on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Test {
    Lt(Num),
    Le(Num),
    Gt(Num),
    Ge(Num),
    EqNum(Num),
    NeNum(Num),
    IsBool(bool),
    EqChoice(u16),
    NeChoice(u16),
    Between(Num, Num),
    OneOf(Vec<u16>),
    /// `OneOf` over options 0..64, as a bit mask: one AND on the hot path.
    OneOfMask(u64),
}

impl Test {
    /// Whether `v` satisfies the test; a value of another type never does.
    #[inline(always)]
    pub(crate) fn holds(&self, v: &Input) -> bool {
        match (self, v) {
            (Test::Lt(b), Input::Num(n)) => n < b,
            (Test::Le(b), Input::Num(n)) => n <= b,
            (Test::Gt(b), Input::Num(n)) => n > b,
            (Test::Ge(b), Input::Num(n)) => n >= b,
            (Test::EqNum(b), Input::Num(n)) => n == b,
            (Test::NeNum(b), Input::Num(n)) => n != b,
            (Test::Between(lo, hi), Input::Num(n)) => lo <= n && n <= hi,
            (Test::IsBool(b), Input::Bool(x)) => b == x,
            (Test::EqChoice(o), Input::Choice(c)) => o == c,
            (Test::NeChoice(o), Input::Choice(c)) => o != c,
            (Test::OneOf(os), Input::Choice(c)) => os.contains(c),
            (Test::OneOfMask(m), Input::Choice(c)) => *c < 64 && m & (1u64 << c) != 0,
            _ => false,
        }
    }

    /// The numbers at which the test can change its outcome.
    pub(crate) fn thresholds(&self, out: &mut Vec<Num>) {
        match self {
            Test::Lt(b)
            | Test::Le(b)
            | Test::Gt(b)
            | Test::Ge(b)
            | Test::EqNum(b)
            | Test::NeNum(b) => out.push(*b),
            Test::Between(lo, hi) => {
                out.push(*lo);
                out.push(*hi);
            }
            _ => {}
        }
    }
}

/// A compiled question.
#[derive(Debug, Clone)]
pub(crate) struct QInfo {
    pub(crate) kind: QuestionType,
    pub(crate) required: bool,
    pub(crate) options: usize,
}

/// A compiled derived value.
#[derive(Debug, Clone)]
pub(crate) struct DInfo {
    /// Slots `0..questions` are questions, `questions + d` derived value `d`.
    pub(crate) expr: IndexedExpr,
    /// The questions it reads, directly or through other derived values, in rule-set order.
    pub(crate) questions: Vec<usize>,
}

/// One indicator as it applies in one cluster.
#[derive(Debug, Clone)]
pub(crate) struct CIndicator {
    /// Index in `rules.indicators`.
    pub(crate) indicator: usize,
    pub(crate) source: Source,
    /// The type of the source's value (a derived value is a number).
    pub(crate) kind: QuestionType,
    /// The number of options, for a choice.
    pub(crate) options: usize,
    /// Whether the source is, or reads, a required question: unanswered, the household has no class.
    pub(crate) required: bool,
    /// The condition (count / weighted).
    pub(crate) test: Option<Test>,
    /// The weight: 1 under count, the cluster's weight under weighted, unused under points.
    pub(crate) weight: Num,
    /// `weight` in score units.
    pub(crate) units: i128,
    /// The points cases (points), with their points in score units.
    pub(crate) cases: Vec<(Test, Num, i128)>,
    /// The contributions (in score units) an answer to its question(s) can give, sorted, distinct;
    /// with 0 when it reads an optional question (unanswered counts as not met / no points).
    pub(crate) outcomes: Vec<i128>,
}

/// One band on a cluster's score-unit scale: `score_units * den` compared with `num`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnitBound {
    pub(crate) num: i128,
    pub(crate) den: i128,
    pub(crate) inclusive: bool,
}

impl UnitBound {
    /// Whether `s` (score units) is at or above this lower end.
    #[inline]
    pub(crate) fn admits_from(&self, s: i128) -> Option<bool> {
        let lhs = s.checked_mul(self.den)?;
        Some(if self.inclusive {
            lhs >= self.num
        } else {
            lhs > self.num
        })
    }

    /// Whether `s` (score units) is at or below this upper end.
    #[inline]
    pub(crate) fn admits_to(&self, s: i128) -> Option<bool> {
        let lhs = s.checked_mul(self.den)?;
        Some(if self.inclusive {
            lhs <= self.num
        } else {
            lhs < self.num
        })
    }
}

/// A class's band in one cluster's units.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnitBand {
    pub(crate) from: Option<UnitBound>,
    pub(crate) to: Option<UnitBound>,
}

impl UnitBand {
    /// The lowest and highest whole number of units in the band (`None`: unbounded on that side).
    pub(crate) fn unit_range(&self) -> (Option<i128>, Option<i128>) {
        let floor = |b: &UnitBound| b.num.div_euclid(b.den);
        let ceil = |b: &UnitBound| {
            let f = b.num.div_euclid(b.den);
            if b.num.rem_euclid(b.den) == 0 {
                f
            } else {
                f.saturating_add(1)
            }
        };
        let lo = self.from.as_ref().map(|b| {
            if b.inclusive {
                ceil(b)
            } else {
                floor(b).saturating_add(1)
            }
        });
        let hi = self.to.as_ref().map(|b| {
            if b.inclusive {
                floor(b)
            } else {
                ceil(b).saturating_sub(1)
            }
        });
        (lo, hi)
    }

    #[inline]
    pub(crate) fn contains(&self, s: i128) -> Option<bool> {
        if let Some(f) = &self.from {
            if !f.admits_from(s)? {
                return Some(false);
            }
        }
        if let Some(t) = &self.to {
            if !t.admits_to(s)? {
                return Some(false);
            }
        }
        Some(true)
    }
}

/// A compiled cluster.
#[derive(Debug, Clone)]
pub(crate) struct CCluster {
    pub(crate) indicators: Vec<CIndicator>,
    /// The questions it uses, in rule-set order.
    pub(crate) questions: Vec<usize>,
    /// The derived values it uses, in dependency order.
    pub(crate) derived: Vec<usize>,
    /// Score units per 1 of score: the common denominator of weights or points.
    pub(crate) scale: i128,
    /// The lowest and highest reachable score, in units.
    pub(crate) min_units: i128,
    pub(crate) max_units: i128,
    /// Whether only whole scores exist (count, or points that are all integers).
    pub(crate) integer_scores: bool,
    /// The classes' bands in this cluster's units, parallel to `rules.classes`.
    pub(crate) bands: Vec<UnitBand>,
    /// Under count and weighted: the indicators again, flattened for `classify_row` (parallel to
    /// `indicators`); empty under points.
    pub(crate) hot: Vec<Hot>,
}

/// An indicator of a count or weighted cluster in the form the hot path tests fastest.
#[derive(Debug, Clone)]
pub(crate) struct Hot {
    /// Its weight in score units. The sum over a cluster is checked to fit when compiling.
    pub(crate) units: i128,
    pub(crate) kind: HotKind,
}

/// How a [`Hot`] indicator is tested.
#[derive(Debug, Clone)]
pub(crate) enum HotKind {
    /// A yes/no answer to question `q` equal to `want`.
    Bool {
        q: usize,
        want: bool,
        required: bool,
    },
    /// A choice of question `q` (fewer than 64 options) whose bit is set in `mask`.
    Mask {
        q: usize,
        mask: u64,
        options: u16,
        required: bool,
    },
    /// A number answer to question `q`.
    Num {
        q: usize,
        test: Test,
        required: bool,
    },
    /// Anything else (derived values, long option lists): the general evaluation.
    General,
}

impl Hot {
    fn of(ind: &CIndicator) -> Hot {
        let kind = match (ind.source, ind.kind, &ind.test) {
            (Source::Question(q), QuestionType::YesNo, Some(Test::IsBool(want))) => HotKind::Bool {
                q,
                want: *want,
                required: ind.required,
            },
            (Source::Question(q), QuestionType::Choice, Some(test)) if ind.options < 64 => {
                let all: u64 = (1u64 << ind.options) - 1;
                let mask = match test {
                    Test::EqChoice(o) if *o < 64 => Some(1u64 << o),
                    Test::NeChoice(o) if *o < 64 => Some(all & !(1u64 << o)),
                    Test::OneOfMask(m) => Some(*m),
                    _ => None,
                };
                match mask {
                    Some(mask) => HotKind::Mask {
                        q,
                        mask,
                        options: ind.options as u16,
                        required: ind.required,
                    },
                    None => HotKind::General,
                }
            }
            (Source::Question(q), QuestionType::Number, Some(test)) => HotKind::Num {
                q,
                test: test.clone(),
                required: ind.required,
            },
            _ => HotKind::General,
        };
        Hot {
            units: ind.units,
            kind,
        }
    }
}

/// A validated rule set, indexed for fast evaluation.
///
/// ```
/// use timbang_engine::{Engine, RuleSet};
/// let rules: RuleSet = serde_json::from_str(r##"{
///   "format": "timbang.ruleset/1", "id": "demo", "name": {"id": "Demo", "en": "Demo"},
///   "version": "1", "date": "2024-01-01", "status": "draft",
///   "description": {"id": "Contoh", "en": "Example"}, "method": "count",
///   "clusters": [{"id": "semua", "label": {"id": "Semua", "en": "All"},
///                 "indicators": [{"indicator": "tanpa_listrik"}]}],
///   "questions": [{"id": "listrik", "label": {"id": "Ada listrik?", "en": "Electricity?"}, "type": "yes_no"}],
///   "indicators": [{"id": "tanpa_listrik", "label": {"id": "Tanpa listrik", "en": "No electricity"},
///                   "on": "listrik", "condition": {"op": "=", "value": false}}],
///   "classes": [
///     {"id": "miskin", "label": {"id": "Miskin", "en": "Poor"}, "colour": "#aa0000",
///      "from": {"value": 1, "inclusive": true}},
///     {"id": "tidak_miskin", "label": {"id": "Tidak miskin", "en": "Not poor"}, "colour": "#00aa00",
///      "to": {"value": 1, "inclusive": false}}]
/// }"##).unwrap();
/// let engine = Engine::new(rules).unwrap();
/// assert_eq!(engine.cluster_index("semua"), Some(0));
/// assert_eq!(engine.questions_for_cluster(0).collect::<Vec<_>>(), vec![0]);
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) rules: RuleSet,
    pub(crate) questions: Vec<QInfo>,
    pub(crate) derived: Vec<DInfo>,
    pub(crate) clusters: Vec<CCluster>,
    question_ids: HashMap<String, usize>,
    /// Per question: the usual answers of a yes/no or choice question, by their bytes. Each is made on
    /// first use: only household files and typed cells need them, and making them all took two thirds
    /// of `Engine::new`, which the page runs before its first paint.
    lookups: Vec<OnceLock<Option<Lookup>>>,
}

impl Engine {
    /// Compiles a rule set. Assumes [`crate::validate()`] passed; never panics on one that did not, but
    /// returns what could not be compiled.
    pub fn new(rules: RuleSet) -> Result<Engine, Vec<Diagnostic>> {
        let mut b = Builder {
            rules: &rules,
            diags: Vec::new(),
        };
        let compiled = b.build();
        let diags = b.diags;
        match compiled {
            Some((questions, derived, clusters)) if !diags.iter().any(Diagnostic::is_error) => {
                let question_ids = rules
                    .questions
                    .iter()
                    .enumerate()
                    .map(|(i, q)| (q.id.clone(), i))
                    .collect();
                let lookups = rules.questions.iter().map(|_| OnceLock::new()).collect();
                Ok(Engine {
                    rules,
                    questions,
                    derived,
                    clusters,
                    question_ids,
                    lookups,
                })
            }
            _ if diags.is_empty() => Err(vec![Diagnostic::new(Code::Internal, "$")
                .with("detail", "the rule set could not be compiled")]),
            _ => Err(diags),
        }
    }

    /// The rule set.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The scoring method.
    pub fn method(&self) -> Method {
        self.rules.method
    }

    /// The number of clusters.
    pub fn cluster_count(&self) -> usize {
        self.clusters.len()
    }

    /// The index of the cluster with this id.
    pub fn cluster_index(&self, id: &str) -> Option<usize> {
        self.rules.clusters.iter().position(|c| c.id == id)
    }

    /// The cluster ids, in rule-set order.
    pub fn cluster_ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.rules.clusters.iter().map(|c| c.id.as_str())
    }

    /// The index of the question with this id.
    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.question_ids.get(id).copied()
    }

    /// The index of the class with this id (classes are listed most severe first).
    pub fn class_index(&self, id: &str) -> Option<usize> {
        self.rules.classes.iter().position(|c| c.id == id)
    }

    /// The classes, most severe first.
    pub fn classes(&self) -> &[Class] {
        &self.rules.classes
    }

    /// The indices of the questions a cluster uses (directly or through derived values), in rule-set
    /// order: the form shows these, a household file needs columns for these.
    pub fn questions_for_cluster(&self, cluster: usize) -> impl Iterator<Item = usize> + '_ {
        self.clusters
            .get(cluster)
            .map(|c| c.questions.as_slice())
            .unwrap_or_default()
            .iter()
            .copied()
    }

    /// The questions a cluster uses, in rule-set order.
    pub fn cluster_questions(&self, cluster: usize) -> impl Iterator<Item = &Question> + '_ {
        self.questions_for_cluster(cluster)
            .filter_map(|q| self.rules.questions.get(q))
    }

    /// The number of indicators that apply in a cluster (bits of [`crate::assess::Classified::met`]).
    pub fn indicator_count(&self, cluster: usize) -> usize {
        self.clusters.get(cluster).map_or(0, |c| c.indicators.len())
    }

    /// The indicator behind bit `bit` of a cluster's met mask.
    pub fn indicator_for_bit(&self, cluster: usize, bit: usize) -> Option<&Indicator> {
        let ci = self.clusters.get(cluster)?.indicators.get(bit)?;
        self.rules.indicators.get(ci.indicator)
    }

    /// The weight of the indicator behind bit `bit` (1 under count; `None` under points).
    pub fn weight_for_bit(&self, cluster: usize, bit: usize) -> Option<Num> {
        if self.rules.method == Method::Points {
            return None;
        }
        Some(self.clusters.get(cluster)?.indicators.get(bit)?.weight)
    }

    /// The lowest and highest score a household can reach in a cluster.
    pub fn score_bounds(&self, cluster: usize) -> Option<(Num, Num)> {
        let c = self.clusters.get(cluster)?;
        Some((
            Num::ratio(c.min_units, c.scale)?,
            Num::ratio(c.max_units, c.scale)?,
        ))
    }

    /// Whether only whole scores exist in a cluster (count, or whole points).
    pub fn integer_scores(&self, cluster: usize) -> bool {
        self.clusters.get(cluster).is_some_and(|c| c.integer_scores)
    }

    /// Reads a household-file cell as the answer to question `question` (see [`answers::parse_cell`]).
    ///
    /// The usual answers of yes/no and choice questions are found in a table built once, and plain
    /// numbers are read in machine words; anything else goes through [`answers::parse_cell`], so the
    /// result is always the same.
    pub fn parse_cell(&self, question: usize, text: &str) -> Result<Option<Input>, AnswerError> {
        let Some(q) = self.rules.questions.get(question) else {
            return Ok(None);
        };
        if let Some(known) = self.known_answer(question, text.as_bytes()) {
            return Ok(known);
        }
        if let Some(n) = answers::quick_number(q, text) {
            return Ok(Some(Input::Num(n)));
        }
        answers::parse_cell(q, text)
    }

    /// The answer of a usual cell text (exactly as written) to yes/no or choice question `question`.
    #[inline]
    pub(crate) fn known_answer(&self, question: usize, text: &[u8]) -> Option<Option<Input>> {
        self.table_of(question)?.get(text)
    }

    /// The table of usual answers of question `question`, made on first use.
    fn table_of(&self, question: usize) -> Option<&Lookup> {
        let q = self.rules.questions.get(question)?;
        self.lookups
            .get(question)?
            .get_or_init(|| Lookup::for_question(q))
            .as_ref()
    }

    /// The table of usual answers of yes/no or choice question `question`.
    #[cfg(feature = "row-program")]
    pub(crate) fn lookup(&self, question: usize) -> Option<&Lookup> {
        self.table_of(question)
    }

    /// The number of questions in the rule set (the length of a row for [`Engine::classify_row`]).
    pub fn question_count(&self) -> usize {
        self.rules.questions.len()
    }

    /// The id of the indicator source: a question id or a derived id.
    pub(crate) fn source_id(&self, s: Source) -> &str {
        match s {
            Source::Question(q) => self.rules.questions.get(q).map_or("", |q| q.id.as_str()),
            Source::Derived(d) => self.rules.derived.get(d).map_or("", |d| d.id.as_str()),
        }
    }
}

/// The least common multiple of two positive denominators, `None` on overflow.
pub(crate) fn lcm(a: i128, b: i128) -> Option<i128> {
    use num_integer::Integer;
    let g = a.gcd(&b);
    if g == 0 {
        return None;
    }
    (a / g).checked_mul(b)
}

/// Representative values of every piece a set of break points cuts a domain into: each break point
/// and one value strictly between each pair of neighbours and beyond each end, kept within
/// `[lo, hi]` and whole when `integer`. Any test whose thresholds are among the break points has the
/// same outcome on a whole piece, so testing these values tests them all.
pub(crate) fn representatives(
    breaks: &[Num],
    lo: Option<Num>,
    hi: Option<Num>,
    integer: bool,
) -> Vec<Num> {
    let mut b: Vec<Num> = breaks.to_vec();
    b.extend(lo);
    b.extend(hi);
    b.sort();
    b.dedup();
    let mut out = Vec::new();
    let first = b.first().copied();
    let last = b.last().copied();
    match (first, last) {
        (Some(f), Some(l)) => {
            let below = if integer {
                f.ceil().checked_sub(Num::ONE)
            } else {
                f.checked_sub(Num::ONE)
            };
            let above = if integer {
                l.floor().checked_add(Num::ONE)
            } else {
                l.checked_add(Num::ONE)
            };
            out.extend(below);
            out.extend(above);
        }
        _ => out.push(Num::ZERO),
    }
    for (i, x) in b.iter().enumerate() {
        out.push(*x);
        if let Some(y) = b.get(i + 1) {
            if integer {
                if let Some(n) = x.floor().checked_add(Num::ONE) {
                    if n < *y {
                        out.push(n);
                    }
                }
            } else if let Some(m) = x.checked_add(*y).and_then(|s| s.checked_div(Num::int(2))) {
                out.push(m);
            }
        }
    }
    out.retain(|x| {
        lo.is_none_or(|lo| *x >= lo) && hi.is_none_or(|hi| *x <= hi) && (!integer || x.is_integer())
    });
    out.sort();
    out.dedup();
    out
}

struct Builder<'a> {
    rules: &'a RuleSet,
    diags: Vec<Diagnostic>,
}

type Built = (Vec<QInfo>, Vec<DInfo>, Vec<CCluster>);

impl Builder<'_> {
    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn build(&mut self) -> Option<Built> {
        let rules = self.rules;
        let nq = rules.questions.len();

        let mut qids: HashMap<&str, usize> = HashMap::new();
        for (i, q) in rules.questions.iter().enumerate() {
            if let Some(first) = qids.insert(q.id.as_str(), i) {
                qids.insert(q.id.as_str(), first);
                self.err(
                    Diagnostic::new(Code::DuplicateId, format!("$.questions[{i}].id"))
                        .with("id", &q.id)
                        .with("kind", "question")
                        .with("first", format!("$.questions[{first}]")),
                );
            }
        }
        let mut dids: HashMap<&str, usize> = HashMap::new();
        for (i, d) in rules.derived.iter().enumerate() {
            if qids.contains_key(d.id.as_str()) || dids.contains_key(d.id.as_str()) {
                self.err(
                    Diagnostic::new(Code::DuplicateId, format!("$.derived[{i}].id"))
                        .with("id", &d.id)
                        .with("kind", "derived")
                        .with("first", "$"),
                );
            } else {
                dids.insert(d.id.as_str(), i);
            }
        }
        let mut iids: HashMap<&str, usize> = HashMap::new();
        for (i, ind) in rules.indicators.iter().enumerate() {
            iids.entry(ind.id.as_str()).or_insert(i);
        }

        let questions: Vec<QInfo> = rules
            .questions
            .iter()
            .map(|q| QInfo {
                kind: q.kind,
                required: q.required,
                options: q.options.len(),
            })
            .collect();
        for (i, q) in rules.questions.iter().enumerate() {
            if q.options.len() > usize::from(u16::MAX) {
                self.err(
                    Diagnostic::new(Code::Internal, format!("$.questions[{i}].options"))
                        .with("detail", "more than 65535 options"),
                );
            }
        }

        // Derived values: parse, resolve ids to slots, check types.
        let mut exprs: Vec<Option<IndexedExpr>> = Vec::with_capacity(rules.derived.len());
        for (i, d) in rules.derived.iter().enumerate() {
            let path = format!("$.derived[{i}].expr");
            let parsed = match expr::parse(&d.expr) {
                Ok(e) => e,
                Err(e) => {
                    self.err(
                        Diagnostic::new(Code::ExprSyntax, path)
                            .with("id", &d.id)
                            .with("expr", &d.expr)
                            .with("column", e.column)
                            .with("reason", e.kind.code()),
                    );
                    exprs.push(None);
                    continue;
                }
            };
            let mut bad: Vec<Diagnostic> = Vec::new();
            let indexed = parsed.index(|id| {
                if let Some(&q) = qids.get(id) {
                    let kind = rules.questions.get(q).map(|q| q.kind);
                    if kind != Some(QuestionType::Number) {
                        bad.push(
                            Diagnostic::new(Code::TypeMismatch, path.clone())
                                .with("on", id)
                                .with(
                                    "on_type",
                                    match kind {
                                        Some(QuestionType::YesNo) => "yes_no",
                                        _ => "choice",
                                    },
                                )
                                .with("op", "expr")
                                .with("expected", "number"),
                        );
                    }
                    Some(q as u32)
                } else {
                    dids.get(id).map(|&d| (nq + d) as u32)
                }
            });
            match indexed {
                Ok(ix) => exprs.push(Some(ix)),
                Err(id) => {
                    bad.push(
                        Diagnostic::new(Code::UnknownReference, path.clone())
                            .with("id", id)
                            .with("kind", "number_input"),
                    );
                    exprs.push(None);
                }
            }
            self.diags.extend(bad);
        }

        // Dependency order of derived values; cycles and over-deep chains are errors.
        let order = self.derived_order(&exprs, nq)?;
        let mut derived: Vec<DInfo> = Vec::with_capacity(exprs.len());
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); exprs.len()];
        for &d in &order {
            let Some(Some(e)) = exprs.get(d) else {
                continue;
            };
            let mut qs: Vec<usize> = Vec::new();
            for &s in e.slots() {
                let s = s as usize;
                if s < nq {
                    qs.push(s);
                } else if let Some(inner) = deps.get(s - nq) {
                    qs.extend(inner.iter().copied());
                }
            }
            qs.sort_unstable();
            qs.dedup();
            if let Some(slot) = deps.get_mut(d) {
                *slot = qs;
            }
        }
        for (d, e) in exprs.into_iter().enumerate() {
            derived.push(DInfo {
                expr: e?,
                questions: deps.get(d).cloned().unwrap_or_default(),
            });
        }

        let mut clusters = Vec::with_capacity(rules.clusters.len());
        for ci in 0..rules.clusters.len() {
            if let Some(cc) = self.cluster(ci, &qids, &dids, &iids, &questions, &derived, &order) {
                clusters.push(cc);
            }
        }
        if clusters.len() != rules.clusters.len() {
            return None;
        }
        Some((questions, derived, clusters))
    }

    /// A topological order of the derived values (dependencies first).
    fn derived_order(&mut self, exprs: &[Option<IndexedExpr>], nq: usize) -> Option<Vec<usize>> {
        // 0 = unvisited, 1 = on the stack, 2 = done.
        let n = exprs.len();
        let mut state = vec![0u8; n];
        let mut depth = vec![0usize; n];
        let mut order = Vec::with_capacity(n);
        let mut ok = true;
        for start in 0..n {
            if state.get(start) != Some(&0) {
                continue;
            }
            // Iterative DFS: (node, next slot to look at).
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            if let Some(s) = state.get_mut(start) {
                *s = 1;
            }
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                let slots = exprs
                    .get(node)
                    .and_then(|e| e.as_ref())
                    .map(|e| e.slots())
                    .unwrap_or_default();
                let child = slots
                    .get(*next)
                    .map(|s| *s as usize)
                    .filter(|s| *s >= nq)
                    .map(|s| s - nq);
                let more = *next < slots.len();
                *next += 1;
                if !more {
                    stack.pop();
                    let dep = slots
                        .iter()
                        .filter(|s| **s as usize >= nq)
                        .filter_map(|s| depth.get(*s as usize - nq))
                        .max()
                        .map_or(1, |d| d + 1);
                    if let Some(x) = depth.get_mut(node) {
                        *x = dep;
                    }
                    if let Some(s) = state.get_mut(node) {
                        *s = 2;
                    }
                    order.push(node);
                    continue;
                }
                let Some(child) = child else { continue };
                match state.get(child) {
                    Some(0) => {
                        if let Some(s) = state.get_mut(child) {
                            *s = 1;
                        }
                        stack.push((child, 0));
                    }
                    Some(1) => {
                        let mut cycle: Vec<&str> = stack
                            .iter()
                            .skip_while(|(n, _)| *n != child)
                            .filter_map(|(n, _)| self.rules.derived.get(*n).map(|d| d.id.as_str()))
                            .collect();
                        if let Some(d) = self.rules.derived.get(child) {
                            cycle.push(d.id.as_str());
                        }
                        let id = self.rules.derived.get(child).map_or("", |d| d.id.as_str());
                        self.diags.push(
                            Diagnostic::new(Code::DerivedCycle, format!("$.derived[{child}].expr"))
                                .with("id", id)
                                .with("cycle", cycle.join(" → ")),
                        );
                        return None;
                    }
                    _ => {}
                }
            }
        }
        for (d, dep) in depth.iter().enumerate() {
            if *dep > MAX_DERIVED_DEPTH {
                ok = false;
                let id = self.rules.derived.get(d).map_or("", |d| d.id.as_str());
                self.diags.push(
                    Diagnostic::new(Code::Internal, format!("$.derived[{d}].expr")).with(
                        "detail",
                        format!(
                            "derived value '{id}' is built on more than {MAX_DERIVED_DEPTH} levels of derived values"
                        ),
                    ),
                );
            }
        }
        ok.then_some(order)
    }

    #[allow(clippy::too_many_arguments)]
    fn cluster(
        &mut self,
        ci: usize,
        qids: &HashMap<&str, usize>,
        dids: &HashMap<&str, usize>,
        iids: &HashMap<&str, usize>,
        questions: &[QInfo],
        derived: &[DInfo],
        order: &[usize],
    ) -> Option<CCluster> {
        let rules = self.rules;
        let method = rules.method;
        let c = rules.clusters.get(ci)?;
        let before = self.diags.len();
        if c.indicators.len() > MAX_INDICATORS {
            self.err(
                Diagnostic::new(Code::Internal, format!("$.clusters[{ci}].indicators")).with(
                    "detail",
                    format!(
                        "cluster '{}' has {} indicators; at most {MAX_INDICATORS} are supported",
                        c.id,
                        c.indicators.len()
                    ),
                ),
            );
            return None;
        }

        struct Draft {
            indicator: usize,
            source: Source,
            test: Option<Test>,
            weight: Num,
            cases: Vec<(Test, Num)>,
        }
        let mut drafts: Vec<Draft> = Vec::with_capacity(c.indicators.len());
        for (k, ci_entry) in c.indicators.iter().enumerate() {
            let path = format!("$.clusters[{ci}].indicators[{k}]");
            let Some(&ii) = iids.get(ci_entry.indicator.as_str()) else {
                self.err(
                    Diagnostic::new(Code::UnknownReference, format!("{path}.indicator"))
                        .with("id", &ci_entry.indicator)
                        .with("kind", "indicator"),
                );
                continue;
            };
            let Some(ind) = rules.indicators.get(ii) else {
                continue;
            };
            let source = if let Some(&q) = qids.get(ind.on.as_str()) {
                Source::Question(q)
            } else if let Some(&d) = dids.get(ind.on.as_str()) {
                Source::Derived(d)
            } else {
                self.err(
                    Diagnostic::new(Code::UnknownReference, format!("$.indicators[{ii}].on"))
                        .with("id", &ind.on)
                        .with("kind", "question_or_derived"),
                );
                continue;
            };
            let mut draft = Draft {
                indicator: ii,
                source,
                test: None,
                weight: Num::ONE,
                cases: Vec::new(),
            };
            match method {
                Method::Count | Method::Weighted => {
                    let (cond, cpath) = match (&ci_entry.condition, &ind.condition) {
                        (Some(cond), _) => (cond, format!("{path}.condition")),
                        (None, Some(cond)) => (cond, format!("$.indicators[{ii}].condition")),
                        (None, None) => {
                            self.err(
                                Diagnostic::new(Code::MissingCondition, path.clone())
                                    .with("indicator", &ind.id)
                                    .with("cluster", &c.id),
                            );
                            continue;
                        }
                    };
                    draft.test = self.test(cond, source, ind, &cpath);
                    if method == Method::Weighted {
                        match ci_entry.weight {
                            Some(w) => draft.weight = w,
                            None => {
                                self.err(
                                    Diagnostic::new(Code::MissingWeight, path.clone())
                                        .with("indicator", &ind.id)
                                        .with("cluster", &c.id),
                                );
                                continue;
                            }
                        }
                    }
                }
                Method::Points => {
                    let (cases, ppath) = match (&ci_entry.points, &ind.points) {
                        (Some(p), _) => (p, format!("{path}.points")),
                        (None, Some(p)) => (p, format!("$.indicators[{ii}].points")),
                        (None, None) => {
                            self.err(
                                Diagnostic::new(Code::MissingPoints, path.clone())
                                    .with("indicator", &ind.id)
                                    .with("cluster", &c.id),
                            );
                            continue;
                        }
                    };
                    for (j, case) in cases.iter().enumerate() {
                        if let Some(t) =
                            self.test(&case.when, source, ind, &format!("{ppath}[{j}].when"))
                        {
                            draft.cases.push((t, case.points));
                        }
                    }
                }
            }
            drafts.push(draft);
        }
        if self.diags.len() > before {
            return None;
        }

        // A common denominator, so that scores add as integers.
        let mut scale: i128 = 1;
        for d in &drafts {
            match method {
                Method::Count => {}
                Method::Weighted => {
                    scale = match lcm(scale, d.weight.denom()) {
                        Some(s) => s,
                        None => {
                            self.overflow(ci, "scale");
                            return None;
                        }
                    }
                }
                Method::Points => {
                    for (_, p) in &d.cases {
                        scale = match lcm(scale, p.denom()) {
                            Some(s) => s,
                            None => {
                                self.overflow(ci, "scale");
                                return None;
                            }
                        };
                    }
                }
            }
        }
        let units_of = |n: Num| -> Option<i128> { n.numer().checked_mul(scale / n.denom()) };

        let mut indicators: Vec<CIndicator> = Vec::with_capacity(drafts.len());
        let mut used_q: Vec<usize> = Vec::new();
        let mut used_d: Vec<usize> = Vec::new();
        for d in drafts {
            let (optional, required, kind, options, domain) = match d.source {
                Source::Question(q) => {
                    used_q.push(q);
                    let info = questions.get(q)?;
                    (
                        !info.required,
                        info.required,
                        info.kind,
                        info.options,
                        Some(q),
                    )
                }
                Source::Derived(di) => {
                    let qs = derived.get(di)?.questions.clone();
                    used_q.extend(qs.iter().copied());
                    used_d.push(di);
                    self.collect_derived(di, derived, questions.len(), &mut used_d);
                    let optional = qs
                        .iter()
                        .any(|q| questions.get(*q).is_some_and(|i| !i.required));
                    let required = qs
                        .iter()
                        .any(|q| questions.get(*q).is_some_and(|i| i.required));
                    (optional, required, QuestionType::Number, 0, None)
                }
            };
            let weight_units = match method {
                Method::Points => 0,
                _ => match units_of(d.weight) {
                    Some(u) => u,
                    None => {
                        self.overflow(ci, "weight");
                        return None;
                    }
                },
            };
            let mut cases = Vec::with_capacity(d.cases.len());
            for (t, p) in d.cases {
                let Some(u) = units_of(p) else {
                    self.overflow(ci, "points");
                    return None;
                };
                cases.push((t, p, u));
            }
            // The contributions answers can give: test representative values of the domain.
            let samples: Vec<Input> = match domain {
                Some(q) => self.samples(q, d.test.as_ref(), &cases),
                None => {
                    let mut th = Vec::new();
                    if let Some(t) = &d.test {
                        t.thresholds(&mut th);
                    }
                    for (t, _, _) in &cases {
                        t.thresholds(&mut th);
                    }
                    representatives(&th, None, None, false)
                        .into_iter()
                        .map(Input::Num)
                        .collect()
                }
            };
            let mut outcomes: Vec<i128> = samples
                .iter()
                .map(|v| contribution(method, d.test.as_ref(), weight_units, &cases, v).0)
                .collect();
            if optional {
                outcomes.push(0);
            }
            outcomes.sort_unstable();
            outcomes.dedup();
            indicators.push(CIndicator {
                indicator: d.indicator,
                source: d.source,
                kind,
                options,
                required,
                test: d.test,
                weight: d.weight,
                units: weight_units,
                cases,
                outcomes,
            });
        }
        used_q.sort_unstable();
        used_q.dedup();
        used_d.sort_unstable();
        used_d.dedup();
        let derived_order: Vec<usize> = order
            .iter()
            .copied()
            .filter(|d| used_d.binary_search(d).is_ok())
            .collect();

        let mut min_units: i128 = 0;
        let mut max_units: i128 = 0;
        for ind in &indicators {
            let lo = ind.outcomes.first().copied().unwrap_or(0);
            let hi = ind.outcomes.last().copied().unwrap_or(0);
            match (min_units.checked_add(lo), max_units.checked_add(hi)) {
                (Some(a), Some(b)) => {
                    min_units = a;
                    max_units = b;
                }
                _ => {
                    self.overflow(ci, "score");
                    return None;
                }
            }
        }
        let integer_scores = scale == 1;

        let mut bands = Vec::with_capacity(rules.classes.len());
        for class in &rules.classes {
            let conv = |b: &Option<Bound>| -> Result<Option<UnitBound>, ()> {
                match b {
                    None => Ok(None),
                    Some(b) => Ok(Some(UnitBound {
                        num: b.value.numer().checked_mul(scale).ok_or(())?,
                        den: b.value.denom(),
                        inclusive: b.inclusive,
                    })),
                }
            };
            match (conv(&class.from), conv(&class.to)) {
                (Ok(from), Ok(to)) => bands.push(UnitBand { from, to }),
                _ => {
                    self.overflow(ci, "band");
                    return None;
                }
            }
        }

        let hot: Vec<Hot> = if method == Method::Points {
            Vec::new()
        } else {
            // The hot path adds weights without overflow checks: their total must fit.
            if indicators
                .iter()
                .try_fold(0i128, |s, i| s.checked_add(i.units.abs()))
                .is_none()
            {
                self.overflow(ci, "weights");
                return None;
            }
            indicators.iter().map(Hot::of).collect()
        };
        Some(CCluster {
            hot,
            indicators,
            questions: used_q,
            derived: derived_order,
            scale,
            min_units,
            max_units,
            integer_scores,
            bands,
        })
    }

    fn overflow(&mut self, ci: usize, what: &str) {
        self.err(
            Diagnostic::new(Code::Overflow, format!("$.clusters[{ci}]"))
                .with("detail", format!("{what} too large to compute exactly")),
        );
    }

    fn collect_derived(&self, d: usize, derived: &[DInfo], nq: usize, out: &mut Vec<usize>) {
        let mut stack = vec![d];
        while let Some(x) = stack.pop() {
            let Some(info) = derived.get(x) else { continue };
            for &s in info.expr.slots() {
                let s = s as usize;
                if s >= nq && !out.contains(&(s - nq)) {
                    out.push(s - nq);
                    stack.push(s - nq);
                }
            }
        }
    }

    /// Representative answers to question `q` for the tests of one indicator.
    fn samples(&self, q: usize, test: Option<&Test>, cases: &[(Test, Num, i128)]) -> Vec<Input> {
        let Some(question) = self.rules.questions.get(q) else {
            return Vec::new();
        };
        match question.kind {
            QuestionType::YesNo => vec![Input::Bool(false), Input::Bool(true)],
            QuestionType::Choice => (0..question.options.len().min(usize::from(u16::MAX)))
                .map(|i| Input::Choice(i as u16))
                .collect(),
            QuestionType::Number => {
                let mut th = Vec::new();
                if let Some(t) = test {
                    t.thresholds(&mut th);
                }
                for (t, _, _) in cases {
                    t.thresholds(&mut th);
                }
                representatives(&th, question.min, question.max, question.integer)
                    .into_iter()
                    .map(Input::Num)
                    .collect()
            }
        }
    }

    /// Compiles a condition against the type of what it is on.
    fn test(
        &mut self,
        cond: &Condition,
        source: Source,
        ind: &Indicator,
        path: &str,
    ) -> Option<Test> {
        let rules = self.rules;
        let (on_type, question) = match source {
            Source::Question(q) => {
                let question = rules.questions.get(q)?;
                (question.kind, Some(question))
            }
            Source::Derived(_) => (QuestionType::Number, None),
        };
        let type_name = match (source, on_type) {
            (Source::Derived(_), _) => "derived",
            (_, QuestionType::YesNo) => "yes_no",
            (_, QuestionType::Number) => "number",
            (_, QuestionType::Choice) => "choice",
        };
        let mismatch = |op: &str, expected: &str| {
            Diagnostic::new(Code::TypeMismatch, path.to_owned())
                .with("on", &ind.on)
                .with("on_type", type_name)
                .with("op", op)
                .with("expected", expected)
        };
        let option = |b: &mut Builder, id: &str| -> Option<u16> {
            let found = question
                .and_then(|q| q.options.iter().position(|o| o.id == id))
                .and_then(|i| u16::try_from(i).ok());
            if found.is_none() {
                b.err(
                    Diagnostic::new(Code::UnknownOption, path.to_owned())
                        .with("option", id)
                        .with("question", &ind.on),
                );
            }
            found
        };
        let test = match (on_type, cond) {
            (QuestionType::Number, Condition::Lt { value }) => Test::Lt(*value),
            (QuestionType::Number, Condition::Le { value }) => Test::Le(*value),
            (QuestionType::Number, Condition::Gt { value }) => Test::Gt(*value),
            (QuestionType::Number, Condition::Ge { value }) => Test::Ge(*value),
            (QuestionType::Number, Condition::Between { min, max }) => Test::Between(*min, *max),
            (QuestionType::Number, Condition::Eq { value } | Condition::Ne { value }) => {
                let n = match value {
                    Value::Num(n) => Some(*n),
                    Value::Text(t) => Num::parse(t).ok(),
                    Value::Bool(_) => None,
                };
                let eq = matches!(cond, Condition::Eq { .. });
                match n {
                    Some(n) if eq => Test::EqNum(n),
                    Some(n) => Test::NeNum(n),
                    None => {
                        let op = if eq { "=" } else { "!=" };
                        self.err(mismatch(op, "number").with("value", value));
                        return None;
                    }
                }
            }
            (QuestionType::YesNo, Condition::Eq { value } | Condition::Ne { value }) => {
                let b = match value {
                    Value::Bool(b) => Some(*b),
                    Value::Num(n) if *n == Num::ONE => Some(true),
                    Value::Num(n) if n.is_zero() => Some(false),
                    Value::Text(t) => answers::parse_yes_no(t),
                    Value::Num(_) => None,
                };
                let eq = matches!(cond, Condition::Eq { .. });
                match b {
                    Some(b) => Test::IsBool(if eq { b } else { !b }),
                    None => {
                        let op = if eq { "=" } else { "!=" };
                        self.err(mismatch(op, "yes_no").with("value", value));
                        return None;
                    }
                }
            }
            (QuestionType::Choice, Condition::Eq { value } | Condition::Ne { value }) => {
                let eq = matches!(cond, Condition::Eq { .. });
                let id = match value {
                    Value::Text(t) => t.clone(),
                    other => other.to_string(),
                };
                let o = option(self, &id)?;
                if eq {
                    Test::EqChoice(o)
                } else {
                    Test::NeChoice(o)
                }
            }
            (QuestionType::Choice, Condition::OneOf { values }) => {
                let mut os = Vec::with_capacity(values.len());
                for v in values {
                    os.push(option(self, v)?);
                }
                os.sort_unstable();
                os.dedup();
                if os.iter().all(|o| *o < 64) {
                    Test::OneOfMask(os.iter().fold(0u64, |m, o| m | (1u64 << o)))
                } else {
                    Test::OneOf(os)
                }
            }
            (_, cond) => {
                let op = match cond {
                    Condition::Lt { .. } => "<",
                    Condition::Le { .. } => "<=",
                    Condition::Gt { .. } => ">",
                    Condition::Ge { .. } => ">=",
                    Condition::Eq { .. } => "=",
                    Condition::Ne { .. } => "!=",
                    Condition::Between { .. } => "between",
                    Condition::OneOf { .. } => "one_of",
                };
                let expected = match cond {
                    Condition::OneOf { .. } => "option",
                    _ => "number",
                };
                self.err(mismatch(op, expected));
                return None;
            }
        };
        Some(test)
    }
}

/// An indicator's contribution in score units for a value of its source, and the index of the
/// matching points case (points) or whether it is met (as `Some(0)`, count/weighted).
#[inline(always)]
pub(crate) fn contribution(
    method: Method,
    test: Option<&Test>,
    weight_units: i128,
    cases: &[(Test, Num, i128)],
    v: &Input,
) -> (i128, Option<usize>) {
    match method {
        Method::Count | Method::Weighted => {
            if test.is_some_and(|t| t.holds(v)) {
                (weight_units, Some(0))
            } else {
                (0, None)
            }
        }
        Method::Points => {
            for (i, (t, _, u)) in cases.iter().enumerate() {
                if t.holds(v) {
                    return (*u, Some(i));
                }
            }
            (0, None)
        }
    }
}

/// Evaluates a derived value from a row of typed answers. `Ok(None)` when a question it reads is not
/// answered. Allocation-free: derived values are recomputed where used rather than cached.
pub(crate) fn derived_value(
    engine: &Engine,
    d: usize,
    row: &[Option<Input>],
) -> Result<Option<Num>, ArithError> {
    enum E {
        Missing,
        Arith(ArithError),
    }
    impl From<ArithError> for E {
        fn from(e: ArithError) -> E {
            E::Arith(e)
        }
    }
    fn go(engine: &Engine, d: usize, row: &[Option<Input>]) -> Result<Num, E> {
        let nq = engine.questions.len();
        let Some(info) = engine.derived.get(d) else {
            return Err(E::Missing);
        };
        info.expr.eval(&|slot: u32| {
            let s = slot as usize;
            if s < nq {
                match row.get(s) {
                    Some(Some(Input::Num(n))) => Ok(*n),
                    _ => Err(E::Missing),
                }
            } else {
                go(engine, s - nq, row)
            }
        })
    }
    match go(engine, d, row) {
        Ok(n) => Ok(Some(n)),
        Err(E::Missing) => Ok(None),
        Err(E::Arith(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    #[test]
    fn representatives_cover_every_piece() {
        // (break points, lowest, highest, whole numbers, expected representatives)
        type Case<'a> = (
            Vec<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            bool,
            Vec<&'a str>,
        );
        let cases: Vec<Case> = vec![
            (vec![], None, None, false, vec!["0"]),
            (vec!["8"], None, None, false, vec!["7", "8", "9"]),
            (vec!["8"], Some("0"), None, false, vec!["0", "4", "8", "9"]),
            (
                vec!["8", "10"],
                None,
                None,
                true,
                vec!["7", "8", "9", "10", "11"],
            ),
            (
                vec!["7.5"],
                Some("0"),
                Some("20"),
                true,
                vec!["0", "1", "8", "20"],
            ),
            (
                vec!["30"],
                Some("0"),
                Some("20"),
                false,
                vec!["0", "10", "20"],
            ),
            (vec!["1/3"], None, None, false, vec!["-2/3", "1/3", "4/3"]),
        ];
        for (breaks, lo, hi, integer, want) in cases {
            let breaks: Vec<Num> = breaks.into_iter().map(n).collect();
            let got = representatives(&breaks, lo.map(n), hi.map(n), integer);
            let want: Vec<Num> = want.into_iter().map(n).collect();
            assert_eq!(got, want, "{breaks:?} {lo:?} {hi:?} {integer}");
        }
    }
}
