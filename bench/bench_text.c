/*
 * bench_text.c -- speed of reading + tokenizing + sentence splitting.
 *
 *   bench_text [--runs N] [--time] [--actors DICT]... [--verify] FILE...
 *
 * With --time the time stage runs too (timexes found and resolved), and
 * its timexes enter the hash. Each --actors names a dictionary file or
 * directory (Dateline's own) to load; with any, the actors stage runs too
 * and the time its matching takes is reported apart (tokens per second).
 *
 * Times are wall-clock; on a machine whose two cores share a physical
 * core, another busy process halves the figure, so run it on an idle one.
 * Loads every FILE into memory first (so disk speed is not measured),
 * then, for each run, reads every document from the buffers with the
 * library's readers and runs the text stage on it. Prints the median
 * throughput in MB/s of input bytes, documents, sentences and tokens per
 * second, and a hash of all token and sentence offsets (--verify), so a
 * fast wrong answer shows as a changed hash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dateline.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

typedef struct input {
  const char *name;
  char *buf;
  size_t len;
} input;

int main(int argc, char **argv) {
  int runs = 5, with_time = 0;
  const char *dicts[16];
  int n_dicts = 0;
  input *in = calloc((size_t)argc, sizeof *in);
  int n = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
      runs = atoi(argv[++i]);
      continue;
    }
    if (!strcmp(argv[i], "--verify")) continue; /* the hash is always printed */
    if (!strcmp(argv[i], "--time")) {
      with_time = 1;
      continue;
    }
    if (!strcmp(argv[i], "--actors") && i + 1 < argc && n_dicts < 16) {
      dicts[n_dicts++] = argv[++i];
      continue;
    }
    FILE *fp = fopen(argv[i], "rb");
    if (!fp) {
      fprintf(stderr, "bench_text: %s: cannot open\n", argv[i]);
      return 2;
    }
    fseek(fp, 0, SEEK_END);
    long sz = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    in[n].name = argv[i];
    in[n].buf = malloc((size_t)sz + 1);
    in[n].len = fread(in[n].buf, 1, (size_t)sz, fp);
    fclose(fp);
    n++;
  }
  if (n == 0 || runs < 1) {
    fprintf(stderr, "usage: bench_text [--runs N] FILE...\n");
    return 2;
  }
  dl_text *tx;
  dl_time *tm;
  dl_err err;
  dl_text_new(&tx, &err);
  dl_time_new(&tm, &err);
  size_t timexes = 0, mentions = 0;
  dl_actors *act = NULL;
  double load_ms = 0, actor_s = 0;
  if (n_dicts) {
    double l0 = now();
    dl_actors_new(&act, &err);
    for (int k = 0; k < n_dicts; k++) {
      size_t len = strlen(dicts[k]);
      int rc = len > 4 && !strcmp(dicts[k] + len - 4, ".txt") ? dl_actors_load(act, dicts[k], &err)
                                                              : dl_actors_load_dir(act, dicts[k], &err);
      if (rc) {
        fprintf(stderr, "bench_text: %s\n", err.msg);
        return 2;
      }
    }
    load_ms = (now() - l0) * 1e3;
  }
  double *secs = malloc((size_t)runs * sizeof *secs);
  size_t bytes = 0, docs = 0, sents = 0, toks = 0;
  uint64_t hash = 1469598103934665603ull;
  for (int r = 0; r < runs; r++) {
    bytes = docs = sents = toks = timexes = mentions = 0;
    actor_s = 0;
    hash = 1469598103934665603ull;
    double t0 = now();
    for (int i = 0; i < n; i++) {
      dl_reader *rd;
      if (dl_reader_open_mem(in[i].name, in[i].buf, in[i].len, NULL, &rd, &err)) return 2;
      bytes += in[i].len;
      dl_doc *d;
      for (;;) {
        int rc = dl_reader_next(rd, &d, &err);
        if (rc == DL_ERROR) continue;
        if (rc || !d) break;
        dl_text_run(tx, d, &err);
        if (with_time) {
          dl_time_run(tm, d, &err);
          size_t nx;
          const dl_timex *x = dl_doc_timexes(d, &nx);
          for (size_t k = 0; k < nx; k++)
            hash = (hash ^ (x[k].start * 7u + (x[k].value ? (unsigned char)x[k].value[3] : 0))) *
                   1099511628211ull;
          timexes += nx;
        }
        if (act) {
          double a0 = now();
          dl_actors_run(act, d, &err);
          actor_s += now() - a0;
          size_t nm;
          const dl_mention *mm = dl_doc_mentions(d, &nm);
          for (size_t k = 0; k < nm; k++)
            hash = (hash ^ (mm[k].start * 13u + (mm[k].code ? (unsigned char)mm[k].code[0] : 0))) *
                   1099511628211ull;
          mentions += nm;
        }
        size_t nt, ns;
        const dl_token *t = dl_doc_tokens(d, &nt);
        const dl_sentence *s = dl_doc_sentences(d, &ns);
        for (size_t k = 0; k < nt; k++) hash = (hash ^ (t[k].start * 31u + t[k].end)) * 1099511628211ull;
        for (size_t k = 0; k < ns; k++) hash = (hash ^ s[k].tok_end) * 1099511628211ull;
        docs++;
        sents += ns;
        toks += nt;
        dl_doc_free(d);
      }
      dl_reader_free(rd);
    }
    secs[r] = now() - t0;
  }
  qsort(secs, (size_t)runs, sizeof *secs, cmp_double);
  double med = secs[runs / 2];
  printf("input      %.1f MB in %d file(s), %zu documents, %zu sentences, %zu tokens\n",
         (double)bytes / 1e6, n, docs, sents, toks);
  printf("median     %.3f s over %d runs (best %.3f s)\n", med, runs, secs[0]);
  printf("throughput %.1f MB/s  %.0f docs/s  %.0f sentences/s  %.0f tokens/s\n",
         (double)bytes / 1e6 / med, (double)docs / med, (double)sents / med,
         (double)toks / med);
  if (with_time) printf("timexes    %zu\n", timexes);
  if (act)
    printf("actors     %zu names loaded in %.1f ms; %zu mentions; matching %.0f tokens/s "
           "(last run)\n",
           dl_actors_entry_count(act), load_ms, mentions, (double)toks / actor_s);
  printf("verify     %016llx\n", (unsigned long long)hash);
  for (int i = 0; i < n; i++) free(in[i].buf);
  free(in);
  free(secs);
  dl_text_free(tx);
  dl_time_free(tm);
  dl_actors_free(act);
  return 0;
}
