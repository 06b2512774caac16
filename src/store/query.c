/*
 * query.c -- reading the store: events and quotations selected by a
 * dl_filter, with the same event from several documents merged into one.
 *
 * A query is built as SQL text from fixed fragments, one per filter field,
 * each with `?` placeholders; the values go in only through
 * sqlite3_bind_text, so no filter value is ever parsed as SQL. The text
 * filter becomes an FTS5 query of quoted terms (so FTS syntax in the value
 * is only ever words) that narrows the sentences through the index, and
 * LIKE patterns with %, _ and \ escaped that keep each word whole (alone
 * when the store has no FTS5).
 *
 * Merging: rows come ordered by (day, date, source, target, code, id), so
 * the records of one (date, source, target, code) are adjacent; the first
 * one stands for the event and the others add their document, source and
 * URL to its lists. An undated record is never merged.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "out/json.h"
#include "store/store_internal.h"

/* ------------------------------------------------------------ dates */

static long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long yy = (long)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yy + (*m <= 2));
}

static bool digits(const char *s, int n) {
  for (int i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i])) return false;
  return true;
}

bool st_first_day(const char *v, char out[11], char *prec) {
  if (!v || !digits(v, 4)) return false;
  int y = atoi(v), m = 1, d = 1;
  char p = 'Y';
  if (v[4] == '-' && digits(v + 5, 2)) {
    m = (v[5] - '0') * 10 + (v[6] - '0');
    p = 'M';
    if (v[7] == '-' && digits(v + 8, 2)) {
      d = (v[8] - '0') * 10 + (v[9] - '0');
      p = v[10] == 'T' ? 'T' : 'D';
    }
  } else if (v[4] == '-' && v[5] == 'W' && digits(v + 6, 2)) {
    /* ISO week: week 1 holds January 4th; weeks start on Monday. */
    int w = (v[6] - '0') * 10 + (v[7] - '0');
    long jan4 = days_from_civil(y, 1, 4);
    long wd = ((jan4 % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday: Monday = 0 */
    civil_from_days(jan4 - wd + (w - 1) * 7L, &y, &m, &d);
    p = 'W';
  } else if (v[4] == '-' && v[5] == 'Q' && v[6] >= '1' && v[6] <= '4') {
    m = (v[6] - '1') * 3 + 1;
    p = 'Q';
  } else if (v[4] == '-' && v[5] == 'H' && (v[6] == '1' || v[6] == '2')) {
    m = v[6] == '1' ? 1 : 7;
    p = 'Q';
  } else if (v[4] == '-' && isupper((unsigned char)v[5]) && isupper((unsigned char)v[6])) {
    static const char seasons[] = "SPSUFAWI"; /* spring summer fall winter */
    const char *at = strstr(seasons, (char[]){v[5], v[6], 0});
    if (at && (at - seasons) % 2 == 0) {
      m = 3 + (int)(at - seasons) / 2 * 3;
      p = 'Q';
    }
  }
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1) return false;
  char tmp[48];
  snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, d);
  memcpy(out, tmp, 10);
  out[10] = '\0';
  *prec = p;
  return true;
}

bool st_valid_filter_date(const char *s) {
  size_t n = strlen(s);
  if (n != 4 && n != 7 && n != 10) return false;
  if (!digits(s, 4)) return false;
  if (n >= 7 && (s[4] != '-' || !digits(s + 5, 2) || s[5] > '1')) return false;
  if (n == 10 && (s[7] != '-' || !digits(s + 8, 2) || s[8] > '3')) return false;
  return true;
}

/* ----------------------------------------------------- query builder */

/* SQL text and the values of its placeholders, in order. Values are
 * borrowed from the filter, or owned (patterns made here). */
typedef struct qbuild {
  dl_buf sql;
  const char *vals[256];
  char *owned[64];
  int nvals, nowned;
  bool overflow;
} qbuild;

static void q_sql(qbuild *q, const char *s) { dl_buf_puts(&q->sql, s); }

static void q_val(qbuild *q, const char *v) {
  if (q->nvals == 256) {
    q->overflow = true;
    return;
  }
  q->vals[q->nvals++] = v;
}

static const char *q_own(qbuild *q, char *s) {
  if (!s || q->nowned == 64) {
    free(s);
    q->overflow = true;
    return "";
  }
  q->owned[q->nowned++] = s;
  return s;
}

static void q_free(qbuild *q) {
  dl_buf_free(&q->sql);
  for (int i = 0; i < q->nowned; i++) free(q->owned[i]);
}

/* An actor value against one side: its code by prefix, or its entity by
 * name. The prefix test is a range so the index serves it. */
static void q_actor(qbuild *q, const char *side, const char *v) {
  dl_buf_printf(&q->sql,
                "(e.%s >= ? AND e.%s < (? || '~') OR e.%s_entity = ? COLLATE NOCASE)", side,
                side, side);
  q_val(q, v);
  q_val(q, v);
  q_val(q, v);
}

/* A LIKE pattern matching v anywhere, with its wildcards escaped. */
static char *like_pattern(const char *v, size_t n) {
  char *p = malloc(2 * n + 3), *o = p;
  if (!p) return NULL;
  *o++ = '%';
  for (size_t i = 0; i < n; i++) {
    if (v[i] == '%' || v[i] == '_' || v[i] == '\\') *o++ = '\\';
    *o++ = v[i];
  }
  *o++ = '%';
  *o = '\0';
  return p;
}

/* A speaker condition (" AND (...)"): the code by prefix, or the words in
 * the entity's name or in the mention (any case: "Pompeo" finds what
 * Mike Pompeo did also where the text says "he"); the columns on alias
 * t: quotes' speaker, or events' source. */
static void q_speaker(qbuild *q, const char *code, const char *entity, const char *words,
                      const char *v) {
  dl_buf_printf(&q->sql,
                " AND (%s >= ? AND %s < (? || '~') OR %s LIKE ? ESCAPE '\\'"
                " OR %s LIKE ? ESCAPE '\\')",
                code, code, entity, words);
  q_val(q, v);
  q_val(q, v);
  const char *pat = q_own(q, like_pattern(v, strlen(v)));
  q_val(q, pat);
  q_val(q, pat);
}

/* The words of a text filter: runs of anything but spaces. */
static bool next_word(const char **s, const char **w, size_t *n) {
  const char *p = *s;
  while (*p && isspace((unsigned char)*p)) p++;
  if (!*p) return false;
  *w = p;
  while (*p && !isspace((unsigned char)*p)) p++;
  *n = (size_t)(p - *w);
  *s = p;
  return true;
}

/* An FTS5 query for the words of v: the index keeps no positions
 * (detail=none), so each word is split where the tokenizer splits it (at
 * anything but letters and digits) and every piece is a quoted term; the
 * LIKE test that follows keeps the words whole. NULL when nothing is left. */
static char *fts_query(const char *v) {
  size_t len = strlen(v);
  char *out = malloc(3 * len + 8), *o = out;
  if (!out) return NULL;
  bool in = false;
  for (const char *p = v;; p++) {
    unsigned char c = (unsigned char)*p;
    bool word = c && (isalnum(c) || c >= 0x80);
    if (word && !in) {
      if (o != out) *o++ = ' ';
      *o++ = '"';
    } else if (!word && in) {
      *o++ = '"';
    }
    if (word) *o++ = (char)c; /* no '"' can be inside: it is not a word byte */
    in = word;
    if (!c) break;
  }
  *o = '\0';
  if (o == out) {
    free(out);
    return NULL;
  }
  return out;
}

/* Text filter on a column: every word must occur. */
static void q_like_words(qbuild *q, const char *col, const char *v) {
  const char *w;
  size_t n;
  while (next_word(&v, &w, &n)) {
    dl_buf_printf(&q->sql, " AND %s LIKE ? ESCAPE '\\'", col);
    q_val(q, q_own(q, like_pattern(w, n)));
  }
}

static bool has_event_filter(const dl_filter *f) {
  return f->source || f->target || f->dyad_a || f->actor || f->root || f->code || f->mode;
}

/* The event conditions (" AND ..."), on alias e. */
static void q_event_where(qbuild *q, const dl_filter *f, bool dates) {
  if (f->source) q_sql(q, " AND "), q_actor(q, "source", f->source);
  if (f->target) q_sql(q, " AND "), q_actor(q, "target", f->target);
  if (f->actor) {
    q_sql(q, " AND (");
    q_actor(q, "source", f->actor);
    q_sql(q, " OR ");
    q_actor(q, "target", f->actor);
    q_sql(q, ")");
  }
  if (f->dyad_a && f->dyad_b) {
    q_sql(q, " AND ((");
    q_actor(q, "source", f->dyad_a);
    q_sql(q, " AND ");
    q_actor(q, "target", f->dyad_b);
    q_sql(q, ") OR (");
    q_actor(q, "source", f->dyad_b);
    q_sql(q, " AND ");
    q_actor(q, "target", f->dyad_a);
    q_sql(q, "))");
  }
  if (f->root) { /* the root is the code's first two digits: the code index serves */
    q_sql(q, " AND e.cameo >= ? AND e.cameo < (? || '~') AND e.root = ?");
    q_val(q, f->root);
    q_val(q, f->root);
    q_val(q, f->root);
  }
  if (f->code) {
    q_sql(q, " AND e.cameo >= ? AND e.cameo < (? || '~')");
    q_val(q, f->code);
    q_val(q, f->code);
  }
  if (f->mode) q_sql(q, " AND e.mode = ?"), q_val(q, f->mode);
  if (dates && f->from) q_sql(q, " AND e.day >= ?"), q_val(q, f->from);
  if (dates && f->to) q_sql(q, " AND e.day < (? || '~')"), q_val(q, f->to);
}

static int check_filter(const dl_filter *f, dl_err *err) {
  if (f->from && !st_valid_filter_date(f->from))
    return dl_err_set(err, DL_MISUSE, "from: not a date YYYY, YYYY-MM or YYYY-MM-DD: %s", f->from);
  if (f->to && !st_valid_filter_date(f->to))
    return dl_err_set(err, DL_MISUSE, "to: not a date YYYY, YYYY-MM or YYYY-MM-DD: %s", f->to);
  if ((f->dyad_a == NULL) != (f->dyad_b == NULL))
    return dl_err_set(err, DL_MISUSE, "a dyad needs two actors");
  return DL_OK;
}

/* Prepares q's SQL and binds its values. */
static int q_prepare(dl_store *s, qbuild *q, sqlite3_stmt **st, dl_err *err) {
  *st = NULL;
  if (q->sql.oom) return dl_err_set(err, DL_NOMEM, "out of memory");
  if (q->overflow) return dl_err_set(err, DL_MISUSE, "too many filter values");
  if (sqlite3_prepare_v2(s->db, q->sql.s, (int)q->sql.n, st, NULL) != SQLITE_OK)
    return st_db_error(s, err, "cannot prepare a query");
  for (int i = 0; i < q->nvals; i++)
    sqlite3_bind_text(*st, i + 1, q->vals[i], -1, SQLITE_STATIC);
  return DL_OK;
}

/* ------------------------------------------------------------ events */

/* The columns of the event query, in order. */
enum {
  C_ID, C_DOCROW, C_DOC, C_SENT, C_TEXT, C_DATE, C_DAY, C_PREC, C_DATE_TEXT,
  C_SRC, C_SRC_ENT, C_SRC_CTRY, C_SRC_TEXT, C_TGT, C_TGT_ENT, C_TGT_CTRY, C_TGT_TEXT,
  C_CAMEO, C_ROOT, C_NAME, C_QUAD, C_GOLD, C_PLOVER, C_MODE, C_TRIGGER,
  C_PLACE, C_PLACE_CTRY, C_LAT, C_LON, C_TITLE, C_PUB, C_URL, C_DSRC, C_ADMIN1, NCOL
};

static const char event_select[] =
    "SELECT e.id, e.doc, d.doc, e.sentence, s.text, e.date, e.day, e.precision, e.date_text,"
    " e.source, e.source_entity, e.source_country, e.source_text,"
    " e.target, e.target_entity, e.target_country, e.target_text,"
    " e.cameo, e.root, c.name, e.quad, e.goldstein, e.plover, e.mode, e.trigger,"
    " e.place, e.place_country, e.lat, e.lon, d.title, d.published, d.url, d.source,"
    " %s" /* e.place_admin1: NULL in a store of schema version 1 */
    " FROM events e JOIN documents d ON d.id = e.doc"
    " LEFT JOIN sentences s ON s.id = e.sentence_id"
    " LEFT JOIN cameo c ON c.code = e.cameo WHERE 1";

/* One event being merged: the first record's columns (owned) and the
 * lists the others add to. */
typedef struct group {
  bool open;
  char *col[NCOL];
  bool null[NCOL];
  int64_t id, docrow;
  int reports, documents;
  dl_buf docs, sources, urls;
  int64_t *docrows;
  size_t n_docrows, cap_docrows;
} group;

static void group_clear(group *g) {
  for (int i = 0; i < NCOL; i++) {
    free(g->col[i]);
    g->col[i] = NULL;
  }
  dl_buf_reset(&g->docs);
  dl_buf_reset(&g->sources);
  dl_buf_reset(&g->urls);
  g->n_docrows = 0;
  g->reports = g->documents = 0;
  g->open = false;
}

static void group_free(group *g) {
  group_clear(g);
  dl_buf_free(&g->docs);
  dl_buf_free(&g->sources);
  dl_buf_free(&g->urls);
  free(g->docrows);
}

static const char *col_text(sqlite3_stmt *st, int i) {
  return (const char *)sqlite3_column_text(st, i);
}

/* Whether two nullable strings are equal (NULL equals NULL). */
static bool same(const char *a, const char *b) {
  return a == b || (a && b && !strcmp(a, b));
}

/* Whether the row is a report of the open group's event. */
static bool same_event(const group *g, sqlite3_stmt *st) {
  return g->open && g->col[C_DATE] && same(g->col[C_DATE], col_text(st, C_DATE)) &&
         same(g->col[C_SRC], col_text(st, C_SRC)) && same(g->col[C_TGT], col_text(st, C_TGT)) &&
         same(g->col[C_CAMEO], col_text(st, C_CAMEO));
}

/* Adds s to a "; "-separated list unless it is there already. */
static void list_add(dl_buf *b, const char *s, bool distinct) {
  if (!s || !*s) return;
  if (distinct && b->n) {
    size_t n = strlen(s);
    for (const char *p = b->s; p && *p;) {
      const char *sep = strstr(p, "; ");
      size_t m = sep ? (size_t)(sep - p) : strlen(p);
      if (m == n && !memcmp(p, s, n)) return;
      p = sep ? sep + 2 : NULL;
    }
  }
  if (b->n) dl_buf_put(b, "; ", 2);
  dl_buf_puts(b, s);
}

static bool group_add(group *g, sqlite3_stmt *st) {
  if (!g->open) {
    for (int i = 0; i < NCOL; i++) {
      const char *v = col_text(st, i);
      g->null[i] = v == NULL;
      if (v && !(g->col[i] = strdup(v))) return false;
    }
    g->id = sqlite3_column_int64(st, C_ID);
    g->docrow = sqlite3_column_int64(st, C_DOCROW);
    g->open = true;
  }
  g->reports++;
  int64_t dr = sqlite3_column_int64(st, C_DOCROW);
  bool seen = false;
  for (size_t i = 0; i < g->n_docrows && !seen; i++) seen = g->docrows[i] == dr;
  if (!seen) {
    if (g->n_docrows == g->cap_docrows) {
      size_t cap = g->cap_docrows ? g->cap_docrows * 2 : 8;
      int64_t *p = realloc(g->docrows, cap * sizeof *p);
      if (!p) return false;
      g->docrows = p;
      g->cap_docrows = cap;
    }
    g->docrows[g->n_docrows++] = dr;
    g->documents++;
  }
  list_add(&g->docs, col_text(st, C_DOC), true);
  list_add(&g->sources, col_text(st, C_DSRC), true);
  list_add(&g->urls, col_text(st, C_URL), true);
  return !g->docs.oom && !g->sources.oom && !g->urls.oom;
}

static double num(const group *g, int i) { return g->col[i] ? strtod(g->col[i], NULL) : 0; }

static int group_emit(group *g, dl_stored_event_fn fn, void *ctx) {
  dl_stored_event ev;
  memset(&ev, 0, sizeof ev);
  char **c = g->col;
  ev.id = g->id;
  ev.doc_rowid = g->docrow;
  ev.doc = c[C_DOC];
  ev.sentence = c[C_SENT] ? atoi(c[C_SENT]) : 0;
  ev.text = c[C_TEXT];
  ev.date = c[C_DATE];
  ev.day = c[C_DAY];
  ev.precision = c[C_PREC] ? c[C_PREC][0] : 0;
  ev.date_text = c[C_DATE_TEXT];
  ev.source = (dl_stored_actor){c[C_SRC], c[C_SRC_ENT], c[C_SRC_CTRY], c[C_SRC_TEXT]};
  ev.target = (dl_stored_actor){c[C_TGT], c[C_TGT_ENT], c[C_TGT_CTRY], c[C_TGT_TEXT]};
  ev.cameo = c[C_CAMEO];
  ev.root = c[C_ROOT];
  ev.name = c[C_NAME];
  ev.quad = c[C_QUAD] ? atoi(c[C_QUAD]) : 0;
  ev.goldstein = num(g, C_GOLD);
  ev.plover = c[C_PLOVER];
  ev.mode = c[C_MODE];
  ev.trigger = c[C_TRIGGER];
  ev.place = c[C_PLACE];
  ev.place_country = c[C_PLACE_CTRY];
  ev.place_admin1 = c[C_ADMIN1];
  ev.has_coords = c[C_LAT] && c[C_LON];
  ev.lat = num(g, C_LAT);
  ev.lon = num(g, C_LON);
  ev.title = c[C_TITLE];
  ev.published = c[C_PUB];
  ev.url = c[C_URL];
  ev.doc_source = c[C_DSRC];
  ev.reports = g->reports;
  ev.documents = g->documents;
  ev.docs = g->docs.n ? g->docs.s : NULL;
  ev.sources = g->sources.n ? g->sources.s : NULL;
  ev.urls = g->urls.n ? g->urls.s : NULL;
  int rc = fn(ctx, &ev);
  group_clear(g);
  return rc;
}

int dl_store_events(dl_store *s, const dl_filter *f, dl_stored_event_fn fn, void *ctx,
                    dl_err *err) {
  dl_filter none = {0};
  if (!f) f = &none;
  int rc = check_filter(f, err);
  if (rc) return rc;
  qbuild q = {0};
  char select[sizeof event_select + 32];
  snprintf(select, sizeof select, event_select, s->version >= 2 ? "e.place_admin1" : "NULL");
  q_sql(&q, select);
  q_event_where(&q, f, true);
  /* events: what the speaker did, the source matched as a speaker is */
  if (f->speaker) q_speaker(&q, "e.source", "e.source_entity", "e.source_text", f->speaker);
  const char *w;
  size_t wn;
  const char *words = f->text;
  bool any_word = words && next_word(&words, &w, &wn); /* "" or spaces: no filter */
  char *fq = any_word && s->fts ? fts_query(f->text) : NULL;
  if (fq) {
    q_sql(&q, " AND e.sentence_id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)");
    q_val(&q, q_own(&q, fq));
  }
  if (any_word) q_like_words(&q, "s.text", f->text);
  q_sql(&q, " ORDER BY e.day IS NULL, e.day, e.date, e.source, e.target, e.cameo, e.id");
  sqlite3_stmt *st = NULL;
  rc = q_prepare(s, &q, &st, err);
  group g;
  memset(&g, 0, sizeof g);
  int64_t emitted = 0;
  while (rc == DL_OK) {
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE) break;
    if (step != SQLITE_ROW) {
      rc = st_db_error(s, err, "query failed");
      break;
    }
    if (g.open && (f->per_doc || !same_event(&g, st))) {
      if (f->limit && emitted >= f->limit) break;
      rc = group_emit(&g, fn, ctx);
      emitted++;
      if (rc) break;
    }
    if (!group_add(&g, st)) rc = dl_err_set(err, DL_NOMEM, "out of memory");
  }
  if (rc == DL_OK && g.open && !(f->limit && emitted >= f->limit)) rc = group_emit(&g, fn, ctx);
  group_free(&g);
  sqlite3_finalize(st);
  q_free(&q);
  return rc;
}

/* ------------------------------------------------------------ quotes */

static const char quote_select[] =
    "SELECT q.id, q.doc, d.doc, coalesce(substr(d.published, 1, 10), d.ref_date), q.sentence,"
    " q.speaker, q.speaker_entity, q.speaker_code, q.quote, q.kind, d.title, d.source"
    " FROM quotes q JOIN documents d ON d.id = q.doc WHERE 1";

static int quote_rows(dl_store *s, sqlite3_stmt *st, int64_t limit, dl_stored_quote_fn fn,
                      void *ctx, dl_err *err) {
  int64_t n = 0;
  for (;;) {
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE) return DL_OK;
    if (step != SQLITE_ROW) return st_db_error(s, err, "query failed");
    if (limit && n >= limit) return DL_OK;
    dl_stored_quote qr = {
        .id = sqlite3_column_int64(st, 0),
        .doc_rowid = sqlite3_column_int64(st, 1),
        .doc = col_text(st, 2),
        .date = col_text(st, 3),
        .sentence = sqlite3_column_int(st, 4),
        .speaker = col_text(st, 5),
        .speaker_entity = col_text(st, 6),
        .speaker_code = col_text(st, 7),
        .quote = col_text(st, 8),
        .kind = col_text(st, 9),
        .title = col_text(st, 10),
        .doc_source = col_text(st, 11),
    };
    n++;
    int rc = fn(ctx, &qr);
    if (rc) return rc;
  }
}

int dl_store_quotes(dl_store *s, const dl_filter *f, dl_stored_quote_fn fn, void *ctx,
                    dl_err *err) {
  dl_filter none = {0};
  if (!f) f = &none;
  int rc = check_filter(f, err);
  if (rc) return rc;
  qbuild q = {0};
  q_sql(&q, quote_select);
  if (f->speaker) q_speaker(&q, "q.speaker_code", "q.speaker_entity", "q.speaker", f->speaker);
  const char *day = "coalesce(substr(d.published, 1, 10), d.ref_date)";
  if (f->from) dl_buf_printf(&q.sql, " AND %s >= ?", day), q_val(&q, f->from);
  if (f->to) dl_buf_printf(&q.sql, " AND %s < (? || '~')", day), q_val(&q, f->to);
  if (f->text) q_like_words(&q, "q.quote", f->text);
  if (has_event_filter(f)) {
    q_sql(&q, " AND q.doc IN (SELECT e.doc FROM events e WHERE 1");
    q_event_where(&q, f, false);
    q_sql(&q, ")");
  }
  dl_buf_printf(&q.sql, " ORDER BY %s IS NULL, %s, d.id, q.sentence, q.id", day, day);
  sqlite3_stmt *st = NULL;
  rc = q_prepare(s, &q, &st, err);
  if (rc == DL_OK) rc = quote_rows(s, st, f->limit, fn, ctx, err);
  sqlite3_finalize(st);
  q_free(&q);
  return rc;
}

int dl_store_quotes_near(dl_store *s, int64_t doc_rowid, int sentence, int radius,
                         dl_stored_quote_fn fn, void *ctx, dl_err *err) {
  qbuild q = {0};
  q_sql(&q, quote_select);
  q_sql(&q, " AND q.doc = ?1 AND q.sentence_end >= ?2 - ?3 AND q.sentence <= ?2 + ?3"
            " ORDER BY q.sentence, q.id");
  sqlite3_stmt *st = NULL;
  int rc = q_prepare(s, &q, &st, err);
  if (rc == DL_OK) {
    sqlite3_bind_int64(st, 1, doc_rowid);
    sqlite3_bind_int(st, 2, sentence);
    sqlite3_bind_int(st, 3, radius);
    rc = quote_rows(s, st, 0, fn, ctx, err);
  }
  sqlite3_finalize(st);
  q_free(&q);
  return rc;
}
