/*
 * coder.c -- the event coder: who did what to whom, read off the
 * dependency tree with the lexicon, dated, placed and given a mode.
 *
 * For every verb and event noun of a sentence whose lemma has patterns:
 *
 *   1. pattern   the most specific pattern whose parts are there: its
 *                particle (compound:prt), its object noun (obj, or the
 *                passive subject: "sanctions cannot be eased"), its clause
 *                (@ to: an xcomp; @ that: a ccomp). Specificity: object 4,
 *                clause 2, particle 1.
 *   2. source    the subject (nsubj; for a passive, the "by" agent); a
 *                verb without one takes its governor's (control: "agreed
 *                to improve", conjuncts); a noun takes its possessor ("his
 *                meeting"); failing all, the speaker of the reporting verb
 *                the clause hangs from ("Trump said ... a summit with Kim").
 *   3. target    the object of the pattern's preposition (> with, > on);
 *                else the direct or indirect object; for an object-noun
 *                pattern, the noun's "of"/"on"/"against" complement ("the
 *                travel of a delegation"); for a demand with a clause, that
 *                clause's subject ("demanded Pyongyang take steps").
 *                Coordination gives one event per pair.
 *   4. mode      negated (not, never, no, cannot), future (will, shall,
 *                going to, upcoming, a clause under plan/expect/likely),
 *                hypothetical (should, could, would, may, might, must; an
 *                infinitive under a noun or adjective), conditional (if,
 *                unless, whether), inherited down ccomp/xcomp/advcl.
 *   5. rules     a future or wished-for meeting is an intent to meet
 *                (036): "hopes to hold more summits with Kim", a summit
 *                "likely to take place" in reported speech; a conflictual
 *                act threatened, announced for the future or set against
 *                a condition is a threat (13x, threat_of); a cooperative
 *                act promised, agreed to or announced is an intent (03x,
 *                intent_of); a concession
 *                refused is a rejection (negated 08x -> 124x); a meeting
 *                in a third country's place is 044; a code with a pair
 *                (042 visit / 043 host) adds its mirror, sides swapped.
 *   6. date      dl_time_when() for the trigger (a noun falls back on its
 *                verb); the lead sentence of a story with no date of its
 *                own takes the first day-precise date of the next two.
 *   7. place     an in/at/to complement of the trigger or its object that
 *                names a place.
 *
 * Only events with a coded source and target that differ are kept (as
 * PETRARCH's require_dyad), once per (sentence, source, target, code).
 */
#include <string.h>
#include <strings.h>

#include "events/events_internal.h"

typedef struct ctx {
  const dl_events *lex;
  dl_doc *doc;
  const dl_token *t;
  uint32_t sb, se;
} ctx;

static const char *rel(const dl_token *t) { return dl_deprel_name(t->deprel); }
static bool rel_is(const dl_token *t, const char *r) { return !strcmp(rel(t), r); }
static bool rel_starts(const dl_token *t, const char *r) {
  return !strncmp(rel(t), r, strlen(r));
}
static bool lemma_is(const dl_token *t, const char *l) {
  return t->lemma ? !strcasecmp(t->lemma, l) : !strcasecmp(t->form, l);
}
static bool lemma_in(const dl_token *t, const char *const *list) {
  for (; *list; list++)
    if (lemma_is(t, *list)) return true;
  return false;
}

/* The first child of h with a relation (prefix), after token `after`. */
static int32_t child(const ctx *c, uint32_t h, const char *r) {
  for (uint32_t i = c->sb; i < c->se; i++)
    if (c->t[i].head == (int32_t)h && rel_starts(&c->t[i], r)) return (int32_t)i;
  return -1;
}

/* The preposition (case child) of a nominal, or NULL. */
static const char *case_of(const ctx *c, uint32_t n) {
  int32_t k = child(c, n, "case");
  return k >= 0 ? c->t[k].form : NULL;
}

/* The index one past the last mention starting at or before token i
 * (mentions are in token order). */
static size_t mentions_upto(const dl_doc *d, uint32_t i) {
  size_t lo = 0, hi = d->n_mentions;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->mentions[mid].tok_begin <= i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* The last mention (in document order) of an actor covering token i that
 * passes the test; only the mentions of i's sentence can cover it, so
 * the search starts from a bisection instead of the whole document. */
static int32_t covering(const dl_doc *d, uint32_t i, bool modifiers) {
  uint32_t sent = d->toks[i].sent;
  for (size_t k = mentions_upto(d, i); k-- > 0;) {
    const dl_mention *m = &d->mentions[k];
    if (m->sent != sent) break;
    if (i < m->tok_end && m->code && m->kind != DL_MENTION_PLACE &&
        (modifiers || !(m->flags & DL_MENTION_MODIFIER)))
      return (int32_t)k;
  }
  return -1;
}

/* The first mention (in document order) of an actor covering token k,
 * modifiers included. */
static int32_t first_covering(const dl_doc *d, uint32_t k) {
  uint32_t sent = d->toks[k].sent;
  int32_t first = -1;
  for (size_t j = mentions_upto(d, k); j-- > 0;) {
    const dl_mention *m = &d->mentions[j];
    if (m->sent != sent) break;
    if (k < m->tok_end && m->code && m->kind != DL_MENTION_PLACE) first = (int32_t)j;
  }
  return first;
}

/* The mention covering token i, or one covering a name child of it. */
static int32_t mention_at(const ctx *c, uint32_t i) {
  const dl_doc *d = c->doc;
  int32_t best = covering(d, i, false);
  if (best >= 0) return best;
  /* "the Security Council's committee": a child that names an actor */
  for (uint32_t k = c->sb; k < c->se; k++)
    if (c->t[k].head == (int32_t)i &&
        (rel_is(&c->t[k], "compound") || rel_is(&c->t[k], "flat") ||
         rel_is(&c->t[k], "nmod:poss") || rel_is(&c->t[k], "amod"))) {
      int32_t m = first_covering(d, k);
      if (m >= 0) return m;
    }
  return -1;
}

/* The place mention at token i (in Hanoi), or -1. */
static int32_t place_at(const ctx *c, uint32_t i) {
  const dl_doc *d = c->doc;
  int32_t first = -1; /* the first, as a scan in document order finds */
  for (size_t k = mentions_upto(d, i); k-- > 0;) {
    const dl_mention *m = &d->mentions[k];
    if (m->sent != d->toks[i].sent) break;
    if (i < m->tok_end && m->kind == DL_MENTION_PLACE) first = (int32_t)k;
  }
  return first;
}

/* The actor a target token names: mention_at, or a country named as a
 * place after a preposition ("extradited him to Britain", "sent aid to
 * Pakistan": the tokenizer's place reading of "to <country>" is the
 * recipient when the coder reached it through a target preposition). */
static int32_t actor_at(const ctx *c, uint32_t i) {
  int32_t m = mention_at(c, i);
  if (m >= 0) return m;
  int32_t p = place_at(c, i);
  if (p >= 0) {
    const dl_mention *pm = &c->doc->mentions[p];
    if (pm->code && strlen(pm->code) == 3 && !strcmp(pm->code, pm->country)) return p;
  }
  return -1;
}

static int with_conjuncts(const ctx *c, int32_t i, int32_t *out, int max);

/* The parties of a nominal event named by its "between" complement
 * ("talks between Trump and Kim"): their tokens in out, their number. */
static int between_parties(const ctx *c, uint32_t v, int32_t *out, int max) {
  for (uint32_t k = c->sb; k < c->se; k++) {
    if (c->t[k].head != (int32_t)v || !rel_starts(&c->t[k], "nmod")) continue;
    const char *cs = case_of(c, k);
    if (cs && !strcasecmp(cs, "between") && mention_at(c, k) >= 0)
      return with_conjuncts(c, (int32_t)k, out, max);
  }
  return 0;
}

/* Collects token i and its conjuncts (Trump and Kim). */
static int with_conjuncts(const ctx *c, int32_t i, int32_t *out, int max) {
  if (i < 0) return 0;
  int n = 0;
  out[n++] = i;
  int32_t mi = mention_at(c, (uint32_t)i);
  for (uint32_t k = c->sb; k < c->se && n < max; k++) {
    if (c->t[k].head != i) continue;
    if (rel_is(&c->t[k], "conj")) out[n++] = (int32_t)k;
    /* "The US, Russia, and ...": the parser's apposition that names an
     * actor of another country is a list member, not the same party */
    else if (rel_is(&c->t[k], "appos") && mi >= 0) {
      int32_t mk = mention_at(c, k);
      if (mk >= 0 && c->doc->mentions[mk].country[0] && c->doc->mentions[mi].country[0] &&
          strcmp(c->doc->mentions[mk].country, c->doc->mentions[mi].country))
        out[n++] = (int32_t)k;
    }
  }
  return n;
}

static const char *const reporting[] = {"say",     "tell",  "announce", "state",   "add",
                                        "claim",   "note",  "confirm",  "declare", "insist",
                                        "warn",    "explain", "stress", "report",  "write",
                                        "signal",  "imply", "suggest",  NULL};

/* The subject of a verb, climbing control and coordination: "agreed to
 * improve" -> the subject of agreed. */
static int mode_of(const ctx *c, uint32_t v);

/* Whether the verb of agreeing or promising that v hangs from is itself
 * only supposed (hypothetical or conditional): "whether they could agree
 * to end the war". */
static bool mode_of_head_supposed(const ctx *c, uint32_t v) {
  int32_t h = c->t[v].head;
  if (h < 0) return false;
  int m = mode_of(c, (uint32_t)h);
  return m == DL_MODE_HYPOTHETICAL || m == DL_MODE_CONDITIONAL;
}

/* An infinitive complement: an xcomp, or "to" and a verb without a
 * subject of its own that the parser hung as an adverbial clause ("the
 * parliament threatened on Monday to break relations"). */
static bool xcomp_like(const ctx *c, uint32_t v) {
  const dl_token *t = &c->t[v];
  if (rel_is(t, "xcomp")) return true;
  if (!rel_is(t, "advcl") || child(c, v, "nsubj") >= 0 || t->upos != DL_UPOS_VERB) return false;
  int32_t mk = child(c, v, "mark");
  return mk >= 0 && lemma_is(&c->t[mk], "to") && mk < (int32_t)v;
}

static int32_t counted(const ctx *c, int32_t o);

static int32_t subject_of(const ctx *c, uint32_t v, bool *passive) {
  *passive = false;
  for (int guard = 0; guard < 6; guard++) {
    int32_t s = counted(c, child(c, v, "nsubj")); /* "Hundreds of troops withdrew" */
    /* "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper ...
     * accused": a dateline the parser makes a subject is none; the
     * next subject is */
    if (s >= 0 && dl_doc_in_dateline(c->doc, c->t[s].start)) {
      int32_t s2 = -1;
      for (uint32_t k = (uint32_t)s + 1; k < c->se && s2 < 0; k++)
        if (c->t[k].head == (int32_t)v && rel_is(&c->t[k], "nsubj")) s2 = (int32_t)k;
      s = s2;
    }
    if (s >= 0) {
      *passive = rel_is(&c->t[s], "nsubj:pass");
      if (*passive) {
        int32_t ag = child(c, v, "obl:agent");
        if (ag >= 0) {
          *passive = false;
          return ag;
        }
        return -1;
      }
      /* "Pompeo, who met King Salman": the relative pronoun's antecedent */
      if (c->t[s].upos == DL_UPOS_PRON && strstr(rel(&c->t[v]), "relcl") && c->t[v].head >= 0 &&
          (lemma_is(&c->t[s], "who") || lemma_is(&c->t[s], "which") || lemma_is(&c->t[s], "that")))
        return c->t[v].head;
      return s;
    }
    int32_t h = c->t[v].head;
    if (h < 0) return -1;
    /* "troops firing at protesters", and the parser's "The European
     * Community [acl imposed] sanctions": a participle with an object
     * modifying a noun has that noun as its doer */
    int32_t mk = child(c, v, "mark");
    bool to_inf = mk >= 0 && mk < (int32_t)v && lemma_is(&c->t[mk], "to");
    static const char *const instrument[] = {"use", "fire", "deploy", "employ", NULL};
    if (rel_is(&c->t[v], "acl") && to_inf && rel_is(&c->t[h], "obj") && c->t[h].head >= 0 &&
        lemma_in(&c->t[c->t[h].head], instrument)) {
      /* "police used water cannon to disperse protesters": an infinitive
       * the parser hangs from the object is the purpose of the verb whose
       * object that is, done by that verb's subject */
      v = (uint32_t)c->t[h].head;
      continue;
    }
    if (rel_is(&c->t[v], "acl") && !to_inf && child(c, v, "obj") >= 0) return h;
    /* "criticized Russia, accusing Moscow of ...": a participle clause
     * with no subject or conjunction of its own shares its verb's subject */
    bool participle = rel_is(&c->t[v], "advcl") && !strcmp(dl_xpos_name(c->t[v].xpos), "VBG") &&
                      child(c, v, "mark") < 0;
    if (!xcomp_like(c, v) && !rel_is(&c->t[v], "conj") && !participle) return -1;
    /* object control: in "urged Italy to condemn", Italy condemns */
    /* (a "to" clause hung as an adverbial is the object's act only after
     * a verb of asking or making: "sent material to defend X" is the
     * sender's purpose) */
    static const char *const control[] = {"urge", "ask", "tell", "order", "force", "press",
                                          "pressure", "push", "encourage", "invite", "allow",
                                          "persuade", "convince", "call", "instruct", "implore",
                                          "challenge", "permit", "enable", "help", NULL};
    if (rel_is(&c->t[v], "xcomp") || (xcomp_like(c, v) && lemma_in(&c->t[h], control))) {
      int32_t o = child(c, (uint32_t)h, "obj");
      if (o < 0) o = child(c, (uint32_t)h, "iobj");
      if (o >= 0 && o < (int32_t)v) return o;
    }
    v = (uint32_t)h;
  }
  return -1;
}

/* The speaker of the reporting verb a clause hangs from, or -1. */
static int32_t reported_by(const ctx *c, uint32_t v) {
  for (int guard = 0; guard < 8; guard++) {
    int32_t h = c->t[v].head;
    if (h < 0) return -1;
    if ((rel_starts(&c->t[v], "ccomp") || rel_starts(&c->t[v], "parataxis") ||
         rel_starts(&c->t[v], "acl") || rel_starts(&c->t[v], "xcomp") ||
         rel_starts(&c->t[v], "nsubj") || rel_starts(&c->t[v], "obj") ||
         rel_starts(&c->t[v], "obl") || rel_starts(&c->t[v], "nmod") ||
         rel_starts(&c->t[v], "advcl")) &&
        lemma_in(&c->t[h], reporting)) {
      bool pass;
      return subject_of(c, (uint32_t)h, &pass);
    }
    v = (uint32_t)h;
  }
  return -1;
}

/* ------------------------------------------------------------- mode */

static int mode_here(const ctx *c, uint32_t v) {
  static const char *const hypo[] = {"should", "could", "would", "may", "might", "must",
                                     "ought", NULL};
  static const char *const fut[] = {"will", "shall", "'ll", "wo", NULL};
  static const char *const cond[] = {"if", "unless", "whether", NULL};
  int mode = DL_MODE_ASSERTED;
  for (uint32_t k = c->sb; k < c->se; k++) {
    const dl_token *x = &c->t[k];
    if (x->head != (int32_t)v) continue;
    if ((rel_is(x, "advmod") || rel_is(x, "neg")) &&
        (lemma_is(x, "not") || lemma_is(x, "never") || !strcmp(x->form, "n't")))
      return DL_MODE_NEGATED;
    if (rel_starts(x, "aux") && !strcasecmp(x->form, "cannot")) return DL_MODE_NEGATED;
    if (rel_starts(x, "aux") && lemma_in(x, fut)) mode = DL_MODE_FUTURE;
    if (rel_starts(x, "aux") && lemma_in(x, hypo) && mode == DL_MODE_ASSERTED)
      mode = DL_MODE_HYPOTHETICAL;
    if (rel_is(x, "mark") && lemma_in(x, cond)) return DL_MODE_CONDITIONAL;
    if (rel_is(x, "amod") && (lemma_is(x, "upcoming") || lemma_is(x, "planned") ||
                              lemma_is(x, "proposed") || lemma_is(x, "next")))
      mode = DL_MODE_FUTURE;
    if (rel_is(x, "amod") && (lemma_is(x, "possible") || lemma_is(x, "potential")))
      mode = DL_MODE_HYPOTHETICAL;
    /* "no intention to make concessions": a negated noun */
    if (rel_is(x, "det") && lemma_is(x, "no")) return DL_MODE_NEGATED;
    /* "has no intention to ...": a verb whose object is negated */
    if (rel_is(x, "obj")) {
      int32_t d = child(c, k, "det");
      if (d >= 0 && lemma_is(&c->t[d], "no")) return DL_MODE_NEGATED;
    }
  }
  return mode;
}

/* "said they would blockade the port": "would" in reported speech is the
 * future of the time of speaking, not a hypothesis; not when the clause
 * has a condition of its own ("would strike if attacked"). */
static bool reported_would(const ctx *c, uint32_t v) {
  int32_t h = c->t[v].head;
  if (h < 0 || !rel_starts(&c->t[v], "ccomp") || !lemma_in(&c->t[h], reporting)) return false;
  bool would = false;
  for (uint32_t k = c->sb; k < c->se; k++) {
    const dl_token *x = &c->t[k];
    if (x->head != (int32_t)v) continue;
    if (rel_starts(x, "aux") && (lemma_is(x, "would") || !strcasecmp(x->form, "would") ||
                                 !strcasecmp(x->form, "'d")))
      would = true;
    else if (rel_starts(x, "aux") && x->upos == DL_UPOS_AUX && !lemma_is(x, "be") &&
             !lemma_is(x, "have"))
      return false; /* "would not", "could" and the like decide alone */
    if (rel_starts(x, "advcl")) {
      int32_t mk = child(c, k, "mark");
      if (mk >= 0 && (lemma_is(&c->t[mk], "if") || lemma_is(&c->t[mk], "unless"))) return false;
    }
  }
  return would;
}

/* The mode of an event at v: its own, else what the clauses above it say
 * (a verb under "should", "if", "plans to", a noun's infinitive). */
static int mode_of(const ctx *c, uint32_t v) {
  static const char *const future_heads[] = {"plan", "intend", "expect", "aim", "prepare",
                                             "schedule", "set", "likely", "due", "hope",
                                             "want", "wish", "seek", "ready", "willing",
                                             "prepared", "poised", "determined", NULL};
  int m = mode_here(c, v);
  if (m == DL_MODE_HYPOTHETICAL && reported_would(c, v)) return DL_MODE_FUTURE;
  if (m != DL_MODE_ASSERTED) return m;
  uint32_t cur = v;
  for (int guard = 0; guard < 6; guard++) {
    int32_t h = c->t[cur].head;
    if (h < 0) break;
    const dl_token *x = &c->t[cur], *hd = &c->t[h];
    bool to_clause = child(c, cur, "mark") >= 0 && lemma_is(&c->t[child(c, cur, "mark")], "to");
    /* "failed to reach", "refused to lift", "avoids condemning": the act
     * did not happen */
    static const char *const not_heads[] = {"fail", "refuse", "decline", "avoid", "refrain",
                                            NULL};
    if (xcomp_like(c, cur) && lemma_in(hd, not_heads)) return DL_MODE_NEGATED;
    /* "refrained from condemning" */
    if (rel_starts(x, "advcl") && lemma_is(hd, "refrain")) return DL_MODE_NEGATED;
    /* "demanded that its partners refuse", "urged X to support": what is
     * asked for has not happened */
    static const char *const ask_heads[] = {"demand", "urge", "ask", "call", "appeal", "press",
                                            "request", "order", "implore", "plead", "invite",
                                            "pressure", "push", "encourage", "exhort",
                                            "instruct", NULL};
    if ((xcomp_like(c, cur) || rel_starts(x, "ccomp")) && lemma_in(hd, ask_heads))
      return DL_MODE_HYPOTHETICAL;
    /* "faces pressure from Congress to help Iran", "is under pressure to
     * resign", "rejected calls to quit": what others press for */
    if (xcomp_like(c, cur)) {
      static const char *const pressed[] = {"pressure", "call", "demand", "request", "appeal",
                                            "plea", NULL};
      for (uint32_t k = c->sb; k < c->se; k++)
        if (c->t[k].head == h && (rel_is(&c->t[k], "obj") || rel_starts(&c->t[k], "obl")) &&
            lemma_in(&c->t[k], pressed))
          return DL_MODE_HYPOTHETICAL;
    }
    /* "accused Moscow of buying missiles", "claimed that ISIL had
     * attacked Iraq": an allegation, not a fact */
    static const char *const allege[] = {"accuse", "charge", "allege", "suspect", "blame",
                                         "claim", "deny", NULL};
    if ((rel_starts(x, "advcl") || rel_starts(x, "ccomp") || rel_is(x, "xcomp")) &&
        lemma_in(hd, allege))
      return DL_MODE_HYPOTHETICAL;
    if (rel_is(x, "acl") && rel_is(hd, "obj") && hd->head >= 0 && lemma_in(&c->t[hd->head], allege))
      return DL_MODE_HYPOTHETICAL;
    /* "rejected reports that its troops had killed civilians": what is
     * denied is not a fact */
    static const char *const denied[] = {"reject", "deny", "dismiss", "refute", "dispute", NULL};
    if ((rel_is(x, "acl") || rel_starts(x, "ccomp")) && hd->upos == DL_UPOS_NOUN &&
        rel_is(hd, "obj") && hd->head >= 0 && lemma_in(&c->t[hd->head], denied))
      return DL_MODE_HYPOTHETICAL;
    /* "wants Putin to attack": what one wants another to do is a wish,
     * not the other's plan (nor a threat of theirs) */
    if (xcomp_like(c, cur) && lemma_in(hd, future_heads) && child(c, (uint32_t)h, "obj") >= 0)
      return DL_MODE_HYPOTHETICAL;
    if ((xcomp_like(c, cur) || (to_clause && (hd->upos == DL_UPOS_NOUN ||
                                             hd->upos == DL_UPOS_ADJ))) &&
        lemma_in(hd, future_heads)) {
      /* "must be ready to mediate", "should plan to": a plan that is
       * itself only asked for or supposed is no plan; "said it would be
       * ready to" is the reported future */
      int hm = mode_here(c, (uint32_t)h);
      if (hm == DL_MODE_HYPOTHETICAL && reported_would(c, (uint32_t)h)) hm = DL_MODE_FUTURE;
      if (hm == DL_MODE_HYPOTHETICAL || hm == DL_MODE_CONDITIONAL || hm == DL_MODE_NEGATED)
        return hm;
      return DL_MODE_FUTURE;
    }
    /* "used water cannon to disperse protesters": the purpose of using
     * something (hung from its object) is done as the using is */
    static const char *const instrument[] = {"use", "fire", "deploy", "employ", NULL};
    if (to_clause && rel_is(x, "acl") && rel_is(hd, "obj") && hd->head >= 0 &&
        lemma_in(&c->t[hd->head], instrument)) {
      int um = mode_here(c, (uint32_t)hd->head);
      if (um == DL_MODE_HYPOTHETICAL && reported_would(c, (uint32_t)hd->head)) um = DL_MODE_FUTURE;
      if (um != DL_MODE_ASSERTED) return um;
      cur = (uint32_t)hd->head;
      continue;
    }
    if (to_clause && (hd->upos == DL_UPOS_NOUN || hd->upos == DL_UPOS_ADJ)) {
      /* "no intention to make concessions" */
      if (mode_here(c, (uint32_t)h) == DL_MODE_NEGATED) return DL_MODE_NEGATED;
      return DL_MODE_HYPOTHETICAL;
    }
    if (!(rel_starts(x, "ccomp") || rel_starts(x, "xcomp") || rel_starts(x, "advcl") ||
          rel_starts(x, "conj") || rel_starts(x, "acl")))
      break;
    int hm = mode_here(c, (uint32_t)h);
    if (hm == DL_MODE_CONDITIONAL || hm == DL_MODE_HYPOTHETICAL) return hm;
    if (hm == DL_MODE_NEGATED && rel_is(x, "xcomp")) return hm; /* did not agree to meet */
    /* "will work with X to help": the purpose of what will be done */
    if (hm == DL_MODE_FUTURE && rel_is(x, "advcl") && to_clause) return hm;
    if (rel_starts(x, "advcl")) {
      int32_t mk = child(c, cur, "mark");
      if (mk >= 0 && (lemma_is(&c->t[mk], "if") || lemma_is(&c->t[mk], "unless")))
        return DL_MODE_CONDITIONAL;
    }
    if (lemma_in(hd, reporting)) break; /* reported speech keeps its own mode */
    cur = (uint32_t)h;
  }
  return m;
}

/* ---------------------------------------------------------- patterns */

/* Whether object token o is one of the pattern's object nouns. An entry
 * written with hyphens names a phrase: "hunger-strike" is the head
 * "strike" with a compound or adjective "hunger" (or the one token
 * "hunger-strike"), "state-of-emergency" the head "state" with an "of
 * emergency" complement. */
static bool object_is(const ctx *c, const char *list, uint32_t o, bool *phrase) {
  const dl_token *t = &c->t[o];
  *phrase = false;
  if (ev_in_list(list, t->lemma) || ev_in_list(list, t->form)) return true;
  /* "seized Kabul", "captured Kherson": a named town or capital is what a
   * pattern's "city", "town" or "capital" stands for */
  if ((ev_in_list(list, "city") || ev_in_list(list, "town") || ev_in_list(list, "capital")) &&
      t->upos == DL_UPOS_PROPN) {
    int32_t m = mention_at(c, o);
    if (place_at(c, o) >= 0 ||
        (m >= 0 && (c->doc->mentions[m].flags & DL_MENTION_METONYM)))
      return true;
  }
  /* a plural the lemmatiser left alone ("troops"): its naive singulars,
   * -s, -es and -ies -> -y */
  const char *w0 = t->lemma ? t->lemma : t->form;
  size_t wl = strlen(w0);
  if (t->upos == DL_UPOS_NOUN && wl > 3 && wl < 64 && (w0[wl - 1] | 0x20) == 's' &&
      (w0[wl - 2] | 0x20) != 's') {
    char sg[64];
    memcpy(sg, w0, wl - 1);
    sg[wl - 1] = '\0';
    if (ev_in_list(list, sg)) return true;
    if ((sg[wl - 2] | 0x20) == 'e') {
      sg[wl - 2] = '\0';
      if (ev_in_list(list, sg)) return true;
      if ((sg[wl - 3] | 0x20) == 'i') {
        sg[wl - 3] = 'y';
        sg[wl - 2] = '\0';
        if (ev_in_list(list, sg)) return true;
      }
    }
  }
  for (const char *p = list; *p;) {
    const char *bar = strchr(p, '|');
    size_t m = bar ? (size_t)(bar - p) : strlen(p);
    const char *dash = memchr(p, '-', m);
    if (dash) {
      char w[64];
      if (m < sizeof w) {
        memcpy(w, p, m);
        w[m] = '\0';
        char *of = strstr(w, "-of-");
        if (of) { /* head-of-noun */
          *of = '\0';
          if (lemma_is(t, w))
            for (uint32_t k = c->sb; k < c->se; k++)
              if (c->t[k].head == (int32_t)o && rel_starts(&c->t[k], "nmod") &&
                  lemma_is(&c->t[k], of + 4) && case_of(c, k) &&
                  !strcasecmp(case_of(c, k), "of"))
                return *phrase = true;
        } else {
          char *last = strrchr(w, '-');
          *last = '\0';
          if (lemma_is(t, last + 1) && !strchr(w, '-'))
            for (uint32_t k = c->sb; k < c->se; k++)
              if (c->t[k].head == (int32_t)o &&
                  (rel_is(&c->t[k], "compound") || rel_is(&c->t[k], "amod")) &&
                  lemma_is(&c->t[k], w))
                return *phrase = true;
        }
      }
    }
    if (!bar) break;
    p = bar + 1;
  }
  return false;
}

/* How well pattern p fits trigger v; -1 when a required part is absent.
 * *obj receives the object token that matched (or -1). */
/* Whether the clause headed by x is finite ("that Moscow could face",
 * "he was"), not an infinitive or a bare verb ("to take", "X take"). */
static bool finite(const ctx *c, uint32_t x) {
  for (uint32_t k = c->sb; k < c->se; k++) {
    const dl_token *y = &c->t[k];
    if (y->head != (int32_t)x) continue;
    if (rel_is(y, "mark") && lemma_is(y, "to")) return false;
    if (rel_is(y, "mark") && (lemma_is(y, "that") || lemma_is(y, "if") || lemma_is(y, "whether")))
      return true;
    if ((rel_starts(y, "aux") || rel_is(y, "cop")) && !lemma_is(y, "to")) {
      const char *xp = dl_xpos_name(y->xpos);
      if (!strcmp(xp, "MD") || !strcmp(xp, "VBD") || !strcmp(xp, "VBZ") || !strcmp(xp, "VBP"))
        return true;
    }
  }
  const char *xp = dl_xpos_name(c->t[x].xpos);
  return !strcmp(xp, "VBD") || !strcmp(xp, "VBZ") || !strcmp(xp, "VBP");
}

/* Whether token k is part of a temporal expression ("on Monday"). */
static bool in_timex(const ctx *c, uint32_t k) { return dl_doc_timex_at(c->doc, k) != NULL; }

/* "thousands of protesters", "dozens of students": the people counted,
 * for a noun of number o with an "of" complement; else o. */
static int32_t counted(const ctx *c, int32_t o) {
  static const char *const numbers[] = {"thousand", "thousands", "hundred", "hundreds", "dozen",
                                        "dozens", "score", "scores", "million", "millions",
                                        "ten", "tens", "tonne", "tonnes", "ton", "tons", NULL};
  if (o < 0 || !lemma_in(&c->t[o], numbers)) return o;
  for (uint32_t k = (uint32_t)o + 1; k < c->se; k++) {
    const char *cs;
    if (c->t[k].head == o && rel_starts(&c->t[k], "nmod") && (cs = case_of(c, k)) &&
        !strcasecmp(cs, "of"))
      return (int32_t)k;
  }
  return o;
}

static int fit(const ctx *c, const ev_pattern *p, uint32_t v, int32_t *obj) {
  int score = 0;
  bool phrase = false;
  *obj = -1;
  if (p->particle) {
    int32_t k = child(c, v, "compound:prt");
    if (k < 0) {
      /* "pushed back protesters": the tagger's adverb right after the
       * verb is the particle too */
      static const char *const adverbs[] = {"back", "out", "off", "down", "up", "away", "over",
                                            NULL};
      for (uint32_t i = v + 1; i < c->se && i == v + 1 && k < 0; i++)
        if (c->t[i].head == (int32_t)v && rel_is(&c->t[i], "advmod") &&
            lemma_in(&c->t[i], adverbs))
          k = (int32_t)i;
    }
    if (k >= 0 && !strcasecmp(c->t[k].form, p->particle)) {
      score += 1;
    } else if (p->objects) {
      /* "engaged peacekeepers in a firefight": the particle of "engage in
       * + firefight" as the preposition of the noun it names, the verb's
       * own object left as the target */
      for (uint32_t i = c->sb; i < c->se && *obj < 0; i++) {
        const char *cs;
        if (c->t[i].head == (int32_t)v && rel_starts(&c->t[i], "obl") &&
            (cs = case_of(c, i)) && !strcasecmp(cs, p->particle) &&
            object_is(c, p->objects, i, &phrase))
          *obj = (int32_t)i;
      }
      if (*obj < 0) return -1;
      score += 5 + phrase;
    } else {
      return -1;
    }
  }
  if (p->objects && *obj < 0) {
    int32_t o = child(c, v, "obj");
    if (o < 0) o = child(c, v, "nsubj:pass");
    o = counted(c, o);
    if (o < 0 || !object_is(c, p->objects, (uint32_t)o, &phrase)) return -1;
    *obj = o;
    /* a phrase ("air-strike") says more than its head alone ("strike") */
    score += 4 + phrase;
  }
  if (p->clause == 't') {
    int32_t x = child(c, v, "xcomp");
    if (x < 0) {
      x = child(c, v, "ccomp");
      if (x >= 0 && finite(c, (uint32_t)x)) x = -1; /* "warned that X could" is @ that */
    }
    if (x < 0) { /* taggers often hang "urged X to take" as advcl */
      int32_t a = child(c, v, "advcl");
      int32_t mk = a >= 0 ? child(c, (uint32_t)a, "mark") : -1;
      if (mk >= 0 && lemma_is(&c->t[mk], "to")) x = a;
    }
    if (x < 0) { /* ... or "urged the bloc to prepare" as the object's acl */
      int32_t o = child(c, v, "obj");
      int32_t a = o >= 0 ? child(c, (uint32_t)o, "acl") : -1;
      int32_t mk = a >= 0 ? child(c, (uint32_t)a, "mark") : -1;
      if (mk >= 0 && lemma_is(&c->t[mk], "to") && c->t[a].upos == DL_UPOS_VERB) x = a;
    }
    if (x < 0) return -1;
    score += 2;
  } else if (p->clause == 'h') {
    int32_t x = child(c, v, "ccomp");
    if (x < 0 || !finite(c, (uint32_t)x)) return -1;
    score += 2;
  }
  if (p->preps) { /* "met with Kim": the pattern that names the preposition */
    bool found = false;
    for (uint32_t k = c->sb; k < c->se && !found; k++) {
      const dl_token *x = &c->t[k];
      if (x->head != (int32_t)v || !(rel_starts(x, "obl") || rel_starts(x, "nmod"))) continue;
      /* "called Obama on Monday" is no "call on" */
      if (in_timex(c, k)) continue;
      const char *cs = case_of(c, k);
      found = cs && ev_in_list(p->preps, cs);
    }
    if (found) score += 1;
    /* a verb pattern that is the lemma and a preposition only ("engage >
     * with", "travel > to") names its sense by that preposition: without
     * it ("engaged peacekeepers in a firefight", "travelled widely") the
     * pattern says nothing */
    else if (!p->noun && !p->particle && !p->objects && !p->clause)
      return -1;
  }
  return score;
}

/* The actor behind a noun that names none: the doer of an act named by
 * the noun ("attacks by Croatian troops", "crimes committed by Croat
 * forces", "Iraq's crimes"); -1 when none. */
static int32_t doer_of(const ctx *c, uint32_t k) {
  for (uint32_t i = c->sb; i < c->se; i++) {
    const dl_token *x = &c->t[i];
    if (x->head != (int32_t)k) continue;
    const char *cs = case_of(c, i);
    if ((rel_is(x, "nmod:poss") || (rel_starts(x, "nmod") && cs && !strcasecmp(cs, "by"))) &&
        mention_at(c, i) >= 0)
      return (int32_t)i;
    if (rel_starts(x, "acl")) {
      int32_t a = child(c, i, "obl:agent");
      if (a < 0) a = child(c, i, "obl");
      if (a >= 0 && case_of(c, (uint32_t)a) && !strcasecmp(case_of(c, (uint32_t)a), "by") &&
          mention_at(c, (uint32_t)a) >= 0)
        return a;
    }
  }
  return -1;
}

/* A target token that names no actor gives way to its doer. */
static int32_t or_doer(const ctx *c, int32_t k) {
  if (k < 0 || actor_at(c, (uint32_t)k) >= 0) return k;
  int32_t d = doer_of(c, (uint32_t)k);
  return d >= 0 ? d : k;
}

/* The target token: the object of the pattern's preposition, else the
 * object, indirect object, of-complement of the object noun, or the
 * subject of a demanded clause. */
static int32_t target_of(const ctx *c, const ev_pattern *p, uint32_t v, int32_t obj) {
  for (uint32_t k = c->sb; k < c->se; k++) {
    const dl_token *x = &c->t[k];
    if (x->head != (int32_t)v || !(rel_starts(x, "obl") || rel_starts(x, "nmod"))) continue;
    if (in_timex(c, k)) continue; /* "launched an assault on Ukraine on Thursday" */
    const char *cs = case_of(c, k);
    if (p->preps && cs && ev_in_list(p->preps, cs)) return or_doer(c, (int32_t)k);
    if (!p->preps && cs && p->noun &&
        (!strcasecmp(cs, "with") || !strcasecmp(cs, "to") || !strcasecmp(cs, "against") ||
         !strcasecmp(cs, "on")))
      return (int32_t)k;
  }
  if (obj >= 0) {
    /* a noun matched as a particle's complement ("took the case to the
     * court", "met on the sidelines of the assembly", "engaged in talks
     * with X") is the setting of the act, not a party to it: neither it
     * nor its "of" complement is the target */
    bool setting = rel_starts(&c->t[obj], "obl");
    if (setting && child(c, v, "obj") >= 0) return child(c, v, "obj");
    /* "the travel of a delegation", "sanctions on Iran"; the pattern's
     * preposition on the object ("launched an investigation into attacks
     * by X": the doer of what is investigated) */
    for (uint32_t k = c->sb; k < c->se; k++) {
      const dl_token *x = &c->t[k];
      if (x->head != obj || !rel_starts(x, "nmod")) continue;
      const char *cs = case_of(c, k);
      if (setting && cs && !strcasecmp(cs, "of")) continue;
      if (p->preps && cs && ev_in_list(p->preps, cs)) {
        int32_t d = or_doer(c, (int32_t)k);
        if (actor_at(c, (uint32_t)d) >= 0) return d;
      }
      if (cs && (!strcasecmp(cs, "of") || !strcasecmp(cs, "on") || !strcasecmp(cs, "against") ||
                 !strcasecmp(cs, "for") || !strcasecmp(cs, "with") || !strcasecmp(cs, "to") ||
                 !strcasecmp(cs, "from") || !strcasecmp(cs, "by")) &&
          actor_at(c, k) >= 0)
        return (int32_t)k;
    }
    /* "ease sanctions on Iran" with "on Iran" hung from the verb; "rejected
     * calls by Bolivia", the parser hanging the noun's agent there too */
    for (uint32_t k = c->sb; k < c->se; k++) {
      const dl_token *x = &c->t[k];
      if (x->head != (int32_t)v || !rel_is(x, "obl") || (int32_t)k == obj) continue;
      const char *cs = case_of(c, k);
      if (cs && (!strcasecmp(cs, "on") || !strcasecmp(cs, "against") || !strcasecmp(cs, "for") ||
                 !strcasecmp(cs, "with") || !strcasecmp(cs, "to") || !strcasecmp(cs, "by") ||
                 !strcasecmp(cs, "from")) &&
          actor_at(c, k) >= 0)
        return (int32_t)k;
    }
    /* with the object noun matched, an indirect object is the target */
    int32_t io = child(c, v, "iobj");
    if (io >= 0) return io;
    /* the noun matched as the particle's complement ("engaged X in a
     * firefight"): the verb's own object is the other party */
    if (setting) return child(c, v, "obj");
    /* the object's possessor or the actor that modifies it: "Iran's
     * nuclear program", "a U.S. request", "proposed Israeli changes"
     * (the party whose request or plan it is); or the object itself
     * when it names an actor ("expelled two Russian diplomats") */
    for (uint32_t k = c->sb; k < c->se; k++) /* "Sweden's NATO membership bid": Sweden's */
      if (c->t[k].head == obj && rel_is(&c->t[k], "nmod:poss") && actor_at(c, k) >= 0)
        return (int32_t)k;
    if (mention_at(c, (uint32_t)obj) >= 0) return obj;
    return -1;
  }
  if (p->noun) return -1;
  /* "condemned allegations by Rwanda": an object that names no actor
   * gives way to the doer of what it names */
  int32_t o = counted(c, child(c, v, "obj"));
  if (o >= 0 && actor_at(c, (uint32_t)o) < 0 && doer_of(c, (uint32_t)o) < 0) {
    /* the parser hangs the noun's "by" agent from the verb: a "by"
     * complement of an active verb right after its object */
    for (uint32_t k = (uint32_t)o + 1; k < c->se; k++) {
      const dl_token *x = &c->t[k];
      const char *cs = case_of(c, k);
      if (x->head != (int32_t)v || !rel_starts(x, "obl") || !cs || strcasecmp(cs, "by") ||
          actor_at(c, k) < 0 || child(c, v, "nsubj:pass") >= 0)
        continue;
      int32_t b = child(c, k, "case");
      int32_t prev = b > 0 ? b - 1 : -1;
      for (int guard = 0; prev >= 0 && prev != o && guard < 8; guard++) prev = c->t[prev].head;
      if (prev == o) return (int32_t)k;
    }
  }
  if (o >= 0) return or_doer(c, o);
  o = child(c, v, "nsubj:pass"); /* "Iran was condemned by ..." */
  if (o >= 0 && child(c, v, "obl:agent") >= 0) return o;
  o = child(c, v, "iobj");
  if (o >= 0) return o;
  /* demanded X take steps: the clause's subject */
  int32_t cc = child(c, v, "ccomp");
  if (cc >= 0) {
    int32_t s = child(c, (uint32_t)cc, "nsubj");
    if (s >= 0) return s;
  }
  return -1;
}

/* The CAMEO threat (13x) that announces a conflictual act (roots 14, 16
 * to 20), or NULL: "threatened to break off relations" is 1313, "will
 * impose a curfew" 1323 (CAMEO: "the future tense used in the lead
 * implies a threat"). Codes without a threat form (15 show of force)
 * give NULL. */
static const char *threat_of(const char *code) {
  static const char *const map[][2] = {
      /* most specific first: the first prefix that matches wins */
      {"1721", "1321"}, {"1722", "1322"}, {"1723", "1323"}, {"1724", "1324"}, {"172", "132"},
      {"161", "1313"},  {"162", "1311"},  {"163", "1312"},  {"164", "134"},   {"165", "135"},
      {"166", "136"},   {"16", "131"},    {"176", "130"},   {"17", "137"},    {"14", "133"},
      {"191", "1381"},  {"192", "1382"},  {"18", "1383"},   {"19", "1384"},   {"20", "1385"}};
  for (size_t k = 0; k < sizeof map / sizeof *map; k++)
    if (!strncmp(code, map[k][0], strlen(map[k][0]))) return map[k][1];
  return NULL;
}

/* The CAMEO intent (03x) that announces a cooperative act (05 support,
 * 06 material cooperation, 07 aid, 08 yielding), or NULL: "will give
 * Tanzania a grant" is 0331, "agreed to lift the embargo" 0354. Meetings
 * (04, intent 036) have their own rule; a signed agreement (057) is no
 * intent. */
static const char *intent_of(const char *code) {
  static const char *const map[][2] = {
      {"057", ""},      {"055", ""},      {"05", "032"},    {"061", "0311"}, {"062", "0312"},
      {"063", "0313"},  {"064", "0314"},  {"06", "031"},    {"071", "0331"}, {"072", "0332"},
      {"073", "0333"},  {"074", "0334"},  {"07", "033"},    {"0831", "0341"}, {"0832", "0342"},
      {"0833", "0343"}, {"0834", "0344"}, {"083", "034"},   {"081", "0351"}, {"082", "0352"},
      {"084", "0353"},  {"085", "0354"},  {"086", "0355"},  {"087", "0356"}, {"08", "035"}};
  for (size_t k = 0; k < sizeof map / sizeof *map; k++)
    if (!strncmp(code, map[k][0], strlen(map[k][0]))) return map[k][1][0] ? map[k][1] : NULL;
  return NULL;
}

/* ------------------------------------------------------------ output */

typedef struct evec {
  dl_event *v;
  size_t n, cap;
} evec;

static void actor_from(const dl_doc *d, int32_t m, dl_event_actor *a) {
  memset(a, 0, sizeof *a);
  a->mention = m;
  if (m < 0) return;
  const dl_mention *mm = &d->mentions[m];
  a->code = mm->code;
  /* a place reached as the host of a protest stands for its country */
  if (!a->code && mm->kind == DL_MENTION_PLACE && mm->country[0]) a->code = mm->country;
  a->entity = mm->entity;
  memcpy(a->country, mm->country, 4);
}

/* Whether two coded actors can be an event's source and target: not one
 * code, one person, or a country and its own government ("PRKGOV ->
 * PRK"). */
static bool two_sides(const dl_event_actor *a, const dl_event_actor *b) {
  if (!a->code || !b->code || !strcmp(a->code, b->code)) return false;
  if (a->country[0] && !strcmp(a->country, b->country) &&
      (strlen(a->code) == 3 || strlen(b->code) == 3))
    return false;
  if (a->country[0] && b->country[0] && a->entity && b->entity && !strcmp(a->entity, b->entity))
    return false;
  return true;
}

/* Whether sentence s names the event's source or target (same code or
 * entity). */
static bool names_side(const dl_doc *d, uint32_t s, const dl_event *e) {
  for (size_t k = 0; k < d->n_mentions; k++) {
    const dl_mention *m = &d->mentions[k];
    if (m->sent < s) continue;
    if (m->sent > s) break;
    const dl_event_actor *side[2] = {&e->source, &e->target};
    for (int i = 0; i < 2; i++)
      if ((m->code && side[i]->code && !strcmp(m->code, side[i]->code)) ||
          (m->entity && side[i]->entity && !strcmp(m->entity, side[i]->entity)))
        return true;
  }
  return false;
}

/* The place at token k, or of its "of" complement ("the city of
 * Kherson"); -1 if none. */
static int32_t place_or_of(const ctx *c, uint32_t k) {
  int32_t pk = place_at(c, k);
  for (uint32_t q = k + 1; pk < 0 && q < c->se && q < k + 4; q++) {
    const char *qc = case_of(c, q);
    if (c->t[q].head == (int32_t)k && qc && !strcasecmp(qc, "of")) pk = place_at(c, q);
  }
  return pk;
}

/* Adds an event; a target the text names no words for (tgt < 0) may be
 * given by its code, tcode (a country's government, "NPLGOV"). */
/* Whether an actor code is of a country's people rather than its state:
 * civilians, opposition, students, workers, rebels ("NPLOPPPTY"). */
static bool non_state(const char *code) {
  static const char *const roles[] = {"CVL", "OPP", "EDU", "LAB", "AGR", "REL", "REB", "INS",
                                      "SEP", "REF", "HRI", "NGO", "MED", "BUS", "PTY", NULL};
  static const char *const state[] = {"GOV", "MIL", "COP", "LEG", "JUD", "SPY", "ELI", NULL};
  size_t n = strlen(code);
  for (size_t i = 3; i + 3 <= n; i += 3)
    for (int k = 0; state[k]; k++)
      if (!strncmp(code + i, state[k], 3)) return false;
  for (size_t i = 3; i + 3 <= n; i += 3)
    for (int k = 0; roles[k]; k++)
      if (!strncmp(code + i, roles[k], 3)) return true;
  return false;
}

static int push_event(const ctx *c, evec *ev, const ev_code *code, uint32_t trig, int32_t src,
                      int32_t tgt, const char *tcode, int mode, int32_t place) {
  const dl_doc *d = c->doc;
  dl_event e;
  memset(&e, 0, sizeof e);
  e.sent = c->t[trig].sent;
  e.trigger = trig;
  actor_from(d, src, &e.source);
  actor_from(d, tgt, &e.target);
  if (tgt < 0 && tcode) {
    e.target.code = tcode;
    memcpy(e.target.country, tcode, 3);
    e.target.country[3] = 0;
  }
  if (!two_sides(&e.source, &e.target)) return DL_OK;
  e.cameo = code->code;
  memcpy(e.root, code->root, 3);
  e.quad = code->quad;
  e.goldstein = code->goldstein;
  e.plover = code->plover;
  e.mode = (uint8_t)mode;
  e.place = place;
  /* the date */
  dl_when w;
  dl_time_when(d, trig, &w);
  if (w.source == DL_WHEN_REFERENCE || w.source == DL_WHEN_NONE) {
    int32_t h = c->t[trig].head;
    if (c->t[trig].upos == DL_UPOS_NOUN && h >= 0) {
      dl_when w2;
      dl_time_when(d, (uint32_t)h, &w2);
      if (w2.source == DL_WHEN_ATTACHED || w2.source == DL_WHEN_REPORTING) w = w2;
    }
  }
  if ((w.source == DL_WHEN_REFERENCE || w.source == DL_WHEN_NONE) && e.sent == 0) {
    /* the lead sentence: the first full date of the next two that name
     * one of its actors ("Trump has urged Kim ..." / "Trump told reporters
     * on Wednesday"); a sentence about something else dates nothing */
    for (size_t k = 0; k < d->n_timexes; k++) {
      const dl_timex *x = &d->timexes[k];
      if (x->sent < 1 || x->sent > 2 || !x->value || strlen(x->value) < 10 ||
          x->type == DL_TIMEX_DURATION || (x->flags & DL_TIMEX_FUTURE) ||
          !names_side(d, x->sent, &e))
        continue;
      w.value = x->value;
      w.timex = x;
      break;
    }
  }
  e.date = w.value;
  e.date_timex = w.timex;
  for (size_t k = 0; k < ev->n; k++) {
    const dl_event *o = &ev->v[k];
    if (o->sent == e.sent && !strcmp(o->cameo, e.cameo) && o->source.mention == src &&
        o->target.mention == tgt && (tgt >= 0 || !strcmp(o->target.code, e.target.code)))
      return DL_OK;
  }
  if (ev->n == ev->cap) {
    size_t cap = ev->cap ? ev->cap * 2 : 16;
    dl_event *p = realloc(ev->v, cap * sizeof *p);
    if (!p) return DL_NOMEM;
    ev->v = p;
    ev->cap = cap;
  }
  ev->v[ev->n++] = e;
  return DL_OK;
}

/* Of the events of one sentence (from `first` on), drops a bare root
 * code (13) when the same source and target have a code under that root
 * (1313): "threatened to break off relations" is one threat, the more
 * specific one. */
static void drop_general(const dl_token *t, evec *ev, size_t first) {
  size_t w = first;
  for (size_t i = first; i < ev->n; i++) {
    const dl_event *e = &ev->v[i];
    bool general = strlen(e->cameo) == 2, covered = false;
    for (size_t k = first; k < ev->n && general && !covered; k++) {
      const dl_event *o = &ev->v[k];
      bool pair = o->source.mention == e->source.mention && o->target.mention == e->target.mention;
      covered = k != i && strlen(o->cameo) > 2 && !strncmp(o->cameo, e->cameo, 2) && pair;
      /* "pledged to expel": the act the verb announces (137) says more
       * than the bare pledge (03) */
      covered |= k != i && pair && t[o->trigger].head == (int32_t)e->trigger &&
                 !strcmp(dl_deprel_name(t[o->trigger].deprel), "xcomp");
    }
    if (!covered) ev->v[w++] = *e;
  }
  ev->n = w;
}

/* ------------------------------------------------------------ coding */

/* The lexicon pattern that fits token v best (and its object in *obj),
 * or NULL. */
static const ev_pattern *best_fit(const ctx *c, uint32_t v, bool noun, int32_t *obj) {
  size_t first, n;
  ev_patterns_tok(c->lex, &c->t[v], noun, &first, &n);
  const ev_pattern *best = NULL;
  int best_score = -1;
  *obj = -1;
  for (size_t k = first; k < first + n; k++) {
    int32_t o;
    int sc = fit(c, &c->lex->pats[k], v, &o);
    if (sc > best_score) {
      best_score = sc;
      best = &c->lex->pats[k];
      *obj = o;
    }
  }
  return best;
}

/* The code of what a demand (demand true) or an appeal asks for, from the
 * act in its clause: "withdraw" (087) gives 1056 or 0256, "release"
 * (084) 1053 or 0253, "meet" (04) 106 or 026; NULL when the clause names
 * no such act or the code table lacks the sub-code. */
static const ev_code *asked_for(const ctx *c, uint32_t v, bool demand) {
  int32_t x = child(c, v, "xcomp");
  if (x < 0) x = child(c, v, "ccomp");
  for (uint32_t k = c->sb; x < 0 && k < c->se; k++)
    if (c->t[k].head == (int32_t)v && xcomp_like(c, k)) x = (int32_t)k;
  if (x < 0) {
    int32_t o = child(c, v, "obj"), a = o >= 0 ? child(c, (uint32_t)o, "acl") : -1;
    int32_t mk = a >= 0 ? child(c, (uint32_t)a, "mark") : -1;
    if (mk >= 0 && lemma_is(&c->t[mk], "to")) x = a;
  }
  if (x < 0 || c->t[x].upos != DL_UPOS_VERB) return NULL;
  int32_t o;
  const ev_pattern *best = best_fit(c, (uint32_t)x, false, &o);
  if (!best) return NULL;
  /* the act's code -> the digits after 10 or 02 */
  static const char *const map[][2] = {
      {"061", "11"}, {"062", "12"}, {"063", "13"}, {"064", "14"}, {"06", "1"},
      {"071", "31"}, {"072", "32"}, {"073", "33"}, {"074", "34"}, {"07", "3"},
      {"0831", "41"}, {"0832", "42"}, {"0833", "43"}, {"0834", "44"}, {"083", "4"},
      {"081", "51"}, {"082", "52"}, {"084", "53"}, {"085", "54"}, {"086", "55"},
      {"087", "56"}, {"08", "5"}, {"045", "8"}, {"04", "6"}};
  for (size_t k = 0; k < sizeof map / sizeof *map; k++)
    if (!strncmp(best->code->code, map[k][0], strlen(map[k][0]))) {
      char sub[8];
      snprintf(sub, sizeof sub, "%s%s", demand ? "10" : "02", map[k][1]);
      return ev_find_code(c->lex, sub);
    }
  return NULL;
}

static int code_trigger(const ctx *c, evec *ev, uint32_t v) {
  const dl_token *t = &c->t[v];
  bool noun = t->upos == DL_UPOS_NOUN;
  if (!noun && t->upos != DL_UPOS_VERB) return DL_OK;
  int32_t obj = -1;
  const ev_pattern *best = best_fit(c, v, noun, &obj);
  if (!best) return DL_OK;
  /* "called the senator a nasty guy", "called Burma a good news story":
   * call with an object and a predicate names; it neither phones nor
   * appeals */
  if (!noun && !best->particle && lemma_is(t, "call")) {
    int32_t pr = child(c, v, "xcomp");
    if (pr < 0) pr = child(c, v, "obl:unmarked");
    if (pr < 0 && child(c, v, "iobj") >= 0) pr = child(c, v, "obj");
    if (pr < 0) { /* two objects: "called the senator a nasty guy" */
      int objs = 0;
      for (uint32_t k = c->sb; k < c->se; k++)
        if (c->t[k].head == (int32_t)v && rel_is(&c->t[k], "obj")) {
          objs++;
          pr = (int32_t)k;
        }
      if (objs < 2) pr = -1;
    }
    if (pr >= 0 && c->t[pr].upos != DL_UPOS_VERB) return DL_OK;
    /* "what Turnbull called North Korea's reckless behaviour" */
    if (rel_starts(t, "acl") && t->head >= 0 && lemma_is(&c->t[t->head], "what")) return DL_OK;
  }
  /* "to help the two sides reach a deal": helping someone do something
   * is no aid (070 is the bare "help") */
  if (!noun && !best->objects && lemma_in(t, (const char *const[]){"help", "assist", NULL}) &&
      (child(c, v, "xcomp") >= 0 || child(c, v, "ccomp") >= 0))
    return DL_OK;
  /* "Jordan's visiting King", "the visiting minister": a participle with
   * a possessor or determiner of its own describes a noun (the parser
   * sometimes makes it the head); it asserts no act */
  if (!noun && !strcmp(dl_xpos_name(t->xpos), "VBG") &&
      (child(c, v, "nmod:poss") >= 0 || child(c, v, "det") >= 0) && child(c, v, "nsubj") < 0 &&
      child(c, v, "aux") < 0)
    return DL_OK;
  /* source */
  bool passive = false;
  int32_t s_tok;
  if (noun) {
    s_tok = child(c, v, "nmod:poss");
    /* "his meeting": the possessor is the clause's subject; but "its" or
     * "their" after an object that is an actor is that object's
     * ("condemned Russia for its invasion", "praised Poland for its help") */
    if (s_tok >= 0 && c->t[s_tok].upos == DL_UPOS_PRON && mention_at(c, (uint32_t)s_tok) < 0 &&
        t->head >= 0) {
      int32_t o = (lemma_is(&c->t[s_tok], "its") || lemma_is(&c->t[s_tok], "their") ||
                   lemma_is(&c->t[s_tok], "they") || lemma_is(&c->t[s_tok], "it"))
                      ? child(c, (uint32_t)t->head, "obj")
                      : -1;
      if (o >= 0 && o < s_tok && mention_at(c, (uint32_t)o) >= 0) s_tok = o;
      else s_tok = subject_of(c, (uint32_t)t->head, &passive);
    }
  } else {
    s_tok = subject_of(c, v, &passive);
    /* "Egyptian students protested in Cairo", parsed as a noun phrase with
     * a participle: a protest, which takes no object, is that noun's act */
    if (s_tok < 0 && rel_is(t, "acl") && t->head >= 0 && rel_is(&c->t[t->head], "root") &&
        !strcmp(best->code->root, "14"))
      s_tok = t->head;
  }
  int32_t sp = reported_by(c, v);
  /* the object of a verb whose pattern names it ("hold a summit",
   * "proposed a meeting") is that verb's event, not one of its own */
  if (noun && t->head >= 0 && (rel_is(t, "obj") || rel_is(t, "nsubj:pass"))) {
    const dl_token *h = &c->t[t->head];
    size_t hf, hn;
    ev_patterns_tok(c->lex, h, false, &hf, &hn);
    for (size_t k = hf; k < hf + hn; k++)
      if (c->lex->pats[k].objects && ev_in_list(c->lex->pats[k].objects, t->lemma ? t->lemma : t->form))
        return DL_OK;
  }
  /* a nominal event stands for one only when it says who (its possessor)
   * or is a meeting; "the sanctions against Pyongyang" are a state of
   * affairs, not an act */
  if (noun && strcmp(best->code->root, "04") &&
      !(s_tok >= 0 && mention_at(c, (uint32_t)s_tok) >= 0))
    return DL_OK;
  int32_t srcs[8], tgts[8];
  int ns = 0;
  bool between = false;
  if (s_tok >= 0 && mention_at(c, (uint32_t)s_tok) >= 0) {
    ns = with_conjuncts(c, s_tok, srcs, 8);
    /* "The US, Russia, and Switzerland met": after a serial comma the
     * parser may hang the last conjunct from the verb as a second
     * subject, the "and" with it; a subject after the verb's own "and"
     * is one more conjunct of the first */
    if (!noun && c->t[s_tok].head == (int32_t)v && rel_is(&c->t[s_tok], "nsubj"))
      for (uint32_t k = (uint32_t)s_tok + 1; k < v && ns < 8; k++) {
        if (c->t[k].head != (int32_t)v || !rel_is(&c->t[k], "nsubj") || mention_at(c, k) < 0)
          continue;
        bool joined = false;
        /* (the "and" may hang from the second subject's title: "Xi
         * Jinping and U.S. President Joe Biden") */
        for (uint32_t j = (uint32_t)s_tok + 1; j < k; j++)
          joined |= rel_is(&c->t[j], "cc") && lemma_is(&c->t[j], "and") &&
                    (c->t[j].head == (int32_t)v || c->t[j].head == (int32_t)k ||
                     (c->t[j].head > (int32_t)j && c->t[j].head < (int32_t)k + 1) ||
                     mention_at(c, (uint32_t)c->t[j].head) == mention_at(c, k));
        if (joined) ns += with_conjuncts(c, (int32_t)k, srcs + ns, 8 - ns);
      }
    /* "Chinese and Indian troops clashed": a coordinated adjective that is
     * an actor of its own ("Chinese" = CHNMIL) is one more subject */
    int32_t ms = mention_at(c, (uint32_t)s_tok);
    for (uint32_t k = c->sb; k < c->se && ns < 8; k++) {
      if (c->t[k].head != s_tok || !(rel_is(&c->t[k], "amod") || rel_is(&c->t[k], "compound")))
        continue;
      int32_t mk = mention_at(c, k);
      bool coordinated = false;
      for (uint32_t j = c->sb; j < c->se && !coordinated; j++)
        coordinated = c->t[j].head == (int32_t)k && rel_is(&c->t[j], "conj");
      if (mk >= 0 && mk != ms && coordinated) srcs[ns++] = (int32_t)k;
    }
  }
  else if (noun && (ns = between_parties(c, v, srcs, 8)) > 0)
    between = true; /* "talks between Trump and Kim": the two parties,
                       with each other, not the speaker */
  else if (noun && v + 1 < c->se && lemma_is(&c->t[v + 1], "between"))
    ; /* the same, misparsed: still not the speaker's talks */
  else if (sp >= 0 && mention_at(c, (uint32_t)sp) >= 0 &&
           (noun || (s_tok < 0 && (!passive || mode_of(c, v) != DL_MODE_ASSERTED))))
    /* the speaker stands in only for a clause that names no agent: not
     * for "troops arrived, officials said", nor for a passive reported
     * as done ("civilians were killed, police said"); but a stance is
     * the speaker's ("stressed that sanctions cannot be eased") */
    ns = with_conjuncts(c, sp, srcs, 8);
  int32_t tg = target_of(c, best, v, obj);
  if (tg < 0 && best->clause == 't') {
    /* "offered to hand them over to Britain", "promised to continue aid to
     * Mozambique": the party of the clause's action */
    int32_t x = child(c, v, "xcomp");
    for (uint32_t k = c->sb; x >= 0 && k < c->se && tg < 0; k++) {
      const dl_token *y = &c->t[k];
      if (y->head != x || !(rel_starts(y, "obl") || rel_starts(y, "obj") || rel_starts(y, "iobj")))
        continue;
      const char *cs = case_of(c, k);
      bool ok = rel_starts(y, "obj") || rel_starts(y, "iobj") ||
                (cs && (!strcasecmp(cs, "to") || !strcasecmp(cs, "with") ||
                        !strcasecmp(cs, "against") || !strcasecmp(cs, "on")));
      if (ok && mention_at(c, k) >= 0) tg = (int32_t)k;
    }
  }
  if (tg < 0 && !strcmp(best->code->root, "14")) {
    /* a protest names its target in its purpose or its "in protest":
     * "began a hunger strike to protest against X's decision", "staged
     * a rally in protest of X's policy", "struck to demand that X ..." */
    for (uint32_t k = c->sb; k < c->se && tg < 0; k++) {
      const dl_token *y = &c->t[k];
      if (y->head != (int32_t)v && (obj < 0 || y->head != obj)) continue;
      int32_t mk = child(c, k, "mark");
      /* "rioted, calling for the removal of X" / "demanding X's release" */
      bool participle = rel_starts(y, "advcl") && mk < 0 && !strcmp(dl_xpos_name(y->xpos), "VBG");
      bool purpose = ((rel_starts(y, "advcl") || rel_is(y, "xcomp") || rel_is(y, "acl")) && mk >= 0 &&
                      lemma_is(&c->t[mk], "to")) || participle;
      bool in_protest = rel_is(y, "obl") && case_of(c, k) && !strcasecmp(case_of(c, k), "in") &&
                        (lemma_is(y, "protest") || lemma_is(y, "defiance"));
      if (!purpose && !in_protest) continue;
      for (uint32_t j = c->sb; j < c->se && tg < 0; j++) {
        const dl_token *z = &c->t[j];
        if (z->head != (int32_t)k) continue;
        const char *cs = case_of(c, j);
        bool ok = purpose ? (rel_is(z, "obj") || rel_is(z, "iobj") ||
                             (rel_is(z, "obl") && cs &&
                              (!strcasecmp(cs, "against") || !strcasecmp(cs, "at") ||
                               !strcasecmp(cs, "from") || (participle && !strcasecmp(cs, "for")))))
                          : (rel_starts(z, "nmod") && (rel_is(z, "nmod:poss") || (cs &&
                             (!strcasecmp(cs, "against") || !strcasecmp(cs, "of") ||
                              !strcasecmp(cs, "at")))));
        if (ok && mention_at(c, j) >= 0) tg = (int32_t)j;
        /* "to protest against Sweden's decision": the decision's owner;
         * "calling for the removal of Mubarak": whom the act is done to */
        if (ok && tg < 0) {
          int32_t ps = child(c, j, "nmod:poss");
          if (ps >= 0 && mention_at(c, (uint32_t)ps) >= 0) tg = ps;
          for (uint32_t q = c->sb; q < c->se && tg < 0 && participle; q++) {
            const char *qc = case_of(c, q);
            if (c->t[q].head == (int32_t)j && rel_starts(&c->t[q], "nmod") && qc &&
                !strcasecmp(qc, "of") && mention_at(c, q) >= 0)
              tg = (int32_t)q;
          }
        }
      }
    }
  }
  if (tg < 0 && noun) {
    /* the parse missed it: "summit with X" right after the noun */
    uint32_t k = v + 1;
    if (k < c->se && (!strcasecmp(c->t[k].form, "with") || !strcasecmp(c->t[k].form, "against") ||
                      (best->preps && ev_in_list(best->preps, c->t[k].form))))
      for (uint32_t j = k + 1; j < c->se && j < k + 7 && tg < 0; j++)
        if (mention_at(c, j) >= 0) tg = (int32_t)j;
  }
  /* statements (01) name a target only through their preposition
   * ("said to reporters" is no event; "complained to Seoul" is) */
  if (!strcmp(best->code->root, "01") &&
      !(tg >= 0 && best->preps && case_of(c, (uint32_t)tg) &&
        ev_in_list(best->preps, case_of(c, (uint32_t)tg))))
    tg = -1;
  int nt = between ? 0 : with_conjuncts(c, tg, tgts, 8);
  /* "Qatar mediated a truce between Israel and Hamas", "brokered the deal
   * between Iran and Saudi Arabia": the mediator acts on both parties */
  if (!noun && !strcmp(best->code->code, "045") &&
      (nt == 0 || actor_at(c, (uint32_t)tgts[0]) < 0)) {
    int32_t heads[2] = {(int32_t)v, obj >= 0 ? obj : child(c, v, "obj")};
    bool found = false;
    for (int h = 0; h < 2 && !found; h++)
      for (uint32_t k = c->sb; heads[h] >= 0 && k < c->se && !found; k++) {
        const char *cs = case_of(c, k);
        if (c->t[k].head == heads[h] &&
            (rel_starts(&c->t[k], "nmod") || rel_starts(&c->t[k], "obl")) && cs &&
            !strcasecmp(cs, "between") && mention_at(c, k) >= 0) {
          nt = with_conjuncts(c, (int32_t)k, tgts, 8);
          found = true;
        }
      }
  }
  int mode = mode_of(c, v);
  /* a noun's mode is its verb's: "a summit ... is likely to take place" */
  if (noun && mode == DL_MODE_ASSERTED && t->head >= 0) {
    static const char *const ahead[] = {"likely", "expect", "plan", "schedule", "set", "due",
                                        "upcoming", NULL};
    const dl_token *h = &c->t[t->head];
    int hm = mode_of(c, (uint32_t)t->head);
    if (lemma_in(h, ahead)) mode = DL_MODE_FUTURE;
    else if (hm != DL_MODE_NEGATED) mode = hm;
  }
  const ev_code *code = best->code;
  /* "demanded that Russia withdraw its troops", "urged Iran to release
   * the tanker": a demand or an appeal that says what is asked takes the
   * sub-code of that act (1056, 0253) */
  if (!noun && (!strcmp(code->code, "10") || !strcmp(code->code, "100") ||
                !strcmp(code->code, "02") || !strcmp(code->code, "020"))) {
    const ev_code *sc = asked_for(c, v, !strncmp(code->code, "10", 2));
    if (sc) code = sc;
  }
  /* place */
  int32_t place = -1;
  for (uint32_t k = c->sb; k < c->se && place < 0; k++) {
    const dl_token *x = &c->t[k];
    bool near = x->head == (int32_t)v || (obj >= 0 && x->head == obj) ||
                (tg >= 0 && x->head == tg) || (noun && t->head >= 0 && x->head == t->head);
    if (!near || !(rel_starts(x, "obl") || rel_starts(x, "nmod")))
      continue;
    const char *cs = case_of(c, k);
    if (cs && (!strcasecmp(cs, "in") || !strcasecmp(cs, "at"))) place = place_at(c, k);
  }
  /* "US and British activists staged a protest in Beijing": a protest
   * that names no target, held by foreigners in another country, is
   * directed at that country (the host) */
  int32_t host = -1;
  /* "carried out drone strikes on Gaza", "troops pushed into Kherson",
   * "Xi arrived in Moscow": an attack on, or a visit to, a place that
   * names no actor is an act on that place's country */
  int32_t spot = place;
  /* (only for a verb with its own subject: a noun or a subject borrowed
   * along a conjunction is often a misparse, as "resume operations ... and
   * tours to Mount Kumgang") */
  bool retreat = !strncmp(code->code, "087", 3); /* "withdrew its troops from Kherson" */
  /* "extradited to France a French national", "sent medical supplies to
   * China", "handed back to Ukraine three vessels": a country reached by
   * "to" receives what is given, handed over or sent */
  bool giving = (!strcmp(code->root, "06") || !strcmp(code->root, "07") ||
                 !strcmp(code->root, "08")) && !retreat;
  bool at_place = (!strcmp(code->root, "18") || !strcmp(code->root, "19") ||
                   !strcmp(code->root, "20") || !strcmp(code->code, "042") || retreat ||
                   giving) &&
                  !noun && child(c, v, "nsubj") >= 0;
  int32_t aim = tg;
  if (at_place && tg >= 0 && actor_at(c, (uint32_t)tg) >= 0 && ns > 0) {
    /* "Russia withdrew its troops from Kherson": the doer's own people as
     * the object leave the place to be the target */
    int32_t mt = actor_at(c, (uint32_t)tg), ms = mention_at(c, (uint32_t)srcs[0]);
    if (ms >= 0 && c->doc->mentions[mt].country[0] &&
        !strcmp(c->doc->mentions[mt].country, c->doc->mentions[ms].country))
      aim = -1;
  }
  if (at_place && aim >= 0 && actor_at(c, (uint32_t)tg) < 0) {
    /* the target found is a place, not an actor ("shelled Kherson") */
    int32_t pk = place_or_of(c, (uint32_t)tg);
    if (pk >= 0 && c->doc->mentions[pk].country[0]) {
      spot = pk;
      aim = -1;
    }
  }
  if (aim < 0 && obj >= 0 && actor_at(c, (uint32_t)obj) < 0 && ns > 0 &&
      (!strcmp(code->root, "17") || !strcmp(code->root, "18") || !strcmp(code->root, "19") ||
       !strcmp(code->root, "20"))) {
    /* "shot down an American drone", "seized a British tanker": a thing
     * whose country the object names is that country's */
    for (uint32_t k = c->sb; k < c->se && aim < 0; k++) {
      int32_t mk = mention_at(c, k);
      if (c->t[k].head != obj || !(rel_is(&c->t[k], "amod") || rel_is(&c->t[k], "compound")) ||
          mk < 0 || !(c->doc->mentions[mk].flags & DL_MENTION_MODIFIER) ||
          strlen(c->doc->mentions[mk].code ? c->doc->mentions[mk].code : "") != 3)
        continue;
      aim = (int32_t)k;
      tgts[0] = (int32_t)k;
      nt = with_conjuncts(c, (int32_t)k, tgts, 8);
    }
  }
  if (giving && aim >= 0 && actor_at(c, (uint32_t)aim) < 0) aim = -1; /* "a French national" */
  if (at_place && !giving && aim < 0 && spot == place && obj >= 0 &&
      actor_at(c, (uint32_t)obj) < 0) {
    /* "captured Kherson": the pattern's object is the place itself */
    int32_t pk = place_or_of(c, (uint32_t)obj);
    if (pk >= 0 && c->doc->mentions[pk].country[0]) spot = pk;
  }
  for (uint32_t k = c->sb; at_place && aim < 0 && spot == place && k < c->se; k++) {
    const dl_token *x = &c->t[k];
    const char *cs = case_of(c, k);
    if (!(x->head == (int32_t)v || (obj >= 0 && x->head == obj)) ||
        !(rel_starts(x, "obl") || rel_starts(x, "nmod")) || !cs ||
        !ev_in_list(retreat ? "from" : giving ? "to" : "on|in|into|at|to|against|near", cs))
      continue;
    int32_t pk = place_or_of(c, k);
    if (pk >= 0 && c->doc->mentions[pk].country[0]) {
      spot = pk;
      break;
    }
  }
  if (aim < 0 && ns > 0 && spot >= 0 && (!strcmp(code->root, "14") || at_place) &&
      c->doc->mentions[spot].country[0]) {
    host = spot;
    for (int a = 0; a < ns && host >= 0; a++) {
      int32_t ma = mention_at(c, (uint32_t)srcs[a]);
      if (ma < 0 || !c->doc->mentions[ma].country[0] ||
          !strcmp(c->doc->mentions[ma].country, c->doc->mentions[spot].country))
        host = -1;
    }
    if (host >= 0) {
      tgts[0] = -1;
      nt = 1;
    }
  }
  /* "Opposition parties in Nepal called a general strike", "Egyptian
   * students rioted": a protest by a country's own people (not its state)
   * that names no target is against that country's government, as ICEWS
   * and the PLOVER records code it; the target has no words in the text,
   * so its "text" is null */
  const char *home_gov = NULL;
  if (tg < 0 && host < 0 && ns > 0 && !strcmp(code->root, "14")) {
    const char *cc = NULL;
    bool ok = true;
    for (int a = 0; a < ns && ok; a++) {
      int32_t ma = mention_at(c, (uint32_t)srcs[a]);
      const dl_mention *m = ma >= 0 ? &c->doc->mentions[ma] : NULL;
      if (!m || !m->code || !m->country[0] || strlen(m->code) < 6 || !non_state(m->code)) ok = false;
      else if (!cc) cc = m->country;
      else if (strcmp(cc, m->country)) ok = false;
    }
    if (ok && cc && (place < 0 || !c->doc->mentions[place].country[0] ||
                     !strcmp(c->doc->mentions[place].country, cc))) {
      char buf[8];
      snprintf(buf, sizeof buf, "%.3sGOV", cc);
      home_gov = dl_doc_strndup(c->doc, buf, strlen(buf));
      if (!home_gov) return DL_NOMEM;
      tgts[0] = -1;
      nt = 1;
    }
  }
  /* "attacked Trump, saying he has offended ...", "attacked the plan for
   * its cost": an attack in words is a criticism (111), not an assault */
  if (!noun && (!strcmp(code->root, "18") || !strcmp(code->root, "19")) &&
      lemma_in(t, (const char *const[]){"attack", "assail", NULL})) {
    static const char *const words[] = {"say", "call", "accuse", "charge", "argue", "claim",
                                        "describe", "write", "tell", "label", "brand", NULL};
    bool verbal = false;
    for (uint32_t k = c->sb; k < c->se && !verbal; k++) {
      const dl_token *x = &c->t[k];
      /* the participle hangs from the verb, or (a parser's slip) from
       * the clause it introduces */
      int32_t h = x->head;
      bool near = h == (int32_t)v || (h >= 0 && c->t[h].head == (int32_t)v &&
                                      (rel_is(&c->t[h], "parataxis") || rel_is(&c->t[h], "ccomp")));
      if (near && (rel_starts(x, "advcl") || rel_is(x, "xcomp") || rel_is(x, "conj")) &&
          !strcmp(dl_xpos_name(x->xpos), "VBG") && lemma_in(x, words))
        verbal = true;
      if (x->head != (int32_t)v) continue;
      const char *cs = rel_starts(x, "obl") ? case_of(c, k) : NULL;
      if (cs && (!strcasecmp(cs, "for") || !strcasecmp(cs, "over")) && x->upos == DL_UPOS_NOUN &&
          !in_timex(c, k))
        verbal = true;
    }
    const ev_code *crit = verbal ? ev_find_code(c->lex, "111") : NULL;
    if (crit) code = crit;
  }
  /* rules: intent to meet, refusals, third-country meetings */
  bool meeting = !strcmp(code->root, "04");
  bool wished = false;
  if (!noun) {
    int32_t h = t->head;
    static const char *const wish[] = {"hope", "want", "wish", "plan", "intend", "seek",
                                       "expect", "aim", NULL};
    /* a meeting agreed to, offered or promised is an intent to meet */
    static const char *const agreed[] = {"agree", "offer", "promise", "pledge", "vow",
                                         "commit", "propose", "volunteer", NULL};
    wished = h >= 0 && xcomp_like(c, v) && (lemma_in(&c->t[h], wish) || lemma_in(&c->t[h], agreed));
  }
  if (meeting && (wished || (mode == DL_MODE_FUTURE && sp >= 0 && s_tok < 0))) {
    const ev_code *i036 = ev_find_code(c->lex, "036");
    if (i036) {
      code = i036;
      mode = DL_MODE_ASSERTED;
    }
  } else if (meeting && mode == DL_MODE_NEGATED && xcomp_like(c, v) && t->head >= 0 &&
             lemma_in(&c->t[t->head], (const char *const[]){"refuse", "decline", NULL})) {
    /* "refused to meet the king": a refusal to meet, which happened
     * (125), not a negated meeting */
    const ev_code *r = ev_find_code(c->lex, "125");
    if (r) {
      code = r;
      mode = DL_MODE_ASSERTED;
      meeting = false;
    }
  } else if (mode == DL_MODE_NEGATED && !strcmp(code->root, "08")) {
    /* CAMEO's refusals mirror the concessions: 081 -> 1241, 082 -> 1242,
     * 084 -> 1243, 085 -> 1244, 086 -> 1245, 087 -> 1246 */
    static const char *const refusal[][2] = {{"081", "1241"}, {"082", "1242"}, {"083", "123"},
                                             {"084", "1243"}, {"085", "1244"}, {"086", "1245"},
                                             {"087", "1246"}};
    const ev_code *r = NULL;
    for (size_t k = 0; k < sizeof refusal / sizeof *refusal && !r; k++)
      if (!strncmp(code->code, refusal[k][0], 3)) r = ev_find_code(c->lex, refusal[k][1]);
    if (!r) r = ev_find_code(c->lex, "124");
    if (r) {
      code = r;
      mode = DL_MODE_ASSERTED;
    }
  }
  /* a conflictual act announced ("will impose a curfew", "said they
   * would boycott"), made conditional ("will withdraw unless ...") or
   * threatened ("threatened to break off relations") is a threat by its
   * source: the threat happened, the act did not */
  /* a conflictual act agreed to or decided on ("agreed to expel two
   * diplomats", "voted to impose sanctions") is not yet done, and no
   * threat made to the target either: the act, in the future */
  static const char *const decide_heads[] = {"agree", "decide", "resolve", "vote", "approve",
                                             "opt", "elect", NULL};
  bool decided = !noun && code->quad == 4 && mode == DL_MODE_ASSERTED && t->head >= 0 &&
                 xcomp_like(c, v) && lemma_in(&c->t[t->head], decide_heads);
  if (decided) mode = DL_MODE_FUTURE;
  if (!noun && code->quad == 4 && mode != DL_MODE_NEGATED && !decided) {
    static const char *const threat_heads[] = {"threaten", "vow", "swear", "warn", "pledge",
                                               "promise", NULL};
    bool threat = mode == DL_MODE_FUTURE ||
                  ((xcomp_like(c, v) || rel_starts(t, "ccomp")) && t->head >= 0 &&
                   lemma_in(&c->t[t->head], threat_heads));
    for (uint32_t k = c->sb; k < c->se && !threat; k++) { /* "would X unless Y" */
      if (c->t[k].head != (int32_t)v || !rel_is(&c->t[k], "advcl")) continue;
      int32_t mk = child(c, k, "mark");
      if (mk >= 0 && (lemma_is(&c->t[mk], "if") || lemma_is(&c->t[mk], "unless")))
        threat = mode == DL_MODE_HYPOTHETICAL || mode == DL_MODE_ASSERTED;
    }
    const char *tc = threat ? threat_of(code->code) : NULL;
    const ev_code *th = tc ? ev_find_code(c->lex, tc) : NULL;
    if (th) {
      code = th;
      mode = DL_MODE_ASSERTED;
    }
  }
  /* the same for cooperation: an act promised, offered, agreed to or
   * announced for the future is an intent to cooperate (03x) */
  if (!noun && (code->quad == 1 || code->quad == 2) && mode != DL_MODE_NEGATED) {
    static const char *const intent_heads[] = {"agree", "offer", "promise", "pledge", "vow",
                                               "commit", "volunteer", "undertake", NULL};
    bool intent = mode == DL_MODE_FUTURE ||
                  ((xcomp_like(c, v) || rel_starts(t, "ccomp")) && t->head >= 0 &&
                   lemma_in(&c->t[t->head], intent_heads));
    /* "will withdraw its force unless ...": a condition to be met
     * makes the announcement a threat */
    bool unless = false;
    for (uint32_t k = c->sb; k < c->se && !unless; k++) {
      if (c->t[k].head != (int32_t)v || !rel_is(&c->t[k], "advcl")) continue;
      int32_t mk = child(c, k, "mark");
      unless = mk >= 0 && lemma_is(&c->t[mk], "unless");
    }
    const char *ic = unless ? "130" : intent ? intent_of(code->code) : NULL;
    const ev_code *in = ic ? ev_find_code(c->lex, ic) : NULL;
    if (in) {
      code = in;
      /* "whether the two could agree to end the war": an agreement that
       * is itself only supposed is a supposed intent */
      if (!(intent && !unless && mode_of_head_supposed(c, v))) mode = DL_MODE_ASSERTED;
    }
  }
  /* a meeting with both parties named as subjects ("Trump and Kim will
   * start their summit"): the pairs of subjects */
  /* joint subjects act on each other only when the act is mutual: meet,
   * talk, agree, sign, cooperate, clash ("Seoul and Washington said" is
   * no statement of one to the other) */
  bool mutual = !strncmp(code->root, "03", 2) || !strncmp(code->root, "04", 2) ||
                !strncmp(code->root, "05", 2) || !strncmp(code->root, "06", 2) ||
                !strncmp(code->root, "19", 2) ||
                lemma_in(t, (const char *const[]){"trade", "exchange", NULL}); /* traded barbs */
  bool pairs = nt == 0 && ns >= 2 && mutual;
  const int32_t *tg_list = pairs ? srcs : tgts;
  int tg_n = pairs ? ns : nt;
  for (int a = 0; a < ns; a++)
    for (int b = pairs ? a + 1 : 0; b < tg_n; b++) {
      int32_t ma = mention_at(c, (uint32_t)srcs[a]);
      int32_t mb = host >= 0  ? host
                   : home_gov ? -1
                   : pairs    ? mention_at(c, (uint32_t)tg_list[b])
                             : actor_at(c, (uint32_t)tg_list[b]);
      const ev_code *use = code;
      /* "Russia beat Croatia", "Australia beat Colombia": one country
       * beating another is a match, not an assault */
      if (!noun && !best->objects && lemma_in(t, (const char *const[]){"beat", "thrash", NULL}) &&
          ma >= 0 && mb >= 0 && c->doc->mentions[ma].kind == DL_MENTION_COUNTRY &&
          c->doc->mentions[mb].kind == DL_MENTION_COUNTRY)
        continue;
      if (meeting && code->code[2] == '\0' && place >= 0 && ma >= 0 && mb >= 0) {
        /* met in a third country: 044 */
        const char *pc = c->doc->mentions[place].country;
        if (pc[0] && strcmp(pc, c->doc->mentions[ma].country) &&
            strcmp(pc, c->doc->mentions[mb].country)) {
          const ev_code *third = ev_find_code(c->lex, "044");
          if (third) use = third;
        }
      }
      int rc = push_event(c, ev, use, v, ma, mb, home_gov, mode, place);
      if (rc) return rc;
      /* paired codes: A visits B (042) is B hosting A (043) */
      for (int k = 0; k < c->lex->n_pairs; k++) {
        if (strcmp(use->code, c->lex->pair_from[k])) continue;
        const ev_code *pc = ev_find_code(c->lex, c->lex->pair_to[k]);
        if (pc && (rc = push_event(c, ev, pc, v, mb, ma, NULL, mode, place))) return rc;
      }
    }
  return DL_OK;
}

int ev_mode(const dl_doc *doc, uint32_t sb, uint32_t se, uint32_t v) {
  ctx c = {.doc = (dl_doc *)doc, .t = doc->toks, .sb = sb, .se = se};
  return mode_of(&c, v);
}

int dl_events_set_option(dl_events *e, const char *name, const char *value, dl_err *err) {
  if (!e->petr)
    return dl_err_set(err, DL_MISUSE, "option %s: no PETRARCH verb dictionary loaded", name);
  int rc = ev_petr_option(e->petr, name, value);
  if (rc == 1) return dl_err_set(err, DL_MISUSE, "option %s: not one the coder knows", name);
  if (rc) return dl_err_set(err, DL_MISUSE, "option %s: bad value \"%s\"", name, value);
  return DL_OK;
}

size_t dl_events_mark(const dl_events *e, const dl_doc *doc, uint8_t *want) {
  size_t n = 0;
  bool tagged = doc->n_toks && doc->toks[0].upos;
  for (size_t s = 0; s < doc->n_sents; s++) {
    bool w = !tagged || e->petr;
    for (uint32_t i = doc->sents[s].tok_begin; i < doc->sents[s].tok_end && !w; i++) {
      const dl_token *t = &doc->toks[i];
      bool noun = t->upos == DL_UPOS_NOUN;
      if (!noun && t->upos != DL_UPOS_VERB) continue;
      size_t first, k;
      ev_patterns_tok(e, t, noun, &first, &k);
      w = k > 0;
    }
    want[s] = w ? DL_WANT_TRIGGER : 0;
  }
  /* a quotation's speaker is read off the parse of its sentences */
  for (size_t q = 0; q < doc->n_quotes; q++)
    for (uint32_t s = doc->quotes[q].sent_begin; s < doc->quotes[q].sent_end && s < doc->n_sents; s++)
      want[s] |= DL_WANT_QUOTE;
  for (size_t s = 0; s < doc->n_sents; s++) n += want[s] != 0;
  return n;
}

size_t dl_events_mark_actors(const dl_doc *doc, uint8_t *want) {
  const dl_token *t = doc->toks;
  const dl_mention *m = doc->mentions;
  size_t nm = doc->n_mentions, k = 0, n = 0;
  for (size_t s = 0; s < doc->n_sents; s++) {
    if (want[s] & DL_WANT_TRIGGER) {
      while (k < nm && m[k].sent < s) k++;
      size_t end = k;
      while (end < nm && m[end].sent == s) end++;
      /* "it" and "they" become subject pronouns only with a parse */
      unsigned wild = 0, coded = 0;
      for (uint32_t i = doc->sents[s].tok_begin; i < doc->sents[s].tok_end && wild < 2; i++)
        wild += !strcasecmp(t[i].form, "it") || !strcasecmp(t[i].form, "they");
      bool pair = wild >= 2;
      /* the sides as push_event sees them: a place with a country counts
       * (the host of a protest, "demonstrated in Lima") */
      for (size_t i = k; i < end && !pair; i++) {
        dl_event_actor ai, aj;
        actor_from(doc, (int32_t)i, &ai);
        if (!ai.code) continue;
        coded++;
        /* a country's own people may protest against its government
         * without naming it (home_gov in code_trigger) */
        if (ai.country[0] && strlen(ai.code) >= 6 && non_state(ai.code)) pair = true;
        for (size_t j = k; j < i && !pair; j++) {
          actor_from(doc, (int32_t)j, &aj);
          pair = two_sides(&ai, &aj);
        }
      }
      if (!pair && !(wild && coded)) want[s] &= (uint8_t)~DL_WANT_TRIGGER;
    }
    n += want[s] != 0;
  }
  return n;
}

int dl_events_run(const dl_events *e, dl_doc *doc, dl_err *err) {
  evec ev = {0};
  int rc = DL_OK;
  if (e->petr) {
    bool parsed = doc->n_toks && doc->toks[0].upos;
    rc = parsed ? ev_petr_run(e, doc) : DL_OK;
    if (rc == DL_OK) rc = ev_quotes(doc);
    if (rc) return dl_err_set(err, rc, "%s: out of memory",
                              doc->meta.source ? doc->meta.source : "(input)");
    return DL_OK;
  }
  ctx c = {.lex = e, .doc = doc, .t = doc->toks};
  bool parsed = doc->n_toks && doc->toks[0].upos;
  for (size_t s = 0; parsed && s < doc->n_sents && rc == DL_OK; s++) {
    c.sb = doc->sents[s].tok_begin;
    c.se = doc->sents[s].tok_end;
    size_t first = ev.n;
    for (uint32_t i = c.sb; i < c.se && rc == DL_OK; i++) rc = code_trigger(&c, &ev, i);
    drop_general(c.t, &ev, first);
  }
  if (rc == DL_OK) rc = ev_quotes(doc);
  if (rc == DL_OK && ev.n) {
    doc->events = dl_doc_alloc(doc, ev.n * sizeof *ev.v);
    if (!doc->events) rc = DL_NOMEM;
    else memcpy(doc->events, ev.v, ev.n * sizeof *ev.v);
  }
  doc->n_events = rc == DL_OK ? ev.n : 0;
  free(ev.v);
  if (rc) return dl_err_set(err, rc, "%s: out of memory",
                            doc->meta.source ? doc->meta.source : "(input)");
  return DL_OK;
}
