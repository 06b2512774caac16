/*
 * arena.c -- the per-document bump allocator.
 *
 * Blocks are chained newest-first. A request is served from the head block
 * when it fits; otherwise a new block of max(64 KiB, doubling, request) is
 * pushed. Nothing is freed individually: dl_arena_free() releases the
 * chain. Allocations are zeroed and aligned to max_align_t.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

struct dl_arena_block {
  dl_arena_block *next;
  size_t size, used;
  alignas(max_align_t) unsigned char data[];
};

#define ARENA_MIN_BLOCK ((size_t)64 * 1024)
#define ARENA_ALIGN (alignof(max_align_t))

void dl_arena_init(dl_arena *a) {
  a->head = NULL;
  a->total = 0;
}

void *dl_arena_alloc(dl_arena *a, size_t n) {
  if (n == 0) n = 1;
  if (n > SIZE_MAX / 2) return NULL;
  size_t need = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
  dl_arena_block *b = a->head;
  if (!b || b->size - b->used < need) {
    size_t size = b ? b->size * 2 : ARENA_MIN_BLOCK;
    if (size > (size_t)8 << 20) size = (size_t)8 << 20;
    if (size < need) size = need;
    b = malloc(sizeof *b + size);
    if (!b) return NULL;
    b->next = a->head;
    b->size = size;
    b->used = 0;
    a->head = b;
  }
  void *p = b->data + b->used;
  b->used += need;
  a->total += need;
  memset(p, 0, n);
  return p;
}

void *dl_arena_grow(dl_arena *a, void *old, size_t old_n, size_t new_n,
                    size_t elem) {
  if (elem && new_n > SIZE_MAX / elem) return NULL;
  void *p = dl_arena_alloc(a, new_n * elem);
  if (p && old && old_n) memcpy(p, old, (old_n < new_n ? old_n : new_n) * elem);
  return p;
}

char *dl_arena_strndup(dl_arena *a, const char *s, size_t len) {
  char *p = dl_arena_alloc(a, len + 1);
  if (!p) return NULL;
  if (len) memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

void dl_arena_free(dl_arena *a) {
  dl_arena_block *b = a->head;
  while (b) {
    dl_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->total = 0;
}
