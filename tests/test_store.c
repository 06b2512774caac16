/*
 * test_store.c -- the event store: schema, idempotent adds, batches,
 * merging the same event from several documents, every filter, values
 * that look like SQL or FTS syntax, the row formats, and the reports.
 *
 * Three short articles of our own, as JSONL, go through the whole pipeline
 * with the shipped models and dictionaries ($DL_SOURCE_DIR): two report
 * the same demand (USAGOV -> PRK, 2019-02-20) from different sources, one
 * a meeting (PRKGOV -> USAGOV, 2018-06-12). Skipped when there are no
 * models.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dateline.h"
#include "harness.h"

static const char articles[] =
    "{\"id\":\"a1\",\"source\":\"Wire One\",\"url\":\"http://one.example/a1\","
    "\"date\":\"2019-02-20\",\"title\":\"Trump presses Pyongyang\",\"text\":\"U.S. "
    "President Donald Trump on Wednesday urged North Korea to give up its nuclear weapons, "
    "his spokeswoman said.\\n\\n\\\"We want a deal,\\\" Trump said at the White House.\"}\n"
    "{\"id\":\"b7\",\"source\":\"Paper Two\",\"url\":\"http://two.example/b7\","
    "\"date\":\"2019-02-20\",\"title\":\"Trump, again\",\"text\":\"President Donald Trump "
    "urged North Korea on Wednesday to give up its nuclear weapons before the summit in "
    "Hanoi.\\n\\nOfficials in Seoul said the sanctions would stay.\"}\n"
    "{\"id\":\"c3\",\"source\":\"Paper Two\",\"date\":\"2018-06-12\",\"title\":\"Summit\","
    "\"text\":\"Kim Jong-un met Donald Trump in Singapore on Tuesday, the first meeting "
    "between the leaders of the two countries.\"}\n";

static dl_text *tx;
static dl_nlp *nlp;
static dl_time *tm;
static dl_actors *act;
static dl_events *lex;
static char dir[64], dbpath[128];
static const char *src;

static int setup(void) {
  src = getenv("DL_SOURCE_DIR");
  if (!src) src = ".";
  char path[4096];
  dl_err e;
  snprintf(path, sizeof path, "%s/models", src);
  if (dl_nlp_load(path, &nlp, &e)) {
    fprintf(stderr, "skipped: no models (%s)\n", e.msg);
    return 0;
  }
  snprintf(path, sizeof path, "%s/data", src);
  if (dl_text_new(&tx, &e) || dl_time_new(&tm, &e) || dl_actors_new(&act, &e) ||
      dl_actors_load_dir(act, path, &e) || dl_events_new(&lex, &e) ||
      dl_events_load_dir(lex, path, &e)) {
    fprintf(stderr, "setup: %s\n", e.msg);
    return -1;
  }
  snprintf(dir, sizeof dir, "/tmp/dl-store-test-XXXXXX");
  if (!mkdtemp(dir)) return -1;
  snprintf(dbpath, sizeof dbpath, "%s/events.db", dir);
  return 1;
}

static void teardown(void) {
  dl_text_free(tx);
  dl_time_free(tm);
  dl_actors_free(act);
  dl_events_free(lex);
  dl_nlp_free(nlp);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

/* Codes the articles and adds them; returns how many were new. */
static int add_all(dl_store *s) {
  dl_reader *r;
  dl_err e;
  int added_total = 0;
  if (dl_reader_open_mem("test.jsonl", articles, strlen(articles), NULL, &r, &e)) return -1;
  dl_doc *doc;
  while (dl_reader_next(r, &doc, &e) == DL_OK && doc) {
    int rc = dl_text_run(tx, doc, &e);
    if (!rc) rc = dl_nlp_run(nlp, doc, &e);
    if (!rc) rc = dl_time_run(tm, doc, &e);
    if (!rc) rc = dl_actors_run(act, doc, &e);
    if (!rc) rc = dl_events_run(lex, doc, &e);
    int added = -1;
    if (!rc) rc = dl_store_add(s, doc, &added, &e);
    CHECK(rc == DL_OK);
    if (rc) fprintf(stderr, "add: %s\n", e.msg);
    added_total += added == 1;
    dl_doc_free(doc);
  }
  dl_reader_free(r);
  return added_total;
}

/* Collects query results as "DATE SRC>TGT:CODE xREPORTS/DOCS" lines. */
typedef struct seen {
  char text[2048];
  int n;
  char name[64];
  char sources[256];
} seen;

static int collect(void *ctx, const dl_stored_event *ev) {
  seen *x = ctx;
  size_t len = strlen(x->text);
  snprintf(x->text + len, sizeof x->text - len, "%s%s %s>%s:%s x%d/%d", x->n ? " | " : "",
           ev->date ? ev->date : "-", ev->source.code ? ev->source.code : "-",
           ev->target.code ? ev->target.code : "-", ev->cameo, ev->reports, ev->documents);
  snprintf(x->sources, sizeof x->sources, "%s", ev->sources ? ev->sources : "");
  snprintf(x->name, sizeof x->name, "%s", ev->name ? ev->name : "");
  x->n++;
  return DL_OK;
}

static seen query(dl_store *s, const dl_filter *f, int *rc) {
  seen x;
  memset(&x, 0, sizeof x);
  dl_err e = {0};
  *rc = dl_store_events(s, f, collect, &x, &e);
  if (*rc) fprintf(stderr, "query: %s\n", e.msg);
  return x;
}

static void test_ingest(void) {
  dl_store *s = NULL;
  dl_err e;
  CHECK(dl_store_open(dbpath, DL_STORE_WRITE, &s, &e) == DL_OK);
  if (!s) return;
  CHECK(dl_store_has_fts(s));
  char codes[4096];
  snprintf(codes, sizeof codes, "%s/data/cameo.tsv", src);
  CHECK(dl_store_load_codes(s, codes, &e) == DL_OK);
  CHECK(add_all(s) == 3);
  /* the same documents again, in the same batch: nothing new */
  CHECK(add_all(s) == 0);
  CHECK(dl_store_commit(s, &e) == DL_OK);
  CHECK(add_all(s) == 0);
  CHECK(dl_store_commit(s, &e) == DL_OK);
  dl_store_counts n;
  CHECK(dl_store_count(s, &n, &e) == DL_OK);
  CHECK(n.documents == 3);
  CHECK(n.sentences == 5);
  CHECK(n.events >= 3);
  CHECK(n.quotes >= 1);
  CHECK(n.mentions > 5);
  dl_store_close(s);
}

static void test_queries(void) {
  dl_store *s = NULL;
  dl_err e;
  CHECK(dl_store_open(dbpath, DL_STORE_READ, &s, &e) == DL_OK);
  if (!s) return;
  int rc;
  /* merged: the demand reported twice is one event with both sources */
  dl_filter f = {.source = "USA", .target = "PRK", .code = "10"};
  seen x = query(s, &f, &rc);
  CHECK(rc == DL_OK);
  CHECK_STR(x.text, "2019-02-20 USAGOV>PRK:1056 x2/2");
  CHECK_STR(x.sources, "Wire One; Paper Two");
  CHECK_STR(x.name, "Demand military de-escalation");
  f.per_doc = 1;
  x = query(s, &f, &rc);
  CHECK(x.n == 2);
  CHECK_STR(x.text, "2019-02-20 USAGOV>PRK:1056 x1/1 | 2019-02-20 USAGOV>PRK:1056 x1/1");
  /* a dyad is either way; dates are inclusive at both ends */
  dl_filter d = {.dyad_a = "USA", .dyad_b = "PRK", .root = "04"};
  x = query(s, &d, &rc);
  CHECK_STR(x.text, "2018-06-12 PRKGOV>USAGOV:044 x1/1");
  dl_filter t = {.dyad_a = "PRK", .dyad_b = "USA", .from = "2018-06", .to = "2018-06", .mode = "asserted"};
  x = query(s, &t, &rc);
  CHECK(x.n == 1);
  t.from = "2018-06-13";
  x = query(s, &t, &rc);
  CHECK(x.n == 0);
  dl_filter y = {.to = "2018"};
  x = query(s, &y, &rc);
  CHECK_STR(x.text, "2018-06-12 PRKGOV>USAGOV:044 x1/1");
  /* an entity name matches, in any case */
  dl_filter en = {.source = "kim jong-un"};
  x = query(s, &en, &rc);
  CHECK(x.n == 1);
  /* full-text search over the sentences */
  dl_filter ft = {.text = "nuclear weapons Hanoi"};
  x = query(s, &ft, &rc);
  CHECK_STR(x.text, "2019-02-20 USAGOV>PRK:1056 x1/1");
  /* values that look like SQL or FTS syntax are only values */
  const char *evil[] = {"'; DROP TABLE events; --", "\" OR 1=1 --", "USA' OR '1'='1",
                        "NEAR(a b)", "*", "%", "_", "\\", "a\"b", "'", ""};
  for (size_t i = 0; i < sizeof evil / sizeof *evil; i++) {
    dl_filter bad = {.source = evil[i], .text = evil[i], .mode = evil[i]};
    x = query(s, &bad, &rc);
    CHECK(rc == DL_OK);
    CHECK(x.n == 0);
    dl_filter bad2 = {.text = evil[i]};
    x = query(s, &bad2, &rc);
    CHECK(rc == DL_OK);
  }
  dl_filter all = {0};
  x = query(s, &all, &rc);
  CHECK(x.n >= 2); /* the tables are all still there */
  /* a malformed date is a misuse, not a query */
  dl_filter bd = {.from = "June 2018"};
  CHECK(dl_store_events(s, &bd, collect, &x, &e) == DL_MISUSE);
  /* limit */
  dl_filter lim = {.limit = 1};
  x = query(s, &lim, &rc);
  CHECK(x.n == 1);
  dl_store_close(s);
}

static int count_quote(void *ctx, const dl_stored_quote *q) {
  (void)q;
  ++*(int *)ctx;
  return DL_OK;
}

static void test_quotes(void) {
  dl_store *s = NULL;
  dl_err e;
  CHECK(dl_store_open(dbpath, DL_STORE_READ, &s, &e) == DL_OK);
  if (!s) return;
  int n = 0;
  dl_filter f = {.speaker = "Donald Trump"};
  CHECK(dl_store_quotes(s, &f, count_quote, &n, &e) == DL_OK);
  CHECK(n == 1);
  n = 0;
  dl_filter g = {.speaker = "USA"};
  CHECK(dl_store_quotes(s, &g, count_quote, &n, &e) == DL_OK);
  CHECK(n == 1);
  n = 0;
  dl_filter h = {.speaker = "'; DROP TABLE quotes; --"};
  CHECK(dl_store_quotes(s, &h, count_quote, &n, &e) == DL_OK);
  CHECK(n == 0);
  /* quotes of the documents reporting a selected event */
  n = 0;
  dl_filter k = {.dyad_a = "USA", .dyad_b = "PRK", .root = "04"};
  CHECK(dl_store_quotes(s, &k, count_quote, &n, &e) == DL_OK);
  CHECK(n == 0);
  dl_store_close(s);
}

/* Writes to a temporary file and returns its contents (static buffer). */
static const char *capture(dl_store *s, const dl_filter *f, dl_rows_format fmt, int html) {
  static char buf[1 << 16];
  FILE *fp = tmpfile();
  dl_err e;
  buf[0] = '\0';
  if (!fp) return buf;
  int rc = html == 1   ? dl_report_html(s, f, "<script>alert(1)</script>", fp, &e)
           : html == 2 ? dl_report_timeline(s, f, fp, &e)
                       : dl_write_events(s, f, fmt, fp, &e);
  CHECK(rc == DL_OK);
  rewind(fp);
  size_t n = fread(buf, 1, sizeof buf - 1, fp);
  buf[n] = '\0';
  fclose(fp);
  return buf;
}

static void test_formats(void) {
  dl_store *s = NULL;
  dl_err e;
  CHECK(dl_store_open(dbpath, DL_STORE_READ, &s, &e) == DL_OK);
  if (!s) return;
  dl_rows_format fmt;
  CHECK(dl_rows_format_parse("phoenix", &fmt) == DL_OK && fmt == DL_ROWS_PHOENIX);
  CHECK(dl_rows_format_parse("xml", &fmt) == DL_MISUSE);
  dl_filter f = {.code = "10"};
  const char *out = capture(s, &f, DL_ROWS_PHOENIX, 0);
  int tabs = 0;
  for (const char *p = out; *p && *p != '\n'; p++) tabs += *p == '\t';
  CHECK(tabs == 25); /* 26 columns */
  CHECK(strstr(out, "\t20190220\t2019\t2\t20\tUSAGOV\tUSA\tGOV\t\tPRK\tPRK\t\t\t1056\t10\t3\t-5.0\t") != NULL);
  CHECK(strstr(out, "\thttp://one.example/a1; http://two.example/b7\tWire One; Paper Two\n") != NULL);
  out = capture(s, &f, DL_ROWS_CSV, 0);
  CHECK(strncmp(out, "id,date,day,source,", 19) == 0);
  CHECK(strstr(out, ",\"U.S. President Donald Trump on Wednesday urged North Korea to give up its "
                    "nuclear weapons, his spokeswoman said.\",") != NULL);
  out = capture(s, &f, DL_ROWS_JSONL, 0);
  CHECK(strstr(out, "\"reports\":2,\"documents\":2,") != NULL);
  CHECK(strstr(out, "\"goldstein\":-5,") != NULL);
  out = capture(s, &f, DL_ROWS_TABLE, 0);
  CHECK(strncmp(out, "date        source  target  code  event ", 39) == 0);
  CHECK(strstr(out, "  mode      reports  sentence\n") != NULL);
  dl_filter none = {0};
  out = capture(s, &none, 0, 1);
  CHECK(strstr(out, "<svg") != NULL);
  CHECK(strstr(out, "<rect class=\"neg\"") != NULL);
  CHECK(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
  CHECK(strstr(out, "<script>") == NULL);
  CHECK(strstr(out, "http://") == NULL || strstr(out, "src=\"http") == NULL);
  out = capture(s, &none, 0, 2);
  CHECK(strstr(out, "2019-02-20  USAGOV   -> PRK      1056  Demand military de-escalation") != NULL);
  CHECK(strstr(out, "2 reports in 2 documents: a1; b7") != NULL);
  CHECK(strstr(out, "> Donald Trump (USAGOV): \"We want a deal,\"") != NULL);
  dl_store_close(s);
}

static void test_open_errors(void) {
  dl_store *s = NULL;
  dl_err e;
  char path[256];
  snprintf(path, sizeof path, "%s/missing.db", dir);
  CHECK(dl_store_open(path, DL_STORE_READ, &s, &e) == DL_IO);
  CHECK(s == NULL);
  snprintf(path, sizeof path, "%s/not-a-store.db", dir);
  FILE *fp = fopen(path, "w");
  if (fp) {
    fputs("this is not a database, only text that happens to be here\n", fp);
    fclose(fp);
  }
  CHECK(dl_store_open(path, DL_STORE_WRITE, &s, &e) == DL_DB);
  CHECK(dl_store_open(path, DL_STORE_READ, &s, &e) == DL_DB);
  dl_store_close(NULL);
}

int main(void) {
  int ok = setup();
  if (ok < 0) return 1;
  if (ok == 0) return 0;
  RUN(test_ingest);
  RUN(test_queries);
  RUN(test_quotes);
  RUN(test_formats);
  RUN(test_open_errors);
  teardown();
  return DONE();
}
