//! Embeds the shipped rule sets (`rulesets/*.json`, see `src/shipped.rs`) without the whitespace
//! between JSON tokens: the page's wasm carries all of them, and their indentation cost every visitor
//! about 3.5 KB after gzip. Only whitespace outside strings goes; every token stays as written.

use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-changed=rulesets");
    let out = env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let files = fs::read_dir("rulesets").expect("the rulesets/ folder is readable");
    for file in files {
        let path = file.expect("a rulesets/ entry is readable").path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = fs::read_to_string(&path).expect("a shipped rule set is UTF-8 text");
            let name = path.file_name().expect("a file has a name");
            fs::write(Path::new(&out).join(name), minify(&text)).expect("OUT_DIR is writable");
        }
    }
}

/// `json` without the whitespace between tokens (strings, with their escapes, are copied as they are).
fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}
