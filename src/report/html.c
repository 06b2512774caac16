/*
 * html.c -- one self-contained HTML page over the store: no scripts, no
 * network, inline CSS and an inline SVG plot drawn here.
 *
 *   header     title, what was selected, counts
 *   plot       the Goldstein series of the asserted events, per week (per
 *              month or year when the dates span more than three years or
 *              ten years): a bar per bucket for the sum (green above zero,
 *              red below), a dot per bucket for the mean, a <title> on
 *              each bar with the figures
 *   actors     the most active actors: events as source and as target,
 *              mean Goldstein of their events
 *   timeline   date, who, what (code, name, mode, Goldstein), the
 *              sentence with the quotations near it, the reports
 *   quotes     the quotations of the selected events' documents
 *
 * Every string from the store goes through rp_html(). The layout is a
 * single column up to 1100 px; under 700 px the timeline's rows become
 * stacked blocks, so it reads on a phone without sideways scrolling.
 *
 * The events are read once: the callback writes the timeline rows into a
 * buffer and gathers the plot's points and the actors' counts; the page is
 * written when the query is done.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report_internal.h"

enum { HT_MAX_ROWS = 2000, HT_MAX_QUOTES = 300, HT_TOP_ACTORS = 12 };

typedef struct point {
  long day; /* days since 1970-01-01 */
  double goldstein;
} point;

enum { HT_NAMES = 6 };

/* An actor code with the names it was given most often. */
typedef struct actor {
  char code[32];
  char *names[HT_NAMES];
  int name_n[HT_NAMES];
  int as_source, as_target;
  double goldstein;
} actor;

typedef struct ht_ctx {
  dl_store *store;
  dl_err *err;
  dl_buf rows; /* the timeline's <tr> */
  point *pts;
  size_t n_pts, cap_pts;
  size_t unplotted; /* asserted events dated only to a month or year */
  size_t undated;   /* asserted events with no date at all */
  actor *actors;
  size_t n_actors, cap_actors;
  long events, reports, shown;
  int64_t *shown_quotes; /* quotations already under an event */
  size_t n_shown_quotes, cap_shown_quotes;
  bool oom;
} ht_ctx;

static const char css[] =
    ":root{--fg:#1d232b;--muted:#5b6675;--line:#d9dee5;--pos:#2f7d46;--neg:#b73a3a;"
    "--accent:#244f8f;--bg:#f7f8fa}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "color:var(--fg);background:var(--bg)}\n"
    "main{max-width:1100px;margin:0 auto;padding:16px 20px 40px}\n"
    "h1{font-size:1.5rem;margin:.3em 0 .1em}\n"
    "h2{font-size:1.1rem;margin:1.8em 0 .6em;padding-bottom:.25em;border-bottom:1px solid var(--line)}\n"
    ".sub,.src,figcaption{color:var(--muted)}\n"
    ".sub{margin:0}\n"
    "figure{margin:0}\n"
    "svg{display:block;width:100%;height:auto;background:#fff;border:1px solid var(--line);"
    "border-radius:6px}\n"
    "svg text{font-size:11px;fill:var(--muted)}\n"
    ".grid{stroke:var(--line);stroke-width:1}.zero{stroke:#8a96a6;stroke-width:1}\n"
    ".pos{fill:var(--pos)}.neg{fill:var(--neg)}\n"
    ".mean{fill:none;stroke:var(--accent);stroke-width:1.2;stroke-dasharray:3 3}"
    ".dot{fill:var(--accent)}\n"
    "figcaption{font-size:.85rem;margin-top:.4em}\n"
    ".wrap{overflow-x:auto}\n"
    "table{width:100%;border-collapse:collapse;background:#fff}\n"
    "th,td{text-align:left;vertical-align:top;padding:7px 9px;border-bottom:1px solid var(--line)}\n"
    "th{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td.date{white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    ".code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88em}\n"
    ".mode{display:inline-block;font-size:.72rem;padding:0 7px;border-radius:9px;"
    "background:#eef1f5;color:var(--muted)}\n"
    ".gpos{color:var(--pos)}.gneg{color:var(--neg)}\n"
    ".src{font-size:.82rem}\n"
    "blockquote{margin:.45em 0 0;padding-left:.7em;border-left:3px solid var(--line);"
    "font-size:.92em}\n"
    "ul.quotes{list-style:none;padding:0;margin:0}\n"
    "ul.quotes li{background:#fff;border:1px solid var(--line);border-radius:6px;"
    "padding:9px 13px;margin:0 0 9px}\n"
    "ul.quotes blockquote{border:0;padding:0;margin:0;font-size:1em}\n"
    "footer{margin-top:2.5em;font-size:.8rem;color:var(--muted)}\n"
    "@media (max-width:700px){\n"
    "main{padding:10px 12px 30px}\n"
    "table.tl thead{display:none}\n"
    "table.tl tr{display:block;padding:8px 0;border-bottom:1px solid var(--line)}\n"
    "table.tl td{display:block;border:0;padding:2px 6px}\n"
    "table.tl td.date{font-weight:600}\n"
    ".hide-s,svg text.odd{display:none}\n"
    "svg text{font-size:21px}\n"
    "}\n";

/* ------------------------------------------------------------ gather */

static void add_point(ht_ctx *c, const dl_stored_event *ev) {
  if (!ev->mode || strcmp(ev->mode, "asserted")) return;
  if (!ev->day) {
    c->undated++;
    return;
  }
  if (!(ev->precision == 'D' || ev->precision == 'T' || ev->precision == 'W')) {
    c->unplotted++;
    return;
  }
  if (c->n_pts == c->cap_pts) {
    size_t cap = c->cap_pts ? c->cap_pts * 2 : 256;
    point *p = realloc(c->pts, cap * sizeof *p);
    if (!p) {
      c->oom = true;
      return;
    }
    c->pts = p;
    c->cap_pts = cap;
  }
  c->pts[c->n_pts++] = (point){rp_days(ev->day), ev->goldstein};
}

static void add_actor(ht_ctx *c, const dl_stored_actor *a, bool source, double g) {
  if (!a->code) return;
  size_t i = 0;
  while (i < c->n_actors && strcmp(c->actors[i].code, a->code)) i++;
  if (i == c->n_actors) {
    if (c->n_actors == c->cap_actors) {
      size_t cap = c->cap_actors ? c->cap_actors * 2 : 64;
      actor *p = realloc(c->actors, cap * sizeof *p);
      if (!p) {
        c->oom = true;
        return;
      }
      c->actors = p;
      c->cap_actors = cap;
    }
    actor *n = &c->actors[c->n_actors++];
    memset(n, 0, sizeof *n);
    snprintf(n->code, sizeof n->code, "%s", a->code);
  }
  actor *x = &c->actors[i];
  if (a->entity) {
    int k = 0;
    while (k < HT_NAMES && x->names[k] && strcmp(x->names[k], a->entity)) k++;
    if (k < HT_NAMES && !x->names[k]) x->names[k] = strdup(a->entity);
    if (k < HT_NAMES && x->names[k]) x->name_n[k]++;
  }
  if (source) x->as_source++;
  else x->as_target++;
  x->goldstein += g;
}

static void gold_span(dl_buf *b, double g) {
  dl_buf_printf(b, "<span class=\"%s\">%+.1f</span>", g > 0 ? "gpos" : g < 0 ? "gneg" : "src", g);
}

static void actor_cell(dl_buf *b, const dl_stored_actor *a) {
  if (!a->code) {
    dl_buf_puts(b, "<span class=\"src\">(none)</span>");
    return;
  }
  dl_buf_puts(b, "<span class=\"code\">");
  rp_html(b, a->code);
  dl_buf_puts(b, "</span>");
  const char *name = a->entity ? a->entity : a->text;
  if (name) {
    dl_buf_puts(b, " <span class=\"src\">");
    rp_html(b, name);
    dl_buf_puts(b, "</span>");
  }
}

/* Whether the quotation is under an earlier event (and remembers it). */
static bool quote_seen(ht_ctx *c, int64_t id) {
  for (size_t i = 0; i < c->n_shown_quotes; i++)
    if (c->shown_quotes[i] == id) return true;
  if (c->n_shown_quotes == c->cap_shown_quotes) {
    size_t cap = c->cap_shown_quotes ? c->cap_shown_quotes * 2 : 64;
    int64_t *p = realloc(c->shown_quotes, cap * sizeof *p);
    if (!p) return true;
    c->shown_quotes = p;
    c->cap_shown_quotes = cap;
  }
  c->shown_quotes[c->n_shown_quotes++] = id;
  return false;
}

static int ht_quote(void *ctx, const dl_stored_quote *q) {
  ht_ctx *c = ctx;
  if (quote_seen(c, q->id)) return DL_OK;
  dl_buf *b = &c->rows;
  dl_buf_puts(b, "<blockquote>&ldquo;");
  rp_html(b, q->quote);
  dl_buf_puts(b, "&rdquo;");
  const char *who = q->speaker_entity ? q->speaker_entity : q->speaker;
  if (who) {
    dl_buf_puts(b, " <span class=\"src\">&mdash; ");
    rp_html(b, who);
    dl_buf_puts(b, "</span>");
  }
  dl_buf_puts(b, "</blockquote>");
  return DL_OK;
}

static int ht_event(void *ctx, const dl_stored_event *ev) {
  ht_ctx *c = ctx;
  c->events++;
  c->reports += ev->reports;
  add_point(c, ev);
  add_actor(c, &ev->source, true, ev->goldstein);
  add_actor(c, &ev->target, false, ev->goldstein);
  if (c->shown >= HT_MAX_ROWS) return c->oom ? dl_err_set(c->err, DL_NOMEM, "out of memory") : DL_OK;
  c->shown++;
  dl_buf *b = &c->rows;
  dl_buf_puts(b, "<tr><td class=\"date\">");
  rp_html(b, ev->date ? ev->date : "undated");
  dl_buf_puts(b, "</td><td>");
  actor_cell(b, &ev->source);
  dl_buf_puts(b, " &rarr; ");
  actor_cell(b, &ev->target);
  dl_buf_puts(b, "</td><td><span class=\"code\">");
  rp_html(b, ev->cameo);
  dl_buf_puts(b, "</span> ");
  rp_html(b, ev->name ? ev->name : "");
  dl_buf_puts(b, " ");
  gold_span(b, ev->goldstein);
  if (ev->mode && strcmp(ev->mode, "asserted")) {
    dl_buf_puts(b, " <span class=\"mode\">");
    rp_html(b, ev->mode);
    dl_buf_puts(b, "</span>");
  }
  if (ev->place) {
    dl_buf_puts(b, "<div class=\"src\">at ");
    rp_html(b, ev->place);
    dl_buf_puts(b, "</div>");
  }
  dl_buf_puts(b, "</td><td>");
  rp_html(b, ev->text);
  int rc = dl_store_quotes_near(c->store, ev->doc_rowid, ev->sentence, 1, ht_quote, c, c->err);
  dl_buf_puts(b, "</td><td class=\"src\">");
  if (ev->reports > 1) dl_buf_printf(b, "%d reports: ", ev->reports);
  rp_html(b, ev->reports > 1 ? ev->docs : ev->doc);
  if (ev->reports == 1 && ev->title) {
    dl_buf_puts(b, "<br>");
    rp_html(b, ev->title);
  }
  dl_buf_puts(b, "</td></tr>\n");
  if (c->oom || b->oom) return dl_err_set(c->err, DL_NOMEM, "out of memory");
  return rc;
}

/* -------------------------------------------------------------- plot */

typedef struct bucket {
  double sum;
  int n;
} bucket;

/* A round axis limit at or above v: 1, 2 or 5 times a power of ten. */
static double nice(double v) {
  if (v <= 1) return 1;
  double p = pow(10, floor(log10(v)));
  for (double m = 1; m <= 10; m = m == 1 ? 2 : m == 2 ? 5 : 10)
    if (m * p >= v) return m * p;
  return 10 * p;
}

/* The bucket of a day: 'W' weeks from Monday, 'M' months, 'Y' years. */
static long bucket_of(long day, char unit) {
  /* weeks: day 0 (1970-01-01) was a Thursday, so Mondays are 7k - 3 */
  if (unit == 'W') return (day - ((day % 7 + 7 + 3) % 7) + 3) / 7;
  char s[11];
  rp_day_str(day, s);
  long y = atol(s), m = atol(s + 5);
  return unit == 'M' ? y * 12 + m - 1 : y;
}

static void bucket_label(long k, char unit, char out[16]) {
  if (unit == 'W') {
    rp_day_str(k * 7 - 3, out); /* the week's Monday */
  } else if (unit == 'M') {
    snprintf(out, 16, "%04ld-%02ld", (k / 12) % 10000, k % 12 + 1);
  } else {
    snprintf(out, 16, "%04ld", k % 10000);
  }
}

static void plot(dl_buf *b, const ht_ctx *c) {
  if (!c->n_pts) {
    dl_buf_puts(b, "<p class=\"sub\">No asserted event dated to the day or week to plot.</p>\n");
    return;
  }
  long lo = c->pts[0].day, hi = lo;
  for (size_t i = 0; i < c->n_pts; i++) {
    if (c->pts[i].day < lo) lo = c->pts[i].day;
    if (c->pts[i].day > hi) hi = c->pts[i].day;
  }
  char unit = 'W';
  if (bucket_of(hi, 'W') - bucket_of(lo, 'W') >= 156) unit = 'M';
  if (unit == 'M' && bucket_of(hi, 'M') - bucket_of(lo, 'M') >= 120) unit = 'Y';
  long k0 = bucket_of(lo, unit), nb = bucket_of(hi, unit) - k0 + 1;
  bucket *bk = calloc((size_t)nb, sizeof *bk);
  if (!bk) {
    dl_buf_puts(b, "<p>(out of memory drawing the plot)</p>");
    return;
  }
  for (size_t i = 0; i < c->n_pts; i++) {
    bucket *x = &bk[bucket_of(c->pts[i].day, unit) - k0];
    x->sum += c->pts[i].goldstein;
    x->n++;
  }
  double ymax = 1;
  for (long i = 0; i < nb; i++)
    if (fabs(bk[i].sum) > ymax) ymax = fabs(bk[i].sum);
  ymax = nice(ymax);
  const double W = 800, H = 280, ml = 52, mr = 14, mt = 14, mb = 40;
  const double pw = W - ml - mr, ph = H - mt - mb, y0 = mt + ph / 2, slot = pw / (double)nb;
  const char *unit_name = unit == 'W' ? "week" : unit == 'M' ? "month" : "year";
  dl_buf_printf(b,
                "<figure><svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                "xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"Goldstein score per %s\">\n",
                W, H, unit_name);
  for (int g = -2; g <= 2; g++) {
    double v = ymax * g / 2, y = y0 - v / ymax * ph / 2;
    dl_buf_printf(b, "<line class=\"%s\" x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/>",
                  g ? "grid" : "zero", ml, y, W - mr, y);
    dl_buf_printf(b, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", ml - 6,
                  y + 4, v);
  }
  double bw = slot * 0.78 < 1 ? 1 : slot * 0.78;
  for (long i = 0; i < nb; i++) {
    if (!bk[i].n) continue;
    double v = bk[i].sum, y = y0 - v / ymax * ph / 2, x = ml + slot * (double)i + (slot - bw) / 2;
    double top = v >= 0 ? y : y0, h = fabs(y - y0) < 1 ? 1 : fabs(y - y0);
    char label[16];
    bucket_label(k0 + i, unit, label);
    dl_buf_printf(b,
                  "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
                  "<title>%s %s: %d event%s, sum %+.1f, mean %+.2f</title></rect>\n",
                  v >= 0 ? "pos" : "neg", x, top, bw, h, unit_name, label, bk[i].n,
                  bk[i].n == 1 ? "" : "s", v, v / bk[i].n);
  }
  /* the mean: dots, joined by a dashed line between neighbouring buckets */
  for (long i = 0; i + 1 < nb; i++)
    if (bk[i].n && bk[i + 1].n)
      dl_buf_printf(b, "<line class=\"mean\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                    ml + slot * ((double)i + 0.5), y0 - bk[i].sum / bk[i].n / ymax * ph / 2,
                    ml + slot * ((double)i + 1.5),
                    y0 - bk[i + 1].sum / bk[i + 1].n / ymax * ph / 2);
  for (long i = 0; i < nb; i++)
    if (bk[i].n)
      dl_buf_printf(b, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\"/>",
                    ml + slot * ((double)i + 0.5), y0 - bk[i].sum / bk[i].n / ymax * ph / 2);
  /* at most seven labels; every other one is hidden on a phone */
  long step = (nb + 6) / 7;
  for (long i = 0, k = 0; i < nb; i += step, k++) {
    char label[16];
    bucket_label(k0 + i, unit, label);
    dl_buf_printf(b, "\n<text%s x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>",
                  k % 2 ? " class=\"odd\"" : "", ml + slot * ((double)i + 0.5), H - mb + 18,
                  label);
  }
  dl_buf_printf(b, "\n<text class=\"odd\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">%s starting</text>",
                W - mr, H - 6, unit_name);
  dl_buf_printf(b,
                "\n</svg><figcaption>Goldstein scale (&minus;10 conflict to +10 cooperation) of "
                "the %zu asserted events dated to the day or week, per %s: bars show the "
                "sum, dots the mean.",
                c->n_pts, unit_name);
  if (c->unplotted)
    dl_buf_printf(b, " %zu asserted event%s dated only to a month or year %s not plotted.",
                  c->unplotted, c->unplotted == 1 ? "" : "s", c->unplotted == 1 ? "is" : "are");
  if (c->undated)
    dl_buf_printf(b, " %zu asserted event%s with no date %s not plotted.", c->undated,
                  c->undated == 1 ? "" : "s", c->undated == 1 ? "is" : "are");
  dl_buf_puts(b, "</figcaption></figure>\n");
  free(bk);
}

/* ------------------------------------------------------------ actors */

static int cmp_actor(const void *a, const void *b) {
  const actor *x = a, *y = b;
  int nx = x->as_source + x->as_target, ny = y->as_source + y->as_target;
  if (nx != ny) return ny - nx;
  return strcmp(x->code, y->code);
}

static void actors_table(dl_buf *b, ht_ctx *c) {
  if (!c->n_actors) {
    dl_buf_puts(b, "<p class=\"sub\">No coded actors.</p>\n");
    return;
  }
  qsort(c->actors, c->n_actors, sizeof *c->actors, cmp_actor);
  dl_buf_puts(b,
              "<div class=\"wrap\"><table class=\"actors\"><thead><tr><th>Actor</th>"
              "<th class=\"hide-s\">Name</th><th class=\"num\">Source</th>"
              "<th class=\"num\">Target</th><th class=\"num\">Mean Goldstein</th></tr></thead>"
              "<tbody>\n");
  for (size_t i = 0; i < c->n_actors && i < HT_TOP_ACTORS; i++) {
    const actor *a = &c->actors[i];
    int n = a->as_source + a->as_target;
    dl_buf_puts(b, "<tr><td class=\"code\">");
    rp_html(b, a->code);
    dl_buf_puts(b, "</td><td class=\"hide-s\">");
    /* the two names used most, in order */
    int first = -1, second = -1;
    for (int k = 0; k < HT_NAMES && a->names[k]; k++) {
      if (first < 0 || a->name_n[k] > a->name_n[first]) {
        second = first;
        first = k;
      } else if (second < 0 || a->name_n[k] > a->name_n[second]) {
        second = k;
      }
    }
    if (first >= 0) rp_html(b, a->names[first]);
    if (second >= 0) {
      dl_buf_puts(b, ", ");
      rp_html(b, a->names[second]);
    }
    dl_buf_printf(b, "</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">",
                  a->as_source, a->as_target);
    gold_span(b, n ? a->goldstein / n : 0);
    dl_buf_puts(b, "</td></tr>\n");
  }
  dl_buf_puts(b, "</tbody></table></div>\n");
}

/* ------------------------------------------------------------ quotes */

static int list_quote(void *ctx, const dl_stored_quote *q) {
  dl_buf *b = ctx;
  dl_buf_puts(b, "<li><blockquote>&ldquo;");
  rp_html(b, q->quote);
  dl_buf_puts(b, "&rdquo;</blockquote><div class=\"src\">");
  const char *who = q->speaker_entity ? q->speaker_entity : q->speaker;
  rp_html(b, who ? who : "unattributed");
  if (q->speaker_code) {
    dl_buf_puts(b, " (<span class=\"code\">");
    rp_html(b, q->speaker_code);
    dl_buf_puts(b, "</span>)");
  }
  dl_buf_puts(b, " &middot; ");
  rp_html(b, q->date ? q->date : "undated");
  dl_buf_puts(b, " &middot; ");
  rp_html(b, q->title ? q->title : q->doc);
  dl_buf_puts(b, "</div></li>\n");
  return DL_OK;
}

/* -------------------------------------------------------------- page */

int dl_report_html(dl_store *s, const dl_filter *f, const char *title, FILE *fp, dl_err *err) {
  dl_filter none = {0};
  if (!f) f = &none;
  ht_ctx c;
  memset(&c, 0, sizeof c);
  c.store = s;
  c.err = err;
  dl_filter ef = *f;
  ef.limit = 0;
  int rc = dl_store_events(s, &ef, ht_event, &c, err);
  dl_buf page = {0}, quotes = {0};
  if (rc == DL_OK) {
    dl_filter qf = *f;
    qf.limit = HT_MAX_QUOTES;
    rc = dl_store_quotes(s, &qf, list_quote, &quotes, err);
  }
  if (rc == DL_OK) {
    if (!title) title = "Dateline report";
    dl_buf_puts(&page,
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>");
    rp_html(&page, title);
    dl_buf_puts(&page, "</title>\n<style>\n");
    dl_buf_puts(&page, css);
    dl_buf_puts(&page, "</style></head>\n<body><main>\n<header><h1>");
    rp_html(&page, title);
    dl_buf_puts(&page, "</h1><p class=\"sub\">");
    dl_buf desc = {0};
    rp_describe(&desc, f);
    rp_html(&page, desc.s);
    dl_buf_free(&desc);
    dl_buf_printf(&page, " &middot; %ld event%s from %ld report%s</p></header>\n", c.events,
                  c.events == 1 ? "" : "s", c.reports, c.reports == 1 ? "" : "s");
    dl_buf_puts(&page, "<section id=\"plot\"><h2>Cooperation and conflict over time</h2>\n");
    plot(&page, &c);
    dl_buf_puts(&page, "</section>\n<section id=\"actors\"><h2>Most active actors</h2>\n");
    actors_table(&page, &c);
    dl_buf_puts(&page, "</section>\n<section id=\"timeline\"><h2>Timeline</h2>\n");
    if (c.shown < c.events)
      dl_buf_printf(&page, "<p class=\"sub\">The first %ld of %ld events; narrow the selection "
                           "to see the others.</p>\n", c.shown, c.events);
    if (c.events) {
      dl_buf_puts(&page,
                  "<table class=\"tl\"><thead><tr><th>Date</th><th>Who</th><th>What</th>"
                  "<th>Sentence and quotations</th><th>Reported by</th></tr></thead><tbody>\n");
      if (c.rows.n) dl_buf_put(&page, c.rows.s, c.rows.n);
      dl_buf_puts(&page, "</tbody></table>\n");
    } else {
      dl_buf_puts(&page, "<p class=\"sub\">No events selected.</p>\n");
    }
    dl_buf_puts(&page, "</section>\n<section id=\"quotes\"><h2>Quotations</h2>\n");
    if (quotes.n) {
      dl_buf_puts(&page, "<ul class=\"quotes\">\n");
      dl_buf_put(&page, quotes.s, quotes.n);
      dl_buf_puts(&page, "</ul>\n");
    } else {
      dl_buf_puts(&page, "<p class=\"sub\">No quotations.</p>\n");
    }
    dl_buf_puts(&page, "</section>\n<footer>Made by Dateline " DL_VERSION
                       " from its event store. Goldstein weights and CAMEO names from "
                       "the code table.</footer>\n</main></body></html>\n");
    if (page.oom || c.rows.oom || quotes.oom) rc = dl_err_set(err, DL_NOMEM, "out of memory");
    else if (fwrite(page.s, 1, page.n, fp) != page.n || fflush(fp) != 0)
      rc = dl_err_set(err, DL_IO, "write error on output");
  }
  dl_buf_free(&page);
  dl_buf_free(&quotes);
  dl_buf_free(&c.rows);
  for (size_t i = 0; i < c.n_actors; i++)
    for (int k = 0; k < HT_NAMES; k++) free(c.actors[i].names[k]);
  free(c.shown_quotes);
  free(c.actors);
  free(c.pts);
  return rc;
}
