#!/usr/bin/env python3
"""Prints the gzip size of the release build's .wasm, .js and .css files and fails when their total
exceeds the budget in size-budget.txt (bytes; it only ever goes down)."""

import gzip
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else root / "dist")
budget = int((root / "size-budget.txt").read_text().split()[0])

files = sorted(p for p in dist.rglob("*") if p.suffix in {".wasm", ".js", ".css"})
if not files:
    sys.exit(f"size budget: no .wasm/.js/.css files in {dist}")

total = 0
for path in files:
    raw = path.read_bytes()
    size = len(gzip.compress(raw, compresslevel=9, mtime=0))
    total += size
    print(f"  {path.relative_to(dist)}: {len(raw):>9,} bytes, gzip {size:>8,} bytes")
print(f"size budget: gzip total {total:,} bytes of {budget:,} allowed ({100 * total / budget:.1f} %)")
if total > budget:
    sys.exit(f"size budget exceeded by {total - budget:,} bytes")
