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
 * scored like any other word. With an output file, the predictions are
 * also written there as CoNLL-U, one sentence per gold sentence, so other
 * scorers (the CoNLL 2018 script) and error analyses can read them.
 */
#include <stdio.h>
#include <string.h>

#include "nlp/nlp_int.h"

bool nlp_same_main_rel(int a, int b) {
  const char *x = dl_deprel_name(a), *y = dl_deprel_name(b);
  size_t nx = strcspn(x, ":"), ny = strcspn(y, ":");
  return nx == ny && memcmp(x, y, nx) == 0;
}

/* Writes sentence s of the gold corpus as predicted in doc. */
static void write_pred(FILE *out, const nlp_sent *gs, size_t s,
                       const dl_doc *doc) {
  fprintf(out, "# sent_id = %zu\n", s + 1);
  if (gs->text) fprintf(out, "# text = %s\n", gs->text);
  for (uint32_t i = 0; i < gs->n; i++) {
    const dl_token *t = &doc->toks[i];
    fprintf(out, "%u\t%s\t%s\t%s\t%s\t_\t%d\t%s\t_\t_\n", i + 1,
            gs->w[i].form, t->lemma ? t->lemma : "_", dl_upos_name(t->upos),
            dl_xpos_name(t->xpos), t->head < 0 ? 0 : t->head + 1,
            dl_deprel_name(t->deprel));
  }
  fputc('\n', out);
}

int nlp_eval_gold(const dl_nlp *nlp, const nlp_corpus *c, nlp_scores *sc,
                  FILE *out, dl_err *err) {
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
    if (out) write_pred(out, gs, s, doc);
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
