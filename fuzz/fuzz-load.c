/*
 * fuzz-load.c -- libFuzzer harness for the loaders of files users and
 * releases hand us: the tagger and parser models and the actor
 * dictionaries (Dateline's own format and PETRARCH's).
 *
 * The first byte picks the loader; the rest is written to a private
 * temporary file (the loaders take paths, and the models are mmap'd) and
 * loaded; a dictionary that loads is run on a short text, so a corrupt
 * entry that slips through is exercised too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dateline.h"
#include "nlp/nlp_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  char path[64];
  snprintf(path, sizeof path, "/tmp/dl-fuzz-load-%d", (int)getpid());
  FILE *fp = fopen(path, "wb");
  if (!fp) return 0;
  fwrite(data + 1, 1, size - 1, fp);
  fclose(fp);
  dl_err err;
  switch (data[0] % 3) {
  case 0: {
    nlp_tagger *t = NULL;
    if (nlp_tagger_load(path, &t, &err) == DL_OK) nlp_tagger_free(t);
    break;
  }
  case 1: {
    nlp_parser *p = NULL;
    if (nlp_parser_load(path, &p, &err) == DL_OK) nlp_parser_free(p);
    break;
  }
  default: {
    dl_actors *a = NULL;
    if (dl_actors_new(&a, &err) == DL_OK && dl_actors_load(a, path, &err) == DL_OK) {
      dl_text *tx;
      dl_doc *d;
      const char *s = "Arnor troops met the Gondor president in Minas Tirith on Monday.";
      if (dl_text_new(&tx, &err) == DL_OK) {
        if (dl_text_parse_string(tx, s, strlen(s), &d, &err) == DL_OK) {
          dl_actors_run(a, d, &err);
          dl_doc_free(d);
        }
        dl_text_free(tx);
      }
    }
    dl_actors_free(a);
    break;
  }
  }
  unlink(path);
  return 0;
}
