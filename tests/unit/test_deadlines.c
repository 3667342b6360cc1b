/* Every deadline of a case from the facts that start its clocks (domain/deadlines.h). */
#include <check.h>
#include <string.h>

#include "domain/deadlines.h"
#include "suites.h"

static day_t D(const char *s) {
  day_t d = 0;
  ck_assert_msg(date_parse(s, strlen(s), &d), "%s", s);
  return d;
}

static const holiday_calendar *cn = &cal_china_2024_2026;

static case_clocks clocks(deadline_mode mode, const char *start) {
  case_clocks c;
  memset(&c, 0, sizeof c);
  c.mode = mode;
  c.clock_start = D(start);
  return c;
}

START_TEST(decision_due_with_and_without_the_papers) {
  case_clocks c = clocks(DEADLINE_WORKING_DAYS, "2025-03-03");
  c.open_decision = true;
  case_dues d;
  case_dues_count(&c, cn, &d);
  ck_assert(d.decision_set && !d.assignment_set && !d.provisional);
  ck_assert_int_eq(d.decision_due, D("2025-03-12"));
  /* Papers asked Fri 03-07: while awaited the due date stands as counted. */
  c.materials_asked = true;
  c.materials_asked_on = D("2025-03-07");
  case_dues_count(&c, cn, &d);
  ck_assert_int_eq(d.decision_due, D("2025-03-12"));
  /* Back Mon 03-10: the clock stood on 03-08..10. */
  c.materials_received = true;
  c.materials_received_on = D("2025-03-10");
  case_dues_count(&c, cn, &d);
  ck_assert_int_eq(d.decision_due, D("2025-03-13"));
}
END_TEST

START_TEST(notice_assigned_within_three_days_of_the_notice) {
  case_clocks c = clocks(DEADLINE_CALENDAR_DAYS, "2024-09-26");
  c.notice = true;
  c.open_decision = true;
  case_dues d;
  case_dues_count(&c, cn, &d);
  ck_assert_int_eq(d.decision_due, D("2024-09-29")); /* a make-up Sunday: a working day */
  ck_assert(d.assignment_set);
  ck_assert_int_eq(d.assignment_due, D("2024-09-29"));
  /* Approved two days later: still 3 days from the notice, not from the approval. */
  c.open_decision = false;
  c.open_assignment = true;
  c.decided = true;
  c.decided_on = D("2024-09-28");
  case_dues_count(&c, cn, &d);
  ck_assert(!d.decision_set);
  ck_assert_int_eq(d.assignment_due, D("2024-09-29"));
  /* An application: 3 days from the decision. */
  c.notice = false;
  case_dues_count(&c, cn, &d);
  ck_assert_int_eq(d.assignment_due, D("2024-10-08")); /* 10-01 falls in the National Day break */
}
END_TEST

START_TEST(papers_organ_and_objection) {
  case_clocks c = clocks(DEADLINE_WORKING_DAYS, "2025-06-02");
  c.decided = true;
  c.decided_on = D("2025-06-03");
  c.papers_owed = true;
  c.papers_from = D("2025-06-03");
  case_dues d;
  case_dues_count(&c, cn, &d);
  ck_assert(d.papers_set);
  ck_assert_int_eq(d.papers_due, D("2025-06-12"));
  c.papers_days = 2;
  case_dues_count(&c, cn, &d);
  ck_assert_int_eq(d.papers_due, D("2025-06-05"));
  c.papers_owed = false;
  c.organ_notice_owed = true;
  c.assigned_on = D("2025-09-30");
  case_dues_count(&c, cn, &d);
  ck_assert(!d.papers_set && d.organ_notice_set);
  ck_assert_int_eq(d.organ_notice_due, D("2025-10-11")); /* 10-01..08 off: 9, 10, 11 (a make-up Saturday) */
  c.organ_notice_owed = false;
  c.objection_pending = true;
  c.objection_filed_on = D("2026-12-29");
  case_dues_count(&c, cn, &d);
  ck_assert(d.objection_set && d.provisional); /* counted into 2027, not loaded */
  ck_assert_int_eq(d.objection_due, D("2027-01-05"));
}
END_TEST

/* A year's list (PUT /holidays): its days only, none twice, make-up days on weekends; and the
 * recount when it is loaded: a 2027 deadline is provisional until 2027 is known. */
START_TEST(a_year_loaded_and_counted_again) {
  cal_exception ok[] = {{D("2027-01-01"), CAL_DAY_HOLIDAY}, {D("2027-02-06"), CAL_DAY_WORKDAY}};
  size_t at;
  ck_assert_int_eq(cal_year_check(2027, ok, 2, &at), CAL_OK);
  ck_assert_int_eq(cal_year_check(1999, ok, 0, &at), CAL_BAD_YEAR);
  ck_assert_int_eq(cal_year_check(2026, ok, 2, &at), CAL_OTHER_YEAR);
  ck_assert_uint_eq(at, 0);
  cal_exception twice[] = {{D("2027-01-01"), CAL_DAY_HOLIDAY}, {D("2027-01-01"), CAL_DAY_HOLIDAY}};
  ck_assert_int_eq(cal_year_check(2027, twice, 2, &at), CAL_TWICE);
  ck_assert_uint_eq(at, 1);
  cal_exception wed[] = {{D("2027-01-06"), CAL_DAY_WORKDAY}};
  ck_assert_int_eq(cal_year_check(2027, wed, 1, &at), CAL_WORKDAY_ON_WEEKDAY);

  /* Received Thursday 2026-12-31 in working days: through 2027, weekends only. */
  case_deadlines d;
  memset(&d, 0, sizeof d);
  d.clocks = clocks(DEADLINE_WORKING_DAYS, "2026-12-31");
  d.clocks.open_decision = true;
  case_dues_count(&d.clocks, cn, &d.was);
  ck_assert(d.was.provisional);
  ck_assert_int_eq(d.was.decision_due, D("2027-01-11"));
  d.was_provisional = true;
  /* 2027 loaded with New Year's Day off: one day later, and no longer provisional. */
  static const cal_exception days[] = {{20819, CAL_DAY_HOLIDAY}}; /* 2027-01-01 */
  static const int years[] = {2026, 2027};
  holiday_calendar cal = {days, 1, years, 2};
  case_dues now;
  ck_assert(case_dues_recount(&d, &cal, &now));
  ck_assert(!now.provisional);
  ck_assert_int_eq(now.decision_due, D("2027-01-12"));
  /* Counted again with the same calendar: nothing changes. */
  d.was = now;
  d.was_provisional = false;
  ck_assert(!case_dues_recount(&d, &cal, &now));

  /* Papers owed after urgent aid on Tuesday 2026-12-29, 5 working days: 30, 31, 1, 4, 5 with
   * 2027 unknown (weekends only); once its New Year's Day is off, 30, 31, 4, 5, 6. */
  case_deadlines p;
  memset(&p, 0, sizeof p);
  p.clocks = clocks(DEADLINE_WORKING_DAYS, "2026-12-01");
  p.clocks.papers_owed = true;
  p.clocks.papers_from = D("2026-12-29");
  p.clocks.papers_days = 5;
  case_dues_count(&p.clocks, cn, &p.was);
  ck_assert(p.was.papers_set && p.was.provisional);
  ck_assert_int_eq(p.was.papers_due, D("2027-01-05"));
  p.was_provisional = true;
  ck_assert(case_dues_recount(&p, &cal, &now));
  ck_assert(now.papers_set && !now.provisional);
  ck_assert_int_eq(now.papers_due, D("2027-01-06"));
}
END_TEST

Suite *deadlines_suite(void) {
  Suite *s = suite_create("deadlines");
  TCase *tc = tcase_create("deadlines");
  tcase_add_test(tc, decision_due_with_and_without_the_papers);
  tcase_add_test(tc, notice_assigned_within_three_days_of_the_notice);
  tcase_add_test(tc, papers_organ_and_objection);
  tcase_add_test(tc, a_year_loaded_and_counted_again);
  suite_add_tcase(s, tc);
  return s;
}
