/*
 * text.c -- the text stage: paragraphs, tokens, sentences, quotations.
 *
 * dl_text_run() works in four passes over the cleaned body:
 *   1. paragraphs: runs of text separated by blank lines (a line holding
 *      only spaces counts as blank);
 *   2. tokens: each paragraph through the tokenizer (tokenize.c), then one
 *      array of dl_token with normalised forms in a single arena buffer;
 *   3. sentences: the splitter (sentences.c) marks sentence starts within
 *      each paragraph, then the sentence array is built from the marks;
 *   4. quotations (quotes.c).
 */
#include <string.h>

#include "text/text_internal.h"

struct dl_text {
  int unused; /* no tables to load yet; the handle keeps the API stable */
};

int dl_text_new(dl_text **out, dl_err *err) {
  *out = calloc(1, sizeof **out);
  if (!*out) return dl_err_set(err, DL_NOMEM, "out of memory");
  return DL_OK;
}

void dl_text_free(dl_text *t) { free(t); }

/* Paragraph spans: trimmed runs between blank lines. */
static int find_paragraphs(dl_doc *doc, dl_tokvec *pv) {
  const char *b = doc->body;
  size_t n = doc->body_len, i = 0;
  while (i < n) {
    /* skip blank lines and leading whitespace */
    while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n')) i++;
    if (i >= n) break;
    size_t s = i, last;
    /* run line by line until a line that is blank */
    for (;;) {
      const char *nl = memchr(b + i, '\n', n - i);
      if (!nl) {
        i = n;
        break;
      }
      size_t j = (size_t)(nl - b) + 1;
      while (j < n && (b[j] == ' ' || b[j] == '\t')) j++;
      if (j >= n || b[j] == '\n') {
        i = (size_t)(nl - b);
        break;
      }
      i = j;
    }
    last = i;
    while (last > s && (b[last - 1] == ' ' || b[last - 1] == '\t' || b[last - 1] == '\n'))
      last--;
    if (pv->n == pv->cap) {
      size_t cap = pv->cap ? pv->cap * 2 : 32;
      dl_span *p = realloc(pv->v, cap * sizeof *p);
      if (!p) return DL_NOMEM;
      pv->v = p;
      pv->cap = cap;
    }
    pv->v[pv->n].start = (uint32_t)s;
    pv->v[pv->n].end = (uint32_t)last;
    pv->n++;
  }
  return DL_OK;
}

/* Writes the normalised form of raw[0..n) to out; returns its length.
 * Curly single quotes and apostrophes become ', curly and low double
 * quotes become ". */
static size_t normalise_form(const char *raw, size_t n, char *out) {
  if (!memchr(raw, 0xE2, n)) {
    memcpy(out, raw, n);
    return n;
  }
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)raw[i];
    if (c == 0xE2 && i + 2 < n && (unsigned char)raw[i + 1] == 0x80) {
      unsigned char d = (unsigned char)raw[i + 2];
      if (d == 0x98 || d == 0x99 || d == 0x9B) {
        out[o++] = '\'';
        i += 2;
        continue;
      }
      if (d == 0x9C || d == 0x9D || d == 0x9E || d == 0x9F) {
        out[o++] = '"';
        i += 2;
        continue;
      }
    }
    out[o++] = (char)c;
  }
  return o;
}

int dl_text_run(const dl_text *t, dl_doc *doc, dl_err *err) {
  (void)t;
  dl_tokvec pv = {0}, tv = {0};
  int rc = DL_OK;
  const char *src = doc->meta.source ? doc->meta.source : "(input)";
  if ((rc = find_paragraphs(doc, &pv))) goto nomem;
  size_t *para_first = malloc((pv.n + 1) * sizeof *para_first);
  if (!para_first) goto nomem;
  for (size_t p = 0; p < pv.n; p++) {
    para_first[p] = tv.n;
    size_t before = tv.n;
    if ((rc = dl_text_tokenize(doc->body + pv.v[p].start,
                               pv.v[p].end - pv.v[p].start, &tv))) {
      free(para_first);
      goto nomem;
    }
    for (size_t k = before; k < tv.n; k++) {
      tv.v[k].start += pv.v[p].start;
      tv.v[k].end += pv.v[p].start;
    }
  }
  para_first[pv.n] = tv.n;
  if (tv.n > UINT32_MAX / 2) {
    free(para_first);
    free(pv.v);
    free(tv.v);
    return dl_err_set(err, DL_ERROR, "%s: too many tokens", src);
  }

  /* tokens with forms */
  doc->paras = dl_arena_alloc(&doc->arena, (pv.n ? pv.n : 1) * sizeof *doc->paras);
  doc->toks = dl_arena_alloc(&doc->arena, (tv.n ? tv.n : 1) * sizeof *doc->toks);
  char *forms = dl_arena_alloc(&doc->arena, doc->body_len + tv.n + 1);
  if (!doc->paras || !doc->toks || !forms) {
    free(para_first);
    goto nomem;
  }
  if (pv.n) memcpy(doc->paras, pv.v, pv.n * sizeof *pv.v);
  doc->n_paras = pv.n;
  doc->n_toks = tv.n;
  for (size_t p = 0; p < pv.n; p++) {
    for (size_t k = para_first[p]; k < para_first[p + 1]; k++) {
      dl_token *tk = &doc->toks[k];
      memset(tk, 0, sizeof *tk);
      tk->start = tv.v[k].start;
      tk->end = tv.v[k].end;
      tk->head = -1;
      size_t fl = normalise_form(doc->body + tk->start, tk->end - tk->start, forms);
      forms[fl] = '\0';
      tk->form = forms;
      forms += fl + 1;
      if (tk->end < doc->body_len && (doc->body[tk->end] == ' ' ||
                                      doc->body[tk->end] == '\n' ||
                                      doc->body[tk->end] == '\t')) {
        tk->flags |= DL_TOK_SPACE_AFTER;
        const char *q = doc->body + tk->end;
        while (*q == ' ' || *q == '\t') q++;
        if (*q == '\n') tk->flags |= DL_TOK_LINE_END;
      }
      if (k == para_first[p]) tk->flags |= DL_TOK_PARA_START;
    }
    dl_text_split_sentences(doc, para_first[p], para_first[p + 1]);
  }

  /* sentences from the marks */
  size_t ns = 0;
  for (size_t k = 0; k < tv.n; k++)
    if (doc->toks[k].flags & DL_TOK_SENT_START) ns++;
  doc->sents = dl_arena_alloc(&doc->arena, (ns ? ns : 1) * sizeof *doc->sents);
  if (!doc->sents) {
    free(para_first);
    goto nomem;
  }
  size_t si = 0, para = 0;
  for (size_t k = 0; k < tv.n; k++) {
    while (para + 1 < pv.n && k >= para_first[para + 1]) para++;
    if (doc->toks[k].flags & DL_TOK_SENT_START) {
      if (si > 0) {
        doc->sents[si - 1].tok_end = (uint32_t)k;
        doc->sents[si - 1].end = doc->toks[k - 1].end;
      }
      doc->sents[si].start = doc->toks[k].start;
      doc->sents[si].tok_begin = (uint32_t)k;
      doc->sents[si].para = (uint32_t)para;
      si++;
    }
    doc->toks[k].sent = (uint32_t)(si - 1);
  }
  if (si > 0) {
    doc->sents[si - 1].tok_end = (uint32_t)tv.n;
    doc->sents[si - 1].end = doc->toks[tv.n - 1].end;
  }
  doc->n_sents = ns;
  free(para_first);
  free(pv.v);
  free(tv.v);
  if ((rc = dl_text_find_quotes(doc)))
    return dl_err_set(err, rc, "%s: out of memory", src);
  return DL_OK;
nomem:
  free(pv.v);
  free(tv.v);
  return dl_err_set(err, DL_NOMEM, "%s: out of memory", src);
}

int dl_text_parse_string(const dl_text *t, const char *s, size_t len,
                         dl_doc **out, dl_err *err) {
  dl_doc *d = dl_doc_new();
  *out = NULL;
  if (!d) return dl_err_set(err, DL_NOMEM, "out of memory");
  int rc = dl_doc_set_body(d, s, len);
  if (rc == DL_OK) rc = dl_text_run(t, d, err);
  else dl_err_set(err, rc, "out of memory");
  if (rc) {
    dl_doc_free(d);
    return rc;
  }
  *out = d;
  return DL_OK;
}
