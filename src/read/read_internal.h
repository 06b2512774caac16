/*
 * read_internal.h -- private interface of the readers.
 */
#ifndef DL_READ_INTERNAL_H
#define DL_READ_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>
#include <zlib.h>

#include "core/core.h"

#define DL_DEFAULT_MAX_DOC ((size_t)16 << 20)
#define DL_DEFAULT_MAX_LINE ((size_t)1 << 20)

/* A date or date-time found in a metadata string, as ISO 8601
 * ("2018-12-03T08:10" or "2018-12-03"; at most 16 characters + NUL). */
typedef struct dl_isodate {
  char s[48];
  char alt[48]; /* the other reading of an ambiguous 10/01/2019, or "" */
} dl_isodate;

/* Finds the first full date (year, month, day) in s[0..n), with a time of
 * day when one follows it, and writes it as ISO 8601. Understands
 * "December. 03, 2018 08:10", "Feb 21, 2019 | 9:15 PM", "12 March 2020",
 * "2019-02-21 14:05", "2020-01-15T08:00:00Z", "20190221", and numeric
 * "10/01/2019" (month first unless that cannot be; the day-first reading
 * goes to out->alt when both are valid). Returns the
 * offset just past the date in *end_off. */
bool dl_read_find_date(const char *s, size_t n, dl_isodate *out, size_t *end_off);

/* Month number (1-12) of an English month name or abbreviation at
 * s[0..n), with or without a trailing period; 0 when it is none. */
int dl_read_month(const char *s, size_t n);

/* A top-level member of a JSON object: key (without quotes, still
 * escaped) and the raw text of its value. */
typedef struct dl_jmember {
  const char *key;
  size_t key_len;
  const char *val;
  size_t val_len;
} dl_jmember;

/* Validates s[0..n) as one JSON object and records up to max top-level
 * members. Returns 0; -1 for text that is not JSON, -2 for JSON that is
 * not an object; on error *err is a static message and *col the 1-based
 * column where it was found. */
int dl_json_scan(const char *s, size_t n, dl_jmember *m, size_t max, size_t *count,
                 const char **err, size_t *col);

/* Decodes a validated JSON string value (quotes included) into out, which
 * holds at least n bytes (decoding never grows). Returns the length. */
size_t dl_json_unescape(const char *v, size_t n, char *out);

/* Reads a JSONL record (one line, already UTF-8 clean) into a document. */
int dl_read_jsonl_line(const char *name, size_t line, const char *buf,
                       size_t len, dl_doc **out, dl_err *err);

/* Sets the body of doc from article text whose paragraphs are separated by
 * newlines (each non-blank line a paragraph). */
int dl_read_set_paragraphs(dl_doc *doc, const char *text, size_t len);

/* Sets the wire dateline of doc from the start of its body, when the body
 * opens with one ("SEOUL, Feb. 21 (Yonhap) --"). */
void dl_read_find_dateline(dl_doc *doc);

/* Sets a document's id from its file name: no directories, no extension,
 * no ".gz" ("news/story.txt.gz" is "story"). DL_OK or DL_NOMEM. */
int dl_read_id_from_name(dl_doc *doc, const char *name);

/* ------------------------------------------------ byte source (source.c) */

/* Bytes from a FILE or a memory buffer, gunzipped when they start with the
 * gzip magic. Read errors and damaged gzip data set status (DL_IO,
 * DL_ERROR) and msg ("NAME: truncated gzip data after N decompressed
 * bytes"); the reads then return what came before the damage and stop. */
typedef struct dl_src {
  const char *name; /* borrowed, for messages */
  FILE *fp;         /* borrowed; NULL: read mem */
  const unsigned char *mem;
  size_t mem_len, mem_pos;
  bool gz, zlive, member_done, eof;
  z_stream zs;
  unsigned char raw[65536];
  size_t raw_len, raw_pos;
  unsigned char out[65536 + 4096]; /* + room for dl_src_unread */
  size_t out_len, out_pos;
  uint64_t total; /* decoded bytes handed out */
  int status;
  char msg[400];
} dl_src;

/* Opens a source over fp (when not NULL) or mem[0..len) (borrowed: it must
 * outlive the source). Returns DL_OK or DL_NOMEM. Free with dl_src_free. */
int dl_src_open(dl_src **out, const char *name, FILE *fp, const void *mem, size_t len);
void dl_src_free(dl_src *s);

/* Reads up to n decoded bytes; fewer only at the end or on an error. */
size_t dl_src_read(dl_src *s, void *buf, size_t n);

/* The next decoded byte, or -1 at the end or on an error. */
int dl_src_getc_slow(dl_src *s);
static inline int dl_src_getc(dl_src *s) {
  if (s->out_pos < s->out_len) {
    s->total++;
    return s->out[s->out_pos++];
  }
  return dl_src_getc_slow(s);
}

/* Puts n <= 4096 decoded bytes back in front of the unread ones (the
 * bytes a reader peeked at to choose the format). */
void dl_src_unread(dl_src *s, const void *buf, size_t n);

/* Reads more raw (undecoded) input into s->raw; false at the end. */
bool dl_src_raw_more(dl_src *s);

/* ------------------------------------------------------- HTML (html.c) */

/* What a container (a WARC record, an HTTP response) knows about a page;
 * any field may be NULL. */
typedef struct dl_html_hints {
  const char *url;      /* the page's URL (WARC-Target-URI) */
  const char *id;       /* document id (else from the file name or URL) */
  const char *encoding; /* charset from the HTTP Content-Type */
  const char *date;     /* a fallback reference date (WARC-Date), ISO */
  size_t index;         /* record number, for messages (0: none) */
} dl_html_hints;

/* Reads one HTML page from buf[0..len) into a new document: title, byline,
 * published and updated date-times, URL from the page's metadata, and
 * the article body as plain text (paragraphs separated by blank lines)
 * with the site's chrome removed. Returns DL_OK, DL_ERROR (no article
 * text, not HTML; err says why, naming the file) or DL_NOMEM. */
int dl_read_html(const char *name, const char *buf, size_t len, const dl_html_hints *h,
                 dl_doc **out, dl_err *err);

/* ------------------------------------------------------- WARC (warc.c) */

/* The WARC reader's state between records. */
typedef struct dl_warc {
  size_t record;   /* records started so far (1-based in messages) */
  bool resync;     /* skipping to the next "WARC/1." line after damage */
  bool done;
  char *line;      /* header line buffer */
  size_t line_cap;
  char *payload;   /* the current record's block */
  size_t payload_cap;
} dl_warc;

/* Reads records from src until one yields a document (*doc), the input
 * ends (*doc NULL, w->done), or a record is bad (DL_ERROR naming the file
 * and record; call again for the next one). Records larger than
 * opts->max_doc_bytes are skipped with DL_ERROR, without being held. */
int dl_warc_next(dl_warc *w, dl_src *src, const char *name, const dl_read_opts *opts,
                 dl_doc **doc, dl_err *err);
void dl_warc_free(dl_warc *w);

#endif
