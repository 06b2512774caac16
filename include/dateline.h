/*
 * dateline.h -- the public interface of libdateline.
 *
 * Dateline turns English news into political event data. A document flows
 * one way through a chain of stages, each adding a layer to it:
 *
 *     read -> text -> nlp -> time + actors -> events -> store | out
 *
 *   dl_reader   raw bytes (plain text, JSONL, HTML, WARC, PETRARCH XML; any
 *               of them gzipped) -> dl_doc with body text and metadata
 *               (title, byline, dates, source, url)
 *   dl_text     tokens with byte offsets, sentences, paragraphs, quotations
 *   dl_nlp      part-of-speech tags, lemmas, dependency tree
 *
 * Every stage is a function over one document:
 *
 *     int dl_X_run(const dl_X *stage, dl_doc *doc, dl_err *err);
 *
 * A document owns one arena; every annotation a stage adds lives in it and
 * dies with dl_doc_free(). Stage handles (models, dictionaries) are read-only
 * once loaded and may be shared by any number of threads, each working on its
 * own documents.
 *
 * Conventions
 *   - Functions return a status code (DL_OK on success) and, on failure,
 *     fill the dl_err the caller passes (which may be NULL).
 *   - Inputs are pointer + length; nothing depends on NUL termination.
 *   - Pointers returned by accessors are borrowed: they stay valid until the
 *     object they came from is freed. Functions that hand ownership to the
 *     caller say so, and name the function that frees.
 *   - Every _free() accepts NULL.
 *   - The library never aborts on bad input or on running out of memory.
 */
#ifndef DATELINE_H
#define DATELINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DL_VERSION "0.1.0"

/* ---------------------------------------------------------------- status */

/* Status codes returned by every fallible function. */
enum {
  DL_OK = 0,      /* success */
  DL_ERROR = 1,   /* bad input: the record is skipped, the batch goes on */
  DL_NOMEM = 2,   /* out of memory */
  DL_IO = 3,      /* a file could not be opened, read or written */
  DL_CORRUPT = 4, /* a model or dictionary file is malformed */
  DL_MISUSE = 5,  /* the API was called wrongly */
  DL_DB = 6       /* the database failed */
};

/* Error detail: the status code and a message of the form
 * "FILE:LINE: reason" (or "FILE: reason" when no line applies). */
typedef struct dl_err {
  int code;
  char msg[512];
} dl_err;

/* A short English name of a status code ("out of memory"). Never NULL. */
const char *dl_status_name(int code);

/* Sets err (if not NULL) to code and a printf-style message; returns code. */
int dl_err_set(dl_err *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* -------------------------------------------------------------- document */

typedef struct dl_doc dl_doc;

/* Where the document's reference date came from. */
typedef enum {
  DL_DATE_NONE = 0, /* no date known */
  DL_DATE_TEXT,     /* a "Posted ..." line or a dateline in the text */
  DL_DATE_META,     /* a metadata field (JSONL date, PETRARCH date attribute) */
  DL_DATE_GIVEN     /* given by the caller (--date) */
} dl_date_source;

/* The document's metadata. Strings are NUL-terminated UTF-8 in the
 * document's arena, or NULL when unknown. */
typedef struct dl_meta {
  const char *id;        /* document id: file stem, JSONL id, sentence id */
  const char *title;     /* headline */
  const char *byline;    /* author name(s), without "By" */
  const char *published; /* ISO 8601: YYYY-MM-DD or YYYY-MM-DDTHH:MM */
  const char *updated;   /* ISO 8601, as published */
  const char *source;    /* file name, or the source field of a record */
  const char *url;       /* the article's URL when known */
  const char *dateline;  /* wire dateline ("SEOUL, Feb. 21 (Yonhap)") */
  const char *ref_date;  /* reference date YYYY-MM-DD for resolving times */
  dl_date_source date_source;
  uint32_t line;         /* 1-based line of the record in its file */
} dl_meta;

/* A byte range [start, end) in the document body. */
typedef struct dl_span {
  uint32_t start, end;
} dl_span;

/* Token flags. */
enum {
  DL_TOK_SPACE_AFTER = 1u << 0, /* whitespace follows in the body */
  DL_TOK_PARA_START = 1u << 1,  /* first token of a paragraph */
  DL_TOK_SENT_START = 1u << 2,  /* first token of a sentence */
  DL_TOK_IN_QUOTE = 1u << 3,    /* inside a quotation span */
  DL_TOK_QUOTE_MARK = 1u << 4,  /* an opening or closing quotation mark */
  DL_TOK_LINE_END = 1u << 5     /* a line break follows (within a paragraph) */
};

/* One token. Offsets are bytes into the body text; `form` is the token
 * normalised (curly apostrophes and quotes as ASCII, NUL-terminated).
 * The nlp fields are zero / NULL / -1 until dl_nlp_run() fills them. */
typedef struct dl_token {
  uint32_t start, end; /* byte range in the body */
  uint32_t sent;       /* 0-based sentence index */
  uint16_t flags;      /* DL_TOK_* */
  uint8_t upos;        /* DL_UPOS_*; see dl_upos_name() */
  uint8_t xpos;        /* Penn tag index; see dl_xpos_name() */
  uint8_t deprel;      /* UD relation index; see dl_deprel_name() */
  int32_t head;        /* document index of the head token, -1 for root */
  const char *form;    /* normalised form */
  const char *lemma;   /* lemma, after tagging */
} dl_token;

/* One sentence: byte range and token range [tok_begin, tok_end). */
typedef struct dl_sentence {
  uint32_t start, end;
  uint32_t tok_begin, tok_end;
  uint32_t para; /* 0-based paragraph index */
} dl_sentence;

/* Quotation kinds. */
typedef enum {
  DL_QUOTE_DIRECT = 0, /* a quoted clause or sentence(s) */
  DL_QUOTE_PARTIAL     /* a quoted phrase inside the writer's sentence */
} dl_quote_kind;

/* Quotation flags. */
enum {
  DL_QUOTE_OPEN_END = 1u << 0,  /* runs on into the next paragraph */
  DL_QUOTE_CONTINUED = 1u << 1, /* continues one from the previous paragraph */
  DL_QUOTE_UNCLOSED = 1u << 2   /* no closing mark found before the end */
};

/* A quotation: bytes [start, end) including its marks, the content range
 * without marks, and the tokens it covers. */
typedef struct dl_quote_span {
  uint32_t start, end;
  uint32_t inner_start, inner_end;
  uint32_t tok_begin, tok_end;
  uint32_t sent_begin, sent_end; /* sentences touched, [begin, end) */
  uint8_t kind;                  /* dl_quote_kind */
  uint8_t flags;                 /* DL_QUOTE_* */
} dl_quote_span;

/* Creates an empty document with its own arena. Returns NULL when out of
 * memory. Free with dl_doc_free(). */
dl_doc *dl_doc_new(void);

/* Frees the document and everything in its arena. NULL is a no-op. */
void dl_doc_free(dl_doc *doc);

/* Sets the body text. The bytes are copied into the arena, invalid UTF-8
 * sequences become U+FFFD (a warning is recorded on the document),
 * non-breaking and other odd spaces become plain spaces, zero-width
 * characters and soft hyphens are dropped, and CR LF becomes LF.
 * Returns DL_OK or DL_NOMEM. */
int dl_doc_set_body(dl_doc *doc, const char *text, size_t len);

/* Sets one metadata string (copied into the arena; len bytes). The field
 * is named by the dl_meta member name: "id", "title", "byline",
 * "published", "updated", "source", "url", "dateline", "ref_date".
 * Returns DL_OK, DL_NOMEM, or DL_MISUSE for an unknown field. */
int dl_doc_set_meta(dl_doc *doc, const char *field, const char *val, size_t len);

/* Sets the reference date (YYYY-MM-DD) and where it came from. */
int dl_doc_set_ref_date(dl_doc *doc, const char *ymd, dl_date_source src);

/* The body text and its length in bytes (valid UTF-8, NUL-terminated). */
const char *dl_doc_body(const dl_doc *doc, size_t *len);

/* The metadata (never NULL). Writable fields go through dl_doc_set_meta. */
const dl_meta *dl_doc_meta(const dl_doc *doc);

/* The layers. Each returns the array and stores its length in *n; the
 * array is empty (n = 0) until the stage that writes it has run. */
const dl_span *dl_doc_paragraphs(const dl_doc *doc, size_t *n);
const dl_sentence *dl_doc_sentences(const dl_doc *doc, size_t *n);
const dl_token *dl_doc_tokens(const dl_doc *doc, size_t *n);
const dl_quote_span *dl_doc_quotes(const dl_doc *doc, size_t *n);

/* Warnings recorded while reading or normalising ("invalid UTF-8 ...").
 * Each is a full message naming the file and line. */
size_t dl_doc_warning_count(const dl_doc *doc);
const char *dl_doc_warning(const dl_doc *doc, size_t i);

/* Records a warning on the document (printf-style). */
void dl_doc_warn(dl_doc *doc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Allocates n bytes (aligned for any type, zeroed) in the document's arena.
 * Returns NULL when out of memory. Freed with the document. */
void *dl_doc_alloc(dl_doc *doc, size_t n);

/* Copies len bytes into the arena and NUL-terminates them. */
char *dl_doc_strndup(dl_doc *doc, const char *s, size_t len);

/* ---------------------------------------------------------------- reader */

/* Input formats. DL_FMT_AUTO chooses from the file name and first bytes.
 * Any of them may be gzip-compressed (.gz, or the gzip magic bytes): the
 * reader decompresses before it sniffs. */
typedef enum {
  DL_FMT_AUTO = 0,
  DL_FMT_TEXT,     /* one scraped article per file, site chrome included */
  DL_FMT_JSONL,    /* one article per line (crawler field names) */
  DL_FMT_PETRARCH, /* PETRARCH validation XML: one document per <Sentence> */
  DL_FMT_HTML,     /* one article per HTML page; boilerplate removed */
  DL_FMT_WARC      /* WARC crawl: one document per HTML response record */
} dl_format;

/* Name of a format ("text", "jsonl", "petrarch", "html", "warc"), or NULL. */
const char *dl_format_name(dl_format fmt);

/* Parses a format name; returns DL_OK or DL_MISUSE. */
int dl_format_parse(const char *name, dl_format *out);

typedef struct dl_reader dl_reader;

/* Limits and defaults for readers. Zero fields take the defaults. */
typedef struct dl_read_opts {
  dl_format format;       /* DL_FMT_AUTO by default */
  size_t max_doc_bytes;   /* largest document accepted (default 16 MiB) */
  size_t max_line_bytes;  /* longest line in a text article (default 1 MiB) */
} dl_read_opts;

/* Opens a file for reading documents. `path` "-" reads standard input.
 * Returns DL_OK, DL_IO (cannot open), DL_NOMEM. Free with
 * dl_reader_free(). */
int dl_reader_open(const char *path, const dl_read_opts *opts, dl_reader **out,
                   dl_err *err);

/* Opens a reader over a memory buffer (copied). `name` names it in
 * messages. */
int dl_reader_open_mem(const char *name, const void *buf, size_t len,
                       const dl_read_opts *opts, dl_reader **out, dl_err *err);

/* Reads the next document. On DL_OK, *doc is a new document (the caller
 * frees it with dl_doc_free()) or NULL at the end of the input. On
 * DL_ERROR the current record was bad (err says which file and line and
 * why) and the reader has moved past it: call again for the next one. Any
 * other status ends the input. */
int dl_reader_next(dl_reader *r, dl_doc **doc, dl_err *err);

/* The format the reader settled on. */
dl_format dl_reader_format(const dl_reader *r);

/* Bytes of the input consumed so far (for progress reports); 0 when the
 * input is a pipe. */
uint64_t dl_reader_offset(const dl_reader *r);

void dl_reader_free(dl_reader *r);

/* Reads one scraped plain-text article from memory into a new document:
 * finds title, byline, published/updated times, dateline and body, and
 * drops site chrome. Used by the text reader; exposed for tests. */
int dl_read_text(const char *name, const char *buf, size_t len,
                 const dl_read_opts *opts, dl_doc **out, dl_err *err);

/* ------------------------------------------------------------ text stage */

typedef struct dl_text dl_text;

/* Creates the text stage (tokenizer, sentence splitter, quotations).
 * Free with dl_text_free(). */
int dl_text_new(dl_text **out, dl_err *err);
void dl_text_free(dl_text *t);

/* Tokenizes the body, splits paragraphs and sentences, finds quotations.
 * Idempotent layers: running it twice replaces them. */
int dl_text_run(const dl_text *t, dl_doc *doc, dl_err *err);

/* Tokenizes and sentence-splits arbitrary text into a fresh document, with
 * paragraphs at blank lines. Convenience for evaluation and tests. */
int dl_text_parse_string(const dl_text *t, const char *s, size_t len,
                         dl_doc **out, dl_err *err);

/* ------------------------------------------------------------ time stage */

/* Kinds of temporal expression (TIMEX3 types). */
typedef enum {
  DL_TIMEX_DATE = 0, /* a calendar date, week, month, year, quarter ... */
  DL_TIMEX_TIME,     /* a time of day (with or without its date) */
  DL_TIMEX_DURATION, /* "two-day", "three years": an amount of time */
  DL_TIMEX_SET       /* "every week": a recurrence */
} dl_timex_type;

/* Timex flags. */
enum {
  DL_TIMEX_VAGUE = 1u << 0,    /* "in recent days": recognised, no value */
  DL_TIMEX_RELATIVE = 1u << 1, /* needed the reference date ("Saturday") */
  DL_TIMEX_RANGE = 1u << 2,    /* "Feb. 27-28": value is start/end */
  DL_TIMEX_FUTURE = 1u << 3    /* resolved to the future of the reference */
};

/* A temporal expression found in the body. `value` is an ISO 8601 /
 * TIMEX3 value ("2019-02-27", "2019-W09", "2018-06", "2019-01/2019-02",
 * "P2D", "2018-12-03T08:10", "PRESENT_REF") or NULL when it cannot be
 * resolved (vague, or no reference date). */
typedef struct dl_timex {
  uint32_t start, end;         /* byte range in the body */
  uint32_t tok_begin, tok_end; /* token range */
  uint32_t sent;               /* 0-based sentence index */
  uint8_t type;                /* dl_timex_type */
  uint8_t flags;               /* DL_TIMEX_* */
  const char *value;           /* in the document arena, or NULL */
} dl_timex;

typedef struct dl_time dl_time;

/* Creates the time stage (no files to load). Free with dl_time_free(). */
int dl_time_new(dl_time **out, dl_err *err);
void dl_time_free(dl_time *t);

/* Finds and resolves the temporal expressions of a document against its
 * reference date (dl_meta.ref_date; without one, expressions that need it
 * get a NULL value). Needs the text stage; uses the parse when present. */
int dl_time_run(const dl_time *t, dl_doc *doc, dl_err *err);

/* The timex layer (empty until dl_time_run). */
const dl_timex *dl_doc_timexes(const dl_doc *doc, size_t *n);

/* The temporal expression covering token tok, or NULL (a bisection: the
 * layer is in token order). */
const dl_timex *dl_doc_timex_at(const dl_doc *doc, uint32_t tok);

/* Where the date of a predicate came from. */
typedef enum {
  DL_WHEN_NONE = 0,  /* no date: no expression and no reference date */
  DL_WHEN_ATTACHED,  /* an expression attached to the predicate or its noun */
  DL_WHEN_REPORTING, /* the date of the reporting verb governing it */
  DL_WHEN_DATELINE,  /* the wire dateline's date */
  DL_WHEN_REFERENCE  /* the document's reference date */
} dl_when_source;

/* The date of a predicate (dl_time_when). */
typedef struct dl_when {
  const char *value;     /* ISO value ("2019-02-27", "2018-06", "2019-W09") or NULL */
  const dl_timex *timex; /* the expression it came from, or NULL */
  dl_when_source source;
  char precision;        /* 'Y' year, 'Q' quarter, 'M' month, 'W' week, 'D' day,
                            'T' time of day, 0 none */
  int future;            /* 1 when it lies after the reference date */
} dl_when;

/* The date a predicate (the token of its verb or event noun) happened or
 * will happen: the expression attached to it in the dependency tree
 * (obl:tmod, obl with on/in/at/during, nmod), else the date of the
 * reporting verb that governs it ("Trump said Saturday that ..."), else
 * the reference date. Without a parse, the nearest expression in the
 * sentence. Needs dl_time_run. */
int dl_time_when(const dl_doc *doc, uint32_t tok, dl_when *out);

/* ---------------------------------------------------------- actors stage */

/* What a mention names. */
typedef enum {
  DL_MENTION_PERSON = 0,
  DL_MENTION_ORG,     /* organisations, governments as institutions, seats */
  DL_MENTION_COUNTRY, /* countries and their people ("North Korea", "the North") */
  DL_MENTION_PLACE    /* places as locations ("in Hanoi") */
} dl_mention_kind;

/* Mention flags. */
enum {
  DL_MENTION_COREF = 1u << 0,    /* resolved through an earlier mention */
  DL_MENTION_METONYM = 1u << 1,  /* a capital or seat standing for a government */
  DL_MENTION_PLURAL = 1u << 2,   /* "the two leaders", "both sides", "they" */
  DL_MENTION_PRONOUN = 1u << 3,  /* he, she, it, they */
  DL_MENTION_MODIFIER = 1u << 4, /* an adjective not heading its phrase ("North
                                    Korean nuclear program") */
  DL_MENTION_UNKNOWN = 1u << 5   /* a person not in the dictionaries, coded from
                                    title and nationality */
};

/* A mention of an actor or a place. Strings live in the document arena or
 * in the dictionaries (which outlive the documents coded with them). */
typedef struct dl_mention {
  uint32_t start, end;         /* byte range in the body */
  uint32_t tok_begin, tok_end; /* token range */
  uint32_t sent;               /* 0-based sentence index */
  uint8_t kind;                /* dl_mention_kind */
  uint8_t flags;               /* DL_MENTION_* */
  int32_t antecedent;          /* mention it refers back to, or -1 */
  int32_t antecedent2;         /* the second one of a plural, or -1 */
  const char *entity;          /* canonical name ("Donald Trump") or NULL */
  const char *code;            /* CAMEO actor code ("USAGOV") or NULL */
  char country[4];             /* ISO alpha-3, or "" */
  double lat, lon;             /* places: coordinates; otherwise 0 */
  const char *admin1;          /* places: the first-level region ("California",
                                  "Hanoi") when the gazetteer gives it, or NULL */
} dl_mention;

typedef struct dl_actors dl_actors;

/* Creates an empty set of actor dictionaries. Free with dl_actors_free(). */
int dl_actors_new(dl_actors **out, dl_err *err);
void dl_actors_free(dl_actors *a);

/* Loads a dictionary file into the set: Dateline's own format (a file
 * starting with "@kind"; docs/dictionaries.md), or PETRARCH/TABARI actor,
 * agent and discard files (told apart by their content). Malformed lines
 * are skipped with a warning "FILE:LINE: reason"; so are conflicting
 * entries (naming both lines) and date ranges ending before they start.
 * Returns DL_OK, DL_IO (cannot read), DL_CORRUPT (nothing usable), or
 * DL_NOMEM. */
int dl_actors_load(dl_actors *a, const char *path, dl_err *err);

/* Loads every dictionary of Dateline's own format in a directory
 * (countries, orgs, agents, people, places, seats). */
int dl_actors_load_dir(dl_actors *a, const char *dir, dl_err *err);

/* Loads a GeoNames table (cities1000.txt: tab-separated, name, alternate
 * names, latitude, longitude, country code ISO alpha-2, admin-1 code,
 * population). When GeoNames' admin1CodesASCII.txt (code "US.CA", name)
 * is in the same directory, places carry their first-level region's name
 * (dl_mention.admin1). */
int dl_actors_load_geonames(dl_actors *a, const char *path, dl_err *err);

/* Warnings gathered while loading, and counts of what was loaded. */
size_t dl_actors_warning_count(const dl_actors *a);
const char *dl_actors_warning(const dl_actors *a, size_t i);
size_t dl_actors_entry_count(const dl_actors *a);

/* Finds and codes the mentions of a document: longest dictionary match
 * over tokens, composition of country + role + person ("North Korean
 * leader Kim Jong Un" -> PRKGOV), people coded by the office they held on
 * the reference date, capitals and seats standing for governments when
 * they act, places with coordinates, and in-document coreference (a later
 * surname, role, "the regime", "both sides", subject pronouns). */
int dl_actors_run(const dl_actors *a, dl_doc *doc, dl_err *err);

/* The mention layer (empty until dl_actors_run). */
const dl_mention *dl_doc_mentions(const dl_doc *doc, size_t *n);

/* ---------------------------------------------------------- events stage */

/* How an event is reported. Only asserted events are taken to have
 * happened; the others are kept and labelled. */
typedef enum {
  DL_MODE_ASSERTED = 0,
  DL_MODE_NEGATED,     /* "has not taken sanctions off" */
  DL_MODE_FUTURE,      /* "will start", "plans to" */
  DL_MODE_HYPOTHETICAL,/* "should", "could", "to seek" under a noun */
  DL_MODE_CONDITIONAL  /* "if", "unless", "whether" */
} dl_mode;

/* Name of a mode ("asserted", "negated", ...). */
const char *dl_mode_name(int mode);

/* One side of an event: the mention it comes from (an index into the
 * mention layer, or -1), with what the mention says. */
typedef struct dl_event_actor {
  int32_t mention;
  const char *code;   /* "USAGOV", or NULL when the text names no one */
  const char *entity; /* "Donald Trump", or NULL */
  char country[4];
} dl_event_actor;

/* A coded event. */
typedef struct dl_event {
  uint32_t sent;          /* 0-based sentence index */
  uint32_t trigger;       /* token of the verb or event noun */
  dl_event_actor source, target;
  const char *cameo;      /* CAMEO code ("044") */
  char root[3];           /* its two-digit root */
  int quad;               /* quad class 1-4 */
  double goldstein;
  const char *plover;     /* PLOVER type or NULL */
  uint8_t mode;           /* dl_mode */
  const char *date;       /* ISO value or NULL */
  const dl_timex *date_timex; /* the expression the date comes from, or NULL */
  int32_t place;          /* mention index of the place, or -1 */
} dl_event;

/* A quotation with its speaker. */
typedef struct dl_quote {
  uint32_t span;          /* index into the quotation layer (dl_doc_quotes) */
  int32_t speaker;        /* mention index of the speaker, or -1 */
  uint32_t cue;           /* token of the speech verb, or UINT32_MAX */
  uint32_t who_begin, who_end; /* with speaker -1: the tokens of a speaker
                                  no actor names ("said Caddell", "one
                                  questioner asked"); who_end == who_begin
                                  when there is none */
} dl_quote;

typedef struct dl_events dl_events;

/* Creates the event coder with no lexicon; load one with
 * dl_events_load_dir (data/cameo.tsv and data/verbs.txt) or
 * dl_events_load. Free with dl_events_free(). */
int dl_events_new(dl_events **out, dl_err *err);
void dl_events_free(dl_events *e);
int dl_events_load_dir(dl_events *e, const char *dir, dl_err *err);

/* Loads a code table (TSV with a header) or a verb lexicon (@kind verbs),
 * told apart by content. Bad lines are warnings "FILE:LINE: reason". */
int dl_events_load(dl_events *e, const char *path, dl_err *err);
/* A PETRARCH verb file (CAMEO.2.0.txt and the like: "--- VERB [code] ---"
 * blocks) is also accepted; once one is loaded, events are coded with its
 * patterns alone (petr.c tells how).
 * Sets a coding option of a PETRARCH dictionary, as PETRARCH's <Config>
 * and config file name them; an option keeps its value until set again:
 *   "require_dyad"      "true" or "false": whether both sides must be
 *                       coded (default true)
 *   "new_actor_length"  N: a noun phrase of at most N words that names no
 *                       actor of the dictionaries is an actor coded by its
 *                       quoted upper-case text ("\"THE MINISTRY OF MAGIC\"");
 *                       0 (the default) turns this off
 *   "comma_bmin", "comma_bmax"  initial clause (start to first comma)
 *   "comma_min",  "comma_max"   internal clause (between two commas)
 *   "comma_emin", "comma_emax"  terminal clause (last comma to the end)
 *                       a comma-delimited clause whose length in words lies
 *                       within its bounds is left out before coding; a max
 *                       of 0 turns that kind off (defaults 0/0, 2/8, 2/8)
 * DL_MISUSE when the name is unknown or the value bad (nothing changes). */
int dl_events_set_option(dl_events *e, const char *name, const char *value, dl_err *err);
size_t dl_events_warning_count(const dl_events *e);
const char *dl_events_warning(const dl_events *e, size_t i);

/* Codes the events and attributes the quotations of a document (after the
 * text, nlp, time and actors stages). */
int dl_events_run(const dl_events *e, dl_doc *doc, dl_err *err);

/* Which sentences of a tagged (not yet parsed) document the coder could
 * code from, so that a pipeline parses only those (dl_nlp_parse()): for
 * each sentence s, want[s] (one byte per sentence) gets DL_WANT_TRIGGER
 * when it has a word the lexicon has patterns for (a verb or noun lemma
 * of data/verbs.txt), DL_WANT_QUOTE when a quotation touches it (its
 * speaker is read off the parse), 0 when neither: nothing reads its
 * parse. An event also needs two actors, which a pipeline may check
 * before parsing too (dl_events_mark_actors). With a PETRARCH verb dictionary
 * loaded, or on an untagged document, every sentence gets
 * DL_WANT_TRIGGER. Returns the number of sentences with a flag. */
enum { DL_WANT_TRIGGER = 1, DL_WANT_QUOTE = 2 };
size_t dl_events_mark(const dl_events *e, const dl_doc *doc, uint8_t *want);

/* The second half of that check, after dl_actors_run() on the tagged
 * document: clears DL_WANT_TRIGGER where the sentence has no two coded
 * mentions that can be an event's source and target (by the coder's own
 * rules), counting "it" and "they" as possible actors. Returns the number
 * of sentences still flagged. */
size_t dl_events_mark_actors(const dl_doc *doc, uint8_t *want);

/* The event and quote layers (empty until dl_events_run). */
const dl_event *dl_doc_events(const dl_doc *doc, size_t *n);
const dl_quote *dl_doc_quote_records(const dl_doc *doc, size_t *n);

/* ---------------------------------------------------------------- output */

/* Output formats of the record writer. */
typedef enum {
  DL_OUT_JSONL = 0, /* the contract of DESIGN.md: one JSON record a line */
  DL_OUT_TSV,       /* tab-separated rows, first column the record type */
  DL_OUT_TABLE      /* aligned text for people */
} dl_out_format;

/* Name of a date source: "text", "meta", "given", "none". */
const char *dl_date_source_name(dl_date_source src);

typedef struct dl_writer dl_writer;

/* Creates a writer of records to fp (borrowed; the caller closes it).
 * Free with dl_writer_free(). */
int dl_writer_new(FILE *fp, dl_out_format fmt, dl_writer **out, dl_err *err);

/* Writes every record of one document (doc, then the layers later stages
 * add). Returns DL_OK, or DL_IO when the stream fails. */
int dl_writer_write(dl_writer *w, const dl_doc *doc, dl_err *err);

/* Flushes the stream; DL_IO if anything failed to be written. */
int dl_writer_finish(dl_writer *w, dl_err *err);

void dl_writer_free(dl_writer *w);

/* Writes everything the pipeline knows about one document as a single
 * JSON object (metadata, paragraphs, sentences, tokens, quotations) and a
 * newline. Returns DL_OK or DL_IO. */
int dl_write_annotation(FILE *fp, const dl_doc *doc, int pretty, dl_err *err);

/* Writes the same as plain text for people and golden tests: metadata
 * lines, then the sentences numbered one a line with their paragraph, then
 * the quotations. Returns DL_OK or DL_IO. */
int dl_write_annotation_text(FILE *fp, const dl_doc *doc, dl_err *err);

/* ------------------------------------------------------------- nlp stage */

/* Universal POS tags, in this order. */
enum {
  DL_UPOS_NONE = 0,
  DL_UPOS_ADJ, DL_UPOS_ADP, DL_UPOS_ADV, DL_UPOS_AUX, DL_UPOS_CCONJ,
  DL_UPOS_DET, DL_UPOS_INTJ, DL_UPOS_NOUN, DL_UPOS_NUM, DL_UPOS_PART,
  DL_UPOS_PRON, DL_UPOS_PROPN, DL_UPOS_PUNCT, DL_UPOS_SCONJ, DL_UPOS_SYM,
  DL_UPOS_VERB, DL_UPOS_X,
  DL_UPOS_COUNT
};

typedef struct dl_nlp dl_nlp;

/* Loads model_dir/tagger.dlm and model_dir/parser.dlm (memory-mapped).
 * Returns DL_OK and a handle in *out (free with dl_nlp_free()), DL_IO when
 * a file is missing or unreadable, DL_CORRUPT (with a message naming the
 * file and the fault) when one is malformed, DL_NOMEM. */
int dl_nlp_load(const char *model_dir, dl_nlp **out, dl_err *err);

/* Unmaps the models and frees the handle. NULL is a no-op. */
void dl_nlp_free(dl_nlp *nlp);

/* Tags, lemmatizes and parses every sentence of doc, whose tokens and
 * sentences the text stage made: fills upos, xpos, lemma, head and deprel
 * of each dl_token (head is a document token index, -1 for the root).
 * Scratch memory comes from the document's arena. A loaded dl_nlp is
 * read-only: any number of threads may run it at once on their own
 * documents. Returns DL_OK, DL_NOMEM, or DL_MISUSE for NULL arguments. */
int dl_nlp_run(const dl_nlp *nlp, dl_doc *doc, dl_err *err);

/* dl_nlp_run() in two steps, so a pipeline can parse only the sentences
 * a later stage will read the parse of (see dl_events_mark()).
 * dl_nlp_tag() fills upos, xpos and lemma of every token, with head -1
 * and deprel 0; dl_nlp_parse() then fills head and deprel of the
 * sentences s with want[s] != 0 (every sentence when want is NULL).
 * Same returns as dl_nlp_run(). */
int dl_nlp_tag(const dl_nlp *nlp, dl_doc *doc, dl_err *err);
int dl_nlp_parse(const dl_nlp *nlp, dl_doc *doc, const uint8_t *want, dl_err *err);

/* Names of tag and relation indexes ("NOUN", "NNS", "nsubj:pass"); "_"
 * for 0 or an index out of range. */
const char *dl_upos_name(int upos);
const char *dl_xpos_name(int xpos);
const char *dl_deprel_name(int deprel);

/* Inverse lookups; return 0 when the name is unknown. */
int dl_upos_from_name(const char *name);
int dl_xpos_from_name(const char *name);
int dl_deprel_from_name(const char *name);

/* ================================================================
 * Store, queries and reports (src/store/, src/out/, src/report/)
 *
 * Coded documents go into an embedded SQLite database (WAL journal, the
 * schema in docs/schema.md): documents, sentences (with an FTS5 index when
 * the SQLite library has it), events, quotes and mentions. A document is
 * keyed by a 64-bit hash of its id, source and body, so storing it twice is a
 * no-op and an interrupted ingest resumes where it stopped. Queries take
 * every value as a bound parameter.
 *
 * The same event reported by several documents (same date, source, target
 * and CAMEO code) is one event: queries return it once with every report
 * counted and every source listed (dl_filter.per_doc gives the records).
 * ================================================================ */

typedef struct dl_store dl_store;

/* How to open a store. */
typedef enum {
  DL_STORE_READ = 0, /* queries only; the file must exist */
  DL_STORE_WRITE     /* create the file and schema when missing */
} dl_store_mode;

/* Opens (and with DL_STORE_WRITE creates) the database at path. Returns
 * DL_OK and a handle in *out (close with dl_store_close()), DL_IO when the
 * file cannot be opened or does not exist for reading, DL_DB when it is not
 * a Dateline store or SQLite fails, DL_NOMEM. */
int dl_store_open(const char *path, dl_store_mode mode, dl_store **out, dl_err *err);

/* Commits any open batch and closes the database. NULL is a no-op. */
void dl_store_close(dl_store *s);

/* Whether full-text search (FTS5) is available in this store. Without it
 * text filters scan the sentences with LIKE. */
int dl_store_has_fts(const dl_store *s);

/* A 64-bit hash (FNV-1a) of the document's id, source and body: its
 * identity in the store. */
uint64_t dl_doc_hash(const dl_doc *doc);

/* Whether a document with this hash is stored: *found is 1 or 0. On a
 * store opened for writing: stored when the handle last read the hashes
 * (its first call or batch, and the start of each batch since), or added
 * through the handle (its open batch too); the hashes are kept in memory,
 * 16 bytes a document. On
 * one opened for reading: among the documents stored when it was first
 * asked (their hashes are then kept in memory, 16 bytes a document, for
 * an ingest to skip what an earlier run stored). Returns DL_OK, DL_DB or
 * DL_NOMEM. */
int dl_store_has_doc(dl_store *s, uint64_t hash, int *found, dl_err *err);

/* Stores a coded document with its sentences, events, quotes and mentions
 * in the open batch (starting one when none is open). *added (may be NULL)
 * is 0 when a document with the same hash was already there, which is not
 * an error. Returns DL_OK, or DL_DB / DL_NOMEM after rolling the whole
 * open batch back (so no document is ever stored in part). Nothing is
 * durable before dl_store_commit(). */
int dl_store_add(dl_store *s, const dl_doc *doc, int *added, dl_err *err);

/* Commits the open batch (a no-op when none is open). Returns DL_OK or
 * DL_DB. */
int dl_store_commit(dl_store *s, dl_err *err);

/* Loads the CAMEO code table (data/cameo.tsv: code, name, goldstein, quad,
 * plover, root) into the store, so queries can name the codes. */
int dl_store_load_codes(dl_store *s, const char *path, dl_err *err);

/* Row counts of the main tables. */
typedef struct dl_store_counts {
  int64_t documents, sentences, events, quotes, mentions;
} dl_store_counts;
int dl_store_count(dl_store *s, dl_store_counts *out, dl_err *err);

/* What a query selects. Every field is optional (NULL or 0: no filter).
 * An actor value matches a code by prefix ("USA" matches USAGOV) or an
 * entity by name ("Donald Trump", any case). Dates are YYYY, YYYY-MM or
 * YYYY-MM-DD and both ends are inclusive ("--to 2019-03" takes March);
 * an event is placed on the first day its date covers. */
typedef struct dl_filter {
  const char *source, *target; /* directed */
  const char *dyad_a, *dyad_b; /* undirected: a -> b or b -> a */
  const char *actor;           /* either side */
  const char *root;            /* two-digit CAMEO root ("04") */
  const char *code;            /* CAMEO code or its parent ("044", "04") */
  const char *mode;            /* "asserted", "negated", ... */
  const char *from, *to;       /* date range */
  const char *text;            /* words the sentence contains (all of them) */
  const char *speaker;         /* code prefix, entity or words of the quotes'
                                  speaker; of events' source */
  int per_doc;                 /* 1: one row per document's record */
  int64_t limit;               /* at most this many rows (0: all) */
} dl_filter;

/* An actor of a stored event. Strings may be NULL. */
typedef struct dl_stored_actor {
  const char *code, *entity, *country, *text;
} dl_stored_actor;

/* One event as queries return it. Strings are borrowed for the duration
 * of the callback and may be NULL. With several reports, the fields are
 * those of the first record (the earliest stored) and `id` is its id. */
typedef struct dl_stored_event {
  int64_t id;             /* events.id of the (first) record: the EventID */
  int64_t doc_rowid;      /* documents.id of that record */
  const char *doc;        /* its document id */
  int sentence;           /* its 1-based sentence */
  const char *text;       /* the sentence */
  const char *date;       /* ISO value as coded ("2019-02-27", "2019-W09") */
  const char *day;        /* first day it covers, YYYY-MM-DD */
  char precision;         /* 'Y', 'Q', 'M', 'W', 'D', 'T' or 0 */
  const char *date_text;  /* the words that gave the date */
  dl_stored_actor source, target;
  const char *cameo, *root, *name; /* code, root, the code's name */
  int quad;
  double goldstein;
  const char *plover, *mode, *trigger;
  const char *place, *place_country;
  const char *place_admin1; /* the place's first-level region, or NULL */
  int has_coords;
  double lat, lon;
  const char *title, *published, *url, *doc_source; /* of the document */
  int reports;            /* records merged into this event */
  int documents;          /* distinct documents among them */
  const char *docs;       /* distinct document ids, "; "-separated */
  const char *sources;    /* distinct document sources, "; "-separated */
  const char *urls;       /* distinct URLs, "; "-separated, or NULL */
} dl_stored_event;

/* One stored quotation. Strings borrowed for the callback; may be NULL. */
typedef struct dl_stored_quote {
  int64_t id, doc_rowid;
  const char *doc, *date; /* document id and its reference date */
  int sentence;
  const char *speaker, *speaker_entity, *speaker_code; /* text, entity, code */
  const char *quote, *kind;
  const char *title, *doc_source;
} dl_stored_quote;

/* Callbacks; a nonzero return stops the query and is returned by it. */
typedef int (*dl_stored_event_fn)(void *ctx, const dl_stored_event *ev);
typedef int (*dl_stored_quote_fn)(void *ctx, const dl_stored_quote *q);

/* Calls fn for each event the filter selects, in date order (undated
 * last), one per (date, source, target, code) unless f->per_doc. Returns
 * DL_OK, DL_DB, DL_NOMEM, DL_MISUSE (a malformed date in the filter), or
 * what fn returned. */
int dl_store_events(dl_store *s, const dl_filter *f, dl_stored_event_fn fn, void *ctx,
                    dl_err *err);

/* Calls fn for each quotation the filter selects (speaker, dates, text;
 * with actor, dyad, source, target, code, root or mode, only quotations of
 * documents that report a selected event), in date order. */
int dl_store_quotes(dl_store *s, const dl_filter *f, dl_stored_quote_fn fn, void *ctx,
                    dl_err *err);

/* Calls fn for the quotations of document doc_rowid whose sentence lies
 * within radius of `sentence`, in text order. */
int dl_store_quotes_near(dl_store *s, int64_t doc_rowid, int sentence, int radius,
                         dl_stored_quote_fn fn, void *ctx, dl_err *err);

/* Formats of stored rows (src/out/rows.c). */
typedef enum {
  DL_ROWS_TABLE = 0, /* aligned columns for people, long text cut */
  DL_ROWS_CSV,       /* RFC 4180, a header line */
  DL_ROWS_TSV,       /* a header line; tabs and newlines in values as spaces */
  DL_ROWS_JSONL,     /* one JSON object a line */
  DL_ROWS_PHOENIX    /* Phoenix event data: TSV, no header (docs/schema.md) */
} dl_rows_format;

/* Parses "table", "csv", "tsv", "jsonl", "phoenix"; DL_OK or DL_MISUSE. */
int dl_rows_format_parse(const char *name, dl_rows_format *out);

/* Writes the events the filter selects to fp in a format. Returns DL_OK,
 * DL_IO when writing fails, or what dl_store_events() returns. */
int dl_write_events(dl_store *s, const dl_filter *f, dl_rows_format fmt, FILE *fp,
                    dl_err *err);

/* Writes the quotations the filter selects (any format but phoenix). */
int dl_write_quotes(dl_store *s, const dl_filter *f, dl_rows_format fmt, FILE *fp,
                    dl_err *err);

/* Writes a timeline for people: one line per event (date, dyad, code and
 * name, mode, reports) with its sentence, and the quotations near it.
 * Returns DL_OK, DL_IO, or a query's status. */
int dl_report_timeline(dl_store *s, const dl_filter *f, FILE *fp, dl_err *err);

/* Writes one self-contained HTML page (inline CSS and SVG, no scripts, no
 * network): the weekly Goldstein series of the selected asserted events as
 * a plot, the most active actors, the timeline and the quotations. `title`
 * heads the page (NULL: a default). Returns DL_OK, DL_IO, or a query's
 * status. */
int dl_report_html(dl_store *s, const dl_filter *f, const char *title, FILE *fp,
                   dl_err *err);

#ifdef __cplusplus
}
#endif
#endif /* DATELINE_H */
