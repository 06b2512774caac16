/*
 * core.h -- private definitions shared by the stages: the arena, the
 * document structure behind the opaque dl_doc, and small UTF-8 helpers.
 *
 * Memory: a document owns one arena (a chain of blocks, bump allocation,
 * no per-object free). Layers are arrays allocated in it; a stage that
 * rebuilds a layer simply allocates a new array and drops the old one,
 * which dies with the document.
 *
 * Not part of the public API: include only from src/.
 */
#ifndef DL_CORE_H
#define DL_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dateline.h"

/* ---------------------------------------------------------------- arena */

typedef struct dl_arena_block dl_arena_block;
typedef struct dl_arena {
  dl_arena_block *head; /* current block, newest first */
  size_t total;         /* bytes handed out, for statistics */
} dl_arena;

/* Initialises an empty arena (no allocation until first use). */
void dl_arena_init(dl_arena *a);
/* Zeroed, max-aligned memory; NULL when out of memory. */
void *dl_arena_alloc(dl_arena *a, size_t n);
/* Grows an array allocated in the arena: returns a copy with room for
 * new_n elements of size elem (old contents preserved), or NULL. */
void *dl_arena_grow(dl_arena *a, void *old, size_t old_n, size_t new_n,
                    size_t elem);
char *dl_arena_strndup(dl_arena *a, const char *s, size_t len);
void dl_arena_free(dl_arena *a);

/* ------------------------------------------------------------- document */

struct dl_doc {
  dl_arena arena;
  dl_meta meta;
  char *body;
  size_t body_len;
  dl_span *paras;
  size_t n_paras;
  dl_sentence *sents;
  size_t n_sents;
  dl_token *toks;
  size_t n_toks;
  dl_quote_span *quotes;
  size_t n_quotes;
  dl_timex *timexes;
  size_t n_timexes;
  dl_mention *mentions;
  size_t n_mentions;
  uint8_t *sent_discard; /* per sentence: a PETRARCH discard phrase is in it
                            (1) or in the story (2); NULL when none */
  dl_event *events;
  size_t n_events;
  dl_quote *qrecs;
  size_t n_qrecs;
  char **warnings;
  size_t n_warnings, cap_warnings;
  bool warned_utf8;
};

/* Records a warning with a va_list. */
void dl_doc_vwarn(dl_doc *doc, const char *fmt, va_list ap);

/* Whether byte `at` of the body lies in the wire dateline (meta.dateline),
 * which opens the body or one of its first paragraphs ("Image 1 of 8"
 * before it): it says where the story was filed, not who acts. */
bool dl_doc_in_dateline(const dl_doc *doc, uint32_t at);

/* ---------------------------------------------------------------- UTF-8 */

/* Decodes one code point at s[0..len); stores its byte length in *n.
 * Invalid or truncated sequences give -1 with *n = 1. */
int32_t dl_utf8_decode(const unsigned char *s, size_t len, size_t *n);

/* Encodes cp into out (at least 4 bytes); returns the byte count. */
size_t dl_utf8_encode(int32_t cp, char *out);

/* Cleans text for the body: invalid sequences -> U+FFFD, C0 controls other
 * than tab and newline dropped, CR LF and lone CR -> LF, NBSP and the other
 * Unicode spaces -> ' ', zero-width characters, BOM and soft hyphens
 * dropped. Writes at most 3*len bytes to out (the caller allocates that),
 * returns the length written and the count of invalid sequences in
 * *n_invalid (with the 1-based line of the first in *first_line). */
size_t dl_utf8_clean(const char *in, size_t len, char *out, size_t *n_invalid,
                     size_t *first_line);

/* Whether the buffer looks binary (NUL bytes or mostly control bytes in
 * its first few kilobytes). */
bool dl_looks_binary(const char *buf, size_t len);

#endif
