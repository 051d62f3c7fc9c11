//! How a household file's columns are read: which column answers which question, where each row's
//! cluster comes from, the grouping columns and the weight column. Suggested from the headers, corrected
//! by the person, and remembered per header row (so the next export from the same registry needs no
//! mapping), exportable as a column map for `timbang classify --map`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use timbang_engine::table::{
    normalise, ClusterSpec, ColumnMap, Headers, CLUSTER_HEADERS, MAP_FORMAT,
};
use timbang_engine::Engine;

/// The storage key of the remembered settings, by header row.
pub const MAPPINGS_KEY: &str = "timbang.mappings";

/// How many header rows are remembered (the oldest is forgotten first).
pub const REMEMBERED: usize = 20;

/// The settings of one household file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FileSettings {
    /// Question id → header, and the cluster source, as the worker and the CLI read them.
    pub map: ColumnMap,
    /// Grouping columns, outermost first.
    pub by: Vec<String>,
    /// The weight column (e.g. household size), if any.
    pub weight: Option<String>,
}

/// Remembered settings: header signature → settings, with the order they were last used.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Remembered {
    /// Most recently used last.
    pub entries: Vec<(String, FileSettings)>,
}

impl Remembered {
    /// The settings remembered for `headers`.
    pub fn get(&self, headers: &[String]) -> Option<&FileSettings> {
        let key = signature(headers);
        self.entries.iter().find(|(k, _)| *k == key).map(|(_, s)| s)
    }

    /// Remembers `settings` for `headers`, forgetting the oldest beyond [`REMEMBERED`].
    pub fn put(&mut self, headers: &[String], settings: FileSettings) {
        let key = signature(headers);
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push((key, settings));
        let excess = self.entries.len().saturating_sub(REMEMBERED);
        self.entries.drain(..excess);
    }
}

/// A header row as one key: its normalised names, so case and spacing do not matter.
pub fn signature(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| normalise(h))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

impl FileSettings {
    /// Settings for a file with `headers` read under `engines`: what was remembered for this header
    /// row where it still fits, else each question's column found by its id or label, the cluster from
    /// a column named `klaster` (or the first cluster of the first rule set with several), no groups and
    /// no weight.
    pub fn suggest(
        engines: &[&Engine],
        headers: &[String],
        saved: Option<&FileSettings>,
    ) -> FileSettings {
        let found = Headers::new(headers.to_vec());
        let exists = |name: &String| matches!(found.find(name), Ok(Some(_)));
        let mut map = ColumnMap {
            format: Some(MAP_FORMAT.to_owned()),
            ..ColumnMap::default()
        };
        for engine in engines {
            for q in &engine.rules().questions {
                if map.columns.contains_key(&q.id) {
                    continue;
                }
                let remembered = saved
                    .and_then(|s| s.map.columns.get(&q.id))
                    .filter(|h| exists(h));
                let matched = || {
                    found
                        .find_question(q)
                        .ok()
                        .flatten()
                        .map(|c| found.name(c).to_owned())
                };
                if let Some(header) = remembered.cloned().or_else(matched) {
                    map.columns.insert(q.id.clone(), header);
                }
            }
        }
        let saved_cluster = saved
            .and_then(|s| s.map.cluster.clone())
            .filter(|c| match &c.column {
                Some(column) => exists(column),
                None => c.fixed.is_some(),
            });
        map.cluster = saved_cluster.or_else(|| {
            let column = CLUSTER_HEADERS
                .iter()
                .find_map(|h| found.find(h).ok().flatten())
                .map(|c| found.name(c).to_owned());
            match column {
                Some(column) => Some(ClusterSpec {
                    column: Some(column),
                    ..ClusterSpec::default()
                }),
                None => engines
                    .iter()
                    .find(|e| e.rules().clusters.len() > 1)
                    .and_then(|e| e.rules().clusters.first())
                    .map(|c| ClusterSpec {
                        fixed: Some(c.id.clone()),
                        ..ClusterSpec::default()
                    }),
            }
        });
        let keep = |names: &[String]| {
            names
                .iter()
                .filter(|n| exists(n))
                .cloned()
                .collect::<Vec<_>>()
        };
        FileSettings {
            map,
            by: saved.map(|s| keep(&s.by)).unwrap_or_default(),
            weight: saved.and_then(|s| s.weight.clone()).filter(|w| exists(w)),
        }
    }

    /// Sets (or, with `None`, clears) the column of question `id`.
    pub fn set_column(&mut self, id: &str, header: Option<String>) {
        match header {
            Some(h) => {
                self.map.columns.insert(id.to_owned(), h);
            }
            None => {
                self.map.columns.remove(id);
            }
        }
    }

    /// The column map as a file for `timbang classify --map` (pretty JSON, keys sorted).
    pub fn map_json(&self) -> String {
        serde_json::to_string_pretty(&self.map).unwrap_or_default() + "\n"
    }
}

/// Per cluster id known to any of `engines` (in order of first appearance), its labels: the choices
/// of "one cluster for every row".
pub fn cluster_choices<'e>(engines: &[&'e Engine]) -> BTreeMap<&'e str, &'e timbang_engine::Text> {
    let mut out = BTreeMap::new();
    for e in engines {
        for c in &e.rules().clusters {
            out.entry(c.id.as_str()).or_insert(&c.label);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shipped;

    fn engines() -> Vec<Engine> {
        shipped::SHIPPED
            .iter()
            .filter_map(|s| timbang_engine::load(s.text).ok())
            .map(|l| l.engine)
            .collect()
    }

    #[test]
    fn questions_are_matched_by_id_and_label_without_regard_to_case() {
        let all = engines();
        let bps: Vec<&Engine> = all
            .iter()
            .filter(|e| e.rules().id.contains("bps"))
            .collect();
        let q = &bps[0].rules().questions[0];
        let headers = vec![
            "No KK".to_owned(),
            q.label.id.to_uppercase(),
            "Kecamatan".to_owned(),
        ];
        let s = FileSettings::suggest(&bps, &headers, None);
        assert_eq!(s.map.columns.get(&q.id), Some(&headers[1]));
        assert_eq!(s.map.columns.len(), 1);
        assert!(s.by.is_empty() && s.weight.is_none());
    }

    #[test]
    fn remembered_settings_win_where_their_columns_still_exist() {
        let all = engines();
        let refs: Vec<&Engine> = all.iter().collect();
        let q = &refs[0].rules().questions[0];
        let headers = vec!["A".to_owned(), "Klaster".to_owned(), "Desa".to_owned()];
        let mut saved = FileSettings::default();
        saved.map.columns.insert(q.id.clone(), "A".into());
        saved.by = vec!["Desa".into(), "Gone".into()];
        saved.weight = Some("Gone".into());
        let s = FileSettings::suggest(&refs, &headers, Some(&saved));
        assert_eq!(s.map.columns.get(&q.id).map(String::as_str), Some("A"));
        assert_eq!(s.by, vec!["Desa".to_owned()]);
        assert_eq!(s.weight, None);
        assert_eq!(
            s.map.cluster.and_then(|c| c.column).as_deref(),
            Some("Klaster")
        );
    }

    #[test]
    fn without_a_cluster_column_a_multi_cluster_rule_set_gets_its_first_cluster() {
        let all = engines();
        let refs: Vec<&Engine> = all.iter().collect();
        let s = FileSettings::suggest(&refs, &["x".to_owned()], None);
        let multi = refs
            .iter()
            .find(|e| e.rules().clusters.len() > 1)
            .map(|e| e.rules().clusters[0].id.clone());
        assert_eq!(s.map.cluster.and_then(|c| c.fixed), multi);
    }

    #[test]
    fn remembered_header_rows_are_keyed_without_regard_to_case_and_bounded() {
        let mut r = Remembered::default();
        let a = vec!["Nama".to_owned(), "Luas Lantai".to_owned()];
        let settings = FileSettings {
            weight: Some("Nama".into()),
            ..FileSettings::default()
        };
        r.put(&a, settings.clone());
        assert_eq!(
            r.get(&["NAMA".to_owned(), "luas_lantai".to_owned()]),
            Some(&settings)
        );
        for i in 0..30 {
            r.put(&[format!("h{i}")], FileSettings::default());
        }
        assert_eq!(r.entries.len(), REMEMBERED);
        assert!(r.get(&a).is_none());
    }
}
