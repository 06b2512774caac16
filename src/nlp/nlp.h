/*
 * nlp.h -- the public interface of the nlp stage (tagger, lemmatizer,
 * dependency parser). These declarations are to be folded into
 * include/dateline.h; until then the stage's users include this file.
 *
 *   dl_nlp *nlp;
 *   if (dl_nlp_load("models", &nlp, &err) != DL_OK) ...   (DL_IO, DL_CORRUPT)
 *   dl_nlp_run(nlp, doc, &err);      (after dl_text_run on the same doc)
 *   dl_nlp_free(nlp);
 *
 * A loaded dl_nlp is read-only: any number of threads may call
 * dl_nlp_run() on it at once, each with its own documents.
 */
#ifndef DL_NLP_H
#define DL_NLP_H

#include "dateline.h"

typedef struct dl_nlp dl_nlp;

/* Loads model_dir/tagger.dlm and model_dir/parser.dlm (memory-mapped).
 * Returns DL_OK and a handle in *out (free with dl_nlp_free()), DL_IO when
 * a file is missing or unreadable, DL_CORRUPT (with a message naming the
 * file and the fault) when one is malformed, DL_NOMEM. */
int dl_nlp_load(const char *model_dir, dl_nlp **out, dl_err *err);

/* Unmaps the models and frees the handle. NULL is a no-op. */
void dl_nlp_free(dl_nlp *nlp);

/* Tags, lemmatizes and parses every sentence of doc, whose tokens and
 * sentences the text stage made: fills upos, xpos, lemma, head and deprel
 * of each dl_token (head is a document token index, -1 for the root).
 * Scratch memory comes from the document's arena. Returns DL_OK,
 * DL_NOMEM, or DL_MISUSE for NULL arguments. */
int dl_nlp_run(const dl_nlp *nlp, dl_doc *doc, dl_err *err);

#endif
