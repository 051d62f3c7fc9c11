//! What the person is doing: which rule set and cluster are open, and every answer they gave, per rule
//! set and cluster. Saved on every change (see `app.rs`), restored on the next visit.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use timbang_engine::Value;
use yew::Reducible;

/// The storage key of the session.
pub const SESSION_KEY: &str = "timbang.session";

/// Answers to one rule set in one cluster, by question id. Numbers are kept as typed (`"Rp 600.000"`),
/// so an answer the engine cannot read yet is still there to fix.
pub type Answers = BTreeMap<String, Value>;

/// The session.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Session {
    /// The open rule set, by content hash.
    pub active: Option<String>,
    /// The open cluster, by rule-set id.
    pub clusters: BTreeMap<String, String>,
    /// Answers by rule-set id, then cluster id.
    pub answers: BTreeMap<String, BTreeMap<String, Answers>>,
}

/// What can happen to the session.
pub enum SessionAction {
    /// Open a rule set (by hash).
    Open(String),
    /// Open a cluster of a rule set (by ids).
    SetCluster {
        /// Rule-set id.
        rule_set: String,
        /// Cluster id.
        cluster: String,
    },
    /// Answer (or, with `None`, clear) one question.
    Answer {
        /// Rule-set id.
        rule_set: String,
        /// Cluster id.
        cluster: String,
        /// Question id.
        question: String,
        /// The answer.
        value: Option<Value>,
    },
    /// Open a rule set and cluster with these answers (an imported assessment).
    Restore {
        /// Rule-set hash.
        hash: String,
        /// Rule-set id.
        rule_set: String,
        /// Cluster id.
        cluster: String,
        /// The answers.
        answers: Answers,
    },
}

impl Session {
    /// The open cluster of a rule set, if one was picked.
    pub fn cluster(&self, rule_set: &str) -> Option<&str> {
        self.clusters.get(rule_set).map(String::as_str)
    }

    /// The answers to a rule set in a cluster.
    pub fn answers(&self, rule_set: &str, cluster: &str) -> Answers {
        self.answers
            .get(rule_set)
            .and_then(|by_cluster| by_cluster.get(cluster))
            .cloned()
            .unwrap_or_default()
    }
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            SessionAction::Open(hash) => next.active = Some(hash),
            SessionAction::SetCluster { rule_set, cluster } => {
                next.clusters.insert(rule_set, cluster);
            }
            SessionAction::Answer {
                rule_set,
                cluster,
                question,
                value,
            } => {
                let answers = next
                    .answers
                    .entry(rule_set)
                    .or_default()
                    .entry(cluster)
                    .or_default();
                match value {
                    Some(v) => answers.insert(question, v),
                    None => answers.remove(&question),
                };
            }
            SessionAction::Restore {
                hash,
                rule_set,
                cluster,
                answers,
            } => {
                next.active = Some(hash);
                next.clusters.insert(rule_set.clone(), cluster.clone());
                next.answers
                    .entry(rule_set)
                    .or_default()
                    .insert(cluster, answers);
            }
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use timbang_engine::Num;

    fn answer(q: &str, v: Option<Value>) -> SessionAction {
        SessionAction::Answer {
            rule_set: "r".into(),
            cluster: "c".into(),
            question: q.into(),
            value: v,
        }
    }

    #[test]
    fn answers_are_kept_per_rule_set_and_cluster() {
        let s = Rc::new(Session::default());
        let s = s.reduce(answer("luas", Some(Value::Text("12,5".into()))));
        let s = s.reduce(answer("listrik", Some(Value::Bool(true))));
        assert_eq!(s.answers("r", "c").len(), 2);
        assert!(s.answers("r", "other").is_empty());
        let s = s.reduce(answer("listrik", None));
        assert_eq!(
            s.answers("r", "c"),
            Answers::from([("luas".into(), Value::Text("12,5".into()))])
        );
    }

    #[test]
    fn an_unchanged_session_is_the_same_rc() {
        let s = Rc::new(Session::default()).reduce(SessionAction::Open("abc".into()));
        let again = s.clone().reduce(SessionAction::Open("abc".into()));
        assert!(Rc::ptr_eq(&s, &again));
    }

    #[test]
    fn restore_opens_everything_at_once() {
        let answers = Answers::from([("n".into(), Value::Num(Num::int(4)))]);
        let s = Rc::new(Session::default()).reduce(SessionAction::Restore {
            hash: "h".into(),
            rule_set: "r".into(),
            cluster: "c".into(),
            answers: answers.clone(),
        });
        assert_eq!(s.active.as_deref(), Some("h"));
        assert_eq!(s.cluster("r"), Some("c"));
        assert_eq!(s.answers("r", "c"), answers);
    }
}
