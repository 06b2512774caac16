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
 *   byline    author, authors (an array is joined with " and "), byline
 */
#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "read/read_internal.h"

static json_t *field(json_t *o, const char *const *names) {
  for (const char *const *n = names; *n; n++) {
    json_t *v = json_object_get(o, *n);
    if (v && !json_is_null(v)) return v;
  }
  return NULL;
}

static int set_str(dl_doc *doc, const char *meta, json_t *v) {
  if (!v) return DL_OK;
  if (json_is_string(v))
    return dl_doc_set_meta(doc, meta, json_string_value(v), json_string_length(v));
  if (json_is_integer(v)) {
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
    return dl_doc_set_meta(doc, meta, buf, strlen(buf));
  }
  return DL_OK;
}

int dl_read_set_paragraphs(dl_doc *doc, const char *text, size_t len) {
  /* every non-blank line becomes a paragraph: join with blank lines */
  char *b = malloc(len * 2 + 1);
  if (!b) return DL_NOMEM;
  size_t o = 0, i = 0;
  while (i < len) {
    size_t s = i;
    while (i < len && text[i] != '\n') i++;
    size_t e = i;
    i++;
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
 *   PLACE[, PLACE][, Month Day] [(Agency)] -- | — | – | -
 * PLACE in capitals ("SEOUL", "UNITED NATIONS", "WASHINGTON"). */
void dl_read_find_dateline(dl_doc *doc) {
  const char *s = doc->body;
  size_t n = doc->body_len, i = 0;
  size_t caps = 0;
  while (i < n && (isupper((unsigned char)s[i]) || s[i] == ' ' || s[i] == '.' ||
                   s[i] == '\'' || s[i] == '-')) {
    if (isupper((unsigned char)s[i])) caps++;
    if (s[i] == '-' && i + 1 < n && s[i + 1] == '-') break;
    i++;
  }
  if (caps < 2 || i > 60) return;
  /* optional ", Month Day" or ", PLACE" parts and "(Agency)" */
  for (int guard = 0; guard < 4 && i < n; guard++) {
    while (i < n && s[i] == ' ') i++;
    if (s[i] == ',') {
      i++;
      while (i < n && s[i] != ',' && s[i] != '(' && s[i] != '-' &&
             (unsigned char)s[i] != 0xE2 && s[i] != '\n' && i < 80)
        i++;
      continue;
    }
    if (s[i] == '(') {
      const char *cp = memchr(s + i, ')', n - i < 40 ? n - i : 40);
      if (!cp) return;
      i = (size_t)(cp - s) + 1;
      continue;
    }
    break;
  }
  while (i < n && s[i] == ' ') i++;
  size_t end = i;
  bool dash = false;
  if (i + 1 < n && s[i] == '-' ) dash = true;
  if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
      ((unsigned char)s[i + 2] == 0x94 || (unsigned char)s[i + 2] == 0x93))
    dash = true;
  if (!dash) return;
  while (end > 0 && s[end - 1] == ' ') end--;
  dl_doc_set_meta(doc, "dateline", s, end);
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
  json_error_t je;
  json_t *o = json_loadb(buf, len, 0, &je);
  if (!o)
    return dl_err_set(err, DL_ERROR, "%s:%zu: not JSON: %s (column %d); skipped", name,
                      line, je.text, je.column);
  if (!json_is_object(o)) {
    json_decref(o);
    return dl_err_set(err, DL_ERROR, "%s:%zu: not a JSON object; skipped", name, line);
  }
  json_t *body = field(o, f_body);
  if (!body || !json_is_string(body) || json_string_length(body) == 0) {
    json_decref(o);
    return dl_err_set(err, DL_ERROR,
                      "%s:%zu: no article text (a string field text, body, content "
                      "or maintext); skipped",
                      name, line);
  }
  dl_doc *doc = dl_doc_new();
  int rc = doc ? DL_OK : DL_NOMEM;
  if (!rc) {
    doc->meta.line = (uint32_t)line;
    rc = dl_doc_set_meta(doc, "source", name, strlen(name));
  }
  if (!rc) rc = set_str(doc, "source", field(o, f_src));
  if (!rc) rc = set_str(doc, "id", field(o, f_id));
  if (!rc && !doc->meta.id) {
    char idb[64];
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    snprintf(idb, sizeof idb, "%.40s:%zu", base, line);
    rc = dl_doc_set_meta(doc, "id", idb, strlen(idb));
  }
  if (!rc) rc = set_str(doc, "title", field(o, f_title));
  if (!rc) rc = set_str(doc, "url", field(o, f_url));
  if (!rc) {
    json_t *by = field(o, f_by);
    if (by && json_is_array(by)) {
      char b[512] = "";
      size_t idx;
      json_t *v;
      json_array_foreach(by, idx, v) {
        if (!json_is_string(v)) continue;
        if (b[0]) strncat(b, " and ", sizeof b - strlen(b) - 1);
        strncat(b, json_string_value(v), sizeof b - strlen(b) - 1);
      }
      if (b[0]) rc = dl_doc_set_meta(doc, "byline", b, strlen(b));
    } else {
      rc = set_str(doc, "byline", by);
    }
  }
  for (int k = 0; k < 2 && !rc; k++) {
    json_t *d = field(o, k ? f_upd : f_date);
    if (!d || !json_is_string(d)) continue;
    dl_isodate iso;
    if (dl_read_find_date(json_string_value(d), json_string_length(d), &iso, NULL)) {
      rc = dl_doc_set_meta(doc, k ? "updated" : "published", iso.s, strlen(iso.s));
    } else {
      dl_doc_warn(doc, "%s:%zu: date \"%.40s\" not understood; ignored", name, line,
                  json_string_value(d));
    }
  }
  if (!rc) rc = dl_read_set_paragraphs(doc, json_string_value(body), json_string_length(body));
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
  json_decref(o);
  if (rc) {
    dl_doc_free(doc);
    return dl_err_set(err, rc, "%s:%zu: out of memory", name, line);
  }
  *out = doc;
  return DL_OK;
}
