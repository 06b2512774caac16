#!/bin/sh
# bench/nlp-bench.sh -- speed of tagging + parsing, and peak memory.
#
#   bench/nlp-bench.sh [path/to/dateline]      (default build/dateline)
#
# Input: the 76 AFP sentences of the PETRARCH GigaWord sample (news text),
# read at run time from $DATELINE_DATA or ../shared (never copied into the
# project), repeated REPS times (default 300) into one temporary file.
# `dateline parse --stats` times the nlp stage alone (tagger, lemmatizer,
# parser on one core) apart from model loading, tokenization and output;
# /usr/bin/time -v gives the peak RSS of the whole run. Three runs; the
# median is reported.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/dateline}
data=${DATELINE_DATA:-$root/../shared}
xml=$data/data/cameo/GigaWord.sample.PETR.xml
reps=${REPS:-300}
models=${DATELINE_MODELS:-$root/models}
if [ ! -r "$xml" ]; then
  echo "nlp-bench: skipped: no $xml" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the <Text> elements, one paragraph each
awk '/<Text>/ { t = 1; next }
     /<\/Text>/ { t = 0; print ""; print ""; next }
     t { printf "%s ", $0 }' "$xml" > "$tmp/once.txt"
i=0
while [ "$i" -lt "$reps" ]; do cat "$tmp/once.txt"; i=$((i + 1)); done > "$tmp/news.txt"

for run in 1 2 3; do
  /usr/bin/time -v "$bin" parse --stats --models "$models" "$tmp/news.txt" \
    > "$tmp/out.conllu" 2> "$tmp/err.$run"
  grep 'nlp stage' "$tmp/err.$run" | sed 's/.*: \([0-9]*\) tokens\/s/\1/' >> "$tmp/speed"
  grep 'Maximum resident' "$tmp/err.$run" | awk '{print $NF}' >> "$tmp/rss"
done
tokens=$(grep 'nlp stage' "$tmp/err.1" | awk '{print $3}')
speed=$(sort -n "$tmp/speed" | sed -n 2p)
rss=$(sort -n "$tmp/rss" | sed -n 2p)
load=$(grep 'models loaded' "$tmp/err.1" | awk '{print $4}')
size=$(cat "$models/tagger.dlm" "$models/parser.dlm" | wc -c)
verify=$(cut -f1-8 "$tmp/out.conllu" | cksum | awk '{print $1}')
echo "machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), one core"
echo "command: bench/nlp-bench.sh ($bin parse --stats, GigaWord sample x $reps)"
echo "tokens: $tokens"
echo "nlp stage (tag + lemma + parse): $speed tokens/s (median of 3)"
echo "peak RSS (whole run): $((rss / 1024)) MB"
echo "model load: $load ms; models on disk: $((size / 1024)) KB"
echo "verify (cksum of CoNLL-U columns 1-8): $verify"
