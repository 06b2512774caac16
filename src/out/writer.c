/*
 * writer.c -- records out: JSONL (the contract in DESIGN.md), TSV, and a
 * table for people; and the full annotation of a document as JSON.
 *
 * Each record is built whole in a buffer and written with one fwrite, so
 * an interrupted run never leaves half a record behind; a failed write is
 * remembered and reported by dl_writer_finish().
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "out/json.h"

struct dl_writer {
  FILE *fp;
  dl_out_format fmt;
  dl_buf b;
  bool failed;
  size_t docs;
};

const char *dl_date_source_name(dl_date_source src) {
  switch (src) {
  case DL_DATE_TEXT: return "text";
  case DL_DATE_META: return "meta";
  case DL_DATE_GIVEN: return "given";
  default: return "none";
  }
}

int dl_writer_new(FILE *fp, dl_out_format fmt, dl_writer **out, dl_err *err) {
  dl_writer *w = calloc(1, sizeof *w);
  if (!w) return dl_err_set(err, DL_NOMEM, "out of memory");
  w->fp = fp;
  w->fmt = fmt;
  *out = w;
  return DL_OK;
}

void dl_writer_free(dl_writer *w) {
  if (!w) return;
  dl_buf_free(&w->b);
  free(w);
}

static void flush_buf(dl_writer *w) {
  if (w->b.oom) w->failed = true;
  else if (w->b.n && fwrite(w->b.s, 1, w->b.n, w->fp) != w->b.n) w->failed = true;
  dl_buf_reset(&w->b);
}

static void doc_json(dl_buf *b, const dl_doc *doc) {
  const dl_meta *m = &doc->meta;
  dl_json_open(b, '{');
  dl_json_key(b, "type");
  dl_json_cstr(b, "doc");
  dl_json_key(b, "doc");
  dl_json_cstr(b, m->id);
  dl_json_key(b, "title");
  dl_json_cstr(b, m->title);
  dl_json_key(b, "published");
  dl_json_cstr(b, m->published);
  dl_json_key(b, "updated");
  dl_json_cstr(b, m->updated);
  dl_json_key(b, "date_source");
  dl_json_cstr(b, dl_date_source_name(m->date_source));
  dl_json_key(b, "ref_date");
  dl_json_cstr(b, m->ref_date);
  dl_json_key(b, "byline");
  dl_json_cstr(b, m->byline);
  dl_json_key(b, "dateline");
  dl_json_cstr(b, m->dateline);
  dl_json_key(b, "source");
  dl_json_cstr(b, m->source);
  dl_json_key(b, "url");
  dl_json_cstr(b, m->url);
  dl_json_key(b, "sentences");
  dl_json_int(b, (long long)doc->n_sents);
  dl_json_close(b, '}');
}

static const char *timex_type_name(int t) {
  static const char *const names[] = {"DATE", "TIME", "DURATION", "SET"};
  return t >= 0 && t < 4 ? names[t] : "DATE";
}

static void timex_json(dl_buf *b, const dl_doc *doc, const dl_timex *x, bool record) {
  dl_json_open(b, '{');
  if (record) {
    dl_json_key(b, "type");
    dl_json_cstr(b, "timex");
    dl_json_key(b, "doc");
    dl_json_cstr(b, doc->meta.id);
  }
  dl_json_key(b, "sentence");
  dl_json_int(b, (long long)x->sent + 1);
  dl_json_key(b, "text");
  dl_json_str(b, doc->body + x->start, x->end - x->start);
  dl_json_key(b, "value");
  dl_json_cstr(b, x->value);
  dl_json_key(b, "timex_type");
  dl_json_cstr(b, timex_type_name(x->type));
  dl_json_key(b, "start");
  dl_json_int(b, x->start);
  dl_json_key(b, "end");
  dl_json_int(b, x->end);
  if (x->flags & DL_TIMEX_VAGUE) {
    dl_json_key(b, "vague");
    dl_json_bool(b, true);
  }
  if (x->flags & DL_TIMEX_FUTURE) {
    dl_json_key(b, "future");
    dl_json_bool(b, true);
  }
  dl_json_close(b, '}');
}

static const char *mention_kind_name(int k) {
  static const char *const names[] = {"person", "organisation", "country", "place"};
  return k >= 0 && k < 4 ? names[k] : "organisation";
}

static void mention_json(dl_buf *b, const dl_doc *doc, const dl_mention *m) {
  dl_json_open(b, '{');
  dl_json_key(b, "sentence");
  dl_json_int(b, (long long)m->sent + 1);
  dl_json_key(b, "text");
  dl_json_str(b, doc->body + m->start, m->end - m->start);
  dl_json_key(b, "kind");
  dl_json_cstr(b, mention_kind_name(m->kind));
  dl_json_key(b, "entity");
  dl_json_cstr(b, m->entity);
  dl_json_key(b, "code");
  dl_json_cstr(b, m->code);
  dl_json_key(b, "country");
  dl_json_cstr(b, m->country[0] ? m->country : NULL);
  if (m->lat || m->lon) {
    dl_json_key(b, "lat");
    dl_json_num(b, m->lat);
    dl_json_key(b, "lon");
    dl_json_num(b, m->lon);
  }
  dl_json_key(b, "start");
  dl_json_int(b, m->start);
  dl_json_key(b, "end");
  dl_json_int(b, m->end);
  if (m->antecedent >= 0) {
    dl_json_key(b, "antecedent");
    dl_json_int(b, m->antecedent);
  }
  if (m->antecedent2 >= 0) {
    dl_json_key(b, "antecedent2");
    dl_json_int(b, m->antecedent2);
  }
  static const char *const fl[] = {"coref", "metonym", "plural", "pronoun", "modifier",
                                   "unknown"};
  for (int k = 0; k < 6; k++)
    if (m->flags & (1u << k)) {
      dl_json_key(b, fl[k]);
      dl_json_bool(b, true);
    }
  dl_json_close(b, '}');
}

static void actor_json(dl_buf *b, const dl_doc *doc, const dl_event_actor *a) {
  if (!a->code) {
    dl_json_null(b);
    return;
  }
  dl_json_open(b, '{');
  dl_json_key(b, "code");
  dl_json_cstr(b, a->code);
  dl_json_key(b, "text");
  if (a->mention >= 0) {
    const dl_mention *m = &doc->mentions[a->mention];
    dl_json_str(b, doc->body + m->start, m->end - m->start);
  } else {
    dl_json_null(b);
  }
  dl_json_key(b, "country");
  dl_json_cstr(b, a->country[0] ? a->country : NULL);
  dl_json_key(b, "entity");
  dl_json_cstr(b, a->entity);
  dl_json_close(b, '}');
}

static void event_json(dl_buf *b, const dl_doc *doc, const dl_event *e) {
  const dl_sentence *s = &doc->sents[e->sent];
  const dl_token *tr = &doc->toks[e->trigger];
  dl_json_open(b, '{');
  dl_json_key(b, "type");
  dl_json_cstr(b, "event");
  dl_json_key(b, "doc");
  dl_json_cstr(b, doc->meta.id);
  dl_json_key(b, "sentence");
  dl_json_int(b, (long long)e->sent + 1);
  dl_json_key(b, "text");
  dl_json_str(b, doc->body + s->start, s->end - s->start);
  dl_json_key(b, "source");
  actor_json(b, doc, &e->source);
  dl_json_key(b, "target");
  actor_json(b, doc, &e->target);
  dl_json_key(b, "cameo");
  dl_json_cstr(b, e->cameo);
  dl_json_key(b, "root");
  dl_json_cstr(b, e->root);
  dl_json_key(b, "quad");
  dl_json_int(b, e->quad);
  dl_json_key(b, "goldstein");
  dl_json_num(b, e->goldstein);
  dl_json_key(b, "plover");
  dl_json_cstr(b, e->plover);
  dl_json_key(b, "mode");
  dl_json_cstr(b, dl_mode_name(e->mode));
  dl_json_key(b, "trigger");
  dl_json_str(b, doc->body + tr->start, tr->end - tr->start);
  dl_json_key(b, "date");
  if (e->date) dl_json_str(b, e->date, strlen(e->date) > 10 && e->date[10] == 'T' &&
                                           !isdigit((unsigned char)e->date[11]) ? 10 : strlen(e->date));
  else dl_json_null(b);
  dl_json_key(b, "date_text");
  if (e->date_timex)
    dl_json_str(b, doc->body + e->date_timex->start, e->date_timex->end - e->date_timex->start);
  else
    dl_json_null(b);
  dl_json_key(b, "place");
  if (e->place >= 0) {
    const dl_mention *p = &doc->mentions[e->place];
    dl_json_open(b, '{');
    dl_json_key(b, "name");
    if (p->entity) dl_json_cstr(b, p->entity);
    else dl_json_str(b, doc->body + p->start, p->end - p->start);
    dl_json_key(b, "country");
    dl_json_cstr(b, p->country[0] ? p->country : NULL);
    if (p->lat || p->lon) {
      dl_json_key(b, "lat");
      dl_json_num(b, p->lat);
      dl_json_key(b, "lon");
      dl_json_num(b, p->lon);
    }
    if (p->admin1) { /* with a gazetteer that names regions */
      dl_json_key(b, "admin1");
      dl_json_cstr(b, p->admin1);
    }
    dl_json_close(b, '}');
  } else {
    dl_json_null(b);
  }
  dl_json_close(b, '}');
}

static void quote_json(dl_buf *b, const dl_doc *doc, const dl_quote *q) {
  const dl_quote_span *qs = &doc->quotes[q->span];
  dl_json_open(b, '{');
  dl_json_key(b, "type");
  dl_json_cstr(b, "quote");
  dl_json_key(b, "doc");
  dl_json_cstr(b, doc->meta.id);
  dl_json_key(b, "sentence");
  dl_json_int(b, (long long)qs->sent_begin + 1);
  dl_json_key(b, "speaker");
  if (q->speaker >= 0) {
    const dl_mention *m = &doc->mentions[q->speaker];
    dl_json_open(b, '{');
    dl_json_key(b, "text");
    dl_json_str(b, doc->body + m->start, m->end - m->start);
    dl_json_key(b, "entity");
    dl_json_cstr(b, m->entity);
    dl_json_key(b, "code");
    dl_json_cstr(b, m->code);
    dl_json_close(b, '}');
  } else if (q->who_end > q->who_begin && q->who_end <= doc->n_toks) {
    /* someone no actor names: the words, no entity, no code */
    uint32_t st = doc->toks[q->who_begin].start, en = doc->toks[q->who_end - 1].end;
    dl_json_open(b, '{');
    dl_json_key(b, "text");
    dl_json_str(b, doc->body + st, en - st);
    dl_json_key(b, "entity");
    dl_json_null(b);
    dl_json_key(b, "code");
    dl_json_null(b);
    dl_json_close(b, '}');
  } else {
    dl_json_null(b);
  }
  dl_json_key(b, "quote");
  dl_json_str(b, doc->body + qs->inner_start, qs->inner_end - qs->inner_start);
  dl_json_key(b, "kind");
  dl_json_cstr(b, qs->kind == DL_QUOTE_DIRECT ? "direct" : "partial");
  dl_json_close(b, '}');
}

static void cstr_tsv(dl_buf *b, const char *s) {
  if (s) dl_tsv_str(b, s, strlen(s));
}

/* TSV: an actor as two columns, its code and the words that name it. */
static void actor_tsv(dl_buf *b, const dl_doc *doc, const dl_event_actor *a) {
  cstr_tsv(b, a->code);
  dl_buf_put(b, "\t", 1);
  if (a->code && a->mention >= 0) {
    const dl_mention *m = &doc->mentions[a->mention];
    dl_tsv_str(b, doc->body + m->start, m->end - m->start);
  }
}

/* TSV: an event row (the columns of tsv_header's "#event" line). */
static void event_tsv(dl_buf *b, const dl_doc *doc, const dl_event *e) {
  const dl_sentence *s = &doc->sents[e->sent];
  const dl_token *tr = &doc->toks[e->trigger];
  dl_buf_puts(b, "event\t");
  cstr_tsv(b, doc->meta.id);
  dl_buf_printf(b, "\t%u\t", e->sent + 1);
  if (e->date)
    dl_tsv_str(b, e->date, strlen(e->date) > 10 && e->date[10] == 'T' &&
                                   !isdigit((unsigned char)e->date[11])
                               ? 10
                               : strlen(e->date));
  dl_buf_printf(b, "\t%s\t", dl_mode_name(e->mode));
  actor_tsv(b, doc, &e->source);
  dl_buf_put(b, "\t", 1);
  cstr_tsv(b, e->cameo);
  dl_buf_put(b, "\t", 1);
  actor_tsv(b, doc, &e->target);
  dl_buf_put(b, "\t", 1);
  cstr_tsv(b, e->plover);
  dl_buf_printf(b, "\t%d\t%g\t", e->quad, e->goldstein);
  if (e->place >= 0) {
    const dl_mention *p = &doc->mentions[e->place];
    if (p->entity) cstr_tsv(b, p->entity);
    else dl_tsv_str(b, doc->body + p->start, p->end - p->start);
    dl_buf_put(b, "\t", 1);
    cstr_tsv(b, p->country[0] ? p->country : NULL);
  } else {
    dl_buf_put(b, "\t", 1);
  }
  dl_buf_put(b, "\t", 1);
  dl_tsv_str(b, doc->body + tr->start, tr->end - tr->start);
  dl_buf_put(b, "\t", 1);
  dl_tsv_str(b, doc->body + s->start, s->end - s->start);
  dl_buf_put(b, "\n", 1);
}

/* TSV: a quotation row (the columns of tsv_header's "#quote" line). */
static void quote_tsv(dl_buf *b, const dl_doc *doc, const dl_quote *q) {
  const dl_quote_span *qs = &doc->quotes[q->span];
  dl_buf_puts(b, "quote\t");
  cstr_tsv(b, doc->meta.id);
  dl_buf_printf(b, "\t%u\t", qs->sent_begin + 1);
  if (q->speaker >= 0) {
    const dl_mention *m = &doc->mentions[q->speaker];
    dl_tsv_str(b, doc->body + m->start, m->end - m->start);
    dl_buf_put(b, "\t", 1);
    cstr_tsv(b, m->code);
  } else {
    if (q->who_end > q->who_begin && q->who_end <= doc->n_toks) {
      uint32_t st = doc->toks[q->who_begin].start, en = doc->toks[q->who_end - 1].end;
      dl_tsv_str(b, doc->body + st, en - st);
    }
    dl_buf_put(b, "\t", 1);
  }
  dl_buf_printf(b, "\t%s\t", qs->kind == DL_QUOTE_DIRECT ? "direct" : "partial");
  dl_tsv_str(b, doc->body + qs->inner_start, qs->inner_end - qs->inner_start);
  dl_buf_put(b, "\n", 1);
}

/* TSV: one line per record type naming its columns, before the first
 * document; the first column of every row is its type. */
static const char tsv_header[] =
    "#doc\tdoc\tpublished\tdate_source\tsentences\ttitle\tbyline\tsource\n"
    "#event\tdoc\tsentence\tdate\tmode\tsource\tsource_text\tcameo\ttarget\t"
    "target_text\tplover\tquad\tgoldstein\tplace\tplace_country\ttrigger\ttext\n"
    "#quote\tdoc\tsentence\tspeaker_text\tspeaker_code\tkind\tquote\n"
    "#timex\tdoc\tvalue\ttimex_type\tsentence\ttext\n";

/* Table mode: the actors a story names most, "USAGOV Donald Trump x9". */
static void table_actors(dl_buf *b, const dl_doc *doc) {
  enum { MAXA = 64 };
  struct {
    const char *code, *entity;
    int n;
  } seen[MAXA];
  int ns = 0;
  for (size_t i = 0; i < doc->n_mentions; i++) {
    const dl_mention *mn = &doc->mentions[i];
    if (!mn->code || mn->kind == DL_MENTION_PLACE || (mn->flags & DL_MENTION_MODIFIER)) continue;
    int k = 0;
    while (k < ns && !(!strcmp(seen[k].code, mn->code) &&
                       (seen[k].entity == mn->entity ||
                        (seen[k].entity && mn->entity && !strcmp(seen[k].entity, mn->entity)))))
      k++;
    if (k == ns) {
      if (ns == MAXA) continue;
      seen[ns].code = mn->code;
      seen[ns].entity = mn->entity;
      seen[ns++].n = 0;
    }
    seen[k].n++;
  }
  if (!ns) return;
  dl_buf_puts(b, "      actors: ");
  for (int shown = 0; shown < 6; shown++) {
    int best = -1;
    for (int k = 0; k < ns; k++)
      if (seen[k].n > 0 && (best < 0 || seen[k].n > seen[best].n)) best = k;
    if (best < 0) break;
    dl_buf_printf(b, "%s%s%s%s x%d", shown ? ", " : "", seen[best].code,
                  seen[best].entity ? " " : "", seen[best].entity ? seen[best].entity : "",
                  seen[best].n);
    seen[best].n = -seen[best].n;
  }
  dl_buf_put(b, "\n", 1);
}

/* Table mode: the events, one a line: date, dyad, code and name, mode,
 * the word that triggered it, the place. */
static void table_events(dl_buf *b, const dl_doc *doc) {
  for (size_t i = 0; i < doc->n_events; i++) {
    const dl_event *e = &doc->events[i];
    const dl_token *tr = &doc->toks[e->trigger];
    char date[16];
    snprintf(date, sizeof date, "%.10s", e->date ? e->date : "-");
    dl_buf_printf(b, "      %-10s  %-9s -> %-9s %-5s %-12s %.*s", date,
                  e->source.code ? e->source.code : "-", e->target.code ? e->target.code : "-",
                  e->cameo, dl_mode_name(e->mode), (int)(tr->end - tr->start),
                  doc->body + tr->start);
    if (e->place >= 0) {
      const dl_mention *p = &doc->mentions[e->place];
      dl_buf_printf(b, "  @ %s", p->entity ? p->entity : p->country);
    }
    dl_buf_put(b, "\n", 1);
  }
}

/* Table mode: the direct quotations and who said them, shortened to a
 * line each (partial quotes, a word or two, are left to JSONL). */
static void table_quotes(dl_buf *b, const dl_doc *doc) {
  for (size_t i = 0; i < doc->n_qrecs; i++) {
    const dl_quote *q = &doc->qrecs[i];
    const dl_quote_span *qs = &doc->quotes[q->span];
    if (qs->kind != DL_QUOTE_DIRECT) continue;
    const char *who = NULL, *code = NULL;
    uint32_t ws = 0, we = 0;
    if (q->speaker >= 0) {
      const dl_mention *m = &doc->mentions[q->speaker];
      who = m->entity;
      code = m->code;
      ws = m->start;
      we = m->end;
    } else if (q->who_end > q->who_begin && q->who_end <= doc->n_toks) {
      ws = doc->toks[q->who_begin].start;
      we = doc->toks[q->who_end - 1].end;
    }
    uint32_t n = qs->inner_end - qs->inner_start;
    /* at most 60 bytes, cut before a UTF-8 continuation byte */
    uint32_t cut = n;
    if (cut > 60) {
      cut = 60;
      while (cut > 0 && ((unsigned char)doc->body[qs->inner_start + cut] & 0xC0) == 0x80) cut--;
    }
    dl_buf_printf(b, "      \"%.*s%s\"  -- ", (int)cut, doc->body + qs->inner_start,
                  cut < n ? "..." : "");
    if (who) dl_buf_printf(b, "%s", who);
    else if (we > ws) dl_buf_printf(b, "%.*s", (int)(we - ws), doc->body + ws);
    else dl_buf_puts(b, "(unattributed)");
    if (code) dl_buf_printf(b, " (%s)", code);
    dl_buf_put(b, "\n", 1);
  }
}

/* Table mode: the dates the story names, in text order, once each. */
static void table_dates(dl_buf *b, const dl_doc *doc) {
  int shown = 0;
  for (size_t i = 0; i < doc->n_timexes && shown < 8; i++) {
    const dl_timex *x = &doc->timexes[i];
    if (!x->value || x->type == DL_TIMEX_DURATION || (x->flags & DL_TIMEX_VAGUE)) continue;
    bool dup = false;
    for (size_t j = 0; j < i && !dup; j++)
      dup = doc->timexes[j].value && !strcmp(doc->timexes[j].value, x->value);
    if (dup) continue;
    dl_buf_printf(b, "%s%s (%.*s)", shown ? ", " : "      dates: ", x->value,
                  (int)(x->end - x->start), doc->body + x->start);
    shown++;
  }
  if (shown) dl_buf_put(b, "\n", 1);
}

int dl_writer_write(dl_writer *w, const dl_doc *doc, dl_err *err) {
  const dl_meta *m = &doc->meta;
  dl_buf *b = &w->b;
  switch (w->fmt) {
  case DL_OUT_JSONL:
    doc_json(b, doc);
    dl_buf_put(b, "\n", 1);
    for (size_t i = 0; i < doc->n_events; i++) {
      b->comma = false;
      event_json(b, doc, &doc->events[i]);
      dl_buf_put(b, "\n", 1);
    }
    for (size_t i = 0; i < doc->n_qrecs; i++) {
      b->comma = false;
      quote_json(b, doc, &doc->qrecs[i]);
      dl_buf_put(b, "\n", 1);
    }
    for (size_t i = 0; i < doc->n_timexes; i++) {
      b->comma = false;
      timex_json(b, doc, &doc->timexes[i], true);
      dl_buf_put(b, "\n", 1);
    }
    break;
  case DL_OUT_TSV:
    if (w->docs == 0) dl_buf_puts(b, tsv_header);
    dl_buf_puts(b, "doc\t");
    cstr_tsv(b, m->id);
    dl_buf_put(b, "\t", 1);
    cstr_tsv(b, m->published);
    dl_buf_printf(b, "\t%s\t%zu\t", dl_date_source_name(m->date_source), doc->n_sents);
    cstr_tsv(b, m->title);
    dl_buf_put(b, "\t", 1);
    cstr_tsv(b, m->byline);
    dl_buf_put(b, "\t", 1);
    cstr_tsv(b, m->source);
    dl_buf_put(b, "\n", 1);
    for (size_t i = 0; i < doc->n_events; i++) event_tsv(b, doc, &doc->events[i]);
    for (size_t i = 0; i < doc->n_qrecs; i++) quote_tsv(b, doc, &doc->qrecs[i]);
    for (size_t i = 0; i < doc->n_timexes; i++) {
      const dl_timex *x = &doc->timexes[i];
      dl_buf_puts(b, "timex\t");
      cstr_tsv(b, m->id);
      dl_buf_printf(b, "\t%s\t%s\t%u\t", x->value ? x->value : "", timex_type_name(x->type),
                    x->sent + 1);
      dl_tsv_str(b, doc->body + x->start, x->end - x->start);
      dl_buf_put(b, "\n", 1);
    }
    break;
  case DL_OUT_TABLE:
    if (w->docs) dl_buf_put(b, "\n", 1);
    if (m->published)
      dl_buf_printf(b, "%-16s  %s\n", m->published, m->title ? m->title : "(no title)");
    else if (m->ref_date)
      dl_buf_printf(b, "%-10s %-5s  %s\n", m->ref_date, dl_date_source_name(m->date_source),
                    m->title ? m->title : "(no title)");
    else
      dl_buf_printf(b, "%-16s  %s\n", "(no date)", m->title ? m->title : "(no title)");
    dl_buf_printf(b, "      %s  |  %zu sentences%s%s%s%s\n", m->id ? m->id : "-",
                  doc->n_sents, m->byline ? "  |  by " : "", m->byline ? m->byline : "",
                  m->dateline ? "  |  " : "", m->dateline ? m->dateline : "");
    table_actors(b, doc);
    table_dates(b, doc);
    table_events(b, doc);
    table_quotes(b, doc);
    break;
  }
  w->docs++;
  flush_buf(w);
  if (w->failed) return dl_err_set(err, DL_IO, "write error");
  return DL_OK;
}

int dl_writer_finish(dl_writer *w, dl_err *err) {
  if (fflush(w->fp) != 0) w->failed = true;
  if (w->failed) return dl_err_set(err, DL_IO, "write error on output");
  return DL_OK;
}

/* ------------------------------------------------------- annotation */

int dl_write_annotation(FILE *fp, const dl_doc *doc, int pretty, dl_err *err) {
  dl_buf b = {0};
  const char *nl = pretty ? "\n  " : "";
  doc_json(&b, doc);
  b.n--; /* reopen the doc object: drop its '}' */
  b.comma = true;
  dl_buf_puts(&b, nl);
  dl_json_key(&b, "body");
  dl_json_str(&b, doc->body, doc->body_len);
  dl_buf_puts(&b, nl);
  dl_json_key(&b, "paragraphs");
  dl_json_open(&b, '[');
  for (size_t i = 0; i < doc->n_paras; i++) {
    dl_json_open(&b, '[');
    dl_json_int(&b, doc->paras[i].start);
    dl_json_int(&b, doc->paras[i].end);
    dl_json_close(&b, ']');
  }
  dl_json_close(&b, ']');
  dl_buf_puts(&b, nl);
  dl_json_key(&b, "sentences");
  dl_json_open(&b, '[');
  for (size_t i = 0; i < doc->n_sents; i++) {
    const dl_sentence *s = &doc->sents[i];
    if (pretty) dl_buf_puts(&b, "\n    ");
    dl_json_open(&b, '{');
    dl_json_key(&b, "n");
    dl_json_int(&b, (long long)i + 1);
    dl_json_key(&b, "start");
    dl_json_int(&b, s->start);
    dl_json_key(&b, "end");
    dl_json_int(&b, s->end);
    dl_json_key(&b, "para");
    dl_json_int(&b, s->para);
    dl_json_key(&b, "text");
    dl_json_str(&b, doc->body + s->start, s->end - s->start);
    dl_json_key(&b, "tokens");
    dl_json_open(&b, '[');
    for (uint32_t k = s->tok_begin; k < s->tok_end; k++) {
      const dl_token *t = &doc->toks[k];
      dl_json_open(&b, '{');
      dl_json_key(&b, "i");
      dl_json_int(&b, k);
      dl_json_key(&b, "form");
      dl_json_cstr(&b, t->form);
      dl_json_key(&b, "start");
      dl_json_int(&b, t->start);
      dl_json_key(&b, "end");
      dl_json_int(&b, t->end);
      if (t->upos) {
        dl_json_key(&b, "upos");
        dl_json_cstr(&b, dl_upos_name(t->upos));
        dl_json_key(&b, "xpos");
        dl_json_cstr(&b, dl_xpos_name(t->xpos));
        dl_json_key(&b, "lemma");
        dl_json_cstr(&b, t->lemma);
        dl_json_key(&b, "head");
        dl_json_int(&b, t->head);
        dl_json_key(&b, "deprel");
        dl_json_cstr(&b, dl_deprel_name(t->deprel));
      }
      if (t->flags & DL_TOK_IN_QUOTE) {
        dl_json_key(&b, "quoted");
        dl_json_bool(&b, true);
      }
      dl_json_close(&b, '}');
    }
    dl_json_close(&b, ']');
    dl_json_close(&b, '}');
  }
  dl_json_close(&b, ']');
  dl_buf_puts(&b, nl);
  dl_json_key(&b, "quotes");
  dl_json_open(&b, '[');
  for (size_t i = 0; i < doc->n_quotes; i++) {
    const dl_quote_span *q = &doc->quotes[i];
    if (pretty) dl_buf_puts(&b, "\n    ");
    dl_json_open(&b, '{');
    dl_json_key(&b, "start");
    dl_json_int(&b, q->start);
    dl_json_key(&b, "end");
    dl_json_int(&b, q->end);
    dl_json_key(&b, "sentence");
    dl_json_int(&b, (long long)q->sent_begin + 1);
    dl_json_key(&b, "kind");
    dl_json_cstr(&b, q->kind == DL_QUOTE_DIRECT ? "direct" : "partial");
    dl_json_key(&b, "text");
    dl_json_str(&b, doc->body + q->inner_start, q->inner_end - q->inner_start);
    if (q->flags & DL_QUOTE_OPEN_END) {
      dl_json_key(&b, "runs_on");
      dl_json_bool(&b, true);
    }
    if (q->flags & DL_QUOTE_CONTINUED) {
      dl_json_key(&b, "continued");
      dl_json_bool(&b, true);
    }
    if (q->flags & DL_QUOTE_UNCLOSED) {
      dl_json_key(&b, "unclosed");
      dl_json_bool(&b, true);
    }
    dl_json_close(&b, '}');
  }
  dl_json_close(&b, ']');
  dl_buf_puts(&b, nl);
  dl_json_key(&b, "events");
  dl_json_open(&b, '[');
  for (size_t i = 0; i < doc->n_events; i++) {
    if (pretty) dl_buf_puts(&b, "\n    ");
    event_json(&b, doc, &doc->events[i]);
  }
  dl_json_close(&b, ']');
  dl_buf_puts(&b, nl);
  dl_json_key(&b, "speakers");
  dl_json_open(&b, '[');
  for (size_t i = 0; i < doc->n_qrecs; i++) {
    if (pretty) dl_buf_puts(&b, "\n    ");
    quote_json(&b, doc, &doc->qrecs[i]);
  }
  dl_json_close(&b, ']');
  dl_buf_puts(&b, nl);
  dl_json_key(&b, "mentions");
  dl_json_open(&b, '[');
  for (size_t i = 0; i < doc->n_mentions; i++) {
    if (pretty) dl_buf_puts(&b, "\n    ");
    mention_json(&b, doc, &doc->mentions[i]);
  }
  dl_json_close(&b, ']');
  dl_buf_puts(&b, nl);
  dl_json_key(&b, "timexes");
  dl_json_open(&b, '[');
  for (size_t i = 0; i < doc->n_timexes; i++) {
    if (pretty) dl_buf_puts(&b, "\n    ");
    timex_json(&b, doc, &doc->timexes[i], false);
  }
  dl_json_close(&b, ']');
  dl_buf_puts(&b, nl);
  dl_json_key(&b, "warnings");
  dl_json_open(&b, '[');
  for (size_t i = 0; i < doc->n_warnings; i++) dl_json_cstr(&b, doc->warnings[i]);
  dl_json_close(&b, ']');
  dl_buf_puts(&b, pretty ? "\n}\n" : "}\n");
  int rc = DL_OK;
  if (b.oom) rc = dl_err_set(err, DL_NOMEM, "out of memory");
  else if (fwrite(b.s, 1, b.n, fp) != b.n) rc = dl_err_set(err, DL_IO, "write error");
  dl_buf_free(&b);
  return rc;
}

int dl_write_annotation_text(FILE *fp, const dl_doc *doc, dl_err *err) {
  dl_buf b = {0};
  const dl_meta *m = &doc->meta;
  const char *names[] = {"id", "title", "byline", "published", "updated", "dateline",
                         "ref_date", "url"};
  const char *vals[] = {m->id, m->title, m->byline, m->published, m->updated,
                        m->dateline, m->ref_date, m->url};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    dl_buf_printf(&b, "%-11s %s\n", names[i], vals[i] ? vals[i] : "-");
  dl_buf_printf(&b, "%-11s %s\n", "date_source", dl_date_source_name(m->date_source));
  dl_buf_printf(&b, "%-11s %zu in %zu paragraphs, %zu tokens\n", "sentences",
                doc->n_sents, doc->n_paras, doc->n_toks);
  for (size_t i = 0; i < doc->n_sents; i++) {
    const dl_sentence *s = &doc->sents[i];
    dl_buf_printf(&b, "s%-3zu p%-3u ", i + 1, s->para + 1);
    dl_tsv_str(&b, doc->body + s->start, s->end - s->start);
    dl_buf_put(&b, "\n", 1);
  }
  for (size_t i = 0; i < doc->n_quotes; i++) {
    const dl_quote_span *q = &doc->quotes[i];
    dl_buf_printf(&b, "quote s%-3u %-7s ", q->sent_begin + 1,
                  q->kind == DL_QUOTE_DIRECT ? "direct" : "partial");
    dl_tsv_str(&b, doc->body + q->inner_start, q->inner_end - q->inner_start);
    if (q->flags & DL_QUOTE_OPEN_END) dl_buf_puts(&b, "  [runs on]");
    if (q->flags & DL_QUOTE_CONTINUED) dl_buf_puts(&b, "  [continued]");
    if (q->flags & DL_QUOTE_UNCLOSED) dl_buf_puts(&b, "  [unclosed]");
    dl_buf_put(&b, "\n", 1);
  }
  for (size_t i = 0; i < doc->n_events; i++) {
    const dl_event *e = &doc->events[i];
    const dl_token *tr = &doc->toks[e->trigger];
    dl_buf_printf(&b, "event s%-3u %s -> %s %-4s %-12s %.*s  %s%s%s\n", e->sent + 1,
                  e->source.code ? e->source.code : "-", e->target.code ? e->target.code : "-",
                  e->cameo, dl_mode_name(e->mode), (int)(tr->end - tr->start), doc->body + tr->start,
                  e->date ? e->date : "-", e->place >= 0 ? " @ " : "",
                  e->place >= 0 ? doc->mentions[e->place].country : "");
  }
  for (size_t i = 0; i < doc->n_qrecs; i++) {
    const dl_quote *q = &doc->qrecs[i];
    const dl_quote_span *qs = &doc->quotes[q->span];
    if (q->speaker < 0 && q->who_end > q->who_begin && q->who_end <= doc->n_toks) {
      uint32_t st = doc->toks[q->who_begin].start, en = doc->toks[q->who_end - 1].end;
      dl_buf_printf(&b, "said s%-3u %.*s: ", qs->sent_begin + 1, (int)(en - st), doc->body + st);
    } else {
      dl_buf_printf(&b, "said s%-3u %s: ", qs->sent_begin + 1,
                    q->speaker >= 0 && doc->mentions[q->speaker].entity
                        ? doc->mentions[q->speaker].entity
                        : q->speaker >= 0 ? doc->mentions[q->speaker].code : "?");
    }
    dl_tsv_str(&b, doc->body + qs->inner_start, qs->inner_end - qs->inner_start);
    dl_buf_put(&b, "\n", 1);
  }
  for (size_t i = 0; i < doc->n_mentions; i++) {
    const dl_mention *mn = &doc->mentions[i];
    dl_buf_printf(&b, "mention s%-3u %-12s ", mn->sent + 1, mention_kind_name(mn->kind));
    dl_tsv_str(&b, doc->body + mn->start, mn->end - mn->start);
    dl_buf_printf(&b, " = %s", mn->code ? mn->code : "-");
    if (mn->entity) dl_buf_printf(&b, " (%s)", mn->entity);
    if (mn->kind == DL_MENTION_PLACE)
      dl_buf_printf(&b, " %s", mn->country);
    if (mn->lat || mn->lon) dl_buf_printf(&b, " %.2f,%.2f", mn->lat, mn->lon);
    if (mn->flags & DL_MENTION_COREF) dl_buf_puts(&b, " [coref]");
    if (mn->flags & DL_MENTION_METONYM) dl_buf_puts(&b, " [metonym]");
    if (mn->flags & DL_MENTION_MODIFIER) dl_buf_puts(&b, " [modifier]");
    dl_buf_put(&b, "\n", 1);
  }
  for (size_t i = 0; i < doc->n_timexes; i++) {
    const dl_timex *x = &doc->timexes[i];
    dl_buf_printf(&b, "timex s%-3u %-8s ", x->sent + 1, timex_type_name(x->type));
    dl_tsv_str(&b, doc->body + x->start, x->end - x->start);
    dl_buf_printf(&b, " = %s\n", x->value ? x->value : "-");
  }
  int rc = DL_OK;
  if (b.oom) rc = dl_err_set(err, DL_NOMEM, "out of memory");
  else if (b.n && fwrite(b.s, 1, b.n, fp) != b.n) rc = dl_err_set(err, DL_IO, "write error");
  dl_buf_free(&b);
  return rc;
}
