//! Header names, compared without regard to case (of Latin letters: see [`crate::case`]), surrounding
//! spaces, or how words are joined.

use std::collections::HashMap;

use super::{TableCode, TableError};

/// The characters of a header (or cell) as it is compared: trimmed, lower case, and with every run of
/// spaces, `_` and `-` read as one space, so `LUAS_LANTAI`, ` Luas lantai ` and `luas-lantai` are alike.
fn normalised_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|word| !word.is_empty())
        .enumerate()
        .flat_map(|(i, word)| {
            (i > 0)
                .then_some(' ')
                .into_iter()
                .chain(word.chars().map(crate::case::lower_char))
        })
}

/// A header or cell text in the form names are compared in.
///
/// ```
/// use timbang_engine::table::normalise;
/// assert_eq!(normalise("  LUAS_Lantai  "), "luas lantai");
/// assert_eq!(normalise("luas - lantai"), "luas lantai");
/// assert_eq!(normalise("Dataran Rendah"), normalise("dataran_rendah"));
/// ```
pub fn normalise(s: &str) -> String {
    normalised_chars(s).collect()
}

/// Whether `text` equals `key`, which is already [`normalise`]d, without allocating.
pub(super) fn matches_normalised(text: &str, key: &str) -> bool {
    normalised_chars(text).eq(key.chars())
}

/// The header row of a household file, looked up by name.
#[derive(Debug, Clone)]
pub struct Headers {
    names: Vec<String>,
    index: HashMap<String, Vec<usize>>,
}

impl Headers {
    /// Headers from their names, in column order.
    pub fn new(names: Vec<String>) -> Headers {
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            index.entry(normalise(name)).or_default().push(i);
        }
        Headers { names, index }
    }

    /// The names as they are written in the file.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there is no column.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The column whose header is `name`, compared as [`normalise`] does; an error when two columns have
    /// that header.
    ///
    /// ```
    /// use timbang_engine::table::Headers;
    /// let h = Headers::new(vec!["No".into(), "LUAS LANTAI".into(), "Kecamatan".into()]);
    /// assert_eq!(h.find("luas_lantai").unwrap(), Some(1));
    /// assert_eq!(h.find("desa").unwrap(), None);
    /// ```
    pub fn find(&self, name: &str) -> Result<Option<usize>, TableError> {
        match self.index.get(&normalise(name)).map(Vec::as_slice) {
            None | Some([]) => Ok(None),
            Some([one]) => Ok(Some(*one)),
            Some(many) => Err(TableError::new(TableCode::DuplicateColumn)
                .param("column", name)
                .param(
                    "positions",
                    many.iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                )),
        }
    }

    /// The column of question `q` when the file does not say: the one headed by its id, else by its
    /// Indonesian or English label (compared as [`normalise`] does). A name heading two columns is an
    /// error, as in [`Headers::find`].
    pub fn find_question(&self, q: &crate::model::Question) -> Result<Option<usize>, TableError> {
        [q.id.as_str(), q.label.id.as_str(), q.label.en.as_str()]
            .into_iter()
            .filter(|name| !name.trim().is_empty())
            .map(|name| self.find(name))
            .find(|r| !matches!(r, Ok(None)))
            .unwrap_or(Ok(None))
    }

    /// The header of column `index` (empty when there is none).
    pub fn name(&self, index: usize) -> &str {
        self.names.get(index).map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_loosely_but_not_ambiguously() {
        let h = Headers::new(vec![
            "NO".into(),
            " Luas_Lantai ".into(),
            "Jenis-Lantai".into(),
            "x".into(),
            "X".into(),
        ]);
        let cases: &[(&str, Option<usize>)] = &[
            ("no", Some(0)),
            ("luas lantai", Some(1)),
            ("LUAS  LANTAI", Some(1)),
            ("jenis_lantai", Some(2)),
            ("luas", None),
        ];
        for (name, expected) in cases {
            assert_eq!(h.find(name).unwrap(), *expected, "{name}");
        }
        assert_eq!(h.find("x").unwrap_err().code, TableCode::DuplicateColumn);
    }
}
