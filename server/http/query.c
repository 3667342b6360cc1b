#include "query.h"

#include <string.h>

bool query_parse_int64(const char *s, int64_t *out) {
  if (!s || !*s) return false;
  bool neg = false;
  if (*s == '-') {
    neg = true;
    s++;
    if (!*s) return false;
  }
  uint64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return false;
    unsigned d = (unsigned)(*s - '0');
    if (v > (UINT64_C(9223372036854775808) - d) / 10) return false;
    v = v * 10 + d;
  }
  if (!neg && v > INT64_MAX) return false;
  *out = neg ? (v == UINT64_C(9223372036854775808) ? INT64_MIN : -(int64_t)v) : (int64_t)v;
  return true;
}

bool query_parse_bool(const char *s, bool *out) {
  if (!s) return false;
  if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0) {
    *out = true;
    return true;
  }
  if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0) {
    *out = false;
    return true;
  }
  return false;
}
