//! What a JSON reader was reading when it stopped at a byte offset, found by scanning the text up to
//! that offset.
//!
//! serde_json says where it stopped (line and column) but not the JSON path of what it was reading.
//! Reading the rule set through a path-tracking wrapper instead (serde_path_to_error) compiled every
//! `Deserialize` impl of the model a second time, which cost the web app ~30 KB of optimised wasm
//! (~11 KB gzip); a plain read plus this scan costs little and only runs when the read failed.
//! `tests/load_paths.rs` checks the paths it gives against that wrapper's.
//!
//! The scan is total: it never indexes blindly, and any text (even one that is not JSON) gives an
//! answer.

use super::locate::Step;

/// Where the reader stood, relative to the JSON structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Spot {
    /// In a key or a value, between a key and its value, or where a value is about to begin (after
    /// `:`, or after `,` in an array): the path names that member or value.
    At,
    /// Right after the `[` of an array (and any whitespace): the path names the array.
    ArrayOpen,
    /// Right after `{`, or after `,` in an object (and any whitespace): the path names the object.
    ObjectOpen,
    /// Right after a complete value (and any whitespace): the path names that value.
    After {
        /// Whether the value is an object or an array (it ended with `}` or `]`).
        closed: bool,
    },
}

/// What was being read at an offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Here {
    /// The JSON path of what [`Spot`] describes.
    pub steps: Vec<Step>,
    /// How the offset stands to it.
    pub spot: Spot,
    /// The byte offset where the value the path names begins (for `After`, `ArrayOpen` and
    /// `ObjectOpen`; for `At`, where the token being read begins, or the offset itself).
    pub start: usize,
}

/// An object or array the scan is inside.
struct Frame {
    object: bool,
    /// Where its `{` or `[` is.
    start: usize,
    /// In an object: the key of the member being read.
    key: Option<String>,
    /// In an array: the index of the element being read.
    index: usize,
}

impl Frame {
    /// The step from this container to the member or element being read.
    fn step(&self) -> Option<Step> {
        if self.object {
            self.key.clone().map(Step::Key)
        } else {
            Some(Step::Index(self.index))
        }
    }
}

/// The path of the member or element being read in each of `frames`.
fn steps(frames: &[Frame]) -> Vec<Step> {
    frames.iter().filter_map(Frame::step).collect()
}

/// What a reader that has consumed the first `offset` bytes of `text` was reading.
pub(crate) fn here(text: &str, offset: usize) -> Here {
    let b = text.as_bytes();
    let end = offset.min(b.len());
    let mut frames: Vec<Frame> = Vec::new();
    let mut spot = Spot::At;
    let mut start = end;
    let mut i = 0;
    while let Some(&c) = b.get(i).filter(|_| i < end) {
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'{' | b'[' => {
                frames.push(Frame {
                    object: c == b'{',
                    start: i,
                    key: None,
                    index: 0,
                });
                spot = if c == b'{' {
                    Spot::ObjectOpen
                } else {
                    Spot::ArrayOpen
                };
                i += 1;
            }
            b'}' | b']' => {
                i += 1;
                match frames.pop() {
                    Some(f) => {
                        start = f.start;
                        spot = Spot::After { closed: true };
                    }
                    None => break,
                }
            }
            b',' => {
                i += 1;
                if let Some(f) = frames.last_mut() {
                    if f.object {
                        f.key = None;
                        spot = Spot::ObjectOpen;
                    } else {
                        f.index += 1;
                        spot = Spot::At;
                    }
                }
            }
            b':' => {
                i += 1;
                spot = Spot::At;
            }
            b'"' => {
                let close = string_end(b, i);
                let is_key = spot == Spot::ObjectOpen;
                if is_key {
                    let key = text
                        .get(i..close)
                        .and_then(|k| serde_json::from_str::<String>(k).ok());
                    if let Some(f) = frames.last_mut() {
                        f.key = key;
                    }
                    spot = Spot::At;
                } else if close <= end {
                    start = i;
                    spot = Spot::After { closed: false };
                } else {
                    spot = Spot::At;
                }
                if close > end {
                    start = i;
                    break;
                }
                i = close;
            }
            _ => {
                let mut j = i;
                while b.get(j).is_some_and(|&d| !is_delimiter(d)) {
                    j += 1;
                }
                // Anything else (even a stray byte) reads as a scalar up to the next delimiter.
                let j = j.max(i + 1);
                start = i;
                if j > end {
                    spot = Spot::At;
                    break;
                }
                spot = Spot::After { closed: false };
                i = j;
            }
        }
    }
    let mut path = steps(&frames);
    match spot {
        Spot::ArrayOpen | Spot::ObjectOpen => {
            // The path of the container itself, not of the member it is about to read.
            if let Some(f) = frames.last() {
                start = f.start;
                if f.step().is_some() {
                    path.pop();
                }
            }
        }
        Spot::At | Spot::After { .. } => {}
    }
    Here {
        steps: path,
        spot,
        start,
    }
}

/// The offset just past the string that starts with the `"` at `open` (the end of the text when it
/// is not closed).
fn string_end(b: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Whether `c` ends a number or a literal.
fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t' | b'\r' | b'\n' | b',' | b':' | b'{' | b'}' | b'[' | b']' | b'"'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Step {
        Step::Key(s.into())
    }

    #[test]
    fn spots() {
        let text = r#"{"a": [1, {"b": "x,]}", "c": {"d": 2}}, [3]], "e\"f" : true}"#;
        // (offset given as the text before it, path, spot)
        let after = Spot::After { closed: false };
        let closed = Spot::After { closed: true };
        let cases: Vec<(&str, Vec<Step>, Spot)> = vec![
            ("", vec![], Spot::At),
            ("{", vec![], Spot::ObjectOpen),
            (r#"{"a""#, vec![k("a")], Spot::At),
            (r#"{"a": "#, vec![k("a")], Spot::At),
            (r#"{"a": ["#, vec![k("a")], Spot::ArrayOpen),
            (r#"{"a": [1"#, vec![k("a"), Step::Index(0)], after.clone()),
            (r#"{"a": [1,"#, vec![k("a"), Step::Index(1)], Spot::At),
            (
                r#"{"a": [1, {"b": "x,"#,
                vec![k("a"), Step::Index(1), k("b")],
                Spot::At,
            ),
            (
                r#"{"a": [1, {"b": "x,]}""#,
                vec![k("a"), Step::Index(1), k("b")],
                after.clone(),
            ),
            (
                r#"{"a": [1, {"b": "x,]}", "#,
                vec![k("a"), Step::Index(1)],
                Spot::ObjectOpen,
            ),
            (
                r#"{"a": [1, {"b": "x,]}", "c": {"d": 2}"#,
                vec![k("a"), Step::Index(1), k("c")],
                closed.clone(),
            ),
            (
                r#"{"a": [1, {"b": "x,]}", "c": {"d": 2}}"#,
                vec![k("a"), Step::Index(1)],
                closed.clone(),
            ),
            (
                r#"{"a": [1, {"b": "x,]}", "c": {"d": 2}}, [3]]"#,
                vec![k("a")],
                closed.clone(),
            ),
            (
                r#"{"a": [1, {"b": "x,]}", "c": {"d": 2}}, [3]], "e\"f""#,
                vec![k("e\"f")],
                Spot::At,
            ),
            (
                r#"{"a": [1, {"b": "x,]}", "c": {"d": 2}}, [3]], "e\"f" : tr"#,
                vec![k("e\"f")],
                Spot::At,
            ),
            (text, vec![], closed),
        ];
        for (before, path, spot) in cases {
            let got = here(text, before.len());
            assert_eq!((&got.steps, &got.spot), (&path, &spot), "after {before:?}");
        }
    }

    #[test]
    fn any_text_gives_an_answer() {
        for text in [
            "}",
            "]]",
            "\"",
            "{\"a",
            "[1,,",
            "{\"é\": [\u{1F600}",
            "\\",
            ":",
        ] {
            for offset in 0..=text.len() + 2 {
                let _ = here(text, offset);
            }
        }
    }
}
