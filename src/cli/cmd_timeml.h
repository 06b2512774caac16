/*
 * cmd_timeml.h -- `dateline eval timeml`: the time stage scored against
 * TimeML corpora (TimeBank/AQUAINT .tml files, MEANTIME CAT XML).
 *
 * The subcommand is dl_cmd_eval_timeml(). The reading and scoring pieces
 * below are exposed only so that tests/test_timeml.c can check them on
 * small hand-written documents; they are not library API.
 */
#ifndef DL_CMD_TIMEML_H
#define DL_CMD_TIMEML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dateline.h"

/* `dateline eval timeml [-v] [--format tbaq|meantime|auto] DIR|FILE...`;
 * argv starts at "timeml". Returns an exit status (cli.h). */
int dl_cmd_eval_timeml(int argc, char **argv);

/* ------------------------------------------------ internals, for tests */

/* Corpus formats. */
typedef enum {
  TML_AUTO = 0, /* decide from the first bytes */
  TML_TBAQ,     /* inline TimeML: <DCT><TIMEX3 .../></DCT> <TEXT>...</TEXT> */
  TML_MEANTIME, /* CAT XML: <token t_id=..> + TIMEX3 over token anchors */
  TML_UNKNOWN   /* tml_detect: neither */
} tml_format;

/* A gold type that is none of DATE, TIME, DURATION, SET. */
#define TML_TYPE_OTHER 255

/* One gold TIMEX3 with a span in the text. */
typedef struct tml_gold {
  uint32_t start, end; /* byte range [start, end) in tml_doc.text */
  uint8_t type;        /* dl_timex_type, or TML_TYPE_OTHER */
  char *value;         /* the value attribute (malloc'd; "" if absent) */
  uint32_t line;       /* line of the TIMEX3 element in the file */
} tml_gold;

/* A document read from a corpus file: the plain text exactly as the body
 * of a dl_doc will hold it (already cleaned by dl_utf8_clean), the gold
 * timexes over it, and the reference date. Free with tml_doc_free(). */
typedef struct tml_doc {
  char *text; /* NUL-terminated */
  size_t len, cap;
  tml_gold *gold; /* in document order of their start tags */
  size_t n_gold, cap_gold;
  char dct[11];        /* YYYY-MM-DD */
  uint32_t scored_end; /* system timexes starting here or later are not
                          scored: MEANTIME annotates only the first
                          sentences; the text length for TimeML */
} tml_doc;

/* Guesses the format of a file from its content: TML_TBAQ, TML_MEANTIME
 * or TML_UNKNOWN. */
tml_format tml_detect(const char *buf, size_t len);

/* Reads one corpus file held in buf (name is used in messages). fmt may
 * be TML_AUTO. On DL_OK, *d holds the document (the caller frees it with
 * tml_doc_free, also after an error). Returns DL_ERROR with err set to
 * "NAME:LINE: reason" for a malformed file, DL_NOMEM. */
int tml_read(tml_format fmt, const char *name, const char *buf, size_t len,
             tml_doc *d, dl_err *err);

void tml_doc_free(tml_doc *d);

/* Whether a system value equals a gold one after the normalisations of
 * docs/time-eval.md (case, trailing "-XX" dropped, seconds dropped,
 * "Thh" = "Thh:00"). A NULL
 * system value is never equal. */
bool tml_value_equal(const char *gold, const char *sys);

/* Counts over a set of documents. */
typedef struct tml_tally {
  size_t docs, bytes;
  size_t gold, sys;     /* DATE and TIME expressions on each side */
  size_t strict;        /* pairs with identical spans */
  size_t relaxed;       /* one-to-one overlapping pairs */
  size_t value_ok;      /* relaxed pairs with equal values */
  size_t sys_on_other;  /* false alarms lying on a gold DURATION/SET */
  size_t gold_in_other; /* misses lying under a system DURATION/SET */
} tml_tally;

/* Scores one document's system timexes against its gold ones and adds to
 * *t. With vout, prints every miss, false alarm, wrong value and partial
 * span there, one tab-separated line each, naming the file `name`. */
void tml_score(const tml_doc *d, const dl_timex *sys, size_t n_sys,
               const char *name, tml_tally *t, FILE *vout);

#endif
