/*
 * store_internal.h -- private parts of the store (src/store/): the handle
 * behind dl_store and the date helpers the queries share.
 */
#ifndef DL_STORE_INTERNAL_H
#define DL_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

/* The tables an ingest writes, in the order a batch writes them. */
enum { T_DOC, T_SENT, T_EVENT, T_QUOTE, T_MENTION, T_COUNT };

/* Row counts of the multi-row INSERTs: a batch's rows go in statements of
 * 32 rows, the rest as 16 + 8 + 4 + 2 + 1. */
enum { ST_SIZES = 6 };

/* One value of a row waiting to be written: an integer, a real, a text
 * (off/len into dl_store.text) or NULL. */
typedef struct st_value {
  int type; /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_NULL */
  union {
    sqlite3_int64 i;
    double d;
    struct {
      size_t off;
      int len;
    } t;
  } u;
} st_value;

/* The rows of one table waiting to be written, their values in order. */
typedef struct st_pending {
  st_value *v;
  size_t n, cap, rows;
} st_pending;

struct dl_store {
  sqlite3 *db;
  char *path;
  bool write;   /* opened with DL_STORE_WRITE */
  bool fts;     /* sentences_fts exists and FTS5 works */
  bool in_txn;  /* a batch is open */
  bool oom;     /* a row did not fit in memory: the batch must go */
  int version;  /* the schema version (user_version) */
  char now[32]; /* ingest time of the open batch's documents */
  /* writing: the rows of the open batch not yet written (a document's
   * values are copied, so the caller frees it at once), and the INSERT
   * statements by table and size, prepared when first needed */
  st_pending pend[T_COUNT];
  char *text;
  size_t text_len, text_cap;
  sqlite3_stmt *ins[T_COUNT][ST_SIZES];
  sqlite3_stmt *fts_row; /* indexes a sentence */
  sqlite3_int64 next_doc, next_sent; /* ids of the next rows */
  /* the stored hashes (open addressing; 0 marks an empty slot, a hash of
   * 0 is has_zero): a read handle loads them at the first
   * dl_store_has_doc; a write handle at its first batch, adding each
   * document it stores, and those another process stored at each batch */
  uint64_t *hashes;
  size_t hash_cap, hash_count;
  sqlite3_int64 hashes_upto; /* documents.id up to which they are loaded */
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
