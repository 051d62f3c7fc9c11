//! Loading a rule set file: from text to a ready [`Engine`], or every problem on the way.
//!
//! The steps, each stopping the load when it finds an error:
//! 1. the text must be JSON (`json_syntax`, with line and column);
//! 2. it must say `"format": "timbang.ruleset/1"` (`missing_format`, `unsupported_format`), checked
//!    before anything else so that a file of a future version gets a clear message rather than a
//!    list of unknown fields;
//! 3. it must fit the format: the first misfit is reported with its JSON path (`unknown_field`,
//!    `missing_field`, `wrong_type`, …);
//! 4. [`validate`]: every meaning check, all errors at once; warnings do not stop the load;
//! 5. [`Engine::new`] compiles it;
//! 6. every test household is assessed; one that does not get its expected class is an error.
//!
//! Every diagnostic gets the line and column its path points at in the text.

mod cursor;
mod locate;

use serde::{Deserialize, Serialize};

use crate::assess::Problem;
use crate::compile::Engine;
use crate::condition_de::Drain;
use crate::diagnostic::{field_path, has_errors, Code, Diagnostic};
use crate::model::{RuleSet, Value, FORMAT_V1};
use crate::num::Num;
use crate::text::{Lang, Text};
use crate::validate::validate;
use cursor::{Here, Spot};
use locate::Step;

/// A rule set that loaded: its engine, the warnings found, and how its test households fared (all
/// passed, or it would not have loaded).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The compiled rule set.
    pub engine: Engine,
    /// Problems that do not block the load.
    pub warnings: Vec<Diagnostic>,
    /// Each test household's result, in file order.
    pub tests: Vec<TestOutcome>,
}

/// How one test household fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestOutcome {
    /// Its position in `tests`.
    pub index: usize,
    /// What it shows.
    pub name: Text,
    /// Its cluster.
    pub cluster: String,
    /// The class it must get.
    pub expected: String,
    /// The class it got; `None` when it could not be classed (see `problems`).
    pub actual: Option<String>,
    /// Whether `actual` is `expected`.
    pub passed: bool,
    /// What kept it from a class, or other problems with its answers.
    pub problems: Vec<Problem>,
}

/// Loads a rule set from the text of a file.
///
/// ```
/// use timbang_engine::load::load;
/// # let json = include_str!("../tests/broken/base.json");
/// let loaded = load(json).unwrap();
/// assert!(loaded.warnings.is_empty());
/// assert!(loaded.tests.iter().all(|t| t.passed));
/// assert_eq!(loaded.engine.rules().id, "base-weighted");
///
/// let broken = json.replacen("\"weight\": \"1/18\"", "\"weight\": \"1/9\"", 1);
/// let errors = load(&broken).unwrap_err();
/// assert_eq!(errors[0].code.as_str(), "weights_not_one");
/// assert_eq!(errors[0].path, "$.clusters[0].indicators");
/// assert_eq!(errors[0].params["sum"], "19/18");
/// assert!(errors[0].line.is_some());
/// ```
pub fn load(json: &str) -> Result<Loaded, Vec<Diagnostic>> {
    let rules = parse(json)?;
    finish(rules, Some(json))
}

/// Loads a rule set that is already in memory (e.g. edited in the app): steps 4 to 6 of [`load`],
/// without line and column.
pub fn load_rules(rules: RuleSet) -> Result<Loaded, Vec<Diagnostic>> {
    finish(rules, None)
}

/// A rule set that has been loaded by [`load`] before (the page hands the texts it loaded to its
/// worker): read and compiled only. The meaning checks and the test households passed then; skipping
/// them keeps their code out of the worker (a third of a smaller download) and its start quicker.
///
/// ```
/// # let json = include_str!("../tests/broken/base.json");
/// let engine = timbang_engine::load::compile_loaded(json).unwrap();
/// assert_eq!(engine.rules().id, "base-weighted");
/// assert!(timbang_engine::load::compile_loaded("{").is_err());
/// ```
pub fn compile_loaded(json: &str) -> Result<Engine, Vec<Diagnostic>> {
    Engine::new(parse(json)?)
}

/// Steps 1 to 3 of [`load`]: the text read into a [`RuleSet`], without checking what it means.
///
/// ```
/// use timbang_engine::load::parse;
/// let errors = parse("{\"format\": \"timbang.ruleset/2\"}").unwrap_err();
/// assert_eq!(errors[0].code.as_str(), "unsupported_format");
/// assert_eq!(errors[0].params["found"], "timbang.ruleset/2");
/// assert_eq!((errors[0].line, errors[0].column), (Some(1), Some(12)));
/// ```
pub fn parse(json: &str) -> Result<RuleSet, Vec<Diagnostic>> {
    // One plain read into the model. Steps 1 to 3 below only run to explain a failed read, in that
    // order: a syntax error anywhere beats a misfit, and the format beats the fields.
    let misfit = match serde_json::from_str::<RuleSet>(json) {
        Ok(rules) => {
            // A JSON array reads into a struct too (field by field), but a rule set is an object.
            if let Some(d) = root_not_object(json) {
                return Err(vec![d]);
            }
            if rules.format != FORMAT_V1 {
                return Err(vec![unsupported_format(json, &rules.format)]);
            }
            return Ok(rules);
        }
        Err(e) => e,
    };
    // 1. JSON at all.
    if let Err(e) = serde_json::from_str::<Drain>(json) {
        return Err(vec![syntax_error(json, &e)]);
    }
    // 2. The format, before the fields: another version may have other fields.
    if let Some(d) = root_not_object(json) {
        return Err(vec![d]);
    }
    match locate::top_member(json, "format") {
        None => {
            return Err(vec![located(
                json,
                Diagnostic::new(Code::MissingFormat, "$").with("supported", FORMAT_V1),
            )])
        }
        Some(text) => {
            let found = match serde_json::from_str::<String>(text) {
                Ok(s) => s,
                // Not a string: what was written, without its white space.
                Err(_) => compact(text),
            };
            if found != FORMAT_V1 {
                return Err(vec![unsupported_format(json, &found)]);
            }
        }
    }
    // 3. The fields: the first misfit, at the path of what serde_json was reading when it stopped.
    let msg = strip_position(&misfit.to_string());
    let offset = offset_after(json, misfit.line(), misfit.column());
    Err(vec![located(json, from_serde(json, offset, &msg))])
}

/// A `json_syntax` diagnostic where serde_json stopped.
fn syntax_error(json: &str, e: &serde_json::Error) -> Diagnostic {
    let off = locate::offset_of_line_byte_col(json, e.line(), e.column());
    let (line, column) = locate::line_col(json, off);
    Diagnostic::new(Code::JsonSyntax, "$")
        .with("detail", strip_position(&e.to_string()))
        .at(line, column.max(1))
}

/// A `wrong_type` diagnostic when the text is not a JSON object (it is already known to be JSON).
fn root_not_object(json: &str) -> Option<Diagnostic> {
    let found = match json.trim_start().as_bytes().first() {
        Some(b'{') => return None,
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    };
    Some(located(
        json,
        Diagnostic::new(Code::WrongType, "$")
            .with("found", found)
            .with("expected", "an object")
            .with("detail", "a rule set is a JSON object"),
    ))
}

/// An `unsupported_format` diagnostic.
fn unsupported_format(json: &str, found: &str) -> Diagnostic {
    located(
        json,
        Diagnostic::new(Code::UnsupportedFormat, "$.format")
            .with("found", found)
            .with("supported", FORMAT_V1),
    )
}

/// JSON text without the white space outside its strings.
fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c.is_whitespace() {
            continue;
        }
        out.push(c);
    }
    out
}

/// The byte offset just past the 1-based line and 0-based count of bytes read on it, as serde_json
/// reports where it stopped.
fn offset_after(json: &str, line: usize, column: usize) -> usize {
    locate::offset_of_line_byte_col(json, line, column + 1)
}

/// Steps 4 to 6.
fn finish(rules: RuleSet, json: Option<&str>) -> Result<Loaded, Vec<Diagnostic>> {
    let place = |d: Diagnostic| match json {
        Some(text) => located(text, d),
        None => d,
    };
    let found: Vec<Diagnostic> = validate(&rules).into_iter().map(place).collect();
    if has_errors(&found) {
        return Err(found);
    }
    let warnings = found;
    let engine = match Engine::new(rules) {
        Ok(engine) => engine,
        Err(diags) => {
            let mut all: Vec<Diagnostic> = diags.into_iter().map(place).collect();
            all.extend(warnings);
            return Err(all);
        }
    };
    let (tests, failures) = run_tests(&engine);
    if !failures.is_empty() {
        let mut all: Vec<Diagnostic> = failures.into_iter().map(place).collect();
        all.extend(warnings);
        return Err(all);
    }
    Ok(Loaded {
        engine,
        warnings,
        tests,
    })
}

/// Assesses every test household; returns the outcomes and a diagnostic for each failure.
pub fn run_tests(engine: &Engine) -> (Vec<TestOutcome>, Vec<Diagnostic>) {
    let mut outcomes = Vec::new();
    let mut failures = Vec::new();
    for (index, test) in engine.rules().tests.iter().enumerate() {
        let (actual, problems, details) = match engine.assess(&test.cluster, &test.answers) {
            Ok(a) => {
                let mut details = Text::default();
                let open: Vec<&str> = a
                    .unanswered
                    .iter()
                    .filter(|u| u.required)
                    .map(|u| u.question.as_str())
                    .collect();
                if !open.is_empty() {
                    details = Text::new(
                        format!("pertanyaan wajib belum dijawab: {}", open.join(", ")),
                        format!("required questions unanswered: {}", open.join(", ")),
                    );
                }
                for p in a.problems.iter().filter(|p| p.blocking) {
                    join(&mut details, &p.message);
                }
                (a.class, a.problems, details)
            }
            Err(e) => (None, Vec::new(), e.text()),
        };
        let passed = actual.as_deref() == Some(test.expect.as_str());
        if !passed {
            let mut d = Diagnostic::new(Code::TestHouseholdFailed, format!("$.tests[{index}]"))
                .with("name", test.name.get(Lang::Id))
                .with("name_en", test.name.get(Lang::En))
                .with("cluster", &test.cluster)
                .with("expected", &test.expect)
                .with("actual", actual.as_deref().unwrap_or("-"));
            if !details.id.is_empty() || !details.en.is_empty() {
                d = d
                    .with("detail", details.get(Lang::En))
                    .with("detail_id", details.get(Lang::Id))
                    .with("detail_en", details.get(Lang::En));
            }
            failures.push(d);
        }
        outcomes.push(TestOutcome {
            index,
            name: test.name.clone(),
            cluster: test.cluster.clone(),
            expected: test.expect.clone(),
            actual,
            passed,
            problems,
        });
    }
    (outcomes, failures)
}

/// Appends `more` to `text` in each language, separated by `; `.
fn join(text: &mut Text, more: &Text) {
    for (dst, src) in [(&mut text.id, &more.id), (&mut text.en, &more.en)] {
        let src = src.trim_end_matches('.');
        if !dst.is_empty() {
            dst.push_str("; ");
        }
        dst.push_str(src);
    }
}

/// `d` with the line and column its path points at in `json`.
fn located(json: &str, d: Diagnostic) -> Diagnostic {
    let (line, column) = locate::position(json, &d.path);
    d.at(line, column)
}

/// The line and column of `path` in `json` (1-based; column in characters); the deepest part of the
/// path that exists when not all of it does.
///
/// ```
/// use timbang_engine::load::position;
/// let json = "{\n  \"clusters\": [\n    {\"id\": \"pesisir\"}\n  ]\n}";
/// assert_eq!(position(json, "$.clusters[0].id"), (3, 12));
/// ```
pub fn position(json: &str, path: &str) -> (usize, usize) {
    locate::position(json, path)
}

/// serde_json's message without its trailing ` at line L column C`.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(msg).to_owned(),
        None => msg.to_owned(),
    }
}

/// The text between the first pair of backticks after `prefix`.
fn quoted_after<'a>(msg: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = msg.strip_prefix(prefix)?;
    let rest = rest.strip_prefix('`')?;
    rest.split_once('`').map(|(q, _)| q)
}

/// What serde said, as a typed diagnostic at the path of what serde_json was reading when it had
/// read `offset` bytes of `json`.
fn from_serde(json: &str, offset: usize, msg: &str) -> Diagnostic {
    let here = cursor::here(json, offset);
    let expected_list = |msg: &str| {
        msg.split_once(", expected ")
            .map(|(_, e)| e.trim_start_matches("one of ").to_owned())
            .unwrap_or_else(|| "-".to_owned())
    };
    let d = if let Some(field) = quoted_after(msg, "unknown field ") {
        Diagnostic::new(Code::UnknownField, member_path(&here, field))
            .with("field", field)
            .with("expected", expected_list(msg))
    } else if let Some(field) = quoted_after(msg, "missing field ") {
        Diagnostic::new(Code::MissingField, member_path(&here, field)).with("field", field)
    } else if let Some(field) = quoted_after(msg, "duplicate field ") {
        Diagnostic::new(Code::DuplicateField, member_path(&here, field)).with("field", field)
    } else if let Some(found) = quoted_after(msg, "unknown variant ") {
        Diagnostic::new(Code::UnknownVariant, value_path(json, offset, &here, msg))
            .with("found", found)
            .with("expected", expected_list(msg))
    } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        Diagnostic::new(Code::WrongType, value_path(json, offset, &here, msg))
            .with("found", found)
            .with("expected", expected)
    } else if [
        "not a number",
        "empty number",
        "fraction with denominator zero",
        "number too large",
        "number out of range",
    ]
    .iter()
    .any(|p| msg.starts_with(p))
    {
        Diagnostic::new(Code::InvalidNumber, value_path(json, offset, &here, msg))
    } else {
        Diagnostic::new(Code::InvalidField, value_path(json, offset, &here, msg))
    };
    d.with("detail", msg)
}

/// The path of `field`, which an error says is unknown, missing or repeated.
fn member_path(here: &Here, field: &str) -> String {
    let key = Step::Key(field.to_owned());
    let mut steps = here.steps.clone();
    // serde_json stops right after an unknown or repeated key, but after the object that misses a
    // field (and after a condition: its field errors only come once it is read whole).
    if !(here.spot == Spot::At && steps.last() == Some(&key)) {
        steps.push(key);
    }
    render(&steps)
}

/// The path of the value an error is about.
fn value_path(json: &str, offset: usize, here: &Here, msg: &str) -> String {
    let mut steps = here.steps.clone();
    // After `{"variant": null`, the only value a keyword's variant takes, and before more.
    let after_variant = here.spot == Spot::After { closed: false }
        && json
            .get(..offset)
            .is_some_and(|t| t.trim_end().ends_with("null"));
    if msg.starts_with("trailing characters") {
        // An array read as a struct has more elements than the struct has fields: serde_json
        // stops just inside the first extra element; the error is the array's.
        let before = cursor::here(json, offset.saturating_sub(1));
        steps = before.steps;
        if let Some(Step::Index(_)) = steps.last() {
            steps.pop();
        }
    } else if (msg.starts_with("unknown variant ") && here.spot == Spot::At)
        || msg.ends_with(", expected unit")
        || (msg == "expected value" && after_variant)
    {
        // A keyword written as an object, `{"variant": value}`, which serde reads as an enum: the
        // error is the object's, not its member's (an unknown variant is its key, `unit` is what
        // the value of a keyword must be, and a second member is not expected).
        if let Some(Step::Key(_)) = steps.last() {
            steps.pop();
        }
    } else if here.spot == Spot::ArrayOpen {
        // serde_json stops before an element it refuses by its first byte (`{` or `[`), but after
        // the `[` of an array refused as a whole by a reader of numbers or answers.
        let next = json
            .get(offset..)
            .and_then(|t| t.trim_start().bytes().next());
        let element = match next {
            Some(b'{') => msg.starts_with("invalid type: map"),
            Some(b'[') => {
                msg.starts_with("invalid type: sequence")
                    && !fails_with::<Num>(json, here.start, msg)
                    && !fails_with::<Value>(json, here.start, msg)
            }
            _ => false,
        };
        if element {
            steps.push(Step::Index(0));
        }
    }
    render(&steps)
}

/// Whether reading a `T` from `json` at `start` fails with the message `msg`. The read uses the
/// same deserializer type as the whole rule set's, so it adds no code.
fn fails_with<'de, T: Deserialize<'de>>(json: &'de str, start: usize, msg: &str) -> bool {
    let Some(text) = json.get(start..) else {
        return false;
    };
    let mut de = serde_json::Deserializer::from_str(text);
    match T::deserialize(&mut de) {
        Ok(_) => false,
        Err(e) => strip_position(&e.to_string()) == msg,
    }
}

/// A `$`-rooted JSON path.
fn render(steps: &[Step]) -> String {
    let mut out = String::from("$");
    for step in steps {
        match step {
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::Key(k) => out = field_path(&out, k),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::fixture::BASE_JSON;

    /// (file text, code, path, line, column)
    fn check(json: &str, code: Code, path: &str, pos: Option<(usize, usize)>) {
        let errors = match load(json) {
            Ok(_) => panic!("{code} expected, loaded fine"),
            Err(e) => e,
        };
        let d = errors
            .iter()
            .find(|d| d.code == code && d.path == path)
            .unwrap_or_else(|| panic!("{code} at {path} not in {errors:#?}"));
        if let Some((line, column)) = pos {
            assert_eq!((d.line, d.column), (Some(line), Some(column)), "{d}");
        }
        assert!(d.line.is_some() && d.column.is_some(), "{d}");
    }

    #[test]
    fn reading_errors() {
        /// (file text, code, path, expected line and column)
        type Case = (String, Code, &'static str, Option<(usize, usize)>);
        let cases: Vec<Case> = vec![
            ("".into(), Code::JsonSyntax, "$", Some((1, 1))),
            (
                "{\"format\": }".into(),
                Code::JsonSyntax,
                "$",
                Some((1, 12)),
            ),
            ("{\"é\": x}".into(), Code::JsonSyntax, "$", Some((1, 7))),
            ("[1, 2]".into(), Code::WrongType, "$", Some((1, 1))),
            (
                "{\"id\": \"x\"}".into(),
                Code::MissingFormat,
                "$",
                Some((1, 1)),
            ),
            (
                "{\"format\": 1}".into(),
                Code::UnsupportedFormat,
                "$.format",
                Some((1, 12)),
            ),
            (
                BASE_JSON.replacen(
                    "\"version\": \"1\",",
                    "\"version\": \"1\", \"colour\": \"red\",",
                    1,
                ),
                Code::UnknownField,
                "$.colour",
                Some((8, 29)),
            ),
            (
                BASE_JSON.replacen("\"weight\": \"1/6\"", "\"weight\": \"seperenam\"", 1),
                Code::InvalidNumber,
                "$.clusters[0].indicators[1].weight",
                Some((30, 21)),
            ),
            (
                BASE_JSON.replacen("\"min\": 1,", "\"min\": true,", 1),
                Code::WrongType,
                "$.questions[1].min",
                None,
            ),
            (
                BASE_JSON.replacen("\"method\": \"weighted\"", "\"method\": \"ranked\"", 1),
                Code::UnknownVariant,
                "$.method",
                Some((15, 13)),
            ),
            (
                BASE_JSON.replacen("\"status\": \"draft\",\n", "", 1),
                Code::MissingField,
                "$.status",
                Some((1, 1)),
            ),
        ];
        for (json, code, path, pos) in cases {
            check(&json, code, path, pos);
        }
    }

    #[test]
    fn meaning_errors_have_positions() {
        let json = BASE_JSON.replacen("\"colour\": \"#8b0000\"", "\"colour\": \"merah\"", 1);
        check(&json, Code::InvalidColour, "$.classes[0].colour", None);
        let d = load(&json).unwrap_err();
        let (line, column) = (d[0].line.unwrap(), d[0].column.unwrap());
        let text_line = json.lines().nth(line - 1).unwrap();
        assert_eq!(
            text_line.chars().skip(column - 1).collect::<String>(),
            "\"merah\","
        );
    }

    #[test]
    fn every_error_is_reported_not_just_the_first() {
        let json = BASE_JSON
            .replacen("\"colour\": \"#8b0000\"", "\"colour\": \"merah\"", 1)
            .replacen("\"date\": \"2024-01-31\"", "\"date\": \"31-01-2024\"", 1)
            .replacen("\"on\": \"lantai\"", "\"on\": \"lantai_rumah\"", 1);
        let codes: Vec<Code> = load(&json).unwrap_err().iter().map(|d| d.code).collect();
        for code in [
            Code::InvalidColour,
            Code::InvalidDate,
            Code::UnknownReference,
        ] {
            assert!(codes.contains(&code), "{code} not in {codes:?}");
        }
    }

    #[test]
    fn failing_test_household() {
        let json = BASE_JSON.replacen("\"expect\": \"rentan\"", "\"expect\": \"miskin\"", 1);
        let errors = load(&json).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let d = &errors[0];
        assert_eq!(d.code, Code::TestHouseholdFailed);
        assert_eq!(d.path, "$.tests[2]");
        assert_eq!(d.param("expected"), "miskin");
        assert_eq!(d.param("actual"), "rentan");
        assert!(d.line.is_some());
    }

    #[test]
    fn warnings_do_not_block() {
        let json = BASE_JSON.replacen(
            "\"description\": {\n    \"id\": \"Aturan",
            "\"description\": {\n    \"id\": \"\", \"x\": \"Aturan",
            1,
        );
        // An unknown field is an error; a missing translation only a warning.
        assert!(load(&json).is_err());
        let mut rules: RuleSet = serde_json::from_str(BASE_JSON).unwrap();
        rules.description.id.clear();
        let loaded = load_rules(rules).unwrap();
        assert_eq!(loaded.warnings.len(), 1);
        assert_eq!(loaded.warnings[0].code, Code::MissingTranslation);
        assert_eq!(loaded.tests.len(), 4);
        assert!(loaded.tests.iter().all(|t| t.passed));
    }

    #[test]
    fn export_then_load_gives_back_the_rules() {
        let loaded = load(BASE_JSON).unwrap();
        let text = crate::export::export(loaded.engine.rules());
        let again = load(&text).unwrap();
        assert_eq!(again.engine.rules(), loaded.engine.rules());
    }
}
