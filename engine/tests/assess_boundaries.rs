//! Exact boundaries: a score equal to a cut-off lands on the side its bound says, with no floating
//! point anywhere.

mod assess_support;

use assess_support::*;
use timbang_engine::Num;

#[test]
fn one_third_from_sixths_and_eighteenths() {
    // (poor bound inclusive?, deprivations, expected class). 1/6 + 3 × 1/18 = 1/3 and 6 × 1/18 = 1/3
    // exactly; in f64, 1/6 + 1/18 + 1/18 + 1/18 is 0.33333333333333337, above 1/3, and would make
    // the household poor under the exclusive bound.
    let cases: &[(bool, u64, &str)] = &[
        (true, 0b00_0111_0001, "poor"),
        (true, 0b11_1111_0000, "poor"),
        (true, 0b00_0000_0011, "poor"),
        (false, 0b00_0111_0001, "vulnerable"),
        (false, 0b11_1111_0000, "vulnerable"),
        (false, 0b00_0000_0011, "vulnerable"),
        (false, 0b00_1111_0001, "poor"),
        (true, 0b00_0011_0001, "vulnerable"),
    ];
    let float: f64 = 1.0 / 6.0 + 1.0 / 18.0 + 1.0 / 18.0 + 1.0 / 18.0;
    assert!(
        float > 1.0 / 3.0,
        "the float sum overshoots, which is why Num exists"
    );
    for &(inclusive, met, want) in cases {
        let e = engine(&weighted_json(&MPI_WEIGHTS, &mpi_classes(inclusive)));
        let answers = weighted_answers(10, met);
        let a = e.assess("semua", &answers).unwrap();
        assert_eq!(
            a.class.as_deref(),
            Some(want),
            "inclusive {inclusive}, met {met:010b}"
        );
        let c = e.classify_row(0, &row(&e, &answers)).unwrap();
        assert_eq!(e.classes()[usize::from(c.class)].id, want);
        // The band of the class is reported with its exact cut-offs.
        let poor = a.bands.iter().find(|b| b.class == "poor").unwrap();
        assert_eq!(poor.from.unwrap().value, n("1/3"));
        assert_eq!(poor.from.unwrap().inclusive, inclusive);
    }
}

#[test]
fn count_cut_off_at_nine() {
    let e = engine(&bps_json(None));
    for (met, want) in [
        (0b00_0000_1111_1111u16, "tidak_miskin"),
        (0b00_0001_1111_1111, "miskin"),
        (0b10_0000_1111_1111, "miskin"),
    ] {
        let a = e.assess("semua", &bps_answers(met)).unwrap();
        assert_eq!(a.class.as_deref(), Some(want), "{met:014b}");
    }
}

#[test]
fn thresholds_on_answers_are_exact() {
    // pendapatan < 600000: 599999.99 meets it, 600000 does not; luas_per_orang < 8: 31.96 m² for 4
    // people (7.99) meets it, 32 m² (exactly 8) does not.
    let e = engine(&bps_json(Some(&format!(
        "[{}, {}]",
        class("miskin", Some(("1", true)), None),
        class("tidak_miskin", None, Some(("1", false)))
    ))));
    let cases: &[(&str, &str, bool)] = &[
        ("pendapatan", "599999.99", true),
        ("pendapatan", "600000", false),
        ("pendapatan", "\"Rp 599.999\"", true),
        ("pendapatan", "\"Rp 600.000\"", false),
        ("luas_lantai", "31.96", true),
        ("luas_lantai", "32", false),
        ("luas_lantai", "\"31,999\"", true),
    ];
    for &(q, v, met) in cases {
        let mut answers = bps_answers(0);
        answers.insert(q.into(), serde_json::from_str(v).unwrap());
        let a = e.assess("semua", &answers).unwrap();
        assert_eq!(a.score, Some(Num::int(i64::from(met))), "{q} = {v}");
        assert_eq!(
            a.class.as_deref(),
            Some(if met { "miskin" } else { "tidak_miskin" }),
            "{q} = {v}"
        );
    }
}

#[test]
fn exclusive_upper_and_lower_bounds() {
    // Bands written with the cut-off on the other side: tidak_miskin up to 1/3 inclusive, poor above.
    let classes = format!(
        "[{}, {}]",
        class("poor", Some(("1/3", false)), None),
        class("not_poor", None, Some(("1/3", true)))
    );
    let e = engine(&weighted_json(&MPI_WEIGHTS, &classes));
    let at = e.assess("semua", &weighted_answers(10, 0b11)).unwrap();
    assert_eq!(at.score, Some(n("1/3")));
    assert_eq!(at.class.as_deref(), Some("not_poor"));
    let above = e
        .assess("semua", &weighted_answers(10, 0b1_0000_0011))
        .unwrap();
    assert_eq!(above.score, Some(n("7/18")));
    assert_eq!(above.class.as_deref(), Some("poor"));
}
