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

files = sorted(p for p in dist.rglob("*") if p.suffix in {".wasm", ".js", ".css"})
if not files:
    sys.exit(f"size budget: no .wasm/.js/.css files in {dist}")

totals = {"page": 0, "worker": 0}
for path in files:
    raw = path.read_bytes()
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
