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

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::assess::Classified;
use crate::compile::Engine;
use crate::model::{Bound, Method, RuleSet};
use crate::num::Num;
use crate::table::{RowCode, RowProblem};
use crate::text::Lang;

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

impl Tally {
    fn add(&mut self, weight: Num) -> Option<()> {
        self.households = self.households.checked_add(1)?;
        self.weight = self.weight.checked_add(weight)?;
        Some(())
    }

    fn merge(&mut self, other: &Tally) -> Option<()> {
        self.households = self.households.checked_add(other.households)?;
        self.weight = self.weight.checked_add(other.weight)?;
        Some(())
    }
}

/// The Alkire–Foster sums of one cell (cluster × group), from which the figures are computed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct AfSums {
    /// Σ w over assessed households.
    n: Num,
    /// Σ w over poor households.
    q: Num,
    /// Σ w c over poor households.
    intensity: Num,
    /// Per indicator: Σ w over poor households deprived in it.
    censored: Vec<Num>,
    /// Per indicator: Σ w × weight over poor households deprived in it.
    weighted: Vec<Num>,
}

impl AfSums {
    fn merge(&mut self, other: &AfSums) -> Option<()> {
        self.n = self.n.checked_add(other.n)?;
        self.q = self.q.checked_add(other.q)?;
        self.intensity = self.intensity.checked_add(other.intensity)?;
        for (a, b) in self.censored.iter_mut().zip(&other.censored) {
            *a = a.checked_add(*b)?;
        }
        for (a, b) in self.weighted.iter_mut().zip(&other.weighted) {
            *a = a.checked_add(*b)?;
        }
        Some(())
    }
}

/// The tallies of one cluster × group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Cell {
    /// Per class, in the rule set's order.
    classes: Vec<Tally>,
    unassessable: Tally,
    /// Present for weighted rule sets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    af: Option<AfSums>,
}

impl Cell {
    fn merge(&mut self, other: &Cell) -> Option<()> {
        for (a, b) in self.classes.iter_mut().zip(&other.classes) {
            a.merge(b)?;
        }
        self.unassessable.merge(&other.unassessable)?;
        if let (Some(a), Some(b)) = (self.af.as_mut(), other.af.as_ref()) {
            a.merge(b)?;
        }
        Some(())
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

/// The accumulator of one rule set's statistics over many households.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    ruleset: String,
    method: Method,
    classes: Vec<String>,
    clusters: Vec<String>,
    indicators: Vec<String>,
    /// Weight of each indicator in each cluster (`weights[cluster][indicator]`), under `weighted`.
    weights: Vec<Vec<Option<Num>>>,
    /// Per cluster: the indicator index behind each bit of [`Classified::met`].
    bits: Vec<Vec<usize>>,
    /// The poverty cut-off, under `weighted`.
    k: Option<Bound>,
    by: Vec<String>,
    /// Group keys (values of the `by` columns), in order of first appearance.
    groups: Vec<Vec<String>>,
    /// `cells[group * (clusters + 1) + cluster]`; the last cluster slot holds households whose cluster
    /// is unknown.
    cells: Vec<Cell>,
    unassessable: BTreeMap<RowCode, Tally>,
    problems: Vec<RowProblem>,
    problems_omitted: u64,
    problem_limit: usize,
    overflow: bool,
    /// Group key (values joined by U+001F) → group index; rebuilt after deserialisation.
    #[serde(skip)]
    group_index: HashMap<String, usize>,
    #[serde(skip)]
    key: String,
}

impl Summary {
    /// An empty summary of `rules`, grouped by the columns named in `by` (any number), with the poverty
    /// cut-off `k` for the Alkire–Foster figures of a weighted rule set (`None`: the
    /// [default](default_poverty_cutoff)). `k` is ignored for other methods.
    pub fn new(rules: &RuleSet, by: &[String], k: Option<Bound>) -> Summary {
        let weighted = rules.method == Method::Weighted;
        let weights = rules
            .clusters
            .iter()
            .map(|c| {
                rules
                    .indicators
                    .iter()
                    .map(|i| {
                        c.indicators
                            .iter()
                            .find(|ci| ci.indicator == i.id)
                            .and_then(|ci| ci.weight)
                    })
                    .collect()
            })
            .collect();
        // The engine numbers a cluster's indicators in the cluster's order (see `for_engine`).
        let bits = rules
            .clusters
            .iter()
            .map(|c| {
                c.indicators
                    .iter()
                    .map(|ci| {
                        rules
                            .indicators
                            .iter()
                            .position(|i| i.id == ci.indicator)
                            .unwrap_or(usize::MAX)
                    })
                    .collect()
            })
            .collect();
        Summary {
            ruleset: rules.id.clone(),
            method: rules.method,
            classes: rules.classes.iter().map(|c| c.id.clone()).collect(),
            clusters: rules.clusters.iter().map(|c| c.id.clone()).collect(),
            indicators: rules.indicators.iter().map(|i| i.id.clone()).collect(),
            weights,
            bits,
            k: weighted.then(|| k.unwrap_or_else(|| default_poverty_cutoff(rules))),
            by: by.to_vec(),
            groups: Vec::new(),
            cells: Vec::new(),
            unassessable: BTreeMap::new(),
            problems: Vec::new(),
            problems_omitted: 0,
            problem_limit: DEFAULT_PROBLEM_LIMIT,
            overflow: false,
            group_index: HashMap::new(),
            key: String::new(),
        }
    }

    /// An empty summary of `engine`'s rule set, as [`Summary::new`], reading met indicators from
    /// [`Classified::met`] the way the engine numbers them.
    pub fn for_engine(engine: &Engine, by: &[String], k: Option<Bound>) -> Summary {
        let mut s = Summary::new(engine.rules(), by, k);
        let rules = engine.rules();
        s.bits = (0..rules.clusters.len())
            .map(|c| {
                (0..engine.indicator_count(c))
                    .map(|bit| {
                        engine
                            .indicator_for_bit(c, bit)
                            .and_then(|ind| rules.indicators.iter().position(|i| i.id == ind.id))
                            .unwrap_or(usize::MAX)
                    })
                    .collect()
            })
            .collect();
        s
    }

    /// Counts a household classed by [`Engine::classify_row`] (see [`Summary::add`]).
    pub fn add_classified<'a>(
        &mut self,
        cluster: usize,
        group: impl IntoIterator<Item = &'a str>,
        weight: Num,
        classified: &Classified,
    ) {
        let mask = classified.met;
        let bits = std::mem::take(&mut self.bits);
        let map = bits.get(cluster).map_or(&[][..], Vec::as_slice);
        let met = Bits(mask).filter_map(|b| map.get(b).copied());
        self.add(
            cluster,
            group,
            weight,
            usize::from(classified.class),
            classified.score,
            met,
        );
        self.bits = bits;
    }

    /// How many row problems to keep in the list (all are counted regardless).
    pub fn set_problem_limit(&mut self, limit: usize) {
        self.problem_limit = limit;
    }

    /// The rule set's id.
    pub fn ruleset(&self) -> &str {
        &self.ruleset
    }

    /// The poverty cut-off in use (weighted rule sets only).
    pub fn poverty_cutoff(&self) -> Option<Bound> {
        self.k
    }

    /// Whether a sum overflowed (the figures are then incomplete).
    pub fn overflowed(&self) -> bool {
        self.overflow
    }

    fn is_poor(&self, score: Num) -> bool {
        match self.k {
            Some(k) if k.inclusive => score >= k.value,
            Some(k) => score > k.value,
            None => false,
        }
    }

    fn new_cell(&self) -> Cell {
        Cell {
            classes: vec![Tally::default(); self.classes.len()],
            unassessable: Tally::default(),
            af: self.k.map(|_| AfSums {
                censored: vec![Num::ZERO; self.indicators.len()],
                weighted: vec![Num::ZERO; self.indicators.len()],
                ..AfSums::default()
            }),
        }
    }

    /// The index in `cells` of `cluster` (`None`: unknown) in the group whose key is in `self.key`,
    /// making the group when it is new.
    fn slot(&mut self, cluster: Option<usize>) -> usize {
        if self.group_index.len() != self.groups.len() {
            self.group_index = self
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| (g.join("\u{1f}"), i))
                .collect();
        }
        let group = match self.group_index.get(self.key.as_str()) {
            Some(g) => *g,
            None => {
                let g = self.groups.len();
                self.groups.push(
                    self.key
                        .split('\u{1f}')
                        .take(self.by.len())
                        .map(str::to_owned)
                        .collect(),
                );
                self.group_index.insert(self.key.clone(), g);
                let new = self.new_cell();
                self.cells
                    .extend(std::iter::repeat_n(new, self.clusters.len() + 1));
                g
            }
        };
        let width = self.clusters.len() + 1;
        let slot = cluster
            .filter(|c| *c < self.clusters.len())
            .unwrap_or(self.clusters.len());
        group * width + slot
    }

    /// Puts the group key of `group` (values joined by U+001F, one per `by` column) in `self.key`.
    fn set_key<'a>(&mut self, group: impl IntoIterator<Item = &'a str>) {
        self.key.clear();
        let mut values = group.into_iter();
        for i in 0..self.by.len() {
            if i > 0 {
                self.key.push('\u{1f}');
            }
            if let Some(value) = values.next() {
                // The separator cannot appear inside a value.
                self.key
                    .extend(value.trim().chars().filter(|c| *c != '\u{1f}'));
            }
        }
    }

    /// Counts an assessed household: its cluster, the values of its grouping columns (in the order of
    /// `by`), its weight, its class (index into the rule set's classes), its score, and the indicators it
    /// is deprived in / meets (indices into the rule set's indicators; used by weighted rule sets).
    pub fn add<'a>(
        &mut self,
        cluster: usize,
        group: impl IntoIterator<Item = &'a str>,
        weight: Num,
        class: usize,
        score: Num,
        met: impl IntoIterator<Item = usize>,
    ) {
        self.set_key(group);
        let poor = self.is_poor(score);
        let slot = self.slot(Some(cluster));
        let cluster_weights = self.weights.get(cluster).map_or(&[][..], Vec::as_slice);
        let ok = (|| {
            let cell = self.cells.get_mut(slot)?;
            cell.classes.get_mut(class)?.add(weight)?;
            if let Some(af) = cell.af.as_mut() {
                af.n = af.n.checked_add(weight)?;
                if poor {
                    af.q = af.q.checked_add(weight)?;
                    af.intensity = af.intensity.checked_add(weight.checked_mul(score)?)?;
                    for j in met {
                        let w = cluster_weights
                            .get(j)
                            .copied()
                            .flatten()
                            .unwrap_or(Num::ZERO);
                        if let Some(c) = af.censored.get_mut(j) {
                            *c = c.checked_add(weight)?;
                        }
                        if let Some(c) = af.weighted.get_mut(j) {
                            *c = c.checked_add(weight.checked_mul(w)?)?;
                        }
                    }
                }
            }
            Some(())
        })();
        if ok.is_none() {
            self.overflow = true;
        }
    }

    /// Counts a household that cannot be assessed: its cluster when known, its group, its weight (zero
    /// when the weight itself is what is wrong), and the reason.
    pub fn add_unassessable<'a>(
        &mut self,
        cluster: Option<usize>,
        group: impl IntoIterator<Item = &'a str>,
        weight: Num,
        problem: RowProblem,
    ) {
        self.set_key(group);
        let slot = self.slot(cluster);
        let ok = (|| {
            self.cells.get_mut(slot)?.unassessable.add(weight)?;
            self.unassessable
                .entry(problem.code)
                .or_default()
                .add(weight)
        })();
        if ok.is_none() {
            self.overflow = true;
        }
        if self.problems.len() < self.problem_limit {
            self.problems.push(problem);
        } else {
            self.problems_omitted = self.problems_omitted.saturating_add(1);
        }
    }

    /// Adds the households of `other`, a summary of the same rule set with the same grouping columns
    /// and cut-off (e.g. of the next chunk of the same file).
    pub fn merge(&mut self, other: &Summary) -> Result<(), StatsError> {
        if self.ruleset != other.ruleset
            || self.classes != other.classes
            || self.clusters != other.clusters
            || self.indicators != other.indicators
            || self.by != other.by
            || self.k != other.k
        {
            return Err(StatsError::Mismatch);
        }
        let width = self.clusters.len() + 1;
        for (g, key) in other.groups.iter().enumerate() {
            self.key = key.join("\u{1f}");
            for slot in 0..width {
                let Some(theirs) = other.cells.get(g * width + slot) else {
                    continue;
                };
                let cluster = (slot < self.clusters.len()).then_some(slot);
                let mine = self.slot(cluster);
                let ok = self.cells.get_mut(mine).and_then(|m| m.merge(theirs));
                if ok.is_none() {
                    self.overflow = true;
                }
            }
        }
        for (code, tally) in &other.unassessable {
            if self
                .unassessable
                .entry(*code)
                .or_default()
                .merge(tally)
                .is_none()
            {
                self.overflow = true;
            }
        }
        let room = self.problem_limit.saturating_sub(self.problems.len());
        self.problems
            .extend(other.problems.iter().take(room).cloned());
        let dropped = other.problems.len().saturating_sub(room) as u64;
        self.problems_omitted = self
            .problems_omitted
            .saturating_add(other.problems_omitted)
            .saturating_add(dropped);
        self.overflow |= other.overflow;
        if self.overflow {
            return Err(StatsError::Overflow);
        }
        Ok(())
    }

    /// Sums the cells that `pick(group, cluster slot)` selects into one.
    fn sum(&self, pick: impl Fn(usize, usize) -> bool) -> Option<Cell> {
        let width = self.clusters.len() + 1;
        let mut total = self.new_cell();
        for (i, cell) in self.cells.iter().enumerate() {
            if pick(i / width, i % width) {
                total.merge(cell)?;
            }
        }
        Some(total)
    }

    fn block(&self, cluster: Option<usize>, group: Option<usize>) -> Option<Block> {
        let width = self.clusters.len() + 1;
        let cell = self.sum(|g, c| {
            group.is_none_or(|wanted| wanted == g) && cluster.is_none_or(|wanted| wanted == c)
        })?;
        let mut assessed = Tally::default();
        for t in &cell.classes {
            assessed.merge(t)?;
        }
        let mut all = assessed;
        all.merge(&cell.unassessable)?;
        let classes = self
            .classes
            .iter()
            .zip(&cell.classes)
            .map(|(id, t)| ClassTally {
                class: id.clone(),
                households: t.households,
                weight: t.weight,
                share: Figure::ratio(t.weight, assessed.weight),
            })
            .collect();
        let af = match cell.af.as_ref() {
            Some(sums) => Some(self.af(sums, cluster.filter(|c| *c < width - 1))?),
            None => None,
        };
        Some(Block {
            cluster: cluster.and_then(|c| self.clusters.get(c).cloned().or(Some(String::new()))),
            group: group.and_then(|g| self.groups.get(g).cloned()),
            households: all.households,
            weight: all.weight,
            assessed,
            unassessable: cell.unassessable,
            classes,
            af,
        })
    }

    fn af(&self, s: &AfSums, cluster: Option<usize>) -> Option<AfFigures> {
        let mut indicators = Vec::new();
        for (j, id) in self.indicators.iter().enumerate() {
            // The indicator's weights in the clusters the block covers.
            let mut weights = self
                .weights
                .iter()
                .enumerate()
                .filter(|(c, _)| cluster.is_none_or(|wanted| wanted == *c))
                .filter_map(|(_, w)| w.get(j).copied().flatten());
            let Some(first) = weights.next() else {
                continue;
            };
            let uniform = weights.all(|w| w == first);
            let censored = s.censored.get(j).copied().unwrap_or(Num::ZERO);
            let weighted = s.weighted.get(j).copied().unwrap_or(Num::ZERO);
            indicators.push(AfIndicator {
                indicator: id.clone(),
                weight: uniform.then_some(first),
                censored_headcount: Figure::ratio(censored, s.n),
                contribution: Figure::ratio(weighted, s.intensity),
            });
        }
        Some(AfFigures {
            k: self.k?,
            n: s.n,
            q: s.q,
            h: Figure::ratio(s.q, s.n),
            a: Figure::ratio(s.intensity, s.q),
            m0: Figure::ratio(s.intensity, s.n),
            indicators,
        })
    }

    /// The figures: overall, per cluster, per group, per cluster × group.
    pub fn report(&self) -> Report {
        let width = self.clusters.len() + 1;
        let used = |slot: usize| {
            self.cells
                .iter()
                .enumerate()
                .any(|(i, c)| i % width == slot && c != &self.new_cell())
        };
        // Clusters in the rule set's order, then "unknown" when some household had none.
        let slots: Vec<usize> = (0..self.clusters.len())
            .chain(used(self.clusters.len()).then_some(self.clusters.len()))
            .collect();
        let mut overflow = self.overflow;
        let mut blocks =
            |cluster: Option<usize>, group: Option<usize>| match self.block(cluster, group) {
                Some(b) => Some(b),
                None => {
                    overflow = true;
                    None
                }
            };
        let total = blocks(None, None).unwrap_or_default();
        let by_cluster = slots
            .iter()
            .filter_map(|c| blocks(Some(*c), None))
            .collect();
        let (by_group, by_cluster_group) = if self.by.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            let by_group = (0..self.groups.len())
                .filter_map(|g| blocks(None, Some(g)))
                .collect();
            let by_cluster_group = (0..self.groups.len())
                .flat_map(|g| slots.iter().map(move |c| (g, *c)))
                .filter(|(g, c)| {
                    self.cells
                        .get(g * width + c)
                        .is_some_and(|cell| cell != &self.new_cell())
                })
                .filter_map(|(g, c)| blocks(Some(c), Some(g)))
                .collect();
            (by_group, by_cluster_group)
        };
        Report {
            ruleset: self.ruleset.clone(),
            method: self.method,
            classes: self.classes.clone(),
            clusters: self.clusters.clone(),
            by: self.by.clone(),
            poverty_cutoff: self.k,
            total,
            by_cluster,
            by_group,
            by_cluster_group,
            unassessable: UnassessableReport {
                by_code: self.unassessable.clone(),
                problems: self.problems.clone(),
                problems_omitted: self.problems_omitted,
            },
            overflow,
        }
    }
}

/// The set bits of a mask, lowest first.
struct Bits(u64);

impl Iterator for Bits {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.0 == 0 {
            return None;
        }
        let bit = self.0.trailing_zeros() as usize;
        self.0 &= self.0 - 1;
        Some(bit)
    }
}

/// An exact figure and its decimal, for reading (never for comparing).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The exact value (a number, or a fraction string such as `"7/18"`).
    pub value: Num,
    /// The nearest decimal.
    pub decimal: f64,
}

impl Figure {
    /// `numer / denom`, or `None` when `denom` is zero (e.g. `A` when nobody is poor).
    pub fn ratio(numer: Num, denom: Num) -> Option<Figure> {
        let value = numer.checked_div(denom)?;
        Some(Figure {
            value,
            decimal: value.to_f64(),
        })
    }

    /// As a percentage with one decimal (`33.3 %`), for tables.
    pub fn percent(&self, lang: Lang) -> String {
        let text = format!("{:.1}", self.decimal * 100.0);
        match lang {
            Lang::Id => format!("{} %", text.replace('.', ",")),
            Lang::En => format!("{text} %"),
        }
    }
}

/// A class's count in a block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassTally {
    /// The class id.
    pub class: String,
    /// Households in it.
    pub households: u64,
    /// Their summed weight (people, with a household-size weight).
    pub weight: Num,
    /// Its share of the assessed weight of the block (`None` when nobody was assessed).
    pub share: Option<Figure>,
}

/// The Alkire–Foster figures of a block of households (weighted rule sets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AfFigures {
    /// The poverty cut-off used.
    pub k: Bound,
    /// Σ weights of the assessed households.
    pub n: Num,
    /// Σ weights of the poor.
    pub q: Num,
    /// Headcount ratio H = q / n.
    pub h: Option<Figure>,
    /// Intensity A = Σ c_i(k) / q.
    pub a: Option<Figure>,
    /// Adjusted headcount M0 = H × A.
    pub m0: Option<Figure>,
    /// Per indicator with a weight in the block's clusters.
    pub indicators: Vec<AfIndicator>,
}

/// One indicator's Alkire–Foster figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AfIndicator {
    /// The indicator id.
    pub indicator: String,
    /// Its weight, when it is the same in every cluster of the block.
    pub weight: Option<Num>,
    /// Share of the block that is poor and deprived in it.
    pub censored_headcount: Option<Figure>,
    /// Its share of M0 (all sum to 1).
    pub contribution: Option<Figure>,
}

/// The figures of a block of households: all, a cluster, a group, or a cluster × group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// The cluster id (`""`: households whose cluster is unknown), or `None` for all clusters.
    pub cluster: Option<String>,
    /// The group's values (one per `by` column), or `None` for all groups.
    pub group: Option<Vec<String>>,
    /// All households, assessed or not.
    pub households: u64,
    /// Their summed weight.
    pub weight: Num,
    /// The assessed households.
    pub assessed: Tally,
    /// The households that could not be assessed.
    pub unassessable: Tally,
    /// Per class, in the rule set's order (most severe first).
    pub classes: Vec<ClassTally>,
    /// Alkire–Foster figures (weighted rule sets).
    pub af: Option<AfFigures>,
}

/// The households that could not be assessed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnassessableReport {
    /// Households per reason.
    pub by_code: BTreeMap<RowCode, Tally>,
    /// The first problems, each with its line.
    pub problems: Vec<RowProblem>,
    /// How many more problems there were than are listed.
    pub problems_omitted: u64,
}

/// The figures of one rule set over a household file (what `timbang summary --json` prints).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The rule set's id.
    pub ruleset: String,
    /// Its method.
    pub method: Method,
    /// Its class ids, most severe first.
    pub classes: Vec<String>,
    /// Its cluster ids.
    pub clusters: Vec<String>,
    /// The grouping columns.
    pub by: Vec<String>,
    /// The poverty cut-off of the Alkire–Foster figures (weighted rule sets).
    pub poverty_cutoff: Option<Bound>,
    /// All households.
    pub total: Block,
    /// Per cluster (and households of unknown cluster, as cluster `""`, when there are any).
    pub by_cluster: Vec<Block>,
    /// Per group (empty without grouping columns).
    pub by_group: Vec<Block>,
    /// Per cluster × group that has households (empty without grouping columns).
    pub by_cluster_group: Vec<Block>,
    /// The households that could not be assessed, with reasons.
    pub unassessable: UnassessableReport,
    /// Whether a sum overflowed, leaving figures incomplete.
    pub overflow: bool,
}

/// The transition matrix between two rule sets on the same households: how many households in each
/// class of A are in each class of B. The last row and column are "not assessable".
///
/// ```
/// use timbang_engine::stats::Transition;
/// use timbang_engine::{Num, RuleSet};
/// let a: RuleSet = serde_json::from_str(timbang_engine::stats::EXAMPLE_RULES).unwrap();
/// let mut t = Transition::new(&a, &a);
/// t.add(Some(0), Some(1), Num::ONE);
/// t.add(None, Some(1), Num::int(4));
/// assert_eq!(t.get(Some(0), Some(1)).unwrap().households, 1);
/// assert_eq!(t.get(None, Some(1)).unwrap().weight, Num::int(4));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transition {
    /// Rule set A's id.
    pub a: String,
    /// Rule set B's id.
    pub b: String,
    /// A's class ids (rows), most severe first.
    pub a_classes: Vec<String>,
    /// B's class ids (columns).
    pub b_classes: Vec<String>,
    /// `cells[row][column]`, with a last row and column for "not assessable".
    pub cells: Vec<Vec<Tally>>,
    overflow: bool,
}

impl Transition {
    /// An empty matrix between rule sets `a` (rows) and `b` (columns).
    pub fn new(a: &RuleSet, b: &RuleSet) -> Transition {
        Transition {
            a: a.id.clone(),
            b: b.id.clone(),
            a_classes: a.classes.iter().map(|c| c.id.clone()).collect(),
            b_classes: b.classes.iter().map(|c| c.id.clone()).collect(),
            cells: vec![vec![Tally::default(); b.classes.len() + 1]; a.classes.len() + 1],
            overflow: false,
        }
    }

    fn index(&self, a: Option<usize>, b: Option<usize>) -> (usize, usize) {
        let row = a
            .filter(|i| *i < self.a_classes.len())
            .unwrap_or(self.a_classes.len());
        let col = b
            .filter(|i| *i < self.b_classes.len())
            .unwrap_or(self.b_classes.len());
        (row, col)
    }

    /// Counts a household of class `a` under A and `b` under B (`None`: not assessable).
    pub fn add(&mut self, a: Option<usize>, b: Option<usize>, weight: Num) {
        let (row, col) = self.index(a, b);
        let ok = self
            .cells
            .get_mut(row)
            .and_then(|r| r.get_mut(col))
            .and_then(|t| t.add(weight));
        if ok.is_none() {
            self.overflow = true;
        }
    }

    /// The tally of households in class `a` under A and `b` under B.
    pub fn get(&self, a: Option<usize>, b: Option<usize>) -> Option<&Tally> {
        let (row, col) = self.index(a, b);
        self.cells.get(row).and_then(|r| r.get(col))
    }

    /// Whether a sum overflowed.
    pub fn overflowed(&self) -> bool {
        self.overflow
    }

    /// Adds the households of `other`, a matrix between the same two rule sets.
    pub fn merge(&mut self, other: &Transition) -> Result<(), StatsError> {
        if self.a != other.a
            || self.b != other.b
            || self.a_classes != other.a_classes
            || self.b_classes != other.b_classes
        {
            return Err(StatsError::Mismatch);
        }
        for (mine, theirs) in self.cells.iter_mut().zip(&other.cells) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                if m.merge(t).is_none() {
                    self.overflow = true;
                }
            }
        }
        self.overflow |= other.overflow;
        if self.overflow {
            Err(StatsError::Overflow)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    fn rules() -> RuleSet {
        serde_json::from_str(EXAMPLE_RULES).unwrap()
    }

    /// Indicators: 0 gizi 1/6, 1 sekolah 1/6, 2 air 1/18, 3 listrik 1/18, 4 aset 5/9.
    /// (score, deprived in, household size, kecamatan)
    fn households() -> Vec<(&'static str, Vec<usize>, i64, &'static str)> {
        vec![
            ("1/3", vec![0, 1], 4, "Bissappu"), // exactly at the cut-off: poor
            ("5/18", vec![0, 2, 3], 2, "Uluere"), // just below: not poor
            ("5/9", vec![4], 3, "Bissappu"),    // poor
            ("0", vec![], 1, "Uluere"),         // not poor
        ]
    }

    fn summarise(weighted: bool, k: Option<Bound>, by: &[String]) -> Summary {
        let mut s = Summary::new(&rules(), by, k);
        for (score, met, size, kec) in households() {
            let score = n(score);
            let class = if score >= n("1/3") { 0 } else { 1 };
            let weight = if weighted { Num::int(size) } else { Num::ONE };
            s.add(0, [kec], weight, class, score, met);
        }
        s
    }

    fn value(f: Option<Figure>) -> Num {
        f.unwrap().value
    }

    #[test]
    fn alkire_foster_per_household_by_hand() {
        let report = summarise(false, None, &[]).report();
        let af = report.total.af.unwrap();
        assert_eq!((af.n, af.q), (n("4"), n("2")));
        assert_eq!(value(af.h), n("1/2"));
        assert_eq!(value(af.a), n("4/9"), "(1/3 + 5/9) / 2");
        assert_eq!(value(af.m0), n("2/9"));
        let got: Vec<(&str, Num, Num)> = af
            .indicators
            .iter()
            .map(|i| {
                (
                    i.indicator.as_str(),
                    value(i.censored_headcount),
                    value(i.contribution),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("gizi", n("1/4"), n("3/16")),
                ("sekolah", n("1/4"), n("3/16")),
                ("air", n("0"), n("0")),
                ("listrik", n("0"), n("0")),
                ("aset", n("1/4"), n("5/8")),
            ]
        );
        // Contributions are w_j h_j / M0 and sum to exactly 1.
        let mut sum = Num::ZERO;
        for i in &af.indicators {
            let w = i.weight.unwrap();
            let expected = w
                .checked_mul(value(i.censored_headcount))
                .unwrap()
                .checked_div(value(af.m0))
                .unwrap();
            assert_eq!(value(i.contribution), expected, "{}", i.indicator);
            sum = sum.checked_add(value(i.contribution)).unwrap();
        }
        assert_eq!(sum, Num::ONE);
        let classes: Vec<(u64, Num)> = report
            .total
            .classes
            .iter()
            .map(|c| (c.households, c.share.unwrap().value))
            .collect();
        assert_eq!(classes, vec![(2, n("1/2")), (2, n("1/2"))]);
    }

    #[test]
    fn alkire_foster_per_person_by_hand() {
        let report = summarise(true, None, &[]).report();
        let af = report.total.af.unwrap();
        assert_eq!((af.n, af.q), (n("10"), n("7")));
        assert_eq!(value(af.h), n("7/10"));
        assert_eq!(value(af.a), n("3/7"), "(4 × 1/3 + 3 × 5/9) / 7");
        assert_eq!(value(af.m0), n("3/10"));
        let contributions: Vec<Num> = af
            .indicators
            .iter()
            .map(|i| value(i.contribution))
            .collect();
        assert_eq!(
            contributions,
            vec![n("2/9"), n("2/9"), n("0"), n("0"), n("5/9")]
        );
        assert_eq!(report.total.households, 4);
        assert_eq!(report.total.weight, n("10"));
        assert_eq!(report.total.classes[0].weight, n("7"));
    }

    #[test]
    fn the_cut_off_decides_the_boundary() {
        let cases: &[(&str, bool, &str, &str)] = &[
            // k, inclusive, H, M0
            ("1/3", true, "1/2", "2/9"),
            ("1/3", false, "1/4", "5/36"),
            ("5/9", true, "1/4", "5/36"),
            ("5/9", false, "0", "0"),
            ("0", true, "1", "7/24"), // (1/3 + 5/18 + 5/9 + 0) / 4
        ];
        for (k, inclusive, h, m0) in cases {
            let bound = Bound {
                value: n(k),
                inclusive: *inclusive,
            };
            let af = summarise(false, Some(bound), &[])
                .report()
                .total
                .af
                .unwrap();
            assert_eq!(value(af.h), n(h), "k {k} {inclusive}");
            assert_eq!(value(af.m0), n(m0), "k {k} {inclusive}");
        }
    }

    #[test]
    fn nobody_poor_gives_no_intensity() {
        let bound = Bound {
            value: n("1"),
            inclusive: false,
        };
        let af = summarise(false, Some(bound), &[])
            .report()
            .total
            .af
            .unwrap();
        assert_eq!(value(af.h), Num::ZERO);
        assert_eq!(af.a, None);
        assert_eq!(af.indicators[0].contribution, None);
    }

    #[test]
    fn groups_and_unassessable_households() {
        let by = vec!["Kecamatan".to_owned()];
        let mut s = summarise(true, None, &by);
        let problem = RowProblem::new(9, RowCode::InvalidAnswer).with_question("q");
        s.add_unassessable(Some(0), [" Uluere "], Num::int(5), problem);
        let problem = RowProblem::new(10, RowCode::ClusterUnknown);
        s.add_unassessable(None, ["Bissappu"], Num::ONE, problem);
        let r = s.report();
        assert_eq!(r.total.households, 6);
        assert_eq!(r.total.assessed.households, 4);
        assert_eq!(
            r.total.unassessable,
            Tally {
                households: 2,
                weight: n("6")
            }
        );
        let groups: Vec<(Vec<String>, u64, u64, Num)> = r
            .by_group
            .iter()
            .map(|b| {
                (
                    b.group.clone().unwrap(),
                    b.households,
                    b.classes[0].households,
                    b.af.clone().unwrap().n,
                )
            })
            .collect();
        assert_eq!(
            groups,
            vec![
                (vec!["Bissappu".to_owned()], 3, 2, n("7")),
                (vec!["Uluere".to_owned()], 3, 0, n("3")),
            ]
        );
        let clusters: Vec<(Option<String>, u64)> = r
            .by_cluster
            .iter()
            .map(|b| (b.cluster.clone(), b.households))
            .collect();
        assert_eq!(
            clusters,
            vec![(Some("semua".into()), 5), (Some(String::new()), 1)]
        );
        assert_eq!(
            r.by_cluster_group.len(),
            3,
            "Bissappu×semua, Bissappu×unknown, Uluere×semua"
        );
        assert_eq!(
            r.unassessable.by_code[&RowCode::InvalidAnswer].weight,
            n("5")
        );
        let lines: Vec<u64> = r.unassessable.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![9, 10]);
    }

    #[test]
    fn merged_chunks_equal_the_whole() {
        let by = vec!["Kecamatan".to_owned()];
        let whole = summarise(true, None, &by);
        let mut first = Summary::new(&rules(), &by, None);
        let mut second = Summary::new(&rules(), &by, None);
        for (i, (score, met, size, kec)) in households().into_iter().enumerate() {
            let target = if i % 2 == 0 { &mut first } else { &mut second };
            let class = if n(score) >= n("1/3") { 0 } else { 1 };
            target.add(0, [kec], Num::int(size), class, n(score), met);
        }
        // Through JSON, as between a worker and the page.
        let second: Summary =
            serde_json::from_str(&serde_json::to_string(&second).unwrap()).unwrap();
        first.merge(&second).unwrap();
        assert_eq!(first.report().total, whole.report().total);
        assert_eq!(first.report().by_group.len(), 2);
        // Adding after a round trip still finds existing groups.
        let mut again: Summary =
            serde_json::from_str(&serde_json::to_string(&first).unwrap()).unwrap();
        again.add(0, ["Uluere"], Num::ONE, 1, Num::ZERO, []);
        assert_eq!(again.report().by_group.len(), 2);
        let other = Summary::new(&rules(), &[], None);
        assert_eq!(first.merge(&other), Err(StatsError::Mismatch));
    }

    #[test]
    fn problems_beyond_the_limit_are_counted() {
        let mut s = Summary::new(&rules(), &[], None);
        s.set_problem_limit(2);
        for line in 2..7 {
            s.add_unassessable(
                Some(0),
                [],
                Num::ONE,
                RowProblem::new(line, RowCode::FieldCount),
            );
        }
        let r = s.report();
        assert_eq!(r.unassessable.problems.len(), 2);
        assert_eq!(r.unassessable.problems_omitted, 3);
        assert_eq!(r.unassessable.by_code[&RowCode::FieldCount].households, 5);
    }

    #[test]
    fn transition_counts_and_merges() {
        let a = rules();
        let mut t = Transition::new(&a, &a);
        t.add(Some(0), Some(0), Num::int(3));
        t.add(Some(0), None, Num::int(2));
        t.add(None, None, Num::ONE);
        t.add(Some(1), Some(0), Num::ONE);
        let mut u = Transition::new(&a, &a);
        u.add(Some(0), Some(0), Num::int(4));
        t.merge(&u).unwrap();
        let cells: Vec<Vec<u64>> = t
            .cells
            .iter()
            .map(|r| r.iter().map(|c| c.households).collect())
            .collect();
        assert_eq!(cells, vec![vec![2, 0, 1], vec![1, 0, 0], vec![0, 0, 1]]);
        assert_eq!(t.get(Some(0), Some(0)).unwrap().weight, n("7"));
    }

    #[test]
    fn non_weighted_rule_sets_have_no_af_figures() {
        let mut rules = rules();
        rules.method = Method::Count;
        let mut s = Summary::new(&rules, &[], None);
        s.add(0, [], Num::ONE, 0, Num::int(3), [0, 1, 2]);
        assert!(s.report().total.af.is_none());
        assert!(s.report().poverty_cutoff.is_none());
    }
}
