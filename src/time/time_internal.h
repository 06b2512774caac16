/*
 * time_internal.h -- private interface of the time stage: calendar
 * arithmetic shared by the recogniser and its tests.
 */
#ifndef DL_TIME_INTERNAL_H
#define DL_TIME_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

/* Day number (days since 1970-01-01) of a civil date, and back. */
int64_t dl_cal_days(int y, int m, int d);
void dl_cal_ymd(int64_t z, int *y, int *m, int *d);
/* Weekday of a day number: Monday 0 ... Sunday 6. */
int dl_cal_weekday(int64_t z);
bool dl_cal_leap(int y);
int dl_cal_month_days(int y, int m);
bool dl_cal_valid(int y, int m, int d);
/* ISO 8601 week-numbering year and week of a day number. */
void dl_cal_isoweek(int64_t z, int *wy, int *wk);
/* Parses "YYYY-MM-DD" (first 10 characters); false when not a valid date. */
bool dl_cal_parse_ymd(const char *s, int *y, int *m, int *d);

#endif
