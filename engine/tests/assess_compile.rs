//! `Engine::new`: what it reports for rule sets it cannot compile (never a panic), and the accessors
//! the UI and the CLI use.

mod assess_support;

use assess_support::*;
use proptest::prelude::*;
use timbang_engine::{Code, Engine, Num, RuleSet};

fn compile_errors(json: &str) -> Vec<(Code, String)> {
    let rules: RuleSet = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    match Engine::new(rules) {
        Ok(_) => Vec::new(),
        Err(d) => d.into_iter().map(|d| (d.code, d.path)).collect(),
    }
}

fn two_classes() -> String {
    format!(
        "[{}, {}]",
        class("miskin", Some(("1", true)), None),
        class("tidak_miskin", None, Some(("1", false)))
    )
}

/// A one-cluster rule set from its parts.
fn one(
    method: &str,
    cluster_inds: &str,
    questions: &str,
    derived: &str,
    indicators: &str,
) -> String {
    ruleset_json(
        method,
        &format!(
            r#"[{{"id": "semua", "label": {}, "indicators": {cluster_inds}}}]"#,
            label("c")
        ),
        questions,
        derived,
        indicators,
        &two_classes(),
        "",
    )
}

fn yes_no_q(id: &str) -> String {
    format!(
        r#"{{"id": "{id}", "label": {}, "type": "yes_no"}}"#,
        label("q")
    )
}

fn number_q(id: &str) -> String {
    format!(
        r#"{{"id": "{id}", "label": {}, "type": "number"}}"#,
        label("q")
    )
}

fn choice_q(id: &str) -> String {
    format!(
        r#"{{"id": "{id}", "label": {l}, "type": "choice", "options": [
            {{"id": "a", "label": {l}}}, {{"id": "b", "label": {l}}}]}}"#,
        l = label("q")
    )
}

fn ind(id: &str, on: &str, cond: &str) -> String {
    format!(
        r#"{{"id": "{id}", "label": {}, "on": "{on}", "condition": {cond}}}"#,
        label("i")
    )
}

#[test]
fn invalid_rule_sets_give_diagnostics_not_panics() {
    let yes = r#"{"op": "=", "value": true}"#;
    let cases: Vec<(&str, String, Code, &str)> = vec![
        (
            "unknown indicator in a cluster",
            one(
                "count",
                r#"[{"indicator": "nope"}]"#,
                &format!("[{}]", yes_no_q("x")),
                "[]",
                &format!("[{}]", ind("i", "x", yes)),
            ),
            Code::UnknownReference,
            "$.clusters[0].indicators[0].indicator",
        ),
        (
            "indicator on an unknown question",
            one(
                "count",
                r#"[{"indicator": "i"}]"#,
                &format!("[{}]", yes_no_q("x")),
                "[]",
                &format!("[{}]", ind("i", "y", yes)),
            ),
            Code::UnknownReference,
            "$.indicators[0].on",
        ),
        (
            "expression syntax",
            one(
                "count",
                r#"[{"indicator": "i"}]"#,
                &format!("[{}]", number_q("x")),
                &format!(
                    r#"[{{"id": "d", "label": {}, "expr": "x + * 2"}}]"#,
                    label("d")
                ),
                &format!("[{}]", ind("i", "d", r#"{"op": "<", "value": 1}"#)),
            ),
            Code::ExprSyntax,
            "$.derived[0].expr",
        ),
        (
            "unknown id in an expression",
            one(
                "count",
                r#"[{"indicator": "i"}]"#,
                &format!("[{}]", number_q("x")),
                &format!(
                    r#"[{{"id": "d", "label": {}, "expr": "x / y"}}]"#,
                    label("d")
                ),
                &format!("[{}]", ind("i", "d", r#"{"op": "<", "value": 1}"#)),
            ),
            Code::UnknownReference,
            "$.derived[0].expr",
        ),
        (
            "expression on a yes/no question",
            one(
                "count",
                r#"[{"indicator": "i"}]"#,
                &format!("[{}]", yes_no_q("x")),
                &format!(
                    r#"[{{"id": "d", "label": {}, "expr": "x * 2"}}]"#,
                    label("d")
                ),
                &format!("[{}]", ind("i", "d", r#"{"op": "<", "value": 1}"#)),
            ),
            Code::TypeMismatch,
            "$.derived[0].expr",
        ),
        (
            "derived cycle",
            one(
                "count",
                r#"[{"indicator": "i"}]"#,
                &format!("[{}]", number_q("x")),
                &format!(
                    r#"[{{"id": "d", "label": {l}, "expr": "e + x"}}, {{"id": "e", "label": {l}, "expr": "d * 2"}}]"#,
                    l = label("d")
                ),
                &format!("[{}]", ind("i", "d", r#"{"op": "<", "value": 1}"#)),
            ),
            Code::DerivedCycle,
            "$.derived[0].expr",
        ),
        (
            "missing condition",
            one(
                "count",
                r#"[{"indicator": "i"}]"#,
                &format!("[{}]", yes_no_q("x")),
                "[]",
                &format!(r#"[{{"id": "i", "label": {}, "on": "x"}}]"#, label("i")),
            ),
            Code::MissingCondition,
            "$.clusters[0].indicators[0]",
        ),
        (
            "missing weight",
            one(
                "weighted",
                r#"[{"indicator": "i"}]"#,
                &format!("[{}]", yes_no_q("x")),
                "[]",
                &format!("[{}]", ind("i", "x", yes)),
            ),
            Code::MissingWeight,
            "$.clusters[0].indicators[0]",
        ),
        (
            "missing points",
            one(
                "points",
                r#"[{"indicator": "i"}]"#,
                &format!("[{}]", yes_no_q("x")),
                "[]",
                &format!("[{}]", ind("i", "x", yes)),
            ),
            Code::MissingPoints,
            "$.clusters[0].indicators[0]",
        ),
        (
            "< on a choice",
            one(
                "count",
                r#"[{"indicator": "i"}]"#,
                &format!("[{}]", choice_q("x")),
                "[]",
                &format!("[{}]", ind("i", "x", r#"{"op": "<", "value": 1}"#)),
            ),
            Code::TypeMismatch,
            "$.indicators[0].condition",
        ),
        (
            "one_of on a number",
            one(
                "count",
                r#"[{"indicator": "i"}]"#,
                &format!("[{}]", number_q("x")),
                "[]",
                &format!(
                    "[{}]",
                    ind("i", "x", r#"{"op": "one_of", "values": ["a"]}"#)
                ),
            ),
            Code::TypeMismatch,
            "$.indicators[0].condition",
        ),
        (
            "= text on a yes/no",
            one(
                "count",
                r#"[{"indicator": "i"}]"#,
                &format!("[{}]", yes_no_q("x")),
                "[]",
                &format!("[{}]", ind("i", "x", r#"{"op": "=", "value": "kadang"}"#)),
            ),
            Code::TypeMismatch,
            "$.indicators[0].condition",
        ),
        (
            "unknown option in a cluster's own condition",
            one(
                "count",
                r#"[{"indicator": "i", "condition": {"op": "one_of", "values": ["a", "z"]}}]"#,
                &format!("[{}]", choice_q("x")),
                "[]",
                &format!("[{}]", ind("i", "x", r#"{"op": "=", "value": "a"}"#)),
            ),
            Code::UnknownOption,
            "$.clusters[0].indicators[0].condition",
        ),
    ];
    for (name, json, code, path) in cases {
        let errors = compile_errors(&json);
        assert!(
            errors.iter().any(|(c, p)| *c == code && p == path),
            "{name}: {errors:?}"
        );
    }
}

#[test]
fn more_than_64_indicators_is_refused() {
    let weights: Vec<&str> = vec!["1/65"; 65];
    let errors = compile_errors(&weighted_json(&weights, &mpi_classes(true)));
    assert_eq!(
        errors,
        vec![(Code::Internal, "$.clusters[0].indicators".to_owned())]
    );
    let weights: Vec<&str> = vec!["1/64"; 64];
    assert!(compile_errors(&weighted_json(&weights, &mpi_classes(true))).is_empty());
}

#[test]
fn accessors() {
    let e = engine(&bps_json(None));
    assert_eq!(e.cluster_ids().collect::<Vec<_>>(), vec!["semua"]);
    assert_eq!(e.cluster_count(), 1);
    // Every question, in rule-set order; luas_lantai and jumlah_anggota only through the derived value.
    let qs: Vec<&str> = e.cluster_questions(0).map(|q| q.id.as_str()).collect();
    assert_eq!(qs[..3], ["luas_lantai", "jumlah_anggota", "jenis_lantai"]);
    assert_eq!(qs.len(), 15);
    assert_eq!(
        e.questions_for_cluster(0).collect::<Vec<_>>(),
        (0..15).collect::<Vec<_>>()
    );
    assert_eq!(e.questions_for_cluster(9).count(), 0);
    assert_eq!(e.score_bounds(0), Some((Num::ZERO, Num::int(14))));
    assert!(e.integer_scores(0));
    assert_eq!(e.indicator_count(0), 14);
    assert_eq!(e.indicator_for_bit(0, 11).unwrap().id, "pendapatan_rendah");
    assert_eq!(e.class_index("tidak_miskin"), Some(1));
    assert_eq!(
        e.parse_cell(e.question_index("pendapatan").unwrap(), "Rp 1.000.000"),
        Ok(Some(timbang_engine::Input::Num(Num::int(1_000_000))))
    );

    let w = engine(&weighted_json(&MPI_WEIGHTS, &mpi_classes(true)));
    assert_eq!(w.score_bounds(0), Some((Num::ZERO, Num::ONE)));
    assert!(!w.integer_scores(0));
    let p = engine(&points_json());
    assert_eq!(p.score_bounds(0), Some((Num::ZERO, Num::int(59))));
    assert!(p.integer_scores(0));
    assert_eq!(p.weight_for_bit(0, 0), None);
}

#[test]
fn questions_of_a_cluster_exclude_other_clusters() {
    let json = ruleset_json(
        "count",
        &format!(
            r#"[{{"id": "pesisir", "label": {l}, "indicators": [{{"indicator": "perahu"}}]}},
               {{"id": "pegunungan", "label": {l}, "indicators": [{{"indicator": "jauh"}}, {{"indicator": "listrik"}}]}}]"#,
            l = label("c")
        ),
        &format!(
            "[{}, {}, {}]",
            yes_no_q("punya_perahu"),
            yes_no_q("ada_listrik"),
            number_q("waktu_ke_puskesmas")
        ),
        "[]",
        &format!(
            "[{}, {}, {}]",
            ind("perahu", "punya_perahu", r#"{"op": "=", "value": false}"#),
            ind("listrik", "ada_listrik", r#"{"op": "=", "value": false}"#),
            ind("jauh", "waktu_ke_puskesmas", r#"{"op": ">", "value": 60}"#)
        ),
        &two_classes(),
        "",
    );
    let e = engine(&json);
    assert_eq!(e.questions_for_cluster(0).collect::<Vec<_>>(), vec![0]);
    // Rule-set order (ada_listrik before waktu_ke_puskesmas), not the cluster's indicator order.
    assert_eq!(e.questions_for_cluster(1).collect::<Vec<_>>(), vec![1, 2]);
    // Answering only the highland questions is enough there.
    let a = e
        .assess(
            "pegunungan",
            &answers(&[("ada_listrik", "true"), ("waktu_ke_puskesmas", "90")]),
        )
        .unwrap();
    assert_eq!(a.class.as_deref(), Some("miskin"));
    assert!(a.unanswered.is_empty());
}

proptest! {
    /// Parsing any text never panics, and evaluating what parses never panics.
    #[test]
    fn expressions_never_panic(src in "[ab01.+*/(), minax-]{0,40}") {
        if let Ok(e) = timbang_engine::parse_expr(&src) {
            let _ = e.eval(&|id| match id {
                "a" => Some(Num::int(3)),
                "b" => Some(Num::ZERO),
                _ => None,
            });
        }
    }
}
