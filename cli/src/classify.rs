//! `timbang classify`: streams a household file, copying every row and adding, per rule set, the class,
//! the score and the reason a household cannot be assessed.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use timbang_engine::batch::{Binding, Outcome, OutputWriter};
use timbang_engine::{Engine, Lang};

use crate::households::{load_map, load_rule_sets, open, Options};
use crate::msg::{located, pick, Fail};
use crate::rules::notice;

/// How many unassessable rows are listed on standard error (all are in the output file).
const LISTED_PROBLEMS: usize = 10;

/// Bigger than the default so that writing is a small part of the time.
const OUTPUT_BUFFER: usize = 1 << 18;

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
    let mut out = sink;
    let write_err = |e: std::io::Error| Fail::io(output, e, lang);
    let mut writer = OutputWriter::new(&engines, reader.delimiter());

    // The header and every row are copied as written, and the new columns appended.
    let mut buf: Vec<u8> = Vec::with_capacity(OUTPUT_BUFFER + (1 << 12));
    writer.write_header_raw(reader.header_raw(), &mut buf);
    let mut assessed = vec![0u64; engines.len()];
    let mut unassessable = vec![0u64; engines.len()];
    let mut listed = Vec::new();
    let mut rows = 0u64;
    let mut outcomes = Vec::with_capacity(engines.len());

    loop {
        let row = match reader.next_row() {
            Ok(Some(row)) => row,
            Ok(None) => break,
            Err(e) => {
                // What was classified before the broken record stays in the output.
                let _ = out.write_all(&buf).and_then(|()| out.flush());
                return Err(Fail::table(&opts.input, &[e], lang));
            }
        };
        rows += 1;
        binding.evaluate(&row, &mut outcomes);
        writer.write_row(&row, &outcomes, &mut buf);
        if buf.len() >= OUTPUT_BUFFER {
            out.write_all(&buf).map_err(write_err)?;
            buf.clear();
        }
        for (i, outcome) in outcomes.iter().enumerate() {
            match outcome {
                Outcome::Classified { .. } => {
                    if let Some(n) = assessed.get_mut(i) {
                        *n += 1;
                    }
                }
                Outcome::Unassessable { problem, .. } => {
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
    }
    out.write_all(&buf).map_err(write_err)?;
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

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
