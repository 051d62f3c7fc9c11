//! The households behind the cells of a run's transition matrices, kept as the worker's JSON text and
//! read only when a person opens a cell.
//!
//! They were two thirds of a run's reply (87 KB of 136 KB for two variants), and reading them with
//! the figures made the task that receives the figures the longest the page ran after a batch. Most
//! runs never open a cell.

use std::cell::OnceCell;
use std::rc::Rc;

use timbang_engine::job::DrillCell;

/// A run's drill-down lists: the text as it arrived, read on first use.
#[derive(Debug, Default)]
pub struct DrillLists {
    text: String,
    cells: OnceCell<Result<Vec<DrillCell>, String>>,
}

/// A list is equal only to itself: each run's lists are one value, shared through an `Rc` by the
/// view's state and the tables' properties, so a look inside would only ever find the same text.
impl PartialEq for DrillLists {
    fn eq(&self, other: &DrillLists) -> bool {
        std::ptr::eq(self, other)
    }
}

impl DrillLists {
    /// Lists that are already read: those that came inside a reply (a worker that could not write
    /// them apart leaves them there), and tests'.
    pub fn read(cells: Vec<DrillCell>) -> Rc<DrillLists> {
        Rc::new(DrillLists {
            text: String::new(),
            cells: OnceCell::from(Ok(cells)),
        })
    }

    /// Lists to read from `text`, a JSON array of [`DrillCell`]s, when first asked for.
    pub fn unread(text: String) -> Rc<DrillLists> {
        Rc::new(DrillLists {
            text,
            cells: OnceCell::new(),
        })
    }

    /// The households of one cell: transition `transition` (0 compares the first variant with the
    /// second), class `from` under the first variant and `to` under the other (`None`: not
    /// assessable). No cell: none were kept. An error says why the text could not be read.
    pub fn cell(
        &self,
        transition: usize,
        from: Option<usize>,
        to: Option<usize>,
    ) -> Result<Option<&DrillCell>, &str> {
        let cells = self.cells.get_or_init(|| {
            if self.text.is_empty() {
                return Ok(Vec::new());
            }
            serde_json::from_str(&self.text).map_err(|e| e.to_string())
        });
        match cells {
            Ok(cells) => Ok(cells
                .iter()
                .find(|d| d.transition == transition && d.from == from && d.to == to)),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use timbang_engine::job::DrillRow;

    fn cell(transition: usize, from: Option<usize>, to: Option<usize>) -> DrillCell {
        DrillCell {
            transition,
            from,
            to,
            rows: vec![DrillRow {
                line: 7,
                group: vec!["Desa A".into()],
                clusters: vec![Some("pesisir".into()), None],
                classes: vec![Some("miskin".into()), None],
                scores: vec!["1/3".into(), "tidak dapat dinilai".into()],
            }],
        }
    }

    #[test]
    fn a_cell_is_found_in_the_text_as_the_worker_wrote_it() {
        let cells = vec![cell(0, Some(1), None), cell(1, None, Some(0))];
        let lists = DrillLists::unread(serde_json::to_string(&cells).unwrap());
        assert_eq!(lists.cell(1, None, Some(0)), Ok(Some(&cells[1])));
        assert_eq!(lists.cell(0, Some(1), None), Ok(Some(&cells[0])));
        assert_eq!(lists.cell(0, Some(1), Some(1)), Ok(None));
    }

    #[test]
    fn lists_read_already_and_no_lists_at_all_answer_the_same_way() {
        let cells = vec![cell(0, Some(0), Some(0))];
        assert_eq!(
            DrillLists::read(cells.clone()).cell(0, Some(0), Some(0)),
            Ok(Some(&cells[0]))
        );
        assert_eq!(DrillLists::default().cell(0, Some(0), Some(0)), Ok(None));
    }

    #[test]
    fn damaged_text_is_an_error_not_an_empty_list() {
        let lists = DrillLists::unread("[{\"transition\":0,".into());
        assert!(lists.cell(0, None, None).is_err());
    }
}
