/*
 * test_nlp.c -- unit tests of the nlp stage (src/nlp/).
 *
 *   tags        the tag and relation name tables round-trip
 *   conllu      the CoNLL-U reader: multiword tokens, spans in '# text'
 *   tiny        a tagger and a parser trained in-test on a few hand-written
 *               sentences: saved, loaded through dl_nlp_load(), run through
 *               dl_nlp_run(); lemmas urged -> urge, met -> meet ...
 *   corrupt     truncated, bit-flipped, mislabelled and missing model files
 *               are refused with DL_CORRUPT / DL_IO and a message
 *   crafted     damaged contents under a valid checksum: refused, or loaded
 *               and run without faults (run it under ASan)
 *   linear      a 10,000-token sentence parses in exactly 2n transitions
 *   dense       weight rows stored dense, as entries and inline all score
 *               as the weights they were saved from
 *   ewt         with the shipped models and the UD data present, the EWT
 *               test scores (skipped with a reason otherwise)
 *
 * The sentences below were written for this test.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "nlp/nlp_int.h"

/* Regression floors for the EWT test scores of the shipped models (the
 * scores they reach, rounded down to a half point); UPOS and XPOS are held
 * to the targets. */
#define NLP_FLOOR_LEMMA 97.0
#define NLP_FLOOR_UAS 85.0
#define NLP_FLOOR_LAS 82.0

static const char tiny_conllu[] =
    "# text = The minister urged the rebels to talk.\n"
    "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n"
    "3\turged\turge\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_\n"
    "5\trebels\trebel\tNOUN\tNNS\t_\t3\tobj\t_\t_\n"
    "6\tto\tto\tPART\tTO\t_\t7\tmark\t_\t_\n"
    "7\ttalk\ttalk\tVERB\tVB\t_\t3\txcomp\t_\tSpaceAfter=No\n"
    "8\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n"
    "# text = Leaders met in Hanoi on Tuesday.\n"
    "1\tLeaders\tleader\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
    "2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tin\tin\tADP\tIN\t_\t4\tcase\t_\t_\n"
    "4\tHanoi\tHanoi\tPROPN\tNNP\t_\t2\tobl\t_\t_\n"
    "5\ton\ton\tADP\tIN\t_\t6\tcase\t_\t_\n"
    "6\tTuesday\tTuesday\tPROPN\tNNP\t_\t2\tobl:tmod\t_\tSpaceAfter=No\n"
    "7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# text = The sanctions were better than the talks.\n"
    "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\tsanctions\tsanction\tNOUN\tNNS\t_\t4\tnsubj\t_\t_\n"
    "3\twere\tbe\tAUX\tVBD\t_\t4\tcop\t_\t_\n"
    "4\tbetter\tgood\tADJ\tJJR\t_\t0\troot\t_\t_\n"
    "5\tthan\tthan\tADP\tIN\t_\t7\tcase\t_\t_\n"
    "6\tthe\tthe\tDET\tDT\t_\t7\tdet\t_\t_\n"
    "7\ttalks\ttalk\tNOUN\tNNS\t_\t4\tobl\t_\tSpaceAfter=No\n"
    "8\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n"
    "# text = She was in Seoul.\n"
    "1\tShe\tshe\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n"
    "2\twas\tbe\tAUX\tVBD\t_\t4\tcop\t_\t_\n"
    "3\tin\tin\tADP\tIN\t_\t4\tcase\t_\t_\n"
    "4\tSeoul\tSeoul\tPROPN\tNNP\t_\t0\troot\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n"
    "# text = Officials said the envoy visited the capital.\n"
    "1\tOfficials\tofficial\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
    "2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_\n"
    "4\tenvoy\tenvoy\tNOUN\tNN\t_\t5\tnsubj\t_\t_\n"
    "5\tvisited\tvisit\tVERB\tVBD\t_\t2\tccomp\t_\t_\n"
    "6\tthe\tthe\tDET\tDT\t_\t7\tdet\t_\t_\n"
    "7\tcapital\tcapital\tNOUN\tNN\t_\t5\tobj\t_\tSpaceAfter=No\n"
    "8\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# text = They urged talks and met the leader.\n"
    "1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
    "2\turged\turge\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\ttalks\ttalk\tNOUN\tNNS\t_\t2\tobj\t_\t_\n"
    "4\tand\tand\tCCONJ\tCC\t_\t5\tcc\t_\t_\n"
    "5\tmet\tmeet\tVERB\tVBD\t_\t2\tconj\t_\t_\n"
    "6\tthe\tthe\tDET\tDT\t_\t7\tdet\t_\t_\n"
    "7\tleader\tleader\tNOUN\tNN\t_\t5\tobj\t_\tSpaceAfter=No\n"
    "8\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# text = We don\xe2\x80\x99t agree.\n"
    "1\tWe\twe\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n"
    "2-3\tdon\xe2\x80\x99t\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n"
    "3\tn\xe2\x80\x99t\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tagree\tagree\tVERB\tVBP\t_\t0\troot\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n";

static char tmpdir[64];
static char tagger_path[128], parser_path[128];
static bool have_tiny;

/* Reads a whole file into a malloc'd buffer. */
static unsigned char *read_all(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *b = malloc(len > 0 ? (size_t)len : 1);
  if (b && fread(b, 1, (size_t)len, f) != (size_t)len) {
    free(b);
    b = NULL;
  }
  fclose(f);
  *n = (size_t)len;
  return b;
}

static bool write_all(const char *path, const unsigned char *b, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return false;
  bool ok = fwrite(b, 1, n, f) == n;
  return fclose(f) == 0 && ok;
}

/* The tables hold the names EWT uses, and lookups round-trip. */
static void test_tags(void) {
  CHECK_STR(dl_upos_name(DL_UPOS_NOUN), "NOUN");
  CHECK_STR(dl_upos_name(DL_UPOS_X), "X");
  CHECK_STR(dl_upos_name(0), "_");
  CHECK_STR(dl_upos_name(999), "_");
  CHECK(dl_upos_from_name("PROPN") == DL_UPOS_PROPN);
  CHECK(dl_upos_from_name("nonsense") == 0);
  const char *xp[] = {"NN", "NNS", "VBD", "HYPH", "NFP", "ADD", "AFX", "GW",
                      "XX", "-LRB-", "-RRB-", "``", "''", "$", "PRP$", "WP$"};
  for (size_t i = 0; i < sizeof xp / sizeof *xp; i++) {
    int k = dl_xpos_from_name(xp[i]);
    CHECK(k > 0);
    CHECK_STR(dl_xpos_name(k), xp[i]);
  }
  const char *dr[] = {"nsubj:pass", "obl:tmod", "obl:npmod", "nmod:poss",
                      "compound:prt", "acl:relcl", "aux:pass", "det:predet",
                      "cc:preconj", "nmod:tmod", "nmod:npmod", "csubj:pass",
                      "flat:foreign", "obl:agent", "obl:unmarked", "root"};
  for (size_t i = 0; i < sizeof dr / sizeof *dr; i++) {
    int k = dl_deprel_from_name(dr[i]);
    CHECK(k > 0 && k < 256);
    CHECK_STR(dl_deprel_name(k), dr[i]);
  }
  CHECK(dl_deprel_from_name("_") == 0);
  CHECK_STR(dl_deprel_name(-1), "_");
}

/* Word count, normalised forms, multiword sub-spans, heads, subtyped
 * relations; a word id out of sequence is an error naming the line. */
static void test_conllu(void) {
  nlp_corpus c;
  dl_err err = {0};
  CHECK(nlp_corpus_parse("tiny", tiny_conllu, strlen(tiny_conllu), &c,
                         &err) == DL_OK);
  CHECK(c.n == 7);
  CHECK(c.n_words == 8 + 7 + 8 + 5 + 8 + 8 + 5);
  const nlp_sent *s = &c.s[6];
  CHECK(s->n == 5);
  CHECK_STR(s->w[2].form, "n't"); /* curly apostrophe normalised */
  CHECK(s->w[1].start == 3 && s->w[1].end == 5);  /* "do" */
  CHECK(s->w[2].start == 5 && s->w[2].end == 10); /* "n’t", 5 bytes */
  CHECK(s->w[3].start == 11 && s->w[3].end == 16);
  CHECK(s->w[4].head == 4);
  CHECK(s->w[3].head == 0);
  CHECK(c.s[1].w[5].deprel == dl_deprel_from_name("obl:tmod"));
  nlp_corpus_free(&c);
  const char bad[] = "1\tA\ta\tDET\tDT\t_\t0\troot\n3\tB\tb\tX\tXX\t_\t1\tdep\n";
  CHECK(nlp_corpus_parse("bad", bad, strlen(bad), &c, &err) == DL_ERROR);
  CHECK(strstr(err.msg, "bad:2") != NULL);
}

/* Trains the tiny models into a temporary directory. */
static void test_tiny_train(void) {
  strcpy(tmpdir, "/tmp/dl_test_nlpXXXXXX");
  CHECK(mkdtemp(tmpdir) != NULL);
  snprintf(tagger_path, sizeof tagger_path, "%s/tagger.dlm", tmpdir);
  snprintf(parser_path, sizeof parser_path, "%s/parser.dlm", tmpdir);
  nlp_corpus c;
  dl_err err = {0};
  CHECK(nlp_corpus_parse("tiny", tiny_conllu, strlen(tiny_conllu), &c,
                         &err) == DL_OK);
  nlp_train_opts o = {10, 7, NULL, NULL, 0, 0, true, NULL, 1};
  CHECK(nlp_tagger_train(&c, &c, &o, tagger_path, &err) == DL_OK);
  CHECK(nlp_parser_train(&c, &c, &o, parser_path, &err) == DL_OK);
  /* jackknifed training runs too (2 folds) */
  char jk[160];
  snprintf(jk, sizeof jk, "%s/jk.dlm", tmpdir);
  nlp_train_opts oj = {3, 7, NULL, NULL, 2, 3, true, NULL, 1};
  CHECK(nlp_parser_train(&c, NULL, &oj, jk, &err) == DL_OK);
  remove(jk);
  /* the same seed gives the same model, byte for byte */
  char again[160];
  snprintf(again, sizeof again, "%s/again.dlm", tmpdir);
  CHECK(nlp_parser_train(&c, &c, &o, again, &err) == DL_OK);
  size_t n1 = 0, n2 = 0;
  unsigned char *a = read_all(parser_path, &n1), *b = read_all(again, &n2);
  CHECK(a && b && n1 == n2 && memcmp(a, b, n1) == 0);
  free(a);
  free(b);
  remove(again);

  dl_nlp *nlp = NULL;
  CHECK(dl_nlp_load(tmpdir, &nlp, &err) == DL_OK);
  if (nlp) {
    have_tiny = true;
    nlp_scores sc;
    CHECK(nlp_eval_gold(nlp, &c, &sc, NULL, &err) == DL_OK);
    CHECK(sc.words == c.n_words);
    CHECK(sc.xpos == sc.words); /* training data is learnt */
    CHECK(sc.upos == sc.words);
    CHECK(sc.lemma == sc.words);
    fprintf(stderr, "   tiny model on its training data: UAS %zu/%zu\n",
            sc.uas, sc.words);
    CHECK(sc.uas * 10 >= sc.words * 8);
    /* lemmas through the public path */
    const char *forms[] = {"They", "urged", "talks", "and", "met",
                           "sanctions", "."};
    const char *want[] = {"they", "urge", "talk", "and", "meet",
                          "sanction", "."};
    dl_doc *doc = dl_doc_new();
    doc->toks = dl_doc_alloc(doc, 7 * sizeof *doc->toks);
    doc->sents = dl_doc_alloc(doc, sizeof *doc->sents);
    for (int i = 0; i < 7; i++) doc->toks[i].form = forms[i];
    doc->n_toks = 7;
    doc->sents[0].tok_end = 7;
    doc->n_sents = 1;
    CHECK(dl_nlp_run(nlp, doc, &err) == DL_OK);
    int roots = 0;
    for (int i = 0; i < 7; i++) {
      CHECK_STR(doc->toks[i].lemma, want[i]);
      CHECK(doc->toks[i].head >= -1 && doc->toks[i].head < 7);
      CHECK(doc->toks[i].head != i);
      roots += doc->toks[i].head == -1;
    }
    CHECK(roots == 1);
    CHECK(doc->toks[1].xpos == dl_xpos_from_name("VBD"));
    CHECK(doc->toks[1].upos == DL_UPOS_VERB);
    dl_doc_free(doc);
    /* a 300-byte token keeps its whole form as lemma */
    char longw[301];
    memset(longw, 'a', 300);
    longw[300] = '\0';
    doc = dl_doc_new();
    doc->toks = dl_doc_alloc(doc, 2 * sizeof *doc->toks);
    doc->sents = dl_doc_alloc(doc, sizeof *doc->sents);
    doc->toks[0].form = "See";
    doc->toks[1].form = longw;
    doc->n_toks = 2;
    doc->sents[0].tok_end = 2;
    doc->n_sents = 1;
    CHECK(dl_nlp_run(nlp, doc, &err) == DL_OK);
    CHECK(doc->toks[1].lemma && strlen(doc->toks[1].lemma) == 300);
    dl_doc_free(doc);
  }
  dl_nlp_free(nlp);
  dl_nlp_free(NULL);
  nlp_corpus_free(&c);
}

/* Loading a damaged copy of a model must fail with DL_CORRUPT. */
static void expect_corrupt(const char *orig, const char *kind,
                           const unsigned char *b, size_t n) {
  char path[160];
  snprintf(path, sizeof path, "%s/bad.dlm", tmpdir);
  CHECK(write_all(path, b, n));
  dl_err err = {0};
  int rc;
  if (!strcmp(kind, "tagger")) {
    nlp_tagger *t = NULL;
    rc = nlp_tagger_load(path, &t, &err);
    CHECK(t == NULL);
    nlp_tagger_free(t);
  } else {
    nlp_parser *p = NULL;
    rc = nlp_parser_load(path, &p, &err);
    CHECK(p == NULL);
    nlp_parser_free(p);
  }
  CHECK(rc == DL_CORRUPT);
  CHECK(err.msg[0] != '\0' && strstr(err.msg, "bad.dlm") != NULL);
  (void)orig;
  remove(path);
}

/* Every truncation and a bit flip in each region of both files; a parser
 * file given as a tagger; a missing directory. */
static void test_corrupt(void) {
  if (!have_tiny) return;
  const char *paths[2] = {tagger_path, parser_path};
  const char *kinds[2] = {"tagger", "parser"};
  for (int m = 0; m < 2; m++) {
    size_t n = 0;
    unsigned char *b = read_all(paths[m], &n);
    CHECK(b != NULL && n > 256);
    if (!b) continue;
    /* truncated at many points, including inside the header */
    for (size_t k = 0; k < 16; k++) expect_corrupt(paths[m], kinds[m], b, n * k / 16);
    expect_corrupt(paths[m], kinds[m], b, 10);
    expect_corrupt(paths[m], kinds[m], b, n - 1);
    /* single bit flips: header, section table, payload */
    size_t at[] = {0, 9, 20, 33, 60, n / 3, n / 2, n - 5};
    for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
      b[at[k]] ^= 0x10;
      expect_corrupt(paths[m], kinds[m], b, n);
      b[at[k]] ^= 0x10;
    }
    free(b);
  }
  /* a parser file is not a tagger */
  dl_err err = {0};
  nlp_tagger *t = NULL;
  CHECK(nlp_tagger_load(parser_path, &t, &err) == DL_CORRUPT);
  CHECK(strstr(err.msg, "parser") != NULL);
  /* a missing directory is an I/O error */
  dl_nlp *nlp = NULL;
  CHECK(dl_nlp_load("/nonexistent/dateline-models", &nlp, &err) == DL_IO);
  CHECK(nlp == NULL);
}

/* Files with damaged contents but a valid checksum (as a crafted file
 * would have): loading must fail cleanly or give a model that runs without
 * touching memory it should not (run under ASan). */
static void test_crafted(void) {
  if (!have_tiny) return;
  const char *paths[2] = {tagger_path, parser_path};
  const char *kinds[2] = {"tagger", "parser"};
  uint64_t rng = 12345;
  char path[160];
  snprintf(path, sizeof path, "%s/crafted.dlm", tmpdir);
  size_t loaded = 0, refused = 0;
  const char *forms[] = {"The", "envoy", "urged", "talks", "in", "Seoul", "."};
  for (int m = 0; m < 2; m++) {
    size_t n = 0;
    unsigned char *orig = read_all(paths[m], &n);
    unsigned char *b = malloc(n);
    if (!orig || !b) {
      free(orig);
      free(b);
      continue;
    }
    for (int round = 0; round < 400; round++) {
      memcpy(b, orig, n);
      int edits = 1 + (int)(nlp_rand(&rng) % 4);
      for (int e = 0; e < edits; e++) {
        size_t at = 56 + (size_t)(nlp_rand(&rng) % (n - 56));
        b[at] = (unsigned char)nlp_rand(&rng);
      }
      uint64_t sum = nlp_checksum(b + 56, n - 56);
      for (int k = 0; k < 8; k++) b[40 + k] = (unsigned char)(sum >> (8 * k));
      CHECK(write_all(path, b, n));
      dl_err err = {0};
      uint8_t x[7], u[7], rel[7];
      int32_t heads[7];
      nlp_tokfeat tf[7];
      if (m == 0) {
        nlp_tagger *t = NULL;
        int rc = nlp_tagger_load(path, &t, &err);
        CHECK(rc == DL_OK || rc == DL_CORRUPT);
        if (t) {
          char lem[64];
          nlp_tagger_tag(t, forms, 7, tf, x, u);
          for (int i = 0; i < 7; i++)
            nlp_tagger_lemma(t, forms[i], x[i], lem, sizeof lem);
          loaded++;
        } else {
          refused++;
        }
        nlp_tagger_free(t);
      } else {
        nlp_parser *p = NULL;
        int rc = nlp_parser_load(path, &p, &err);
        CHECK(rc == DL_OK || rc == DL_CORRUPT);
        if (p) {
          unsigned char scratch[4096];
          memset(x, 13, sizeof x);
          memset(u, 8, sizeof u);
          CHECK(nlp_parser_scratch(7) <= sizeof scratch);
          CHECK(nlp_parser_parse(p, forms, x, u, 7, scratch, heads, rel) == 14);
          loaded++;
        } else {
          refused++;
        }
        nlp_parser_free(p);
      }
      (void)kinds;
    }
    free(orig);
    free(b);
  }
  fprintf(stderr, "   crafted files: %zu loaded and ran, %zu refused\n", loaded,
          refused);
  remove(path);
}

/* The pathological case of STYLE.md: one 10,000-token sentence. The
 * transition count proves linearity (2n, whatever the model); the time
 * bound catches quadratic work elsewhere. */
static void test_linear(void) {
  if (!have_tiny) return;
  dl_err err = {0};
  nlp_parser *p = NULL;
  nlp_tagger *t = NULL;
  CHECK(nlp_parser_load(parser_path, &p, &err) == DL_OK);
  CHECK(nlp_tagger_load(tagger_path, &t, &err) == DL_OK);
  if (!p || !t) return;
  enum { N = 10000 };
  static const char *words[] = {"the", "minister", "urged", "talks", "and",
                                "met", "leaders", "in", "Seoul", ","};
  const char **forms = malloc(N * sizeof *forms);
  uint8_t *x = malloc(N), *u = malloc(N), *rel = malloc(N);
  int32_t *heads = malloc(N * sizeof *heads);
  nlp_tokfeat *tf = malloc(N * sizeof *tf);
  void *scratch = malloc(nlp_parser_scratch(N));
  for (size_t i = 0; i < N; i++) forms[i] = words[i % 10];
  clock_t c0 = clock();
  nlp_tagger_tag(t, forms, N, tf, x, u);
  size_t steps = nlp_parser_parse(p, forms, x, u, N, scratch, heads, rel);
  double sec = (double)(clock() - c0) / CLOCKS_PER_SEC;
  fprintf(stderr, "   10,000-token sentence: %zu transitions, %.3f s\n", steps,
          sec);
  CHECK(steps == 2 * (size_t)N); /* every word shifted once, reduced once */
  CHECK(sec < 10.0);
  int roots = 0;
  for (size_t i = 0; i < N; i++) {
    roots += heads[i] < 0;
    CHECK(heads[i] < N);
  }
  CHECK(roots == 1);
  free(forms);
  free(x);
  free(u);
  free(rel);
  free(heads);
  free(tf);
  free(scratch);
  nlp_parser_free(p);
  nlp_tagger_free(t);
}

/* A feature with many class weights is stored as a dense row, one with a
 * few as a run of entries, one with one inline; all three score as the
 * averaged weights they were saved from. */
static void test_dense(void) {
  enum { NC = 40 };
  nlp_wtrain tw;
  CHECK(nlp_wtrain_init(&tw, NC) == DL_OK);
  const uint64_t keys[3] = {nlp_f1(1, 11), nlp_f1(2, 22), nlp_f1(3, 33)};
  for (uint32_t c = 0; c < 30; c++) { /* key 0: 30 classes (dense) */
    nlp_wtrain_add(&tw, &keys[0], 1, c, (float)c - 12.0f);
    nlp_wtrain_tick(&tw);
  }
  for (uint32_t c = 0; c < 5; c++) /* key 1: 5 classes (entries) */
    nlp_wtrain_add(&tw, &keys[1], 1, 3 * c, 2.0f);
  nlp_wtrain_add(&tw, &keys[2], 1, 39, -7.0f); /* key 2: inline */
  nlp_wtrain_tick(&tw);
  double want[NC] = {0};
  nlp_wtrain_score(&tw, keys, 3, want, true);
  nlp_buf b[1] = {{0}};
  nlp_wtrain_save(&tw, &b[0]);
  char path[160];
  snprintf(path, sizeof path, "%s/dense.dlm", tmpdir);
  const uint32_t tag = NLP_TAG("WGHT");
  dl_err err = {0};
  CHECK(nlp_model_write(path, "dense", &tag, b, 1, &err) == DL_OK);
  nlp_model m;
  nlp_weights w;
  CHECK(nlp_model_open(path, "dense", &m, &err) == DL_OK);
  CHECK(nlp_weights_load(&w, &m, nlp_model_section(&m, tag), &err) == DL_OK);
  CHECK(w.n_dense == 1);
  int32_t got[NC] = {0};
  nlp_weights_score(&w, keys, 3, got);
  for (int c = 0; c < NC; c++) {
    double real = got[c] * (double)w.scale, avg = want[c] / tw.now;
    CHECK(real - avg < 0.01 && avg - real < 0.01);
  }
  nlp_model_close(&m);
  nlp_buf_free(&b[0]);
  nlp_wtrain_free(&tw);
  remove(path);
}

/* Scoring a table of 103 classes like the parser's: every kind of slot
 * (inline, runs, dense rows), keys present and absent, probed from any
 * home slot (the fingerprint bytes are read 16 at a time, past the end
 * into their copy of the start). The vector paths for dense rows (AVX2
 * where the CPU has it, SSE2) must give the same integers, and both the
 * trained weights. */
static uint32_t rnd16(uint32_t *r) {
  *r = *r * 1103515245u + 12345u;
  return (*r >> 8) & 0xffffu;
}

static void test_scoring(void) {
  enum { NC = 103, NK = 3000, NQ = 100 };
  nlp_wtrain tw;
  CHECK(nlp_wtrain_init(&tw, NC) == DL_OK);
  uint64_t *keys = malloc(2 * NK * sizeof *keys);
  CHECK(keys != NULL);
  uint32_t r = 12345;
#define RND() rnd16(&r)
  for (uint32_t k = 0; k < 2 * NK; k++) keys[k] = nlp_f1(7, k);
  for (uint32_t k = 0; k < NK; k++) { /* keys[NK..] stay absent */
    uint32_t kind = k % 3, n = kind == 0 ? 1 + RND() % 2
                                : kind == 1 ? 3 + RND() % 12 : 16 + RND() % 88;
    for (uint32_t j = 0; j < n; j++) {
      uint32_t cls = RND() % NC;
      float delta = (float)(int)(RND() % 9) - 4.0f + 0.5f;
      nlp_wtrain_add(&tw, &keys[k], 1, cls, delta);
    }
    nlp_wtrain_tick(&tw);
  }
  nlp_buf b[1] = {{0}};
  nlp_wtrain_save(&tw, &b[0]);
  char path[160];
  snprintf(path, sizeof path, "%s/scoring.dlm", tmpdir);
  const uint32_t tag = NLP_TAG("WGHT");
  dl_err err = {0};
  CHECK(nlp_model_write(path, "scoring", &tag, b, 1, &err) == DL_OK);
  nlp_model m;
  nlp_weights w;
  CHECK(nlp_model_open(path, "scoring", &m, &err) == DL_OK);
  CHECK(nlp_weights_load(&w, &m, nlp_model_section(&m, tag), &err) == DL_OK);
  CHECK(w.n_dense > 100);
  bool had_avx2 = w.avx2;
  uint64_t q[NQ];
  for (int round = 0; round < 200; round++) {
    for (int i = 0; i < NQ; i++) q[i] = keys[RND() % (2 * NK)];
    int32_t got[256] = {0}, plain[256] = {0};
    double want[NC] = {0};
    nlp_weights_score(&w, q, NQ, got);
    w.avx2 = false;
    nlp_weights_score(&w, q, NQ, plain);
    w.avx2 = had_avx2;
    nlp_wtrain_score(&tw, q, NQ, want, true);
    for (int c = 0; c < NC; c++) {
      CHECK(got[c] == plain[c]);
      double real = got[c] * (double)w.scale, avg = want[c] / tw.now;
      CHECK(real - avg < 0.05 && avg - real < 0.05);
    }
  }
#undef RND
  printf("  scoring: %u slots, %u dense rows, AVX2 %s\n", w.n_slots, w.n_dense,
         had_avx2 ? "checked against SSE2" : "not on this CPU");
  nlp_model_close(&m);
  nlp_buf_free(&b[0]);
  nlp_wtrain_free(&tw);
  free(keys);
  remove(path);
}

/* The shipped models on the EWT test set (gold tokenization). */
static void test_ewt(void) {
  const char *src = getenv("DL_SOURCE_DIR");
  const char *data = getenv("DATELINE_DATA");
  char models[1024], test[1200];
  if (!src) {
    fprintf(stderr, "   skipped: DL_SOURCE_DIR not set\n");
    return;
  }
  snprintf(models, sizeof models, "%s/models", src);
  if (data)
    snprintf(test, sizeof test, "%s/data/ud/EWT/en_ewt-ud-test.conllu", data);
  else
    snprintf(test, sizeof test,
             "%s/../shared/data/ud/EWT/en_ewt-ud-test.conllu", src);
  if (access(test, R_OK) != 0) {
    fprintf(stderr, "   skipped: no UD data at %s\n", test);
    return;
  }
  dl_err err = {0};
  dl_nlp *nlp = NULL;
  int rc = dl_nlp_load(models, &nlp, &err);
  if (rc == DL_IO) {
    fprintf(stderr, "   skipped: no models (%s)\n", err.msg);
    return;
  }
  CHECK(rc == DL_OK);
  nlp_corpus c;
  CHECK(nlp_corpus_read(test, &c, &err) == DL_OK);
  nlp_scores sc;
  clock_t c0 = clock();
  CHECK(nlp_eval_gold(nlp, &c, &sc, NULL, &err) == DL_OK);
  double sec = (double)(clock() - c0) / CLOCKS_PER_SEC;
  double n = sc.words ? (double)sc.words : 1.0;
  double upos = 100.0 * (double)sc.upos / n, xpos = 100.0 * (double)sc.xpos / n;
  double lemma = 100.0 * (double)sc.lemma / n, uas = 100.0 * (double)sc.uas / n;
  double las = 100.0 * (double)sc.las / n;
  fprintf(stderr,
          "   EWT test (gold tokenization, %zu words, %.0f words/s):\n"
          "   UPOS %.2f XPOS %.2f LEMMA %.2f UAS %.2f LAS %.2f\n"
          "   targets of issue 3: UPOS 95.0 XPOS 94.5 LEMMA 97.0 UAS 87.0 "
          "LAS 84.0\n",
          sc.words, n / (sec > 0 ? sec : 1e-9), upos, xpos, lemma, uas, las);
  /* Floors that the shipped models meet; the targets for LEMMA,
   * UAS and LAS are not reached yet (see docs/nlp.md). */
  CHECK(upos >= 95.0);
  CHECK(xpos >= 94.5);
  CHECK(lemma >= NLP_FLOOR_LEMMA);
  CHECK(uas >= NLP_FLOOR_UAS);
  CHECK(las >= NLP_FLOOR_LAS);
  nlp_corpus_free(&c);
  dl_nlp_free(nlp);
}

/* The XPOS name the shipped tagger gives word `at` of a sentence given
 * as space-separated words (through dl_nlp_tag, with its repairs). */
static const char *xpos_of(dl_nlp *nlp, const char *words, size_t at, char *buf) {
  char tmp[512];
  snprintf(tmp, sizeof tmp, "%s", words);
  const char *w[64];
  size_t n = 0;
  for (char *p = strtok(tmp, " "); p && n < 64; p = strtok(NULL, " ")) w[n++] = p;
  dl_doc *doc = dl_doc_new();
  doc->toks = dl_arena_alloc(&doc->arena, (n + 1) * sizeof *doc->toks);
  doc->sents = dl_arena_alloc(&doc->arena, sizeof *doc->sents);
  for (size_t i = 0; i < n; i++) {
    doc->toks[i].form = w[i];
    doc->toks[i].head = -1;
  }
  doc->n_toks = n;
  doc->sents[0].tok_begin = 0;
  doc->sents[0].tok_end = (uint32_t)n;
  doc->n_sents = 1;
  dl_err err = {0};
  buf[0] = 0;
  if (dl_nlp_tag(nlp, doc, &err) == DL_OK && at < n)
    snprintf(buf, 16, "%s", dl_xpos_name(doc->toks[at].xpos));
  dl_doc_free(doc);
  return buf;
}

/* A sentence whose only main-clause verb the tagger reads as a past
 * participle after its subject gets the past tense; a reduced relative
 * before a main verb keeps its participle. A verbless clause after
 * "demanded that" gets its base-form verb. */
static void test_finite_repair(void) {
  char models[4096], buf[16];
  const char *src = getenv("DL_SOURCE_DIR");
  snprintf(models, sizeof models, "%s/models", src ? src : ".");
  dl_err err = {0};
  dl_nlp *nlp = NULL;
  if (dl_nlp_load(models, &nlp, &err) != DL_OK) {
    fprintf(stderr, "   skipped: no models (%s)\n", err.msg);
    return;
  }
  CHECK_STR(xpos_of(nlp,
                    "The Azerbaijani parliament threatened on Monday to break relations "
                    "with Russia unless the Kremlin closed its base .",
                    3, buf),
            "VBD");
  CHECK_STR(xpos_of(nlp, "The man killed by police on Monday was unarmed .", 2, buf), "VBN");
  /* the base-form verb of a clause after "demanded that" */
  CHECK_STR(xpos_of(nlp, "The opposition demanded that the president resign .", 6, buf), "VB");
  CHECK_STR(xpos_of(nlp,
                    "Amnesty International demanded that the Sudanese government release "
                    "the prisoners .",
                    7, buf),
            "VB");
  CHECK_STR(xpos_of(nlp, "They urged that the army chief step down .", 5, buf), "NN");
  CHECK_STR(xpos_of(nlp, "They urged that the army chief step down .", 6, buf), "VB");
  /* a clause with its verb, and "that" after other verbs, keep their tags */
  CHECK_STR(xpos_of(nlp, "They demanded that the president should resign .", 4, buf), "NN");
  CHECK_STR(xpos_of(nlp, "He said that the government release was late .", 5, buf), "NN");
  /* a news adjective in -ing before a noun */
  CHECK_STR(xpos_of(nlp, "The United States imposed sweeping sanctions on Russia .", 4, buf),
            "JJ");
  dl_nlp_free(nlp);
}

int main(void) {
  RUN(test_tags);
  RUN(test_conllu);
  RUN(test_tiny_train);
  RUN(test_corrupt);
  RUN(test_crafted);
  RUN(test_linear);
  RUN(test_dense);
  RUN(test_scoring);
  RUN(test_finite_repair);
  RUN(test_ewt);
  if (tmpdir[0]) {
    remove(tagger_path);
    remove(parser_path);
    rmdir(tmpdir);
  }
  return DONE();
}
