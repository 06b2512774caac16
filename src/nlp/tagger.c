/*
 * tagger.c -- the part-of-speech tagger: greedy left-to-right averaged
 * perceptron over joint (XPOS, UPOS) classes, plus a tag dictionary.
 *
 * Classes are the (Penn XPOS, UPOS) pairs seen in training (about a
 * hundred in EWT): one decision gives both tags, so they never disagree
 * (IN/ADP vs IN/SCONJ, VBZ/AUX vs VBZ/VERB). Frequent unambiguous words
 * (seen >= 20 times, >= 99% with one class) are tagged from the dictionary
 * without scoring.
 *
 * Feature templates for word i (w = lowercased form, W = form as written,
 * p1 p2 = the classes predicted for words i-1 and i-2):
 *
 *   bias            w[i]            W[i]            shape[i]   flags[i]
 *   suffix 1-4 of w[i]              prefix 1-4 of w[i]
 *   p1              p2 p1           p1 w[i]         p1 suffix3[i]
 *   w[i-1]  w[i-2]  w[i+1]  w[i+2]  w[i-1] w[i]     w[i] w[i+1]
 *   suffix3[i-1]    suffix3[i+1]    shape[i+1]      shape[i-1]
 *   flags[i] (i == 0)               w[i+1] w[i+2]
 *
 * shape maps letters to X/x, digits to d and keeps other bytes, with runs
 * cut at two ("Kim-Jong" -> "Xx-Xx", "2019" -> "dd"); flags hold hyphen,
 * digit, capital, all-capitals, period and a length bucket.
 *
 * Model file kind "tagger": sections 'TCLS' (class names), 'WGHT'
 * (perceptron.c), 'TDIC' (u32 n, u32 0, u64 sorted form hashes, u8
 * classes), and the lemmatizer's 'LSCR' 'LEXC' 'LRUL' (lemma.c).
 */
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_int.h"

#define MAX_FEATS 48
#define DICT_MIN_FREQ 20
#define DICT_MIN_SHARE 0.99
#define TAGGER_PRUNE 0.5f /* weights dropped when saving (perceptron.c) */
#define JK_FOLDS 5 /* jackknife folds for the second pass's training */
/* The second pass rescores only words whose first-pass margin is below
 * this (in perceptron updates): on EWT dev it skips most words for the
 * same accuracy (94.45 against 94.46 XPOS) and makes tagging 1.6 times
 * faster. */
#define PASS2_MARGIN 10.0f
#define AMB_MIN_FREQ 5
#define AMB_MIN_SHARE 0.02
#define OUT_AMB 0x7777777777777777ULL

struct nlp_tagger {
  nlp_model m;
  nlp_weights w;  /* first pass */
  nlp_weights w2; /* second pass (when two) */
  bool two;
  uint32_t n_classes;
  uint8_t cls_xpos[256], cls_upos[256];
  const uint8_t *dict; /* n_dict u64 keys then n_dict u8 classes */
  uint32_t n_dict;
  const uint8_t *amb; /* n_amb u64 keys then n_amb u64 values */
  uint32_t n_amb;
  nlp_kindex dict_ix, amb_ix; /* the two tables, hashed (nlp_int.h) */
  nlp_lemmatizer *lem;
};

/* ------------------------------------------------------------ features */

/* Values standing for words outside the sentence. */
#define OUT_L2 0x1111111111111111ULL
#define OUT_L1 0x2222222222222222ULL
#define OUT_R1 0x3333333333333333ULL
#define OUT_R2 0x4444444444444444ULL

/* Computes the per-token values the templates combine: hashes of the
 * form, its lowercase (first 64 bytes), prefixes and suffixes of 1-4
 * bytes, shape and flags. amb is left to the caller. */
static void token_features(const char *form, nlp_tokfeat *t) {
  size_t n = strlen(form);
  /* A slip of the shift key ("THe", "WHen", "FRance": two capitals, then
   * two or more small letters, or one that is not the plural "s" of an
   * acronym such as "MPs") is read as the title-case word it stands for. */
  char fixed[32];
  if (n >= 3 && n < sizeof fixed && form[0] >= 'A' && form[0] <= 'Z' && form[1] >= 'A' &&
      form[1] <= 'Z' && !(n == 3 && form[2] == 's')) {
    bool slip = true;
    for (size_t i = 2; i < n && slip; i++) slip = form[i] >= 'a' && form[i] <= 'z';
    if (slip) {
      memcpy(fixed, form, n + 1);
      fixed[1] = (char)(fixed[1] + 32);
      form = fixed;
    }
  }
  char low[64], shape[20];
  size_t ln = n < sizeof low ? n : sizeof low;
  bool hy = false, dg = false, up = false, allup = n > 0, dot = false;
  size_t sn = 0;
  for (size_t i = 0; i < n; i++) {
    char c = form[i];
    char s;
    if (c >= 'A' && c <= 'Z') {
      up = true;
      s = 'X';
    } else if (c >= 'a' && c <= 'z') {
      allup = false;
      s = 'x';
    } else if (c >= '0' && c <= '9') {
      dg = true;
      s = 'd';
    } else {
      if (c == '-') hy = true;
      if (c == '.') dot = true;
      s = (unsigned char)c >= 0x80 ? 'u' : c;
    }
    if (i < ln) low[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    if (sn < sizeof shape &&
        !(sn >= 2 && shape[sn - 1] == s && shape[sn - 2] == s))
      shape[sn++] = s;
  }
  if (!up) allup = false;
  t->word = nlp_hash_bytes(form, n);
  t->lower = nlp_hash_bytes(low, ln);
  for (size_t k = 0; k < 4; k++) {
    size_t m = k + 1 < ln ? k + 1 : ln;
    t->pre[k] = nlp_hash_bytes(low, m);
    t->suf[k] = nlp_hash_bytes(low + ln - m, m);
  }
  t->shape = nlp_hash_bytes(shape, sn);
  uint64_t lb = n <= 4 ? n : n <= 6 ? 5 : n <= 9 ? 6 : 7;
  t->flags = (uint64_t)hy | (uint64_t)dg << 1 | (uint64_t)up << 2 |
             (uint64_t)allup << 3 | (uint64_t)dot << 4 | lb << 5 |
             (uint64_t)(n > 0 && form[0] >= 'A' && form[0] <= 'Z') << 8;
}

/* Fills f with the feature keys of word i; returns their count. c1 holds
 * the first pass's classes in the second pass, NULL in the first. */
NLP_HOT static size_t tag_features(const nlp_tokfeat *tf, size_t n, size_t i,
                           uint32_t p1, uint32_t p2, const uint8_t *c1,
                           uint64_t *f) {
  const nlp_tokfeat *t = &tf[i];
  uint64_t wl2 = i >= 2 ? tf[i - 2].lower : OUT_L2;
  uint64_t wl1 = i >= 1 ? tf[i - 1].lower : OUT_L1;
  uint64_t wr1 = i + 1 < n ? tf[i + 1].lower : OUT_R1;
  uint64_t wr2 = i + 2 < n ? tf[i + 2].lower : OUT_R2;
  uint64_t sl1 = i >= 1 ? tf[i - 1].suf[2] : OUT_L1;
  uint64_t sr1 = i + 1 < n ? tf[i + 1].suf[2] : OUT_R1;
  uint64_t hl1 = i >= 1 ? tf[i - 1].shape : OUT_L1;
  uint64_t hr1 = i + 1 < n ? tf[i + 1].shape : OUT_R1;
  size_t k = 0;
  f[k++] = nlp_f1(0, 0);
  f[k++] = nlp_f1(1, t->lower);
  f[k++] = nlp_f1(2, t->word);
  for (uint32_t j = 0; j < 4; j++) {
    f[k++] = nlp_f1(3 + j, t->suf[j]);
    f[k++] = nlp_f1(7 + j, t->pre[j]);
  }
  f[k++] = nlp_f1(11, t->shape);
  f[k++] = nlp_f1(12, t->flags);
  f[k++] = nlp_f1(13, p1);
  f[k++] = nlp_f2(14, p2, p1);
  f[k++] = nlp_f2(15, p1, t->lower);
  f[k++] = nlp_f1(16, wl1);
  f[k++] = nlp_f1(17, wl2);
  f[k++] = nlp_f1(18, wr1);
  f[k++] = nlp_f1(19, wr2);
  f[k++] = nlp_f1(20, sl1);
  f[k++] = nlp_f1(21, sr1);
  f[k++] = nlp_f1(22, hr1);
  f[k++] = nlp_f2(23, wl1, t->lower);
  f[k++] = nlp_f2(24, t->lower, wr1);
  f[k++] = nlp_f2(25, p1, t->suf[2]);
  f[k++] = nlp_f2(26, t->flags, i == 0);
  f[k++] = nlp_f1(27, hl1);
  f[k++] = nlp_f2(28, wr1, wr2);
  uint64_t ar1 = i + 1 < n ? tf[i + 1].amb : OUT_R1;
  f[k++] = nlp_f1(35, t->amb);
  f[k++] = nlp_f1(36, ar1);
  f[k++] = nlp_f2(37, p1, t->amb);
  f[k++] = nlp_f2(38, t->amb, ar1);
  f[k++] = nlp_f1(39, i + 2 < n ? tf[i + 2].amb : OUT_R2);
  if (c1) { /* second pass: what the first pass said about i, i+1, i+2 */
    uint64_t r1 = i + 1 < n ? (uint64_t)c1[i + 1] + 1 : 300;
    uint64_t r2 = i + 2 < n ? (uint64_t)c1[i + 2] + 1 : 301;
    uint64_t cs = (uint64_t)c1[i] + 1;
    f[k++] = nlp_f1(50, r1);
    f[k++] = nlp_f2(51, r1, r2);
    f[k++] = nlp_f2(52, p1, r1);
    f[k++] = nlp_f2(53, r1, t->lower);
    f[k++] = nlp_f1(54, cs);
    f[k++] = nlp_f3(55, p1, cs, r1);
  }
  return k;
}

/* ---------------------------------------------------------- dictionary */

static uint64_t rd64(const uint8_t *p) {
  uint64_t v = 0;
  for (int k = 7; k >= 0; k--) v = v << 8 | p[k];
  return v;
}

/* The dictionary class of a form hash, or -1. */
static int dict_find(const nlp_tagger *t, uint64_t key) {
  uint64_t v;
  return nlp_kindex_get(&t->dict_ix, key, &v) ? (int)v : -1;
}

/* The ambiguity class of a lowercased form hash, or OUT_AMB. */
static uint64_t amb_find(const nlp_tagger *t, uint64_t key) {
  uint64_t v;
  return nlp_kindex_get(&t->amb_ix, key, &v) ? v : OUT_AMB;
}

/* --------------------------------------------------------------- tagging */

/* One greedy left-to-right pass with weights w; writes classes to cls.
 * The first pass (c1 NULL) records in tf[i].margin how far its best class
 * beat the runner-up. In the second pass c1 is the first pass's classes
 * and may be cls itself (word i reads c1[i..i+2] before cls[i] is
 * written); words the first pass was sure of (margin >= PASS2_MARGIN) keep
 * their class unscored. */
NLP_HOT static void tag_pass(const nlp_tagger *t, const nlp_weights *w,
                     nlp_tokfeat *tf, size_t n, const uint8_t *c1,
                     uint8_t *cls) {
  uint32_t p1 = 0, p2 = 0;
  int32_t scores[256];
  uint64_t f[MAX_FEATS];
  for (size_t i = 0; i < n; i++) {
    int c = dict_find(t, tf[i].word);
    if (c < 0 && c1 && tf[i].margin >= PASS2_MARGIN) c = c1[i];
    if (c < 0) {
      memset(scores, 0, t->n_classes * sizeof scores[0]);
      size_t nf = tag_features(tf, n, i, p1, p2, c1, f);
      nlp_weights_score(w, f, nf, scores);
      c = 0;
      int second = -1;
      for (uint32_t k = 1; k < t->n_classes; k++)
        if (scores[k] > scores[c]) {
          second = c;
          c = (int)k;
        } else if (second < 0 || scores[k] > scores[second]) {
          second = (int)k;
        }
      if (!c1)
        tf[i].margin = second < 0 ? 1e30f
                                  : (float)(scores[c] - scores[second]) * w->scale;
    } else if (!c1) {
      tf[i].margin = 1e30f;
    }
    cls[i] = (uint8_t)c;
    p2 = p1;
    p1 = (uint32_t)c + 1;
  }
}

NLP_HOT void nlp_tagger_tag(const nlp_tagger *t, const char *const *forms, size_t n,
                    nlp_tokfeat *tf, uint8_t *xpos, uint8_t *upos) {
  for (size_t i = 0; i < n; i++) {
    token_features(forms[i], &tf[i]);
    tf[i].amb = amb_find(t, tf[i].lower);
  }
  /* classes go through xpos[], then become tags */
  tag_pass(t, &t->w, tf, n, NULL, xpos);
  if (t->two) tag_pass(t, &t->w2, tf, n, xpos, xpos);
  for (size_t i = 0; i < n; i++) {
    upos[i] = t->cls_upos[xpos[i]];
    xpos[i] = t->cls_xpos[xpos[i]];
  }
}

size_t nlp_tagger_lemma(const nlp_tagger *t, const char *form, uint8_t xpos,
                        char *out, size_t cap) {
  /* the lemmatizer keys on the model's own XPOS indexes: the tables use
   * the names' indexes in tags.c, stable since entries are only added */
  return nlp_lemma_apply(t->lem, form, xpos, out, cap);
}

/* --------------------------------------------------------------- loading */

/* Opens the file and checks every section before use: classes (names
 * mapped to tags.c indexes), weights, the sorted dictionary and ambiguity
 * tables, the lemmatizer. Returns DL_OK, DL_IO, DL_CORRUPT or DL_NOMEM. */
int nlp_tagger_load(const char *path, nlp_tagger **out, dl_err *err) {
  *out = NULL;
  nlp_tagger *t = calloc(1, sizeof *t);
  if (!t) return dl_err_set(err, DL_NOMEM, "%s: out of memory", path);
  int rc = nlp_model_open(path, "tagger", &t->m, err);
  if (rc != DL_OK) {
    free(t);
    return rc;
  }
  const nlp_section *s = nlp_model_section(&t->m, NLP_TAG("TCLS"));
  nlp_cur c = {s ? s->p : NULL, s ? s->n : 0, 0, false};
  t->n_classes = nlp_cur_u32(&c);
  if (!s || c.bad || t->n_classes == 0 || t->n_classes > 255) {
    rc = dl_err_set(err, DL_CORRUPT, "%s: bad tag classes", path);
    goto fail;
  }
  for (uint32_t i = 0; i < t->n_classes; i++) {
    char xn[256], un[256];
    nlp_cur_str(&c, xn);
    nlp_cur_str(&c, un);
    t->cls_xpos[i] = (uint8_t)dl_xpos_from_name(xn);
    t->cls_upos[i] = (uint8_t)dl_upos_from_name(un);
  }
  if (c.bad) {
    rc = dl_err_set(err, DL_CORRUPT, "%s: bad tag classes", path);
    goto fail;
  }
  rc = nlp_weights_load(&t->w, &t->m, nlp_model_section(&t->m, NLP_TAG("WGHT")),
                        err);
  if (rc != DL_OK) goto fail;
  if (t->w.n_classes != t->n_classes) {
    rc = dl_err_set(err, DL_CORRUPT, "%s: weights do not match classes", path);
    goto fail;
  }
  s = nlp_model_section(&t->m, NLP_TAG("WGT2"));
  if (s) { /* a second pass */
    rc = nlp_weights_load(&t->w2, &t->m, s, err);
    if (rc != DL_OK) goto fail;
    if (t->w2.n_classes != t->n_classes) {
      rc = dl_err_set(err, DL_CORRUPT, "%s: weights do not match classes",
                      path);
      goto fail;
    }
    t->two = true;
  }
  s = nlp_model_section(&t->m, NLP_TAG("TDIC"));
  c = (nlp_cur){s ? s->p : NULL, s ? s->n : 0, 0, false};
  t->n_dict = nlp_cur_u32(&c);
  (void)nlp_cur_u32(&c);
  t->dict = nlp_cur_bytes(&c, (size_t)t->n_dict * 8);
  const uint8_t *cl = nlp_cur_bytes(&c, t->n_dict);
  if (!s || !t->dict || !cl) {
    rc = dl_err_set(err, DL_CORRUPT, "%s: bad tag dictionary", path);
    goto fail;
  }
  for (uint32_t i = 0; i < t->n_dict; i++)
    if (cl[i] >= t->n_classes ||
        (i && rd64(t->dict + 8 * (size_t)i) <= rd64(t->dict + 8 * (size_t)(i - 1)))) {
      rc = dl_err_set(err, DL_CORRUPT, "%s: bad tag dictionary", path);
      goto fail;
    }
  s = nlp_model_section(&t->m, NLP_TAG("TAMB"));
  c = (nlp_cur){s ? s->p : NULL, s ? s->n : 0, 0, false};
  t->n_amb = nlp_cur_u32(&c);
  (void)nlp_cur_u32(&c);
  t->amb = nlp_cur_bytes(&c, (size_t)t->n_amb * 16);
  if (!s || !t->amb) {
    rc = dl_err_set(err, DL_CORRUPT, "%s: bad ambiguity classes", path);
    goto fail;
  }
  for (uint32_t i = 1; i < t->n_amb; i++)
    if (rd64(t->amb + 8 * (size_t)i) <= rd64(t->amb + 8 * (size_t)(i - 1))) {
      rc = dl_err_set(err, DL_CORRUPT, "%s: bad ambiguity classes", path);
      goto fail;
    }
  if (nlp_kindex_build(&t->dict_ix, t->dict, t->n_dict, 1) != DL_OK ||
      nlp_kindex_build(&t->amb_ix, t->amb, t->n_amb, 8) != DL_OK) {
    rc = dl_err_set(err, DL_NOMEM, "%s: out of memory", path);
    goto fail;
  }
  rc = nlp_lemma_load(&t->lem, &t->m, err);
  if (rc != DL_OK) goto fail;
  *out = t;
  return DL_OK;
fail:
  nlp_tagger_free(t);
  return rc;
}

void nlp_tagger_free(nlp_tagger *t) {
  if (!t) return;
  nlp_lemma_free(t->lem);
  nlp_kindex_free(&t->dict_ix);
  nlp_kindex_free(&t->amb_ix);
  nlp_model_close(&t->m);
  free(t);
}

/* -------------------------------------------------------------- training */

typedef struct dict_rec {
  uint64_t key;
  uint32_t cls;
} dict_rec;

static int cmp_dict(const void *a, const void *b) {
  const dict_rec *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return (x->cls > y->cls) - (x->cls < y->cls);
}

/* Training state. */
typedef struct tag_train {
  uint32_t n_classes;
  uint8_t cls_x[256], cls_u[256];
  int16_t pair[256][DL_UPOS_COUNT]; /* (xpos, upos) -> class or -1 */
  dict_rec *dict; /* sorted (key, class) of the tag dictionary */
  size_t n_dict;
  uint64_t *amb; /* n_amb sorted keys, then n_amb values */
  size_t n_amb;
  nlp_wtrain w;
} tag_train;

static int tt_dict(const tag_train *tt, uint64_t key) {
  size_t lo = 0, hi = tt->n_dict;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (tt->dict[mid].key == key) return (int)tt->dict[mid].cls;
    if (tt->dict[mid].key < key)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

/* Builds the tag dictionary from (form hash, class) over the corpus. */
static int build_dict(tag_train *tt, const nlp_corpus *c) {
  dict_rec *r = malloc((c->n_words + 1) * sizeof *r);
  if (!r) return DL_NOMEM;
  size_t n = 0;
  for (size_t s = 0; s < c->n; s++)
    for (uint32_t k = 0; k < c->s[s].n; k++) {
      const nlp_word *w = &c->s[s].w[k];
      int cl = tt->pair[w->xpos][w->upos];
      r[n++] = (dict_rec){nlp_hash_bytes(w->form, strlen(w->form)),
                          (uint32_t)cl};
    }
  qsort(r, n, sizeof *r, cmp_dict);
  size_t nd = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i, best = 0;
    uint32_t bc = 0;
    while (j < n && r[j].key == r[i].key) {
      size_t k = j;
      while (k < n && r[k].key == r[j].key && r[k].cls == r[j].cls) k++;
      if (k - j > best) {
        best = k - j;
        bc = r[j].cls;
      }
      j = k;
    }
    if (j - i >= DICT_MIN_FREQ && (double)best / (double)(j - i) >= DICT_MIN_SHARE)
      r[nd++] = (dict_rec){r[i].key, bc};
    i = j;
  }
  tt->dict = r;
  tt->n_dict = nd;
  return DL_OK;
}

/* Builds the ambiguity classes: for each lowercased form seen at least
 * AMB_MIN_FREQ times, a hash of the set of classes it takes (each with a
 * share of at least AMB_MIN_SHARE). */
static int build_amb(tag_train *tt, const nlp_corpus *c) {
  dict_rec *r = malloc((c->n_words + 1) * sizeof *r);
  if (!r) return DL_NOMEM;
  size_t n = 0;
  for (size_t s = 0; s < c->n; s++)
    for (uint32_t k = 0; k < c->s[s].n; k++) {
      const nlp_word *w = &c->s[s].w[k];
      nlp_tokfeat t;
      token_features(w->form, &t);
      r[n++] = (dict_rec){t.lower, (uint32_t)tt->pair[w->xpos][w->upos]};
    }
  qsort(r, n, sizeof *r, cmp_dict);
  size_t na = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && r[j].key == r[i].key) j++;
    if (j - i >= AMB_MIN_FREQ) na++;
    i = j;
  }
  tt->amb = malloc((2 * na + 1) * sizeof *tt->amb);
  if (!tt->amb) {
    free(r);
    return DL_NOMEM;
  }
  tt->n_amb = na;
  size_t a = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && r[j].key == r[i].key) j++;
    if (j - i >= AMB_MIN_FREQ) {
      uint64_t h = 0x12345;
      for (size_t k = i; k < j;) {
        size_t e = k;
        while (e < j && r[e].cls == r[k].cls) e++;
        if ((double)(e - k) >= AMB_MIN_SHARE * (double)(j - i))
          h = nlp_mix(h ^ (r[k].cls + 1));
        k = e;
      }
      tt->amb[a] = r[i].key;
      tt->amb[na + a] = h;
      a++;
    }
    i = j;
  }
  free(r);
  return DL_OK;
}

static uint64_t tt_amb(const tag_train *tt, uint64_t key) {
  size_t lo = 0, hi = tt->n_amb;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (tt->amb[mid] == key) return tt->amb[tt->n_amb + mid];
    if (tt->amb[mid] < key)
      lo = mid + 1;
    else
      hi = mid;
  }
  return OUT_AMB;
}

/* Tags one sentence with weights w (first pass: c1 NULL; second pass: c1
 * the first pass's classes); when learn, updates w, else scores with the
 * averaged weights. Counts correct classes, XPOS and UPOS in ok[3];
 * writes the classes to out when not NULL. */
static void tt_sentence(tag_train *tt, nlp_wtrain *w, const nlp_sent *s,
                        nlp_tokfeat *tf, const uint8_t *c1, bool learn,
                        size_t *ok, uint8_t *out) {
  for (uint32_t i = 0; i < s->n; i++) {
    token_features(s->w[i].form, &tf[i]);
    tf[i].amb = tt_amb(tt, tf[i].lower);
  }
  uint32_t p1 = 0, p2 = 0;
  double scores[256];
  uint64_t f[MAX_FEATS];
  for (uint32_t i = 0; i < s->n; i++) {
    const nlp_word *wd = &s->w[i];
    int gold = tt->pair[wd->xpos][wd->upos];
    int guess = tt_dict(tt, tf[i].word);
    if (guess < 0) {
      size_t nf = tag_features(tf, s->n, i, p1, p2, c1, f);
      memset(scores, 0, tt->n_classes * sizeof scores[0]);
      nlp_wtrain_score(w, f, nf, scores, !learn);
      guess = 0;
      for (uint32_t c = 1; c < tt->n_classes; c++)
        if (scores[c] > scores[guess]) guess = (int)c;
      if (learn) {
        nlp_wtrain_tick(w);
        if (gold >= 0 && guess != gold)
          nlp_wtrain_update(w, f, nf, (uint32_t)gold, (uint32_t)guess);
      }
    }
    if (ok) {
      ok[0] += guess == gold;
      ok[1] += tt->cls_x[guess] == wd->xpos;
      ok[2] += tt->cls_u[guess] == wd->upos;
    }
    if (out) out[i] = (uint8_t)guess;
    p2 = p1;
    p1 = (uint32_t)guess + 1;
  }
}

/* Shuffles order[0..n) with the generator (Fisher-Yates: deterministic). */
static void shuffle(size_t *order, size_t n, uint64_t *rng) {
  for (size_t i = n; i > 1; i--) {
    size_t j = (size_t)(nlp_rand(rng) % i);
    size_t x = order[i - 1];
    order[i - 1] = order[j];
    order[j] = x;
  }
}

/* Jackknifes the first pass: each of JK_FOLDS folds of the training set
 * (sentence i in fold i % JK_FOLDS) is tagged by a first-pass model trained
 * on the others, so the second pass learns from first-pass classes as
 * wrong as they will be on new text. Writes classes to c1 (words in corpus
 * order, sentence s from woff[s]). */
static int jackknife_first(tag_train *tt, const nlp_corpus *train, int iters,
                           uint64_t seed, const size_t *woff, uint8_t *c1,
                           nlp_tokfeat *tf, FILE *log) {
  size_t *order = malloc((train->n + 1) * sizeof *order);
  if (!order) return DL_NOMEM;
  int rc = DL_OK;
  for (size_t f = 0; f < JK_FOLDS && rc == DL_OK; f++) {
    nlp_wtrain w;
    if (nlp_wtrain_init(&w, tt->n_classes) != DL_OK) {
      rc = DL_NOMEM;
      break;
    }
    size_t n = 0;
    for (size_t i = 0; i < train->n; i++)
      if (i % JK_FOLDS != f) order[n++] = i;
    uint64_t rng = seed * 2654435761u + 11 + f;
    for (int it = 1; it <= iters; it++) {
      shuffle(order, n, &rng);
      for (size_t i = 0; i < n; i++)
        tt_sentence(tt, &w, &train->s[order[i]], tf, NULL, true, NULL, NULL);
    }
    size_t ok[3] = {0, 0, 0}, all = 0;
    for (size_t i = f; i < train->n; i += JK_FOLDS) {
      tt_sentence(tt, &w, &train->s[i], tf, NULL, false, ok, c1 + woff[i]);
      all += train->s[i].n;
    }
    if (w.oom) rc = DL_NOMEM;
    nlp_wtrain_free(&w);
    if (log) {
      fprintf(log, "first-pass jackknife fold %zu/%d: XPOS %.2f\n", f + 1,
              JK_FOLDS, all ? 100.0 * (double)ok[1] / (double)all : 0.0);
      fflush(log);
    }
  }
  free(order);
  return rc;
}

/* Training: classes and tables from the corpus, then o->iters passes in a
 * shuffled order (seeded), each followed by the dev score with averaged
 * weights; then the lemmatizer is learnt and all sections written. */
int nlp_tagger_train(const nlp_corpus *train, const nlp_corpus *dev,
                     const nlp_train_opts *o, const char *out_path,
                     dl_err *err) {
  tag_train *tt = calloc(1, sizeof *tt);
  size_t *order = malloc((train->n + 1) * sizeof *order);
  size_t maxn = 1;
  nlp_tokfeat *tf = NULL;
  nlp_buf b[8] = {{0}};
  size_t *woff = malloc((train->n + 1) * sizeof *woff);
  uint8_t *c1 = malloc(train->n_words + 1), *c1dev = NULL;
  nlp_wtrain w2 = {0};
  int rc = DL_OK;
  if (!tt || !order || !woff || !c1) goto nomem;
  /* classes: the (xpos, upos) pairs of the training data */
  memset(tt->pair, 0xff, sizeof tt->pair);
  for (size_t s = 0; s < train->n; s++) {
    if (train->s[s].n > maxn) maxn = train->s[s].n;
    for (uint32_t k = 0; k < train->s[s].n; k++) {
      const nlp_word *w = &train->s[s].w[k];
      if (tt->pair[w->xpos][w->upos] >= 0) continue;
      if (tt->n_classes == 255) {
        rc = dl_err_set(err, DL_ERROR, "too many tag classes");
        goto done;
      }
      tt->cls_x[tt->n_classes] = w->xpos;
      tt->cls_u[tt->n_classes] = w->upos;
      tt->pair[w->xpos][w->upos] = (int16_t)tt->n_classes++;
    }
  }
  if (tt->n_classes == 0) {
    rc = dl_err_set(err, DL_ERROR, "no training words");
    goto done;
  }
  if (dev)
    for (size_t s = 0; s < dev->n; s++)
      if (dev->s[s].n > maxn) maxn = dev->s[s].n;
  tf = malloc(maxn * sizeof *tf);
  c1dev = malloc(maxn);
  if (!tf || !c1dev || build_dict(tt, train) != DL_OK ||
      build_amb(tt, train) != DL_OK ||
      nlp_wtrain_init(&tt->w, tt->n_classes) != DL_OK ||
      nlp_wtrain_init(&w2, tt->n_classes) != DL_OK)
    goto nomem;
  tt->w.prune = o->no_prune ? 0.0f : TAGGER_PRUNE;
  w2.prune = tt->w.prune;
  woff[0] = 0;
  for (size_t i = 0; i < train->n; i++) woff[i + 1] = woff[i] + train->s[i].n;
  for (size_t i = 0; i < train->n; i++) order[i] = i;
  uint64_t rng = o->seed * 2654435761u + 1;
  if (o->log)
    fprintf(o->log, "tagger: %zu sentences, %zu words, %u classes, %zu "
                    "dictionary words\n",
            train->n, train->n_words, tt->n_classes, tt->n_dict);
  /* the first pass */
  for (int it = 1; it <= o->iters; it++) {
    shuffle(order, train->n, &rng);
    size_t ok[3] = {0, 0, 0}, dok[3] = {0, 0, 0};
    for (size_t i = 0; i < train->n; i++)
      tt_sentence(tt, &tt->w, &train->s[order[i]], tf, NULL, true, ok, NULL);
    if (tt->w.oom) goto nomem;
    if (dev) {
      for (size_t i = 0; i < dev->n; i++)
        tt_sentence(tt, &tt->w, &dev->s[i], tf, NULL, false, dok, NULL);
    }
    if (o->log) {
      fprintf(o->log, "pass 1 iter %2d  train %.2f", it,
              100.0 * (double)ok[0] / (double)train->n_words);
      if (dev && dev->n_words)
        fprintf(o->log, "  dev UPOS %.2f XPOS %.2f",
                100.0 * (double)dok[2] / (double)dev->n_words,
                100.0 * (double)dok[1] / (double)dev->n_words);
      fprintf(o->log, "  features %zu\n", tt->w.used);
      fflush(o->log);
    }
  }
  /* the second pass, on jackknifed first-pass classes */
  rc = jackknife_first(tt, train, o->iters, o->seed, woff, c1, tf, o->log);
  if (rc != DL_OK) goto nomem;
  for (int it = 1; it <= o->iters; it++) {
    shuffle(order, train->n, &rng);
    size_t ok[3] = {0, 0, 0}, dok[3] = {0, 0, 0};
    for (size_t i = 0; i < train->n; i++)
      tt_sentence(tt, &w2, &train->s[order[i]], tf, c1 + woff[order[i]], true,
                  ok, NULL);
    if (w2.oom) goto nomem;
    if (dev) {
      for (size_t i = 0; i < dev->n; i++) {
        tt_sentence(tt, &tt->w, &dev->s[i], tf, NULL, false, NULL, c1dev);
        tt_sentence(tt, &w2, &dev->s[i], tf, c1dev, false, dok, NULL);
      }
    }
    if (o->log) {
      fprintf(o->log, "pass 2 iter %2d  train %.2f", it,
              100.0 * (double)ok[0] / (double)train->n_words);
      if (dev && dev->n_words)
        fprintf(o->log, "  dev UPOS %.2f XPOS %.2f",
                100.0 * (double)dok[2] / (double)dev->n_words,
                100.0 * (double)dok[1] / (double)dev->n_words);
      fprintf(o->log, "  features %zu\n", w2.used);
      fflush(o->log);
    }
  }
  /* sections */
  nlp_wtrain_save(&w2, &b[7]);
  nlp_buf_u32(&b[0], tt->n_classes);
  for (uint32_t i = 0; i < tt->n_classes; i++) {
    nlp_buf_str(&b[0], dl_xpos_name(tt->cls_x[i]));
    nlp_buf_str(&b[0], dl_upos_name(tt->cls_u[i]));
  }
  nlp_wtrain_save(&tt->w, &b[1]);
  nlp_buf_u32(&b[2], (uint32_t)tt->n_dict);
  nlp_buf_u32(&b[2], 0);
  for (size_t i = 0; i < tt->n_dict; i++) nlp_buf_u64(&b[2], tt->dict[i].key);
  for (size_t i = 0; i < tt->n_dict; i++) nlp_buf_u8(&b[2], (uint8_t)tt->dict[i].cls);
  if (nlp_lemma_learn(train, &b[3], &b[4], &b[5]) != DL_OK) goto nomem;
  nlp_buf_u32(&b[6], (uint32_t)tt->n_amb);
  nlp_buf_u32(&b[6], 0);
  for (size_t i = 0; i < 2 * tt->n_amb; i++) nlp_buf_u64(&b[6], tt->amb[i]);
  for (int i = 0; i < 8; i++)
    if (b[i].oom) goto nomem;
  {
    const uint32_t tags[8] = {NLP_TAG("TCLS"), NLP_TAG("WGHT"), NLP_TAG("TDIC"),
                              NLP_TAG("LSCR"), NLP_TAG("LEXC"), NLP_TAG("LRUL"),
                              NLP_TAG("TAMB"), NLP_TAG("WGT2")};
    rc = nlp_model_write(out_path, "tagger", tags, b, 8, err);
  }
  goto done;
nomem:
  rc = dl_err_set(err, DL_NOMEM, "out of memory while training the tagger");
done:
  for (int i = 0; i < 8; i++) nlp_buf_free(&b[i]);
  nlp_wtrain_free(&w2);
  free(woff);
  free(c1);
  free(c1dev);
  if (tt) {
    nlp_wtrain_free(&tt->w);
    free(tt->dict);
    free(tt->amb);
  }
  free(tt);
  free(order);
  free(tf);
  return rc;
}
