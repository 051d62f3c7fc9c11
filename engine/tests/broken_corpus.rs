//! The corpus of broken rule sets: each file in `tests/broken/` is `base.json` with one fault, and
//! `expected.tsv` names the error code and JSON path loading it must report (with a line and column).

use std::path::{Path, PathBuf};

use timbang_engine::load::load;
use timbang_engine::Lang;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

/// (file, code, path) rows of `expected.tsv`.
fn expected() -> Vec<(String, String, String)> {
    let table = std::fs::read_to_string(dir().join("expected.tsv")).unwrap();
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "expected.tsv row {l:?}");
            (cols[0].to_owned(), cols[1].to_owned(), cols[2].to_owned())
        })
        .collect()
}

#[test]
fn the_base_loads_cleanly() {
    let text = std::fs::read_to_string(dir().join("base.json")).unwrap();
    let loaded = load(&text).unwrap_or_else(|e| panic!("base.json: {e:#?}"));
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    assert_eq!(loaded.tests.len(), 4);
    assert!(loaded.tests.iter().all(|t| t.passed));
}

#[test]
fn each_broken_file_reports_its_code_and_path() {
    let rows = expected();
    assert!(rows.len() >= 20, "the corpus has {} files", rows.len());
    let mut failures = Vec::new();
    for (file, code, path) in &rows {
        let text = std::fs::read_to_string(dir().join(file)).unwrap();
        let errors = match load(&text) {
            Ok(_) => {
                failures.push(format!("{file}: loaded, expected {code} at {path}"));
                continue;
            }
            Err(e) => e,
        };
        let hit = errors
            .iter()
            .find(|d| d.code.as_str() == code && &d.path == path && d.is_error());
        match hit {
            None => failures.push(format!(
                "{file}: expected {code} at {path}, got:\n  {}",
                errors
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n  ")
            )),
            Some(d) => {
                if d.line.is_none() || d.column.is_none() {
                    failures.push(format!("{file}: {d} has no line/column"));
                }
                let (id, en) = (d.message(Lang::Id), d.message(Lang::En));
                if id.is_empty() || en.is_empty() || id == en {
                    failures.push(format!("{file}: messages {id:?} / {en:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_file_in_the_corpus_is_listed() {
    let listed: Vec<String> = expected().into_iter().map(|(f, _, _)| f).collect();
    for entry in std::fs::read_dir(dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && name != "base.json" {
            assert!(listed.contains(&name), "{name} is not in expected.tsv");
        }
    }
}
