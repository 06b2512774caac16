/*
 * read_internal.h -- private interface of the readers.
 */
#ifndef DL_READ_INTERNAL_H
#define DL_READ_INTERNAL_H

#include <stdbool.h>

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

#endif
