/*
 * mentions.c -- the actors stage: mentions found, composed, coded and
 * linked.
 *
 *   1. match    at each token, the longest dictionary name starting there
 *               (names are hashed token sequences; a first-token set skips
 *               the tokens that start no name); a discard phrase blocks.
 *   2. group    matches that touch (or are joined by "'s") form one
 *               phrase, with an unknown capitalised name after a title:
 *                 [North Korean] [leader] [Kim Jong Un]    ADJ AGENT PERSON
 *                 [U.S.] [President] [Donald Trump]        COUNTRY AGENT PERSON
 *                 [UNSC] 's [sanctions committee]          ORG ... AGENT
 *                 [Foreign Minister] Ri Yong Ho            AGENT + unknown name
 *   3. code     a person by the office held on the reference date, else
 *               country + role; an organisation by its code; a country
 *               alone by its code; a capital or seat that acts (subject,
 *               object, possessor, after against/with/on) stands for its
 *               government (Washington -> USAGOV); a capital after in, at,
 *               to, from, near is a place, with coordinates; a place
 *               before a role is that place's country's role ("Darfur
 *               rebels" -> SDNREB); among
 *               namesakes, the one in a country the story mentions.
 *   4. link     a later surname, a definite role ("the U.S. leader"),
 *               "the committee", "both sides" / "the two leaders", and
 *               he / she to the most recent compatible mention.
 */
#include <ctype.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "actors/actors_internal.h"
#include "time/time_internal.h"

/* Internal flag: a bare role ("the regime"), its role code in .code
 * until coreference gives it a country. Cleared before output. */
#define M_ROLE_ONLY (1u << 7)
/* Internal flag: a role merged into another mention; dropped. */
#define M_DROP (1u << 6)

typedef struct raw {
  uint32_t b, e;
  act_entry *first;
} raw;

typedef struct mvec {
  dl_mention *v;
  size_t n, cap;
} mvec;

static int mpush(mvec *m, const dl_mention *x) {
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 32;
    dl_mention *p = realloc(m->v, cap * sizeof *p);
    if (!p) return DL_NOMEM;
    m->v = p;
    m->cap = cap;
  }
  m->v[m->n++] = *x;
  return DL_OK;
}

static bool ieq(const char *a, const char *lit) {
  for (; *a && *lit; a++, lit++)
    if ((*a >= 'A' && *a <= 'Z' ? *a | 0x20 : *a) != *lit) return false;
  return *a == '\0' && *lit == '\0';
}

static bool in(const char *f, const char *const *list) {
  for (; *list; list++)
    if (ieq(f, *list)) return true;
  return false;
}

/* ------------------------------------------------------------ match */

/* The word a name is matched on: the form, or with lemmas the lemma of a
 * plural noun ("committees" -> "committee"). */
static const char *word(const dl_token *t, bool lemmas) {
  if (lemmas && t->lemma && t->upos == DL_UPOS_NOUN) return t->lemma;
  return t->form;
}

static uint32_t longest_by(const dl_actors *a, const dl_token *t, uint32_t i, uint32_t end,
                           act_entry **out, bool lemmas);

/* Titles that may stand before a surname ("Mr. Morrison", "President
 * Moon"), as opposed to a given name ("Tim Morrison"). */
static const char *const person_titles_before[] = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen", "sen.", "rep", "rep.", "gov",
    "gov.", "gen", "gen.", "president", "minister", "premier", "chancellor", "secretary",
    "ambassador", "envoy", "king", "queen", "prince", "general", "senator", "governor",
    "leader", "chairman", "speaker", "judge", "justice", "director", "adviser", "advisor",
    "spokesman", "spokeswoman", "colonel", "col", "col.", "lt", "lt.", "admiral", "mayor",
    NULL};

/* A word that qualifies a country's name without being a person's name
 * ("South Lebanon", "Northern Iraq"). */
static bool region_word(const char *w) {
  static const char *const words[] = {"north", "south", "east", "west", "northern", "southern",
                                      "eastern", "western", "central", "upper", "lower",
                                      "greater", "mainland", "occupied", "northeast", "northwest",
                                      "southeast", "southwest", "inner", "outer", NULL};
  for (int k = 0; words[k]; k++)
    if (!strcasecmp(w, words[k])) return true;
  return false;
}

/* The longest name at token i within [i, end); 0 when none. Names are
 * matched on the tokens as written, then on their lemmas. */
static uint32_t longest(const dl_actors *a, const dl_token *t, uint32_t i, uint32_t end,
                        act_entry **out) {
  uint32_t n = longest_by(a, t, i, end, out, false);
  if (n || !t[i].upos) return n;
  bool differs = false;
  for (uint32_t k = i; k < end && k < i + a->max_tok && !differs; k++)
    differs = t[k].lemma && t[k].upos == DL_UPOS_NOUN && strcmp(t[k].lemma, t[k].form);
  return differs ? longest_by(a, t, i, end, out, true) : 0;
}

static uint32_t longest_by(const dl_actors *a, const dl_token *t, uint32_t i, uint32_t end,
                           act_entry **out, bool lemmas) {
  uint64_t h = act_hash_token(ACT_FNV_OFFSET, word(&t[i], lemmas));
  if (!act_is_start(a, h)) return 0;
  uint64_t hs[16];
  uint32_t k, max = a->max_tok < 16 ? a->max_tok : 16;
  hs[1] = h;
  for (k = 2; k <= max && i + k - 1 < end; k++)
    hs[k] = act_hash_token(hs[k - 1], word(&t[i + k - 1], lemmas));
  for (uint32_t n = k - 1; n >= 1; n--) {
    act_entry *e = act_lookup(a, hs[n], (uint8_t)n);
    if (e && n == 1 && e->caps) {
      /* an acronym matches only a token with no lowercase letter */
      for (const char *p = t[i].form; *p && e; p++)
        if (islower((unsigned char)*p)) e = NULL;
    }
    if (e && n >= 2) { /* capitals the name has must be in the text */
      act_entry *keep = NULL;
      for (act_entry *x = e; x && !keep; x = x->next) {
        bool ok = true;
        for (uint32_t j = 0; j < n && j < 16 && ok; j++)
          if ((x->capmask >> j) & 1u) ok = !islower((unsigned char)t[i + j].form[0]);
        if (ok) keep = x;
      }
      e = keep;
    }
    if (e) { /* surnames alone do not make a match */
      act_entry *x = e;
      while (x && x->kind == E_SURNAME) x = x->next;
      if (!x) e = NULL;
    }
    if (e && lemmas) {
      /* a PETRARCH agent that lists its plurals ("POLICE {}") has no
       * other: "polices" is not POLICE */
      while (e && e->own_plurals) e = e->next;
    }
    if (e && n == 1 && !(t[i].flags & DL_TOK_SENT_START)) {
      /* a proper name must be written as one; and a one-word place next
       * to another capitalised word is part of a name (Victoria Nuland,
       * Lewis Hamilton) */
      bool upper = isupper((unsigned char)t[i].form[0]) != 0;
      bool name_next = i + 1 < end && isupper((unsigned char)t[i + 1].form[0]) &&
                       islower((unsigned char)t[i + 1].form[1]);
      bool name_prev = i > 0 && t[i - 1].sent == t[i].sent &&
                       isupper((unsigned char)t[i - 1].form[0]) &&
                       islower((unsigned char)t[i - 1].form[1]) &&
                       !(t[i - 1].flags & DL_TOK_SENT_START);
      act_entry *keep = NULL;
      /* with tags, a role word must be a noun ("firm" in "firm willingness"
       * is not a company) */
      bool noun = !t[i].upos || t[i].upos == DL_UPOS_NOUN || t[i].upos == DL_UPOS_PROPN ||
                  /* a title the tagger calls an adjective, before a name
                   * ("Iranian General Qassem Soleimani") */
                  (t[i].upos == DL_UPOS_ADJ && i + 1 < end && t[i + 1].upos == DL_UPOS_PROPN &&
                   isupper((unsigned char)t[i + 1].form[0]));
      for (act_entry *x = e; x; x = x->next) {
        bool proper = x->kind != E_AGENT && x->kind != E_DISCARD && !x->petrarch;
        if (proper && !upper) continue;
        if (x->kind == E_AGENT && !noun) continue;
        if (x->kind == E_PLACE && (name_next || name_prev)) continue;
        /* "Tim Morrison" is not Scott Morrison, whom the one word names:
         * a given name before it that is not the person's own */
        if (x->kind == E_PERSON && name_prev && !in(t[i - 1].form, person_titles_before) &&
            x->entity && strncmp(x->entity, t[i - 1].form, strlen(t[i - 1].form)))
          continue;
        /* "Mark Cuban to sit", "Michael Jordan met": a country or its
         * adjective after a capitalised name, before no noun ("Monday
         * Cuban troops"), ends a person's name */
        if ((x->kind == E_COUNTRY || x->kind == E_ADJ) && name_prev && !name_next &&
            t[i - 1].upos == DL_UPOS_PROPN && !region_word(t[i - 1].form) &&
            !(i + 1 < end && (t[i + 1].upos == DL_UPOS_NOUN || t[i + 1].upos == DL_UPOS_PROPN ||
                              t[i + 1].upos == DL_UPOS_ADJ)))
          continue;
        if (!keep) keep = x;
      }
      e = keep; /* the first acceptable entry and those chained after it */
    }
    if (e) {
      *out = e;
      return n;
    }
  }
  return 0;
}

/* --------------------------------------------------------- helpers */

static act_entry *find_kind(act_entry *e, int kind) {
  for (; e; e = e->next)
    if (e->kind == kind) return e;
  return NULL;
}

static bool valid_on(const act_role *r, int32_t day) { return day >= r->from && day <= r->to; }

/* The code of a person or PETRARCH actor on a day; NULL when no office
 * covers it. Without a day, the open-ended (current) one, else the last. */
static const char *code_on(const act_entry *e, bool has_day, int32_t day) {
  if (!e->n_roles) return e->code;
  /* a dated code beats an undated default ("[HOB]" then "[HOBGOV 950601-990815]") */
  for (uint16_t k = 0; has_day && k < e->n_roles; k++)
    if ((e->roles[k].from != INT32_MIN || e->roles[k].to != INT32_MAX) &&
        valid_on(&e->roles[k], day))
      return e->roles[k].code;
  for (uint16_t k = 0; k < e->n_roles; k++)
    if (has_day ? valid_on(&e->roles[k], day) : e->roles[k].to == INT32_MAX) return e->roles[k].code;
  if (!has_day) return e->roles[e->n_roles - 1].code;
  return NULL;
}

/* Among entries of a kind under one name, the person holding office on
 * the day, else the first person. */
static act_entry *pick_person(act_entry *e, bool has_day, int32_t day) {
  act_entry *first = NULL;
  for (; e; e = e->next) {
    if (e->kind != E_PERSON) continue;
    if (!first) first = e;
    if (code_on(e, has_day, day)) return e;
  }
  return first;
}

static const char *const place_preps[] = {"in", "at", "near", "inside", "outside", "around",
                                          "across", "throughout", "within", "to", "into",
                                          "from", "toward", "towards", "via", "of", "through", "past",
                                          "along", "beyond", NULL};

/* Document context: the country codes the story mentions by name. */
typedef struct ctxset {
  char codes[64][4];
  int count[64]; /* how often the story names each */
  int n;
} ctxset;

static bool ctx_has(const ctxset *c, const char *code) {
  for (int i = 0; i < c->n; i++)
    if (!strncmp(c->codes[i], code, 3)) return true;
  return false;
}

static void ctx_add(ctxset *c, const char *code) {
  if (!code || strlen(code) < 3) return;
  for (int i = 0; i < c->n; i++)
    if (!strncmp(c->codes[i], code, 3)) {
      c->count[i]++;
      return;
    }
  if (c->n == 64) return;
  memcpy(c->codes[c->n], code, 3);
  c->codes[c->n][3] = '\0';
  c->count[c->n++] = 1;
}

/* Whether the story names code at least as often as any other country. */
static bool ctx_top(const ctxset *c, const char *code) {
  int mine = 0, top = 0;
  for (int i = 0; i < c->n; i++) {
    if (!strncmp(c->codes[i], code, 3)) mine = c->count[i];
    if (c->count[i] > top) top = c->count[i];
  }
  return mine > 0 && mine >= top;
}

/* A context name counts when the story mentions one of its codes; a code
 * marked "!" ("Congress [USA!]") only when the story names that country
 * at least as often as any other. */
static bool ctx_ok(const ctxset *c, const act_entry *e) {
  const char *p = e->country;
  while (p && *p) {
    while (*p == ' ' || *p == ',') p++;
    if (strlen(p) >= 3 && (p[3] == '!' ? ctx_top(c, p) : ctx_has(c, p))) return true;
    while (*p && *p != ',') p++;
  }
  return false;
}

/* The context name under a name whose context the story gives. */
static act_entry *find_ctx(act_entry *e, const ctxset *c) {
  for (; e; e = e->next)
    if (e->kind == E_CTXNAME && ctx_ok(c, e)) return e;
  return NULL;
}

/* The place among namesakes. Dateline's own places (no population)
 * first: the one in a country of the story, else the first of the highest
 * kind (capital, city or region, town). Then the
 * gazetteer's (GeoNames, with populations): the most populous, unless one
 * in a country of the story has a third of its people at least; "Geneva"
 * in a story of Russians and Americans is not Geneva, Illinois. */
static int place_rank(const act_entry *e) {
  if (!e->role) return 1;
  if (!strcmp(e->role, "capital")) return 3;
  return strcmp(e->role, "town") ? 2 : 1;
}

static act_entry *pick_place(act_entry *e, const ctxset *c) {
  act_entry *first = NULL, *own = NULL, *own_ctx = NULL, *gz = NULL, *gz_ctx = NULL;
  for (; e; e = e->next) {
    if (e->kind != E_PLACE) continue;
    if (!first) first = e;
    if (!e->lat && !e->lon) continue;
    bool in_ctx = ctx_has(c, e->country);
    if (!e->pop) {
      /* without the story's country: a capital, else a city or region,
       * else a town (the lesser namesake: London, Ontario) */
      if (!own || place_rank(e) > place_rank(own)) own = e;
      if (in_ctx && !own_ctx) own_ctx = e;
    } else {
      if (!gz || e->pop > gz->pop) gz = e;
      if (in_ctx && (!gz_ctx || e->pop > gz_ctx->pop)) gz_ctx = e;
    }
  }
  if (own_ctx) return own_ctx;
  if (own) return own;
  if (gz_ctx && (uint64_t)gz_ctx->pop * 3 >= gz->pop) return gz_ctx;
  return gz ? gz : first;
}

/* Whether the words [b, b + n) may be the place in chain e: a place is a
 * proper name, written with a capital (an agent such as "court" or
 * "banks" may share the chain with a town of that name); a gazetteer town
 * is no one's surname ("Kim" is Kim Jong-un, not Kim, Tajikistan) nor a
 * common word at the start of a sentence ("We" is not Wé). */
static bool place_ok(const dl_actors *a, const dl_token *t, uint32_t b, uint32_t n,
                     act_entry *e) {
  if (!isupper((unsigned char)t[b].form[0])) return false;
  bool own = false;
  for (act_entry *x = e; x && !own; x = x->next) own = x->kind == E_PLACE && !x->pop;
  if (own || n > 1) return true;
  if (act_surnames(a, t[b].form)) return false;
  static const char *const common[] = {
      "we", "i", "he", "she", "it", "they", "you", "us", "our", "my", "his", "her", "its",
      "their", "your", "a", "an", "the", "this", "that", "these", "those", "of", "in", "on",
      "at", "to", "for", "from", "by", "with", "as", "and", "or", "but", "if", "so", "be",
      "is", "was", "are", "were", "has", "had", "have", "do", "did", "does", "no", "not", "all",
      "some", "any", "each", "every", "more", "most", "many", "much", "one", "two", "three",
      "new", "old", "after", "before", "during", "while", "when", "where", "why", "how",
      "what", "who", "which", "there", "here", "then", "than", "also", "only", "just", "still",
      "yet", "even", "again", "since", "until", "about", "over", "under", "between", "among",
      "into", "through", "against", "without", "within", "along", "across", "around", "near",
      "police", "president", "minister", "government", "army", "court", "officials", "people",
      "mr", "mrs", "ms", "dr", "may", "will", "can", "could", "would", "should", "must",
      "said", "says", "say", "according", "last", "next", "first", "second", "early", "late",
      "today", "tomorrow", "yesterday", "now", "both", "such", "other", "another", "several",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL};
  for (int k = 0; common[k]; k++)
    if (!strcasecmp(t[b].form, common[k])) return false;
  return true;
}

/* The first-level region of place p: its own, else that of the nearest
 * namesake in the same country within half a degree (Dateline's
 * places.txt has no regions; the GeoNames gazetteer, when loaded, does;
 * a town of the same name elsewhere in the country is not p). NULL if
 * none. */
static const char *admin1_of(const act_entry *chain, const act_entry *p) {
  if (p->admin1) return p->admin1;
  const char *best = NULL;
  double best_d = 0.25; /* squared degrees */
  for (const act_entry *x = chain; x; x = x->next) {
    if (x->kind != E_PLACE || !x->admin1 || !p->country || !x->country ||
        strcmp(x->country, p->country))
      continue;
    double dl = x->lat - p->lat, dn = x->lon - p->lon, d = dl * dl + dn * dn;
    if (d < best_d) {
      best_d = d;
      best = x->admin1;
    }
  }
  return best;
}

/* The coordinates of a capital named in countries.txt come from the
 * places entry of the same name. */
static const act_entry *coords_of(const dl_actors *a, const act_entry *cap, const dl_token *t,
                                  uint32_t b, uint32_t e) {
  if (cap->lat || cap->lon) return cap;
  uint64_t h = ACT_FNV_OFFSET;
  for (uint32_t i = b; i < e; i++) h = act_hash_token(h, t[i].form);
  for (act_entry *x = act_lookup(a, h, (uint8_t)(e - b)); x; x = x->next)
    if (x->kind == E_PLACE && (x->lat || x->lon) && cap->country && x->country &&
        !strcmp(x->country, cap->country))
      return x;
  return cap;
}

static void set_country(dl_mention *m, const char *code) {
  m->country[0] = '\0';
  if (!code || strlen(code) < 3) return;
  if (!strncmp(code, "IGO", 3) || !strncmp(code, "NGO", 3) || !strncmp(code, "IMG", 3) ||
      !strncmp(code, "MNC", 3))
    return;
  memcpy(m->country, code, 3);
  m->country[3] = '\0';
}

/* country + role code into the document arena ("PRK" + "GOV"). */
static const char *compose(dl_doc *doc, const char *country, const char *role) {
  char buf[48];
  const char *tilde = role ? strchr(role, '~') : NULL;
  if (tilde) /* prefix agents: "NGO~" + ARN, "NGO~GOV" -> NGOARNGOV */
    snprintf(buf, sizeof buf, "%.*s%.3s%.12s", (int)(tilde - role < 12 ? tilde - role : 12), role,
             country, tilde + 1);
  else
    snprintf(buf, sizeof buf, "%.3s%.12s", country, role ? role : "");
  return dl_doc_strndup(doc, buf, strlen(buf));
}

/* The one person in the dictionaries with this last name (or, after a
 * title, first name: "President Moon") who held an office on the day
 * (preferring one whose office is the title given), else after a title
 * the last one whose term of that office ended before the day; NULL when
 * none or several. A bare first name is no one: "Christian" is not Christian
 * Wulff. */
static act_entry *by_surname(const dl_actors *a, const char *form, const char *title,
                             bool has_day, int32_t day) {
  act_entry *found = NULL, *former = NULL;
  int n = 0;
  int32_t former_to = INT32_MIN;
  for (act_entry *e = act_surnames(a, form); e; e = e->next) {
    if (e->kind != E_SURNAME || (e->first_word && !title)) continue;
    if (!code_on(e, has_day, day)) {
      /* "President Bush" in a story of 2000: no Bush was president that
       * day; the last one to have been before it is meant (a former
       * official, coded as such) */
      if (title && has_day && e->role && ieq(title, e->role) && e->n_roles) {
        int32_t to = INT32_MIN;
        for (uint16_t k = 0; k < e->n_roles; k++)
          if (e->roles[k].to > to) to = e->roles[k].to;
        if (to < day && to > former_to) {
          former = e;
          former_to = to;
        }
      }
      continue;
    }
    if (found && found->entity == e->entity) continue;
    if (title && e->role && ieq(title, e->role)) return e;
    found = e;
    n++;
  }
  if (n == 0 && former) return former;
  return n == 1 ? found : NULL;
}

/* ------------------------------------------------------------- groups */

typedef struct group {
  uint32_t b, e;         /* token range */
  act_entry *country;    /* E_COUNTRY / E_ADJ / valid E_CTXNAME */
  act_entry *org;        /* E_ORG */
  act_entry *agent;      /* last E_AGENT */
  act_entry *agents[4];  /* PETRARCH agents in order ("Islamist media") */
  int n_agents;
  act_entry *person;     /* E_PERSON */
  act_entry *actor;      /* E_ACTOR */
  act_entry *seat;       /* E_SEAT */
  act_entry *place;      /* E_PLACE */
  bool place_first;      /* the place came before any agent ("Darfur rebels") */
  uint32_t unk_b, unk_e; /* an unknown capitalised name after a title */
  bool adj_only;         /* the country part was an adjective */
  bool country_first;    /* the country came before an organisation ("Iran's
                            U.N. ambassador" is Iran's) */
  bool ethnic;           /* "ethnic Albanians": a people, not that state */
} group;

static bool capital_word(const dl_token *t) {
  const unsigned char c = (unsigned char)t->form[0];
  return isupper(c) && t->form[1] && !(t->flags & DL_TOK_SENT_START);
}

/* Builds the mention of a group; returns false when it names nothing. */
static bool group_mention(const dl_actors *a, dl_doc *doc, const group *g, const ctxset *cx,
                          bool has_day, int32_t day, dl_mention *m) {
  const dl_token *t = doc->toks;
  memset(m, 0, sizeof *m);
  m->tok_begin = g->b;
  m->tok_end = g->e;
  m->start = t[g->b].start;
  m->end = t[g->e - 1].end;
  m->sent = t[g->b].sent;
  m->antecedent = m->antecedent2 = -1;
  const char *ccode = g->country ? (g->country->kind == E_CTXNAME ? g->country->entity
                                                                   : g->country->code)
                                 : NULL;
  const char *role = g->agent ? g->agent->code : g->ethnic ? "CVL" : NULL;
  if (g->n_agents > 1 || (g->n_agents == 1 && strchr(g->agents[0]->code, '~'))) {
    /* PETRARCH agents add up: prefixes before the country, the rest after */
    char pre[32] = "", suf[32] = "";
    for (int k = 0; k < g->n_agents; k++) {
      const char *c = g->agents[k]->code;
      size_t cl = strlen(c);
      char *dst = cl && c[cl - 1] == '~' ? pre : suf;
      size_t dl = strlen(dst);
      if (strstr(dst, c) == NULL || cl != 3)
        snprintf(dst + dl, sizeof pre - dl, "%.*s", (int)(c[cl - 1] == '~' ? cl - 1 : cl), c);
    }
    char buf[72];
    snprintf(buf, sizeof buf, "%s~%s", pre, suf);
    role = dl_doc_strndup(doc, buf, strlen(buf));
  }
  if (g->person) {
    m->kind = DL_MENTION_PERSON;
    m->entity = g->person->entity;
    m->code = code_on(g->person, has_day, day);
    /* out of the office the story's day is after: a former official,
     * which the CAMEO codebook codes as an elite ("former Secretary of
     * Defense": USAELI) */
    if (!m->code && has_day && g->person->n_roles && g->person->roles[0].to < day &&
        g->person->country)
      m->code = compose(doc, g->person->country, "ELI");
    if (!m->code && ccode && role) m->code = compose(doc, ccode, role);
    set_country(m, m->code ? m->code : g->person->country);
    return true;
  }
  if (g->actor) {
    m->kind = strlen(g->actor->code ? g->actor->code : "") == 3 ? DL_MENTION_COUNTRY : DL_MENTION_ORG;
    m->code = code_on(g->actor, has_day, day);
    if (!m->code) return false;
    if (role && strlen(m->code) == 3) m->code = compose(doc, m->code, role);
    set_country(m, m->code);
    return true;
  }
  if (g->org && !(g->country_first && ccode && role)) {
    m->kind = DL_MENTION_ORG;
    m->entity = g->org->entity;
    m->code = g->org->code;
    return true;
  }
  if (g->seat) {
    m->kind = DL_MENTION_ORG;
    m->entity = g->seat->entity;
    m->code = g->seat->code;
    m->flags |= DL_MENTION_METONYM;
    set_country(m, m->code);
    return true;
  }
  if (g->unk_e > g->unk_b && role) {
    m->kind = DL_MENTION_PERSON;
    m->flags |= DL_MENTION_UNKNOWN;
    m->entity = dl_doc_strndup(doc, doc->body + t[g->unk_b].start,
                               t[g->unk_e - 1].end - t[g->unk_b].start);
    m->code = ccode ? compose(doc, ccode, role) : NULL;
    if (!ccode && a->petr_agents) { /* "Deputy Prime Minister Telemar": the role, for later */
      m->code = role;
      m->flags |= M_ROLE_ONLY;
    }
    set_country(m, m->code);
    return true;
  }
  if (ccode && role) {
    m->kind = DL_MENTION_ORG;
    m->code = compose(doc, ccode, role);
    set_country(m, ccode);
    return true;
  }
  if (ccode) {
    m->kind = DL_MENTION_COUNTRY;
    /* "in Vietnam", "to Singapore": the country as a place (with the
     * coordinates of a place of the same name, as for Singapore) */
    if (!g->adj_only && g->b > doc->sents[t[g->b].sent].tok_begin &&
        in(t[g->b - 1].form, place_preps)) {
      m->kind = DL_MENTION_PLACE;
      act_entry *p = g->place ? pick_place(g->place, cx) : NULL;
      if (p && (p->lat || p->lon)) {
        m->lat = p->lat;
        m->lon = p->lon;
      }
      if (p) m->admin1 = admin1_of(g->place, p);
    }
    m->code = g->country->kind == E_CTXNAME ? g->country->entity : g->country->code;
    m->entity = g->country->kind == E_CTXNAME ? NULL : g->country->entity;
    set_country(m, m->code);
    /* "North Korean nuclear program": an adjective modifying a noun */
    if (g->adj_only && g->e < doc->sents[t[g->b].sent].tok_end) {
      const char *nf = t[g->e].form;
      size_t fl = strlen(t[g->e - 1].form);
      bool plural = t[g->e - 1].form[fl - 1] == 's';
      if (!plural && islower((unsigned char)nf[0])) m->flags |= DL_MENTION_MODIFIER;
    }
    return true;
  }
  if (g->place) {
    act_entry *p = pick_place(g->place, cx);
    if (!p) return false;
    const act_entry *pc = coords_of(a, p, t, g->b, g->e);
    m->entity = p->entity;
    memcpy(m->country, p->country, 3);
    m->country[3] = '\0';
    m->lat = pc->lat;
    m->lon = pc->lon;
    m->admin1 = admin1_of(g->place, pc);
    m->kind = DL_MENTION_PLACE;
    /* a capital that acts stands for its government */
    bool capital = p->role && !strcmp(p->role, "capital");
    if (!capital)
      for (act_entry *x = g->place; x; x = x->next)
        if (x->kind == E_PLACE && x->role && !strcmp(x->role, "capital") && x->country &&
            !strcmp(x->country, p->country))
          capital = true;
    bool after_prep = g->b > doc->sents[t[g->b].sent].tok_begin &&
                      in(t[g->b - 1].form, place_preps);
    /* the wire dateline ("WASHINGTON (AP) --") names where, not who */
    if (dl_doc_in_dateline(doc, m->start)) after_prep = true;
    /* "the Hanoi summit": a capital modifying a noun is where, not who */
    bool modifier = !g->agent && ((g->e < doc->sents[t[g->b].sent].tok_end &&
                                   t[g->e].upos == DL_UPOS_NOUN) ||
                                  (t[g->e - 1].upos &&
                                   !strncmp(dl_deprel_name(t[g->e - 1].deprel), "compound", 8)));
    if (capital && !after_prep && !modifier) {
      m->kind = DL_MENTION_ORG;
      m->flags |= DL_MENTION_METONYM;
      m->code = compose(doc, p->country, "GOV");
    } else if (role && g->place_first && !after_prep && p->country && p->country[0]) {
      /* "Darfur rebels", "Gaza police": the place's country and the role */
      m->kind = DL_MENTION_ORG;
      m->entity = NULL;
      m->lat = m->lon = 0;
      m->code = compose(doc, p->country, role);
    }
    return true;
  }
  if (role) { /* a bare role: coded by coreference, or not at all */
    m->kind = DL_MENTION_ORG;
    m->code = role;
    m->flags |= M_ROLE_ONLY;
    return true;
  }
  return false;
}

/* ------------------------------------------------------ role joins */

static bool country_level(const dl_mention *m) {
  return m->code && strlen(m->code) == 3 && !(m->flags & (M_ROLE_ONLY | M_DROP)) &&
         !(m->flags & DL_MENTION_MODIFIER) && m->kind != DL_MENTION_PLACE;
}

/* Whether the tokens [b, e) only join a list: commas, and, the. */
static bool list_glue(const dl_token *t, uint32_t b, uint32_t e, bool *conj) {
  *conj = false;
  for (uint32_t i = b; i < e; i++) {
    const char *f = t[i].form;
    if (!strcmp(f, ",") || ieq(f, "and")) *conj = true;
    else if (!ieq(f, "the")) return false;
  }
  return true;
}

/* Whether a bare role is of people who live where they are: "students
 * in Indonesia" are Indonesian, "troops in Iraq" or "diplomats in Seoul"
 * need not be. */
static bool resident_code(const dl_token *t, uint32_t b, uint32_t e, const char *code);

/* Roles a story's home country may take without naming it: its police,
 * protesters, opposition, rebels and lawmakers (not "officials",
 * "leaders" or "people", who in a story from one country are often of
 * another), and not one person described ("a 24-year-old student"). */
static bool home_role(const dl_token *t, const dl_mention *m, const char *role) {
  static const char *const roles[] = {"COP", "OPP", "OPPPTY", "REB", "INS", "SEP", "LEG", NULL};
  bool ok = false;
  for (int k = 0; roles[k] && !ok; k++) ok = !strcmp(role, roles[k]);
  if (!ok) return false;
  if (m->tok_begin > 0 && in(t[m->tok_begin - 1].form, (const char *const[]){"a", "an", NULL}))
    return false;
  return resident_code(t, m->tok_begin, m->tok_end, role);
}

static bool resident_role(const dl_token *t, const dl_mention *r) {
  return resident_code(t, r->tok_begin, r->tok_end, r->code);
}

static bool resident_code(const dl_token *t, uint32_t b, uint32_t e, const char *code) {
  static const char *const roles[] = {"CVL", "OPP", "OPPPTY", "PTY", "EDU", "LAB", "AGR",
                                      "REL", "REB", "INS", "SEP", "UAF", "COP", "LEG",
                                      "JUD", "HLH", "GOV", NULL};
  static const char *const envoys[] = {"envoy", "envoys", "ambassador", "ambassadors",
                                       "diplomat", "diplomats", "embassy", "embassies",
                                       "consul", "consulate", "delegation", "delegations",
                                       "delegate", "delegates", "negotiator", "negotiators",
                                       "emissary", "emissaries", "mission", NULL};
  bool resident = false;
  for (const char *const *c = roles; *c && !resident; c++) resident = !strcmp(code, *c);
  if (!resident) return false;
  for (uint32_t i = b; i < e; i++)
    if (in(t[i].form, envoys)) return false;
  return true;
}

/* Roles that belong to a country named next to them:
 *   "Soldiers from Gondor", "Lawmakers and officials in Fornost and
 *   Gondor", "the ambassadors of Arnor, Osgiliath and Gondor"  (role of X)
 *   "Dagolath's first Deputy Prime Minister Telemar",
 *   "Ithilen's awful and evil minister Calimehtar"             (X's ... role)
 * The country's mentions take the role(s) ("FORLEG/FORGOV" for two) and
 * the role's mention is dropped. */
static int join_roles(dl_doc *doc, mvec *mv) {
  const dl_token *t = doc->toks;
  for (size_t k = 0; k < mv->n; k++) {
    dl_mention *r = &mv->v[k];
    if (!(r->flags & M_ROLE_ONLY) || (r->flags & M_DROP)) continue;
    uint32_t se = doc->sents[r->sent].tok_end;
    /* X 's [adjectives, and] ROLE */
    if (k > 0 && country_level(&mv->v[k - 1]) && mv->v[k - 1].sent == r->sent) {
      dl_mention *c = &mv->v[k - 1];
      uint32_t i = c->tok_end;
      if (i < r->tok_begin && !strcmp(t[i].form, "'s")) {
        bool ok = true;
        for (uint32_t j = i + 1; j < r->tok_begin && ok; j++)
          ok = t[j].upos == DL_UPOS_ADJ || t[j].upos == DL_UPOS_ADV || ieq(t[j].form, "and") ||
               !strcmp(t[j].form, ",") || t[j].upos == DL_UPOS_NUM;
        if (ok) {
          c->code = compose(doc, c->code, r->code);
          c->kind = DL_MENTION_ORG;
          c->tok_end = r->tok_end;
          c->end = r->end;
          if (r->entity) c->entity = r->entity;
          r->flags |= M_DROP;
          continue;
        }
      }
    }
    /* "withdrew its troops from Kherson": a role with a possessive is the
     * possessor's (coreference decides), wherever it comes from or is */
    if (r->tok_begin > 0 &&
        in(t[r->tok_begin - 1].form, (const char *const[]){"its", "their", "his", "her", "our",
                                                             NULL}))
      continue;
    /* ROLE [and ROLE] of|in|from [the] X [, Y] [and Z] */
    size_t last = k;
    const char *roles[4] = {r->code};
    int nr = 1;
    while (last + 1 < mv->n && nr < 4) {
      dl_mention *n2 = &mv->v[last + 1];
      bool conj;
      if (!(n2->flags & M_ROLE_ONLY) || n2->sent != r->sent ||
          !list_glue(t, mv->v[last].tok_end, n2->tok_begin, &conj) || !conj)
        break;
      roles[nr++] = n2->code;
      last++;
    }
    uint32_t i = mv->v[last].tok_end;
    if (i >= se)
      continue;
    bool within = in(t[i].form, (const char *const[]){"in", "throughout", "across", NULL});
    if (!within && !ieq(t[i].form, "of") && !ieq(t[i].form, "from"))
      continue;
    i++;
    if (i < se && ieq(t[i].form, "the")) i++;
    /* "in south Serbia", "in northern Iraq" (not the "North" of North
     * Korea) */
    static const char *const compass[] = {"north", "south", "east", "west", "northern",
                                          "southern", "eastern", "western", "northeast",
                                          "northwest", "southeast", "southwest", "northeastern",
                                          "northwestern", "southeastern", "southwestern",
                                          "central", NULL};
    if (i + 1 < se && islower((unsigned char)t[i].form[0]) && in(t[i].form, compass)) i++;
    /* "leaders of Egypt's Muslim Brotherhood": the country owns the noun
     * after it, which is what the role is of; they are not Egypt's leaders */
    if (last + 1 < mv->n && mv->v[last + 1].tok_begin == i) {
      uint32_t after = mv->v[last + 1].tok_end;
      if (after < se && (ieq(t[after].form, "'s") || ieq(t[after].form, "\u2019s") ||
                         ieq(t[after].form, "'")))
        continue;
    }
    /* ROLE in|of|from PLACE: "opposition parties in Nepal", "students
     * throughout Indonesia", "demonstrators in Baghdad" take the place's
     * country, and the place stays a place. "In" a place only for the
     * roles of people who live there: troops, refugees, reporters,
     * companies or diplomats in a country are often foreigners. */
    /* "the mayor of the northern West Bank city of Nablus", "the governor
     * of the Ukrainian region of Kherson": the place after the kind of
     * place it is */
    size_t pl = last + 1;
    if (last == k && !within) {
      static const char *const kinds[] = {"city", "town", "village", "region", "province",
                                          "district", "port", "capital", "state", NULL};
      for (uint32_t j = i; j < se && j < i + 6; j++) {
        if (!in(t[j].form, kinds)) continue;
        if (j + 2 < se && ieq(t[j + 1].form, "of"))
          for (size_t q = last + 1; q < mv->n && mv->v[q].tok_begin <= j + 2; q++)
            if (mv->v[q].tok_begin == j + 2 && mv->v[q].kind == DL_MENTION_PLACE) {
              pl = q;
              i = j + 2;
            }
        break;
      }
    }
    if (last == k && pl < mv->n && mv->v[pl].tok_begin == i &&
        mv->v[pl].kind == DL_MENTION_PLACE && mv->v[pl].country[0] &&
        (!within || resident_role(t, r))) {
      r->code = compose(doc, mv->v[pl].country, r->code);
      if (!r->code) return DL_NOMEM;
      set_country(r, r->code);
      r->flags &= (uint8_t)~M_ROLE_ONLY;
      continue;
    }
    /* ROLE in|of the GROUP: "senior officers in the Russian military",
     * "officials of the Egyptian government" are that group; not a seat
     * ("reporters in the Oval Office"), nor those who report on it */
    if (last == k && last + 1 < mv->n && mv->v[last + 1].tok_begin == i &&
        mv->v[last + 1].kind == DL_MENTION_ORG && mv->v[last + 1].code &&
        strlen(mv->v[last + 1].code) > 3 && mv->v[last + 1].country[0] &&
        !(mv->v[last + 1].flags & (DL_MENTION_PRONOUN | DL_MENTION_METONYM)) &&
        !in(t[r->tok_end - 1].form, (const char *const[]){"reporters", "reporter", "journalists",
                                                           "journalist", "correspondents",
                                                           "correspondent", "visitors", NULL})) {
      r->code = mv->v[last + 1].code;
      set_country(r, r->code);
      r->flags &= (uint8_t)~M_ROLE_ONLY;
      continue;
    }
    if (last + 1 >= mv->n || mv->v[last + 1].tok_begin != i || !country_level(&mv->v[last + 1]))
      continue;
    for (size_t j = last + 1; j < mv->n; j++) {
      dl_mention *c = &mv->v[j];
      if (j > last + 1) {
        bool conj;
        if (!country_level(c) || c->sent != r->sent ||
            !list_glue(t, mv->v[j - 1].tok_end, c->tok_begin, &conj) || !conj)
          break;
      }
      char buf[128] = "";
      for (int q = 0; q < nr; q++) {
        const char *cc = compose(doc, c->code, roles[q]);
        size_t bl = strlen(buf);
        snprintf(buf + bl, sizeof buf - bl, "%s%s", q ? "/" : "", cc);
      }
      c->code = dl_doc_strndup(doc, buf, strlen(buf));
      if (!c->code) return DL_NOMEM;
      c->kind = DL_MENTION_ORG;
      if (j == last + 1) {
        c->tok_begin = r->tok_begin;
        c->start = r->start;
      }
    }
    for (size_t q = k; q <= last; q++) mv->v[q].flags |= M_DROP;
    k = last;
  }
  return DL_OK;
}

/* ---------------------------------------------------------- corefs */

static const char *const definite[] = {"the", "his", "her", "its", "their", "this", "that",
                                       NULL};
/* Role words that name one person ("the U.S. leader" is someone). */
static const char *const person_titles[] = {
    "leader", "president", "premier", "minister", "chancellor", "king", "queen", "secretary",
    "envoy", "ambassador", "spokesman", "spokeswoman", "spokesperson", "chief", "head",
    "general", "commander", "monarch", "emir", "prince", "dictator", "chairman", NULL};
static const char *const org_heads[] = {"committee", "council", "panel", "body", "agency",
                                        "organization", "organisation", "alliance", "bloc",
                                        "commission", NULL};

/* Copies what a mention refers to from its antecedent. */
static void link(dl_mention *m, const dl_mention *ant, int32_t idx) {
  m->antecedent = idx;
  m->flags |= DL_MENTION_COREF;
  if (!m->entity) m->entity = ant->entity;
  m->code = ant->code;
  memcpy(m->country, ant->country, 4);
  if (m->kind == DL_MENTION_ORG && ant->kind == DL_MENTION_PERSON) m->kind = DL_MENTION_PERSON;
}

/* The most recent coded mention before index i within `span` sentences
 * that satisfies the test. */
typedef bool (*accept_fn)(const dl_mention *cand, const dl_mention *m, const void *arg);

static int32_t recent(const mvec *out, const dl_mention *m, size_t before, uint32_t span,
                      accept_fn ok, const void *arg) {
  for (size_t k = before; k-- > 0;) {
    const dl_mention *c = &out->v[k];
    if (c->sent + span < m->sent) break;
    if (!c->code || (c->flags & DL_MENTION_MODIFIER)) continue;
    if (ok(c, m, arg)) return (int32_t)k;
  }
  return -1;
}

static bool same_role(const dl_mention *c, const dl_mention *m, const void *arg) {
  const char *role = arg;
  size_t cl = strlen(c->code);
  if (role && (cl < 6 || strcmp(c->code + cl - 3, role))) return false;
  if (m->country[0] && strcmp(c->country, m->country)) return false;
  return c->kind == DL_MENTION_PERSON && c->entity;
}

static bool is_person(const dl_mention *c, const dl_mention *m, const void *arg) {
  (void)m;
  (void)arg;
  return c->kind == DL_MENTION_PERSON && c->entity;
}

static bool is_org(const dl_mention *c, const dl_mention *m, const void *arg) {
  (void)m;
  (void)arg;
  return c->kind == DL_MENTION_ORG && c->entity &&
         !(c->flags & (DL_MENTION_METONYM | DL_MENTION_PRONOUN));
}

static bool has_surname(const dl_mention *c, const dl_mention *m, const void *arg) {
  (void)m;
  const char *name = arg;
  if (c->kind != DL_MENTION_PERSON || !c->entity) return false;
  /* the first or last word of the entity's name */
  size_t n = strlen(name), el = strlen(c->entity);
  if (!strncmp(c->entity, name, n) && (c->entity[n] == ' ' || c->entity[n] == '\0')) return true;
  return el > n && !strcmp(c->entity + el - n, name) && c->entity[el - n - 1] == ' ';
}

static bool coded_actor(const dl_mention *c, const dl_mention *m, const void *arg) {
  (void)m;
  const char *avoid = arg;
  return (c->kind == DL_MENTION_PERSON || c->kind == DL_MENTION_ORG ||
          c->kind == DL_MENTION_COUNTRY) &&
         c->country[0] && (!avoid || strcmp(c->country, avoid)) &&
         !(c->flags & DL_MENTION_MODIFIER);
}

static bool person_actor(const dl_mention *c, const dl_mention *m, const void *arg) {
  return c->kind == DL_MENTION_PERSON && coded_actor(c, m, arg);
}

/* Whether token i (of a sentence ending at e) is a clause's subject: by
 * the parse, or in a sentence tagged but not parsed (the pipeline parses
 * only sentences an event can come from) when a verb follows it, perhaps
 * after an adverb ("they would return", "it also said"). */
static bool subject(const dl_token *t, uint32_t i, uint32_t e) {
  if (!t[i].upos) return false;
  /* "it means", "it seems": no one */
  static const char *const empty[] = {"means", "meant", "seems", "seemed", "appears", "appeared",
                                      "looks", "looked", "matters", "mattered", "happens",
                                      "happened", "follows", "followed", NULL};
  if (ieq(t[i].form, "it") && i + 1 < e && in(t[i + 1].form, empty)) return false;
  if (t[i].deprel == 0) {
    uint32_t k = i + 1;
    if (k < e && t[k].upos == DL_UPOS_ADV) k++;
    return k < e && (t[k].upos == DL_UPOS_VERB || t[k].upos == DL_UPOS_AUX);
  }
  const char *rel = dl_deprel_name(t[i].deprel);
  return !strcmp(rel, "nsubj") || !strcmp(rel, "nsubj:pass");
}

static bool org_or_country(const dl_mention *c, const dl_mention *m, const void *arg) {
  (void)m;
  (void)arg;
  return (c->kind == DL_MENTION_ORG || c->kind == DL_MENTION_COUNTRY) && !(c->flags & DL_MENTION_PRONOUN);
}

/* What "it" stands for: an organisation or a country, not a body of
 * people named in the plural ("its citizens", "Vietnamese people"); arg
 * is the tokens. */
static bool singular_org(const dl_mention *c, const dl_mention *m, const void *arg) {
  if (!org_or_country(c, m, NULL)) return false;
  if (c->kind != DL_MENTION_ORG || c->entity) return true; /* "the United States" */
  const dl_token *t = arg;
  const char *x = dl_xpos_name(t[c->tok_end - 1].xpos);
  return !t[c->tok_end - 1].upos || (strcmp(x, "NNS") && strcmp(x, "NNPS"));
}

/* Whether the story names someone else of that surname in full: "Tim
 * Morrison ... Morrison said" is not Scott Morrison, whom a bare surname
 * would otherwise find as the office holder of the day. A capitalised
 * word before the surname that is not a title and not the office
 * holder's own first name is another person's given name (not inside a
 * name the dictionaries matched: "Pham Binh Minh"). */
/* The tokens of the story that follow a given name (a capitalised word,
 * not a title, in the same sentence, outside the names the dictionaries
 * matched: cov 1), sorted by their form, made once a document so that
 * each lookup is a bisection (a scan of the story per mention was
 * quadratic). */typedef struct ns_entry {
  const char *form; /* the word after the given name */
  uint32_t tok;     /* its token */
} ns_entry;

typedef struct namesakes {
  ns_entry *v;
  size_t n;
  const dl_token *t;
} namesakes;

static int cmp_ns(const void *x, const void *y) {
  return strcmp(((const ns_entry *)x)->form, ((const ns_entry *)y)->form);
}

static int namesakes_build(const dl_doc *doc, const uint8_t *cov, namesakes *ns) {
  const dl_token *t = doc->toks;
  ns->t = t;
  ns->n = 0;
  ns->v = malloc((doc->n_toks + 1) * sizeof *ns->v);
  if (!ns->v) return DL_NOMEM;
  for (size_t i = 1; i < doc->n_toks; i++) {
    if (t[i - 1].sent != t[i].sent || cov[i] == 1) continue;
    const char *g = t[i - 1].form;
    if (!isupper((unsigned char)g[0]) || !g[1] || !islower((unsigned char)g[1])) continue;
    if (!isupper((unsigned char)t[i].form[0]) || in(g, person_titles_before)) continue;
    ns->v[ns->n++] = (ns_entry){t[i].form, (uint32_t)i};
  }
  if (ns->n) qsort(ns->v, ns->n, sizeof *ns->v, cmp_ns);
  return DL_OK;
}

static bool namesake(const namesakes *ns, const char *surname, const char *entity) {
  size_t lo = 0, hi = ns->n;
  while (lo < hi) { /* the first entry not before surname */
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(ns->v[mid].form, surname) < 0) lo = mid + 1;
    else hi = mid;
  }
  size_t fl = entity ? strcspn(entity, " ") : 0;
  for (size_t k = lo; k < ns->n && !strcmp(ns->v[k].form, surname); k++) {
    const char *g = ns->t[ns->v[k].tok - 1].form;
    if (!(fl && strlen(g) == fl && !strncmp(g, entity, fl))) return true;
  }
  return false;
}

/* A plural group: "South Korean officials", "both sides", a demonym. */
static bool group_actor(const dl_mention *c, const dl_mention *m, const void *arg) {
  (void)m;
  if (c->flags & DL_MENTION_PLURAL) return true;
  if (c->kind != DL_MENTION_ORG) return false;
  if (!c->entity) return true; /* country + role without a name: a body of people */
  /* a named organisation's people: "RT journalists" (arg: the tokens) */
  const dl_token *t = arg;
  const char *x = t ? dl_xpos_name(t[c->tok_end - 1].xpos) : "";
  return t && t[c->tok_end - 1].upos && (!strcmp(x, "NNS") || !strcmp(x, "NNPS")) &&
         t[c->tok_end - 1].upos == DL_UPOS_NOUN;
}

/* ---------------------------------------------------------------- run */

static int cmp_mention(const void *x, const void *y) {
  const dl_mention *a = x, *b = y;
  return a->tok_begin < b->tok_begin ? -1 : a->tok_begin > b->tok_begin;
}

int dl_actors_run(const dl_actors *a, dl_doc *doc, dl_err *err) {
  const dl_token *t = doc->toks;
  int ry, rm, rd;
  bool has_day = dl_cal_parse_ymd(doc->meta.ref_date, &ry, &rm, &rd);
  int32_t day = has_day ? (int32_t)dl_cal_days(ry, rm, rd) : 0;
  raw *rv = malloc((doc->n_toks + 1) * sizeof *rv);
  /* the words of dates: "May" in "since 1 May" is the month, not
   * Theresa May (one-word names inside a timex are not matched) */
  uint8_t *in_tx = calloc(doc->n_toks + 1, 1);
  if (!rv || !in_tx) {
    free(rv);
    free(in_tx);
    return dl_err_set(err, DL_NOMEM, "out of memory");
  }
  for (size_t k = 0; k < doc->n_timexes; k++)
    for (uint32_t i = doc->timexes[k].tok_begin; i < doc->timexes[k].tok_end && i < doc->n_toks; i++)
      in_tx[i] = 1;
  size_t nr = 0;
  ctxset cx = {0};
  /* 1. matches, sentence by sentence; the story's countries */
  for (size_t s = 0; s < doc->n_sents; s++) {
    uint32_t b = doc->sents[s].tok_begin, e = doc->sents[s].tok_end;
    for (uint32_t i = b; i < e;) {
      act_entry *ent;
      uint32_t n = longest(a, t, i, e, &ent);
      if (!n || (n == 1 && in_tx[i])) {
        i++;
        continue;
      }
      act_entry *dis = find_kind(ent, E_DISCARD);
      if (dis) {
        if (!doc->sent_discard) {
          doc->sent_discard = dl_doc_alloc(doc, doc->n_sents);
          if (doc->sent_discard) memset(doc->sent_discard, 0, doc->n_sents);
        }
        if (doc->sent_discard) {
          if (dis->story)
            for (size_t k = 0; k < doc->n_sents; k++) doc->sent_discard[k] = 2;
          else if (!doc->sent_discard[s])
            doc->sent_discard[s] = 1;
        }
      }
      if (!dis) {
        rv[nr++] = (raw){i, i + n, ent};
        act_entry *c = find_kind(ent, E_COUNTRY);
        if (!c) c = find_kind(ent, E_ADJ);
        if (c) ctx_add(&cx, c->code);
        act_entry *pa = find_kind(ent, E_ACTOR);
        if (pa && pa->code && strlen(pa->code) >= 3) ctx_add(&cx, pa->code);
        /* the people of a country and its seats of power count for it
         * too: a story of Obama and the White House is about the U.S. */
        act_entry *pp = find_kind(ent, E_PERSON);
        if (pp && pp->country) ctx_add(&cx, pp->country);
        act_entry *ps = find_kind(ent, E_SEAT);
        if (ps && ps->code && strncmp(ps->code, "IGO", 3)) ctx_add(&cx, ps->code);
      }
      i += n;
    }
  }
  /* 2-3. groups and their mentions */
  mvec mv = {0};
  int rc = DL_OK;
  for (size_t k = 0; k < nr && rc == DL_OK;) {
    group g = {0};
    g.b = rv[k].b;
    g.e = rv[k].e;
    uint32_t sent_end = doc->sents[t[g.b].sent].tok_end;
    size_t j = k;
    for (;;) {
      act_entry *e = rv[j].first;
      act_entry *p;
      if ((p = find_kind(e, E_PERSON)) && !g.person) {
        g.person = pick_person(e, has_day, day);
        /* "President Bush" on a day when the Bush the name stands for was
         * not in office: the one who was, or had last been, president */
        uint32_t w = rv[j].b;
        if (has_day && !code_on(g.person, has_day, day) && rv[j].e == w + 1 && w > 0 &&
            isupper((unsigned char)t[w - 1].form[0]) && t[w - 1].sent == t[w].sent) {
          act_entry *alt = by_surname(a, t[w].form, t[w - 1].form, has_day, day);
          if (alt) g.person = alt;
        }
      } else if ((p = find_kind(e, E_ACTOR)) && !g.actor && !g.person) g.actor = p;
      else if ((p = find_kind(e, E_ORG)) && !g.org) {
        g.org = p;
        g.country_first = g.country != NULL;
      }
      else if ((p = find_kind(e, E_SEAT)) && !g.seat) g.seat = p;
      else if ((p = find_kind(e, E_COUNTRY)) && !g.country) g.country = p;
      else if ((p = find_kind(e, E_ADJ)) && !g.country) g.country = p, g.adj_only = true;
      else if (!g.country && (p = find_ctx(e, &cx))) {
        g.country = p;
        /* "Congress" in a story about the United States: the country's
         * legislature (the word is a role too) */
        act_entry *ag = find_kind(e, E_AGENT);
        if (ag && !ag->petrarch) g.agent = ag;
      } else if ((p = find_kind(e, E_AGENT))) {
        g.agent = p;
        if (p->petrarch && g.n_agents < 4) g.agents[g.n_agents++] = p;
      }
      else if ((p = find_kind(e, E_PLACE)) && !g.place &&
               place_ok(a, t, rv[j].b, rv[j].e - rv[j].b, e))
        g.place = e, g.place_first = !g.agent;
      if (find_kind(e, E_PLACE) && !g.place && place_ok(a, t, rv[j].b, rv[j].e - rv[j].b, e))
        g.place = e, g.place_first = !g.agent;
      if (find_kind(e, E_COUNTRY) && g.country && g.country->kind != E_COUNTRY &&
          g.country->kind != E_ADJ)
        g.country = find_kind(e, E_COUNTRY);
      /* the next match joins when it touches, or after "'s" */
      if (j + 1 >= nr) break;
      uint32_t nb = rv[j + 1].b;
      if (t[nb].sent != t[g.b].sent) break;
      bool touch = nb == g.e;
      bool poss = nb == g.e + 1 && !strcmp(t[g.e].form, "'s");
      if (!touch && !poss) break;
      /* a place joins only a place ("Seoul, South Korea" stays apart) */
      j++;
      g.e = rv[j].e;
    }
    /* an unknown capitalised name right after a title */
    if (g.agent && !g.person && g.e < sent_end && capital_word(&t[g.e])) {
      uint32_t u = g.e;
      for (;;) {
        while (u < sent_end && u < g.e + 4 && isupper((unsigned char)t[u].form[0]) &&
               t[u].form[1] && strcmp(t[u].form, "U.S."))
          u++;
        /* a hyphenated surname, which the tokenizer splits as EWT does:
         * "Thomas - Greenfield" written "Thomas-Greenfield" */
        if (u > g.e && u + 1 < sent_end && !strcmp(t[u].form, "-") && t[u].start == t[u - 1].end &&
            t[u + 1].start == t[u].end && isupper((unsigned char)t[u + 1].form[0]) &&
            t[u + 1].form[1]) {
          u += 2;
          continue;
        }
        break;
      }
      g.unk_b = g.e;
      g.unk_e = u;
      g.e = u;
      if (u == g.unk_b + 1) { /* "President Moon": a known person? */
        act_entry *p = by_surname(a, t[g.unk_b].form, t[g.unk_b - 1].form, has_day, day);
        if (p) g.person = p;
      }
    }
    /* "ethnic Albanians", "ethnic Albanian rebels": a people that lives
     * elsewhere too, not the state the word names; the country is left to
     * where they are ("in Kosovo") */
    if (g.country && g.country->kind == E_ADJ && !g.person && !g.org && !g.actor &&
        g.b > 0 && t[g.b - 1].sent == t[g.b].sent && ieq(t[g.b - 1].form, "ethnic")) {
      g.country = NULL;
      g.ethnic = true;
      g.b--;
    }
    /* a group that is only a place and a country is two mentions:
     * "Pyongyang, North Korea" never joins, but "Seoul government" does */
    dl_mention m;
    if (group_mention(a, doc, &g, &cx, has_day, day, &m)) {
      /* "former Pakistani Prime Minister Imran Khan", "ex-President X":
       * a former official is an elite (ELI), as the CAMEO codebook codes
       * them, whatever office the words name */
      if (m.code && strlen(m.code) >= 6 && m.country[0] && g.b > 0 &&
          t[g.b - 1].sent == t[g.b].sent &&
          (ieq(t[g.b - 1].form, "former") || ieq(t[g.b - 1].form, "ex")) &&
          (m.kind == DL_MENTION_PERSON || g.unk_e > g.unk_b ||
           (m.kind == DL_MENTION_ORG && !m.entity)))
        m.code = compose(doc, m.country, "ELI");
      rc = mpush(&mv, &m);
    }
    k = j + 1;
  }
  free(rv);
  /* which tokens a mention covers: one byte a token, kept up to date as
   * mentions are added (a scan of every mention for every token was
   * quadratic in the length of the document) */
  uint8_t *cov = calloc(doc->n_toks + 1, 1);
  if (!cov) rc = DL_NOMEM;
  for (size_t k = 0; cov && k < mv.n; k++)
    for (uint32_t x = mv.v[k].tok_begin; x < mv.v[k].tok_end && x < doc->n_toks; x++) cov[x] = 1;
  /* 4. coreference, in document order */
  for (size_t s = 0; s < doc->n_sents && rc == DL_OK; s++) {
    uint32_t b = doc->sents[s].tok_begin, e = doc->sents[s].tok_end;
    for (uint32_t i = b; i < e && rc == DL_OK; i++) {
      const char *f = t[i].form;
      dl_mention m = {0};
      m.tok_begin = i;
      m.sent = (uint32_t)s;
      m.antecedent = m.antecedent2 = -1;
      uint32_t end = i;
      if (cov[i]) continue;
      if ((ieq(f, "he") || ieq(f, "she")) && !(i + 1 < e && !strcmp(t[i + 1].form, "'s"))) {
        m.kind = DL_MENTION_PERSON;
        m.flags = DL_MENTION_PRONOUN;
        end = i + 1;
      } else if ((ieq(f, "it") || ieq(f, "they")) && subject(t, i, e)) {
        /* subject pronouns for organisations, countries and groups; only
         * with a parse, which tells the subject "it" from "it is said" */
        m.kind = DL_MENTION_ORG;
        m.flags = DL_MENTION_PRONOUN | (ieq(f, "they") ? DL_MENTION_PLURAL : 0);
        end = i + 1;
      } else if ((ieq(f, "both") && i + 1 < e &&
                  in(t[i + 1].form, (const char *const[]){"sides", "leaders", "countries",
                                                          "governments", "nations", NULL})) ||
                 ((ieq(f, "the")) && i + 2 < e && ieq(t[i + 1].form, "two") &&
                  in(t[i + 2].form, (const char *const[]){"sides", "leaders", "countries",
                                                          "governments", "nations",
                                                          "presidents", NULL}))) {
        m.kind = DL_MENTION_ORG;
        m.flags = DL_MENTION_PLURAL;
        end = ieq(f, "both") ? i + 2 : i + 3;
      } else if (in(f, definite) && i + 1 < e && in(t[i + 1].form, org_heads) && !cov[i + 1]) {
        m.kind = DL_MENTION_ORG;
        end = i + 2;
      } else if (isupper((unsigned char)f[0]) && f[1] && islower((unsigned char)f[1]) &&
                 !(t[i].flags & DL_TOK_SENT_START && i + 1 < e &&
                   isupper((unsigned char)t[i + 1].form[0]))) {
        /* a bare capitalised word not matched: maybe a surname */
        if (in_tx[i]) continue;
        if (i + 1 < e && isupper((unsigned char)t[i + 1].form[0])) continue;
        m.kind = DL_MENTION_PERSON;
        end = i + 1;
      } else {
        continue;
      }
      m.tok_end = end;
      m.start = t[i].start;
      m.end = t[end - 1].end;
      if ((rc = mpush(&mv, &m))) break;
      for (uint32_t x = i; x < end; x++) cov[x] = 2; /* 2: found here, not a known name */
      i = end - 1;
    }
  }
  if (rc == DL_OK && mv.n) qsort(mv.v, mv.n, sizeof *mv.v, cmp_mention);
  /* "Hungarian and Romanian officials", "U.S. and South Korean troops":
   * the role of the second adjective's phrase belongs to the first too */
  for (size_t k = 0; rc == DL_OK && k + 1 < mv.n; k++) {
    dl_mention *m1 = &mv.v[k], *m2 = &mv.v[k + 1];
    if (!(m1->flags & DL_MENTION_MODIFIER) || m1->kind != DL_MENTION_COUNTRY || !m1->code)
      continue;
    uint32_t gap = m1->tok_end;
    if (m2->tok_begin != gap + 1 || !(ieq(t[gap].form, "and") || ieq(t[gap].form, "or")) ||
        !m2->code || strlen(m2->code) < 6 || !m2->country[0])
      continue;
    m1->code = compose(doc, m1->country, m2->code + 3);
    m1->kind = DL_MENTION_ORG;
    m1->flags &= (uint8_t)~DL_MENTION_MODIFIER;
  }
  /* resolve the links now that everything is in order; antecedents are
   * searched among the mentions kept so far (all coded), so their indexes
   * are final */
  if (rc == DL_OK) rc = join_roles(doc, &mv);
  namesakes nsk = {0};
  if (rc == DL_OK) rc = namesakes_build(doc, cov, &nsk);
  /* the story's home: the country of the wire dateline ("TBILISI,
   * Georgia --"), where a bare "riot police" or "protesters" are from */
  char home[4] = "";
  for (size_t i = 0; i < mv.n && !home[0] && mv.v[i].sent == 0; i++)
    if (mv.v[i].country[0] && dl_doc_in_dateline(doc, mv.v[i].start))
      memcpy(home, mv.v[i].country, 4);
  /* ... and only a story about that country (named at least as often as
   * any other): a G7 summit in Cornwall is not about England */
  if (home[0] && !ctx_top(&cx, home)) home[0] = '\0';
  mvec out = {0};
  for (size_t i = 0; i < mv.n && rc == DL_OK; i++) {
    dl_mention *m = &mv.v[i];
    if (m->flags & M_DROP) continue;
    const char *f0 = t[m->tok_begin].form;
    /* a person found by one word ("Morrison") in a story that names
     * another of that name in full ("Tim Morrison") is that other one,
     * whom the dictionaries do not know */
    if (m->kind == DL_MENTION_PERSON && m->entity && !(m->flags & DL_MENTION_PRONOUN) &&
        m->tok_end == m->tok_begin + 1 && namesake(&nsk, f0, m->entity))
      continue;
    if ((m->flags & DL_MENTION_PRONOUN) && m->kind == DL_MENTION_ORG) {
      /* it: the latest organisation or country; they: the latest group
       * ("South Korean officials") or plural mention */
      bool plural = (m->flags & DL_MENTION_PLURAL) != 0;
      m->flags &= (uint8_t)~DL_MENTION_PLURAL;
      int32_t k = recent(&out, m, out.n, 2, plural ? group_actor : singular_org, t);
      /* "the drone had been flying ... when it was hit": a nearer subject
       * that names no actor is what "it" stands for (told from the tags,
       * so that mentions do not depend on whether a sentence was parsed) */
      for (uint32_t x = k >= 0 ? out.v[k].tok_end : m->tok_begin; !plural && x < m->tok_begin; x++)
        if (t[x].upos && !strcmp(dl_xpos_name(t[x].xpos), "NN") && !cov[x] &&
            !(in_tx && in_tx[x]) &&
            t[x].sent == m->sent && x + 2 < m->tok_begin &&
            (t[x + 1].upos == DL_UPOS_VERB || t[x + 1].upos == DL_UPOS_AUX ||
             (t[x + 1].upos == DL_UPOS_ADV &&
              (t[x + 2].upos == DL_UPOS_VERB || t[x + 2].upos == DL_UPOS_AUX))))
          k = -1;
      /* "will veto the bill if it passes", "rejected the plan because it
       * ...": a thing named right before a subordinator and "it" */
      uint32_t p0 = m->tok_begin;
      if (!plural && k >= 0 && p0 >= 2 && t[p0 - 2].sent == m->sent && !cov[p0 - 2] &&
          t[p0 - 2].upos == DL_UPOS_NOUN && !strcmp(dl_xpos_name(t[p0 - 2].xpos), "NN") &&
          out.v[k].tok_end <= p0 - 2 &&
          in(t[p0 - 1].form, (const char *const[]){"if", "unless", "because", "when", "once",
                                                    "until", "before", "after", "since", NULL}))
        k = -1;
      if (k >= 0) link(m, &out.v[k], k);
    } else if (m->flags & DL_MENTION_PRONOUN) {
      int32_t k = recent(&out, m, out.n, 3, is_person, NULL);
      /* "Putin spoke with Erdogan on Monday. He asked Turkey ...": a "he"
       * or "she" opening a sentence is the previous sentence's first
       * person (its subject, mostly), not its last */
      if (k >= 0 && out.v[k].sent + 1 == m->sent && m->tok_begin == doc->sents[m->sent].tok_begin) {
        for (size_t q = 0; q < out.n; q++) {
          const dl_mention *c = &out.v[q];
          if (c->sent != out.v[k].sent || !c->code || (c->flags & DL_MENTION_MODIFIER)) continue;
          if (is_person(c, m, NULL)) {
            k = (int32_t)q;
            break;
          }
        }
      }
      if (k >= 0) link(m, &out.v[k], k);
    } else if (m->flags & DL_MENTION_PLURAL) {
      const char *head = t[m->tok_end - 1].form;
      accept_fn fn = ieq(head, "leaders") || ieq(head, "presidents") ? person_actor : coded_actor;
      int32_t k1 = recent(&out, m, out.n, 6, fn, NULL);
      int32_t k2 = k1 >= 0 ? recent(&out, m, (size_t)k1, 6, fn, out.v[k1].country) : -1;
      if (k1 >= 0 && k2 >= 0) {
        link(m, &out.v[k1], k1);
        m->antecedent2 = k2;
      }
    } else if (!m->code && m->kind == DL_MENTION_ORG && in(f0, definite) &&
               m->tok_end == m->tok_begin + 2 && in(t[m->tok_begin + 1].form, org_heads)) {
      int32_t k = recent(&out, m, out.n, 8, is_org, NULL);
      if (k >= 0) link(m, &out.v[k], k);
    } else if (!m->code && m->kind == DL_MENTION_PERSON && !m->entity) {
      /* a surname: someone the story named, else the one office holder of
       * that name on the day */
      int32_t k = recent(&out, m, out.n, 1000, has_surname, f0);
      if (k >= 0) {
        link(m, &out.v[k], k);
      } else {
        act_entry *p = by_surname(a, f0, NULL, has_day, day);
        if (p && namesake(&nsk, f0, p->entity)) p = NULL;
        if (p) {
          m->entity = p->entity;
          m->code = code_on(p, has_day, day);
          set_country(m, m->code);
        }
      }
    } else if (m->kind == DL_MENTION_ORG && !(m->flags & DL_MENTION_METONYM) && !m->entity &&
               m->tok_begin > 0 && in(t[m->tok_begin - 1].form, definite) && m->code &&
               strlen(m->code) >= 6 && in(t[m->tok_end - 1].form, person_titles)) {
      /* "the U.S. leader": a person of that country and role */
      char role[8];
      snprintf(role, sizeof role, "%s", m->code + strlen(m->code) - 3);
      int32_t k = recent(&out, m, out.n, 8, same_role, role);
      if (k >= 0 && out.v[k].kind == DL_MENTION_PERSON) link(m, &out.v[k], k);
    } else if (m->flags & M_ROLE_ONLY) {
      /* a bare role with "the" or a possessive ("the regime", "its
       * officials"): the latest actor's country with that role */
      const char *role = m->code;
      m->code = NULL;
      m->flags &= (uint8_t)~M_ROLE_ONLY;
      int32_t k = m->tok_begin > 0 && in(t[m->tok_begin - 1].form, definite)
                      ? recent(&out, m, out.n, 4, coded_actor, NULL)
                      : -1;
      if (k >= 0) {
        m->code = compose(doc, out.v[k].country, role);
        memcpy(m->country, out.v[k].country, 4);
        m->antecedent = k;
        m->flags |= DL_MENTION_COREF;
      } else if (home[0] && home_role(t, m, role)) {
        /* "TBILISI, Georgia -- Riot police used water cannon": people of
         * the place the story is filed from, when nothing says otherwise */
        m->code = compose(doc, home, role);
        set_country(m, m->code);
      } else if (a->petr_agents && !strchr(role, '~')) {
        /* PETRARCH codes a role of no known country "---GOV" */
        m->code = compose(doc, "---", role);
      }
    }
    /* a bare "Congress" is the one the story named before ("Peru's
     * Congress ... Congress acted"), else the U.S. one (its context name) */
    if (m->code && m->tok_end == m->tok_begin + 1 && ieq(t[m->tok_begin].form, "congress"))
      for (size_t k = out.n; k-- > 0;) {
        const dl_mention *o = &out.v[k];
        if (o->tok_end > o->tok_begin + 1 && ieq(t[o->tok_end - 1].form, "congress") &&
            o->code && strlen(o->code) >= 6 && !strcmp(o->code + strlen(o->code) - 3, "LEG")) {
          m->code = o->code;
          memcpy(m->country, o->country, 4);
          break;
        }
      }
    if (!m->code && m->kind != DL_MENTION_PLACE) continue; /* nothing to say about it */
    if ((rc = mpush(&out, m))) break;
  }
  if (rc == DL_OK) {
    doc->mentions = out.n ? dl_doc_alloc(doc, out.n * sizeof *out.v) : NULL;
    if (out.n && !doc->mentions) rc = DL_NOMEM;
    else if (out.n) memcpy(doc->mentions, out.v, out.n * sizeof *out.v);
    doc->n_mentions = rc == DL_OK ? out.n : 0;
  }
  free(out.v);
  free(mv.v);
  free(in_tx);
  free(cov);
  free(nsk.v);
  if (rc) return dl_err_set(err, rc, "%s: out of memory",
                            doc->meta.source ? doc->meta.source : "(input)");
  return DL_OK;
}
