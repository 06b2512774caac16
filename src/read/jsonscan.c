/*
 * jsonscan.c -- a validating scanner for one JSONL record.
 *
 * Crawled news arrives as millions of JSON lines, each an object with a
 * dozen fields of which the reader wants five or six strings. A general
 * JSON library builds a tree of every value and copies every string; that
 * took 38% of reading + tokenizing time (bench/RESULTS.md). This scanner
 * walks the line once, checks it is valid JSON (RFC 8259: structure,
 * numbers, string escapes, UTF-8, no raw control characters, nesting at
 * most 64 deep), and records where each top-level member's value lies;
 * strings are decoded only when the reader asks for them.
 *
 *   s = { "key" : value , ... }      top level must be an object
 *   value = string | number | object | array | true | false | null
 */
#include <string.h>

#include "read/read_internal.h"

#define JS_MAX_DEPTH 64

typedef struct js {
  const char *s;
  size_t n, i;
  const char *err; /* first error, static text */
} js;

static void ws(js *j) {
  while (j->i < j->n) {
    char c = j->s[j->i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    j->i++;
  }
}

static bool fail(js *j, const char *msg) {
  if (!j->err) j->err = msg;
  return false;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Scans a string starting at its opening quote. */
static bool string(js *j) {
  j->i++; /* opening quote */
  while (j->i < j->n) {
    unsigned char c = (unsigned char)j->s[j->i];
    if (c == '"') {
      j->i++;
      return true;
    }
    if (c == '\\') {
      if (j->i + 1 >= j->n) break;
      char e = j->s[j->i + 1];
      if (e == 'u') {
        if (j->i + 6 > j->n) return fail(j, "truncated \\u escape");
        for (int k = 2; k < 6; k++)
          if (hexval(j->s[j->i + (size_t)k]) < 0) return fail(j, "bad \\u escape");
        j->i += 6;
        continue;
      }
      if (!strchr("\"\\/bfnrt", e) || e == '\0') return fail(j, "bad escape in string");
      j->i += 2;
      continue;
    }
    if (c < 0x20) return fail(j, "control character in string");
    if (c < 0x80) {
      j->i++;
      continue;
    }
    size_t len;
    if (dl_utf8_decode((const unsigned char *)j->s + j->i, j->n - j->i, &len) < 0)
      return fail(j, "invalid UTF-8 in string");
    j->i += len;
  }
  return fail(j, "unterminated string");
}

static bool digits(js *j) {
  size_t b = j->i;
  while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9') j->i++;
  return j->i > b;
}

static bool number(js *j) {
  if (j->s[j->i] == '-') j->i++;
  if (j->i < j->n && j->s[j->i] == '0') j->i++;
  else if (!digits(j)) return fail(j, "bad number");
  if (j->i < j->n && j->s[j->i] == '.') {
    j->i++;
    if (!digits(j)) return fail(j, "bad number");
  }
  if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
    j->i++;
    if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-')) j->i++;
    if (!digits(j)) return fail(j, "bad number");
  }
  return true;
}

static bool literal(js *j, const char *lit) {
  size_t m = strlen(lit);
  if (j->n - j->i < m || memcmp(j->s + j->i, lit, m)) return fail(j, "unexpected character");
  j->i += m;
  return true;
}

static bool value(js *j, int depth);

static bool container(js *j, int depth, char close) {
  if (depth >= JS_MAX_DEPTH) return fail(j, "nested too deep");
  j->i++;
  ws(j);
  if (j->i < j->n && j->s[j->i] == close) {
    j->i++;
    return true;
  }
  for (;;) {
    ws(j);
    if (close == '}') {
      if (j->i >= j->n || j->s[j->i] != '"') return fail(j, "expected a member name");
      if (!string(j)) return false;
      ws(j);
      if (j->i >= j->n || j->s[j->i] != ':') return fail(j, "expected ':'");
      j->i++;
      ws(j);
    }
    if (!value(j, depth + 1)) return false;
    ws(j);
    if (j->i >= j->n) return fail(j, "unexpected end of line");
    if (j->s[j->i] == ',') {
      j->i++;
      continue;
    }
    if (j->s[j->i] == close) {
      j->i++;
      return true;
    }
    return fail(j, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

static bool value(js *j, int depth) {
  if (j->i >= j->n) return fail(j, "unexpected end of line");
  char c = j->s[j->i];
  switch (c) {
  case '"': return string(j);
  case '{': return container(j, depth, '}');
  case '[': return container(j, depth, ']');
  case 't': return literal(j, "true");
  case 'f': return literal(j, "false");
  case 'n': return literal(j, "null");
  default:
    if (c == '-' || (c >= '0' && c <= '9')) return number(j);
    return fail(j, "unexpected character");
  }
}

int dl_json_scan(const char *s, size_t n, dl_jmember *m, size_t max, size_t *count,
                 const char **err, size_t *col) {
  js j = {s, n, 0, NULL};
  *count = 0;
  ws(&j);
  if (j.i >= n || s[j.i] != '{') {
    /* valid JSON that is not an object is a different complaint */
    js k = {s, n, j.i, NULL};
    if (value(&k, 0)) {
      ws(&k);
      if (k.i == n) {
        *err = "not a JSON object";
        *col = j.i + 1;
        return -2;
      }
    }
    *err = j.i >= n ? "empty" : "expected '{'";
    *col = j.i + 1;
    return -1;
  }
  j.i++;
  ws(&j);
  bool empty = j.i < n && s[j.i] == '}';
  if (empty) j.i++;
  while (!empty) {
    ws(&j);
    if (j.i >= n || s[j.i] != '"') {
      fail(&j, "expected a member name");
      break;
    }
    size_t kb = j.i;
    if (!string(&j)) break;
    size_t ke = j.i;
    ws(&j);
    if (j.i >= n || s[j.i] != ':') {
      fail(&j, "expected ':'");
      break;
    }
    j.i++;
    ws(&j);
    size_t vb = j.i;
    if (!value(&j, 1)) break;
    if (*count < max) {
      m[*count].key = s + kb + 1;
      m[*count].key_len = ke - kb - 2;
      m[*count].val = s + vb;
      m[*count].val_len = j.i - vb;
      (*count)++;
    }
    ws(&j);
    if (j.i < n && s[j.i] == ',') {
      j.i++;
      continue;
    }
    if (j.i < n && s[j.i] == '}') {
      j.i++;
      break;
    }
    fail(&j, j.i >= n ? "unexpected end of line" : "expected ',' or '}'");
    break;
  }
  if (!j.err) {
    ws(&j);
    if (j.i < n) fail(&j, "text after the object");
  }
  if (j.err) {
    *err = j.err;
    *col = j.i + 1;
    return -1;
  }
  return 0;
}

size_t dl_json_unescape(const char *v, size_t n, char *out) {
  /* v is a validated string value, quotes included */
  size_t o = 0;
  for (size_t i = 1; i + 1 < n; i++) {
    char c = v[i];
    if (c != '\\') {
      out[o++] = c;
      continue;
    }
    char e = v[++i];
    switch (e) {
    case 'b': out[o++] = '\b'; break;
    case 'f': out[o++] = '\f'; break;
    case 'n': out[o++] = '\n'; break;
    case 'r': out[o++] = '\r'; break;
    case 't': out[o++] = '\t'; break;
    case 'u': {
      int32_t cp = 0;
      for (int k = 1; k <= 4; k++) cp = cp * 16 + hexval(v[i + (size_t)k]);
      i += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < n && v[i + 1] == '\\' && v[i + 2] == 'u') {
        int32_t lo = 0;
        for (int k = 3; k <= 6; k++) lo = lo * 16 + hexval(v[i + (size_t)k]);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
      }
      if (cp == 0) cp = ' '; /* a NUL in text separates, as a space would */
      else if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD; /* a lone surrogate */
      o += dl_utf8_encode(cp, out + o);
      break;
    }
    default: out[o++] = e; break; /* \" \\ \/ */
    }
  }
  return o;
}
