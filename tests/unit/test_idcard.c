#include <check.h>
#include <stdio.h>
#include <string.h>

#include "domain/idcard.h"
#include "suites.h"

static day_t today(void) {
  day_t d;
  date_parse("2024-06-01", 10, &d);
  return d;
}

/* Builds a valid number from 17 digits. */
static void complete(const char *d17, char out[19]) {
  memcpy(out, d17, 17);
  out[17] = idcard_check_char(d17);
  out[18] = '\0';
}

START_TEST(known_good) {
  /* GB 11643-1999's own example. */
  idcard_info info;
  ck_assert_int_eq(idcard_parse("11010519491231002X", 18, today(), &info), IDCARD_OK);
  ck_assert_str_eq(info.region, "110105");
  ck_assert_int_eq(info.sex, 'F');
  char s[DATE_STR_LEN];
  date_format(info.birth, s);
  ck_assert_str_eq(s, "1949-12-31");
  ck_assert_int_eq(idcard_parse("11010519491231002x", 18, today(), NULL), IDCARD_OK);
  ck_assert_int_eq(idcard_check_char("11010519491231002"), 'X');
  static const char *d17[] = {"43098119880808001", "21110419900101001", "14030020061001002",
                              "43060219640601003", "81000019991231009", "65010120000229004"};
  for (size_t i = 0; i < sizeof d17 / sizeof d17[0]; i++) {
    char id[19];
    complete(d17[i], id);
    ck_assert_msg(idcard_parse(id, 18, today(), &info) == IDCARD_OK, "%s", id);
    ck_assert_int_eq(info.sex, ((d17[i][16] - '0') % 2) ? 'M' : 'F');
  }
}
END_TEST

START_TEST(every_kind_of_bad) {
  char good[19];
  complete("43098119880808001", good);
  ck_assert_int_eq(idcard_parse(good, 17, today(), NULL), IDCARD_BAD_LENGTH);
  ck_assert_int_eq(idcard_parse("4309811988080800111", 19, today(), NULL), IDCARD_BAD_LENGTH);
  ck_assert_int_eq(idcard_parse("", 0, today(), NULL), IDCARD_BAD_LENGTH);
  char bad[19];
  memcpy(bad, good, 19);
  bad[5] = 'A';
  ck_assert_int_eq(idcard_parse(bad, 18, today(), NULL), IDCARD_BAD_CHARS);
  memcpy(bad, good, 19);
  bad[17] = 'Y';
  ck_assert_int_eq(idcard_parse(bad, 18, today(), NULL), IDCARD_BAD_CHARS);
  static const char *prov[] = {"99", "00", "19", "10", "16", "72", "80", "83"};
  for (size_t i = 0; i < sizeof prov / sizeof prov[0]; i++) {
    char d17[18];
    snprintf(d17, sizeof d17, "%s0981198808080011", prov[i]);
    char id[19];
    complete(d17, id);
    ck_assert_msg(idcard_parse(id, 18, today(), NULL) == IDCARD_BAD_REGION, "%s", id);
  }
  static const char *dates[] = {"430981202302290011", "430981188912310011", "430981202406020011",
                                "430981199013010011", "430981199004310011"};
  for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
    char id[19];
    complete(dates[i], id);
    ck_assert_msg(idcard_parse(id, 18, today(), NULL) == IDCARD_BAD_DATE, "%s", id);
  }
  /* Change any one of the 17 digits: the check character no longer matches. */
  for (int pos = 0; pos < 17; pos++) {
    if (pos < 2 || (pos >= 6 && pos < 14)) continue; /* keep region and date valid */
    memcpy(bad, good, 19);
    bad[pos] = bad[pos] == '9' ? '0' : (char)(bad[pos] + 1);
    ck_assert_msg(idcard_parse(bad, 18, today(), NULL) == IDCARD_BAD_CHECK, "pos %d", pos);
  }
  /* Every wrong check character. */
  const char all[] = "0123456789X";
  for (int i = 0; all[i]; i++) {
    if (all[i] == good[17]) continue;
    memcpy(bad, good, 19);
    bad[17] = all[i];
    ck_assert_int_eq(idcard_parse(bad, 18, today(), NULL), IDCARD_BAD_CHECK);
  }
  ck_assert_str_eq(idcard_status_reason(IDCARD_BAD_CHECK), "check character mismatch");
}
END_TEST

/* The masks themselves are PostgreSQL's (mask_id_number, mask_phone): api_cases and
 * api_hotline check what lists show. */
START_TEST(phones) {
  static const char *good[] = {"13812345678", "19912345678", "0731-8888888", "073188888888",
                               "010-12345678", "0731-88888888"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    ck_assert_msg(phone_valid(good[i], strlen(good[i])), "%s", good[i]);
  static const char *bad[] = {"23812345678", "1381234567", "12812345678", "1381234567x",
                              "12345",       "",           "0731-0888888", "731-8888888",
                              "0731--8888888", "+8613812345678"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    ck_assert_msg(!phone_valid(bad[i], strlen(bad[i])), "%s", bad[i]);
}
END_TEST

Suite *idcard_suite(void) {
  Suite *s = suite_create("idcard");
  TCase *tc = tcase_create("idcard");
  tcase_add_test(tc, known_good);
  tcase_add_test(tc, every_kind_of_bad);
  tcase_add_test(tc, phones);
  suite_add_tcase(s, tc);
  return s;
}
