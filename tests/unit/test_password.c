/* The password rule (domain/password.c) and checked subsidy arithmetic (issue 10). */
#include <check.h>
#include <string.h>

#include "domain/password.h"
#include "domain/subsidy.h"
#include "suites.h"

START_TEST(length_username_and_simple) {
  ck_assert_int_eq(password_check("12345678", "u"), PW_TOO_SHORT);
  ck_assert_int_eq(password_check("password", "u"), PW_TOO_SHORT);
  ck_assert_int_eq(password_check("窗口受理晨光八八四一", "u"), PW_TOO_SHORT); /* 10 characters */
  ck_assert_int_eq(password_check("窗口受理-晨光-8841", "u"), PW_OK);
  ck_assert_int_eq(password_check("ZHANG.WEI.CLERK", "zhang.wei.clerk"), PW_IS_USERNAME);
  ck_assert_int_eq(password_check("aaaaaaaaaaaa", "u"), PW_TOO_SIMPLE);
  ck_assert_int_eq(password_check("abababababab", "u"), PW_TOO_SIMPLE);
  ck_assert_int_eq(password_check("123456789012", "u"), PW_TOO_SIMPLE);
  ck_assert_int_eq(password_check("zyxwvutsrqpo", "u"), PW_TOO_SIMPLE);
  ck_assert_int_eq(password_check("kite-ledger-5931", "u"), PW_OK);
  ck_assert_int_eq(password_check("bad\xff\xfe utf-8 here", "u"), PW_TOO_LONG);
}
END_TEST

static bool has_form(const char *pw, const char *want) {
  char forms[PASSWORD_FORMS][PASSWORD_MAX_BYTES + 1];
  int n = password_list_forms(pw, forms);
  for (int i = 0; i < n; i++)
    if (strcmp(forms[i], want) == 0) return true;
  return false;
}

START_TEST(list_forms) {
  ck_assert(has_form("Password-1234", "password"));
  ck_assert(has_form("P@ssw0rd1234", "password"));
  ck_assert(has_form("passwordpassword", "password"));
  ck_assert(has_form("!!iloveyou2024!", "iloveyou"));
  ck_assert(has_form("QWERTYUIOP123", "qwertyuiop123"));
  ck_assert(!has_form("kite-ledger-5931", "kite"));
}
END_TEST

START_TEST(subsidy_totals_never_wrap) {
  subsidy_cell cell = {ITEM_CIVIL, -1, SUBSIDY_MAX_FEN, SUBSIDY_MAX_FEN, UNIT_CASE, false};
  subsidy_addon add = {"a", -1, (int64_t)1 << 62, (int64_t)1 << 62};
  subsidy_table t = {1, "430981", 2026, 1, &cell, 1, &add, 1};
  const subsidy_table *tp = &t;
  subsidy_request rq = {ITEM_CIVIL, GRADE_EXCELLENT, -1, 10000, {{"a", 9}}, 1, NULL};
  subsidy_quote q;
  ck_assert_int_eq(subsidy_compute(&tp, 1, "430981", &rq, &q), SUBSIDY_TOO_LARGE);
  rq.quantity = 1;
  ck_assert_int_eq(subsidy_compute(&tp, 1, "430981", &rq, &q), SUBSIDY_TOO_LARGE); /* add-on cap 2^62 */
  add.amount_fen = add.cap_fen = 1;
  ck_assert_int_eq(subsidy_compute(&tp, 1, "430981", &rq, &q), SUBSIDY_TOO_LARGE); /* 10^10 + 1 */
  rq.naddons = 0;
  ck_assert_int_eq(subsidy_compute(&tp, 1, "430981", &rq, &q), SUBSIDY_OK);
  ck_assert_int_eq(q.total_fen, SUBSIDY_MAX_FEN);
}
END_TEST

Suite *password_suite(void) {
  Suite *s = suite_create("password");
  TCase *t = tcase_create("rule");
  tcase_add_test(t, length_username_and_simple);
  tcase_add_test(t, list_forms);
  tcase_add_test(t, subsidy_totals_never_wrap);
  suite_add_tcase(s, t);
  return s;
}
