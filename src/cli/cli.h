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

#include "dateline.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_MODEL = 3 };

/* Prints "dateline: " and the message to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Expands the command-line inputs into a list of files: directories are
 * walked recursively in name order (hidden entries skipped); "-" stands
 * for standard input; no inputs at all means standard input. Returns a
 * malloc'd NULL-terminated array of malloc'd strings (free with
 * cli_free_inputs), or NULL when out of memory. Unreadable paths are
 * reported and counted in *failed. */
char **cli_expand_inputs(char **paths, int n, size_t *failed);
void cli_free_inputs(char **files);

/* Whether s is a valid calendar date YYYY-MM-DD. */
bool cli_valid_date(const char *s);

/* The models directory: --models value, else $DATELINE_MODELS, else the
 * build-time default. */
const char *cli_models_dir(const char *opt);

/* Subcommands. Each gets argv starting at its own name. */
int dl_cmd_code(int argc, char **argv);
int dl_cmd_annotate(int argc, char **argv);
int dl_cmd_eval(int argc, char **argv);
int dl_cmd_eval_tokens(int argc, char **argv);
int dl_cmd_eval_plover(int argc, char **argv);
int dl_cmd_eval_petrarch(int argc, char **argv);

#endif
