//! "What would change the class": exact thresholds for numbers (also through derived values), flips
//! of yes/no answers, other options of choices, and the distance to the neighbouring bands.

mod assess_support;

use assess_support::*;
use timbang_engine::{Direction, Num, Value};

/// (question, direction, new value, inclusive, new class)
type Expected<'a> = (&'a str, Option<Direction>, Value, bool, &'a str);

/// The same, owned.
type Row = (String, Option<Direction>, Value, bool, String);

/// (question, direction, new value, new class)
type Short = (String, Option<Direction>, Value, String);

fn changes(e: &timbang_engine::Engine, met: u16) -> Vec<Row> {
    let a = e.assess("semua", &bps_answers(met)).unwrap();
    let w = a.what_if.expect("a classed household has a what-if");
    for c in &w.changes {
        assert!(c.exact, "{c:?}");
    }
    w.changes
        .into_iter()
        .map(|c| (c.question, c.direction, c.value, c.inclusive, c.class))
        .collect()
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn num(s: &str) -> Value {
    Value::Num(n(s))
}

#[test]
fn poor_household_every_single_change() {
    // Met: indicators 0..=8 (score 9, miskin); each met one flipped gives 8, tidak_miskin.
    let e = engine(&bps_json(None));
    let want: Vec<Expected> = vec![
        // 24 m² for 4 people is 6 m² each; from 32 m², 8 each, the floor is no longer too small.
        (
            "luas_lantai",
            Some(Direction::Up),
            num("32"),
            true,
            "tidak_miskin",
        ),
        // 24 m² for 3 people is exactly 8 m² each.
        (
            "jumlah_anggota",
            Some(Direction::Down),
            num("3"),
            true,
            "tidak_miskin",
        ),
        ("jenis_lantai", None, text("semen"), true, "tidak_miskin"),
        ("jenis_lantai", None, text("keramik"), true, "tidak_miskin"),
        ("jenis_dinding", None, text("tembok"), true, "tidak_miskin"),
        ("jamban", None, text("sendiri"), true, "tidak_miskin"),
        ("listrik", None, Value::Bool(true), true, "tidak_miskin"),
        ("air_minum", None, text("ledeng"), true, "tidak_miskin"),
        ("air_minum", None, text("kemasan"), true, "tidak_miskin"),
        ("bahan_bakar", None, text("gas"), true, "tidak_miskin"),
        ("bahan_bakar", None, text("listrik"), true, "tidak_miskin"),
        (
            "daging_per_minggu",
            Some(Direction::Up),
            num("2"),
            true,
            "tidak_miskin",
        ),
        (
            "pakaian_per_tahun",
            Some(Direction::Up),
            num("2"),
            true,
            "tidak_miskin",
        ),
    ];
    let got = changes(&e, 0b1_1111_1111);
    let want: Vec<_> = want
        .into_iter()
        .map(|(q, d, v, i, c)| (q.to_owned(), d, v, i, c.to_owned()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn income_cut_off_600000() {
    let e = engine(&bps_json(None));
    // Poor with an income of 450 000: from exactly 600 000 the income criterion is no longer met.
    let got = changes(&e, 0b1000_1111_1111);
    let income: Vec<_> = got.iter().filter(|c| c.0 == "pendapatan").collect();
    assert_eq!(
        income,
        vec![&(
            "pendapatan".to_owned(),
            Some(Direction::Up),
            num("600000"),
            true,
            "tidak_miskin".to_owned()
        )]
    );
    // Not poor (8 met) with 900 000: any income strictly below 600 000 makes it poor.
    let got = changes(&e, 0b1111_1111);
    let income: Vec<_> = got.iter().filter(|c| c.0 == "pendapatan").collect();
    assert_eq!(
        income,
        vec![&(
            "pendapatan".to_owned(),
            Some(Direction::Down),
            num("600000"),
            false,
            "miskin".to_owned()
        )]
    );
}

#[test]
fn floor_area_per_person_8_m2_solved_through_the_expression() {
    // 8 met without the floor criterion: 40 m² for 4 people = 10 m² each.
    let e = engine(&bps_json(None));
    let got = changes(&e, 0b1_1111_1110);
    let floor: Vec<_> = got
        .iter()
        .filter(|c| c.0 == "luas_lantai" || c.0 == "jumlah_anggota")
        .cloned()
        .collect();
    assert_eq!(
        floor,
        vec![
            // Any area below 32 m² (8 m² each for 4 people).
            (
                "luas_lantai".to_owned(),
                Some(Direction::Down),
                num("32"),
                false,
                "miskin".to_owned()
            ),
            // 40 m² for 5 people is exactly 8 each (not below 8); 6 people is the nearest change.
            (
                "jumlah_anggota".to_owned(),
                Some(Direction::Up),
                num("6"),
                true,
                "miskin".to_owned()
            ),
        ]
    );
}

#[test]
fn distances_to_neighbouring_bands() {
    let four = format!(
        "[{}, {}, {}, {}]",
        class("sangat_miskin", Some(("12", true)), None),
        class("miskin", Some(("9", true)), Some(("12", false))),
        class("hampir_miskin", Some(("6", true)), Some(("9", false))),
        class("tidak_miskin", None, Some(("6", false)))
    );
    let e = engine(&bps_json(Some(&four)));
    // (met, class, up: (class, cutoff, inclusive, difference), down: ...)
    type D<'a> = Option<(&'a str, i64, bool, i64)>;
    let cases: Vec<(u16, &str, D, D)> = vec![
        (
            0b11_1111_1111,
            "miskin",
            Some(("sangat_miskin", 12, true, 2)),
            Some(("hampir_miskin", 9, false, 1)),
        ),
        (0, "tidak_miskin", Some(("hampir_miskin", 6, true, 6)), None),
        (
            0b11_1111_1111_1111,
            "sangat_miskin",
            None,
            Some(("miskin", 12, false, 2)),
        ),
    ];
    for (met, class_id, up, down) in cases {
        let a = e.assess("semua", &bps_answers(met)).unwrap();
        assert_eq!(a.class.as_deref(), Some(class_id));
        let w = a.what_if.unwrap();
        let conv = |d: Option<timbang_engine::Distance>| {
            d.map(|d| (d.class, d.cutoff, d.inclusive, d.difference))
        };
        let want = |d: D| d.map(|(c, x, i, diff)| (c.to_owned(), Num::int(x), i, Num::int(diff)));
        assert_eq!(conv(w.up), want(up), "{met:b} up");
        assert_eq!(conv(w.down), want(down), "{met:b} down");
    }
}

#[test]
fn weighted_distances_are_exact_fractions() {
    let e = engine(&weighted_json(&MPI_WEIGHTS, &mpi_classes(false)));
    // 1/6 + 2/18 = 5/18: vulnerable; poor needs more than 1/3: 1/18 away, exclusive.
    let a = e.assess("semua", &weighted_answers(10, 0b11_0001)).unwrap();
    assert_eq!(a.class.as_deref(), Some("vulnerable"));
    let w = a.what_if.unwrap();
    let up = w.up.unwrap();
    assert_eq!(
        (up.class.as_str(), up.cutoff, up.inclusive),
        ("poor", n("1/3"), false)
    );
    assert_eq!(up.difference, n("1/18"));
    let down = w.down.unwrap();
    assert_eq!(
        (down.class.as_str(), down.cutoff, down.inclusive),
        ("not_poor", n("1/5"), false)
    );
    assert_eq!(down.difference, n("5/18").checked_sub(n("1/5")).unwrap());
    // Flipping the 1/6 indicator gives 1/9 (not poor); adding another 1/6 gives 4/9 (poor); adding a
    // 1/18 gives exactly 1/3, still vulnerable under the exclusive bound.
    let changes: Vec<(String, String)> = w
        .changes
        .iter()
        .map(|c| (c.question.clone(), c.class.clone()))
        .collect();
    let mut want: Vec<(String, String)> = vec![("d0".into(), "not_poor".into())];
    for q in ["d1", "d2", "d3"] {
        want.push((q.into(), "poor".into()));
    }
    assert_eq!(changes, want);
}

fn squared_json(integer: bool) -> String {
    ruleset_json(
        "count",
        &format!(
            r#"[{{"id": "semua", "label": {}, "indicators": [{{"indicator": "kecil"}}]}}]"#,
            label("c")
        ),
        &format!(
            r#"[{{"id": "sisi", "label": {}, "type": "number", "min": 0, "integer": {integer}}}]"#,
            label("q")
        ),
        &format!(
            r#"[{{"id": "luas", "label": {}, "expr": "sisi * sisi"}}]"#,
            label("d")
        ),
        &format!(
            r#"[{{"id": "kecil", "label": {}, "on": "luas", "condition": {{"op": "<", "value": 64}}}}]"#,
            label("i")
        ),
        &format!(
            "[{}, {}]",
            class("miskin", Some(("1", true)), None),
            class("tidak_miskin", None, Some(("1", false)))
        ),
        "",
    )
}

#[test]
fn unsolvable_expressions_fall_back_to_bisection() {
    // sisi² < 64 is not of the form (a x + b) / (c x + d): searched numerically.
    let e = engine(&squared_json(true));
    let a = e.assess("semua", &answers(&[("sisi", "10")])).unwrap();
    assert_eq!(a.class.as_deref(), Some("tidak_miskin"));
    let c = &a.what_if.unwrap().changes;
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].direction, Some(Direction::Down));
    assert_eq!(c[0].value, num("7"));
    assert!(c[0].exact, "whole numbers are found exactly");

    let e = engine(&squared_json(false));
    let a = e.assess("semua", &answers(&[("sisi", "10")])).unwrap();
    let c = &a.what_if.unwrap().changes;
    assert_eq!(c.len(), 1);
    let Value::Num(v) = c[0].value else {
        panic!("{:?}", c[0].value)
    };
    assert!(
        v < n("8") && n("8").checked_sub(v).unwrap() < n("1/1000000000"),
        "{v}"
    );
    assert!(!c[0].exact);
    assert_eq!(c[0].class, "miskin");
}

#[test]
fn points_changes_walk_every_case() {
    let e = engine(&points_json());
    // 4 members (11) + tiles (5) + no fridge + no motorbike = 16: miskin (10..20).
    let a = e
        .assess(
            "semua",
            &answers(&[
                ("anggota", "4"),
                ("lantai", "\"lain\""),
                ("kulkas", "false"),
                ("motor", "false"),
            ]),
        )
        .unwrap();
    assert_eq!(a.class.as_deref(), Some("miskin"));
    let got: Vec<Short> = a
        .what_if
        .unwrap()
        .changes
        .into_iter()
        .map(|c| (c.question, c.direction, c.value, c.class))
        .collect();
    let want: Vec<Short> = vec![
        // 3 members: 18 + 5 = 23.
        (
            "anggota".into(),
            Some(Direction::Down),
            num("3"),
            "tidak_miskin".into(),
        ),
        // 6 members: 0 + 5 = 5.
        (
            "anggota".into(),
            Some(Direction::Up),
            num("6"),
            "sangat_miskin".into(),
        ),
        // A fridge: 24; a motorbike: 25.
        (
            "kulkas".into(),
            None,
            Value::Bool(true),
            "tidak_miskin".into(),
        ),
        (
            "motor".into(),
            None,
            Value::Bool(true),
            "tidak_miskin".into(),
        ),
    ];
    assert_eq!(got, want);
}
