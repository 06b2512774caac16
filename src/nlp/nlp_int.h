/*
 * nlp_int.h -- private interfaces of the nlp stage, shared by its files,
 * by `dateline train|parse|eval ud` (src/cli/cmd_nlp.c) and by the tests.
 *
 *   hashing      64-bit feature keys built from template ids and values
 *   nlp_buf      a growable byte buffer for writing model files
 *   nlp_cur      a bounds-checked little-endian reader over mapped bytes
 *   nlp_model    a model file: header, sections, checksum (model.c)
 *   nlp_wtrain   perceptron weights being trained: sparse, averaged lazily
 *   nlp_weights  trained weights: int16, hashed rows, read from the map
 *   nlp_corpus   CoNLL-U sentences (conllu.c)
 *   tagger, lemmatizer, parser: the three models (tagger.c, lemma.c,
 *                parser.c) and their training entry points
 *   eval         accuracy of a dl_nlp on a gold corpus (eval.c)
 *
 * Not part of the public API: include only from src/, tests/ and bench/
 * (bench_parser.c times the parser alone).
 */
#ifndef DL_NLP_INT_H
#define DL_NLP_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/core.h"
#include "dateline.h"

/* ------------------------------------------------------------- hashing */

/* The finaliser of MurmurHash3: a bijective 64-bit mix. */
static inline uint64_t nlp_mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

/* Hash of a byte string (FNV-1a, then mixed). */
static inline uint64_t nlp_hash_bytes(const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3ULL;
  }
  return nlp_mix(h ^ n);
}

/* Feature keys: template id t combined with one, two or three values. */
static inline uint64_t nlp_f1(uint32_t t, uint64_t a) {
  return nlp_mix(a ^ ((uint64_t)(t + 1) * 0x9e3779b97f4a7c15ULL));
}
static inline uint64_t nlp_f2(uint32_t t, uint64_t a, uint64_t b) {
  return nlp_mix(nlp_f1(t, a) + b * 0xbf58476d1ce4e5b9ULL);
}
static inline uint64_t nlp_f3(uint32_t t, uint64_t a, uint64_t b, uint64_t c) {
  return nlp_mix(nlp_f2(t, a, b) + c * 0x94d049bb133111ebULL);
}

/* A small deterministic PRNG (xorshift64*) for shuffling and exploring. */
static inline uint64_t nlp_rand(uint64_t *s) {
  uint64_t x = *s ? *s : 0x2545f4914f6cdd1dULL;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * 0x2545f4914f6cdd1dULL;
}

/* ------------------------------------------------------- byte buffers */

typedef struct nlp_buf {
  uint8_t *p;
  size_t n, cap;
  bool oom; /* a write failed for lack of memory; later writes are no-ops */
} nlp_buf;

void nlp_buf_put(nlp_buf *b, const void *p, size_t n);
void nlp_buf_u8(nlp_buf *b, uint8_t v);
void nlp_buf_u32(nlp_buf *b, uint32_t v);
void nlp_buf_u64(nlp_buf *b, uint64_t v);
void nlp_buf_str(nlp_buf *b, const char *s); /* u8 length + bytes (<256) */
void nlp_buf_align(nlp_buf *b, size_t a);    /* zero-pads to a multiple */
void nlp_buf_free(nlp_buf *b);

/* A reader over bytes [p, p+n). Every read checks the bounds; past the end
 * it sets `bad` and yields zeros, so a parser checks once at the end. */
typedef struct nlp_cur {
  const uint8_t *p;
  size_t n, off;
  bool bad;
} nlp_cur;

uint8_t nlp_cur_u8(nlp_cur *c);
uint32_t nlp_cur_u32(nlp_cur *c);
uint64_t nlp_cur_u64(nlp_cur *c);
/* Returns a pointer to n bytes at the cursor (and skips them), or NULL. */
const uint8_t *nlp_cur_bytes(nlp_cur *c, size_t n);
/* Reads a u8-length string into out (NUL-terminated, cap >= 256). */
bool nlp_cur_str(nlp_cur *c, char *out);
void nlp_cur_align(nlp_cur *c, size_t a);

/* Whether this host stores integers little-endian (model arrays are used
 * in place only then; otherwise they are copied and swapped). */
bool nlp_host_le(void);

/* ------------------------------------------------------- model files */

#define NLP_MODEL_VERSION 4u     /* written */
#define NLP_MODEL_VERSION_MIN 3u /* oldest read: 3 has no dense rows */
#define NLP_MAX_SECTIONS 16

typedef struct nlp_section {
  uint32_t tag; /* four ASCII characters, e.g. 'WGHT' as NLP_TAG("WGHT") */
  const uint8_t *p;
  size_t n;
} nlp_section;

#define NLP_TAG(s)                                                   \
  ((uint32_t)(uint8_t)(s)[0] | (uint32_t)(uint8_t)(s)[1] << 8 |      \
   (uint32_t)(uint8_t)(s)[2] << 16 | (uint32_t)(uint8_t)(s)[3] << 24)

typedef struct nlp_model {
  const char *path;
  uint32_t version; /* format version of the file */
  void *map; /* mmap'd file (or malloc'd copy when read_only_copy) */
  size_t size;
  bool mapped;
  nlp_section sec[NLP_MAX_SECTIONS];
  size_t n_sec;
  void *owned[16]; /* arrays made at load: swapped copies (big-endian
                      hosts), fingerprint bytes, dense rows of version 3 */
  size_t n_owned;
} nlp_model;

/* Opens and checks a model file of the given kind ("tagger", "parser"):
 * magic, version, kind, size and checksum, section table. Returns DL_OK,
 * DL_IO, DL_CORRUPT or DL_NOMEM (with a message in err). */
int nlp_model_open(const char *path, const char *kind, nlp_model *m,
                   dl_err *err);
/* The section with this tag, or NULL. */
const nlp_section *nlp_model_section(const nlp_model *m, uint32_t tag);
void nlp_model_close(nlp_model *m);

/* Writes a model file from sections (payloads in bufs). DL_OK or DL_IO. */
int nlp_model_write(const char *path, const char *kind, const uint32_t *tags,
                    const nlp_buf *bufs, size_t n, dl_err *err);

/* Checksum used by model files (64-bit, word-wise). */
uint64_t nlp_checksum(const uint8_t *p, size_t n);

/* ------------------------------------------------------------ weights */

/* One class weight of a feature while training: current weight, running
 * total for the average, and the update time of the total. */
typedef struct nlp_went {
  float w;
  uint16_t cls;
  uint32_t ts;
  double tot;
} nlp_went;

typedef struct nlp_wrow {
  uint64_t key; /* 0 = empty slot */
  nlp_went *e;
  uint32_t n, cap;
} nlp_wrow;

/* Weights under training: an open-addressing table of feature rows. */
typedef struct nlp_wtrain {
  nlp_wrow *rows;
  size_t cap, used; /* cap is a power of two */
  uint32_t n_classes;
  uint32_t now; /* training instances seen (the averaging clock) */
  float prune;  /* saving drops averaged weights smaller than this */
  bool oom;
} nlp_wtrain;

int nlp_wtrain_init(nlp_wtrain *w, uint32_t n_classes);
void nlp_wtrain_free(nlp_wtrain *w);
/* Adds the scores of the features to scores[n_classes] (not cleared):
 * current weights, or averaged ones (scaled by `now`) when avg. */
void nlp_wtrain_score(const nlp_wtrain *w, const uint64_t *f, size_t nf,
                      double *scores, bool avg);
/* Perceptron update: +1 for class good, -1 for class bad on features f.
 * Call nlp_wtrain_tick() once per training instance. */
void nlp_wtrain_update(nlp_wtrain *w, const uint64_t *f, size_t nf,
                       uint32_t good, uint32_t bad);
void nlp_wtrain_tick(nlp_wtrain *w);
/* Adds delta to class cls on features f (structured updates). */
void nlp_wtrain_add(nlp_wtrain *w, const uint64_t *f, size_t nf, uint32_t cls,
                    float delta);
/* Serialises the averaged weights, quantised to int16, into a weights
 * section; entries whose quantised value is 0 are dropped. */
void nlp_wtrain_save(const nlp_wtrain *w, nlp_buf *out);

/* Trained weights read from a model. Slot i is four u16: h, then a 48-bit
 * payload P. h = fingerprint (15 bits of the key, never 0) << 1 | inline;
 * h = 0 marks an empty slot. An inline slot holds the feature's one or two
 * class weights in P: two 24-bit (class | int16 weight << 8) halves, class
 * 255 for none. Any other slot is P = start | count << 32: count > 0 is a
 * run of `count` entries from `start` (an entry being class << 16 | uint16
 * weight), count = 0 the dense row number `start`: int16 weights of every
 * class, `stride` apart (a feature with many class weights, added with
 * vector instructions). A key's home slot is (low 32 bits of key) *
 * n_slots >> 32, then linear probing. */
typedef struct nlp_weights {
  const uint16_t *slots;
  const uint8_t *fp8; /* per slot: high byte of h | 1, 0 = empty; built at
                         load: one byte a slot, so the probes of absent
                         keys (most of them) stay in cache */
  const uint32_t *entries;
  const int16_t *dense; /* n_dense rows of stride int16 (zero padded) */
  uint32_t n_slots;
  uint32_t n_entries;
  uint32_t n_dense;
  uint32_t stride;    /* n_classes rounded up to a multiple of 8 */
  uint32_t n_classes;
  float scale; /* real weight = int16 * scale */
  bool avx2;   /* add dense rows with nlp_add_dense_avx2 (set at load when
                  the CPU has AVX2 and rows are 104 classes wide) */
} nlp_weights;

/* Adds nd dense rows of 104 int16 weights to scores[104] with AVX2: the
 * 13 partial sums of eight classes stay in registers across all the rows.
 * Only called when the CPU has AVX2 (nlp_weights.avx2). */
void nlp_add_dense_avx2(const int16_t *const *rows, size_t nd,
                        int32_t *scores);

/* A row is stored dense when it keeps at least this many class weights. */
#define NLP_DENSE_MIN 16u

/* Reads and validates a weights section. DL_OK or DL_CORRUPT. */
int nlp_weights_load(nlp_weights *w, nlp_model *m, const nlp_section *s,
                     dl_err *err);

/* The fingerprint of a key as it sits in h (flag bit clear). */
static inline uint16_t nlp_fp_of(uint64_t key) {
  return (uint16_t)((((key >> 49) | 1u) << 1) & 0xffffu);
}

/* The home slot of a key in a table of n slots. */
static inline uint32_t nlp_slot_of(uint64_t key, uint32_t n) {
  return (uint32_t)(((key & 0xffffffffULL) * n) >> 32);
}

/* The scoring loops, marked so that the compiler keeps them together in
 * .text.hot: where they fall in the binary otherwise moves with unrelated
 * changes and was measured to cost up to 7% (bench/notes-pipeline.md). */
#if defined(__GNUC__)
#define NLP_HOT __attribute__((hot))
#else
#define NLP_HOT
#endif

#if defined(__GNUC__)
#define NLP_PREFETCH(p) __builtin_prefetch(p)
#define NLP_RARE(x) __builtin_expect(!!(x), 0)
#else
#define NLP_PREFETCH(p) ((void)(p))
#define NLP_RARE(x) (x)
#endif

/* Adds one packed inline weight (class | int16 << 8) to scores. */
static inline void nlp_add_inline(uint32_t e, int32_t *scores) {
  if ((e & 0xffu) != 0xffu)
    scores[e & 0xffu] += (int16_t)(uint16_t)((e >> 8) & 0xffffu);
}

/* Adds a dense row of n int16 weights to scores[n]: eight classes at a
 * time with SSE2 (sign-extended to int32), the rest one by one. */
static inline void nlp_add_dense(const int16_t *row, uint32_t n,
                                 int32_t *scores) {
  uint32_t c = 0;
#if defined(__SSE2__)
  for (; c + 8 <= n; c += 8) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(row + c));
    __m128i lo = _mm_srai_epi32(_mm_unpacklo_epi16(v, v), 16);
    __m128i hi = _mm_srai_epi32(_mm_unpackhi_epi16(v, v), 16);
    __m128i *s = (__m128i *)(void *)(scores + c);
    _mm_storeu_si128(s, _mm_add_epi32(_mm_loadu_si128(s), lo));
    _mm_storeu_si128(s + 1, _mm_add_epi32(_mm_loadu_si128(s + 1), hi));
  }
#endif
  for (; c < n; c++) scores[c] += row[c];
}

/* Bytes after the last fingerprint byte: a copy of the first ones, so
 * that 16 bytes can be read from any home slot without wrapping. */
#define NLP_FP8_PAD 16u

/* The candidate slot of key among the 16 from its home slot i: the first
 * whose fingerprint byte is f8 before the first empty one. Returns the
 * slot, UINT32_MAX when the key is absent, or UINT32_MAX - 1 when all
 * 16 are taken (rare: the caller probes on one by one). No branch on the
 * bytes, which are unpredictable (about half the keys are absent). */
static inline uint32_t nlp_probe16(const nlp_weights *w, uint32_t i,
                                   uint8_t f8) {
#if defined(__SSE2__)
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(w->fp8 + i));
  unsigned eq = (unsigned)_mm_movemask_epi8(
      _mm_cmpeq_epi8(v, _mm_set1_epi8((char)f8)));
  unsigned zr = (unsigned)_mm_movemask_epi8(
      _mm_cmpeq_epi8(v, _mm_setzero_si128()));
  if (NLP_RARE(zr == 0)) return UINT32_MAX - 1;
  unsigned c = eq & ((zr & (0u - zr)) - 1u); /* matches before the gap */
  uint32_t j = i + (uint32_t)__builtin_ctz(c | 0x10000u);
  if (j >= w->n_slots) j %= w->n_slots; /* past the end: the pad bytes */
  return c ? j : UINT32_MAX;
#else
  for (uint32_t probe = 0; probe < 16; probe++) {
    uint8_t f = w->fp8[i];
    if (f == 0) return UINT32_MAX;
    if (f == f8) return i;
    if (++i == w->n_slots) i = 0;
  }
  return UINT32_MAX - 1;
#endif
}

/* Adds the weights of nf keys (nf <= 128) to scores[n_classes]. The
 * lookups go in passes so that the cache misses of the different features
 * overlap instead of queueing: prefetch the keys' home bytes in fp8; probe
 * fp8 (absent keys end here), keep the candidates and prefetch their
 * slots; check the fingerprints, add inline weights and prefetch the
 * other rows; add those rows up (dense ones with vector adds). The first
 * two passes do not branch on what they find. */
static inline void nlp_weights_score(const nlp_weights *w, const uint64_t *keys,
                                     size_t nf, int32_t *scores) {
  uint32_t home[128], cand[128], start[128], count[128];
  uint8_t ck[128];
  const int16_t *drow[128];
  size_t nd = 0, nc = 0, nr = 0;
  if (nf > 128) nf = 128;
  for (size_t k = 0; k < nf; k++) {
    home[k] = nlp_slot_of(keys[k] ? keys[k] : 1, w->n_slots);
    NLP_PREFETCH(&w->fp8[home[k]]);
  }
  for (size_t k = 0; k < nf; k++) {
    uint64_t key = keys[k] ? keys[k] : 1; /* 0 marks empty rows in training */
    uint8_t f8 = (uint8_t)((nlp_fp_of(key) >> 8) | 1u);
    uint32_t i = nlp_probe16(w, home[k], f8);
    if (NLP_RARE(i == UINT32_MAX - 1)) { /* a long run */
      i = home[k];
      for (uint32_t probe = 0; probe < w->n_slots; probe++) {
        uint8_t f = w->fp8[i];
        if (f == 0 || f == f8) break;
        if (++i == w->n_slots) i = 0;
      }
      if (w->fp8[i] != f8) i = UINT32_MAX;
    }
    NLP_PREFETCH(&w->slots[4 * (size_t)(i == UINT32_MAX ? 0 : i)]);
    cand[nc] = i;
    ck[nc] = (uint8_t)k;
    nc += i != UINT32_MAX;
  }
  for (size_t j = 0; j < nc; j++) {
    uint32_t i = cand[j];
    uint64_t key = keys[ck[j]] ? keys[ck[j]] : 1;
    uint16_t fp = nlp_fp_of(key);
    uint8_t f8 = (uint8_t)((fp >> 8) | 1u);
    /* usually the candidate is the key; else probe on (1 in 128) */
    for (uint32_t probe = 0; probe < w->n_slots; probe++) {
      uint8_t f = w->fp8[i];
      if (f == 0) break;
      const uint16_t *sl = &w->slots[4 * (size_t)i];
      if (f == f8 && (sl[0] & 0xfffeu) == fp) {
        uint64_t P = (uint64_t)sl[1] | (uint64_t)sl[2] << 16 |
                     (uint64_t)sl[3] << 32;
        if (sl[0] & 1u) {
          nlp_add_inline((uint32_t)(P & 0xffffffu), scores);
          nlp_add_inline((uint32_t)(P >> 24), scores);
        } else if ((P >> 32) == 0) {
          const int16_t *r = w->dense + (size_t)(uint32_t)P * w->stride;
          for (uint32_t b = 0; b < w->stride; b += 32) NLP_PREFETCH(r + b);
          drow[nd++] = r;
        } else {
          start[nr] = (uint32_t)P;
          count[nr++] = (uint32_t)(P >> 32);
          NLP_PREFETCH(w->entries + (uint32_t)P);
        }
        break;
      }
      if (++i == w->n_slots) i = 0;
    }
  }
  for (size_t k = 0; k < nr; k++) {
    const uint32_t *e = w->entries + start[k];
    for (uint32_t j = 0; j < count[k]; j++)
      scores[e[j] >> 16] += (int16_t)(uint16_t)(e[j] & 0xffffu);
  }
  if (w->avx2)
    nlp_add_dense_avx2(drow, nd, scores);
  else
    for (size_t k = 0; k < nd; k++) nlp_add_dense(drow[k], w->n_classes, scores);
}

/* A little-endian u64 at p. */
static inline uint64_t nlp_rd64(const uint8_t *p) {
  uint64_t v = 0;
  for (int k = 7; k >= 0; k--) v = v << 8 | p[k];
  return v;
}

/* A hash index over a sorted key table of a model: key -> value in one
 * memory access (a 16-byte slot: key, value), where bisecting the table
 * costs three or four cache misses. The lemmatizer and the tag dictionary
 * look up several keys per word, most of them absent (unknown words), so
 * this is what they use at run time; the sorted tables stay the file
 * format. Open addressing, at most half full. */
typedef struct nlp_kindex {
  uint64_t *kv;   /* 2 * (mask + 1) words: key, value; key 0 = empty */
  uint32_t mask;
  bool has_zero;  /* key 0 itself, kept aside */
  uint64_t zero_val;
} nlp_kindex;

/* Indexes a sorted table as a model file stores it: n little-endian u64
 * keys, then n values of `width` bytes (1, 4 or 8). DL_OK or DL_NOMEM. */
int nlp_kindex_build(nlp_kindex *ix, const uint8_t *tab, uint32_t n, int width);
void nlp_kindex_free(nlp_kindex *ix);

/* Sets *val and returns true when key is in the index. */
static inline bool nlp_kindex_get(const nlp_kindex *ix, uint64_t key, uint64_t *val) {
  if (key == 0) {
    *val = ix->zero_val;
    return ix->has_zero;
  }
  if (!ix->kv) return false;
  uint32_t i = (uint32_t)(key ^ (key >> 32)) & ix->mask;
  for (;;) {
    uint64_t k = ix->kv[2 * (size_t)i];
    if (k == key) {
      *val = ix->kv[2 * (size_t)i + 1];
      return true;
    }
    if (k == 0) return false;
    i = (i + 1) & ix->mask;
  }
}

/* ------------------------------------------------------------- corpus */

/* One syntactic word of a CoNLL-U sentence. head is 1-based in the
 * sentence, 0 for the root, -1 when absent. [start, end) is the word's byte
 * span in the sentence's text (end = 0 when unknown). */
typedef struct nlp_word {
  const char *form; /* normalised like the text stage: ASCII quotes */
  const char *lemma;
  uint8_t upos, xpos, deprel;
  int32_t head;
  uint32_t start, end;
} nlp_word;

typedef struct nlp_sent {
  nlp_word *w;
  uint32_t n;
  const char *text; /* the '# text' line, or NULL */
  uint32_t line;    /* first line in the file */
} nlp_sent;

typedef struct nlp_corpus {
  dl_arena arena;
  nlp_sent *s;
  size_t n, cap;
  size_t n_words;
} nlp_corpus;

/* Reads a CoNLL-U file (multiword ranges and empty nodes skipped, word
 * spans found in the '# text' lines). Returns DL_OK, DL_IO, DL_ERROR (a
 * malformed line, named in err) or DL_NOMEM. Free with nlp_corpus_free. */
int nlp_corpus_read(const char *path, nlp_corpus *c, dl_err *err);
int nlp_corpus_parse(const char *name, const char *buf, size_t len,
                     nlp_corpus *c, dl_err *err);
void nlp_corpus_free(nlp_corpus *c);

/* Copies s with curly quotes and apostrophes made ASCII, as the text stage
 * does for token forms. out must hold n + 1 bytes; returns the length. */
size_t nlp_normalise_form(const char *s, size_t n, char *out);

/* -------------------------------------------------------------- models */

typedef struct nlp_train_opts {
  int iters;     /* passes over the training data */
  uint64_t seed; /* shuffling and exploration */
  FILE *log;     /* per-iteration scores, or NULL */
  const struct nlp_tagger *tagger; /* parser: tag dev with it */
  int jackknife;   /* parser: train on tags predicted by taggers trained
                      on the other k-1 folds (0: gold tags) */
  int tagger_iters; /* iterations of those taggers */
  bool no_prune;    /* keep every weight (tiny training sets) */
  const char *tags_cache; /* parser: file of the jackknifed tags, read when
                             it matches the corpus and options, else made
                             and written (saves minutes per experiment);
                             NULL = none */
  int beam;         /* parser: beam width (<= 1: greedy, the default) */
} nlp_train_opts;

/* Per-sentence inputs precomputed once per token. */
typedef struct nlp_tokfeat {
  uint64_t word, lower, pre[4], suf[4], shape, flags;
  uint64_t amb; /* ambiguity class of the word (tagger), 0 when rare */
  float margin; /* first-pass score of the best class over the second */
} nlp_tokfeat;

typedef struct nlp_tagger nlp_tagger;
typedef struct nlp_lemmatizer nlp_lemmatizer;
typedef struct nlp_parser nlp_parser;

/* Tagger + lemmatizer (one file). */
int nlp_tagger_load(const char *path, nlp_tagger **out, dl_err *err);
void nlp_tagger_free(nlp_tagger *t);
/* Tags n words: forms[i] -> xpos[i], upos[i]. tf is scratch of n. */
void nlp_tagger_tag(const nlp_tagger *t, const char *const *forms, size_t n,
                    nlp_tokfeat *tf, uint8_t *xpos, uint8_t *upos);
/* The lemma of form with tag xpos, written to out (cap bytes); returns its
 * length (truncated to cap - 1). */
size_t nlp_tagger_lemma(const nlp_tagger *t, const char *form, uint8_t xpos,
                        char *out, size_t cap);
int nlp_tagger_train(const nlp_corpus *train, const nlp_corpus *dev,
                     const nlp_train_opts *o, const char *out_path,
                     dl_err *err);

/* Lemmatizer tables, part of the tagger model. */
int nlp_lemma_learn(const nlp_corpus *train, nlp_buf *scripts, nlp_buf *exc,
                    nlp_buf *rules);
int nlp_lemma_load(nlp_lemmatizer **out, nlp_model *m, dl_err *err);
void nlp_lemma_free(nlp_lemmatizer *l);
size_t nlp_lemma_apply(const nlp_lemmatizer *l, const char *form, uint8_t xpos,
                       char *out, size_t cap);

/* Parser. heads[i] is 0-based in the sentence, -1 for root. */
int nlp_parser_load(const char *path, nlp_parser **out, dl_err *err);
void nlp_parser_free(nlp_parser *p);
/* Parses with a beam of width k (1..64; 1 = greedy) from now on, whatever
 * width the model was trained with (experiments; not thread-safe). */
void nlp_parser_set_beam(nlp_parser *p, uint32_t k);
/* Scratch bytes the parser needs for a sentence of n words. */
size_t nlp_parser_scratch(size_t n);
/* Parses n words with tags xpos and upos; returns the number of transitions. */
size_t nlp_parser_parse(const nlp_parser *p, const char *const *forms,
                        const uint8_t *xpos, const uint8_t *upos, size_t n,
                        void *scratch,
                        int32_t *heads, uint8_t *deprels);
int nlp_parser_train(const nlp_corpus *train, const nlp_corpus *dev,
                     const nlp_train_opts *o, const char *out_path,
                     dl_err *err);

/* The tagger and parser inside a dl_nlp (for evaluation). */
struct dl_nlp {
  nlp_tagger *tagger;
  nlp_parser *parser;
};

/* ---------------------------------------------------------------- eval */

typedef struct nlp_scores {
  size_t words;                       /* gold words */
  size_t upos, xpos, lemma, uas, las; /* correct counts; las as CoNLL 2018:
                                         universal relation, no subtype */
  size_t las_full;                    /* relation with its subtype */
} nlp_scores;

/* Whether two relations agree on their universal part ("obl:tmod" and
 * "obl" do). */
bool nlp_same_main_rel(int a, int b);

/* Tags and parses every sentence of c with the gold tokenization (a fresh
 * dl_doc per sentence, through dl_nlp_run) and counts correct words; when
 * out is not NULL, writes the predictions there as CoNLL-U. */
int nlp_eval_gold(const dl_nlp *nlp, const nlp_corpus *c, nlp_scores *sc,
                  FILE *out, dl_err *err);

#endif
