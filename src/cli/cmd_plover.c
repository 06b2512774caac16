/*
 * cmd_plover.c -- `dateline eval plover FILE`: event types against the
 * PLOVER gold standard records (PLOVER_GSR_CAMEO.json.txt).
 *
 * The file is a JSON array of records; each with "text" and "event" (a
 * PLOVER type) is one case. Its text goes through the whole pipeline
 * with the record's "date" as reference date; the case is right when some
 * event coded from it has the gold PLOVER type, in any mode (the records
 * hold stylised sentences, many of them about intentions and threats);
 * the records' PLOVER 0.5 names count as their 2021 successors (DEMAND as
 * REQUEST, FIGHT as ASSAULT or COERCE). The 2021 table (CAMEO2PLOVER-2021)
 * folds 0.5's INVESTIGATE (CAMEO 09) and DISAPPROVE (CAMEO 11) into
 * ACCUSE, keeping INVESTIGATE as ACCUSE's mode "investigate" on the 09
 * codes: an ACCUSE event counts as INVESTIGATE when its code is under 09
 * and as DISAPPROVE when it is not. --verbose lists every record: gold
 * type, hit or miss, and the events coded (code, source, target, mode).
 * Prints per-type counts and, last, "records <right>/<total> accuracy <x>
 * coded <n>" where coded counts the cases with any event at all.
 *
 * Records are cut out of the array by brace matching outside strings and
 * validated one by one with the JSONL scanner.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "read/read_internal.h"

/* The decoded string value of member `key`, in a malloc'd buffer. */
static char *member(const dl_jmember *m, size_t n, const char *key) {
  size_t kl = strlen(key);
  for (size_t i = 0; i < n; i++)
    if (m[i].key_len == kl && !memcmp(m[i].key, key, kl) && m[i].val[0] == '"') {
      char *out = malloc(m[i].val_len + 1);
      if (!out) return NULL;
      out[dl_json_unescape(m[i].val, m[i].val_len, out)] = '\0';
      return out;
    }
  return NULL;
}

/* The gold records use PLOVER 0.5's type names; our table uses the 2021
 * ones. Renamed types count as the same; ACCUSE is split by its CAMEO
 * root (09: mode "investigate", the 0.5 INVESTIGATE). */
static bool same_type(const dl_event *ev, const char *gold) {
  static const char *const renamed[][2] = {{"REQUEST", "DEMAND"},
                                           {"ASSAULT", "FIGHT"}, {"COERCE", "FIGHT"}};
  const char *ours = ev->plover;
  if (!strcmp(ours, gold)) return true;
  if (!strcmp(ours, "ACCUSE")) {
    bool investigate = !strcmp(ev->root, "09");
    return !strcmp(gold, investigate ? "INVESTIGATE" : "DISAPPROVE");
  }
  for (size_t i = 0; i < sizeof renamed / sizeof *renamed; i++)
    if (!strcmp(ours, renamed[i][0]) && !strcmp(gold, renamed[i][1])) return true;
  return false;
}

int dl_cmd_eval_plover(int argc, char **argv) {
  static const char usage[] =
      "usage: dateline eval plover [--models DIR] [--data DIR] [--verbose] FILE\n"
      "\n"
      "Codes the text of each PLOVER gold record and counts the records for\n"
      "which an event of the gold PLOVER type comes out (any mode). Last line:\n"
      "  records <right>/<total> accuracy <x> coded <n>\n"
      "--verbose first prints one line a record: + or -, gold type, the\n"
      "events coded (CAMEO code, source, target, mode) and the text.\n";
  const char *path = NULL, *models = NULL, *data = NULL;
  bool verbose = false;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage, stdout);
      return EXIT_OK;
    }
    if (!strcmp(argv[i], "--models") && i + 1 < argc) models = argv[++i];
    else if (!strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
    else if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) verbose = true;
    else if (argv[i][0] == '-' || path) {
      fputs(usage, stderr);
      return EXIT_USAGE;
    } else path = argv[i];
  }
  if (!path) {
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    cli_error("%s: cannot open: %s", path, strerror(errno));
    return EXIT_USAGE;
  }
  size_t len = 0;
  char *buf = cli_slurp(fp, &len);
  fclose(fp);
  if (!buf) {
    cli_error("%s: cannot read (out of memory or a read error)", path);
    return EXIT_USAGE;
  }
  dl_err err = {0};
  cli_stages st;
  int status = cli_stages_load(&st, models, data);
  if (status != EXIT_OK) goto out;
  cli_tally types[32];
  int ntypes = 0, total = 0, right = 0, coded = 0;
  size_t line = 1;
  for (size_t i = 0; i < len; i++) {
    if (buf[i] == '\n') line++;
    if (buf[i] != '{') continue;
    /* the record: braces matched outside strings */
    size_t j = i, depth = 0;
    bool str = false;
    for (; j < len; j++) {
      char ch = buf[j];
      if (str) {
        if (ch == '\\') j++;
        else if (ch == '"') str = false;
      } else if (ch == '"') {
        str = true;
      } else if (ch == '{') {
        depth++;
      } else if (ch == '}' && --depth == 0) {
        break;
      }
    }
    if (j >= len) break;
    dl_jmember m[32];
    size_t nm, col;
    const char *why;
    if (dl_json_scan(buf + i, j + 1 - i, m, 32, &nm, &why, &col)) {
      cli_error("%s:%zu: record not JSON: %s; skipped", path, line, why);
      status = EXIT_INPUT;
    } else {
      char *text = member(m, nm, "text"), *event = member(m, nm, "event");
      char *date = member(m, nm, "date");
      if (text && event) {
        dl_doc *d;
        bool hit = false, any = false;
        if (dl_text_parse_string(st.tx, text, strlen(text), &d, &err) == DL_OK) {
          if (date && cli_valid_date(date)) dl_doc_set_ref_date(d, date, DL_DATE_META);
          if (cli_stages_run(&st, d, &err) == DL_OK) {
            size_t ne;
            const dl_event *ev = dl_doc_events(d, &ne);
            any = ne > 0;
            for (size_t k = 0; k < ne; k++)
              if (ev[k].plover && same_type(&ev[k], event)) hit = true;
            if (verbose) {
              printf("%c %-11s", hit ? '+' : '-', event);
              for (size_t k = 0; k < ne; k++)
                printf(" [%s %s>%s %s]", ev[k].cameo,
                       ev[k].source.code ? ev[k].source.code : "-",
                       ev[k].target.code ? ev[k].target.code : "-",
                       dl_mode_name(ev[k].mode));
              printf(" | %s\n", text);
            }
          }
          dl_doc_free(d);
        }
        cli_tally_add(types, &ntypes, 32, event, hit);
        total++;
        right += hit;
        coded += any;
      }
      free(text);
      free(event);
      free(date);
    }
    for (size_t k = i; k < j; k++) line += buf[k] == '\n';
    i = j;
  }
  if (total == 0) {
    cli_error("%s: no PLOVER records (objects with \"text\" and \"event\")", path);
    status = EXIT_INPUT;
    goto out;
  }
  for (int t = 0; t < ntypes; t++)
    printf("%-12s %3d/%-3d\n", types[t].name, types[t].right, types[t].n);
  printf("records %d/%d accuracy %.3f coded %d\n", right, total,
         total ? (double)right / total : 0.0, coded);
out:
  free(buf);
  cli_stages_free(&st);
  return status;
}
