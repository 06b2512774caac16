#!/usr/bin/env bash
# The HTML report: self-contained (no scripts, nothing fetched), text
# escaped, and, rendered by headless Chromium at a laptop's and a phone's
# width, a page with the plot (SVG with bars) and the timeline's rows.
# The rendering part is skipped, with a message, where no Chromium is
# installed (CI installs Debian's `chromium`).
set -u
bin=${1:?usage: report.sh path/to/dateline}
src=${DL_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$src" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }

db=$tmp/ex.db
"$bin" ingest -q --db "$db" examples/ || { bad "ingest examples/"; exit 1; }
events=$("$bin" events --db "$db" --format tsv | grep -vc '^id')
html=$tmp/report.html
"$bin" report --db "$db" --out "$html" --title 'Report <b>&</b> "quotes"' 2>"$tmp/err" ||
  bad "report: $(head -2 "$tmp/err")"
[ -s "$html" ] || { bad "no report written"; exit 1; }

# self-contained and escaped
grep -qiE '<script|<link|<img|<iframe|src=|@import|url\(' "$html" && bad "the page loads or runs something" ||
  ok "no scripts, nothing fetched"
grep -qF 'Report &lt;b&gt;&amp;&lt;/b&gt; &quot;quotes&quot;' "$html" && ok "title escaped" || bad "title not escaped"
grep -qF '<b>&</b>' "$html" && bad "raw markup from the title in the page"
grep -q '<svg viewBox=' "$html" && ok "inline SVG plot" || bad "no SVG plot"
rows=$(grep -c '^<tr><td class="date">' "$html")
[ "$rows" = "$events" ] && ok "timeline has a row per event ($rows)" || bad "timeline rows $rows, events $events"
grep -q 'name="viewport"' "$html" && grep -q '@media (max-width:700px)' "$html" && ok "responsive layout" ||
  bad "no viewport or narrow-screen rules"
"$bin" report --db "$db" --out "$tmp/dyad.html" --dyad USA:PRK 2>/dev/null &&
  grep -q 'Events between USA and PRK' "$tmp/dyad.html" && ok "dyad report" || bad "dyad report"

# rendered
chrome=
for c in chromium chromium-browser google-chrome; do
  command -v "$c" >/dev/null 2>&1 && { chrome=$c; break; }
done
if [ -z "$chrome" ]; then
  echo "skip rendering: no Chromium installed (apt-get install chromium); CI runs it"
  [ $fail = 0 ] && echo "report: all passed"
  exit $fail
fi
run_chrome() {
  timeout 90 "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --no-first-run --user-data-dir="$tmp/profile" "$@" "file://$html" 2>>"$tmp/chrome.err"
}
for size in 1280,1600 375,2400; do
  shot=$tmp/shot-${size%,*}.png
  run_chrome --screenshot="$shot" --window-size=$size >/dev/null
  if [ -s "$shot" ] && [ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
    bytes=$(wc -c <"$shot")
    # a blank page compresses to a few kilobytes
    [ "$bytes" -gt 20000 ] && ok "screenshot at ${size/,/x}: $bytes bytes" ||
      bad "screenshot at ${size/,/x} looks empty ($bytes bytes)"
  else
    bad "no screenshot at ${size/,/x}: $(tail -2 "$tmp/chrome.err")"
  fi
done
run_chrome --dump-dom --window-size=375,2400 >"$tmp/dom.html"
grep -q '<svg' "$tmp/dom.html" && grep -q '<rect class="\(pos\|neg\)"' "$tmp/dom.html" &&
  ok "rendered page has the plot" || bad "rendered page has no plot"
drows=$(grep -o '<tr><td class="date">' "$tmp/dom.html" | wc -l)
[ "$drows" = "$events" ] && ok "rendered page has the $drows timeline rows" ||
  bad "rendered page has $drows timeline rows, want $events"
[ $fail = 0 ] && echo "report: all passed"
exit $fail
