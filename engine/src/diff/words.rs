//! The changes of a [`RuleSetDiff`] as sentences in Indonesian or English. Values are written the way
//! the assessment's explanation writes them (`8 m² per orang`, “Tanah”, `1/3 ≤ skor < 0,5`).

use crate::explain::{band_text, value_text};
use crate::format;
use crate::model::{Condition, Method, PointsCase, RuleSet, Value};
use crate::text::Lang;

use super::{Change, Item, Named, RuleSetDiff, Scope, Test};

fn pick(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

fn quoted(n: &Named, lang: Lang) -> String {
    format!("«{}»", n.label.get(lang))
}

/// `A`, `A dan B`, `A, B dan C` (`and` in English).
fn join(items: &[String], lang: Lang) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), pick(lang, "dan", "and")),
    }
}

fn method_text(m: Method, lang: Lang) -> &'static str {
    match m {
        Method::Count => pick(
            lang,
            "hitungan (jumlah indikator terpenuhi)",
            "count (indicators met)",
        ),
        Method::Weighted => pick(lang, "bobot (Alkire–Foster)", "weighted (Alkire–Foster)"),
        Method::Points => pick(lang, "poin (kartu skor)", "points (scorecard)"),
    }
}

fn item_text(item: Item, lang: Lang) -> &'static str {
    match item {
        Item::Cluster => pick(lang, "Klaster", "cluster"),
        Item::Question => pick(lang, "Pertanyaan", "question"),
        Item::Indicator => pick(lang, "Indikator", "indicator"),
        Item::Class => pick(lang, "Kelas", "class"),
    }
}

/// A condition as `< 8 m² per orang`, `dijawab “Tanah” atau “Bambu”`, `antara 1 dan 2`.
pub fn condition_text(rules: &RuleSet, on: &str, c: &Condition, lang: Lang) -> String {
    let v = |value: &Value| value_text(rules, on, value, lang);
    let n = |n: &crate::num::Num| value_text(rules, on, &Value::Num(*n), lang);
    match c {
        Condition::Lt { value } => format!("< {}", n(value)),
        Condition::Le { value } => format!("≤ {}", n(value)),
        Condition::Gt { value } => format!("> {}", n(value)),
        Condition::Ge { value } => format!("≥ {}", n(value)),
        Condition::Eq {
            value: value @ Value::Num(_),
        } => format!("= {}", v(value)),
        Condition::Ne {
            value: value @ Value::Num(_),
        } => format!("≠ {}", v(value)),
        Condition::Eq { value } => format!("{} {}", pick(lang, "dijawab", "answered"), v(value)),
        Condition::Ne { value } => {
            format!(
                "{} {}",
                pick(lang, "tidak dijawab", "not answered"),
                v(value)
            )
        }
        Condition::Between { min, max } => format!(
            "{} {} {} {}",
            pick(lang, "antara", "between"),
            n(min),
            pick(lang, "dan", "and"),
            n(max)
        ),
        Condition::OneOf { values } => {
            let shown: Vec<String> = values.iter().map(|o| v(&Value::Text(o.clone()))).collect();
            let last = pick(lang, "atau", "or");
            let list = match shown.as_slice() {
                [rest @ .., end] if !rest.is_empty() => format!("{} {last} {end}", rest.join(", ")),
                _ => shown.join(""),
            };
            format!("{} {list}", pick(lang, "dijawab", "answered"))
        }
    }
}

/// A test, naming the value it looks at only when the other side looks at another one.
fn test_text(rules: &RuleSet, t: &Test, name_subject: bool, lang: Lang) -> String {
    let cond = match &t.condition {
        Some(c) => condition_text(rules, &t.on, c, lang),
        None => pick(lang, "tanpa syarat", "no condition").to_owned(),
    };
    if name_subject {
        let label = crate::explain::question_label(rules, &t.on, lang);
        format!("«{label}» {cond}")
    } else {
        cond
    }
}

fn points_text(rules: &RuleSet, on: &str, cases: &[PointsCase], lang: Lang) -> String {
    let cases: Vec<String> = cases
        .iter()
        .map(|c| {
            format!(
                "{}: {}",
                condition_text(rules, on, &c.when, lang),
                format::num(c.points, lang)
            )
        })
        .collect();
    format!("({})", cases.join("; "))
}

impl RuleSetDiff {
    /// Every change as a sentence, in reading order; one sentence saying nothing differs when nothing
    /// does. A label changed only in the other language is not said.
    ///
    /// `before` and `after` are the two rule sets given to [`super::diff`]: they word the values
    /// (units, money, option labels) of conditions and points.
    pub fn sentences(&self, before: &RuleSet, after: &RuleSet, lang: Lang) -> Vec<String> {
        let mut out: Vec<String> = self
            .changes
            .iter()
            .filter_map(|c| self.sentence(c, before, after, lang))
            .collect();
        if out.is_empty() {
            out.push(
                pick(
                    lang,
                    "Tidak ada perbedaan dalam cara kedua aturan menilai rumah tangga.",
                    "The two rule sets weigh households the same way.",
                )
                .to_owned(),
            );
        }
        out
    }

    /// A change in one pair of clusters: with its scope in front when several pairs were compared.
    fn scoped(&self, scope: &Scope, body: String, lang: Lang) -> String {
        if self.compared_clusters <= 1 {
            return crate::case::capitalised(&body);
        }
        if scope.every {
            return format!(
                "{} {body}",
                pick(lang, "Di semua klaster,", "In every cluster,")
            );
        }
        let names: Vec<String> = scope.clusters.iter().map(|c| quoted(c, lang)).collect();
        let names = join(&names, lang);
        match (lang, scope.clusters.len()) {
            (Lang::Id, _) => format!("Di klaster {names}, {body}"),
            (Lang::En, 1) => format!("In the cluster {names}, {body}"),
            (Lang::En, _) => format!("In the clusters {names}, {body}"),
        }
    }

    fn sentence(
        &self,
        change: &Change,
        before: &RuleSet,
        after: &RuleSet,
        lang: Lang,
    ) -> Option<String> {
        let s = match change {
            Change::MethodChanged {
                before: b,
                after: a,
            } => match lang {
                Lang::Id => format!(
                    "Cara menghitung berubah dari {} menjadi {}.",
                    method_text(*b, lang),
                    method_text(*a, lang)
                ),
                Lang::En => format!(
                    "The method changes from {} to {}.",
                    method_text(*b, lang),
                    method_text(*a, lang)
                ),
            },
            Change::ClusterAdded { cluster } => {
                format!(
                    "{} {}.",
                    pick(lang, "Klaster baru:", "New cluster:"),
                    quoted(cluster, lang)
                )
            }
            Change::ClusterRemoved { cluster } => match lang {
                Lang::Id => format!("Klaster {} tidak ada lagi.", quoted(cluster, lang)),
                Lang::En => format!("The cluster {} is gone.", quoted(cluster, lang)),
            },
            Change::ClustersPaired { single, with } => {
                let names: Vec<String> = with.iter().map(|c| quoted(c, lang)).collect();
                let s = quoted(single, lang);
                match (lang, names.len()) {
                    (Lang::Id, 1) => format!(
                        "Klaster {s} dibandingkan dengan klaster {}.",
                        join(&names, lang)
                    ),
                    (Lang::Id, _) => format!(
                        "Klaster {s} dibandingkan dengan setiap klaster: {}.",
                        join(&names, lang)
                    ),
                    (Lang::En, 1) => format!(
                        "The cluster {s} is compared with the cluster {}.",
                        join(&names, lang)
                    ),
                    (Lang::En, _) => format!(
                        "The cluster {s} is compared with each cluster: {}.",
                        join(&names, lang)
                    ),
                }
            }
            Change::QuestionAdded { question } => format!(
                "{} {}.",
                pick(lang, "Pertanyaan baru:", "New question:"),
                quoted(question, lang)
            ),
            Change::QuestionRemoved { question } => match lang {
                Lang::Id => format!(
                    "Pertanyaan {} tidak ditanyakan lagi.",
                    quoted(question, lang)
                ),
                Lang::En => format!(
                    "The question {} is no longer asked.",
                    quoted(question, lang)
                ),
            },
            Change::IndicatorAdded {
                scope,
                indicator,
                weight,
            } => {
                let i = quoted(indicator, lang);
                let w = weight.map(|w| format::num(w, lang));
                let body = match (lang, w) {
                    (Lang::Id, Some(w)) => format!("indikator {i} ditambahkan dengan bobot {w}."),
                    (Lang::Id, None) => format!("indikator {i} ditambahkan."),
                    (Lang::En, Some(w)) => format!("the indicator {i} is added with weight {w}."),
                    (Lang::En, None) => format!("the indicator {i} is added."),
                };
                self.scoped(scope, body, lang)
            }
            Change::IndicatorRemoved { scope, indicator } => {
                let i = quoted(indicator, lang);
                let body = match lang {
                    Lang::Id => format!("indikator {i} dihapus."),
                    Lang::En => format!("the indicator {i} is removed."),
                };
                self.scoped(scope, body, lang)
            }
            Change::ConditionChanged {
                scope,
                indicator,
                before: tb,
                after: ta,
            } => {
                let i = quoted(indicator, lang);
                let moved = tb.on != ta.on;
                let (b, a) = (
                    test_text(before, tb, moved, lang),
                    test_text(after, ta, moved, lang),
                );
                let body = match lang {
                    Lang::Id => format!("syarat indikator {i} berubah dari {b} menjadi {a}."),
                    Lang::En => {
                        format!("the condition of the indicator {i} changes from {b} to {a}.")
                    }
                };
                self.scoped(scope, body, lang)
            }
            Change::WeightChanged {
                scope,
                indicator,
                before: wb,
                after: wa,
            } => {
                let i = quoted(indicator, lang);
                let (b, a) = (format::num(*wb, lang), format::num(*wa, lang));
                let body = match lang {
                    Lang::Id => format!("bobot indikator {i} berubah dari {b} menjadi {a}."),
                    Lang::En => format!("the weight of the indicator {i} changes from {b} to {a}."),
                };
                self.scoped(scope, body, lang)
            }
            Change::PointsChanged {
                scope,
                indicator,
                before: pb,
                after: pa,
            } => {
                let i = quoted(indicator, lang);
                let on = |rules: &RuleSet| {
                    rules
                        .indicators
                        .iter()
                        .find(|x| x.id == indicator.id)
                        .map(|x| x.on.clone())
                        .unwrap_or_default()
                };
                let b = points_text(before, &on(before), pb, lang);
                let a = points_text(after, &on(after), pa, lang);
                let body = match lang {
                    Lang::Id => format!("poin indikator {i} berubah dari {b} menjadi {a}."),
                    Lang::En => format!("the points of the indicator {i} change from {b} to {a}."),
                };
                self.scoped(scope, body, lang)
            }
            Change::ClassAdded { class, band } => format!(
                "{} {} ({}).",
                pick(lang, "Kelas baru:", "New class:"),
                quoted(class, lang),
                band_text(band.from, band.to, lang)
            ),
            Change::ClassRemoved { class } => match lang {
                Lang::Id => format!("Kelas {} tidak ada lagi.", quoted(class, lang)),
                Lang::En => format!("The class {} is gone.", quoted(class, lang)),
            },
            Change::BandChanged {
                class,
                before: bb,
                after: ba,
            } => {
                let c = quoted(class, lang);
                let (b, a) = (
                    band_text(bb.from, bb.to, lang),
                    band_text(ba.from, ba.to, lang),
                );
                match lang {
                    Lang::Id => format!("Batas kelas {c} berubah dari {b} menjadi {a}."),
                    Lang::En => format!("The cut-offs of the class {c} change from {b} to {a}."),
                }
            }
            Change::LabelChanged {
                item,
                before: lb,
                after: la,
                ..
            } => {
                let (b, a) = (lb.get(lang), la.get(lang));
                if b == a {
                    return None;
                }
                match lang {
                    Lang::Id => format!("{} «{b}» sekarang bernama «{a}».", item_text(*item, lang)),
                    Lang::En => {
                        format!("The {} «{b}» is now called «{a}».", item_text(*item, lang))
                    }
                }
            }
        };
        Some(s)
    }
}
