//! Every user-visible string of the app, in Bahasa Indonesia (first) and English.
//!
//! The strings live in `id.json` and `en.json` beside this file, flat maps from key to text. A test fails
//! when a key used in the code is missing from either file, or when the two files' keys differ.

pub use timbang_engine::Lang;

const ID: &str = include_str!("id.json");
const EN: &str = include_str!("en.json");

/// A locale as (key, text) pairs sorted by key: a binary search needs no hash map in the wasm.
type Table = Vec<(String, String)>;

thread_local! {
    // Each is read on first use: a visit in one language never parses the other's file.
    static ID_TABLE: Table = parse(ID);
    static EN_TABLE: Table = parse(EN);
}

/// A locale file that fails to parse gives an empty table (every key then shows as itself); the tests
/// make sure the shipped files parse.
fn parse(text: &str) -> Table {
    let map: std::collections::BTreeMap<String, String> =
        serde_json::from_str(text).unwrap_or_default();
    map.into_iter().collect()
}

/// The text for `key` in `lang`; the key itself when it is missing, so a slip shows instead of crashing.
pub fn t(lang: Lang, key: &str) -> String {
    let find = |table: &Table| {
        table
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .and_then(|i| table.get(i))
            .map_or_else(|| key.to_owned(), |(_, text)| text.clone())
    };
    match lang {
        Lang::Id => ID_TABLE.with(find),
        Lang::En => EN_TABLE.with(find),
    }
}

/// The language shown, from the context the app provides (Indonesian outside it).
#[yew::hook]
pub fn use_lang() -> Lang {
    yew::use_context::<Lang>().unwrap_or_default()
}

/// The text for `key` with `{name}` placeholders replaced by the given values.
pub fn tf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut text = t(lang, key);
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn keys(text: &str) -> BTreeSet<String> {
        let map: BTreeMap<String, String> = serde_json::from_str(text).expect("locale file parses");
        for (k, v) in &map {
            assert!(!v.trim().is_empty(), "empty text for {k}");
        }
        map.into_keys().collect()
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let id = keys(ID);
        let en = keys(EN);
        let only_id: Vec<_> = id.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&id).collect();
        assert!(only_id.is_empty(), "missing in en.json: {only_id:?}");
        assert!(only_en.is_empty(), "missing in id.json: {only_en:?}");
    }

    /// Every key given to `t` or `tf` in the app's sources is in both files.
    #[test]
    fn every_key_used_in_the_code_exists() {
        let id = keys(ID);
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut used = BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(src)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("read file");
                    used.extend(used_keys(&text));
                }
            }
        }
        assert!(used.len() > 3, "the scan found too few keys: {used:?}");
        let missing: Vec<_> = used.iter().filter(|k| !id.contains(*k)).collect();
        assert!(
            missing.is_empty(),
            "keys used but not in the locale files: {missing:?}"
        );
    }

    /// Finds the string literal after `t(<expr>, ` or `tf(<expr>, `.
    fn used_keys(text: &str) -> Vec<String> {
        // Tests (this scanner among them) are not the app's text.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        let mut keys = Vec::new();
        for start in ["t(", "tf("] {
            let mut rest = text;
            while let Some(i) = rest.find(start) {
                let before = rest[..i].chars().last();
                rest = &rest[i + start.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let Some(comma) = rest.find(',') else { break };
                let after = rest[comma + 1..].trim_start();
                if let Some(lit) = after.strip_prefix('"') {
                    if let Some(end) = lit.find('"') {
                        keys.push(lit[..end].to_owned());
                    }
                }
            }
        }
        keys
    }

    #[test]
    fn placeholders_are_filled() {
        // Through variables, so the key scan above does not take these for real keys.
        let (template, missing) = ("no.such.key {x}", "no.such.key");
        assert_eq!(tf(Lang::En, template, &[("x", "1")]), "no.such.key 1");
        assert_eq!(t(Lang::Id, missing), "no.such.key");
        let key = "form.yes";
        assert_eq!(
            (t(Lang::Id, key), t(Lang::En, key)),
            ("Ya".into(), "Yes".into())
        );
    }
}
