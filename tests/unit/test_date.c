#include <check.h>
#include <string.h>

#include "domain/date.h"
#include "domain/timestamp.h"
#include "suites.h"

static day_t D(const char *s) {
  day_t d = 0;
  ck_assert_msg(date_parse(s, strlen(s), &d), "parse %s", s);
  return d;
}

START_TEST(round_trips) {
  static const char *dates[] = {"1900-01-01", "1970-01-01", "1999-12-31", "2000-02-29",
                                "2024-02-29", "2024-12-31", "2199-12-31"};
  for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
    char out[DATE_STR_LEN];
    date_format(D(dates[i]), out);
    ck_assert_str_eq(out, dates[i]);
  }
  ck_assert_int_eq(D("1970-01-01"), 0);
  ck_assert_int_eq(D("1970-01-02"), 1);
  ck_assert_int_eq(D("1969-12-31") + 1, 0);
  ck_assert_int_eq(D("2024-03-01") - D("2024-02-28"), 2);
  ck_assert_int_eq(D("2023-03-01") - D("2023-02-28"), 1);
}
END_TEST

START_TEST(rejects_bad_dates) {
  static const char *bad[] = {"2024-02-30", "2023-02-29", "1900-02-29", "2024-2-01",
                              "2024-02-01x", "",         "2024/02/01", "2024-13-01",
                              "2024-00-10", "2024-01-00", "1899-12-31", "abcd-ef-gh",
                              "2024-04-31"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    day_t d;
    ck_assert_msg(!date_parse(bad[i], strlen(bad[i]), &d), "accepted %s", bad[i]);
  }
  day_t d;
  ck_assert(date_parse("2000-02-29", 10, &d));
  ck_assert(!date_valid_ymd(1900, 2, 29));
  ck_assert(date_valid_ymd(2000, 2, 29));
  ck_assert(date_valid_ymd(2024, 2, 29));
}
END_TEST

START_TEST(weekdays) {
  ck_assert_int_eq(date_weekday(D("2024-01-01")), 1); /* Monday */
  ck_assert_int_eq(date_weekday(D("1970-01-01")), 4); /* Thursday */
  ck_assert_int_eq(date_weekday(D("2024-10-12")), 6); /* Saturday */
  ck_assert_int_eq(date_weekday(D("2025-01-26")), 7); /* Sunday */
  ck_assert_int_eq(date_weekday(D("1969-12-28")), 7);
}
END_TEST

START_TEST(ages) {
  day_t b = D("2006-06-01");
  ck_assert_int_eq(date_age_on(b, D("2024-05-31")), 17);
  ck_assert_int_eq(date_age_on(b, D("2024-06-01")), 18);
  ck_assert_int_eq(date_age_on(b, D("2024-06-02")), 18);
  /* 29 February: the birthday counts on 1 March in a common year. */
  day_t leap = D("2004-02-29");
  ck_assert_int_eq(date_age_on(leap, D("2022-02-28")), 17);
  ck_assert_int_eq(date_age_on(leap, D("2022-03-01")), 18);
  ck_assert_int_eq(date_age_on(leap, D("2024-02-28")), 19);
  ck_assert_int_eq(date_age_on(leap, D("2024-02-29")), 20);
  ck_assert_int_eq(date_age_on(b, b), 0);
  ck_assert_int_lt(date_age_on(b, b - 1), 0);
  ck_assert_int_eq(date_year(D("2024-12-31")), 2024);
}
END_TEST

START_TEST(timestamps) {
  int64_t t;
  ck_assert(ts_parse("1970-01-01T00:00:00Z", 20, &t));
  ck_assert_int_eq(t, 0);
  ck_assert(ts_parse("1970-01-01T08:00:00+08:00", 25, &t));
  ck_assert_int_eq(t, 0);
  ck_assert(ts_parse("2024-03-04T09:30:00.123+08:00", 29, &t));
  ck_assert_int_eq(ts_local_date(t), D("2024-03-04"));
  /* 23:30 UTC is the next day in Shanghai. */
  ck_assert(ts_parse("2024-03-04T23:30:00Z", 20, &t));
  ck_assert_int_eq(ts_local_date(t), D("2024-03-05"));
  ck_assert(ts_parse("2024-03-04", 10, &t));
  ck_assert_int_eq(ts_local_date(t), D("2024-03-04"));
  char out[26];
  ts_format_local(0, out);
  ck_assert_str_eq(out, "1970-01-01T08:00:00+08:00");
  static const char *bad[] = {"2024-03-04T25:00:00Z", "2024-03-04T09:30:00", "2024-03-04T09:30Z",
                              "2024-03-04T09:30:00+8:00", "2024-02-30T00:00:00Z", "yesterday",
                              "2024-03-04T09:30:00.Z", "2024-03-04T09:30:00Zjunk"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    ck_assert_msg(!ts_parse(bad[i], strlen(bad[i]), &t), "accepted %s", bad[i]);
}
END_TEST

Suite *date_suite(void) {
  Suite *s = suite_create("date");
  TCase *tc = tcase_create("date");
  tcase_add_test(tc, round_trips);
  tcase_add_test(tc, rejects_bad_dates);
  tcase_add_test(tc, weekdays);
  tcase_add_test(tc, ages);
  tcase_add_test(tc, timestamps);
  suite_add_tcase(s, tc);
  return s;
}
