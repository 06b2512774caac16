/*
 * test_time.c -- the time stage: each kind of expression, resolution by
 * tense, year wrap, leap days, expressions at the edges of a text, and
 * garbage that must give no value and no crash.
 *
 * Each case is a text, a reference date, and the expected "text=value"
 * list of every expression found, joined by " | ".
 */
#include "harness.h"
#include "time/time_internal.h"

static dl_text *tx;
static dl_time *tm;

static void found(const char *text, const char *ref, char *out, size_t cap) {
  dl_doc *d;
  dl_err e;
  out[0] = 0;
  if (dl_text_parse_string(tx, text, strlen(text), &d, &e)) return;
  if (ref) dl_doc_set_ref_date(d, ref, DL_DATE_GIVEN);
  if (dl_time_run(tm, d, &e)) {
    dl_doc_free(d);
    return;
  }
  size_t n, o = 0;
  const dl_timex *x = dl_doc_timexes(d, &n);
  const char *b = dl_doc_body(d, NULL);
  for (size_t i = 0; i < n && o + 8 < cap; i++)
    o += (size_t)snprintf(out + o, cap - o, "%s%.*s=%s", i ? " | " : "",
                          (int)(x[i].end - x[i].start), b + x[i].start,
                          x[i].value ? x[i].value : "-");
  dl_doc_free(d);
}

#define T(text, ref, want)                                                 \
  do {                                                                     \
    char got[1024];                                                        \
    found(text, ref, got, sizeof got);                                     \
    CHECK_STR(got, want);                                                  \
  } while (0)

static void test_calendar(void) {
  int y, m, d;
  CHECK(dl_cal_days(1970, 1, 1) == 0);
  dl_cal_ymd(dl_cal_days(2020, 2, 29) + 1, &y, &m, &d);
  CHECK(y == 2020 && m == 3 && d == 1);
  dl_cal_ymd(dl_cal_days(2000, 3, 1) - 1, &y, &m, &d);
  CHECK(y == 2000 && m == 2 && d == 29); /* 2000 is a leap year */
  CHECK(!dl_cal_valid(1900, 2, 29));     /* 1900 is not */
  CHECK(dl_cal_weekday(dl_cal_days(2019, 2, 21)) == 3); /* a Thursday */
  int wy, wk;
  dl_cal_isoweek(dl_cal_days(2019, 2, 21), &wy, &wk);
  CHECK(wy == 2019 && wk == 8);
  dl_cal_isoweek(dl_cal_days(2021, 1, 1), &wy, &wk); /* in 2020's last week */
  CHECK(wy == 2020 && wk == 53);
  CHECK(dl_cal_parse_ymd("2019-02-21", &y, &m, &d) && !dl_cal_parse_ymd("2019-02-30", &y, &m, &d));
}

static void test_absolute(void) {
  T("They meet on Feb. 27.", "2019-02-21", "Feb. 27=2019-02-27");
  T("It was signed December 3, 2018.", "2019-02-21", "December 3, 2018=2018-12-03");
  T("Talks began 3 December.", "2019-02-21", "3 December=2018-12-03");
  T("The deadline is 2019-02-27.", NULL, "2019-02-27=2019-02-27");
  T("Posted Dec. 03, 2018 08:10 here.", NULL, "Dec. 03, 2018 08:10=2018-12-03T08:10");
  T("The summit runs Feb. 27-28 in Hanoi.", "2019-02-21", "Feb. 27-28=2019-02-27/2019-02-28");
  T("Inflation rose in December 2018.", NULL, "December 2018=2018-12");
  T("It happened in 1998.", NULL, "1998=1998");
  T("Growth in the 1990s slowed.", NULL, "1990s=199");
  T("He sent 2000 troops.", NULL, "");
}

static void test_relative(void) {
  /* weekdays by tense: the paper of Monday 2018-12-03 */
  T("Trump said Saturday (local time) that he would go.", "2018-12-03",
    "Saturday (local time)=2018-12-01");
  T("The leaders will meet Saturday.", "2018-12-03", "Saturday=2018-12-08");
  T("On Tuesday, the president said he would wait.", "2019-02-21", "Tuesday=2019-02-19");
  T("They met yesterday and will meet again tomorrow.", "2019-02-21",
    "yesterday=2019-02-20 | tomorrow=2019-02-22");
  T("Last June, the committee approved it.", "2019-02-21", "Last June=2018-06");
  T("He will visit next June.", "2019-02-21", "next June=2019-06");
  T("It starts this week and ends next week.", "2019-02-21",
    "this week=2019-W08 | next week=2019-W09");
  T("A second meeting would happen early next year.", "2018-12-03", "early next year=2019");
  T("Prices fell last month.", "2019-01-15", "last month=2018-12");
  T("Later this month they vote.", "2019-02-21", "Later this month=2019-02");
  T("It may happen by the year\xE2\x80\x99s end.", "2018-12-03", "by the year\xE2\x80\x99s end=2018");
  T("The law passed two years ago.", "2019-02-21", "two years ago=2017");
  T("The talks ended three days ago.", "2019-03-02", "three days ago=2019-02-27");
  T("Profit rose in the fourth quarter.", "1998-02-06", "the fourth quarter=1997-Q4");
  T("They will meet this weekend.", "2019-02-21", "this weekend=2019-W08-WE");
  T("Last night the rebels attacked.", "2019-02-21", "Last night=2019-02-20TNI");
}

static void test_year_wrap(void) {
  /* "January" said in December is next January; said in a past clause,
   * a December in January is last December */
  T("The summit is likely to take place in January or February.", "2018-12-03",
    "January or February=2019-01/2019-02");
  T("Exports fell in December, officials said.", "2019-01-10", "December=2018-12");
  T("The vote will be held on Jan. 5.", "2018-12-28", "Jan. 5=2019-01-05");
  T("It was signed on Dec. 30.", "2019-01-03", "Dec. 30=2018-12-30");
}

static void test_leap(void) {
  T("The deal was signed Feb. 29, 2020.", NULL, "Feb. 29, 2020=2020-02-29");
  /* a deadline reported in a past clause lies ahead */
  T("The company said the offer would expire Nov. 16.", "1989-11-01", "Nov. 16=1989-11-16");
  T("They met on Feb. 29.", "2020-03-02", "Feb. 29=2020-02-29");
  T("Nothing happened on Feb. 29, 2019.", NULL, "");
  T("A day later, Feb. 28.", "2021-03-01", "A day later=- | Feb. 28=2021-02-28");
}

static void test_times_durations_vague(void) {
  T("The blast came at 10 a.m. Monday.", "2019-02-21", "10 a.m. Monday=2019-02-18T10:00");
  T("Voting closes at 08:10 local time.", "2019-02-21", "08:10 local time=2019-02-21T08:10");
  T("Their two-day summit opens.", NULL, "two-day=P2D");
  T("He was held for 48 hours.", NULL, "48 hours=PT48H");
  T("In recent days both sides have talked.", "2019-02-21", "recent days=PAST_REF");
  T("The talks are now stalled.", "2019-02-21", "now=PRESENT_REF");
}

static void test_no_reference(void) {
  /* without a reference date, expressions that need one have no value */
  T("They met on Saturday and will meet next week.", NULL, "Saturday=- | next week=-");
  T("It was signed December 3, 2018.", NULL, "December 3, 2018=2018-12-03");
}

static void test_edges_and_garbage(void) {
  T("Saturday", "2018-12-03", "Saturday=2018-12-01");
  T("They met in Hanoi on Feb. 27", "2019-03-01", "Feb. 27=2019-02-27");
  T("It was Feb. 31, 2019 or the 99th of Smarch.", "2019-02-21", "");
  T("Feb. 31", "2019-02-21", "");
  T("the 99th", "2019-02-21", "");
  T("", "2019-02-21", "");
  T("May the talks succeed.", "2019-02-21", "");
  T("In May the talks succeeded.", "2019-02-21", "May=2018-05");
  /* a long run of date-like tokens stays linear and does not crash */
  size_t n = 20000 * 8;
  char *s = malloc(n + 1);
  for (size_t i = 0; i < n; i += 8) memcpy(s + i, "Feb. 27 ", 8);
  s[n] = 0;
  dl_doc *d;
  dl_err e;
  CHECK(dl_text_parse_string(tx, s, n, &d, &e) == DL_OK);
  dl_doc_set_ref_date(d, "2019-02-21", DL_DATE_GIVEN);
  CHECK(dl_time_run(tm, d, &e) == DL_OK);
  size_t nt;
  dl_doc_timexes(d, &nt);
  CHECK(nt == 20000);
  dl_doc_free(d);
  free(s);
}

/* Sets the parse of token i by hand: head index (-1 root), relation,
 * lemma, and a verb tag. */
static void arc(dl_doc *d, size_t i, int head, const char *rel, const char *lemma) {
  d->toks[i].head = head;
  d->toks[i].deprel = (uint8_t)dl_deprel_from_name(rel);
  d->toks[i].lemma = lemma;
  d->toks[i].upos = DL_UPOS_VERB;
}

static void test_when(void) {
  /* 0 Trump 1 said 2 Saturday 3 that 4 a 5 summit 6 will 7 happen 8 in
   * 9 January 10 . */
  const char *s = "Trump said Saturday that a summit will happen in January.";
  dl_doc *d;
  dl_err e;
  CHECK(dl_text_parse_string(tx, s, strlen(s), &d, &e) == DL_OK);
  dl_doc_set_ref_date(d, "2018-12-03", DL_DATE_TEXT);
  CHECK(dl_time_run(tm, d, &e) == DL_OK);
  for (size_t i = 0; i < 11; i++) arc(d, i, 1, "dep", "x");
  arc(d, 1, -1, "root", "say");
  arc(d, 2, 1, "obl:tmod", "Saturday");
  arc(d, 7, 1, "ccomp", "happen");
  arc(d, 9, 7, "obl", "January");
  arc(d, 8, 9, "case", "in");
  dl_when w;
  CHECK(dl_time_when(d, 1, &w) == DL_OK);
  CHECK_STR(w.value, "2018-12-01");
  CHECK(w.source == DL_WHEN_ATTACHED && w.precision == 'D' && !w.future);
  CHECK(dl_time_when(d, 7, &w) == DL_OK);
  CHECK_STR(w.value, "2019-01");
  CHECK(w.source == DL_WHEN_ATTACHED && w.precision == 'M' && w.future);
  /* without its own date, the embedded clause takes the saying's */
  arc(d, 9, 1, "dep", "January");
  CHECK(dl_time_when(d, 7, &w) == DL_OK);
  CHECK_STR(w.value, "2018-12-01");
  CHECK(w.source == DL_WHEN_REPORTING);
  /* nothing at all: the reference date */
  arc(d, 10, -1, "root", ".");
  arc(d, 2, 10, "dep", "Saturday");
  arc(d, 9, 10, "dep", "January");
  CHECK(dl_time_when(d, 7, &w) == DL_OK);
  CHECK_STR(w.value, "2018-12-03");
  CHECK(w.source == DL_WHEN_REFERENCE && !w.future);
  CHECK(dl_time_when(d, 999, &w) == DL_MISUSE);
  dl_doc_free(d);
  /* no parse: the nearest expression in the sentence */
  const char *s2 = "Trump and Kim will start their two-day summit in Hanoi, Feb. 27.";
  CHECK(dl_text_parse_string(tx, s2, strlen(s2), &d, &e) == DL_OK);
  dl_doc_set_ref_date(d, "2019-02-21", DL_DATE_GIVEN);
  CHECK(dl_time_run(tm, d, &e) == DL_OK);
  CHECK(dl_time_when(d, 4, &w) == DL_OK); /* start */
  CHECK_STR(w.value, "2019-02-27");
  CHECK(w.future);
  dl_doc_free(d);
}

int main(void) {
  dl_err e;
  if (dl_text_new(&tx, &e) || dl_time_new(&tm, &e)) return 1;
  RUN(test_calendar);
  RUN(test_absolute);
  RUN(test_relative);
  RUN(test_year_wrap);
  RUN(test_leap);
  RUN(test_times_durations_vague);
  RUN(test_no_reference);
  RUN(test_edges_and_garbage);
  RUN(test_when);
  dl_text_free(tx);
  dl_time_free(tm);
  return DONE();
}
