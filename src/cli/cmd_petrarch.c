/*
 * cmd_petrarch.c -- `dateline eval petrarch FILE.xml`: codes the sentences
 * of a PETRARCH validation file from their raw <Text> (the <Parse> is
 * ignored: we tag and parse ourselves) and compares the events with the
 * file's <EventCoding> lines.
 *
 * The dictionaries are the ones the file's <Environment> names (Verbfile,
 * Actorfile, Agentfile, Discardfile), looked up beside the file; nothing
 * of Dateline's own lexicon or actors is used. <Config option= value=>
 * elements between records take effect from there on and keep their value
 * until set again (require_dyad, new_actor_length, comma_*: see
 * dl_events_set_option); stop_on_error concerns PETRARCH's run, not the
 * coding, and is passed over; others are reported as not supported, once
 * each.
 *
 * A record counts when it is marked sentence="true", or when no record of
 * the file is marked at all. It is right when the set of coded (source,
 * target, code) triples, any mode, equals the gold set; noevents="True"
 * and error="..." records are right when nothing is coded. Missing sides
 * are "---" as PETRARCH writes them. Prints the records that are wrong
 * with -v, a line per category, and last:
 *   records <right>/<total> precision <p> recall <r>
 * where precision and recall count triples over all records.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"

typedef struct triple {
  char src[80], tgt[80], code[16]; /* new actors are quoted phrases */
} triple;

/* The value of attribute `name` in the tag text [s, e), into out. */
static bool attr(const char *s, const char *e, const char *name, char *out, size_t cap) {
  size_t nl = strlen(name);
  for (const char *p = s; p + nl < e; p++) {
    if (strncmp(p, name, nl) || (p > s && p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n'))
      continue;
    const char *q = p + nl;
    while (q < e && (*q == ' ' || *q == '\t')) q++;
    if (q >= e || *q != '=') continue;
    q++;
    while (q < e && (*q == ' ' || *q == '\t')) q++;
    if (q >= e || (*q != '"' && *q != '\'')) continue;
    char quote = *q++;
    const char *v = q;
    while (q < e && *q != quote) q++;
    /* entities decoded: sourcecode="&quot;THE MINISTRY OF MAGIC&quot;" */
    static const char *const ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                                         {"&quot;", "\""}, {"&apos;", "'"}};
    size_t o = 0;
    for (const char *x = v; x < q && o + 1 < cap; x++) {
      size_t k = 0;
      while (k < 5 && (*x != '&' || (size_t)(q - x) < strlen(ent[k][0]) ||
                       strncmp(x, ent[k][0], strlen(ent[k][0]))))
        k++;
      out[o++] = k < 5 ? ent[k][1][0] : *x;
      if (k < 5) x += strlen(ent[k][0]) - 1;
    }
    out[o] = '\0';
    return true;
  }
  return false;
}

/* The text between <tag> and </tag> after p (bounded by end), or NULL. */
static const char *element(const char *p, const char *end, const char *tag, size_t *len) {
  char open[64], close[64];
  snprintf(open, sizeof open, "<%s>", tag);
  snprintf(close, sizeof close, "</%s>", tag);
  const char *a = strstr(p, open);
  if (!a || a >= end) return NULL;
  a += strlen(open);
  const char *b = strstr(a, close);
  if (!b || b > end) return NULL;
  *len = (size_t)(b - a);
  return a;
}

/* XML text to plain: entities decoded, runs of white space one space. */
static size_t xml_text(const char *s, size_t n, char *out) {
  size_t o = 0;
  bool sp = true;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (ch == '&') {
      static const char *const ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                                           {"&quot;", "\""}, {"&apos;", "'"}};
      bool done = false;
      for (size_t k = 0; k < 5 && !done; k++) {
        size_t el = strlen(ent[k][0]);
        if (i + el <= n && !strncmp(s + i, ent[k][0], el)) {
          out[o++] = ent[k][1][0];
          i += el - 1;
          done = true;
        }
      }
      if (done) {
        sp = false;
        continue;
      }
    }
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
      if (!sp) out[o++] = ' ';
      sp = true;
      continue;
    }
    out[o++] = ch;
    sp = false;
  }
  while (o && out[o - 1] == ' ') o--;
  out[o] = '\0';
  return o;
}

static bool same(const triple *a, const triple *b) {
  return !strcmp(a->src, b->src) && !strcmp(a->tgt, b->tgt) && !strcmp(a->code, b->code);
}

static int load_env(const char *dir, const char *env, size_t env_len, dl_actors **act,
                    dl_events **lex, dl_err *err) {
  static const char *const tags[] = {"Actorfile", "Agentfile", "Discardfile", "Verbfile"};
  if (dl_actors_new(act, err) || dl_events_new(lex, err)) return 1;
  const char *end = env + env_len;
  /* the CAMEO code table gives names and weights to the codes it knows */
#ifdef DL_DEFAULT_DATA
  {
    char path[4096];
    snprintf(path, sizeof path, "%s/cameo.tsv", DL_DEFAULT_DATA);
    dl_err e2 = {0};
    dl_events_load(*lex, path, &e2);
  }
#endif
  for (size_t k = 0; k < 4; k++) {
    size_t n;
    const char *v = element(env, end, tags[k], &n);
    if (!v) continue;
    while (n && (*v == ' ' || *v == '\n')) v++, n--;
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\n')) n--;
    char path[8192];
    if (n > 1024) n = 1024;
    snprintf(path, sizeof path, "%s/%.*s", dir, (int)n, v);
    int rc = k < 3 ? dl_actors_load(*act, path, err) : dl_events_load(*lex, path, err);
    if (rc) return 1;
  }
  return 0;
}

int dl_cmd_eval_petrarch(int argc, char **argv) {
  static const char usage[] =
      "usage: dateline eval petrarch [-v] [--models DIR] FILE.xml\n"
      "\n"
      "Codes each <Sentence> of a PETRARCH validation file from its raw text\n"
      "with the dictionaries its <Environment> names (found beside the file)\n"
      "and compares the events with its <EventCoding> lines. -v prints every\n"
      "record that comes out wrong. Last line:\n"
      "  records <right>/<total> precision <p> recall <r>\n";
  const char *path = NULL, *models = NULL;
  int verbose = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage, stdout);
      return EXIT_OK;
    }
    if (!strcmp(argv[i], "-v")) verbose = 1;
    else if (!strcmp(argv[i], "--models") && i + 1 < argc) models = argv[++i];
    else if (argv[i][0] == '-' || path) {
      fputs(usage, stderr);
      return EXIT_USAGE;
    } else path = argv[i];
  }
  if (!path) {
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  size_t len;
  FILE *fp = fopen(path, "rb");
  char *buf = fp ? cli_slurp(fp, &len) : NULL;
  if (fp) fclose(fp);
  if (!buf) {
    cli_error("%s: cannot read: %s", path, strerror(errno));
    return EXIT_USAGE;
  }
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash) *slash = '\0';
  else snprintf(dir, sizeof dir, ".");
  const char *end = buf + len;
  size_t env_len;
  const char *env = element(buf, end, "Environment", &env_len);
  dl_err err = {0};
  dl_actors *act = NULL;
  dl_events *lex = NULL;
  dl_nlp *nlp = NULL;
  dl_text *tx = NULL;
  dl_time *tm = NULL;
  int status = EXIT_OK;
  if (!env) {
    cli_error("%s: no <Environment> naming the dictionaries", path);
    free(buf);
    return EXIT_USAGE;
  }
  if (load_env(dir, env, env_len, &act, &lex, &err) ||
      dl_nlp_load(cli_models_dir(models), &nlp, &err) || dl_text_new(&tx, &err) ||
      dl_time_new(&tm, &err)) {
    cli_error("%s", err.msg);
    status = EXIT_MODEL;
    goto out;
  }
  bool marked = strstr(buf, "sentence=\"true\"") != NULL;
  cli_tally cats[64];
  int ncats = 0, total = 0, right = 0;
  long gold_n = 0, sys_n = 0, hit_n = 0;
  char warned[8][64];
  int nwarned = 0;
  for (const char *p = buf; p < end;) {
    const char *cfg = strstr(p, "<Config");
    const char *sen = strstr(p, "<Sentence ");
    const char *com = strstr(p, "<!--");
    if (!sen && !cfg) break;
    if (com && (!cfg || com < cfg) && (!sen || com < sen)) {
      const char *ce = strstr(com, "-->");
      if (!ce) break;
      p = ce + 3;
      continue;
    }
    if (cfg && (!sen || cfg < sen)) {
      const char *ce = strchr(cfg, '>');
      if (!ce) break;
      char opt[64], val[64];
      if (attr(cfg, ce, "option", opt, sizeof opt) && attr(cfg, ce, "value", val, sizeof val)) {
        dl_err e2 = {0};
        if (strcasecmp(opt, "stop_on_error") && dl_events_set_option(lex, opt, val, &e2)) {
          bool seen = false;
          for (int k = 0; k < nwarned; k++) seen |= !strcmp(warned[k], opt);
          if (!seen && nwarned < 8) {
            snprintf(warned[nwarned++], 64, "%s", opt);
            fprintf(stderr, "dateline: %s: <Config option=\"%s\">: %s; ignored\n", path, opt,
                    e2.msg);
          }
        }
      }
      p = ce + 1;
      continue;
    }
    const char *te = strchr(sen, '>');
    const char *se = te ? strstr(te, "</Sentence>") : NULL;
    if (!te || !se) break;
    p = se + 11;
    char id[64] = "", date[16] = "", category[24] = "-", flag[16] = "";
    attr(sen, te, "id", id, sizeof id);
    attr(sen, te, "date", date, sizeof date);
    attr(sen, te, "category", category, sizeof category);
    attr(sen, te, "sentence", flag, sizeof flag);
    if (marked && strcasecmp(flag, "true")) continue;
    /* the gold */
    triple gold[32];
    int ng = 0;
    for (const char *q = te; q < se && ng < 32;) {
      const char *ec = strstr(q, "<EventCoding");
      if (!ec || ec > se) break;
      const char *ee = strchr(ec, '>');
      if (!ee) break;
      triple t;
      if (attr(ec, ee, "eventcode", t.code, sizeof t.code)) {
        if (!attr(ec, ee, "sourcecode", t.src, sizeof t.src)) snprintf(t.src, 4, "---");
        if (!attr(ec, ee, "targetcode", t.tgt, sizeof t.tgt)) snprintf(t.tgt, 4, "---");
        gold[ng++] = t;
      }
      q = ee + 1;
    }
    size_t tl;
    const char *tv = element(te, se, "Text", &tl);
    if (!tv) continue;
    char *text = malloc(tl + 1);
    if (!text) break;
    size_t n = xml_text(tv, tl, text);
    triple sys[64];
    int nsys = 0;
    dl_doc *d = NULL;
    if (dl_text_parse_string(tx, text, n, &d, &err) == DL_OK) {
      if (strlen(date) == 8) {
        char ymd[11];
        snprintf(ymd, sizeof ymd, "%.4s-%.2s-%.2s", date, date + 4, date + 6);
        if (cli_valid_date(ymd)) dl_doc_set_ref_date(d, ymd, DL_DATE_META);
      }
      if (!dl_nlp_run(nlp, d, &err) && !dl_time_run(tm, d, &err) && !dl_actors_run(act, d, &err) &&
          !dl_events_run(lex, d, &err)) {
        size_t ne;
        const dl_event *ev = dl_doc_events(d, &ne);
        for (size_t k = 0; k < ne && nsys < 64; k++) {
          triple t;
          snprintf(t.src, sizeof t.src, "%s", ev[k].source.code ? ev[k].source.code : "---");
          snprintf(t.tgt, sizeof t.tgt, "%s", ev[k].target.code ? ev[k].target.code : "---");
          snprintf(t.code, sizeof t.code, "%s", ev[k].cameo);
          bool dup = false;
          for (int j = 0; j < nsys; j++) dup |= same(&sys[j], &t);
          if (!dup) sys[nsys++] = t;
        }
      }
      dl_doc_free(d);
    }
    int hits = 0;
    for (int i = 0; i < nsys; i++)
      for (int j = 0; j < ng; j++)
        if (same(&sys[i], &gold[j])) {
          hits++;
          break;
        }
    bool ok = hits == nsys && hits == ng;
    gold_n += ng;
    sys_n += nsys;
    hit_n += hits;
    total++;
    right += ok;
    cli_tally_add(cats, &ncats, 64, category, ok);
    if (verbose && !ok) {
      printf("WRONG %s: %s\n  gold:", id, text);
      for (int j = 0; j < ng; j++) printf(" %s>%s:%s", gold[j].src, gold[j].tgt, gold[j].code);
      printf("\n  ours:");
      for (int j = 0; j < nsys; j++) printf(" %s>%s:%s", sys[j].src, sys[j].tgt, sys[j].code);
      printf("\n");
    }
    free(text);
  }
  for (int c = 0; c < ncats; c++)
    printf("%-12s %3d/%-3d\n", cats[c].name, cats[c].right, cats[c].n);
  printf("records %d/%d precision %.3f recall %.3f\n", right, total,
         sys_n ? (double)hit_n / (double)sys_n : 0.0, gold_n ? (double)hit_n / (double)gold_n : 0.0);
out:
  free(buf);
  dl_text_free(tx);
  dl_time_free(tm);
  dl_actors_free(act);
  dl_events_free(lex);
  dl_nlp_free(nlp);
  return status;
}
