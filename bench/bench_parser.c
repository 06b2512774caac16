/*
 * bench_parser.c -- speed of the dependency parser alone.
 *
 *   bench_parser MODELS_DIR FILE.conllu [REPEAT]
 *
 * `dateline parse --stats` (bench/nlp-bench.sh) times the whole nlp stage:
 * the tagger takes about a third of it, and the machine's noise is as
 * large as most parser changes. This times nlp_parser_parse() and nothing
 * else. The words of FILE (gold tokenization) are tagged once by the
 * tagger of MODELS_DIR, untimed; then every sentence is parsed, REPEAT
 * times over (default 7), and the median and best passes are reported:
 *
 *   parser: <words> words, median <s> s (best <s>): <n> words/s,
 *           <us> us/word, verify <hash>
 *
 * The hash (FNV-1a over every head and relation) must not change when
 * only speed is being worked on. Uses the private nlp interfaces
 * (src/nlp/nlp_int.h): the public API runs the tagger and the parser
 * together.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nlp/nlp_int.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: bench_parser MODELS_DIR FILE.conllu [REPEAT]\n");
    return 2;
  }
  int reps = argc == 4 ? atoi(argv[3]) : 7;
  if (reps < 1 || reps > 1000) reps = 7;
  char tpath[4096], ppath[4096];
  snprintf(tpath, sizeof tpath, "%s/tagger.dlm", argv[1]);
  snprintf(ppath, sizeof ppath, "%s/parser.dlm", argv[1]);
  dl_err err = {0};
  nlp_tagger *t = NULL;
  nlp_parser *p = NULL;
  nlp_corpus c;
  if (nlp_tagger_load(tpath, &t, &err) != DL_OK ||
      nlp_parser_load(ppath, &p, &err) != DL_OK) {
    fprintf(stderr, "bench_parser: %s\n", err.msg);
    return 3;
  }
  if (nlp_corpus_read(argv[2], &c, &err) != DL_OK) {
    fprintf(stderr, "bench_parser: %s\n", err.msg);
    return 1;
  }
  size_t maxn = 1;
  for (size_t i = 0; i < c.n; i++)
    if (c.s[i].n > maxn) maxn = c.s[i].n;
  /* every sentence's forms and predicted tags, one flat array each */
  const char **forms = malloc((c.n_words + 1) * sizeof *forms);
  uint8_t *xpos = malloc(c.n_words + 1), *upos = malloc(c.n_words + 1);
  nlp_tokfeat *tf = malloc(maxn * sizeof *tf);
  void *scratch = malloc(nlp_parser_scratch(maxn));
  int32_t *heads = malloc(maxn * sizeof *heads);
  uint8_t *rels = malloc(maxn);
  double *times = malloc((size_t)reps * sizeof *times);
  if (!forms || !xpos || !upos || !tf || !scratch || !heads || !rels ||
      !times) {
    fprintf(stderr, "bench_parser: out of memory\n");
    return 2;
  }
  size_t off = 0;
  for (size_t i = 0; i < c.n; i++) {
    for (uint32_t j = 0; j < c.s[i].n; j++) forms[off + j] = c.s[i].w[j].form;
    nlp_tagger_tag(t, forms + off, c.s[i].n, tf, xpos + off, upos + off);
    off += c.s[i].n;
  }
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (int r = 0; r < reps; r++) {
    double t0 = now();
    off = 0;
    for (size_t i = 0; i < c.n; i++) {
      size_t n = c.s[i].n;
      nlp_parser_parse(p, forms + off, xpos + off, upos + off, n, scratch,
                       heads, rels);
      if (r == 0)
        for (size_t j = 0; j < n; j++) {
          hash = (hash ^ (uint64_t)(uint32_t)heads[j]) * 0x100000001b3ULL;
          hash = (hash ^ rels[j]) * 0x100000001b3ULL;
        }
      off += n;
    }
    times[r] = now() - t0;
  }
  qsort(times, (size_t)reps, sizeof *times, cmp_double);
  double med = times[reps / 2];
  printf("parser: %zu words, median %.3f s (best %.3f s) over %d passes: "
         "%.0f words/s, %.3f us/word, verify %016llx\n",
         c.n_words, med, times[0], reps, (double)c.n_words / med,
         med * 1e6 / (double)c.n_words, (unsigned long long)hash);
  free(forms);
  free(xpos);
  free(upos);
  free(tf);
  free(scratch);
  free(heads);
  free(rels);
  free(times);
  nlp_corpus_free(&c);
  nlp_parser_free(p);
  nlp_tagger_free(t);
  return 0;
}
