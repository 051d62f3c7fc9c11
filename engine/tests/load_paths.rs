//! The error paths of `load::parse` against a reference: the former implementation, which read the
//! rule set through `serde_path_to_error` (a path-tracking wrapper that doubled the model's
//! deserialisation code in the web app, so the engine now scans the text for the path instead).
//!
//! Thousands of rule sets, each a valid one with one fault (a value of another type, a member
//! removed, added or repeated), written with keys in two orders and in two layouts, must give the
//! same diagnostics both ways: code, path, parameters, line and column.

use std::collections::BTreeMap;

use serde_json::Value as Json;
use timbang_engine::diagnostic::{field_path, Code, Diagnostic};
use timbang_engine::load::{parse, position};
use timbang_engine::model::{RuleSet, FORMAT_V1};

// ---- The reference: load::parse as it was, verbatim but for the module paths ----------------------

fn old_parse(json: &str) -> Result<RuleSet, Vec<Diagnostic>> {
    let value: Json = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => {
            let off = offset_of_line_byte_col(json, e.line(), e.column());
            let (line, column) = line_col(json, off);
            return Err(vec![Diagnostic::new(Code::JsonSyntax, "$")
                .with("detail", strip_position(&e.to_string()))
                .at(line, column.max(1))]);
        }
    };
    let Some(object) = value.as_object() else {
        return Err(vec![located(
            json,
            Diagnostic::new(Code::WrongType, "$")
                .with("found", json_kind(&value))
                .with("expected", "an object")
                .with("detail", "a rule set is a JSON object"),
        )]);
    };
    match object.get("format") {
        None => {
            return Err(vec![located(
                json,
                Diagnostic::new(Code::MissingFormat, "$").with("supported", FORMAT_V1),
            )])
        }
        Some(Json::String(s)) if s == FORMAT_V1 => {}
        Some(other) => {
            let found = match other {
                Json::String(s) => s.clone(),
                v => v.to_string(),
            };
            return Err(vec![located(
                json,
                Diagnostic::new(Code::UnsupportedFormat, "$.format")
                    .with("found", found)
                    .with("supported", FORMAT_V1),
            )]);
        }
    }
    let mut de = serde_json::Deserializer::from_str(json);
    match serde_path_to_error::deserialize::<_, RuleSet>(&mut de) {
        Ok(rules) => Ok(rules),
        Err(e) => {
            let path = json_path(e.path());
            let inner = e.inner();
            let d = from_serde(&path, &strip_position(&inner.to_string()));
            Err(vec![located(json, d)])
        }
    }
}

fn located(json: &str, d: Diagnostic) -> Diagnostic {
    let (line, column) = position(json, &d.path);
    d.at(line, column)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn offset_of_line_byte_col(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

fn json_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("$");
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => out = field_path(&out, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

fn quoted_after<'a>(msg: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = msg.strip_prefix(prefix)?;
    let rest = rest.strip_prefix('`')?;
    rest.split_once('`').map(|(q, _)| q)
}

fn from_serde(path: &str, msg: &str) -> Diagnostic {
    let expected_list = |msg: &str| {
        msg.split_once(", expected ")
            .map(|(_, e)| e.trim_start_matches("one of ").to_owned())
            .unwrap_or_else(|| "-".to_owned())
    };
    let d = if let Some(field) = quoted_after(msg, "unknown field ") {
        // Fixed here: this compared with the bare field, so a field needing quotes (`["zz top"]`)
        // was appended a second time.
        let path = if path.ends_with(&field_path("", field)) {
            path.to_owned()
        } else {
            field_path(path, field)
        };
        Diagnostic::new(Code::UnknownField, path)
            .with("field", field)
            .with("expected", expected_list(msg))
    } else if let Some(field) = quoted_after(msg, "missing field ") {
        Diagnostic::new(Code::MissingField, field_path(path, field)).with("field", field)
    } else if let Some(field) = quoted_after(msg, "duplicate field ") {
        Diagnostic::new(Code::DuplicateField, field_path(path, field)).with("field", field)
    } else if let Some(found) = quoted_after(msg, "unknown variant ") {
        Diagnostic::new(Code::UnknownVariant, path)
            .with("found", found)
            .with("expected", expected_list(msg))
    } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        Diagnostic::new(Code::WrongType, path)
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
        Diagnostic::new(Code::InvalidNumber, path)
    } else {
        Diagnostic::new(Code::InvalidField, path)
    };
    d.with("detail", msg)
}

fn json_kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

// ---- Faulty rule sets ------------------------------------------------------------------------------

/// A step into a JSON value.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every path in `v`, parents before children.
fn paths(v: &Json, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Json::Object(m) => {
            for (k, child) in m {
                here.push(Step::Key(k.clone()));
                paths(child, here, out);
                here.pop();
            }
        }
        Json::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                here.push(Step::Index(i));
                paths(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(v: &'a mut Json, path: &[Step]) -> &'a mut Json {
    path.iter().fold(v, |v, s| match s {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// Placeholders written out as text serde_json's `Value` cannot hold.
const BIG: &str = "@@big@@";
const SURROGATE: &str = "@@surrogate@@";

/// Replacement values.
fn replacements() -> Vec<Json> {
    [
        "true",
        "7",
        "-3",
        "2.5",
        "\"x\"",
        "\"1/0\"",
        "\"<<\"",
        "null",
        "[]",
        "[1]",
        "[\"a\", \"b\", \"c\"]",
        "[[1]]",
        "[{\"a\": 1}]",
        "[[\"x\"]]",
        "{}",
        "{\"a\": 1}",
        "{\"id\": \"x\", \"en\": \"y\"}",
        "{\"op\": \"<\"}",
        "{\"op\": \"between\", \"min\": 1, \"max\": \"x\"}",
        "{\"op\": \"=\", \"value\": [1]}",
        "{\"value\": 1, \"op\": \"<=\", \"zz\": 2}",
        // Enums written as `{"variant": value}`.
        "{\"count\": 1}",
        "{\"draft\": null, \"x\": 1}",
        "{\"number\": {}}",
        "{\"weighted\": null}",
    ]
    .iter()
    .map(|s| serde_json::from_str(s).unwrap())
    .chain([Json::String(BIG.into()), Json::String(SURROGATE.into())])
    .collect()
}

/// Writes `v` with keys sorted or reversed, pretty or on one line; in the object at `dup`, its
/// first member is written twice.
fn write(v: &Json, reverse: bool, pretty: bool, dup: Option<&[Step]>) -> String {
    fn go(
        v: &Json,
        reverse: bool,
        pretty: bool,
        dup: Option<&[Step]>,
        at: &mut Vec<Step>,
        depth: usize,
        out: &mut String,
    ) {
        let nl = |out: &mut String, depth: usize| {
            if pretty {
                out.push('\n');
                out.push_str(&"  ".repeat(depth));
            }
        };
        match v {
            Json::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                if reverse {
                    keys.reverse();
                }
                if dup == Some(at.as_slice()) {
                    if let Some(first) = keys.first().copied() {
                        keys.insert(0, first);
                    }
                }
                out.push('{');
                for (n, k) in keys.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    nl(out, depth + 1);
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push_str(if pretty { ": " } else { ":" });
                    at.push(Step::Key((*k).clone()));
                    go(&m[k.as_str()], reverse, pretty, dup, at, depth + 1, out);
                    at.pop();
                }
                if !keys.is_empty() {
                    nl(out, depth);
                }
                out.push('}');
            }
            Json::Array(a) => {
                out.push('[');
                for (n, x) in a.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    nl(out, depth + 1);
                    at.push(Step::Index(n));
                    go(x, reverse, pretty, dup, at, depth + 1, out);
                    at.pop();
                }
                if !a.is_empty() {
                    nl(out, depth);
                }
                out.push(']');
            }
            Json::String(s) if s == BIG => out.push_str("1e400"),
            Json::String(s) if s == SURROGATE => out.push_str("\"\\ud800\""),
            other => out.push_str(&serde_json::to_string(other).unwrap()),
        }
    }
    let mut out = String::new();
    go(v, reverse, pretty, dup, &mut Vec::new(), 0, &mut out);
    out
}

/// The rule set `json` with each fault, at every `stride`-th path.
fn faulty(json: &str, stride: usize) -> Vec<(Json, Option<Vec<Step>>)> {
    let base: Json = serde_json::from_str(json).unwrap();
    let mut all = Vec::new();
    paths(&base, &mut Vec::new(), &mut all);
    let mut out = Vec::new();
    for path in all.iter().step_by(stride) {
        for r in replacements() {
            let mut v = base.clone();
            *get_mut(&mut v, path) = r;
            out.push((v, None));
        }
        if let Json::Object(m) = get_mut(&mut base.clone(), path) {
            for k in m.keys() {
                let mut v = base.clone();
                if let Json::Object(m) = get_mut(&mut v, path) {
                    m.remove(k);
                }
                out.push((v, None));
            }
            let mut v = base.clone();
            if let Json::Object(m) = get_mut(&mut v, path) {
                m.insert("tpye".into(), Json::from(1));
                m.insert("zz top".into(), Json::from(1));
            }
            out.push((v, None));
            if !m.is_empty() {
                out.push((base.clone(), Some(path.clone())));
            }
        }
    }
    out
}

/// Whether the two answers agree. The one intended difference: a `format` that is not a string is
/// now quoted as written (without white space), where the reference wrote it out again from a
/// parsed value (keys sorted, numbers normalised); both must still be the same JSON value.
fn agree(old: &Result<RuleSet, Vec<Diagnostic>>, new: &Result<RuleSet, Vec<Diagnostic>>) -> bool {
    match (old, new) {
        (Err(a), Err(b))
            if a.len() == 1
                && b.len() == 1
                && a[0].code == Code::UnsupportedFormat
                && b[0].code == Code::UnsupportedFormat =>
        {
            let (fa, fb) = (a[0].param("found"), b[0].param("found"));
            let (mut a, mut b) = (a[0].clone(), b[0].clone());
            a.params.remove("found");
            b.params.remove("found");
            let value = |s: &str| serde_json::from_str::<Json>(s).ok();
            a == b && (fa == fb || (value(fa).is_some() && value(fa) == value(fb)))
        }
        _ => old == new,
    }
}

/// The two answers, with the lines of `text` around where the reference points.
fn difference(text: &str, old: Option<Vec<Diagnostic>>, new: Option<Vec<Diagnostic>>) -> String {
    let line = old
        .as_ref()
        .and_then(|d| d.first())
        .and_then(|d| d.line)
        .unwrap_or(1);
    let around: Vec<&str> = text.lines().skip(line.saturating_sub(4)).take(6).collect();
    format!(
        "…\n{}\n…\n  reference: {old:?}\n  now:       {new:?}",
        around.join("\n")
    )
}

fn check(name: &str, json: &str, stride: usize) -> usize {
    let mut failures = Vec::new();
    // (code, reference path, path now) of each difference, counted.
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut n = 0;
    for (v, dup) in faulty(json, stride) {
        for reverse in [false, true] {
            for pretty in [true, false] {
                let text = write(&v, reverse, pretty, dup.as_deref());
                n += 1;
                let (old, new) = (old_parse(&text), parse(&text));
                if !agree(&old, &new) {
                    let first = |r: &Result<RuleSet, Vec<Diagnostic>>| match r {
                        Ok(_) => "loads".to_owned(),
                        Err(d) => format!("{} {}", d[0].code, d[0].path),
                    };
                    *kinds
                        .entry(format!("{} | now {}", first(&old), first(&new)))
                        .or_default() += 1;
                    if failures.len() < 3 {
                        failures.push(difference(&text, old.err(), new.err()));
                    }
                }
            }
        }
    }
    assert!(
        kinds.is_empty(),
        "{name}: {} of {n} differ:\n{kinds:#?}\nfirst ones:\n{}",
        kinds.values().sum::<usize>(),
        failures.join("\n\n")
    );
    n
}

/// The rule sets the faults are made in, each with the stride between faulty paths for a quick run.
fn bases() -> [(&'static str, &'static str, usize); 5] {
    [
        ("base.json", include_str!("broken/base.json"), 13),
        (
            "bantaeng-draft",
            include_str!("../../rulesets/bantaeng-draft.json"),
            331,
        ),
        ("bps-14", include_str!("../../rulesets/bps-14.json"), 293),
        (
            "global-mpi",
            include_str!("../../rulesets/global-mpi.json"),
            173,
        ),
        (
            "ppi-indonesia-2012",
            include_str!("../../rulesets/ppi-indonesia-2012.json"),
            191,
        ),
    ]
}

#[test]
fn rule_sets_with_one_fault_here_and_there() {
    let n: usize = bases()
        .iter()
        .map(|(name, json, stride)| check(name, json, *stride))
        .sum();
    assert!(n > 2_000, "{n} cases");
}

/// Every path of the base rule set and every 15th to 28th of the shipped ones: many minutes in a
/// debug build, so run on demand (`cargo test -p timbang-engine --test load_paths -- --ignored`), e.g. after a change
/// to the model or to `load`.
#[test]
#[ignore]
fn rule_sets_with_one_fault_anywhere() {
    for (name, json, stride) in bases() {
        let stride = if name == "base.json" { 1 } else { stride / 12 };
        check(name, json, stride);
    }
}

#[test]
fn texts_that_are_not_rule_sets() {
    let base = include_str!("broken/base.json");
    let mut texts: Vec<String> = [
        "",
        "   ",
        "[1, 2]",
        "\"x\"",
        "3",
        "null",
        "true",
        "{}",
        "{\"format\": 1}",
        "{\"format\": \"timbang.ruleset/2\"}",
        "{\"format\": \"timbang.ruleset/1\"}",
        "{\"format\": [1, {\"a\": \"b\"}]}",
        "{\"format\": \"timbang.ruleset/2\", \"format\": \"timbang.ruleset/1\"}",
        "{\"format\": \"timbang.ruleset/1\", \"format\": \"timbang.ruleset/2\"}",
        "{\"format\": \"timbang.ruleset/1\", \"id\": 1e400}",
        "{\"format\": \"timbang.ruleset/1\", \"id\": \"\\ud800\"}",
        "{\"format\": \"timbang.ruleset/1\" \"id\": 1}",
        "{\"form\\u0061t\": \"timbang.ruleset/1\", \"id\": 1}",
        "{\"é\": 1, \"format\": \"timbang.ruleset/1\"}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Every prefix of the base rule set: syntax errors everywhere.
    texts.extend(
        (0..base.len())
            .step_by(97)
            .filter(|&i| base.is_char_boundary(i))
            .map(|i| base[..i].to_owned()),
    );
    // Keys and strings with escapes, and non-ASCII text before the fault.
    texts.push(
        base.replacen("\"id\": \"base-weighted\"", "\"id\": \"b\\\"é\\u00e9\"", 1)
            .replacen("\"version\": \"1\"", "\"v\\u0065rsion\": 1", 1),
    );
    let mut bad = BTreeMap::new();
    for text in &texts {
        let (old, new) = (old_parse(text), parse(text));
        if !agree(&old, &new) {
            bad.insert(text.len(), difference(text, old.err(), new.err()));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
