#include "timestamp.h"

#include <stdio.h>
#include <string.h>

static bool digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

bool ts_parse(const char *s, size_t len, int64_t *epoch_s) {
  day_t day;
  if (len == 10) {
    if (!date_parse(s, len, &day)) return false;
    *epoch_s = (int64_t)day * 86400 - SHANGHAI_OFFSET_S;
    return true;
  }
  if (len < 20 || !date_parse(s, 10, &day)) return false;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return false;
  int hh, mm, ss;
  if (!digits(s + 11, 2, &hh) || s[13] != ':' || !digits(s + 14, 2, &mm) || s[16] != ':' ||
      !digits(s + 17, 2, &ss))
    return false;
  if (hh > 23 || mm > 59 || ss > 60) return false; /* 60: a leap second, folded below */
  if (ss == 60) ss = 59;
  size_t i = 19;
  if (i < len && s[i] == '.') {
    i++;
    size_t start = i;
    while (i < len && s[i] >= '0' && s[i] <= '9') i++;
    if (i == start || i - start > 9) return false;
  }
  int offset = 0;
  if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
    i++;
  } else if (i + 6 == len && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    if (!digits(s + i + 1, 2, &oh) || s[i + 3] != ':' || !digits(s + i + 4, 2, &om)) return false;
    if (oh > 23 || om > 59) return false;
    offset = (oh * 60 + om) * 60 * (s[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return false;
  }
  if (i != len) return false;
  *epoch_s = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss - offset;
  return true;
}

day_t ts_local_date(int64_t epoch_s) {
  return (day_t)floor_div(epoch_s + SHANGHAI_OFFSET_S, 86400);
}

void ts_format_local(int64_t epoch_s, char out[26]) {
  int64_t local = epoch_s + SHANGHAI_OFFSET_S;
  day_t day = (day_t)floor_div(local, 86400);
  int64_t secs = local - (int64_t)day * 86400;
  char date[DATE_STR_LEN];
  date_format(day, date);
  unsigned s = (unsigned)secs;
  char buf[64];
  snprintf(buf, sizeof buf, "%sT%02u:%02u:%02u+08:00", date, s / 3600 % 24, s / 60 % 60, s % 60);
  memcpy(out, buf, 25);
  out[25] = '\0';
}
