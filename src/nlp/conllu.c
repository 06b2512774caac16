/*
 * conllu.c -- a reader for CoNLL-U treebanks (training and evaluation).
 *
 * Keeps the basic layer: syntactic words with FORM, LEMMA, UPOS, XPOS,
 * HEAD and DEPREL. Multiword-token ranges ("3-4 don't") are not words but
 * give the surface spans; empty nodes ("8.1") are skipped. Each word's
 * byte span in the sentence's "# text" line is found by walking the text
 * token by token (the words of a multiword token get sub-spans when their
 * forms spell it out, else no span), which lets `eval ud` align our own
 * tokenization of the text with the gold words by offsets.
 *
 * Forms and lemmas are normalised as the text stage normalises token forms
 * (curly quotes and apostrophes to ASCII) so training sees what the
 * pipeline will give the tagger. Memory lives in the corpus arena.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_int.h"

/* Curly quotes are three bytes in UTF-8 (E2 80 98/99/9C/9D) and become
 * one ASCII byte, so the output is never longer than the input. */
size_t nlp_normalise_form(const char *s, size_t n, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
      unsigned char d = (unsigned char)s[i + 2];
      if (d == 0x98 || d == 0x99) {
        out[o++] = '\'';
        i += 2;
        continue;
      }
      if (d == 0x9C || d == 0x9D) {
        out[o++] = '"';
        i += 2;
        continue;
      }
    }
    out[o++] = (char)c;
  }
  out[o] = '\0';
  return o;
}

/* A surface token of the sentence being read: its raw form and the words
 * [w0, w1) it covers. */
typedef struct surf {
  const char *form;
  size_t len;
  uint32_t w0, w1;
} surf;

typedef struct reader {
  nlp_corpus *c;
  nlp_word *w;
  const char **raw; /* raw forms of the words (in the input buffer) */
  size_t *rawlen;
  size_t nw, capw;
  surf *t;
  size_t nt, capt;
  const char *text;
  uint32_t line0;
  uint32_t mwt_end; /* last word id of the open multiword token, or 0 */
} reader;

/* A normalised copy of s[0..n) in the corpus arena; NULL when out of
 * memory. */
static char *dup_norm(nlp_corpus *c, const char *s, size_t n) {
  char *p = dl_arena_alloc(&c->arena, n + 1);
  if (p) nlp_normalise_form(s, n, p);
  return p;
}

/* Finds the words' spans in the text. Surface tokens are matched in
 * order, skipping spaces; a token not found where expected is looked for a
 * little further on (EWT has a few texts whose spacing differs from the
 * tokens), and left without a span when absent. */
static void find_spans(reader *r) {
  if (!r->text) return;
  const char *txt = r->text;
  size_t tl = strlen(txt), pos = 0;
  for (size_t i = 0; i < r->nt; i++) {
    surf *t = &r->t[i];
    while (pos < tl && (txt[pos] == ' ' || txt[pos] == '\t')) pos++;
    size_t at;
    if (t->len && pos + t->len <= tl && memcmp(txt + pos, t->form, t->len) == 0) {
      at = pos;
    } else {
      /* look ahead a little (stray spacing differences) */
      const char *f = NULL;
      for (size_t k = pos; k + t->len <= tl && k < pos + 64; k++)
        if (memcmp(txt + k, t->form, t->len) == 0) {
          f = txt + k;
          break;
        }
      if (!f || !t->len) continue;
      at = (size_t)(f - txt);
    }
    pos = at + t->len;
    if (t->w1 == t->w0 + 1) {
      r->w[t->w0].start = (uint32_t)at;
      r->w[t->w0].end = (uint32_t)pos;
      continue;
    }
    /* multiword token: sub-spans when the raw word forms spell it out */
    size_t off = at;
    bool ok = true;
    for (uint32_t k = t->w0; k < t->w1 && ok; k++) {
      size_t n = r->rawlen[k];
      ok = off + n <= pos && memcmp(txt + off, r->raw[k], n) == 0;
      off += n;
    }
    if (!ok || off != pos) continue;
    off = at;
    for (uint32_t k = t->w0; k < t->w1; k++) {
      size_t n = r->rawlen[k];
      r->w[k].start = (uint32_t)off;
      r->w[k].end = (uint32_t)(off + n);
      off += n;
    }
  }
}

/* Closes the sentence being read (if any) into the corpus: finds its
 * spans, copies its words into the arena and resets the reader. Returns
 * DL_OK or DL_NOMEM. */
static int flush(reader *r) {
  if (r->nw == 0) {
    r->nt = 0;
    r->text = NULL;
    return DL_OK;
  }
  nlp_corpus *c = r->c;
  find_spans(r);
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 1024;
    nlp_sent *s = realloc(c->s, cap * sizeof *s);
    if (!s) return DL_NOMEM;
    c->s = s;
    c->cap = cap;
  }
  nlp_word *w = dl_arena_alloc(&c->arena, r->nw * sizeof *w);
  if (!w) return DL_NOMEM;
  memcpy(w, r->w, r->nw * sizeof *w);
  c->s[c->n++] = (nlp_sent){w, (uint32_t)r->nw, r->text, r->line0};
  c->n_words += r->nw;
  r->nw = r->nt = 0;
  r->text = NULL;
  r->mwt_end = 0;
  return DL_OK;
}

/* Splits a line into up to 10 tab-separated fields; returns the count. */
static int split_tabs(const char *s, size_t n, const char **f, size_t *fl) {
  int k = 0;
  size_t b = 0;
  for (size_t i = 0; i <= n && k < 10; i++) {
    if (i == n || s[i] == '\t') {
      f[k] = s + b;
      fl[k] = i - b;
      k++;
      b = i + 1;
    }
  }
  return k;
}

/* A decimal number of at most 9 digits, or -1 ("_", empty, too long). */
static long parse_uint(const char *s, size_t n) {
  if (n == 0 || n > 9) return -1;
  long v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/* Looks a field up with a name table function (field copied to a NUL
 * terminated buffer). */
static int lookup(int (*fn)(const char *), const char *s, size_t n) {
  char b[64];
  if (n >= sizeof b) return 0;
  memcpy(b, s, n);
  b[n] = '\0';
  return fn(b);
}

/* Takes one line (without its newline): a blank line ends the sentence, a
 * '# text = ' comment gives its text, other comments are skipped, and a
 * word line adds a word (or a multiword range, or nothing for an empty
 * node). Returns DL_OK, DL_NOMEM, or DL_ERROR with "name:line: reason". */
static int add_line(reader *r, const char *name, uint32_t lineno,
                    const char *s, size_t n, dl_err *err) {
  nlp_corpus *c = r->c;
  if (n && s[n - 1] == '\r') n--;
  if (n == 0) return flush(r);
  if (s[0] == '#') {
    if (n > 9 && memcmp(s, "# text = ", 9) == 0) {
      r->text = dl_arena_strndup(&c->arena, s + 9, n - 9);
      if (!r->text) return DL_NOMEM;
    }
    return DL_OK;
  }
  const char *f[10];
  size_t fl[10];
  if (split_tabs(s, n, f, fl) < 8)
    return dl_err_set(err, DL_ERROR, "%s:%u: not a CoNLL-U word line", name,
                      lineno);
  if (r->nw == 0 && r->nt == 0) r->line0 = lineno;
  const char *dash = memchr(f[0], '-', fl[0]);
  if (memchr(f[0], '.', fl[0])) return DL_OK; /* empty node */
  if (r->nt == r->capt) {
    size_t cap = r->capt ? r->capt * 2 : 64;
    surf *t = realloc(r->t, cap * sizeof *t);
    if (!t) return DL_NOMEM;
    r->t = t;
    r->capt = cap;
  }
  if (dash) {
    long a = parse_uint(f[0], (size_t)(dash - f[0]));
    long b = parse_uint(dash + 1, fl[0] - (size_t)(dash - f[0]) - 1);
    if (a < 1 || b < a || (size_t)a != r->nw + 1)
      return dl_err_set(err, DL_ERROR, "%s:%u: bad multiword range", name,
                        lineno);
    r->t[r->nt++] = (surf){f[1], fl[1], (uint32_t)a - 1, (uint32_t)b};
    r->mwt_end = (uint32_t)b;
    return DL_OK;
  }
  long id = parse_uint(f[0], fl[0]);
  if (id != (long)r->nw + 1)
    return dl_err_set(err, DL_ERROR, "%s:%u: word id %.*s out of sequence",
                      name, lineno, (int)fl[0], f[0]);
  if (r->nw == r->capw) {
    size_t cap = r->capw ? r->capw * 2 : 64;
    nlp_word *w = realloc(r->w, cap * sizeof *w);
    if (!w) return DL_NOMEM;
    r->w = w;
    const char **raw = realloc(r->raw, cap * sizeof *raw);
    if (!raw) return DL_NOMEM;
    r->raw = raw;
    size_t *rl = realloc(r->rawlen, cap * sizeof *rl);
    if (!rl) return DL_NOMEM;
    r->rawlen = rl;
    r->capw = cap;
  }
  nlp_word *w = &r->w[r->nw];
  memset(w, 0, sizeof *w);
  r->raw[r->nw] = f[1];
  r->rawlen[r->nw] = fl[1];
  w->form = dup_norm(c, f[1], fl[1]);
  w->lemma = dup_norm(c, f[2], fl[2]);
  if (!w->form || !w->lemma) return DL_NOMEM;
  w->upos = (uint8_t)lookup(dl_upos_from_name, f[3], fl[3]);
  w->xpos = (uint8_t)lookup(dl_xpos_from_name, f[4], fl[4]);
  long h = parse_uint(f[6], fl[6]); /* "_" (no head) gives -1 */
  w->head = (int32_t)h;
  w->deprel = (uint8_t)lookup(dl_deprel_from_name, f[7], fl[7]);
  if ((uint32_t)id > r->mwt_end)
    r->t[r->nt++] = (surf){f[1], fl[1], (uint32_t)id - 1, (uint32_t)id};
  r->nw++;
  return DL_OK;
}

int nlp_corpus_parse(const char *name, const char *buf, size_t len,
                     nlp_corpus *c, dl_err *err) {
  memset(c, 0, sizeof *c);
  dl_arena_init(&c->arena);
  reader r;
  memset(&r, 0, sizeof r);
  r.c = c;
  int rc = DL_OK;
  uint32_t lineno = 0;
  size_t i = 0;
  while (i < len && rc == DL_OK) {
    const char *nl = memchr(buf + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - buf) : len;
    rc = add_line(&r, name, ++lineno, buf + i, e - i, err);
    i = e + 1;
  }
  if (rc == DL_OK) rc = flush(&r);
  if (rc == DL_NOMEM) dl_err_set(err, rc, "%s: out of memory", name);
  /* heads must point inside their sentence */
  for (size_t s = 0; rc == DL_OK && s < c->n; s++)
    for (uint32_t k = 0; k < c->s[s].n; k++)
      if (c->s[s].w[k].head > (int32_t)c->s[s].n) {
        rc = dl_err_set(err, DL_ERROR, "%s:%u: head out of range", name,
                        c->s[s].line);
        break;
      }
  free(r.w);
  free(r.raw);
  free(r.rawlen);
  free(r.t);
  if (rc != DL_OK) nlp_corpus_free(c);
  return rc;
}

/* Reads the whole file into memory (treebanks are a few MB) and parses
 * it; the words are copied, so the buffer is freed at once. */
int nlp_corpus_read(const char *path, nlp_corpus *c, dl_err *err) {
  memset(c, 0, sizeof *c);
  FILE *fp = fopen(path, "rb");
  if (!fp) return dl_err_set(err, DL_IO, "%s: %s", path, strerror(errno));
  size_t cap = 1 << 20, n = 0;
  char *buf = malloc(cap);
  int rc = DL_OK;
  while (buf) {
    if (n == cap) {
      char *b = realloc(buf, cap * 2);
      if (!b) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = b;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, fp);
    n += got;
    if (got == 0) break;
  }
  if (!buf) rc = dl_err_set(err, DL_NOMEM, "%s: out of memory", path);
  else if (ferror(fp)) rc = dl_err_set(err, DL_IO, "%s: read error", path);
  fclose(fp);
  if (rc == DL_OK) rc = nlp_corpus_parse(path, buf, n, c, err);
  free(buf);
  return rc;
}

void nlp_corpus_free(nlp_corpus *c) {
  dl_arena_free(&c->arena);
  free(c->s);
  memset(c, 0, sizeof *c);
}
