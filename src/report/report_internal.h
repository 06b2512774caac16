/*
 * report_internal.h -- helpers shared by the timeline and the HTML report
 * (src/report/).
 */
#ifndef DL_REPORT_INTERNAL_H
#define DL_REPORT_INTERNAL_H

#include "core/core.h"
#include "out/json.h"

/* Appends s with & < > " ' escaped for HTML text and attribute values. */
void rp_html(dl_buf *b, const char *s);

/* Bytes of s holding at most max code points; *cut is set when s is
 * longer. */
size_t rp_cut(const char *s, size_t max, bool *cut);

/* Appends a short description of the filter ("dyad USA:PRK, 2018-06 to
 * 2019-03"), or "all events" when it selects everything. */
void rp_describe(dl_buf *b, const dl_filter *f);

/* Days since 1970-01-01 of a YYYY-MM-DD day. */
long rp_days(const char *day);

/* YYYY-MM-DD of a day number into out (11 bytes). */
void rp_day_str(long days, char out[11]);

#endif
