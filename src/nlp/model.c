/*
 * model.c -- the model file container: byte buffers for writing, a
 * bounds-checked cursor for reading, and the file layout shared by the
 * tagger and the parser.
 *
 * Layout (all integers little-endian):
 *
 *   off  size
 *     0     8  magic "DLNLPMOD"
 *     8     4  format version (NLP_MODEL_VERSION)
 *    12     4  number of sections S (<= NLP_MAX_SECTIONS)
 *    16    16  kind, NUL-padded: "tagger" or "parser"
 *    32     8  file size in bytes
 *    40     8  checksum of bytes [56, file size)
 *    48     8  reserved, 0
 *    56  24*S  section table: u32 tag, u32 0, u64 offset, u64 length
 *     .     .  section payloads, each at an offset that is a multiple of 16
 *
 * The file is mapped read-only and the arrays inside the sections (weight
 * slots and entries, sorted keys) are used in place, so loading costs one
 * pass for the checksum plus the validation of each section. Every offset
 * and length is checked against the file size before use; any fault is
 * DL_CORRUPT with a message naming the file, never a crash.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nlp/nlp_int.h"

#define HEADER_SIZE 56u
#define SECTION_ENTRY 24u
static const char model_magic[8] = {'D', 'L', 'N', 'L', 'P', 'M', 'O', 'D'};

/* ------------------------------------------------------------ buffers */

void nlp_buf_put(nlp_buf *b, const void *p, size_t n) {
  if (b->oom || n == 0) return;
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n) cap *= 2;
    uint8_t *q = realloc(b->p, cap);
    if (!q) {
      b->oom = true;
      return;
    }
    b->p = q;
    b->cap = cap;
  }
  memcpy(b->p + b->n, p, n);
  b->n += n;
}

void nlp_buf_u8(nlp_buf *b, uint8_t v) { nlp_buf_put(b, &v, 1); }

void nlp_buf_u32(nlp_buf *b, uint32_t v) {
  uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                  (uint8_t)(v >> 24)};
  nlp_buf_put(b, x, 4);
}

void nlp_buf_u64(nlp_buf *b, uint64_t v) {
  nlp_buf_u32(b, (uint32_t)v);
  nlp_buf_u32(b, (uint32_t)(v >> 32));
}

void nlp_buf_str(nlp_buf *b, const char *s) {
  size_t n = strlen(s);
  if (n > 255) n = 255;
  nlp_buf_u8(b, (uint8_t)n);
  nlp_buf_put(b, s, n);
}

void nlp_buf_align(nlp_buf *b, size_t a) {
  static const uint8_t zero[16];
  while (b->n % a && !b->oom) nlp_buf_put(b, zero, 1);
  (void)zero;
}

void nlp_buf_free(nlp_buf *b) {
  free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
}

/* ------------------------------------------------------------- cursor */

const uint8_t *nlp_cur_bytes(nlp_cur *c, size_t n) {
  if (c->bad || n > c->n - c->off) {
    c->bad = true;
    return NULL;
  }
  const uint8_t *p = c->p + c->off;
  c->off += n;
  return p;
}

uint8_t nlp_cur_u8(nlp_cur *c) {
  const uint8_t *p = nlp_cur_bytes(c, 1);
  return p ? p[0] : 0;
}

uint32_t nlp_cur_u32(nlp_cur *c) {
  const uint8_t *p = nlp_cur_bytes(c, 4);
  if (!p) return 0;
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

uint64_t nlp_cur_u64(nlp_cur *c) {
  uint64_t lo = nlp_cur_u32(c);
  return lo | (uint64_t)nlp_cur_u32(c) << 32;
}

bool nlp_cur_str(nlp_cur *c, char *out) {
  size_t n = nlp_cur_u8(c);
  const uint8_t *p = nlp_cur_bytes(c, n);
  if (!p) {
    out[0] = '\0';
    return false;
  }
  memcpy(out, p, n);
  out[n] = '\0';
  return true;
}

void nlp_cur_align(nlp_cur *c, size_t a) {
  size_t pad = (a - c->off % a) % a;
  nlp_cur_bytes(c, pad);
}

bool nlp_host_le(void) {
  const uint32_t one = 1;
  uint8_t b;
  memcpy(&b, &one, 1);
  return b == 1;
}

/* ----------------------------------------------------------- checksum */

/* A 64-bit multiply-rotate hash over 8-byte little-endian words, then the
 * tail bytes. Catches truncation and bit flips; not cryptographic. */
uint64_t nlp_checksum(const uint8_t *p, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = 0;
    for (int k = 7; k >= 0; k--) w = w << 8 | p[i + (size_t)k];
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
    h = (h << 29) | (h >> 35);
  }
  for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
  return nlp_mix(h);
}

/* ------------------------------------------------------------ writing */

/* Lays the file out in memory (header, section table, 16-aligned
 * payloads), patches in the size and checksum, then writes it in one go;
 * a failed write or close is DL_IO. */
int nlp_model_write(const char *path, const char *kind, const uint32_t *tags,
                    const nlp_buf *bufs, size_t n, dl_err *err) {
  if (n > NLP_MAX_SECTIONS || strlen(kind) > 15)
    return dl_err_set(err, DL_MISUSE, "%s: bad model layout", path);
  nlp_buf f = {0};
  uint8_t kbuf[16] = {0};
  memcpy(kbuf, kind, strlen(kind));
  nlp_buf_put(&f, model_magic, 8);
  nlp_buf_u32(&f, NLP_MODEL_VERSION);
  nlp_buf_u32(&f, (uint32_t)n);
  nlp_buf_put(&f, kbuf, 16);
  nlp_buf_u64(&f, 0); /* size, patched below */
  nlp_buf_u64(&f, 0); /* checksum, patched below */
  nlp_buf_u64(&f, 0);
  uint64_t off = HEADER_SIZE + SECTION_ENTRY * n;
  off = (off + 15) & ~(uint64_t)15;
  for (size_t i = 0; i < n; i++) {
    nlp_buf_u32(&f, tags[i]);
    nlp_buf_u32(&f, 0);
    nlp_buf_u64(&f, off);
    nlp_buf_u64(&f, bufs[i].n);
    off = (off + bufs[i].n + 15) & ~(uint64_t)15;
  }
  for (size_t i = 0; i < n; i++) {
    nlp_buf_align(&f, 16);
    nlp_buf_put(&f, bufs[i].p, bufs[i].n);
  }
  nlp_buf_align(&f, 16);
  if (f.oom) {
    nlp_buf_free(&f);
    return dl_err_set(err, DL_NOMEM, "%s: out of memory", path);
  }
  /* patch size and checksum */
  nlp_buf tmp = {0};
  nlp_buf_u64(&tmp, f.n);
  nlp_buf_u64(&tmp, nlp_checksum(f.p + HEADER_SIZE, f.n - HEADER_SIZE));
  if (tmp.oom) {
    nlp_buf_free(&f);
    return dl_err_set(err, DL_NOMEM, "%s: out of memory", path);
  }
  memcpy(f.p + 32, tmp.p, 16);
  nlp_buf_free(&tmp);

  int rc = DL_OK;
  FILE *fp = fopen(path, "wb");
  if (!fp) {
    rc = dl_err_set(err, DL_IO, "%s: %s", path, strerror(errno));
  } else {
    size_t w = fwrite(f.p, 1, f.n, fp);
    if (fclose(fp) != 0 || w != f.n)
      rc = dl_err_set(err, DL_IO, "%s: write failed", path);
  }
  nlp_buf_free(&f);
  return rc;
}

/* ------------------------------------------------------------ reading */

/* Maps (or reads) the whole file. */
static int map_file(const char *path, nlp_model *m, dl_err *err) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return dl_err_set(err, DL_IO, "%s: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return dl_err_set(err, DL_IO, "%s: not a regular file", path);
  }
  m->size = (size_t)st.st_size;
  if (m->size < HEADER_SIZE) {
    close(fd);
    return dl_err_set(err, DL_CORRUPT,
                      "%s: truncated model file (%zu bytes)", path, m->size);
  }
  void *p = mmap(NULL, m->size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p != MAP_FAILED) {
    m->map = p;
    m->mapped = true;
    close(fd);
    return DL_OK;
  }
  /* no mmap (odd file systems): read it */
  uint8_t *buf = malloc(m->size);
  if (!buf) {
    close(fd);
    return dl_err_set(err, DL_NOMEM, "%s: out of memory", path);
  }
  size_t got = 0;
  while (got < m->size) {
    ssize_t r = read(fd, buf + got, m->size - got);
    if (r <= 0) {
      free(buf);
      close(fd);
      return dl_err_set(err, DL_IO, "%s: read failed", path);
    }
    got += (size_t)r;
  }
  close(fd);
  m->map = buf;
  m->mapped = false;
  return DL_OK;
}

/* Checks, in order: magic, version, kind, recorded size against the real
 * one (truncation), checksum (damage), then each section's bounds. The
 * sections' contents are checked by their readers. */
int nlp_model_open(const char *path, const char *kind, nlp_model *m,
                   dl_err *err) {
  memset(m, 0, sizeof *m);
  m->path = path;
  int rc = map_file(path, m, err);
  if (rc != DL_OK) return rc;
  const uint8_t *p = m->map;
  nlp_cur c = {p, m->size, 0, false};
  const uint8_t *magic = nlp_cur_bytes(&c, 8);
  if (!magic || memcmp(magic, model_magic, 8) != 0) {
    rc = dl_err_set(err, DL_CORRUPT, "%s: not a dateline model (bad magic)",
                    path);
    goto fail;
  }
  uint32_t version = nlp_cur_u32(&c);
  if (version < NLP_MODEL_VERSION_MIN || version > NLP_MODEL_VERSION) {
    rc = dl_err_set(err, DL_CORRUPT,
                    "%s: model format version %u, this build reads %u to %u",
                    path, version, NLP_MODEL_VERSION_MIN, NLP_MODEL_VERSION);
    goto fail;
  }
  m->version = version;
  uint32_t n_sec = nlp_cur_u32(&c);
  const uint8_t *k = nlp_cur_bytes(&c, 16);
  char kbuf[17] = {0};
  if (k) memcpy(kbuf, k, 16);
  if (strcmp(kbuf, kind) != 0) {
    rc = dl_err_set(err, DL_CORRUPT, "%s: a '%.16s' model, expected '%s'",
                    path, kbuf, kind);
    goto fail;
  }
  uint64_t fsize = nlp_cur_u64(&c);
  uint64_t sum = nlp_cur_u64(&c);
  (void)nlp_cur_u64(&c);
  if (fsize != m->size) {
    rc = dl_err_set(err, DL_CORRUPT,
                    "%s: truncated or padded model file (%zu bytes, header "
                    "says %llu)",
                    path, m->size, (unsigned long long)fsize);
    goto fail;
  }
  if (nlp_checksum(p + HEADER_SIZE, m->size - HEADER_SIZE) != sum) {
    rc = dl_err_set(err, DL_CORRUPT, "%s: checksum mismatch (damaged file)",
                    path);
    goto fail;
  }
  if (n_sec > NLP_MAX_SECTIONS) {
    rc = dl_err_set(err, DL_CORRUPT, "%s: %u sections (at most %d)", path,
                    n_sec, NLP_MAX_SECTIONS);
    goto fail;
  }
  for (uint32_t i = 0; i < n_sec; i++) {
    uint32_t tag = nlp_cur_u32(&c);
    (void)nlp_cur_u32(&c);
    uint64_t off = nlp_cur_u64(&c), len = nlp_cur_u64(&c);
    if (c.bad || off % 16 || off > m->size || len > m->size - off) {
      rc = dl_err_set(err, DL_CORRUPT, "%s: section %u out of bounds", path,
                      i);
      goto fail;
    }
    m->sec[i] = (nlp_section){tag, p + off, (size_t)len};
  }
  m->n_sec = n_sec;
  return DL_OK;
fail:
  nlp_model_close(m);
  return rc;
}

const nlp_section *nlp_model_section(const nlp_model *m, uint32_t tag) {
  for (size_t i = 0; i < m->n_sec; i++)
    if (m->sec[i].tag == tag) return &m->sec[i];
  return NULL;
}

void nlp_model_close(nlp_model *m) {
  if (!m) return;
  if (m->map) {
    if (m->mapped)
      munmap(m->map, m->size);
    else
      free(m->map);
  }
  for (size_t i = 0; i < m->n_owned; i++) free(m->owned[i]);
  memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------ key index */

int nlp_kindex_build(nlp_kindex *ix, const uint8_t *tab, uint32_t n, int width) {
  memset(ix, 0, sizeof *ix);
  uint32_t cap = 16;
  while (cap < 2 * (uint64_t)n && cap < (1u << 31)) cap *= 2;
  ix->kv = calloc(2 * (size_t)cap, sizeof *ix->kv);
  if (!ix->kv) return DL_NOMEM;
  ix->mask = cap - 1;
  const uint8_t *vals = tab + 8 * (size_t)n;
  for (uint32_t j = 0; j < n; j++) {
    uint64_t key = nlp_rd64(tab + 8 * (size_t)j), val = 0;
    for (int k = width - 1; k >= 0; k--) val = val << 8 | vals[(size_t)width * j + (size_t)k];
    if (key == 0) {
      ix->has_zero = true;
      ix->zero_val = val;
      continue;
    }
    uint32_t i = (uint32_t)(key ^ (key >> 32)) & ix->mask;
    while (ix->kv[2 * (size_t)i] != 0 && ix->kv[2 * (size_t)i] != key) i = (i + 1) & ix->mask;
    ix->kv[2 * (size_t)i] = key;
    ix->kv[2 * (size_t)i + 1] = val;
  }
  return DL_OK;
}

void nlp_kindex_free(nlp_kindex *ix) {
  free(ix->kv);
  memset(ix, 0, sizeof *ix);
}
