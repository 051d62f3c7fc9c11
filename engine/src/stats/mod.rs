//! Statistics over many households: counts per class × cluster × group, per household or per person,
//! the Alkire–Foster figures of weighted rule sets, and the transition matrix between two rule sets.
//!
//! A [`Summary`] is an accumulator for one rule set. It is fed one household at a time (its cluster, the
//! values of the grouping columns, a weight, and either its class and score or the reason it cannot be
//! assessed), can be merged with another summary of the same rule set (a web worker summarises a file in
//! chunks), serialised and deserialised as it is (to move between threads), and turned into a
//! [`Report`] of figures.
//!
//! Every figure is exact: counts are integers, weighted counts and the Alkire–Foster figures are
//! [`Num`] rationals, shown as a [`Figure`] (the exact value and a decimal for reading).
//!
//! # Alkire–Foster figures (weighted rule sets)
//!
//! For the assessed households of a block (all, a cluster, a group), with household weight `w_i` (1, or
//! the weight column, e.g. household size, so that figures are per person), deprivation score `c_i` (the
//! rule set's score), and poverty cut-off `k` (household `i` is poor when `c_i ≥ k`):
//!
//! - `n = Σ w_i`, `q = Σ_{poor} w_i`; headcount `H = q / n`;
//! - intensity `A = Σ_{poor} w_i c_i / q`; adjusted headcount `M0 = H × A = Σ_{poor} w_i c_i / n`;
//! - censored headcount of indicator `j`: `h_j = Σ_{poor, deprived in j} w_i / n`;
//! - contribution of `j`: `Σ_{poor, deprived in j} w_i w_j / Σ_{poor} w_i c_i`, which is `w_j h_j / M0`
//!   when `j` has one weight everywhere and sums to 1 over the indicators in every case.
//!
//! Households that cannot be assessed are not in `n`: they are counted apart, with their reasons.
//!
//! ```
//! use timbang_engine::stats::Summary;
//! use timbang_engine::model::Bound;
//! use timbang_engine::{Num, RuleSet};
//! # let rules: RuleSet = serde_json::from_str(timbang_engine::stats::EXAMPLE_RULES).unwrap();
//! let k = Bound { value: Num::ratio(1, 3).unwrap(), inclusive: true };
//! let mut s = Summary::new(&rules, &[], Some(k));
//! // Household 1 is deprived in `gizi` (1/6), `air` and `listrik` (1/18 each): 5/18 < 1/3, not poor.
//! s.add(0, [], Num::ONE, 1, Num::ratio(5, 18).unwrap(), [0, 2, 3]);
//! // Household 2 in `gizi` and `sekolah` (1/6 + 1/6): exactly 1/3, poor.
//! s.add(0, [], Num::ONE, 0, Num::ratio(1, 3).unwrap(), [0, 1]);
//! let report = s.report();
//! let af = report.total.af.unwrap();
//! assert_eq!(af.h.unwrap().value, Num::ratio(1, 2).unwrap());
//! assert_eq!(af.m0.unwrap().value, Num::ratio(1, 6).unwrap());
//! ```

mod report;
mod summary;
mod transition;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Bound, RuleSet};
use crate::num::Num;
use crate::text::Lang;

pub use report::{AfFigures, AfIndicator, Block, ClassTally, Figure, Report, UnassessableReport};
pub(crate) use summary::Alike;
pub use summary::Summary;
pub use transition::Transition;

/// How many row problems a summary keeps by default (all are counted; only these are listed).
pub const DEFAULT_PROBLEM_LIMIT: usize = 10_000;

/// The class ids whose lower bound is the default poverty cut-off `k`, in order of preference.
pub const POOR_CLASS_IDS: [&str; 2] = ["miskin", "poor"];

/// A small weighted rule set for examples and tests: indicators `gizi` and `sekolah` weigh 1/6, `air`
/// and `listrik` 1/18, `aset` 5/9; classes `poor` (≥ 1/3) and `not_poor`.
#[doc(hidden)]
pub const EXAMPLE_RULES: &str = r##"{"format":"timbang.ruleset/1","id":"mini-mpi","name":{"id":"Mini","en":"Mini"},
"version":"1","date":"2024-01-01","status":"draft","description":{"id":"-","en":"-"},"method":"weighted",
"clusters":[{"id":"semua","label":{"id":"Semua","en":"All"},"indicators":[
 {"indicator":"gizi","weight":"1/6"},{"indicator":"sekolah","weight":"1/6"},{"indicator":"air","weight":"1/18"},
 {"indicator":"listrik","weight":"1/18"},{"indicator":"aset","weight":"5/9"}]}],
"questions":[{"id":"q","label":{"id":"Q","en":"Q"},"type":"yes_no"}],
"indicators":[{"id":"gizi","label":{"id":"Gizi","en":"Nutrition"},"on":"q","condition":{"op":"=","value":true}},
 {"id":"sekolah","label":{"id":"Sekolah","en":"Schooling"},"on":"q","condition":{"op":"=","value":true}},
 {"id":"air","label":{"id":"Air","en":"Water"},"on":"q","condition":{"op":"=","value":true}},
 {"id":"listrik","label":{"id":"Listrik","en":"Electricity"},"on":"q","condition":{"op":"=","value":true}},
 {"id":"aset","label":{"id":"Aset","en":"Assets"},"on":"q","condition":{"op":"=","value":true}}],
"classes":[{"id":"poor","label":{"id":"Miskin","en":"Poor"},"colour":"#aa0000","from":{"value":"1/3","inclusive":true}},
 {"id":"not_poor","label":{"id":"Tidak miskin","en":"Not poor"},"colour":"#00aa00","to":{"value":"1/3","inclusive":false}}]}"##;

/// The default poverty cut-off of a weighted rule set: the lower bound of its class `miskin` or `poor`,
/// else `≥ 1/3` (the global MPI's).
///
/// ```
/// use timbang_engine::stats::default_poverty_cutoff;
/// use timbang_engine::{Num, RuleSet};
/// let rules: RuleSet = serde_json::from_str(timbang_engine::stats::EXAMPLE_RULES).unwrap();
/// let k = default_poverty_cutoff(&rules);
/// assert_eq!((k.value, k.inclusive), (Num::ratio(1, 3).unwrap(), true));
/// ```
pub fn default_poverty_cutoff(rules: &RuleSet) -> Bound {
    POOR_CLASS_IDS
        .iter()
        .find_map(|id| rules.classes.iter().find(|c| c.id == *id))
        .and_then(|c| c.from)
        .unwrap_or(Bound {
            value: Num::ratio(1, 3).unwrap_or(Num::ZERO),
            inclusive: true,
        })
}

/// A number of households and their summed weight (people, when the weight is household size).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Households.
    pub households: u64,
    /// Sum of their weights (equal to `households` without a weight column).
    pub weight: Num,
}

crate::pack::packed_struct!(Tally { households, weight });

impl Tally {
    /// Counts one household of weight `weight`.
    fn add(&mut self, weight: Num) -> Option<()> {
        self.add_alike(1, weight)
    }

    /// Counts `count` households whose weights add up to `weight`.
    fn add_alike(&mut self, count: u64, weight: Num) -> Option<()> {
        self.households = self.households.checked_add(count)?;
        self.weight = self.weight.checked_add(weight)?;
        Some(())
    }

    fn merge(&mut self, other: &Tally) -> Option<()> {
        self.add_alike(other.households, other.weight)
    }
}

/// Why two summaries cannot be merged, or a figure cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatsError {
    /// The summaries are of different rule sets, groupings or cut-offs.
    Mismatch,
    /// A sum grew too large to hold exactly.
    Overflow,
}

impl StatsError {
    /// The message in `lang`.
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (StatsError::Mismatch, Lang::Id) => {
                "ringkasan dari aturan, pengelompokan atau batas kemiskinan yang berbeda tidak dapat digabung"
            }
            (StatsError::Mismatch, Lang::En) => {
                "summaries of different rule sets, groupings or poverty cut-offs cannot be merged"
            }
            (StatsError::Overflow, Lang::Id) => "jumlah terlalu besar untuk dihitung tepat",
            (StatsError::Overflow, Lang::En) => "a sum too large to compute exactly",
        }
    }
}

impl fmt::Display for StatsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message(Lang::En))
    }
}

impl std::error::Error for StatsError {}
