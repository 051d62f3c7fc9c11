"""Counts the WebAssembly operations the worker's engine calls execute on a household file.

Usage: wasm_ops.py WASM CSV  (run by scripts/bench-wasm-ops.sh, which builds WASM and makes CSV)

Runs bench/wasm-ops (see its src/lib.rs) under wasmtime with fuel: one unit per operation executed,
so the figures are the same on every run and every machine. Prints the operations of the setup (rule
sets compiled, headers bound) and per row.
"""
import sys

import wasmtime


def main(wasm_path, csv_path):
    data = open(csv_path, "rb").read()
    config = wasmtime.Config()
    config.consume_fuel = True
    engine = wasmtime.Engine(config)
    store = wasmtime.Store(engine)
    store.set_fuel(10**15)
    instance = wasmtime.Instance(store, wasmtime.Module.from_file(engine, wasm_path), [])
    exports = instance.exports(store)
    at = exports["input"](store, len(data))
    exports["memory"].write(store, data, at)
    before = store.get_fuel()
    if exports["start"](store) != 1:
        sys.exit(f"{csv_path}: the rule sets do not bind to this file's headers")
    setup = before - store.get_fuel()
    before = store.get_fuel()
    rows = 0
    while True:
        taken = exports["rows"](store)
        if taken == 0:
            break
        rows += taken
    per_row = (before - store.get_fuel()) / max(rows, 1)
    counted = exports["households"](store)
    print(f"file:                {csv_path} ({len(data):,} bytes)")
    print(f"rows:                {rows:,} (counted: {counted:,})")
    print(f"setup:               {setup / 1e6:.2f} million operations")
    print(f"per row:             {per_row:,.0f} operations (2 variants)")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
