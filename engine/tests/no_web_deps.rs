//! The engine must build without any web dependency: the CLI and any server use it too, and the app's
//! web stack must not leak into it. Checked on the resolved dependency tree.

use std::process::Command;

/// Crates that belong to the browser side only.
const FORBIDDEN: &[&str] = &["yew", "web-sys", "js-sys", "wasm-bindgen"];

/// Checked with every feature on, so that the `xlsx` dependencies (the worker and the CLI use them)
/// cannot bring a web crate in either (the `zip` crate would, through `getrandom`).
#[test]
fn engine_has_no_web_dependencies() {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "timbang-engine",
            "--all-features",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("timbang-engine") && text.contains("quick-xml"),
        "unexpected cargo tree output: {text}"
    );
    let bad: Vec<&str> = text
        .lines()
        .filter(|line| {
            let name = line.split_whitespace().next().unwrap_or("");
            FORBIDDEN.contains(&name)
                || name.starts_with("gloo")
                || name.starts_with("wasm-bindgen")
        })
        .collect();
    assert!(bad.is_empty(), "web dependencies in the engine: {bad:?}");
}
