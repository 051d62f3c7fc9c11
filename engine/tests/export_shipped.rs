//! Export then import is the identity on every shipped rule set, and export gives the same bytes
//! each time (so `content_hash` names a rule set's content, not its formatting).

use std::path::Path;

use timbang_engine::export::{content_hash, export};
use timbang_engine::load::load;

#[test]
fn shipped_rule_sets_survive_export_and_import() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rulesets");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = load(&text).unwrap_or_else(|e| panic!("{}: {e:#?}", path.display()));
        let rules = loaded.engine.rules();
        let exported = export(rules);
        let again =
            load(&exported).unwrap_or_else(|e| panic!("{} exported: {e:#?}", path.display()));
        assert_eq!(again.engine.rules(), rules, "{}", path.display());
        assert_eq!(export(again.engine.rules()), exported, "{}", path.display());
        assert_eq!(content_hash(again.engine.rules()), content_hash(rules));
        seen += 1;
    }
    assert!(seen > 0, "no rule sets in {}", dir.display());
}
