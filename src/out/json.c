/*
 * json.c -- the JSON emitter behind the writers.
 *
 * Strings are escaped per RFC 8259: quote, backslash and control
 * characters; everything else (valid UTF-8, guaranteed by the document)
 * passes through. The comma state is one flag: a value sets it, opening a
 * container clears it, closing one sets it again for the parent.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/json.h"

void dl_buf_reset(dl_buf *b) {
  b->n = 0;
  b->comma = false;
  b->oom = false;
}

void dl_buf_free(dl_buf *b) {
  free(b->s);
  b->s = NULL;
  b->n = b->cap = 0;
}

static bool reserve(dl_buf *b, size_t extra) {
  if (b->n + extra + 1 <= b->cap) return true;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->n + extra + 1) cap *= 2;
  char *p = realloc(b->s, cap);
  if (!p) {
    b->oom = true;
    return false;
  }
  b->s = p;
  b->cap = cap;
  return true;
}

void dl_buf_put(dl_buf *b, const char *s, size_t n) {
  if (!reserve(b, n)) return;
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
}

void dl_buf_puts(dl_buf *b, const char *s) { dl_buf_put(b, s, strlen(s)); }

void dl_buf_printf(dl_buf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof tmp) {
    dl_buf_put(b, tmp, (size_t)n);
    return;
  }
  if (!reserve(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->n += (size_t)n;
}

static void sep(dl_buf *b) {
  if (b->comma) dl_buf_put(b, ",", 1);
  b->comma = true;
}

void dl_json_open(dl_buf *b, char c) {
  sep(b);
  dl_buf_put(b, &c, 1);
  b->comma = false;
}

void dl_json_close(dl_buf *b, char c) {
  dl_buf_put(b, &c, 1);
  b->comma = true;
}

static void raw_str(dl_buf *b, const char *s, size_t n) {
  if (!reserve(b, n * 6 + 2)) return;
  char *o = b->s + b->n;
  *o++ = '"';
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      *o++ = '\\';
      *o++ = (char)c;
    } else if (c < 0x20) {
      *o++ = '\\';
      switch (c) {
      case '\n': *o++ = 'n'; break;
      case '\t': *o++ = 't'; break;
      case '\r': *o++ = 'r'; break;
      default: o += sprintf(o, "u%04x", c); break;
      }
    } else {
      *o++ = (char)c;
    }
  }
  *o++ = '"';
  b->n = (size_t)(o - b->s);
  b->s[b->n] = '\0';
}

void dl_json_key(dl_buf *b, const char *key) {
  sep(b);
  raw_str(b, key, strlen(key));
  dl_buf_put(b, ":", 1);
  b->comma = false;
}

void dl_json_str(dl_buf *b, const char *s, size_t n) {
  sep(b);
  if (!s) dl_buf_put(b, "null", 4);
  else raw_str(b, s, n);
}

void dl_json_cstr(dl_buf *b, const char *s) { dl_json_str(b, s, s ? strlen(s) : 0); }

void dl_json_int(dl_buf *b, long long v) {
  sep(b);
  dl_buf_printf(b, "%lld", v);
}

void dl_json_num(dl_buf *b, double v) {
  sep(b);
  dl_buf_printf(b, "%.6g", v);
}

void dl_json_bool(dl_buf *b, bool v) {
  sep(b);
  dl_buf_puts(b, v ? "true" : "false");
}

void dl_json_null(dl_buf *b) {
  sep(b);
  dl_buf_put(b, "null", 4);
}

void dl_tsv_str(dl_buf *b, const char *s, size_t n) {
  if (!s) return;
  if (!reserve(b, n)) return;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    b->s[b->n++] = (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
  }
  b->s[b->n] = '\0';
}
