/*
 * nlp.c -- the nlp stage's entry points: load the two models, run them
 * over a document.
 *
 * dl_nlp_run() goes sentence by sentence: the tagger gives XPOS and UPOS
 * to every token, the lemmatizer a lemma (the form itself is shared when
 * the lemma equals it, else a copy in the arena), and the parser heads and
 * relations. Scratch arrays are sized for the longest sentence and taken
 * from the document's arena once per call, so a shared dl_nlp is never
 * written to and threads need no locks.
 */
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_int.h"

/* Joins dir and name into out (cap bytes); false when too long. */
static bool join(char *out, size_t cap, const char *dir, const char *name) {
  int n = snprintf(out, cap, "%s/%s", dir, name);
  return n > 0 && (size_t)n < cap;
}

int dl_nlp_load(const char *model_dir, dl_nlp **out, dl_err *err) {
  if (!model_dir || !out)
    return dl_err_set(err, DL_MISUSE, "dl_nlp_load: NULL argument");
  *out = NULL;
  char path[4096];
  dl_nlp *nlp = calloc(1, sizeof *nlp);
  if (!nlp) return dl_err_set(err, DL_NOMEM, "out of memory");
  int rc;
  if (!join(path, sizeof path, model_dir, "tagger.dlm")) {
    rc = dl_err_set(err, DL_IO, "%s: path too long", model_dir);
    goto fail;
  }
  rc = nlp_tagger_load(path, &nlp->tagger, err);
  if (rc != DL_OK) goto fail;
  if (!join(path, sizeof path, model_dir, "parser.dlm")) {
    rc = dl_err_set(err, DL_IO, "%s: path too long", model_dir);
    goto fail;
  }
  rc = nlp_parser_load(path, &nlp->parser, err);
  if (rc != DL_OK) goto fail;
  *out = nlp;
  return DL_OK;
fail:
  dl_nlp_free(nlp);
  return rc;
}

void dl_nlp_free(dl_nlp *nlp) {
  if (!nlp) return;
  nlp_tagger_free(nlp->tagger);
  nlp_parser_free(nlp->parser);
  free(nlp);
}

/* Sentences with bad token ranges are a caller's mistake (DL_MISUSE);
 * empty sentences are skipped. The lemma of a token points at its form
 * when they are equal, so most tokens cost no copy. */
int dl_nlp_run(const dl_nlp *nlp, dl_doc *doc, dl_err *err) {
  if (!nlp || !doc) return dl_err_set(err, DL_MISUSE, "dl_nlp_run: NULL argument");
  size_t maxn = 0;
  for (size_t s = 0; s < doc->n_sents; s++) {
    const dl_sentence *se = &doc->sents[s];
    if (se->tok_end > doc->n_toks || se->tok_begin > se->tok_end)
      return dl_err_set(err, DL_MISUSE, "sentence %zu: bad token range", s);
    if (se->tok_end - se->tok_begin > maxn) maxn = se->tok_end - se->tok_begin;
  }
  if (maxn == 0) return DL_OK;
  if (maxn > SIZE_MAX / 64 - 1) return dl_err_set(err, DL_NOMEM, "out of memory");
  dl_arena *a = &doc->arena;
  const char **forms = dl_arena_alloc(a, maxn * sizeof *forms);
  nlp_tokfeat *tf = dl_arena_alloc(a, maxn * sizeof *tf);
  uint8_t *xpos = dl_arena_alloc(a, maxn);
  uint8_t *upos = dl_arena_alloc(a, maxn);
  uint8_t *rel = dl_arena_alloc(a, maxn);
  int32_t *heads = dl_arena_alloc(a, maxn * sizeof *heads);
  void *scratch = dl_arena_alloc(a, nlp_parser_scratch(maxn));
  if (!forms || !tf || !xpos || !upos || !rel || !heads || !scratch)
    return dl_err_set(err, DL_NOMEM, "out of memory");
  for (size_t s = 0; s < doc->n_sents; s++) {
    const dl_sentence *se = &doc->sents[s];
    size_t b = se->tok_begin, n = se->tok_end - se->tok_begin;
    if (n == 0) continue;
    dl_token *tok = doc->toks + b;
    for (size_t i = 0; i < n; i++) forms[i] = tok[i].form ? tok[i].form : "";
    nlp_tagger_tag(nlp->tagger, forms, n, tf, xpos, upos);
    nlp_parser_parse(nlp->parser, forms, xpos, upos, n, scratch, heads,
                     rel);
    for (size_t i = 0; i < n; i++) {
      char lem[256];
      size_t ll = nlp_tagger_lemma(nlp->tagger, forms[i], xpos[i], lem,
                                   sizeof lem);
      /* equal to the form, or a form too long for the tables (URLs): the
       * form itself */
      if (tok[i].form && (ll + 1 >= sizeof lem || strcmp(lem, forms[i]) == 0)) {
        tok[i].lemma = tok[i].form;
      } else {
        char *l = dl_arena_strndup(a, lem, ll);
        if (!l) return dl_err_set(err, DL_NOMEM, "out of memory");
        tok[i].lemma = l;
      }
      tok[i].xpos = xpos[i];
      tok[i].upos = upos[i];
      tok[i].deprel = rel[i];
      tok[i].head = heads[i] < 0 ? -1 : (int32_t)(b + (size_t)heads[i]);
    }
  }
  return DL_OK;
}
