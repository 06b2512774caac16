/*
 * when.c -- the date of a predicate, for the event coder.
 *
 * News dates events by the text, not by the story: "Trump said Saturday
 * (local time) that a second summit is likely" dates the saying to
 * Saturday; "will start their summit in Hanoi, Feb. 27" dates the summit
 * to Feb. 27. dl_time_when() answers for one predicate token:
 *
 *   1. attached: a timex whose syntactic head (its token whose head lies
 *      outside it) depends on the predicate, directly or through one
 *      nominal in between ("during the summit last June");
 *   2. reporting: climbing the tree through ccomp/parataxis/xcomp/advcl
 *      to a reporting verb (say, tell, announce ...) that has a timex of
 *      its own;
 *   3. the document's reference date.
 *
 * Without a parse (no heads), step 1 is the nearest timex in the sentence.
 */
#include <string.h>

#include "time/time_internal.h"

static bool ieq(const char *a, const char *lit) {
  for (; *a && *lit; a++, lit++)
    if ((*a | 0x20) != *lit) return false;
  return *a == '\0' && *lit == '\0';
}

static char precision_of(const char *v) {
  if (!v) return 0;
  size_t n = strlen(v);
  if (strchr(v, 'T') && n > 10) return 'T';
  if (strchr(v, 'W')) return 'W';
  if (strchr(v, 'Q') || strchr(v, 'H')) return 'Q';
  if (n >= 10) return 'D';
  if (n == 7) return 'M';
  if (n == 4) return 'Y';
  return 0;
}

/* The timex whose span holds token i, or NULL. */
static const dl_timex *timex_of(const dl_doc *doc, size_t i) {
  return dl_doc_timex_at(doc, (uint32_t)i);
}

/* Whether the timex is usable as a date of an event (not a duration,
 * not vague). */
static bool datable(const dl_timex *x) {
  return x && x->value && x->type != DL_TIMEX_DURATION && x->type != DL_TIMEX_SET &&
         !(x->flags & DL_TIMEX_VAGUE);
}

/* A datable timex hanging from token p: a dependent of p inside a timex,
 * or one level further below a nominal dependent of p. */
static const dl_timex *attached(const dl_doc *doc, uint32_t p) {
  const dl_sentence *s = &doc->sents[doc->toks[p].sent];
  for (int depth = 0; depth < 2; depth++) {
    for (uint32_t i = s->tok_begin; i < s->tok_end; i++) {
      const dl_token *t = &doc->toks[i];
      int32_t h = t->head;
      if (depth == 1 && h >= 0) h = doc->toks[h].head == (int32_t)p ? (int32_t)p : -2;
      if (h != (int32_t)p || i == p) continue;
      const dl_timex *x = timex_of(doc, i);
      if (datable(x)) return x;
    }
  }
  return NULL;
}

static bool reporting_verb(const char *lemma) {
  static const char *const verbs[] = {"say", "tell", "announce", "report", "state", "add",
                                      "claim", "note", "confirm", "declare", "write",
                                      "insist", "warn", "explain", "stress", "signal",
                                      "imply", "suggest", "reiterate", "emphasize",
                                      "emphasise", NULL};
  if (!lemma) return false;
  for (const char *const *v = verbs; *v; v++)
    if (ieq(lemma, *v)) return true;
  return false;
}

static void fill(const dl_doc *doc, const dl_timex *x, dl_when_source src, dl_when *out) {
  out->timex = x;
  out->value = x ? x->value : doc->meta.ref_date;
  out->source = out->value ? src : DL_WHEN_NONE;
  out->precision = precision_of(out->value);
  out->future = 0;
  if (x && (x->flags & DL_TIMEX_FUTURE)) out->future = 1;
  int y, m, d, ry, rm, rd;
  if (!out->future && out->value && dl_cal_parse_ymd(doc->meta.ref_date, &ry, &rm, &rd)) {
    /* compare the first day the value can mean with the reference */
    char buf[11] = "";
    size_t n = strlen(out->value);
    if (n >= 10 && dl_cal_parse_ymd(out->value, &y, &m, &d)) {
      out->future = dl_cal_days(y, m, d) > dl_cal_days(ry, rm, rd);
    } else if (n == 7 && out->value[4] == '-') {
      memcpy(buf, out->value, 7);
      memcpy(buf + 7, "-01", 4);
      if (dl_cal_parse_ymd(buf, &y, &m, &d)) out->future = y * 12 + m > ry * 12 + rm;
    } else if (n == 4) {
      out->future = atoi(out->value) > ry;
    } else if (n == 8 && out->value[4] == '-' && out->value[5] == 'W') {
      /* an ISO week: after the reference's week */
      int wy, wk;
      dl_cal_isoweek(dl_cal_days(ry, rm, rd), &wy, &wk);
      out->future = atoi(out->value) * 100 + atoi(out->value + 6) > wy * 100 + wk;
    }
  }
}

/* Whether a verb is in a past tense: "permitted", "had invited", "has
 * met", "was approved" (not "will have met"). */
static bool past_tense(const dl_doc *doc, uint32_t tok) {
  const dl_token *t = doc->toks;
  const char *x = dl_xpos_name(t[tok].xpos);
  if (!strcmp(x, "VBD")) return true;
  if (strcmp(x, "VBN")) return false;
  const dl_sentence *s = &doc->sents[t[tok].sent];
  bool past = false;
  for (uint32_t i = s->tok_begin; i < s->tok_end; i++) {
    if (t[i].head != (int32_t)tok || strncmp(dl_deprel_name(t[i].deprel), "aux", 3)) continue;
    const char *ax = dl_xpos_name(t[i].xpos);
    if (!strcmp(ax, "MD")) return false; /* "will have met", "could have been" */
    if ((t[i].lemma && !strcmp(t[i].lemma, "have")) || !strcmp(ax, "VBD")) past = true;
  }
  return past;
}

int dl_time_when(const dl_doc *doc, uint32_t tok, dl_when *out) {
  memset(out, 0, sizeof *out);
  if (!doc || tok >= doc->n_toks) return DL_MISUSE;
  const dl_token *t = doc->toks;
  bool parsed = t[tok].upos != 0;
  if (parsed) {
    const dl_timex *x = attached(doc, tok);
    /* what was done in the past tense was not done in the future: "the
     * council permitted the travel ... next week" was permitted now, and
     * "next week" is the travel's */
    if (x && past_tense(doc, tok)) {
      dl_when w;
      fill(doc, x, DL_WHEN_ATTACHED, &w);
      if (w.future) x = NULL;
    }
    if (x) {
      fill(doc, x, DL_WHEN_ATTACHED, out);
      return DL_OK;
    }
    /* climb to a governing reporting verb */
    int32_t p = tok;
    for (int guard = 0; guard < 8 && p >= 0; guard++) {
      const char *rel = dl_deprel_name(t[p].deprel);
      int32_t h = t[p].head;
      if (h < 0) break;
      /* clauses, and the nominals a clause can hang from on its way up
       * ("stressed the stance that the sanctions cannot be eased") */
      if (strncmp(rel, "ccomp", 5) && strncmp(rel, "parataxis", 9) && strncmp(rel, "xcomp", 5) &&
          strncmp(rel, "advcl", 5) && strncmp(rel, "conj", 4) && strncmp(rel, "acl", 3) &&
          strncmp(rel, "obj", 3) && strncmp(rel, "nsubj", 5))
        break;
      p = h;
      if (reporting_verb(t[p].lemma)) {
        x = attached(doc, (uint32_t)p);
        if (x) {
          fill(doc, x, DL_WHEN_REPORTING, out);
          return DL_OK;
        }
      }
    }
  } else {
    /* no parse: the nearest timex in the sentence with no verb between */
    const dl_sentence *s = &doc->sents[t[tok].sent];
    const dl_timex *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t k = 0; k < doc->n_timexes; k++) {
      const dl_timex *x = &doc->timexes[k];
      if (x->tok_begin < s->tok_begin || x->tok_end > s->tok_end || !datable(x)) continue;
      size_t d = x->tok_begin > tok ? x->tok_begin - tok : tok - x->tok_end + 1;
      if (d < best_d) best_d = d, best = x;
    }
    if (best) {
      fill(doc, best, DL_WHEN_ATTACHED, out);
      return DL_OK;
    }
  }
  fill(doc, NULL, DL_WHEN_REFERENCE, out);
  return DL_OK;
}
