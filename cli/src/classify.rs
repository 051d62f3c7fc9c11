//! `timbang classify`: streams a household file, copying every row and adding, per rule set, the class,
//! the score and the reason a household cannot be assessed.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use timbang_engine::{Engine, Lang, Num};

use crate::households::{load_map, load_rule_sets, open, Binding, Options, Outcome};
use crate::msg::{located, pick, Fail};
use crate::rules::notice;

/// How many unassessable rows are listed on standard error (all are in the output file).
const LISTED_PROBLEMS: usize = 10;

/// Bigger than the default so that writing is a small part of the time.
const OUTPUT_BUFFER: usize = 1 << 18;

/// The text of scores, formatted once per distinct score (a rule set has few of them): small whole
/// scores by index, others in a map.
struct ScoreText {
    small: Vec<String>,
    cache: HashMap<Num, String>,
    decimal_comma: bool,
}

impl ScoreText {
    fn new(decimal_comma: bool) -> ScoreText {
        ScoreText {
            small: (0..256).map(|n| Num::int(n).to_string()).collect(),
            cache: HashMap::new(),
            decimal_comma,
        }
    }

    fn get(&mut self, score: Num) -> &str {
        if score.is_integer() {
            if let Some(text) = usize::try_from(score.numer())
                .ok()
                .and_then(|n| self.small.get(n))
            {
                return text;
            }
        }
        if self.cache.len() > 100_000 {
            // Points rule sets with fractional points could have many; never grow without bound.
            self.cache.clear();
        }
        let comma = self.decimal_comma;
        self.cache
            .entry(score)
            .or_insert_with(|| format_num(score, comma))
    }
}

/// A number as written in an output cell: exact, with a decimal comma in `;` files (`0,5`, `7/18`).
pub fn format_num(n: Num, decimal_comma: bool) -> String {
    let text = n.to_string();
    if decimal_comma {
        text.replace('.', ",")
    } else {
        text
    }
}

pub fn run(opts: &Options, output: &Path, lang: Lang) -> Result<(), Fail> {
    let loaded = load_rule_sets(opts, lang)?;
    let map = load_map(opts, &loaded, lang)?;
    if output.as_os_str() != "-" && same_file(&opts.input, output) {
        return Err(Fail::invalid(vec![located(
            output,
            None,
            None,
            pick(
                lang,
                "berkas keluaran sama dengan berkas masukan",
                "the output file is the input file",
            ),
        )]));
    }
    let mut reader = open(&opts.input, lang)?;
    let engines: Vec<&Engine> = loaded.iter().map(|l| &l.engine).collect();
    let mut binding = Binding::new(
        &engines,
        reader.headers(),
        map.as_ref(),
        &opts.cluster,
        None,
        &[],
    )
    .map_err(|e| Fail::table(&opts.input, &e, lang))?;
    let mut err = std::io::stderr().lock();
    for l in &loaded {
        if let Some(n) = notice(l, lang) {
            let _ = writeln!(err, "{n}");
        }
    }

    let sink: Box<dyn Write> = if output.as_os_str() == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(File::create(output).map_err(|e| Fail::io(output, e, lang))?)
    };
    let mut out = BufWriter::with_capacity(OUTPUT_BUFFER, sink);
    let write_err = |e: std::io::Error| Fail::io(output, e, lang);
    let delimiter = reader.delimiter();

    // The header and every row are copied as written, and the new columns appended.
    out.write_all(reader.header_raw()).map_err(write_err)?;
    for e in &engines {
        let id = &e.rules().id;
        for suffix in ["class", "score", "reason"] {
            write_field(&mut out, delimiter, &format!("{id}_{suffix}")).map_err(write_err)?;
        }
    }
    out.write_all(b"\n").map_err(write_err)?;

    let class_ids: Vec<Vec<&str>> = engines
        .iter()
        .map(|e| e.rules().classes.iter().map(|c| c.id.as_str()).collect())
        .collect();
    let decimal_comma = delimiter == b';';
    let mut scores: Vec<ScoreText> = engines
        .iter()
        .map(|_| ScoreText::new(decimal_comma))
        .collect();
    let mut assessed = vec![0u64; engines.len()];
    let mut unassessable = vec![0u64; engines.len()];
    let mut listed = Vec::new();
    let mut rows = 0u64;
    let mut outcomes = Vec::with_capacity(engines.len());

    while let Some(row) = reader
        .next_row()
        .map_err(|e| Fail::table(&opts.input, &[e], lang))?
    {
        rows += 1;
        binding.evaluate(&row, &mut outcomes);
        out.write_all(row.raw()).map_err(write_err)?;
        for (i, outcome) in outcomes.iter().enumerate() {
            match outcome {
                Outcome::Classified { result, .. } => {
                    let class = class_ids
                        .get(i)
                        .and_then(|c| c.get(usize::from(result.class)))
                        .copied()
                        .unwrap_or("");
                    let score = scores.get_mut(i).map_or("", |s| s.get(result.score));
                    // Class ids and scores never need quoting (ids are letters, digits, `_`, `-`).
                    out.write_all(&[delimiter]).map_err(write_err)?;
                    out.write_all(class.as_bytes()).map_err(write_err)?;
                    out.write_all(&[delimiter]).map_err(write_err)?;
                    out.write_all(score.as_bytes()).map_err(write_err)?;
                    out.write_all(&[delimiter]).map_err(write_err)?;
                    if let Some(n) = assessed.get_mut(i) {
                        *n += 1;
                    }
                }
                Outcome::Unassessable { problem, .. } => {
                    out.write_all(&[delimiter, delimiter]).map_err(write_err)?;
                    write_field(&mut out, delimiter, &problem.short()).map_err(write_err)?;
                    if let Some(n) = unassessable.get_mut(i) {
                        *n += 1;
                    }
                    if listed.len() < LISTED_PROBLEMS {
                        let id = engines.get(i).map_or("", |e| e.rules().id.as_str());
                        listed.push(located(
                            &opts.input,
                            Some(problem.line),
                            None,
                            &format!("{id}: {}", problem.message(lang)),
                        ));
                    }
                }
            }
        }
        out.write_all(b"\n").map_err(write_err)?;
    }
    out.flush().map_err(write_err)?;
    drop(out);

    let parts: Vec<String> = engines
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let a = assessed.get(i).copied().unwrap_or(0);
            let u = unassessable.get(i).copied().unwrap_or(0);
            match lang {
                Lang::Id => format!("{}: {a} dinilai, {u} tidak dapat dinilai", e.rules().id),
                Lang::En => format!("{}: {a} assessed, {u} not assessable", e.rules().id),
            }
        })
        .collect();
    let _ = writeln!(
        err,
        "{rows} {}; {}",
        pick(lang, "rumah tangga", "households"),
        parts.join("; ")
    );
    for line in &listed {
        let _ = writeln!(err, "{line}");
    }
    let total_problems: u64 = unassessable.iter().sum();
    if total_problems > listed.len() as u64 {
        let more = total_problems - listed.len() as u64;
        let _ = writeln!(
            err,
            "{}",
            match lang {
                Lang::Id => format!(
                    "… dan {more} lagi: lihat kolom *_reason di {}",
                    output.display()
                ),
                Lang::En => format!(
                    "… and {more} more: see the *_reason columns in {}",
                    output.display()
                ),
            }
        );
    }
    Ok(())
}

/// Writes a separator and then `text` as one CSV field, quoted when it holds a separator, a quote or a
/// line break.
fn write_field(out: &mut impl Write, delimiter: u8, text: &str) -> std::io::Result<()> {
    out.write_all(&[delimiter])?;
    let needs_quotes = text
        .bytes()
        .any(|b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
    if needs_quotes {
        out.write_all(b"\"")?;
        out.write_all(text.replace('"', "\"\"").as_bytes())?;
        out.write_all(b"\"")
    } else {
        out.write_all(text.as_bytes())
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
