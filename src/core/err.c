/*
 * err.c -- status names and the dl_err out-parameter.
 */
#include <stdarg.h>
#include <stdio.h>

#include "core/core.h"

const char *dl_status_name(int code) {
  switch (code) {
  case DL_OK: return "ok";
  case DL_ERROR: return "bad input";
  case DL_NOMEM: return "out of memory";
  case DL_IO: return "input/output error";
  case DL_CORRUPT: return "corrupt model or dictionary";
  case DL_MISUSE: return "library misuse";
  case DL_DB: return "database error";
  default: return "unknown status";
  }
}

int dl_err_set(dl_err *err, int code, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
  }
  return code;
}
