//! `timbang validate FILE…`: every error and warning of each rule set, with its path and position.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use timbang_engine::diagnostic::Diagnostic;
use timbang_engine::load::load;
use timbang_engine::Lang;

use crate::msg::{pick, read_text, Fail, EXIT_INVALID, EXIT_IO};
use crate::rules::diagnostic_line;

/// One file's result, as `--json` prints it.
#[derive(Serialize)]
struct FileResult {
    file: String,
    valid: bool,
    /// Whether the file could be read at all.
    readable: bool,
    /// Test households run (all passed when `valid`).
    tests: usize,
    diagnostics: Vec<Diagnostic>,
    /// The diagnostics' messages in the chosen language, parallel to `diagnostics`.
    messages: Vec<String>,
}

pub fn run(files: &[PathBuf], json: bool, lang: Lang) -> Result<(), Fail> {
    let mut results = Vec::new();
    let mut stderr_lines = Vec::new();
    let mut code = 0u8;
    for path in files {
        let result = check(path, lang);
        if !result.readable {
            code = code.max(EXIT_IO);
        } else if !result.valid {
            code = code.max(EXIT_INVALID);
        }
        if !json {
            print_text(path, &result, lang, &mut stderr_lines);
        }
        results.push(result);
    }
    let mut out = std::io::stdout().lock();
    if json {
        let text = serde_json::to_string_pretty(&results).unwrap_or_default();
        writeln!(out, "{text}").map_err(|e| Fail::io(Path::new("-"), e, lang))?;
    }
    if code == 0 {
        // Warnings go to standard error even when the files are valid.
        let mut err = std::io::stderr().lock();
        for line in &stderr_lines {
            let _ = writeln!(err, "{line}");
        }
        Ok(())
    } else {
        Err(Fail {
            code,
            lines: stderr_lines,
        })
    }
}

fn check(path: &Path, lang: Lang) -> FileResult {
    let file = path.display().to_string();
    let text = match read_text(path, lang) {
        Ok(t) => t,
        Err(fail) => {
            return FileResult {
                file,
                valid: false,
                readable: fail.code != EXIT_IO,
                tests: 0,
                diagnostics: Vec::new(),
                messages: fail.lines,
            }
        }
    };
    let (valid, tests, diagnostics) = match load(&text) {
        Ok(loaded) => (true, loaded.tests.len(), loaded.warnings),
        Err(diagnostics) => (false, 0, diagnostics),
    };
    let messages = diagnostics.iter().map(|d| d.message(lang)).collect();
    FileResult {
        file,
        valid,
        readable: true,
        tests,
        diagnostics,
        messages,
    }
}

fn print_text(path: &Path, r: &FileResult, lang: Lang, stderr_lines: &mut Vec<String>) {
    if r.diagnostics.is_empty() && !r.valid {
        // Unreadable: the messages say why.
        stderr_lines.extend(r.messages.iter().cloned());
        return;
    }
    stderr_lines.extend(r.diagnostics.iter().map(|d| diagnostic_line(path, d, lang)));
    let errors = r.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = r.diagnostics.len() - errors;
    let line = if r.valid {
        match lang {
            Lang::Id => format!(
                "{}: sah ({} rumah tangga uji lulus, {warnings} peringatan)",
                path.display(),
                r.tests
            ),
            Lang::En => format!(
                "{}: valid ({} test households pass, {warnings} warnings)",
                path.display(),
                r.tests
            ),
        }
    } else {
        format!(
            "{}: {} ({errors} {}, {warnings} {})",
            path.display(),
            pick(lang, "tidak sah", "invalid"),
            pick(lang, "kesalahan", "errors"),
            pick(lang, "peringatan", "warnings"),
        )
    };
    if r.valid {
        println!("{line}");
    } else {
        stderr_lines.push(line);
    }
}
