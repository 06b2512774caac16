/*
 * doc.c -- the document: metadata, body text, layers and warnings, all in
 * one arena.
 *
 * The body is cleaned on the way in (dl_utf8_clean), so every later stage
 * may assume valid UTF-8 without odd spaces or zero-width characters, and
 * all byte offsets refer to the cleaned text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

dl_doc *dl_doc_new(void) {
  dl_doc *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  dl_arena_init(&d->arena);
  d->body = "";
  return d;
}

void dl_doc_free(dl_doc *doc) {
  if (!doc) return;
  dl_arena_free(&doc->arena);
  free(doc);
}

void *dl_doc_alloc(dl_doc *doc, size_t n) {
  return dl_arena_alloc(&doc->arena, n);
}

char *dl_doc_strndup(dl_doc *doc, const char *s, size_t len) {
  return dl_arena_strndup(&doc->arena, s, len);
}

int dl_doc_set_body(dl_doc *doc, const char *text, size_t len) {
  if (len > SIZE_MAX / 3 - 1) return DL_NOMEM;
  char *out = dl_arena_alloc(&doc->arena, len * 3 + 1);
  if (!out) return DL_NOMEM;
  size_t bad = 0, line = 0;
  size_t n = dl_utf8_clean(text, len, out, &bad, &line);
  out[n] = '\0';
  doc->body = out;
  doc->body_len = n;
  if (bad && !doc->warned_utf8) {
    doc->warned_utf8 = true;
    const char *src = doc->meta.source ? doc->meta.source : "(input)";
    dl_doc_warn(doc,
                "%s:%zu: invalid UTF-8 (%zu bad sequence%s replaced by U+FFFD)",
                src, (size_t)doc->meta.line + line - (doc->meta.line ? 1 : 0),
                bad, bad == 1 ? "" : "s");
  }
  doc->paras = NULL;
  doc->sents = NULL;
  doc->toks = NULL;
  doc->quotes = NULL;
  doc->timexes = NULL;
  doc->mentions = NULL;
  doc->n_mentions = 0;
  doc->events = NULL;
  doc->n_events = 0;
  doc->qrecs = NULL;
  doc->n_qrecs = 0;
  doc->n_paras = doc->n_sents = doc->n_toks = doc->n_quotes = doc->n_timexes = 0;
  return DL_OK;
}

int dl_doc_set_meta(dl_doc *doc, const char *field, const char *val,
                    size_t len) {
  const char **slot = NULL;
  if (!strcmp(field, "id")) slot = &doc->meta.id;
  else if (!strcmp(field, "title")) slot = &doc->meta.title;
  else if (!strcmp(field, "byline")) slot = &doc->meta.byline;
  else if (!strcmp(field, "published")) slot = &doc->meta.published;
  else if (!strcmp(field, "updated")) slot = &doc->meta.updated;
  else if (!strcmp(field, "source")) slot = &doc->meta.source;
  else if (!strcmp(field, "url")) slot = &doc->meta.url;
  else if (!strcmp(field, "dateline")) slot = &doc->meta.dateline;
  else if (!strcmp(field, "ref_date")) slot = &doc->meta.ref_date;
  else return DL_MISUSE;
  if (!val) {
    *slot = NULL;
    return DL_OK;
  }
  /* Metadata goes through the same cleaning as the body, then loses
   * surrounding whitespace and internal newlines. */
  char *buf = dl_arena_alloc(&doc->arena, len * 3 + 1);
  if (!buf) return DL_NOMEM;
  size_t bad, line, n = dl_utf8_clean(val, len, buf, &bad, &line);
  size_t i = 0, j = 0;
  while (i < n && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\t')) i++;
  for (; i < n; i++) {
    char c = buf[i] == '\n' || buf[i] == '\t' ? ' ' : buf[i];
    if (c == ' ' && j > 0 && buf[j - 1] == ' ') continue;
    buf[j++] = c;
  }
  while (j > 0 && buf[j - 1] == ' ') j--;
  buf[j] = '\0';
  *slot = j ? buf : NULL;
  return DL_OK;
}

int dl_doc_set_ref_date(dl_doc *doc, const char *ymd, dl_date_source src) {
  int rc = dl_doc_set_meta(doc, "ref_date", ymd, ymd ? strlen(ymd) : 0);
  if (rc == DL_OK) doc->meta.date_source = ymd ? src : DL_DATE_NONE;
  return rc;
}

const char *dl_doc_body(const dl_doc *doc, size_t *len) {
  if (len) *len = doc->body_len;
  return doc->body;
}

const dl_meta *dl_doc_meta(const dl_doc *doc) { return &doc->meta; }

const dl_span *dl_doc_paragraphs(const dl_doc *doc, size_t *n) {
  *n = doc->n_paras;
  return doc->paras;
}
const dl_sentence *dl_doc_sentences(const dl_doc *doc, size_t *n) {
  *n = doc->n_sents;
  return doc->sents;
}
const dl_token *dl_doc_tokens(const dl_doc *doc, size_t *n) {
  *n = doc->n_toks;
  return doc->toks;
}
const dl_quote_span *dl_doc_quotes(const dl_doc *doc, size_t *n) {
  *n = doc->n_quotes;
  return doc->quotes;
}

const dl_timex *dl_doc_timexes(const dl_doc *doc, size_t *n) {
  *n = doc->n_timexes;
  return doc->timexes;
}

bool dl_doc_in_dateline(const dl_doc *doc, uint32_t at) {
  const char *d = doc ? doc->meta.dateline : NULL;
  if (!d || !doc->body) return false;
  size_t dl = strlen(d), lim = doc->body_len < 400 ? doc->body_len : 400;
  for (size_t i = 0; i + dl <= lim; i++)
    if ((i == 0 || doc->body[i - 1] == '\n') && !memcmp(doc->body + i, d, dl))
      return at >= i && at < i + dl;
  return false;
}

const dl_timex *dl_doc_timex_at(const dl_doc *doc, uint32_t tok) {
  if (!doc) return NULL;
  size_t lo = 0, hi = doc->n_timexes;
  while (lo < hi) { /* the first timex starting after tok */
    size_t mid = lo + (hi - lo) / 2;
    if (doc->timexes[mid].tok_begin <= tok) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return NULL;
  const dl_timex *x = &doc->timexes[lo - 1];
  return tok < x->tok_end ? x : NULL;
}

const dl_mention *dl_doc_mentions(const dl_doc *doc, size_t *n) {
  *n = doc->n_mentions;
  return doc->mentions;
}

const dl_event *dl_doc_events(const dl_doc *doc, size_t *n) {
  *n = doc->n_events;
  return doc->events;
}

const dl_quote *dl_doc_quote_records(const dl_doc *doc, size_t *n) {
  *n = doc->n_qrecs;
  return doc->qrecs;
}

size_t dl_doc_warning_count(const dl_doc *doc) { return doc->n_warnings; }
const char *dl_doc_warning(const dl_doc *doc, size_t i) {
  return i < doc->n_warnings ? doc->warnings[i] : NULL;
}

void dl_doc_vwarn(dl_doc *doc, const char *fmt, va_list ap) {
  char buf[512];
  vsnprintf(buf, sizeof buf, fmt, ap);
  if (doc->n_warnings == doc->cap_warnings) {
    size_t cap = doc->cap_warnings ? doc->cap_warnings * 2 : 4;
    char **w = dl_arena_grow(&doc->arena, doc->warnings, doc->n_warnings, cap,
                             sizeof *w);
    if (!w) return; /* a lost warning is better than a failed document */
    doc->warnings = w;
    doc->cap_warnings = cap;
  }
  char *s = dl_arena_strndup(&doc->arena, buf, strlen(buf));
  if (s) doc->warnings[doc->n_warnings++] = s;
}

void dl_doc_warn(dl_doc *doc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  dl_doc_vwarn(doc, fmt, ap);
  va_end(ap);
}
