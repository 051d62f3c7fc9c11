//! `timbang diff`, run on the shipped rule sets and on an edited copy written to a temporary directory.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value as Json;

fn shipped(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../rulesets")
        .join(name)
}

/// Runs `timbang`: (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_timbang"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn diff_says_what_differs_in_both_languages_and_as_json() {
    let dir = std::env::temp_dir().join(format!("timbang-cli-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bantaeng = shipped("bantaeng-draft.json");
    let text = std::fs::read_to_string(&bantaeng).unwrap();
    // The lowland's own land cut-off, 2,500 m², raised to 5,000 m²; the test households that pin the
    // old cut-off go, or the copy would not load.
    let mut edited: Json = serde_json::from_str(&text).unwrap();
    let lowland = edited["clusters"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["id"] == "dataran_rendah")
        .unwrap();
    let land = lowland["indicators"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["indicator"] == "lahan_sempit")
        .unwrap();
    assert_eq!(land["condition"]["value"], 2500);
    land["condition"]["value"] = 5000.into();
    edited.as_object_mut().unwrap().remove("tests");
    let copy = dir.join("bantaeng-5000.json");
    std::fs::write(&copy, edited.to_string()).unwrap();
    let (a, b) = (bantaeng.to_str().unwrap(), copy.to_str().unwrap());

    let (code, out, err) = run(&["diff", a, b]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("- Di klaster «Dataran rendah», syarat indikator «Lahan garapan sempit» berubah dari < 2.500 m² menjadi < 5.000 m²."),
        "{out}"
    );
    let (code, out, _) = run(&["--lang", "en", "diff", a, b]);
    assert_eq!(code, 0);
    assert!(
        out.contains("- In the cluster «Lowland», the condition of the indicator «Little farmland» changes from < 2,500 m² to < 5,000 m²."),
        "{out}"
    );

    let (code, out, _) = run(&["diff", a, a]);
    assert_eq!(code, 0);
    assert!(out.contains("Tidak ada perbedaan"), "{out}");

    let (code, out, err) = run(&[
        "diff",
        "--json",
        shipped("bps-14.json").to_str().unwrap(),
        a,
    ]);
    assert_eq!(code, 0, "{err}");
    let json: Json = serde_json::from_str(&out).unwrap();
    assert_eq!(json["before"]["id"], "bps-14");
    assert_eq!(json["compared_clusters"], 3);
    assert_eq!(json["changes"][0]["kind"], "method_changed");
    assert_eq!(json["changes"][0]["after"], "weighted");

    let (code, _, err) = run(&["diff", a, "no-such-file.json"]);
    assert_eq!(code, 3, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
