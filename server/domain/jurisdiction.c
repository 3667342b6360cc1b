#include "jurisdiction.h"

#include <string.h>

#include "enums.h"

static bool six_digits(const char *s) {
  if (!s || strlen(s) != 6) return false;
  for (int i = 0; i < 6; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

static bool is_province(const char *c) { return memcmp(c + 2, "0000", 4) == 0; }
static bool is_city(const char *c) { return !is_province(c) && memcmp(c + 4, "00", 2) == 0; }

int region_chain(const char *code, char out[3][7]) {
  if (!six_digits(code)) return 0;
  int n = 0;
  memcpy(out[n], code, 6);
  out[n++][6] = '\0';
  if (!is_province(code) && !is_city(code)) {
    memcpy(out[n], code, 4);
    memcpy(out[n] + 4, "00", 3);
    n++;
  }
  if (!is_province(code)) {
    memcpy(out[n], code, 2);
    memcpy(out[n] + 2, "0000", 5);
    n++;
  }
  return n;
}

int region_rank(const char *region, const char *jurisdiction) {
  char chain[3][7];
  int n = region_chain(region, chain);
  for (int i = 0; i < n; i++)
    if (jurisdiction && strcmp(chain[i], jurisdiction) == 0) return i;
  return -1;
}

static bool is_district(const char *c) {
  int last = (c[4] - '0') * 10 + (c[5] - '0');
  return last >= 1 && last <= 20;
}

int region_scope(const char *center, const char *venue) {
  if (!six_digits(center) || !six_digits(venue)) return -1;
  if (memcmp(center, venue, 2) != 0) return -1;
  if (is_province(center)) return SCOPE_LOCAL;
  if (memcmp(center, venue, 4) != 0) return SCOPE_IN_PROVINCE;
  if (is_city(center)) {
    if (is_city(venue) || is_district(venue)) return SCOPE_LOCAL;
    return SCOPE_CROSS_COUNTY;
  }
  /* A county-level centre. */
  return strcmp(center, venue) == 0 ? SCOPE_LOCAL : SCOPE_CROSS_COUNTY;
}

void jurisdiction_pick(const jurisdiction_rows *rows, jurisdiction_rules *out) {
  memset(out, 0, sizeof *out);
  out->deadline_mode = DEADLINE_CALENDAR_DAYS;
  int best = 99;
  for (int i = 0; i < rows->nthresholds; i++) {
    int rank = region_rank(rows->region, rows->thresholds[i].code);
    if (rank >= 0 && rank < best) {
      best = rank;
      out->threshold_known = true;
      out->threshold_fen = rows->thresholds[i].fen;
      memcpy(out->threshold_region, rows->thresholds[i].code, 7);
    }
  }
  best = 99;
  for (int i = 0; i < rows->nsettings; i++) {
    int rank = region_rank(rows->region, rows->settings[i].code);
    if (rank >= 0 && rank < best) {
      best = rank;
      out->deadline_mode = rows->settings[i].deadline_mode;
      out->pay_after_archive = rows->settings[i].pay_after_archive;
    }
  }
  out->grade_pay = GRADE_PAY_DEFAULT;
  best = 99;
  for (int i = 0; i < rows->ngrade_pays; i++) {
    int rank = region_rank(rows->region, rows->grade_pays[i].code);
    if (rank >= 0 && rank < best) {
      best = rank;
      out->grade_pay = rows->grade_pays[i].gp;
      memcpy(out->grade_pay_region, rows->grade_pays[i].code, 7);
    }
  }
}
