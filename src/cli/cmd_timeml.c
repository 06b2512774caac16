/*
 * cmd_timeml.c -- `dateline eval timeml`: scores the time stage against
 * TimeML corpora.
 *
 *   dateline eval timeml [-v] [--format tbaq|meantime|auto]
 *                        [--models DIR | --no-parse] DIR|FILE...
 *
 * Two corpus formats are read (docs/time-eval.md describes both):
 *
 *   tbaq      inline TimeML as in TimeBank, AQUAINT and TempEval-3: the
 *             document creation time in <DCT><TIMEX3 value=".."></DCT>,
 *             the text in <TEXT>..</TEXT> with TIMEX3, EVENT and SIGNAL
 *             elements around its words.
 *   meantime  NewsReader CAT XML: the words as <token t_id=".."
 *             sentence="..">word</token> elements, and after them TIMEX3
 *             markables listing their words as <token_anchor t_id=".."/>;
 *             the document date is the TIMEX3 whose functionInDocument is
 *             CREATION_TIME (it marks the date line of the text).
 *
 * Each file becomes one tml_doc: the plain text and the gold spans in it.
 * For tbaq the text is what lies between the tags of <TEXT>, entities
 * decoded; for meantime it is the tokens joined again by spacing rules
 * (no space before "," or "'s", none after "(" or "$", the title and the
 * date line each a paragraph of their own). Every piece of text is passed
 * through dl_utf8_clean as it is appended, so the offsets are those of the
 * body dl_doc_set_body will hold; the command checks that it does.
 *
 * The document then runs through the pipeline (text stage, the parser
 * when the models load, time stage) with the DCT's date as reference
 * date, and the system's timexes are compared with the gold ones, DATE
 * and TIME only on both sides:
 *
 *   strict     identical byte spans
 *   relaxed    overlapping spans, matched one to one: identical spans
 *              first, then each gold span (in text order) takes the free
 *              system span overlapping it most
 *   value      a relaxed pair whose values are equal (tml_value_equal)
 *
 * Printed: a line per corpus directory (TimeBank, AQUAINT, corpus_gm ...)
 * and one for all files, then last the line
 *   strict-F1 <x> relaxed-F1 <x> value-accuracy <x> value-F1 <x>
 * where value accuracy is correct values over relaxed pairs and value F1
 * counts as true positives the relaxed pairs with a correct value.
 * -v first prints each error, one tab-separated line:
 *   KIND file gold-type gold-text gold-value sys-type sys-text sys-value context
 * with KIND one of MISS, FALSE, VALUE, SPAN (relaxed but not strict).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/cmd_timeml.h"
#include "out/json.h"
#include "core/core.h"

/* Largest corpus file read (the biggest TimeBank file is ~60 KB). */
#define TML_MAX_FILE (64u << 20)

/* ------------------------------------------------------------ buffers */

/* Makes room for n more bytes (+ NUL) in d->text. */
static int tml_reserve(tml_doc *d, size_t n) {
  if (d->len + n + 1 <= d->cap) return 0;
  size_t cap = d->cap ? d->cap : 4096;
  while (cap < d->len + n + 1) cap *= 2;
  char *p = realloc(d->text, cap);
  if (!p) return -1;
  d->text = p;
  d->cap = cap;
  return 0;
}

/* Appends n raw bytes, cleaned as dl_doc_set_body would clean them. */
static int tml_append_clean(tml_doc *d, const char *s, size_t n) {
  if (tml_reserve(d, 3 * n)) return -1;
  size_t bad, first;
  d->len += dl_utf8_clean(s, n, d->text + d->len, &bad, &first);
  d->text[d->len] = '\0';
  return 0;
}

/* Appends bytes that are known to be clean (separators). */
static int tml_append(tml_doc *d, const char *s, size_t n) {
  if (tml_reserve(d, n)) return -1;
  memcpy(d->text + d->len, s, n);
  d->len += n;
  d->text[d->len] = '\0';
  return 0;
}

static int tml_push_gold(tml_doc *d, const tml_gold *g) {
  if (d->n_gold == d->cap_gold) {
    size_t cap = d->cap_gold ? 2 * d->cap_gold : 32;
    tml_gold *p = realloc(d->gold, cap * sizeof *p);
    if (!p) return -1;
    d->gold = p;
    d->cap_gold = cap;
  }
  d->gold[d->n_gold++] = *g;
  return 0;
}

void tml_doc_free(tml_doc *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n_gold; i++) free(d->gold[i].value);
  free(d->gold);
  free(d->text);
  memset(d, 0, sizeof *d);
}

/* A growable scratch string (decoded text pieces, token words): the
 * writers' buffer, with a status return. */
typedef dl_buf tml_buf;

static int tml_buf_put(tml_buf *b, const char *s, size_t n) {
  dl_buf_put(b, s, n);
  return b->oom ? -1 : 0;
}

/* ---------------------------------------------------------- XML bits */

/* The first occurrence of needle in [s, s+n), or NULL (memmem is not
 * POSIX). */
static const char *tml_find(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle);
  if (k == 0 || n < k) return NULL;
  for (const char *p = s, *end = s + n - k; p <= end; p++) {
    p = memchr(p, needle[0], (size_t)(end - p) + 1);
    if (!p) return NULL;
    if (!memcmp(p, needle, k)) return p;
  }
  return NULL;
}

/* 1-based line number of position p in buf. */
static size_t tml_line_at(const char *buf, const char *p) {
  size_t line = 1;
  for (const char *q = buf; q < p; q++) line += *q == '\n';
  return line;
}

/* Decodes the entity at s (which starts with '&', n bytes available) into
 * out (at least 4 bytes); returns the bytes of input consumed and stores
 * the output length in *outn. An unknown or malformed entity stays a
 * literal '&'. */
static size_t tml_entity(const char *s, size_t n, char *out, size_t *outn) {
  static const struct {
    const char *name;
    char c;
  } named[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}};
  for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
    size_t k = strlen(named[i].name);
    if (n > k && !memcmp(s + 1, named[i].name, k)) {
      out[0] = named[i].c;
      *outn = 1;
      return k + 1;
    }
  }
  if (n > 3 && s[1] == '#') {
    bool hex = s[2] == 'x' || s[2] == 'X';
    size_t i = hex ? 3 : 2;
    long cp = 0;
    size_t digits = 0;
    for (; i < n && i < 12 && s[i] != ';'; i++, digits++) {
      int c = (unsigned char)s[i], v;
      if (c >= '0' && c <= '9') v = c - '0';
      else if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') v = c - 'A' + 10;
      else break;
      cp = cp * (hex ? 16 : 10) + v;
    }
    if (i < n && s[i] == ';' && digits > 0 && cp > 0 && cp <= 0x10FFFF &&
        !(cp >= 0xD800 && cp <= 0xDFFF)) {
      *outn = dl_utf8_encode((int32_t)cp, out);
      return i + 1;
    }
  }
  out[0] = '&';
  *outn = 1;
  return 1;
}

/* Appends the text [s, s+n) to b with entities decoded. */
static int tml_put_decoded(tml_buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    const char *amp = memchr(s + i, '&', n - i);
    size_t run = amp ? (size_t)(amp - (s + i)) : n - i;
    if (run && tml_buf_put(b, s + i, run)) return -1;
    i += run;
    if (i < n) {
      char out[4];
      size_t on;
      i += tml_entity(s + i, n - i, out, &on);
      if (tml_buf_put(b, out, on)) return -1;
    }
  }
  return 0;
}

/* Finds attribute `name` in the tag [tag, tag+n) and copies its decoded
 * value into out (size outsz, truncated). Returns true when present. */
static bool tml_attr(const char *tag, size_t n, const char *name, char *out, size_t outsz) {
  size_t k = strlen(name);
  for (size_t i = 1; i + k + 2 < n; i++) {
    if (tag[i - 1] != ' ' && tag[i - 1] != '\t' && tag[i - 1] != '\n' && tag[i - 1] != '\r')
      continue;
    if (memcmp(tag + i, name, k)) continue;
    size_t j = i + k;
    while (j < n && (tag[j] == ' ' || tag[j] == '\t')) j++;
    if (j >= n || tag[j] != '=') continue;
    j++;
    while (j < n && (tag[j] == ' ' || tag[j] == '\t')) j++;
    if (j >= n || (tag[j] != '"' && tag[j] != '\'')) continue;
    char q = tag[j++];
    const char *v = tag + j, *e = memchr(v, q, n - j);
    if (!e) return false;
    tml_buf b = {0};
    if (tml_put_decoded(&b, v, (size_t)(e - v))) {
      free(b.s);
      return false;
    }
    size_t len = b.n < outsz - 1 ? b.n : outsz - 1;
    if (len) memcpy(out, b.s, len);
    out[len] = '\0';
    free(b.s);
    return true;
  }
  return false;
}

/* Whether the tag starting at p (just after '<' or "</") is named name. */
static bool tml_tag_is(const char *p, const char *end, const char *name) {
  size_t k = strlen(name);
  if ((size_t)(end - p) < k + 1 || memcmp(p, name, k)) return false;
  char c = p[k];
  return c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r';
}

static uint8_t tml_type(const char *s) {
  if (!strcmp(s, "DATE")) return DL_TIMEX_DATE;
  if (!strcmp(s, "TIME")) return DL_TIMEX_TIME;
  if (!strcmp(s, "DURATION")) return DL_TIMEX_DURATION;
  if (!strcmp(s, "SET")) return DL_TIMEX_SET;
  return TML_TYPE_OTHER;
}

static const char *tml_type_name(uint8_t t) {
  static const char *const names[] = {"DATE", "TIME", "DURATION", "SET"};
  return t < 4 ? names[t] : "OTHER";
}

/* Takes the date part of a DCT value ("1998-11-20T19:30") into d->dct;
 * false when it is not a valid calendar date. */
static bool tml_set_dct(tml_doc *d, const char *value) {
  if (strlen(value) < 10 || (value[10] != '\0' && value[10] != 'T')) return false;
  char ymd[11];
  memcpy(ymd, value, 10);
  ymd[10] = '\0';
  if (!cli_valid_date(ymd)) return false;
  memcpy(d->dct, ymd, 11);
  return true;
}

/* ------------------------------------------------------- TimeML (tbaq) */

/* An open <TIMEX3> waiting for its end tag. */
typedef struct tml_open {
  uint32_t start, line;
  uint8_t type;
  char value[128];
} tml_open;

/* Cleans and appends the pending decoded text piece. */
static int tml_flush(tml_doc *d, tml_buf *piece) {
  if (piece->n && tml_append_clean(d, piece->s, piece->n)) return -1;
  piece->n = 0;
  return 0;
}

static int tml_read_tbaq(const char *name, const char *buf, size_t len, tml_doc *d,
                         dl_err *err) {
  const char *end = buf + len;
  /* the document creation time */
  const char *dct = tml_find(buf, len, "<DCT>");
  const char *dtag = dct ? tml_find(dct, (size_t)(end - dct), "<TIMEX3") : NULL;
  const char *dgt = dtag ? memchr(dtag, '>', (size_t)(end - dtag)) : NULL;
  char value[128];
  if (!dgt || !tml_attr(dtag, (size_t)(dgt - dtag), "value", value, sizeof value))
    return dl_err_set(err, DL_ERROR, "%s:%zu: no <DCT><TIMEX3 value=...> element", name,
                      dct ? tml_line_at(buf, dct) : (size_t)1);
  if (!tml_set_dct(d, value))
    return dl_err_set(err, DL_ERROR, "%s:%zu: DCT value '%s' is not a date", name,
                      tml_line_at(buf, dtag), value);
  const char *text = tml_find(buf, len, "<TEXT>");
  if (!text) return dl_err_set(err, DL_ERROR, "%s: no <TEXT> element", name);
  size_t line = tml_line_at(buf, text);
  const char *tend = tml_find(text, (size_t)(end - text), "</TEXT>");
  if (!tend) return dl_err_set(err, DL_ERROR, "%s:%zu: <TEXT> is not closed", name, line);

  tml_open stack[8];
  int depth = 0, rc = DL_OK;
  tml_buf piece = {0};
  const char *p = text + 6;
  while (p < tend && rc == DL_OK) {
    if (*p == '&') {
      char out[4];
      size_t on;
      p += tml_entity(p, (size_t)(tend - p), out, &on);
      if (tml_buf_put(&piece, out, on)) rc = DL_NOMEM;
      continue;
    }
    if (*p != '<') {
      const char *q = p;
      while (q < tend && *q != '<' && *q != '&') line += *q++ == '\n';
      if (tml_buf_put(&piece, p, (size_t)(q - p))) rc = DL_NOMEM;
      p = q;
      continue;
    }
    /* a tag ends the current text piece */
    if (tml_flush(d, &piece)) {
      rc = DL_NOMEM;
      break;
    }
    const char *gt;
    if ((size_t)(tend - p) >= 4 && !memcmp(p, "<!--", 4)) {
      gt = tml_find(p, (size_t)(tend - p), "-->");
      if (gt) gt += 2;
    } else {
      gt = memchr(p, '>', (size_t)(tend - p));
    }
    if (!gt) {
      rc = dl_err_set(err, DL_ERROR, "%s:%zu: tag not closed", name, line);
      break;
    }
    bool closing = p[1] == '/';
    if (tml_tag_is(p + 1 + closing, gt + 1, "TIMEX3")) {
      if (closing) {
        if (depth == 0) {
          rc = dl_err_set(err, DL_ERROR, "%s:%zu: </TIMEX3> without <TIMEX3>", name, line);
          break;
        }
        tml_open *o = &stack[--depth];
        tml_gold g = {o->start, (uint32_t)d->len, o->type, strdup(o->value), o->line};
        if (!g.value || tml_push_gold(d, &g)) {
          free(g.value);
          rc = DL_NOMEM;
        }
      } else if (gt[-1] != '/') { /* <TIMEX3 .../> has no text: ignored */
        if (depth == (int)(sizeof stack / sizeof stack[0])) {
          rc = dl_err_set(err, DL_ERROR, "%s:%zu: TIMEX3 nested too deep", name, line);
          break;
        }
        tml_open *o = &stack[depth++];
        char type[32] = "";
        o->start = (uint32_t)d->len;
        o->line = (uint32_t)line;
        tml_attr(p, (size_t)(gt - p), "type", type, sizeof type);
        o->type = tml_type(type);
        if (!tml_attr(p, (size_t)(gt - p), "value", o->value, sizeof o->value))
          o->value[0] = '\0';
      }
    }
    for (const char *q = p; q < gt; q++) line += *q == '\n';
    p = gt + 1;
  }
  if (rc == DL_OK && tml_flush(d, &piece)) rc = DL_NOMEM;
  d->scored_end = (uint32_t)d->len;
  if (rc == DL_OK && depth > 0)
    rc = dl_err_set(err, DL_ERROR, "%s:%u: <TIMEX3> not closed", name,
                    (unsigned)stack[depth - 1].line);
  free(piece.s);
  if (rc == DL_NOMEM) dl_err_set(err, DL_NOMEM, "%s: out of memory", name);
  return rc;
}

/* ------------------------------------------------------------ MEANTIME */

/* One word of a MEANTIME document. */
typedef struct tml_tok {
  long id;          /* t_id */
  long sent;        /* sentence attribute */
  size_t off, n;    /* the decoded word in the words buffer */
  uint32_t start, end; /* its span in the rebuilt text */
} tml_tok;

/* A TIMEX3 markable: its token range, in t_id terms until resolved. */
typedef struct tml_mark {
  long first, last; /* smallest and largest anchored t_id, -1 if none */
  uint32_t line;
  uint8_t type;
  bool creation;
  char value[128];
} tml_mark;

/* Whether the word w (n bytes) attaches to the word before it. */
static bool tml_glue_left(const char *w, size_t n) {
  static const char *const left[] = {",", ".", ";", ":", "!", "?", "%", ")", "]", "}",
                                     "''", "...", "n't", "N'T"};
  for (size_t i = 0; i < sizeof left / sizeof left[0]; i++)
    if (strlen(left[i]) == n && !memcmp(w, left[i], n)) return true;
  /* clitics: 's 're 've 'll 'd 'm */
  if (n >= 2 && n <= 3 && w[0] == '\'') {
    for (size_t i = 1; i < n; i++)
      if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z'))) return false;
    return true;
  }
  return false;
}

/* Whether the word w attaches to the word after it. */
static bool tml_glue_right(const char *w, size_t n) {
  static const char *const right[] = {"(", "[", "{", "$", "``", "US$", "CA$", "#"};
  for (size_t i = 0; i < sizeof right / sizeof right[0]; i++)
    if (strlen(right[i]) == n && !memcmp(w, right[i], n)) return true;
  return false;
}

/* Rebuilds the running text from the tokens (see the file comment). */
static int tml_join_tokens(tml_doc *d, tml_tok *tok, size_t nt, const char *words) {
  bool quote_open = false, glue_next = false;
  for (size_t i = 0; i < nt; i++) {
    const char *w = words + tok[i].off;
    size_t n = tok[i].n;
    bool ptb_open = n == 2 && !memcmp(w, "``", 2), ptb_close = n == 2 && !memcmp(w, "''", 2);
    bool plain = n == 1 && w[0] == '"'; /* opens or closes by the count */
    bool opens = ptb_open || (plain && !quote_open);
    bool closes = ptb_close || (plain && quote_open);
    if (i > 0) {
      const char *sep = " ";
      if (tok[i].sent != tok[i - 1].sent && tok[i - 1].sent <= 1) sep = "\n\n";
      else if (glue_next || closes || tml_glue_left(w, n)) sep = "";
      if (tml_append(d, sep, strlen(sep))) return -1;
    }
    tok[i].start = (uint32_t)d->len;
    if (ptb_open || ptb_close) { /* PTB quotes become plain ones */
      if (tml_append(d, "\"", 1)) return -1;
    } else if (tml_append_clean(d, w, n)) {
      return -1;
    }
    tok[i].end = (uint32_t)d->len;
    if (opens) quote_open = true;
    if (closes) quote_open = false;
    glue_next = opens || tml_glue_right(w, n);
  }
  return 0;
}

/* The index of the token with t_id id, or -1. Tokens are usually in t_id
 * order, so look there first. */
static long tml_tok_index(const tml_tok *tok, size_t nt, long id) {
  if (id >= 1 && (size_t)id <= nt && tok[id - 1].id == id) return id - 1;
  for (size_t i = 0; i < nt; i++)
    if (tok[i].id == id) return (long)i;
  return -1;
}

/* One MEANTIME file writes its date DD-MM-YYYY ("03-02-2009" on a
 * "February 03, 2009" line); rewrites that form to YYYY-MM-DD in place. */
static void tml_fix_ddmmyyyy(char *v) {
  const char *f = "99-99-9999";
  for (size_t i = 0; i < 10; i++)
    if (f[i] == '9' ? !(v[i] >= '0' && v[i] <= '9') : v[i] != '-') return;
  if (v[10] != '\0') return;
  char out[11] = {v[6], v[7], v[8], v[9], '-', v[3], v[4], '-', v[0], v[1], '\0'};
  memcpy(v, out, sizeof out);
}

static int tml_read_meantime(const char *name, const char *buf, size_t len, tml_doc *d,
                             dl_err *err) {
  const char *end = buf + len;
  tml_tok *tok = NULL;
  tml_mark *mark = NULL;
  size_t nt = 0, ct = 0, nm = 0, cm = 0;
  tml_buf words = {0};
  tml_mark *cur = NULL; /* the TIMEX3 being read */
  long last_anchor = -1; /* largest t_id any markable covers */
  int rc = DL_OK;
  const char *p = buf;
  while (rc == DL_OK && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
    const char *gt = memchr(p, '>', (size_t)(end - p));
    if (!gt) {
      rc = dl_err_set(err, DL_ERROR, "%s:%zu: tag not closed", name, tml_line_at(buf, p));
      break;
    }
    size_t tn = (size_t)(gt - p);
    if (tml_tag_is(p + 1, gt + 1, "token")) {
      char id[32] = "", sent[32] = "";
      if (!tml_attr(p, tn, "t_id", id, sizeof id) || !tml_attr(p, tn, "sentence", sent, sizeof sent)) {
        rc = dl_err_set(err, DL_ERROR, "%s:%zu: <token> without t_id or sentence", name,
                        tml_line_at(buf, p));
        break;
      }
      const char *close = gt[-1] == '/' ? gt : memchr(gt, '<', (size_t)(end - gt));
      if (!close) {
        rc = dl_err_set(err, DL_ERROR, "%s:%zu: <token> not closed", name, tml_line_at(buf, p));
        break;
      }
      if (nt == ct) {
        ct = ct ? 2 * ct : 512;
        tml_tok *t2 = realloc(tok, ct * sizeof *t2);
        if (!t2) {
          rc = DL_NOMEM;
          break;
        }
        tok = t2;
      }
      tml_tok *t = &tok[nt];
      t->id = strtol(id, NULL, 10);
      t->sent = strtol(sent, NULL, 10);
      t->off = words.n;
      const char *w = gt + 1;
      size_t wn = close > w ? (size_t)(close - w) : 0;
      /* a word is one token: surrounding white space is not part of it */
      while (wn && (w[0] == ' ' || w[0] == '\n' || w[0] == '\t')) w++, wn--;
      while (wn && (w[wn - 1] == ' ' || w[wn - 1] == '\n' || w[wn - 1] == '\t')) wn--;
      if (tml_put_decoded(&words, w, wn) || tml_buf_put(&words, "", 0)) {
        rc = DL_NOMEM;
        break;
      }
      t->n = words.n - t->off;
      if (t->n) nt++; /* an empty token adds nothing to the text */
      p = close;
      continue;
    }
    if (tml_tag_is(p + 1, gt + 1, "TIMEX3") && gt[-1] != '/') {
      if (nm == cm) {
        cm = cm ? 2 * cm : 16;
        tml_mark *m2 = realloc(mark, cm * sizeof *m2);
        if (!m2) {
          rc = DL_NOMEM;
          break;
        }
        mark = m2;
      }
      cur = &mark[nm++];
      char type[32] = "", fn[32] = "";
      cur->first = cur->last = -1;
      cur->line = (uint32_t)tml_line_at(buf, p);
      tml_attr(p, tn, "type", type, sizeof type);
      cur->type = tml_type(type);
      tml_attr(p, tn, "functionInDocument", fn, sizeof fn);
      cur->creation = !strcmp(fn, "CREATION_TIME");
      if (!tml_attr(p, tn, "value", cur->value, sizeof cur->value)) cur->value[0] = '\0';
    } else if (p[1] == '/' && tml_tag_is(p + 2, gt + 1, "TIMEX3")) {
      cur = NULL;
    } else if (tml_tag_is(p + 1, gt + 1, "token_anchor")) {
      /* any markable's anchor shows how far the annotation reaches */
      char id[32] = "";
      if (tml_attr(p, tn, "t_id", id, sizeof id)) {
        long v = strtol(id, NULL, 10);
        if (v > last_anchor) last_anchor = v;
        if (cur && (cur->first < 0 || v < cur->first)) cur->first = v;
        if (cur && (cur->last < 0 || v > cur->last)) cur->last = v;
      }
    }
    p = gt + 1;
  }
  if (rc == DL_OK && nt == 0) rc = dl_err_set(err, DL_ERROR, "%s: no <token> elements", name);
  if (rc == DL_OK && tml_join_tokens(d, tok, nt, words.s)) rc = DL_NOMEM;
  /* the document date: the CREATION_TIME markable; two files have none,
   * and there the markable on the date line (sentence 1) stands in */
  tml_mark *dct = NULL;
  for (size_t i = 0; i < nm && !dct; i++)
    if (mark[i].creation) dct = &mark[i];
  for (size_t i = 0; i < nm && !dct && rc == DL_OK; i++) {
    long a = mark[i].first >= 0 ? tml_tok_index(tok, nt, mark[i].first) : -1;
    if (a >= 0 && tok[a].sent == 1) dct = &mark[i];
  }
  if (dct) tml_fix_ddmmyyyy(dct->value);
  bool have_dct = dct && tml_set_dct(d, dct->value);
  if (rc == DL_OK && dct && !have_dct)
    rc = dl_err_set(err, DL_ERROR, "%s:%u: CREATION_TIME value '%s' is not a date", name,
                    (unsigned)dct->line, dct->value);
  for (size_t i = 0; i < nm && rc == DL_OK; i++) {
    tml_mark *m = &mark[i];
    if (m->first < 0) continue; /* not in the text (an implicit time) */
    long a = tml_tok_index(tok, nt, m->first), b = tml_tok_index(tok, nt, m->last);
    if (a < 0 || b < 0) {
      rc = dl_err_set(err, DL_ERROR, "%s:%u: TIMEX3 anchored to a token that does not exist",
                      name, (unsigned)m->line);
      break;
    }
    tml_gold g = {tok[a].start, tok[b].end, m->type, strdup(m->value), m->line};
    if (!g.value || tml_push_gold(d, &g)) {
      free(g.value);
      rc = DL_NOMEM;
    }
  }
  if (rc == DL_OK && !have_dct)
    rc = dl_err_set(err, DL_ERROR, "%s: no TIMEX3 with functionInDocument=\"CREATION_TIME\"",
                    name);
  /* the scored region ends with the last annotated sentence */
  if (rc == DL_OK) {
    long a = last_anchor >= 0 ? tml_tok_index(tok, nt, last_anchor) : -1;
    d->scored_end = (uint32_t)d->len;
    if (a >= 0) {
      size_t k = (size_t)a;
      while (k + 1 < nt && tok[k + 1].sent == tok[a].sent) k++;
      d->scored_end = tok[k].end;
    }
  }
  free(tok);
  free(mark);
  free(words.s);
  if (rc == DL_NOMEM) dl_err_set(err, DL_NOMEM, "%s: out of memory", name);
  return rc;
}

/* Gold markables come in annotation order; scoring wants text order. */
static int tml_gold_cmp(const void *a, const void *b) {
  const tml_gold *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->end != y->end) return x->end < y->end ? -1 : 1;
  return 0;
}

tml_format tml_detect(const char *buf, size_t len) {
  size_t n = len < 4096 ? len : 4096;
  if (tml_find(buf, n, "<TimeML") || tml_find(buf, len, "<TEXT>")) return TML_TBAQ;
  if (tml_find(buf, n, "<Document") && tml_find(buf, n, "<token")) return TML_MEANTIME;
  return TML_UNKNOWN;
}

int tml_read(tml_format fmt, const char *name, const char *buf, size_t len, tml_doc *d,
             dl_err *err) {
  memset(d, 0, sizeof *d);
  if (fmt == TML_AUTO) fmt = tml_detect(buf, len);
  int rc;
  if (fmt == TML_TBAQ) rc = tml_read_tbaq(name, buf, len, d, err);
  else if (fmt == TML_MEANTIME) rc = tml_read_meantime(name, buf, len, d, err);
  else return dl_err_set(err, DL_ERROR, "%s: neither TimeML nor MEANTIME XML", name);
  if (rc == DL_OK && !d->text && tml_reserve(d, 0) == 0) d->text[0] = '\0';
  if (rc == DL_OK && !d->text) rc = dl_err_set(err, DL_NOMEM, "%s: out of memory", name);
  if (rc == DL_OK && d->n_gold > 1) qsort(d->gold, d->n_gold, sizeof *d->gold, tml_gold_cmp);
  return rc;
}

/* ------------------------------------------------------------- scoring */

/* Writes the canonical form of a value into out: upper case, trailing
 * unspecified parts dropped ("1998-10-XX" -> "1998-10"), seconds dropped
 * ("T08:10:00" -> "T08:10"), an hour alone padded ("T08" -> "T08:00"). */
static void tml_canon(const char *v, char *out, size_t outsz) {
  size_t n = 0;
  for (; v[n] && n + 1 < outsz; n++) {
    char c = v[n];
    out[n] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
  }
  out[n] = '\0';
  /* unspecified trailing parts say nothing: "1949-XX" -> "1949" */
  while (n >= 3 && !strcmp(out + n - 3, "-XX")) out[n -= 3] = '\0';
  char *t = strchr(out, 'T');
  /* the time part: T followed by two digits */
  while (t && !(t[1] >= '0' && t[1] <= '9' && t[2] >= '0' && t[2] <= '9'))
    t = strchr(t + 1, 'T');
  if (!t) return;
  char *hm = t + 3;
  if (*hm == '\0' && (size_t)(hm - out) + 3 < outsz) {
    memcpy(hm, ":00", 4);
  } else if (hm[0] == ':' && hm[1] >= '0' && hm[1] <= '9' && hm[2] >= '0' && hm[2] <= '9' &&
             hm[3] == ':' && hm[4] >= '0' && hm[4] <= '9' && hm[5] >= '0' && hm[5] <= '9') {
    memmove(hm + 3, hm + 6, strlen(hm + 6) + 1);
  }
}

bool tml_value_equal(const char *gold, const char *sys) {
  if (!gold || !sys) return false;
  char a[160], b[160];
  tml_canon(gold, a, sizeof a);
  tml_canon(sys, b, sizeof b);
  return strcmp(a, b) == 0;
}

static bool tml_scored(uint8_t type) { return type == DL_TIMEX_DATE || type == DL_TIMEX_TIME; }

/* Whether a system timex is scored: DATE or TIME, inside the region. */
static bool tml_sys_scored(const tml_doc *d, const dl_timex *s) {
  return tml_scored(s->type) && s->start < d->scored_end;
}

static bool tml_overlap(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1) {
  return (a0 > b0 ? a0 : b0) < (a1 < b1 ? a1 : b1);
}

/* Prints n bytes of s as one field: tabs and line breaks become spaces. */
static void tml_field(FILE *out, const char *s, size_t n) {
  fputc('\t', out);
  if (n == 0) {
    fputc('-', out);
    return;
  }
  for (size_t i = 0; i < n; i++) fputc(s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i], out);
}

/* One -v line. g or s may be NULL. */
static void tml_report(FILE *out, const char *kind, const char *name, const tml_doc *d,
                       const tml_gold *g, const dl_timex *s) {
  fputs(kind, out);
  tml_field(out, name, strlen(name));
  const char *gt = g ? tml_type_name(g->type) : "";
  tml_field(out, gt, strlen(gt));
  tml_field(out, g ? d->text + g->start : "", g ? g->end - g->start : 0);
  tml_field(out, g ? g->value : "", g ? strlen(g->value) : 0);
  const char *st = s ? tml_type_name(s->type) : "";
  tml_field(out, st, strlen(st));
  tml_field(out, s ? d->text + s->start : "", s ? s->end - s->start : 0);
  const char *sv = s ? (s->value ? s->value : "(null)") : "";
  tml_field(out, sv, strlen(sv));
  /* 40 bytes of context either side, on UTF-8 boundaries */
  uint32_t a = g ? g->start : s->start, b = g ? g->end : s->end;
  if (s && s->start < a) a = s->start;
  if (s && s->end > b) b = s->end;
  size_t c0 = a > 40 ? a - 40 : 0, c1 = b + 40 < d->len ? b + 40 : d->len;
  while (c0 > 0 && ((unsigned char)d->text[c0] & 0xC0) == 0x80) c0--;
  while (c1 < d->len && ((unsigned char)d->text[c1] & 0xC0) == 0x80) c1++;
  tml_field(out, d->text + c0, c1 - c0);
  fputc('\n', out);
}

void tml_score(const tml_doc *d, const dl_timex *sys, size_t n_sys, const char *name,
               tml_tally *t, FILE *vout) {
  /* match[i]: the system index paired with gold i, or -1 */
  long *gm = malloc((d->n_gold + 1) * sizeof *gm);
  long *sm = malloc((n_sys + 1) * sizeof *sm);
  if (!gm || !sm) {
    free(gm);
    free(sm);
    cli_error("%s: out of memory while scoring", name);
    return;
  }
  for (size_t i = 0; i < d->n_gold; i++) gm[i] = -1;
  for (size_t j = 0; j < n_sys; j++) sm[j] = -1;
  t->docs++;
  t->bytes += d->len;
  for (size_t i = 0; i < d->n_gold; i++) t->gold += tml_scored(d->gold[i].type);
  for (size_t j = 0; j < n_sys; j++) t->sys += tml_sys_scored(d, &sys[j]);
  /* identical spans first */
  for (size_t i = 0; i < d->n_gold; i++) {
    if (!tml_scored(d->gold[i].type)) continue;
    for (size_t j = 0; j < n_sys; j++)
      if (sm[j] < 0 && tml_sys_scored(d, &sys[j]) && sys[j].start == d->gold[i].start &&
          sys[j].end == d->gold[i].end) {
        gm[i] = (long)j;
        sm[j] = (long)i;
        t->strict++;
        break;
      }
  }
  /* then the largest free overlap */
  for (size_t i = 0; i < d->n_gold; i++) {
    const tml_gold *g = &d->gold[i];
    if (!tml_scored(g->type) || gm[i] >= 0) continue;
    long best = -1;
    uint32_t best_ov = 0;
    for (size_t j = 0; j < n_sys; j++) {
      if (sm[j] >= 0 || !tml_sys_scored(d, &sys[j]) ||
          !tml_overlap(g->start, g->end, sys[j].start, sys[j].end))
        continue;
      uint32_t lo = g->start > sys[j].start ? g->start : sys[j].start;
      uint32_t hi = g->end < sys[j].end ? g->end : sys[j].end;
      if (hi - lo > best_ov) {
        best_ov = hi - lo;
        best = (long)j;
      }
    }
    if (best >= 0) {
      gm[i] = best;
      sm[best] = (long)i;
    }
  }
  for (size_t i = 0; i < d->n_gold; i++) {
    const tml_gold *g = &d->gold[i];
    if (!tml_scored(g->type)) continue;
    if (gm[i] < 0) {
      /* a miss; is it under a system DURATION or SET? */
      const dl_timex *under = NULL;
      for (size_t j = 0; j < n_sys && !under; j++)
        if (!tml_scored(sys[j].type) && tml_overlap(g->start, g->end, sys[j].start, sys[j].end))
          under = &sys[j];
      t->gold_in_other += under != NULL;
      if (vout) tml_report(vout, "MISS", name, d, g, under);
      continue;
    }
    const dl_timex *s = &sys[gm[i]];
    t->relaxed++;
    bool ok = tml_value_equal(g->value, s->value);
    t->value_ok += ok;
    if (vout && !ok) tml_report(vout, "VALUE", name, d, g, s);
    else if (vout && (s->start != g->start || s->end != g->end))
      tml_report(vout, "SPAN", name, d, g, s);
  }
  for (size_t j = 0; j < n_sys; j++) {
    if (!tml_sys_scored(d, &sys[j]) || sm[j] >= 0) continue;
    /* a false alarm; does it lie on a gold DURATION or SET? */
    const tml_gold *on = NULL;
    for (size_t i = 0; i < d->n_gold && !on; i++)
      if (!tml_scored(d->gold[i].type) &&
          tml_overlap(d->gold[i].start, d->gold[i].end, sys[j].start, sys[j].end))
        on = &d->gold[i];
    t->sys_on_other += on != NULL;
    if (vout) tml_report(vout, "FALSE", name, d, on, &sys[j]);
  }
  free(gm);
  free(sm);
}

/* ------------------------------------------------------------- command */

static double tml_ratio(size_t a, size_t b) { return b ? (double)a / (double)b : 0.0; }
static double tml_f1(size_t tp, size_t gold, size_t sys) {
  return gold + sys ? 2.0 * (double)tp / (double)(gold + sys) : 0.0;
}

static void tml_add(tml_tally *to, const tml_tally *t) {
  to->docs += t->docs;
  to->bytes += t->bytes;
  to->gold += t->gold;
  to->sys += t->sys;
  to->strict += t->strict;
  to->relaxed += t->relaxed;
  to->value_ok += t->value_ok;
  to->sys_on_other += t->sys_on_other;
  to->gold_in_other += t->gold_in_other;
}

static void tml_print(const char *label, const tml_tally *t) {
  printf("%-16s docs %4zu  gold %5zu  system %5zu  "
         "strict P %.3f R %.3f F1 %.3f  relaxed P %.3f R %.3f F1 %.3f  "
         "value-accuracy %.3f (%zu/%zu)  value P %.3f R %.3f F1 %.3f\n",
         label, t->docs, t->gold, t->sys, tml_ratio(t->strict, t->sys),
         tml_ratio(t->strict, t->gold), tml_f1(t->strict, t->gold, t->sys),
         tml_ratio(t->relaxed, t->sys), tml_ratio(t->relaxed, t->gold),
         tml_f1(t->relaxed, t->gold, t->sys), tml_ratio(t->value_ok, t->relaxed), t->value_ok,
         t->relaxed, tml_ratio(t->value_ok, t->sys), tml_ratio(t->value_ok, t->gold),
         tml_f1(t->value_ok, t->gold, t->sys));
}

/* Per-corpus tallies, keyed by the name of the file's directory. */
typedef struct tml_group {
  char label[64];
  tml_tally t;
} tml_group;

static tml_tally *tml_group_for(tml_group *g, size_t *n, size_t cap, const char *path) {
  const char *slash = strrchr(path, '/');
  char label[64] = ".";
  if (slash) {
    const char *b = slash;
    while (b > path && b[-1] != '/') b--;
    size_t k = (size_t)(slash - b);
    if (k >= sizeof label) k = sizeof label - 1;
    if (k) {
      memcpy(label, b, k);
      label[k] = '\0';
    }
  }
  for (size_t i = 0; i < *n; i++)
    if (!strcmp(g[i].label, label)) return &g[i].t;
  if (*n == cap) return &g[cap - 1].t; /* "other", see below */
  memcpy(g[*n].label, label, sizeof label);
  return &g[(*n)++].t;
}

/* Reads a whole file; returns a malloc'd buffer or NULL (message set). */
static char *tml_slurp(const char *path, size_t *len, dl_err *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    dl_err_set(err, DL_IO, "%s: %s", path, strerror(errno));
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, fp);
    if (n < cap) break;
    if (cap >= TML_MAX_FILE) {
      dl_err_set(err, DL_ERROR, "%s: larger than %u MiB; skipped", path, TML_MAX_FILE >> 20);
      free(buf);
      fclose(fp);
      return NULL;
    }
    char *b2 = realloc(buf, cap * 2);
    if (!b2) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = b2;
    cap *= 2;
  }
  bool bad = ferror(fp);
  fclose(fp);
  if (!buf) {
    dl_err_set(err, DL_NOMEM, "%s: out of memory", path);
    return NULL;
  }
  if (bad) {
    dl_err_set(err, DL_IO, "%s: read error", path);
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

/* Whether a file found by walking a directory is a corpus file. */
static bool tml_wanted(const char *path) {
  size_t n = strlen(path);
  return (n > 4 && !strcmp(path + n - 4, ".tml")) || (n > 4 && !strcmp(path + n - 4, ".xml"));
}

/* The stages the evaluation runs. */
typedef struct tml_pipe {
  dl_text *text;
  dl_nlp *nlp; /* NULL: no parse */
  dl_time *time;
} tml_pipe;

/* Reads, runs and scores one file. Returns DL_OK, DL_ERROR (the file is
 * skipped; reported), DL_NOMEM. */
static int tml_eval_file(const tml_pipe *pp, tml_format fmt, const char *path, tml_tally *t,
                         FILE *vout) {
  dl_err err = {0};
  size_t len = 0;
  char *buf = tml_slurp(path, &len, &err);
  if (!buf) {
    cli_error("%s", err.msg);
    return err.code == DL_NOMEM ? DL_NOMEM : DL_ERROR;
  }
  tml_doc d;
  int rc = tml_read(fmt, path, buf, len, &d, &err);
  free(buf);
  dl_doc *doc = NULL;
  if (rc == DL_OK && !(doc = dl_doc_new())) rc = dl_err_set(&err, DL_NOMEM, "out of memory");
  if (rc == DL_OK) rc = dl_doc_set_body(doc, d.text, d.len);
  if (rc == DL_OK) {
    size_t blen;
    const char *body = dl_doc_body(doc, &blen);
    if (blen != d.len || memcmp(body, d.text, blen))
      rc = dl_err_set(&err, DL_ERROR, "%s: the body differs from the rebuilt text "
                      "(offsets would not agree); skipped", path);
  }
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  if (rc == DL_OK) rc = dl_doc_set_meta(doc, "id", base, strlen(base));
  if (rc == DL_OK) rc = dl_doc_set_ref_date(doc, d.dct, DL_DATE_META);
  if (rc == DL_OK) rc = dl_text_run(pp->text, doc, &err);
  if (rc == DL_OK && pp->nlp) rc = dl_nlp_run(pp->nlp, doc, &err);
  if (rc == DL_OK) rc = dl_time_run(pp->time, doc, &err);
  if (rc == DL_OK) {
    size_t ns;
    const dl_timex *sys = dl_doc_timexes(doc, &ns);
    tml_score(&d, sys, ns, base, t, vout);
  } else {
    if (rc == DL_NOMEM && !err.msg[0]) dl_err_set(&err, DL_NOMEM, "%s: out of memory", path);
    cli_error("%s", err.msg[0] ? err.msg : dl_status_name(rc));
  }
  dl_doc_free(doc);
  tml_doc_free(&d);
  return rc == DL_OK ? DL_OK : rc == DL_NOMEM ? DL_NOMEM : DL_ERROR;
}

static const char timeml_usage[] =
    "usage: dateline eval timeml [options] DIR|FILE...\n"
    "\n"
    "  -v                 print every miss, false alarm, wrong value and\n"
    "                     partial span, one tab-separated line each:\n"
    "                     KIND file gold-type gold-text gold-value\n"
    "                     sys-type sys-text sys-value context\n"
    "  --format F         tbaq (inline TimeML .tml: TimeBank, AQUAINT,\n"
    "                     TempEval-3), meantime (NewsReader CAT XML) or auto\n"
    "                     (the default: decided per file from its content)\n"
    "  --models DIR       tagger and parser models (default $DATELINE_MODELS\n"
    "                     or the built-in directory; without them the time\n"
    "                     stage runs without a parse)\n"
    "  --no-parse         do not run the tagger and parser\n"
    "\n"
    "Runs the time stage on the text of each file, with the document\n"
    "creation time as reference date, and scores its DATE and TIME\n"
    "expressions against the gold TIMEX3s: strict (same span) and relaxed\n"
    "(overlapping, one to one) span precision, recall and F1, value accuracy\n"
    "on relaxed matches, and value F1. Directories are searched recursively\n"
    "for .tml and .xml files. Prints a line per corpus directory and one for\n"
    "all; the last line reads\n"
    "  strict-F1 <x> relaxed-F1 <x> value-accuracy <x> value-F1 <x>\n"
    "Exit status 0, or 1 when a file could not be read (it is skipped).\n";

int dl_cmd_eval_timeml(int argc, char **argv) {
  bool verbose = false, no_parse = false;
  const char *models = NULL;
  tml_format fmt = TML_AUTO;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(timeml_usage, stdout);
      return EXIT_OK;
    } else if (!strcmp(a, "-v")) {
      verbose = true;
    } else if (!strcmp(a, "--no-parse")) {
      no_parse = true;
    } else if (!strcmp(a, "--models") && i + 1 < argc) {
      models = argv[++i];
    } else if (!strcmp(a, "--format") && i + 1 < argc) {
      const char *f = argv[++i];
      if (!strcmp(f, "tbaq") || !strcmp(f, "timeml") || !strcmp(f, "tml")) fmt = TML_TBAQ;
      else if (!strcmp(f, "meantime")) fmt = TML_MEANTIME;
      else if (!strcmp(f, "auto")) fmt = TML_AUTO;
      else {
        cli_error("eval timeml: --format needs tbaq, meantime or auto");
        return EXIT_USAGE;
      }
    } else if (!strcmp(a, "--")) {
      i++;
      break;
    } else {
      cli_error("eval timeml: unknown option %s (see dateline eval timeml --help)", a);
      return EXIT_USAGE;
    }
  }
  if (i >= argc) {
    fputs(timeml_usage, stderr);
    return EXIT_USAGE;
  }

  tml_pipe pp = {0};
  dl_err err = {0};
  if (dl_text_new(&pp.text, &err) || dl_time_new(&pp.time, &err)) {
    cli_error("%s", err.msg);
    dl_text_free(pp.text);
    return EXIT_USAGE;
  }
  if (!no_parse && dl_nlp_load(cli_models_dir(models), &pp.nlp, &err) != DL_OK) {
    pp.nlp = NULL;
    if (models) { /* asked for explicitly: a failure is fatal */
      cli_error("%s", err.msg);
      dl_text_free(pp.text);
      dl_time_free(pp.time);
      return EXIT_MODEL;
    }
    cli_error("warning: %s; running without the parse", err.msg);
  }

  enum { MAX_GROUPS = 32 };
  tml_group groups[MAX_GROUPS];
  size_t n_groups = 0;
  memset(groups, 0, sizeof groups);
  size_t failed = 0, files = 0;
  bool oom = false;
  for (; i < argc && !oom; i++) {
    struct stat st;
    bool is_dir = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode);
    char **list = cli_expand_inputs(&argv[i], 1, &failed);
    if (!list) {
      oom = true;
      break;
    }
    for (char **f = list; *f && !oom; f++) {
      if (!strcmp(*f, "-")) {
        cli_error("eval timeml: standard input is not supported; name the files");
        failed++;
        continue;
      }
      if (is_dir && !tml_wanted(*f)) continue;
      files++;
      tml_tally *t = tml_group_for(groups, &n_groups, MAX_GROUPS, *f);
      int rc = tml_eval_file(&pp, fmt, *f, t, verbose ? stdout : NULL);
      if (rc == DL_NOMEM) oom = true;
      else if (rc) failed++;
    }
    cli_free_inputs(list);
  }
  dl_text_free(pp.text);
  dl_nlp_free(pp.nlp);
  dl_time_free(pp.time);
  if (oom) {
    cli_error("out of memory");
    return EXIT_USAGE;
  }
  if (files == 0) {
    cli_error("eval timeml: no .tml or .xml files found");
    return EXIT_INPUT;
  }

  tml_tally all = {0};
  for (size_t g = 0; g < n_groups; g++) {
    tml_print(groups[g].label, &groups[g].t);
    tml_add(&all, &groups[g].t);
  }
  tml_print("all", &all);
  printf("type confusions: %zu false alarms lie on a gold DURATION/SET, "
         "%zu misses under a system DURATION/SET\n",
         all.sys_on_other, all.gold_in_other);
  printf("strict-F1 %.3f relaxed-F1 %.3f value-accuracy %.3f value-F1 %.3f\n",
         tml_f1(all.strict, all.gold, all.sys), tml_f1(all.relaxed, all.gold, all.sys),
         tml_ratio(all.value_ok, all.relaxed), tml_f1(all.value_ok, all.gold, all.sys));
  if (fflush(stdout) != 0) {
    cli_error("standard output: %s", strerror(errno));
    return EXIT_USAGE;
  }
  return failed ? EXIT_INPUT : EXIT_OK;
}
