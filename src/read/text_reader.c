/*
 * text_reader.c -- one scraped news article in plain text -> one document.
 *
 * Pages copied as text keep the site around the story: navigation ("Go to
 * contents", "Home > World"), the headline, a byline, "Posted ... Updated"
 * lines, share buttons, photo captions, "Advertisement", and footers
 * ("Top 10 Stories", "Sign up for eNewsletter", copyright). The reader
 * finds the story with general rules about the shape of lines, not with a
 * list of known strings:
 *
 *   1. Each line is classified:
 *        blank
 *        date     a short line with a full date, led by a word such as
 *                 Posted/Updated/Published or holding little but the date
 *        byline   "By Name ..." or "Reporting by Name; Editing by ..."
 *        prose    a line that reads as running text: it ends like a
 *                 sentence and has at least three words with lowercase
 *                 letters, or it is long (15+ words)
 *        caption  prose that ends in a bare photo credit "... (Yonhap)"
 *        short    anything else: headlines, navigation, labels
 *   2. The body is the cluster of prose lines holding the most text, where
 *      a cluster may be interrupted by at most three non-prose lines
 *      (captions, "Advertisement", a subhead) but not by more (a footer
 *      of link lists, a header block).
 *   3. Inside the body only prose lines are kept, one paragraph each;
 *      copyright notices are dropped.
 *   4. The title is the most headline-like short line before the body:
 *      the one with most words (at least three, no navigation separators,
 *      not all capitals, not a prefix of the first paragraph, which makes
 *      it a photo caption), the nearest to the body on ties.
 *   5. The first date line gives the published time (or updated, when led
 *      by Updated/Modified); the first byline the author.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "read/read_internal.h"

enum { L_BLANK, L_DATE, L_BYLINE, L_PROSE, L_CAPTION, L_SHORT };

typedef struct line {
  const char *s; /* trimmed */
  size_t n;
  int kind;
  int words;
  bool updated; /* a date line led by Updated/Modified */
} line;

static bool is_space(char c) { return c == ' ' || c == '\t'; }

static int count_words(const char *s, size_t n, int *lower_words) {
  int w = 0, lw = 0;
  bool in_word = false, low = false;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (ch == ' ' || ch == '\t') {
      if (in_word) lw += low;
      in_word = low = false;
      continue;
    }
    if (!in_word) {
      in_word = true;
      w++;
    }
    low |= ch >= 'a' && ch <= 'z';
  }
  if (in_word) lw += low;
  if (lower_words) *lower_words = lw;
  return w;
}

/* Whether the line ends like a sentence: . ! ? possibly followed by closing
 * quotes or brackets, or ends with a closing quotation mark. */
static bool ends_sentence(const char *s, size_t n) {
  size_t i = n;
  while (i > 0) {
    unsigned char c = (unsigned char)s[i - 1];
    if (c == '"' || c == '\'' || c == ')' || c == ']') {
      i--;
      continue;
    }
    if (i >= 3 && (unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x80 &&
        ((unsigned char)s[i - 1] == 0x9D || (unsigned char)s[i - 1] == 0x99)) {
      i -= 3;
      continue;
    }
    break;
  }
  if (i == 0) return false;
  char c = s[i - 1];
  if (c == '.' || c == '!' || c == '?') return true;
  if (i >= 3 && (unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x80 &&
      (unsigned char)s[i - 1] == 0xA6)
    return true; /* … */
  return i < n; /* ended with a closing quotation mark after a word */
}

static bool starts_with_word(const char *s, size_t n, const char *w) {
  size_t m = strlen(w);
  if (n < m) return false;
  for (size_t i = 0; i < m; i++)
    if (tolower((unsigned char)s[i]) != w[i]) return false;
  return n == m || !isalpha((unsigned char)s[m]);
}

/* A photo caption's credit at the end of the line: "... sentence.
 * (Yonhap)", "(AP Photo/Jane Doe)", "[File: Name/Agency]". The bracket
 * holds at most six words, and either follows the end of a sentence or
 * carries a credit's punctuation (a colon or a slash). */
static bool ends_with_credit(const char *s, size_t n) {
  if (n < 4 || (s[n - 1] != ')' && s[n - 1] != ']')) return false;
  char open_c = s[n - 1] == ')' ? '(' : '[';
  size_t i = n - 1;
  while (i > 0 && s[i - 1] != open_c) i--;
  if (i == 0) return false;
  size_t open = i - 1;
  int lw;
  int w = count_words(s + i, n - 1 - i, &lw);
  if (w == 0 || w > 6) return false;
  if (open == 0) return true;
  if (memchr(s + i, ':', n - 1 - i) || memchr(s + i, '/', n - 1 - i)) return true;
  /* before the credit: the end of a sentence */
  size_t j = open;
  while (j > 0 && is_space(s[j - 1])) j--;
  return j > 0 && (s[j - 1] == '.' || s[j - 1] == '"' ||
                   (j >= 3 && (unsigned char)s[j - 1] == 0x9D));
}

/* A link line: a short label and a colon, then a headline ("Read more:
 * ...", "Related: ..."). The label is one to three words, capitalised,
 * and what follows is short. */
static bool link_line(const line *l) {
  const char *colon = memchr(l->s, ':', l->n < 24 ? l->n : 24);
  if (!colon || colon == l->s || !isupper((unsigned char)l->s[0])) return false;
  int lw;
  int label = count_words(l->s, (size_t)(colon - l->s), &lw);
  if (label < 1 || label > 3) return false;
  size_t rest = l->n - (size_t)(colon + 1 - l->s);
  /* "He said: “We have a situation.”" is a quotation, not a label */
  const unsigned char *after = (const unsigned char *)colon + 1;
  while (after < (const unsigned char *)l->s + l->n && *after == ' ') after++;
  if (after < (const unsigned char *)l->s + l->n &&
      (*after == '"' || (after + 2 < (const unsigned char *)l->s + l->n && after[0] == 0xE2 &&
                         after[1] == 0x80 && (after[2] == 0x9C || after[2] == 0x98))))
    return false;
  return count_words(colon + 1, rest, &lw) <= 15 && colon + 1 < l->s + l->n &&
         colon[1] == ' ';
}

/* A name followed by an e-mail address, the way some papers sign off
 * ("Han Ki-jae hkj@example.com"). Sets *name_len. */
static bool signoff_line(const line *l, size_t *name_len) {
  if (l->words < 3 || l->words > 5) return false;
  const char *at = memchr(l->s, '@', l->n);
  if (!at) return false;
  const char *sp = at;
  while (sp > l->s && !is_space(sp[-1])) sp--;
  if (sp == l->s) return false;
  size_t n = (size_t)(sp - l->s);
  while (n > 0 && is_space(l->s[n - 1])) n--;
  /* every word of the name capitalised */
  for (size_t i = 0; i < n; i++)
    if ((i == 0 || is_space(l->s[i - 1])) && !isupper((unsigned char)l->s[i])) return false;
  *name_len = n;
  return n > 0;
}

static const char *const date_leads[] = {
    "posted", "published", "updated", "last updated", "modified", "date",
    "created", "first published", "released", "issued", "time", NULL};

/* A date line: holds a full date, and is led by a date word or holds
 * little besides the date. */
static bool date_line(const line *l, dl_isodate *d, bool *upd) {
  if (l->words > 14) return false;
  size_t end;
  if (!dl_read_find_date(l->s, l->n, d, &end)) return false;
  bool led = false;
  for (const char *const *w = date_leads; *w; w++)
    if (starts_with_word(l->s, l->n, *w)) led = true;
  *upd = starts_with_word(l->s, l->n, "updated") ||
         starts_with_word(l->s, l->n, "last updated") ||
         starts_with_word(l->s, l->n, "modified");
  if (led) return true;
  /* otherwise at most three words that are not part of the date */
  int lw, rest = count_words(l->s + end, l->n - end, &lw);
  return l->words - rest <= 8 && rest <= 3;
}

/* Byline text after "By ": names up to an affiliation. Writes the result
 * to out (size cap). All-capital names are title-cased. */
static size_t clean_byline(const char *s, size_t n, char *out, size_t cap) {
  /* cut at , | ; / ( or " - " or an e-mail address */
  size_t e = 0;
  while (e < n) {
    char c = s[e];
    if (c == ',' || c == '|' || c == ';' || c == '/' || c == '(' || c == '@') break;
    if (c == ' ' && e + 2 < n && (s[e + 1] == '-' || (unsigned char)s[e + 1] == 0xE2) ) break;
    if (c == ' ' && e + 4 < n && !strncmp(s + e, " in ", 4) && isupper((unsigned char)s[e + 4]))
      break;
    e++;
  }
  while (e > 0 && is_space(s[e - 1])) e--;
  /* all-capital names followed by an agency in normal case: keep the
   * capitals (and "and") only */
  size_t i = 0, keep = e, o = 0;
  bool any_caps_word = false, all_caps_mode = false;
  {
    /* is the first word all capitals (2+ letters)? */
    size_t j = 0, up = 0, len = 0;
    while (j < e && !is_space(s[j])) {
      if (isupper((unsigned char)s[j])) up++;
      if (isalpha((unsigned char)s[j])) len++;
      j++;
    }
    all_caps_mode = len >= 2 && up == len;
  }
  if (all_caps_mode) {
    keep = 0;
    while (i < e) {
      while (i < e && is_space(s[i])) i++;
      size_t b = i, up = 0, len = 0;
      while (i < e && !is_space(s[i])) {
        if (isupper((unsigned char)s[i])) up++;
        if (isalpha((unsigned char)s[i])) len++;
        i++;
      }
      bool caps = len > 0 && up == len;
      bool conj = i - b == 3 && !strncmp(s + b, "and", 3);
      if (!caps && !conj) break;
      if (caps) any_caps_word = true;
      keep = i;
    }
    if (!any_caps_word) keep = e;
  }
  bool word_start = true;
  for (i = 0; i < keep && o + 1 < cap; i++) {
    char c = s[i];
    if (all_caps_mode && isalpha((unsigned char)c)) {
      c = word_start ? c : (char)tolower((unsigned char)c);
      word_start = false;
    } else {
      word_start = !isalpha((unsigned char)c) && c != '\'';
    }
    out[o++] = c;
  }
  /* "X and" left dangling */
  while (o > 4 && !strncmp(out + o - 4, " and", 4)) o -= 4;
  out[o] = '\0';
  return o;
}

/* A byline: "By Name..." (short, the name capitalised) or the Reuters
 * footer "Reporting by Name; Editing by ...". Sets *name_at to where the
 * names begin. */
static bool byline_line(const line *l, size_t *name_at) {
  if (l->words > 14 || l->words < 2) return false;
  if (starts_with_word(l->s, l->n, "by")) {
    size_t i = 2;
    while (i < l->n && is_space(l->s[i])) i++;
    if (i < l->n && isupper((unsigned char)l->s[i])) {
      *name_at = i;
      return true;
    }
    return false;
  }
  static const char *const leads[] = {"reporting by", "writing by",
                                      "written by", "story by", NULL};
  for (const char *const *w = leads; *w; w++) {
    size_t m = strlen(*w);
    if (starts_with_word(l->s, l->n, *w) && l->n > m + 1) {
      size_t i = m;
      while (i < l->n && is_space(l->s[i])) i++;
      if (i < l->n && isupper((unsigned char)l->s[i])) {
        *name_at = i;
        return true;
      }
    }
  }
  return false;
}

static bool is_copyright(const line *l) {
  if (l->n >= 2 && (unsigned char)l->s[0] == 0xC2 && (unsigned char)l->s[1] == 0xA9)
    return true; /* © */
  if (starts_with_word(l->s, l->n, "copyright")) return true;
  static const char key[] = "ll rights reserved";
  for (const char *p = l->s, *e = l->s + l->n; p + sizeof key - 1 <= e; p++) {
    p = memchr(p, 'l', (size_t)(e - p));
    if (!p || p + sizeof key - 1 > e) break;
    if (!memcmp(p, key, sizeof key - 1)) return true;
  }
  return false;
}

static bool nav_like(const line *l) {
  for (size_t i = 0; i < l->n; i++) {
    unsigned char c = (unsigned char)l->s[i];
    if (c == '|' || c == '>' || c == '/') return true;
    if (c == 0xC2 && i + 1 < l->n && (unsigned char)l->s[i + 1] == 0xBB) return true;
    if (c == 0xE2 && i + 2 < l->n && (unsigned char)l->s[i + 1] == 0x80 &&
        ((unsigned char)l->s[i + 2] == 0xBA || (unsigned char)l->s[i + 2] == 0xA2))
      return true; /* › • */
  }
  /* all capitals */
  size_t up = 0, low = 0;
  for (size_t i = 0; i < l->n; i++) {
    if (isupper((unsigned char)l->s[i])) up++;
    if (islower((unsigned char)l->s[i])) low++;
  }
  if (low == 0) return true;
  return l->n > 0 && (l->s[l->n - 1] == ':');
}

/* Whether a short line is a prefix of the paragraph p (a caption that
 * repeats the opening words). */
static bool prefix_of(const line *l, const line *p) {
  return l->n >= 8 && p->n > l->n && !memcmp(l->s, p->s, l->n);
}

int dl_read_text(const char *name, const char *buf, size_t len,
                 const dl_read_opts *opts, dl_doc **out, dl_err *err) {
  size_t max_line = opts && opts->max_line_bytes ? opts->max_line_bytes : DL_DEFAULT_MAX_LINE;
  *out = NULL;
  if (len == 0) return dl_err_set(err, DL_ERROR, "%s: empty file", name);
  if (dl_looks_binary(buf, len))
    return dl_err_set(err, DL_ERROR, "%s: binary data, not a text article", name);

  dl_doc *doc = dl_doc_new();
  if (!doc) return dl_err_set(err, DL_NOMEM, "%s: out of memory", name);
  line *lines = NULL;
  char *clean = NULL;
  int rc = DL_OK;
  if (dl_doc_set_meta(doc, "source", name, strlen(name))) goto nomem;

  /* clean the whole file once; warn about bad bytes with their line */
  clean = malloc(len * 3 + 1);
  if (!clean) goto nomem;
  size_t bad, bad_line, cl = dl_utf8_clean(buf, len, clean, &bad, &bad_line);
  if (bad) {
    doc->warned_utf8 = true;
    dl_doc_warn(doc, "%s:%zu: invalid UTF-8 (%zu bad sequence%s replaced by U+FFFD)",
                name, bad_line, bad, bad == 1 ? "" : "s");
  }

  /* lines */
  size_t nl = 1;
  for (size_t i = 0; i < cl; i++) nl += clean[i] == '\n';
  lines = calloc(nl, sizeof *lines);
  if (!lines) goto nomem;
  size_t k = 0, b = 0;
  for (size_t i = 0; i <= cl; i++) {
    if (i < cl && clean[i] != '\n') continue;
    if (i - b > max_line) {
      rc = dl_err_set(err, DL_ERROR,
                      "%s:%zu: line of %zu bytes is longer than the %zu-byte limit "
                      "for an article line; not a news article?",
                      name, k + 1, i - b, max_line);
      goto fail;
    }
    const char *s = clean + b, *e = clean + i;
    while (s < e && is_space(*s)) s++;
    while (e > s && is_space(e[-1])) e--;
    lines[k].s = s;
    lines[k].n = (size_t)(e - s);
    k++;
    b = i + 1;
  }
  nl = k;

  /* 1. classify */
  for (size_t i = 0; i < nl; i++) {
    line *l = &lines[i];
    int lw;
    l->words = count_words(l->s, l->n, &lw);
    dl_isodate d;
    size_t at;
    bool has_letter = false;
    for (size_t j = 0; j < l->n && !has_letter; j++)
      has_letter = isalnum((unsigned char)l->s[j]) || (unsigned char)l->s[j] >= 0x80;
    if (l->n == 0 || !has_letter) l->kind = l->n == 0 ? L_BLANK : L_SHORT;
    else if (date_line(l, &d, &l->updated)) l->kind = L_DATE;
    else if (byline_line(l, &at)) l->kind = L_BYLINE;
    else if (ends_with_credit(l->s, l->n))
      l->kind = L_CAPTION;
    else if ((ends_sentence(l->s, l->n) && lw >= 3) || l->words >= 15)
      l->kind = L_PROSE;
    else
      l->kind = L_SHORT;
    if (l->kind == L_PROSE && (is_copyright(l) || link_line(l))) l->kind = L_SHORT;
  }

  /* 2. the prose cluster with the most text */
  size_t best_b = 0, best_e = 0, best_len = 0;
  for (size_t i = 0; i < nl;) {
    if (lines[i].kind != L_PROSE) {
      i++;
      continue;
    }
    size_t cb = i, ce = i + 1, tot = 0, gap = 0;
    for (size_t j = i; j < nl; j++) {
      if (lines[j].kind == L_PROSE) {
        tot += lines[j].n;
        ce = j + 1;
        gap = 0;
      } else if (lines[j].kind != L_BLANK) {
        if (++gap > 3) break;
      }
    }
    if (tot > best_len) {
      best_len = tot;
      best_b = cb;
      best_e = ce;
    }
    i = ce;
  }
  if (best_len == 0) {
    rc = dl_err_set(err, DL_ERROR, "%s: no article text found (no line reads as prose)",
                    name);
    goto fail;
  }

  /* 3. the body */
  {
    size_t blen = 0;
    for (size_t i = best_b; i < best_e; i++)
      if (lines[i].kind == L_PROSE) blen += lines[i].n + 2;
    char *body = malloc(blen + 1);
    if (!body) goto nomem;
    size_t o = 0;
    for (size_t i = best_b; i < best_e; i++) {
      if (lines[i].kind != L_PROSE) continue;
      if (o) {
        body[o++] = '\n';
        body[o++] = '\n';
      }
      memcpy(body + o, lines[i].s, lines[i].n);
      o += lines[i].n;
    }
    rc = dl_doc_set_body(doc, body, o);
    free(body);
    if (rc) goto nomem;
  }

  /* 4. the title */
  {
    long best = -1;
    int best_words = 0;
    const line *first = &lines[best_b];
    for (size_t i = 0; i < best_b; i++) {
      const line *l = &lines[i];
      if (l->kind != L_SHORT || l->words < 3 || l->words > 30) continue;
      if (nav_like(l) || prefix_of(l, first)) continue;
      if (l->words >= best_words) {
        best_words = l->words;
        best = (long)i;
      }
    }
    if (best >= 0 && dl_doc_set_meta(doc, "title", lines[best].s, lines[best].n))
      goto nomem;
  }

  /* 5. dates and byline, anywhere outside the body's prose */
  char pub_alt[48] = "", upd_alt[48] = "";
  for (size_t i = 0; i < nl; i++) {
    const line *l = &lines[i];
    if (l->kind == L_DATE) {
      dl_isodate d;
      if (!dl_read_find_date(l->s, l->n, &d, NULL)) continue;
      const char *field = l->updated ? "updated" : "published";
      if (!(l->updated ? doc->meta.updated : doc->meta.published)) {
        if (dl_doc_set_meta(doc, field, d.s, strlen(d.s))) goto nomem;
        memcpy(l->updated ? upd_alt : pub_alt, d.alt, sizeof pub_alt);
      }
      /* "Posted ... Updated ..." on one line */
      for (size_t j = 1; j + 7 < l->n && !l->updated; j++) {
        if (strncmp(l->s + j, "Updated", 7) && strncmp(l->s + j, "updated", 7)) continue;
        dl_isodate u;
        if (!doc->meta.updated && dl_read_find_date(l->s + j, l->n - j, &u, NULL))
          if (dl_doc_set_meta(doc, "updated", u.s, strlen(u.s))) goto nomem;
        break;
      }
    } else if (l->kind == L_SHORT && !doc->meta.byline && i >= best_e) {
      size_t nn;
      if (signoff_line(l, &nn) && dl_doc_set_meta(doc, "byline", l->s, nn)) goto nomem;
    } else if (l->kind == L_BYLINE && !doc->meta.byline) {
      size_t at;
      if (!byline_line(l, &at)) continue;
      char name_buf[256];
      size_t nb = clean_byline(l->s + at, l->n - at, name_buf, sizeof name_buf);
      if (nb && dl_doc_set_meta(doc, "byline", name_buf, nb)) goto nomem;
    }
  }

  dl_read_find_dateline(doc);
  /* an ambiguous numeric date (10/01/2019) read the way the wire dateline
   * agrees with ("TOKYO, Jan 10") */
  if (pub_alt[0] && doc->meta.dateline) {
    const char *dl = doc->meta.dateline;
    size_t n = strlen(dl);
    for (size_t i = 0; i < n; i++) {
      if (!isalpha((unsigned char)dl[i]) || (i && isalpha((unsigned char)dl[i - 1]))) continue;
      size_t j = i;
      while (j < n && isalpha((unsigned char)dl[j])) j++;
      int m = dl_read_month(dl + i, j - i);
      if (!m) continue;
      while (j < n && (dl[j] == '.' || dl[j] == ' ')) j++;
      int d = atoi(dl + j);
      char want[8];
      snprintf(want, sizeof want, "%02d-%02d", m, d);
      if (!strncmp(pub_alt + 5, want, 5)) {
        if (dl_doc_set_meta(doc, "published", pub_alt, strlen(pub_alt))) goto nomem;
        /* the page writes its "Modified" date the same way */
        if (upd_alt[0] && dl_doc_set_meta(doc, "updated", upd_alt, strlen(upd_alt))) goto nomem;
      }
      break;
    }
  }

  /* reference date from the published (else updated) date */
  {
    const char *d = doc->meta.published ? doc->meta.published : doc->meta.updated;
    if (d) {
      char ymd[11];
      memcpy(ymd, d, 10);
      ymd[10] = '\0';
      if (dl_doc_set_ref_date(doc, ymd, DL_DATE_TEXT)) goto nomem;
    }
  }

  /* id: the file name ("story.txt.gz" is "story", as "story.txt" is) */
  if (dl_read_id_from_name(doc, name)) goto nomem;
  free(lines);
  free(clean);
  *out = doc;
  return DL_OK;

nomem:
  rc = dl_err_set(err, DL_NOMEM, "%s: out of memory", name);
fail:
  free(lines);
  free(clean);
  dl_doc_free(doc);
  return rc;
}
