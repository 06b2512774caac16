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
 *   documents 1--n sentences   (sentences_fts: FTS5 over sentences.text,
 *             1--n events        external content, rowid = sentences.id)
 *             1--n quotes
 *             1--n mentions    (clustered by document: WITHOUT ROWID)
 *   cameo: the code table, for names; event_groups: a view with one row
 *   per (date, source, target, code) and the documents reporting it.
 *
 * docs/schema.md describes every column.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store_internal.h"

#define DL_APPLICATION_ID 0x444c4e31 /* "DLN1" */
#define DL_SCHEMA_VERSION 1

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
    "  place TEXT, place_country TEXT, lat REAL, lon REAL);\n"
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
    "  start INTEGER NOT NULL, end INTEGER NOT NULL,\n"
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

static const char fts_sql[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5("
    "text, content='sentences', content_rowid='id', detail=none);";

/* The ingest statements, indexed by ST_*. */
static const char *const stmt_sql[ST_COUNT] = {
    [ST_HAS_DOC] = "SELECT 1 FROM documents WHERE hash = ?",
    [ST_DOC] = "INSERT OR IGNORE INTO documents(hash, doc, title, published, updated, "
               "ref_date, date_source, byline, dateline, source, url, sentences, ingested) "
               "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [ST_SENT] = "INSERT INTO sentences(doc, n, para, text) VALUES(?,?,?,?)",
    [ST_FTS] = "INSERT INTO sentences_fts(rowid, text) VALUES(?,?)",
    [ST_EVENT] = "INSERT INTO events(doc, sentence, sentence_id, date, day, precision, "
                 "date_text, source, source_entity, source_country, source_text, target, "
                 "target_entity, target_country, target_text, cameo, root, quad, goldstein, "
                 "plover, mode, trigger, place, place_country, lat, lon) "
                 "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [ST_QUOTE] = "INSERT INTO quotes(doc, sentence, sentence_end, speaker, speaker_entity, "
                 "speaker_code, quote, kind) VALUES(?,?,?,?,?,?,?,?)",
    [ST_MENTION] = "INSERT INTO mentions(doc, n, sentence, kind, text, entity, code, country, "
                   "lat, lon, start, end) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
};

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

/* Creates the schema in a new database, or checks an existing one is
 * ours and of a version this build reads. */
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
  if (!s->write) {
    if (tables == 0)
      return dl_err_set(err, DL_DB, "%s: an empty database, not a Dateline store", s->path);
    s->fts = probe_fts(s->db);
    return DL_OK;
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
  for (int i = 0; i < ST_COUNT; i++) {
    if ((i == ST_FTS && !s->fts) || !s->write) continue;
    if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) !=
        SQLITE_OK) {
      rc = st_db_error(s, err, "cannot prepare a statement");
      goto fail;
    }
  }
  *out = s;
  return DL_OK;
fail:
  dl_store_close(s);
  return rc;
}

void dl_store_close(dl_store *s) {
  if (!s) return;
  if (s->in_txn) dl_store_commit(s, NULL);
  for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(s->st[i]);
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

static void bind_span(sqlite3_stmt *st, int i, const char *s, size_t n) {
  sqlite3_bind_text(st, i, s, (int)n, SQLITE_STATIC);
}

static void bind_coord(sqlite3_stmt *st, int i, double v, bool have) {
  if (have) sqlite3_bind_double(st, i, v);
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

static void hash_put(dl_store *s, uint64_t h) {
  if (!h) {
    s->has_zero = true;
    return;
  }
  size_t i = (size_t)(h * 0x9e3779b97f4a7c15ull) & (s->hash_cap - 1);
  while (s->hashes[i] && s->hashes[i] != h) i = (i + 1) & (s->hash_cap - 1);
  s->hashes[i] = h;
}

/* Loads every stored hash into a table at most half full. */
static int load_hashes(dl_store *s, dl_err *err) {
  long long n = query_int(s->db, "SELECT count(*) FROM documents");
  if (n < 0) return st_db_error(s, err, "cannot count the documents");
  size_t cap = 1024;
  while (cap < (size_t)n * 2 + 2) cap *= 2;
  if (!(s->hashes = calloc(cap, sizeof *s->hashes))) return dl_err_set(err, DL_NOMEM, "out of memory");
  s->hash_cap = cap;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, "SELECT hash FROM documents", -1, &st, NULL) != SQLITE_OK)
    return st_db_error(s, err, "cannot read the document hashes");
  long long k = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && k++ < n)
    hash_put(s, (uint64_t)sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return st_db_error(s, err, "cannot read the document hashes");
  s->hashes_loaded = true;
  return DL_OK;
}

int dl_store_has_doc(dl_store *s, uint64_t hash, int *found, dl_err *err) {
  *found = 0;
  if (!s->write) {
    if (!s->hashes_loaded) {
      int rc = load_hashes(s, err);
      if (rc) return rc;
    }
    if (!hash) {
      *found = s->has_zero;
      return DL_OK;
    }
    size_t i = (size_t)(hash * 0x9e3779b97f4a7c15ull) & (s->hash_cap - 1);
    while (s->hashes[i] && s->hashes[i] != hash) i = (i + 1) & (s->hash_cap - 1);
    *found = s->hashes[i] == hash;
    return DL_OK;
  }
  sqlite3_stmt *st = s->st[ST_HAS_DOC];
  sqlite3_bind_int64(st, 1, (sqlite3_int64)hash);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *found = 1;
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return st_db_error(s, err, "cannot look up a document");
  return DL_OK;
}

/* The event's date as the JSONL writer gives it: a time-of-day word
 * ("2019-02-27TMO") is cut back to the day. */
static size_t date_len(const char *d) {
  size_t n = strlen(d);
  if (n > 10 && d[10] == 'T' && !(d[11] >= '0' && d[11] <= '9')) return 10;
  return n;
}

static int add_events(dl_store *s, const dl_doc *doc, sqlite3_int64 docid,
                      const sqlite3_int64 *sent_ids, dl_err *err) {
  sqlite3_stmt *st = s->st[ST_EVENT];
  for (size_t i = 0; i < doc->n_events; i++) {
    const dl_event *e = &doc->events[i];
    const dl_token *tr = &doc->toks[e->trigger];
    char date[64], day[11], prec = 0;
    date[0] = '\0';
    if (e->date) snprintf(date, sizeof date, "%.*s", (int)date_len(e->date), e->date);
    bool dated = e->date && st_first_day(date, day, &prec);
    sqlite3_bind_int64(st, 1, docid);
    sqlite3_bind_int(st, 2, (int)e->sent + 1);
    sqlite3_bind_int64(st, 3, sent_ids[e->sent]);
    bind_text(st, 4, e->date ? date : NULL);
    bind_text(st, 5, dated ? day : NULL);
    char p[2] = {prec, 0};
    bind_text(st, 6, dated ? p : NULL);
    if (e->date_timex)
      bind_span(st, 7, doc->body + e->date_timex->start, e->date_timex->end - e->date_timex->start);
    const dl_event_actor *side[2] = {&e->source, &e->target};
    for (int k = 0; k < 2; k++) {
      const dl_event_actor *a = side[k];
      int c = 8 + 4 * k;
      bind_text(st, c, a->code);
      bind_text(st, c + 1, a->entity);
      bind_text(st, c + 2, a->country[0] ? a->country : NULL);
      if (a->code && a->mention >= 0 && (size_t)a->mention < doc->n_mentions) {
        const dl_mention *m = &doc->mentions[a->mention];
        bind_span(st, c + 3, doc->body + m->start, m->end - m->start);
      }
    }
    bind_text(st, 16, e->cameo);
    bind_text(st, 17, e->root);
    sqlite3_bind_int(st, 18, e->quad);
    sqlite3_bind_double(st, 19, e->goldstein);
    bind_text(st, 20, e->plover);
    bind_text(st, 21, dl_mode_name(e->mode));
    bind_span(st, 22, doc->body + tr->start, tr->end - tr->start);
    if (e->place >= 0 && (size_t)e->place < doc->n_mentions) {
      const dl_mention *pl = &doc->mentions[e->place];
      if (pl->entity) bind_text(st, 23, pl->entity);
      else bind_span(st, 23, doc->body + pl->start, pl->end - pl->start);
      bind_text(st, 24, pl->country[0] ? pl->country : NULL);
      bool have = pl->lat != 0 || pl->lon != 0;
      bind_coord(st, 25, pl->lat, have);
      bind_coord(st, 26, pl->lon, have);
    }
    int rc = run(s, st, err, "cannot store an event");
    if (rc) return rc;
  }
  return DL_OK;
}

static int add_quotes(dl_store *s, const dl_doc *doc, sqlite3_int64 docid, dl_err *err) {
  sqlite3_stmt *st = s->st[ST_QUOTE];
  for (size_t i = 0; i < doc->n_qrecs; i++) {
    const dl_quote *q = &doc->qrecs[i];
    const dl_quote_span *qs = &doc->quotes[q->span];
    sqlite3_bind_int64(st, 1, docid);
    sqlite3_bind_int(st, 2, (int)qs->sent_begin + 1);
    sqlite3_bind_int(st, 3, (int)(qs->sent_end > qs->sent_begin ? qs->sent_end : qs->sent_begin + 1));
    if (q->speaker >= 0 && (size_t)q->speaker < doc->n_mentions) {
      const dl_mention *m = &doc->mentions[q->speaker];
      bind_span(st, 4, doc->body + m->start, m->end - m->start);
      bind_text(st, 5, m->entity);
      bind_text(st, 6, m->code);
    }
    bind_span(st, 7, doc->body + qs->inner_start, qs->inner_end - qs->inner_start);
    bind_text(st, 8, qs->kind == DL_QUOTE_DIRECT ? "direct" : "partial");
    int rc = run(s, st, err, "cannot store a quotation");
    if (rc) return rc;
  }
  return DL_OK;
}

static int add_mentions(dl_store *s, const dl_doc *doc, sqlite3_int64 docid, dl_err *err) {
  static const char *const kinds[] = {"person", "organisation", "country", "place"};
  sqlite3_stmt *st = s->st[ST_MENTION];
  for (size_t i = 0; i < doc->n_mentions; i++) {
    const dl_mention *m = &doc->mentions[i];
    sqlite3_bind_int64(st, 1, docid);
    sqlite3_bind_int(st, 2, (int)i + 1);
    sqlite3_bind_int(st, 3, (int)m->sent + 1);
    bind_text(st, 4, m->kind < 4 ? kinds[m->kind] : "organisation");
    bind_span(st, 5, doc->body + m->start, m->end - m->start);
    bind_text(st, 6, m->entity);
    bind_text(st, 7, m->code);
    bind_text(st, 8, m->country[0] ? m->country : NULL);
    bool have = m->lat != 0 || m->lon != 0;
    bind_coord(st, 9, m->lat, have);
    bind_coord(st, 10, m->lon, have);
    sqlite3_bind_int(st, 11, (int)m->start);
    sqlite3_bind_int(st, 12, (int)m->end);
    int rc = run(s, st, err, "cannot store a mention");
    if (rc) return rc;
  }
  return DL_OK;
}

/* A document failed half-way (the database failed, or memory ran out):
 * the open batch is rolled back, so no document is ever stored in part,
 * and rc is returned with the message saying so. What earlier batches
 * committed stays; running the ingest again codes the rest. (Not a
 * savepoint per document: FTS5 writes its pending index at every
 * savepoint, which would make each document a segment of its own.) */
static int abandon_batch(dl_store *s, int rc, dl_err *err) {
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  s->in_txn = false;
  if (err) {
    size_t n = strlen(err->msg);
    snprintf(err->msg + n, sizeof err->msg - n, " (the open batch was rolled back)");
  }
  return rc == DL_NOMEM ? DL_NOMEM : DL_DB;
}

int dl_store_add(dl_store *s, const dl_doc *doc, int *added, dl_err *err) {
  if (added) *added = 0;
  if (!s->write) return dl_err_set(err, DL_MISUSE, "%s: opened for reading", s->path);
  int rc;
  if (!s->in_txn) {
    if ((rc = exec(s, "BEGIN IMMEDIATE", err, "cannot start a batch"))) return rc;
    s->in_txn = true;
    time_t t = time(NULL);
    struct tm tm;
    strftime(s->now, sizeof s->now, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
  }
  const dl_meta *m = &doc->meta;
  sqlite3_stmt *st = s->st[ST_DOC];
  sqlite3_bind_int64(st, 1, (sqlite3_int64)dl_doc_hash(doc));
  bind_text(st, 2, m->id);
  bind_text(st, 3, m->title);
  bind_text(st, 4, m->published);
  bind_text(st, 5, m->updated);
  bind_text(st, 6, m->ref_date);
  bind_text(st, 7, dl_date_source_name(m->date_source));
  bind_text(st, 8, m->byline);
  bind_text(st, 9, m->dateline);
  bind_text(st, 10, m->source);
  bind_text(st, 11, m->url);
  sqlite3_bind_int64(st, 12, (sqlite3_int64)doc->n_sents);
  bind_text(st, 13, s->now);
  rc = run(s, st, err, "cannot store a document");
  if (rc == DL_OK && sqlite3_changes(s->db) == 0) return DL_OK; /* stored before */
  if (rc) return abandon_batch(s, rc, err);
  sqlite3_int64 docid = sqlite3_last_insert_rowid(s->db);
  sqlite3_int64 *sent_ids = calloc(doc->n_sents + 1, sizeof *sent_ids);
  if (!sent_ids) rc = dl_err_set(err, DL_NOMEM, "out of memory");
  st = s->st[ST_SENT];
  for (size_t i = 0; rc == DL_OK && i < doc->n_sents; i++) {
    const dl_sentence *se = &doc->sents[i];
    sqlite3_bind_int64(st, 1, docid);
    sqlite3_bind_int(st, 2, (int)i + 1);
    sqlite3_bind_int(st, 3, (int)se->para + 1);
    bind_span(st, 4, doc->body + se->start, se->end - se->start);
    rc = run(s, st, err, "cannot store a sentence");
    sent_ids[i] = sqlite3_last_insert_rowid(s->db);
    if (rc == DL_OK && s->fts) {
      sqlite3_stmt *fs = s->st[ST_FTS];
      sqlite3_bind_int64(fs, 1, sent_ids[i]);
      bind_span(fs, 2, doc->body + se->start, se->end - se->start);
      rc = run(s, fs, err, "cannot index a sentence");
    }
  }
  if (rc == DL_OK) rc = add_events(s, doc, docid, sent_ids, err);
  if (rc == DL_OK) rc = add_quotes(s, doc, docid, err);
  if (rc == DL_OK) rc = add_mentions(s, doc, docid, err);
  free(sent_ids);
  if (rc) return abandon_batch(s, rc, err);
  if (added) *added = 1;
  return DL_OK;
}

int dl_store_commit(dl_store *s, dl_err *err) {
  if (!s->in_txn) return DL_OK;
  s->in_txn = false;
  if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    int rc = st_db_error(s, err, "cannot commit a batch");
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
  }
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
