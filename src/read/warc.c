/*
 * warc.c -- a WARC crawl (ISO 28500, WARC/1.0 and 1.1) -> one document per
 * HTML response.
 *
 * A WARC file is a run of records, each
 *
 *     WARC/1.0\r\n
 *     WARC-Type: response\r\n              named header lines
 *     WARC-Target-URI: https://...\r\n
 *     Content-Length: 5123\r\n
 *     \r\n
 *     <Content-Length bytes: for a response, the HTTP message>
 *     \r\n\r\n
 *
 * usually gzipped record by record (a .warc.gz is many gzip members end
 * to end; source.c reads them as one stream). Records are read one at a
 * time into a buffer and dropped before the next, so a crawl of any size
 * goes through in the memory of its largest record; a record larger than
 * max-doc-bytes is skipped without being held.
 *
 * Every "WARC-Type: response" record whose HTTP status is 2xx and whose
 * Content-Type is text/html or application/xhtml+xml becomes a document
 * through the HTML reader (html.c), with the URL from WARC-Target-URI, the
 * id from WARC-Record-ID (else the URI), the charset from the HTTP
 * Content-Type, and WARC-Date as the reference date when the page carries
 * none. A chunked HTTP body is de-chunked; a gzip or deflate
 * Content-Encoding is inflated (others are skipped with a message). Other
 * records (request, metadata, warcinfo, images, redirects) are skipped
 * without a word. A malformed record (a header line without a colon, no
 * valid Content-Length) is an error for that record, and reading goes on
 * at the next line that starts "WARC/1."; a record cut short by the end of
 * the file, or by damaged gzip data, ends the input with an error, after
 * the records before it.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "read/read_internal.h"

#define WARC_MAX_LINE 8192

void dl_warc_free(dl_warc *w) {
  free(w->line);
  free(w->payload);
  w->line = w->payload = NULL;
  w->line_cap = w->payload_cap = 0;
}

/* Reads one line (without CR LF) into w->line, keeping at most
 * WARC_MAX_LINE bytes of it. Returns false at the end of the input. */
static bool get_line(dl_warc *w, dl_src *s, size_t *len) {
  if (!w->line) {
    w->line = malloc(WARC_MAX_LINE + 1);
    if (!w->line) return false;
    w->line_cap = WARC_MAX_LINE + 1;
  }
  size_t n = 0;
  bool any = false;
  for (;;) {
    int c = dl_src_getc(s);
    if (c < 0) break;
    any = true;
    if (c == '\n') break;
    if (n < WARC_MAX_LINE) w->line[n++] = (char)c;
  }
  if (n && w->line[n - 1] == '\r') n--;
  w->line[n] = '\0';
  *len = n;
  return any;
}

/* Discards n bytes; returns how many there were. */
static uint64_t skip_bytes(dl_src *s, uint64_t n) {
  char tmp[8192];
  uint64_t done = 0;
  while (done < n) {
    size_t k = n - done < sizeof tmp ? (size_t)(n - done) : sizeof tmp;
    size_t got = dl_src_read(s, tmp, k);
    done += got;
    if (got < k) break;
  }
  return done;
}

/* Copies the trimmed value of a "Name: value" header line into out. */
static void header_value(const char *v, char *out, size_t cap) {
  while (*v == ' ' || *v == '\t') v++;
  size_t n = strlen(v);
  while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) n--;
  if (n >= cap) n = cap - 1;
  memcpy(out, v, n);
  out[n] = '\0';
}

/* De-chunks an HTTP/1.1 chunked body in place; returns the new length,
 * or SIZE_MAX when the chunk framing is broken. */
static size_t dechunk(char *b, size_t n) {
  size_t i = 0, o = 0;
  for (;;) {
    size_t sz = 0;
    bool digits = false;
    while (i < n && isxdigit((unsigned char)b[i])) {
      int d = isdigit((unsigned char)b[i]) ? b[i] - '0' : (tolower((unsigned char)b[i]) - 'a' + 10);
      if (sz > (SIZE_MAX >> 4)) return SIZE_MAX;
      sz = sz * 16 + (size_t)d;
      digits = true;
      i++;
    }
    if (!digits) return SIZE_MAX;
    while (i < n && b[i] != '\n') i++; /* chunk extensions */
    if (i >= n) return SIZE_MAX;
    i++;
    if (sz == 0) return o;
    if (sz > n - i) return SIZE_MAX;
    memmove(b + o, b + i, sz);
    o += sz;
    i += sz;
    if (i < n && b[i] == '\r') i++;
    if (i < n && b[i] == '\n') i++;
  }
}

/* Inflates a gzip or deflate (zlib or raw) body into a new buffer of at
 * most max bytes. Returns NULL on damage or when over max (*over set). */
static char *inflate_body(const char *b, size_t n, size_t max, size_t *out_len, bool *over) {
  *over = false;
  for (int attempt = 0; attempt < 2; attempt++) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    /* 15+32: gzip or zlib by the header; -15: raw deflate */
    if (inflateInit2(&zs, attempt ? -15 : 15 + 32) != Z_OK) return NULL;
    size_t cap = n * 4 + 1024, o = 0;
    if (cap > max + 1) cap = max + 1;
    char *out = malloc(cap);
    if (!out) {
      inflateEnd(&zs);
      return NULL;
    }
    zs.next_in = (Bytef *)(uintptr_t)b;
    zs.avail_in = (uInt)n;
    int z = Z_OK;
    while (z == Z_OK) {
      if (o == cap) {
        if (cap > max) {
          *over = true;
          break;
        }
        size_t nc = cap * 2 > max + 1 ? max + 1 : cap * 2;
        char *p = realloc(out, nc);
        if (!p) break;
        out = p;
        cap = nc;
      }
      zs.next_out = (Bytef *)out + o;
      zs.avail_out = (uInt)(cap - o);
      z = inflate(&zs, Z_NO_FLUSH);
      o = cap - zs.avail_out;
      if (z == Z_BUF_ERROR && zs.avail_in == 0) break; /* truncated: keep what came */
    }
    inflateEnd(&zs);
    if (*over) {
      free(out);
      return NULL;
    }
    if ((z == Z_STREAM_END || z == Z_BUF_ERROR || z == Z_OK) && o > 0) {
      *out_len = o;
      return out;
    }
    free(out);
  }
  return NULL;
}

/* Turns one response record's HTTP message into a document, or skips it
 * (*doc NULL, DL_OK). */
static int http_doc(const char *name, size_t rec, char *p, size_t n, const char *uri,
                    const char *rid, const char *wdate, const dl_read_opts *opts,
                    dl_doc **doc, dl_err *err) {
  /* status line */
  if (n < 12 || memcmp(p, "HTTP/", 5))
    return dl_err_set(err, DL_ERROR, "%s: record %zu (%s): not an HTTP response; skipped",
                      name, rec, uri);
  const char *sp = memchr(p, ' ', n < 32 ? n : 32);
  int status = sp ? atoi(sp + 1) : 0;
  /* headers */
  size_t i = 0, hend = 0;
  char ctype[256] = "", te[64] = "", ce[64] = "";
  while (i < n) {
    const char *nl = memchr(p + i, '\n', n - i);
    if (!nl) break;
    size_t e = (size_t)(nl - p), le = e;
    if (le > i && p[le - 1] == '\r') le--;
    if (le == i) {
      hend = e + 1;
      break;
    }
    char line[1024];
    size_t ll = le - i < sizeof line - 1 ? le - i : sizeof line - 1;
    memcpy(line, p + i, ll);
    line[ll] = '\0';
    char *colon = strchr(line, ':');
    if (colon) {
      *colon = '\0';
      if (!strcasecmp(line, "Content-Type")) header_value(colon + 1, ctype, sizeof ctype);
      else if (!strcasecmp(line, "Transfer-Encoding")) header_value(colon + 1, te, sizeof te);
      else if (!strcasecmp(line, "Content-Encoding")) header_value(colon + 1, ce, sizeof ce);
    }
    i = e + 1;
  }
  if (!hend)
    return dl_err_set(err, DL_ERROR,
                      "%s: record %zu (%s): HTTP headers without an end; skipped", name, rec,
                      uri);
  if (status < 200 || status > 299) return DL_OK;
  char mime[256], *charset = NULL;
  snprintf(mime, sizeof mime, "%s", ctype);
  char *semi = strchr(mime, ';');
  if (semi) *semi = '\0';
  for (char *q = mime; *q; q++) *q = (char)tolower((unsigned char)*q);
  size_t ml = strlen(mime);
  while (ml && mime[ml - 1] == ' ') mime[--ml] = '\0';
  if (strcmp(mime, "text/html") && strcmp(mime, "application/xhtml+xml")) return DL_OK;
  char csbuf[64] = "";
  for (char *q = ctype; *q; q++) {
    if (strncasecmp(q, "charset=", 8)) continue;
    header_value(q + 8, csbuf, sizeof csbuf);
    size_t k = 0;
    while (csbuf[k] && csbuf[k] != ';' && csbuf[k] != ' ') k++;
    csbuf[k] = '\0';
    char *c = csbuf;
    if (*c == '"' || *c == '\'') c++;
    size_t cl = strlen(c);
    if (cl && (c[cl - 1] == '"' || c[cl - 1] == '\'')) c[cl - 1] = '\0';
    charset = c[0] ? c : NULL;
    break;
  }
  char *body = p + hend;
  size_t blen = n - hend;
  for (char *q = te; *q; q++) *q = (char)tolower((unsigned char)*q);
  if (strstr(te, "chunked")) {
    size_t k = dechunk(body, blen);
    if (k == SIZE_MAX)
      return dl_err_set(err, DL_ERROR,
                        "%s: record %zu (%s): broken chunked transfer-encoding; skipped", name,
                        rec, uri);
    blen = k;
  }
  char *inflated = NULL;
  if (ce[0] && strcasecmp(ce, "identity")) {
    if (strcasecmp(ce, "gzip") && strcasecmp(ce, "x-gzip") && strcasecmp(ce, "deflate"))
      return dl_err_set(err, DL_ERROR,
                        "%s: record %zu (%s): Content-Encoding %s not supported; skipped",
                        name, rec, uri, ce);
    bool over;
    size_t il = 0;
    inflated = inflate_body(body, blen, opts->max_doc_bytes, &il, &over);
    if (!inflated)
      return dl_err_set(err, DL_ERROR, "%s: record %zu (%s): %s; skipped", name, rec, uri,
                        over ? "decompressed page larger than the limit for one article"
                             : "damaged gzip Content-Encoding");
    body = inflated;
    blen = il;
  }
  char id[256];
  const char *idp = uri;
  if (rid[0]) {
    const char *r = rid;
    if (*r == '<') r++;
    if (!strncmp(r, "urn:uuid:", 9)) r += 9;
    snprintf(id, sizeof id, "%s", r);
    size_t k = strlen(id);
    if (k && id[k - 1] == '>') id[k - 1] = '\0';
    idp = id;
  }
  dl_isodate wd;
  bool has_date = wdate[0] && dl_read_find_date(wdate, strlen(wdate), &wd, NULL);
  dl_html_hints h = {uri[0] ? uri : NULL, idp[0] ? idp : NULL, charset,
                     has_date ? wd.s : NULL, rec};
  int rc = dl_read_html(name, body, blen, &h, doc, err);
  free(inflated);
  return rc;
}

int dl_warc_next(dl_warc *w, dl_src *src, const char *name, const dl_read_opts *opts,
                 dl_doc **doc, dl_err *err) {
  *doc = NULL;
  for (;;) {
    if (w->done) return DL_OK;
    /* the next record's first line */
    size_t n;
    bool found = false;
    while (get_line(w, src, &n)) {
      if (n >= 7 && !memcmp(w->line, "WARC/1.", 7)) {
        found = true;
        break;
      }
      bool blank = true;
      for (size_t i = 0; i < n && blank; i++) blank = isspace((unsigned char)w->line[i]);
      if (!blank && !w->resync) {
        w->resync = true;
        return dl_err_set(err, DL_ERROR,
                          "%s: after record %zu: \"%.40s\" where a WARC record should "
                          "start; skipping to the next record",
                          name, w->record, w->line);
      }
    }
    if (!w->line) {
      w->done = true;
      return dl_err_set(err, DL_NOMEM, "%s: out of memory", name);
    }
    if (!found) {
      w->done = true;
      if (src->status)
        return dl_err_set(err, src->status, "%s (after %zu WARC records)", src->msg,
                          w->record);
      return DL_OK;
    }
    size_t rec = ++w->record;
    w->resync = false;
    char type[64] = "", uri[2048] = "", rid[256] = "", wdate[64] = "", bad[64] = "";
    long long clen = -1;
    bool ended = false;
    while (get_line(w, src, &n)) {
      if (n == 0) {
        ended = true;
        break;
      }
      char *colon = strchr(w->line, ':');
      if (!colon) {
        if (!bad[0]) snprintf(bad, sizeof bad, "%.40s", w->line);
        continue;
      }
      *colon = '\0';
      const char *v = colon + 1;
      if (!strcasecmp(w->line, "WARC-Type")) header_value(v, type, sizeof type);
      else if (!strcasecmp(w->line, "WARC-Target-URI")) header_value(v, uri, sizeof uri);
      else if (!strcasecmp(w->line, "WARC-Record-ID")) header_value(v, rid, sizeof rid);
      else if (!strcasecmp(w->line, "WARC-Date")) header_value(v, wdate, sizeof wdate);
      else if (!strcasecmp(w->line, "Content-Length")) {
        char num[32];
        header_value(v, num, sizeof num);
        char *end;
        clen = num[0] && isdigit((unsigned char)num[0]) ? strtoll(num, &end, 10) : -1;
        if (clen >= 0 && *end) clen = -1;
      }
    }
    if (!ended) {
      w->done = true;
      return dl_err_set(err, DL_ERROR, "%s: record %zu: %s", name, rec,
                        src->status ? src->msg : "the file ends inside the record's header");
    }
    if (bad[0] || clen < 0) {
      w->resync = true;
      return dl_err_set(err, DL_ERROR,
                        "%s: record %zu: malformed WARC header (%s%s); skipped", name, rec,
                        bad[0] ? "a line without a colon: " : "no valid Content-Length",
                        bad);
    }
    bool want = !strcasecmp(type, "response");
    if (!want || (uint64_t)clen > opts->max_doc_bytes) {
      uint64_t got = skip_bytes(src, (uint64_t)clen);
      if (got < (uint64_t)clen) {
        w->done = true;
        return dl_err_set(err, DL_ERROR, "%s: record %zu: %s", name, rec,
                          src->status ? src->msg
                                      : "Content-Length runs past the end of the file");
      }
      if (want)
        return dl_err_set(err, DL_ERROR,
                          "%s: record %zu (%s): larger than the %zu MiB limit for one "
                          "article; skipped",
                          name, rec, uri, opts->max_doc_bytes >> 20);
      continue;
    }
    size_t len = (size_t)clen;
    if (len + 1 > w->payload_cap) {
      char *p = realloc(w->payload, len + 1);
      if (!p) {
        skip_bytes(src, len);
        return dl_err_set(err, DL_NOMEM, "%s: record %zu: out of memory", name, rec);
      }
      w->payload = p;
      w->payload_cap = len + 1;
    }
    size_t got = dl_src_read(src, w->payload, len);
    if (got < len) {
      w->done = true;
      return dl_err_set(err, DL_ERROR, "%s: record %zu (%s): %s", name, rec, uri,
                        src->status ? src->msg
                                    : "Content-Length runs past the end of the file");
    }
    int rc = http_doc(name, rec, w->payload, len, uri, rid, wdate, opts, doc, err);
    if (rc || *doc) return rc;
  }
}
