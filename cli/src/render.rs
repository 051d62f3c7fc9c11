//! Plain-text tables and numbers the way readers of each language expect them.

use timbang_engine::stats::Figure;
use timbang_engine::Lang;

/// Counts and exact numbers as readers of each language expect them (shared with the app).
pub use timbang_engine::format::{int, num};

/// A table of text cells, left-aligned first column and right-aligned numbers.
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with this header row.
    pub fn new(header: Vec<String>) -> Table {
        Table { rows: vec![header] }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as lines, columns separated by two spaces, a rule under the header.
    pub fn render(&self) -> String {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0usize; columns];
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for (r, row) in self.rows.iter().enumerate() {
            let mut line = String::new();
            for (c, width) in widths.iter().enumerate() {
                let cell = row.get(c).map_or("", String::as_str);
                let pad = width.saturating_sub(cell.chars().count());
                if c > 0 {
                    line.push_str("  ");
                }
                if c == 0 {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                } else {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
            if r == 0 {
                let total: usize =
                    widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
                out.push_str(&"-".repeat(total));
                out.push('\n');
            }
        }
        out
    }
}

/// A figure as a decimal with four places, and its exact value when that is not the same
/// (`0,2222 (2/9)`); `–` when there is none.
pub fn figure(f: Option<Figure>, lang: Lang) -> String {
    let Some(f) = f else {
        return "–".to_owned();
    };
    let decimal = format!("{:.4}", f.decimal);
    let decimal = match lang {
        Lang::Id => decimal.replace('.', ","),
        Lang::En => decimal,
    };
    let exact = num(f.value, lang);
    let trimmed = decimal.trim_end_matches('0').trim_end_matches([',', '.']);
    if trimmed == exact {
        exact
    } else {
        format!("{decimal} ({exact})")
    }
}

/// A share as a percentage with one decimal; `–` when there is none.
pub fn percent(f: Option<Figure>, lang: Lang) -> String {
    f.map_or_else(|| "–".to_owned(), |f| f.percent(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use timbang_engine::Num;

    #[test]
    fn figures_show_the_exact_value_when_it_differs() {
        let f = |n, d| Figure::ratio(Num::int(n), Num::int(d));
        assert_eq!(figure(f(2, 9), Lang::Id), "0,2222 (2/9)");
        assert_eq!(figure(f(1, 2), Lang::En), "0.5");
        assert_eq!(figure(f(3, 8), Lang::En), "0.375");
        assert_eq!(figure(f(1, 3), Lang::En), "0.3333 (1/3)");
        assert_eq!(figure(f(1, 1), Lang::En), "1");
        assert_eq!(figure(f(1, 0), Lang::En), "–");
    }

    #[test]
    fn tables_align() {
        let mut t = Table::new(vec!["Kelas".into(), "n".into()]);
        t.row(vec!["miskin".into(), "12".into()]);
        t.row(vec!["tidak_miskin".into(), "3".into()]);
        assert_eq!(
            t.render(),
            "Kelas          n\n----------------\nmiskin        12\ntidak_miskin   3\n"
        );
    }
}
