//! `timbang assess`: one household's class, how it was reached, and what would change it, as text
//! or JSON.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use timbang_engine::assess::Assessment;
use timbang_engine::explain::{
    band_text, class_label, question_label, value_text, what_if_sentences,
};
use timbang_engine::format::{num, percent};
use timbang_engine::{Lang, Method, RuleSet, Value};

use crate::msg::{located, pick, read_text, Fail};
use crate::rules::{load_file, notice};

pub fn run(
    rules_path: &Path,
    cluster: Option<&str>,
    answers_path: &Path,
    json: bool,
    lang: Lang,
) -> Result<(), Fail> {
    let loaded = load_file(rules_path, lang)?;
    let engine = &loaded.engine;
    let text = read_text(answers_path, lang)?;
    let answers: BTreeMap<String, Value> = serde_json::from_str(&text).map_err(|e| {
        Fail::invalid(vec![located(
            answers_path,
            Some(e.line() as u64),
            Some(e.column() as u64),
            &format!(
                "{}: {e}",
                pick(
                    lang,
                    "jawaban harus berupa objek JSON {\"id_pertanyaan\": jawaban, …}",
                    "answers must be a JSON object {\"question_id\": answer, …}"
                )
            ),
        )])
    })?;
    let rules = engine.rules();
    let cluster = match cluster {
        Some(c) => c.to_owned(),
        None => match rules.clusters.as_slice() {
            [only] => only.id.clone(),
            _ => {
                let ids: Vec<&str> = engine.cluster_ids().collect();
                return Err(Fail::invalid(vec![format!(
                    "{}: {}",
                    pick(
                        lang,
                        "sebutkan klaster dengan --cluster; klaster",
                        "give the cluster with --cluster; clusters"
                    ),
                    ids.join(", ")
                )]));
            }
        },
    };
    let assessment = engine
        .assess(&cluster, &answers)
        .map_err(|e| Fail::invalid(vec![e.message(lang)]))?;
    let out = if json {
        serde_json::to_string_pretty(&assessment).unwrap_or_default() + "\n"
    } else {
        explain(&assessment, rules, notice(&loaded, lang), lang)
    };
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(|e| Fail::io(Path::new("-"), e, lang))
}

/// The assessment as readable text.
pub fn explain(a: &Assessment, rules: &RuleSet, notice: Option<String>, lang: Lang) -> String {
    let mut s = String::new();
    let mut line = |text: String| {
        s.push_str(&text);
        s.push('\n');
    };
    line(format!(
        "{}: {} ({}, {})",
        pick(lang, "Aturan", "Rule set"),
        rules.name.get(lang),
        a.rule_set,
        a.method
    ));
    if let Some(n) = notice {
        line(format!("{}: {n}", pick(lang, "Catatan", "Notice")));
    }
    let cluster = rules
        .clusters
        .iter()
        .find(|c| c.id == a.cluster)
        .map_or(a.cluster.as_str(), |c| c.label.get(lang));
    line(format!(
        "{}: {cluster} ({})",
        pick(lang, "Klaster", "Cluster"),
        a.cluster
    ));
    match &a.class {
        Some(id) => line(format!(
            "{}: {} ({id})",
            pick(lang, "Kelas", "Class"),
            class_label(rules, id, lang)
        )),
        None => line(format!(
            "{}: {}",
            pick(lang, "Kelas", "Class"),
            pick(lang, "belum dapat ditentukan", "not yet determined")
        )),
    }
    let direction = match a.method {
        Method::Points => pick(
            lang,
            "makin tinggi makin tidak miskin",
            "higher is less poor",
        ),
        _ => pick(lang, "makin tinggi makin miskin", "higher is poorer"),
    };
    match a.score {
        Some(score) => line(format!(
            "{}: {} ({direction})",
            pick(lang, "Skor", "Score"),
            num(score, lang)
        )),
        None => line(format!(
            "{}: {} {} – {} ({direction})",
            pick(lang, "Skor", "Score"),
            pick(lang, "antara", "between"),
            num(a.score_range.lo, lang),
            num(a.score_range.hi, lang)
        )),
    }

    line(String::new());
    line(pick(lang, "Batas kelas:", "Class bands:").to_owned());
    for b in &a.bands {
        let marker = if b.current { "→" } else { " " };
        let note = if !b.reachable {
            pick(
                lang,
                " (tidak terjangkau di klaster ini)",
                " (not reachable in this cluster)",
            )
        } else {
            ""
        };
        line(format!(
            "  {marker} {} ({}): {}{note}",
            b.label.get(lang),
            b.class,
            band_text(b.from, b.to, lang)
        ));
    }

    line(String::new());
    line(pick(lang, "Indikator:", "Indicators:").to_owned());
    for i in &a.indicators {
        let mark = match i.met {
            Some(true) => "[x]",
            Some(false) => "[ ]",
            None => "[?]",
        };
        let value = match &i.value {
            Some(v) => value_text(rules, &i.on, v, lang),
            None => pick(lang, "belum dijawab", "unanswered").to_owned(),
        };
        let mut parts = vec![format!("{}: {value}", pick(lang, "nilai", "value"))];
        if let Some(w) = i.weight {
            parts.push(format!(
                "{} {}",
                pick(lang, "bobot", "weight"),
                num(w, lang)
            ));
        }
        if let Some(p) = i.points {
            parts.push(format!("{} {}", pick(lang, "poin", "points"), num(p, lang)));
        }
        if let Some(share) = i.share.filter(|s| !s.is_zero()) {
            parts.push(format!(
                "{} {}",
                percent(share, lang),
                pick(lang, "dari skor", "of the score")
            ));
        }
        line(format!(
            "  {mark} {} ({}) — {}",
            i.label.get(lang),
            i.id,
            parts.join(", ")
        ));
    }
    for d in &a.derived {
        let value = match (d.value, d.error) {
            (Some(v), _) => num(v, lang),
            (None, Some(e)) => e.to_owned(),
            (None, None) => "–".to_owned(),
        };
        line(format!("  = {} ({}): {value}", d.label.get(lang), d.id));
    }

    if !a.unanswered.is_empty() {
        line(String::new());
        let list: Vec<String> = a
            .unanswered
            .iter()
            .map(|u| {
                let mut t = format!(
                    "{} ({})",
                    question_label(rules, &u.question, lang),
                    u.question
                );
                if u.required {
                    t.push_str(pick(lang, " [wajib]", " [required]"));
                }
                if u.invalid {
                    t.push_str(pick(lang, " [tidak sah]", " [invalid]"));
                }
                t
            })
            .collect();
        line(format!(
            "{} {}",
            pick(lang, "Belum dijawab:", "Unanswered:"),
            list.join("; ")
        ));
        let possible: Vec<String> = a
            .possible_classes
            .iter()
            .map(|c| format!("{} ({c})", class_label(rules, c, lang)))
            .collect();
        line(format!(
            "{} {}",
            pick(lang, "Kelas yang masih mungkin:", "Classes still possible:"),
            possible.join(", ")
        ));
    }

    if !a.likelihood.is_empty() {
        line(String::new());
        line(
            pick(
                lang,
                "Peluang di bawah garis kemiskinan:",
                "Likelihood of being below the poverty line:",
            )
            .to_owned(),
        );
        for l in &a.likelihood {
            let value = l
                .row
                .as_ref()
                .map_or_else(|| "–".to_owned(), |r| format!("{} %", num(r.percent, lang)));
            line(format!("  {}: {value}", l.label.get(lang)));
        }
    }

    if !a.problems.is_empty() {
        line(String::new());
        line(pick(lang, "Masalah pada jawaban:", "Problems with the answers:").to_owned());
        for p in &a.problems {
            line(format!("  - {}", p.message.get(lang)));
        }
    }

    if let Some(w) = &a.what_if {
        line(String::new());
        line(
            pick(
                lang,
                "Apa yang mengubah kelas:",
                "What would change the class:",
            )
            .to_owned(),
        );
        if w.changes.is_empty() {
            line(
                pick(
                    lang,
                    "  Tidak ada satu jawaban pun yang, bila diubah sendiri, mengubah kelas.",
                    "  No single answer, changed alone, changes the class.",
                )
                .to_owned(),
            );
        }
        for sentence in what_if_sentences(rules, w, lang) {
            line(format!("  - {sentence}"));
        }
    }
    s
}
