//! Each scoring method, table-driven: class, score, per-indicator explanation, and agreement between
//! `assess` and `classify_row`.

mod assess_support;

use assess_support::*;
use timbang_engine::{Method, Num, Value};

#[test]
fn count_table() {
    let e = engine(&bps_json(Some(&format!(
        "[{}, {}, {}, {}]",
        class("sangat_miskin", Some(("12", true)), None),
        class("miskin", Some(("9", true)), Some(("12", false))),
        class("hampir_miskin", Some(("6", true)), Some(("9", false))),
        class("tidak_miskin", None, Some(("6", false)))
    ))));
    // (indicators met as a bit mask, expected score, expected class)
    let cases: &[(u16, i64, &str)] = &[
        (0, 0, "tidak_miskin"),
        (0b1, 1, "tidak_miskin"),
        (0b11_1110_0000_0000, 5, "tidak_miskin"),
        (0b11_1111_0000_0000, 6, "hampir_miskin"),
        (0b00_0001_1111_1111, 9, "miskin"),
        (0b00_0000_1111_1111, 8, "hampir_miskin"),
        (0b00_1111_1111_1111, 12, "sangat_miskin"),
        (0b00_0111_1111_1111, 11, "miskin"),
        (0b11_1111_1111_1111, 14, "sangat_miskin"),
    ];
    for &(met, score, want) in cases {
        let answers = bps_answers(met);
        let a = e.assess("semua", &answers).unwrap();
        assert_eq!(a.method, Method::Count);
        assert_eq!(a.score, Some(Num::int(score)), "met {met:014b}");
        assert_eq!(a.class.as_deref(), Some(want), "met {met:014b}");
        assert!(a.problems.is_empty(), "{:?}", a.problems);
        assert!(a.unanswered.is_empty());
        assert_eq!(a.possible_classes, vec![want.to_owned()]);
        for (i, ind) in a.indicators.iter().enumerate() {
            assert_eq!(ind.id, BPS_INDICATORS[i]);
            assert_eq!(ind.met, Some(met & (1 << i) != 0), "{}", ind.id);
            assert_eq!(ind.weight, Some(Num::ONE));
            let expected_share = if met & (1 << i) != 0 {
                Num::ratio(1, i128::from(score))
            } else if score == 0 {
                None
            } else {
                Some(Num::ZERO)
            };
            assert_eq!(ind.share, expected_share, "{}", ind.id);
        }
        // The fast path agrees, with the met mask in the cluster's indicator order.
        let c = e.classify_row(0, &row(&e, &answers)).unwrap();
        assert_eq!(e.classes()[usize::from(c.class)].id, want);
        assert_eq!(c.score, Num::int(score));
        assert_eq!(c.met, u64::from(met));
    }
}

#[test]
fn count_explains_derived_value() {
    let e = engine(&bps_json(None));
    let a = e.assess("semua", &bps_answers(1)).unwrap();
    assert_eq!(a.derived.len(), 1);
    assert_eq!(a.derived[0].id, "luas_per_orang");
    assert_eq!(a.derived[0].value, Some(Num::int(6)));
    let ind = &a.indicators[0];
    assert_eq!(ind.on, "luas_per_orang");
    assert_eq!(ind.value, Some(Value::Num(Num::int(6))));
    assert_eq!(ind.met, Some(true));
    assert_eq!(ind.share, Some(Num::ONE));
    let lantai = &a.indicators[1];
    assert_eq!(lantai.value, Some(Value::Text("keramik".into())));
}

#[test]
fn weighted_table() {
    let e = engine(&weighted_json(&MPI_WEIGHTS, &mpi_classes(true)));
    // (deprivations as a bit mask over d0..d9, expected score, expected class)
    let cases: &[(u64, &str, &str)] = &[
        (0, "0", "not_poor"),
        (0b00_0001_0000, "1/18", "not_poor"),
        (0b00_0000_0001, "1/6", "not_poor"),
        (0b00_0111_0000, "1/6", "not_poor"),
        (0b00_1111_0000, "2/9", "vulnerable"),
        (0b00_0000_0011, "1/3", "poor"),
        (0b00_0111_0001, "1/3", "poor"),
        (0b11_1111_0000, "1/3", "poor"),
        (0b11_1110_0000, "5/18", "vulnerable"),
        (0b00_0000_0111, "1/2", "severe"),
        (0b11_1111_0001, "1/2", "severe"),
        (0b11_1111_1111, "1", "severe"),
    ];
    for &(met, score, want) in cases {
        let answers = weighted_answers(10, met);
        let a = e.assess("semua", &answers).unwrap();
        assert_eq!(a.score, Some(n(score)), "met {met:010b}");
        assert_eq!(a.class.as_deref(), Some(want), "met {met:010b}");
        // Shares of met indicators are weight / score and add up to exactly 1.
        if met != 0 {
            let total = a
                .indicators
                .iter()
                .filter_map(|i| i.share)
                .fold(Num::ZERO, |s, x| s.checked_add(x).unwrap());
            assert_eq!(total, Num::ONE);
        }
        for (i, ind) in a.indicators.iter().enumerate() {
            assert_eq!(ind.weight, Some(n(MPI_WEIGHTS[i])));
            let met_i = met & (1 << i) != 0;
            assert_eq!(
                ind.contribution,
                Some(if met_i { n(MPI_WEIGHTS[i]) } else { Num::ZERO })
            );
        }
        let c = e.classify_row(0, &row(&e, &answers)).unwrap();
        assert_eq!(e.classes()[usize::from(c.class)].id, want);
        assert_eq!(c.score, n(score));
        assert_eq!(c.met, met);
        for (bit, w) in MPI_WEIGHTS.iter().enumerate() {
            assert_eq!(e.weight_for_bit(0, bit), Some(n(w)));
            assert_eq!(e.indicator_for_bit(0, bit).unwrap().id, format!("i{bit}"));
        }
    }
}

#[test]
fn points_table() {
    let e = engine(&points_json());
    // (answers, expected score, class, likelihood percent, points per indicator)
    type Case<'a> = (
        Vec<(&'a str, &'a str)>,
        i64,
        &'a str,
        &'a str,
        [Option<i64>; 4],
    );
    let cases: Vec<Case> = vec![
        (
            vec![
                ("anggota", "7"),
                ("lantai", "\"tanah\""),
                ("kulkas", "false"),
            ],
            0,
            "sangat_miskin",
            "60",
            [Some(0), Some(0), Some(0), Some(0)],
        ),
        (
            vec![
                ("anggota", "5"),
                ("lantai", "\"lain\""),
                ("kulkas", "false"),
            ],
            10,
            "miskin",
            "34.1",
            [Some(5), Some(5), Some(0), Some(0)],
        ),
        (
            vec![
                ("anggota", "4"),
                ("lantai", "\"tanah\""),
                ("kulkas", "true"),
                ("motor", "false"),
            ],
            19,
            "miskin",
            "34.1",
            [Some(11), Some(0), Some(8), Some(0)],
        ),
        (
            vec![
                ("anggota", "4"),
                ("lantai", "\"tanah\""),
                ("kulkas", "true"),
                ("motor", "true"),
            ],
            28,
            "tidak_miskin",
            "3.2",
            [Some(11), Some(0), Some(8), Some(9)],
        ),
        (
            vec![
                ("anggota", "1"),
                ("lantai", "\"lain\""),
                ("kulkas", "true"),
                ("motor", "true"),
            ],
            59,
            "tidak_miskin",
            "3.2",
            [Some(37), Some(5), Some(8), Some(9)],
        ),
    ];
    for (pairs, score, want, percent, points) in cases {
        let answers = answers(&pairs);
        let a = e.assess("semua", &answers).unwrap();
        assert_eq!(a.score, Some(Num::int(score)), "{pairs:?}");
        assert_eq!(a.class.as_deref(), Some(want), "{pairs:?}");
        assert_eq!(a.likelihood.len(), 1);
        assert_eq!(a.likelihood[0].row.as_ref().unwrap().percent, n(percent));
        for (ind, p) in a.indicators.iter().zip(points) {
            assert_eq!(ind.points, p.map(Num::int), "{}", ind.id);
            assert_eq!(ind.weight, None);
        }
        // The matching case is reported: anggota = 4 is the third case.
        if pairs[0].1 == "4" {
            assert_eq!(a.indicators[0].case, Some(2));
        }
        let c = e.classify_row(0, &row(&e, &answers)).unwrap();
        assert_eq!(e.classes()[usize::from(c.class)].id, want);
        assert_eq!(c.score, Num::int(score));
    }
}

#[test]
fn answers_as_text_are_read_like_cells() {
    let e = engine(&bps_json(None));
    let mut answers = bps_answers(0);
    answers.insert("pendapatan".into(), Value::Text("Rp 450.000".into()));
    answers.insert("listrik".into(), Value::Text("Tidak".into()));
    answers.insert("jenis_lantai".into(), Value::Text("TANAH EN".into()));
    let a = e.assess("semua", &answers).unwrap();
    assert_eq!(a.score, Some(Num::int(3)));
    let income = a
        .indicators
        .iter()
        .find(|i| i.id == "pendapatan_rendah")
        .unwrap();
    assert_eq!(income.value, Some(Value::Num(Num::int(450_000))));
    let floor = a
        .indicators
        .iter()
        .find(|i| i.id == "lantai_buruk")
        .unwrap();
    assert_eq!(floor.value, Some(Value::Text("tanah".into())));
}

#[test]
fn cluster_specific_condition_overrides() {
    // Two clusters share an indicator; the lowland one has its own land cut-off.
    let json = ruleset_json(
        "count",
        &format!(
            r#"[{{"id": "pesisir", "label": {l}, "indicators": [{{"indicator": "lahan_sempit"}}]}},
               {{"id": "dataran_rendah", "label": {l}, "indicators": [{{"indicator": "lahan_sempit",
                 "condition": {{"op": "<", "value": 5000}}}}]}}]"#,
            l = label("c")
        ),
        &format!(
            r#"[{{"id": "luas_lahan", "label": {}, "type": "number", "min": 0}}]"#,
            label("q")
        ),
        "[]",
        &format!(
            r#"[{{"id": "lahan_sempit", "label": {}, "on": "luas_lahan", "condition": {{"op": "<", "value": 500}}}}]"#,
            label("i")
        ),
        &format!(
            "[{}, {}]",
            class("miskin", Some(("1", true)), None),
            class("tidak_miskin", None, Some(("1", false)))
        ),
        "",
    );
    let e = engine(&json);
    let cases = [
        ("pesisir", "400", "miskin"),
        ("pesisir", "1000", "tidak_miskin"),
        ("dataran_rendah", "1000", "miskin"),
        ("dataran_rendah", "5000", "tidak_miskin"),
    ];
    for (cluster, land, want) in cases {
        let a = e
            .assess(cluster, &answers(&[("luas_lahan", land)]))
            .unwrap();
        assert_eq!(a.class.as_deref(), Some(want), "{cluster} {land}");
        assert_eq!(a.cluster, cluster);
    }
}

#[test]
fn unknown_cluster_is_the_only_error() {
    let e = engine(&bps_json(None));
    let err = e.assess("gunung", &bps_answers(0)).unwrap_err();
    assert!(err.to_string().contains("gunung"));
    assert!(err.to_string().contains("semua"));
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "unknown_cluster");
    assert_eq!(
        e.classify_row(7, &[]).unwrap_err().reason,
        timbang_engine::UnassessableReason::UnknownCluster
    );
}
