//! Numbers as people in each language write them: `1.234.567,5` and `Rp 600.000` in Indonesian,
//! `1,234,567.5` and `Rp 600,000` in English. For display only; reading numbers back is
//! [`crate::answers::parse_cell`]'s business.

use crate::num::Num;
use crate::text::Lang;

fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::Id => ('.', ','),
        Lang::En => (',', '.'),
    }
}

fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// A whole count with thousands separators.
///
/// ```
/// use timbang_engine::{format::int, Lang};
/// assert_eq!(int(1234567, Lang::Id), "1.234.567");
/// assert_eq!(int(1234567, Lang::En), "1,234,567");
/// ```
pub fn int(n: u64, lang: Lang) -> String {
    group(&n.to_string(), separators(lang).0)
}

/// An exact number: integers and finite decimals with the language's separators, other fractions as
/// they are (`7/18`).
///
/// ```
/// use timbang_engine::{format::num, Lang, Num};
/// assert_eq!(num(Num::parse("2500.5").unwrap(), Lang::Id), "2.500,5");
/// assert_eq!(num(Num::parse("-0.25").unwrap(), Lang::En), "-0.25");
/// assert_eq!(num(Num::parse("7/18").unwrap(), Lang::Id), "7/18");
/// ```
pub fn num(n: Num, lang: Lang) -> String {
    let Some(decimal) = n.to_decimal_string() else {
        return n.to_string();
    };
    let (thousands, mark) = separators(lang);
    let (sign, body) = match decimal.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", decimal.as_str()),
    };
    match body.split_once('.') {
        Some((whole, frac)) => format!("{sign}{}{mark}{frac}", group(whole, thousands)),
        None => format!("{sign}{}", group(body, thousands)),
    }
}

/// A number rounded to `places` decimals for a reader (a fraction such as 7/18 becomes `0,389`).
///
/// ```
/// use timbang_engine::{format::approx, Lang, Num};
/// assert_eq!(approx(Num::parse("7/18").unwrap(), 3, Lang::Id), "0,389");
/// assert_eq!(approx(Num::parse("1/3").unwrap(), 2, Lang::En), "0.33");
/// ```
pub fn approx(n: Num, places: u32, lang: Lang) -> String {
    let places = places.min(12);
    let rounded = rounded_units(n, places)
        .and_then(|r| Num::ratio(if n.is_negative() { -r } else { r }, 10i128.pow(places)));
    match rounded {
        Some(r) => num(r, lang),
        None => n.to_string(),
    }
}

/// A number with exactly `places` decimals (at most 12), rounded half away from zero, with the
/// language's decimal sign and no grouping: for figures in tables, where columns line up.
///
/// ```
/// use timbang_engine::{format::decimals, Lang, Num};
/// assert_eq!(decimals(Num::parse("1225/100").unwrap(), 1, Lang::Id), "12,3");
/// assert_eq!(decimals(Num::int(100), 1, Lang::En), "100.0");
/// assert_eq!(decimals(Num::parse("-1/3").unwrap(), 2, Lang::En), "-0.33");
/// ```
pub fn decimals(n: Num, places: u32, lang: Lang) -> String {
    let places = places.min(12);
    let Some(r) = rounded_units(n, places) else {
        return n.to_string();
    };
    let sign = if n.is_negative() && r != 0 { "-" } else { "" };
    let scale = 10i128.pow(places);
    let (whole, part) = (r / scale, r % scale);
    match places {
        0 => format!("{sign}{whole}"),
        p => format!(
            "{sign}{whole}{}{part:0width$}",
            separators(lang).1,
            width = p as usize
        ),
    }
}

/// `|n|` rounded half away from zero to `places` decimals (at most 12), in units of `10^-places`;
/// `None` on overflow. What [`approx`] and [`decimals`] round by.
fn rounded_units(n: Num, places: u32) -> Option<i128> {
    let scale = Num::int(10i64.pow(places.min(12)));
    let half = Num::ratio(1, 2)?;
    let units = n.abs().checked_mul(scale)?.checked_add(half)?.floor();
    Some(units.numer())
}

/// Rupiah: `Rp 600.000` (Indonesian) or `Rp 600,000` (English).
///
/// ```
/// use timbang_engine::{format::money, Lang, Num};
/// assert_eq!(money(Num::int(600_000), Lang::Id), "Rp 600.000");
/// assert_eq!(money(Num::parse("467991.5").unwrap(), Lang::Id), "Rp 467.991,5");
/// ```
pub fn money(n: Num, lang: Lang) -> String {
    format!("Rp {}", num(n, lang))
}

/// A fraction as a percentage with one decimal: `33,3 %`.
///
/// ```
/// use timbang_engine::{format::percent, Lang, Num};
/// assert_eq!(percent(Num::parse("1/3").unwrap(), Lang::Id), "33,3 %");
/// ```
pub fn percent(share: Num, lang: Lang) -> String {
    match share.checked_mul(Num::int(100)) {
        Some(p) => format!("{} %", approx(p, 1, lang)),
        None => "–".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_round_half_away_from_zero_and_keep_every_place() {
        let cases = [
            ("1/20", 1, Lang::Id, "0,1"),
            ("-1/20", 1, Lang::En, "-0.1"),
            ("-1/25", 1, Lang::En, "0.0"),
            ("7/18", 3, Lang::Id, "0,389"),
            ("1234567", 1, Lang::Id, "1234567,0"),
            ("2/3", 0, Lang::En, "1"),
        ];
        for (n, places, lang, want) in cases {
            let n = Num::parse(n).unwrap();
            assert_eq!(decimals(n, places, lang), want, "{n} to {places}");
        }
    }

    #[test]
    fn numbers_by_language() {
        let cases = [
            ("0", Lang::Id, "0"),
            ("999", Lang::Id, "999"),
            ("1000", Lang::Id, "1.000"),
            ("600000", Lang::En, "600,000"),
            ("1234567.25", Lang::Id, "1.234.567,25"),
            ("1234567.25", Lang::En, "1,234,567.25"),
            ("-1500", Lang::Id, "-1.500"),
            ("1/3", Lang::En, "1/3"),
        ];
        for (input, lang, want) in cases {
            assert_eq!(
                num(Num::parse(input).unwrap(), lang),
                want,
                "{input} {lang:?}"
            );
        }
    }

    #[test]
    fn rounding_for_readers() {
        assert_eq!(approx(Num::parse("2/3").unwrap(), 2, Lang::Id), "0,67");
        assert_eq!(approx(Num::parse("-2/3").unwrap(), 2, Lang::En), "-0.67");
        assert_eq!(approx(Num::int(5), 2, Lang::En), "5");
        assert_eq!(percent(Num::ONE, Lang::En), "100 %");
    }
}
