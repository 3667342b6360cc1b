/* Where in a subsidy band each case-quality grade pays, per jurisdiction (API.md 1.1 "Money":
 * PUT /jurisdiction-settings/{code} "grade_pay"). Pure.
 *
 * Each grade pays "max", "mid" (the midpoint rounded to the yuan, half up), "min", "zero", or a
 * whole percentage of the band from min to max (0-100, rounded to the yuan, half up, kept in the
 * band). The default is excellent = max, good = mid, pass = min, fail = zero; Yuanjiang pays
 * every case the minimum (seed 003: 按文件要求的最低标准发放补贴). */
#ifndef LA_DOMAIN_GRADE_PAY_H
#define LA_DOMAIN_GRADE_PAY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { GP_MAX, GP_MID, GP_MIN, GP_ZERO, GP_PERCENT } grade_pay_kind;

typedef struct {
  grade_pay_kind kind;
  int percent; /* GP_PERCENT: 0..100 */
} grade_pay_rule;

/* Indexed by grade_t: excellent, good, pass, fail. */
typedef struct {
  grade_pay_rule by_grade[4];
} grade_pay;

extern const grade_pay GRADE_PAY_DEFAULT;

/* "max", "mid", "min", "zero" or "0".."100" (as text, no sign, no leading zeros). */
bool grade_pay_rule_parse(const char *s, size_t len, grade_pay_rule *out);
/* The rule as its API text into out (at least 5 bytes). */
void grade_pay_rule_format(grade_pay_rule r, char out[8]);

/* The amount of one unit in [min_fen, max_fen] by the rule. */
int64_t grade_pay_amount(int64_t min_fen, int64_t max_fen, grade_pay_rule r);

/* The amount for a grade (grade_t) under a jurisdiction's rules (NULL: the default). */
int64_t grade_pay_for(const grade_pay *gp, int64_t min_fen, int64_t max_fen, int grade);

#endif
