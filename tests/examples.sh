#!/usr/bin/env bash
# The bundled examples read right.
#  1. Each article's metadata, first and last body words and sentence count
#     against tests/examples-meta.tsv (written by hand from the articles).
#  2. Golden files: `dateline annotate --format text` of every example
#     (metadata, numbered sentences, quotations) and `dateline code
#     --format jsonl` of all of them must equal tests/golden/ exactly.
#     After an intended change: tools/update-golden.sh, and read the diff.
set -u
bin=${1:?usage: examples.sh path/to/dateline}
src=${DL_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$src" || exit 2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. the hand-made expectations
while IFS=$'\t' read -r file title byline published first last nsent; do
  [ "$file" = file ] && continue
  out="$tmp/$file.txt"
  "$bin" annotate --format text "examples/$file" >"$out" 2>"$tmp/err" || {
    echo "FAIL $file: exit $?: $(cat "$tmp/err")"; fail=1; continue; }
  field() { awk -v k="$1" '$1==k { sub(/^[^ ]+ +/, ""); print; exit }' "$out"; }
  want_pub=$published
  got_pub=$(field published)
  # a page dated only by "Last updated" has no published time of its own
  [ "$got_pub" = - ] && [ "$(field updated)" = "$published" ] && got_pub=$published
  for pair in "title|$title|$(field title)" "byline|$byline|$(field byline)" \
              "published|$want_pub|$got_pub"; do
    IFS='|' read -r k want got <<<"$pair"
    [ "$want" = "$got" ] || { echo "FAIL $file: $k: want '$want' got '$got'"; fail=1; }
  done
  got_n=$(grep -c '^s[0-9]' "$out")
  [ "$got_n" = "$nsent" ] || { echo "FAIL $file: sentences: want $nsent got $got_n"; fail=1; }
  s1=$(grep -m1 '^s1 ' "$out" | sed -E 's/^s[0-9]+ +p[0-9]+ +//')
  sl=$(grep '^s[0-9]' "$out" | tail -1 | sed -E 's/^s[0-9]+ +p[0-9]+ +//')
  case "$s1" in "$first"*) ;; *) echo "FAIL $file: body starts '${s1:0:60}', want '$first'"; fail=1 ;; esac
  case "$sl" in *"$last") ;; *) echo "FAIL $file: body ends '${sl: -60}', want '$last'"; fail=1 ;; esac
done <tests/examples-meta.tsv

# 2. golden files
for f in examples/*; do
  name=$(basename "$f")
  "$bin" annotate --format text "$f" >"$tmp/$name.golden" 2>/dev/null
  if ! diff -u "tests/golden/$name.txt" "$tmp/$name.golden" >"$tmp/diff"; then
    echo "FAIL golden $name:"; head -40 "$tmp/diff"; fail=1
  fi
done
"$bin" code --format jsonl examples/ >"$tmp/code.jsonl" 2>/dev/null
if ! diff -u tests/golden/code.jsonl "$tmp/code.jsonl" >"$tmp/diff"; then
  echo "FAIL golden code.jsonl:"; head -40 "$tmp/diff"; fail=1
fi
[ $fail = 0 ] && echo "examples: all match"
exit $fail
