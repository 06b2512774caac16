/*
 * text_internal.h -- private interface of the text stage (tokenizer,
 * sentence splitter, quotations), shared by its files and its tests.
 */
#ifndef DL_TEXT_INTERNAL_H
#define DL_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stdlib.h>

#include "core/core.h"

/* A growable vector of spans (malloc'd; the caller frees v->v). */
typedef struct dl_tokvec {
  dl_span *v;
  size_t n, cap;
} dl_tokvec;

/* Appends the tokens of text[0..len) to v, offsets relative to text.
 * Returns DL_OK or DL_NOMEM. */
int dl_text_tokenize(const char *text, size_t len, dl_tokvec *v);

/* Whether s[0..n) followed by a period is an abbreviation that keeps its
 * period (n excludes the period). */
bool dl_text_is_abbrev(const char *s, size_t n);

/* Splits the tokens [b, e) of one paragraph into sentences: sets
 * DL_TOK_SENT_START on the first token of each. */
void dl_text_split_sentences(dl_doc *doc, size_t b, size_t e);

/* Finds quotation spans over the whole document (tokens, sentences and
 * paragraphs present). Returns DL_OK or DL_NOMEM. */
int dl_text_find_quotes(dl_doc *doc);

#endif
