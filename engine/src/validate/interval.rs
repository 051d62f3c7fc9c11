//! Exact intervals of scores or answer values, with inclusive or exclusive ends, over the rationals or
//! over the integers only.
//!
//! Bands, reachable score ranges and the ranges a scorecard's cases cover are all intervals; the band
//! checks (gaps, overlaps, reachability) and the exhaustiveness of points cases are sweeps over them.
//! Over the integers (`count`, and `points` with whole points) an interval is first narrowed to its
//! integer ends, so that `(8, 9)` is empty and `[0, 8.5)` touches `[9, 14]` with no gap between them.

use std::cmp::Ordering;
use std::fmt;

use crate::model::Bound;
use crate::num::Num;

/// One end of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct End {
    pub(crate) value: Num,
    pub(crate) inclusive: bool,
}

impl End {
    pub(crate) fn incl(value: Num) -> End {
        End {
            value,
            inclusive: true,
        }
    }

    pub(crate) fn excl(value: Num) -> End {
        End {
            value,
            inclusive: false,
        }
    }
}

impl From<Bound> for End {
    fn from(b: Bound) -> End {
        End {
            value: b.value,
            inclusive: b.inclusive,
        }
    }
}

/// An interval; a missing end is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Interval {
    pub(crate) lo: Option<End>,
    pub(crate) hi: Option<End>,
}

/// Orders lower ends: unbounded first; at one value, inclusive (starts at the value) before exclusive.
fn cmp_lo(a: &Option<End>, b: &Option<End>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => x
            .value
            .cmp(&y.value)
            .then_with(|| y.inclusive.cmp(&x.inclusive)),
    }
}

/// Orders upper ends: unbounded last; at one value, exclusive (stops before it) before inclusive.
fn cmp_hi(a: &Option<End>, b: &Option<End>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => x
            .value
            .cmp(&y.value)
            .then_with(|| x.inclusive.cmp(&y.inclusive)),
    }
}

impl Interval {
    /// Everything.
    pub(crate) const ALL: Interval = Interval { lo: None, hi: None };

    /// `[lo, hi]`.
    pub(crate) fn closed(lo: Num, hi: Num) -> Interval {
        Interval {
            lo: Some(End::incl(lo)),
            hi: Some(End::incl(hi)),
        }
    }

    /// A class's band.
    pub(crate) fn band(from: Option<Bound>, to: Option<Bound>) -> Interval {
        Interval {
            lo: from.map(End::from),
            hi: to.map(End::from),
        }
    }

    /// The same set of integers, with integer inclusive ends (when `integer`); unchanged otherwise.
    pub(crate) fn narrowed(self, integer: bool) -> Interval {
        if !integer {
            return self;
        }
        let lo = self.lo.map(|e| {
            let v = if e.inclusive {
                e.value.ceil()
            } else {
                e.value
                    .floor()
                    .checked_add(Num::ONE)
                    .unwrap_or(e.value.ceil())
            };
            End::incl(v)
        });
        let hi = self.hi.map(|e| {
            let v = if e.inclusive {
                e.value.floor()
            } else {
                e.value
                    .ceil()
                    .checked_sub(Num::ONE)
                    .unwrap_or(e.value.floor())
            };
            End::incl(v)
        });
        Interval { lo, hi }
    }

    /// Whether no number (no integer, when `integer`) lies in it.
    pub(crate) fn is_empty(self, integer: bool) -> bool {
        let n = self.narrowed(integer);
        match (n.lo, n.hi) {
            (Some(lo), Some(hi)) => match lo.value.cmp(&hi.value) {
                Ordering::Greater => true,
                Ordering::Equal => !(lo.inclusive && hi.inclusive),
                Ordering::Less => false,
            },
            _ => false,
        }
    }

    /// The common part.
    pub(crate) fn intersect(self, other: Interval) -> Interval {
        let lo = if cmp_lo(&self.lo, &other.lo) == Ordering::Less {
            other.lo
        } else {
            self.lo
        };
        let hi = if cmp_hi(&self.hi, &other.hi) == Ordering::Less {
            self.hi
        } else {
            other.hi
        };
        Interval { lo, hi }
    }

    /// Orders intervals by where they start.
    pub(crate) fn cmp_start(&self, other: &Interval) -> Ordering {
        cmp_lo(&self.lo, &other.lo)
    }

    /// The lower end as a number for messages (`-∞` when unbounded).
    pub(crate) fn lo_text(&self) -> String {
        self.lo
            .map(|e| e.value.to_string())
            .unwrap_or_else(|| "-∞".to_owned())
    }

    /// The upper end as a number for messages (`∞` when unbounded).
    pub(crate) fn hi_text(&self) -> String {
        self.hi
            .map(|e| e.value.to_string())
            .unwrap_or_else(|| "∞".to_owned())
    }
}

impl fmt::Display for Interval {
    /// `[1/3, 1/2)`: brackets show whether an end is included.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let open = match self.lo {
            Some(e) if e.inclusive => '[',
            _ => '(',
        };
        let close = match self.hi {
            Some(e) if e.inclusive => ']',
            _ => ')',
        };
        write!(f, "{open}{}, {}{close}", self.lo_text(), self.hi_text())
    }
}

/// The parts of `domain` that none of `pieces` covers, in order (over the integers when `integer`).
///
/// Every returned interval is non-empty. Arithmetic that would overflow ends the sweep early: better
/// to miss a gap at the edge of `i128` than to panic.
pub(crate) fn uncovered(domain: Interval, pieces: &[Interval], integer: bool) -> Vec<Interval> {
    let domain = domain.narrowed(integer);
    if domain.is_empty(integer) {
        return Vec::new();
    }
    let mut parts: Vec<Interval> = pieces
        .iter()
        .map(|p| p.narrowed(integer).intersect(domain))
        .filter(|p| !p.is_empty(integer))
        .collect();
    parts.sort_by(Interval::cmp_start);
    let mut gaps = Vec::new();
    // `need` is the lower end of what is still uncovered; `None` = unbounded below.
    let mut need: Option<End> = domain.lo;
    let mut done = false;
    for p in parts {
        // Does `p` start at or before `need`?
        let starts_in_time = match (&p.lo, &need) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(pl), Some(n)) => {
                if integer {
                    pl.value <= n.value
                } else {
                    pl.value < n.value || (pl.value == n.value && (pl.inclusive || !n.inclusive))
                }
            }
        };
        if !starts_in_time {
            let gap_hi = p.lo.map(|pl| {
                if integer {
                    End::incl(pl.value.checked_sub(Num::ONE).unwrap_or(pl.value))
                } else {
                    End {
                        value: pl.value,
                        inclusive: !pl.inclusive,
                    }
                }
            });
            gaps.push(Interval {
                lo: need,
                hi: gap_hi,
            });
        }
        // Move `need` past `p`, unless it is already further.
        match p.hi {
            None => {
                done = true;
                break;
            }
            Some(ph) => {
                let after = if integer {
                    match ph.value.checked_add(Num::ONE) {
                        Some(v) => End::incl(v),
                        None => {
                            done = true;
                            break;
                        }
                    }
                } else {
                    End {
                        value: ph.value,
                        inclusive: !ph.inclusive,
                    }
                };
                if cmp_lo(&Some(after), &need) == Ordering::Greater {
                    need = Some(after);
                }
            }
        }
    }
    if !done {
        let rest = Interval {
            lo: need,
            hi: domain.hi,
        };
        if !rest.is_empty(integer) {
            gaps.push(rest);
        }
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    /// `[a, b)`-style notation to an interval; `_` is unbounded.
    fn iv(s: &str) -> Interval {
        let s = s.trim();
        let lo_incl = s.starts_with('[');
        let hi_incl = s.ends_with(']');
        let body = &s[1..s.len() - 1];
        let (a, b) = body.split_once(',').unwrap();
        let end = |t: &str, incl: bool| {
            let t = t.trim();
            (t != "_").then(|| End {
                value: n(t),
                inclusive: incl,
            })
        };
        Interval {
            lo: end(a, lo_incl),
            hi: end(b, hi_incl),
        }
    }

    #[test]
    fn emptiness() {
        let cases = [
            ("[1, 1]", false, false),
            ("[1, 1)", false, true),
            ("(1, 1]", false, true),
            ("[2, 1]", false, true),
            ("(8, 9)", false, false),
            ("(8, 9)", true, true),
            ("[8.2, 8.7]", true, true),
            ("[8.2, 9]", true, false),
            ("(_, _)", true, false),
            ("(_, 3)", true, false),
        ];
        for (s, integer, empty) in cases {
            assert_eq!(iv(s).is_empty(integer), empty, "{s} integer={integer}");
        }
    }

    #[test]
    fn gaps_over_rationals_and_integers() {
        // (domain, pieces, integer, expected gaps)
        let cases: &[(&str, &[&str], bool, &[&str])] = &[
            ("[0, 1]", &["[1/3, _)", "(_, 1/3)"], false, &[]),
            ("[0, 1]", &["(1/3, _)", "(_, 1/3)"], false, &["[1/3, 1/3]"]),
            ("[0, 1]", &["[1/2, _)", "(_, 1/3)"], false, &["[1/3, 1/2)"]),
            ("[0, 1]", &["[1/3, _)", "(_, 1/3]"], false, &[]),
            ("[0, 1]", &["[1/5, 1/3)"], false, &["[0, 1/5)", "[1/3, 1]"]),
            ("[0, 14]", &["[9, _)", "(_, 8.5)"], true, &[]),
            ("[0, 14]", &["[9, _)", "(_, 8)"], true, &["[8, 8]"]),
            ("[0, 14]", &["(8, _)", "(_, 8)"], true, &["[8, 8]"]),
            ("[0, 14]", &["[10, 14]", "[0, 5]"], true, &["[6, 9]"]),
            ("[0, 14]", &["[0, 20]"], true, &[]),
            ("[0, 3]", &[], true, &["[0, 3]"]),
            ("(_, _)", &["(_, 0)", "[0, _)"], false, &[]),
            ("(_, _)", &["(_, 0)", "(0, _)"], false, &["[0, 0]"]),
        ];
        for (domain, pieces, integer, expected) in cases {
            let pieces: Vec<Interval> = pieces.iter().map(|p| iv(p)).collect();
            let got: Vec<String> = uncovered(iv(domain), &pieces, *integer)
                .iter()
                .map(|g| g.to_string())
                .collect();
            let want: Vec<String> = expected.iter().map(|e| iv(e).to_string()).collect();
            assert_eq!(got, want, "{domain} {pieces:?}");
        }
    }

    #[test]
    fn intersections() {
        let cases = [
            ("[0, 1]", "(1/3, _)", "(1/3, 1]"),
            ("[0, 1/2)", "[1/3, 1/2]", "[1/3, 1/2)"),
            ("(_, 5]", "[5, _)", "[5, 5]"),
        ];
        for (a, b, want) in cases {
            assert_eq!(iv(a).intersect(iv(b)), iv(want), "{a} ∩ {b}");
            assert_eq!(iv(b).intersect(iv(a)), iv(want), "{b} ∩ {a}");
        }
    }
}
