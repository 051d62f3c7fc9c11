//! Rule sets and households shared by the `assess_*` tests and the `assess` bench, built inline so
//! that these tests do not depend on the files in `rulesets/`.

#![allow(dead_code)]

use std::collections::BTreeMap;

use timbang_engine::{Engine, Num, RuleSet, Value};

/// Wraps the parts of a rule set in the metadata every rule set needs.
pub fn ruleset_json(
    method: &str,
    clusters: &str,
    questions: &str,
    derived: &str,
    indicators: &str,
    classes: &str,
    extra: &str,
) -> String {
    format!(
        r#"{{
  "format": "timbang.ruleset/1", "id": "test-{method}", "name": {{"id": "Uji", "en": "Test"}},
  "version": "1", "date": "2024-01-01", "status": "draft",
  "description": {{"id": "Uji", "en": "Test"}}, "method": "{method}",
  "clusters": {clusters}, "questions": {questions}, "derived": {derived},
  "indicators": {indicators}, "classes": {classes}{extra}
}}"#
    )
}

pub fn engine(json: &str) -> Engine {
    let rules: RuleSet = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    Engine::new(rules).unwrap_or_else(|d| panic!("{d:?}"))
}

pub fn n(s: &str) -> Num {
    Num::parse(s).unwrap()
}

pub fn label(s: &str) -> String {
    format!(r#"{{"id": "{s}", "en": "{s}"}}"#)
}

pub fn class(id: &str, from: Option<(&str, bool)>, to: Option<(&str, bool)>) -> String {
    let bound = |b: Option<(&str, bool)>, name: &str| match b {
        Some((v, inc)) => format!(r#", "{name}": {{"value": "{v}", "inclusive": {inc}}}"#),
        None => String::new(),
    };
    format!(
        r##"{{"id": "{id}", "label": {}, "colour": "#123456"{}{}}}"##,
        label(id),
        bound(from, "from"),
        bound(to, "to")
    )
}

fn options(ids: &[&str]) -> String {
    let list: Vec<String> = ids
        .iter()
        .map(|o| format!(r#"{{"id": "{o}", "label": {{"id": "{o} id", "en": "{o} en"}}}}"#))
        .collect();
    format!("[{}]", list.join(","))
}

/// The 14 BPS indicators, in order.
pub const BPS_INDICATORS: [&str; 14] = [
    "luas_sempit",
    "lantai_buruk",
    "dinding_buruk",
    "tanpa_jamban",
    "tanpa_listrik",
    "air_tak_layak",
    "bahan_bakar_buruk",
    "jarang_daging",
    "jarang_pakaian",
    "jarang_makan",
    "tak_mampu_berobat",
    "pendapatan_rendah",
    "pendidikan_rendah",
    "tanpa_aset",
];

/// A BPS-like 14-criteria `count` rule set. `classes` is the JSON list of classes; by default
/// (`None`) `miskin` from 9 (inclusive) and `tidak_miskin` below 9.
pub fn bps_json(classes: Option<&str>) -> String {
    let q = |id: &str, rest: &str| format!(r#"{{"id": "{id}", "label": {}, {rest}}}"#, label(id));
    let questions = [
        q("luas_lantai", r#""type": "number", "min": 0"#),
        q(
            "jumlah_anggota",
            r#""type": "number", "min": 1, "max": 30, "integer": true"#,
        ),
        q(
            "jenis_lantai",
            &format!(
                r#""type": "choice", "options": {}"#,
                options(&["tanah", "bambu", "kayu_murah", "semen", "keramik"])
            ),
        ),
        q(
            "jenis_dinding",
            &format!(
                r#""type": "choice", "options": {}"#,
                options(&[
                    "bambu",
                    "rumbia",
                    "kayu_murah",
                    "tembok_tanpa_plester",
                    "tembok"
                ])
            ),
        ),
        q(
            "jamban",
            &format!(
                r#""type": "choice", "options": {}"#,
                options(&["tidak_ada", "bersama", "sendiri"])
            ),
        ),
        q("listrik", r#""type": "yes_no""#),
        q(
            "air_minum",
            &format!(
                r#""type": "choice", "options": {}"#,
                options(&[
                    "sumur_tak_terlindung",
                    "sungai",
                    "hujan",
                    "ledeng",
                    "kemasan"
                ])
            ),
        ),
        q(
            "bahan_bakar",
            &format!(
                r#""type": "choice", "options": {}"#,
                options(&["kayu", "arang", "minyak_tanah", "gas", "listrik"])
            ),
        ),
        q(
            "daging_per_minggu",
            r#""type": "number", "min": 0, "integer": true"#,
        ),
        q(
            "pakaian_per_tahun",
            r#""type": "number", "min": 0, "integer": true"#,
        ),
        q(
            "makan_per_hari",
            r#""type": "number", "min": 0, "max": 10, "integer": true"#,
        ),
        q("mampu_berobat", r#""type": "yes_no""#),
        q("pendapatan", r#""type": "number", "money": true, "min": 0"#),
        q(
            "pendidikan",
            &format!(
                r#""type": "choice", "options": {}"#,
                options(&["tidak_sekolah", "tidak_tamat_sd", "sd", "smp", "sma", "pt"])
            ),
        ),
        q("aset", r#""type": "number", "money": true, "min": 0"#),
    ];
    let ind = |id: &str, on: &str, cond: &str| {
        format!(
            r#"{{"id": "{id}", "label": {}, "on": "{on}", "condition": {cond}}}"#,
            label(id)
        )
    };
    let indicators = [
        ind(
            "luas_sempit",
            "luas_per_orang",
            r#"{"op": "<", "value": 8}"#,
        ),
        ind(
            "lantai_buruk",
            "jenis_lantai",
            r#"{"op": "one_of", "values": ["tanah", "bambu", "kayu_murah"]}"#,
        ),
        ind(
            "dinding_buruk",
            "jenis_dinding",
            r#"{"op": "one_of", "values": ["bambu", "rumbia", "kayu_murah", "tembok_tanpa_plester"]}"#,
        ),
        ind(
            "tanpa_jamban",
            "jamban",
            r#"{"op": "one_of", "values": ["tidak_ada", "bersama"]}"#,
        ),
        ind("tanpa_listrik", "listrik", r#"{"op": "=", "value": false}"#),
        ind(
            "air_tak_layak",
            "air_minum",
            r#"{"op": "one_of", "values": ["sumur_tak_terlindung", "sungai", "hujan"]}"#,
        ),
        ind(
            "bahan_bakar_buruk",
            "bahan_bakar",
            r#"{"op": "one_of", "values": ["kayu", "arang", "minyak_tanah"]}"#,
        ),
        ind(
            "jarang_daging",
            "daging_per_minggu",
            r#"{"op": "<=", "value": 1}"#,
        ),
        ind(
            "jarang_pakaian",
            "pakaian_per_tahun",
            r#"{"op": "<=", "value": 1}"#,
        ),
        ind(
            "jarang_makan",
            "makan_per_hari",
            r#"{"op": "<=", "value": 2}"#,
        ),
        ind(
            "tak_mampu_berobat",
            "mampu_berobat",
            r#"{"op": "=", "value": false}"#,
        ),
        ind(
            "pendapatan_rendah",
            "pendapatan",
            r#"{"op": "<", "value": 600000}"#,
        ),
        ind(
            "pendidikan_rendah",
            "pendidikan",
            r#"{"op": "one_of", "values": ["tidak_sekolah", "tidak_tamat_sd", "sd"]}"#,
        ),
        ind("tanpa_aset", "aset", r#"{"op": "<", "value": 500000}"#),
    ];
    let cluster_inds: Vec<String> = BPS_INDICATORS
        .iter()
        .map(|i| format!(r#"{{"indicator": "{i}"}}"#))
        .collect();
    let clusters = format!(
        r#"[{{"id": "semua", "label": {}, "indicators": [{}]}}]"#,
        label("semua"),
        cluster_inds.join(",")
    );
    let derived = format!(
        r#"[{{"id": "luas_per_orang", "label": {}, "expr": "luas_lantai / jumlah_anggota"}}]"#,
        label("luas per orang")
    );
    let default_classes = format!(
        "[{}, {}]",
        class("miskin", Some(("9", true)), None),
        class("tidak_miskin", None, Some(("9", false)))
    );
    ruleset_json(
        "count",
        &clusters,
        &format!("[{}]", questions.join(",")),
        &derived,
        &format!("[{}]", indicators.join(",")),
        classes.unwrap_or(&default_classes),
        "",
    )
}

/// Answers to the BPS-like rule set that meet exactly the indicators whose bit is set in `met`
/// (bit i = `BPS_INDICATORS[i]`). Floor: 4 members on 24 m² (6 m² each) or 40 m² (10 m² each).
pub fn bps_answers(met: u16) -> BTreeMap<String, Value> {
    let m = |i: u32| met & (1 << i) != 0;
    let t = |s: &str| Value::Text(s.to_owned());
    let num = |x: i64| Value::Num(Num::int(x));
    let mut a = BTreeMap::new();
    a.insert("luas_lantai".into(), num(if m(0) { 24 } else { 40 }));
    a.insert("jumlah_anggota".into(), num(4));
    a.insert(
        "jenis_lantai".into(),
        t(if m(1) { "tanah" } else { "keramik" }),
    );
    a.insert(
        "jenis_dinding".into(),
        t(if m(2) { "bambu" } else { "tembok" }),
    );
    a.insert("jamban".into(), t(if m(3) { "bersama" } else { "sendiri" }));
    a.insert("listrik".into(), Value::Bool(!m(4)));
    a.insert(
        "air_minum".into(),
        t(if m(5) { "sungai" } else { "ledeng" }),
    );
    a.insert("bahan_bakar".into(), t(if m(6) { "kayu" } else { "gas" }));
    a.insert("daging_per_minggu".into(), num(if m(7) { 1 } else { 3 }));
    a.insert("pakaian_per_tahun".into(), num(if m(8) { 0 } else { 2 }));
    a.insert("makan_per_hari".into(), num(if m(9) { 2 } else { 3 }));
    a.insert("mampu_berobat".into(), Value::Bool(!m(10)));
    a.insert(
        "pendapatan".into(),
        num(if m(11) { 450_000 } else { 900_000 }),
    );
    a.insert("pendidikan".into(), t(if m(12) { "sd" } else { "sma" }));
    a.insert("aset".into(), num(if m(13) { 100_000 } else { 2_000_000 }));
    a
}

/// The typed row `Engine::classify_row` takes for a set of answers.
pub fn row(
    engine: &Engine,
    answers: &BTreeMap<String, Value>,
) -> Vec<Option<timbang_engine::Input>> {
    let mut row = vec![None; engine.question_count()];
    for (id, v) in answers {
        let q = engine.question_index(id).unwrap();
        row[q] = timbang_engine::type_answer(&engine.rules().questions[q], v).unwrap();
    }
    row
}

/// A weighted rule set over yes/no questions `d0..`, deprived when answered `true`, with the given
/// weights and classes.
pub fn weighted_json(weights: &[&str], classes: &str) -> String {
    let questions: Vec<String> = (0..weights.len())
        .map(|i| {
            format!(
                r#"{{"id": "d{i}", "label": {}, "type": "yes_no"}}"#,
                label("d")
            )
        })
        .collect();
    let indicators: Vec<String> = (0..weights.len())
        .map(|i| {
            format!(
                r#"{{"id": "i{i}", "label": {}, "on": "d{i}", "condition": {{"op": "=", "value": true}}}}"#,
                label("i")
            )
        })
        .collect();
    let cluster_inds: Vec<String> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| format!(r#"{{"indicator": "i{i}", "weight": "{w}"}}"#))
        .collect();
    ruleset_json(
        "weighted",
        &format!(
            r#"[{{"id": "semua", "label": {}, "indicators": [{}]}}]"#,
            label("semua"),
            cluster_inds.join(",")
        ),
        &format!("[{}]", questions.join(",")),
        "[]",
        &format!("[{}]", indicators.join(",")),
        classes,
        "",
    )
}

/// The global MPI's weights: four at 1/6 (health, education) and six at 1/18 (living standards).
pub const MPI_WEIGHTS: [&str; 10] = [
    "1/6", "1/6", "1/6", "1/6", "1/18", "1/18", "1/18", "1/18", "1/18", "1/18",
];

/// UNDP's bands: severe >= 1/2, poor >= 1/3, vulnerable >= 1/5, not poor below. `poor_inclusive`
/// chooses whether exactly 1/3 is poor.
pub fn mpi_classes(poor_inclusive: bool) -> String {
    format!(
        "[{}, {}, {}, {}]",
        class("severe", Some(("1/2", true)), None),
        class("poor", Some(("1/3", poor_inclusive)), Some(("1/2", false))),
        class(
            "vulnerable",
            Some(("1/5", true)),
            Some(("1/3", !poor_inclusive))
        ),
        class("not_poor", None, Some(("1/5", false)))
    )
}

/// Answers to a weighted rule set: `d{i}` true when bit i of `met` is set.
pub fn weighted_answers(count: usize, met: u64) -> BTreeMap<String, Value> {
    (0..count)
        .map(|i| (format!("d{i}"), Value::Bool(met & (1 << i) != 0)))
        .collect()
}

/// A small PPI-like `points` rule set with a likelihood table.
pub fn points_json() -> String {
    let questions = format!(
        r#"[
      {{"id": "anggota", "label": {l}, "type": "number", "min": 1, "max": 30, "integer": true}},
      {{"id": "lantai", "label": {l}, "type": "choice", "options": {o}}},
      {{"id": "kulkas", "label": {l}, "type": "yes_no"}},
      {{"id": "motor", "label": {l}, "type": "yes_no", "required": false}}
    ]"#,
        l = label("q"),
        o = options(&["tanah", "lain"])
    );
    let indicators = format!(
        r#"[
      {{"id": "p_anggota", "label": {l}, "on": "anggota", "points": [
        {{"when": {{"op": ">=", "value": 6}}, "points": 0}},
        {{"when": {{"op": "=", "value": 5}}, "points": 5}},
        {{"when": {{"op": "=", "value": 4}}, "points": 11}},
        {{"when": {{"op": "=", "value": 3}}, "points": 18}},
        {{"when": {{"op": "=", "value": 2}}, "points": 24}},
        {{"when": {{"op": "=", "value": 1}}, "points": 37}}]}},
      {{"id": "p_lantai", "label": {l}, "on": "lantai", "points": [
        {{"when": {{"op": "=", "value": "lain"}}, "points": 5}}]}},
      {{"id": "p_kulkas", "label": {l}, "on": "kulkas", "points": [
        {{"when": {{"op": "=", "value": true}}, "points": 8}}]}},
      {{"id": "p_motor", "label": {l}, "on": "motor", "points": [
        {{"when": {{"op": "=", "value": true}}, "points": 9}}]}}
    ]"#,
        l = label("i")
    );
    let clusters = format!(
        r#"[{{"id": "semua", "label": {}, "indicators": [
        {{"indicator": "p_anggota"}}, {{"indicator": "p_lantai"}},
        {{"indicator": "p_kulkas"}}, {{"indicator": "p_motor"}}]}}]"#,
        label("semua")
    );
    let classes = format!(
        "[{}, {}, {}]",
        class("sangat_miskin", None, Some(("10", false))),
        class("miskin", Some(("10", true)), Some(("20", false))),
        class("tidak_miskin", Some(("20", true)), None)
    );
    let likelihood = r#", "likelihood": [{"label": {"id": "Garis nasional", "en": "National line"}, "rows": [
        {"min": 0, "max": 9, "percent": 60}, {"min": 10, "max": 19, "percent": 34.1},
        {"min": 20, "max": 100, "percent": 3.2}]}]"#;
    ruleset_json(
        "points",
        &clusters,
        &questions,
        "[]",
        &indicators,
        &classes,
        likelihood,
    )
}

/// Answers built from `(question, JSON value)` pairs.
pub fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), serde_json::from_str::<Value>(v).unwrap()))
        .collect()
}
