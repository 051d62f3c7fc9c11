//! Households with unanswered, optional or invalid answers, and derived values that divide by zero.

mod assess_support;

use std::collections::BTreeMap;

use assess_support::*;
use timbang_engine::{Num, ProblemCode, UnassessableReason, Value};

fn four_bands() -> String {
    format!(
        "[{}, {}, {}, {}]",
        class("sangat_miskin", Some(("12", true)), None),
        class("miskin", Some(("9", true)), Some(("12", false))),
        class("hampir_miskin", Some(("6", true)), Some(("9", false))),
        class("tidak_miskin", None, Some(("6", false)))
    )
}

#[test]
fn unanswered_questions_give_the_range_of_classes() {
    let e = engine(&bps_json(Some(&four_bands())));
    // (indicators met among the answered, questions left out, expected range, expected classes)
    type Case<'a> = (u16, Vec<&'a str>, (i64, i64), Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (0, vec![], (0, 0), vec!["tidak_miskin"]),
        (0, vec!["listrik"], (0, 1), vec!["tidak_miskin"]),
        (
            0b00_0000_0001_1111,
            vec!["listrik", "pendapatan"],
            (4, 6),
            vec!["hampir_miskin", "tidak_miskin"],
        ),
        (
            0b00_0000_1111_1111,
            vec!["aset"],
            (8, 9),
            vec!["miskin", "hampir_miskin"],
        ),
        // The floor area is asked through a derived value: leaving out the number of members leaves
        // "luas_sempit" open.
        (
            0b00_1111_1111_1110,
            vec!["jumlah_anggota"],
            (11, 12),
            vec!["sangat_miskin", "miskin"],
        ),
        (
            0,
            vec![
                "luas_lantai",
                "jumlah_anggota",
                "jenis_lantai",
                "jenis_dinding",
                "jamban",
                "listrik",
                "air_minum",
                "bahan_bakar",
                "daging_per_minggu",
                "pakaian_per_tahun",
                "makan_per_hari",
                "mampu_berobat",
                "pendapatan",
                "pendidikan",
                "aset",
            ],
            (0, 14),
            vec!["sangat_miskin", "miskin", "hampir_miskin", "tidak_miskin"],
        ),
    ];
    for (met, left_out, (lo, hi), want) in cases {
        let mut answers = bps_answers(met);
        for q in &left_out {
            answers.remove(*q);
        }
        let a = e.assess("semua", &answers).unwrap();
        let label = format!("met {met:014b} without {left_out:?}");
        assert_eq!(a.score_range.lo, Num::int(lo), "{label}");
        assert_eq!(a.score_range.hi, Num::int(hi), "{label}");
        assert_eq!(a.possible_classes, want, "{label}");
        if left_out.is_empty() {
            assert!(a.class.is_some());
        } else {
            assert_eq!(a.class, None, "{label}");
            assert_eq!(a.score, None, "{label}");
            assert!(a.what_if.is_none());
            let unanswered: Vec<&str> = a.unanswered.iter().map(|u| u.question.as_str()).collect();
            // In the rule set's question order.
            let mut sorted = left_out.clone();
            sorted.sort_by_key(|q| e.question_index(q));
            assert_eq!(unanswered, sorted, "{label}");
            assert!(a.unanswered.iter().all(|u| u.required && !u.invalid));
            for b in &a.bands {
                assert_eq!(b.possible, want.contains(&b.class.as_str()), "{}", b.class);
                assert!(!b.current);
            }
            let c = e.classify_row(0, &row(&e, &answers)).unwrap_err();
            assert_eq!(c.reason, UnassessableReason::Missing);
            assert!(left_out.contains(&c.subject(&e).unwrap()));
        }
    }
}

#[test]
fn weighted_range_lists_only_reachable_sums() {
    // Open: one 1/6 and one 1/18 indicator on top of 1/6 met: reachable 1/6, 2/9, 1/3, 7/18.
    let e = engine(&weighted_json(&MPI_WEIGHTS, &mpi_classes(true)));
    let mut answers = weighted_answers(10, 0b1);
    answers.remove("d1");
    answers.remove("d4");
    let a = e.assess("semua", &answers).unwrap();
    assert_eq!(a.class, None);
    assert_eq!(a.score_range.lo, n("1/6"));
    assert_eq!(a.score_range.hi, n("7/18"));
    assert_eq!(a.possible_classes, vec!["poor", "vulnerable", "not_poor"]);
    // Met-so-far indicators are reported, open ones are undetermined.
    assert_eq!(a.indicators[0].met, Some(true));
    assert_eq!(a.indicators[1].met, None);
    assert_eq!(a.indicators[1].share, None);
    assert_eq!(a.indicators[2].met, Some(false));
}

#[test]
fn optional_questions_do_not_block_the_class() {
    let e = engine(&points_json());
    let a = e
        .assess(
            "semua",
            &answers(&[
                ("anggota", "4"),
                ("lantai", "\"tanah\""),
                ("kulkas", "false"),
            ]),
        )
        .unwrap();
    // motor is optional and unanswered: 0 points now, 9 if answered yes.
    assert_eq!(a.class.as_deref(), Some("miskin"));
    assert_eq!(a.score, Some(Num::int(11)));
    assert_eq!(a.score_range.lo, Num::int(11));
    assert_eq!(a.score_range.hi, Num::int(20));
    assert_eq!(a.possible_classes, vec!["miskin", "tidak_miskin"]);
    assert_eq!(a.unanswered.len(), 1);
    assert_eq!(a.unanswered[0].question, "motor");
    assert!(!a.unanswered[0].required);
    let motor = a.indicators.iter().find(|i| i.id == "p_motor").unwrap();
    assert_eq!(motor.met, Some(false));
    assert_eq!(motor.points, Some(Num::ZERO));
}

#[test]
fn points_range_uses_reachable_points() {
    // anggota unanswered: its cases give 0, 5, 11, 18, 24 or 37; the rest gives 5.
    let e = engine(&points_json());
    let a = e
        .assess(
            "semua",
            &answers(&[
                ("lantai", "\"lain\""),
                ("kulkas", "false"),
                ("motor", "false"),
            ]),
        )
        .unwrap();
    assert_eq!(a.class, None);
    assert_eq!(a.score_range.lo, Num::int(5));
    assert_eq!(a.score_range.hi, Num::int(42));
    assert_eq!(
        a.possible_classes,
        vec!["sangat_miskin", "miskin", "tidak_miskin"]
    );
    assert!(a.likelihood.iter().all(|l| l.row.is_none()));
}

#[test]
fn invalid_answers_are_problems_with_their_question() {
    let e = engine(&bps_json(None));
    // (question, answer, problem code)
    let cases: &[(&str, &str, ProblemCode)] = &[
        ("jumlah_anggota", "0", ProblemCode::BelowMin),
        ("jumlah_anggota", "2.5", ProblemCode::NotInteger),
        ("jumlah_anggota", "31", ProblemCode::AboveMax),
        ("listrik", "\"mungkin\"", ProblemCode::NotYesNo),
        ("pendapatan", "\"banyak\"", ProblemCode::NotANumber),
        ("jenis_lantai", "\"marmer\"", ProblemCode::UnknownOption),
    ];
    for &(q, v, code) in cases {
        let mut answers = bps_answers(0);
        answers.insert(q.into(), serde_json::from_str(v).unwrap());
        let a = e.assess("semua", &answers).unwrap();
        assert_eq!(a.class, None, "{q} = {v}");
        assert_eq!(a.problems.len(), 1, "{q} = {v}: {:?}", a.problems);
        let p = &a.problems[0];
        assert_eq!(p.code, code, "{q} = {v}");
        assert_eq!(p.question.as_deref(), Some(q));
        assert!(p.blocking);
        assert!(!p.message.id.is_empty() && !p.message.en.is_empty());
        assert_ne!(p.message.id, p.message.en);
        let u = a.unanswered.iter().find(|u| u.question == q).unwrap();
        assert!(u.invalid);
    }
}

#[test]
fn answers_to_unknown_questions_are_reported_but_do_not_block() {
    let e = engine(&bps_json(None));
    let mut answers = bps_answers(0);
    answers.insert("warna_rumah".into(), Value::Text("biru".into()));
    let a = e.assess("semua", &answers).unwrap();
    assert_eq!(a.class.as_deref(), Some("tidak_miskin"));
    assert_eq!(a.problems.len(), 1);
    assert_eq!(a.problems[0].code, ProblemCode::UnknownQuestion);
    assert!(!a.problems[0].blocking);
}

fn per_person_json() -> String {
    ruleset_json(
        "count",
        &format!(
            r#"[{{"id": "semua", "label": {}, "indicators": [{{"indicator": "sempit"}}]}}]"#,
            label("c")
        ),
        &format!(
            r#"[{{"id": "luas", "label": {l}, "type": "number", "min": 0}},
               {{"id": "anggota", "label": {l}, "type": "number", "min": 0, "integer": true}}]"#,
            l = label("q")
        ),
        &format!(
            r#"[{{"id": "per_orang", "label": {}, "expr": "luas / anggota"}}]"#,
            label("d")
        ),
        &format!(
            r#"[{{"id": "sempit", "label": {}, "on": "per_orang", "condition": {{"op": "<", "value": 8}}}}]"#,
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
fn division_by_zero_is_a_reported_outcome() {
    let e = engine(&per_person_json());
    let answers: BTreeMap<String, Value> = answers(&[("luas", "30"), ("anggota", "0")]);
    let a = e.assess("semua", &answers).unwrap();
    assert_eq!(a.class, None);
    assert_eq!(a.score, None);
    assert_eq!(a.derived[0].value, None);
    assert_eq!(a.derived[0].error, Some("division_by_zero"));
    assert_eq!(a.indicators[0].met, None);
    assert_eq!(a.problems.len(), 1);
    let p = &a.problems[0];
    assert_eq!(p.code, ProblemCode::DivisionByZero);
    assert_eq!(p.derived.as_deref(), Some("per_orang"));
    assert_eq!(p.inputs, vec!["luas", "anggota"]);
    assert!(p.message.en.contains("per_orang"));
    let err = e.classify_row(0, &row(&e, &answers)).unwrap_err();
    assert_eq!(err.reason, UnassessableReason::DivisionByZero);
    assert_eq!(err.subject(&e), Some("per_orang"));
    assert!(err.message(&e, timbang_engine::Lang::Id).contains("nol"));
    // The same household with one member is fine.
    let ok = e.assess("semua", &answers_with_one()).unwrap();
    assert_eq!(ok.class.as_deref(), Some("tidak_miskin"));

    fn answers_with_one() -> BTreeMap<String, Value> {
        assess_support::answers(&[("luas", "30"), ("anggota", "1")])
    }
}

#[test]
fn assessment_serialises_with_exact_numbers() {
    let e = engine(&weighted_json(&MPI_WEIGHTS, &mpi_classes(true)));
    let a = e
        .assess("semua", &weighted_answers(10, 0b111_0001))
        .unwrap();
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["class"], "poor");
    assert_eq!(json["score"], "1/3");
    assert_eq!(json["score_range"]["lo"], "1/3");
    assert_eq!(json["indicators"][0]["weight"], "1/6");
    assert_eq!(json["indicators"][0]["share"], 0.5);
    assert_eq!(json["bands"][1]["from"]["value"], "1/3");
    assert_eq!(json["what_if"]["up"]["class"], "severe");
    assert_eq!(json["what_if"]["up"]["difference"], "1/6");
}

#[test]
fn classify_row_reports_the_first_problem_in_question_order() {
    use timbang_engine::Input;
    let e = engine(&bps_json(None));
    let q = |id: &str| e.question_index(id).unwrap();
    // (changes to a complete row, expected reason, expected question)
    type Case<'a> = (Vec<(&'a str, Option<Input>)>, UnassessableReason, &'a str);
    let cases: Vec<Case> = vec![
        (vec![("aset", None)], UnassessableReason::Missing, "aset"),
        (
            vec![("aset", None), ("listrik", None)],
            UnassessableReason::Missing,
            "listrik",
        ),
        // Read only through the derived value: still reported by name.
        (
            vec![("jumlah_anggota", None)],
            UnassessableReason::Missing,
            "jumlah_anggota",
        ),
        (
            vec![("listrik", Some(Input::Num(Num::ONE)))],
            UnassessableReason::WrongType,
            "listrik",
        ),
        (
            vec![("jenis_lantai", Some(Input::Choice(5)))],
            UnassessableReason::WrongType,
            "jenis_lantai",
        ),
        (
            vec![("pendapatan", Some(Input::Bool(true)))],
            UnassessableReason::WrongType,
            "pendapatan",
        ),
        (
            vec![("luas_lantai", Some(Input::Choice(0)))],
            UnassessableReason::WrongType,
            "luas_lantai",
        ),
        (
            vec![("aset", None), ("luas_lantai", Some(Input::Bool(false)))],
            UnassessableReason::WrongType,
            "luas_lantai",
        ),
    ];
    for (changes, reason, question) in cases {
        let mut r = row(&e, &bps_answers(0b1_0101));
        for (id, v) in &changes {
            r[q(id)] = *v;
        }
        let err = e.classify_row(0, &r).unwrap_err();
        assert_eq!(err.reason, reason, "{changes:?}");
        assert_eq!(err.subject(&e), Some(question), "{changes:?}");
        assert_eq!(err.question, Some(q(question)));
    }
    // A short row is a row with the rest unanswered.
    let err = e.classify_row(0, &[]).unwrap_err();
    assert_eq!(err.reason, UnassessableReason::Missing);
    assert_eq!(err.subject(&e), Some("luas_lantai"));
}
