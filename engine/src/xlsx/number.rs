//! Numbers between a sheet's XML and text, without going through a float: a workbook stores a number
//! as the decimal text of an IEEE double (`0.1`, `600000`, `1.2E-3`, `0.30000000000000004`); a
//! spreadsheet shows at most 15 significant digits, and so does this.

use crate::num::Num;

/// The significant digits a spreadsheet shows and keeps of a fraction.
const SIGNIFICANT: usize = 15;
/// The largest decimal exponent expanded into plain digits (a double reaches 308).
const MAX_EXPONENT: i64 = 400;

/// A number of a sheet (`<v>` of a numeric cell) as plain decimal text: no exponent, no trailing zero
/// after the point, a fraction rounded to 15 significant digits (so float noise such as
/// `0.30000000000000004` reads `0.3`), integers kept whole. Text that is not a number is given back
/// trimmed.
pub(crate) fn normalise_number(raw: &str, out: &mut String) {
    let t = raw.trim();
    if is_plain(t) {
        out.push_str(t);
        return;
    }
    let Some((negative, mut digits, mut point)) = decompose(t) else {
        out.push_str(t);
        return;
    };
    // Strip leading zeros (moving the point) and trailing zeros.
    let lead = digits.iter().take_while(|&&d| d == 0).count();
    digits.drain(..lead);
    point -= lead as i64;
    while digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.is_empty() {
        out.push('0');
        return;
    }
    let is_fraction = (digits.len() as i64) > point;
    if is_fraction && digits.len() > SIGNIFICANT {
        let round_up = digits[SIGNIFICANT] >= 5;
        digits.truncate(SIGNIFICANT);
        if round_up {
            let mut i = SIGNIFICANT;
            loop {
                if i == 0 {
                    digits.insert(0, 1);
                    point += 1;
                    break;
                }
                i -= 1;
                if digits[i] == 9 {
                    digits[i] = 0;
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
        while digits.last() == Some(&0) {
            digits.pop();
        }
    }
    if negative {
        out.push('-');
    }
    let digit = |d: &u8| char::from(b'0' + d);
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.extend(digits.iter().map(digit));
    } else if point as usize >= digits.len() {
        out.extend(digits.iter().map(digit));
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        let (int, frac) = digits.split_at(point as usize);
        out.extend(int.iter().map(digit));
        out.push('.');
        out.extend(frac.iter().map(digit));
    }
}

/// Whether `t` is already as [`normalise_number`] writes it (most cells: `600000`, `12.5`, `-0.25`):
/// an integer without leading zero, or a decimal of at most 15 digits without a trailing zero.
fn is_plain(t: &str) -> bool {
    let body = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || (int.len() > 1 && int.starts_with('0')) {
        return false;
    }
    match frac {
        // `-0` is written `0`.
        None => !(int == "0" && body.len() != t.len()),
        Some(f) => digits(f) && !f.ends_with('0') && int.len() + f.len() <= 15,
    }
}

/// Sign, digits and the position of the decimal point (digits before it) of `[-+]d*[.d*][e[-+]d+]`.
fn decompose(t: &str) -> Option<(bool, Vec<u8>, i64)> {
    let (negative, body) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => {
            let e: i64 = body[i + 1..].parse().ok()?;
            (&body[..i], e)
        }
        None => (body, 0),
    };
    if !(-MAX_EXPONENT..=MAX_EXPONENT).contains(&exponent) {
        return None;
    }
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    Some((negative, digits, int.len() as i64 + exponent))
}

/// A [`Num`] as the decimal text of a sheet's number: exact when it has a finite decimal expansion
/// (then rounded to 15 significant digits if longer), otherwise its quotient to 15 significant digits.
pub(crate) fn num_text(n: &Num) -> String {
    let mut out = String::new();
    match n.to_decimal_string() {
        Some(d) => normalise_number(&d, &mut out),
        None => {
            // Long division to a few digits more than shown, then the same rounding.
            let negative = n.is_negative();
            let numer = n.numer().unsigned_abs();
            let denom = n.denom().unsigned_abs().max(1);
            let int = numer / denom;
            let mut text = int.to_string();
            let mut significant = if int == 0 { 0 } else { text.len() };
            text.push('.');
            let mut rem = numer % denom;
            while significant < SIGNIFICANT + 3 {
                // The next digit of rem / denom, and 10·rem mod denom, without overflowing for a
                // denominator near 2^127: add rem ten times modulo denom.
                let mut d = 0u8;
                let mut acc = 0u128;
                for _ in 0..10 {
                    if acc >= denom - rem {
                        acc -= denom - rem;
                        d += 1;
                    } else {
                        acc += rem;
                    }
                }
                rem = acc;
                text.push(char::from(b'0' + d));
                if significant > 0 || d != 0 {
                    significant += 1;
                }
            }
            if negative {
                text.insert(0, '-');
            }
            normalise_number(&text, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        let mut out = String::new();
        normalise_number(s, &mut out);
        out
    }

    #[test]
    fn numbers_come_out_as_people_typed_them() {
        for (raw, want) in [
            ("0.1", "0.1"),
            ("600000", "600000"),
            ("12.5", "12.5"),
            ("12.50", "12.5"),
            ("-3", "-3"),
            ("0", "0"),
            ("-0", "0"),
            ("0.0", "0"),
            ("1E-3", "0.001"),
            ("1.2E-3", "0.0012"),
            ("6E5", "600000"),
            ("6.0000000000000001E5", "600000"),
            ("1.5e+2", "150"),
            ("0.30000000000000004", "0.3"),
            ("2.9999999999999996", "3"),
            ("0.99999999999999989", "1"),
            ("-0.30000000000000004", "-0.3"),
            ("1.0000000000000001E-5", "0.00001"),
            ("123456789012345678", "123456789012345678"),
            ("3271012345678901", "3271012345678901"),
            ("44927", "44927"),
            ("44927.5", "44927.5"),
            (" 7 ", "7"),
            ("abc", "abc"),
            ("1e99999", "1e99999"),
            ("", ""),
            ("-", "-"),
            (".5", "0.5"),
        ] {
            assert_eq!(norm(raw), want, "{raw}");
        }
    }

    #[test]
    fn rationals_become_decimals() {
        let n = |a, b| Num::ratio(a, b).unwrap();
        assert_eq!(num_text(&n(1, 2)), "0.5");
        assert_eq!(num_text(&n(1, 3)), "0.333333333333333");
        assert_eq!(num_text(&n(2, 3)), "0.666666666666667");
        assert_eq!(num_text(&n(-200, 3)), "-66.6666666666667");
        assert_eq!(num_text(&n(1, 7000)), "0.000142857142857143");
        assert_eq!(num_text(&Num::int(600_000)), "600000");
        assert_eq!(num_text(&n(-25, 2)), "-12.5");
        // A denominator near 2^127: 10 times the remainder would overflow a u128.
        let big = i128::MAX / 3 * 2 + 1;
        assert_eq!(num_text(&n(big / 3, big)), "0.333333333333333");
        assert_eq!(num_text(&n(i128::MAX - 1, i128::MAX)), "1");
    }
}
