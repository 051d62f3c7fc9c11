//! `timbang diff A B`: what differs between two rule sets, as sentences or (with `--json`) as the
//! engine's typed change list.

use std::path::Path;

use timbang_engine::diff::diff;
use timbang_engine::Lang;

use crate::msg::Fail;
use crate::rules::load_file;

/// Prints what differs from the rule set at `before` to the one at `after`. Both must be valid: a
/// difference between rules that cannot be used would mislead.
pub fn run(before: &Path, after: &Path, json: bool, lang: Lang) -> Result<(), Fail> {
    let (a, b) = match (load_file(before, lang), load_file(after, lang)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(mut e), Err(f)) => {
            e.lines.extend(f.lines);
            return Err(e);
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let (a, b) = (a.engine.rules(), b.engine.rules());
    let d = diff(a, b);
    if json {
        println!("{}", serde_json::to_string_pretty(&d).unwrap_or_default());
        return Ok(());
    }
    println!("{} → {}", a.name.get(lang), b.name.get(lang));
    for sentence in d.sentences(a, b, lang) {
        println!("- {sentence}");
    }
    Ok(())
}
