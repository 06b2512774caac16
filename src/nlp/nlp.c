/*
 * nlp.c -- the nlp stage's entry points: load the two models, run them
 * over a document.
 *
 * dl_nlp_run() goes sentence by sentence: the tagger gives XPOS and UPOS
 * to every token, the lemmatizer a lemma (the form itself is shared when
 * the lemma equals it, else a copy in the arena), and the parser heads and
 * relations. Scratch arrays are sized for the longest sentence and taken
 * from the document's arena once per call, so a shared dl_nlp is never
 * written to and threads need no locks.
 */
#include <ctype.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nlp/nlp_int.h"

/* Joins dir and name into out (cap bytes); false when too long. */
static bool join(char *out, size_t cap, const char *dir, const char *name) {
  int n = snprintf(out, cap, "%s/%s", dir, name);
  return n > 0 && (size_t)n < cap;
}

int dl_nlp_load(const char *model_dir, dl_nlp **out, dl_err *err) {
  if (!model_dir || !out)
    return dl_err_set(err, DL_MISUSE, "dl_nlp_load: NULL argument");
  *out = NULL;
  char path[4096];
  dl_nlp *nlp = calloc(1, sizeof *nlp);
  if (!nlp) return dl_err_set(err, DL_NOMEM, "out of memory");
  int rc;
  if (!join(path, sizeof path, model_dir, "tagger.dlm")) {
    rc = dl_err_set(err, DL_IO, "%s: path too long", model_dir);
    goto fail;
  }
  rc = nlp_tagger_load(path, &nlp->tagger, err);
  if (rc != DL_OK) goto fail;
  if (!join(path, sizeof path, model_dir, "parser.dlm")) {
    rc = dl_err_set(err, DL_IO, "%s: path too long", model_dir);
    goto fail;
  }
  rc = nlp_parser_load(path, &nlp->parser, err);
  if (rc != DL_OK) goto fail;
  *out = nlp;
  return DL_OK;
fail:
  dl_nlp_free(nlp);
  return rc;
}

void dl_nlp_free(dl_nlp *nlp) {
  if (!nlp) return;
  nlp_tagger_free(nlp->tagger);
  nlp_parser_free(nlp->parser);
  free(nlp);
}

/* Checks the sentences' token ranges and takes the scratch arrays for
 * the longest one from the arena. *maxn is 0 when every sentence is
 * empty. */
typedef struct scratch {
  const char **forms;
  nlp_tokfeat *tf;
  uint8_t *xpos, *upos, *rel;
  int32_t *heads;
  void *parse;
} scratch;

static int take_scratch(dl_doc *doc, bool parse, scratch *sc, size_t *maxn, dl_err *err) {
  *maxn = 0;
  for (size_t s = 0; s < doc->n_sents; s++) {
    const dl_sentence *se = &doc->sents[s];
    if (se->tok_end > doc->n_toks || se->tok_begin > se->tok_end)
      return dl_err_set(err, DL_MISUSE, "sentence %zu: bad token range", s);
    if (se->tok_end - se->tok_begin > *maxn) *maxn = se->tok_end - se->tok_begin;
  }
  size_t n = *maxn;
  if (n == 0) return DL_OK;
  if (n > SIZE_MAX / 64 - 1) return dl_err_set(err, DL_NOMEM, "out of memory");
  dl_arena *a = &doc->arena;
  memset(sc, 0, sizeof *sc);
  sc->forms = dl_arena_alloc(a, n * sizeof *sc->forms);
  sc->xpos = dl_arena_alloc(a, n);
  sc->upos = dl_arena_alloc(a, n);
  if (!sc->forms || !sc->xpos || !sc->upos) return dl_err_set(err, DL_NOMEM, "out of memory");
  if (!parse) {
    sc->tf = dl_arena_alloc(a, n * sizeof *sc->tf);
    return sc->tf ? DL_OK : dl_err_set(err, DL_NOMEM, "out of memory");
  }
  sc->rel = dl_arena_alloc(a, n);
  sc->heads = dl_arena_alloc(a, n * sizeof *sc->heads);
  sc->parse = dl_arena_alloc(a, nlp_parser_scratch(n));
  if (!sc->rel || !sc->heads || !sc->parse) return dl_err_set(err, DL_NOMEM, "out of memory");
  return DL_OK;
}

/* "The Azerbaijani parliament threatened on Monday to break relations
 * with Russia unless ...": a sentence whose first verb is a past
 * participle right after a noun or pronoun, with no finite verb outside
 * the clauses that a subordinator opens after it, reads as a noun phrase
 * with a reduced relative clause and no main verb. A news sentence has
 * one, so that participle is the past tense (VBD). ("The man killed by
 * police was unarmed" keeps its VBN: "was" is the main verb.) */
static bool subordinator(const char *form, int x) {
  static int in = -1, wdt, wp, wrb;
  if (in < 0) {
    wdt = dl_xpos_from_name("WDT");
    wp = dl_xpos_from_name("WP");
    wrb = dl_xpos_from_name("WRB");
    in = dl_xpos_from_name("IN");
  }
  if (x == wdt || x == wp || x == wrb) return true;
  static const char *const subs[] = {"unless", "if", "because", "while", "although", "though",
                                     "after", "before", "since", "as", "until", "when",
                                     "whether", "that", "once", NULL};
  if (x != in) return false;
  for (int k = 0; subs[k]; k++)
    if (!strcasecmp(form, subs[k])) return true;
  return false;
}

/* The XPOS indexes the repairs below compare with, looked up once (the
 * tag table is fixed; pthread_once, as workers tag in parallel). */
typedef struct xp_ids {
  int vbn, vbd, vbz, vbp, md, vb, vbg, nn, nns, nnp, nnps, prp, prps, dt, pdt, jj, jjr, jjs,
      cd, pos, hyph;
} xp_ids;
static xp_ids xp_tab;
static pthread_once_t xp_once = PTHREAD_ONCE_INIT;
static void xp_init(void) {
  static const struct {
    const char *name;
    size_t off;
  } names[] = {{"VBN", offsetof(xp_ids, vbn)}, {"VBD", offsetof(xp_ids, vbd)},
               {"VBZ", offsetof(xp_ids, vbz)}, {"VBP", offsetof(xp_ids, vbp)},
               {"MD", offsetof(xp_ids, md)},   {"VB", offsetof(xp_ids, vb)},
               {"VBG", offsetof(xp_ids, vbg)}, {"NN", offsetof(xp_ids, nn)},
               {"NNS", offsetof(xp_ids, nns)}, {"NNP", offsetof(xp_ids, nnp)},
               {"NNPS", offsetof(xp_ids, nnps)}, {"PRP", offsetof(xp_ids, prp)},
               {"PRP$", offsetof(xp_ids, prps)}, {"DT", offsetof(xp_ids, dt)},
               {"PDT", offsetof(xp_ids, pdt)}, {"JJ", offsetof(xp_ids, jj)},
               {"JJR", offsetof(xp_ids, jjr)}, {"JJS", offsetof(xp_ids, jjs)},
               {"CD", offsetof(xp_ids, cd)},   {"POS", offsetof(xp_ids, pos)},
               {"HYPH", offsetof(xp_ids, hyph)}};
  for (size_t k = 0; k < sizeof names / sizeof *names; k++)
    *(int *)((char *)&xp_tab + names[k].off) = dl_xpos_from_name(names[k].name);
}
static const xp_ids *xp(void) {
  pthread_once(&xp_once, xp_init);
  return &xp_tab;
}

static void finite_repair(const char *const *forms, uint8_t *xpos, size_t n) {
  const xp_ids *X = xp();
  int vbn = X->vbn, vbd = X->vbd, vbz = X->vbz, vbp = X->vbp, md = X->md, vb = X->vb,
      vbg = X->vbg, nn = X->nn, nns = X->nns, nnp = X->nnp, nnps = X->nnps, prp = X->prp;
  size_t first = n;
  for (size_t i = 0; i < n && first == n; i++) {
    int x = xpos[i];
    if (x == vbd || x == vbz || x == vbp || x == md) return; /* a main verb first */
    if (x == vbn || x == vb || x == vbg) first = i;
  }
  if (first == n || first == 0 || xpos[first] != vbn) return;
  int p = xpos[first - 1];
  if (p != nn && p != nns && p != nnp && p != nnps && p != prp) return;
  bool sub = false;
  for (size_t i = first + 1; i < n; i++) {
    int x = xpos[i];
    if (subordinator(forms[i], x)) sub = true;
    if ((x == vbd || x == vbz || x == vbp || x == md) && !sub) return;
  }
  xpos[first] = (uint8_t)vbd;
}

/* "The opposition demanded that the president resign", "Amnesty urged
 * that the government release the prisoners": after a verb of demanding
 * and "that", the clause's verb is in the base form, which after a noun
 * phrase the tagger reads as one more noun ("president resign", "government
 * release"). When such a clause has no verb, the noun that follows another
 * noun and is followed by a determiner ("release the") or ends the phrase
 * ("resign.") is that verb (VB). */
static bool mandative(const char *f) {
  static const char *const stems[] = {"demand", "insist", "urg", "ask", "request", "requir",
                                      "recommend", "propos", "suggest", "order", "decree",
                                      "stipulat", NULL};
  for (int k = 0; stems[k]; k++) {
    size_t l = strlen(stems[k]);
    if (strncasecmp(f, stems[k], l)) continue;
    const char *e = f + l;
    if (!*e || !strcmp(e, "s") || !strcmp(e, "ed") || !strcmp(e, "ing") || !strcmp(e, "e") ||
        !strcmp(e, "es") || !strcmp(e, "d"))
      return true;
  }
  return false;
}

static void subjunctive_repair(const char *const *forms, uint8_t *xpos, uint8_t *upos,
                               size_t n) {
  const xp_ids *X = xp();
  int vb = X->vb, nn = X->nn, nns = X->nns, nnp = X->nnp, nnps = X->nnps, prp = X->prp,
      prps = X->prps, dt = X->dt, pdt = X->pdt, jj = X->jj, jjr = X->jjr, jjs = X->jjs,
      cd = X->cd, pos = X->pos, hyph = X->hyph;
  for (size_t i = 0; i + 3 < n; i++) {
    if (upos[i] != DL_UPOS_VERB || !mandative(forms[i]) || strcasecmp(forms[i + 1], "that"))
      continue;
    size_t j = i + 2;
    for (; j < n; j++) {
      int x = xpos[j];
      bool np = x == nn || x == nns || x == nnp || x == nnps || x == prp || x == prps ||
                x == dt || x == pdt || x == jj || x == jjr || x == jjs || x == cd || x == pos ||
                x == hyph;
      if (!np) break;
    }
    /* a verb (or anything else but a phrase's end) after the noun
     * phrase: the clause has its verb, or is not this one */
    if (j < n && (upos[j] == DL_UPOS_VERB || upos[j] == DL_UPOS_AUX)) continue;
    for (size_t k = i + 3; k < j; k++) {
      int p = xpos[k - 1];
      bool after_noun = p == nn || p == nns || p == nnp || p == nnps || p == prp;
      bool next_det = k + 1 < j && (xpos[k + 1] == dt || xpos[k + 1] == prps ||
                                    xpos[k + 1] == prp || xpos[k + 1] == cd);
      bool ends = k + 1 == j && (j == n || upos[j] == DL_UPOS_PUNCT ||
                                 upos[j] == DL_UPOS_ADP || upos[j] == DL_UPOS_ADV ||
                                 upos[j] == DL_UPOS_PART);
      if (xpos[k] == nn && after_noun && (next_det || ends) &&
          islower((unsigned char)forms[k][0])) {
        xpos[k] = (uint8_t)vb;
        upos[k] = DL_UPOS_VERB;
        break;
      }
    }
  }
}

/* "imposed sweeping sanctions", "crippling sanctions": news adjectives
 * in -ing that the tagger reads as verbs before a noun, which then makes
 * the noun their object and leaves the real verb without one. Only words
 * that are adjectives before a noun in news copy. */
static void ing_adjective_repair(const char *const *forms, uint8_t *xpos, uint8_t *upos,
                                 size_t n) {
  const xp_ids *X = xp();
  int vbg = X->vbg, jj = X->jj, nn = X->nn, nns = X->nns;
  static const char *const adj[] = {"sweeping", "crippling", "punishing", "devastating",
                                    "damaging", "stinging", "scathing", "lasting", "binding",
                                    "mounting", "wide-ranging", "far-reaching",
                                    "outstanding", "alarming", "escalating", "lingering",
                                    "longstanding", "long-standing", "stunning", "withering",
                                    "blistering", NULL};
  for (size_t i = 0; i + 1 < n; i++) {
    if (xpos[i] != vbg || (xpos[i + 1] != nn && xpos[i + 1] != nns)) continue;
    for (int k = 0; adj[k]; k++)
      if (!strcasecmp(forms[i], adj[k])) {
        xpos[i] = (uint8_t)jj;
        upos[i] = DL_UPOS_ADJ;
        break;
      }
  }
}

/* Tags and lemmatizes every sentence. The lemma of a token points at its
 * form when they are equal, so most tokens cost no copy. Heads are set to
 * -1 and relations to 0 until dl_nlp_parse(). */
int dl_nlp_tag(const dl_nlp *nlp, dl_doc *doc, dl_err *err) {
  if (!nlp || !doc) return dl_err_set(err, DL_MISUSE, "dl_nlp_tag: NULL argument");
  scratch sc;
  size_t maxn;
  int rc = take_scratch(doc, false, &sc, &maxn, err);
  if (rc != DL_OK || maxn == 0) return rc;
  dl_arena *a = &doc->arena;
  for (size_t s = 0; s < doc->n_sents; s++) {
    const dl_sentence *se = &doc->sents[s];
    size_t b = se->tok_begin, n = se->tok_end - se->tok_begin;
    if (n == 0) continue;
    dl_token *tok = doc->toks + b;
    for (size_t i = 0; i < n; i++) sc.forms[i] = tok[i].form ? tok[i].form : "";
    nlp_tagger_tag(nlp->tagger, sc.forms, n, sc.tf, sc.xpos, sc.upos);
    finite_repair(sc.forms, sc.xpos, n);
    subjunctive_repair(sc.forms, sc.xpos, sc.upos, n);
    ing_adjective_repair(sc.forms, sc.xpos, sc.upos, n);
    for (size_t i = 0; i < n; i++) {
      char lem[256];
      size_t ll = nlp_tagger_lemma(nlp->tagger, sc.forms[i], sc.xpos[i], lem, sizeof lem);
      /* equal to the form, or a form too long for the tables (URLs): the
       * form itself */
      if (tok[i].form && (ll + 1 >= sizeof lem || strcmp(lem, sc.forms[i]) == 0)) {
        tok[i].lemma = tok[i].form;
      } else {
        char *l = dl_arena_strndup(a, lem, ll);
        if (!l) return dl_err_set(err, DL_NOMEM, "out of memory");
        tok[i].lemma = l;
      }
      tok[i].xpos = sc.xpos[i];
      tok[i].upos = sc.upos[i];
      tok[i].deprel = 0;
      tok[i].head = -1;
    }
  }
  return DL_OK;
}

/* Parses the tagged sentences s with want[s] != 0 (all when want is
 * NULL). */
int dl_nlp_parse(const dl_nlp *nlp, dl_doc *doc, const uint8_t *want, dl_err *err) {
  if (!nlp || !doc) return dl_err_set(err, DL_MISUSE, "dl_nlp_parse: NULL argument");
  scratch sc;
  size_t maxn;
  int rc = take_scratch(doc, true, &sc, &maxn, err);
  if (rc != DL_OK || maxn == 0) return rc;
  /* the sentence that opens with the wire dateline, if any */
  size_t first_dl = SIZE_MAX;
  for (size_t s = 0; s < doc->n_sents && s < 4 && doc->meta.dateline; s++) {
    const dl_sentence *se = &doc->sents[s];
    if (se->tok_end > se->tok_begin &&
        dl_doc_in_dateline(doc, doc->toks[se->tok_begin].start)) {
      first_dl = s;
      break;
    }
  }
  int rel_dep = first_dl < SIZE_MAX ? dl_deprel_from_name("dep") : 0;
  int rel_punct = first_dl < SIZE_MAX ? dl_deprel_from_name("punct") : 0;
  for (size_t s = 0; s < doc->n_sents; s++) {
    const dl_sentence *se = &doc->sents[s];
    size_t b = se->tok_begin, n = se->tok_end - se->tok_begin;
    if (n == 0 || (want && !want[s])) continue;
    dl_token *tok = doc->toks + b;
    for (size_t i = 0; i < n; i++) {
      sc.forms[i] = tok[i].form ? tok[i].form : "";
      sc.xpos[i] = tok[i].xpos;
      sc.upos[i] = tok[i].upos;
    }
    /* "CAIRO (Reuters) - Egyptian students rioted ...": the wire dateline
     * and its dash are parsed apart from the sentence after them (the
     * parser made "CAIRO" the subject of a later verb); its first word
     * hangs from that sentence's root and the rest from its first word,
     * so that its date ("SEOUL, March 1 (Yonhap)") dates no event */
    size_t k = 0;
    if (s == first_dl) {
      while (k < n && dl_doc_in_dateline(doc, tok[k].start)) k++;
      while (k < n && tok[k].upos == DL_UPOS_PUNCT) k++;
      if (k + 2 > n) k = 0;
    }
    nlp_parser_parse(nlp->parser, sc.forms + k, sc.xpos + k, sc.upos + k, n - k, sc.parse,
                     sc.heads + k, sc.rel + k);
    int32_t root = -1;
    for (size_t i = k; i < n; i++) {
      if (sc.heads[i] >= 0) sc.heads[i] += (int32_t)k;
      else if (root < 0) root = (int32_t)i;
    }
    for (size_t i = 0; i < k; i++) { /* its first word under the root, the rest under it */
      sc.heads[i] = i ? 0 : root;
      sc.rel[i] = (uint8_t)(tok[i].upos == DL_UPOS_PUNCT ? rel_punct : rel_dep);
    }
    for (size_t i = 0; i < n; i++) {
      tok[i].deprel = sc.rel[i];
      tok[i].head = sc.heads[i] < 0 ? -1 : (int32_t)(b + (size_t)sc.heads[i]);
    }
  }
  return DL_OK;
}

int dl_nlp_run(const dl_nlp *nlp, dl_doc *doc, dl_err *err) {
  if (!nlp || !doc) return dl_err_set(err, DL_MISUSE, "dl_nlp_run: NULL argument");
  int rc = dl_nlp_tag(nlp, doc, err);
  return rc == DL_OK ? dl_nlp_parse(nlp, doc, NULL, err) : rc;
}
