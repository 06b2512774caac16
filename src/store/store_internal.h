/*
 * store_internal.h -- private parts of the store (src/store/): the handle
 * behind dl_store and the date helpers the queries share.
 */
#ifndef DL_STORE_INTERNAL_H
#define DL_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "core/core.h"

/* Statements prepared once for ingest, in this order. */
enum {
  ST_HAS_DOC,
  ST_DOC,
  ST_SENT,
  ST_FTS,
  ST_EVENT,
  ST_QUOTE,
  ST_MENTION,
  ST_COUNT
};

struct dl_store {
  sqlite3 *db;
  char *path;
  bool write;   /* opened with DL_STORE_WRITE */
  bool fts;     /* sentences_fts exists and FTS5 works */
  bool in_txn;  /* a batch is open */
  sqlite3_stmt *st[ST_COUNT];
  char now[32]; /* ingest time of the open batch's documents */
  /* read handles: the stored hashes, loaded at the first dl_store_has_doc
   * (open addressing; 0 marks an empty slot, a hash of 0 is has_zero) */
  uint64_t *hashes;
  size_t hash_cap;
  bool hashes_loaded, has_zero;
};

/* Sets err to DL_DB with the SQLite message, prefixed by the store's path
 * and what was being done; returns DL_DB. */
int st_db_error(const dl_store *s, dl_err *err, const char *what);

/* The first day a TIMEX date value covers, as YYYY-MM-DD in out (11
 * bytes), and its precision ('Y' 'Q' 'M' 'W' 'D' 'T'). Returns false when
 * the value is not a calendar date (durations, PRESENT_REF, NULL). */
bool st_first_day(const char *value, char out[11], char *precision);

/* Whether s is YYYY, YYYY-MM or YYYY-MM-DD (a filter's date). */
bool st_valid_filter_date(const char *s);

#endif
