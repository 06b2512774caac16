#!/usr/bin/env bash
# Builds the benchmark inputs in bench/out/ from the project's own example
# articles (never from ../shared, which is read in place when used):
#   news.jsonl   the example bodies as JSONL records, repeated to ~50 MB
#   articles/    the plain-text example articles, each copied 40 times
set -eu
cd "$(dirname "$0")/.."
mkdir -p bench/out/articles
if [ ! -s bench/out/news.jsonl ]; then
  python3 - <<'PY'
import json, glob
recs = []
for f in sorted(glob.glob("examples/*.txt")):
    body = open(f, encoding="utf-8").read()
    recs.append(json.dumps({"id": f, "title": f, "text": body}))
line = "\n".join(recs) + "\n"
with open("bench/out/news.jsonl", "w", encoding="utf-8") as out:
    size = 0
    while size < 50_000_000:
        out.write(line)
        size += len(line.encode("utf-8"))
PY
fi
for f in examples/*.txt; do
  for i in $(seq 1 40); do cp "$f" "bench/out/articles/$i-$(basename "$f")"; done
done
