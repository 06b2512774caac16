/*
 * pubdate.c -- dates in metadata: "Posted" lines, JSONL date fields,
 * PETRARCH date attributes.
 *
 * This is not the temporal normaliser (src/time/ resolves expressions in
 * running text against a reference date); it only reads the absolute,
 * full dates that sites and crawlers write about an article. It scans the
 * string as words and numbers and accepts, in order of trial at each word:
 *
 *   YYYY-MM-DD[(T| )HH:MM[:SS][Z|+hh:mm]]     ISO, crawler fields
 *   YYYYMMDD                                  PETRARCH attributes
 *   Month[.] DD[,] YYYY [[|,] HH:MM [AM|PM]]   "December. 03, 2018 08:10"
 *   DD Month[,] YYYY [HH:MM]                  "12 March 2020"
 *   YYYY.MM.DD / YYYY/MM/DD                   Asian sites
 *   MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY         numeric; the other reading
 *                                             of an ambiguous one in alt
 *
 * A time of day after the date is taken; failing that, one before it
 * ("Published 5:52 PM EDT, June 24, 2019").
 * A date must be valid on the calendar; a time must be 00:00-23:59.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "read/read_internal.h"

static const char *const months[12][3] = {
    {"january", "jan", NULL},  {"february", "feb", NULL},
    {"march", "mar", NULL},    {"april", "apr", NULL},
    {"may", NULL, NULL},       {"june", "jun", NULL},
    {"july", "jul", NULL},     {"august", "aug", NULL},
    {"september", "sep", "sept"}, {"october", "oct", NULL},
    {"november", "nov", NULL}, {"december", "dec", NULL}};

int dl_read_month(const char *s, size_t n) {
  if (n > 0 && s[n - 1] == '.') n--;
  if (n < 3 || n > 9) return 0;
  char low[10];
  for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)s[i]);
  for (int m = 0; m < 12; m++)
    for (int k = 0; k < 3 && months[m][k]; k++)
      if (strlen(months[m][k]) == n && !memcmp(low, months[m][k], n)) return m + 1;
  return 0;
}

static bool valid_date(int y, int m, int d) {
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  if (d > mdays[m - 1]) return false;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return false;
  return true;
}

/* Reads up to max digits at s[*i]; returns the count read, value in *v. */
static int digits(const char *s, size_t n, size_t *i, int max, int *v) {
  int k = 0, val = 0;
  while (*i < n && k < max && isdigit((unsigned char)s[*i])) {
    val = val * 10 + (s[*i] - '0');
    (*i)++;
    k++;
  }
  *v = val;
  return k;
}

static void skip_space(const char *s, size_t n, size_t *i) {
  while (*i < n && (s[*i] == ' ' || s[*i] == '\t')) (*i)++;
}

/* A time after a date: optional separators (, | - at), HH:MM[:SS] [AM|PM].
 * Returns true and sets h, mi when found; advances *i past it. */
static bool read_time(const char *s, size_t n, size_t *i, int *h, int *mi) {
  size_t j = *i;
  for (int guard = 0; guard < 6 && j < n; guard++) {
    if (s[j] == ' ' || s[j] == ',' || s[j] == '|' || s[j] == '-' ||
        s[j] == 'T' || s[j] == '\t')
      j++;
    else if (n - j >= 3 && !strncmp(s + j, "at ", 3))
      j += 3;
    else
      break;
  }
  int hh, mm, ss;
  if (digits(s, n, &j, 2, &hh) == 0 || j >= n || s[j] != ':') return false;
  j++;
  if (digits(s, n, &j, 2, &mm) != 2) return false;
  if (j < n && s[j] == ':') {
    j++;
    digits(s, n, &j, 2, &ss);
  }
  if (j < n && s[j] == '.') { /* fractional seconds */
    j++;
    while (j < n && isdigit((unsigned char)s[j])) j++;
  }
  size_t k = j;
  skip_space(s, n, &k);
  if (n - k >= 2 && (s[k] == 'A' || s[k] == 'a' || s[k] == 'P' || s[k] == 'p') &&
      (s[k + 1] == 'M' || s[k + 1] == 'm' || s[k + 1] == '.')) {
    bool pm = s[k] == 'P' || s[k] == 'p';
    if (hh < 1 || hh > 12) return false;
    if (pm && hh != 12) hh += 12;
    if (!pm && hh == 12) hh = 0;
    j = k + 2;
    if (j < n && s[j] == '.') j++;
    if (j < n && (s[j] == 'M' || s[j] == 'm')) j++;
    if (j < n && s[j] == '.') j++;
  }
  if (hh > 23 || mm > 59) return false;
  *h = hh;
  *mi = mm;
  *i = j;
  return true;
}

static bool word_start(const char *s, size_t i) {
  return i == 0 || !isalnum((unsigned char)s[i - 1]);
}

/* A time of day anywhere in s[0..lim), for dates that follow their time. */
static bool time_before(const char *s, size_t lim, int *h, int *mi) {
  for (size_t at = 0; at < lim; at++) {
    if (!isdigit((unsigned char)s[at]) || (at > 0 && isalnum((unsigned char)s[at - 1])))
      continue;
    size_t j = at;
    if (read_time(s, lim, &j, h, mi)) return true;
  }
  return false;
}

static bool finish(const char *s, size_t n, size_t at, size_t i, int y, int m, int d,
                   dl_isodate *out, size_t *end_off) {
  if (!valid_date(y, m, d)) return false;
  int h, mi;
  size_t j = i;
  out->alt[0] = '\0';
  if (read_time(s, n, &j, &h, &mi)) {
    snprintf(out->s, sizeof out->s, "%04d-%02d-%02dT%02d:%02d", y, m, d, h, mi);
    i = j;
  } else if (time_before(s, at, &h, &mi)) {
    snprintf(out->s, sizeof out->s, "%04d-%02d-%02dT%02d:%02d", y, m, d, h, mi);
  } else {
    snprintf(out->s, sizeof out->s, "%04d-%02d-%02d", y, m, d);
  }
  if (end_off) *end_off = i;
  return true;
}

bool dl_read_find_date(const char *s, size_t n, dl_isodate *out, size_t *end_off) {
  for (size_t at = 0; at < n; at++) {
    if (!word_start(s, at)) continue;
    size_t i = at;
    int y, m, d;
    if (isdigit((unsigned char)s[i])) {
      int k = digits(s, n, &i, 8, &y);
      if (k == 8 && (i >= n || !isalnum((unsigned char)s[i]))) { /* YYYYMMDD */
        int v = y;
        if (finish(s, n, at, i, v / 10000, v / 100 % 100, v % 100, out, end_off)) return true;
        continue;
      }
      if (k == 4 && i < n && (s[i] == '-' || s[i] == '.' || s[i] == '/')) {
        char sep = s[i++];
        if (digits(s, n, &i, 2, &m) == 0 || i >= n || s[i] != sep) continue;
        i++;
        if (digits(s, n, &i, 2, &d) == 0) continue;
        if (i < n && isdigit((unsigned char)s[i])) continue;
        if (finish(s, n, at, i, y, m, d, out, end_off)) return true;
        continue;
      }
      if (k >= 1 && k <= 2 && i + 1 < n && (s[i] == '/' || s[i] == '.' || s[i] == '-') &&
          isdigit((unsigned char)s[i + 1])) { /* numeric, year last */
        char sep = s[i];
        int a = y, b;
        size_t j = i + 1;
        if (digits(s, n, &j, 2, &b) == 0 || j >= n || s[j] != sep) continue;
        j++;
        if (digits(s, n, &j, 4, &y) != 4 || (j < n && isdigit((unsigned char)s[j]))) continue;
        bool dmy_first = sep == '.' || a > 12; /* dots are European */
        int m1 = dmy_first ? b : a, d1 = dmy_first ? a : b;
        if (!finish(s, n, at, j, y, m1, d1, out, end_off)) continue;
        if (!dmy_first && b <= 12 && a != b && valid_date(y, b, a)) {
          dl_isodate o2;
          if (finish(s, n, at, j, y, b, a, &o2, NULL)) memcpy(out->alt, o2.s, sizeof o2.s);
        }
        return true;
      }
      if (k >= 1 && k <= 2) { /* DD Month YYYY */
        d = y;
        if (i < n && s[i] == '.') i++; /* 12. March */
        skip_space(s, n, &i);
        size_t w = i;
        while (i < n && isalpha((unsigned char)s[i])) i++;
        if (i < n && s[i] == '.') i++;
        if (!(m = dl_read_month(s + w, i - w))) continue;
        if (i < n && s[i] == ',') i++;
        skip_space(s, n, &i);
        if (digits(s, n, &i, 4, &y) != 4) continue;
        if (finish(s, n, at, i, y, m, d, out, end_off)) return true;
      }
      continue;
    }
    if (isalpha((unsigned char)s[i])) { /* Month[.] DD[,] YYYY */
      size_t w = i;
      while (i < n && isalpha((unsigned char)s[i])) i++;
      if (i < n && s[i] == '.') i++;
      if (!(m = dl_read_month(s + w, i - w))) continue;
      skip_space(s, n, &i);
      if (digits(s, n, &i, 2, &d) == 0) continue;
      if (n - i >= 2 && (!strncmp(s + i, "st", 2) || !strncmp(s + i, "nd", 2) ||
                         !strncmp(s + i, "rd", 2) || !strncmp(s + i, "th", 2)))
        i += 2;
      if (i < n && s[i] == ',') i++;
      skip_space(s, n, &i);
      if (digits(s, n, &i, 4, &y) != 4) continue;
      if (finish(s, n, at, i, y, m, d, out, end_off)) return true;
    }
  }
  return false;
}
