//! Exact numbers.
//!
//! Every quantity the engine compares with a cut-off (answers, derived values, weights, points, scores,
//! band bounds) is a [`Num`]: a rational with `i128` numerator and denominator. Weights like 1/6 and 1/18
//! do not add up exactly in binary floating point, and a household at exactly 1/3 must be poor when the
//! band says `>= 1/3`.
//!
//! In JSON a `Num` is written as a number (`8`, `0.5`) or as a string holding an integer, a decimal or a
//! fraction (`"1/18"`, `"0,5"` with a decimal comma). It is written back as a number when that is exact
//! and a decimal of at most about 15 digits with an exponent within ±22 (see `to_nearest_f64`), and as
//! a decimal or fraction string otherwise, so export then import is the identity.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use num_rational::Ratio;
use num_traits::{CheckedAdd, CheckedDiv, CheckedMul, CheckedSub, Signed, Zero};

/// An exact rational number.
///
/// ```
/// use timbang_engine::Num;
/// let w6: Num = "1/6".parse().unwrap();
/// let w18: Num = "1/18".parse().unwrap();
/// let score = w6.checked_add(w18).unwrap().checked_add(w18).unwrap().checked_add(w18).unwrap();
/// assert_eq!(score, "1/3".parse().unwrap());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Num(Ratio<i128>);

/// Why a text is not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumParseError {
    /// Nothing to read.
    Empty,
    /// Not an integer, decimal or fraction.
    Invalid,
    /// A fraction with denominator zero.
    ZeroDenominator,
    /// Too many digits to hold exactly.
    TooLarge,
}

impl fmt::Display for NumParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumParseError::Empty => "empty number",
            NumParseError::Invalid => "not a number",
            NumParseError::ZeroDenominator => "fraction with denominator zero",
            NumParseError::TooLarge => "number too large",
        })
    }
}

impl std::error::Error for NumParseError {}

impl Num {
    /// Zero.
    pub const ZERO: Num = Num(Ratio::new_raw(0, 1));
    /// One.
    pub const ONE: Num = Num(Ratio::new_raw(1, 1));

    /// The integer `n`.
    pub const fn int(n: i64) -> Num {
        Num(Ratio::new_raw(n as i128, 1))
    }

    /// `numer / denom` already in lowest terms with `denom > 0`, without reducing again: for hot paths
    /// that reduced it themselves (e.g. with a 64-bit gcd). The caller guarantees both conditions.
    pub(crate) const fn from_lowest_terms(numer: i128, denom: i128) -> Num {
        Num(Ratio::new_raw(numer, denom))
    }

    /// `numer / denom`, reduced; `None` when `denom` is zero.
    pub fn ratio(numer: i128, denom: i128) -> Option<Num> {
        if denom == 0 {
            return None;
        }
        if denom > 0 && fits_i64(numer) && fits_i64(denom) {
            return Some(reduced(numer, denom));
        }
        Some(Num(Ratio::new(numer, denom)))
    }

    /// The numerator in lowest terms (the sign is carried here).
    pub fn numer(&self) -> i128 {
        *self.0.numer()
    }

    /// The denominator in lowest terms (always positive).
    pub fn denom(&self) -> i128 {
        *self.0.denom()
    }

    /// Whether this is a whole number.
    pub fn is_integer(&self) -> bool {
        self.0.is_integer()
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Whether this is below zero.
    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }

    /// Sum, or `None` on overflow.
    pub fn checked_add(self, other: Num) -> Option<Num> {
        if let Some((a, c)) = self.whole_with(other) {
            return a.checked_add(c).map(Num::whole);
        }
        if let Some([a, b, c, d]) = self.small_with(other) {
            return Some(if b == d {
                reduced(a + c, b)
            } else {
                reduced(a * d + c * b, b * d)
            });
        }
        self.0.checked_add(&other.0).map(Num)
    }

    /// Difference, or `None` on overflow.
    pub fn checked_sub(self, other: Num) -> Option<Num> {
        if let Some((a, c)) = self.whole_with(other) {
            return a.checked_sub(c).map(Num::whole);
        }
        if let Some([a, b, c, d]) = self.small_with(other) {
            return Some(if b == d {
                reduced(a - c, b)
            } else {
                reduced(a * d - c * b, b * d)
            });
        }
        self.0.checked_sub(&other.0).map(Num)
    }

    /// Product, or `None` on overflow.
    pub fn checked_mul(self, other: Num) -> Option<Num> {
        if let Some((a, c)) = self.whole_with(other) {
            return a.checked_mul(c).map(Num::whole);
        }
        if let Some([a, b, c, d]) = self.small_with(other) {
            return Some(reduced(a * c, b * d));
        }
        self.0.checked_mul(&other.0).map(Num)
    }

    /// Quotient, or `None` when `other` is zero or on overflow.
    pub fn checked_div(self, other: Num) -> Option<Num> {
        if other.is_zero() {
            return None;
        }
        if let Some([a, b, c, d]) = self.small_with(other) {
            // c != 0; the denominator b * c takes the sign of c.
            let (n, m) = (a * d, b * c);
            return Some(if m < 0 {
                reduced(-n, -m)
            } else {
                reduced(n, m)
            });
        }
        self.0.checked_div(&other.0).map(Num)
    }

    /// Both numerators, when both numbers are whole (counts, household sizes, the sums of a summary):
    /// their sum, difference and product need no reduction.
    #[inline]
    fn whole_with(self, other: Num) -> Option<(i128, i128)> {
        (self.denom() == 1 && other.denom() == 1).then(|| (self.numer(), other.numer()))
    }

    /// The whole number `n`.
    const fn whole(n: i128) -> Num {
        Num::from_lowest_terms(n, 1)
    }

    /// Both numbers' numerators and denominators `[a, b, c, d]` (this is a/b, `other` c/d), when all
    /// four are within ±(2^63 − 1): then any product of two, and any sum of two such products, fits in
    /// an `i128`, so the hot paths need no overflow checks and no 128-bit division.
    #[inline]
    fn small_with(self, other: Num) -> Option<[i128; 4]> {
        let v = [self.numer(), self.denom(), other.numer(), other.denom()];
        v.iter().all(|x| fits_i64(*x)).then_some(v)
    }

    /// The absolute value.
    pub fn abs(self) -> Num {
        Num(self.0.abs())
    }

    /// The nearest `f64`, for display and charts only: never compare with it.
    pub fn to_f64(&self) -> f64 {
        self.numer() as f64 / self.denom() as f64
    }

    /// The largest integer not above this number.
    pub fn floor(self) -> Num {
        Num(self.0.floor())
    }

    /// The smallest integer not below this number.
    pub fn ceil(self) -> Num {
        Num(self.0.ceil())
    }

    /// This number as `scaled / 10^places`, when the denominator has no prime factor but 2 and 5
    /// (and the scaled numerator fits).
    fn decimal_parts(&self) -> Option<(i128, u32)> {
        let mut d = self.denom();
        let mut twos = 0u32;
        let mut fives = 0u32;
        while d % 2 == 0 {
            d /= 2;
            twos += 1;
        }
        while d % 5 == 0 {
            d /= 5;
            fives += 1;
        }
        if d != 1 {
            return None;
        }
        let places = twos.max(fives);
        let scale = 10i128.checked_pow(places)?;
        Some((self.numer().checked_mul(scale / self.denom())?, places))
    }

    /// The exact decimal expansion, when the denominator has no prime factor but 2 and 5.
    pub fn to_decimal_string(&self) -> Option<String> {
        let (scaled, places) = self.decimal_parts()?;
        if places == 0 {
            return Some(scaled.to_string());
        }
        let negative = scaled < 0;
        let digits = scaled.unsigned_abs().to_string();
        let places = places as usize;
        let padded = if digits.len() <= places {
            format!("{}{}", "0".repeat(places + 1 - digits.len()), digits)
        } else {
            digits
        };
        let (int_part, frac_part) = padded.split_at(padded.len() - places);
        Some(format!(
            "{}{}.{}",
            if negative { "-" } else { "" },
            int_part,
            frac_part
        ))
    }

    /// The `f64` nearest to this number, when one correctly rounded operation on two exact operands
    /// gives it: a decimal `c × 10^e` with |c| < 2^53 and |e| ≤ 22 (Clinger's fast path). Any other
    /// number would need a full decimal-to-binary conversion, which this code does not carry (the
    /// standard library's float reader, with its tables, was about 14 KB gzip in each wasm).
    fn to_nearest_f64(self) -> Option<f64> {
        let (mut c, places) = self.decimal_parts()?;
        let mut exponent = -i64::from(places);
        while c != 0 && c % 10 == 0 {
            c /= 10;
            exponent += 1;
        }
        if c.unsigned_abs() >= 1 << 53 || exponent.unsigned_abs() > 22 {
            return None;
        }
        // |c| < 2^53: `c as f64` is exact, and so is every power of ten up to 10^22, and every
        // product on the way to it.
        let power = (0..exponent.unsigned_abs()).fold(1.0f64, |p, _| p * 10.0);
        let c = c as f64;
        Some(if exponent < 0 { c / power } else { c * power })
    }

    /// Parses an integer, a decimal (point or comma) or a fraction `a/b`.
    ///
    /// Thousands separators are not accepted here: `1.000` is one, not a thousand. Forms that read money
    /// the Indonesian way (`Rp 600.000`) are the UI's and the table reader's business.
    pub fn parse(text: &str) -> Result<Num, NumParseError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(NumParseError::Empty);
        }
        if let Some((a, b)) = t.split_once('/') {
            let a = Num::parse_decimal(a.trim())?;
            let b = Num::parse_decimal(b.trim())?;
            if b.is_zero() {
                return Err(NumParseError::ZeroDenominator);
            }
            return a.checked_div(b).ok_or(NumParseError::TooLarge);
        }
        Num::parse_decimal(t)
    }

    fn parse_decimal(t: &str) -> Result<Num, NumParseError> {
        let (negative, body) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let (mantissa, exponent) = match body.find(['e', 'E']) {
            Some(i) => {
                let e: i32 = body[i + 1..].parse().map_err(|_| NumParseError::Invalid)?;
                (&body[..i], e)
            }
            None => (body, 0),
        };
        let (int_part, frac_part) = match mantissa.find(['.', ',']) {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(NumParseError::Invalid);
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(NumParseError::Invalid);
        }
        let mut numer: i128 = 0;
        for b in int_part.bytes().chain(frac_part.bytes()) {
            numer = numer
                .checked_mul(10)
                .and_then(|n| n.checked_add(i128::from(b - b'0')))
                .ok_or(NumParseError::TooLarge)?;
        }
        let scale = exponent - frac_part.len() as i32;
        // 10^38 is the largest power of ten an i128 holds.
        let pow = 10i128
            .checked_pow(scale.unsigned_abs())
            .ok_or(NumParseError::TooLarge)?;
        let numer = if negative { -numer } else { numer };
        if scale >= 0 {
            return Ok(Num(Ratio::from_integer(
                numer.checked_mul(pow).ok_or(NumParseError::TooLarge)?,
            )));
        }
        // `pow` > 0; at most 18 digits (the usual cell) are reduced in machine words.
        if fits_i64(numer) && fits_i64(pow) {
            return Ok(reduced(numer, pow));
        }
        Ok(Num(Ratio::new(numer, pow)))
    }

    /// The exact value of a finite `f64` read from JSON, taken as the shortest decimal that reads back
    /// as that `f64` (so `0.1` in a file is one tenth, not 0.1000000000000000055…).
    pub fn from_json_f64(x: f64) -> Option<Num> {
        if !x.is_finite() {
            return None;
        }
        // zmij (serde_json's own float writer, so no second one in the page's wasm) gives the shortest
        // digits that read back as `x`, in `1.5`, `1e21` or `1e-7` form, all of which `parse` reads.
        Num::parse(zmij::Buffer::new().format_finite(x)).ok()
    }
}

/// Whether `x` is within ±(2^63 − 1), so that the product of two such numbers fits in an `i128` and
/// the sum of two such products too.
#[inline(always)]
const fn fits_i64(x: i128) -> bool {
    -(i64::MAX as i128) <= x && x <= i64::MAX as i128
}

/// Whether `x` fits 32 bits.
#[inline(always)]
const fn fits_i32(x: i128) -> bool {
    x as i32 as i128 == x
}

/// `a · b`, or `None` on overflow, as cheaply as WebAssembly allows: one 64-bit multiplication when
/// both fit 32 bits (the usual case: counts, weights, digits of a cell), one 128-bit multiplication
/// when both fit 64 bits (it cannot overflow), else the checked one. WebAssembly has no 64 × 64 →
/// 128-bit multiplication: the library calls that make one were 7 to 9 % of the worker's time in a
/// profile of a household file.
#[inline(always)]
pub(crate) fn mul_checked(a: i128, b: i128) -> Option<i128> {
    if fits_i32(a) && fits_i32(b) {
        Some(i128::from((a as i64) * (b as i64)))
    } else if fits_i64(a) && fits_i64(b) {
        Some(a * b)
    } else {
        a.checked_mul(b)
    }
}

/// `n / d` in lowest terms, for `d > 0` and `|n|`, `d` below 2^127 (the fast paths' products): with
/// a 64-bit gcd and 64-bit divisions when both fit in 64 bits, else the general reduction.
#[inline]
fn reduced(n: i128, d: i128) -> Num {
    let (un, ud) = (n.unsigned_abs(), d.unsigned_abs());
    match (u64::try_from(un), u64::try_from(ud)) {
        (Ok(un), Ok(ud)) if ud != 0 => {
            let g = gcd_u64(un, ud);
            let (rn, rd) = (un / g, ud / g);
            let rn = i128::from(rn);
            Num::from_lowest_terms(if n < 0 { -rn } else { rn }, i128::from(rd))
        }
        _ => Num(Ratio::new(n, d)),
    }
}

/// Binary gcd of two numbers, not both zero.
#[inline]
pub(crate) fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

impl FromStr for Num {
    type Err = NumParseError;
    fn from_str(s: &str) -> Result<Num, NumParseError> {
        Num::parse(s)
    }
}

impl From<i64> for Num {
    fn from(n: i64) -> Num {
        Num::int(n)
    }
}

impl Ord for Num {
    #[inline]
    fn cmp(&self, other: &Num) -> Ordering {
        // Fast path: with equal denominators (integers, or weights over one denominator) compare numerators.
        if self.denom() == other.denom() {
            return self.numer().cmp(&other.numer());
        }
        cmp_unlike(*self, *other)
    }
}

/// `a` against `b` with different denominators (kept out of line so that [`Num::cmp`] inlines).
#[inline(never)]
fn cmp_unlike(x: Num, y: Num) -> Ordering {
    // a/b against c/d with b, d > 0 is a·d against c·b: exact, and without the divisions of the
    // general comparison when the products cannot overflow.
    if let Some([a, b, c, d]) = x.small_with(y) {
        return (a * d).cmp(&(c * b));
    }
    x.0.cmp(&y.0)
}

impl PartialOrd for Num {
    #[inline]
    fn partial_cmp(&self, other: &Num) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Num {
    /// Integers and finite decimals as decimals (`0.5`), anything else as a fraction (`1/3`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_decimal_string() {
            Some(d) => f.write_str(&d),
            None => write!(f, "{}/{}", self.numer(), self.denom()),
        }
    }
}

impl fmt::Debug for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Num({self})")
    }
}

impl serde::Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_integer() {
            if let Ok(n) = i64::try_from(self.numer()) {
                return s.serialize_i64(n);
            }
        }
        // A decimal within the fast path that survives the trip through f64 is written as a JSON
        // number; any other as a string.
        if let Some(x) = self.to_nearest_f64() {
            if Num::from_json_f64(x) == Some(*self) {
                return s.serialize_f64(x);
            }
        }
        if let Some(d) = self.to_decimal_string() {
            return s.serialize_str(&d);
        }
        s.serialize_str(&format!("{}/{}", self.numer(), self.denom()))
    }
}

impl<'de> serde::Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or a string holding a number or a fraction such as \"1/18\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num::int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num(Ratio::from_integer(i128::from(v))))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Num, E> {
                Num::from_json_f64(v).ok_or_else(|| E::custom("number out of range"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Num, E> {
                Num::parse(v).map_err(|e| E::custom(format!("{e}: {v:?}")))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl schemars::JsonSchema for Num {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Num".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An exact number: a JSON number, or a string holding an integer, a decimal (point or comma) or a fraction such as \"1/18\".",
            "oneOf": [
                { "type": "number" },
                { "type": "string", "pattern": "^\\s*[+-]?(\\d+([.,]\\d*)?|[.,]\\d+)([eE][+-]?\\d+)?\\s*(/\\s*[+-]?(\\d+([.,]\\d*)?|[.,]\\d+)\\s*)?$" }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortest digits of zmij and of Rust's `Display` read as the same number (`Display` never
    /// uses an exponent, so this also checks that `parse` reads zmij's exponents).
    #[test]
    fn a_json_f64_reads_as_its_shortest_decimal() {
        let cases = [
            0.1,
            0.5,
            1.0,
            2.5,
            7.0,
            63.8,
            1.0 / 3.0,
            0.000_000_1,
            1e-7,
            1.5e-12,
            123_456.789,
            1e15,
            1e21,
            1e36,
            1e37,
            5e-324,
            f64::MAX,
            -0.25,
            -1e-30,
            0.1 + 0.2,
        ];
        for x in cases {
            assert_eq!(
                Num::from_json_f64(x),
                Num::parse(&format!("{x}")).ok(),
                "{x}"
            );
        }
        assert_eq!(Num::from_json_f64(0.1), Num::ratio(1, 10));
        assert_eq!(Num::from_json_f64(f64::NAN), None);
    }

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    #[test]
    fn parses_integers_decimals_and_fractions() {
        assert_eq!(n("8"), Num::int(8));
        assert_eq!(n("0.5"), Num::ratio(1, 2).unwrap());
        assert_eq!(n("0,5"), Num::ratio(1, 2).unwrap());
        assert_eq!(n(" 1/18 "), Num::ratio(1, 18).unwrap());
        assert_eq!(n("-2.25"), Num::ratio(-9, 4).unwrap());
        assert_eq!(n("1e3"), Num::int(1000));
        assert_eq!(n(".5"), Num::ratio(1, 2).unwrap());
        assert_eq!(Num::parse("1/0"), Err(NumParseError::ZeroDenominator));
        assert_eq!(Num::parse(""), Err(NumParseError::Empty));
        assert_eq!(Num::parse("abc"), Err(NumParseError::Invalid));
        assert_eq!(Num::parse("1.2.3"), Err(NumParseError::Invalid));
    }

    #[test]
    fn weights_add_up_exactly() {
        let total = (0..6).fold(Num::ZERO, |acc, _| acc.checked_add(n("1/18")).unwrap());
        assert_eq!(total, n("1/3"));
        let total = n("1/6").checked_add(n("1/6")).unwrap();
        assert!(total >= n("1/3"));
        assert_ne!(0.1 + 0.2, 0.3, "the reason this type exists");
        assert_eq!(n("0.1").checked_add(n("0.2")).unwrap(), n("0.3"));
    }

    #[test]
    fn displays_decimals_and_fractions() {
        assert_eq!(n("1/2").to_string(), "0.5");
        assert_eq!(n("1/3").to_string(), "1/3");
        assert_eq!(n("-3/40").to_string(), "-0.075");
        assert_eq!(n("600000").to_string(), "600000");
    }

    #[test]
    fn json_round_trip() {
        for s in [
            "8",
            "0.5",
            "1/3",
            "1/18",
            "-0.075",
            "123456789012345678901234567890",
        ] {
            let v = n(s);
            let json = serde_json::to_string(&v).unwrap();
            let back: Num = serde_json::from_str(&json).unwrap();
            assert_eq!(back, v, "{s} -> {json}");
        }
        assert_eq!(serde_json::to_string(&n("1/3")).unwrap(), "\"1/3\"");
        assert_eq!(serde_json::to_string(&n("0.5")).unwrap(), "0.5");
        let tenth: Num = serde_json::from_str("0.1").unwrap();
        assert_eq!(tenth, Num::ratio(1, 10).unwrap());
    }

    /// The general arithmetic of `Ratio<i128>`, which the fast paths must agree with.
    fn slow(op: u8, a: Num, b: Num) -> Option<Num> {
        match op {
            0 => a.0.checked_add(&b.0).map(Num),
            1 => a.0.checked_sub(&b.0).map(Num),
            2 => a.0.checked_mul(&b.0).map(Num),
            _ if b.is_zero() => None,
            _ => a.0.checked_div(&b.0).map(Num),
        }
    }

    fn fast(op: u8, a: Num, b: Num) -> Option<Num> {
        match op {
            0 => a.checked_add(b),
            1 => a.checked_sub(b),
            2 => a.checked_mul(b),
            _ => a.checked_div(b),
        }
    }

    /// The results are in lowest terms with a positive denominator, as `Ratio::new` makes them.
    fn canonical(x: Num) -> bool {
        x.denom() > 0 && num_integer::Integer::gcd(&x.numer(), &x.denom()) == 1
    }

    #[test]
    fn fast_paths_agree_at_the_edges() {
        let m = i128::from(i64::MAX);
        let edges = [
            0,
            1,
            -1,
            2,
            3,
            10,
            m - 1,
            m,
            m + 1,
            -m,
            -m - 1,
            1 << 64,
            (1 << 64) - 1,
            i128::MAX / 3,
        ];
        let mut nums = Vec::new();
        for &a in &edges {
            for &b in &edges {
                if let Some(x) = Num::ratio(a, b) {
                    assert!(canonical(x), "{a}/{b}");
                    assert_eq!(x, Num(Ratio::new(a, b)), "{a}/{b}");
                    nums.push(x);
                }
            }
        }
        for &a in &nums {
            for &b in &nums {
                assert_eq!(a.cmp(&b), a.0.cmp(&b.0), "{a:?} <=> {b:?}");
                for op in 0..4 {
                    let got = fast(op, a, b);
                    let want = std::panic::catch_unwind(|| slow(op, a, b)).ok().flatten();
                    // The general path may give up (overflow) where the exact result still fits.
                    if let Some(w) = want {
                        assert_eq!(got, Some(w), "op {op} on {a:?}, {b:?}");
                    }
                    if let Some(g) = got {
                        assert!(canonical(g), "op {op} on {a:?}, {b:?} -> {g:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn one_sixth_and_three_eighteenths_are_exactly_one_third() {
        let w6 = n("1/6");
        let w18 = n("1/18");
        let s = w6
            .checked_add(w18)
            .and_then(|s| s.checked_add(w18))
            .and_then(|s| s.checked_add(w18))
            .unwrap();
        assert_eq!(s, n("1/3"));
        assert!(s >= n("1/3") && s <= n("1/3"));
        assert!(s.checked_sub(n("1/3")).unwrap().is_zero());
        assert!(n("63,8").checked_div(n("8")).unwrap() < n("8"));
        assert_eq!(n("64").checked_div(n("8")).unwrap(), n("8"));
        assert!(n("64,0001").checked_div(n("8")).unwrap() > n("8"));
        assert_eq!(n("7,50"), Num::ratio(15, 2).unwrap());
        assert_eq!(n("-0,125"), Num::ratio(-1, 8).unwrap());
    }

    fn any_num() -> impl proptest::strategy::Strategy<Value = Num> {
        use proptest::prelude::*;
        let big = (any::<i128>(), 1i128..=i128::MAX);
        let small = (
            -1_000_000_000_000i128..1_000_000_000_000,
            1i128..1_000_000_000,
        );
        let edge = (
            (i64::MIN as i128 - 2)..(i64::MIN as i128 + 2),
            (i64::MAX as i128 - 2)..(i64::MAX as i128 + 3),
        );
        // Whole numbers take their own fast path (sums of counts and household sizes).
        let whole = (
            prop_oneof![
                -1_000_000_000_000i128..1_000_000_000_000,
                (i64::MAX as i128 - 2)..(i64::MAX as i128 + 3)
            ],
            1i128..=1,
        );
        prop_oneof![small, edge, big, whole]
            .prop_map(|(a, b)| Num::ratio(a, b).unwrap_or(Num::ZERO))
    }

    /// Numbers around the edges of 32 and 64 bits, and anything between.
    fn any_i128() -> impl proptest::strategy::Strategy<Value = i128> {
        use proptest::prelude::*;
        let edges = [
            0,
            1,
            -1,
            1 << 31,
            1 << 32,
            1 << 62,
            1 << 63,
            1 << 64,
            i128::MAX,
        ]
        .into_iter()
        .flat_map(|e| [e, e - 1, -e, 1 - e])
        .chain([i128::MIN, i128::MIN + 1])
        .collect::<Vec<_>>();
        prop_oneof![
            proptest::sample::select(edges),
            any::<i32>().prop_map(i128::from),
            any::<i64>().prop_map(i128::from),
            any::<i128>(),
        ]
    }

    proptest::proptest! {
        #[test]
        fn the_quick_product_is_the_checked_one(a in any_i128(), b in any_i128()) {
            proptest::prop_assert_eq!(mul_checked(a, b), a.checked_mul(b));
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_agree_with_the_general_arithmetic(a in any_num(), b in any_num(), op in 0u8..4) {
            proptest::prop_assert_eq!(a.cmp(&b), a.0.cmp(&b.0));
            let got = fast(op, a, b);
            let want = std::panic::catch_unwind(|| slow(op, a, b)).ok().flatten();
            if let Some(w) = want {
                proptest::prop_assert_eq!(got, Some(w));
            }
            if let Some(g) = got {
                proptest::prop_assert!(canonical(g));
            }
        }

        #[test]
        fn decimals_parse_as_the_general_reduction(int in 0u64..1_000_000_000, frac in 0u32..100_000, places in 1usize..6, neg in proptest::bool::ANY) {
            let text = format!("{}{int},{:0places$}", if neg { "-" } else { "" }, frac % 10u32.pow(places as u32));
            let got = Num::parse(&text).unwrap();
            let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
            let mut numer: i128 = digits.parse().unwrap();
            if neg { numer = -numer; }
            let want = Num(Ratio::new(numer, 10i128.pow(places as u32)));
            proptest::prop_assert_eq!(got, want);
            proptest::prop_assert!(canonical(got));
        }

        /// JSON numbers are written as before the float reader went: where the fast path applies it
        /// finds the f64 the standard library's reader finds in the decimal text.
        #[test]
        fn the_nearest_f64_is_the_standard_readers(c in -(1i128 << 54)..(1i128 << 54), places in 0u32..30, any in any_num()) {
            let x = Num::ratio(c, 10i128.pow(places)).unwrap();
            for x in [x, any] {
                let standard = x.to_decimal_string().map(|d| d.parse::<f64>().unwrap());
                if let Some(fast) = x.to_nearest_f64() {
                    proptest::prop_assert_eq!(Some(fast.to_bits()), standard.map(f64::to_bits), "{}", x);
                }
            }
            // Within 15 digits and 10^±22 the fast path always applies.
            if c.unsigned_abs() < 10u128.pow(15) && places <= 22 {
                proptest::prop_assert!(x.to_nearest_f64().is_some());
            }
        }
    }

    #[test]
    fn decimals_beyond_the_fast_path_are_written_as_strings() {
        let json = |text: &str| serde_json::to_string(&n(text)).unwrap();
        assert_eq!(json("0,5"), "0.5");
        assert_eq!(json("-1,25"), "-1.25");
        assert_eq!(json("600000"), "600000");
        assert_eq!(json("0,0000001"), "1e-7");
        assert_eq!(json("1/3"), "\"1/3\"");
        // 17 significant digits: no f64 reads back as this number.
        assert_eq!(json("0,12345678901234567"), "\"0.12345678901234567\"");
        // An integer beyond i64 and beyond the fast path.
        assert_eq!(
            json("123456789012345678901234567"),
            "\"123456789012345678901234567\""
        );
    }
}
