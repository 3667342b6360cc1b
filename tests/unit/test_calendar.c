#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "suites.h"

#ifndef HOLIDAYS_SQL
#error "HOLIDAYS_SQL must name db/reference/20_holidays.sql"
#endif

static day_t D(const char *s) {
  day_t d = 0;
  ck_assert_msg(date_parse(s, strlen(s), &d), "%s", s);
  return d;
}

static void eq_date(day_t d, const char *want) {
  char s[DATE_STR_LEN];
  date_format(d, s);
  ck_assert_str_eq(s, want);
}

static const holiday_calendar *cn = &cal_china_2024_2026;

START_TEST(calendar_days) {
  eq_date(deadline_due(D("2024-03-04"), 7, DEADLINE_CALENDAR_DAYS, cn, 0), "2024-03-11");
  eq_date(deadline_due(D("2024-12-28"), 7, DEADLINE_CALENDAR_DAYS, cn, 0), "2025-01-04");
  /* Calendar days ignore holidays. */
  eq_date(deadline_due(D("2024-09-30"), 7, DEADLINE_CALENDAR_DAYS, cn, 0), "2024-10-07");
  eq_date(deadline_due(D("2024-03-04"), 0, DEADLINE_CALENDAR_DAYS, cn, 0), "2024-03-04");
}
END_TEST

START_TEST(working_days_plain_weekend) {
  /* Friday + 1 working day = Monday. */
  eq_date(deadline_due(D("2024-03-08"), 1, DEADLINE_WORKING_DAYS, NULL, 0), "2024-03-11");
  /* Monday + 7 working days = the next Wednesday. */
  eq_date(deadline_due(D("2024-03-04"), 7, DEADLINE_WORKING_DAYS, cn, 0), "2024-03-13");
  eq_date(deadline_due(D("2024-03-04"), 0, DEADLINE_WORKING_DAYS, cn, 0), "2024-03-04");
}
END_TEST

START_TEST(working_days_national_day_2024) {
  /* 2024-09-30 (Mon); 10-01..07 off; 10-12 (Sat) a make-up working day. Working days after
   * 09-30: 10-08, 09, 10, 11, 12(Sat), 14, 15. */
  eq_date(deadline_due(D("2024-09-30"), 7, DEADLINE_WORKING_DAYS, cn, 0), "2024-10-15");
  /* 09-27 (Fri) + 1 working day: 09-29 is a make-up Sunday. */
  eq_date(deadline_due(D("2024-09-27"), 1, DEADLINE_WORKING_DAYS, cn, 0), "2024-09-29");
  eq_date(deadline_due(D("2024-09-27"), 3, DEADLINE_WORKING_DAYS, cn, 0), "2024-10-08");
}
END_TEST

START_TEST(working_days_spring_festival_2025) {
  /* 2025-01-24 (Fri): 01-26 (Sun) make-up, 01-27 (Mon), then 01-28..02-04 off; 02-05. */
  eq_date(deadline_due(D("2025-01-24"), 1, DEADLINE_WORKING_DAYS, cn, 0), "2025-01-26");
  eq_date(deadline_due(D("2025-01-24"), 2, DEADLINE_WORKING_DAYS, cn, 0), "2025-01-27");
  eq_date(deadline_due(D("2025-01-24"), 3, DEADLINE_WORKING_DAYS, cn, 0), "2025-02-05");
  /* 3 working days from a notice on 2025-01-27. */
  eq_date(deadline_due(D("2025-01-27"), 3, DEADLINE_WORKING_DAYS, cn, 0), "2025-02-07");
  /* Without the calendar, weekends only. */
  eq_date(deadline_due(D("2025-01-27"), 3, DEADLINE_WORKING_DAYS, NULL, 0), "2025-01-30");
}
END_TEST

START_TEST(paused_days) {
  eq_date(deadline_due(D("2024-03-04"), 7, DEADLINE_CALENDAR_DAYS, cn, 5), "2024-03-16");
  /* 03-09 (Sat) after the pause; then 11..15, 18, 19. */
  eq_date(deadline_due(D("2024-03-04"), 7, DEADLINE_WORKING_DAYS, cn, 5), "2024-03-19");
}
END_TEST

START_TEST(is_working_day) {
  ck_assert(!cal_is_working_day(cn, D("2024-10-02"))); /* holiday on a Wednesday */
  ck_assert(cal_is_working_day(cn, D("2024-10-12")));  /* make-up Saturday */
  ck_assert(!cal_is_working_day(cn, D("2024-10-19"))); /* plain Saturday */
  ck_assert(cal_is_working_day(cn, D("2024-10-18")));  /* plain Friday */
  ck_assert(!cal_is_working_day(cn, D("2026-02-20")));
  ck_assert(cal_is_working_day(cn, D("2026-02-28")));
  ck_assert(cal_is_working_day(NULL, D("2024-10-02")));
}
END_TEST

START_TEST(table_sorted_and_matches_sql) {
  ck_assert_uint_gt(cn->n, 90);
  for (size_t i = 1; i < cn->n; i++) ck_assert_int_lt(cn->days[i - 1].day, cn->days[i].day);
  for (size_t i = 0; i < cn->n; i++) {
    if (cn->days[i].kind == CAL_DAY_WORKDAY) ck_assert_int_ge(date_weekday(cn->days[i].day), 6);
  }
  FILE *f = fopen(HOLIDAYS_SQL, "r");
  ck_assert_ptr_nonnull(f);
  char line[256];
  size_t k = 0;
  int in_copy = 0;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "COPY ", 5) == 0) {
      in_copy = 1;
      continue;
    }
    if (!in_copy) continue;
    if (strncmp(line, "\\.", 2) == 0) break;
    ck_assert_uint_lt(k, cn->n);
    char date[11] = {0};
    memcpy(date, line, 10);
    ck_assert_int_eq(D(date), cn->days[k].day);
    const char *kind = line + 11;
    ck_assert_int_eq(strncmp(kind, "holiday", 7) == 0 ? CAL_DAY_HOLIDAY : CAL_DAY_WORKDAY,
                     cn->days[k].kind);
    k++;
  }
  fclose(f);
  ck_assert_uint_eq(k, cn->n);
}
END_TEST

Suite *calendar_suite(void) {
  Suite *s = suite_create("calendar");
  TCase *tc = tcase_create("calendar");
  tcase_add_test(tc, calendar_days);
  tcase_add_test(tc, working_days_plain_weekend);
  tcase_add_test(tc, working_days_national_day_2024);
  tcase_add_test(tc, working_days_spring_festival_2025);
  tcase_add_test(tc, paused_days);
  tcase_add_test(tc, is_working_day);
  tcase_add_test(tc, table_sorted_and_matches_sql);
  suite_add_tcase(s, tc);
  return s;
}
