/*
 * parser.c -- the dependency parser: greedy arc-hybrid transitions scored
 * by the averaged perceptron, trained with a dynamic oracle.
 *
 * Transition system (arc-hybrid, Kuhlmann et al. 2011; ROOT at the bottom
 * of the stack). A configuration is a stack S (top s0, then s1, s2) and a
 * buffer B of the words not yet read (front b0, then b1, b2):
 *
 *      stack          buffer
 *    [ROOT .. s1 s0] [b0 b1 ..]
 *
 *    SHIFT        [.. s1 s0] [b0 ..]  =>  [.. s1 s0 b0] [..]
 *
 *    LEFT-l       [.. s1 s0] [b0 ..]  =>  [.. s1] [b0 ..]    b0 --l--> s0
 *                 (s0 takes its head from the buffer front)
 *
 *    RIGHT-l      [.. s1 s0] [b0 ..]  =>  [.. s1] [b0 ..]    s1 --l--> s0
 *                 (s0 takes its head from the word below it)
 *
 *        s1 ----RIGHT----> s0 <----LEFT---- b0
 *
 * Every word is shifted once and reduced once: a sentence of n words takes
 * exactly 2n transitions, so parsing is linear. RIGHT onto ROOT is allowed
 * only with the label "root" and when it is the last transition, which
 * gives a single root per sentence, as UD wants.
 *
 * Dynamic oracle (Goldberg and Nivre 2013). The cost of a transition is
 * the number of gold arcs it makes unreachable:
 *
 *   SHIFT    gold dependents of b0 on the stack, plus 1 if b0's head is on
 *            the stack below s0
 *   LEFT-l   gold dependents of s0 in the buffer, plus 1 if s0's head is
 *            s1 or in the buffer after b0 (plus 1 if the head is b0 but
 *            the label is not l)
 *   RIGHT-l  gold dependents of s0 in the buffer, plus 1 if s0's head is
 *            in the buffer (plus 1 for a wrong label when the head is s1)
 *
 * Beam search (a model trained with `--beam K`, K > 1; the shipped one is
 * greedy): the K best sequences of the transitions above are kept after
 * each step, scored by the sum of their transitions' scores, and trained
 * globally with max-violation updates (see "beam search" below). A beam
 * copies configurations (O(n) each), so it is not linear in n.
 *
 * Greedy training follows the model's own choice from the second iteration on
 * (with probability 0.9 when it is a mistake: error exploration), and
 * updates towards the best-scoring zero-cost transition whenever the
 * prediction costs more. Non-projective training trees are projectivised
 * first by lifting: the shortest non-projective arc's dependent is
 * re-attached to its head's head until none is left (labels unchanged).
 *
 * Feature templates (w = lowercased form, p = the (XPOS, UPOS) pair, u =
 * UPOS, l = relation label; s0l/s0r = leftmost/rightmost dependents of s0,
 * s0l2/s0r2 the second ones; d = distance s0..b0, d1 = s1..s0; vl/vr =
 * numbers of left/right dependents; sl/sr = the sets of left/right labels;
 * after Zhang and Nivre 2011, less twelve rare lexical conjunctions whose
 * removal cost 0.15 UAS on dev and made parsing 50% faster):
 *
 *   single   s0w s0p s0wp  s1w s1p s1wp  s2p  b0w b0p b0wp
 *            b1w b1p b1wp  b2p
 *   UPOS     s0u.b0u  s1u.s0u  s1u.s0u.b0u  s0u.b0u.b1u
 *   pairs    s0wp.b0wp  s0wp.b0w  s0w.b0wp  s0wp.b0p  s0p.b0wp  s0w.b0w
 *            s0p.b0p  b0p.b1p  s1wp.s0wp  s1w.s0w  s1p.s0p  s1w.s0p
 *            s1p.s0w
 *   triples  b0p.b1p.b2p  s0p.b0p.b1p  s1p.s0p.b0p  s2p.s1p.s0p
 *            s0p.s0lp.b0p  s0p.s0rp.b0p  s0p.b0p.b0lp  s1p.s1rp.s0p
 *            s1p.s0p.s0lp s1p.s1lp.s0p
 *   distance s0w.d  s0p.d  b0w.d  b0p.d  s0w.b0w.d  s0p.b0p.d  s1p.s0p.d1
 *   valency  s0p.vr s0p.vl s1p.vr b0p.vl
 *   children s0l{w,p,l} s0r{w,p,l} s1r{w,p,l} b0l{w,p,l} s0l2{p,l}
 *            s0r2{p,l} b0l2{p,l} s1l{p,l}
 *            s0p.s0ll.s0l2l  s0p.s0rl.s0r2l  b0p.b0ll.b0l2l  s1p.s1rl.s1r2l
 *   labels   s0p.sr s0p.sl b0p.sl s1p.sr
 *
 * Model file kind "parser": sections 'PLAB' (u32 count, relation names),
 * 'WGHT' (perceptron.c) and, for a beam model only, 'PBEM' (u32 beam
 * width). Classes: 0 SHIFT, 1+2l LEFT-l, 2+2l RIGHT-l.
 */
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_int.h"

#define MAX_FEATS 100
#define MAX_LABELS 100
#define NONE_W 0x5555555555555555ULL
#define ROOT_W 0x6666666666666666ULL
#define NONE_P 0xffffu
#define ROOT_P 0xfefeu
#ifndef PARSER_PRUNE
#define PARSER_PRUNE 1.0f /* weights dropped when saving (perceptron.c) */
#endif
#define EXPLORE_FROM 2 /* first iteration that follows predictions */

struct nlp_parser {
  nlp_model m;
  nlp_weights w;
  uint32_t n_labels;
  uint8_t label_rel[MAX_LABELS]; /* label -> deprel index */
  int root_label;                /* label of "root", or -1 */
  uint32_t beam;                 /* beam width, 1 = greedy */
  /* the valid classes of each of the 16 shapes a state can have (st_valid
   * by a key of four flags), how many there are and the first: looked
   * up per state instead of filled in for 103 classes */
  bool vtab[16][256];
  uint16_t vcount[16];
  int16_t vonly[16];
};


/* ------------------------------------------------------------- state */

/* A parser configuration over words 1..n (0 is ROOT). Arrays have n + 1
 * entries and live in caller-provided scratch memory. */
typedef struct pstate {
  size_t n;
  int32_t *stack;
  size_t sp;     /* stack size */
  int32_t b;     /* buffer front (n + 1 when empty) */
  int32_t *head; /* -1 until attached */
  int32_t *lab;
  int32_t *lc1, *lc2, *rc1, *rc2; /* 0 = none (ROOT is never a child) */
  int32_t *nl, *nr;
  uint64_t *lset, *rset;
  uint64_t *wv; /* word values */
  uint32_t *pv; /* tag values */
} pstate;

size_t nlp_parser_scratch(size_t n) {
  return (n + 1) * (9 * sizeof(int32_t) + 3 * sizeof(uint64_t) +
                    sizeof(uint32_t)) +
         64;
}

/* Carves the state arrays out of scratch. */
static void st_init(pstate *st, size_t n, void *scratch) {
  uint64_t *q = scratch;
  size_t m = n + 1;
  st->n = n;
  st->lset = q;
  st->rset = q + m;
  st->wv = q + 2 * m;
  int32_t *a = (int32_t *)(q + 3 * m);
  st->stack = a;
  st->head = a + m;
  st->lab = a + 2 * m;
  st->lc1 = a + 3 * m;
  st->lc2 = a + 4 * m;
  st->rc1 = a + 5 * m;
  st->rc2 = a + 6 * m;
  st->nl = a + 7 * m;
  st->nr = a + 8 * m;
  st->pv = (uint32_t *)(a + 9 * m);
  for (size_t i = 0; i < m; i++) {
    st->head[i] = -1;
    st->lab[i] = -1;
    st->lc1[i] = st->lc2[i] = st->rc1[i] = st->rc2[i] = 0;
    st->nl[i] = st->nr[i] = 0;
    st->lset[i] = st->rset[i] = 0;
  }
  st->stack[0] = 0;
  st->sp = 1;
  st->b = 1;
  st->wv[0] = ROOT_W;
  st->pv[0] = ROOT_P;
}

/* The tag value of a word: XPOS in the low byte, UPOS above it (the pair
 * is the tag of the tag features; UPOS alone is used by a few). */
static inline uint32_t ptag(uint8_t xpos, uint8_t upos) {
  return (uint32_t)xpos | (uint32_t)upos << 8;
}


static void st_words(pstate *st, const char *const *forms,
                     const uint8_t *xpos, const uint8_t *upos) {
  for (size_t i = 1; i <= st->n; i++) {
    const char *f = forms[i - 1];
    char low[64];
    size_t n = strlen(f), k = 0;
    for (; k < n && k < sizeof low; k++)
      low[k] = (f[k] >= 'A' && f[k] <= 'Z') ? (char)(f[k] + 32) : f[k];
    st->wv[i] = nlp_hash_bytes(low, k);
    st->pv[i] = ptag(xpos[i - 1], upos[i - 1]);
  }
}

static bool st_terminal(const pstate *st) {
  return st->sp == 1 && (size_t)st->b > st->n;
}

/* Adds arc h --l--> d. */
static void st_arc(pstate *st, int32_t h, int32_t d, int32_t l) {
  st->head[d] = h;
  st->lab[d] = l;
  uint64_t bit = 1ULL << (l & 63);
  if (d < h) { /* left dependent: each new one is further left */
    st->lc2[h] = st->lc1[h];
    st->lc1[h] = d;
    st->nl[h]++;
    st->lset[h] |= bit;
  } else { /* right dependent: each new one is further right */
    st->rc2[h] = st->rc1[h];
    st->rc1[h] = d;
    st->nr[h]++;
    st->rset[h] |= bit;
  }
}

NLP_HOT static void st_apply(pstate *st, uint32_t t) {
  if (t == 0) {
    st->stack[st->sp++] = st->b++;
    return;
  }
  int32_t s0 = st->stack[--st->sp];
  int32_t l = (int32_t)((t - 1) / 2);
  if ((t - 1) % 2 == 0)
    st_arc(st, st->b, s0, l);
  else
    st_arc(st, st->stack[st->sp - 1], s0, l);
}

/* Marks valid[] for each class (n_classes = 1 + 2L). */
NLP_HOT static void st_valid(const pstate *st, uint32_t n_labels, int root_label,
                     bool *valid) {
  bool has_b = (size_t)st->b <= st->n;
  valid[0] = has_b;
  bool left = st->sp >= 2 && has_b;
  bool right = st->sp >= 2 && (st->sp > 2 || !has_b);
  bool onto_root = st->sp == 2;
  for (uint32_t l = 0; l < n_labels; l++) {
    bool is_root = (int)l == root_label;
    valid[1 + 2 * l] = left && !is_root;
    valid[2 + 2 * l] = right && (onto_root ? (is_root || root_label < 0)
                                           : !is_root);
  }
}

/* The key of st_valid's four flags for a state. */
static inline unsigned valid_key(const pstate *st) {
  bool has_b = (size_t)st->b <= st->n;
  return (unsigned)has_b | (unsigned)(st->sp >= 2) << 1 | (unsigned)(st->sp > 2) << 2 |
         (unsigned)(st->sp == 2) << 3;
}

/* Fills the table of valid classes for every key (parser load). */
static void valid_tables(nlp_parser *p) {
  uint32_t nc = 1 + 2 * p->n_labels;
  for (unsigned k = 0; k < 16; k++) {
    /* a state of that key: has_b, sp >= 2, sp > 2, sp == 2 */
    bool has_b = k & 1u, ge2 = k & 2u, gt2 = k & 4u, eq2 = k & 8u;
    bool *v = p->vtab[k];
    v[0] = has_b;
    bool left = ge2 && has_b, right = ge2 && (gt2 || !has_b);
    for (uint32_t l = 0; l < p->n_labels; l++) {
      bool is_root = (int)l == p->root_label;
      v[1 + 2 * l] = left && !is_root;
      v[2 + 2 * l] = right && (eq2 ? (is_root || p->root_label < 0) : !is_root);
    }
    p->vcount[k] = 0;
    p->vonly[k] = -1;
    for (uint32_t c = 0; c < nc; c++)
      if (v[c]) {
        if (p->vonly[k] < 0) p->vonly[k] = (int16_t)c;
        p->vcount[k]++;
      }
  }
}

/* ----------------------------------------------------------- features */

static inline uint64_t dist_bucket(int32_t d) {
  if (d < 0) d = -d;
  return d <= 4 ? (uint64_t)d : d <= 9 ? 5 : 6;
}

NLP_HOT static size_t p_features(const pstate *st, uint64_t *f) {
  const int32_t NO = -1;
  int32_t s0 = st->sp >= 1 ? st->stack[st->sp - 1] : NO;
  int32_t s1 = st->sp >= 2 ? st->stack[st->sp - 2] : NO;
  int32_t s2 = st->sp >= 3 ? st->stack[st->sp - 3] : NO;
  int32_t n = (int32_t)st->n;
  int32_t b0 = st->b <= n ? st->b : NO;
  int32_t b1 = st->b + 1 <= n ? st->b + 1 : NO;
  int32_t b2 = st->b + 2 <= n ? st->b + 2 : NO;
#define W(x) ((x) >= 0 ? st->wv[x] : NONE_W)
#define P(x) ((x) >= 0 ? (uint64_t)st->pv[x] : NONE_P)
#define U(x) ((x) >= 0 ? (uint64_t)st->pv[x] >> 8 : NONE_P)
#define C(x, arr) ((x) >= 0 && st->arr[x] ? st->arr[x] : NO)
#define L(x) ((x) >= 0 ? (uint64_t)(st->lab[x] + 1) : 0)
  uint64_t s0w = W(s0), s0p = P(s0), s1w = W(s1), s1p = P(s1);
  uint64_t s2p = P(s2);
  uint64_t b0w = W(b0), b0p = P(b0), b1w = W(b1), b1p = P(b1);
  uint64_t b2p = P(b2);
  uint64_t s0wp = nlp_mix(s0w ^ (s0p * 0x9e3779b97f4a7c15ULL)),
           s1wp = nlp_mix(s1w ^ (s1p * 0x9e3779b97f4a7c15ULL));
  uint64_t b0wp = nlp_mix(b0w ^ (b0p * 0x9e3779b97f4a7c15ULL)),
           b1wp = nlp_mix(b1w ^ (b1p * 0x9e3779b97f4a7c15ULL));
  int32_t s0l = C(s0, lc1), s0r = C(s0, rc1), s0l2 = C(s0, lc2),
          s0r2 = C(s0, rc2);
  int32_t s1l = C(s1, lc1), s1r = C(s1, rc1), s1r2 = C(s1, rc2);
  int32_t b0l = C(b0, lc1), b0l2 = C(b0, lc2);
  uint64_t d = (s0 >= 0 && b0 >= 0) ? dist_bucket(b0 - s0) : 7;
  uint64_t d1 = (s0 >= 0 && s1 >= 0) ? dist_bucket(s0 - s1) : 7;
  uint64_t s0vl = s0 >= 0 ? (uint64_t)st->nl[s0] : 9;
  uint64_t s0vr = s0 >= 0 ? (uint64_t)st->nr[s0] : 9;
  uint64_t s1vr = s1 >= 0 ? (uint64_t)st->nr[s1] : 9;
  uint64_t b0vl = b0 >= 0 ? (uint64_t)st->nl[b0] : 9;
  uint64_t s0sl = s0 >= 0 ? st->lset[s0] : 1, s0sr = s0 >= 0 ? st->rset[s0] : 1;
  uint64_t b0sl = b0 >= 0 ? st->lset[b0] : 1, s1sr = s1 >= 0 ? st->rset[s1] : 1;
  size_t k = 0;
  uint32_t t = 100;
  f[k++] = nlp_f1(t++, s0w);
  f[k++] = nlp_f1(t++, s0p);
  f[k++] = nlp_f1(t++, s0wp);
  f[k++] = nlp_f1(t++, s1w);
  f[k++] = nlp_f1(t++, s1p);
  f[k++] = nlp_f1(t++, s1wp);
  f[k++] = nlp_f1(t++, s2p);
  f[k++] = nlp_f1(t++, b0w);
  f[k++] = nlp_f1(t++, b0p);
  f[k++] = nlp_f1(t++, b0wp);
  f[k++] = nlp_f1(t++, b1w);
  f[k++] = nlp_f1(t++, b1p);
  f[k++] = nlp_f1(t++, b1wp);
  f[k++] = nlp_f1(t++, b2p);
  uint64_t s0u = U(s0), s1u = U(s1), b0u = U(b0), b1u = U(b1);
  f[k++] = nlp_f2(t++, s0u, b0u);
  f[k++] = nlp_f2(t++, s1u, s0u);
  f[k++] = nlp_f3(t++, s1u, s0u, b0u);
  f[k++] = nlp_f3(t++, s0u, b0u, b1u);
  /* pairs */
  f[k++] = nlp_f2(t++, s0wp, b0wp);
  f[k++] = nlp_f2(t++, s0wp, b0w);
  f[k++] = nlp_f2(t++, s0w, b0wp);
  f[k++] = nlp_f2(t++, s0wp, b0p);
  f[k++] = nlp_f2(t++, s0p, b0wp);
  f[k++] = nlp_f2(t++, s0w, b0w);
  f[k++] = nlp_f2(t++, s0p, b0p);
  f[k++] = nlp_f2(t++, b0p, b1p);
  f[k++] = nlp_f2(t++, s1wp, s0wp);
  f[k++] = nlp_f2(t++, s1w, s0w);
  f[k++] = nlp_f2(t++, s1p, s0p);
  f[k++] = nlp_f2(t++, s1w, s0p);
  f[k++] = nlp_f2(t++, s1p, s0w);
  /* triples */
  f[k++] = nlp_f3(t++, b0p, b1p, b2p);
  f[k++] = nlp_f3(t++, s0p, b0p, b1p);
  f[k++] = nlp_f3(t++, s1p, s0p, b0p);
  f[k++] = nlp_f3(t++, s2p, s1p, s0p);
  f[k++] = nlp_f3(t++, s0p, P(s0l), b0p);
  f[k++] = nlp_f3(t++, s0p, P(s0r), b0p);
  f[k++] = nlp_f3(t++, s0p, b0p, P(b0l));
  f[k++] = nlp_f3(t++, s1p, P(s1r), s0p);
  f[k++] = nlp_f3(t++, s1p, s0p, P(s0l));
  f[k++] = nlp_f3(t++, s1p, P(s1l), s0p);
  /* distance */
  f[k++] = nlp_f2(t++, s0w, d);
  f[k++] = nlp_f2(t++, s0p, d);
  f[k++] = nlp_f2(t++, b0w, d);
  f[k++] = nlp_f2(t++, b0p, d);
  f[k++] = nlp_f3(t++, s0w, b0w, d);
  f[k++] = nlp_f3(t++, s0p, b0p, d);
  f[k++] = nlp_f3(t++, s1p, s0p, d1);
  /* valency */
  f[k++] = nlp_f2(t++, s0p, s0vr);
  f[k++] = nlp_f2(t++, s0p, s0vl);
  f[k++] = nlp_f2(t++, s1p, s1vr);
  f[k++] = nlp_f2(t++, b0p, b0vl);
  /* children */
  const int32_t ch[7] = {s0l, s0r, s1r, b0l, s0l2, s0r2, b0l2};
  for (int i = 0; i < 7; i++) {
    if (i < 4) f[k++] = nlp_f1(t, W(ch[i])); /* words of the nearest */
    t++;
    f[k++] = nlp_f1(t++, P(ch[i]));
    f[k++] = nlp_f1(t++, L(ch[i]));
  }
  f[k++] = nlp_f1(t++, P(s1l));
  f[k++] = nlp_f1(t++, L(s1l));
  f[k++] = nlp_f3(t++, s0p, L(s0l), L(s0l2));
  f[k++] = nlp_f3(t++, s0p, L(s0r), L(s0r2));
  f[k++] = nlp_f3(t++, b0p, L(b0l), L(b0l2));
  f[k++] = nlp_f3(t++, s1p, L(s1r), L(s1r2));
  /* label sets */
  f[k++] = nlp_f2(t++, s0p, s0sr);
  f[k++] = nlp_f2(t++, s0p, s0sl);
  f[k++] = nlp_f2(t++, b0p, b0sl);
  f[k++] = nlp_f2(t++, s1p, s1sr);
#undef W
#undef P
#undef U
#undef C
#undef L
  return k;
}

/* ------------------------------------------------------- beam search */

static void costs(const pstate *st, const int32_t *gh, const int32_t *gl,
                  const bool *valid, uint32_t n_labels, int *cost);

/* Beam search (off unless a model is trained with --beam K > 1): the K
 * best-scoring transition sequences are kept after every step, the score
 * of a sequence being the sum of its transitions' scores (forced moves
 * count 0). Training is global (Huang et al. 2012, max-violation): the
 * "gold" sequence is the best-scoring one of zero cost under the dynamic
 * oracle (any derivation of the gold tree, so spurious ambiguity is left to
 * the model), and after the sentence the perceptron is updated at the step
 * where the best wrong sequence in the beam beats the gold one by the
 * most: +1 for the gold transitions, -1 for the wrong ones, from where the
 * two first differ up to that step. */

typedef struct bitem {
  pstate st;
  double score;
  int cost;       /* gold arcs lost so far (training) */
  uint16_t *hist; /* the transitions so far */
} bitem;

typedef struct bcand {
  double score;
  int cost;
  uint32_t item, cls;
} bcand;

typedef struct pbeam {
  size_t k, n;
  bitem *items; /* 2k + 4: the beam, the next beam, gold, the violator,
                   two for replaying */
  void *mem;
} pbeam;

/* Makes each state of the beam for sentences of up to n words. */
static bool beam_init(pbeam *b, size_t k, size_t n) {
  size_t per = nlp_parser_scratch(n) + (2 * n + 4) * sizeof(uint16_t);
  per = (per + 15) & ~(size_t)15;
  b->k = k;
  b->n = n;
  b->items = calloc(2 * k + 4, sizeof *b->items);
  b->mem = malloc((2 * k + 4) * per);
  if (!b->items || !b->mem) {
    free(b->items);
    free(b->mem);
    return false;
  }
  for (size_t i = 0; i < 2 * k + 4; i++) {
    uint8_t *q = (uint8_t *)b->mem + i * per;
    b->items[i].hist = (uint16_t *)(void *)(q + nlp_parser_scratch(n));
    b->items[i].st.n = 0;
    st_init(&b->items[i].st, 0, q); /* real init per sentence */
  }
  return true;
}

static void beam_free(pbeam *b) {
  free(b->items);
  free(b->mem);
}

/* Copies the configuration src into dst (same sentence, same scratch
 * layout); the word and tag values are shared. */
static void st_copy(pstate *dst, const pstate *src) {
  size_t m = src->n + 1;
  memcpy(dst->stack, src->stack, 9 * m * sizeof(int32_t));
  memcpy(dst->lset, src->lset, 2 * m * sizeof(uint64_t));
  dst->sp = src->sp;
  dst->b = src->b;
}

static void item_copy(bitem *dst, const bitem *src, size_t steps) {
  st_copy(&dst->st, &src->st);
  dst->score = src->score;
  dst->cost = src->cost;
  memcpy(dst->hist, src->hist, steps * sizeof(uint16_t));
}

/* Readies the items for a sentence of n words whose word and tag values
 * are in base. */
static void beam_start(pbeam *b, const pstate *base) {
  for (size_t i = 0; i < 2 * b->k + 4; i++) {
    bitem *it = &b->items[i];
    void *q = it->st.lset; /* the item's scratch starts with lset */
    st_init(&it->st, base->n, q);
    it->st.wv = base->wv;
    it->st.pv = base->pv;
    it->score = 0;
    it->cost = 0;
  }
}

/* Inserts c into the sorted top list (best first) of at most k. */
static void cand_push(bcand *top, size_t *nt, size_t k, bcand c) {
  size_t i = *nt;
  if (i == k) {
    if (c.score <= top[k - 1].score) return;
    i = k - 1;
  } else {
    (*nt)++;
  }
  while (i > 0 && top[i - 1].score < c.score) {
    top[i] = top[i - 1];
    i--;
  }
  top[i] = c;
}

typedef struct bscorer {
  const nlp_weights *w;  /* decoding */
  const nlp_wtrain *tw;  /* training */
  bool avg;              /* training weights averaged (dev scores) */
  uint32_t nc, n_labels;
  int root_label;
} bscorer;

/* Marks valid[] and, unless the move is forced (one valid class), makes
 * the features of st in f[*nf]. Returns the number of valid classes. */
static int b_feats(const bscorer *sc, const pstate *st, bool *valid,
                   uint64_t *f, size_t *nf) {
  st_valid(st, sc->n_labels, sc->root_label, valid);
  int nv = 0;
  for (uint32_t c = 0; c < sc->nc; c++) nv += valid[c];
  *nf = nv > 1 ? p_features(st, f) : 0;
  return nv;
}

/* Scores of every class in st (valid[] marked); returns the number of
 * valid classes (a forced move is not scored: its scores stay 0). */
static int b_score(const bscorer *sc, const pstate *st, bool *valid,
                   double *out, uint64_t *f, size_t *nf) {
  int nv = b_feats(sc, st, valid, f, nf);
  for (uint32_t c = 0; c < sc->nc; c++) out[c] = 0;
  if (nv <= 1) return nv;
  if (sc->tw) {
    nlp_wtrain_score(sc->tw, f, *nf, out, sc->avg);
  } else {
    int32_t s32[256];
    memset(s32, 0, sc->nc * sizeof s32[0]);
    nlp_weights_score(sc->w, f, *nf, s32);
    for (uint32_t c = 0; c < sc->nc; c++) out[c] = s32[c];
  }
  return nv;
}

/* Runs the beam over the sentence in base (word and tag values set).
 * With gh/gl (gold heads and labels, projective) and tw learning, it
 * makes the max-violation update. Returns the best final item. */
static const bitem *beam_run(pbeam *b, const pstate *base, const bscorer *sc,
                             const int32_t *gh, const int32_t *gl,
                             nlp_wtrain *learn) {
  size_t k = b->k, n = base->n, steps = 2 * n;
  bitem *cur = b->items, *nxt = b->items + k, *gold = b->items + 2 * k,
        *viol = b->items + 2 * k + 1;
  beam_start(b, base);
  size_t ncur = 1;
  bcand top[64];
  double scores[256];
  bool valid[256];
  int cost[256];
  uint64_t f[MAX_FEATS];
  size_t nf;
  double maxv = 0.0;
  size_t vstep = 0; /* steps of the max violation */
  bool have_v = false;
  for (size_t t = 0; t < steps; t++) {
    size_t nt = 0;
    for (size_t i = 0; i < ncur; i++) {
      const bitem *it = &cur[i];
      if (st_terminal(&it->st)) continue;
      b_score(sc, &it->st, valid, scores, f, &nf);
      if (gh) costs(&it->st, gh, gl, valid, sc->n_labels, cost);
      for (uint32_t c = 0; c < sc->nc; c++)
        if (valid[c])
          cand_push(top, &nt, k,
                    (bcand){it->score + scores[c],
                            it->cost + (gh ? cost[c] : 0), (uint32_t)i, c});
    }
    if (nt == 0) break;
    if (gh) { /* gold: its best zero-cost transition */
      b_score(sc, &gold->st, valid, scores, f, &nf);
      costs(&gold->st, gh, gl, valid, sc->n_labels, cost);
      int g = -1;
      for (uint32_t c = 0; c < sc->nc; c++)
        if (valid[c] && cost[c] == 0 && (g < 0 || scores[c] > scores[g]))
          g = (int)c;
      if (g < 0) return &cur[0]; /* cannot happen: projective gold */
      gold->score += scores[g];
      gold->hist[t] = (uint16_t)g;
      st_apply(&gold->st, (uint32_t)g);
    }
    for (size_t j = 0; j < nt; j++) {
      item_copy(&nxt[j], &cur[top[j].item], t);
      nxt[j].score = top[j].score;
      nxt[j].cost = top[j].cost;
      nxt[j].hist[t] = (uint16_t)top[j].cls;
      st_apply(&nxt[j].st, top[j].cls);
    }
    bitem *x = cur;
    cur = nxt;
    nxt = x;
    ncur = nt;
    if (gh) {
      /* the gold sequence is the best of zero cost, in the beam or not */
      for (size_t j = 0; j < nt; j++)
        if (cur[j].cost == 0) {
          if (cur[j].score > gold->score) item_copy(gold, &cur[j], t + 1);
          break;
        }
      if (cur[0].cost > 0 && cur[0].score - gold->score >= maxv) {
        maxv = cur[0].score - gold->score;
        vstep = t + 1;
        have_v = true;
        memcpy(viol->hist, cur[0].hist, (t + 1) * sizeof(uint16_t));
      }
    }
  }
  if (gh && learn && have_v) {
    /* replay both prefixes from where they part */
    size_t cp = 0;
    while (cp < vstep && gold->hist[cp] == viol->hist[cp]) cp++;
    bitem *a = b->items + 2 * k + 2, *bb = b->items + 2 * k + 3;
    st_init(&a->st, n, a->st.lset);
    a->st.wv = base->wv;
    a->st.pv = base->pv;
    for (size_t t = 0; t < cp; t++) st_apply(&a->st, gold->hist[t]);
    st_init(&bb->st, n, bb->st.lset);
    bb->st.wv = base->wv;
    bb->st.pv = base->pv;
    st_copy(&bb->st, &a->st);
    for (size_t t = cp; t < vstep; t++) {
      if (b_feats(sc, &a->st, valid, f, &nf) > 1)
        nlp_wtrain_add(learn, f, nf, gold->hist[t], 1.0f);
      st_apply(&a->st, gold->hist[t]);
      if (b_feats(sc, &bb->st, valid, f, &nf) > 1)
        nlp_wtrain_add(learn, f, nf, viol->hist[t], -1.0f);
      st_apply(&bb->st, viol->hist[t]);
    }
  }
  return &cur[0];
}

/* ------------------------------------------------------------ parsing */

/* Copies the heads and relations of the final st out; returns steps. */
static size_t nlp_parser_output(const nlp_parser *p, const pstate *st,
                                int32_t *heads, uint8_t *deprels,
                                size_t steps) {
  for (size_t i = 1; i <= st->n; i++) {
    int32_t h = st->head[i];
    heads[i - 1] = h <= 0 ? -1 : h - 1;
    int32_t l = st->lab[i];
    deprels[i - 1] = l >= 0 && (uint32_t)l < p->n_labels
                         ? p->label_rel[l]
                         : (uint8_t)dl_deprel_from_name("dep");
  }
  return steps;
}

NLP_HOT size_t nlp_parser_parse(const nlp_parser *p, const char *const *forms,
                        const uint8_t *xpos, const uint8_t *upos, size_t n,
                        void *scratch,
                        int32_t *heads, uint8_t *deprels) {
  pstate st;
  st_init(&st, n, scratch);
  st_words(&st, forms, xpos, upos);
  uint32_t nc = 1 + 2 * p->n_labels;
  pbeam bm;
  if (p->beam > 1 && beam_init(&bm, p->beam, n)) { /* else greedy */
    bscorer sc = {&p->w, NULL, false, nc, p->n_labels, p->root_label};
    const bitem *best = beam_run(&bm, &st, &sc, NULL, NULL, NULL);
    for (size_t i = 1; i <= n; i++) {
      st.head[i] = best->st.head[i];
      st.lab[i] = best->st.lab[i];
    }
    beam_free(&bm);
    return nlp_parser_output(p, &st, heads, deprels, 2 * n);
  }
  int32_t scores[256];
  uint64_t f[MAX_FEATS];
  size_t steps = 0;
  while (!st_terminal(&st)) {
    unsigned key = valid_key(&st);
    const bool *valid = p->vtab[key];
    /* a forced move (the first SHIFT, the last RIGHT onto ROOT) needs no
     * scoring */
    if (p->vcount[key] == 1) {
      st_apply(&st, (uint32_t)p->vonly[key]);
      steps++;
      continue;
    }
    memset(scores, 0, nc * sizeof scores[0]);
    size_t nf = p_features(&st, f);
    nlp_weights_score(&p->w, f, nf, scores);
    int best = -1;
    for (uint32_t c = 0; c < nc; c++)
      if (valid[c] && (best < 0 || scores[c] > scores[best])) best = (int)c;
    if (best < 0) break; /* cannot happen: some transition is always valid */
    st_apply(&st, (uint32_t)best);
    steps++;
  }
  return nlp_parser_output(p, &st, heads, deprels, steps);
}

/* ------------------------------------------------------------ loading */

int nlp_parser_load(const char *path, nlp_parser **out, dl_err *err) {
  *out = NULL;
  nlp_parser *p = calloc(1, sizeof *p);
  if (!p) return dl_err_set(err, DL_NOMEM, "%s: out of memory", path);
  int rc = nlp_model_open(path, "parser", &p->m, err);
  if (rc != DL_OK) {
    free(p);
    return rc;
  }
  const nlp_section *s = nlp_model_section(&p->m, NLP_TAG("PLAB"));
  nlp_cur c = {s ? s->p : NULL, s ? s->n : 0, 0, false};
  p->n_labels = nlp_cur_u32(&c);
  if (!s || c.bad || p->n_labels == 0 || p->n_labels > MAX_LABELS ||
      1 + 2 * p->n_labels > 255) {
    rc = dl_err_set(err, DL_CORRUPT, "%s: bad relation labels", path);
    goto fail;
  }
  p->root_label = -1;
  for (uint32_t i = 0; i < p->n_labels; i++) {
    char name[256];
    nlp_cur_str(&c, name);
    p->label_rel[i] = (uint8_t)dl_deprel_from_name(name);
    if (strcmp(name, "root") == 0) p->root_label = (int)i;
  }
  if (c.bad) {
    rc = dl_err_set(err, DL_CORRUPT, "%s: bad relation labels", path);
    goto fail;
  }
  p->beam = 1;
  const nlp_section *bs = nlp_model_section(&p->m, NLP_TAG("PBEM"));
  if (bs) { /* optional: the beam width the model was trained with */
    nlp_cur bc = {bs->p, bs->n, 0, false};
    p->beam = nlp_cur_u32(&bc);
    if (bc.bad || p->beam < 1 || p->beam > 64) {
      rc = dl_err_set(err, DL_CORRUPT, "%s: bad beam width", path);
      goto fail;
    }
  }
  rc = nlp_weights_load(&p->w, &p->m, nlp_model_section(&p->m, NLP_TAG("WGHT")),
                        err);
  if (rc != DL_OK) goto fail;
  if (p->w.n_classes != 1 + 2 * p->n_labels) {
    rc = dl_err_set(err, DL_CORRUPT, "%s: weights do not match labels", path);
    goto fail;
  }
  valid_tables(p);
  *out = p;
  return DL_OK;
fail:
  nlp_parser_free(p);
  return rc;
}

void nlp_parser_set_beam(nlp_parser *p, uint32_t k) {
  if (k >= 1 && k <= 64) p->beam = k;
}

void nlp_parser_free(nlp_parser *p) {
  if (!p) return;
  nlp_model_close(&p->m);
  free(p);
}

/* ----------------------------------------------------------- training */

/* Whether the arc gh[d] -> d is projective: every word strictly between
 * them is dominated by the head. gh is 0-based-with-ROOT (ROOT = 0). */
static bool arc_projective(const int32_t *gh, size_t n, int32_t d) {
  int32_t h = gh[d];
  int32_t lo = h < d ? h : d, hi = h < d ? d : h;
  for (int32_t k = lo + 1; k < hi; k++) {
    int32_t x = k;
    size_t guard = 0;
    while (x != h && x > 0 && guard++ <= n) x = gh[x];
    if (x != h && h != 0) return false;
  }
  return true;
}

/* Lifts non-projective arcs until the tree is projective. */
static void projectivise(int32_t *gh, size_t n) {
  for (size_t round = 0; round < 4 * n + 4; round++) {
    int32_t best = -1, blen = 0;
    for (int32_t d = 1; d <= (int32_t)n; d++) {
      if (gh[d] <= 0 || arc_projective(gh, n, d)) continue;
      int32_t len = gh[d] > d ? gh[d] - d : d - gh[d];
      if (best < 0 || len < blen) {
        best = d;
        blen = len;
      }
    }
    if (best < 0) return;
    gh[best] = gh[gh[best]];
  }
}

typedef struct ptrain {
  uint32_t n_labels;
  uint8_t rel_label[256]; /* deprel -> label + 1 (0 = unknown) */
  uint8_t label_rel[MAX_LABELS];
  int root_label;
  nlp_wtrain w;
} ptrain;

/* Costs of all classes in the current state; invalid ones get a large
 * value. gh/gl: gold heads (ROOT = 0) and labels. */
static void costs(const pstate *st, const int32_t *gh, const int32_t *gl,
                  const bool *valid, uint32_t n_labels, int *cost) {
  int32_t n = (int32_t)st->n;
  int32_t s0 = st->stack[st->sp - 1];
  int32_t s1 = st->sp >= 2 ? st->stack[st->sp - 2] : -1;
  int32_t b = st->b;
  uint32_t nc = 1 + 2 * n_labels;
  for (uint32_t c = 0; c < nc; c++) cost[c] = 1 << 20;
  if (valid[0]) {
    int c = 0;
    for (size_t i = 1; i < st->sp; i++)
      if (gh[st->stack[i]] == b) c++;
    /* a word left of b0 is on the stack until it gets its head */
    if (gh[b] != s0 && gh[b] >= 0 && gh[b] < b && st->head[gh[b]] < 0) c++;
    cost[0] = c;
  }
  if (st->sp < 2) return;
  int deps = 0;
  for (int32_t d = b; d <= n; d++)
    if (gh[d] == s0) deps++;
  int lbase = deps + ((gh[s0] == s1 || gh[s0] > b) ? 1 : 0);
  int rbase = deps + (gh[s0] >= b ? 1 : 0);
  for (uint32_t l = 0; l < n_labels; l++) {
    if (valid[1 + 2 * l])
      cost[1 + 2 * l] = lbase + (gh[s0] == b && gl[s0] != (int32_t)l);
    if (valid[2 + 2 * l])
      cost[2 + 2 * l] = rbase + (gh[s0] == s1 && gl[s0] != (int32_t)l);
  }
}

/* Parses one training sentence; learns when learn (with exploration from
 * iteration EXPLORE_FROM), else scores with averaged weights. Counts
 * correct heads and labels. */
static void pt_sentence(ptrain *pt, const nlp_sent *s, const uint8_t *tags,
                        const uint8_t *utags,
                        void *scratch, int32_t *gh, int32_t *gl, bool learn, int iter, uint64_t *rng, size_t *uas,
                        size_t *las) {
  size_t n = s->n;
  pstate st;
  st_init(&st, n, scratch);
  for (size_t i = 1; i <= n; i++) {
    const char *f = s->w[i - 1].form;
    char low[64];
    size_t fl = strlen(f), k = 0;
    for (; k < fl && k < sizeof low; k++)
      low[k] = (f[k] >= 'A' && f[k] <= 'Z') ? (char)(f[k] + 32) : f[k];
    st.wv[i] = nlp_hash_bytes(low, k);
    st.pv[i] = ptag(tags[i - 1], utags[i - 1]);
    gh[i] = s->w[i - 1].head < 0 ? 0 : s->w[i - 1].head;
    gl[i] = (int32_t)pt->rel_label[s->w[i - 1].deprel] - 1;
  }
  gh[0] = -1;
  gl[0] = -1;
  if (learn) projectivise(gh, n);
  uint32_t nc = 1 + 2 * pt->n_labels;
  double scores[256];
  bool valid[256];
  int cost[256];
  uint64_t f[MAX_FEATS];
  while (!st_terminal(&st)) {
    st_valid(&st, pt->n_labels, pt->root_label, valid);
    size_t nf = p_features(&st, f);
    memset(scores, 0, nc * sizeof scores[0]);
    nlp_wtrain_score(&pt->w, f, nf, scores, !learn);
    int pred = -1;
    for (uint32_t c = 0; c < nc; c++)
      if (valid[c] && (pred < 0 || scores[c] > scores[pred])) pred = (int)c;
    if (pred < 0) break;
    uint32_t next = (uint32_t)pred;
    if (learn) {
      costs(&st, gh, gl, valid, pt->n_labels, cost);
      int minc = 1 << 20, gold = -1;
      for (uint32_t c = 0; c < nc; c++)
        if (valid[c] && cost[c] < minc) minc = cost[c];
      for (uint32_t c = 0; c < nc; c++)
        if (valid[c] && cost[c] == minc &&
            (gold < 0 || scores[c] > scores[gold]))
          gold = (int)c;
      nlp_wtrain_tick(&pt->w);
      if (cost[pred] > minc) {
        nlp_wtrain_update(&pt->w, f, nf, (uint32_t)gold, (uint32_t)pred);
        bool explore = iter >= EXPLORE_FROM && nlp_rand(rng) % 10 != 0;
        next = explore ? (uint32_t)pred : (uint32_t)gold;
      }
    }
    st_apply(&st, next);
  }
  for (size_t i = 1; i <= n; i++) {
    int32_t g = s->w[i - 1].head < 0 ? 0 : s->w[i - 1].head;
    if (st.head[i] == g) {
      (*uas)++;
      if (st.lab[i] >= 0 &&
          pt->label_rel[st.lab[i]] == s->w[i - 1].deprel)
        (*las)++;
    }
  }
}

/* The beam's counterpart of pt_sentence: one sentence parsed with the beam
 * (k = o->beam), learning with a max-violation update when learn. */
static void bt_sentence(ptrain *pt, pbeam *bm, const nlp_sent *s,
                        const uint8_t *tags, const uint8_t *utags,
                        void *scratch, int32_t *gh, int32_t *gl, bool learn,
                        size_t *uas, size_t *las) {
  size_t n = s->n;
  pstate st;
  st_init(&st, n, scratch);
  for (size_t i = 1; i <= n; i++) {
    const char *f = s->w[i - 1].form;
    char low[64];
    size_t fl = strlen(f), k = 0;
    for (; k < fl && k < sizeof low; k++)
      low[k] = (f[k] >= 'A' && f[k] <= 'Z') ? (char)(f[k] + 32) : f[k];
    st.wv[i] = nlp_hash_bytes(low, k);
    st.pv[i] = ptag(tags[i - 1], utags[i - 1]);
    gh[i] = s->w[i - 1].head < 0 ? 0 : s->w[i - 1].head;
    gl[i] = (int32_t)pt->rel_label[s->w[i - 1].deprel] - 1;
  }
  gh[0] = -1;
  gl[0] = -1;
  if (learn) projectivise(gh, n);
  bscorer sc = {NULL, &pt->w, !learn, 1 + 2 * pt->n_labels, pt->n_labels,
                pt->root_label};
  const bitem *best = beam_run(bm, &st, &sc, learn ? gh : NULL, gl,
                               learn ? &pt->w : NULL);
  if (learn) nlp_wtrain_tick(&pt->w);
  for (size_t i = 1; i <= n; i++) {
    int32_t g = s->w[i - 1].head < 0 ? 0 : s->w[i - 1].head;
    if (best->st.head[i] == g) {
      (*uas)++;
      if (best->st.lab[i] >= 0 &&
          pt->label_rel[best->st.lab[i]] == s->w[i - 1].deprel)
        (*las)++;
    }
  }
}

/* Jackknifing: tags every training sentence with a tagger trained on the
 * other folds (sentence i is in fold i % k), into jx/ju (one byte per word,
 * sentences in corpus order). */
static int jackknife_tags(const nlp_corpus *train, const nlp_train_opts *o,
                          const char *out_path, uint8_t *jx, uint8_t *ju,
                          size_t maxn, dl_err *err) {
  int k = o->jackknife;
  size_t *off = malloc((train->n + 1) * sizeof *off);
  nlp_sent *sub = malloc((train->n + 1) * sizeof *sub);
  const char **forms = malloc(maxn * sizeof *forms);
  nlp_tokfeat *tf = malloc(maxn * sizeof *tf);
  char tmp[4096];
  int rc = DL_OK;
  if (!off || !sub || !forms || !tf) {
    rc = dl_err_set(err, DL_NOMEM, "out of memory");
    goto done;
  }
  if (snprintf(tmp, sizeof tmp, "%s.jackknife.tmp", out_path) >= (int)sizeof tmp) {
    rc = dl_err_set(err, DL_IO, "%s: path too long", out_path);
    goto done;
  }
  off[0] = 0;
  for (size_t i = 0; i < train->n; i++) off[i + 1] = off[i] + train->s[i].n;
  for (int f = 0; f < k && rc == DL_OK; f++) {
    nlp_corpus c;
    memset(&c, 0, sizeof c);
    c.s = sub;
    for (size_t i = 0; i < train->n; i++)
      if ((int)(i % (size_t)k) != f) {
        sub[c.n++] = train->s[i];
        c.n_words += train->s[i].n;
      }
    nlp_train_opts to = {o->tagger_iters > 0 ? o->tagger_iters : 10,
                         o->seed + (uint64_t)f, NULL, NULL, 0, 0, o->no_prune,
                         NULL, 1};
    rc = nlp_tagger_train(&c, NULL, &to, tmp, err);
    nlp_tagger *t = NULL;
    if (rc == DL_OK) rc = nlp_tagger_load(tmp, &t, err);
    remove(tmp);
    if (rc != DL_OK) break;
    size_t ok = 0, all = 0;
    for (size_t i = (size_t)f; i < train->n; i += (size_t)k) {
      const nlp_sent *s = &train->s[i];
      for (uint32_t j = 0; j < s->n; j++) forms[j] = s->w[j].form;
      nlp_tagger_tag(t, forms, s->n, tf, jx + off[i], ju + off[i]);
      for (uint32_t j = 0; j < s->n; j++) ok += jx[off[i] + j] == s->w[j].xpos;
      all += s->n;
    }
    nlp_tagger_free(t);
    if (o->log) {
      fprintf(o->log, "jackknife fold %d/%d: XPOS %.2f\n", f + 1, k,
              all ? 100.0 * (double)ok / (double)all : 0.0);
      fflush(o->log);
    }
  }
done:
  free(off);
  free(sub);
  free(forms);
  free(tf);
  return rc;
}

/* The jackknifed tags cache: u64 words, u64 folds, u64 seed, u64 tagger
 * iterations, then the XPOS and the UPOS bytes. Reading returns false when
 * the file is missing or made for other data or options. */
static bool tags_cache_read(const nlp_train_opts *o, size_t nw, uint8_t *jx,
                            uint8_t *ju) {
  FILE *f = fopen(o->tags_cache, "rb");
  if (!f) return false;
  uint64_t h[4], want[4] = {nw, (uint64_t)o->jackknife, o->seed,
                            (uint64_t)o->tagger_iters};
  bool ok = fread(h, sizeof h, 1, f) == 1 && memcmp(h, want, sizeof h) == 0 &&
            fread(jx, 1, nw, f) == nw && fread(ju, 1, nw, f) == nw;
  fclose(f);
  if (ok && o->log) fprintf(o->log, "jackknifed tags from %s\n", o->tags_cache);
  return ok;
}

static void tags_cache_write(const nlp_train_opts *o, size_t nw,
                             const uint8_t *jx, const uint8_t *ju) {
  FILE *f = fopen(o->tags_cache, "wb");
  if (!f) return;
  uint64_t h[4] = {nw, (uint64_t)o->jackknife, o->seed,
                   (uint64_t)o->tagger_iters};
  bool ok = fwrite(h, sizeof h, 1, f) == 1 && fwrite(jx, 1, nw, f) == nw &&
            fwrite(ju, 1, nw, f) == nw;
  if (fclose(f) != 0 || !ok) remove(o->tags_cache);
}

int nlp_parser_train(const nlp_corpus *train, const nlp_corpus *dev,
                     const nlp_train_opts *o, const char *out_path,
                     dl_err *err) {
  ptrain *pt = calloc(1, sizeof *pt);
  size_t *order = malloc((train->n + 1) * sizeof *order);
  size_t maxn = 1;
  void *scratch = NULL;
  int32_t *gh = NULL, *gl = NULL;
  uint8_t *tags = NULL;
  nlp_tokfeat *tf = NULL;
  uint8_t *upos = NULL;
  const char **forms = NULL;
  nlp_buf b[3] = {{0}};
  pbeam bm;
  bool beam = false;
  uint8_t *jx = NULL, *ju = NULL; /* jackknifed training tags */
  size_t *woff = malloc((train->n + 1) * sizeof *woff);
  int rc = DL_OK;
  if (!pt || !order || !woff) goto nomem;
  woff[0] = 0;
  for (size_t i = 0; i < train->n; i++) woff[i + 1] = woff[i] + train->s[i].n;
  pt->root_label = -1;
  for (size_t s = 0; s < train->n; s++) {
    if (train->s[s].n > maxn) maxn = train->s[s].n;
    for (uint32_t k = 0; k < train->s[s].n; k++) {
      uint8_t r = train->s[s].w[k].deprel;
      if (pt->rel_label[r]) continue;
      if (pt->n_labels == MAX_LABELS || 1 + 2 * (pt->n_labels + 1) > 255) {
        rc = dl_err_set(err, DL_ERROR, "too many relation labels");
        goto done;
      }
      pt->label_rel[pt->n_labels] = r;
      if (strcmp(dl_deprel_name(r), "root") == 0)
        pt->root_label = (int)pt->n_labels;
      pt->rel_label[r] = (uint8_t)++pt->n_labels;
    }
  }
  if (pt->n_labels == 0) {
    rc = dl_err_set(err, DL_ERROR, "no training words");
    goto done;
  }
  if (dev)
    for (size_t s = 0; s < dev->n; s++)
      if (dev->s[s].n > maxn) maxn = dev->s[s].n;
  scratch = malloc(nlp_parser_scratch(maxn));
  gh = malloc((maxn + 1) * sizeof *gh);
  gl = malloc((maxn + 1) * sizeof *gl);
  tags = malloc(maxn);
  tf = malloc(maxn * sizeof *tf);
  upos = malloc(maxn);
  forms = malloc(maxn * sizeof *forms);
  if (!scratch || !gh || !gl || !tags || !tf || !upos || !forms ||
      nlp_wtrain_init(&pt->w, 1 + 2 * pt->n_labels) != DL_OK)
    goto nomem;
  pt->w.prune = o->no_prune ? 0.0f : PARSER_PRUNE;
  if (o->jackknife > 1) {
    jx = malloc(train->n_words + 1);
    ju = malloc(train->n_words + 1);
    if (!jx || !ju) goto nomem;
    if (!o->tags_cache || !tags_cache_read(o, train->n_words, jx, ju)) {
      rc = jackknife_tags(train, o, out_path, jx, ju, maxn, err);
      if (rc != DL_OK) goto done;
      if (o->tags_cache) tags_cache_write(o, train->n_words, jx, ju);
    }
  }
  if (o->beam > 1) {
    if (!beam_init(&bm, (size_t)o->beam, maxn)) goto nomem;
    beam = true;
  }
  for (size_t i = 0; i < train->n; i++) order[i] = i;
  uint64_t rng = o->seed * 2654435761u + 7;
  if (o->log)
    fprintf(o->log, "parser: %zu sentences, %zu words, %u labels%s\n",
            train->n, train->n_words, pt->n_labels,
            o->tagger ? ", dev tagged by the tagger" : ", dev with gold tags");
  for (int it = 1; it <= o->iters; it++) {
    for (size_t i = train->n; i > 1; i--) {
      size_t j = (size_t)(nlp_rand(&rng) % i);
      size_t x = order[i - 1];
      order[i - 1] = order[j];
      order[j] = x;
    }
    size_t uas = 0, las = 0, duas = 0, dlas = 0;
    for (size_t i = 0; i < train->n; i++) {
      const nlp_sent *s = &train->s[order[i]];
      for (uint32_t k = 0; k < s->n; k++) {
        tags[k] = jx ? jx[woff[order[i]] + k] : s->w[k].xpos;
        upos[k] = ju ? ju[woff[order[i]] + k] : s->w[k].upos;
      }
      if (beam)
        bt_sentence(pt, &bm, s, tags, upos, scratch, gh, gl, true, &uas, &las);
      else
        pt_sentence(pt, s, tags, upos, scratch, gh, gl, true, it, &rng, &uas,
                    &las);
    }
    if (pt->w.oom) goto nomem;
    if (dev)
      for (size_t i = 0; i < dev->n; i++) {
        const nlp_sent *s = &dev->s[i];
        for (uint32_t k = 0; k < s->n; k++) {
          tags[k] = s->w[k].xpos;
          upos[k] = s->w[k].upos;
          forms[k] = s->w[k].form;
        }
        if (o->tagger) nlp_tagger_tag(o->tagger, forms, s->n, tf, tags, upos);
        if (beam)
          bt_sentence(pt, &bm, s, tags, upos, scratch, gh, gl, false, &duas,
                      &dlas);
        else
          pt_sentence(pt, s, tags, upos, scratch, gh, gl, false, it, &rng,
                      &duas, &dlas);
      }
    if (o->log) {
      fprintf(o->log, "iter %2d  train UAS %.2f", it,
              100.0 * (double)uas / (double)train->n_words);
      if (dev && dev->n_words)
        fprintf(o->log, "  dev UAS %.2f LAS %.2f",
                100.0 * (double)duas / (double)dev->n_words,
                100.0 * (double)dlas / (double)dev->n_words);
      fprintf(o->log, "  features %zu\n", pt->w.used);
      fflush(o->log);
    }
  }
  nlp_buf_u32(&b[0], pt->n_labels);
  for (uint32_t i = 0; i < pt->n_labels; i++)
    nlp_buf_str(&b[0], dl_deprel_name(pt->label_rel[i]));
  nlp_wtrain_save(&pt->w, &b[1]);
  if (beam) nlp_buf_u32(&b[2], (uint32_t)o->beam);
  if (b[0].oom || b[1].oom || b[2].oom) goto nomem;
  {
    const uint32_t stags[3] = {NLP_TAG("PLAB"), NLP_TAG("WGHT"),
                               NLP_TAG("PBEM")};
    rc = nlp_model_write(out_path, "parser", stags, b, beam ? 3 : 2, err);
  }
  goto done;
nomem:
  rc = dl_err_set(err, DL_NOMEM, "out of memory while training the parser");
done:
  nlp_buf_free(&b[0]);
  nlp_buf_free(&b[1]);
  nlp_buf_free(&b[2]);
  if (beam) beam_free(&bm);
  if (pt) nlp_wtrain_free(&pt->w);
  free(pt);
  free(order);
  free(scratch);
  free(gh);
  free(gl);
  free(tags);
  free(tf);
  free(upos);
  free(forms);
  free(jx);
  free(ju);
  free(woff);
  return rc;
}
