//! The hand-written reader of `Condition` against the reader serde derives for the same
//! attributes (`#[serde(tag = "op", deny_unknown_fields)]`), on many texts: the same condition, or
//! the same error message (serde_json's position aside: the hand-written reader's errors have one).

use serde::Deserialize;
use timbang_engine::model::{Condition, Value};
use timbang_engine::Num;

/// `Condition` as it was declared, with the derived reader (named as in the messages).
mod derived {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(tag = "op", deny_unknown_fields)]
    pub enum Condition {
        #[serde(rename = "<")]
        Lt { value: Num },
        #[serde(rename = "<=")]
        Le { value: Num },
        #[serde(rename = ">")]
        Gt { value: Num },
        #[serde(rename = ">=")]
        Ge { value: Num },
        #[serde(rename = "=")]
        Eq { value: Value },
        #[serde(rename = "!=")]
        Ne { value: Value },
        #[serde(rename = "between")]
        Between { min: Num, max: Num },
        #[serde(rename = "one_of")]
        OneOf { values: Vec<String> },
    }
}
use derived::Condition as Derived;

impl From<Derived> for Condition {
    fn from(d: Derived) -> Condition {
        match d {
            Derived::Lt { value } => Condition::Lt { value },
            Derived::Le { value } => Condition::Le { value },
            Derived::Gt { value } => Condition::Gt { value },
            Derived::Ge { value } => Condition::Ge { value },
            Derived::Eq { value } => Condition::Eq { value },
            Derived::Ne { value } => Condition::Ne { value },
            Derived::Between { min, max } => Condition::Between { min, max },
            Derived::OneOf { values } => Condition::OneOf { values },
        }
    }
}

fn strip_position(msg: String) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg,
    }
}

/// Both readers on `text`, from the text and from a `serde_json::Value` of it.
fn compare(text: &str, failures: &mut Vec<String>) {
    let ours = serde_json::from_str::<Condition>(text).map_err(|e| strip_position(e.to_string()));
    let theirs = serde_json::from_str::<Derived>(text)
        .map(Condition::from)
        .map_err(|e| strip_position(e.to_string()));
    if ours != theirs {
        failures.push(format!(
            "{text}\n  derived: {theirs:?}\n  now:     {ours:?}"
        ));
    }
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        let ours = Condition::deserialize(v.clone()).map_err(|e| e.to_string());
        let theirs = Derived::deserialize(v)
            .map(Condition::from)
            .map_err(|e| e.to_string());
        if ours != theirs {
            failures.push(format!(
                "{text} (as a Value)\n  derived: {theirs:?}\n  now:     {ours:?}"
            ));
        }
    }
}

const KEYS: &[&str] = &["op", "value", "min", "max", "values", "zz"];
const VALUES: &[&str] = &[
    "\"<\"",
    "\">=\"",
    "\"=\"",
    "\"between\"",
    "\"one_of\"",
    "\"<<\"",
    "\"x\"",
    "\"1/3\"",
    "\"1/0\"",
    "\"0,5\"",
    "1",
    "-2",
    "2.5",
    "18446744073709551616",
    "1e400",
    "true",
    "null",
    "[]",
    "[\"a\", \"b\"]",
    "[1]",
    "[[\"a\"]]",
    "{}",
    "{\"a\": 1}",
    "\"\\ud800\"",
    "7",
];

/// A small deterministic generator.
struct Lcg(u64);
impl Lcg {
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        from[(self.0 >> 33) as usize % from.len()]
    }
}

#[test]
fn objects_of_up_to_two_members() {
    let mut failures = Vec::new();
    compare("{}", &mut failures);
    let members: Vec<String> = KEYS
        .iter()
        .flat_map(|k| VALUES.iter().map(move |v| format!("\"{k}\": {v}")))
        .collect();
    for a in &members {
        compare(&format!("{{{a}}}"), &mut failures);
        for b in &members {
            compare(&format!("{{{a}, {b}}}"), &mut failures);
        }
    }
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures[..failures.len().min(8)].join("\n")
    );
}

#[test]
fn objects_of_three_to_five_members() {
    let mut failures = Vec::new();
    let mut rng = Lcg(7);
    for n in 3..=5 {
        for _ in 0..20_000 {
            let members: Vec<String> = (0..n)
                .map(|_| format!("\"{}\": {}", rng.pick(KEYS), rng.pick(VALUES)))
                .collect();
            compare(&format!("{{{}}}", members.join(", ")), &mut failures);
        }
    }
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures[..failures.len().min(8)].join("\n")
    );
}

#[test]
fn arrays_and_other_values() {
    let mut failures = Vec::new();
    for v in VALUES {
        compare(v, &mut failures);
    }
    compare("[]", &mut failures);
    for a in VALUES {
        compare(&format!("[{a}]"), &mut failures);
        for b in VALUES {
            compare(&format!("[{a}, {b}]"), &mut failures);
            for c in ["1", "\"x\"", "[\"a\"]", "true"] {
                compare(&format!("[{a}, {b}, {c}]"), &mut failures);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures[..failures.len().min(8)].join("\n")
    );
}
