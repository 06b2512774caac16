/*
 * cmd_eval.c -- `dateline eval`: scores against external suites.
 *
 *   eval tokens FILE.conllu   tokenizer and sentence splitter against a UD
 *                             treebank, on raw text rebuilt from its
 *                             "# text" lines
 *   eval ud FILE.conllu       tagger, lemmatizer, parser (cmd_nlp.c)
 *
 * eval tokens rebuilds each treebank document as running text: the
 * sentences of a paragraph ("# newpar") joined by a space, paragraphs by a
 * blank line; a sentence that ends without punctuation (an e-mail header,
 * a signature, a list item, a title) is taken to have ended its line, as
 * it did in the source, and is followed by a line break instead of a space
 * (--join-space turns that off and joins every sentence with a space). Gold words get byte spans by finding their forms in the
 * text in order (the words of a multiword token such as "don't" spell it
 * out: do + n't; when they do not, the token's span goes to its first
 * word). Our tokens and sentences are matched to gold by exact spans;
 * precision, recall and F1 are printed, the last line reading
 * "tokens-F1 <pct> sentences-F1 <pct>".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "core/core.h"
#include "out/json.h"
#include "cli/cmd_nlp.h"
#include "cli/cmd_timeml.h"


typedef struct spanvec {
  dl_span *v;
  size_t n, cap;
} spanvec;

static int span_push(spanvec *s, uint32_t a, uint32_t b) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    dl_span *p = realloc(s->v, cap * sizeof *p);
    if (!p) return -1;
    s->v = p;
    s->cap = cap;
  }
  s->v[s->n].start = a;
  s->v[s->n].end = b;
  s->n++;
  return 0;
}

typedef struct tally {
  size_t gold_tok, sys_tok, ok_tok, gold_sent, sys_sent, ok_sent;
} tally;

static int verbose;    /* eval tokens -v: print each mismatch */
static int join_space; /* eval tokens --join-space: never a line break */

/* Counts exact span matches between two sorted span lists; with -v,
 * prints the unmatched ones of each side ("-" gold, "+" system). */
static size_t matches(const spanvec *g, const dl_span *s, size_t ns,
                      const char *text, const char *what) {
  size_t i = 0, j = 0, ok = 0;
  while (i < g->n || j < ns) {
    if (i < g->n && j < ns && g->v[i].start == s[j].start && g->v[i].end == s[j].end) {
      ok++;
      i++;
      j++;
    } else if (j >= ns || (i < g->n && (g->v[i].start < s[j].start ||
                                        (g->v[i].start == s[j].start &&
                                         g->v[i].end < s[j].end)))) {
      if (verbose)
        printf("%s - %.*s\n", what, (int)(g->v[i].end - g->v[i].start),
               text + g->v[i].start);
      i++;
    } else {
      if (verbose) {
        uint32_t a = s[j].start > 20 ? s[j].start - 20 : 0;
        printf("%s + %.*s\t[%.*s]\n", what, (int)(s[j].end - s[j].start), text + s[j].start,
               (int)(s[j].end + 20 - a), text + a);
      }
      j++;
    }
  }
  return ok;
}

/* One rebuilt document: text (the writers' growable buffer), gold token
 * and sentence spans. */
typedef struct gdoc {
  dl_buf buf;
  spanvec tok, sent;
} gdoc;

static int text_put(gdoc *d, const char *s, size_t n) {
  dl_buf_put(&d->buf, s, n);
  return d->buf.oom ? -1 : 0;
}

static int score_doc(const dl_text *tx, gdoc *d, tally *t) {
  if (d->buf.n == 0) return 0;
  dl_doc *doc;
  dl_err err;
  if (dl_text_parse_string(tx, d->buf.s, d->buf.n, &doc, &err)) return -1;
  size_t nt, ns;
  const dl_token *tok = dl_doc_tokens(doc, &nt);
  const dl_sentence *sen = dl_doc_sentences(doc, &ns);
  dl_span *ts = malloc((nt + 1) * sizeof *ts), *ss = malloc((ns + 1) * sizeof *ss);
  if (!ts || !ss) {
    free(ts);
    free(ss);
    dl_doc_free(doc);
    return -1;
  }
  for (size_t i = 0; i < nt; i++) ts[i] = (dl_span){tok[i].start, tok[i].end};
  for (size_t i = 0; i < ns; i++) ss[i] = (dl_span){sen[i].start, sen[i].end};
  t->gold_tok += d->tok.n;
  t->sys_tok += nt;
  t->ok_tok += matches(&d->tok, ts, nt, d->buf.s, "tok");
  t->gold_sent += d->sent.n;
  t->sys_sent += ns;
  t->ok_sent += matches(&d->sent, ss, ns, d->buf.s, "sent");
  free(ts);
  free(ss);
  dl_doc_free(doc);
  d->buf.n = 0;
  d->tok.n = d->sent.n = 0;
  return 0;
}

static double f1(size_t ok, size_t gold, size_t sys) {
  return gold + sys ? 200.0 * (double)ok / (double)(gold + sys) : 100.0;
}

static const char tokens_usage[] =
    "usage: dateline eval tokens [-v] [--join-space] FILE.conllu\n"
    "\n"
    "  -v             print every unmatched gold (-) and system (+) token\n"
    "                 and sentence\n"
    "  --join-space   join all sentences of a paragraph with a space (by\n"
    "                 default one that ends without punctuation ends its line)\n"
    "\n"
    "Scores the tokenizer and sentence splitter against a UD treebank: the\n"
    "raw text is rebuilt from the '# text' lines (sentences of a paragraph\n"
    "joined by a space, paragraphs by a blank line), tokenized and split,\n"
    "and the spans compared with the gold words and sentences. Prints\n"
    "precision, recall and F1; the last line reads\n"
    "  tokens-F1 <pct> sentences-F1 <pct>\n";

int dl_cmd_eval_tokens(int argc, char **argv) {
  if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
    fputs(tokens_usage, stdout);
    return EXIT_OK;
  }
  while (argc > 2 && argv[1][0] == '-') {
    if (!strcmp(argv[1], "-v")) verbose = 1;
    else if (!strcmp(argv[1], "--join-space")) join_space = 1;
    else break;
    argv++;
    argc--;
  }
  if (argc != 2) {
    fputs(tokens_usage, stderr);
    return EXIT_USAGE;
  }
  FILE *fp = fopen(argv[1], "r");
  if (!fp) {
    cli_error("%s: cannot open: %s", argv[1], strerror(errno));
    return EXIT_USAGE;
  }
  dl_text *tx;
  dl_err err;
  if (dl_text_new(&tx, &err)) {
    fclose(fp);
    return EXIT_USAGE;
  }
  gdoc d = {0};
  tally t = {0};
  char *line = NULL;
  size_t cap = 0, lineno = 0;
  ssize_t n;
  const char *sent_text = NULL;
  size_t sent_base = 0, cursor = 0;   /* offsets in d.buf.s */
  size_t mwt_end_id = 0, mwt_start = 0, mwt_end = 0;
  bool first_in_para = true, in_sent = false, oom = false;
  char *stext = NULL;
  while ((n = getline(&line, &cap, fp)) > 0 && !oom) {
    lineno++;
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
    if (!strncmp(line, "# newdoc", 8)) {
      if (score_doc(tx, &d, &t)) oom = true;
      first_in_para = true;
      continue;
    }
    if (!strncmp(line, "# newpar", 8)) {
      first_in_para = true;
      if (d.buf.n && text_put(&d, "\n\n", 2)) oom = true;
      continue;
    }
    if (!strncmp(line, "# text = ", 9)) {
      /* clean it as the document body will be (odd spaces, zero-width
       * characters), so offsets agree */
      free(stext);
      size_t tl = strlen(line + 9), bad, bl;
      stext = malloc(tl * 3 + 1);
      if (!stext) {
        oom = true;
        break;
      }
      stext[dl_utf8_clean(line + 9, tl, stext, &bad, &bl)] = '\0';
      if (d.buf.n && !first_in_para) {
        /* a sentence that ended without punctuation ended its line */
        char last = d.buf.n ? d.buf.s[d.buf.n - 1] : '.';
        const unsigned char *u = (const unsigned char *)d.buf.s + d.buf.n - 3;
        bool punct = strchr(".!?\"')]", last) ||
                     (d.buf.n >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
                      (u[2] == 0x9D || u[2] == 0x99 || u[2] == 0xA6));
        if (text_put(&d, join_space || punct ? " " : "\n", 1)) oom = true;
      }
      first_in_para = false;
      sent_base = d.buf.n;
      if (text_put(&d, stext, strlen(stext))) oom = true;
      sent_text = d.buf.s;
      cursor = sent_base;
      in_sent = true;
      mwt_end_id = 0;
      continue;
    }
    if (line[0] == '#') continue;
    if (line[0] == '\0') {
      if (in_sent && d.tok.n) {
        /* the sentence span: from its first to its last gold token */
        size_t k = d.tok.n;
        size_t first = k;
        while (first > 0 && d.tok.v[first - 1].start >= sent_base) first--;
        if (first < k && span_push(&d.sent, d.tok.v[first].start, d.tok.v[k - 1].end))
          oom = true;
      }
      in_sent = false;
      continue;
    }
    if (!in_sent) continue;
    /* a word or multiword-token line */
    char *tab1 = strchr(line, '\t');
    if (!tab1) continue;
    char *tab2 = strchr(tab1 + 1, '\t');
    if (!tab2) continue;
    *tab1 = '\0';
    *tab2 = '\0';
    const char *id = line, *form = tab1 + 1;
    if (strchr(id, '.')) continue; /* empty node */
    sent_text = d.buf.s;
    size_t flen = strlen(form);
    const char *dash = strchr(id, '-');
    /* find the form at or after the cursor, skipping spaces */
    size_t p = cursor;
    while (p < d.buf.n && (d.buf.s[p] == ' ' || d.buf.s[p] == '\n')) p++;
    if (dash) {
      mwt_end_id = (size_t)strtoul(dash + 1, NULL, 10);
      if (p + flen <= d.buf.n && !memcmp(sent_text + p, form, flen)) {
        mwt_start = p;
        mwt_end = p + flen;
      } else {
        mwt_start = mwt_end = p;
      }
      continue;
    }
    size_t wid = (size_t)strtoul(id, NULL, 10);
    if (mwt_end_id && wid <= mwt_end_id) {
      /* a word inside a multiword token */
      size_t q = cursor > mwt_start ? cursor : mwt_start;
      if (q + flen <= mwt_end && !strncasecmp(sent_text + q, form, flen)) {
        if (span_push(&d.tok, (uint32_t)q, (uint32_t)(q + flen))) oom = true;
        cursor = q + flen;
      } else if (cursor <= mwt_start) {
        if (span_push(&d.tok, (uint32_t)mwt_start, (uint32_t)mwt_end)) oom = true;
        cursor = mwt_end;
      }
      if (wid == mwt_end_id) {
        cursor = mwt_end;
        mwt_end_id = 0;
      }
      continue;
    }
    if (p + flen <= d.buf.n && !memcmp(sent_text + p, form, flen)) {
      if (span_push(&d.tok, (uint32_t)p, (uint32_t)(p + flen))) oom = true;
      cursor = p + flen;
    } else {
      cli_error("%s:%zu: word '%s' not found in the sentence text; skipped", argv[1],
                lineno, form);
    }
  }
  if (!oom && score_doc(tx, &d, &t)) oom = true;
  free(line);
  free(stext);
  dl_buf_free(&d.buf);
  free(d.tok.v);
  free(d.sent.v);
  dl_text_free(tx);
  fclose(fp);
  if (oom) {
    cli_error("out of memory");
    return EXIT_USAGE;
  }
  if (t.gold_tok == 0) {
    cli_error("%s: no CoNLL-U words (a treebank has a '# text' line and word lines per "
              "sentence)",
              argv[1]);
    return EXIT_INPUT;
  }
  double tp = t.sys_tok ? 100.0 * (double)t.ok_tok / (double)t.sys_tok : 0;
  double tr = t.gold_tok ? 100.0 * (double)t.ok_tok / (double)t.gold_tok : 0;
  double sp = t.sys_sent ? 100.0 * (double)t.ok_sent / (double)t.sys_sent : 0;
  double sr = t.gold_sent ? 100.0 * (double)t.ok_sent / (double)t.gold_sent : 0;
  printf("tokens     gold %zu  system %zu  matched %zu  P %.2f  R %.2f\n", t.gold_tok,
         t.sys_tok, t.ok_tok, tp, tr);
  printf("sentences  gold %zu  system %zu  matched %zu  P %.2f  R %.2f\n", t.gold_sent,
         t.sys_sent, t.ok_sent, sp, sr);
  printf("tokens-F1 %.2f sentences-F1 %.2f\n", f1(t.ok_tok, t.gold_tok, t.sys_tok),
         f1(t.ok_sent, t.gold_sent, t.sys_sent));
  return EXIT_OK;
}

static const char eval_usage[] =
    "usage: dateline eval SUITE [options] FILE\n"
    "\n"
    "suites:\n"
    "  tokens FILE.conllu   tokenizer and sentence splitter (UD treebank)\n"
    "  ud FILE.conllu       tagger, lemmatizer and parser (UD treebank)\n"
    "  timeml DIR|FILE...   time stage against TimeML/MEANTIME TIMEX3s\n"
    "  plover FILE          event types against the PLOVER gold records\n"
    "  petrarch FILE.xml    events against a PETRARCH validation file\n"
    "  quotes DIR           quotation speakers against PolNeAR attributions\n"
    "  extract DIR          HTML article bodies against the Zyte\n"
    "                       article-extraction benchmark\n"
    "\n"
    "`dateline eval SUITE --help` describes each.\n";

int dl_cmd_eval(int argc, char **argv) {
  if (argc < 2) {
    fputs(eval_usage, stderr);
    return EXIT_USAGE;
  }
  if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
    fputs(eval_usage, stdout);
    return EXIT_OK;
  }
  if (!strcmp(argv[1], "tokens")) return dl_cmd_eval_tokens(argc - 1, argv + 1);
  if (!strcmp(argv[1], "timeml")) return dl_cmd_eval_timeml(argc - 1, argv + 1);
  if (!strcmp(argv[1], "plover")) return dl_cmd_eval_plover(argc - 1, argv + 1);
  if (!strcmp(argv[1], "petrarch")) return dl_cmd_eval_petrarch(argc - 1, argv + 1);
  if (!strcmp(argv[1], "extract")) return dl_cmd_eval_extract(argc - 1, argv + 1);
  if (!strcmp(argv[1], "ud")) return dl_cmd_eval_ud(argc - 1, argv + 1);
  if (!strcmp(argv[1], "quotes")) return dl_cmd_eval_quotes(argc - 1, argv + 1);
  cli_error("eval: unknown suite '%s' (see dateline eval --help)", argv[1]);
  return EXIT_USAGE;
}
