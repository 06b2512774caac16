/*
 * reader.c -- opening inputs and reading documents from them.
 *
 * A reader owns its input: a byte source for streams (JSONL is read line
 * by line and WARC record by record, so a file of any size goes through in
 * bounded memory), or a buffer for whole-file formats (a plain-text
 * article, an HTML page, a PETRARCH XML file). Every input passes through
 * a dl_src (source.c), which gunzips it when it starts with the gzip magic,
 * so "page.html.gz" or "crawl.warc.gz" read like their plain forms. The
 * format is taken from the options, else from the file name without a
 * .gz (.jsonl, .ndjson, .json, .html, .htm, .xhtml, .warc), else from the
 * first decoded bytes ('{' starts JSONL, "WARC/1." a WARC file, an XML
 * file holding <Sentence starts PETRARCH, a page opening with <!DOCTYPE
 * html>, <html>, or with <head> or <body> near the start is HTML, anything
 * else is text).
 *
 * dl_reader_next() returns one document at a time; a bad record is an
 * error for that record only, and the next call goes on after it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "read/read_internal.h"

struct dl_reader {
  char *name;
  dl_read_opts opts;
  dl_format fmt;
  FILE *fp;          /* the open file (NULL for memory) */
  bool own_fp;
  dl_src *src;       /* decoded bytes of the input */
  bool stream;       /* JSONL and WARC read from src as they go */
  bool found;        /* PETRARCH: a <Sentence> record was read */
  char *mem;         /* dl_reader_open_mem's copy, when streamed */
  dl_warc warc;
  bool pending;      /* an error found while opening, for the first next() */
  dl_err pending_err;
  char *buf;         /* whole input (text, PETRARCH) */
  size_t len, pos;
  size_t line;       /* lines consumed so far */
  bool done;
  bool warned_utf8;
  char *lbuf;        /* line buffer for JSONL */
  size_t lcap;
  char *cbuf;        /* cleaned line */
  size_t ccap;
  char peek[4096];   /* first bytes of a stream, for format sniffing */
  size_t npeek, peek_pos;
};

const char *dl_format_name(dl_format fmt) {
  switch (fmt) {
  case DL_FMT_AUTO: return "auto";
  case DL_FMT_TEXT: return "text";
  case DL_FMT_JSONL: return "jsonl";
  case DL_FMT_PETRARCH: return "petrarch";
  case DL_FMT_HTML: return "html";
  case DL_FMT_WARC: return "warc";
  }
  return NULL;
}

int dl_format_parse(const char *name, dl_format *out) {
  static const dl_format all[] = {DL_FMT_AUTO, DL_FMT_TEXT, DL_FMT_JSONL,
                                  DL_FMT_PETRARCH, DL_FMT_HTML, DL_FMT_WARC};
  for (size_t i = 0; i < sizeof all / sizeof *all; i++)
    if (!strcmp(name, dl_format_name(all[i]))) {
      *out = all[i];
      return DL_OK;
    }
  return DL_MISUSE;
}

dl_format dl_reader_format(const dl_reader *r) { return r->fmt; }

uint64_t dl_reader_offset(const dl_reader *r) {
  if (!r->fp) return r->pos;
  off_t at = ftello(r->fp);
  return at > 0 ? (uint64_t)at : 0;
}

/* Whether name ends in suf, case aside, before an optional ".gz". */
static bool has_suffix(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  if (n > 3 && !strcasecmp(s + n - 3, ".gz")) n -= 3;
  return n >= m && !strncasecmp(s + n - m, suf, m);
}

/* Whether buf[0..len) holds lit, ASCII case aside. */
static bool has_ci(const char *buf, size_t len, const char *lit) {
  size_t m = strlen(lit);
  for (size_t j = 0; j + m <= len; j++)
    if (!strncasecmp(buf + j, lit, m)) return true;
  return false;
}

static dl_format sniff(const char *name, const char *buf, size_t len) {
  if (has_suffix(name, ".jsonl") || has_suffix(name, ".ndjson") ||
      has_suffix(name, ".json"))
    return DL_FMT_JSONL;
  if (has_suffix(name, ".warc")) return DL_FMT_WARC;
  if (has_suffix(name, ".html") || has_suffix(name, ".htm") || has_suffix(name, ".xhtml"))
    return DL_FMT_HTML;
  size_t i = 0;
  if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < len && isspace((unsigned char)buf[i])) i++;
  if (i < len && buf[i] == '{') return DL_FMT_JSONL;
  if (len - i >= 7 && !memcmp(buf + i, "WARC/1.", 7)) return DL_FMT_WARC;
  if (i < len && buf[i] == '<') {
    /* PETRARCH validation or GigaWord files */
    for (size_t j = i; j + 9 <= len; j++)
      if (!memcmp(buf + j, "<Sentence", 9)) return DL_FMT_PETRARCH;
    /* a web page: a doctype or <html> first, or <head>/<body> within
     * the first 1 KiB (after comments or an XML declaration) */
    size_t near = len - i < 1024 ? len - i : 1024;
    if (!strncasecmp(buf + i, "<!doctype html", len - i < 14 ? len - i : 14) && len - i >= 14)
      return DL_FMT_HTML;
    if (has_ci(buf + i, near, "<html") || has_ci(buf + i, near, "<head") ||
        has_ci(buf + i, near, "<body"))
      return DL_FMT_HTML;
  }
  return DL_FMT_TEXT;
}

static int reader_new(const char *name, const dl_read_opts *opts, dl_reader **out,
                      dl_err *err) {
  dl_reader *r = calloc(1, sizeof *r);
  if (!r) return dl_err_set(err, DL_NOMEM, "%s: out of memory", name);
  r->name = strdup(name);
  if (!r->name) {
    free(r);
    return dl_err_set(err, DL_NOMEM, "%s: out of memory", name);
  }
  if (opts) r->opts = *opts;
  if (!r->opts.max_doc_bytes) r->opts.max_doc_bytes = DL_DEFAULT_MAX_DOC;
  if (!r->opts.max_line_bytes) r->opts.max_line_bytes = DL_DEFAULT_MAX_LINE;
  *out = r;
  return DL_OK;
}

/* Reads the whole stream into r->buf, refusing more than limit bytes. */
static int slurp(dl_reader *r, size_t limit, dl_err *err) {
  size_t cap = r->npeek + 65536, n = 0;
  char *b = malloc(cap);
  if (!b) return dl_err_set(err, DL_NOMEM, "%s: out of memory", r->name);
  memcpy(b, r->peek, r->npeek);
  n = r->npeek;
  for (;;) {
    if (r->src->status) break;
    if (n == cap) {
      if (cap > limit) break;
      cap *= 2;
      char *nb = realloc(b, cap);
      if (!nb) {
        free(b);
        return dl_err_set(err, DL_NOMEM, "%s: out of memory", r->name);
      }
      b = nb;
    }
    size_t got = dl_src_read(r->src, b + n, cap - n);
    n += got;
    if (got == 0) break;
    if (n > limit) break;
  }
  if (r->src->status) { /* a read error, damaged gzip data */
    free(b);
    return dl_err_set(err, r->src->status, "%s", r->src->msg);
  }
  if (n > limit) {
    free(b);
    r->done = true;
    return dl_err_set(err, DL_ERROR,
                      "%s: larger than the %zu MiB limit for one article "
                      "(--max-doc-mb); skipped",
                      r->name, limit >> 20);
  }
  r->buf = b;
  r->len = n;
  return DL_OK;
}

/* Opens r->src over r->fp or r->mem, sniffs the format from the first
 * decoded bytes, and reads a whole-file format into r->buf. Errors in
 * the data (a damaged gzip stream, a file over the size limit) are kept
 * for the first dl_reader_next(); only DL_NOMEM and DL_IO return here. */
static int start(dl_reader *r, dl_err *err) {
  int rc = dl_src_open(&r->src, r->name, r->fp, r->mem, r->len);
  if (rc) return dl_err_set(err, rc, "%s: out of memory", r->name);
  r->len = 0;
  r->npeek = dl_src_read(r->src, r->peek, sizeof r->peek);
  if (r->src->status == DL_IO) return dl_err_set(err, DL_IO, "%s", r->src->msg);
  r->fmt = r->opts.format != DL_FMT_AUTO ? r->opts.format : sniff(r->name, r->peek, r->npeek);
  if (r->fmt == DL_FMT_JSONL || r->fmt == DL_FMT_WARC) {
    r->stream = true;
    if (r->fmt == DL_FMT_WARC) { /* the WARC reader takes its bytes from src */
      dl_src_unread(r->src, r->peek, r->npeek);
      r->npeek = r->peek_pos = 0;
    }
    return DL_OK;
  }
  size_t limit = r->fmt == DL_FMT_PETRARCH ? (size_t)1 << 30 : r->opts.max_doc_bytes;
  rc = slurp(r, limit, err);
  if (rc == DL_ERROR && !r->src->status) { /* too large: reported by the first next() */
    r->done = false;
    r->buf = NULL;
    r->len = SIZE_MAX;
    rc = DL_OK;
  } else if (rc == DL_ERROR) { /* damaged gzip data */
    r->pending = true;
    r->pending_err = *err;
    rc = DL_OK;
  }
  dl_src_free(r->src); /* the whole input is in r->buf now */
  r->src = NULL;
  free(r->mem);
  r->mem = NULL;
  return rc;
}

int dl_reader_open(const char *path, const dl_read_opts *opts, dl_reader **out,
                   dl_err *err) {
  *out = NULL;
  const char *name = strcmp(path, "-") ? path : "(stdin)";
  dl_reader *r = NULL;
  int rc = reader_new(name, opts, &r, err);
  if (rc) return rc;
  if (!strcmp(path, "-")) {
    r->fp = stdin;
  } else {
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      dl_reader_free(r);
      return dl_err_set(err, DL_IO, "%s: is a directory", name);
    }
    r->fp = fopen(path, "rb");
    if (!r->fp) {
      rc = dl_err_set(err, DL_IO, "%s: cannot open: %s", name, strerror(errno));
      dl_reader_free(r);
      return rc;
    }
    r->own_fp = true;
  }
  rc = start(r, err);
  if (rc) {
    dl_reader_free(r);
    return rc;
  }
  *out = r;
  return DL_OK;
}

int dl_reader_open_mem(const char *name, const void *buf, size_t len,
                       const dl_read_opts *opts, dl_reader **out, dl_err *err) {
  *out = NULL;
  dl_reader *r = NULL;
  int rc = reader_new(name, opts, &r, err);
  if (rc) return rc;
  const unsigned char *u = buf;
  r->fmt = r->opts.format != DL_FMT_AUTO ? r->opts.format : sniff(name, buf, len);
  if ((len >= 2 && u[0] == 0x1f && u[1] == 0x8b) || r->fmt == DL_FMT_WARC) {
    /* gzip or WARC: through a source, like a file */
    r->mem = malloc(len + 1);
    if (!r->mem) {
      dl_reader_free(r);
      return dl_err_set(err, DL_NOMEM, "%s: out of memory", name);
    }
    if (len) memcpy(r->mem, buf, len);
    r->len = len;
    rc = start(r, err);
    if (rc) {
      dl_reader_free(r);
      return rc;
    }
    *out = r;
    return DL_OK;
  }
  r->buf = malloc(len + 1);
  if (!r->buf) {
    dl_reader_free(r);
    return dl_err_set(err, DL_NOMEM, "%s: out of memory", name);
  }
  if (len) memcpy(r->buf, buf, len);
  r->len = len;
  *out = r;
  return DL_OK;
}

void dl_reader_free(dl_reader *r) {
  if (!r) return;
  if (r->own_fp && r->fp) fclose(r->fp);
  dl_src_free(r->src);
  dl_warc_free(&r->warc);
  free(r->mem);
  free(r->name);
  free(r->buf);
  free(r->lbuf);
  free(r->cbuf);
  free(r);
}

/* ------------------------------------------------------------ JSONL */

/* Reads one line into r->lbuf (without the newline). Lines longer than
 * max are consumed but not kept: *too_long is set. Returns false at EOF. */
static void append_line(dl_reader *r, size_t *n, const char *s, size_t k, bool *too_long,
                        dl_err *err) {
  if (*too_long || *n + k >= r->opts.max_doc_bytes) {
    *too_long = true;
    return;
  }
  if (*n + k + 1 > r->lcap) {
    size_t cap = r->lcap ? r->lcap : 65536;
    while (cap < *n + k + 1) cap *= 2;
    char *p = realloc(r->lbuf, cap);
    if (!p) {
      dl_err_set(err, DL_NOMEM, "%s: out of memory", r->name);
      *too_long = true;
      return;
    }
    r->lbuf = p;
    r->lcap = cap;
  }
  memcpy(r->lbuf + *n, s, k);
  *n += k;
}

static bool read_line(dl_reader *r, size_t *len, bool *too_long, dl_err *err) {
  size_t n = 0;
  bool any = false;
  *too_long = false;
  if (!r->stream) { /* a buffer in memory: whole lines at once */
    *len = 0;
    if (r->pos >= r->len) return false;
    const char *s = r->buf + r->pos;
    const char *nl = memchr(s, '\n', r->len - r->pos);
    size_t k = nl ? (size_t)(nl - s) : r->len - r->pos;
    append_line(r, &n, s, k, too_long, err);
    r->pos += k + (nl ? 1 : 0);
    *len = n;
    return true;
  }
  for (;;) {
    int c;
    if (r->peek_pos < r->npeek) c = (unsigned char)r->peek[r->peek_pos++];
    else c = dl_src_getc(r->src);
    if (c < 0) break;
    any = true;
    if (c == '\n') break;
    if (n >= r->opts.max_doc_bytes) {
      *too_long = true;
      continue;
    }
    if (n + 1 >= r->lcap) {
      size_t cap = r->lcap ? r->lcap * 2 : 65536;
      char *p = realloc(r->lbuf, cap);
      if (!p) {
        dl_err_set(err, DL_NOMEM, "%s: out of memory", r->name);
        *too_long = true;
        continue;
      }
      r->lbuf = p;
      r->lcap = cap;
    }
    r->lbuf[n++] = (char)c;
  }
  *len = n;
  return any;
}

static int next_jsonl(dl_reader *r, dl_doc **doc, dl_err *err) {
  for (;;) {
    size_t n;
    bool too_long;
    if (!read_line(r, &n, &too_long, err)) {
      r->done = true;
      if (r->stream && r->src->status)
        return dl_err_set(err, r->src->status, "%s", r->src->msg);
      return DL_OK;
    }
    r->line++;
    if (too_long)
      return dl_err_set(err, DL_ERROR,
                        "%s:%zu: line longer than the %zu MiB limit for one "
                        "record; skipped",
                        r->name, r->line, r->opts.max_doc_bytes >> 20);
    /* a byte-order mark before the first record (Windows editors) */
    if (r->line == 1 && n >= 3 && !memcmp(r->lbuf, "\xEF\xBB\xBF", 3)) {
      memmove(r->lbuf, r->lbuf + 3, n - 3);
      n -= 3;
    }
    size_t i = 0;
    while (i < n && isspace((unsigned char)r->lbuf[i])) i++;
    if (i == n) continue; /* blank lines are allowed */
    /* parse as is; only a line that fails is cleaned of invalid UTF-8
     * (which JSON does not allow) and tried again */
    size_t bad = 0, bl;
    int rc = dl_read_jsonl_line(r->name, r->line, r->lbuf, n, doc, err);
    if (rc == DL_ERROR) {
      if (n * 3 + 1 > r->ccap) {
        char *p = realloc(r->cbuf, n * 3 + 1);
        if (!p) return dl_err_set(err, DL_NOMEM, "%s: out of memory", r->name);
        r->cbuf = p;
        r->ccap = n * 3 + 1;
      }
      size_t cn = dl_utf8_clean(r->lbuf, n, r->cbuf, &bad, &bl);
      if (bad) rc = dl_read_jsonl_line(r->name, r->line, r->cbuf, cn, doc, err);
    }
    if (rc == DL_OK && bad && !r->warned_utf8) {
      r->warned_utf8 = true;
      dl_doc_warn(*doc, "%s:%zu: invalid UTF-8 (%zu bad sequence%s replaced by U+FFFD)",
                  r->name, r->line, bad, bad == 1 ? "" : "s");
    }
    return rc;
  }
}

/* --------------------------------------------------------- PETRARCH */

static const char *find(const char *s, const char *e, const char *lit) {
  size_t m = strlen(lit);
  for (const char *p = s; p + m <= e; p++) {
    p = memchr(p, lit[0], (size_t)(e - p));
    if (!p || p + m > e) return NULL;
    if (!memcmp(p, lit, m)) return p;
  }
  return NULL;
}

/* Value of attribute `name` inside the tag [s, e); copies into out.
 * White space may stand around the '=' (GigaWord writes `id ="..."` and
 * `date = "..."`). */
static bool attr(const char *s, const char *e, const char *name, char *out,
                 size_t cap) {
  size_t m = strlen(name);
  for (const char *p = s + 1; p + m < e; p++) {
    if (memcmp(p, name, m) || !isspace((unsigned char)p[-1])) continue;
    const char *q = p + m;
    while (q < e && isspace((unsigned char)*q)) q++;
    if (q >= e || *q != '=') continue;
    q++;
    while (q < e && isspace((unsigned char)*q)) q++;
    if (q >= e || (*q != '"' && *q != '\'')) continue;
    const char *v = q + 1, *ve = memchr(v, *q, (size_t)(e - v));
    if (!ve) return false;
    size_t n = (size_t)(ve - v) < cap - 1 ? (size_t)(ve - v) : cap - 1;
    memcpy(out, v, n);
    out[n] = '\0';
    return true;
  }
  return false;
}

/* Unescapes XML entities of [s, e) into out (at most e - s bytes), and
 * folds runs of whitespace into one space. Returns the length. */
static size_t xml_text(const char *s, const char *e, char *out) {
  size_t o = 0;
  bool sp = true;
  for (const char *p = s; p < e; p++) {
    char c = *p;
    if (c == '&') {
      const char *semi = memchr(p, ';', (size_t)(e - p) < 10 ? (size_t)(e - p) : 10);
      if (semi) {
        size_t n = (size_t)(semi - p - 1);
        const char *ent = p + 1;
        int32_t cp = -1;
        if (n == 3 && !memcmp(ent, "amp", 3)) cp = '&';
        else if (n == 2 && !memcmp(ent, "lt", 2)) cp = '<';
        else if (n == 2 && !memcmp(ent, "gt", 2)) cp = '>';
        else if (n == 4 && !memcmp(ent, "quot", 4)) cp = '"';
        else if (n == 4 && !memcmp(ent, "apos", 4)) cp = '\'';
        else if (n >= 2 && ent[0] == '#') {
          long v = ent[1] == 'x' ? strtol(ent + 2, NULL, 16) : strtol(ent + 1, NULL, 10);
          if (v > 0 && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF)) cp = (int32_t)v;
        }
        if (cp >= 0 && dl_utf8_encode(cp, out + o) <= n + 2) {
          o += dl_utf8_encode(cp, out + o);
          p = semi;
          sp = false;
          continue;
        }
      }
    }
    if (isspace((unsigned char)c)) {
      if (!sp) out[o++] = ' ';
      sp = true;
      continue;
    }
    out[o++] = c;
    sp = false;
  }
  while (o > 0 && out[o - 1] == ' ') o--;
  return o;
}

static size_t count_lines(const char *s, const char *e) {
  size_t n = 0;
  for (const char *p = s; p < e; p++) {
    p = memchr(p, '\n', (size_t)(e - p));
    if (!p) break;
    n++;
  }
  return n;
}

static int next_petrarch(dl_reader *r, dl_doc **doc, dl_err *err) {
  const char *e = r->buf + r->len;
  for (;;) {
    const char *p = r->buf + r->pos;
    const char *tag = find(p, e, "<Sentence");
    const char *com = find(p, e, "<!--");
    if (com && (!tag || com < tag)) { /* skip a comment */
      const char *ce = find(com + 4, e, "-->");
      r->line += count_lines(p, ce ? ce + 3 : e);
      r->pos = ce ? (size_t)(ce + 3 - r->buf) : r->len;
      continue;
    }
    if (!tag || (tag[9] != ' ' && tag[9] != '>' && tag[9] != '\n' && tag[9] != '\t')) {
      if (tag) { /* <Sentences> and such */
        r->line += count_lines(p, tag + 9);
        r->pos = (size_t)(tag + 9 - r->buf);
        continue;
      }
      r->done = true;
      if (!r->found) /* --input-format petrarch on a file with no records */
        return dl_err_set(err, DL_ERROR, "%s: no <Sentence> records (PETRARCH XML)", r->name);
      return DL_OK;
    }
    r->found = true;
    r->line += count_lines(p, tag);
    size_t line = r->line + 1;
    const char *tend = memchr(tag, '>', (size_t)(e - tag));
    const char *close = tend ? find(tend, e, "</Sentence>") : NULL;
    if (!tend || !close) {
      r->done = true;
      return dl_err_set(err, DL_ERROR, "%s:%zu: <Sentence> without </Sentence>", r->name,
                        line);
    }
    r->line += count_lines(tag, close);
    r->pos = (size_t)(close + 11 - r->buf);
    char id[128] = "", date[32] = "";
    attr(tag, tend, "id", id, sizeof id);
    attr(tag, tend, "date", date, sizeof date);
    const char *ts = find(tend, close, "<Text>");
    const char *te = ts ? find(ts, close, "</Text>") : NULL;
    if (!ts || !te)
      return dl_err_set(err, DL_ERROR, "%s:%zu: sentence %s has no <Text>", r->name, line,
                        id[0] ? id : "(no id)");
    ts += 6;
    char *txt = malloc((size_t)(te - ts) + 1);
    if (!txt) return dl_err_set(err, DL_NOMEM, "%s: out of memory", r->name);
    size_t n = xml_text(ts, te, txt);
    dl_doc *d = dl_doc_new();
    int rc = d ? DL_OK : DL_NOMEM;
    if (!rc) {
      d->meta.line = (uint32_t)line;
      rc = dl_doc_set_meta(d, "source", r->name, strlen(r->name));
    }
    if (!rc) rc = dl_doc_set_body(d, txt, n);
    if (!rc && id[0]) rc = dl_doc_set_meta(d, "id", id, strlen(id));
    free(txt);
    if (!rc && date[0]) {
      dl_isodate iso;
      if (dl_read_find_date(date, strlen(date), &iso, NULL)) {
        rc = dl_doc_set_meta(d, "published", iso.s, strlen(iso.s));
        if (!rc) rc = dl_doc_set_ref_date(d, iso.s, DL_DATE_META);
      } else {
        dl_doc_warn(d, "%s:%zu: date \"%s\" is not YYYYMMDD; ignored", r->name, line, date);
      }
    }
    if (rc) {
      dl_doc_free(d);
      return dl_err_set(err, rc, "%s: out of memory", r->name);
    }
    *doc = d;
    return DL_OK;
  }
}

/* ------------------------------------------------------------- next */

int dl_reader_next(dl_reader *r, dl_doc **doc, dl_err *err) {
  *doc = NULL;
  if (r->done) return DL_OK;
  if (r->pending) {
    r->done = true;
    if (err) *err = r->pending_err;
    return r->pending_err.code;
  }
  switch (r->fmt) {
  case DL_FMT_JSONL:
    return next_jsonl(r, doc, err);
  case DL_FMT_PETRARCH:
    return next_petrarch(r, doc, err);
  case DL_FMT_WARC: {
    int rc = dl_warc_next(&r->warc, r->src, r->name, &r->opts, doc, err);
    if (r->warc.done) r->done = true;
    return rc;
  }
  default:
    r->done = true;
    if (!r->buf && r->len == SIZE_MAX)
      return dl_err_set(err, DL_ERROR,
                        "%s: larger than the %zu MiB limit for one article; skipped",
                        r->name, r->opts.max_doc_bytes >> 20);
    if (r->fmt == DL_FMT_HTML) return dl_read_html(r->name, r->buf, r->len, NULL, doc, err);
    return dl_read_text(r->name, r->buf, r->len, &r->opts, doc, err);
  }
}
