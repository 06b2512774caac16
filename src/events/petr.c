/*
 * petr.c -- PETRARCH/TABARI verb dictionaries (CAMEO.2.0.txt, the
 * validation suites' verb files) and the coder that applies them.
 *
 * The format, as this loader reads it:
 *
 *   &NAME                      a synonym set; its members follow, one a
 *   +WORD_WORD                 line, and may name other sets (+&OTHER)
 *
 *   --- VERB  [code] ---       a verb block and its default code; [---]
 *                              is none, [a:b] a code and the code of the
 *                              mirror event (target -> source)
 *   VERB {FORM FORM}           verbs of the block, with irregular forms;
 *   WIRE_+TAP [code]           regular ones (S, ED, ING) are made up when
 *                              none are given. In a phrase, + marks the verb
 *                              word; a code after it overrides the block's
 *   - LOWER * UPPER [code]     a pattern: LOWER are words before the verb
 *                              (* marks it), UPPER words after it
 *
 * In a pattern, words joined by '_' must touch; words apart may have other
 * words between them. $ is the source's place, + the target's, % a
 * compound whose members act on each other, ^ skips a phrase (taken as a
 * gap), &NAME any member of a set. (...) and {...} of the PETRARCH-2 file
 * group words that touch. A trailing '_' (exact word) changes nothing
 * here: words always match whole, case-insensitively.
 *
 * Coding a sentence: every token tagged as a verb whose form is a verb of
 * the dictionary is tried with its block's patterns, longest first; the
 * first that fits gives the code, else the verb's or block's default.
 * The source is the pattern's $, else the actor in the verb's subject
 * (climbing control, coordination and reported speech), else the first
 * actor before the verb; the target the pattern's +, else the first actor
 * after it. Actors joined by "and" or commas are compounds: one event per
 * member. With require_dyad (the default) both sides must be coded.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "events/events_internal.h"

enum { PV_WORD, PV_SYN, PV_SRC, PV_TGT, PV_CMP, PV_SKIP };

typedef struct pv_elem {
  uint8_t kind;
  uint8_t adj; /* touches the element before it (nearer the verb) */
  uint16_t syn;
  const char *word; /* PV_WORD: uppercase; PV_SYN before resolution: name */
} pv_elem;

typedef struct pv_pat {
  pv_elem *low; /* nearest the verb first */
  pv_elem *up;
  uint8_t n_low, n_up;
  uint8_t low_adj, up_adj; /* the first element must touch the verb */
  const char *code, *code2; /* code NULL: no event */
  uint32_t line, order;
  uint32_t group;
} pv_pat;

typedef struct pv_verb {
  const char **words;
  uint8_t n, at; /* words[at] is the verb word */
  const char *code, *code2;
  bool has_code;
  uint32_t group;
} pv_verb;

typedef struct pv_group {
  const char *code, *code2;
  uint32_t first, n; /* patterns, after sorting */
} pv_group;

typedef struct pv_syn {
  const char *name;
  pv_elem **members; /* each a phrase of touching elements */
  uint8_t *lens;
  size_t n, cap;
} pv_syn;

struct ev_petr {
  dl_arena arena;
  pv_pat *pats;
  size_t n_pats, cap_pats;
  pv_verb *verbs;
  size_t n_verbs, cap_verbs;
  pv_group *groups;
  size_t n_groups, cap_groups;
  pv_syn *syns;
  size_t n_syns, cap_syns;
  int require_dyad;
  int new_actor_length; /* longest uncoded noun phrase coded as itself; 0: off */
  /* comma-delimited clauses dropped before coding, by length in words:
   * initial [bmin, bmax], internal [min, max], terminal [emin, emax];
   * a max of 0 turns that kind off */
  int comma_min, comma_max, comma_bmin, comma_bmax, comma_emin, comma_emax;
};

static bool grow(void **p, size_t *cap, size_t n, size_t size) {
  if (n < *cap) return true;
  size_t nc = *cap ? *cap * 2 : 64;
  void *q = realloc(*p, nc * size);
  if (!q) return false;
  *p = q;
  *cap = nc;
  return true;
}

static char *upper_dup(dl_arena *a, const char *s, size_t n) {
  char *o = dl_arena_strndup(a, s, n);
  if (o)
    for (char *p = o; *p; p++) *p = (char)toupper((unsigned char)*p);
  return o;
}

static pv_syn *syn_find(ev_petr *p, const char *name, size_t n) {
  while (n && name[n - 1] == '_') n--;
  for (size_t i = 0; i < p->n_syns; i++)
    if (strlen(p->syns[i].name) == n && !strncasecmp(p->syns[i].name, name, n)) return &p->syns[i];
  return NULL;
}

/* Splits a phrase (words apart by spaces, touching by '_', grouped by
 * (...) or {...}) into elements. Returns the count, or -1 when too long. */
static int parse_elems(ev_petr *p, const char *s, size_t len, pv_elem *out, int max,
                       int *star) {
  int n = 0;
  bool touch = false;
  int depth = 0;
  *star = -1;
  size_t i = 0;
  while (i < len) {
    char ch = s[i];
    if (ch == ' ' || ch == '\t') {
      touch = depth > 0;
      i++;
      continue;
    }
    if (ch == '_') {
      touch = true;
      i++;
      continue;
    }
    if (ch == '(' || ch == '{') {
      depth++;
      i++;
      continue;
    }
    if (ch == ')' || ch == '}') {
      if (depth) depth--;
      touch = false;
      i++;
      continue;
    }
    size_t j = i;
    while (j < len && s[j] != ' ' && s[j] != '\t' && s[j] != '_' && s[j] != '(' &&
           s[j] != ')' && s[j] != '{' && s[j] != '}')
      j++;
    if (n == max) return -1;
    pv_elem *e = &out[n];
    memset(e, 0, sizeof *e);
    e->adj = touch && n > 0;
    if (j - i == 1 && s[i] == '*') {
      *star = n;
      e->kind = PV_SKIP; /* placeholder for the verb */
      e->word = "*";
    } else if (j - i == 1 && s[i] == '$') {
      e->kind = PV_SRC;
    } else if (j - i == 1 && s[i] == '+') {
      e->kind = PV_TGT;
    } else if (j - i == 1 && s[i] == '%') {
      e->kind = PV_CMP;
    } else if (j - i == 1 && s[i] == '^') {
      e->kind = PV_SKIP;
    } else if (s[i] == '&') {
      e->kind = PV_SYN;
      e->word = upper_dup(&p->arena, s + i + 1, j - i - 1);
      if (!e->word) return -2;
    } else {
      /* Treebank contractions: DON'T -> DO N'T */
      size_t wl = j - i;
      if (wl > 3 && !strncasecmp(s + j - 3, "N'T", 3)) {
        e->kind = PV_WORD;
        e->word = upper_dup(&p->arena, s + i, wl - 3);
        if (!e->word) return -2;
        if (++n == max) return -1;
        e = &out[n];
        memset(e, 0, sizeof *e);
        e->adj = 1;
        e->kind = PV_WORD;
        e->word = "N'T";
      } else {
        e->kind = PV_WORD;
        e->word = upper_dup(&p->arena, s + i, wl);
        if (!e->word) return -2;
      }
    }
    n++;
    touch = depth > 0;
    i = j;
  }
  return n;
}

/* "[031:033]" -> code "031", code2 "033"; "[---]" -> NULL. */
static bool parse_code(ev_petr *p, const char *s, const char **code, const char **code2) {
  *code = *code2 = NULL;
  const char *o = strchr(s, '[');
  const char *c = o ? strchr(o, ']') : NULL;
  if (!o || !c) return false;
  o++;
  while (o < c && *o == ' ') o++;
  const char *e = c;
  while (e > o && e[-1] == ' ') e--;
  const char *colon = memchr(o, ':', (size_t)(e - o));
  const char *end1 = colon ? colon : e;
  if (end1 > o && !(end1 - o == 3 && !strncmp(o, "---", 3))) {
    *code = dl_arena_strndup(&p->arena, o, (size_t)(end1 - o));
  }
  if (colon && e > colon + 1 && !(e - colon - 1 == 3 && !strncmp(colon + 1, "---", 3)))
    *code2 = dl_arena_strndup(&p->arena, colon + 1, (size_t)(e - colon - 1));
  return true;
}

static int add_verb_phrase(ev_petr *p, const char *s, size_t len, const char *code,
                           const char *code2, bool has_code) {
  const char *words[8];
  int n = 0, at = 0;
  size_t i = 0;
  while (i < len && n < 8) {
    while (i < len && (s[i] == ' ' || s[i] == '_' || s[i] == '\t')) i++;
    if (i >= len) break;
    size_t j = i;
    while (j < len && s[j] != ' ' && s[j] != '_' && s[j] != '\t') j++;
    if (s[i] == '+') {
      at = n;
      i++;
    }
    if (j > i) {
      words[n] = upper_dup(&p->arena, s + i, j - i);
      if (!words[n]) return DL_NOMEM;
      n++;
    }
    i = j;
  }
  if (!n) return DL_OK;
  if (!grow((void **)&p->verbs, &p->cap_verbs, p->n_verbs, sizeof *p->verbs)) return DL_NOMEM;
  pv_verb *v = &p->verbs[p->n_verbs++];
  v->words = dl_arena_alloc(&p->arena, (size_t)n * sizeof *v->words);
  if (!v->words) return DL_NOMEM;
  memcpy(v->words, words, (size_t)n * sizeof *words);
  v->n = (uint8_t)n;
  v->at = (uint8_t)at;
  v->code = code;
  v->code2 = code2;
  v->has_code = has_code;
  v->group = (uint32_t)(p->n_groups - 1);
  return DL_OK;
}

/* The regular forms of a one-word verb: S, ED, ING. */
static void regular_forms(const char *w, char out[3][64]) {
  size_t n = strlen(w);
  char last = n ? w[n - 1] : 0, prev = n > 1 ? w[n - 2] : 0;
  bool vowel_prev = prev && strchr("AEIOU", prev);
  if (last == 'E') {
    snprintf(out[0], 64, "%sS", w);
    snprintf(out[1], 64, "%sD", w);
    snprintf(out[2], 64, "%.*sING", (int)(n - 1), w);
  } else if (last == 'Y' && !vowel_prev) {
    snprintf(out[0], 64, "%.*sIES", (int)(n - 1), w);
    snprintf(out[1], 64, "%.*sIED", (int)(n - 1), w);
    snprintf(out[2], 64, "%sING", w);
  } else if (last == 'S' || last == 'X' || last == 'Z' ||
             (n > 1 && (!strcmp(w + n - 2, "CH") || !strcmp(w + n - 2, "SH")))) {
    snprintf(out[0], 64, "%sES", w);
    snprintf(out[1], 64, "%sED", w);
    snprintf(out[2], 64, "%sING", w);
  } else {
    snprintf(out[0], 64, "%sS", w);
    snprintf(out[1], 64, "%sED", w);
    snprintf(out[2], 64, "%sING", w);
  }
}

/* A verb line: PHRASE [code]? {FORM FORM ...}? */
static int verb_line(ev_petr *p, char *l) {
  const char *code = NULL, *code2 = NULL;
  bool has_code = false;
  char *br = strchr(l, '[');
  char *cb = strchr(l, '{');
  if (br && (!cb || br < cb)) {
    has_code = parse_code(p, br, &code, &code2);
  } else if (br) {
    has_code = parse_code(p, br, &code, &code2);
  }
  size_t base_len = strcspn(l, "[{");
  while (base_len && (l[base_len - 1] == ' ' || l[base_len - 1] == '\t')) base_len--;
  int rc = add_verb_phrase(p, l, base_len, code, code2, has_code);
  if (rc) return rc;
  pv_verb base = p->verbs[p->n_verbs - 1];
  if (cb) {
    char *ce = strchr(cb, '}');
    char *s = cb + 1;
    char *end = ce ? ce : s + strlen(s);
    while (s < end) {
      while (s < end && (*s == ' ' || *s == '\t')) s++;
      char *t = s;
      while (t < end && *t != ' ' && *t != '\t') t++;
      if (t > s && (rc = add_verb_phrase(p, s, (size_t)(t - s), code, code2, has_code)))
        return rc;
      /* a one-word form of a phrase verb: "+BREAK_DOWN {+BROKE_DOWN}" keeps
       * its shape; a bare "BROKE" after a phrase takes the phrase's words */
      if (t > s && base.n > 1 && p->verbs[p->n_verbs - 1].n == 1) {
        pv_verb *v = &p->verbs[p->n_verbs - 1];
        const char **w = dl_arena_alloc(&p->arena, base.n * sizeof *w);
        if (!w) return DL_NOMEM;
        memcpy(w, base.words, base.n * sizeof *w);
        w[base.at] = v->words[0];
        v->words = w;
        v->n = base.n;
        v->at = base.at;
      }
      s = t;
    }
  } else if (base.n >= 1 && base.words[base.at][0]) {
    char forms[3][64];
    regular_forms(base.words[base.at], forms);
    for (int k = 0; k < 3; k++) {
      if (!grow((void **)&p->verbs, &p->cap_verbs, p->n_verbs, sizeof *p->verbs)) return DL_NOMEM;
      pv_verb *v = &p->verbs[p->n_verbs++];
      *v = base;
      const char **w = dl_arena_alloc(&p->arena, base.n * sizeof *w);
      if (!w) return DL_NOMEM;
      memcpy(w, base.words, base.n * sizeof *w);
      w[base.at] = dl_arena_strndup(&p->arena, forms[k], strlen(forms[k]));
      if (!w[base.at]) return DL_NOMEM;
      v->words = w;
    }
  }
  return DL_OK;
}

static int pattern_line(ev_petr *p, dl_events *e, const char *file, uint32_t ln, char *l) {
  char *br = strrchr(l, '[');
  if (!br) {
    ev_warn(e, "%s:%u: pattern without a [code]; skipped", file, ln);
    return DL_OK;
  }
  const char *code, *code2;
  parse_code(p, br, &code, &code2);
  pv_elem el[32];
  int star;
  int n = parse_elems(p, l, (size_t)(br - l), el, 32, &star);
  if (n == -2) return DL_NOMEM;
  if (n < 0 || star < 0) {
    ev_warn(e, "%s:%u: pattern %s; skipped", file, ln, n < 0 ? "too long" : "without *");
    return DL_OK;
  }
  if (!grow((void **)&p->pats, &p->cap_pats, p->n_pats, sizeof *p->pats)) return DL_NOMEM;
  pv_pat *pt = &p->pats[p->n_pats];
  memset(pt, 0, sizeof *pt);
  pt->n_low = (uint8_t)star;
  pt->n_up = (uint8_t)(n - star - 1);
  pt->low = dl_arena_alloc(&p->arena, (size_t)(star + 1) * sizeof *pt->low);
  pt->up = dl_arena_alloc(&p->arena, (size_t)(n - star) * sizeof *pt->up);
  if (!pt->low || !pt->up) return DL_NOMEM;
  /* lower part reversed (nearest the verb first); an element touches its
   * neighbour nearer the verb */
  for (int k = 0; k < star; k++) {
    pv_elem x = el[star - 1 - k];
    x.adj = el[star - k].adj; /* the one after it touched it */
    pt->low[k] = x;
  }
  pt->low_adj = star > 0 && el[star].adj;
  for (int k = star + 1; k < n; k++) pt->up[k - star - 1] = el[k];
  pt->up_adj = star + 1 < n && el[star + 1].adj;
  if (star > 0) pt->low[0].adj = pt->low_adj;
  if (star + 1 < n) pt->up[0].adj = pt->up_adj;
  pt->code = code;
  pt->code2 = code2;
  pt->line = ln;
  pt->order = (uint32_t)p->n_pats;
  pt->group = (uint32_t)(p->n_groups - 1);
  p->n_pats++;
  return DL_OK;
}

static int cmp_pat(const void *a, const void *b) {
  const pv_pat *x = a, *y = b;
  if (x->group != y->group) return x->group < y->group ? -1 : 1;
  int lx = x->n_low + x->n_up, ly = y->n_low + y->n_up;
  if (lx != ly) return ly - lx;
  return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_verb(const void *a, const void *b) {
  const pv_verb *x = a, *y = b;
  int c = strcmp(x->words[x->at], y->words[y->at]);
  if (c) return c;
  return (int)y->n - (int)x->n; /* longer phrases first */
}

static void resolve(ev_petr *p, dl_events *e, const char *file, pv_elem *el, int n) {
  for (int k = 0; k < n; k++) {
    if (el[k].kind != PV_SYN) continue;
    pv_syn *s = syn_find(p, el[k].word, strlen(el[k].word));
    if (!s) {
      ev_warn(e, "%s: unknown set &%s; taken as a word", file, el[k].word);
      el[k].kind = PV_WORD;
    } else {
      el[k].syn = (uint16_t)(s - p->syns);
    }
  }
}

bool ev_petr_sniff(const char *buf) {
  /* a line starting "---" and holding "[": a verb block */
  for (const char *l = buf; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
    if (!strncmp(l, "---", 3)) {
      const char *nl = strchr(l, '\n');
      const char *br = strchr(l, '[');
      if (br && (!nl || br < nl)) return true;
    }
  return false;
}

int ev_petr_load(dl_events *e, char *buf, const char *file) {
  ev_petr *p = e->petr;
  if (!p) {
    p = calloc(1, sizeof *p);
    if (!p) return DL_NOMEM;
    dl_arena_init(&p->arena);
    p->require_dyad = 1;
    /* PETRARCH's defaults: internal and terminal clauses of 2 to 8 words
     * go, initial ones stay */
    p->comma_min = 2;
    p->comma_max = 8;
    p->comma_emin = 2;
    p->comma_emax = 8;
    e->petr = p;
  }
  size_t first_pat = p->n_pats, first_group = p->n_groups;
  enum { S_NONE, S_SYN, S_BLOCK } state = S_NONE;
  pv_syn *syn = NULL;
  uint32_t ln = 0;
  char *s = buf;
  int rc = DL_OK;
  while (*s && rc == DL_OK) {
    char *l = s;
    char *nl = strchr(s, '\n');
    if (nl) *nl = '\0';
    s = nl ? nl + 1 : s + strlen(s);
    ln++;
    /* comments: <!-- ... --> and '#' outside a [code] */
    char *x = strstr(l, "<!--");
    if (x) {
      char *y = strstr(x, "-->");
      if (y) memmove(x, y + 3, strlen(y + 3) + 1);
      else *x = '\0';
    }
    bool in_br = false;
    for (char *q = l; *q; q++) {
      if (*q == '[') in_br = true;
      else if (*q == ']') in_br = false;
      else if (*q == '#' && !in_br) {
        *q = '\0';
        break;
      }
    }
    while (*l == ' ' || *l == '\t') l++;
    size_t n = strlen(l);
    while (n && (l[n - 1] == ' ' || l[n - 1] == '\t' || l[n - 1] == '\r')) l[--n] = '\0';
    if (!n) {
      if (state == S_SYN) state = S_NONE;
      continue;
    }
    if (l[0] == '&') {
      if (!grow((void **)&p->syns, &p->cap_syns, p->n_syns, sizeof *p->syns)) return DL_NOMEM;
      syn = &p->syns[p->n_syns++];
      memset(syn, 0, sizeof *syn);
      size_t nn = strcspn(l + 1, " \t");
      while (nn && l[nn] == '_') nn--;
      syn->name = upper_dup(&p->arena, l + 1, nn);
      if (!syn->name) return DL_NOMEM;
      state = S_SYN;
      continue;
    }
    if (!strncmp(l, "---", 3)) {
      char *br = strchr(l, '[');
      if (!br || !strchr(br, ']')) {
        ev_warn(e, "%s:%u: verb block without a [code]; skipped", file, ln);
        state = S_NONE;
        continue;
      }
      if (!grow((void **)&p->groups, &p->cap_groups, p->n_groups, sizeof *p->groups))
        return DL_NOMEM;
      pv_group *g = &p->groups[p->n_groups++];
      memset(g, 0, sizeof *g);
      parse_code(p, br, &g->code, &g->code2);
      state = S_BLOCK;
      continue;
    }
    if (state == S_SYN && l[0] == '+') {
      pv_elem el[16];
      int star;
      int k = parse_elems(p, l + 1, n - 1, el, 16, &star);
      if (k == -2) return DL_NOMEM;
      if (k <= 0 || star >= 0) {
        ev_warn(e, "%s:%u: bad set member; skipped", file, ln);
        continue;
      }
      for (int j = 1; j < k; j++) el[j].adj = 1;
      if (!grow((void **)&syn->members, &syn->cap, syn->n, sizeof *syn->members))
        return DL_NOMEM;
      uint8_t *lens = realloc(syn->lens, syn->cap);
      if (!lens) return DL_NOMEM;
      syn->lens = lens;
      pv_elem *m = dl_arena_alloc(&p->arena, (size_t)k * sizeof *m);
      if (!m) return DL_NOMEM;
      memcpy(m, el, (size_t)k * sizeof *m);
      syn->members[syn->n] = m;
      syn->lens[syn->n] = (uint8_t)k;
      syn->n++;
      continue;
    }
    if (state != S_BLOCK) {
      ev_warn(e, "%s:%u: line outside a verb block or set; skipped", file, ln);
      continue;
    }
    if (l[0] == '-' && (l[1] == ' ' || l[1] == '\t')) {
      rc = pattern_line(p, e, file, ln, l + 2);
    } else {
      rc = verb_line(p, l);
    }
  }
  if (rc) return rc;
  /* resolve set names, sort patterns in each block (longest first) */
  for (size_t i = 0; i < p->n_syns; i++)
    for (size_t m = 0; m < p->syns[i].n; m++)
      resolve(p, e, file, p->syns[i].members[m], p->syns[i].lens[m]);
  for (size_t i = first_pat; i < p->n_pats; i++) {
    resolve(p, e, file, p->pats[i].low, p->pats[i].n_low);
    resolve(p, e, file, p->pats[i].up, p->pats[i].n_up);
  }
  if (p->n_pats) qsort(p->pats, p->n_pats, sizeof *p->pats, cmp_pat);
  for (size_t g = 0; g < p->n_groups; g++) p->groups[g].n = 0;
  for (size_t i = p->n_pats; i-- > 0;) {
    pv_group *g = &p->groups[p->pats[i].group];
    g->first = (uint32_t)i;
    g->n++;
  }
  if (p->n_verbs) qsort(p->verbs, p->n_verbs, sizeof *p->verbs, cmp_verb);
  if (p->n_groups == first_group && p->n_pats == first_pat) return -1;
  return DL_OK;
}

void ev_petr_free(ev_petr *p) {
  if (!p) return;
  for (size_t i = 0; i < p->n_syns; i++) {
    free(p->syns[i].members);
    free(p->syns[i].lens);
  }
  free(p->syns);
  free(p->pats);
  free(p->verbs);
  free(p->groups);
  dl_arena_free(&p->arena);
  free(p);
}

int ev_petr_option(ev_petr *p, const char *name, const char *value) {
  if (!strcasecmp(name, "require_dyad")) {
    if (!strcasecmp(value, "true") || !strcmp(value, "1")) p->require_dyad = 1;
    else if (!strcasecmp(value, "false") || !strcmp(value, "0")) p->require_dyad = 0;
    else return 2;
    return DL_OK;
  }
  static const struct {
    const char *name;
    size_t off;
  } ints[] = {
      {"new_actor_length", offsetof(ev_petr, new_actor_length)},
      {"comma_min", offsetof(ev_petr, comma_min)},
      {"comma_max", offsetof(ev_petr, comma_max)},
      {"comma_bmin", offsetof(ev_petr, comma_bmin)},
      {"comma_bmax", offsetof(ev_petr, comma_bmax)},
      {"comma_emin", offsetof(ev_petr, comma_emin)},
      {"comma_emax", offsetof(ev_petr, comma_emax)},
  };
  for (size_t k = 0; k < sizeof ints / sizeof *ints; k++) {
    if (strcasecmp(name, ints[k].name)) continue;
    /* a count of words: digits only, and not absurd */
    char *end;
    long v = strtol(value, &end, 10);
    while (*end == ' ') end++;
    if (end == value || *end || v < 0 || v > 1000) return 2;
    *(int *)((char *)p + ints[k].off) = (int)v;
    return DL_OK;
  }
  return 1; /* unknown: ignored by the caller */
}

/* ============================================================== coding */

typedef struct pctx {
  const ev_petr *p;
  const dl_events *e;
  dl_doc *doc;
  const dl_token *t;
  uint32_t sb, se;
  char (*up)[48]; /* uppercase forms of the sentence */
  int32_t *act;   /* per token: the coded actor mention covering it, or -1 */
  uint8_t *gone;  /* per token: in a comma-delimited clause left out */
  /* new actors (new_actor_length): uncoded noun phrases of the sentence,
   * numbered after the document's mentions in act[] */
  dl_mention *extra;
  size_t n_extra;
} pctx;

/* Mention m of act[]: one of the document's, or a new actor. */
static const dl_mention *ment(const pctx *c, int32_t m) {
  size_t n = c->doc->n_mentions;
  return (size_t)m < n ? &c->doc->mentions[m] : &c->extra[(size_t)m - n];
}

static bool word_at(const pctx *c, uint32_t i, const char *w) {
  return i >= c->sb && i < c->se && !strcmp(c->up[i - c->sb], w);
}

/* Whether set member phrases match ending (dir < 0) or starting (dir > 0)
 * at i; *span receives the words used. */
static bool elem_at(const pctx *c, const pv_elem *x, uint32_t i, int dir, uint32_t *span,
                    int depth);

static bool phrase_at(const pctx *c, const pv_elem *el, int n, uint32_t i, int dir,
                      uint32_t *span, int depth) {
  /* the phrase is in text order; for dir < 0 it ends at i */
  uint32_t total = 0;
  if (dir > 0) {
    uint32_t pos = i;
    for (int k = 0; k < n; k++) {
      uint32_t sp;
      if (!elem_at(c, &el[k], pos, 1, &sp, depth + 1)) return false;
      pos += sp;
      total += sp;
    }
  } else {
    int64_t pos = i;
    for (int k = n - 1; k >= 0; k--) {
      uint32_t sp;
      if (pos < c->sb || !elem_at(c, &el[k], (uint32_t)pos, -1, &sp, depth + 1)) return false;
      pos -= sp;
      total += sp;
    }
  }
  *span = total;
  return true;
}

static bool elem_at(const pctx *c, const pv_elem *x, uint32_t i, int dir, uint32_t *span,
                    int depth) {
  if (i < c->sb || i >= c->se || depth > 4) return false;
  if (x->kind == PV_WORD) {
    *span = 1;
    return word_at(c, i, x->word);
  }
  if (x->kind == PV_SYN) {
    const pv_syn *s = &c->p->syns[x->syn];
    for (size_t m = 0; m < s->n; m++)
      if (phrase_at(c, s->members[m], s->lens[m], i, dir, span, depth)) return true;
    return false;
  }
  return false;
}

/* The extent of the actor mention at token i in direction dir: the
 * mention covering i, spanning to its end (dir > 0) or start. */
static int32_t actor_at(const pctx *c, uint32_t i) { return c->act[i - c->sb]; }

static bool np_word(const dl_token *t) {
  return t->upos == DL_UPOS_DET || t->upos == DL_UPOS_ADJ || t->upos == DL_UPOS_NUM ||
         t->upos == DL_UPOS_NOUN || t->upos == DL_UPOS_PROPN;
}

typedef struct binds {
  int32_t src, tgt, cmp; /* mention indexes or -1 */
} binds;

/* Matches elements el[k..n) from position pos going dir; `touch` says the
 * first of them must be at pos exactly. */
static bool match_from(const pctx *c, const pv_elem *el, int n, int k, int64_t pos, int dir,
                       uint32_t lo, uint32_t hi, binds *b) {
  if (k == n) return true;
  const pv_elem *x = &el[k];
  bool touch = x->adj;
  if (x->kind == PV_SKIP && x->word) return match_from(c, el, n, k + 1, pos, dir, lo, hi, b);
  if (x->kind == PV_SKIP) {
    /* ^: over the next noun phrase (after a gap), then on */
    for (int64_t i = pos; i >= lo && i < hi; i += dir) {
      int64_t j = i;
      while (j >= lo && j < hi && np_word(&c->t[j])) j += dir;
      if (j != i) return match_from(c, el, n, k + 1, j, dir, lo, hi, b);
      if (touch) break;
    }
    return false;
  }
  for (int64_t i = pos; i >= lo && i < hi; i += dir) {
    uint32_t ui = (uint32_t)i, span = 0;
    bool ok = false;
    if (x->kind == PV_SRC || x->kind == PV_TGT || x->kind == PV_CMP) {
      int32_t m = actor_at(c, ui);
      if (m >= 0) {
        const dl_mention *mm = ment(c, m);
        ok = true;
        span = dir > 0 ? mm->tok_end - ui : ui - mm->tok_begin + 1;
        binds save = *b;
        if (x->kind == PV_SRC) b->src = m;
        else if (x->kind == PV_TGT) b->tgt = m;
        else b->cmp = m;
        if (match_from(c, el, n, k + 1, i + dir * (int64_t)span, dir, lo, hi, b)) return true;
        *b = save;
        ok = false;
      }
    } else {
      ok = elem_at(c, x, ui, dir, &span, 0);
      if (ok && match_from(c, el, n, k + 1, i + dir * (int64_t)span, dir, lo, hi, b))
        return true;
    }
    (void)ok;
    if (touch) break;
  }
  return false;
}

/* The verb of the dictionary at token v, if any: the longest phrase whose
 * words are there. *vb, *ve receive the phrase's token range. */
static int verbs_at(const pctx *c, uint32_t v, uint32_t *vb, uint32_t *ve,
                    const pv_verb **out, int max);

static const pv_verb *verb_at(const pctx *c, uint32_t v, uint32_t *vb, uint32_t *ve) {
  const pv_verb *one;
  return verbs_at(c, v, vb, ve, &one, 1) ? one : NULL;
}

/* Every dictionary verb of the longest phrase at v (a form may head
 * several blocks: "--- SHOT [---] ---" and "--- SHOT [223] ---"). */
static int verbs_at(const pctx *c, uint32_t v, uint32_t *vb, uint32_t *ve,
                    const pv_verb **out, int max) {
  const ev_petr *p = c->p;
  const char *w = c->up[v - c->sb];
  size_t lo = 0, hi = p->n_verbs;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const pv_verb *x = &p->verbs[mid];
    if (strcmp(x->words[x->at], w) < 0) lo = mid + 1;
    else hi = mid;
  }
  int n = 0;
  int len = 0;
  for (size_t k = lo; k < p->n_verbs; k++) {
    const pv_verb *x = &p->verbs[k];
    if (strcmp(x->words[x->at], w)) break;
    if (v < c->sb + x->at || v + (x->n - x->at) > c->se) continue;
    if (n && x->n < len) break; /* longer phrases come first */
    bool ok = true;
    for (int j = 0; j < x->n && ok; j++)
      ok = word_at(c, v - x->at + (uint32_t)j, x->words[j]);
    if (!ok) continue;
    bool dup = false;
    for (int j = 0; j < n; j++) dup |= out[j]->group == x->group;
    if (dup) continue;
    if (!n) {
      *vb = v - x->at;
      *ve = v - x->at + x->n;
      len = x->n;
    }
    if (n < max) out[n++] = x;
  }
  return n;
}

static bool is_verb_tag(const dl_token *t) {
  const char *x = dl_xpos_name(t->xpos);
  return (x && (x[0] == 'V' || !strcmp(x, "MD"))) || t->upos == DL_UPOS_VERB ||
         t->upos == DL_UPOS_AUX;
}

static const char *relname(const dl_token *t) { return dl_deprel_name(t->deprel); }

static int32_t child_rel(const pctx *c, uint32_t h, const char *r) {
  size_t n = strlen(r);
  for (uint32_t i = c->sb; i < c->se; i++)
    if (c->t[i].head == (int32_t)h && !strncmp(relname(&c->t[i]), r, n)) return (int32_t)i;
  return -1;
}

/* The first actor mention in the subtree of token h (in text order). */
static int32_t actor_in_subtree(const pctx *c, uint32_t h) {
  for (uint32_t i = c->sb; i < c->se; i++) {
    if (actor_at(c, i) < 0) continue;
    uint32_t k = i;
    for (int guard = 0; guard < 64; guard++) {
      if (k == h) return actor_at(c, i);
      if (c->t[k].head < 0) break;
      k = (uint32_t)c->t[k].head;
    }
  }
  return -1;
}

/* The source by the parse: the actor in the subject of v, climbing
 * control, coordination, and clauses whose subject names no one. */
static int32_t subject_actor(const pctx *c, uint32_t v, bool *had_subject) {
  *had_subject = false;
  for (int guard = 0; guard < 8; guard++) {
    int32_t s = child_rel(c, v, "nsubj");
    if (s < 0) s = child_rel(c, v, "obl:agent");
    if (s >= 0) {
      int32_t m = actor_in_subtree(c, (uint32_t)s);
      if (m >= 0) return m;
      /* the parse split the noun phrase ("Eriador's death and injury
       * toll", "The lions and the evil awful Gondor"): its words around */
      for (int64_t i = s - 1; m < 0 && i >= c->sb; i--) {
        if (actor_at(c, (uint32_t)i) >= 0) m = actor_at(c, (uint32_t)i);
        else if (!np_word(&c->t[i]) && strcmp(c->up[i - c->sb], "'S") &&
                 strcmp(c->up[i - c->sb], "AND") && strcmp(c->up[i - c->sb], ","))
          break;
      }
      for (uint32_t i = (uint32_t)s + 1; m < 0 && i < v; i++) {
        if (actor_at(c, i) >= 0) m = actor_at(c, i);
        else if (!np_word(&c->t[i]) && strcmp(c->up[i - c->sb], "AND") &&
                 strcmp(c->up[i - c->sb], ","))
          break;
      }
      if (m >= 0) return m;
      const dl_token *st = &c->t[s];
      if (st->upos != DL_UPOS_PRON) {
        *had_subject = true;
        return -1;
      }
    }
    int32_t h = c->t[v].head;
    if (h < 0) return -1;
    const char *r = relname(&c->t[v]);
    /* an active verb modifying a noun ("Calenardhon crowds burned down
     * its embassy" parsed as a modifier of "crowds") has that noun's
     * phrase for its subject: the actor in its words before the verb */
    const char *vx = dl_xpos_name(c->t[v].xpos);
    if (!strncmp(r, "acl", 3) && h < (int32_t)v && vx && strcmp(vx, "VBN") &&
        strcmp(vx, "VBG")) {
      for (int64_t i = h; i >= c->sb && np_word(&c->t[i]); i--)
        if (actor_at(c, (uint32_t)i) >= 0) return actor_at(c, (uint32_t)i);
      return -1;
    }
    /* climb clause links only: "arrested" modifying "students" is not
     * their clause */
    if (strncmp(r, "xcomp", 5) && strncmp(r, "conj", 4) && strncmp(r, "ccomp", 5) &&
        strncmp(r, "advcl", 5) && strncmp(r, "parataxis", 9))
      return -1;
    v = (uint32_t)h;
  }
  return -1;
}

/* Words that may stand between the members of a compound besides commas
 * and "and": articles and modifiers ("and the evil awful Gondor"), and
 * the rest of a possessive conjunct ("Eriador's death and ..."). */
static bool glue_word(const dl_token *x) {
  const char *xp = dl_xpos_name(x->xpos);
  return x->upos == DL_UPOS_DET || x->upos == DL_UPOS_ADJ || (xp && !strcmp(xp, "POS")) ||
         (x->upos == DL_UPOS_NOUN && islower((unsigned char)x->form[0]) &&
          !(x->form[strlen(x->form) - 1] == 's'));
}

/* Whether token j joins two members of a compound: a comma, "and",
 * "or", "nor", but not between two adjectives ("awful and evil
 * minister": one noun phrase). */
static bool joiner(const pctx *c, uint32_t j) {
  const char *u = c->up[j - c->sb];
  if (strcmp(u, ",") && strcmp(u, "AND") && strcmp(u, "NOR") && strcmp(u, "OR")) return false;
  return !(j > c->sb && j + 1 < c->se && c->t[j - 1].upos == DL_UPOS_ADJ &&
           c->t[j + 1].upos == DL_UPOS_ADJ);
}

/* The mentions forming a compound with m: conjuncts in the parse, or
 * neighbours joined only by commas, "and", articles and adjectives. */
static int compound_of(const pctx *c, int32_t m, int32_t *out, int max) {
  int n = 0;
  out[n++] = m;
  const dl_mention *mm = ment(c, m);
  /* walk right; once two members are joined by a bare "and", a comma
   * ends the compound ("between Calenardhon and Gondor, and Gondor and
   * Dagolath": two pairs) */
  uint32_t i = mm->tok_end;
  bool bare = false;
  for (;;) {
    bool joined = false, comma = false;
    uint32_t j = i;
    while (j < c->se) {
      const dl_token *x = &c->t[j];
      if (actor_at(c, j) >= 0) break;
      if (joiner(c, j)) {
        joined = true;
        comma |= !strcmp(c->up[j - c->sb], ",");
      } else if (!glue_word(x)) {
        joined = false;
        j = c->se;
        break;
      }
      j++;
    }
    if (!joined || j >= c->se || n >= max || (bare && comma)) break;
    bare |= !comma;
    int32_t k = actor_at(c, j);
    if (k < 0) break;
    out[n++] = k;
    i = ment(c, k)->tok_end;
  }
  /* walk left, the same way */
  int64_t b = (int64_t)mm->tok_begin - 1;
  bare = false;
  for (;;) {
    bool joined = false, comma = false;
    int64_t j = b;
    while (j >= c->sb) {
      const dl_token *x = &c->t[j];
      if (actor_at(c, (uint32_t)j) >= 0) break;
      if (joiner(c, (uint32_t)j)) {
        joined = true;
        comma |= !strcmp(c->up[j - c->sb], ",");
      } else if (!glue_word(x)) {
        joined = false;
        j = -1;
        break;
      }
      j--;
    }
    if (!joined || j < c->sb || n >= max || (bare && comma)) break;
    bare |= !comma;
    int32_t k = actor_at(c, (uint32_t)j);
    if (k < 0) break;
    /* a possessive ("Gondor's") is not a conjunct */
    out[n++] = k;
    b = (int64_t)ment(c, k)->tok_begin - 1;
  }
  return n;
}

typedef struct pvec {
  dl_event *v;
  size_t n, cap;
} pvec;

typedef struct side {
  int32_t m;       /* mention, or -1 */
  const char *code; /* one of its codes */
} side;

static int push1(const pctx *c, pvec *ev, uint32_t trig, side s, side t, const char *code,
                 int mode);

/* One event per code of each side ("FRO/BIL/SAM": three actors). */
static int push(const pctx *c, pvec *ev, uint32_t trig, int32_t src, int32_t tgt,
                const char *code, int mode) {
  const char *sc = src >= 0 ? ment(c, src)->code : NULL;
  const char *tc = tgt >= 0 ? ment(c, tgt)->code : NULL;
  char sb[8][24], tb[8][24];
  /* a new actor's code is its quoted text, whatever it holds */
  int ns = sc && *sc == '"', nt = tc && *tc == '"';
  for (const char *p = ns ? NULL : sc; p && *p && ns < 8;) {
    size_t n = strcspn(p, "/");
    snprintf(sb[ns++], sizeof sb[0], "%.*s", (int)(n < 23 ? n : 23), p);
    p += n + (p[n] == '/');
  }
  for (const char *p = nt ? NULL : tc; p && *p && nt < 8;) {
    size_t n = strcspn(p, "/");
    snprintf(tb[nt++], sizeof tb[0], "%.*s", (int)(n < 23 ? n : 23), p);
    p += n + (p[n] == '/');
  }
  for (int i = 0; i < (ns ? ns : 1); i++)
    for (int j = 0; j < (nt ? nt : 1); j++) {
      side a = {src, NULL}, b = {tgt, NULL};
      if (ns) a.code = ns == 1 ? sc : dl_doc_strndup(c->doc, sb[i], strlen(sb[i]));
      if (nt) b.code = nt == 1 ? tc : dl_doc_strndup(c->doc, tb[j], strlen(tb[j]));
      if ((ns && !a.code) || (nt && !b.code)) return DL_NOMEM;
      int rc = push1(c, ev, trig, a, b, code, mode);
      if (rc) return rc;
    }
  return DL_OK;
}

static int push1(const pctx *c, pvec *ev, uint32_t trig, side s, side t, const char *code,
                 int mode) {
  int32_t src = s.m, tgt = t.m;
  const char *sc = s.code, *tc = t.code;
  if (c->p->require_dyad && (!sc || !tc)) return DL_OK;
  if (!sc && !tc) return DL_OK;
  if (sc && tc && !strcmp(sc, tc)) return DL_OK;
  if (src >= 0 && src == tgt) return DL_OK;
  const dl_mention *sm = src >= 0 ? ment(c, src) : NULL, *tm = tgt >= 0 ? ment(c, tgt) : NULL;
  /* a new actor is no mention of the document's layer */
  if ((size_t)src >= c->doc->n_mentions) src = -1;
  if ((size_t)tgt >= c->doc->n_mentions) tgt = -1;
  for (size_t k = 0; k < ev->n; k++)
    if (ev->v[k].source.mention == src && ev->v[k].target.mention == tgt &&
        !strcmp(ev->v[k].cameo, code) && ev->v[k].sent == c->t[trig].sent &&
        (ev->v[k].source.code == sc || (sc && ev->v[k].source.code &&
                                        !strcmp(ev->v[k].source.code, sc))) &&
        (ev->v[k].target.code == tc || (tc && ev->v[k].target.code &&
                                        !strcmp(ev->v[k].target.code, tc))))
      return DL_OK;
  if (!grow((void **)&ev->v, &ev->cap, ev->n, sizeof *ev->v)) return DL_NOMEM;
  dl_event *e = &ev->v[ev->n++];
  memset(e, 0, sizeof *e);
  e->sent = c->t[trig].sent;
  e->trigger = trig;
  e->source.mention = src;
  e->target.mention = tgt;
  if (sm) {
    e->source.code = sc;
    e->source.entity = sm->entity;
    memcpy(e->source.country, sm->country, 4);
  }
  if (tm) {
    e->target.code = tc;
    e->target.entity = tm->entity;
    memcpy(e->target.country, tm->country, 4);
  }
  e->cameo = code;
  const ev_code *k = ev_find_code(c->e, code);
  if (k) {
    memcpy(e->root, k->root, 3);
    e->quad = k->quad;
    e->goldstein = k->goldstein;
    e->plover = k->plover;
  } else {
    e->root[0] = code[0];
    e->root[1] = code[0] ? code[1] : 0;
    e->root[2] = 0;
  }
  e->mode = (uint8_t)mode;
  dl_when w;
  dl_time_when(c->doc, trig, &w);
  e->date = w.value;
  e->date_timex = w.timex;
  e->place = -1;
  return DL_OK;
}

/* Whether token i is in the subtree of h. */
static bool under(const pctx *c, uint32_t i, uint32_t h) {
  for (int guard = 0; guard < 64; guard++) {
    if (i == h) return true;
    if (c->t[i].head < 0) return false;
    i = (uint32_t)c->t[i].head;
  }
  return false;
}

/* Whether the token at i can be the verb of an event: tagged a verb, or
 * (the tagger being unsure of odd words) the root or a word with a
 * subject. A modal helping another verb is not. */
static bool verb_like(const pctx *c, uint32_t i) {
  const dl_token *t = &c->t[i];
  const char *r = relname(t);
  if (!strncmp(r, "aux", 3) && t->head >= 0) {
    uint32_t a, b;
    if (verb_at(c, (uint32_t)t->head, &a, &b)) return false;
  }
  if (is_verb_tag(t)) return true;
  /* right after an actor, a lowercase verb of the dictionary is one
   * whatever the tagger says ("Fornost and Gondor welcome a ...") */
  if (i > c->sb && actor_at(c, i - 1) >= 0 && islower((unsigned char)t->form[0]) &&
      t->upos != DL_UPOS_ADP && t->upos != DL_UPOS_DET)
    return true;
  if (t->upos == DL_UPOS_NOUN || t->upos == DL_UPOS_ADJ) {
    if (!strcmp(r, "root")) return true;
    if (child_rel(c, i, "nsubj") >= 0) return true;
  }
  return false;
}

static int code_verb(const pctx *c, pvec *ev, uint32_t v, const uint8_t *coded) {
  uint32_t vb, ve;
  const pv_verb *cands[4];
  int nc = verbs_at(c, v, &vb, &ve, cands, 4);
  if (!nc) return DL_OK;
  bool ok = false;
  for (uint32_t i = vb; i < ve && !ok; i++) ok = verb_like(c, i);
  if (!ok) return DL_OK;
  /* an infinitive under a verb already coded adds nothing ("called on
   * Gondor to be allowed to leave") */
  int32_t mk = child_rel(c, v, "mark");
  if (mk >= 0 && !strcmp(c->up[mk - c->sb], "TO")) {
    uint32_t h = v;
    for (int guard = 0; guard < 8 && c->t[h].head >= 0; guard++) {
      h = (uint32_t)c->t[h].head;
      if (coded[h - c->sb]) return DL_OK;
    }
  }
  /* a gerund in a time clause ("after leaving Eriador") sets the scene */
  if (mk >= 0 && !strcmp(dl_xpos_name(c->t[v].xpos), "VBG")) {
    const char *m = c->up[mk - c->sb];
    if (!strcmp(m, "AFTER") || !strcmp(m, "BEFORE") || !strcmp(m, "WHILE") ||
        !strcmp(m, "SINCE"))
      return DL_OK;
  }
  const ev_petr *p = c->p;
  const char *code = NULL, *code2 = NULL;
  bool have = false;
  binds b = {-1, -1, -1};
  bool cmp_low = false;
  for (int ci = 0; ci < nc && !have; ci++) {
    const pv_group *g = &p->groups[cands[ci]->group];
    for (uint32_t k = g->first; k < g->first + g->n; k++) {
      const pv_pat *pt = &p->pats[k];
      binds bb = {-1, -1, -1};
      if (pt->n_low &&
          !match_from(c, pt->low, pt->n_low, 0, (int64_t)vb - 1, -1, c->sb, ve, &bb))
        continue;
      bool low_cmp = bb.cmp >= 0;
      if (pt->n_up && !match_from(c, pt->up, pt->n_up, 0, ve, 1, c->sb, c->se, &bb)) continue;
      code = pt->code;
      code2 = pt->code2;
      b = bb;
      cmp_low = low_cmp;
      have = true;
      break;
    }
  }
  for (int ci = 0; ci < nc && !have; ci++) {
    const pv_verb *verb = cands[ci];
    const pv_group *g = &p->groups[verb->group];
    code = verb->has_code ? verb->code : g->code;
    code2 = verb->has_code ? verb->code2 : g->code2;
    have = code != NULL;
  }
  if (!code) return DL_OK;
  int mode = ev_mode(c->doc, c->sb, c->se, v);
  int32_t srcs[16], tgts[16];
  int ns = 0, nt = 0;
  if (b.cmp >= 0 && cmp_low) {
    /* a compound acting on itself: every ordered pair */
    int32_t mem[16];
    int nm = compound_of(c, b.cmp, mem, 16);
    for (int i = 0; i < nm; i++)
      for (int j = 0; j < nm; j++) {
        if (i == j) continue;
        int rc = push(c, ev, v, mem[i], mem[j], i < j || !code2 ? code : code2, mode);
        if (rc) return rc;
      }
    if (nm > 1) return DL_OK;
    b.src = b.cmp;
  } else if (b.cmp >= 0) {
    b.tgt = b.cmp; /* "agrees with the Philippines and France" */
  }
  int32_t src = b.src, tgt = b.tgt;
  /* a passive with its agent: "Eriador was opposed by Osgiliath" */
  int32_t pass = child_rel(c, v, "nsubj:pass");
  bool passive = pass >= 0 || child_rel(c, v, "aux:pass") >= 0;
  int32_t agent = child_rel(c, v, "obl:agent");
  int32_t agent_m = agent >= 0 ? actor_in_subtree(c, (uint32_t)agent) : -1;
  if (passive && agent_m < 0) {
    /* "was opposed earlier by Osgiliath" with "by" hung elsewhere */
    for (uint32_t i = ve; i < c->se && i < ve + 3; i++)
      if (!strcmp(c->up[i - c->sb], "BY") && i + 1 < c->se && actor_at(c, i + 1) >= 0) {
        agent_m = actor_at(c, i + 1);
        agent = (int32_t)i + 1;
        break;
      }
  }
  if (src < 0 && tgt < 0 && pass >= 0 && agent_m >= 0) {
    src = agent_m;
    tgt = actor_in_subtree(c, (uint32_t)pass);
  }
  if (src < 0 && passive && agent < 0) {
    /* "a hafling was reported": only its subject, as PETRARCH reads it
     * ("The Philippines was criticized over ..." is the Philippines') */
    src = pass >= 0 ? actor_in_subtree(c, (uint32_t)pass) : -1;
    if (src == tgt) src = -1;
  } else if (src < 0) {
    bool had;
    src = subject_actor(c, v, &had);
    if (src == tgt && src >= 0) src = -1;
    if (src < 0 && !had) {
      for (uint32_t i = c->sb; i < vb && src < 0; i++)
        if (actor_at(c, i) >= 0 && actor_at(c, i) != tgt) src = actor_at(c, i);
    }
  }
  if (tgt < 0) {
    /* the first actor after the verb in its own clause */
    for (uint32_t i = ve; i < c->se && tgt < 0; i++) {
      int32_t m = actor_at(c, i);
      if (m >= 0 && m != src && under(c, i, v)) tgt = m;
    }
    /* the parse may hang it elsewhere: the first actor before a comma */
    for (uint32_t i = ve; i < c->se && tgt < 0; i++) {
      const char *u = c->up[i - c->sb];
      if (!strcmp(u, ",") || !strcmp(u, ";") || !strcmp(u, ":")) break;
      int32_t m = actor_at(c, i);
      if (m >= 0 && m != src) tgt = m;
    }
  }
  if (src >= 0) ns = compound_of(c, src, srcs, 16);
  if (tgt >= 0) nt = compound_of(c, tgt, tgts, 16);
  if (!ns) srcs[ns++] = -1;
  if (!nt) tgts[nt++] = -1;
  size_t before = ev->n;
  for (int i = 0; i < ns; i++)
    for (int j = 0; j < nt; j++) {
      int rc = push(c, ev, v, srcs[i], tgts[j], code, mode);
      if (!rc && code2) rc = push(c, ev, v, tgts[j], srcs[i], code2, mode);
      if (rc) return rc;
    }
  (void)before;
  return DL_OK;
}

/* ---------------------------------------- comma clauses and new actors */

static bool is_punct(const dl_token *t) { return t->upos == DL_UPOS_PUNCT; }

/* Words (tokens other than punctuation) in [a, b). */
static int words_in(const pctx *c, uint32_t a, uint32_t b) {
  int n = 0;
  for (uint32_t i = a; i < b; i++) n += !is_punct(&c->t[i]);
  return n;
}

static bool nominal(const dl_token *t) {
  return t->upos == DL_UPOS_NOUN || t->upos == DL_UPOS_PROPN || t->upos == DL_UPOS_PRON ||
         t->upos == DL_UPOS_NUM || t->upos == DL_UPOS_ADJ;
}

/* Whether the comma at i sits inside a noun phrase, where PETRARCH's
 * parse absorbs it: between stacked adjectives ("complete, full ties"),
 * conjuncts of a list or an apposition of a noun. Such commas delimit
 * no clause. */
static bool np_comma(const pctx *c, uint32_t i) {
  if (i > c->sb && i + 1 < c->se && c->t[i - 1].upos == DL_UPOS_ADJ &&
      (c->t[i + 1].upos == DL_UPOS_ADJ || c->t[i + 1].upos == DL_UPOS_NOUN))
    return true;
  int32_t h = c->t[i].head;
  if (h < (int32_t)c->sb || h >= (int32_t)c->se) return false;
  const dl_token *x = &c->t[h];
  const char *r = relname(x);
  if (strncmp(r, "conj", 4) && strncmp(r, "appos", 5) && strncmp(r, "amod", 4)) return false;
  return x->head >= (int32_t)c->sb && x->head < (int32_t)c->se && nominal(x) &&
         nominal(&c->t[x->head]);
}

/* Marks in c->gone the comma-delimited clauses PETRARCH leaves out
 * (comma_* options): first the initial clause (start to first comma),
 * then the terminal one (last comma to the end), each once, then internal
 * ones (between two commas) from left to right, each when its length in
 * words lies within the option's bounds. */
static void mark_commas(const pctx *c) {
  const ev_petr *p = c->p;
  memset(c->gone, 0, c->se - c->sb);
  uint32_t cm[64];
  int k = 0;
  for (uint32_t i = c->sb; i < c->se && k < 64; i++)
    if (!strcmp(c->up[i - c->sb], ",") && !np_comma(c, i)) cm[k++] = i;
  if (!k) return;
  uint32_t end = c->se;
  while (end > c->sb && is_punct(&c->t[end - 1])) end--; /* the final stop */
  int first = 0, last = k - 1;
  if (p->comma_bmax > 0) {
    int n = words_in(c, c->sb, cm[0]);
    if (n >= p->comma_bmin && n <= p->comma_bmax) {
      memset(c->gone, 1, cm[0] + 1 - c->sb);
      first = 1;
    }
  }
  if (p->comma_emax > 0 && last >= first) {
    int n = words_in(c, cm[last] + 1, end);
    if (n > 0 && n >= p->comma_emin && n <= p->comma_emax) {
      memset(c->gone + (cm[last] - c->sb), 1, end - cm[last]);
      last--;
    }
  }
  if (p->comma_max > 0)
    for (int a = first, b = first + 1; b <= last; b++) {
      int n = words_in(c, cm[a] + 1, cm[b]);
      if (n >= p->comma_min && n <= p->comma_max)
        memset(c->gone + (cm[a] + 1 - c->sb), 1, cm[b] - cm[a]); /* a stays */
      else a = b;
    }
}

static bool in_timex(const pctx *c, uint32_t i) {
  for (size_t k = 0; k < c->doc->n_timexes; k++) {
    const dl_timex *x = &c->doc->timexes[k];
    if (i >= x->tok_begin && i < x->tok_end) return true;
  }
  return false;
}

static bool possessive(const pctx *c, uint32_t i) {
  const char *x = dl_xpos_name(c->t[i].xpos);
  return x && !strcmp(x, "POS");
}

/* A word of a new actor's noun phrase. */
static bool chunk_word(const pctx *c, uint32_t i) {
  const dl_token *t = &c->t[i];
  return (t->upos == DL_UPOS_DET || t->upos == DL_UPOS_ADJ || t->upos == DL_UPOS_NUM ||
          t->upos == DL_UPOS_NOUN || t->upos == DL_UPOS_PROPN) &&
         !c->gone[i - c->sb] && c->act[i - c->sb] < 0 && !in_timex(c, i);
}

/* new_actor_length: every noun phrase of the sentence that names no
 * coded actor and has at most that many words becomes an actor coded by
 * its own text, upper case and quoted ("\"THE MINISTRY OF MAGIC\""), as
 * PETRARCH does. A phrase is a run of determiners, adjectives, numbers
 * and nouns, possessives ("Gryffindor's head", the 's not counted) and
 * "of" before another such run; it holds a noun. */
static int find_new_actors(pctx *c) {
  int max = c->p->new_actor_length;
  c->n_extra = 0;
  if (max <= 0) return DL_OK;
  for (uint32_t i = c->sb; i < c->se;) {
    if (!chunk_word(c, i)) {
      i++;
      continue;
    }
    uint32_t j = i;
    bool noun = false, clean = true;
    for (;;) {
      if (j < c->se && chunk_word(c, j)) {
        noun |= c->t[j].upos == DL_UPOS_NOUN || c->t[j].upos == DL_UPOS_PROPN;
        j++;
      } else if (j + 1 < c->se && j > i && possessive(c, j) && chunk_word(c, j + 1)) {
        j++;
      } else if (j + 1 < c->se && j > i && !strcmp(c->up[j - c->sb], "OF") &&
                 chunk_word(c, j + 1)) {
        j++;
      } else {
        /* a phrase that runs into an actor or a left-out clause is part
         * of something larger: not a new actor */
        if (j < c->se && (c->act[j - c->sb] >= 0 || c->gone[j - c->sb])) clean = false;
        break;
      }
    }
    if (i > c->sb && (c->act[i - 1 - c->sb] >= 0 || possessive(c, i - 1))) clean = false;
    /* nor is one whose phrase in the parse holds an actor ("the dispute
     * with Osgiliath" is Osgiliath's), or which stands in apposition to
     * one ("Osgiliath, the state's fiercest foe") */
    for (uint32_t k = i; k < j && clean; k++) {
      int32_t h = c->t[k].head;
      if (h >= (int32_t)i && h < (int32_t)j) continue;
      if (h >= (int32_t)c->sb && h < (int32_t)c->se && !strncmp(relname(&c->t[k]), "appos", 5) &&
          c->act[h - c->sb] >= 0)
        clean = false;
      for (uint32_t x = c->sb; x < c->se && clean; x++)
        if ((x < i || x >= j) && c->act[x - c->sb] >= 0 && under(c, x, k)) clean = false;
    }
    char text[256];
    size_t o = 0;
    int words = 0;
    text[o++] = '"';
    for (uint32_t k = i; k < j; k++) {
      if (possessive(c, k)) continue;
      words++;
      const char *u = c->up[k - c->sb];
      size_t ul = strlen(u);
      if (o + ul + 3 >= sizeof text) {
        words = max + 1;
        break;
      }
      if (o > 1) text[o++] = ' ';
      memcpy(text + o, u, ul);
      o += ul;
    }
    text[o++] = '"';
    if (noun && clean && words <= max) {
      dl_mention *m = &c->extra[c->n_extra];
      memset(m, 0, sizeof *m);
      m->tok_begin = i;
      m->tok_end = j;
      m->sent = c->t[i].sent;
      m->kind = DL_MENTION_ORG;
      m->antecedent = m->antecedent2 = -1;
      m->code = dl_doc_strndup(c->doc, text, o);
      if (!m->code) return DL_NOMEM;
      for (uint32_t k = i; k < j; k++)
        c->act[k - c->sb] = (int32_t)(c->doc->n_mentions + c->n_extra);
      c->n_extra++;
    }
    i = j;
  }
  return DL_OK;
}

int ev_petr_run(const dl_events *e, dl_doc *doc) {
  const ev_petr *p = e->petr;
  pvec ev = {0};
  int rc = DL_OK;
  size_t maxlen = 0;
  for (size_t s = 0; s < doc->n_sents; s++) {
    size_t l = doc->sents[s].tok_end - doc->sents[s].tok_begin;
    if (l > maxlen) maxlen = l;
  }
  char(*up)[48] = maxlen ? malloc(maxlen * sizeof *up) : NULL;
  int32_t *act = maxlen ? malloc(maxlen * sizeof *act) : NULL;
  uint8_t *coded = maxlen ? malloc(maxlen) : NULL;
  uint8_t *gone = maxlen ? malloc(maxlen) : NULL;
  dl_mention *extra = maxlen && p->new_actor_length > 0 ? malloc(maxlen * sizeof *extra) : NULL;
  if (maxlen && (!up || !act || !coded || !gone || (p->new_actor_length > 0 && !extra)))
    rc = DL_NOMEM;
  size_t mi = 0;
  for (size_t s = 0; rc == DL_OK && s < doc->n_sents; s++) {
    if (doc->sent_discard && doc->sent_discard[s]) continue;
    pctx c = {.p = p, .e = e, .doc = doc, .t = doc->toks, .up = up, .act = act,
              .gone = gone, .extra = extra};
    c.sb = doc->sents[s].tok_begin;
    c.se = doc->sents[s].tok_end;
    for (uint32_t i = c.sb; i < c.se; i++) {
      const char *f = doc->toks[i].form;
      size_t k = 0;
      for (; f[k] && k < 47; k++) up[i - c.sb][k] = (char)toupper((unsigned char)f[k]);
      up[i - c.sb][k] = '\0';
      act[i - c.sb] = -1;
    }
    /* mentions come in text order: one pass over them for the document */
    while (mi < doc->n_mentions && doc->mentions[mi].sent < s) mi++;
    for (size_t m = mi; m < doc->n_mentions && doc->mentions[m].sent == s; m++) {
      const dl_mention *mm = &doc->mentions[m];
      if (!mm->code || mm->kind == DL_MENTION_PLACE ||
          (mm->flags & DL_MENTION_COREF))
        continue;
      for (uint32_t i = mm->tok_begin; i < mm->tok_end && i < c.se; i++)
        if (i >= c.sb) act[i - c.sb] = (int32_t)m;
    }
    /* what is left out of a comma clause is neither actor nor verb */
    mark_commas(&c);
    for (uint32_t i = c.sb; i < c.se; i++)
      if (gone[i - c.sb]) act[i - c.sb] = -1;
    rc = find_new_actors(&c);
    memset(coded, 0, c.se - c.sb);
    for (uint32_t i = c.sb; i < c.se && rc == DL_OK; i++) {
      if (gone[i - c.sb]) continue;
      size_t before = ev.n;
      rc = code_verb(&c, &ev, i, coded);
      if (ev.n > before) coded[i - c.sb] = 1;
    }
  }
  free(up);
  free(act);
  free(coded);
  free(gone);
  free(extra);
  if (rc == DL_OK && ev.n) {
    doc->events = dl_doc_alloc(doc, ev.n * sizeof *ev.v);
    if (!doc->events) rc = DL_NOMEM;
    else memcpy(doc->events, ev.v, ev.n * sizeof *ev.v);
  }
  doc->n_events = rc == DL_OK ? ev.n : 0;
  free(ev.v);
  return rc;
}
