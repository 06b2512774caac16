/*
 * html.c -- one HTML page -> one document: metadata and the article body.
 *
 * The page is parsed by libxml2's HTML parser (recovering from broken
 * markup, no network, entities decoded, the result in UTF-8 whatever the
 * page's charset). Everything after that is ours:
 *
 * Metadata (one walk over the whole tree, <head> included)
 *   title      og:title, twitter:title, JSON-LD "headline", the first <h1>,
 *              <title>; a " | Site" or " - Site" tail is cut from the
 *              og/twitter/<title> forms
 *   published  article:published_time, itemprop=datePublished, JSON-LD
 *              "datePublished", pubdate-like <meta> names, <time datetime>
 *   updated    article:modified_time, og:updated_time, dateModified
 *   byline     <meta name=author>, JSON-LD author names, rel=author,
 *              itemprop=author, a class="byline" element, a "By X" line
 *   url        the container's URL (WARC), og:url, <link rel=canonical>
 *
 * Body: the article is the subtree of the page whose text reads most like
 * prose after what is not prose is charged against it.
 *
 *   1. Walk the <body> once (iteratively: pages nest 100,000 deep) and
 *      give each element an index, its parent's index and its nearest
 *      block ancestor. Subtrees that are never article text are not
 *      entered: script, style, nav, header, footer, aside, iframe, svg,
 *      form controls, figures, and anything hidden (hidden, display:none).
 *   2. Each text node counts toward its block (p, div, li, td, ...):
 *      letters, words, commas, letters inside links, the last character.
 *   3. A block scores its non-link letters when it reads as prose (enough
 *      words, at most half of it link text), and minus its letters when
 *      it does not (menus, link lists, labels, dates).
 *   4. An element whose class or id names chrome (comment, share, social,
 *      related, promo, newsletter, advert, cookie, subscribe, footer,
 *      sidebar, menu, ...) makes all text under it count against, unless
 *      it holds more than half the prose of the page (then the name is a
 *      false alarm: "has-sidebar" on the page wrapper).
 *   5. Scores are summed up the tree; the element with the highest sum
 *      (a bonus for names like article-body / itemprop=articleBody) is the
 *      article container.
 *   6. The container's text is written out in document order, one
 *      paragraph per block (and per <br><br>), skipping chrome subtrees,
 *      the <h1> (that is the title), paragraphs that are mostly link text,
 *      stock chrome lines ("Advertisement", "Read more", "Share this"),
 *      and scraps of three words or fewer that end without punctuation.
 *
 * Whitespace runs become one space; the body is valid UTF-8 (libxml2
 * transcodes; dl_doc_set_body replaces anything invalid).
 */
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>

#include "read/read_internal.h"

/* ------------------------------------------------------------- buffers */

typedef struct sbuf {
  char *s;
  size_t n, cap;
  bool oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n) {
  if (b->oom || n == 0) return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = realloc(b->s, cap);
    if (!p) {
      b->oom = true;
      return;
    }
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
}

static bool is_ws(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Appends s[0..n) with whitespace runs (and no-break spaces) folded to
 * one space; no space at the start of the buffer. */
static void sb_put_text(sbuf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    bool sp = is_ws(c);
    size_t k = 1;
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
      sp = true;
      k = 2;
    }
    if (sp) {
      if (b->n && b->s[b->n - 1] != ' ' && b->s[b->n - 1] != '\n') sb_put(b, " ", 1);
    } else {
      size_t j = i + 1;
      while (j < n && !is_ws((unsigned char)s[j]) && (unsigned char)s[j] != 0xC2) j++;
      k = j - i;
      sb_put(b, s + i, k);
    }
    i += k;
  }
}

static void sb_trim(sbuf *b) {
  while (b->n && (b->s[b->n - 1] == ' ' || b->s[b->n - 1] == '\n')) b->n--;
  if (b->s) b->s[b->n] = '\0';
}

/* ---------------------------------------------------------- tree walks */

/* The next node after n in document order within root's subtree; its
 * children are skipped unless descend. No recursion, no stack. */
static xmlNode *walk_next(xmlNode *n, const xmlNode *root, bool descend) {
  if (descend && n->children) return n->children;
  while (n && n != root) {
    if (n->next) return n->next;
    n = n->parent;
  }
  return NULL;
}

static bool is_elem(const xmlNode *n) { return n->type == XML_ELEMENT_NODE; }
static bool is_text(const xmlNode *n) {
  return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

static bool name_is(const xmlNode *n, const char *name) {
  return n->name && !strcmp((const char *)n->name, name);
}

/* An attribute's value (libxml2 allocates; the caller frees with xmlFree)
 * or NULL. */
static char *attr(const xmlNode *n, const char *name) {
  return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* The text under n, whitespace folded, at most cap bytes (iterative). */
static void gather_text(xmlNode *n, sbuf *b, size_t cap) {
  for (xmlNode *c = n->children; c && b->n < cap;) {
    bool skip = is_elem(c) && (name_is(c, "script") || name_is(c, "style"));
    if (is_text(c) && c->content) sb_put_text(b, (const char *)c->content, strlen((const char *)c->content));
    if (is_elem(c) && name_is(c, "br")) sb_put(b, " ", 1);
    c = walk_next(c, n, !skip);
  }
  sb_trim(b);
}

/* ------------------------------------------------------------ tag kinds */

enum {
  K_INLINE = 0, /* a, span, em, b, ... */
  K_DROP,       /* never article text: not entered */
  K_BLOCK,      /* starts a paragraph */
  K_HEAD1,      /* <h1>: a block, not written out (it is the title) */
  K_HEADING,    /* h2-h6 */
  K_BR
};

static int tag_kind(const xmlNode *n) {
  static const char *const drop[] = {
      "script", "style", "noscript", "nav", "header", "footer", "aside", "iframe",
      "svg", "button", "select", "textarea", "input", "option", "template", "object",
      "embed", "canvas", "audio", "video", "map", "figure", "figcaption", "head",
      "title", "meta", "link", "dialog", "menu", "math", "picture", NULL};
  static const char *const block[] = {
      "p", "div", "section", "article", "main", "td", "th", "li", "dd", "dt", "dl",
      "blockquote", "pre", "ul", "ol", "table", "tr", "tbody", "thead", "tfoot", "body",
      "html", "center", "address", "hr", "details", "summary", "caption", "fieldset",
      "hgroup", NULL};
  const char *nm = (const char *)n->name;
  if (!nm) return K_INLINE;
  if (nm[0] == 'h' && nm[1] >= '1' && nm[1] <= '6' && !nm[2])
    return nm[1] == '1' ? K_HEAD1 : K_HEADING;
  if (!strcmp(nm, "br")) return K_BR;
  for (size_t i = 0; drop[i]; i++)
    if (!strcmp(nm, drop[i])) return K_DROP;
  for (size_t i = 0; block[i]; i++)
    if (!strcmp(nm, block[i])) return K_BLOCK;
  return K_INLINE;
}

/* Whether the element is hidden from readers. */
static bool hidden(const xmlNode *n) {
  if (xmlHasProp(n, (const xmlChar *)"hidden")) return true;
  char *st = attr(n, "style");
  bool h = false;
  if (st) {
    char c[256];
    size_t o = 0;
    for (size_t i = 0; st[i] && o + 1 < sizeof c; i++)
      if (!is_ws((unsigned char)st[i])) c[o++] = (char)tolower((unsigned char)st[i]);
    c[o] = '\0';
    h = strstr(c, "display:none") || strstr(c, "visibility:hidden");
    xmlFree(st);
  }
  return h;
}

/* Class and id words that mark chrome. A word of the class or id (split at
 * anything not a letter or digit) matches when it starts with one of these
 * ("comments", "sharebar", "relatedarticles"); the short ones must match
 * whole. */
static const char *const neg_prefix[] = {
    "comment", "share", "sharing", "social", "related", "promo", "newsletter", "advert",
    "cookie", "subscri", "footer", "sidebar", "menu", "navbar", "navigation", "breadcrumb",
    "popup", "modal", "sponsor", "outbrain", "taboola", "recirc", "recommend", "byline",
    "caption", "toolbar", "signup", "disqus", "most-read", "mostread", "trending",
    "newsfeed", "masthead", "skiplink", NULL};
static const char *const neg_whole[] = {"ad", "ads", "nav", "tags", "tag", "hidden",
                                        "credit", "credits", "print", "meta", "author",
                                        "share", "skip", "dateline", "timestamp", NULL};
/* Run together (non-alphanumerics dropped), names of article bodies. */
static const char *const pos_join[] = {
    "articlebody", "storybody", "entrycontent", "postcontent", "articlecontent",
    "storycontent", "articletext", "bodytext", "postbody", "storytext", "articlebody",
    "contentbody", "bodycopy", "richtext", NULL};

/* Classifies the class and id of n: -1 chrome, 1 article body, 0 neither. */
static int class_sign(const xmlNode *n) {
  char *cl = attr(n, "class"), *id = attr(n, "id"), *ip = attr(n, "itemprop");
  int sign = 0;
  if (ip && !strcasecmp(ip, "articleBody")) sign = 1;
  for (int k = 0; k < 2 && sign == 0; k++) {
    const char *s = k ? id : cl;
    if (!s) continue;
    char joined[512];
    size_t jo = 0;
    bool modifier = false; /* the word before was "with", "has", "no" */
    for (size_t i = 0; s[i];) {
      while (s[i] && !isalnum((unsigned char)s[i])) i++;
      size_t b = i;
      while (s[i] && isalnum((unsigned char)s[i])) {
        if (jo + 1 < sizeof joined) joined[jo++] = (char)tolower((unsigned char)s[i]);
        i++;
      }
      size_t wl = i - b;
      if (!wl) continue;
      char w[64];
      if (wl >= sizeof w) wl = sizeof w - 1;
      for (size_t j = 0; j < wl; j++) w[j] = (char)tolower((unsigned char)s[b + j]);
      w[wl] = '\0';
      /* a short word counts only as a whole class ("ad", not "tag-news") */
      bool whole = (b == 0 || s[b - 1] == ' ') && (!s[i] || s[i] == ' ');
      for (size_t j = 0; neg_whole[j] && sign == 0 && whole; j++)
        if (!strcmp(w, neg_whole[j])) sign = -1;
      for (size_t j = 0; neg_prefix[j] && sign == 0 && !modifier; j++)
        if (!strncmp(w, neg_prefix[j], strlen(neg_prefix[j])) && strncmp(w, "commentary", 10))
          sign = -1;
      modifier = !strcmp(w, "with") || !strcmp(w, "has") || !strcmp(w, "no") ||
                 !strcmp(w, "without");
    }
    joined[jo] = '\0';
    for (size_t j = 0; pos_join[j]; j++)
      if (strstr(joined, pos_join[j])) {
        sign = 1;
        break;
      }
  }
  xmlFree(cl);
  xmlFree(id);
  xmlFree(ip);
  return sign;
}

/* -------------------------------------------------------------- scoring */

enum { F_INLINK = 1, F_NEG = 2, F_POS = 4, F_NEGEFF = 8, F_LIST = 16, F_KEY = 32 };

typedef struct el {
  xmlNode *node;
  int32_t parent; /* -1 for the top */
  int32_t block;  /* the nearest block element, itself included */
  uint8_t kind, flags;
  uint32_t letters, link, words, commas;
  uint32_t last; /* last three non-space bytes of its own text */
  double score;       /* its own text's */
  double sum;         /* the subtree's, chrome charged */
  double prose;       /* the subtree's prose letters, nothing charged */
} el;

typedef struct page {
  el *v;
  size_t n, cap;
} page;

static int32_t el_of(const xmlNode *n) {
  return n && n->_private ? (int32_t)((intptr_t)n->_private - 1) : -1;
}

/* Step 1 and 2: indexes the body's elements and counts their text. */
static int index_tree(xmlNode *root, page *pg) {
  for (xmlNode *n = root; n;) {
    if (is_elem(n)) {
      int kind = tag_kind(n);
      if (kind == K_DROP || hidden(n)) {
        n->_private = NULL;
        n = walk_next(n, root, false);
        continue;
      }
      if (pg->n == pg->cap) {
        size_t cap = pg->cap ? pg->cap * 2 : 1024;
        if (cap > INT32_MAX / 2) return DL_NOMEM;
        el *p = realloc(pg->v, cap * sizeof *p);
        if (!p) return DL_NOMEM;
        pg->v = p;
        pg->cap = cap;
      }
      int32_t i = (int32_t)pg->n++, par = n == root ? -1 : el_of(n->parent);
      el *e = &pg->v[i];
      memset(e, 0, sizeof *e);
      e->node = n;
      e->parent = par;
      e->kind = (uint8_t)kind;
      bool blk = kind == K_BLOCK || kind == K_HEAD1 || kind == K_HEADING || par < 0;
      e->block = blk ? i : pg->v[par].block;
      if (par >= 0) e->flags = pg->v[par].flags & (F_INLINK | F_LIST);
      if (name_is(n, "a")) e->flags |= F_INLINK;
      if (name_is(n, "ul") || name_is(n, "ol")) e->flags |= F_LIST;
      int sign = class_sign(n);
      if (sign < 0) e->flags |= F_NEG;
      if (sign > 0) e->flags |= F_POS;
      n->_private = (void *)(intptr_t)(i + 1);
    } else if (is_text(n) && n->content) {
      int32_t p = el_of(n->parent);
      if (p >= 0) {
        el *b = &pg->v[pg->v[p].block];
        bool in_link = pg->v[p].flags & F_INLINK;
        bool sp = true;
        for (const unsigned char *c = n->content; *c; c++) {
          if (is_ws(*c)) {
            sp = true;
            continue;
          }
          /* CJK text has no spaces: every second ideograph or kana counts
           * as a word (lead bytes E3-E9 start U+3000-U+9FFF) */
          if (sp || (*c >= 0xE3 && *c <= 0xE9 && (b->letters & 1))) b->words++;
          sp = false;
          if ((*c & 0xC0) != 0x80) b->letters++;
          if (in_link && (*c & 0xC0) != 0x80) b->link++;
          if (*c == ',') b->commas++;
          b->last = (b->last << 8) | *c;
        }
      }
    }
    n = walk_next(n, root, true);
  }
  return DL_OK;
}

/* Whether the last character (its last three bytes in l3) ends a
 * sentence: . ! ? a closing quote, or the CJK full stop 。 and ！ ？ */
static bool ends_sentence(uint32_t l3) {
  unsigned char c = (unsigned char)l3;
  if (c == '.' || c == '!' || c == '?' || c == '"' || c == ':') return true;
  if ((l3 & 0xFFFFFF) == 0xE2809D) return true; /* ” */
  if ((l3 & 0xFFFFFF) == 0xE38082) return true;                                     /* 。 */
  if ((l3 & 0xFFFFFF) == 0xEFBC81 || (l3 & 0xFFFFFF) == 0xEFBC9F) return true;       /* ！？ */
  return false;
}

/* Whether a block's own text reads as prose. */
static bool prose_block(const el *e) {
  if (e->letters == 0 || e->kind == K_HEAD1 || e->kind == K_HEADING) return false;
  double ld = (double)e->link / e->letters;
  if (ld > 0.5) return false;
  if (e->words >= 12) return true;
  return e->words >= 5 && ends_sentence(e->last) && ld < 0.3;
}

/* Steps 3 to 5: returns the index of the article container, or -1. */
static int32_t choose(page *pg) {
  el *v = pg->v;
  size_t n = pg->n;
  if (!n) return -1;
  for (size_t i = 0; i < n; i++) {
    el *e = &v[i];
    e->score = e->sum = e->prose = 0;
    if (!e->letters) continue;
    if (prose_block(e)) {
      e->prose = (double)(e->letters - e->link) * (1.0 + 0.03 * (e->commas < 10 ? e->commas : 10));
    }
  }
  /* F_KEY: holds the <h1> or an element named as the article body */
  for (size_t i = 0; i < n; i++)
    if (v[i].kind == K_HEAD1 || (v[i].flags & F_POS)) v[i].flags |= F_KEY;
  for (size_t i = n; i-- > 1;)
    if (v[i].parent >= 0) {
      v[v[i].parent].prose += v[i].prose;
      v[v[i].parent].flags |= v[i].flags & F_KEY;
    }
  /* chrome marks that are false alarms: on a wrapper of the article
   * (it holds the headline or the named body, and most of the prose) */
  double total = v[0].prose;
  for (size_t i = 0; i < n; i++) {
    el *e = &v[i];
    bool neg = (e->flags & F_NEG) && e->prose <= 0.75 * total &&
               (e->prose <= 0.5 * total || !(e->flags & F_KEY));
    if (!neg) e->flags &= (uint8_t)~F_NEG;
    if (neg || (e->parent >= 0 && (v[e->parent].flags & F_NEGEFF))) e->flags |= F_NEGEFF;
  }
  for (size_t i = 0; i < n; i++) {
    el *e = &v[i];
    if (!e->letters) continue;
    if ((e->flags & F_NEGEFF) || !prose_block(e)) {
      double w = e->kind == K_HEADING || e->kind == K_HEAD1 ? 0.3 : 1.0;
      if (!(e->flags & F_NEGEFF) && e->link * 2 < e->letters) w *= 0.6;
      e->score = -w * (double)e->letters;
    } else {
      e->score = (double)(e->letters - e->link) * (1.0 + 0.03 * (e->commas < 10 ? e->commas : 10));
    }
    e->sum = e->score;
  }
  for (size_t i = n; i-- > 1;)
    if (v[i].parent >= 0) v[v[i].parent].sum += v[i].sum;
  int32_t best = -1;
  double bs = 0;
  for (size_t i = 0; i < n; i++) {
    if (v[i].kind != K_BLOCK || (v[i].flags & F_NEGEFF)) continue;
    double s = v[i].sum * ((v[i].flags & F_POS) ? 1.15 : 1.0);
    if (s > bs) {
      bs = s;
      best = (int32_t)i;
    }
  }
  return best;
}

/* ---------------------------------------------------------- writing out */

/* Stock chrome lines, compared without case and trailing punctuation. */
static bool chrome_line(const char *s, size_t n) {
  static const char *const lines[] = {
      "advertisement", "advertising", "ad", "read more", "read more here", "share this",
      "share", "share this article", "share this story", "share on facebook",
      "share on twitter", "tweet", "email", "print", "continue reading", "related",
      "related articles", "related stories", "recommended", "sign up", "subscribe",
      "story continues below", "story continues below advertisement", "click here",
      "comments", "skip to content", "follow us", "listen to this article", "loading",
      "close", "menu", "more", "see more", "view comments", "scroll to continue",
      "supported by", "sponsored", "sponsored content", "image", "photo", "video",
      "back to top", "top", "next", "previous", "copy link", "link copied", NULL};
  while (n && (s[n - 1] == '.' || s[n - 1] == ':' || s[n - 1] == ' ')) n--;
  for (size_t i = 0; lines[i]; i++)
    if (strlen(lines[i]) == n && !strncasecmp(s, lines[i], n)) return true;
  return false;
}

typedef struct para {
  sbuf text;
  uint32_t letters, link, words, last;
  int kind; /* of the block the paragraph belongs to */
} para;

static void para_add(para *p, const char *s, size_t n, bool in_link) {
  bool sp = true;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (is_ws(c)) {
      sp = true;
      continue;
    }
    if (sp || (c >= 0xE3 && c <= 0xE9 && (p->letters & 1))) p->words++;
    sp = false;
    if ((c & 0xC0) != 0x80) {
      p->letters++;
      if (in_link) p->link++;
    }
    p->last = (p->last << 8) | c;
  }
  sb_put_text(&p->text, s, n);
}

/* Ends the paragraph: keeps it in body when it is article text. */
static void para_end(para *p, sbuf *body) {
  sb_trim(&p->text);
  const char *s = p->text.s;
  size_t n = p->text.n;
  bool keep = n > 0;
  if (keep && p->kind == K_HEAD1) keep = false;
  if (keep && p->letters) {
    double ld = (double)p->link / p->letters;
    if (ld > 0.6 || (ld > 0.35 && p->words < 15)) keep = false;
  }
  if (keep && chrome_line(s, n)) keep = false;
  if (keep && p->words <= 3 && p->kind != K_HEADING && !ends_sentence(p->last)) keep = false;
  if (keep) {
    if (body->n) sb_put(body, "\n\n", 2);
    sb_put(body, s, n);
  }
  p->text.n = 0;
  p->letters = p->link = p->words = p->last = 0;
}

/* Step 6: writes the container's article text into body. The walk
 * flushes the paragraph when it enters a block and when it climbs out of
 * one, so text after a nested block starts a new paragraph. */
static void write_body(page *pg, int32_t best, sbuf *body) {
  xmlNode *root = pg->v[best].node;
  para p = {{0}, 0, 0, 0, 0, K_BLOCK};
  int brs = 0;
  xmlNode *n = root;
  while (n) {
    bool descend = true;
    if (is_elem(n)) {
      int32_t i = el_of(n);
      if (i < 0 || (i != best && (pg->v[i].flags & F_NEG))) {
        descend = false;
      } else if (pg->v[i].kind == K_BR) {
        if (++brs >= 2 || p.text.n > 200) para_end(&p, body);
        else sb_put(&p.text, " ", 1);
      } else if (pg->v[i].block == i) {
        para_end(&p, body);
        brs = 0;
        p.kind = pg->v[i].kind;
      }
    } else if (is_text(n) && n->content) {
      int32_t i = el_of(n->parent);
      if (i >= 0) {
        const char *s = (const char *)n->content;
        size_t len = strlen(s), k = 0;
        while (k < len && is_ws((unsigned char)s[k])) k++;
        if (k < len) brs = 0;
        p.kind = pg->v[pg->v[i].block].kind;
        para_add(&p, s, len, pg->v[i].flags & F_INLINK);
      }
    }
    if (descend && n->children) {
      n = n->children;
      continue;
    }
    /* climb: each block left ends a paragraph */
    while (n != root && !n->next) {
      n = n->parent;
      int32_t i = el_of(n);
      if (i >= 0 && pg->v[i].block == i) para_end(&p, body);
    }
    n = n == root ? NULL : n->next;
  }
  para_end(&p, body);
  free(p.text.s);
}

/* ------------------------------------------------------------- metadata */

typedef struct meta {
  sbuf title[5];  /* og, twitter, JSON-LD, h1, <title> */
  sbuf byline[5]; /* meta author, JSON-LD, rel=author/itemprop, byline class, "By" line */
  sbuf url[2];    /* og:url, canonical */
  dl_isodate pub, upd;
  int pub_rank, upd_rank; /* lower is better; 0: none yet */
} meta;

static void set_date(meta *m, bool upd, int rank, const char *s, size_t n) {
  int *have = upd ? &m->upd_rank : &m->pub_rank;
  if (*have && *have <= rank) return;
  dl_isodate d;
  if (!dl_read_find_date(s, n, &d, NULL)) return;
  *(upd ? &m->upd : &m->pub) = d;
  *have = rank;
}

static void set_str(sbuf *b, const char *s, size_t n) {
  if (b->n || !s) return;
  sb_put_text(b, s, n);
  sb_trim(b);
}

/* A JSON string at s[i] (on the opening quote) ends at the returned index
 * (the closing quote), or n when unterminated. */
static size_t json_str_end(const char *s, size_t n, size_t i) {
  for (size_t j = i + 1; j < n; j++) {
    if (s[j] == '\\') j++;
    else if (s[j] == '"') return j;
  }
  return n;
}

static void json_str_set(sbuf *b, const char *s, size_t a, size_t e) {
  char *tmp = malloc(e - a + 2);
  if (!tmp) return;
  size_t k = dl_json_unescape(s + a, e + 1 - a, tmp);
  sb_put_text(b, tmp, k);
  sb_trim(b);
  free(tmp);
}

/* Scans JSON-LD for "headline", "datePublished", "dateModified" and the
 * author's "name"s, without building a tree (or recursing). */
static void jsonld(const char *s, size_t n, meta *m) {
  int depth = 0, author_depth = -1, names = 0;
  bool author_done = false;
  sbuf auth = {0};
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '{' || c == '[') depth++;
    else if (c == '}' || c == ']') {
      depth--;
      if (author_depth >= 0 && depth <= author_depth) {
        author_depth = -1;
        author_done = true;
      }
    } else if (c == '"') {
      size_t e = json_str_end(s, n, i);
      if (e >= n) break;
      size_t j = e + 1;
      while (j < n && is_ws((unsigned char)s[j])) j++;
      if (j < n && s[j] == ':') { /* a key */
        const char *k = s + i + 1;
        size_t kl = e - i - 1;
        size_t v = j + 1;
        while (v < n && is_ws((unsigned char)s[v])) v++;
        bool str = v < n && s[v] == '"';
        size_t ve = str ? json_str_end(s, n, v) : 0;
        if (str && ve < n) {
          if (kl == 8 && !memcmp(k, "headline", 8)) {
            if (!m->title[2].n) json_str_set(&m->title[2], s, v, ve);
          } else if (kl == 13 && !memcmp(k, "datePublished", 13)) set_date(m, false, 3, s + v + 1, ve - v - 1);
          else if (kl == 12 && !memcmp(k, "dateModified", 12)) set_date(m, true, 3, s + v + 1, ve - v - 1);
          else if (kl == 6 && !memcmp(k, "author", 6) && !author_done && !auth.n) {
            json_str_set(&auth, s, v, ve);
            author_done = true;
          } else if (kl == 4 && !memcmp(k, "name", 4) && author_depth >= 0 &&
                     depth <= author_depth + 2 && names < 4) {
            if (auth.n) sb_put(&auth, " and ", 5);
            json_str_set(&auth, s, v, ve);
            names++;
          }
        } else if (kl == 6 && !memcmp(k, "author", 6) && !author_done && v < n &&
                   (s[v] == '{' || s[v] == '[')) {
          author_depth = depth;
        }
      }
      i = e;
    }
  }
  if (auth.n && !m->byline[1].n) set_str(&m->byline[1], auth.s, auth.n);
  free(auth.s);
}

/* Whether s looks like a person's name or names, not a URL or handle. */
static bool name_like(const char *s) {
  return s && s[0] && !strstr(s, "://") && s[0] != '@' && strlen(s) < 200;
}

static void collect_meta(xmlNode *top, meta *m) {
  for (xmlNode *n = top; n;) {
    bool descend = true;
    if (is_elem(n)) {
      if (name_is(n, "meta")) {
        char *p = attr(n, "property"), *nm = attr(n, "name"), *ip = attr(n, "itemprop"),
             *c = attr(n, "content");
        const char *key = p ? p : nm ? nm : ip;
        if (key && c) {
          size_t cl = strlen(c);
          if (!strcasecmp(key, "og:title")) set_str(&m->title[0], c, cl);
          else if (!strcasecmp(key, "twitter:title")) set_str(&m->title[1], c, cl);
          else if (!strcasecmp(key, "og:url")) set_str(&m->url[0], c, cl);
          else if (!strcasecmp(key, "author") && name_like(c)) set_str(&m->byline[0], c, cl);
          else if (!strcasecmp(key, "article:published_time")) set_date(m, false, 1, c, cl);
          else if (!strcasecmp(key, "datePublished")) set_date(m, false, 2, c, cl);
          else if (!strcasecmp(key, "article:modified_time")) set_date(m, true, 1, c, cl);
          else if (!strcasecmp(key, "og:updated_time")) set_date(m, true, 2, c, cl);
          else if (!strcasecmp(key, "dateModified")) set_date(m, true, 2, c, cl);
          else if (!strcasecmp(key, "pubdate") || !strcasecmp(key, "publishdate") ||
                   !strcasecmp(key, "publish-date") || !strcasecmp(key, "date") ||
                   !strcasecmp(key, "dc.date") || !strcasecmp(key, "dc.date.issued") ||
                   !strcasecmp(key, "dcterms.created") || !strcasecmp(key, "sailthru.date") ||
                   !strcasecmp(key, "parsely-pub-date") || !strcasecmp(key, "article.published"))
            set_date(m, false, 4, c, cl);
        }
        xmlFree(p);
        xmlFree(nm);
        xmlFree(ip);
        xmlFree(c);
      } else if (name_is(n, "link")) {
        char *rel = attr(n, "rel"), *href = attr(n, "href");
        if (rel && href && !strcasecmp(rel, "canonical")) set_str(&m->url[1], href, strlen(href));
        xmlFree(rel);
        xmlFree(href);
      } else if (name_is(n, "script")) {
        char *type = attr(n, "type");
        if (type && !strcasecmp(type, "application/ld+json"))
          for (xmlNode *c = n->children; c; c = c->next)
            if (c->content) jsonld((const char *)c->content, strlen((const char *)c->content), m);
        xmlFree(type);
        descend = false;
      } else if (name_is(n, "style")) {
        descend = false;
      } else if (name_is(n, "title") && !m->title[4].n) {
        gather_text(n, &m->title[4], 1000);
      } else if (name_is(n, "h1") && !m->title[3].n) {
        gather_text(n, &m->title[3], 1000);
      } else if (name_is(n, "time")) {
        char *dt = attr(n, "datetime");
        if (dt) set_date(m, false, 6, dt, strlen(dt));
        xmlFree(dt);
      } else {
        char *ip = attr(n, "itemprop"), *rel = attr(n, "rel");
        if (ip && (!strcmp(ip, "datePublished") || !strcmp(ip, "dateModified"))) {
          char *v = attr(n, "content");
          if (!v) v = attr(n, "datetime");
          if (v) set_date(m, ip[4] == 'M', 2, v, strlen(v));
          xmlFree(v);
        }
        if ((rel && !strcasecmp(rel, "author")) || (ip && !strcmp(ip, "author"))) {
          if (!m->byline[2].n) {
            gather_text(n, &m->byline[2], 300);
            if (m->byline[2].n > 120) m->byline[2].n = 0;
          }
        }
        xmlFree(ip);
        xmlFree(rel);
        if (!m->byline[3].n) {
          char *cl = attr(n, "class");
          if (cl) {
            for (char *q = cl; *q; q++) *q = (char)tolower((unsigned char)*q);
            if (strstr(cl, "byline")) {
              gather_text(n, &m->byline[3], 300);
              if (m->byline[3].n > 120) m->byline[3].n = 0;
            }
            xmlFree(cl);
          }
        }
      }
    }
    n = walk_next(n, top, descend);
  }
}

/* Cuts a site-name tail: "Headline | Site", "Headline - Site News". */
static size_t cut_site(const char *s, size_t n) {
  static const char *const seps[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ",
                                     " :: ", " \xC2\xBB ", NULL};
  size_t best = n;
  for (size_t k = 0; seps[k]; k++) {
    size_t m = strlen(seps[k]);
    for (size_t i = n; i-- > 0;) {
      if (i + m > n || memcmp(s + i, seps[k], m)) continue;
      /* the tail: a short name */
      int words = 0;
      for (size_t j = i + m; j < n; j++)
        if (s[j] == ' ') words++;
      if (words <= 4 && i >= 15 && i < best) best = i;
      break;
    }
  }
  return best;
}

/* "By Jane Doe and John Roe, Staff Writers" -> the names. */
static size_t clean_byline(const char *s, size_t n, char *out, size_t cap) {
  while (n && is_ws((unsigned char)*s)) s++, n--;
  if (n > 3 && !strncasecmp(s, "by ", 3)) s += 3, n -= 3;
  while (n && is_ws((unsigned char)*s)) s++, n--;
  size_t e = n;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '|' || s[i] == '\n' || (s[i] == ',' && i > 3)) {
      e = i;
      break;
    }
  while (e && (is_ws((unsigned char)s[e - 1]) || s[e - 1] == ',')) e--;
  if (e >= cap) e = cap - 1;
  memcpy(out, s, e);
  out[e] = '\0';
  return e;
}

/* A short block opening with "By " anywhere in the indexed page. */
static void by_line(page *pg, sbuf *out) {
  for (size_t i = 0; i < pg->n && !out->n; i++) {
    const el *e = &pg->v[i];
    if (e->block != (int32_t)i || e->words < 2 || e->words > 10) continue;
    sbuf t = {0};
    gather_text(e->node, &t, 300);
    if (t.n > 3 && !strncmp(t.s, "By ", 3) && isupper((unsigned char)t.s[3]))
      sb_put(out, t.s, t.n);
    free(t.s);
  }
}

static void meta_free(meta *m) {
  for (int i = 0; i < 5; i++) {
    free(m->title[i].s);
    free(m->byline[i].s);
  }
  free(m->url[0].s);
  free(m->url[1].s);
}

/* ----------------------------------------------------------------- read */

/* An encoding libxml2 knows, or NULL. */
static const char *known_encoding(const char *enc) {
  if (!enc || !enc[0]) return NULL;
  xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(enc);
  if (!h) return NULL;
  xmlCharEncCloseFunc(h);
  return enc;
}

/* libxml2 wants its parser initialised once before threads use it. */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

int dl_read_html(const char *name, const char *buf, size_t len, const dl_html_hints *h,
                 dl_doc **out, dl_err *err) {
  static const dl_html_hints none = {0};
  if (!h) h = &none;
  char where[64] = "";
  if (h->index) snprintf(where, sizeof where, ": record %zu", h->index);
  *out = NULL;
  if (len == 0) return dl_err_set(err, DL_ERROR, "%s%s: empty page", name, where);
  if (len > INT_MAX)
    return dl_err_set(err, DL_ERROR, "%s%s: page too large for the HTML parser", name, where);
  pthread_once(&xml_once, xml_init);
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
             HTML_PARSE_NONET | HTML_PARSE_COMPACT;
  htmlDocPtr hd = htmlReadMemory(buf, (int)len, h->url, known_encoding(h->encoding), opts);
  if (!hd) return dl_err_set(err, DL_ERROR, "%s%s: not an HTML page", name, where);

  dl_doc *doc = NULL;
  page pg = {0};
  meta m;
  memset(&m, 0, sizeof m);
  sbuf body = {0};
  int rc = DL_OK;

  xmlNode *top = hd->children;
  xmlNode *bodyel = NULL, *htmlel = xmlDocGetRootElement(hd);
  for (xmlNode *n = top; n && !bodyel;) {
    if (is_elem(n) && name_is(n, "body")) bodyel = n;
    n = walk_next(n, (xmlNode *)hd, !(is_elem(n) && (name_is(n, "head") || name_is(n, "script"))));
  }
  if (!htmlel) {
    rc = dl_err_set(err, DL_ERROR, "%s%s: no HTML elements in the page", name, where);
    goto done;
  }
  for (xmlNode *n = top; n; n = n->next) collect_meta(n, &m);
  rc = index_tree(bodyel ? bodyel : htmlel, &pg);
  if (rc) goto nomem;
  int32_t best = choose(&pg);
  if (best >= 0) write_body(&pg, best, &body);
  if (body.oom) goto nomem;
  if (body.n == 0) {
    rc = dl_err_set(err, DL_ERROR, "%s%s: no article text found in the page", name, where);
    goto done;
  }
  if (!m.byline[0].n && !m.byline[1].n && !m.byline[2].n && !m.byline[3].n)
    by_line(&pg, &m.byline[4]);

  doc = dl_doc_new();
  if (!doc) goto nomem;
  if (dl_doc_set_meta(doc, "source", name, strlen(name))) goto nomem;
  if (dl_doc_set_body(doc, body.s, body.n)) goto nomem;
  for (int i = 0; i < 5; i++) {
    sbuf *t = &m.title[i];
    if (!t->n) continue;
    size_t n = (i == 0 || i == 1 || i == 4) ? cut_site(t->s, t->n) : t->n;
    if (dl_doc_set_meta(doc, "title", t->s, n)) goto nomem;
    break;
  }
  for (int i = 0; i < 5; i++) {
    sbuf *t = &m.byline[i];
    if (!t->n) continue;
    char nb[256];
    size_t k = clean_byline(t->s, t->n, nb, sizeof nb);
    if (!k) continue;
    if (dl_doc_set_meta(doc, "byline", nb, k)) goto nomem;
    break;
  }
  {
    const char *u = h->url;
    size_t ul = u ? strlen(u) : 0;
    if (!u && m.url[0].n) u = m.url[0].s, ul = m.url[0].n;
    if (!u && m.url[1].n) u = m.url[1].s, ul = m.url[1].n;
    if (u && dl_doc_set_meta(doc, "url", u, ul)) goto nomem;
  }
  if (m.pub_rank && dl_doc_set_meta(doc, "published", m.pub.s, strlen(m.pub.s))) goto nomem;
  if (m.upd_rank && dl_doc_set_meta(doc, "updated", m.upd.s, strlen(m.upd.s))) goto nomem;
  {
    const char *d = m.pub_rank ? m.pub.s : m.upd_rank ? m.upd.s : h->date;
    if (d && strlen(d) >= 10) {
      char ymd[11];
      memcpy(ymd, d, 10);
      ymd[10] = '\0';
      if (dl_doc_set_ref_date(doc, ymd, DL_DATE_META)) goto nomem;
    }
  }
  if (h->id) {
    if (dl_doc_set_meta(doc, "id", h->id, strlen(h->id))) goto nomem;
  } else if (dl_read_id_from_name(doc, name)) { /* "page.html.gz" is "page" */
    goto nomem;
  }
  dl_read_find_dateline(doc);
  goto done;

nomem:
  rc = dl_err_set(err, DL_NOMEM, "%s: out of memory", name);
done:
  if (rc) {
    dl_doc_free(doc);
    doc = NULL;
  }
  meta_free(&m);
  free(body.s);
  free(pg.v);
  xmlFreeDoc(hd);
  *out = doc;
  return rc;
}
