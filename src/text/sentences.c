/*
 * sentences.c -- the sentence splitter, over the tokens of one paragraph.
 *
 * A sentence ends at a run of . ! ? or an ellipsis, together with any
 * closing quotation marks and brackets right after it, when what follows
 * can start a sentence:
 *
 *   .          always, unless a lowercase word follows an ellipsis
 *   ! ?        unless a lowercase word follows ("Go!" the crowd shouted)
 *   U.S. Inc.  (abbreviations that can end a sentence) only when the next
 *              word is one that typically opens a sentence (The, He, But)
 *   Mr. Feb.   (titles, months, initials) never
 *
 * A line break inside a paragraph ends a sentence when the line before it
 * is short (under 60 bytes, and under 80% of the paragraph's longest line
 * unless every line is that short):
 * headers, signatures, list items and titles stand on lines of their own,
 * while hard-wrapped running text fills its lines.
 *
 * Paragraph ends are always sentence ends; the caller splits paragraphs.
 */
#include <ctype.h>
#include <string.h>

#include "text/text_internal.h"

/* Abbreviations after which a new sentence never starts. */
static const char *const never_final[] = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt",
    "cpl", "pvt", "adm", "cmdr", "cdr", "gov", "sen", "rep", "reps", "pres",
    "amb", "rev", "hon", "st", "mt", "ft", "no", "nos", "vs", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "messrs", "mme", "cf", "fig", "vol", "op", "pp", NULL};

/* Words that often open a sentence after an abbreviation ends one. */
static const char *const openers[] = {
    "the", "a", "an", "he", "she", "it", "they", "we", "you", "this",
    "that", "these", "those", "there", "but", "and", "or", "so", "yet", "in",
    "on", "at", "for", "with", "as", "if", "when", "while", "after", "before",
    "although", "though", "because", "since", "his", "her", "its", "their",
    "our", "my", "meanwhile", "however", "still", "also", "officials",
    "last", "earlier", "later", "now", "then", "such", "some", "many", "most",
    "both", "one", "no", "not", "what", "who", "why", "how", "where", NULL};

static bool in_list(const char *const *list, const char *s, size_t n) {
  for (const char *const *w = list; *w; w++) {
    size_t m = strlen(*w);
    if (m != n) continue;
    size_t i = 0;
    while (i < n && tolower((unsigned char)s[i]) == (*w)[i]) i++;
    if (i == n) return true;
  }
  return false;
}

static bool is_terminal(const char *f) {
  if (!*f) return false;
  for (const char *p = f; *p; p++) {
    if (*p == '.' || *p == '!' || *p == '?') continue;
    if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        (unsigned char)p[2] == 0xA6) {
      p += 2;
      continue;
    }
    return false;
  }
  return true;
}

/* A closing mark that stays with the sentence before it: ) ] } ” ’ and a
 * straight quote stuck to the previous token. */
static bool is_closer(const dl_token *t, const dl_token *prev) {
  const char *f = t->form;
  if (!strcmp(f, ")") || !strcmp(f, "]") || !strcmp(f, "}")) return true;
  if (!strcmp(f, "\"") || !strcmp(f, "'")) {
    /* normalised form: the raw mark may have been curly */
    if (prev && !(prev->flags & DL_TOK_SPACE_AFTER)) return true;
  }
  return false;
}

static bool starts_lower(const char *f) { return islower((unsigned char)f[0]); }

/* Length of the body line holding byte offset `at`. */
static size_t line_len(const dl_doc *doc, uint32_t at) {
  uint32_t s = at, e = at;
  while (s > 0 && doc->body[s - 1] != '\n') s--;
  while (e < doc->body_len && doc->body[e] != '\n') e++;
  return e - s;
}

void dl_text_split_sentences(dl_doc *doc, size_t b, size_t e) {
  dl_token *t = doc->toks;
  if (b >= e) return;
  t[b].flags |= DL_TOK_SENT_START;
  size_t longest = 0; /* longest line of the paragraph, when it has breaks */
  for (size_t i = b; i + 1 < e; i++)
    if (t[i].flags & DL_TOK_LINE_END) {
      size_t n = line_len(doc, t[i].start);
      if (n > longest) longest = n;
    }
  if (longest) {
    size_t n = line_len(doc, t[e - 1].start);
    if (n > longest) longest = n;
  }
  for (size_t i = b; i < e; i++) {
    const char *f = t[i].form;
    if ((t[i].flags & DL_TOK_LINE_END) && i + 1 < e) {
      size_t n = line_len(doc, t[i].start);
      if (n < 60 && (n * 5 < longest * 4 || longest < 60)) {
        t[i + 1].flags |= DL_TOK_SENT_START;
        continue;
      }
    }
    /* only tokens ending in . ! ? or … can end a sentence */
    char lastc = doc->body[t[i].end - 1];
    if (lastc != '.' && lastc != '!' && lastc != '?' && (unsigned char)lastc != 0xA6) continue;
    bool term = is_terminal(f);
    bool abbrev = false;
    size_t fl = strlen(f);
    if (!term && fl > 1 && f[fl - 1] == '.' && isalpha((unsigned char)f[0])) {
      if (fl == 2 || in_list(never_final, f, fl - 1)) continue;
      abbrev = true;
    }
    if (!term && !abbrev) continue;
    size_t j = i + 1;
    while (j < e && is_closer(&t[j], &t[j - 1])) j++;
    /* a second terminal run after a closing mark (“big deal.”.) */
    if (j >= e) return;
    const char *nf = t[j].form;
    bool brk;
    if (abbrev) {
      size_t nl = strlen(nf);
      brk = isupper((unsigned char)nf[0]) && in_list(openers, nf, nl);
    } else if (f[0] == '.' && f[1] == '\0') {
      brk = true;
    } else if (f[0] != '!' && f[0] != '?' && !strchr(f, '!') && !strchr(f, '?')) {
      brk = !starts_lower(nf); /* an ellipsis ... then lowercase goes on */
    } else {
      /* ?" he asked: no break after a quoted question; a bare one breaks
       * even before lowercase (informal text) */
      brk = !starts_lower(nf) || j == i + 1;
    }
    if (brk) {
      t[j].flags |= DL_TOK_SENT_START;
      i = j - 1;
    }
  }
}
