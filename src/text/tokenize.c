/*
 * tokenize.c -- the tokenizer: body text -> token spans, in the
 * tokenization of UD English EWT (Penn Treebank conventions, as revised by
 * UD).
 *
 * How it works. The text is cut at whitespace into chunks; each chunk is
 * then peeled from both ends and split inside:
 *
 *     "(Washington’s"  ->  (  Washington  ’s
 *     "don't"          ->  do  n't            "cannot" -> can  not
 *     "talks,”"        ->  talks  ,  ”        "deal.”"  -> deal  .  ”
 *     "U.S."           ->  U.S.               (abbreviations keep their dot)
 *     "two-day"        ->  two  -  day        "anti-war" -> anti-war
 *     "Jong-un"        ->  Jong-un            (a given name after a name)
 *     "$5.2"           ->  $  5.2             "08:10", "1,000", "713-654-0365"
 *     "https://x.org/a-b"                     URLs and e-mail kept whole
 *
 * Leading: opening brackets and quotation marks, dashes. Trailing: closing
 * brackets and quotes, commas, colons, semicolons, runs of . ! ? (one
 * token: "...", "?!"), and a final period unless the word is an
 * abbreviation (a listed one, or dotted initials such as U.S. or p.m., or
 * a single capital letter). Inside: clitics ('s 're 've 'll 'd 'm n't) at
 * the end, hyphens between letters unless the left part is a prefix EWT
 * keeps (anti-, non-, pre- ...), "--", a currency sign before a number, a
 * percent sign after one.
 *
 * Everything works on bytes of valid UTF-8 (the document guarantees it);
 * non-ASCII punctuation is recognised by its encoded form.
 */
#include <ctype.h>
#include <string.h>

#include "text/text_internal.h"

/* Byte length of the UTF-8 punctuation mark at s (within e), or 0, and its
 * class. Classes: opening, closing, either (straight quotes), dash, other. */
enum { P_NONE, P_OPEN, P_CLOSE, P_QUOTE, P_DASH, P_ELLIPSIS, P_OTHER };

static size_t punct_at(const char *s, const char *e, int *cls) {
  unsigned char c = (unsigned char)*s;
  if (c < 0x80) {
    switch (c) {
    case '(': case '[': case '{': case '<': *cls = P_OPEN; return 1;
    case ')': case ']': case '}': case '>': *cls = P_CLOSE; return 1;
    case '"': case '\'': case '`': *cls = P_QUOTE; return 1;
    default: *cls = P_NONE; return 0;
    }
  }
  if (e - s >= 3 && c == 0xE2 && (unsigned char)s[1] == 0x80) {
    switch ((unsigned char)s[2]) {
    case 0x9C: case 0x98: case 0x9E: case 0x9A: *cls = P_OPEN; return 3;  /* “ ‘ „ ‚ */
    case 0x9D: case 0x99: *cls = P_CLOSE; return 3;                       /* ” ’ */
    case 0x93: case 0x94: case 0x95: *cls = P_DASH; return 3;             /* – — ― */
    case 0xA6: *cls = P_ELLIPSIS; return 3;                               /* … */
    case 0xA2: *cls = P_OTHER; return 3;                                  /* • */
    default: break;
    }
  }
  if (e - s >= 2 && c == 0xC2) {
    switch ((unsigned char)s[1]) {
    case 0xAB: *cls = P_OPEN; return 2;  /* « */
    case 0xBB: *cls = P_CLOSE; return 2; /* » */
    default: break;
    }
  }
  *cls = P_NONE;
  return 0;
}

/* Whether s[0] begins an apostrophe: ' or ’. Sets *n to its length. */
static bool apostrophe_at(const char *s, const char *e, size_t *n) {
  if (s < e && *s == '\'') {
    *n = 1;
    return true;
  }
  if (e - s >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
      (unsigned char)s[2] == 0x99) {
    *n = 3;
    return true;
  }
  return false;
}

/* ASCII lowercase without the locale. */
static inline char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c; }

/* Whether s[0..n) equals the lowercase literal lit, ignoring ASCII case. */
static bool ieq(const char *s, size_t n, const char *lit) {
  size_t i = 0;
  for (; i < n; i++)
    if (!lit[i] || lower(s[i]) != lit[i]) return false;
  return lit[i] == '\0';
}

/* Abbreviations that keep their period (lowercase, without the period).
 * Titles, months, weekdays, company and address words, Latin. */
static const char *const abbrevs[] = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt",
    "sgt", "cpl", "pvt", "adm", "cmdr", "cdr", "gov", "sen", "rep", "reps",
    "pres", "amb", "rev", "hon", "st", "mt", "ft", "jr", "sr", "inc", "corp",
    "co", "ltd", "bros", "dept", "univ", "assn", "ave", "blvd", "rd", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
    "sun", "no", "nos", "vs", "etc", "al", "approx", "est", "fig", "vol",
    "cf", "ca", "gov't", "govt", "mln", "bln", "pct", "sq", "km", "mph",
    "esq", "messrs", "mme", "mlle", "op", "ed", "eds", "pp", "ext", "tel",
    "ste", "apt", NULL};

bool dl_text_is_abbrev(const char *s, size_t n) {
  /* n excludes the trailing period */
  if (n == 0 || n > 12) return false;
  if (n == 1 && isalpha((unsigned char)s[0])) return true; /* initial */
  /* dotted initials: U.S, p.m, e.g, D.C, Ph.D */
  bool dots = false, ok = true;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '.') {
      if (i == 0 || s[i - 1] == '.') ok = false;
      dots = true;
    } else if (!isalpha(c)) {
      ok = false;
    }
  }
  if (dots && ok) return true;
  if (n > 6) return false; /* no listed abbreviation is longer */
  for (const char *const *a = abbrevs; *a; a++)
    if (ieq(s, n, *a)) return true;
  return false;
}

/* Prefixes EWT keeps attached before a hyphen (lowercase). */
static const char *const keep_prefixes[] = {
    "e", "non", "pre", "anti", "re", "mid", "post", "over", "co", "pro",
    "multi", "semi", "ex", "sub", "vice", "psycho", "neo", "cross", "counter",
    "un", "socio", "mis", "micro", "intra", "arch", "ultra", "inter", "bi",
    "tri", "quasi", "pseudo", "mega", "macro", "trans", NULL};

static bool keep_prefix(const char *s, size_t n) {
  for (const char *const *p = keep_prefixes; *p; p++)
    if (ieq(s, n, *p)) return true;
  return false;
}

/* Words that end English compound adjectives (Seoul-based, Soviet-era):
 * after them a hyphen splits even in a capitalised word. */
static bool compound_head(const char *s, size_t n) {
  static const char *const heads[] = {
      "based", "born", "led", "made", "era", "style", "owned", "run", "backed",
      "linked", "held", "bound", "wide", "free", "like", "type", "class",
      "sized", "funded", "allied", "aligned", "speaking", "controlled", "day",
      "year", "old", "time", "level", "term", "party", "way", "ready", NULL};
  for (const char *const *h = heads; *h; h++)
    if (ieq(s, n, *h)) return true;
  return false;
}

/* Whether s[0..n) is an English month abbreviation (Jan ... Dec). */
static bool month_abbrev(const char *s, size_t n) {
  static const char *const m[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul",
                                  "aug", "sep", "oct", "nov", "dec", NULL};
  for (const char *const *p = m; *p; p++)
    if (ieq(s, n, *p)) return true;
  return false;
}

/* Token sink: appends [s, e) relative to base. */
static int emit(dl_tokvec *v, const char *base, const char *s, const char *e) {
  if (e <= s) return DL_OK;
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 256;
    dl_span *p = realloc(v->v, cap * sizeof *p);
    if (!p) return DL_NOMEM;
    v->v = p;
    v->cap = cap;
  }
  v->v[v->n].start = (uint32_t)(s - base);
  v->v[v->n].end = (uint32_t)(e - base);
  v->n++;
  return DL_OK;
}

static bool is_url(const char *s, const char *e) {
  size_t n = (size_t)(e - s);
  if (n >= 7 && (!strncmp(s, "http://", 7) || (n >= 8 && !strncmp(s, "https://", 8))))
    return true;
  if (n >= 5 && !strncmp(s, "www.", 4)) return true;
  /* e-mail: x@y.z */
  const char *at = memchr(s, '@', n);
  if (at && at > s && memchr(at, '.', (size_t)(e - at)) && e[-1] != '.') return true;
  /* bare domains: word.com, word.org ... */
  if (n > 5 && e[-4] == '.') {
    static const char *const tlds[] = {"com", "org", "net", "gov", "edu", NULL};
    for (const char *const *t = tlds; *t; t++)
      if (ieq(e - 3, 3, *t)) return true;
  }
  return false;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha_byte(char c) {
  return isalpha((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* Whether [s, e) is a number-like token that keeps internal punctuation:
 * 1,000  5.2  08:10  713-654-0365  16/11/2004  3.5pm stays split. */
static bool numberish(const char *s, const char *e) {
  if (s >= e || !is_digit(*s)) return false;
  for (const char *p = s; p < e; p++)
    if (!is_digit(*p) && *p != ',' && *p != '.' && *p != ':' && *p != '-' &&
        *p != '/')
      return false;
  return is_digit(e[-1]);
}

static int tokenize_chunk(dl_tokvec *v, const char *base, const char *s,
                          const char *e);

/* Whether the last token so far is a capitalised word (Kim, Moon). */
static bool prev_capitalised(const dl_tokvec *v, const char *base) {
  if (v->n == 0) return false;
  const dl_span *pt = &v->v[v->n - 1];
  const char *ps = base + pt->start;
  return pt->end - pt->start >= 2 && isupper((unsigned char)ps[0]) &&
         islower((unsigned char)ps[1]);
}

/* Splits the inside of a chunk (no leading or trailing punctuation left)
 * at hyphens, clitics, currency and percent signs. `prev_cap` says whether
 * the previous token was a capitalised word (for given names). */
static int split_inner(dl_tokvec *v, const char *base, const char *s,
                       const char *e, bool prev_cap) {
  int rc;
  if (s >= e) return DL_OK;
  /* fast path: a plain word of ASCII letters (most chunks) needs only the
   * informal-contraction check below */
  bool plain = true;
  for (const char *p = s; p < e && plain; p++)
    plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
  if (plain) {
    size_t n = (size_t)(e - s);
    if (n <= 8) {
      static const struct { const char *w; int cut; size_t len; } informal[] = {
          {"dont", 2, 4}, {"didnt", 3, 5}, {"doesnt", 4, 6}, {"isnt", 2, 4},
          {"wasnt", 3, 5}, {"werent", 4, 6}, {"arent", 3, 5}, {"cant", 2, 4},
          {"wont", 2, 4}, {"couldnt", 5, 7}, {"wouldnt", 5, 7}, {"shouldnt", 6, 8},
          {"havent", 4, 6}, {"hasnt", 3, 5}, {"hadnt", 3, 5}, {"im", 1, 2},
          {"ive", 1, 3}, {"thats", 4, 5}, {"theres", 5, 6}, {"whats", 4, 5},
          {"youre", 3, 5}, {"theyre", 4, 6}, {"cannot", 3, 6}, {"gonna", 3, 5},
          {"wanna", 3, 5}, {"gotta", 3, 5}, {NULL, 0, 0}};
      char last = lower(e[-1]);
      if (last == 't' || last == 'm' || last == 'e' || last == 's' || last == 'a')
        for (int k = 0; informal[k].w; k++)
          if (informal[k].len == n && lower(s[0]) == informal[k].w[0] &&
              lower(s[1]) == informal[k].w[1] && ieq(s, n, informal[k].w)) {
            if ((rc = emit(v, base, s, s + informal[k].cut))) return rc;
            return emit(v, base, s + informal[k].cut, e);
          }
    }
    return emit(v, base, s, e);
  }
  if (!plain && is_url(s, e)) return emit(v, base, s, e);
  /* number ranges: 5-10, 27-28, 1969-1970, 3:00-5:30, $10-$20; a local
   * phone number (555-0123) and longer dashed numbers stay whole */
  {
    const char *h = NULL;
    int hy = 0;
    bool ok = is_digit(*s) && is_digit(e[-1]);
    for (const char *p = s; p < e && ok; p++) {
      if (*p == '-') {
        hy++;
        h = p;
      } else if (!is_digit(*p) && *p != ',' && *p != '.' && *p != ':' &&
                 !(*p == '$' && p[-1] == '-')) {
        ok = false;
      }
    }
    long l = h ? h - s : 0, r = h ? e - h - 1 : 0;
    bool phone_or_zip = (l == 3 && r == 4) || (l == 5 && r == 4);
    if (ok && hy == 1 && h > s && h + 1 < e && !phone_or_zip) {
      if ((rc = emit(v, base, s, h))) return rc;
      if ((rc = emit(v, base, h, h + 1))) return rc;
      return split_inner(v, base, h + 1, e, false);
    }
  }
  if (numberish(s, e)) return emit(v, base, s, e);

  /* currency sign before a number: $5.2, US$5 stays "US$" "5" */
  if (*s == '$' || (e - s > 2 && (unsigned char)s[0] == 0xE2 &&
                    (unsigned char)s[1] == 0x82 && (unsigned char)s[2] == 0xAC)) {
    size_t n = *s == '$' ? 1 : 3;
    if ((rc = emit(v, base, s, s + n))) return rc;
    return split_inner(v, base, s + n, e, false);
  }
  if ((unsigned char)s[0] == 0xC2 && e - s > 2 && (unsigned char)s[1] == 0xA3) {
    if ((rc = emit(v, base, s, s + 2))) return rc; /* £ */
    return split_inner(v, base, s + 2, e, false);
  }
  /* percent after a number */
  if (e - s > 1 && e[-1] == '%' && is_digit(e[-2])) {
    if ((rc = split_inner(v, base, s, e - 1, prev_cap))) return rc;
    return emit(v, base, e - 1, e);
  }

  /* clitics at the end */
  size_t len = (size_t)(e - s);
  if (len > 3) {
    /* n't: the n stays with the clitic (do|n't, ca|n't, wo|n't) */
    const char *p = e - 2;
    size_t an;
    if ((p[1] == 't' || p[1] == 'T')) {
      /* find an apostrophe right before the 't' */
      const char *q = e - 1;
      const char *ap = NULL;
      if (q - s >= 1 && q[-1] == '\'') ap = q - 1;
      else if (q - s >= 3 && apostrophe_at(q - 3, e, &an)) ap = q - 3;
      if (ap && ap - s >= 2 && (ap[-1] == 'n' || ap[-1] == 'N')) {
        if ((rc = split_inner(v, base, s, ap - 1, prev_cap))) return rc;
        return emit(v, base, ap - 1, e);
      }
    }
  }
  {
    /* 's 're 've 'll 'd 'm */
    /* only when an apostrophe sits in the last five bytes */
    size_t tail = len < 5 ? len : 5;
    bool has_ap = memchr(e - tail, '\'', tail) || memchr(e - tail, 0xE2, tail);
    static const char *const cl[] = {"s", "re", "ve", "ll", "d", "m", NULL};
    static const size_t cl_len[] = {1, 2, 2, 2, 1, 1};
    for (size_t ci = 0; has_ap && cl[ci]; ci++) {
      const char *const *c = &cl[ci];
      size_t m = cl_len[ci];
      for (int alen = 1; alen <= 3; alen += 2) {
        if (len <= m + (size_t)alen) continue;
        const char *ap = e - m - (size_t)alen;
        size_t an;
        if (!apostrophe_at(ap, e, &an) || an != (size_t)alen) continue;
        if (!ieq(ap + alen, m, *c)) continue;
        if (!is_alpha_byte(ap[-1]) && !is_digit(ap[-1])) continue;
        if ((rc = split_inner(v, base, s, ap, prev_cap))) return rc;
        return emit(v, base, ap, e);
      }
    }
  }
  /* a time or amount with its unit stuck on: 2pm, 10am, 5k */
  {
    const char *p = s;
    while (p < e && is_digit(*p)) p++;
    if (p > s && p < e && (ieq(p, (size_t)(e - p), "am") || ieq(p, (size_t)(e - p), "pm") ||
                           ieq(p, (size_t)(e - p), "k"))) {
      if ((rc = emit(v, base, s, p))) return rc;
      return emit(v, base, p, e);
    }
  }

  /* brackets, ellipses, commas and slashes between words */
  for (const char *p = s + 1; p + 1 < e; p++) {
    char c = *p;
    const char *q = p + 1;
    if (c == '(' || c == ')' || c == '[' || c == ']') {
      /* friend(s) stays whole */
      if (c == '(' && e - p == 3 && p[2] == ')') break;
    } else if (c == '.' && p[1] == '.') {
      while (q < e && *q == '.') q++;
    } else if (c == ',' && is_alpha_byte(p[-1]) && is_alpha_byte(p[1])) {
    } else if (c == '/' && p - s >= 2 && e - p >= 3 && is_alpha_byte(p[-1]) &&
               is_alpha_byte(p[1]) && is_alpha_byte(p[-2]) && is_alpha_byte(p[2])) {
    } else {
      continue;
    }
    if ((rc = split_inner(v, base, s, p, prev_cap))) return rc;
    if ((rc = emit(v, base, p, q))) return rc;
    return q < e ? tokenize_chunk(v, base, q, e) : DL_OK;
  }

  /* "--" inside a word */
  for (const char *p = s + 1; p + 2 < e; p++) {
    if (p[0] == '-' && p[1] == '-') {
      const char *q = p;
      while (q < e && *q == '-') q++;
      if ((rc = split_inner(v, base, s, p, prev_cap))) return rc;
      if ((rc = emit(v, base, p, q))) return rc;
      return split_inner(v, base, q, e, false);
    }
  }

  /* dates written 01-Feb-02 stay whole */
  {
    const char *h1 = memchr(s, '-', len), *h2 = h1 ? memchr(h1 + 1, '-', (size_t)(e - h1 - 1)) : NULL;
    if (h1 && h2 && is_digit(*s) && is_digit(e[-1]) && month_abbrev(h1 + 1, (size_t)(h2 - h1 - 1)))
      return emit(v, base, s, e);
  }

  /* hyphens between word characters */
  for (const char *p = s + 1; p + 1 < e; p++) {
    if (*p != '-') continue;
    if (!(is_alpha_byte(p[-1]) || is_digit(p[-1])) ||
        !(is_alpha_byte(p[1]) || is_digit(p[1])))
      continue;
    /* left part: from s to p */
    if (keep_prefix(s, (size_t)(p - s))) continue;
    /* a given name written with a hyphen after a family name:
     * Kim Jong-un, Moon Jae-in. Capitalised short syllable, lowercase
     * short syllable, nothing else in the chunk. */
    if (prev_cap && p - s >= 2 && p - s <= 5 && isupper((unsigned char)s[0]) &&
        prev_capitalised(v, base) &&
        !compound_head(p + 1, (size_t)(e - p - 1))) {
      const char *q = p + 1;
      bool lower = true;
      for (const char *r = q; r < e; r++)
        if (!islower((unsigned char)*r)) lower = false;
      bool left_lower = true;
      for (const char *r = s + 1; r < p; r++)
        if (!islower((unsigned char)*r)) left_lower = false;
      if (lower && left_lower && e - q >= 2 && e - q <= 5) return emit(v, base, s, e);
    }
    if ((rc = emit(v, base, s, p))) return rc;
    if ((rc = emit(v, base, p, p + 1))) return rc;
    return split_inner(v, base, p + 1, e, false);
  }
  return emit(v, base, s, e);
}

/* Runs of sentence punctuation (. ! ? and …) at [s, e) from the end:
 * returns the start of the run. */
static const char *terminal_run_start(const char *s, const char *e) {
  const char *p = e;
  while (p > s) {
    if (p[-1] == '.' || p[-1] == '!' || p[-1] == '?') {
      p--;
      continue;
    }
    if (p - s >= 3 && (unsigned char)p[-3] == 0xE2 && (unsigned char)p[-2] == 0x80 &&
        (unsigned char)p[-1] == 0xA6) {
      p -= 3;
      continue;
    }
    break;
  }
  return p;
}

/* Longest chunk (bytes between spaces, after peeling punctuation) that
 * the inner rules split; longer ones are kept whole. */
#define DL_MAX_SPLIT_CHUNK 256

/* Symbols whose runs make one token: ***, ==, >>, <<, __, ~~, ##. */
static bool is_run_symbol(char c) {
  return c == '*' || c == '=' || c == '>' || c == '<' || c == '_' || c == '~' ||
         c == '#' || c == '+' || c == '\'' || c == '`' || c == '-';
}

static bool is_emoticon(const char *s, const char *e) {
  static const char *const faces[] = {":)", ":(", ":-)", ":-(", ";)", ";-)", ":D",
                                      ":-D", ":P", ":-P", ":p", ":/", ":-/", "^_^",
                                      "<3", ":o", ":O", NULL};
  size_t n = (size_t)(e - s);
  if (n < 2 || n > 3 || (*s != ':' && *s != ';' && *s != '^' && *s != '<')) return false;
  for (const char *const *f = faces; *f; f++)
    if (strlen(*f) == n && !memcmp(s, *f, n)) return true;
  return false;
}

/* Tokenizes one whitespace-free chunk [s, e). */
static int tokenize_chunk(dl_tokvec *v, const char *base, const char *s,
                          const char *e) {
  int rc, cls;
  size_t n;
  /* fast path: starts and ends with an ASCII letter or digit */
  if (isalnum((unsigned char)s[0]) && isalnum((unsigned char)e[-1])) {
    if (e - s > DL_MAX_SPLIT_CHUNK) return emit(v, base, s, e);
    return split_inner(v, base, s, e, true);
  }
  /* a chunk that is an emoticon or a run of one symbol (***, ==, >>) */
  if (is_emoticon(s, e)) return emit(v, base, s, e);
  /* leading punctuation */
  while (s < e) {
    if (is_run_symbol(*s) && e - s >= 2 && s[1] == *s) {
      const char *q = s;
      while (q < e && *q == *s) q++;
      if ((rc = emit(v, base, s, q))) return rc;
      s = q;
      continue;
    }
    if ((*s == '#' || *s == '*' || *s == '~') && e - s >= 2 &&
        (isalnum((unsigned char)s[1]) || s[1] == '$')) {
      if ((rc = emit(v, base, s, s + 1))) return rc;
      s++;
      continue;
    }
    n = punct_at(s, e, &cls);
    if (n && (cls == P_OPEN || cls == P_QUOTE || cls == P_DASH) && e - s > (long)n) {
      /* a leading apostrophe before digits or 'em is part of the word */
      if (*s == '\'' && (is_digit(s[1]) || (e - s == 3 && ieq(s + 1, 2, "em"))))
        break;
      if ((rc = emit(v, base, s, s + n))) return rc;
      s += n;
      continue;
    }
    break;
  }
  if (s >= e) return DL_OK;

  /* trailing punctuation, collected right to left */
  dl_span tail[64];
  size_t nt = 0;
  while (s < e && nt < 64) {
    const char *last = e - 1;
    while (last > s && ((unsigned char)*last & 0xC0) == 0x80) last--;
    if (is_run_symbol(*last) && last > s && last[-1] == *last) {
      const char *r = last;
      while (r > s && r[-1] == *last) r--;
      tail[nt].start = (uint32_t)(r - base);
      tail[nt].end = (uint32_t)(e - base);
      nt++;
      e = r;
      continue;
    }
    n = punct_at(last, e, &cls);
    if (n && (cls == P_CLOSE || cls == P_QUOTE || cls == P_DASH || cls == P_OTHER)) {
      /* keep 's' possessive apostrophe split (leaders') as EWT does */
      tail[nt].start = (uint32_t)(last - base);
      tail[nt].end = (uint32_t)(e - base);
      nt++;
      e = last;
      continue;
    }
    if (n && cls == P_ELLIPSIS) {
      const char *r = terminal_run_start(s, e);
      tail[nt].start = (uint32_t)(r - base);
      tail[nt].end = (uint32_t)(e - base);
      nt++;
      e = r;
      continue;
    }
    char c = *last;
    if (is_run_symbol(c) && last > s && last[-1] == c) {
      const char *r = last;
      while (r > s && r[-1] == c) r--;
      tail[nt].start = (uint32_t)(r - base);
      tail[nt].end = (uint32_t)(e - base);
      nt++;
      e = r;
      continue;
    }
    if (c == ',' || c == ';' || c == ':' || c == '*' || (c == '-' && last > s)) {
      tail[nt].start = (uint32_t)(last - base);
      tail[nt].end = (uint32_t)(e - base);
      nt++;
      e = last;
      continue;
    }
    if (c == '!' || c == '?') {
      const char *r = terminal_run_start(s, e);
      tail[nt].start = (uint32_t)(r - base);
      tail[nt].end = (uint32_t)(e - base);
      nt++;
      e = r;
      continue;
    }
    if (c == '.') {
      const char *r = terminal_run_start(s, e);
      if (e - r == 1 && r > s && !is_url(s, e - 1) && dl_text_is_abbrev(s, (size_t)(r - s)))
        break; /* the dot belongs to the abbreviation */
      tail[nt].start = (uint32_t)(r - base);
      tail[nt].end = (uint32_t)(e - base);
      nt++;
      e = r;
      continue;
    }
    break;
  }
  /* Nothing in real text is this long without a space but a URL or junk;
   * either stays one token, and the inner rules stay linear. */
  if (e - s > DL_MAX_SPLIT_CHUNK) {
    if ((rc = emit(v, base, s, e))) return rc;
    goto tail_out;
  }
  if ((rc = split_inner(v, base, s, e, true))) return rc;
tail_out:
  while (nt > 0) {
    nt--;
    if ((rc = emit(v, base, base + tail[nt].start, base + tail[nt].end))) return rc;
  }
  return DL_OK;
}

int dl_text_tokenize(const char *text, size_t len, dl_tokvec *v) {
  const char *p = text, *e = text + len;
  while (p < e) {
    while (p < e && (*p == ' ' || *p == '\n' || *p == '\t')) p++;
    const char *s = p;
    while (p < e && *p != ' ' && *p != '\n' && *p != '\t') p++;
    if (p > s) {
      int rc = tokenize_chunk(v, text, s, p);
      if (rc) return rc;
    }
  }
  return DL_OK;
}
