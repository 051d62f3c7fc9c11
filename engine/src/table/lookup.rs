//! The usual answers of yes/no and choice questions, found by their bytes (the hot path of household
//! files and of [`crate::Engine::parse_cell`]).

use super::bytes::ByteTable;
use crate::answers::{parse_cell, Input};
use crate::model::{Question, QuestionType};

/// The answers a yes/no or choice question's cells usually hold, exactly as written (`ya`, `Tidak`,
/// `keramik`, `Keramik`…), each with what [`parse_cell`] makes of it: a cell is looked up by its bytes
/// in a small hash table, instead of being compared with every option without regard to case. A cell
/// not found goes to [`parse_cell`], so the answer is always the same.
#[derive(Debug, Clone)]
pub(crate) struct Lookup {
    table: ByteTable<Option<Input>>,
}

impl Lookup {
    pub(crate) fn for_question(q: &Question) -> Option<Lookup> {
        let words: Vec<String> = match q.kind {
            QuestionType::Number => return None,
            QuestionType::YesNo => [
                "ya", "tidak", "yes", "no", "y", "n", "t", "true", "false", "1", "0",
            ]
            .iter()
            .map(|w| (*w).to_owned())
            .collect(),
            // Every id before any label: files written from the template hold ids.
            QuestionType::Choice => (q.options.iter().map(|o| o.id.clone()))
                .chain(q.options.iter().map(|o| o.label.id.clone()))
                .chain(q.options.iter().map(|o| o.label.en.clone()))
                .collect(),
        };
        // The empty text (an unanswered cell) and the words as the rule set writes them come first:
        // the table keeps the first key given in the slot its hash points to, so that the usual
        // cells are found at the first probe, without a mispredicted branch to probe further. The
        // table drops a text given again.
        let mut candidates: Vec<String> = vec![String::new()];
        candidates.extend(words.iter().cloned());
        // Capitals of A to Z only: these are spellings to find quickly, and a cell in any other is
        // still read by `parse_cell`, which compares without regard to case. (Unicode's upper-case
        // table would cost the page's wasm several KB.)
        for w in words {
            let lower = crate::case::lower(&w);
            let capital = crate::case::capitalised(&lower);
            candidates.extend([lower, w.to_ascii_uppercase(), capital]);
        }
        // Only what parse_cell accepts.
        let entries: Vec<(&[u8], Option<Input>)> = candidates
            .iter()
            .filter_map(|c| parse_cell(q, c).ok().map(|a| (c.as_bytes(), a)))
            .collect();
        Some(Lookup {
            table: ByteTable::new(entries),
        })
    }

    /// The answer of a cell written exactly `key`, when it is a usual one.
    #[inline]
    pub(crate) fn get(&self, key: &[u8]) -> Option<Option<Input>> {
        self.table.get(key).copied()
    }

    /// The usual texts and their answers.
    #[cfg(any(test, feature = "row-program"))]
    pub(crate) fn table(&self) -> &ByteTable<Option<Input>> {
        &self.table
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RuleSet;
    use crate::Engine;

    /// The shipped rule sets with yes/no questions (Bantaeng) and long choice lists (BPS).
    fn engines() -> Vec<Engine> {
        [
            include_str!("../../../rulesets/bps-14.json"),
            include_str!("../../../rulesets/bantaeng-draft.json"),
        ]
        .iter()
        .map(|json| {
            let rules: RuleSet = serde_json::from_str(json).unwrap();
            Engine::new(rules).unwrap()
        })
        .collect()
    }

    #[test]
    fn the_answer_table_agrees_with_parse_cell() {
        for e in engines() {
            agrees(&e);
        }
    }

    fn agrees(e: &Engine) {
        let probes = [
            "", " ", "ya", "YA", "Ya", "yA", "tidak", "Tidak", "t", "T", "1", "0", "2", "yes",
            "No", "tanah", "Tanah", "TANAH", "Earth", "earth", "keramik", "Tiles", "tiles ",
            "marmer", "ubin",
        ];
        for q in &e.rules().questions {
            let Some(lookup) = Lookup::for_question(q) else {
                assert_eq!(q.kind, QuestionType::Number);
                continue;
            };
            // Every entry can be found again by its text, and is what parse_cell says.
            for (key, value) in lookup.table().iter() {
                assert_eq!(lookup.get(key), Some(*value), "{}: {key:?}", q.id);
                assert_eq!(Ok(*value), parse_cell(q, std::str::from_utf8(key).unwrap()));
            }
            assert!(lookup.table().len() > 1);
            for p in probes {
                if let Some(found) = lookup.get(p.as_bytes()) {
                    assert_eq!(Ok(found), parse_cell(q, p), "{}: {p:?}", q.id);
                }
            }
            assert!(lookup.get(b"Tanah").is_some() || q.id != "jenis_lantai");
            assert_eq!(lookup.get(b"tanah liat"), None);
        }
    }

    #[test]
    fn the_engine_reads_cells_as_parse_cell_does() {
        let probes = [
            "",
            " ",
            "ya",
            "Ya",
            " ya ",
            "tidak",
            "0",
            "1",
            "2",
            "-1",
            "8",
            "63,8",
            "63.8",
            "600.000",
            "Rp 600.000",
            "1/2",
            "1e3",
            ",5",
            "2,5",
            "51",
            "tanah",
            "Tanah",
            "TANAH",
            "tanah ",
            "sd",
            "SD",
            "kayu_bakar",
            "Kayu bakar",
            "x",
        ];
        for e in engines() {
            for (i, q) in e.rules().questions.iter().enumerate() {
                for p in probes {
                    assert_eq!(e.parse_cell(i, p), parse_cell(q, p), "{}: {p:?}", q.id);
                }
            }
        }
    }
}
