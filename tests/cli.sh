#!/usr/bin/env bash
# The command line: help, usage errors, exit codes, and bad input of every
# kind (each reported once with its file and line, the rest processed).
set -u
bin=${1:?usage: cli.sh path/to/dateline}
src=${DL_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
# expect NAME STATUS -- command...: runs it, keeps stdout/stderr in $tmp
expect() {
  local name=$1 want=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" = "$want" ]; then ok "$name"; else bad "$name: exit $got, want $want; stderr: $(head -3 "$tmp/err")"; fi
}
has() { grep -qF -- "$2" "$tmp/$1" || bad "expected in $1: $2"; }
lines() { [ "$(grep -c . "$tmp/$1")" = "$2" ] || bad "expected $2 lines in $1, got $(grep -c . "$tmp/$1")"; }

# help and usage
for c in code annotate eval "eval tokens"; do
  expect "help $c" 0 -- $bin $c --help
  has out usage:
  [ -s "$tmp/err" ] && bad "help $c wrote to stderr"
done
expect "help" 0 -- "$bin" --help
expect "no command" 2 -- "$bin"
expect "unknown command" 2 -- "$bin" frobnicate
has err "unknown command 'frobnicate'"
expect "unknown option" 2 -- "$bin" code --bogus
has err "unknown option --bogus"
expect "bad --date" 2 -- "$bin" code --date 2019-02-30 "$src/examples"
has err "--date needs a valid date"
expect "bad --format" 2 -- "$bin" code --format xml "$src/examples"
expect "a missing value" 2 -- "$bin" code --format
has err "--format needs a value"
expect "version" 0 -- "$bin" version
has out "dateline "

# a good run: a directory, stdin, every output format
good="$src/examples/01-herald-hanoi.txt"
expect "code dir" 0 -- "$bin" code --format jsonl "$src/examples"
[ "$(grep -c '"type":"doc"' "$tmp/out")" -ge 13 ] || bad "code dir: expected 13 doc records"
expect "code stdin" 0 -- sh -c "\"$bin\" code --format jsonl < \"$good\""
has out '"title":"Biegun heads to Hanoi as summit agenda takes shape"'
has out '"source":"(stdin)"'
expect "code tsv" 0 -- "$bin" code --format tsv "$good"
[ "$(grep -c "^doc	" "$tmp/out")" = 1 ] || bad "code tsv: want one doc row"
has out "timex	01-herald-hanoi	2019-02-27	DATE	4	Feb. 27"
# every record type in TSV, each named by a header line
for t in doc event quote timex; do grep -q "^#$t	" "$tmp/out" || bad "code tsv: no #$t header"; done
has out "event	01-herald-hanoi	12	2019-02-19	asserted	KORGOV	President Moon Jae-in	03	USAGOV	Trump	AGREE	1	4"
has out "quote	01-herald-hanoi	5	State Department official	USAGOV	direct	The goal for Hanoi"
n_json=$("$bin" code --format jsonl "$good" | grep -c '"type":"event"')
[ "$(grep -c '^event	' "$tmp/out")" = "$n_json" ] || bad "code tsv: not the $n_json events of JSONL"
expect "code table" 0 -- "$bin" code --format table "$good"
has out "2019-02-21T14:05  Biegun heads to Hanoi"
has out '"The goal for Hanoi is not one grand gesture,"  -- State Department (USAGOV)'
expect "code -o" 0 -- "$bin" code --format jsonl -o "$tmp/o.jsonl" "$good"
grep -q '"type":"doc"' "$tmp/o.jsonl" || bad "code -o wrote nothing"
expect "annotate json" 0 -- "$bin" annotate "$good"
has out '"tokens":[{"i":0,"form":"U.S.","start":0,"end":4'
expect "--date given" 0 -- "$bin" code --format jsonl --date 2019-02-21 "$src/examples/08-tbilisi-protest.txt"
has out '"date_source":"given"'
has out '"ref_date":"2019-02-21"'
expect "--date does not override the text" 0 -- "$bin" code --format jsonl --date 2000-01-01 "$good"
has out '"ref_date":"2019-02-21"'

# worker threads: the same records in the same order
"$bin" code -q --format jsonl "$src/examples" >"$tmp/j1" 2>/dev/null
"$bin" code -q -j 3 --format jsonl "$src/examples" >"$tmp/j3" 2>/dev/null
cmp -s "$tmp/j1" "$tmp/j3" && ok "-j 3 output equals -j 1" || bad "-j 3 output differs from -j 1"
expect "bad -j" 2 -- "$bin" code -j many "$src/examples"

# bad input: each reported with its file (and line); the rest processed;
# exit status 1
: >"$tmp/empty.txt"
head -c 4096 /dev/urandom >"$tmp/binary.bin"; printf '\0' >>"$tmp/binary.bin"
printf 'A headline for the story\n\nThe minister said on Monday that the talks \xff\xfe would continue next week.\n' >"$tmp/invalid.txt"
head -c 50000000 /dev/zero | tr '\0' 'x' >"$tmp/huge.txt"
printf '{"id":"ok1","text":"Police detained 20 protesters on Sunday."}\n{oops\n{"id":"ok2","text":"The council met again."}\n' >"$tmp/feed.jsonl"
expect "bad inputs" 1 -- "$bin" code -j 2 --format jsonl "$tmp/empty.txt" "$tmp/binary.bin" "$tmp/invalid.txt" \
  "$tmp/huge.txt" "$tmp/feed.jsonl" "$good" "$tmp/missing.txt"
has err "$tmp/empty.txt: empty file"
has err "$tmp/binary.bin: binary data"
has err "warning: $tmp/invalid.txt:3: invalid UTF-8 (2 bad sequences replaced by U+FFFD)"
has err "$tmp/huge.txt: larger than the 16 MiB limit"
has err "$tmp/feed.jsonl:2: not JSON"
has err "$tmp/missing.txt: No such file or directory"
lines err 6
# the good records all came through
[ "$(grep -c '"type":"doc"' "$tmp/out")" = 4 ] || bad "bad inputs: expected 4 doc records, got $(grep -c '"type":"doc"' "$tmp/out")"
has out '"doc":"ok1"'
has out '"doc":"ok2"'
has out '"doc":"invalid"'
has out '"doc":"01-herald-hanoi"'
# a 50 MB line with a raised limit: the line limit reports it
expect "huge line" 1 -- "$bin" code --format jsonl --max-doc-mb 64 "$tmp/huge.txt"
has err "$tmp/huge.txt:1: line of 50000000 bytes is longer than"
# -q silences warnings only
expect "quiet" 0 -- "$bin" code -q --format jsonl "$tmp/invalid.txt"
[ -s "$tmp/err" ] && bad "quiet: stderr not empty"
# an unwritable output is a system error
if [ -w /dev/full ]; then
  "$bin" code --format jsonl "$src/examples" >/dev/full 2>"$tmp/err"
  [ $? = 2 ] && ok "write error to /dev/full" || bad "write error: want exit 2"
fi
# PETRARCH XML from stdin with the format named
printf '<Sentences>\n<Sentence date="20190221" id="X-1">\n<Text>Kim met Trump.</Text>\n</Sentence>\n</Sentences>\n' >"$tmp/p.xml"
expect "petrarch" 0 -- "$bin" code --format jsonl "$tmp/p.xml"
has out '"doc":"X-1"'
has out '"date_source":"meta"'

# --verbs: a verb file of our format adds patterns; a missing one is a
# load failure (exit 3) naming the file
printf '@kind verbs\n# a test lexicon\n111 | frobnicate\n' > "$tmp/verbs.txt"
printf 'The United States frobnicated North Korea on Tuesday.\n' > "$tmp/frob.txt"
expect "--verbs without the file" 0 -- "$bin" code -q --date 2019-02-20 --format jsonl "$tmp/frob.txt"
grep -q '"type":"event"' "$tmp/out" && bad "an unknown verb was coded"
expect "--verbs adds a pattern" 0 -- "$bin" code -q --date 2019-02-20 --format jsonl --verbs "$tmp/verbs.txt" "$tmp/frob.txt"
has out '"cameo":"111"'
expect "--verbs missing file" 3 -- "$bin" code --verbs "$tmp/nope.txt" "$tmp/frob.txt"
has err "nope.txt"
# annotate prints every sentence's tree (code parses only the sentences
# its coder reads): one root per sentence
expect "annotate parses every sentence" 0 -- "$bin" annotate "$src/examples/08-tbilisi-protest.txt"
sents=$(grep -o '"sentences":[0-9]*' "$tmp/out" | head -1 | cut -d: -f2)
roots=$(grep -o '"deprel":"root"' "$tmp/out" | wc -l)
heads=$(grep -o '"head":-1' "$tmp/out" | wc -l)
{ [ "${sents:-0}" -gt 5 ] && [ "$roots" = "$sents" ] && [ "$heads" = "$sents" ]; } ||
  bad "annotate: $sents sentences, $roots roots, $heads heads -1"
# code parses only the sentences its coder can read an event from, and
# must code the same events as annotate, which parses them all: the
# examples, and a protest whose target is the country of its place
printf 'Chilean students demonstrated in Lima on Monday.\nPeruvian police said they were calm.\n' \
  > "$tmp/sel.txt"
for f in "$tmp/sel.txt" "$src"/examples/*.txt; do
  sides='"source":{"code":"[A-Z]*"|"target":{"code":"[A-Z]*"|"cameo":"[0-9]*"'
  "$bin" code -q --date 2019-06-24 --format jsonl "$f" | grep -oE "$sides" > "$tmp/sel.code"
  "$bin" annotate -q --date 2019-06-24 "$f" | grep -oE "$sides" > "$tmp/sel.ann"
  cmp -s "$tmp/sel.code" "$tmp/sel.ann" || bad "code and annotate code different events: $f"
done
"$bin" code -q --date 2019-06-24 --format jsonl "$tmp/sel.txt" | grep -q '"target":{"code":"PER"' ||
  bad "a protest in Lima by Chilean students is not coded against Peru"
# HTML and WARC input: an article page, and a gzipped crawl holding it
# (one gzip member per record) beside a record that is not a page
cat > "$tmp/page.html" <<'HTML'
<!DOCTYPE html><html><head><title>Dam opens its gates after record rain | River News</title>
<meta name="author" content="Pia Moreau">
<meta property="article:published_time" content="2019-02-21T14:05:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="story-body"><p>Engineers opened the gates of the Aldmoor dam on Wednesday after a week of record rain, the regional water authority said.</p>
<div class="social-share"><a href="#">Share</a></div>
<p>Villages downstream were told to move cars and livestock to higher ground before the evening.</p></div>
<footer>Copyright River News</footer></body></html>
HTML
expect "code html" 0 -- "$bin" code -q --format jsonl "$tmp/page.html"
has out '"title":"Dam opens its gates after record rain"'
has out '"byline":"Pia Moreau"'
has out '"published":"2019-02-21T14:05"'
grep -q 'Home\|Share\|Copyright' "$tmp/out" && bad "code html: chrome in the output"
{ printf 'WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 5\r\n\r\nGET /\r\n\r\n' | gzip -c
  len=$(( $(wc -c < "$tmp/page.html") + 45 ))
  { printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://river.example/dam\r\n'
    printf 'Content-Length: %d\r\n\r\n' "$len"
    printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n'; cat "$tmp/page.html"; printf '\r\n\r\n'; } | gzip -c
} > "$tmp/crawl.warc.gz"
expect "code warc.gz" 0 -- "$bin" code -q --format jsonl "$tmp/crawl.warc.gz"
[ "$(grep -c '"type":"doc"' "$tmp/out")" = 1 ] || bad "code warc.gz: want one doc record"
has out '"url":"https://river.example/dam"'
has out '"title":"Dam opens its gates after record rain"'
expect "--input-format html" 0 -- sh -c "\"$bin\" code -q --input-format html --format jsonl < \"$tmp/page.html\""
has out '"byline":"Pia Moreau"'
head -c 300 "$tmp/crawl.warc.gz" > "$tmp/cut.warc.gz"
expect "truncated warc.gz" 1 -- "$bin" code --format jsonl "$tmp/cut.warc.gz"
has err "$tmp/cut.warc.gz: truncated gzip data"

# a wire dateline is where the story was filed, not who acts, also when
# a photo credit comes first and the parser makes it a subject
printf 'Image 1 of 8\n\nLONDON (AP) \xe2\x80\x94 Britain, France and Germany on Tuesday formally accused Iran of breaking the terms of the 2015 nuclear deal.\n' \
  > "$tmp/dateline.txt"
expect "dateline is no actor" 0 -- "$bin" code -q --date 2020-01-14 --format jsonl "$tmp/dateline.txt"
has out '"dateline":"LONDON (AP)"'
for c in GBR FRA DEU; do has out "\"source\":{\"code\":\"$c\""; done
grep -q '"source":{"code":"GBRGOV"' "$tmp/out" && bad "the dateline's London acted"
# a Reuters-style dateline with a hyphen is parsed apart from its sentence
# (the parser had made "CAIRO" a subject); a protest by a country's own
# people names its government as target, with no words for it
printf 'Students riot in Cairo\n\nCAIRO (Reuters) - Egyptian students rioted in Cairo on Monday, police said.\n' > "$tmp/cairo.txt"
expect "hyphen dateline" 0 -- "$bin" code -q --date 2019-06-24 --format jsonl "$tmp/cairo.txt"
has out '"dateline":"CAIRO (Reuters)"'
has out '"source":{"code":"EGYEDU","text":"Egyptian students","country":"EGY","entity":null},"target":{"code":"EGYGOV","text":null,"country":"EGY","entity":null},"cameo":"145"'

# what a run writes is never one of its inputs: -o inside the directory
# being read (it read its own records back, growing without end), the
# store and SQLite's files beside it; a link back up a directory is a cycle
mkdir -p "$tmp/own/sub"
cp "$good" "$tmp/own/"
ln -s .. "$tmp/own/sub/up"
expect "-o inside an input directory" 0 -- timeout 60 "$bin" code -q --format jsonl -o "$tmp/own/out.jsonl" "$tmp/own"
[ "$(grep -c '"type":"doc"' "$tmp/own/out.jsonl")" = 1 ] || bad "-o inside an input directory: want one document (no cycle, not its own output)"
has err "out.jsonl: written by this run; not read as input"
rm -f "$tmp/own/out.jsonl"
expect "ingest a directory holding the store" 0 -- "$bin" ingest -q --db "$tmp/own/s.db" "$tmp/own"
expect "ingest it again" 0 -- "$bin" ingest -q --db "$tmp/own/s.db" "$tmp/own"
grep -q "binary" "$tmp/err" && bad "ingest read its own store"

# an undated lead takes the date of one of the next two sentences only when
# that sentence names one of its actors
printf 'Washington demanded that Pyongyang hand over a declaration.\n\nThe weather was fine on Monday.\n' > "$tmp/lead.txt"
expect "lead date" 0 -- "$bin" code -q --date 2019-02-21 --format tsv "$tmp/lead.txt"
has out "event	lead	1	2019-02-21	asserted	USAGOV"
printf 'Washington demanded that Pyongyang hand over a declaration.\n\nWashington said so on Monday.\n' > "$tmp/lead.txt"
expect "lead date from its actor" 0 -- "$bin" code -q --date 2019-02-21 --format tsv "$tmp/lead.txt"
has out "event	lead	1	2019-02-18	asserted	USAGOV"

# a byte-order mark before the first JSONL record
printf '\xef\xbb\xbf{"id":"bom","text":"Japan criticized China."}\n' > "$tmp/bom.jsonl"
expect "JSONL with a BOM" 0 -- "$bin" code --format tsv "$tmp/bom.jsonl"
has out "event	bom	1"

# an evaluation on a file that holds none of its records fails, saying so
printf 'hello world\n' > "$tmp/notes.txt"
expect "eval tokens on no treebank" 1 -- "$bin" eval tokens "$tmp/notes.txt"
has err "no CoNLL-U words"
expect "eval plover on no records" 1 -- "$bin" eval plover "$tmp/notes.txt"
has err "no PLOVER records"

# a gzipped text has the id of the plain one
gzip -c "$good" > "$tmp/01-herald-hanoi.txt.gz"
expect "id of a .txt.gz" 0 -- "$bin" code -q --format tsv "$tmp/01-herald-hanoi.txt.gz"
has out "doc	01-herald-hanoi	"

# parse reports binary and invalid UTF-8 input as code does
expect "parse binary" 1 -- "$bin" parse "$bin"
has err "binary data"
printf 'Bad \xff byte here.\n' > "$tmp/bad-utf8.txt"
expect "parse invalid UTF-8" 0 -- "$bin" parse "$tmp/bad-utf8.txt"
has err "bad-utf8.txt:1: invalid UTF-8"

# a file read as PETRARCH XML that has no records says so
expect "petrarch format, no records" 1 -- "$bin" code --input-format petrarch "$good"
has err "no <Sentence> records"

# a \u0000 escape in a JSONL text separates words; it does not glue them
printf '{"id":"nul","text":"Japan criticized China.\\u0000 And more."}\n' > "$tmp/nul.jsonl"
expect "JSONL with a \\u0000" 0 -- "$bin" code --format tsv "$tmp/nul.jsonl"
has out "event	nul	1"

# a story filed from a country, about it: its bare "riot police" and
# "protesters" are that country's
printf 'Police clash with protesters in Hanoi\n\nHANOI, Vietnam \xe2\x80\x94 Riot police dispersed thousands of protesters outside the National Assembly on Monday.\n' > "$tmp/hanoi.txt"
expect "home country of the dateline" 0 -- "$bin" code -q --date 2019-06-24 --format tsv "$tmp/hanoi.txt"
has out "event	hanoi	1	2019-06-24	asserted	VNMCOP	Riot police	175	VNMOPP	protesters"

# eval ud on a tiny treebank of our own: scores, and --conllu writes the
# predictions for every gold word with the sentence's text
printf '# text = Kim met Moon in Hanoi.\n1\tKim\tKim\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tMoon\tMoon\tPROPN\tNNP\t_\t2\tobj\t_\t_\n4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_\n5\tHanoi\tHanoi\tPROPN\tNNP\t_\t2\tobl\t_\tSpaceAfter=No\n6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n' > "$tmp/tiny.conllu"
expect "eval ud --conllu" 0 -- "$bin" eval ud --conllu "$tmp/pred.conllu" "$tmp/tiny.conllu"
tail -1 "$tmp/out" | grep -q '^UPOS [0-9.]* XPOS [0-9.]* LEMMA [0-9.]* UAS [0-9.]* LAS [0-9.]*$' || bad "eval ud: last line"
grep -qF '# text = Kim met Moon in Hanoi.' "$tmp/pred.conllu" || bad "eval ud --conllu: no text line"
[ "$(grep -c '^[0-9]' "$tmp/pred.conllu")" = 6 ] || bad "eval ud --conllu: want 6 words"
grep -q '^2	met	meet	VERB	VBD	_	0	root	' "$tmp/pred.conllu" || bad "eval ud --conllu: met is not the root"
expect "eval ud --conllu unwritable" 1 -- "$bin" eval ud --conllu "$tmp/no/such/dir.conllu" "$tmp/tiny.conllu"
has err "cannot write $tmp/no/such/dir.conllu"
[ $fail = 0 ] && echo "cli: all passed"
exit $fail
