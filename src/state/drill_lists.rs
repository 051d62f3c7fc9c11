//! The households behind the cells of a run's transition matrices, kept as the worker packed them
//! ([`timbang_engine::job::drill_to_bytes`]) and read only when a person opens a cell.
//!
//! They were two thirds of a run's reply (87 KB of 136 KB for two variants), and reading them with
//! the figures made the task that receives the figures the longest the page ran after a batch. Most
//! runs never open a cell.

use std::cell::OnceCell;
use std::rc::Rc;

use timbang_engine::job::{drill_from_bytes, DrillCell};

/// A run's drill-down lists: the bytes as they arrived, read on first use.
#[derive(Debug, Default)]
pub struct DrillLists {
    bytes: Vec<u8>,
    cells: OnceCell<Result<Vec<DrillCell>, String>>,
}

/// A list is equal only to itself: each run's lists are one value, shared through an `Rc` by the
/// view's state and the tables' properties, so a look inside would only ever find the same bytes.
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
            bytes: Vec::new(),
            cells: OnceCell::from(Ok(cells)),
        })
    }

    /// Lists to read from `bytes` ([`DrillCell`]s as the worker packed them) when first asked for.
    pub fn unread(bytes: Vec<u8>) -> Rc<DrillLists> {
        Rc::new(DrillLists {
            bytes,
            cells: OnceCell::new(),
        })
    }

    /// The households of one cell: transition `transition` (0 compares the first variant with the
    /// second), class `from` under the first variant and `to` under the other (`None`: not
    /// assessable). No cell: none were kept. An error says that the lists could not be read.
    pub fn cell(
        &self,
        transition: usize,
        from: Option<usize>,
        to: Option<usize>,
    ) -> Result<Option<&DrillCell>, &str> {
        let cells = self.cells.get_or_init(|| {
            if self.bytes.is_empty() {
                return Ok(Vec::new());
            }
            drill_from_bytes(&self.bytes).map_err(|_| {
                format!(
                    "drill-down lists that cannot be read ({} bytes)",
                    self.bytes.len()
                )
            })
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
    fn a_cell_is_found_in_the_lists_as_the_worker_packed_them() {
        let cells = vec![cell(0, Some(1), None), cell(1, None, Some(0))];
        let lists = DrillLists::unread(timbang_engine::job::drill_to_bytes(&cells));
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
    fn damaged_lists_are_an_error_not_an_empty_list() {
        let mut bytes = timbang_engine::job::drill_to_bytes(&[cell(0, Some(1), None)]);
        bytes.pop();
        let lists = DrillLists::unread(bytes);
        assert!(lists.cell(0, Some(1), None).is_err());
    }
}
