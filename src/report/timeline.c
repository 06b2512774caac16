/*
 * timeline.c -- a dated, readable timeline of stored events for a
 * terminal:
 *
 *   2019-02-19  KORGOV -> USAGOV  03    Express intent to cooperate   01-herald-hanoi:12
 *               President Moon Jae-in and Trump had agreed in a phone call on ...
 *               > Kim Eui-kyeom (KORGOV): "..."
 *
 * One block per event (the same event from several documents once, with
 * "N reports"); the date is written when it changes; a mode other than
 * asserted is shown after the code's name; the sentence is cut to one
 * line; the quotations within one sentence of the event's follow it,
 * each quotation only once in the whole timeline.
 */
#include <stdio.h>
#include <string.h>

#include "report/report_internal.h"

enum { TL_TEXT = 86, TL_QUOTE = 82, TL_QUOTES_PER_EVENT = 2 };

typedef struct tl_ctx {
  dl_store *store;
  FILE *fp;
  dl_buf b;
  char last_date[64];
  int64_t *shown; /* ids of the quotations already written */
  size_t n_shown, cap_shown;
  int quotes_here;
  long events, reports;
  bool failed;
  dl_err *err;
} tl_ctx;

static bool quote_shown(tl_ctx *c, int64_t id) {
  for (size_t i = 0; i < c->n_shown; i++)
    if (c->shown[i] == id) return true;
  if (c->n_shown == c->cap_shown) {
    size_t cap = c->cap_shown ? c->cap_shown * 2 : 64;
    int64_t *p = realloc(c->shown, cap * sizeof *p);
    if (!p) return true; /* out of memory: show no more quotes */
    c->shown = p;
    c->cap_shown = cap;
  }
  c->shown[c->n_shown++] = id;
  return false;
}

static void put_cut(dl_buf *b, const char *s, size_t max) {
  bool cut;
  size_t n = rp_cut(s, max, &cut);
  for (size_t i = 0; i < n; i++) dl_buf_put(b, s[i] == '\n' || s[i] == '\t' ? " " : s + i, 1);
  if (cut) dl_buf_puts(b, "...");
}

static int near_quote(void *ctx, const dl_stored_quote *q) {
  tl_ctx *c = ctx;
  if (c->quotes_here >= TL_QUOTES_PER_EVENT || quote_shown(c, q->id)) return DL_OK;
  c->quotes_here++;
  dl_buf_puts(&c->b, "            > ");
  const char *who = q->speaker_entity ? q->speaker_entity : q->speaker;
  if (who) {
    dl_buf_puts(&c->b, who);
    if (q->speaker_code) dl_buf_printf(&c->b, " (%s)", q->speaker_code);
    dl_buf_puts(&c->b, ": ");
  }
  dl_buf_puts(&c->b, "\"");
  /* the line stays within about a hundred columns */
  size_t who_len = who ? strlen(who) + (q->speaker_code ? strlen(q->speaker_code) + 3 : 0) : 0;
  put_cut(&c->b, q->quote ? q->quote : "", who_len + 30 < TL_QUOTE ? TL_QUOTE - who_len : 30);
  dl_buf_puts(&c->b, "\"\n");
  return DL_OK;
}

static int tl_event(void *ctx, const dl_stored_event *ev) {
  tl_ctx *c = ctx;
  dl_buf *b = &c->b;
  char date[64];
  snprintf(date, sizeof date, "%s", ev->date ? ev->date : "(undated)");
  if (c->events) dl_buf_put(b, "\n", 1);
  dl_buf_printf(b, "%-10s  ", strcmp(date, c->last_date) ? date : "");
  snprintf(c->last_date, sizeof c->last_date, "%s", date);
  char what[96];
  snprintf(what, sizeof what, "%s%s%s%s", ev->name ? ev->name : "-",
           strcmp(ev->mode ? ev->mode : "", "asserted") ? " (" : "",
           strcmp(ev->mode ? ev->mode : "", "asserted") ? ev->mode : "",
           strcmp(ev->mode ? ev->mode : "", "asserted") ? ")" : "");
  dl_buf_printf(b, "%-8s -> %-8s %-5s %-40s ", ev->source.code ? ev->source.code : "-",
                ev->target.code ? ev->target.code : "-", ev->cameo ? ev->cameo : "-", what);
  if (ev->documents > 1)
    dl_buf_printf(b, "%d reports in %d documents: %s\n", ev->reports, ev->documents,
                  ev->docs ? ev->docs : "");
  else if (ev->reports > 1)
    dl_buf_printf(b, "%s:%d (%d reports)\n", ev->doc ? ev->doc : "-", ev->sentence, ev->reports);
  else
    dl_buf_printf(b, "%s:%d\n", ev->doc ? ev->doc : "-", ev->sentence);
  if (ev->text) {
    dl_buf_puts(b, "            ");
    put_cut(b, ev->text, TL_TEXT);
    dl_buf_put(b, "\n", 1);
  }
  c->quotes_here = 0;
  int rc = dl_store_quotes_near(c->store, ev->doc_rowid, ev->sentence, 1, near_quote, c, c->err);
  c->events++;
  c->reports += ev->reports;
  if (b->oom) return dl_err_set(c->err, DL_NOMEM, "out of memory");
  if (b->n && fwrite(b->s, 1, b->n, c->fp) != b->n) c->failed = true;
  dl_buf_reset(b);
  if (c->failed) return dl_err_set(c->err, DL_IO, "write error on output");
  return rc;
}

int dl_report_timeline(dl_store *s, const dl_filter *f, FILE *fp, dl_err *err) {
  dl_filter none = {0};
  if (!f) f = &none;
  tl_ctx c;
  memset(&c, 0, sizeof c);
  c.store = s;
  c.fp = fp;
  c.err = err;
  int rc = dl_store_events(s, f, tl_event, &c, err);
  if (rc == DL_OK) {
    dl_buf_puts(&c.b, c.events ? "\n" : "");
    dl_buf_printf(&c.b, "%ld event%s (%ld report%s): ", c.events, c.events == 1 ? "" : "s",
                  c.reports, c.reports == 1 ? "" : "s");
    rp_describe(&c.b, f);
    dl_buf_put(&c.b, "\n", 1);
    if (c.b.n && fwrite(c.b.s, 1, c.b.n, fp) != c.b.n) c.failed = true;
    if (fflush(fp) != 0) c.failed = true;
    if (c.failed) rc = dl_err_set(err, DL_IO, "write error on output");
  }
  dl_buf_free(&c.b);
  free(c.shown);
  return rc;
}
