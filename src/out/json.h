/*
 * json.h -- a small JSON emitter into a growable buffer (private).
 *
 * Writers build one record at a time in a dl_buf and write it out whole,
 * so a record is never left half-written on a stream.
 */
#ifndef DL_OUT_JSON_H
#define DL_OUT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dl_buf {
  char *s;
  size_t n, cap;
  bool oom;   /* an allocation failed; the content is incomplete */
  bool comma; /* a value was written at this nesting level */
} dl_buf;

void dl_buf_reset(dl_buf *b);
void dl_buf_free(dl_buf *b);
void dl_buf_put(dl_buf *b, const char *s, size_t n);
void dl_buf_puts(dl_buf *b, const char *s);
void dl_buf_printf(dl_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* JSON pieces: objects and arrays open and close; keys and values add
 * the separating comma themselves. */
void dl_json_open(dl_buf *b, char c);  /* '{' or '[' */
void dl_json_close(dl_buf *b, char c); /* '}' or ']' */
void dl_json_key(dl_buf *b, const char *key);
void dl_json_str(dl_buf *b, const char *s, size_t n); /* s NULL -> null */
void dl_json_cstr(dl_buf *b, const char *s);          /* NUL-terminated or NULL */
void dl_json_int(dl_buf *b, long long v);
void dl_json_num(dl_buf *b, double v);
void dl_json_bool(dl_buf *b, bool v);
void dl_json_null(dl_buf *b);

/* Writes s escaped for a TSV field (tabs and newlines as spaces). */
void dl_tsv_str(dl_buf *b, const char *s, size_t n);

#endif
