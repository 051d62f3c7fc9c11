//! Reading rule-set files: load, validate, compile, and print what is wrong with their place in the file.

use std::path::Path;

use timbang_engine::diagnostic::{Diagnostic, Severity};
use timbang_engine::load::{load, Loaded};
use timbang_engine::Lang;

use crate::msg::{located, pick, read_text, Fail};

/// Loads a rule set; its errors (all of them) make the command fail with exit code 1.
pub fn load_file(path: &Path, lang: Lang) -> Result<Loaded, Fail> {
    let text = read_text(path, lang)?;
    match load(&text) {
        Ok(loaded) => Ok(loaded),
        Err(diagnostics) => Err(Fail::invalid(
            diagnostics
                .iter()
                .map(|d| diagnostic_line(path, d, lang))
                .collect(),
        )),
    }
}

/// `file:line:column: error[code] $.path: message`.
pub fn diagnostic_line(path: &Path, d: &Diagnostic, lang: Lang) -> String {
    let severity = match d.severity {
        Severity::Error => pick(lang, "kesalahan", "error"),
        Severity::Warning => pick(lang, "peringatan", "warning"),
    };
    located(
        path,
        d.line.map(|l| l as u64),
        d.column.map(|c| c as u64),
        &format!(
            "{severity}[{}] {}: {}",
            d.code.as_str(),
            d.path,
            d.message(lang)
        ),
    )
}

/// The notice a rule set asks to be shown wherever it is used (e.g. that it is an illustrative draft).
pub fn notice(loaded: &Loaded, lang: Lang) -> Option<String> {
    let rules = loaded.engine.rules();
    rules
        .notice
        .as_ref()
        .map(|n| format!("{}: {}", rules.id, n.get(lang)))
}
