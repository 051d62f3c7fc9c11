#!/usr/bin/env bash
# The worker's work per household row, counted in WebAssembly operations (bench/wasm-ops): the same
# figure on every run, where this machine's timings vary by half. Compare a change with the commit
# before it by running this on both; then check the time in the browser (scripts/bench-batch.mjs).
#
# Generates HOUSEHOLDS (default 20,000) households for the Bantaeng and BPS rule sets (the batch
# benchmark's file, smaller), builds bench/wasm-ops for wasm32 with the worker's cargo profile (before
# wasm-opt, which changed the count by under 2 %), installs wasmtime for Python in target/bench-venv at
# a pinned version, and prints the operations of the setup and per row.
#
# With V8=1 it also counts the x86 instructions that V8's optimised code for the same calls executes per
# row (Node with --no-liftoff, under valgrind's callgrind). Load does not move it, but one build gave
# 12,052 to 12,826 in three runs: run it three times and take the median. Operations are the stack
# machine's, local.get and local.set included, which V8 mostly turns
# into registers: a word-at-a-time line split cut them by 4 % and made V8's code 5 % longer and
# slower. Use both before a browser run. V8=1 needs Debian's valgrind.
#
# Usage: scripts/bench-wasm-ops.sh            (env: HOUSEHOLDS, BENCH_DIR, V8)
set -euo pipefail
cd "$(dirname "$0")/.."

HOUSEHOLDS=${HOUSEHOLDS:-20000}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/timbang-bench}
WASMTIME_VERSION=50.0.1

say() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
say "building bench/wasm-ops (wasm32, worker profile)"
cargo build --quiet --locked --profile worker -p timbang-wasm-ops --target wasm32-unknown-unknown
WASM=target/wasm32-unknown-unknown/worker/timbang_wasm_ops.wasm

VENV=target/bench-venv
if ! "$VENV/bin/python" -c "import wasmtime" 2>/dev/null \
    || [[ "$("$VENV/bin/python" -m pip show wasmtime 2>/dev/null | sed -n 's/^Version: //p')" != "$WASMTIME_VERSION" ]]; then
    say "installing wasmtime $WASMTIME_VERSION for Python in $VENV"
    python3 -m venv "$VENV" || { say "python3 -m venv failed: on Debian, apt-get install python3-venv"; exit 1; }
    "$VENV/bin/python" -m pip install --quiet "wasmtime==$WASMTIME_VERSION"
fi

[[ -d node_modules ]] || npm ci --silent
# The benchmark's file of $1 households (generated once, as bench-batch.mjs's); prints its path.
bench_file() {
    node --input-type=module -e "
        import { benchFile } from './scripts/households.mjs';
        console.log(await benchFile(process.cwd(), process.argv[1], Number(process.argv[2])));
    " "$BENCH_DIR" "$1"
}
INPUT=$(bench_file "$HOUSEHOLDS")

"$VENV/bin/python" scripts/wasm_ops.py "$WASM" "$INPUT"

if [[ "${V8:-}" == 1 ]]; then
    command -v valgrind >/dev/null || { say "V8=1 needs valgrind: apt-get update && apt-get install -y valgrind"; exit 1; }
    # The instructions of a run over the first HOUSEHOLDS rows of a file twice as long and over all
    # of it, one pass each: their difference is HOUSEHOLDS rows, without Node's start, the compile and
    # the rule sets' setup.
    N=$HOUSEHOLDS
    LONG=$(bench_file $(( 2 * N )))
    head -n $(( N + 1 )) "$LONG" > "$BENCH_DIR/wasm-rows-half.csv"
    count() {
        valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file=/dev/null \
            node --no-liftoff --single-threaded scripts/wasm_rows.mjs "$WASM" "$1" 2>&1 \
            | sed -n 's/.*Collected : //p'
    }
    say "counting V8's instructions under valgrind (a few minutes)"
    one=$(count "$BENCH_DIR/wasm-rows-half.csv")
    two=$(count "$LONG")
    echo "V8 x86 instructions per row: $(( (two - one) / N )) (2 variants, TurboFan, $N rows)"
fi
