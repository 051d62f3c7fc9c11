//! The committed JSON Schema (`engine/schema/ruleset.schema.json`) must be the one the Rust types
//! generate. After changing the model, regenerate it with
//! `TIMBANG_BLESS=1 cargo test -p timbang-engine --test schema_fresh`.

use std::path::Path;

#[test]
fn committed_schema_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/ruleset.schema.json");
    let generated = timbang_engine::model::json_schema();
    if std::env::var_os("TIMBANG_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale (or missing): the rule-set types changed.\n\
         Regenerate it with: TIMBANG_BLESS=1 cargo test -p timbang-engine --test schema_fresh",
        path.display()
    );
}

#[test]
fn schema_describes_the_format() {
    let schema: serde_json::Value =
        serde_json::from_str(&timbang_engine::model::json_schema()).unwrap();
    let required = schema["required"].as_array().unwrap();
    for field in [
        "format",
        "id",
        "method",
        "clusters",
        "questions",
        "indicators",
        "classes",
    ] {
        assert!(required.iter().any(|r| r == field), "{field} not required");
    }
}
