/*
 * lexicon.c -- the event lexicon: the CAMEO code table (data/cameo.tsv)
 * and the verb and noun patterns (data/verbs.txt), in the formats of
 * docs/lexicon.md.
 *
 * Patterns are kept in one array sorted by (lemma, noun) once loading is
 * done, so the coder finds a lemma's patterns by binary search. Every
 * pattern points at its code's table entry; a pattern whose code the table
 * lacks is a warning and is skipped, so load the table first
 * (dl_events_load_dir does).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "events/events_internal.h"

void ev_warn(dl_events *e, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (e->n_warnings == e->cap_warnings) {
    size_t cap = e->cap_warnings ? e->cap_warnings * 2 : 16;
    char **w = realloc(e->warnings, cap * sizeof *w);
    if (!w) return;
    e->warnings = w;
    e->cap_warnings = cap;
  }
  if ((e->warnings[e->n_warnings] = strdup(buf))) e->n_warnings++;
}

size_t dl_events_warning_count(const dl_events *e) { return e->n_warnings; }
const char *dl_events_warning(const dl_events *e, size_t i) {
  return i < e->n_warnings ? e->warnings[i] : NULL;
}

int dl_events_new(dl_events **out, dl_err *err) {
  dl_events *e = calloc(1, sizeof *e);
  if (!e) return dl_err_set(err, DL_NOMEM, "out of memory");
  dl_arena_init(&e->arena);
  *out = e;
  return DL_OK;
}

void dl_events_free(dl_events *e) {
  if (!e) return;
  ev_petr_free(e->petr);
  dl_arena_free(&e->arena);
  free(e->codes);
  free(e->pats);
  free(e->pat_idx);
  for (size_t i = 0; i < e->n_warnings; i++) free(e->warnings[i]);
  free(e->warnings);
  free(e);
}

const char *dl_mode_name(int mode) {
  static const char *const names[] = {"asserted", "negated", "future", "hypothetical",
                                      "conditional"};
  return mode >= 0 && mode < 5 ? names[mode] : "asserted";
}

static int cmp_code(const void *a, const void *b) {
  return strcmp(((const ev_code *)a)->code, ((const ev_code *)b)->code);
}

const ev_code *ev_find_code(const dl_events *e, const char *code) {
  if (!e->n_codes) return NULL;
  ev_code key;
  snprintf(key.code, sizeof key.code, "%s", code);
  return bsearch(&key, e->codes, e->n_codes, sizeof *e->codes, cmp_code);
}

bool ev_in_list(const char *list, const char *word) {
  if (!list || !word) return false;
  size_t n = strlen(word);
  for (const char *p = list; *p;) {
    const char *bar = strchr(p, '|');
    size_t m = bar ? (size_t)(bar - p) : strlen(p);
    if (m == n && !strncasecmp(p, word, n)) return true;
    if (!bar) break;
    p = bar + 1;
  }
  return false;
}

static int cmp_pat(const void *a, const void *b) {
  const ev_pattern *x = a, *y = b;
  int c = strcmp(x->lemma, y->lemma);
  if (c) return c;
  return (int)x->noun - (int)y->noun;
}

/* FNV-1a of a lowercase lemma and the noun flag. */
static uint32_t pat_hash(const char *low, bool noun) {
  uint32_t h = 2166136261u;
  for (const char *p = low; *p; p++) h = (h ^ (uint8_t)*p) * 16777619u;
  return (h ^ (noun ? 0x9e3779b9u : 0)) * 16777619u;
}

/* Builds e->pat_idx over the sorted patterns. false when out of memory. */
static bool index_patterns(dl_events *e) {
  free(e->pat_idx);
  e->pat_idx = NULL;
  e->pat_mask = 0;
  if (!e->n_pats) return true;
  size_t cap = 16;
  while (cap < 2 * e->n_pats) cap *= 2;
  uint32_t *idx = calloc(cap, sizeof *idx);
  if (!idx) return false;
  for (size_t i = 0; i < e->n_pats; i++) {
    if (i && e->pats[i].noun == e->pats[i - 1].noun && !strcmp(e->pats[i].lemma, e->pats[i - 1].lemma))
      continue; /* the run's first pattern stands for it */
    size_t h = pat_hash(e->pats[i].lemma, e->pats[i].noun) & (cap - 1);
    while (idx[h]) h = (h + 1) & (cap - 1);
    idx[h] = (uint32_t)i + 1;
  }
  e->pat_idx = idx;
  e->pat_mask = (uint32_t)(cap - 1);
  return true;
}

void ev_patterns_of(const dl_events *e, const char *lemma, bool noun, size_t *first, size_t *n) {
  *first = *n = 0;
  if (!lemma || !e->n_pats || !e->pat_idx) return;
  char low[64];
  size_t k = 0;
  for (; lemma[k] && k < sizeof low - 1; k++) low[k] = (char)tolower((unsigned char)lemma[k]);
  low[k] = '\0';
  for (size_t h = pat_hash(low, noun) & e->pat_mask; e->pat_idx[h]; h = (h + 1) & e->pat_mask) {
    size_t lo = e->pat_idx[h] - 1;
    if (e->pats[lo].noun != noun || strcmp(e->pats[lo].lemma, low)) continue;
    size_t i = lo;
    while (i < e->n_pats && e->pats[i].noun == noun && !strcmp(e->pats[i].lemma, low)) i++;
    *first = lo;
    *n = i - lo;
    return;
  }
}

void ev_patterns_tok(const dl_events *e, const dl_token *t, bool noun, size_t *first,
                     size_t *n) {
  const char *lemma = t->lemma ? t->lemma : t->form;
  ev_patterns_of(e, lemma, noun, first, n);
  if (*n || noun || !t->form) return;
  /* a verb whose lemma the lexicon does not know: the regular bases its
   * form suggests ("rioted" -> "riot" where the lemmatizer, which learned
   * "voted" -> "vote", says "riote"; "stopped" -> "stop") */
  char f[64];
  size_t len = strlen(t->form);
  if (len < 4 || len >= sizeof f) return;
  for (size_t i = 0; i < len; i++) f[i] = (char)tolower((unsigned char)t->form[i]);
  f[len] = '\0';
  static const struct {
    const char *end, *add;
  } rules[] = {{"ied", "y"}, {"ed", ""}, {"ed", "e"}, {"ing", ""}, {"ing", "e"}, {"ies", "y"},
               {"es", ""}, {"s", ""}};
  for (size_t r = 0; r < sizeof rules / sizeof *rules; r++) {
    size_t el = strlen(rules[r].end), al = strlen(rules[r].add);
    if (len <= el + 2 || strcmp(f + len - el, rules[r].end)) continue;
    char b[72];
    size_t bl = len - el;
    memcpy(b, f, bl);
    for (int twice = 0; twice < 2; twice++) {
      /* "stopp" -> "stop": a doubled final consonant, once */
      if (twice) {
        if (al || bl < 3 || b[bl - 1] != b[bl - 2] || strchr("aeiouy", b[bl - 1])) break;
        bl--;
      }
      memcpy(b + bl, rules[r].add, al + 1);
      if (!strcmp(b, lemma)) continue;
      ev_patterns_of(e, b, false, first, n);
      if (*n) return;
    }
  }
}

static const char *keep(dl_events *e, const char *s, size_t n) {
  return dl_arena_strndup(&e->arena, s, n);
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = '\0';
  return s;
}

/* ------------------------------------------------------- cameo.tsv */

static int load_codes(dl_events *e, char *buf, const char *file) {
  uint32_t ln = 0;
  for (char *p = buf; *p;) {
    char *l = p, *nl = strchr(p, '\n');
    if (nl) *nl = '\0';
    p = nl ? nl + 1 : p + strlen(p);
    ln++;
    if (ln == 1 || !*trim(l) || l[0] == '#') continue;
    char *f[6];
    int n = 0;
    for (char *q = l; n < 6;) {
      f[n++] = q;
      char *t = strchr(q, '\t');
      if (!t) break;
      *t = '\0';
      q = t + 1;
    }
    char *end;
    double g = n == 6 ? strtod(f[2], &end) : 0;
    int quad = n == 6 ? atoi(f[3]) : 0;
    size_t cl = n ? strlen(f[0]) : 0;
    if (n != 6 || cl < 2 || cl > 4 || strspn(f[0], "0123456789") != cl || *end || g < -10 ||
        g > 10 || quad < 1 || quad > 4) {
      ev_warn(e, "%s:%u: want code, name, goldstein (-10..10), quad (1-4), plover, root; "
              "skipped", file, ln);
      continue;
    }
    if (e->n_codes == e->cap_codes) {
      size_t cap = e->cap_codes ? e->cap_codes * 2 : 512;
      ev_code *c = realloc(e->codes, cap * sizeof *c);
      if (!c) return DL_NOMEM;
      e->codes = c;
      e->cap_codes = cap;
    }
    ev_code *c = &e->codes[e->n_codes++];
    memset(c, 0, sizeof *c);
    snprintf(c->code, sizeof c->code, "%s", f[0]);
    memcpy(c->root, f[0], 2);
    c->name = keep(e, f[1], strlen(f[1]));
    c->plover = strcmp(f[4], "-") ? keep(e, f[4], strlen(f[4])) : NULL;
    c->goldstein = g;
    c->quad = quad;
  }
  qsort(e->codes, e->n_codes, sizeof *e->codes, cmp_code);
  for (size_t i = 1; i < e->n_codes; i++)
    if (!strcmp(e->codes[i].code, e->codes[i - 1].code))
      ev_warn(e, "%s: code %s is listed twice", file, e->codes[i].code);
  return DL_OK;
}

/* ------------------------------------------------------- verbs.txt */

static int add_pattern(dl_events *e, const ev_pattern *p) {
  if (e->n_pats == e->cap_pats) {
    size_t cap = e->cap_pats ? e->cap_pats * 2 : 1024;
    ev_pattern *np = realloc(e->pats, cap * sizeof *np);
    if (!np) return DL_NOMEM;
    e->pats = np;
    e->cap_pats = cap;
  }
  e->pats[e->n_pats++] = *p;
  return DL_OK;
}

/* Parses one pattern "lemma [particle] [+ obj] [> prep] [@ clause]",
 * adding one pattern per lemma alternative. */
static int parse_pattern(dl_events *e, char *s, bool noun, const ev_code *code,
                         const char *file, uint32_t ln) {
  ev_pattern p = {.noun = noun, .code = code, .file = file, .line = ln};
  char *words[16];
  int n = 0;
  for (char *save = NULL, *w = strtok_r(s, " \t", &save); w && n < 16; w = strtok_r(NULL, " \t", &save))
    words[n++] = w;
  if (n == 0) return DL_OK;
  char particle[64] = "";
  int i = 1;
  for (; i < n && words[i][0] != '+' && words[i][0] != '>' && words[i][0] != '@'; i++) {
    if (strlen(particle) + strlen(words[i]) + 2 >= sizeof particle) break;
    if (particle[0]) strcat(particle, " ");
    strcat(particle, words[i]);
  }
  for (; i + 1 < n; i += 2) {
    const char *v = words[i + 1];
    switch (words[i][0]) {
    case '+': p.objects = keep(e, v, strlen(v)); break;
    case '>': p.preps = keep(e, v, strlen(v)); break;
    case '@': p.clause = !strcmp(v, "to") ? 't' : !strcmp(v, "that") ? 'h' : 0; break;
    default:
      ev_warn(e, "%s:%u: unexpected \"%s\" in a pattern; skipped", file, ln, words[i]);
      return DL_OK;
    }
  }
  if (i < n) {
    ev_warn(e, "%s:%u: \"%s\" needs a value after it; skipped", file, ln, words[i]);
    return DL_OK;
  }
  if (particle[0]) p.particle = keep(e, particle, strlen(particle));
  /* lemma alternatives: criticize|criticise */
  for (char *save = NULL, *alt = strtok_r(words[0], "|", &save); alt; alt = strtok_r(NULL, "|", &save)) {
    for (char *c = alt; *c; c++) *c = (char)tolower((unsigned char)*c);
    p.lemma = keep(e, alt, strlen(alt));
    if (!p.lemma || add_pattern(e, &p)) return DL_NOMEM;
  }
  return DL_OK;
}

static int load_verbs(dl_events *e, char *buf, const char *file) {
  uint32_t ln = 0;
  bool header = false;
  for (char *p = buf; *p;) {
    char *l = p, *nl = strchr(p, '\n');
    if (nl) *nl = '\0';
    p = nl ? nl + 1 : p + strlen(p);
    ln++;
    char *hash = strchr(l, '#');
    if (hash && (hash == l || hash[-1] == ' ' || hash[-1] == '\t')) *hash = '\0';
    l = trim(l);
    if (!*l) continue;
    if (!header) {
      if (strcmp(l, "@kind verbs")) return -1;
      header = true;
      continue;
    }
    if (!strncmp(l, "pair ", 5)) {
      char a[8], b[8];
      if (sscanf(l + 5, "%7s %7s", a, b) == 2 && e->n_pairs < 8) {
        strcpy(e->pair_from[e->n_pairs], a);
        strcpy(e->pair_to[e->n_pairs++], b);
      } else {
        ev_warn(e, "%s:%u: want \"pair CODE CODE\"; skipped", file, ln);
      }
      continue;
    }
    bool noun = !strncmp(l, "noun ", 5);
    if (noun) l = trim(l + 5);
    char *bar = strstr(l, " | ");
    if (!bar) {
      ev_warn(e, "%s:%u: want \"CODE | patterns\"; skipped", file, ln);
      continue;
    }
    *bar = '\0';
    char *code = trim(l);
    const ev_code *c = ev_find_code(e, code);
    if (!c) {
      ev_warn(e, "%s:%u: code %s is not in the code table; skipped", file, ln, code);
      continue;
    }
    char *pats = bar + 3;
    for (char *save = NULL, *pt = strtok_r(pats, ";", &save); pt; pt = strtok_r(NULL, ";", &save)) {
      pt = trim(pt);
      if (*pt && parse_pattern(e, pt, noun, c, file, ln)) return DL_NOMEM;
    }
  }
  qsort(e->pats, e->n_pats, sizeof *e->pats, cmp_pat);
  return index_patterns(e) ? DL_OK : DL_NOMEM;
}

int dl_events_load(dl_events *e, const char *path, dl_err *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return dl_err_set(err, DL_IO, "%s: cannot open: %s", path, strerror(errno));
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (n + 1 >= cap) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, fp);
    if (!got) break;
    n += got;
  }
  fclose(fp);
  if (!buf) return dl_err_set(err, DL_NOMEM, "%s: out of memory", path);
  buf[n] = '\0';
  const char *file = keep(e, path, strlen(path));
  int rc;
  if (!strncmp(buf, "code\t", 5)) {
    rc = load_codes(e, buf, file);
  } else if (ev_petr_sniff(buf)) {
    rc = ev_petr_load(e, buf, file);
    if (rc == -1) {
      free(buf);
      return dl_err_set(err, DL_CORRUPT, "%s: no verb block or pattern in it", path);
    }
  } else {
    rc = load_verbs(e, buf, file);
    if (rc == -1) {
      free(buf);
      return dl_err_set(err, DL_CORRUPT, "%s:1: neither a code table (\"code\\t...\") nor "
                                         "a lexicon (\"@kind verbs\")", path);
    }
  }
  free(buf);
  if (rc) return dl_err_set(err, rc, "%s: out of memory", path);
  return DL_OK;
}

int dl_events_load_dir(dl_events *e, const char *dir, dl_err *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/cameo.tsv", dir);
  int rc = dl_events_load(e, path, err);
  if (rc) return rc;
  snprintf(path, sizeof path, "%s/verbs.txt", dir);
  return dl_events_load(e, path, err);
}
