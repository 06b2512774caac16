/*
 * quotes.c -- who said it: a speaker for each quotation span.
 *
 *   1. In the quotation's sentences, a speech verb outside the quotation
 *      ("..., Trump said"; "Trump told reporters, ..."; "said Trump") and
 *      its subject; the verb nearest the quotation wins.
 *   2. A quotation inside a clause (a partial quote) takes the speaker of
 *      the speech verb its words hang from ("said ... in “January or
 *      February”").
 *   3. A quotation with neither takes the speaker of the previous
 *      quotation in the same paragraph or the one before ("“I have not
 *      taken sanctions off. ...”" after "“...,” Trump told reporters").
 *
 * A speaker is a mention of an actor when one covers the verb's subject,
 * else (with a parse) the subject's own words: "said Caddell" and "one
 * questioner asked" name someone the dictionaries do not know, and the
 * record says who with a null code.
 *
 * Without a parse, step 1 looks for said/says/told next to a mention.
 */
#include <string.h>
#include <strings.h>

#include "events/events_internal.h"

static const char *const speech[] = {
    "say",     "tell",    "add",      "insist",  "warn",    "ask",     "note",   "declare",
    "state",   "write",   "reply",    "explain", "stress",  "claim",   "announce", "argue",
    "tweet",   "acknowledge", "admit", "concede", "complain", "predict", "assert",
    "contend", "remark",  "observe",  "recall",  "joke",    "quip",    "testify", "shout",
    "call",    "describe", "dub",     "label",   "brand",   "report",
    "told",    "said",    "says",     "tweeted", "called",  NULL};

static bool is_speech(const dl_token *t) {
  for (const char *const *w = speech; *w; w++)
    if ((t->lemma && !strcasecmp(t->lemma, *w)) || !strcasecmp(t->form, *w)) return true;
  return false;
}

/* The first coded person or organisation mention covering token i, or
 * -1. Mentions are in token order and stay within a sentence: a bisection
 * finds the last one starting at i, and the search goes back through i's
 * sentence only (a scan of the whole document per token was quadratic). */
static int32_t actor_at(const dl_doc *d, uint32_t i) {
  size_t lo = 0, hi = d->n_mentions;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->mentions[mid].tok_begin <= i) lo = mid + 1;
    else hi = mid;
  }
  int32_t first = -1;
  for (size_t k = lo; k-- > 0;) {
    const dl_mention *m = &d->mentions[k];
    if (m->sent != d->toks[i].sent) break;
    if (i < m->tok_end && m->code &&
        (m->kind == DL_MENTION_PERSON || m->kind == DL_MENTION_ORG ||
         m->kind == DL_MENTION_COUNTRY))
      first = (int32_t)k;
  }
  return first;
}

/* The token range of the sentence of token v. */
static void sentence_of(const dl_doc *d, uint32_t v, uint32_t *sb, uint32_t *se) {
  const dl_sentence *s = &d->sents[d->toks[v].sent];
  *sb = s->tok_begin;
  *se = s->tok_end;
}

static int32_t subject_mention(const dl_doc *d, uint32_t v) {
  uint32_t sb, se;
  sentence_of(d, v, &sb, &se);
  for (uint32_t k = sb; k < se; k++)
    if (d->toks[k].head == (int32_t)v && !strncmp(dl_deprel_name(d->toks[k].deprel), "nsubj", 5)) {
      int32_t m = actor_at(d, k);
      if (m >= 0) return m;
      /* the subject's name children: "President Trump" */
      for (uint32_t j = sb; j < se; j++)
        if (d->toks[j].head == (int32_t)k && (m = actor_at(d, j)) >= 0) return m;
    }
  return -1;
}

/* The words of a speech verb's subject that no actor covers: a noun or a
 * name with its determiners, numbers, adjectives, compounds and flat name
 * parts ("Caddell", "one questioner", "Pat Caddell"); pronouns and
 * relative words say nothing. Sets [*b, *e) and returns true when found. */
static bool subject_words(const dl_doc *d, uint32_t v, const dl_quote_span *qs, uint32_t *b,
                          uint32_t *e) {
  const dl_token *t = d->toks;
  uint32_t sb, se;
  sentence_of(d, v, &sb, &se);
  for (uint32_t k = sb; k < se; k++) {
    if (t[k].head != (int32_t)v || strcmp(dl_deprel_name(t[k].deprel), "nsubj")) continue;
    if (k >= qs->tok_begin && k < qs->tok_end) continue; /* the parser's slip */
    if (t[k].upos != DL_UPOS_NOUN && t[k].upos != DL_UPOS_PROPN) return false;
    /* those spoken to, when the parser hangs them as the subject */
    static const char *const audience[] = {"reporter", "journalist", "correspondent", NULL};
    for (int a = 0; audience[a]; a++)
      if (t[k].lemma && !strcasecmp(t[k].lemma, audience[a])) return false;
    uint32_t lo = k, hi = k + 1;
    /* the modifiers next to it, left and right, that belong to it */
    for (uint32_t j = k; j-- > sb;) {
      const char *r = dl_deprel_name(t[j].deprel);
      if (t[j].head != (int32_t)k && !(t[j].head >= (int32_t)j && (uint32_t)t[j].head < k)) break;
      const char *x = dl_xpos_name(t[j].xpos);
      if (x[0] == 'W') break; /* "what officials described": not the name */
      if (strcmp(r, "det") && strcmp(r, "nummod") && strcmp(r, "amod") && strcmp(r, "compound") &&
          strcmp(r, "flat") && strncmp(r, "nmod:desc", 9) && strcmp(r, "nmod:poss") &&
          strcmp(r, "case"))
        break;
      lo = j;
    }
    while (hi < se && t[hi].head == (int32_t)k && !strcmp(dl_deprel_name(t[hi].deprel), "flat")) hi++;
    if (t[lo].upos == DL_UPOS_DET && lo + 1 < hi && (!strcasecmp(t[lo].form, "the") ||
                                                    !strcasecmp(t[lo].form, "a") ||
                                                    !strcasecmp(t[lo].form, "an")))
      lo++;
    *b = lo;
    *e = hi;
    return true;
  }
  return false;
}

/* Whether the subject of verb v is "he" or "she". */
static bool he_or_she(const dl_doc *d, uint32_t v) {
  uint32_t sb, se;
  sentence_of(d, v, &sb, &se);
  for (uint32_t k = sb; k < se; k++)
    if (d->toks[k].head == (int32_t)v && !strcmp(dl_deprel_name(d->toks[k].deprel), "nsubj"))
      return !strcasecmp(d->toks[k].form, "he") || !strcasecmp(d->toks[k].form, "she");
  return false;
}

/* "WALLACE: If I may, sir, ...": a transcript line names its speaker in
 * capitals before a colon at the start of the quotation. Sets the name's
 * tokens and returns true. */
static bool transcript_name(const dl_doc *d, const dl_quote_span *qs, uint32_t *b, uint32_t *e) {
  const dl_token *t = d->toks;
  uint32_t k = qs->tok_begin;
  while (k < qs->tok_end && t[k].upos == DL_UPOS_PUNCT && strcmp(t[k].form, ":")) k++;
  uint32_t first = k;
  for (; k < qs->tok_end && k < first + 3; k++) {
    const char *f = t[k].form;
    bool caps = f[0] && f[1];
    for (const char *c = f; *c && caps; c++)
      caps = (*c >= 'A' && *c <= 'Z') || *c == '.' || *c == '-' || *c == '\'';
    if (!caps) break;
  }
  if (k == first || k >= qs->tok_end || strcmp(t[k].form, ":")) return false;
  *b = first;
  *e = k;
  return true;
}

/* "“Maybe we can build a wall.” ― Steve Quinlan": a quotation signed with
 * a dash and a name that ends its paragraph. Sets the name's tokens. */
static bool signed_by(const dl_doc *d, const dl_quote_span *qs, uint32_t *b, uint32_t *e) {
  const dl_token *t = d->toks;
  uint32_t k = qs->tok_end;
  if (k >= d->n_toks || (t[k].flags & DL_TOK_PARA_START)) return false;
  static const char *const dashes[] = {"\xE2\x80\x95", "\xE2\x80\x94", "\xE2\x80\x93", "-",
                                       "--", NULL};
  bool dash = false;
  for (int i = 0; dashes[i] && !dash; i++) dash = !strcmp(t[k].form, dashes[i]);
  if (!dash) return false;
  uint32_t nb = k + 1, ne = nb;
  while (ne < d->n_toks && ne < nb + 5 && !(t[ne].flags & DL_TOK_PARA_START) &&
         t[ne].form[0] >= 'A' && t[ne].form[0] <= 'Z')
    ne++;
  if (ne == nb || ne > nb + 4) return false;
  /* the name ends the paragraph (a closing period at most) */
  uint32_t after = ne;
  if (after < d->n_toks && !strcmp(t[after].form, ".")) after++;
  if (after < d->n_toks && !(t[after].flags & DL_TOK_PARA_START)) return false;
  *b = nb;
  *e = ne;
  return true;
}

/* "Caddell continued:" / "The New York Times reports:" ending the
 * paragraph before a quotation that opens its own: the subject of that
 * sentence's verb. */
static int lead_in(const dl_doc *d, const dl_quote_span *qs, int32_t *m, uint32_t *b, uint32_t *e) {
  const dl_token *t = d->toks;
  if (qs->sent_begin == 0) return 0;
  const dl_sentence *ps = &d->sents[qs->sent_begin - 1];
  const dl_sentence *cs = &d->sents[qs->sent_begin];
  if (ps->tok_end <= ps->tok_begin || strcmp(t[ps->tok_end - 1].form, ":")) return 0;
  if (qs->tok_begin > cs->tok_begin + 1) return 0; /* the quotation opens its sentence */
  for (uint32_t v = ps->tok_begin; v < ps->tok_end; v++) {
    if (t[v].upos != DL_UPOS_VERB || t[v].head >= 0) continue; /* the root verb */
    int32_t mm = subject_mention(d, v);
    if (mm >= 0) {
      *m = mm;
      return 1;
    }
    if (subject_words(d, v, qs, b, e)) return 2;
  }
  return 0;
}

int ev_quotes(dl_doc *doc) {
  size_t nq = doc->n_quotes;
  doc->qrecs = NULL;
  doc->n_qrecs = 0;
  if (!nq) return DL_OK;
  dl_quote *out = dl_doc_alloc(doc, nq * sizeof *out);
  if (!out) return DL_NOMEM;
  const dl_token *t = doc->toks;
  /* the quotation each token is in (UINT32_MAX for none) */
  uint32_t *qof = dl_doc_alloc(doc, (doc->n_toks + 1) * sizeof *qof);
  if (!qof) return DL_NOMEM;
  for (size_t k = 0; k <= doc->n_toks; k++) qof[k] = UINT32_MAX;
  for (size_t o = 0; o < nq; o++)
    for (uint32_t k = doc->quotes[o].tok_begin; k < doc->quotes[o].tok_end && k < doc->n_toks; k++)
      qof[k] = (uint32_t)o;
  for (size_t q = 0; q < nq; q++) {
    const dl_quote_span *qs = &doc->quotes[q];
    dl_quote *r = &out[q];
    r->span = (uint32_t)q;
    r->speaker = -1;
    r->cue = UINT32_MAX;
    r->who_begin = r->who_end = 0;
    uint32_t sb = doc->sents[qs->sent_begin].tok_begin;
    uint32_t se = doc->sents[qs->sent_end - 1].tok_end;
    bool parsed = t[sb].upos != 0;
    /* 2. a partial quotation: climb from its words to a speech verb */
    if (parsed && qs->kind == DL_QUOTE_PARTIAL) {
      int32_t v = t[qs->tok_begin + (qs->tok_end - qs->tok_begin > 1 ? 1 : 0)].head;
      for (int guard = 0; guard < 10 && v >= 0; guard++) {
        if (is_speech(&t[v]) && ((uint32_t)v < qs->tok_begin || (uint32_t)v >= qs->tok_end)) {
          r->speaker = subject_mention(doc, (uint32_t)v);
          if (r->speaker < 0) subject_words(doc, (uint32_t)v, qs, &r->who_begin, &r->who_end);
          r->cue = (uint32_t)v;
          break;
        }
        v = t[v].head;
      }
    }
    /* 0. a signature after a dash; a transcript line's name; a lead-in
     * ending with a colon */
    if (qs->kind == DL_QUOTE_DIRECT && r->speaker < 0 &&
        signed_by(doc, qs, &r->who_begin, &r->who_end)) {
      int32_t m = actor_at(doc, r->who_begin);
      if (m >= 0) {
        r->speaker = m;
        r->who_begin = r->who_end = 0;
      }
      r->cue = r->who_begin ? r->who_begin - 1 : qs->tok_end;
    }
    if (parsed && qs->kind == DL_QUOTE_DIRECT && r->speaker < 0 &&
        transcript_name(doc, qs, &r->who_begin, &r->who_end)) {
      int32_t m = actor_at(doc, r->who_begin);
      if (m >= 0) {
        r->speaker = m;
        r->who_begin = r->who_end = 0;
      }
    }
    if (parsed && qs->kind == DL_QUOTE_DIRECT && r->speaker < 0 && r->who_end == r->who_begin) {
      int32_t m = -1;
      int how = lead_in(doc, qs, &m, &r->who_begin, &r->who_end);
      if (how == 1) r->speaker = m;
      if (how) r->cue = doc->sents[qs->sent_begin - 1].tok_end - 1;
    }
    /* 1. a speech verb in the sentence, outside the quotation; a subject
     * that names no actor is kept as words, if no actor speaks nearer */
    if (r->speaker < 0 && r->who_end == r->who_begin) {
      uint32_t best_d = UINT32_MAX;
      /* the first and the last sentence of the quotation: a long (or
       * unclosed) one is not searched through, which was quadratic */
      uint32_t mid_b = doc->sents[qs->sent_begin].tok_end;
      uint32_t mid_e = doc->sents[qs->sent_end - 1].tok_begin;
      for (uint32_t k = sb; k < se; k++) {
        if (k >= mid_b && k < mid_e) k = mid_e;
        if (k >= se) break;
        if (k >= qs->tok_begin && k < qs->tok_end) continue;
        if (!is_speech(&t[k])) continue;
        /* another quotation's own verb is not ours */
        if (qof && qof[k] != UINT32_MAX && qof[k] != q) continue;
        uint32_t dist = k < qs->tok_begin ? qs->tok_begin - k : k - qs->tok_end;
        int32_t m = -1;
        if (parsed) {
          m = subject_mention(doc, k);
          uint32_t wb, we;
          if (m < 0 && dist < best_d && subject_words(doc, k, qs, &wb, &we) &&
              (we <= qs->tok_begin || wb >= qs->tok_end)) {
            best_d = dist;
            r->speaker = -1;
            r->who_begin = wb;
            r->who_end = we;
            r->cue = k;
          }
        } else {
          /* "Trump said" / "said Trump" */
          for (uint32_t j = k > sb + 4 ? k - 4 : sb; j < k + 4 && j < se && m < 0; j++)
            if (j < qs->tok_begin || j >= qs->tok_end) m = actor_at(doc, j);
        }
        if (m >= 0 && dist < best_d) {
          best_d = dist;
          r->speaker = m;
          r->who_begin = r->who_end = 0;
          r->cue = k;
        }
      }
    }
    /* 3. the previous quotation's speaker, in this paragraph or the last */
    /* (and "..., he said" after someone's quotation: the same speaker) */
    bool pronoun = r->cue != UINT32_MAX && r->speaker < 0 && r->who_end == r->who_begin &&
                   he_or_she(doc, r->cue);
    if (r->speaker < 0 && r->who_end == r->who_begin && q > 0 &&
        ((qs->kind == DL_QUOTE_DIRECT && r->cue == UINT32_MAX) || pronoun)) {
      const dl_quote_span *pq = &doc->quotes[q - 1];
      uint32_t para = doc->sents[qs->sent_begin].para;
      uint32_t ppara = doc->sents[pq->sent_begin].para;
      if ((out[q - 1].speaker >= 0 || out[q - 1].who_end > out[q - 1].who_begin) &&
          (ppara == para || ppara + 1 == para)) {
        r->speaker = out[q - 1].speaker;
        r->who_begin = out[q - 1].who_begin;
        r->who_end = out[q - 1].who_end;
      }
    }
  }
  doc->qrecs = out;
  doc->n_qrecs = nq;
  return DL_OK;
}
