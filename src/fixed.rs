//! Numbers for the page's layout (percentages in styles, SVG coordinates, seconds), written with a
//! fixed number of decimals.
//!
//! Written through integers: Rust's float formatting (`{:.1}` on an `f64`) brings about 11 KB of
//! code into the page's wasm, for numbers that only position things or round a duration.

/// `x` rounded to `places` decimals (at most 6), with a `.` as the decimal point: `fixed(2.345, 1)`
/// is `"2.3"`, `fixed(-0.04, 1)` is `"0.0"`. Not a number gives `"0"`; values beyond ±9·10¹² are cut
/// to that bound (nothing on a page is that large).
///
/// ```
/// use timbang::fixed::fixed;
/// assert_eq!(fixed(12.345, 1), "12.3");
/// assert_eq!(fixed(99.9996, 3), "100.000");
/// assert_eq!(fixed(7.0, 0), "7");
/// ```
pub fn fixed(x: f64, places: u32) -> String {
    let places = places.min(6);
    let scale = 10u64.pow(places);
    const LIMIT: f64 = 9e12;
    // `as` saturates and maps NaN to 0: no undefined value reaches the integers.
    let scaled = (x.clamp(-LIMIT, LIMIT) * scale as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let n = scaled.unsigned_abs();
    let (whole, part) = (n / scale, n % scale);
    match places {
        0 => format!("{sign}{whole}"),
        p => format!("{sign}{whole}.{part:0width$}", width = p as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::fixed;

    #[test]
    fn fixed_rounds_to_the_places_asked() {
        let cases: [(f64, u32, &str); 12] = [
            (0.0, 1, "0.0"),
            (2.25, 1, "2.3"),
            (2.24, 1, "2.2"),
            (-1.5, 0, "-2"),
            (-0.04, 1, "0.0"),
            (-0.06, 1, "-0.1"),
            (33.333_333, 3, "33.333"),
            (100.0, 3, "100.000"),
            (0.0005, 3, "0.001"),
            (f64::NAN, 2, "0.00"),
            (f64::INFINITY, 0, "9000000000000"),
            (1.23456789, 9, "1.234568"),
        ];
        for (x, places, want) in cases {
            assert_eq!(fixed(x, places), want, "fixed({x}, {places})");
        }
    }
}
