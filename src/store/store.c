/*
 * store.c -- the embedded SQLite store: opening, the schema, and writing
 * coded documents in batches.
 *
 * One writer, many readers. The database runs in WAL mode, so queries read
 * a consistent snapshot while an ingest appends; the writer groups
 * documents into transactions (dl_store_add opens one, dl_store_commit
 * ends it), and with synchronous=NORMAL a committed batch survives the
 * process being killed. A document's identity is a 64-bit hash of its id,
 * source and body (documents.hash, UNIQUE): adding it again is a no-op,
 * which makes a re-run after an interruption resume where it stopped.
 *
 * Writing is the ingest's cost over `dateline code`, so it is lean. A
 * document's rows are copied into buffers, one per table, and written by
 * multi-row INSERTs of up to 32 rows (a statement's start, its cursors
 * and its end cost as much as a row); the ids are assigned here, from the
 * largest ids at the batch's start (the batch holds the write lock), so a
 * document's rows need no id back from SQLite. Whether a document is
 * stored is answered by the hashes in memory, not by a query. No
 * statement of a batch opens a savepoint (INSERT OR FAIL needs no
 * statement journal), so FTS5 writes its index once, at the commit.
 *
 *   documents 1--n sentences   (sentences_fts: FTS5 over sentences.text,
 *             1--n events        external content, rowid = sentences.id)
 *             1--n quotes
 *             1--n mentions    (clustered by document: WITHOUT ROWID)
 *   cameo: the code table, for names; event_groups: a view with one row
 *   per (date, source, target, code) and the documents reporting it.
 *
 * docs/schema.md describes every column.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store_internal.h"

#define DL_APPLICATION_ID 0x444c4e31 /* "DLN1" */
/* 1: the first; 2: events.place_admin1 and mentions.admin1 (a place's
 * first-level region), sentences_fts without column sizes. A version-1
 * store is migrated when opened for writing and read as it is. */
#define DL_SCHEMA_VERSION 2

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS documents(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  hash INTEGER NOT NULL UNIQUE,\n"
    "  doc TEXT, title TEXT, published TEXT, updated TEXT, ref_date TEXT,\n"
    "  date_source TEXT, byline TEXT, dateline TEXT, source TEXT, url TEXT,\n"
    "  sentences INTEGER NOT NULL, ingested TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS sentences(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  doc INTEGER NOT NULL REFERENCES documents(id),\n"
    "  n INTEGER NOT NULL, para INTEGER NOT NULL, text TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS events(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  doc INTEGER NOT NULL REFERENCES documents(id),\n"
    "  sentence INTEGER NOT NULL, sentence_id INTEGER REFERENCES sentences(id),\n"
    "  date TEXT, day TEXT, precision TEXT, date_text TEXT,\n"
    "  source TEXT, source_entity TEXT, source_country TEXT, source_text TEXT,\n"
    "  target TEXT, target_entity TEXT, target_country TEXT, target_text TEXT,\n"
    "  cameo TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER, goldstein REAL,\n"
    "  plover TEXT, mode TEXT NOT NULL, trigger TEXT,\n"
    "  place TEXT, place_country TEXT, lat REAL, lon REAL, place_admin1 TEXT);\n"
    "CREATE INDEX IF NOT EXISTS events_day ON events(day);\n"
    "CREATE INDEX IF NOT EXISTS events_dyad ON events(source, target);\n"
    "CREATE INDEX IF NOT EXISTS events_target ON events(target);\n"
    "CREATE INDEX IF NOT EXISTS events_code ON events(cameo);\n"
    "CREATE INDEX IF NOT EXISTS events_doc ON events(doc);\n"
    "CREATE TABLE IF NOT EXISTS quotes(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  doc INTEGER NOT NULL REFERENCES documents(id),\n"
    "  sentence INTEGER NOT NULL, sentence_end INTEGER NOT NULL,\n"
    "  speaker TEXT, speaker_entity TEXT, speaker_code TEXT,\n"
    "  quote TEXT NOT NULL, kind TEXT NOT NULL);\n"
    "CREATE INDEX IF NOT EXISTS quotes_doc ON quotes(doc, sentence);\n"
    "CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_code);\n"
    "CREATE TABLE IF NOT EXISTS mentions(\n"
    "  doc INTEGER NOT NULL REFERENCES documents(id), n INTEGER NOT NULL,\n"
    "  sentence INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,\n"
    "  entity TEXT, code TEXT, country TEXT, lat REAL, lon REAL,\n"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, admin1 TEXT,\n"
    "  PRIMARY KEY(doc, n)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS cameo(\n"
    "  code TEXT PRIMARY KEY, name TEXT NOT NULL, goldstein REAL, quad INTEGER,\n"
    "  plover TEXT, root TEXT);\n"
    "CREATE VIEW IF NOT EXISTS event_groups AS\n"
    "  SELECT e.date, e.source, e.target, e.cameo, min(e.id) AS event,\n"
    "         count(*) AS reports, count(DISTINCT e.doc) AS documents,\n"
    "         group_concat(DISTINCT d.source) AS sources\n"
    "  FROM events e JOIN documents d ON d.id = e.doc\n"
    "  WHERE e.date IS NOT NULL\n"
    "  GROUP BY e.date, e.source, e.target, e.cameo;\n";

/* detail=none: which sentences hold a word, not where (the queries check
 * the words with LIKE); columnsize=0: no table of sentence lengths, which
 * only ranking (bm25) reads and which cost a B-tree row per sentence. */
static const char fts_sql[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5("
    "text, content='sentences', content_rowid='id', detail=none, columnsize=0);";

/* The tables an ingest writes, by T_*: the head of the INSERT and the
 * number of values a row has. OR FAIL: a multi-row INSERT that may abort
 * needs a statement journal (a copy of every page it touches); on a
 * failure the whole batch is rolled back anyway. */
static const struct {
  const char *head;
  int cols;
} ins_table[T_COUNT] = {
    [T_DOC] = {"INSERT OR FAIL INTO documents(id, hash, doc, title, published, updated, "
               "ref_date, date_source, byline, dateline, source, url, sentences, ingested)",
               14},
    [T_SENT] = {"INSERT OR FAIL INTO sentences(id, doc, n, para, text)", 5},
    [T_EVENT] = {"INSERT OR FAIL INTO events(doc, sentence, sentence_id, date, day, precision, "
                 "date_text, source, source_entity, source_country, source_text, target, "
                 "target_entity, target_country, target_text, cameo, root, quad, goldstein, "
                 "plover, mode, trigger, place, place_country, lat, lon, place_admin1)",
                 27},
    [T_QUOTE] = {"INSERT OR FAIL INTO quotes(doc, sentence, sentence_end, speaker, "
                 "speaker_entity, speaker_code, quote, kind)",
                 8},
    [T_MENTION] = {"INSERT OR FAIL INTO mentions(doc, n, sentence, kind, text, entity, code, "
                   "country, lat, lon, start, end, admin1)",
                   13},
};

/* Rows per INSERT statement, by size index; the first is the most. */
static const int ins_rows[ST_SIZES] = {32, 16, 8, 4, 2, 1};

/* Rows held in memory before they are written (and the text buffer's
 * size that writes them too). */
enum { PENDING_ROWS = 1024, PENDING_TEXT = 1 << 20 };

int st_db_error(const dl_store *s, dl_err *err, const char *what) {
  return dl_err_set(err, DL_DB, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static int exec(dl_store *s, const char *sql, dl_err *err, const char *what) {
  if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) return st_db_error(s, err, what);
  return DL_OK;
}

/* An integer from a one-value query ("PRAGMA user_version"); -1 on error. */
static long long query_int(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  long long v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* Whether FTS5 works here: the table exists and a query on it runs. */
static bool probe_fts(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  bool ok = sqlite3_prepare_v2(db, "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'x' LIMIT 0",
                               -1, &st, NULL) == SQLITE_OK;
  sqlite3_finalize(st);
  return ok;
}

/* Brings a store of an older schema version up to this one, in one
 * transaction: version 1 gets the admin-1 columns (empty for what it
 * stored). Its full-text index keeps its column sizes. */
static int migrate(dl_store *s, long long ver, dl_err *err) {
  if (ver != 1)
    return dl_err_set(err, DL_DB, "%s: store schema version %lld is not one dateline can upgrade",
                      s->path, ver);
  int rc = exec(s, "BEGIN IMMEDIATE", err, "cannot start the schema upgrade");
  if (rc) return rc;
  char sql[160];
  snprintf(sql, sizeof sql,
           "ALTER TABLE events ADD COLUMN place_admin1 TEXT;"
           "ALTER TABLE mentions ADD COLUMN admin1 TEXT;"
           "PRAGMA user_version=%d",
           DL_SCHEMA_VERSION);
  /* another process may have upgraded it meanwhile */
  if (query_int(s->db, "PRAGMA user_version") == 1)
    rc = exec(s, sql, err, "cannot upgrade the store's schema from version 1");
  if (rc == DL_OK) rc = exec(s, "COMMIT", err, "cannot commit the schema upgrade");
  else sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  if (rc == DL_OK) s->version = DL_SCHEMA_VERSION;
  return rc;
}

/* Creates the schema in a new database, or checks an existing one is
 * ours and of a version this build reads (an older one opened for
 * writing is upgraded). */
static int setup_schema(dl_store *s, dl_err *err) {
  long long app = query_int(s->db, "PRAGMA application_id");
  long long ver = query_int(s->db, "PRAGMA user_version");
  long long tables = query_int(s->db, "SELECT count(*) FROM sqlite_master");
  if (app < 0 || ver < 0 || tables < 0) {
    if ((sqlite3_errcode(s->db) & 0xff) == SQLITE_NOTADB)
      return dl_err_set(err, DL_DB, "%s: not a Dateline store (not an SQLite database)", s->path);
    return st_db_error(s, err, "cannot read the database");
  }
  if (tables > 0 && app != DL_APPLICATION_ID)
    return dl_err_set(err, DL_DB, "%s: not a Dateline store", s->path);
  if (tables > 0 && ver > DL_SCHEMA_VERSION)
    return dl_err_set(err, DL_DB, "%s: store schema version %lld is newer than this dateline reads (%d)",
                      s->path, ver, DL_SCHEMA_VERSION);
  s->version = tables ? (int)ver : DL_SCHEMA_VERSION;
  if (!s->write) {
    if (tables == 0)
      return dl_err_set(err, DL_DB, "%s: an empty database, not a Dateline store", s->path);
    if (ver < 1)
      return dl_err_set(err, DL_DB, "%s: store schema version %lld is not one dateline reads",
                        s->path, ver);
    s->fts = probe_fts(s->db);
    return DL_OK;
  }
  if (tables > 0 && ver < DL_SCHEMA_VERSION) {
    int rc = migrate(s, ver, err);
    if (rc) return rc;
  }
  /* 16 KiB pages: a quarter of the writes for the same data; set before
   * the first table exists, it is what the file keeps. */
  int rc = tables ? DL_OK : exec(s, "PRAGMA page_size=8192", err, "cannot set the page size");
  if (rc == DL_OK) rc = exec(s, "PRAGMA journal_mode=WAL", err, "cannot switch to WAL");
  if (rc == DL_OK) rc = exec(s, "PRAGMA synchronous=NORMAL", err, "cannot set synchronous");
  /* A writer's batch touches pages all over the indexes: keep them in
   * memory (64 MiB) and checkpoint the WAL every 40 MB, not every 4. */
  if (rc == DL_OK)
    rc = exec(s, "PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=10000", err,
              "cannot set the cache");
  if (rc == DL_OK) rc = exec(s, "BEGIN IMMEDIATE", err, "cannot start the schema transaction");
  if (rc) return rc;
  rc = exec(s, schema_sql, err, "cannot create the schema");
  if (rc == DL_OK) {
    char pragma[96];
    snprintf(pragma, sizeof pragma, "PRAGMA application_id=%d; PRAGMA user_version=%d",
             DL_APPLICATION_ID, DL_SCHEMA_VERSION);
    rc = exec(s, pragma, err, "cannot mark the database");
  }
  /* FTS5 is optional: a SQLite built without it still stores everything. */
  if (rc == DL_OK) s->fts = sqlite3_exec(s->db, fts_sql, NULL, NULL, NULL) == SQLITE_OK;
  if (rc == DL_OK) rc = exec(s, "COMMIT", err, "cannot commit the schema");
  else sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  if (rc == DL_OK && s->fts) s->fts = probe_fts(s->db);
  return rc;
}

/* Creates a new store at path with its schema, atomically: built under a
 * temporary name and linked into place, so a reader never finds the file
 * without its tables. Someone else creating it first is not an error. */
static int create_store(const char *path, dl_err *err) {
  dl_store tmp;
  memset(&tmp, 0, sizeof tmp);
  size_t n = strlen(path) + 32;
  if (!(tmp.path = malloc(n))) return dl_err_set(err, DL_NOMEM, "out of memory");
  snprintf(tmp.path, n, "%s.new-%ld", path, (long)getpid());
  tmp.write = true;
  int rc = DL_OK;
  if (sqlite3_open_v2(tmp.path, &tmp.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
      SQLITE_OK)
    rc = dl_err_set(err, DL_IO, "%s: cannot create: %s", path,
                    tmp.db ? sqlite3_errmsg(tmp.db) : "out of memory");
  else
    rc = setup_schema(&tmp, err);
  if (tmp.db && sqlite3_close(tmp.db) != SQLITE_OK && rc == DL_OK)
    rc = dl_err_set(err, DL_DB, "%s: cannot close the new store", path);
  /* link() does not replace a file that appeared meanwhile; where the
   * file system has no hard links, rename() does the job */
  if (rc == DL_OK && link(tmp.path, path) != 0 && errno != EEXIST &&
      rename(tmp.path, path) != 0)
    rc = dl_err_set(err, DL_IO, "%s: cannot create: %s", path, strerror(errno));
  unlink(tmp.path);
  for (int k = 0; k < 2; k++) { /* left by a failed close */
    char side[4200];
    snprintf(side, sizeof side, "%s%s", tmp.path, k ? "-shm" : "-wal");
    unlink(side);
  }
  free(tmp.path);
  return rc;
}

int dl_store_open(const char *path, dl_store_mode mode, dl_store **out, dl_err *err) {
  *out = NULL;
  if (!path || !*path) return dl_err_set(err, DL_MISUSE, "no database file given");
  struct stat st;
  if (mode == DL_STORE_READ && stat(path, &st) != 0)
    return dl_err_set(err, DL_IO, "%s: %s (dateline ingest --db %s creates it)", path,
                      strerror(errno), path);
  if (mode == DL_STORE_WRITE && stat(path, &st) != 0) {
    int rc = create_store(path, err);
    if (rc) return rc;
  }
  dl_store *s = calloc(1, sizeof *s);
  if (!s || !(s->path = strdup(path))) {
    free(s);
    return dl_err_set(err, DL_NOMEM, "out of memory");
  }
  s->write = mode == DL_STORE_WRITE;
  /* A handle is used by one thread at a time: no SQLite mutexes. */
  int flags = (s->write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) |
              SQLITE_OPEN_NOMUTEX;
  int rc;
  if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
    rc = dl_err_set(err, s->write ? DL_IO : DL_DB, "%s: cannot open: %s", path,
                    s->db ? sqlite3_errmsg(s->db) : "out of memory");
    goto fail;
  }
  /* Readers wait for a schema change or a checkpoint; WAL keeps them
   * from ever waiting for an ingest's batches. */
  sqlite3_busy_timeout(s->db, 10000);
  sqlite3_extended_result_codes(s->db, 1);
  rc = setup_schema(s, err);
  if (rc) goto fail;
  *out = s;
  return DL_OK;
fail:
  dl_store_close(s);
  return rc;
}

void dl_store_close(dl_store *s) {
  if (!s) return;
  if (s->in_txn) dl_store_commit(s, NULL);
  for (int t = 0; t < T_COUNT; t++) {
    for (int k = 0; k < ST_SIZES; k++) sqlite3_finalize(s->ins[t][k]);
    free(s->pend[t].v);
  }
  sqlite3_finalize(s->fts_row);
  free(s->text);
  free(s->hashes);
  sqlite3_close(s->db);
  free(s->path);
  free(s);
}

int dl_store_has_fts(const dl_store *s) { return s && s->fts; }

uint64_t dl_doc_hash(const dl_doc *doc) {
  /* FNV-1a, 64 bits, over id, NUL, source, NUL, then the body. */
  uint64_t h = 0xcbf29ce484222325ull;
  const char *keys[2] = {doc->meta.id, doc->meta.source};
  for (int k = 0; k < 2; k++) {
    const unsigned char *p = (const unsigned char *)(keys[k] ? keys[k] : "");
    for (; *p; p++) h = (h ^ *p) * 0x100000001b3ull;
    h = (h ^ 0) * 0x100000001b3ull;
  }
  const unsigned char *p = (const unsigned char *)doc->body;
  for (size_t i = 0; i < doc->body_len; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

/* Binding helpers: NULL strings bind NULL. */
static void bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else sqlite3_bind_null(st, i);
}

/* Steps a statement that returns no row, then resets it. */
static int run(dl_store *s, sqlite3_stmt *st, dl_err *err, const char *what) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (rc != SQLITE_DONE) return st_db_error(s, err, what);
  return DL_OK;
}

/* ------------------------------------------------ the hashes in memory */

static size_t hash_slot(const dl_store *s, uint64_t h) {
  size_t i = (size_t)(h * 0x9e3779b97f4a7c15ull) & (s->hash_cap - 1);
  while (s->hashes[i] && s->hashes[i] != h) i = (i + 1) & (s->hash_cap - 1);
  return i;
}

static bool hash_has(const dl_store *s, uint64_t h) {
  if (!h) return s->has_zero;
  return s->hash_cap && s->hashes[hash_slot(s, h)] == h;
}

/* Adds h, growing the table to keep it at most half full. */
static int hash_put(dl_store *s, uint64_t h) {
  if (!h) {
    s->has_zero = true;
    return DL_OK;
  }
  if ((s->hash_count + 1) * 2 > s->hash_cap) {
    size_t cap = s->hash_cap ? s->hash_cap * 2 : 1024;
    uint64_t *old = s->hashes, *nw = calloc(cap, sizeof *nw);
    if (!nw) return DL_NOMEM;
    size_t old_cap = s->hash_cap;
    s->hashes = nw;
    s->hash_cap = cap;
    for (size_t i = 0; i < old_cap; i++)
      if (old[i]) s->hashes[hash_slot(s, old[i])] = old[i];
    free(old);
  }
  size_t i = hash_slot(s, h);
  if (!s->hashes[i]) s->hash_count++;
  s->hashes[i] = h;
  return DL_OK;
}

/* Loads the hashes of the documents stored after documents.id
 * s->hashes_upto: all of them the first time; then, at each batch of a
 * writer, those another process added since. */
static int load_hashes(dl_store *s, dl_err *err) {
  /* all of them from the hash index alone (a tenth of the table's pages),
   * with the largest id in the same statement, so of the same snapshot */
  const char *sql = s->hashes_upto ? "SELECT hash, id FROM documents WHERE id > ?"
                                   : "SELECT hash, (SELECT max(id) FROM documents) FROM documents";
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return st_db_error(s, err, "cannot read the document hashes");
  if (s->hashes_upto) sqlite3_bind_int64(st, 1, s->hashes_upto);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (hash_put(s, (uint64_t)sqlite3_column_int64(st, 0))) {
      sqlite3_finalize(st);
      return dl_err_set(err, DL_NOMEM, "out of memory");
    }
    sqlite3_int64 id = sqlite3_column_int64(st, 1);
    if (id > s->hashes_upto) s->hashes_upto = id;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return st_db_error(s, err, "cannot read the document hashes");
  s->hashes_loaded = true;
  return DL_OK;
}

/* Forgets the hashes (after a rolled-back batch, whose documents they
 * held); the next batch loads them again. */
static void drop_hashes(dl_store *s) {
  free(s->hashes);
  s->hashes = NULL;
  s->hash_cap = s->hash_count = 0;
  s->hashes_upto = 0;
  s->hashes_loaded = s->has_zero = false;
}

int dl_store_has_doc(dl_store *s, uint64_t hash, int *found, dl_err *err) {
  *found = 0;
  if (!s->hashes_loaded) {
    int rc = load_hashes(s, err);
    if (rc) return rc;
  }
  *found = hash_has(s, hash);
  return DL_OK;
}

/* ------------------------------------------------ rows of the open batch */

static st_value *push(dl_store *s, int t) {
  st_pending *p = &s->pend[t];
  if (p->n == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 256;
    st_value *v = realloc(p->v, cap * sizeof *v);
    if (!v) {
      s->oom = true;
      return NULL;
    }
    p->v = v;
    p->cap = cap;
  }
  return &p->v[p->n++];
}

static void put_int(dl_store *s, int t, sqlite3_int64 i) {
  st_value *v = push(s, t);
  if (v) *v = (st_value){.type = SQLITE_INTEGER, .u.i = i};
}

static void put_null(dl_store *s, int t) {
  st_value *v = push(s, t);
  if (v) v->type = SQLITE_NULL;
}

/* A real, or NULL when !have. */
static void put_real(dl_store *s, int t, double d, bool have) {
  st_value *v = push(s, t);
  if (v) *v = have ? (st_value){.type = SQLITE_FLOAT, .u.d = d} : (st_value){.type = SQLITE_NULL};
}

/* Text of n bytes, copied; NULL for a NULL str. */
static void put_span(dl_store *s, int t, const char *str, size_t n) {
  st_value *v = push(s, t);
  if (!v) return;
  if (!str || n > INT32_MAX) {
    v->type = SQLITE_NULL;
    return;
  }
  if (s->text_len + n > s->text_cap) {
    size_t cap = s->text_cap ? s->text_cap : 1 << 16;
    while (cap < s->text_len + n) cap *= 2;
    char *nt = realloc(s->text, cap);
    if (!nt) {
      s->oom = true;
      v->type = SQLITE_NULL;
      return;
    }
    s->text = nt;
    s->text_cap = cap;
  }
  memcpy(s->text + s->text_len, str, n);
  *v = (st_value){.type = SQLITE_TEXT, .u.t = {s->text_len, (int)n}};
  s->text_len += n;
}

static void put_text(dl_store *s, int t, const char *str) {
  put_span(s, t, str, str ? strlen(str) : 0);
}

/* Text, or NULL when empty (country codes). */
static void put_code(dl_store *s, int t, const char *str) {
  put_text(s, t, str && str[0] ? str : NULL);
}

static void end_row(dl_store *s, int t) {
  st_pending *p = &s->pend[t];
  p->rows++;
  assert(s->oom || p->n == p->rows * (size_t)ins_table[t].cols);
}

/* The INSERT of ins_rows[k] rows into table t, prepared when first used. */
static sqlite3_stmt *ins_stmt(dl_store *s, int t, int k, dl_err *err) {
  if (s->ins[t][k]) return s->ins[t][k];
  int rows = ins_rows[k], cols = ins_table[t].cols;
  size_t n = strlen(ins_table[t].head) + 16 + (size_t)rows * ((size_t)cols * 2 + 3);
  char *sql = malloc(n), *o = sql;
  if (!sql) {
    dl_err_set(err, DL_NOMEM, "out of memory");
    return NULL;
  }
  o += sprintf(o, "%s VALUES", ins_table[t].head);
  for (int r = 0; r < rows; r++) {
    *o++ = r ? ',' : '(';
    if (r) *o++ = '(';
    for (int c = 0; c < cols; c++) {
      if (c) *o++ = ',';
      *o++ = '?';
    }
    *o++ = ')';
  }
  *o = '\0';
  if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->ins[t][k], NULL) !=
      SQLITE_OK)
    st_db_error(s, err, "cannot prepare a statement");
  free(sql);
  return s->ins[t][k];
}

/* Puts n sentence rows (values id, doc, n, para, text) into the
 * full-text index, one INSERT each: FTS5 keeps them in memory and writes
 * one segment at the commit. (An INSERT .. SELECT would be one statement,
 * but a multi-row write into a virtual table opens a savepoint, at which
 * FTS5 writes what it holds: a small segment each time, merged again and
 * again.) Spread over the batch, not left to its commit, this keeps the
 * end of an ingest short. */
static int index_sentences(dl_store *s, const st_value *v, int n, dl_err *err) {
  if (!s->fts_row &&
      sqlite3_prepare_v3(s->db, "INSERT INTO sentences_fts(rowid, text) VALUES(?,?)", -1,
                         SQLITE_PREPARE_PERSISTENT, &s->fts_row, NULL) != SQLITE_OK)
    return st_db_error(s, err, "cannot prepare a statement");
  sqlite3_stmt *st = s->fts_row;
  for (int r = 0; r < n; r++, v += ins_table[T_SENT].cols) {
    sqlite3_bind_int64(st, 1, v[0].u.i);
    sqlite3_bind_text(st, 2, s->text + v[4].u.t.off, v[4].u.t.len, SQLITE_STATIC);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_DONE) return st_db_error(s, err, "cannot index a sentence");
  }
  return DL_OK;
}

/* Writes the rows waiting, table by table, in INSERTs of 32 rows and
 * fewer for the rest; empties the buffers. */
static int flush_rows(dl_store *s, dl_err *err) {
  static const char *const what[T_COUNT] = {"cannot store a document", "cannot store a sentence",
                                            "cannot store an event", "cannot store a quotation",
                                            "cannot store a mention"};
  int rc = DL_OK;
  for (int t = 0; t < T_COUNT && rc == DL_OK; t++) {
    st_pending *p = &s->pend[t];
    int cols = ins_table[t].cols;
    size_t done = 0;
    while (rc == DL_OK && done < p->rows) {
      int k = 0;
      while ((size_t)ins_rows[k] > p->rows - done) k++;
      sqlite3_stmt *st = ins_stmt(s, t, k, err);
      if (!st) return DL_DB;
      const st_value *v = &p->v[done * (size_t)cols];
      for (int i = 0; i < ins_rows[k] * cols; i++) {
        switch (v[i].type) {
        case SQLITE_INTEGER: sqlite3_bind_int64(st, i + 1, v[i].u.i); break;
        case SQLITE_FLOAT: sqlite3_bind_double(st, i + 1, v[i].u.d); break;
        case SQLITE_TEXT:
          sqlite3_bind_text(st, i + 1, s->text + v[i].u.t.off, v[i].u.t.len, SQLITE_STATIC);
          break;
        default: sqlite3_bind_null(st, i + 1);
        }
      }
      int step = sqlite3_step(st);
      sqlite3_reset(st);
      if (step != SQLITE_DONE) rc = st_db_error(s, err, what[t]);
      if (rc == DL_OK && t == T_SENT && s->fts) rc = index_sentences(s, v, ins_rows[k], err);
      done += (size_t)ins_rows[k];
    }
  }
  for (int t = 0; t < T_COUNT; t++) s->pend[t].n = s->pend[t].rows = 0;
  s->text_len = 0;
  return rc;
}

static size_t pending_rows(const dl_store *s) {
  size_t n = 0;
  for (int t = 0; t < T_COUNT; t++) n += s->pend[t].rows;
  return n;
}

/* The event's date as the JSONL writer gives it: a time-of-day word
 * ("2019-02-27TMO") is cut back to the day. */
static size_t date_len(const char *d) {
  size_t n = strlen(d);
  if (n > 10 && d[10] == 'T' && !(d[11] >= '0' && d[11] <= '9')) return 10;
  return n;
}

static void add_events(dl_store *s, const dl_doc *doc, sqlite3_int64 docid,
                       sqlite3_int64 first_sent) {
  for (size_t i = 0; i < doc->n_events; i++) {
    const dl_event *e = &doc->events[i];
    const dl_token *tr = &doc->toks[e->trigger];
    char date[64], day[11], prec = 0;
    date[0] = '\0';
    if (e->date) snprintf(date, sizeof date, "%.*s", (int)date_len(e->date), e->date);
    bool dated = e->date && st_first_day(date, day, &prec);
    char p[2] = {prec, 0};
    put_int(s, T_EVENT, docid);
    put_int(s, T_EVENT, (sqlite3_int64)e->sent + 1);
    put_int(s, T_EVENT, first_sent + (sqlite3_int64)e->sent);
    put_text(s, T_EVENT, e->date ? date : NULL);
    put_text(s, T_EVENT, dated ? day : NULL);
    put_text(s, T_EVENT, dated ? p : NULL);
    if (e->date_timex)
      put_span(s, T_EVENT, doc->body + e->date_timex->start,
               e->date_timex->end - e->date_timex->start);
    else
      put_null(s, T_EVENT);
    const dl_event_actor *side[2] = {&e->source, &e->target};
    for (int k = 0; k < 2; k++) {
      const dl_event_actor *a = side[k];
      put_text(s, T_EVENT, a->code);
      put_text(s, T_EVENT, a->entity);
      put_code(s, T_EVENT, a->country);
      if (a->code && a->mention >= 0 && (size_t)a->mention < doc->n_mentions) {
        const dl_mention *m = &doc->mentions[a->mention];
        put_span(s, T_EVENT, doc->body + m->start, m->end - m->start);
      } else {
        put_null(s, T_EVENT);
      }
    }
    put_text(s, T_EVENT, e->cameo);
    put_text(s, T_EVENT, e->root);
    put_int(s, T_EVENT, e->quad);
    put_real(s, T_EVENT, e->goldstein, true);
    put_text(s, T_EVENT, e->plover);
    put_text(s, T_EVENT, dl_mode_name(e->mode));
    put_span(s, T_EVENT, doc->body + tr->start, tr->end - tr->start);
    if (e->place >= 0 && (size_t)e->place < doc->n_mentions) {
      const dl_mention *pl = &doc->mentions[e->place];
      if (pl->entity) put_text(s, T_EVENT, pl->entity);
      else put_span(s, T_EVENT, doc->body + pl->start, pl->end - pl->start);
      put_code(s, T_EVENT, pl->country);
      bool have = pl->lat != 0 || pl->lon != 0;
      put_real(s, T_EVENT, pl->lat, have);
      put_real(s, T_EVENT, pl->lon, have);
      put_text(s, T_EVENT, pl->admin1);
    } else {
      for (int k = 0; k < 5; k++) put_null(s, T_EVENT);
    }
    end_row(s, T_EVENT);
  }
}

static void add_quotes(dl_store *s, const dl_doc *doc, sqlite3_int64 docid) {
  for (size_t i = 0; i < doc->n_qrecs; i++) {
    const dl_quote *q = &doc->qrecs[i];
    const dl_quote_span *qs = &doc->quotes[q->span];
    put_int(s, T_QUOTE, docid);
    put_int(s, T_QUOTE, (sqlite3_int64)qs->sent_begin + 1);
    put_int(s, T_QUOTE,
            (sqlite3_int64)(qs->sent_end > qs->sent_begin ? qs->sent_end : qs->sent_begin + 1));
    if (q->speaker >= 0 && (size_t)q->speaker < doc->n_mentions) {
      const dl_mention *m = &doc->mentions[q->speaker];
      put_span(s, T_QUOTE, doc->body + m->start, m->end - m->start);
      put_text(s, T_QUOTE, m->entity);
      put_text(s, T_QUOTE, m->code);
    } else if (q->who_end > q->who_begin && q->who_end <= doc->n_toks) {
      /* a speaker no actor names: the words only */
      uint32_t st = doc->toks[q->who_begin].start, en = doc->toks[q->who_end - 1].end;
      put_span(s, T_QUOTE, doc->body + st, en - st);
      put_null(s, T_QUOTE);
      put_null(s, T_QUOTE);
    } else {
      for (int k = 0; k < 3; k++) put_null(s, T_QUOTE);
    }
    put_span(s, T_QUOTE, doc->body + qs->inner_start, qs->inner_end - qs->inner_start);
    put_text(s, T_QUOTE, qs->kind == DL_QUOTE_DIRECT ? "direct" : "partial");
    end_row(s, T_QUOTE);
  }
}

static void add_mentions(dl_store *s, const dl_doc *doc, sqlite3_int64 docid) {
  static const char *const kinds[] = {"person", "organisation", "country", "place"};
  for (size_t i = 0; i < doc->n_mentions; i++) {
    const dl_mention *m = &doc->mentions[i];
    put_int(s, T_MENTION, docid);
    put_int(s, T_MENTION, (sqlite3_int64)i + 1);
    put_int(s, T_MENTION, (sqlite3_int64)m->sent + 1);
    put_text(s, T_MENTION, m->kind < 4 ? kinds[m->kind] : "organisation");
    put_span(s, T_MENTION, doc->body + m->start, m->end - m->start);
    put_text(s, T_MENTION, m->entity);
    put_text(s, T_MENTION, m->code);
    put_code(s, T_MENTION, m->country);
    bool have = m->lat != 0 || m->lon != 0;
    put_real(s, T_MENTION, m->lat, have);
    put_real(s, T_MENTION, m->lon, have);
    put_int(s, T_MENTION, (sqlite3_int64)m->start);
    put_int(s, T_MENTION, (sqlite3_int64)m->end);
    put_text(s, T_MENTION, m->admin1);
    end_row(s, T_MENTION);
  }
}

/* A batch failed (the database failed, or memory ran out): it is rolled
 * back, so no document is ever stored in part, and rc is returned with
 * the message saying so. What earlier batches committed stays; running
 * the ingest again codes the rest. The hashes in memory held the batch's
 * documents: they are read again at the next batch. */
static int abandon_batch(dl_store *s, int rc, dl_err *err) {
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  s->in_txn = false;
  s->oom = false;
  for (int t = 0; t < T_COUNT; t++) s->pend[t].n = s->pend[t].rows = 0;
  s->text_len = 0;
  drop_hashes(s);
  if (err) {
    size_t n = strlen(err->msg);
    snprintf(err->msg + n, sizeof err->msg - n, " (the open batch was rolled back)");
  }
  return rc == DL_NOMEM ? DL_NOMEM : DL_DB;
}

/* Opens a batch: the write lock, the ids the batch's rows start from,
 * the hashes of documents stored since the last batch (by anyone). */
static int begin_batch(dl_store *s, dl_err *err) {
  int rc = exec(s, "BEGIN IMMEDIATE", err, "cannot start a batch");
  if (rc) return rc;
  s->in_txn = true;
  long long d = query_int(s->db, "SELECT coalesce(max(id), 0) FROM documents");
  long long n = query_int(s->db, "SELECT coalesce(max(id), 0) FROM sentences");
  if (d < 0 || n < 0) rc = st_db_error(s, err, "cannot start a batch");
  if (rc == DL_OK && (!s->hashes_loaded || d > s->hashes_upto)) rc = load_hashes(s, err);
  if (rc) return abandon_batch(s, rc, err);
  s->next_doc = d + 1;
  s->next_sent = n + 1;
  time_t t = time(NULL);
  struct tm tm;
  strftime(s->now, sizeof s->now, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
  return DL_OK;
}

int dl_store_add(dl_store *s, const dl_doc *doc, int *added, dl_err *err) {
  if (added) *added = 0;
  if (!s->write) return dl_err_set(err, DL_MISUSE, "%s: opened for reading", s->path);
  int rc;
  if (!s->in_txn && (rc = begin_batch(s, err))) return rc;
  uint64_t hash = dl_doc_hash(doc);
  if (hash_has(s, hash)) return DL_OK; /* stored before */
  if (hash_put(s, hash)) return abandon_batch(s, dl_err_set(err, DL_NOMEM, "out of memory"), err);
  const dl_meta *m = &doc->meta;
  sqlite3_int64 docid = s->next_doc++, first_sent = s->next_sent;
  put_int(s, T_DOC, docid);
  put_int(s, T_DOC, (sqlite3_int64)hash);
  put_text(s, T_DOC, m->id);
  put_text(s, T_DOC, m->title);
  put_text(s, T_DOC, m->published);
  put_text(s, T_DOC, m->updated);
  put_text(s, T_DOC, m->ref_date);
  put_text(s, T_DOC, dl_date_source_name(m->date_source));
  put_text(s, T_DOC, m->byline);
  put_text(s, T_DOC, m->dateline);
  put_text(s, T_DOC, m->source);
  put_text(s, T_DOC, m->url);
  put_int(s, T_DOC, (sqlite3_int64)doc->n_sents);
  put_text(s, T_DOC, s->now);
  end_row(s, T_DOC);
  for (size_t i = 0; i < doc->n_sents; i++) {
    const dl_sentence *se = &doc->sents[i];
    put_int(s, T_SENT, s->next_sent++);
    put_int(s, T_SENT, docid);
    put_int(s, T_SENT, (sqlite3_int64)i + 1);
    put_int(s, T_SENT, (sqlite3_int64)se->para + 1);
    put_span(s, T_SENT, doc->body + se->start, se->end - se->start);
    end_row(s, T_SENT);
  }
  add_events(s, doc, docid, first_sent);
  add_quotes(s, doc, docid);
  add_mentions(s, doc, docid);
  if (s->oom) return abandon_batch(s, dl_err_set(err, DL_NOMEM, "out of memory"), err);
  if (pending_rows(s) >= PENDING_ROWS || s->text_len >= PENDING_TEXT) {
    if ((rc = flush_rows(s, err))) return abandon_batch(s, rc, err);
  }
  if (added) *added = 1;
  return DL_OK;
}

int dl_store_commit(dl_store *s, dl_err *err) {
  if (!s->in_txn) return DL_OK;
  int rc = flush_rows(s, err);
  if (rc == DL_OK && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    rc = st_db_error(s, err, "cannot commit a batch");
  if (rc) return abandon_batch(s, rc, err);
  s->in_txn = false;
  s->hashes_upto = s->next_doc - 1; /* the batch's documents are in memory already */
  return DL_OK;
}

int dl_store_load_codes(dl_store *s, const char *path, dl_err *err) {
  FILE *fp = fopen(path, "r");
  if (!fp) return dl_err_set(err, DL_IO, "%s: cannot open: %s", path, strerror(errno));
  sqlite3_stmt *st = NULL;
  int rc = DL_OK;
  bool own_txn = !s->in_txn;
  if (sqlite3_prepare_v2(s->db,
                         "INSERT OR REPLACE INTO cameo(code, name, goldstein, quad, plover, root) "
                         "VALUES(?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK) {
    fclose(fp);
    return st_db_error(s, err, "cannot prepare the code table");
  }
  if (own_txn) rc = exec(s, "BEGIN IMMEDIATE", err, "cannot start a batch");
  char line[1024];
  unsigned lineno = 0;
  while (rc == DL_OK && fgets(line, sizeof line, fp)) {
    lineno++;
    line[strcspn(line, "\r\n")] = '\0';
    if (lineno == 1 || line[0] == '#' || !line[0]) continue; /* header, comments */
    char *f[6] = {0};
    int n = 0;
    for (char *p = line; n < 6; n++) {
      f[n] = p;
      char *tab = strchr(p, '\t');
      if (!tab) {
        n++;
        break;
      }
      *tab = '\0';
      p = tab + 1;
    }
    if (n < 4) continue; /* the events stage reports malformed lines */
    sqlite3_bind_text(st, 1, f[0], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f[1], -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 3, strtod(f[2], NULL));
    sqlite3_bind_int(st, 4, atoi(f[3]));
    bind_text(st, 5, n > 4 && strcmp(f[4], "-") ? f[4] : NULL);
    bind_text(st, 6, n > 5 ? f[5] : NULL);
    rc = run(s, st, err, "cannot store the code table");
  }
  fclose(fp);
  sqlite3_finalize(st);
  if (own_txn) {
    if (rc == DL_OK) rc = exec(s, "COMMIT", err, "cannot commit the code table");
    else sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  }
  return rc;
}

int dl_store_count(dl_store *s, dl_store_counts *out, dl_err *err) {
  static const char *const tables[] = {"documents", "sentences", "events", "quotes", "mentions"};
  int64_t *dst[] = {&out->documents, &out->sentences, &out->events, &out->quotes, &out->mentions};
  for (int i = 0; i < 5; i++) {
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
    long long v = query_int(s->db, sql);
    if (v < 0) return st_db_error(s, err, "cannot count rows");
    *dst[i] = v;
  }
  return DL_OK;
}
