//! The `timbang` binary, run on small rule sets and household files written to a temporary directory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value as Json;

/// A count rule set with two clusters: `miskin` from 2 of 4 indicators.
const COUNT: &str = r##"{
  "format": "timbang.ruleset/1", "id": "uji-hitung",
  "name": {"id": "Uji hitung", "en": "Count test"}, "version": "1", "date": "2024-01-01",
  "status": "draft", "description": {"id": "Uji", "en": "Test"}, "method": "count",
  "notice": {"id": "Hanya untuk uji.", "en": "For tests only."},
  "clusters": [
    {"id": "darat", "label": {"id": "Dataran rendah", "en": "Lowland"},
     "indicators": [{"indicator": "sempit"}, {"indicator": "lantai_tanah"}, {"indicator": "tanpa_listrik"}, {"indicator": "tanpa_sekolah"}]},
    {"id": "pantai", "label": {"id": "Pesisir", "en": "Coastal"},
     "indicators": [{"indicator": "sempit"}, {"indicator": "lantai_tanah"}, {"indicator": "tanpa_listrik"}, {"indicator": "tanpa_sekolah"}]}
  ],
  "questions": [
    {"id": "luas", "label": {"id": "Luas lantai per orang", "en": "Floor area per person"}, "type": "number", "min": 0},
    {"id": "lantai", "label": {"id": "Jenis lantai", "en": "Floor"}, "type": "choice", "options": [
      {"id": "tanah", "label": {"id": "Tanah", "en": "Earth"}},
      {"id": "keramik", "label": {"id": "Keramik", "en": "Tiles"}}]},
    {"id": "listrik", "label": {"id": "Ada listrik", "en": "Electricity"}, "type": "yes_no"},
    {"id": "sekolah", "label": {"id": "Anak bersekolah", "en": "Children in school"}, "type": "yes_no"}
  ],
  "indicators": [
    {"id": "sempit", "label": {"id": "Lantai sempit", "en": "Cramped"}, "on": "luas", "condition": {"op": "<", "value": 8}},
    {"id": "lantai_tanah", "label": {"id": "Lantai tanah", "en": "Earth floor"}, "on": "lantai", "condition": {"op": "one_of", "values": ["tanah"]}},
    {"id": "tanpa_listrik", "label": {"id": "Tanpa listrik", "en": "No electricity"}, "on": "listrik", "condition": {"op": "=", "value": false}},
    {"id": "tanpa_sekolah", "label": {"id": "Anak tidak sekolah", "en": "Child out of school"}, "on": "sekolah", "condition": {"op": "=", "value": false}}
  ],
  "classes": [
    {"id": "miskin", "label": {"id": "Miskin", "en": "Poor"}, "colour": "#aa0000", "from": {"value": 2, "inclusive": true}},
    {"id": "tidak_miskin", "label": {"id": "Tidak miskin", "en": "Not poor"}, "colour": "#00aa00", "to": {"value": 2, "inclusive": false}}
  ]
}"##;

/// A weighted rule set on the same questions, one cluster: weights 1/3, 1/3, 1/6, 1/6.
const WEIGHTED: &str = r##"{
  "format": "timbang.ruleset/1", "id": "uji-af",
  "name": {"id": "Uji AF", "en": "AF test"}, "version": "1", "date": "2024-01-01",
  "status": "draft", "description": {"id": "Uji", "en": "Test"}, "method": "weighted",
  "clusters": [
    {"id": "semua", "label": {"id": "Semua", "en": "All"},
     "indicators": [{"indicator": "tanpa_sekolah", "weight": "1/3"}, {"indicator": "sempit", "weight": "1/3"},
                    {"indicator": "lantai_tanah", "weight": "1/6"}, {"indicator": "tanpa_listrik", "weight": "1/6"}]}
  ],
  "questions": [
    {"id": "luas", "label": {"id": "Luas lantai per orang", "en": "Floor area per person"}, "type": "number", "min": 0},
    {"id": "lantai", "label": {"id": "Jenis lantai", "en": "Floor"}, "type": "choice", "options": [
      {"id": "tanah", "label": {"id": "Tanah", "en": "Earth"}},
      {"id": "keramik", "label": {"id": "Keramik", "en": "Tiles"}}]},
    {"id": "listrik", "label": {"id": "Ada listrik", "en": "Electricity"}, "type": "yes_no"},
    {"id": "sekolah", "label": {"id": "Anak bersekolah", "en": "Children in school"}, "type": "yes_no"}
  ],
  "indicators": [
    {"id": "tanpa_sekolah", "label": {"id": "Anak tidak sekolah", "en": "Child out of school"}, "on": "sekolah", "condition": {"op": "=", "value": false}},
    {"id": "sempit", "label": {"id": "Lantai sempit", "en": "Cramped"}, "on": "luas", "condition": {"op": "<", "value": 8}},
    {"id": "lantai_tanah", "label": {"id": "Lantai tanah", "en": "Earth floor"}, "on": "lantai", "condition": {"op": "one_of", "values": ["tanah"]}},
    {"id": "tanpa_listrik", "label": {"id": "Tanpa listrik", "en": "No electricity"}, "on": "listrik", "condition": {"op": "=", "value": false}}
  ],
  "classes": [
    {"id": "poor", "label": {"id": "Miskin", "en": "Poor"}, "colour": "#aa0000", "from": {"value": "1/3", "inclusive": true}},
    {"id": "vulnerable", "label": {"id": "Rentan", "en": "Vulnerable"}, "colour": "#aaaa00",
     "from": {"value": "1/6", "inclusive": true}, "to": {"value": "1/3", "inclusive": false}},
    {"id": "not_poor", "label": {"id": "Tidak miskin", "en": "Not poor"}, "colour": "#00aa00", "to": {"value": "1/6", "inclusive": false}}
  ]
}"##;

/// Seven households, `;`-separated with a BOM, CRLF, upper-case headers (one matched by its label),
/// a decimal comma, a quoted field; line 6 has an invalid answer, line 7 too few fields, line 8 an
/// unknown cluster.
///
/// | line | count (A)            | weighted (B)        | weight |
/// |------|----------------------|---------------------|--------|
/// | 2    | 3 → miskin (pantai)  | 2/3 → poor          | 4      |
/// | 3    | 1 → tidak (darat)    | 1/3 → poor (exact)  | 2      |
/// | 4    | 1 → tidak (darat)    | 1/6 → vulnerable    | 3      |
/// | 5    | 0 → tidak (pantai)   | 0 → not_poor        | 1      |
/// | 6    | invalid_answer       | invalid_answer      | 2      |
/// | 7    | field_count          | field_count         | –      |
/// | 8    | cluster_unknown      | 0 → not_poor        | 2      |
const HOUSEHOLDS: &str = "\u{feff}NO;KECAMATAN;KLASTER;LUAS;Lantai;Ada Listrik;SEKOLAH;ANGGOTA\r\n\
1;Bissappu;pesisir;7,5;Tanah;tidak;ya;4\r\n\
2;Bissappu;Dataran Rendah;12;keramik;ya;tidak;2\r\n\
3;Uluere;darat;\"8,0\";Earth;YA;ya;3\r\n\
4;Uluere;pantai;20;keramik;ya;ya;1\r\n\
5;Uluere;darat;abc;keramik;ya;ya;2\r\n\
6;Uluere;darat;10;keramik\r\n\
7;Bissappu;gunung;10;keramik;ya;ya;2\r\n";

/// The same households, `,`-separated with decimal points and no BOM.
const HOUSEHOLDS_COMMA: &str = "no,kecamatan,klaster,luas,lantai,ada listrik,sekolah,anggota\n\
1,Bissappu,pesisir,7.5,Tanah,tidak,ya,4\n\
2,Bissappu,Dataran Rendah,12,keramik,ya,tidak,2\n\
3,Uluere,darat,\"8.0\",Earth,YA,ya,3\n\
4,Uluere,pantai,20,keramik,ya,ya,1\n\
5,Uluere,darat,abc,keramik,ya,ya,2\n\
6,Uluere,darat,10,keramik\n\
7,Bissappu,gunung,10,keramik,ya,ya,2\n";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory holding the two rule sets and both household files.
struct Dir(PathBuf);

impl Dir {
    fn new() -> Dir {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("timbang-cli-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let d = Dir(dir);
        d.write("count.json", COUNT);
        d.write("weighted.json", WEIGHTED);
        d.write("households.csv", HOUSEHOLDS);
        d.write("households-comma.csv", HOUSEHOLDS_COMMA);
        d
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).unwrap();
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    /// Runs `timbang` in this directory: (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_timbang"))
            .args(args)
            .current_dir(&self.0)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    fn json(&self, args: &[&str]) -> Json {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn exists(p: &Path) -> bool {
    p.exists()
}

#[test]
fn schema_is_printed() {
    let d = Dir::new();
    let (code, out, _) = d.run(&["schema"]);
    assert_eq!(code, 0);
    let schema: Json = serde_json::from_str(&out).unwrap();
    assert!(schema["properties"]["clusters"].is_object());
}

#[test]
fn validate_reports_errors_with_their_path() {
    let d = Dir::new();
    let (code, out, _) = d.run(&["validate", "count.json", "weighted.json"]);
    assert_eq!(code, 0);
    assert!(out.contains("count.json: sah"), "{out}");
    let (code, out, _) = d.run(&["validate", "--lang", "en", "weighted.json"]);
    assert_eq!(
        (code, out.contains("weighted.json: valid")),
        (0, true),
        "{out}"
    );

    // Weights summing to 17/18, and a JSON syntax error with its line and column.
    d.write(
        "bad.json",
        &WEIGHTED.replace(
            "\"weight\": \"1/3\"}, {\"indicator\": \"sempit\"",
            "\"weight\": \"5/18\"}, {\"indicator\": \"sempit\"",
        ),
    );
    d.write(
        "broken.json",
        "{\n  \"format\": \"timbang.ruleset/1\",\n  \"id\": }\n",
    );
    let (code, _, err) = d.run(&["validate", "count.json", "bad.json", "broken.json"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("weights_not_one") && err.contains("$.clusters[0]"),
        "{err}"
    );
    assert!(
        err.contains("broken.json:3:"),
        "line of the syntax error: {err}"
    );
    assert!(err.contains("bad.json: tidak sah"), "{err}");

    let report = {
        let (code, out, _) = d.run(&["validate", "--json", "count.json", "bad.json"]);
        assert_eq!(code, 1);
        serde_json::from_str::<Json>(&out).unwrap()
    };
    assert_eq!(report[0]["valid"], true);
    assert_eq!(report[1]["valid"], false);
    assert_eq!(report[1]["diagnostics"][0]["code"], "weights_not_one");
    assert!(report[1]["messages"][0].as_str().unwrap().contains("17/18"));

    let (code, _, err) = d.run(&["validate", "missing.json"]);
    assert_eq!(code, 3, "{err}");
}

#[test]
fn assess_explains_and_says_what_would_change_the_class() {
    let d = Dir::new();
    d.write(
        "answers.json",
        r#"{"luas": 12, "lantai": "tanah", "listrik": false, "sekolah": true}"#,
    );
    let (code, out, err) = d.run(&[
        "assess",
        "--rules",
        "count.json",
        "--cluster",
        "pantai",
        "--answers",
        "answers.json",
    ]);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "Kelas: Miskin (miskin)",
        "Skor: 2",
        "[x] Lantai tanah (lantai_tanah)",
        "[ ] Lantai sempit (sempit)",
        "Jika «Ada listrik» dijawab ya (sekarang tidak), maka rumah tangga ini menjadi Tidak miskin.",
        "Jika «Jenis lantai» dijawab “Keramik” (sekarang “Tanah”)",
        "Skor perlu turun lebih dari 0 untuk menjadi Tidak miskin (skor < 2).",
        "Hanya untuk uji.",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    let (_, out, _) = d.run(&[
        "assess",
        "--lang",
        "en",
        "--rules",
        "count.json",
        "--cluster",
        "pantai",
        "--answers",
        "answers.json",
    ]);
    assert!(
        out.contains(
            "If «Electricity» is answered yes (now no), then this household becomes Not poor."
        ),
        "{out}"
    );
    let a = d.json(&[
        "assess",
        "--rules",
        "count.json",
        "--cluster",
        "pantai",
        "--answers",
        "answers.json",
        "--json",
    ]);
    assert_eq!(
        (a["class"].as_str(), a["score"].as_i64()),
        (Some("miskin"), Some(2))
    );

    // Unanswered questions: no class yet, the classes still possible.
    d.write("partial.json", r#"{"lantai": "tanah", "listrik": false}"#);
    let (code, out, _) = d.run(&[
        "assess",
        "--rules",
        "count.json",
        "--cluster",
        "darat",
        "--answers",
        "partial.json",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("belum dapat ditentukan") && out.contains("Belum dijawab:"),
        "{out}"
    );

    // Problems: an unknown cluster, no cluster for a rule set with two, answers that are not an object.
    let (code, _, err) = d.run(&[
        "assess",
        "--rules",
        "count.json",
        "--cluster",
        "gunung",
        "--answers",
        "answers.json",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("gunung") && err.contains("darat, pantai"),
        "{err}"
    );
    let (code, _, _) = d.run(&[
        "assess",
        "--rules",
        "count.json",
        "--answers",
        "answers.json",
    ]);
    assert_eq!(code, 1);
    d.write("list.json", "[1, 2]");
    let (code, _, err) = d.run(&[
        "assess",
        "--rules",
        "count.json",
        "--cluster",
        "darat",
        "--answers",
        "list.json",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("list.json:1:"), "{err}");
}

#[test]
fn classify_keeps_every_column_and_adds_class_score_and_reason() {
    let d = Dir::new();
    let (code, _, err) = d.run(&[
        "classify",
        "--rules",
        "count.json",
        "--rules",
        "weighted.json",
        "--input",
        "households.csv",
        "--output",
        "out.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("7 rumah tangga; uji-hitung: 4 dinilai, 3 tidak dapat dinilai; uji-af: 5 dinilai, 2 tidak dapat dinilai"), "{err}");
    assert!(
        err.contains("households.csv:6: uji-hitung: jawaban \"abc\" tidak sah"),
        "{err}"
    );
    assert!(
        err.contains("households.csv:7: uji-hitung: jumlah kolom"),
        "{err}"
    );
    let out = d.read("out.csv");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "NO;KECAMATAN;KLASTER;LUAS;Lantai;Ada Listrik;SEKOLAH;ANGGOTA;uji-hitung_class;uji-hitung_score;uji-hitung_reason;uji-af_class;uji-af_score;uji-af_reason"
    );
    let expected = [
        "1;Bissappu;pesisir;7,5;Tanah;tidak;ya;4;miskin;3;;poor;2/3;",
        "2;Bissappu;Dataran Rendah;12;keramik;ya;tidak;2;tidak_miskin;1;;poor;1/3;",
        "3;Uluere;darat;\"8,0\";Earth;YA;ya;3;tidak_miskin;1;;vulnerable;1/6;",
        "4;Uluere;pantai;20;keramik;ya;ya;1;tidak_miskin;0;;not_poor;0;",
        "5;Uluere;darat;abc;keramik;ya;ya;2;;;invalid_answer luas: abc;;;invalid_answer luas: abc",
        "6;Uluere;darat;10;keramik;;;field_count;;;field_count",
        "7;Bissappu;gunung;10;keramik;ya;ya;2;;;cluster_unknown KLASTER: gunung;not_poor;0;",
    ];
    assert_eq!(&lines[1..], &expected);

    // The same households with `,` and decimal points give the same classes.
    let (code, _, err) = d.run(&[
        "classify",
        "--rules",
        "count.json",
        "--rules",
        "weighted.json",
        "--input",
        "households-comma.csv",
        "--output",
        "out-comma.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let classes = |text: &str, sep: char| -> Vec<String> {
        text.lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(sep).collect();
                format!("{}|{}", f[f.len() - 6], f[f.len() - 3])
            })
            .collect()
    };
    assert_eq!(classes(&d.read("out-comma.csv"), ','), classes(&out, ';'));
}

#[test]
fn classify_refuses_what_it_cannot_read() {
    let d = Dir::new();
    // A required question with no column, named with its id and the rule set.
    d.write(
        "nolantai.csv",
        "klaster;luas;listrik;sekolah\ndarat;1;ya;ya\n",
    );
    let (code, _, err) = d.run(&[
        "classify",
        "--rules",
        "count.json",
        "--input",
        "nolantai.csv",
        "--output",
        "o.csv",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("nolantai.csv:") && err.contains("\"lantai\"") && err.contains("uji-hitung"),
        "{err}"
    );
    // The same file with a column map.
    d.write(
        "map.json",
        r#"{"format": "timbang.columns/1", "columns": {"lantai": "sekolah"}}"#,
    );
    let (code, _, err) = d.run(&[
        "classify",
        "--rules",
        "count.json",
        "--input",
        "nolantai.csv",
        "--map",
        "map.json",
        "--output",
        "o.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        d.read("o.csv").contains("invalid_answer lantai"),
        "ya is no floor"
    );
    // A map naming a question no rule set has.
    d.write("typo.json", r#"{"columns": {"lantay": "Lantai"}}"#);
    let (code, _, err) = d.run(&[
        "classify",
        "--rules",
        "count.json",
        "--input",
        "households.csv",
        "--map",
        "typo.json",
        "--output",
        "o.csv",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("lantay"), "{err}");
    // Several clusters and nothing naming them.
    d.write(
        "nocluster.csv",
        "luas;lantai;listrik;sekolah\n1;tanah;ya;ya\n",
    );
    let (code, _, err) = d.run(&[
        "--lang",
        "en",
        "classify",
        "--rules",
        "count.json",
        "--input",
        "nocluster.csv",
        "--output",
        "o.csv",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("--cluster"), "{err}");
    // … unless given on the command line.
    let (code, _, _) = d.run(&[
        "classify",
        "--rules",
        "count.json",
        "--input",
        "nocluster.csv",
        "--cluster",
        "darat",
        "--output",
        "o.csv",
    ]);
    assert_eq!(code, 0);
    assert!(
        d.read("o.csv").ends_with("1;tanah;ya;ya;miskin;2;\n"),
        "{}",
        d.read("o.csv")
    );
    // Writing over the input.
    let (code, _, _) = d.run(&[
        "classify",
        "--rules",
        "count.json",
        "--input",
        "households.csv",
        "--output",
        "households.csv",
    ]);
    assert_eq!(code, 1);
    assert_eq!(d.read("households.csv"), HOUSEHOLDS);
    // A missing input file.
    let (code, _, _) = d.run(&[
        "classify",
        "--rules",
        "count.json",
        "--input",
        "nothing.csv",
        "--output",
        "o2.csv",
    ]);
    assert_eq!(code, 3);
    assert!(!exists(&d.path("o2.csv")));
    // Wrong usage.
    let (code, _, _) = d.run(&["classify", "--input", "households.csv"]);
    assert_eq!(code, 2);
}

fn n(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn summary_counts_af_figures_and_transitions() {
    let d = Dir::new();
    let s = d.json(&[
        "summary",
        "--rules",
        "count.json",
        "--rules",
        "weighted.json",
        "--input",
        "households.csv",
        "--by",
        "kecamatan",
        "--json",
    ]);
    let a = &s["rulesets"][0];
    assert_eq!(a["ruleset"], "uji-hitung");
    let total = &a["total"];
    assert_eq!(
        (
            total["households"].as_u64(),
            total["assessed"]["households"].as_u64()
        ),
        (Some(7), Some(4))
    );
    let classes: Vec<(String, u64)> = total["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (n(&c["class"]), c["households"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        classes,
        vec![("miskin".into(), 1), ("tidak_miskin".into(), 3)]
    );
    let reasons = &a["unassessable"]["by_code"];
    assert_eq!(
        (
            reasons["invalid_answer"]["households"].as_u64(),
            reasons["field_count"]["households"].as_u64(),
            reasons["cluster_unknown"]["households"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    let lines: Vec<u64> = a["unassessable"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![6, 7, 8]);
    // Per cluster: the invalid answer stays in its cluster; the others have none.
    let clusters: Vec<(String, u64, u64)> = a["by_cluster"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                n(&b["cluster"]),
                b["households"].as_u64().unwrap(),
                b["unassessable"]["households"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        clusters,
        vec![
            ("darat".into(), 3, 1),
            ("pantai".into(), 2, 0),
            ("".into(), 2, 2)
        ]
    );
    let groups: Vec<(String, u64)> = a["by_group"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (n(&b["group"][0]), b["households"].as_u64().unwrap()))
        .collect();
    assert_eq!(groups, vec![("Bissappu".into(), 3), ("Uluere".into(), 4)]);
    assert!(
        a["total"]["af"].is_null(),
        "no AF figures for a count rule set"
    );

    // Alkire–Foster, per household: n = 5, q = 2, H = 2/5, A = (2/3 + 1/3) / 2 = 1/2, M0 = 1/5.
    let af = &s["rulesets"][1]["total"]["af"];
    let got = [
        &af["n"],
        &af["q"],
        &af["h"]["value"],
        &af["a"]["value"],
        &af["m0"]["value"],
    ]
    .map(n);
    assert_eq!(got, ["5", "2", "0.4", "0.5", "0.2"]);
    let contributions: Vec<(String, String, String)> = af["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                n(&i["indicator"]),
                n(&i["censored_headcount"]["value"]),
                n(&i["contribution"]["value"]),
            )
        })
        .collect();
    assert_eq!(
        contributions,
        vec![
            ("tanpa_sekolah".into(), "0.2".into(), "1/3".into()),
            ("sempit".into(), "0.2".into(), "1/3".into()),
            ("lantai_tanah".into(), "0.2".into(), "1/6".into()),
            ("tanpa_listrik".into(), "0.2".into(), "1/6".into()),
        ]
    );

    // Transition: rows miskin, tidak_miskin, not assessable; columns poor, vulnerable, not_poor, n/a.
    let t = &s["transitions"][0];
    assert_eq!(
        (n(&t["a"]), n(&t["b"])),
        ("uji-hitung".into(), "uji-af".into())
    );
    let cells: Vec<Vec<u64>> = t["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|c| c["households"].as_u64().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        cells,
        vec![vec![1, 0, 0, 0], vec![1, 1, 1, 0], vec![0, 0, 1, 2]]
    );

    // The readable form says the same.
    let (code, out, _) = d.run(&[
        "summary",
        "--rules",
        "count.json",
        "--rules",
        "weighted.json",
        "--input",
        "households.csv",
    ]);
    assert_eq!(code, 0);
    for expected in [
        "== uji-hitung — Uji hitung (count) ==",
        "Rumah tangga: 7 — dinilai 4, tidak dapat dinilai 3",
        "Catatan: uji-hitung: Hanya untuk uji.",
        "Alkire–Foster (k: ≥ 1/3;",
        "== Transisi uji-hitung → uji-af ==",
        "baris 6: jawaban \"abc\" tidak sah",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert!(
        out.lines()
            .any(|l| l.starts_with("Semua") && l.contains("0,4") && l.contains("0,2")),
        "{out}"
    );
}

#[test]
fn summary_per_person_and_with_another_cut_off() {
    let d = Dir::new();
    // Per person (ANGGOTA): n = 4+2+3+1+2 = 12, q = 6, H = 1/2, A = (4·2/3 + 2·1/3)/6 = 5/9, M0 = 5/18.
    let s = d.json(&[
        "summary",
        "--rules",
        "weighted.json",
        "--input",
        "households.csv",
        "--weight",
        "anggota",
        "--json",
    ]);
    let af = &s["rulesets"][0]["total"]["af"];
    let got = [
        &af["n"],
        &af["q"],
        &af["h"]["value"],
        &af["a"]["value"],
        &af["m0"]["value"],
    ]
    .map(n);
    assert_eq!(got, ["12", "6", "0.5", "5/9", "5/18"]);
    assert_eq!(n(&s["rulesets"][0]["total"]["classes"][0]["weight"]), "6");
    // The row with too few fields has no weight: not assessable, weight 0.
    assert_eq!(n(&s["rulesets"][0]["total"]["unassessable"]["weight"]), "2");

    // k above 1/3: only the household at 2/3 is poor.
    let s = d.json(&[
        "summary",
        "--rules",
        "weighted.json",
        "--input",
        "households-comma.csv",
        "--k",
        "0,5",
        "--json",
    ]);
    let af = &s["rulesets"][0]["total"]["af"];
    assert_eq!(
        [&af["q"], &af["h"]["value"], &af["m0"]["value"]].map(n),
        ["1", "0.2", "2/15"]
    );

    // A bad weight makes the row unassessable; a missing weight column stops the run.
    d.write(
        "bad-weight.csv",
        "luas;lantai;listrik;sekolah;anggota\n1;tanah;ya;ya;-1\n1;tanah;ya;ya;dua\n1;tanah;ya;ya;3\n",
    );
    let s = d.json(&[
        "summary",
        "--rules",
        "weighted.json",
        "--input",
        "bad-weight.csv",
        "--weight",
        "anggota",
        "--json",
    ]);
    let r = &s["rulesets"][0];
    assert_eq!(
        r["unassessable"]["by_code"]["invalid_weight"]["households"],
        2
    );
    assert_eq!(n(&r["total"]["assessed"]["weight"]), "3");
    let (code, _, err) = d.run(&[
        "summary",
        "--rules",
        "weighted.json",
        "--input",
        "bad-weight.csv",
        "--weight",
        "orang",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("\"orang\""), "{err}");
    let (code, _, _) = d.run(&[
        "summary",
        "--rules",
        "weighted.json",
        "--input",
        "bad-weight.csv",
        "--k",
        "sepertiga",
    ]);
    assert_eq!(code, 1);
}
