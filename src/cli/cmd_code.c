/*
 * cmd_code.c -- `dateline code` and `dateline annotate`: read inputs, run
 * the pipeline on each document, write records.
 *
 * Both share one loop (cli_run_inputs, which `dateline ingest` uses too):
 * expand the inputs, open a reader per file, and for each document run the
 * stages and hand it to a callback that writes it. A bad record or file is
 * reported as "dateline: FILE:LINE: reason" and counted; the batch goes
 * on; the exit status is 1 when anything failed.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

/* Loads the dictionaries the options name; prints warnings. Returns
 * NULL (after a message) when one fails to load. */
static dl_actors *load_actors(const run_opts *o) {
  dl_actors *a;
  dl_err err = {0};
  if (dl_actors_new(&a, &err)) {
    cli_error("%s", err.msg);
    return NULL;
  }
  int rc = DL_OK;
  if (!o->no_default_actors) {
    const char *dir = o->data ? o->data : getenv("DATELINE_DATA_DIR");
#ifdef DL_DEFAULT_DATA
    if (!dir) dir = DL_DEFAULT_DATA;
#endif
    if (!dir) dir = "data";
    rc = dl_actors_load_dir(a, dir, &err);
  }
  for (int i = 0; rc == DL_OK && i < o->n_actors; i++) rc = dl_actors_load(a, o->actors[i], &err);
  if (rc == DL_OK && o->gazetteer) rc = dl_actors_load_geonames(a, o->gazetteer, &err);
  if (!o->quiet)
    for (size_t i = 0; i < dl_actors_warning_count(a); i++)
      cli_error("warning: %s", dl_actors_warning(a, i));
  if (rc) {
    cli_error("%s", err.msg);
    dl_actors_free(a);
    return NULL;
  }
  return a;
}

/* The stages, loaded once and shared (read-only) by every worker. */
typedef struct pipeline {
  const dl_text *text;
  const dl_nlp *nlp;
  const dl_time *time;
  const dl_actors *actors;
  const dl_events *events;
  bool parse_all;
} pipeline;

/* One document on its way through: read by the main thread, coded by a
 * worker, written by the main thread in input order. */
typedef struct job {
  dl_doc *doc;   /* NULL: an input error to report in order */
  char *error;   /* that error's message (malloc'd) */
  int rc;
  dl_err err;
  bool done, quiet;
} job;

/* A window of jobs in a ring: the reader fills slots in order, workers
 * take the oldest untaken, the writer empties them in order. With one
 * job at a time (no threads) everything happens inline. */
typedef struct sched {
  const pipeline *pl;
  const cli_hooks *h;
  int nthreads;
  pthread_t *threads;
  pthread_mutex_t mu;
  pthread_cond_t work, done, space;
  job *ring;
  size_t cap, put, take, written;
  bool closing;
  bool writer_waits; /* the main thread waits for ring[written] to finish */
  int idle;          /* workers waiting for work */
  bool stop; /* output failed: stop reading */
  size_t failed;
} sched;

/* The sentences of a tagged document worth parsing, or NULL for all.
 * Most of the pipeline's time goes to the parser, and only the coder
 * reads the parse: an event needs a trigger word (dl_events_mark) and two
 * actors that can face each other in its sentence (dl_events_mark_actors,
 * after a run of the actor stage on the tagged words); a quotation needs
 * the parse for its speaker. Sets *n_want to the number of sentences to
 * parse and *actors_run when the actor stage ran (its mentions are final
 * when nothing is parsed and the document has no dates, which run before
 * it in the real run). */
static uint8_t *parse_wanted(const pipeline *pl, dl_doc *doc, size_t *n_want, bool *actors_run) {
  size_t ns;
  dl_doc_sentences(doc, &ns);
  *actors_run = false;
  uint8_t *want = ns ? dl_doc_alloc(doc, ns) : NULL;
  if (!want) return NULL;
  *n_want = dl_events_mark(pl->events, doc, want);
  size_t triggers = 0;
  for (size_t s = 0; s < ns; s++) triggers += (want[s] & DL_WANT_TRIGGER) != 0;
  if (triggers == 0) return want; /* quotations at most */
  dl_err err = {0};
  if (dl_actors_run(pl->actors, doc, &err) != DL_OK) return NULL;
  *actors_run = true;
  *n_want = dl_events_mark_actors(doc, want);
  return want;
}

static void process(const pipeline *pl, job *j) {
  dl_doc *doc = j->doc;
  int rc = dl_text_run(pl->text, doc, &j->err);
  bool actors_run = false;
  if (rc == DL_OK && pl->nlp) rc = dl_nlp_tag(pl->nlp, doc, &j->err);
  if (rc == DL_OK && pl->nlp) {
    size_t n_want = 0;
    uint8_t *want = pl->parse_all ? NULL : parse_wanted(pl, doc, &n_want, &actors_run);
    if (!want || n_want) {
      rc = dl_nlp_parse(pl->nlp, doc, want, &j->err);
      actors_run = false; /* the parse changes mentions: run again */
    }
  }
  if (rc == DL_OK) rc = dl_time_run(pl->time, doc, &j->err);
  if (actors_run) { /* the actor stage reads the dates too ("since 1 May") */
    size_t ntx;
    dl_doc_timexes(doc, &ntx);
    actors_run = ntx == 0;
  }
  if (rc == DL_OK && !actors_run) rc = dl_actors_run(pl->actors, doc, &j->err);
  if (rc == DL_OK) rc = dl_events_run(pl->events, doc, &j->err);
  j->rc = rc;
}

/* Writes one finished job: warnings, errors, records; frees it. */
static void emit_job(sched *sc, job *j) {
  if (!j->doc) {
    cli_error("%s", j->error ? j->error : "out of memory");
    free(j->error);
    sc->failed++;
    return;
  }
  if (!j->quiet)
    for (size_t i = 0; i < dl_doc_warning_count(j->doc); i++)
      cli_error("warning: %s", dl_doc_warning(j->doc, i));
  int rc = j->rc;
  bool given = false; /* the document went to an emit that takes it */
  if (rc == DL_OK && !sc->stop) {
    rc = sc->h->emit(sc->h->ctx, j->doc, &j->err);
    given = sc->h->emit_takes_doc;
  }
  if (rc == DL_IO || rc == DL_DB) {
    cli_error("%s", j->err.msg);
    sc->stop = true;
  } else if (rc) {
    cli_error("%s", j->err.msg);
    sc->failed++;
  }
  if (!given) dl_doc_free(j->doc);
}

static void *worker(void *arg) {
  sched *sc = arg;
  pthread_mutex_lock(&sc->mu);
  for (;;) {
    while (sc->take == sc->put && !sc->closing) {
      sc->idle++;
      pthread_cond_wait(&sc->work, &sc->mu);
      sc->idle--;
    }
    if (sc->take == sc->put && sc->closing) break;
    size_t at = sc->take++ % sc->cap;
    job *j = &sc->ring[at];
    pthread_mutex_unlock(&sc->mu);
    if (j->doc) process(sc->pl, j);
    pthread_mutex_lock(&sc->mu);
    j->done = true;
    /* wake the main thread only for the job it waits for: with small
     * documents a wake-up per job cost more than a tenth of the run */
    if (sc->writer_waits && at == sc->written % sc->cap) pthread_cond_signal(&sc->done);
  }
  pthread_mutex_unlock(&sc->mu);
  return NULL;
}

static int sched_start(sched *sc, const pipeline *pl, int nthreads, const cli_hooks *h) {
  sc->pl = pl;
  sc->h = h;
  sc->nthreads = nthreads > 1 ? nthreads : 0;
  if (!sc->nthreads) return 0;
  sc->cap = (size_t)nthreads * 16; /* documents in flight */
  sc->ring = calloc(sc->cap, sizeof *sc->ring);
  sc->threads = calloc((size_t)nthreads, sizeof *sc->threads);
  if (!sc->ring || !sc->threads) return -1;
  pthread_mutex_init(&sc->mu, NULL);
  pthread_cond_init(&sc->work, NULL);
  pthread_cond_init(&sc->done, NULL);
  pthread_cond_init(&sc->space, NULL);
  for (int i = 0; i < nthreads; i++)
    if (pthread_create(&sc->threads[i], NULL, worker, sc)) {
      sc->nthreads = i;
      return -1;
    }
  return 0;
}

/* Writes the finished jobs at the head of the window, in order; with
 * `wait`, waits for the oldest first. Called with the lock held. */
static void drain(sched *sc, bool wait) {
  while (sc->written < sc->put) {
    job *j = &sc->ring[sc->written % sc->cap];
    if (!j->done) {
      if (!wait) return;
      sc->writer_waits = true;
      pthread_cond_wait(&sc->done, &sc->mu);
      sc->writer_waits = false;
      continue;
    }
    job copy = *j;
    sc->written++;
    pthread_mutex_unlock(&sc->mu);
    emit_job(sc, &copy);
    pthread_mutex_lock(&sc->mu);
    wait = false;
  }
}

/* Hands a document on: inline without threads, else into the window
 * (writing finished ones, waiting when it is full). Returns nonzero when
 * output has failed and reading should stop. */
static int sched_submit(sched *sc, dl_doc *doc, bool quiet) {
  job j = {.doc = doc, .quiet = quiet};
  if (!sc->nthreads) {
    process(sc->pl, &j);
    emit_job(sc, &j);
    return sc->stop;
  }
  pthread_mutex_lock(&sc->mu);
  drain(sc, false);
  while (sc->put - sc->written >= sc->cap) drain(sc, true);
  sc->ring[sc->put++ % sc->cap] = j;
  if (sc->idle) pthread_cond_signal(&sc->work);
  pthread_mutex_unlock(&sc->mu);
  return sc->stop;
}

/* An input error, reported in its place among the documents. */
static void sched_note_error(sched *sc, const char *msg) {
  if (!sc->nthreads) {
    cli_error("%s", msg);
    sc->failed++;
    return;
  }
  job j = {.doc = NULL, .error = strdup(msg), .done = true};
  pthread_mutex_lock(&sc->mu);
  while (sc->put - sc->written >= sc->cap) drain(sc, true);
  sc->ring[sc->put++ % sc->cap] = j;
  pthread_mutex_unlock(&sc->mu);
}

static void sched_finish(sched *sc) {
  if (!sc->nthreads) return;
  pthread_mutex_lock(&sc->mu);
  drain(sc, true);
  while (sc->written < sc->put) drain(sc, true);
  sc->closing = true;
  pthread_cond_broadcast(&sc->work);
  pthread_mutex_unlock(&sc->mu);
  for (int i = 0; i < sc->nthreads; i++) pthread_join(sc->threads[i], NULL);
  pthread_mutex_destroy(&sc->mu);
  pthread_cond_destroy(&sc->work);
  pthread_cond_destroy(&sc->done);
  pthread_cond_destroy(&sc->space);
  free(sc->ring);
  free(sc->threads);
}

int cli_run_inputs(char **paths, int n, const run_opts *o, const cli_hooks *h) {
  size_t failed = 0;
  char **files = cli_expand_inputs_skip(paths, n, o->skip, &failed);
  if (!files) {
    cli_error("out of memory");
    return EXIT_USAGE;
  }
  if (h->begin) h->begin(h->ctx, files);
  dl_text *text = NULL;
  dl_time *time = NULL;
  dl_err err = {0};
  dl_actors *actors = load_actors(o);
  if (!actors) {
    cli_free_inputs(files);
    return EXIT_MODEL;
  }
  dl_events *lex = NULL;
  {
    const char *dir = o->data ? o->data : getenv("DATELINE_DATA_DIR");
#ifdef DL_DEFAULT_DATA
    if (!dir) dir = DL_DEFAULT_DATA;
#endif
    if (!dir) dir = "data";
    int rc = dl_events_new(&lex, &err);
    if (rc == DL_OK) rc = dl_events_load_dir(lex, dir, &err);
    for (int i = 0; rc == DL_OK && i < o->n_verbs; i++) rc = dl_events_load(lex, o->verbs[i], &err);
    if (rc != DL_OK) {
      cli_error("%s", err.msg);
      dl_events_free(lex);
      dl_actors_free(actors);
      cli_free_inputs(files);
      return EXIT_MODEL;
    }
    if (!o->quiet)
      for (size_t i = 0; i < dl_events_warning_count(lex); i++)
        cli_error("warning: %s", dl_events_warning(lex, i));
  }
  dl_nlp *nlp = NULL;
  if (!o->no_parse && dl_nlp_load(cli_models_dir(o->models), &nlp, &err)) {
    cli_error("%s", err.msg);
    cli_error("models are built with `make models`; --no-parse codes without them");
    dl_actors_free(actors);
    dl_events_free(lex);
    cli_free_inputs(files);
    return EXIT_MODEL;
  }
  if (dl_text_new(&text, &err) || dl_time_new(&time, &err)) {
    cli_error("%s", err.msg);
    dl_text_free(text);
    dl_actors_free(actors);
    cli_free_inputs(files);
    return EXIT_USAGE;
  }
  pipeline pl = {text, nlp, time, actors, lex, o->parse_all};
  sched sc;
  memset(&sc, 0, sizeof sc);
  int status = EXIT_OK;
  if (sched_start(&sc, &pl, o->jobs, h)) {
    cli_error("cannot start %d worker threads", o->jobs);
    status = EXIT_USAGE;
  }
  for (char **f = files; *f && status == EXIT_OK && !sc.stop; f++) {
    dl_reader *r = NULL;
    if (dl_reader_open(*f, &o->read, &r, &err)) {
      cli_error("%s", err.msg);
      failed++;
      continue;
    }
    for (;;) {
      dl_doc *doc = NULL;
      int rc = dl_reader_next(r, &doc, &err);
      if (rc == DL_ERROR) {
        sched_note_error(&sc, err.msg);
        continue;
      }
      if (rc) {
        sched_note_error(&sc, err.msg);
        break;
      }
      if (!doc) break;
      if (o->date && !dl_doc_meta(doc)->ref_date)
        dl_doc_set_ref_date(doc, o->date, DL_DATE_GIVEN);
      if (h->read) h->read(h->ctx, (size_t)(f - files), dl_reader_offset(r));
      if (h->skip && h->skip(h->ctx, doc)) {
        dl_doc_free(doc);
        continue;
      }
      if (sched_submit(&sc, doc, o->quiet)) break;
    }
    dl_reader_free(r);
  }
  sched_finish(&sc);
  if (h->end) h->end(h->ctx);
  failed += sc.failed;
  if (sc.stop) status = EXIT_USAGE;
  dl_text_free(text);
  dl_time_free(time);
  dl_actors_free(actors);
  dl_events_free(lex);
  dl_nlp_free(nlp);
  cli_free_inputs(files);
  if (status == EXIT_OK && failed) status = EXIT_INPUT;
  return status;
}

int cli_common_opt(int argc, char **argv, int *i, run_opts *o) {
  const char *a = argv[*i];
  if (!strcmp(a, "--date")) {
    if (*i + 1 >= argc || !cli_valid_date(argv[*i + 1])) {
      cli_error("--date needs a valid date YYYY-MM-DD");
      return -1;
    }
    o->date = argv[++*i];
    return 1;
  }
  if (!strcmp(a, "--input-format")) {
    if (*i + 1 >= argc || dl_format_parse(argv[*i + 1], &o->read.format)) {
      cli_error("--input-format needs auto, text, jsonl, petrarch, html or warc");
      return -1;
    }
    ++*i;
    return 1;
  }
  if (!strcmp(a, "--max-doc-mb")) {
    long v = *i + 1 < argc ? strtol(argv[*i + 1], NULL, 10) : 0;
    if (v <= 0 || v > 4096) {
      cli_error("--max-doc-mb needs a size in MiB (1-4096)");
      return -1;
    }
    o->read.max_doc_bytes = (size_t)v << 20;
    ++*i;
    return 1;
  }
  if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
    o->quiet = true;
    return 1;
  }
  if (!strcmp(a, "--actors") || !strcmp(a, "--gazetteer") || !strcmp(a, "--data")) {
    if (*i + 1 >= argc) {
      cli_error("%s needs a file name", a);
      return -1;
    }
    const char *v = argv[++*i];
    if (!strcmp(a, "--gazetteer")) o->gazetteer = v;
    else if (!strcmp(a, "--data")) o->data = v;
    else if (o->n_actors == 32) {
      cli_error("--actors: at most 32 files");
      return -1;
    } else {
      o->actors[o->n_actors++] = v;
    }
    return 1;
  }
  if (!strcmp(a, "--verbs")) {
    if (*i + 1 >= argc) {
      cli_error("--verbs needs a file name");
      return -1;
    }
    if (o->n_verbs == 8) {
      cli_error("--verbs: at most 8 files");
      return -1;
    }
    o->verbs[o->n_verbs++] = argv[++*i];
    return 1;
  }
  if (!strcmp(a, "--no-default-actors")) {
    o->no_default_actors = true;
    return 1;
  }
  if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
    char *end = NULL;
    long v = *i + 1 < argc ? strtol(argv[*i + 1], &end, 10) : -1;
    if (v < 0 || v > 64 || !end || *end || end == argv[*i + 1]) {
      cli_error("-j needs a number of worker threads (0-64; 0: one per core)");
      return -1;
    }
    if (v == 0) v = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
    o->jobs = (int)v;
    ++*i;
    return 1;
  }
  if (!strcmp(a, "--no-parse")) {
    o->no_parse = true;
    return 1;
  }
  if (!strcmp(a, "--models")) {
    if (*i + 1 >= argc) {
      cli_error("--models needs a directory");
      return -1;
    }
    o->models = argv[++*i];
    return 1;
  }
  return 0;
}

static const char code_usage[] =
    "usage: dateline code [options] [FILE|DIR ...]\n"
    "\n"
    "Reads news articles and writes what Dateline finds in them, one record\n"
    "per line: a doc record for each article (later stages add event, quote\n"
    "and timex records). Directories are read recursively; with no inputs,\n"
    "or \"-\", standard input is read.\n"
    "\n"
    "options:\n"
    "  --format F         jsonl | tsv | table (default: table on a terminal,\n"
    "                     jsonl otherwise)\n"
    "  --date YYYY-MM-DD  reference date for articles whose text carries none\n"
    "  --input-format F   auto | text | jsonl | petrarch | html | warc (default:\n"
    "                     auto, from the file name and first bytes; .gz files\n"
    "                     are decompressed first)\n"
    "  --max-doc-mb N     largest article accepted (default 16)\n"
    "  --actors FILE      add an actor dictionary: Dateline's format or\n"
    "                     PETRARCH's (actors, agents, discards); repeatable\n"
    "  --no-default-actors  use only the --actors files\n"
    "  --verbs FILE       add a verb dictionary: Dateline's format\n"
    "                     (docs/lexicon.md) or PETRARCH's (CAMEO.2.0.txt,\n"
    "                     which then codes instead of Dateline's lexicon);\n"
    "                     repeatable\n"
    "  --gazetteer FILE   add a GeoNames table (cities1000.txt)\n"
    "  --data DIR         Dateline's own dictionaries (default: built in)\n"
    "  --models DIR       tagger and parser models (default: built in, or\n"
    "                     $DATELINE_MODELS)\n"
    "  --no-parse         no tagging or parsing (faster; dates and actors\n"
    "                     then work from the words alone; no events)\n"
    "  -j N               N worker threads over shared models (0: one per\n"
    "                     core); output stays in input order\n"
    "  -o FILE            write to FILE instead of standard output\n"
    "  -q, --quiet        no warnings\n"
    "  -h, --help         this help\n"
    "\n"
    "exit status: 0 all inputs processed, 1 some input failed (reported,\n"
    "the rest processed), 2 usage or system error, 3 model or dictionary\n"
    "failed to load.\n";

static int write_doc(void *ctx, dl_doc *doc, dl_err *err) {
  return dl_writer_write(ctx, doc, err);
}

int dl_cmd_code(int argc, char **argv) {
  run_opts o = {0};
  const char *fmt = NULL, *outpath = NULL;
  char **paths = calloc((size_t)argc + 1, sizeof *paths);
  int np = 0;
  if (!paths) return EXIT_USAGE;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int c = cli_common_opt(argc, argv, &i, &o);
    if (c < 0) goto usage;
    if (c > 0) continue;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(code_usage, stdout);
      free(paths);
      return EXIT_OK;
    } else if (!strcmp(a, "--format") && i + 1 < argc) {
      fmt = argv[++i];
    } else if (!strcmp(a, "-o") && i + 1 < argc) {
      outpath = argv[++i];
    } else if (a[0] == '-' && a[1] != '\0') {
      cli_error("code: unknown option %s (see dateline code --help)", a);
      goto usage;
    } else {
      paths[np++] = argv[i];
    }
  }
  dl_out_format of;
  FILE *out = stdout;
  if (!fmt) of = isatty(STDOUT_FILENO) && !outpath ? DL_OUT_TABLE : DL_OUT_JSONL;
  else if (!strcmp(fmt, "jsonl")) of = DL_OUT_JSONL;
  else if (!strcmp(fmt, "tsv")) of = DL_OUT_TSV;
  else if (!strcmp(fmt, "table")) of = DL_OUT_TABLE;
  else {
    cli_error("code: --format needs jsonl, tsv or table, not %s", fmt);
    goto usage;
  }
  if (outpath && !(out = fopen(outpath, "w"))) {
    cli_error("%s: cannot write", outpath);
    free(paths);
    return EXIT_USAGE;
  }
  o.skip[0] = outpath; /* not an input, also inside a directory read */
  dl_writer *w = NULL;
  dl_err err = {0};
  if (dl_writer_new(out, of, &w, &err)) {
    cli_error("%s", err.msg);
    free(paths);
    return EXIT_USAGE;
  }
  cli_hooks hooks = {.emit = write_doc, .ctx = w};
  int status = cli_run_inputs(paths, np, &o, &hooks);
  if (dl_writer_finish(w, &err)) {
    cli_error("%s", err.msg);
    status = EXIT_USAGE;
  }
  dl_writer_free(w);
  if (out != stdout && fclose(out) != 0) {
    cli_error("%s: write error", outpath);
    status = EXIT_USAGE;
  }
  free(paths);
  return status;
usage:
  free(paths);
  fputs("usage: dateline code [options] [FILE|DIR ...]  (--help for more)\n", stderr);
  return EXIT_USAGE;
}

static const char annotate_usage[] =
    "usage: dateline annotate [--format json|text] [--pretty] [options] [FILE ...]\n"
    "\n"
    "Writes everything the pipeline knows about each document as one JSON\n"
    "object per line: metadata, body text, paragraphs, sentences with their\n"
    "tokens (form, byte offsets, tags, lemma, head and relation), quotation\n"
    "spans, events, quotations with speakers, mentions of actors and places,\n"
    "temporal expressions, and warnings. For debugging and for users who want\n"
    "the layers themselves. Offsets are bytes into \"body\".\n"
    "\n"
    "options:\n"
    "  --format json      one JSON object per document (default)\n"
    "  --format text      the same for people: metadata, numbered sentences,\n"
    "                     quotations\n"
    "  --pretty           one line per sentence and quotation\n"
    "  --date, --input-format, --max-doc-mb, -q   as for dateline code\n"
    "  -h, --help         this help\n";

typedef struct ann_ctx {
  int pretty;
  int text;
} ann_ctx;

static int write_ann(void *ctx, dl_doc *doc, dl_err *err) {
  const ann_ctx *c = ctx;
  if (c->text) return dl_write_annotation_text(stdout, doc, err);
  return dl_write_annotation(stdout, doc, c->pretty, err);
}

int dl_cmd_annotate(int argc, char **argv) {
  run_opts o = {0};
  ann_ctx ctx = {0};
  char **paths = calloc((size_t)argc + 1, sizeof *paths);
  int np = 0;
  if (!paths) return EXIT_USAGE;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int c = cli_common_opt(argc, argv, &i, &o);
    if (c < 0) goto usage;
    if (c > 0) continue;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(annotate_usage, stdout);
      free(paths);
      return EXIT_OK;
    } else if (!strcmp(a, "--format") && i + 1 < argc) {
      const char *f = argv[++i];
      if (!strcmp(f, "text")) {
        ctx.text = 1;
      } else if (strcmp(f, "json")) {
        cli_error("annotate: --format needs json or text, not %s", f);
        goto usage;
      }
    } else if (!strcmp(a, "--pretty")) {
      ctx.pretty = 1;
    } else if (a[0] == '-' && a[1] != '\0') {
      cli_error("annotate: unknown option %s (see dateline annotate --help)", a);
      goto usage;
    } else {
      paths[np++] = argv[i];
    }
  }
  o.parse_all = true; /* the trees are part of the output */
  cli_hooks hooks = {.emit = write_ann, .ctx = &ctx};
  int status = cli_run_inputs(paths, np, &o, &hooks);
  if (fflush(stdout) != 0) {
    cli_error("write error on standard output");
    status = EXIT_USAGE;
  }
  free(paths);
  return status;
usage:
  free(paths);
  fputs("usage: dateline annotate [--format json] [options] [FILE ...]\n", stderr);
  return EXIT_USAGE;
}
