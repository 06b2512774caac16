/*
 * calendar.c -- proleptic Gregorian date arithmetic for the time stage.
 *
 * Dates are handled as day numbers (days since 1970-01-01, negative
 * before), which makes "three days ago" and "next Saturday" subtraction
 * and addition. Conversions follow the civil-from-days algorithm: shift
 * the year to start in March so the leap day falls at the end, then split
 * 400-year eras. ISO weeks: the week with the year's first Thursday is
 * week 1; weeks start on Monday.
 */
#include "time/time_internal.h"

int64_t dl_cal_days(int y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void dl_cal_ymd(int64_t z, int *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yy + (*m <= 2));
}

int dl_cal_weekday(int64_t z) {
  /* 1970-01-01 was a Thursday; Monday = 0 ... Sunday = 6 */
  int64_t w = (z + 3) % 7;
  return (int)(w < 0 ? w + 7 : w);
}

bool dl_cal_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int dl_cal_month_days(int y, int m) {
  static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && dl_cal_leap(y) ? 29 : md[m - 1];
}

bool dl_cal_valid(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= dl_cal_month_days(y, m);
}

void dl_cal_isoweek(int64_t z, int *wy, int *wk) {
  int wd = dl_cal_weekday(z);
  int64_t thursday = z - wd + 3; /* the Thursday of this week */
  int y, m, d;
  dl_cal_ymd(thursday, &y, &m, &d);
  int64_t jan1 = dl_cal_days(y, 1, 1);
  *wy = y;
  *wk = (int)((thursday - jan1) / 7 + 1);
}

bool dl_cal_parse_ymd(const char *s, int *y, int *m, int *d) {
  if (!s) return false;
  int n = 0;
  *y = *m = *d = 0;
  for (int i = 0; i < 10; i++) {
    char c = s[i];
    if (i == 4 || i == 7) {
      if (c != '-') return false;
      continue;
    }
    if (c < '0' || c > '9') return false;
    n = c - '0';
    if (i < 4) *y = *y * 10 + n;
    else if (i < 7) *m = *m * 10 + n;
    else *d = *d * 10 + n;
  }
  return dl_cal_valid(*y, *m, *d);
}
