/*
 * test_read.c -- the readers: scraped text with chrome, metadata dates,
 * JSONL, PETRARCH XML, and bad input of every kind.
 */
#include "core/core.h"
#include "harness.h"
#include "read/read_internal.h"

static dl_doc *read_text(const char *s, dl_err *e) {
  dl_doc *d = NULL;
  dl_read_text("t.txt", s, strlen(s), NULL, &d, e);
  return d;
}

static size_t sentence_count(dl_doc *d) {
  dl_text *t;
  dl_err e;
  dl_text_new(&t, &e);
  dl_text_run(t, d, &e);
  dl_text_free(t);
  size_t n;
  dl_doc_sentences(d, &n);
  return n;
}

static void test_dates(void) {
  struct {
    const char *in, *want;
  } cases[] = {
      {"Posted December. 03, 2018 08:10,", "2018-12-03T08:10"},
      {"Published: 2019-02-21 14:05", "2019-02-21T14:05"},
      {"Updated : 2019-03-01 10:22 KST", "2019-03-01T10:22"},
      {"Feb 21, 2019 | 9:15 PM", "2019-02-21T21:15"},
      {"Last updated on 12 March 2020", "2020-03-12"},
      {"Published 5:52 PM EDT, June 24, 2019", "2019-06-24T17:52"},
      {"2020-01-15T08:00:00Z", "2020-01-15T08:00"},
      {"19950101", "1995-01-01"},
      {"March 4th, 2021", "2021-03-04"},
      {"2019.02.21", "2019-02-21"},
      {"21/02/2019", "2019-02-21"},
      {"29.02.2020 12:00 AM", "2020-02-29T00:00"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    dl_isodate d;
    bool ok = dl_read_find_date(cases[i].in, strlen(cases[i].in), &d, NULL);
    CHECK(ok);
    CHECK_STR(ok ? d.s : NULL, cases[i].want);
  }
  /* ambiguous numeric dates keep the other reading */
  dl_isodate d;
  CHECK(dl_read_find_date("10/01/2019 - 08:42", 18, &d, NULL));
  CHECK_STR(d.s, "2019-10-01T08:42");
  CHECK_STR(d.alt, "2019-01-10T08:42");
  /* not dates */
  const char *bad[] = {"Feb. 31, 2019", "February 2019", "the 99th", "2019-13-01",
                       "29 February 2019", "12:30"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    CHECK(!dl_read_find_date(bad[i], strlen(bad[i]), &d, NULL));
  CHECK(dl_read_month("Sept.", 5) == 9 && dl_read_month("Mayor", 5) == 0);
}

/* A page with chrome of a kind the examples do not use. */
static void test_chrome(void) {
  const char *page =
      "Skip to navigation\n"
      "World | Europe | Politics\n"
      "\n"
      "EU ministers agree new steps on energy prices\n"
      "\n"
      "By ANNA BERG, Staff Writer\n"
      "Updated: March 5, 2022 at 6:40 p.m.\n"
      "Published: March 5, 2022 at 4:15 p.m.\n"
      "\n"
      "Share on Facebook\n"
      "Share on X\n"
      "\n"
      "BRUSSELS \xE2\x80\x94 European Union energy ministers agreed on Friday to "
      "coordinate gas purchases, officials said.\n"
      "\n"
      "A minister holds a folder at the meeting in Brussels. (Reuters)\n"
      "\n"
      "The ministers did not agree on a price cap. They will meet again next "
      "month, the presidency said.\n"
      "Advertisement\n"
      "\"We are not there yet,\" one diplomat said.\n"
      "\n"
      "Related: Gas prices fall after the deal\n"
      "\n"
      "Most read\n"
      "Storm hits the coast\n"
      "Election results in maps\n"
      "Markets close higher\n"
      "Sign up for the morning briefing and get the news first.\n"
      "\xC2\xA9 2022 The Example Times. All rights reserved.\n";
  dl_err e;
  dl_doc *d = read_text(page, &e);
  CHECK(d != NULL);
  if (!d) return;
  const dl_meta *m = dl_doc_meta(d);
  CHECK_STR(m->title, "EU ministers agree new steps on energy prices");
  CHECK_STR(m->byline, "Anna Berg");
  CHECK_STR(m->published, "2022-03-05T16:15");
  CHECK_STR(m->updated, "2022-03-05T18:40");
  CHECK_STR(m->ref_date, "2022-03-05");
  CHECK(m->date_source == DL_DATE_TEXT);
  CHECK_STR(m->dateline, "BRUSSELS");
  CHECK_STR(m->id, "t");
  size_t n;
  const char *body = dl_doc_body(d, &n);
  CHECK(!strncmp(body, "BRUSSELS", 8));
  CHECK(strstr(body, "(Reuters)") == NULL);
  CHECK(strstr(body, "Advertisement") == NULL);
  CHECK(strstr(body, "Related") == NULL);
  CHECK(strstr(body, "Sign up") == NULL);
  CHECK(strstr(body, "rights reserved") == NULL);
  CHECK(sentence_count(d) == 4);
  dl_doc_free(d);
}

/* The reader must not invent metadata: no date, no byline, no title. */
static void test_bare_text(void) {
  dl_err e;
  dl_doc *d = read_text("Protesters gathered outside parliament on Monday, police said.\n", &e);
  CHECK(d != NULL);
  if (!d) return;
  const dl_meta *m = dl_doc_meta(d);
  CHECK(m->title == NULL && m->byline == NULL && m->published == NULL);
  CHECK(m->ref_date == NULL && m->date_source == DL_DATE_NONE);
  dl_doc_free(d);
}

static void test_bad_text(void) {
  dl_err e;
  dl_doc *d = NULL;
  CHECK(dl_read_text("empty.txt", "", 0, NULL, &d, &e) == DL_ERROR);
  CHECK(strstr(e.msg, "empty.txt: empty file") != NULL);
  CHECK(dl_read_text("bin.dat", "\x7f" "ELF\0\0\0", 7, NULL, &d, &e) == DL_ERROR);
  CHECK(strstr(e.msg, "bin.dat: binary") != NULL);
  CHECK(dl_read_text("menu.txt", "Home\nNews\nSport\n", 16, NULL, &d, &e) == DL_ERROR);
  CHECK(strstr(e.msg, "no article text") != NULL);
  /* a line over the limit */
  dl_read_opts o = {.max_line_bytes = 100};
  char big[300];
  memset(big, 'x', sizeof big);
  CHECK(dl_read_text("long.txt", big, sizeof big, &o, &d, &e) == DL_ERROR);
  CHECK(strstr(e.msg, "long.txt:1: line of 300 bytes") != NULL);
  CHECK(d == NULL);
  /* invalid UTF-8: replaced, one warning naming file and line */
  const char *bad = "Title of the story here\n\nThe minister said on Monday that talks "
                    "would go on \xff\xfe next week. It is \xc3 fine.\n";
  CHECK(dl_read_text("bad.txt", bad, strlen(bad), NULL, &d, &e) == DL_OK);
  CHECK(d && dl_doc_warning_count(d) == 1);
  if (d) CHECK(strstr(dl_doc_warning(d, 0), "bad.txt:3: invalid UTF-8 (3 bad") != NULL);
  dl_doc_free(d);
}

static void test_jsonl(void) {
  const char *in =
      "{\"id\":\"a1\",\"title\":\"T1\",\"maintext\":\"First para.\\nSecond para.\","
      "\"date_publish\":\"2019-03-02 09:00:00\",\"url\":\"https://x.org/a\","
      "\"source_domain\":\"x.org\",\"authors\":[\"Jane Doe\",\"John Roe\"]}\n"
      "\n"
      "not json at all\n"
      "[1,2,3]\n"
      "{\"id\":7,\"title\":\"no body\"}\n"
      "{\"id\":\"a3\",\"body\":\"Body text here.\",\"date\":\"someday\"}\n";
  dl_reader *r;
  dl_err e;
  CHECK(dl_reader_open_mem("feed.jsonl", in, strlen(in), NULL, &r, &e) == DL_OK);
  CHECK(dl_reader_format(r) == DL_FMT_JSONL);
  dl_doc *d;
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d);
  if (d) {
    const dl_meta *m = dl_doc_meta(d);
    CHECK_STR(m->id, "a1");
    CHECK_STR(m->title, "T1");
    CHECK_STR(m->published, "2019-03-02T09:00");
    CHECK_STR(m->source, "x.org");
    CHECK_STR(m->url, "https://x.org/a");
    CHECK_STR(m->byline, "Jane Doe and John Roe");
    CHECK(m->date_source == DL_DATE_META && m->line == 1);
    CHECK_STR(dl_doc_body(d, NULL), "First para.\n\nSecond para.");
    dl_doc_free(d);
  }
  CHECK(dl_reader_next(r, &d, &e) == DL_ERROR && !d);
  CHECK(strstr(e.msg, "feed.jsonl:3: not JSON") != NULL);
  CHECK(dl_reader_next(r, &d, &e) == DL_ERROR);
  CHECK(strstr(e.msg, "feed.jsonl:4: not a JSON object") != NULL);
  CHECK(dl_reader_next(r, &d, &e) == DL_ERROR);
  CHECK(strstr(e.msg, "feed.jsonl:5: no article text") != NULL);
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d);
  if (d) {
    CHECK(dl_doc_meta(d)->published == NULL);
    CHECK(dl_doc_warning_count(d) == 1);
    dl_doc_free(d);
  }
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d == NULL);
  dl_reader_free(r);

  /* a line over the record limit is skipped, the next is read */
  dl_read_opts o = {.max_doc_bytes = 64};
  char big[256];
  memset(big, ' ', sizeof big);
  memcpy(big, "{\"text\":\"", 9);
  memcpy(big + 200, "\"}\n{\"text\":\"ok.\"}\n", 18);
  CHECK(dl_reader_open_mem("big.jsonl", big, 218, &o, &r, &e) == DL_OK);
  CHECK(dl_reader_next(r, &d, &e) == DL_ERROR);
  CHECK(strstr(e.msg, "big.jsonl:1: line longer") != NULL);
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d);
  dl_doc_free(d);
  dl_reader_free(r);
}

static void test_json_scan(void) {
  dl_jmember m[8];
  size_t n, col;
  const char *why;
  const char *good[] = {"{}", " {\"a\" : [1, -2.5e3, {\"b\": null}], \"c\": true} ",
                        "{\"s\":\"x\\u00e9\\ud83d\\ude00\\n\"}"};
  for (size_t i = 0; i < 3; i++)
    CHECK(dl_json_scan(good[i], strlen(good[i]), m, 8, &n, &why, &col) == 0);
  const char *bad[] = {"{\"a\":1,}", "{\"a\" 1}", "{\"a\":01}", "{\"a\":\"\\q\"}",
                       "{\"a\":tru}", "{\"a\":1} x", "{\"a\":\"open}", "{\"a\":\"\x01\"}",
                       "{\"a\":\"\xff\"}", "", "{"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    CHECK(dl_json_scan(bad[i], strlen(bad[i]), m, 8, &n, &why, &col) == -1);
  CHECK(dl_json_scan("[1]", 3, m, 8, &n, &why, &col) == -2);
  char deep[300];
  for (int i = 0; i < 100; i++) deep[i] = '[';
  memcpy(deep, "{\"a\":", 5);
  deep[100] = 0;
  CHECK(dl_json_scan(deep, 100, m, 8, &n, &why, &col) == -1);
  /* decoding */
  const char *v = "\"a\\\"b\\u00e9\\ud83d\\ude00\\t\"";
  char out[64];
  size_t k = dl_json_unescape(v, strlen(v), out);
  out[k] = 0;
  CHECK_STR(out, "a\"b\xc3\xa9\xf0\x9f\x98\x80\t");
}

static void test_petrarch(void) {
  const char *in =
      "<Validation>\n<!-- a comment with <Sentence date=\"1\" id=\"no\"> inside -->\n"
      "<Sentences>\n"
      "<Sentence date=\"19950101\" id=\"DEMO-01\" category=\"DEMO\" sentence=\"true\">\n"
      "<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n"
      "<Text>\nArnor &amp; Rohan met\nGondor envoys.\n</Text>\n"
      "<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>\n"
      "</Sentence>\n"
      "<Sentence date=\"19950102\" id=\"DEMO-02\">\n<Text>No parse here.</Text>\n</Sentence>\n"
      "<Sentence date=\"x\" id=\"DEMO-03\">\n</Sentence>\n"
      "</Sentences>\n</Validation>\n";
  dl_reader *r;
  dl_err e;
  CHECK(dl_reader_open_mem("v.xml", in, strlen(in), NULL, &r, &e) == DL_OK);
  CHECK(dl_reader_format(r) == DL_FMT_PETRARCH);
  dl_doc *d;
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d);
  if (d) {
    CHECK_STR(dl_doc_meta(d)->id, "DEMO-01");
    CHECK_STR(dl_doc_meta(d)->ref_date, "1995-01-01");
    CHECK(dl_doc_meta(d)->line == 4);
    CHECK_STR(dl_doc_body(d, NULL), "Arnor & Rohan met Gondor envoys.");
    dl_doc_free(d);
  }
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d);
  if (d) {
    CHECK_STR(dl_doc_meta(d)->id, "DEMO-02");
    dl_doc_free(d);
  }
  CHECK(dl_reader_next(r, &d, &e) == DL_ERROR);
  CHECK(strstr(e.msg, "v.xml:") && strstr(e.msg, "DEMO-03 has no <Text>"));
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d == NULL);
  dl_reader_free(r);
}

/* Regression: attributes written with white space around '=' (GigaWord's
 * `date = "20080804" id ="AFP0808020625_4"`) were missed, so the
 * sentences had no id and no date. */
static void test_petrarch_attr_spaces(void) {
  const char *in =
      "<Sentences>\n"
      "<Sentence date = \"20080804\" id =\"AFP0808020625_4\" source = \"AFP\">\n"
      "<Text>Arnor met Gondor.</Text>\n</Sentence>\n"
      "<Sentence date=\t'20080805' id=  \"AFP-2\" xid=\"no\">\n"
      "<Text>Gondor met Arnor.</Text>\n</Sentence>\n"
      "<Sentence valid=\"x\" id\n=\n\"AFP-3\">\n<Text>Rohan met Arnor.</Text>\n</Sentence>\n"
      "</Sentences>\n";
  dl_reader *r;
  dl_err e;
  CHECK(dl_reader_open_mem("g.xml", in, strlen(in), NULL, &r, &e) == DL_OK);
  dl_doc *d;
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d);
  if (d) {
    CHECK_STR(dl_doc_meta(d)->id, "AFP0808020625_4");
    CHECK_STR(dl_doc_meta(d)->ref_date, "2008-08-04");
    dl_doc_free(d);
  }
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d);
  if (d) {
    CHECK_STR(dl_doc_meta(d)->id, "AFP-2"); /* not the "xid" */
    CHECK_STR(dl_doc_meta(d)->ref_date, "2008-08-05");
    dl_doc_free(d);
  }
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d);
  if (d) {
    CHECK_STR(dl_doc_meta(d)->id, "AFP-3");
    dl_doc_free(d);
  }
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d == NULL);
  dl_reader_free(r);
}

static void test_open(void) {
  dl_reader *r;
  dl_err e;
  CHECK(dl_reader_open("/nonexistent/file.txt", NULL, &r, &e) == DL_IO);
  CHECK(strstr(e.msg, "/nonexistent/file.txt: cannot open") != NULL);
  CHECK(dl_reader_open("/", NULL, &r, &e) == DL_IO);
  dl_format f;
  CHECK(dl_format_parse("jsonl", &f) == DL_OK && f == DL_FMT_JSONL);
  CHECK(dl_format_parse("docx", &f) == DL_MISUSE);
  dl_reader_free(NULL);
}

int main(void) {
  RUN(test_dates);
  RUN(test_chrome);
  RUN(test_bare_text);
  RUN(test_bad_text);
  RUN(test_jsonl);
  RUN(test_json_scan);
  RUN(test_petrarch);
  RUN(test_petrarch_attr_spaces);
  RUN(test_open);
  return DONE();
}
