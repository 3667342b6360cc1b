/* Stationed duty lawyers counted per working day (domain/duty.c). */
#include <check.h>
#include <string.h>

#include "domain/duty.h"
#include "suites.h"

static day_t D(const char *s) {
  day_t d = 0;
  ck_assert_msg(date_parse(s, strlen(s), &d), "%s", s);
  return d;
}

static const holiday_calendar *cn = &cal_china_2024_2026;

START_TEST(stations) {
  /* By name, so that the set follows the stations' names, not their order. */
  static const struct {
    const char *name;
    bool stationed;
  } want[] = {{"court", true},         {"procuratorate", true},  {"detention_centre", true},
              {"service_hall", false}, {"hotline_12348", false}};
  ck_assert_int_eq(sizeof want / sizeof want[0], STATION__COUNT);
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    int st = enum_find(&ENUM_STATION, want[i].name, strlen(want[i].name));
    ck_assert_int_ge(st, 0);
    ck_assert_msg(((DUTY_STATIONED >> st) & 1u) == want[i].stationed, "%s", want[i].name);
  }
  ck_assert_uint_eq(DUTY_STATIONED >> STATION__COUNT, 0);
}
END_TEST

/* A band paid per lawyer and working day pays nothing on a Sunday or a holiday; a band paid
 * per day or per case pays any day. */
START_TEST(per_working_day_band) {
  ck_assert(duty_band_pays_day(UNIT_LAWYER_DAY, cn, D("2024-10-08")));  /* Tuesday */
  ck_assert(!duty_band_pays_day(UNIT_LAWYER_DAY, cn, D("2024-10-06"))); /* Sunday */
  ck_assert(!duty_band_pays_day(UNIT_LAWYER_DAY, cn, D("2024-10-01"))); /* National Day */
  ck_assert(duty_band_pays_day(UNIT_LAWYER_DAY, cn, D("2024-10-12")));  /* make-up Saturday */
  ck_assert(duty_band_pays_day(UNIT_DAY, cn, D("2024-10-06")));
  ck_assert(duty_band_pays_day(UNIT_CASE, cn, D("2024-10-01")));
}
END_TEST

/* 2024 has 251 working days in China: 262 weekdays, 19 of them holidays, 8 make-up
 * Saturdays and Sundays. */
START_TEST(working_days_of_2024) {
  day_t from, to;
  duty_year_period(2024, D("2026-12-02"), &from, &to);
  ck_assert_int_eq(from, D("2024-01-01"));
  ck_assert_int_eq(to, D("2024-12-31"));
  duty_summary s = duty_summarise(cn, from, to, NULL, 0, true, 300);
  ck_assert_int_eq(s.working_days, 251);
  ck_assert_int_eq(s.per_day_x100, 0);
  ck_assert_int_eq(s.coverage_bp, 0);
  /* The current year counts up to today; a year to come has no day. */
  duty_year_period(2026, D("2026-01-09"), &from, &to);
  ck_assert_int_eq(to, D("2026-01-09"));
  duty_year_period(2027, D("2026-01-09"), &from, &to);
  ck_assert(to < from);
  s = duty_summarise(cn, from, to, NULL, 0, false, 0);
  ck_assert_int_eq(s.working_days, 0);
}
END_TEST

/* Yangquan's target of 3 lawyers a day: the average is over working days, days without a
 * lawyer count as zero, days off are counted apart, and the coverage is the share of working
 * days that had 3. */
START_TEST(average_and_coverage) {
  /* One week: Mon 2024-03-04 .. Sun 03-10, five working days. */
  duty_day days[] = {
      {D("2024-03-04"), 3}, {D("2024-03-05"), 3}, {D("2024-03-06"), 2},
      {D("2024-03-07"), 1}, {D("2024-03-07"), 2}, /* the same day twice adds up: 3 */
      {D("2024-03-09"), 4},                        /* a Saturday */
      {D("2024-03-11"), 9},                        /* outside the period */
  };
  duty_summary s = duty_summarise(cn, D("2024-03-04"), D("2024-03-10"), days, 6 + 1, true, 300);
  ck_assert_int_eq(s.working_days, 5);
  ck_assert_int_eq(s.lawyer_days, 11);
  ck_assert_int_eq(s.days_with_duty, 4);
  ck_assert_int_eq(s.days_meeting_target, 3);
  ck_assert_int_eq(s.off_day_lawyer_days, 4);
  ck_assert_int_eq(s.per_day_x100, 220); /* 11 / 5 */
  ck_assert_int_eq(s.coverage_bp, 6000); /* 3 of 5 */
  /* Without a target: no day meets it. */
  s = duty_summarise(cn, D("2024-03-04"), D("2024-03-10"), days, 7, false, 0);
  ck_assert_int_eq(s.days_meeting_target, 0);
  ck_assert_int_eq(s.per_day_x100, 220);
  /* A make-up Sunday (2024-02-04) is a working day; the Spring Festival is not. */
  duty_day festival[] = {{D("2024-02-04"), 3}, {D("2024-02-12"), 3}};
  s = duty_summarise(cn, D("2024-02-04"), D("2024-02-04"), festival, 2, true, 300);
  ck_assert_int_eq(s.working_days, 1);
  ck_assert_int_eq(s.coverage_bp, 10000);
  s = duty_summarise(cn, D("2024-02-12"), D("2024-02-12"), festival, 2, true, 300);
  ck_assert_int_eq(s.working_days, 0);
  ck_assert_int_eq(s.off_day_lawyer_days, 3);
}
END_TEST

/* The defect of issue 13: one lawyer on three kinds of shift on one day is one lawyer, and
 * the shifts of a year spread over the days that had any were not an average per day. The
 * caller passes distinct stationed lawyers; two lawyers every working day of 2024 is 2.00. */
START_TEST(a_whole_year) {
  duty_day days[400];
  size_t n = 0;
  for (day_t d = D("2024-01-01"); d <= D("2024-12-31"); d++)
    if (cal_is_working_day(cn, d)) days[n++] = (duty_day){d, d % 2 ? 3 : 2};
  duty_summary s = duty_summarise(cn, D("2024-01-01"), D("2024-12-31"), days, n, true, 300);
  ck_assert_int_eq(n, 251);
  ck_assert_int_eq(s.days_with_duty, 251);
  int64_t threes = 0;
  for (size_t i = 0; i < n; i++) threes += days[i].lawyers == 3;
  ck_assert_int_eq(s.days_meeting_target, threes);
  ck_assert_int_eq(s.lawyer_days, 2 * 251 + threes);
  ck_assert_int_eq(s.coverage_bp, (threes * 10000 * 2 + 251) / (2 * 251));
}
END_TEST

Suite *duty_suite(void) {
  Suite *s = suite_create("duty");
  TCase *t = tcase_create("duty");
  tcase_add_test(t, stations);
  tcase_add_test(t, per_working_day_band);
  tcase_add_test(t, working_days_of_2024);
  tcase_add_test(t, average_and_coverage);
  tcase_add_test(t, a_whole_year);
  suite_add_tcase(s, t);
  return s;
}
