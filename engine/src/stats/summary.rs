//! The [`Summary`] accumulator: one rule set's tallies per cluster × group, merged and turned into a
//! [`Report`].

use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;

use serde::{Deserialize, Serialize};

use super::report::{
    AfFigures, AfIndicator, Block, ClassTally, Figure, Report, UnassessableReport,
};
use super::{default_poverty_cutoff, StatsError, Tally, DEFAULT_PROBLEM_LIMIT};
use crate::assess::Classified;
use crate::compile::Engine;
use crate::hash::WordHasher;
use crate::model::{Bound, Method, RuleSet};
use crate::num::{mul_checked, Num};
use crate::pack::Pack;
use crate::table::{RowCode, RowProblem};

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
    /// The part of `intensity` and of `weighted` from households with a whole-number weight, in units
    /// of 1/[`Summary::unit`], added to them when figures are made. Adding such a household is then
    /// integer arithmetic, where exact fractions took a gcd per sum (a third of the time of a
    /// million-row summary).
    #[serde(default)]
    intensity_units: i128,
    #[serde(default)]
    weighted_units: Vec<i128>,
}

crate::pack::packed_struct!(AfSums {
    n,
    q,
    intensity,
    censored,
    weighted,
    intensity_units,
    weighted_units,
});

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
        self.intensity_units = self.intensity_units.checked_add(other.intensity_units)?;
        for (a, b) in self.weighted_units.iter_mut().zip(&other.weighted_units) {
            *a = a.checked_add(*b)?;
        }
        Some(())
    }

    /// The sums with the integer units added into the exact ones (`unit`: see [`Summary::unit`]).
    fn settled(&self, unit: Option<i128>) -> Option<AfSums> {
        let exact = |sum: Num, units: i128| -> Option<Num> {
            if units == 0 {
                return Some(sum);
            }
            sum.checked_add(Num::ratio(units, unit?)?)
        };
        Some(AfSums {
            n: self.n,
            q: self.q,
            intensity: exact(self.intensity, self.intensity_units)?,
            censored: self.censored.clone(),
            weighted: self
                .weighted
                .iter()
                .zip(self.weighted_units.iter().chain(std::iter::repeat(&0)))
                .map(|(w, u)| exact(*w, *u))
                .collect::<Option<_>>()?,
            intensity_units: 0,
            weighted_units: vec![0; self.weighted_units.len()],
        })
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

crate::pack::packed_struct!(Cell {
    classes,
    unassessable,
    af
});

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
    /// Under `weighted`: the least common denominator D of all weights (every score is a multiple of
    /// 1/D), when it and every weight × D fit; `None` otherwise (every sum is then exact fractions).
    #[serde(default)]
    unit: Option<i128>,
    /// `weights` × D, as integers (0 where an indicator does not apply).
    #[serde(default)]
    weight_units: Vec<Vec<i128>>,
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
    /// The key and group of the previous household: neighbouring rows mostly share their group, and
    /// without grouping columns every row does.
    #[serde(skip)]
    last: Option<(String, usize)>,
}

impl Pack for Summary {
    fn pack(&self, out: &mut Vec<u8>) {
        // Every field but the caches, which are rebuilt as rows are added.
        let Summary {
            ruleset,
            method,
            classes,
            clusters,
            indicators,
            weights,
            unit,
            weight_units,
            bits,
            k,
            by,
            groups,
            cells,
            unassessable,
            problems,
            problems_omitted,
            problem_limit,
            overflow,
            group_index: _,
            key: _,
            last: _,
        } = self;
        ruleset.pack(out);
        method.pack(out);
        classes.pack(out);
        clusters.pack(out);
        indicators.pack(out);
        weights.pack(out);
        unit.pack(out);
        weight_units.pack(out);
        bits.pack(out);
        k.pack(out);
        by.pack(out);
        groups.pack(out);
        cells.pack(out);
        unassessable.pack(out);
        problems.pack(out);
        problems_omitted.pack(out);
        problem_limit.pack(out);
        overflow.pack(out);
    }

    fn unpack(input: &mut &[u8]) -> Option<Summary> {
        Some(Summary {
            ruleset: Pack::unpack(input)?,
            method: Pack::unpack(input)?,
            classes: Pack::unpack(input)?,
            clusters: Pack::unpack(input)?,
            indicators: Pack::unpack(input)?,
            weights: Pack::unpack(input)?,
            unit: Pack::unpack(input)?,
            weight_units: Pack::unpack(input)?,
            bits: Pack::unpack(input)?,
            k: Pack::unpack(input)?,
            by: Pack::unpack(input)?,
            groups: Pack::unpack(input)?,
            cells: Pack::unpack(input)?,
            unassessable: Pack::unpack(input)?,
            problems: Pack::unpack(input)?,
            problems_omitted: Pack::unpack(input)?,
            problem_limit: Pack::unpack(input)?,
            overflow: Pack::unpack(input)?,
            group_index: HashMap::new(),
            key: String::new(),
            last: None,
        })
    }
}

impl Summary {
    /// An empty summary of `rules`, grouped by the columns named in `by` (any number), with the poverty
    /// cut-off `k` for the Alkire–Foster figures of a weighted rule set (`None`: the
    /// [default](default_poverty_cutoff)). `k` is ignored for other methods.
    pub fn new(rules: &RuleSet, by: &[String], k: Option<Bound>) -> Summary {
        let weighted = rules.method == Method::Weighted;
        let weights: Vec<Vec<Option<Num>>> = rules
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
        let (unit, weight_units) = match weighted {
            true => weight_units(&weights).unzip(),
            false => (None, None),
        };
        Summary {
            ruleset: rules.id.clone(),
            method: rules.method,
            classes: rules.classes.iter().map(|c| c.id.clone()).collect(),
            clusters: rules.clusters.iter().map(|c| c.id.clone()).collect(),
            indicators: rules.indicators.iter().map(|i| i.id.clone()).collect(),
            weights,
            unit,
            weight_units: weight_units.unwrap_or_default(),
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
            last: None,
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
        let bits = std::mem::take(&mut self.bits);
        let met = indicators_met(&bits, cluster, classified.met);
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

    /// Moves the line numbers of the listed row problems on by `lines`: the summary of a part of a
    /// file numbered its lines from the part's start.
    pub fn shift_lines(&mut self, lines: u64) {
        for p in &mut self.problems {
            p.line = p.line.saturating_add(lines);
        }
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
                weighted_units: vec![0; self.indicators.len()],
                ..AfSums::default()
            }),
        }
    }

    /// The index in `cells` of `cluster` (`None`: unknown) in the group whose key is in `self.key`,
    /// making the group when it is new.
    fn slot(&mut self, cluster: Option<usize>) -> usize {
        let width = self.clusters.len() + 1;
        let slot = cluster
            .filter(|c| *c < self.clusters.len())
            .unwrap_or(self.clusters.len());
        if self.by.is_empty() && self.groups.len() == 1 {
            // Without grouping columns every household is in the one group.
            return slot;
        }
        if self.group_index.len() != self.groups.len() {
            self.group_index = self
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| (g.join("\u{1f}"), i))
                .collect();
        }
        let cached = match &self.last {
            Some((key, g)) if *key == self.key => Some(*g),
            _ => None,
        };
        let group = match cached.or_else(|| self.group_index.get(self.key.as_str()).copied()) {
            Some(g) => g,
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
        if cached.is_none() {
            match &mut self.last {
                Some((key, g)) => {
                    key.clone_from(&self.key);
                    *g = group;
                }
                None => self.last = Some((self.key.clone(), group)),
            }
        }
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
        let slot = self.slot(Some(cluster));
        self.add_at(slot, cluster, weight, 1, class, score, met);
    }

    /// Counts `count` households alike (see [`Summary::add`]) in cell `slot`: every sum grows by
    /// `count` times what one of them adds, which is exact.
    #[allow(clippy::too_many_arguments)]
    fn add_at(
        &mut self,
        slot: usize,
        cluster: usize,
        weight: Num,
        count: u64,
        class: usize,
        score: Num,
        met: impl IntoIterator<Item = usize>,
    ) {
        // One household (every row of [`Summary::add`]) skips the product: multiplying fractions
        // reduces them, 1.7 % of the instructions of a weighted, grouped file (see `Alike`).
        let total = match count {
            1 => Some(weight),
            _ => i64::try_from(count)
                .ok()
                .and_then(|n| weight.checked_mul(Num::int(n))),
        };
        let Some(weight) = total else {
            self.overflow = true;
            return;
        };
        let poor = self.is_poor(score);
        let cluster_weights = self.weights.get(cluster).map_or(&[][..], Vec::as_slice);
        let cluster_units = self
            .weight_units
            .get(cluster)
            .map_or(&[][..], Vec::as_slice);
        let units = poor.then(|| self.units(weight, score)).flatten();
        let ok = (|| {
            let cell = self.cells.get_mut(slot)?;
            cell.classes.get_mut(class)?.add_alike(count, weight)?;
            if let Some(af) = cell.af.as_mut() {
                af.n = af.n.checked_add(weight)?;
                if poor {
                    af.q = af.q.checked_add(weight)?;
                }
                if let Some((w, score_units)) = units {
                    af.intensity_units = af.intensity_units.checked_add(score_units)?;
                    for j in met {
                        let u = cluster_units.get(j).copied().unwrap_or(0);
                        if let Some(c) = af.censored.get_mut(j) {
                            *c = c.checked_add(weight)?;
                        }
                        if let Some(c) = af.weighted_units.get_mut(j) {
                            *c = c.checked_add(mul_checked(w, u)?)?;
                        }
                    }
                } else if poor {
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

    /// A whole-number weight `w` and `w × score` in units of 1/D ([`Summary::unit`]), when they fit.
    fn units(&self, weight: Num, score: Num) -> Option<(i128, i128)> {
        let unit = self.unit?;
        if !weight.is_integer() {
            return None;
        }
        // In 64 bits: a 128-bit division is a library call in WebAssembly, and this runs for every
        // poor household. `unit` fits (see `weight_units`), and a denominator that does not cannot
        // divide it; `None` only sends the household the exact way.
        let (Ok(unit), Ok(denom)) = (i64::try_from(unit), i64::try_from(score.denom())) else {
            return None;
        };
        if unit % denom != 0 {
            return None;
        }
        let w = weight.numer();
        let score_units = mul_checked(score.numer(), i128::from(unit / denom))?;
        Some((w, mul_checked(w, score_units)?))
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
            Some(sums) => Some(self.af(
                &sums.settled(self.unit)?,
                cluster.filter(|c| *c < width - 1),
            )?),
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

/// The least common denominator D of `weights` and each weight × D (0 where none), when they fit in
/// 64 bits (so that a whole-number household weight times a weight's units fits in 128).
fn weight_units(weights: &[Vec<Option<Num>>]) -> Option<(i128, Vec<Vec<i128>>)> {
    let mut unit: i128 = 1;
    for w in weights.iter().flatten().flatten() {
        unit = crate::compile::lcm(unit, w.denom())?;
    }
    let fits = |x: i128| i64::try_from(x).is_ok();
    if !fits(unit) {
        return None;
    }
    let units = weights
        .iter()
        .map(|cluster| {
            cluster
                .iter()
                .map(|w| match w {
                    Some(w) => w.numer().checked_mul(unit / w.denom()).filter(|u| fits(*u)),
                    None => Some(0),
                })
                .collect::<Option<Vec<i128>>>()
        })
        .collect::<Option<Vec<_>>>()?;
    Some((unit, units))
}

/// Households classed alike, counted, and added to a [`Summary`] together ([`Alike::settle`]): a
/// household file's rows fall into few kinds (cell, class, weight, and under `weighted` the score and
/// the indicators met), and adding each row's exact sums one at a time was about a fifth of a
/// batch's work per row. [`crate::batch::Batch`] keeps one per rule set and settles it before its
/// figures are read.
#[derive(Debug, Clone)]
pub(crate) struct Alike {
    /// An open-addressing table of kinds and their counts (its length a power of two, at most half
    /// full): what a hash map does here, in less code than the worker carried for a `HashMap` of
    /// this key's own (878 bytes after gzip, measured).
    table: Vec<Option<(AlikeKey, u64)>>,
    kinds: usize,
    /// Households counted since the table was last settled.
    counted: usize,
    /// The most kinds the table keeps before they are added and it starts again.
    limit: usize,
    /// Whether households go straight to the summary, one at a time (see [`Alike::add_classified`]).
    direct: bool,
}

/// The most kinds an [`Alike`] keeps before it adds them and starts again (an entry is about 120
/// bytes and the table at most half full: 4 MB at most per rule set).
const ALIKE_LIMIT: usize = 1 << 14;

impl Default for Alike {
    fn default() -> Alike {
        Alike::with_limit(ALIKE_LIMIT)
    }
}

impl Alike {
    fn with_limit(limit: usize) -> Alike {
        Alike {
            table: Vec::new(),
            kinds: 0,
            counted: 0,
            limit,
            direct: false,
        }
    }

    /// Counts a household classed by [`Engine::classify_row`], to be added to `summary` (see
    /// [`Summary::add_classified`]) when this is settled.
    ///
    /// Where the table fills up with less than two households a kind (weights that differ from
    /// one household to the next), counting costs more than it saves, and the rest of the rows go
    /// straight to the summary. A weighted file grouped by kecamatan and desa (`timbang summary`,
    /// 300,000 rows, 2 rule sets, under callgrind) ran 1.7 % more instructions through the table
    /// than straight; with the product of `add_at` for one household, 4.2 % more than before
    /// counting alike, and 12 % more time.
    pub(crate) fn add_classified<'a>(
        &mut self,
        summary: &mut Summary,
        cluster: usize,
        group: impl IntoIterator<Item = &'a str>,
        weight: Num,
        classified: &Classified,
    ) {
        if self.direct {
            summary.add_classified(cluster, group, weight, classified);
            return;
        }
        // The group's slot is made now, so that groups keep their order of first appearance.
        summary.set_key(group);
        let slot = summary.slot(Some(cluster));
        // Without Alkire–Foster sums the score and the indicators met add nothing.
        let af = summary.k.is_some();
        let key = AlikeKey {
            slot,
            cluster,
            class: classified.class,
            met: if af { classified.met } else { 0 },
            score: if af { classified.score } else { Num::ZERO },
            weight,
        };
        self.counted += 1;
        if self.count(key, 1) && self.kinds >= self.limit {
            self.direct = self.counted < 2 * self.kinds;
            self.settle(summary);
            if self.direct {
                // Up to 4 MB that would sit unused to the end of the run.
                self.table = Vec::new();
            }
        }
    }

    /// Adds `count` households of kind `key`; whether the kind is new.
    fn count(&mut self, key: AlikeKey, count: u64) -> bool {
        if self.table.len() < 2 * (self.kinds + 1) {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let mut at = key.hash() as usize & mask;
        loop {
            // `at` is masked to the table's length (a power of two), and a free entry ends the look.
            match &mut self.table[at] {
                Some((k, c)) if *k == key => {
                    *c += count;
                    return false;
                }
                Some(_) => at = (at + 1) & mask,
                entry => {
                    *entry = Some((key, count));
                    self.kinds += 1;
                    return true;
                }
            }
        }
    }

    /// Doubles the table (64 entries to start) and puts the kinds back.
    #[cold]
    fn grow(&mut self) {
        let size = (self.table.len() * 2).max(64);
        let old = std::mem::replace(&mut self.table, vec![None; size]);
        self.kinds = 0;
        for (key, count) in old.into_iter().flatten() {
            self.count(key, count);
        }
    }

    /// Adds the households counted to `summary` (the one they were counted against), and starts
    /// again.
    pub(crate) fn settle(&mut self, summary: &mut Summary) {
        let bits = std::mem::take(&mut summary.bits);
        for (key, count) in self.table.iter_mut().filter_map(Option::take) {
            let met = indicators_met(&bits, key.cluster, key.met);
            let class = usize::from(key.class);
            summary.add_at(
                key.slot,
                key.cluster,
                key.weight,
                count,
                class,
                key.score,
                met,
            );
        }
        self.kinds = 0;
        self.counted = 0;
        summary.bits = bits;
    }
}

/// What makes households alike for a summary. Compared and hashed by the numbers' parts in lowest
/// terms: `Num`'s own comparison and hash work for fractions in any terms, at the cost of products
/// and divisions.
#[derive(Debug, Clone, Copy)]
struct AlikeKey {
    slot: usize,
    cluster: usize,
    class: u16,
    met: u64,
    score: Num,
    weight: Num,
}

/// The same numerator and denominator (`Num`'s own `==` compares values, with divisions).
fn same_terms(a: Num, b: Num) -> bool {
    a.numer() == b.numer() && a.denom() == b.denom()
}

impl PartialEq for AlikeKey {
    #[inline]
    fn eq(&self, other: &AlikeKey) -> bool {
        // Field by field: arrays or tuples of the parts compared with `memcmp`, which WebAssembly
        // runs a byte at a time (about 7 % of a row's instructions in V8, measured).
        self.slot == other.slot
            && self.cluster == other.cluster
            && self.class == other.class
            && self.met == other.met
            && same_terms(self.score, other.score)
            && same_terms(self.weight, other.weight)
    }
}

impl Eq for AlikeKey {}

impl AlikeKey {
    /// A hash of what tells kinds apart in practice (the cluster goes with the slot, the score with
    /// the indicators met; a weight's denominator is in, so that weights such as 1/2, 1/3, 1/4 do
    /// not all look alike); `eq` looks at everything.
    #[inline]
    fn hash(&self) -> u64 {
        let mut h = WordHasher::default();
        h.write_usize(self.slot);
        h.write_usize(usize::from(self.class));
        h.write_u64(self.met);
        h.write_u64(self.score.numer() as u64);
        h.write_u64(self.weight.numer() as u64);
        h.write_u64(self.weight.denom() as u64);
        h.finish()
    }
}

/// The indicators (their indices in the summary) whose bits are set in the `met` mask of a household
/// of `cluster`, by the summary's map from each cluster's bits to indicators (`Summary::bits`, taken
/// out of the summary while it is added to).
fn indicators_met(
    bits: &[Vec<usize>],
    cluster: usize,
    met: u64,
) -> impl Iterator<Item = usize> + '_ {
    let map = bits.get(cluster).map_or(&[][..], Vec::as_slice);
    Bits(met).filter_map(|b| map.get(b).copied())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    fn rules() -> RuleSet {
        serde_json::from_str(crate::stats::EXAMPLE_RULES).unwrap()
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

    proptest::proptest! {
        /// Households counted alike and added together give the very figures of households added
        /// one at a time: any classes, scores (multiples of the weights' denominator or not),
        /// indicators met, weights (whole or not), clusters (known or not) and groups, with and
        /// without grouping columns and Alkire–Foster sums, settled once or several times, and
        /// with tables small enough to fill: with many households a kind (`few_kinds`), which
        /// keeps counting, and with few, which sends the rest one by one.
        #[test]
        fn households_counted_alike_give_the_same_figures(
            households in proptest::collection::vec((0usize..2, 0usize..7, 0u64..32, 0usize..4, 0usize..3, 0usize..2, proptest::bool::weighted(0.05)), 0..200),
            weighted: bool,
            grouped: bool,
            few_kinds: bool,
            limit in 1usize..40,
        ) {
            const SCORES: [&str; 7] = ["0", "1/3", "5/18", "5/9", "1", "1/7", "2/9"];
            const WEIGHTS: [&str; 4] = ["1", "2", "3/2", "7"];
            const KECAMATAN: [&str; 3] = ["Bissappu", "Uluere", "Eremerasa"];
            let mut rules = rules();
            if !weighted {
                rules.method = Method::Count;
            }
            let by = if grouped { vec!["kecamatan".to_owned()] } else { Vec::new() };
            let mut one_by_one = Summary::new(&rules, &by, None);
            let mut together = Summary::new(&rules, &by, None);
            let mut alike = Alike::with_limit(limit);
            for &(class, score, met, weight, kecamatan, cluster, settle) in &households {
                // At most 12 kinds: the first table to fill has seen most of them again.
                let (score, met, weight) = if few_kinds { (1, 5, 2) } else { (score, met, weight) };
                let classified = Classified { class: class as u16, score: n(SCORES[score]), met };
                let (weight, group) = (n(WEIGHTS[weight]), [KECAMATAN[kecamatan]]);
                one_by_one.add_classified(cluster, group, weight, &classified);
                alike.add_classified(&mut together, cluster, group, weight, &classified);
                if settle {
                    alike.settle(&mut together);
                }
            }
            alike.settle(&mut together);
            proptest::prop_assert_eq!(together.report(), one_by_one.report());
            proptest::prop_assert_eq!(&together.groups, &one_by_one.groups);
        }
    }

    #[test]
    fn counting_alike_stops_only_where_households_are_mostly_of_kinds_of_their_own() {
        let rules = rules();
        let mut summary = Summary::new(&rules, &[], None);
        let household = |met| Classified {
            class: 0,
            score: n("1/3"),
            met,
        };
        let mut add = |alike: &mut Alike, mets: &[u64]| {
            for &met in mets {
                alike.add_classified(&mut summary, 0, [], Num::ONE, &household(met));
            }
        };
        // Three kinds seen thrice each, then a fourth fills the table: 10 households, 4 kinds.
        let mut many = Alike::with_limit(4);
        add(&mut many, &[0, 1, 2, 0, 1, 2, 0, 1, 2, 3]);
        assert!(
            !many.direct && many.kinds == 0,
            "settled, and counting again"
        );
        // Four kinds of one household each: the rest go straight to the summary.
        let mut few = Alike::with_limit(4);
        add(&mut few, &[0, 1, 2, 3]);
        assert!(few.direct && few.table.is_empty());
        add(&mut few, &[0, 1]);
        assert!(few.table.is_empty());
        let total = summary.report().total;
        assert_eq!(total.households, 16);
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
    fn integer_units_give_the_exact_figures() {
        // Whole-number weights take the integer units, 3/2 and 0,25 the exact fractions; a summary
        // without units (every sum exact) must give the same figures.
        let by = vec!["Kecamatan".to_owned()];
        let mut fast = Summary::new(&rules(), &by, None);
        let mut exact = Summary::new(&rules(), &by, None);
        assert_eq!(fast.unit, Some(18));
        exact.unit = None;
        let weights = ["1", "3/2", "4", "0,25", "7"];
        for round in 0..5 {
            for (i, (score, met, _, kec)) in households().into_iter().enumerate() {
                let w = n(weights[(i + round) % weights.len()]);
                let class = if n(score) >= n("1/3") { 0 } else { 1 };
                fast.add(0, [kec], w, class, n(score), met.clone());
                exact.add(0, [kec], w, class, n(score), met);
            }
        }
        assert_eq!(fast.report(), exact.report());
        assert!(fast
            .cells
            .iter()
            .any(|c| c.af.as_ref().is_some_and(|a| a.intensity_units != 0)));
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
    fn non_weighted_rule_sets_have_no_af_figures() {
        let mut rules = rules();
        rules.method = Method::Count;
        let mut s = Summary::new(&rules, &[], None);
        s.add(0, [], Num::ONE, 0, Num::int(3), [0, 1, 2]);
        assert!(s.report().total.af.is_none());
        assert!(s.report().poverty_cutoff.is_none());
    }
}
