//! Binding a household file to a rule set: the column of each question, the source of the cluster,
//! and reading each row into typed answers.

use std::collections::HashMap;

use super::bytes::ByteTable;
use super::headers::{matches_normalised, normalise};
#[cfg(feature = "row-program")]
use super::program::RowProgram;
use super::{ColumnMap, Headers, Row, RowCode, RowProblem, TableCode, TableError, CLUSTER_HEADERS};
use crate::answers::{parse_cell, quick_number, trim_cell, AnswerErrorCode, Input};
use crate::assess::Classified;
use crate::compile::Engine;
use crate::model::RuleSet;

/// Where rows get their cluster, as asked on the command line (it overrides the map's `cluster`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ClusterChoice {
    /// From the map, else a column headed `cluster`/`klaster`/`kluster`.
    #[default]
    Auto,
    /// From the column with this header.
    Column(String),
    /// This cluster id for every row.
    Fixed(String),
}

#[derive(Debug, Clone)]
enum ClusterSource {
    Fixed(usize),
    Column {
        column: usize,
        /// Normalised name (cluster id, labels, map values) → cluster index.
        keys: Vec<(String, usize)>,
        /// The usual cells (those names as written, in lower and upper case) → cluster index, as
        /// `keys` match them: found by their bytes, without normalising the cell.
        known: ByteTable<usize>,
    },
}

/// How the columns of one household file answer the questions of one rule set.
pub struct Layout<'e> {
    engine: &'e Engine,
    width: usize,
    /// Column of each question, by question index.
    columns: Vec<Option<usize>>,
    /// Per cluster: (question index, column) of the questions it uses that the file has.
    reads: Vec<Vec<(usize, usize)>>,
    /// Per cluster: its indicators compiled against these columns, when they fit a row program.
    #[cfg(feature = "row-program")]
    programs: Vec<Option<RowProgram>>,
    cluster: ClusterSource,
    headers: Vec<String>,
}

impl<'e> Layout<'e> {
    /// Resolves, once per file, the column of every question of `engine`'s rule set and the source of
    /// the cluster. Every problem is reported, not just the first: a map naming a missing header, a
    /// required question with no column, an unknown cluster, an ambiguous header.
    pub fn new(
        engine: &'e Engine,
        headers: &Headers,
        map: Option<&ColumnMap>,
        choice: &ClusterChoice,
    ) -> Result<Layout<'e>, Vec<TableError>> {
        let rules = engine.rules();
        let mut errors = Vec::new();
        let cluster = match resolve_cluster(engine, headers, map, choice) {
            Ok(c) => Some(c),
            Err(e) => {
                errors.extend(e);
                None
            }
        };

        let mut columns = Vec::with_capacity(rules.questions.len());
        // Questions whose column is already reported (a map naming a missing header, a duplicate).
        let mut failed: Vec<usize> = Vec::new();
        for q in &rules.questions {
            let found = match map.and_then(|m| m.columns.get(&q.id)) {
                Some(header) => match headers.find(header) {
                    Ok(Some(c)) => Ok(Some(c)),
                    Ok(None) => Err(TableError::new(TableCode::MapUnknownColumn)
                        .param("column", header)
                        .param("question", &q.id)),
                    Err(e) => Err(e),
                },
                None => headers.find_question(q),
            };
            match found {
                Ok(c) => columns.push(c),
                Err(e) => {
                    errors.push(e.param("question", &q.id));
                    failed.push(columns.len());
                    columns.push(None);
                }
            }
        }

        // The clusters rows can be in: a fixed one, or all of them.
        let reachable: Vec<usize> = match &cluster {
            Some(ClusterSource::Fixed(c)) => vec![*c],
            _ => (0..rules.clusters.len()).collect(),
        };
        let mut reads = vec![Vec::new(); rules.clusters.len()];
        let mut missing: Vec<usize> = Vec::new();
        for &c in &reachable {
            for q in engine.questions_for_cluster(c) {
                match columns.get(q).copied().flatten() {
                    Some(col) => {
                        if let Some(r) = reads.get_mut(c) {
                            r.push((q, col));
                        }
                    }
                    None => {
                        let required = rules.questions.get(q).is_some_and(|q| q.required);
                        if required && !missing.contains(&q) {
                            missing.push(q);
                        }
                    }
                }
            }
        }
        missing.sort_unstable();
        for q in missing.into_iter().filter(|q| !failed.contains(q)) {
            if let Some(question) = rules.questions.get(q) {
                errors.push(
                    TableError::new(TableCode::MissingColumn)
                        .param("question", &question.id)
                        .param("label", &question.label.id)
                        .param("ruleset", &rules.id),
                );
            }
        }

        match cluster {
            Some(cluster) if errors.is_empty() => Ok(Layout {
                engine,
                width: headers.len(),
                columns,
                #[cfg(feature = "row-program")]
                programs: (0..reads.len())
                    .map(|c| {
                        reachable.contains(&c).then(|| {
                            RowProgram::new(engine, c, reads.get(c).map_or(&[][..], Vec::as_slice))
                        })?
                    })
                    .collect(),
                reads,
                cluster,
                headers: headers.names().to_vec(),
            }),
            _ => Err(errors),
        }
    }

    /// The engine this layout reads for.
    pub fn engine(&self) -> &'e Engine {
        self.engine
    }

    /// The column holding question `index`, if the file has one.
    pub fn question_column(&self, index: usize) -> Option<usize> {
        self.columns.get(index).copied().flatten()
    }

    /// The column the cluster is read from, or `None` when it is fixed.
    pub fn cluster_column(&self) -> Option<usize> {
        match self.cluster {
            ClusterSource::Fixed(_) => None,
            ClusterSource::Column { column, .. } => Some(column),
        }
    }

    /// Reads one row: its cluster index, and its answers into `answers` (indexed by question, as
    /// [`Engine::classify_row`] takes them; questions the row's cluster does not use are left `None`).
    /// `answers` must have one slot per question of the rule set.
    pub fn read_row<R: Row + ?Sized>(
        &self,
        row: &R,
        answers: &mut [Option<Input>],
    ) -> Result<usize, RowProblem> {
        let cluster = self.read_cluster(row)?;
        self.read_answers(row, cluster, answers)?;
        Ok(cluster)
    }

    /// The first half of [`Layout::read_row`]: checks the row's width and reads its cluster.
    pub fn read_cluster<R: Row + ?Sized>(&self, row: &R) -> Result<usize, RowProblem> {
        if row.len() != self.width {
            return Err(
                RowProblem::new(row.line(), RowCode::FieldCount).with_detail(format!(
                    "{} / {}",
                    row.len(),
                    self.width
                )),
            );
        }
        match &self.cluster {
            ClusterSource::Fixed(c) => Ok(*c),
            ClusterSource::Column {
                column,
                keys,
                known,
            } => self.cluster_in_column(row, *column, keys, known),
        }
    }

    /// The cluster named in cell `column` of `row`: a usual spelling by its bytes, else name by name.
    #[inline(never)]
    fn cluster_in_column<R: Row + ?Sized>(
        &self,
        row: &R,
        column: usize,
        keys: &[(String, usize)],
        known: &ByteTable<usize>,
    ) -> Result<usize, RowProblem> {
        let usual = row
            .cell_with_slack(column)
            .and_then(|(bytes, len)| known.find(bytes, len));
        if let Some(c) = usual {
            return Ok(*c);
        }
        let text = self.cell_text(row, column)?.trim();
        if text.is_empty() {
            return Err(RowProblem::new(row.line(), RowCode::ClusterMissing)
                .with_column(self.header(column)));
        }
        match keys.iter().find(|(key, _)| matches_normalised(text, key)) {
            Some((_, c)) => Ok(*c),
            None => Err(RowProblem::new(row.line(), RowCode::ClusterUnknown)
                .with_column(self.header(column))
                .with_text(text)),
        }
    }

    /// The second half of [`Layout::read_row`]: reads the answers of a row in `cluster` (a problem
    /// here leaves the household's cluster known).
    pub fn read_answers<R: Row + ?Sized>(
        &self,
        row: &R,
        cluster: usize,
        answers: &mut [Option<Input>],
    ) -> Result<(), RowProblem> {
        answers.iter_mut().for_each(|a| *a = None);
        let questions = &self.engine.rules().questions;
        for &(q, column) in self.reads.get(cluster).map_or(&[][..], Vec::as_slice) {
            let text = self.cell_text(row, column)?;
            let (Some(question), Some(slot)) = (questions.get(q), answers.get_mut(q)) else {
                continue;
            };
            if let Some(known) = self.engine.known_answer(q, text.as_bytes()) {
                *slot = known;
                continue;
            }
            if let Some(n) = quick_number(question, text) {
                *slot = Some(Input::Num(n));
                continue;
            }
            let text = trim_cell(text);
            match parse_cell(question, text) {
                Ok(value) => *slot = value,
                Err(e) => {
                    let (code, detail) = match (e.code, e.limit) {
                        (AnswerErrorCode::BelowMin, Some(limit)) => {
                            (RowCode::OutOfRange, format!("min {limit}"))
                        }
                        (AnswerErrorCode::AboveMax, Some(limit)) => {
                            (RowCode::OutOfRange, format!("max {limit}"))
                        }
                        (code, _) => (RowCode::InvalidAnswer, code.as_str().to_owned()),
                    };
                    return Err(RowProblem::new(row.line(), code)
                        .with_column(self.header(column))
                        .with_question(&question.id)
                        .with_text(text)
                        .with_detail(detail));
                }
            }
        }
        Ok(())
    }

    /// Classes a row in `cluster` (as [`Layout::read_cluster`] gives it) straight from its cells, when
    /// the cluster has a row program and the row is a usual one; `None` means: read the answers and
    /// classify them ([`Layout::read_answers`], [`Engine::classify_row`]), which give the same result
    /// for such a row and say why when there is none.
    /// Without the `row-program` feature (the web page, which only checks a file's columns), every
    /// row goes the general way.
    #[inline]
    pub(crate) fn classify_quick<R: Row + ?Sized>(
        &self,
        row: &R,
        cluster: usize,
    ) -> Option<Classified> {
        #[cfg(feature = "row-program")]
        return self.programs.get(cluster)?.as_ref()?.run(self.engine, row);
        #[cfg(not(feature = "row-program"))]
        {
            let _ = (row, cluster);
            None
        }
    }

    /// The header of column `column` (empty when there is none).
    pub fn header(&self, column: usize) -> &str {
        self.headers.get(column).map_or("", String::as_str)
    }

    /// Cell `column` as text, untrimmed (`""` when the row has no such cell).
    fn cell_text<'r, R: Row + ?Sized>(
        &self,
        row: &'r R,
        column: usize,
    ) -> Result<&'r str, RowProblem> {
        match (row.text(column), row.cell(column)) {
            (Some(text), _) => Ok(text),
            (None, None) => Ok(""),
            (None, Some(bytes)) => Err(RowProblem::new(row.line(), RowCode::InvalidText)
                .with_column(self.header(column))
                .with_text(&String::from_utf8_lossy(bytes))),
        }
    }
}

fn resolve_cluster(
    engine: &Engine,
    headers: &Headers,
    map: Option<&ColumnMap>,
    choice: &ClusterChoice,
) -> Result<ClusterSource, Vec<TableError>> {
    let rules = engine.rules();
    if rules.clusters.len() == 1 {
        return Ok(ClusterSource::Fixed(0));
    }
    let fixed = |id: &str| {
        engine
            .cluster_index(id)
            .or_else(|| {
                rules
                    .clusters
                    .iter()
                    .position(|c| cluster_names(c).any(|n| matches_normalised(id, &n)))
            })
            .map(ClusterSource::Fixed)
            .ok_or_else(|| vec![unknown_cluster(rules, id)])
    };
    let spec = map.and_then(|m| m.cluster.as_ref());
    let (header, values) = match (choice, spec) {
        (ClusterChoice::Fixed(id), _) => return fixed(id),
        (ClusterChoice::Column(h), spec) => (
            h.clone(),
            spec.filter(|s| {
                s.column
                    .as_deref()
                    .is_some_and(|c| normalise(c) == normalise(h))
            })
            .map(|s| &s.values),
        ),
        (ClusterChoice::Auto, Some(spec)) => match (&spec.fixed, &spec.column) {
            (Some(id), _) => return fixed(id),
            (None, Some(h)) => (h.clone(), Some(&spec.values)),
            (None, None) => return Err(vec![TableError::new(TableCode::MapCluster)]),
        },
        (ClusterChoice::Auto, None) => {
            match CLUSTER_HEADERS
                .iter()
                .find(|h| matches!(headers.find(h), Ok(Some(_))))
            {
                Some(h) => ((*h).to_owned(), None),
                None => {
                    return Err(vec![TableError::new(TableCode::ClusterNotGiven)
                        .param("ruleset", &rules.id)
                        .param(
                            "clusters",
                            rules
                                .clusters
                                .iter()
                                .map(|c| c.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                        )])
                }
            }
        }
    };
    let column = match headers.find(&header) {
        Ok(Some(c)) => c,
        Ok(None) => {
            return Err(vec![
                TableError::new(TableCode::ClusterColumnMissing).param("column", &header)
            ])
        }
        Err(e) => return Err(vec![e]),
    };
    let mut keys = Vec::new();
    let mut errors = Vec::new();
    // Values from the map first: they say what a place name means, even if it is also a cluster label.
    for (text, id) in values.into_iter().flatten() {
        match engine.cluster_index(id) {
            Some(c) => keys.push((normalise(text), c)),
            None => errors.push(unknown_cluster(rules, id).param("value", text)),
        }
    }
    for (c, cluster) in rules.clusters.iter().enumerate() {
        keys.extend(cluster_names(cluster).map(|n| (n, c)));
    }
    keys.retain(|(k, _)| !k.is_empty());
    // The usual spellings, each with the cluster the first key it matches gives (as `read_cluster`
    // finds it); cells with surrounding spaces or in other spellings are matched name by name.
    let mut spellings: Vec<String> = values
        .into_iter()
        .flatten()
        .map(|(t, _)| t.clone())
        .collect();
    for cluster in &rules.clusters {
        spellings.extend([
            cluster.id.clone(),
            cluster.label.id.clone(),
            cluster.label.en.clone(),
        ]);
    }
    spellings.extend(keys.iter().map(|(k, _)| k.clone()));
    let spellings: Vec<String> = spellings
        .iter()
        // Capitals of A to Z only (see `Lookup`): other spellings are matched name by name.
        .flat_map(|s| [s.clone(), crate::case::lower(s), s.to_ascii_uppercase()])
        .filter(|s| !s.is_empty() && s.trim() == s)
        .collect();
    // The first key of each normalised name wins, as in `read_cluster`; one lookup per spelling, so a
    // map of thousands of place names binds in linear time.
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(keys.len());
    for (key, c) in &keys {
        first.entry(key.as_str()).or_insert(*c);
    }
    let known = ByteTable::new(
        spellings
            .iter()
            .filter_map(|s| first.get(normalise(s).as_str()).map(|c| (s.as_bytes(), *c))),
    );
    if errors.is_empty() {
        Ok(ClusterSource::Column {
            column,
            keys,
            known,
        })
    } else {
        Err(errors)
    }
}

/// The normalised names a cluster is known by: id and both labels.
fn cluster_names(c: &crate::model::Cluster) -> impl Iterator<Item = String> + '_ {
    [c.id.as_str(), c.label.id.as_str(), c.label.en.as_str()]
        .into_iter()
        .map(normalise)
}

fn unknown_cluster(rules: &RuleSet, id: &str) -> TableError {
    TableError::new(TableCode::UnknownCluster)
        .param("cluster", id)
        .param("ruleset", &rules.id)
        .param(
            "clusters",
            rules
                .clusters
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{CsvReader, TextRow};

    /// Two clusters: `darat` uses luas, lantai, listrik; `pantai` also the optional `perahu`.
    const RULES: &str = r##"{"format":"timbang.ruleset/1","id":"uji","name":{"id":"Uji","en":"Test"},
    "version":"1","date":"2024-01-01","status":"draft","description":{"id":"-","en":"-"},"method":"count",
    "clusters":[
      {"id":"darat","label":{"id":"Dataran rendah","en":"Lowland"},
       "indicators":[{"indicator":"sempit"},{"indicator":"lantai_tanah"},{"indicator":"tanpa_listrik"}]},
      {"id":"pantai","label":{"id":"Pesisir","en":"Coastal"},
       "indicators":[{"indicator":"sempit"},{"indicator":"lantai_tanah"},{"indicator":"tanpa_listrik"},
                     {"indicator":"tanpa_perahu"}]}],
    "questions":[
      {"id":"luas","label":{"id":"Luas lantai","en":"Floor area"},"type":"number","min":0},
      {"id":"lantai","label":{"id":"Jenis lantai","en":"Floor"},"type":"choice","options":[
        {"id":"tanah","label":{"id":"Tanah","en":"Earth"}},{"id":"keramik","label":{"id":"Keramik","en":"Tiles"}}]},
      {"id":"listrik","label":{"id":"Ada listrik","en":"Electricity"},"type":"yes_no"},
      {"id":"perahu","label":{"id":"Punya perahu","en":"Owns a boat"},"type":"yes_no","required":false}],
    "indicators":[
      {"id":"sempit","label":{"id":"Sempit","en":"Cramped"},"on":"luas","condition":{"op":"<","value":8}},
      {"id":"lantai_tanah","label":{"id":"Lantai tanah","en":"Earth floor"},"on":"lantai","condition":{"op":"one_of","values":["tanah"]}},
      {"id":"tanpa_listrik","label":{"id":"Tanpa listrik","en":"No electricity"},"on":"listrik","condition":{"op":"=","value":false}},
      {"id":"tanpa_perahu","label":{"id":"Tanpa perahu","en":"No boat"},"on":"perahu","condition":{"op":"=","value":false}}],
    "classes":[
      {"id":"miskin","label":{"id":"Miskin","en":"Poor"},"colour":"#aa0000","from":{"value":2,"inclusive":true}},
      {"id":"tidak_miskin","label":{"id":"Tidak miskin","en":"Not poor"},"colour":"#00aa00","to":{"value":2,"inclusive":false}}]}"##;

    fn engine() -> Engine {
        Engine::new(serde_json::from_str(RULES).unwrap()).unwrap()
    }

    fn headers(names: &[&str]) -> Headers {
        Headers::new(names.iter().map(|s| (*s).to_owned()).collect())
    }

    fn codes(r: Result<Layout<'_>, Vec<TableError>>) -> Vec<TableCode> {
        match r {
            Ok(_) => Vec::new(),
            Err(es) => es.into_iter().map(|e| e.code).collect(),
        }
    }

    #[test]
    fn binds_columns_by_id_label_and_map() {
        let e = engine();
        // Ids in upper case, a label in English, a label in Indonesian with underscores.
        let h = headers(&["No", "LUAS", "Floor", "ada_listrik", "KLASTER"]);
        let layout = Layout::new(&e, &h, None, &ClusterChoice::Auto).unwrap();
        let cols: Vec<Option<usize>> = (0..4).map(|q| layout.question_column(q)).collect();
        assert_eq!(cols, vec![Some(1), Some(2), Some(3), None]);
        assert_eq!(layout.cluster_column(), Some(4));
        // A map wins over names.
        let map = ColumnMap::parse(
            r#"{"columns": {"luas": "No"}, "cluster": {"column": "Kec", "values": {"Bissappu": "pantai"}}}"#,
        )
        .unwrap();
        let h = headers(&["No", "luas", "lantai", "listrik", "Kec"]);
        let layout = Layout::new(&e, &h, Some(&map), &ClusterChoice::Auto).unwrap();
        assert_eq!(layout.question_column(0), Some(0));
        assert_eq!(layout.cluster_column(), Some(4));
    }

    /// Headers, column map, cluster choice → the problems expected.
    type BindingCase<'a> = (Vec<&'a str>, Option<&'a str>, ClusterChoice, Vec<TableCode>);

    #[test]
    fn binding_problems_are_all_reported() {
        let e = engine();
        let cases: Vec<BindingCase> = vec![
            (
                vec!["luas", "lantai", "listrik", "klaster"],
                None,
                ClusterChoice::Auto,
                vec![],
            ),
            (
                vec!["luas", "lantai", "listrik"],
                None,
                ClusterChoice::Auto,
                vec![TableCode::ClusterNotGiven],
            ),
            (
                vec!["lantai", "klaster"],
                None,
                ClusterChoice::Auto,
                vec![TableCode::MissingColumn, TableCode::MissingColumn],
            ),
            (
                vec!["luas", "lantai", "listrik"],
                None,
                ClusterChoice::Fixed("pesisir".into()),
                vec![],
            ),
            (
                vec!["luas", "lantai", "listrik"],
                None,
                ClusterChoice::Fixed("gunung".into()),
                vec![TableCode::UnknownCluster],
            ),
            (
                vec!["luas", "lantai", "listrik"],
                None,
                ClusterChoice::Column("Zona".into()),
                vec![TableCode::ClusterColumnMissing],
            ),
            (
                vec!["luas", "luas ", "lantai", "listrik", "klaster"],
                None,
                ClusterChoice::Auto,
                vec![TableCode::DuplicateColumn],
            ),
            (
                vec!["x", "lantai", "listrik", "klaster"],
                Some(r#"{"columns": {"luas": "Luas (m2)"}}"#),
                ClusterChoice::Auto,
                vec![TableCode::MapUnknownColumn],
            ),
            (
                vec!["luas", "lantai", "listrik"],
                Some(r#"{"cluster": {"fixed": "darat"}}"#),
                ClusterChoice::Auto,
                vec![],
            ),
            (
                vec!["luas", "lantai", "listrik", "k"],
                Some(r#"{"cluster": {"column": "k", "values": {"a": "gunung"}}}"#),
                ClusterChoice::Auto,
                vec![TableCode::UnknownCluster],
            ),
        ];
        for (names, map, choice, expected) in cases {
            let map = map.map(|m| ColumnMap::parse(m).unwrap());
            let got = codes(Layout::new(&e, &headers(&names), map.as_ref(), &choice));
            assert_eq!(got, expected, "{names:?} {choice:?}");
        }
        // The missing column names the question and the rule set.
        let err = Layout::new(
            &e,
            &headers(&["lantai", "listrik", "klaster"]),
            None,
            &ClusterChoice::Auto,
        )
        .err()
        .unwrap();
        assert_eq!(err[0].params["question"], "luas");
        assert_eq!(err[0].params["ruleset"], "uji");
    }

    #[test]
    fn reads_rows_into_clusters_and_answers() {
        let e = engine();
        let file = "No;Luas;Lantai;Listrik;Perahu;Kecamatan\n\
            1;7,5;Tanah;tidak;;Dataran Rendah\n\
            2;12;keramik;YA;tidak;pesisir\n\
            3;12;keramik;ya;;bissappu\n\
            4;abc;keramik;ya;;darat\n\
            5;-1;keramik;ya;;darat\n\
            6;12;marmer;ya;;darat\n\
            7;12;keramik;ya;;gunung\n\
            8;12;keramik;ya;;\n\
            9;12;keramik\n\
            10;12;keramik;ya;mungkin;darat\n";
        let map = ColumnMap::parse(
            r#"{"cluster": {"column": "kecamatan", "values": {"Bissappu": "pantai"}}}"#,
        )
        .unwrap();
        let mut reader = CsvReader::new(file.as_bytes()).unwrap();
        let layout = Layout::new(&e, reader.headers(), Some(&map), &ClusterChoice::Auto).unwrap();
        let mut answers = vec![None; e.question_count()];
        let mut got = Vec::new();
        while let Some(row) = reader.next_row().unwrap() {
            got.push(match layout.read_row(&row, &mut answers) {
                Ok(c) => format!(
                    "{} ok {c} {:?}",
                    row.line(),
                    e.classify_row(c, &answers).map(|x| x.class)
                ),
                Err(p) => format!(
                    "{} {} {} {}",
                    p.line,
                    p.code,
                    p.column.unwrap_or_default(),
                    p.text.unwrap_or_default()
                ),
            });
        }
        assert_eq!(
            got,
            vec![
                "2 ok 0 Ok(0)",
                "3 ok 1 Ok(1)",
                "4 ok 1 Ok(1)",
                "5 invalid_answer Luas abc",
                "6 out_of_range Luas -1",
                "7 invalid_answer Lantai marmer",
                "8 cluster_unknown Kecamatan gunung",
                "9 cluster_missing Kecamatan ",
                "10 field_count  ",
                // `perahu` is read only in the coastal cluster: nonsense there elsewhere is harmless.
                "11 ok 0 Ok(1)",
            ]
        );
    }

    #[test]
    fn cells_that_are_not_utf8_are_reported() {
        let e = engine();
        let file = b"luas,lantai,listrik\n\xff\xfe,tanah,ya\n";
        let mut reader = CsvReader::new(&file[..]).unwrap();
        let layout = Layout::new(
            &e,
            reader.headers(),
            None,
            &ClusterChoice::Fixed("darat".into()),
        )
        .unwrap();
        let mut answers = vec![None; e.question_count()];
        let row = reader.next_row().unwrap().unwrap();
        let p = layout.read_row(&row, &mut answers).unwrap_err();
        assert_eq!(
            (p.line, p.code, p.column.as_deref()),
            (2, RowCode::InvalidText, Some("luas"))
        );
    }

    #[test]
    fn text_rows_work_like_csv_rows() {
        let e = engine();
        let h = headers(&["luas", "lantai", "listrik"]);
        let layout = Layout::new(&e, &h, None, &ClusterChoice::Fixed("darat".into())).unwrap();
        let mut answers = vec![None; e.question_count()];
        let cells = ["5", "Earth", "no"];
        let c = layout
            .read_row(
                &TextRow {
                    line: 2,
                    cells: &cells,
                },
                &mut answers,
            )
            .unwrap();
        assert_eq!(
            e.classify_row(c, &answers).unwrap().score,
            crate::Num::int(3)
        );
    }
}
