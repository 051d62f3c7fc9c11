//! A fingerprint of the engine's sources (`TIMBANG_ENGINE_SOURCES`), which the packed messages from
//! the web worker to the page start with (`src/pack.rs`, `tagged`). The worker's files keep
//! their names from one release to the next (the page starts it by a fixed URL), so a browser may
//! hold a worker of another build, whose packed layout may differ: the page then says so instead of
//! reading its figures wrongly.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=src");
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.sort();
    // FNV-1a over every file's path and bytes: std only, and any change to a source changes it.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in files {
        let name = path.to_string_lossy().replace('\\', "/").into_bytes();
        let text = fs::read(&path).unwrap_or_default();
        for byte in name.into_iter().chain([0]).chain(text) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    println!("cargo::rustc-env=TIMBANG_ENGINE_SOURCES={hash:016x}");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
