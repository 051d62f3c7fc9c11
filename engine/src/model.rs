//! The rule-set format, version 1: the types a rule-set JSON file is read into and written from.
//!
//! These types only describe; they do not check meaning. Reading a file is [`crate::load`], checking
//! what it says is [`crate::validate`], and evaluating a household is [`crate::assess`].
//!
//! Field order here is the order of an exported file, so export gives the same bytes each time.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::num::Num;
use crate::text::Text;

/// The value of the `format` field of every version-1 rule set.
pub const FORMAT_V1: &str = "timbang.ruleset/1";

/// A rule set: per cluster, which indicators apply and how they add up to a class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Always `"timbang.ruleset/1"` for this version of the format.
    pub format: String,
    /// A short stable identifier, e.g. `bantaeng-draft` (letters, digits, `-`, `_`).
    pub id: String,
    /// The rule set's name.
    pub name: Text,
    /// The rule set's own version, e.g. `0.1.0` or `2020-07`.
    pub version: String,
    /// The date of this version, `YYYY-MM-DD`.
    pub date: String,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Where the rules come from (publication, workshop, regulation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
    /// The legal basis, e.g. the article of a Perda that asks for a Perbup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<Text>,
    /// `draft` or `final`.
    pub status: Status,
    /// A notice shown wherever the rule set is used, e.g. that it is an illustrative draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<Text>,
    /// What the rule set is and how to read it.
    pub description: Text,
    /// How indicators add up to a score.
    pub method: Method,
    /// The clusters (areas) the rule set distinguishes, each with the indicators that apply there.
    pub clusters: Vec<Cluster>,
    /// What is asked of a household.
    pub questions: Vec<Question>,
    /// Values computed from answers, e.g. floor area per person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<Derived>,
    /// The indicators, each a condition on a question or derived value.
    pub indicators: Vec<Indicator>,
    /// The classes, from the most severe (e.g. `sangat_miskin`) to the least (e.g. `tidak_miskin`),
    /// each with its band on the score.
    pub classes: Vec<Class>,
    /// Look-up tables from score to the likelihood of being below a poverty line (PPI scorecards).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub likelihood: Vec<LikelihoodTable>,
    /// Households with their expected class; they are assessed on every load.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<TestHousehold>,
}

/// Whether a rule set is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Under discussion; results are illustrative.
    Draft,
    /// Adopted.
    Final,
}

/// How the indicators that apply in a cluster add up to a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The number of indicators met (e.g. BPS: at least 9 of 14). Higher is poorer.
    Count,
    /// The sum of the weights of the indicators met; weights sum to 1 in each cluster (Alkire–Foster).
    /// Higher is poorer.
    Weighted,
    /// The sum of the points of each indicator's matching case (a scorecard such as the PPI).
    /// Higher is less poor.
    Points,
}

impl Method {
    /// The identifier used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Count => "count",
            Method::Weighted => "weighted",
            Method::Points => "points",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An area whose households are weighed with the same indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    /// Identifier, e.g. `pesisir`.
    pub id: String,
    /// Name shown to people.
    pub label: Text,
    /// Which places lie in it, or how to tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    /// The indicators that apply here, with their weight and any cluster-specific condition.
    pub indicators: Vec<ClusterIndicator>,
}

/// One indicator as it applies in one cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterIndicator {
    /// The indicator's id.
    pub indicator: String,
    /// Its weight, under `weighted` (e.g. `"1/18"` or `0.25`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Num>,
    /// A condition for this cluster only, replacing the indicator's own (e.g. a land cut-off for lowland).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// Points for this cluster only, replacing the indicator's own, under `points`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<PointsCase>>,
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// Yes or no (`true` / `false`).
    YesNo,
    /// A number, with an optional unit, range and integer constraint.
    Number,
    /// One of a list of options.
    Choice,
}

/// A question asked of a household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Identifier, used in expressions and in household files (lower case, digits, `_`).
    pub id: String,
    /// The question as shown.
    pub label: Text,
    /// Help shown beside the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// The kind of answer.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// Unit of a number (e.g. `m²`, `orang`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// A number in rupiah, shown as `Rp 600.000`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub money: bool,
    /// Smallest number accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Num>,
    /// Largest number accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Num>,
    /// Whether a number must be whole.
    #[serde(default, skip_serializing_if = "is_false")]
    pub integer: bool,
    /// The options of a choice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    /// Whether a household must answer it before it can be classed (default `true`).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// Identifier of the option, as written in answers and household files.
    pub id: String,
    /// The option as shown.
    pub label: Text,
}

/// A value computed from answers with a small arithmetic expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    /// Identifier, usable in indicators and in later expressions.
    pub id: String,
    /// Name shown to people.
    pub label: Text,
    /// The expression: `+ - * /`, parentheses, `min(…)`, `max(…)`, numbers and question or derived ids,
    /// e.g. `luas_lantai / jumlah_anggota`.
    pub expr: String,
    /// Unit of the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// A value in rupiah.
    #[serde(default, skip_serializing_if = "is_false")]
    pub money: bool,
}

/// An indicator: a condition on one question or derived value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Identifier.
    pub id: String,
    /// Name shown to people, phrased as the deprivation (e.g. "Lantai tanah / earth floor").
    pub label: Text,
    /// Explanation shown beside the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// A heading to group indicators under (e.g. MPI dimensions: health, education, living standards).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Text>,
    /// The id of the question or derived value the condition is on.
    pub on: String,
    /// When the indicator is met, under `count` and `weighted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// Points by case under `points`: the first case whose condition holds gives its points; none, zero.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<PointsCase>>,
}

/// A case of a scorecard question: when the condition holds, these points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PointsCase {
    /// When this case applies.
    pub when: Condition,
    /// The points it gives.
    pub points: Num,
}

/// A condition on the value of a question or derived value.
// Read by a hand-written `Deserialize` (condition_de.rs) that behaves as the derived one would under
// these attributes, without serde's buffering of internally tagged enums (~5 KB of gzip in the web
// app). A plain comment, not a doc comment: the schema's description comes from the doc comment.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "op", deny_unknown_fields)]
pub enum Condition {
    /// value < bound
    #[serde(rename = "<")]
    Lt {
        /// The bound.
        value: Num,
    },
    /// value <= bound
    #[serde(rename = "<=")]
    Le {
        /// The bound.
        value: Num,
    },
    /// value > bound
    #[serde(rename = ">")]
    Gt {
        /// The bound.
        value: Num,
    },
    /// value >= bound
    #[serde(rename = ">=")]
    Ge {
        /// The bound.
        value: Num,
    },
    /// value = literal (a yes/no, a number or an option id)
    #[serde(rename = "=")]
    Eq {
        /// The literal.
        value: Value,
    },
    /// value != literal
    #[serde(rename = "!=")]
    Ne {
        /// The literal.
        value: Value,
    },
    /// min <= value <= max (both ends included)
    #[serde(rename = "between")]
    Between {
        /// Lower end, included.
        min: Num,
        /// Upper end, included.
        max: Num,
    },
    /// The chosen option is one of these.
    #[serde(rename = "one_of")]
    OneOf {
        /// Option ids.
        values: Vec<String>,
    },
}

/// A class and its band on the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Class {
    /// Identifier, e.g. `miskin`.
    pub id: String,
    /// Name shown to people.
    pub label: Text,
    /// Colour as `#rrggbb`.
    pub colour: String,
    /// What the class means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Lower end of the band; none means no lower end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Bound>,
    /// Upper end of the band; none means no upper end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Bound>,
}

/// One end of a band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    /// The cut-off.
    pub value: Num,
    /// Whether a score equal to the cut-off is inside the band.
    pub inclusive: bool,
}

crate::pack::packed_struct!(Bound { value, inclusive });
crate::pack::packed_enum!(Method, [Method::Count, Method::Weighted, Method::Points]);

/// A look-up from score ranges to the likelihood of being below a poverty line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LikelihoodTable {
    /// The poverty line, e.g. "100 % of the national line".
    pub label: Text,
    /// Rows, each a score range with both ends included.
    pub rows: Vec<LikelihoodRow>,
}

/// One row of a likelihood table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LikelihoodRow {
    /// Lowest score of the row.
    pub min: Num,
    /// Highest score of the row.
    pub max: Num,
    /// Likelihood in percent.
    pub percent: Num,
}

/// A household stored with a rule set, with the class it must get.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestHousehold {
    /// What the case shows.
    pub name: Text,
    /// Its cluster.
    pub cluster: String,
    /// Its answers, by question id.
    pub answers: BTreeMap<String, Value>,
    /// The class it must get.
    pub expect: String,
}

/// An answer, or a literal in a condition: yes/no, a number, or a text (an option id, or a number
/// written as text).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Num(Num),
    /// A text.
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Num(n) => write!(f, "{n}"),
            Value::Text(t) => f.write_str(t),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Num(n) => n.serialize(s),
            Value::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true, false, a number or a text")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
                Ok(Value::Bool(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Num(Num::int(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
                Num::parse(&v.to_string())
                    .map(Value::Num)
                    .map_err(|e| E::custom(e.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
                Num::from_json_f64(v)
                    .map(Value::Num)
                    .ok_or_else(|| E::custom("number out of range"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
                Ok(Value::Text(v.to_owned()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl JsonSchema for Value {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Value".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "true/false, a number, or a text (an option id, or a number written as text).",
            "type": ["boolean", "number", "string"]
        })
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The JSON Schema of the rule-set format, pretty-printed with a final newline.
///
/// ```
/// let schema = timbang_engine::model::json_schema();
/// assert!(schema.contains("\"clusters\""));
/// ```
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(RuleSet);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
