/*
 * rows.c -- stored events and quotations out as rows: an aligned table
 * for people, CSV (RFC 4180), TSV, JSONL, and Phoenix event data.
 *
 * A row is an array of cells (strings or NULL) under a fixed set of
 * columns; each format writes it its own way:
 *
 *   table    every row buffered, then written with each column as wide as
 *            its widest cell (capped; longer text is cut with "..."), the
 *            last column unpadded
 *   csv      header, cells quoted when they hold , " CR or LF
 *   tsv      header, tabs and line breaks in cells as spaces
 *   jsonl    {"column": value, ...}; numeric columns unquoted, NULL null
 *   phoenix  the 26 Phoenix columns (docs/schema.md), TSV without header
 *
 * Rows go out through one buffer per row and one fwrite, and a failed
 * write is reported once at the end as DL_IO.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "out/json.h"

typedef struct column {
  const char *name;
  char type; /* 's' string, 'n' number */
  int max;   /* widest in a table (0: no limit) */
} column;

typedef struct rows {
  FILE *fp;
  dl_rows_format fmt;
  const column *cols;
  int ncols;
  dl_buf b;
  bool failed, header_done;
  char **cells; /* table: every cell of every row, row-major */
  size_t n_rows, cap_rows;
  bool oom;
  size_t skipped; /* phoenix: events that are no Phoenix rows */
} rows;

int dl_rows_format_parse(const char *name, dl_rows_format *out) {
  static const char *const names[] = {"table", "csv", "tsv", "jsonl", "phoenix"};
  for (int i = 0; i < 5; i++)
    if (!strcmp(name, names[i])) {
      *out = (dl_rows_format)i;
      return DL_OK;
    }
  return DL_MISUSE;
}

/* Code points in the first n bytes of s (a column's width for people). */
static size_t width(const char *s, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
  return w;
}

/* Bytes of s holding its first w code points. */
static size_t prefix_bytes(const char *s, size_t w) {
  size_t i = 0, k = 0;
  for (; s[i]; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) {
      if (k == w) break;
      k++;
    }
  return i;
}

static void flush_row(rows *r) {
  if (r->b.oom) r->failed = true;
  else if (r->b.n && fwrite(r->b.s, 1, r->b.n, r->fp) != r->b.n) r->failed = true;
  dl_buf_reset(&r->b);
}

static void csv_cell(dl_buf *b, const char *v) {
  if (!v) return;
  if (!strpbrk(v, ",\"\r\n")) {
    dl_buf_puts(b, v);
    return;
  }
  dl_buf_put(b, "\"", 1);
  for (const char *p = v; *p; p++) {
    if (*p == '"') dl_buf_put(b, "\"", 1);
    dl_buf_put(b, p, 1);
  }
  dl_buf_put(b, "\"", 1);
}

static void header(rows *r) {
  if (r->header_done || r->fmt == DL_ROWS_PHOENIX || r->fmt == DL_ROWS_JSONL) return;
  r->header_done = true;
  if (r->fmt == DL_ROWS_TABLE) return; /* written with the widths */
  for (int i = 0; i < r->ncols; i++) {
    if (i) dl_buf_put(&r->b, r->fmt == DL_ROWS_CSV ? "," : "\t", 1);
    dl_buf_puts(&r->b, r->cols[i].name);
  }
  dl_buf_put(&r->b, "\n", 1);
  flush_row(r);
}

/* Adds one row; cells[i] may be NULL. */
static void rows_add(rows *r, const char *const *cells) {
  header(r);
  dl_buf *b = &r->b;
  switch (r->fmt) {
  case DL_ROWS_TABLE: {
    if (r->n_rows == r->cap_rows) {
      size_t cap = r->cap_rows ? r->cap_rows * 2 : 64;
      char **p = realloc(r->cells, cap * (size_t)r->ncols * sizeof *p);
      if (!p) {
        r->oom = true;
        return;
      }
      r->cells = p;
      r->cap_rows = cap;
    }
    char **row = r->cells + r->n_rows * (size_t)r->ncols;
    for (int i = 0; i < r->ncols; i++) {
      row[i] = strdup(cells[i] ? cells[i] : "-");
      if (!row[i]) r->oom = true;
      else
        for (char *p = row[i]; *p; p++)
          if (*p == '\n' || *p == '\t' || *p == '\r') *p = ' ';
    }
    r->n_rows++;
    return;
  }
  case DL_ROWS_CSV:
    for (int i = 0; i < r->ncols; i++) {
      if (i) dl_buf_put(b, ",", 1);
      csv_cell(b, cells[i]);
    }
    break;
  case DL_ROWS_TSV:
  case DL_ROWS_PHOENIX:
    for (int i = 0; i < r->ncols; i++) {
      if (i) dl_buf_put(b, "\t", 1);
      if (cells[i]) dl_tsv_str(b, cells[i], strlen(cells[i]));
    }
    break;
  case DL_ROWS_JSONL:
    b->comma = false;
    dl_json_open(b, '{');
    for (int i = 0; i < r->ncols; i++) {
      dl_json_key(b, r->cols[i].name);
      if (cells[i] && r->cols[i].type == 'n') {
        b->comma = true;
        dl_buf_puts(b, cells[i]);
      } else {
        dl_json_cstr(b, cells[i]);
      }
    }
    dl_json_close(b, '}');
    break;
  }
  dl_buf_put(b, "\n", 1);
  flush_row(r);
}

/* Table: widths from the cells, then every row. */
static void write_table(rows *r) {
  if (!r->n_rows || r->oom) return;
  size_t w[64] = {0};
  for (int i = 0; i < r->ncols && i < 64; i++) {
    w[i] = width(r->cols[i].name, strlen(r->cols[i].name));
    for (size_t k = 0; k < r->n_rows; k++) {
      const char *c = r->cells[k * (size_t)r->ncols + (size_t)i];
      size_t cw = width(c, strlen(c));
      if (cw > w[i]) w[i] = cw;
    }
    if (r->cols[i].max && w[i] > (size_t)r->cols[i].max) w[i] = (size_t)r->cols[i].max;
  }
  for (size_t k = 0; k <= r->n_rows; k++) {
    for (int i = 0; i < r->ncols; i++) {
      const char *c = k == 0 ? r->cols[i].name : r->cells[(k - 1) * (size_t)r->ncols + (size_t)i];
      size_t len = strlen(c), cw = width(c, len);
      bool last = i == r->ncols - 1;
      if (cw > w[i]) {
        dl_buf_put(&r->b, c, prefix_bytes(c, w[i] - 3));
        dl_buf_puts(&r->b, "...");
        cw = w[i];
      } else {
        dl_buf_put(&r->b, c, len);
      }
      if (!last)
        for (size_t p = cw; p < w[i] + 2; p++) dl_buf_put(&r->b, " ", 1);
    }
    dl_buf_put(&r->b, "\n", 1);
    flush_row(r);
  }
}

static int rows_finish(rows *r, dl_err *err) {
  if (r->fmt == DL_ROWS_TABLE) write_table(r);
  if (r->cells)
    for (size_t i = 0; i < r->n_rows * (size_t)r->ncols; i++) free(r->cells[i]);
  free(r->cells);
  dl_buf_free(&r->b);
  if (r->oom) return dl_err_set(err, DL_NOMEM, "out of memory");
  if (fflush(r->fp) != 0) r->failed = true;
  if (r->failed) return dl_err_set(err, DL_IO, "write error on output");
  return DL_OK;
}

/* ------------------------------------------------------------ events */

static const column event_cols[] = {
    {"id", 'n', 0},          {"date", 's', 0},         {"day", 's', 0},
    {"source", 's', 0},      {"source_entity", 's', 0}, {"target", 's', 0},
    {"target_entity", 's', 0}, {"cameo", 's', 0},      {"root", 's', 0},
    {"name", 's', 0},        {"quad", 'n', 0},         {"goldstein", 'n', 0},
    {"mode", 's', 0},        {"plover", 's', 0},       {"trigger", 's', 0},
    {"place", 's', 0},       {"place_country", 's', 0}, {"lat", 'n', 0},
    {"lon", 'n', 0},         {"reports", 'n', 0},      {"documents", 'n', 0},
    {"doc", 's', 0},         {"sentence", 'n', 0},     {"text", 's', 0},
    {"sources", 's', 0},     {"urls", 's', 0},         {"docs", 's', 0},
    {"place_admin1", 's', 0},
};

static const column event_table_cols[] = {
    {"date", 's', 10}, {"source", 's', 12}, {"target", 's', 12}, {"code", 's', 5},
    {"event", 's', 28}, {"mode", 's', 12}, {"reports", 's', 7}, {"sentence", 's', 72},
};

/* The Phoenix columns (docs/schema.md). */
static const column phoenix_cols[] = {
    {"EventID", 'n', 0},           {"Date", 's', 0},          {"Year", 'n', 0},
    {"Month", 'n', 0},             {"Day", 'n', 0},           {"SourceActorFull", 's', 0},
    {"SourceActorEntity", 's', 0}, {"SourceActorRole", 's', 0}, {"SourceActorAttribute", 's', 0},
    {"TargetActorFull", 's', 0},   {"TargetActorEntity", 's', 0}, {"TargetActorRole", 's', 0},
    {"TargetActorAttribute", 's', 0}, {"EventCode", 's', 0},  {"EventRootCode", 's', 0},
    {"QuadClass", 'n', 0},         {"GoldsteinScore", 'n', 0}, {"Issues", 's', 0},
    {"Lat", 'n', 0},               {"Lon", 'n', 0},           {"LocationName", 's', 0},
    {"StateName", 's', 0},         {"CountryCode", 's', 0},   {"SentenceID", 's', 0},
    {"URLs", 's', 0},              {"NewsSources", 's', 0},
};

/* Splits a CAMEO actor code into Phoenix's entity, role and attribute:
 * the entity is the first three letters (a country, or IGO/NGO/... with
 * the organisation's three letters after it), the role the next three,
 * the attribute the rest. */
static void split_actor(const char *code, char ent[8], char role[4], char attr[32]) {
  ent[0] = role[0] = attr[0] = '\0';
  if (!code) return;
  size_t n = strlen(code), e = n < 3 ? n : 3;
  static const char *const orgs[] = {"IGO", "NGO", "IMG", "MNC", "NGM"};
  for (int i = 0; i < 5; i++)
    if (n >= 6 && !strncmp(code, orgs[i], 3)) e = 6;
  snprintf(ent, 8, "%.*s", (int)e, code);
  if (n > e) snprintf(role, 4, "%.3s", code + e);
  if (n > e + 3) snprintf(attr, 32, "%s", code + e + 3);
}

typedef struct event_ctx {
  rows r;
} event_ctx;

static int event_row(void *ctx, const dl_stored_event *ev) {
  rows *r = &((event_ctx *)ctx)->r;
  char id[24], quad[8], gold[24], lat[32], lon[32], reports[16], docs[16], sent[16];
  snprintf(id, sizeof id, "%lld", (long long)ev->id);
  snprintf(quad, sizeof quad, "%d", ev->quad);
  snprintf(gold, sizeof gold, "%g", ev->goldstein);
  snprintf(lat, sizeof lat, "%g", ev->lat);
  snprintf(lon, sizeof lon, "%g", ev->lon);
  snprintf(reports, sizeof reports, "%d", ev->reports);
  snprintf(docs, sizeof docs, "%d", ev->documents);
  snprintf(sent, sizeof sent, "%d", ev->sentence);
  const char *clat = ev->has_coords ? lat : NULL, *clon = ev->has_coords ? lon : NULL;
  if (r->fmt == DL_ROWS_PHOENIX) {
    /* Phoenix rows are events that happened, on a day: what is only
     * planned, supposed or negated, or dated to a month or year, stays out
     * (the other formats carry mode and precision) */
    if (!ev->mode || strcmp(ev->mode, "asserted") || !ev->day || strlen(ev->day) != 10 ||
        !(ev->precision == 'D' || ev->precision == 'T')) {
      r->skipped++;
      return DL_OK;
    }
    char date[16] = "", y[8] = "", m[4] = "", d[4] = "", sid[320];
    if (ev->day && strlen(ev->day) == 10) {
      snprintf(date, sizeof date, "%.4s%.2s%.2s", ev->day, ev->day + 5, ev->day + 8);
      snprintf(y, sizeof y, "%.4s", ev->day);
      snprintf(m, sizeof m, "%d", atoi(ev->day + 5));
      snprintf(d, sizeof d, "%d", atoi(ev->day + 8));
    }
    char se[8], sr[4], sa[32], te[8], tr[4], ta[32];
    split_actor(ev->source.code, se, sr, sa);
    split_actor(ev->target.code, te, tr, ta);
    snprintf(sid, sizeof sid, "%s_%d", ev->doc ? ev->doc : "", ev->sentence);
    snprintf(gold, sizeof gold, "%.1f", ev->goldstein); /* Phoenix writes 1.0, -5.0 */
    const char *cells[] = {id, date, y, m, d, ev->source.code, se, sr, sa, ev->target.code, te, tr,
                           ta, ev->cameo, ev->root, quad, gold, NULL, clat, clon, ev->place,
                           ev->place_admin1, ev->place_country, sid, ev->urls, ev->sources};
    rows_add(r, cells);
  } else if (r->fmt == DL_ROWS_TABLE) {
    char date[16];
    snprintf(date, sizeof date, "%.10s", ev->date ? ev->date : "-");
    const char *cells[] = {date, ev->source.code, ev->target.code, ev->cameo,
                           ev->name, ev->mode, reports, ev->text};
    rows_add(r, cells);
  } else {
    const char *cells[] = {id, ev->date, ev->day, ev->source.code, ev->source.entity,
                           ev->target.code, ev->target.entity, ev->cameo, ev->root, ev->name,
                           quad, gold, ev->mode, ev->plover, ev->trigger, ev->place,
                           ev->place_country, clat, clon, reports, docs, ev->doc, sent, ev->text,
                           ev->sources, ev->urls, ev->docs, ev->place_admin1};
    rows_add(r, cells);
  }
  return r->failed ? DL_IO : DL_OK;
}

int dl_write_events(dl_store *s, const dl_filter *f, dl_rows_format fmt, FILE *fp,
                    dl_err *err) {
  event_ctx c;
  memset(&c, 0, sizeof c);
  c.r.fp = fp;
  c.r.fmt = fmt;
  if (fmt == DL_ROWS_PHOENIX) {
    c.r.cols = phoenix_cols;
    c.r.ncols = (int)(sizeof phoenix_cols / sizeof *phoenix_cols);
  } else if (fmt == DL_ROWS_TABLE) {
    c.r.cols = event_table_cols;
    c.r.ncols = (int)(sizeof event_table_cols / sizeof *event_table_cols);
  } else {
    c.r.cols = event_cols;
    c.r.ncols = (int)(sizeof event_cols / sizeof *event_cols);
  }
  header(&c.r);
  int rc = dl_store_events(s, f, event_row, &c, err);
  if (rc == DL_IO) dl_err_set(err, DL_IO, "write error on output");
  int rc2 = rows_finish(&c.r, err);
  return rc ? rc : rc2;
}

/* ------------------------------------------------------------ quotes */

static const column quote_cols[] = {
    {"id", 'n', 0},      {"date", 's', 0},    {"speaker", 's', 0}, {"speaker_entity", 's', 0},
    {"speaker_code", 's', 0}, {"quote", 's', 0}, {"kind", 's', 0}, {"doc", 's', 0},
    {"sentence", 'n', 0}, {"title", 's', 0},  {"source", 's', 0},
};

static const column quote_table_cols[] = {
    {"date", 's', 10}, {"speaker", 's', 24}, {"code", 's', 8}, {"quote", 's', 90},
};

static int quote_row(void *ctx, const dl_stored_quote *q) {
  rows *r = ctx;
  if (r->fmt == DL_ROWS_TABLE) {
    const char *cells[] = {q->date, q->speaker_entity ? q->speaker_entity : q->speaker,
                           q->speaker_code, q->quote};
    rows_add(r, cells);
  } else {
    char id[24], sent[16];
    snprintf(id, sizeof id, "%lld", (long long)q->id);
    snprintf(sent, sizeof sent, "%d", q->sentence);
    const char *cells[] = {id, q->date, q->speaker, q->speaker_entity, q->speaker_code, q->quote,
                           q->kind, q->doc, sent, q->title, q->doc_source};
    rows_add(r, cells);
  }
  return r->failed ? DL_IO : DL_OK;
}

int dl_write_quotes(dl_store *s, const dl_filter *f, dl_rows_format fmt, FILE *fp,
                    dl_err *err) {
  if (fmt == DL_ROWS_PHOENIX)
    return dl_err_set(err, DL_MISUSE, "quotations have no Phoenix format");
  rows r;
  memset(&r, 0, sizeof r);
  r.fp = fp;
  r.fmt = fmt;
  r.cols = fmt == DL_ROWS_TABLE ? quote_table_cols : quote_cols;
  r.ncols = fmt == DL_ROWS_TABLE ? 4 : (int)(sizeof quote_cols / sizeof *quote_cols);
  header(&r);
  int rc = dl_store_quotes(s, f, quote_row, &r, err);
  if (rc == DL_IO) dl_err_set(err, DL_IO, "write error on output");
  int rc2 = rows_finish(&r, err);
  return rc ? rc : rc2;
}
