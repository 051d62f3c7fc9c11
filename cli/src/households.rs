//! What `classify` and `summary` share: loading the rule sets, the column map, and opening the household
//! file. Binding its columns and evaluating rows is the engine's (`timbang_engine::batch`).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use timbang_engine::load::Loaded;
use timbang_engine::table::{ClusterChoice, ColumnMap, CsvReader, TableCode, TableError};
use timbang_engine::Lang;

use crate::msg::{read_text, Fail};
use crate::rules::load_file;

/// The household file and how to read it.
#[derive(Debug)]
pub struct Options {
    pub rules: Vec<PathBuf>,
    pub input: PathBuf,
    pub map: Option<PathBuf>,
    pub cluster: ClusterChoice,
}

/// Loads every rule set, reporting the errors of all of them before failing.
pub fn load_rule_sets(opts: &Options, lang: Lang) -> Result<Vec<Loaded>, Fail> {
    let mut loaded = Vec::new();
    let mut lines = Vec::new();
    let mut code = 0;
    for path in &opts.rules {
        match load_file(path, lang) {
            Ok(l) => loaded.push(l),
            Err(fail) => {
                code = code.max(fail.code);
                lines.extend(fail.lines);
            }
        }
    }
    if lines.is_empty() {
        Ok(loaded)
    } else {
        Err(Fail { code, lines })
    }
}

/// Reads the column map, if one is given, and checks that each question it names is in a rule set.
pub fn load_map(opts: &Options, loaded: &[Loaded], lang: Lang) -> Result<Option<ColumnMap>, Fail> {
    let Some(path) = &opts.map else {
        return Ok(None);
    };
    let text = read_text(path, lang)?;
    let map = ColumnMap::parse(&text).map_err(|e| Fail::table(path, &[e], lang))?;
    let rules: Vec<_> = loaded.iter().map(|l| l.engine.rules()).collect();
    let unknown: Vec<TableError> = map
        .unknown_questions(&rules)
        .into_iter()
        .map(|q| TableError::new(TableCode::MapUnknownQuestion).param("question", q))
        .collect();
    if unknown.is_empty() {
        Ok(Some(map))
    } else {
        Err(Fail::table(path, &unknown, lang))
    }
}

/// Opens the household file (standard input for `-`) and reads its header line.
pub fn open(path: &Path, lang: Lang) -> Result<CsvReader<Box<dyn Read>>, Fail> {
    let input: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(File::open(path).map_err(|e| Fail::io(path, e, lang))?)
    };
    CsvReader::new(input).map_err(|e| Fail::table(path, &[e], lang))
}
