/*
 * lemma.c -- the lemmatizer: edit scripts learned from the training data.
 *
 * A lemma is derived from a form by an edit script:
 *
 *     (case, strip, append)   case  0 = keep the form's case,
 *                                   1 = lowercase it first
 *                             strip n bytes from the end, append a string
 *
 *     urged/VBD  -> (1, 1, "")        urge
 *     met/VBD    -> (1, 2, "eet")     meet
 *     sanctions  -> (1, 1, "")        sanction
 *     was/VBD    -> (1, 3, "be")      be
 *     Koreans/NNPS -> (0, 1, "")      Korean
 *
 * The case flag is 1 exactly when the gold lemma has no capital letter, so
 * "The" -> "the" and "Trump" -> "Trump" fall out of the same tables; it is
 * 2 (capitalise the first letter, then edit) when the lemma starts with a
 * capital, as EWT does for proper nouns typed in lowercase (mexico/NNP ->
 * Mexico).
 *
 * Two tables, learned by counting scripts over the training words:
 *   exceptions  (form, XPOS), then (lowercased form, XPOS), then the form
 *               with any tag -> the most frequent script: every pair seen in
 *               training, so irregulars (better/JJR -> good) are looked up,
 *               not guessed, and a known word the tagger gives a tag it was
 *               never seen with ("Camera"/NNP) keeps its usual lemma
 *   rules       (XPOS, case pattern of the form, last k bytes of the
 *               lowercased form), k = 0..5, and the same without the case
 *               pattern ->
 *               the most frequent script over word types (distinct forms),
 *               kept when seen with at least two;
 *               an unseen word takes the rule of its longest known suffix
 *
 * Model sections (in the tagger file): 'LSCR' the scripts (u32 count, then
 * u8 case, u8 strip, u8 length + bytes each), 'LEXC' and 'LRUL' sorted
 * tables (u32 count, u32 0, u64 keys[count], u32 script[count]), hashed
 * at load (nlp_kindex) for the lookups.
 */
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_int.h"

#define MAX_SUFFIX 5
#define MAX_APPEND 64
#ifndef RULE_MIN_SHARE
#define RULE_MIN_SHARE 0.5 /* a rule's script: at least this share ... */
#endif
#define RULE_MIN_TYPES 2   /* ... of at least this many word types */

enum { CASE_KEEP = 0, CASE_LOWER = 1, CASE_TITLE = 2 };

typedef struct script {
  uint8_t lower, strip, len;
  char app[MAX_APPEND];
} script;

struct nlp_lemmatizer {
  script *scripts;
  uint32_t n_scripts;
  const uint8_t *exc, *rul; /* sorted tables as stored */
  uint32_t n_exc, n_rul;
  nlp_kindex exc_ix, rul_ix; /* the same, hashed: key -> script */
};

static char lc(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

/* The string a script edits: the form as written, lowercased, or with its
 * first letter capitalised. */
static void case_base(const char *form, const char *low, size_t n, int mode,
                      char *out) {
  memcpy(out, mode == CASE_LOWER ? low : form, n);
  if (mode == CASE_TITLE && n && out[0] >= 'a' && out[0] <= 'z')
    out[0] = (char)(out[0] - 32);
  out[n] = '\0';
}

static uint64_t exc_key(const char *lower, size_t n, uint8_t xpos) {
  return nlp_f1(1000u + xpos, nlp_hash_bytes(lower, n));
}
static uint64_t exact_key(const char *form, size_t n, uint8_t xpos) {
  return nlp_f1(3000u + xpos, nlp_hash_bytes(form, n));
}
static uint64_t any_key(const char *form, size_t n) {
  return nlp_f1(4000u, nlp_hash_bytes(form, n));
}
/* cc: the form's case class + 1 (case_class()), or 0 for rules that
 * ignore case. */
static uint64_t rule_key(const char *suf, size_t n, uint8_t xpos, int cc) {
  return nlp_f3(2000u + xpos, nlp_hash_bytes(suf, n), n, (uint64_t)cc);
}

/* 0 no capitals, 1 capitalised (first letter only), 2 all capitals, 3
 * mixed. */
static int case_class(const char *form, size_t n) {
  size_t up = 0, low = 0;
  bool first_up = n && form[0] >= 'A' && form[0] <= 'Z';
  for (size_t i = 0; i < n; i++) {
    up += form[i] >= 'A' && form[i] <= 'Z';
    low += form[i] >= 'a' && form[i] <= 'z';
  }
  if (up == 0) return 0;
  if (up == 1 && first_up) return 1;
  if (low == 0) return 2;
  return 3;
}

/* ------------------------------------------------------------ learning */

typedef struct rec {
  uint64_t key;
  uint32_t script;
} rec;

/* A rule record: suffix key, script, and the form it came from. */
typedef struct rrec {
  uint64_t key;
  uint32_t script;
  uint64_t form;
} rrec;

static int cmp_rrec(const void *a, const void *b) {
  const rrec *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  if (x->script != y->script) return x->script < y->script ? -1 : 1;
  return (x->form > y->form) - (x->form < y->form);
}

static int cmp_rec(const void *a, const void *b) {
  const rec *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return (x->script > y->script) - (x->script < y->script);
}

/* Interns a script; returns its id or UINT32_MAX when out of memory. */
static uint32_t intern(script **tab, uint32_t *n, size_t *cap,
                       const script *s) {
  for (uint32_t i = 0; i < *n; i++) {
    const script *t = &(*tab)[i];
    if (t->lower == s->lower && t->strip == s->strip && t->len == s->len &&
        memcmp(t->app, s->app, s->len) == 0)
      return i;
  }
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 64;
    script *t = realloc(*tab, c * sizeof *t);
    if (!t) return UINT32_MAX;
    *tab = t;
    *cap = c;
  }
  (*tab)[*n] = *s;
  return (*n)++;
}

/* Sorts recs, keeps per key the most frequent script (of at least
 * min_count occurrences in all, and at least min_share of them) and writes
 * the table. */
static void emit_table(rec *r, size_t n, size_t min_count, double min_share,
                       nlp_buf *out) {
  qsort(r, n, sizeof *r, cmp_rec);
  rec *best = malloc((n ? n : 1) * sizeof *best);
  if (!best) {
    out->oom = true;
    return;
  }
  size_t nb = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i, total = 0, bc = 0;
    uint32_t bs = 0;
    while (j < n && r[j].key == r[i].key) {
      size_t k = j;
      while (k < n && r[k].key == r[j].key && r[k].script == r[j].script) k++;
      if (k - j > bc) {
        bc = k - j;
        bs = r[j].script;
      }
      total += k - j;
      j = k;
    }
    if (total >= min_count && (double)bc >= min_share * (double)total)
      best[nb++] = (rec){r[i].key, bs};
    i = j;
  }
  nlp_buf_u32(out, (uint32_t)nb);
  nlp_buf_u32(out, 0);
  for (size_t i = 0; i < nb; i++) nlp_buf_u64(out, best[i].key);
  for (size_t i = 0; i < nb; i++) nlp_buf_u32(out, best[i].script);
  free(best);
}

int nlp_lemma_learn(const nlp_corpus *train, nlp_buf *scripts, nlp_buf *exc,
                    nlp_buf *rules) {
  script *tab = NULL;
  uint32_t n_tab = 0;
  size_t cap_tab = 0;
  rec *er = malloc((3 * train->n_words + 1) * sizeof *er);
  rrec *rr = malloc((2 * train->n_words * (MAX_SUFFIX + 1) + 1) * sizeof *rr);
  rec *ur = NULL;
  size_t ne = 0, nr = 0;
  int rc = DL_OK;
  if (!er || !rr) {
    rc = DL_NOMEM;
    goto done;
  }
  for (size_t s = 0; s < train->n; s++)
    for (uint32_t k = 0; k < train->s[s].n; k++) {
      const nlp_word *w = &train->s[s].w[k];
      size_t fl = strlen(w->form), ll = strlen(w->lemma);
      if (fl > 255 || ll > 255 || !strcmp(w->lemma, "_")) continue;
      char low[256], base[256];
      for (size_t i = 0; i < fl; i++) low[i] = lc(w->form[i]);
      low[fl] = '\0';
      script sc = {CASE_LOWER, 0, 0, {0}};
      for (size_t i = 0; i < ll; i++)
        if (w->lemma[i] >= 'A' && w->lemma[i] <= 'Z') sc.lower = CASE_KEEP;
      if (sc.lower == CASE_KEEP && w->lemma[0] >= 'A' && w->lemma[0] <= 'Z')
        sc.lower = CASE_TITLE;
      case_base(w->form, low, fl, sc.lower, base);
      size_t p = 0;
      while (p < fl && p < ll && base[p] == w->lemma[p]) p++;
      if (ll - p > MAX_APPEND) continue;
      sc.strip = (uint8_t)(fl - p);
      sc.len = (uint8_t)(ll - p);
      memcpy(sc.app, w->lemma + p, sc.len);
      uint32_t id = intern(&tab, &n_tab, &cap_tab, &sc);
      if (id == UINT32_MAX) {
        rc = DL_NOMEM;
        goto done;
      }
      er[ne++] = (rec){exc_key(low, fl, w->xpos), id};
      er[ne++] = (rec){exact_key(w->form, fl, w->xpos), id};
      er[ne++] = (rec){any_key(w->form, fl), id};
      uint64_t fh = nlp_hash_bytes(low, fl);
      int cc = case_class(w->form, fl) + 1;
      for (size_t j = 0; j <= MAX_SUFFIX && j <= fl; j++) {
        rr[nr++] = (rrec){rule_key(low + fl - j, j, w->xpos, 0), id, fh};
        rr[nr++] = (rrec){rule_key(low + fl - j, j, w->xpos, cc), id, fh};
      }
    }
  /* rules count word types, not tokens: keep one record per form */
  qsort(rr, nr, sizeof *rr, cmp_rrec);
  size_t nu = 0;
  for (size_t i = 0; i < nr; i++)
    if (nu == 0 || rr[i].key != rr[nu - 1].key ||
        rr[i].script != rr[nu - 1].script || rr[i].form != rr[nu - 1].form)
      rr[nu++] = rr[i];
  ur = malloc((nu + 1) * sizeof *ur);
  if (!ur) {
    rc = DL_NOMEM;
    goto done;
  }
  for (size_t i = 0; i < nu; i++) ur[i] = (rec){rr[i].key, rr[i].script};
  nlp_buf_u32(scripts, n_tab);
  for (uint32_t i = 0; i < n_tab; i++) {
    nlp_buf_u8(scripts, tab[i].lower);
    nlp_buf_u8(scripts, tab[i].strip);
    nlp_buf_u8(scripts, tab[i].len);
    nlp_buf_put(scripts, tab[i].app, tab[i].len);
  }
  emit_table(er, ne, 1, 0.0, exc);
  emit_table(ur, nu, RULE_MIN_TYPES, RULE_MIN_SHARE, rules);
  if (scripts->oom || exc->oom || rules->oom) rc = DL_NOMEM;
done:
  free(tab);
  free(er);
  free(rr);
  free(ur);
  return rc;
}

/* ------------------------------------------------------------- loading */

static uint64_t rd64(const uint8_t *p) {
  uint64_t v = 0;
  for (int k = 7; k >= 0; k--) v = v << 8 | p[k];
  return v;
}
static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

/* Checks a sorted table section; sets *tab and *n. */
static bool load_table(const nlp_section *s, uint32_t n_scripts,
                       const uint8_t **tab, uint32_t *n) {
  if (!s) return false;
  nlp_cur c = {s->p, s->n, 0, false};
  uint32_t cnt = nlp_cur_u32(&c);
  (void)nlp_cur_u32(&c);
  const uint8_t *keys = nlp_cur_bytes(&c, (size_t)cnt * 8);
  const uint8_t *ids = nlp_cur_bytes(&c, (size_t)cnt * 4);
  if (!keys || !ids) return false;
  for (uint32_t i = 0; i < cnt; i++) {
    if (rd32(ids + 4 * (size_t)i) >= n_scripts) return false;
    if (i && rd64(keys + 8 * (size_t)i) <= rd64(keys + 8 * (size_t)(i - 1)))
      return false;
  }
  *tab = keys;
  *n = cnt;
  return true;
}

int nlp_lemma_load(nlp_lemmatizer **out, nlp_model *m, dl_err *err) {
  *out = NULL;
  const nlp_section *ss = nlp_model_section(m, NLP_TAG("LSCR"));
  if (!ss) return dl_err_set(err, DL_CORRUPT, "%s: no lemma scripts", m->path);
  nlp_cur c = {ss->p, ss->n, 0, false};
  uint32_t n = nlp_cur_u32(&c);
  if (c.bad || n > ss->n / 3)
    return dl_err_set(err, DL_CORRUPT, "%s: bad lemma scripts", m->path);
  nlp_lemmatizer *l = calloc(1, sizeof *l);
  if (l) l->scripts = calloc(n ? n : 1, sizeof *l->scripts);
  if (!l || !l->scripts) {
    nlp_lemma_free(l);
    return dl_err_set(err, DL_NOMEM, "%s: out of memory", m->path);
  }
  l->n_scripts = n;
  for (uint32_t i = 0; i < n; i++) {
    script *s = &l->scripts[i];
    s->lower = nlp_cur_u8(&c);
    if (s->lower > CASE_TITLE) c.bad = true;
    s->strip = nlp_cur_u8(&c);
    s->len = nlp_cur_u8(&c);
    const uint8_t *a = s->len <= MAX_APPEND ? nlp_cur_bytes(&c, s->len) : NULL;
    if (c.bad) a = NULL;
    if (!a) {
      nlp_lemma_free(l);
      return dl_err_set(err, DL_CORRUPT, "%s: bad lemma script %u", m->path,
                        i);
    }
    memcpy(s->app, a, s->len);
  }
  if (!load_table(nlp_model_section(m, NLP_TAG("LEXC")), n, &l->exc,
                  &l->n_exc) ||
      !load_table(nlp_model_section(m, NLP_TAG("LRUL")), n, &l->rul,
                  &l->n_rul)) {
    nlp_lemma_free(l);
    return dl_err_set(err, DL_CORRUPT, "%s: bad lemma tables", m->path);
  }
  if (nlp_kindex_build(&l->exc_ix, l->exc, l->n_exc, 4) != DL_OK ||
      nlp_kindex_build(&l->rul_ix, l->rul, l->n_rul, 4) != DL_OK) {
    nlp_lemma_free(l);
    return dl_err_set(err, DL_NOMEM, "%s: out of memory", m->path);
  }
  *out = l;
  return DL_OK;
}

void nlp_lemma_free(nlp_lemmatizer *l) {
  if (!l) return;
  nlp_kindex_free(&l->exc_ix);
  nlp_kindex_free(&l->rul_ix);
  free(l->scripts);
  free(l);
}

/* ------------------------------------------------------------ applying */

/* The script id of key in an indexed table, or -1. */
static long find(const nlp_kindex *ix, uint64_t key) {
  uint64_t v;
  return nlp_kindex_get(ix, key, &v) ? (long)v : -1;
}

size_t nlp_lemma_apply(const nlp_lemmatizer *l, const char *form, uint8_t xpos,
                       char *out, size_t cap) {
  size_t fl = strlen(form);
  if (cap == 0) return 0;
  char low[256];
  long id = -1;
  if (fl < sizeof low) {
    for (size_t i = 0; i < fl; i++) low[i] = lc(form[i]);
    id = find(&l->exc_ix, exact_key(form, fl, xpos));
    if (id < 0) id = find(&l->exc_ix, exc_key(low, fl, xpos));
    if (id < 0) id = find(&l->exc_ix, any_key(form, fl));
    if (id >= 0 && l->scripts[id].strip > fl) id = -1;
    /* rules of words with the same case pattern first, then any */
    int ccs[2] = {case_class(form, fl) + 1, 0};
    for (int c = 0; c < 2 && id < 0; c++)
      for (size_t j = fl < MAX_SUFFIX ? fl : MAX_SUFFIX; id < 0; j--) {
        id = find(&l->rul_ix, rule_key(low + fl - j, j, xpos, ccs[c]));
        if (id >= 0 && l->scripts[id].strip > fl) id = -1;
        if (j == 0) break;
      }
  }
  size_t n;
  if (id < 0) { /* nothing known: the form itself */
    n = fl < cap - 1 ? fl : cap - 1;
    memcpy(out, form, n);
    out[n] = '\0';
    return n;
  }
  const script *s = &l->scripts[id];
  char base[256];
  case_base(form, low, fl, s->lower, base);
  size_t keep = fl - s->strip;
  n = 0;
  for (size_t i = 0; i < keep && n + 1 < cap; i++) out[n++] = base[i];
  for (size_t i = 0; i < s->len && n + 1 < cap; i++) out[n++] = s->app[i];
  out[n] = '\0';
  return n;
}
