#!/usr/bin/env bash
# bench/time-bench.sh [BUILD_DIR] -- the time stage next to chrono-node.
#
# The same texts go through both: the two seed articles (reference dates
# 2018-12-03 and 2019-02-21) and the TimeBank and AQUAINT texts of
# TBAQ-cleaned (reference date: each file's DCT). For each system and set
# it prints how many gold DATE/TIME expressions it found (overlapping span),
# the value accuracy on those, and MB/s on one core.
#
#   chrono-node   bench/chrono/run.js; installed into bench/chrono/node_modules
#                 by npm when missing; timed around chrono.parse() only
#   Dateline      bench/bench_time.c (public API: dl_doc_set_body, dl_text_run,
#                 dl_time_run), texts in memory, median of 5 runs; built by
#                 CMake when bench/CMakeLists.txt lists it, else compiled here
#                 against BUILD_DIR/libdateline.a
#
# Both are scored by the same code (run.js) on the same cleaned texts; the
# official Dateline figures are those of `dateline eval timeml`, printed last.
# Data from $DATELINE_DATA or ../shared. Work files go to bench/out/time/.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
data=${DATELINE_DATA:-../shared}
tbaq=$data/data/tempeval/TBAQ-cleaned
out=bench/out/time
if [ ! -d "$tbaq" ] || [ ! -d "$data/seeds" ]; then
  echo "skipped: no seeds or TBAQ-cleaned under $data (set DATELINE_DATA)"
  exit 0
fi
command -v node >/dev/null && command -v npm >/dev/null || { echo "skipped: node and npm are needed"; exit 0; }
if [ ! -d bench/chrono/node_modules/chrono-node ]; then
  (cd bench/chrono && npm install --no-audit --no-fund)
fi
mkdir -p "$out"
bt=$build/bench/bench_time
if [ ! -x "$bt" ]; then
  [ -f "$build/libdateline.a" ] || { echo "build the library first: cmake -S . -B $build && cmake --build $build"; exit 2; }
  bt=$out/bench_time
  cc -std=c11 -O2 -Iinclude bench/bench_time.c "$build/libdateline.a" -lpthread -lm -o "$bt"
fi

node bench/chrono/run.js prepare "$out" "$data/seeds" "$data/gold/seeds.json" "$tbaq/TimeBank" "$tbaq/AQUAINT"
"$bt" -r 5 "$out/list.tsv" >"$out/dateline.tsv"
node bench/chrono/run.js score "$out" 5
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(uname -sr)"
if "$build/dateline" eval timeml --help >/dev/null 2>&1; then
  echo "official: $build/dateline eval timeml --no-parse $tbaq"
  "$build/dateline" eval timeml --no-parse "$tbaq" | tail -1
fi
