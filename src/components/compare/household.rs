//! One household under several rule sets: which variants are chosen, which answers each one sees, and
//! where an answer given in the compare view is stored. No figure is computed here; the engine assesses.
//!
//! Answers are shared **by question id**: a question with the same id in two rule sets is taken to be
//! the same question. The session keeps answers per rule set and cluster, so the household is read from
//! each variant's open cluster (the one its form shows), the first variant first.

use std::rc::Rc;

use timbang_engine::model::Question;
use timbang_engine::Value;

use crate::state::library::{Entry, Library};
use crate::state::session::{Answers, Session, SessionAction};

/// The storage key of the chosen variants (content hashes, the first variant first).
pub const COMPARE_KEY: &str = "timbang.compare";

/// The cluster a rule set is open on: the one picked for it, else its first.
pub fn open_cluster(session: &Session, entry: &Entry) -> String {
    let rules = entry.rules();
    session
        .cluster(&rules.id)
        .filter(|c| rules.clusters.iter().any(|k| k.id == *c))
        .or_else(|| rules.clusters.first().map(|c| c.id.as_str()))
        .unwrap_or_default()
        .to_owned()
}

fn asks(entry: &Entry, question: &str) -> bool {
    entry.rules().questions.iter().any(|q| q.id == question)
}

/// The variants: the stored choice where those rule sets still exist (it may be empty: the person
/// cleared it), else (nothing stored, or none of it left) the active rule set and the next in the library.
pub fn chosen(library: &Library, stored: Option<&[String]>, active: &str) -> Vec<Rc<Entry>> {
    if let Some(stored) = stored {
        let mut out: Vec<Rc<Entry>> = Vec::new();
        for hash in stored {
            if let Some(e) = library.get(hash) {
                if !out.iter().any(|o| o.hash == e.hash) {
                    out.push(e.clone());
                }
            }
        }
        // An empty choice is the person's own; a choice whose rule sets are all gone is not.
        if !out.is_empty() || stored.is_empty() {
            return out;
        }
    }
    let mut out: Vec<Rc<Entry>> = library.get(active).cloned().into_iter().collect();
    out.extend(library.entries.iter().find(|e| e.hash != active).cloned());
    out
}

/// The household's answers by question id: for each question, the answer of the first variant that asks
/// it and has one (in that variant's open cluster).
pub fn household(session: &Session, variants: &[Rc<Entry>]) -> Answers {
    let mut out = Answers::new();
    for v in variants {
        let id = &v.rules().id;
        for (question, value) in session.answers(id, &open_cluster(session, v)) {
            if asks(v, &question) && !out.contains_key(&question) {
                out.insert(question, value);
            }
        }
    }
    out
}

/// The answers one variant sees: those to the questions it asks (an answer to a question it does not
/// have would only be reported back as a problem).
pub fn answers_for(entry: &Entry, household: &Answers) -> Answers {
    household
        .iter()
        .filter(|(q, _)| asks(entry, q))
        .map(|(q, v)| (q.clone(), v.clone()))
        .collect()
}

/// A question of at least one variant, and which variants ask it.
#[derive(Debug, Clone, PartialEq)]
pub struct AskedQuestion {
    /// The question as the first variant that asks it words it.
    pub question: Question,
    /// The indices of the variants that ask it.
    pub asked_by: Vec<usize>,
}

impl AskedQuestion {
    /// Whether only some variants ask it (flagged in the view).
    pub fn partial(&self, variants: usize) -> bool {
        self.asked_by.len() < variants
    }
}

/// Every question of every variant, once by id, in the order first met.
pub fn questions(variants: &[Rc<Entry>]) -> Vec<AskedQuestion> {
    let mut out: Vec<AskedQuestion> = Vec::new();
    for (i, v) in variants.iter().enumerate() {
        for q in &v.rules().questions {
            match out.iter_mut().find(|a| a.question.id == q.id) {
                Some(a) => a.asked_by.push(i),
                None => out.push(AskedQuestion {
                    question: q.clone(),
                    asked_by: vec![i],
                }),
            }
        }
    }
    out
}

/// An answer given in the compare view, stored for every variant that asks the question (in its open
/// cluster), so every variant sees the same answer and each rule set's own form shows it too.
pub fn answer_actions(
    session: &Session,
    variants: &[Rc<Entry>],
    question: &str,
    value: Option<Value>,
) -> Vec<SessionAction> {
    variants
        .iter()
        .filter(|v| asks(v, question))
        .map(|v| SessionAction::Answer {
            rule_set: v.rules().id.clone(),
            cluster: open_cluster(session, v),
            question: question.to_owned(),
            value: value.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew::Reducible;

    fn library() -> Library {
        Library::new(&[]).0
    }

    fn by_id(library: &Library, id: &str) -> Rc<Entry> {
        library
            .entries
            .iter()
            .find(|e| e.rules().id == id)
            .cloned()
            .expect("a shipped rule set")
    }

    #[test]
    fn the_default_choice_is_the_active_rule_set_and_the_next() {
        let lib = library();
        let bps = by_id(&lib, "bps-14");
        let chosen = chosen(&lib, None, &bps.hash);
        assert_eq!(chosen.len(), 2);
        assert_eq!(chosen[0].hash, bps.hash);
        let stored = vec!["gone".to_owned(), bps.hash.clone(), bps.hash.clone()];
        let again = super::chosen(&lib, Some(&stored), "other");
        assert_eq!(again.len(), 1, "unknown and repeated hashes are dropped");
        assert!(
            super::chosen(&lib, Some(&[]), &bps.hash).is_empty(),
            "a cleared choice stays"
        );
        let gone = vec!["gone".to_owned()];
        assert_eq!(super::chosen(&lib, Some(&gone), &bps.hash).len(), 2);
    }

    #[test]
    fn answers_are_shared_by_question_id_the_first_variant_first() {
        let lib = library();
        let (bantaeng, bps) = (by_id(&lib, "bantaeng-draft"), by_id(&lib, "bps-14"));
        let variants = vec![bantaeng.clone(), bps.clone()];
        let session = Rc::new(Session::default());
        let answer = |rule_set: &str, cluster: &str, q: &str, v: i64| SessionAction::Answer {
            rule_set: rule_set.into(),
            cluster: cluster.into(),
            question: q.into(),
            value: Some(Value::Text(v.to_string())),
        };
        let session = session
            .reduce(answer("bantaeng-draft", "pesisir", "jumlah_anggota", 4))
            .reduce(answer("bps-14", "semua", "jumlah_anggota", 9))
            .reduce(answer("bps-14", "semua", "frekuensi_makan", 1))
            // Another cluster of Bantaeng: not the open one, not read.
            .reduce(answer("bantaeng-draft", "pegunungan", "luas_lantai", 30));
        let h = household(&session, &variants);
        assert_eq!(h.get("jumlah_anggota"), Some(&Value::Text("4".into())));
        assert_eq!(h.get("frekuensi_makan"), Some(&Value::Text("1".into())));
        assert!(!h.contains_key("luas_lantai"));
        assert!(!answers_for(&bantaeng, &h).contains_key("frekuensi_makan"));

        let qs = questions(&variants);
        let food = qs
            .iter()
            .find(|q| q.question.id == "frekuensi_makan")
            .unwrap();
        assert!(food.partial(2));
        assert_eq!(food.asked_by, vec![1]);
        let members = qs
            .iter()
            .find(|q| q.question.id == "jumlah_anggota")
            .unwrap();
        assert!(!members.partial(2));

        let actions = answer_actions(&session, &variants, "jumlah_anggota", None);
        assert_eq!(actions.len(), 2, "stored for both rule sets that ask it");
        let actions = answer_actions(&session, &variants, "status_nelayan", None);
        assert!(matches!(
            actions.as_slice(),
            [SessionAction::Answer { rule_set, cluster, .. }] if rule_set == "bantaeng-draft" && cluster == "pesisir"
        ));
    }
}
