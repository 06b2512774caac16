/*
 * common.c -- small helpers of the reports: HTML escaping, cutting text
 * at a code point, describing a filter, and day arithmetic for the weekly
 * series.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

void rp_html(dl_buf *b, const char *s) {
  if (!s) return;
  const char *run = s;
  for (const char *p = s; *p; p++) {
    const char *rep = NULL;
    switch (*p) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default: continue;
    }
    dl_buf_put(b, run, (size_t)(p - run));
    dl_buf_puts(b, rep);
    run = p + 1;
  }
  dl_buf_puts(b, run);
}

size_t rp_cut(const char *s, size_t max, bool *cut) {
  size_t i = 0, k = 0;
  *cut = false;
  for (; s[i]; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) {
      if (k == max) {
        *cut = true;
        break;
      }
      k++;
    }
  return i;
}

void rp_describe(dl_buf *b, const dl_filter *f) {
  size_t start = b->n;
#define PART(...)                                     \
  do {                                                \
    if (b->n > start) dl_buf_puts(b, ", ");           \
    dl_buf_printf(b, __VA_ARGS__);                    \
  } while (0)
  if (f->dyad_a && f->dyad_b) PART("dyad %s:%s", f->dyad_a, f->dyad_b);
  if (f->source) PART("source %s", f->source);
  if (f->target) PART("target %s", f->target);
  if (f->actor) PART("actor %s", f->actor);
  if (f->root) PART("root %s", f->root);
  if (f->code) PART("code %s", f->code);
  if (f->mode) PART("mode %s", f->mode);
  if (f->from && f->to) PART("%s to %s", f->from, f->to);
  else if (f->from) PART("from %s", f->from);
  else if (f->to) PART("to %s", f->to);
  if (f->text) PART("text \"%s\"", f->text);
  if (f->speaker) PART("speaker %s", f->speaker);
  if (b->n == start) dl_buf_puts(b, "all events");
#undef PART
}

long rp_days(const char *day) {
  long y = atol(day);
  unsigned m = (unsigned)atoi(day + 5), d = (unsigned)atoi(day + 8);
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

void rp_day_str(long z, char out[11]) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = (long)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char tmp[48];
  snprintf(tmp, sizeof tmp, "%04ld-%02u-%02u", y, m, d);
  memcpy(out, tmp, 10);
  out[10] = '\0';
}
