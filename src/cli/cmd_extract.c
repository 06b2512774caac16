/*
 * cmd_extract.c -- `dateline eval extract`: the HTML reader's article
 * bodies against the Zyte article-extraction benchmark.
 *
 * The benchmark (github.com/scrapinghub/article-extraction-benchmark) is
 * a directory with html/<id>.html.gz pages and ground-truth.json, an
 * object {id: {"articleBody": ..., "url": ...}}. Every page is read with
 * the HTML reader (dl_reader_open, so the gzip and sniffing paths are the
 * ones users get) and its body scored with the benchmark's own metric:
 *
 *   tokens     \w+ runs: Unicode letters and digits (iswalnum in a UTF-8
 *              locale) and '_'
 *   shingles   per page, the multiset of 4-token runs (a text of fewer
 *              than 4 tokens has one shingle of all of them, even none)
 *   TP FP FN   shared shingles (multiset minimum), predicted only, true
 *              only
 *   precision  mean over pages of TP/(TP+FP) (1 when FP = FN = 0)
 *   recall     mean over pages of TP/(TP+FN) (1 when FP = FN = 0)
 *   F1         2PR/(P+R) of the two means
 *   accuracy   share of pages whose token sequence equals the truth's
 *
 * A page the reader fails on scores as an empty prediction. --verbose
 * prints a line a page (P, R, token counts, id); --out FILE writes our
 * bodies as {id: {"articleBody": ...}} for side-by-side comparison. The
 * last line reads
 *   pages <n> precision <p> recall <r> f1 <f> accuracy <a>
 * Shingles are compared as 64-bit hashes of their tokens.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wctype.h>

#include "cli/cli.h"
#include "core/core.h"
#include "out/json.h"
#include "read/read_internal.h"

typedef struct toks {
  uint64_t *h; /* token hashes */
  size_t n, cap;
} toks;

static bool word_cp(int32_t cp) { return cp == '_' || (cp > 0 && iswalnum((wint_t)cp)); }

/* The \w+ tokens of s[0..n) as hashes. Returns false when out of memory. */
static bool tokenize(const char *s, size_t n, toks *t) {
  t->n = 0;
  size_t i = 0;
  while (i < n) {
    size_t k;
    int32_t cp = dl_utf8_decode((const unsigned char *)s + i, n - i, &k);
    if (!word_cp(cp)) {
      i += k;
      continue;
    }
    uint64_t h = 1469598103934665603ull;
    while (i < n) {
      cp = dl_utf8_decode((const unsigned char *)s + i, n - i, &k);
      if (!word_cp(cp)) break;
      for (size_t j = 0; j < k; j++) h = (h ^ (unsigned char)s[i + j]) * 1099511628211ull;
      i += k;
    }
    if (t->n == t->cap) {
      size_t cap = t->cap ? t->cap * 2 : 1024;
      uint64_t *p = realloc(t->h, cap * sizeof *p);
      if (!p) return false;
      t->h = p;
      t->cap = cap;
    }
    t->h[t->n++] = h;
  }
  return true;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdull;
}

/* The sorted shingle hashes of t (malloc'd; *n set), NULL when out of
 * memory. */
static uint64_t *shingles(const toks *t, size_t *n) {
  size_t m = t->n >= 4 ? t->n - 3 : 1;
  uint64_t *s = malloc(m * sizeof *s);
  if (!s) return NULL;
  for (size_t i = 0; i < m; i++) {
    uint64_t h = 0x1234567ull;
    size_t w = t->n >= 4 ? 4 : t->n;
    for (size_t j = 0; j < w; j++) h = mix(h, t->h[i + j]);
    s[i] = mix(h, w);
  }
  qsort(s, m, sizeof *s, cmp_u64);
  *n = m;
  return s;
}

/* TP, FP, FN of predicted shingles p against true ones g (both sorted). */
static void match(const uint64_t *g, size_t ng, const uint64_t *p, size_t np, double *tp,
                  double *fp, double *fn) {
  size_t i = 0, j = 0, both = 0;
  while (i < ng && j < np) {
    if (g[i] == p[j]) both++, i++, j++;
    else if (g[i] < p[j]) i++;
    else j++;
  }
  *tp = (double)both;
  *fp = (double)(np - both);
  *fn = (double)(ng - both);
}

/* The decoded string member `key` of the JSON object v[0..n), malloc'd. */
static char *member_str(const char *v, size_t n, const char *key, size_t *len) {
  dl_jmember m[64];
  size_t cnt;
  const char *why;
  size_t col;
  if (dl_json_scan(v, n, m, 64, &cnt, &why, &col)) return NULL;
  size_t kl = strlen(key);
  for (size_t i = 0; i < cnt; i++)
    if (m[i].key_len == kl && !memcmp(m[i].key, key, kl) && m[i].val[0] == '"') {
      char *out = malloc(m[i].val_len + 1);
      if (!out) return NULL;
      *len = dl_json_unescape(m[i].val, m[i].val_len, out);
      out[*len] = '\0';
      return out;
    }
  return NULL;
}

int dl_cmd_eval_extract(int argc, char **argv) {
  static const char usage[] =
      "usage: dateline eval extract [--verbose] [--out FILE] DIR|DIR/ground-truth.json\n"
      "\n"
      "Reads every DIR/html/<id>.html.gz of the Zyte article-extraction\n"
      "benchmark with the HTML reader and scores the article bodies against\n"
      "ground-truth.json with the benchmark's metric (4-token shingles of \\w+\n"
      "tokens; precision and recall averaged over pages, F1 of the two means;\n"
      "accuracy = pages whose tokens equal the truth's). Last line:\n"
      "  pages <n> precision <p> recall <r> f1 <f> accuracy <a>\n"
      "  --verbose     first a line a page: precision, recall, tokens, id\n"
      "  --out FILE    write our bodies as {id: {\"articleBody\": ...}}\n";
  const char *path = NULL, *outp = NULL;
  bool verbose = false;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage, stdout);
      return EXIT_OK;
    }
    if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) verbose = true;
    else if (!strcmp(argv[i], "--out") && i + 1 < argc) outp = argv[++i];
    else if (argv[i][0] == '-' || path) {
      fputs(usage, stderr);
      return EXIT_USAGE;
    } else path = argv[i];
  }
  if (!path) {
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  char dir[4096], gt[4200];
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    snprintf(dir, sizeof dir, "%s", path);
    snprintf(gt, sizeof gt, "%s/ground-truth.json", path);
  } else {
    snprintf(gt, sizeof gt, "%s", path);
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    else snprintf(dir, sizeof dir, ".");
  }
  size_t glen;
  FILE *gf = fopen(gt, "rb");
  char *g = gf ? cli_slurp(gf, &glen) : NULL;
  if (gf) fclose(gf);
  if (!g) {
    cli_error("%s: cannot read the ground truth", gt);
    return EXIT_USAGE;
  }
  size_t maxm = 1 << 16, npages;
  dl_jmember *pages = malloc(maxm * sizeof *pages);
  const char *why;
  size_t col;
  if (!pages || dl_json_scan(g, glen, pages, maxm, &npages, &why, &col)) {
    cli_error("%s: not a JSON object of pages", gt);
    free(pages);
    free(g);
    return EXIT_USAGE;
  }
  char *old = setlocale(LC_CTYPE, NULL);
  char saved[64];
  snprintf(saved, sizeof saved, "%s", old ? old : "C");
  if (!setlocale(LC_CTYPE, "C.UTF-8")) setlocale(LC_CTYPE, "");

  dl_buf ob = {0};
  if (outp) dl_json_open(&ob, '{');
  toks tg = {0}, tp = {0};
  double sum_p = 0, sum_r = 0;
  size_t n_p = 0, n_r = 0, exact = 0, scored = 0, failed = 0;
  int status = EXIT_OK;
  for (size_t i = 0; i < npages; i++) {
    char id[256];
    size_t kl = pages[i].key_len < sizeof id - 1 ? pages[i].key_len : sizeof id - 1;
    memcpy(id, pages[i].key, kl);
    id[kl] = '\0';
    size_t tl = 0;
    char *truth = member_str(pages[i].val, pages[i].val_len, "articleBody", &tl);
    if (!truth) {
      cli_error("%s: page %s has no articleBody; skipped", gt, id);
      continue;
    }
    char file[4600];
    snprintf(file, sizeof file, "%s/html/%s.html.gz", dir, id);
    if (stat(file, &st) != 0) snprintf(file, sizeof file, "%s/html/%s.html", dir, id);
    dl_read_opts ro = {.format = DL_FMT_HTML};
    dl_reader *r = NULL;
    dl_doc *d = NULL;
    dl_err err = {0};
    const char *body = "";
    size_t blen = 0;
    if (dl_reader_open(file, &ro, &r, &err) || dl_reader_next(r, &d, &err) || !d) {
      cli_error("%s", d || !err.msg[0] ? "no document" : err.msg);
      failed++;
    } else {
      body = dl_doc_body(d, &blen);
    }
    if (!tokenize(truth, tl, &tg) || !tokenize(body, blen, &tp)) {
      cli_error("out of memory");
      status = EXIT_USAGE;
      free(truth);
      dl_doc_free(d);
      dl_reader_free(r);
      break;
    }
    size_t ng, np;
    uint64_t *sg = shingles(&tg, &ng), *sp = shingles(&tp, &np);
    double a = 0, b = 0, c = 0;
    if (sg && sp) match(sg, ng, sp, np, &a, &b, &c);
    double p = (b == 0 && c == 0) ? 1.0 : a + b > 0 ? a / (a + b) : 0;
    double rr = (b == 0 && c == 0) ? 1.0 : a + c > 0 ? a / (a + c) : 0;
    if (a + b > 0 || (b == 0 && c == 0)) sum_p += p, n_p++;
    if (a + c > 0 || (b == 0 && c == 0)) sum_r += rr, n_r++;
    bool same = tg.n == tp.n && (tg.n == 0 || !memcmp(tg.h, tp.h, tg.n * sizeof *tg.h));
    exact += same;
    scored++;
    if (verbose)
      printf("%.3f %.3f %6zu %6zu %s\n", p, rr, tg.n, tp.n, id);
    if (outp) {
      dl_json_key(&ob, id);
      dl_json_open(&ob, '{');
      dl_json_key(&ob, "articleBody");
      dl_json_str(&ob, body, blen);
      dl_json_close(&ob, '}');
    }
    free(sg);
    free(sp);
    free(truth);
    dl_doc_free(d);
    dl_reader_free(r);
  }
  setlocale(LC_CTYPE, saved);
  if (outp && status == EXIT_OK) {
    dl_json_close(&ob, '}');
    FILE *fp = fopen(outp, "w");
    bool ok = fp && !ob.oom && fwrite(ob.s, 1, ob.n, fp) == ob.n;
    if (fp && fclose(fp)) ok = false;
    if (!ok) {
      cli_error("%s: cannot write", outp);
      status = EXIT_USAGE;
    }
  }
  dl_buf_free(&ob);
  free(tg.h);
  free(tp.h);
  free(pages);
  free(g);
  if (status) return status;
  double P = n_p ? sum_p / (double)n_p : 0, R = n_r ? sum_r / (double)n_r : 0;
  double F = P + R > 0 ? 2 * P * R / (P + R) : 0;
  if (failed) printf("failed %zu pages (scored as empty)\n", failed);
  printf("pages %zu precision %.4f recall %.4f f1 %.4f accuracy %.4f\n", scored, P, R, F,
         scored ? (double)exact / (double)scored : 0);
  return failed ? EXIT_INPUT : EXIT_OK;
}
