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
  echo "input in memory (start-up and disk excluded)."
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
  echo "included), \`$b bench/out/articles/*\`:"
  echo
  echo '```'
  "$b" --runs 5 bench/out/articles/*
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
