#!/usr/bin/env bash
# Rewrites tests/golden/ from the current build. Read `git diff tests/golden`
# afterwards: every change there is a change in what users get.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/dateline}
mkdir -p tests/golden
for f in examples/*; do
  "$bin" annotate --format text "$f" >"tests/golden/$(basename "$f").txt" 2>/dev/null
done
"$bin" code --format jsonl examples/ >tests/golden/code.jsonl 2>/dev/null
# the store's views of the examples (tests/store.sh)
db=$(mktemp -d)/golden.db
"$bin" ingest -q --db "$db" examples/
"$bin" timeline --db "$db" >tests/golden/timeline.txt
"$bin" events --db "$db" --format phoenix >tests/golden/events.phoenix.tsv
rm -rf "$(dirname "$db")"
echo "tests/golden rewritten; review with git diff tests/golden"
