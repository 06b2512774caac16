/*
 * test_core.c -- the arena, UTF-8 cleaning and the document.
 */
#include <stdalign.h>
#include <stddef.h>

#include "core/core.h"
#include "harness.h"

static void test_arena(void) {
  dl_arena a;
  dl_arena_init(&a);
  char *p = dl_arena_alloc(&a, 10);
  CHECK(p && p[0] == 0 && p[9] == 0);
  CHECK(((uintptr_t)p % alignof(max_align_t)) == 0);
  /* larger than a block */
  char *big = dl_arena_alloc(&a, 1 << 20);
  CHECK(big != NULL);
  big[(1 << 20) - 1] = 'x';
  int *arr = dl_arena_grow(&a, NULL, 0, 4, sizeof *arr);
  for (int i = 0; i < 4; i++) arr[i] = i;
  arr = dl_arena_grow(&a, arr, 4, 100, sizeof *arr);
  CHECK(arr[3] == 3 && arr[99] == 0);
  CHECK(dl_arena_alloc(&a, SIZE_MAX) == NULL);
  CHECK_STR(dl_arena_strndup(&a, "abcdef", 3), "abc");
  dl_arena_free(&a);
  dl_arena_free(&a); /* twice is fine */
}

static void test_clean(void) {
  char out[64];
  size_t bad, line;
  /* NBSP and thin space to spaces, zero-width and soft hyphen dropped, CR LF */
  const char in[] = "a\xC2\xA0" "b\xE2\x80\x89" "c\xE2\x80\x8B" "d\xC2\xAD" "e\r\nf\rg";
  size_t n = dl_utf8_clean(in, sizeof in - 1, out, &bad, &line);
  out[n] = 0;
  CHECK_STR(out, "a b cde\nf\ng");
  CHECK(bad == 0);
  /* invalid bytes -> U+FFFD, counted, first line reported */
  const char in2[] = "ok\nbad \xFF\xFE here \xC3";
  n = dl_utf8_clean(in2, sizeof in2 - 1, out, &bad, &line);
  out[n] = 0;
  CHECK_STR(out, "ok\nbad \xEF\xBF\xBD\xEF\xBF\xBD here \xEF\xBF\xBD");
  CHECK(bad == 3 && line == 2);
  /* overlong and surrogate encodings are invalid */
  const char in3[] = "\xC0\xAF\xED\xA0\x80";
  n = dl_utf8_clean(in3, sizeof in3 - 1, out, &bad, &line);
  CHECK(bad >= 2);
  /* control bytes dropped, tab kept */
  const char in4[] = "a\x01\tb\x7F";
  n = dl_utf8_clean(in4, sizeof in4 - 1, out, &bad, &line);
  out[n] = 0;
  CHECK_STR(out, "a\tb");
}

static void test_binary(void) {
  CHECK(dl_looks_binary("ab\0cd", 5));
  CHECK(!dl_looks_binary("plain text\n", 11));
  CHECK(!dl_looks_binary("", 0));
}

static void test_doc(void) {
  dl_doc *d = dl_doc_new();
  CHECK(d != NULL);
  CHECK(dl_doc_set_meta(d, "title", "  A  title\n here ", 17) == DL_OK);
  CHECK_STR(dl_doc_meta(d)->title, "A title here");
  CHECK(dl_doc_set_meta(d, "nonsense", "x", 1) == DL_MISUSE);
  CHECK(dl_doc_set_meta(d, "byline", "   ", 3) == DL_OK);
  CHECK(dl_doc_meta(d)->byline == NULL);
  CHECK(dl_doc_set_body(d, "caf\xC3\xA9 \xFF", 7) == DL_OK);
  size_t n;
  const char *b = dl_doc_body(d, &n);
  CHECK_STR(b, "caf\xC3\xA9 \xEF\xBF\xBD");
  CHECK(dl_doc_warning_count(d) == 1);
  CHECK(strstr(dl_doc_warning(d, 0), "invalid UTF-8") != NULL);
  CHECK(dl_doc_warning(d, 5) == NULL);
  CHECK(dl_doc_set_ref_date(d, "2019-02-21", DL_DATE_GIVEN) == DL_OK);
  CHECK(dl_doc_meta(d)->date_source == DL_DATE_GIVEN);
  dl_doc_free(d);
  dl_doc_free(NULL);
}

static void test_err(void) {
  dl_err e;
  CHECK(dl_err_set(&e, DL_CORRUPT, "%s:%d: bad", "f", 3) == DL_CORRUPT);
  CHECK_STR(e.msg, "f:3: bad");
  CHECK(dl_err_set(NULL, DL_IO, "x") == DL_IO);
  CHECK_STR(dl_status_name(DL_NOMEM), "out of memory");
  CHECK_STR(dl_status_name(99), "unknown status");
}

int main(void) {
  RUN(test_arena);
  RUN(test_clean);
  RUN(test_binary);
  RUN(test_doc);
  RUN(test_err);
  return DONE();
}
