//! The figures of a [`super::Summary`]: counts, shares and Alkire–Foster figures per block of
//! households, as `timbang summary --json` prints them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Tally;
use crate::model::{Bound, Method};
use crate::num::Num;
use crate::table::{RowCode, RowProblem};
use crate::text::Lang;

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
        // From the exact value: the decimal would bring float formatting into the page's wasm.
        match self.value.checked_mul(Num::int(100)) {
            Some(p) => format!("{} %", crate::format::decimals(p, 1, lang)),
            None => "–".to_owned(),
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

crate::pack::packed_struct!(Figure { value, decimal });
crate::pack::packed_struct!(ClassTally {
    class,
    households,
    weight,
    share
});
crate::pack::packed_struct!(AfFigures {
    k,
    n,
    q,
    h,
    a,
    m0,
    indicators
});
crate::pack::packed_struct!(AfIndicator {
    indicator,
    weight,
    censored_headcount,
    contribution
});
crate::pack::packed_struct!(Block {
    cluster,
    group,
    households,
    weight,
    assessed,
    unassessable,
    classes,
    af
});
crate::pack::packed_struct!(UnassessableReport {
    by_code,
    problems,
    problems_omitted
});
crate::pack::packed_struct!(Report {
    ruleset,
    method,
    classes,
    clusters,
    by,
    poverty_cutoff,
    total,
    by_cluster,
    by_group,
    by_cluster_group,
    unassessable,
    overflow
});

#[cfg(test)]
mod tests {
    use super::*;

    /// Percentages round the exact value, half away from zero: 49/400 is 12.25 % exactly, which
    /// the nearest f64 would have put on either side.
    #[test]
    fn a_percentage_rounds_the_exact_figure() {
        let f = |n: i64, d: i64| Figure::ratio(Num::int(n), Num::int(d)).unwrap();
        assert_eq!(f(49, 400).percent(Lang::Id), "12,3 %");
        assert_eq!(f(1, 3).percent(Lang::En), "33.3 %");
        assert_eq!(f(1, 1).percent(Lang::En), "100.0 %");
        assert_eq!(f(0, 7).percent(Lang::Id), "0,0 %");
    }
}
