#!/usr/bin/env bash
# The time stage against TimeML corpora: `dateline eval timeml` on
# TimeBank + AQUAINT (TBAQ-cleaned) and on MEANTIME, from $DATELINE_DATA or
# else ../shared next to the source tree. Skipped, with the reason, when the
# data is not there.
#
# It always checks that the command runs cleanly (exit 0, the last line in
# the fixed form) and prints the per-corpus lines. The quality thresholds of
# issue 4 (TBAQ DATE+TIME: relaxed F1 >= 0.90, value accuracy >= 0.85) are
# enforced; DL_TIMEML_ENFORCE=0 only prints.
set -u
bin=${1:?usage: timeml.sh path/to/dateline}
src=${DL_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
data=${DATELINE_DATA:-$src/../shared}
tbaq=$data/data/tempeval/TBAQ-cleaned
meantime=$data/data/tempeval/meantime-en
if [ ! -d "$tbaq" ]; then
  echo "skipped: no TimeML data at $tbaq (set DATELINE_DATA)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# runs the evaluation on one corpus; prints its score lines
run() {
  local name=$1; shift
  "$bin" eval timeml "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  local rc=$?
  echo "== $name: dateline eval timeml $*"
  grep -v '^\(MISS\|FALSE\|VALUE\|SPAN\)	' "$tmp/$name.out" | tail -8
  if [ $rc != 0 ]; then
    echo "FAIL $name: exit $rc; stderr: $(head -3 "$tmp/$name.err")"
    fail=1
  fi
  if ! tail -1 "$tmp/$name.out" |
      grep -Eq '^strict-F1 [01]\.[0-9]{3} relaxed-F1 [01]\.[0-9]{3} value-accuracy [01]\.[0-9]{3} value-F1 [01]\.[0-9]{3}$'; then
    echo "FAIL $name: last line not in the form 'strict-F1 x relaxed-F1 x value-accuracy x value-F1 x'"
    fail=1
  fi
}

run tbaq --format tbaq "$tbaq"
if [ -d "$meantime" ]; then
  run meantime --format meantime "$meantime"
else
  echo "skipped meantime: no data at $meantime"
fi

if [ "${DL_TIMEML_ENFORCE:-1}" = 1 ]; then
  read -r _ _ _ relaxed _ vacc _ _ < <(tail -1 "$tmp/tbaq.out")
  if awk -v r="$relaxed" -v v="$vacc" 'BEGIN { exit !(r >= 0.90 && v >= 0.85) }'; then
    echo "ok   TBAQ relaxed-F1 $relaxed >= 0.90, value-accuracy $vacc >= 0.85"
  else
    echo "FAIL TBAQ relaxed-F1 $relaxed (want >= 0.90), value-accuracy $vacc (want >= 0.85)"
    fail=1
  fi
else
  echo "thresholds not enforced (DL_TIMEML_ENFORCE=0)"
fi
exit $fail
