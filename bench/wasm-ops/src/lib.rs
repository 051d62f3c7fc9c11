//! The worker's engine calls on a household file, exported for counting WebAssembly operations:
//! `scripts/bench-wasm-ops.sh` builds this for `wasm32-unknown-unknown` with the worker's profile and
//! runs it under wasmtime with fuel, one unit per operation executed (`scripts/wasm_ops.py`).
//!
//! Why: on this project's shared machine, the same build's batch time varied by half from one minute
//! to the next (other virtual machines took up to two thirds of the CPU), so a change of 10 % to the
//! work per row could not be told from noise in the browser. The operations executed do not vary.
//! They are not time: a library call counts its operations, a memory access counts one whatever it
//! costs, and the browser's compiler removes many of the stack machine's moves. A change that cuts
//! them is then checked in the browser (`scripts/bench-batch.mjs`).
//!
//! What runs is what the worker runs per row (`job::Runner::add` on a `table::CsvReader`, 4,096 rows
//! per call), under the shipped Bantaeng and BPS rule sets with the file's headers bound as named; not
//! the browser's part (the file's stream, the messages). One file per instance: the host writes it
//! into the buffer [`input`] gives, then calls [`start`] and [`rows`] until it gives 0.

use std::cell::RefCell;

use timbang_engine::job::{RunJob, Runner};
use timbang_engine::table::{ColumnMap, CsvReader};
use timbang_engine::Engine;

/// Rows per call of [`rows`], as the worker's chunk.
const CHUNK_ROWS: u32 = 4096;

/// A run over the file: everything it borrows lives as long as the instance (one run each).
struct Run {
    reader: CsvReader<&'static [u8]>,
    runner: Runner<'static>,
}

thread_local! {
    static FILE: RefCell<Option<&'static mut [u8]>> = const { RefCell::new(None) };
    static RUN: RefCell<Option<Run>> = const { RefCell::new(None) };
}

/// A buffer of `len` bytes for the host to write the file into; its address in linear memory.
#[no_mangle]
pub extern "C" fn input(len: usize) -> *mut u8 {
    let buffer: &'static mut [u8] = Box::leak(vec![0u8; len].into_boxed_slice());
    let at = buffer.as_mut_ptr();
    FILE.with(|f| *f.borrow_mut() = Some(buffer));
    at
}

/// Compiles the rule sets and binds the file's headers: 1 when done, 0 when the file or a rule set
/// does not allow it.
#[no_mangle]
pub extern "C" fn start() -> u32 {
    let Some(file) = FILE.with(|f| f.borrow_mut().take()) else {
        return 0;
    };
    let file: &'static [u8] = file;
    let compile = |json: &str| timbang_engine::load::compile_loaded(json).ok();
    let (Some(bantaeng), Some(bps)) = (
        compile(include_str!("../../../rulesets/bantaeng-draft.json")),
        compile(include_str!("../../../rulesets/bps-14.json")),
    ) else {
        return 0;
    };
    let engines: &'static [&'static Engine] = Box::leak(Box::new([
        &*Box::leak(Box::new(bantaeng)),
        &*Box::leak(Box::new(bps)),
    ]));
    let Ok(reader) = CsvReader::with_buffer(file, None, 4 << 20) else {
        return 0;
    };
    let job = RunJob {
        rulesets: Vec::new(),
        map: ColumnMap::default(),
        by: Vec::new(),
        weight: None,
        output: None,
        part: None,
    };
    let Ok(runner) = Runner::new(engines, reader.headers(), &job) else {
        return 0;
    };
    RUN.with(|r| *r.borrow_mut() = Some(Run { reader, runner }));
    1
}

/// Up to [`CHUNK_ROWS`] rows through every variant; the rows taken (0 at the end of the file, or
/// before [`start`]).
#[no_mangle]
pub extern "C" fn rows() -> u32 {
    RUN.with(|r| {
        let mut r = r.borrow_mut();
        let Some(run) = r.as_mut() else {
            return 0;
        };
        let mut taken = 0;
        while taken < CHUNK_ROWS {
            match run.reader.next_row() {
                Ok(Some(row)) => {
                    run.runner.add(&row);
                    taken += 1;
                }
                _ => break,
            }
        }
        taken
    })
}

/// The households counted under the first variant so far, for the host to check the run.
#[no_mangle]
pub extern "C" fn households() -> u64 {
    RUN.with(|r| r.borrow().as_ref().map_or(0, |run| run.runner.rows()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as the file [`start`] reads.
    fn give(text: &[u8]) {
        assert!(!input(text.len()).is_null());
        FILE.with(|f| {
            if let Some(buffer) = f.borrow_mut().as_mut() {
                buffer.copy_from_slice(text);
            }
        });
    }

    #[test]
    fn a_file_goes_through_both_variants_a_chunk_at_a_time() {
        // A column for every question of both rule sets, and the cluster's; empty cells (each row
        // counted, as a household that cannot be assessed).
        let mut ids: Vec<String> = Vec::new();
        for json in [
            include_str!("../../../rulesets/bantaeng-draft.json"),
            include_str!("../../../rulesets/bps-14.json"),
        ] {
            let rules = timbang_engine::load(json).map(|l| l.engine.rules().clone());
            for q in rules.iter().flat_map(|r| r.questions.iter()) {
                if !ids.contains(&q.id) {
                    ids.push(q.id.clone());
                }
            }
        }
        ids.push("Klaster".into());
        let mut text = ids.join(";");
        let empty = ";".repeat(ids.len() - 1);
        for _ in 0..CHUNK_ROWS + 5 {
            text.push('\n');
            text.push_str(&empty);
            text.push_str("Pesisir");
        }
        give(text.as_bytes());
        assert_eq!(start(), 1);
        assert_eq!(rows(), CHUNK_ROWS);
        assert_eq!(rows(), 5);
        assert_eq!(rows(), 0);
        assert_eq!(households(), u64::from(CHUNK_ROWS) + 5);
    }

    #[test]
    fn a_file_without_the_rule_sets_columns_does_not_start() {
        give(b"luas_lantai;jumlah_anggota\n40;2\n");
        assert_eq!(start(), 0);
        assert_eq!(rows(), 0);
        assert_eq!(households(), 0);
    }
}
