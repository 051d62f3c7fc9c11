//! The usual answers of yes/no and choice questions, found by their bytes (the hot path of household
//! files and of [`crate::Engine::parse_cell`]).

use crate::answers::{parse_cell, Input};
use crate::model::{Question, QuestionType};

/// The answers a yes/no or choice question's cells usually hold, exactly as written (`ya`, `Tidak`,
/// `keramik`, `Keramik`…), each with what [`parse_cell`] makes of it: a cell is looked up by its bytes
/// in a small hash table, instead of being compared with every option without regard to case. A cell
/// not found goes to [`parse_cell`], so the answer is always the same.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lookup {
    /// Open addressing, a power of two at most half full: entry index + 1, or 0 when free.
    slots: Vec<u32>,
    /// Per entry: its hash, where its text starts in `keys` and its length.
    entries: Vec<(u32, u32, u32)>,
    /// Per entry: its answer.
    answers: Vec<Option<Input>>,
    /// The texts, end to end.
    keys: Vec<u8>,
}

/// A fast hash of a short text (FxHash-like, eight bytes at a time).
#[inline]
fn hash(text: &[u8]) -> u32 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = (text.len() as u64).wrapping_mul(K);
    let mut chunks = text.chunks_exact(8);
    for c in &mut chunks {
        let word = <[u8; 8]>::try_from(c).map_or(0, u64::from_le_bytes);
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    let mut last = 0u64;
    for (i, &b) in chunks.remainder().iter().enumerate() {
        last |= u64::from(b) << (8 * i);
    }
    h = (h.rotate_left(5) ^ last).wrapping_mul(K);
    (h >> 32) as u32
}

/// `a == b` for two texts of the same length, eight bytes at a time and inlined (the cells compared
/// are short: a call to `memcmp` costs more than the comparison).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        let word = |c: &[u8]| <[u8; 8]>::try_from(c).map_or(0, u64::from_ne_bytes);
        if word(p) != word(q) {
            return false;
        }
    }
    x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
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
            QuestionType::Choice => q
                .options
                .iter()
                .flat_map(|o| [o.id.clone(), o.label.id.clone(), o.label.en.clone()])
                .collect(),
        };
        // The empty text: an unanswered cell.
        let mut candidates: Vec<String> = vec![String::new()];
        for w in words {
            let mut capital = w.to_lowercase();
            if let Some(first) = capital.get(..1) {
                let upper = first.to_uppercase();
                capital.replace_range(..1, &upper);
            }
            candidates.extend([w.to_lowercase(), w.to_uppercase(), capital, w]);
        }
        candidates.sort();
        candidates.dedup();
        let mut lookup = Lookup::default();
        for c in candidates {
            // Only what parse_cell accepts; a text too long to index is left to parse_cell.
            let (Ok(answer), Ok(start), Ok(len)) = (
                parse_cell(q, &c),
                u32::try_from(lookup.keys.len()),
                u32::try_from(c.len()),
            ) else {
                continue;
            };
            lookup.entries.push((hash(c.as_bytes()), start, len));
            lookup.answers.push(answer);
            lookup.keys.extend_from_slice(c.as_bytes());
        }
        let size = (lookup.entries.len() * 2).next_power_of_two().max(8);
        lookup.slots = vec![0; size];
        let mask = size - 1;
        for (i, &(h, _, _)) in lookup.entries.iter().enumerate() {
            let index = u32::try_from(i + 1).ok()?;
            let mut at = h as usize & mask;
            while lookup.slots.get(at).is_some_and(|s| *s != 0) {
                at = (at + 1) & mask;
            }
            if let Some(slot) = lookup.slots.get_mut(at) {
                *slot = index;
            }
        }
        Some(lookup)
    }

    #[inline]
    pub(crate) fn get(&self, key: &[u8]) -> Option<Option<Input>> {
        let mask = self.slots.len().checked_sub(1)?;
        let wanted = hash(key);
        let mut at = wanted as usize & mask;
        loop {
            let entry = (*self.slots.get(at)? as usize).checked_sub(1)?;
            let &(h, start, len) = self.entries.get(entry)?;
            if h == wanted && len as usize == key.len() {
                let start = start as usize;
                if self
                    .keys
                    .get(start..start + key.len())
                    .is_some_and(|k| same_bytes(k, key))
                {
                    return self.answers.get(entry).copied();
                }
            }
            at = (at + 1) & mask;
        }
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
            // Every entry can be found again by its text.
            for (i, &(_, start, len)) in lookup.entries.iter().enumerate() {
                let key = &lookup.keys[start as usize..(start + len) as usize];
                let value = lookup.answers[i];
                assert_eq!(lookup.get(key), Some(value), "{}: {key:?}", q.id);
                assert_eq!(Ok(value), parse_cell(q, std::str::from_utf8(key).unwrap()));
            }
            assert!(lookup.entries.len() * 2 <= lookup.slots.len());
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
    fn same_bytes_is_equality() {
        let texts: [&[u8]; 7] = [
            b"",
            b"a",
            b"ab",
            b"abcdefgh",
            b"abcdefgi",
            b"abcdefghijk",
            b"abcdefghijl",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
            }
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
