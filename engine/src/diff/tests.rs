use super::*;
use crate::model::{Bound, Condition};
use crate::text::Lang;

const BANTAENG: &str = include_str!("../../../rulesets/bantaeng-draft.json");
const BPS: &str = include_str!("../../../rulesets/bps-14.json");
const PPI: &str = include_str!("../../../rulesets/ppi-indonesia-2012.json");

fn rules(text: &str) -> RuleSet {
    serde_json::from_str(text).expect("a shipped rule set parses")
}

fn n(s: &str) -> Num {
    Num::parse(s).expect("a number")
}

fn cluster_indicator<'r>(
    r: &'r mut RuleSet,
    cluster: &str,
    indicator: &str,
) -> &'r mut crate::model::ClusterIndicator {
    r.clusters
        .iter_mut()
        .find(|c| c.id == cluster)
        .and_then(|c| c.indicators.iter_mut().find(|i| i.indicator == indicator))
        .expect("the cluster has the indicator")
}

type Edit = fn(&mut RuleSet);

/// One edit of the Bantaeng draft, and the sentences it must give in Indonesian and English.
const CASES: &[(&str, Edit, &[&str], &[&str])] = &[
    (
        "a weight in one cluster",
        |r| cluster_indicator(r, "pegunungan", "lahan_sempit").weight = Some(n("1/6")),
        &["Di klaster «Pegunungan (dataran tinggi)», bobot indikator «Lahan garapan sempit» berubah dari 1/9 menjadi 1/6."],
        &["In the cluster «Highland», the weight of the indicator «Little farmland» changes from 1/9 to 1/6."],
    ),
    (
        "a cluster's own threshold",
        |r| {
            cluster_indicator(r, "dataran_rendah", "lahan_sempit").condition =
                Some(Condition::Lt { value: n("5000") })
        },
        &["Di klaster «Dataran rendah», syarat indikator «Lahan garapan sempit» berubah dari < 2.500 m² menjadi < 5.000 m²."],
        &["In the cluster «Lowland», the condition of the indicator «Little farmland» changes from < 2,500 m² to < 5,000 m²."],
    ),
    (
        "an indicator's own threshold, in every cluster that uses it",
        |r| {
            if let Some(i) = r.indicators.iter_mut().find(|i| i.id == "luas_lantai_sempit") {
                i.condition = Some(Condition::Le { value: n("10") });
            }
        },
        &["Di semua klaster, syarat indikator «Luas lantai kurang dari 8 m² per orang» berubah dari < 8 m² per orang menjadi ≤ 10 m² per orang."],
        &["In every cluster, the condition of the indicator «Floor area under 8 m² per person» changes from < 8 m² per person to ≤ 10 m² per person."],
    ),
    (
        "an indicator removed from two clusters",
        |r| {
            for c in r.clusters.iter_mut().filter(|c| c.id != "pesisir") {
                c.indicators.retain(|i| i.indicator != "lahan_sempit");
            }
        },
        &["Di klaster «Dataran rendah» dan «Pegunungan (dataran tinggi)», indikator «Lahan garapan sempit» dihapus."],
        &["In the clusters «Lowland» and «Highland», the indicator «Little farmland» is removed."],
    ),
    (
        "an indicator added with its weight",
        |r| {
            if let Some(c) = r.clusters.iter_mut().find(|c| c.id == "pesisir") {
                c.indicators.push(crate::model::ClusterIndicator {
                    indicator: "jalan_putus".into(),
                    weight: Some(n("1/9")),
                    condition: None,
                    points: None,
                });
            }
        },
        &["Di klaster «Pesisir», indikator «Jalan terputus pada musim hujan» ditambahkan dengan bobot 1/9."],
        &["In the cluster «Coastal», the indicator «Road cut off in the rainy season» is added with weight 1/9."],
    ),
    (
        "a choice condition",
        |r| {
            if let Some(i) = r.indicators.iter_mut().find(|i| i.id == "lantai_tidak_layak") {
                i.condition = Some(Condition::OneOf {
                    values: vec!["bambu".into(), "tanah".into()],
                });
            }
        },
        &["Di semua klaster, syarat indikator «Lantai tanah, bambu atau kayu murahan» berubah dari dijawab “Kayu/papan kualitas rendah”, “Bambu” atau “Tanah” menjadi dijawab “Bambu” atau “Tanah”."],
        &["In every cluster, the condition of the indicator «Earth, bamboo or cheap wood floor» changes from answered “Low-quality wood/boards”, “Bamboo” or “Earth” to answered “Bamboo” or “Earth”."],
    ),
    (
        "a class cut-off",
        |r| {
            if let Some(c) = r.classes.iter_mut().find(|c| c.id == "miskin") {
                c.from = Some(Bound { value: n("0.3"), inclusive: true });
            }
        },
        &["Batas kelas «Miskin» berubah dari 1/3 ≤ skor < 0,5 menjadi 0,3 ≤ skor < 0,5."],
        &["The cut-offs of the class «Poor» change from 1/3 ≤ score < 0.5 to 0.3 ≤ score < 0.5."],
    ),
    (
        "a class label, in one language only",
        |r| {
            if let Some(c) = r.classes.iter_mut().find(|c| c.id == "rentan") {
                c.label.en = "At risk".into();
            }
        },
        &["Tidak ada perbedaan dalam cara kedua aturan menilai rumah tangga."],
        &["The class «Vulnerable» is now called «At risk»."],
    ),
    (
        "a question removed",
        |r| {
            r.questions.retain(|q| q.id != "waktu_ke_faskes");
        },
        &["Pertanyaan «Berapa menit waktu tempuh dari rumah ke fasilitas kesehatan terdekat?» tidak ditanyakan lagi."],
        &["The question «How many minutes does it take to get from home to the nearest health facility?» is no longer asked."],
    ),
];

#[test]
fn each_edit_of_the_bantaeng_draft_is_said_in_both_languages() {
    let before = rules(BANTAENG);
    for (name, edit, id, en) in CASES {
        let mut after = before.clone();
        edit(&mut after);
        let d = diff(&before, &after);
        assert_eq!(d.sentences(&before, &after, Lang::Id), *id, "{name} (id)");
        assert_eq!(d.sentences(&before, &after, Lang::En), *en, "{name} (en)");
    }
}

#[test]
fn a_rule_set_does_not_differ_from_itself() {
    for text in [BANTAENG, BPS, PPI] {
        let r = rules(text);
        let d = diff(&r, &r);
        assert!(d.is_empty(), "{}: {:?}", r.id, d.changes);
        assert_eq!(d.compared_clusters, r.clusters.len());
    }
}

#[test]
fn bps_against_bantaeng_pairs_the_single_cluster_with_each_area() {
    let (bps, bantaeng) = (rules(BPS), rules(BANTAENG));
    let d = diff(&bps, &bantaeng);
    assert_eq!(d.compared_clusters, 3);
    let kinds: Vec<&str> = d
        .changes
        .iter()
        .map(|c| match c {
            Change::MethodChanged { .. } => "method",
            Change::ClustersPaired { .. } => "paired",
            Change::QuestionAdded { .. } => "question+",
            Change::QuestionRemoved { .. } => "question-",
            Change::IndicatorAdded { .. } => "indicator+",
            Change::IndicatorRemoved { .. } => "indicator-",
            Change::ClassAdded { .. } => "class+",
            Change::BandChanged { .. } => "band",
            Change::LabelChanged { .. } => "label",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds[0], "method");
    assert_eq!(kinds[1], "paired");
    let count = |k: &str| kinds.iter().filter(|x| **x == k).count();
    assert_eq!(count("question+"), 7);
    assert_eq!(count("question-"), 7);
    assert_eq!(count("class+"), 3, "sangat miskin, hampir miskin, rentan");
    assert_eq!(count("other"), 0, "{:?}", d.changes);
    // Weights are not compared across methods: BPS counts.
    assert!(!d
        .changes
        .iter()
        .any(|c| matches!(c, Change::WeightChanged { .. })));

    let id = d.sentences(&bps, &bantaeng, Lang::Id);
    assert_eq!(
        id[1],
        "Klaster «Semua wilayah» dibandingkan dengan setiap klaster: «Pesisir», «Dataran rendah» dan «Pegunungan (dataran tinggi)»."
    );
    assert!(
        id.contains(
            &"Di semua klaster, indikator «Tidak ada listrik sebagai sumber penerangan» dihapus."
                .to_owned()
        ) || id
            .iter()
            .any(|s| s.starts_with("Di semua klaster, indikator «") && s.ends_with("dihapus.")),
        "{id:#?}"
    );
    assert!(
        id.contains(&"Di klaster «Pesisir», indikator «Nelayan tanpa perahu sendiri atau tanpa mesin» ditambahkan dengan bobot 1/6.".to_owned()),
        "{id:#?}"
    );
}

#[test]
fn a_scorecard_against_itself_with_other_points() {
    let before = rules(PPI);
    let mut after = before.clone();
    let first = after
        .indicators
        .first()
        .map(|i| i.id.clone())
        .unwrap_or_default();
    if let Some(points) = after
        .indicators
        .first_mut()
        .and_then(|i| i.points.as_mut())
        .and_then(|p| p.first_mut())
    {
        points.points = n("99");
    }
    let d = diff(&before, &after);
    assert_eq!(d.changes.len(), 1, "{:?}", d.changes);
    let Change::PointsChanged { indicator, .. } = &d.changes[0] else {
        panic!("{:?}", d.changes);
    };
    assert_eq!(indicator.id, first);
    let en = d.sentences(&before, &after, Lang::En);
    assert!(en[0].starts_with("The points of the indicator «"), "{en:?}");
    assert!(en[0].contains(": 99"), "{en:?}");
}

#[test]
fn the_structure_is_tagged_json() {
    let before = rules(BANTAENG);
    let mut after = before.clone();
    cluster_indicator(&mut after, "pegunungan", "lahan_sempit").weight = Some(n("1/6"));
    let json = serde_json::to_value(diff(&before, &after)).expect("serialises");
    let change = &json["changes"][0];
    assert_eq!(change["kind"], "weight_changed");
    assert_eq!(change["indicator"]["id"], "lahan_sempit");
    assert_eq!(change["before"], "1/9");
    assert_eq!(change["scope"]["every"], false);
    assert_eq!(change["scope"]["clusters"][0]["id"], "pegunungan");
}

#[test]
fn conditions_in_words() {
    let r = rules(BANTAENG);
    let cases = [
        (
            "luas_lahan",
            Condition::Between {
                min: n("500"),
                max: n("2500"),
            },
            Lang::Id,
            "antara 500 m² dan 2.500 m²",
        ),
        (
            "luas_lahan",
            Condition::Ge { value: n("0.5") },
            Lang::En,
            "≥ 0.5 m²",
        ),
        (
            "rumah_atas_air_rob",
            Condition::Ne {
                value: crate::model::Value::Bool(true),
            },
            Lang::Id,
            "tidak dijawab ya",
        ),
        (
            "jumlah_anggota",
            Condition::Eq {
                value: crate::model::Value::Num(n("1")),
            },
            Lang::En,
            "= 1 persons",
        ),
        (
            "jenis_lantai",
            Condition::OneOf {
                values: vec!["tanah".into()],
            },
            Lang::En,
            "answered “Earth”",
        ),
    ];
    for (on, c, lang, want) in cases {
        assert_eq!(
            words::condition_text(&r, on, &c, lang),
            want,
            "{on} {lang:?}"
        );
    }
}
