#!/usr/bin/env bash
# make bench: runs the benchmarks and writes bench/RESULTS.md with the
# machine, the commands and the figures.
set -eu
cd "$(dirname "$0")/.."
bench/make-corpus.sh
b=build/bench/bench_text
out=bench/RESULTS.md
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
{
  echo "# Benchmark results"
  echo
  echo "Written by \`make bench\` ($(date -u +%Y-%m-%d)). Machine: $cpu, $(nproc) cores,"
  echo "$(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -sr). One core, medians of 5 runs,"
  echo "input in memory (start-up and disk excluded). On this shared virtual machine the"
  echo "same binary measures up to 40% apart between runs (e.g. 57-86 MB/s for the"
  echo "first figure, 4,300-8,200 sentences/s for the pipeline); compare within one run."
  echo
  echo "## Reading + tokenizing + sentence splitting (issue 2: >= 50 MB/s)"
  echo
  echo "JSONL stream, \`$b bench/out/news.jsonl\`:"
  echo
  echo '```'
  "$b" --runs 5 bench/out/news.jsonl
  echo '```'
  echo
  echo "Scraped plain-text articles with chrome (the text reader's line rules"
  echo "included; a 1 MB set, so 21 runs), \`$b bench/out/articles/*\`:"
  echo
  echo '```'
  "$b" --runs 21 bench/out/articles/*
  echo '```'
  echo
  echo "## Reading + text + time stage (issue 4: time >= 20 MB/s)"
  echo
  echo "\`$b --time bench/out/news.jsonl\`:"
  echo
  echo '```'
  "$b" --runs 5 --time bench/out/news.jsonl
  echo '```'
  if [ -x bench/time-bench.sh ]; then
    echo
    echo '```'
    bench/time-bench.sh 2>&1 || true
    echo '```'
  fi
  giga=${DATELINE_DATA:-../shared}/data/cameo/GigaWord.sample.PETR.xml
  if [ -f "$giga" ]; then
    echo
    echo "## The whole pipeline (issue 6: >= 10,000 sentences/s on one core)"
    echo
    echo "The 76 AFP sentences of the PETRARCH GigaWord sample, read from ../shared"
    echo "and repeated 200 times (15,200 sentences), through \`build/dateline code"
    echo "--format jsonl\` (read, text, tag, parse, dates, actors, events, JSON):"
    echo
    echo '```'
    for i in $(seq 1 200); do cat "$giga"; done > bench/out/gigaword200.xml
    for j in 1 2; do
      : > bench/out/giga.t
      for r in 1 2 3 4 5; do
        s0=$(date +%s.%N)
        build/dateline code -q -j $j --format jsonl bench/out/gigaword200.xml > bench/out/giga.jsonl
        s1=$(date +%s.%N)
        awk -v a="$s0" -v b="$s1" 'BEGIN{print b - a}' >> bench/out/giga.t
      done
      n=$(grep -c '"type":"doc"' bench/out/giga.jsonl)
      sort -n bench/out/giga.t | awk -v n="$n" -v j="$j" '{v[NR]=$1} END{m=v[3];
        printf "-j %d: %d sentences in %.2f s = %.0f sentences/s (median of 5; best %.2f s, worst %.2f s)\n", j, n, m, n/m, v[1], v[5]}'
    done
    echo '```'
    [ -f bench/notes-pipeline.md ] && { echo; cat bench/notes-pipeline.md; }
  fi
  if [ -x bench/ingest-bench.sh ]; then
    echo
    echo "## Ingest into the store against code (issue 7: ingest >= 90% of code)"
    echo
    echo "\`bench/ingest-bench.sh\`: \`dateline ingest -j 2 --db fresh.db\` against \`dateline code -j 2"
    echo "--format jsonl\` on the same input, runs interleaved, median wall and CPU time:"
    echo
    echo '```'
    bench/ingest-bench.sh 11 2>&1 || true
    echo '```'
    [ -f bench/notes-ingest.md ] && { echo; cat bench/notes-ingest.md; }
  fi
  if [ -x bench/nlp-bench.sh ]; then
    echo
    echo "## Tagging + parsing (issue 3)"
    echo
    echo '```'
    bench/nlp-bench.sh 2>&1 || true
    echo '```'
  fi
} >"$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
