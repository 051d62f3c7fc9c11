//! Time to assess one household with the whole explanation (`Engine::assess`), and to class one
//! household row (`Engine::classify_row`, the hot path of `timbang classify`), on a BPS-like
//! 14-criteria `count` rule set built inline.
//!
//! `cargo bench -p timbang-engine --bench assess` (add `-- --quick` for a short run).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

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

criterion_group!(benches, bench);
criterion_main!(benches);
