//! Finding where a JSON path points in the text of a file, to give every diagnostic a line and column.
//!
//! The text has already been read as JSON when this runs, but the walker still never indexes blindly:
//! anything unexpected ends the walk and the deepest part of the path found so far is the answer.

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// Reads a path such as `$.clusters[0].indicators[1].weight` or `$.tests[0].answers["a b"]`.
pub(crate) fn parse_path(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let rest = path.strip_prefix('$').unwrap_or(path);
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b.get(i) {
            Some(b'.') => {
                let start = i + 1;
                let mut end = start;
                while end < b.len() && !matches!(b.get(end), Some(b'.') | Some(b'[')) {
                    end += 1;
                }
                if let Some(key) = rest.get(start..end) {
                    steps.push(Step::Key(key.to_owned()));
                }
                i = end;
            }
            Some(b'[') => {
                if b.get(i + 1) == Some(&b'"') {
                    // A quoted key: read the JSON string, then the closing bracket.
                    let mut stream =
                        serde_json::Deserializer::from_str(rest.get(i + 1..).unwrap_or(""))
                            .into_iter::<String>();
                    match stream.next() {
                        Some(Ok(key)) => {
                            steps.push(Step::Key(key));
                            i += 1 + stream.byte_offset() + 1;
                        }
                        _ => break,
                    }
                } else {
                    let start = i + 1;
                    let end = rest
                        .get(start..)
                        .and_then(|r| r.find(']'))
                        .map_or(b.len(), |e| start + e);
                    match rest.get(start..end).and_then(|n| n.parse().ok()) {
                        Some(n) => steps.push(Step::Index(n)),
                        None => break,
                    }
                    i = end + 1;
                }
            }
            _ => break,
        }
    }
    steps
}

/// The 1-based line and column (in characters) of what `path` points at in `text`; when only part of
/// the path exists (e.g. a missing field), the deepest part that does.
pub(crate) fn position(text: &str, path: &str) -> (usize, usize) {
    line_col(text, offset(text, &parse_path(path)))
}

/// The byte offset of the value `steps` lead to (or of the deepest one found).
pub(crate) fn offset(text: &str, steps: &[Step]) -> usize {
    let mut w = Walker {
        s: text.as_bytes(),
        pos: 0,
    };
    w.ws();
    let mut best = w.pos;
    for step in steps {
        let found = match step {
            Step::Key(k) => w.enter_key(text, k),
            Step::Index(n) => w.enter_index(*n),
        };
        if found.is_none() {
            break;
        }
        best = w.pos;
    }
    best
}

/// The text of the value of the top-level member `key` (the last one when the key is repeated, as a
/// JSON reader that keeps values would see it); `None` when the text is not an object or has no such
/// member.
pub(crate) fn top_member<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let mut w = Walker {
        s: text.as_bytes(),
        pos: 0,
    };
    w.eat(b'{')?;
    let mut found = None;
    loop {
        w.ws();
        if w.peek() == Some(b'}') {
            return found;
        }
        let (a, b) = w.skip_string()?;
        let name: String = serde_json::from_str(text.get(a..b)?).ok()?;
        w.eat(b':')?;
        w.ws();
        let start = w.pos;
        // A member cut off by a syntax error ends the search with what was found before it.
        if w.skip_value().is_none() {
            return found;
        }
        if name == key {
            found = text.get(start..w.pos);
        }
        if w.eat(b',').is_none() {
            return found;
        }
    }
}

/// The 1-based line and character column of byte `offset`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The byte offset of a 1-based line and 1-based byte column, as serde_json reports them.
pub(crate) fn offset_of_line_byte_col(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text.get(start..).and_then(|t| t.find('\n')) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

struct Walker<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Walker<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Some(())
        } else {
            None
        }
    }

    /// Skips a string starting at `"`; returns its byte range including the quotes.
    fn skip_string(&mut self) -> Option<(usize, usize)> {
        let start = self.pos;
        if self.peek() != Some(b'"') {
            return None;
        }
        self.pos += 1;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Some((start, self.pos));
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Skips one value of any kind.
    fn skip_value(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.skip_string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.checked_sub(1)?;
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
                ) {
                    self.pos += 1;
                }
                Some(())
            }
        }
    }

    /// Moves to the value of `key` in the object here.
    fn enter_key(&mut self, text: &str, key: &str) -> Option<()> {
        self.eat(b'{')?;
        loop {
            self.ws();
            let (a, b) = self.skip_string()?;
            let name: String = serde_json::from_str(text.get(a..b)?).ok()?;
            self.eat(b':')?;
            self.ws();
            if name == key {
                return Some(());
            }
            self.skip_value()?;
            self.eat(b',')?;
        }
    }

    /// Moves to element `n` of the array here.
    fn enter_index(&mut self, n: usize) -> Option<()> {
        self.eat(b'[')?;
        for _ in 0..n {
            self.skip_value()?;
            self.eat(b',')?;
        }
        self.ws();
        if self.peek() == Some(b']') {
            return None;
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let cases: &[(&str, &[Step])] = &[
            ("$", &[]),
            ("$.format", &[Step::Key("format".into())]),
            (
                "$.clusters[0].indicators[12].weight",
                &[
                    Step::Key("clusters".into()),
                    Step::Index(0),
                    Step::Key("indicators".into()),
                    Step::Index(12),
                    Step::Key("weight".into()),
                ],
            ),
            (
                "$.tests[1].answers[\"a.b [c]\"].x",
                &[
                    Step::Key("tests".into()),
                    Step::Index(1),
                    Step::Key("answers".into()),
                    Step::Key("a.b [c]".into()),
                    Step::Key("x".into()),
                ],
            ),
        ];
        for (path, steps) in cases {
            assert_eq!(parse_path(path), *steps, "{path}");
        }
    }

    #[test]
    fn positions() {
        let text = "{\n  \"a\": [1, {\"b\": \"x,]}\"}, 3],\n  \"é\": {\"c\": true}\n}";
        let cases = [
            ("$", (1, 1)),
            ("$.a", (2, 8)),
            ("$.a[0]", (2, 9)),
            ("$.a[1].b", (2, 18)),
            ("$.a[2]", (2, 27)),
            ("$.a[3]", (2, 8)),
            ("$[\"é\"].c", (3, 14)),
            ("$.é.missing", (3, 8)),
            ("$.zz", (1, 1)),
        ];
        for (path, want) in cases {
            assert_eq!(position(text, path), want, "{path}");
        }
    }

    #[test]
    fn serde_positions_convert_to_characters() {
        let text = "{\"é\": x}";
        // serde_json counts bytes: `x` is byte column 8, character column 7.
        let off = offset_of_line_byte_col(text, 1, 8);
        assert_eq!(line_col(text, off), (1, 7));
    }
}
