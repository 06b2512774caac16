#!/usr/bin/env bash
# Ingest against code on the same input (issue 7: the store must not be
# the bottleneck, ingest >= 90% of code's speed):
#
#   build/dateline code   -q -j 2 --format jsonl INPUT > out.jsonl
#   build/dateline ingest -q -j 2 --db fresh.db  INPUT
#
# Runs are interleaved (code, ingest, code, ...) so a busy machine slows
# both alike; the figure is the median wall time of each. The median CPU
# time (user + system, all threads) is given too: on a machine others keep
# busy the wall times swing by a third from run to run, and the CPU times
# show what the store adds (with both cores saturated, the wall-time
# ratio tends to the CPU-time ratio). Inputs:
#   articles   the example articles (plain text with chrome), each copied
#              100 times into its own directory: 1,000 documents
#   gigaword   the PETRARCH GigaWord sample as 200 files (one-sentence
#              documents: the most per-document work for the store), when
#              ../shared is there
# Usage: bench/ingest-bench.sh [RUNS]   (default 5)
set -eu
cd "$(dirname "$0")/.."
runs=${1:-5}
bin=${DATELINE:-build/dateline}  # DATELINE=path: another build, e.g. the one before a change
out=bench/out/ingest
mkdir -p "$out"
if [ ! -d "$out/articles/100" ]; then
  for i in $(seq -w 1 100); do mkdir -p "$out/articles/$i" && cp examples/*.txt "$out/articles/$i/"; done
fi
giga=${DATELINE_DATA:-../shared}/data/cameo/GigaWord.sample.PETR.xml
if [ -f "$giga" ] && [ ! -f "$out/gigaword/g200.xml" ]; then
  mkdir -p "$out/gigaword"
  for i in $(seq 1 200); do cp "$giga" "$out/gigaword/g$i.xml"; done
fi

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# secs CMD...: "WALL CPU" in seconds
secs() {
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$out/time.tmp" "$@"
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" '{ print b - a, $1 + $2 }' "$out/time.tmp"
}

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
for set in ${SETS:-articles gigaword}; do
  [ -d "$out/$set" ] || continue
  : >"$out/code.t"
  : >"$out/ingest.t"
  for r in $(seq 1 "$runs"); do
    { secs "$bin" code -q -j 2 --format jsonl -o "$out/code.jsonl" "$out/$set"; } >>"$out/code.t"
    rm -f "$out/fresh.db" "$out/fresh.db-wal" "$out/fresh.db-shm"
    { secs "$bin" ingest -q -j 2 --db "$out/fresh.db" "$out/$set"; } >>"$out/ingest.t"
  done
  docs=$(grep -c '"type":"doc"' "$out/code.jsonl")
  sents=$(grep '"type":"doc"' "$out/code.jsonl" | sed 's/.*"sentences":\([0-9]*\).*/\1/' | awk '{ n += $1 } END { print n }')
  stored=$(sqlite3 "$out/fresh.db" 'select count(*) from documents' 2>/dev/null || echo "?")
  c=$(cut -d' ' -f1 "$out/code.t" | median)
  i=$(cut -d' ' -f1 "$out/ingest.t" | median)
  cc=$(cut -d' ' -f2 "$out/code.t" | median)
  ic=$(cut -d' ' -f2 "$out/ingest.t" | median)
  awk -v set="$set" -v d="$docs" -v s="$sents" -v st="$stored" -v c="$c" -v i="$i" -v cc="$cc" -v ic="$ic" -v n="$runs" 'BEGIN {
    printf "%-9s %d documents, %d sentences (%s distinct documents stored); median of %d runs\n", set, d, s, st, n
    printf "  code   -j 2: %6.2f s  %7.0f sentences/s   CPU %6.2f s\n", c, s / c, cc
    printf "  ingest -j 2: %6.2f s  %7.0f sentences/s   CPU %6.2f s   = %.0f%% of code (CPU: %.0f%%)\n", i, s / i, ic, 100 * c / i, 100 * cc / ic
  }'
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
