/*
 * cmd_store.c -- the store's commands:
 *
 *   dateline ingest   --db FILE [code's options] [FILE|DIR ...]
 *   dateline events   --db FILE [filters] [--format table|jsonl|csv|tsv|phoenix]
 *                     (--speaker X among the filters: events whose source is X)
 *   dateline timeline --db FILE [filters]
 *   dateline quotes   --db FILE [--speaker X] [filters]
 *   dateline report   --db FILE --out report.html [filters]
 *
 * ingest runs the same pipeline as `dateline code` (cli_run_inputs: the
 * same options, worker threads, and handling of bad input) and hands each
 * coded document, in input order, to one writer thread that stores it. A
 * document already stored (by its hash) is dropped before it is coded; the
 * documents go in batches of --batch (or every two seconds), one
 * transaction each. On a terminal a progress line shows the rates and,
 * when the input's size is known, the share done and the time left.
 *
 * The query commands parse the filters into a dl_filter and call the
 * library (dl_write_events, dl_report_timeline, dl_write_quotes,
 * dl_report_html).
 */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ ingest */

enum { QUEUE_CAP = 64 };

/* The ingest: the main thread reads and hands documents to the workers
 * (cli_run_inputs); their coded documents come back to it in order and go
 * into a queue; one writer thread takes them from the queue into the
 * store, so a slow disk never holds up the reading or the coding. */
typedef struct ingest {
  dl_store *store;  /* the writer thread's connection */
  dl_store *lookup; /* the main thread's, for skipping stored documents */
  long batch_size;
  pthread_t writer;
  pthread_mutex_t mu;
  pthread_cond_t nonempty, nonfull;
  dl_doc *queue[QUEUE_CAP];
  size_t head, count;
  bool closing, joined;
  bool writer_idle, reader_waiting; /* who sleeps: signal only them */
  bool failed;        /* the writer stopped on a database error */
  dl_err werr;        /* its message */
  long docs, skipped, sentences, events, quotes; /* under mu */
  double started, shown_at;
  bool tty;
  uint64_t *file_start; /* bytes before each input file; NULL: size unknown */
  uint64_t total, done;
} ingest;

static void *writer_main(void *arg) {
  ingest *g = arg;
  long in_batch = 0;
  double committed_at = now_s();
  pthread_mutex_lock(&g->mu);
  for (;;) {
    /* Sleep until documents come (the emitter wakes it when a few wait),
     * looking every half second: a slow stream's documents are then
     * stored, and its open batch committed after two seconds, without
     * waiting for more. */
    while (!g->count && !g->closing) {
      g->writer_idle = true;
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += 500000000L;
      if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
      }
      pthread_cond_timedwait(&g->nonempty, &g->mu, &ts);
      if (!g->count && in_batch && now_s() - committed_at >= 2.0 && !g->failed) {
        pthread_mutex_unlock(&g->mu);
        dl_err err = {0};
        int rc = dl_store_commit(g->store, &err);
        in_batch = 0;
        committed_at = now_s();
        pthread_mutex_lock(&g->mu);
        if (rc && !g->failed) {
          g->failed = true;
          g->werr = err;
        }
      }
    }
    g->writer_idle = false;
    if (!g->count) break;
    dl_doc *doc = g->queue[g->head];
    g->head = (g->head + 1) % QUEUE_CAP;
    g->count--;
    if (g->reader_waiting) pthread_cond_signal(&g->nonfull);
    bool failed = g->failed;
    pthread_mutex_unlock(&g->mu);
    int added = 0, rc = DL_OK;
    dl_err err = {0};
    size_t ns = 0, ne = 0, nq = 0;
    if (!failed) {
      rc = dl_store_add(g->store, doc, &added, &err);
      dl_doc_sentences(doc, &ns);
      dl_doc_events(doc, &ne);
      dl_doc_quote_records(doc, &nq);
      double t = now_s();
      if (rc == DL_OK && (++in_batch >= g->batch_size || t - committed_at >= 2.0)) {
        rc = dl_store_commit(g->store, &err);
        in_batch = 0;
        committed_at = t;
      }
    }
    dl_doc_free(doc);
    pthread_mutex_lock(&g->mu);
    if (rc && !g->failed) {
      g->failed = true;
      g->werr = err;
    }
    if (rc == DL_OK && !failed) {
      if (added) {
        g->docs++;
        g->sentences += (long)ns;
        g->events += (long)ne;
        g->quotes += (long)nq;
      } else {
        g->skipped++;
      }
    }
  }
  pthread_mutex_unlock(&g->mu);
  dl_err err = {0};
  if (!g->failed && dl_store_commit(g->store, &err)) {
    g->failed = true;
    g->werr = err;
  }
  return NULL;
}

static void ingest_begin(void *ctx, char **files) {
  ingest *g = ctx;
  size_t n = 0;
  while (files[n]) n++;
  g->file_start = calloc(n + 1, sizeof *g->file_start);
  if (!g->file_start) return;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    g->file_start[i] = g->total;
    if (!strcmp(files[i], "-") || stat(files[i], &st) != 0 || !S_ISREG(st.st_mode)) {
      free(g->file_start); /* a pipe: no ETA */
      g->file_start = NULL;
      return;
    }
    g->total += (uint64_t)st.st_size;
  }
}

static void ingest_read(void *ctx, size_t file, uint64_t offset) {
  ingest *g = ctx;
  if (g->file_start) g->done = g->file_start[file] + offset;
}

/* Drops a document the store has (committed) before it is coded. */
static bool ingest_skip(void *ctx, const dl_doc *doc) {
  ingest *g = ctx;
  int found = 0;
  if (dl_store_has_doc(g->lookup, dl_doc_hash(doc), &found, NULL)) return false;
  if (found) {
    pthread_mutex_lock(&g->mu);
    g->skipped++;
    pthread_mutex_unlock(&g->mu);
  }
  return found;
}

/* "1h02m", "3m20s", "12s" */
static void fmt_duration(double s, char *out, size_t n) {
  long t = s < 0 ? 0 : (long)(s + 0.5);
  if (t >= 3600) snprintf(out, n, "%ldh%02ldm", t / 3600, t / 60 % 60);
  else if (t >= 60) snprintf(out, n, "%ldm%02lds", t / 60, t % 60);
  else snprintf(out, n, "%lds", t);
}

/* The progress line (a terminal only): counts, rates, share and ETA. */
static void show_progress(ingest *g, bool final) {
  double t = now_s(), el = t - g->started;
  if (!g->tty || (!final && t - g->shown_at < 0.25)) return;
  g->shown_at = t;
  pthread_mutex_lock(&g->mu);
  long docs = g->docs, skipped = g->skipped, sents = g->sentences, events = g->events;
  pthread_mutex_unlock(&g->mu);
  double r = el > 0 ? 1 / el : 0;
  char line[256], eta[32] = "";
  int n = snprintf(line, sizeof line,
                   "ingest: %ld docs (%ld already stored), %ld sentences, %ld events | "
                   "%.0f docs/s, %.0f sentences/s, %.0f events/s",
                   docs, skipped, sents, events, docs * r, sents * r, events * r);
  if (n < 0 || (size_t)n >= sizeof line) n = (int)strlen(line);
  if (!final && g->file_start && g->total && g->done > 0) {
    double frac = (double)g->done / (double)g->total;
    fmt_duration(el / frac - el, eta, sizeof eta);
    snprintf(line + n, sizeof line - (size_t)n, " | %.0f%%, ETA %s", 100 * frac, eta);
  } else if (final) {
    fmt_duration(el, eta, sizeof eta);
    snprintf(line + n, sizeof line - (size_t)n, " | done in %s", eta);
  }
  cli_progress(line);
  if (final) {
    fputc('\n', stderr);
    cli_progress(NULL);
  }
}

/* Waits for the writer to store what is queued (the documents point
 * into the dictionaries, which are freed next). */
static void ingest_end(void *ctx) {
  ingest *g = ctx;
  pthread_mutex_lock(&g->mu);
  g->closing = true;
  pthread_cond_signal(&g->nonempty);
  pthread_mutex_unlock(&g->mu);
  pthread_join(g->writer, NULL);
  g->joined = true;
}

/* Queues a coded document for the writer (waiting while the queue is
 * full); DL_DB, with the writer's message, once the writer has failed. */
static int ingest_emit(void *ctx, dl_doc *doc, dl_err *err) {
  ingest *g = ctx;
  pthread_mutex_lock(&g->mu);
  while (g->count == QUEUE_CAP && !g->failed) {
    g->reader_waiting = true;
    pthread_cond_wait(&g->nonfull, &g->mu);
  }
  g->reader_waiting = false;
  if (g->failed) {
    *err = g->werr;
    pthread_mutex_unlock(&g->mu);
    dl_doc_free(doc);
    return DL_DB;
  }
  g->queue[(g->head + g->count) % QUEUE_CAP] = doc;
  g->count++;
  /* wake an idle writer once a few documents wait (or at once when it is
   * the last stretch: ingest_end signals too) */
  if (g->writer_idle && g->count >= 8) pthread_cond_signal(&g->nonempty);
  pthread_mutex_unlock(&g->mu);
  show_progress(g, false);
  return DL_OK;
}

static const char ingest_usage[] =
    "usage: dateline ingest --db FILE [options] [FILE|DIR ...]\n"
    "\n"
    "Codes articles as `dateline code` does and stores documents, sentences,\n"
    "events, quotations and mentions in an SQLite database (created when\n"
    "missing; schema in docs/schema.md). A document already in the store\n"
    "(same source and text) is skipped, so running it again after an\n"
    "interruption resumes. Each batch is one transaction. On a terminal a\n"
    "progress line shows the rates and the time left.\n"
    "\n"
    "options:\n"
    "  --db FILE          the database (required)\n"
    "  --batch N          documents per transaction at most (default 10000);\n"
    "                     a batch is committed every 2 seconds anyway\n"
    "  -j N               worker threads (default: one per core; 1: none)\n"
    "  --date, --input-format, --max-doc-mb, --actors, --no-default-actors,\n"
    "  --gazetteer, --data, --models, --no-parse, -q   as for dateline code\n"
    "  -h, --help         this help\n"
    "\n"
    "exit status: 0 all inputs stored, 1 some input failed (reported, the\n"
    "rest stored), 2 usage, system or database error, 3 model or dictionary\n"
    "failed to load.\n";

/* data/cameo.tsv of the dictionaries in use. */
static void codes_path(const run_opts *o, char *out, size_t n) {
  const char *dir = o->data ? o->data : getenv("DATELINE_DATA_DIR");
#ifdef DL_DEFAULT_DATA
  if (!dir) dir = DL_DEFAULT_DATA;
#endif
  if (!dir) dir = "data";
  snprintf(out, n, "%s/cameo.tsv", dir);
}

int dl_cmd_ingest(int argc, char **argv) {
  run_opts o = {0};
  const char *db = NULL;
  /* A commit writes every page the batch changed to the WAL (index pages
   * again and again with small batches: at 500 documents a third of the
   * writer's time); the 2-second commit keeps readers up to date. */
  long batch = 10000;
  char **paths = calloc((size_t)argc + 1, sizeof *paths);
  int np = 0;
  if (!paths) return EXIT_USAGE;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int c = cli_common_opt(argc, argv, &i, &o);
    if (c < 0) goto usage;
    if (c > 0) continue;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(ingest_usage, stdout);
      free(paths);
      return EXIT_OK;
    } else if (!strcmp(a, "--db") && i + 1 < argc) {
      db = argv[++i];
    } else if (!strcmp(a, "--batch") && i + 1 < argc) {
      char *end;
      batch = strtol(argv[++i], &end, 10);
      if (*end || batch < 1 || batch > 1000000) {
        cli_error("--batch needs a number of documents (1-1000000)");
        goto usage;
      }
    } else if (a[0] == '-' && a[1] != '\0') {
      cli_error("ingest: unknown option %s (see dateline ingest --help)", a);
      goto usage;
    } else {
      paths[np++] = argv[i];
    }
  }
  if (!db) {
    cli_error("ingest: --db FILE is required");
    goto usage;
  }
  if (o.jobs == 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = n > 0 && n <= 64 ? (int)n : 1;
  }
  /* the store and SQLite's files beside it are never inputs, also when
   * they sit in a directory being ingested */
  char side[3][4096];
  static const char *const suffix[3] = {"-wal", "-shm", "-journal"};
  o.skip[0] = db;
  for (int k = 0; k < 3; k++) {
    snprintf(side[k], sizeof side[k], "%s%s", db, suffix[k]);
    o.skip[k + 1] = side[k];
  }
  dl_err err = {0};
  ingest g;
  memset(&g, 0, sizeof g);
  g.batch_size = batch;
  g.tty = isatty(STDERR_FILENO);
  if (dl_store_open(db, DL_STORE_WRITE, &g.store, &err) ||
      dl_store_open(db, DL_STORE_READ, &g.lookup, &err)) {
    cli_error("%s", err.msg);
    dl_store_close(g.store);
    free(paths);
    return EXIT_USAGE;
  }
  if (!dl_store_has_fts(g.store))
    cli_error("warning: %s: this SQLite library has no FTS5; the store works, but text "
              "filters (--text) will scan the sentences instead of using an index", db);
  char codes[4096];
  codes_path(&o, codes, sizeof codes);
  if (dl_store_load_codes(g.store, codes, &err))
    cli_error("warning: %s (events will have no names)", err.msg);
#ifdef M_TRIM_THRESHOLD
  /* The writer frees the coded documents in bursts, in another thread
   * than the workers that made them: glibc would give the freed memory
   * back to the system and the workers fault it in again (some 7,000 page
   * faults in a GigaWord run). Keep up to 64 MiB, and serve the documents'
   * arena blocks (up to 32 MiB) from the heaps, not by mmap each time. */
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
  g.started = now_s();
  pthread_mutex_init(&g.mu, NULL);
  pthread_cond_init(&g.nonempty, NULL);
  pthread_cond_init(&g.nonfull, NULL);
  int status;
  if (pthread_create(&g.writer, NULL, writer_main, &g)) {
    cli_error("cannot start the writer thread");
    status = EXIT_USAGE;
  } else {
    cli_hooks hooks = {.emit = ingest_emit,
                       .emit_takes_doc = true,
                       .skip = ingest_skip,
                       .begin = ingest_begin,
                       .read = ingest_read,
                       .end = ingest_end,
                       .ctx = &g};
    status = cli_run_inputs(paths, np, &o, &hooks);
    if (!g.joined) ingest_end(&g); /* the run ended before reading */
    if (g.failed) {
      /* reported by the run when it stopped it; else (the last batch) here */
      if (status != EXIT_USAGE) cli_error("%s", g.werr.msg);
      status = EXIT_USAGE;
    }
    show_progress(&g, true);
  }
  pthread_cond_destroy(&g.nonempty);
  pthread_cond_destroy(&g.nonfull);
  pthread_mutex_destroy(&g.mu);
  dl_store_close(g.lookup);
  dl_store_close(g.store);
  free(g.file_start);
  free(paths);
  return status;
usage:
  free(paths);
  fputs("usage: dateline ingest --db FILE [options] [FILE|DIR ...]  (--help for more)\n", stderr);
  return EXIT_USAGE;
}

/* ----------------------------------------------------------- queries */

typedef struct query_opts {
  const char *db, *format, *out, *title;
  dl_filter f;
  char dyad[256];
} query_opts;

static const char filter_help[] =
    "filters (all optional; an actor is a code prefix, USA matching USAGOV,\n"
    "or an entity name such as \"Donald Trump\"):\n"
    "  --source A, --target A   the event's source, target\n"
    "  --actor A                either side\n"
    "  --dyad A:B               between A and B, either way\n"
    "  --root RR                CAMEO root code (04)\n"
    "  --code CODE              CAMEO code and the codes under it (044)\n"
    "  --mode M                 asserted, negated, future, hypothetical,\n"
    "                           conditional\n"
    "  --from DATE, --to DATE   YYYY, YYYY-MM or YYYY-MM-DD, both inclusive\n"
    "  --text \"WORDS\"           sentences holding all the words\n"
    "  --speaker X              events whose source is X: its code by prefix,\n"
    "                           or words of its entity's name or its mention\n"
    "                           (\"Pompeo\" finds Mike Pompeo, also where the\n"
    "                           text says \"he\"); quotes: the speaker, the same way\n"
    "  --per-doc                one row per document's report, not merged\n"
    "  --limit N                at most N rows\n";

/* Parses --db and the filters; returns 1 when argv[*i] was one, 0 if
 * not, -1 on a usage error. */
static int query_opt(int argc, char **argv, int *i, query_opts *q) {
  static const char *const takes[] = {"--db", "--source", "--target", "--actor", "--dyad",
                                      "--root", "--code", "--mode", "--from", "--to",
                                      "--text", "--speaker", "--limit", "--format", "-o",
                                      "--out", "--title"};
  const char *a = argv[*i];
  if (!strcmp(a, "--per-doc")) {
    q->f.per_doc = 1;
    return 1;
  }
  size_t k = 0, nt = sizeof takes / sizeof *takes;
  while (k < nt && strcmp(a, takes[k])) k++;
  if (k == nt) return 0;
  if (*i + 1 >= argc) {
    cli_error("%s needs a value", a);
    return -1;
  }
  const char *v = argv[++*i];
  dl_filter *f = &q->f;
  if (!strcmp(a, "--db")) q->db = v;
  else if (!strcmp(a, "--source")) f->source = v;
  else if (!strcmp(a, "--target")) f->target = v;
  else if (!strcmp(a, "--actor")) f->actor = v;
  else if (!strcmp(a, "--root")) f->root = v;
  else if (!strcmp(a, "--code")) f->code = v;
  else if (!strcmp(a, "--mode")) f->mode = v;
  else if (!strcmp(a, "--text")) f->text = v;
  else if (!strcmp(a, "--speaker")) f->speaker = v;
  else if (!strcmp(a, "--format")) q->format = v;
  else if (!strcmp(a, "-o") || !strcmp(a, "--out")) q->out = v;
  else if (!strcmp(a, "--title")) q->title = v;
  else if (!strcmp(a, "--from") || !strcmp(a, "--to")) {
    *(a[2] == 'f' ? &f->from : &f->to) = v;
  } else if (!strcmp(a, "--limit")) {
    char *end;
    long long n = strtoll(v, &end, 10);
    if (*end || n < 1) {
      cli_error("--limit needs a positive number");
      return -1;
    }
    f->limit = n;
  } else if (!strcmp(a, "--dyad")) {
    snprintf(q->dyad, sizeof q->dyad, "%s", v);
    char *colon = strchr(q->dyad, ':');
    if (!colon || colon == q->dyad || !colon[1] || strlen(v) >= sizeof q->dyad) {
      cli_error("--dyad needs two actors A:B, as in USA:PRK");
      return -1;
    }
    *colon = '\0';
    f->dyad_a = q->dyad;
    f->dyad_b = colon + 1;
  }
  return 1;
}

/* Parses a query command's options; returns -1 on a usage error, 1 after
 * printing help, 0 to go on. */
static int parse_query(int argc, char **argv, query_opts *q, const char *usage) {
  for (int i = 1; i < argc; i++) {
    int c = query_opt(argc, argv, &i, q);
    if (c < 0) return -1;
    if (c > 0) continue;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage, stdout);
      fputs("\n", stdout);
      fputs(filter_help, stdout);
      return 1;
    }
    cli_error("%s: unknown option or argument %s (see dateline %s --help)", argv[0], argv[i],
              argv[0]);
    return -1;
  }
  if (!q->db) {
    cli_error("%s: --db FILE is required", argv[0]);
    return -1;
  }
  dl_filter *f = &q->f;
  if (f->mode) { /* one of the modes, in any case */
    static const char *const modes[] = {"asserted", "negated", "future", "hypothetical",
                                        "conditional", NULL};
    int k = 0;
    while (modes[k] && strcasecmp(modes[k], f->mode)) k++;
    if (!modes[k]) {
      cli_error("--mode needs asserted, negated, future, hypothetical or conditional, not '%s'",
                f->mode);
      return -1;
    }
    f->mode = modes[k];
  }
  /* CAMEO codes: a root of two digits, a code of two to four */
  const char *codes[2] = {f->root, f->code};
  for (int k = 0; k < 2; k++) {
    const char *c = codes[k];
    if (!c) continue;
    size_t n = strlen(c);
    bool ok = k == 0 ? n == 2 : n >= 2 && n <= 4;
    for (size_t j = 0; ok && j < n; j++) ok = c[j] >= '0' && c[j] <= '9';
    if (!ok) {
      cli_error(k == 0 ? "--root needs a CAMEO root of two digits (04), not '%s'"
                       : "--code needs a CAMEO code of two to four digits (044), not '%s'",
                c);
      return -1;
    }
  }
  const char *dates[2] = {f->from, f->to};
  for (int k = 0; k < 2; k++) {
    const char *d = dates[k];
    if (!d) continue;
    size_t n = strlen(d);
    bool ok = n == 4 || n == 7 || n == 10;
    for (size_t j = 0; ok && j < n; j++)
      ok = (j == 4 || j == 7) ? d[j] == '-' : (d[j] >= '0' && d[j] <= '9');
    if (ok && n >= 7) { /* a real month, and a real day of it */
      int m = atoi(d + 5);
      ok = m >= 1 && m <= 12;
      if (ok && n == 10) ok = cli_valid_date(d);
    }
    if (!ok) {
      cli_error("%s needs a date YYYY, YYYY-MM or YYYY-MM-DD, not '%s'", k ? "--to" : "--from",
                d);
      return -1;
    }
  }
  return 0;
}

/* Opens the store for a query; NULL after a message. */
static dl_store *open_read(const char *db) {
  dl_store *s = NULL;
  dl_err err = {0};
  if (dl_store_open(db, DL_STORE_READ, &s, &err)) {
    cli_error("%s", err.msg);
    return NULL;
  }
  return s;
}

/* Opens -o FILE or standard output. */
static FILE *open_out(const char *path) {
  if (!path || !strcmp(path, "-")) return stdout;
  FILE *fp = fopen(path, "w");
  if (!fp) cli_error("%s: cannot write", path);
  return fp;
}

static int close_out(FILE *fp, const char *path, int status) {
  if (fp != stdout && fclose(fp) != 0) {
    cli_error("%s: write error", path);
    return EXIT_USAGE;
  }
  if (fp == stdout && fflush(stdout) != 0) {
    cli_error("write error on standard output");
    return EXIT_USAGE;
  }
  return status;
}

static int finish(int rc, const dl_err *err) {
  if (rc == DL_OK) return EXIT_OK;
  cli_error("%s", err->msg);
  return EXIT_USAGE;
}

static const char events_usage[] =
    "usage: dateline events --db FILE [filters] [--format F] [-o FILE]\n"
    "\n"
    "Lists the stored events in date order. The same event (date, source,\n"
    "target, code) reported by several documents is one row, with the\n"
    "reports counted and their sources listed.\n"
    "\n"
    "  --format F   table (default on a terminal), jsonl (default otherwise),\n"
    "               csv, tsv, or phoenix (Phoenix event data columns, TSV\n"
    "               without header, asserted events dated to the day only;\n"
    "               docs/schema.md)\n"
    "  -o FILE      write to FILE\n";

static int run_listing(int argc, char **argv, const char *usage, bool quotes) {
  query_opts q;
  memset(&q, 0, sizeof q);
  int c = parse_query(argc, argv, &q, usage);
  if (c) return c > 0 ? EXIT_OK : EXIT_USAGE;
  if (q.title) {
    cli_error("%s: --title is the report's (see dateline %s --help)", argv[0], argv[0]);
    return EXIT_USAGE;
  }
  dl_rows_format fmt = isatty(STDOUT_FILENO) && !q.out ? DL_ROWS_TABLE : DL_ROWS_JSONL;
  if (q.format && (dl_rows_format_parse(q.format, &fmt) ||
                   (quotes && fmt == DL_ROWS_PHOENIX))) {
    cli_error("%s: --format needs table, jsonl, csv, tsv%s, not %s", argv[0],
              quotes ? "" : " or phoenix", q.format);
    return EXIT_USAGE;
  }
  dl_store *s = open_read(q.db);
  if (!s) return EXIT_USAGE;
  FILE *fp = open_out(q.out);
  if (!fp) {
    dl_store_close(s);
    return EXIT_USAGE;
  }
  dl_err err = {0};
  int rc = quotes ? dl_write_quotes(s, &q.f, fmt, fp, &err) : dl_write_events(s, &q.f, fmt, fp, &err);
  dl_store_close(s);
  return close_out(fp, q.out, finish(rc, &err));
}

int dl_cmd_events(int argc, char **argv) { return run_listing(argc, argv, events_usage, false); }

static const char quotes_usage[] =
    "usage: dateline quotes --db FILE [--speaker X] [filters] [--format F] [-o FILE]\n"
    "\n"
    "Lists the stored quotations in date order. --speaker matches the\n"
    "speaker's code by prefix, or words of the speaker's entity name or\n"
    "text; --text matches words of the quotation; event filters keep the\n"
    "quotations of documents reporting a selected event.\n"
    "\n"
    "  --format F   table (default on a terminal), jsonl, csv or tsv\n"
    "  -o FILE      write to FILE\n";

int dl_cmd_quotes(int argc, char **argv) { return run_listing(argc, argv, quotes_usage, true); }

static const char timeline_usage[] =
    "usage: dateline timeline --db FILE [filters] [-o FILE]\n"
    "\n"
    "A dated timeline for people: each event (merged across documents) with\n"
    "its code's name, the sentence that reports it, and the quotations\n"
    "around it.\n";

int dl_cmd_timeline(int argc, char **argv) {
  query_opts q;
  memset(&q, 0, sizeof q);
  int c = parse_query(argc, argv, &q, timeline_usage);
  if (c) return c > 0 ? EXIT_OK : EXIT_USAGE;
  if (q.format || q.title) {
    cli_error("timeline: %s is not one of its options (see dateline timeline --help)",
              q.format ? "--format" : "--title");
    return EXIT_USAGE;
  }
  dl_store *s = open_read(q.db);
  if (!s) return EXIT_USAGE;
  FILE *fp = open_out(q.out);
  if (!fp) {
    dl_store_close(s);
    return EXIT_USAGE;
  }
  dl_err err = {0};
  int rc = dl_report_timeline(s, &q.f, fp, &err);
  dl_store_close(s);
  return close_out(fp, q.out, finish(rc, &err));
}

static const char report_usage[] =
    "usage: dateline report --db FILE [--out report.html] [--title T] [filters]\n"
    "\n"
    "Writes one self-contained HTML page (no scripts, nothing fetched): the\n"
    "weekly Goldstein series of the selected events as a plot, the most\n"
    "active actors, the timeline and the quotations. --out defaults to\n"
    "report.html.\n";

int dl_cmd_report(int argc, char **argv) {
  query_opts q;
  memset(&q, 0, sizeof q);
  int c = parse_query(argc, argv, &q, report_usage);
  if (c) return c > 0 ? EXIT_OK : EXIT_USAGE;
  if (q.format) {
    cli_error("report: it writes HTML only; --format is not one of its options");
    return EXIT_USAGE;
  }
  if (!q.out) q.out = "report.html";
  dl_store *s = open_read(q.db);
  if (!s) return EXIT_USAGE;
  FILE *fp = open_out(q.out);
  if (!fp) {
    dl_store_close(s);
    return EXIT_USAGE;
  }
  char title[320];
  if (!q.title && q.f.dyad_a)
    snprintf(title, sizeof title, "Events between %s and %s", q.f.dyad_a, q.f.dyad_b);
  else
    snprintf(title, sizeof title, "%s", q.title ? q.title : "Dateline report");
  dl_err err = {0};
  int rc = dl_report_html(s, &q.f, title, fp, &err);
  dl_store_close(s);
  return close_out(fp, q.out, finish(rc, &err));
}
