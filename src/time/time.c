/*
 * time.c -- the time stage: temporal expressions found in each sentence
 * and resolved against the document's reference date.
 *
 * Recognition works on tokens, sentence by sentence. At each token every
 * matcher is tried and the longest match wins:
 *
 *   absolute   Feb. 27 | February 27, 2019 | 3 December 2018 | Dec. 03,
 *              2018 08:10 | 2019-02-27 | 02/27/2019 | December 2018 |
 *              June | 1998 | the 1990s | Feb. 27-28
 *   relative   today, yesterday, tonight, this morning, last night |
 *              (last|next|this|coming|past) week/month/year/weekend/
 *              quarter/decade, with early/late/mid/later/earlier before |
 *              last June, next Tuesday | Saturday (local time) |
 *              two years ago, three days earlier | the end of the year,
 *              the year's end | the fourth quarter (of 1998)
 *   vague      now, currently (PRESENT_REF) | recently, in recent days,
 *              the past (PAST_REF) | the future (FUTURE_REF)
 *   time       08:10, 10 a.m., 10:30 p.m. (local time), noon, midnight
 *   duration   two-day, two days, 48 hours, the past three years (P2D,
 *              PT48H, P3Y); not followed by ago/earlier/later
 *
 * Then "X or Y" of the same kind becomes one expression valued "X/Y"
 * (January or February -> 2019-01/2019-02), as do ranges "X to Y".
 *
 * Resolution. Expressions without a year, weekdays and bare months take
 * their direction from the tense of the clause around them: the nearest
 * marker of the future (will, 'll, shall, plans, scheduled, upcoming,
 * next) or the past (said, a past-tense tag or -ed form, was, ago, last).
 * Past: the latest such day on or before the reference date; future: the
 * first after it; unknown: the nearest. "last June" is the latest June
 * before the reference month, "next week" the ISO week after its week.
 * Without a reference date, expressions that need one get no value.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "time/time_internal.h"

struct dl_time {
  int unused; /* no tables to load; the handle keeps the API stable */
};

int dl_time_new(dl_time **out, dl_err *err) {
  *out = calloc(1, sizeof **out);
  if (!*out) return dl_err_set(err, DL_NOMEM, "out of memory");
  return DL_OK;
}

void dl_time_free(dl_time *t) { free(t); }

/* Granularity of a value, for merging "X or Y". */
enum { G_NONE, G_DAY, G_MONTH, G_YEAR, G_WEEK, G_TIME, G_DUR, G_QUARTER, G_VAGUE };

typedef struct match {
  size_t end; /* token after the match */
  uint8_t type, flags;
  int gran;
  bool drop;      /* a date that does not exist: consumed, not reported */
  char value[80]; /* "" = no value */
} match;

typedef struct ctx {
  dl_doc *doc;
  const dl_token *t;
  size_t sb, se; /* sentence token range */
  bool has_ref;
  int64_t ref; /* day number */
  int ry, rm, rd;
} ctx;

/* ------------------------------------------------------------ tokens */

static const char *F(const ctx *c, size_t i) { return i < c->se ? c->t[i].form : ""; }

/* ASCII lowercase, without the locale. */
static inline char low(char ch) { return ch >= 'A' && ch <= 'Z' ? (char)(ch | 0x20) : ch; }

/* Whether a equals the lowercase literal lit, ignoring ASCII case. */
static bool ieq(const char *a, const char *lit) {
  if (low(*a) != *lit) return false;
  for (; *a && *lit; a++, lit++)
    if (low(*a) != *lit) return false;
  return *a == '\0' && *lit == '\0';
}

static bool is(const ctx *c, size_t i, const char *lit) { return i < c->se && ieq(c->t[i].form, lit); }

static bool any(const ctx *c, size_t i, const char *const *lits) {
  if (i >= c->se) return false;
  for (; *lits; lits++)
    if (ieq(c->t[i].form, *lits)) return true;
  return false;
}

static bool cap(const ctx *c, size_t i) { return i < c->se && isupper((unsigned char)c->t[i].form[0]); }

static bool all_digits(const char *s, size_t *n) {
  size_t k = 0;
  while (s[k] >= '0' && s[k] <= '9') k++;
  *n = k;
  return k > 0 && s[k] == '\0';
}

/* Month number of a token (capitalised name or abbreviation), or 0. */
static int month_at(const ctx *c, size_t i) {
  static const char *const names[12][4] = {
      {"january", "jan", "jan.", NULL},     {"february", "feb", "feb.", NULL},
      {"march", "mar.", NULL, NULL},         {"april", "apr", "apr.", NULL},
      {"may", NULL, NULL, NULL},             {"june", "jun", "jun.", NULL},
      {"july", "jul", "jul.", NULL},         {"august", "aug", "aug.", NULL},
      {"september", "sep.", "sept.", "sept"}, {"october", "oct", "oct.", NULL},
      {"november", "nov", "nov.", NULL},     {"december", "dec", "dec.", NULL}};
  if (!cap(c, i)) return 0;
  for (int m = 0; m < 12; m++)
    for (int k = 0; k < 4 && names[m][k]; k++)
      if (ieq(c->t[i].form, names[m][k])) return m + 1;
  return 0;
}

/* Weekday (Monday 0 ... Sunday 6) of a capitalised token, or -1. */
static int weekday_at(const ctx *c, size_t i) {
  static const char *const names[7][4] = {
      {"monday", "mon.", NULL, NULL},  {"tuesday", "tue.", "tues.", NULL},
      {"wednesday", "wed.", NULL, NULL}, {"thursday", "thu.", "thur.", "thurs."},
      {"friday", "fri.", NULL, NULL},  {"saturday", "sat.", NULL, NULL},
      {"sunday", "sun.", NULL, NULL}};
  if (!cap(c, i)) return -1;
  for (int w = 0; w < 7; w++)
    for (int k = 0; k < 4 && names[w][k]; k++)
      if (ieq(c->t[i].form, names[w][k])) return w;
  return -1;
}

/* A number: digits, or an English number word up to twelve, tens, a/an
 * when allow_a. Returns -1 when not one. */
static int number_at(const ctx *c, size_t i, bool allow_a) {
  static const char *const words[] = {"zero", "one", "two", "three", "four", "five",
                                      "six", "seven", "eight", "nine", "ten", "eleven",
                                      "twelve", NULL};
  static const char *const tens[] = {"twenty", "thirty", "forty", "fifty", "sixty", NULL};
  if (i >= c->se) return -1;
  const char *f = c->t[i].form;
  size_t n;
  if (all_digits(f, &n) && n <= 4) return atoi(f);
  for (int k = 0; words[k]; k++)
    if (ieq(f, words[k])) return k;
  for (int k = 0; tens[k]; k++)
    if (ieq(f, tens[k])) return 20 + 10 * k;
  if (ieq(f, "several") || ieq(f, "few")) return -2; /* vague amounts */
  if (allow_a && (ieq(f, "a") || ieq(f, "an"))) return 1;
  return -1;
}

/* Day of month: 1-31 as digits, optionally with st/nd/rd/th. */
static int day_at(const ctx *c, size_t i) {
  if (i >= c->se) return 0;
  const char *f = c->t[i].form;
  size_t k = 0;
  while (f[k] >= '0' && f[k] <= '9') k++;
  if (k == 0 || k > 2) return 0;
  if (f[k] && !(ieq(f + k, "st") || ieq(f + k, "nd") || ieq(f + k, "rd") || ieq(f + k, "th")))
    return 0;
  int d = atoi(f);
  return d >= 1 && d <= 31 ? d : 0;
}

/* A four-digit year 1000-2999, or 0. */
static int year_at(const ctx *c, size_t i) {
  size_t n;
  if (i >= c->se || !all_digits(c->t[i].form, &n) || n != 4) return 0;
  int y = atoi(c->t[i].form);
  return y >= 1000 && y <= 2999 ? y : 0;
}

/* A time of day at token i: 08:10, 10 a.m., 10:30 p.m., noon, midnight.
 * Sets *h, *mi and returns the token after it, or i when none. */
static size_t time_at(const ctx *c, size_t i, int *h, int *mi) {
  if (i >= c->se) return i;
  const char *f = c->t[i].form;
  if (ieq(f, "noon") || ieq(f, "midday")) {
    *h = 12, *mi = 0;
    return i + 1;
  }
  if (ieq(f, "midnight")) {
    *h = 0, *mi = 0;
    return i + 1;
  }
  int hh = -1, mm = 0;
  size_t k = 0;
  while (f[k] >= '0' && f[k] <= '9') k++;
  if (k >= 1 && k <= 2 && f[k] == ':' && isdigit((unsigned char)f[k + 1]) &&
      isdigit((unsigned char)f[k + 2]) && (f[k + 3] == '\0' || f[k + 3] == ':')) {
    hh = atoi(f);
    mm = atoi(f + k + 1);
  } else if (k >= 1 && k <= 2 && f[k] == '\0') {
    hh = atoi(f); /* needs a.m./p.m. below */
  } else {
    return i;
  }
  size_t j = i + 1;
  bool ampm = false, pm = false;
  if (any(c, j, (const char *const[]){"a.m.", "am", "a.m", NULL})) ampm = true;
  else if (any(c, j, (const char *const[]){"p.m.", "pm", "p.m", NULL})) ampm = pm = true;
  if (ampm) {
    if (hh < 1 || hh > 12) return i;
    if (pm && hh != 12) hh += 12;
    if (!pm && hh == 12) hh = 0;
    j++;
  } else if (f[k] == '\0') {
    return i; /* a bare number is not a time */
  }
  if (hh > 23 || mm > 59) return i;
  *h = hh;
  *mi = mm;
  return j;
}

/* Swallows a trailing "(local time)", "local time", or a time zone. */
static size_t zone_after(const ctx *c, size_t j) {
  static const char *const zones[] = {"gmt", "utc", "est", "edt", "cst", "cdt", "pst",
                                      "pdt", "kst", "jst", "cet", "bst", NULL};
  if (is(c, j, "(") && is(c, j + 1, "local") && is(c, j + 2, "time") && is(c, j + 3, ")"))
    return j + 4;
  if (is(c, j, "local") && is(c, j + 1, "time")) return j + 2;
  if (any(c, j, zones)) return j + 1;
  return j;
}

/* -------------------------------------------------------------- tense */

static bool past_form(const dl_token *t) {
  static const char *const irregular[] = {
      "said", "told", "was", "were", "had", "did", "met", "held", "took", "gave", "made",
      "went", "came", "saw", "began", "sent", "left", "won", "lost", "led", "spoke",
      "wrote", "fell", "rose", "struck", "hit", "brought", "bought", "sold", "found",
      "thought", "became", "chose", "fought", "grew", "kept", "knew", "paid", "ran",
      "stood", "spent", "withdrew", "ago", "earlier", "previously", NULL};
  const char *f = t->form;
  if (t->upos) {
    const char *x = dl_xpos_name(t->xpos);
    /* VBN too: a participle with no auxiliary is mostly a past tense
     * the tagger missed; tense() checks the auxiliaries before it */
    if (!strcmp(x, "VBD") || !strcmp(x, "VBN")) return true;
  }
  for (const char *const *w = irregular; *w; w++)
    if (ieq(f, *w)) return true;
  size_t n = strlen(f);
  if (!t->upos && n > 4 && f[n - 2] == 'e' && f[n - 1] == 'd' && islower((unsigned char)f[0]) &&
      strcmp(f, "need") && strcmp(f, "speed") && strcmp(f, "indeed"))
    return true;
  return false;
}

static bool future_form(const ctx *c, size_t i) {
  static const char *const words[] = {"will", "'ll", "shall", "wo", "upcoming", "plans",
                                      "planned", "scheduled", "expected", "next", "due",
                                      "tomorrow", "coming", "likely", NULL};
  if (any(c, i, words)) return true;
  if (is(c, i, "going") && is(c, i + 1, "to")) return true;
  return false;
}

/* Tense of the clause around tokens [b, e): +1 future, -1 past, 0 unknown.
 * The nearest marker on either side decides. */
static int tense(const ctx *c, size_t b, size_t e) {
  for (size_t d = 1; d <= 12; d++) {
    size_t cand[2] = {b >= c->sb + d ? b - d : SIZE_MAX, e + d - 1};
    for (int k = 0; k < 2; k++) {
      size_t i = cand[k];
      if (i == SIZE_MAX || i < c->sb || i >= c->se) continue;
      const char *f = c->t[i].form;
      if (!strcmp(f, ";") || !strcmp(f, ":")) continue;
      if (future_form(c, i)) return 1;
      if (past_form(&c->t[i])) {
        /* "will be held", "to be signed": the auxiliaries decide */
        int aux = 0;
        for (size_t a = 1; a <= 3 && i >= c->sb + a; a++) {
          if (future_form(c, i - a)) return 1;
          if (islower((unsigned char)F(c, i - a)[0]) &&
              any(c, i - a, (const char *const[]){"be", "been", "being", "to", "would",
                                                  "could", "should", "may", "might", "is",
                                                  "are", "am", NULL}))
            aux = 1;
        }
        if (!aux) return -1;
      }
    }
  }
  return 0;
}

/* ------------------------------------------------------------ values */

static void set_day(match *m, int64_t z) {
  int y, mo, d;
  dl_cal_ymd(z, &y, &mo, &d);
  snprintf(m->value, sizeof m->value, "%04d-%02d-%02d", y, mo, d);
  m->gran = G_DAY;
}

static void set_week(match *m, int64_t z) {
  int wy, wk;
  dl_cal_isoweek(z, &wy, &wk);
  snprintf(m->value, sizeof m->value, "%04d-W%02d", wy, wk);
  m->gran = G_WEEK;
}

static void set_month(match *m, int y, int mo) {
  while (mo < 1) mo += 12, y--;
  while (mo > 12) mo -= 12, y++;
  snprintf(m->value, sizeof m->value, "%04d-%02d", y, mo);
  m->gran = G_MONTH;
}

static void set_year(match *m, int y) {
  snprintf(m->value, sizeof m->value, "%04d", y);
  m->gran = G_YEAR;
}

/* The year of a month (and day) given without one. The candidates are
 * the latest such day on or before the reference and the first after it;
 * the clause's tense picks one, unless a full date is much nearer on the
 * other side (a past clause reporting a deadline three weeks ahead: "said
 * it would close Dec. 15"). With no tense, news leans to the past: the latest such day
 * unless it lies more than eight months back. */
static int year_for(const ctx *c, int month, int day, int dir) {
  int y = c->ry;
  if (!day && month == c->rm) return y;
  int dd = day ? day : 15;
  int64_t here = dl_cal_days(y, month, dd);
  int past_y = here <= c->ref ? y : y - 1;
  int64_t dp = c->ref - dl_cal_days(past_y, month, dd);
  int64_t df = dl_cal_days(past_y + 1, month, dd) - c->ref;
  if (dir < 0) return day && df <= 120 && dp >= 240 ? past_y + 1 : past_y;
  if (dir > 0) return day && dp <= 20 && df >= 330 ? past_y : past_y + 1;
  return dp <= 240 ? past_y : past_y + 1;
}

/* ----------------------------------------------------------- matchers */

/* ISO or numeric dates in one token: 2019-02-27, 2019-02, 02/27/2019. */
static bool m_numeric(const ctx *c, size_t i, match *m) {
  const char *f = F(c, i);
  int y, mo, d;
  char tail;
  if (!isdigit((unsigned char)f[0]) || (!strchr(f, '-') && !strchr(f, '/'))) return false;
  if (sscanf(f, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) == 3 && strlen(f) == 10 &&
      dl_cal_valid(y, mo, d)) {
    set_day(m, dl_cal_days(y, mo, d));
  } else if (sscanf(f, "%2d/%2d/%4d%c", &mo, &d, &y, &tail) == 3 && y >= 1900 &&
             dl_cal_valid(y, mo, d)) {
    set_day(m, dl_cal_days(y, mo, d));
  } else {
    return false;
  }
  m->end = i + 1;
  m->type = DL_TIMEX_DATE;
  return true;
}

/* A time after a date: "08:10", "at 10 a.m.", "3:30 p.m. (local time)". */
static size_t time_after(const ctx *c, size_t j, match *m) {
  int h, mi;
  size_t k = j;
  if (is(c, k, ",")) k++;
  if (is(c, k, "at")) k++;
  size_t e = time_at(c, k, &h, &mi);
  if (e == k) return j;
  size_t len = strlen(m->value);
  if (m->gran == G_DAY && len == 10)
    snprintf(m->value + len, sizeof m->value - len, "T%02d:%02d", h, mi);
  m->type = DL_TIMEX_TIME;
  m->gran = G_TIME;
  return zone_after(c, e);
}

/* Month [day [-day]] [,] [year] [time]; day month [year]; month year;
 * a bare month. */
static bool m_monthday(const ctx *c, size_t i, match *m) {
  int mo = month_at(c, i), d = 0, d2 = 0, y = 0;
  size_t j;
  if (mo) {
    /* "May" and "March" alone are too often words */
    j = i + 1;
    d = day_at(c, j);
    if (d && !is(c, j + 1, ":")) {
      j++;
      if ((is(c, j, "-") || is(c, j, "to")) && day_at(c, j + 1) > d) {
        d2 = day_at(c, j + 1);
        j += 2;
      }
      if (is(c, j, ",") && year_at(c, j + 1)) j++;
      if ((y = year_at(c, j))) j++;
    } else {
      d = 0;
      if (is(c, j, "of") && year_at(c, j + 1)) j++;
      if (is(c, j, ",") && year_at(c, j + 1)) j++;
      if ((y = year_at(c, j))) j++;
      if (!y && (mo == 5 || mo == 3) && !(i > c->sb && any(c, i - 1, (const char *const[]){
                                                       "in", "of", "since", "until", "by",
                                                       "early", "late", "mid", "last",
                                                       "next", "this", "before", "after",
                                                       "from", "through", "during", NULL})))
        return false;
    }
  } else if ((d = day_at(c, i)) && (mo = month_at(c, i + 1))) {
    j = i + 2;
    if (is(c, j, ",") && year_at(c, j + 1)) j++;
    if ((y = year_at(c, j))) j++;
  } else {
    return false;
  }
  m->type = DL_TIMEX_DATE;
  m->end = j;
  if (d) {
    if (!y) {
      if (!c->has_ref) {
        m->value[0] = '\0';
        m->gran = G_DAY;
        m->flags |= DL_TIMEX_RELATIVE;
        return true;
      }
      y = year_for(c, mo, d, tense(c, i, j));
      m->flags |= DL_TIMEX_RELATIVE;
    }
    if (!dl_cal_valid(y, mo, d)) { /* Feb. 31: swallowed, never a timex */
      m->drop = true;
      m->value[0] = '\0';
      return true;
    }
    set_day(m, dl_cal_days(y, mo, d));
    if (d2 && dl_cal_valid(y, mo, d2)) {
      size_t len = strlen(m->value);
      snprintf(m->value + len, sizeof m->value - len, "/%04d-%02d-%02d", y, mo, d2);
      m->flags |= DL_TIMEX_RANGE;
    }
    m->end = time_after(c, j, m);
    return true;
  }
  if (!y) {
    m->flags |= DL_TIMEX_RELATIVE;
    if (!c->has_ref) {
      m->gran = G_MONTH;
      return true;
    }
    y = year_for(c, mo, 0, tense(c, i, j));
  }
  set_month(m, y, mo);
  return true;
}

/* A year standing for itself: "in 1998", "1998's", "fiscal 1997", and
 * decades "the 1990s". */
static bool m_year(const ctx *c, size_t i, match *m) {
  static const char *const before[] = {
      "in", "since", "by", "until", "till", "of", "for", "during", "before", "after",
      "early", "late", "mid", "from", "through", "to", "fiscal", "around", "between",
      "and", "year", "summer", "winter", "spring", "autumn", "fall", NULL};
  const char *f = F(c, i);
  size_t n;
  /* decades: 1990s, the '90s */
  if (strlen(f) == 5 && isdigit((unsigned char)f[0]) && f[3] == '0' && f[4] == 's') {
    int y = atoi(f);
    if (y >= 1000 && y <= 2990) {
      snprintf(m->value, sizeof m->value, "%03d", y / 10);
      m->gran = G_YEAR;
      m->type = DL_TIMEX_DATE;
      m->end = i + 1;
      return true;
    }
  }
  int y = year_at(c, i);
  if (!y || y < 1900 || y > 2100) return false;
  /* a year unless it counts something: "2000 troops", "$1998" */
  bool ctx_ok = !(i > c->sb && (is(c, i - 1, "$") || is(c, i - 1, "#")));
  /* "2000 troops": a count, not a year */
  const char *nx = F(c, i + 1);
  size_t nl = strlen(nx);
  if (!ctx_ok || (nl > 2 && islower((unsigned char)nx[0]) && nx[nl - 1] == 's' &&
                  !(i > c->sb && any(c, i - 1, before))))
    return false;
  (void)n;
  set_year(m, y);
  m->type = DL_TIMEX_DATE;
  m->end = i + 1;
  return true;
}

/* Parts of the day after a date word: "yesterday morning". */
static const char *part_of_day(const ctx *c, size_t i) {
  if (is(c, i, "morning")) return "TMO";
  if (is(c, i, "afternoon")) return "TAF";
  if (is(c, i, "evening")) return "TEV";
  if (is(c, i, "night")) return "TNI";
  return NULL;
}

/* A part of the day ("Thursday night") adds TIMEX3's TMO, TAF, TEV or
 * TNI to the day: 2019-02-20TNI. The event coder reads the day. */
static void add_part(match *m, const char *part) {
  size_t len = strlen(m->value);
  if (len == 10) snprintf(m->value + len, sizeof m->value - len, "%s", part);
  m->type = DL_TIMEX_TIME;
}

/* today, yesterday, tomorrow, tonight, this morning, last night, now ... */
static bool m_deictic(const ctx *c, size_t i, match *m) {
  int off = 99;
  const char *part = NULL;
  size_t j = i + 1;
  if (is(c, i, "today")) off = 0;
  else if (is(c, i, "yesterday")) off = -1;
  else if (is(c, i, "tomorrow")) off = 1;
  else if (is(c, i, "tonight")) off = 0, part = "TNI";
  else if (is(c, i, "this") && (part = part_of_day(c, i + 1)) && !is(c, i + 1, "night"))
    off = 0, j = i + 2;
  else if (is(c, i, "last") && is(c, i + 1, "night")) off = -1, part = "TNI", j = i + 2;
  if (off == 99) return false;
  if (off != 0 || !part) {
    const char *p2 = part_of_day(c, j);
    if (p2) part = p2, j++;
  }
  m->type = DL_TIMEX_DATE;
  m->end = j;
  m->flags |= DL_TIMEX_RELATIVE;
  m->gran = G_DAY;
  if (!c->has_ref) return true;
  set_day(m, c->ref + off);
  if (part) add_part(m, part);
  m->end = zone_after(c, j);
  return true;
}

static bool m_vague(const ctx *c, size_t i, match *m) {
  const char *v = NULL;
  size_t j = i + 1;
  if (is(c, i, "now") && !is(c, i + 1, "that")) v = "PRESENT_REF";
  else if (is(c, i, "currently") || (is(c, i, "at") && is(c, i + 1, "present")))
    v = "PRESENT_REF", j = is(c, i, "at") ? i + 2 : i + 1;
  else if (is(c, i, "recently") || is(c, i, "lately")) v = "PAST_REF";
  else if ((is(c, i, "recent") || is(c, i, "past")) &&
           any(c, i + 1, (const char *const[]){"days", "weeks", "months", "years", NULL}))
    v = "PAST_REF", j = i + 2;
  else if (is(c, i, "the") && is(c, i + 1, "past") && !any(c, i + 2, (const char *const[]){
                                                        "week", "month", "year", "decade",
                                                        "few", "two", "three", "several",
                                                        "days", "weeks", "months", "years",
                                                        NULL}))
    v = "PAST_REF", j = i + 2;
  else if (is(c, i, "the") && is(c, i + 1, "future")) v = "FUTURE_REF", j = i + 2;
  if (!v) return false;
  snprintf(m->value, sizeof m->value, "%s", v);
  m->type = DL_TIMEX_DATE;
  m->flags |= DL_TIMEX_VAGUE;
  m->gran = G_VAGUE;
  m->end = j;
  return true;
}

/* Period words and their granularity. */
static int period_at(const ctx *c, size_t i) {
  if (is(c, i, "week")) return G_WEEK;
  if (is(c, i, "month")) return G_MONTH;
  if (is(c, i, "year")) return G_YEAR;
  if (is(c, i, "quarter")) return G_QUARTER;
  if (is(c, i, "weekend")) return G_DAY; /* handled as a week with -WE */
  return G_NONE;
}

static void set_period(const ctx *c, match *m, int g, int off, bool weekend) {
  if (g == G_WEEK || weekend) {
    set_week(m, c->ref + 7 * off);
    if (weekend) {
      size_t len = strlen(m->value);
      snprintf(m->value + len, sizeof m->value - len, "-WE");
    }
  } else if (g == G_MONTH) {
    set_month(m, c->ry, c->rm + off);
  } else if (g == G_YEAR) {
    set_year(m, c->ry + off);
  } else if (g == G_QUARTER) {
    int q = (c->rm - 1) / 3 + off, y = c->ry;
    while (q < 0) q += 4, y--;
    while (q > 3) q -= 4, y++;
    snprintf(m->value, sizeof m->value, "%04d-Q%d", y, q + 1);
    m->gran = G_QUARTER;
  }
}

/* [early|late|mid|later|earlier] (this|next|last|coming|past|previous)
 * (week|month|year|weekend|quarter); last June; next Tuesday. */
static bool m_relative(const ctx *c, size_t i, match *m) {
  size_t j = i;
  if (any(c, j, (const char *const[]){"early", "late", "mid", "later", "earlier", NULL}) &&
      !is(c, j + 1, "in"))
    j++;
  if (is(c, j, "the") && any(c, j + 1, (const char *const[]){"previous", "following", "coming",
                                                             "past", NULL}))
    j++;
  int off;
  if (any(c, j, (const char *const[]){"this", "current", NULL})) off = 0;
  else if (any(c, j, (const char *const[]){"next", "coming", "following", NULL})) off = 1;
  else if (any(c, j, (const char *const[]){"last", "past", "previous", NULL})) off = -1;
  else return false;
  j++;
  int g = period_at(c, j);
  m->type = DL_TIMEX_DATE;
  m->flags |= DL_TIMEX_RELATIVE;
  if (g != G_NONE) {
    bool weekend = is(c, j, "weekend");
    /* "the past year" is a duration */
    if (is(c, i, "the") || (is(c, j - 1, "past") && g != G_QUARTER)) {
      snprintf(m->value, sizeof m->value, "P1%c",
               g == G_WEEK ? 'W' : g == G_MONTH ? 'M' : g == G_YEAR ? 'Y' : 'D');
      m->type = DL_TIMEX_DURATION;
      m->gran = G_DUR;
      m->end = j + 1;
      return true;
    }
    m->end = j + 1;
    m->gran = g;
    if (c->has_ref) set_period(c, m, g, off, weekend);
    return true;
  }
  int mo = month_at(c, j);
  if (mo) {
    m->end = j + 1;
    m->gran = G_MONTH;
    if (!c->has_ref) return true;
    int y = c->ry;
    if (off < 0) y = mo < c->rm ? y : y - 1;
    else if (off > 0) y = mo > c->rm ? y : y + 1;
    set_month(m, y, mo);
    return true;
  }
  int wd = weekday_at(c, j);
  if (wd >= 0) {
    m->end = j + 1;
    m->gran = G_DAY;
    if (!c->has_ref) return true;
    int rw = dl_cal_weekday(c->ref);
    int64_t z;
    if (off < 0) z = c->ref - ((rw - wd + 7) % 7 ? (rw - wd + 7) % 7 : 7);
    else if (off > 0) z = c->ref + ((wd - rw + 7) % 7 ? (wd - rw + 7) % 7 : 7);
    else z = c->ref + (wd - rw); /* this Tuesday: the one of this week */
    set_day(m, z);
    const char *part = part_of_day(c, m->end);
    if (part) add_part(m, part), m->end++;
    return true;
  }
  return false;
}

/* A weekday alone: "Saturday", "on Tuesday", "Wednesday (local time)". */
static bool m_weekday(const ctx *c, size_t i, match *m) {
  int wd = weekday_at(c, i);
  if (wd < 0) return false;
  size_t j = i + 1;
  m->type = DL_TIMEX_DATE;
  m->flags |= DL_TIMEX_RELATIVE;
  m->gran = G_DAY;
  m->end = j;
  if (!c->has_ref) return true;
  int dir = tense(c, i, j);
  int rw = dl_cal_weekday(c->ref);
  int back = (rw - wd + 7) % 7, fwd = (wd - rw + 7) % 7;
  int64_t z;
  if (dir < 0) z = c->ref - back;
  else if (dir > 0) z = c->ref + (fwd ? fwd : 7);
  else z = back <= 4 ? c->ref - back : c->ref + fwd; /* mostly the past */
  set_day(m, z);
  const char *part = part_of_day(c, j);
  if (part) add_part(m, part), j++;
  /* "Monday, Oct. 26": the date decides */
  size_t k = is(c, j, ",") ? j + 1 : j;
  match d = {0};
  if (month_at(c, k) && m_monthday(c, k, &d) && d.gran == G_DAY && !d.drop) {
    *m = d;
    return true;
  }
  j = time_after(c, j, m);
  m->end = zone_after(c, j);
  return true;
}

/* Units of durations and of "ago". */
static int unit_at(const ctx *c, size_t i, char *u) {
  static const struct {
    const char *w;
    char u;
    int g;
  } units[] = {{"day", 'D', G_DAY},     {"days", 'D', G_DAY},     {"week", 'W', G_WEEK},
               {"weeks", 'W', G_WEEK},  {"month", 'M', G_MONTH},  {"months", 'M', G_MONTH},
               {"year", 'Y', G_YEAR},   {"years", 'Y', G_YEAR},   {"hour", 'H', G_TIME},
               {"hours", 'H', G_TIME},  {"minute", 'm', G_TIME},  {"minutes", 'm', G_TIME},
               {"decade", 'E', G_YEAR}, {"decades", 'E', G_YEAR}, {NULL, 0, 0}};
  for (int k = 0; units[k].w; k++)
    if (is(c, i, units[k].w)) {
      *u = units[k].u;
      return units[k].g;
    }
  return G_NONE;
}

/* Whether the sentence, or the one before, is about a quarter's results. */
static bool about_quarter(const ctx *c) {
  size_t b = c->sb;
  const dl_doc *d = c->doc;
  if (b > 0) {
    uint32_t prev = d->toks[b - 1].sent;
    b = d->sents[prev].tok_begin;
  }
  for (size_t k = b; k < c->se; k++)
    if (ieq(d->toks[k].form, "quarter") || ieq(d->toks[k].form, "quarterly")) return true;
  return false;
}

/* N units ago/earlier/later; the past N units; N-unit; N units. */
static bool m_amount(const ctx *c, size_t i, match *m) {
  size_t j = i;
  bool past_n = false;
  if (is(c, j, "the") && any(c, j + 1, (const char *const[]){"past", "last", "next",
                                                             "previous", "coming", NULL})) {
    past_n = true;
    j += 2;
  }
  int n = number_at(c, j, !past_n);
  if (n == -1) return false;
  j++;
  bool adj = false;
  if (is(c, j, "-")) {
    adj = true; /* two-day */
    j++;
  }
  char u;
  int g = unit_at(c, j, &u);
  if (g == G_NONE) return false;
  j++;
  /* N units ago / from now: a date from the reference; N units earlier
   * or later counts from another event, which this stage does not know:
   * recognised, no value */
  bool ago = is(c, j, "ago"), from_now = is(c, j, "from") && is(c, j + 1, "now");
  bool later = from_now;
  /* In a sentence about a quarter's results, "a year ago" and "a year
   * earlier" mean the same quarter of the year before. */
  bool quarterly = n == 1 && u == 'Y' && (ago || is(c, j, "earlier")) && about_quarter(c);
  if (quarterly) {
    m->end = j + 1;
    m->type = DL_TIMEX_DATE;
    m->flags |= DL_TIMEX_RELATIVE;
    m->gran = G_QUARTER;
    if (c->has_ref) set_period(c, m, G_QUARTER, -5, false);
    return true;
  }
  if (!adj && !past_n && (is(c, j, "earlier") || is(c, j, "later") || is(c, j, "before") ||
                          is(c, j, "after"))) {
    if (is(c, j, "before") || is(c, j, "after")) return false; /* "two days after the vote" */
    m->end = j + 1;
    m->type = DL_TIMEX_DATE;
    m->flags |= DL_TIMEX_RELATIVE;
    m->gran = g;
    /* years are coarse enough to count from the reference */
    if (u == 'Y' && n > 0 && c->has_ref) set_year(m, c->ry + (is(c, j, "later") ? n : -n));
    return true;
  }
  if (!adj && !past_n && (ago || from_now) && n >= 0) {
    m->end = j + 1 + (from_now ? 1 : 0);
    m->type = DL_TIMEX_DATE;
    m->flags |= DL_TIMEX_RELATIVE;
    m->gran = g;
    if (!c->has_ref) return true;
    int s = later ? n : -n;
    switch (u) {
    case 'D': set_day(m, c->ref + s); break;
    case 'W': set_week(m, c->ref + 7 * s); break;
    case 'M': set_month(m, c->ry, c->rm + s); break;
    case 'Y': set_year(m, c->ry + s); break;
    case 'E': set_year(m, c->ry + 10 * s); break;
    default:
      set_day(m, c->ref);
      m->type = DL_TIMEX_TIME;
      break;
    }
    return true;
  }
  /* a duration */
  m->end = j;
  m->type = DL_TIMEX_DURATION;
  m->gran = G_DUR;
  if (n < 0) {
    snprintf(m->value, sizeof m->value, "P%s%c", u == 'H' || u == 'm' ? "TX" : "X",
             u == 'm' ? 'M' : u == 'E' ? 'E' : u);
    return true;
  }
  if (u == 'H' || u == 'm')
    snprintf(m->value, sizeof m->value, "PT%d%c", n, u == 'm' ? 'M' : 'H');
  else if (u == 'E')
    snprintf(m->value, sizeof m->value, "P%dDE", n);
  else
    snprintf(m->value, sizeof m->value, "P%d%c", n, u);
  return true;
}

/* the end/beginning of the year; the year's end; year-end; the fourth
 * quarter (of 1998); the first half. */
static bool m_edge(const ctx *c, size_t i, match *m) {
  size_t j = i;
  if (is(c, j, "by")) j++;
  if (is(c, j, "the")) j++;
  /* the year's end */
  if (any(c, j, (const char *const[]){"year", "month", "week", NULL}) && is(c, j + 1, "'s") &&
      any(c, j + 2, (const char *const[]){"end", "start", "beginning", NULL})) {
    int g = period_at(c, j);
    m->end = j + 3;
    m->type = DL_TIMEX_DATE;
    m->flags |= DL_TIMEX_RELATIVE;
    if (c->has_ref) set_period(c, m, g, 0, false);
    m->gran = g;
    return true;
  }
  if (any(c, j, (const char *const[]){"end", "beginning", "start", "middle", NULL}) &&
      is(c, j + 1, "of")) {
    size_t k = j + 2;
    match inner = {0};
    if (is(c, k, "the") && period_at(c, k + 1) != G_NONE) {
      int g = period_at(c, k + 1);
      m->end = k + 2;
      m->type = DL_TIMEX_DATE;
      m->flags |= DL_TIMEX_RELATIVE;
      m->gran = g;
      if (c->has_ref) set_period(c, m, g, 0, false);
      return true;
    }
    if (m_relative(c, k, &inner) || m_monthday(c, k, &inner) || m_year(c, k, &inner)) {
      *m = inner;
      return true;
    }
    return false;
  }
  /* the week of March 6 */
  if (j > i && is(c, j, "week") && is(c, j + 1, "of")) {
    match d = {0};
    if (m_monthday(c, j + 2, &d) && d.gran == G_DAY && d.value[0]) {
      int y, mo, dd;
      if (dl_cal_parse_ymd(d.value, &y, &mo, &dd)) {
        set_week(m, dl_cal_days(y, mo, dd));
        m->end = d.end;
        m->type = DL_TIMEX_DATE;
        return true;
      }
    }
  }
  /* the weekend: this one, or the last one in a past clause */
  if (j > i && is(c, j, "weekend")) {
    m->end = j + 1;
    m->type = DL_TIMEX_DATE;
    m->flags |= DL_TIMEX_RELATIVE;
    m->gran = G_WEEK;
    if (c->has_ref) {
      int wd = dl_cal_weekday(c->ref);
      int off = tense(c, i, j + 1) < 0 && wd < 5 ? -1 : 0;
      set_period(c, m, G_WEEK, off, true);
    }
    return true;
  }
  /* the year-earlier / year-ago quarter or period */
  if (is(c, j, "year") && is(c, j + 1, "-") && (is(c, j + 2, "earlier") || is(c, j + 2, "ago"))) {
    bool quarter = is(c, j + 3, "quarter");
    m->end = quarter || is(c, j + 3, "period") ? j + 4 : j + 3;
    m->type = DL_TIMEX_DATE;
    m->flags |= DL_TIMEX_RELATIVE;
    m->gran = quarter ? G_QUARTER : G_YEAR;
    if (c->has_ref) {
      if (quarter || about_quarter(c)) set_period(c, m, G_QUARTER, -5, false);
      else set_year(m, c->ry - 1);
    }
    return true;
  }
  /* "the quarter", "the latest quarter": the last one completed */
  if (j > i && (is(c, j, "quarter") || ((is(c, j, "latest") || is(c, j, "past") ||
                                         is(c, j, "recent")) && is(c, j + 1, "quarter")))) {
    m->end = is(c, j, "quarter") ? j + 1 : j + 2;
    m->type = DL_TIMEX_DATE;
    m->flags |= DL_TIMEX_RELATIVE;
    m->gran = G_QUARTER;
    if (c->has_ref) set_period(c, m, G_QUARTER, -1, false);
    return true;
  }
  /* quarters and halves: the fourth quarter, third-quarter, first half */
  static const char *const ord[] = {"first", "second", "third", "fourth", NULL};
  if (is(c, j, "fiscal")) j++;
  for (int q = 0; ord[q]; q++) {
    if (!is(c, j, ord[q])) continue;
    size_t unit = is(c, j + 1, "-") ? j + 2 : j + 1;
    bool half = is(c, unit, "half") && q < 2;
    if (!is(c, unit, "quarter") && !half) return false;
    size_t k = unit + 1;
    int y = 0;
    if (is(c, k, "of") && (y = year_at(c, k + 1))) k += 2;
    else if (is(c, k, "of") && is(c, k + 1, "this") && is(c, k + 2, "year")) k += 3;
    if (!y && !c->has_ref) {
      m->end = k;
      m->type = DL_TIMEX_DATE;
      return true;
    }
    if (!y) {
      y = c->ry;
      int cur = (c->rm - 1) / (half ? 6 : 3);
      if (q > cur && tense(c, i, k) <= 0) y--;
    }
    snprintf(m->value, sizeof m->value, half ? "%04d-H%d" : "%04d-Q%d", y, q + 1);
    m->end = k;
    m->type = DL_TIMEX_DATE;
    m->gran = G_QUARTER;
    return true;
  }
  return false;
}

/* Seasons: (last|this|next|the) summer, last fall; holidays with fixed
 * or computable dates; mid-November. */
static bool m_season(const ctx *c, size_t i, match *m) {
  static const struct {
    const char *w;
    const char *code;
    int month; /* a month inside the season, for resolution */
  } seasons[] = {{"spring", "SP", 4}, {"summer", "SU", 7}, {"fall", "FA", 10},
                 {"autumn", "FA", 10}, {"winter", "WI", 1}, {NULL, NULL, 0}};
  const char *f = F(c, i);
  /* mid-November */
  if (!strncmp(f, "mid-", 4) || !strncmp(f, "Mid-", 4)) {
    ctx c2 = *c;
    dl_token tmp = c->t[i];
    (void)c2;
    (void)tmp;
    static const char *const months[] = {"january", "february", "march", "april", "may",
                                         "june", "july", "august", "september",
                                         "october", "november", "december", NULL};
    for (int k = 0; months[k]; k++)
      if (ieq(f + 4, months[k])) {
        m->type = DL_TIMEX_DATE;
        m->flags |= DL_TIMEX_RELATIVE;
        m->gran = G_MONTH;
        m->end = i + 1;
        int y = 0;
        if (year_at(c, i + 1)) y = year_at(c, i + 1), m->end = i + 2;
        if (!y && !c->has_ref) return true;
        if (!y) y = year_for(c, k + 1, 0, tense(c, i, i + 1));
        set_month(m, y, k + 1);
        return true;
      }
    return false;
  }
  size_t j = i;
  int off = 0;
  bool rel = false;
  if (any(c, j, (const char *const[]){"last", "past", "previous", NULL})) off = -1, rel = true;
  else if (any(c, j, (const char *const[]){"next", "coming", NULL})) off = 1, rel = true;
  else if (any(c, j, (const char *const[]){"this", "the", NULL})) rel = true;
  if (rel) j++;
  for (int k = 0; seasons[k].w; k++) {
    if (!is(c, j, seasons[k].w)) continue;
    if (!rel && !year_at(c, j + 1)) return false; /* "spring" alone is too often a verb */
    m->type = DL_TIMEX_DATE;
    m->flags |= DL_TIMEX_RELATIVE;
    m->gran = G_MONTH;
    m->end = j + 1;
    int y = year_at(c, j + 1);
    if (y) m->end = j + 2;
    else if (!c->has_ref) return true;
    else {
      y = c->ry;
      int here = seasons[k].month, rm = c->rm;
      if (off < 0) y = here < rm ? y : y - 1;
      else if (off > 0) y = here > rm ? y : y + 1;
    }
    snprintf(m->value, sizeof m->value, "%04d-%s", y, seasons[k].code);
    return true;
  }
  /* holidays */
  static const struct {
    const char *w1, *w2;
    int month, day; /* day 0: computed */
  } hol[] = {{"christmas", NULL, 12, 25},  {"new", "year's", 1, 1},
             {"thanksgiving", NULL, 11, 0}, {"election", "day", 11, 0},
             {"independence", "day", 7, 4}, {"halloween", NULL, 10, 31},
             {NULL, NULL, 0, 0}};
  size_t h0 = is(c, i, "last") || is(c, i, "next") ? i + 1 : i;
  for (int k = 0; hol[k].w1; k++) {
    if (!is(c, h0, hol[k].w1) || !cap(c, h0)) continue;
    size_t e = h0 + 1;
    if (hol[k].w2) {
      if (!is(c, e, hol[k].w2)) continue;
      e++;
    }
    if (is(c, e, "day") || is(c, e, "eve")) e++;
    m->type = DL_TIMEX_DATE;
    m->flags |= DL_TIMEX_RELATIVE;
    m->gran = G_DAY;
    m->end = e;
    int y = year_at(c, e);
    if (y) m->end = e + 1;
    else if (!c->has_ref) return true;
    int dir = is(c, i, "last") ? -1 : is(c, i, "next") ? 1 : tense(c, i, e);
    for (int pass = 0; pass < 2; pass++) {
      int yy = y ? y : year_for(c, hol[k].month, hol[k].day ? hol[k].day : 20, dir);
      int d = hol[k].day;
      if (!d) { /* Thanksgiving: 4th Thursday; Election Day: Tuesday after 1st Monday */
        int64_t first = dl_cal_days(yy, 11, 1);
        int wd = dl_cal_weekday(first);
        if (hol[k].w1[0] == 't') d = 1 + (3 - wd + 7) % 7 + 21;
        else d = 1 + (0 - wd + 7) % 7 + 1;
      }
      set_day(m, dl_cal_days(yy, hol[k].month, d));
      break;
    }
    return true;
  }
  return false;
}

/* A time alone: 08:10, 10 a.m. (local time), noon. */
static bool m_time(const ctx *c, size_t i, match *m) {
  int h, mi;
  size_t j = time_at(c, i, &h, &mi);
  if (j == i) return false;
  m->type = DL_TIMEX_TIME;
  m->gran = G_TIME;
  m->flags |= DL_TIMEX_RELATIVE;
  /* a weekday or date right after: "10 a.m. Monday", "4 a.m. EDT Thursday" */
  match d = {0};
  size_t k = zone_after(c, j);
  if (is(c, k, "on")) k++;
  if (m_weekday(c, k, &d) || m_deictic(c, k, &d)) {
    j = d.end;
    if (d.value[0] && strlen(d.value) == 10)
      snprintf(m->value, sizeof m->value, "%.10sT%02d:%02d", d.value, h % 24, mi % 60);
    m->end = zone_after(c, j);
    return true;
  }
  if (c->has_ref) {
    int y, mo, dd;
    dl_cal_ymd(c->ref, &y, &mo, &dd);
    snprintf(m->value, sizeof m->value, "%04d-%02d-%02dT%02d:%02d", y, mo, dd, h, mi);
  }
  m->end = zone_after(c, j);
  return true;
}

/* ------------------------------------------------------------- driver */

typedef struct tvec {
  dl_timex *v;
  size_t n, cap;
} tvec;

static int push(ctx *c, tvec *out, size_t b, const match *m) {
  if (out->n == out->cap) {
    size_t cap = out->cap ? out->cap * 2 : 16;
    dl_timex *p = realloc(out->v, cap * sizeof *p);
    if (!p) return DL_NOMEM;
    out->v = p;
    out->cap = cap;
  }
  dl_timex *x = &out->v[out->n++];
  memset(x, 0, sizeof *x);
  x->tok_begin = (uint32_t)b;
  x->tok_end = (uint32_t)m->end;
  x->start = c->t[b].start;
  x->end = c->t[m->end - 1].end;
  x->sent = c->t[b].sent;
  x->type = m->type;
  x->flags = m->flags;
  if (m->value[0]) {
    x->value = dl_doc_strndup(c->doc, m->value, strlen(m->value));
    if (!x->value) return DL_NOMEM;
    if (m->gran == G_DAY && c->has_ref && m->value[0] != 'P') {
      int y, mo, d;
      if (dl_cal_parse_ymd(m->value, &y, &mo, &d) && dl_cal_days(y, mo, d) > c->ref)
        x->flags |= DL_TIMEX_FUTURE;
    }
  }
  return DL_OK;
}

typedef bool (*matcher)(const ctx *, size_t, match *);

/* Whether a token can begin an expression: a number, a capitalised word
 * (months, weekdays, holidays, a sentence's first word), or one of the
 * lowercase words the matchers start with. Most tokens are none, and this
 * test keeps the stage fast. */
static int cmp_word(const void *a, const void *b) {
  return strcmp((const char *)a, *(const char *const *)b);
}

static bool can_start(const char *f) {
  /* sorted, for bsearch */
  static const char *const words[] = {
      "a", "an", "at", "autumn", "beginning", "by", "coming", "current", "currently",
      "earlier", "early", "eight", "eleven", "end", "fall", "few", "fifty", "first",
      "fiscal", "five", "following", "forty", "four", "fourth", "last", "late", "lately",
      "later", "mid", "midday", "middle", "midnight", "next", "nine", "noon", "now", "one",
      "past", "previous", "recent", "recently", "second", "seven", "several", "six",
      "sixty", "spring", "start", "summer", "ten", "the", "third", "thirty", "this",
      "three", "today", "tomorrow", "tonight", "twelve", "twenty", "two", "winter",
      "year", "yesterday"};
  static const char *const names[] = {"apr", "aug", "chr", "dec", "ele", "feb", "fri",
                                      "hal", "ind", "jan", "jul", "jun", "mar", "may",
                                      "mid", "mon", "new", "nov", "oct", "sat", "sep",
                                      "sun", "tha", "thu", "tue", "wed"};
  unsigned char c0 = (unsigned char)f[0];
  if (isdigit(c0)) return true;
  char lw[16];
  size_t n = 0;
  for (; f[n] && n < sizeof lw - 1; n++) lw[n] = low(f[n]);
  if (f[n]) return false; /* no trigger word is that long */
  lw[n] = 0;
  if (isupper(c0)) {
    /* month, weekday and holiday names by their first three letters, or a
     * trigger word capitalised at the start of a sentence */
    char l3[4] = {lw[0], n > 1 ? lw[1] : 0, n > 2 ? lw[2] : 0, 0};
    if (bsearch(l3, names, sizeof names / sizeof *names, sizeof *names, cmp_word)) return true;
  } else if (!islower(c0)) {
    return false;
  }
  if (!strncmp(lw, "mid-", 4)) return true;
  return bsearch(lw, words, sizeof words / sizeof *words, sizeof *words, cmp_word) != NULL;
}

static bool best_at(const ctx *c, size_t i, match *best) {
  if (!can_start(c->t[i].form)) return false;
  static const matcher ms[] = {m_numeric, m_monthday, m_relative, m_deictic,
                               m_weekday, m_amount,   m_edge,     m_time,
                               m_vague,   m_year,     m_season};
  bool found = false;
  for (size_t k = 0; k < sizeof ms / sizeof *ms; k++) {
    match m = {0};
    m.end = i;
    if (ms[k](c, i, &m) && m.end > i && (!found || m.end > best->end)) {
      *best = m;
      found = true;
    }
  }
  return found;
}

int dl_time_run(const dl_time *t, dl_doc *doc, dl_err *err) {
  (void)t;
  ctx c = {0};
  c.doc = doc;
  c.t = doc->toks;
  c.has_ref = dl_cal_parse_ymd(doc->meta.ref_date, &c.ry, &c.rm, &c.rd);
  if (c.has_ref) c.ref = dl_cal_days(c.ry, c.rm, c.rd);
  tvec out = {0};
  int rc = DL_OK;
  for (size_t s = 0; s < doc->n_sents && rc == DL_OK; s++) {
    c.sb = doc->sents[s].tok_begin;
    c.se = doc->sents[s].tok_end;
    for (size_t i = c.sb; i < c.se && rc == DL_OK;) {
      match m;
      if (!best_at(&c, i, &m)) {
        i++;
        continue;
      }
      /* "January or February", "Monday to Wednesday": one expression */
      size_t b = i;
      if (m.gran != G_NONE && m.gran != G_DUR && m.gran != G_VAGUE &&
          is(&c, m.end, "or")) {
        match m2;
        bool disj = is(&c, m.end, "or");
        if (best_at(&c, m.end + 1, &m2) && m2.gran == m.gran && m.value[0] && m2.value[0]) {
          size_t len = strlen(m.value);
          snprintf(m.value + len, sizeof m.value - len, "/%.38s", m2.value);
          m.end = m2.end;
          if (!disj) m.flags |= DL_TIMEX_RANGE;
        }
      }
      if (!m.drop) rc = push(&c, &out, b, &m);
      i = m.end;
    }
  }
  if (rc == DL_OK && out.n) {
    doc->timexes = dl_doc_alloc(doc, out.n * sizeof *out.v);
    if (!doc->timexes) rc = DL_NOMEM;
    else memcpy(doc->timexes, out.v, out.n * sizeof *out.v);
  }
  doc->n_timexes = rc == DL_OK ? out.n : 0;
  if (rc != DL_OK) doc->timexes = NULL;
  free(out.v);
  if (rc) return dl_err_set(err, rc, "%s: out of memory",
                            doc->meta.source ? doc->meta.source : "(input)");
  return DL_OK;
}
