/*
 * test_read.c -- the readers: scraped text with chrome, metadata dates,
 * JSONL, PETRARCH XML, and bad input of every kind.
 */
#include <stdlib.h>
#include <zlib.h>

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

/* ------------------------------------------------------------------ HTML */

/* An invented news page with the usual chrome around the story. */
static const char news_page[] =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    "<title>Harbour talks stall over fishing quotas | The Coastal Ledger</title>\n"
    "<meta property=\"og:title\" content=\"Harbour talks stall over fishing quotas | The Coastal Ledger\">\n"
    "<meta property=\"og:url\" content=\"https://ledger.example/world/harbour-talks\">\n"
    "<meta property=\"article:published_time\" content=\"2021-03-04T09:15:00+01:00\">\n"
    "<meta property=\"article:modified_time\" content=\"2021-03-05T11:02:00+01:00\">\n"
    "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
    "\"headline\":\"Harbour talks stall\",\"author\":[{\"@type\":\"Person\",\"name\":\"Marta Okafor\"}],"
    "\"publisher\":{\"@type\":\"Organization\",\"name\":\"The Coastal Ledger\"}}</script>\n"
    "<style>.x{color:red}</style><script>var ads = [];</script></head>\n"
    "<body><div id=\"cookie-banner\"><p>We use cookies to improve your experience on our "
    "site, to show you personalised content and to analyse our traffic, as described.</p></div>\n"
    "<header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li>"
    "<li><a href=\"/sport\">Sport</a></li></ul></nav></header>\n"
    "<main><article><h1>Harbour talks stall over fishing quotas</h1>\n"
    "<div class=\"byline\">By <a rel=\"author\" href=\"/m\">Marta Okafor</a></div>\n"
    "<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Tweet</a></div>\n"
    "<div class=\"article-body\">\n"
    "<p>PORT ELLIS \xE2\x80\x94 Negotiators from the two coastal states failed on Thursday to agree "
    "on fishing quotas for the northern banks, officials said, after twelve hours of talks.</p>\n"
    "<p>The fisheries minister, Tomas Berg, said his delegation had offered to cut its catch "
    "by a fifth, but that the other side wanted &ldquo;more than the fish can give&rdquo;.</p>\n"
    "<div class=\"ad-slot\"><p>Advertisement</p></div>\n"
    "<h2>A deadline in April</h2>\n"
    "<p>Both governments must report to the regional commission by April 30, and a third "
    "round of talks is planned for the middle of the month in the harbour town.</p>\n"
    "<aside class=\"related\"><h3>Related</h3><ul><li><a href=\"/a\">Fish prices rise again "
    "this spring</a></li><li><a href=\"/b\">Storm closes the northern ferry route</a></li></ul></aside>\n"
    "<p>Read more: <a href=\"/c\">How the quota system came about in the first place</a></p>\n"
    "</div></article>\n"
    "<section id=\"comments\"><h3>Comments</h3><p>This is a disgrace and the minister should "
    "resign at once, everyone in town knows it, and has known it for years now.</p></section>\n"
    "</main><footer><p>&copy; 2021 The Coastal Ledger. All rights reserved. Terms of use and "
    "privacy policy apply to everything published on this site.</p></footer></body></html>\n";

static dl_doc *read_html(const char *name, const char *s, size_t n, dl_err *e) {
  dl_reader *r;
  dl_doc *d = NULL;
  if (dl_reader_open_mem(name, s, n, NULL, &r, e)) return NULL;
  CHECK(dl_reader_format(r) == DL_FMT_HTML);
  dl_reader_next(r, &d, e);
  dl_reader_free(r);
  return d;
}

static void test_html_article(void) {
  dl_err e;
  dl_doc *d = read_html("page.html", news_page, strlen(news_page), &e);
  CHECK(d != NULL);
  if (!d) {
    fprintf(stderr, "  %s\n", e.msg);
    return;
  }
  const dl_meta *m = dl_doc_meta(d);
  CHECK_STR(m->title, "Harbour talks stall over fishing quotas");
  CHECK_STR(m->byline, "Marta Okafor");
  CHECK_STR(m->published, "2021-03-04T09:15");
  CHECK_STR(m->updated, "2021-03-05T11:02");
  CHECK_STR(m->ref_date, "2021-03-04");
  CHECK_STR(m->url, "https://ledger.example/world/harbour-talks");
  CHECK_STR(m->id, "page");
  size_t n;
  const char *b = dl_doc_body(d, &n);
  CHECK(!strncmp(b, "PORT ELLIS \xE2\x80\x94 Negotiators", 24));
  CHECK(strstr(b, "\xE2\x80\x9Cmore than the fish can give\xE2\x80\x9D.") != NULL);
  CHECK(strstr(b, "A deadline in April") != NULL);
  CHECK(strstr(b, "in the harbour town.") != NULL);
  CHECK(strstr(b, "officials said, after twelve hours of talks.\n\nThe fisheries") != NULL);
  const char *chrome[] = {"cookies", "Home", "Share", "Tweet", "Advertisement", "Related",
                          "Fish prices", "Read more", "disgrace", "rights reserved",
                          "Harbour talks stall", "By "};
  for (size_t i = 0; i < sizeof chrome / sizeof *chrome; i++) {
    if (strstr(b, chrome[i])) fprintf(stderr, "  chrome in body: %s\n", chrome[i]);
    CHECK(strstr(b, chrome[i]) == NULL);
  }
  dl_doc_free(d);
}

/* No metadata: the title from <title>, the byline from a "By" line, the
 * date from <time>; a page sniffed by its first bytes. */
static void test_html_fallbacks(void) {
  const char *page =
      "<html><head><title>Council votes to rebuild the old bridge - Valley Post</title></head>"
      "<body><div class=\"menu\"><a href=\"/\">Home</a> | <a href=\"/news\">News</a></div>"
      "<div class=\"story\"><p>By Ana Lindqvist</p><p><time datetime=\"2020-11-02\">Nov. 2"
      "</time></p><p>The town council voted on Monday to rebuild the old stone bridge over the "
      "river, which has been closed to cars since the floods of last winter.</p>"
      "<p>Work is to start in the spring, the mayor said, and cost about four million, most of "
      "it paid for by the regional government in the capital.</p></div></body></html>";
  dl_err e;
  dl_doc *d = read_html("bridge.dat", page, strlen(page), &e);
  CHECK(d != NULL);
  if (!d) return;
  const dl_meta *m = dl_doc_meta(d);
  CHECK_STR(m->title, "Council votes to rebuild the old bridge");
  CHECK_STR(m->byline, "Ana Lindqvist");
  CHECK_STR(m->published, "2020-11-02");
  size_t n;
  const char *b = dl_doc_body(d, &n);
  CHECK(!strncmp(b, "The town council voted", 22));
  CHECK(strstr(b, "Home") == NULL);
  dl_doc_free(d);
}

/* Which bytes are HTML, and which stay PETRARCH XML or text. */
static void test_html_sniff(void) {
  struct {
    const char *name, *text;
    dl_format want;
  } cases[] = {
      {"a", "<!DOCTYPE html><html><body><p>x</p></body></html>", DL_FMT_HTML},
      {"b", "  <!-- saved page -->\n<html><body>x</body></html>", DL_FMT_HTML},
      {"c", "<div>\n<body><p>Text</p></body>", DL_FMT_HTML},
      {"d", "<Sentences><Sentence id=\"1\"><Text>Hi <body></Text></Sentence></Sentences>",
       DL_FMT_PETRARCH},
      {"e", "A headline\n\nA story about <html> tags in the news.\n", DL_FMT_TEXT},
      {"f.htm", "plain words", DL_FMT_HTML},
      {"g.warc", "plain words", DL_FMT_WARC},
      {"h", "WARC/1.0\r\nWARC-Type: warcinfo\r\n", DL_FMT_WARC},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    dl_reader *r;
    dl_err e;
    CHECK(dl_reader_open_mem(cases[i].name, cases[i].text, strlen(cases[i].text), NULL, &r,
                             &e) == DL_OK);
    if (dl_reader_format(r) != cases[i].want)
      fprintf(stderr, "  case %s: format %s\n", cases[i].name,
              dl_format_name(dl_reader_format(r)));
    CHECK(dl_reader_format(r) == cases[i].want);
    dl_reader_free(r);
  }
  dl_format f;
  CHECK(dl_format_parse("html", &f) == DL_OK && f == DL_FMT_HTML);
  CHECK(dl_format_parse("warc", &f) == DL_OK && f == DL_FMT_WARC);
}

/* Bad pages: empty, no text, invalid UTF-8, deep nesting, a big page. */
static void test_html_bad(void) {
  dl_err e;
  dl_read_opts o = {.format = DL_FMT_HTML};
  dl_reader *r;
  dl_doc *d;
  CHECK(dl_reader_open_mem("empty.html", "", 0, &o, &r, &e) == DL_OK);
  CHECK(dl_reader_next(r, &d, &e) == DL_ERROR && !d);
  CHECK(strstr(e.msg, "empty.html: empty page") != NULL);
  dl_reader_free(r);
  const char *nav = "<html><body><nav><a href=/>Home</a></nav></body></html>";
  d = read_html("nav.html", nav, strlen(nav), &e);
  CHECK(!d && strstr(e.msg, "nav.html: no article text") != NULL);
  /* bytes that are not UTF-8 (a Latin-1 page that does not say so) */
  const char *latin = "<html><body><p>The caf\xe9 on the square reopened on Tuesday after a "
                      "year of repairs, its owner said, to a queue of customers.</p></body></html>";
  d = read_html("latin.html", latin, strlen(latin), &e);
  CHECK(d != NULL);
  if (d) {
    size_t n;
    const char *b = dl_doc_body(d, &n);
    size_t bad, bl;
    char *tmp = malloc(n * 3 + 1);
    dl_utf8_clean(b, n, tmp, &bad, &bl);
    CHECK(bad == 0);
    free(tmp);
    dl_doc_free(d);
  }
  /* 100,000 nested elements and a 4 MB page: bounded, no crash */
  size_t depth = 100000, cap = depth * 11 + 4096, k = 0;
  char *deep = malloc(cap);
  k += (size_t)sprintf(deep + k, "<html><body>");
  for (size_t i = 0; i < depth; i++) k += (size_t)sprintf(deep + k, "<div>");
  k += (size_t)sprintf(deep + k, "<p>The deepest paragraph of all, written for the test, ends here.</p>");
  for (size_t i = 0; i < depth; i++) k += (size_t)sprintf(deep + k, "</div>");
  d = read_html("deep.html", deep, k, &e);
  dl_doc_free(d);
  free(deep);
  size_t big = 4 << 20;
  char *page = malloc(big + 100);
  k = (size_t)sprintf(page, "<html><body>");
  while (k + 200 < big)
    k += (size_t)sprintf(page + k, "<p>Another paragraph of the long report, with commas, "
                                   "clauses, and more words to fill the page.</p>\n");
  k += (size_t)sprintf(page + k, "</body></html>");
  d = read_html("big.html", page, k, &e);
  CHECK(d != NULL);
  dl_doc_free(d);
  free(page);
}

/* ------------------------------------------------------------ gzip, WARC */

/* Gzips in[0..n) into out (one member); returns the length. */
static size_t gz(const char *in, size_t n, char *out, size_t cap) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
  z.next_in = (Bytef *)(uintptr_t)in;
  z.avail_in = (uInt)n;
  z.next_out = (Bytef *)out;
  z.avail_out = (uInt)cap;
  deflate(&z, Z_FINISH);
  size_t k = cap - z.avail_out;
  deflateEnd(&z);
  return k;
}

static const char *tmpdir(void) {
  static char dir[64];
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "/tmp/dl_test_read_XXXXXX");
    if (!mkdtemp(dir)) snprintf(dir, sizeof dir, "/tmp");
  }
  return dir;
}

static void write_bytes(const char *path, const char *b, size_t n) {
  FILE *fp = fopen(path, "wb");
  if (!fp) return;
  fwrite(b, 1, n, fp);
  fclose(fp);
}

static void test_gzip(void) {
  size_t n = strlen(news_page), cap = n + 1024;
  char *z = malloc(cap);
  size_t zn = gz(news_page, n, z, cap);
  char path[128];
  /* a whole .html.gz: the same article */
  snprintf(path, sizeof path, "%s/story.html.gz", tmpdir());
  write_bytes(path, z, zn);
  dl_reader *r;
  dl_doc *d;
  dl_err e;
  CHECK(dl_reader_open(path, NULL, &r, &e) == DL_OK);
  CHECK(dl_reader_format(r) == DL_FMT_HTML);
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d);
  if (d) {
    CHECK_STR(dl_doc_meta(d)->id, "story");
    CHECK_STR(dl_doc_meta(d)->title, "Harbour talks stall over fishing quotas");
    dl_doc_free(d);
  }
  dl_reader_free(r);
  /* gzip without the name saying so: sniffed after inflating */
  snprintf(path, sizeof path, "%s/story.bin", tmpdir());
  write_bytes(path, z, zn);
  CHECK(dl_reader_open(path, NULL, &r, &e) == DL_OK);
  CHECK(dl_reader_format(r) == DL_FMT_HTML);
  dl_reader_free(r);
  /* truncated: an error naming the file */
  snprintf(path, sizeof path, "%s/cut.html.gz", tmpdir());
  write_bytes(path, z, zn / 2);
  CHECK(dl_reader_open(path, NULL, &r, &e) == DL_OK);
  CHECK(dl_reader_next(r, &d, &e) == DL_ERROR && !d);
  CHECK(strstr(e.msg, "cut.html.gz: truncated gzip data") != NULL);
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && !d);
  dl_reader_free(r);
  /* corrupt: bytes flipped in the middle */
  z[zn / 2] ^= 0x55;
  z[zn / 2 + 1] ^= 0x55;
  CHECK(dl_reader_open_mem("bad.html.gz", z, zn, NULL, &r, &e) == DL_OK);
  int rc = dl_reader_next(r, &d, &e);
  CHECK((rc == DL_ERROR && !d && strstr(e.msg, "bad.html.gz: ")) || (rc == DL_OK && d));
  dl_doc_free(d);
  dl_reader_free(r);
  /* a zip bomb: 64 MiB of spaces inflate past the 16 MiB limit */
  size_t bn = 64u << 20;
  char *bomb = malloc(bn), *bz = malloc(1 << 20);
  memset(bomb, ' ', bn);
  memcpy(bomb, "<html>", 6);
  size_t bzn = gz(bomb, bn, bz, 1 << 20);
  free(bomb);
  CHECK(dl_reader_open_mem("bomb.html.gz", bz, bzn, NULL, &r, &e) == DL_OK);
  CHECK(dl_reader_next(r, &d, &e) == DL_ERROR && !d);
  CHECK(strstr(e.msg, "bomb.html.gz: larger than the 16 MiB limit") != NULL);
  dl_reader_free(r);
  free(bz);
  free(z);
  const char *made[] = {"story.html.gz", "story.bin", "cut.html.gz"};
  for (size_t i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/%s", tmpdir(), made[i]);
    remove(path);
  }
}

/* Appends one WARC record (gzipped on its own when gzip) to buf. */
static size_t warc_record(char *buf, size_t at, const char *head, const char *block, bool gzip) {
  size_t bl = strlen(block);
  char *rec = malloc(strlen(head) + bl + 256);
  size_t k = (size_t)sprintf(rec, "WARC/1.0\r\n%sContent-Length: %zu\r\n\r\n", head, bl);
  memcpy(rec + k, block, bl);
  k += bl;
  memcpy(rec + k, "\r\n\r\n", 4);
  k += 4;
  if (gzip) k = gz(rec, k, buf + at, k + 1024);
  else memcpy(buf + at, rec, k);
  free(rec);
  return at + k;
}

static void test_warc(void) {
  char *buf = malloc(1 << 20);
  size_t k = 0;
  k = warc_record(buf, k,
                  "WARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:0000>\r\n",
                  "software: a test\r\n", true);
  /* 1: a plain HTML response */
  char *http = malloc(64 << 10);
  snprintf(http, 64 << 10,
           "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%s", news_page);
  k = warc_record(buf, k,
                  "WARC-Type: response\r\nWARC-Target-URI: https://ledger.example/a\r\n"
                  "WARC-Date: 2021-03-06T10:00:00Z\r\n"
                  "WARC-Record-ID: <urn:uuid:1111-aaaa>\r\nContent-Type: application/http; "
                  "msgtype=response\r\n",
                  http, true);
  /* a request and an image response: skipped */
  k = warc_record(buf, k, "WARC-Type: request\r\nWARC-Target-URI: https://ledger.example/a\r\n",
                  "GET /a HTTP/1.1\r\nHost: ledger.example\r\n\r\n", true);
  k = warc_record(buf, k, "WARC-Type: response\r\nWARC-Target-URI: https://ledger.example/i.png\r\n",
                  "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG....", true);
  /* a malformed header: an error, then the next record */
  k = warc_record(buf, k, "WARC-Type: response\r\nthis line has no colon\r\n",
                  "HTTP/1.1 200 OK\r\n\r\n", true);
  /* 2: chunked, no metadata date in the page: WARC-Date is the reference */
  const char *page2 = "<html><head><title>Rail strike ends after three days</title></head><body>"
                      "<p>Train drivers went back to work on Friday after a three-day strike over "
                      "pay, the union said, ending the longest stoppage in ten years.</p></body></html>";
  size_t p2 = strlen(page2), half = p2 / 2;
  snprintf(http, 64 << 10,
           "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
           "%zx\r\n%.*s\r\n%zx\r\n%s\r\n0\r\n\r\n",
           half, (int)half, page2, p2 - half, page2 + half);
  k = warc_record(buf, k,
                  "WARC-Type: response\r\nWARC-Target-URI: https://rail.example/strike\r\n"
                  "WARC-Date: 2022-07-01T08:00:00Z\r\n",
                  http, true);
  /* a last record whose Content-Length runs past the end */
  const char *cut = "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200";
  size_t cn = gz(cut, strlen(cut), buf + k, 4096);
  k += cn;
  char path[128];
  snprintf(path, sizeof path, "%s/crawl.warc.gz", tmpdir());
  write_bytes(path, buf, k);

  dl_reader *r;
  dl_doc *d;
  dl_err e;
  CHECK(dl_reader_open(path, NULL, &r, &e) == DL_OK);
  CHECK(dl_reader_format(r) == DL_FMT_WARC);
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d);
  if (d) {
    const dl_meta *m = dl_doc_meta(d);
    CHECK_STR(m->url, "https://ledger.example/a");
    CHECK_STR(m->id, "1111-aaaa");
    CHECK_STR(m->title, "Harbour talks stall over fishing quotas");
    CHECK_STR(m->ref_date, "2021-03-04");
    size_t n;
    CHECK(strstr(dl_doc_body(d, &n), "twelve hours of talks") != NULL);
    dl_doc_free(d);
  }
  CHECK(dl_reader_next(r, &d, &e) == DL_ERROR && !d);
  CHECK(strstr(e.msg, "crawl.warc.gz: record 5: malformed WARC header") != NULL);
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && d);
  if (d) {
    const dl_meta *m = dl_doc_meta(d);
    CHECK_STR(m->url, "https://rail.example/strike");
    CHECK_STR(m->id, "https://rail.example/strike");
    CHECK_STR(m->title, "Rail strike ends after three days");
    CHECK_STR(m->ref_date, "2022-07-01");
    size_t n;
    CHECK(!strncmp(dl_doc_body(d, &n), "Train drivers went back", 23));
    dl_doc_free(d);
  }
  CHECK(dl_reader_next(r, &d, &e) == DL_ERROR && !d);
  CHECK(strstr(e.msg, "crawl.warc.gz: record 7") != NULL);
  CHECK(strstr(e.msg, "past the end") != NULL);
  CHECK(dl_reader_next(r, &d, &e) == DL_OK && !d);
  dl_reader_free(r);

  /* the same file cut in the middle of record 6's gzip member: the
   * records before it are kept, then an error naming the file */
  write_bytes(path, buf, k - cn - 40);
  CHECK(dl_reader_open(path, NULL, &r, &e) == DL_OK);
  int docs = 0, errs = 0, rc;
  bool named = false;
  for (int guard = 0; guard < 20; guard++) {
    rc = dl_reader_next(r, &d, &e);
    if (rc == DL_OK && !d) break;
    if (d) docs++;
    if (rc) {
      errs++;
      named |= strstr(e.msg, "crawl.warc.gz: ") && strstr(e.msg, "truncated gzip");
    }
    dl_doc_free(d);
  }
  CHECK(docs == 1 && errs == 2 && named);
  dl_reader_free(r);
  remove(path);
  free(http);
  free(buf);
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
  RUN(test_html_article);
  RUN(test_html_fallbacks);
  RUN(test_html_sniff);
  RUN(test_html_bad);
  RUN(test_gzip);
  RUN(test_warc);
  remove(tmpdir());
  return DONE();
}
