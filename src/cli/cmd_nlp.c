/*
 * cmd_nlp.c -- the nlp subcommands of the dateline tool:
 *
 *   dateline train tagger|parser --train FILE --dev FILE --out FILE
 *                  [--iters N] [--seed N] [--tagger FILE]
 *       trains a model (src/nlp/tagger.c, parser.c) and prints the dev
 *       score after each iteration
 *   dateline parse [--models DIR] [FILE]
 *       raw text (a file or standard input) -> CoNLL-U on standard output,
 *       through the text stage (tokens, sentences) and the nlp stage
 *   dateline eval ud [--models DIR] FILE.conllu
 *       scores the models on a treebank: first a line for our own
 *       tokenization of each sentence's '# text' (words aligned with the
 *       gold ones by byte spans; F1 scores), then, as the last line,
 *       "UPOS p XPOS p LEMMA p UAS p LAS p" on the gold tokenization
 *
 * Exit codes: 0 ok, 1 an input failed, 2 usage or system error, 3 a model
 * failed to load.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/cmd_nlp.h"
#include "nlp/nlp_int.h"

/* ---------------------------------------------------------------- train */

static const char train_usage[] =
    "usage: dateline train tagger|parser --train FILE.conllu --dev "
    "FILE.conllu\n"
    "                      --out MODEL.dlm [--iters N] [--seed N] "
    "[--tagger MODEL.dlm]\n"
    "\n"
    "Trains the part-of-speech tagger (with its lemmatizer) or the\n"
    "dependency parser from a CoNLL-U treebank and writes the model file.\n"
    "Prints the score on the dev file after each iteration.\n"
    "\n"
    "  --iters N        passes over the training data (tagger 10, parser 15)\n"
    "  --seed N         shuffling and exploration seed (default 1)\n"
    "  --tagger FILE    parser: tag the dev file with this tagger model\n"
    "                   instead of using its gold tags\n"
    "  --jackknife K    parser: train on tags predicted by K taggers, each\n"
    "                   trained on the other folds (default 5; 0 = gold)\n"
    "  --tags-cache F   parser: keep the jackknifed tags in file F and reuse\n"
    "                   them when the data and options match (experiments)\n"
    "  --beam K         parser: beam width (default 1, greedy)\n";

/* Parses a non-negative integer option value; -1 when invalid. */
static long parse_count(const char *s) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *s == '\0' || *end != '\0' || v < 0) return -1;
  return v;
}

/* `dateline train`: options into variables, the corpora read, then the
 * library's trainer; the tagger's saved model is loaded back and scored on
 * dev, which checks the file round trip. Returns an exit code. */
int dl_cmd_train(int argc, char **argv) {
  const char *what = NULL, *train = NULL, *dev = NULL, *out = NULL;
  const char *tagger_path = NULL, *tags_cache = NULL;
  long iters = -1, seed = 1, jackknife = 5, beam = 1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(train_usage, stdout);
      return EXIT_OK;
    }
    const char **dst = !strcmp(a, "--train")    ? &train
                       : !strcmp(a, "--dev")    ? &dev
                       : !strcmp(a, "--out")    ? &out
                       : !strcmp(a, "--tagger") ? &tagger_path
                       : !strcmp(a, "--tags-cache") ? &tags_cache
                                                : NULL;
    if (dst || !strcmp(a, "--iters") || !strcmp(a, "--seed") ||
        !strcmp(a, "--jackknife") || !strcmp(a, "--beam")) {
      if (i + 1 >= argc) {
        cli_error("train: %s needs a value", a);
        return EXIT_USAGE;
      }
      const char *v = argv[++i];
      if (dst) {
        *dst = v;
      } else {
        long n = parse_count(v);
        if (n < 0 || (!strcmp(a, "--iters") && (n < 1 || n > 1000))) {
          cli_error("train: bad %s value '%s'", a, v);
          return EXIT_USAGE;
        }
        if (!strcmp(a, "--iters"))
          iters = n;
        else if (!strcmp(a, "--seed"))
          seed = n;
        else if (!strcmp(a, "--beam")) {
          if (n < 1 || n > 64) {
            cli_error("train: --beam takes 1..64");
            return EXIT_USAGE;
          }
          beam = n;
        } else if (n == 1 || n > 50) {
          cli_error("train: --jackknife takes 0 (off) or 2..50 folds");
          return EXIT_USAGE;
        } else
          jackknife = n;
      }
    } else if (a[0] == '-') {
      cli_error("train: unknown option '%s'", a);
      return EXIT_USAGE;
    } else if (!what) {
      what = a;
    } else {
      cli_error("train: unexpected argument '%s'", a);
      return EXIT_USAGE;
    }
  }
  /* what to train, and the mandatory files */
  bool is_tagger = what && !strcmp(what, "tagger");
  if (!what || (!is_tagger && strcmp(what, "parser")) || !train || !out) {
    fputs(train_usage, stderr);
    return EXIT_USAGE;
  }
  if (iters < 0) iters = is_tagger ? 10 : 15;
  dl_err err = {0};
  nlp_corpus tc, dc;
  bool have_dev = false;
  nlp_tagger *tagger = NULL;
  int rc = nlp_corpus_read(train, &tc, &err);
  if (rc != DL_OK) {
    cli_error("%s", err.msg);
    return EXIT_INPUT;
  }
  if (dev) {
    rc = nlp_corpus_read(dev, &dc, &err);
    if (rc != DL_OK) {
      cli_error("%s", err.msg);
      nlp_corpus_free(&tc);
      return EXIT_INPUT;
    }
    have_dev = true;
  }
  if (tagger_path && nlp_tagger_load(tagger_path, &tagger, &err) != DL_OK) {
    cli_error("%s", err.msg);
    nlp_corpus_free(&tc);
    if (have_dev) nlp_corpus_free(&dc);
    return EXIT_MODEL;
  }
  nlp_train_opts o = {(int)iters, (uint64_t)seed, stdout, tagger,
                      is_tagger ? 0 : (int)jackknife, 0, false, tags_cache,
                      (int)beam};
  rc = is_tagger ? nlp_tagger_train(&tc, have_dev ? &dc : NULL, &o, out, &err)
                 : nlp_parser_train(&tc, have_dev ? &dc : NULL, &o, out, &err);
  int status = EXIT_OK;
  if (rc != DL_OK) {
    cli_error("%s", err.msg);
    status = EXIT_USAGE;
  } else {
    struct stat st;
    if (stat(out, &st) == 0)
      printf("wrote %s (%lld bytes)\n", out, (long long)st.st_size);
    if (is_tagger && have_dev) { /* the saved model, as the pipeline sees it */
      nlp_tagger *t = NULL;
      if (nlp_tagger_load(out, &t, &err) != DL_OK) {
        cli_error("%s", err.msg);
        status = EXIT_MODEL;
      } else {
        size_t ok[3] = {0, 0, 0}, maxn = 1;
        for (size_t s = 0; s < dc.n; s++)
          if (dc.s[s].n > maxn) maxn = dc.s[s].n;
        const char **forms = malloc(maxn * sizeof *forms);
        nlp_tokfeat *tf = malloc(maxn * sizeof *tf);
        uint8_t *x = malloc(maxn), *u = malloc(maxn);
        for (size_t s = 0; forms && tf && x && u && s < dc.n; s++) {
          const nlp_sent *se = &dc.s[s];
          for (uint32_t i = 0; i < se->n; i++) forms[i] = se->w[i].form;
          nlp_tagger_tag(t, forms, se->n, tf, x, u);
          for (uint32_t i = 0; i < se->n; i++) {
            char lem[256];
            nlp_tagger_lemma(t, forms[i], x[i], lem, sizeof lem);
            ok[0] += u[i] == se->w[i].upos;
            ok[1] += x[i] == se->w[i].xpos;
            ok[2] += strcmp(lem, se->w[i].lemma) == 0;
          }
        }
        double nw = dc.n_words ? (double)dc.n_words : 1.0;
        printf("saved model on dev: UPOS %.2f XPOS %.2f LEMMA %.2f\n",
               100.0 * (double)ok[0] / nw, 100.0 * (double)ok[1] / nw,
               100.0 * (double)ok[2] / nw);
        free(forms);
        free(tf);
        free(x);
        free(u);
        nlp_tagger_free(t);
      }
    }
  }
  nlp_tagger_free(tagger);
  nlp_corpus_free(&tc);
  if (have_dev) nlp_corpus_free(&dc);
  if (fflush(stdout) != 0 && status == EXIT_OK) status = EXIT_USAGE;
  return status;
}

/* ---------------------------------------------------------------- parse */

static const char parse_usage[] =
    "usage: dateline parse [--models DIR] [--stats] [--beam K] [FILE]\n"
    "\n"
    "Tokenizes, tags, lemmatizes and parses raw English text (FILE, or\n"
    "standard input) and writes CoNLL-U to standard output.\n"
    "\n"
    "  --models DIR   the directory of tagger.dlm and parser.dlm (default:\n"
    "                 $DATELINE_MODELS, else the build's models/)\n"
    "  --stats        print to stderr the CPU time of model loading, of the\n"
    "                 text stage and of the nlp stage (tokens per second)\n"
    "  --beam K       parse with a beam of width K instead of the model's\n";

/* Seconds of CPU time used by this process (one thread here): what the
 * stages cost on one core, whatever else the machine is doing. */
static double now_sec(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Writes one document as CoNLL-U: per sentence a sent_id (numbered on
 * from *sent_no) and its text (newlines and tabs as spaces), then one line
 * per token with heads made sentence-relative (0 = root) and
 * SpaceAfter=No where no space follows inside the sentence. */
static void write_conllu(FILE *out, const dl_doc *doc, size_t *sent_no) {
  size_t nt, ns, blen;
  const dl_token *tok = dl_doc_tokens(doc, &nt);
  const dl_sentence *se = dl_doc_sentences(doc, &ns);
  const char *body = dl_doc_body(doc, &blen);
  for (size_t s = 0; s < ns; s++) {
    if (se[s].tok_end <= se[s].tok_begin) continue;
    fprintf(out, "# sent_id = %zu\n# text = ", ++*sent_no);
    for (uint32_t i = se[s].start; i < se[s].end && i < blen; i++)
      fputc(body[i] == '\n' || body[i] == '\t' ? ' ' : body[i], out);
    fputc('\n', out);
    uint32_t b = se[s].tok_begin;
    for (uint32_t i = b; i < se[s].tok_end; i++) {
      const dl_token *t = &tok[i];
      long h = t->head < 0 ? 0 : (long)t->head - (long)b + 1;
      if (h < 0 || h > (long)(se[s].tok_end - b)) h = 0;
      bool last = i + 1 == se[s].tok_end;
      fprintf(out, "%u\t%s\t%s\t%s\t%s\t_\t%ld\t%s\t_\t%s\n", i - b + 1,
              t->form ? t->form : "_", t->lemma ? t->lemma : "_",
              dl_upos_name(t->upos), dl_xpos_name(t->xpos), h,
              dl_deprel_name(t->deprel),
              (!(t->flags & DL_TOK_SPACE_AFTER) && !last) ? "SpaceAfter=No"
                                                           : "_");
    }
    fputc('\n', out);
  }
}

/* `dateline parse`: loads the models, reads the whole input, runs the text
 * stage and the nlp stage over it as one document, writes CoNLL-U.
 * Returns an exit code. */
int dl_cmd_parse(int argc, char **argv) {
  const char *models = NULL, *file = NULL;
  bool stats = false;
  long beam = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(parse_usage, stdout);
      return EXIT_OK;
    }
    if (!strcmp(a, "--stats")) {
      stats = true;
    } else if (!strcmp(a, "--beam")) {
      beam = i + 1 < argc ? parse_count(argv[++i]) : -1;
      if (beam < 1 || beam > 64) {
        cli_error("parse: --beam takes 1..64");
        return EXIT_USAGE;
      }
    } else if (!strcmp(a, "--models")) {
      if (i + 1 >= argc) {
        cli_error("parse: --models needs a value");
        return EXIT_USAGE;
      }
      models = argv[++i];
    } else if (a[0] == '-' && a[1] != '\0') {
      cli_error("parse: unknown option '%s'", a);
      return EXIT_USAGE;
    } else if (!file) {
      file = a;
    } else {
      cli_error("parse: one input file at most");
      return EXIT_USAGE;
    }
  }
  dl_err err = {0};
  dl_nlp *nlp = NULL;
  double t0 = now_sec();
  if (dl_nlp_load(cli_models_dir(models), &nlp, &err) != DL_OK) {
    cli_error("%s", err.msg);
    return EXIT_MODEL;
  }
  if (beam) nlp_parser_set_beam(nlp->parser, (uint32_t)beam);
  double t_load = now_sec() - t0;
  /* the input: a file, or standard input for none or "-" */
  bool std_in = !file || !strcmp(file, "-");
  FILE *fp = std_in ? stdin : fopen(file, "rb");
  if (!fp) {
    cli_error("%s: %s", file, strerror(errno));
    dl_nlp_free(nlp);
    return EXIT_INPUT;
  }
  size_t len = 0;
  char *buf = cli_slurp(fp, &len);
  if (!std_in) fclose(fp);
  if (!buf) {
    cli_error("%s: read failed", std_in ? "<stdin>" : file);
    dl_nlp_free(nlp);
    return EXIT_INPUT;
  }
  const char *shown = std_in ? "<stdin>" : file;
  if (len == 0 || dl_looks_binary(buf, len)) { /* as code reports them */
    cli_error("%s: %s; skipped", shown, len ? "binary data, not text" : "empty file");
    free(buf);
    dl_nlp_free(nlp);
    return EXIT_INPUT;
  }
  int status = EXIT_OK;
  dl_text *text = NULL;
  dl_doc *doc = NULL;
  size_t sent_no = 0;
  double t1 = now_sec(), t2 = t1, t3 = t1;
  int rc = dl_text_new(&text, &err);
  if (rc == DL_OK) rc = dl_text_parse_string(text, buf, len, &doc, &err);
  t2 = now_sec();
  if (rc == DL_OK) rc = dl_nlp_run(nlp, doc, &err);
  t3 = now_sec();
  if (rc != DL_OK) {
    cli_error("%s", err.msg);
    status = EXIT_INPUT;
  } else {
    /* the text stage's warnings (invalid UTF-8 and its line) */
    for (size_t k = 0; k < dl_doc_warning_count(doc); k++) {
      const char *w = dl_doc_warning(doc, k);
      if (!strncmp(w, "(input)", 7)) fprintf(stderr, "dateline: %s%s\n", shown, w + 7);
      else fprintf(stderr, "dateline: %s\n", w);
    }
    write_conllu(stdout, doc, &sent_no);
    if (stats) {
      size_t nt, ns;
      dl_doc_tokens(doc, &nt);
      dl_doc_sentences(doc, &ns);
      double dt = t3 - t2 > 0 ? t3 - t2 : 1e-9;
      fprintf(stderr,
              "models loaded in %.1f ms\n"
              "text stage: %zu bytes, %zu tokens, %zu sentences in %.3f s\n"
              "nlp stage: %zu tokens in %.3f s: %.0f tokens/s\n",
              t_load * 1e3, len, nt, ns, t2 - t1, nt, dt, (double)nt / dt);
    }
  }
  dl_doc_free(doc);
  dl_text_free(text);
  dl_nlp_free(nlp);
  free(buf);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    cli_error("<stdout>: write failed");
    status = EXIT_USAGE;
  }
  return status;
}

/* -------------------------------------------------------------- eval ud */

static const char eval_usage[] =
    "usage: dateline eval ud [--models DIR] [--beam K] [--conllu OUT] "
    "FILE.conllu\n"
    "\n"
    "Scores the tagger, lemmatizer and parser on a UD treebank. The first\n"
    "line is for our own tokenization of each sentence's '# text' (a word\n"
    "counts when its byte span matches a gold word's; F1 scores); the last\n"
    "line is on the gold tokenization:\n"
    "  UPOS <pct> XPOS <pct> LEMMA <pct> UAS <pct> LAS <pct>\n"
    "LAS compares universal relations as the CoNLL 2018 script does\n"
    "(obl:tmod = obl); the line before the last gives it with subtypes.\n"
    "--beam K parses with a beam of width K instead of the model's own.\n"
    "--conllu OUT writes the gold-tokenization predictions to OUT as\n"
    "CoNLL-U (gold forms; our lemma, tags, heads and relations), for other\n"
    "scorers and for error analysis.\n";

/* Counts for our own tokenization: gold and predicted words, predicted
 * words whose span matches a gold word, and those right on each layer. */
typedef struct own_scores {
  size_t gold, pred, words, upos, xpos, lemma, uas, las, las_full;
} own_scores;

/* Tokenizes and parses one gold sentence's text and aligns the predicted
 * words with the gold ones by byte spans. */
static int eval_own(const dl_text *text, const dl_nlp *nlp, const nlp_sent *g,
                    own_scores *sc, dl_err *err) {
  dl_doc *doc = NULL;
  size_t tl = strlen(g->text);
  int rc = dl_text_parse_string(text, g->text, tl, &doc, err);
  if (rc == DL_OK) rc = dl_nlp_run(nlp, doc, err);
  if (rc != DL_OK) {
    dl_doc_free(doc);
    return rc;
  }
  size_t nt;
  const dl_token *tok = dl_doc_tokens(doc, &nt);
  int32_t *match = calloc(nt + 1, sizeof *match); /* pred -> gold + 1 */
  if (!match) {
    dl_doc_free(doc);
    return dl_err_set(err, DL_NOMEM, "out of memory");
  }
  sc->gold += g->n;
  sc->pred += nt;
  /* align by exact byte spans (sentences are short: a double loop) */
  for (size_t i = 0; i < nt; i++)
    for (uint32_t k = 0; k < g->n; k++)
      if (g->w[k].end && g->w[k].start == tok[i].start &&
          g->w[k].end == tok[i].end) {
        match[i] = (int32_t)k + 1;
        break;
      }
  for (size_t i = 0; i < nt; i++) {
    if (!match[i]) continue;
    const nlp_word *w = &g->w[match[i] - 1];
    sc->words++;
    sc->upos += tok[i].upos == w->upos;
    sc->xpos += tok[i].xpos == w->xpos;
    sc->lemma += tok[i].lemma && !strcmp(tok[i].lemma, w->lemma);
    /* the predicted head's gold index + 1, 0 for the root, -1 when the
     * head is a word that matches no gold word */
    int32_t ph = tok[i].head < 0 ? 0
                 : (size_t)tok[i].head < nt ? match[tok[i].head]
                                            : -1;
    if (ph >= 0 && ph == w->head && (ph > 0 || tok[i].head < 0)) {
      sc->uas++;
      sc->las += nlp_same_main_rel(tok[i].deprel, w->deprel);
      sc->las_full += tok[i].deprel == w->deprel;
    }
  }
  free(match);
  dl_doc_free(doc);
  return DL_OK;
}

/* F1 of `correct` against `pred` predicted and `gold` gold items, in %. */
static double f1(size_t correct, size_t pred, size_t gold) {
  return pred + gold ? 200.0 * (double)correct / (double)(pred + gold) : 0.0;
}

/* `dateline eval ud`: our own tokenization first (sentence by sentence),
 * then the gold tokenization through nlp_eval_gold(); prints the two score
 * lines and the word count line described in eval_usage. Returns an exit
 * code. */
int dl_cmd_eval_ud(int argc, char **argv) {
  const char *models = NULL, *file = NULL, *conllu = NULL;
  long beam = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(eval_usage, stdout);
      return EXIT_OK;
    }
    if (!strcmp(a, "--conllu")) {
      if (i + 1 >= argc) {
        cli_error("eval ud: --conllu needs a file name");
        return EXIT_USAGE;
      }
      conllu = argv[++i];
      continue;
    }
    if (!strcmp(a, "--beam")) {
      beam = i + 1 < argc ? parse_count(argv[++i]) : -1;
      if (beam < 1 || beam > 64) {
        cli_error("eval ud: --beam takes 1..64");
        return EXIT_USAGE;
      }
    } else if (!strcmp(a, "--models")) {
      if (i + 1 >= argc) {
        cli_error("eval ud: --models needs a value");
        return EXIT_USAGE;
      }
      models = argv[++i];
    } else if (a[0] == '-') {
      cli_error("eval ud: unknown option '%s'", a);
      return EXIT_USAGE;
    } else if (!file) {
      file = a;
    } else {
      cli_error("eval ud: one treebank file at a time");
      return EXIT_USAGE;
    }
  }
  if (!file) {
    fputs(eval_usage, stderr);
    return EXIT_USAGE;
  }
  FILE *out = NULL; /* --conllu, opened first so a bad path fails early */
  if (conllu && !(out = fopen(conllu, "w"))) {
    cli_error("eval ud: cannot write %s: %s", conllu, strerror(errno));
    return EXIT_INPUT;
  }
  dl_err err = {0};
  dl_nlp *nlp = NULL;
  if (dl_nlp_load(cli_models_dir(models), &nlp, &err) != DL_OK) {
    cli_error("%s", err.msg);
    if (out) fclose(out);
    return EXIT_MODEL;
  }
  if (beam) nlp_parser_set_beam(nlp->parser, (uint32_t)beam);
  nlp_corpus c;
  if (nlp_corpus_read(file, &c, &err) != DL_OK) {
    cli_error("%s", err.msg);
    dl_nlp_free(nlp);
    if (out) fclose(out);
    return EXIT_INPUT;
  }
  int status = EXIT_OK;
  own_scores os = {0};
  dl_text *text = NULL;
  int rc = dl_text_new(&text, &err);
  for (size_t s = 0; rc == DL_OK && s < c.n; s++)
    if (c.s[s].text) rc = eval_own(text, nlp, &c.s[s], &os, &err);
  nlp_scores g;
  if (rc == DL_OK) rc = nlp_eval_gold(nlp, &c, &g, out, &err);
  if (out && fclose(out) != 0 && rc == DL_OK) {
    cli_error("eval ud: cannot write %s: %s", conllu, strerror(errno));
    rc = DL_IO;
    err.msg[0] = 0;
  }
  if (rc != DL_OK) {
    if (err.msg[0]) cli_error("%s", err.msg);
    status = EXIT_INPUT;
  } else {
    printf("own tokenization (F1): Words %.2f UPOS %.2f XPOS %.2f LEMMA %.2f "
           "UAS %.2f LAS %.2f\n",
           f1(os.words, os.pred, os.gold), f1(os.upos, os.pred, os.gold),
           f1(os.xpos, os.pred, os.gold), f1(os.lemma, os.pred, os.gold),
           f1(os.uas, os.pred, os.gold), f1(os.las, os.pred, os.gold));
    double n = g.words ? (double)g.words : 1.0;
    printf("gold tokenization: %zu words, LAS with relation subtypes %.2f\n",
           g.words, 100.0 * (double)g.las_full / n);
    printf("UPOS %.2f XPOS %.2f LEMMA %.2f UAS %.2f LAS %.2f\n",
           100.0 * (double)g.upos / n, 100.0 * (double)g.xpos / n,
           100.0 * (double)g.lemma / n, 100.0 * (double)g.uas / n,
           100.0 * (double)g.las / n);
  }
  dl_text_free(text);
  nlp_corpus_free(&c);
  dl_nlp_free(nlp);
  if (fflush(stdout) != 0) status = EXIT_USAGE;
  return status;
}
