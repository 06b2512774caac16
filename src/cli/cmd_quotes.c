/*
 * cmd_quotes.c -- `dateline eval quotes DIR`: who said it, against the
 * attribution relations of PolNeAR (Newell, Margolin and Ruths 2018).
 *
 * DIR holds the split's articles (DIR/dev/text/NAME.txt, or DIR/text/)
 * and its relations, one JSON object a line (DIR/dev_attributions.jsonl,
 * or the file given with --relations): {"article": NAME, "content":
 * [{"text": ...}], "source": [{"text": ...}], ...}. Every article goes
 * through the whole pipeline as `dateline code` reads a text file.
 *
 * A quotation we find counts as matched when its words and the words of
 * an annotated content contain one another (words: letters and digits,
 * lower-cased; a content of three characters or fewer is too short to
 * tell). A matched quotation is attributed when we give it a speaker, and
 * right when the speaker's words and an annotated source's words of one
 * of the matching relations contain one another, or the source holds the
 * last word of the speaker's entity ("Donald Trump" for "Trump"). PolNeAR
 * marks every attribution, paraphrases and beliefs too, and its sources
 * are the words of the text ("He" where we resolve the pronoun), so the
 * figures are a floor for precision and say nothing of what we miss
 * outside quotation marks. Last line:
 *
 *   quotes <n> matched <m> attributed <a> right <r> precision <r/a> coverage <r/m>
 *
 * --verbose first prints every matched quotation: + right, x wrong,
 * . none, our speaker, the annotated sources, the quotation.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "read/read_internal.h"

/* Words of s (len bytes): ASCII letters and digits lower-cased, other
 * ASCII and the Unicode quotation marks, dashes, ellipsis and no-break
 * space as one space; other non-ASCII bytes kept. Returns a malloc'd,
 * NUL-terminated string with no leading or trailing space. */
static char *words(const char *s, size_t len) {
  char *o = malloc(len + 1);
  if (!o) return NULL;
  size_t n = 0;
  bool gap = true;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    bool sep;
    size_t skip = 0;
    if (c < 0x80) {
      sep = !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    } else if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
      /* U+2010-U+2027: dashes, quotation marks, ellipsis */
      sep = true;
      skip = 2;
    } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
      sep = true;
      skip = 1;
    } else {
      sep = false;
    }
    if (sep) {
      gap = true;
    } else {
      if (gap && n) o[n++] = ' ';
      gap = false;
      o[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    i += skip;
  }
  o[n] = '\0';
  return o;
}

/* Whether a and b are non-empty and one holds the other. */
static bool contains(const char *a, const char *b) {
  return *a && *b && (strstr(a, b) || strstr(b, a));
}

/* An annotated relation: its article, contents' and sources' words. */
typedef struct rel {
  char *article;
  char *content[4];
  int nc;
  char *source[4];
  int ns;
} rel;

/* The decoded "text" strings inside a raw JSON array value (at most max),
 * as words. */
static int texts_of(const char *v, size_t len, char **out, int max) {
  int n = 0;
  for (size_t i = 0; i + 7 < len && n < max; i++) {
    if (memcmp(v + i, "\"text\"", 6)) continue;
    size_t j = i + 6;
    while (j < len && (v[j] == ' ' || v[j] == ':')) j++;
    if (j >= len || v[j] != '"') continue;
    size_t k = j + 1;
    while (k < len && v[k] != '"') k += v[k] == '\\' ? 2 : 1;
    if (k >= len) break;
    char *raw = malloc(k - j + 2);
    if (!raw) break;
    size_t rn = dl_json_unescape(v + j, k + 1 - j, raw);
    out[n] = words(raw, rn);
    free(raw);
    if (out[n]) n++;
    i = k;
  }
  return n;
}

static void rel_free(rel *r) {
  free(r->article);
  for (int i = 0; i < r->nc; i++) free(r->content[i]);
  for (int i = 0; i < r->ns; i++) free(r->source[i]);
}

/* Reads the relations file; returns the number read, -1 when it cannot
 * be opened. Bad lines are reported and skipped. */
static long read_rels(const char *path, rel **out) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return -1;
  rel *v = NULL;
  size_t n = 0, cap = 0, ln = 0;
  char *line = NULL;
  size_t lcap = 0;
  ssize_t got;
  while ((got = getline(&line, &lcap, fp)) > 0) {
    ln++;
    dl_jmember m[16];
    size_t nm, col;
    const char *why;
    if (dl_json_scan(line, (size_t)got, m, 16, &nm, &why, &col)) {
      cli_error("%s:%zu: not a JSON object: %s; skipped", path, ln, why);
      continue;
    }
    if (n == cap) {
      rel *nv = realloc(v, (cap = cap ? cap * 2 : 1024) * sizeof *nv);
      if (!nv) break;
      v = nv;
    }
    rel *r = &v[n];
    memset(r, 0, sizeof *r);
    for (size_t k = 0; k < nm; k++) {
      const char *key = m[k].key;
      size_t kl = m[k].key_len;
      if (kl == 7 && !memcmp(key, "article", 7) && m[k].val[0] == '"') {
        r->article = malloc(m[k].val_len + 1);
        if (r->article) r->article[dl_json_unescape(m[k].val, m[k].val_len, r->article)] = '\0';
      } else if (kl == 7 && !memcmp(key, "content", 7)) {
        r->nc = texts_of(m[k].val, m[k].val_len, r->content, 4);
      } else if (kl == 6 && !memcmp(key, "source", 6)) {
        r->ns = texts_of(m[k].val, m[k].val_len, r->source, 4);
      }
    }
    if (r->article) n++;
    else rel_free(r);
  }
  free(line);
  fclose(fp);
  *out = v;
  return (long)n;
}

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct qtally {
  long quotes, matched, attributed, right;
} qtally;

/* Scores the quotations of one coded article. */
static void score_doc(const dl_doc *d, const rel *rels, long nrel, const char *article,
                      bool verbose, qtally *t) {
  size_t nq, nspan, nm, ntok;
  const dl_quote *q = dl_doc_quote_records(d, &nq);
  const dl_quote_span *qs = dl_doc_quotes(d, &nspan);
  const dl_mention *m = dl_doc_mentions(d, &nm);
  const dl_token *tok = dl_doc_tokens(d, &ntok);
  const char *body = dl_doc_body(d, NULL);
  for (size_t i = 0; i < nq; i++) {
    t->quotes++;
    const dl_quote_span *s = &qs[q[i].span];
    char *qw = words(body + s->inner_start, s->inner_end - s->inner_start);
    if (!qw || strlen(qw) < 3) {
      free(qw);
      continue;
    }
    char *sw = NULL, *ew = NULL;
    if (q[i].speaker >= 0 && (size_t)q[i].speaker < nm) {
      const dl_mention *sm = &m[q[i].speaker];
      sw = words(body + sm->start, sm->end - sm->start);
      if (sm->entity) {
        const char *last = strrchr(sm->entity, ' ');
        last = last ? last + 1 : sm->entity;
        ew = words(last, strlen(last));
      }
    } else if (q[i].who_end > q[i].who_begin && q[i].who_end <= ntok) {
      uint32_t st = tok[q[i].who_begin].start, en = tok[q[i].who_end - 1].end;
      sw = words(body + st, en - st);
    }
    bool matched = false, right = false;
    const rel *first = NULL;
    for (long r = 0; r < nrel; r++) {
      if (strcmp(rels[r].article, article)) continue;
      bool hit = false;
      for (int c = 0; c < rels[r].nc && !hit; c++)
        hit = strlen(rels[r].content[c]) > 3 && contains(qw, rels[r].content[c]);
      if (!hit) continue;
      matched = true;
      if (!first) first = &rels[r];
      for (int k = 0; k < rels[r].ns && sw && !right; k++)
        right = contains(sw, rels[r].source[k]) || (ew && *ew && strstr(rels[r].source[k], ew));
    }
    if (matched) {
      t->matched++;
      t->attributed += sw != NULL;
      t->right += right;
      if (verbose) {
        printf("%c %s | %s | %.*s\n", !sw ? '.' : right ? '+' : 'x', sw ? sw : "-",
               first && first->ns ? first->source[0] : "-",
               (int)(s->inner_end - s->inner_start), body + s->inner_start);
      }
    }
    free(qw);
    free(sw);
    free(ew);
  }
}

int dl_cmd_eval_quotes(int argc, char **argv) {
  static const char usage[] =
      "usage: dateline eval quotes [--models DIR] [--data DIR] [--relations FILE]\n"
      "                            [--split dev|test] [--verbose] DIR\n"
      "\n"
      "Codes every article of a PolNeAR split (DIR/SPLIT/text/*.txt) and scores\n"
      "the speakers of the quotations found against the split's attribution\n"
      "relations (DIR/SPLIT_attributions.jsonl, or --relations FILE). Last line:\n"
      "  quotes <n> matched <m> attributed <a> right <r> precision <x> coverage <y>\n"
      "A quotation is matched when its words and an annotated content's words\n"
      "contain one another; right when our speaker's words and an annotated\n"
      "source's do. --verbose lists the matched quotations first (+ right,\n"
      "x wrong, . no speaker).\n";
  const char *dir = NULL, *models = NULL, *data = NULL, *relf = NULL, *split = "dev";
  bool verbose = false;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage, stdout);
      return EXIT_OK;
    }
    if (!strcmp(argv[i], "--models") && i + 1 < argc) models = argv[++i];
    else if (!strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
    else if (!strcmp(argv[i], "--relations") && i + 1 < argc) relf = argv[++i];
    else if (!strcmp(argv[i], "--split") && i + 1 < argc) split = argv[++i];
    else if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) verbose = true;
    else if (argv[i][0] == '-' || dir) {
      fputs(usage, stderr);
      return EXIT_USAGE;
    } else dir = argv[i];
  }
  if (!dir) {
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  char tdir[4096], rpath[4096];
  snprintf(tdir, sizeof tdir, "%s/%s/text", dir, split);
  if (relf) snprintf(rpath, sizeof rpath, "%s", relf);
  else snprintf(rpath, sizeof rpath, "%s/%s_attributions.jsonl", dir, split);
  rel *rels = NULL;
  long nrel = read_rels(rpath, &rels);
  if (nrel < 0) {
    cli_error("%s: cannot open: %s", rpath, strerror(errno));
    return EXIT_USAGE;
  }
  DIR *dp = opendir(tdir);
  if (!dp) {
    cli_error("%s: cannot open: %s", tdir, strerror(errno));
    for (long r = 0; r < nrel; r++) rel_free(&rels[r]);
    free(rels);
    return EXIT_USAGE;
  }
  dl_err err = {0};
  char **names = NULL;
  size_t nn = 0, ncap = 0;
  cli_stages st;
  int status = cli_stages_load(&st, models, data);
  if (status != EXIT_OK) goto out;
  /* the articles in name order, so that --verbose output is stable */
  struct dirent *de;
  while ((de = readdir(dp))) {
    size_t l = strlen(de->d_name);
    if (l < 5 || strcmp(de->d_name + l - 4, ".txt")) continue;
    if (nn == ncap) {
      char **nv = realloc(names, (ncap = ncap ? ncap * 2 : 128) * sizeof *nv);
      if (!nv) break;
      names = nv;
    }
    names[nn] = strdup(de->d_name);
    if (names[nn]) nn++;
  }
  if (nn) qsort(names, nn, sizeof *names, cmp_name);
  qtally t = {0};
  for (size_t i = 0; i < nn; i++) {
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", tdir, names[i]);
    names[i][strlen(names[i]) - 4] = '\0'; /* the article name */
    dl_reader *rd;
    if (dl_reader_open(path, NULL, &rd, &err)) {
      cli_error("%s", err.msg);
      status = EXIT_INPUT;
      continue;
    }
    dl_doc *d = NULL;
    if (dl_reader_next(rd, &d, &err) == DL_OK && d) {
      if (dl_text_run(st.tx, d, &err) || cli_stages_run(&st, d, &err)) {
        cli_error("%s", err.msg);
        status = EXIT_INPUT;
      } else {
        score_doc(d, rels, nrel, names[i], verbose, &t);
      }
      dl_doc_free(d);
    }
    dl_reader_free(rd);
  }
  printf("quotes %ld matched %ld attributed %ld right %ld precision %.3f coverage %.3f\n",
         t.quotes, t.matched, t.attributed, t.right,
         t.attributed ? (double)t.right / (double)t.attributed : 0.0,
         t.matched ? (double)t.right / (double)t.matched : 0.0);
out:
  closedir(dp);
  for (size_t i = 0; i < nn; i++) free(names[i]);
  free(names);
  for (long r = 0; r < nrel; r++) rel_free(&rels[r]);
  free(rels);
  cli_stages_free(&st);
  return status;
}
