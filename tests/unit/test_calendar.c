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
#define D27_0101 20819 /* 2027-01-01 */

START_TEST(calendar_days) {
  eq_date(deadline_due(D("2024-03-04"), 7, DEADLINE_CALENDAR_DAYS, cn, 0), "2024-03-11");
  /* 2025-01-04 is a Saturday: the period ends on Monday. */
  eq_date(deadline_due(D("2024-12-28"), 7, DEADLINE_CALENDAR_DAYS, cn, 0), "2025-01-06");
  /* Holidays count as days; one on the last day moves it: 10-07 is the break's last day. */
  eq_date(deadline_due(D("2024-09-30"), 7, DEADLINE_CALENDAR_DAYS, cn, 0), "2024-10-08");
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
  eq_date(deadline_due(D("2024-03-04"), 7, DEADLINE_CALENDAR_DAYS, cn, 5), "2024-03-18");
  /* 03-09 (Sat) after the pause; then 11..15, 18, 19. */
  eq_date(deadline_due(D("2024-03-04"), 7, DEADLINE_WORKING_DAYS, cn, 5), "2024-03-19");
}
END_TEST


/* Issue 12, point 6: in working-day mode the days papers were awaited are skipped where they
 * fall, weekends and all; they are not added as calendar days first. Applied Mon 2025-03-03,
 * papers asked Fri 03-07 and back Mon 03-10: the clock stood still on 03-08..03-10 (the day
 * they arrive starts the count again, like the day of application), one working day. */
START_TEST(working_days_pause_where_it_falls) {
  deadline_pause p = {D("2025-03-07"), D("2025-03-10")};
  deadline_result r = deadline_count(D("2025-03-03"), 7, DEADLINE_WORKING_DAYS, cn, &p, 1);
  eq_date(r.due, "2025-03-13");
  ck_assert(!r.provisional);
  /* The same pause in calendar days: three days, as before. */
  r = deadline_count(D("2025-03-03"), 7, DEADLINE_CALENDAR_DAYS, cn, &p, 1);
  eq_date(r.due, "2025-03-13");
  /* A pause over a weekend only (Fri to Sun) costs no working day. */
  p.to = D("2025-03-09");
  eq_date(deadline_count(D("2025-03-03"), 7, DEADLINE_WORKING_DAYS, cn, &p, 1).due, "2025-03-12");
  /* A pause across the Qingming break (04-04..06 off): asked Thu 04-03, back Mon 04-07; the
   * holidays were no working days anyway, only 04-07 is lost: 04-11 becomes 04-14. */
  p.from = D("2025-04-03");
  p.to = D("2025-04-07");
  eq_date(deadline_count(D("2025-04-01"), 7, DEADLINE_WORKING_DAYS, cn, NULL, 0).due, "2025-04-11");
  eq_date(deadline_count(D("2025-04-01"), 7, DEADLINE_WORKING_DAYS, cn, &p, 1).due, "2025-04-14");
  /* Two pauses. */
  deadline_pause two[2] = {{D("2025-03-04"), D("2025-03-05")}, {D("2025-03-07"), D("2025-03-10")}};
  eq_date(deadline_count(D("2025-03-03"), 7, DEADLINE_WORKING_DAYS, cn, two, 2).due, "2025-03-14");
}
END_TEST

/* Issue 12, point 6: a deadline in calendar days that ends on a holiday or a weekend moves to
 * the next working day (the procedure laws' rule): received 2024-09-27, 7 days end on 10-04,
 * inside the National Day break (10-01..07): due 10-08. */
START_TEST(calendar_days_end_on_a_working_day) {
  deadline_result r = deadline_count(D("2024-09-27"), 7, DEADLINE_CALENDAR_DAYS, cn, NULL, 0);
  eq_date(r.due, "2024-10-08");
  ck_assert(!r.provisional);
  eq_date(deadline_due(D("2024-09-27"), 7, DEADLINE_CALENDAR_DAYS, cn, 0), "2024-10-08");
  /* A Saturday moves to Monday; a make-up Saturday (2024-10-12) stays. */
  eq_date(deadline_due(D("2024-03-02"), 7, DEADLINE_CALENDAR_DAYS, cn, 0), "2024-03-11");
  eq_date(deadline_due(D("2024-10-05"), 7, DEADLINE_CALENDAR_DAYS, cn, 0), "2024-10-12");
  /* 3 days from a notice on Thu 2025-01-23 end on Sun 01-26, a make-up working day. */
  eq_date(deadline_due(D("2025-01-23"), 3, DEADLINE_CALENDAR_DAYS, cn, 0), "2025-01-26");
}
END_TEST

/* Issue 12, point 7: the built-in list ends with 2026. Counted into 2027 the deadline is
 * weekends-only and says it is provisional; a loaded 2027 makes it firm. */
START_TEST(deadline_in_a_year_not_loaded_is_provisional) {
  ck_assert(cal_year_loaded(cn, 2026));
  ck_assert(!cal_year_loaded(cn, 2027));
  ck_assert(!cal_year_loaded(cn, 2023));
  deadline_result r = deadline_count(D("2026-12-28"), 7, DEADLINE_WORKING_DAYS, cn, NULL, 0);
  eq_date(r.due, "2027-01-06"); /* 29, 30, 31, 1 (a Friday, not known as a holiday), 4, 5, 6 */
  ck_assert(r.provisional);
  r = deadline_count(D("2026-12-28"), 7, DEADLINE_CALENDAR_DAYS, cn, NULL, 0);
  eq_date(r.due, "2027-01-04");
  ck_assert(r.provisional);
  /* Counted within 2026 only: firm. */
  r = deadline_count(D("2026-12-01"), 7, DEADLINE_WORKING_DAYS, cn, NULL, 0);
  ck_assert(!r.provisional);
  /* 2027 loaded (1 January a holiday): firm, and the holiday is skipped. */
  static const cal_exception d27[] = {{D27_0101, CAL_DAY_HOLIDAY}};
  static const int y27[] = {2027};
  holiday_calendar c27 = {d27, 1, y27, 1};
  r = deadline_count(D("2026-12-31"), 2, DEADLINE_WORKING_DAYS, &c27, NULL, 0);
  eq_date(r.due, "2027-01-05");
  ck_assert(!r.provisional);
  /* No calendar at all (weekends only by choice) is never provisional. */
  ck_assert(!deadline_count(D("2026-12-28"), 7, DEADLINE_WORKING_DAYS, NULL, NULL, 0).provisional);
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
  tcase_add_test(tc, working_days_pause_where_it_falls);
  tcase_add_test(tc, calendar_days_end_on_a_working_day);
  tcase_add_test(tc, deadline_in_a_year_not_loaded_is_provisional);
  tcase_add_test(tc, is_working_day);
  tcase_add_test(tc, table_sorted_and_matches_sql);
  suite_add_tcase(s, tc);
  return s;
}
