/*
 * bench_time.c -- speed of the time stage, and its timexes for scoring
 * next to chrono-node (bench/time-bench.sh).
 *
 *   bench_time [-r REPEAT] LIST.tsv
 *
 * LIST.tsv names one plain-text file a line with its reference date:
 *   path<TAB>YYYY-MM-DD
 * Every file is read into memory first. Then, REPEAT times (default 5),
 * each text goes through what it takes to get timexes from raw text: a new
 * document, dl_doc_set_body, the reference date, dl_text_run and
 * dl_time_run. Only that is timed (no start-up, no file reading); the
 * median of the repeats is reported. The timexes of the last repeat are
 * printed, one a line:
 *   file<TAB>start<TAB>end<TAB>type<TAB>value
 * with byte offsets into the body (the texts should come already cleaned,
 * as time-bench.sh writes them, so that body offsets are file offsets; a
 * text the body differs from is reported on stderr). The last line is
 *   bytes <n> seconds <median> MB/s <x> (time stage alone <y> MB/s) verify <hash>
 * (the time stage alone is the same minus the text stage's share), where
 * the hash (FNV-1a over the timex lines) catches a fast wrong
 * answer: it must not change when only speed is being worked on.
 *
 * Only the public API (dateline.h) is used. The parser is not run: the
 * time stage works without it, and this measures the time stage.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dateline.h"

typedef struct text {
  char *path, date[11];
  char *buf;
  size_t len;
} text;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Reads a whole file; NULL on failure. */
static char *slurp(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, fp);
    if (n < cap) break;
    char *b2 = realloc(buf, cap *= 2);
    if (!b2) free(buf);
    buf = b2;
  }
  fclose(fp);
  *len = n;
  return buf;
}

static uint64_t fnv(uint64_t h, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

int main(int argc, char **argv) {
  int repeat = 5;
  int i = 1;
  if (i + 1 < argc && !strcmp(argv[i], "-r")) {
    repeat = atoi(argv[i + 1]);
    i += 2;
  }
  if (i + 1 != argc || repeat < 1 || repeat > 1000) {
    fputs("usage: bench_time [-r REPEAT] LIST.tsv   (lines: path<TAB>YYYY-MM-DD)\n", stderr);
    return 2;
  }
  FILE *lf = fopen(argv[i], "r");
  if (!lf) {
    fprintf(stderr, "bench_time: cannot open %s\n", argv[i]);
    return 2;
  }
  text *t = NULL;
  size_t nt = 0, cap = 0, bytes = 0;
  char *line = NULL;
  size_t lcap = 0;
  while (getline(&line, &lcap, lf) > 0) {
    char *tab = strchr(line, '\t');
    if (!tab || strlen(tab + 1) < 10) continue;
    *tab = '\0';
    if (nt == cap) {
      cap = cap ? 2 * cap : 64;
      text *t2 = realloc(t, cap * sizeof *t2);
      if (!t2) return 2;
      t = t2;
    }
    text *x = &t[nt];
    memcpy(x->date, tab + 1, 10);
    x->date[10] = '\0';
    x->path = strdup(line);
    x->buf = slurp(line, &x->len);
    if (!x->path || !x->buf) {
      fprintf(stderr, "bench_time: cannot read %s\n", line);
      return 2;
    }
    bytes += x->len;
    nt++;
  }
  free(line);
  fclose(lf);

  dl_text *tx = NULL;
  dl_time *tm = NULL;
  dl_err err = {0};
  if (dl_text_new(&tx, &err) || dl_time_new(&tm, &err)) {
    fprintf(stderr, "bench_time: %s\n", err.msg);
    return 2;
  }
  double *secs = calloc((size_t)repeat, sizeof *secs);
  double *tsecs = calloc((size_t)repeat, sizeof *tsecs); /* text stage alone */
  uint64_t hash = 1469598103934665603ull;
  char row[512];
  for (int r = 0; r < repeat && secs; r++) {
    bool last = r == repeat - 1;
    double total = 0, text_only = 0;
    for (size_t k = 0; k < nt; k++) {
      double t0 = now();
      dl_doc *doc = dl_doc_new();
      int rc = !doc || dl_doc_set_body(doc, t[k].buf, t[k].len) ||
               dl_doc_set_ref_date(doc, t[k].date, DL_DATE_GIVEN) || dl_text_run(tx, doc, &err);
      double t1 = now();
      if (!rc) rc = dl_time_run(tm, doc, &err);
      if (rc) {
        fprintf(stderr, "bench_time: %s: %s\n", t[k].path, err.msg);
        dl_doc_free(doc);
        continue;
      }
      text_only += t1 - t0;
      total += now() - t0;
      if (last) {
        size_t blen, n;
        dl_doc_body(doc, &blen);
        if (blen != t[k].len)
          fprintf(stderr, "bench_time: %s: body is %zu bytes, file %zu: offsets differ\n",
                  t[k].path, blen, t[k].len);
        const dl_timex *x = dl_doc_timexes(doc, &n);
        static const char *const types[] = {"DATE", "TIME", "DURATION", "SET"};
        for (size_t j = 0; j < n; j++) {
          int m = snprintf(row, sizeof row, "%s\t%u\t%u\t%s\t%s\n", t[k].path,
                           (unsigned)x[j].start, (unsigned)x[j].end,
                           x[j].type < 4 ? types[x[j].type] : "?",
                           x[j].value ? x[j].value : "");
          if (m > 0) {
            fputs(row, stdout);
            hash = fnv(hash, row, strlen(row));
          }
        }
      }
      dl_doc_free(doc);
    }
    secs[r] = total;
    if (tsecs) tsecs[r] = total - text_only;
  }
  double med = 0, tmed = 0;
  if (secs && tsecs) {
    qsort(secs, (size_t)repeat, sizeof *secs, cmp_double);
    qsort(tsecs, (size_t)repeat, sizeof *tsecs, cmp_double);
    med = secs[repeat / 2];
    tmed = tsecs[repeat / 2];
  }
  printf("bytes %zu seconds %.6f MB/s %.2f (time stage alone %.2f MB/s) verify %016llx\n",
         bytes, med, med > 0 ? (double)bytes / 1e6 / med : 0.0,
         tmed > 0 ? (double)bytes / 1e6 / tmed : 0.0, (unsigned long long)hash);
  free(secs);
  free(tsecs);
  for (size_t k = 0; k < nt; k++) {
    free(t[k].path);
    free(t[k].buf);
  }
  free(t);
  dl_text_free(tx);
  dl_time_free(tm);
  return fflush(stdout) == 0 ? 0 : 2;
}
