//! The transition matrix between two rule sets on the same households.

use serde::{Deserialize, Serialize};

use super::{StatsError, Tally};
use crate::model::RuleSet;
use crate::num::Num;

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

crate::pack::packed_struct!(Transition {
    a,
    b,
    a_classes,
    b_classes,
    cells,
    overflow
});

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

    fn rules() -> RuleSet {
        serde_json::from_str(crate::stats::EXAMPLE_RULES).unwrap()
    }

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
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
}
