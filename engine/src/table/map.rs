//! The column map (`timbang.columns/1`): which header holds which question, and where the cluster
//! comes from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{TableCode, TableError, MAP_FORMAT};
use crate::model::RuleSet;

/// Which column holds which question, and where the cluster comes from: the `timbang.columns/1` format
/// described in the [module documentation](self).
///
/// ```
/// use timbang_engine::table::ColumnMap;
/// let map = ColumnMap::parse(r#"{"columns": {"luas_lantai": "Luas (m2)"}, "cluster": {"fixed": "pesisir"}}"#).unwrap();
/// assert_eq!(map.columns["luas_lantai"], "Luas (m2)");
/// assert_eq!(map.cluster.unwrap().fixed.as_deref(), Some("pesisir"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMap {
    /// `"timbang.columns/1"` when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Question id → header of the column holding its answers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, String>,
    /// Where each row's cluster comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterSpec>,
}

/// The `cluster` entry of a [`ColumnMap`]: exactly one of `column` and `fixed`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSpec {
    /// The header of the column naming each row's cluster (by id or label, or through `values`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Cell text → cluster id, e.g. kecamatan → cluster; compared as [`normalise`] does.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, String>,
    /// The cluster of every row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
}

impl ColumnMap {
    /// Reads a column map from JSON, checking its shape (not yet the names in it: see [`Layout::new`]).
    pub fn parse(json: &str) -> Result<ColumnMap, TableError> {
        let map: ColumnMap =
            serde_json::from_str(json.trim_start_matches('\u{feff}')).map_err(|e| {
                TableError::new(TableCode::MapSyntax)
                    .at_line(e.line() as u64)
                    .at_column(e.column() as u64)
                    .param("detail", e.to_string())
            })?;
        if let Some(format) = &map.format {
            if format != MAP_FORMAT {
                return Err(TableError::new(TableCode::MapFormat)
                    .param("found", format)
                    .param("expected", MAP_FORMAT));
            }
        }
        if let Some(spec) = &map.cluster {
            if spec.column.is_some() == spec.fixed.is_some()
                || (spec.fixed.is_some() && !spec.values.is_empty())
            {
                return Err(TableError::new(TableCode::MapCluster));
            }
        }
        Ok(map)
    }

    /// The question ids of `columns` that no rule set in `rule_sets` asks, for reporting typos.
    pub fn unknown_questions<'m>(&'m self, rule_sets: &[&RuleSet]) -> Vec<&'m str> {
        self.columns
            .keys()
            .filter(|id| {
                !rule_sets
                    .iter()
                    .any(|r| r.questions.iter().any(|q| &q.id == *id))
            })
            .map(String::as_str)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_maps_are_checked() {
        let cases: &[(&str, Option<TableCode>)] = &[
            (r#"{"columns": {"a": "A"}}"#, None),
            (
                r#"{"format": "timbang.columns/1", "cluster": {"column": "K", "values": {"x": "y"}}}"#,
                None,
            ),
            (
                r#"{"format": "timbang.columns/2"}"#,
                Some(TableCode::MapFormat),
            ),
            (
                r#"{"cluster": {"column": "K", "fixed": "a"}}"#,
                Some(TableCode::MapCluster),
            ),
            (r#"{"cluster": {}}"#, Some(TableCode::MapCluster)),
            (
                r#"{"cluster": {"fixed": "a", "values": {"x": "y"}}}"#,
                Some(TableCode::MapCluster),
            ),
            (r#"{"colums": {}}"#, Some(TableCode::MapSyntax)),
            (r#"{"columns": {"a": 1}}"#, Some(TableCode::MapSyntax)),
            ("{", Some(TableCode::MapSyntax)),
        ];
        for (json, expected) in cases {
            assert_eq!(
                ColumnMap::parse(json).err().map(|e| e.code),
                *expected,
                "{json}"
            );
        }
        let err = ColumnMap::parse("{\n  \"columns\": 3\n}").unwrap_err();
        assert_eq!((err.line, err.column.is_some()), (Some(2), true));
    }
}
