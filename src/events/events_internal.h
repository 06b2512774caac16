/*
 * events_internal.h -- private interface of the events stage: the CAMEO
 * code table and the verb/noun lexicon (docs/lexicon.md).
 */
#ifndef DL_EVENTS_INTERNAL_H
#define DL_EVENTS_INTERNAL_H

#include <stdbool.h>

#include "core/core.h"

/* One CAMEO code of data/cameo.tsv. */
typedef struct ev_code {
  char code[8];
  char root[3];
  const char *name;
  const char *plover; /* NULL for "-" */
  double goldstein;
  int quad;
} ev_code;

/* One pattern of data/verbs.txt. Lists are '|'-separated lemmas. */
typedef struct ev_pattern {
  const char *lemma;    /* verb or noun lemma, lowercase */
  const char *particle; /* phrasal particle or NULL */
  const char *objects;  /* object lemmas "sanction|embargo" or NULL */
  const char *preps;    /* target prepositions "on|against" or NULL */
  char clause;          /* 't' (@ to), 'h' (@ that), 0 */
  bool noun;            /* a nominal event */
  const ev_code *code;
  const char *file;
  uint32_t line;
} ev_pattern;

/* A PETRARCH/TABARI verb dictionary (petr.c). */
typedef struct ev_petr ev_petr;

struct dl_events {
  dl_arena arena;
  ev_petr *petr; /* when loaded, the coder uses it instead of verbs.txt */
  ev_code *codes;
  size_t n_codes, cap_codes;
  ev_pattern *pats;
  size_t n_pats, cap_pats;
  /* (lemma, noun) -> its run of pats, hashed: the coder asks for every
   * noun and verb of every sentence. idx[i] = first + 1, 0 empty. */
  uint32_t *pat_idx;
  uint32_t pat_mask;
  bool sorted;
  char pair_from[8][8], pair_to[8][8];
  int n_pairs;
  char **warnings;
  size_t n_warnings, cap_warnings;
};

/* The code entry of a CAMEO code string, or NULL. */
const ev_code *ev_find_code(const dl_events *e, const char *code);

/* The patterns whose lemma is `lemma` (verb or noun), as a range
 * [*first, *first + *n) of e->pats (sorted by lemma once loaded). */
void ev_patterns_of(const dl_events *e, const char *lemma, bool noun, size_t *first, size_t *n);
/* The patterns of a token's lemma; for a verb whose lemma has none, those
 * of a regular base of its form (-ed, -ing, -s with the usual spelling
 * changes) that the lexicon knows. */
void ev_patterns_tok(const dl_events *e, const dl_token *t, bool noun, size_t *first,
                     size_t *n);

/* Whether the '|'-separated list holds word (case-insensitive). */
bool ev_in_list(const char *list, const char *word);

/* A warning "FILE:LINE: reason" kept with the lexicon. */
void ev_warn(dl_events *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The mode of the predicate at token v of the sentence [sb, se). */
int ev_mode(const dl_doc *doc, uint32_t sb, uint32_t se, uint32_t v);

/* PETRARCH verb dictionaries: whether a buffer looks like one; loading
 * one into e (buf is modified; -1 when nothing usable was found); an
 * option of the coder (require_dyad, new_actor_length, comma_min,
 * comma_max, comma_bmin, comma_bmax, comma_emin, comma_emax; 1 when the
 * name is unknown, 2 when the value is bad: nothing changes then); coding
 * a document with it; freeing. */
bool ev_petr_sniff(const char *buf);
int ev_petr_load(dl_events *e, char *buf, const char *file);
int ev_petr_option(ev_petr *p, const char *name, const char *value);
int ev_petr_run(const dl_events *e, dl_doc *doc);
void ev_petr_free(ev_petr *p);

/* Quotes: attributes each quotation span of doc to a speaker. */
int ev_quotes(dl_doc *doc);

#endif
