/*
 * dict.c -- the actor and place dictionaries: the phrase table and the
 * loaders for Dateline's own format, PETRARCH/TABARI files and GeoNames.
 *
 * The table maps the hash of a name's lowercased tokens (and its token
 * count) to a chain of entries: one name may be a country and a place, or
 * two people. Open addressing with linear probing; the capacity doubles
 * at 70% load. A second small set holds the hashes of names' first
 * tokens, so that matching skips, with one probe, the tokens that start
 * no name (most of them).
 *
 * Loaders read a whole file, cut it into lines, and add one entry per
 * usable line; a line they cannot use becomes a warning "FILE:LINE:
 * reason" and is skipped. A name that two lines give different codes of
 * the same kind draws a warning naming both lines (the first stays
 * first in the chain, so it wins).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "actors/actors_internal.h"
#include "text/text_internal.h"
#include "time/time_internal.h"

/* ----------------------------------------------------------- hashing */

uint64_t act_hash_token(uint64_t h, const char *f) {
  for (const unsigned char *p = (const unsigned char *)f; *p; p++) {
    unsigned char c = *p;
    if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99)) {
      c = '\'';
      p += 2;
    } else if (c >= 'A' && c <= 'Z') {
      c |= 0x20;
    }
    h = (h ^ c) * ACT_FNV_PRIME;
  }
  h = (h ^ 0x1F) * ACT_FNV_PRIME;
  return h ? h : 1;
}

static uint64_t mix(uint64_t h, uint8_t ntok) { return (h ^ (uint64_t)ntok * 0x9E3779B97F4A7C15ull) | 1; }

act_entry *act_lookup(const dl_actors *a, uint64_t h, uint8_t ntok) {
  if (!a->cap) return NULL;
  uint64_t k = mix(h, ntok);
  for (size_t i = k & (a->cap - 1);; i = (i + 1) & (a->cap - 1)) {
    const act_slot *s = &a->slots[i];
    if (!s->hash) return NULL;
    if (s->hash == k && s->ntok == ntok) return s->first;
  }
}

act_entry *act_surnames(const dl_actors *a, const char *form) {
  uint64_t h = act_hash_token(ACT_FNV_OFFSET, form);
  for (act_entry *e = act_lookup(a, h, 1); e; e = e->next)
    if (e->kind == E_SURNAME) return e;
  return NULL;
}

bool act_is_start(const dl_actors *a, uint64_t h1) {
  if (!a->starts_cap) return false;
  for (size_t i = h1 & (a->starts_cap - 1);; i = (i + 1) & (a->starts_cap - 1)) {
    if (!a->starts[i]) return false;
    if (a->starts[i] == h1) return true;
  }
}

static int grow_slots(dl_actors *a) {
  size_t cap = a->cap ? a->cap * 2 : 4096;
  act_slot *ns = calloc(cap, sizeof *ns);
  if (!ns) return DL_NOMEM;
  for (size_t i = 0; i < a->cap; i++) {
    if (!a->slots[i].hash) continue;
    size_t j = a->slots[i].hash & (cap - 1);
    while (ns[j].hash) j = (j + 1) & (cap - 1);
    ns[j] = a->slots[i];
  }
  free(a->slots);
  a->slots = ns;
  a->cap = cap;
  return DL_OK;
}

static int add_start(dl_actors *a, uint64_t h1) {
  if ((a->starts_used + 1) * 10 >= a->starts_cap * 7) {
    size_t cap = a->starts_cap ? a->starts_cap * 2 : 1024;
    uint64_t *ns = calloc(cap, sizeof *ns);
    if (!ns) return DL_NOMEM;
    for (size_t i = 0; i < a->starts_cap; i++) {
      if (!a->starts[i]) continue;
      size_t j = a->starts[i] & (cap - 1);
      while (ns[j]) j = (j + 1) & (cap - 1);
      ns[j] = a->starts[i];
    }
    free(a->starts);
    a->starts = ns;
    a->starts_cap = cap;
  }
  size_t i = h1 & (a->starts_cap - 1);
  while (a->starts[i]) {
    if (a->starts[i] == h1) return DL_OK;
    i = (i + 1) & (a->starts_cap - 1);
  }
  a->starts[i] = h1;
  a->starts_used++;
  return DL_OK;
}

/* ---------------------------------------------------------- warnings */

static void warn(dl_actors *a, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (a->n_warnings == a->cap_warnings) {
    size_t cap = a->cap_warnings ? a->cap_warnings * 2 : 16;
    char **w = realloc(a->warnings, cap * sizeof *w);
    if (!w) return;
    a->warnings = w;
    a->cap_warnings = cap;
  }
  a->warnings[a->n_warnings] = strdup(buf);
  if (a->warnings[a->n_warnings]) a->n_warnings++;
}

size_t dl_actors_warning_count(const dl_actors *a) { return a->n_warnings; }
const char *dl_actors_warning(const dl_actors *a, size_t i) {
  return i < a->n_warnings ? a->warnings[i] : NULL;
}
size_t dl_actors_entry_count(const dl_actors *a) { return a->entries; }

/* -------------------------------------------------------------- setup */

int dl_actors_new(dl_actors **out, dl_err *err) {
  dl_actors *a = calloc(1, sizeof *a);
  if (!a) return dl_err_set(err, DL_NOMEM, "out of memory");
  dl_arena_init(&a->arena);
  if (dl_text_new(&a->text, err)) {
    free(a);
    return DL_NOMEM;
  }
  *out = a;
  return DL_OK;
}

void dl_actors_free(dl_actors *a) {
  if (!a) return;
  dl_text_free(a->text);
  dl_arena_free(&a->arena);
  free(a->slots);
  free(a->starts);
  for (size_t i = 0; i < a->n_warnings; i++) free(a->warnings[i]);
  free(a->warnings);
  free(a);
}

static const char *keep(dl_actors *a, const char *s, size_t n) {
  return dl_arena_strndup(&a->arena, s, n);
}

/* Tokenizes the name s[0..n) like document text, drops a leading "the",
 * and hashes the words as the matcher does: *h the whole name, *h1 its
 * first word, *b the first word kept. DL_ERROR for no word or more than
 * 16, DL_NOMEM; on DL_OK the caller frees v->v. */
static int hash_name(const char *s, size_t n, dl_tokvec *v, size_t *b, uint64_t *h, uint64_t *h1) {
  memset(v, 0, sizeof *v);
  if (dl_text_tokenize(s, n, v)) return DL_NOMEM;
  *b = 0;
  const char *t0 = s + (v->n ? v->v[0].start : 0);
  if (v->n > 1 && v->v[0].end - v->v[0].start == 3 && (t0[0] | 0x20) == 't' &&
      (t0[1] | 0x20) == 'h' && (t0[2] | 0x20) == 'e')
    *b = 1;
  if (v->n - *b == 0 || v->n - *b > 16) {
    free(v->v);
    v->v = NULL;
    return DL_ERROR;
  }
  *h = ACT_FNV_OFFSET;
  *h1 = 0;
  char tok[256];
  for (size_t i = *b; i < v->n; i++) {
    size_t len = v->v[i].end - v->v[i].start;
    if (len >= sizeof tok) len = sizeof tok - 1;
    memcpy(tok, s + v->v[i].start, len);
    tok[len] = '\0';
    *h = act_hash_token(*h, tok);
    if (i == *b) *h1 = act_hash_token(ACT_FNV_OFFSET, tok);
  }
  return DL_OK;
}

/* Adds entry e under the name s[0..n): tokenized like document text, a
 * leading "the" dropped. */
static int add_name(dl_actors *a, const char *s, size_t n, act_entry *proto) {
  dl_tokvec v;
  size_t b;
  uint64_t h, h1;
  int rc = hash_name(s, n, &v, &b, &h, &h1);
  if (rc != DL_OK) return rc;
  uint8_t ntok = (uint8_t)(v.n - b);
  uint16_t capmask = 0;
  for (size_t i = b; i < v.n && i - b < 16; i++)
    if (isupper((unsigned char)s[v.v[i].start])) capmask |= (uint16_t)(1u << (i - b));
  free(v.v);
  act_entry *e = dl_arena_alloc(&a->arena, sizeof *e);
  if (!e) return DL_NOMEM;
  *e = *proto;
  e->next = NULL;
  /* "a strict Islamic state" is not the Islamic State: a name of several
   * words written with capitals in our files needs them in the text */
  e->capmask = ntok >= 2 && !e->petrarch && e->kind != E_AGENT && e->kind != E_DISCARD ? capmask : 0;
  /* a one-word name in capitals is an acronym: "WHO" is not "who" */
  e->caps = false;
  if (ntok == 1 && !e->petrarch) { /* PETRARCH writes every name in capitals */
    bool upper = false, lower = false;
    for (size_t i = 0; i < n; i++) {
      upper |= isupper((unsigned char)s[i]) != 0;
      lower |= islower((unsigned char)s[i]) != 0;
    }
    e->caps = upper && !lower;
  }
  if ((a->used + 1) * 10 >= a->cap * 7 && grow_slots(a)) return DL_NOMEM;
  uint64_t k = mix(h, ntok);
  size_t i = k & (a->cap - 1);
  while (a->slots[i].hash && !(a->slots[i].hash == k && a->slots[i].ntok == ntok))
    i = (i + 1) & (a->cap - 1);
  act_slot *sl = &a->slots[i];
  if (!sl->hash) {
    sl->hash = k;
    sl->ntok = ntok;
    sl->first = e;
    a->used++;
  } else {
    /* same name again: a conflict when the same kind gets another code */
    act_entry *last = sl->first;
    for (act_entry *o = sl->first; o; o = o->next) {
      last = o;
      if (o->kind == e->kind && o->kind != E_PLACE && o->kind != E_PERSON && o->kind != E_SURNAME &&
          o->kind != E_AGENT && o->code && e->code && strcmp(o->code, e->code) &&
          o->file && e->file)
        warn(a, "%s:%u: \"%.*s\" is %s here but %s at %s:%u; the first is used", e->file,
             e->line, (int)n, s, e->code, o->code, o->file, o->line);
      if (o->kind == e->kind && o->code && e->code && !strcmp(o->code, e->code) &&
          o->entity == e->entity &&
          (o->country == e->country ||
           (o->country && e->country && !strcmp(o->country, e->country)))) {
        o->capmask &= e->capmask; /* a capital only where every spelling has it */
        return DL_OK;             /* an exact duplicate */
      }
    }
    last->next = e;
  }
  if (ntok > a->max_tok) a->max_tok = ntok;
  a->entries++;
  return add_start(a, h1);
}

/* ------------------------------------------------------------ helpers */

bool act_parse_date(const char *s, bool end, int32_t *day) {
  if (!strcmp(s, "-") || !*s) {
    *day = end ? INT32_MAX : INT32_MIN;
    return true;
  }
  int y = 0, m = 0, d = 0, n = 0;
  char tail;
  n = sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail);
  if (n == 3 && dl_cal_valid(y, m, d)) {
    *day = (int32_t)dl_cal_days(y, m, d);
    return true;
  }
  if (n == 2 && strlen(s) == 7 && m >= 1 && m <= 12) {
    *day = (int32_t)dl_cal_days(y, m, end ? dl_cal_month_days(y, m) : 1);
    return true;
  }
  if (n == 1 && strlen(s) == 4 && y > 0) {
    *day = (int32_t)dl_cal_days(y, end ? 12 : 1, end ? 31 : 1);
    return true;
  }
  return false;
}

/* Reads a whole file; returns NULL (and sets err) on failure. */
static char *slurp(const char *path, size_t *len, dl_err *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    dl_err_set(err, DL_IO, "%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *b = malloc(cap);
  while (b) {
    if (n + 1 >= cap) {
      char *nb = realloc(b, cap * 2);
      if (!nb) {
        free(b);
        b = NULL;
        break;
      }
      b = nb;
      cap *= 2;
    }
    size_t got = fread(b + n, 1, cap - n - 1, fp);
    n += got;
    if (got == 0) break;
  }
  bool bad = ferror(fp);
  fclose(fp);
  if (!b) {
    dl_err_set(err, DL_NOMEM, "%s: out of memory", path);
    return NULL;
  }
  if (bad) {
    free(b);
    dl_err_set(err, DL_IO, "%s: read error", path);
    return NULL;
  }
  b[n] = '\0';
  *len = n;
  return b;
}

/* Splits s at " | " into at most max fields (trimmed, NUL-terminated in
 * place). Returns the count. */
static int fields(char *s, char **f, int max) {
  int n = 0;
  while (n < max) {
    while (*s == ' ' || *s == '\t') s++;
    f[n++] = s;
    char *bar = strstr(s, " | ");
    char *end = bar ? bar : s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t')) end--;
    bool last = !bar;
    *end = '\0';
    if (last) break;
    s = bar + 3;
  }
  return n;
}

/* Calls fn for each item of a "; "-separated list field. */
static int each_item(dl_actors *a, char *list, act_entry *proto,
                     int (*fn)(dl_actors *, const char *, act_entry *)) {
  if (!strcmp(list, "-") || !*list) return DL_OK;
  char *save = NULL;
  for (char *it = strtok_r(list, ";", &save); it; it = strtok_r(NULL, ";", &save)) {
    while (*it == ' ') it++;
    size_t n = strlen(it);
    while (n > 0 && it[n - 1] == ' ') it[--n] = '\0';
    if (!n) continue;
    int rc = fn(a, it, proto);
    if (rc == DL_NOMEM) return rc;
  }
  return DL_OK;
}

static int add_item(dl_actors *a, const char *name, act_entry *proto) {
  int rc = add_name(a, name, strlen(name), proto);
  if (rc == DL_ERROR)
    warn(a, "%s:%u: name \"%s\" is empty or longer than 16 tokens; skipped", proto->file,
         proto->line, name);
  return rc == DL_ERROR ? DL_OK : rc;
}

static bool valid_code(const char *c) {
  size_t n = strlen(c);
  if (n < 3 || n > 15) return false;
  for (size_t i = 0; i < n; i++)
    if (!isupper((unsigned char)c[i]) && !isdigit((unsigned char)c[i])) return false;
  return true;
}

/* -------------------------------------------------- Dateline's format */

enum { K_NONE, K_COUNTRIES, K_ORGS, K_AGENTS, K_PEOPLE, K_PLACES, K_SEATS };

static int own_line(dl_actors *a, int kind, char *line, const char *file, uint32_t ln) {
  char *f[8];
  static const int want[] = {0, 5, 3, 3, 6, 6, 3};
  int n = fields(line, f, 8);
  if (n != want[kind]) {
    warn(a, "%s:%u: %d fields, want %d (fields are separated by \" | \"); skipped", file, ln,
         n, want[kind]);
    return DL_OK;
  }
  act_entry e = {0};
  e.file = file;
  e.line = ln;
  int rc = DL_OK;
  switch (kind) {
  case K_COUNTRIES: {
    if (!valid_code(f[0]) || strlen(f[0]) != 3) {
      warn(a, "%s:%u: \"%s\" is not a three-letter country code; skipped", file, ln, f[0]);
      return DL_OK;
    }
    e.code = keep(a, f[0], 3);
    e.country = e.code;
    char *first = f[1];
    char *semi = strchr(first, ';');
    e.entity = keep(a, first, semi ? (size_t)(semi - first) : strlen(first));
    e.kind = E_COUNTRY;
    if ((rc = each_item(a, f[1], &e, add_item))) return rc;
    e.kind = E_ADJ;
    if ((rc = each_item(a, f[2], &e, add_item))) return rc;
    /* the capital: a place entry stands for the government */
    if (strcmp(f[3], "-")) {
      e.kind = E_PLACE;
      e.entity = keep(a, f[3], strlen(f[3]));
      e.role = "capital";
      e.lat = e.lon = 0;
    }
    /* context names: "the North [KOR]; ..." */
    if (strcmp(f[4], "-")) {
      char *save = NULL;
      for (char *it = strtok_r(f[4], ";", &save); it; it = strtok_r(NULL, ";", &save)) {
        char *br = strchr(it, '[');
        char *close = br ? strchr(br, ']') : NULL;
        if (!br || !close) {
          warn(a, "%s:%u: context name \"%s\" has no [CODES]; skipped", file, ln, it);
          continue;
        }
        act_entry c = e;
        c.kind = E_CTXNAME;
        c.entity = e.code;
        c.country = keep(a, br + 1, (size_t)(close - br - 1));
        *br = '\0';
        while (*it == ' ') it++;
        size_t len = strlen(it);
        while (len && it[len - 1] == ' ') it[--len] = '\0';
        if ((rc = add_item(a, it, &c))) return rc;
      }
    }
    return DL_OK;
  }
  case K_ORGS:
    if (!valid_code(f[0])) {
      warn(a, "%s:%u: \"%s\" is not an actor code; skipped", file, ln, f[0]);
      return DL_OK;
    }
    e.kind = E_ORG;
    e.code = keep(a, f[0], strlen(f[0]));
    {
      char *semi = strchr(f[1], ';');
      e.entity = keep(a, f[1], semi ? (size_t)(semi - f[1]) : strlen(f[1]));
    }
    return each_item(a, f[1], &e, add_item);
  case K_AGENTS:
    if (!valid_code(f[0]) || strlen(f[0]) % 3 || strlen(f[0]) > 9) {
      warn(a, "%s:%u: \"%s\" is not a role code (three letters, or two or three roles "
           "of three); skipped", file, ln, f[0]);
      return DL_OK;
    }
    e.kind = E_AGENT;
    e.code = keep(a, f[0], strlen(f[0]));
    if ((rc = each_item(a, f[1], &e, add_item))) return rc;
    e.plural = true;
    return each_item(a, f[2], &e, add_item);
  case K_PEOPLE: {
    int32_t from, to;
    if (!valid_code(f[2])) {
      warn(a, "%s:%u: \"%s\" is not an actor code; skipped", file, ln, f[2]);
      return DL_OK;
    }
    if (!act_parse_date(f[3], false, &from) || !act_parse_date(f[4], true, &to)) {
      warn(a, "%s:%u: dates \"%s\" to \"%s\" are not YYYY[-MM[-DD]] or -; skipped", file, ln,
           f[3], f[4]);
      return DL_OK;
    }
    if (to < from) {
      warn(a, "%s:%u: office ends (%s) before it starts (%s); skipped", file, ln, f[4], f[3]);
      return DL_OK;
    }
    e.kind = E_PERSON;
    e.entity = keep(a, f[0], strlen(f[0]));
    e.role = keep(a, f[5], strlen(f[5]));
    e.country = keep(a, f[2], 3);
    e.code = keep(a, f[2], strlen(f[2]));
    e.roles = dl_arena_alloc(&a->arena, sizeof *e.roles);
    if (!e.roles) return DL_NOMEM;
    e.roles[0].code = e.code;
    e.roles[0].from = from;
    e.roles[0].to = to;
    e.n_roles = 1;
    if ((rc = add_item(a, f[0], &e))) return rc;
    if ((rc = each_item(a, f[1], &e, add_item))) return rc;
    /* the first and last words of the name, for "President Moon" */
    e.kind = E_SURNAME;
    const char *sp = strchr(f[0], ' '), *lsp = strrchr(f[0], ' ');
    /* the first word is the family name in "President Moon" but a given
     * name in "Christian Wulff": it counts only after a title */
    e.first_word = true;
    if (sp && (rc = add_name(a, f[0], (size_t)(sp - f[0]), &e)) == DL_NOMEM) return rc;
    e.first_word = false;
    if (lsp && lsp != sp && (rc = add_name(a, lsp + 1, strlen(lsp + 1), &e)) == DL_NOMEM)
      return rc;
    if (lsp && lsp == sp && (rc = add_name(a, lsp + 1, strlen(lsp + 1), &e)) == DL_NOMEM)
      return rc;
    return DL_OK;
  }
  case K_PLACES: {
    char *end1, *end2;
    double lat = strtod(f[3], &end1), lon = strtod(f[4], &end2);
    if (*end1 || *end2 || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      warn(a, "%s:%u: coordinates \"%s\", \"%s\" are not a latitude and longitude; skipped",
           file, ln, f[3], f[4]);
      return DL_OK;
    }
    if (!valid_code(f[2]) || strlen(f[2]) != 3) {
      warn(a, "%s:%u: \"%s\" is not a three-letter country code; skipped", file, ln, f[2]);
      return DL_OK;
    }
    e.kind = E_PLACE;
    e.entity = keep(a, f[0], strlen(f[0]));
    e.country = keep(a, f[2], 3);
    e.lat = lat;
    e.lon = lon;
    e.role = keep(a, f[5], strlen(f[5]));
    if ((rc = add_item(a, f[0], &e))) return rc;
    return each_item(a, f[1], &e, add_item);
  }
  case K_SEATS:
    if (!valid_code(f[2])) {
      warn(a, "%s:%u: \"%s\" is not an actor code; skipped", file, ln, f[2]);
      return DL_OK;
    }
    e.kind = E_SEAT;
    e.code = keep(a, f[2], strlen(f[2]));
    e.entity = keep(a, f[0], strlen(f[0]));
    if ((rc = add_item(a, f[0], &e))) return rc;
    return each_item(a, f[1], &e, add_item);
  }
  return DL_OK;
}

/* Strips a comment: '#' at the start or after whitespace. */
static void strip_comment(char *s) {
  for (char *p = s; *p; p++)
    if (*p == '#' && (p == s || p[-1] == ' ' || p[-1] == '\t')) {
      *p = '\0';
      return;
    }
}

static void trim(char **s) {
  while (**s == ' ' || **s == '\t' || **s == '\r') (*s)++;
  size_t n = strlen(*s);
  while (n && ((*s)[n - 1] == ' ' || (*s)[n - 1] == '\t' || (*s)[n - 1] == '\r')) (*s)[--n] = '\0';
}

static int load_own(dl_actors *a, char *buf, const char *file, dl_err *err) {
  int kind = K_NONE;
  uint32_t ln = 0;
  size_t before = a->entries;
  char *p = buf;
  while (*p) {
    char *l = p;
    char *nl = strchr(p, '\n');
    if (nl) *nl = '\0';
    p = nl ? nl + 1 : p + strlen(p);
    ln++;
    strip_comment(l);
    trim(&l);
    if (!*l) continue;
    if (kind == K_NONE) {
      static const char *const kinds[] = {"", "countries", "orgs", "agents", "people",
                                          "places", "seats"};
      if (strncmp(l, "@kind ", 6)) {
        return dl_err_set(err, DL_CORRUPT, "%s:%u: expected \"@kind ...\" first", file, ln);
      }
      for (int k = 1; k < 7; k++)
        if (!strcmp(l + 6, kinds[k])) kind = k;
      if (kind == K_NONE)
        return dl_err_set(err, DL_CORRUPT, "%s:%u: unknown kind \"%s\"", file, ln, l + 6);
      continue;
    }
    if (l[0] == '@') continue; /* @version and future directives */
    int rc = own_line(a, kind, l, file, ln);
    if (rc) return dl_err_set(err, rc, "%s: out of memory", file);
  }
  if (a->entries == before && kind != K_NONE)
    warn(a, "%s: no usable entries", file);
  return DL_OK;
}

/* --------------------------------------------------- PETRARCH formats */

/* TABARI dates: YYMMDD (00-29 are 20xx, the rest 19xx) or YYYYMMDD. */
static bool petr_date(const char *s, size_t n, int32_t *day) {
  while (n && *s == ' ') s++, n--;
  while (n && s[n - 1] == ' ') n--;
  if (n != 6 && n != 8) return false;
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i])) return false;
  size_t o = n - 4;
  int yy = atoi((char[]){s[0], s[1], n == 8 ? s[2] : 0, n == 8 ? s[3] : 0, 0});
  int m = (s[o] - '0') * 10 + (s[o + 1] - '0'), d = (s[o + 2] - '0') * 10 + (s[o + 3] - '0');
  int y = n == 8 ? yy : yy < 30 ? 2000 + yy : 1900 + yy;
  if (!dl_cal_valid(y, m, d)) return false;
  *day = (int32_t)dl_cal_days(y, m, d);
  return true;
}

/* Parses "[CODE]", "[CODE 010120-090120]", "[CODE >090120]",
 * "[CODE <090120]" at s; returns false when malformed. */
static bool petr_code(dl_actors *a, const char *s, act_role *r) {
  const char *close = strchr(s, ']');
  if (*s != '[' || !close) return false;
  const char *p = s + 1;
  while (*p == ' ') p++;
  const char *ce = p;
  while (ce < close && *ce != ' ') ce++;
  if (ce == p) return false;
  char code[32];
  size_t n = (size_t)(ce - p) < sizeof code - 1 ? (size_t)(ce - p) : sizeof code - 1;
  for (size_t i = 0; i < n; i++) code[i] = (char)toupper((unsigned char)p[i]);
  code[n] = '\0';
  if (code[0] == '~') memmove(code, code + 1, n); /* agents: ~GOV */
  r->code = keep(a, code, strlen(code));
  r->from = INT32_MIN;
  r->to = INT32_MAX;
  p = ce;
  while (p < close && *p == ' ') p++;
  if (p == close) return true;
  const char *de = close;
  while (de > p && de[-1] == ' ') de--;
  if (*p == '>') return petr_date(p + 1, (size_t)(de - p - 1), &r->from);
  if (*p == '<') return petr_date(p + 1, (size_t)(de - p - 1), &r->to);
  const char *dash = memchr(p, '-', (size_t)(de - p));
  if (!dash) return false;
  if (dash > p && !petr_date(p, (size_t)(dash - p), &r->from)) return false;
  if (dash + 1 < de && !petr_date(dash + 1, (size_t)(de - dash - 1), &r->to)) return false;
  return true;
}

/* "SOUTH_KOREAN_OFFICIALS_" -> "SOUTH KOREAN OFFICIALS" into out. */
static size_t petr_name(const char *s, size_t n, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n && o + 1 < cap; i++) out[o++] = s[i] == '_' ? ' ' : s[i];
  while (o && out[o - 1] == ' ') o--;
  out[o] = '\0';
  return o;
}

static int strcasecmp_ascii3(const char *a, const char *b) {
  for (int i = 0; i < 3; i++)
    if (toupper((unsigned char)a[i]) != b[i]) return 1;
  return 0;
}

static int strncasecmp_ascii2(const char *a, const char *b) {
  return !(toupper((unsigned char)a[0]) == b[0] && toupper((unsigned char)a[1]) == b[1]);
}

/* Expands an agent name's !MACRO! with its alternatives and adds each. */
typedef struct macro {
  char name[32];
  char alts[8][32];
  int n;
} macro;

/* Adds a PETRARCH name; an agent also under its plural (PETRARCH
 * matches SOLDIER in SOLDIERS): +S, or Y -> IES, or +ES after S, X, CH,
 * SH; MAN -> MEN. Not when the entry gives its plurals in braces:
 * "POLICE {}" has none, "MAN {MEN}" only MEN (TABARI's rule). */
static int petr_add(dl_actors *a, const char *name, act_entry *e) {
  int rc = add_item(a, name, e);
  if (rc || e->kind != E_AGENT || e->own_plurals) return rc;
  size_t n = strlen(name);
  if (n < 2 || n > 200) return DL_OK;
  char pl[256];
  char last = (char)toupper((unsigned char)name[n - 1]);
  const char *prev2 = n >= 2 ? name + n - 2 : name;
  if (n >= 3 && !strcasecmp_ascii3(name + n - 3, "MAN"))
    snprintf(pl, sizeof pl, "%.*sMEN", (int)(n - 3), name);
  else if (last == 'Y' && !strchr("AEIOU", toupper((unsigned char)name[n - 2])))
    snprintf(pl, sizeof pl, "%.*sIES", (int)(n - 1), name);
  else if (last == 'S' || last == 'X' || !strncasecmp_ascii2(prev2, "CH") ||
           !strncasecmp_ascii2(prev2, "SH"))
    snprintf(pl, sizeof pl, "%sES", name);
  else
    snprintf(pl, sizeof pl, "%sS", name);
  act_entry p = *e;
  p.plural = true;
  return add_item(a, pl, &p);
}

static int petr_add_expanded(dl_actors *a, const char *name, act_entry *e, const macro *m,
                             int nm) {
  const char *b = strchr(name, '!');
  const char *c = b ? strchr(b + 1, '!') : NULL;
  if (!b || !c) return petr_add(a, name, e);
  for (int k = 0; k < nm; k++) {
    if ((size_t)(c - b - 1) != strlen(m[k].name) || strncmp(b + 1, m[k].name, (size_t)(c - b - 1)))
      continue;
    for (int j = 0; j < m[k].n; j++) {
      char buf[256];
      snprintf(buf, sizeof buf, "%.*s%s%s", (int)(b - name), name, m[k].alts[j], c + 1);
      int rc = petr_add_expanded(a, buf, e, m, nm);
      if (rc) return rc;
    }
    return DL_OK;
  }
  return petr_add(a, name, e); /* unknown macro: as written */
}

static bool grow_names(char (**names)[256], int *cap) {
  int nc = *cap ? *cap * 2 : 16;
  char(*p)[256] = realloc(*names, (size_t)nc * sizeof **names);
  if (!p) return false;
  *names = p;
  *cap = nc;
  return true;
}

static int load_petrarch(dl_actors *a, char *buf, const char *file, bool discards,
                         dl_err *err) {
  act_entry cur = {0};
  bool have = false;
  char (*names)[256] = NULL;
  int n_names = 0, cap_names = 0;
  act_role roles[32];
  int n_roles = 0;
  macro macros[16];
  int n_macros = 0;
  uint32_t ln = 0, start_ln = 0;
  size_t before = a->entries;
  int rc = DL_OK;
  /* flushes the current actor: every name gets every code */
  #define FLUSH()                                                          \
    do {                                                                   \
      if (have && n_names) {                                               \
        cur.roles = n_roles ? dl_arena_alloc(&a->arena, (size_t)n_roles * sizeof *roles) : NULL; \
        if (n_roles && !cur.roles) return dl_err_set(err, DL_NOMEM, "out of memory"); \
        if (n_roles) memcpy(cur.roles, roles, (size_t)n_roles * sizeof *roles); \
        cur.n_roles = (uint16_t)n_roles;                                   \
        cur.code = n_roles ? roles[0].code : NULL;                         \
        cur.line = start_ln;                                               \
        for (int k_ = 0; k_ < n_names && !rc; k_++)                        \
          rc = petr_add_expanded(a, names[k_], &cur, macros, n_macros);    \
        if (rc) {                                                          \
          free(names);                                                     \
          return dl_err_set(err, rc, "%s: out of memory", file);           \
        }                                                                  \
      }                                                                    \
      have = false;                                                        \
      n_names = n_roles = 0;                                               \
    } while (0)
  char *p = buf;
  while (*p) {
    char *l = p;
    char *nl = strchr(p, '\n');
    if (nl) *nl = '\0';
    p = nl ? nl + 1 : p + strlen(p);
    ln++;
    bool cont = l[0] == '\t' || l[0] == ' ';
    if (!strncmp(l, "<!--", 4) || !strncmp(l, "-->", 3)) continue;
    strip_comment(l);
    trim(&l);
    if (!*l) continue;
    if (discards) {
      act_entry e = {.kind = E_DISCARD, .file = file, .line = ln, .petrarch = true};
      char name[256];
      if (l[0] == '+') {
        e.story = true;
        l++;
      }
      petr_name(l, strlen(l), name, sizeof name);
      if ((rc = add_item(a, name, &e))) return dl_err_set(err, rc, "%s: out of memory", file);
      continue;
    }
    char *close_m = l[0] == '!' ? strchr(l + 1, '!') : NULL;
    char *after_m = close_m ? close_m + 1 : NULL;
    while (after_m && *after_m == ' ') after_m++;
    if (after_m && *after_m == '=') { /* !PERSON! = MAN, MEN, WOMAN */
      char *eq = after_m;
      char *close = close_m;
      if (n_macros == 16) {
        warn(a, "%s:%u: malformed macro line; skipped", file, ln);
        continue;
      }
      macro *m = &macros[n_macros];
      snprintf(m->name, sizeof m->name, "%.*s", (int)(close - l - 1), l + 1);
      m->n = 0;
      char *save = NULL;
      for (char *it = strtok_r(eq + 1, ",", &save); it && m->n < 8; it = strtok_r(NULL, ",", &save)) {
        trim(&it);
        snprintf(m->alts[m->n++], sizeof m->alts[0], "%s", it);
      }
      n_macros++;
      continue;
    }
    if (l[0] == '[') { /* a further code for the current actor */
      if (!have) {
        warn(a, "%s:%u: a code with no actor before it; skipped", file, ln);
        continue;
      }
      act_role r;
      if (!petr_code(a, l, &r) || n_roles == 32) {
        warn(a, "%s:%u: malformed code \"%s\"; skipped", file, ln, l);
        continue;
      }
      if (r.to < r.from) {
        warn(a, "%s:%u: date range of \"%s\" ends before it starts; skipped", file, ln, l);
        continue;
      }
      roles[n_roles++] = r;
      continue;
    }
    if (l[0] == '+') { /* a synonym */
      if (!have) {
        warn(a, "%s:%u: a synonym with no actor before it; skipped", file, ln);
        continue;
      }
      if (n_names == cap_names && !grow_names(&names, &cap_names)) {
        free(names);
        return dl_err_set(err, DL_NOMEM, "%s: out of memory", file);
      }
      petr_name(l + 1, strlen(l + 1), names[n_names++], sizeof names[0]);
      continue;
    }
    (void)cont;
    /* a new actor or agent: NAME [CODE ...] ... */
    FLUSH();
    if (!cap_names && !grow_names(&names, &cap_names))
      return dl_err_set(err, DL_NOMEM, "%s: out of memory", file);
    char *br = strchr(l, '[');
    char *brace = strchr(l, '{');
    size_t nlen = br ? (size_t)(br - l) : strlen(l);
    if (brace && (!br || brace < br)) nlen = (size_t)(brace - l);
    petr_name(l, nlen, names[0], sizeof names[0]);
    if (!names[0][0]) {
      warn(a, "%s:%u: no name before the code; skipped", file, ln);
      continue;
    }
    n_names = 1;
    have = true;
    start_ln = ln;
    cur = (act_entry){.kind = E_ACTOR, .file = file, .petrarch = true};
    while (br) {
      act_role r;
      if (!petr_code(a, br, &r) || n_roles == 32) {
        warn(a, "%s:%u: malformed code \"%s\"; skipped", file, ln, br);
        break;
      }
      if (r.to < r.from) {
        warn(a, "%s:%u: date range ends before it starts; skipped", file, ln);
      } else {
        roles[n_roles++] = r;
      }
      br = strchr(br + 1, '[');
    }
    /* an agent: its code is "~GOV" (a suffix) or "NGO~" (a prefix) */
    if (strchr(l, '[')) {
      const char *c0 = strchr(l, '[') + 1;
      while (*c0 == ' ') c0++;
      const char *c1 = strchr(c0, ']');
      if (*c0 == '~' || (c1 && c1 > c0 && c1[-1] == '~')) {
        cur.kind = E_AGENT;
        a->petr_agents = true;
      }
    }
    /* "{CHILDREN}": further names (irregular plurals) */
    if (brace && (!br || brace < br)) {
      cur.own_plurals = true;
      char *be = strchr(brace, '}');
      for (char *q = brace + 1; be && q < be;) {
        while (q < be && *q == ' ') q++;
        char *qe = q;
        while (qe < be && *qe != ' ') qe++;
        if (qe > q) {
          if (n_names == cap_names && !grow_names(&names, &cap_names)) {
            free(names);
            return dl_err_set(err, DL_NOMEM, "%s: out of memory", file);
          }
          petr_name(q, (size_t)(qe - q), names[n_names++], sizeof names[0]);
        }
        q = qe;
      }
    }
  }
  FLUSH();
  #undef FLUSH
  free(names);
  if (a->entries == before) warn(a, "%s: no usable entries", file);
  return DL_OK;
}

/* ------------------------------------------------------------- loads */

int dl_actors_load(dl_actors *a, const char *path, dl_err *err) {
  size_t len;
  char *buf = slurp(path, &len, err);
  if (!buf) return err ? err->code : DL_IO;
  const char *file = keep(a, path, strlen(path));
  if (!file) {
    free(buf);
    return dl_err_set(err, DL_NOMEM, "out of memory");
  }
  /* which format: ours starts with @kind; PETRARCH discards have no
   * codes; agents have [~CODE]; actors have [CODE] */
  const char *p = buf;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    const char *q = p;
    while (q < p + n && (*q == ' ' || *q == '\t')) q++;
    if (q < p + n && *q != '#') break;
    p = e ? e + 1 : p + n;
  }
  int rc;
  if (!strncmp(p, "@kind", 5)) rc = load_own(a, buf, file, err);
  else {
    bool discards = !strchr(buf, '[') && !strstr(buf, "<Sentence");
    rc = load_petrarch(a, buf, file, discards, err);
  }
  free(buf);
  return rc;
}

int dl_actors_load_dir(dl_actors *a, const char *dir, dl_err *err) {
  static const char *const files[] = {"countries.txt", "orgs.txt", "agents.txt",
                                      "people.txt",    "places.txt", "seats.txt", NULL};
  for (const char *const *f = files; *f; f++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, *f);
    int rc = dl_actors_load(a, path, err);
    if (rc) return rc;
  }
  return DL_OK;
}

/* Country codes: ISO alpha-2 (GeoNames) to alpha-3, from the countries
 * dictionary's own codes where possible. A short fixed table of the
 * alpha-2 codes (facts) keeps GeoNames loading independent of it. */
static const char *alpha3(const char *a2);

/* GeoNames' admin-1 names (admin1CodesASCII.txt: "US.CA", TAB, name,
 * ...), sorted by code for bsearch; names kept in the actors' arena. */
typedef struct admin1_name {
  char code[24];
  const char *name;
} admin1_name;

static int admin1_cmp(const void *x, const void *y) {
  return strcmp(((const admin1_name *)x)->code, ((const admin1_name *)y)->code);
}

/* Reads admin1CodesASCII.txt next to the gazetteer at path, if there is
 * one; *out NULL and *n 0 otherwise. Returns DL_OK or DL_NOMEM. */
static int load_admin1(dl_actors *a, const char *path, admin1_name **out, size_t *n) {
  *out = NULL;
  *n = 0;
  const char *slash = strrchr(path, '/');
  size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
  char name[4096];
  if (dirlen + 32 > sizeof name) return DL_OK;
  snprintf(name, sizeof name, "%.*sadmin1CodesASCII.txt", (int)dirlen, path);
  FILE *fp = fopen(name, "r");
  if (!fp) return DL_OK;
  admin1_name *v = NULL;
  size_t cap = 0;
  char *line = NULL;
  size_t lcap = 0;
  ssize_t len;
  int rc = DL_OK;
  while (rc == DL_OK && (len = getline(&line, &lcap, fp)) > 0) {
    char *tab = strchr(line, '\t');
    if (!tab || (size_t)(tab - line) >= sizeof v->code) continue;
    char *nm = tab + 1, *end = nm + strcspn(nm, "\t\r\n");
    if (end == nm) continue;
    if (*n == cap) {
      cap = cap ? cap * 2 : 1024;
      admin1_name *nv = realloc(v, cap * sizeof *nv);
      if (!nv) {
        rc = DL_NOMEM;
        break;
      }
      v = nv;
    }
    admin1_name *x = &v[*n];
    snprintf(x->code, sizeof x->code, "%.*s", (int)(tab - line), line);
    if (!(x->name = keep(a, nm, (size_t)(end - nm)))) rc = DL_NOMEM;
    else (*n)++;
  }
  free(line);
  fclose(fp);
  if (rc) {
    free(v);
    *n = 0;
    return rc;
  }
  if (*n) qsort(v, *n, sizeof *v, admin1_cmp);
  *out = v;
  return DL_OK;
}

/* The entries under name s, tokenized and hashed as add_name does. */
static act_entry *lookup_name(const dl_actors *a, const char *s) {
  dl_tokvec v;
  size_t b;
  uint64_t h, h1;
  if (hash_name(s, strlen(s), &v, &b, &h, &h1) != DL_OK) return NULL;
  act_entry *e = act_lookup(a, h, (uint8_t)(v.n - b));
  free(v.v);
  return e;
}

/* Gives the places of Dateline's own dictionary (no regions there) the
 * admin-1 region of the GeoNames place of the same main name and country
 * nearest to them, within half a degree: "Jiddah" (an alternate name of
 * Jeddah) gets Jeddah's region, a town of the same name elsewhere in the
 * country gives none. */
static void admin1_own_places(dl_actors *a) {
  for (size_t i = 0; i < a->cap; i++) {
    for (act_entry *e = a->slots[i].hash ? a->slots[i].first : NULL; e; e = e->next) {
      if (e->kind != E_PLACE || e->admin1 || e->pop || !e->entity || !e->country) continue;
      double best_d = 0.25; /* squared degrees */
      for (act_entry *x = lookup_name(a, e->entity); x; x = x->next) {
        if (x->kind != E_PLACE || !x->admin1 || !x->country || strcmp(x->country, e->country))
          continue;
        double dl = x->lat - e->lat, dn = x->lon - e->lon, d = dl * dl + dn * dn;
        if (d < best_d) {
          best_d = d;
          e->admin1 = x->admin1;
        }
      }
    }
  }
}

int dl_actors_load_geonames(dl_actors *a, const char *path, dl_err *err) {
  FILE *fp = fopen(path, "r");
  if (!fp) return dl_err_set(err, DL_IO, "%s: cannot open: %s", path, strerror(errno));
  const char *file = keep(a, path, strlen(path));
  admin1_name *admin1 = NULL;
  size_t n_admin1 = 0;
  if (load_admin1(a, path, &admin1, &n_admin1)) {
    fclose(fp);
    return dl_err_set(err, DL_NOMEM, "%s: out of memory", path);
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  uint32_t ln = 0;
  int rc = DL_OK;
  while ((n = getline(&line, &cap, fp)) > 0) {
    ln++;
    if (line[n - 1] == '\n') line[--n] = '\0';
    char *f[19];
    int k = 0;
    char *s = line;
    while (k < 19) {
      f[k++] = s;
      char *t = strchr(s, '\t');
      if (!t) break;
      *t = '\0';
      s = t + 1;
    }
    if (k < 15) {
      warn(a, "%s:%u: %d columns, want 19; skipped", file, ln, k);
      continue;
    }
    const char *c3 = alpha3(f[8]);
    char *e1, *e2;
    double lat = strtod(f[4], &e1), lon = strtod(f[5], &e2);
    if (!c3 || *e1 || *e2) {
      warn(a, "%s:%u: unknown country \"%s\" or bad coordinates; skipped", file, ln, f[8]);
      continue;
    }
    act_entry e = {.kind = E_PLACE, .file = file, .line = ln, .lat = lat, .lon = lon,
                   .country = c3, .role = "city", .pop = (uint32_t)strtoul(f[14], NULL, 10)};
    if (n_admin1 && f[10][0]) { /* column 11: the admin-1 code, "CA" in "US.CA" */
      admin1_name key;
      snprintf(key.code, sizeof key.code, "%s.%s", f[8], f[10]);
      const admin1_name *hit = bsearch(&key, admin1, n_admin1, sizeof *admin1, admin1_cmp);
      if (hit) e.admin1 = hit->name;
    }
    e.entity = keep(a, f[1], strlen(f[1]));
    if (!e.entity || (rc = add_item(a, f[1], &e)) || (strcmp(f[2], f[1]) && (rc = add_item(a, f[2], &e))))
      break;
  }
  free(line);
  if (rc == DL_OK && n_admin1) admin1_own_places(a);
  free(admin1);
  fclose(fp);
  if (rc) return dl_err_set(err, DL_NOMEM, "%s: out of memory", path);
  return DL_OK;
}

static const char *alpha3(const char *a2) {
  static const char *const map[] = {
      "AD", "AND", "AE", "ARE", "AF", "AFG", "AG", "ATG", "AI", "AIA", "AL", "ALB", "AM", "ARM",
      "AO", "AGO", "AR", "ARG", "AS", "ASM", "AT", "AUT", "AU", "AUS", "AW", "ABW", "AX", "ALA",
      "AZ", "AZE", "BA", "BIH", "BB", "BRB", "BD", "BGD", "BE", "BEL", "BF", "BFA", "BG", "BGR",
      "BH", "BHR", "BI", "BDI", "BJ", "BEN", "BL", "BLM", "BM", "BMU", "BN", "BRN", "BO", "BOL",
      "BQ", "BES", "BR", "BRA", "BS", "BHS", "BT", "BTN", "BW", "BWA", "BY", "BLR", "BZ", "BLZ",
      "CA", "CAN", "CC", "CCK", "CD", "COD", "CF", "CAF", "CG", "COG", "CH", "CHE", "CI", "CIV",
      "CK", "COK", "CL", "CHL", "CM", "CMR", "CN", "CHN", "CO", "COL", "CR", "CRI", "CU", "CUB",
      "CV", "CPV", "CW", "CUW", "CX", "CXR", "CY", "CYP", "CZ", "CZE", "DE", "DEU", "DJ", "DJI",
      "DK", "DNK", "DM", "DMA", "DO", "DOM", "DZ", "DZA", "EC", "ECU", "EE", "EST", "EG", "EGY",
      "EH", "ESH", "ER", "ERI", "ES", "ESP", "ET", "ETH", "FI", "FIN", "FJ", "FJI", "FK", "FLK",
      "FM", "FSM", "FO", "FRO", "FR", "FRA", "GA", "GAB", "GB", "GBR", "GD", "GRD", "GE", "GEO",
      "GF", "GUF", "GG", "GGY", "GH", "GHA", "GI", "GIB", "GL", "GRL", "GM", "GMB", "GN", "GIN",
      "GP", "GLP", "GQ", "GNQ", "GR", "GRC", "GT", "GTM", "GU", "GUM", "GW", "GNB", "GY", "GUY",
      "HK", "HKG", "HN", "HND", "HR", "HRV", "HT", "HTI", "HU", "HUN", "ID", "IDN", "IE", "IRL",
      "IL", "ISR", "IM", "IMN", "IN", "IND", "IQ", "IRQ", "IR", "IRN", "IS", "ISL", "IT", "ITA",
      "JE", "JEY", "JM", "JAM", "JO", "JOR", "JP", "JPN", "KE", "KEN", "KG", "KGZ", "KH", "KHM",
      "KI", "KIR", "KM", "COM", "KN", "KNA", "KP", "PRK", "KR", "KOR", "KW", "KWT", "KY", "CYM",
      "KZ", "KAZ", "LA", "LAO", "LB", "LBN", "LC", "LCA", "LI", "LIE", "LK", "LKA", "LR", "LBR",
      "LS", "LSO", "LT", "LTU", "LU", "LUX", "LV", "LVA", "LY", "LBY", "MA", "MAR", "MC", "MCO",
      "MD", "MDA", "ME", "MNE", "MF", "MAF", "MG", "MDG", "MH", "MHL", "MK", "MKD", "ML", "MLI",
      "MM", "MMR", "MN", "MNG", "MO", "MAC", "MP", "MNP", "MQ", "MTQ", "MR", "MRT", "MS", "MSR",
      "MT", "MLT", "MU", "MUS", "MV", "MDV", "MW", "MWI", "MX", "MEX", "MY", "MYS", "MZ", "MOZ",
      "NA", "NAM", "NC", "NCL", "NE", "NER", "NF", "NFK", "NG", "NGA", "NI", "NIC", "NL", "NLD",
      "NO", "NOR", "NP", "NPL", "NR", "NRU", "NU", "NIU", "NZ", "NZL", "OM", "OMN", "PA", "PAN",
      "PE", "PER", "PF", "PYF", "PG", "PNG", "PH", "PHL", "PK", "PAK", "PL", "POL", "PM", "SPM",
      "PN", "PCN", "PR", "PRI", "PS", "PSE", "PT", "PRT", "PW", "PLW", "PY", "PRY", "QA", "QAT",
      "RE", "REU", "RO", "ROU", "RS", "SRB", "RU", "RUS", "RW", "RWA", "SA", "SAU", "SB", "SLB",
      "SC", "SYC", "SD", "SDN", "SE", "SWE", "SG", "SGP", "SH", "SHN", "SI", "SVN", "SJ", "SJM",
      "SK", "SVK", "SL", "SLE", "SM", "SMR", "SN", "SEN", "SO", "SOM", "SR", "SUR", "SS", "SSD",
      "ST", "STP", "SV", "SLV", "SX", "SXM", "SY", "SYR", "SZ", "SWZ", "TC", "TCA", "TD", "TCD",
      "TG", "TGO", "TH", "THA", "TJ", "TJK", "TK", "TKL", "TL", "TLS", "TM", "TKM", "TN", "TUN",
      "TO", "TON", "TR", "TUR", "TT", "TTO", "TV", "TUV", "TW", "TWN", "TZ", "TZA", "UA", "UKR",
      "UG", "UGA", "UM", "UMI", "US", "USA", "UY", "URY", "UZ", "UZB", "VA", "VAT", "VC", "VCT",
      "VE", "VEN", "VG", "VGB", "VI", "VIR", "VN", "VNM", "VU", "VUT", "WF", "WLF", "WS", "WSM",
      "XK", "XKX", "YE", "YEM", "YT", "MYT", "ZA", "ZAF", "ZM", "ZMB", "ZW", "ZWE", NULL};
  for (size_t i = 0; map[i]; i += 2)
    if (!strcmp(map[i], a2)) return map[i + 1];
  return NULL;
}
