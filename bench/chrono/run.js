// run.js -- chrono-node next to Dateline on the same texts (bench/time-bench.sh).
//
//   node run.js prepare OUT SEEDDIR GOLD.json TIMEMLDIR...
//       writes OUT/texts/*.txt (each text cleaned the way Dateline cleans a
//       body, so byte offsets agree), OUT/list.tsv (path<TAB>reference date,
//       the input of bench_time) and OUT/gold.json (gold spans and values)
//   node run.js score OUT [REPEAT]
//       runs chrono.parse(text, refDate) on every text REPEAT times (median
//       time), reads Dateline's timexes from OUT/dateline.tsv (bench_time
//       output), and prints for each system and text set: gold expressions
//       matched, value accuracy on the matched ones, and MB/s.
//
// Texts: the two seed articles with their reference dates (gold: the
// timexes of gold/seeds.json, found in the text in order; any listed
// value counts) and the TimeML files (gold: TIMEX3 of type DATE and TIME
// inside <TEXT>; reference date: the DCT). A system expression matches a
// gold one when the spans overlap, one to one, identical spans first.
// Values are compared as in `dateline eval timeml`: upper case, trailing
// "-XX" dropped, seconds dropped, "Thh" read as "Thh:00".
//
// chrono's result becomes a TIMEX3-style value at the precision it knows:
// a known day or weekday gives YYYY-MM-DD (plus Thh:mm with a known hour),
// a known month YYYY-MM, a known year YYYY; a bare time of day is put on
// the date chrono implies. chrono has no weeks, quarters, seasons or
// PRESENT_REF, so those are never right for it.
'use strict';
const fs = require('fs');
const path = require('path');

// ------------------------------------------------------------- texts

// Dateline's body cleaning (src/core/utf8.c): CR LF and CR -> LF, odd
// spaces -> ' ', zero-width, soft hyphen, C1 and most C0 controls dropped.
function clean(s) {
  s = s.replace(/\r\n?/g, '\n');
  s = s.replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000\u1680]/g, ' ');
  s = s.replace(/[\u200b-\u200d\u2060\ufeff\u00ad\u0080-\u009f\u200e\u200f]/g, '');
  s = s.replace(/[\u2028\u2029\u0085]/g, '\n');
  s = s.replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, '');
  return s;
}

function unescapeXml(s) {
  return s.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g, (m, e) => {
    switch (e) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function attr(tag, name) {
  const m = tag.match(new RegExp('\\s' + name + '\\s*=\\s*"([^"]*)"'));
  return m ? unescapeXml(m[1]) : null;
}

// One inline TimeML file -> { text, ref, gold: [{start, end, values}] }
// (offsets in JS string units of the cleaned text).
function readTimeML(file) {
  const src = fs.readFileSync(file, 'utf8');
  const dct = src.match(/<DCT>\s*<TIMEX3([^>]*)>/);
  const t0 = src.indexOf('<TEXT>'), t1 = src.indexOf('</TEXT>');
  if (!dct || t0 < 0 || t1 < 0) throw new Error(file + ': no DCT or TEXT');
  const ref = (attr(dct[1], 'value') || '').slice(0, 10);
  let text = '';
  const gold = [], open = [];
  const re = /<[^>]*>/g;
  let pos = t0 + 6, m;
  re.lastIndex = pos;
  while ((m = re.exec(src)) && m.index < t1) {
    text += clean(unescapeXml(src.slice(pos, m.index)));
    pos = m.index + m[0].length;
    const tag = m[0];
    if (/^<TIMEX3[\s>]/.test(tag) && !tag.endsWith('/>')) {
      open.push({ start: text.length, type: attr(tag, 'type'), value: attr(tag, 'value') || '' });
    } else if (tag === '</TIMEX3>') {
      const o = open.pop();
      if (o && (o.type === 'DATE' || o.type === 'TIME'))
        gold.push({ start: o.start, end: text.length, values: [o.value] });
    }
  }
  text += clean(unescapeXml(src.slice(pos, t1)));
  return { text, ref, gold };
}

// The seed articles: gold timexes located in the text in order.
function readSeeds(seedDir, goldFile) {
  const gold = JSON.parse(fs.readFileSync(goldFile, 'utf8'));
  const refs = { '000': '2018-12-03', '001': '2019-02-21' };
  const out = [];
  for (const doc of gold.documents) {
    const file = path.join(seedDir, path.basename(doc.file));
    const text = clean(fs.readFileSync(file, 'utf8'));
    const key = path.basename(file).slice(0, 3);
    const ref = doc.reference_date || refs[key] || (doc.meta.published || '').slice(0, 10);
    const spans = [];
    let from = 0;
    for (const t of doc.timexes || []) {
      const at = text.indexOf(t.text, from);
      if (at < 0) { console.error('seed gold not found in text: ' + t.text); continue; }
      spans.push({ start: at, end: at + t.text.length, values: t.values });
      from = at + t.text.length;
    }
    out.push({ name: path.basename(file), text, ref, gold: spans, set: 'seeds' });
  }
  return out;
}

function listTml(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return [p];
  return fs.readdirSync(p).sort().flatMap((n) => listTml(path.join(p, n))).filter((f) => f.endsWith('.tml'));
}

function prepare(out, seedDir, goldFile, dirs) {
  fs.mkdirSync(path.join(out, 'texts'), { recursive: true });
  const docs = readSeeds(seedDir, goldFile);
  for (const d of dirs)
    for (const f of listTml(d)) {
      const t = readTimeML(f);
      docs.push({ name: path.basename(f, '.tml') + '.txt', text: t.text, ref: t.ref, gold: t.gold, set: path.basename(d) });
    }
  const list = [], meta = [];
  for (const d of docs) {
    const p = path.join(out, 'texts', d.name);
    fs.writeFileSync(p, d.text);
    list.push(p + '\t' + d.ref);
    meta.push({ path: p, ref: d.ref, set: d.set, gold: d.gold });
  }
  fs.writeFileSync(path.join(out, 'list.tsv'), list.join('\n') + '\n');
  fs.writeFileSync(path.join(out, 'gold.json'), JSON.stringify(meta));
  console.log(`prepared ${docs.length} texts in ${out}`);
}

// ----------------------------------------------------------- scoring

function canon(v) {
  if (v == null) return null;
  v = v.toUpperCase();
  while (v.endsWith('-XX')) v = v.slice(0, -3);
  return v.replace(/T(\d\d)$/, 'T$1:00').replace(/T(\d\d):(\d\d):\d\d/, 'T$1:$2');
}

// gold [{start,end,values}], sys [{start,end,value}] -> {matched, right}
function score(gold, sys) {
  const gm = new Array(gold.length).fill(-1), sm = new Array(sys.length).fill(-1);
  gold.forEach((g, i) => {
    const j = sys.findIndex((s, k) => sm[k] < 0 && s.start === g.start && s.end === g.end);
    if (j >= 0) { gm[i] = j; sm[j] = i; }
  });
  gold.forEach((g, i) => {
    if (gm[i] >= 0) return;
    let best = -1, ov = 0;
    sys.forEach((s, k) => {
      const o = Math.min(g.end, s.end) - Math.max(g.start, s.start);
      if (sm[k] < 0 && o > ov) { ov = o; best = k; }
    });
    if (best >= 0) { gm[i] = best; sm[best] = i; }
  });
  let matched = 0, right = 0;
  gold.forEach((g, i) => {
    if (gm[i] < 0) return;
    matched++;
    const v = canon(sys[gm[i]].value);
    if (v && g.values.some((x) => canon(x) === v)) right++;
  });
  return { gold: gold.length, sys: sys.length, matched, right };
}

const pad = (n) => String(n).padStart(2, '0');

// A chrono result -> a TIMEX3-style value.
function chronoValue(r) {
  const c = r.start;
  const ymd = `${c.get('year')}-${pad(c.get('month'))}-${pad(c.get('day'))}`;
  const hm = c.isCertain('hour') ? `T${pad(c.get('hour'))}:${pad(c.get('minute') || 0)}` : '';
  if (c.isCertain('day') || c.isCertain('weekday') || hm) return ymd + hm;
  if (c.isCertain('month')) return `${c.get('year')}-${pad(c.get('month'))}`;
  if (c.isCertain('year')) return String(c.get('year'));
  return ymd;
}

function scoreAll(out, repeat) {
  const chrono = require('chrono-node');
  const meta = JSON.parse(fs.readFileSync(path.join(out, 'gold.json'), 'utf8'));
  const texts = meta.map((m) => fs.readFileSync(m.path, 'utf8'));
  // chrono: parse everything REPEAT times, keep the median per set
  const results = meta.map(() => []);
  const times = {};
  for (let r = 0; r < repeat; r++) {
    const acc = {};
    meta.forEach((m, i) => {
      const [y, mo, d] = m.ref.split('-').map(Number);
      const ref = new Date(y, mo - 1, d, 12, 0, 0);
      const t0 = process.hrtime.bigint();
      const res = chrono.parse(texts[i], ref);
      acc[m.set] = (acc[m.set] || 0) + Number(process.hrtime.bigint() - t0) / 1e9;
      if (r === repeat - 1)
        results[i] = res.map((x) => ({ start: x.index, end: x.index + x.text.length, value: chronoValue(x) }));
    });
    for (const s in acc) (times[s] = times[s] || []).push(acc[s]);
  }
  // Dateline: bench_time rows, byte offsets -> string offsets
  const dl = new Map();
  let dlSpeed = '';
  const dlFile = path.join(out, 'dateline.tsv');
  if (fs.existsSync(dlFile)) {
    for (const line of fs.readFileSync(dlFile, 'utf8').split('\n')) {
      const f = line.split('\t');
      if (f.length === 5) {
        if (!dl.has(f[0])) dl.set(f[0], []);
        if (f[3] === 'DATE' || f[3] === 'TIME') dl.get(f[0]).push({ b0: +f[1], b1: +f[2], value: f[4] || null });
      } else if (line.startsWith('bytes ')) dlSpeed = line;
    }
  }
  const sets = {};
  meta.forEach((m, i) => {
    const s = (sets[m.set] = sets[m.set] || { chrono: [0, 0, 0, 0], dateline: [0, 0, 0, 0], bytes: 0 });
    s.bytes += Buffer.byteLength(texts[i]);
    const buf = Buffer.from(texts[i]);
    const toChar = (b) => buf.subarray(0, b).toString('utf8').length;
    const dsys = (dl.get(m.path) || []).map((x) => ({ start: toChar(x.b0), end: toChar(x.b1), value: x.value }));
    for (const [name, sys] of [['chrono', results[i]], ['dateline', dsys]]) {
      const r = score(m.gold, sys);
      s[name][0] += r.gold; s[name][1] += r.sys; s[name][2] += r.matched; s[name][3] += r.right;
    }
  });
  const median = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log('set         system    gold  found  matched  value-accuracy  MB/s');
  for (const [set, s] of Object.entries(sets)) {
    for (const name of ['chrono', 'dateline']) {
      const [g, n, mt, ok] = s[name];
      const acc = mt ? (ok / mt).toFixed(3) : '-';
      const speed = name === 'chrono' ? (s.bytes / 1e6 / median(times[set])).toFixed(2) : 'see below';
      console.log(`${set.padEnd(11)} ${name.padEnd(9)} ${String(g).padStart(4)}  ${String(n).padStart(5)}  ${String(mt).padStart(7)}  ${(acc + ` (${ok}/${mt})`).padStart(14)}  ${speed}`);
    }
  }
  const total = Object.values(sets).reduce((a, s) => a + s.bytes, 0);
  const all = Object.values(times).reduce((a, t) => a + median(t), 0);
  console.log(`chrono-node ${JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', 'chrono-node', 'package.json'), 'utf8')).version}: ${total} bytes in ${all.toFixed(3)} s = ${(total / 1e6 / all).toFixed(2)} MB/s (median of ${repeat}, parse calls only)`);
  console.log(`dateline text+time stages: ${dlSpeed || '(no dateline.tsv)'}`);
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'prepare' && args.length >= 4) prepare(args[0], args[1], args[2], args.slice(3));
else if (cmd === 'score' && args.length >= 1) scoreAll(args[0], Number(args[1] || 5));
else {
  console.error('usage: node run.js prepare OUT SEEDDIR GOLD.json TIMEMLDIR... | node run.js score OUT [REPEAT]');
  process.exit(2);
}
