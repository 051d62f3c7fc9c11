#!/usr/bin/env bash
# Benchmark of `timbang classify` end to end (read, parse, classify, write) on one core.
#
# Generates HOUSEHOLDS (default 1,000,000) pseudo-random households for RULES (default the BPS 14
# criteria) into a temporary directory with the hidden `timbang generate`, runs `timbang classify`
# RUNS times (default 3) and prints the median wall time and households per second, and the median
# CPU time. Not part of the test suite.
#
# Usage: scripts/bench-classify.sh            (env: HOUSEHOLDS, RULES, RUNS, BENCH_DIR, CARGO_TARGET_DIR,
#                                              BIN: an already built `timbang` to measure instead)
#
# The workspace's release profile optimises the web app for size (opt-level "z"); the CLI is built
# here with the same profile at opt-level 3, as a user installing the CLI should.
set -euo pipefail
cd "$(dirname "$0")/.."

HOUSEHOLDS=${HOUSEHOLDS:-1000000}
RULES=${RULES:-rulesets/bps-14.json}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/timbang-bench}
TARGET=${CARGO_TARGET_DIR:-target}

say() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

if [[ -z "${BIN:-}" ]]; then
    say "building timbang (release, opt-level 3)"
    CARGO_PROFILE_RELEASE_OPT_LEVEL=3 cargo build --quiet --release -p timbang-cli
    BIN="$TARGET/release/timbang"
fi

mkdir -p "$BENCH_DIR"
INPUT="$BENCH_DIR/households-$HOUSEHOLDS.csv"
OUTPUT="$BENCH_DIR/classified-$HOUSEHOLDS.csv"
say "generating $HOUSEHOLDS households for $RULES"
"$BIN" generate --rules "$RULES" --households "$HOUSEHOLDS" --seed 42 --output "$INPUT"
BYTES=$(wc -c < "$INPUT")

walls=()
cpus=()
TIMEFORMAT='%R %U %S'
for run in $(seq "$RUNS"); do
    times=$( { time "$BIN" classify --rules "$RULES" --input "$INPUT" --output "$OUTPUT" 2>/dev/null; } 2>&1 )
    read -r wall user sys <<< "$times"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
    say "run $run: wall ${wall}s, cpu ${cpu}s"
    walls+=("$wall")
    cpus+=("$cpu")
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
WALL=$(median "${walls[@]}")
CPU=$(median "${cpus[@]}")
awk -v n="$HOUSEHOLDS" -v w="$WALL" -v c="$CPU" -v b="$BYTES" -v r="$RULES" -v k="$RUNS" 'BEGIN {
    printf "rule set:            %s\n", r
    printf "households:          %d (%.0f bytes each, %.1f MB)\n", n, b / n, b / 1e6
    printf "median of %d runs:    %.3f s wall, %.3f s cpu\n", k, w, c
    printf "households/s (wall): %.0f\n", n / w
    printf "households/s (cpu):  %.0f\n", n / c
    printf "per household (cpu): %.0f ns\n", c / n * 1e9
}'
