#include "grade_pay.h"

#include <stdio.h>
#include <string.h>

const grade_pay GRADE_PAY_DEFAULT = {{{GP_MAX, 0}, {GP_MID, 0}, {GP_MIN, 0}, {GP_ZERO, 0}}};

bool grade_pay_rule_parse(const char *s, size_t len, grade_pay_rule *out) {
  static const struct {
    const char *name;
    grade_pay_kind kind;
  } names[] = {{"max", GP_MAX}, {"mid", GP_MID}, {"min", GP_MIN}, {"zero", GP_ZERO}};
  if (!s) return false;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (len == strlen(names[i].name) && memcmp(s, names[i].name, len) == 0) {
      *out = (grade_pay_rule){names[i].kind, 0};
      return true;
    }
  if (len < 1 || len > 3 || (len > 1 && s[0] == '0')) return false;
  int v = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  if (v > 100) return false;
  *out = (grade_pay_rule){GP_PERCENT, v};
  return true;
}

void grade_pay_rule_format(grade_pay_rule r, char out[8]) {
  static const char *const names[] = {"max", "mid", "min", "zero"};
  if (r.kind == GP_PERCENT)
    snprintf(out, 8, "%d", r.percent < 0 ? 0 : r.percent > 100 ? 100 : r.percent);
  else
    snprintf(out, 8, "%s", names[r.kind]);
}

/* To the yuan, half up, inside the band (a band not in whole yuan keeps its ends). */
static int64_t to_yuan_in_band(int64_t twice_fen, int64_t min_fen, int64_t max_fen) {
  int64_t v = (twice_fen + 100) / 200 * 100;
  return v < min_fen ? min_fen : v > max_fen ? max_fen : v;
}

int64_t grade_pay_amount(int64_t min_fen, int64_t max_fen, grade_pay_rule r) {
  if (min_fen < 0 || max_fen < min_fen) return 0;
  switch (r.kind) {
    case GP_MAX:
      return max_fen;
    case GP_MID:
      return to_yuan_in_band(min_fen + max_fen, min_fen, max_fen);
    case GP_MIN:
      return min_fen;
    case GP_PERCENT: {
      int p = r.percent < 0 ? 0 : r.percent > 100 ? 100 : r.percent;
      if (p == 0) return min_fen;
      if (p == 100) return max_fen;
      /* min + (max - min) * p / 100, doubled to keep the half exact; the band is at most
       * 10^10 fen, so the product stays far below 2^63. */
      return to_yuan_in_band(2 * min_fen + (max_fen - min_fen) * p / 50, min_fen, max_fen);
    }
    default:
      return 0;
  }
}

int64_t grade_pay_for(const grade_pay *gp, int64_t min_fen, int64_t max_fen, int grade) {
  if (grade < 0 || grade > 3) return 0;
  return grade_pay_amount(min_fen, max_fen, (gp ? gp : &GRADE_PAY_DEFAULT)->by_grade[grade]);
}
