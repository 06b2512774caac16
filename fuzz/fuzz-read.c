/*
 * fuzz-read.c -- libFuzzer harness for the readers and the text stage.
 *
 * The first byte picks the reader (auto, text, jsonl, petrarch, html, warc); the rest
 * is the input. Every document read goes through the text stage and both
 * annotation writers, so tokenizer, splitter and quotation code see the
 * same bytes. Crashing inputs go to tests/regress/ as replayed cases.
 */
#include <stdint.h>
#include <stdio.h>

#include "dateline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  dl_read_opts o = {.format = (dl_format)(data[0] % 6), .max_line_bytes = 4096,
                    .max_doc_bytes = 1 << 20};
  dl_reader *r;
  dl_err e;
  if (dl_reader_open_mem("fuzz", data + 1, size - 1, &o, &r, &e)) return 0;
  dl_text *t;
  if (dl_text_new(&t, &e)) {
    dl_reader_free(r);
    return 0;
  }
  FILE *null = fopen("/dev/null", "w");
  for (int guard = 0; guard < 10000; guard++) {
    dl_doc *d;
    int rc = dl_reader_next(r, &d, &e);
    if (rc == DL_ERROR) continue;
    if (rc || !d) break;
    if (dl_text_run(t, d, &e) == DL_OK && null) {
      dl_write_annotation(null, d, 0, &e);
      dl_write_annotation_text(null, d, &e);
    }
    dl_doc_free(d);
  }
  if (null) fclose(null);
  dl_text_free(t);
  dl_reader_free(r);
  return 0;
}
