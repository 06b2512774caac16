#!/usr/bin/env bash
# The event store from the command line:
#  1. ingest examples/, and again (nothing new); help and usage errors
#  2. golden files: `dateline timeline` and `dateline events --format
#     phoenix` of examples/ against tests/golden/ (tools/update-golden.sh
#     rewrites them after an intended change)
#  3. filter values with quotes and SQL in them are only values
#  4. readers are not blocked by a running ingest (WAL)
#  5. crash safety: kill -9 an ingest half-way, run it again: every
#     document stored exactly once, PRAGMA integrity_check ok
# Counting rows and the integrity check use the sqlite3 shell, or Python's
# sqlite3 module; the tests that need one are skipped without either.
set -u
bin=${1:?usage: store.sh path/to/dateline}
src=${DL_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$src" || exit 2
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
expect() { # expect NAME STATUS -- command...
  local name=$1 want=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" = "$want" ]; then ok "$name"; else bad "$name: exit $got, want $want; stderr: $(head -3 "$tmp/err")"; fi
}
has() { grep -qF -- "$2" "$tmp/$1" || bad "expected in $1: $2"; }

# sql DB QUERY: one value from a read-only connection
if [ -z "${DL_TEST_NO_SQLITE3:-}" ] && command -v sqlite3 >/dev/null 2>&1; then
  sql() { sqlite3 -readonly "$1" "$2" 2>/dev/null; }
elif python3 -c 'import sqlite3' 2>/dev/null; then
  sql() { python3 - "$1" "$2" <<'PY' 2>/dev/null
import sqlite3, sys
con = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=10)
for row in con.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PY
  }
else
  sql() { return 1; }
fi
have_sql=0
{ command -v sqlite3 >/dev/null 2>&1 || python3 -c 'import sqlite3' 2>/dev/null; } && have_sql=1

# 1. ingest, idempotence, help and usage
db=$tmp/ex.db
expect "ingest examples" 0 -- "$bin" ingest -q --db "$db" examples/
[ -s "$tmp/err" ] && bad "ingest wrote to stderr off a terminal: $(head -2 "$tmp/err")"
"$bin" events --db "$db" --format tsv --per-doc >"$tmp/ev1" 2>/dev/null
expect "ingest again" 0 -- "$bin" ingest -q --db "$db" examples/
"$bin" events --db "$db" --format tsv --per-doc >"$tmp/ev2" 2>/dev/null
cmp -s "$tmp/ev1" "$tmp/ev2" && ok "a second ingest stores nothing new" || bad "a second ingest changed the events"
[ "$(wc -l <"$tmp/ev1")" -gt 10 ] || bad "expected more than 10 events from examples/"
if [ $have_sql = 1 ]; then
  [ "$(sql "$db" 'select count(*) from documents')" = 14 ] && ok "14 documents stored" ||
    bad "documents: $(sql "$db" 'select count(*) from documents'), want 14"
  [ "$(sql "$db" 'PRAGMA journal_mode')" = wal ] && ok "WAL journal" || bad "not in WAL mode"
fi
for c in ingest events timeline quotes report; do
  expect "help $c" 0 -- "$bin" $c --help
  has out usage:
done
expect "ingest without --db" 2 -- "$bin" ingest examples/
has err "--db FILE is required"
expect "events without --db" 2 -- "$bin" events
expect "events on a missing store" 2 -- "$bin" events --db "$tmp/missing.db"
has err "$tmp/missing.db: No such file or directory"
expect "events --format xml" 2 -- "$bin" events --db "$db" --format xml
expect "bad --dyad" 2 -- "$bin" events --db "$db" --dyad USA
has err "--dyad needs two actors"
expect "bad --from" 2 -- "$bin" events --db "$db" --from "June 2018"
expect "not a store" 2 -- "$bin" events --db "$src/README.md"
has err "not a Dateline store"
expect "bad input is reported, the rest stored" 1 -- "$bin" ingest -q --db "$tmp/bad.db" \
  "$tmp/missing.txt" examples/01-herald-hanoi.txt
has err "dateline: $tmp/missing.txt: No such file or directory"
"$bin" events --db "$tmp/bad.db" --format tsv | grep -q 01-herald-hanoi && ok "the good file was stored" ||
  bad "the good file was not stored"

# 2. golden files
"$bin" timeline --db "$db" >"$tmp/timeline.txt" 2>"$tmp/err"
if diff -u tests/golden/timeline.txt "$tmp/timeline.txt" >"$tmp/diff"; then ok "golden timeline"
else bad "golden timeline:"; head -40 "$tmp/diff"; fi
"$bin" events --db "$db" --format phoenix >"$tmp/phoenix.tsv" 2>"$tmp/err"
if diff -u tests/golden/events.phoenix.tsv "$tmp/phoenix.tsv" >"$tmp/diff"; then ok "golden phoenix"
else bad "golden phoenix:"; head -40 "$tmp/diff"; fi
awk -F'\t' 'NF != 26 { bad = 1 } END { exit bad }' "$tmp/phoenix.tsv" && ok "phoenix rows have 26 columns" ||
  bad "a phoenix row without 26 columns"
expect "dyad and dates" 0 -- "$bin" events --db "$db" --dyad USA:PRK --from 2018-06 --to 2019-03 --format tsv
[ "$(grep -c . "$tmp/out")" -ge 3 ] || bad "dyad USA:PRK 2018-06..2019-03: expected events"
grep -v '^id' "$tmp/out" | awk -F'\t' '($4 !~ /^(USA|PRK)/ || $6 !~ /^(USA|PRK)/) { exit 1 }' ||
  bad "dyad filter let another actor through"
expect "text filter" 0 -- "$bin" events --db "$db" --text sanctions --format csv
has out "sanctions"
expect "quotes by speaker" 0 -- "$bin" quotes --db "$db" --speaker "Moon Jae-in" --format tsv
has out "Moon Jae-in"
expect "events by speaker" 0 -- "$bin" events --db "$db" --speaker Pompeo --format tsv
[ "$(grep -vc '^id' "$tmp/out")" -ge 2 ] && grep -v '^id' "$tmp/out" | awk -F'\t' '$5 != "Mike Pompeo" { exit 1 }' &&
  ok "events --speaker: a word of the source's name, also where the text says 'he'" ||
  bad "events --speaker Pompeo: $(head -3 "$tmp/out")"

# filter values that cannot match anything are usage errors, not empty lists
for bad in "--mode foo" "--root 4" "--root abc" "--code 04x" "--from 2019-13" "--from 2019-02-30" \
           "--to 2019-1"; do
  expect "events $bad" 2 -- "$bin" events --db "$db" $bad --format tsv
done
expect "events --mode in capitals" 0 -- "$bin" events --db "$db" --mode ASSERTED --format tsv
[ "$(grep -vc '^id' "$tmp/out")" -ge 1 ] || bad "--mode ASSERTED found nothing"
expect "timeline --format" 2 -- "$bin" timeline --db "$db" --format tsv
expect "report --format" 2 -- "$bin" report --db "$db" --format csv --out "$tmp/r.html"

# 3. injection: quotes and SQL in every filter are only values
for v in "'; DROP TABLE events; --" "\" OR 1=1 --" "USA' OR '1'='1" "NEAR(a b)" '*' "%" "x'||(select 1)||'"; do
  for opt in --source --target --actor --root --code --mode --text --speaker; do
    "$bin" events --db "$db" $opt "$v" --format tsv >"$tmp/out" 2>"$tmp/err"
    st=$?
    case $opt in # codes and modes are checked first: such values are refused
      --root | --code | --mode) [ $st = 2 ] || bad "events $opt \"$v\": exit $st, want 2"; continue ;;
    esac
    if [ $st != 0 ]; then bad "events $opt \"$v\": exit $st: $(head -1 "$tmp/err")"; continue; fi
    [ "$(grep -vc '^id' "$tmp/out")" = 0 ] || bad "events $opt \"$v\" matched rows"
  done
  "$bin" quotes --db "$db" --speaker "$v" --format tsv >/dev/null 2>&1 || bad "quotes --speaker \"$v\" failed"
  "$bin" events --db "$db" --dyad "$v:$v" --format tsv >/dev/null 2>&1 || bad "events --dyad \"$v:$v\" failed"
done
"$bin" events --db "$db" --format tsv --per-doc >"$tmp/ev3" 2>/dev/null
cmp -s "$tmp/ev1" "$tmp/ev3" && ok "filter values are only values" || bad "the store changed after the injection attempts"

# a large input: the example articles copied into many directories, so
# every copy is a document of its own (its source, the path, differs; the
# JSONL records name their source, so their copies would be one document)
big=$tmp/big
mkdir -p "$big"
for i in $(seq -w 1 40); do mkdir -p "$big/$i" && cp examples/*.txt "$big/$i/"; done
"$bin" ingest -q --db "$tmp/one.db" examples/*.txt
want_docs=$(($(sql "$tmp/one.db" 'select count(*) from documents' || echo 0) * 40))
want_events=$(($(sql "$tmp/one.db" 'select count(*) from events' || echo 0) * 40))

# 4. readers while an ingest runs
rdb=$tmp/readers.db
"$bin" ingest -q -j 1 --batch 5 --db "$rdb" "$big" 2>"$tmp/ingest.err" &
ipid=$!
pids+=("$ipid")
reads=0 during=0 slow=0
for _ in $(seq 1 400); do
  [ -f "$rdb" ] || { sleep 0.05; continue; }
  t0=$(date +%s%N)
  if "$bin" events --db "$rdb" --format tsv >"$tmp/r.out" 2>"$tmp/r.err" &&
     "$bin" timeline --db "$rdb" --dyad USA:PRK >/dev/null 2>>"$tmp/r.err"; then
    reads=$((reads + 1))
  else
    bad "a query during the ingest failed: $(head -1 "$tmp/r.err")"; break
  fi
  t1=$(date +%s%N)
  [ $(((t1 - t0) / 1000000)) -gt 3000 ] && slow=$((slow + 1))
  kill -0 "$ipid" 2>/dev/null && during=$((during + 1)) || break
  sleep 0.1
done
wait "$ipid"
st=$?
[ $st = 0 ] || bad "ingest during reads: exit $st: $(head -2 "$tmp/ingest.err")"
if [ $during -ge 1 ] && [ $slow = 0 ]; then ok "$during queries answered while the ingest ran, none blocked"
elif [ $during = 0 ]; then echo "skip readers during ingest: the ingest ended before a query ran"
else bad "$slow queries took over 3 s during the ingest"; fi

# 5. kill -9 half-way, then resume
if [ $have_sql = 0 ]; then
  echo "skip crash test: neither the sqlite3 shell nor Python's sqlite3 module"
else
  kdb=$tmp/killed.db
  "$bin" ingest -q -j 1 --batch 3 --db "$kdb" "$big" 2>/dev/null &
  kpid=$!
  pids+=("$kpid")
  stored=0
  for _ in $(seq 1 600); do
    sleep 0.05
    stored=$(sql "$kdb" 'select count(*) from documents' || echo 0)
    [ "${stored:-0}" -ge 30 ] && break
  done
  if kill -0 "$kpid" 2>/dev/null; then
    kill -9 "$kpid"
    wait "$kpid" 2>/dev/null
    at_kill=$(sql "$kdb" 'select count(*) from documents')
    if [ "$at_kill" -gt 0 ] && [ "$at_kill" -lt $want_docs ]; then ok "killed with $at_kill of $want_docs documents stored"
    else bad "killed at $at_kill documents, expected some but not all"; fi
    [ "$(sql "$kdb" 'PRAGMA integrity_check')" = ok ] && ok "integrity_check after kill -9" ||
      bad "integrity_check after kill -9: $(sql "$kdb" 'PRAGMA integrity_check' | head -3)"
    expect "resume the ingest" 0 -- "$bin" ingest -q --db "$kdb" "$big"
    docs=$(sql "$kdb" 'select count(*) from documents')
    distinct=$(sql "$kdb" 'select count(distinct hash) from documents')
    events=$(sql "$kdb" 'select count(*) from events')
    orphans=$(sql "$kdb" 'select count(*) from events where doc not in (select id from documents)')
    sents=$(sql "$kdb" 'select count(*) from sentences')
    docsents=$(sql "$kdb" 'select sum(sentences) from documents')
    [ "$docs" = $want_docs ] && [ "$distinct" = $want_docs ] && ok "every document stored exactly once ($docs)" ||
      bad "after resume: $docs documents ($distinct distinct), want $want_docs"
    [ "$events" = $want_events ] && [ "$orphans" = 0 ] && ok "every event stored exactly once ($events)" ||
      bad "after resume: $events events ($orphans orphans), want $want_events"
    [ "$sents" = "$docsents" ] && ok "no partial document" || bad "sentences $sents, documents say $docsents"
    [ "$(sql "$kdb" 'PRAGMA integrity_check')" = ok ] && ok "integrity_check after resume" ||
      bad "integrity_check after resume"
  else
    wait "$kpid"
    bad "the ingest finished before it could be killed (stored $stored)"
  fi
fi

# 6. StateName: the place's first-level region, from a GeoNames
# gazetteer with admin1CodesASCII.txt beside it (two made-up rows)
geo=$tmp/geo
mkdir -p "$geo"
printf '%s\n' \
  "1	Jeddah	Jeddah		21.54238	39.19797	P	PPLA	SA		14					2867446	0	17	Asia/Riyadh	2020-01-01" \
  "2	Washington	Washington		38.89511	-77.03637	P	PPLC	US		DC					601723	7	6	America/New_York	2020-01-01" \
  >"$geo/cities.txt"
printf 'SA.14\tMecca Region\tMecca Region\t104515\nUS.DC\tDistrict of Columbia\tDistrict of Columbia\t4138106\n' \
  >"$geo/admin1CodesASCII.txt"
expect "ingest with a gazetteer" 0 -- "$bin" ingest -q --gazetteer "$geo/cities.txt" --db "$tmp/geo.db" examples/
"$bin" events --db "$tmp/geo.db" --format tsv >"$tmp/geo.tsv" 2>"$tmp/err"
awk -F'\t' '$16 == "Jeddah" && $28 == "Mecca Region" { j = 1 } $16 == "Washington" && $28 == "District of Columbia" { w = 1 }
  END { exit !(j && w) }' "$tmp/geo.tsv" && ok "place_admin1 from the gazetteer's admin-1 names" ||
  bad "place_admin1: $(cut -f16,17,28 "$tmp/geo.tsv" | sort -u | head -5 | tr '\n' ' ')"
"$bin" events --db "$tmp/geo.db" --format phoenix >"$tmp/geo.phx" 2>"$tmp/err"
awk -F'\t' '$21 == "Jeddah" && $22 == "Mecca Region" { j = 1 } END { exit !j }' "$tmp/geo.phx" &&
  ok "phoenix StateName from them" || bad "phoenix StateName: $(cut -f21-23 "$tmp/geo.phx" | sort -u | head -5 | tr '\n' ' ')"
awk -F'\t' '$22 != "" { exit 1 }' "$tmp/phoenix.tsv" && ok "no StateName without a gazetteer" ||
  bad "a StateName without a gazetteer"

# 7. a store of schema version 1 (made from a new one): read as it is,
# upgraded by an ingest
if command -v sqlite3 >/dev/null 2>&1 && [ -z "${DL_TEST_NO_SQLITE3:-}" ]; then
  old=$tmp/v1.db
  cp "$db" "$old"
  sqlite3 "$old" 'ALTER TABLE events DROP COLUMN place_admin1; ALTER TABLE mentions DROP COLUMN admin1;
    PRAGMA user_version=1' >/dev/null 2>&1
  if [ "$(sql "$old" 'PRAGMA user_version')" = 1 ]; then
    "$bin" events --db "$old" --format phoenix >"$tmp/v1.tsv" 2>"$tmp/err"
    cmp -s "$tmp/v1.tsv" tests/golden/events.phoenix.tsv && ok "a version-1 store is read" ||
      bad "a version-1 store: $(head -2 "$tmp/err")"
    expect "ingest upgrades a version-1 store" 0 -- "$bin" ingest -q --db "$old" examples/01-herald-hanoi.txt
    [ "$(sql "$old" 'PRAGMA user_version')" = 2 ] && [ "$(sql "$old" 'select count(place_admin1) from events')" = 0 ] &&
      ok "schema version 2 after the upgrade" || bad "schema version $(sql "$old" 'PRAGMA user_version') after the upgrade"
    "$bin" events --db "$old" --format phoenix >"$tmp/v2.tsv" 2>/dev/null
    cmp -s "$tmp/v2.tsv" tests/golden/events.phoenix.tsv && ok "the upgraded store answers as before" ||
      bad "the upgraded store's events differ"
  else
    echo "skip version-1 store: this sqlite3 cannot drop columns"
  fi
else
  echo "skip version-1 store: no sqlite3 shell"
fi

[ $fail = 0 ] && echo "store: all passed"
exit $fail
