/*
 * tags.c -- the fixed tables of tag and relation names.
 *
 * dl_token stores its UPOS, Penn XPOS and UD relation as small indexes
 * into these tables; index 0 is "_" (none). The tables are part of the
 * public contract (dl_upos_name() and friends), so entries are only ever
 * appended. Model files store names, not indexes, and map them through
 * the *_from_name() functions at load time, so a model survives a table
 * that grows.
 *
 *   UPOS    the 17 universal tags, in the order of the DL_UPOS_* enum
 *   XPOS    the Penn Treebank tags as used by UD English (EWT, GUM),
 *           including HYPH, NFP, ADD, AFX, GW, XX and the bracket/quote
 *           tags -LRB- -RRB- `` ''
 *   DEPREL  UD English relations with the subtypes the treebanks use,
 *           old (v2.0-2.13: obl:tmod, obl:npmod ...) and new (v2.14+:
 *           obl:unmarked, nmod:desc, nsubj:outer ...)
 */
#include <string.h>

#include "dateline.h"

static const char *const upos_names[] = {
    "_",    "ADJ",  "ADP",   "ADV",   "AUX",   "CCONJ", "DET",
    "INTJ", "NOUN", "NUM",   "PART",  "PRON",  "PROPN", "PUNCT",
    "SCONJ", "SYM", "VERB",  "X"};

static const char *const xpos_names[] = {
    "_",   "$",    "``",  "''",  ",",    "-LRB-", "-RRB-", ".",   ":",
    "ADD", "AFX",  "CC",  "CD",  "DT",   "EX",    "FW",    "GW",  "HYPH",
    "IN",  "JJ",   "JJR", "JJS", "LS",   "MD",    "NFP",   "NN",  "NNP",
    "NNPS", "NNS", "PDT", "POS", "PRP",  "PRP$",  "RB",    "RBR", "RBS",
    "RP",  "SYM",  "TO",  "UH",  "VB",   "VBD",   "VBG",   "VBN", "VBP",
    "VBZ", "WDT",  "WP",  "WP$", "WRB",  "XX",    "#"};

static const char *const deprel_names[] = {
    "_",            "acl",          "acl:relcl",    "advcl",
    "advcl:relcl",  "advmod",       "amod",         "appos",
    "aux",          "aux:pass",     "case",         "cc",
    "cc:preconj",   "ccomp",        "clf",          "compound",
    "compound:prt", "conj",         "cop",          "csubj",
    "csubj:outer",  "csubj:pass",   "dep",          "det",
    "det:predet",   "discourse",    "dislocated",   "expl",
    "fixed",        "flat",         "flat:foreign", "goeswith",
    "iobj",         "list",         "mark",         "nmod",
    "nmod:desc",    "nmod:npmod",   "nmod:poss",    "nmod:tmod",
    "nmod:unmarked", "nsubj",       "nsubj:outer",  "nsubj:pass",
    "nummod",       "obj",          "obl",          "obl:agent",
    "obl:npmod",    "obl:tmod",     "obl:unmarked", "orphan",
    "parataxis",    "punct",        "reparandum",   "root",
    "vocative",     "xcomp",        "compound:lvc", "det:poss",
    "flat:name",    "obl:arg",      "expl:pv",      "advmod:emph"};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

_Static_assert(sizeof(upos_names) / sizeof(upos_names[0]) == DL_UPOS_COUNT,
               "UPOS table matches the enum");

/* The name at index i, "_" when out of range. */
static const char *name_at(const char *const *tab, int n, int i) {
  return (i > 0 && i < n) ? tab[i] : "_";
}

/* The index of name in tab, 0 when absent (tables are small: linear). */
static int index_of(const char *const *tab, int n, const char *name) {
  if (!name) return 0;
  for (int i = 1; i < n; i++)
    if (strcmp(tab[i], name) == 0) return i;
  return 0;
}

const char *dl_upos_name(int upos) {
  return name_at(upos_names, COUNT(upos_names), upos);
}
const char *dl_xpos_name(int xpos) {
  return name_at(xpos_names, COUNT(xpos_names), xpos);
}
const char *dl_deprel_name(int deprel) {
  return name_at(deprel_names, COUNT(deprel_names), deprel);
}
int dl_upos_from_name(const char *name) {
  return index_of(upos_names, COUNT(upos_names), name);
}
int dl_xpos_from_name(const char *name) {
  return index_of(xpos_names, COUNT(xpos_names), name);
}
int dl_deprel_from_name(const char *name) {
  return index_of(deprel_names, COUNT(deprel_names), name);
}
