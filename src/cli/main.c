/*
 * main.c -- the dateline command: dispatch to subcommands.
 *
 * main() stays thin: each subcommand parses its own options into a struct
 * and calls the library (cmd_*.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_nlp.h"

static const char usage[] =
    "usage: dateline COMMAND [options] [FILE|DIR ...]\n"
    "\n"
    "Dateline turns English news into political event data: who did what to\n"
    "whom, when and where, and who said what.\n"
    "\n"
    "commands:\n"
    "  code       code articles; writes doc, event, quote and timex records\n"
    "             as JSONL, TSV or a table\n"
    "  annotate   everything the pipeline knows about a document, as JSON\n"
    "  ingest     code articles into an SQLite event store\n"
    "  events     the stored events, filtered: table, JSONL, CSV, TSV, Phoenix\n"
    "  timeline   a dated timeline of stored events and the quotes around them\n"
    "  quotes     the stored quotations, by speaker\n"
    "  report     one self-contained HTML page: plot, actors, timeline, quotes\n"
    "  parse      raw text -> CoNLL-U (tags, lemmas, dependency tree)\n"
    "  train      train the tagger or parser from CoNLL-U\n"
    "  eval       score against external suites: eval tokens, ud, timeml,\n"
    "             petrarch, plover, quotes, extract\n"
    "  version    print the version\n"
    "\n"
    "`dateline COMMAND --help` describes each command.\n"
    "\n"
    "exit status: 0 ok, 1 some input failed (the rest processed), 2 usage or\n"
    "system error, 3 model or dictionary failed to load.\n";

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    fputs(usage, stdout);
    return EXIT_OK;
  }
  if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
    printf("dateline %s\n", DL_VERSION);
    return EXIT_OK;
  }
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } cmds[] = {
      {"code", dl_cmd_code},   {"annotate", dl_cmd_annotate},
      {"eval", dl_cmd_eval},   {"train", dl_cmd_train},
      {"parse", dl_cmd_parse},   {"ingest", dl_cmd_ingest},
      {"events", dl_cmd_events}, {"timeline", dl_cmd_timeline},
      {"quotes", dl_cmd_quotes}, {"report", dl_cmd_report},
  };
  /* an option that takes a value, given last without one: say so here
   * rather than let each command call it unknown */
  static const char *const valued[] = {
      "--actor",  "--actors", "--batch",  "--beam",      "--code",       "--conllu",
      "--data",   "--date",   "--db",     "--dev",       "--dyad",       "--format",
      "--from",   "--gazetteer", "--input-format", "--iters", "--jackknife", "--jobs",
      "--limit",  "--max-doc-mb", "--mode", "--models",  "--out",        "--relations",
      "--root",   "--seed",   "--source", "--speaker",   "--split",      "--tagger",
      "--tags-cache", "--target", "--text", "--title",   "--to",         "--train",
      "--verbs",  "-o",       "-j",       NULL};
  const char *last = argv[argc - 1];
  for (int k = 0; argc > 2 && valued[k]; k++)
    if (!strcmp(last, valued[k])) {
      cli_error("%s: %s needs a value (see dateline %s --help)", cmd, last, cmd);
      return EXIT_USAGE;
    }
  for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
    if (!strcmp(cmd, cmds[i].name)) return cmds[i].fn(argc - 1, argv + 1);
  cli_error("unknown command '%s' (see dateline --help)", cmd);
  return EXIT_USAGE;
}
