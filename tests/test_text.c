/*
 * test_text.c -- tokenizer, sentence splitter and quotation spans.
 *
 * Each tokenizer case is an input line and the expected tokens separated
 * by " | "; each splitter case an input and its sentences separated by
 * " || ".
 */
#include "core/core.h"
#include "harness.h"

static dl_text *tx;

/* Tokens of s joined with " | ". */
static void toks(const char *s, char *out, size_t cap) {
  dl_doc *d;
  dl_err e;
  out[0] = 0;
  if (dl_text_parse_string(tx, s, strlen(s), &d, &e)) return;
  size_t n;
  const dl_token *t = dl_doc_tokens(d, &n);
  size_t o = 0;
  for (size_t i = 0; i < n && o + 8 < cap; i++) {
    const char *body = dl_doc_body(d, NULL);
    o += (size_t)snprintf(out + o, cap - o, "%s%.*s", i ? " | " : "",
                          (int)(t[i].end - t[i].start), body + t[i].start);
  }
  dl_doc_free(d);
}

static void sents(const char *s, char *out, size_t cap) {
  dl_doc *d;
  dl_err e;
  out[0] = 0;
  if (dl_text_parse_string(tx, s, strlen(s), &d, &e)) return;
  size_t n;
  const dl_sentence *ss = dl_doc_sentences(d, &n);
  size_t o = 0;
  for (size_t i = 0; i < n && o + 8 < cap; i++)
    o += (size_t)snprintf(out + o, cap - o, "%s%.*s", i ? " || " : "",
                          (int)(ss[i].end - ss[i].start), dl_doc_body(d, NULL) + ss[i].start);
  dl_doc_free(d);
}

#define TOK(in, want)                                                      \
  do {                                                                     \
    char got[2048];                                                        \
    toks(in, got, sizeof got);                                             \
    CHECK_STR(got, want);                                                  \
  } while (0)

#define SENT(in, want)                                                     \
  do {                                                                     \
    char got[4096];                                                        \
    sents(in, got, sizeof got);                                            \
    CHECK_STR(got, want);                                                  \
  } while (0)

static void test_tokenizer(void) {
  TOK("Washington\xE2\x80\x99s comments", "Washington | \xE2\x80\x99s | comments");
  TOK("I don't know, we can't.", "I | do | n't | know | , | we | ca | n't | .");
  TOK("the U.S. and the U.N.", "the | U.S. | and | the | U.N.");
  TOK("on Feb. 27 in N. Korea", "on | Feb. | 27 | in | N. | Korea");
  TOK("leader Kim Jong-un said", "leader | Kim | Jong-un | said");
  TOK("President Moon Jae-in met", "President | Moon | Jae-in | met");
  TOK("a two-day summit", "a | two | - | day | summit");
  TOK("anti-war and non-nuclear", "anti-war | and | non-nuclear");
  TOK("a Seoul-based group", "a | Seoul | - | based | group");
  TOK("at 08:10, $5.2 billion", "at | 08:10 | , | $ | 5.2 | billion");
  TOK("see https://example.org/a-b?x=1.", "see | https://example.org/a-b?x=1 | .");
  TOK("mail me@example.com now", "mail | me@example.com | now");
  TOK("1,000 troops and 3.5% growth", "1,000 | troops | and | 3.5 | % | growth");
  TOK("(Yonhap) -- North", "( | Yonhap | ) | -- | North");
  TOK("\xE2\x80\x9C" "big deal.\xE2\x80\x9D", "\xE2\x80\x9C | big | deal | . | \xE2\x80\x9D");
  TOK("\"Go,\" he said", "\" | Go | , | \" | he | said");
  TOK("the leaders' meeting", "the | leaders | ' | meeting");
  TOK("Feb. 27-28", "Feb. | 27 | - | 28");
  TOK("call 555-0123", "call | 555-0123");
  TOK("wait...what", "wait | ... | what");
  TOK("and/or", "and | / | or");
  TOK("cannot", "can | not");
  TOK("Mr. Smith's", "Mr. | Smith | 's");
  TOK("***", "***");
}

static void test_sentences(void) {
  SENT("He met Kim. They talked.", "He met Kim. || They talked.");
  SENT("He flew to the U.S. on Monday. It rained.",
       "He flew to the U.S. on Monday. || It rained.");
  SENT("It is made in the U.S. The plant opened.",
       "It is made in the U.S. || The plant opened.");
  SENT("Mr. Kim met Gen. Lee on Feb. 3 in Seoul.",
       "Mr. Kim met Gen. Lee on Feb. 3 in Seoul.");
  SENT("John F. Kennedy spoke.", "John F. Kennedy spoke.");
  SENT("It was a \xE2\x80\x9C" "big deal.\xE2\x80\x9D Then it ended.",
       "It was a \xE2\x80\x9C" "big deal.\xE2\x80\x9D || Then it ended.");
  SENT("\"Go home!\" the crowd shouted.", "\"Go home!\" the crowd shouted.");
  SENT("\xE2\x80\x9CI have not. I would love to.\xE2\x80\x9D Trump said.",
       "\xE2\x80\x9CI have not. || I would love to.\xE2\x80\x9D || Trump said.");
  SENT("First paragraph\n\nSecond one.", "First paragraph || Second one.");
  SENT("Is it? yes it is.", "Is it? || yes it is.");
  SENT("He waited... and waited.", "He waited... and waited.");
  /* hard-wrapped running text is one sentence; short lines are not */
  SENT("The finance ministers of the two neighbours agreed late on Tuesday to\n"
       "reopen the border crossings that were closed during the flood season, a\n"
       "statement from the regional bloc said.",
       "The finance ministers of the two neighbours agreed late on Tuesday to\n"
       "reopen the border crossings that were closed during the flood season, a\n"
       "statement from the regional bloc said.");
  SENT("Best regards\nJane Doe", "Best regards || Jane Doe");
}

static void test_quotes(void) {
  const char *s =
      "\xE2\x80\x9CThe sanctions are on in full,\xE2\x80\x9D Trump said. He wants "
      "\xE2\x80\x9Cmeaningful\xE2\x80\x9D steps.\n\n"
      "\xE2\x80\x9CWe will talk. We will meet.\n\n"
      "\xE2\x80\x9C" "And we will win,\xE2\x80\x9D he said.\n\n"
      "She said \"no rush\" then.";
  dl_doc *d;
  dl_err e;
  CHECK(dl_text_parse_string(tx, s, strlen(s), &d, &e) == DL_OK);
  size_t n;
  const dl_quote_span *q = dl_doc_quotes(d, &n);
  const char *b = dl_doc_body(d, NULL);
  CHECK(n == 5);
  if (n == 5) {
    CHECK(q[0].kind == DL_QUOTE_DIRECT);
    CHECK(!strncmp(b + q[0].inner_start, "The sanctions are on in full,",
                   q[0].inner_end - q[0].inner_start));
    CHECK(q[1].kind == DL_QUOTE_PARTIAL);
    CHECK(!strncmp(b + q[1].inner_start, "meaningful", 10));
    CHECK(q[2].flags & DL_QUOTE_OPEN_END);
    CHECK(q[2].kind == DL_QUOTE_DIRECT);
    CHECK(q[3].flags & DL_QUOTE_CONTINUED);
    CHECK(q[3].kind == DL_QUOTE_DIRECT);
    CHECK(q[4].kind == DL_QUOTE_PARTIAL);
    CHECK(!strncmp(b + q[4].inner_start, "no rush", 7));
  }
  /* an unclosed quotation at the end of the text */
  dl_doc_free(d);
  const char *u = "He said \xE2\x80\x9Cnever again";
  CHECK(dl_text_parse_string(tx, u, strlen(u), &d, &e) == DL_OK);
  q = dl_doc_quotes(d, &n);
  CHECK(n == 1 && (q[0].flags & DL_QUOTE_UNCLOSED));
  dl_doc_free(d);
}

static void test_layers(void) {
  const char *s = "  One. Two.\n\n\nThree";
  dl_doc *d;
  dl_err e;
  CHECK(dl_text_parse_string(tx, s, strlen(s), &d, &e) == DL_OK);
  size_t np, ns, nt;
  const dl_span *p = dl_doc_paragraphs(d, &np);
  const dl_sentence *ss = dl_doc_sentences(d, &ns);
  const dl_token *t = dl_doc_tokens(d, &nt);
  CHECK(np == 2 && ns == 3 && nt == 5);
  CHECK(p[0].start == 2 && p[0].end == 11);
  CHECK(ss[2].para == 1 && ss[2].tok_begin == 4 && ss[2].tok_end == 5);
  CHECK(t[4].sent == 2 && (t[4].flags & DL_TOK_PARA_START));
  CHECK(t[0].head == -1);
  dl_doc_free(d);
  /* empty and whitespace-only text */
  CHECK(dl_text_parse_string(tx, "", 0, &d, &e) == DL_OK);
  dl_doc_sentences(d, &ns);
  CHECK(ns == 0);
  dl_doc_free(d);
  CHECK(dl_text_parse_string(tx, " \n \n", 4, &d, &e) == DL_OK);
  dl_doc_tokens(d, &nt);
  CHECK(nt == 0);
  dl_doc_free(d);
}

/* Pathological inputs: time must stay linear. A 10,000-token sentence,
 * 1 MB without a period or a space, deeply nested quotation marks. */
static void test_pathological(void) {
  size_t n = 10000 * 5;
  char *s = malloc(n + 2);
  for (size_t i = 0; i < n; i += 5) memcpy(s + i, "word ", 5);
  s[n] = '.';
  s[n + 1] = 0;
  dl_doc *d;
  dl_err e;
  CHECK(dl_text_parse_string(tx, s, n + 1, &d, &e) == DL_OK);
  size_t nt, ns;
  dl_doc_tokens(d, &nt);
  dl_doc_sentences(d, &ns);
  CHECK(nt == 10001 && ns == 1);
  dl_doc_free(d);
  free(s);

  n = 1 << 20;
  s = malloc(n);
  memset(s, 'a', n);
  CHECK(dl_text_parse_string(tx, s, n, &d, &e) == DL_OK);
  dl_doc_tokens(d, &nt);
  CHECK(nt == 1);
  dl_doc_free(d);
  /* 1 MB of hyphens and dots inside one chunk */
  for (size_t i = 0; i < n; i++) s[i] = "a-b.c/"[i % 6];
  CHECK(dl_text_parse_string(tx, s, n, &d, &e) == DL_OK);
  dl_doc_free(d);
  /* nested quotation marks */
  for (size_t i = 0; i < n; i++) s[i] = i % 2 ? ' ' : '"';
  CHECK(dl_text_parse_string(tx, s, n, &d, &e) == DL_OK);
  dl_doc_free(d);
  free(s);
}

int main(void) {
  dl_err e;
  if (dl_text_new(&tx, &e)) return 1;
  RUN(test_tokenizer);
  RUN(test_sentences);
  RUN(test_quotes);
  RUN(test_layers);
  RUN(test_pathological);
  dl_text_free(tx);
  return DONE();
}
