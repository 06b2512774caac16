/*
 * util.c -- input expansion and small helpers for the subcommands.
 */
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

static void walk(strvec *out, const char *path, size_t *failed, int depth) {
  struct stat st;
  if (stat(path, &st) != 0) {
    cli_error("%s: %s", path, strerror(errno));
    (*failed)++;
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    push(out, path);
    return;
  }
  if (depth > 32) {
    cli_error("%s: directories nested too deep; skipped", path);
    (*failed)++;
    return;
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
      walk(out, full, failed, depth + 1);
      free(full);
    } else {
      out->oom = true;
    }
    free(names.v[i]);
  }
  free(names.v);
  if (names.oom) out->oom = true;
}

char **cli_expand_inputs(char **paths, int n, size_t *failed) {
  strvec out = {0};
  if (n == 0) push(&out, "-");
  for (int i = 0; i < n; i++) {
    if (!strcmp(paths[i], "-")) push(&out, "-");
    else walk(&out, paths[i], failed, 0);
  }
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
