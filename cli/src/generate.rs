//! `timbang generate` (hidden): a file of pseudo-random households for a rule set, for benchmarks and
//! trying things out. The same seed gives the same file.
//!
//! Columns: `id`, `kecamatan` (one of Bantaeng's eight), `klaster` (when the rule set has several
//! clusters), then one per question, headed by its id. Numbers fall around the thresholds the rule set
//! tests them against, so that every class occurs; with `;` as separator, decimals use a comma.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use timbang_engine::model::{Condition, Question, QuestionType, RuleSet};
use timbang_engine::{Lang, Num};

use crate::msg::{pick, Fail};
use crate::rules::load_file;

const KECAMATAN: [&str; 8] = [
    "Bissappu",
    "Bantaeng",
    "Pajukukang",
    "Sinoa",
    "Gantarangkeke",
    "Uluere",
    "Eremerasa",
    "Tompobulu",
];

/// SplitMix64: small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

/// How a question's answers are drawn.
enum Draw {
    YesNo,
    Choice(Vec<String>),
    /// Whole numbers in `lo..=hi`, or tenths when not `integer`.
    Number {
        lo: i64,
        hi: i64,
        integer: bool,
    },
}

fn thresholds(c: &Condition, out: &mut Vec<Num>) {
    match c {
        Condition::Lt { value }
        | Condition::Le { value }
        | Condition::Gt { value }
        | Condition::Ge { value } => out.push(*value),
        Condition::Between { min, max } => {
            out.push(*min);
            out.push(*max);
        }
        Condition::Eq { .. } | Condition::Ne { .. } | Condition::OneOf { .. } => {}
    }
}

fn whole(n: Num) -> i64 {
    i64::try_from(n.floor().numer()).unwrap_or(i64::MAX / 4)
}

fn draw_for(rules: &RuleSet, q: &Question) -> Draw {
    match q.kind {
        QuestionType::YesNo => Draw::YesNo,
        QuestionType::Choice => Draw::Choice(q.options.iter().map(|o| o.id.clone()).collect()),
        QuestionType::Number => {
            let mut ts = Vec::new();
            let cases = rules
                .indicators
                .iter()
                .filter(|i| i.on == q.id)
                .flat_map(|i| {
                    let own = i.condition.iter().cloned();
                    let points = i.points.iter().flatten().map(|p| p.when.clone());
                    let clusters = rules
                        .clusters
                        .iter()
                        .flat_map(|c| &c.indicators)
                        .filter(|ci| ci.indicator == i.id)
                        .flat_map(|ci| {
                            ci.condition
                                .iter()
                                .cloned()
                                .chain(ci.points.iter().flatten().map(|p| p.when.clone()))
                        });
                    own.chain(points).chain(clusters).collect::<Vec<_>>()
                });
            for c in cases {
                thresholds(&c, &mut ts);
            }
            let lo = q.min.map_or(0, |m| whole(m.ceil()));
            let top = ts.iter().copied().max().map(whole);
            let mut hi = match top {
                Some(t) => lo.saturating_add(t.saturating_sub(lo).max(1).saturating_mul(2)),
                None if q.integer => lo.saturating_add(9),
                None => lo.saturating_add(100),
            };
            if let Some(max) = q.max {
                hi = hi.min(whole(max));
            }
            Draw::Number {
                lo,
                hi: hi.max(lo),
                integer: q.integer || q.money,
            }
        }
    }
}

pub fn run(
    rules_paths: &[PathBuf],
    households: u64,
    seed: u64,
    delimiter: &str,
    output: &Path,
    lang: Lang,
) -> Result<(), Fail> {
    let delimiter = match delimiter {
        ";" => b';',
        "," => b',',
        "\\t" | "\t" => b'\t',
        other => {
            return Err(Fail::invalid(vec![format!(
                "--delimiter {other}: {}",
                pick(lang, "gunakan , atau ;", "use , or ;")
            )]))
        }
    };
    let mut loaded = Vec::new();
    for path in rules_paths {
        loaded.push(load_file(path, lang)?);
    }
    // The questions of every rule set (the first one's when an id repeats), each drawn for the rule
    // set that asks it; clusters from the first rule set that has several.
    let mut questions: Vec<(&Question, Draw)> = Vec::new();
    for l in &loaded {
        let rules = l.engine.rules();
        for q in &rules.questions {
            if !questions.iter().any(|(seen, _)| seen.id == q.id) {
                questions.push((q, draw_for(rules, q)));
            }
        }
    }
    let cluster_ids: Vec<&str> = loaded
        .iter()
        .map(|l| l.engine.rules())
        .find(|r| r.clusters.len() > 1)
        .map(|r| r.clusters.iter().map(|c| c.id.as_str()).collect())
        .unwrap_or_default();
    let sink: Box<dyn Write> = if output.as_os_str() == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(File::create(output).map_err(|e| Fail::io(output, e, lang))?)
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(BufWriter::with_capacity(1 << 18, sink));
    let io = |e: csv::Error| Fail::io(output, e, lang);
    let mut header = vec!["id".to_owned(), "kecamatan".to_owned()];
    if !cluster_ids.is_empty() {
        header.push("klaster".to_owned());
    }
    header.extend(questions.iter().map(|(q, _)| q.id.clone()));
    w.write_record(&header).map_err(io)?;

    let mut rng = Rng(seed);
    let mut cell = String::new();
    for n in 1..=households {
        w.write_field(n.to_string()).map_err(io)?;
        let kec = KECAMATAN.get(rng.below(8) as usize).copied().unwrap_or("");
        w.write_field(kec).map_err(io)?;
        if !cluster_ids.is_empty() {
            let c = cluster_ids
                .get(rng.below(cluster_ids.len() as u64) as usize)
                .copied()
                .unwrap_or("");
            w.write_field(c).map_err(io)?;
        }
        for (q, draw) in &questions {
            cell.clear();
            if !q.required && rng.below(10) == 0 {
                w.write_field("").map_err(io)?;
                continue;
            }
            match draw {
                Draw::YesNo => cell.push_str(if rng.below(2) == 0 { "ya" } else { "tidak" }),
                Draw::Choice(options) => {
                    let i = rng.below(options.len() as u64) as usize;
                    cell.push_str(options.get(i).map_or("", String::as_str));
                }
                &Draw::Number { lo, hi, integer } => {
                    let span = hi.saturating_sub(lo).saturating_add(1).max(1) as u64;
                    let whole = lo.saturating_add(rng.below(span) as i64);
                    if integer || whole >= hi {
                        cell.push_str(&whole.to_string());
                    } else {
                        let tenth = rng.below(10);
                        let mark = if delimiter == b';' { ',' } else { '.' };
                        cell.push_str(&format!("{whole}{mark}{tenth}"));
                    }
                }
            }
            w.write_field(&cell).map_err(io)?;
        }
        w.write_record(None::<&[u8]>).map_err(io)?;
    }
    w.flush().map_err(|e| Fail::io(output, e, lang))?;
    Ok(())
}
