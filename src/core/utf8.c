/*
 * utf8.c -- UTF-8 decoding, encoding and the cleaning pass every body goes
 * through.
 *
 * dl_utf8_clean() copies ASCII runs straight through and decodes the rest
 * one code point at a time, with a strict decoder (no overlongs, no
 * surrogates, nothing above U+10FFFF). Each invalid sequence becomes one
 * U+FFFD; the caller learns how many there were so it can warn once.
 */
#include <string.h>

#include "core/core.h"

int32_t dl_utf8_decode(const unsigned char *s, size_t len, size_t *n) {
  *n = 1;
  if (len == 0) return -1;
  unsigned c = s[0];
  if (c < 0x80) return (int32_t)c;
  size_t need;
  int32_t cp, min;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2; cp = c & 0x1F; min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3; cp = c & 0x0F; min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4; cp = c & 0x07; min = 0x10000;
  } else {
    return -1;
  }
  if (len < need) return -1;
  for (size_t i = 1; i < need; i++) {
    if ((s[i] & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  *n = need;
  return cp;
}

size_t dl_utf8_encode(int32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* What the cleaner does with a non-ASCII code point. */
static int clean_class(int32_t cp) {
  enum { KEEP, SPACE, DROP, NEWLINE };
  if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
      cp == 0x205F || cp == 0x3000 || cp == 0x1680)
    return SPACE;
  if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 ||
      cp == 0xFEFF || cp == 0xAD || (cp >= 0x80 && cp <= 0x9F) ||
      cp == 0x200E || cp == 0x200F)
    return DROP;
  if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) return NEWLINE;
  return KEEP;
}

size_t dl_utf8_clean(const char *in, size_t len, char *out, size_t *n_invalid,
                     size_t *first_line) {
  const unsigned char *s = (const unsigned char *)in;
  size_t i = 0, o = 0, bad = 0, line = 1;
  *first_line = 0;
  while (i < len) {
    unsigned c = s[i];
    if (c >= 0x20 && c < 0x7F) {
      /* ASCII run */
      size_t j = i + 1;
      while (j < len && s[j] >= 0x20 && s[j] < 0x7F) j++;
      memcpy(out + o, in + i, j - i);
      o += j - i;
      i = j;
      continue;
    }
    if (c < 0x80) {
      if (c == '\n') {
        out[o++] = '\n';
        line++;
      } else if (c == '\r') {
        out[o++] = '\n';
        line++;
        if (i + 1 < len && s[i + 1] == '\n') i++;
      } else if (c == '\t' || c == '\v' || c == '\f') {
        out[o++] = c == '\t' ? '\t' : ' ';
      } /* other C0 controls and DEL are dropped */
      i++;
      continue;
    }
    size_t n;
    int32_t cp = dl_utf8_decode(s + i, len - i, &n);
    if (cp < 0) {
      if (!bad) *first_line = line;
      bad++;
      o += dl_utf8_encode(0xFFFD, out + o);
      i += n;
      continue;
    }
    switch (clean_class(cp)) {
    case 1: out[o++] = ' '; break;
    case 2: break;
    case 3: out[o++] = '\n'; line++; break;
    default: memcpy(out + o, in + i, n); o += n; break;
    }
    i += n;
  }
  *n_invalid = bad;
  return o;
}

bool dl_looks_binary(const char *buf, size_t len) {
  size_t n = len < 8192 ? len : 8192, ctl = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)buf[i];
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ctl++;
  }
  return n > 0 && ctl * 10 > n; /* over a tenth control bytes */
}
