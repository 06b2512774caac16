/*
 * harness.h -- a thirty-line unit-test harness.
 *
 * A test file defines static void test_x(void) functions, then
 *   int main(void) { RUN(test_x); ...; return DONE(); }
 * CHECK(cond) records a failure with file and line and goes on;
 * CHECK_STR(a, b) compares two strings (NULL-safe) and prints both.
 * DONE() prints a summary and returns the process status.
 */
#ifndef DL_TEST_HARNESS_H
#define DL_TEST_HARNESS_H
#include <stdio.h>
#include <string.h>

static int h_checks, h_failures;

#define CHECK(cond)                                                        \
  do {                                                                     \
    h_checks++;                                                            \
    if (!(cond)) {                                                         \
      h_failures++;                                                        \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,     \
              #cond);                                                      \
    }                                                                      \
  } while (0)

#define CHECK_STR(a, b)                                                    \
  do {                                                                     \
    const char *h_a = (a), *h_b = (b);                                     \
    h_checks++;                                                            \
    if (!((h_a == NULL && h_b == NULL) ||                                  \
          (h_a && h_b && strcmp(h_a, h_b) == 0))) {                        \
      h_failures++;                                                        \
      fprintf(stderr, "%s:%d: %s\n  got:  %s\n  want: %s\n", __FILE__,     \
              __LINE__, #a, h_a ? h_a : "(null)", h_b ? h_b : "(null)");   \
    }                                                                      \
  } while (0)

/* Writes text to dir/name (test fixtures); silently does nothing when
 * the file cannot be created, which the checks that read it then show. */
static inline void h_write_file(const char *dir, const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *fp = fopen(path, "w");
  if (!fp) return;
  fputs(text, fp);
  fclose(fp);
}

#define RUN(fn) (fprintf(stderr, "-- %s\n", #fn), fn())
#define DONE()                                                             \
  (fprintf(stderr, "%d checks, %d failed\n", h_checks, h_failures),        \
   h_failures ? 1 : 0)
#endif
