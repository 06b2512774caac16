/*
 * eval.c -- accuracy of the nlp stage on a gold CoNLL-U corpus with the
 * gold tokenization.
 *
 * Each gold sentence becomes a one-sentence dl_doc whose tokens are the
 * gold words (forms normalised as the text stage would), run through the
 * public dl_nlp_run(), so what is measured is what the pipeline does.
 * A word counts for UPOS, XPOS and LEMMA when the tag or lemma equals the
 * gold one, for UAS when its head is the gold head, for LAS when the
 * universal relation matches too (as the CoNLL 2018 evaluation script
 * counts: "obl:tmod" against "obl" is right), and for the stricter
 * las_full when the relation with its subtype matches. Punctuation is
 * scored like any other word.
 */
#include <string.h>

#include "nlp/nlp_int.h"

bool nlp_same_main_rel(int a, int b) {
  const char *x = dl_deprel_name(a), *y = dl_deprel_name(b);
  size_t nx = strcspn(x, ":"), ny = strcspn(y, ":");
  return nx == ny && memcmp(x, y, nx) == 0;
}

int nlp_eval_gold(const dl_nlp *nlp, const nlp_corpus *c, nlp_scores *sc,
                  dl_err *err) {
  memset(sc, 0, sizeof *sc);
  for (size_t s = 0; s < c->n; s++) {
    const nlp_sent *gs = &c->s[s];
    dl_doc *doc = dl_doc_new();
    if (!doc) return dl_err_set(err, DL_NOMEM, "out of memory");
    doc->toks = dl_arena_alloc(&doc->arena, (gs->n + 1) * sizeof *doc->toks);
    doc->sents = dl_arena_alloc(&doc->arena, sizeof *doc->sents);
    if (!doc->toks || !doc->sents) {
      dl_doc_free(doc);
      return dl_err_set(err, DL_NOMEM, "out of memory");
    }
    for (uint32_t i = 0; i < gs->n; i++) {
      doc->toks[i].form = gs->w[i].form;
      doc->toks[i].head = -1;
    }
    doc->n_toks = gs->n;
    doc->sents[0].tok_begin = 0;
    doc->sents[0].tok_end = gs->n;
    doc->n_sents = 1;
    int rc = dl_nlp_run(nlp, doc, err);
    if (rc != DL_OK) {
      dl_doc_free(doc);
      return rc;
    }
    for (uint32_t i = 0; i < gs->n; i++) {
      const nlp_word *g = &gs->w[i];
      const dl_token *t = &doc->toks[i];
      int32_t ph = t->head < 0 ? 0 : t->head + 1;
      sc->words++;
      sc->upos += t->upos == g->upos;
      sc->xpos += t->xpos == g->xpos;
      sc->lemma += t->lemma && strcmp(t->lemma, g->lemma) == 0;
      if (ph == g->head) {
        sc->uas++;
        sc->las += nlp_same_main_rel(t->deprel, g->deprel);
        sc->las_full += t->deprel == g->deprel;
      }
    }
    dl_doc_free(doc);
  }
  return DL_OK;
}
