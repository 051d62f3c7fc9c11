//! Letter case, for comparing answers, option labels, headers and place names: the letters of the
//! Latin script's first three Unicode blocks (Basic Latin, Latin-1 Supplement, Latin Extended-A: A to
//! Z, `É`, `Ñ`, `Ł`, …) in lower case, every other character as it is.
//!
//! Why not Unicode's own case tables (`char::to_lowercase`): they cost the page's and the worker's wasm
//! about 9 KB each after gzip, for scripts that Indonesian and English rule sets and registry files do
//! not use. A text in another script still matches when written the same way.

/// `c` in lower case, when it is a letter of the blocks above.
///
/// ```
/// use timbang_engine::case::lower_char;
/// assert_eq!(lower_char('A'), 'a');
/// assert_eq!(lower_char('É'), 'é');
/// assert_eq!(lower_char('Ł'), 'ł');
/// assert_eq!(lower_char('Ω'), 'Ω');
/// ```
pub fn lower_char(c: char) -> char {
    let code = u32::from(c);
    let shifted = |by: u32| char::from_u32(code + by).unwrap_or(c);
    match c {
        'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => shifted(0x20),
        // Dotted capital I: Unicode lowers it to `i` and a combining dot.
        'İ' => 'i',
        // Pairs, capital first: at an even code point here, at an odd one in the next ranges.
        '\u{100}'..='\u{137}' | '\u{14A}'..='\u{177}' if code % 2 == 0 => shifted(1),
        '\u{139}'..='\u{148}' | '\u{179}'..='\u{17E}' if code % 2 == 1 => shifted(1),
        'Ÿ' => 'ÿ',
        _ => c,
    }
}

/// `s` in lower case, as [`lower_char`] has it.
///
/// ```
/// assert_eq!(timbang_engine::case::lower("LAINNYA É"), "lainnya é");
/// ```
pub fn lower(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

/// `s` with its first letter a capital, when that is one of A to Z: Unicode's upper-case table would
/// cost the wasm several KB, for labels and words that start with Latin letters anyway.
///
/// ```
/// assert_eq!(timbang_engine::case::capitalised("lantai tanah"), "Lantai tanah");
/// assert_eq!(timbang_engine::case::capitalised("élan"), "élan");
/// ```
pub fn capitalised(s: &str) -> String {
    let mut s = s.to_owned();
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    s
}

/// Whether `a` and `b` are the same text but for case, as [`lower_char`] has it; without allocating.
///
/// ```
/// assert!(timbang_engine::case::eq_ignore_case("Keramik / Ubin", "KERAMIK / ubin"));
/// assert!(timbang_engine::case::eq_ignore_case("lainnya é", "LAINNYA É"));
/// ```
pub fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars().map(lower_char).eq(b.chars().map(lower_char))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_blocks_lower_as_unicode_lowers_them() {
        for code in 0..=0x17F {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let unicode: Vec<char> = c.to_lowercase().collect();
            let want = match unicode.as_slice() {
                [one] => *one,
                // İ: `i` and a combining dot above.
                _ => 'i',
            };
            assert_eq!(lower_char(c), want, "U+{code:04X} {c}");
        }
    }

    #[test]
    fn other_scripts_are_left_as_they_are() {
        for c in ['Ω', 'Ж', 'Ǆ', 'ẞ', '²', 'ß', 'ſ', '中'] {
            assert_eq!(lower_char(c), c);
        }
        assert!(!eq_ignore_case("ω", "Ω"));
        assert!(eq_ignore_case("ω", "ω"));
    }
}
