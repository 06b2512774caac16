/*
 * quotes.c -- quotation spans.
 *
 * Double quotation marks are paired within a paragraph. Curly marks say
 * which way they face; a straight mark opens when whitespace (or the start
 * of the paragraph, or an opening bracket or dash) precedes it and closes
 * otherwise. A paragraph that ends with a quotation still open is the
 * typographic convention for a quotation running on: if the next
 * paragraph opens with a quotation mark, the first span is marked
 * DL_QUOTE_OPEN_END and the next DL_QUOTE_CONTINUED; if not, the span runs
 * to the end of its paragraph and is marked DL_QUOTE_UNCLOSED.
 *
 * Single curly marks pair the same way when ‘ opens a word and a split-off
 * ’ closes one (inner quotations, headline quotes); a ’ inside a word is an
 * apostrophe and never a mark.
 *
 * Kind: a quotation is direct when it starts a sentence or follows a colon
 * or a comma and begins with a capital letter, or continues a quotation
 * from the previous paragraph; otherwise it is partial (a phrase quoted
 * inside the writer's own sentence: “meaningful” steps).
 */
#include <ctype.h>
#include <string.h>

#include "text/text_internal.h"

enum { M_NONE, M_OPEN, M_CLOSE };

/* Classifies token i as a double-quote mark facing one way, or not. */
static int double_mark(const dl_doc *doc, size_t i, size_t pb) {
  const dl_token *t = &doc->toks[i];
  const unsigned char *raw = (const unsigned char *)doc->body + t->start;
  size_t n = t->end - t->start;
  if (n == 3 && raw[0] == 0xE2 && raw[1] == 0x80) {
    if (raw[2] == 0x9C || raw[2] == 0x9E) return M_OPEN;
    if (raw[2] == 0x9D) return M_CLOSE;
    return M_NONE;
  }
  if (n == 2 && raw[0] == 0xC2 && raw[1] == 0xAB) return M_OPEN;
  if (n == 2 && raw[0] == 0xC2 && raw[1] == 0xBB) return M_CLOSE;
  if (n == 1 && raw[0] == '"') {
    if (i == pb) return M_OPEN;
    const dl_token *p = &doc->toks[i - 1];
    if (p->flags & DL_TOK_SPACE_AFTER) return M_OPEN;
    const char *pf = p->form;
    if (!strcmp(pf, "(") || !strcmp(pf, "[") || !strcmp(pf, "--") ||
        !strcmp(pf, "\xE2\x80\x94") || !strcmp(pf, "\xE2\x80\x93"))
      return M_OPEN;
    return M_CLOSE;
  }
  return M_NONE;
}

static int single_mark(const dl_doc *doc, size_t i) {
  const dl_token *t = &doc->toks[i];
  const unsigned char *raw = (const unsigned char *)doc->body + t->start;
  if (t->end - t->start == 3 && raw[0] == 0xE2 && raw[1] == 0x80) {
    if (raw[2] == 0x98) return M_OPEN;
    if (raw[2] == 0x99) return M_CLOSE;
  }
  return M_NONE;
}

typedef struct qvec {
  dl_quote_span *v;
  size_t n, cap;
} qvec;

static int push(qvec *q, const dl_quote_span *s) {
  if (q->n == q->cap) {
    size_t cap = q->cap ? q->cap * 2 : 16;
    dl_quote_span *p = realloc(q->v, cap * sizeof *p);
    if (!p) return DL_NOMEM;
    q->v = p;
    q->cap = cap;
  }
  q->v[q->n++] = *s;
  return DL_OK;
}

/* Fills the span from open-mark token o to close-mark token c (c may be
 * the last token of the paragraph when unclosed, with has_close false). */
static void fill(const dl_doc *doc, dl_quote_span *s, size_t o, size_t c,
                 bool has_close) {
  const dl_token *t = doc->toks;
  memset(s, 0, sizeof *s);
  s->start = t[o].start;
  s->end = t[c].end;
  s->inner_start = t[o].end;
  s->inner_end = has_close ? t[c].start : t[c].end;
  if (s->inner_start > s->inner_end) s->inner_start = s->inner_end;
  s->tok_begin = (uint32_t)o;
  s->tok_end = (uint32_t)c + 1;
  s->sent_begin = t[o].sent;
  s->sent_end = t[c].sent + 1;
}

static void classify(const dl_doc *doc, dl_quote_span *s) {
  const dl_token *t = doc->toks;
  size_t o = s->tok_begin;
  if (s->flags & DL_QUOTE_CONTINUED) {
    s->kind = DL_QUOTE_DIRECT;
    return;
  }
  bool sent_start = (t[o].flags & DL_TOK_SENT_START) != 0;
  bool after_punct = false;
  if (!sent_start && o > 0) {
    const char *pf = t[o - 1].form;
    after_punct = !strcmp(pf, ":") || !strcmp(pf, ",");
  }
  bool cap = o + 1 < s->tok_end && isupper((unsigned char)t[o + 1].form[0]);
  /* “I ...” counts as capitalised; a one-word quote stays partial */
  size_t words = s->tok_end - s->tok_begin;
  s->kind = (sent_start || after_punct) && cap && words > 3 ? DL_QUOTE_DIRECT
                                                           : DL_QUOTE_PARTIAL;
}

int dl_text_find_quotes(dl_doc *doc) {
  qvec q = {0};
  int rc = DL_OK;
  bool carry = false; /* previous paragraph ended inside a quotation */
  for (size_t p = 0; p < doc->n_paras; p++) {
    /* token range of the paragraph */
    size_t pb = 0, pe = 0;
    {
      const dl_span *ps = &doc->paras[p];
      size_t lo = 0, hi = doc->n_toks;
      while (lo < hi) { /* first token starting at or after ps->start */
        size_t mid = lo + (hi - lo) / 2;
        if (doc->toks[mid].start < ps->start) lo = mid + 1;
        else hi = mid;
      }
      pb = pe = lo;
      while (pe < doc->n_toks && doc->toks[pe].start < ps->end) pe++;
    }
    if (pb == pe) continue;
    bool continued = carry && double_mark(doc, pb, pb) == M_OPEN;
    carry = false;
    long open = -1, sopen = -1;
    for (size_t i = pb; i < pe; i++) {
      int m = double_mark(doc, i, pb);
      if (m == M_OPEN && open < 0) {
        open = (long)i;
        continue;
      }
      if (m == M_CLOSE && open >= 0) {
        dl_quote_span s;
        fill(doc, &s, (size_t)open, i, true);
        if (continued && (size_t)open == pb) s.flags |= DL_QUOTE_CONTINUED;
        if ((rc = push(&q, &s))) goto done;
        open = -1;
        sopen = -1;
        continue;
      }
      if (m == M_OPEN && open >= 0) {
        /* two openings: the first was never closed in its sentence;
         * restart from here */
        open = (long)i;
        continue;
      }
      int sm = single_mark(doc, i);
      if (sm == M_OPEN && sopen < 0) sopen = (long)i;
      else if (sm == M_CLOSE && sopen >= 0) {
        dl_quote_span s;
        fill(doc, &s, (size_t)sopen, i, true);
        if ((rc = push(&q, &s))) goto done;
        sopen = -1;
      }
    }
    if (open >= 0) {
      dl_quote_span s;
      fill(doc, &s, (size_t)open, pe - 1, false);
      if (continued && (size_t)open == pb) s.flags |= DL_QUOTE_CONTINUED;
      bool next_opens = false;
      if (p + 1 < doc->n_paras && pe < doc->n_toks)
        next_opens = double_mark(doc, pe, pe) == M_OPEN;
      s.flags |= next_opens ? DL_QUOTE_OPEN_END : DL_QUOTE_UNCLOSED;
      carry = next_opens;
      if ((rc = push(&q, &s))) goto done;
    }
  }
  /* kinds, token flags, and the array into the arena */
  for (size_t k = 0; k < q.n; k++) {
    classify(doc, &q.v[k]);
    for (uint32_t i = q.v[k].tok_begin; i < q.v[k].tok_end; i++) {
      doc->toks[i].flags |= DL_TOK_IN_QUOTE;
      if (i == q.v[k].tok_begin ||
          (i + 1 == q.v[k].tok_end && !(q.v[k].flags & (DL_QUOTE_OPEN_END | DL_QUOTE_UNCLOSED))))
        doc->toks[i].flags |= DL_TOK_QUOTE_MARK;
    }
  }
  doc->quotes = NULL;
  doc->n_quotes = 0;
  if (q.n) {
    doc->quotes = dl_arena_alloc(&doc->arena, q.n * sizeof *q.v);
    if (!doc->quotes) {
      rc = DL_NOMEM;
      goto done;
    }
    memcpy(doc->quotes, q.v, q.n * sizeof *q.v);
    doc->n_quotes = q.n;
  }
done:
  free(q.v);
  return rc;
}
