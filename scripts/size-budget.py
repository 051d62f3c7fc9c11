#!/usr/bin/env python3
"""Prints the gzip size of the release build's .wasm, .js and .css files and fails when a total exceeds
its budget in size-budget.txt (bytes; a budget only ever goes down).

Two totals, because they reach people differently: `page` is what every visit downloads (the app's
wasm, its JavaScript and the styles); `worker` is the household-file worker (timbang-worker*), fetched only
when someone opens that view."""

import gzip
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else root / "dist")
budgets = {}
for line in (root / "size-budget.txt").read_text().splitlines():
    words = line.split("#")[0].split()
    if len(words) == 2:
        budgets[words[0]] = int(words[1])
if set(budgets) != {"page", "worker"}:
    sys.exit("size-budget.txt must give a `page` and a `worker` budget")

LOW_MEMORY = 1024


def uleb(data, at):
    """The unsigned LEB128 number at `at`, and where it ends."""
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def lowest_data_offset(wasm):
    """The lowest address an active data segment of this module starts at (None if there is none).

    index.html gives wasm-opt `--low-memory-unused`, which is only sound while nothing lives below 1,024:
    rustc's wasm32 puts the stack first and the data from 1 MiB. A toolchain that laid data out low
    would make that flag miscompile silently, so the budget check stops the build instead."""
    lowest, at = None, 8
    while at < len(wasm):
        section, (size, body) = wasm[at], uleb(wasm, at + 1)
        at = body + size
        if section != 11:
            continue
        count, cur = uleb(wasm, body)
        for _ in range(count):
            flags, cur = uleb(wasm, cur)
            if flags == 1:  # passive: copied where the code says, at run time
                length, cur = uleb(wasm, cur)
                cur += length
                continue
            if flags == 2:
                _, cur = uleb(wasm, cur)
            if wasm[cur] != 0x41:  # anything but `i32.const N`: cannot tell, so assume the worst
                return 0
            offset, cur = uleb(wasm, cur + 1)  # non-negative offsets: unsigned and signed agree below 2^31
            if wasm[cur] != 0x0B:  # more than `i32.const N` before `end` (extended constants)
                return 0
            cur += 1
            length, cur = uleb(wasm, cur)
            cur += length
            lowest = offset if lowest is None else min(lowest, offset)
    return lowest


files = sorted(p for p in dist.rglob("*") if p.suffix in {".wasm", ".js", ".css"})
if not files:
    sys.exit(f"size budget: no .wasm/.js/.css files in {dist}")

totals = {"page": 0, "worker": 0}
for path in files:
    raw = path.read_bytes()
    if path.suffix == ".wasm":
        lowest = lowest_data_offset(raw)
        if lowest is not None and lowest < LOW_MEMORY:
            sys.exit(f"{path.name}: data at address {lowest}, below {LOW_MEMORY}: --low-memory-unused is unsound")
    size = len(gzip.compress(raw, compresslevel=9, mtime=0))
    part = "worker" if path.name.startswith("timbang-worker") else "page"
    totals[part] += size
    print(f"  {part:6} {path.relative_to(dist)}: {len(raw):>9,} bytes, gzip {size:>8,} bytes")
over = []
for part, total in totals.items():
    budget = budgets[part]
    print(f"size budget ({part}): gzip total {total:,} bytes of {budget:,} allowed ({100 * total / budget:.1f} %)")
    if total > budget:
        over.append(f"{part} exceeds its budget by {total - budget:,} bytes")
if over:
    sys.exit("; ".join(over))
