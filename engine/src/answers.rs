//! Answers: typing what a household said (a JSON value from the app or an answers file, or a cell of a
//! household file) against the question it answers.
//!
//! Household files come as people keep them, so a cell is read generously: `ya`/`tidak` as well as
//! `yes`/`no`, a decimal comma, money written `Rp 600.000`, an option by its id or by its label in either
//! language. Anything still not understood is an [`AnswerError`] naming the question and the text.
//! These functions run once per cell when classifying millions of households: they do not allocate
//! unless they fail.

use std::fmt;

use serde::Serialize;

use crate::model::{Question, QuestionType, Value};
use crate::num::Num;
use crate::text::{Lang, Text};

/// A typed answer. Choices hold the option's index in the question's option list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Input {
    /// A yes/no answer.
    Bool(bool),
    /// A number.
    Num(Num),
    /// The index of the chosen option.
    Choice(u16),
}

impl Input {
    /// The answer as a [`Value`] (a choice becomes its option id).
    ///
    /// ```
    /// use timbang_engine::answers::{parse_cell, Input};
    /// use timbang_engine::model::Question;
    /// use timbang_engine::Value;
    /// let q: Question = serde_json::from_str(r#"{"id":"lantai","label":{"id":"Lantai","en":"Floor"},
    ///     "type":"choice","options":[{"id":"tanah","label":{"id":"Tanah","en":"Earth"}},
    ///     {"id":"keramik","label":{"id":"Keramik","en":"Tiles"}}]}"#).unwrap();
    /// let a = parse_cell(&q, "Earth").unwrap().unwrap();
    /// assert_eq!(a, Input::Choice(0));
    /// assert_eq!(a.to_value(&q), Value::Text("tanah".into()));
    /// ```
    pub fn to_value(&self, q: &Question) -> Value {
        match self {
            Input::Bool(b) => Value::Bool(*b),
            Input::Num(n) => Value::Num(*n),
            Input::Choice(i) => Value::Text(
                q.options
                    .get(usize::from(*i))
                    .map(|o| o.id.clone())
                    .unwrap_or_default(),
            ),
        }
    }
}

/// Why an answer does not fit its question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerErrorCode {
    /// A yes/no question answered with something else.
    NotYesNo,
    /// A number question answered with something that is not a number.
    NotANumber,
    /// A whole number was required.
    NotInteger,
    /// Below the question's minimum (`limit`).
    BelowMin,
    /// Above the question's maximum (`limit`).
    AboveMax,
    /// A choice answered with something that is none of its options.
    UnknownOption,
    /// A number with too many digits to hold exactly.
    TooLarge,
}

impl AnswerErrorCode {
    /// The snake_case identifier, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerErrorCode::NotYesNo => "not_yes_no",
            AnswerErrorCode::NotANumber => "not_a_number",
            AnswerErrorCode::NotInteger => "not_integer",
            AnswerErrorCode::BelowMin => "below_min",
            AnswerErrorCode::AboveMax => "above_max",
            AnswerErrorCode::UnknownOption => "unknown_option",
            AnswerErrorCode::TooLarge => "too_large",
        }
    }
}

impl fmt::Display for AnswerErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An answer that does not fit its question.
///
/// ```
/// use timbang_engine::answers::{parse_cell, AnswerErrorCode};
/// use timbang_engine::model::Question;
/// use timbang_engine::Lang;
/// let q: Question = serde_json::from_str(r#"{"id":"jumlah_anggota","label":{"id":"Anggota","en":"Members"},
///     "type":"number","min":1,"integer":true}"#).unwrap();
/// let e = parse_cell(&q, "0").unwrap_err();
/// assert_eq!(e.code, AnswerErrorCode::BelowMin);
/// assert_eq!(e.question, "jumlah_anggota");
/// assert!(e.message(Lang::En).contains("at least 1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerError {
    /// What is wrong.
    pub code: AnswerErrorCode,
    /// The question's id.
    pub question: String,
    /// The answer as given.
    pub text: String,
    /// The bound that was crossed, for `below_min` / `above_max`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<Num>,
}

impl AnswerError {
    fn new(code: AnswerErrorCode, q: &Question, text: &str) -> AnswerError {
        AnswerError {
            code,
            question: q.id.clone(),
            text: text.to_owned(),
            limit: None,
        }
    }

    /// The problem in Indonesian and English.
    pub fn text_both(&self) -> Text {
        let (q, t) = (&self.question, &self.text);
        let limit = self.limit.map(|l| l.to_string()).unwrap_or_default();
        match self.code {
            AnswerErrorCode::NotYesNo => Text::new(
                format!("Jawaban '{t}' untuk '{q}' bukan ya/tidak."),
                format!("The answer '{t}' to '{q}' is not yes/no."),
            ),
            AnswerErrorCode::NotANumber => Text::new(
                format!("Jawaban '{t}' untuk '{q}' bukan angka."),
                format!("The answer '{t}' to '{q}' is not a number."),
            ),
            AnswerErrorCode::NotInteger => Text::new(
                format!("Jawaban '{t}' untuk '{q}' harus bilangan bulat."),
                format!("The answer '{t}' to '{q}' must be a whole number."),
            ),
            AnswerErrorCode::BelowMin => Text::new(
                format!("Jawaban '{t}' untuk '{q}' harus sedikitnya {limit}."),
                format!("The answer '{t}' to '{q}' must be at least {limit}."),
            ),
            AnswerErrorCode::AboveMax => Text::new(
                format!("Jawaban '{t}' untuk '{q}' harus paling banyak {limit}."),
                format!("The answer '{t}' to '{q}' must be at most {limit}."),
            ),
            AnswerErrorCode::UnknownOption => Text::new(
                format!("'{t}' bukan salah satu pilihan untuk '{q}'."),
                format!("'{t}' is not one of the options of '{q}'."),
            ),
            AnswerErrorCode::TooLarge => Text::new(
                format!("Angka '{t}' untuk '{q}' terlalu besar."),
                format!("The number '{t}' for '{q}' is too large."),
            ),
        }
    }

    /// The problem in one language.
    pub fn message(&self, lang: Lang) -> String {
        self.text_both().get(lang).to_owned()
    }
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text_both().get(Lang::En))
    }
}

impl std::error::Error for AnswerError {}

/// Reads a yes/no word: `ya`/`y`/`yes`/`true`/`1` or `tidak`/`t`/`n`/`no`/`false`/`0`, any case.
///
/// ```
/// use timbang_engine::answers::parse_yes_no;
/// assert_eq!(parse_yes_no(" Ya "), Some(true));
/// assert_eq!(parse_yes_no("TIDAK"), Some(false));
/// assert_eq!(parse_yes_no("mungkin"), None);
/// ```
pub fn parse_yes_no(text: &str) -> Option<bool> {
    const YES: [&str; 5] = ["ya", "y", "yes", "true", "1"];
    const NO: [&str; 6] = ["tidak", "t", "n", "no", "false", "0"];
    let t = trim_ascii_fast(text);
    if YES.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if NO.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        Some(false)
    } else {
        None
    }
}

/// Why a money text is not an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyError {
    /// Not an amount.
    Invalid,
    /// Too many digits.
    TooLarge,
}

/// Reads an amount of money the ways it is written in Indonesia and elsewhere: `Rp 600.000`,
/// `Rp600.000,-`, `600.000`, `1.250.000,50`, `1,250,000.50`, `600000`, `0,5`.
///
/// A single kind of separator followed by groups of exactly three digits is a thousands separator
/// (`600.000` is six hundred thousand); otherwise it is the decimal separator (`1.5`, `0,5`). With both
/// kinds, the last one is the decimal separator.
///
/// ```
/// use timbang_engine::answers::parse_money;
/// use timbang_engine::Num;
/// assert_eq!(parse_money("Rp 600.000"), Ok(Num::int(600_000)));
/// assert_eq!(parse_money("1.250.000,50"), Ok(Num::parse("1250000.5").unwrap()));
/// assert_eq!(parse_money("1.5"), Ok(Num::parse("1.5").unwrap()));
/// ```
pub fn parse_money(text: &str) -> Result<Num, MoneyError> {
    let mut b = trim_ascii_fast(text).as_bytes();
    // "Rp", "Rp.", "IDR", any case, with or without a space.
    let lower = |i: usize| b.get(i).map(u8::to_ascii_lowercase);
    let prefix = match (lower(0), lower(1), lower(2)) {
        (Some(b'r'), Some(b'p'), Some(b'.')) => 3,
        (Some(b'r'), Some(b'p'), _) => 2,
        (Some(b'i'), Some(b'd'), Some(b'r')) => 3,
        _ => 0,
    };
    if prefix > 0 {
        b = b.get(prefix..).unwrap_or_default().trim_ascii_start();
    }
    // "600.000,-" and "600.000,—": no cents.
    let dash = b.last().is_some_and(|c| !c.is_ascii_digit());
    for suffix in [&b",-"[..], b".-", ",—".as_bytes(), ".—".as_bytes()] {
        if !dash {
            break;
        }
        if let Some(rest) = b.strip_suffix(suffix) {
            b = rest.trim_ascii_end();
            break;
        }
    }
    let negative = b.first() == Some(&b'-');
    if negative {
        b = b.get(1..).unwrap_or_default().trim_ascii_start();
    }
    // One pass to find the separators; anything but digits and separators is not an amount.
    let (mut dots, mut commas, mut last_dot, mut last_comma) = (0usize, 0usize, 0usize, 0usize);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => {}
            b'.' => {
                dots += 1;
                last_dot = i;
            }
            b',' => {
                commas += 1;
                last_comma = i;
            }
            _ => return Err(MoneyError::Invalid),
        }
    }
    // Which separator is the decimal one, and where it is.
    let decimal_at: Option<usize> = match (dots, commas) {
        (0, 0) => None,
        (_, 0) if is_grouped(b, b'.') => None,
        (0, _) if is_grouped(b, b',') => None,
        (1, 0) => Some(last_dot),
        (0, 1) => Some(last_comma),
        (_, 0) | (0, _) => return Err(MoneyError::Invalid),
        _ => {
            // Both: the one that comes last is the decimal one, once; the other groups thousands.
            let (at, sep, count) = if last_dot > last_comma {
                (last_dot, b',', dots)
            } else {
                (last_comma, b'.', commas)
            };
            if count != 1 || !is_grouped(b.get(..at).unwrap_or_default(), sep) {
                return Err(MoneyError::Invalid);
            }
            Some(at)
        }
    };
    let digits = b.len() - dots - commas;
    if digits == 0 {
        return Err(MoneyError::Invalid);
    }
    // 38 digits always fit in an i128, so the loop needs no overflow checks.
    if digits > 38 {
        return Err(MoneyError::TooLarge);
    }
    let numer: i128 = if digits <= 18 {
        // The usual amount fits a machine word: no 128-bit multiplications.
        let mut n: i64 = 0;
        for &c in b {
            if c.is_ascii_digit() {
                n = n * 10 + i64::from(c - b'0');
            }
        }
        i128::from(n)
    } else {
        let mut n: i128 = 0;
        for &c in b {
            if c.is_ascii_digit() {
                n = n * 10 + i128::from(c - b'0');
            }
        }
        n
    };
    let scale = match decimal_at {
        Some(d) => (b.len() - d - 1) as u32,
        None => 0,
    };
    if scale > 30 {
        return Err(MoneyError::Invalid);
    }
    let value = if scale == 0 {
        i64::try_from(numer)
            .map(Num::int)
            .map_err(|_| MoneyError::TooLarge)?
    } else {
        Num::ratio(numer, 10i128.pow(scale)).ok_or(MoneyError::Invalid)?
    };
    Ok(if negative {
        Num::ZERO.checked_sub(value).ok_or(MoneyError::TooLarge)?
    } else {
        value
    })
}

/// Whether `s` is digits grouped by `sep` in threes (`1.250.000`), with at least one separator.
fn is_grouped(s: &[u8], sep: u8) -> bool {
    let mut run = 0usize;
    let mut seps = 0usize;
    for &c in s {
        if c == sep {
            // The first group has 1 to 3 digits, every later one exactly 3.
            if run == 0 || run > 3 || (seps > 0 && run != 3) {
                return false;
            }
            seps += 1;
            run = 0;
        } else if c.is_ascii_digit() {
            run += 1;
        } else {
            return false;
        }
    }
    seps > 0 && run == 3
}

/// `str::trim`, skipping the Unicode-aware scan when both ends are visible ASCII (the usual cell).
#[inline]
fn trim_ascii_fast(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// A plain number: an optional sign, at least one digit, and optionally a decimal point or comma
/// followed by digits, at most 18 digits in all (`12`, `-3`, `63,8`, `0.25`): the common cell, read in
/// machine words without the general decimal parser. `None` for anything else (`.5`, `1e3`, `1/3`,
/// more digits), which [`Num::parse`] reads; for what it accepts, the value is the one
/// [`Num::parse`] gives.
#[inline]
pub(crate) fn parse_plain_decimal(t: &str) -> Option<Num> {
    let (negative, body) = match t.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    let mut n: i64 = 0;
    let mut digits = 0u32;
    let mut places: Option<u32> = None;
    for &b in body {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if digits > 18 {
                    return None;
                }
                n = n * 10 + i64::from(b - b'0');
                if let Some(p) = places.as_mut() {
                    *p += 1;
                }
            }
            b'.' | b',' if places.is_none() && digits > 0 => places = Some(0),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let n = if negative { -n } else { n };
    match places {
        None | Some(0) => Some(Num::int(n)),
        // 10^p with p <= 17 fits an i64; the fraction is reduced with a 64-bit gcd.
        Some(p) => Num::ratio(i128::from(n), 10i128.pow(p)),
    }
}

/// The answer to number question `q` of a plain number cell (see [`parse_plain_decimal`]; for money,
/// digits only) that is valid, without building an error: the hot path of household files. `None`
/// for anything else, which [`parse_cell`] then reads (and explains when it is wrong); when `Some`, it
/// is what [`parse_cell`] gives.
#[inline]
pub(crate) fn quick_number(q: &Question, t: &str) -> Option<Num> {
    if q.kind != QuestionType::Number {
        return None;
    }
    if q.money {
        // `600.000` is six hundred thousand rupiah: only plain digits here.
        let digits = t.strip_prefix('-').unwrap_or(t);
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let n = parse_plain_decimal(t)?;
    if q.integer && !n.is_integer() {
        return None;
    }
    if q.min.is_some_and(|min| n < min) || q.max.is_some_and(|max| n > max) {
        return None;
    }
    Some(n)
}

/// `text` without surrounding white space (the usual cell has none: checked by its end bytes).
#[inline]
pub(crate) fn trim_cell(text: &str) -> &str {
    trim_ascii_fast(text)
}

/// Compares two texts ignoring case (of Latin letters: see [`crate::case`]), without allocating.
fn eq_fold(a: &str, b: &str) -> bool {
    crate::case::eq_ignore_case(a, b)
}

/// Finds a choice's option by id, then by Indonesian or English label, ignoring case.
pub fn find_option(q: &Question, text: &str) -> Option<u16> {
    let t = trim_ascii_fast(text);
    let by_id = q.options.iter().position(|o| o.id.eq_ignore_ascii_case(t));
    let found = by_id.or_else(|| {
        q.options
            .iter()
            .position(|o| eq_fold(o.label.id.trim(), t) || eq_fold(o.label.en.trim(), t))
    })?;
    u16::try_from(found).ok()
}

/// Checks a number against the question's integer constraint and range.
pub fn check_number(q: &Question, n: Num, text: &str) -> Result<Num, AnswerError> {
    if q.integer && !n.is_integer() {
        return Err(AnswerError::new(AnswerErrorCode::NotInteger, q, text));
    }
    if let Some(min) = q.min {
        if n < min {
            let mut e = AnswerError::new(AnswerErrorCode::BelowMin, q, text);
            e.limit = Some(min);
            return Err(e);
        }
    }
    if let Some(max) = q.max {
        if n > max {
            let mut e = AnswerError::new(AnswerErrorCode::AboveMax, q, text);
            e.limit = Some(max);
            return Err(e);
        }
    }
    Ok(n)
}

/// Reads one cell of a household file as an answer to `q`. An empty cell is `Ok(None)` (unanswered).
///
/// ```
/// use timbang_engine::answers::{parse_cell, Input};
/// use timbang_engine::model::Question;
/// use timbang_engine::Num;
/// let income: Question = serde_json::from_str(r#"{"id":"pendapatan","label":{"id":"Pendapatan","en":"Income"},
///     "type":"number","money":true,"min":0}"#).unwrap();
/// assert_eq!(parse_cell(&income, "Rp 600.000"), Ok(Some(Input::Num(Num::int(600_000)))));
/// assert_eq!(parse_cell(&income, "  "), Ok(None));
/// ```
pub fn parse_cell(q: &Question, text: &str) -> Result<Option<Input>, AnswerError> {
    let t = trim_ascii_fast(text);
    if t.is_empty() {
        return Ok(None);
    }
    match q.kind {
        QuestionType::YesNo => parse_yes_no(t)
            .map(|b| Some(Input::Bool(b)))
            .ok_or_else(|| AnswerError::new(AnswerErrorCode::NotYesNo, q, text)),
        QuestionType::Number => {
            let n = if q.money {
                parse_money(t).map_err(|e| match e {
                    MoneyError::TooLarge => AnswerError::new(AnswerErrorCode::TooLarge, q, text),
                    MoneyError::Invalid => AnswerError::new(AnswerErrorCode::NotANumber, q, text),
                })?
            } else if let Some(n) = parse_plain_decimal(t) {
                n
            } else {
                Num::parse(t).map_err(|e| match e {
                    crate::num::NumParseError::TooLarge => {
                        AnswerError::new(AnswerErrorCode::TooLarge, q, text)
                    }
                    _ => AnswerError::new(AnswerErrorCode::NotANumber, q, text),
                })?
            };
            check_number(q, n, text).map(|n| Some(Input::Num(n)))
        }
        QuestionType::Choice => find_option(q, t)
            .map(|i| Some(Input::Choice(i)))
            .ok_or_else(|| AnswerError::new(AnswerErrorCode::UnknownOption, q, text)),
    }
}

/// Types a JSON answer (from the app or an answers file) against `q`. Texts are read like household
/// cells ([`parse_cell`]), so `"Rp 600.000"` and `"ya"` work here too; an empty text is unanswered.
///
/// ```
/// use timbang_engine::answers::{type_answer, Input, AnswerErrorCode};
/// use timbang_engine::model::Question;
/// use timbang_engine::{Num, Value};
/// let q: Question = serde_json::from_str(r#"{"id":"listrik","label":{"id":"Listrik","en":"Electricity"},
///     "type":"yes_no"}"#).unwrap();
/// assert_eq!(type_answer(&q, &Value::Bool(true)), Ok(Some(Input::Bool(true))));
/// assert_eq!(type_answer(&q, &Value::Num(Num::int(0))), Ok(Some(Input::Bool(false))));
/// assert_eq!(type_answer(&q, &Value::Num(Num::int(7))).unwrap_err().code, AnswerErrorCode::NotYesNo);
/// ```
pub fn type_answer(q: &Question, value: &Value) -> Result<Option<Input>, AnswerError> {
    match (q.kind, value) {
        (_, Value::Text(t)) => parse_cell(q, t),
        (QuestionType::YesNo, Value::Bool(b)) => Ok(Some(Input::Bool(*b))),
        (QuestionType::YesNo, Value::Num(n)) => {
            if *n == Num::ONE {
                Ok(Some(Input::Bool(true)))
            } else if n.is_zero() {
                Ok(Some(Input::Bool(false)))
            } else {
                Err(AnswerError::new(
                    AnswerErrorCode::NotYesNo,
                    q,
                    &n.to_string(),
                ))
            }
        }
        (QuestionType::Number, Value::Num(n)) => {
            // The text is only written out when there is a problem to report.
            check_number(q, *n, "")
                .map(|n| Some(Input::Num(n)))
                .map_err(|mut e| {
                    e.text = n.to_string();
                    e
                })
        }
        (QuestionType::Number, Value::Bool(b)) => Err(AnswerError::new(
            AnswerErrorCode::NotANumber,
            q,
            &b.to_string(),
        )),
        (QuestionType::Choice, Value::Num(n)) => parse_cell(q, &n.to_string()),
        (QuestionType::Choice, Value::Bool(b)) => Err(AnswerError::new(
            AnswerErrorCode::UnknownOption,
            q,
            &b.to_string(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(json: &str) -> Question {
        serde_json::from_str(json).unwrap()
    }

    fn yes_no() -> Question {
        question(r#"{"id":"listrik","label":{"id":"Listrik","en":"Electricity"},"type":"yes_no"}"#)
    }

    fn members() -> Question {
        question(
            r#"{"id":"jumlah_anggota","label":{"id":"Anggota","en":"Members"},"type":"number",
            "min":1,"max":30,"integer":true}"#,
        )
    }

    fn area() -> Question {
        question(
            r#"{"id":"luas_lantai","label":{"id":"Luas","en":"Area"},"type":"number","min":0}"#,
        )
    }

    fn income() -> Question {
        question(
            r#"{"id":"pendapatan","label":{"id":"Pendapatan","en":"Income"},"type":"number",
            "money":true,"min":0}"#,
        )
    }

    fn floor() -> Question {
        question(
            r#"{"id":"lantai","label":{"id":"Lantai","en":"Floor"},"type":"choice","options":[
            {"id":"tanah","label":{"id":"Tanah","en":"Earth"}},
            {"id":"bambu","label":{"id":"Bambu","en":"Bamboo"}},
            {"id":"keramik","label":{"id":"Keramik / Ubin","en":"Tiles"}},
            {"id":"kayu_murah","label":{"id":"Kayu Murah","en":"Cheap Wood"}},
            {"id":"lain","label":{"id":"LAINNYA É","en":"Other"}}]}"#,
        )
    }

    fn num(s: &str) -> Input {
        Input::Num(Num::parse(s).unwrap())
    }

    enum Want {
        None,
        Ok(Input),
        Err(AnswerErrorCode),
    }

    #[test]
    fn cells_table() {
        use AnswerErrorCode as C;
        let cases: Vec<(Question, &str, Want)> = vec![
            (yes_no(), "", Want::None),
            (yes_no(), "   ", Want::None),
            (yes_no(), "ya", Want::Ok(Input::Bool(true))),
            (yes_no(), "YA", Want::Ok(Input::Bool(true))),
            (yes_no(), "Y", Want::Ok(Input::Bool(true))),
            (yes_no(), "yes", Want::Ok(Input::Bool(true))),
            (yes_no(), "True", Want::Ok(Input::Bool(true))),
            (yes_no(), "1", Want::Ok(Input::Bool(true))),
            (yes_no(), "tidak", Want::Ok(Input::Bool(false))),
            (yes_no(), "Tidak ", Want::Ok(Input::Bool(false))),
            (yes_no(), "t", Want::Ok(Input::Bool(false))),
            (yes_no(), "n", Want::Ok(Input::Bool(false))),
            (yes_no(), "No", Want::Ok(Input::Bool(false))),
            (yes_no(), "false", Want::Ok(Input::Bool(false))),
            (yes_no(), "0", Want::Ok(Input::Bool(false))),
            (yes_no(), "2", Want::Err(C::NotYesNo)),
            (yes_no(), "mungkin", Want::Err(C::NotYesNo)),
            (members(), "4", Want::Ok(num("4"))),
            (members(), " 4 ", Want::Ok(num("4"))),
            (members(), "4,5", Want::Err(C::NotInteger)),
            (members(), "0", Want::Err(C::BelowMin)),
            (members(), "31", Want::Err(C::AboveMax)),
            (members(), "empat", Want::Err(C::NotANumber)),
            (area(), "7,5", Want::Ok(num("7.5"))),
            (area(), "7.5", Want::Ok(num("7.5"))),
            (area(), "36", Want::Ok(num("36"))),
            (area(), "-1", Want::Err(C::BelowMin)),
            (area(), "1.000", Want::Ok(num("1"))),
            (area(), "Rp 5", Want::Err(C::NotANumber)),
            (
                area(),
                "1234567890123456789012345678901234567890",
                Want::Err(C::TooLarge),
            ),
            (income(), "Rp 600.000", Want::Ok(num("600000"))),
            (income(), "rp600.000", Want::Ok(num("600000"))),
            (income(), "Rp. 1.250.000", Want::Ok(num("1250000"))),
            (income(), "Rp 600.000,-", Want::Ok(num("600000"))),
            (income(), "600.000", Want::Ok(num("600000"))),
            (income(), "600000", Want::Ok(num("600000"))),
            (income(), "1.250.000,50", Want::Ok(num("1250000.5"))),
            (income(), "1,250,000.50", Want::Ok(num("1250000.5"))),
            (income(), "600,000", Want::Ok(num("600000"))),
            (income(), "0,5", Want::Ok(num("0.5"))),
            (income(), "1.5", Want::Ok(num("1.5"))),
            (income(), "IDR 750.000", Want::Ok(num("750000"))),
            (income(), "60.00.000", Want::Err(C::NotANumber)),
            (income(), "1.2345,6", Want::Err(C::NotANumber)),
            (income(), "Rp", Want::Err(C::NotANumber)),
            (income(), "Rp -5.000", Want::Err(C::BelowMin)),
            (income(), "enam ratus", Want::Err(C::NotANumber)),
            (floor(), "tanah", Want::Ok(Input::Choice(0))),
            (floor(), "TANAH", Want::Ok(Input::Choice(0))),
            (floor(), "Bamboo", Want::Ok(Input::Choice(1))),
            (floor(), "keramik / ubin", Want::Ok(Input::Choice(2))),
            (floor(), "kayu murah", Want::Ok(Input::Choice(3))),
            (floor(), "Kayu_Murah", Want::Ok(Input::Choice(3))),
            (floor(), "lainnya é", Want::Ok(Input::Choice(4))),
            (floor(), "marmer", Want::Err(C::UnknownOption)),
        ];
        for (q, text, want) in cases {
            let got = parse_cell(&q, text);
            match want {
                Want::None => assert_eq!(got, Ok(None), "{} {text:?}", q.id),
                Want::Ok(i) => assert_eq!(got, Ok(Some(i)), "{} {text:?}", q.id),
                Want::Err(code) => {
                    let e = got.expect_err(text);
                    assert_eq!(e.code, code, "{} {text:?}", q.id);
                    assert_eq!(e.question, q.id);
                    assert_eq!(e.text, text);
                    assert_ne!(e.message(Lang::Id), e.message(Lang::En));
                }
            }
        }
    }

    /// `1250000` written `1.250.000` (or with `sep`).
    fn grouped(n: u64, sep: char) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    proptest::proptest! {
        /// Every amount reads back whichever way it is written.
        #[test]
        fn money_round_trip(n in 0u64..10_000_000_000_000, cents in 0u64..100) {
            let whole = Num::parse(&n.to_string()).unwrap();
            let with_cents = whole.checked_add(Num::ratio(i128::from(cents), 100).unwrap()).unwrap();
            let cases = [
                (n.to_string(), whole),
                (format!("Rp {}", grouped(n, '.')), whole),
                (format!("Rp{},-", grouped(n, '.')), whole),
                (format!("{},{cents:02}", grouped(n, '.')), with_cents),
                (format!("{}.{cents:02}", grouped(n, ',')), with_cents),
            ];
            for (text, want) in cases {
                proptest::prop_assert_eq!(parse_money(&text), Ok(want), "{}", text);
            }
        }
    }

    #[test]
    fn limits_are_reported() {
        let e = parse_cell(&members(), "31").unwrap_err();
        assert_eq!(e.limit, Some(Num::int(30)));
        assert!(e.message(Lang::Id).contains("30"));
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"code":"above_max","question":"jumlah_anggota","text":"31","limit":30}"#
        );
    }

    #[test]
    fn json_values_table() {
        use AnswerErrorCode as C;
        let cases: Vec<(Question, Value, Want)> = vec![
            (yes_no(), Value::Bool(false), Want::Ok(Input::Bool(false))),
            (yes_no(), Value::Num(Num::ONE), Want::Ok(Input::Bool(true))),
            (
                yes_no(),
                Value::Text("Ya".into()),
                Want::Ok(Input::Bool(true)),
            ),
            (yes_no(), Value::Num(Num::int(3)), Want::Err(C::NotYesNo)),
            (yes_no(), Value::Text(String::new()), Want::None),
            (members(), Value::Num(Num::int(5)), Want::Ok(num("5"))),
            (members(), Value::Text("5".into()), Want::Ok(num("5"))),
            (members(), Value::Bool(true), Want::Err(C::NotANumber)),
            (
                members(),
                Value::Num(Num::ratio(9, 2).unwrap()),
                Want::Err(C::NotInteger),
            ),
            (
                income(),
                Value::Text("Rp 600.000".into()),
                Want::Ok(num("600000")),
            ),
            (
                floor(),
                Value::Text("bambu".into()),
                Want::Ok(Input::Choice(1)),
            ),
            (floor(), Value::Bool(true), Want::Err(C::UnknownOption)),
            (
                floor(),
                Value::Num(Num::int(1)),
                Want::Err(C::UnknownOption),
            ),
        ];
        for (q, v, want) in cases {
            let got = type_answer(&q, &v);
            match want {
                Want::None => assert_eq!(got, Ok(None), "{} {v}", q.id),
                Want::Ok(i) => assert_eq!(got, Ok(Some(i)), "{} {v}", q.id),
                Want::Err(code) => assert_eq!(got.unwrap_err().code, code, "{} {v}", q.id),
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_decimals_read_as_the_general_parser(text in "[+-]?[0-9]{0,12}([.,][0-9]{0,8})?") {
            match parse_plain_decimal(&text) {
                Some(n) => proptest::prop_assert_eq!(Ok(n), Num::parse(&text)),
                // Refused only when there is no digit before the separator, or too many digits.
                None => proptest::prop_assert!(
                    !text.trim_start_matches(['+', '-']).starts_with(|c: char| c.is_ascii_digit())
                        || text.chars().filter(char::is_ascii_digit).count() > 18
                ),
            }
        }
    }

    #[test]
    fn plain_decimals_at_the_edges() {
        assert_eq!(
            parse_plain_decimal("63,8"),
            Some(Num::ratio(319, 5).unwrap())
        );
        assert_eq!(
            parse_plain_decimal("-0,50"),
            Some(Num::ratio(-1, 2).unwrap())
        );
        assert_eq!(parse_plain_decimal("8,"), Some(Num::int(8)));
        assert_eq!(
            parse_plain_decimal("999999999999999999"),
            Some(Num::int(999_999_999_999_999_999))
        );
        assert_eq!(parse_plain_decimal("9999999999999999999"), None);
        assert_eq!(parse_plain_decimal("0,000000000000000001"), None);
        assert_eq!(
            parse_plain_decimal("0,00000000000000001"),
            Some(Num::ratio(1, 100_000_000_000_000_000).unwrap())
        );
        for t in ["", "-", ",5", "1.2.3", "1,2,3", "1e3", "1/2", "1 000", " 1"] {
            assert_eq!(parse_plain_decimal(t), None, "{t:?}");
        }
        // Out of range and not whole: the same errors as before.
        let members = members();
        assert_eq!(
            parse_cell(&members, "2,5").unwrap_err().code,
            AnswerErrorCode::NotInteger
        );
        assert_eq!(
            parse_cell(&members, "2,0"),
            Ok(Some(Input::Num(Num::int(2))))
        );
    }

    proptest::proptest! {
        #[test]
        fn quick_numbers_are_what_parse_cell_gives(text in "[+-]?[0-9]{0,7}([.,][0-9]{0,4})?(\\.[0-9]{3})?") {
            for q in [members(), area(), income()] {
                if let Some(n) = quick_number(&q, &text) {
                    proptest::prop_assert_eq!(parse_cell(&q, &text), Ok(Some(Input::Num(n))), "{}", q.id);
                }
            }
        }
    }

    #[test]
    fn quick_numbers_at_the_edges() {
        let (members, income) = (members(), income());
        assert_eq!(quick_number(&members, "1"), Some(Num::int(1)));
        assert_eq!(quick_number(&members, "30"), Some(Num::int(30)));
        for t in ["0", "31", "2,5", " 2", "", "dua"] {
            assert_eq!(quick_number(&members, t), None, "{t:?}");
        }
        assert_eq!(quick_number(&income, "600000"), Some(Num::int(600_000)));
        assert_eq!(quick_number(&income, "600.000"), None);
        assert_eq!(quick_number(&income, "+5"), None);
    }
}
