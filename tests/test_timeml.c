/*
 * test_timeml.c -- unit tests of the TimeML evaluation (src/cli/cmd_timeml.c):
 * reading inline TimeML and MEANTIME CAT XML into plain text with gold
 * spans, value comparison, span matching and scoring, and the command's
 * exit codes.
 *
 * The evaluator lives in the CLI, not the library, so this file compiles
 * it in (with the CLI helpers it calls). Every document below is written
 * for the test; none comes from a corpus.
 */
#define _XOPEN_SOURCE 700 /* util.c's realpath, before any header */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#include "cli/cmd_timeml.c"
#include "cli/util.c"

/* The gold span's text, copied into a static buffer for CHECK_STR. */
static const char *span_text(const tml_doc *d, size_t i) {
  static char buf[256];
  size_t n = d->gold[i].end - d->gold[i].start;
  if (n >= sizeof buf) n = sizeof buf - 1;
  memcpy(buf, d->text + d->gold[i].start, n);
  buf[n] = '\0';
  return buf;
}

static const char tbaq_doc[] =
    "<?xml version=\"1.0\" ?>\n"
    "<TimeML>\n"
    "<DOCID>TEST1</DOCID>\n"
    "<DCT><TIMEX3 tid=\"t0\" type=\"TIME\" value=\"2001-05-04T10:30\" "
    "functionInDocument=\"CREATION_TIME\">2001-05-04 10:30</TIMEX3></DCT>\n"
    "<TEXT>\n"
    "The ferry <EVENT eid=\"e1\" class=\"OCCURRENCE\">sailed</EVENT> "
    "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2001-05-03\">yesterday</TIMEX3> "
    "from Bergen &amp; Oslo.\n"
    "A\xC2\xA0" "crew <TIMEX3 tid=\"t2\" type=\"DURATION\" value=\"P2D\">two days</TIMEX3> "
    "late, said Ms. Lund <TIMEX3 tid=\"t3\" type=\"TIME\" value=\"2001-05-04T09:00\">"
    "at <SIGNAL sid=\"s1\">nine</SIGNAL> this morning</TIMEX3>.<TIMEX3 tid=\"t9\" "
    "type=\"DATE\" value=\"2001\"/>\n"
    "</TEXT>\n"
    "</TimeML>\n";

static void test_read_tbaq(void) {
  tml_doc d;
  dl_err err = {0};
  CHECK(tml_detect(tbaq_doc, strlen(tbaq_doc)) == TML_TBAQ);
  CHECK(tml_read(TML_AUTO, "t.tml", tbaq_doc, strlen(tbaq_doc), &d, &err) == DL_OK);
  CHECK_STR(d.dct, "2001-05-04");
  /* tags gone, &amp; decoded, the no-break space cleaned to a space */
  CHECK_STR(d.text, "\nThe ferry sailed yesterday from Bergen & Oslo.\n"
                    "A crew two days late, said Ms. Lund at nine this morning.\n");
  CHECK(d.n_gold == 3); /* the empty <TIMEX3/> has no text */
  CHECK(d.scored_end == d.len);
  if (d.n_gold == 3) {
    CHECK_STR(span_text(&d, 0), "yesterday");
    CHECK_STR(d.gold[0].value, "2001-05-03");
    CHECK(d.gold[0].type == DL_TIMEX_DATE);
    CHECK(d.gold[0].line == 6);
    CHECK_STR(span_text(&d, 1), "two days");
    CHECK(d.gold[1].type == DL_TIMEX_DURATION);
    CHECK_STR(span_text(&d, 2), "at nine this morning");
    CHECK(d.gold[2].type == DL_TIMEX_TIME);
    CHECK(d.gold[2].line == 7);
  }
  /* the body a document gets is the same text, byte for byte */
  dl_doc *doc = dl_doc_new();
  CHECK(doc && dl_doc_set_body(doc, d.text, d.len) == DL_OK);
  size_t blen = 0;
  const char *body = doc ? dl_doc_body(doc, &blen) : "";
  CHECK(blen == d.len && !memcmp(body, d.text, blen));
  dl_doc_free(doc);
  tml_doc_free(&d);
}

static void test_tbaq_errors(void) {
  tml_doc d;
  dl_err err = {0};
  const char *no_dct = "<TimeML>\n<TEXT>Nothing here.</TEXT></TimeML>\n";
  CHECK(tml_read(TML_TBAQ, "a.tml", no_dct, strlen(no_dct), &d, &err) == DL_ERROR);
  CHECK(strstr(err.msg, "a.tml:") && strstr(err.msg, "DCT"));
  tml_doc_free(&d);

  const char *bad_dct = "<TimeML>\n<DCT><TIMEX3 value=\"1999-02-30\">x</TIMEX3></DCT>\n"
                        "<TEXT>x</TEXT>\n";
  CHECK(tml_read(TML_TBAQ, "b.tml", bad_dct, strlen(bad_dct), &d, &err) == DL_ERROR);
  CHECK(strstr(err.msg, "b.tml:2:") != NULL);
  tml_doc_free(&d);

  const char *open = "<TimeML>\n<DCT><TIMEX3 value=\"1999-02-03\">x</TIMEX3></DCT>\n"
                     "<TEXT>\nIt rained\n<TIMEX3 type=\"DATE\" value=\"1999-02-02\">on Tuesday.\n"
                     "</TEXT>\n";
  CHECK(tml_read(TML_TBAQ, "c.tml", open, strlen(open), &d, &err) == DL_ERROR);
  CHECK(strstr(err.msg, "c.tml:5: <TIMEX3> not closed") != NULL);
  tml_doc_free(&d);

  const char *stray = "<TimeML>\n<DCT><TIMEX3 value=\"1999-02-03\">x</TIMEX3></DCT>\n"
                      "<TEXT>\nIt rained.</TIMEX3>\n</TEXT>\n";
  CHECK(tml_read(TML_TBAQ, "d.tml", stray, strlen(stray), &d, &err) == DL_ERROR);
  CHECK(strstr(err.msg, "d.tml:4:") != NULL);
  tml_doc_free(&d);

  const char *none = "just some words\n";
  CHECK(tml_detect(none, strlen(none)) == TML_UNKNOWN);
  CHECK(tml_read(TML_AUTO, "e.txt", none, strlen(none), &d, &err) == DL_ERROR);
  tml_doc_free(&d);
}

/* A MEANTIME-like document: title (sentence 0), date line (1), three
 * sentences of which only the first two carry annotation. */
static const char meantime_doc[] =
    "<?xml version=\"1.0\" ?><Document doc_id=\"1\" lang=\"en\">\n"
    "<token number=\"0\" sentence=\"0\" t_id=\"1\">Mill</token>\n"
    "<token number=\"1\" sentence=\"0\" t_id=\"2\">closes</token>\n"
    "<token number=\"2\" sentence=\"1\" t_id=\"3\">April</token>\n"
    "<token number=\"3\" sentence=\"1\" t_id=\"4\">02</token>\n"
    "<token number=\"4\" sentence=\"1\" t_id=\"5\">,</token>\n"
    "<token number=\"5\" sentence=\"1\" t_id=\"6\">2010</token>\n"
    "<token number=\"6\" sentence=\"2\" t_id=\"7\">The</token>\n"
    "<token number=\"7\" sentence=\"2\" t_id=\"8\">town</token>\n"
    "<token number=\"8\" sentence=\"2\" t_id=\"9\">'s</token>\n"
    "<token number=\"9\" sentence=\"2\" t_id=\"10\">mill</token>\n"
    "<token number=\"10\" sentence=\"2\" t_id=\"11\">shut</token>\n"
    "<token number=\"11\" sentence=\"2\" t_id=\"12\">on</token>\n"
    "<token number=\"12\" sentence=\"2\" t_id=\"13\">Monday</token>\n"
    "<token number=\"13\" sentence=\"2\" t_id=\"14\">(</token>\n"
    "<token number=\"14\" sentence=\"2\" t_id=\"15\">$</token>\n"
    "<token number=\"15\" sentence=\"2\" t_id=\"16\">5</token>\n"
    "<token number=\"16\" sentence=\"2\" t_id=\"17\">)</token>\n"
    "<token number=\"17\" sentence=\"2\" t_id=\"18\">.</token>\n"
    "<token number=\"18\" sentence=\"3\" t_id=\"19\">``</token>\n"
    "<token number=\"19\" sentence=\"3\" t_id=\"20\">Sad</token>\n"
    "<token number=\"20\" sentence=\"3\" t_id=\"21\">&amp;</token>\n"
    "<token number=\"21\" sentence=\"3\" t_id=\"22\">odd</token>\n"
    "<token number=\"22\" sentence=\"3\" t_id=\"23\">''</token>\n"
    "<token number=\"23\" sentence=\"3\" t_id=\"24\">,</token>\n"
    "<token number=\"24\" sentence=\"3\" t_id=\"25\">&quot;</token>\n"
    "<token number=\"25\" sentence=\"3\" t_id=\"26\">she</token>\n"
    "<token number=\"26\" sentence=\"3\" t_id=\"27\">said</token>\n"
    "<token number=\"27\" sentence=\"3\" t_id=\"28\">&quot;</token>\n"
    "<token number=\"28\" sentence=\"3\" t_id=\"29\">.</token>\n"
    "<token number=\"29\" sentence=\"4\" t_id=\"30\">It</token>\n"
    "<token number=\"30\" sentence=\"4\" t_id=\"31\">reopens</token>\n"
    "<token number=\"31\" sentence=\"4\" t_id=\"32\">in</token>\n"
    "<token number=\"32\" sentence=\"4\" t_id=\"33\">May</token>\n"
    "<token number=\"33\" sentence=\"4\" t_id=\"34\">.</token>\n"
    "<Markables>\n"
    "<TIMEX3 functionInDocument=\"NONE\" m_id=\"5\" type=\"DATE\" value=\"2010-03-29\">\n"
    "<token_anchor t_id=\"12\"/>\n<token_anchor t_id=\"13\"/>\n</TIMEX3>\n"
    "<ENTITY_MENTION m_id=\"6\">\n<token_anchor t_id=\"26\"/>\n</ENTITY_MENTION>\n"
    "<TIMEX3 functionInDocument=\"CREATION_TIME\" m_id=\"4\" type=\"DATE\" value=\"02-04-2010\">\n"
    "<token_anchor t_id=\"3\"/>\n<token_anchor t_id=\"4\"/>\n<token_anchor t_id=\"5\"/>\n"
    "<token_anchor t_id=\"6\"/>\n</TIMEX3>\n"
    "<TIMEX3 TAG_DESCRIPTOR=\"x\" m_id=\"7\" type=\"DATE\" value=\"2009\"/>\n"
    "</Markables>\n</Document>\n";

static void test_read_meantime(void) {
  tml_doc d;
  dl_err err = {0};
  CHECK(tml_detect(meantime_doc, strlen(meantime_doc)) == TML_MEANTIME);
  CHECK(tml_read(TML_AUTO, "m.xml", meantime_doc, strlen(meantime_doc), &d, &err) == DL_OK);
  CHECK_STR(d.text, "Mill closes\n\nApril 02, 2010\n\n"
                    "The town's mill shut on Monday ($5). \"Sad & odd\", \"she said\". "
                    "It reopens in May.");
  /* the date written DD-MM-YYYY is read as such */
  CHECK_STR(d.dct, "2010-04-02");
  CHECK(d.n_gold == 2); /* sorted by position; the TAG_DESCRIPTOR one has no text */
  if (d.n_gold == 2) {
    CHECK_STR(span_text(&d, 0), "April 02, 2010");
    CHECK_STR(d.gold[0].value, "2010-04-02");
    CHECK_STR(span_text(&d, 1), "on Monday");
  }
  /* annotation reaches sentence 3 (the entity on "she"), not sentence 4 */
  const char *last = strstr(d.text, "\"she said\".");
  CHECK(last && d.scored_end == (uint32_t)(last - d.text) + strlen("\"she said\"."));
  tml_doc_free(&d);
}

static void test_meantime_date_line(void) {
  /* no CREATION_TIME: the markable on the date line gives the date */
  const char *doc =
      "<Document doc_id=\"2\">\n"
      "<token sentence=\"0\" t_id=\"1\">Title</token>\n"
      "<token sentence=\"1\" t_id=\"2\">2012-07-09</token>\n"
      "<token sentence=\"2\" t_id=\"3\">Words</token>\n"
      "<TIMEX3 functionInDocument=\"NONE\" type=\"DATE\" value=\"2012-07-09\">"
      "<token_anchor t_id=\"2\"/></TIMEX3>\n</Document>\n";
  tml_doc d;
  dl_err err = {0};
  CHECK(tml_read(TML_MEANTIME, "n.xml", doc, strlen(doc), &d, &err) == DL_OK);
  CHECK_STR(d.dct, "2012-07-09");
  tml_doc_free(&d);

  const char *dangling =
      "<Document doc_id=\"3\">\n"
      "<token sentence=\"0\" t_id=\"1\">Title</token>\n"
      "<TIMEX3 functionInDocument=\"CREATION_TIME\" type=\"DATE\" value=\"2012-07-09\">\n"
      "<token_anchor t_id=\"9\"/></TIMEX3>\n</Document>\n";
  CHECK(tml_read(TML_MEANTIME, "o.xml", dangling, strlen(dangling), &d, &err) == DL_ERROR);
  CHECK(strstr(err.msg, "o.xml:3:") != NULL);
  tml_doc_free(&d);
}

static void test_value_equal(void) {
  CHECK(tml_value_equal("1998-08-07", "1998-08-07"));
  CHECK(tml_value_equal("1998-08-07T08:00", "1998-08-07T08:00:00"));
  CHECK(tml_value_equal("1998-10-13T06", "1998-10-13T06:00"));
  CHECK(tml_value_equal("2019-w09", "2019-W09"));
  CHECK(tml_value_equal("1998-08-07TMO", "1998-08-07TMO"));
  CHECK(!tml_value_equal("1998-08-07T08:00", "1998-08-07T08:30"));
  CHECK(!tml_value_equal("1998-08", "1998-08-07"));
  CHECK(!tml_value_equal("1998-08-07TMO", "1998-08-07T08:00"));
  CHECK(!tml_value_equal("2019-01", "2019-01/2019-02"));
  CHECK(!tml_value_equal("PAST_REF", NULL));
  CHECK(tml_value_equal("1949-XX", "1949"));
  CHECK(tml_value_equal("1998-10-XX", "1998-10"));
  CHECK(!tml_value_equal("1989-WXX", "1989-W42"));
  CHECK(!tml_value_equal("1989-WXX", "1989"));
  CHECK(!tml_value_equal("XXXX-XX-XX", "2001-05-04"));
}

/* Offset of needle in text (which contains it). */
static uint32_t at(const char *text, const char *needle) {
  const char *p = strstr(text, needle);
  return p ? (uint32_t)(p - text) : 0;
}

/* A gold or system span [start, end) over needle. */
#define SPAN(needle) at(text, needle), at(text, needle) + (uint32_t)strlen(needle)

/* A hand-made document and system output for the matcher. */
static void test_score(void) {
  tml_doc d = {0};
  const char *text = "On Monday and Tuesday we met for two days in May 2001 at noon.";
  d.len = strlen(text);
  d.cap = d.len + 1;
  d.text = strdup(text);
  d.scored_end = (uint32_t)d.len;
  tml_gold g[] = {
      {SPAN("Monday"), DL_TIMEX_DATE, strdup("2001-05-07"), 1},
      {SPAN("Tuesday"), DL_TIMEX_DATE, strdup("2001-05-08"), 1},
      {SPAN("two days"), DL_TIMEX_DURATION, strdup("P2D"), 1},
      {SPAN("May 2001"), DL_TIMEX_DATE, strdup("2001-05"), 1},
      {SPAN("at noon"), DL_TIMEX_TIME, strdup("2001-05-08T12:00"), 1},
  };
  d.gold = g;
  d.n_gold = d.cap_gold = 5;
  dl_timex s[] = {
      {SPAN("On Monday"), 0, 0, 0, DL_TIMEX_DATE, 0, "2001-05-07"}, /* loses to the exact one */
      {SPAN("Monday"), 0, 0, 0, DL_TIMEX_DATE, 0, "2001-05-07"},    /* strict */
      {SPAN("Tuesday"), 0, 0, 0, DL_TIMEX_DATE, 0, "2001-05-01"},   /* wrong value */
      {SPAN("days"), 0, 0, 0, DL_TIMEX_DATE, 0, "XXXX"},            /* on a gold DURATION */
      {SPAN("2001"), 0, 0, 0, DL_TIMEX_DATE, 0, "2001-05"},         /* relaxed, right */
      {SPAN("noon"), 0, 0, 0, DL_TIMEX_DURATION, 0, "PT1H"},        /* not scored */
  };
  tml_tally t = {0};
  FILE *sink = tmpfile();
  tml_score(&d, s, 6, "x.tml", &t, sink);
  CHECK(t.gold == 4);
  CHECK(t.sys == 5);
  CHECK(t.strict == 2);  /* Monday, Tuesday */
  CHECK(t.relaxed == 3); /* + May 2001; "On Monday" stays a false alarm */
  CHECK(t.value_ok == 2);
  CHECK(t.sys_on_other == 1);
  CHECK(t.gold_in_other == 1); /* "at noon" under the system DURATION */
  if (sink) {
    /* -v lines: 1 MISS, 1 VALUE, 1 SPAN, 2 FALSE */
    char line[512];
    int kinds[4] = {0};
    rewind(sink);
    while (fgets(line, sizeof line, sink)) {
      kinds[0] += !strncmp(line, "MISS\t", 5);
      kinds[1] += !strncmp(line, "VALUE\t", 6);
      kinds[2] += !strncmp(line, "SPAN\t", 5);
      kinds[3] += !strncmp(line, "FALSE\t", 6);
    }
    CHECK(kinds[0] == 1 && kinds[1] == 1 && kinds[2] == 1 && kinds[3] == 2);
    fclose(sink);
  }
  /* a region limit drops the system expressions after it */
  tml_tally u = {0};
  d.scored_end = at(text, "in May");
  tml_score(&d, s, 6, "x.tml", &u, NULL);
  CHECK(u.sys == 4);
  for (size_t i = 0; i < 5; i++) free(g[i].value);
  free(d.text);
}

/* Writes s to dir/name; returns 0 on success. */
static int write_file(const char *dir, const char *name, const char *s) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *fp = fopen(path, "w");
  if (!fp) return -1;
  fputs(s, fp);
  return fclose(fp);
}

static void test_command(void) {
  char *argv_help[] = {"timeml", "--help", NULL};
  char *argv_bad[] = {"timeml", "--bogus", "x", NULL};
  char *argv_none[] = {"timeml", NULL};
  char *argv_fmt[] = {"timeml", "--format", "xml", "x", NULL};
  CHECK(dl_cmd_eval_timeml(2, argv_help) == EXIT_OK);
  CHECK(dl_cmd_eval_timeml(3, argv_bad) == EXIT_USAGE);
  CHECK(dl_cmd_eval_timeml(1, argv_none) == EXIT_USAGE);
  CHECK(dl_cmd_eval_timeml(4, argv_fmt) == EXIT_USAGE);

  char dir[] = "/tmp/test_timeml_XXXXXX";
  if (!mkdtemp(dir)) {
    CHECK(!"mkdtemp");
    return;
  }
  CHECK(write_file(dir, "good.tml", tbaq_doc) == 0);
  CHECK(write_file(dir, "notes.txt", "not a corpus file, skipped in a directory\n") == 0);
  char *argv_dir[] = {"timeml", "--no-parse", dir, NULL};
  CHECK(dl_cmd_eval_timeml(3, argv_dir) == EXIT_OK);
  CHECK(write_file(dir, "bad.tml", "<TimeML><TEXT>no date</TEXT></TimeML>\n") == 0);
  CHECK(dl_cmd_eval_timeml(3, argv_dir) == EXIT_INPUT);
  char path[600];
  const char *names[] = {"good.tml", "notes.txt", "bad.tml"};
  for (size_t i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    remove(path);
  }
  rmdir(dir);
}

int main(void) {
  RUN(test_read_tbaq);
  RUN(test_tbaq_errors);
  RUN(test_read_meantime);
  RUN(test_meantime_date_line);
  RUN(test_value_equal);
  RUN(test_score);
  RUN(test_command);
  return DONE();
}
