/* The self-assessment's scoring (domain/assessment.c, method in assessment.md). */
#include <check.h>
#include <string.h>

#include "domain/assessment.h"
#include "suites.h"

static indicator_input none[IND__COUNT];

static indicator_input count(int64_t target, int64_t actual) {
  return (indicator_input){true, target, actual, 1};
}
static indicator_input rate(int64_t target_bp, int64_t num, int64_t den) {
  return (indicator_input){true, target_bp, num * 10000, den};
}

START_TEST(levels_and_grades) {
  ck_assert_int_eq(assessment_level_points(AL_BUDGET) + assessment_level_points(AL_OUTPUT) +
                       assessment_level_points(AL_EFFECT) + assessment_level_points(AL_SATISFACTION),
                   100);
  ck_assert_str_eq(assessment_grade_name(assessment_grade_of(9000)), "优");
  ck_assert_str_eq(assessment_grade_name(assessment_grade_of(8999)), "良");
  ck_assert_str_eq(assessment_grade_name(assessment_grade_of(8000)), "良");
  ck_assert_str_eq(assessment_grade_name(assessment_grade_of(7999)), "中");
  ck_assert_str_eq(assessment_grade_name(assessment_grade_of(6000)), "中");
  ck_assert_str_eq(assessment_grade_name(assessment_grade_of(5999)), "差");
  for (int i = 0; i < IND__COUNT; i++) {
    ck_assert_ptr_nonnull(assessment_indicators[i].key);
    ck_assert_int_ne(assessment_indicators[i].level, AL_BUDGET);
  }
}
END_TEST

/* Yangquan 2024 as seed 001 fills it: budget 15万, received and executed 11.9448万 (100%);
 * 40 cases targeted, 29 done; 3 lawyers a day met; coverage 98% met; satisfaction 98% met;
 * no effect target. */
START_TEST(yangquan_2024) {
  budget_input b = {true, true, 15000000, 11944800, 11944800};
  indicator_input in[IND__COUNT];
  memcpy(in, none, sizeof in);
  in[IND_CASES] = count(40, 29);
  in[IND_DUTY_LAWYERS_PER_DAY] = (indicator_input){true, 300, 753 * 100, 251};
  in[IND_DUTY_COVERAGE] = rate(9800, 251, 251);
  in[IND_SATISFACTION] = rate(9800, 49, 50);
  assessment a;
  assessment_score(&b, in, &a);
  ck_assert(a.execution_known);
  ck_assert_int_eq(a.execution_bp, 10000);
  ck_assert_int_eq(a.budget_score_x100, 1000);
  /* Three output indicators share 50 points: 16.67, 16.67, 16.66. */
  ck_assert_int_eq(a.level_indicators[AL_OUTPUT], 3);
  ck_assert_int_eq(a.ind[IND_CASES].weight_x100, 1667);
  ck_assert_int_eq(a.ind[IND_DUTY_LAWYERS_PER_DAY].weight_x100, 1667);
  ck_assert_int_eq(a.ind[IND_DUTY_COVERAGE].weight_x100, 1666);
  /* 29 of 40: 16.67 x 29 / 40 = 12.085 -> 12.09. */
  ck_assert_int_eq(a.ind[IND_CASES].met, 0);
  ck_assert_int_eq(a.ind[IND_CASES].score_x100, 1209);
  ck_assert_int_eq(a.ind[IND_DUTY_LAWYERS_PER_DAY].met, 1);
  ck_assert_int_eq(a.ind[IND_DUTY_LAWYERS_PER_DAY].actual, 300);
  ck_assert_int_eq(a.ind[IND_DUTY_LAWYERS_PER_DAY].score_x100, 1667);
  ck_assert_int_eq(a.ind[IND_DUTY_COVERAGE].score_x100, 1666);
  ck_assert_int_eq(a.level_score_x100[AL_OUTPUT], 1209 + 1667 + 1666);
  /* No effect target: the level is not assessed and earns nothing. */
  ck_assert_int_eq(a.level_indicators[AL_EFFECT], 0);
  ck_assert_int_eq(a.level_score_x100[AL_EFFECT], 0);
  ck_assert_int_eq(a.ind[IND_RECOVERED].met, -1);
  ck_assert(!a.ind[IND_RECOVERED].assessed);
  ck_assert_int_eq(a.ind[IND_SATISFACTION].actual, 9800);
  ck_assert_int_eq(a.ind[IND_SATISFACTION].score_x100, 1000);
  ck_assert_int_eq(a.total_x100, 1000 + 4542 + 0 + 1000);
  ck_assert_str_eq(assessment_grade_name(a.grade), "中");
}
END_TEST

/* Lusong 2024: 612 cases against 550 earns the whole share, never more. */
START_TEST(over_target_earns_the_share) {
  budget_input b = {true, false, 100, 0, 0};
  indicator_input in[IND__COUNT];
  memcpy(in, none, sizeof in);
  in[IND_CASES] = count(550, 612);
  assessment a;
  assessment_score(&b, in, &a);
  ck_assert_int_eq(a.ind[IND_CASES].met, 1);
  ck_assert_int_eq(a.ind[IND_CASES].weight_x100, 5000);
  ck_assert_int_eq(a.ind[IND_CASES].score_x100, 5000);
  /* Nothing executed of the allocation: rate 0, no budget points. */
  ck_assert(a.execution_known);
  ck_assert_int_eq(a.execution_bp, 0);
  ck_assert_int_eq(a.budget_score_x100, 0);
  ck_assert_int_eq(a.total_x100, 5000);
}
END_TEST

/* Yueyang 2024: 14,206 ratings, 14,200 satisfied = 99.96% against 95%; a rate target missed
 * earns in proportion; nothing to measure earns nothing and is not known. */
START_TEST(rates_and_nothing_to_measure) {
  budget_input b = {false, false, 0, 0, 0};
  indicator_input in[IND__COUNT];
  memcpy(in, none, sizeof in);
  in[IND_SATISFACTION] = rate(9500, 14200, 14206);
  in[IND_EXCELLENT_RATE] = rate(8000, 6, 10); /* 60% of 80% */
  in[IND_GOOD_RATE] = rate(9000, 0, 0);        /* nothing graded */
  in[IND_RECOVERED] = (indicator_input){true, 0, 0, 1}; /* a target of 0 is met */
  assessment a;
  assessment_score(&b, in, &a);
  ck_assert(!a.execution_known);
  ck_assert_int_eq(a.budget_score_x100, 0);
  ck_assert_int_eq(a.ind[IND_SATISFACTION].actual, 9996);
  ck_assert_int_eq(a.ind[IND_SATISFACTION].met, 1);
  ck_assert_int_eq(a.ind[IND_SATISFACTION].score_x100, 1000);
  ck_assert_int_eq(a.ind[IND_EXCELLENT_RATE].weight_x100, 2500);
  ck_assert_int_eq(a.ind[IND_EXCELLENT_RATE].met, 0);
  ck_assert_int_eq(a.ind[IND_EXCELLENT_RATE].actual, 6000);
  ck_assert_int_eq(a.ind[IND_EXCELLENT_RATE].score_x100, 1875); /* 25 x 0.75 */
  ck_assert_int_eq(a.ind[IND_GOOD_RATE].met, -1);
  ck_assert(!a.ind[IND_GOOD_RATE].measurable);
  ck_assert_int_eq(a.ind[IND_GOOD_RATE].score_x100, 0);
  ck_assert_int_eq(a.ind[IND_RECOVERED].met, 1);
  ck_assert_int_eq(a.ind[IND_RECOVERED].score_x100, 3000);
  ck_assert_int_eq(a.total_x100, 1000 + 1875 + 3000);
}
END_TEST

/* Over-execution earns 10 at most; the shares of a level add up to its points exactly;
 * large money does not overflow. */
START_TEST(bounds) {
  budget_input b = {true, true, 10000000000, 5000000000, 9000000000};
  indicator_input in[IND__COUNT];
  for (int i = 0; i < IND__COUNT; i++) in[i] = count(7, 3);
  in[IND_RECOVERED] = count(10000000000, 9999999999);
  assessment a;
  assessment_score(&b, in, &a);
  ck_assert_int_eq(a.execution_bp, 18000);
  ck_assert_int_eq(a.budget_score_x100, 1000);
  int64_t sum[AL__COUNT] = {0};
  for (int i = 0; i < IND__COUNT; i++) sum[assessment_indicators[i].level] += a.ind[i].weight_x100;
  ck_assert_int_eq(sum[AL_OUTPUT], 5000);
  ck_assert_int_eq(sum[AL_EFFECT], 3000);
  ck_assert_int_eq(sum[AL_SATISFACTION], 1000);
  ck_assert_int_eq(a.ind[IND_RECOVERED].met, 0);
  ck_assert_int_eq(a.ind[IND_RECOVERED].score_x100, a.ind[IND_RECOVERED].weight_x100);
  int64_t total = a.budget_score_x100;
  for (int i = 0; i < IND__COUNT; i++) total += a.ind[i].score_x100;
  ck_assert_int_eq(a.total_x100, total);
}
END_TEST

Suite *assessment_suite(void) {
  Suite *s = suite_create("assessment");
  TCase *t = tcase_create("assessment");
  tcase_add_test(t, levels_and_grades);
  tcase_add_test(t, yangquan_2024);
  tcase_add_test(t, over_target_earns_the_share);
  tcase_add_test(t, rates_and_nothing_to_measure);
  tcase_add_test(t, bounds);
  suite_add_tcase(s, t);
  return s;
}
