/*
 * perceptron.c -- the averaged perceptron shared by the tagger and the
 * parser: sparse weights while training, int16 hashed rows once trained.
 *
 * Training. A feature is a 64-bit key (nlp_f1..f3 of a template id and its
 * values). The table maps each key that has ever been updated to a short
 * row of (class, weight, total, timestamp) entries: perceptron updates
 * touch only the gold and the predicted class, so rows stay short (a few
 * classes) and memory grows with the mistakes made, not with classes x
 * features. Averaging uses the lazy timestamp trick: an entry's running
 * total is brought up to date only when its weight changes,
 *
 *     tot += (now - ts) * w;  ts = now;  w += delta;
 *
 * and the average at the end is (tot + (now - ts) * w) / now. Scoring
 * with averaged weights during training (for the dev score) uses the same
 * expression without dividing, which does not change the argmax.
 *
 * Trained form (the 'WGHT' section of a model file, format version 4):
 *
 *     u32 n_classes, u32 n_slots, u32 n_entries, f32 scale
 *     u32 n_dense, u32 0       (absent in version 3 files: no dense rows)
 *     u16 slots[4 * n_slots]   h = fingerprint << 1 | inline (0 = empty),
 *                              then a 48-bit payload: one or two inline
 *                              weights (class | int16 << 8, 24 bits each,
 *                              class 255 = none), or start | count << 32
 *                              into the entries (count > 0), or the number
 *                              of a dense row (count = 0)
 *     u32 entries[n_entries]   class << 16 | int16 weight
 *     (zero padding to a multiple of 16 bytes)
 *     i16 dense[n_dense * stride]   stride = n_classes rounded up to 8
 *
 * A feature with NLP_DENSE_MIN (16) or more class weights is a dense row:
 * the tag conjunctions of the parser, which every state looks up, have
 * weights for most of its 103 classes, and adding 16 scattered entries
 * one by one cost more than adding a dense row eight classes at a time
 * (SSE2). Nine tenths of the weights added per parser state come from such
 * rows. A version 3 file gets its dense rows made at load (densify()).
 *
 * Slots are found by linear probing from the key's home slot (the low 32
 * bits of the key times n_slots, shifted down 32: any table size, filled
 * to two thirds). A feature with one or two class weights (four in five
 * of the parser's) has them in its slot, so scoring it costs one memory
 * access; the others have a contiguous run of entries, one more. Weights are the
 * averages quantised to int16 with one scale per model (max |w| -> 32767);
 * averaged weights smaller than the model's pruning threshold (a fraction
 * of one perceptron update) are dropped, and so are features left with
 * none: that halves the parser at no measurable cost in accuracy.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_int.h"

/* ------------------------------------------------------------ training */

int nlp_wtrain_init(nlp_wtrain *w, uint32_t n_classes) {
  memset(w, 0, sizeof *w);
  w->cap = (size_t)1 << 16;
  w->rows = calloc(w->cap, sizeof *w->rows);
  w->n_classes = n_classes;
  return w->rows ? DL_OK : DL_NOMEM;
}

void nlp_wtrain_free(nlp_wtrain *w) {
  if (!w->rows) return;
  for (size_t i = 0; i < w->cap; i++) free(w->rows[i].e);
  free(w->rows);
  memset(w, 0, sizeof *w);
}

static inline uint64_t nz_key(uint64_t k) { return k ? k : 1; }

/* The row of key, or NULL. */
static const nlp_wrow *find_row(const nlp_wtrain *w, uint64_t key) {
  key = nz_key(key);
  size_t mask = w->cap - 1, i = (size_t)key & mask;
  while (w->rows[i].key) {
    if (w->rows[i].key == key) return &w->rows[i];
    i = (i + 1) & mask;
  }
  return NULL;
}

/* Doubles the table. */
static bool grow(nlp_wtrain *w) {
  size_t cap = w->cap * 2;
  nlp_wrow *rows = calloc(cap, sizeof *rows);
  if (!rows) return false;
  for (size_t i = 0; i < w->cap; i++) {
    if (!w->rows[i].key) continue;
    size_t j = (size_t)w->rows[i].key & (cap - 1);
    while (rows[j].key) j = (j + 1) & (cap - 1);
    rows[j] = w->rows[i];
  }
  free(w->rows);
  w->rows = rows;
  w->cap = cap;
  return true;
}

/* The row of key, inserted when absent; NULL when out of memory. */
static nlp_wrow *get_row(nlp_wtrain *w, uint64_t key) {
  key = nz_key(key);
  if ((w->used + 1) * 2 > w->cap && !grow(w)) return NULL;
  size_t mask = w->cap - 1, i = (size_t)key & mask;
  while (w->rows[i].key) {
    if (w->rows[i].key == key) return &w->rows[i];
    i = (i + 1) & mask;
  }
  w->rows[i].key = key;
  w->used++;
  return &w->rows[i];
}

void nlp_wtrain_score(const nlp_wtrain *w, const uint64_t *f, size_t nf,
                      double *scores, bool avg) {
  for (size_t i = 0; i < nf; i++) {
    const nlp_wrow *r = find_row(w, f[i]);
    if (!r) continue;
    for (uint32_t k = 0; k < r->n; k++) {
      const nlp_went *e = &r->e[k];
      if (avg)
        scores[e->cls] += e->tot + (double)(w->now - e->ts) * e->w;
      else
        scores[e->cls] += e->w;
    }
  }
}

/* Adds delta to class cls of row r, keeping the running total. */
static void upd(nlp_wtrain *w, nlp_wrow *r, uint32_t cls, float delta) {
  nlp_went *e = NULL;
  for (uint32_t k = 0; k < r->n; k++)
    if (r->e[k].cls == cls) {
      e = &r->e[k];
      break;
    }
  if (!e) {
    if (r->n == r->cap) {
      uint32_t cap = r->cap ? r->cap * 2 : 2;
      nlp_went *ne = realloc(r->e, cap * sizeof *ne);
      if (!ne) {
        w->oom = true;
        return;
      }
      r->e = ne;
      r->cap = cap;
    }
    e = &r->e[r->n++];
    *e = (nlp_went){0.0f, (uint16_t)cls, w->now, 0.0};
  }
  e->tot += (double)(w->now - e->ts) * e->w;
  e->ts = w->now;
  e->w += delta;
}

void nlp_wtrain_update(nlp_wtrain *w, const uint64_t *f, size_t nf,
                       uint32_t good, uint32_t bad) {
  if (good == bad) return;
  for (size_t i = 0; i < nf; i++) {
    nlp_wrow *r = get_row(w, f[i]);
    if (!r) {
      w->oom = true;
      return;
    }
    upd(w, r, good, 1.0f);
    upd(w, r, bad, -1.0f);
  }
}

void nlp_wtrain_add(nlp_wtrain *w, const uint64_t *f, size_t nf, uint32_t cls,
                    float delta) {
  for (size_t i = 0; i < nf; i++) {
    nlp_wrow *r = get_row(w, f[i]);
    if (!r) {
      w->oom = true;
      return;
    }
    upd(w, r, cls, delta);
  }
}

void nlp_wtrain_tick(nlp_wtrain *w) { w->now++; }

/* The averaged weight of an entry. */
static double avg_of(const nlp_wtrain *w, const nlp_went *e) {
  if (w->now == 0) return 0.0;
  return (e->tot + (double)(w->now - e->ts) * e->w) / (double)w->now;
}

void nlp_wtrain_save(const nlp_wtrain *w, nlp_buf *out) {
  double maxw = 0.0;
  for (size_t i = 0; i < w->cap; i++)
    for (uint32_t k = 0; k < w->rows[i].n; k++) {
      double a = fabs(avg_of(w, &w->rows[i].e[k]));
      if (a > maxw) maxw = a;
    }
  float scale = maxw > 0 ? (float)(maxw / 32767.0) : 1.0f;
  double keep_min = w->prune > 0 ? w->prune : 0.0;

  /* pass 1: count the surviving rows and entries */
  size_t n_rows = 0, n_ent = 0, n_dense = 0;
  for (size_t i = 0; i < w->cap; i++) {
    size_t kept = 0;
    for (uint32_t k = 0; k < w->rows[i].n; k++) {
      double a = avg_of(w, &w->rows[i].e[k]);
      if (lrint(a / scale) != 0 && fabs(a) >= keep_min) kept++;
    }
    if (kept) {
      n_rows++;
      n_ent += kept;
      n_dense += kept >= NLP_DENSE_MIN;
    }
  }
  uint32_t stride = (w->n_classes + 7) & ~7u;
  uint32_t n_slots = (uint32_t)(n_rows + n_rows / 2 + 16);
  uint16_t *slots = calloc((size_t)n_slots * 4, sizeof *slots);
  uint32_t *ent = malloc((n_ent ? n_ent : 1) * sizeof *ent);
  int16_t *dense = calloc(n_dense * stride + 1, sizeof *dense);
  if (!slots || !ent || !dense) {
    free(slots);
    free(ent);
    free(dense);
    out->oom = true;
    return;
  }
  /* pass 2: fill; rows of one or two weights go inline in their slot,
   * rows of NLP_DENSE_MIN or more weights into a dense row */
  uint32_t pos = 0, drows = 0;
  for (size_t i = 0; i < w->cap; i++) {
    const nlp_wrow *r = &w->rows[i];
    uint32_t start = pos, inl[2] = {0xffu, 0xffu}, n_inl = 0;
    for (uint32_t k = 0; k < r->n; k++) {
      double a = avg_of(w, &r->e[k]);
      long q = lrint(a / scale);
      if (q == 0 || fabs(a) < keep_min) continue;
      if (q > 32767) q = 32767;
      if (q < -32767) q = -32767;
      uint16_t qw = (uint16_t)(int16_t)q;
      ent[pos++] = (uint32_t)r->e[k].cls << 16 | qw;
      if (n_inl < 2) inl[n_inl] = r->e[k].cls | (uint32_t)qw << 8;
      n_inl++;
    }
    if (pos == start) continue;
    uint64_t key = r->key, P;
    uint16_t h = nlp_fp_of(key);
    if (n_inl <= 2) {
      pos = start; /* not needed in entries */
      P = (uint64_t)inl[0] | (uint64_t)inl[1] << 24;
      h |= 1u;
    } else if (n_inl >= NLP_DENSE_MIN) {
      int16_t *d = dense + (size_t)drows * stride;
      for (uint32_t k = start; k < pos; k++)
        d[ent[k] >> 16] = (int16_t)(uint16_t)(ent[k] & 0xffffu);
      pos = start;
      P = drows++; /* count 0: a dense row */
    } else {
      P = (uint64_t)start | (uint64_t)(pos - start) << 32;
    }
    uint32_t j = nlp_slot_of(key, n_slots);
    while (slots[4 * (size_t)j])
      if (++j == n_slots) j = 0;
    slots[4 * (size_t)j] = h;
    slots[4 * (size_t)j + 1] = (uint16_t)P;
    slots[4 * (size_t)j + 2] = (uint16_t)(P >> 16);
    slots[4 * (size_t)j + 3] = (uint16_t)(P >> 32);
  }
  uint32_t sbits;
  memcpy(&sbits, &scale, 4);
  nlp_buf_u32(out, w->n_classes);
  nlp_buf_u32(out, n_slots);
  nlp_buf_u32(out, pos);
  nlp_buf_u32(out, sbits);
  nlp_buf_u32(out, drows);
  nlp_buf_u32(out, 0);
  for (size_t i = 0; i < (size_t)n_slots * 4; i++) {
    nlp_buf_u8(out, (uint8_t)slots[i]);
    nlp_buf_u8(out, (uint8_t)(slots[i] >> 8));
  }
  for (uint32_t i = 0; i < pos; i++) nlp_buf_u32(out, ent[i]);
  nlp_buf_align(out, 16);
  for (size_t i = 0; i < (size_t)drows * stride; i++) {
    nlp_buf_u8(out, (uint8_t)(uint16_t)dense[i]);
    nlp_buf_u8(out, (uint8_t)((uint16_t)dense[i] >> 8));
  }
  free(slots);
  free(ent);
  free(dense);
}

/* ------------------------------------------------------------ loading */

/* Returns a u32 array of n words at p: in place on little-endian hosts,
 * else a swapped copy owned by the model. NULL when out of memory. */
static const uint32_t *u32_array(nlp_model *m, const uint8_t *p, size_t n) {
  if (nlp_host_le()) return (const uint32_t *)(const void *)p;
  if (m->n_owned == sizeof m->owned / sizeof m->owned[0]) return NULL;
  uint32_t *a = malloc((n ? n : 1) * 4);
  if (!a) return NULL;
  for (size_t i = 0; i < n; i++)
    a[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
           (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
  m->owned[m->n_owned++] = a;
  return a;
}

/* The same for an array of n u16 words. */
static const uint16_t *u16_array(nlp_model *m, const uint8_t *p, size_t n) {
  if (nlp_host_le()) return (const uint16_t *)(const void *)p;
  if (m->n_owned == sizeof m->owned / sizeof m->owned[0]) return NULL;
  uint16_t *a = malloc((n ? n : 1) * 2);
  if (!a) return NULL;
  for (size_t i = 0; i < n; i++)
    a[i] = (uint16_t)(p[2 * i] | p[2 * i + 1] << 8);
  m->owned[m->n_owned++] = a;
  return a;
}

/* A version 3 file has no dense rows: its long runs of entries are made
 * dense rows here (the slots copied and pointed at them), as a version 4
 * file of the same weights would have them on disk. */
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define NLP_AVX2_STRIDE 104u
__attribute__((target("avx2"))) void nlp_add_dense_avx2(
    const int16_t *const *rows, size_t nd, int32_t *scores) {
  /* thirteen named accumulators: an array would live on the stack */
#define LD(b) _mm256_loadu_si256((const __m256i *)(const void *)(scores + 8 * (b)))
#define ST(b, a) _mm256_storeu_si256((__m256i *)(void *)(scores + 8 * (b)), a)
#define ADD(a, b)                                                      \
  a = _mm256_add_epi32(a, _mm256_cvtepi16_epi32(_mm_loadu_si128(      \
                              (const __m128i *)(const void *)(r + 8 * (b)))))
  __m256i a0 = LD(0), a1 = LD(1), a2 = LD(2), a3 = LD(3), a4 = LD(4),
          a5 = LD(5), a6 = LD(6), a7 = LD(7), a8 = LD(8), a9 = LD(9),
          a10 = LD(10), a11 = LD(11), a12 = LD(12);
  for (size_t k = 0; k < nd; k++) {
    const int16_t *r = rows[k];
    ADD(a0, 0); ADD(a1, 1); ADD(a2, 2); ADD(a3, 3); ADD(a4, 4); ADD(a5, 5);
    ADD(a6, 6); ADD(a7, 7); ADD(a8, 8); ADD(a9, 9); ADD(a10, 10);
    ADD(a11, 11); ADD(a12, 12);
  }
  ST(0, a0); ST(1, a1); ST(2, a2); ST(3, a3); ST(4, a4); ST(5, a5);
  ST(6, a6); ST(7, a7); ST(8, a8); ST(9, a9); ST(10, a10); ST(11, a11);
  ST(12, a12);
#undef LD
#undef ST
#undef ADD
}
static bool have_avx2(uint32_t stride) {
  return stride == NLP_AVX2_STRIDE && __builtin_cpu_supports("avx2");
}
#else
void nlp_add_dense_avx2(const int16_t *const *rows, size_t nd,
                        int32_t *scores) {
  for (size_t k = 0; k < nd; k++) nlp_add_dense(rows[k], 104, scores);
}
static bool have_avx2(uint32_t stride) {
  (void)stride;
  return false;
}
#endif

static int densify(nlp_weights *w, nlp_model *m) {
  uint32_t n_dense = 0;
  for (uint32_t i = 0; i < w->n_slots; i++) {
    const uint16_t *sl = &w->slots[4 * (size_t)i];
    if (sl[0] && !(sl[0] & 1u) && sl[3] >= NLP_DENSE_MIN) n_dense++;
  }
  if (n_dense == 0) return DL_OK;
  if (m->n_owned + 2 > sizeof m->owned / sizeof m->owned[0]) return DL_NOMEM;
  uint16_t *slots = malloc((size_t)w->n_slots * 8);
  int16_t *dense = calloc((size_t)n_dense * w->stride, sizeof *dense);
  if (!slots || !dense) {
    free(slots);
    free(dense);
    return DL_NOMEM;
  }
  m->owned[m->n_owned++] = slots;
  m->owned[m->n_owned++] = dense;
  memcpy(slots, w->slots, (size_t)w->n_slots * 8);
  uint32_t row = 0;
  for (uint32_t i = 0; i < w->n_slots; i++) {
    uint16_t *sl = &slots[4 * (size_t)i];
    if (!sl[0] || (sl[0] & 1u) || sl[3] < NLP_DENSE_MIN) continue;
    uint32_t start = (uint32_t)sl[1] | (uint32_t)sl[2] << 16, cnt = sl[3];
    int16_t *d = dense + (size_t)row * w->stride;
    for (uint32_t j = 0; j < cnt; j++) {
      uint32_t e = w->entries[start + j];
      d[e >> 16] = (int16_t)(uint16_t)(e & 0xffffu);
    }
    sl[1] = (uint16_t)row;
    sl[2] = (uint16_t)(row >> 16);
    sl[3] = 0;
    row++;
  }
  w->slots = slots;
  w->dense = dense;
  w->n_dense = n_dense;
  return DL_OK;
}

int nlp_weights_load(nlp_weights *w, nlp_model *m, const nlp_section *s,
                     dl_err *err) {
  if (!s) return dl_err_set(err, DL_CORRUPT, "%s: no weights", m->path);
  nlp_cur c = {s->p, s->n, 0, false};
  uint32_t n_classes = nlp_cur_u32(&c), n_slots = nlp_cur_u32(&c);
  uint32_t n_ent = nlp_cur_u32(&c), sbits = nlp_cur_u32(&c);
  uint32_t n_dense = 0, reserved = 0; /* version 3 has neither */
  if (m->version >= 4) {
    n_dense = nlp_cur_u32(&c);
    reserved = nlp_cur_u32(&c);
  }
  if (c.bad || n_classes == 0 || n_classes > 255 || n_slots == 0 ||
      n_slots > (1u << 28) || n_ent >= (1u << 30) || n_dense >= (1u << 24) ||
      reserved != 0)
    return dl_err_set(err, DL_CORRUPT, "%s: bad weights header", m->path);
  uint32_t stride = (n_classes + 7) & ~7u;
  const uint8_t *sp = nlp_cur_bytes(&c, (size_t)n_slots * 8);
  const uint8_t *ep = nlp_cur_bytes(&c, (size_t)n_ent * 4);
  const uint8_t *dp = NULL;
  if (n_dense) {
    nlp_cur_align(&c, 16);
    dp = nlp_cur_bytes(&c, (size_t)n_dense * stride * 2);
  }
  if (!sp || !ep || (!dp && n_dense) || c.bad)
    return dl_err_set(err, DL_CORRUPT, "%s: weights truncated", m->path);
  memcpy(&w->scale, &sbits, 4);
  if (!isfinite(w->scale) || w->scale <= 0)
    return dl_err_set(err, DL_CORRUPT, "%s: bad weight scale", m->path);
  w->slots = u16_array(m, sp, (size_t)n_slots * 4);
  w->entries = u32_array(m, ep, n_ent);
  w->dense = n_dense ? (const int16_t *)u16_array(m, dp, (size_t)n_dense * stride)
                     : NULL;
  if (!w->slots || !w->entries || (n_dense && !w->dense))
    return dl_err_set(err, DL_NOMEM, "%s: out of memory", m->path);
  w->n_slots = n_slots;
  w->n_entries = n_ent;
  w->n_dense = n_dense;
  w->stride = stride;
  w->n_classes = n_classes;
  w->avx2 = have_avx2(stride) && getenv("DL_NO_AVX2") == NULL;
  size_t empty = 0;
  for (uint32_t i = 0; i < n_slots; i++) {
    const uint16_t *sl = &w->slots[4 * (size_t)i];
    if (sl[0] == 0) {
      empty++;
      continue;
    }
    uint64_t P = (uint64_t)sl[1] | (uint64_t)sl[2] << 16 | (uint64_t)sl[3] << 32;
    bool ok;
    if (sl[0] & 1u) { /* inline: classes in range (255 = none) */
      uint32_t c0 = (uint32_t)(P & 0xffu), c1 = (uint32_t)((P >> 24) & 0xffu);
      ok = c0 < n_classes && (c1 < n_classes || c1 == 0xffu);
    } else {
      uint64_t start = P & 0xffffffffu, cnt = P >> 32;
      ok = cnt > 0 ? start + cnt <= n_ent : start < n_dense;
    }
    if (!ok)
      return dl_err_set(err, DL_CORRUPT, "%s: weight slot %u out of range",
                        m->path, i);
  }
  if (empty == 0)
    return dl_err_set(err, DL_CORRUPT, "%s: weight table full", m->path);
  /* the one-byte fingerprints that keep the probes in cache */
  if (m->n_owned == sizeof m->owned / sizeof m->owned[0])
    return dl_err_set(err, DL_NOMEM, "%s: out of memory", m->path);
  uint8_t *f8 = malloc((size_t)n_slots + NLP_FP8_PAD);
  if (!f8) return dl_err_set(err, DL_NOMEM, "%s: out of memory", m->path);
  m->owned[m->n_owned++] = f8;
  for (uint32_t i = 0; i < n_slots; i++) {
    uint16_t h = w->slots[4 * (size_t)i];
    f8[i] = h ? (uint8_t)((h >> 8) | 1u) : 0;
  }
  for (uint32_t i = 0; i < NLP_FP8_PAD; i++) /* the start again: a probe */
    f8[n_slots + i] = f8[i % n_slots];       /* reads 16 bytes unwrapped */
  w->fp8 = f8;
  for (uint32_t i = 0; i < n_ent; i++)
    if ((w->entries[i] >> 16) >= n_classes)
      return dl_err_set(err, DL_CORRUPT, "%s: weight class out of range",
                        m->path);
  /* after the checks: densify trusts slots and classes */
  if (m->version < 4 && densify(w, m) != DL_OK)
    return dl_err_set(err, DL_NOMEM, "%s: out of memory", m->path);
  return DL_OK;
}
