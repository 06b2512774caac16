/*
 * actors_internal.h -- private interface of the actors stage: the phrase
 * table the dictionaries load into, and the entries it holds.
 *
 * Every name in every dictionary is tokenized with the text stage and
 * stored under the hash of its lowercased tokens, so that matching a
 * document is a walk over its tokens with incremental hashes (no string
 * building) and names match exactly as the tokenizer cut the text:
 * "U.S." is one token in both, "Kim Jong-un" two.
 */
#ifndef DL_ACTORS_INTERNAL_H
#define DL_ACTORS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

/* Kinds of entry. */
enum {
  E_COUNTRY = 1, /* a country's name */
  E_ADJ,         /* a country's adjective or demonym */
  E_CTXNAME,     /* a name valid only in context ("the North") */
  E_ORG,         /* an organisation */
  E_AGENT,       /* a role word ("president", "troops") */
  E_PERSON,      /* a person, with offices and dates */
  E_PLACE,       /* a place with coordinates */
  E_SEAT,        /* a seat of power ("the White House") */
  E_ACTOR,       /* a PETRARCH actor: a code, maybe date-restricted */
  E_SURNAME,     /* the first or last word of a person's name: used only
                    after a title ("President Moon") or to resolve a bare
                    name the story has not introduced */
  E_DISCARD      /* a PETRARCH discard phrase: never an actor */
};

/* An office or code valid between two days (day numbers, inclusive). */
typedef struct act_role {
  const char *code;
  int32_t from, to; /* INT32_MIN / INT32_MAX when open */
} act_role;

typedef struct act_entry {
  uint8_t kind;
  bool plural;          /* agents: the plural form */
  bool caps;            /* an acronym (UN, WHO): the text must be in capitals */
  bool petrarch;        /* from a PETRARCH file (names all in capitals) */
  bool story;           /* discards: the whole story goes ('+' in the file) */
  bool own_plurals;     /* PETRARCH agents with "{...}": no regular plural */
  bool first_word;      /* surnames: the name's first word ("Moon" of Moon
                           Jae-in), a surname only after a title */
  uint16_t capmask;     /* names of several words in our files: bit i set
                           when word i is capitalised there ("Islamic
                           State"), which the text must then be too */
  const char *code;     /* country, org, agent suffix, seat or actor code */
  const char *entity;   /* canonical name (people, orgs, places, seats) */
  const char *country;  /* places: country code; context names: their codes */
  const char *role;     /* people: the office ("president") */
  double lat, lon;
  uint32_t pop;         /* places from GeoNames: population */
  const char *admin1;   /* places from GeoNames: first-level region, or NULL */
  act_role *roles;      /* people and PETRARCH actors: dated codes */
  uint16_t n_roles;
  const char *file;
  uint32_t line;
  struct act_entry *next; /* the next entry under the same name */
} act_entry;

/* One name in the table. */
typedef struct act_slot {
  uint64_t hash; /* 0 = empty */
  uint8_t ntok;
  act_entry *first;
} act_slot;

struct dl_actors {
  dl_arena arena;
  dl_text *text;     /* to tokenize names */
  act_slot *slots;
  size_t cap, used;  /* open addressing, power-of-two capacity */
  uint64_t *starts;  /* hashes of first tokens (a set, same scheme) */
  size_t starts_cap, starts_used;
  uint8_t max_tok;   /* longest name in tokens */
  size_t entries;
  bool petr_agents;  /* a PETRARCH agent file is loaded: a role of no
                        known country is coded "---GOV" as PETRARCH does */
  char **warnings;
  size_t n_warnings, cap_warnings;
};

/* Token hashing: FNV-1a over the lowercased bytes, with a separator
 * between tokens, so a sequence's hash extends one token at a time. */
#define ACT_FNV_OFFSET 1469598103934665603ull
#define ACT_FNV_PRIME 1099511628211ull
uint64_t act_hash_token(uint64_t h, const char *form);

/* The entries under the name of ntok tokens whose hash is h, or NULL. */
act_entry *act_lookup(const dl_actors *a, uint64_t h, uint8_t ntok);

/* Whether any name starts with a token of hash h1 (one-token hash). */
bool act_is_start(const dl_actors *a, uint64_t h1);

/* The entries of kind E_SURNAME under a one-token name. */
act_entry *act_surnames(const dl_actors *a, const char *form);

/* Parses a date for the dictionaries: YYYY-MM-DD, YYYY-MM, YYYY (start of
 * the period, or its end when end is true), "-" (open). Returns false
 * when it is none of these. */
bool act_parse_date(const char *s, bool end, int32_t *day);

#endif
