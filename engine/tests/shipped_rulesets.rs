//! The rule sets shipped in `rulesets/`: each one reads into the model and is stored in canonical form
//! (the bytes the exporter writes), so a file and its export never drift apart.
//!
//! After editing a rule set by hand, rewrite it in canonical form with
//! `TIMBANG_BLESS=1 cargo test -p timbang-engine --test shipped_rulesets`.

use std::fs;
use std::path::PathBuf;

use timbang_engine::{export, load, RuleSet, FORMAT_V1};

/// The files every release ships, by name.
const SHIPPED: [&str; 4] = [
    "bantaeng-draft.json",
    "bps-14.json",
    "global-mpi.json",
    "ppi-indonesia-2012.json",
];

fn rulesets_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rulesets")
}

/// Every `rulesets/*.json`, sorted by name, with its text.
fn shipped() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(rulesets_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn parse(name: &str, text: &str) -> RuleSet {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de)
        .unwrap_or_else(|e| panic!("{name}: {} at {}", e.inner(), e.path()))
}

#[test]
fn the_four_rule_sets_are_shipped() {
    let names: Vec<String> = shipped().into_iter().map(|(name, _)| name).collect();
    assert_eq!(names, SHIPPED);
}

#[test]
fn every_shipped_rule_set_fits_the_model() {
    for (name, text) in shipped() {
        let rules = parse(&name, &text);
        assert_eq!(rules.format, FORMAT_V1, "{name}");
        assert_eq!(
            format!("{}.json", rules.id),
            name,
            "{name}: id and file name differ"
        );
    }
}

#[test]
fn every_shipped_rule_set_is_in_canonical_form() {
    let bless = std::env::var_os("TIMBANG_BLESS").is_some();
    for (name, text) in shipped() {
        let want = export(&parse(&name, &text));
        if bless {
            fs::write(rulesets_dir().join(&name), &want).unwrap();
        } else {
            assert!(
                text == want,
                "{name} is not in canonical form: run TIMBANG_BLESS=1 cargo test -p timbang-engine \
                 --test shipped_rulesets"
            );
        }
    }
}

#[test]
fn every_shipped_rule_set_loads_cleanly_and_passes_its_test_households() {
    for (name, text) in shipped() {
        let loaded = load(&text).unwrap_or_else(|errors| panic!("{name}: {errors:#?}"));
        assert!(loaded.warnings.is_empty(), "{name}: {:#?}", loaded.warnings);
        let rules = loaded.engine.rules();
        assert!(rules.tests.len() >= 6, "{name}: too few test households");
        assert_eq!(loaded.tests.len(), rules.tests.len(), "{name}");
        for outcome in &loaded.tests {
            assert!(outcome.passed, "{name}: {outcome:#?}");
            assert!(outcome.problems.is_empty(), "{name}: {outcome:#?}");
        }
        // Loading keeps every field, so exporting the loaded rules gives the file back.
        assert!(
            export(rules) == text,
            "{name}: export of the loaded rules differs"
        );
    }
}

#[test]
fn test_households_cover_every_cluster_and_every_class() {
    for (name, text) in shipped() {
        let rules = parse(&name, &text);
        for cluster in &rules.clusters {
            let n = rules
                .tests
                .iter()
                .filter(|t| t.cluster == cluster.id)
                .count();
            assert!(
                n >= 3,
                "{name}: cluster {} has {n} test households",
                cluster.id
            );
        }
        for class in &rules.classes {
            assert!(
                rules.tests.iter().any(|t| t.expect == class.id),
                "{name}: no test household expects class {}",
                class.id
            );
        }
    }
}
