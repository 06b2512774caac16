/*
 * cli.h -- shared pieces of the dateline command-line tool.
 *
 * Exit codes (documented in `dateline --help` and the README):
 *   0  every input processed
 *   1  some input failed (reported on stderr); the rest was processed
 *   2  usage error, or a system error such as an unwritable output
 *   3  a model or dictionary failed to load
 */
#ifndef DL_CLI_H
#define DL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "dateline.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_MODEL = 3 };

/* Prints "dateline: " and the message to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Replaces the progress line on the terminal (stderr) with line, or
 * clears it (NULL). A later cli_error() clears it first. */
void cli_progress(const char *line);

/* Expands the command-line inputs into a list of files: directories are
 * walked recursively in name order (hidden entries skipped); "-" stands
 * for standard input; no inputs at all means standard input. Returns a
 * malloc'd NULL-terminated array of malloc'd strings (free with
 * cli_free_inputs), or NULL when out of memory. Unreadable paths are
 * reported and counted in *failed. */
char **cli_expand_inputs(char **paths, int n, size_t *failed);
/* The same, leaving out the files named in skip (NULL-terminated, or NULL;
 * compared by their real paths, so also the ones a directory holds), each
 * with a note. */
char **cli_expand_inputs_skip(char **paths, int n, const char *const *skip, size_t *failed);
void cli_free_inputs(char **files);

/* A per-category count of cases and right ones, for the eval commands. */
typedef struct cli_tally {
  char name[24];
  int n, right;
} cli_tally;

/* Counts one case of category `name` in t[0..*n) (at most max kinds). */
void cli_tally_add(cli_tally *t, int *n, int max, const char *name, bool ok);

/* Whether s is a valid calendar date YYYY-MM-DD. */
bool cli_valid_date(const char *s);

/* Reads the rest of fp into a malloc'd buffer, NUL-terminated (not
 * counted in *len); NULL when out of memory or on a read error. */
char *cli_slurp(FILE *fp, size_t *len);

/* The models directory: --models value, else $DATELINE_MODELS, else the
 * build-time default. */
const char *cli_models_dir(const char *opt);

/* The stages an evaluation runs on each text, with the default models and
 * dictionaries (the build's models/ and data/ unless given). */
typedef struct cli_stages {
  dl_text *tx;
  dl_time *tm;
  dl_actors *act;
  dl_events *lex;
  dl_nlp *nlp;
} cli_stages;

/* Loads every stage; on failure prints the message and returns EXIT_MODEL
 * (what loaded is freed by cli_stages_free all the same). */
int cli_stages_load(cli_stages *s, const char *models, const char *data);
/* Runs the stages after the text stage on d: tags and parse, dates,
 * actors, events. */
int cli_stages_run(const cli_stages *s, dl_doc *d, dl_err *err);
void cli_stages_free(cli_stages *s);

/* The reading and coding options shared by code, annotate and ingest. */
typedef struct run_opts {
  const char *date;  /* --date */
  dl_read_opts read;
  bool quiet;        /* no warnings */
  const char *data;  /* --data DIR: our dictionaries (default: built in) */
  const char *gazetteer; /* --gazetteer FILE */
  const char *actors[32]; /* --actors FILE, repeatable */
  int n_actors;
  bool no_default_actors; /* --no-default-actors */
  const char *verbs[8];   /* --verbs FILE, repeatable */
  int n_verbs;
  const char *models; /* --models DIR */
  int jobs;           /* -j N: worker threads (1: none) */
  bool no_parse;      /* --no-parse: skip tagging and parsing */
  bool parse_all;     /* parse every sentence (annotate prints the trees),
                         not only those the coder reads */
  const char *skip[5]; /* files never read as inputs: what this run writes
                          (-o FILE; the store and its -wal, -shm, -journal) */
} run_opts;

/* Parses one of the shared options at argv[*i] into o: returns 1 if it
 * was one (consuming its value), 0 if not, -1 on a usage error (reported). */
int cli_common_opt(int argc, char **argv, int *i, run_opts *o);

/* What cli_run_inputs does with the documents. Every hook runs on the
 * calling thread; only `emit` is required. */
typedef struct cli_hooks {
  /* Each coded document, in input order. DL_IO or DL_DB stops the run
   * (reported); another failure is reported and counted. */
  int (*emit)(void *ctx, dl_doc *doc, dl_err *err);
  /* With this set, emit owns each document it is given (frees it with
   * dl_doc_free, whatever it returns). */
  bool emit_takes_doc;
  /* Before coding: true drops the document (e.g. already stored). */
  bool (*skip)(void *ctx, const dl_doc *doc);
  /* The expanded input files (NULL-terminated), before reading. */
  void (*begin)(void *ctx, char **files);
  /* After each document is read: the file's index and bytes consumed. */
  void (*read)(void *ctx, size_t file, uint64_t offset);
  /* After the last emit, before the models and dictionaries the
   * documents point into are freed: an emit that kept documents must be
   * done with them when this returns. */
  void (*end)(void *ctx);
  void *ctx;
} cli_hooks;

/* Runs every input through the pipeline (models and dictionaries loaded
 * as the options say, o->jobs worker threads); returns the exit status. */
int cli_run_inputs(char **paths, int n, const run_opts *o, const cli_hooks *h);

/* Subcommands. Each gets argv starting at its own name. */
int dl_cmd_code(int argc, char **argv);
int dl_cmd_annotate(int argc, char **argv);
int dl_cmd_eval(int argc, char **argv);
int dl_cmd_eval_tokens(int argc, char **argv);
int dl_cmd_eval_plover(int argc, char **argv);
int dl_cmd_eval_quotes(int argc, char **argv);
int dl_cmd_eval_petrarch(int argc, char **argv);
int dl_cmd_eval_extract(int argc, char **argv);
int dl_cmd_ingest(int argc, char **argv);
int dl_cmd_events(int argc, char **argv);
int dl_cmd_timeline(int argc, char **argv);
int dl_cmd_quotes(int argc, char **argv);
int dl_cmd_report(int argc, char **argv);

#endif
