/* Where in the band a grade pays, per jurisdiction (domain/grade_pay.c). */
#include <check.h>
#include <string.h>

#include "domain/enums.h"
#include "domain/grade_pay.h"
#include "domain/jurisdiction.h"
#include "suites.h"

#define Y(yuan) ((int64_t)(yuan) * 100)

static grade_pay_rule rule(const char *s) {
  grade_pay_rule r;
  ck_assert_msg(grade_pay_rule_parse(s, strlen(s), &r), "%s", s);
  return r;
}

START_TEST(parse_and_format) {
  static const char *good[] = {"max", "mid", "min", "zero", "0", "7", "50", "100"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    char back[8];
    grade_pay_rule_format(rule(good[i]), back);
    ck_assert_str_eq(back, good[i]);
  }
  static const char *bad[] = {"", "MAX", "101", "-1", "050", "1.5", "maximum", "1000", " 5"};
  grade_pay_rule r;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    ck_assert_msg(!grade_pay_rule_parse(bad[i], strlen(bad[i]), &r), "%s accepted", bad[i]);
  ck_assert(!grade_pay_rule_parse(NULL, 0, &r));
}
END_TEST

/* The default is the rule of version 1: excellent max, good midpoint to the yuan, pass min,
 * fail nothing. */
START_TEST(default_rules) {
  ck_assert_int_eq(grade_pay_for(NULL, Y(800), Y(1500), GRADE_EXCELLENT), Y(1500));
  ck_assert_int_eq(grade_pay_for(NULL, Y(800), Y(1500), GRADE_GOOD), Y(1150));
  ck_assert_int_eq(grade_pay_for(NULL, Y(800), Y(1500), GRADE_PASS), Y(800));
  ck_assert_int_eq(grade_pay_for(NULL, Y(800), Y(1500), GRADE_FAIL), 0);
  /* 1800..2480 cross-county trial: midpoint 2140; 1000..1500: 1250; odd: 200..301 -> 251 (250.5
   * up). */
  ck_assert_int_eq(grade_pay_for(&GRADE_PAY_DEFAULT, Y(1800), Y(2480), GRADE_GOOD), Y(2140));
  ck_assert_int_eq(grade_pay_for(&GRADE_PAY_DEFAULT, Y(200), Y(301), GRADE_GOOD), Y(251));
  ck_assert_int_eq(grade_pay_for(NULL, Y(200), Y(500), 7), 0);
}
END_TEST

/* Yuanjiang (seed 003) pays every case the band's minimum; a failed case nothing. */
START_TEST(yuanjiang_pays_the_minimum) {
  grade_pay yj = {{rule("min"), rule("min"), rule("min"), rule("zero")}};
  for (int g = GRADE_EXCELLENT; g <= GRADE_PASS; g++) {
    ck_assert_int_eq(grade_pay_for(&yj, Y(1500), Y(5000), g), Y(1500));
    ck_assert_int_eq(grade_pay_for(&yj, Y(800), Y(1800), g), Y(800));
  }
  ck_assert_int_eq(grade_pay_for(&yj, Y(1500), Y(5000), GRADE_FAIL), 0);
}
END_TEST

/* A percentage of the band from min to max, to the yuan, inside the band. */
START_TEST(percentages) {
  ck_assert_int_eq(grade_pay_amount(Y(800), Y(1500), rule("0")), Y(800));
  ck_assert_int_eq(grade_pay_amount(Y(800), Y(1500), rule("100")), Y(1500));
  ck_assert_int_eq(grade_pay_amount(Y(800), Y(1500), rule("50")), Y(1150));
  ck_assert_int_eq(grade_pay_amount(Y(800), Y(1500), rule("33")), Y(1031)); /* 800 + 231 */
  ck_assert_int_eq(grade_pay_amount(Y(1500), Y(5000), rule("80")), Y(4300));
  ck_assert_int_eq(grade_pay_amount(Y(200), Y(500), rule("75")), Y(425));
  /* 100..101 at 50%: 100.5 -> 101 (half up); within a band of fen, the yuan is kept inside. */
  ck_assert_int_eq(grade_pay_amount(Y(100), Y(101), rule("50")), Y(101));
  ck_assert_int_eq(grade_pay_amount(12345, 12399, rule("50")), 12399); /* 124 yuan, past max */
  /* The largest band allowed (10^10 fen) does not overflow. */
  ck_assert_int_eq(grade_pay_amount(0, (int64_t)10000000000, rule("99")), (int64_t)9900000000);
  /* A broken band pays nothing rather than something outside it. */
  ck_assert_int_eq(grade_pay_amount(Y(500), Y(200), rule("max")), 0);
}
END_TEST

/* The most specific jurisdiction that sets a grade pay wins, apart from the deadline settings:
 * Yuanjiang's own rule, not Hunan's; a county of Hunan without one: Hunan's; none: default. */
START_TEST(the_most_specific_jurisdiction_wins) {
  jurisdiction_rows rows;
  memset(&rows, 0, sizeof rows);
  memcpy(rows.region, "430981", 7);
  memcpy(rows.grade_pays[0].code, "430000", 7);
  rows.grade_pays[0].gp = (grade_pay){{rule("90"), rule("mid"), rule("min"), rule("zero")}};
  memcpy(rows.grade_pays[1].code, "430981", 7);
  rows.grade_pays[1].gp = (grade_pay){{rule("min"), rule("min"), rule("min"), rule("zero")}};
  rows.ngrade_pays = 2;
  memcpy(rows.settings[0].code, "430000", 7);
  rows.settings[0].deadline_mode = DEADLINE_WORKING_DAYS;
  rows.settings[0].pay_after_archive = true;
  rows.nsettings = 1;
  jurisdiction_rules j;
  jurisdiction_pick(&rows, &j);
  ck_assert_str_eq(j.grade_pay_region, "430981");
  ck_assert_int_eq(j.grade_pay.by_grade[GRADE_EXCELLENT].kind, GP_MIN);
  ck_assert(j.pay_after_archive); /* the province's deadline rules still apply */
  ck_assert_int_eq(j.deadline_mode, DEADLINE_WORKING_DAYS);
  memcpy(rows.region, "430621", 7); /* 岳阳县: Hunan's */
  jurisdiction_pick(&rows, &j);
  ck_assert_str_eq(j.grade_pay_region, "430000");
  ck_assert_int_eq(j.grade_pay.by_grade[GRADE_EXCELLENT].percent, 90);
  rows.ngrade_pays = 0;
  jurisdiction_pick(&rows, &j);
  ck_assert_str_eq(j.grade_pay_region, "");
  ck_assert_int_eq(j.grade_pay.by_grade[GRADE_EXCELLENT].kind, GP_MAX);
}
END_TEST

Suite *grade_pay_suite(void) {
  Suite *s = suite_create("grade_pay");
  TCase *t = tcase_create("grade_pay");
  tcase_add_test(t, parse_and_format);
  tcase_add_test(t, default_rules);
  tcase_add_test(t, yuanjiang_pays_the_minimum);
  tcase_add_test(t, percentages);
  tcase_add_test(t, the_most_specific_jurisdiction_wins);
  suite_add_tcase(s, t);
  return s;
}
