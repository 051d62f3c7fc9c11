//! Plain decimal cells (`63,8`, `5`, `76389`) read as whole digits over a power of ten, and number
//! tests turned, once per number of decimal places, into ranges of those digits: a row program tests
//! a number cell with two integer comparisons per indicator, exactly, without building a [`Num`].

use crate::compile::Test;
use crate::num::Num;

/// The most decimal places a plain decimal cell has (at most 18 digits, one before the separator).
const MAX_PLACES: usize = 17;

/// 10^0 to 10^17, the denominators of decimal cells.
pub(super) const POWERS_OF_TEN: [i64; MAX_PLACES + 1] = {
    let mut p = [1i64; MAX_PLACES + 1];
    let mut i = 1;
    while i <= MAX_PLACES {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// A plain decimal cell: `digits / 10^places`, `digits` at least 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Decimal {
    pub(super) digits: i64,
    pub(super) places: usize,
}

impl Decimal {
    /// Reads digits with one `.` or `,` after the first digit, at most 18 bytes: a subset of what
    /// [`crate::answers::parse_cell`] reads as the same number (no sign, no spaces, no second
    /// separator); `None` for anything else. A plain number's separator is its decimal one (`8,` is 8).
    /// A money amount's is read as [`crate::answers::parse_money`] reads a lone separator: after a
    /// first group of 1 to 3 digits and before exactly 3, it groups thousands (`600.000`); else it is
    /// the decimal one (`2646176,5`); with no digit after it, the cell goes the general way.
    #[inline]
    pub(super) fn read(cell: &[u8], money: bool) -> Option<Decimal> {
        // At most 18 bytes: at most 18 digits, which fit 64 bits.
        if cell.len() > 18 {
            return None;
        }
        let mut digits: i64 = 0;
        let mut separator: Option<usize> = None;
        for (i, &b) in cell.iter().enumerate() {
            let d = b.wrapping_sub(b'0');
            if d < 10 {
                digits = digits * 10 + i64::from(d);
            } else if (b == b'.' || b == b',') && separator.is_none() && i > 0 {
                separator = Some(i);
            } else {
                return None;
            }
        }
        if cell.is_empty() {
            return None;
        }
        let places = match separator {
            None => 0,
            Some(at) => {
                let after = cell.len() - at - 1;
                match money {
                    false => after,
                    true if after == 0 => return None,
                    true if at <= 3 && after == 3 => 0,
                    true => after,
                }
            }
        };
        Some(Decimal { digits, places })
    }

    /// Whether the number is whole.
    #[inline]
    pub(super) fn is_integer(self) -> bool {
        self.places == 0
            || POWERS_OF_TEN
                .get(self.places)
                .is_some_and(|p| self.digits % p == 0)
    }
}

/// For each number of decimal places `p`, the digits `d` for which `d / 10^p` passes a test: the
/// range `lo..=hi`, or everything outside it.
#[derive(Debug, Clone)]
pub(super) struct DigitRange {
    ranges: [(i64, i64); MAX_PLACES + 1],
    outside: bool,
}

/// The range no digits are in.
const EMPTY: (i64, i64) = (i64::MAX, i64::MIN);

impl DigitRange {
    /// The digits passing number test `test` (tests of yes/no answers and choices pass none), as
    /// [`Test::holds`] says of `d / 10^p`; `None` when a bound is too large to scale exactly.
    pub(super) fn of_test(test: &Test) -> Option<DigitRange> {
        let mut outside = false;
        let mut ranges = [EMPTY; MAX_PLACES + 1];
        for (p, range) in ranges.iter_mut().enumerate() {
            let s = |n: &Num| Scaled::of(*n, p);
            *range = match test {
                Test::Lt(b) => (i64::MIN, clamp(s(b)?.ceil.saturating_sub(1))),
                Test::Le(b) => (i64::MIN, clamp(s(b)?.floor)),
                Test::Gt(b) => (clamp(s(b)?.floor.saturating_add(1)), i64::MAX),
                Test::Ge(b) => (clamp(s(b)?.ceil), i64::MAX),
                Test::EqNum(b) | Test::NeNum(b) => {
                    outside = matches!(test, Test::NeNum(_));
                    let b = s(b)?;
                    if b.floor == b.ceil {
                        (clamp(b.floor), clamp(b.floor))
                    } else {
                        EMPTY
                    }
                }
                Test::Between(lo, hi) => (clamp(s(lo)?.ceil), clamp(s(hi)?.floor)),
                Test::IsBool(_)
                | Test::EqChoice(_)
                | Test::NeChoice(_)
                | Test::OneOf(_)
                | Test::OneOfMask(_) => EMPTY,
            };
        }
        Some(DigitRange { ranges, outside })
    }

    /// The digits within a question's `min` and `max`; `None` when a bound is too large to scale.
    pub(super) fn within(min: Option<Num>, max: Option<Num>) -> Option<DigitRange> {
        let mut ranges = [(i64::MIN, i64::MAX); MAX_PLACES + 1];
        for (p, range) in ranges.iter_mut().enumerate() {
            if let Some(min) = min {
                range.0 = clamp(Scaled::of(min, p)?.ceil);
            }
            if let Some(max) = max {
                range.1 = clamp(Scaled::of(max, p)?.floor);
            }
        }
        Some(DigitRange {
            ranges,
            outside: false,
        })
    }

    /// Whether `value` passes.
    #[inline]
    pub(super) fn holds(&self, value: Decimal) -> bool {
        let (lo, hi) = self.ranges.get(value.places).copied().unwrap_or(EMPTY);
        // `&`, not `&&`: both comparisons are cheaper than a branch on the first.
        ((lo <= value.digits) & (value.digits <= hi)) != self.outside
    }
}

/// `n · 10^p` rounded down and up.
struct Scaled {
    floor: i128,
    ceil: i128,
}

impl Scaled {
    fn of(n: Num, p: usize) -> Option<Scaled> {
        let scaled = n.numer().checked_mul(i128::from(*POWERS_OF_TEN.get(p)?))?;
        let floor = scaled.div_euclid(n.denom());
        let ceil = if scaled.rem_euclid(n.denom()) == 0 {
            floor
        } else {
            floor.saturating_add(1)
        };
        Some(Scaled { floor, ceil })
    }
}

/// A bound within the range of digits: digits are below 10^18, so a bound beyond 64 bits admits or
/// refuses them all, as the clamped bound does.
fn clamp(n: i128) -> i64 {
    i64::try_from(n).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Input;

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    #[test]
    fn reads_money_as_parse_money_does_or_not_at_all() {
        use crate::answers::parse_money;
        let value = |d: Decimal| {
            let scale = POWERS_OF_TEN[d.places];
            Num::int(d.digits).checked_div(Num::int(scale)).unwrap()
        };
        let mut texts: Vec<String> = [
            "600.000",
            "600,000",
            "2646176,5",
            "2646176.5",
            "1,5",
            "12,345",
            "1234,567",
            "0,500",
            "8,",
            "8.",
            ",5",
            "1.000.000",
            "1.000,5",
            "Rp 600.000",
            "-5",
            "600000",
            "0",
            "00,1",
            "999,9999",
            "1.2345",
            "123.45",
            "12.3456789",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for whole in ["0", "7", "42", "600", "1234", "26461"] {
            for sep in [",", "."] {
                for frac in ["", "5", "50", "500", "5000"] {
                    texts.push(format!("{whole}{sep}{frac}"));
                }
            }
        }
        let mut read = 0;
        for t in &texts {
            if let Some(d) = Decimal::read(t.as_bytes(), true) {
                read += 1;
                assert_eq!(Ok(value(d)), parse_money(t), "{t}");
            }
        }
        assert!(read > 50, "most amounts take the quick way ({read})");
        assert_eq!(
            Decimal::read(b"600.000", true).map(value),
            Some(Num::int(600_000))
        );
        assert_eq!(Decimal::read(b"2646176,5", true).map(|d| d.places), Some(1));
        assert_eq!(Decimal::read(b"8,", true), None);
    }

    #[test]
    fn reads_plain_decimals_only() {
        let d = |digits, places| Some(Decimal { digits, places });
        assert_eq!(Decimal::read(b"63,8", false), d(638, 1));
        assert_eq!(Decimal::read(b"0.25", false), d(25, 2));
        assert_eq!(Decimal::read(b"8,", false), d(8, 0));
        assert_eq!(Decimal::read(b"76389", true), d(76389, 0));
        assert_eq!(
            Decimal::read(b"999999999999999999", false),
            d(999_999_999_999_999_999, 0)
        );
        assert_eq!(Decimal::read(b"0,0000000000000001", false), d(1, 16));
        for cell in [
            &b""[..],
            b",5",
            b"1.2.3",
            b"-1",
            b"+1",
            b" 1",
            b"1e3",
            b"9999999999999999999",
            b"0,00000000000000001",
            b"1,,",
        ] {
            assert_eq!(Decimal::read(cell, false), None, "{cell:?}");
        }
        assert_eq!(Decimal::read(b"Rp 600.000", true), None);
        assert!(Decimal::read(b"2,0", false).unwrap().is_integer());
        assert!(!Decimal::read(b"2,5", false).unwrap().is_integer());
    }

    /// Every test, every bound and value of a small grid: the range says what [`Test::holds`] says.
    #[test]
    fn ranges_agree_with_the_tests() {
        let bounds = ["0", "1", "8", "1/3", "2.5", "-1", "0.05", "500000"];
        let cells = [
            "0", "1", "2", "8", "8,0", "7,99", "8,01", "0,33", "0,34", "2,5", "2,50", "0,05",
            "0,049", "500000", "499999,9",
        ];
        let mut tests = Vec::new();
        for b in bounds {
            let b = n(b);
            tests.extend([
                Test::Lt(b),
                Test::Le(b),
                Test::Gt(b),
                Test::Ge(b),
                Test::EqNum(b),
                Test::NeNum(b),
                Test::Between(b, n("8")),
            ]);
        }
        tests.push(Test::IsBool(true));
        for test in &tests {
            let range = DigitRange::of_test(test).unwrap();
            for cell in cells {
                let value = Decimal::read(cell.as_bytes(), false).unwrap();
                let num = Input::Num(n(&cell.replace(',', ".")));
                assert_eq!(range.holds(value), test.holds(&num), "{test:?} {cell}");
            }
        }
        let within = DigitRange::within(Some(n("1")), Some(n("50"))).unwrap();
        for (cell, ok) in [
            ("0", false),
            ("1", true),
            ("0,99", false),
            ("50", true),
            ("50,01", false),
        ] {
            let value = Decimal::read(cell.as_bytes(), false).unwrap();
            assert_eq!(within.holds(value), ok, "{cell}");
        }
        let huge = Num::ratio(i128::MAX / 3, 1).unwrap();
        assert!(DigitRange::of_test(&Test::Lt(huge)).is_none());
    }
}
