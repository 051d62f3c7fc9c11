//! Time to assess one household with the whole explanation (`Engine::assess`), and to class one
//! household row (`Engine::classify_row`, the hot path of `timbang classify`), on a BPS-like
//! 14-criteria `count` rule set built inline.
//!
//! Also `timbang classify`'s work per household without the file system: 10,000 generated rows of
//! the shipped BPS rule set (`rulesets/bps-14.json`) read from memory, classed, and written to memory
//! (`timbang_engine::batch`), reported per row.
//!
//! `cargo bench -p timbang-engine --bench assess` (add `-- --quick` for a short run).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use timbang_engine::batch::{Binding, OutputWriter};
use timbang_engine::model::QuestionType;
use timbang_engine::table::{ClusterChoice, CsvReader};

#[path = "../tests/assess_support/mod.rs"]
mod assess_support;

use assess_support::{bps_answers, bps_json, engine, row};

fn bench(c: &mut Criterion) {
    let e = engine(&bps_json(None));
    // A poor household (9 of 14 met, including the floor area per person, a derived value) and a
    // household that is not poor.
    let poor = bps_answers(0b1_1111_1111);
    let not_poor = bps_answers(0b11_0000_0001);
    let poor_row = row(&e, &poor);
    let not_poor_row = row(&e, &not_poor);
    assert!(e.classify_row(0, &poor_row).is_ok());

    c.bench_function("assess (full explanation)", |b| {
        b.iter(|| e.assess(black_box("semua"), black_box(&poor)))
    });
    c.bench_function("classify_row", |b| {
        b.iter(|| e.classify_row(black_box(0), black_box(&poor_row)))
    });
    c.bench_function("classify_row (not poor)", |b| {
        b.iter(|| e.classify_row(black_box(0), black_box(&not_poor_row)))
    });
    let cells: Vec<(usize, String)> = {
        let texts = [
            "24",
            "4",
            "Tanah",
            "bambu",
            "bersama",
            "tidak",
            "sungai",
            "kayu",
            "1",
            "0",
            "3",
            "ya",
            "Rp 900.000",
            "SD",
            "Rp 2.000.000",
        ];
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| (i, (*t).to_owned()))
            .collect()
    };
    c.bench_function("parse 15 cells + classify_row", |b| {
        let mut buf = vec![None; e.question_count()];
        b.iter(|| {
            for (q, text) in &cells {
                buf[*q] = e.parse_cell(*q, black_box(text)).ok().flatten();
            }
            e.classify_row(0, &buf)
        })
    });
}

/// Households of the BPS rule set as a `;` file, the way `timbang generate` writes them: decimals with
/// a comma, choices by option id, numbers around the thresholds.
fn bps_file(rows: usize) -> (timbang_engine::Engine, String) {
    let loaded = timbang_engine::load(include_str!("../../rulesets/bps-14.json"))
        .unwrap_or_else(|d| panic!("{d:?}"));
    let rules = loaded.engine.rules().clone();
    let mut state = 42u64;
    let mut next = |n: u64| {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    };
    let mut text = String::from("id;kecamatan");
    for q in &rules.questions {
        text.push(';');
        text.push_str(&q.id);
    }
    text.push('\n');
    for i in 0..rows {
        text.push_str(&format!("{};Uluere", i + 1));
        for q in &rules.questions {
            text.push(';');
            let cell = match (q.kind, q.id.as_str()) {
                (QuestionType::YesNo, _) => ["ya", "tidak"][next(2) as usize].to_owned(),
                (QuestionType::Choice, _) => {
                    q.options[next(q.options.len() as u64) as usize].id.clone()
                }
                (_, "luas_lantai") => format!("{},{}", 10 + next(90), next(10)),
                (_, "jumlah_anggota") => (1 + next(8)).to_string(),
                (_, "frekuensi_makan") => (1 + next(3)).to_string(),
                (_, "nilai_tabungan") => next(1_000_000).to_string(),
                _ => next(4).to_string(),
            };
            text.push_str(&cell);
        }
        text.push('\n');
    }
    (loaded.engine, text)
}

fn batch(c: &mut Criterion) {
    const ROWS: usize = 10_000;
    let (engine, file) = bps_file(ROWS);
    let engines = [&engine];
    let mut out = Vec::with_capacity(file.len() * 2);
    let mut outcomes = Vec::new();
    let mut group = c.benchmark_group("classify file in memory (BPS)");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("read + classify + write, per row", |b| {
        b.iter(|| {
            let mut reader = CsvReader::new(black_box(file.as_bytes())).unwrap();
            let mut binding = Binding::new(
                &engines,
                reader.headers(),
                None,
                &ClusterChoice::Auto,
                None,
                &[],
            )
            .unwrap();
            let mut writer = OutputWriter::new(&engines, reader.delimiter());
            out.clear();
            writer.write_header_raw(reader.header_raw(), &mut out);
            while let Some(row) = reader.next_row().unwrap() {
                binding.evaluate(&row, &mut outcomes);
                writer.write_row(&row, &outcomes, &mut out);
            }
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench, batch);
criterion_main!(benches);
