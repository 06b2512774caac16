/*
 * jsonl.c -- one article per JSON line, as news crawlers write them
 * (news-please, Common Crawl news extractors, newspaper3k dumps), and the
 * helpers the readers share: paragraphs from newline-separated text, and
 * the wire dateline at the start of a body.
 *
 * Field names accepted, first present wins:
 *   id        id, _id, doc_id, article_id (string or number)
 *   body      text, body, content, maintext, article, story
 *   title     title, headline
 *   date      date, published, date_publish, date_published, pubdate,
 *             publish_date, datetime
 *   updated   date_modify, updated, date_modified
 *   url       url, link
 *   source    source, source_domain, domain, publisher
 *   byline    byline, author, authors (an array is joined with " and ")
 *
 * The line is validated and its members located by jsonscan.c; only the
 * fields above are decoded.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "read/read_internal.h"

#define MAX_MEMBERS 64

typedef struct record {
  dl_jmember m[MAX_MEMBERS];
  size_t n;
} record;

/* The first member named by one of names, or NULL; skips nulls. */
static const dl_jmember *field(const record *r, const char *const *names) {
  for (const char *const *nm = names; *nm; nm++) {
    size_t len = strlen(*nm);
    for (size_t i = 0; i < r->n; i++)
      if (r->m[i].key_len == len && !memcmp(r->m[i].key, *nm, len) &&
          strncmp(r->m[i].val, "null", 4))
        return &r->m[i];
  }
  return NULL;
}

static bool is_string(const dl_jmember *v) { return v && v->val[0] == '"'; }
static bool is_number(const dl_jmember *v) {
  return v && (v->val[0] == '-' || isdigit((unsigned char)v->val[0]));
}

/* Decodes a string member into the document arena (NUL-terminated). */
static char *decode(dl_doc *doc, const dl_jmember *v, size_t *len) {
  char *out = dl_doc_alloc(doc, v->val_len + 1);
  if (!out) return NULL;
  *len = dl_json_unescape(v->val, v->val_len, out);
  out[*len] = '\0';
  return out;
}

static int set_field(dl_doc *doc, const char *meta, const dl_jmember *v) {
  if (!v) return DL_OK;
  if (is_string(v)) {
    size_t len;
    char *s = decode(doc, v, &len);
    return s ? dl_doc_set_meta(doc, meta, s, len) : DL_NOMEM;
  }
  if (is_number(v)) return dl_doc_set_meta(doc, meta, v->val, v->val_len);
  return DL_OK;
}

int dl_read_set_paragraphs(dl_doc *doc, const char *text, size_t len) {
  /* every non-blank line becomes a paragraph: join with blank lines */
  char *b = malloc(len * 2 + 1);
  if (!b) return DL_NOMEM;
  size_t o = 0, i = 0;
  while (i < len) {
    size_t s = i;
    const char *nl = memchr(text + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - text) : len;
    i = e + 1;
    while (s < e && isspace((unsigned char)text[s])) s++;
    while (e > s && isspace((unsigned char)text[e - 1])) e--;
    if (e == s) continue;
    if (o) {
      b[o++] = '\n';
      b[o++] = '\n';
    }
    memcpy(b + o, text + s, e - s);
    o += e - s;
  }
  int rc = dl_doc_set_body(doc, b, o);
  free(b);
  return rc;
}

/* A wire dateline opens the first paragraph:
 *   PLACE[, Region][, Month Day] [(Agency)] -- | — | – | -
 * with PLACE in capitals ("SEOUL", "UNITED NATIONS", "WASHINGTON"). */
static bool dateline_at(dl_doc *doc, size_t at);

/* The dateline opens the body, or a paragraph after one or two short ones
 * that a page puts first ("Image 1 of / 8", a photo credit). */
void dl_read_find_dateline(dl_doc *doc) {
  size_t at = 0;
  for (int para = 0; para < 3 && at < doc->body_len; para++) {
    if (dateline_at(doc, at)) return;
    const char *nl = memchr(doc->body + at, '\n', doc->body_len - at);
    if (!nl || (size_t)(nl - (doc->body + at)) > 80) return; /* a real paragraph */
    at = (size_t)(nl - doc->body);
    while (at < doc->body_len && (doc->body[at] == '\n' || doc->body[at] == ' ')) at++;
  }
}

int dl_read_id_from_name(dl_doc *doc, const char *name) {
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  size_t n = strlen(base);
  if (n > 3 && !strcasecmp(base + n - 3, ".gz")) n -= 3;
  for (size_t i = n; i-- > 1;)
    if (base[i] == '.') {
      n = i;
      break;
    }
  return dl_doc_set_meta(doc, "id", base, n);
}

static bool dateline_at(dl_doc *doc, size_t at) {
  const char *s = doc->body + at;
  size_t n = doc->body_len - at, i = 0, caps = 0;
  while (i < n && i < 40 && (isupper((unsigned char)s[i]) || s[i] == ' ' || s[i] == '.' ||
                             s[i] == '\'' || (s[i] == '-' && i + 1 < n && s[i + 1] != '-' &&
                                              s[i + 1] != ' '))) {
    if (isupper((unsigned char)s[i])) caps++;
    i++;
  }
  if (caps < 3) return false;
  /* the capitals must end a word: "SEOUL," not "NATO is" */
  while (i > 0 && s[i - 1] == ' ') i--;
  if (i < n && isalpha((unsigned char)s[i])) return false;
  for (int guard = 0; guard < 4 && i < n; guard++) {
    while (i < n && s[i] == ' ') i++;
    if (i < n && s[i] == ',') { /* ", Georgia" or ", Feb. 21" */
      i++;
      size_t start = i;
      while (i < n && i - start < 30 && s[i] != ',' && s[i] != '(' && s[i] != '-' &&
             (unsigned char)s[i] != 0xE2 && s[i] != '\n')
        i++;
      continue;
    }
    if (i < n && s[i] == '(') {
      const char *cp = memchr(s + i, ')', n - i < 40 ? n - i : 40);
      if (!cp) return false;
      i = (size_t)(cp - s) + 1;
      continue;
    }
    break;
  }
  size_t end = i;
  while (i < n && s[i] == ' ') i++;
  bool dash = i + 1 < n && s[i] == '-';
  if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
      ((unsigned char)s[i + 2] == 0x94 || (unsigned char)s[i + 2] == 0x93))
    dash = true;
  if (!dash) return false;
  while (end > 0 && s[end - 1] == ' ') end--;
  return dl_doc_set_meta(doc, "dateline", s, end) == DL_OK;
}

int dl_read_jsonl_line(const char *name, size_t line, const char *buf, size_t len,
                       dl_doc **out, dl_err *err) {
  static const char *const f_id[] = {"id", "_id", "doc_id", "article_id", NULL};
  static const char *const f_body[] = {"text", "body", "content", "maintext",
                                       "article", "story", NULL};
  static const char *const f_title[] = {"title", "headline", NULL};
  static const char *const f_date[] = {"date", "published", "date_publish",
                                       "date_published", "pubdate", "publish_date",
                                       "datetime", NULL};
  static const char *const f_upd[] = {"date_modify", "updated", "date_modified", NULL};
  static const char *const f_url[] = {"url", "link", NULL};
  static const char *const f_src[] = {"source", "source_domain", "domain",
                                      "publisher", NULL};
  static const char *const f_by[] = {"byline", "author", "authors", NULL};
  *out = NULL;
  record r;
  const char *why;
  size_t col;
  int sc = dl_json_scan(buf, len, r.m, MAX_MEMBERS, &r.n, &why, &col);
  if (sc == -2)
    return dl_err_set(err, DL_ERROR, "%s:%zu: not a JSON object; skipped", name, line);
  if (sc)
    return dl_err_set(err, DL_ERROR, "%s:%zu: not JSON: %s (column %zu); skipped", name,
                      line, why, col);
  const dl_jmember *body = field(&r, f_body);
  if (!is_string(body) || body->val_len <= 2)
    return dl_err_set(err, DL_ERROR,
                      "%s:%zu: no article text (a string field text, body, content "
                      "or maintext); skipped",
                      name, line);
  dl_doc *doc = dl_doc_new();
  int rc = doc ? DL_OK : DL_NOMEM;
  if (!rc) {
    doc->meta.line = (uint32_t)line;
    rc = dl_doc_set_meta(doc, "source", name, strlen(name));
  }
  if (!rc) rc = set_field(doc, "source", field(&r, f_src));
  if (!rc) rc = set_field(doc, "id", field(&r, f_id));
  if (!rc && !doc->meta.id) {
    char idb[64];
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    snprintf(idb, sizeof idb, "%.40s:%zu", base, line);
    rc = dl_doc_set_meta(doc, "id", idb, strlen(idb));
  }
  if (!rc) rc = set_field(doc, "title", field(&r, f_title));
  if (!rc) rc = set_field(doc, "url", field(&r, f_url));
  const dl_jmember *by = rc ? NULL : field(&r, f_by);
  if (by && by->val[0] == '[') {
    /* an array of names: the strings in it, joined with " and " */
    char *names = dl_doc_alloc(doc, by->val_len * 2 + 1);
    size_t o = 0;
    if (!names) rc = DL_NOMEM;
    for (size_t i = 1; names && i < by->val_len; i++) {
      if (by->val[i] != '"') continue;
      size_t j = i + 1;
      while (j < by->val_len && by->val[j] != '"') j += by->val[j] == '\\' ? 2 : 1;
      if (o) {
        memcpy(names + o, " and ", 5);
        o += 5;
      }
      o += dl_json_unescape(by->val + i, j + 1 - i, names + o);
      i = j;
    }
    if (names && o) rc = dl_doc_set_meta(doc, "byline", names, o);
  } else if (!rc) {
    rc = set_field(doc, "byline", by);
  }
  for (int k = 0; k < 2 && !rc; k++) {
    const dl_jmember *d = field(&r, k ? f_upd : f_date);
    if (!is_string(d)) continue;
    size_t dl;
    char *ds = decode(doc, d, &dl);
    if (!ds) {
      rc = DL_NOMEM;
      break;
    }
    dl_isodate iso;
    if (dl_read_find_date(ds, dl, &iso, NULL))
      rc = dl_doc_set_meta(doc, k ? "updated" : "published", iso.s, strlen(iso.s));
    else
      dl_doc_warn(doc, "%s:%zu: date \"%.40s\" not understood; ignored", name, line, ds);
  }
  if (!rc) {
    size_t bl;
    char *text = decode(doc, body, &bl);
    rc = text ? dl_read_set_paragraphs(doc, text, bl) : DL_NOMEM;
  }
  if (!rc) {
    const char *d = doc->meta.published ? doc->meta.published : doc->meta.updated;
    if (d) {
      char ymd[11];
      memcpy(ymd, d, 10);
      ymd[10] = '\0';
      rc = dl_doc_set_ref_date(doc, ymd, DL_DATE_META);
    }
  }
  if (!rc) dl_read_find_dateline(doc);
  if (rc) {
    dl_doc_free(doc);
    return dl_err_set(err, rc, "%s:%zu: out of memory", name, line);
  }
  *out = doc;
  return DL_OK;
}
