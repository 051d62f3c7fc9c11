//! The CLI's own messages (files, arguments), in Indonesian and English, and how a failed command ends.

use std::fmt::Display;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use timbang_engine::table::TableError;
use timbang_engine::Lang;

/// Exit code: invalid input (rule set, answers, column map, household file).
pub const EXIT_INVALID: u8 = 1;
/// Exit code: a file cannot be read or written.
pub const EXIT_IO: u8 = 3;

/// A command that did not finish: the lines to print on standard error and the exit code.
#[derive(Debug)]
pub struct Fail {
    pub code: u8,
    pub lines: Vec<String>,
}

impl Fail {
    /// Invalid input, with its messages.
    pub fn invalid(lines: Vec<String>) -> Fail {
        Fail {
            code: EXIT_INVALID,
            lines,
        }
    }

    /// A file that cannot be read or written.
    pub fn io(path: &Path, e: impl Display, lang: Lang) -> Fail {
        Fail {
            code: EXIT_IO,
            lines: vec![format!(
                "{}: {}: {e}",
                path.display(),
                pick(
                    lang,
                    "tidak dapat dibaca atau ditulis",
                    "cannot be read or written"
                )
            )],
        }
    }

    /// Household-file or column-map errors, each prefixed with the file and line.
    pub fn table(path: &Path, errors: &[TableError], lang: Lang) -> Fail {
        let io = errors
            .iter()
            .any(|e| e.code == timbang_engine::table::TableCode::Io);
        Fail {
            code: if io { EXIT_IO } else { EXIT_INVALID },
            lines: errors.iter().map(|e| table_line(path, e, lang)).collect(),
        }
    }

    /// Prints the lines on standard error and gives the exit code.
    pub fn report(self) -> ExitCode {
        let mut err = std::io::stderr().lock();
        for line in &self.lines {
            // Nothing sensible remains to be done when standard error is closed.
            let _ = writeln!(err, "{line}");
        }
        ExitCode::from(self.code)
    }
}

/// `file:line:column: message`, with the parts that are known.
pub fn located(path: &Path, line: Option<u64>, column: Option<u64>, message: &str) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}: {message}", path.display()),
        (Some(l), None) => format!("{}:{l}: {message}", path.display()),
        _ => format!("{}: {message}", path.display()),
    }
}

/// One household-file or column-map error as a line.
pub fn table_line(path: &Path, e: &TableError, lang: Lang) -> String {
    located(path, e.line, e.column, &e.message(lang))
}

/// The Indonesian or the English text.
pub fn pick<'a>(lang: Lang, id: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// Reads a whole text file, or standard input for `-`, with a BOM removed.
pub fn read_text(path: &Path, lang: Lang) -> Result<String, Fail> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)
            .map_err(|e| Fail::io(path, e, lang))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| Fail::io(path, e, lang))?
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        Fail::invalid(vec![located(
            path,
            None,
            None,
            &format!(
                "{} ({} {})",
                pick(lang, "bukan teks UTF-8", "not UTF-8 text"),
                pick(lang, "bita", "byte"),
                e.utf8_error().valid_up_to() + 1
            ),
        )])
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned())
}
