/*
 * util.c -- input expansion and small helpers for the subcommands.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

/* Whether a progress line is on the terminal (cli_progress). */
static bool progress_shown;

void cli_progress(const char *line) {
  fputs("\r\033[K", stderr);
  progress_shown = line != NULL;
  if (line) fputs(line, stderr);
  fflush(stderr);
}

void cli_error(const char *fmt, ...) {
  va_list ap;
  if (progress_shown) {
    fputs("\r\033[K", stderr); /* the message replaces the progress line */
    progress_shown = false;
  }
  fputs("dateline: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

typedef struct strvec {
  char **v;
  size_t n, cap;
  bool oom;
} strvec;

static void push(strvec *s, const char *p) {
  if (s->oom) return;
  if (s->n + 1 >= s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    char **nv = realloc(s->v, cap * sizeof *nv);
    if (!nv) {
      s->oom = true;
      return;
    }
    s->v = nv;
    s->cap = cap;
  }
  char *d = strdup(p);
  if (!d) {
    s->oom = true;
    return;
  }
  s->v[s->n++] = d;
  s->v[s->n] = NULL;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What a walk over the inputs carries: the directories entered so far (a
 * link back up to one of them is a cycle) and the real paths to leave out. */
typedef struct walker {
  strvec *out;
  size_t *failed;
  struct {
    dev_t dev;
    ino_t ino;
  } seen[64];
  int n_seen;
  char *skip[8];
  int n_skip;
} walker;

static void walk(walker *w, const char *path, int depth) {
  strvec *out = w->out;
  size_t *failed = w->failed;
  struct stat st;
  if (stat(path, &st) != 0) {
    cli_error("%s: %s", path, strerror(errno));
    (*failed)++;
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    if (w->n_skip) {
      char *rp = realpath(path, NULL);
      for (int k = 0; rp && k < w->n_skip; k++)
        if (!strcmp(rp, w->skip[k])) {
          fprintf(stderr, "dateline: %s: written by this run; not read as input\n", path);
          free(rp);
          return;
        }
      free(rp);
    }
    push(out, path);
    return;
  }
  if (depth > 32) {
    cli_error("%s: directories nested too deep; skipped", path);
    (*failed)++;
    return;
  }
  /* a directory already being read, reached again through a link */
  for (int k = 0; k < w->n_seen; k++)
    if (w->seen[k].dev == st.st_dev && w->seen[k].ino == st.st_ino) return;
  int mark = w->n_seen;
  if (w->n_seen < 64) {
    w->seen[w->n_seen].dev = st.st_dev;
    w->seen[w->n_seen].ino = st.st_ino;
    w->n_seen++;
  }
  DIR *d = opendir(path);
  if (!d) {
    cli_error("%s: %s", path, strerror(errno));
    (*failed)++;
    return;
  }
  strvec names = {0};
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') push(&names, e->d_name);
  closedir(d);
  if (names.n) qsort(names.v, names.n, sizeof *names.v, cmp_str);
  for (size_t i = 0; i < names.n; i++) {
    size_t len = strlen(path) + strlen(names.v[i]) + 2;
    char *full = malloc(len);
    if (full) {
      snprintf(full, len, "%s%s%s", path,
               path[strlen(path) - 1] == '/' ? "" : "/", names.v[i]);
      walk(w, full, depth + 1);
      free(full);
    } else {
      out->oom = true;
    }
    free(names.v[i]);
  }
  free(names.v);
  if (names.oom) out->oom = true;
  w->n_seen = mark; /* siblings may link to each other: only ancestors make a cycle */
}

char **cli_expand_inputs(char **paths, int n, size_t *failed) {
  return cli_expand_inputs_skip(paths, n, NULL, failed);
}

char **cli_expand_inputs_skip(char **paths, int n, const char *const *skip, size_t *failed) {
  strvec out = {0};
  walker w = {.out = &out, .failed = failed};
  for (int k = 0; skip && skip[k] && w.n_skip < 8; k++) {
    /* the file may not exist yet (a store's -wal): its directory's real path */
    char *rp = realpath(skip[k], NULL);
    if (!rp) {
      const char *slash = strrchr(skip[k], '/');
      char dir[4096];
      snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - skip[k]) : 1,
               slash ? skip[k] : ".");
      if (slash == skip[k]) snprintf(dir, sizeof dir, "/");
      char *rd = realpath(dir, NULL);
      if (rd) {
        size_t len = strlen(rd) + strlen(slash ? slash + 1 : skip[k]) + 2;
        rp = malloc(len);
        if (rp) snprintf(rp, len, "%s/%s", strcmp(rd, "/") ? rd : "", slash ? slash + 1 : skip[k]);
        free(rd);
      }
    }
    if (rp) w.skip[w.n_skip++] = rp;
  }
  if (n == 0) push(&out, "-");
  for (int i = 0; i < n; i++) {
    if (!strcmp(paths[i], "-")) push(&out, "-");
    else walk(&w, paths[i], 0);
  }
  for (int k = 0; k < w.n_skip; k++) free(w.skip[k]);
  if (!out.oom && !out.v && !(out.v = calloc(1, sizeof *out.v))) out.oom = true;
  if (out.oom) {
    for (size_t i = 0; i < out.n; i++) free(out.v[i]);
    free(out.v);
    return NULL;
  }
  return out.v;
}

void cli_free_inputs(char **files) {
  if (!files) return;
  for (char **f = files; *f; f++) free(*f);
  free(files);
}

void cli_tally_add(cli_tally *t, int *n, int max, const char *name, bool ok) {
  int c = 0;
  while (c < *n && strcmp(t[c].name, name)) c++;
  if (c == *n) {
    if (*n == max) return;
    snprintf(t[c].name, sizeof t[c].name, "%s", name);
    t[c].n = t[c].right = 0;
    (*n)++;
  }
  t[c].n++;
  t[c].right += ok;
}

bool cli_valid_date(const char *s) {
  int y, m, d;
  char tail;
  if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || y < 1) return false;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
  return true;
}

const char *cli_models_dir(const char *opt) {
  if (opt) return opt;
  const char *env = getenv("DATELINE_MODELS");
  if (env && *env) return env;
#ifdef DL_DEFAULT_MODELS
  return DL_DEFAULT_MODELS;
#else
  return "models";
#endif
}

int cli_stages_load(cli_stages *s, const char *models, const char *data) {
  memset(s, 0, sizeof *s);
#ifdef DL_DEFAULT_DATA
  if (!data) data = DL_DEFAULT_DATA;
#endif
  if (!data) data = "data";
  dl_err err = {0};
  if (dl_nlp_load(cli_models_dir(models), &s->nlp, &err) || dl_actors_new(&s->act, &err) ||
      dl_actors_load_dir(s->act, data, &err) || dl_events_new(&s->lex, &err) ||
      dl_events_load_dir(s->lex, data, &err) || dl_time_new(&s->tm, &err) ||
      dl_text_new(&s->tx, &err)) {
    cli_error("%s", err.msg);
    return EXIT_MODEL;
  }
  return EXIT_OK;
}

int cli_stages_run(const cli_stages *s, dl_doc *d, dl_err *err) {
  int rc = dl_nlp_run(s->nlp, d, err);
  if (rc == DL_OK) rc = dl_time_run(s->tm, d, err);
  if (rc == DL_OK) rc = dl_actors_run(s->act, d, err);
  if (rc == DL_OK) rc = dl_events_run(s->lex, d, err);
  return rc;
}

void cli_stages_free(cli_stages *s) {
  dl_text_free(s->tx);
  dl_time_free(s->tm);
  dl_actors_free(s->act);
  dl_events_free(s->lex);
  dl_nlp_free(s->nlp);
  memset(s, 0, sizeof *s);
}

char *cli_slurp(FILE *fp, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (n + 1 == cap) {
      char *b = realloc(buf, cap * 2);
      if (!b) break;
      buf = b;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, fp);
    n += got;
    if (got == 0) {
      if (ferror(fp)) break;
      buf[n] = '\0';
      *len = n;
      return buf;
    }
  }
  free(buf);
  return NULL;
}
